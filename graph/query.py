"""Questions about an argument map: named queries and safe, read-only ad-hoc SPARQL.

A *named query* is a SPARQL ``SELECT`` in ``graph/queries/<name>.rq``.  Its header — the
leading comment lines that start with ``#+`` — is YAML declaring what it answers and its
*parameters*: name, type, default, help.  A parameter is a variable of the query (``?actor``);
given a value it is bound, left out it stays unbound and the query reads it as "any"
(``FILTER(!BOUND(?actor) || …)``).  The files are plain SPARQL 1.1 with their own ``PREFIX``
lines, so an analyst can paste one into any SPARQL tool.

Binding never pastes user text into a query.  A value is first turned into an RDF term of the
declared type (an IRI checked against a strict pattern, a literal whose lexical form is
escaped by :func:`sparql_term`), and the terms are added as one ``VALUES`` block at the start
of the query's ``WHERE`` group.  A ``VALUES`` block at the start of the group is joined before
the group's filters run, which is the meaning of a bound parameter on every SPARQL 1.1 engine
— unlike rdflib's ``initBindings`` on a remote store, which are joined at the end of the query.

An *ad-hoc query* is SPARQL text from a user.  :func:`check_query` refuses, before anything
runs, whatever is not a read-only question about the map: SPARQL Update (``INSERT``,
``DELETE``, ``LOAD``, ``CLEAR`` …), ``FROM`` / ``FROM NAMED`` (rdflib would fetch the named
documents) and ``SERVICE`` (federation: the embedded Oxigraph engine and rdflib both open HTTP
connections for it).  The check runs twice, on rdflib's parse tree and on our own token scan,
so that a text two parsers read differently cannot slip a keyword past one of them.  For the
embedded Oxigraph engine, whose only danger is ``SERVICE``, a text in which the letters
``service`` and ``from`` occur nowhere skips rdflib's parser (a quarter of a second) and is
parsed by Oxigraph instead (:func:`_quick_check`); any other text gets both checks.  Ad-hoc
queries run in a forked worker process killed at the time limit (neither rdflib nor pyoxigraph
can stop a running query), and every query stops at a row cap and says so.

Engines (:func:`engine_for`):

* ``oxigraph`` — the embedded Oxigraph engine (pyoxigraph).  A graph held by oxrdflib is
  queried in place; any other local rdflib graph is copied into an in-memory Oxigraph store
  once per call (about 10 µs a triple), which pays for itself from the first query.
* ``rdflib`` — rdflib's own SPARQL engine on the graph (the baseline the benchmark compares).
* ``remote`` — any SPARQL 1.1 endpoint (Oxigraph server, Apache Jena Fuseki, GraphDB,
  QLever …), over the SPARQL 1.1 protocol with an HTTP time limit; chosen for a graph whose
  store is rdflib's ``SPARQLStore`` (``argmap --store URL``).

Every engine's answers are reduced to the same plain values (IRIs as prefixed names, numbers
as numbers, ``GROUP_CONCAT`` lists split and sorted), so the same question gives the same rows
on every store.

Complexity: binding is linear in the query text; a named query costs what its SPARQL costs on
the engine (``benchmarks/query.py`` measures each on maps of 1k to 100k claims).

References: SPARQL 1.1 Query Language (W3C Recommendation, 2013) §10.2.2 (``VALUES``) and
§19.8 (grammar); SPARQL 1.1 Protocol (W3C, 2013); grlc's ``#+`` query decorators
(Meroño-Peñuela & Hoekstra, 2016) for the header convention.

>>> from rdflib import Graph, Literal, URIRef
>>> from graph.vocab import AM, BMS, RDF, RDFS
>>> g = Graph()
>>> _ = g.add((BMS["claim/x"], RDF.type, AM.Claim))
>>> _ = g.add((BMS["claim/x"], RDFS.label, Literal("A claim", lang="en")))
>>> result = run_sparql(g, "SELECT ?c ?l WHERE { ?c a am:Claim ; rdfs:label ?l }")
>>> result.rows
[{'c': 'claim:x', 'l': 'A claim'}]
>>> bind_values("SELECT ?c WHERE { ?c ?p ?v }", {"v": Literal('say "hi" } #')})
'SELECT ?c WHERE { VALUES (?v) { ("say \\\\"hi\\\\" } #") } ?c ?p ?v }'
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from .errors import ArgmapError, DataError, NotFoundError
# The rdflib-free half of this module (see graph.sparql), under the names it always had here.
from .sparql import (_IRI, DEFAULT_LIMIT, DEFAULT_TIMEOUT, LIST_SEPARATOR, Engine,
                     OxigraphEngine, QueryRefused, QueryResult, QueryShape, QueryTimeout, _Raw,
                     _from_json, _quick_check, _scan_for_refused, _timeout, _tokens,
                     _triples_raw, _where_braces, _with_prefixes, run_checked)
from .vocab import short_id
from .vocab import (ACTOR_KINDS, ATTACK_KINDS, BMS, CONFIDENCE, KIND_SEGMENTS, PREFIXES,
                    SOURCE_KINDS, STANCES, VERDICTS)

__all__ = [
    "DEFAULT_TIMEOUT", "DEFAULT_LIMIT", "QUERY_DIR", "LIST_SEPARATOR",
    "QueryRefused", "QueryTimeout", "Parameter", "NamedQuery", "QueryResult", "Engine",
    "named_queries", "named_query", "parse_named_query", "check_query", "bind_values",
    "select_blocks", "prepare_named", "prepare_sparql",
    "sparql_term", "validate_term", "compact_iri", "engine_for", "run_named", "run_sparql",
    "list_claims", "list_actors", "list_sources", "timeline", "rebuttal_tree", "describe",
    "TYPES", "KEEP_SECONDS", "KEEP_VARIABLE", "keep_seconds",
]

#: Where the named queries live.
QUERY_DIR = Path(__file__).with_name("queries")


def _refuse_service(ctx, part):
    """rdflib evaluation hook: a SERVICE clause that got this far is refused, not fetched."""
    if getattr(part, "name", None) == "ServiceGraphPattern":
        raise QueryRefused("SERVICE (federated query) is refused")
    raise NotImplementedError()  # let rdflib evaluate everything else


@functools.lru_cache(maxsize=1)
def _harden_rdflib() -> None:
    """Stop rdflib's SPARQL engine from fetching anything a query names.

    rdflib loads the documents named by FROM / FROM NAMED / LOAD unless told not to, and
    evaluates SERVICE with an HTTP request.  Done on first use, not on import: importing
    rdflib's SPARQL parser costs a third of a second that ``argmap --help`` should not pay.
    """
    import rdflib.plugins.sparql as rdflib_sparql

    rdflib_sparql.SPARQL_LOAD_GRAPHS = False
    rdflib_sparql.CUSTOM_EVALS["argmap-refuse-service"] = _refuse_service



# --- terms ----------------------------------------------------------------------------------

_LANG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def validate_term(term) -> URIRef | Literal:
    """Return *term* if it can be written into SPARQL safely, else raise :class:`DataError`.

    IRIs must be absolute and free of ``<>"{}|^`\\``, spaces and control characters; literals
    may hold any text except control characters (tab and line breaks are fine) and ``\\u``
    (SPARQL engines expand ``\\u`` escapes differently, so such a value would not mean the
    same on every store); language tags and datatypes are checked too.  Blank nodes are refused
    (they name nothing outside one store).
    """
    if isinstance(term, URIRef):
        if not _IRI.match(str(term)):
            raise DataError(f"not a valid IRI: {str(term)!r}")
        return term
    if isinstance(term, Literal):
        text = str(term)
        if _CONTROL.search(text):
            raise DataError(f"value {text!r} contains a control character")
        if re.search(r"\\[uU]", text):
            raise DataError(f"value {text!r} contains '\\u', which SPARQL engines read "
                            "differently; leave the backslash out")
        if term.language and not _LANG.match(term.language):
            raise DataError(f"not a valid language tag: {term.language!r}")
        if term.datatype is not None:
            validate_term(URIRef(term.datatype))
        return term
    raise DataError(f"cannot bind {term!r}: only IRIs and literals can be parameter values")


def sparql_term(term: URIRef | Literal) -> str:
    """*term* written in SPARQL syntax, after :func:`validate_term`.

    >>> sparql_term(Literal('a "quoted"\\nline'))
    '"a \\\\"quoted\\\\"\\\\nline"'
    >>> sparql_term(URIRef("https://w3id.org/argmap/bms/actor/edpb"))
    '<https://w3id.org/argmap/bms/actor/edpb>'
    """
    validate_term(term)
    if isinstance(term, URIRef):
        return f"<{term}>"
    lexical = "".join(_ECHAR.get(ch, ch) for ch in str(term))
    if term.language:
        return f'"{lexical}"@{term.language}'
    if term.datatype is not None and term.datatype != XSD.string:
        return f'"{lexical}"^^<{term.datatype}>'
    return f'"{lexical}"'


def compact_iri(iri: str) -> str:
    """``claim:false-alarm-rate`` for a debate IRI (longest matching argmap prefix), else the IRI.

    >>> compact_iri("https://w3id.org/argmap/bms/actor/edpb")
    'actor:edpb'
    >>> compact_iri("http://example.org/x")
    'http://example.org/x'
    """
    return _compact(str(iri))


_compact = short_id  # one shortening for the whole project (graph.vocab, cached)


def expand_id(text: str, kind: str | None = None) -> URIRef:
    """The IRI named by a full IRI, ``<IRI>``, a prefixed name, or a bare slug of *kind*."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if ":" in text:
        prefix, local = text.split(":", 1)
        if prefix in PREFIXES and not local.startswith("//"):
            return validate_term(URIRef(str(PREFIXES[prefix]) + local))
        return validate_term(URIRef(text))
    if kind in KIND_SEGMENTS and text:
        return validate_term(URIRef(f"{BMS}{kind}/{text}"))
    raise DataError(f"{text!r} is not an IRI or a prefixed name (like claim:{text or 'x'})")


# --- parameters -------------------------------------------------------------------------------

#: Vocabulary tables that ``choice`` parameters draw from (CLI name -> IRI).
CHOICES: dict[str, dict[str, URIRef]] = {
    "source-kind": SOURCE_KINDS,
    "actor-kind": ACTOR_KINDS,
    "attack-kind": ATTACK_KINDS,
    "verdict": VERDICTS,
    "confidence": CONFIDENCE,
    "stance": STANCES,
}

#: Parameter types a named query may declare.
TYPES = ("iri", "string", "date", "integer", "boolean", "choice")

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}


@dataclass(frozen=True)
class Parameter:
    """A declared parameter of a named query: the variable ``?name`` and how to type a value.

    ``type`` is one of :data:`TYPES`; for ``iri`` the optional ``kind`` (``claim``, ``actor``
    …) lets a bare slug stand for ``kind:slug``; for ``choice`` it names a vocabulary table
    (``source-kind``, ``verdict`` …).  ``default`` ``None`` means "unbound: any value".
    """

    name: str
    type: str = "string"
    kind: str | None = None
    default: Any = None
    help: str = ""
    required: bool = False

    @property
    def choices(self) -> list[str]:
        return sorted(CHOICES.get(self.kind or "", {}))

    def describe_type(self) -> str:
        if self.type == "iri" and self.kind:
            return f"{self.kind} ID"
        if self.type == "choice":
            return "|".join(self.choices)
        return self.type

    def coerce(self, value: Any) -> URIRef | Literal | None:
        """The RDF term for *value* (a CLI string or a Python value), validated."""
        if value is None:
            return None
        if isinstance(value, (URIRef, Literal)):
            return validate_term(value)
        try:
            return validate_term(self._coerce(value))
        except DataError as exc:
            raise DataError(f"parameter {self.name!r}: {exc}") from None

    def _coerce(self, value: Any) -> URIRef | Literal:
        kind, text = self.type, str(value)
        if kind == "iri":
            return expand_id(text, self.kind)
        if kind == "choice":
            table = CHOICES.get(self.kind or "", {})
            if text in table:
                return table[text]
            if ":" in text and expand_id(text) in table.values():
                return expand_id(text)
            raise DataError(f"{text!r} is not one of {', '.join(self.choices)}")
        if kind == "date":
            if isinstance(value, (_dt.date, _dt.datetime)):
                text = value.isoformat()[:10]
            match = _DATE.match(text.strip())
            if not match:
                raise DataError(f"{text!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
            year, month, day = match.groups()
            try:
                _dt.date(int(year), int(month or 1), int(day or 1))
            except ValueError:
                raise DataError(f"{text!r} is not a calendar date") from None
            datatype = XSD.date if day else XSD.gYearMonth if month else XSD.gYear
            return Literal(text.strip(), datatype=datatype)
        if kind == "integer":
            if isinstance(value, bool) or not re.match(r"^[+-]?\d+$", text.strip()):
                raise DataError(f"{text!r} is not a whole number")
            return Literal(int(text), datatype=XSD.integer)
        if kind == "boolean":
            if isinstance(value, bool):
                return Literal(value)
            if text.lower() in _TRUE:
                return Literal(True)
            if text.lower() in _FALSE:
                return Literal(False)
            raise DataError(f"{text!r} is not true or false")
        return Literal(text)


def coerce_untyped(text: str) -> URIRef | Literal:
    """The term for ``--param name=TEXT`` of a query that declares no type for *name*.

    ``<IRI>`` and prefixed names with an argmap prefix are IRIs; ``"text"``, ``"text"@lang``
    and ``"lexical"^^xsd:type`` are literals as in Turtle; whole numbers are integers,
    ``true``/``false`` booleans, ``YYYY-MM-DD`` dates; anything else is a plain string.
    """
    value = text.strip()
    if value.startswith("<") and value.endswith(">"):
        return validate_term(URIRef(value[1:-1]))
    literal = re.match(r'^"(.*)"(?:@([A-Za-z0-9-]+)|\^\^(\S+))?$', value, re.S)
    if literal:
        lexical, lang, datatype = literal.groups()
        if datatype:
            datatype_iri = expand_id(datatype)
            return validate_term(Literal(lexical, datatype=datatype_iri))
        return validate_term(Literal(lexical, lang=lang) if lang else Literal(lexical))
    if re.match(r"^[+-]?\d+$", value):
        return Literal(int(value), datatype=XSD.integer)
    if value in ("true", "false"):
        return Literal(value == "true")
    if re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        return Parameter("value", "date").coerce(value)
    if ":" in value and value.split(":", 1)[0] in PREFIXES:
        return expand_id(value)
    return validate_term(Literal(text))


# --- named queries ----------------------------------------------------------------------------

@dataclass(frozen=True)
class NamedQuery:
    """A query file: its name, what it answers, its parameters and its SPARQL text."""

    name: str
    summary: str
    text: str
    params: tuple[Parameter, ...] = ()
    lists: tuple[str, ...] = ()
    rename: tuple[tuple[str, str], ...] = ()
    description: str = ""
    example: str = ""
    path: Path | None = None

    def parameter(self, name: str) -> Parameter:
        for param in self.params:
            if param.name == name:
                return param
        known = ", ".join(p.name for p in self.params) or "none"
        raise DataError(f"query {self.name!r} has no parameter {name!r} (parameters: {known})")

    def signature(self) -> str:
        """``actor=<actor ID> kind=<person|group|…>``: how to give each parameter."""
        parts = []
        for param in self.params:
            default = "" if param.default is None else f" (default {param.default})"
            required = " (required)" if param.required else ""
            parts.append(f"{param.name}=<{param.describe_type()}>{default}{required}")
        return " ".join(parts)


_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def parse_named_query(text: str, name: str, path: str | os.PathLike | None = None) -> NamedQuery:
    """Read a query file's ``#+`` YAML header (summary, description, params, lists, example).

    ``params`` maps each parameter name to ``{type, kind, default, required, help}``;
    ``lists`` names the ``GROUP_CONCAT`` columns to split into sorted lists; ``rename`` maps a
    result variable to its column name where the natural name is taken by a parameter.  A malformed header
    raises :class:`DataError` naming the file and line.
    """
    import yaml

    label = str(path or name)
    header_lines = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("#+"):
            header_lines.append((number, line[2:].removeprefix(" ")))
        elif line.strip() and not line.startswith("#"):
            break
    if not header_lines:
        raise DataError("no '#+' header (summary and params)", path=label, line=1)
    try:
        header = yaml.safe_load("\n".join(line for _, line in header_lines)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = header_lines[min(mark.line, len(header_lines) - 1)][0] if mark else None
        raise DataError(f"header is not valid YAML: {getattr(exc, 'problem', exc)}",
                        path=label, line=line) from None
    if not isinstance(header, dict) or not header.get("summary"):
        raise DataError("header needs a 'summary'", path=label, line=header_lines[0][0])
    params = []
    for pname, spec in (header.get("params") or {}).items():
        spec = spec or {}
        ptype = spec.get("type", "string")
        if not _PARAM_NAME.match(str(pname)) or ptype not in TYPES:
            raise DataError(f"parameter {pname!r}: needs an identifier name and a type among "
                            f"{', '.join(TYPES)}", path=label)
        if ptype == "choice" and spec.get("kind") not in CHOICES:
            raise DataError(f"parameter {pname!r}: choice needs kind among "
                            f"{', '.join(sorted(CHOICES))}", path=label)
        if not re.search(rf"[?$]{pname}\b", text):
            raise DataError(f"parameter {pname!r} is not a variable of the query", path=label)
        params.append(Parameter(name=str(pname), type=ptype, kind=spec.get("kind"),
                                default=spec.get("default"), help=str(spec.get("help", "")),
                                required=bool(spec.get("required", False))))
    rename = header.get("rename") or {}
    if not isinstance(rename, dict):
        raise DataError("'rename' must map result variables to column names", path=label)
    for variable in rename:
        # YAML reads a bare on/off/yes/no key as a boolean: the rename would silently not apply.
        if not isinstance(variable, str) or not re.search(rf"\?{re.escape(variable)}\b", text):
            raise DataError(f"'rename': {variable!r} is not a variable of the query (quote a key "
                            "such as \"on\" or \"no\", which YAML reads as true or false)",
                            path=label)
    return NamedQuery(name=name, summary=" ".join(str(header["summary"]).split()), text=text,
                      params=tuple(params), lists=tuple(header.get("lists") or ()),
                      rename=tuple((str(k), str(v)) for k, v in rename.items()),
                      description=" ".join(str(header.get("description", "")).split()),
                      example=str(header.get("example", "")).strip(),
                      path=Path(path) if path else None)


@functools.lru_cache(maxsize=None)
def _shipped_query(path: Path) -> NamedQuery:
    return parse_named_query(path.read_text(encoding="utf-8"), path.stem, path)


@functools.lru_cache(maxsize=1)
def named_queries() -> dict[str, NamedQuery]:
    """Every named query shipped in :data:`QUERY_DIR`, by name, in name order."""
    return {path.stem: _shipped_query(path) for path in sorted(QUERY_DIR.glob("*.rq"))}


_QUERY_NAME = re.compile(r"^[a-z][a-z0-9-]*$")


def named_query(name: str) -> NamedQuery:
    """The named query *name*; an unknown name raises :class:`NotFoundError` with suggestions.

    Only that query's file is read: parsing the YAML headers of all of them cost more than the
    query itself in a command such as ``argmap show``.
    """
    import difflib

    path = QUERY_DIR / f"{name}.rq"
    if _QUERY_NAME.match(name) and path.is_file():
        return _shipped_query(path)
    queries = named_queries()
    if name in queries:
        return queries[name]
    close = difflib.get_close_matches(name, list(queries), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else "; see: argmap queries"
    raise NotFoundError(f"no named query {name!r}{hint}")


def _where_group(text: str) -> tuple[int, int, bool]:
    """Offsets of the WHERE group's ``{`` and ``}``, and whether it holds a sub-SELECT."""
    tokens = _tokens(text)
    _, open_index, close_index = _where_braces(tokens)
    nxt = tokens[open_index + 1] if open_index + 1 < len(tokens) else None
    subselect = bool(nxt and nxt.kind == "word" and nxt.value.upper() == "SELECT")
    return tokens[open_index].start, tokens[close_index].start, subselect


_BLOCK_START = re.compile(r"^\s*#\+if\s+([A-Za-z_][A-Za-z0-9_|]*)\s*$")
_BLOCK_END = re.compile(r"^\s*#\+end\s*$")


def select_blocks(text: str, bound: Iterable[str]) -> str:
    """*text* keeping a ``#+if NAME`` … ``#+end`` block only when parameter NAME is bound.

    ``#+if a|b`` keeps the block when either is bound.  A named query uses blocks for filters
    that are cheap as joins but slow as ``FILTER EXISTS`` (Oxigraph evaluates an EXISTS per
    row without knowing which variables are bound: measured 100× slower at 1,000 claims).
    Which blocks stay depends only on *which* parameters are given, never on their values,
    and the kept lines are the file's own; values still arrive only through ``VALUES``.
    """
    bound = set(bound)
    kept, keep, inside = [], True, False
    for number, line in enumerate(text.splitlines(keepends=True), 1):
        start = _BLOCK_START.match(line)
        if start:
            if inside:
                raise DataError("nested '#+if' blocks are not supported", line=number)
            inside, keep = True, bool(set(start.group(1).split("|")) & bound)
            continue
        if _BLOCK_END.match(line):
            if not inside:
                raise DataError("'#+end' without '#+if'", line=number)
            inside, keep = False, True
            continue
        if keep:
            kept.append(line)
    if inside:
        raise DataError("'#+if' block without '#+end'")
    return "".join(kept)


def bind_values(text: str, bindings: Mapping[str, URIRef | Literal | None]) -> str:
    """*text* with *bindings* added as one ``VALUES`` block at the start of its WHERE group.

    Unbound (``None``) parameters are left out.  Names must be SPARQL variable names and
    values pass :func:`validate_term`; nothing else reaches the query text.  A WHERE group that
    is a sub-SELECT is wrapped (``{ VALUES … { SELECT … } }``), as the grammar requires.
    """
    bound = {name: value for name, value in bindings.items() if value is not None}
    if not bound:
        return text
    for name in bound:
        if not _PARAM_NAME.match(name):
            raise DataError(f"{name!r} is not a SPARQL variable name")
    names = " ".join(f"?{name}" for name in bound)
    values = " ".join(sparql_term(value) for value in bound.values())
    block = f" VALUES ({names}) {{ ({values}) }}"
    open_at, close_at, subselect = _where_group(text)
    if subselect:
        return (text[:open_at + 1] + block + " {" + text[open_at + 1:close_at] + "} "
                + text[close_at:])
    return text[:open_at + 1] + block + text[open_at + 1:]


# --- checking ad-hoc queries ------------------------------------------------------------------


def _walk(node, seen=None):
    """Every nested value of an rdflib parse tree or algebra (CompValue, lists, dicts)."""
    seen = seen if seen is not None else set()
    if id(node) in seen:
        return
    seen.add(id(node))
    yield node
    if isinstance(node, dict):
        children = list(node.values())
    elif isinstance(node, (list, tuple)):
        children = list(node)
    else:
        as_list = getattr(node, "as_list", None)
        children = list(node) if as_list is not None else []
    for child in children:
        if isinstance(child, (str, int, float)) and not hasattr(child, "name"):
            continue
        yield from _walk(child, seen)


_SYNTAX_PLACE = re.compile(r"\s*\(at char \d+\),?\s*\(line:\d+, col:\d+\)\s*$")


def check_query(text: str, label: str = "query") -> QueryShape:
    """Refuse anything but a read-only SPARQL query, naming the place; else return its shape.

    Refused, before any engine sees the text: SPARQL Update, ``FROM`` / ``FROM NAMED``,
    ``SERVICE``, ``\\u`` escapes; a syntax error is reported with its line and column.  Raises
    :class:`QueryRefused` or :class:`DataError`.
    """
    _harden_rdflib()
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    if not text.strip():
        raise DataError("empty query", path=label)
    _scan_for_refused(text, label)
    try:
        parsed = parseQuery(text)
    except ParseException as exc:
        reason = _SYNTAX_PLACE.sub("", str(exc))
        raise DataError(f"SPARQL syntax error: {reason}", path=label, line=exc.lineno,
                        column=exc.col) from None
    except Exception as exc:  # rdflib raises plain exceptions for some bad escapes
        raise DataError(f"SPARQL syntax error: {exc}", path=label) from None
    for node in _walk(parsed):
        name = getattr(node, "name", None)
        if name == "ServiceGraphPattern":
            raise QueryRefused(f"{label}: SERVICE (federated query) is refused")
        # CompValue.get returns the key itself for a missing key; ask the dict directly.
        if name in ("SelectQuery", "ConstructQuery", "AskQuery", "DescribeQuery") \
                and dict.get(node, "datasetClause"):
            raise QueryRefused(f"{label}: FROM / FROM NAMED is refused")
    declared = {str(dict.get(node, "prefix") or "") for node in _walk(parsed)
                if getattr(node, "name", None) == "PrefixDecl"}
    try:
        query = translateQuery(parsed, initNs={p: str(n) for p, n in PREFIXES.items()})
    except Exception as exc:  # unknown prefix, ungrouped variable …
        raise DataError(f"invalid query: {exc}", path=label) from None
    for node in _walk(query.algebra):
        if getattr(node, "name", None) == "ServiceGraphPattern":
            raise QueryRefused(f"{label}: SERVICE (federated query) is refused")
    form = {"SelectQuery": "select", "ConstructQuery": "construct", "AskQuery": "ask",
            "DescribeQuery": "describe"}.get(query.algebra.name, "select")
    return QueryShape(form=form, declared_prefixes=frozenset(declared))


def _from_rdflib(term) -> tuple | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ("iri", str(term))
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype else ""
        return ("literal", str(term), "" if datatype == str(XSD.string) else datatype,
                term.language or "")
    if isinstance(term, BNode):
        return ("bnode", str(term))
    return ("literal", str(term), "", "")


class RdflibEngine(Engine):
    """rdflib's own SPARQL engine over an rdflib graph (any local store)."""

    name = "rdflib"
    interruptible = True

    def __init__(self, graph: Graph):
        self.graph = graph

    def execute(self, text: str, form: str, limit: int, timeout: float) -> _Raw:
        _harden_rdflib()
        result = self.graph.query(text)
        if result.type == "ASK":
            return _Raw("ask", ["answer"], [(("literal", "true" if result.askAnswer else
                                              "false", str(XSD.boolean), ""),)])
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return _triples_raw(((_from_rdflib(s), _from_rdflib(p), _from_rdflib(o))
                                 for s, p, o in result.graph), limit)
        columns = [str(v) for v in result.vars]
        rows = []
        for row in result:
            if len(rows) == limit:
                return _Raw("select", columns, rows, truncated=True)
            rows.append(tuple(_from_rdflib(value) for value in row))
        return _Raw("select", columns, rows)


class RemoteEngine(Engine):
    """A SPARQL 1.1 endpoint, over the SPARQL 1.1 Protocol (HTTP POST, JSON results)."""

    name = "remote"
    remote = True

    def __init__(self, query_url: str):
        if not re.match(r"^https?://", query_url or ""):
            raise DataError(f"not an http(s) SPARQL endpoint URL: {query_url!r}")
        self.query_url = query_url

    def execute(self, text: str, form: str, limit: int, timeout: float) -> _Raw:
        # Imported here: urllib.request (http.client, email, ssl) is a tenth of argmap's start-up.
        import urllib.error
        import urllib.parse
        import urllib.request

        accept = ("application/n-triples, text/plain;q=0.5" if form in ("construct", "describe")
                  else "application/sparql-results+json")
        body = urllib.parse.urlencode({"query": text}).encode("utf-8")
        request = urllib.request.Request(self.query_url, data=body, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            "Accept": accept, "User-Agent": "argmap"})
        deadline = time.monotonic() + timeout
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                chunks = []
                while True:
                    chunk = response.read(1 << 16)
                    if not chunk:
                        break
                    chunks.append(chunk)
                    if time.monotonic() > deadline:
                        raise TimeoutError()
                payload = b"".join(chunks)
        except urllib.error.HTTPError as exc:
            detail = exc.read(2000).decode("utf-8", "replace").strip().splitlines()
            reason = detail[0] if detail else exc.reason
            raise DataError(f"the SPARQL endpoint {self.query_url} refused the query "
                            f"(HTTP {exc.code}): {reason}") from None
        except (TimeoutError, OSError) as exc:
            if isinstance(exc, TimeoutError) or "timed out" in str(exc):
                raise _timeout(timeout) from None
            reason = getattr(exc, "reason", exc)
            raise ArgmapError(f"cannot reach the SPARQL endpoint {self.query_url}: "
                              f"{reason}") from None
        if form in ("construct", "describe"):
            graph = Graph()
            try:
                graph.parse(data=payload.decode("utf-8"), format="nt")
            except Exception as exc:
                raise ArgmapError(f"the SPARQL endpoint sent unreadable triples: {exc}") from None
            return _triples_raw(((_from_rdflib(s), _from_rdflib(p), _from_rdflib(o))
                                 for s, p, o in graph), limit)
        try:
            document = json.loads(payload)
        except ValueError:
            raise ArgmapError("the SPARQL endpoint did not answer with SPARQL JSON results") \
                from None
        if "boolean" in document:
            return _Raw("ask", ["answer"], [(("literal", "true" if document["boolean"] else
                                              "false", str(XSD.boolean), ""),)])
        columns = list(document.get("head", {}).get("vars", []))
        bindings = document.get("results", {}).get("bindings", [])
        rows = [tuple(_from_json(b.get(name)) for name in columns) for b in bindings[:limit]]
        return _Raw("select", columns, rows, truncated=len(bindings) > limit)


def engine_for(source, engine: str | None = None) -> Engine:
    """The engine for *source*: an :class:`Engine`, an rdflib Graph or a pyoxigraph Store.

    *engine* forces ``oxigraph`` or ``rdflib`` for a local graph; by default a graph on a
    SPARQL endpoint is queried there and any other graph with the embedded Oxigraph engine.
    """
    if isinstance(source, Engine):
        return source
    if isinstance(source, Graph):
        if _is_remote(source):
            return RemoteEngine(source.store.query_endpoint)
        if engine == "rdflib":
            return RdflibEngine(source)
        if engine not in (None, "oxigraph"):
            raise DataError(f"unknown engine {engine!r} (oxigraph or rdflib)")
        return OxigraphEngine.from_graph(source)
    if type(source).__module__.startswith("pyoxigraph"):
        return OxigraphEngine(source)
    raise TypeError(f"cannot query {type(source).__name__}")


def _runs_in_oxigraph(source, engine: str | None = None) -> bool:
    """Whether :func:`engine_for` would give the embedded Oxigraph engine (without building it)."""
    if isinstance(source, Engine):
        return isinstance(source, OxigraphEngine)
    if isinstance(source, Graph):
        return engine in (None, "oxigraph") and not _is_remote(source)
    return type(source).__module__.startswith("pyoxigraph")


def _is_remote(graph: Graph) -> bool:
    """Whether *graph* lives on a SPARQL endpoint (rdflib's ``SPARQLStore``).

    Importing that module costs 50 ms (urllib.request, http.client, ssl); a store of that class
    exists only once it was imported, so an unimported module answers "no".
    """
    import sys

    module = sys.modules.get("rdflib.plugins.stores.sparqlstore")
    return module is not None and isinstance(graph.store, module.SPARQLStore)


# --- the two ways in ----------------------------------------------------------------------------

def run_named(source, name: str, params: Mapping[str, Any] | None = None, *,
              timeout: float = DEFAULT_TIMEOUT, limit: int = DEFAULT_LIMIT,
              engine: str | None = None, full_iris: bool = False,
              isolate: bool = False) -> QueryResult:
    """Run the named query *name* on *source* (graph, store or :class:`Engine`).

    *params* maps declared parameter names to values (strings as typed on the command line,
    or RDF terms); ``None`` leaves a parameter unbound, and a declared default applies when a
    parameter is not given at all.  Unknown parameters raise :class:`DataError`.  Named
    queries are ours and fast, so they run in this process (rdflib's engine still stops at
    *timeout*); *isolate* runs them in a worker process killed at *timeout*, as ad-hoc
    queries always are.
    """
    query = named_query(name)
    text = prepare_named(query, params)

    def answer() -> QueryResult:
        return run_checked(engine_for(source, engine), text, "select", limit=limit,
                           timeout=timeout, full_iris=full_iris, query=query, isolate=isolate)

    if isinstance(source, Graph) and _runs_in_oxigraph(source, engine):
        return _kept_answer(source, f"{limit}\0{full_iris}\0{text}", answer)
    return answer()


#: A named query's answer that took at least this long (seconds) on a graph read from a
#: file's parse-cache entry is kept in the entry, so the same question on the unchanged file
#: is answered from it.
KEEP_SECONDS = 0.2
#: ``ARGMAP_KEEP_SECONDS=S`` keeps the answers that took at least S seconds instead (``0``:
#: every answer); a value that is not a number is ignored.  The tests of the kept way use it
#: on maps small enough for CI.
KEEP_VARIABLE = "ARGMAP_KEEP_SECONDS"


def keep_seconds() -> float:
    """How long an answer must have taken to be kept: :data:`KEEP_VARIABLE`, else
    :data:`KEEP_SECONDS`."""
    setting = os.environ.get(KEEP_VARIABLE, "").strip()
    try:
        return max(0.0, float(setting)) if setting else KEEP_SECONDS
    except ValueError:
        return KEEP_SECONDS


def _kept_answer(graph: Graph, question: str, answer) -> QueryResult:
    """``answer()``, or the same answer kept in *graph*'s parse-cache entry.

    A whole-map listing (``actors``, ``sources``, ``one-sided`` …) costs Oxigraph seconds at
    100,000 claims whatever the SPARQL — its grouping alone is a few microseconds a row — and
    an analyst asks the same listing of the same file again and again.  The answer is kept with
    :func:`graph.cache.derived`, under a name made of the exact SPARQL text, row cap and IRI
    form (*question*), so it is served only for the same question, on the same file content,
    by the same argmap code; a graph changed in memory, or not read from an entry, is always
    asked.  Quick answers are not kept: reading them back would cost what asking costs.
    """
    import hashlib

    from .cache import derived

    spent = {}

    def timed() -> dict:
        start = time.perf_counter()  # wall time: a forked worker's CPU is not this process's
        result = answer()
        spent["seconds"] = time.perf_counter() - start
        return {"columns": result.columns, "rows": result.rows, "truncated": result.truncated,
                "limit": result.limit, "form": result.form, "engine": result.engine}

    name = f"answer-{hashlib.sha256(question.encode('utf-8')).hexdigest()[:24]}"
    threshold = keep_seconds()
    kept = derived(graph, name, timed, keep=lambda: spent["seconds"] >= threshold)
    # Read from the entry (nothing was timed) or kept now: the result says under which name.
    return QueryResult(**kept, kept=name if spent.get("seconds", threshold) >= threshold
                       else None)


def prepare_named(query: NamedQuery | str, params: Mapping[str, Any] | None = None) -> str:
    """The exact SPARQL text a named query runs with *params*: blocks chosen, values bound.

    What ``argmap query NAME --sparql`` prints, to paste into another SPARQL tool.
    """
    if isinstance(query, str):
        query = named_query(query)
    bindings = _bindings(query, params or {})
    bound = [name for name, value in bindings.items() if value is not None]
    return bind_values(select_blocks(query.text, bound), bindings)


def _bindings(query: NamedQuery, params: Mapping[str, Any]) -> dict[str, Any]:
    for given in params:
        query.parameter(given)  # raises for an unknown name
    bindings = {}
    for param in query.params:
        value = params[param.name] if param.name in params else param.default
        if value is None and param.required:
            raise DataError(f"query {query.name!r} needs the parameter {param.name!r} "
                            f"({param.help or param.describe_type()})")
        bindings[param.name] = param.coerce(value)
    return bindings


def prepare_sparql(text: str, params: Mapping[str, Any] | None = None, *,
                   label: str = "query", declared: NamedQuery | None = None) -> tuple[str, str]:
    """Check a user's SPARQL *text* and bind *params*: ``(final text, query form)``.

    :func:`check_query` refuses updates, ``FROM``, ``SERVICE`` and reports syntax errors with
    line and column (*label* names the text: a file name, or ``query``).  *params* are bound
    with ``VALUES`` (typed by the ``#+`` header of *declared*, else by :func:`coerce_untyped`);
    argmap's prefixes (``claim:``, ``am:`` …) are declared for the query.
    """
    return _prepare_sparql(text, params, label, declared, quick=False)


def _checked(text: str, label: str, quick: bool) -> QueryShape:
    """:func:`check_query`, or first :func:`_quick_check` when Oxigraph will run the query."""
    return (quick and _quick_check(text, label)) or check_query(text, label)


def _prepare_sparql(text: str, params: Mapping[str, Any] | None, label: str,
                    declared: NamedQuery | None, quick: bool) -> tuple[str, str]:
    shape = _checked(text, label, quick)
    bindings = {}
    for name, value in (params or {}).items():
        if not _PARAM_NAME.match(name):
            raise DataError(f"{name!r} is not a SPARQL variable name")
        if declared is not None and any(p.name == name for p in declared.params):
            bindings[name] = declared.parameter(name).coerce(value)
        elif isinstance(value, (URIRef, Literal)):
            bindings[name] = validate_term(value)
        else:
            bindings[name] = coerce_untyped(str(value))
    if declared is not None:
        for param in declared.params:
            if param.name not in bindings and param.default is not None:
                bindings[param.name] = param.coerce(param.default)
    try:
        if declared is not None:
            selected = select_blocks(text, [n for n, v in bindings.items() if v is not None])
            if selected != text:  # check what will run, not only what was written
                shape = _checked(selected, label, quick)
                text = selected
        bound = bind_values(text, bindings)
    except DataError as exc:
        raise DataError(exc.message, path=label, line=exc.line) from None
    return _with_prefixes(bound, shape.declared_prefixes), shape.form


def run_sparql(source, text: str, params: Mapping[str, Any] | None = None, *,
               label: str = "query", timeout: float = DEFAULT_TIMEOUT,
               limit: int = DEFAULT_LIMIT, engine: str | None = None,
               declared: NamedQuery | None = None, full_iris: bool = False) -> QueryResult:
    """Run a user's SPARQL *text*, read-only, with a time limit and a row cap.

    The text is checked and bound by :func:`prepare_sparql` (for the embedded Oxigraph engine
    by the quicker :func:`_quick_check` where it can decide); local engines run it in a forked
    worker killed after *timeout* seconds, a remote endpoint under an HTTP time limit.
    """
    final, form = _prepare_sparql(text, params, label, declared,
                                  quick=_runs_in_oxigraph(source, engine))
    return run_checked(engine_for(source, engine), final, form, limit=limit, timeout=timeout,
                       full_iris=full_iris, query=declared)


# --- what the commands ask ----------------------------------------------------------------------

def _given(**params) -> dict:
    return {name: value for name, value in params.items() if value is not None}


def list_claims(source, *, actor=None, group=None, topic=None, attacked: bool | None = None,
                unsourced: bool = False, reviewed: bool = False, search: str | None = None,
                since=None, until=None, limit: int = DEFAULT_LIMIT,
                timeout: float = DEFAULT_TIMEOUT, engine: str | None = None) -> QueryResult:
    """Claims, with topics, asserting actors, counts of assertions, sources and attacks.

    Filters combine with AND: asserted by *actor*; by *group* or one of its members; about
    *topic*; *attacked* True/False (targeted by an attack or not); *unsourced* (no assertion
    ties it to a source); *reviewed* (a fact-check review of it or of one of its assertions);
    *search* (case-insensitive, in label and text); asserted between *since* and *until*.
    """
    return run_named(source, "claims", _given(
        actor=actor, group=group, topic=topic, attacked=attacked,
        unsourced=True if unsourced else None, reviewed=True if reviewed else None,
        search=search or None, since=since, until=until), limit=limit, timeout=timeout,
        engine=engine)


def list_actors(source, *, group=None, kind=None, limit: int = DEFAULT_LIMIT,
                timeout: float = DEFAULT_TIMEOUT, engine: str | None = None) -> QueryResult:
    """Actors with kind, country, groups and how many claims they asserted."""
    return run_named(source, "actors", _given(group=group, kind=kind), limit=limit,
                     timeout=timeout, engine=engine)


def list_sources(source, *, kind=None, limit: int = DEFAULT_LIMIT,
                 timeout: float = DEFAULT_TIMEOUT, engine: str | None = None) -> QueryResult:
    """Sources with kind, publisher, date, identifiers, URLs and how often they are cited."""
    return run_named(source, "sources", _given(kind=kind), limit=limit, timeout=timeout,
                     engine=engine)


def timeline(source, *, actor=None, since=None, until=None, limit: int = DEFAULT_LIMIT,
             timeout: float = DEFAULT_TIMEOUT, engine: str | None = None) -> QueryResult:
    """Assertions and events in date order (an actor's only, with *actor*)."""
    return run_named(source, "timeline", _given(actor=actor, since=since, until=until),
                     limit=limit, timeout=timeout, engine=engine)


def rebuttal_tree(source, claim, depth: int = 3, *, timeout: float = DEFAULT_TIMEOUT,
                  engine: str | None = None) -> QueryResult:
    """The attacks on *claim*, the attacks on those attackers, … down to *depth* levels.

    Each row is one attack: ``depth`` (1 = attacks *claim* itself), the attacked ``target``,
    the ``attacker`` claim and its label, the ``kind`` (rebut / undermine / undercut — an
    undercut attacks a support of the target, named in ``support``), who stated it (``by``)
    and where (``sources``).  Rows are in depth-first order, so ``tree`` reads as an indented
    outline; an attacker already on the path above is shown once more, marked ``(cycle)``,
    and not expanded again.  One query per expanded claim: O(rows) queries.
    """
    if depth < 1:
        raise DataError("depth must be at least 1")
    runner = engine_for(source, engine)
    start = Parameter("claim", "iri", "claim").coerce(claim)
    rows: list[dict] = []

    def expand(target: URIRef, level: int, path: tuple[str, ...]) -> None:
        attacks = run_named(runner, "rebuttals", {"claim": target}, timeout=timeout).rows
        for attack in attacks:
            cycle = attack["attacker"] in path
            label = attack.get("attacker_label") or attack["attacker"]
            rows.append({
                "depth": level,
                "tree": "  " * (level - 1) + "└ " + label + (" (cycle)" if cycle else ""),
                "attacker": attack["attacker"], "kind": attack["kind"],
                "target": _compact(str(target)), "support": attack.get("support"),
                "by": attack["by"], "sources": attack["sources"], "attack": attack["attack"],
            })
            if level < depth and not cycle:
                expand(expand_id(attack["attacker"]), level + 1,
                       path + (attack["attacker"],))

    expand(start, 1, (_compact(str(start)),))
    columns = ["depth", "tree", "attacker", "kind", "target", "support", "by", "sources",
               "attack"]
    return QueryResult(columns=columns, rows=rows, engine=runner.name)


_NODE_FIELDS = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": "type",
    "http://www.w3.org/2000/01/rdf-schema#label": "label",
    "http://www.w3.org/2000/01/rdf-schema#comment": "comment",
    "https://w3id.org/argmap/ns#text": "text",
    "http://xmlns.com/foaf/0.1/name": "name",
    "http://purl.org/dc/terms/title": "title",
    "http://www.w3.org/2004/02/skos/core#prefLabel": "label",
}


def describe(source, node, *, timeout: float = DEFAULT_TIMEOUT,
             engine: str | None = None) -> dict:
    """The card of a claim, actor, source or any other node, as a dict of sections.

    Every card has ``id``, ``kind`` and ``properties`` (each predicate with its values, in
    predicate order).  A claim adds ``assertions`` (who said it, where, when, the exact
    quote), ``relations`` (supports and attacks in both directions, undercuts included),
    ``reviews`` and ``sources`` (with identifiers and URLs); an actor adds ``memberships``,
    ``members``, ``positions`` and ``assertions``; a source adds ``cited_by``.  A claim's
    ``status`` comes from :func:`graph.semantics.claim_status` when that is available.
    """
    runner = engine_for(source, engine)
    iri = validate_term(node if isinstance(node, URIRef) else expand_id(str(node)))

    def ask(name: str, **params) -> list[dict]:
        return run_named(runner, name, params, timeout=timeout).rows

    properties = ask("node", node=iri)
    if not properties:
        raise NotFoundError(f"no node {_compact(str(iri))!r} in the graph")
    types = sorted({row["value"] for row in properties if row["property"] == "rdf:type"})
    card: dict[str, Any] = {"id": _compact(str(iri)), "kind": _kind_of(iri, types)}
    for row in properties:
        name = _NODE_FIELDS.get(_expand_compact(row["property"]))
        if name and name != "type" and name not in card:
            card[name] = row["value"]
    card["types"] = types
    card["properties"] = [{"property": row["property"], "value": row["value"],
                           "lang": row.get("lang") or None} for row in properties]
    kind = card["kind"]
    if kind == "claim":
        card["status"] = _claim_status(source, iri)
        card["assertions"] = ask("assertions", claim=iri)
        card["relations"] = ask("relations", claim=iri)
        card["reviews"] = ask("reviews", target=iri)
        card["sources"] = ask("claim-sources", claim=iri)
    elif kind == "actor":
        card["memberships"] = ask("memberships", actor=iri)
        card["members"] = ask("memberships", group=iri)
        card["positions"] = ask("positions", actor=iri)
        card["assertions"] = ask("assertions", actor=iri)
    elif kind == "source":
        card["cited_by"] = ask("citing", source=iri)
    else:
        card["referenced_by"] = ask("referrers", node=iri)
    return card


def _expand_compact(value: str) -> str:
    if ":" in value and value.split(":", 1)[0] in PREFIXES:
        prefix, local = value.split(":", 1)
        return str(PREFIXES[prefix]) + local
    return value


def _kind_of(iri: URIRef, types: Sequence[str]) -> str:
    value = str(iri)
    if value.startswith(str(BMS)):
        segment = value[len(str(BMS)):].split("/", 1)[0]
        if segment in KIND_SEGMENTS:
            return segment
    names = {t.split(":", 1)[-1] for t in types}
    if names & {"Claim", "Proposal"}:
        return "claim"
    if names & {"Person", "Organisation", "PoliticalGroup", "Institution"}:
        return "actor"
    if "Source" in names or names & {k.split("#")[-1] for k in map(str, SOURCE_KINDS.values())}:
        return "source"
    return "node"


def _claim_status(source, iri: URIRef) -> str | None:
    """The claim's acceptance status from graph.semantics, if that module provides it."""
    if not isinstance(source, Graph):
        return None
    try:
        from . import semantics
    except ImportError:
        return None
    claim_status = getattr(semantics, "claim_status", None)
    if claim_status is None:
        return None
    from .cache import derived

    def every_status() -> str:
        # One "\nIRI\tstatus" line per claim: kept as one string, a card finds its claim with
        # one str.find, where a 100,000-key JSON object took 0.15 s to load.
        status = claim_status(source)
        if not isinstance(status, Mapping):
            return ""
        return "".join(f"\n{node}\t{getattr(value, 'value', value)}"
                       for node, value in status.items() if value is not None) + "\n"

    try:
        # Every claim's status: whole-debate work, kept for the next card of the same file.
        lines = derived(source, "claim-status", every_status)
    except Exception:  # a status line is a courtesy; the card must still print
        return None
    needle = f"\n{iri}\t"  # IRIs hold no tab or line break
    start = lines.find(needle)
    if start == -1:
        return None
    start += len(needle)
    return lines[start:lines.index("\n", start)]
