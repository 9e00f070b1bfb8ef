"""The map model: what an argument map shows, independent of how it is drawn.

A *map model* is a plain dict of JSON-ready ``nodes`` and ``edges`` read from the RDF graph.
Nodes are claims (``proposal`` for the central proposals, ``claim`` for the arguments), the
``source`` documents they were stated in, the ``actor`` who stated them, and ``junction`` nodes
that stand for a support relation wherever a drawing needs the support itself as a point (several
premises that support together, or a support that an undercut attacks).  Edges are ``support``,
``rebut``, ``undermine``, ``undercut`` (premise/attacker → conclusion/target) and the thin
``stated`` (actor → claim) and ``cites`` (claim → source) edges.  Every node carries the data of
its card: full text, who stated it and when, verbatim quotes, sources, fact-check reviews,
topics and its acceptability status when :mod:`graph.semantics` can tell it.

The interactive map (:mod:`viz.html`) and the static drawing (:mod:`viz.static`) both draw this
model with the same style table (:mod:`viz.style`), so they show the same map.

Complexity: O(T) in the triples of the graph for the whole map; a ``focus`` view reads only its
neighbourhood (:mod:`viz.focus`), O(V + E) in what it shows plus the claims' attack ancestors.

>>> from graph.store import load_graph
>>> g = load_graph(b'''@prefix am: <https://w3id.org/argmap/ns#> .
... @prefix claim: <https://w3id.org/argmap/bms/claim/> .
... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
... claim:ban a am:Proposal ; rdfs:label "Ban it"@en .
... claim:why a am:Claim ; rdfs:label "Because"@en .
... <https://w3id.org/argmap/bms/support/s> a am:Support ; am:premise claim:why ;
...     am:conclusion claim:ban .''', format="turtle")
>>> model = map_model(g)
>>> [(n["id"], n["kind"]) for n in model["nodes"]]
[('claim:ban', 'proposal'), ('claim:why', 'claim')]
>>> [(e["from"], e["kind"], e["to"]) for e in model["edges"]]
[('claim:why', 'support', 'claim:ban')]
"""

from __future__ import annotations

from collections import defaultdict, deque
from typing import Iterable, NamedTuple

from rdflib import Graph, Literal, URIRef
from rdflib import namespace as _namespaces

from graph import vocab as _vocab
from graph.errors import ArgmapError
from graph.vocab import BMS  # noqa: F401  (the doctests)
from graph.vocab import short_id as vocab_short_id


class _Terms:
    """A namespace whose terms are made once: rdflib's make and check a new URIRef at every
    attribute access, which building a map does tens of thousands of times."""

    def __init__(self, namespace):
        self._namespace = namespace

    def __getattr__(self, name: str):
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term


AM, SDO = _Terms(_vocab.AM), _Terms(_vocab.SDO)
DCTERMS, FOAF, ORG = (_Terms(_namespaces.DCTERMS), _Terms(_namespaces.FOAF),
                      _Terms(_namespaces.ORG))
RDF, RDFS, SKOS = _Terms(_namespaces.RDF), _Terms(_namespaces.RDFS), _Terms(_namespaces.SKOS)

__all__ = ["map_model", "short_id", "safe_url", "claim_statuses", "DOUBTFUL_VERDICTS",
           "DEFAULT_DEPTH", "aggregate_by_topic"]

#: Verdicts that mark a claim as doubtful on the map.
DOUBTFUL_VERDICTS = {AM.Imprecise, AM.Overstated, AM.Misleading, AM.Inaccurate,
                     AM.Unverifiable, AM.Outdated}

#: Neighbourhood radius of ``--focus`` when no ``--depth`` is given.
DEFAULT_DEPTH = 2

_ACTOR_CLASSES = {AM.Person: "person", AM.Organisation: "organisation",
                  AM.PoliticalGroup: "political group", AM.Institution: "institution"}
_SOURCE_CLASSES = {AM.CourtRuling: "court ruling", AM.LegalAct: "legal act", AM.Report: "report",
                   AM.Opinion: "opinion", AM.Letter: "letter", AM.Study: "study",
                   AM.Statement: "statement", AM.PressRelease: "press release",
                   AM.NewsArticle: "news article", AM.WebPage: "web page",
                   AM.DebateRecord: "debate record", AM.Source: "source"}
_IDENTIFIERS = (("ECLI", AM.ecli), ("case", AM.caseNumber), ("CELEX", AM.celex),
                ("ELI", AM.eli), ("document", AM.documentNumber), ("DOI", AM.doi),
                ("ISBN", AM.isbn), ("identifier", DCTERMS.identifier))
def short_id(iri) -> str:
    """The ID argmap prints for a node (``claim:false-alarm-rate``), as everywhere else.

    >>> short_id(BMS["actor/edpb"])
    'actor:edpb'
    """
    return vocab_short_id(iri)


def safe_url(value) -> str | None:
    """*value* when it is an absolute http(s) URL a reader may follow, else None.

    >>> safe_url("https://edpb.europa.eu/x"), safe_url("javascript:alert(1)")
    ('https://edpb.europa.eu/x', None)
    """
    if value is None:
        return None
    text = str(value).strip()
    lowered = text.lower()
    if not (lowered.startswith("https://") or lowered.startswith("http://")):
        return None
    if any(ch in text for ch in "\x00\n\r\t <>\"'`\\") or len(text) > 2000:
        return None
    return text


def _text(graph: Graph, node, predicate, lang: str = "en") -> str | None:
    """The value of *predicate* on *node* in language *lang*, else untagged, else any."""
    values = [v for v in graph.objects(node, predicate) if isinstance(v, Literal)]
    if not values:
        return None
    for wanted in (lang, None):
        for value in sorted(values, key=str):
            if value.language == wanted or (wanted and value.language and
                                             value.language.split("-")[0] == wanted):
                return str(value)
    return str(sorted(values, key=str)[0])


def _texts(graph: Graph, node, predicate) -> list[dict]:
    return [{"text": str(v), "lang": v.language or ""}
            for v in sorted(graph.objects(node, predicate), key=lambda v: (v.language or "", str(v)))
            if isinstance(v, Literal)]


def _date(graph: Graph, node, *predicates) -> str | None:
    for predicate in predicates:
        value = graph.value(node, predicate)
        if value is not None:
            return str(value)
    return None


def _name(graph: Graph, node) -> str:
    for predicate in (RDFS.label, FOAF.name, SKOS.prefLabel, DCTERMS.title):
        text = _text(graph, node, predicate)
        if text:
            return text
    return short_id(node)


def _is_claim(graph: Graph, node) -> bool:
    return (node, RDF.type, AM.Claim) in graph or (node, RDF.type, AM.Proposal) in graph


def claim_statuses(graph: Graph) -> dict[str, str]:
    """Acceptability of each claim (``in``/``out``/``undec``) from :mod:`graph.semantics`.

    Empty when that module is absent or cannot label this graph: the map then shows no status.
    """
    try:
        from graph.semantics import claim_status  # written by the semantics engineer
    except ImportError:
        return {}
    try:
        raw = claim_status(graph)
    except (ImportError, ArgmapError, TypeError, ValueError, KeyError):
        return {}  # graph.network not there yet, or a graph it cannot read
    return _status_words(raw)


def _status_words(raw) -> dict[str, str]:
    words = {"in": "in", "accepted": "in", "out": "out", "rejected": "out", "defeated": "out",
             "undec": "undec", "undecided": "undec"}
    statuses = {}
    for claim, status in dict(raw).items():
        word = words.get(str(getattr(status, "value", status)).lower())
        if word:
            statuses[str(claim)] = word
    return statuses


def _focus_statuses(graph: Graph, claims, lookups=None) -> dict[str, str]:
    """The statuses of *claims* as :func:`claim_statuses` gives them on the whole *graph*,
    read from their attack ancestors when those are few (:func:`viz.focus.grounded_statuses`)."""
    from viz.focus import grounded_statuses

    try:
        raw = grounded_statuses(graph, claims, lookups=lookups)
    except (ImportError, ArgmapError, TypeError, ValueError, KeyError):
        return {}  # as claim_statuses does when the debate cannot be labelled
    return claim_statuses(graph) if raw is None else _status_words(raw)


def _sources(graph: Graph) -> dict:
    """Card data of every source, by IRI."""
    out = {}
    # One pass over the types finds the sources; each one's own classes are then read in the
    # store's order, which decides between two source classes.
    candidates = {s for s, t in graph.subject_objects(RDF.type)
                  if t in _SOURCE_CLASSES and isinstance(s, URIRef)}
    for source in candidates:
        kinds = [_SOURCE_CLASSES[t] for t in graph.objects(source, RDF.type) if t in _SOURCE_CLASSES]
        kind = sorted(kinds, key=lambda k: k == "source")[0]
        confidence = graph.value(source, AM.confidence)
        identifiers = [f"{label} {value}" for label, predicate in _IDENTIFIERS
                       for value in sorted(map(str, graph.objects(source, predicate)))]
        urls = sorted(map(str, graph.objects(source, SDO.url)))
        out[source] = {
            "id": short_id(source), "iri": str(source), "kind": "source",
            "label": _text(graph, source, DCTERMS.title) or _name(graph, source),
            "source_kind": kind,
            "publisher": _text(graph, source, DCTERMS.publisher),
            "date": _date(graph, source, DCTERMS.issued, DCTERMS.date),
            "identifiers": identifiers,
            "links": [{"url": safe_url(u), "text": u} for u in urls],
            "confidence": short_id(confidence) if confidence is not None else None,
        }
    return out


def _actors(graph: Graph) -> dict:
    groups = defaultdict(set)
    for membership in graph.subjects(RDF.type, AM.Membership):
        member = graph.value(membership, ORG.member)
        organisation = graph.value(membership, ORG.organization)
        if member is not None and organisation is not None:
            groups[member].add(organisation)
    out = {}
    for actor_class, kind in _ACTOR_CLASSES.items():
        for actor in graph.subjects(RDF.type, actor_class):
            if not isinstance(actor, URIRef):
                continue
            out[actor] = {
                "id": short_id(actor), "iri": str(actor), "kind": "actor", "actor_kind": kind,
                "label": _name(graph, actor),
                "country": _text(graph, actor, AM.country),
                "party": _text(graph, actor, AM.party),
                "roles": sorted(map(str, graph.objects(actor, AM.role))),
                "groups": sorted(short_id(g) for g in groups.get(actor, ())),
                "links": [{"url": safe_url(u), "text": str(u)}
                          for u in sorted(map(str, graph.objects(actor, SDO.url)))],
            }
    return out


def map_model(graph: Graph, focus: str | URIRef | None = None, depth: int | None = None,
              actor: str | URIRef | None = None, topic: str | URIRef | None = None,
              title: str | None = None) -> dict:
    """The map of *graph*: a dict with ``nodes``, ``edges``, ``facets`` and ``title``.

    *focus* (an IRI) keeps the nodes within *depth* relations of it (default 2) — claims,
    and the actors and sources around them; *actor* keeps the claims that actor stated (in an
    assertion or as the author of a support or attack) and *topic* the claims on that topic,
    each with the proposals they argue about.  Filters combine.  IDs in the model are short
    (``claim:x``); ``iri`` holds the full IRI.

    With *focus*, only the neighbourhood is read from *graph* (:mod:`viz.focus`), with the
    statuses and the title of the whole debate: the same model, without reading every triple.
    """
    if focus is None:
        return _model(graph, claim_statuses(graph), actor=actor, topic=topic, title=title)
    from viz.focus import Lookups, neighbourhood_graph

    depth = DEFAULT_DEPTH if depth is None else depth
    lookups = Lookups(graph)  # shared: the statuses' walk starts where the neighbourhood's ended
    near = neighbourhood_graph(graph, focus, depth, actor=actor, lookups=lookups)
    if not title:  # the whole debate's title, as on the whole map
        proposals = {p for p in graph.subjects(RDF.type, AM.Proposal) if isinstance(p, URIRef)}
        title = _default_title(graph, proposals)
    return _model(near.graph, _focus_statuses(graph, near.claims, lookups), focus=focus,
                  depth=depth, actor=actor, topic=topic, title=title)


def _model(graph: Graph, statuses: dict, focus=None, depth: int | None = None, actor=None,
           topic=None, title: str | None = None) -> dict:
    """The map of *graph* with *statuses* (see :func:`map_model`): the whole graph read."""
    return _view(_whole_map(graph, statuses, actor=actor, topic=topic), focus, depth, title)


class _WholeMap(NamedTuple):
    """Every node and edge of a map before any focus cut, and what the facets name them by."""

    nodes: dict
    edges: list
    actor_labels: dict
    topic_ids: dict
    graph: Graph
    proposals: set


def _whole_map(graph: Graph, statuses: dict, actor=None, topic=None) -> _WholeMap:
    """The nodes and edges of the map of *graph*, with the *actor*/*topic* filters."""
    sources = _sources(graph)
    actors = _actors(graph)

    claims = sorted({c for t in (AM.Claim, AM.Proposal) for c in graph.subjects(RDF.type, t)
                     if isinstance(c, URIRef)}, key=str)
    topics_of = {c: sorted(graph.objects(c, DCTERMS.subject), key=str) for c in claims}
    topic_labels = {}
    for concept in set(graph.subjects(RDF.type, SKOS.Concept)) | {
            t for ts in topics_of.values() for t in ts}:
        topic_labels[concept] = _text(graph, concept, SKOS.prefLabel) or short_id(concept)

    # Fact-check reviews of claims (and of the assertions of a claim).
    reviews = defaultdict(list)
    for review in graph.subjects(RDF.type, AM.Review):
        target = graph.value(review, AM.reviewOf)
        if target is None:
            continue
        if not _is_claim(graph, target):
            target = graph.value(target, AM.claim) or target
        verdict = graph.value(review, AM.verdict)
        reviewer = graph.value(review, AM.reviewer)
        reviews[target].append({
            "verdict": _name(graph, verdict) if verdict is not None else "",
            "verdict_id": short_id(verdict) if verdict is not None else "",
            "doubtful": verdict in DOUBTFUL_VERDICTS,
            "reason": _text(graph, review, AM.reason) or "",
            "reviewer": _name(graph, reviewer) if reviewer is not None else "",
            "date": _date(graph, review, AM.date),
            "evidence": [{"id": short_id(s), "label": sources.get(s, {}).get("label", short_id(s))}
                         for s in sorted(graph.objects(review, AM.evidence), key=str)],
        })

    # Assertions: who stated which claim, where and when, with verbatim quotes.
    assertions = defaultdict(list)
    for assertion in graph.subjects(RDF.type, AM.Assertion):
        claim = graph.value(assertion, AM.claim)
        if claim is None:
            continue
        who = graph.value(assertion, AM.actor)
        where = graph.value(assertion, AM.source)
        assertions[claim].append({
            "actor": who, "source": where,
            "actor_label": actors.get(who, {}).get("label") or (_name(graph, who) if who else ""),
            "source_label": sources.get(where, {}).get("label") or (_name(graph, where) if where else ""),
            "date": _date(graph, assertion, AM.date),
            "quotes": _texts(graph, assertion, AM.quote),
            "locator": _text(graph, assertion, AM.locator),
        })

    # Relations.
    supports = []
    for support in sorted(graph.subjects(RDF.type, AM.Support), key=str):
        premises = sorted((p for p in graph.objects(support, AM.premise) if p in topics_of), key=str)
        conclusion = graph.value(support, AM.conclusion)
        if premises and conclusion in topics_of:
            supports.append((support, premises, conclusion))
    attacks = []
    for attack in sorted(graph.subjects(RDF.type, AM.Attack), key=str):
        attacker = graph.value(attack, AM.attacker)
        target = graph.value(attack, AM.target)
        kind = graph.value(attack, AM.attackKind)
        name = {AM.rebut: "rebut", AM.undermine: "undermine", AM.undercut: "undercut"}.get(kind)
        if (target, RDF.type, AM.Support) in graph:
            name = "undercut"
        if attacker in topics_of and target is not None:
            attacks.append((attack, attacker, target, name or "rebut"))
    undercut_targets = {target for _, _, target, kind in attacks if kind == "undercut"}

    def relation_card(relation) -> dict:
        return {
            "stated_by": [actors.get(a, {}).get("label") or _name(graph, a)
                          for a in sorted(graph.objects(relation, AM.statedBy), key=str)],
            "stated_in": [sources.get(s, {}).get("label") or _name(graph, s)
                          for s in sorted(graph.objects(relation, AM.statedIn), key=str)],
            "comment": _text(graph, relation, RDFS.comment),
        }

    # Which claims stay, by the actor/topic filters.
    kept = set(claims)
    proposals = {c for c in claims if (c, RDF.type, AM.Proposal) in graph}
    if actor is not None:
        actor = URIRef(actor)
        by_actor = {c for c, rows in assertions.items() if any(r["actor"] == actor for r in rows)}
        for relation, premises, conclusion in supports:
            if (relation, AM.statedBy, actor) in graph:
                by_actor.update(premises)
        for relation, attacker, _, _ in attacks:
            if (relation, AM.statedBy, actor) in graph:
                by_actor.add(attacker)
        kept &= by_actor | proposals
    if topic is not None:
        topic = URIRef(topic)
        kept &= {c for c, ts in topics_of.items() if topic in ts} | proposals

    nodes: dict[str, dict] = {}
    edges: list[dict] = []

    def add_claim(claim) -> None:
        rows = sorted(assertions.get(claim, []), key=lambda r: (r["date"] or "", r["actor_label"]))
        claim_reviews = reviews.get(claim, [])
        card_sources, seen = [], set()
        for row in rows:
            if row["source"] is not None and row["source"] not in seen:
                seen.add(row["source"])
                source = sources.get(row["source"], {"id": short_id(row["source"]),
                                                     "label": row["source_label"], "links": []})
                card_sources.append({k: source.get(k) for k in
                                     ("id", "label", "publisher", "date", "links", "identifiers",
                                      "source_kind")})
        confidence = graph.value(claim, AM.confidence)
        nodes[short_id(claim)] = {
            "id": short_id(claim), "iri": str(claim),
            "kind": "proposal" if claim in proposals else "claim",
            "label": _text(graph, claim, RDFS.label) or _text(graph, claim, AM.text)
            or short_id(claim),
            "text": _text(graph, claim, AM.text) or "",
            "texts": _texts(graph, claim, AM.text),
            "status": statuses.get(str(claim)),
            "doubtful": any(r["doubtful"] for r in claim_reviews),
            "confidence": short_id(confidence) if confidence is not None else None,
            "first_stated": _date(graph, claim, AM.firstStated)
            or min((r["date"] for r in rows if r["date"]), default=None),
            "topics": [short_id(t) for t in topics_of.get(claim, [])],
            "actors": sorted({short_id(r["actor"]) for r in rows if r["actor"] is not None}),
            "groups": sorted({g for r in rows if r["actor"] in actors
                              for g in actors[r["actor"]]["groups"]}
                             | {short_id(r["actor"]) for r in rows
                                if actors.get(r["actor"], {}).get("actor_kind") == "political group"}),
            "assertions": [{"actor": short_id(r["actor"]) if r["actor"] is not None else "",
                            "actor_label": r["actor_label"], "date": r["date"],
                            "source": short_id(r["source"]) if r["source"] is not None else "",
                            "source_label": r["source_label"], "quotes": r["quotes"],
                            "locator": r["locator"]} for r in rows],
            "sources": card_sources,
            "reviews": claim_reviews,
        }

    for claim in claims:
        if claim in kept:
            add_claim(claim)

    for relation, premises, conclusion in supports:
        premises = [p for p in premises if p in kept]
        if not premises or conclusion not in kept:
            continue
        card = relation_card(relation)
        if len(premises) > 1 or relation in undercut_targets:
            junction = short_id(relation)
            nodes[junction] = {"id": junction, "iri": str(relation), "kind": "junction",
                               "label": "", "text": "", **card,
                               "conclusion": short_id(conclusion),
                               "premises": [short_id(p) for p in premises]}
            for premise in premises:
                edges.append({"id": f"{junction}#{short_id(premise)}", "from": short_id(premise),
                              "to": junction, "kind": "support", "into_junction": True,
                              "relation": junction, **card})
            edges.append({"id": junction, "from": junction, "to": short_id(conclusion),
                          "kind": "support", "relation": junction, **card})
        else:
            edges.append({"id": short_id(relation), "from": short_id(premises[0]),
                          "to": short_id(conclusion), "kind": "support",
                          "relation": short_id(relation), **card})
    for relation, attacker, target, kind in attacks:
        if attacker not in kept or short_id(target) not in nodes:
            continue
        edges.append({"id": short_id(relation), "from": short_id(attacker), "to": short_id(target),
                      "kind": kind, "relation": short_id(relation), **relation_card(relation)})

    # Actors and sources around the kept claims.
    claim_ids = {n for n, d in nodes.items() if d["kind"] in ("claim", "proposal")}
    for claim in claims:
        cid = short_id(claim)
        if cid not in claim_ids:
            continue
        for row in assertions.get(claim, []):
            who, where = row["actor"], row["source"]
            if who in actors:
                nodes.setdefault(actors[who]["id"], dict(actors[who]))
                edges.append({"id": f"{actors[who]['id']}>{cid}", "from": actors[who]["id"],
                              "to": cid, "kind": "stated"})
            if where in sources:
                nodes.setdefault(sources[where]["id"], dict(sources[where]))
                edges.append({"id": f"{cid}>{sources[where]['id']}", "from": cid,
                              "to": sources[where]["id"], "kind": "cites"})
    edges = list({e["id"]: e for e in edges}.values())  # one edge per actor/claim pair
    return _WholeMap(nodes, edges, {a["id"]: a["label"] for a in actors.values()},
                     {short_id(t): label for t, label in topic_labels.items()}, graph, proposals)


def _view(whole: _WholeMap, focus=None, depth: int | None = None, title: str | None = None) -> dict:
    """The map model of *whole*, cut to the neighbourhood of *focus* when given."""
    nodes, edges = whole.nodes, whole.edges
    if focus is not None:
        nodes, edges = _neighbourhood(nodes, edges, short_id(focus),
                                      DEFAULT_DEPTH if depth is None else depth)
    nodes = {n: dict(d) for n, d in nodes.items()}  # each view adds its own topic labels
    actor_labels, topic_ids = whole.actor_labels, whole.topic_ids

    used_topics = sorted({t for n in nodes.values() for t in n.get("topics", ())})
    used_actors = sorted({a for n in nodes.values() for a in n.get("actors", ())})
    used_groups = sorted({g for n in nodes.values() for g in n.get("groups", ())})
    facets = {
        "topics": [{"id": t, "label": topic_ids.get(t, t)} for t in used_topics],
        "actors": sorted(({"id": a, "label": actor_labels.get(a, a)} for a in used_actors),
                         key=lambda f: f["label"].lower()),
        "groups": sorted(({"id": g, "label": actor_labels.get(g, g)} for g in used_groups),
                         key=lambda f: f["label"].lower()),
        "statuses": sorted({n["status"] for n in nodes.values() if n.get("status")}),
        "relations": [k for k in ("support", "rebut", "undermine", "undercut")
                      if any(e["kind"] == k for e in edges)],
    }
    for node in nodes.values():
        if "topics" in node:
            node["topic_labels"] = [topic_ids.get(t, t) for t in node["topics"]]
    order = {"proposal": 0, "claim": 1, "junction": 2, "actor": 3, "source": 4}
    return {
        "title": title or _default_title(whole.graph, whole.proposals),
        "nodes": sorted(nodes.values(), key=lambda n: (order.get(n["kind"], 9), n["id"])),
        "edges": edges,
        "facets": facets,
        "focus": short_id(focus) if focus is not None else None,
    }


def _default_title(graph: Graph, proposals: Iterable) -> str:
    labels = sorted(_name(graph, p) for p in proposals)
    if labels:
        return "Argument map: " + labels[0]
    return "Argument map"


def _neighbourhood(nodes: dict, edges: list, centre: str, depth: int) -> tuple[dict, list]:
    """Nodes within *depth* edges of *centre* (edges taken both ways), and the edges among them.

    A support junction does not count as a step, so depth 1 from a premise reaches its
    conclusion.  Complexity O(V + E).
    """
    if centre not in nodes:
        raise ArgmapError(f"{centre} is not on this map (is it filtered out by --actor/--topic?)")
    if depth < 0:
        raise ArgmapError("--depth must be 0 or more")
    neighbours = defaultdict(set)
    for edge in edges:
        neighbours[edge["from"]].add(edge["to"])
        neighbours[edge["to"]].add(edge["from"])
    seen = {centre: 0}
    queue = deque([centre])
    while queue:
        node = queue.popleft()
        # Actors and sources are leaves: do not walk on from them to everything else they said.
        if node != centre and nodes[node]["kind"] in ("actor", "source"):
            continue
        for other in neighbours[node]:
            distance = seen[node] + (0 if nodes[other]["kind"] == "junction" else 1)
            if distance <= depth and (other not in seen or seen[other] > distance):
                seen[other] = distance
                queue.append(other)
    kept = set(seen)
    # A junction is only useful when its conclusion is on the map too.
    kept = {n for n in kept if nodes[n]["kind"] != "junction" or nodes[n]["conclusion"] in kept}
    sub_edges = [e for e in edges if e["from"] in kept and e["to"] in kept]
    return {n: d for n, d in nodes.items() if n in kept}, sub_edges


def aggregate_by_topic(model: dict) -> dict:
    """A smaller model: one node per topic (claims without a topic stay), edges counted.

    Proposals stay as they are; every other claim is folded into the first of its topics.
    Links between topics count the supports and attacks that run between their claims; only the
    strongest 2·V are kept.  Used by ``argmap draw --aggregate`` when a map is too large to read
    node by node.
    """
    fold: dict[str, str] = {}
    nodes: dict[str, dict] = {}
    labels = {t["id"]: t["label"] for t in model["facets"]["topics"]}
    for node in model["nodes"]:
        if node["kind"] == "proposal":
            nodes[node["id"]] = node
            fold[node["id"]] = node["id"]
        elif node["kind"] == "claim" and node.get("topics"):
            topic = node["topics"][0]
            group = nodes.setdefault(topic, {
                "id": topic, "iri": topic, "kind": "topic", "label": labels.get(topic, topic),
                "text": "", "members": [], "topics": [topic], "actors": [], "groups": [],
                "status": None, "doubtful": False})
            group["members"].append({"id": node["id"], "label": node["label"]})
            group["actors"] = sorted(set(group["actors"]) | set(node.get("actors", ())))
            group["groups"] = sorted(set(group["groups"]) | set(node.get("groups", ())))
            fold[node["id"]] = topic
        elif node["kind"] == "claim":
            nodes[node["id"]] = node
            fold[node["id"]] = node["id"]
    for group in nodes.values():
        if group["kind"] == "topic":
            group["label"] = f"{group['label']} ({len(group['members'])} claims)"
            group["text"] = "; ".join(m["label"] for m in group["members"])
    counted: dict[tuple, dict] = {}
    for edge in model["edges"]:
        if edge["kind"] not in ("support", "rebut", "undermine", "undercut"):
            continue
        a, b = fold.get(edge["from"]), fold.get(edge["to"])
        if a is None or b is None or a == b:
            continue
        key = (a, b, edge["kind"])
        entry = counted.setdefault(key, {"id": f"{a}>{b}:{edge['kind']}", "from": a, "to": b,
                                         "kind": edge["kind"], "count": 0})
        entry["count"] += 1
    # Keep the strongest links only: a topic map of every link between every pair is a hairball.
    links = sorted(counted.values(), key=lambda e: (-e["count"], e["id"]))
    budget = max(2 * len(nodes), 10)
    return {**model, "nodes": list(nodes.values()), "edges": links[:budget],
            "aggregated": True, "links_total": len(links),
            "claims_total": sum(1 for n in model["nodes"] if n["kind"] in ("claim", "proposal"))}
