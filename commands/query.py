"""``argmap claims``, ``show``, ``rebuttals``, ``actors``, ``sources``, ``timeline``, ``query``,
``queries``: the analyst's questions, answered from the map.

Each command resolves the IDs it was given (full IRI, prefixed name or bare slug, with "did
you mean" for unknown ones), calls one function of :mod:`graph.query`, and hands the rows to
the shared output options (table, ``--json``, ``--nl``, ``--csv``, ``--tsv``).  The same
commands work on the data file and, with ``argmap --store URL``, on a SPARQL endpoint.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from commands.common import Session, emit, output_options, pass_session, resolve_id
from graph import query as q
from graph.errors import DataError
from graph.vocab import ACTOR_KINDS, SOURCE_KINDS

__all__ = ["COMMANDS", "claims", "show", "rebuttals", "actors", "sources", "timeline", "query",
           "queries"]


def _id(session: Session, text: str | None, *kinds: str):
    """The IRI named by *text* (None stays None); unknown IDs stop with 'did you mean'."""
    if text is None:
        return None
    return _resolve(session, text, kinds or None)


def _resolve(session: Session, text: str, kinds=None):
    # rdflib logs "does not look like a valid URI" for an ID such as 'edpb> }'; the
    # one-line "no node …; did you mean" error says it better, so keep stderr to that line.
    import logging

    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        return resolve_id(session.graph, text, kinds=kinds)
    finally:
        logger.setLevel(level)


#: Columns naming the relation node itself (assertion:…, attack:…): kept in JSON and CSV for
#: tools, left out of tables, where they only take room from the text.
_NODE_COLUMNS = {"assertion", "attack", "node", "item", "membership", "position"}


def _fmt() -> str:
    return click.get_current_context().params.get("fmt", "table")


def _rows(result: q.QueryResult, table_columns=None):
    """Rows and columns for the output options; a note on stderr when the row cap cut them.

    A table shows *table_columns* (the ones worth their width on a terminal) when given;
    JSON, CSV and TSV always carry every column.
    """
    if result.truncated:
        click.echo(f"argmap: showing the first {result.limit:,} rows (row cap); "
                   "raise it with --limit", err=True)
    columns = list(result.columns)
    if _fmt() == "table":
        columns = list(table_columns or [c for c in columns if c not in _NODE_COLUMNS] or columns)
    return result.rows, columns


_limit_option = click.option("--limit", type=click.IntRange(min=1), default=q.DEFAULT_LIMIT,
                             show_default=True, help="At most this many rows (says when it cuts).")


@click.command()
@click.option("--actor", metavar="ID", help="Only claims this actor asserted.")
@click.option("--group", metavar="ID",
              help="Only claims asserted by this group or organisation, or one of its members.")
@click.option("--topic", metavar="ID", help="Only claims about this topic.")
@click.option("--attacked/--unattacked", default=None,
              help="Only claims some attack targets / that no attack targets.")
@click.option("--unsourced", is_flag=True, help="Only claims that no assertion ties to a source.")
@click.option("--reviewed", is_flag=True,
              help="Only claims with a fact-check review (of the claim or of an assertion of it).")
@click.option("--search", metavar="TEXT", help="Only claims whose label or text contains TEXT.")
@click.option("--since", metavar="DATE", help="Only claims asserted on or after DATE (YYYY[-MM[-DD]]).")
@click.option("--until", metavar="DATE", help="Only claims asserted on or before DATE.")
@_limit_option
@output_options
@pass_session
def claims(session: Session, actor, group, topic, attacked, unsourced, reviewed, search, since,
           until, limit):
    """List claims with their topics, who asserted them, and counts of assertions, sources
    and attacks.

    Filters combine: `--group epp --attacked` lists the EPP side's claims that were rebutted.

    \b
    Example:

        argmap claims --actor edpb --json
    """
    result = q.list_claims(session.graph, actor=_id(session, actor, "actor"),
                           group=_id(session, group, "actor"), topic=_id(session, topic, "topic"),
                           attacked=attacked, unsourced=unsourced, reviewed=reviewed,
                           search=search, since=since, until=until, limit=limit)
    return _rows(result, ["claim", "label", "actors", "assertions", "attacked_by", "first"])


@click.command()
@click.argument("node_id", metavar="ID")
@output_options
@pass_session
def show(session: Session, node_id: str):
    """Show the card of a claim, actor or source (or any node of the map).

    A claim: its text, status, who asserted it where and when (with quotes), supports and
    attacks in both directions (undercuts included), reviews, and its sources with
    identifiers and URLs.  An actor: memberships, members, positions and assertions.  A
    source: everything that cites it.

    \b
    Example:

        argmap show claim:safeguards-fig-leaf
    """
    node = _resolve(session, node_id)
    card = q.describe(session.graph, node)
    fmt = _fmt()
    if fmt == "json":
        return card
    sections = _card_sections(card)
    if fmt == "table":
        _print_card(card, sections)
        return None
    rows = [{"section": name, **row} for name, section_rows in sections for row in section_rows]
    return rows


_SECTION_TITLES = {
    "properties": "Properties", "assertions": "Asserted (who, where, when, quotes)",
    "relations": "Supports and attacks", "reviews": "Fact-check reviews",
    "sources": "Sources", "memberships": "Memberships", "members": "Members",
    "positions": "Positions", "cited_by": "Cited by", "referenced_by": "Referenced by",
}


def _card_sections(card: dict) -> list[tuple[str, list[dict]]]:
    sections = [("properties", card["properties"])]
    for name in ("assertions", "relations", "reviews", "sources", "memberships", "members",
                 "positions", "cited_by", "referenced_by"):
        if name in card:
            sections.append((name, card[name]))
    return sections


#: Columns a card leaves out of a section because the card itself says them.
_REDUNDANT = {
    "claim": {"assertions": {"claim", "label"}, "relations": {"claim"}, "sources": {"claim"}},
    "actor": {"memberships": {"member", "member_name"},
              "members": {"organization", "organization_name"},
              "assertions": {"actor", "name"}, "positions": {"actor", "name"}},
    "source": {"cited_by": {"source"}},
}


def _print_card(card: dict, sections) -> None:
    kinds = f": {', '.join(card['types'])}" if card["types"] else ""
    click.echo(f"{card['id']}  ({card['kind']}{kinds})")
    title = card.get("label") or card.get("name") or card.get("title")
    if title:
        click.echo(title)
    if card.get("status"):
        click.echo(f"status: {card['status']} (grounded semantics; argmap explain {card['id']})")
    redundant = _REDUNDANT.get(card["kind"], {})
    for name, rows in sections:
        click.echo("")
        click.echo(f"{_SECTION_TITLES.get(name, name)} ({len(rows)})")
        if not rows:
            continue
        columns = [c for c in rows[0]
                   if c not in redundant.get(name, set()) and c not in _NODE_COLUMNS]
        if name == "properties" and not any(row.get("lang") for row in rows):
            columns.remove("lang")
        emit(rows, "table", columns)


@click.command()
@click.argument("claim_id", metavar="ID")
@click.option("--depth", type=click.IntRange(min=1, max=20), default=3, show_default=True,
              help="Levels of counter-attacks to follow.")
@output_options
@pass_session
def rebuttals(session: Session, claim_id: str, depth: int):
    """Show the tree of attacks on a claim and the counter-attacks on those, with who and where.

    Each row is one attack: its depth, the attacker (indented in `tree`), its kind (rebut,
    undermine, undercut of a support), who stated it and in which sources.

    \b
    Example:

        argmap rebuttals judicial-authorisation-safeguards --depth 2
    """
    claim = _id(session, claim_id, "claim")
    return _rows(q.rebuttal_tree(session.graph, claim, depth=depth),
                 ["depth", "tree", "attacker", "kind", "by", "sources"])


@click.command()
@click.option("--group", metavar="ID", help="Only members of this group, organisation or institution.")
@click.option("--kind", type=click.Choice(sorted(ACTOR_KINDS)), help="Only actors of this kind.")
@_limit_option
@output_options
@pass_session
def actors(session: Session, group, kind, limit):
    """List actors with their kind, country, groups and how many claims they asserted.

    \b
    Example:

        argmap actors --group greens-efa
    """
    return _rows(q.list_actors(session.graph, group=_id(session, group, "actor"), kind=kind,
                               limit=limit))


@click.command()
@click.option("--kind", type=click.Choice(sorted(SOURCE_KINDS)), help="Only sources of this kind.")
@_limit_option
@output_options
@pass_session
def sources(session: Session, kind, limit):
    """List sources with their kind, date, publisher, identifiers (ECLI, CELEX, document
    number, DOI …), URLs, and how often they are cited.

    \b
    Example:

        argmap sources --kind ruling --csv
    """
    return _rows(q.list_sources(session.graph, kind=kind, limit=limit),
                 ["source", "issued", "title", "identifiers", "cited"])


@click.command()
@click.option("--actor", metavar="ID", help="Only this actor's assertions and events.")
@click.option("--since", metavar="DATE", help="Only on or after DATE (YYYY[-MM[-DD]]).")
@click.option("--until", metavar="DATE", help="Only on or before DATE.")
@_limit_option
@output_options
@pass_session
def timeline(session: Session, actor, since, until, limit):
    """List assertions and events (votes with their counts, meetings) in date order.

    \b
    Example:

        argmap timeline --actor edpb
    """
    return _rows(q.timeline(session.graph, actor=_id(session, actor, "actor"), since=since,
                            until=until, limit=limit),
                 ["date", "type", "actor", "what", "quotes", "sources"])


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


def _read_query_text(text: str) -> tuple[str, str, q.NamedQuery | None]:
    """(SPARQL text, label for messages, header of the file if it has one)."""
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
        declared = None
        if any(line.startswith("#+") for line in body.splitlines()):
            declared = q.parse_named_query(body, path.stem, path)
        return body, str(path), declared
    return text, "query", None


@click.command("query")
@click.argument("text", metavar="SPARQL|@FILE.rq|NAME|-")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to VALUE (repeatable).  Typed by the query's header; otherwise "
                   "<iri> and prefix:name are IRIs, numbers numbers, YYYY-MM-DD dates, "
                   "\"text\"@lang and \"v\"^^xsd:type as in Turtle, anything else a string.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=q.DEFAULT_TIMEOUT,
              show_default=True, help="Stop the query after this many seconds.")
@_limit_option
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
        named = q.named_query(text)
        bound = _resolve_declared(session, named, given)
        if show_sparql:
            click.echo(_sparql_body(q.prepare_named(named, bound)))
            return None
        result = q.run_named(session.graph, named.name, bound, timeout=timeout, limit=limit,
                             full_iris=full_iris, isolate=True)
        return _rows(result)
    body, label, declared = _read_query_text(text)
    if declared is not None:
        given = _resolve_declared(session, declared, given)
    if show_sparql:
        click.echo(q.prepare_sparql(body, given, label=label, declared=declared)[0])
        return None
    result = q.run_sparql(session.graph, body, given, label=label, timeout=timeout, limit=limit,
                          declared=declared, full_iris=full_iris)
    return _rows(result)


def _looks_like_name(text: str) -> bool:
    import re

    return bool(re.match(r"^[a-z][a-z0-9-]*$", text))


def _resolve_declared(session: Session, named: q.NamedQuery, given: dict) -> dict:
    """IRI parameters resolved like every other ID (bare slugs, 'did you mean')."""
    resolved = dict(given)
    for name, value in given.items():
        param = named.parameter(name)
        if param.type == "iri" and value:
            resolved[name] = _resolve(session, value, (param.kind,) if param.kind else None)
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
    if name is None:
        return [{"name": nq.name, "parameters": nq.signature(), "summary": nq.summary}
                for nq in q.named_queries().values()]
    named = q.named_query(name)
    fmt = _fmt()
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


COMMANDS = [claims, show, rebuttals, actors, sources, timeline, query, queries]
