"""Time every named query on the embedded Oxigraph store and on rdflib's in-memory store.

For synthetic maps of 1k, 10k and 100k claims (``benchmarks/generate.py``, the real model's
shape), each named query of ``graph/queries/`` runs with realistic parameters on:

* ``oxigraph``: the embedded engine argmap uses (pyoxigraph, data loaded with its own parser);
* ``rdflib``: rdflib's SPARQL engine on its default in-memory store.

The two stores answer through the same binding layer (``graph.query.run_named``), and the
rows are compared: a difference is printed as ``DIFF``.  Each measurement runs in a forked
worker killed after ``--budget`` seconds (shown as ``> N s``), so one slow query cannot stall
the run; Oxigraph times are the median of ``--repeat`` runs, rdflib's of one.  Never part of
the test run.

Run:  .venv/bin/python benchmarks/query.py [--sizes 1000,10000,100000] [--budget 30]
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate_turtle  # noqa: E402
from graph import query as q  # noqa: E402


def first_id(text: str, prefix: str, pattern: str = r"[\w-]+", after: str = "") -> str:
    """The first subject ``prefix:slug`` of the generated Turtle (optionally followed by *after*)."""
    match = re.search(rf"^({prefix}:{pattern})\n(?=\s+a am:{after})" if after
                      else rf"^({prefix}:{pattern})\n", text, re.M)
    if not match:
        raise SystemExit(f"the generated map has no {prefix}:{after} node")
    return match.group(1)


def cases(text: str) -> list[tuple[str, dict]]:
    """Each named query with parameters that exist in the generated map."""
    actor = first_id(text, "actor", after="Person")
    group = first_id(text, "actor", after="PoliticalGroup")
    claim = first_id(text, "claim", after="Claim")
    proposal = first_id(text, "claim", after="Proposal")
    source = first_id(text, "source")
    topic = first_id(text, "topic", after="")
    chosen = {
        "claims": {"group": group, "attacked": "true"},
        "rebuttals": {"claim": claim},
        "rebutted": {"group": group},
        "assertions": {"actor": actor},
        "timeline": {"actor": actor},
        "actors": {"group": group},
        "sources": {"kind": "ruling"},
        "one-sided": {"proposal": proposal},
        "self-sourced": {"actor": actor},
        "reviews": {"verdict": "overstated"},
        "votes": {},
        "positions": {"proposal": proposal},
        "memberships": {"group": group},
        "relations": {"claim": claim},
        "claim-sources": {"claim": claim},
        "citing": {"source": source},
        "node": {"node": claim},
        "referrers": {"node": topic},
        "topics": {},
    }
    missing = set(q.named_queries()) - set(chosen)
    return [(name, chosen.get(name, {})) for name in sorted(set(chosen) | missing)]


def _child(connection, source, name, params, engine, repeat):
    try:
        times, rows = [], None
        for _ in range(repeat):
            start = time.perf_counter()
            rows = q.run_named(source, name, params, engine=engine, timeout=0,
                               limit=10**9).rows
            times.append(time.perf_counter() - start)
        connection.send(("ok", statistics.median(times), rows))
    except Exception as exc:  # report, never hang the parent
        connection.send(("error", 0.0, f"{type(exc).__name__}: {exc}"))


def measure(source, name, params, engine, repeat, budget):
    """(seconds or None when over budget, rows or an error text)."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_child, args=(sender, source, name, params, engine, repeat))
    worker.start()
    sender.close()
    try:
        if not receiver.poll(budget * repeat):
            return None, None
        status, seconds, rows = receiver.recv()
        return (seconds, rows) if status == "ok" else (None, rows)
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join()


def show(seconds, budget) -> str:
    if seconds is None:
        return f"> {budget:g} s"
    return f"{seconds * 1000:9.1f} ms" if seconds < 10 else f"{seconds:9.1f} s "


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="claims per synthetic map, comma-separated")
    parser.add_argument("--budget", type=float, default=30.0,
                        help="seconds a single query may take before it is stopped")
    parser.add_argument("--repeat", type=int, default=3, help="Oxigraph runs per query (median)")
    parser.add_argument("--skip-rdflib-above", type=int, default=10**9,
                        help="do not load maps larger than this into rdflib")
    args = parser.parse_args()
    import pyoxigraph
    from rdflib import Graph

    summary: dict[str, dict[int, tuple]] = {}
    sizes = [int(size) for size in args.sizes.split(",")]
    for size in sizes:
        text = generate_turtle(claims=size, seed=1)
        start = time.perf_counter()
        store = pyoxigraph.Store()
        store.load(text.encode("utf-8"), pyoxigraph.RdfFormat.TURTLE)
        load_ox = time.perf_counter() - start
        graph = None
        load_rdflib = None
        if size <= args.skip_rdflib_above:
            start = time.perf_counter()
            graph = Graph()
            graph.parse(data=text, format="turtle")
            load_rdflib = time.perf_counter() - start
        triples = len(store)
        print(f"\n## {size:,} claims, {triples:,} triples — load: oxigraph {load_ox:.2f} s, "
              f"rdflib {'skipped' if load_rdflib is None else f'{load_rdflib:.2f} s'}\n")
        print(f"| {'query':14} | {'parameters':44} | {'rows':>7} | {'oxigraph':>12} | "
              f"{'rdflib':>12} | {'rdflib/ox':>9} |")
        print(f"|{'-' * 16}|{'-' * 46}|{'-' * 9}|{'-' * 14}|{'-' * 14}|{'-' * 11}|")
        for name, params in cases(text):
            ox_seconds, ox_rows = measure(store, name, params, "oxigraph", args.repeat,
                                          args.budget)
            if graph is not None:
                rdf_seconds, rdf_rows = measure(graph, name, params, "rdflib", 1, args.budget)
            else:
                rdf_seconds, rdf_rows = None, None
            rows = len(ox_rows) if isinstance(ox_rows, list) else "?"
            ratio = (f"{rdf_seconds / ox_seconds:8.0f}×" if ox_seconds and rdf_seconds
                     else "")
            if isinstance(ox_rows, list) and isinstance(rdf_rows, list) and ox_rows != rdf_rows:
                ratio = "DIFF"
            if isinstance(ox_rows, str) or isinstance(rdf_rows, str):
                ratio = "ERROR"
            rdflib_cell = "skipped" if graph is None else show(rdf_seconds, args.budget)
            shown = ", ".join(f"{k}={v}" for k, v in params.items())
            print(f"| {name:14} | {shown:44} | {rows!s:>7} | {show(ox_seconds, args.budget):>12}"
                  f" | {rdflib_cell:>12} | {ratio:>9} |", flush=True)
            for problem in (ox_rows, rdf_rows):
                if isinstance(problem, str):
                    print(f"    {problem}")
            summary.setdefault(name, {})[size] = (ox_seconds, rdf_seconds, graph is not None)
        del graph, store

    print("\n## Side by side (oxigraph / rdflib)\n")
    header = " | ".join(f"{size:>9,} claims: oxigraph / rdflib" for size in sizes)
    print(f"| {'query':14} | {header} |")
    print("|" + "-" * 16 + "|" + "|".join("-" * 36 for _ in sizes) + "|")
    for name, by_size in summary.items():
        cells = []
        for size in sizes:
            ox_seconds, rdf_seconds, ran = by_size.get(size, (None, None, False))
            rdflib_cell = show(rdf_seconds, args.budget) if ran else "skipped"
            cells.append(f"{show(ox_seconds, args.budget):>14} / {rdflib_cell:>14}    ")
        print(f"| {name:14} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
