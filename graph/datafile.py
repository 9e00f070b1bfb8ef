"""Which data file, in which format, parsed by which engine: decided without rdflib.

:mod:`graph.store` reads and writes the data with rdflib; these choices come before any of
that, and :mod:`graph.cache` and ``argmap query`` on a cached file make them without parsing
anything, so they live apart from rdflib (whose import is a sixth of a second).
:mod:`graph.store` re-exports every name here.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import ArgmapError, DataError

__all__ = ["FORMATS_BY_SUFFIX", "ENGINE_VARIABLE", "ENGINES", "LARGE_FILE_BYTES", "guess_format",
           "engine_for", "bundled_data_path", "default_data_path"]

#: File suffix -> rdflib parser name.
FORMATS_BY_SUFFIX = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".ntriples": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}
_FORMAT_ALIASES = {"turtle": "turtle", "ttl": "turtle", "nt": "nt", "ntriples": "nt",
                   "n-triples": "nt", "jsonld": "json-ld", "json-ld": "json-ld"}


def guess_format(path: str | os.PathLike, format: str | None = None) -> str:
    """The rdflib parser name for *path* (or the explicit *format*)."""
    if format:
        try:
            return _FORMAT_ALIASES[format.lower()]
        except KeyError:
            raise DataError(f"unknown RDF format {format!r}; use turtle, nt or jsonld") from None
    suffix = Path(str(path)).suffix.lower()
    try:
        return FORMATS_BY_SUFFIX[suffix]
    except KeyError:
        known = ", ".join(sorted(FORMATS_BY_SUFFIX))
        raise DataError(f"cannot tell the format from the name (known suffixes: {known})",
                        path=path) from None


# --- engines ----------------------------------------------------------------------------------
#
# Two engines parse and hold a graph; both give an ordinary rdflib.Graph to the rest of argmap.
#   rdflib    rdflib's parser and in-memory store: pure Python, ~12x slower to parse than
#             Oxigraph (research/perf-baselines.md), the reference behaviour.
#   oxigraph  Oxigraph's Rust parser into an Oxigraph store behind an rdflib Graph; SPARQL
#             runs in Oxigraph.  Parsing with rdflib's parser into that store would be as slow
#             as rdflib, so it is always filled with Oxigraph's own loader.
# ``auto`` (the default) picks rdflib below LARGE_FILE_BYTES and Oxigraph from there on
# (docs/design-notes.md, "Which embedded store"); ARGMAP_ENGINE=rdflib|oxigraph forces one.

#: Environment variable choosing the engine: ``auto`` (default), ``rdflib`` or ``oxigraph``.
ENGINE_VARIABLE = "ARGMAP_ENGINE"
ENGINES = ("auto", "rdflib", "oxigraph")
#: Files from this size on are parsed by Oxigraph (and cached, see graph.cache) under ``auto``.
LARGE_FILE_BYTES = 1_000_000


def engine_for(size: int, engine: str | None = None) -> str:
    """The engine (``rdflib`` or ``oxigraph``) that parses *size* bytes.

    >>> engine_for(10, "auto"), engine_for(50_000_000, "auto"), engine_for(10, "oxigraph")
    ('rdflib', 'oxigraph', 'oxigraph')
    """
    chosen = (engine or os.environ.get(ENGINE_VARIABLE) or "auto").strip().lower()
    if chosen not in ENGINES:
        raise ArgmapError(f"{ENGINE_VARIABLE}={chosen!r}: use one of {', '.join(ENGINES)}")
    if chosen == "auto":
        return "oxigraph" if size >= LARGE_FILE_BYTES else "rdflib"
    return chosen


# --- where the data is ------------------------------------------------------------------------

def bundled_data_path() -> Path:
    """The debate shipped with argmap (``data/claims.ttl`` in a checkout or a wheel)."""
    from importlib import resources

    return Path(str(resources.files("argmap_data").joinpath("claims.ttl")))


def default_data_path() -> Path:
    """``$ARGMAP_DATA``, else ``./data/claims.ttl`` when it exists, else the bundled debate."""
    env = os.environ.get("ARGMAP_DATA")
    if env:
        return Path(env)
    local = Path("data") / "claims.ttl"
    if local.is_file():
        return local
    return bundled_data_path()
