"""``argmap query`` on a big file with a cache entry: answered from the entry without rdflib.

The short way (commands/sparql.py, graph.sparql.run_on_store) must be invisible but for its
speed: the same bytes on stdout and stderr in every output format, the same one-line errors
with the same exit status.  ``ARGMAP_LEAN=0`` sends the command the full way, for comparison;
``ARGMAP_DEBUG=1`` says which way answered.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from conftest import IMPORT_PROBE, ROOT, assert_clean_error, run_argmap
from graph import cache
from graph.store import LARGE_FILE_BYTES

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import write_map  # noqa: E402

#: The line ARGMAP_DEBUG=1 prints when the short way answered.
LEAN_LINE = "argmap: query answered from the cache entry's store, without rdflib"

#: Terms the generated maps lack: a blank node, language tags, typed and odd literals.
ODD_NODE = """
<urn:x:odd> rdfs:label "étrange, \\"quoted\\"\\ttab"@fr-BE , "plain; with a, comma" ;
    am:weight "2.5"^^xsd:decimal , "7"^^xsd:integer , "true"^^xsd:boolean , "1e3"^^xsd:double ,
        "x"^^<urn:x:type> , "2021-05-01"^^xsd:date ;
    am:note [ rdfs:label "in a blank node"@en ] .
"""


@pytest.fixture(scope="module")
def big_map(tmp_path_factory) -> Path:
    """A map over the size from which files are cached, with :data:`ODD_NODE`; no entry yet."""
    path = tmp_path_factory.mktemp("lean") / "map.ttl"
    with open(path, "w", encoding="utf-8") as handle:
        write_map(handle, 1300, seed=5)
        handle.write(ODD_NODE)
    assert path.stat().st_size >= LARGE_FILE_BYTES
    return path


@pytest.fixture(scope="module")
def cached_map(big_map, tmp_path_factory) -> Path:
    """:func:`big_map` in a folder of its own, with its cache entry built."""
    path = tmp_path_factory.mktemp("cached") / "map.ttl"
    shutil.copyfile(big_map, path)
    assert cache.cached_graph(path) is not None
    assert cache.cached_store(path) is not None
    return path


@pytest.fixture()
def environment(monkeypatch, tmp_path):
    monkeypatch.delenv("ARGMAP_ENGINE", raising=False)
    monkeypatch.delenv("ARGMAP_CACHE", raising=False)
    monkeypatch.delenv("ARGMAP_LEAN", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("ARGMAP_DEBUG", "1")
    return monkeypatch


def _both_ways(environment, data: Path, *arguments: str, stdin: str | None = None):
    """(short way, full way) results of ``argmap --data DATA query ARGUMENTS`` in this process,
    each as (exit code, stdout, stderr without debug lines, whether the short way answered)."""
    results = []
    for lean in ("1", "0"):
        environment.setenv("ARGMAP_LEAN", lean)
        result = CliRunner().invoke(main, ["--data", str(data), "query", *arguments],
                                    input=stdin, catch_exceptions=False)
        lines = result.stderr.splitlines(keepends=True)
        results.append((result.exit_code, result.stdout,
                        "".join(line for line in lines if not line.startswith("argmap: cache")
                                and not line.startswith(LEAN_LINE)),
                        any(line.startswith(LEAN_LINE) for line in lines)))
    return results


QUERIES = {
    "iris-and-labels": "SELECT ?c ?l WHERE { ?c a am:Claim ; rdfs:label ?l } ORDER BY ?c LIMIT 40",
    "odd-terms": "SELECT ?p ?o ?inner WHERE { <urn:x:odd> ?p ?o "
                 "OPTIONAL { ?o rdfs:label ?inner } } ORDER BY ?p ?o",
    "blank-node": "SELECT * WHERE { ?s am:note ?b . ?b ?p ?v }",
    "declared-prefix": "PREFIX ex: <urn:x:>\nSELECT ?p (COUNT(*) AS ?n) WHERE { ex:odd ?p ?o } "
                       "GROUP BY ?p ORDER BY ?p",
    "aggregate": "SELECT (COUNT(?c) AS ?n) (MAX(?d) AS ?last) WHERE { ?c a am:Claim "
                 "OPTIONAL { ?a am:claim ?c ; am:date ?d } }",
    "ask": "ASK { ?c a am:Claim }",
    "construct": "CONSTRUCT WHERE { <urn:x:odd> ?p ?o }",
    "describe": "DESCRIBE <urn:x:odd>",
}
FORMATS = ["--table", "--json", "--nl", "--csv", "--tsv"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_the_short_way_prints_what_the_full_way_prints(environment, cached_map, name, fmt):
    lean, full = _both_ways(environment, cached_map, QUERIES[name], fmt)
    assert lean[3] and not full[3], "the short way should answer, and only with ARGMAP_LEAN=1"
    assert lean[:3] == full[:3]
    assert lean[0] == 0 and lean[1].strip()


@pytest.mark.parametrize("fmt", ["--table", "--json", "--csv"])
def test_the_row_cap_and_full_iris_are_the_same_too(environment, cached_map, fmt):
    lean, full = _both_ways(environment, cached_map,
                            "SELECT ?c WHERE { ?c a am:Claim } ORDER BY ?c", "--limit", "7",
                            "--full-iris", fmt)
    assert lean[3] and lean[:3] == full[:3]
    assert "showing the first 7 rows (row cap)" in lean[2]
    assert "https://w3id.org/argmap/bms/claim/" in lean[1]


def test_a_query_from_a_file_or_stdin_takes_the_short_way(environment, cached_map, tmp_path):
    query_file = tmp_path / "count.rq"
    query_file.write_text("# a comment, no header\nSELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n",
                          encoding="utf-8")
    lean, full = _both_ways(environment, cached_map, f"@{query_file}", "--json")
    assert lean[3] and lean[:3] == full[:3]
    lean, full = _both_ways(environment, cached_map, "-", "--csv",
                            stdin="SELECT ?o WHERE { <urn:x:odd> am:weight ?o } ORDER BY ?o")
    assert lean[3] and lean[:3] == full[:3] and "2.5" in lean[1]


def test_other_cases_take_the_full_way(environment, cached_map, tmp_path):
    with_header = tmp_path / "claims.rq"
    with_header.write_text("#+ summary: claims\nSELECT ?c WHERE { ?c a am:Claim } LIMIT 2\n",
                           encoding="utf-8")
    for arguments in (
            ["SELECT ?c WHERE { ?c a am:Claim } LIMIT 2", "--param", "x=1"],  # a parameter
            ["votes"],  # a named query
            [f"@{with_header}"],  # a file with a header
            ["SELECT ?c WHERE { ?c a am:Claim } LIMIT 2", "--sparql"],
            ["SELECT ?c WHERE { ?c rdfs:label ?l FILTER(CONTAINS(?l, 'from')) } LIMIT 2"]):
        lean, full = _both_ways(environment, cached_map, *arguments)
        assert not lean[3], arguments
        assert lean[:3] == full[:3] and lean[0] == 0, arguments


@pytest.mark.parametrize("text, fragments", [
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", ["query:1:1", "INSERT is SPARQL Update"]),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
     ["query:1:18", "SERVICE (federated query) is refused"]),
    ("SELECT ?s FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
     ["query:1:11", "FROM / FROM NAMED is refused"]),
    ("SELECT ?x WHERE {\n  ?x ?y\n}", ["query:2:", "SPARQL syntax error"]),
    ("   ", ["query: empty query"]),
])
def test_refused_and_wrong_queries_fail_alike(cached_map, tmp_path, text, fragments):
    environment = {"XDG_CACHE_HOME": str(tmp_path / "xdg"), "ARGMAP_ENGINE": "auto"}
    lean = run_argmap("--data", cached_map, "query", text, env=environment)
    full = run_argmap("--data", cached_map, "query", text, env={**environment, "ARGMAP_LEAN": "0"})
    assert_clean_error(lean, *fragments)
    assert (lean.returncode, lean.stdout, lean.stderr) == (full.returncode, full.stdout,
                                                           full.stderr)



def _run_in_process(data: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    """The real command, in a fresh interpreter that then says whether it imported rdflib."""
    environment = {**os.environ, "ARGMAP_DEBUG": "1", "ARGMAP_ENGINE": "auto",
                   "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    for name in ("ARGMAP_LEAN", "ARGMAP_CACHE", "ARGMAP_DATA"):
        environment.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_PROBE, "--data", str(data), "query",
         "SELECT (COUNT(?c) AS ?n) WHERE { ?c a am:Claim }", "--json"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result


def test_a_repeated_query_on_a_cached_file_never_imports_rdflib(big_map, tmp_path):
    data = tmp_path / "map.ttl"
    shutil.copyfile(big_map, data)
    first = _run_in_process(data, tmp_path)  # no entry yet: the full way builds it
    assert "cache miss" in first.stderr and "rdflib" in first.stderr.splitlines()[-1]
    assert LEAN_LINE not in first.stderr
    assert len([p for p in (data.parent / cache.CACHE_FOLDER).iterdir() if p.is_dir()]) == 1
    again = _run_in_process(data, tmp_path)
    assert "cache hit" in again.stderr and LEAN_LINE in again.stderr
    assert again.stderr.splitlines()[-1] == "imported: none of them"
    assert again.stdout == first.stdout
    assert json.loads(again.stdout)[0]["n"] > 1000


def test_plain_prefixes_agree_with_rdflibs_namespaces():
    """graph.namespaces (rdflib-free) is the one list graph.vocab's namespaces are built from."""
    from graph.namespaces import NAMESPACES, compact
    from graph.vocab import PREFIXES, short_id

    assert list(PREFIXES) == list(NAMESPACES)
    assert {prefix: str(namespace) for prefix, namespace in PREFIXES.items()} == NAMESPACES
    for iri in ("http://purl.org/dc/terms/title", "http://www.w3.org/2001/XMLSchema#date",
                "https://w3id.org/argmap/bms/claim/x", "https://w3id.org/argmap/bms/x/y"):
        assert compact(iri) == short_id(iri)
