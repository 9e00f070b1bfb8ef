"""The format registry and the exports other tools read: RDF, GraphML/GEXF (networkx), CSV,
Mermaid, Markdown, Graphviz drawings, abstract frameworks, and --focus neighbourhoods."""

from __future__ import annotations

import importlib
import io
import json
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

from _formats_support import (FIXTURES, SMALL_DEBATE, attack_shapes, claim_texts, invoke,
                              support_shapes)
from conftest import assert_clean_error, run_argmap
from graph.formats import FORMATS, export, get, guess
from graph.formats._common import argument_view, local_id
from graph.frameworks import parse_framework
from graph.store import CONTEXT_IRI, load_graph
from graph.validate import validate
from graph.vocab import AM, BMS


def test_every_registered_format_has_the_functions_it_claims():
    for fmt in FORMATS.values():
        module = importlib.import_module(f"graph.formats.{fmt.module}")
        assert callable(getattr(module, f"{fmt.attribute_prefix}export", None)) == fmt.exports
        assert callable(getattr(module, f"{fmt.attribute_prefix}import_", None)) == fmt.imports
        assert fmt.suffixes and fmt.carries


def test_formats_command_lists_every_format_with_what_it_carries():
    result = run_argmap("formats", "--json")
    assert result.returncode == 0, result.stderr
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert set(rows) == set(FORMATS)
    assert rows["kialo"]["import"] == "yes" and rows["kialo"]["export"] == ""
    assert rows["graphml"]["export"] == "yes" and rows["graphml"]["import"] == ""
    assert "speakers" in rows["aif"]["carries"]


def test_format_is_guessed_from_the_file_name(tmp_path):
    assert guess("map.argdown").name == "argdown"
    assert guess("x.i23").name == "iccma"
    jsonld = tmp_path / "x.json"
    jsonld.write_text('{"@context": "https://w3id.org/argmap/context.jsonld"}')
    assert guess(jsonld, importing=True).name == "jsonld"
    assert guess(FIXTURES / "suedkreuz-aifdb.json", importing=True).name == "aif"
    assert guess(FIXTURES / "suedkreuz-kialo.txt", importing=True).name == "kialo"
    assert guess(FIXTURES / "suedkreuz-csv", importing=True).name == "csv"


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "jsonld"])
def test_rdf_exports_give_back_every_triple(shipped_graph, fmt):
    data = export(shipped_graph, fmt)
    assert set(get(fmt).import_(data, name=f"x.{fmt}")) == set(shipped_graph)


def test_jsonld_names_the_published_context_and_reads_without_the_network(shipped_graph):
    document = json.loads(export(shipped_graph, "jsonld"))
    assert document["@context"] == CONTEXT_IRI
    ids = [node["@id"] for node in document["@graph"]]
    assert "claim:false-alarm-rate" in ids and ids == sorted(ids)
    context = json.loads((Path(__file__).parent.parent / "graph" / "context.jsonld").read_text())
    assert context["@context"]["claim"] == str(BMS) + "claim/"


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_networkx_reads_graphml_and_gexf_back_with_every_node_and_edge(shipped_graph, fmt, reader):
    view = argument_view(shipped_graph)
    read = reader(io.BytesIO(export(shipped_graph, fmt)))
    assert set(read.nodes) == {local_id(c) for c in view.claims}
    expected_edges = sum(len(s.premises) for s in view.supports.values()) + len(view.attacks)
    assert read.number_of_edges() == expected_edges
    relations = [data["relation"] for _, _, data in read.edges(data=True)]
    assert relations.count("attack") == len(view.attacks)
    node = read.nodes["claim:false-alarm-rate"]
    assert node["label"] == view.claims[BMS["claim/false-alarm-rate"]].label
    assert node["kind"] == "claim"


def test_csv_export_reads_back_as_the_same_map(tmp_path):
    graph = load_graph(SMALL_DEBATE)
    files = export(graph, "csv")
    back = get("csv").import_(files, name="sheet")
    before, after = argument_view(graph), argument_view(back)
    assert claim_texts(after) == claim_texts(before)
    assert support_shapes(after) == support_shapes(before)
    assert attack_shapes(after) == attack_shapes(before)
    assert {c.label for c in after.claims.values()} == {c.label for c in before.claims.values()}
    # who stated each relation and where: the data's actors and sources, by ID
    assert {(a.iri, tuple(a.stated_by), tuple(a.stated_in)) for a in after.attacks.values()} == \
        {(a.iri, tuple(a.stated_by), tuple(a.stated_in)) for a in before.attacks.values()}


def test_csv_cells_cannot_run_as_spreadsheet_formulas():
    g = Graph()
    claim = BMS["claim/example-formula"]
    g.add((claim, RDF.type, AM.Claim))
    g.add((claim, RDFS.label, Literal("=HYPERLINK(\"http://x\")", lang="en")))
    g.add((claim, AM.text, Literal("+1 formula", lang="en")))
    nodes = export(g, "csv")["nodes.csv"].decode()
    assert "'=HYPERLINK" in nodes and "'+1 formula" in nodes
    back = argument_view(get("csv").import_(export(g, "csv"), name="sheet"))
    assert [c.label for c in back.claims.values()] == ["=HYPERLINK(\"http://x\")"]


def test_mermaid_labels_cannot_break_out_of_their_quotes():
    g = Graph()
    claim = BMS["claim/example-quotes"]
    g.add((claim, RDF.type, AM.Claim))
    g.add((claim, RDFS.label, Literal('Say "no"]; click A call x() <img src=x>', lang="en")))
    g.add((claim, AM.text, Literal("x", lang="en")))
    text = export(g, "mermaid").decode()
    line = next(l for l in text.splitlines() if l.strip().startswith("c1["))
    assert line.count('"') == 2 and "<" not in line


def test_markdown_briefing_has_each_proposal_its_arguments_and_linked_sources(shipped_graph):
    text = export(shipped_graph, "markdown").decode()
    view = argument_view(shipped_graph)
    for proposal in (c for c in view.claims.values() if c.proposal):
        assert f"## {proposal.label}" in text.replace("\\", "")
    assert "### Arguments for" in text and "### Arguments against" in text
    assert "## Sources" in text and "<https://" in text
    assert "Fact-check:" in text  # the debate's reviews


def test_markdown_escapes_markup_in_claims():
    g = Graph()
    claim = BMS["claim/example-html"]
    g.add((claim, RDF.type, AM.Proposal))
    g.add((claim, RDFS.label, Literal("<script>alert(1)</script>", lang="en")))
    g.add((claim, AM.text, Literal("[click](javascript:alert(1)) **x**", lang="en")))
    text = export(g, "markdown").decode()
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "[click](" not in text and "\\*\\*x\\*\\*" in text  # escaped: no link, no bold


@pytest.mark.parametrize("fmt", ["apx", "tgf", "iccma"])
def test_abstract_framework_exports_are_the_framework_argmap_evaluates(shipped_graph, fmt):
    from graph.network import abstract_framework

    af = abstract_framework(shipped_graph)
    parsed = parse_framework(export(shipped_graph, fmt).decode(), fmt)
    assert len(parsed.arguments) == af.number_of_nodes()
    assert len(parsed.attacks) == af.number_of_edges()
    if fmt != "iccma":  # ICCMA'23 numbers the arguments
        assert set(parsed.attacks) == {(local_id(a), local_id(b)) for a, b in af.edges}


@pytest.mark.parametrize("name", ["suedkreuz.apx", "suedkreuz.tgf", "suedkreuz.i23"])
def test_abstract_frameworks_import_as_claims_and_attacks(name):
    graph = get(guess(FIXTURES / name).name).import_((FIXTURES / name).read_bytes(), name=name)
    view = argument_view(graph)
    assert len(view.claims) == 4 and len(view.attacks) == 3 and not view.supports
    assert validate(graph) == []


@pytest.mark.parametrize("fmt,magic", [("svg", b"<?xml"), ("png", b"\x89PNG"), ("pdf", b"%PDF")])
def test_drawings_export_through_graphviz(tmp_path, fmt, magic):
    out = tmp_path / f"map.{fmt}"
    result = run_argmap("--data", SMALL_DEBATE, "export", "-o", out)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(magic)


def test_export_writes_to_standard_output_without_o():
    result = run_argmap("--data", SMALL_DEBATE, "export", "--format", "mermaid")
    assert result.returncode == 0 and result.stdout.startswith("flowchart BT")


def test_focus_exports_the_neighbourhood_with_its_provenance(shipped_graph, tmp_path):
    out = tmp_path / "part.ttl"
    result = run_argmap("export", "--format", "turtle", "--focus", "suedkreuz-frt-works",
                        "--depth", "1", "-o", out)
    assert result.returncode == 0, result.stderr
    part = load_graph(out)
    view, whole = argument_view(part), argument_view(shipped_graph)
    focus = BMS["claim/suedkreuz-frt-works"]
    neighbours = {a.attacker for a in whole.attacks.values() if a.target == focus}
    neighbours |= {a.target for a in whole.attacks.values() if a.attacker == focus}
    assert focus in view.claims and neighbours <= set(view.claims)
    assert len(view.claims) < len(whole.claims)
    assert validate(part) == []  # assertions, sources and actors came along


def test_export_errors_are_one_line(tmp_path):
    assert_clean_error(run_argmap("export", "--format", "nope"), "unknown format 'nope'")
    assert_clean_error(invoke("export", "--format", "kialo"), "can only be imported")
    assert_clean_error(invoke("export", "--format", "csv"), "-o FOLDER")
    assert_clean_error(invoke("export", "--format", "aif", "--focus", "no-such-claim"),
                       "no-such-claim")
    assert_clean_error(invoke("export", "--format", "aif", "--focus", "actor:edpb"),
                       "not a claim, support or attack")


def _generated_in_oxigraph(claims: int = 200):
    """A generated map parsed by Oxigraph, as argmap holds files from 1 MB."""
    import sys

    from conftest import ROOT
    from graph.store import parse_bytes

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate_turtle

    return parse_bytes(generate_turtle(claims, seed=5).encode(), "turtle", "generated.ttl",
                       engine="oxigraph")


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_exports_read_a_snapshot_that_answers_like_the_graph(shipped_graph, engine):
    """Exports read the graph once (GraphIndex): it must give what the graph gives, in the same
    order for one node and property, on rdflib's store (the debate) and on Oxigraph's."""
    from graph.formats._common import GraphIndex

    graph = shipped_graph if engine == "rdflib" else _generated_in_oxigraph()
    index = GraphIndex(graph)
    subjects = set(graph.subjects())
    assert set(index.subjects()) == subjects
    for node in subjects:
        pairs = list(graph.predicate_objects(node))
        assert sorted(index.predicate_objects(node), key=str) == sorted(pairs, key=str)
        for predicate in {p for p, _ in pairs}:
            assert list(index.objects(node, predicate)) == list(graph.objects(node, predicate))
            assert index.value(node, predicate) == graph.value(node, predicate)
    for cls in set(graph.objects(None, RDF.type)):
        assert sorted(index.subjects(RDF.type, cls)) == sorted(graph.subjects(RDF.type, cls))
    claim = next(iter(graph.subjects(RDF.type, AM.Claim)))
    assert (claim, RDF.type, AM.Claim) in index and (claim, RDF.type, AM.Support) not in index
    assert index.value(None, AM.claim) == graph.value(None, AM.claim)
