"""Timings of ``argmap draw --focus ID --depth N`` on a map file; prints a table (never a test).

For each focus it measures, in this process on the file's cached graph:

* ``neighbourhood``: :func:`viz.focus.neighbourhood_graph` — the walk and the small graph;
* ``statuses``: :func:`viz.focus.grounded_statuses` — the claims' attack ancestors labelled;
* ``render_html``: the whole library step ``benchmarks/run.py`` times (the two above, the
  title, the model, the layout and the page);

and then the whole command as a child process (``argmap --data FILE draw --focus … -o …``),
whose CPU time (user + system) comes from ``resource.getrusage(RUSAGE_CHILDREN)``.  Medians of
``--repeat`` runs; CPU and wall both, because a shared machine inflates wall time.  The first
command on a new file builds the parse cache: run once before timing (``--warm``, default on).

Run:  .venv/bin/python benchmarks/draw.py /tmp/map-100k.ttl --focus claim:c-000042 --repeat 5
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

__all__ = ["library_times", "command_times"]


def _clock() -> tuple[float, float]:
    return time.process_time(), time.perf_counter()


def library_times(path: Path, focus: str, depth: int, repeat: int) -> dict:
    """Median CPU and wall seconds of the library steps for one focus (graph opened once)."""
    from rdflib import URIRef

    from commands.common import resolve_id
    from graph.store import open_graph
    from viz import focus as focus_module
    from viz.html import render_html

    graph = open_graph(path)
    node = URIRef(resolve_id(graph, focus))
    rows: dict[str, list] = {"neighbourhood": [], "statuses": [], "render_html": []}
    size = (0, 0)
    for _ in range(repeat):
        lookups = focus_module.Lookups(graph)
        cpu, wall = _clock()
        near = focus_module.neighbourhood_graph(graph, node, depth, lookups=lookups)
        cpu1, wall1 = _clock()
        focus_module.grounded_statuses(graph, near.claims, lookups=lookups)
        cpu2, wall2 = _clock()
        render_html(graph, focus=node, depth=depth)
        cpu3, wall3 = _clock()
        rows["neighbourhood"].append((cpu1 - cpu, wall1 - wall))
        rows["statuses"].append((cpu2 - cpu1, wall2 - wall1))
        rows["render_html"].append((cpu3 - cpu2, wall3 - wall2))
        size = (len(near.claims), len(near.graph))
    result = {name: (statistics.median(c for c, _ in times), statistics.median(w for _, w in times))
              for name, times in rows.items()}
    result["size"] = size
    return result


def command_times(path: Path, focus: str, depth: int, repeat: int, bytecode: bool) -> tuple:
    """Median CPU and wall seconds of the whole ``argmap draw --focus`` command."""
    argmap = Path(sys.executable).with_name("argmap")
    env = dict(os.environ)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    cpus, walls = [], []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "focus.html"
        for _ in range(repeat):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run([str(argmap), "--data", str(path), "draw", "--focus", focus,
                            "--depth", str(depth), "-o", str(out)],
                           check=True, env=env, capture_output=True, timeout=3600)
            walls.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(cpus), statistics.median(walls)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="map file (e.g. from benchmarks/generate.py)")
    parser.add_argument("--focus", action="append", default=None,
                        help="focus ID; repeat for several (default claim:c-000042)")
    parser.add_argument("--depth", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-warm", dest="warm", action="store_false",
                        help="do not run the command once first (to build the parse cache)")
    args = parser.parse_args()
    foci = args.focus or ["claim:c-000042"]
    if args.warm:
        command_times(args.data, foci[0], args.depth, 1, bytecode=True)
    print(f"{args.data} (depth {args.depth}); medians of {args.repeat}; CPU s / wall s")
    for focus in foci:
        lib = library_times(args.data, focus, args.depth, args.repeat)
        print(f"{focus}: {lib['size'][0]} claims within the depth, small graph of "
              f"{lib['size'][1]} triples")
        for name in ("neighbourhood", "statuses", "render_html"):
            print(f"  {name:<34} {lib[name][0]:6.2f} / {lib[name][1]:6.2f}")
        for bytecode in (True, False):
            cpu, wall = command_times(args.data, focus, args.depth, args.repeat, bytecode)
            label = "command (bytecode cached)" if bytecode else "command (PYTHONDONTWRITEBYTECODE)"
            print(f"  {label:<34} {cpu:6.2f} / {wall:6.2f}")


if __name__ == "__main__":
    main()
