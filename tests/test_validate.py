"""`argmap validate`: the shipped debate is valid; each kind of broken data gets its exact problem.

Broken copies are made in tmp_path, either by editing a copy of the shipped debate with rdflib
(then written in argmap's canonical layout) or from the small synthetic map in
tests/fixtures/validate/small-valid.ttl.  Exit codes: 0 valid, 1 invalid, 2 unreadable.
"""

from __future__ import annotations

import http.server
import json
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD

from conftest import assert_clean_error, run_argmap
from graph.errors import DataError
from graph.store import load_graph, serialize_stable
from graph.validate import (AMSH, check_graph, shapes_graph, short_id, validate, validate_graph,
                            validate_path)
from graph.vocab import AM, BMS, DCTERMS, ORG

FIXTURES = Path(__file__).parent / "fixtures" / "validate"
SMALL = FIXTURES / "small-valid.ttl"
EX = "https://example.org/debate/"


def claim(slug: str) -> URIRef:
    return BMS[f"claim/{slug}"]


def source(slug: str) -> URIRef:
    return BMS[f"source/{slug}"]


def write_graph(graph: Graph, path: Path) -> Path:
    path.write_bytes(serialize_stable(graph))
    return path


def edited_small(tmp_path: Path, old: str, new: str, name: str = "broken.ttl") -> Path:
    """A copy of the small valid map with one text edit (the edit must apply)."""
    text = SMALL.read_text(encoding="utf-8")
    assert old in text, old
    target = tmp_path / name
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def problems_of(path: Path) -> list:
    return validate_path(path).problems


def problem_lines(result) -> list[str]:
    """The problem lines of the CLI output (everything but the summary line)."""
    return result.stdout.strip().splitlines()[:-1]


@pytest.fixture(scope="module")
def debate() -> Graph:
    """A private parse of the shipped debate; tests copy it before changing it."""
    from conftest import SHIPPED_DATA

    return load_graph(SHIPPED_DATA)


def copy_of(graph: Graph) -> Graph:
    copy = Graph()
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace)
    for triple in graph:
        copy.add(triple)
    return copy


# --- the shipped debate -----------------------------------------------------------------------

def test_shipped_debate_is_valid(shipped_data):
    result = run_argmap("validate", shipped_data)
    assert result.returncode == 0, result.stdout + result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith(f"{shipped_data}: valid (")
    assert " claims" in summary and "Traceback" not in result.stderr


def test_default_path_and_json_output(tmp_path):
    result = run_argmap("--data", SMALL, "validate", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["valid"] is True and report["path"] == str(SMALL)
    assert report["counts"]["claims"] == 4 and report["problems"] == []
    broken = edited_small(tmp_path, "am:target ex:proposal", "am:target ex:nope")
    result = run_argmap("--data", broken, "validate", "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False and report["summary"] == f"{broken}: 1 problem in 1 node"
    assert report["problems"] == [{
        "node": "ex:attack-rebut", "message": "am:target points at ex:nope, which is not in the graph",
        "fix": "correct the ID, or add ex:nope to the data", "severity": "error",
        "property": "am:target", "value": "ex:nope", "line": 43}]


def test_claim_without_any_assertion_is_reported(debate, tmp_path):
    graph = copy_of(debate)
    target = claim("false-alarm-rate")
    assertions = list(graph.subjects(AM.claim, target))
    assert assertions, "the debate asserts claim:false-alarm-rate"
    for assertion in assertions:
        graph.remove((assertion, None, None))
        graph.remove((None, None, assertion))  # reviews of the assertion go with it
    path = write_graph(graph, tmp_path / "claims.ttl")
    report = validate_path(path)
    assert not report.valid
    assert any(line.split(": ", 1)[1].startswith(
        "claim:false-alarm-rate: no assertion ties this claim to a source — ")
        for line in report.lines()), list(report.lines())


def test_assertion_without_source_is_reported(debate, tmp_path):
    graph = copy_of(debate)
    assertion = next(graph.subjects(AM.claim, claim("gender-shades-accuracy-gap")))
    graph.remove((assertion, AM.source, None))
    path = write_graph(graph, tmp_path / "claims.ttl")
    problems = [p for p in problems_of(path) if p.severity == "error"]
    assert [(p.node, p.message) for p in problems] == [
        (short_id(assertion), "needs exactly one am:source (where the statement was made)")]


def test_dangling_attack_target_is_one_exact_problem_on_its_line(debate, tmp_path):
    graph = copy_of(debate)
    attack = next(graph.subjects(RDF.type, AM.Attack))
    graph.remove((attack, AM.target, None))
    graph.add((attack, AM.target, claim("no-such-claim")))
    path = write_graph(graph, tmp_path / "claims.ttl")
    result = run_argmap("validate", path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = problem_lines(result)
    assert len(lines) == 1, lines
    assert lines[0].endswith(f"{short_id(attack)}: am:target points at claim:no-such-claim, which "
                             "is not in the graph — correct the ID, or add claim:no-such-claim "
                             "to the data")
    assert result.stdout.strip().splitlines()[-1] == f"{path}: 1 problem in 1 node"
    place, number = lines[0].split(":")[:2]
    assert place == str(path)
    assert path.read_text(encoding="utf-8").splitlines()[int(number) - 1] == short_id(attack)


def test_bad_ecli_on_the_shipped_ruling(debate, tmp_path):
    graph = copy_of(debate)
    ruling = source("cjeu-digital-rights-ireland")
    assert str(graph.value(ruling, AM.ecli)) == "ECLI:EU:C:2014:238"
    graph.set((ruling, AM.ecli, Literal("ECLI:EU:C:14:238")))
    path = write_graph(graph, tmp_path / "claims.ttl")
    [line] = validate_path(path).lines()
    assert line.split(": ", 1)[1] == (
        'source:cjeu-digital-rights-ireland: am:ecli "ECLI:EU:C:14:238" is not an ECLI (expected '
        "e.g. ECLI:EU:C:2014:238) — write the European Case Law Identifier as the court "
        "publishes it: ECLI:country:court:year:number, upper case, no spaces")


def test_bad_celex_on_the_shipped_regulation(debate, tmp_path):
    graph = copy_of(debate)
    regulation = source("regulation-2024-1689")
    assert str(graph.value(regulation, AM.celex)) == "32024R1689"
    graph.set((regulation, AM.celex, Literal("2024/1689")))
    path = write_graph(graph, tmp_path / "claims.ttl")
    [problem] = problems_of(path)
    assert (problem.node, problem.property, problem.value) == (
        "source:regulation-2024-1689", "am:celex", '"2024/1689"')
    assert problem.message.startswith('am:celex "2024/1689" is not a CELEX number')


def test_bad_date_is_a_problem_not_a_traceback(debate, tmp_path):
    graph = copy_of(debate)
    assertion = next(graph.subjects(AM.claim, claim("nist-demographic-differentials")))
    graph.set((assertion, AM.date, Literal("2019-13-45", datatype=XSD.date)))
    path = write_graph(graph, tmp_path / "claims.ttl")
    result = run_argmap("validate", path)
    assert result.returncode == 1
    assert result.stderr == ""  # rdflib logs a traceback for ill-typed literals; not here
    [line] = problem_lines(result)
    assert f'{short_id(assertion)}: am:date "2019-13-45"^^xsd:date is not a valid date — ' in line


def test_undercut_of_a_claim_is_reported(debate, tmp_path):
    graph = copy_of(debate)
    attack = next(graph.subjects(RDF.type, AM.Attack))
    graph.set((attack, AM.attackKind, AM.undercut))  # its target is a claim, not a support
    assert (graph.value(attack, AM.target), RDF.type, AM.Support) not in graph
    path = write_graph(graph, tmp_path / "claims.ttl")
    problems = problems_of(path)
    assert [(p.node, p.message) for p in problems] == [
        (short_id(attack), "an undercut must target a support, but this one targets a claim")]


def test_undated_membership_is_reported(debate, tmp_path):
    graph = copy_of(debate)
    membership = next(graph.subjects(RDF.type, AM.Membership))
    graph.remove((membership, AM.startDate, None))
    graph.remove((membership, AM.asOf, None))
    path = write_graph(graph, tmp_path / "claims.ttl")
    [line] = validate_path(path).lines()
    assert f"{short_id(membership)}: membership is not dated — add am:startDate" in line


# --- unreadable files: exit 2, one line, no traceback ------------------------------------------

def test_turtle_syntax_error_names_file_line_and_column(shipped_data, tmp_path):
    lines = shipped_data.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("claim:")) + 2
    lines[number - 1] = lines[number - 1].rstrip(" ;.") + " oops ;"  # a stray word mid-statement
    path = tmp_path / "claims.ttl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_argmap("validate", path)
    assert_clean_error(result, f"{path}:{number}:", "Turtle syntax error")


@pytest.mark.parametrize("content, fragment", [
    (b"", "file is empty"),
    (b"   \n\n", "file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    (b"@prefix ex: <https://example.org/> .\nex:a ex:b \"Stra\xdfe\" .\n", ":2:16: not UTF-8"),
])
def test_unreadable_files_exit_2(tmp_path, content, fragment):
    path = tmp_path / "claims.ttl"
    path.write_bytes(content)
    result = run_argmap("validate", path)
    assert_clean_error(result, str(path), fragment)
    assert result.stdout == ""


def test_missing_file_exits_2(tmp_path):
    assert_clean_error(run_argmap("validate", tmp_path / "nope.ttl"), "no such file")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300))
def test_any_bytes_give_a_report_or_a_data_error(tmp_path, data):
    path = tmp_path / "fuzz.ttl"
    path.write_bytes(data)
    try:
        report = validate_path(path)
    except DataError as error:
        assert "\n" not in str(error) and str(path) in str(error)
    else:
        assert report.valid in (True, False)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tokens=st.lists(st.sampled_from(list('<>:;., "@_^#\n[]()01') + [
    "ex:a", "ex:b", " a ", "am:Claim", "am:Attack", "am:target", "am:text", '"t"@en', "<urn:x>",
    '"2021-13-01"^^xsd:date', "-5", " . "]), max_size=30))
def test_any_turtle_like_text_gives_a_report_or_a_data_error(tmp_path, tokens):
    path = tmp_path / "fuzz.ttl"
    path.write_text("@prefix am: <https://w3id.org/argmap/ns#> .\n@prefix ex: <https://example"
                    ".org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
                    + "".join(tokens), encoding="utf-8")
    try:
        validate_path(path)
    except DataError as error:
        assert "\n" not in str(error)


# --- the contract, one rule at a time (small synthetic map) ------------------------------------

def test_small_map_is_valid():
    report = validate_path(SMALL)
    assert report.problems == [] and report.valid
    assert report.summary().startswith(f"{SMALL}: valid (4 claims, 1 support, 2 attacks,")


CONTRACT_CASES = [
    ('    am:text "Example claim A, which supports the proposal."@en ;\n', "", "ex:claim-a",
     "no am:text"),
    ('"Example claim A, which supports the proposal."@en', '"No language tag"', "ex:claim-a",
     'am:text "No language tag" has no language tag'),
    ('rdfs:label "Claim B"@en ;', 'rdfs:label "Claim B"@en , "Second label"@en ;', "ex:claim-b",
     "needs exactly one rdfs:label (the short title shown on the map)"),
    ("am:confidence am:SeedOnly", "am:confidence am:Sure", "ex:claim-b",
     "uses am:Sure, which the argmap vocabulary does not define"),
    ("am:actor ex:person ; am:claim ex:claim-a", "am:actor ex:act ; am:claim ex:claim-a",
     "ex:assertion-a", "am:actor ex:act is not an actor"),
    ("am:source ex:ruling ;", "am:source ex:person ;", "ex:assertion-proposal",
     "am:source ex:person is not a source"),
    ('am:date "2020-01-02"^^xsd:date', 'am:date "2 January 2020"', "ex:assertion-proposal",
     'am:date "2 January 2020" is not a valid date'),
    ('am:date "2021-03"^^xsd:gYearMonth', 'am:date "2021-3"^^xsd:gYearMonth', "ex:assertion-a",
     'am:date "2021-3"^^xsd:gYearMonth is not a valid date'),
    ("am:conclusion ex:proposal ;", "am:conclusion ex:proposal , ex:claim-b ;", "ex:support",
     "needs exactly one am:conclusion"),
    ("am:attackKind am:rebut", "am:attackKind am:rebuts", "ex:attack-rebut",
     "am:attackKind must be exactly one of am:rebut, am:undermine, am:undercut"),
    ("am:target ex:proposal", "am:target ex:support", "ex:attack-rebut",
     "an attack on a support must be an undercut"),
    ("am:target ex:support", "am:target ex:claim-a", "ex:attack-undercut",
     "an undercut must target a support, but this one targets a claim"),
    ("am:target ex:proposal", "am:target ex:ruling", "ex:attack-rebut",
     "am:target ex:ruling is neither a claim nor a support"),
    ('    dcterms:publisher "Example court" ;\n', "", "ex:ruling",
     "needs exactly one dcterms:publisher, as text"),
    ('    dcterms:issued "2022"^^xsd:gYear ;\n', "", "ex:report",
     "needs exactly one dcterms:issued date"),
    ('am:documentNumber "EX-1/2022" ;\n    am:doi "10.6028/EXAMPLE.1" .', 'dcterms:title "x"@de .',
     "ex:report", "no identifier and no URL, so nobody can find this source"),
    ("ECLI:EU:C:2014:238", "ecli:eu:c:2014:238", "ex:ruling",
     'am:ecli "ecli:eu:c:2014:238" is not an ECLI (expected e.g. ECLI:EU:C:2014:238)'),
    ('am:celex "62012CJ0293"', 'am:celex "62012CJ0293" , "62012CJ0294"', "ex:ruling",
     'more than one am:celex'),
    ('"https://example.org/act"^^xsd:anyURI', '"file:///etc/passwd"^^xsd:anyURI', "ex:act",
     'schema:url "file:///etc/passwd"^^xsd:anyURI is not an http(s) URL'),
    ('am:doi "10.6028/EXAMPLE.1"', 'am:doi "https://doi.org/10.6028/EXAMPLE.1"', "ex:report",
     'am:doi "https://doi.org/10.6028/EXAMPLE.1" is not one DOI (expected e.g. '
     "10.6028/NIST.IR.8280)"),
    ('am:country "BE"', 'am:country "Belgium"', "ex:person",
     'am:country "Belgium" is not one ISO 3166 alpha-2 code (or EU, INT)'),
    ("org:member ex:person", "org:member ex:ngo", "ex:membership",
     "org:member ex:ngo is not an am:Person"),
    ('am:asOf "2021-03-04"^^xsd:date ; ', "", "ex:membership", "membership is not dated"),
    ("am:votesAgainst 0", "am:votesAgainst -1", "ex:vote",
     'am:votesAgainst "-1"^^xsd:integer is not one non-negative whole number'),
    ("am:votesFor 10", 'am:votesFor "ten"', "ex:vote",
     'am:votesFor "ten" is not one non-negative whole number'),
    ("am:stance am:For", "am:stance am:Against , am:For", "ex:position",
     "am:stance must be exactly one of am:For, am:Against"),
    ("am:verdict am:Overstated", "am:verdict am:Accurate", None, None),  # still valid
    ("am:verdict am:Overstated", "am:verdict am:For", "ex:review",
     "am:verdict must be exactly one of the eight verdicts"),
    ("am:evidence ex:ruling", "am:evidence ex:vote", "ex:review",
     "am:evidence ex:vote is not a source"),
    ('skos:prefLabel "Example topic"@en', 'skos:altLabel "Example topic"@en', "ex:topic",
     "no skos:prefLabel"),
    ("am:premise ex:claim-a", "am:premis ex:claim-a", "ex:support", "no am:premise"),
    ("ex:claim-c a am:Claim ;", "ex:claim-c", "ex:claim-c",
     "has no rdf:type, so no check or command knows what it is"),
    ("am:statedIn ex:report .\n\nex:ruling", "am:statedIn [ a am:Report ] .\n\nex:ruling",
     "ex:attack-undercut", "am:statedIn points at a blank node; data files use IRIs only"),
]


@pytest.mark.parametrize("old, new, node, message", CONTRACT_CASES)
def test_each_rule_of_the_contract(tmp_path, old, new, node, message):
    problems = problems_of(edited_small(tmp_path, old, new))
    if node is None:
        assert problems == []
        return
    assert (node, message) in [(p.node, p.message) for p in problems], problems
    assert all(p.severity == "error" for p in problems if (p.node, p.message) == (node, message))


def test_long_label_is_a_warning_and_still_valid(tmp_path):
    path = edited_small(tmp_path, 'rdfs:label "Claim A"@en', f'rdfs:label "{"A" * 81}"@en')
    report = validate_path(path)
    assert report.valid
    [warning] = report.problems
    assert warning.severity == "warning" and warning.node == "ex:claim-a"
    assert report.summary().endswith(", 1 warning")
    result = run_argmap("validate", path)
    assert result.returncode == 0
    assert "warning: ex:claim-a: rdfs:label is longer than 80 characters" in result.stdout


# Each required property of the contract, removed from a valid map, makes it invalid and the
# problem names the node that lost it; removing anything optional keeps it valid.
REQUIRED = {
    str(p) for p in (RDF.type, AM.text, AM.actor, AM.claim, AM.source, AM.date, AM.premise,
                     AM.conclusion, AM.statedBy, AM.statedIn, AM.attacker, AM.target,
                     AM.attackKind, DCTERMS.title, DCTERMS.publisher, DCTERMS.issued,
                     URIRef("http://xmlns.com/foaf/0.1/name"), ORG.member, ORG.organization,
                     AM.asOf, DCTERMS.date, AM.proposal, AM.stance, AM.reviewOf, AM.verdict,
                     AM.reason, AM.evidence, AM.reviewer,
                     URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"))
}
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def test_removing_any_one_triple_is_caught_exactly_when_it_was_required():
    graph = load_graph(SMALL)
    one_of_each = {}  # one triple per (kind of node, property): the rules are per kind
    for triple in sorted(graph):
        kind = tuple(sorted(graph.objects(triple[0], RDF.type)))
        one_of_each.setdefault((kind, triple[1]), triple)
    for triple in one_of_each.values():
        subject, predicate, _ = triple
        graph.remove(triple)
        try:
            problems = [p for p in validate(graph) if p.severity == "error"]
        finally:
            graph.add(triple)
        required = str(predicate) in REQUIRED or str(predicate) == LABEL  # claims and events
        assert bool(problems) == required, (triple, problems)
        if required:
            assert "ex:" + str(subject)[len(EX):] in {p.node for p in problems}, (triple, problems)


# --- the two engines agree ------------------------------------------------------------------------

def _findings(graph: Graph, engine: str) -> list[tuple]:
    return [(p.node, p.message, p.fix, p.severity, p.property, p.value)
            for p in validate(graph, engine=engine)]


@pytest.mark.parametrize("old, new", [(old, new) for old, new, _, _ in CONTRACT_CASES] + [
    ("am:target ex:proposal", "am:target ex:nope"),
    ('"2021-03-05"^^xsd:date', '"2021-02-30"^^xsd:date'),
    ('rdfs:label "Claim A"@en', f'rdfs:label "{"A" * 81}"@en'),
])
def test_compiled_engine_finds_what_pyshacl_finds(tmp_path, old, new):
    graph = load_graph(edited_small(tmp_path, old, new))
    assert _findings(graph, "compiled") == _findings(graph, "pyshacl")


def test_compiled_engine_on_the_shipped_debate_and_a_broken_copy(debate):
    assert _findings(debate, "compiled") == _findings(debate, "pyshacl") == []
    graph = copy_of(debate)
    # three rebuts/undermines made undercuts (sorted: set order varies between runs)
    rebuts = [a for a in sorted(graph.subjects(RDF.type, AM.Attack))
              if (a, AM.attackKind, AM.undercut) not in graph]
    for attack in rebuts[:3]:
        graph.set((attack, AM.attackKind, AM.undercut))
    for assertion in sorted(graph.subjects(RDF.type, AM.Assertion))[:3]:
        graph.remove((assertion, AM.source, None))
    findings = _findings(graph, "compiled")
    assert len(findings) >= 6 and findings == _findings(graph, "pyshacl")


def test_compiled_engine_respects_focus():
    graph = load_graph(SMALL)
    graph.remove((URIRef(EX + "claim-a"), AM.text, None))
    focus = [URIRef(EX + "claim-b")]
    assert validate(graph, focus=focus, engine="compiled") == []
    assert [p.message for p in validate(graph, focus=[URIRef(EX + "claim-a")],
                                        engine="compiled")] == ["no am:text"]


def _broken_generated_map() -> bytes:
    """A generated map (200 claims) with one of each kind of damage, as N-Triples."""
    import sys

    from conftest import ROOT

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate_turtle

    graph = load_graph(generate_turtle(200, seed=3).encode(), format="turtle")
    claims = sorted(graph.subjects(RDF.type, AM.Claim))
    attacks = sorted(graph.subjects(RDF.type, AM.Attack))
    assertions = sorted(graph.subjects(RDF.type, AM.Assertion))
    graph.remove((claims[0], AM.text, None))
    for assertion in assertions[:2]:
        graph.remove((assertion, AM.source, None))
    graph.set((claims[1], AM.firstStated, Literal("2021-02-30", datatype=XSD.date)))
    graph.add((claims[2], RDFS.label, Literal("L" * 90, lang="en")))
    graph.set((attacks[0], AM.target, claim("nope")))
    graph.set((attacks[1], AM.attackKind, AM.undercut))
    graph.add((claims[3], AM.premis, claims[4]))
    graph.add((claim("untyped"), AM.text, Literal("No type.", lang="en")))
    vote = BMS["vote/v"]
    graph.add((vote, RDF.type, AM.Vote))
    graph.add((vote, AM.votesFor, Literal("-3", datatype=XSD.integer)))
    graph.add((vote, AM.outcome, AM.Maybe))
    for n in range(2):  # blank nodes nothing points at
        loose = BNode()
        graph.add((loose, RDF.type, AM.Claim))
        graph.add((loose, AM.text, Literal(f"Loose {n}.", lang="en")))
    return graph.serialize(format="nt", encoding="utf-8")


def test_compiled_engine_reads_oxigraph_quads_as_rdflib_reads_its_store():
    """The compiled engine reads an Oxigraph graph's quads directly: same problems, same counts."""
    from graph.store import parse_bytes
    from graph.validate import counts

    data = _broken_generated_map()
    in_rdflib = parse_bytes(data, "nt", "broken.nt", engine="rdflib")
    in_oxigraph = parse_bytes(data, "nt", "broken.nt", engine="oxigraph")
    assert type(in_oxigraph.store).__name__ != type(in_rdflib.store).__name__
    found = _findings(in_oxigraph, "compiled")
    assert len(found) >= 8
    assert found == _findings(in_rdflib, "compiled") == _findings(in_rdflib, "pyshacl")
    for graph in (in_rdflib, in_oxigraph):
        assert validate_graph(graph).counts == counts(graph)


# --- library API -------------------------------------------------------------------------------

def test_check_graph_raises_one_line():
    graph = load_graph(SMALL)
    check_graph(graph)  # valid: nothing raised
    graph.remove((URIRef(EX + "support"), AM.premise, None))
    graph.remove((URIRef(EX + "claim-a"), AM.text, None))
    with pytest.raises(DataError) as caught:
        check_graph(graph)
    assert str(caught.value) == ("2 problems: ex:claim-a: no am:text; ex:support: no am:premise")


def test_check_graph_with_focus_checks_only_those_nodes():
    graph = load_graph(SMALL)
    graph.remove((URIRef(EX + "claim-a"), AM.text, None))
    check_graph(graph, focus=[URIRef(EX + "claim-b")])  # claim-a is not looked at
    with pytest.raises(DataError, match="ex:claim-a: no am:text"):
        check_graph(graph, focus=[URIRef(EX + "claim-a")])


def test_doctests_of_the_module():
    import doctest

    import graph.validate

    assert doctest.testmod(graph.validate).failed == 0


def test_focus_on_valid_attacks_finds_nothing():
    graph = load_graph(SMALL)
    check_graph(graph, focus=[URIRef(EX + "attack-rebut"), URIRef(EX + "attack-undercut"),
                              URIRef(EX + "support")])


def test_validate_does_not_change_the_graph():
    graph = load_graph(SMALL)
    before = set(graph)
    validate_graph(graph)
    assert set(graph) == before


def test_every_shape_has_a_message_and_a_fix():
    shapes = shapes_graph()
    members = set()  # anonymous members of sh:or / sh:not / qualified shapes report nothing
    for predicate in (SH["or"], SH["not"], SH.qualifiedValueShape):
        for _, value in shapes.subject_objects(predicate):
            if predicate == SH["or"]:
                members.update(shapes.items(value))
            else:
                members.add(value)
    kinds = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type,
                                                                                 SH.PropertyShape))
    kinds |= set(shapes.subjects(SH.path, None))
    reporting = kinds - members
    assert len(reporting) > 80
    for shape in reporting:
        assert shapes.value(shape, SH.message) is not None, shape
        assert shapes.value(shape, AMSH.fix) is not None, shape


def test_shapes_are_valid_shacl_and_work_in_other_tools(tmp_path):
    """What the header of shapes.ttl promises: pyshacl -s shapes.ttl -e shapes.ttl data.ttl."""
    import pyshacl

    shapes = shapes_graph()
    conforms, _, _ = pyshacl.validate(load_graph(SMALL), shacl_graph=shapes, ont_graph=shapes,
                                      inference="none", meta_shacl=True, allow_warnings=True)
    assert conforms
    broken = load_graph(edited_small(tmp_path, "am:target ex:support", "am:target ex:claim-a"))
    conforms, results, _ = pyshacl.validate(broken, shacl_graph=shapes, ont_graph=shapes,
                                            inference="none")
    assert not conforms  # the undercut shapes are active for other engines
    assert (None, SH.sourceShape, AMSH.UndercutTargetsSupport) in results


@pytest.mark.parametrize("celex", ["32024R1689", "52021PC0206", "62012CJ0293", "62019CA0817",
                                   "02016R0679-20160504"])
def test_real_celex_numbers_pass(tmp_path, celex):
    path = edited_small(tmp_path, 'am:celex "32024R1689"', f'am:celex "{celex}"')
    assert problems_of(path) == []


@pytest.mark.parametrize("ecli", ["ECLI:EU:C:2014:238", "ECLI:EU:C:2022:491",
                                  "ECLI:EU:C:2021:942"])
def test_real_eclis_pass(tmp_path, ecli):
    path = edited_small(tmp_path, 'am:ecli "ECLI:EU:C:2014:238"', f'am:ecli "{ecli}"')
    assert problems_of(path) == []


# --- safety: nothing is fetched -----------------------------------------------------------------

class _CountingHandler(http.server.BaseHTTPRequestHandler):
    hits: list = []

    def do_GET(self):  # noqa: N802 - the http.server API
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/turtle")
        self.end_headers()
        self.wfile.write(b"")

    def log_message(self, *args):
        pass


def test_validation_fetches_nothing(tmp_path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        path = edited_small(tmp_path, "ex:topic a skos:Concept", (
            f"<{url}/data> <http://www.w3.org/2002/07/owl#imports> <{url}/imported.ttl> ;\n"
            f"    <http://www.w3.org/ns/shacl#shapesGraph> <{url}/shapes.ttl> .\n"
            f'ex:act <https://schema.org/url> "{url}/page"^^xsd:anyURI .\n'
            "ex:topic a skos:Concept"))
        run_argmap("validate", path)
        validate_path(path)
    finally:
        server.shutdown()
    assert _CountingHandler.hits == []


# --- a SPARQL endpoint ---------------------------------------------------------------------------

@pytest.mark.server
def test_validate_a_real_oxigraph_endpoint(tmp_path):
    from _oxigraph import oxigraph_server

    broken = edited_small(tmp_path, "am:target ex:proposal", "am:target ex:nope")
    with oxigraph_server() as server:
        server.load_turtle(SMALL)
        valid = run_argmap("--store", server.query_url, "validate")
        assert valid.returncode == 0, valid.stdout + valid.stderr
        assert valid.stdout.startswith(f"{server.query_url}: valid (4 claims")
        server.load_turtle(broken)
        invalid = run_argmap("--store", server.query_url, "validate", "--json")
    assert invalid.returncode == 1, invalid.stdout + invalid.stderr
    report = json.loads(invalid.stdout)
    assert report["valid"] is False
    assert [(p["node"], p["message"]) for p in report["problems"]] == [
        (f"<{EX}attack-rebut>", f"am:target points at <{EX}nope>, which is not in the graph")]
