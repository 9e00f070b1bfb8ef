"""How long each export and import takes as the map grows; prints a table.

Every format's export runs on synthetic maps (``benchmarks/generate.py``: made-up names, never
facts), and every format that can be read back is imported from its own export, so the cost of
handing a big map to Argdown, AIF, Gephi or a spreadsheet is known rather than guessed.
Drawings (svg/png/pdf) are left out: Graphviz's layout is timed by the drawing benchmarks.

Usage::

    python benchmarks/formats.py --sizes 1000,5000 [--repeat 1] [--clock cpu]

``--clock cpu`` times CPU seconds (``time.process_time``) instead of wall-clock seconds, for a
machine shared with other work.

Complexity: exports and imports are O(V + E) in claims and relations (plus O(T log T) to sort
triples for the RDF formats); Argdown's import also parses YAML data, O(size).  Exports read
the graph once (``graph.formats._common.GraphIndex``), so their time grows linearly.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from generate import generate_turtle  # noqa: E402

from graph.formats import FORMATS, export  # noqa: E402
from graph.store import load_graph  # noqa: E402

SKIP = {"svg", "png", "pdf", "dot"}


clock = time.perf_counter  # or time.process_time with --clock cpu


def _median(function, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = clock()
        result = function()
        times.append(clock() - start)
    return statistics.median(times), result


def measure(claims: int, repeat: int) -> list[dict]:
    graph = load_graph(generate_turtle(claims=claims, seed=1).encode(), format="turtle")
    rows = []
    for fmt in FORMATS.values():
        if fmt.name in SKIP or not fmt.exports:
            continue
        seconds, data = _median(lambda: export(graph, fmt.name), repeat)
        size = sum(map(len, data.values())) if isinstance(data, dict) else len(data)
        row = {"claims": claims, "format": fmt.name, "export s": seconds, "bytes": size,
               "import s": None}
        if fmt.imports:
            row["import s"], _ = _median(lambda: fmt.import_(data, name=f"bench.{fmt.name}"),
                                         repeat)
        rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                        help="wall-clock seconds (default) or CPU seconds of this process")
    args = parser.parse_args(argv)
    global clock
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    rows = [row for size in args.sizes.split(",") for row in measure(int(size), args.repeat)]
    names = list(rows[0])
    print(" | ".join(f"{name:>10}" for name in names))
    for row in rows:
        cells = []
        for name in names:
            value = row[name]
            cells.append(f"{value:>10.3f}" if isinstance(value, float)
                         else f"{'—' if value is None else value:>10}")
        print(" | ".join(cells))


if __name__ == "__main__":
    main()
