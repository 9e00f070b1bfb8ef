"""A listing asked again on an unchanged big file is answered from its kept answer, without rdflib.

``commands.kept`` keeps, in the file's parse-cache entry, the name of a listing's kept answer
under the question as typed (command and options), so that the same question asked again
never imports rdflib.  A user must see no difference but the time: the same bytes on stdout and
stderr in every output format, the same one-line errors and exit status; and never the answer
to another question (other options, another row cap, another file content).

The map is small enough for CI, so its listings take far less than the 0.2 s that makes an
answer worth keeping: ``ARGMAP_KEEP_SECONDS=0`` (a documented setting) keeps every answer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from commands.kept import LEAN_LINE
from conftest import IMPORT_PROBE, ROOT, assert_clean_error, run_argmap
from graph import cache
from graph.store import LARGE_FILE_BYTES

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import write_map  # noqa: E402

DEBUG_LEAN = f"argmap: {LEAN_LINE}"
#: The lines ARGMAP_DEBUG=1 adds (cache lookups, what a new entry kept, the lean way).
DEBUG_LINES = ("argmap: cache ", "argmap: arguments reading", DEBUG_LEAN)

#: Listings whose answer is kept: the analyst's commands and named queries, with and without
#: options.
LISTINGS = {
    "actors": ["actors"],
    "sources-kind": ["sources", "--kind", "report"],
    "one-sided": ["query", "one-sided", "--param", "proposal=claim:c-000000"],
    "reviews": ["query", "reviews"],
    "claims-actor": ["claims", "--actor", "person-00001"],
    "timeline": ["timeline", "--since", "2020"],
}
FORMATS = ["--table", "--json", "--nl", "--csv", "--tsv"]


@pytest.fixture(scope="module")
def big_map(tmp_path_factory) -> Path:
    """A generated map over the size from which files are cached; no entry yet."""
    path = tmp_path_factory.mktemp("kept-lean") / "map.ttl"
    with open(path, "w", encoding="utf-8") as handle:
        write_map(handle, 1300, seed=5)
    assert path.stat().st_size >= LARGE_FILE_BYTES
    return path


@pytest.fixture()
def data(big_map, tmp_path) -> Path:
    """A private copy of :func:`big_map` (its cache entry is built by the first command)."""
    target = tmp_path / "map.ttl"
    shutil.copyfile(big_map, target)
    return target


def _environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    environment = {**os.environ, "ARGMAP_DEBUG": "1", "ARGMAP_KEEP_SECONDS": "0",
                   "XDG_CACHE_HOME": str(tmp_path / "xdg"), "COLUMNS": "200", **extra}
    for name in ("ARGMAP_LEAN", "ARGMAP_CACHE", "ARGMAP_DATA", "ARGMAP_ENGINE"):
        if name not in extra:
            environment.pop(name, None)
    return environment


def _ask(data: Path, arguments: list[str], environment: dict[str, str]):
    """``argmap --data DATA ARGUMENTS`` in this process: (exit code, stdout, stderr without
    the debug lines, whether the kept answer was served the lean way)."""
    result = CliRunner(env=environment).invoke(main, ["--data", str(data), *arguments],
                                               catch_exceptions=False)
    lines = result.stderr.splitlines(keepends=True)
    shown = "".join(line for line in lines if not line.startswith(DEBUG_LINES))
    return result.exit_code, result.stdout, shown, any(l.startswith(DEBUG_LEAN) for l in lines)


def _fresh(data: Path, arguments: list[str], tmp_path: Path):
    """What the command prints with no parse cache at all (nothing kept, nothing served)."""
    return _ask(data, arguments, _environment(tmp_path, ARGMAP_CACHE="0"))[:3]


@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_a_repeated_listing_prints_the_same_in_every_format(data, tmp_path, name):
    environment = _environment(tmp_path)
    for number, fmt in enumerate(FORMATS):
        arguments = [*LISTINGS[name], fmt]
        first = _ask(data, arguments, environment)
        # The format is not part of the question: only the very first ask goes the full way.
        assert first[3] == (number > 0), (arguments, first[2])
        again = _ask(data, arguments, environment)
        full = _ask(data, arguments, {**environment, "ARGMAP_LEAN": "0"})
        assert again[3] and not full[3], (arguments, again[2])
        assert first[:3] == again[:3] == full[:3] == _fresh(data, arguments, tmp_path), arguments
        assert first[0] == 0 and first[1].strip(), arguments


def test_the_row_cap_note_is_printed_again(data, tmp_path):
    environment = _environment(tmp_path)
    arguments = ["query", "actors", "--limit", "4", "--full-iris", "--csv"]
    first = _ask(data, arguments, environment)
    again = _ask(data, arguments, environment)
    assert again[3] and first[:3] == again[:3] == _fresh(data, arguments, tmp_path)
    assert "showing the first 4 rows (row cap)" in again[2]
    assert "https://w3id.org/argmap/bms/actor/" in again[1]


def test_another_question_never_gets_this_answer(data, tmp_path):
    """Each question is asked after the others were kept: every answer is its own."""
    environment = _environment(tmp_path)
    questions = [
        ["actors", "--json"], ["actors", "--kind", "person", "--json"],
        ["actors", "--limit", "3", "--json"], ["query", "actors", "--json"],
        ["query", "actors", "--full-iris", "--json"], ["query", "actors", "--limit", "3", "--json"],
        ["query", "one-sided", "--param", "proposal=claim:c-000000", "--json"],
        ["query", "one-sided", "--param", "proposal=claim:c-000001", "--json"],
        ["query", "one-sided", "--param", "proposal=c-000001", "--json"],
        ["sources", "--kind", "report", "--json"], ["sources", "--kind", "ruling", "--json"],
        ["claims", "--actor", "person-00001", "--json"],
        ["claims", "--actor", "person-00002", "--json"],
    ]
    outputs = set()
    for _ in range(2):
        for arguments in questions:
            answer = _ask(data, arguments, environment)
            assert answer[:3] == _fresh(data, arguments, tmp_path), arguments
            outputs.add(answer[1])
    # The same rows three times over: `actors` and `query actors`, with and without --limit 3;
    # proposal c-000001 written with and without its prefix.  Every other answer differs.
    assert len(outputs) == len(questions) - 3


def test_an_edited_file_never_gets_the_old_answer(data, tmp_path):
    environment = _environment(tmp_path)
    arguments = ["actors", "--kind", "person", "--csv"]
    _ask(data, arguments, environment)
    assert _ask(data, arguments, environment)[3]
    with open(data, "a", encoding="utf-8") as handle:
        handle.write('\nactor:added-later a am:Person ; foaf:name "Added Later" .\n')
    edited = _ask(data, arguments, environment)
    assert not edited[3] and "actor:added-later" in edited[1]
    assert edited[:3] == _fresh(data, arguments, tmp_path)
    again = _ask(data, arguments, environment)
    assert again[3] and again[:3] == edited[:3]


@pytest.mark.parametrize("arguments, fragment", [
    (["actors", "--group", "no-such-group"], "no node 'no-such-group'"),
    (["query", "one-sided", "--param", "proposal=claim:c-00000"], "did you mean claim:c-"),
    (["query", "no-such-query"], "no named query 'no-such-query'"),
])
def test_an_unknown_id_fails_alike_every_time(data, tmp_path, arguments, fragment):
    environment = _environment(tmp_path)
    run_argmap("--data", data, "actors", env=environment)  # the entry exists, answers kept
    results = [run_argmap("--data", data, *arguments, env={**environment, "ARGMAP_DEBUG": "0"})
               for _ in range(2)]
    for result in results:
        assert_clean_error(result, fragment)
    assert (results[0].stdout, results[0].stderr) == (results[1].stdout, results[1].stderr)



@pytest.mark.parametrize("name", ["actors", "sources-kind", "one-sided", "reviews"])
def test_a_repeated_listing_never_imports_rdflib(data, tmp_path, name):
    """The real command in a fresh interpreter, which then says what it imported."""
    def run() -> subprocess.CompletedProcess:
        result = subprocess.run([sys.executable, "-c", IMPORT_PROBE, "--data", str(data),
                                 *LISTINGS[name], "--json"], cwd=ROOT,
                                env=_environment(tmp_path), capture_output=True, text=True,
                                timeout=300)
        assert result.returncode == 0, result.stderr
        return result

    first = run()
    assert DEBUG_LEAN not in first.stderr and "rdflib" in first.stderr.splitlines()[-1]
    again = run()
    assert DEBUG_LEAN in again.stderr
    assert again.stderr.splitlines()[-1] == "imported: none of them"
    assert again.stdout == first.stdout


def test_the_lean_way_reads_the_entry_without_opening_its_store(data, tmp_path, monkeypatch):
    """cached_entry finds the entry that cached_graph built, and only a complete one."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("ARGMAP_CACHE", raising=False)
    monkeypatch.delenv("ARGMAP_ENGINE", raising=False)
    assert cache.cached_entry(data) is None  # nothing built yet, and nothing built by asking
    assert not (data.parent / cache.CACHE_FOLDER).is_dir() or not any(
        p.is_dir() for p in (data.parent / cache.CACHE_FOLDER).iterdir())
    assert cache.cached_graph(data) is not None
    entry = cache.cached_entry(data)
    assert entry is not None and (entry / "store").is_dir()
    (entry / "meta.json").write_text("{}", encoding="utf-8")  # not this key's: not used
    assert cache.cached_entry(data) is None


def test_the_code_version_reads_the_library_versions_it_names():
    """code_version names rdflib's and Oxigraph's versions, read without importing either."""
    import pyoxigraph
    import rdflib

    assert cache._installed_version("rdflib") == rdflib.__version__
    assert cache._installed_version("pyoxigraph") == pyoxigraph.__version__
