"""The same questions on the embedded store and on a real SPARQL server give the same answers.

A real Oxigraph server (PyPI ``oxigraph``) runs on 127.0.0.1 with a free port; the debate is
loaded into it over HTTP (SPARQL 1.1 Graph Store protocol) and every named query, the
commands, the refusals, the time limit and injection attempts are run against both stores.
"""

from __future__ import annotations

import json

import pytest

from _oxigraph import oxigraph_server
from conftest import assert_clean_error, run_argmap
from graph import query as q
from graph.store import load_graph, open_graph
from test_query import NAMED_QUERY_CASES
from test_query_safety import NASTY, SLOW

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def debate(shipped_data, tmp_path_factory):
    """One snapshot of the debate for both stores (the data file may be edited meanwhile)."""
    snapshot = tmp_path_factory.mktemp("debate") / "claims.ttl"
    snapshot.write_bytes(shipped_data.read_bytes())
    return snapshot


@pytest.fixture(scope="module")
def server(debate):
    with oxigraph_server(timeout_s=5) as running:
        running.load_turtle(debate)
        yield running


@pytest.fixture(scope="module")
def remote(server):
    return open_graph(store_url=server.query_url)


@pytest.fixture(scope="module")
def local(debate):
    return q.engine_for(load_graph(debate))


def _strings(rows: list[dict]) -> list[dict]:
    """Rows as sorted lists of dicts of strings: the comparison the two stores must pass."""
    return sorted((({key: json.dumps(value, sort_keys=True) for key, value in row.items()})
                   for row in rows), key=lambda row: json.dumps(row, sort_keys=True))


@pytest.mark.parametrize("name, params", NAMED_QUERY_CASES,
                         ids=[f"{n}-{i}" for i, (n, _) in enumerate(NAMED_QUERY_CASES)])
def test_every_named_query_answers_the_same_on_both_stores(name, params, local, remote):
    embedded = q.run_named(local, name, params)
    served = q.run_named(remote, name, params)
    assert served.engine == "remote" and embedded.engine == "oxigraph"
    assert embedded.rows, f"{name} {params} found nothing: a weak comparison"
    assert _strings(served.rows) == _strings(embedded.rows)
    assert served.rows == embedded.rows  # and in the same order


def test_cards_and_trees_are_the_same_on_both_stores(local, remote):
    for node in ("claim:safeguards-fig-leaf", "actor:edpb", "source:a-hrc-48-31",
                 "attack:fig-leaf-rebuts-safeguards"):
        embedded = q.describe(local, node)
        served = q.describe(remote, node)
        embedded.pop("status", None), served.pop("status", None)
        assert served == embedded, node
    tree = q.rebuttal_tree(local, "claim:judicial-authorisation-safeguards", depth=3).rows
    assert q.rebuttal_tree(remote, "claim:judicial-authorisation-safeguards", depth=3).rows == tree


def test_commands_print_the_same_with_store(server, debate):
    for args in (("claims", "--group", "epp", "--attacked"),
                 ("rebuttals", "judicial-authorisation-safeguards"),
                 ("query", "SELECT ?c ?l WHERE { ?c a am:Proposal ; rdfs:label ?l } ORDER BY ?c")):
        local_run = run_argmap("--data", debate, *args, "--json")
        remote_run = run_argmap("--store", server.query_url, *args, "--json")
        assert local_run.returncode == remote_run.returncode == 0, remote_run.stderr
        assert json.loads(remote_run.stdout) == json.loads(local_run.stdout), args


def test_unknown_id_on_the_server_suggests_the_closest(server):
    assert_clean_error(run_argmap("--store", server.query_url, "show", "safeguards-fig-leef"),
                       "did you mean", "safeguards-fig-leaf")


def test_the_server_is_never_written_and_refusals_happen_before_sending(server, remote):
    before = len(server.dump_ntriples().splitlines())
    for text in ("CLEAR ALL", "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                 "DELETE WHERE { ?s ?p ?o }", "DROP DEFAULT"):
        with pytest.raises(q.QueryRefused):
            q.run_sparql(remote, text)
    assert_clean_error(run_argmap("--store", server.query_url, "query", "CLEAR ALL"), "read-only")
    assert len(server.dump_ntriples().splitlines()) == before


def test_injection_is_inert_on_the_server(server, remote):
    before = len(server.dump_ntriples().splitlines())
    for value in NASTY:
        assert q.run_named(remote, "claims", {"search": value}).rows == []
        assert q.run_sparql(remote, "SELECT ?v WHERE { }", {"v": f'"{value}"'}).rows[0]["v"] \
            == value
    result = run_argmap("--store", server.query_url, "claims", "--search", NASTY[0], "--json")
    assert result.returncode == 0 and result.stdout.strip() == "[]", result.stderr
    assert len(server.dump_ntriples().splitlines()) == before


def test_a_slow_query_on_the_server_is_stopped(remote):
    with pytest.raises(q.QueryTimeout, match="time limit"):
        q.run_sparql(remote, SLOW, timeout=1)


def test_an_unreachable_store_is_a_clean_error():
    from _oxigraph import free_port

    url = f"http://127.0.0.1:{free_port()}/query"
    assert_clean_error(run_argmap("--store", url, "query", "ASK {}"), "cannot reach", url)
