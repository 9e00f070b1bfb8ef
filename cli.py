"""The ``argmap`` command: a thin click layer over the ``graph`` and ``viz`` libraries.

Each command lives in a module of ``commands/`` (one per area) and calls one library function;
this file only builds the group, its global options and its error handling.

A command's module is imported when that command runs, not before: importing every area (rdflib,
the SPARQL machinery, SHACL, the semantics, the edit planner) cost a third of a second that
``argmap query`` on a cached file should not pay.  So :data:`COMMANDS` names, for each command,
its module and the first paragraph of its help, and ``argmap --help`` lists the commands from
that table without importing any of them (as pip lists its commands).  ``tests/test_cli.py``
checks that the table and the commands agree.
"""

from __future__ import annotations

import importlib
import sys

import click

__all__ = ["main", "COMMANDS"]

#: Every command: name -> (module exposing it in its ``COMMANDS`` list, first paragraph of its
#: help).  Adding a command is one line here.
COMMANDS: dict[str, tuple[str, str]] = {
    "stats": ("commands.data",
              "Count claims, relations, assertions, actors, sources, reviews and events."),
    "fmt": ("commands.data",
            "Rewrite a data file in argmap's canonical Turtle layout (atomic, under the lock)."),
    "validate": ("commands.validate",
                 "Check a data file against argmap's data model and report every problem."),
    "claims": ("commands.query",
               "List claims with their topics, who asserted them, and counts of assertions, "
               "sources and attacks."),
    "show": ("commands.query",
             "Show the card of a claim, actor or source (or any node of the map)."),
    "rebuttals": ("commands.query",
                  "Show the tree of attacks on a claim and the counter-attacks on those, with "
                  "who and where."),
    "actors": ("commands.query",
               "List actors with their kind, country, groups and how many claims they asserted."),
    "sources": ("commands.query",
                "List sources with their kind, date, publisher, identifiers (ECLI, CELEX, "
                "document number, DOI …), URLs, and how often they are cited."),
    "timeline": ("commands.query",
                 "List assertions and events (votes with their counts, meetings) in date order."),
    "query": ("commands.sparql",
              "Run a read-only SPARQL query: inline text, @file.rq, a named query's name, or - "
              "(stdin)."),
    "queries": ("commands.sparql",
                "List the named queries with their parameters, or show one (its parameters and "
                "SPARQL)."),
    "status": ("commands.semantics",
               "Which claims stand: the status of every claim and support under a semantics."),
    "explain": ("commands.semantics",
                "Why a claim is IN, OUT or UNDECIDED: the attackers and defenders that decide "
                "it."),
    "analyse": ("commands.semantics",
                "The shape of the debate: contested claims, coalitions, one-sided and doubtful "
                "claims."),
    "draw": ("commands.viz", "Draw the debate as one self-contained, accessible HTML map."),
    "embed": ("commands.viz", "Print the HTML to paste into a web page or CMS to embed a map."),
    "export": ("commands.formats",
               "Export the map to another tool's format: Argdown, AIF, GraphML, GEXF, CSV, "
               "Markdown …."),
    "import": ("commands.formats",
               "Import a map (Argdown, AIF, Kialo, CSV, RDF …) into the data, validated and "
               "atomic."),
    "formats": ("commands.formats",
                "List the formats argmap exports and imports, and what each can carry."),
    "add": ("commands.edit",
            "Add a claim, a source or an actor to the map (validated, atomic; see each "
            "subcommand)."),
    "link": ("commands.edit",
             "Relate two existing nodes: claim A supports or attacks claim B, or undercuts "
             "support B."),
    "review": ("commands.edit",
               "Fact-check a claim, an assertion or a membership: a verdict, the reason and the "
               "evidence."),
    "remove": ("commands.edit", "Remove a node (with its own assertions or memberships)."),
    "diff": ("commands.edit",
             "What changed between two versions of a map, as a changelog: claims, relations, "
             "sources, actors, reviews … added (+), removed (-) or changed (~)."),
}


class ArgmapGroup(click.Group):
    """The top-level group: loads a command's module on first use, and reports data problems
    in one line with exit status 2."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMANDS:
            module = importlib.import_module(COMMANDS[name][0])
            for command in module.COMMANDS:
                self.commands.setdefault(command.name, command)
        return self.commands.get(name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of ``argmap --help``, from :data:`COMMANDS`: no module is imported.

        A stand-in command carrying the summary gives click's own shortening, so the listing
        is the one the loaded commands would give.
        """
        stand_ins = {name: self.commands.get(name) or click.Command(name, help=summary)
                     for name, (_, summary) in COMMANDS.items()}
        real, self.commands = self.commands, {**self.commands, **stand_ins}
        try:
            super().format_commands(ctx, formatter)
        finally:
            self.commands = real

    def invoke(self, ctx: click.Context):
        from graph.errors import ArgmapError

        try:
            return super().invoke(ctx)
        except ArgmapError as exc:
            from commands.common import DataCommandError

            raise DataCommandError(str(exc)) from None
        except BrokenPipeError:  # `argmap claims | head`
            sys.stderr.close()
            raise SystemExit(0)
        except KeyboardInterrupt:  # Ctrl-C: no waiting for a parse cache's loader
            cache = sys.modules.get("graph.cache")
            if cache is not None:
                cache.abandon_pending()
            raise
        finally:
            _finish_parse_cache()


def _finish_parse_cache() -> None:
    """Complete the parse-cache entry a command started (its answer is printed by now), so the
    next command is a hit; graph.cache is imported only if the command imported it."""
    cache = sys.modules.get("graph.cache")
    if cache is not None:
        cache.finish_pending()


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
    import logging

    from commands.common import Session

    # rdflib logs a traceback for each ill-typed literal ("2021-13-45"^^xsd:date) it reads;
    # `argmap validate` reports those as one line each, so the log is only noise here.
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    ctx.obj = Session(data=data, store_url=store_url, update_url=update_url)


if __name__ == "__main__":
    main()
