"""``argmap validate``: check a data file against the data model (SHACL shapes and references)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from commands.common import Session, pass_session

if TYPE_CHECKING:
    from graph.validate import Report

__all__ = ["validate", "COMMANDS"]


def _remote_report(session: Session, engine: str) -> Report:
    """Validate the graph behind ``--store``: copied into memory first, one query for all triples.

    Running the shapes against the endpoint itself would send thousands of small queries.
    """
    from rdflib import Graph

    from graph.validate import quiet_literal_warnings, validate_graph
    from graph.vocab import bind_prefixes

    local = bind_prefixes(Graph())
    with quiet_literal_warnings():  # an ill-typed date is a problem to report, not a traceback
        for triple in session.graph.triples((None, None, None)):
            local.add(triple)
    return validate_graph(local, path=session.store_url, engine=engine)


@click.command("validate")
@click.argument("path", required=False, metavar="[PATH]")
@click.option("--format", "-f", "rdf_format", type=click.Choice(["turtle", "nt", "jsonld"]),
              help="Format of PATH when its name does not tell (.ttl, .nt, .jsonld).")
@click.option("--engine", type=click.Choice(["auto", "pyshacl", "compiled"]), default="auto",
              show_default=True,
              help="What runs the SHACL shapes: pySHACL, or argmap's compiled evaluator of the same "
                   "shapes (same results, for large maps); auto picks by size.")
@click.option("--json", "as_json", is_flag=True,
              help='Print {"valid": …, "problems": [{node, message, fix, …}], "path": …}.')
@pass_session
def validate(session: Session, path: str | None, rdf_format: str | None, engine: str,
             as_json: bool):
    """Check a data file against argmap's data model and report every problem.

    Checks the SHACL shapes of graph/shapes.ttl (every claim has text and an assertion with a
    source; every source a title, publisher, date and an identifier or URL; ECLI, CELEX, DOI
    and date formats; supports and attacks point at nodes of the right kind; memberships are
    dated; vote counts are whole numbers) and the references (no IRI that names nothing, no
    untyped node, no blank node, no misspelt am: term).

    Prints one line per problem (file:line: node: what is wrong — how to fix it), then a
    summary.  Exit status: 0 valid (warnings allowed), 1 problems found, 2 the file cannot be
    read (the message names file, line and column).  PATH defaults to the data file (--data),
    or the endpoint given with --store.

    \b
    Example:

        argmap validate data/claims.ttl
    """
    if path is None and session.is_remote:
        report = _remote_report(session, engine)
    else:
        from graph.validate import validate_path

        report = validate_path(path if path is not None else session.data_path, format=rdf_format,
                               engine=engine)
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        for line in report.lines():
            click.echo(line)
        click.echo(report.summary())
    if not report.valid:
        raise SystemExit(1)


COMMANDS = [validate]
