"""GEXF for Gephi: the same nodes, edges and attributes as the GraphML export.

See :mod:`graph.formats.graphml` for the attributes.  Gephi shows ``label`` as the node label
and can colour by ``kind`` and ``relation``.  Complexity O(V + E).
Reference: GEXF 1.2 specification, https://gexf.net/ .

>>> import networkx as nx, io
>>> nx.read_gexf(io.BytesIO(export(__import__("rdflib").Graph()))).number_of_nodes()
0
"""

from __future__ import annotations

import io

import networkx as nx
from rdflib import Graph

from .graphml import to_networkx

__all__ = ["export"]


def export(graph: Graph, *, focus=None, depth=None) -> bytes:
    g = to_networkx(graph)
    buffer = io.BytesIO()
    nx.write_gexf(g, buffer, encoding="utf-8")
    return buffer.getvalue()
