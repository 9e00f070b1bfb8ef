"""A focus map without reading the whole debate: the neighbourhood first, then the model.

``argmap draw --focus ID --depth N`` shows the nodes within N relations of one node.  Building
the map model of the whole debate and cutting it afterwards reads every triple of the graph
(minutes at 100,000 claims); this module reads only what the focus map shows, by pattern
lookups with bound values on the big graph, and copies it into a small in-memory graph on which
:func:`viz.model.map_model`'s usual code runs.  Two functions:

:func:`neighbourhood_graph`
    The small graph.  A breadth-first walk over the claims, with the focus view's own steps
    (:func:`viz.model._neighbourhood`): a support joins its premises, its conclusion and the
    claims that undercut it (a junction costs no step, so every two of them are one step apart);
    a rebuttal or undermining joins attacker and target; actors and sources are leaves, except
    as the focus.  Every claim within N steps comes with everything its card and its edges show
    (assertions, actors and their memberships, sources, topics, reviews, the supports and attacks
    that touch it); every claim one step further, and every premise of a support that touches
    the neighbourhood, comes with its own triples and its assertions only — enough for the
    support to become the same junction and for ``--actor``/``--topic`` to keep or drop it as on
    the whole map.  The walk may take in more than the view keeps (it never takes in less); the
    model's own cut then keeps exactly what the whole map's cut keeps, because the small map's
    nodes and edges are the whole map's, so no distance can shrink.

:func:`grounded_statuses`
    The grounded status of some claims, exactly as :func:`graph.semantics.claim_status`
    computes it on the whole debate, from the claims' attack ancestors only (see its docstring
    for why that is exact), or None when those ancestors are too many to be worth walking.

Complexity: O(k) store lookups for a neighbourhood of k nodes, plus the ancestors' walk,
instead of O(T) in the triples of the whole graph.
"""

from __future__ import annotations

from collections import deque
from typing import NamedTuple

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF

from graph.store import oxigraph_store_of
from graph.vocab import AM

__all__ = ["Lookups", "Neighbourhood", "neighbourhood_graph", "grounded_statuses",
           "STATUS_WALK_BUDGET"]

#: Above this many ancestor claims, :func:`grounded_statuses` gives up: labelling the whole
#: debate at once is then cheaper than walking it claim by claim with pattern lookups.
STATUS_WALK_BUDGET = 5000

_CLAIM_TYPES = (AM.Claim, AM.Proposal)
_ACTOR_TYPES = (AM.Person, AM.Organisation, AM.PoliticalGroup, AM.Institution)
_SOURCE_TYPES = (AM.CourtRuling, AM.LegalAct, AM.Report, AM.Opinion, AM.Letter, AM.Study,
                 AM.Statement, AM.PressRelease, AM.NewsArticle, AM.WebPage, AM.DebateRecord,
                 AM.Source)


class _T:
    """The terms the walk reads, as plain attributes: an rdflib namespace makes a new URIRef,
    and checks it, at every attribute access — tens of thousands in a walk."""

    type, subject, member, organization = RDF.type, DCTERMS.subject, ORG.member, ORG.organization
    Support, actor, attacker, claim = AM.Support, AM.actor, AM.attacker, AM.claim
    conclusion, evidence, premise, reviewOf = AM.conclusion, AM.evidence, AM.premise, AM.reviewOf
    reviewer, source, statedBy, statedIn = AM.reviewer, AM.source, AM.statedBy, AM.statedIn
    target, verdict = AM.target, AM.verdict


_SUPPORT_ENDS = (AM.premise, AM.conclusion)
_RELATION_ENDS = (AM.premise, AM.conclusion, AM.attacker, AM.target)


class Lookups:
    """Pattern lookups on the big graph, with bound values, each answer read once and kept.

    ``own(node)`` is every ``(predicate, object)`` of a node, ``incoming(node)`` every
    ``(subject, predicate)`` pointing at it: one store call each, whatever the predicates, so
    a claim's supports, attacks, assertions and reviews cost one call.  ``incoming`` is for
    claims, supports and assertions only (a topic or a political group has thousands).  On an
    Oxigraph-backed graph the calls go to the ``pyoxigraph.Store`` itself, without rdflib's
    generator layers (half the cost of a lookup on the parse cache).
    """

    def __init__(self, graph: Graph):
        self.graph = graph
        self._own: dict = {}
        self._incoming: dict = {}
        self._values: dict = {}
        self._referrers: dict = {}
        self._store = oxigraph_store_of(graph)
        if self._store is not None:
            import pyoxigraph as ox

            from graph.store import _from_ox  # the terms rdflib's view of the store gives

            self._ox, self._from_ox, self._ox_terms = ox, _from_ox, {}
            self._default_graph = ox.DefaultGraph()

    def _node(self, term):
        """*term* (an IRI or blank node of the graph) as an Oxigraph term."""
        found = self._ox_terms.get(term)
        if found is None:
            found = self._ox_terms[term] = (self._ox.BlankNode(term) if isinstance(term, BNode)
                                            else self._ox.NamedNode(term))
        return found

    def own(self, node) -> list[tuple]:
        found = self._own.get(node)
        if found is None:
            if not isinstance(node, (URIRef, BNode)):
                found = []  # a literal is no subject
            elif self._store is None:
                found = list(self.graph.predicate_objects(node))
            else:
                convert = self._from_ox
                found = [(convert(q.predicate), convert(q.object))
                         for q in self._store.quads_for_pattern(self._node(node), None, None,
                                                                self._default_graph)]
            self._own[node] = found
        return found

    def incoming(self, node) -> list[tuple]:
        found = self._incoming.get(node)
        if found is None:
            if self._store is None:
                found = list(self.graph.subject_predicates(node))
            else:
                convert = self._from_ox
                found = [(convert(q.subject), convert(q.predicate))
                         for q in self._store.quads_for_pattern(None, None, self._node(node),
                                                                self._default_graph)]
            self._incoming[node] = found
        return found

    def values(self, node, predicate) -> list:
        """The objects of *node*'s *predicate*: from :meth:`own` when read, else one bound
        lookup (a claim's text costs more to decode than its type)."""
        own = self._own.get(node)
        if own is not None:
            return [o for p, o in own if p == predicate]
        key = (node, predicate)
        found = self._values.get(key)
        if found is None:
            if not isinstance(node, (URIRef, BNode)):
                found = []
            elif self._store is None:
                found = list(self.graph.objects(node, predicate))
            else:
                convert = self._from_ox
                found = [convert(q.object) for q in self._store.quads_for_pattern(
                    self._node(node), self._node(predicate), None, self._default_graph)]
            self._values[key] = found
        return found

    def referrers(self, node, predicate) -> list:
        """The subjects pointing at *node* with *predicate*: from :meth:`incoming` when read,
        else one bound lookup (an actor or a topic has too many to read them all)."""
        incoming = self._incoming.get(node)
        if incoming is not None:
            return [s for s, p in incoming if p == predicate]
        key = (node, predicate)
        found = self._referrers.get(key)
        if found is None:
            if self._store is None:
                found = list(self.graph.subjects(predicate, node))
            else:
                convert = self._from_ox
                found = [convert(q.subject) for q in self._store.quads_for_pattern(
                    None, self._node(predicate), self._node(node), self._default_graph)]
            self._referrers[key] = found
        return found

    def types(self, node) -> set:
        return set(self.values(node, _T.type))

    def is_claim(self, node) -> bool:
        return isinstance(node, URIRef) and bool(self.types(node).intersection(_CLAIM_TYPES))


def _small_graph() -> Graph:
    """An empty in-memory graph for a few thousand triples: rdflib's store without contexts,
    three times faster to fill than its default one."""
    from rdflib.plugins.stores.memory import SimpleMemory

    return Graph(store=SimpleMemory())


class Neighbourhood(NamedTuple):
    """What :func:`neighbourhood_graph` found."""

    graph: Graph        #: the small graph to build the map model from
    claims: frozenset   #: the claims within the depth (a superset of those the view keeps)


def neighbourhood_graph(graph: Graph, focus, depth: int, actor=None,
                        lookups: Lookups | None = None) -> Neighbourhood:
    """A small graph holding everything the focus map of *focus* at *depth* shows.

    The map model of the small graph, cut to the same focus and depth and given the whole
    debate's statuses and title, is the model of the whole graph cut so — with ``--topic``
    too, and with ``--actor`` when *actor* is given here (the supports and attacks that
    actor stated decide which claims the filter keeps, so they are copied as well).  A focus
    that is not on the map is not on the small one either, so the error is the same.
    *lookups* may be shared with :func:`grounded_statuses`.
    """
    read = lookups if lookups is not None else Lookups(graph)
    centre = URIRef(str(focus))
    filter_actor = URIRef(str(actor)) if actor is not None else None
    depth = max(depth, 0)
    distance: dict = {}   # claim -> steps from the centre (never more than the view's own)
    queue: deque = deque()

    def reach(claim, steps: int) -> None:
        if steps <= depth and distance.get(claim, depth + 1) > steps and read.is_claim(claim):
            distance[claim] = steps
            queue.append(claim)

    def undercuts(support) -> list:
        return read.referrers(support, _T.target)

    def support_members(support) -> list:
        """The claims a support's junction joins: premises, conclusion, undercutters."""
        members = read.values(support, _T.premise) + read.values(support, _T.conclusion)
        for attack in undercuts(support):
            members += read.values(attack, _T.attacker)
        return members

    def stated(node) -> list:
        """The claims of the assertions naming *node* as their actor or source."""
        return [claim for predicate in (_T.actor, _T.source)
                for assertion in read.referrers(node, predicate)
                for claim in read.values(assertion, _T.claim)]

    def is_actor_or_source(node) -> bool:
        return bool(read.types(node).intersection(_ACTOR_TYPES + _SOURCE_TYPES))

    # The centre's own edges when it is not (only) a claim: a junction, an actor, a source,
    # or a node an attack points at.
    relations: set = set()    # supports and attacks touching the neighbourhood
    reach(centre, 0)
    centre_types = read.types(centre)
    if _T.Support in centre_types:
        relations.add(centre)  # whether it is a junction decides whether it is on the map
        for member in support_members(centre):
            reach(member, 1)
    if is_actor_or_source(centre):
        for claim in stated(centre):
            reach(claim, 1)
    if centre not in distance:
        for attack in read.referrers(centre, _T.target):
            for attacker in read.values(attack, _T.attacker):
                reach(attacker, 1)

    rim = []                  # claims at the full depth, whose relations lead out of the view
    while queue:
        claim = queue.popleft()
        steps = distance[claim] + 1
        if steps > depth:
            rim.append(claim)
            continue
        for subject, predicate in read.incoming(claim):
            if predicate in _RELATION_ENDS:
                read.own(subject)  # copied below: read it whole once
            if predicate in _SUPPORT_ENDS:
                relations.add(subject)
                for member in support_members(subject):
                    reach(member, steps)
            elif predicate == _T.attacker:
                relations.add(subject)
                for target in read.values(subject, _T.target):
                    if _T.Support in read.types(target):
                        relations.add(target)
                        for member in support_members(target):
                            reach(member, steps)
                    else:
                        reach(target, steps)
            elif predicate == _T.target:
                relations.add(subject)
                for attacker in read.values(subject, _T.attacker):
                    reach(attacker, steps)
        if is_actor_or_source(claim):
            for other in stated(claim):  # an IRI that is a claim and an actor: both its edges
                reach(other, steps)
    # On the rim (every distance now known) a relation matters only if its edge or junction
    # can be on the view: both ends within it, or (a support) its conclusion.  An undercut's
    # junction comes with its conclusion's supports.
    for claim in rim:
        for subject, predicate in read.incoming(claim):
            if predicate in _SUPPORT_ENDS:
                keep = any(c in distance for c in read.values(subject, _T.conclusion))
            elif predicate == _T.attacker:
                keep = any(t in distance or is_actor_or_source(t)
                           for t in read.values(subject, _T.target))
            elif predicate == _T.target:
                keep = any(a in distance for a in read.values(subject, _T.attacker))
            else:
                continue
            if keep:
                relations.add(subject)

    small = _small_graph()
    copied: set = set()
    outlined: set = set()

    def copy(node) -> None:
        if node not in copied:
            copied.add(node)
            for predicate, obj in read.own(node):
                small.add((node, predicate, obj))

    def copy_outline(claim) -> None:
        """A claim beyond the view: what makes it a claim (so that a support is the same
        junction) and what the filters keep it by (its topics; its assertions for --actor)."""
        if claim in outlined or claim in copied:
            return
        outlined.add(claim)
        for predicate in (_T.type, _T.subject):
            for obj in read.values(claim, predicate):
                small.add((claim, predicate, obj))
        if filter_actor is not None:
            for assertion in read.referrers(claim, _T.claim):
                copy(assertion)

    def copy_stated(node) -> None:
        """An actor or source with the claims it is named for: on the map when one is kept."""
        copy_actor(node)
        for predicate in (_T.actor, _T.source):
            for assertion in read.referrers(node, predicate):
                copy(assertion)
                for claim in read.values(assertion, _T.claim):
                    copy_outline(claim)

    def copy_actor(who) -> None:
        copy(who)
        for membership in read.referrers(who, _T.member):
            # what the map reads of a membership: that it is one, and of which organisation
            small.add((membership, _T.member, who))
            for predicate in (_T.type, _T.organization):
                for obj in read.values(membership, predicate):
                    small.add((membership, predicate, obj))
            for organisation in read.values(membership, _T.organization):
                copy(organisation)

    def copy_review(review) -> None:
        copy(review)
        for predicate in (_T.verdict, _T.reviewer, _T.evidence):
            for node in read.values(review, predicate):
                copy(node)

    for claim in distance:
        copy(claim)
        for topic in read.values(claim, _T.subject):
            copy(topic)
        for subject, predicate in read.incoming(claim):
            if predicate == _T.reviewOf:
                copy_review(subject)
            elif predicate == _T.claim:  # an assertion
                copy(subject)
                for who in read.values(subject, _T.actor):
                    copy_actor(who)
                for source in read.values(subject, _T.source):
                    copy(source)
                for review in read.referrers(subject, _T.reviewOf):
                    copy_review(review)
        if is_actor_or_source(claim):
            copy_stated(claim)
    if is_actor_or_source(centre):
        copy_stated(centre)  # as the focus, even at depth 0
    # With --actor, the supports and attacks that actor stated decide which claims the filter
    # keeps: each comes with its ends as claims.
    stated_by_filter = (set(read.referrers(filter_actor, _T.statedBy))
                        if filter_actor is not None else set())

    def copy_card(relation) -> None:
        """Who stated a relation and where: its edge's or junction's card."""
        for predicate in (_T.statedBy, _T.statedIn):
            for other in read.values(relation, predicate):
                copy(other)

    def copy_support(support, ends: bool) -> None:
        copy(support)
        attacks = undercuts(support)
        for attack in attacks:
            copy(attack)
        premises = read.values(support, _T.premise)
        junction = len(premises) > 1 or bool(attacks)  # it may be one: the model decides
        if junction or ends:
            for member in support_members(support):
                copy_outline(member)
        # A single premise outside the view leaves nothing of a plain support on it.
        if any(c in distance for c in read.values(support, _T.conclusion)):
            if junction or any(p in distance for p in premises):
                copy_card(support)
            for attack in attacks:
                if any(a in distance for a in read.values(attack, _T.attacker)):
                    copy_card(attack)

    def copy_attack(attack, ends: bool) -> None:
        copy(attack)
        attackers = read.values(attack, _T.attacker)
        if ends:
            for attacker in attackers:
                copy_outline(attacker)
        shown = any(a in distance for a in attackers)
        for target in read.values(attack, _T.target):
            # A target support is in `relations` itself when its junction can be on the view.
            if target in distance or not shown or read.is_claim(target):
                continue
            if is_actor_or_source(target):
                copy_stated(target)  # an attack on an actor or source
        if shown and all(t in distance or not read.is_claim(t)
                         for t in read.values(attack, _T.target)):
            copy_card(attack)

    for relation in relations | stated_by_filter:
        read.own(relation)  # copied whole in any case
        if _T.Support in read.types(relation):
            copy_support(relation, relation in stated_by_filter)
        else:
            copy_attack(relation, relation in stated_by_filter)
    return Neighbourhood(small, frozenset(distance))


def _first(values):
    """The value :func:`graph.network.read_debate` picks among several (the least by text)."""
    return min(values, key=str) if values else None


def grounded_statuses(graph: Graph, claims, budget: int | None = None,
                      lookups: Lookups | None = None) -> dict | None:
    """``{claim IRI: "in" | "out" | "undec"}`` of *claims* under grounded semantics, exactly as
    :func:`graph.semantics.claim_status` gives it on the whole debate; None when the walk
    passes *budget* claims (default :data:`STATUS_WALK_BUDGET`) or meets a node that is both a
    claim and a support.

    Why reading the attack ancestors is enough: in the framework of
    :func:`graph.network.abstract_framework`, a claim's attackers are the claims attacking it
    and the supports concluding those; every attacker of a claim also attacks each support
    concluding it, so (by induction over the grounded iteration) a support is never accepted
    before its conclusion, and a claim is accepted, defeated or undecided exactly as in the
    framework of claims and claim-to-claim attacks alone — what the module docstring of
    :mod:`graph.network` says: supports neither rescue nor sink a claim.  Grounded semantics
    is directional (Baroni & Giacomin 2007): a claim's label depends only on the claims that
    reach it by attacks.  So the claims and attacks found walking attacks backwards from
    *claims* — each attack read as :func:`graph.network.read_debate` reads it — make a small
    framework that :func:`graph.semantics.grounded_labelling` labels, as ``claim_status`` does
    (without networkx, which the whole framework needs).
    """
    from graph.semantics import Framework, grounded_labelling

    budget = STATUS_WALK_BUDGET if budget is None else budget
    read = lookups if lookups is not None else Lookups(graph)
    seen = {URIRef(str(c)) for c in claims}
    queue = deque(seen)
    attacks = []
    while queue:
        claim = queue.popleft()
        if len(seen) > budget:
            return None
        if read.values(claim, _T.conclusion) and read.values(claim, _T.premise):
            return None  # a support in the framework, whose attacks differ
        for attack in set(read.referrers(claim, _T.target)):
            if not isinstance(attack, URIRef):
                continue  # read_debate reads relations named by IRIs only
            if _first(read.values(attack, _T.target)) != claim:
                continue  # an attack read_debate takes as aimed elsewhere
            attacker = _first(read.values(attack, _T.attacker))
            if attacker is None:
                continue
            attacks.append((str(attacker), str(claim)))
            if attacker not in seen:
                seen.add(attacker)
                queue.append(attacker)
    labels = grounded_labelling(Framework([str(c) for c in seen], attacks))
    return {str(c): labels[str(c)] for c in claims}
