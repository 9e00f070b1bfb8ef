"""The visual grammar of an argument map: one table of shapes, colours and line styles.

Both drawings of a map read this module, so they speak the same language: the interactive
HTML map (:mod:`viz.html`, vis-network) and the static SVG/PNG/PDF drawing (:mod:`viz.static`,
Graphviz).  A *node style* gives a kind of node (proposal, claim, source, actor, the junction of
a multi-premise or undercut support, a topic cluster) its shape and colours; an *edge style*
gives a kind of relation (support, rebut, undermine, undercut, "stated by", "cited in") its
colour, dash pattern and arrowhead.

Support and attack are never told apart by colour alone (WCAG 2.1 SC 1.4.1): support is a
solid line ending in an arrow, attacks are dashed or dotted lines ending in a bar.  Every line
and border colour has a contrast of at least 3:1 against the background of its theme (SC 1.4.11,
non-text contrast) and every label at least 4.5:1 against its fill (SC 1.4.3); the colours come
from the Okabe–Ito palette, which colour-blind readers can tell apart.  ``tests/test_viz.py``
checks the ratios with :func:`contrast_ratio`.

References: W3C, *Understanding SC 1.4.11 Non-text Contrast*; M. Okabe and K. Ito, *Color
Universal Design* (2008).

>>> round(contrast_ratio("#000000", "#ffffff"), 1)
21.0
>>> edge_style("rebut")["arrow"]
'bar'
>>> theme("dark")["background"]
'#14181f'
"""

from __future__ import annotations

__all__ = [
    "THEMES", "NODE_KINDS", "EDGE_KINDS", "STATUS_STYLES", "DOUBTFUL_MARK", "theme",
    "node_style", "edge_style", "status_style", "contrast_ratio", "legend",
]

#: Colours of each theme.  ``edges`` and ``nodes`` are keyed by kind.
THEMES: dict[str, dict] = {
    "light": {
        "background": "#ffffff",
        "text": "#1b1f24",
        "muted": "#4b5563",
        "panel": "#f3f4f6",
        "accent": "#0b57a4",
        "nodes": {
            "proposal": {"fill": "#1f2a37", "border": "#1f2a37", "font": "#ffffff"},
            "claim": {"fill": "#ffffff", "border": "#3d4652", "font": "#1b1f24"},
            "source": {"fill": "#e6f0f7", "border": "#2f5f80", "font": "#14324a"},
            "actor": {"fill": "#fdf1dc", "border": "#8a5300", "font": "#3d2600"},
            "junction": {"fill": "#0b66a3", "border": "#0b66a3", "font": "#1b1f24"},
            "topic": {"fill": "#eef0f3", "border": "#3d4652", "font": "#1b1f24"},
        },
        "edges": {
            "support": "#0b66a3",    # Okabe-Ito blue, darkened for 5:1 on white
            "rebut": "#b84a00",      # Okabe-Ito vermillion, darkened
            "undermine": "#b84a00",
            "undercut": "#8f3f7a",   # Okabe-Ito reddish purple, darkened
            "stated": "#6b7280",
            "cites": "#6b7280",
        },
        "doubtful": "#8a5300",
    },
    "dark": {
        "background": "#14181f",
        "text": "#eef1f5",
        "muted": "#b3bac5",
        "panel": "#1f2530",
        "accent": "#7cc4f4",
        "nodes": {
            "proposal": {"fill": "#eef1f5", "border": "#eef1f5", "font": "#14181f"},
            "claim": {"fill": "#1f2530", "border": "#aab3bf", "font": "#eef1f5"},
            "source": {"fill": "#16303f", "border": "#7cc4f4", "font": "#e3f2fc"},
            "actor": {"fill": "#3a2a10", "border": "#f0b44c", "font": "#fdf1dc"},
            "junction": {"fill": "#56b4e9", "border": "#56b4e9", "font": "#eef1f5"},
            "topic": {"fill": "#1f2530", "border": "#aab3bf", "font": "#eef1f5"},
        },
        "edges": {
            "support": "#56b4e9",    # Okabe-Ito sky blue
            "rebut": "#e69f00",      # Okabe-Ito orange
            "undermine": "#e69f00",
            "undercut": "#e08fc0",   # Okabe-Ito reddish purple, lightened
            "stated": "#9aa3ae",
            "cites": "#9aa3ae",
        },
        "doubtful": "#f0b44c",
    },
}

#: Shapes, in vis-network and Graphviz terms, and what the legend calls each kind.
NODE_KINDS: dict[str, dict] = {
    "proposal": {"vis": "box", "dot": "box", "dot_style": "rounded,filled,bold",
                 "legend": "proposal", "font_size": 17, "bold": True},
    "claim": {"vis": "box", "dot": "box", "dot_style": "rounded,filled",
              "legend": "claim", "font_size": 16, "bold": False},
    "source": {"vis": "database", "dot": "cylinder", "dot_style": "filled",
               "legend": "source", "font_size": 12, "bold": False},
    "actor": {"vis": "ellipse", "dot": "ellipse", "dot_style": "filled",
              "legend": "who said it", "font_size": 12, "bold": False},
    "junction": {"vis": "diamond", "dot": "diamond", "dot_style": "filled",
                 "legend": "joint support", "font_size": 1,
                 "bold": False},
    "topic": {"vis": "box", "dot": "box3d", "dot_style": "filled",
              "legend": "topic", "font_size": 15, "bold": True},
}

#: Line styles.  ``dashes`` is a vis-network dash pattern (False = solid), ``svg_dash`` the
#: same as an SVG stroke-dasharray, ``dot_style``/``dot_arrow`` the Graphviz equivalents.
EDGE_KINDS: dict[str, dict] = {
    "support": {"dashes": False, "svg_dash": "", "arrow": "arrow", "dot_style": "solid",
                "dot_arrow": "normal", "width": 2.5, "legend": "supports"},
    "rebut": {"dashes": [10, 6], "svg_dash": "10 6", "arrow": "bar", "dot_style": "dashed",
              "dot_arrow": "tee", "width": 2.5, "legend": "rebuts"},
    "undermine": {"dashes": [3, 5], "svg_dash": "3 5", "arrow": "bar", "dot_style": "dotted",
                  "dot_arrow": "tee", "width": 2.5, "legend": "undermines a premise"},
    "undercut": {"dashes": [12, 4, 3, 4], "svg_dash": "12 4 3 4", "arrow": "bar",
                 "dot_style": "dashed", "dot_arrow": "teeodiamond", "width": 2.5,
                 "legend": "undercuts a support"},
    "stated": {"dashes": [2, 4], "svg_dash": "2 4", "arrow": "", "dot_style": "dotted",
               "dot_arrow": "none", "width": 1, "legend": "stated by"},
    "cites": {"dashes": [2, 4], "svg_dash": "2 4", "arrow": "", "dot_style": "dotted",
              "dot_arrow": "none", "width": 1, "legend": "stated in"},
}

#: How the acceptability of a claim is shown: a border pattern and a word, never colour alone.
STATUS_STYLES: dict[str, dict] = {
    "in": {"border_dashes": False, "border_width": 3, "dot_style": "",
           "legend": "stands", "word": "stands"},
    "out": {"border_dashes": [6, 4], "border_width": 2, "dot_style": "dashed",
            "legend": "defeated", "word": "defeated"},
    "undec": {"border_dashes": [2, 3], "border_width": 2, "dot_style": "dotted",
              "legend": "undecided", "word": "undecided"},
}

#: Prefixed to the label of a claim a fact-check found doubtful (a symbol, so it survives
#: greyscale printing and needs no colour).
DOUBTFUL_MARK = "\u26a0"


def theme(name: str = "light") -> dict:
    """The colour table of theme *name* (``light`` or ``dark``)."""
    try:
        return THEMES[name]
    except KeyError:
        raise ValueError(f"unknown theme {name!r}; use {' or '.join(THEMES)}") from None


def node_style(kind: str, theme_name: str = "light") -> dict:
    """Shape and colours of node *kind* in *theme_name*: the merged shape and colour tables."""
    return {**NODE_KINDS[kind], **theme(theme_name)["nodes"][kind]}


def edge_style(kind: str, theme_name: str = "light") -> dict:
    """Line style and colour of edge *kind* in *theme_name*."""
    return {**EDGE_KINDS[kind], "color": theme(theme_name)["edges"][kind]}


def status_style(status: str | None) -> dict | None:
    """How acceptability *status* (``in``/``out``/``undec``) is drawn, or None when unknown."""
    return STATUS_STYLES.get(status) if status else None


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def _luminance(colour: str) -> float:
    colour = colour.lstrip("#")
    r, g, b = (int(colour[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio of two ``#rrggbb`` colours, from 1 (same) to 21 (black/white)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def legend(theme_name: str = "light", kinds: set[str] | None = None) -> dict:
    """Legend entries (nodes, edges, statuses) for the kinds present on a map (all when None)."""
    colours = theme(theme_name)
    nodes = [{"kind": k, "label": v["legend"], "shape": v["vis"], **colours["nodes"][k]}
             for k, v in NODE_KINDS.items() if kinds is None or k in kinds]
    edges = [{"kind": k, "label": v["legend"], "dash": v["svg_dash"], "arrow": v["arrow"],
              "color": colours["edges"][k]}
             for k, v in EDGE_KINDS.items() if kinds is None or k in kinds]
    statuses = [{"status": k, "label": v["legend"], "word": v["word"],
                 "dash": " ".join(map(str, v["border_dashes"])) if v["border_dashes"] else "",
                 "width": v["border_width"]} for k, v in STATUS_STYLES.items()]
    return {"nodes": nodes, "edges": edges, "statuses": statuses}
