"""The first command on a new big file answers before its parse-cache entry is finished.

On a cache miss, graph.cache returns the graph once its own parse of the bytes has kept the
arguments reading, while Oxigraph's bulk loader still fills the entry's store; the first read
of the store waits for the loader, and the end of the command (or of the process) completes
the entry.  A user notices only the time, so these tests check what must not change: the
first answer is the one a plain parse gives, the entry is complete afterwards (the next
command is a hit, with the same answer), and bad data fails as before, leaving nothing behind.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import IMPORT_PROBE, ROOT, assert_clean_error, private_copy, run_argmap
from graph import cache
import test_scale_cache

BIG_CLAIMS = test_scale_cache.BIG_CLAIMS
big_file = test_scale_cache.big_file  # its >1 MB generated map: a fixture here too


@pytest.fixture()
def fresh(tmp_path, big_file) -> Path:
    """A private copy of the big map, never cached yet."""
    return private_copy(big_file, tmp_path)


def argmap(data: Path, *arguments: str, **env) -> subprocess.CompletedProcess:
    environment = {"XDG_CACHE_HOME": str(data.parent / "xdg"), "ARGMAP_ENGINE": "auto",
                   "ARGMAP_DEBUG": "0", **env}
    return run_argmap("--data", data, *arguments, env=environment)


def folders(data: Path) -> list[str]:
    """The names of the folders in the cache folder of *data* (entries and tmp- debris)."""
    root = data.parent / cache.CACHE_FOLDER
    return sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


def assert_complete_entry(data: Path) -> Path:
    (name,) = folders(data)
    assert not name.startswith("tmp-")
    entry = data.parent / cache.CACHE_FOLDER / name
    assert (entry / "meta.json").is_file()
    return entry


@pytest.mark.parametrize("arguments", [("status",), ("status", "--json")])
def test_first_status_answers_as_before_and_leaves_a_complete_entry(fresh, arguments):
    plain = argmap(fresh, *arguments, ARGMAP_CACHE="0")
    first = argmap(fresh, *arguments)
    assert plain.returncode == first.returncode == 0, first.stderr
    assert first.stdout == plain.stdout
    assert first.stderr == ""  # no word about the cache in a pipe
    assert_complete_entry(fresh)
    # status' own result, kept while the entry was still being built, is in the entry: asked
    # again, it is read from there without opening the graph, so without importing rdflib
    again = subprocess.run([sys.executable, "-c", IMPORT_PROBE, "--data", str(fresh), *arguments],
                           cwd=ROOT, capture_output=True, text=True, timeout=300,
                           env={**os.environ, "XDG_CACHE_HOME": str(fresh.parent / "xdg"),
                                "ARGMAP_ENGINE": "auto", "ARGMAP_DEBUG": "1", "COLUMNS": "200"})
    assert again.returncode == 0 and again.stdout == plain.stdout
    assert "cache derived status-" in again.stderr
    assert "status answered from the report kept in the cache entry" in again.stderr
    assert again.stderr.splitlines()[-1] == "imported: none of them"
    # without the short way (ARGMAP_LEAN=0) the graph is opened: a hit, the same report
    full = argmap(fresh, *arguments, ARGMAP_DEBUG="1", ARGMAP_LEAN="0")
    assert full.returncode == 0 and full.stdout == plain.stdout
    assert "argmap: cache hit" in full.stderr and "cache derived status-" in full.stderr


def test_first_command_that_reads_the_store_waits_for_it(fresh):
    query = "SELECT (COUNT(?c) AS ?n) WHERE { ?c a am:Claim }"
    plain = argmap(fresh, "query", query, "--json", ARGMAP_CACHE="0")
    first = argmap(fresh, "query", query, "--json", ARGMAP_DEBUG="1")
    assert first.returncode == 0 and first.stdout == plain.stdout
    assert "cache miss" in first.stderr and "stored" in first.stderr
    assert_complete_entry(fresh)
    again = argmap(fresh, "query", query, "--json", ARGMAP_DEBUG="1")
    assert again.stdout == plain.stdout and "cache hit" in again.stderr


def test_explain_and_draw_on_a_new_entry_answer_as_before(fresh):
    """Both read the store: they wait for the loader and read the finished entry."""
    explain = ("explain", "claim:c-000042")
    plain = argmap(fresh, *explain, ARGMAP_CACHE="0")
    first = argmap(fresh, *explain)
    assert plain.returncode == first.returncode == 0, first.stderr
    assert first.stdout == plain.stdout
    assert_complete_entry(fresh)
    # A focus map lists its edges in the store's order, which is not an in-memory parse's
    # (as before): the first draw must be the one a hit gives.
    cache.clear_cache(fresh)
    draw = ("draw", "--focus", "claim:c-000042", "-o", "-")
    first = argmap(fresh, *draw)
    assert first.returncode == 0, first.stderr
    assert_complete_entry(fresh)
    again = argmap(fresh, *draw, ARGMAP_DEBUG="1")
    assert "cache hit" in again.stderr and again.stdout == first.stdout


def test_bad_data_on_a_first_command_fails_as_before_and_leaves_nothing(fresh):
    text = fresh.read_text(encoding="utf-8")
    fresh.write_text(text + "\nclaim:broken a am:Claim , .\n", encoding="utf-8")
    line = text.count("\n") + 2
    plain = argmap(fresh, "status", ARGMAP_CACHE="0")
    first = argmap(fresh, "status")
    assert_clean_error(first, f"{fresh}:{line}:")
    assert (first.returncode, first.stdout, first.stderr) == \
        (plain.returncode, plain.stdout, plain.stderr)
    assert folders(fresh) == []  # no entry, and no tmp- folder either


def test_a_library_caller_gets_a_complete_entry_by_the_exit(fresh):
    """A script that never reads the store still leaves a complete entry: it is finished at
    exit, not left as a tmp- folder."""
    script = textwrap.dedent(f"""
        from graph import cache, network
        graph = cache.cached_graph({str(fresh)!r})
        print(len(network.lean_framework(graph)[0].arguments))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=ROOT, timeout=120,
                            env={"PATH": "/usr/bin:/bin", "ARGMAP_ENGINE": "auto",
                                 "XDG_CACHE_HOME": str(fresh.parent / "xdg")})
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert int(result.stdout) > BIG_CLAIMS
    assert_complete_entry(fresh)


def test_the_graph_of_a_new_entry_reads_like_a_hit(fresh, monkeypatch):
    monkeypatch.setenv("ARGMAP_ENGINE", "auto")
    monkeypatch.setenv("XDG_CACHE_HOME", str(fresh.parent / "xdg"))
    first = cache.cached_graph(fresh)  # a miss: the loader may still run
    counted = len(first)  # reads the store: waits for the loader and finishes the entry
    entry = assert_complete_entry(fresh)
    assert Path(first.store.entry_folder) == entry
    hits = cache.STATISTICS["hit"]
    again = cache.cached_graph(fresh)
    assert cache.STATISTICS["hit"] == hits + 1 and len(again) == counted
    cache.finish_pending()  # nothing left to finish: returns at once


def _count_in_child(graph, connection) -> None:
    connection.send(len(graph))
    connection.close()


def test_a_forked_child_reads_the_data_but_never_finishes_the_entry(fresh, monkeypatch):
    """The loader is a thread of the parent: a forked child (argmap query's time limit forks)
    that reads a pending store parses the bytes itself; the entry is the parent's to finish."""
    import multiprocessing

    monkeypatch.setenv("ARGMAP_ENGINE", "auto")
    monkeypatch.setenv("XDG_CACHE_HOME", str(fresh.parent / "xdg"))
    graph = cache.cached_graph(fresh)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_count_in_child, args=(graph, sender))
    child.start()
    counted = receiver.recv()
    child.join(timeout=120)
    assert child.exitcode == 0
    assert counted == len(graph)  # the parent's read finishes the entry
    assert_complete_entry(fresh)
