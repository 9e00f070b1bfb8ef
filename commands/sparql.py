"""``argmap query`` and ``argmap queries``: SPARQL on the map, ad hoc or by a named query's name.

A repeated ``argmap query`` on a big unchanged file is answered straight from the file's
parse-cache entry, without importing rdflib (half of that command's time went to Python's
and rdflib's start-up): when the query is ad-hoc SPARQL (inline, ``@file.rq`` without a ``#+``
header, or ``-``), has no ``--param``, and the data is a local file whose cache entry
already exists, :func:`graph.sparql.run_on_store` checks and runs it on the entry's
read-only Oxigraph store (:func:`graph.cache.cached_store`).  The answer, its rows and every
error message are those of the full way (:func:`graph.query.run_sparql` on the session's
graph), which every other case takes: a named query, ``--param``, ``--sparql``, ``--store``,
a file with no entry yet (the full way builds it), or a query the quick check leaves to
rdflib's parser (any text holding the letters ``from`` or ``service``, a syntax error …).

A named query asked again, with the same parameters as typed, on the unchanged file is
answered from its answer kept in the entry, also without rdflib (:mod:`commands.kept`).

``ARGMAP_LEAN=0`` turns the short ways off (the tests compare both ways with it);
``ARGMAP_DEBUG=1`` says on stderr when one answered.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from commands import kept
from commands.common import (Session, current_format, emit, limit_option, output_options,
                             pass_session, resolve_node, result_rows)
from graph.errors import DataError
from graph.sparql import DEFAULT_TIMEOUT, NAMED_TIMEOUT

__all__ = ["COMMANDS", "query", "queries"]


def _parse_params(values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{item!r}: write name=value", param_hint="--param")
        if name.strip() in params:
            raise click.BadParameter(f"{name.strip()!r} given twice", param_hint="--param")
        params[name.strip()] = value
    return params


def _read_query_text(text: str) -> tuple[str, str, Path | None]:
    """(SPARQL text, label for messages, the file when it came from ``@FILE``)."""
    if text == "-":
        return sys.stdin.read(), "<stdin>", None
    if text.startswith("@"):
        path = Path(text[1:])
        try:
            body = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise DataError("no such file", path=path) from None
        except (IsADirectoryError, PermissionError, UnicodeDecodeError) as exc:
            raise DataError(f"cannot read the query: {exc.__class__.__name__}", path=path) from None
        return body, str(path), path
    return text, "query", None


def _has_header(body: str) -> bool:
    """Whether a query file declares a ``#+`` header (parameters, list columns …)."""
    return any(line.startswith("#+") for line in body.splitlines())


@click.command("query")
@click.argument("text", metavar="SPARQL|@FILE.rq|NAME|-")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to VALUE (repeatable).  Typed by the query's header; otherwise "
                   "<iri> and prefix:name are IRIs, numbers numbers, YYYY-MM-DD dates, "
                   "\"text\"@lang and \"v\"^^xsd:type as in Turtle, anything else a string.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None,
              help=f"Stop the query after this many seconds.  [default: {DEFAULT_TIMEOUT:g}; "
                   f"{NAMED_TIMEOUT:g} for a named query, whose whole-map listings take "
                   "seconds on a big map]")
@limit_option()
@click.option("--full-iris", is_flag=True, help="Print full IRIs instead of prefixed names.")
@click.option("--sparql", "show_sparql", is_flag=True,
              help="Print the exact SPARQL that would run (values bound), without running it.")
@output_options
@pass_session
def query(session: Session, text, params, timeout, limit, full_iris, show_sparql):
    """Run a read-only SPARQL query: inline text, @file.rq, a named query's name, or - (stdin).

    argmap's prefixes (claim:, actor:, source:, am:, dcterms: …) are predeclared.  Values
    given with --param are bound as typed RDF terms, never pasted into the text.  Updates
    (INSERT, DELETE, LOAD, CLEAR …), FROM / FROM NAMED and SERVICE are refused before
    anything runs; the query stops at the time limit and at the row cap.  See `argmap
    queries` for the named queries and their parameters.

    \b
    Example:

        argmap query 'SELECT ?c ?l WHERE { ?c a am:Claim ; rdfs:label ?l }' --csv
        argmap query rebutted --param group=epp
    """
    given = _parse_params(params)
    if _looks_like_name(text):
        return _run_named(session, text, given, NAMED_TIMEOUT if timeout is None else timeout,
                          limit, full_iris, show_sparql)
    if timeout is None:
        timeout = DEFAULT_TIMEOUT
    body, label, path = _read_query_text(text)
    with_header = path is not None and _has_header(body)
    if not (given or show_sparql or with_header):
        result = _lean_answer(session, body, label, timeout, limit, full_iris)
        if result is not None:
            return result_rows(result)
    from graph import query as q

    declared = q.parse_named_query(body, path.stem, path) if with_header else None
    if declared is not None:
        given = _resolve_declared(session, declared, given)
    if show_sparql:
        click.echo(q.prepare_sparql(body, given, label=label, declared=declared)[0])
        return None
    result = q.run_sparql(session.graph, body, given, label=label, timeout=timeout, limit=limit,
                          declared=declared, full_iris=full_iris)
    return result_rows(result)


def _lean_answer(session: Session, body: str, label: str, timeout: float, limit: int,
                 full_iris: bool):
    """The answer from the data file's cache entry, without rdflib — or None: no entry (yet),
    ``--store``, ``ARGMAP_LEAN=0``, or a query the quick check cannot decide."""
    if not kept.lean_allowed(session):
        return None
    from graph.cache import cached_store, debug

    store = cached_store(session.data_path)
    if store is None:
        return None
    from graph.sparql import run_on_store

    result = run_on_store(store, body, label=label, timeout=timeout, limit=limit,
                          full_iris=full_iris)
    if result is not None:
        debug("query answered from the cache entry's store, without rdflib")
    return result


def _run_named(session: Session, name: str, given: dict, timeout: float, limit: int,
               full_iris: bool, show_sparql: bool):
    """A named query: its answer kept under the question as typed when it was asked before
    (:func:`commands.kept.answer`), else run on the session's graph."""
    if show_sparql:
        from graph import query as q

        named = q.named_query(name)
        click.echo(_sparql_body(q.prepare_named(named, _resolve_declared(session, named, given))))
        return None

    def ask():
        from graph import query as q

        named = q.named_query(name)
        return q.run_named(session.graph, named.name, _resolve_declared(session, named, given),
                           timeout=timeout, limit=limit, full_iris=full_iris, isolate=True)

    return result_rows(kept.answer(session, ask))


def _looks_like_name(text: str) -> bool:
    return bool(re.match(r"^[a-z][a-z0-9-]*$", text))


def _resolve_declared(session: Session, named, given: dict) -> dict:
    """IRI parameters of the named query *named* resolved like every other ID (bare slugs,
    'did you mean')."""
    resolved = dict(given)
    for name, value in given.items():
        param = named.parameter(name)
        if param.type == "iri" and value:
            resolved[name] = resolve_node(session, value, (param.kind,) if param.kind else None)
    return resolved


@click.command()
@click.argument("name", required=False)
@output_options
def queries(name):
    """List the named queries with their parameters, or show one (its parameters and SPARQL).

    \b
    Example:

        argmap queries
        argmap queries claims
    """
    from graph import query as q

    if name is None:
        return [{"name": nq.name, "parameters": nq.signature(), "summary": nq.summary}
                for nq in q.named_queries().values()]
    named = q.named_query(name)
    fmt = current_format()
    params = [{"parameter": p.name, "type": p.describe_type(),
               "default": p.default, "required": p.required, "help": p.help}
              for p in named.params]
    if fmt == "table":
        click.echo(f"{named.name}: {named.summary}")
        if named.description:
            click.echo("")
            click.echo(named.description)
        click.echo("")
        if params:
            emit(params, "table", ["parameter", "type", "default", "help"])
        else:
            click.echo("(no parameters)")
        if named.example:
            click.echo(f"\nExample: {named.example}\n")
        click.echo(_sparql_body(named.text))
        return None
    if fmt == "json":
        return {"name": named.name, "summary": named.summary,
                "description": named.description, "parameters": params,
                "example": named.example, "sparql": _sparql_body(named.text)}
    return params


def _sparql_body(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("#+")).strip()


COMMANDS = [query, queries]
