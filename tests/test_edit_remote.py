"""Edits against a SPARQL 1.1 endpoint (a real Oxigraph server on 127.0.0.1).

The same sequence of edits, applied to a data file and to a server holding the same data,
must leave the same graph; invalid edits send nothing; a failing endpoint is one clear line.
"""

from __future__ import annotations

import json

import pytest
from rdflib import Graph

from _edit_support import invoke, same_graph
from _oxigraph import oxigraph_server
from conftest import assert_clean_error, run_argmap
from graph.store import load_graph

pytestmark = pytest.mark.server

#: A realistic session of an advocate: a new ruling, its holding rebutting a claim, a new
#: actor with a membership, a review, a link by the editors, and a removal with --cascade.
EDITS = [
    ("add", "source", "--kind", "ruling", "--title", "Glukhin v. Russia", "--publisher",
     "European Court of Human Rights", "--date", "2023-07-04", "--identifier", "11519/20",
     "--creator", "ecthr", "--id", "glukhin-remote-test"),
    ("add", "claim", "Russia used live facial recognition in the Moscow metro to identify, "
     "locate and arrest a peaceful protester.", "--by", "ecthr", "--source",
     "glukhin-remote-test", "--attacks", "only-china-mass-surveillance", "--kind", "undermine",
     "--topic", "real-time-rbi"),
    ("add", "claim", "Live facial recognition needs detailed rules and strong safeguards.",
     "--by", "ecthr", "--source", "glukhin-remote-test", "--quote", "even greater need",
     "--supports", "ban-biometric-mass-surveillance"),
    ("add", "actor", "Kim van Sparrentak", "--kind", "person", "--id", "kim-van-sparrentak-2",
     "--member-of", "greens-efa", "--source", "greens-efa-event-2022-11-08"),
    ("review", "false-alarm-rate", "--verdict", "overstated", "--reason",
     "No deployment in the sources measured 99%.", "--source", "face-off", "--date",
     "2026-01-01"),
    ("link", "tools-track-people-everywhere", "supports", "ban-biometric-mass-surveillance",
     "--by", "argmap-editors", "--source", "argmap-bms-dataset"),
    ("remove", "claim:live-facial-recognition-needs-detailed", "--cascade"),
]


@pytest.fixture(scope="module")
def server():
    with oxigraph_server() as running:
        yield running


def _server_graph(server) -> Graph:
    graph = Graph()
    graph.parse(data=server.dump_ntriples(), format="nt")
    return graph


def test_edits_on_the_server_give_the_same_graph_as_on_a_file(server, data_copy):
    server.clear()
    server.load_turtle(data_copy)
    assert same_graph(_server_graph(server), load_graph(data_copy))
    for edit in EDITS:
        on_file = invoke("--data", data_copy, *edit, "--json")
        assert on_file.returncode == 0, (edit, on_file.stderr)
        on_server = invoke("--store", server.query_url, *edit, "--json")
        assert on_server.returncode == 0, (edit, on_server.stderr)
        # The same plan: same new ID, same triples.
        assert json.loads(on_server.stdout) == json.loads(on_file.stdout), edit
    assert same_graph(_server_graph(server), load_graph(data_copy))


def test_invalid_edit_sends_nothing_to_the_server(server, data_copy):
    server.clear()
    server.load_turtle(data_copy)
    before = server.dump_ntriples()
    for edit, fragment in [
        (("add", "claim", "x", "--by", "edbp", "--source", "face-off"), "actor:edpb"),
        (("add", "claim", "x", "--by", "edpb", "--source", "face-of"), "source:face-off"),
        (("add", "claim", "x", "--by", "edpb", "--source", "face-off", "--date", "2021-02-30"),
         "bad date"),
        (("link", "false-alarm-rate", "attacks", "no-such-claim", "--by", "edpb", "--source",
          "face-off"), "unknown claim to attack"),
        (("remove", "false-alarm-rate"), "--cascade"),
    ]:
        result = invoke("--store", server.query_url, *edit)
        assert_clean_error(result, fragment)
    assert sorted(server.dump_ntriples().splitlines()) == sorted(before.splitlines())


def test_separate_update_url_is_used(server, tmp_path):
    from _edit_support import write_small_map

    path = write_small_map(tmp_path / "map.ttl")
    server.clear()
    server.load_turtle(path)
    result = invoke("--store", f"{server.base_url}/query", "--update-url",
                    f"{server.base_url}/update", "add", "claim", "A claim sent remotely.",
                    "--by", "test-editor", "--source", "test-notes")
    assert result.returncode == 0, result.stderr
    assert "claim/claim-sent-remotely>" in server.dump_ntriples()


def test_unreachable_or_refusing_endpoint_is_one_line(server, tmp_path):
    from _edit_support import write_small_map

    path = write_small_map(tmp_path / "map.ttl")
    server.clear()
    server.load_turtle(path)
    # The query URL works but the update URL does not exist on the server: HTTP 404.
    result = run_argmap("--store", server.query_url, "--update-url",
                        f"{server.base_url}/no-such-endpoint", "add", "claim", "x", "--by",
                        "edpb", "--source", "a-hrc-48-31")
    assert_clean_error(result, "no-such-endpoint", "SPARQL update refused", "HTTP 404")


def test_no_server_at_the_store_url_is_one_line(server):
    from _oxigraph import free_port

    url = f"http://127.0.0.1:{free_port()}/query"  # nothing listens there
    result = invoke("--store", url, "add", "claim", "x", "--by", "edpb", "--source", "face-off")
    assert_clean_error(result, url, "cannot query the store", "nothing was sent")
