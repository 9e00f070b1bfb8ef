"""The neighbourhood of a claim: what ``argmap export --focus ID --depth N`` writes.

The *neighbourhood* of a claim within depth N is every claim reachable from it in at most N
relations, where one relation is one support (a premise and its conclusion are one hop apart)
or one attack (attacker and target; an undercut reaches the supported conclusion and the
premises of the support it attacks), with the supports and attacks among those claims and
everything that gives them provenance: assertions, sources, actors, topics, reviews and
positions about them.  The result is a new graph that validates on its own.

Breadth-first search: O(V + E) for the argument structure plus O(T) to copy triples.

>>> from rdflib import Graph
>>> len(neighbourhood(Graph(), "https://w3id.org/argmap/bms/claim/x", 1))
0
"""

from __future__ import annotations

from collections import deque

from rdflib import Graph, URIRef


from graph.vocab import AM, bind_prefixes

from ._common import argument_view

__all__ = ["neighbourhood"]

#: Properties whose object is provenance to copy with a kept node.
_PROVENANCE = (AM.actor, AM.source, AM.via, AM.statedBy, AM.statedIn, AM.evidence, AM.reviewer)


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
    extra: set = set()
    for node in nodes:
        for predicate, obj in graph.predicate_objects(node):
            result.add((node, predicate, obj))
            if predicate in _PROVENANCE or predicate == AM.attackKind:
                extra.add(obj)
    topics = {o for n in kept for o in graph.objects(n, URIRef("http://purl.org/dc/terms/subject"))}
    for node in extra | topics:
        for predicate, obj in graph.predicate_objects(node):
            result.add((node, predicate, obj))
    for scheme in {o for t in topics
                   for o in graph.objects(t, URIRef("http://www.w3.org/2004/02/skos/core#inScheme"))}:
        for triple in graph.triples((scheme, None, None)):
            result.add(triple)
    return result
