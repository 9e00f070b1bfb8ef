"""The interactive map: one self-contained, accessible HTML file a newsroom can embed safely.

A *map page* holds everything it needs: the vis-network drawing library (inlined with its
licence header), the page script, the styles, the map data as JSON in a
``<script type="application/json">`` block, and a text outline of the same map (proposals →
arguments for and against → rebuttals → actors and sources) for screen readers, readers without
JavaScript and print.  It makes no network request (a Content-Security-Policy meta tag forbids
any: ``default-src 'none'``), sets no cookie and runs no script from the data.

The vis-network node and edge options are those pyvis's ``Network.add_node``/``add_edge`` make
(made here the same way, without importing pyvis and, through it, IPython); the page comes
from argmap's own Jinja2 template with autoescape on, never from pyvis's
template, which loads Bootstrap from a CDN and writes tooltip HTML raw (research notes,
``ecosystem-security.md`` §1).  Text reaches the page escaped by Jinja (outline) or as JSON
with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped (:func:`script_json`), read by the page
script with ``JSON.parse`` and shown with ``textContent`` only.

Positions are computed in Python (:mod:`viz.layout`), physics is off until the reader turns it
on: the map is ready as soon as it loads.  Complexity O(V + E) after layout.

>>> from graph.store import load_graph
>>> g = load_graph(b'''@prefix am: <https://w3id.org/argmap/ns#> .
... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
... <https://w3id.org/argmap/bms/claim/x> a am:Proposal ; rdfs:label "<b>Ban</b>"@en .''',
...                format="turtle")
>>> page = render_html(g)
>>> "&lt;b&gt;Ban&lt;/b&gt;" in page and "<b>Ban</b>" not in page
True
"""

from __future__ import annotations

import html as html_lib
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jinja2
from rdflib import Graph

from graph.errors import ArgmapError
from viz import style
from viz.layout import layout as compute_layout
from viz.model import aggregate_by_topic, map_model, safe_url

__all__ = ["render_html", "draw", "Map", "embed_snippet", "script_json", "CSP", "NODE_BUDGET",
           "MapTooLarge", "map_title"]

#: The page's Content-Security-Policy: no network at all; inline script and style only.
CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"

#: Above this many visible nodes a map is a hairball and a frozen tab: draw refuses to make one.
NODE_BUDGET = 400

RELATION_WORDS = {"support": "supports", "rebut": "rebuts", "undermine": "undermines a premise",
                  "undercut": "undercuts the support"}
_RELATION_TO = {"support": "For", "rebut": "Against", "undermine": "Against (a premise)",
                "undercut": "Questions that it follows"}
_WORDS = {
    "relation": {"support": "supports", "rebut": "rebuts", "undermine": "undermines",
                 "undercut": "undercuts the support of"},
    "by": {"support": "supported by", "rebut": "rebutted by", "undermine": "undermined by",
           "undercut": "its support is undercut by"},
    "kind": {"proposal": "proposal", "claim": "claim", "source": "source", "actor": "actor",
             "junction": "joint support", "topic": "topic"},
    "status": {k: v["word"] for k, v in style.STATUS_STYLES.items()},
}


class MapTooLarge(ArgmapError):
    """The map has more visible nodes than the budget; the message says what to do instead."""


def script_json(value) -> str:
    """*value* as JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u003c`` …, so no ``</script>`` or ``<!--`` can appear, and
    U+2028/U+2029 are escaped for old JavaScript parsers.

    >>> script_json({"a": "</script><b>&\\u2028"})
    '{"a": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026\\\\u2028"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@lru_cache(maxsize=1)
def _vis_js() -> tuple[str, str]:
    """The vendored vis-network build and its version, ready to inline."""
    text = resources.files("viz").joinpath("static/vis-network.min.js").read_text(encoding="utf-8")
    # The source map is not shipped; developer tools would try to fetch it.
    text = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", text)
    if re.search(r"</script|<!--", text, re.IGNORECASE):
        raise ArgmapError("vendored vis-network contains '</script' or '<!--'; cannot inline it")
    version = re.search(r"@version\s+(\S+)", text)
    return text, version.group(1) if version else "?"


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("viz", "templates"),
        autoescape=True,  # every {{ }} is HTML-escaped unless marked |safe
        undefined=jinja2.StrictUndefined,
        trim_blocks=False, lstrip_blocks=False,
    )


def _app_js() -> str:
    text = resources.files("viz").joinpath("templates/map.js").read_text(encoding="utf-8")
    if re.search(r"</script|<!--", text, re.IGNORECASE):
        raise ArgmapError("viz/templates/map.js contains '</script' or '<!--'")
    return text


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("argmap")
    except Exception:  # not installed (running from a checkout)
        return "dev"


# --- vis-network nodes and edges, as pyvis makes them -------------------------------------

class _Network:
    """The node and edge options of a directed pyvis ``Network``, made the way its
    ``add_node``/``add_edge`` make them (``tests/test_viz.py`` compares the two).

    Importing pyvis costs about 0.4 s of CPU per command (it imports IPython, traitlets and
    networkx) — a fifth of the time ``argmap draw --focus`` may take on a 100,000-claim map —
    for what comes down to two dict updates.
    """

    def __init__(self):
        self.nodes: list[dict] = []
        self.edges: list[dict] = []
        self.node_map: dict = {}

    def add_node(self, n_id, label=None, shape="dot", color="#97c2fc", **options) -> None:
        assert isinstance(n_id, (str, int))
        if n_id not in self.node_map:  # pyvis keeps the first node of an ID
            if "group" not in options:  # a group's style gives the colour
                options = {"color": color, **options}
            options.update(id=n_id, label=label if label else n_id, shape=shape)
            self.nodes.append(options)
            self.node_map[n_id] = options

    def add_edge(self, source, to, **options) -> None:
        assert source in self.node_map, "non existent node '" + str(source) + "'"
        assert to in self.node_map, "non existent node '" + str(to) + "'"
        options["from"], options["to"] = source, to
        options.setdefault("arrows", "to")  # a directed network's edges
        self.edges.append(options)


def _vis_network(model: dict, positions: dict, theme_name: str, network=None):
    """The drawing options of every node and edge, in a pyvis-like *network* (a
    :class:`_Network` unless given, e.g. a real ``pyvis.network.Network(directed=True)``)."""
    colours = style.theme(theme_name)
    net = network if network is not None else _Network()
    for node in model["nodes"]:
        kind = node["kind"]
        look = style.node_style(kind, theme_name)
        x, y = positions.get(node["id"], (0.0, 0.0))
        label = node.get("label") or ""
        if node.get("doubtful"):
            label = f"{style.DOUBTFUL_MARK} {label}"
        status = style.status_style(node.get("status"))
        options = {
            "x": x, "y": y, "physics": False,
            "color": {"background": look["fill"], "border": look["border"],
                      "highlight": {"background": look["fill"], "border": colours["accent"]},
                      "hover": {"background": look["fill"], "border": colours["accent"]}},
            "font": {"color": look["font"], "size": look["font_size"],
                     "face": "system-ui, -apple-system, Segoe UI, Roboto, Liberation Sans, DejaVu Sans, sans-serif",
                     "multi": False, "bold": {"color": look["font"]}},
            "borderWidth": 3 if kind == "proposal" else 1.5,
            "borderWidthSelected": 4,
            "margin": {"top": 8, "bottom": 8, "left": 10, "right": 10},
            "shapeProperties": {"borderRadius": 6},
            "hidden": kind in ("actor", "source"),
        }
        if kind in ("proposal", "claim", "topic"):
            options["widthConstraint"] = {"minimum": 110, "maximum": 195 if kind != "claim" else 190}
        if kind in ("actor", "source"):
            options["widthConstraint"] = {"maximum": 150}
        if kind == "junction":
            options["size"] = 9
            options["font"]["size"] = 0
        if status and kind in ("proposal", "claim"):
            options["borderWidth"] = max(options["borderWidth"], status["border_width"])
            options["shapeProperties"]["borderDashes"] = status["border_dashes"]
        net.add_node(node["id"], label=label or " ", shape=look["vis"], **options)
        if kind == "junction":
            net.node_map[node["id"]]["label"] = ""
    for edge in model["edges"]:
        kind = edge["kind"]
        look = style.edge_style(kind, theme_name)
        width = look["width"]
        if edge.get("count"):
            width = min(8, width + edge["count"] - 1)
        arrow = look["arrow"]
        if edge.get("into_junction"):
            arrow = ""  # premises meet at the junction; the arrow leaves it
        options = {
            "id": edge["id"],
            "color": {"color": look["color"], "highlight": look["color"], "hover": look["color"],
                      "inherit": False, "opacity": 1.0},
            "dashes": look["dashes"], "width": width,
            "arrows": {"to": {"enabled": bool(arrow), "type": arrow or "arrow",
                              "scaleFactor": 0.9 if arrow == "arrow" else 0.7}},
            "hidden": kind in ("stated", "cites"),
        }
        if edge.get("count"):
            options["label"] = str(edge["count"])
            options["font"] = {"color": colours["text"], "strokeWidth": 3,
                               "strokeColor": colours["background"], "size": 13}
        net.add_edge(edge["from"], edge["to"], **options)
    return net


# --- the text outline -------------------------------------------------------------------

def _who(node: dict) -> str:
    parts = []
    for row in node.get("assertions", []):
        bits = [row.get("actor_label") or ""]
        if row.get("date"):
            bits.append(row["date"])
        if row.get("source_label"):
            bits.append(f"in {row['source_label']}")
        parts.append(", ".join(b for b in bits if b))
    return "Stated by " + "; ".join(parts) if parts else ""


def _outline(model: dict) -> dict:
    """Proposals → arguments for and against → rebuttals; then the rest; actors; sources."""
    nodes = {n["id"]: n for n in model["nodes"]}
    arguers: dict[str, list] = {}
    for edge in model["edges"]:
        if edge["kind"] not in _RELATION_TO:
            continue
        target = nodes.get(edge["to"])
        if target is None or edge.get("into_junction"):
            continue
        source = nodes.get(edge["from"])
        if source is None:  # outside a focus view: nothing to list
            continue
        if source["kind"] == "junction":
            premises = source.get("premises", [])
            for premise in premises:
                if premise not in nodes:  # a premise outside the focus view
                    continue
                others = [nodes[p]["label"] for p in premises if p != premise and p in nodes]
                word = _RELATION_TO["support"] + (f" (together with: {'; '.join(others)})"
                                                  if others else "")
                arguers.setdefault(edge["to"], []).append((premise, word))
            continue
        if target["kind"] == "junction":
            # an undercut: list it under the conclusion the support leads to
            arguers.setdefault(target["conclusion"], []).append(
                (edge["from"], _RELATION_TO["undercut"]))
            continue
        arguers.setdefault(edge["to"], []).append((edge["from"], _RELATION_TO[edge["kind"]]))
    listed: set[str] = set()

    def item(node_id: str, relation: str | None, depth: int) -> dict:
        node = nodes[node_id]
        entry = {"id": node_id, "label": node["label"], "relation": relation,
                 "doubtful": node.get("doubtful", False),
                 "status": _WORDS["status"].get(node.get("status") or "", ""),
                 "repeated": node_id in listed, "children": [], "text": node.get("text", ""),
                 "who": _who(node),
                 "doubtful_reason": "; ".join(f"{r['verdict']}: {r['reason']}"
                                              for r in node.get("reviews", []) if r["doubtful"])}
        if node.get("kind") == "topic":
            entry["text"] = node.get("text", "")
        if entry["repeated"]:
            return entry
        listed.add(node_id)
        if depth < 40:
            order = {"For": 0}
            for child, word in sorted(arguers.get(node_id, []),
                                      key=lambda cw: (order.get(cw[1].split(" ")[0], 1),
                                                      nodes[cw[0]]["label"].lower())):
                entry["children"].append(item(child, word, depth + 1))
        return entry

    claims = [n for n in model["nodes"] if n["kind"] in ("proposal", "claim", "topic")]
    sections = []
    proposals = [n for n in claims if n["kind"] == "proposal"]
    if proposals:
        sections.append({"title": "Proposals, and the arguments for and against them",
                         "claims": [item(p["id"], None, 0) for p in proposals]})
    rest = [n for n in claims if n["id"] not in listed]
    # Hang the rest from what they argue about last: start from claims nobody answers to.
    targets = {e["from"] for e in model["edges"] if e["kind"] in _RELATION_TO}
    rest.sort(key=lambda n: (n["id"] in targets, n["label"].lower()))
    items = [item(n["id"], None, 0) for n in rest if n["id"] not in listed]
    if items:
        sections.append({"title": "Other claims" if proposals else "Claims", "claims": items})

    def detail(node: dict) -> str:
        bits = [node.get("actor_kind") or node.get("source_kind") or "", node.get("publisher") or "",
                node.get("date") or "", node.get("country") or ""]
        bits += node.get("identifiers") or []
        return " · ".join(b for b in bits if b)

    actors = sorted((n for n in model["nodes"] if n["kind"] == "actor"),
                    key=lambda n: n["label"].lower())
    sources = sorted((n for n in model["nodes"] if n["kind"] == "source"),
                     key=lambda n: n["label"].lower())
    return {
        "sections": sections,
        "actors": [{"id": a["id"], "label": a["label"], "detail": detail(a)} for a in actors],
        "sources": [{"id": s["id"], "label": s["label"], "detail": detail(s),
                     "links": [{"url": safe_url(link.get("url")), "text": link.get("text", "")}
                               for link in s.get("links", [])]} for s in sources],
    }


# --- the page ---------------------------------------------------------------------------

def _summary(model: dict, layout: str = "layered") -> str:
    kinds = [n["kind"] for n in model["nodes"]]
    if model.get("aggregated"):
        shown, total = len(model["edges"]), model.get("links_total", len(model["edges"]))
        return (f"{model.get('claims_total', 0)} claims grouped into {kinds.count('topic')} topics "
                f"under {kinds.count('proposal')} proposals; a line between topics counts the "
                f"supports or attacks between their claims"
                f"{f' (the {shown} strongest of {total} links)' if shown < total else ''}.")
    claims = kinds.count("claim") + kinds.count("proposal")
    relations = sum(1 for e in model["edges"] if e["kind"] in RELATION_WORDS
                    and not e.get("into_junction"))
    where = (": proposals at the top, arguments for them on the left, against them on the "
             "right, rebuttals below." if layout == "layered" else
             ", placed so that claims that argue about each other sit close together.")
    return f"{claims} claims and {relations} relations between them{where}"


def _check_budget(model: dict, max_nodes: int, aggregate: bool) -> dict:
    visible = [n for n in model["nodes"] if n["kind"] not in ("actor", "source")]
    if len(visible) <= max_nodes:
        return model
    if aggregate:
        grouped = aggregate_by_topic(model)
        if len(grouped["nodes"]) <= max_nodes:
            return grouped
        raise MapTooLarge(
            f"even grouped by topic the map has {len(grouped['nodes'])} nodes (budget "
            f"{max_nodes}); draw part of it with --topic T or --focus ID --depth 2")
    raise MapTooLarge(
        f"the map would have {len(visible)} nodes, more than the {max_nodes} a reader can "
        "follow (a hairball, and a slow tab on a phone); draw part of it with --focus ID "
        "--depth 2 or --topic T, group the claims by topic with --aggregate, or raise the "
        "budget with --max-nodes")


def render_html(graph: Graph | None = None, *, model: dict | None = None, focus=None,
                depth: int | None = None, actor=None, topic=None, layout: str = "layered",
                theme: str = "light", title: str | None = None, lang: str = "en",
                max_nodes: int = NODE_BUDGET, aggregate: bool = False) -> str:
    """The map page of *graph* (or of a ready *model*) as a string.

    Filters (*focus*/*depth*, *actor*, *topic*) are those of :func:`viz.model.map_model`.
    Raises :class:`MapTooLarge` when more than *max_nodes* nodes would be visible, unless
    *aggregate* folds the claims into one node per topic.
    """
    if model is None:
        if graph is None:
            raise TypeError("render_html needs a graph or a model")
        if focus is None and actor is None and topic is None and not aggregate:
            # Refuse a huge map before the work of building it.
            from graph.vocab import AM
            from rdflib.namespace import RDF

            claims = {c for t in (AM.Claim, AM.Proposal) for c in graph.subjects(RDF.type, t)}
            if len(claims) > max_nodes:
                _check_budget({"nodes": [{"kind": "claim"}] * len(claims)}, max_nodes, False)
        model = map_model(graph, focus=focus, depth=depth, actor=actor, topic=topic, title=title)
    elif title:
        model = {**model, "title": title}
    style.theme(theme)  # unknown theme -> ValueError before any work
    if not re.fullmatch(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*", lang or ""):
        raise ArgmapError(f"--lang {lang!r} is not a language tag such as en or de-AT")
    model = _check_budget(model, max_nodes, aggregate)
    positions = compute_layout(model, layout)
    net = _vis_network(model, positions, theme)
    vis_js, vis_version = _vis_js()
    kinds = {n["kind"] for n in model["nodes"]} | {e["kind"] for e in model["edges"]}
    payload = {
        "model": model, "layout": layout, "focus": model.get("focus"),
        "vis": {"nodes": net.nodes, "edges": net.edges},
        "words": _WORDS, "doubtfulMark": style.DOUBTFUL_MARK,
        "colours": {"background": style.theme(theme)["background"],
                    "support": style.theme(theme)["edges"]["support"],
                    "attack": style.theme(theme)["edges"]["rebut"]},
    }
    counts = {"claims": sum(n["kind"] in ("claim", "proposal") for n in model["nodes"]),
              "actors": sum(n["kind"] == "actor" for n in model["nodes"]),
              "sources": sum(n["kind"] == "source" for n in model["nodes"])}
    template = _environment().get_template("map.html")
    return template.render(
        lang=lang, theme_name=theme, theme=style.theme(theme), csp=CSP, version=_version(),
        title=model["title"], summary=_summary(model, layout), facets=model["facets"],
        relation_words=RELATION_WORDS, status_words=_WORDS["status"],
        legend=style.legend(theme, kinds), doubtful_mark=style.DOUBTFUL_MARK,
        has_status=any(n.get("status") for n in model["nodes"]),
        has_doubtful=any(n.get("doubtful") for n in model["nodes"]),
        outline=_outline(model), counts=counts, vis_version=vis_version,
        data_json=script_json(payload), vis_js=vis_js, app_js=_app_js(),
    )


def draw(graph: Graph, path=None, **options) -> str:
    """Render the map page and, when *path* is given, write it there atomically as UTF-8."""
    page = render_html(graph, **options)
    if path is not None:
        _write(path, page)
    return page


def _write(path, page: str) -> None:
    from graph.store import atomic_write_bytes

    try:
        atomic_write_bytes(path, page.encode("utf-8"))
    except OSError as exc:
        raise ArgmapError(f"{path}: cannot write the map ({exc.strerror or exc})") from None


def map_title(page: str) -> str:
    """The ``<title>`` of a map page, unescaped."""
    match = re.search(r"<title>(.*?)</title>", page, re.DOTALL)
    return html_lib.unescape(match.group(1)).strip() if match else "Argument map"


class Map:
    """An argument map for Jupyter: displays itself in an isolated, sandboxed iframe.

    ``Map(graph, focus=..., topic=...)`` takes the options of :func:`render_html`; ``.html`` is
    the page, ``.save(path)`` writes it.  The notebook shows it through ``srcdoc`` in an iframe
    without ``allow-same-origin``, so the map's script cannot touch the notebook.
    """

    def __init__(self, graph: Graph, height: int = 640, **options):
        self.height = int(height)
        self.html = render_html(graph, **options)

    def save(self, path) -> Path:
        _write(path, self.html)
        return Path(path)

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{html_lib.escape(self.html, quote=True)}" '
                f'title="{html_lib.escape(map_title(self.html), quote=True)}" '
                'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" '
                f'style="width:100%;height:{self.height}px;border:0" loading="lazy"></iframe>')


# --- embedding --------------------------------------------------------------------------

_PARENT_SCRIPT = """<script>
/* Resize argmap iframes to their content. They report their height in the AMP
   "embed-size" and the Pym.js message formats; only messages from our frames are read. */
(function () {
  window.addEventListener("message", function (event) {
    var frames = document.querySelectorAll("iframe[data-argmap]");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow !== event.source) { continue; }
      var data = event.data, height = NaN;
      if (data && typeof data === "object" && data.sentinel === "amp" && data.type === "embed-size") {
        height = Number(data.height);
      } else if (typeof data === "string" && data.indexOf("xPYMx") > 0) {
        var parts = data.split("xPYMx");
        if (parts[2] === "height") { height = Number(parts[3]); }
      }
      if (height > 0 && height < 20000) { frames[i].style.height = Math.ceil(height) + "px"; }
    }
  });
}());
</script>"""


def embed_snippet(map_path, url: str | None = None, height: int = 720) -> str:
    """The HTML a journalist pastes into a page: a sandboxed, lazy iframe and its resizer.

    *url* is where the map will be published (absolute http(s), or a relative path); by
    default the map file's name, for a page next to it.
    """
    path = Path(map_path)
    try:
        page = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ArgmapError(f"{path}: no such file (draw it first: argmap draw -o {path})") from None
    except (UnicodeDecodeError, IsADirectoryError):
        raise ArgmapError(f"{path}: not an argmap map page") from None
    if 'id="argmap-data"' not in page:
        raise ArgmapError(f"{path}: not an argmap map page (draw one with argmap draw)")
    source = url if url is not None else path.name
    lowered = source.strip().lower()
    if ":" in lowered.split("/")[0] and not lowered.startswith(("https://", "http://")):
        raise ArgmapError(f"--url {source!r}: only http(s) URLs or relative paths can be embedded")
    if safe_url(source) is None and lowered.startswith(("http://", "https://")):
        raise ArgmapError(f"--url {source!r} is not a valid web address")
    title = map_title(page)
    attrs = {
        "src": source, "title": title, "width": "100%", "height": str(int(height)),
        "loading": "lazy", "sandbox": "allow-scripts allow-popups allow-popups-to-escape-sandbox",
        "referrerpolicy": "no-referrer", "scrolling": "no", "data-argmap": "",
        "style": "width:100%;min-width:280px;border:0",
    }
    iframe = "<iframe " + " ".join(
        f'{name}="{html_lib.escape(value, quote=True)}"' if value else name
        for name, value in attrs.items()) + "></iframe>"
    return iframe + "\n" + _PARENT_SCRIPT + "\n"
