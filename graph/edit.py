"""Edits of an argument map: add claims, sources, actors, relations and reviews; remove nodes.

An *edit* is planned before anything is written.  Each ``plan_*`` function is pure: it reads the
graph, checks the input (unknown actor, missing source, bad date, attack on a missing node …) and
returns a :class:`Changeset` — the triples to add, the triples to remove, and the ID of the new
node.  Nothing touches the graph until the changeset is applied:

- to a data file by :func:`edit_file`, which plans *under the file's lock* on the file as it is now
  (so two processes adding claims at once never lose one, and minted IDs stay unique), applies the
  changes, validates the result and writes it atomically (``graph.store.transaction``);
- to a SPARQL 1.1 endpoint by :func:`edit_store`, as one SPARQL Update request
  (``DELETE DATA { … } ; INSERT DATA { … }``) written from rdflib terms' ``.n3()``.

Every term in a changeset is built by this module: new IRIs come from slugs that match
:data:`SLUG_PATTERN`, existing IRIs come from the graph, and user text only ever becomes an rdflib
:class:`~rdflib.Literal`.  So an update can be written as text without any user text reaching it
unescaped.

Naming follows the shipped debate: ``claim:<first words>``, ``source:<title words>-<date>``,
``actor:<name>``, ``assertion:<claim>-<actor>-<source>``, ``support:<premise>-supports-<conclusion>``,
``attack:<attacker>-rebuts-<target>`` (``-undermines-``, ``-undercuts-``),
``membership:<person>-<group>-<date>``, ``review:<reviewed node>``.  A slug made from text keeps
its first significant words (:func:`slugify`); a taken slug gets ``-2``, ``-3`` …

Complexity: planning an addition looks up O(k) nodes for k referenced IDs; planning a removal
walks the dependants, O(d) lookups for d dependants; applying is O(t) for t changed triples.

References: AIF (Chesñevar et al. 2006) for relations as nodes; SPARQL 1.1 Update §3.1.1–3.1.2
(INSERT DATA / DELETE DATA), https://www.w3.org/TR/sparql11-update/.

>>> from rdflib import Graph, Literal
>>> from graph.vocab import AM, BMS, FOAF, DCTERMS, XSD, RDF
>>> g = Graph()
>>> _ = g.add((BMS["actor/edpb"], RDF.type, AM.Institution))
>>> _ = g.add((BMS["source/opinion"], RDF.type, AM.Opinion))
>>> _ = g.add((BMS["source/opinion"], DCTERMS.issued, Literal("2021-06-18", datatype=XSD.date)))
>>> change = plan_add_claim(g, "A general ban is needed.", by="edpb", source="opinion")
>>> short_name(change.new_id)
'claim:general-ban-needed'
>>> len(change.added), len(change.removed)
(9, 0)
>>> plan_add_claim(g, "x", by="edbp", source="opinion")
Traceback (most recent call last):
...
graph.errors.NotFoundError: unknown actor 'edbp'; did you mean actor:edpb?
"""

from __future__ import annotations

import datetime as _dt
import difflib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, RDF, RDFS, SKOS, XSD

from .errors import ArgmapError, DataError, NotFoundError
from .vocab import (ACTOR_KINDS, AM, ATTACK_KINDS, BMS, PREFIXES, SDO, SOURCE_KINDS, VERDICTS,
                    bind_prefixes)

__all__ = [
    "Changeset", "SLUG_PATTERN", "slugify", "unique_slug", "parse_date", "short_name",
    "resolve_node", "plan_add_claim", "plan_add_source", "plan_add_actor", "plan_link",
    "plan_review", "plan_remove", "edit_file", "edit_store", "send_update", "check_changeset",
    "touched_nodes", "neighbourhood", "identifier_property",
]

#: Every slug argmap mints or accepts from ``--id``: lower-case ASCII words joined by ``-``.
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:--?[a-z0-9]+)*$")
_USER_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG_LENGTH = 60
MAX_LABEL_LENGTH = 80

#: Words left out of slugs made from text, so that slugs stay short and readable.  Negations
#: (not, no, nor, never, without) stay: "moratorium-not-enough" must not read "moratorium-enough".
STOP_WORDS = frozenset("""
a an the of in on at to for from by with and or but is are was were be been being it its
this that these those there their they them as into than then so such any all can could
would should will shall may might must has have had do does did which who whom whose what when
where why how also very more most our we us your you i he she his her
""".split())

#: Classes that make a node count as each kind of ID.
KIND_CLASSES: dict[str, tuple[URIRef, ...]] = {
    "claim": (AM.Claim, AM.Proposal),
    "actor": (AM.Actor, *ACTOR_KINDS.values()),
    "source": (AM.Source, *SOURCE_KINDS.values()),
    "topic": (SKOS.Concept,),
    "support": (AM.Support,),
    "attack": (AM.Attack,),
    "assertion": (AM.Assertion,),
    "membership": (AM.Membership,),
    "review": (AM.Review,),
    "event": (AM.Event, AM.Vote),
    "position": (AM.Position,),
}
_NAMESPACE = {kind: PREFIXES[kind] for kind in KIND_CLASSES}

_DATE_FORMS = (
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), XSD.date, "%Y-%m-%d"),
    (re.compile(r"^\d{4}-\d{2}$"), XSD.gYearMonth, "%Y-%m"),
    (re.compile(r"^\d{4}$"), XSD.gYear, "%Y"),
)


# --- changesets -------------------------------------------------------------------------------

Triple = tuple


@dataclass
class Changeset:
    """What an edit does: triples to remove, triples to add, and the node it is about.

    ``new_id`` is the node the edit created (or the node removed); ``removed_nodes`` lists every
    node a removal took away (the node itself and, with ``--cascade``, its dependants).
    """

    action: str
    new_id: URIRef | None = None
    added: set = field(default_factory=set)
    removed: set = field(default_factory=set)
    removed_nodes: list = field(default_factory=list)

    @property
    def dropped(self) -> list[Triple]:
        """Removed triples of nodes that stay: references a removal cut (a topic, one source)."""
        gone = set(self.removed_nodes)
        return _sorted(t for t in self.removed if t[0] not in gone)

    def apply(self, graph: Graph) -> Graph:
        """Remove then add the triples on *graph* (in place); return it."""
        for triple in self.removed:
            graph.remove(triple)
        for triple in self.added:
            graph.add(triple)
        return graph

    def sparql_update(self) -> str:
        """The changeset as one SPARQL 1.1 Update request (``DELETE DATA`` then ``INSERT DATA``)."""
        parts = []
        if self.removed:
            parts.append("DELETE DATA {\n" + _triples_n3(self.removed) + "}")
        if self.added:
            parts.append("INSERT DATA {\n" + _triples_n3(self.added) + "}")
        return " ;\n".join(parts) + "\n"

    def as_dict(self) -> dict:
        """JSON-ready: the ID, and the triples added/removed in N-Triples term syntax."""
        return {
            "action": self.action,
            "id": short_name(self.new_id) if self.new_id is not None else None,
            "iri": str(self.new_id) if self.new_id is not None else None,
            "removed_nodes": [short_name(node) for node in self.removed_nodes],
            "dropped": [[short_name(term) for term in triple] for triple in self.dropped],
            "added": [[term.n3() for term in triple] for triple in _sorted(self.added)],
            "removed": [[term.n3() for term in triple] for triple in _sorted(self.removed)],
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2)


def _sorted(triples: Iterable[Triple]) -> list[Triple]:
    return sorted(triples, key=lambda t: tuple(term.n3() for term in t))


def _triples_n3(triples: Iterable[Triple]) -> str:
    # .n3() escapes literals (quotes, backslashes, newlines); IRIs are checked before they get here.
    return "".join(f"  {s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in _sorted(triples))


# --- names ------------------------------------------------------------------------------------

def short_name(iri) -> str:
    """``claim:false-alarm-rate`` for a debate IRI, ``am:rebut`` for a vocabulary term, else the IRI.

    >>> short_name(BMS["actor/edpb"])
    'actor:edpb'
    """
    value = str(iri)
    best = None
    for prefix, namespace in PREFIXES.items():
        namespace = str(namespace)
        if value.startswith(namespace) and (best is None or len(namespace) > len(best[1])):
            local = value[len(namespace):]
            if local and "/" not in local:
                best = (prefix, namespace)
    return f"{best[0]}:{value[len(best[1]):]}" if best else value


def _ascii_words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    folded = folded.encode("ascii", "ignore").decode("ascii").lower()
    return re.findall(r"[a-z0-9]+", folded)


def slugify(text: str, max_words: int = 5, keep_stop_words: bool = False) -> str:
    """A readable slug from *text*: its first significant words, ASCII, lower case, ``-``-joined.

    >>> slugify("The Südkreuz results were embellished!")
    'suedkreuz-results-embellished'
    >>> slugify("Dragoş Tudorache", keep_stop_words=True)
    'dragos-tudorache'
    """
    text = (text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
            .replace("Ä", "Ae").replace("Ö", "Oe").replace("Ü", "Ue"))
    words = _ascii_words(text)
    kept = words if keep_stop_words else [w for w in words if w not in STOP_WORDS] or words
    slug = ""
    for word in kept[:max_words]:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_SLUG_LENGTH:
            break
        slug = candidate
    return slug or (kept[0][:MAX_SLUG_LENGTH] if kept else "")


def unique_slug(graph: Graph, kind: str, slug: str, taken: Iterable[str] = ()) -> str:
    """*slug*, or *slug*-2, -3 … when ``<kind>:<slug>`` already names a node (or is in *taken*)."""
    taken = set(taken)
    namespace = _NAMESPACE[kind]
    candidate, number = slug, 1
    while candidate in taken or _exists(graph, URIRef(f"{namespace}{candidate}")):
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


def _exists(graph: Graph, node: URIRef) -> bool:
    return (node, None, None) in graph or (None, None, node) in graph


def _local(node: URIRef) -> str:
    return str(node).rstrip("/").rsplit("/", 1)[-1]


def _user_slug(text: str, what: str) -> str:
    slug = text.strip()
    if slug.startswith(f"{what}:"):  # accept --id claim:x for a claim
        slug = slug[len(what) + 1:]
    if not _USER_SLUG.match(slug) or len(slug) > MAX_SLUG_LENGTH:
        raise DataError(f"bad {what} ID {text!r}: use lower-case ASCII words joined by '-' "
                        f"(at most {MAX_SLUG_LENGTH} characters), e.g. false-alarm-rate")
    return slug


def _mint(graph: Graph, kind: str, slug_text: str | None, from_text: str, what: str,
          keep_stop_words: bool = False, max_words: int = 5) -> URIRef:
    """A new IRI ``<kind>:<slug>``; an explicit --id must be free, a made-up one is made unique."""
    namespace = _NAMESPACE[kind]
    if slug_text:
        slug = _user_slug(slug_text, what)
        node = URIRef(f"{namespace}{slug}")
        if _exists(graph, node):
            raise DataError(f"{kind}:{slug} already exists; choose another --id")
        return node
    slug = slugify(from_text, max_words=max_words, keep_stop_words=keep_stop_words)
    if not slug:
        raise DataError(f"cannot make an ID from {from_text!r}; give one with --id")
    return URIRef(f"{namespace}{unique_slug(graph, kind, slug)}")


def _compound_iri(graph: Graph, kind: str, *parts) -> URIRef:
    """``<kind>:<part>-<part>-…`` made unique: the dataset's names for relation-like nodes."""
    # Parts of existing IRIs are cleaned too: a hand-written IRI may hold any character.
    cleaned = (re.sub(r"[^a-z0-9]+", "-", (_local(p) if isinstance(p, URIRef) else str(p))
                      .lower()).strip("-") for p in parts)
    slug = "-".join(part for part in cleaned if part)
    if not SLUG_PATTERN.match(slug):
        raise DataError(f"cannot make a {kind} ID from {', '.join(map(str, parts))}")
    return URIRef(f"{_NAMESPACE[kind]}{unique_slug(graph, kind, slug)}")


_relation_iri = _compound_iri


# --- reading input ------------------------------------------------------------------------------

def parse_date(text: str, what: str = "date") -> Literal:
    """An ISO date as a typed literal: ``YYYY-MM-DD`` (xsd:date), ``YYYY-MM``, or ``YYYY``.

    >>> parse_date("2021-10-05")
    rdflib.term.Literal('2021-10-05', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#date'))
    >>> parse_date("2018-11").datatype == XSD.gYearMonth
    True
    """
    value = str(text).strip()
    for pattern, datatype, fmt in _DATE_FORMS:
        if pattern.match(value):
            try:
                _dt.datetime.strptime(value, fmt)
            except ValueError:
                break
            return Literal(value, datatype=datatype)
    raise DataError(f"bad {what} {text!r}: use YYYY-MM-DD, YYYY-MM or YYYY")


def _date_literal(value) -> Literal:
    """A date already in the graph, re-typed from its lexical form (as the file stores it)."""
    return parse_date(str(value))


def _text(value: str | None, what: str, lang: str | None = None, required: bool = True,
          max_length: int | None = None) -> Literal | None:
    if value is None or not str(value).strip():
        if required:
            raise DataError(f"{what} is empty")
        return None
    clean = " ".join(str(value).split()) if what != "quote" else str(value).strip()
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in clean):
        raise DataError(f"{what} contains control characters")
    if max_length and len(clean) > max_length:
        raise DataError(f"{what} is longer than {max_length} characters")
    if lang:
        if not re.match(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$", lang):
            raise DataError(f"bad language tag {lang!r}: use e.g. en, de, fr")
        return Literal(clean, lang=lang.lower())
    return Literal(clean)


def _label_from(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= MAX_LABEL_LENGTH:
        return text
    cut = text[: MAX_LABEL_LENGTH - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"


_IRI_TEXT = re.compile(r'^[^\s<>"{}|\\^`]+$')


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def _types(graph: Graph, node: URIRef) -> set[URIRef]:
    return set(graph.objects(node, RDF.type))


def _kind_of(graph: Graph, node: URIRef) -> str | None:
    types = _types(graph, node)
    for kind, classes in KIND_CLASSES.items():
        if types & set(classes):
            return kind
    return None


def resolve_node(graph: Graph, text: str, kinds: Sequence[str], what: str | None = None) -> URIRef:
    """The existing node that *text* names, which must be of one of *kinds* (``claim``, ``actor`` …).

    *text* is a bare slug (``edpb``), a prefixed name (``actor:edpb``) or a full IRI.  Unknown IDs
    raise :class:`NotFoundError` with the closest IDs of the right kind ("did you mean …?"); an ID
    of the wrong kind says what it is.
    """
    what = what or " or ".join(kinds)
    raw = (text or "").strip()
    if raw.startswith("<") and raw.endswith(">"):
        raw = raw[1:-1]
    if not raw:
        raise NotFoundError(f"empty {what} ID")
    if not _IRI_TEXT.match(raw):
        raise NotFoundError(f"unknown {what} {text!r}: an ID has no spaces or <>\"{{}}|\\^` characters")
    if "://" in raw or raw.startswith("urn:"):
        candidates = [URIRef(raw)]
    elif ":" in raw:
        prefix, local = raw.split(":", 1)
        namespaces = {p: str(n) for p, n in PREFIXES.items()}
        candidates = [URIRef(namespaces[prefix] + local)] if prefix in namespaces else []
    else:
        # Other kinds last, so that an ID of the wrong kind is named as what it is.
        candidates = [URIRef(f"{_NAMESPACE[kind]}{raw}")
                      for kind in [*kinds, *(k for k in KIND_CLASSES if k not in kinds)]]
    wanted = {cls for kind in kinds for cls in KIND_CLASSES[kind]}
    wrong_kind = None
    for candidate in candidates:
        types = _types(graph, candidate)
        if types & wanted:
            return candidate
        if types and wrong_kind is None:
            wrong_kind = (candidate, _kind_of(graph, candidate) or short_name(sorted(types)[0]))
    if wrong_kind is not None:
        node, kind = wrong_kind
        raise NotFoundError(f"{short_name(node)} is {_a(kind)}, not {_a(what)}")
    known = sorted({short_name(s) for cls in wanted for s in graph.subjects(RDF.type, cls)
                    if isinstance(s, URIRef)})
    local = raw.split(":", 1)[-1].rsplit("/", 1)[-1]
    by_local = {name.split(":", 1)[-1]: name for name in known}
    close = [by_local[m] for m in difflib.get_close_matches(local, list(by_local), n=3, cutoff=0.6)]
    close += [m for m in difflib.get_close_matches(raw, known, n=3, cutoff=0.6) if m not in close]
    hint = f"; did you mean {', '.join(close[:3])}?" if close else ""
    raise NotFoundError(f"unknown {what} {text!r}{hint}")


def identifier_property(identifier: str) -> URIRef:
    """The identifier property an identifier's shape implies (all are ⊑ ``dcterms:identifier``).

    >>> [short_name(identifier_property(i)) for i in
    ...  ("ECLI:EU:C:2014:238", "C-293/12", "32024R1689", "10.6028/NIST.IR.8280", "A/HRC/48/31")]
    ['am:ecli', 'am:caseNumber', 'am:celex', 'am:doi', 'am:documentNumber']
    """
    value = identifier.strip()
    if value.upper().startswith("ECLI:"):
        return AM.ecli
    if re.match(r"^([CTF]-)?\d{1,6}/\d{2}(\s|$)", value):  # CJEU C-293/12, ECtHR 11519/20
        return AM.caseNumber
    if re.match(r"^[0-9E]\d{4}[A-Z]{1,2}\d{4}", value):
        return AM.celex
    if re.match(r"^10\.\d{4,9}/\S+$", value):
        return AM.doi
    if re.match(r"^(97[89][- ]?)?\d{1,5}[- ]?\d+[- ]?\d+[- ]?[\dX]$", value) and \
            len(re.sub(r"[^0-9X]", "", value)) in (10, 13):
        return AM.isbn
    return AM.documentNumber


def _url_literal(url: str) -> Literal:
    value = url.strip()
    if not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", value):
        raise DataError(f"bad URL {url!r}: give a full http(s):// address without spaces")
    return Literal(value, datatype=XSD.anyURI)


# --- plans ------------------------------------------------------------------------------------

def _relation_triples(node: URIRef, cls: URIRef, actor: URIRef, source: URIRef) -> set:
    return {(node, RDF.type, cls), (node, AM.statedBy, actor), (node, AM.statedIn, source)}


def _source_date(graph: Graph, source: URIRef) -> Literal:
    issued = graph.value(source, DCTERMS.issued)
    if issued is None:
        raise DataError(f"{short_name(source)} has no dcterms:issued date; give --date")
    return _date_literal(issued)


def _existing_relation(graph: Graph, cls: URIRef, left_p: URIRef, left: URIRef,
                       right_p: URIRef, right: URIRef) -> URIRef | None:
    for node in graph.subjects(left_p, left):
        if (node, RDF.type, cls) in graph and (node, right_p, right) in graph:
            return node
    return None


def _joined(graph: Graph, node: URIRef, actor: URIRef, source: URIRef, what: str) -> set:
    """Another actor (or source) making a relation already in the map: add them to it."""
    added = {(node, AM.statedBy, actor), (node, AM.statedIn, source)} - set(
        graph.triples((node, None, None)))
    if not added:
        raise DataError(f"{what} already, stated by {short_name(actor)} in "
                        f"{short_name(source)} ({short_name(node)})")
    return added


def _plan_relation(graph: Graph, attacker: URIRef, relation: str, target_text: str,
                   actor: URIRef, source: URIRef, attack_kind: str | None,
                   comment: str | None = None) -> tuple[URIRef, set]:
    """Triples of one Support/Attack node from *attacker* (an existing or planned claim).

    Named as the dataset names relations: ``support:<premise>-supports-<conclusion>``,
    ``attack:<attacker>-rebuts-<target>`` (``undermines``, ``undercuts``).  When the same
    relation is already in the map, the actor and source are added to it instead.
    """
    if relation == "supports":
        target = resolve_node(graph, target_text, ["claim"], "claim to support")
        if target == attacker:
            raise DataError(f"{short_name(attacker)} cannot support itself")
        existing = _existing_relation(graph, AM.Support, AM.premise, attacker, AM.conclusion,
                                      target)
        if existing is not None:
            return existing, _joined(graph, existing, actor, source,
                                     f"{short_name(attacker)} supports {short_name(target)}")
        node = _relation_iri(graph, "support", attacker, "supports", target)
        triples = _relation_triples(node, AM.Support, actor, source)
        triples |= {(node, AM.premise, attacker), (node, AM.conclusion, target)}
    elif relation in ("attacks", "undercuts"):
        if relation == "undercuts":
            target = resolve_node(graph, target_text, ["support"], "support to undercut")
            if attack_kind not in (None, "undercut"):
                raise DataError("an undercut attacks a support; --kind must be undercut")
            kind = "undercut"
        else:
            if target_text.strip().startswith("support:"):
                raise DataError(f"{target_text.strip()} is a support: use undercuts, not attacks")
            target = resolve_node(graph, target_text, ["claim"], "claim to attack")
            kind = attack_kind or "rebut"
            if kind not in ("rebut", "undermine"):
                raise DataError(f"bad attack kind {attack_kind!r}: an attack on a claim is "
                                "rebut or undermine")
        if target == attacker:
            raise DataError(f"{short_name(attacker)} cannot attack itself")
        existing = _existing_relation(graph, AM.Attack, AM.attacker, attacker, AM.target, target)
        if existing is not None:
            return existing, _joined(graph, existing, actor, source,
                                     f"{short_name(attacker)} attacks {short_name(target)}")
        verb = {"rebut": "rebuts", "undermine": "undermines", "undercut": "undercuts"}[kind]
        node = _relation_iri(graph, "attack", attacker, verb, target)
        triples = _relation_triples(node, AM.Attack, actor, source)
        triples |= {(node, AM.attacker, attacker), (node, AM.target, target),
                    (node, AM.attackKind, ATTACK_KINDS[kind])}
    else:
        raise DataError(f"bad relation {relation!r}: use supports, attacks or undercuts")
    if comment:
        triples.add((node, RDFS.comment, _text(comment, "comment", "en")))
    return node, triples


def plan_add_claim(graph: Graph, text: str, *, by: str, source: str, date: str | None = None,
                   quote: str | Sequence[str] | None = None, locator: str | None = None,
                   topics: Sequence[str] = (), supports: str | None = None,
                   attacks: str | None = None, undercuts: str | None = None,
                   attack_kind: str | None = None, slug: str | None = None,
                   label: str | None = None, lang: str = "en",
                   quote_lang: str | None = None) -> Changeset:
    """Plan a new claim with its assertion (actor *by* stated it in *source* on *date*).

    The date defaults to the source's ``dcterms:issued``.  With *supports* / *attacks* /
    *undercuts* the claim also gets a Support or Attack node, stated by the same actor in the
    same source.  Adds ``am:Claim`` (text, label, topics, ``am:firstStated``) and ``am:Assertion``.
    """
    targets = [t for t in (supports, attacks, undercuts) if t]
    if len(targets) > 1:
        raise DataError("give at most one of --supports, --attacks, --undercuts")
    text_literal = _text(text, "claim text", lang)
    actor = resolve_node(graph, by, ["actor"], "actor")
    source_node = resolve_node(graph, source, ["source"], "source")
    date_literal = parse_date(date) if date else _source_date(graph, source_node)
    label_literal = _text(label or _label_from(str(text_literal)), "label", lang,
                          max_length=MAX_LABEL_LENGTH)
    topic_nodes = [resolve_node(graph, t, ["topic"], "topic") for t in topics]
    claim = _mint(graph, "claim", slug, str(text_literal), "claim")
    added = {
        (claim, RDF.type, AM.Claim), (claim, AM.text, text_literal),
        (claim, RDFS.label, label_literal), (claim, AM.firstStated, date_literal),
        *((claim, DCTERMS.subject, topic) for topic in topic_nodes),
    }
    assertion = _compound_iri(graph, "assertion", claim, actor, source_node)
    added |= {(assertion, RDF.type, AM.Assertion), (assertion, AM.actor, actor),
              (assertion, AM.claim, claim), (assertion, AM.source, source_node),
              (assertion, AM.date, date_literal)}
    for words in [quote] if isinstance(quote, str) else quote or ():
        added.add((assertion, AM.quote, _text(words, "quote", quote_lang or lang)))
    if locator:
        added.add((assertion, AM.locator, _text(locator, "locator")))
    if targets:
        relation = "supports" if supports else "attacks" if attacks else "undercuts"
        _, triples = _plan_relation(graph, claim, relation, targets[0], actor, source_node,
                                    attack_kind)
        added |= triples
    elif attack_kind:
        raise DataError("--kind needs --attacks or --undercuts")
    return Changeset("added claim", claim, added)


def plan_add_source(graph: Graph, *, kind: str, title: str, publisher: str, date: str,
                    urls: Sequence[str] = (), identifiers: Sequence[str] = (),
                    creators: Sequence[str] = (), slug: str | None = None,
                    lang: str | None = None) -> Changeset:
    """Plan a new source of a *kind* (``ruling``, ``report`` … see ``SOURCE_KINDS``).

    A source needs a title, a publisher, an issue date and at least one identifier or URL
    (the data model's rule, so that a reader can find it).
    """
    if kind not in SOURCE_KINDS:
        raise DataError(f"bad source kind {kind!r}: use one of {', '.join(SOURCE_KINDS)}")
    title_literal = _text(title, "title", lang)
    publisher_literal = _text(publisher, "publisher")
    issued = parse_date(date)
    if not urls and not identifiers:
        raise DataError("a source needs --url or --identifier, so readers can find it")
    url_literals = [_url_literal(url) for url in urls]
    identifier_pairs = [(identifier_property(i), _text(i, "identifier")) for i in identifiers]
    creator_nodes = [resolve_node(graph, c, ["actor"], "creator") for c in creators]
    node = _mint(graph, "source", slug, f"{slugify(str(title_literal), max_words=4)} {issued}",
                 "source", keep_stop_words=True, max_words=12)
    added = {(node, RDF.type, SOURCE_KINDS[kind]), (node, DCTERMS.title, title_literal),
             (node, DCTERMS.publisher, publisher_literal), (node, DCTERMS.issued, issued)}
    added |= {(node, SDO.url, url) for url in url_literals}
    added |= {(node, prop, value) for prop, value in identifier_pairs}
    added |= {(node, DCTERMS.creator, creator) for creator in creator_nodes}
    return Changeset("added source", node, added)


def plan_add_actor(graph: Graph, name: str, *, kind: str, member_of: str | None = None,
                   since: str | None = None, source: str | None = None,
                   country: str | None = None, slug: str | None = None) -> Changeset:
    """Plan a new actor (``person``, ``organisation``, ``group`` or ``institution``).

    With *member_of* (a group or institution) a dated, sourced ``am:Membership`` is added too:
    ``am:startDate`` *since*, else ``am:asOf`` the source's date.
    """
    if kind not in ACTOR_KINDS:
        raise DataError(f"bad actor kind {kind!r}: use one of {', '.join(ACTOR_KINDS)}")
    name_literal = _text(name, "name")
    country_literal = None
    if country:
        if not re.match(r"^([A-Z]{2}|EU|INT)$", country.strip()):
            raise DataError(f"bad country {country!r}: use an ISO 3166 alpha-2 code, EU or INT")
        country_literal = Literal(country.strip())
    if (since or source) and not member_of:
        raise DataError("--since and --source describe a membership; give --member-of too")
    group = start = source_node = None
    if member_of:
        group = resolve_node(graph, member_of, ["actor"], "group or institution")
        if not _types(graph, group) & {AM.PoliticalGroup, AM.Institution, AM.Organisation}:
            raise DataError(f"{short_name(group)} is a person; --member-of needs a group, "
                            "organisation or institution")
        if not source:
            raise DataError("a membership needs --source (where it is stated)")
        source_node = resolve_node(graph, source, ["source"], "source")
        start = parse_date(since, "--since date") if since else None
    node = _mint(graph, "actor", slug, str(name_literal), "actor", keep_stop_words=True,
                 max_words=8)
    added = {(node, RDF.type, ACTOR_KINDS[kind]), (node, FOAF.name, name_literal),
             (node, RDFS.label, name_literal)}
    if country_literal is not None:
        added.add((node, AM.country, country_literal))
    if group is not None:
        when = start if start is not None else _source_date(graph, source_node)
        membership = _compound_iri(graph, "membership", node, group, str(when))
        added |= {(membership, RDF.type, AM.Membership), (membership, ORG.member, node),
                  (membership, ORG.organization, group), (membership, AM.statedIn, source_node),
                  (membership, AM.startDate if start is not None else AM.asOf, when)}
    return Changeset("added actor", node, added)


def plan_link(graph: Graph, left: str, relation: str, right: str, *, by: str, source: str,
              attack_kind: str | None = None, comment: str | None = None) -> Changeset:
    """Plan a relation between existing nodes: claim *supports* / *attacks* claim, or claim
    *undercuts* support; the relation node records who stated it (*by*) and where (*source*)."""
    relation = {"support": "supports", "attack": "attacks", "undercut": "undercuts"}.get(
        relation, relation)
    attacker = resolve_node(graph, left, ["claim"], "claim")
    actor = resolve_node(graph, by, ["actor"], "actor")
    source_node = resolve_node(graph, source, ["source"], "source")
    node, added = _plan_relation(graph, attacker, relation, right, actor, source_node,
                                 attack_kind, comment)
    return Changeset(f"added {'support' if relation == 'supports' else 'attack'}", node, added)


#: Who reviews when ``--by`` is not given: the dataset's own editors, if the map has them.
DEFAULT_REVIEWER = "actor:argmap-editors"


def plan_review(graph: Graph, target: str, *, verdict: str, reason: str,
                sources: Sequence[str], by: str | None = None, date: str | None = None,
                lang: str = "en") -> Changeset:
    """Plan a fact-check of a claim, an assertion or a membership: verdict, reason, evidence.

    The reviewed statement is left as its author made it; the review sits beside it.  The
    reviewer defaults to :data:`DEFAULT_REVIEWER` and the date to today (the day the review is
    recorded), as in the shipped debate.
    """
    node = resolve_node(graph, target, ["claim", "assertion", "membership"],
                        "claim, assertion or membership")
    key = verdict.strip().lower().replace("_", "-").replace(" ", "-")
    if key not in VERDICTS:
        raise DataError(f"bad verdict {verdict!r}: use one of {', '.join(VERDICTS)}")
    reason_literal = _text(reason, "reason", lang)
    if not sources:
        raise DataError("a review needs at least one --source (its evidence)")
    evidence = [resolve_node(graph, s, ["source"], "source") for s in sources]
    if not by and (URIRef(f"{_NAMESPACE['actor']}argmap-editors"), RDF.type, None) not in graph:
        raise DataError("say who reviewed it with --by ACTOR")
    reviewer = resolve_node(graph, by or DEFAULT_REVIEWER, ["actor"], "reviewer")
    review = URIRef(f"{_NAMESPACE['review']}{unique_slug(graph, 'review', _local(node))}")
    added = {(review, RDF.type, AM.Review), (review, AM.reviewOf, node),
             (review, AM.verdict, VERDICTS[key]), (review, AM.reason, reason_literal),
             (review, AM.reviewer, reviewer)}
    added |= {(review, AM.evidence, source_node) for source_node in evidence}
    added.add((review, AM.date, parse_date(date) if date else
               Literal(_dt.date.today().isoformat(), datatype=XSD.date)))
    return Changeset("added review", review, added)


# Which references make the referring node meaningless once the target is gone.
#: A node pointing at a removed node through one of these goes too (``--cascade``).
REQUIRED_REFERENCES = frozenset({
    AM.actor, AM.claim, AM.source, AM.premise, AM.conclusion, AM.attacker, AM.target,
    AM.reviewOf, AM.reviewer, AM.proposal, ORG.member, ORG.organization,
})
#: Required but many-valued: the referring node loses this value, and goes only with its last.
MULTI_REFERENCES = frozenset({AM.statedBy, AM.statedIn, AM.evidence})


def _parts_of(graph: Graph, node: URIRef) -> set[URIRef]:
    """Nodes that exist only to describe *node*: a claim's assertions, a person's memberships."""
    types = _types(graph, node)
    if types & set(KIND_CLASSES["claim"]):
        return set(graph.subjects(AM.claim, node))
    if types & {AM.Person}:
        return set(graph.subjects(ORG.member, node))
    return set()


def _referrers(graph: Graph, nodes: set[URIRef]) -> dict[URIRef, set[tuple]]:
    found: dict[URIRef, set[tuple]] = {}
    for node in nodes:
        for subject, predicate in graph.subject_predicates(node):
            if subject not in nodes:
                found.setdefault(subject, set()).add((subject, predicate, node))
    return found


def plan_remove(graph: Graph, target: str, *, cascade: bool = False) -> Changeset:
    """Plan the removal of a node (and of its own parts: a claim's assertions, a person's
    memberships).

    While other nodes refer to it, the removal is refused with their IDs.  With *cascade* they
    are handled as the data model requires: a node that needs the removed one (an attack on a
    removed claim, an assertion in a removed source, a claim whose last assertion goes …) is
    removed too, recursively; a many-valued reference (one of several ``am:statedIn`` sources)
    or an optional one (a topic, ``am:via``) is just dropped.
    """
    kinds = list(KIND_CLASSES)
    node = resolve_node(graph, target, kinds, "node")
    removed_nodes = {node} | _parts_of(graph, node)
    if not cascade:
        blockers = _referrers(graph, removed_nodes)
        if blockers:
            names = sorted(short_name(b) for b in blockers)
            shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
            raise ArgmapError(f"{short_name(node)} is referred to by {shown}; remove those first "
                              "or use --cascade")
    dropped: set = set()
    queue = list(removed_nodes)
    while queue:
        current = queue.pop()
        for subject, predicate in list(graph.subject_predicates(current)):
            if subject in removed_nodes:
                continue
            if predicate in REQUIRED_REFERENCES:
                goes = True
            elif predicate in MULTI_REFERENCES:
                others = set(graph.objects(subject, predicate)) - removed_nodes
                goes = not others
            else:
                goes = False
            if goes:
                removed_nodes.add(subject)
                queue.append(subject)
                for part in _parts_of(graph, subject) - removed_nodes:
                    removed_nodes.add(part)
                    queue.append(part)
            else:
                dropped.add((subject, predicate, current))
        if (current, RDF.type, AM.Assertion) in graph:
            # A claim whose last assertion goes has no source left: it goes too.
            for claim in graph.objects(current, AM.claim):
                if claim not in removed_nodes and \
                        set(graph.subjects(AM.claim, claim)) <= removed_nodes:
                    removed_nodes.add(claim)
                    queue.append(claim)
    removed = set(dropped)
    for gone in removed_nodes:
        removed |= set(graph.triples((gone, None, None)))
        removed |= set(graph.triples((None, None, gone)))
    ordered = [node] + sorted(removed_nodes - {node}, key=str)
    return Changeset("removed", node, set(), removed, ordered)


# --- validation --------------------------------------------------------------------------------

def touched_nodes(changeset: Changeset) -> set[URIRef]:
    """The dataset's nodes whose validity an edit can change: every subject of a changed
    triple, and every node of the debate a changed triple points at (an attack's target gains
    an attacker; a claim loses its assertion)."""
    nodes = set()
    for subject, _, obj in changeset.added | changeset.removed:
        nodes.add(subject)
        if isinstance(obj, URIRef) and str(obj).startswith(str(BMS)):
            nodes.add(obj)
    return {n for n in nodes if isinstance(n, URIRef)}


def _problems(local: Graph, nodes: set[URIRef]) -> dict[tuple[str, str], object]:
    from .validate import validate

    names = {short_name(n) for n in nodes}
    return {(p.node, p.message): p for p in validate(local)
            if p.severity == "error" and p.node in names}


def _refuse_new_problems(before: dict, after: dict) -> None:
    new = [problem for key, problem in sorted(after.items()) if key not in before]
    if not new:
        return
    shown = "; ".join(f"{p.node}: {p.message}" for p in new[:3])
    more = f"; and {len(new) - 3} more" if len(new) > 3 else ""
    plural = "s" if len(new) != 1 else ""
    raise DataError(f"refused, the edit would make the map invalid ({len(new)} problem{plural}): "
                    f"{shown}{more}; nothing was written")


def check_changeset(graph: Graph, changeset: Changeset) -> None:
    """Refuse (:class:`DataError`) a changeset that would make the map invalid.

    The shapes (``graph.validate``) run on a local copy of the touched nodes' neighbourhood,
    before and after the change, and only problems of touched nodes that the change *causes*
    count: a problem already in a hand-edited file does not block an unrelated edit, and the
    cost is proportional to the edit, not to the map.  (A copy, rather than pySHACL's
    ``focus_nodes``: with that option pySHACL skips nested shapes on values outside the focus,
    which makes ``sh:not`` shapes fail on valid data.)
    """
    nodes = touched_nodes(changeset)
    local = neighbourhood(graph, nodes)
    untouched = Graph()
    untouched += local
    after = _problems(changeset.apply(local), nodes)
    if after:  # only then is it worth knowing which problems were there already
        _refuse_new_problems(_problems(untouched, nodes), after)


# --- applying ----------------------------------------------------------------------------------

def edit_file(path: str | Path, planner: Callable[..., Changeset], *args,
              validate: bool = True, **kwargs) -> Changeset:
    """Plan and apply an edit to a data file, atomically, under its lock.

    The plan is made on the file as it is once the lock is held, so concurrent editors never
    overwrite each other and minted IDs are unique.  If planning or validation refuses, nothing
    is written.
    """
    from .store import transaction

    with transaction(path) as graph:
        changeset = planner(graph, *args, **kwargs)
        if validate:
            check_changeset(graph, changeset)
        changeset.apply(graph)
    return changeset


def send_update(update_url: str, update: str, timeout: float = 60) -> None:
    """POST one SPARQL Update request; an HTTP or network failure is one clear line."""
    import urllib.error
    import urllib.request

    if not re.match(r"^https?://", update_url or ""):
        raise ArgmapError(f"bad SPARQL update URL {update_url!r}: use http:// or https://")
    request = urllib.request.Request(
        update_url, data=update.encode("utf-8"), method="POST",
        headers={"Content-Type": "application/sparql-update; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only
            response.read()
    except urllib.error.HTTPError as exc:
        detail = " ".join(exc.read().decode("utf-8", "replace").split())[:200]
        raise ArgmapError(f"{update_url}: SPARQL update refused (HTTP {exc.code} {exc.reason})"
                          + (f": {detail}" if detail else "")) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ArgmapError(f"{update_url}: cannot send the SPARQL update ({reason})") from None


def _is_remote(graph: Graph) -> bool:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    return isinstance(graph.store, SPARQLStore)


def _inverse_predicates() -> list[URIRef]:
    """Predicates the shapes follow backwards (``sh:inversePath``), e.g. ``am:claim``: for
    those, the type of the node pointing at a touched node matters to its validity."""
    from rdflib.namespace import SH

    from .validate import shapes_graph

    return sorted({p for p in shapes_graph().objects(None, SH.inversePath)
                   if isinstance(p, URIRef)}, key=str)


def neighbourhood(graph: Graph, nodes: Iterable[URIRef]) -> Graph:
    """A local copy of what validating *nodes* needs: their triples and the types of the nodes
    they point at, the triples pointing at them (with the pointing node's type where a shape
    follows that link backwards) — one CONSTRUCT query, so a remote store answers it in one
    round trip."""
    nodes = sorted(set(nodes), key=str)
    local = bind_prefixes(Graph())
    if not nodes:
        return local
    inverse = _inverse_predicates()
    if not _is_remote(graph):
        for node in nodes:
            for triple in graph.triples((node, None, None)):
                local.add(triple)
                local += graph.triples((triple[2], RDF.type, None))
            for triple in graph.triples((None, None, node)):
                local.add(triple)
                if triple[1] in inverse:
                    local += graph.triples((triple[0], RDF.type, None))
        return local
    # The IRIs come from the graph or were minted from checked slugs; .n3() writes them safely.
    # A SELECT of triples rather than a CONSTRUCT: rdflib's SPARQLStore asks for JSON results,
    # which endpoints (Oxigraph) refuse for CONSTRUCT.
    values = " ".join(node.n3() for node in nodes)
    backwards = ", ".join(p.n3() for p in inverse) or "<urn:argmap:none>"
    query = f"""
        SELECT DISTINCT ?s ?p ?o WHERE {{
          VALUES ?n {{ {values} }}
          {{ ?n ?p ?o . BIND(?n AS ?s) }}
          UNION {{ ?n ?out ?s . ?s a ?o . BIND({RDF.type.n3()} AS ?p) }}
          UNION {{ ?s ?p ?n . BIND(?n AS ?o) }}
          UNION {{ ?s ?in ?n . FILTER(?in IN ({backwards})) ?s a ?o . BIND({RDF.type.n3()} AS ?p) }}
        }}"""
    for row in graph.query(query):
        local.add((row[0], row[1], row[2]))
    return local


def edit_store(graph: Graph, update_url: str, planner: Callable[..., Changeset], *args,
               validate: bool = True, **kwargs) -> Changeset:
    """Plan an edit against a remote graph (a SPARQLStore-backed *graph*) and send it as ONE
    SPARQL Update to *update_url*.

    Validation runs first, on a local copy of the touched nodes' neighbourhood, so an invalid
    edit sends nothing.  (Unlike a file, a remote store has no lock: two editors planning at the
    same moment could both mint the same ID.)
    """
    try:
        changeset = planner(graph, *args, **kwargs)
        if changeset.added or changeset.removed:
            if validate:
                check_changeset(graph, changeset)
    except ArgmapError:
        raise
    except (OSError, ValueError) as exc:  # how rdflib's SPARQLStore reports HTTP failures
        cause = exc.__cause__ or exc.__context__ or exc  # rdflib wraps the HTTP error
        reason = " ".join(str(getattr(cause, "reason", None) or cause).split())[:200]
        where = getattr(graph.store, "query_endpoint", None) or update_url
        raise ArgmapError(f"{where}: cannot query the store to plan the edit ({reason}); "
                          "nothing was sent") from None
    if not changeset.added and not changeset.removed:
        return changeset
    send_update(update_url, changeset.sparql_update())
    return changeset
