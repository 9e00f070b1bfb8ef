"""Reading and writing the data file: stable bytes, atomic saves, no lost edits, clear errors."""

from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

from conftest import ROOT, SHIPPED_DATA
from graph import store
from graph.errors import ConcurrentEditError, DataError
from graph.store import load_graph, read_graph, save_graph, serialize_stable, transaction
from graph.vocab import AM, BMS

SMALL = textwrap.dedent("""\
    @prefix am: <https://w3id.org/argmap/ns#> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    <https://w3id.org/argmap/bms/claim/b> a am:Claim ; rdfs:label "B"@en ;
        am:text "Line one\\nline \\"two\\""@en .
    <https://w3id.org/argmap/bms/claim/a> a am:Claim ; rdfs:label "A"@en ; am:text "Ä claim"@en .
    <https://w3id.org/argmap/bms/vote/v> am:votesFor 377 ; am:date "2021-10-05"^^xsd:date ;
        am:odd <http://example.org/with space?> .
    """).replace("with space?", "x?y=1")


def small_graph() -> Graph:
    return load_graph(SMALL.encode(), format="turtle")


# --- stable output ---------------------------------------------------------------------------

def test_shipped_data_round_trips_byte_for_byte():
    original = SHIPPED_DATA.read_bytes()
    graph = load_graph(SHIPPED_DATA)
    written = serialize_stable(graph)
    assert isomorphic(graph, load_graph(written, format="turtle"))
    assert written == original, "data/claims.ttl is not in canonical form: run argmap fmt"


def test_parse_save_parse_is_isomorphic_and_stable():
    graph = small_graph()
    first = serialize_stable(graph)
    again = load_graph(first, format="turtle")
    assert isomorphic(graph, again)
    assert serialize_stable(again) == first
    text = first.decode()
    assert 'am:votesFor 377' in text                     # integers stay bare
    assert '"Line one\\nline \\"two\\""@en' in text      # escapes survive
    assert "claim:a\n" in text and text.index("claim:a\n") < text.index("claim:b\n")


def test_output_does_not_depend_on_insertion_order():
    triples = list(small_graph())
    forward, backward = Graph(), Graph()
    for triple in triples:
        forward.add(triple)
    for triple in reversed(triples):
        backward.add(triple)
    assert serialize_stable(forward) == serialize_stable(backward)


def test_adding_a_claim_only_adds_lines(shipped_graph):
    graph = Graph()
    for triple in shipped_graph:
        graph.add(triple)
    before = serialize_stable(graph).decode().splitlines()
    claim = BMS["claim/zz-new-test-claim"]
    graph.add((claim, RDF.type, AM.Claim))
    graph.add((claim, RDFS.label, Literal("New", lang="en")))
    graph.add((claim, AM.text, Literal("A new claim.", lang="en")))
    after = serialize_stable(graph).decode().splitlines()
    diff = [line for line in difflib.unified_diff(before, after, lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert all(line.startswith("+") for line in diff), diff
    assert 4 <= len(diff) <= 6, diff  # the claim block (3 triples + subject + blank line)


# --- atomic, locked writes -------------------------------------------------------------------

def test_crash_during_save_leaves_old_file_intact(tmp_path, monkeypatch):
    target = tmp_path / "claims.ttl"
    target.write_bytes(serialize_stable(small_graph()))
    before = target.read_bytes()
    bigger = small_graph()
    bigger.add((BMS["claim/c"], RDF.type, AM.Claim))

    def crash(*args, **kwargs):
        raise OSError("simulated power cut before rename")

    monkeypatch.setattr(store.os, "replace", crash)
    with pytest.raises(OSError):
        save_graph(bigger, target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []  # no debris


def test_killed_writer_never_leaves_a_torn_file(tmp_path):
    """SIGKILL a process in the middle of many saves: the file is always complete."""
    target = tmp_path / "claims.ttl"
    base = small_graph()
    target.write_bytes(serialize_stable(base))
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from rdflib import Literal
        from graph.store import load_graph, save_graph
        from graph.vocab import AM, BMS
        path = {str(target)!r}
        i = 0
        while True:
            g = load_graph(path)
            g.add((BMS["claim/a"], AM.text, Literal("padding " * 2000 + str(i), lang="de")))
            save_graph(g, path)
            i += 1
            print(i, flush=True)
    """)
    for attempt in range(5):
        process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
        for _ in range(attempt + 2):  # let it complete a few saves, then kill it mid-way
            process.stdout.readline()
        process.kill()
        process.wait()
        graph = load_graph(target)  # parses: complete, never torn or empty
        assert (BMS["claim/a"], RDF.type, AM.Claim) in graph


def test_refuses_to_overwrite_a_file_changed_since_read(tmp_path):
    target = tmp_path / "claims.ttl"
    target.write_bytes(serialize_stable(small_graph()))
    loaded = read_graph(target)
    target.write_text(target.read_text() + "\n# someone's hand edit\n")
    with pytest.raises(ConcurrentEditError, match="changed on disk"):
        save_graph(loaded.graph, target, expected_digest=loaded.digest)
    assert target.read_text().endswith("# someone's hand edit\n")


def test_two_processes_saving_at_once_lose_no_edit(tmp_path):
    target = tmp_path / "claims.ttl"
    target.write_bytes(serialize_stable(small_graph()))
    script = textwrap.dedent("""
        import sys
        sys.path.insert(0, {root!r})
        from rdflib import Literal
        from rdflib.namespace import RDF
        from graph.store import transaction
        from graph.vocab import AM, BMS
        for i in range(20):
            with transaction({path!r}) as g:
                g.add((BMS[f"claim/{{sys.argv[1]}}-{{i}}"], RDF.type, AM.Claim))
    """).format(root=str(ROOT), path=str(target))
    writers = [subprocess.Popen([sys.executable, "-c", script, name]) for name in ("p", "q")]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    graph = load_graph(target)
    added = {str(s) for s in graph.subjects(RDF.type, AM.Claim) if "/claim/p-" in str(s)
             or "/claim/q-" in str(s)}
    assert len(added) == 40


def test_transaction_writes_nothing_when_the_check_refuses(tmp_path):
    target = tmp_path / "claims.ttl"
    target.write_bytes(serialize_stable(small_graph()))
    before = target.read_bytes()

    def refuse(graph):
        raise DataError("claim:c: has no text")

    with pytest.raises(DataError):
        with transaction(target, check=refuse) as graph:
            graph.add((BMS["claim/c"], RDF.type, AM.Claim))
    assert target.read_bytes() == before


# --- bad input -------------------------------------------------------------------------------

@pytest.mark.parametrize("content, fragments", [
    (b"", ["bad.ttl: file is empty"]),
    (b"   \n\n", ["bad.ttl: file is empty"]),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ["bad.ttl", "binary"]),
    (b"@prefix ex: <http://e/> .\nex:a ex:b \"caf\xe9\" .\n", ["bad.ttl:2:", "not UTF-8"]),
    (b"@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:d ex:e ex:f ;\n   ex:g .\n",
     ["bad.ttl:4:", "Turtle syntax error"]),
    (b"ex:a ex:b ex:c .\n", ["bad.ttl:1:", "Turtle syntax error"]),
])
def test_unreadable_turtle_names_file_and_place(tmp_path, content, fragments):
    path = tmp_path / "bad.ttl"
    path.write_bytes(content)
    with pytest.raises(DataError) as info:
        load_graph(path)
    message = str(info.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message


def test_ntriples_error_names_the_line(tmp_path):
    path = tmp_path / "bad.nt"
    path.write_text("<http://e/a> <http://e/b> <http://e/c> .\n<http://e/a> <http://e/b> oops .\n")
    with pytest.raises(DataError, match=r"bad\.nt:2: N-Triples syntax error"):
        load_graph(path)


def test_jsonld_never_fetches_a_remote_context(tmp_path):
    path = tmp_path / "x.jsonld"
    path.write_text(json.dumps({"@context": "http://127.0.0.1:9/evil.jsonld",
                                "@id": "http://e/a", "http://e/b": "c"}))
    with pytest.raises(DataError, match="remote JSON-LD @context"):
        load_graph(path)


def test_jsonld_syntax_error_has_line_and_column(tmp_path):
    path = tmp_path / "x.jsonld"
    path.write_text('{\n  "@id": "http://e/a",\n  "http://e/b": \n}')
    with pytest.raises(DataError, match=r"x\.jsonld:4:1: JSON syntax error"):
        load_graph(path)


def test_formats_round_trip_through_nt_and_jsonld(tmp_path):
    graph = small_graph()
    for name in ("g.nt", "g.jsonld", "g.ttl"):
        path = tmp_path / name
        save_graph(graph, path)
        assert isomorphic(load_graph(path), graph), name


def test_default_data_path_prefers_env_then_checkout(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ARGMAP_DATA", raising=False)
    assert store.default_data_path() == store.bundled_data_path()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "claims.ttl").write_text("")
    assert store.default_data_path() == Path("data") / "claims.ttl"
    monkeypatch.setenv("ARGMAP_DATA", "/somewhere/else.ttl")
    assert store.default_data_path() == Path("/somewhere/else.ttl")
