"""RDF → networkx projections and analytics, on a small debate written with graph.vocab terms."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings, strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS

from graph import network, semantics
from graph.vocab import AM, BMS, bind_prefixes


# XSD is a closed namespace that warns when pytest probes module attributes: name the two types.
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
XSD_YEAR_MONTH = URIRef("http://www.w3.org/2001/XMLSchema#gYearMonth")


def claim(slug: str):
    return BMS[f"claim/{slug}"]


def actor(slug: str):
    return BMS[f"actor/{slug}"]


def source(slug: str):
    return BMS[f"source/{slug}"]


class DebateBuilder:
    """Writes a small debate with the vocabulary's terms, the way data/claims.ttl does."""

    def __init__(self):
        self.g = bind_prefixes(Graph())

    def claim(self, slug: str, label: str, proposal: bool = False):
        self.g.add((claim(slug), RDF.type, AM.Proposal if proposal else AM.Claim))
        self.g.add((claim(slug), RDFS.label, Literal(label, lang="en")))
        self.g.add((claim(slug), AM.text, Literal(label, lang="en")))

    def actor(self, slug: str, name: str, kind=AM.Organisation):
        self.g.add((actor(slug), RDF.type, kind))
        self.g.add((actor(slug), FOAF.name, Literal(name)))

    def source(self, slug: str, publisher: str, issued: str, kind=AM.NewsArticle):
        datatype = XSD_DATE if len(issued) == 10 else XSD_YEAR_MONTH
        self.g.add((source(slug), RDF.type, kind))
        self.g.add((source(slug), DCTERMS.title, Literal(f"Article {slug}")))
        self.g.add((source(slug), DCTERMS.publisher, Literal(publisher)))
        self.g.add((source(slug), DCTERMS.issued, Literal(issued, datatype=datatype)))

    def assertion(self, who: str, what: str, where: str, date: str):
        node = BMS[f"assertion/{what}-{who}"]
        self.g.add((node, RDF.type, AM.Assertion))
        self.g.add((node, AM.actor, actor(who)))
        self.g.add((node, AM.claim, claim(what)))
        self.g.add((node, AM.source, source(where)))
        self.g.add((node, AM.date, Literal(date, datatype=XSD_DATE if len(date) == 10 else XSD_YEAR_MONTH)))
        return node

    def support(self, slug: str, premises: list[str], conclusion: str, who: str, where: str):
        node = BMS[f"support/{slug}"]
        self.g.add((node, RDF.type, AM.Support))
        for p in premises:
            self.g.add((node, AM.premise, claim(p)))
        self.g.add((node, AM.conclusion, claim(conclusion)))
        self.g.add((node, AM.statedBy, actor(who)))
        self.g.add((node, AM.statedIn, source(where)))
        return node

    def attack(self, slug: str, attacker: str, target, kind, who: str, where: str):
        node = BMS[f"attack/{slug}"]
        self.g.add((node, RDF.type, AM.Attack))
        self.g.add((node, AM.attacker, claim(attacker)))
        self.g.add((node, AM.target, target if isinstance(target, URIRef) else claim(target)))
        self.g.add((node, AM.attackKind, kind))
        self.g.add((node, AM.statedBy, actor(who)))
        self.g.add((node, AM.statedIn, source(where)))
        return node

    def position(self, slug: str, who: str, proposal: str, stance):
        node = BMS[f"position/{slug}"]
        self.g.add((node, RDF.type, AM.Position))
        self.g.add((node, AM.actor, actor(who)))
        self.g.add((node, AM.proposal, claim(proposal)))
        self.g.add((node, AM.stance, stance))

    def review(self, slug: str, of, verdict):
        node = BMS[f"review/{slug}"]
        self.g.add((node, RDF.type, AM.Review))
        self.g.add((node, AM.reviewOf, of))
        self.g.add((node, AM.verdict, verdict))


@pytest.fixture(scope="module")
def debate() -> Graph:
    b = DebateBuilder()
    b.claim("ban", "Ban biometric mass surveillance", proposal=True)
    for slug, label in [("regulate-not-ban", "Regulate, don't ban"),
                        ("suedkreuz-frt-works", "Südkreuz showed FRT works"),
                        ("suedkreuz-results-embellished", "Südkreuz results embellished"),
                        ("frt-biased", "FRT is less accurate for some groups"),
                        ("gender-shades", "Gender Shades: 34.7% vs 0.8% error"),
                        ("measured-classification", "Gender Shades measured classification"),
                        ("false-alarm-rate", "False alarm rates of up to 99%")]:
        b.claim(slug, label)
    for slug, name in [("ccc", "Chaos Computer Club"), ("epp", "EPP Group"),
                       ("greens", "Greens/EFA"), ("breyer", "Patrick Breyer"),
                       ("seehofer", "Horst Seehofer"), ("editors", "argmap editors"),
                       ("buolamwini", "Joy Buolamwini")]:
        b.actor(slug, name)
    b.source("heise", "heise online", "2018-10")
    b.source("pressclub", "pressclub.be", "2021-01")
    b.source("letter", "25 MEPs", "2021-10-04", kind=AM.Letter)
    b.source("gender-shades-paper", "PMLR", "2018-02", kind=AM.Study)
    b.source("bmi", "BMI", "2018-10")
    b.assertion("ccc", "suedkreuz-results-embellished", "heise", "2018-10")
    b.assertion("seehofer", "suedkreuz-frt-works", "bmi", "2018-10")
    b.assertion("epp", "regulate-not-ban", "pressclub", "2021-01")
    b.assertion("breyer", "false-alarm-rate", "letter", "2021-10-04")
    b.assertion("greens", "false-alarm-rate", "letter", "2021-10-04")
    b.assertion("greens", "ban", "letter", "2021-10-04")
    b.assertion("breyer", "ban", "letter", "2021-10-04")
    b.assertion("buolamwini", "gender-shades", "gender-shades-paper", "2018-02")
    b.assertion("greens", "frt-biased", "letter", "2021-10-04")
    b.assertion("editors", "measured-classification", "gender-shades-paper", "2018-02")
    b.support("suedkreuz-supports-regulate", ["suedkreuz-frt-works"], "regulate-not-ban",
              "seehofer", "bmi")
    gs = b.support("gender-shades-supports-bias", ["gender-shades"], "frt-biased", "greens",
                   "letter")
    b.support("bias-supports-ban", ["frt-biased"], "ban", "greens", "letter")
    b.support("false-alarm-supports-ban", ["false-alarm-rate"], "ban", "breyer", "letter")
    b.attack("embellished-rebuts-suedkreuz", "suedkreuz-results-embellished",
             "suedkreuz-frt-works", AM.rebut, "ccc", "heise")
    b.attack("regulate-rebuts-ban", "regulate-not-ban", "ban", AM.rebut, "epp", "pressclub")
    b.attack("classification-undercuts-gender-shades", "measured-classification", gs,
             AM.undercut, "editors", "gender-shades-paper")
    b.position("greens-for-ban", "greens", "ban", AM.For)
    b.position("breyer-for-ban", "breyer", "ban", AM.For)
    b.position("epp-against-ban", "epp", "ban", AM.Against)
    b.position("seehofer-against-ban", "seehofer", "ban", AM.Against)
    b.review("false-alarm-overstated", BMS["assertion/false-alarm-rate-breyer"], AM.Overstated)
    return b.g


def short(nodes):
    return sorted(network.short_name(n) for n in nodes)


def short_edges(edges):
    return sorted((network.short_name(u), network.short_name(v)) for u, v in edges)


def test_argument_graph_has_claims_supports_and_three_kinds_of_edges(debate):
    g = network.argument_graph(debate)
    kinds = nx.get_node_attributes(g, "kind")
    assert sum(k == "claim" for k in kinds.values()) == 8
    assert sum(k == "support" for k in kinds.values()) == 4
    assert g.nodes[str(claim("ban"))]["proposal"] is True
    edge = g.edges[str(claim("suedkreuz-frt-works")), str(BMS["support/suedkreuz-supports-regulate"])]
    assert edge["relation"] == "premise"
    edge = g.edges[str(BMS["support/suedkreuz-supports-regulate"]), str(claim("regulate-not-ban"))]
    assert edge["relation"] == "conclusion"
    edge = g.edges[str(claim("measured-classification")), str(BMS["support/gender-shades-supports-bias"])]
    assert edge["relation"] == "attack" and edge["kind"] == "undercut"
    assert edge["attacks"] == [str(BMS["attack/classification-undercuts-gender-shades"])]


def test_framework_follows_the_aspic_construction(debate):
    af = network.abstract_framework(debate)
    assert short_edges(af.edges) == [
        # the undercut hits the inference only
        ("claim:measured-classification", "support:gender-shades-supports-bias"),
        # regulate-not-ban rebuts the ban: the claim and both arguments concluding it
        ("claim:regulate-not-ban", "claim:ban"),
        ("claim:regulate-not-ban", "support:bias-supports-ban"),
        ("claim:regulate-not-ban", "support:false-alarm-supports-ban"),
        # the rebuttal of a premise hits the claim and the support built on it
        ("claim:suedkreuz-results-embellished", "claim:suedkreuz-frt-works"),
        ("claim:suedkreuz-results-embellished", "support:suedkreuz-supports-regulate"),
        # a support for regulate-not-ban carries its attacks (supported attack)
        ("support:suedkreuz-supports-regulate", "claim:ban"),
        ("support:suedkreuz-supports-regulate", "support:bias-supports-ban"),
        ("support:suedkreuz-supports-regulate", "support:false-alarm-supports-ban"),
    ]
    roles = af.edges[str(claim("suedkreuz-results-embellished")),
                     str(BMS["support/suedkreuz-supports-regulate"])]["roles"]
    assert roles == ["premise"]


def test_claim_status_of_the_small_debate(debate):
    status = {network.short_name(k): v for k, v in semantics.claim_status(debate).items()}
    assert status == {
        "claim:ban": "out",                        # regulate-not-ban is unanswered
        "claim:false-alarm-rate": "in",
        "claim:frt-biased": "in",                  # stands on its own assertion
        "claim:gender-shades": "in",
        "claim:measured-classification": "in",
        "claim:regulate-not-ban": "in",
        "claim:suedkreuz-frt-works": "out",
        "claim:suedkreuz-results-embellished": "in",
    }
    arguments = semantics.argument_status(debate)
    assert arguments[str(BMS["support/gender-shades-supports-bias"])] == "out"   # undercut
    assert arguments[str(BMS["support/suedkreuz-supports-regulate"])] == "out"   # premise out
    assert arguments[str(BMS["support/bias-supports-ban"])] == "out"             # conclusion out


def test_mutual_rebuttals_make_a_rebuttal_an_even_cycle(debate):
    status = semantics.claim_status(debate, mutual_rebuttals=True)
    assert status[str(claim("ban"))] == "undec"
    assert status[str(claim("regulate-not-ban"))] == "undec"
    assert status[str(claim("suedkreuz-frt-works"))] == "undec"
    preferred = semantics.claim_status(debate, "preferred", mutual_rebuttals=True)
    assert preferred[str(claim("suedkreuz-results-embellished"))] == "undec"
    af = network.abstract_framework(debate, mutual_rebuttals=True)
    assert af.edges[str(claim("ban")), str(claim("regulate-not-ban"))]["roles"] == ["mutual"]
    # undercuts stay one way
    assert not af.has_edge(str(BMS["support/gender-shades-supports-bias"]),
                           str(claim("measured-classification")))


def test_explain_cites_who_attacked_where(debate):
    debate_data = network.read_debate(debate)
    af = network.abstract_framework(debate_data)
    text = semantics.explain(
        af, str(claim("suedkreuz-frt-works")),
        name=network.short_name,
        note=lambda a, t: network.attack_note(debate_data, af, a, t),
        unattacked_note=lambda a: network.assertion_note(debate_data, a)).text()
    assert text == ("claim:suedkreuz-frt-works is OUT: it is attacked by "
                    "claim:suedkreuz-results-embellished (Chaos Computer Club, heise online, "
                    "Oct 2018), which is IN because nothing attacks it (put forward by Chaos "
                    "Computer Club, heise online, Oct 2018).")
    note = network.attack_note(debate_data, af, str(claim("suedkreuz-results-embellished")),
                               str(BMS["support/suedkreuz-supports-regulate"]))
    assert note == ("Chaos Computer Club, heise online, Oct 2018; it attacks its premise "
                    "claim:suedkreuz-frt-works")


def test_actor_claim_graph_records_every_relation(debate):
    g = network.actor_claim_graph(debate)
    assert g.edges[str(actor("greens")), str(claim("ban"))]["relations"] == ["asserts", "for", "supports"]
    assert g.edges[str(actor("epp")), str(claim("ban"))]["relations"] == ["against", "attacks"]
    assert g.edges[str(actor("ccc")), str(claim("suedkreuz-frt-works"))]["relations"] == ["attacks"]
    assert g.nodes[str(actor("ccc"))]["label"] == "Chaos Computer Club"


def test_agreement_graph_links_actors_on_the_same_side(debate):
    g = network.agreement_graph(debate)
    greens, breyer = str(actor("greens")), str(actor("breyer"))
    assert g.edges[greens, breyer]["weight"] == 2  # the ban and the false-alarm claim
    assert g.edges[greens, breyer]["claims"] == sorted([str(claim("ban")), str(claim("false-alarm-rate"))])
    assert g.has_edge(str(actor("epp")), str(actor("seehofer")))      # both against the ban
    assert not g.has_edge(greens, str(actor("epp")))                  # opposite sides
    assert str(actor("ccc")) in g                                     # every actor is a node


def test_coalitions_are_a_stable_partition(debate):
    g = network.agreement_graph(debate)
    found = network.coalitions(g, seed=0)
    assert sorted(a for c in found for a in c) == sorted(g.nodes)
    assert found == network.coalitions(g, seed=0)
    together = next(c for c in found if str(actor("greens")) in c)
    assert str(actor("breyer")) in together and str(actor("epp")) not in together


def test_analyse_reports_the_four_findings(debate):
    report = network.analyse(debate)
    assert report == network.analyse(debate)  # deterministic
    top = report["contested"][0]
    assert top["attacks_received"] == 1 and top["status"] in ("in", "out", "undec")
    assert {r["id"] for r in report["contested"]} >= {"claim:ban", "claim:suedkreuz-frt-works"}
    # the ban rests on the false-alarm claim, whose assertion a review found overstated
    doubtful = {(r["id"], r["through"]): r for r in report["doubtful_support"]}
    row = doubtful[("claim:ban", "claim:false-alarm-rate")]
    assert row["verdicts"] == ["overstated"]
    assert row["path"] == ["claim:false-alarm-rate", "support:false-alarm-supports-ban", "claim:ban"]
    one_sided = {r["id"] for r in report["one_sided"]}
    assert "claim:suedkreuz-results-embellished" in one_sided   # CCC's word only
    assert "claim:gender-shades" not in one_sided               # backed by a study
    assert "claim:ban" in one_sided                             # only Greens and Breyer back it


# --- supports never change a claim's verdict (docs/semantics.md) ---------------------------------

@st.composite
def random_debates(draw):
    n = draw(st.integers(min_value=1, max_value=7))
    claims = [f"c{i}" for i in range(n)]
    b = DebateBuilder()
    b.actor("x", "X")
    b.source("s", "S", "2021-01")
    for c in claims:
        b.claim(c, c)
    supports = []
    for i in range(draw(st.integers(min_value=0, max_value=5))):
        premises = draw(st.lists(st.sampled_from(claims), min_size=1, max_size=2, unique=True))
        conclusion = draw(st.sampled_from(claims))
        supports.append(b.support(f"s{i}", premises, conclusion, "x", "s"))
    for i in range(draw(st.integers(min_value=0, max_value=9))):
        attacker = draw(st.sampled_from(claims))
        if supports and draw(st.booleans()):
            b.attack(f"u{i}", attacker, draw(st.sampled_from(supports)), AM.undercut, "x", "s")
        else:
            b.attack(f"a{i}", attacker, draw(st.sampled_from(claims)),
                     draw(st.sampled_from([AM.rebut, AM.undermine])), "x", "s")
    return b.g


@settings(max_examples=80, deadline=None)
@given(random_debates(), st.booleans())
def test_supports_never_change_a_claims_verdict(g, mutual):
    af = network.abstract_framework(g, mutual_rebuttals=mutual)
    claims_only = af.subgraph([n for n, d in af.nodes(data=True) if d["kind"] == "claim"]).copy()
    for name in ("grounded", "preferred", "stable"):
        full = semantics.evaluate(af, name)
        reduced = semantics.evaluate(claims_only, name)
        assert {k: v for k, v in full.labels.items() if k in claims_only} == reduced.labels
        assert {frozenset(e) & set(claims_only) for e in map(frozenset, full.extensions)} == {
            frozenset(e) for e in reduced.extensions}


# --- the Oxigraph fast path reads the same debate -------------------------------------------------

def _generated_map() -> bytes:
    import sys

    from conftest import ROOT

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate_turtle

    return generate_turtle(400, seed=3).encode()


@pytest.fixture(scope="module", params=["bundled", "generated"])
def turtle(request, shipped_data) -> bytes:
    return shipped_data.read_bytes() if request.param == "bundled" else _generated_map()


def _same_graph(a: nx.DiGraph, b: nx.DiGraph) -> None:
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(data=True)) == list(b.edges(data=True))
    for node in a:  # the order of attackers decides which one explain names first
        assert list(a.pred[node]) == list(b.pred[node])


def test_debate_read_from_oxigraph_equals_the_rdflib_walk(turtle):
    """Reading Oxigraph's quads directly gives the Debate that walking rdflib terms gives."""
    from graph.store import parse_bytes

    g = parse_bytes(turtle, "turtle", "map.ttl", engine="oxigraph")
    assert isinstance(network._reader(g), network._OxigraphReader)
    fast = network.read_debate(g)
    walked = network._read_with(network._GraphReader(g), g, full=True)
    assert fast == walked
    for field in ("assertions", "sources"):  # dates stay rdflib literals, as rdflib gives them
        for key, row in getattr(walked, field).items():
            for name, value in row.items():
                assert type(getattr(fast, field)[key][name]) is type(value)
    # and the same debate as rdflib's own parser and store (up to the order of rdf:type lists)
    plain = network.read_debate(parse_bytes(turtle, "turtle", "map.ttl", engine="rdflib"))
    for field in ("claims", "supports", "attacks", "assertions", "positions", "reviews",
                  "actors", "sources"):
        assert getattr(plain, field) == getattr(fast, field), field
    assert {k: sorted(v) for k, v in plain.types.items()} == \
        {k: sorted(v) for k, v in fast.types.items()}


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
@pytest.mark.parametrize("mutual", [False, True])
def test_framework_of_the_graph_equals_the_framework_of_the_whole_debate(turtle, engine, mutual):
    """abstract_framework(graph) reads only claims, supports and attacks: same framework."""
    from graph.store import parse_bytes

    g = parse_bytes(turtle, "turtle", "map.ttl", engine=engine)
    af = network.abstract_framework(g, mutual_rebuttals=mutual)
    _same_graph(af, network.abstract_framework(network.read_debate(g), mutual_rebuttals=mutual))
    _same_graph(network.argument_graph(g), network.argument_graph(network.read_debate(g)))
    labels = semantics.grounded_labelling(af)
    assert semantics.claim_status(g, mutual_rebuttals=mutual) == {
        n: labels[n] for n, d in sorted(af.nodes(data=True)) if d["kind"] == "claim"}


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_notes_read_node_by_node_equal_the_notes_of_the_whole_debate(turtle, engine):
    """``argmap explain`` reads only what its notes are about; every note (who attacked, who
    asserted, where and when) is the one the whole debate gives."""
    from graph.store import parse_bytes

    g = parse_bytes(turtle, "turtle", "map.ttl", engine=engine)
    whole = network.read_debate(g)
    af = network.abstract_framework(g, mutual_rebuttals=True)
    gathered = network.Debate()
    for attacker, target, data in af.edges(data=True):
        about = network.read_debate_about(g, data["attacks"])
        assert network.attack_note(about, af, attacker, target) == \
            network.attack_note(whole, af, attacker, target)
        network.read_debate_about(g, data["attacks"], into=gathered)
    for node, data in af.nodes(data=True):
        about = network.read_debate_about(g, [node])
        if data["kind"] == "claim":
            assert network.assertion_note(about, node) == network.assertion_note(whole, node)
        else:
            assert about.supports[node]["by"] == whole.supports[node]["by"]
            assert about.supports[node]["in"] == whole.supports[node]["in"]
    for field in ("attacks", "actors", "sources"):  # what was read equals the whole's entries
        for key, value in getattr(gathered, field).items():
            whole_value = getattr(whole, field)[key]
            if field == "attacks":  # without the kind, which notes do not use
                whole_value = {k: whole_value[k] for k in value}
            assert value == whole_value, (field, key)


def test_fast_path_sees_changes_to_the_graph():
    from graph.store import parse_bytes

    g = parse_bytes(_generated_map(), "turtle", "map.ttl", engine="oxigraph")
    before = network.read_debate(g)
    g.add((claim("new"), RDF.type, AM.Claim))
    g.add((claim("new"), RDFS.label, Literal("New", lang="en")))
    after = network.read_debate(g)
    assert set(after.claims) - set(before.claims) == {str(claim("new"))}
    assert after.claims[str(claim("new"))] == {"label": "New", "proposal": False}


def test_text_prefers_english_then_untagged_then_the_least():
    g = Graph()
    node = claim("x")
    for text, lang in [("Zwei  Wörter", "de"), ("b", None), ("two\nwords", "en")]:
        g.add((node, RDF.type, AM.Claim))
        g.add((node, RDFS.label, Literal(text, lang=lang)))
    assert network.read_debate(g).claims[str(node)]["label"] == "b"
    g.remove((node, RDFS.label, Literal("b")))
    assert network.read_debate(g).claims[str(node)]["label"] == "two words"


def test_short_names_follow_the_graphs_bindings():
    g = bind_prefixes(Graph())
    iri = "http://example.org/things/a"
    assert network.short_name(iri, g) == iri
    g.bind("ex", "http://example.org/things/")
    assert network.short_name(iri, g) == "ex:a" == network.short_namer(g)(iri)
    g.bind("th", "http://example.org/things/", override=True, replace=True)
    assert network.short_name(iri, g) == "th:a"
    assert network.short_name(str(claim("x")), g) == "claim:x" == network.short_name(str(claim("x")))


@pytest.mark.parametrize("mutual", [False, True])
def test_lean_framework_has_the_arguments_and_attacks_of_the_digraph(turtle, mutual):
    from graph.store import parse_bytes

    g = parse_bytes(turtle, "turtle", "map.ttl", engine="oxigraph")
    af = network.abstract_framework(g, mutual_rebuttals=mutual)
    framework, nodes = network.lean_framework(g, mutual_rebuttals=mutual)
    assert list(framework.arguments) == list(af.nodes) == list(nodes)
    assert len(framework.attacks) == af.number_of_edges()
    assert set(framework.attacks) == set(af.edges)
    assert nodes == dict(af.nodes(data=True))
    name = network.short_namer(g)
    for semantics_name in ("grounded",) if len(nodes) > 200 else semantics.SEMANTICS:
        assert semantics.evaluate(framework, semantics_name, name=name) == \
            semantics.evaluate(af, semantics_name, name=name)
        labels = semantics.evaluate(af, semantics_name).labels
        assert semantics.argument_status(g, semantics_name, mutual_rebuttals=mutual) == labels
        assert semantics.claim_status(g, semantics_name, mutual_rebuttals=mutual) == {
            n: labels[n] for n, d in sorted(af.nodes(data=True)) if d["kind"] == "claim"}


def test_arguments_are_kept_beside_an_unchanged_cache_entry(tmp_path):
    """graph.cache marks a graph opened from an entry (store.entry_folder, store.copied); what
    the framework reads is then kept in the entry, and a changed graph never uses it."""
    from graph.store import parse_bytes

    g = parse_bytes(_generated_map(), "turtle", "map.ttl", engine="oxigraph")
    expected = network.abstract_framework(network.read_debate(g))
    g.store.entry_folder, g.store.copied = tmp_path, False
    _same_graph(network.abstract_framework(g), expected)          # read, then kept
    kept = network._kept_arguments(tmp_path)
    assert kept.is_file() and [p.name for p in kept.parent.iterdir()] == [kept.name]
    beside = kept.parent / "beside.json"
    beside.write_text("{}")  # as the cache's other files are written
    assert kept.stat().st_mode & 0o777 == beside.stat().st_mode & 0o777  # not private (0600)
    beside.unlink()
    g.remove((None, AM.attacker, None))                           # the file stays as it was…
    _same_graph(network.abstract_framework(g), expected)          # …and is what is read back
    g.store.copied = True                                         # a written graph reads itself
    assert network.abstract_framework(g).number_of_edges() == 0
    g.store.copied = False
    kept.write_bytes(b"not marshal data")                         # a damaged file is replaced
    assert network.abstract_framework(g).number_of_edges() == 0
    assert network._read_arguments(g) == network._read(g, full=False)


def test_fast_path_reads_odd_objects_as_rdflib_shows_them():
    """Typed literals (rdflib normalises "01"^^xsd:integer to 1), blank nodes and a literal
    where an IRI belongs read the same through Oxigraph's quads as through rdflib's terms."""
    from graph.store import parse_bytes

    g = parse_bytes(b'''@prefix am: <https://w3id.org/argmap/ns#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <urn:c1> a am:Claim ; rdfs:label "01"^^xsd:integer .
        <urn:c2> a am:Claim ; rdfs:label _:b1 .
        <urn:c3> a am:Claim ; rdfs:label <urn:x> , "Z"@de , "y"^^xsd:string .
        <urn:s> a am:Support ; am:premise "007"^^xsd:integer , _:b2 ; am:conclusion <urn:c1> .
        <urn:a> a am:Attack ; am:attacker <urn:c3> ; am:target <urn:s> ;
            am:attackKind "https://w3id.org/argmap/ns#rebut" .
        <urn:as> a am:Assertion ; am:actor <urn:p> ; am:claim <urn:c1> ; am:date "2020-01-05"^^xsd:date .
        _:b3 a am:Claim .
        ''', "turtle", "odd.ttl", engine="oxigraph")
    fast = network.read_debate(g)
    assert fast == network._read_with(network._GraphReader(g), g, full=True)
    assert fast.claims["urn:c1"]["label"] == "1" and "7" in fast.claims
    assert fast.attacks["urn:a"]["kind"] == "undercut"  # a literal is no attack kind
