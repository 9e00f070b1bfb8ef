"""AIF: a real AIFdb nodeset imports with its claims, inferences and speakers and re-exports to
equivalent AIF; the variants tools write (OVA3, xAIF, old corpora, AIF RDF in both namespaces)
all read; argmap → AIF → argmap keeps what AIF can carry."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from _formats_support import (FIXTURES, SHARED_FIXTURES, attack_shapes, claim_texts, speakers,
                              support_shapes)
from graph.formats import export, get
from graph.formats._common import argument_view
from graph.formats.aif import NODE_TYPES
from graph.validate import validate

REAL = SHARED_FIXTURES / "aif" / "6064-original.json"


def _norm(text: str) -> str:
    return " ".join(text.split())


def _aif_structure(document: dict) -> dict:
    """What an AIF document says, independent of its node IDs: claims, inferences, conflicts,
    and who asserted each claim (speaker from the locution's participant or the L-node text)."""
    aif = document.get("AIF", document)
    nodes = {str(n["nodeID"]): n for n in aif["nodes"]}
    out, into = {}, {}
    for e in aif["edges"]:
        out.setdefault(str(e["fromID"]), []).append(str(e["toID"]))
        into.setdefault(str(e["toID"]), []).append(str(e["fromID"]))
    text = {nid: _norm(n["text"]) for nid, n in nodes.items()}

    def kind(nid):
        return nodes[nid]["type"]

    inferences = {(frozenset(text[p] for p in into.get(nid, []) if kind(p) == "I"),
                   frozenset(text[c] for c in out.get(nid, []) if kind(c) == "I"))
                  for nid in nodes if kind(nid) == "RA"}
    conflicts = {(frozenset(text[p] for p in into.get(nid, []) if kind(p) == "I"),
                  frozenset(text[c] for c in out.get(nid, []) if kind(c) == "I"))
                 for nid in nodes if kind(nid) == "CA"}
    asserted = set()
    for nid in nodes:
        if kind(nid) != "L":
            continue
        speaker = text[nid].split(" : ", 1)[0] if " : " in text[nid] else None
        for ya in out.get(nid, []):
            if kind(ya) == "YA":
                for content in out.get(ya, []):
                    if kind(content) == "I":
                        asserted.add((text[content], speaker))
    return {"claims": {text[n] for n in nodes if kind(n) == "I"}, "inferences": inferences,
            "conflicts": conflicts, "asserted": asserted}


@pytest.fixture(scope="module")
def real_document() -> dict:
    return json.loads(REAL.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def real_import():
    return get("aif").import_(REAL.read_bytes(), name=REAL.name)


def test_real_nodeset_has_the_parts_the_test_is_about(real_document):
    kinds = Counter(n["type"] for n in real_document["nodes"])
    assert {"I", "L", "YA", "TA", "RA"} <= set(kinds) and real_document["locutions"]


def test_real_nodeset_imports_with_its_claims_inferences_and_speakers(real_document, real_import):
    expected = _aif_structure(real_document)
    view = argument_view(real_import)
    assert claim_texts(view) == expected["claims"]
    assert {(frozenset(p), c) for p, c in support_shapes(view)} == {
        (p, next(iter(c))) for p, c in expected["inferences"]}
    assert speakers(view) == expected["asserted"]
    assert {name for _, name in speakers(view)} == {"CL", "NL"}
    assert validate(real_import) == []


def test_real_nodeset_re_exports_to_equivalent_aif(real_document, real_import):
    again = json.loads(export(real_import, "aif"))
    assert _aif_structure(again) == _aif_structure(real_document)


def test_exported_aif_is_shaped_as_aifdb_writes_it(shipped_graph):
    document = json.loads(export(shipped_graph, "aif"))
    assert set(document) == {"nodes", "edges", "locutions", "participants"}
    ids = {n["nodeID"] for n in document["nodes"]}
    assert all(isinstance(i, str) for i in ids)
    assert {n["type"] for n in document["nodes"]} <= NODE_TYPES
    assert all(e["formEdgeID"] is None and e["fromID"] in ids and e["toID"] in ids
               for e in document["edges"])
    people = {p["participantID"] for p in document["participants"]}
    assert all(loc["nodeID"] in ids and loc["personID"] in people for loc in document["locutions"])
    ra = [n for n in document["nodes"] if n["type"] == "RA"]
    assert ra and all(n["scheme"] == "Default Inference" and n["schemeID"] == "72" for n in ra)


def test_turtle_to_aif_to_turtle_keeps_claims_relations_speakers_and_sources(shipped_graph):
    back = get("aif").import_(export(shipped_graph, "aif"), name="debate.json")
    before, after = argument_view(shipped_graph), argument_view(back)
    assert claim_texts(after) == claim_texts(before)
    assert support_shapes(after) == support_shapes(before)
    # AIF's CA node says "conflict": rebut and undermine are one kind there; undercut is not
    assert attack_shapes(after, with_kind=False) == attack_shapes(before, with_kind=False)
    assert speakers(after) == speakers(before)
    cited = {(c.text, s.urls[0] if s.urls else s.title) for c in before.claims.values()
             for a in c.assertions for s in [before.sources[a.source]]}
    back_cited = {(c.text, after.sources[a.source].title) for c in after.claims.values()
                  for a in c.assertions}
    assert cited <= back_cited
    assert validate(back) == []


VARIANTS = ["suedkreuz-aifdb.json", "suedkreuz-ova3.json", "suedkreuz-xaif.json"]


@pytest.mark.parametrize("name", VARIANTS)
def test_aif_variants_read_the_same_debate(name):
    reference = argument_view(get("aif").import_((FIXTURES / VARIANTS[0]).read_bytes(),
                                                 name=VARIANTS[0]))
    view = argument_view(get("aif").import_((FIXTURES / name).read_bytes(), name=name))
    assert claim_texts(view) == claim_texts(reference)
    assert support_shapes(view) == support_shapes(reference)
    assert attack_shapes(view) == attack_shapes(reference)
    named = lambda pairs: {p for p in pairs if not p[1].startswith("Unknown author of")}  # noqa: E731
    assert named(speakers(view)) == named(speakers(reference))
    assert ("The Südkreuz report was deliberately embellished: the best single system reached "
            "68.5%.", "Chaos Computer Club") in speakers(view)


def test_old_corpus_without_locutions_reads_with_an_unknown_speaker():
    view = argument_view(get("aif").import_((FIXTURES / "suedkreuz-corpus.json").read_bytes(),
                                            name="suedkreuz-corpus.json"))
    assert len(view.claims) == 4 and len(view.supports) == 1 and len(view.attacks) == 2
    assert {name for _, name in speakers(view)} == {"Unknown author of suedkreuz-corpus.json"}
    # the base-rate conflict points at the inference (an undercut); the other conflict hits a
    # premise of that inference (an undermine)
    assert sorted(a.kind for a in view.attacks.values()) == ["undercut", "undermine"]


@pytest.mark.parametrize("name", ["suedkreuz-dundee.nt", "suedkreuz-argtech.rdf"])
def test_aif_rdf_reads_in_both_namespaces(name):
    graph = get("aif").import_((FIXTURES / name).read_bytes(), name=name)
    view = argument_view(graph)
    assert ("The Südkreuz pilot showed that facial recognition works." in claim_texts(view))
    assert ({(frozenset({"The Südkreuz pilot showed that facial recognition works."}),
              "A broad roll-out is possible.")} == support_shapes(view))
    assert ("The Südkreuz report was deliberately embellished.",
            "The Südkreuz pilot showed that facial recognition works.", "undermine") \
        in attack_shapes(view)
    assert validate(graph) == []


def test_aif_text_is_what_json_dumps_writes(shipped_graph):
    """AIF is written by a faster writer than json.dumps(indent=1): the very same text."""
    from graph.formats.aif import _dumps, to_aif

    document = to_aif(argument_view(shipped_graph))
    assert export(shipped_graph, "aif").decode("utf-8") == json.dumps(
        document, indent=1, ensure_ascii=False) + "\n"
    tricky = {"": [], "a": {}, "b": [None, True, False, 0, -7, 10 ** 20, 1.5, float("inf")],
              "c": ["\"\\\n\t\x00\u2028é😀", {"d": [[{}]]}], 7: "numbers as keys"}
    assert _dumps(tricky) == json.dumps(tricky, indent=1, ensure_ascii=False)
