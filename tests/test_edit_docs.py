"""docs/advocates.md shows real commands with their real output: this test replays them.

Every ```console block of the page is run, in order, as one shell session in a scratch folder
(a copy of the shipped debate in a fresh git repository), and each command's output must be
what the page shows.  ``~/argmap`` in the page stands for the argmap checkout.

To rewrite the outputs after a deliberate change: ``ARGMAP_REGENERATE_DOCS=1 pytest
tests/test_edit_docs.py`` (then read the diff of the page before committing it).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

DOC = ROOT / "docs" / "advocates.md"
BLOCK = re.compile(r"```console\n(.*?)```", re.S)
MARK = "@@argmap-doc-step-{}@@"


def _block_steps(block: str) -> list[tuple[str, str]]:
    """(command, expected output) pairs of one console block."""
    steps, command, output = [], None, []
    for line in block.splitlines():
        if line.startswith("$ "):
            if command is not None:
                steps.append((command, "\n".join(output)))
            command, output = line[2:], []
        elif command is not None and command.endswith("\\") and not output:
            command = command + "\n" + line  # bash reads the continuation too
        else:
            output.append(line)
    if command is not None:
        steps.append((command, "\n".join(output)))
    return steps


def _steps(text: str) -> list[tuple[str, str]]:
    """(command, expected output) pairs of every console block, in order."""
    return [step for block in BLOCK.findall(text) for step in _block_steps(block)]


def _regenerate(text: str, outputs: list[str]) -> str:
    """The page with each command's output replaced by *outputs*, block by block, in order."""
    remaining = iter(outputs)

    def rewrite(match: re.Match) -> str:
        lines = []
        for command, _ in _block_steps(match.group(1)):
            lines.append(f"$ {command}")
            output = next(remaining)
            if output:
                lines.append(output)
        return "```console\n" + "\n".join(lines) + "\n```"

    return BLOCK.sub(rewrite, text)


def _run(steps: list[tuple[str, str]], folder: Path) -> list[str]:
    script = ["set +e"]
    for number, (command, _) in enumerate(steps):
        script.append(f"echo '{MARK.format(number)}'")
        script.append(f"{command.replace('~/argmap', str(ROOT))} 2>&1")
    env = {key: value for key, value in os.environ.items() if not key.startswith("ARGMAP_")}
    env.update({"PATH": f"{Path(sys.executable).parent}:{env.get('PATH', '')}",
                "COLUMNS": "100", "HOME": str(folder), "GIT_AUTHOR_NAME": "An Advocate",
                "GIT_AUTHOR_EMAIL": "advocate@example.org", "GIT_COMMITTER_NAME": "An Advocate",
                "GIT_COMMITTER_EMAIL": "advocate@example.org", "GIT_CONFIG_NOSYSTEM": "1"})
    result = subprocess.run(["bash", "-c", "\n".join(script)], cwd=folder, env=env,
                            capture_output=True, text=True, timeout=600)
    pieces = re.split(r"@@argmap-doc-step-\d+@@\n", result.stdout)[1:]
    assert len(pieces) == len(steps), result.stdout + result.stderr
    return [piece.rstrip("\n") for piece in pieces]


def test_every_command_in_the_advocates_guide_prints_what_the_guide_shows(tmp_path):
    text = DOC.read_text(encoding="utf-8")
    steps = _steps(text)
    assert len(steps) >= 10
    outputs = _run(steps, tmp_path)
    if os.environ.get("ARGMAP_REGENERATE_DOCS"):
        DOC.write_text(_regenerate(text, outputs), encoding="utf-8")
        return
    for (command, expected), actual in zip(steps, outputs):
        assert actual == expected.rstrip("\n"), f"$ {command}"
