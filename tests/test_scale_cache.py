"""Big files: Oxigraph's engine answers like rdflib's, the parse cache is used and never wrong.

A user notices the cache only as speed, so these tests observe it through ``ARGMAP_DEBUG=1``
(one ``argmap: cache hit|miss …`` line on stderr) and check that every answer equals the answer
of a fresh parse — after an edit, after corruption, with the cache folder unwritable.
Timing belongs to ``benchmarks/run.py``, never here.
"""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from conftest import ARGMAP, ROOT, assert_clean_error, private_copy, run_argmap
from graph import cache
from graph.store import LARGE_FILE_BYTES, parse_bytes
from graph.vocab import AM, BMS

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import counts_for, generate_turtle, write_map  # noqa: E402

#: Just over the size from which the default engine is Oxigraph and the cache applies.
BIG_CLAIMS = 1300
#: The other tests force the Oxigraph engine (ARGMAP_ENGINE=oxigraph), which caches any size,
#: so that a smaller map keeps them fast.
CLAIMS = 300


@pytest.fixture(scope="module")
def big_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("big") / "map.ttl"
    with open(path, "w", encoding="utf-8") as handle:
        write_map(handle, BIG_CLAIMS, seed=11)
    assert path.stat().st_size >= LARGE_FILE_BYTES
    return path


@pytest.fixture(scope="module")
def map_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("map") / "map.ttl"
    with open(path, "w", encoding="utf-8") as handle:
        write_map(handle, CLAIMS, seed=11)
    return path


@pytest.fixture()
def data(tmp_path, map_file) -> Path:
    """A private copy of the map, in a folder of its own."""
    return private_copy(map_file, tmp_path)


COUNT_CLAIMS = "SELECT (COUNT(?c) AS ?claims) WHERE { ?c a am:Claim }"


def stats(data: Path, **env) -> tuple[dict, str]:
    """Count the claims of *data* with ``argmap query``: the answer, and the cache's debug line."""
    environment = {"ARGMAP_DEBUG": "1", "XDG_CACHE_HOME": str(data.parent / "xdg"),
                   "ARGMAP_ENGINE": "oxigraph", **env}
    result = run_argmap("--data", data, "query", COUNT_CLAIMS, "--json", env=environment)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("argmap: cache")]
    (row,) = json.loads(result.stdout)
    return {"claims": int(row["claims"])}, " ".join(lines)


def add_claim(path: Path, slug: str) -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(f"\nclaim:{slug} a am:Claim ; rdfs:label \"Added\"@en ; "
                     f"am:text \"An added claim.\"@en .\n")


def entries(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("tmp-")]


# --- the cache ---------------------------------------------------------------------------------

def test_repeated_command_on_a_big_file_answers_from_the_cache(tmp_path, big_file):
    data = tmp_path / "big.ttl"
    shutil.copyfile(big_file, data)
    first, line = stats(data, ARGMAP_ENGINE="auto")  # the default engine, as a user runs it
    assert "cache miss" in line
    again, line = stats(data, ARGMAP_ENGINE="auto")
    assert "cache hit" in line
    assert again == first
    assert first["claims"] == BIG_CLAIMS - counts_for(BIG_CLAIMS)["proposals"]
    (entry,) = entries(data.parent / cache.CACHE_FOLDER)
    # The entry's description names the file: every later command reads it, so it stays small
    # (it once held the file's whole text, a third of a second to read at 100,000 claims).
    meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
    assert meta["source"] == str(data.resolve()) and meta["bytes"] == data.stat().st_size
    assert (entry / "meta.json").stat().st_size < 10_000


def test_changed_file_is_parsed_afresh(data):
    before, _ = stats(data)
    add_claim(data, "added-after-caching")
    after, line = stats(data)
    assert "cache miss" in line
    assert after["claims"] == before["claims"] + 1
    # the entry of the old content is superseded, never answered from
    again, line = stats(data)
    assert "cache hit" in line and again == after


@pytest.mark.parametrize("damage", ["truncate", "delete-store", "garbage-meta", "empty-entry"])
def test_corrupt_cache_still_gives_the_right_answer(data, damage):
    expected, _ = stats(data)
    (entry,) = entries(data.parent / cache.CACHE_FOLDER)
    if damage == "truncate":
        biggest = max((p for p in (entry / "store").iterdir() if p.is_file()),
                      key=lambda p: p.stat().st_size)
        with open(biggest, "r+b") as handle:
            handle.truncate(biggest.stat().st_size // 2)
    elif damage == "delete-store":
        shutil.rmtree(entry / "store")
    elif damage == "garbage-meta":
        (entry / "meta.json").write_bytes(b"\x00not json")
    else:
        shutil.rmtree(entry)
        entry.mkdir()
    answer, line = stats(data)
    assert answer == expected
    assert "unusable" in line or "cache miss" in line
    answer, line = stats(data)  # and the entry was rebuilt
    assert "cache hit" in line and answer == expected


def test_debris_of_a_killed_build_is_ignored(data):
    folder = data.parent / cache.CACHE_FOLDER
    expected, _ = stats(data, ARGMAP_CACHE="0")
    (folder / "tmp-0123456789abcdef-99999-deadbeef" / "store").mkdir(parents=True)
    answer, line = stats(data)
    assert answer == expected and "cache miss" in line


def test_unwritable_cache_folder_falls_back_to_the_user_cache(data):
    # A file where the cache folder should be: the folder beside the data cannot be made
    # (chmod would not stop the root user the tests may run as).
    (data.parent / cache.CACHE_FOLDER).write_text("not a folder")
    expected, _ = stats(data, ARGMAP_CACHE="0")
    answer, line = stats(data)
    assert answer == expected and "cache miss" in line
    user_cache = data.parent / "xdg" / "argmap"
    assert len(entries(user_cache)) == 1
    assert stats(data)[1].startswith("argmap: cache hit")


def test_cache_can_be_turned_off(data):
    answer, line = stats(data, ARGMAP_CACHE="0")
    assert answer["claims"] > 0
    assert "cache off" in line
    assert not (data.parent / cache.CACHE_FOLDER).exists()


def test_small_files_are_not_cached(data_copy):
    answer, line = stats(data_copy, ARGMAP_ENGINE="auto")
    assert answer["claims"] > 0 and line == ""
    assert not (data_copy.parent / cache.CACHE_FOLDER).exists()


def test_changing_a_cached_graph_never_changes_the_cache(data, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(data.parent / "xdg"))
    monkeypatch.setenv("ARGMAP_ENGINE", "oxigraph")
    graph = cache.cached_graph(data)
    claim = BMS["claim/only-in-memory"]
    graph.add((claim, RDF.type, AM.Claim))
    assert (claim, RDF.type, AM.Claim) in graph
    hits = cache.STATISTICS["hit"]
    fresh = cache.cached_graph(data)
    assert cache.STATISTICS["hit"] == hits + 1
    assert (claim, None, None) not in fresh
    assert len(fresh) == len(graph) - 1


def _count(graph) -> int:
    return len(set(graph.subjects(RDF.type, AM.Claim)))


def test_an_unchanged_file_is_found_by_its_stamp_without_reading_it(data, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(data.parent / "xdg"))
    monkeypatch.setenv("ARGMAP_ENGINE", "oxigraph")
    expected = _count(cache.cached_graph(data))
    stamps, hits = cache.STATISTICS["stamp"], cache.STATISTICS["hit"]
    # The file was written a moment ago: too recent for its times to be trusted ("racy").
    assert _count(cache.cached_graph(data)) == expected
    assert cache.STATISTICS["stamp"] == stamps and cache.STATISTICS["hit"] == hits + 1
    # Once it is older than the timestamp granularity, the stamp gives the key.
    monkeypatch.setattr(cache, "RACY_SECONDS", 0)
    assert _count(cache.cached_graph(data)) == expected
    assert cache.STATISTICS["stamp"] == stamps + 1 and cache.STATISTICS["hit"] == hits + 2


@pytest.mark.parametrize("change", ["same-size-same-mtime", "replaced", "appended"])
def test_a_stamp_never_hides_a_change(data, monkeypatch, change):
    """Even a same-size edit that restores the old mtime (cp -p, rsync -t) is seen: ctime moves."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(data.parent / "xdg"))
    monkeypatch.setenv("ARGMAP_ENGINE", "oxigraph")
    monkeypatch.setattr(cache, "RACY_SECONDS", 0)
    before = _count(cache.cached_graph(data))
    cache.cached_graph(data)
    stamps = cache.STATISTICS["stamp"]
    status = data.stat()
    text = data.read_bytes()
    if change == "same-size-same-mtime":
        # Retype a claim as an assertion: same length, one claim fewer.
        index = text.index(b"a am:Claim", text.index(b"claim:c-000100"))
        time.sleep(0.05)  # past the file system's timestamp tick
        data.write_bytes(text[:index] + b"a am:Claix" + text[index + 10:])
        os.utime(data, ns=(status.st_atime_ns, status.st_mtime_ns))
        assert data.stat().st_size == status.st_size
        assert data.stat().st_mtime_ns == status.st_mtime_ns
        expected = before - 1
    elif change == "replaced":
        replacement = data.with_name("other.ttl")
        with open(replacement, "w", encoding="utf-8") as handle:
            write_map(handle, CLAIMS // 2, seed=12)
        os.replace(replacement, data)
        expected = _count(parse_bytes(data.read_bytes(), "turtle", "x.ttl", engine="oxigraph"))
    else:
        add_claim(data, "added-under-a-stamp")
        expected = before + 1
    assert _count(cache.cached_graph(data)) == expected
    assert cache.STATISTICS["stamp"] == stamps


def test_results_derived_from_a_cached_map_are_computed_once_per_content_and_code(data,
                                                                                  monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(data.parent / "xdg"))
    monkeypatch.setenv("ARGMAP_ENGINE", "oxigraph")
    calls = []

    def count_claims(graph):
        calls.append(1)
        return {"claims": _count(graph)}

    def derived_count(graph):
        return cache.derived(graph, "test-count", lambda: count_claims(graph))

    first = derived_count(cache.cached_graph(data))
    assert derived_count(cache.cached_graph(data)) == first and len(calls) == 1
    # Other code (an upgrade, an edit of argmap): computed afresh.
    monkeypatch.setattr(cache, "code_version", lambda: "0" * 64)
    assert derived_count(cache.cached_graph(data)) == first and len(calls) == 2
    # A graph changed in memory is no longer the entry's.  (graph.network keeps what it reads
    # beside the entry under the same contract: store.entry_folder while not store.copied.)
    graph = cache.cached_graph(data)
    assert (graph.store.entry_folder / "meta.json").is_file() and graph.store.copied is False
    graph.add((BMS["claim/in-memory"], RDF.type, AM.Claim))
    assert graph.store.copied is True
    assert derived_count(graph) == {"claims": first["claims"] + 1} and len(calls) == 3
    # Another content of the file: another entry.
    add_claim(data, "added-after-deriving")
    assert derived_count(cache.cached_graph(data)) == {"claims": first["claims"] + 1}
    assert len(calls) == 4
    # Not a cache entry's graph: always computed.
    small = parse_bytes(data.read_bytes(), "turtle", "map.ttl", engine="rdflib")
    derived_count(small), derived_count(small)
    assert len(calls) == 6


def test_stats_cards_and_status_answer_the_same_from_derived_results(data):
    env = {"XDG_CACHE_HOME": str(data.parent / "xdg"), "ARGMAP_ENGINE": "oxigraph",
           "ARGMAP_DEBUG": "1"}
    for arguments in (["stats", "--json"], ["show", "claim:c-000042", "--json"],
                      ["status", "--json"], ["status"],
                      ["status", "--mutual-rebuttals", "--json"]):
        code = cache.code_version.__wrapped__()
        fresh = run_argmap("--data", data, *arguments, env={**env, "ARGMAP_CACHE": "0"})
        first = run_argmap("--data", data, *arguments, env=env)
        again = run_argmap("--data", data, *arguments, env=env)
        assert fresh.returncode == first.returncode == again.returncode == 0, again.stderr
        assert fresh.stdout == first.stdout == again.stdout
        assert "cache derived" not in first.stderr
        if cache.code_version.__wrapped__() == code:  # nobody edited argmap meanwhile
            assert "cache derived" in again.stderr


def test_bad_turtle_in_a_big_file_names_file_line_and_column(data):
    text = data.read_text(encoding="utf-8")
    lines = text.splitlines()
    middle = len(lines) // 2
    while not lines[middle].startswith("    "):
        middle += 1
    lines[middle] = lines[middle].replace(" ", " ] ", 5)
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_argmap("--data", data, "stats", env={"XDG_CACHE_HOME": str(data.parent),
                                                       "ARGMAP_ENGINE": "oxigraph"})
    assert_clean_error(result, f"{data}:{middle + 1}:", "Turtle syntax error")
    assert entries(data.parent / cache.CACHE_FOLDER) == []


# --- the two engines give the same answers ----------------------------------------------------

QUERIES = [
    ("SELECT ?label WHERE { ?a am:actor ?actor ; am:claim ?c . ?c rdfs:label ?label } "
     "ORDER BY ?label", {"actor": BMS["actor/person-00003"]}),
    ("SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a am:Attack ; am:attackKind ?kind }",
     {"kind": AM.undercut}),
    ("SELECT ?c WHERE { ?c rdfs:label ?label }", {"label": Literal("no such label", lang="en")}),
    ("SELECT ?c ?n WHERE { ?c a am:Claim . { SELECT ?c (COUNT(?a) AS ?n) WHERE "
     "{ ?a am:target ?c } GROUP BY ?c } } ORDER BY DESC(?n) ?c LIMIT 5", {}),
    ("ASK { ?s ?p \"Person 1\" }", {}),
    ("CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a am:Proposal ; rdfs:label ?l }", {}),
]


@pytest.fixture(scope="module")
def engines():
    data = generate_turtle(400, seed=11).encode()
    return {name: parse_bytes(data, "turtle", "map.ttl", engine=name)
            for name in ("rdflib", "oxigraph")}


@pytest.mark.parametrize("query, bindings", QUERIES)
def test_oxigraph_answers_like_rdflib(engines, query, bindings):
    answers = {}
    for name, graph in engines.items():
        result = graph.query(query, initBindings=bindings)
        answers[name] = sorted(result.graph) if result.type == "CONSTRUCT" else \
            [tuple(row) for row in result] if result.type == "SELECT" else result.askAnswer
    assert answers["oxigraph"] == answers["rdflib"]


def test_triple_patterns_and_terms_match(engines):
    rdflib_graph, ox_graph = engines["rdflib"], engines["oxigraph"]
    assert len(ox_graph) == len(rdflib_graph)
    claim = BMS["claim/c-000042"]  # (claims c-000000 … are proposals)
    for graph in engines.values():
        assert (claim, RDF.type, AM.Claim) in graph
        assert graph.value(claim, RDFS.label).language == "en"
    name = ox_graph.value(BMS["actor/person-00001"], URIRef("http://xmlns.com/foaf/0.1/name"))
    assert name == Literal("Person 1")  # plain, as rdflib parses it, not typed xsd:string
    assert set(ox_graph.predicate_objects(claim)) == set(rdflib_graph.predicate_objects(claim))
    assert dict(ox_graph.namespaces())["claim"] == dict(rdflib_graph.namespaces())["claim"]


# --- the progress bar --------------------------------------------------------------------------

def run_with_terminal_stderr(*args: str, env: dict) -> tuple[int, str, str]:
    """Run argmap with stderr on a pseudo-terminal (stdout a pipe); return code, out, err."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen([str(ARGMAP), *args], stdout=subprocess.PIPE, stderr=terminal,
                               stdin=subprocess.DEVNULL, cwd=ROOT,
                               env={**os.environ, "COLUMNS": "120", **env})
    os.close(terminal)
    chunks = []
    while True:
        ready, _, _ = select.select([controller], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal closed: the process is gone
            break
        if not chunk:
            break
        chunks.append(chunk)
    stdout = process.stdout.read().decode()
    code = process.wait(timeout=120)
    os.close(controller)
    return code, stdout, b"".join(chunks).decode(errors="replace")


def test_progress_bar_on_a_terminal_only(map_file):
    # The bar is for files of 8 MB and more; ARGMAP_PROGRESS lowers that for a quick test.
    progress_file = map_file
    env = {"ARGMAP_CACHE": "0", "ARGMAP_ENGINE": "oxigraph", "ARGMAP_PROGRESS": "1000"}
    arguments = ("--data", str(progress_file), "query", COUNT_CLAIMS)
    code, stdout, terminal = run_with_terminal_stderr(*arguments, env=env)
    assert code == 0 and "claims" in stdout
    assert f"loading {progress_file.name}" in terminal
    code, stdout, terminal = run_with_terminal_stderr(*arguments, "--json", env=env)
    assert code == 0 and int(json.loads(stdout)[0]["claims"]) == CLAIMS - 1
    assert "loading" not in terminal
    piped = run_argmap(*arguments, env=env)
    assert piped.returncode == 0 and piped.stderr == ""
