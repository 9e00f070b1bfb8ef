"""Commands that change the map — ``add claim|source|actor``, ``link``, ``review``, ``remove`` —
and ``diff``, which shows what changed between two versions.

Each edit command plans its change with one ``graph.edit.plan_*`` function and applies it to the
data file (validated, atomic, under the lock) or, with ``--store``, to the SPARQL endpoint as one
SPARQL Update.  It prints the ID of the node it made; ``--json`` prints the triples added and
removed.
"""

from __future__ import annotations

import json
import sys

import click

from commands.common import DataCommandError, Session, pass_session
from graph import edit as edit_lib
from graph.vocab import ACTOR_KINDS, SOURCE_KINDS, VERDICTS

__all__ = ["COMMANDS", "add", "link", "review", "remove", "diff"]


def _require(value, option: str, why: str):
    # One-line errors for missing options (click's own usage error spans several lines).
    if value is None or (isinstance(value, (tuple, list)) and not value) or \
            (isinstance(value, str) and not value.strip()):
        raise DataCommandError(f"missing {option}: {why}")
    return value


def _apply(session: Session, planner, *args, **kwargs) -> edit_lib.Changeset:
    if session.is_remote:
        from graph.store import update_url_for

        update_url = session.update_url or update_url_for(session.store_url)
        return edit_lib.edit_store(session.graph, update_url, planner, *args, **kwargs)
    return edit_lib.edit_file(session.data_path, planner, *args, **kwargs)


def _report(changeset: edit_lib.Changeset, as_json: bool) -> None:
    if as_json:
        click.echo(changeset.to_json())
    else:
        click.echo(edit_lib.short_name(changeset.new_id))


def _text_argument(text: str) -> str:
    """``-`` reads the text from standard input (handy for long claims and scripts)."""
    return sys.stdin.read() if text == "-" else text


json_option = click.option("--json", "as_json", is_flag=True,
                           help="Print the new ID and the triples added/removed as JSON.")


@click.group()
def add():
    """Add a claim, a source or an actor to the map (validated, atomic; see each subcommand).

    Example:

    \b
        argmap add claim "Russia used live facial recognition against a protester." \\
            --by ecthr --source ecthr-glukhin
    """


@add.command("claim")
@click.argument("text")
@click.option("--by", "--actor", "by", metavar="ACTOR", help="Who stated it (required), e.g. edpb.")
@click.option("--source", metavar="SOURCE", help="Where it was stated (required).")
@click.option("--date", metavar="DATE",
              help="When it was stated: YYYY-MM-DD, YYYY-MM or YYYY (default: the source's date).")
@click.option("--quote", "quotes", metavar="TEXT", multiple=True,
              help="The exact words, only if you have them verbatim (repeatable).")
@click.option("--quote-lang", metavar="LANG", help="Language of --quote when it differs (e.g. de).")
@click.option("--locator", metavar="WHERE", help="Page, paragraph or article in the source.")
@click.option("--topic", "topics", metavar="TOPIC", multiple=True, help="A topic (repeatable).")
@click.option("--supports", metavar="CLAIM", help="The claim this one supports.")
@click.option("--attacks", metavar="CLAIM", help="The claim this one attacks (rebuts).")
@click.option("--undercuts", metavar="SUPPORT", help="The support (inference) this one denies.")
@click.option("--kind", "attack_kind", metavar="KIND",
              help="With --attacks: rebut (default) or undermine (the target is a premise).")
@click.option("--id", "slug", metavar="SLUG", help="The claim's ID (default: made from the text).")
@click.option("--label", metavar="TEXT", help="Short title for the map, at most 80 characters "
                                               "(default: the text, shortened).")
@click.option("--lang", default="en", show_default=True, help="Language of the text.")
@json_option
@pass_session
def add_claim(session: Session, text, by, source, date, quotes, quote_lang, locator, topics,
              supports, attacks, undercuts, attack_kind, slug, label, lang, as_json):
    """Add a claim that ACTOR stated in SOURCE (TEXT; '-' reads it from standard input).

    Records the claim and its assertion (who, where, when, the quote); with --supports,
    --attacks or --undercuts also the relation, stated by the same actor in the same source.
    Refused, writing nothing, if an ID is unknown or a value is malformed.

    Example:

    \b
        argmap add claim "Russia used live facial recognition against a protester." \\
            --by ecthr --source ecthr-glukhin --topic real-time-rbi
    """
    _require(by, "--by ACTOR", "say who stated the claim")
    _require(source, "--source SOURCE", "every claim needs the source where it was stated")
    changeset = _apply(session, edit_lib.plan_add_claim, _text_argument(text), by=by,
                       source=source, date=date, quote=quotes, locator=locator, topics=topics,
                       supports=supports, attacks=attacks, undercuts=undercuts,
                       attack_kind=attack_kind, slug=slug, label=label, lang=lang,
                       quote_lang=quote_lang)
    _report(changeset, as_json)


@add.command("source")
@click.option("--kind", metavar="KIND",
              help=f"Kind of source (required): {', '.join(SOURCE_KINDS)}.")
@click.option("--title", metavar="TEXT", help="Title as published (required).")
@click.option("--publisher", metavar="NAME", help="Who published it (required).")
@click.option("--date", metavar="DATE", help="Date issued: YYYY-MM-DD, YYYY-MM or YYYY (required).")
@click.option("--url", "urls", metavar="URL", multiple=True, help="Where to read it (repeatable).")
@click.option("--identifier", "identifiers", metavar="ID", multiple=True,
              help="ECLI, case number, CELEX, DOI, ISBN or document number (repeatable).")
@click.option("--creator", "creators", metavar="ACTOR", multiple=True,
              help="The actor who wrote or issued it (repeatable).")
@click.option("--id", "slug", metavar="SLUG",
              help="The source's ID (default: made from the title and date).")
@click.option("--lang", metavar="LANG", help="Language of the title (default: none).")
@json_option
@pass_session
def add_source(session: Session, kind, title, publisher, date, urls, identifiers, creators, slug,
               lang, as_json):
    """Add a source: a ruling, report, letter, statement … with at least a URL or an identifier.

    Example:

    \b
        argmap add source --kind ruling --title "Glukhin v. Russia" \\
            --publisher "European Court of Human Rights" --date 2023-07-04 \\
            --identifier 11519/20 --creator ecthr
    """
    _require(kind, "--kind KIND", f"one of {', '.join(SOURCE_KINDS)}")
    _require(title, "--title TEXT", "the source's title as published")
    _require(publisher, "--publisher NAME", "who published the source")
    _require(date, "--date DATE", "when the source was issued (YYYY-MM-DD, YYYY-MM or YYYY)")
    changeset = _apply(session, edit_lib.plan_add_source, kind=kind, title=title,
                       publisher=publisher, date=date, urls=urls, identifiers=identifiers,
                       creators=creators, slug=slug, lang=lang)
    _report(changeset, as_json)


@add.command("actor")
@click.argument("name")
@click.option("--kind", metavar="KIND", help=f"Required: {'|'.join(ACTOR_KINDS)}.")
@click.option("--member-of", metavar="GROUP", help="A group or institution the actor belongs to.")
@click.option("--since", metavar="DATE", help="Start of the membership (YYYY-MM-DD, YYYY-MM, YYYY).")
@click.option("--source", metavar="SOURCE",
              help="Where the membership is stated (required with --member-of).")
@click.option("--country", metavar="CC", help="ISO 3166 alpha-2 country code, EU or INT.")
@click.option("--id", "slug", metavar="SLUG", help="The actor's ID (default: made from the name).")
@json_option
@pass_session
def add_actor(session: Session, name, kind, member_of, since, source, country, slug, as_json):
    """Add an actor NAME (a person, organisation, political group or institution).

    With --member-of, also a dated and sourced membership (--since, else as of the source's date).

    Example:

    \b
        argmap add actor "Kim van Sparrentak" --kind person --country NL \\
            --member-of greens-efa --source greens-efa-event-2022-11-08
    """
    _require(kind, "--kind KIND", f"one of {', '.join(ACTOR_KINDS)}")
    changeset = _apply(session, edit_lib.plan_add_actor, name, kind=kind, member_of=member_of,
                       since=since, source=source, country=country, slug=slug)
    _report(changeset, as_json)


@click.command()
@click.argument("left", metavar="A")
@click.argument("relation", metavar="supports|attacks|undercuts")
@click.argument("right", metavar="B")
@click.option("--by", "--actor", "by", metavar="ACTOR", help="Who made the link (required).")
@click.option("--source", metavar="SOURCE", help="Where it was made (required).")
@click.option("--kind", "attack_kind", metavar="KIND",
              help="For attacks: rebut (default) or undermine.")
@click.option("--comment", metavar="TEXT", help="A note on the relation (rdfs:comment).")
@json_option
@pass_session
def link(session: Session, left, relation, right, by, source, attack_kind, comment, as_json):
    """Relate two existing nodes: claim A supports or attacks claim B, or undercuts support B.

    Example:

    \b
        argmap link russia-moscow-metro-frt attacks only-china-mass-surveillance \\
            --kind undermine --by argmap-editors --source argmap-bms-dataset
    """
    _require(by, "--by ACTOR", "say who made this link")
    _require(source, "--source SOURCE", "say where the link was made")
    changeset = _apply(session, edit_lib.plan_link, left, relation, right, by=by, source=source,
                       attack_kind=attack_kind, comment=comment)
    _report(changeset, as_json)


@click.command()
@click.argument("target", metavar="ID")
@click.option("--verdict", metavar="VERDICT", help=f"Required: {', '.join(VERDICTS)}.")
@click.option("--reason", metavar="TEXT", help="Why, in words (required).")
@click.option("--source", "sources", metavar="SOURCE", multiple=True,
              help="Evidence the verdict rests on (required, repeatable).")
@click.option("--by", "--reviewer", "by", metavar="ACTOR",
              help="Who reviewed it (default: actor:argmap-editors, the dataset's editors).")
@click.option("--date", metavar="DATE", help="Date of the review (default: today).")
@click.option("--lang", default="en", show_default=True, help="Language of the reason.")
@json_option
@pass_session
def review(session: Session, target, verdict, reason, sources, by, date, lang, as_json):
    """Fact-check a claim, an assertion or a membership: a verdict, the reason and the evidence.

    The reviewed statement stays as its author made it; the review sits beside it.

    Example:

    \b
        argmap review false-alarm-rate --verdict overstated \\
            --reason "No deployment measured 99%; 99.3% is a projection." \\
            --source face-off --source unstatistik-2018-11
    """
    _require(verdict, "--verdict VERDICT", f"one of {', '.join(VERDICTS)}")
    _require(reason, "--reason TEXT", "say why")
    _require(sources, "--source SOURCE", "name the evidence")
    changeset = _apply(session, edit_lib.plan_review, target, verdict=verdict, reason=reason,
                       sources=sources, by=by, date=date, lang=lang)
    _report(changeset, as_json)


@click.command()
@click.argument("target", metavar="ID")
@click.option("--cascade", is_flag=True,
              help="Also remove the nodes that depend on it (and say which).")
@json_option
@pass_session
def remove(session: Session, target, cascade, as_json):
    """Remove a node (with its own assertions or memberships).

    Refused while other nodes refer to it, listing them; --cascade removes the nodes that
    cannot stand without it (relations, assertions, reviews …) and drops optional references.

    Example:

    \b
        argmap remove claim:my-typo --cascade
    """
    changeset = _apply(session, edit_lib.plan_remove, target, cascade=cascade)
    if as_json:
        click.echo(changeset.to_json())
        return
    for node in changeset.removed_nodes:
        click.echo(f"removed {edit_lib.short_name(node)}")
    for triple in changeset.dropped:  # nodes that stay, without their link to what went
        click.echo("dropped " + " ".join(edit_lib.short_name(term) for term in triple))


@click.command()
@click.argument("old")
@click.argument("new", required=False)
@click.option("--json", "as_json", is_flag=True, help="The changes as structured JSON.")
@pass_session
def diff(session: Session, old, new, as_json):
    """What changed between two versions of a map, as a changelog: claims, relations,
    sources, actors, reviews … added (+), removed (-) or changed (~).

    OLD and NEW are files or git:REV (git:REV:PATH); git:REV without a path reads the other
    file's path, or the data file's, at that revision.  NEW defaults to the data file.

    Example:

    \b
        argmap diff git:HEAD~1 data/claims.ttl
    """
    from graph import diff as diff_lib

    new = new or str(session.data_path)
    old_graph, new_graph = diff_lib.load_versions(old, new, session.data_path)
    changes = diff_lib.diff_graphs(old_graph, new_graph)
    if as_json:
        click.echo(json.dumps(diff_lib.changes_as_dict(changes, old, new), ensure_ascii=False,
                              indent=2))
    else:
        click.echo(diff_lib.changelog(changes, old, new), nl=False)


COMMANDS = [add, link, review, remove, diff]
