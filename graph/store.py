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
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Callable, Iterator

from filelock import FileLock, Timeout
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from .errors import ArgmapError, ConcurrentEditError, DataError
from .vocab import PREFIXES, bind_prefixes

__all__ = [
    "FORMATS_BY_SUFFIX", "LoadedGraph", "guess_format", "load_graph", "read_graph",
    "serialize_stable", "save_graph", "transaction", "atomic_write_bytes", "digest",
    "default_data_path", "bundled_data_path", "open_graph", "canonicalise", "lock_for",
]

#: File suffix -> rdflib parser name.
FORMATS_BY_SUFFIX = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".ntriples": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}
_FORMAT_ALIASES = {"turtle": "turtle", "ttl": "turtle", "nt": "nt", "ntriples": "nt",
                   "n-triples": "nt", "jsonld": "json-ld", "json-ld": "json-ld"}

#: The JSON-LD context argmap publishes; documents may name it and it is resolved locally.
CONTEXT_IRI = "https://w3id.org/argmap/context.jsonld"

LOCK_TIMEOUT_SECONDS = 60


def digest(data: bytes) -> str:
    """SHA-256 of *data*, hex: how argmap notices that a file changed under it."""
    return hashlib.sha256(data).hexdigest()


def guess_format(path: str | os.PathLike, format: str | None = None) -> str:
    """The rdflib parser name for *path* (or the explicit *format*)."""
    if format:
        try:
            return _FORMAT_ALIASES[format.lower()]
        except KeyError:
            raise DataError(f"unknown RDF format {format!r}; use turtle, nt or jsonld") from None
    suffix = Path(str(path)).suffix.lower()
    try:
        return FORMATS_BY_SUFFIX[suffix]
    except KeyError:
        known = ", ".join(sorted(FORMATS_BY_SUFFIX))
        raise DataError(f"cannot tell the format from the name (known suffixes: {known})",
                        path=path) from None


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


def read_graph(source, format: str | None = None, name: str | None = None) -> LoadedGraph:
    """Like :func:`load_graph`, also returning the digest of the bytes read."""
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
    rdf_format = guess_format(label, format)
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
    bind_prefixes(graph)
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
    path = Path(path)
    return FileLock(str(path.parent / f".{path.name}.lock"), timeout=LOCK_TIMEOUT_SECONDS)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
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

def bundled_data_path() -> Path:
    """The debate shipped with argmap (``data/claims.ttl`` in a checkout or a wheel)."""
    from importlib import resources

    return Path(str(resources.files("argmap_data").joinpath("claims.ttl")))


def default_data_path() -> Path:
    """``$ARGMAP_DATA``, else ``./data/claims.ttl`` when it exists, else the bundled debate."""
    env = os.environ.get("ARGMAP_DATA")
    if env:
        return Path(env)
    local = Path("data") / "claims.ttl"
    if local.is_file():
        return local
    return bundled_data_path()


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
    return load_graph(data if data is not None else default_data_path())
