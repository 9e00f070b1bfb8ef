"""How long one edit takes as the map grows, step by step; prints a table.

An edit of a data file reads the file under the lock, plans the change, validates the touched
nodes' neighbourhood (SHACL), and writes the whole file back atomically.  Reading and writing
grow with the map; planning and validation grow with the edit.  This script times each step on
synthetic maps (``benchmarks/generate.py``, made-up names, never facts) and ``argmap diff`` of
two versions, so the cost of an edit on a big map is known rather than guessed.

Usage::

    python benchmarks/edit.py --sizes 1000,10000 [--repeat 3]

Complexity: O(T) per edit for T triples (parse and write); validation O(neighbourhood).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from generate import generate_turtle  # noqa: E402

from graph.diff import diff_graphs  # noqa: E402
from graph.edit import (check_changeset, edit_file, neighbourhood, plan_add_claim,  # noqa: E402
                        touched_nodes)
from graph.store import atomic_write_bytes, load_graph, serialize_stable  # noqa: E402


def _median(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(claims: int, repeat: int, folder: Path) -> dict:
    path = folder / f"map-{claims}.ttl"
    path.write_text(generate_turtle(claims=claims, seed=1), encoding="utf-8")
    graph = load_graph(path)
    arguments = dict(by="actor:person-00000", source="source:s-000000")
    counter = iter(range(10**6))

    def plan():
        return plan_add_claim(graph, f"Benchmark claim {next(counter)}.", **arguments)

    changeset = plan()
    row = {
        "claims": claims,
        "triples": len(graph),
        "parse s": _median(lambda: load_graph(path), repeat),
        "plan s": _median(plan, repeat),
        "neighbourhood triples": len(neighbourhood(graph, touched_nodes(changeset))),
        "validate s": _median(lambda: check_changeset(graph, changeset), repeat),
        "write s": _median(lambda: atomic_write_bytes(folder / "out.ttl",
                                                       serialize_stable(graph)), repeat),
        "whole edit s": _median(lambda: edit_file(path, plan_add_claim,
                                                  f"Edit {next(counter)}.", **arguments),
                                repeat),
    }
    old = load_graph(path)
    for number in range(10):
        edit_file(path, plan_add_claim, f"Diff claim {number}.", validate=False, **arguments)
    new = load_graph(path)
    row["diff of 10 edits s"] = _median(lambda: diff_graphs(old, new), repeat)
    return row


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="argmap-edit-bench-") as folder:
        rows = [measure(int(size), args.repeat, Path(folder)) for size in args.sizes.split(",")]
    names = list(rows[0])
    print(" | ".join(f"{name:>12}" for name in names))
    for row in rows:
        print(" | ".join(f"{row[name]:>12.3f}" if isinstance(row[name], float)
                         else f"{row[name]:>12}" for name in names))


if __name__ == "__main__":
    main()
