"""Time every named query on the embedded Oxigraph store (and on rdflib's, where it can keep up).

For synthetic maps of 1k, 10k and 100k claims (``benchmarks/generate.py``, the real model's
shape) or a given Turtle file, each named query of ``graph/queries/`` runs through the binding
layer argmap uses (``graph.query``), with the row cap the commands apply, in two forms:

* *selective*: with a parameter that picks a few rows (a claim, an actor, a source …) — the
  target of issue 8 is 100 ms median for these at 100,000 claims;
* *listing*: without parameters (or with an unselective one such as ``kind=person``) — these
  return or aggregate most of the map, so they cost what the map's size costs.

Engines: ``oxigraph`` (pyoxigraph, data loaded with its own parser) and ``rdflib`` (rdflib's
SPARQL engine on its in-memory store; slow to load, so skipped above ``--skip-rdflib-above``).
Rows are compared between the engines (``DIFF``), and with ``--compare DIR`` against the query
files of another folder (say, an older ``graph/queries`` checked out with ``git worktree``):
same rows in the same order, or ``DIFF``.  Each measurement runs in a forked worker killed
after ``--budget`` seconds per run (shown as ``> N s``); times are the median of ``--repeat``
runs on ``--clock cpu`` (this process's CPU time: what an idle machine's wall clock shows,
on a shared machine) or ``wall``.  Never part of the test run.

Run::

    .venv/bin/python benchmarks/query.py --sizes 1000,10000 --clock cpu
    .venv/bin/python benchmarks/query.py --data /tmp/g100k.ttl --clock cpu --engines oxigraph
    .venv/bin/python benchmarks/query.py --data /tmp/g10k.ttl --compare /tmp/old-queries

How to write a fast query for Oxigraph (0.5), learnt here: the engine orders the patterns of
a nested ``{ }`` group (a UNION branch, an OPTIONAL) as if no variable were bound outside it,
starting from a type triple if there is one; it evaluates the pattern of an ``EXISTS`` as
written, with no join ordering; and it computes a UNION whose branches hold OPTIONALs, an
OPTIONAL of four or more triples, a MINUS or a sub-SELECT for the whole map before joining.
So a parameter's join goes first, each branch starts from the variable a parameter binds,
types are checked with one-triple ``FILTER EXISTS``, and per-row checks are chains of
one-triple ``EXISTS``.  ``oxigraph query --explain --stats`` (the server's CLI, same
version) shows the plan.
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

__all__ = ["cases", "measure", "main", "TARGET_SECONDS"]

#: Issue 8: each named query's median at 100,000 claims.
TARGET_SECONDS = 0.1

#: The IDs ``benchmarks/run.py`` uses (present in every generated map of 100+ claims).
PREFERRED = {"actor": "actor:person-00001", "group": "actor:group-00", "claim": "claim:c-000042",
             "proposal": "claim:c-000000", "source": "source:s-000001", "topic": "topic:t-003"}


def first_id(text: str, prefix: str, after: str = "") -> str:
    """The first subject ``prefix:slug`` of the Turtle *text* (typed ``am:after`` if given)."""
    match = re.search(rf"^({prefix}:[\w-]+)\n(?=\s+a am:{after})" if after
                      else rf"^({prefix}:[\w-]+)\n", text, re.M)
    if not match:
        raise SystemExit(f"the map has no {prefix}:{after} node")
    return match.group(1)


def _pick(text: str, key: str, prefix: str, after: str = "") -> str:
    preferred = PREFERRED[key]
    return preferred if f"\n{preferred}\n" in text else first_id(text, prefix, after)


def cases(text: str) -> list[tuple[str, str, dict]]:
    """``(form, query, parameters)`` for each named query, with IDs that exist in *text*."""
    actor = _pick(text, "actor", "actor", "Person")
    group = _pick(text, "group", "actor", "PoliticalGroup")
    claim = _pick(text, "claim", "claim", "Claim")
    proposal = _pick(text, "proposal", "claim", "Proposal")
    source = _pick(text, "source", "source")
    topic = _pick(text, "topic", "topic", "")
    selective = [
        ("assertions", {"actor": actor}), ("assertions", {"claim": claim}),
        ("citing", {"source": source}), ("claim-sources", {"claim": claim}),
        ("claims", {"actor": actor}), ("memberships", {"group": group}),
        ("memberships", {"actor": actor}), ("node", {"node": claim}),
        ("positions", {"proposal": proposal}), ("rebuttals", {"claim": claim}),
        ("rebutted", {"actor": actor}), ("referrers", {"node": claim}),
        ("relations", {"claim": claim}), ("reviews", {"verdict": "overstated"}),
        ("self-sourced", {"actor": actor}), ("timeline", {"actor": actor}),
        ("topics", {}), ("votes", {}), ("actors", {"group": group}),
    ]
    listing = [
        ("actors", {}), ("assertions", {}), ("citing", {}), ("claim-sources", {}),
        ("claims", {}), ("claims", {"topic": topic}),
        ("claims", {"group": group, "attacked": "true"}), ("claims", {"since": "2025-06"}),
        ("memberships", {}), ("one-sided", {"proposal": proposal}),
        ("positions", {}), ("rebuttals", {}), ("rebutted", {}), ("rebutted", {"group": group}),
        ("relations", {}), ("reviews", {}), ("self-sourced", {}), ("sources", {}),
        ("sources", {"kind": "ruling"}), ("timeline", {}),
    ]
    covered = {name for name, _ in selective + listing}
    missing = sorted(set(q.named_queries()) - covered)  # a new query still gets measured
    return ([("selective", name, params) for name, params in selective]
            + [("listing", name, params) for name, params in listing]
            + [("listing", name, {}) for name in missing])


def _clock(name: str):
    return time.process_time if name == "cpu" else time.perf_counter


def _run(source, query, params, engine, limit):
    runner = q.engine_for(source, engine)
    text = q.prepare_named(query, params)
    return runner.execute(text, "select", limit, 0)


def _normal(raw, query) -> list[tuple]:
    """Raw rows with list columns (GROUP_CONCAT, in any order) as sorted tuples."""
    lists = [index for index, column in enumerate(raw.columns) if column in query.lists]
    rows = []
    for row in raw.rows:
        row = list(row)
        for index in lists:
            if row[index] is not None:
                row[index] = tuple(sorted(row[index][1].split(q.LIST_SEPARATOR)))
        rows.append(tuple(row))
    return rows


def _child(connection, source, query, params, engine, repeat, limit, clock, reference,
           want_rows):
    try:
        tick, times, raw = _clock(clock), [], None
        for _ in range(repeat):
            start = tick()
            raw = _run(source, query, params, engine, limit)
            times.append(tick() - start)
        same = None
        if reference is not None:
            same = (_normal(_run(source, reference, params, engine, limit), reference)
                    == _normal(raw, query))
        rows = (q.run_named(source, query.name, params, engine=engine, timeout=0,
                            limit=limit).rows if want_rows else None)
        connection.send(("ok", statistics.median(times), len(raw.rows), raw.truncated, same,
                         rows))
    except Exception as exc:  # report, never hang the parent
        connection.send(("error", 0.0, 0, False, None, f"{type(exc).__name__}: {exc}"))


def measure(source, query, params, engine, repeat, budget, limit=q.DEFAULT_LIMIT,
            clock="cpu", reference=None, want_rows=False):
    """``(seconds or None, row count, truncated, same as reference, rows or error text)``.

    Runs in a forked worker killed after *budget* seconds per run.  *reference* is another
    :class:`graph.query.NamedQuery` to compare rows with (``same`` is None without one); the
    rows (as ``run_named`` gives them) come back only with *want_rows*.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_child, args=(sender, source, query, params, engine, repeat,
                                                  limit, clock, reference, want_rows))
    worker.start()
    sender.close()
    try:
        if not receiver.poll(budget * (repeat + 1)):
            return None, 0, False, None, None
        status, seconds, count, truncated, same, rows = receiver.recv()
        if status != "ok":
            return None, 0, False, None, rows
        return seconds, count, truncated, same, rows
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join()


def show(seconds, budget) -> str:
    if seconds is None:
        return f"> {budget:g} s"
    return f"{seconds * 1000:9.1f} ms" if seconds < 10 else f"{seconds:9.1f} s "


def _reference_queries(folder: str | None) -> dict:
    if not folder:
        return {}
    return {path.stem: q.parse_named_query(path.read_text(encoding="utf-8"), path.stem, path)
            for path in sorted(Path(folder).glob("*.rq"))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="claims per synthetic map, comma-separated")
    parser.add_argument("--data", action="append", default=[],
                        help="a Turtle file to measure instead of generated maps (repeatable)")
    parser.add_argument("--engines", default="oxigraph,rdflib", help="oxigraph and/or rdflib")
    parser.add_argument("--budget", type=float, default=30.0,
                        help="seconds a single run may take before it is stopped")
    parser.add_argument("--repeat", type=int, default=5, help="Oxigraph runs per query (median)")
    parser.add_argument("--clock", choices=("cpu", "wall"), default="cpu")
    parser.add_argument("--limit", type=int, default=q.DEFAULT_LIMIT,
                        help="row cap, as the commands apply (default %(default)s)")
    parser.add_argument("--skip-rdflib-above", type=int, default=20_000,
                        help="do not load maps with more triples than this into rdflib")
    parser.add_argument("--compare", metavar="DIR",
                        help="also run DIR/*.rq and say whether each gives the same rows")
    args = parser.parse_args()
    import pyoxigraph
    from rdflib import Graph

    engines = [e for e in args.engines.split(",") if e]
    references = _reference_queries(args.compare)
    maps = ([(Path(path).name, Path(path).read_text(encoding="utf-8")) for path in args.data]
            or [(f"{int(size):,} claims", generate_turtle(claims=int(size), seed=1))
                for size in args.sizes.split(",")])
    summary: dict[tuple, dict[str, object]] = {}
    for label, text in maps:
        start = _clock(args.clock)()
        store = pyoxigraph.Store()
        store.load(text.encode("utf-8"), pyoxigraph.RdfFormat.TURTLE)
        load_ox = _clock(args.clock)() - start
        triples = len(store)
        graph, load_rdflib = None, None
        if "rdflib" in engines and triples <= args.skip_rdflib_above:
            start = _clock(args.clock)()
            graph = Graph()
            graph.parse(data=text, format="turtle")
            load_rdflib = _clock(args.clock)() - start
        rdflib_load = "skipped" if load_rdflib is None else f"{load_rdflib:.2f} s"
        print(f"\n## {label}, {triples:,} triples — load ({args.clock}): oxigraph "
              f"{load_ox:.2f} s, rdflib {rdflib_load}; median of {args.repeat}, "
              f"row cap {args.limit:,}\n")
        print(f"| {'form':9} | {'query':13} | {'parameters':42} | {'rows':>7} | {'oxigraph':>12} "
              f"| {'rdflib':>12} | {'check':>9} |")
        print(f"|{'-' * 11}|{'-' * 15}|{'-' * 44}|{'-' * 9}|{'-' * 14}|{'-' * 14}|{'-' * 11}|")
        for form, name, params in cases(text):
            query = q.named_query(name)
            with_rdflib = graph is not None
            ox_seconds, count, truncated, same, ox_rows = (
                measure(store, query, params, "oxigraph", args.repeat, args.budget, args.limit,
                        args.clock, references.get(name), want_rows=with_rdflib)
                if "oxigraph" in engines else (None, 0, False, None, None))
            rdf_seconds, rdf_rows = None, None
            if with_rdflib:
                rdf_seconds, _, _, _, rdf_rows = measure(graph, query, params, "rdflib", 1,
                                                         args.budget, args.limit, args.clock,
                                                         want_rows=True)
            check = ""
            if same is False:
                check = "DIFF old"
            elif isinstance(ox_rows, str) or isinstance(rdf_rows, str):
                check = "ERROR"
            elif isinstance(rdf_rows, list) and isinstance(ox_rows, list) and rdf_rows != ox_rows:
                check = "DIFF rdflib"
            elif form == "selective" and ox_seconds is not None and ox_seconds > TARGET_SECONDS:
                check = "> 100 ms"
            shown = ", ".join(f"{k}={v}" for k, v in params.items())
            rows = f"{count}{'+' if truncated else ''}" if ox_seconds is not None else "?"
            rdflib_cell = "skipped" if graph is None else show(rdf_seconds, args.budget)
            ox_cell = show(ox_seconds, args.budget) if "oxigraph" in engines else "skipped"
            print(f"| {form:9} | {name:13} | {shown:42} | {rows:>7} | {ox_cell:>12} | "
                  f"{rdflib_cell:>12} | {check:>9} |", flush=True)
            for problem in (ox_rows, rdf_rows):
                if isinstance(problem, str):
                    print(f"    {problem}")
            summary.setdefault((form, name, tuple(params)), {})[label] = ox_seconds
        del graph, store

    print(f"\n## Oxigraph, side by side ({args.clock})\n")
    labels = [label for label, _ in maps]
    print("| form | query | parameters | " + " | ".join(labels) + " |")
    print("|---|---|---|" + "---|" * len(labels))
    for (form, name, params), by_map in summary.items():
        cells = [show(by_map.get(label), args.budget) for label in labels]
        print(f"| {form} | {name} | {', '.join(params)} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
