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

from graph.vocab import AM, BMS, SDO, bind_prefixes

__all__ = [
    "ArgumentView", "ClaimRecord", "SupportRecord", "AttackRecord", "AssertionRecord",
    "SourceRecord", "ActorRecord", "argument_view", "slugify", "text_of", "ImportBuilder",
    "local_id", "ACTOR_CLASSES", "SOURCE_CLASSES", "decode_text",
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
    values = list(graph.objects(node, predicate))
    if not values:
        return None
    values.sort(key=lambda v: (getattr(v, "language", None) != lang, str(v)))
    return str(values[0])


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


def argument_view(graph: Graph) -> ArgumentView:
    """Read the argument structure of *graph* into an :class:`ArgumentView` (O(T))."""
    claim_nodes = _sorted(list(graph.subjects(RDF.type, AM.Claim))
                          + list(graph.subjects(RDF.type, AM.Proposal)))
    assertions_by_claim: dict[URIRef, list[AssertionRecord]] = {}
    for node in _sorted(graph.subjects(RDF.type, AM.Assertion)):
        claim = graph.value(node, AM.claim)
        if claim is None:
            continue
        record = AssertionRecord(
            iri=node, actor=graph.value(node, AM.actor), source=graph.value(node, AM.source),
            date=graph.value(node, AM.date),
            quotes=sorted(graph.objects(node, AM.quote), key=lambda q: (q.language or "", str(q))),
            locator=text_of(graph, node, AM.locator))
        assertions_by_claim.setdefault(claim, []).append(record)
    claims = {}
    for node in claim_nodes:
        texts = sorted(graph.objects(node, AM.text),
                       key=lambda t: (getattr(t, "language", None) != "en", str(t)))
        label = text_of(graph, node, RDFS.label) or (str(texts[0]) if texts else local_id(node))
        claims[node] = ClaimRecord(
            iri=node, label=label, texts=texts,
            topics=_sorted(graph.objects(node, DCTERMS.subject)),
            proposal=(node, RDF.type, AM.Proposal) in graph,
            assertions=assertions_by_claim.get(node, []),
            first_stated=graph.value(node, AM.firstStated))
    supports = {}
    for node in _sorted(graph.subjects(RDF.type, AM.Support)):
        supports[node] = SupportRecord(
            iri=node, premises=_sorted(graph.objects(node, AM.premise)),
            conclusion=graph.value(node, AM.conclusion),
            label=text_of(graph, node, RDFS.label), comment=text_of(graph, node, RDFS.comment),
            stated_by=_sorted(graph.objects(node, AM.statedBy)),
            stated_in=_sorted(graph.objects(node, AM.statedIn)))
    attacks = {}
    for node in _sorted(graph.subjects(RDF.type, AM.Attack)):
        kind_node = graph.value(node, AM.attackKind)
        target = graph.value(node, AM.target)
        if kind_node is not None:
            kind = str(kind_node).rsplit("#", 1)[-1]
        else:
            kind = "undercut" if (target, RDF.type, AM.Support) in graph else "rebut"
        attacks[node] = AttackRecord(
            iri=node, attacker=graph.value(node, AM.attacker), target=target, kind=kind,
            comment=text_of(graph, node, RDFS.comment),
            stated_by=_sorted(graph.objects(node, AM.statedBy)),
            stated_in=_sorted(graph.objects(node, AM.statedIn)))
    sources = {}
    source_nodes = set()
    for cls in SOURCE_CLASSES:
        source_nodes.update(graph.subjects(RDF.type, cls))
    for node in _sorted(source_nodes):
        identifiers: dict[str, list[str]] = {}
        for prop in SOURCE_IDENTIFIERS:
            values = sorted(str(v) for v in graph.objects(node, prop))
            if values:
                identifiers[str(prop).rsplit("#", 1)[-1].rsplit("/", 1)[-1]] = values
        sources[node] = SourceRecord(
            iri=node, kind=_kind_of(graph, node, SOURCE_CLASSES[1:] + (AM.Source,)),
            title=text_of(graph, node, DCTERMS.title) or local_id(node),
            publisher=text_of(graph, node, DCTERMS.publisher),
            issued=graph.value(node, DCTERMS.issued),
            urls=sorted(str(u) for u in graph.objects(node, SDO.url)),
            identifiers=identifiers)
    actors = {}
    actor_nodes = set()
    for cls in ACTOR_CLASSES:
        actor_nodes.update(graph.subjects(RDF.type, cls))
    for node in _sorted(actor_nodes):
        actors[node] = ActorRecord(
            iri=node, kind=_kind_of(graph, node, ACTOR_CLASSES),
            name=text_of(graph, node, FOAF.name) or text_of(graph, node, RDFS.label)
            or local_id(node),
            country=text_of(graph, node, AM.country),
            urls=sorted(str(u) for u in graph.objects(node, SDO.url)))
    topics = {node: (text_of(graph, node, SKOS.prefLabel) or local_id(node))
              for node in _sorted(graph.subjects(RDF.type, SKOS.Concept))}
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
