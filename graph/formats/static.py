"""Drawings and Graphviz source: svg, png, pdf and dot, made by :func:`viz.static.render`.

The same map as ``argmap draw`` (shapes, colours and line styles of :mod:`viz.style`), laid out
by Graphviz's ``dot``; with ``--focus`` the neighbourhood with its actors and sources.
Needs the ``dot`` program for svg/png/pdf (Debian package ``graphviz``).
"""

from __future__ import annotations

from rdflib import Graph, URIRef

__all__ = ["svg_export", "png_export", "pdf_export", "dot_export"]


def _render(graph: Graph, fmt: str, focus, depth) -> bytes:
    from viz.static import render

    return render(graph, fmt, focus=str(focus) if isinstance(focus, URIRef) else focus,
                  depth=depth)


def svg_export(graph: Graph, *, focus=None, depth=None) -> bytes:
    return _render(graph, "svg", focus, depth)


def png_export(graph: Graph, *, focus=None, depth=None) -> bytes:
    return _render(graph, "png", focus, depth)


def pdf_export(graph: Graph, *, focus=None, depth=None) -> bytes:
    return _render(graph, "pdf", focus, depth)


def dot_export(graph: Graph, *, focus=None, depth=None) -> bytes:
    return _render(graph, "dot", focus, depth)
