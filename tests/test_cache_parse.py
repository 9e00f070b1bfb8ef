"""A new parse-cache entry keeps the arguments reading computed from the file's bytes.

On a cache miss, graph.cache parses the bytes once more while the bulk loader fills the
on-disk store (graph.network.keep_arguments_of_parse), so the status that follows need not
read 750,000 quads back from RocksDB.  What users notice is only the time: the framework, and
so every status, must be the one the store gives.  These tests compare the two readings.
"""

from __future__ import annotations

import marshal
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_argmap
from graph import cache, network

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate_turtle  # noqa: E402

BUNDLED = ROOT / "data" / "claims.ttl"


@pytest.fixture()
def cached(tmp_path, monkeypatch):
    """``cached(text, name)``: the graph of a data file with that text, through a fresh cache
    entry (Oxigraph forced, so that any size is cached), and the entry's folder."""
    monkeypatch.setenv("ARGMAP_ENGINE", "oxigraph")
    monkeypatch.setenv("ARGMAP_CACHE", str(tmp_path / "cache"))

    def open_(text: str | bytes, name: str = "map.ttl"):
        path = tmp_path / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        graph = cache.cached_graph(path)
        assert graph is not None
        return graph, Path(graph.store.entry_folder)

    return open_


def kept_reading(entry: Path):
    """The arguments reading kept in *entry* when it was built, or None."""
    path = network._kept_arguments(entry)
    return marshal.loads(path.read_bytes()) if path.is_file() else None


def store_reading(graph):
    """The arguments reading from the entry's on-disk store, as before this fast path."""
    debate = network._read(graph, full=False)
    return debate.claims, debate.supports, debate.attacks


def several_languages_and_blank_nodes() -> str:
    """The bundled debate, with labels in several languages and blank-node subjects (which
    neither reader counts) added."""
    text = BUNDLED.read_text(encoding="utf-8")
    extra = [
        'claim:ai-act-narrow-exceptions rdfs:label "Enge Ausnahmen"@de , "Exceptions"@FR-be .',
        'claim:false-alarm-rate rdfs:label "Taux de fausses alertes"@fr , "zzz" .',
        '[] a am:Claim ; rdfs:label "anonymous"@en ; am:attacker claim:false-alarm-rate .',
        '_:labelled a am:Attack ; am:attacker claim:false-alarm-rate ; '
        'am:target claim:ai-act-narrow-exceptions .',
        'claim:false-alarm-rate am:note [ rdfs:label "a note"@en ] .',
    ]
    return text + "\n" + "\n".join(extra) + "\n"


@pytest.mark.parametrize("make", [
    lambda: BUNDLED.read_text(encoding="utf-8"),
    lambda: generate_turtle(600, seed=5),
    several_languages_and_blank_nodes,
], ids=["bundled", "generated", "languages-and-blank-subjects"])
def test_a_new_entry_keeps_the_reading_the_store_gives(cached, make):
    graph, entry = cached(make())
    kept = kept_reading(entry)
    assert kept is not None, "the reading was not kept while the entry was built"
    assert kept == store_reading(graph)
    assert network._read_arguments(graph) == network._read(graph, full=False)


def test_n_triples_too(cached):
    from graph.store import parse_bytes

    nt = parse_bytes(generate_turtle(200, seed=2).encode(), "turtle", "m.ttl",
                     engine="oxigraph").serialize(format="nt")
    graph, entry = cached(nt, "map.nt")
    assert kept_reading(entry) == store_reading(graph)


@pytest.mark.parametrize("odd", [
    "<urn:s> a am:Support ; am:premise _:b ; am:conclusion <urn:c> .",     # renamed by the store
    '<urn:c> rdfs:label "01"^^xsd:integer .',                               # canonical in the store
    '<urn:a> am:attacker <urn:c> ; am:target <urn:d> ; am:attackKind "rebut" .',
])
def test_terms_the_store_changes_are_read_from_the_store(cached, odd):
    """Blank-node objects (the store renames them), typed literals (the store writes their
    canonical form) and a literal as attack kind are left to the store's reading."""
    text = BUNDLED.read_text(encoding="utf-8") + "\n" + odd + "\n"
    graph, entry = cached(text)
    assert kept_reading(entry) is None
    assert network._read_arguments(graph) == network._read(graph, full=False)
    assert kept_reading(entry) == store_reading(graph)  # kept once read, as before


def test_status_is_the_same_on_a_new_entry_and_without_cache(tmp_path):
    data = tmp_path / "map.ttl"
    data.write_text(several_languages_and_blank_nodes(), encoding="utf-8")
    env = {"ARGMAP_ENGINE": "oxigraph"}
    for options in ((), ("--mutual-rebuttals",), ("--semantics", "preferred")):
        arguments = ("--data", data, "status", "--json", *options)
        plain = run_argmap(*arguments, env={**env, "ARGMAP_CACHE": "0"})
        assert plain.returncode == 0, plain.stderr
        for _ in ("miss", "hit"):
            answer = run_argmap(*arguments, env=env)
            assert (answer.returncode, answer.stdout) == (0, plain.stdout)
        cache.clear_cache(data)


def test_bad_data_builds_no_entry(cached, tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text(BUNDLED.read_text(encoding="utf-8") + "\nclaim:x a am:Claim , .\n",
                    encoding="utf-8")
    assert cache.cached_graph(path) is None
    assert not [p for p in (tmp_path / "cache").iterdir() if p.is_dir()]
