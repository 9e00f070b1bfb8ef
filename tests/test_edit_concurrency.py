"""Edits under contention and crashes: no edit is lost, and the file is never torn or empty.

- Two processes each add the same 50 claims at the same time: the map ends with all 100 claims
  (none lost to a race), each text twice under two distinct IDs (minted under the lock).
- A process doing 50 saves is killed with SIGKILL at random moments (fixed seed): after every
  kill the file parses and is exactly one of the complete versions the process wrote.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
from pathlib import Path

from rdflib.namespace import RDF

from _edit_support import write_small_map
from graph.edit import edit_file, plan_add_claim
from graph.store import load_graph, serialize_stable
from graph.validate import validate
from graph.vocab import AM, BMS

# Children are forked from the test process, which has argmap imported already: no interpreter
# start-up per child, so the test spends its time editing, and kills land in the saves.
FORK = multiprocessing.get_context("fork")


def _writer(path: Path, go, validate: bool = False) -> None:
    # Validation off: it only lengthens the time each writer holds the lock, and the lock is
    # what this test is about (the final map is validated whole below).  Shorter edits mean
    # more contention, a harder test.
    go.wait()  # start both writers at the same moment
    for i in range(50):
        edit_file(path, plan_add_claim, f"Concurrent test claim number {i}.", by="test-editor",
                  source="test-notes", validate=validate)


def _saver(path: Path, ready) -> None:
    done = len(_saved_claims(load_graph(path)))
    ready.set()
    for i in range(done, 50):
        # No validation: the kill should land in planning or writing, not in SHACL.
        edit_file(path, plan_add_claim, f"Saved claim number {i}.", by="test-editor",
                  source="test-notes", slug=f"saved-{i}", validate=False)


def _saved_claims(graph) -> set[str]:
    names = {str(c).rsplit("/", 1)[1] for c in graph.subjects(RDF.type, AM.Claim)}
    return {name for name in names if name.startswith("saved-")}


def test_two_processes_adding_50_claims_each_keep_all_100(tmp_path):
    path = write_small_map(tmp_path / "map.ttl")
    claims_before = set(load_graph(path).subjects(RDF.type, AM.Claim))
    go = FORK.Event()
    writers = [FORK.Process(target=_writer, args=(path, go)) for _ in range(2)]
    for writer in writers:
        writer.start()
    go.set()
    for writer in writers:
        writer.join(timeout=300)
        assert writer.exitcode == 0
    graph = load_graph(path)
    new_claims = set(graph.subjects(RDF.type, AM.Claim)) - claims_before
    assert len(new_claims) == 100
    texts = sorted(str(graph.value(claim, AM.text)) for claim in new_claims)
    assert texts == sorted([f"Concurrent test claim number {i}." for i in range(50)] * 2)
    # Each text got two IDs: the second writer's was made unique under the lock.
    assert BMS["claim/concurrent-test-claim-number-7"] in new_claims
    assert BMS["claim/concurrent-test-claim-number-7-2"] in new_claims
    assert [p for p in validate(graph) if p.severity == "error"] == []
    assert serialize_stable(graph) == path.read_bytes()


def test_sigkill_during_50_saves_never_leaves_a_torn_or_empty_file(tmp_path):
    path = write_small_map(tmp_path / "map.ttl")
    base_triples = len(load_graph(path))
    rng = random.Random(20211005)
    saved, kills, window = 0, 0, 0.4
    while saved < 50:
        ready = FORK.Event()
        saver = FORK.Process(target=_saver, args=(path, ready))
        saver.start()
        assert ready.wait(timeout=120)
        # Kill at a random moment, 20 times; then let the last saver finish its saves.
        saver.join(timeout=rng.uniform(0.0, window) if kills < 20 else 300)
        if saver.exitcode is None:
            os.kill(saver.pid, signal.SIGKILL)
            saver.join()
            kills += 1
        data = path.read_bytes()
        assert data, "the data file is empty after a kill"
        graph = load_graph(path)  # parses: not torn
        # Exactly one of the complete versions: claims saved-0 … saved-(k-1), nothing partial.
        names = _saved_claims(graph)
        k = len(names)
        assert names == {f"saved-{i}" for i in range(k)}
        assert len(graph) == base_triples + 9 * k  # each claim: 4 triples + its assertion's 5
        assert data == serialize_stable(graph)
        assert k >= saved
        if k == saved:  # a slow machine: give the next saver longer before the kill
            window *= 1.5
        saved = k
    assert kills >= 5, "the saver was hardly ever interrupted; the test proved little"
