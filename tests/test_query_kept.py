"""A slow named query's answer is kept in the file's parse-cache entry and served only when right.

An analyst lists the actors or sources of a big map again and again; at 100,000 claims each such
listing costs Oxigraph seconds.  ``graph.query`` keeps an answer that took long in the cache
entry of the unchanged file (``graph.cache.derived``).  What a user must never see is a kept
answer to another question: other parameters, another row cap, another file content, a graph
edited in memory.  Timing is ``benchmarks/``'s business; here every answer is kept
(``KEEP_SECONDS = 0``) and compared with a fresh one.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib.namespace import RDF

from conftest import ROOT, private_copy
from graph import cache
from graph import query as q
from graph.vocab import AM, BMS

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import write_map  # noqa: E402


@pytest.fixture(scope="module")
def map_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("map") / "map.ttl"
    with open(path, "w", encoding="utf-8") as handle:
        write_map(handle, 300, seed=5)
    return path


@pytest.fixture()
def data(tmp_path, map_file, monkeypatch) -> Path:
    target = private_copy(map_file, tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("ARGMAP_ENGINE", "oxigraph")  # the cache applies to any size then
    monkeypatch.setattr(q, "KEEP_SECONDS", 0.0)
    return target


def fresh(path: Path, name: str, params=None, **options) -> q.QueryResult:
    """The answer from a graph parsed without the cache."""
    from graph.store import parse_bytes

    graph = parse_bytes(path.read_bytes(), "turtle", path.name, engine="oxigraph")
    return q.run_named(graph, name, params, **options)


def served(before: int) -> bool:
    return cache.STATISTICS["derived"] > before


@pytest.mark.parametrize("name, params", [
    ("actors", None), ("sources", {"kind": "ruling"}), ("claims", {"actor": "person-00001"}),
    ("one-sided", {"proposal": "c-000000"}), ("reviews", None),
])
def test_a_kept_answer_equals_a_fresh_one(data, name, params):
    first = q.run_named(cache.cached_graph(data), name, params)
    before = cache.STATISTICS["derived"]
    again = q.run_named(cache.cached_graph(data), name, params)
    assert served(before), "the second asking should be answered from the entry"
    assert again == first == fresh(data, name, params)
    assert first.rows, "a question with an answer, so that sameness means something"


def test_a_kept_answer_is_only_for_the_same_question(data):
    graph = cache.cached_graph(data)
    everyone = q.run_named(graph, "actors")
    persons = q.run_named(graph, "actors", {"kind": "person"})
    assert persons == fresh(data, "actors", {"kind": "person"})
    assert len(persons.rows) < len(everyone.rows)
    capped = q.run_named(graph, "actors", limit=3)
    assert capped.truncated and len(capped.rows) == 3 and capped == fresh(data, "actors", limit=3)
    full = q.run_named(graph, "actors", full_iris=True)
    assert full.rows[0]["actor"].startswith("https://") and full == fresh(data, "actors",
                                                                          full_iris=True)


def test_a_graph_edited_in_memory_is_asked_again(data):
    first = q.run_named(cache.cached_graph(data), "claims")
    graph = cache.cached_graph(data)
    graph.add((BMS["claim/in-memory"], RDF.type, AM.Claim))
    before = cache.STATISTICS["derived"]
    edited = q.run_named(graph, "claims")
    assert not served(before)
    assert len(edited.rows) == len(first.rows) + 1


def test_a_changed_file_is_asked_again(data):
    first = q.run_named(cache.cached_graph(data), "claims")
    with open(data, "a", encoding="utf-8") as handle:
        handle.write('\nclaim:added-later a am:Claim ; rdfs:label "Added later"@en .\n')
    changed = q.run_named(cache.cached_graph(data), "claims")
    assert len(changed.rows) == len(first.rows) + 1
    assert changed == fresh(data, "claims")


def test_quick_answers_are_not_kept(data, monkeypatch):
    monkeypatch.setattr(q, "KEEP_SECONDS", 3600.0)
    q.run_named(cache.cached_graph(data), "actors")
    before = cache.STATISTICS["derived"]
    q.run_named(cache.cached_graph(data), "actors")
    assert not served(before)
