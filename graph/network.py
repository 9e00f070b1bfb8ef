"""Projections of the RDF debate into networkx graphs, and the analytics built on them.

The RDF graph is the single source of truth; the graphs here are views made on demand and never
written back.  Node IDs are IRI strings.

:func:`argument_graph`
    The argument map: claims and supports as nodes; ``premise`` edges (claim → support),
    ``conclusion`` edges (support → claim) and ``attack`` edges (attacker claim → attacked claim
    for rebut and undermine, attacker claim → support for an undercut).
:func:`abstract_framework`
    The Dung framework of the debate (arguments = claims and supports, edges = attacks), built
    with the ASPIC+ construction of attacks described below; the input of
    :mod:`graph.semantics`.
:func:`actor_claim_graph`
    Actors → the claims they assert, support, attack, or take a position on.
:func:`agreement_graph`
    Actors linked by the claims on which they stand on the same side (both assert or support it,
    both attack it, both take the same stance on a proposal); edge ``weight`` = how many.
:func:`analyse`
    Most contested claims, coalitions of actors, one-sided claims, and claims whose support runs
    through a statement reviewed as doubtful: what ``argmap analyse`` prints.

From the debate to an abstract framework
----------------------------------------
argmap follows the ASPIC+ reading of the Argument Interchange Format (Bex, Modgil, Prakken &
Reed 2013): every claim someone asserted is an argument by itself (an ordinary premise), every
``am:Support`` is an argument from its premises to its conclusion (a defeasible rule), and an
argument is attacked on its conclusion (rebut), on a premise (undermine) or on its inference
(undercut) — exactly argmap's three attack kinds.  For an ``am:Attack`` from claim ``a`` to
target ``t``, every argument *for* ``a`` (the claim ``a`` and each support concluding ``a``)
attacks:

* when ``t`` is a claim: the claim ``t``, each support concluding ``t`` (rebuttal of its
  conclusion) and each support with ``t`` among its premises (its sub-argument is attacked);
* when ``t`` is a support (undercut): that support.

So a support falls when one of its premises falls, when its conclusion is defeated, or when it
is undercut; and a support concluding ``a`` carries ``a``'s attacks (Cayrol &
Lagasquie-Schiex's *supported attack*).  Because every claim is also an argument on its own, a
claim's status equals the status of the claim node: supports add no attack a claim does not
already make (a support's attackers include all of its conclusion's), so they can neither
rescue nor sink a claim — only counter-attacks can.  ``docs/semantics.md`` walks through the
debate's examples.

References
----------
.. [1] F. Bex, S. Modgil, H. Prakken, C. Reed, "On logical specifications of the Argument
   Interchange Format", Journal of Logic and Computation 23(5), 2013.
.. [2] S. Modgil, H. Prakken, "The ASPIC+ framework for structured argumentation: a tutorial",
   Argument & Computation 5(1), 2014.
.. [3] C. Cayrol, M.-C. Lagasquie-Schiex, "On the acceptability of arguments in bipolar
   argumentation frameworks", ECSQARU 2005, LNCS 3571.
.. [4] V. D. Blondel, J.-L. Guillaume, R. Lambiotte, E. Lefebvre, "Fast unfolding of
   communities in large networks", J. Stat. Mech. 2008 (Louvain communities).

Reading: :func:`read_debate` makes one store call per property; on an Oxigraph-backed graph it
reads the store's quads without making rdflib terms of them.  Given a graph, the framework and
the argument map read only claims, supports and attacks (a third of a debate's triples), and
keep what they read beside a parse-cache entry (:mod:`graph.cache`) for the next command;
:func:`lean_framework` is the framework without networkx, for ``argmap status``.  When a
parse-cache entry is built, :func:`keep_arguments_of_parse` computes that reading from the
file's bytes instead (Oxigraph's parser streams them 4x faster than RocksDB gives them back),
while the bulk loader fills the store.

Complexity: building each projection is linear in the number of triples read, except the
framework, whose edges number Σ over attacks of (arguments for the attacker) × (arguments
containing the target) — in practice a small multiple of the attacks.  Betweenness is
``O(V·E)`` (Brandes 2001).

>>> from rdflib import Graph, RDF
>>> from graph.vocab import AM, BMS
>>> g = Graph()
>>> for t in [(BMS["claim/a"], RDF.type, AM.Claim), (BMS["claim/b"], RDF.type, AM.Claim),
...           (BMS["attack/a-b"], RDF.type, AM.Attack), (BMS["attack/a-b"], AM.attacker, BMS["claim/a"]),
...           (BMS["attack/a-b"], AM.target, BMS["claim/b"]), (BMS["attack/a-b"], AM.attackKind, AM.rebut)]:
...     _ = g.add(t)
>>> af = abstract_framework(g)
>>> [(u.rsplit("/", 1)[1], v.rsplit("/", 1)[1]) for u, v in af.edges]
[('a', 'b')]
"""

from __future__ import annotations

import marshal
import os
import sys
import threading
import weakref
from collections import defaultdict, deque
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS

from graph.semantics import Framework, collector_paused
from graph.vocab import AM, PREFIXES, VERDICTS, short_id

__all__ = [
    "Debate", "read_debate", "read_debate_about", "argument_graph", "abstract_framework",
    "lean_framework",
    "keep_arguments_of_parse",
    "actor_claim_graph", "agreement_graph", "coalitions", "analyse", "attack_note", "short_name",
    "short_namer",
    "DOUBTFUL_VERDICTS", "EVIDENCE_KINDS",
]

#: Review verdicts that make a statement doubtful (everything but accurate / mostly accurate).
DOUBTFUL_VERDICTS = tuple(name for name in VERDICTS if name not in ("accurate", "mostly-accurate"))
#: Source kinds that count as evidence beyond a side's own word (rulings, laws, studies, reports).
EVIDENCE_KINDS = (AM.CourtRuling, AM.LegalAct, AM.Study, AM.Report)

_ATTACK_KIND_NAMES = {AM.rebut: "rebut", AM.undermine: "undermine", AM.undercut: "undercut"}
_VERDICT_NAMES = {iri: name for name, iri in VERDICTS.items()}
_ACTOR_CLASSES = (AM.Person, AM.Organisation, AM.PoliticalGroup, AM.Institution)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short_name(iri: str, graph: Graph | None = None) -> str:
    """``claim:false-alarm-rate`` for a debate IRI (the longest bound prefix); else the IRI.

    With *graph*, its bound prefixes count too.  Naming every argument of a big debate calls
    this once an IRI, so the prefix table is kept per graph while its bindings stay the same.

    >>> short_name("https://w3id.org/argmap/bms/claim/false-alarm-rate")
    'claim:false-alarm-rate'
    """
    if graph is None:
        return short_id(iri)
    return _namer_of(graph)(iri)


def short_namer(graph: Graph | None = None) -> Callable[[str], str]:
    """``short_name(·, graph)`` with the prefixes bound on *graph* now: for naming many IRIs.

    Reading a graph's bindings costs more than shortening an IRI, so they are read once here;
    bind a prefix later and ask for a new namer.

    >>> from graph.vocab import bind_prefixes
    >>> g = bind_prefixes(Graph())
    >>> g.bind("ex", "http://example.org/things/")
    >>> name = short_namer(g)
    >>> name("http://example.org/things/a"), name("https://w3id.org/argmap/bms/claim/x")
    ('ex:a', 'claim:x')
    """
    if graph is None:
        return short_id
    # The table vocab.short_id builds on every call: the graph's prefixes, argmap's own winning.
    namespaces = {str(n): p for p, n in graph.namespaces() if p}
    namespaces.update({str(n): p for p, n in PREFIXES.items()})
    ordered = sorted(namespaces.items(), key=lambda item: -len(item[0]))
    # A local name has no "/" or "#", so a namespace that fits runs at least to the IRI's last
    # one: only the namespaces starting with that head can, and a debate has a few heads
    # (…/claim/, …/support/).  Same answer as trying every namespace, longest first.
    by_head: dict[str, list[tuple[str, str]]] = {}

    def name(iri) -> str:
        value = str(iri)
        head = value[:max(value.rfind("/"), value.rfind("#")) + 1]
        candidates = by_head.get(head)
        if candidates is None:
            candidates = [(n, p) for n, p in ordered if n.startswith(head)]
            if len(by_head) < 10_000:
                by_head[head] = candidates
        for namespace, prefix in candidates:
            if len(namespace) < len(value) and value.startswith(namespace):
                return f"{prefix}:{value[len(namespace):]}"
        return value

    return name


#: id(graph) -> (weak reference to it, its bindings when the namer was made, the namer).
_NAMERS: dict[int, tuple] = {}


def _namer_of(graph: Graph) -> Callable[[str], str]:
    """The namer of *graph*, made again whenever its bindings changed."""
    # What Graph.namespaces() reads, without making a URIRef of each namespace; the
    # comparison below is by identity for unchanged bindings, so it costs microseconds.
    bindings = list(graph.namespace_manager.store.namespaces())
    entry = _NAMERS.get(id(graph))
    if entry is not None and entry[0]() is graph and entry[1] == bindings:
        return entry[2]
    if len(_NAMERS) > 64:
        for key in [k for k, (ref, _, _) in _NAMERS.items() if ref() is None]:
            del _NAMERS[key]
    namer = short_namer(graph)
    _NAMERS[id(graph)] = (weakref.ref(graph), bindings, namer)
    return namer


# --- reading the debate ------------------------------------------------------------------------

@dataclass
class Debate:
    """The argument structure of an RDF debate, read once (IRIs as strings)."""

    claims: dict = field(default_factory=dict)       # iri -> {"label", "proposal"}
    supports: dict = field(default_factory=dict)     # iri -> {"premises", "conclusion", "by", "in"}
    attacks: dict = field(default_factory=dict)      # iri -> {"attacker", "target", "kind", "by", "in"}
    assertions: dict = field(default_factory=dict)   # iri -> {"actor", "claim", "source", "date"}
    positions: dict = field(default_factory=dict)    # iri -> {"actor", "proposal", "stance", "in"}
    reviews: dict = field(default_factory=dict)      # iri -> {"of", "verdict"}
    actors: dict = field(default_factory=dict)       # iri -> name
    sources: dict = field(default_factory=dict)      # iri -> {"title", "publisher", "issued", "kinds"}
    types: dict = field(default_factory=dict, repr=False)


class _GraphReader:
    """Reads one predicate at a time through rdflib: any store, local or a SPARQL endpoint.

    Every method answers ``{subject IRI: [object, …]}`` for the IRI subjects of one predicate,
    in one store call; they differ in what an object becomes.
    """

    def __init__(self, graph: Graph):
        self.graph = graph

    def strings(self, predicate) -> dict:
        """Objects as ``str`` (IRIs, and the lexical form of literals)."""
        found: dict = defaultdict(list)
        for subject, obj in self.graph.subject_objects(predicate):
            if isinstance(subject, URIRef):
                found[str(subject)].append(str(obj))
        return found

    def terms(self, predicate) -> dict:
        """Objects as rdflib terms."""
        found: dict = defaultdict(list)
        for subject, obj in self.graph.subject_objects(predicate):
            if isinstance(subject, URIRef):
                found[str(subject)].append(obj)
        return found

    def texts(self, predicate) -> dict:
        """Objects as ``(language or None, str)``: what :func:`_text` chooses from."""
        found: dict = defaultdict(list)
        for subject, obj in self.graph.subject_objects(predicate):
            if isinstance(subject, URIRef):
                found[str(subject)].append((getattr(obj, "language", None), str(obj)))
        return found

    def subjects(self, predicate, obj) -> set:
        """The IRI subjects of ``?s predicate obj``."""
        return {str(s) for s in self.graph.subjects(predicate, obj) if isinstance(s, URIRef)}


class _OxigraphReader:
    """The same answers as :class:`_GraphReader`, read from the ``pyoxigraph.Store`` behind an
    Oxigraph-backed graph without making an rdflib term of every subject and object.

    Walking a graph through rdflib converts each Oxigraph term (4-6 µs a triple); here an IRI
    or a string literal is taken as its ``value``, and only the few terms a caller keeps
    (classes, attack kinds, dates) become rdflib terms, through the store's memoised converter
    so that they equal what rdflib's walk gives.
    """

    def __init__(self, store):
        import pyoxigraph as ox

        from graph.store import _from_ox

        self.store = store
        self._ox = ox
        self._default = ox.DefaultGraph()
        self._from_ox = _from_ox

    def _quads(self, predicate, obj=None):
        ox = self._ox
        return self.store.quads_for_pattern(None, ox.NamedNode(str(predicate)),
                                            None if obj is None else ox.NamedNode(str(obj)),
                                            self._default)

    def _lexical(self, obj) -> str:
        """``str()`` of the rdflib term of *obj*: the value of an IRI, a blank node, a string
        or a tagged literal; otherwise through the rdflib term, since rdflib normalises the
        lexical form of typed literals (``"01"^^xsd:integer`` is ``1``)."""
        kind = type(obj)
        if kind is self._ox.NamedNode or kind is self._ox.BlankNode or (
                kind is self._ox.Literal
                and (obj.language is not None or obj.datatype.value == _XSD_STRING)):
            return obj.value
        return str(self._from_ox(obj))

    def strings(self, predicate) -> dict:
        found: dict = defaultdict(list)
        iri, lexical = self._ox.NamedNode, self._lexical
        for quad in self._quads(predicate):
            subject = quad.subject
            if type(subject) is iri:
                obj = quad.object
                found[subject.value].append(obj.value if type(obj) is iri else lexical(obj))
        return found

    def terms(self, predicate) -> dict:
        found: dict = defaultdict(list)
        iri, convert = self._ox.NamedNode, self._from_ox
        for quad in self._quads(predicate):
            subject = quad.subject
            if type(subject) is iri:
                found[subject.value].append(convert(quad.object))
        return found

    def texts(self, predicate) -> dict:
        found: dict = defaultdict(list)
        iri, literal, lexical = self._ox.NamedNode, self._ox.Literal, self._lexical
        for quad in self._quads(predicate):
            subject = quad.subject
            if type(subject) is iri:
                obj = quad.object
                if type(obj) is literal:
                    found[subject.value].append((obj.language, lexical(obj)))
                else:  # an IRI or blank node: no language (a quoted triple: as rdflib shows it)
                    found[subject.value].append((None, lexical(obj)))
        return found

    def subjects(self, predicate, obj) -> set:
        iri = self._ox.NamedNode
        return {q.subject.value for q in self._quads(predicate, obj) if type(q.subject) is iri}


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class _Unsure(Exception):
    """The parsed triples hold a term whose reading from the store may differ (see
    :class:`_ParsedReader`): read the store instead."""


class _ParsedReader:
    """The answers of :class:`_OxigraphReader`, from triples as Oxigraph's parser streams them.

    A parse-cache entry is built from the file's bytes; reading the arguments back out of the
    new on-disk store costs 10-17 µs a quad (RocksDB's random reads: 13 s at 100,000 claims),
    whereas parsing the bytes once more streams them at ~2.5 µs.  So on a cache miss the
    triples of the predicates :func:`_read_with` asks for (rdf:type, rdfs:label, premise,
    conclusion, attacker, target, attackKind) are collected in one pass, and served per
    predicate with the same answers the store would give.

    The store is not a verbatim copy of the file: it renames blank nodes and writes typed
    literals in canonical form (``"01"^^xsd:integer`` comes back as ``"1"``), and it holds a
    repeated triple once.  Repeats do not change :func:`_read_with`'s answers (it takes sets,
    and the least of equal strings); for the rest, a method raises :class:`_Unsure` when its
    predicate has a blank node, a quoted triple or a literal other than a plain or
    language-tagged string as object (never the case in argmap's own data), or an attack kind
    that is not an IRI, and the caller reads the store as before.
    """

    #: The predicates :func:`_read_with` reads when it is not reading the full debate.
    PREDICATES = (str(RDF.type), str(RDFS.label), str(AM.premise), str(AM.conclusion),
                  str(AM.attacker), str(AM.target), str(AM.attackKind))
    #: The classes it asks the subjects of: the only rdf:type triples kept.
    CLASSES = (str(AM.Claim), str(AM.Proposal), str(AM.Support), str(AM.Attack))

    def __init__(self, quads):
        """Collect ``(subject IRI, object)`` of the wanted predicates from *quads* (one pass)."""
        import pyoxigraph as ox

        from graph.store import _from_ox

        self._ox = ox
        self._from_ox = _from_ox
        iri = ox.NamedNode
        # Keyed by the predicate's NamedNode: comparing terms in Oxigraph is cheaper than
        # making a str of every predicate.
        found: dict = {iri(p): [] for p in self.PREDICATES}
        get = found.get
        types, classes = found[iri(str(RDF.type))], {iri(c) for c in self.CLASSES}
        # Triples come subject by subject: the subject's str is made once per run of them
        # (a seventh of the pass, and shared strings instead of 600,000 copies).
        last = last_value = None
        for quad in quads:
            bucket = get(quad.predicate)
            if bucket is not None:
                subject = quad.subject
                if type(subject) is iri:  # both readers skip blank-node subjects
                    obj = quad.object
                    if bucket is types and obj not in classes:
                        continue
                    if subject != last:
                        last, last_value = subject, subject.value
                    bucket.append((last_value, obj))
        self._found = {predicate.value: pairs for predicate, pairs in found.items()}
        self._grouped: dict = {}

    def _pairs(self, predicate, literals: bool = True) -> list:
        """The ``(subject, object)`` pairs of *predicate*; :class:`_Unsure` on an object the
        store may give otherwise (or a literal, unless *literals*)."""
        ox = self._ox
        pairs = self._found[str(predicate)]
        iri, literal = ox.NamedNode, ox.Literal
        for _, obj in pairs:
            kind = type(obj)
            if kind is iri:
                continue
            if not literals or kind is not literal \
                    or obj.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
                raise _Unsure(predicate)
        return pairs

    def strings(self, predicate) -> dict:
        found: dict = defaultdict(list)
        for subject, obj in self._pairs(predicate):
            found[subject].append(obj.value)
        return found

    def terms(self, predicate) -> dict:
        # IRIs only: of an IRI and a literal with the same text, the least by str would be
        # whichever came first, and the store's order is not the file's.
        found: dict = defaultdict(list)
        convert = self._from_ox
        for subject, obj in self._pairs(predicate, literals=False):
            found[subject].append(convert(obj))
        return found

    def texts(self, predicate) -> dict:
        found: dict = defaultdict(list)
        literal = self._ox.Literal
        for subject, obj in self._pairs(predicate):
            found[subject].append((obj.language if type(obj) is literal else None, obj.value))
        return found

    def subjects(self, predicate, obj) -> set:
        # Only the one object matters here, so other objects (any kind) are not a concern.
        # Grouped by object once: _read_with asks for four classes of rdf:type.
        if predicate == RDF.type and str(obj) not in self.CLASSES:
            raise _Unsure(obj)  # not collected
        grouped = self._grouped.get(str(predicate))
        if grouped is None:
            grouped = self._grouped[str(predicate)] = defaultdict(set)
            for subject, o in self._found[str(predicate)]:
                grouped[o].add(subject)
        return set(grouped.get(self._ox.NamedNode(str(obj)), ()))


def keep_arguments_of_parse(data, rdf_format: str, entry: Path) -> bool:
    """Parse *data* (Turtle or N-Triples: bytes, or a binary stream without a byte-order mark)
    once more and keep its arguments reading in the new parse-cache entry *entry*, as
    :func:`_read_arguments` would after reading the store.

    For :mod:`graph.cache`, while its bulk loader fills the entry's store (in another thread:
    Oxigraph releases the GIL): the command that follows, typically ``argmap status``, then
    loads one marshal file instead of reading 750,000 quads back from RocksDB.  Returns whether
    it kept one; False when the data does not parse (the store's load reports that), is of
    another format, or holds terms the store would give otherwise (:class:`_Unsure`).  Same
    result as reading the store: :func:`_read_with` is the one reader of both.
    """
    import pyoxigraph as ox

    from graph.store import oxigraph_format, oxigraph_input

    if rdf_format not in ("turtle", "nt"):
        return False
    kind = oxigraph_format(rdf_format)
    if isinstance(data, bytes):
        data, kind = oxigraph_input(data, rdf_format)
    with collector_paused():
        try:
            reader = _ParsedReader(ox.parse(data, format=kind))
            debate = _read_with(reader, None, full=False)
        except (SyntaxError, ValueError, _Unsure):
            return False
        kept = marshal.dumps((debate.claims, debate.supports, debate.attacks))
    _keep(_kept_arguments(entry), kept)
    return True


def _reader(graph: Graph):
    """The fastest reader for *graph*: straight from Oxigraph when it holds the graph."""
    from graph.store import oxigraph_store_of

    inner = oxigraph_store_of(graph)
    return _OxigraphReader(inner) if inner is not None else _GraphReader(graph)


def _one(values: list | None):
    """The least of *values* by ``str`` (the first such in reading order), or None."""
    if not values:
        return None
    return min(values, key=str)


def _text(values: list | None) -> str | None:
    """Of ``(language, text)`` pairs, prefer English (or untagged), then the least; whitespace
    collapsed.  Deterministic."""
    if not values:
        return None
    best = min(values, key=lambda v: (v[0] not in (None, "en"), v[0] or "", v[1]))
    return " ".join(best[1].split())


def read_debate(graph: Graph) -> Debate:
    """Read claims, supports, attacks, assertions, positions, reviews, actors and sources.

    One store call per property, so it is fast on a remote SPARQL endpoint too; on an
    Oxigraph-backed graph the store's quads are read directly.  Nodes used as premise,
    conclusion, attacker or (non-support) target count as claims even if untyped.
    """
    return _read(graph, full=True)


def _read_arguments(graph: Graph) -> Debate:
    """The part of :func:`read_debate` that the argument map and the framework need: claims,
    supports and attacks — without who stated them and where (``by`` and ``in`` are empty),
    assertions, positions, reviews, actors or sources.  A third of the triples of a debate.

    When *graph* is the unchanged content of a parse-cache entry, what was read is kept in the
    entry and read back next time: reading 600,000 triples from the on-disk store costs
    seconds at 100,000 claims, loading them from one ``marshal`` file a fraction of that.
    """
    folder = _entry_folder(graph)
    if folder is None:
        return _read(graph, full=False)
    path = _kept_arguments(folder)
    with collector_paused():
        try:
            claims, supports, attacks = marshal.loads(path.read_bytes())
            if isinstance(claims, dict) and isinstance(supports, dict) \
                    and isinstance(attacks, dict):
                return Debate(claims=claims, supports=supports, attacks=attacks)
        except (OSError, EOFError, ValueError, TypeError):  # absent, truncated, foreign: read
            pass
    debate = _read(graph, full=False)
    folder = _entry_folder(graph)  # reading a new entry's store finishes it: its final folder
    if folder is not None:
        _keep(_kept_arguments(folder), marshal.dumps((debate.claims, debate.supports,
                                                      debate.attacks)))
    return debate


def _kept_arguments(entry: Path) -> Path:
    """Where :func:`_read_arguments` keeps its reading in a cache entry: beside the entry's
    other derived results, named by argmap's code (:func:`graph.cache.code_version`, so an
    edited reader never gets an old reading) and Python's version (marshal's format is
    Python's).  marshal, not JSON: it loads twice as fast (0.3 s against 0.65 s at 100,000
    claims), and the file is argmap's own, in argmap's own cache."""
    from graph.cache import DERIVED_FOLDER, code_version

    python = f"{sys.version_info[0]}{sys.version_info[1]}"
    return entry / DERIVED_FOLDER / f"arguments-{code_version()[:16]}-py{python}.marshal"


def _entry_folder(graph: Graph) -> Path | None:
    """The parse-cache entry whose content *graph* is, unchanged, or None.

    :mod:`graph.cache` marks the store of a graph it opened from an entry with the entry's
    folder (``entry_folder``); the store's ``copied`` flag says a write has since replaced the
    content.  Any other graph has no entry.
    """
    store = graph.store
    folder = getattr(store, "entry_folder", None)
    if folder is None or getattr(store, "copied", True):
        return None
    return Path(folder)


def _keep(path: Path, data: bytes) -> None:
    """Write *path* atomically (a temporary file renamed over it) and remove the files of
    older argmap versions beside it; on any OS error, nothing: the cache is an optimisation,
    and another process may be writing the same bytes."""
    temporary = None
    try:
        path.parent.mkdir(exist_ok=True)
        # Not tempfile's files: they are private (0600), and the cache's other files are as the
        # umask makes them, readable by whoever shares the cache folder.
        temporary = path.parent / f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp"
        temporary.write_bytes(data)
        os.replace(temporary, path)
        temporary = None
        for old in path.parent.glob("arguments-*.marshal"):
            if old != path:
                old.unlink()
    except OSError:
        pass
    finally:
        if temporary is not None:
            with suppress(OSError):
                os.unlink(temporary)


def _read(graph: Graph, full: bool) -> Debate:
    with collector_paused():
        return _read_with(_reader(graph), graph, full)


def _read_with(reader, graph: Graph, full: bool) -> Debate:
    if full:
        types = reader.terms(RDF.type)
        typed: dict = defaultdict(set)
        for subject, classes in types.items():
            for cls in classes:
                typed[cls].add(subject)
    else:
        types = {}
        typed = defaultdict(set, {cls: reader.subjects(RDF.type, cls)
                                  for cls in (AM.Claim, AM.Proposal, AM.Support, AM.Attack)})
    labels = reader.texts(RDFS.label)
    debate = Debate(types=types)

    premise, conclusion = reader.strings(AM.premise), reader.strings(AM.conclusion)
    attacker, target = reader.strings(AM.attacker), reader.strings(AM.target)
    kind = reader.terms(AM.attackKind)
    if full:
        stated_by, stated_in = reader.strings(AM.statedBy), reader.strings(AM.statedIn)
    else:
        stated_by = stated_in = {}

    support_ids = typed[AM.Support] | set(premise) | set(conclusion)
    # Built in IRI order: the framework walks them so, and neighbours in memory walk faster
    # (a quarter of its time at 100,000 claims); a set's order is arbitrary anyway.
    for s in sorted(support_ids):
        debate.supports[s] = {
            "premises": sorted(set(premise.get(s, ()))),
            "conclusion": _one(conclusion.get(s)),
            "by": sorted(set(stated_by.get(s, ()))),
            "in": sorted(set(stated_in.get(s, ()))),
        }
    for a in sorted(typed[AM.Attack] | set(attacker) | set(target)):
        t = _one(target.get(a))
        debate.attacks[a] = {
            "attacker": _one(attacker.get(a)),
            "target": t,
            "kind": _ATTACK_KIND_NAMES.get(_one(kind.get(a)),
                                           "undercut" if str(t) in support_ids else "rebut"),
            "by": sorted(set(stated_by.get(a, ()))),
            "in": sorted(set(stated_in.get(a, ()))),
        }

    claim_ids = typed[AM.Claim] | typed[AM.Proposal]
    for s in debate.supports.values():
        claim_ids.update(s["premises"])
        if s["conclusion"]:
            claim_ids.add(s["conclusion"])
    for a in debate.attacks.values():
        if a["attacker"]:
            claim_ids.add(a["attacker"])
        if a["target"] and a["target"] not in support_ids:
            claim_ids.add(a["target"])
    proposals = typed[AM.Proposal]
    for c in sorted(claim_ids):
        debate.claims[c] = {"label": _text(labels.get(c)), "proposal": c in proposals}
    if not full:
        return debate

    actor_of, claim_of = reader.strings(AM.actor), reader.strings(AM.claim)
    source_of, date_of = reader.strings(AM.source), reader.terms(AM.date)
    for x in typed[AM.Assertion] | (set(claim_of) & set(actor_of)):
        debate.assertions[x] = {
            "actor": _one(actor_of.get(x)),
            "claim": _one(claim_of.get(x)),
            "source": _one(source_of.get(x)),
            "date": _one(date_of.get(x)),
        }
    proposal_of, stance_of = reader.strings(AM.proposal), reader.terms(AM.stance)
    for x in typed[AM.Position] | set(proposal_of):
        stance = _one(stance_of.get(x))
        debate.positions[x] = {
            "actor": _one(actor_of.get(x)),
            "proposal": _one(proposal_of.get(x)),
            "stance": "for" if stance == AM.For else "against" if stance == AM.Against else None,
            "in": sorted(set(stated_in.get(x, ()))),
        }
    review_of, verdict_of = reader.strings(AM.reviewOf), reader.terms(AM.verdict)
    for x in typed[AM.Review] | set(review_of):
        debate.reviews[x] = {
            "of": _one(review_of.get(x)),
            "verdict": _VERDICT_NAMES.get(_one(verdict_of.get(x)), None),
        }

    names = reader.texts(FOAF.name)
    actor_ids = set().union(*(typed[c] for c in _ACTOR_CLASSES))
    actor_ids |= {a["actor"] for a in debate.assertions.values() if a["actor"]}
    for relation in list(debate.supports.values()) + list(debate.attacks.values()):
        actor_ids.update(relation["by"])
    actor_ids |= {p["actor"] for p in debate.positions.values() if p["actor"]}
    name = short_namer(graph)
    for a in actor_ids:
        debate.actors[a] = _text(names.get(a)) or _text(labels.get(a)) or name(a)

    titles, publishers = reader.texts(DCTERMS.title), reader.texts(DCTERMS.publisher)
    issued = reader.terms(DCTERMS.issued)
    source_ids = set(titles) & (set(publishers) | set(issued))
    source_ids |= {a["source"] for a in debate.assertions.values() if a["source"]}
    for relation in list(debate.supports.values()) + list(debate.attacks.values()):
        source_ids.update(relation["in"])
    for s in source_ids:
        debate.sources[s] = {
            "title": _text(titles.get(s)),
            "publisher": _text(publishers.get(s)),
            "issued": _one(issued.get(s)),
            "kinds": sorted(str(t) for t in types.get(s, [])),
        }
    return debate


def read_debate_about(graph: Graph, nodes, into: Debate | None = None) -> Debate:
    """What :func:`read_debate` holds about *nodes* (IRIs of claims, supports and attacks), read
    node by node: the attacks' and supports' ``by`` and ``in``, and their targets; each claim's
    assertions; the names of the actors and the entries of the sources these mention.  Each
    entry equals :func:`read_debate`'s (the same reading of each property), so the notes of
    :func:`attack_note`, :func:`assertion_note` and :func:`_relation_note` come out the same.

    For the notes ``argmap explain`` prints about the few arguments it walks: :func:`read_debate`
    reads every assertion, actor and source of the map (30 s at 100,000 claims from the on-disk
    cache), this a few store look-ups per node.  *into* collects several calls' readings.
    """
    debate = into if into is not None else Debate()

    def strings(subject, predicate) -> list[str]:
        return [str(o) for o in graph.objects(subject, predicate)]

    def terms(subject, predicate) -> list:
        return list(graph.objects(subject, predicate))

    def texts(subject, predicate) -> list[tuple]:
        return [(getattr(o, "language", None), str(o)) for o in graph.objects(subject, predicate)]

    def typed(subject, cls) -> bool:
        return (subject, RDF.type, cls) in graph

    actors: set[str] = set()
    sources: set[str] = set()
    for node in nodes:
        subject = URIRef(str(node))
        premises, conclusions = strings(subject, AM.premise), strings(subject, AM.conclusion)
        if premises or conclusions or typed(subject, AM.Support):
            data = debate.supports[str(node)] = {
                "premises": sorted(set(premises)), "conclusion": _one(conclusions),
                "by": sorted(set(strings(subject, AM.statedBy))),
                "in": sorted(set(strings(subject, AM.statedIn)))}
            actors.update(data["by"])
            sources.update(data["in"])
        attackers, targets = strings(subject, AM.attacker), strings(subject, AM.target)
        if attackers or targets or typed(subject, AM.Attack):
            data = debate.attacks[str(node)] = {
                "attacker": _one(attackers), "target": _one(targets),
                "by": sorted(set(strings(subject, AM.statedBy))),
                "in": sorted(set(strings(subject, AM.statedIn)))}
            actors.update(data["by"])
            sources.update(data["in"])
        for assertion in graph.subjects(AM.claim, subject):
            if not isinstance(assertion, URIRef) or str(assertion) in debate.assertions:
                continue
            actor_of = strings(assertion, AM.actor)
            if not actor_of and not typed(assertion, AM.Assertion):
                continue  # read_debate's assertions: typed, or with a claim and an actor
            data = debate.assertions[str(assertion)] = {
                "actor": _one(actor_of), "claim": _one(strings(assertion, AM.claim)),
                "source": _one(strings(assertion, AM.source)),
                "date": _one(terms(assertion, AM.date))}
            if data["actor"]:
                actors.add(data["actor"])
            if data["source"]:
                sources.add(data["source"])
    name = _namer_of(graph)
    for actor in actors - set(debate.actors):
        subject = URIRef(actor)
        debate.actors[actor] = (_text(texts(subject, FOAF.name))
                                or _text(texts(subject, RDFS.label)) or name(actor))
    for source in sources - set(debate.sources):
        subject = URIRef(source)
        debate.sources[source] = {
            "title": _text(texts(subject, DCTERMS.title)),
            "publisher": _text(texts(subject, DCTERMS.publisher)),
            "issued": _one(terms(subject, DCTERMS.issued)),
            "kinds": sorted(str(t) for t in graph.objects(subject, RDF.type)),
        }
    return debate


def _as_debate(source) -> Debate:
    return source if isinstance(source, Debate) else read_debate(source)


def _arguments_of(source) -> Debate:
    """*source* if it is a Debate, else the claims, supports and attacks of the graph."""
    return source if isinstance(source, Debate) else _read_arguments(source)


# --- projections -----------------------------------------------------------------------------------

def argument_graph(source) -> nx.DiGraph:
    """The argument map as a DiGraph: claims and supports, premise / conclusion / attack edges.

    Node attributes: ``kind`` (``"claim"`` or ``"support"``), ``label``, ``proposal`` (claims).
    Edge attributes: ``relation`` (``"premise"``, ``"conclusion"``, ``"attack"``); attack edges
    also have ``kind`` (rebut / undermine / undercut) and ``attacks`` (the am:Attack IRIs).
    *source* is an RDF graph or a :class:`Debate` already read.
    """
    debate = _arguments_of(source)
    g = nx.DiGraph()
    for c, data in sorted(debate.claims.items()):
        g.add_node(c, kind="claim", label=data["label"], proposal=data["proposal"])
    for s, data in sorted(debate.supports.items()):
        if not data["conclusion"] or not data["premises"]:
            continue
        g.add_node(s, kind="support", label=None, proposal=False)
        for p in data["premises"]:
            g.add_edge(p, s, relation="premise")
        g.add_edge(s, data["conclusion"], relation="conclusion")
    for a, data in sorted(debate.attacks.items()):
        if not data["attacker"] or not data["target"] or data["target"] not in g:
            continue
        u, v = data["attacker"], data["target"]
        if g.has_edge(u, v) and g.edges[u, v]["relation"] == "attack":
            g.edges[u, v]["attacks"].append(a)
        else:
            g.add_edge(u, v, relation="attack", kind=data["kind"], attacks=[a])
    return g


def abstract_framework(source, mutual_rebuttals: bool = False) -> nx.DiGraph:
    """The debate's abstract argumentation framework (see the module docstring).

    Nodes: claims and supports (attributes as in :func:`argument_graph`).  Each edge
    ``(x, y)`` is an attack with ``attacks`` (the am:Attack IRIs it comes from) and ``roles``:
    ``"direct"`` (the attack node's own attacker and target), ``"premise"`` (``y`` is a support
    with the attacked claim as a premise), ``"conclusion"`` (``y`` is a support concluding the
    attacked claim), ``"supported"`` (``x`` is a support concluding the attacker claim),
    ``"mutual"`` (the reverse of a rebuttal, see below).

    With *mutual_rebuttals*, a rebuttal is read as a contradiction, which runs both ways
    (ASPIC+'s contradictories rather than contraries): the rebutted claim attacks its rebutter
    too.  By default the map's attacks are taken as recorded — a one-way conflict, as an AIF
    CA-node is.  Undermining attacks and undercuts stay one way in both readings.

    *source* is an RDF graph (only its claims, supports and attacks are read: what ``argmap
    status`` needs) or a :class:`Debate` already read.  The attacks are collected in plain
    dicts and handed to networkx at once: adding them one by one, checking each for an
    existing edge, cost most of the time on a big debate.
    """
    with collector_paused():
        nodes, edges = _framework_parts(_arguments_of(source), mutual_rebuttals)
        g = nx.DiGraph()
        # Nodes without data first: networkx takes (node, data) pairs through a caught TypeError.
        g.add_nodes_from(nodes)
        node_data = g.nodes
        for node, data in nodes.items():
            node_data[node].update(data)
        g.add_edges_from((x, y, data) for (x, y), data in edges.items())
        return g


def lean_framework(source, mutual_rebuttals: bool = False) -> tuple[Framework, dict]:
    """:func:`abstract_framework` without networkx: ``(framework, nodes)``.

    *framework* is a :class:`graph.semantics.Framework` of the same arguments (in the same
    order) and attacks (each argument's attackers in the same order): every function of
    :mod:`graph.semantics` takes it and answers as for the DiGraph.  *nodes* maps each
    argument to its node attributes (``kind``, ``label`` …).  For a status of a big debate:
    building the DiGraph and its edge attributes is most of the time of the framework at
    100,000 claims, and labelling does not need them.
    """
    with collector_paused():
        nodes, edges = _framework_parts(_arguments_of(source), mutual_rebuttals, False)
        return Framework(list(nodes), list(edges)), nodes


def _framework_parts(debate: Debate, mutual_rebuttals: bool,
                     with_data: bool = True) -> tuple[dict, dict]:
    """``(nodes, edges)`` of the framework: ``{node: attributes}`` and ``{(attacker, target):
    {"attacks", "roles"} (None without *with_data*)}``, both in the framework's order."""
    claims, supports = debate.claims, debate.supports
    nodes: dict[str, dict] = {}
    for c in sorted(claims):
        data = claims[c]
        nodes[c] = {"kind": "claim", "label": data["label"], "proposal": data["proposal"]}
    for_claim: dict[str, list[str]] = {c: [c] for c in claims}
    containing: dict[str, list[tuple[str, str]]] = {c: [(c, "direct")] for c in claims}
    for s in sorted(supports):
        data = supports[s]
        if not data["conclusion"] or not data["premises"]:
            continue
        # A support whose IRI is also a claim's: one node, as networkx would merge them.
        node = nodes.setdefault(s, {})
        node.update(kind="support", label=None, proposal=False,
                    premises=list(data["premises"]), conclusion=data["conclusion"])
        for_claim[data["conclusion"]].append(s)
        containing[data["conclusion"]].append((s, "conclusion"))
        for p in data["premises"]:
            containing[p].append((s, "premise"))

    edges: dict[tuple[str, str], dict | None] = {}

    def attack_all(attacker: str, target: str, attack: str, mutual: bool) -> None:
        hit = [(target, "direct")] if nodes[target]["kind"] == "support" else containing[target]
        for x in for_claim[attacker]:
            for y, role in hit:
                if not with_data:
                    edges[x, y] = None
                    continue
                role = "mutual" if mutual else role if x == attacker else "supported"
                edge = edges.get((x, y))
                if edge is None:
                    edges[x, y] = {"attacks": [attack], "roles": [role]}
                else:
                    if attack not in edge["attacks"]:
                        edge["attacks"].append(attack)
                    if role not in edge["roles"]:
                        edge["roles"].append(role)

    attacks = debate.attacks
    for a in sorted(attacks):
        data = attacks[a]
        attacker, target = data["attacker"], data["target"]
        if attacker not in for_claim or target is None or target not in nodes:
            continue
        attack_all(attacker, target, a, mutual=False)
        if mutual_rebuttals and data["kind"] == "rebut" and target in for_claim:
            attack_all(target, attacker, a, mutual=True)
    return nodes, edges


def actor_claim_graph(source) -> nx.DiGraph:
    """Actors → claims.  Edge attribute ``relations``: sorted subset of ``asserts``,
    ``supports`` (stated a support for it), ``attacks`` (stated an attack on it; an undercut
    counts against the support's conclusion's inference, so it links to the support node),
    ``for`` / ``against`` (a position on a proposal)."""
    debate = _as_debate(source)
    g = nx.DiGraph()
    for a, name in sorted(debate.actors.items()):
        g.add_node(a, kind="actor", label=name)

    def link(actor: str | None, node: str | None, relation: str) -> None:
        if not actor or not node:
            return
        if node not in g:
            is_claim = node in debate.claims
            g.add_node(node, kind="claim" if is_claim else "support",
                       label=debate.claims[node]["label"] if is_claim else None)
        if actor not in g:
            g.add_node(actor, kind="actor", label=short_name(actor))
        if g.has_edge(actor, node):
            relations = g.edges[actor, node]["relations"]
            if relation not in relations:
                relations.append(relation)
                relations.sort()
        else:
            g.add_edge(actor, node, relations=[relation])

    for x in debate.assertions.values():
        link(x["actor"], x["claim"], "asserts")
    for s in debate.supports.values():
        for actor in s["by"]:
            link(actor, s["conclusion"], "supports")
    for a in debate.attacks.values():
        for actor in a["by"]:
            link(actor, a["target"], "attacks")
    for p in debate.positions.values():
        if p["stance"]:
            link(p["actor"], p["proposal"], p["stance"])
    return g


_PRO = {"asserts", "supports", "for"}
_CON = {"attacks", "against"}


def agreement_graph(source) -> nx.Graph:
    """Actors linked by the claims they stand on the same side of.

    Two actors agree on a claim when both assert or support it (or are *for* it as a proposal),
    or both attack it (or are *against* it).  Edge attributes: ``weight`` (number of such
    claims) and ``claims`` (their IRIs, sorted).  Every actor is a node, linked or not.
    """
    debate = _as_debate(source)
    ac = actor_claim_graph(debate)
    sides: dict[tuple[str, str], set[str]] = defaultdict(set)
    for actor, node, data in ac.edges(data=True):
        relations = set(data["relations"])
        if relations & _PRO:
            sides[(node, "pro")].add(actor)
        if relations & _CON:
            sides[(node, "con")].add(actor)
    g = nx.Graph()
    g.add_nodes_from((a, {"label": debate.actors.get(a, short_name(a))})
                     for a in sorted(n for n, d in ac.nodes(data=True) if d["kind"] == "actor"))
    for (node, _side), actors in sorted(sides.items()):
        ordered = sorted(actors)
        for i, u in enumerate(ordered):
            for v in ordered[i + 1:]:
                if g.has_edge(u, v):
                    g.edges[u, v]["weight"] += 1
                    g.edges[u, v]["claims"].append(node)
                else:
                    g.add_edge(u, v, weight=1, claims=[node])
    for _, _, data in g.edges(data=True):
        data["claims"] = sorted(set(data["claims"]))
    return g


def coalitions(agreement: nx.Graph, seed: int = 0) -> list[list[str]]:
    """Communities of the agreement graph (Louvain, weighted, fixed *seed*), largest first.

    Each coalition is a sorted list of actor IRIs; ties in size are ordered by first member.
    Actors who agree with nobody form coalitions of one.
    """
    if agreement.number_of_nodes() == 0:
        return []
    # Louvain visits nodes in graph order; a sorted copy makes the result independent of the
    # order the triples came in.
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(agreement.nodes))
    ordered.add_edges_from(sorted((min(u, v), max(u, v), d) for u, v, d in agreement.edges(data=True)))
    found = nx.community.louvain_communities(ordered, weight="weight", seed=seed)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


# --- explanation notes --------------------------------------------------------------------------

def _format_date(value) -> str | None:
    if value is None:
        return None
    text = str(value)
    parts = text.split("-")
    try:
        if len(parts) >= 3 and len(parts[0]) == 4:
            return f"{int(parts[2][:2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2 and len(parts[0]) == 4:
            return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        return text
    return text


def _join(names: list[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _source_note(debate: Debate, source: str, actor_names: list[str] = ()) -> str:
    data = debate.sources.get(source)
    if not data:
        return short_name(source)
    publisher = data["publisher"]
    # A source its own authors published reads better by its title.
    if publisher and any(name and name in publisher for name in actor_names):
        publisher = None
    name = publisher or data["title"] or short_name(source)
    date = _format_date(data["issued"])
    return f"{name}, {date}" if date else name


def _relation_note(debate: Debate, actors: list[str], sources: list[str]) -> str:
    names = [debate.actors.get(a, short_name(a)) for a in actors]
    where = "; ".join(_source_note(debate, s, names) for s in sources)
    return ", ".join(part for part in (_join(names), where) if part)


def attack_note(debate: Debate, af: nx.DiGraph, attacker: str, target: str) -> str:
    """Who made the attack ``attacker → target`` and where, e.g.
    ``Chaos Computer Club, heise online, Oct 2018``; for attacks that reach a support through
    its premise or conclusion, also which claim was hit."""
    edge = af.edges[attacker, target]
    notes = []
    mutual = edge["roles"] == ["mutual"]
    for attack in edge["attacks"]:
        data = debate.attacks.get(attack, {})
        note = _relation_note(debate, data.get("by", []), data.get("in", []))
        if mutual:
            note = (f"it contradicts the rebuttal by {note}" if note
                    else "it contradicts a rebuttal of it")
            if note not in notes:
                notes.append(note)
            continue
        hit = data.get("target")
        if hit and hit != target:
            role = ("its premise" if hit in af.nodes[target].get("premises", [])
                    else "its conclusion")
            note = f"{note}; it attacks {role} {short_name(hit)}" if note else \
                f"it attacks {role} {short_name(hit)}"
        if note and note not in notes:
            notes.append(note)
    return "; ".join(notes)


def assertion_note(debate: Debate, claim: str, most: int = 2) -> str:
    """Who asserted *claim* and where (the *most* earliest sources), for claims that stand
    unattacked."""
    by_source: dict[str | None, list] = defaultdict(list)
    for x in debate.assertions.values():
        if x["claim"] == claim:
            by_source[x["source"]].append(x)
    groups = sorted(by_source.items(),
                    key=lambda item: (min(str(x["date"]) for x in item[1]), str(item[0])))
    notes = []
    for source, assertions in groups[:most]:
        actors = sorted({x["actor"] for x in assertions if x["actor"]},
                        key=lambda a: debate.actors.get(a, a))
        notes.append(_relation_note(debate, actors, [source] if source else []))
    if len(groups) > most:
        notes.append(f"and {len(groups) - most} more")
    return "; ".join(n for n in notes if n)


# --- analytics -----------------------------------------------------------------------------------

def _doubtful_claims(debate: Debate) -> dict[str, list[tuple[str, str]]]:
    """{claim: [(verdict, review IRI)]} for claims reviewed as doubtful, directly or through
    one of their assertions."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for review, data in sorted(debate.reviews.items()):
        if data["verdict"] not in DOUBTFUL_VERDICTS or not data["of"]:
            continue
        of = data["of"]
        claim = of if of in debate.claims else debate.assertions.get(of, {}).get("claim")
        if claim:
            found[claim].append((data["verdict"], review))
    return found


def analyse(graph: Graph, top: int = 10, seed: int = 0, semantics: str = "grounded",
            mutual_rebuttals: bool = False) -> dict:
    """What ``argmap analyse`` reports, as sorted, JSON-ready data.

    ``contested``
        The *top* claims by attacks received (am:Attack nodes targeting them), then by
        betweenness centrality in the argument graph, taken undirected (how often a claim lies
        on the shortest support/attack paths between others).
    ``coalitions``
        Louvain communities of the agreement graph (fixed *seed*), largest first.
    ``one_sided``
        Claims backed only by actors of one coalition (their assertions and the supports for
        them), with no source of an evidence kind (court ruling, legal act, study, report).
    ``doubtful_support``
        Claims whose support runs through a statement reviewed as doubtful (a verdict other than
        accurate / mostly accurate): the doubtful claim is a premise, or a premise of a premise…
    """
    from graph.semantics import evaluate

    debate = read_debate(graph)
    arguments = argument_graph(debate)
    af = abstract_framework(debate, mutual_rebuttals=mutual_rebuttals)
    labels = evaluate(af, semantics).labels
    # Undirected: a claim that bridges parts of the debate scores high whichever way its support
    # and attack edges point (directed, every proposal is a sink and scores zero).
    betweenness = nx.betweenness_centrality(arguments.to_undirected()) if len(arguments) else {}

    received: dict[str, int] = defaultdict(int)
    for data in debate.attacks.values():
        if data["target"] in debate.claims:
            received[data["target"]] += 1
    contested = sorted(
        ({"id": short_name(c, graph), "label": debate.claims[c]["label"],
          "attacks_received": received[c], "betweenness": round(betweenness.get(c, 0.0), 4),
          "status": labels.get(c)} for c in debate.claims if received[c] or betweenness.get(c)),
        key=lambda r: (-r["attacks_received"], -r["betweenness"], r["id"]))[:top]

    communities = coalitions(agreement_graph(debate), seed=seed)
    coalition_of = {a: i for i, members in enumerate(communities, start=1) for a in members}
    coalition_rows = [{"coalition": i, "size": len(members),
                       "actors": [short_name(a, graph) for a in members],
                       "names": [debate.actors.get(a, short_name(a)) for a in members]}
                      for i, members in enumerate(communities, start=1)]

    backers: dict[str, set[str]] = defaultdict(set)
    sources: dict[str, set[str]] = defaultdict(set)
    for x in debate.assertions.values():
        if x["claim"] and x["actor"]:
            backers[x["claim"]].add(x["actor"])
        if x["claim"] and x["source"]:
            sources[x["claim"]].add(x["source"])
    for s in debate.supports.values():
        if s["conclusion"]:
            backers[s["conclusion"]].update(s["by"])
            sources[s["conclusion"]].update(s["in"])
    evidence = {str(k) for k in EVIDENCE_KINDS}
    one_sided = []
    for c in sorted(debate.claims):
        if not backers[c]:
            continue
        sides = {coalition_of.get(a) for a in backers[c]}
        if len(sides) != 1:
            continue
        if any(evidence & set(debate.sources.get(s, {}).get("kinds", [])) for s in sources[c]):
            continue
        one_sided.append({"id": short_name(c, graph), "label": debate.claims[c]["label"],
                          "coalition": sides.pop(),
                          "actors": sorted(short_name(a, graph) for a in backers[c]),
                          "status": labels.get(c)})
    one_sided.sort(key=lambda r: (r["coalition"] or 0, r["id"]))

    doubtful = _doubtful_claims(debate)
    conclusions_of: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for s, data in sorted(debate.supports.items()):
        if data["conclusion"]:
            for p in data["premises"]:
                conclusions_of[p].append((s, data["conclusion"]))
    through = []
    for origin in sorted(doubtful):
        verdicts = sorted({v for v, _ in doubtful[origin]})
        paths = {origin: [origin]}
        queue = deque([origin])
        while queue:  # breadth first: the shortest support chain to each claim
            current = queue.popleft()
            for support, conclusion in conclusions_of[current]:
                if conclusion not in paths:
                    paths[conclusion] = paths[current] + [support, conclusion]
                    queue.append(conclusion)
        for claim, path in sorted(paths.items()):
            if claim == origin:
                continue
            through.append({"id": short_name(claim, graph), "label": debate.claims[claim]["label"],
                            "through": short_name(origin, graph), "verdicts": verdicts,
                            "path": [short_name(x, graph) for x in path],
                            "status": labels.get(claim)})
    through.sort(key=lambda r: (r["id"], r["through"]))
    return {"semantics": semantics, "contested": contested, "coalitions": coalition_rows,
            "one_sided": one_sided, "doubtful_support": through}
