"""The synthetic map generator: deterministic by seed, the real model's shape, valid data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib.namespace import RDF

from conftest import ROOT
from graph.stats import claims_without_source, statistics
from graph.store import load_graph
from graph.vocab import AM, ORG

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import counts_for, generate_turtle  # noqa: E402

CLAIMS = 300


@pytest.fixture(scope="module")
def synthetic_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("generated") / "synthetic.ttl"
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"),
                             "--claims", str(CLAIMS), "--seed", "7", "-o", str(path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture(scope="module")
def synthetic_graph(synthetic_file):
    return load_graph(synthetic_file)


def test_same_seed_same_bytes_other_seed_other_map(synthetic_file):
    assert synthetic_file.read_text(encoding="utf-8") == generate_turtle(CLAIMS, seed=7)
    assert generate_turtle(CLAIMS, seed=8) != generate_turtle(CLAIMS, seed=7)


def test_has_every_kind_of_node_of_the_real_model(synthetic_graph):
    stats = statistics(synthetic_graph)
    expected = counts_for(CLAIMS)
    assert stats["claims"] == CLAIMS
    assert stats["proposals"] == expected["proposals"]
    assert stats["sources"] == expected["sources"]
    assert stats["assertions"] >= CLAIMS
    assert stats["supports"] > CLAIMS // 4
    assert stats["attacks"] > CLAIMS // 4
    for kind in ("rebut", "undermine", "undercut"):
        assert stats[f"attacks_{kind}"] > 0, kind
    assert stats["reviews"] > 0 and stats["positions"] > 0 and stats["topics"] > 0
    assert len(set(synthetic_graph.subjects(RDF.type, AM.Membership))) > 0
    assert len(set(synthetic_graph.subjects(RDF.type, AM.Person))) == expected["persons"]


def test_relations_are_well_formed(synthetic_graph):
    graph = synthetic_graph
    assert claims_without_source(graph) == []  # every claim is asserted in a source
    for attack in graph.subjects(RDF.type, AM.Attack):
        target = graph.value(attack, AM.target)
        undercut = graph.value(attack, AM.attackKind) == AM.undercut
        assert ((target, RDF.type, AM.Support) in graph) == undercut, attack
        assert graph.value(attack, AM.attacker) != target
    for support in graph.subjects(RDF.type, AM.Support):
        conclusion = graph.value(support, AM.conclusion)
        assert conclusion not in set(graph.objects(support, AM.premise)), support
    for membership in graph.subjects(RDF.type, AM.Membership):
        assert (graph.value(membership, ORG.member), RDF.type, AM.Person) in graph


def test_valid_under_the_shapes(synthetic_file):
    from graph.validate import validate_path

    report = validate_path(synthetic_file)
    assert report.valid, "\n".join(list(report.lines())[:10])


def test_command_line_refuses_a_nonsense_size():
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"),
                             "--claims", "0"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "--claims" in result.stderr and "Traceback" not in result.stderr
