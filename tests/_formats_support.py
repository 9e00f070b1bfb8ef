"""Helpers of the format tests: paths, Argdown's real parser, and comparing argument views."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "formats"
SHARED_FIXTURES = ROOT.parent / "shared" / "fixtures"
SMALL_DEBATE = FIXTURES / "small-debate.ttl"
ARGDOWN = ROOT / "node_modules" / ".bin" / "argdown"


def argdown_json(files: list[Path], workdir: Path) -> dict[str, dict]:
    """Run Argdown's own parser (``@argdown/cli json``) on *files*; ``{stem: its JSON}``.

    One run for all files (Node starts once).  A file the parser rejects has no JSON and its
    errors are in the output, which the assertion shows.
    """
    assert ARGDOWN.exists(), "run `npm ci` (scripts/install-test-deps.sh) to install @argdown/cli"
    inputs = workdir / "argdown-in"
    outputs = workdir / "argdown-out"
    inputs.mkdir(parents=True, exist_ok=True)
    for file in files:
        shutil.copyfile(file, inputs / file.name)
    result = subprocess.run([str(ARGDOWN), "json", str(inputs / "*.argdown"), str(outputs)],
                            capture_output=True, text=True, timeout=300, cwd=ROOT)
    parsed = {}
    for file in files:
        out = outputs / (file.stem + ".json")
        assert out.exists(), f"Argdown's parser rejected {file.name}:\n{result.stdout}\n{result.stderr}"
        parsed[file.stem] = json.loads(out.read_text(encoding="utf-8"))
    assert "syntax error" not in (result.stdout + result.stderr).lower(), result.stdout
    return parsed


def claim_texts(view) -> set[str]:
    return {" ".join(c.text.split()) for c in view.claims.values()}


def support_shapes(view) -> set[tuple]:
    """Supports as (premise texts, conclusion text): comparable across IRIs."""
    return {(frozenset(view.claims[p].text for p in s.premises), view.claims[s.conclusion].text)
            for s in view.supports.values()}


def attack_shapes(view, with_kind: bool = True) -> set[tuple]:
    out = set()
    for a in view.attacks.values():
        if a.target in view.supports:
            s = view.supports[a.target]
            target = ("support", frozenset(view.claims[p].text for p in s.premises),
                      view.claims[s.conclusion].text)
        else:
            target = view.claims[a.target].text
        kind = a.kind if with_kind else ("undercut" if a.kind == "undercut" else "attack")
        out.add((view.claims[a.attacker].text, target, kind))
    return out


def speakers(view) -> set[tuple[str, str]]:
    """(claim text, speaker name) for every assertion."""
    return {(c.text, view.actors[a.actor].name) for c in view.claims.values()
            for a in c.assertions if a.actor in view.actors}


def invoke(*args) -> subprocess.CompletedProcess:
    """Run an ``argmap`` command in this process (click's runner): the same command code, exit
    status and output as :func:`conftest.run_argmap`, without starting Python each time, for the
    long tables of bad inputs.  A few tests of each kind still run the real command."""
    from click.testing import CliRunner

    import cli

    result = CliRunner().invoke(cli.main, [str(a) for a in args], catch_exceptions=False)
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)
