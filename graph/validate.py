"""Validation: is a graph a well-formed argument map?  SHACL shapes plus referential checks.

A *problem* is one thing wrong with one node of the data, said the way an editor can act on it:
the node's short ID, what is wrong, and how to fix it, e.g.::

    claim:x: no assertion ties this claim to a source — add one with `argmap add`, or …

Two kinds of check produce problems:

- **Shapes** (``graph/shapes.ttl``, SHACL Core, inference off): each kind of node has the
  properties ``docs/data-model.md`` asks for, values of the right kind (a claim, a source, an
  actor), well-formed identifiers (ECLI, CELEX, DOI, URLs) and dates.  Every shape carries its
  own ``sh:message`` and ``amsh:fix``; results are rewritten into problems, never shown raw.
  pySHACL runs them on graphs up to ``FAST_ENGINE_TRIPLES`` triples; beyond, a compiled
  evaluator of the same flat shapes does (same results, tested against pySHACL; pySHACL needs
  minutes for 10,000 claims).
- **References and Python rules** (exact and cheap): an IRI of the dataset used as a value but
  defined nowhere (*dangling*, e.g. an attack whose target was deleted), a node of the dataset
  with no ``rdf:type``, blank nodes (data files use IRIs only), ``am:`` terms that the
  vocabulary (``graph/ontology.ttl``) does not define (typos such as ``am:premis``), the
  datatype and calendar of dates, and undercut ⇔ the target is a support (two shapes that
  pySHACL evaluates too slowly, see ``amsh:checkedInPython``).

A value that dangles is reported once, by the reference check, not again by the shape that
expects it to be a claim or a source.

Complexity: one pass over the T triples builds a dictionary index, O(T); the reference checks
and each shape then cost O(1) per value, so O(T · S) for S shapes at worst, O(T) in practice
(each shape targets one kind of node).  No SPARQL constraints, no inference.  A big Turtle or
N-Triples file is indexed straight from Oxigraph's parser, never loaded into a store first
(:func:`validate_path`): at 100,000 claims that store cost a third of the command.

References: W3C, *Shapes Constraint Language (SHACL)*, 2017, https://www.w3.org/TR/shacl/ ;
pySHACL, https://github.com/RDFLib/pySHACL .

>>> from graph.store import load_graph
>>> g = load_graph(b'''
... @prefix am: <https://w3id.org/argmap/ns#> .
... @prefix claim: <https://w3id.org/argmap/bms/claim/> .
... claim:x a am:Claim ; am:text "X."@en ; <http://www.w3.org/2000/01/rdf-schema#label> "X"@en .
... ''', format="turtle")
>>> for problem in validate(g):
...     print(problem.node, "|", problem.message)
claim:x | no assertion ties this claim to a source
"""

from __future__ import annotations

import contextlib
import difflib
import logging
import os
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, XSD

from .collector import collector_paused
from .errors import ArgmapError, DataError
from .vocab import ACTOR_KINDS, AM, BMS, PREFIXES, SKOS, SOURCE_KINDS

__all__ = [
    "Problem", "Report", "validate", "validate_graph", "validate_path", "check_graph", "counts",
    "shapes_graph", "vocabulary_terms", "short_id", "AMSH", "SHAPES_PATH", "DATE_PROPERTIES",
    "FAST_ENGINE_TRIPLES", "quiet_literal_warnings",
]

#: Namespace of argmap's shapes (and of the ``amsh:fix`` annotation on each shape).
AMSH = Namespace("https://w3id.org/argmap/shapes#")
#: The shapes file shipped with the package.
SHAPES_PATH = Path(__file__).with_name("shapes.ttl")
_ONTOLOGY_PATH = Path(__file__).with_name("ontology.ttl")

_SEVERITIES = {SH.Violation: "error", SH.Warning: "warning", SH.Info: "info"}

#: Properties whose values are dates: xsd:date, or xsd:gYearMonth / xsd:gYear when the source
#: gives only the month or the year.
DATE_PROPERTIES = frozenset({AM.date, DCTERMS.issued, DCTERMS.date, AM.startDate, AM.endDate,
                             AM.asOf, AM.firstStated})
#: The lexical form each date datatype takes (the shapes check the form; this checks that the
#: datatype fits it).
_DATE_FORMS = {
    XSD.date: re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"),
    XSD.gYearMonth: re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$"),
    XSD.gYear: re.compile(r"^[0-9]{4}$"),
}
_DATE_FIX = ('write "YYYY-MM-DD"^^xsd:date, or "YYYY-MM"^^xsd:gYearMonth / "YYYY"^^xsd:gYear '
             "when the source gives only that (never invent a day)")

#: Properties whose values are outside the dataset by nature (web pages, Wikidata items).
_EXTERNAL_VALUES = frozenset({
    URIRef("https://schema.org/url"), URIRef("http://www.w3.org/2002/07/owl#sameAs"),
    URIRef("http://www.w3.org/2000/01/rdf-schema#seeAlso"), AM.eli,
})

_CLASS_COUNTS = (
    ("claims", (AM.Claim, AM.Proposal)),
    ("supports", (AM.Support,)),
    ("attacks", (AM.Attack,)),
    ("assertions", (AM.Assertion,)),
    ("sources", (AM.Source, *SOURCE_KINDS.values())),
    ("actors", tuple(ACTOR_KINDS.values())),
    ("memberships", (AM.Membership,)),
    ("events", (AM.Event, AM.Vote)),
    ("positions", (AM.Position,)),
    ("reviews", (AM.Review,)),
    ("topics", (SKOS.Concept,)),
)


# --- problems and reports --------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    """One thing wrong with one node: what is wrong and how to fix it.

    ``node`` is the short ID (``claim:false-alarm-rate``) of the node to edit; ``severity`` is
    ``error`` (the data is invalid) or ``warning`` (worth fixing, still valid); ``property``
    and ``value`` name the offending triple where there is one; ``line`` is where the node is
    written in the file, when known.
    """

    node: str
    message: str
    fix: str
    severity: str = "error"
    property: str | None = None
    value: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.node}: {self.message} — {self.fix}"

    def as_dict(self) -> dict:
        return {key: value for key, value in asdict(self).items() if value is not None}


@dataclass
class Report:
    """The outcome of validating one graph (or file): its problems and what it holds."""

    problems: list[Problem]
    counts: dict[str, int] = field(default_factory=dict)
    path: str | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]

    @property
    def valid(self) -> bool:
        """True when there is no error (warnings do not make data invalid)."""
        return not self.errors

    def lines(self) -> Iterator[str]:
        """One line per problem, prefixed with ``path:line:`` where known (as compilers do)."""
        for problem in self.problems:
            place = ":".join(str(p) for p in (self.path, problem.line) if p is not None)
            prefix = f"{place}: " if place else ""
            tag = "" if problem.severity == "error" else f"{problem.severity}: "
            yield f"{prefix}{tag}{problem}"

    def summary(self) -> str:
        """``data/claims.ttl: valid (312 claims, …)`` or ``3 problems in 2 nodes``."""
        where = f"{self.path}: " if self.path else ""
        warned = len(self.warnings)
        warning_note = f", {_plural(warned, 'warning')}" if warned else ""
        if self.valid:
            held = ", ".join(_plural(n, name.rstrip("s")) for name, n in self.counts.items() if n)
            return f"{where}valid ({held or 'empty'}){warning_note}"
        errors = self.errors
        nodes = len({p.node for p in errors})
        return f"{where}{_plural(len(errors), 'problem')} in {_plural(nodes, 'node')}{warning_note}"

    def as_dict(self) -> dict:
        return {"valid": self.valid, "path": self.path, "summary": self.summary(),
                "counts": self.counts, "problems": [p.as_dict() for p in self.problems]}


def _plural(count: int, noun: str) -> str:
    if count == 1:
        return f"1 {noun}"
    if noun.endswith("y") and not noun.endswith("ey"):
        return f"{count} {noun[:-1]}ies"
    return f"{count} {noun}s"


# --- names ------------------------------------------------------------------------------------

def _namespaces(graph: Graph | None) -> list[tuple[str, str]]:
    """(namespace, prefix), argmap's own prefixes first, longest namespace first."""
    names: dict[str, str] = {}
    if graph is not None:
        for prefix, namespace in graph.namespaces():
            if prefix:
                names.setdefault(str(namespace), prefix)
    for prefix, namespace in PREFIXES.items():
        names[str(namespace)] = prefix
    names[str(AMSH)] = "amsh"
    return sorted(names.items(), key=lambda item: -len(item[0]))


def short_id(term, namespaces: list[tuple[str, str]] | None = None) -> str:
    """A term as a reader writes it: ``claim:x``, ``"2021-13-45"^^xsd:date``, ``<iri>``.

    >>> short_id(BMS["claim/false-alarm-rate"])
    'claim:false-alarm-rate'
    >>> short_id(Literal("2021-10", datatype=XSD.gYearMonth))
    '"2021-10"^^xsd:gYearMonth'
    """
    namespaces = namespaces if namespaces is not None else _namespaces(None)
    if isinstance(term, URIRef):
        value = str(term)
        for namespace, prefix in namespaces:
            if value.startswith(namespace):
                local = value[len(namespace):]
                if local and "/" not in local and "#" not in local:
                    return f"{prefix}:{local}"
        return f"<{value}>"
    if isinstance(term, Literal):
        text = str(term)
        if len(text) > 60:
            text = text[:57] + "…"
        text = '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{text}^^{short_id(term.datatype, namespaces)}"
        return text
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _namespace_of(iri: str) -> str:
    """The IRI up to and including its last ``/``, ``#`` or ``:`` (``…/bms/claim/``)."""
    cut = max(iri.rfind("/"), iri.rfind("#"))
    if cut < 0:
        cut = iri.rfind(":")
    return iri[: cut + 1]


# --- the shapes and the vocabulary ----------------------------------------------------------

@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """argmap's SHACL shapes (``graph/shapes.ttl``), parsed once per process."""
    from .store import load_graph

    return load_graph(SHAPES_PATH)


@lru_cache(maxsize=1)
def _engine_shapes() -> Graph:
    """The shapes pySHACL runs: all of them, with those marked ``amsh:checkedInPython`` off."""
    engine = Graph()
    for triple in shapes_graph():
        engine.add(triple)
    for shape in shapes_graph().subjects(AMSH.checkedInPython, Literal(True)):
        engine.add((shape, SH.deactivated, Literal(True)))
    return engine


def _shape_text(shape: URIRef) -> tuple[str, str]:
    """The sh:message and amsh:fix of a shape, so Python checks say what the shapes say."""
    message, fix = _annotations(shape)
    return str(message), str(fix)


@lru_cache(maxsize=None)
def _annotations(shape) -> tuple:
    """A shape's sh:message and amsh:fix (None when absent), read once per shape.

    A broken map of 100,000 claims can have a result per node; each would otherwise search the
    shapes graph twice.
    """
    shapes = shapes_graph()
    return shapes.value(shape, SH.message), shapes.value(shape, AMSH.fix)


@lru_cache(maxsize=1)
def _hierarchy() -> tuple:
    """The ``rdfs:subClassOf`` triples of the shapes file, which its class checks rely on."""
    return tuple(shapes_graph().triples((None, RDFS.subClassOf, None)))


@lru_cache(maxsize=1)
def vocabulary_terms() -> frozenset[URIRef]:
    """Every ``am:`` term the vocabulary defines (empty when ``graph/ontology.ttl`` is absent)."""
    if not _ONTOLOGY_PATH.exists():
        return frozenset()
    from .store import load_graph

    ontology = load_graph(_ONTOLOGY_PATH)
    return frozenset(s for s in ontology.subjects() if isinstance(s, URIRef)
                     and str(s).startswith(str(AM)))


# --- one pass over the triples ------------------------------------------------------------------

class _Index:
    """Every triple of a graph in dictionaries, read in one pass: predicate -> subject -> objects.

    Look-ups are then dictionary hits whatever store is behind the graph (a pattern query on an
    Oxigraph-backed graph costs tens of microseconds; 100,000 claims need millions of them).
    Grouped by predicate because every check is about one predicate: a shape's values, or what
    a predicate means for the reference checks, worked out once per predicate rather than once
    per triple.  For each subject and predicate the objects keep the order the graph yields.

    An Oxigraph-backed graph is read from its quads directly (rdflib's triple generator costs
    more per triple than the rest of the pass), each distinct term converted once by
    ``graph.store``'s memo, so every occurrence of a term is the same object and look-ups hit on
    identity instead of calling rdflib's ``__eq__``, a Python method.  Memory: about that of
    rdflib's own in-memory store.
    """

    def __init__(self, graph: Graph | None, read: tuple[dict, int] | None = None):
        if read is None:
            quads = _oxigraph_quads(graph)
            read = _read_quads(quads) if quads is not None else _read_triples(graph)
        self.tables, self.size = read
        #: Each predicate mapped to itself: a constant (``RDF.type``, a shape's path) is swapped
        #: for the index's own object, equal to it, before it is used as a key.
        self.predicates = {p: p for p in self.tables}
        self._inverse: dict = {}

    def term(self, predicate):
        """*predicate* as the object the index holds (or itself when no triple uses it)."""
        return self.predicates.get(predicate, predicate)

    def table(self, predicate) -> dict:
        """Subject -> objects of *predicate* (read only)."""
        return self.tables.get(self.term(predicate), _NOTHING)

    def objects(self, subject, predicate) -> list:
        return self.table(predicate).get(subject, ())

    def subjects_set(self) -> set:
        """Every subject of the graph."""
        return set().union(*self.tables.values())

    def inverse(self, predicate) -> dict:
        """Object -> subjects of *predicate*, built once per predicate."""
        predicate = self.term(predicate)
        found = self._inverse.get(predicate)
        if found is None:
            found = self._inverse[predicate] = defaultdict(list)
            for s, values in self.tables.get(predicate, _NOTHING).items():
                for o in values:
                    found[o].append(s)
        return found

    def subjects(self, predicate, obj) -> list:
        """Subjects of (?, *predicate*, *obj*), from the inverse index of *predicate*."""
        return self.inverse(predicate).get(obj, ())


_NOTHING: dict = {}
_NO_NODES: frozenset = frozenset()


def _read_triples(graph: Graph) -> tuple[dict, int]:
    tables: dict = {}
    size = 0
    for s, p, o in graph:
        table = tables.get(p)
        if table is None:
            table = tables[p] = {}
        values = table.get(s)
        if values is None:
            table[s] = [o]
        else:
            values.append(o)
        size += 1
    return tables, size


def _oxigraph_quads(graph: Graph):
    """The quads of *graph* straight from its Oxigraph store, or None when it is not in one.

    Exactly the quads ``graph.triples`` reads (the graph's own context), in the same order.
    """
    from .store import oxigraph_store_of

    inner = oxigraph_store_of(graph)
    if inner is None:
        return None
    import pyoxigraph as ox

    return inner.quads_for_pattern(None, None, None, ox.DefaultGraph())


def _read_quads(quads, from_store: bool = True) -> tuple[dict, int]:
    """:func:`_read_triples` for Oxigraph quads, converted as ``graph.store`` converts them:
    from a store (*from_store*), or as Oxigraph's parser streams them, which gives the tables
    the store would have given.

    The hot loop (1.9 million quads for 100,000 claims): quads come grouped by subject, so the
    subject is converted only when it changes; each distinct Oxigraph term (they hash and
    compare in Rust) is converted once in this pass and kept, so two values are the same object
    exactly when they are the same RDF term.

    A store keeps each triple once; a stream gives it as often as the file writes it, so a
    triple is dropped when its object is already among the values of its subject and predicate
    — tested on identity (rdflib's ``==`` is a Python method, and not the store's equality:
    rdflib normalises some literals when it makes them).  A store also keeps numbers, dates,
    durations and booleans as values and gives them back in canonical form (``"010"^^xsd:int``
    as ``"10"^^xsd:integer``, ``+00:00`` as ``Z``), so two spellings of one value are one
    triple; from a stream, each distinct such literal is passed through a scratch store once
    (~10 µs; a map has a few thousand distinct dates).  Blank nodes get random IDs, as from a
    store (see :func:`_stream_index`).
    """
    from .store import _from_ox

    converted: dict = {}  # Oxigraph term -> rdflib term, for this pass (never cleared)
    known = converted.get
    convert = _from_ox if from_store else _as_a_store_gives_it(converted)
    by_ox_predicate: dict = {}  # Oxigraph predicate -> its table
    tables: dict = {}
    size = 0
    last = s = None
    for quad in quads:
        subject = quad.subject
        if subject != last:
            last = subject
            s = known(subject)
            if s is None:
                s = converted[subject] = _from_ox(subject)
        predicate = quad.predicate
        table = by_ox_predicate.get(predicate)
        if table is None:
            table = by_ox_predicate[predicate] = tables.setdefault(_from_ox(predicate), {})
        obj = quad.object
        o = known(obj)
        if o is None:
            o = converted[obj] = convert(obj)
        values = table.get(s)
        if values is None:
            table[s] = [o]
        else:
            for value in values:
                if value is o:
                    break  # the same triple again (a stream's repeat)
            else:
                values.append(o)
                size += 1
            continue
        size += 1
    return tables, size


def _as_a_store_gives_it(converted: dict):
    """A converter of Oxigraph terms to rdflib terms that gives a typed literal in the canonical
    form a store gives it back in (through a scratch store, once per distinct literal; the
    caller memoises), sharing the memo *converted* of :func:`_read_quads`."""
    import pyoxigraph as ox

    from .store import _from_ox

    scratch = ox.Store()
    anchor = ox.NamedNode("urn:argmap:scratch")
    xsd, kept_as_written = str(XSD), {str(XSD.string), str(XSD.anyURI)}

    def convert(term):
        if type(term) is ox.Literal and not term.language:
            datatype = term.datatype.value
            if datatype.startswith(xsd) and datatype not in kept_as_written:
                scratch.add(ox.Quad(anchor, anchor, term))
                stored = next(scratch.quads_for_pattern(anchor, None, None)).object
                scratch.remove(ox.Quad(anchor, anchor, stored))
                found = converted.get(stored)
                if found is None:
                    found = converted[stored] = _from_ox(stored)
                return found
        return _from_ox(term)

    return convert


def _stream_index(data: bytes, rdf_format: str, label: str) -> _Index | None:
    """The index of Turtle/N-Triples *data*, built in one pass of Oxigraph's parser; None when
    the parser refuses the data (the caller then reads it the usual way, for the message).

    What the store-backed path gives (parse into an in-memory store, then read every quad back)
    without the store: at 100,000 claims that path spends ~11 s filling the store before the
    index is built.  Blank nodes get fresh random IDs, as a store's loader gives them.
    """
    import pyoxigraph as ox

    from .store import oxigraph_input, progress_input

    body, kind = oxigraph_input(data, rdf_format)
    try:
        with progress_input(body, label) as source, quiet_literal_warnings():
            quads = ox.parse(source, format=kind, rename_blank_nodes=True)
            return _Index(None, _read_quads(quads, from_store=False))
    except (SyntaxError, ValueError):
        return None


_IRI, _BLANK, _LITERAL = 1, 2, 3
#: Term type -> _IRI, _BLANK or _LITERAL.  ``isinstance`` against rdflib's term classes goes
#: through ``ABCMeta.__instancecheck__`` whenever the answer is no (about 1 µs); the hot loops
#: ask this table by ``type(term)`` instead, filled by :func:`_kind` with the same answers.
_KINDS: dict = {}


def _kind(term) -> int:
    """_IRI, _BLANK or _LITERAL (anything else: 0), as ``isinstance`` says; cached by type."""
    cls = type(term)
    kind = _KINDS.get(cls)
    if kind is None:
        kind = _KINDS[cls] = (_IRI if isinstance(term, URIRef) else _BLANK
                              if isinstance(term, BNode) else _LITERAL
                              if isinstance(term, Literal) else 0)
    return kind


# --- reference checks -------------------------------------------------------------------------

def _reference_problems(index: _Index, names) -> tuple[list[Problem], set]:
    """Dangling IRIs, untyped nodes, blank nodes and unknown ``am:`` terms; one pass, O(T).

    Returns the problems and the set of IRIs referred to but undefined or untyped (so shape
    results about them can be dropped: the reference message says more).
    """
    short = lambda term: short_id(term, names)  # noqa: E731 - a local abbreviation
    vocabulary = vocabulary_terms()
    am = str(AM)
    bms = str(BMS)
    problems: list[Problem] = []
    unknown_terms: dict[URIRef, set] = defaultdict(set)
    blank_refs: dict[object, list] = defaultdict(list)
    checked_terms: set = set()  # IRIs already looked up in the vocabulary
    blank_objects: set = set()
    subjects = index.subjects_set()
    typed = set(index.table(RDF.type))
    # Namespaces of typed nodes (bms: ones need not be listed: is_instance accepts all of bms:).
    instance_namespaces = {_namespace_of(str(s)) for s in typed
                           if _kind(s) == _IRI and not str.startswith(s, bms)}
    instance_namespaces.discard(am)
    instance_namespaces.discard("")

    def is_instance(iri: URIRef) -> bool:
        value = str(iri)
        if value.startswith(am):
            return False
        return value.startswith(bms) or _namespace_of(value) in instance_namespaces

    dangling: set = set()
    valid_dates: dict = {}  # date literal -> whether it is one: dates repeat across the map
    kind_of = _KINDS  # the hot loop below runs once per triple: 1.9 million for 100,000 claims
    starts = str.startswith  # rdflib's own startswith is a Python method doing the same
    for p, table in index.tables.items():
        # What the predicate means for these checks, worked out once for all its triples.
        is_type = p == RDF.type
        is_date = p in DATE_PROPERTIES
        refers = not is_type and p not in _EXTERNAL_VALUES
        if vocabulary and _kind(p) == _IRI and p.startswith(am) and p not in vocabulary:
            unknown_terms[p].update(table)
        for s, values in table.items():
            blank_subject = (kind_of.get(type(s)) or _kind(s)) == _BLANK
            for o in values:
                kind = kind_of.get(type(o)) or _kind(o)
                if kind == _IRI:
                    if vocabulary and o not in checked_terms:
                        if starts(o, am) and o not in vocabulary:
                            unknown_terms[o].add(s)
                        else:
                            checked_terms.add(o)
                    if refers and o not in typed and is_instance(o):
                        dangling.add(o)  # shape results about it are dropped: this says more
                        if o not in subjects and not blank_subject:  # else: reported as untyped
                            problems.append(Problem(
                                node=short(s), property=short(p), value=short(o),
                                message=f"{short(p)} points at {short(o)}, which is not in the graph",
                                fix=f"correct the ID, or add {short(o)} to the data"))
                elif kind == _BLANK:
                    blank_objects.add(o)
                    if not blank_subject:
                        blank_refs[s].append(p)
                if is_date and not blank_subject:
                    valid = valid_dates.get(o)
                    if valid is None:
                        valid = valid_dates[o] = _is_date(o)
                    if not valid:
                        problems.append(_date_problem(s, p, o, short))

    problems += _undercut_problems(index, short)

    for node in subjects - typed:
        if isinstance(node, URIRef) and is_instance(node):
            problems.append(Problem(
                node=short(node), message="has no rdf:type, so no check or command knows what it is",
                fix="add its class, e.g. `a am:Claim` (see docs/data-model.md)"))

    for subject, predicates in blank_refs.items():
        for predicate in sorted(set(predicates)):
            problems.append(Problem(
                node=short(subject), property=short(predicate),
                message=f"{short(predicate)} points at a blank node; data files use IRIs only",
                fix="give that node an IRI of its kind, e.g. source:some-slug, and point at it"))
    for node in subjects:
        if (kind_of.get(type(node)) or _kind(node)) == _BLANK and node not in blank_objects:
            kinds = sorted(short(k) for k in index.objects(node, RDF.type)) or ["no type"]
            problems.append(Problem(
                node=f"[ a {', '.join(kinds)} ]",
                message="a blank node; data files use IRIs only",
                fix="give the node an IRI of its kind, e.g. claim:some-slug"))

    known = sorted(str(t)[len(am):] for t in vocabulary)
    for term, users in unknown_terms.items():
        local = str(term)[len(am):]
        close = difflib.get_close_matches(local, known, n=1, cutoff=0.6)
        hint = f"did you mean am:{close[0]}?" if close else "see graph/ontology.ttl for the terms"
        for user in sorted(users, key=str):
            if isinstance(user, BNode):
                continue
            problems.append(Problem(
                node=short(user), value=short(term),
                message=f"uses {short(term)}, which the argmap vocabulary does not define",
                fix=hint))
    return problems, dangling


def _undercut_problems(index: _Index, short) -> list[Problem]:
    """undercut ⇔ the target is a Support (amsh:UndercutTargetsSupport, amsh:SupportTargetIsUndercut)."""
    problems = []
    claim_types = {AM.Claim, AM.Proposal}
    # Terms as the index holds them, looked up once: this runs once per attack.
    types, kinds_of, targets = (index.table(t) for t in (RDF.type, AM.attackKind, AM.target))
    undercut_kind, support = AM.undercut, AM.Support
    for attack in index.subjects(RDF.type, AM.Attack):
        if isinstance(attack, BNode):
            continue
        undercut = undercut_kind in kinds_of.get(attack, ())
        for target in targets.get(attack, ()):
            kinds = set(types.get(target, ()))
            if undercut and kinds & claim_types:
                message, fix = _shape_text(AMSH.UndercutTargetsSupport)
            elif not undercut and support in kinds:
                message, fix = _shape_text(AMSH.SupportTargetIsUndercut)
            else:
                continue
            problems.append(Problem(node=short(attack), property="am:target", value=short(target),
                                    message=message, fix=fix))
    return problems


def _is_date(value) -> bool:
    """Whether *value* is a date of the right datatype that names a calendar day (or month, year)."""
    if isinstance(value, Literal):
        form = _DATE_FORMS.get(value.datatype)
        if form is not None and form.match(str(value)) and not value.ill_typed:
            return True
    return False


def _date_problem(subject, predicate, value, short) -> Problem:
    """The problem of a date property whose *value* is not a date (see :func:`_is_date`)."""
    return Problem(node=short(subject), property=short(predicate), value=short(value),
                   message=f"{short(predicate)} {short(value)} is not a valid date", fix=_DATE_FIX)


# --- SHACL ------------------------------------------------------------------------------------

@contextlib.contextmanager
def quiet_literal_warnings() -> Iterator[None]:
    """rdflib logs a traceback for every ill-typed literal; validation reports them instead."""
    logger = logging.getLogger("rdflib.term")
    previous = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(previous)


def _path_text(results: Graph, path, names) -> str | None:
    if path is None:
        return None
    if isinstance(path, BNode):
        inverse = results.value(path, SH.inversePath)
        if inverse is not None:
            return "^" + short_id(inverse, names)
        return None  # an alternative path ("an identifier or a URL"): the message names them
    return short_id(path, names)


def _shape_problems(graph: Graph, names, focus: list | None) -> list[tuple[Problem, object, object]]:
    """pySHACL's results as (problem, focus node, value node)."""
    import pyshacl

    shapes = _engine_shapes()
    # SHACL finds subclasses (am:Report is an am:Source) in the data graph, and data files carry
    # none: add the shapes' class hierarchy for the run, and take away exactly what was added.
    added = [triple for triple in _hierarchy() if triple not in graph]
    for triple in added:
        graph.add(triple)
    try:
        with quiet_literal_warnings():
            _, results, _ = pyshacl.validate(
                graph, shacl_graph=shapes, inference="none", advanced=False, inplace=True,
                abort_on_first=False, allow_warnings=True, allow_infos=True, meta_shacl=False,
                focus_nodes=focus or None, debug=False)
    except ArgmapError:
        raise
    except Exception as exc:  # pySHACL rejects some malformed data outright
        raise DataError(f"the SHACL engine could not check this data: {exc}") from None
    finally:
        for triple in added:
            graph.remove(triple)
    out = []
    for report in results.subjects(RDF.type, SH.ValidationReport):
        for result in results.objects(report, SH.result):
            focus_node = results.value(result, SH.focusNode)
            value = results.value(result, SH.value)
            shape = results.value(result, SH.sourceShape)
            path = _path_text(results, results.value(result, SH.resultPath), names)
            severity = _SEVERITIES.get(results.value(result, SH.resultSeverity), "error")
            component = results.value(result, SH.sourceConstraintComponent)
            fallback = results.value(result, SH.resultMessage) or \
                f"{path or 'node'} fails {short_id(component, names)}"
            out.append((_problem(shape, focus_node, value, path, severity, names, fallback),
                        focus_node, value))
    return out


def _problem(shape, focus_node, value, path: str | None, severity: str, names,
             fallback: str = "does not follow the data model") -> Problem:
    """A shape's result as a Problem: its sh:message and amsh:fix, placeholders filled in."""
    message, fix = _annotations(shape)
    message = str(message or fallback)
    fix = str(fix or "see docs/data-model.md")
    value_text = short_id(value, names) if value is not None else ""
    substitutions = {"{$this}": short_id(focus_node, names), "{?this}": short_id(focus_node, names),
                     "{$value}": value_text, "{?value}": value_text, "{$path}": path or ""}
    for placeholder, text in substitutions.items():
        message = message.replace(placeholder, text)
        fix = fix.replace(placeholder, text)
    message = " ".join(message.split())  # a placeholder with no value leaves two spaces
    return Problem(node=short_id(focus_node, names), message=message, fix=fix, severity=severity,
                   property=path,
                   value=short_id(value, names) if value is not None and value != focus_node else None)


# --- the compiled engine ----------------------------------------------------------------------
#
# pySHACL is pure Python and evaluates shape by shape, node by node: about 4 s per 1,000 claims,
# so minutes for 100,000.  The shapes argmap ships are flat property shapes using a small part of
# SHACL Core, which this engine evaluates with a few dictionary look-ups per value: the same
# shapes file, the same results (a test compares the two engines on every broken map), one pass
# per shape.  ``validate`` uses it for large graphs; pySHACL remains the engine for everything
# else and for shapes this engine does not know.

_FAST_PARAMETERS = frozenset({
    SH.path, SH.targetClass, SH.targetSubjectsOf, SH.minCount, SH.maxCount, SH.datatype,
    SH["class"], SH["in"], SH.pattern, SH.flags, SH.nodeKind, SH.maxLength, SH.minInclusive,
    SH.hasValue, SH.message, SH.severity, SH.deactivated, SH.name, SH.description, RDF.type,
    AMSH.fix, AMSH.checkedInPython, RDFS.comment, RDFS.label,
})
#: Above this many triples ``validate`` uses the compiled engine (pySHACL needs about 0.2 ms a
#: triple; the shipped debate has about 5,000), and for any graph not in rdflib's memory store
#: (pySHACL's per-node look-ups on an Oxigraph-backed graph are slower still).
FAST_ENGINE_TRIPLES = 50_000


class _Unsupported(Exception):
    """The shapes use a SHACL feature the compiled engine does not evaluate."""


@dataclass
class _CompiledShape:
    node: object
    targets: tuple
    subjects_of: tuple
    path: tuple  # ("iri", p) | ("inverse", p) | ("alternative", (p, …))
    constraints: dict
    severity: str


@lru_cache(maxsize=1)
def _compiled_shapes() -> tuple:
    """The active shapes of shapes.ttl, compiled; raises _Unsupported for anything else."""
    shapes = _engine_shapes()
    compiled = []
    kinds = set(shapes.subjects(RDF.type, SH.PropertyShape)) | set(shapes.subjects(RDF.type,
                                                                                   SH.NodeShape))
    for shape in sorted(kinds, key=str):
        if shapes.value(shape, SH.deactivated) == Literal(True):
            continue
        predicates = set(shapes.predicates(shape, None))
        if predicates - _FAST_PARAMETERS or SH.path not in predicates:
            raise _Unsupported(shape)
        path = shapes.value(shape, SH.path)
        if isinstance(path, URIRef):
            compiled_path = ("iri", path)
        elif shapes.value(path, SH.inversePath) is not None:
            compiled_path = ("inverse", shapes.value(path, SH.inversePath))
        elif shapes.value(path, SH.alternativePath) is not None:
            compiled_path = ("alternative", tuple(shapes.items(shapes.value(path, SH.alternativePath))))
        else:
            raise _Unsupported(shape)
        constraints = {}
        for parameter in (SH.minCount, SH.maxCount, SH.maxLength):
            value = shapes.value(shape, parameter)
            if value is not None:
                constraints[parameter] = int(value)
        for parameter in (SH.datatype, SH["class"], SH.nodeKind, SH.hasValue, SH.minInclusive):
            value = shapes.value(shape, parameter)
            if value is not None:
                constraints[parameter] = value
        if shapes.value(shape, SH["in"]) is not None:
            constraints[SH["in"]] = frozenset(shapes.items(shapes.value(shape, SH["in"])))
        if shapes.value(shape, SH.pattern) is not None:
            flags = re.IGNORECASE if "i" in str(shapes.value(shape, SH.flags) or "") else 0
            constraints[SH.pattern] = re.compile(str(shapes.value(shape, SH.pattern)), flags)
        if constraints.get(SH.nodeKind, SH.Literal) != SH.Literal:
            raise _Unsupported(shape)
        compiled.append(_CompiledShape(
            node=shape, targets=tuple(shapes.objects(shape, SH.targetClass)),
            subjects_of=tuple(shapes.objects(shape, SH.targetSubjectsOf)), path=compiled_path,
            constraints=constraints,
            severity=_SEVERITIES.get(shapes.value(shape, SH.severity), "error")))
    return tuple(compiled)


_LANG_STRING = RDF.langString
_XSD_STRING = XSD.string


def _datatype_matches(value, datatype) -> bool:
    """SHACL sh:datatype as pySHACL reads it: the literal's datatype, and well-formed."""
    if not isinstance(value, Literal):
        return False
    if datatype == _LANG_STRING:
        return value.language is not None
    if value.language is not None:
        return False
    actual = value.datatype or _XSD_STRING
    return actual == datatype and value.ill_typed is not True


def _value_test(constraints: dict, instances: dict):
    """A function true of a value that fails the shape's per-value constraints; None if none.

    Built once per shape with only the constraints it has, so the loop over values (millions
    on a large map) runs no test the shape does not ask for.  ``sh:class`` is a look-up in the
    set of the class's instances (subclasses included), where the nodes are the index's own
    objects.
    """
    c = constraints
    tests = []
    datatype = c.get(SH.datatype)
    if datatype == _LANG_STRING:
        tests.append(lambda v: not isinstance(v, Literal) or v.language is None)
    elif datatype is not None:
        tests.append(lambda v: not _datatype_matches(v, datatype))
    of_class = c.get(SH["class"])
    if of_class is not None:
        members = instances.get(of_class, frozenset())
        tests.append(lambda v: v not in members)
    allowed = c.get(SH["in"])
    if allowed is not None:
        tests.append(lambda v: v not in allowed)
    if SH.nodeKind in c:  # sh:Literal, the only kind compiled
        tests.append(lambda v: not isinstance(v, Literal))
    pattern = c.get(SH.pattern)
    if pattern is not None:
        tests.append(lambda v: _kind(v) == _BLANK or not pattern.search(str(v)))
    max_length = c.get(SH.maxLength)
    if max_length is not None:
        tests.append(lambda v: _kind(v) == _BLANK or len(str(v)) > max_length)
    minimum = c.get(SH.minInclusive)
    if minimum is not None:
        tests.append(lambda v: not _at_least(v, minimum))
    if not tests:
        return None
    if len(tests) == 1:
        return tests[0]
    return lambda v: any(test(v) for test in tests)


def _fast_shape_problems(index: _Index, names, focus: list | None) -> list[tuple[Problem, object, object]]:
    """The compiled engine's results, in the form of :func:`_shape_problems`.

    Shape by shape; for each focus node its count results first, then its failing values in
    the index's order (which result :func:`validate` keeps among equal ones depends on that;
    the order of focus nodes does not matter, it sorts).  Counts are set operations on the
    shape's predicate table; values are tested only for the focus nodes that have any.
    """
    shapes = _compiled_shapes()
    superclasses: dict = {}  # class -> itself and every superclass
    edges = defaultdict(set)
    for sub, _, sup in _hierarchy():
        edges[sub].add(sup)
    for sub, sups in index.table(RDFS.subClassOf).items():
        edges[sub].update(sups)

    def supers(cls) -> set:
        if cls not in superclasses:
            seen, stack = {cls}, [cls]
            while stack:
                for parent in edges.get(stack.pop(), ()):
                    if parent not in seen:
                        seen.add(parent)
                        stack.append(parent)
            superclasses[cls] = seen
        return superclasses[cls]

    instances: dict = defaultdict(set)  # class -> its instances, subclasses included
    for node, classes in index.table(RDF.type).items():
        for cls in classes:
            for ancestor in supers(cls):
                instances[ancestor].add(node)
    wanted = set(focus) if focus is not None else None
    out = []
    for shape in shapes:
        if len(shape.targets) == 1 and not shape.subjects_of and wanted is None:
            focus_nodes = instances.get(shape.targets[0], _NO_NODES)  # read only: no copy
        else:
            focus_nodes = set()
            for cls in shape.targets:
                focus_nodes |= instances.get(cls, _NO_NODES)
            for predicate in shape.subjects_of:
                focus_nodes.update(index.table(predicate))
            if wanted is not None:
                focus_nodes &= wanted
        if not focus_nodes:
            continue
        kind, step = shape.path
        if kind == "iri":
            table = index.table(step)
            path_text = short_id(step, names)
        elif kind == "inverse":
            table = index.inverse(step)
            path_text = "^" + short_id(step, names)
        else:  # values of any of the alternatives, alternative by alternative
            table = defaultdict(list)
            for alternative in step:
                for node, values in index.table(alternative).items():
                    table[node].extend(values)
            path_text = None
        c = shape.constraints
        min_count, max_count = c.get(SH.minCount), c.get(SH.maxCount)
        has_value = c.get(SH.hasValue)
        fails = _value_test(c, instances)
        failed: list = []  # (node, value or None)
        if min_count is not None and min_count > 0:
            failed.extend((node, None) for node in focus_nodes.difference(table))
            if min_count > 1:
                failed.extend((node, None) for node, values in table.items()
                              if len(values) < min_count and node in focus_nodes)
        if max_count is not None:
            failed.extend((node, None) for node, values in table.items()
                          if len(values) > max_count and node in focus_nodes)
        if has_value is not None:
            failed.extend((node, None) for node in focus_nodes
                          if has_value not in table.get(node, ()))
        if fails is not None:
            for node, values in table.items():
                if node in focus_nodes:
                    for value in values:
                        if fails(value):
                            failed.append((node, value))
        for node, value in failed:
            out.append((_problem(shape.node, node, value, path_text, shape.severity, names),
                        node, value))
    return out


def _at_least(value, minimum: Literal) -> bool:
    try:
        return isinstance(value, Literal) and value.value is not None and \
            value.value >= minimum.value
    except TypeError:  # not comparable (a date against a number)
        return False


# --- the API ----------------------------------------------------------------------------------

def validate(graph: Graph, focus: Iterable | None = None, engine: str = "auto") -> list[Problem]:
    """All problems of *graph*, sorted by node; an empty list means the map is well formed.

    With *focus* (IRIs), the shapes check only those nodes (an edit that touched them); the
    reference checks always cover the whole graph (they are cheap).  The graph is left as it
    was (the class hierarchy the shapes need is added for the run and removed after).

    *engine* runs the shapes: ``pyshacl``, ``compiled`` (argmap's evaluator of the SHACL Core
    subset its shapes use, for large maps; same results), or ``auto``: pySHACL for graphs in
    memory up to ``FAST_ENGINE_TRIPLES`` triples, compiled beyond.
    """
    return _validate(graph, focus, engine)[0]


def _validate(graph: Graph, focus: Iterable | None, engine: str,
              index: _Index | None = None) -> tuple[list[Problem], _Index]:
    """:func:`validate`, also returning the index it read the graph into (for :func:`_counts`).

    With *index* (the graph's triples, already read), *graph* only gives the prefixes and the
    kind of store; it may be empty.
    """
    names = _namespaces(graph)
    with collector_paused():
        if index is None:
            index = _Index(graph)
        problems, dangling = _reference_problems(index, names)
    focus_list = [URIRef(str(f)) for f in focus] if focus is not None else None
    if focus_list == []:
        return _sorted(problems), index
    if engine not in ("auto", "pyshacl", "compiled"):
        raise ArgmapError(f"unknown validation engine {engine!r}: use auto, pyshacl or compiled")
    triples = index.size
    results = None
    from rdflib.plugins.stores.memory import Memory

    large = triples > FAST_ENGINE_TRIPLES or not isinstance(graph.store, Memory)
    if engine == "compiled" or (engine == "auto" and large):
        try:
            _compiled_shapes()
        except _Unsupported:  # shapes this engine cannot read: pySHACL reads everything
            if engine == "compiled":
                raise ArgmapError("the compiled engine cannot evaluate these shapes; "
                                  "use --engine pyshacl") from None
        else:
            with collector_paused():
                results = _fast_shape_problems(index, names, focus_list)
    if results is None:
        results = _shape_problems(graph, names, focus_list)
    for problem, focus_node, value in results:
        if isinstance(focus_node, BNode):
            continue  # reported as a blank node; give it an IRI first
        if value is not None and value in dangling:
            continue  # reported as a dangling reference, which says more
        problems.append(problem)
    return _sorted(problems), index


def _sorted(problems: list[Problem]) -> list[Problem]:
    """Sorted by node (errors first, then by message), one problem per node, message, severity.

    Which of equal problems is kept, and the order, depend on the problems only, not on the
    order they were found in, which follows the order the triples were read in (a store's or
    the file's).
    """
    def key(p: Problem) -> tuple:
        return (p.node, p.severity != "error", p.message, p.severity, p.property or "",
                p.value or "", p.fix, p.line or 0)

    unique: dict = {}
    for problem in sorted(problems, key=key):
        unique.setdefault((problem.node, problem.message, problem.severity), problem)
    return list(unique.values())


def counts(graph: Graph) -> dict[str, int]:
    """How many nodes of each kind *graph* holds (claims, supports, attacks, …)."""
    result = {}
    for name, classes in _CLASS_COUNTS:
        nodes = set()
        for cls in classes:
            nodes.update(graph.subjects(RDF.type, cls))
        result[name] = len(nodes)
    return result


def _counts(index: _Index) -> dict[str, int]:
    """:func:`counts` from an index of the graph (its ``rdf:type`` triples, already read)."""
    instances = index.inverse(RDF.type)
    result = {}
    for name, classes in _CLASS_COUNTS:
        nodes = set()
        for cls in classes:
            nodes.update(instances.get(cls, ()))
        result[name] = len(nodes)
    return result


def _subject_lines(text: str) -> dict[str, int]:
    """Full IRI -> first line where it starts a statement (Turtle as argmap writes it, N-Triples).

    Cheap and approximate: it reads the file's ``@prefix`` lines and the first token of lines
    that are not indented, which is where subjects stand in argmap's layout and in most
    hand-written Turtle.
    """
    prefixes: dict[str, str] = {}
    lines: dict[str, int] = {}
    prefix_line = re.compile(r"^\s*@?prefix\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)
    for number, line in enumerate(text.splitlines(), 1):
        if not line or line[0].isspace() or line[0] in "#[.;,)":
            continue
        match = prefix_line.match(line)
        if match:
            prefixes[match.group(1) or ""] = match.group(2)
            continue
        token = line.split(None, 1)[0]
        if token.startswith("<"):
            iri = token[1: token.find(">")] if ">" in token else None
        elif ":" in token:
            prefix, local = token.split(":", 1)
            namespace = prefixes.get(prefix)
            iri = namespace + local.replace("\\", "") if namespace is not None else None
        else:
            iri = None
        if iri and iri not in lines:
            lines[iri] = number
    return lines


def validate_path(path: str | os.PathLike, format: str | None = None,
                  engine: str = "auto") -> Report:
    """Read the data file at *path* and validate it.

    Unreadable files (missing, empty, binary, not UTF-8, syntax errors) raise
    :class:`~graph.errors.DataError` with file, line and column, from :func:`graph.store.load_graph`.

    A Turtle or N-Triples file that the default engine would parse with Oxigraph (big files),
    checked by the compiled engine, is read in one streaming pass of Oxigraph's parser straight
    into the index the checks run on (:func:`_stream_index`), never into a store: the same
    report, about twice as fast.  Anything else (small files checked by pySHACL, JSON-LD, data
    Oxigraph refuses) is parsed into a graph first.
    """
    from .store import engine_for, guess_format, read_graph, read_source

    data, label, _ = read_source(path)
    rdf_format = guess_format(label, format)
    index = None
    if rdf_format in ("turtle", "nt") and engine in ("auto", "compiled") \
            and engine_for(len(data)) == "oxigraph" and _NOT_BLANK.search(data) \
            and b"\x00" not in data[:8192] and _compiled_engine_reads_the_shapes():
        with collector_paused():
            index = _stream_index(data, rdf_format, label)
    if index is not None:
        graph = _prefix_graph(data, rdf_format)
        problems, _ = _validate(graph, None, engine, index)
        report = Report(problems=problems, counts=_counts(index), path=str(path))
    else:  # as graph.store reads it: the DataError of unreadable data comes from there
        with quiet_literal_warnings():
            graph = read_graph(data, format=rdf_format, name=label).graph
        report = validate_graph(graph, path=str(path), engine=engine)
    if rdf_format in ("turtle", "nt") and report.problems:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = ""
        where = _subject_lines(text)
        namespaces = {prefix: namespace for namespace, prefix in _namespaces(graph)}
        report.problems = [_with_line(p, where.get(_expand(p.node, namespaces)))
                           for p in report.problems]
    return report


_NOT_BLANK = re.compile(rb"\S")  # as graph.store: blank data goes the rdflib way ("file is empty")


def _compiled_engine_reads_the_shapes() -> bool:
    try:
        _compiled_shapes()
    except _Unsupported:
        return False  # pySHACL checks them, and it needs a graph
    return True


def _prefix_graph(data: bytes, rdf_format: str) -> Graph:
    """An empty graph with the prefixes ``graph.store`` binds when it parses *data* with
    Oxigraph (argmap's own, then the file's ``@prefix`` lines), so that short IDs in messages
    are the same as when the data is in that graph."""
    import pyoxigraph as ox

    from .store import declared_prefixes, new_graph

    graph = new_graph("oxigraph", ox.Store())
    if rdf_format == "turtle":
        for prefix, namespace in declared_prefixes(data).items():
            if prefix and prefix not in PREFIXES:  # argmap's own names win, as in graph.store
                graph.bind(prefix, namespace, override=False)
    return graph


def _expand(node: str, namespaces: dict[str, str]) -> str | None:
    """The full IRI of a short ID made by :func:`short_id` (``claim:x``, ``<iri>``)."""
    if node.startswith("<") and node.endswith(">"):
        return node[1:-1]
    prefix, _, local = node.partition(":")
    namespace = namespaces.get(prefix)
    return namespace + local if namespace is not None and local else None


def _with_line(problem: Problem, line: int | None) -> Problem:
    if line is None:
        return problem
    return Problem(**{**asdict(problem), "line": line})


def validate_graph(graph: Graph, path: str | None = None, engine: str = "auto") -> Report:
    """Validate an already loaded graph; the :class:`Report` also counts what it holds."""
    problems, index = _validate(graph, None, engine)
    return Report(problems=problems, counts=_counts(index), path=path)


def check_graph(graph: Graph, focus: Iterable | None = None, limit: int = 3) -> None:
    """Raise :class:`~graph.errors.DataError` when *graph* has errors (warnings pass).

    For commands that edit the data: call it before writing, so invalid data is never written.
    The message is one line: ``2 problems: claim:x: no am:text; attack:y: …``.

    >>> from rdflib import Graph
    >>> check_graph(Graph())  # an empty graph has nothing wrong with it
    """
    errors = [p for p in validate(graph, focus=focus) if p.severity == "error"]
    if not errors:
        return
    shown = "; ".join(f"{p.node}: {p.message}" for p in errors[:limit])
    more = f"; and {len(errors) - limit} more (run argmap validate)" if len(errors) > limit else ""
    raise DataError(f"{_plural(len(errors), 'problem')}: {shown}{more}")
