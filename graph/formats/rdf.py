"""RDF formats: Turtle, N-Triples and JSON-LD — they carry every triple.

Turtle is argmap's canonical layout (:func:`graph.store.serialize_stable`: subjects sorted by
IRI, so exports diff well); N-Triples is sorted line by line; JSON-LD names argmap's published
context ``https://w3id.org/argmap/context.jsonld`` (the file ``graph/context.jsonld``), so that
``claim:false-alarm-rate`` reads the same in JSON as in Turtle.  Imports go through
:func:`graph.store.load_graph`, which never fetches a URL and reports syntax errors with
file:line:column.  Each function is O(T log T) for T triples.

>>> from rdflib import Graph, Literal
>>> from graph.vocab import AM, BMS
>>> g = Graph(); _ = g.add((BMS["claim/x"], AM.text, Literal("X", lang="en")))
>>> len(turtle_import_(turtle_export(g), name="x.ttl"))
1
"""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph

from graph.store import CONTEXT_IRI, load_graph, serialize_stable

from ._common import GraphIndex, decode_text

__all__ = ["turtle_export", "turtle_import_", "ntriples_export", "ntriples_import_",
           "jsonld_export", "jsonld_import_", "context"]


def context() -> dict:
    """argmap's published JSON-LD context (the ``@context`` object)."""
    path = Path(__file__).resolve().parent.parent / "context.jsonld"
    return json.loads(path.read_text(encoding="utf-8"))["@context"]


def turtle_export(graph: Graph, *, focus=None, depth=None) -> bytes:
    """The graph in argmap's canonical Turtle.

    Written from a snapshot of the graph (:class:`~graph.formats._common.GraphIndex`), which
    answers the writer's one question per subject without a query to the store each time.
    """
    return serialize_stable(GraphIndex.of(graph))


def turtle_import_(data: bytes, *, name: str) -> Graph:
    decode_text(data, name)  # binary data: name the place
    return load_graph(data, format="turtle", name=name)


def ntriples_export(graph: Graph, *, focus=None, depth=None) -> bytes:
    """N-Triples, one triple a line, lines sorted."""
    lines = graph.serialize(format="nt").splitlines()
    return ("\n".join(sorted(line for line in lines if line.strip())) + "\n").encode("utf-8")


def ntriples_import_(data: bytes, *, name: str) -> Graph:
    decode_text(data, name)
    return load_graph(data, format="nt", name=name)


def jsonld_export(graph: Graph, *, focus=None, depth=None) -> bytes:
    """JSON-LD compacted with argmap's context, which the document names by its IRI."""
    text = graph.serialize(format="json-ld", context=context(), indent=2, sort_keys=True,
                           auto_compact=True)
    document = json.loads(text)
    if isinstance(document, dict):
        document["@context"] = CONTEXT_IRI
        graph_nodes = document.get("@graph")
        if isinstance(graph_nodes, list):
            graph_nodes.sort(key=lambda node: str(node.get("@id", "")))
    return (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def jsonld_import_(data: bytes, *, name: str) -> Graph:
    decode_text(data, name)
    return load_graph(data, format="jsonld", name=name)
