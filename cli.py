"""The ``argmap`` command: a thin click layer over the ``graph`` and ``viz`` libraries.

Each command lives in a module of ``commands/`` (one per area) and calls one library function;
this file only builds the group, its global options and its error handling.
"""

from __future__ import annotations

import logging
import sys

import click

from commands.common import DataCommandError, Session
from graph.errors import ArgmapError

__all__ = ["main"]

#: The command modules; each exposes ``COMMANDS``.  Adding an area is one line here.
COMMAND_MODULES = (
    "commands.data",       # stats, fmt
    "commands.validate",   # validate
    "commands.query",      # claims, show, rebuttals, actors, sources, timeline, query, queries
    "commands.semantics",  # status, explain, analyse
    "commands.viz",        # draw, embed
    "commands.formats",    # export, import, formats
    "commands.edit",       # add, link, review, remove, diff
)


class ArgmapGroup(click.Group):
    """A group whose commands report data problems in one line with exit status 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ArgmapError as exc:
            raise DataCommandError(str(exc)) from None
        except BrokenPipeError:  # `argmap claims | head`
            sys.stderr.close()
            raise SystemExit(0)


@click.group(cls=ArgmapGroup, context_settings={"help_option_names": ["-h", "--help"],
                                                "max_content_width": 100})
@click.option("--data", metavar="PATH", envvar="ARGMAP_DATA",
              help="Data file (Turtle, N-Triples, JSON-LD; apx/tgf/i23 frameworks for status). "
                   "Default: ./data/claims.ttl if present, else the bundled debate.")
@click.option("--store", "store_url", metavar="URL", envvar="ARGMAP_STORE",
              help="Work on a SPARQL 1.1 endpoint instead of a file (query URL).")
@click.option("--update-url", metavar="URL", envvar="ARGMAP_UPDATE_URL",
              help="SPARQL Update URL of --store when it differs (default: …/query → …/update).")
@click.version_option(package_name="argmap")
@click.pass_context
def main(ctx: click.Context, data: str | None, store_url: str | None, update_url: str | None):
    """argmap: the debate on banning biometric mass surveillance as an argument map.

    Claims, sources, actors and rebuttals are RDF; query them, check which claims stand,
    draw the map, export it to the formats argument tools read, and add to it safely.

    Example:

    \b
        argmap claims --actor edpb
        argmap draw -o map.html
    """
    # rdflib logs a traceback for each ill-typed literal ("2021-13-45"^^xsd:date) it reads;
    # `argmap validate` reports those as one line each, so the log is only noise here.
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    ctx.obj = Session(data=data, store_url=store_url, update_url=update_url)


def _register() -> None:
    import importlib

    for name in COMMAND_MODULES:
        module = importlib.import_module(name)
        for command in getattr(module, "COMMANDS", []):
            main.add_command(command)


_register()

if __name__ == "__main__":
    main()
