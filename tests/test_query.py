"""Analysts' questions answered from the shipped debate: named queries, commands, output.

Facts checked here are the fact sheet's (research/facts.md): §2 (EDPB–EDPS opinion and press
release), §4.5 and §12.13 (safeguards "only a facade"), §1.6–1.7 and §10.7–10.8 (votes), §7.1
(Digital Rights Ireland), §13.1 and §14.1 (Rosa D'Amato's group).
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import assert_clean_error, run_argmap
from graph import query as q

C21 = "claim:judicial-authorisation-safeguards"
C22 = "claim:safeguards-fig-leaf"


@pytest.fixture(scope="module")
def engine(shipped_graph):
    """One embedded Oxigraph copy of the debate for the whole module."""
    return q.engine_for(shipped_graph)


def _json(*args):
    result = run_argmap(*args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# --- the questions of the issue --------------------------------------------------------------

def test_rebuttals_of_the_epp_safeguards_claim_name_the_fig_leaf_claim_its_authors_and_sources():
    rows = _json("rebuttals", "judicial-authorisation-safeguards")
    fig_leaf = [row for row in rows if row["attacker"] == C22]
    assert len(fig_leaf) == 1, rows
    row = fig_leaf[0]
    assert row["depth"] == 1 and row["target"] == C21 and row["kind"] == "rebut"
    # Access Now (Arroyo: "only a facade") and the 25 MEPs' letter ("fig leaf").
    assert {"actor:access-now", "actor:veronica-arroyo",
            "actor:open-letter-signatories-2021-10-04"} <= set(row["by"])
    assert {"source:access-now-press-release-2021-06-07",
            "source:mep-open-letter-2021-10-04"} <= set(row["sources"])


def test_the_fig_leaf_claim_card_shows_edpb_guidelines_among_its_assertions(engine):
    card = q.describe(engine, C22)
    assert card["kind"] == "claim"
    asserted = {(row["actor"], row["source"]) for row in card["assertions"]}
    assert ("actor:edpb", "source:edpb-guidelines-05-2022-v2") in asserted
    arroyo = [row for row in card["assertions"] if row["actor"] == "actor:veronica-arroyo"]
    assert arroyo and any("facade" in quote for quote in arroyo[0]["quotes"])
    attacks = [row for row in card["relations"] if row["relation"] == "attacks"]
    assert any(row["other"] == C21 for row in attacks)


def test_what_the_edpb_said_comes_with_dates_and_quotes():
    rows = _json("timeline", "--actor", "edpb")
    assert rows, "the EDPB asserted nothing?"
    assert all(row["actor"] == "actor:edpb" for row in rows if row["type"] == "assertion")
    dates = [row["date"] for row in rows]
    assert dates == sorted(dates)
    # Joint Opinion 5/2021 adopted 18 Jun 2021; press release 21 Jun 2021 with the ban wording.
    assert any(row["date"] == "2021-06-18"
               and "source:edpb-edps-joint-opinion-5-2021" in row["sources"] for row in rows)
    press = [row for row in rows if row["date"] == "2021-06-21"]
    assert press and any("general ban on any use of AI for automated recognition of human "
                         "features in publicly accessible spaces" in quote
                         for row in press for quote in row["quotes"])


def test_no_claim_of_the_shipped_debate_is_unsourced():
    assert _json("claims", "--unsourced") == []


def test_claims_of_the_epp_side_that_were_rebutted(engine):
    rows = q.list_claims(engine, group="actor:epp", attacked=True).rows
    ids = {row["claim"] for row in rows}
    assert C21 in ids and "claim:epp-amendments-allow-exceptions" in ids
    assert all(row["attacked_by"] >= 1 for row in rows)
    unattacked = {row["claim"] for row in q.list_claims(engine, group="actor:epp",
                                                         attacked=False).rows}
    assert not ids & unattacked
    everything = {row["claim"] for row in q.list_claims(engine, group="actor:epp").rows}
    assert ids | unattacked == everything
    rebutted = q.run_named(engine, "rebutted", {"group": "actor:epp"}).rows
    assert any(row["claim"] == C21 and row["attacker"] == C22 for row in rebutted)


def test_votes_carry_their_counts(engine):
    votes = {(row["for"], row["against"], row["abstain"]): row
             for row in q.run_named(engine, "votes").rows}
    assert (377, 248, 62) in votes                 # resolution P9_TA(2021)0405
    assert votes[(377, 248, 62)]["outcome"] == "adopted"
    assert (259, 403, 30) in votes                 # the EPP amendments (Posteo)
    assert votes[(259, 403, 30)]["outcome"] == "rejected"
    assert (499, 28, 93) in votes                  # Parliament's AI Act position, 14 Jun 2023


def test_sources_by_kind_carry_identifiers_and_urls():
    rows = _json("sources", "--kind", "ruling")
    assert rows and all("CourtRuling" in row["kinds"] for row in rows)
    dri = next(row for row in rows if row["source"] == "source:cjeu-digital-rights-ireland")
    assert "ECLI:EU:C:2014:238" in dri["identifiers"]
    assert "Case C-293/12" in dri["identifiers"]
    assert dri["issued"] == "2014-04-08"
    assert any(url.startswith("https://eur-lex.europa.eu/") for url in dri["urls"])


def test_group_membership_ignores_a_membership_a_review_found_inaccurate(engine):
    greens = {row["actor"] for row in q.list_actors(engine, group="actor:greens-efa").rows}
    assert {"actor:patrick-breyer", "actor:rosa-damato"} <= greens
    non_attached = {row["actor"] for row in q.list_actors(engine, group="actor:non-attached").rows}
    assert "actor:rosa-damato" not in non_attached  # Seed A's "NI" label, reviewed inaccurate
    memberships = q.run_named(engine, "memberships", {"actor": "actor:rosa-damato"}).rows
    assert any("inaccurate" in row["verdicts"] for row in memberships)


def test_search_since_until_and_topic_filters(engine):
    found = {row["claim"] for row in q.list_claims(engine, search="FIG LEAF").rows}
    assert C22 in found
    in_2023 = q.list_claims(engine, since="2023", until="2023-12-31").rows
    assert in_2023
    assertions = q.run_named(engine, "assertions", {"since": "2023", "until": "2023"}).rows
    in_2023_claims = {row["claim"] for row in assertions}
    assert {row["claim"] for row in in_2023} == in_2023_claims
    safeguards = {row["claim"] for row in q.list_claims(engine, topic="topic:safeguards").rows}
    assert {C21, C22} <= safeguards


def test_reviewed_claims_include_the_overstated_ecj_claim(engine):
    reviewed = {row["claim"] for row in q.list_claims(engine, reviewed=True).rows}
    assert "claim:ecj-consistently-annulled" in reviewed
    verdicts = q.run_named(engine, "reviews", {"verdict": "overstated"}).rows
    assert any(row["claim"] == "claim:ecj-consistently-annulled" for row in verdicts)
    assert all(row["verdict"] == "overstated" for row in verdicts)


def test_rebuttal_tree_goes_deeper_and_marks_cycles(engine):
    one = q.rebuttal_tree(engine, "claim:suedkreuz-frt-works", depth=1).rows
    deep = q.rebuttal_tree(engine, "claim:suedkreuz-frt-works", depth=4).rows
    assert one and all(row["depth"] == 1 for row in one)
    assert len(deep) >= len(one)
    for row in deep:  # every row hangs under the row before it, or a shallower one
        assert row["tree"].startswith("  " * (row["depth"] - 1) + "└ ")


def test_show_works_for_actors_and_sources_too(shipped_graph):
    actor = _json("show", "actor:patrick-breyer")
    assert actor["kind"] == "actor"
    assert any(row["organization"] == "actor:greens-efa" for row in actor["memberships"])
    assert any(row["claim"] == "claim:one-search-scans-everyone" for row in actor["assertions"])
    source = q.describe(q.engine_for(shipped_graph), "source:nistir-8280")
    assert source["kind"] == "source"
    assert any(row["property"] == "am:doi" and row["value"] == "10.6028/NIST.IR.8280"
               for row in source["properties"])
    assert any(row["claim"] == "claim:nist-demographic-differentials"
               for row in source["cited_by"])


def test_show_table_wraps_long_text_instead_of_cutting_it():
    result = run_argmap("show", C21, env={"COLUMNS": "70"})
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    for word in ("Prior", "authorisation", "independent", "acceptable."):
        assert word in text
    assert "status:" in result.stdout   # graph.semantics' verdict on the claim
    assert "Supports and attacks" in result.stdout


# --- IDs, output, order ------------------------------------------------------------------------

def test_unknown_id_suggests_the_closest_ones():
    result = run_argmap("show", "safeguards-fig-leef")
    assert_clean_error(result, "did you mean", "safeguards-fig-leaf")
    result = run_argmap("claims", "--actor", "edbp")
    assert_clean_error(result, "did you mean", "actor:edpb")


@pytest.mark.parametrize("spelling", [
    "edpb", "actor:edpb", "https://w3id.org/argmap/bms/actor/edpb",
    "<https://w3id.org/argmap/bms/actor/edpb>"])
def test_ids_as_slug_prefixed_name_or_iri(spelling, engine):
    rows = q.run_named(engine, "assertions", {"actor": q.expand_id(spelling, "actor")}).rows
    assert rows and all(row["actor"] == "actor:edpb" for row in rows)


def test_every_output_format_holds_the_same_rows():
    as_json = _json("claims", "--topic", "safeguards")
    nl = run_argmap("claims", "--topic", "safeguards", "--nl").stdout.splitlines()
    assert [json.loads(line) for line in nl] == as_json
    for flag, delimiter in (("--csv", ","), ("--tsv", "\t")):
        text = run_argmap("claims", "--topic", "safeguards", flag).stdout
        table = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
        assert [row["claim"] for row in table] == [row["claim"] for row in as_json]
        assert table[0]["topics"] == "; ".join(as_json[0]["topics"])
    readable = run_argmap("claims", "--topic", "safeguards").stdout
    assert "claim" in readable.splitlines()[1] and "label" in readable


def test_results_come_in_a_stable_order(engine):
    first = q.list_claims(engine).rows
    assert [row["claim"] for row in first] == sorted(row["claim"] for row in first)
    assert q.list_claims(q.engine_for(engine.store)).rows == first
    timeline_rows = q.timeline(engine).rows
    assert [row["date"] for row in timeline_rows] == sorted(row["date"] for row in timeline_rows)


#: Queries rdflib's own engine answers in well under a second on the debate (others take
#: 2–15 s there; benchmarks/query.py times them all on both engines).
RDFLIB_CASES = ["rebuttals", "assertions", "reviews", "votes", "node", "referrers", "topics"]


def test_rdflib_engine_agrees_with_the_embedded_oxigraph_engine(shipped_graph, engine):
    for name, params in NAMED_QUERY_CASES:
        if name not in RDFLIB_CASES:
            continue
        on_oxigraph = q.run_named(engine, name, params).rows
        on_rdflib = q.run_named(shipped_graph, name, params, engine="rdflib", timeout=60).rows
        assert on_rdflib == on_oxigraph, name


#: Every named query with a realistic set of parameters (shared with the store tests).
NAMED_QUERY_CASES = [
    ("claims", {}), ("claims", {"actor": "actor:edpb"}), ("claims", {"group": "actor:epp",
                                                                    "attacked": "true"}),
    ("claims", {"search": "safeguard", "since": "2021", "until": "2023-06"}),
    ("claims", {"reviewed": True, "unsourced": False}), ("claims", {"topic": "topic:case-law"}),
    ("rebuttals", {"claim": C21}), ("rebuttals", {}), ("rebutted", {"group": "actor:epp"}),
    ("assertions", {"actor": "actor:edpb"}), ("assertions", {"claim": C22}),
    ("assertions", {"source": "source:mep-open-letter-2021-10-04", "since": "2021-10"}),
    ("timeline", {}), ("timeline", {"actor": "actor:european-parliament"}),
    ("actors", {}), ("actors", {"group": "actor:greens-efa", "kind": "person"}),
    ("sources", {}), ("sources", {"kind": "legal-act"}),
    ("one-sided", {}), ("one-sided", {"proposal": "claim:moratorium-biometric-recognition"}),
    ("self-sourced", {}), ("reviews", {}), ("reviews", {"target": "claim:edpb-edps-general-ban"}),
    ("votes", {}), ("votes", {"body": "actor:european-parliament"}),
    ("positions", {}), ("positions", {"stance": "against"}),
    ("memberships", {"group": "actor:greens-efa"}), ("relations", {"claim": "claim:false-alarm-rate"}),
    ("claim-sources", {"claim": C22}), ("citing", {"source": "source:nistir-8280"}),
    ("node", {"node": "actor:edpb"}), ("referrers", {"node": "topic:safeguards"}),
    ("topics", {}),
]


def test_the_cases_cover_every_named_query():
    assert {name for name, _ in NAMED_QUERY_CASES} == set(q.named_queries())


# --- named query files -------------------------------------------------------------------------

def test_every_named_query_declares_a_summary_and_its_parameters_are_variables():
    for named in q.named_queries().values():
        assert named.summary and named.example.startswith("argmap ")
        for param in named.params:
            assert f"?{param.name}" in named.text
        q.check_query(named.text, named.name)  # our own files pass the read-only check


def test_queries_command_lists_and_explains():
    listing = _json("queries")
    assert {row["name"] for row in listing} == set(q.named_queries())
    detail = _json("queries", "claims")
    assert {p["parameter"] for p in detail["parameters"]} >= {"actor", "group", "since"}
    assert "SELECT" in detail["sparql"]
    assert_clean_error(run_argmap("queries", "claimz"), "did you mean", "claims")


def test_query_runs_names_files_and_stdin(tmp_path):
    by_name = _json("query", "rebuttals", "--param", "claim=judicial-authorisation-safeguards")
    assert any(row["attacker"] == C22 for row in by_name)
    path = tmp_path / "mine.rq"
    path.write_text("#+ summary: claims of an actor\n"
                    "#+ params:\n#+   who: {type: iri, kind: actor}\n"
                    "SELECT ?c WHERE { ?a am:actor ?who ; am:claim ?c } ORDER BY ?c\n")
    from_file = _json("query", f"@{path}", "-p", "who=edpb")
    assert {"c": "claim:edpb-edps-general-ban"} in from_file
    result = run_argmap("query", "-", "--json", input="ASK { claim:safeguards-fig-leaf a am:Claim }")
    assert json.loads(result.stdout) == [{"answer": True}]
    constructed = _json("query", "CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a am:Proposal ; "
                                 "rdfs:label ?l }")
    assert {row["subject"] for row in constructed} == {
        "claim:ban-biometric-mass-surveillance", "claim:moratorium-biometric-recognition"}


def test_bad_header_is_reported_with_file_and_line(tmp_path):
    path = tmp_path / "bad.rq"
    path.write_text("#+ summary: x\n#+ params: {who: {type: colour}}\nSELECT ?who WHERE {}\n")
    assert_clean_error(run_argmap("query", f"@{path}"), "bad.rq", "type")


def test_a_rename_key_yaml_reads_as_a_boolean_is_an_error_not_a_silent_miss(tmp_path):
    path = tmp_path / "renamed.rq"
    path.write_text("#+ summary: x\n#+ rename: {on: proposal}\n"
                    "SELECT ?on WHERE { ?p am:proposal ?on }\n")
    assert_clean_error(run_argmap("query", f"@{path}"), "renamed.rq", "quote")
    path.write_text("#+ summary: x\n#+ rename: {\"on\": proposal}\n"
                    "SELECT ?on WHERE { ?p am:proposal ?on }\n")
    rows = _json("query", f"@{path}")
    assert rows and set(rows[0]) == {"proposal"}
    # The shipped query that had the bare key names its column as its header says.
    assert "proposal" in _json("query", "positions")[0]


def test_module_doctests_pass():
    import doctest

    assert doctest.testmod(q).failed == 0
