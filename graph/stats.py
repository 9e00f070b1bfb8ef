"""Counts of what a map holds: claims, relations, assertions, actors, sources, reviews, events.

One SPARQL query per figure keeps it fast on any store (no Python-side iteration over triples).

>>> from graph.store import load_graph
>>> stats = statistics(load_graph(b"@prefix am: <https://w3id.org/argmap/ns#> . "
...                               b"<urn:c> a am:Claim .", format="turtle"))
>>> stats["claims"], stats["claims_without_source"]
(1, 1)
"""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import DCTERMS, RDF, RDFS

from .vocab import AM, SOURCE_KINDS, ATTACK_KINDS, ACTOR_KINDS

__all__ = ["statistics", "claims_without_source"]

_PREFIXES = f"PREFIX am: <{AM}>\nPREFIX rdf: <{RDF}>\nPREFIX rdfs: <{RDFS}>\n"


def _count(graph: Graph, where: str, **bindings) -> int:
    query = _PREFIXES + f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}"
    rows = list(graph.query(query, initBindings=bindings or None))
    return int(rows[0][0]) if rows else 0


#: What lets a reader find a source directly: a URL or an identifier.
_LOCATORS = " ".join(f"<{p}>" for p in (
    "https://schema.org/url", AM.ecli, AM.caseNumber, AM.celex, AM.eli, AM.documentNumber,
    AM.doi, AM.isbn, DCTERMS.identifier))

_CLAIM = "{ ?x a am:Claim } UNION { ?x a am:Proposal }"

# MINUS, not FILTER NOT EXISTS: Oxigraph evaluates the latter per row (145 s at 10k claims).
_UNSOURCED = f"""
  {_CLAIM}
  MINUS {{ ?assertion am:claim ?x ; am:source ?source . }}
"""


def claims_without_source(graph: Graph) -> list[str]:
    """IRIs of claims that no assertion ties to a source, sorted."""
    rows = graph.query(_PREFIXES + f"SELECT DISTINCT ?x WHERE {{ {_UNSOURCED} }}")
    return sorted(str(row[0]) for row in rows)


def statistics(graph: Graph) -> dict:
    """A dict of counts: the figures ``argmap stats`` prints.

    Keys: ``claims``, ``proposals``, ``supports``, ``attacks`` and ``attacks_<kind>``,
    ``assertions``, ``actors`` and ``actors_<kind>``, ``sources`` and ``sources_<kind>``,
    ``sources_citation_only`` (sources with a citation but no URL or identifier),
    ``reviews``, ``events``, ``votes``, ``positions``, ``topics``, ``triples``,
    ``claims_without_source``.
    """
    stats = {
        "claims": _count(graph, _CLAIM),
        "proposals": _count(graph, "?x a am:Proposal"),
        "supports": _count(graph, "?x a am:Support"),
        "attacks": _count(graph, "?x a am:Attack"),
    }
    for name, kind in ATTACK_KINDS.items():
        stats[f"attacks_{name}"] = _count(graph, "?x a am:Attack ; am:attackKind ?kind", kind=kind)
    stats["assertions"] = _count(graph, "?x a am:Assertion")
    actor_classes = " ".join(f"<{c}>" for c in ACTOR_KINDS.values())
    stats["actors"] = _count(graph, f"?x a ?c . VALUES ?c {{ {actor_classes} }}")
    for name, kind in ACTOR_KINDS.items():
        stats[f"actors_{name}"] = _count(graph, "?x a ?c", c=kind)
    source_classes = " ".join(f"<{c}>" for c in (AM.Source, *SOURCE_KINDS.values()))
    stats["sources"] = _count(graph, f"?x a ?c . VALUES ?c {{ {source_classes} }}")
    for name, kind in SOURCE_KINDS.items():
        stats[f"sources_{name}"] = _count(graph, "?x a ?c", c=kind)
    stats["sources_citation_only"] = _count(graph, f"""
        ?x <{DCTERMS.bibliographicCitation}> ?citation .
        MINUS {{ ?x ?p ?id . VALUES ?p {{ {_LOCATORS} }} }}""")
    stats["reviews"] = _count(graph, "?x a am:Review")
    stats["events"] = _count(graph, "{ ?x a am:Event } UNION { ?x a am:Vote }")
    stats["votes"] = _count(graph, "?x a am:Vote")
    stats["positions"] = _count(graph, "?x a am:Position")
    stats["topics"] = _count(graph, "?x a <http://www.w3.org/2004/02/skos/core#Concept>")
    rows = list(graph.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    stats["triples"] = int(rows[0][0])
    stats["claims_without_source"] = _count(graph, _UNSOURCED)
    return stats
