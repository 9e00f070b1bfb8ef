"""SPARQL on an Oxigraph store without rdflib: the checks, the run, the rows.

The parts of :mod:`graph.query` that never touch an rdflib object, apart so that importing
them imports no rdflib (a sixth of a second, half of a repeated ``argmap query``): the token
scan that refuses updates, ``FROM`` and ``SERVICE`` (:func:`_scan_for_refused`), the quick
check by Oxigraph's own parser (:func:`_quick_check`), argmap's prefixes put before a query,
the forked worker that enforces the time limit, the embedded Oxigraph engine, and the
conversion of its answers into the plain rows every command prints.  :mod:`graph.query`
imports all of it and adds rdflib's parser, named queries, parameters and the other engines.

:func:`run_on_store` is the whole of an ad-hoc query on a ``pyoxigraph.Store``; ``argmap
query`` uses it on a cache entry's store (:func:`graph.cache.cached_store`), so that a
repeated question on a big unchanged file never imports rdflib.  It answers only when the
quick check decides; otherwise (None) the caller takes :func:`graph.query.run_sparql`'s way,
whose full check gives the message a user always got.

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> store.add(ox.Quad(ox.NamedNode("https://w3id.org/argmap/bms/claim/x"),
...                   ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
...                   ox.Literal("A claim", language="en")))
>>> run_on_store(store, "SELECT ?c ?l WHERE { ?c rdfs:label ?l }", timeout=0).rows
[{'c': 'claim:x', 'l': 'A claim'}]
"""

from __future__ import annotations

import contextlib
import functools
import re
import signal
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Sequence

from .errors import ArgmapError, DataError, NotFoundError
from .namespaces import NAMESPACES, XSD_IRI
from .namespaces import compact as _compact  # one shortening for the whole project

if TYPE_CHECKING:
    from rdflib import Graph

    from .query import NamedQuery

__all__ = [
    "DEFAULT_TIMEOUT", "NAMED_TIMEOUT", "DEFAULT_LIMIT", "LIST_SEPARATOR", "QueryRefused", "QueryTimeout",
    "QueryShape", "QueryResult", "Engine", "OxigraphEngine", "run_checked", "run_on_store",
]

#: Seconds a query may run before it is stopped.
DEFAULT_TIMEOUT = 10.0
#: The same for a named query under ``argmap query``: argmap's own queries always finish, and
#: a whole-map listing of a 100,000-claim map takes ten seconds or more the first time on the
#: parse cache's on-disk store (``one-sided``); stopped at 10 s it would never be kept, so a
#: user could never get it without knowing the option.
NAMED_TIMEOUT = 120.0
#: Rows returned at most; the result says when it was cut.
DEFAULT_LIMIT = 10_000
#: Separator of ``GROUP_CONCAT`` in named queries: a tab (written ``"\\t"`` in SPARQL, a
#: standard escape every engine reads alike).  List columns hold IRIs, names and quotes, none
#: of which contains a tab.
LIST_SEPARATOR = "\t"


class QueryRefused(ArgmapError):
    """A query that is not a read-only question about the map (update, FROM, SERVICE …)."""


class QueryTimeout(ArgmapError):
    """A query that ran past its time limit and was stopped."""


#: An absolute IRI with no character that could end an IRIREF or start SPARQL syntax.
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|^`\\\x7f]*$")


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


# --- the quick check -------------------------------------------------------------------------

@dataclass(frozen=True)
class QueryShape:
    """What :func:`check_query` learnt: the query form and the prefixes it declares."""

    form: str
    declared_prefixes: frozenset[str]



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
    prologue = " ".join(f"PREFIX {p}: <{n}>" for p, n in NAMESPACES.items() if p not in declared)
    return prologue + "\n" + text if prologue else text



# --- results ----------------------------------------------------------------------------------

@dataclass
class QueryResult:
    """Rows of plain values (str, int, float, bool, None, or sorted lists for list columns).

    ``truncated`` is True when the row cap cut the answer; ``form`` is ``select``, ``ask``
    (one row ``{"answer": bool}``) or ``construct`` (rows of subject, predicate, object).
    ``kept`` names the answer in the parse-cache entry when it is kept there
    (:func:`graph.query.run_named`), so that a command can point its own question at it; it
    says where the answer is, not what it is, and takes no part in equality.
    """

    columns: list[str]
    rows: list[dict]
    truncated: bool = False
    limit: int | None = None
    form: str = "select"
    engine: str = ""
    kept: str | None = field(default=None, compare=False, repr=False)


# Terms cross process boundaries as plain tuples: ("iri", value) / ("literal", lexical,
# datatype or "", language or "") / ("bnode", id).
_INTEGER_TYPES = {XSD_IRI + n for n in ("integer", "int", "long", "short", "byte",
                                        "nonNegativeInteger", "positiveInteger",
                                        "nonPositiveInteger", "negativeInteger",
                                        "unsignedLong", "unsignedInt", "unsignedShort",
                                        "unsignedByte")}
_FLOAT_TYPES = {XSD_IRI + "decimal", XSD_IRI + "double", XSD_IRI + "float"}
_BOOLEAN = XSD_IRI + "boolean"



_PLAIN_DATATYPES = (XSD_IRI + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")


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
    #: Pure Python, so a signal stops it cheaply when it runs in this process.
    interruptible = False

    def execute(self, text: str, form: str, limit: int, timeout: float) -> _Raw:
        raise NotImplementedError



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
        from rdflib import Literal, URIRef

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
                                              _BOOLEAN, ""),)])
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



def _triples_raw(triples: Iterable[tuple], limit: int) -> _Raw:
    rows = sorted(triples, key=lambda t: tuple(x[1] if x else "" for x in t))
    return _Raw("construct", ["subject", "predicate", "object"], rows[:limit],
                truncated=len(rows) > limit)



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
    if engine.interruptible:
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


# --- the way in -------------------------------------------------------------------------------

def run_checked(engine: Engine, text: str, form: str, *, limit: int = DEFAULT_LIMIT,
                timeout: float = DEFAULT_TIMEOUT, full_iris: bool = False,
                query: NamedQuery | None = None, isolate: bool = True) -> QueryResult:
    """Run the final SPARQL *text* (checked, prefixes included) of *form* on *engine*: in a
    forked worker killed at *timeout* when *isolate*, at most *limit* rows, converted to plain
    values (the list columns and renames of the named *query*, if given)."""
    raw = _execute(engine, text, form, limit, timeout, isolate=isolate)
    return _result(raw, limit, query, full_iris, engine.name)


def run_on_store(store, text: str, *, label: str = "query", timeout: float = DEFAULT_TIMEOUT,
                 limit: int = DEFAULT_LIMIT, full_iris: bool = False) -> QueryResult | None:
    """A user's SPARQL *text*, without parameters, on the ``pyoxigraph.Store`` *store*, as
    :func:`graph.query.run_sparql` runs it on a graph held in Oxigraph — or None when the quick
    check cannot decide and the full check (rdflib's parser) must.

    Refusals (update, ``FROM``, ``SERVICE``, ``\\u``) and an empty query raise as in
    :func:`graph.query.check_query`, with the same messages.
    """
    shape = _quick_check(text, label)
    if shape is None:
        return None
    return run_checked(OxigraphEngine(store), _with_prefixes(text, shape.declared_prefixes),
                       shape.form, limit=limit, timeout=timeout, full_iris=full_iris)
