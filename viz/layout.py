"""Where each node of a map goes: positions computed once, in Python, before the page loads.

Shipping fixed positions means the reader's browser runs no physics simulation: the map is
ready as soon as it loads, does not wobble, and looks the same for every reader (vis.js
maintainers' own advice for graphs beyond a few hundred nodes, visjs/vis#3240).

``layered``: the *layer* of a claim is its distance, in support/attack relations, from the
central proposals, which sit in layer 0 at the top; arguments for and against them form layer
1, rebuttals of those layer 2, and so on (a longest-path-free, shortest-distance layering, so a
claim sits right under the first thing it argues about).  Each claim also gets a *side*: +1 when
it speaks, through an even number of attacks, for the first proposal, -1 against it.  Within a
layer, claims for the proposal go left and claims against it right, each side ordered by the
mean position of what it argues about (the barycentre heuristic of Sugiyama, Tagawa & Toda,
1981) and wrapped onto several rows when a layer is wider than the page.  Support junctions sit
between their premises and their conclusion.  Claims not connected to any proposal come last.
Complexity O((V + E) log V).

``force``: networkx's Fruchterman–Reingold spring layout (seeded, so the same data gives the
same picture), scaled to screen units.  Complexity O(iterations · V²).

Actors and sources, which the reader shows on demand, go in bands under the claims, each placed
under the mean position of the claims it is linked to.

References: K. Sugiyama, S. Tagawa, M. Toda, "Methods for visual understanding of hierarchical
system structures", IEEE SMC 11(2), 1981.  T. Fruchterman, E. Reingold, "Graph drawing by
force-directed placement", Software: Practice and Experience 21(11), 1991.

>>> model = {"nodes": [{"id": "p", "kind": "proposal"}, {"id": "a", "kind": "claim"},
...                    {"id": "b", "kind": "claim"}],
...          "edges": [{"from": "a", "to": "p", "kind": "support"},
...                    {"from": "b", "to": "p", "kind": "rebut"}]}
>>> pos = layout(model, "layered")
>>> pos["p"][1] < pos["a"][1] == pos["b"][1], pos["a"][0] < pos["b"][0]
(True, True)
"""

from __future__ import annotations

import math
from collections import defaultdict, deque

__all__ = ["layout", "LAYOUTS", "COLUMN_WIDTH", "ROW_HEIGHT"]

LAYOUTS = ("layered", "force")

#: Distance between the centres of two neighbouring claim boxes, in CSS pixels at zoom 1.
COLUMN_WIDTH = 215
ROW_HEIGHT = 108
LAYER_GAP = 60
#: Columns of one layer before it wraps onto another row: tried from MIN to MAX, keeping the
#: count whose drawing best fills a screen of ASPECT (width / height).
MIN_COLUMNS, MAX_COLUMNS = 5, 16
ASPECT = 2.0

_RELATIONS = {"support": 1, "rebut": -1, "undermine": -1, "undercut": -1}
_CLAIMS = {"proposal", "claim", "topic"}


def layout(model: dict, name: str = "layered", max_columns: int | None = None) -> dict:
    """``{node id: (x, y)}`` for every node of *model* (a :func:`viz.model.map_model` dict).

    *max_columns* caps the width of a layer; by default the layered layout tries each width
    and keeps the one whose drawing would show largest on a 2:1 screen.
    """
    if name not in LAYOUTS:
        raise ValueError(f"unknown layout {name!r}; use {' or '.join(LAYOUTS)}")
    kinds = {n["id"]: n["kind"] for n in model["nodes"]}
    claims = [n for n in kinds if kinds[n] in _CLAIMS]
    relation_edges = [e for e in model["edges"] if e["kind"] in _RELATIONS
                      and e["from"] in kinds and e["to"] in kinds]
    if name == "force":
        positions = _force(claims, kinds, relation_edges)
        max_columns = max_columns or MIN_COLUMNS
    elif max_columns:
        positions = _layered(claims, kinds, relation_edges, max_columns)
    else:
        best = None
        for columns in range(MIN_COLUMNS, MAX_COLUMNS + 1):
            candidate = _layered(claims, kinds, relation_edges, columns)
            score = _fit_scale(candidate)
            if best is None or score >= best[0] - 1e-9:  # ties: fewer rows
                best = (score, columns, candidate)
        _, max_columns, positions = best
    _junctions(positions, kinds, relation_edges)
    _bands(positions, kinds, model["edges"], max_columns)
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in positions.items()}


def _fit_scale(positions: dict) -> float:
    """How large a drawing shows when fitted to a screen of aspect ASPECT (bigger is better)."""
    if not positions:
        return 1.0
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    width = max(xs) - min(xs) + COLUMN_WIDTH
    height = max(ys) - min(ys) + ROW_HEIGHT
    return min(ASPECT / width, 1.0 / height)


def _targets(relation_edges: list, kinds: dict) -> dict:
    """Claim -> [(claim it argues about, sign)], looking through support junctions."""
    through = defaultdict(list)
    for edge in relation_edges:
        through[edge["from"]].append((edge["to"], _RELATIONS[edge["kind"]]))
    out = defaultdict(list)
    for source, targets in through.items():
        if kinds[source] == "junction":
            continue
        for target, sign in targets:
            if kinds[target] == "junction":
                # premise -> junction -> conclusion, or an undercut of the junction
                for final, final_sign in through.get(target, ()):
                    out[source].append((final, sign * final_sign))
            else:
                out[source].append((target, sign))
    return out


def _layered(claims: list, kinds: dict, relation_edges: list, max_columns: int) -> dict:
    targets = _targets(relation_edges, kinds)
    arguers = defaultdict(list)  # claim -> claims that argue about it
    for source, items in targets.items():
        for target, sign in items:
            arguers[target].append((source, sign))

    proposals = sorted(c for c in claims if kinds[c] == "proposal")
    # The first proposal by the number of arguments about it anchors the sides.
    proposals.sort(key=lambda p: (-len(arguers[p]), p))
    side: dict[str, int] = {}
    layer: dict[str, int] = {}
    if proposals:
        side[proposals[0]] = 1
        for other in proposals[1:]:
            signs = [s for t, s in targets.get(other, ()) if t == proposals[0]] + \
                    [s for a, s in arguers[other] if a == proposals[0]]
            side[other] = signs[0] if signs else 0
    queue = deque()
    for proposal in proposals:
        layer[proposal] = 0
        queue.append(proposal)
    for roots_layer in range(2):
        while queue:
            node = queue.popleft()
            for arguer, sign in sorted(arguers[node]):
                if arguer not in layer:
                    layer[arguer] = layer[node] + 1
                    side[arguer] = side.get(node, 0) * sign
                    queue.append(arguer)
        # Claims no proposal reaches: their components hang from their own sinks, below.
        rest = [c for c in claims if c not in layer]
        if not rest or roots_layer:
            break
        base = max(layer.values(), default=-1) + 1
        sinks = [c for c in rest if not any(t in rest or t not in layer for t, _ in targets.get(c, ()))]
        for sink in sinks or rest[:1]:
            layer[sink] = base
            side[sink] = 0
            queue.append(sink)
    for claim in claims:  # cycles without a sink
        layer.setdefault(claim, max(layer.values(), default=-1) + 1)
        side.setdefault(claim, 0)

    positions: dict[str, tuple[float, float]] = {}
    by_layer = defaultdict(list)
    for claim in claims:
        by_layer[layer[claim]].append(claim)
    y = 0.0
    for number in sorted(by_layer):
        members = by_layer[number]

        def barycentre(claim: str) -> float:
            xs = [positions[t][0] for t, _ in targets.get(claim, ()) if t in positions]
            return sum(xs) / len(xs) if xs else 0.0

        if number >= 2:
            # Rebuttals and deeper: each under what it argues about, rows dealt out in turn so
            # that every row spans the layer and keeps its members near their targets.
            ordered = sorted(members, key=lambda c: (barycentre(c), c))
            rows = math.ceil(len(ordered) / max_columns)
            for row in range(rows):
                dealt = ordered[row::rows]
                wanted = [barycentre(c) for c in dealt]
                xs: list[float] = []
                for target in wanted:
                    xs.append(target if not xs else max(target, xs[-1] + COLUMN_WIDTH))
                shift = (sum(wanted) - sum(xs)) / len(xs)
                for claim, x in zip(dealt, xs):
                    positions[claim] = (x + shift, y + row * ROW_HEIGHT)
            y += rows * ROW_HEIGHT + LAYER_GAP
            continue
        # Proposals and the arguments about them: for on the left, against on the right.
        groups = [sorted((c for c in members if side[c] == s), key=lambda c: (barycentre(c), c))
                  for s in (1, 0, -1)]
        groups = [g for g in groups if g]
        columns = max_columns if number else max(max_columns, len(members))
        # Share the columns among the sides in proportion to their sizes (at least one each).
        shares = [max(1, round(columns * len(g) / len(members))) for g in groups]
        while sum(shares) > max(columns, len(groups)):
            shares[shares.index(max(shares))] -= 1
        rows = max(math.ceil(len(g) / s) for g, s in zip(groups, shares))
        # Fill each side row by row inside its own block of columns.
        used = sum(min(s, len(g)) for g, s in zip(groups, shares))
        x0 = -(used - 1) * COLUMN_WIDTH / 2
        column = 0
        for group, share in zip(groups, shares):
            share = min(share, len(group))
            for index, claim in enumerate(group):
                row, col = divmod(index, share)
                positions[claim] = (x0 + (column + col) * COLUMN_WIDTH, y + row * ROW_HEIGHT)
            column += share
        y += rows * ROW_HEIGHT + LAYER_GAP
    return positions


def _force(claims: list, kinds: dict, relation_edges: list) -> dict:
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(claims)
    targets = _targets(relation_edges, kinds)
    for source, items in targets.items():
        for target, _ in items:
            if source in graph and target in graph and source != target:
                graph.add_edge(source, target)
    if not claims:
        return {}
    try:
        import numpy  # noqa: F401  networkx's layouts compute with numpy
    except ImportError:
        from graph.errors import ArgmapError

        raise ArgmapError("--layout force needs numpy (pip install numpy); "
                          "--layout layered does not") from None
    spread = nx.spring_layout(graph, seed=7, k=2.2 / math.sqrt(max(len(claims), 1)),
                              iterations=200)
    scale = COLUMN_WIDTH * max(2.0, math.sqrt(len(claims)) * 0.9)
    proposals = [c for c in claims if kinds[c] == "proposal"]
    # Put the proposals' centre at the top: flip when they ended up low.
    flip = -1 if proposals and sum(spread[p][1] for p in proposals) / len(proposals) > 0 else 1
    return {n: (float(x) * scale, float(y) * scale * flip) for n, (x, y) in spread.items()}


def _junctions(positions: dict, kinds: dict, relation_edges: list) -> None:
    """Put each support junction between its premises and its conclusion."""
    premises, conclusion = defaultdict(list), {}
    for edge in relation_edges:
        if kinds.get(edge["to"]) == "junction" and edge["kind"] == "support":
            premises[edge["to"]].append(edge["from"])
        if kinds.get(edge["from"]) == "junction":
            conclusion[edge["from"]] = edge["to"]
    for junction in [n for n, k in kinds.items() if k == "junction"]:
        below = [positions[p] for p in premises[junction] if p in positions]
        above = positions.get(conclusion.get(junction))
        if not below:
            positions[junction] = above or (0.0, 0.0)
            continue
        bx = sum(p[0] for p in below) / len(below)
        by = min(p[1] for p in below)
        if above is None:
            positions[junction] = (bx, by - ROW_HEIGHT / 2)
        else:
            positions[junction] = ((bx * 2 + above[0]) / 3, (by + above[1]) / 2)


def _bands(positions: dict, kinds: dict, edges: list, max_columns: int) -> None:
    """Actors, then sources, in rows under the claims, each under the claims it is linked to."""
    linked = defaultdict(list)
    for edge in edges:
        if edge["kind"] in ("stated", "cites"):
            a, b = edge["from"], edge["to"]
            if a in positions:
                linked[b].append(positions[a][0])
            if b in positions:
                linked[a].append(positions[b][0])
    bottom = max((p[1] for p in positions.values()), default=0.0) + ROW_HEIGHT + LAYER_GAP
    xs = [p[0] for p in positions.values()] or [0.0]
    width = max(max(xs) - min(xs), COLUMN_WIDTH * (max_columns - 1))
    for kind, spacing in (("actor", 165), ("source", 190)):
        members = [n for n, k in kinds.items() if k == kind]
        if not members:
            continue
        members.sort(key=lambda n: (sum(linked[n]) / len(linked[n]) if linked[n] else 0.0, n))
        per_row = max(1, int(width // spacing) + 1)
        for index, node in enumerate(members):
            row, col = divmod(index, per_row)
            in_row = min(per_row, len(members) - row * per_row)
            x0 = (min(xs) + max(xs)) / 2 - (in_row - 1) * spacing / 2
            positions[node] = (x0 + col * spacing + (spacing / 2 if row % 2 else 0),
                               bottom + row * 80)
        bottom += (math.ceil(len(members) / per_row)) * 80 + LAYER_GAP
