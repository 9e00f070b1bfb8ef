"""``argmap claims``, ``show``, ``rebuttals``, ``actors``, ``sources``, ``timeline``: the
analyst's questions, answered from the map (``query`` and ``queries`` are in
:mod:`commands.sparql`).

Each command resolves the IDs it was given (full IRI, prefixed name or bare slug, with "did
you mean" for unknown ones), calls one function of :mod:`graph.query`, and hands the rows to
the shared output options (table, ``--json``, ``--nl``, ``--csv``, ``--tsv``).  The same
commands work on the data file and, with ``argmap --store URL``, on a SPARQL endpoint.

The listings (``claims``, ``actors``, ``sources``, ``timeline``) asked again with the same
options on an unchanged big file are answered from their kept answer without rdflib
(:mod:`commands.kept`): so :mod:`graph.query` (and rdflib with it) is imported inside each
command, when the command needs it, not when this module is.
"""

from __future__ import annotations

import click

from commands import kept
from commands.common import (NODE_COLUMNS, Session, current_format, emit, limit_option,
                             output_options, pass_session, resolve_node, result_rows)
from graph.namespaces import ACTOR_KIND_CLASSES, SOURCE_KIND_CLASSES

__all__ = ["COMMANDS", "claims", "show", "rebuttals", "actors", "sources", "timeline"]


def _id(session: Session, text: str | None, *kinds: str):
    """The IRI named by *text* (None stays None); unknown IDs stop with 'did you mean'."""
    if text is None:
        return None
    return resolve_node(session, text, kinds or None)


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
@limit_option()
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
    def ask():
        from graph import query as q

        return q.list_claims(session.graph, actor=_id(session, actor, "actor"),
                             group=_id(session, group, "actor"),
                             topic=_id(session, topic, "topic"), attacked=attacked,
                             unsourced=unsourced, reviewed=reviewed, search=search, since=since,
                             until=until, limit=limit)

    return result_rows(kept.answer(session, ask),
                       ["claim", "label", "actors", "assertions", "attacked_by", "first"])


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
    from graph import query as q

    node = resolve_node(session, node_id)
    card = q.describe(session.graph, node)
    fmt = current_format()
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
                   if c not in redundant.get(name, set()) and c not in NODE_COLUMNS]
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
    from graph import query as q

    claim = _id(session, claim_id, "claim")
    return result_rows(q.rebuttal_tree(session.graph, claim, depth=depth),
                       ["depth", "tree", "attacker", "kind", "by", "sources"])


@click.command()
@click.option("--group", metavar="ID", help="Only members of this group, organisation or institution.")
@click.option("--kind", type=click.Choice(sorted(ACTOR_KIND_CLASSES)),
              help="Only actors of this kind.")
@limit_option()
@output_options
@pass_session
def actors(session: Session, group, kind, limit):
    """List actors with their kind, country, groups and how many claims they asserted.

    \b
    Example:

        argmap actors --group greens-efa
    """
    def ask():
        from graph import query as q

        return q.list_actors(session.graph, group=_id(session, group, "actor"), kind=kind,
                             limit=limit)

    return result_rows(kept.answer(session, ask))


@click.command()
@click.option("--kind", type=click.Choice(sorted(SOURCE_KIND_CLASSES)),
              help="Only sources of this kind.")
@limit_option()
@output_options
@pass_session
def sources(session: Session, kind, limit):
    """List sources with their kind, date, publisher, identifiers (ECLI, CELEX, document
    number, DOI …), URLs, and how often they are cited.

    \b
    Example:

        argmap sources --kind ruling --csv
    """
    def ask():
        from graph import query as q

        return q.list_sources(session.graph, kind=kind, limit=limit)

    return result_rows(kept.answer(session, ask),
                       ["source", "issued", "title", "identifiers", "cited"])


@click.command()
@click.option("--actor", metavar="ID", help="Only this actor's assertions and events.")
@click.option("--since", metavar="DATE", help="Only on or after DATE (YYYY[-MM[-DD]]).")
@click.option("--until", metavar="DATE", help="Only on or before DATE.")
@limit_option()
@output_options
@pass_session
def timeline(session: Session, actor, since, until, limit):
    """List assertions and events (votes with their counts, meetings) in date order.

    \b
    Example:

        argmap timeline --actor edpb
    """
    def ask():
        from graph import query as q

        return q.timeline(session.graph, actor=_id(session, actor, "actor"), since=since,
                          until=until, limit=limit)

    return result_rows(kept.answer(session, ask),
                       ["date", "type", "actor", "what", "quotes", "sources"])


COMMANDS = [claims, show, rebuttals, actors, sources, timeline]
