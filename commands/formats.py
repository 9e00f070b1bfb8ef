"""Commands that exchange maps with other tools: ``export``, ``import`` and ``formats``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from commands.common import Session, output_options, pass_session, resolve_id
from graph.errors import ArgmapError


@click.command("export")
@click.option("--format", "-f", "format_name", metavar="FORMAT",
              help="Format name (see `argmap formats`); default: guessed from -o.")
@click.option("-o", "--output", metavar="PATH",
              help="Write to PATH (a folder for csv); default: standard output.")
@click.option("--focus", metavar="ID", help="Export only the neighbourhood of this claim.")
@click.option("--depth", type=click.IntRange(min=0), default=None,
              help="Relations around --focus to include (default 1).")
@pass_session
def export_command(session: Session, format_name: str | None, output: str | None,
                   focus: str | None, depth: int | None):
    """Export the map to another tool's format: Argdown, AIF, GraphML, GEXF, CSV, Markdown ….

    Without -o the file goes to standard output.  --focus ID --depth N exports the claims
    within N relations of ID, with their assertions, sources and actors.

    Example:

    \b
        argmap export --format argdown -o debate.argdown
        argmap export --format aif --focus claim:false-alarm-rate --depth 2 > part.json
    """
    from graph.formats import export, get, guess
    from graph.store import atomic_write_bytes

    if format_name:
        fmt = get(format_name)
    elif output:
        fmt = guess(output)
    else:
        raise ArgmapError("give --format (or -o with a file name that shows the format)")
    if not fmt.exports:
        raise ArgmapError(f"format {fmt.name!r} can only be imported")
    if depth is not None and focus is None:
        raise ArgmapError("--depth needs --focus")
    if fmt.multi_file and not output:
        raise ArgmapError(f"{fmt.name} writes several files; give -o FOLDER")
    graph = session.graph
    focus_iri = resolve_id(graph, focus) if focus else None
    result = export(graph, fmt.name, focus=focus_iri, depth=depth)
    if isinstance(result, dict):
        folder = Path(output)
        if folder.exists() and not folder.is_dir():
            raise ArgmapError(f"{folder}: {fmt.name} writes several files; -o must be a folder")
        folder.mkdir(parents=True, exist_ok=True)
        for file_name, data in result.items():
            atomic_write_bytes(folder / file_name, data)
        click.echo(f"wrote {', '.join(str(folder / n) for n in result)}", err=True)
        return
    if output:
        target = Path(output)
        if target.is_dir():
            raise ArgmapError(f"{target}: is a folder; give a file name")
        atomic_write_bytes(target, result)
        click.echo(f"wrote {target} ({fmt.name}, {len(result):,} bytes)", err=True)
        return
    if fmt.binary and sys.stdout.isatty():
        raise ArgmapError(f"{fmt.name} is binary; give -o FILE or redirect the output")
    sys.stdout.buffer.write(result)
    sys.stdout.flush()


@click.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--format", "-f", "format_name", metavar="FORMAT",
              help="Format of PATH (see `argmap formats`); default: guessed from its name.")
@click.option("--into", metavar="PATH", help="Data file to merge into (default: --data).")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--prefer", type=click.Choice(["ours", "theirs"]),
              help="On conflicts (same IRI, different text) keep ours or take theirs.")
@output_options
@pass_session
def import_command(session: Session, path: Path, format_name: str | None, into: str | None,
                   dry_run: bool, prefer: str | None):
    """Import a map (Argdown, AIF, Kialo, CSV, RDF …) into the data, validated and atomic.

    The file is read, merged and validated before anything is written; a conflict (the same
    IRI with a different text) refuses the import unless you choose --prefer.  --dry-run lists
    the nodes that would be added or changed, and the conflicts.

    Example:

    \b
        argmap import debate.argdown --dry-run
        argmap import nodeset6064.json --into data/claims.ttl
    """
    from graph.formats.merge import import_file

    if session.is_remote and not into:
        raise ArgmapError("import writes a data file; with --store, give --into FILE (then load "
                          "it into the store)")
    target = Path(into) if into else session.data_path
    result = import_file(path, target, format=format_name, dry_run=dry_run, prefer=prefer)
    verb = "would add" if dry_run else "added"
    removed = f", {'would remove' if dry_run else 'removed'} {result.removed}" if result.removed else ""
    click.echo(f"{result.path} ({result.format}): {verb} {result.added} triples{removed} "
               f"({len(result.nodes)} nodes) {'to' if dry_run else 'in'} {result.target}"
               + (f"; {len(result.conflicts)} conflicts" if result.conflicts else ""), err=True)
    rows = [dict(row, conflict="") for row in result.nodes]
    for conflict in result.conflicts:
        rows.append({"id": conflict["id"], "kind": conflict["property"], "change": "conflict",
                     "conflict": f"ours: {conflict['ours']} | theirs: {conflict['theirs']}"})
    return rows, ["id", "kind", "change", "conflict"]


@click.command("formats")
@output_options
def formats_command():
    """List the formats argmap exports and imports, and what each can carry.

    \b
    Example:

        argmap formats --json
    """
    from graph.formats import FORMATS

    return [{"name": f.name, "export": "yes" if f.exports else "", "import": "yes" if f.imports else "",
             "suffixes": " ".join(f.suffixes), "carries": f.carries} for f in FORMATS.values()]


COMMANDS = [export_command, import_command, formats_command]
