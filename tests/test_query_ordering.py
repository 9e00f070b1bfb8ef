"""Rows sorted in Python come out in exactly the order Oxigraph's own ORDER BY gives.

The embedded Oxigraph engine takes a SELECT's ORDER BY out of the text when its keys are
variables or STR() of them, and sorts the rows itself (Oxigraph's sort costs seconds at 100,000
rows; see ``graph.sparql``).  A user must not see any difference: every case here runs the same
text through argmap's engine and through Oxigraph directly, with ORDER BY left in, and compares
the rows — strings outside ASCII, empty strings, unbound values, IRIs beside literals, ties,
descending keys, and values only the engine knows how to order (numbers, dates, tagged
literals, blank nodes), which must be handed back to it.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph import query as q
from graph import sparql

_DATA = """
@prefix ex: <http://e/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:p "zeta" ; ex:n 10 .
ex:b ex:p "\u00e9clair" ; ex:n 9 .
ex:c ex:p "Zulu" ; ex:n 9.5 .
ex:d ex:p ex:an-iri .
ex:e ex:q "x" ; ex:d "2021-04-21"^^xsd:date .
ex:f ex:p "" .
ex:g ex:p "\U0001F600 smile" .
ex:h ex:p "\uFFFD" .
ex:i ex:p "zeta" .
ex:j ex:p _:blank .
ex:k ex:p "zeta"@en .
ex:l ex:p "2"^^xsd:integer .
"""

_STRINGS_AND_IRIS = ("OPTIONAL { ?s <http://e/p> ?o FILTER (isIRI(?o) || (isLiteral(?o) "
                     "&& datatype(?o) = xsd:string)) }")


@pytest.fixture(scope="module")
def store():
    store = ox.Store()
    store.load(input=_DATA.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    return store


def _both(store, text: str, limit: int = 1000):
    """(argmap's rows, Oxigraph's own rows) for *text*."""
    text = "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n" + text
    ours = q.OxigraphEngine(store).execute(text, "select", limit, 10)
    solutions = store.query(text)
    theirs, cut = sparql._oxigraph_rows(solutions, len(ours.columns), limit)
    assert ours.truncated == cut
    return ours.rows, theirs


@pytest.mark.parametrize("order", [
    "?o STR(?s)", "STR(?o) ?s", "DESC(?o) ?s", "DESC(STR(?o)) DESC(?s)", "ASC(?o) ASC(STR(?s))",
    "?o",  # ties ("zeta" twice, and the unbound values) keep the engine's order
])
def test_strings_iris_and_unbound_values_sort_as_oxigraph_sorts_them(store, order):
    text = f"SELECT ?s ?o WHERE {{ ?s ?x ?y {_STRINGS_AND_IRIS} }} ORDER BY {order}"
    assert sparql._python_ordering(text) is not None  # the case is one Python sorts
    ours, theirs = _both(store, text)
    assert len(ours) > 10
    assert ours == theirs


@pytest.mark.parametrize("text", [
    # values whose order only the engine knows: numbers, dates, tagged literals, blank nodes
    "SELECT ?s ?o WHERE { ?s ?x ?o } ORDER BY ?o ?s",
    "SELECT ?s ?n WHERE { ?s <http://e/n> ?n } ORDER BY DESC(?n)",
    # forms left to the engine: a LIMIT or OFFSET, an expression, a key not projected, SELECT *
    "SELECT ?s ?o WHERE { ?s <http://e/p> ?o } ORDER BY STR(?o) LIMIT 3",
    "SELECT ?s ?o WHERE { ?s <http://e/p> ?o } ORDER BY STR(?o) OFFSET 2",
    "SELECT ?s ?o WHERE { ?s <http://e/p> ?o } ORDER BY LCASE(STR(?o)) ?s",
    "SELECT ?s WHERE { ?s <http://e/p> ?o } ORDER BY STR(?o) ?s",
    "SELECT * WHERE { ?s <http://e/p> ?o } ORDER BY STR(?o) ?s",
    # aggregates, and a sub-SELECT with its own ORDER BY
    "SELECT ?o (COUNT(?s) AS ?n) WHERE { ?s <http://e/p> ?o } GROUP BY ?o ORDER BY STR(?o)",
    "SELECT ?s ?o WHERE { { SELECT ?s ?o WHERE { ?s <http://e/p> ?o } ORDER BY DESC(STR(?s)) "
    "LIMIT 5 } } ORDER BY STR(?o)",
    "SELECT ?s ?o WHERE { ?s <http://e/p> ?o } ORDER BY STR(?o) ?s VALUES ?s { <http://e/a> "
    "<http://e/b> <http://e/k> }",
])
def test_every_other_form_gives_the_engines_own_order(store, text):
    ours, theirs = _both(store, text)
    assert ours == theirs


def test_the_row_cap_applies_after_sorting(store):
    text = f"SELECT ?s ?o WHERE {{ ?s ?x ?y {_STRINGS_AND_IRIS} }} ORDER BY DESC(STR(?o)) ?s"
    ours, theirs = _both(store, text, limit=4)
    assert len(ours) == 4
    assert ours == theirs


@pytest.mark.parametrize("name", ["actors", "sources", "reviews", "one-sided", "claims"])
def test_the_whole_map_listings_are_sorted_in_python(name):
    # Their ORDER BY is what costs seconds at 100,000 rows: keep it in a form sorted here.
    text = q.prepare_named(q.named_query(name), {})
    assert sparql._python_ordering(text) is not None
