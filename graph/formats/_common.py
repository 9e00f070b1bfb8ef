"""Shared pieces of the format modules: the argument view of a graph, slugs, import provenance.

The *argument view* is what every exporter draws from: the claims (with their label, text,
topics and assertions), the supports (premises → conclusion) and the attacks (attacker → target,
with the kind), read once from the RDF graph into plain Python records sorted by IRI, so that
exports are deterministic.  Building it is O(T) for T triples.

Importers build argmap RDF with :class:`ImportBuilder`, which mints readable IRIs under the
debate base (``claim/<slug>``), and gives every imported node the provenance argmap requires: an
``am:Source`` for the imported file (title = file name, publisher = the tool, issued = today), an
actor (the speaker the file names, else an "unknown" actor named after the file), and an
``am:Assertion`` for every claim.

>>> slugify("Freedom of speech is an absolute right!")
'freedom-of-speech-is-an-absolute-right'
>>> slugify("Übersicht: Süd-Kreuz")
'ubersicht-sud-kreuz'
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from graph.collector import collector_paused
from graph.vocab import AM, BMS, SDO, bind_prefixes

__all__ = [
    "ArgumentView", "ClaimRecord", "SupportRecord", "AttackRecord", "AssertionRecord",
    "SourceRecord", "ActorRecord", "argument_view", "slugify", "text_of", "ImportBuilder",
    "local_id", "ACTOR_CLASSES", "SOURCE_CLASSES", "decode_text", "GraphIndex",
]

ACTOR_CLASSES = (AM.Person, AM.Organisation, AM.PoliticalGroup, AM.Institution, AM.Actor)
SOURCE_CLASSES = (AM.Source, AM.CourtRuling, AM.LegalAct, AM.Report, AM.Opinion, AM.Letter,
                  AM.Study, AM.Statement, AM.PressRelease, AM.NewsArticle, AM.WebPage,
                  AM.DebateRecord)
SOURCE_IDENTIFIERS = (AM.ecli, AM.caseNumber, AM.celex, AM.eli, AM.documentNumber, AM.doi,
                      AM.isbn, DCTERMS.identifier)


def decode_text(data: bytes, name: str) -> str:
    """*data* as UTF-8 text, or a :class:`DataError` naming the line and column of the first
    byte that is not text (a NUL, or invalid UTF-8)."""
    from graph.errors import DataError

    if not data.strip():
        raise DataError("file is empty", path=name)

    def place(offset: int) -> dict:
        line = data.count(b"\n", 0, offset) + 1
        return {"line": line, "column": offset - (data.rfind(b"\n", 0, offset) + 1) + 1}

    nul = data.find(b"\x00", 0, 1 << 16)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if 0 <= nul < exc.start:
            raise DataError("binary data, not UTF-8 text (a NUL byte)", path=name,
                            **place(nul)) from None
        raise DataError(f"not UTF-8 text (byte 0x{data[exc.start]:02x})", path=name,
                        **place(exc.start)) from None
    if nul >= 0:
        raise DataError("binary data, not UTF-8 text (a NUL byte)", path=name, **place(nul))
    return text


def slugify(text: str, max_length: int = 60) -> str:
    """Lower-case ASCII words joined by ``-`` (the slug rule of docs/data-model.md)."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or (words[0][:max_length] if words else "node")


def text_of(graph: Graph, node, predicate, lang: str = "en") -> str | None:
    """The value of *predicate* on *node*, preferring the *lang* literal; None when absent."""
    return _text(list(graph.objects(node, predicate)), lang)


def _text(values: list | None, lang: str = "en") -> str | None:
    """:func:`text_of` of the values themselves (a node's objects for one predicate)."""
    if not values:
        return None
    if len(values) > 1:
        values = sorted(values, key=lambda v: (getattr(v, "language", None) != lang, str(v)))
    return str(values[0])


def _first(values: list | None):
    """``graph.value``: the first of a node's objects for one predicate, or None."""
    return values[0] if values else None


def local_id(iri) -> str:
    """``claim:false-alarm-rate`` for debate IRIs, the full IRI otherwise (a stable, short ID)."""
    value = str(iri)
    base = str(BMS)
    if value.startswith(base):
        rest = value[len(base):]
        if "/" in rest:
            kind, slug = rest.split("/", 1)
            if slug and "/" not in slug:
                return f"{kind}:{slug}"
    return value


# --- reading a graph once ---------------------------------------------------------------------

class GraphIndex:
    """A read-only snapshot of a graph's triples in dictionaries (subject → predicate → objects).

    Exporters ask a graph for a node's values tens of thousands of times; on an Oxigraph-backed
    graph each such pattern query costs 15–20 µs (a query, and a conversion of every term),
    which made exporting 10,000 claims take 15 s.  The snapshot reads every triple once, O(T),
    then answers the same questions with dictionary look-ups.  It answers ``objects``,
    ``value``, ``subjects``, ``predicate_objects`` and ``in`` like :class:`rdflib.Graph` —
    same values, and for one subject and predicate in the same order (the order of the
    graph's own pattern query; ``predicate_objects`` groups by predicate) — so code written for
    a graph reads the snapshot unchanged.  A pattern whose subject is unbound (other than
    ``subjects(p, o)``) goes to the graph itself.

    An Oxigraph-backed graph is read from its quads directly, each distinct term converted
    once (``graph.store``'s memo), rather than through rdflib's per-triple generator.
    """

    def __init__(self, graph: Graph):
        self.graph = graph
        with collector_paused():
            self.out = _read_quads(graph)
            if self.out is None:
                self.out = _read(graph)
        self._inverse: dict = {}

    @classmethod
    def of(cls, graph) -> "GraphIndex":
        """*graph* itself if it is a snapshot already, else a snapshot of it."""
        return graph if isinstance(graph, GraphIndex) else cls(graph)

    def objects(self, subject=None, predicate=None):
        if subject is None or predicate is None:
            return self.graph.objects(subject, predicate)
        return iter(self.out.get(subject, _NOTHING).get(predicate, ()))

    def value(self, subject=None, predicate=RDF.value):
        """The first object of (*subject*, *predicate*, ?), or None (as ``Graph.value``)."""
        if subject is None or predicate is None:
            return self.graph.value(subject, predicate)
        values = self.out.get(subject, _NOTHING).get(predicate)
        return values[0] if values else None

    def subjects(self, predicate=None, object=None):  # noqa: A002 - rdflib's name
        """Subjects of (?, *predicate*, *object*); with neither, each subject once."""
        if predicate is None and object is None:
            return iter(self.out)
        if predicate is None or object is None:
            return self.graph.subjects(predicate, object)
        inverse = self._inverse.get(predicate)
        if inverse is None:
            inverse = self._inverse[predicate] = {}
            for subject, by_predicate in self.out.items():
                for value in by_predicate.get(predicate, ()):
                    inverse.setdefault(value, []).append(subject)
        return iter(inverse.get(object, ()))

    def predicate_objects(self, subject=None):
        """(predicate, object) pairs of *subject*, grouped by predicate: each predicate's objects
        in the graph's order, but not interleaved as Oxigraph's store may yield them (callers
        sort)."""
        if subject is None:
            return self.graph.predicate_objects(subject)
        return ((p, o) for p, values in self.out.get(subject, _NOTHING).items() for o in values)

    def __contains__(self, triple) -> bool:
        s, p, o = triple
        if s is None or p is None or o is None:
            return triple in self.graph
        return o in self.out.get(s, _NOTHING).get(p, ())

    def namespaces(self):
        return self.graph.namespaces()


_NOTHING: dict = {}


def _read(graph: Graph) -> dict:
    """Subject → predicate → objects of a graph not in Oxigraph, each list in the order of
    ``graph.objects(s, p)``.

    rdflib's memory store yields a full scan in set order, not in that order, so it (and any
    other local store) is read subject by subject; a SPARQL endpoint is read with one query
    rather than one per subject.
    """
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    if isinstance(graph.store, SPARQLStore):
        triples = iter(graph)
    else:
        triples = ((s, p, o) for s in graph.subjects(unique=True)
                   for p, o in graph.predicate_objects(s))
    out: dict = {}
    for s, p, o in triples:
        by_predicate = out.get(s)
        if by_predicate is None:
            by_predicate = out[s] = {}
        values = by_predicate.get(p)
        if values is None:
            by_predicate[p] = [o]
        else:
            values.append(o)
    return out


def _read_quads(graph: Graph) -> dict | None:
    """:func:`_read_triples` for a graph in an Oxigraph store (None for any other graph): the
    same quads ``graph.triples`` reads, in the same order, converted as ``graph.store`` does."""
    import pyoxigraph as ox

    from graph import store as store_module

    inner = store_module.oxigraph_store_of(graph)
    if inner is None:
        return None
    quads = inner.quads_for_pattern(None, None, None, ox.DefaultGraph())
    known, convert = store_module._TERMS.get, store_module._from_ox
    predicates: dict = {}
    out: dict = {}
    last = by_predicate = None
    for quad in quads:  # grouped by subject: convert it when it changes
        subject = quad.subject
        if subject != last:
            last = subject
            s = known(subject)
            if s is None:
                s = convert(subject)
            by_predicate = out.get(s)
            if by_predicate is None:
                by_predicate = out[s] = {}
        predicate = quad.predicate
        p = predicates.get(predicate)
        if p is None:
            p = convert(predicate)
            p = predicates[predicate] = _CANONICAL.get(p, p)
        obj = quad.object
        o = known(obj)
        if o is None:
            o = convert(obj)
        values = by_predicate.get(p)
        if values is None:
            by_predicate[p] = [o]
        else:
            values.append(o)
    return out


@dataclass
class AssertionRecord:
    iri: URIRef
    actor: URIRef | None
    source: URIRef | None
    date: Literal | None
    quotes: list[Literal] = field(default_factory=list)
    locator: str | None = None


@dataclass
class ClaimRecord:
    iri: URIRef
    label: str
    texts: list[Literal]
    topics: list[URIRef]
    proposal: bool
    assertions: list[AssertionRecord] = field(default_factory=list)
    first_stated: Literal | None = None

    @property
    def text(self) -> str:
        english = [t for t in self.texts if getattr(t, "language", None) == "en"]
        chosen = english or self.texts
        return str(chosen[0]) if chosen else self.label


@dataclass
class SupportRecord:
    iri: URIRef
    premises: list[URIRef]
    conclusion: URIRef | None
    label: str | None
    comment: str | None
    stated_by: list[URIRef]
    stated_in: list[URIRef]


@dataclass
class AttackRecord:
    iri: URIRef
    attacker: URIRef | None
    target: URIRef | None
    kind: str  # rebut / undermine / undercut
    comment: str | None
    stated_by: list[URIRef]
    stated_in: list[URIRef]


@dataclass
class SourceRecord:
    iri: URIRef
    kind: URIRef
    title: str
    publisher: str | None
    issued: Literal | None
    urls: list[str]
    identifiers: dict[str, list[str]]  # property local name -> values


@dataclass
class ActorRecord:
    iri: URIRef
    kind: URIRef
    name: str
    country: str | None
    urls: list[str]


@dataclass
class ArgumentView:
    """Claims, supports, attacks and their provenance, sorted by IRI (see the module doc)."""

    claims: dict[URIRef, ClaimRecord]
    supports: dict[URIRef, SupportRecord]
    attacks: dict[URIRef, AttackRecord]
    sources: dict[URIRef, SourceRecord]
    actors: dict[URIRef, ActorRecord]
    topics: dict[URIRef, str]

    def claim_label(self, iri) -> str:
        record = self.claims.get(iri)
        return record.label if record else local_id(iri)


def _sorted(nodes: Iterable) -> list:
    return sorted({n for n in nodes if isinstance(n, URIRef)}, key=str)


def _kind_of(graph: Graph, node, classes) -> URIRef:
    types = set(graph.objects(node, RDF.type))
    for cls in classes:
        if cls in types:
            return cls
    return classes[-1] if classes[-1] in types else classes[0]


class _T:
    """The terms :func:`argument_view` reads, made once: an rdflib namespace attribute builds
    (and validates) a new IRI at every access, and the view reads a dozen per node."""

    Assertion = AM.Assertion
    Attack = AM.Attack
    Claim = AM.Claim
    Proposal = AM.Proposal
    Source = AM.Source
    Support = AM.Support
    actor = AM.actor
    attackKind = AM.attackKind
    attacker = AM.attacker
    claim = AM.claim
    conclusion = AM.conclusion
    country = AM.country
    date = AM.date
    firstStated = AM.firstStated
    locator = AM.locator
    premise = AM.premise
    quote = AM.quote
    source = AM.source
    statedBy = AM.statedBy
    statedIn = AM.statedIn
    target = AM.target
    text = AM.text
    issued = DCTERMS.issued
    publisher = DCTERMS.publisher
    subject = DCTERMS.subject
    title = DCTERMS.title
    name = FOAF.name
    type = RDF.type
    comment = RDFS.comment
    label = RDFS.label
    url = SDO.url
    Concept = SKOS.Concept
    prefLabel = SKOS.prefLabel


#: The terms of :class:`_T` as keys of a snapshot: the predicates of an Oxigraph graph's
#: snapshot are these very objects, so the view's look-ups hit on identity instead of calling
#: rdflib's ``__eq__`` (a Python method) for each.
_CANONICAL = {term: term for name, term in vars(_T).items() if not name.startswith("_")}


def argument_view(graph: Graph | GraphIndex) -> ArgumentView:
    """Read the argument structure of *graph* into an :class:`ArgumentView` (O(T)).

    The graph is read once into a :class:`GraphIndex` (pass one to share it with other work).
    """
    graph = GraphIndex.of(graph)
    # Claims, assertions, supports and attacks (nearly every node of a large map) read their
    # properties straight from the snapshot's dictionaries: the same lists that graph.value,
    # graph.objects and text_of would give, without a method call for each.
    out = graph.out
    claim_nodes = _sorted(list(graph.subjects(_T.type, _T.Claim))
                          + list(graph.subjects(_T.type, _T.Proposal)))
    assertions_by_claim: dict[URIRef, list[AssertionRecord]] = {}
    for node in _sorted(graph.subjects(_T.type, _T.Assertion)):
        props = out.get(node, _NOTHING)
        claim = _first(props.get(_T.claim))
        if claim is None:
            continue
        record = AssertionRecord(
            iri=node, actor=_first(props.get(_T.actor)), source=_first(props.get(_T.source)),
            date=_first(props.get(_T.date)),
            quotes=sorted(props.get(_T.quote, ()), key=lambda q: (q.language or "", str(q))),
            locator=_text(props.get(_T.locator)))
        assertions_by_claim.setdefault(claim, []).append(record)
    claims = {}
    for node in claim_nodes:
        props = out.get(node, _NOTHING)
        texts = sorted(props.get(_T.text, ()),
                       key=lambda t: (getattr(t, "language", None) != "en", str(t)))
        label = _text(props.get(_T.label)) or (str(texts[0]) if texts else local_id(node))
        claims[node] = ClaimRecord(
            iri=node, label=label, texts=texts,
            topics=_sorted(props.get(_T.subject, ())),
            proposal=_T.Proposal in props.get(_T.type, ()),
            assertions=assertions_by_claim.get(node, []),
            first_stated=_first(props.get(_T.firstStated)))
    supports = {}
    for node in _sorted(graph.subjects(_T.type, _T.Support)):
        props = out.get(node, _NOTHING)
        supports[node] = SupportRecord(
            iri=node, premises=_sorted(props.get(_T.premise, ())),
            conclusion=_first(props.get(_T.conclusion)),
            label=_text(props.get(_T.label)), comment=_text(props.get(_T.comment)),
            stated_by=_sorted(props.get(_T.statedBy, ())),
            stated_in=_sorted(props.get(_T.statedIn, ())))
    attacks = {}
    for node in _sorted(graph.subjects(_T.type, _T.Attack)):
        props = out.get(node, _NOTHING)
        kind_node = _first(props.get(_T.attackKind))
        target = _first(props.get(_T.target))
        if kind_node is not None:
            kind = str(kind_node).rsplit("#", 1)[-1]
        else:
            kind = "undercut" if (target, _T.type, _T.Support) in graph else "rebut"
        attacks[node] = AttackRecord(
            iri=node, attacker=_first(props.get(_T.attacker)), target=target, kind=kind,
            comment=_text(props.get(_T.comment)),
            stated_by=_sorted(props.get(_T.statedBy, ())),
            stated_in=_sorted(props.get(_T.statedIn, ())))
    sources = {}
    source_nodes = set()
    for cls in SOURCE_CLASSES:
        source_nodes.update(graph.subjects(_T.type, cls))
    for node in _sorted(source_nodes):
        identifiers: dict[str, list[str]] = {}
        for prop in SOURCE_IDENTIFIERS:
            values = sorted(str(v) for v in graph.objects(node, prop))
            if values:
                identifiers[str(prop).rsplit("#", 1)[-1].rsplit("/", 1)[-1]] = values
        sources[node] = SourceRecord(
            iri=node, kind=_kind_of(graph, node, SOURCE_CLASSES[1:] + (_T.Source,)),
            title=text_of(graph, node, _T.title) or local_id(node),
            publisher=text_of(graph, node, _T.publisher),
            issued=graph.value(node, _T.issued),
            urls=sorted(str(u) for u in graph.objects(node, _T.url)),
            identifiers=identifiers)
    actors = {}
    actor_nodes = set()
    for cls in ACTOR_CLASSES:
        actor_nodes.update(graph.subjects(_T.type, cls))
    for node in _sorted(actor_nodes):
        actors[node] = ActorRecord(
            iri=node, kind=_kind_of(graph, node, ACTOR_CLASSES),
            name=text_of(graph, node, _T.name) or text_of(graph, node, _T.label)
            or local_id(node),
            country=text_of(graph, node, _T.country),
            urls=sorted(str(u) for u in graph.objects(node, _T.url)))
    topics = {node: (text_of(graph, node, _T.prefLabel) or local_id(node))
              for node in _sorted(graph.subjects(_T.type, _T.Concept))}
    for record in claims.values():
        for topic in record.topics:
            topics.setdefault(topic, local_id(topic).split(":")[-1])
    return ArgumentView(claims, supports, attacks, sources, actors, topics)


# --- building imported graphs ---------------------------------------------------------------

def replace_provenance(graph: Graph, node: URIRef, by: list, where: list) -> None:
    """Who stated a relation and where, as the file says (by actor/source IRIs), replacing the
    imported file as its provenance; left alone unless the file names both."""
    if by and where:
        graph.remove((node, AM.statedBy, None))
        graph.remove((node, AM.statedIn, None))
        for actor in by:
            graph.add((node, AM.statedBy, actor))
        for source in where:
            graph.add((node, AM.statedIn, source))


def _today() -> Literal:
    return Literal(datetime.date.today().isoformat(), datatype=XSD.date)


class ImportBuilder:
    """Builds the argmap RDF of an imported file, with provenance for every node.

    *name* is the imported file's name, *tool* the program that wrote it (the source's
    publisher).  IRIs are minted under the debate base with readable, unique slugs.
    """

    def __init__(self, name: str, tool: str, identifier: str | None = None,
                 lang: str = "en"):
        self.graph = bind_prefixes(Graph())
        self.topics: dict[str, URIRef] = {}  # tag or topic name -> topic IRI
        self.named_sources: dict[str, URIRef] = {}  # a source named in the file -> its IRI
        self.name = name
        self.lang = lang
        self.used: set[str] = set()
        file_slug = slugify(name.rsplit("/", 1)[-1])
        self.source = self.mint("source", f"import-{file_slug}")
        g = self.graph
        g.add((self.source, RDF.type, AM.Source))
        g.add((self.source, DCTERMS.title, Literal(name.rsplit("/", 1)[-1])))
        g.add((self.source, DCTERMS.publisher, Literal(tool)))
        g.add((self.source, DCTERMS.issued, _today()))
        g.add((self.source, DCTERMS.identifier, Literal(identifier or name.rsplit("/", 1)[-1])))
        self._unknown_actor: URIRef | None = None
        self._file_slug = file_slug

    def mint(self, kind: str, slug_text: str, reuse: bool = False) -> URIRef:
        """A new IRI ``bms:<kind>/<slug>``, unique within this import (``-2``, ``-3`` …)."""
        slug = slugify(slug_text)
        candidate, n = slug, 1
        while f"{kind}/{candidate}" in self.used:
            if reuse:
                break
            n += 1
            candidate = f"{slug}-{n}"
        self.used.add(f"{kind}/{candidate}")
        return BMS[f"{kind}/{candidate}"]

    @property
    def unknown_actor(self) -> URIRef:
        """The actor of statements whose speaker the file does not name."""
        if self._unknown_actor is None:
            self._unknown_actor = self.actor(f"unknown-author-of-{self._file_slug}",
                                             f"Unknown author of {self.name.rsplit('/', 1)[-1]}",
                                             AM.Organisation)
        return self._unknown_actor

    def actor(self, slug_text: str, name: str, cls=AM.Person) -> URIRef:
        node = BMS[f"actor/{slugify(slug_text)}"]
        if (node, RDF.type, None) not in self.graph:
            self.used.add(f"actor/{slugify(slug_text)}")
            self.graph.add((node, RDF.type, cls))
            self.graph.add((node, FOAF.name, Literal(name)))
        return node

    def claim(self, slug_text: str, label: str, text: str | None = None,
              actor: URIRef | None = None, iri: URIRef | None = None,
              proposal: bool = False) -> URIRef:
        """Add a claim with its label, text and an assertion (actor, this file, today)."""
        g = self.graph
        node = iri or self.mint("claim", slug_text)
        self.used.add(local_id(node).replace(":", "/", 1))
        g.add((node, RDF.type, AM.Proposal if proposal else AM.Claim))
        label = " ".join(str(label).split())
        if len(label) > 80:
            label = label[:79].rstrip() + "…"
        g.set((node, RDFS.label, Literal(label or local_id(node), lang=self.lang)))
        full = " ".join(str(text or label).split())
        g.add((node, AM.text, Literal(full or label, lang=self.lang)))
        self.assert_claim(node, actor or self.unknown_actor)
        return node

    def assert_claim(self, claim: URIRef, actor: URIRef, date: Literal | None = None,
                     quote: str | None = None, source: URIRef | None = None) -> URIRef:
        g = self.graph
        slug = local_id(claim).split(":")[-1]
        node = self.mint("assertion", f"{slug}-{local_id(actor).split(':')[-1]}")
        g.add((node, RDF.type, AM.Assertion))
        g.add((node, AM.actor, actor))
        g.add((node, AM.claim, claim))
        g.add((node, AM.source, source or self.source))
        g.add((node, AM.date, date or _today()))
        if quote:
            g.add((node, AM.quote, Literal(quote, lang=self.lang)))
        return node

    def support(self, premises: list[URIRef], conclusion: URIRef, slug_text: str | None = None,
                label: str | None = None, comment: str | None = None,
                actor: URIRef | None = None, iri: URIRef | None = None) -> URIRef:
        g = self.graph
        if iri is None:
            slug_text = slug_text or (local_id(premises[0]).split(":")[-1] + "-supports-"
                                      + local_id(conclusion).split(":")[-1])
            iri = self.mint("support", slug_text)
        g.add((iri, RDF.type, AM.Support))
        for premise in premises:
            g.add((iri, AM.premise, premise))
        g.add((iri, AM.conclusion, conclusion))
        if label:
            g.add((iri, RDFS.label, Literal(label, lang=self.lang)))
        if comment:
            g.add((iri, RDFS.comment, Literal(comment, lang=self.lang)))
        g.add((iri, AM.statedBy, actor or self.unknown_actor))
        g.add((iri, AM.statedIn, self.source))
        return iri

    def attack(self, attacker: URIRef, target: URIRef, kind: str | None = None,
               slug_text: str | None = None, comment: str | None = None,
               actor: URIRef | None = None, iri: URIRef | None = None) -> URIRef:
        g = self.graph
        if kind is None:
            kind = "undercut" if (target, RDF.type, AM.Support) in g else "rebut"
        if iri is None:
            slug_text = slug_text or (local_id(attacker).split(":")[-1] + "-attacks-"
                                      + local_id(target).split(":")[-1])
            iri = self.mint("attack", slug_text)
        g.add((iri, RDF.type, AM.Attack))
        g.add((iri, AM.attacker, attacker))
        g.add((iri, AM.target, target))
        g.add((iri, AM.attackKind, AM[kind]))
        if comment:
            g.add((iri, RDFS.comment, Literal(comment, lang=self.lang)))
        g.add((iri, AM.statedBy, actor or self.unknown_actor))
        g.add((iri, AM.statedIn, self.source))
        return iri
