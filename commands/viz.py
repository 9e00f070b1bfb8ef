"""Commands that draw the map: ``draw`` (one self-contained HTML page) and ``embed``."""

from __future__ import annotations

import sys

import click

from commands.common import Session, pass_session, resolve_id
from graph.errors import NotFoundError


def _resolve_focus(graph, text: str):
    """A claim first (``false-alarm-rate`` names a claim and its review), else any node."""
    try:
        return resolve_id(graph, text, kinds=("claim",))
    except NotFoundError:
        return resolve_id(graph, text)


@click.command()
@click.option("-o", "--output", default="map.html", show_default=True, metavar="PATH",
              help="Where to write the page ('-' for standard output).")
@click.option("--focus", metavar="ID", help="Draw only the neighbourhood of this claim, actor or source.")
@click.option("--depth", type=click.IntRange(0, 20), metavar="N",
              help="Relations to follow from --focus (default 2).")
@click.option("--actor", metavar="ID", help="Only claims this actor stated (with the proposals).")
@click.option("--topic", metavar="ID", help="Only claims on this topic (with the proposals).")
@click.option("--layout", type=click.Choice(["layered", "force"]), default="layered",
              show_default=True, help="layered: proposals on top, for left, against right; "
                                      "force: a spring layout.")
@click.option("--theme", type=click.Choice(["light", "dark"]), default="light", show_default=True)
@click.option("--title", metavar="TEXT", help="Heading and page title (default: from the proposals).")
@click.option("--lang", default="en", show_default=True, metavar="TAG",
              help="Language of the page (the html lang attribute).")
@click.option("--max-nodes", type=click.IntRange(1, None), default=400, show_default=True,
              help="Refuse to draw more nodes than this (a hairball and a frozen tab).")
@click.option("--aggregate", is_flag=True,
              help="When over --max-nodes, draw one node per topic instead of refusing.")
@pass_session
def draw(session: Session, output: str, focus, depth, actor, topic, layout, theme, title, lang,
         max_nodes, aggregate):
    """Draw the debate as one self-contained, accessible HTML map.

    The page works offline and makes no network request: vis-network is inlined, the data
    travels as JSON and is shown as text only.  It holds a text outline of the same map for
    screen readers and print.  Embed it with `argmap embed`.

    \b
    Example:

        argmap draw -o map.html --theme dark
        argmap draw --focus false-alarm-rate --depth 1 -o alarm.html
    """
    from viz.html import draw as draw_map

    graph = session.graph
    focus_iri = _resolve_focus(graph, focus) if focus else None
    if depth is not None and focus_iri is None:
        raise click.UsageError("--depth needs --focus")
    actor_iri = resolve_id(graph, actor, kinds=("actor",)) if actor else None
    topic_iri = resolve_id(graph, topic, kinds=("topic",)) if topic else None
    page = draw_map(graph, None if output == "-" else output, focus=focus_iri, depth=depth,
                    actor=actor_iri, topic=topic_iri, layout=layout, theme=theme, title=title,
                    lang=lang, max_nodes=max_nodes, aggregate=aggregate)
    if output == "-":
        sys.stdout.write(page)
    else:
        click.echo(f"wrote {output} ({len(page.encode('utf-8')) // 1024} KB); "
                   f"embed it with: argmap embed {output}", err=True)


@click.command()
@click.argument("map_file", metavar="MAP.html", type=click.Path(dir_okay=False))
@click.option("--url", metavar="URL",
              help="Where the map will be published (default: its file name, for a page beside it).")
@click.option("--height", type=click.IntRange(200, 5000), default=720, show_default=True,
              help="Initial height in pixels, before the map reports its own.")
def embed(map_file: str, url: str | None, height: int):
    """Print the HTML to paste into a web page or CMS to embed a map.

    An iframe (title, full width, lazy loading, sandboxed) and a few lines of script that
    resize it: the map reports its height in the Pym.js and AMP embed-size formats.

    \b
    Example:

        argmap embed map.html --url https://example.org/maps/map.html
    """
    from viz.html import embed_snippet

    click.echo(embed_snippet(map_file, url=url, height=height), nl=False)


COMMANDS = [draw, embed]
