"""Argdown: every file argmap writes passes Argdown's own parser with the same map, real Argdown
files import with the counts Argdown's parser reports, and argmap → Argdown → argmap is lossless."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

from _formats_support import SHARED_FIXTURES, SMALL_DEBATE, argdown_json
from graph.formats import export, get
from graph.formats._common import argument_view, local_id
from graph.store import load_graph
from graph.validate import validate
from graph.vocab import AM, BMS

pytestmark = pytest.mark.node

REAL_FILES = sorted((SHARED_FIXTURES / "argdown").glob("*.argdown"))


def test_the_real_argdown_examples_are_there():
    """They sit beside the checkout (../shared/fixtures); without them the next test would
    silently run on nothing, so their absence fails here instead."""
    assert len(REAL_FILES) >= 4, f"missing real Argdown files in {SHARED_FIXTURES / 'argdown'}"

#: Text with every character Argdown reads as syntax (an example, not a fact of the debate).
NASTY = ("EU 2024/1689, e.g. [1] <b>x</b> #tag @[Other] *bold* __under__ {a: 1} "
         "https://example.org/a//b /* not a comment */ <!-- nor this --> :heart: .^. 50% -> +> _>")


#: The same, for text kept in YAML data (a second language): braces and comment marks.
NASTY_DATA = "a // b /* c */ <!-- d --> https://example.org {x} } y: [z], \"q\""


def _nasty_graph() -> Graph:
    g = Graph()
    a, b = BMS["claim/example-nasty"], BMS["claim/example-plain"]
    for node, label, text in ((a, "Nasty [label] <x> #y", NASTY), (b, "Plain", "A plain claim.")):
        g.add((node, RDF.type, AM.Claim))
        g.add((node, RDFS.label, Literal(label, lang="en")))
        g.add((node, AM.text, Literal(text, lang="en")))
    g.add((a, AM.text, Literal(NASTY_DATA, lang="de")))
    attack = BMS["attack/example"]
    g.add((attack, RDF.type, AM.Attack))
    g.add((attack, AM.attacker, a))
    g.add((attack, AM.target, b))
    g.add((attack, AM.attackKind, AM.rebut))
    return g


@pytest.fixture(scope="module")
def parsed(tmp_path_factory, shipped_graph) -> dict[str, dict]:
    """Argdown's parser run once on argmap's exports and on the real Argdown examples."""
    folder = tmp_path_factory.mktemp("argdown")
    ours = {"shipped-export": export(shipped_graph, "argdown"),
            "small-export": export(load_graph(SMALL_DEBATE), "argdown"),
            "nasty-export": export(_nasty_graph(), "argdown")}
    files = []
    for stem, data in ours.items():
        path = folder / f"{stem}.argdown"
        path.write_bytes(data)
        files.append(path)
    return argdown_json(files + REAL_FILES, folder)


def _member_text(statement: dict) -> str:
    texts = [m.get("text") for m in statement["members"] if m.get("text")]
    return " ".join(texts[0].split()) if texts else ""


def test_parser_reads_the_export_with_the_same_statements_arguments_and_relations(
        parsed, shipped_graph):
    view = argument_view(shipped_graph)
    result = parsed["shipped-export"]
    by_title = {title: s["data"]["id"] for title, s in result["statements"].items()}
    assert sorted(by_title.values()) == sorted(local_id(c) for c in view.claims)
    argument_ids = {title: a["data"]["id"] for title, a in result["arguments"].items()}
    assert sorted(argument_ids.values()) == sorted(local_id(s) for s in view.supports)
    # every argument's premise-conclusion structure names the support's premises and conclusion
    for title, argument in result["arguments"].items():
        support = view.supports[BMS[argument_ids[title].replace(":", "/", 1)]]
        premises = {by_title[p["title"]] for p in argument["pcs"] if p["role"] == "premise"}
        conclusion = [by_title[p["title"]] for p in argument["pcs"] if p["role"] == "main-conclusion"]
        assert premises == {local_id(p) for p in support.premises}
        assert conclusion == [local_id(support.conclusion)]
    relations = set()
    for r in result["relations"]:
        source = by_title[r["from"]]
        # an undercut points at the argument's inference
        target = argument_ids[r["to"]] if r["toType"] in ("argument", "inference") else by_title[r["to"]]
        relations.add((source, target, r["relationType"]))
    expected = {(local_id(a.attacker), local_id(a.target),
                 "undercut" if a.kind == "undercut" else "attack") for a in view.attacks.values()}
    assert relations == expected
    assert any(kind == "undercut" for _, _, kind in relations)


def test_parser_reads_the_words_argmap_wrote(parsed, shipped_graph):
    view = argument_view(shipped_graph)
    result = parsed["shipped-export"]
    texts = {s["data"]["id"]: _member_text(s) for s in result["statements"].values()}
    for claim in view.claims.values():
        written = texts[local_id(claim.iri)]
        # Argdown keeps tags in the statement text; the words before them are the claim's
        assert written.startswith(" ".join(claim.text.split())), (written, claim.text)


def test_characters_argdown_treats_as_syntax_survive_its_parser(parsed):
    result = parsed["nasty-export"]
    statement = next(s for s in result["statements"].values()
                     if s["data"]["id"] == "claim:example-nasty")
    assert _member_text(statement) == " ".join(NASTY.split())
    assert statement["data"]["texts"] == [{"text": NASTY_DATA, "lang": "de"}]
    assert [(r["relationType"]) for r in result["relations"]] == ["attack"]
    back = get("argdown").import_(export(_nasty_graph(), "argdown"), name="nasty.argdown")
    claim = BMS["claim/example-nasty"]
    assert set(back.objects(claim, AM.text)) == set(_nasty_graph().objects(claim, AM.text))


def test_small_debate_export_keeps_topics_as_tags(parsed):
    result = parsed["small-export"]
    tagged = {s["data"]["id"]: set(s.get("tags", [])) for s in result["statements"].values()}
    assert tagged["claim:base-rate-false-alerts"] == {"accuracy-bias", "effectiveness"}


@pytest.mark.parametrize("path", REAL_FILES, ids=[p.stem for p in REAL_FILES])
def test_real_argdown_files_import_with_the_counts_argdowns_parser_reports(parsed, path):
    expected = parsed[path.stem]
    graph = get("argdown").import_(path.read_bytes(), name=path.name)
    view = argument_view(graph)
    supports = [r for r in expected["relations"] if r["relationType"] in ("support", "entails")]
    attacks = [r for r in expected["relations"] if r["relationType"] not in ("support", "entails")]
    reconstructed = [a for a in expected["arguments"].values() if a["pcs"]]
    # every statement and every argument (its gist) is a claim
    assert len(view.claims) == len(expected["statements"]) + len(expected["arguments"])
    assert len(view.supports) == len(supports) + len(reconstructed)
    assert len(view.attacks) == len(attacks)
    # an undercut stays one where the undercut argument makes a support (a reconstruction or
    # a support relation); argmap has no relation to undercut an attack, so there it undermines
    # the argument's gist (docs/formats.md)
    makes_support = {a for a, data in expected["arguments"].items() if data["pcs"]}
    makes_support |= {r["from"] for r in supports if r["fromType"] == "argument"}
    undercuts = [r for r in attacks if r["relationType"] == "undercut"]
    assert sum(a.kind == "undercut" for a in view.attacks.values()) == sum(
        r["to"] in makes_support for r in undercuts)
    labels = {c.label for c in view.claims.values()}
    named = [t for t in list(expected["statements"]) + list(expected["arguments"])
             if not t.startswith("Untitled")]
    assert set(named) <= labels
    assert validate(graph) == []


def test_turtle_to_argdown_to_turtle_keeps_every_triple(shipped_graph):
    data = export(shipped_graph, "argdown")
    back = get("argdown").import_(data, name="debate.argdown")
    assert set(back) - set(shipped_graph) == set()
    assert set(shipped_graph) - set(back) == set()


def test_a_small_debate_survives_the_round_trip_through_the_command(tmp_path: Path):
    from conftest import run_argmap

    out = tmp_path / "small.argdown"
    result = run_argmap("--data", SMALL_DEBATE, "export", "--format", "argdown", "-o", out)
    assert result.returncode == 0, result.stderr
    target = tmp_path / "empty.ttl"
    result = run_argmap("import", out, "--into", target)
    assert result.returncode == 0, result.stderr
    assert set(load_graph(target)) == set(load_graph(SMALL_DEBATE))


def test_texts_argdown_cannot_hold_exactly_survive_in_the_data():
    g = Graph()
    a, b = BMS["claim/example-lines"], BMS["claim/example-french"]
    g.add((a, RDF.type, AM.Claim))
    g.add((a, RDFS.label, Literal("Untagged label")))
    g.add((a, AM.text, Literal("Line one\nline two", lang="en")))
    g.add((a, AM.text, Literal("Nur auf Deutsch", lang="de")))
    g.add((b, RDF.type, AM.Claim))
    g.add((b, RDFS.label, Literal("Étiquette", lang="fr")))
    g.add((b, AM.text, Literal("Seulement en français", lang="fr")))
    back = get("argdown").import_(export(g, "argdown"), name="x.argdown")
    for claim in (a, b):
        assert set(back.triples((claim, None, None))) == set(g.triples((claim, None, None)))
