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

import contextlib
import datetime as _dt
import functools
import json
import os
import re
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from .errors import ArgmapError, DataError, NotFoundError
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
    "TYPES",
]

#: Seconds a query may run before it is stopped.
DEFAULT_TIMEOUT = 10.0
#: Rows returned at most; the result says when it was cut.
DEFAULT_LIMIT = 10_000
#: Where the named queries live.
QUERY_DIR = Path(__file__).with_name("queries")
#: Separator of ``GROUP_CONCAT`` in named queries: a tab (written ``"\\t"`` in SPARQL, a
#: standard escape every engine reads alike).  List columns hold IRIs, names and quotes, none
#: of which contains a tab.
LIST_SEPARATOR = "\t"

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


class QueryRefused(ArgmapError):
    """A query that is not a read-only question about the map (update, FROM, SERVICE …)."""


class QueryTimeout(ArgmapError):
    """A query that ran past its time limit and was stopped."""


# --- terms ----------------------------------------------------------------------------------

#: An absolute IRI with no character that could end an IRIREF or start SPARQL syntax.
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|^`\\\x7f]*$")
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


# --- lexing SPARQL ----------------------------------------------------------------------------

_TOKEN_PATTERN = (r'''
  (?P<ws>\s+)
| (?P<comment>\#[^\n\r]*)
| (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
            |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
| (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
| (?P<var>[?$]\w+)
| (?P<word>(?:[^\W\d][\w\-.]*)?:[\w\-.:%]*|[^\W\d][\w\-]*)
| (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
| (?P<other>.)
''')


@functools.lru_cache(maxsize=1)
def _token_regex() -> re.Pattern:
    # Compiled on first use: the Unicode classes take a while to compile.
    return re.compile(_TOKEN_PATTERN, re.X | re.S)

_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "COPY", "MOVE", "ADD",
                 "WITH", "USING"}
_QUERY_FORMS = {"SELECT", "CONSTRUCT", "ASK", "DESCRIBE"}


@dataclass(frozen=True)
class _Token:
    kind: str
    value: str
    start: int
    end: int


def _tokens(text: str) -> list[_Token]:
    """The significant tokens of SPARQL *text* (comments and white space dropped)."""
    tokens = []
    for match in _token_regex().finditer(text):
        kind = match.lastgroup
        if kind in ("ws", "comment"):
            continue
        tokens.append(_Token(kind, match.group(), match.start(), match.end()))
    return tokens


def _place(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _scan_for_refused(text: str, label: str) -> None:
    """Refuse update keywords, FROM and SERVICE anywhere outside strings, IRIs and comments."""
    if re.search(r"\\[uU]", text):
        offset = re.search(r"\\[uU]", text).start()
        line, column = _place(text, offset)
        raise QueryRefused(str(DataError(
            "\\u escapes are not accepted (SPARQL engines expand them differently); "
            "type the character itself", path=label, line=line, column=column)))
    for token in _tokens(text):
        if token.kind != "word":
            continue
        word = token.value.upper()
        line, column = _place(text, token.start)
        if word == "SERVICE":
            message = ("SERVICE (federated query) is refused: argmap query reads only the map "
                       "it was given")
        elif word == "FROM":
            message = ("FROM / FROM NAMED is refused: the query runs on the map it was given, "
                       "not on documents it names")
        elif word in _UPDATE_WORDS:
            message = (f"{word} is SPARQL Update; argmap query is read-only (INSERT, DELETE, "
                       "LOAD, CLEAR, DROP, CREATE, COPY, MOVE, ADD are refused)")
        else:
            continue
        raise QueryRefused(str(DataError(message, path=label, line=line, column=column)))


def _query_form(tokens: Sequence[_Token]) -> tuple[str, int]:
    """The query form (SELECT …) and the index of its token, after BASE / PREFIX lines."""
    index = 0
    while index < len(tokens):
        word = tokens[index].value.upper() if tokens[index].kind == "word" else ""
        if word == "BASE":
            index += 2
        elif word == "PREFIX":
            index += 3
        elif word in _QUERY_FORMS:
            return word, index
        else:
            break
    return "", index


def _matching_brace(tokens: Sequence[_Token], open_index: int) -> int:
    depth = 0
    for index in range(open_index, len(tokens)):
        if tokens[index].value == "{":
            depth += 1
        elif tokens[index].value == "}":
            depth -= 1
            if depth == 0:
                return index
    raise DataError("unbalanced braces in the query")


def _where_braces(tokens: Sequence[_Token]) -> tuple[str, int, int]:
    """The query form and the token indexes of its WHERE group's ``{`` and ``}``."""
    form, index = _query_form(tokens)
    if not form:
        raise DataError("not a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    index += 1
    if form == "CONSTRUCT":
        if index < len(tokens) and tokens[index].value == "{":
            index = _matching_brace(tokens, index) + 1
        else:
            raise DataError("parameters need the long form CONSTRUCT { … } WHERE { … }")
    parens = 0
    for position in range(index, len(tokens)):
        value = tokens[position].value
        if value == "(":
            parens += 1
        elif value == ")":
            parens -= 1
        elif value == "{" and parens == 0:
            return form, position, _matching_brace(tokens, position)
    raise DataError(f"this {form} query has no WHERE group to bind parameters in")


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

@dataclass(frozen=True)
class QueryShape:
    """What :func:`check_query` learnt: the query form and the prefixes it declares."""

    form: str
    declared_prefixes: frozenset[str]


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


#: Where these letters occur anywhere in an ad-hoc query — in a keyword, a name, a string, a
#: comment — the quick check below does not decide and rdflib's parser checks the query too.
_NEEDS_PARSE_TREE = re.compile(r"service|from", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _empty_store():
    import pyoxigraph as ox

    return ox.Store()


def _quick_check(text: str, label: str) -> QueryShape | None:
    """:func:`check_query` for a query the embedded Oxigraph engine runs, without rdflib's parser.

    Importing rdflib's SPARQL parser and parsing take a quarter of a second, most of a repeated
    ``argmap query`` on a cached file.  For the Oxigraph engine the parse tree guards against one
    thing the token scan already refuses: ``SERVICE`` (Oxigraph's ``query`` cannot update, and
    ``FROM`` only names graphs of the store, though argmap refuses it too).  So the second layer
    here is independent of any lexer: a text in which the letters ``service`` and ``from``
    appear nowhere, in any case, cannot hold those keywords however a parser reads it (``\\u``
    escapes, the only way to spell them otherwise, are refused by the scan).  Such a text is
    parsed by Oxigraph's own parser — on an empty store, without iterating, so nothing is
    evaluated — and its form and declared prefixes are read from the tokens.

    Returns None when the full check must decide: the letters occur, the form is not found, or
    Oxigraph reports an error (rdflib's parser then gives the same message, with line and
    column, that argmap always gave).  Refusals of the token scan are raised as they are.
    """
    if not text.strip():
        raise DataError("empty query", path=label)
    _scan_for_refused(text, label)
    if _NEEDS_PARSE_TREE.search(text):
        return None
    tokens = _tokens(text)
    form, _ = _query_form(tokens)
    if not form:
        return None
    declared = set()
    for index, token in enumerate(tokens[:-1]):
        if token.kind == "word" and token.value.upper() == "PREFIX" \
                and tokens[index + 1].value.endswith(":"):
            declared.add(tokens[index + 1].value[:-1])
    try:
        result = _empty_store().query(_with_prefixes(text, declared))
    except Exception:  # noqa: BLE001 - SyntaxError mostly; the full check explains any of them
        return None
    del result  # never iterated: an unevaluated iterator over an empty store
    return QueryShape(form=form.lower(), declared_prefixes=frozenset(declared))


def _with_prefixes(text: str, declared: Iterable[str] = ()) -> str:
    """*text* preceded, on one line, by argmap's prefixes that it does not declare itself."""
    declared = set(declared)
    prologue = " ".join(f"PREFIX {p}: <{n}>" for p, n in PREFIXES.items() if p not in declared)
    return prologue + "\n" + text if prologue else text


# --- results ----------------------------------------------------------------------------------

@dataclass
class QueryResult:
    """Rows of plain values (str, int, float, bool, None, or sorted lists for list columns).

    ``truncated`` is True when the row cap cut the answer; ``form`` is ``select``, ``ask``
    (one row ``{"answer": bool}``) or ``construct`` (rows of subject, predicate, object).
    """

    columns: list[str]
    rows: list[dict]
    truncated: bool = False
    limit: int | None = None
    form: str = "select"
    engine: str = ""


# Terms cross process boundaries as plain tuples: ("iri", value) / ("literal", lexical,
# datatype or "", language or "") / ("bnode", id).
_INTEGER_TYPES = {str(XSD[n]) for n in ("integer", "int", "long", "short", "byte",
                                         "nonNegativeInteger", "positiveInteger",
                                         "nonPositiveInteger", "negativeInteger",
                                         "unsignedLong", "unsignedInt", "unsignedShort",
                                         "unsignedByte")}
_FLOAT_TYPES = {str(XSD.decimal), str(XSD.double), str(XSD.float)}
_BOOLEAN = str(XSD.boolean)


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


_PLAIN_DATATYPES = (str(XSD.string), "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")


def _from_oxigraph(term) -> tuple | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value if term.datatype is not None else ""
        if datatype in _PLAIN_DATATYPES:
            datatype = ""
        return ("literal", term.value, datatype, term.language or "")
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value)
    return ("literal", str(term), "", "")


def _oxigraph_rows(solutions, width: int, limit: int) -> tuple[list[tuple], bool]:
    """Rows of plain tuples from Oxigraph's *solutions*, at most *limit*; ``(rows, cut)``.

    A whole-map listing repeats the same terms in many rows (a kind, a publisher, a group), so
    each distinct term is converted once: Oxigraph's terms hash and compare in Rust, and a
    solution is read as a sequence rather than by name.  Twice as fast as converting each value
    of each row (10,000 rows of ``sources`` at 100,000 claims).
    """
    converted: dict = {None: None}
    known = converted.get
    rows = []
    for solution in solutions:
        if len(rows) == limit:
            return rows, True
        row = []
        for term in solution:
            value = known(term, converted)
            if value is converted:
                value = converted[term] = _from_oxigraph(term)
            row.append(value)
        rows.append(tuple(row) if len(row) == width else tuple(row) + (None,) * (width - len(row)))
    return rows, False


def _from_json(binding: dict | None) -> tuple | None:
    if not binding:
        return None
    kind = binding.get("type")
    if kind == "uri":
        return ("iri", binding["value"])
    if kind == "bnode":
        return ("bnode", binding["value"])
    datatype = binding.get("datatype", "")
    if datatype in _PLAIN_DATATYPES:
        datatype = ""
    return ("literal", binding.get("value", ""), datatype, binding.get("xml:lang", ""))


def _plain(term: tuple | None, full_iris: bool = False):
    if term is None:
        return None
    if term[0] == "iri":
        return term[1] if full_iris else _compact(term[1])
    if term[0] == "bnode":
        return f"_:{term[1]}"
    _, lexical, datatype, _lang = term
    if datatype in _INTEGER_TYPES and re.match(r"^[+-]?\d+$", lexical.strip()):
        return int(lexical)
    if datatype in _FLOAT_TYPES:
        with contextlib.suppress(ValueError):
            return float(lexical)
    if datatype == _BOOLEAN and lexical in ("true", "false", "1", "0"):
        return lexical in ("true", "1")
    return lexical


@dataclass
class _Raw:
    form: str
    columns: list[str]
    rows: list[tuple]
    truncated: bool = False


# --- ORDER BY in Python --------------------------------------------------------------------------
#
# Oxigraph 0.5 sorts solutions by comparing terms through its string table: 2 s for 100,000 rows
# in memory, 13 s on a cache entry's on-disk store (a third of the `one-sided` listing at
# 100,000 claims), where Python sorts the same strings in 0.05 s.  So a SELECT whose ORDER BY
# keys are plain variables or STR() of them runs without it and its rows are sorted here, with
# SPARQL's order for the values met: unbound first, then IRIs, then simple literals, each by
# code point (Oxigraph compares strings as UTF-8 bytes: the same order).  Values whose order is
# the engine's own business — typed or tagged literals under a bare variable, blank nodes —
# send the query back to the engine with its ORDER BY.  Both sorts are stable over the same
# unordered stream, so ties come out alike.


@dataclass(frozen=True)
class _Ordering:
    """A SELECT's final ``ORDER BY``, taken out of its text to be done in Python.

    *keys* are ``(variable, as_string, descending)``: ``?v``, ``STR(?v)``, ``ASC(…)``,
    ``DESC(…)``.
    """

    text: str
    keys: tuple[tuple[str, bool, bool], ...]

    def sort(self, columns: Sequence[str], rows: list[tuple]) -> list[tuple] | None:
        """*rows* in the order the ``ORDER BY`` gives, or None when Python cannot be sure of
        SPARQL's order for these values (the engine must sort them).  O(k · n log n)."""
        position = {name: index for index, name in enumerate(columns)}
        ordered = rows
        for variable, as_string, descending in reversed(self.keys):
            index = position.get(variable)
            if index is None:
                return None
            keys = []
            for row in ordered:
                term = row[index]
                if term is None:
                    keys.append((0, ""))
                elif as_string:  # STR() of a blank node is an error: it sorts as unbound
                    keys.append((0, "") if term[0] == "bnode" else (1, term[1]))
                elif term[0] == "iri":
                    keys.append((1, term[1]))
                elif term[0] == "literal" and not term[2] and not term[3]:
                    keys.append((2, term[1]))
                else:
                    return None
            order = sorted(range(len(ordered)), key=keys.__getitem__, reverse=descending)
            ordered = [ordered[i] for i in order]
        return ordered


def _python_ordering(text: str) -> _Ordering | None:
    """The :class:`_Ordering` of SELECT *text*, or None when the engine must keep its ORDER BY:
    no ORDER BY, a key that is an expression, a key not projected, LIMIT or OFFSET (which
    apply to the sorted rows), or text this scan does not follow."""
    try:
        tokens = _tokens(text)
        form, open_index, close_index = _where_braces(tokens)
    except DataError:
        return None
    if form != "SELECT":
        return None
    select_index = _query_form(tokens)[1]
    projected, star, parens = set(), False, 0
    for position in range(select_index + 1, open_index):
        token = tokens[position]
        parens += (token.value == "(") - (token.value == ")")
        if token.value == "*" and parens == 0:
            star = True
        elif token.kind == "var" and (parens == 0 or tokens[position - 1].value.upper() == "AS"):
            projected.add(token.value[1:])
    start = None
    depth = 0
    for position in range(close_index + 1, len(tokens) - 1):
        token = tokens[position]
        depth += (token.value in "({") - (token.value in ")}") if token.kind == "other" else 0
        if depth == 0 and token.kind == "word" and token.value.upper() == "ORDER" \
                and tokens[position + 1].value.upper() == "BY":
            start = position
            break
    if start is None:
        return None
    keys, position = [], start + 2
    while position < len(tokens):
        token, word = tokens[position], tokens[position].value.upper()
        if token.kind == "word" and word in ("LIMIT", "OFFSET"):
            return None
        if token.kind == "word" and word == "VALUES":
            break
        descending = False
        end = position
        if token.kind == "word" and word in ("ASC", "DESC"):
            descending = word == "DESC"
            end += 1
            if end >= len(tokens) or tokens[end].value != "(":
                return None
            key = _ordering_key(tokens, end + 1)
            if key is None or key[1] >= len(tokens) or tokens[key[1]].value != ")":
                return None
            (variable, as_string), end = key[0], key[1] + 1
        else:
            key = _ordering_key(tokens, position)
            if key is None:
                return None
            (variable, as_string), end = key
        if not star and variable not in projected:
            return None
        keys.append((variable, as_string, descending))
        position = end
    if not keys:
        return None
    after = tokens[position].start if position < len(tokens) else len(text)
    return _Ordering(text[:tokens[start].start] + text[after:], tuple(keys))


def _ordering_key(tokens: Sequence[_Token], position: int):
    """``((variable, as_string), next index)`` for ``?v`` or ``STR(?v)`` at *position*."""
    if position < len(tokens) and tokens[position].kind == "var":
        return (tokens[position].value[1:], False), position + 1
    if position + 3 < len(tokens) and tokens[position].kind == "word" \
            and tokens[position].value.upper() == "STR" and tokens[position + 1].value == "(" \
            and tokens[position + 2].kind == "var" and tokens[position + 3].value == ")":
        return (tokens[position + 2].value[1:], True), position + 4
    return None


# --- engines ----------------------------------------------------------------------------------

class Engine:
    """Where a query runs.  ``execute`` takes final SPARQL text (prefixes included)."""

    name = "engine"
    remote = False

    def execute(self, text: str, form: str, limit: int, timeout: float) -> _Raw:
        raise NotImplementedError


class RdflibEngine(Engine):
    """rdflib's own SPARQL engine over an rdflib graph (any local store)."""

    name = "rdflib"

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


class OxigraphEngine(Engine):
    """The embedded Oxigraph engine (pyoxigraph) over an in-memory or oxrdflib store."""

    name = "oxigraph"

    def __init__(self, store):
        self.store = store

    @classmethod
    def from_graph(cls, graph: Graph) -> "OxigraphEngine":
        """Query *graph* with Oxigraph: in place if oxrdflib holds it, else a copy."""
        inner = getattr(graph.store, "_inner", None)
        if inner is not None and type(inner).__module__.startswith("pyoxigraph"):
            return cls(inner)
        import pyoxigraph as ox

        cache: dict = {}

        def convert(term):
            # Predicates and datatypes repeat; convert each distinct term once.
            found = cache.get(term)
            if found is None:
                if isinstance(term, URIRef):
                    found = ox.NamedNode(term)
                elif isinstance(term, Literal):
                    found = ox.Literal(term, language=term.language,
                                       datatype=ox.NamedNode(term.datatype)
                                       if term.datatype else None)
                else:
                    found = ox.BlankNode(str(term))
                if len(cache) < 200_000:
                    cache[term] = found
            return found

        store = ox.Store()
        store.bulk_extend(ox.Quad(convert(s), convert(p), convert(o)) for s, p, o in graph)
        return cls(store)

    def execute(self, text: str, form: str, limit: int, timeout: float) -> _Raw:
        ordering = _python_ordering(text) if form == "select" else None
        result = self._query(ordering.text if ordering else text)
        import pyoxigraph as ox

        if isinstance(result, ox.QueryBoolean):
            return _Raw("ask", ["answer"], [(("literal", "true" if bool(result) else "false",
                                              str(XSD.boolean), ""),)])
        if isinstance(result, ox.QueryTriples):
            return _triples_raw(((_from_oxigraph(t.subject), _from_oxigraph(t.predicate),
                                  _from_oxigraph(t.object)) for t in result), limit)
        columns = [variable.value for variable in result.variables]
        if ordering is not None:
            rows = ordering.sort(columns, _oxigraph_rows(result, len(columns), None)[0])
            if rows is not None:
                return _Raw("select", columns, rows[:limit], truncated=len(rows) > limit)
            result = self._query(text)  # values only the engine knows how to order
        rows, truncated = _oxigraph_rows(result, len(columns), limit)
        return _Raw("select", columns, rows, truncated=truncated)

    def _query(self, text: str):
        try:
            return self.store.query(text)
        except SyntaxError as exc:
            raise DataError(f"SPARQL syntax error: {exc}") from None
        except OSError as exc:
            raise ArgmapError(f"query failed: {exc}") from None


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


def _triples_raw(triples: Iterable[tuple], limit: int) -> _Raw:
    rows = sorted(triples, key=lambda t: tuple(x[1] if x else "" for x in t))
    return _Raw("construct", ["subject", "predicate", "object"], rows[:limit],
                truncated=len(rows) > limit)


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


# --- running with a time limit ----------------------------------------------------------------

def _timeout(seconds: float) -> QueryTimeout:
    return QueryTimeout(f"the query ran longer than the {seconds:g} s time limit and was "
                        "stopped; narrow it, or raise the limit with --timeout")


@contextlib.contextmanager
def _alarm(seconds: float):
    """Raise :class:`QueryTimeout` in this (main) thread after *seconds* of pure-Python work."""
    if (threading.current_thread() is not threading.main_thread()
            or not hasattr(signal, "setitimer") or seconds <= 0):
        yield
        return

    def on_alarm(signum, frame):
        raise _timeout(seconds)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _child(connection, engine: Engine, text: str, form: str, limit: int, timeout: float) -> None:
    try:
        connection.send(("ok", engine.execute(text, form, limit, timeout)))
    except ArgmapError as exc:
        connection.send(("error", type(exc).__name__, str(exc)))
    except BaseException as exc:  # report, never hang the parent
        connection.send(("error", "ArgmapError", f"query failed: {exc}"))
    finally:
        connection.close()


def _forked(engine: Engine, text: str, form: str, limit: int, timeout: float) -> _Raw:
    """Run in a forked copy of this process, killed when *timeout* passes."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_child, args=(sender, engine, text, form, limit, timeout),
                             daemon=True)
    worker.start()
    sender.close()
    try:
        if not receiver.poll(timeout if timeout > 0 else None):
            raise _timeout(timeout)
        try:
            message = receiver.recv()
        except EOFError:
            raise ArgmapError("the query engine stopped unexpectedly") from None
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join()
        receiver.close()
    if message[0] == "ok":
        return message[1]
    error_class = {"QueryTimeout": QueryTimeout, "QueryRefused": QueryRefused,
                   "DataError": ArgmapError, "NotFoundError": NotFoundError}.get(message[1],
                                                                                 ArgmapError)
    raise error_class(message[2])


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _execute(engine: Engine, text: str, form: str, limit: int, timeout: float,
             isolate: bool) -> _Raw:
    if engine.remote:
        return engine.execute(text, form, limit, timeout)
    if isolate and timeout > 0 and _can_fork():
        return _forked(engine, text, form, limit, timeout)
    if isinstance(engine, RdflibEngine):  # pure Python: a signal can stop it cheaply
        with _alarm(timeout):
            return engine.execute(text, form, limit, timeout)
    return engine.execute(text, form, limit, timeout)


def _result(raw: _Raw, limit: int, query: NamedQuery | None = None, full_iris: bool = False,
            engine: str = "") -> QueryResult:
    lists = set(query.lists) if query else set()
    rename = dict(query.rename) if query else {}
    columns = [rename.get(name, name) for name in raw.columns]
    # Plain values of the terms seen so far, one table per column (a list column and a plain
    # one give the same term different values).  Lists are copied out so rows never share one.
    seen: list[dict] = [{} for _ in columns]
    listed = [name in lists for name in raw.columns]
    rows = []
    for values in raw.rows:
        row = {}
        for column, term, known, is_list in zip(columns, values, seen, listed):
            try:
                value = known[term]
            except KeyError:
                value = known[term] = _plain_value(term, full_iris, is_list)
            row[column] = list(value) if is_list else value
        rows.append(row)
    return QueryResult(columns=columns, rows=rows, truncated=raw.truncated,
                       limit=limit, form=raw.form, engine=engine)


def _plain_value(term: tuple | None, full_iris: bool, is_list: bool):
    """The value of *term* in a row: :func:`_plain`, split into a sorted list for a list column."""
    value = _plain(term, full_iris)
    if not is_list:
        return value
    items = [] if value in (None, "") else str(value).split(LIST_SEPARATOR)
    return sorted({_compact_if_iri(item, full_iris) for item in items if item})


def _compact_if_iri(item: str, full_iris: bool) -> str:
    return item if full_iris or not _IRI.match(item) else _compact(item)


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
        runner = engine_for(source, engine)
        raw = _execute(runner, text, "select", limit, timeout, isolate=isolate)
        return _result(raw, limit, query, full_iris, runner.name)

    if isinstance(source, Graph) and _runs_in_oxigraph(source, engine):
        return _kept_answer(source, f"{limit}\0{full_iris}\0{text}", answer)
    return answer()


#: A named query's answer that took at least this long (seconds) on a graph read from a
#: file's parse-cache entry is kept in the entry, so the same question on the unchanged file
#: is answered from it.
KEEP_SECONDS = 0.2


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

    key = hashlib.sha256(question.encode("utf-8")).hexdigest()[:24]
    kept = derived(graph, f"answer-{key}", timed,
                   keep=lambda: spent.get("seconds", 0.0) >= KEEP_SECONDS)
    return QueryResult(**kept)


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
    runner = engine_for(source, engine)
    raw = _execute(runner, final, form, limit, timeout, isolate=True)
    return _result(raw, limit, declared, full_iris, runner.name)


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
