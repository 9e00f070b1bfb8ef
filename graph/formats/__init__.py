"""The format registry: every file format argmap reads or writes, by name.

A *format* is one module of this package with an ``export(graph, *, focus=None, depth=None)``
function (returning ``bytes``, or ``{file name: bytes}`` for formats made of several files such
as ``csv``) and/or an ``import_(data, *, name)`` function (returning a new :class:`rdflib.Graph`
in argmap's vocabulary, with provenance for every imported node).  The module is registered here
by one :class:`Format` line, in the style of rdflib's plugin registry; the module is imported
only when the format is used, so a format's dependencies cost nothing to the others.

Adding a format = one module + one line in :data:`FORMATS`.

>>> get("aif").imports, get("graphml").imports
(True, False)
>>> guess("debate.argdown").name
'argdown'
>>> sorted(f.name for f in FORMATS.values() if f.imports)[:4]
['aif', 'apx', 'argdown', 'csv']
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from graph.errors import ArgmapError

__all__ = ["Format", "FORMATS", "get", "guess", "export", "import_data", "names"]


@dataclass(frozen=True)
class Format:
    """A registered format: where its code is and what it can carry."""

    name: str
    module: str
    suffixes: tuple[str, ...]
    exports: bool
    imports: bool
    carries: str
    binary: bool = False
    multi_file: bool = False
    attribute_prefix: str = ""  # modules holding several formats name functions <prefix>export

    def _function(self, kind: str) -> Callable:
        module = importlib.import_module(f"graph.formats.{self.module}")
        return getattr(module, f"{self.attribute_prefix}{kind}")

    @property
    def export(self) -> Callable:
        if not self.exports:
            raise ArgmapError(f"format {self.name!r} can only be imported")
        return self._function("export")

    @property
    def import_(self) -> Callable:
        if not self.imports:
            raise ArgmapError(f"format {self.name!r} can only be exported; "
                              f"import one of: {', '.join(names(imports=True))}")
        return self._function("import_")


_EVERYTHING = "every triple"
_ARGUMENTS = "claims, supports, attacks (with kind)"

#: Every format, by name.
FORMATS: dict[str, Format] = {f.name: f for f in [
    Format("turtle", "rdf", (".ttl", ".turtle"), True, True, _EVERYTHING,
           attribute_prefix="turtle_"),
    Format("ntriples", "rdf", (".nt", ".ntriples"), True, True, _EVERYTHING,
           attribute_prefix="ntriples_"),
    Format("jsonld", "rdf", (".jsonld",), True, True,
           _EVERYTHING + " (JSON-LD with argmap's published @context)",
           attribute_prefix="jsonld_"),
    Format("aif", "aif", (".json",), True, True,
           _ARGUMENTS + ", speakers (locutions + participants), dates; AIF RDF accepted"),
    Format("argdown", "argdown", (".argdown", ".ad"), True, True,
           _ARGUMENTS + ", topics as tags, assertions/sources/actors as YAML data"),
    Format("kialo", "kialo", (".kialo",), False, True, "claims with Pro/Con as supports/attacks"),
    Format("csv", "csvfiles", (".csv",), True, True,
           "nodes.csv (claims, labels, topics, speakers) + edges.csv (supports, attacks)",
           multi_file=True),
    Format("graphml", "graphml", (".graphml",), True, False,
           _ARGUMENTS + " as node/edge attributes (yEd, Gephi, networkx)"),
    Format("gexf", "gexf", (".gexf",), True, False,
           _ARGUMENTS + " as node/edge attributes (Gephi, networkx)"),
    Format("dot", "static", (".dot", ".gv"), True, False, _ARGUMENTS + " (Graphviz source)",
           attribute_prefix="dot_"),
    Format("mermaid", "mermaid", (".mmd", ".mermaid"), True, False,
           _ARGUMENTS + " (Mermaid flowchart)"),
    Format("markdown", "markdown", (".md", ".markdown"), True, False,
           "a briefing: proposals, arguments for/against, rebuttals, reviews, sources"),
    Format("apx", "abstract", (".apx",), True, True,
           "abstract framework: arguments (claims, supports) and attacks only", attribute_prefix="apx_"),
    Format("tgf", "abstract", (".tgf",), True, True,
           "abstract framework: arguments (claims, supports) and attacks only", attribute_prefix="tgf_"),
    Format("iccma", "abstract", (".i23", ".af", ".iccma"), True, True,
           "abstract framework: arguments and attacks only (ICCMA'23 numbering)",
           attribute_prefix="iccma_"),
    Format("svg", "static", (".svg",), True, False, "a drawing of the map (Graphviz)",
           attribute_prefix="svg_"),
    Format("png", "static", (".png",), True, False, "a drawing of the map (Graphviz)",
           binary=True, attribute_prefix="png_"),
    Format("pdf", "static", (".pdf",), True, False, "a drawing of the map (Graphviz)",
           binary=True, attribute_prefix="pdf_"),
]}

_ALIASES = {"ttl": "turtle", "nt": "ntriples", "n-triples": "ntriples", "json-ld": "jsonld",
            "aif-json": "aif", "i23": "iccma", "md": "markdown", "gv": "dot", "mmd": "mermaid",
            "ad": "argdown"}


def names(exports: bool | None = None, imports: bool | None = None) -> list[str]:
    """Registered format names, optionally only those that export / import."""
    return [f.name for f in FORMATS.values()
            if (exports is None or f.exports == exports) and (imports is None or f.imports == imports)]


def get(name: str) -> Format:
    """The format called *name* (or an alias such as ``ttl``); unknown names raise ArgmapError."""
    key = _ALIASES.get(name.lower(), name.lower())
    try:
        return FORMATS[key]
    except KeyError:
        raise ArgmapError(f"unknown format {name!r}; known formats: {', '.join(FORMATS)}") from None


def guess(path: str | Path, *, importing: bool = False) -> Format:
    """The format of *path*, from its suffix (a folder holding nodes.csv is ``csv``).

    A ``.json`` file is AIF unless it looks like JSON-LD (argmap's own export names its
    ``@context``), which the importer checks itself; ``.txt`` files are Kialo exports when they
    start with ``Discussion Title:``.
    """
    path = Path(path)
    if path.is_dir() and (path / "nodes.csv").exists():
        return FORMATS["csv"]
    suffix = path.suffix.lower()
    if suffix == ".json" and importing and path.is_file():
        head = path.open("rb").read(4096)
        if b'"@context"' in head or b'"@id"' in head:
            return FORMATS["jsonld"]
    if suffix == ".txt" and path.is_file():
        head = path.open("rb").read(200).lstrip(b"\xef\xbb\xbf")
        if head.startswith(b"Discussion Title:"):
            return FORMATS["kialo"]
    for fmt in FORMATS.values():
        if suffix in fmt.suffixes and (fmt.imports or not importing):
            return fmt
    for fmt in FORMATS.values():
        if suffix in fmt.suffixes:
            fmt.import_  # an export-only format: say so
    known = ", ".join(sorted({s for f in FORMATS.values() for s in f.suffixes}))
    raise ArgmapError(f"{path}: cannot tell the format from the file name ({known}); "
                      "give --format")


def export(graph, name: str, *, focus=None, depth=None) -> bytes | dict[str, bytes]:
    """Export *graph* (or the neighbourhood of *focus* within *depth* hops) as format *name*."""
    fmt = get(name)
    if focus is not None:
        from ._subgraph import neighbourhood

        graph = neighbourhood(graph, focus, depth if depth is not None else 1)
    return fmt.export(graph, focus=focus, depth=depth)


def import_data(data, name: str, format: str):
    """Parse *data* (bytes, or ``{file name: bytes}`` for csv) of *format* into a new graph."""
    return get(format).import_(data, name=name)
