"""Shared fixtures: the shipped data, and running the real ``argmap`` command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_DATA = ROOT / "data" / "claims.ttl"
SHARED = ROOT.parent / "shared"
ARGMAP = Path(sys.executable).with_name("argmap")

#: ``python -c IMPORT_PROBE ARGUMENTS`` runs ``argmap ARGUMENTS`` in a fresh interpreter, which
#: then says on its last line of stderr which heavy libraries the command imported
#: (``imported: none of them`` for a command answered without rdflib).
IMPORT_PROBE = """
import sys, cli
try:
    cli.main(sys.argv[1:])
except SystemExit as exit:
    assert not exit.code, exit.code
heavy = {"rdflib", "networkx", "pyshacl", "yaml"} & {name.split(".")[0] for name in sys.modules}
print("imported:", " ".join(sorted(heavy)) or "none of them", file=sys.stderr)
"""


def private_copy(source: Path, folder: Path) -> Path:
    """A copy of the data file *source* as ``folder/work/map.ttl``, in a folder of its own: its
    parse cache (``.argmap-cache/``) goes beside it, shared with no other test."""
    target = folder / "work" / "map.ttl"
    target.parent.mkdir()
    shutil.copyfile(source, target)
    return target


def run_argmap(*args: str, input: str | None = None, cwd: str | Path | None = None,
               env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the installed ``argmap`` command as a user would; returns the completed process."""
    full_env = {**os.environ, "COLUMNS": "200", **(env or {})}
    full_env.pop("ARGMAP_DATA", None) if env is None or "ARGMAP_DATA" not in env else None
    return subprocess.run([str(ARGMAP), *map(str, args)], input=input, capture_output=True,
                          text=True, cwd=cwd or ROOT, env=full_env, timeout=timeout)


def assert_clean_error(result: subprocess.CompletedProcess, *fragments: str, code: int = 2) -> None:
    """A user-facing error: the expected exit status, one line on stderr, no traceback."""
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


@pytest.fixture(scope="session")
def shipped_data() -> Path:
    return SHIPPED_DATA


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the shipped debate, safe to edit."""
    target = tmp_path / "claims.ttl"
    shutil.copyfile(SHIPPED_DATA, target)
    return target


@pytest.fixture(scope="session")
def shipped_graph():
    from graph.store import load_graph

    return load_graph(SHIPPED_DATA)
