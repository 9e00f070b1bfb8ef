"""Time whole ``argmap`` processes: start-up and the repeated command on a cached file.

Issue 8 asks that a repeated command on an unchanged 100,000-claim file answers in ≤ 0.5 s.
That is a whole process — interpreter start, ``import cli``, the parse-cache lookup, the
command — so this script runs real ``argmap`` processes and reports, for each command, the
median of *repeat* runs of its CPU time (user + system of the child, from ``wait4``) and of its
wall time.  CPU time is what an idle machine's wall clock would show for this single-threaded
work; on a shared machine the wall column is inflated by other processes.

The first run of each data file builds the cache entry if needed and is not counted.

    python benchmarks/startup.py --data /tmp/g100k.ttl --repeat 5
    python benchmarks/startup.py --data /tmp/g100k.ttl --bytecode both   # with and without .pyc

``--bytecode off`` sets ``PYTHONDONTWRITEBYTECODE=1``, so every start recompiles the
project's modules (what a checkout run with that variable sees); ``on`` lets Python write and
use bytecode (what an installed argmap sees), kept under ``--pycache`` (``PYTHONPYCACHEPREFIX``)
so the working tree stays clean.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

__all__ = ["COMMANDS", "measure", "main"]

ARGMAP = Path(sys.executable).with_name("argmap")

#: (name, whether ``--data FILE`` goes first, the command's arguments).
COMMANDS = [
    ("--help", False, ["--help"]),
    ("query COUNT --json", True,
     ["query", "SELECT (COUNT(?c) AS ?n) WHERE { ?c a <https://w3id.org/argmap/ns#Claim> }",
      "--json"]),
    ("query node (named)", True, ["query", "node", "--param", "node=claim:c-000042", "--json"]),
    ("claims --actor", True, ["claims", "--actor", "actor:person-00001", "--json"]),
    ("stats --json", True, ["stats", "--json"]),
    ("show claim --json", True, ["show", "claim:c-000042", "--json"]),
    ("show source --json", True, ["show", "source:s-000001", "--json"]),
]


def _run(argv: list[str], env: dict, timeout: float) -> tuple[float, float, int]:
    """(CPU seconds, wall seconds, exit status) of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            process.kill()
            pid, status, usage = os.wait4(process.pid, 0)
            break
        time.sleep(0.002)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        sys.stderr.write(process.stderr.read().decode("utf-8", "replace")[-2000:])
    process.stderr.close()
    return usage.ru_utime + usage.ru_stime, wall, process.returncode


def measure(data: str, repeat: int, bytecode: bool, timeout: float,
            only: list[str] | None = None, pycache: str | None = None,
            argmap: str = str(ARGMAP)) -> list[dict]:
    """One row per command: median CPU and wall of *repeat* runs, and the exit status."""
    env = dict(os.environ)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = pycache or str(Path(data).resolve().parent / "pycache")
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    rows = []
    for name, with_data, arguments in COMMANDS:
        if only and not any(word in name for word in only):
            continue
        argv = [argmap] + (["--data", data] if with_data else []) + arguments
        _run(argv, env, timeout)  # warm: the cache entry, the page cache, the .pyc files
        runs = [_run(argv, env, timeout) for _ in range(repeat)]
        rows.append({"command": name, "cpu": statistics.median(r[0] for r in runs),
                     "cpu_min": min(r[0] for r in runs),
                     "wall": statistics.median(r[1] for r in runs),
                     "status": sorted({r[2] for r in runs})})
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, help="data file (copy it: the cache goes beside it)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--bytecode", choices=["on", "off", "both"], default="both")
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--only", nargs="*", help="only commands whose name contains a word")
    parser.add_argument("--pycache", help="bytecode folder for --bytecode on (default: beside "
                                          "the data file)")
    parser.add_argument("--argmap", default=str(ARGMAP),
                        help="the command to time (default: the argmap beside this Python), "
                             "e.g. a script running another checkout")
    args = parser.parse_args(argv)
    modes = {"on": [True], "off": [False], "both": [False, True]}[args.bytecode]
    print(f"data: {args.data}; median of {args.repeat} (and the "
          "smallest CPU time: the least disturbed run); CPU = user + sys of the child")
    print(f"{'command':24} {'bytecode':>9} {'CPU s':>7} {'min':>7} {'wall s':>7}  status")
    for bytecode in modes:
        for row in measure(args.data, args.repeat, bytecode, args.timeout, args.only,
                           args.pycache, args.argmap):
            print(f"{row['command']:24} {'on' if bytecode else 'off':>9} {row['cpu']:7.3f} "
                  f"{row['cpu_min']:7.3f} {row['wall']:7.3f}  {row['status']}", flush=True)


if __name__ == "__main__":
    main()
