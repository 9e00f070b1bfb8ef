"""The static map: the same argument map drawn by Graphviz as SVG, PNG or PDF, for print.

A *static drawing* is the map model of :func:`viz.model.map_model` written as a Graphviz DOT
digraph with the shapes, colours and line styles of :mod:`viz.style`, laid out by ``dot`` (a
layered layout: Gansner, Koutsofios, North & Vo 1993) with the proposals on top
(``rankdir=BT``: an argument sits below what it argues about) and a legend.  Without a focus it
draws the claims and their relations; with one it adds the actors and sources around them, as
the interactive map does when a reader focuses a claim.

DOT text is written here, not through the ``graphviz`` package's quoting, so that no label can
become an HTML-like label (``<...>``) or carry an escape sequence: every string is quoted with
backslashes and double quotes escaped.  Graphviz escapes text itself when it writes SVG.
Rendering needs the ``dot`` program (Debian package ``graphviz``).

Complexity: O(V + E) to write the DOT; ``dot``'s layout is polynomial (network simplex ranking,
iterated barycentre ordering).

Reference: E. R. Gansner, E. Koutsofios, S. C. North, K.-P. Vo, "A technique for drawing directed
graphs", IEEE TSE 19(3), 1993.

>>> from graph.store import load_graph
>>> g = load_graph(b'''@prefix am: <https://w3id.org/argmap/ns#> .
... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
... <https://w3id.org/argmap/bms/claim/x> a am:Proposal ; rdfs:label "Say \\\\"no\\\\""@en .''',
...                format="turtle")
>>> 'label="Say \\\\"no\\\\""' in to_dot(g)
True
"""

from __future__ import annotations

import shutil
import subprocess
import textwrap

from rdflib import Graph

from graph.errors import ArgmapError
from viz import style
from viz.model import map_model

__all__ = ["render", "to_dot", "model_to_dot", "FORMATS"]

#: Output formats and the ``dot -T`` name of each.
FORMATS = {"svg": "svg", "png": "png", "pdf": "pdf", "dot": "dot"}

_FONT = "Liberation Sans, DejaVu Sans, Helvetica, Arial, sans-serif"


def _quote(text: str) -> str:
    """A DOT double-quoted string whose content Graphviz shows literally."""
    text = str(text).replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r", " ").replace("\n", "\\n")
    return f'"{text}"'


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=True)) or " "


def model_to_dot(model: dict, theme_name: str = "light", legend: bool = True,
                 positions: dict | None = None) -> str:
    """The DOT text of a map model.

    With *positions* (``{id: (x, y)}`` in screen pixels, as :func:`viz.layout.layout` gives),
    every node is pinned there and Graphviz's ``neato`` only routes the edges, so the drawing
    has the layout of the interactive map; without, ``dot`` lays the map out itself.
    """
    colours = style.theme(theme_name)
    engine = ("layout=neato, inputscale=72, splines=true, overlap=true, " if positions else
              "rankdir=BT, nodesep=0.35, ranksep=0.55, newrank=true, ")
    lines = [
        "digraph argmap {",
        f"  graph [{engine}bgcolor={_quote(colours['background'])}, "
        f"fontname={_quote(_FONT)}, fontcolor={_quote(colours['text'])}, "
        f"label={_quote(model.get('title') or 'Argument map')}, labelloc=t, fontsize=20, "
        "pad=0.3];",
        f"  node [fontname={_quote(_FONT)}, margin=\"0.14,0.07\"];",
        f"  edge [fontname={_quote(_FONT)}];",
    ]
    ids: dict[str, str] = {}
    for index, node in enumerate(model["nodes"]):
        ids[node["id"]] = f"n{index}"
    proposals = []
    for node in model["nodes"]:
        kind = node["kind"]
        look = style.node_style(kind, theme_name)
        label = node.get("label") or ""
        if node.get("doubtful"):
            label = f"{style.DOUBTFUL_MARK} {label}"
        status = style.status_style(node.get("status"))
        styles = look["dot_style"].split(",")
        if status and status["dot_style"] and kind in ("claim", "proposal"):
            styles.append(status["dot_style"])
        attrs = {
            "shape": look["dot"], "style": ",".join(s for s in styles if s),
            "fillcolor": look["fill"], "color": look["border"], "fontcolor": look["font"],
            "fontsize": str(look["font_size"] - (3 if positions else 1) if kind != "junction" else 1),
            "penwidth": "2.4" if kind == "proposal" or (status and status["border_width"] >= 3)
            else "1.3",
            "label": _wrap(label, (23 if positions else 28) if kind in ("claim", "proposal", "topic")
                           else 20)
            if kind != "junction" else "",
            "tooltip": node.get("text") or label,
        }
        if kind == "junction":
            attrs.update(width="0.18", height="0.18", fixedsize="true")
        if positions and node["id"] in positions:
            x, y = positions[node["id"]]
            attrs["pos"] = f"{x:.1f},{-y:.1f}!"  # Graphviz's y axis points up
        if kind == "proposal":
            proposals.append(ids[node["id"]])
        body = ", ".join(f"{k}={_quote(v)}" for k, v in attrs.items())
        lines.append(f"  {ids[node['id']]} [{body}];")
    if proposals and not positions:
        lines.append("  { rank=max; " + "; ".join(proposals) + "; }")
    drawn = set()
    for edge in model["edges"]:
        if edge["from"] not in ids or edge["to"] not in ids:
            continue
        key = (edge["from"], edge["to"], edge["kind"], bool(edge.get("into_junction")))
        if key in drawn:  # two actors drew the same support: one line on paper
            continue
        drawn.add(key)
        look = style.edge_style(edge["kind"], theme_name)
        arrow = "none" if edge.get("into_junction") else look["dot_arrow"]
        attrs = {"color": look["color"], "style": look["dot_style"], "arrowhead": arrow,
                 "penwidth": str(look["width"] * 0.8)}
        if edge.get("count"):
            attrs["label"] = str(edge["count"])
            attrs["fontcolor"] = colours["text"]
        body = ", ".join(f"{k}={_quote(v)}" for k, v in attrs.items())
        tail, head = ids[edge["from"]], ids[edge["to"]]
        if edge["kind"] == "cites" and not positions:  # keep the source below its claim
            tail, head = head, tail
        lines.append(f"  {tail} -> {head} [{body}];")
    if legend:
        lines.extend(_legend(model, theme_name, positions))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _legend(model: dict, theme_name: str, positions: dict | None = None) -> list[str]:
    """A row under the map: one short line per relation kind present, drawn in its style."""
    colours = style.theme(theme_name)
    present = {e["kind"] for e in model["edges"]}
    if positions:
        kinds = [k for k in style.EDGE_KINDS if k in present]
        if not kinds or not positions:
            return []
        xs = [p[0] for p in positions.values()]
        bottom = max(p[1] for p in positions.values()) + 110
        step = 230
        left = (min(xs) + max(xs)) / 2 - step * len(kinds) / 2
        rows = []
        for number, kind in enumerate(kinds):
            look = style.edge_style(kind, theme_name)
            x = left + number * step
            for end, dx in (("a", 0), ("b", 120)):
                rows.append(f"  legend{number}{end} [shape=point, width=0.01, "
                            f"color={_quote(colours['background'])}, pos=\"{x + dx:.1f},{-bottom:.1f}!\"];")
            rows.append(f"  legend{number}t [shape=plaintext, fontsize=12, label={_quote(look['legend'])}, "
                        f"fontcolor={_quote(colours['text'])}, pos=\"{x + 60:.1f},{-bottom - 20:.1f}!\"];")
            rows.append(f"  legend{number}a -> legend{number}b [color={_quote(look['color'])}, "
                        f"style={_quote(look['dot_style'])}, arrowhead={_quote(look['dot_arrow'])}, "
                        f"penwidth={look['width'] * 0.8}];")
        return rows
    kinds = [k for k in reversed(style.EDGE_KINDS) if k in present]
    if not kinds:
        return []
    rows = [f"  subgraph cluster_legend {{ label={_quote('Legend')}; fontsize=12; labelloc=b; "
            f"color={_quote(colours['muted'])}; fontcolor={_quote(colours['text'])}; "
            "style=rounded; margin=10;"]
    points = []
    for number, kind in enumerate(kinds):
        look = style.edge_style(kind, theme_name)
        a, b = f"legend{number}a", f"legend{number}b"
        points += [a, b]
        for name in (a, b):
            rows.append(f"    {name} [shape=point, width=0.01, color={_quote(colours['background'])}];")
        rows.append(f"    {a} -> {b} [label={_quote(look['legend'])}, fontsize=11, "
                    f"fontcolor={_quote(colours['text'])}, color={_quote(look['color'])}, "
                    f"style={_quote(look['dot_style'])}, arrowhead={_quote(look['dot_arrow'])}, "
                    f"penwidth={look['width'] * 0.8}, minlen=3];")
    rows.append("    { rank=min; " + "; ".join(points) + "; }")
    rows.append("  }")
    return rows


def to_dot(graph: Graph, focus=None, depth: int | None = None, theme: str = "light",
           **filters) -> str:
    """The DOT text of the map of *graph* (see :func:`render`)."""
    # Print wants a small picture: one step around a focus unless told otherwise.
    model = map_model(graph, focus=focus, depth=1 if focus is not None and depth is None else depth,
                      **filters)
    if focus is None:
        keep = {n["id"] for n in model["nodes"] if n["kind"] not in ("actor", "source")}
        model = {**model, "nodes": [n for n in model["nodes"] if n["id"] in keep],
                 "edges": [e for e in model["edges"] if e["from"] in keep and e["to"] in keep]}
    from viz.layout import layout

    return model_to_dot(model, theme, positions=layout(model, "layered"))


def render(graph: Graph, fmt: str, focus=None, depth: int | None = None, theme: str = "light",
           **filters) -> bytes:
    """The map of *graph* drawn by Graphviz as *fmt* (``svg``, ``png``, ``pdf`` or ``dot``).

    Without *focus*: the claims and their relations.  With it: its neighbourhood within
    *depth* relations (default 1), with the actors and sources around it.  Needs the ``dot``
    program.
    """
    if fmt not in FORMATS:
        raise ArgmapError(f"unknown drawing format {fmt!r}; use {', '.join(FORMATS)}")
    dot_text = to_dot(graph, focus=focus, depth=depth, theme=theme, **filters)
    if fmt == "dot":
        return dot_text.encode("utf-8")
    program = shutil.which("dot")
    if program is None:
        raise ArgmapError("drawing SVG/PNG/PDF needs Graphviz's dot program "
                          "(Debian/Ubuntu: apt install graphviz; macOS: brew install graphviz)")
    args = [program, f"-T{FORMATS[fmt]}"]
    if fmt == "png":
        args.append("-Gdpi=144")
    try:
        result = subprocess.run(args, input=dot_text.encode("utf-8"), capture_output=True,
                                timeout=120, check=False)
    except subprocess.TimeoutExpired:
        raise ArgmapError("Graphviz took over 120 s; draw part of the map with --focus") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ArgmapError(f"Graphviz failed: {message[0] if message else result.returncode}")
    return result.stdout
