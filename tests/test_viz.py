"""The map a journalist embeds: what the HTML page, the static drawing and the CLI promise.

Browser behaviour (loading, clicks, keyboard, embedding) is in test_browser_viz.py; these tests
read the files argmap writes, as a newsroom developer reviewing them would.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from rdflib.namespace import RDF

from conftest import assert_clean_error, run_argmap
from _viz_support import HOSTILE, SMALL_DEBATE, hostile_debate, write
from graph.errors import ArgmapError
from graph.store import load_graph
from graph.vocab import AM, BMS
from viz import style
from viz.html import CSP, Map, draw, embed_snippet, render_html, script_json
from viz.model import map_model
from viz.static import render

CLAIM = "https://w3id.org/argmap/bms/claim/"


class Page(HTMLParser):
    """The parts of a page that matter for safety: tags with attributes, script blocks."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None
        self._chunks: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "script":
            self._script, self._chunks = attributes, []

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._chunks)))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._chunks.append(data)

    def data_json(self) -> dict:
        blocks = [body for attrs, body in self.scripts if attrs.get("type") == "application/json"]
        assert len(blocks) == 1
        return json.loads(blocks[0])


@pytest.fixture(scope="module")
def small_graph():
    return load_graph(SMALL_DEBATE.encode(), format="turtle")


@pytest.fixture(scope="module")
def small_page(small_graph) -> str:
    return render_html(small_graph)


@pytest.fixture(scope="module")
def hostile_page() -> str:
    return render_html(load_graph(hostile_debate().encode(), format="turtle"))


# --- the visual grammar ---------------------------------------------------------------------

@pytest.mark.parametrize("theme_name", sorted(style.THEMES))
def test_lines_and_borders_stand_out_from_the_background(theme_name):
    colours = style.theme(theme_name)
    for kind, colour in colours["edges"].items():
        assert style.contrast_ratio(colour, colours["background"]) >= 3, kind
    for kind, node in colours["nodes"].items():
        assert style.contrast_ratio(node["border"], colours["background"]) >= 3, kind
        if kind != "junction":  # a junction has no label
            assert style.contrast_ratio(node["font"], node["fill"]) >= 4.5, kind


def test_support_and_attack_differ_by_more_than_colour():
    support = style.EDGE_KINDS["support"]
    for kind in ("rebut", "undermine", "undercut"):
        attack = style.EDGE_KINDS[kind]
        assert attack["dashes"] and not support["dashes"]
        assert attack["arrow"] != support["arrow"]
        assert attack["dot_style"] != support["dot_style"]
    shapes = {style.NODE_KINDS[k]["vis"] for k in ("claim", "source", "actor")}
    assert len(shapes) == 3  # claims, sources and actors look different


# --- the map model ------------------------------------------------------------------------

def test_model_has_claims_actors_sources_and_an_undercut_onto_the_support(small_graph):
    model = map_model(small_graph)
    kinds = {n["id"]: n["kind"] for n in model["nodes"]}
    assert kinds["claim:ban-biometric-mass-surveillance"] == "proposal"
    assert kinds["claim:false-alarm-rate"] == "claim"
    assert kinds["actor:patrick-breyer"] == "actor"
    assert kinds["source:edpb-edps-joint-opinion-5-2021"] == "source"
    undercut = [e for e in model["edges"] if e["kind"] == "undercut"]
    assert [(e["from"], e["to"]) for e in undercut] == [
        ("claim:one-search-scans-everyone", "support:suedkreuz-supports-regulate")]
    assert kinds["support:suedkreuz-supports-regulate"] == "junction"


def test_card_data_carries_quote_source_link_and_fact_check(small_graph):
    nodes = {n["id"]: n for n in map_model(small_graph)["nodes"]}
    edpb = nodes["claim:edpb-edps-general-ban"]
    assert edpb["assertions"][0]["actor_label"] == "European Data Protection Board"
    assert edpb["assertions"][0]["date"] == "2021-06-18"
    assert "the end of anonymity" in edpb["assertions"][0]["quotes"][0]["text"]
    assert edpb["sources"][0]["links"][0]["url"].startswith("https://edpb.europa.eu/")
    alarm = nodes["claim:false-alarm-rate"]
    assert alarm["doubtful"] and alarm["reviews"][0]["verdict_id"] == "am:Overstated"


def test_actor_topic_and_focus_filters(small_graph):
    by_breyer = map_model(small_graph, actor=BMS["actor/patrick-breyer"])
    claims = {n["id"] for n in by_breyer["nodes"] if n["kind"] in ("claim", "proposal")}
    assert claims == {"claim:ban-biometric-mass-surveillance", "claim:false-alarm-rate",
                      "claim:one-search-scans-everyone"}
    on_topic = map_model(small_graph, topic=BMS["topic/effectiveness"])
    claims = {n["id"] for n in on_topic["nodes"] if n["kind"] == "claim"}
    assert "claim:suedkreuz-frt-works" in claims and "claim:false-alarm-rate" not in claims
    near = map_model(small_graph, focus=BMS["claim/suedkreuz-frt-works"], depth=1)
    ids = {n["id"] for n in near["nodes"]}
    assert {"claim:suedkreuz-results-embellished", "claim:regulate-not-ban"} <= ids
    assert "claim:edpb-edps-general-ban" not in ids


def test_vis_options_are_those_pyvis_makes(shipped_graph, small_graph):
    """viz.html makes vis-network's options without importing pyvis: the same dicts."""
    from pyvis.network import Network

    from viz.html import _vis_network
    from viz.layout import layout
    from viz.model import aggregate_by_topic

    hostile = load_graph(hostile_debate().encode(), format="turtle")
    models = [map_model(shipped_graph), aggregate_by_topic(map_model(shipped_graph)),
              map_model(small_graph, focus=BMS["claim/suedkreuz-frt-works"], depth=1),
              map_model(hostile)]
    for model in models:
        positions = layout(model, "layered")
        for theme_name in sorted(style.THEMES):
            ours = _vis_network(model, positions, theme_name)
            theirs = _vis_network(model, positions, theme_name, network=Network(directed=True))
            assert (ours.nodes, ours.edges) == (theirs.nodes, theirs.edges)


# --- the page: self-contained and safe ----------------------------------------------------

def test_page_declares_the_content_security_policy(small_page):
    metas = [a for t, a in Page(small_page).tags if t == "meta"
             and a.get("http-equiv", "").lower() == "content-security-policy"]
    assert [m["content"] for m in metas] == [CSP]
    assert CSP == ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                   "img-src data:")


def test_page_loads_nothing_from_anywhere(small_page):
    page = Page(small_page)
    for tag, attrs in page.tags:
        assert "src" not in attrs or tag == "iframe", (tag, attrs)
        assert tag not in ("link", "img", "object", "embed", "iframe", "base", "form"), tag
        if tag == "a":
            assert re.match(r"https?://", attrs["href"])
            assert attrs["target"] == "_blank" and attrs["rel"] == "noopener noreferrer"
    styles = re.findall(r"<style>(.*?)</style>", small_page, re.DOTALL)
    assert styles and not any("url(" in s or "@import" in s for s in styles)
    assert "sourceMappingURL" not in small_page
    # vis-network is inlined with its licence header
    assert "vis.js is dual licensed" in small_page and "@version 9.1.2" in small_page


def test_data_travels_as_json_in_a_script_block(small_page):
    data = Page(small_page).data_json()
    labels = {n["label"] for n in data["model"]["nodes"]}
    assert "Regulate, don't ban" in labels
    assert {n["id"] for n in data["vis"]["nodes"]} == {n["id"] for n in data["model"]["nodes"]}


def test_hostile_text_is_inert_in_the_page(hostile_page):
    page = Page(hostile_page)
    for text in HOSTILE:
        assert text not in hostile_page or text.startswith("{{")
    # only our three scripts and the data block; the data has every hostile string intact
    assert len(page.scripts) == 4
    labels = {n["label"] for n in page.data_json()["model"]["nodes"]}
    assert set(HOSTILE) <= labels
    assert "{{ 7*7 }}" in hostile_page and ">49<" not in hostile_page
    for tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        if tag == "a":
            assert attrs["href"].startswith(("https://", "http://")), attrs
    assert "javascript:" not in " ".join(a.get("href", "") for _, a in page.tags)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_script_json_never_closes_the_script_and_round_trips(text):
    encoded = script_json({"x": text})
    assert not set("<>&\u2028\u2029") & set(encoded)
    assert json.loads(encoded) == {"x": text}


def test_outline_lists_every_claim_and_its_relations(small_graph, small_page):
    page = Page(small_page)
    listed = {a["data-claim"] for t, a in page.tags if t == "li" and "data-claim" in a}
    claims = {str(c).replace(CLAIM, "claim:") for t in (AM.Claim, AM.Proposal)
              for c in small_graph.subjects(RDF.type, t)}
    assert listed == claims
    outline = small_page[small_page.index('<section id="outline"'):]
    assert "Against" in outline and "Questions that it follows" in outline


# --- the command --------------------------------------------------------------------------
# Each `argmap` run costs a process start, so one drawing serves several tests.

TITLE = 'Südkreuz & "co" <map>'


@pytest.fixture(scope="module")
def small_data(tmp_path_factory) -> Path:
    return write(tmp_path_factory.mktemp("viz") / "small.ttl", SMALL_DEBATE)


@pytest.fixture(scope="module")
def drawn(small_data) -> Path:
    target = small_data.parent / "out" / "map.html"
    target.parent.mkdir()
    result = run_argmap("--data", small_data, "draw", "-o", target, "--theme", "dark",
                        "--title", TITLE, "--lang", "de")
    assert result.returncode == 0, result.stderr
    assert "argmap embed" in result.stderr  # tells the journalist the next step
    return target


def test_draw_writes_one_utf8_page(drawn):
    text = drawn.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert '<html lang="de" class="theme-dark">' in text
    assert "<title>Südkreuz &amp; &#34;co&#34; &lt;map&gt;</title>" in text
    assert [p.name for p in drawn.parent.iterdir()] == ["map.html"]  # no temp file left


def test_draw_to_stdout_and_with_focus(small_data):
    result = run_argmap("--data", small_data, "draw", "-o", "-", "--focus",
                        "claim:suedkreuz-frt-works", "--depth", "1", "--layout", "force")
    assert result.returncode == 0, result.stderr
    data = Page(result.stdout).data_json()
    assert data["focus"] == "claim:suedkreuz-frt-works"
    assert "claim:edpb-edps-general-ban" not in {n["id"] for n in data["model"]["nodes"]}


def test_draw_bad_options_fail_cleanly(small_data, small_graph):
    assert_clean_error(run_argmap("--data", small_data, "draw", "--focus", "no-such-claim"),
                       "no-such-claim")
    result = run_argmap("--data", small_data, "draw", "--depth", "2")
    assert result.returncode == 2 and "--focus" in result.stderr
    with pytest.raises(ArgmapError, match="cannot write"):
        draw(small_graph, small_data.parent / "no-such-folder" / "map.html")
    with pytest.raises(ArgmapError, match="--lang"):
        render_html(small_graph, lang="<script>")


def test_a_map_over_budget_is_refused_with_advice_or_grouped_by_topic(small_data, small_graph):
    target = small_data.parent / "too-big.html"
    result = run_argmap("--data", small_data, "draw", "-o", target, "--max-nodes", "5")
    assert_clean_error(result, "--focus", "--topic", "--aggregate")
    assert not target.exists()
    data = Page(render_html(small_graph, max_nodes=6, aggregate=True)).data_json()
    kinds = [n["kind"] for n in data["model"]["nodes"]]
    assert "topic" in kinds and len(kinds) <= 6


def test_embed_prints_a_sandboxed_lazy_iframe_and_a_resizer(drawn):
    result = run_argmap("embed", drawn, "--url", "https://news.example/maps/map.html")
    assert result.returncode == 0, result.stderr
    page = Page(result.stdout)
    [iframe] = [a for t, a in page.tags if t == "iframe"]
    assert iframe["src"] == "https://news.example/maps/map.html"
    assert iframe["title"] == TITLE
    assert iframe["width"] == "100%" and iframe["loading"] == "lazy"
    assert "allow-scripts" in iframe["sandbox"] and "allow-same-origin" not in iframe["sandbox"]
    assert "embed-size" in result.stdout and "xPYMx" in result.stdout
    assert 'src="map.html"' in embed_snippet(drawn)


def test_embed_refuses_script_urls_and_non_maps(drawn, small_data):
    assert_clean_error(run_argmap("embed", drawn, "--url", "javascript:alert(1)"), "--url")
    with pytest.raises(ArgmapError, match="no such file"):
        embed_snippet(drawn.parent / "missing.html")
    with pytest.raises(ArgmapError, match="not an argmap map"):
        embed_snippet(small_data)


def test_notebook_map_is_an_isolated_iframe(small_graph, tmp_path):
    shown = Map(small_graph, topic=BMS["topic/effectiveness"])._repr_html_()
    assert shown.startswith("<iframe srcdoc=\"&lt;!DOCTYPE html&gt;")
    assert 'sandbox="allow-scripts allow-popups' in shown and "allow-same-origin" not in shown
    assert Map(small_graph).save(tmp_path / "m.html").read_text(encoding="utf-8").startswith(
        "<!DOCTYPE html>")


def test_shipped_debate_draws_and_outline_lists_every_claim(shipped_graph, tmp_path):
    page = render_html(shipped_graph)
    listed = {a["data-claim"] for t, a in Page(page).tags if t == "li" and "data-claim" in a}
    claims = {str(c) for t in (AM.Claim, AM.Proposal) for c in shipped_graph.subjects(RDF.type, t)}
    assert len(listed) == len(claims) > 30
    assert "claim:ban-biometric-mass-surveillance" in listed


# --- the static drawing -------------------------------------------------------------------

def test_static_svg_png_pdf(small_graph):
    svg = render(small_graph, "svg")
    root = ET.fromstring(svg)
    texts = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "Regulate, don't ban" in texts and "supports" in texts  # a claim and the legend
    assert render(small_graph, "png").startswith(b"\x89PNG")
    assert render(small_graph, "pdf").startswith(b"%PDF")
    focused = ET.fromstring(render(small_graph, "svg", focus=BMS["claim/false-alarm-rate"], depth=1))
    texts = " ".join(t.text or "" for t in focused.iter("{http://www.w3.org/2000/svg}text"))
    assert "Patrick Breyer" in texts  # the focus view adds who said it


def test_static_svg_keeps_hostile_text_as_text():
    graph = load_graph(hostile_debate().encode(), format="turtle")
    for focus in (None, BMS["claim/c0"]):
        root = ET.fromstring(render(graph, "svg", focus=focus))
        for element in root.iter():
            assert not element.tag.endswith("script") and not element.tag.endswith("foreignObject")
            assert not any(name.lower().startswith("on") for name in element.attrib)
        texts = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
        assert "<img src=x" in texts


def test_embed_snippet_library_call(small_graph, tmp_path):
    target = tmp_path / "m.html"
    target.write_text(render_html(small_graph), encoding="utf-8")
    snippet = embed_snippet(target, url="maps/m.html")
    assert 'src="maps/m.html"' in snippet


def test_focus_view_of_a_larger_map_draws_without_the_rest(tmp_path):
    """A focus view leaves out premises and undercuts beyond its depth instead of failing."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from generate import generate_turtle

    data = tmp_path / "big.ttl"
    data.write_text(generate_turtle(400, seed=3), encoding="utf-8")
    out = tmp_path / "focus.html"
    result = run_argmap("--data", data, "draw", "--focus", "claim:c-000000", "--depth", "2",
                        "-o", out)
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert "claim:c-000000" in page


# --- focus views read only the neighbourhood ------------------------------------------------
# map_model(graph, focus=…) builds the view from a small copy of the neighbourhood; it must be
# the view cut from the whole map, node for node (labels, cards, statuses, junctions, facets).

def _whole_map_views(graph, nodes, depths, **filters):
    """(fast, reference) model pairs: the reference cuts the whole map, as before the fast path."""
    from viz.model import _view, _whole_map, claim_statuses

    whole = _whole_map(graph, claim_statuses(graph), **filters)
    for focus in nodes:
        for depth in depths:
            outcomes = []
            for build in (lambda: map_model(graph, focus=focus, depth=depth, **filters),
                          lambda: _view(whole, focus, depth)):
                try:
                    outcomes.append(build())
                except ArgmapError as exc:  # e.g. a focus the filters leave off the map
                    outcomes.append(("error", str(exc)))
            yield (focus, depth, filters), outcomes[0], outcomes[1]


def _focus_candidates(graph, step: int = 1) -> list:
    """Claims, supports, actors and sources (and one topic: not on any map) to focus on."""
    kinds = (AM.Claim, AM.Proposal, AM.Support, AM.Person, AM.Organisation, AM.Opinion,
             AM.Report, AM.Statement, AM.Study)
    nodes = sorted({n for k in kinds for n in graph.subjects(RDF.type, k)}, key=str)[::step]
    return nodes + sorted(graph.subjects(RDF.type, AM.Attack), key=str)[:1]


def test_focus_view_equals_the_whole_maps_cut_on_the_shipped_debate(shipped_graph):
    nodes = _focus_candidates(shipped_graph)
    for case, fast, reference in _whole_map_views(shipped_graph, nodes[::2], (0, 2)):
        assert fast == reference, case
    for case, fast, reference in _whole_map_views(shipped_graph, nodes[1::4], (1,)):
        assert fast == reference, case
    actor = BMS["actor/edpb"]
    for filters in ({"actor": actor}, {"topic": BMS["topic/real-time-rbi"]}):
        for case, fast, reference in _whole_map_views(shipped_graph, nodes[::7], (2,), **filters):
            assert fast == reference, case


def test_focus_view_equals_the_whole_maps_cut_on_a_generated_map():
    """A generated map on Oxigraph: hub claims, two-premise supports, undercuts, cycles."""
    import sys

    from graph.store import parse_bytes

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from generate import generate_turtle

    graph = parse_bytes(generate_turtle(300, seed=5).encode(), "turtle", "generated",
                        engine="oxigraph")
    nodes = _focus_candidates(graph, step=11)
    assert len(nodes) > 30
    for case, fast, reference in _whole_map_views(graph, nodes, (1, 2)):
        assert fast == reference, case
    for case, fast, reference in _whole_map_views(graph, nodes[::4], (2,),
                                                  actor=BMS["actor/person-00003"]):
        assert fast == reference, case


def test_focus_statuses_come_from_the_attack_ancestors_exactly(shipped_graph):
    """The view's statuses are those of the whole debate, with rebuttal cycles (undecided)."""
    import sys

    from graph.semantics import claim_status
    from graph.store import parse_bytes
    from viz.focus import grounded_statuses

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from generate import generate_turtle

    generated = parse_bytes(generate_turtle(500, seed=2).encode(), "turtle", "generated",
                            engine="oxigraph")
    # A rebuttal cycle (undecided), a chain, a support concluding an attacker, an undercut.
    cycle = load_graph(b"""@prefix am: <https://w3id.org/argmap/ns#> .
        @prefix c: <https://w3id.org/argmap/bms/claim/> .
        @prefix r: <https://w3id.org/argmap/bms/attack/> .
        c:x1 a am:Claim . c:x2 a am:Claim . c:x3 a am:Claim .
        c:y1 a am:Claim . c:y2 a am:Claim . c:y3 a am:Proposal .
        r:a a am:Attack ; am:attacker c:x1 ; am:target c:x2 ; am:attackKind am:rebut .
        r:b a am:Attack ; am:attacker c:x2 ; am:target c:x1 ; am:attackKind am:rebut .
        r:c a am:Attack ; am:attacker c:x2 ; am:target c:x3 ; am:attackKind am:undermine .
        r:d a am:Attack ; am:attacker c:y1 ; am:target c:y2 ; am:attackKind am:rebut .
        r:e a am:Attack ; am:attacker c:y2 ; am:target c:y3 ; am:attackKind am:rebut .
        <https://w3id.org/argmap/bms/support/s> a am:Support ; am:premise c:y3 ;
            am:conclusion c:x1 .
        r:f a am:Attack ; am:attacker c:y1 ; am:target <https://w3id.org/argmap/bms/support/s> ;
            am:attackKind am:undercut .
        """, format="turtle")
    for graph in (shipped_graph, generated, cycle):
        whole = claim_status(graph)
        claims = sorted({c for t in (AM.Claim, AM.Proposal) for c in graph.subjects(RDF.type, t)},
                        key=str)
        assert grounded_statuses(graph, claims) == {str(c): whole[str(c)] for c in claims}
        for claim in claims[::7]:
            assert grounded_statuses(graph, [claim]) == {str(claim): whole[str(claim)]}
    assert set(whole.values()) == {"in", "out", "undec"}
    many = sorted(generated.subjects(RDF.type, AM.Claim), key=str)[:5]
    assert grounded_statuses(generated, many, budget=3) is None  # too many: the whole debate's


def test_focus_view_falls_back_to_the_whole_debates_statuses(shipped_graph, monkeypatch):
    import viz.focus

    focus = BMS["claim/suedkreuz-frt-works"]
    walked = map_model(shipped_graph, focus=focus, depth=2)
    monkeypatch.setattr(viz.focus, "STATUS_WALK_BUDGET", 0)
    assert map_model(shipped_graph, focus=focus, depth=2) == walked
    assert {n["status"] for n in walked["nodes"] if n["kind"] == "claim"} >= {"in", "out"}
