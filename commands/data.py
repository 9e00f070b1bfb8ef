"""Commands about the data file itself: ``stats`` and ``fmt``.

Libraries are imported inside the command that uses them, so that loading this module (for
either command, or for help) costs only click.
"""

from __future__ import annotations

import json

import click

from commands.common import Session, emit, pass_session

__all__ = ["COMMANDS", "stats", "fmt"]


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as one JSON object.")
@pass_session
def stats(session: Session, as_json: bool):
    """Count claims, relations, assertions, actors, sources, reviews and events.

    Also counts claims that rest on no source (0 for the shipped debate).

    \b
    Example:

        argmap stats --json
    """
    from graph.cache import derived
    from graph.stats import statistics

    graph = session.graph
    counts = derived(graph, "stats", lambda: statistics(graph))  # seconds at 100,000 claims
    if as_json:
        click.echo(json.dumps(counts, indent=2))
    else:
        emit([{"what": key.replace("_", " "), "count": value} for key, value in counts.items()])


@click.command("fmt")
@click.argument("path", type=click.Path(dir_okay=False), required=False)
@click.option("--check", is_flag=True, help="Only report whether the file is in canonical form (exit 1 if not).")
@pass_session
def fmt(session: Session, path: str | None, check: bool):
    """Rewrite a data file in argmap's canonical Turtle layout (atomic, under the lock).

    Sorted subjects and one triple a line keep git diffs small; run it after editing by hand.

    \b
    Example:

        argmap fmt data/claims.ttl
    """
    from pathlib import Path

    from graph.store import canonicalise, digest, read_graph, serialize_stable

    target = Path(path) if path else session.data_path
    if check:
        loaded = read_graph(target)
        if digest(serialize_stable(loaded.graph)) != loaded.digest:
            click.echo(f"{target}: not in canonical form (run: argmap fmt {target})")
            raise SystemExit(1)
        click.echo(f"{target}: canonical")
        return
    changed = canonicalise(target)
    click.echo(f"{target}: {'rewritten' if changed else 'already canonical'}")


COMMANDS = [stats, fmt]
