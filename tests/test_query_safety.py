"""argmap query is read-only, bounded in time and rows, and parameters cannot inject SPARQL.

Every refused form is refused before any engine sees the text (a SERVICE clause never opens a
connection); values given as parameters reach the query only as escaped RDF terms.
"""

from __future__ import annotations

import multiprocessing
import socket
import threading

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from rdflib import Graph, Literal, URIRef

from conftest import assert_clean_error, run_argmap
from graph import query as q
from graph.errors import ArgmapError, DataError

#: Slow on any engine: a three-way cross product of the debate's ~3,800 triples.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"

REFUSED = {
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }": "INSERT",
    "DELETE WHERE { ?s ?p ?o }": "DELETE",
    "delete { ?s ?p ?o } where { ?s ?p ?o }": "DELETE",
    "LOAD <file:///etc/passwd>": "LOAD",
    "LOAD <http://127.0.0.1:9/x.ttl> INTO GRAPH <urn:g>": "LOAD",
    "CLEAR ALL": "CLEAR",
    "DROP GRAPH <urn:g>": "DROP",
    "CREATE GRAPH <urn:g>": "CREATE",
    "COPY DEFAULT TO <urn:g>": "COPY",
    "MOVE DEFAULT TO <urn:g>": "MOVE",
    "ADD DEFAULT TO <urn:g>": "ADD",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }": "WITH",
    "SELECT * WHERE { ?s ?p ?o } ; CLEAR ALL": "CLEAR",
    "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }": "FROM",
    "SELECT * FROM NAMED <http://127.0.0.1:9/g> WHERE { GRAPH ?g { ?s ?p ?o } }": "FROM",
    "CONSTRUCT { ?s ?p ?o } FROM <urn:g> WHERE { ?s ?p ?o }": "FROM",
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }": "SERVICE",
    "select * where { optional { service silent <http://x/> { ?s ?p ?o } } }": "SERVICE",
    "ASK { FILTER EXISTS { SERVICE <http://x/> { ?s ?p ?o } } }": "SERVICE",
    'SELECT * WHERE { BIND("\\u0022" AS ?x) }': "\\u",
}


@pytest.fixture(scope="module")
def engine(shipped_graph):
    return q.engine_for(shipped_graph)


@pytest.mark.parametrize("text, keyword", list(REFUSED.items()))
def test_every_write_or_fetching_form_is_refused_with_its_place(text, keyword, engine):
    with pytest.raises(q.QueryRefused) as refused:
        q.run_sparql(engine, text)
    message = str(refused.value)
    assert keyword in message and "\n" not in message
    assert message.startswith("query:")


def test_refusals_reach_the_user_as_one_line_and_exit_status_2():
    assert_clean_error(run_argmap("query", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"),
                       "query:1:1:", "read-only")
    assert_clean_error(run_argmap("query", "SELECT * WHERE {\n  SERVICE <http://x/> { ?s ?p ?o }\n}"),
                       "query:2:3:", "SERVICE")
    assert_clean_error(run_argmap("query", "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"),
                       "FROM")


@pytest.fixture()
def listener():
    """A TCP port on 127.0.0.1 that records whether anything connected."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.2)
    connections = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                connection, _ = server.accept()
                connections.append(connection)
                connection.close()
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], connections
    stop.set()
    thread.join()
    server.close()


def _scan_off(monkeypatch) -> None:
    """Switch our token scan off wherever it runs: rdflib's full check (graph.query) and the
    quick check by Oxigraph's parser (graph.sparql)."""
    from graph import sparql

    monkeypatch.setattr(q, "_scan_for_refused", lambda text, label: None)
    monkeypatch.setattr(sparql, "_scan_for_refused", lambda text, label: None)


def test_service_never_opens_a_connection(listener, engine, shipped_graph, monkeypatch):
    port, connections = listener
    text = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
    with pytest.raises(q.QueryRefused):
        q.run_sparql(engine, text)
    # Second layer: with our token scan switched off, rdflib's parse tree still refuses it …
    _scan_off(monkeypatch)
    with pytest.raises(q.QueryRefused):
        q.run_sparql(engine, text)
    # … and third: rdflib's own evaluator refuses a SERVICE clause that got past both.
    with pytest.raises(q.QueryRefused):
        q.RdflibEngine(shipped_graph).execute(text, "select", 10, 10)
    assert connections == []


def test_from_never_reads_a_file(tmp_path, shipped_graph, monkeypatch):
    secret = tmp_path / "secret.ttl"
    secret.write_text("<urn:secret> <urn:is> 'leaked' .\n")
    _scan_off(monkeypatch)
    with pytest.raises(q.QueryRefused):
        q.run_sparql(shipped_graph, f"SELECT ?o FROM <{secret.as_uri()}> WHERE {{ ?s ?p ?o }}",
                     engine="rdflib")


def test_syntax_error_names_line_and_column():
    result = run_argmap("query", "SELECT ?x WHERE {\n  ?x ?y\n}")
    assert_clean_error(result, "query:2:", "SPARQL syntax error")
    with pytest.raises(DataError) as error:
        q.check_query("PREFIX x: <urn:x>\nSELECT * WHERE { ?s ?p }", "my.rq")
    assert error.value.path == "my.rq" and error.value.line == 2 and error.value.column


def test_unknown_prefix_is_a_clean_error(engine):
    with pytest.raises(DataError, match="nope"):
        q.run_sparql(engine, "SELECT * WHERE { ?s nope:x ?o }")


# --- time limit and row cap --------------------------------------------------------------------

@pytest.mark.parametrize("engine_name", ["oxigraph", "rdflib"])
def test_a_slow_query_is_stopped_by_the_time_limit(engine_name, shipped_graph):
    with pytest.raises(q.QueryTimeout, match="1 s time limit"):
        q.run_sparql(shipped_graph, SLOW, timeout=1, engine=engine_name)
    assert multiprocessing.active_children() == []  # the worker was killed and reaped


def test_time_limit_on_the_command_line():
    assert_clean_error(run_argmap("query", SLOW, "--timeout", "1"), "time limit", "--timeout")


def test_row_cap_cuts_and_says_so(engine):
    result = q.run_sparql(engine, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", limit=7)
    assert len(result.rows) == 7 and result.truncated
    whole = q.run_sparql(engine, "SELECT ?c WHERE { ?c a am:Proposal }", limit=7)
    assert len(whole.rows) == 2 and not whole.truncated
    cli = run_argmap("query", "SELECT ?s WHERE { ?s ?p ?o }", "--limit", "3", "--csv")
    assert cli.returncode == 0
    assert len(cli.stdout.splitlines()) == 1 + 3
    assert "first 3 rows" in cli.stderr and "--limit" in cli.stderr


# --- injection --------------------------------------------------------------------------------

NASTY = [
    '") } } ; DROP ALL #',
    "x' } UNION { ?s ?p ?o } #",
    "a} SERVICE <http://127.0.0.1:9/> {",
    "edpb> } ; CLEAR ALL ; <x",
    "line one\n} ; DELETE WHERE { ?s ?p ?o } #",
    "# comment }",
    '"""\'\'\'\\',
    "\\\" ?o } #",
]


def _triples(source) -> int:
    return q.run_sparql(source, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0]["n"]


def test_injection_attempts_in_every_parameter_are_inert(engine):
    before = _triples(engine)
    for named in q.named_queries().values():
        for param in named.params:
            for value in NASTY:
                try:
                    result = q.run_named(engine, named.name, {param.name: value})
                except DataError:
                    # Refused as a value of its type (an IRI with '>', a date with '}' …).
                    assert param.type != "string", (named.name, param.name, value)
                    continue
                # Accepted values are plain data: they match nothing in the debate.
                if param.type == "string":
                    assert result.rows == [], (named.name, param.name, value)
    assert _triples(engine) == before


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",),
                                      blacklist_characters="\x00\x01\x02\x03\x04\x05\x06\x07\x08"
                                      "\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18"
                                      "\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f"), max_size=40))
def test_a_bound_string_comes_back_exactly_as_given(text):
    """Whatever the text, binding it yields a query whose only value is that text."""
    try:
        term = q.validate_term(Literal(text))
    except DataError:
        assert "\\u" in text or "\\U" in text
        return
    import pyoxigraph

    bound = q.bind_values("SELECT ?v ?w WHERE { BIND(1 AS ?w) }", {"v": term})
    rows = list(pyoxigraph.Store().query(bound))
    assert len(rows) == 1 and rows[0]["v"].value == text


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(NASTY + ["plain", "ünïcödé ☃", "tab\there"]))
def test_bound_strings_mean_the_same_to_rdflib(text):
    bound = q.bind_values("SELECT ?v WHERE { }", {"v": Literal(text)})
    rows = list(Graph().query(bound))
    assert [str(row[0]) for row in rows] == [text]


@pytest.mark.parametrize("iri", ["urn:x> } ; CLEAR ALL ; <y", "http://a b", "urn:x\"y", "no-scheme",
                                 "urn:x{y}", "urn:x\\y", "urn:x\ny"])
def test_unsafe_iris_are_refused(iri):
    with pytest.raises(DataError):
        q.validate_term(URIRef(iri))


def test_injection_through_the_command_line_is_inert():
    result = run_argmap("claims", "--search", '") } } ; DROP ALL #', "--json")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert_clean_error(run_argmap("claims", "--actor", "edpb> } #"), "actor")
    assert_clean_error(run_argmap("query", "claims", "-p", "since=2021} #"), "since")
    result = run_argmap("query", "SELECT ?c WHERE { ?c rdfs:label ?l FILTER(CONTAINS(?l, ?x)) }",
                        "-p", 'x=") } #', "--json")
    assert result.returncode == 0 and result.stdout.strip() == "[]", result.stderr


def test_binding_goes_into_the_where_group_whatever_the_query_form():
    value = {"c": URIRef("https://w3id.org/argmap/bms/claim/x")}
    assert q.bind_values("ASK { ?c ?p ?o }", value).startswith(
        "ASK { VALUES (?c) { (<https://w3id.org/argmap/bms/claim/x>) }")
    construct = q.bind_values("CONSTRUCT { ?c ?p ?o } WHERE { ?c ?p ?o }", value)
    assert construct.startswith("CONSTRUCT { ?c ?p ?o } WHERE { VALUES (?c)")
    projected = q.bind_values('SELECT (EXISTS { ?a ?b "{" } AS ?e) WHERE { ?c ?p ?o }', value)
    assert "WHERE { VALUES (?c)" in projected
    sub = q.bind_values("SELECT ?c WHERE { SELECT ?c WHERE { ?c ?p ?o } }", value)
    Graph().query(sub)  # the sub-SELECT was wrapped, so the grammar still holds
    with pytest.raises(DataError, match="long form"):
        q.bind_values("CONSTRUCT WHERE { ?c ?p ?o }", value)
    with pytest.raises(DataError):
        q.bind_values("SELECT ?c WHERE { ?c ?p ?o }", {"c d": Literal("x")})


def test_unknown_parameter_is_a_clean_error(engine):
    with pytest.raises(ArgmapError, match="has no parameter 'colour'"):
        q.run_named(engine, "claims", {"colour": "red"})
    with pytest.raises(ArgmapError, match="needs the parameter 'node'"):
        q.run_named(engine, "node", {})


def test_blocks_are_chosen_by_which_parameters_are_given_never_by_their_values():
    text = "SELECT ?c WHERE {\n ?c ?p ?o .\n  #+if actor\n ?a <urn:actor> ?actor .\n  #+end\n}\n"
    assert "?actor" not in q.select_blocks(text, [])
    assert "?a <urn:actor> ?actor" in q.select_blocks(text, ["actor"])
    with pytest.raises(DataError, match="without"):
        q.select_blocks("SELECT * WHERE {\n#+if x\n}\n", ["x"])
    final = q.prepare_named("claims", {"actor": "actor:edpb", "search": '") } #'})
    assert 'VALUES (?actor ?search) { (<https://w3id.org/argmap/bms/actor/edpb> "\\") } #") }' \
        in final
    assert "?a1 am:claim ?claim ; am:actor ?actor" in final and "?a2" not in final


def test_sparql_flag_prints_what_would_run():
    result = run_argmap("query", "claims", "-p", "actor=edpb", "--sparql")
    assert result.returncode == 0, result.stderr
    assert "VALUES (?actor) { (<https://w3id.org/argmap/bms/actor/edpb>) }" in result.stdout
    assert not result.stdout.startswith("#+")


# --- the quick check of ad-hoc queries for the embedded Oxigraph engine -------------------------

QUICK = [
    "SELECT ?c ?l WHERE { ?c a am:Claim ; rdfs:label ?l } ORDER BY ?c LIMIT 5",
    "PREFIX am: <https://w3id.org/argmap/ns#>\nSELECT ?c WHERE { ?c a am:Proposal } ORDER BY ?c",
    "PREFIX : <https://w3id.org/argmap/ns#> SELECT ?c WHERE { ?c a :Proposal } ORDER BY ?c",
    "BASE <https://w3id.org/argmap/bms/> SELECT ?p WHERE { <claim/x> ?p ?o }",
    "# a comment\nASK { ?c a am:Claim }",
    "CONSTRUCT { ?c a am:Claim } WHERE { ?c a am:Proposal }",
    "DESCRIBE ?c WHERE { ?c a am:Proposal }",
    "select ?t (COUNT(?s) AS ?n) where { ?s a ?t } group by ?t order by ?t",
]


@pytest.mark.parametrize("text", QUICK)
def test_the_quick_check_reads_the_query_as_rdflib_does(text):
    """Without rdflib's parser, the same form and prefixes — so the same answers."""
    assert q._quick_check(text, "query") == q.check_query(text, "query")


@pytest.mark.parametrize("text", [
    "SELECT ?x WHERE {\n  ?x ?y\n}",                       # syntax error: rdflib's message
    "SELECT * WHERE { ?s nope:x ?o }",                       # unknown prefix
    "SELECT ?l WHERE { ?c rdfs:label ?l FILTER(CONTAINS(?l, 'from')) }",  # the letters occur
    "SELECT ?s WHERE { ?s ?p ?o } # no service here",
])
def test_the_quick_check_leaves_errors_and_doubtful_texts_to_the_full_check(text):
    assert q._quick_check(text, "query") is None


def test_errors_are_the_same_on_the_quick_path(shipped_graph):
    with pytest.raises(DataError) as quick:
        q.run_sparql(shipped_graph, "PREFIX x: <urn:x>\nSELECT * WHERE { ?s ?p }", label="my.rq")
    with pytest.raises(DataError) as full:
        q.check_query("PREFIX x: <urn:x>\nSELECT * WHERE { ?s ?p }", "my.rq")
    assert str(quick.value) == str(full.value) and quick.value.line == 2


def test_letters_of_service_anywhere_send_the_query_to_the_parse_tree(listener, engine,
                                                                      monkeypatch):
    """With the token scan off, a SERVICE in any spelling still meets rdflib's parse tree."""
    port, connections = listener
    _scan_off(monkeypatch)
    for keyword in ("SERVICE", "service", "SeRvIcE"):
        text = f"SELECT * WHERE {{ {keyword} <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
        with pytest.raises(q.QueryRefused):
            q.run_sparql(engine, text)
    assert connections == []


def test_a_string_holding_from_still_runs(engine):
    rows = q.run_sparql(engine, 'SELECT ?l WHERE { ?c a am:Proposal ; rdfs:label ?l '
                                'FILTER(!CONTAINS(?l, "from nowhere")) }').rows
    assert len(rows) == 2
