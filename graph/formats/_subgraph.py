"""The neighbourhood of a claim: what ``argmap export --focus ID --depth N`` writes.

The *neighbourhood* of a claim within depth N is every claim reachable from it in at most N
relations, where one relation is one support (a premise and its conclusion are one hop apart)
or one attack (attacker and target; an undercut reaches the supported conclusion and the
premises of the support it attacks), with the supports and attacks among those claims and
everything that gives them provenance: assertions, sources, actors, topics, reviews and
positions about them.  The result is a new graph that validates on its own.

Breadth-first search: O(V + E) for the argument structure plus O(T) to copy triples.

>>> from rdflib import Graph, Literal
>>> from graph.vocab import AM, BMS
>>> g = Graph(); _ = g.add((BMS["claim/x"], AM.text, Literal("X")))
>>> _ = g.add((BMS["claim/x"], __import__("rdflib").RDF.type, AM.Claim))
>>> len(neighbourhood(g, BMS["claim/x"], 1))
2
"""

from __future__ import annotations

from collections import deque

from rdflib import Graph, URIRef
from rdflib.namespace import RDF


from graph.errors import ArgmapError
from graph.vocab import AM, bind_prefixes

from ._common import argument_view, local_id

__all__ = ["neighbourhood"]


def neighbourhood(graph: Graph, focus, depth: int = 1) -> Graph:
    """A new graph: the claims within *depth* relations of *focus*, with their provenance."""
    focus = URIRef(str(focus))
    view = argument_view(graph)
    adjacent: dict[URIRef, set[URIRef]] = {c: set() for c in view.claims}

    def link(a, b):
        if a in adjacent and b in adjacent and a != b:
            adjacent[a].add(b)
            adjacent[b].add(a)

    for support in view.supports.values():
        for premise in support.premises:
            link(premise, support.conclusion)
    for attack in view.attacks.values():
        target = view.supports.get(attack.target)
        if target is not None:  # an undercut reaches the support's claims
            for claim in [target.conclusion, *target.premises]:
                link(attack.attacker, claim)
        else:
            link(attack.attacker, attack.target)
    start = focus
    if focus in view.supports:  # focusing a support: start from its conclusion
        start = view.supports[focus].conclusion
    elif focus in view.attacks:
        start = view.attacks[focus].attacker
    if start not in adjacent:
        raise ArgmapError(f"{local_id(focus)} is not a claim, support or attack; focus on one "
                          "of those")
    kept: set[URIRef] = set()
    if start in adjacent:
        kept.add(start)
        queue = deque([(start, 0)])
        while queue:
            node, distance = queue.popleft()
            if distance >= max(depth, 0):
                continue
            for other in adjacent[node]:
                if other not in kept:
                    kept.add(other)
                    queue.append((other, distance + 1))
    nodes = set(kept)
    for support in view.supports.values():
        if support.conclusion in kept and set(support.premises) <= kept:
            nodes.add(support.iri)
    for attack in view.attacks.values():
        if attack.attacker in kept and attack.target in nodes:
            nodes.add(attack.iri)
    # assertions, reviews and positions about what is kept
    for predicate in (AM.claim, AM.reviewOf, AM.proposal):
        for subject, obj in graph.subject_objects(predicate):
            if obj in nodes:
                nodes.add(subject)
    for subject, obj in graph.subject_objects(AM.reviewOf):  # reviews of kept assertions
        if obj in nodes:
            nodes.add(subject)
    result = bind_prefixes(Graph())
    # Copy the kept nodes, then every node they refer to that describes them (sources, actors,
    # topics and what those refer to in turn), but no further argument structure.
    structure = set(view.claims) | set(view.supports) | set(view.attacks)
    queue = deque(sorted(nodes, key=str))
    seen = set(nodes)
    while queue:
        node = queue.popleft()
        for predicate, obj in graph.predicate_objects(node):
            result.add((node, predicate, obj))
            if (isinstance(obj, URIRef) and obj not in seen and obj not in structure
                    and predicate != RDF.type and (obj, None, None) in graph
                    and not _is_relation_node(graph, obj)):
                seen.add(obj)
                queue.append(obj)
    return result


def _is_relation_node(graph: Graph, node) -> bool:
    """Assertions, reviews, positions, memberships and events are kept only when they are
    about a kept node (above), not pulled in by reference."""
    types = set(graph.objects(node, RDF.type))
    return bool(types & {AM.Assertion, AM.Review, AM.Position, AM.Membership, AM.Event, AM.Vote})
