"""GraphML for yEd, Gephi and networkx: claims as nodes, supports and attacks as edges.

Each claim is a node (id = its short ID ``claim:slug``) with attributes ``label``, ``text``,
``kind`` (claim / proposal), ``topics``, ``speakers``.  Each premise of a support is an edge
premise → conclusion with ``relation = "support"``; each attack an edge attacker → target
claim with ``relation = "attack"`` and ``attack_kind``; an undercut, whose target is a support,
points at the support's conclusion and names the support in ``undercuts``.  Every edge has
``id`` (the support or attack), ``stated_by`` and ``stated_in``.  Parallel edges are kept (a
multigraph).  In yEd, map ``label`` to the node label with *Edit → Properties Mapper*.

Complexity O(V + E).  Reference: GraphML specification, http://graphml.graphdrawing.org/ .

>>> import networkx as nx, io
>>> nx.read_graphml(io.BytesIO(export(__import__("rdflib").Graph()))).number_of_nodes()
0
"""

from __future__ import annotations

import io

import networkx as nx
from rdflib import Graph

from ._common import argument_view, local_id

__all__ = ["export", "to_networkx"]


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """The claims and relations of *graph* as a networkx MultiDiGraph with string attributes."""
    view = argument_view(graph)
    g = nx.MultiDiGraph()
    for claim in view.claims.values():
        g.add_node(local_id(claim.iri), label=claim.label, text=claim.text,
                   kind="proposal" if claim.proposal else "claim",
                   topics="; ".join(view.topics.get(t, local_id(t)) for t in claim.topics),
                   speakers="; ".join(sorted({view.actors[a.actor].name for a in claim.assertions
                                              if a.actor in view.actors})))

    def common(record) -> dict:
        return {"id": local_id(record.iri),
                "stated_by": "; ".join(local_id(x) for x in record.stated_by),
                "stated_in": "; ".join(local_id(x) for x in record.stated_in)}

    for support in view.supports.values():
        if support.conclusion not in view.claims:
            continue
        for premise in support.premises:
            if premise in view.claims:
                g.add_edge(local_id(premise), local_id(support.conclusion), key=local_id(support.iri) + "#" + local_id(premise),
                           relation="support", attack_kind="", undercuts="", **common(support))
    for attack in view.attacks.values():
        target, undercuts = attack.target, ""
        if target in view.supports:
            undercuts, target = local_id(target), view.supports[target].conclusion
        if attack.attacker not in view.claims or target not in view.claims:
            continue
        g.add_edge(local_id(attack.attacker), local_id(target), key=local_id(attack.iri),
                   relation="attack", attack_kind=attack.kind, undercuts=undercuts, **common(attack))
    return g


def export(graph: Graph, *, focus=None, depth=None) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(to_networkx(graph), buffer, encoding="utf-8", named_key_ids=True)
    return buffer.getvalue()
