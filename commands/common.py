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
    "UsageError", "DataCommandError", "EXAMPLE", "NODE_COLUMNS", "current_format",
    "result_rows", "limit_option", "resolve_node",
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
        from graph.datafile import default_data_path

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
        out.write(_indented_json(rows) + "\n")
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


def _json_scalar(value: Any) -> str | None:
    """*value* as ``json.dumps`` writes it, for a string, number, boolean or None (the tests
    compare); None for anything else."""
    if isinstance(value, str):
        return _encode_string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value in (float("inf"), float("-inf")):
            return "Infinity" if value > 0 else "-Infinity"
        return float.__repr__(value)
    return None


#: How ``json.dumps(…, ensure_ascii=False)`` writes a string (C, where Python has it).
_encode_string = json.encoder.encode_basestring


def _indented_json(rows: list) -> str:
    """``json.dumps(rows, ensure_ascii=False, indent=2)``, byte for byte, several times faster
    for what listings print: dicts with string keys whose values are scalars or lists of
    scalars (anything else goes to ``json.dumps``).  With ``indent``, ``json`` writes through
    its pure-Python encoder: 0.14 s for the 10,000 sources of a 100,000-claim map, a third of
    the command when the answer was kept."""
    lines = []
    for row in rows:
        if not isinstance(row, dict):
            return json.dumps(rows, ensure_ascii=False, indent=2)
        items = []
        for key, value in row.items():
            if not isinstance(key, str):
                return json.dumps(rows, ensure_ascii=False, indent=2)
            text = _encode_string(value) if type(value) is str else _json_scalar(value)
            if text is None:
                if not isinstance(value, (list, tuple)):
                    return json.dumps(rows, ensure_ascii=False, indent=2)
                parts = [_encode_string(item) if type(item) is str else _json_scalar(item)
                         for item in value]
                if None in parts:
                    return json.dumps(rows, ensure_ascii=False, indent=2)
                text = "[\n      " + ",\n      ".join(parts) + "\n    ]" if parts else "[]"
            items.append(f"    {_encode_string(key)}: {text}")
        lines.append("  {\n" + ",\n".join(items) + "\n  }" if items else "  {}")
    return "[\n" + ",\n".join(lines) + "\n]" if lines else "[]"


#: Tables longer than this are laid out by :func:`_print_long_table`: rich measures every cell
#: of a table before printing it, about a millisecond a row (140 s for the 150,000 rows of
#: ``argmap status`` on a 100,000-claim map).
LONG_TABLE_ROWS = 2000


def _print_table(rows: list[dict], names: list[str], out) -> None:
    if not rows:
        click.echo("(no rows)", file=out, err=False)
        return
    if len(rows) > LONG_TABLE_ROWS:
        _print_long_table(rows, names, out)
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


def _print_long_table(rows: list[dict], names: list[str], out) -> None:
    """:func:`_print_table`'s layout (rich's ``SIMPLE_HEAD``: a header, a rule, one line a row,
    long text folded within its column, never cut) in linear time, for long tables.

    Column widths are the longest cell's, narrowed — the widest columns first — until the
    table fits the terminal (``COLUMNS``, else 120, when not a terminal).
    """
    import shutil
    import textwrap

    cells = [[_cell(row.get(name)) for name in names] for row in rows]
    widths = [max([len(name)] + [len(line[i]) for line in cells]) for i, name in
              enumerate(names)]
    available = (shutil.get_terminal_size().columns if out.isatty()
                 else int(os.environ.get("COLUMNS", "120")))
    floor = [min(w, max(len(name), 8)) for w, name in zip(widths, names)]
    excess = sum(widths) + 2 * len(widths) + 2 - available
    while excess > 0:
        shrinkable = [i for i, w in enumerate(widths) if w > floor[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        others = [widths[i] for i in shrinkable if i != widest]
        step = min(excess, widths[widest] - floor[widest],
                   max(1, widths[widest] - max(others, default=0)))
        widths[widest] -= step
        excess -= step

    formats = [f" {{:<{width}}} " for width in widths]

    def lines_of(values: list[str]) -> list[str]:
        if all(len(value) <= width and "\n" not in value  # most rows: one line
               for value, width in zip(values, widths)):
            return [" " + "".join(form.format(value) for form, value in zip(formats, values))
                    + " "]
        folded = [[value] if len(value) <= width and "\n" not in value else
                  textwrap.wrap(value, width, break_long_words=True, break_on_hyphens=False)
                  or [""] for value, width in zip(values, widths)]
        height = max(len(parts) for parts in folded)
        return [" " + "".join(f" {(parts[k] if k < len(parts) else ''):<{width}} "
                              for parts, width in zip(folded, widths)) + " "
                for k in range(height)]

    total = sum(widths) + 2 * len(widths)
    write = out.write
    write(" " * (total + 2) + "\n")
    write("\n".join(lines_of(list(names))) + "\n")
    write(" " + "\u2500" * total + " \n")
    for values in cells:
        write("\n".join(lines_of(values)) + "\n")
    write(" " * (total + 2) + "\n")


#: Columns naming the relation node itself (assertion:…, attack:…): kept in JSON and CSV for
#: tools, left out of tables, where they only take room from the text.
NODE_COLUMNS = {"assertion", "attack", "node", "item", "membership", "position"}


def current_format() -> str:
    """The output format the running command was given (``table``, ``json`` …)."""
    return click.get_current_context().params.get("fmt", "table")


def result_rows(result, table_columns: Sequence[str] | None = None):
    """Rows and columns of a query's result (:class:`graph.sparql.QueryResult`) for the output
    options; a note on stderr when the row cap cut them.

    A table shows *table_columns* (the ones worth their width on a terminal) when given;
    JSON, CSV and TSV always carry every column.
    """
    if result.truncated:
        click.echo(f"argmap: showing the first {result.limit:,} rows (row cap); "
                   "raise it with --limit", err=True)
    columns = list(result.columns)
    if current_format() == "table":
        columns = list(table_columns or [c for c in columns if c not in NODE_COLUMNS] or columns)
    return result.rows, columns


def limit_option() -> Callable:
    """The ``--limit`` option of the commands that list query results."""
    from graph.sparql import DEFAULT_LIMIT

    return click.option("--limit", type=click.IntRange(min=1), default=DEFAULT_LIMIT,
                        show_default=True, help="At most this many rows (says when it cuts).")


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

def resolve_node(session: Session, text: str, kinds: Sequence[str] | None = None) -> URIRef:
    """:func:`resolve_id` on the session's graph, with stderr kept to the one-line error."""
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


def short_id(graph: Graph | None, iri: URIRef | str) -> str:
    """``claim:false-alarm-rate`` for a debate IRI; the full IRI when no prefix fits."""
    from graph.vocab import short_id as vocab_short_id

    return vocab_short_id(iri, graph)


def _typed_ids(graph: Graph) -> list[str]:
    """The short ID (``claim:x``) of every IRI that has an ``rdf:type`` in *graph*, sorted: what
    an unknown ID is compared with.  Read from the Oxigraph store when it holds the graph
    (rdflib's triple generator costs several times more a triple), and kept in the parse-cache
    entry of a big file, so that a mistyped ID costs one reading per file content, not one per
    mistake (357,000 IRIs at 100,000 claims)."""
    from graph.cache import derived

    def read() -> list[str]:
        from rdflib import URIRef
        from rdflib.namespace import RDF

        from graph.network import short_namer
        from graph.store import oxigraph_store_of

        store = oxigraph_store_of(graph)
        if store is None:
            iris = {str(s) for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)}
        else:
            import pyoxigraph as ox

            iris = {quad.subject.value for quad in store.quads_for_pattern(
                None, ox.NamedNode(str(RDF.type)), None, ox.DefaultGraph())
                if type(quad.subject) is ox.NamedNode}
        name = short_namer(graph)
        return sorted({name(iri) for iri in iris})

    return derived(graph, "typed-ids", read)


#: Above this many IDs, an unknown ID is compared only with the IDs one typing mistake away and
#: with its neighbours in sorted order: difflib over every ID of a 100,000-claim map takes
#: seconds for each of its two passes.
WHOLE_COMPARISON_IDS = 5000
#: How many neighbours on each side of where the unknown ID would sort.
NEIGHBOURS = 500
_ID_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789-_."


def _one_edit_away(text: str) -> set[str]:
    """Every string one deletion, transposition, replacement or insertion away from *text*
    (Norvig's spelling corrector), over the letters of IDs and of *text*."""
    letters = set(_ID_LETTERS) | set(text)
    splits = [(text[:i], text[i:]) for i in range(len(text) + 1)]
    found = {a + b[1:] for a, b in splits if b}
    found |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    found |= {a + c + b[1:] for a, b in splits if b for c in letters}
    found |= {a + c + b for a, b in splits for c in letters}
    return found


def close_ids(text: str, ids: Sequence[str], n: int = 3) -> list[str]:
    """Up to *n* of *ids* that look like *text* (difflib's ratio ≥ 0.5, best first).

    *ids* must be sorted.  A small set is compared whole, as ``difflib.get_close_matches``
    does; a big one (over :data:`WHOLE_COMPARISON_IDS`) only through the IDs one typing mistake
    away and the :data:`NEIGHBOURS` on each side of *text* in sorted order — what a mistyped ID
    is close to — so the answer takes milliseconds whatever the map's size.

    >>> import difflib
    >>> ids = [f"claim:c-{i:06d}" for i in range(20_000)]
    >>> close_ids("claim:c-00042", ids)
    ['claim:c-010042', 'claim:c-009042', 'claim:c-008042']
    >>> _ == difflib.get_close_matches("claim:c-00042", ids, n=3, cutoff=0.5)
    True
    """
    import bisect
    import difflib

    if len(ids) > WHOLE_COMPARISON_IDS:
        # A bare slug is compared with prefixed IDs too: look near it under every prefix.
        anchors = [text]
        if ":" not in text:
            anchors += [f"{prefix}:{text}" for prefix in
                        sorted({i.split(":", 1)[0] for i in ids if ":" in i})]
        nearby: set[str] = set()
        for anchor in anchors:
            at = bisect.bisect_left(ids, anchor)
            nearby.update(ids[max(0, at - NEIGHBOURS):at + NEIGHBOURS])
            nearby.update(candidate for candidate in _one_edit_away(anchor)
                          if ids[min(bisect.bisect_left(ids, candidate), len(ids) - 1)]
                          == candidate)
        ids = sorted(nearby)
    return difflib.get_close_matches(text, ids, n=n, cutoff=0.5)


def resolve_id(graph: Graph, text: str, kinds: Sequence[str] | None = None) -> URIRef:
    """The node named by *text*: a full IRI, a prefixed name (``claim:x``) or a bare slug (``x``).

    A bare slug is looked up under every kind of the debate (``claim/``, ``actor/`` …, or only
    *kinds*).  Unknown IDs raise :class:`NotFoundError` with the closest matches.
    """
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
    known = _typed_ids(graph)
    if kinds:
        known = [k for k in known if k.split(":", 1)[0] in kinds]
    bare = {k.split(":", 1)[-1]: k for k in known}
    close = close_ids(text, known)
    close += [bare[m] for m in close_ids(text.split(":")[-1], sorted(bare)) if bare[m] not in close]
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
