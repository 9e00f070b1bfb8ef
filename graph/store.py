"""Reading and writing the knowledge graph: safe parsing, stable Turtle, atomic locked writes.

A data file is read into an :class:`rdflib.Graph` and written back in one canonical Turtle
layout: prefixes sorted, subjects sorted by IRI, one triple per line.  So loading and saving an
unchanged graph gives identical bytes, and adding a claim changes only the lines of that claim
and of the nodes that point at it — a small git diff.

Writes are atomic (serialize to bytes, temp file in the same folder, fsync, ``os.replace``,
fsync the folder) and happen under a lock file beside the data, refusing when the file changed
on disk since it was read.  A crash or a rejected edit never leaves the file half-written.

Parsing never fetches anything: rdflib gets bytes, never a URL, and JSON-LD documents that name
a remote ``@context`` are refused (argmap's own context is resolved from the package).

>>> from rdflib import Graph, Literal
>>> from graph.vocab import AM, BMS
>>> g = Graph()
>>> _ = g.add((BMS["claim/x"], AM.text, Literal("A claim", lang="en")))
>>> print(serialize_stable(g).decode().split("\\n\\n", 1)[1])
claim:x
    am:text "A claim"@en .
<BLANKLINE>
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Callable, Iterator

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from .datafile import (ENGINE_VARIABLE, ENGINES, FORMATS_BY_SUFFIX, LARGE_FILE_BYTES,
                       bundled_data_path, default_data_path, engine_for, guess_format)
from .errors import ArgmapError, ConcurrentEditError, DataError
from .vocab import PREFIXES, bind_prefixes

if TYPE_CHECKING:  # filelock is imported by the writes that take the lock, not by every read
    from filelock import FileLock

__all__ = [
    "FORMATS_BY_SUFFIX", "LoadedGraph", "guess_format", "load_graph", "read_graph",
    "serialize_stable", "save_graph", "transaction", "atomic_write_bytes", "digest",
    "default_data_path", "bundled_data_path", "open_graph", "canonicalise", "lock_for",
    "read_source",
    "engine_for", "new_graph", "parse_bytes", "declared_prefixes", "oxigraph_load", "progress_bar",
    "oxigraph_store_of", "oxigraph_input", "oxigraph_format", "progress_input",
    "ENGINE_VARIABLE", "ENGINES", "LARGE_FILE_BYTES",
]

#: The JSON-LD context argmap publishes; documents may name it and it is resolved locally.
CONTEXT_IRI = "https://w3id.org/argmap/context.jsonld"

LOCK_TIMEOUT_SECONDS = 60


def digest(data: bytes) -> str:
    """SHA-256 of *data*, hex: how argmap notices that a file changed under it."""
    return hashlib.sha256(data).hexdigest()


# --- parsing ------------------------------------------------------------------------------

def _decode_text(data: bytes, label: str) -> str:
    if not data.strip():
        raise DataError("file is empty", path=label)
    if b"\x00" in data[:8192]:
        raise DataError("binary file, not RDF text (it contains NUL bytes)", path=label)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DataError(f"not UTF-8 text (byte 0x{data[exc.start]:02x})", path=label,
                        line=line, column=column) from None


def _turtle_error(exc: Exception, text: str, label: str) -> DataError:
    """Turn rdflib's notation3 BadSyntax into file:line:column."""
    index = getattr(exc, "_i", None)
    if index is None:
        index = getattr(exc, "i", None)
    why = getattr(exc, "_why", None) or getattr(exc, "why", None) or str(exc)
    if isinstance(index, int):
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        return DataError(f"Turtle syntax error: {why}", path=label, line=line, column=column)
    match = re.search(r"line (\d+)", str(exc))
    return DataError(f"Turtle syntax error: {why}", path=label,
                     line=int(match.group(1)) if match else None)


def _parse_ntriples(text: str, label: str) -> Graph:
    graph = Graph()
    try:
        graph.parse(data=text, format="nt")
        return graph
    except Exception:
        pass
    # Find the first bad line, so the message can name it.
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            Graph().parse(data=line + "\n", format="nt")
        except Exception as exc:  # rdflib raises several kinds here
            reason = " ".join(str(exc).split())[:160]
            raise DataError(f"N-Triples syntax error: {reason}", path=label, line=number) from None
    raise DataError("N-Triples syntax error", path=label)


def _local_context() -> dict:
    path = Path(__file__).with_name("context.jsonld")
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))["@context"]
    from .vocab import PREFIXES as prefixes
    return {name: str(ns) for name, ns in prefixes.items()}


def _resolve_contexts(node, label: str):
    """Replace argmap's context IRI by the bundled context; refuse any other remote context."""
    if isinstance(node, list):
        return [_resolve_contexts(item, label) for item in node]
    if not isinstance(node, dict):
        return node
    resolved = {}
    for key, value in node.items():
        if key == "@context":
            contexts = value if isinstance(value, list) else [value]
            out = []
            for ctx in contexts:
                if isinstance(ctx, str):
                    if ctx.rstrip("/") == CONTEXT_IRI:
                        out.append(_local_context())
                        continue
                    raise DataError(f"remote JSON-LD @context {ctx!r} is not fetched; inline it",
                                    path=label)
                out.append(_resolve_contexts(ctx, label))
            resolved[key] = out if isinstance(value, list) else out[0]
        else:
            resolved[key] = _resolve_contexts(value, label)
    return resolved


def _parse_jsonld(text: str, label: str) -> Graph:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(f"JSON syntax error: {exc.msg}", path=label, line=exc.lineno,
                        column=exc.colno) from None
    document = _resolve_contexts(document, label)
    graph = Graph()
    try:
        graph.parse(data=json.dumps(document), format="json-ld")
    except Exception as exc:
        raise DataError(f"JSON-LD error: {exc}", path=label) from None
    return graph


def load_graph(source: str | os.PathLike | IO[bytes] | bytes, format: str | None = None,
               name: str | None = None) -> Graph:
    """Parse RDF from a path, a binary file object or bytes into a new graph.

    *format* is ``turtle``, ``nt`` or ``jsonld`` (guessed from the file name when absent).
    Any problem raises :class:`DataError` naming the file, and the line and column where known.
    """
    return read_graph(source, format=format, name=name).graph


@dataclass
class LoadedGraph:
    """A parsed graph with the digest of the bytes it came from."""

    graph: Graph
    digest: str
    path: Path | None


#: Files from this size on show a progress bar while parsing (on a terminal only).
PROGRESS_FILE_BYTES = 8_000_000

_PREFIX_LINE = re.compile(rb"[ \t]*(?:@prefix|PREFIX)[ \t]+([A-Za-z][\w.-]*)?:[ \t]*<([^>\s]*)>",
                          re.IGNORECASE)


def declared_prefixes(data: bytes) -> dict[str, str]:
    """The ``@prefix``/``PREFIX`` declarations of Turtle *data*, in order (prefix -> IRI).

    Oxigraph's loader does not report them, and a full regular-expression scan of a 100 MB file
    takes over a second, so only lines where the word ``prefix`` occurs are looked at.

    >>> declared_prefixes(b"@prefix ex: <http://e/> .\\nPREFIX : <http://d/>\\nex:a ex:b 1 .")
    {'ex': 'http://e/', '': 'http://d/'}
    """
    found: dict[str, str] = {}
    positions: set[int] = set()
    for word in (b"prefix", b"PREFIX", b"Prefix"):
        start = data.find(word)
        while start != -1:
            positions.add(data.rfind(b"\n", 0, start) + 1)
            start = data.find(word, start + 6)
    for line_start in sorted(positions):
        match = _PREFIX_LINE.match(data, line_start)
        if match:
            found[(match.group(1) or b"").decode("ascii")] = match.group(2).decode("utf-8")
    return found


class _ProgressReader(io.RawIOBase):
    """A byte stream over *data* that advances a progress bar as Oxigraph reads it."""

    def __init__(self, data: bytes, advance: Callable[[int], None]):
        self._buffer = io.BytesIO(data)
        self._advance = advance

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        count = self._buffer.readinto(target)
        self._advance(count)
        return count


def _progress_wanted(size: int) -> bool:
    """Show a bar only for big files, on a terminal, and not when the output is for machines.

    ``ARGMAP_PROGRESS=0`` never shows it; ``ARGMAP_PROGRESS=BYTES`` sets the smallest file
    that gets one (default :data:`PROGRESS_FILE_BYTES`).
    """
    setting = os.environ.get("ARGMAP_PROGRESS", "").strip()
    threshold = int(setting) if setting.isdigit() else PROGRESS_FILE_BYTES
    if setting == "0" or size < threshold:
        return False
    try:
        if not sys.stderr.isatty():
            return False
    except (AttributeError, ValueError):
        return False
    try:
        import click

        context = click.get_current_context(silent=True)
    except ImportError:  # pragma: no cover - click is a dependency
        context = None
    while context is not None:  # --json/--nl/--csv/--tsv: quiet, whatever the terminal
        params = context.params
        if params.get("fmt") not in (None, "table") or params.get("as_json") \
                or params.get("json"):
            return False
        context = context.parent
    return True


@contextlib.contextmanager
def progress_bar(label: str, total: int, enabled: bool) -> Iterator[Callable[[int], None]]:
    """A rich progress bar on stderr while parsing *total* bytes; a no-op when not *enabled*."""
    if not enabled:
        yield lambda count: None
        return
    from rich.console import Console
    from rich.progress import (BarColumn, DownloadColumn, Progress, TextColumn,
                               TimeRemainingColumn)

    with Progress(TextColumn("loading {task.description}"), BarColumn(), DownloadColumn(),
                  TimeRemainingColumn(), console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(Path(label).name, total=total)
        yield lambda count: bar.advance(task, count)


#: Converted terms, keyed by the Oxigraph term: subjects, predicates, classes and dates repeat,
#: and building rdflib terms (IRI checks, literal normalisation) is most of the cost of walking
#: an Oxigraph graph from Python.  Bounded; cleared when full.
_TERMS: dict = {}
_TERMS_MAX = 1_000_000


def _from_ox(term):
    """An Oxigraph term as the rdflib term rdflib's own parser would have made.

    Oxigraph types a plain literal ``xsd:string`` (RDF 1.1); rdflib's parser leaves it without a
    datatype, and rdflib does not count the two as equal — so they are made plain here, and code
    comparing ``Literal("x")`` behaves the same on both engines.
    """
    found = _TERMS.get(term)
    if found is not None:
        return found
    import pyoxigraph as ox

    kind = type(term)
    if kind is ox.NamedNode:
        # Oxigraph has validated the IRI; rdflib's check would only repeat it.
        found = str.__new__(URIRef, term.value)
    elif kind is ox.Literal:
        if term.language:
            found = Literal(term.value, lang=term.language)
        else:
            datatype = term.datatype.value
            found = Literal(term.value) if datatype == _XSD_STRING else \
                Literal(term.value, datatype=_from_ox(term.datatype))
    elif kind is ox.BlankNode:
        return BNode(term.value)
    elif term is None:
        return None
    elif kind is ox.Triple:
        return (_from_ox(term.subject), _from_ox(term.predicate), _from_ox(term.object))
    else:
        raise ValueError(f"unexpected Oxigraph term {term!r}")
    if len(_TERMS) >= _TERMS_MAX:
        _TERMS.clear()
    _TERMS[term] = found
    return found


_XSD_STRING = str(XSD.string)
_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_LONG_QUOTES = ('"' * 3, "'" * 3)


def _where_brace(query: str) -> int | None:
    """Index of the ``{`` that opens the WHERE pattern of *query*, or None when unsure.

    A small lexer skips IRIs, strings and comments; in a CONSTRUCT query the template's
    braces come first and are skipped.

    >>> q = 'SELECT ?x WHERE { ?x <urn:p> "}" }'
    >>> q[_where_brace(q):]
    '{ ?x <urn:p> "}" }'
    """
    index, depth, braces_closed = 0, 0, 0
    construct = re.search(r"\bCONSTRUCT\b", query, re.IGNORECASE) is not None
    short_construct = construct and re.search(r"\bCONSTRUCT\s+WHERE\b", query,
                                              re.IGNORECASE) is not None
    length = len(query)
    while index < length:
        char = query[index]
        if char == "#":
            end = query.find("\n", index)
            index = length if end == -1 else end + 1
            continue
        if char == "<":
            match = _IRIREF.match(query, index)
            if match:
                index = match.end()
                continue
        if char in "\"'":
            quote = query[index:index + 3] if query[index:index + 3] in _LONG_QUOTES else char
            end = index + len(quote)
            while True:
                end = query.find(quote, end)
                if end == -1:
                    return None
                backslashes = len(query[:end]) - len(query[:end].rstrip("\\"))
                if backslashes % 2 == 0:
                    break
                end += 1
            index = end + len(quote)
            continue
        if char == "{":
            if depth == 0 and (not construct or short_construct or braces_closed >= 1):
                return index
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                braces_closed += 1
        index += 1
    return None


def _bind_by_values(query: str, bindings) -> str | None:
    """*query* with *bindings* joined first in its WHERE pattern (``VALUES``), or None.

    oxrdflib hands ``initBindings`` to Oxigraph's substitution, which refuses a variable that
    is not projected (``SELECT (COUNT(?x) AS ?n)`` bound on ``?kind``).  A VALUES block at the
    head of the WHERE group binds the variable before anything else is evaluated, as rdflib
    does; terms are written with ``.n3()`` of validated rdflib terms, never pasted text.
    """
    brace = _where_brace(query)
    if brace is None:
        return None
    names, values = [], []
    for name, term in bindings.items():
        if not isinstance(term, (URIRef, Literal)) or not re.fullmatch(r"[A-Za-z_]\w*", str(name)):
            return None
        if isinstance(term, URIRef) and _IRI_FORBIDDEN.search(str(term)):
            return None
        names.append(f"?{name}")
        values.append(term.n3())
    block = f" VALUES ({' '.join(names)}) {{ ({' '.join(values)}) }} "
    return query[: brace + 1] + block + query[brace + 1:]


def _to_ox(term):
    """An rdflib term (or graph name) as an Oxigraph term; None stays None (a wildcard)."""
    import pyoxigraph as ox
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    if term is None:
        return None
    if isinstance(term, Graph):
        term = term.identifier
    if term == DATASET_DEFAULT_GRAPH_ID:
        return ox.DefaultGraph()
    if isinstance(term, URIRef):
        return ox.NamedNode(term)
    if isinstance(term, BNode):
        return ox.BlankNode(term)
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(term, language=term.language)
        return ox.Literal(term, datatype=ox.NamedNode(term.datatype) if term.datatype else None)
    raise ValueError(f"not an RDF term: {term!r}")


def oxigraph_store_of(graph: Graph):
    """The ``pyoxigraph.Store`` whose default graph *graph* is, else None.

    For readers that walk a whole big graph (the framework of ``status``, validation, the export
    snapshot, a focus map's neighbourhood): reading the store's quads and converting each
    distinct term once is several times faster than rdflib's per-triple interface.  Only argmap's
    own view of a store's default graph reads exactly like that store's quads.
    """
    inner = getattr(graph.store, "_inner", None)
    if inner is None or type(graph) is not Graph:
        return None
    import pyoxigraph as ox
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    if isinstance(inner, ox.Store) and graph.identifier == DATASET_DEFAULT_GRAPH_ID:
        return inner
    return None


_OxigraphStoreClass = None


def _oxigraph_store_class():
    """The rdflib store over a ``pyoxigraph.Store`` (built on first use, to import lazily).

    Like oxrdflib's ``OxigraphStore`` (whose ideas it follows), with two differences that keep
    the rest of argmap engine-blind: plain literals come back without ``xsd:string`` as from
    rdflib's parser, and ``initBindings`` bind variables that are not projected.  It does not
    import oxrdflib, which pulls in rdflib's SPARQL parser (0.15 s) at import time — a third
    of the budget of a repeated command on a cached file.
    """
    global _OxigraphStoreClass
    if _OxigraphStoreClass is not None:
        return _OxigraphStoreClass
    import pyoxigraph as ox
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
    from rdflib.query import Result
    from rdflib.store import VALID_STORE, Store
    from rdflib.term import Node, Variable

    def graph_of(name, store):
        if isinstance(name, ox.NamedNode):
            return Graph(store=store, identifier=URIRef(name.value))
        if isinstance(name, ox.BlankNode):
            return Graph(store=store, identifier=BNode(name.value))
        return Graph(store=store, identifier=DATASET_DEFAULT_GRAPH_ID)

    class ArgmapOxigraphStore(Store):
        """An rdflib store whose triples and SPARQL live in Oxigraph."""

        context_aware = True
        formula_aware = False
        transaction_aware = False
        graph_aware = True

        def __init__(self, configuration=None, identifier=None, *, store=None):
            self._store = store if store is not None else ox.Store()
            self._prefix_for_namespace: dict = {}
            self._namespace_for_prefix: dict = {}
            super().__init__(configuration, identifier)

        @property
        def _inner(self):
            return self._store

        def open(self, configuration, create=False):
            return VALID_STORE

        def close(self, commit_pending_transaction=False):
            pass

        def add(self, triple, context, quoted=False):
            if quoted:
                raise ValueError("Oxigraph stores hold no formulae")
            s, p, o = triple
            self._inner.add(ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o), _to_ox(context)))
            super().add(triple, context, quoted)

        def addN(self, quads):  # noqa: N802 - rdflib's name
            quads = list(quads)
            self._inner.extend([ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o), _to_ox(g))
                                for s, p, o, g in quads])
            for s, p, o, g in quads:
                super().add((s, p, o), g)

        def remove(self, triple, context=None):
            s, p, o = triple
            for quad in list(self._inner.quads_for_pattern(_to_ox(s), _to_ox(p), _to_ox(o),
                                                           _to_ox(context))):
                self._inner.remove(quad)
            super().remove(triple, context)

        def triples(self, triple_pattern, context=None):
            s, p, o = triple_pattern
            try:
                quads = self._inner.quads_for_pattern(_to_ox(s), _to_ox(p), _to_ox(o),
                                                      _to_ox(context))
            except (TypeError, ValueError):  # e.g. a literal as subject: matches nothing
                return iter(())
            default = self._default_context()
            return (((_from_ox(q.subject), _from_ox(q.predicate), _from_ox(q.object)),
                     iter((default if type(q.graph_name) is ox.DefaultGraph
                           else graph_of(q.graph_name, self),))) for q in quads)

        def _default_context(self):
            # One Graph object for the default graph, not one per triple (rdflib's Graph.triples
            # ignores the contexts; ConjunctiveGraph.quads reads them).
            context = self.__dict__.get("_default_graph_object")
            if context is None:
                context = self.__dict__["_default_graph_object"] = graph_of(ox.DefaultGraph(), self)
            return context

        def __len__(self, context=None):
            options = ({"use_default_graph_as_union": True} if context is None
                       else {"default_graph": _to_ox(context)})
            rows = self._inner.query("SELECT (COUNT(*) AS ?c) WHERE { ?s ?p ?o }", **options)
            return int(next(iter(rows))[0].value)

        def contexts(self, triple=None):
            if triple is None:
                return (graph_of(g, self) for g in self._inner.named_graphs())
            s, p, o = triple
            return (graph_of(q.graph_name, self)
                    for q in self._inner.quads_for_pattern(_to_ox(s), _to_ox(p), _to_ox(o)))

        def query(self, query, initNs, initBindings, queryGraph, **kwargs):
            if not isinstance(query, str) or kwargs:
                raise NotImplementedError("prepared queries run in rdflib's engine")
            if initBindings:
                query = _bind_by_values(query, initBindings)
                if query is None:  # rdflib's own engine evaluates it over this store
                    raise NotImplementedError("these bindings run in rdflib's engine")
            result = self._inner.query(
                query, use_default_graph_as_union=queryGraph == "__UNION__",
                default_graph=(_to_ox(queryGraph) if isinstance(queryGraph, Node) else None),
                prefixes=dict(self._namespace_for_prefix, **{k: str(v) for k, v in initNs.items()}))
            if isinstance(result, ox.QueryBoolean):
                out = Result("ASK")
                out.askAnswer = bool(result)
            elif isinstance(result, ox.QuerySolutions):
                out = Result("SELECT")
                out.vars = [Variable(v.value) for v in result.variables]
                out.bindings = ({var: _from_ox(value) for var, value in zip(out.vars, solution)
                                 if value is not None} for solution in result)
            else:
                out = Result("CONSTRUCT")
                out.graph = Graph()
                out.graph += ((_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object))
                              for t in result)
            return out

        def update(self, update, initNs, initBindings, queryGraph, **kwargs):
            if initBindings or kwargs or not isinstance(update, str) \
                    or queryGraph != DATASET_DEFAULT_GRAPH_ID:
                raise NotImplementedError("this update runs in rdflib's engine")
            self._inner.update(update, prefixes=dict(
                self._namespace_for_prefix, **{k: str(v) for k, v in initNs.items()}))

        def commit(self):
            pass

        def rollback(self):
            pass

        def add_graph(self, graph):
            self._inner.add_graph(_to_ox(graph))

        def remove_graph(self, graph):
            self._inner.remove_graph(_to_ox(graph))

        def bind(self, prefix, namespace, override=True):
            if not override and (prefix in self._namespace_for_prefix
                                 or namespace in self._prefix_for_namespace):
                return
            old_namespace = self._namespace_for_prefix.pop(prefix, None)
            if old_namespace is not None:
                self._prefix_for_namespace.pop(old_namespace, None)
            old_prefix = self._prefix_for_namespace.pop(namespace, None)
            if old_prefix is not None:
                self._namespace_for_prefix.pop(old_prefix, None)
            self._namespace_for_prefix[prefix] = namespace
            self._prefix_for_namespace[namespace] = prefix

        def prefix(self, namespace):
            return self._prefix_for_namespace.get(namespace)

        def namespace(self, prefix):
            return self._namespace_for_prefix.get(prefix)

        def namespaces(self):
            yield from list(self._namespace_for_prefix.items())

    _OxigraphStoreClass = ArgmapOxigraphStore
    return ArgmapOxigraphStore


def new_graph(engine: str = "rdflib", store=None) -> Graph:
    """An empty graph of *engine* (``rdflib`` or ``oxigraph``), argmap's prefixes bound.

    With *store* (a ``pyoxigraph.Store``), the graph is its default graph.
    """
    if engine == "oxigraph":
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        graph = Graph(store=_oxigraph_store_class()(store=store),
                      identifier=DATASET_DEFAULT_GRAPH_ID)
    else:
        graph = Graph()
    return bind_prefixes(graph)


def oxigraph_input(data: bytes, rdf_format: str):
    """``(body, format)``: what Oxigraph's parser and loaders read of Turtle/N-Triples *data*.

    The body is *data* without the UTF-8 byte-order mark that ``utf-8-sig`` allows; it is read
    without a base IRI, so a relative IRI fails in Oxigraph and rdflib's parser decides.  One
    place for these rules: the store's loader, the parse cache's second pass and validation's
    streaming index all read the same bytes the same way.
    """
    return (data[3:] if data.startswith(b"\xef\xbb\xbf") else data), oxigraph_format(rdf_format)


def oxigraph_format(rdf_format: str):
    """Oxigraph's ``RdfFormat`` for argmap's name of a format Oxigraph parses (turtle, nt)."""
    import pyoxigraph as ox

    return ox.RdfFormat.TURTLE if rdf_format == "turtle" else ox.RdfFormat.N_TRIPLES


@contextlib.contextmanager
def progress_input(body: bytes, label: str) -> Iterator:
    """*body* for Oxigraph to read while a progress bar shows how far it got (big files, on a
    terminal: see :func:`_progress_wanted`): a stream over the bytes, or the bytes themselves
    when there is no bar to advance (reading bytes, a loader never needs Python's GIL)."""
    wanted = _progress_wanted(len(body))
    with progress_bar(label, len(body), wanted) as advance:
        yield _ProgressReader(body, advance) if wanted else body


def oxigraph_load(target, data: bytes, rdf_format: str, label: str, bulk: bool = False) -> None:
    """Load Turtle/N-Triples *data* into the ``pyoxigraph.Store`` *target* (default graph).

    Raises ``SyntaxError`` (with the place Oxigraph found) when the data is not valid; a bar
    shows the progress on a terminal for big files.  *bulk* uses Oxigraph's bulk loader
    (not atomic; 5x faster into an on-disk store, the same in memory).
    """
    import pyoxigraph as ox

    body, kind = oxigraph_input(data, rdf_format)
    with progress_input(body, label) as source:
        load = target.bulk_load if bulk else target.load
        load(input=source, format=kind, to_graph=ox.DefaultGraph())


def _parse_with_oxigraph(data: bytes, rdf_format: str, label: str) -> Graph | None:
    """The graph parsed by Oxigraph, or None when Oxigraph refuses (rdflib then explains why)."""
    import pyoxigraph as ox

    store = ox.Store()
    try:
        oxigraph_load(store, data, rdf_format, label)
    except (SyntaxError, ValueError):
        return None
    graph = new_graph("oxigraph", store)
    if rdf_format == "turtle":
        for prefix, namespace in declared_prefixes(data).items():
            if prefix and prefix not in PREFIXES:  # argmap's own names win, as bind_prefixes says
                graph.bind(prefix, namespace, override=False)
    return graph


_NOT_BLANK = re.compile(rb"\S")


def parse_bytes(data: bytes, rdf_format: str, label: str, engine: str | None = None) -> Graph:
    """Parse *data* (already read) of *rdf_format* with the engine chosen for its size."""
    if rdf_format in ("turtle", "nt") and engine_for(len(data), engine) == "oxigraph" \
            and _NOT_BLANK.search(data) and b"\x00" not in data[:8192]:
        # Oxigraph checks UTF-8 itself: decoding 85 MB in Python first would cost 0.13 s.
        graph = _parse_with_oxigraph(data, rdf_format, label)
        if graph is not None:
            return graph
        # Oxigraph refused: rdflib's parser gives the message (file:line:column) — or, for the
        # few documents it accepts and Oxigraph does not (relative IRIs), the graph.
    text = _decode_text(data, label)
    if rdf_format == "turtle":
        graph = Graph()
        try:
            graph.parse(data=text, format="turtle")
        except Exception as exc:
            raise _turtle_error(exc, text, label) from None
    elif rdf_format == "nt":
        graph = _parse_ntriples(text, label)
    else:
        graph = _parse_jsonld(text, label)
    return bind_prefixes(graph)


def read_source(source, name: str | None = None) -> tuple[bytes, str, Path | None]:
    """The bytes of *source* (path, binary or text file object, or bytes), the label to name it
    by in messages, and its path when it is a file; a missing or unreadable file is a
    one-line :class:`DataError`."""
    path = None
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
        label = name or "<data>"
    elif hasattr(source, "read"):
        data = source.read()
        if isinstance(data, str):
            data = data.encode("utf-8")
        label = name or getattr(source, "name", "<stream>")
    else:
        path = Path(source)
        label = name or str(source)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise DataError("no such file", path=label) from None
        except IsADirectoryError:
            raise DataError("is a directory, not a data file", path=label) from None
        except PermissionError:
            raise DataError("permission denied", path=label) from None
    return data, label, path


def read_graph(source, format: str | None = None, name: str | None = None) -> LoadedGraph:
    """Like :func:`load_graph`, also returning the digest of the bytes read."""
    data, label, path = read_source(source, name)
    rdf_format = guess_format(label, format)
    graph = parse_bytes(data, rdf_format, label)
    return LoadedGraph(graph=graph, digest=digest(data), path=path)


# --- stable Turtle ------------------------------------------------------------------------

_LOCAL_NAME = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b",
            "\f": "\\f"}
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')

HEADER = ("# Written by argmap in its canonical layout (subjects sorted by IRI, one triple a line)."
          "\n# Edit with the argmap commands, or by hand and run `argmap fmt` afterwards.\n")


class _Namer:
    """Writes terms in Turtle, with the longest matching bound prefix."""

    def __init__(self, graph: Graph):
        namespaces = {str(ns): prefix for prefix, ns in graph.namespaces() if prefix}
        for prefix, ns in PREFIXES.items():  # argmap's own names win
            namespaces[str(ns)] = prefix
        # longest namespace first, so claim: wins over bms:
        self.namespaces = sorted(namespaces.items(), key=lambda item: (-len(item[0]), item[0]))
        self.used: dict[str, str] = {}

    def iri(self, term: URIRef) -> str:
        value = str(term)
        for namespace, prefix in self.namespaces:
            if value.startswith(namespace):
                local = value[len(namespace):]
                if _LOCAL_NAME.match(local):
                    self.used[prefix] = namespace
                    return f"{prefix}:{local}"
        escaped = _IRI_FORBIDDEN.sub(lambda m: f"\\u{ord(m.group()):04X}", value)
        return f"<{escaped}>"

    def literal(self, term: Literal) -> str:
        lexical = "".join(_ESCAPES.get(ch, ch) for ch in str(term))
        if term.language:
            return f'"{lexical}"@{term.language}'
        datatype = term.datatype
        if datatype is None or datatype == XSD.string:
            return f'"{lexical}"'
        if datatype == XSD.integer and _INTEGER.match(str(term)):
            return str(term)
        if datatype == XSD.boolean and str(term) in ("true", "false"):
            return str(term)
        return f'"{lexical}"^^{self.iri(datatype)}'

    def term(self, term) -> str:
        if isinstance(term, URIRef):
            return self.iri(term)
        if isinstance(term, Literal):
            return self.literal(term)
        if isinstance(term, BNode):
            return f"_:{term}"
        raise TypeError(f"cannot write {term!r} in Turtle")


def _object_key(term) -> tuple:
    kind = 0 if isinstance(term, URIRef) else 1 if isinstance(term, BNode) else 2
    if isinstance(term, Literal):
        return (kind, str(term.datatype or ""), term.language or "", str(term))
    return (kind, "", "", str(term))


def serialize_stable(graph: Graph) -> bytes:
    """The graph as canonical Turtle bytes: same triples, same bytes, whatever the input order.

    Subjects are sorted by IRI (blank nodes last), ``a`` comes first, then predicates in the
    order of their written names, one triple a line.  Complexity O(T log T) for T triples.
    """
    namer = _Namer(graph)
    subjects = sorted(set(graph.subjects()), key=lambda s: (isinstance(s, BNode), str(s)))
    blocks = []
    for subject in subjects:
        pairs = []
        for predicate, obj in graph.predicate_objects(subject):
            written = "a" if predicate == RDF.type else namer.iri(predicate)
            pairs.append(((predicate != RDF.type, written), _object_key(obj), written, obj))
        pairs.sort(key=lambda item: (item[0], item[1]))
        lines = [f"    {written} {namer.term(obj)}" for _, _, written, obj in pairs]
        blocks.append(namer.term(subject) + "\n" + " ;\n".join(lines) + " .\n")
    prefixes = "".join(f"@prefix {prefix}: <{namespace}> .\n"
                       for prefix, namespace in sorted(namer.used.items()))
    return (HEADER + prefixes + "\n" + "\n".join(blocks)).encode("utf-8")


# --- writing --------------------------------------------------------------------------------

def lock_for(path: str | os.PathLike) -> FileLock:
    """The lock guarding *path*: a separate ``.NAME.lock`` file beside it."""
    from filelock import FileLock

    path = Path(path)
    return FileLock(str(path.parent / f".{path.name}.lock"), timeout=LOCK_TIMEOUT_SECONDS)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    from filelock import Timeout

    lock = lock_for(path)
    try:
        lock.acquire()
    except Timeout:
        raise ArgmapError(f"{path}: locked by another argmap process for over "
                          f"{LOCK_TIMEOUT_SECONDS} s ({lock.lock_file}); try again") from None
    try:
        yield
    finally:
        lock.release()


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Replace *path* with *data* so that readers see the old or the new file, never a mix."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            mode = 0o644
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    with contextlib.suppress(OSError):  # not every platform can fsync a folder
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _current_digest(path: Path) -> str | None:
    try:
        return digest(path.read_bytes())
    except FileNotFoundError:
        return None


def save_graph(graph: Graph, path: str | os.PathLike, expected_digest: str | None = None,
               format: str | None = None) -> str:
    """Write *graph* to *path* atomically, under the lock; return the digest of what was written.

    With *expected_digest* (the digest of the file as it was read), refuse with
    :class:`ConcurrentEditError` when the file changed on disk in the meantime.
    """
    path = Path(path)
    data = _serialize_for(graph, path, format)
    with _locked(path):
        if expected_digest is not None and _current_digest(path) != expected_digest:
            raise ConcurrentEditError(f"{path}: changed on disk since it was read; nothing was "
                                      "written — run the command again")
        atomic_write_bytes(path, data)
    return digest(data)


def _serialize_for(graph: Graph, path: Path, format: str | None) -> bytes:
    rdf_format = guess_format(path, format)
    if rdf_format == "turtle":
        return serialize_stable(graph)
    if rdf_format == "nt":
        lines = graph.serialize(format="nt").splitlines()
        return ("\n".join(sorted(line for line in lines if line.strip())) + "\n").encode("utf-8")
    return graph.serialize(format="json-ld", indent=2, sort_keys=True).encode("utf-8")


@contextlib.contextmanager
def transaction(path: str | os.PathLike,
                check: Callable[[Graph], None] | None = None) -> Iterator[Graph]:
    """Read-modify-write *path* under its lock: ``with transaction(p) as g: g.add(...)``.

    The graph yielded is the file's content; when the block ends without an exception, *check*
    (e.g. validation, which raises to refuse) runs and the graph is written atomically.  If the
    block or *check* raises, nothing is written.  Two processes editing at once are serialised by
    the lock, so neither loses the other's edit.
    """
    path = Path(path)
    with _locked(path):
        loaded = read_graph(path)
        yield loaded.graph
        if check is not None:
            check(loaded.graph)
        if _current_digest(path) != loaded.digest:  # an editor that ignores the lock
            raise ConcurrentEditError(f"{path}: changed on disk during the edit; nothing was "
                                      "written — run the command again")
        atomic_write_bytes(path, _serialize_for(loaded.graph, path, None))


def canonicalise(path: str | os.PathLike) -> bool:
    """Rewrite *path* in the canonical layout; return True when its bytes changed."""
    with _locked(Path(path)):
        loaded = read_graph(path)
        data = _serialize_for(loaded.graph, Path(path), None)
        if digest(data) == loaded.digest:
            return False
        atomic_write_bytes(path, data)
        return True


# --- where the data is ------------------------------------------------------------------------

def update_url_for(query_url: str) -> str:
    """The SPARQL Update URL of an endpoint, by the common ``…/query`` → ``…/update`` naming."""
    if query_url.rstrip("/").endswith("/query"):
        return query_url.rstrip("/")[: -len("query")] + "update"
    if query_url.rstrip("/").endswith("/sparql"):
        return query_url  # Fuseki/GraphDB style: one URL for both
    return query_url


def open_graph(data: str | os.PathLike | None = None, store_url: str | None = None,
               update_url: str | None = None) -> Graph:
    """The graph a command works on: a data file (default: the debate), or a SPARQL endpoint."""
    if store_url:
        from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore

        store = SPARQLUpdateStore(query_endpoint=store_url,
                                  update_endpoint=update_url or update_url_for(store_url),
                                  returnFormat="json")
        return bind_prefixes(Graph(store=store))
    path = data if data is not None else default_data_path()
    from .cache import cached_graph

    graph = cached_graph(path)  # None unless the file is big enough for the cache to pay off
    return graph if graph is not None else load_graph(path)
