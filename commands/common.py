"""Pieces every argmap command shares: the session (which graph), output options, ID lookup.

A command is thin: it parses its options, calls one library function, and hands the rows it
got back to :func:`output_options`, which prints them as a table, JSON, JSON lines, CSV or TSV.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

import click

from graph.errors import ArgmapError, NotFoundError

if TYPE_CHECKING:  # rdflib is imported by the commands that open a graph, not by `--help`
    from rdflib import Graph, URIRef

__all__ = [
    "Session", "pass_session", "output_options", "emit", "resolve_id", "short_id",
    "UsageError", "DataCommandError", "EXAMPLE",
]

EXAMPLE = "\b\nExample:\n\n"


class DataCommandError(click.ClickException):
    """A data or usage problem: one line on stderr, exit status 2, no traceback."""

    exit_code = 2


UsageError = click.UsageError


@dataclass
class Session:
    """What the global options chose: a data file (default: the debate) or a SPARQL endpoint."""

    data: str | None = None
    store_url: str | None = None
    update_url: str | None = None
    _graph: Graph | None = field(default=None, repr=False)

    @property
    def data_path(self) -> Path:
        """The data file commands read and edit (meaningless with ``--store``)."""
        from graph.store import default_data_path

        return Path(self.data) if self.data else default_data_path()

    @property
    def is_remote(self) -> bool:
        return bool(self.store_url)

    @property
    def graph(self) -> Graph:
        """The graph, loaded once per command."""
        if self._graph is None:
            from graph.store import open_graph

            self._graph = open_graph(None if self.store_url else self.data_path,
                                     store_url=self.store_url, update_url=self.update_url)
        return self._graph


pass_session = click.make_pass_decorator(Session, ensure=True)


# --- output -----------------------------------------------------------------------------------

def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _columns(rows: Sequence[dict], columns: Sequence[str] | None) -> list[str]:
    if columns:
        return list(columns)
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            seen.setdefault(key, None)
    return list(seen)


def emit(rows: Iterable[dict] | dict, fmt: str = "table", columns: Sequence[str] | None = None,
         file=None) -> None:
    """Print *rows* (a list of dicts; a single dict is printed as key/value pairs).

    ``table`` wraps long text instead of cutting it; ``json`` is a list of objects; ``nl`` one
    object a line; ``csv``/``tsv`` have a header row, lists joined with ``; ``.
    """
    out = file or sys.stdout
    if isinstance(rows, dict) and fmt == "table":
        rows = [{"field": k, "value": v} for k, v in rows.items()]
    if isinstance(rows, dict):
        out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    rows = list(rows)
    if fmt == "json":
        out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "nl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt in ("csv", "tsv"):
        import csv
        import io

        names = _columns(rows, columns)
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(names)
        for row in rows:
            writer.writerow([_cell(row.get(name)) for name in names])
        out.write(buffer.getvalue())
    else:
        _print_table(rows, _columns(rows, columns), out)


def _print_table(rows: list[dict], names: list[str], out) -> None:
    if not rows:
        click.echo("(no rows)", file=out, err=False)
        return
    from rich.console import Console
    from rich.table import Table, box

    width = None if out.isatty() else int(os.environ.get("COLUMNS", "120"))
    console = Console(file=out, width=width, soft_wrap=False, highlight=False,
                      no_color=not out.isatty(), emoji=False, markup=False)
    table = Table(box=box.SIMPLE_HEAD, show_lines=False, expand=False)
    for name in names:
        table.add_column(name, overflow="fold")  # wrap, never cut
    for row in rows:
        table.add_row(*(_cell(row.get(name)) for name in names))
    console.print(table)


def output_options(function: Callable) -> Callable:
    """Add ``--table`` (default), ``--json``, ``--nl``, ``--csv``, ``--tsv`` to a command.

    The command returns a list of dicts (or ``(rows, columns)``); the decorator prints it.
    """
    @click.option("--table", "fmt", flag_value="table", default=True, help="Readable table (default).")
    @click.option("--json", "fmt", flag_value="json", help="A JSON list of objects.")
    @click.option("--nl", "fmt", flag_value="nl", help="One JSON object a line.")
    @click.option("--csv", "fmt", flag_value="csv", help="CSV with a header row.")
    @click.option("--tsv", "fmt", flag_value="tsv", help="Tab-separated with a header row.")
    @functools.wraps(function)
    def wrapper(*args, fmt: str = "table", **kwargs):
        result = function(*args, **kwargs)
        if result is None:
            return
        columns = None
        if isinstance(result, tuple):
            result, columns = result
        emit(result, fmt, columns)

    return wrapper


# --- IDs --------------------------------------------------------------------------------------

def short_id(graph: Graph | None, iri: URIRef | str) -> str:
    """``claim:false-alarm-rate`` for a debate IRI; the full IRI when no prefix fits."""
    from graph.vocab import short_id as vocab_short_id

    return vocab_short_id(iri, graph)


def _known_subjects(graph: Graph) -> set[URIRef]:
    from rdflib import URIRef
    from rdflib.namespace import RDF

    return {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)}


def resolve_id(graph: Graph, text: str, kinds: Sequence[str] | None = None) -> URIRef:
    """The node named by *text*: a full IRI, a prefixed name (``claim:x``) or a bare slug (``x``).

    A bare slug is looked up under every kind of the debate (``claim/``, ``actor/`` …, or only
    *kinds*).  Unknown IDs raise :class:`NotFoundError` with the closest matches.
    """
    import difflib

    from rdflib import URIRef

    from graph.vocab import BMS, PREFIXES

    text = text.strip()
    if not text:
        raise NotFoundError("empty ID")
    candidates: list[URIRef] = []
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if "://" in text or text.startswith("urn:"):
        candidates.append(URIRef(text))
    elif ":" in text:
        prefix, local = text.split(":", 1)
        namespaces = {p: str(n) for p, n in graph.namespaces()}
        namespaces.update({p: str(n) for p, n in PREFIXES.items()})
        if prefix in namespaces:
            candidates.append(URIRef(namespaces[prefix] + local))
    else:
        segments = kinds or ("claim", "actor", "source", "support", "attack", "assertion",
                             "event", "review", "position", "membership", "topic")
        candidates += [URIRef(f"{BMS}{segment}/{text}") for segment in segments]
    found = [c for c in candidates if (c, None, None) in graph]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        names = ", ".join(short_id(graph, f) for f in found)
        raise NotFoundError(f"{text!r} is ambiguous: {names}; give the prefix")
    known = {short_id(graph, s): s for s in _known_subjects(graph)}
    if kinds:
        known = {k: v for k, v in known.items() if k.split(":", 1)[0] in kinds}
    bare = {k.split(":", 1)[-1]: k for k in known}
    close = difflib.get_close_matches(text, list(known), n=3, cutoff=0.5)
    close += [bare[m] for m in difflib.get_close_matches(text.split(":")[-1], list(bare), n=3,
                                                         cutoff=0.5) if bare[m] not in close]
    hint = f"; did you mean {', '.join(close[:3])}?" if close else ""
    raise NotFoundError(f"no node {text!r} in the graph{hint}")


def label_of(graph: Graph, node) -> str:
    """A readable name for *node*: its label, name or title, else its short ID."""
    from rdflib.namespace import DCTERMS, FOAF, RDFS, SKOS

    for predicate in (RDFS.label, FOAF.name, SKOS.prefLabel, DCTERMS.title):
        value = graph.value(node, predicate)
        if value is not None:
            return str(value)
    return short_id(graph, node)


def fail(message: str) -> None:
    """Stop the command with a one-line message and exit status 2."""
    raise DataCommandError(message)


def run_library(function: Callable, *args, **kwargs):
    """Call a library function, turning :class:`ArgmapError` into a one-line CLI error."""
    try:
        return function(*args, **kwargs)
    except ArgmapError as exc:
        raise DataCommandError(str(exc)) from None
