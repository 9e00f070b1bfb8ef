"""status, explain and analyse on the shipped debate: the verdicts docs/semantics.md walks through."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cli import main
from conftest import SHIPPED_DATA, assert_clean_error, run_argmap
from graph import network, semantics
from graph.store import load_graph
from graph.vocab import BMS

# The claim inventory C01-C33 (facts.md §15) by agreed IRI, and the two proposals.
INVENTORY = [
    "epp-amendments-remove-ban-call", "reject-epp-amendments", "edpb-edps-general-ban",
    "tools-track-people-everywhere", "ohchr-moratorium", "gender-shades-accuracy-gap",
    "nist-demographic-differentials", "deployed-frt-mostly-false-alerts", "false-alarm-rate",
    "base-rate-false-alerts", "ecj-consistently-annulled", "us-cities-ban-police-frt",
    "only-china-mass-surveillance", "no-terror-attack-prevented", "suedkreuz-frt-works",
    "frt-needed-missing-children-terrorists", "suedkreuz-results-embellished",
    "one-search-scans-everyone", "regulate-not-ban", "police-need-full-ai-potential",
    "judicial-authorisation-safeguards", "safeguards-fig-leaf", "glukhin-lfr-violates-echr",
    "bridges-lfr-unlawful", "ban-private-actors-borders", "citizens-back-ban",
    "ep-2023-bans-realtime-rbi", "ai-act-narrow-exceptions", "ai-act-shell", "ep-approach-flawed",
    "olympics-vsa-acceptable", "olympics-vsa-violates-rights", "assess-before-deploy-moratorium",
]
BAN = "claim:ban-biometric-mass-surveillance"
MORATORIUM = "claim:moratorium-biometric-recognition"


def argmap(*args: str) -> str:
    result = CliRunner().invoke(main, ["--data", str(SHIPPED_DATA), *args],
                                env={"COLUMNS": "400"}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def grounded() -> dict:
    return json.loads(argmap("status", "--json"))


@pytest.fixture(scope="module")
def debate_graph():
    return load_graph(SHIPPED_DATA)


def test_status_labels_every_claim_of_the_inventory(grounded):
    assert grounded["semantics"] == "grounded"
    for slug in INVENTORY + ["ban-biometric-mass-surveillance", "moratorium-biometric-recognition",
                             "epp-amendments-allow-exceptions"]:
        assert grounded["labels"][f"claim:{slug}"] in ("in", "out", "undec"), slug
    assert list(grounded["labels"]) == sorted(grounded["labels"], key=semantics.sort_key)
    assert grounded["extensions"] == [grounded["skeptical"]] == [grounded["credulous"]]


def test_the_verdicts_the_docs_walk_through(grounded):
    labels = grounded["labels"]
    # Südkreuz: the pilot's claim falls to the statisticians' and the CCC's rebuttals.
    assert labels["claim:suedkreuz-frt-works"] == "out"
    assert labels["claim:suedkreuz-results-embellished"] == "in"
    assert labels["claim:base-rate-false-alerts"] == "in"
    # The EPP's need argument falls to Breyer's answers, and with it the EPP amendments.
    assert labels["claim:frt-needed-missing-children-terrorists"] == "out"
    assert labels["claim:one-search-scans-everyone"] == "in"
    assert labels["claim:epp-amendments-allow-exceptions"] == "out"
    assert labels["claim:judicial-authorisation-safeguards"] == "out"
    # The ban is out: two rebuttals in the map have no answer.
    assert labels[BAN] == "out"
    assert labels["claim:regulate-not-ban"] == "in"
    assert labels["claim:police-need-full-ai-potential"] == "in"
    # The intermediate position is unattacked, so it stands.
    assert labels[MORATORIUM] == "in"
    # Undercut: Gender Shades still stands as a finding, but not as support for the bias claim.
    assert labels["claim:gender-shades-accuracy-gap"] == "in"
    assert labels["support:gender-shades-supports-bias"] == "out"


def test_explain_the_suedkreuz_claim_with_its_sources():
    text = argmap("explain", "claim:suedkreuz-frt-works")
    first = text.splitlines()[0]
    assert first.startswith("claim:suedkreuz-frt-works is OUT: it is attacked by ")
    assert "which is IN because nothing attacks it" in first
    assert "claim:suedkreuz-results-embellished (Chaos Computer Club, heise online, Oct 2018)" in text


def test_explain_the_ban_names_its_unanswered_rebuttals():
    text = argmap("explain", "ban-biometric-mass-surveillance")
    assert text.startswith(f"{BAN} is OUT: it is attacked by claim:police-need-full-ai-potential "
                           "(Tom Vandenkendelaere, European Parliament, 4 Oct 2021), which is IN "
                           "because nothing attacks it")
    assert "claim:regulate-not-ban" in text and "which is IN too." in text


def test_explain_an_in_claim_that_is_defended():
    text = argmap("explain", "ban-private-actors-borders")
    lines = text.splitlines()
    assert lines[0] == "claim:ban-private-actors-borders is IN: every attacker is OUT:"
    assert any(line.startswith("  - claim:ai-act-narrow-exceptions is OUT: it is attacked by "
                               "claim:ai-act-shell (European Digital Rights (EDRi)")
               for line in lines)
    assert any(line.startswith("  - claim:olympics-vsa-acceptable is OUT") for line in lines)


def test_explain_json_and_unknown_ids():
    data = json.loads(argmap("explain", "moratorium-biometric-recognition", "--json"))
    assert data["id"] == MORATORIUM and data["label"] == "in"
    assert data["explanation"][0].startswith(f"{MORATORIUM} is IN: nothing attacks it")
    result = run_argmap("explain", "claim:no-such-claim")
    assert_clean_error(result, "no-such-claim")


def test_mutual_rebuttals_open_the_ban_to_choice():
    grounded = json.loads(argmap("status", "--mutual-rebuttals", "--json"))
    assert grounded["labels"][BAN] == "undec"
    preferred = json.loads(argmap("status", "--mutual-rebuttals", "-s", "preferred", "--json"))
    assert len(preferred["extensions"]) > 1
    assert BAN in preferred["credulous"] and BAN not in preferred["skeptical"]
    assert MORATORIUM in preferred["skeptical"]
    assert preferred["labels"][MORATORIUM] == "in"
    # every semantics gives the same answer through the library
    statuses = semantics.claim_status(load_graph(SHIPPED_DATA), "preferred", mutual_rebuttals=True)
    assert statuses[str(BMS["claim/ban-biometric-mass-surveillance"])] == "undec"


def test_semantics_agree_where_the_debate_has_no_cycle(grounded):
    for name in ("complete", "preferred", "stable"):
        other = json.loads(argmap("status", "-s", name, "--json"))
        assert other["labels"] == grounded["labels"], name
        assert other["extensions"] == grounded["extensions"], name


def test_claim_status_for_other_modules(debate_graph):
    status = semantics.claim_status(debate_graph)
    assert status[str(BMS["claim/suedkreuz-frt-works"])] == "out"
    assert all(key.startswith(str(BMS["claim/"])) for key in status)
    assert set(semantics.argument_status(debate_graph).values()) <= {"in", "out", "undec"}


def test_analyse_json_is_stable_and_finds_the_ban_most_contested():
    first = argmap("analyse", "--json")
    assert first == argmap("analyse", "--json")
    report = json.loads(first)
    assert report["contested"][0]["id"] == BAN
    assert report["contested"][0]["attacks_received"] == 6
    coalitions = report["coalitions"]
    assert [c["size"] for c in coalitions] == sorted((c["size"] for c in coalitions), reverse=True)
    epp = next(c for c in coalitions if "actor:epp" in c["actors"])
    assert "actor:manfred-weber" in epp["actors"] and "actor:greens-efa" not in epp["actors"]
    # the ban's support runs through the overstated "consistently annulled" claim (§14.2)
    through = {(r["id"], r["through"]) for r in report["doubtful_support"]}
    assert (BAN, "claim:ecj-consistently-annulled") in through
    assert (BAN, "claim:false-alarm-rate") in through


def test_analyse_table_has_the_four_sections():
    text = argmap("analyse", "--top", "3")
    for title in ("Most contested claims", "Coalitions", "Claims backed by one coalition only",
                  "Claims whose support runs through a doubtful statement"):
        assert title in text


def test_the_installed_command_prints_status_as_a_table():
    result = run_argmap("status")
    assert result.returncode == 0, result.stderr
    assert "claim:suedkreuz-frt-works" in result.stdout and "OUT" in result.stdout
    assert "grounded: 1 extension;" in result.stdout


def test_the_construction_examples_in_the_docs(debate_graph):
    af = network.abstract_framework(debate_graph)

    def roles(attacker: str, target: str) -> list:
        prefix, slug = attacker.split(":")
        other_prefix, other_slug = target.split(":")
        return af.edges[str(BMS[f"{prefix}/{slug}"]), str(BMS[f"{other_prefix}/{other_slug}"])]["roles"]

    assert roles("claim:suedkreuz-results-embellished", "claim:suedkreuz-frt-works") == ["direct"]
    assert roles("claim:nist-some-algorithms-no-differential",
                 "support:gender-shades-supports-bias") == ["conclusion"]
    assert roles("claim:ldh-upheld-pnr-directive", "support:case-law-supports-ban") == ["premise"]
    assert roles("claim:gender-shades-measured-classification",
                 "support:gender-shades-supports-bias") == ["direct"]
    assert roles("support:full-potential-supports-epp-amendments", BAN) == ["supported"]


def test_the_exported_framework_gives_the_same_verdicts(debate_graph):
    """What `argmap export --format apx` writes, read back as a competition file, is labelled
    exactly as the RDF debate (so any ICCMA solver can check argmap)."""
    from graph.frameworks import parse_apx, parse_iccma, write_apx, write_iccma

    af = network.abstract_framework(debate_graph)
    name = lambda iri: network.short_name(iri, debate_graph)  # noqa: E731
    expected = semantics.evaluate(af, "grounded", name=name).labels
    assert semantics.evaluate(parse_apx(write_apx(af, name=name)), "grounded").labels == expected
    numbered = semantics.evaluate(parse_iccma(write_iccma(af, name=name)), "grounded").labels
    order = sorted(expected, key=semantics.sort_key)
    assert [numbered[str(i)] for i in range(1, len(order) + 1)] == [expected[a] for a in order]


@pytest.mark.server
def test_status_on_a_sparql_endpoint_equals_the_file():
    from _oxigraph import oxigraph_server

    with oxigraph_server() as server:
        server.load_turtle(SHIPPED_DATA)
        result = run_argmap("--store", server.query_url, "status", "--json")
        assert result.returncode == 0, result.stderr
        remote = json.loads(result.stdout)
        explained = run_argmap("--store", server.query_url, "explain", "suedkreuz-frt-works")
    assert remote == json.loads(argmap("status", "--json"))
    assert "(Chaos Computer Club, heise online, Oct 2018)" in explained.stdout
