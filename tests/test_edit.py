"""Adding and removing claims, sources, actors, relations and reviews from the command line.

What a user notices: each command changes exactly what it says (checked triple by triple
against its ``--json`` report and the file before/after), the file stays valid and its git diff
is small, and an invalid edit writes nothing, exits 2 and says why in one line.
"""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, RDF, RDFS, XSD

from _edit_support import added_lines, invoke, removed_lines, write_small_map
from conftest import assert_clean_error, run_argmap
from graph import edit as edit_lib
from graph.store import load_graph
from graph.vocab import AM, BMS, SDO

CLAIM = BMS["claim/"]


@pytest.fixture()
def small_map(tmp_path: Path) -> Path:
    return write_small_map(tmp_path / "map.ttl")


def n3_triples(path: Path) -> set[tuple[str, str, str]]:
    return {tuple(term.n3() for term in triple) for triple in load_graph(path)}


def edit(path: Path, *args: str):
    """Run one edit command with --json; return (report, triples before, triples after)."""
    before = n3_triples(path)
    result = invoke("--data", path, *args, "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    return report, before, n3_triples(path)


def assert_changes_exactly(report: dict, before: set, after: set) -> None:
    added = {tuple(t) for t in report["added"]}
    removed = {tuple(t) for t in report["removed"]}
    assert after == (before - removed) | added
    assert added.isdisjoint(before) and removed <= before


def test_module_doctests_pass():
    from graph import diff as diff_lib

    for module in (edit_lib, diff_lib):
        failures, _ = doctest.testmod(module)
        assert failures == 0, module.__name__


# --- add claim ---------------------------------------------------------------------------------

def test_add_claim_records_claim_and_assertion_and_prints_its_id(small_map):
    before = small_map.read_bytes()
    result = run_argmap("--data", small_map, "add", "claim",
                        "Live facial recognition needs detailed rules and strong safeguards.",
                        "--by", "test-editor", "--source", "test-notes", "--date", "2026-02-03",
                        "--locator", "§ 82", "--topic", "real-time-rbi")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "claim:live-facial-recognition-needs-detailed\n"
    graph = load_graph(small_map)
    claim = CLAIM + "live-facial-recognition-needs-detailed"
    assertion = BMS["assertion/live-facial-recognition-needs-detailed-test-editor-test-notes"]
    assert (claim, RDF.type, AM.Claim) in graph
    assert graph.value(claim, AM.text) == Literal(
        "Live facial recognition needs detailed rules and strong safeguards.", lang="en")
    assert graph.value(claim, DCTERMS.subject) == BMS["topic/real-time-rbi"]
    assert graph.value(assertion, AM.actor) == BMS["actor/test-editor"]
    assert graph.value(assertion, AM.source) == BMS["source/test-notes"]
    assert graph.value(assertion, AM.date) == Literal("2026-02-03", datatype=XSD.date)
    assert str(graph.value(assertion, AM.locator)) == "§ 82"
    # Small git diff: the new blocks are added, no existing line changes.
    assert removed_lines(before, small_map.read_bytes()) == []


def test_add_claim_json_lists_exactly_the_triples_added(small_map):
    report, before, after = edit(small_map, "add", "claim",
                                 "A moratorium is not enough.", "--by", "test-editor",
                                 "--source", "test-notes", "--attacks", "ohchr-moratorium",
                                 "--quote", "Ein Moratorium reicht nicht.", "--quote-lang", "de")
    assert_changes_exactly(report, before, after)
    assert report["id"] == "claim:moratorium-not-enough"
    assert report["removed"] == []
    graph = load_graph(small_map)
    attack = BMS["attack/moratorium-not-enough-rebuts-ohchr-moratorium"]
    assert graph.value(attack, AM.attacker) == CLAIM + "moratorium-not-enough"
    assert graph.value(attack, AM.target) == CLAIM + "ohchr-moratorium"
    assert graph.value(attack, AM.attackKind) == AM.rebut
    assert graph.value(attack, AM.statedBy) == BMS["actor/test-editor"]
    assert graph.value(attack, AM.statedIn) == BMS["source/test-notes"]
    quote = graph.value(BMS["assertion/moratorium-not-enough-test-editor-test-notes"], AM.quote)
    assert quote == Literal("Ein Moratorium reicht nicht.", lang="de")


def test_claim_date_defaults_to_the_source_date(small_map):
    edit(small_map, "add", "claim", "Accuracy and bias issues are unresolved.", "--by",
         "test-editor", "--source", "test-notes")
    graph = load_graph(small_map)
    claim = CLAIM + "accuracy-bias-issues-unresolved"
    assert graph.value(claim, AM.firstStated) == Literal("2026-01-01", datatype=XSD.date)


def test_undercut_targets_a_support(small_map):
    support = "support:edpb-edps-general-ban-supports-ban-biometric-mass-surveillance"
    report, before, after = edit(small_map, "add", "claim",
                                 "The end of anonymity does not follow for targeted searches.",
                                 "--by", "test-editor", "--source", "test-notes",
                                 "--undercuts", support)
    assert_changes_exactly(report, before, after)
    graph = load_graph(small_map)
    attacks = list(graph.subjects(AM.target, BMS["support/edpb-edps-general-ban-supports-"
                                                 "ban-biometric-mass-surveillance"]))
    assert len(attacks) == 1
    assert graph.value(attacks[0], AM.attackKind) == AM.undercut


def test_slugs_keep_negations_and_fold_accents():
    assert edit_lib.slugify("A moratorium is not enough.") == "moratorium-not-enough"
    assert edit_lib.slugify("There is no evidence") == "no-evidence"
    assert edit_lib.slugify("Die Ergebnisse wurden geschönt") == "die-ergebnisse-wurden-geschoent"


def test_slugs_are_readable_and_unique(small_map):
    ids = []
    for _ in range(3):
        result = invoke("--data", small_map, "add", "claim", "The Südkreuz results were "
                            "embellished.", "--by", "test-editor", "--source", "test-notes")
        assert result.returncode == 0, result.stderr
        ids.append(result.stdout.strip())
    assert ids == ["claim:suedkreuz-results-embellished", "claim:suedkreuz-results-embellished-2",
                   "claim:suedkreuz-results-embellished-3"]


def test_explicit_id_and_label_and_text_from_stdin(small_map):
    result = run_argmap("--data", small_map, "add", "claim", "-", "--by", "test-editor",
                        "--source", "test-notes", "--id", "essence-of-rights",
                        "--label", "Live FRT may call into question the essence of rights",
                        input="A test claim: live facial recognition may interfere with "
                              "rights\nso much that it calls their essence into question.\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "claim:essence-of-rights"
    graph = load_graph(small_map)
    claim = CLAIM + "essence-of-rights"
    assert str(graph.value(claim, RDFS.label)).startswith("Live FRT may call")
    assert "\n" not in str(graph.value(claim, AM.text))  # whitespace normalised
    taken = invoke("--data", small_map, "add", "claim", "x", "--by", "edps", "--source",
                       "a-hrc-48-31", "--id", "essence-of-rights")
    assert_clean_error(taken, "claim:essence-of-rights already exists")


def test_long_text_gets_a_short_label(small_map):
    text = ("Deploying remote biometric identification in publicly accessible spaces means the "
            "end of anonymity in those places, says this long test claim of a fictional editor.")
    edit(small_map, "add", "claim", text, "--by", "test-editor", "--source", "test-notes")
    graph = load_graph(small_map)
    label = str(graph.value(CLAIM + "deploying-remote-biometric-identification-publicly",
                            RDFS.label))
    assert len(label) <= 80 and label.endswith("…")


# --- invalid edits write nothing -------------------------------------------------------------------

@pytest.mark.parametrize("args, fragments", [
    (("--by", "edbp", "--source", "a-hrc-48-31"), ("unknown actor 'edbp'", "actor:edpb")),
    (("--by", "edpb", "--source", "a-hrc-48-3"), ("unknown source 'a-hrc-48-3'",
                                                  "source:a-hrc-48-31")),
    (("--by", "edpb"), ("missing --source",)),
    (("--source", "a-hrc-48-31"), ("missing --by",)),
    (("--by", "edpb", "--source", "a-hrc-48-31", "--date", "2021-02-30"),
     ("bad date '2021-02-30'",)),
    (("--by", "edpb", "--source", "a-hrc-48-31", "--date", "5 Oct 2021"),
     ("bad date", "YYYY-MM-DD")),
    (("--by", "edpb", "--source", "a-hrc-48-31", "--attacks", "no-such-claim"),
     ("unknown claim to attack 'no-such-claim'",)),
    (("--by", "edpb", "--source", "a-hrc-48-31", "--supports", "actor:edpb"),
     ("actor:edpb is an actor, not a claim",)),
    (("--by", "edpb", "--source", "a-hrc-48-31", "--undercuts", "ohchr-moratorium"),
     ("claim:ohchr-moratorium is a claim, not a support",)),
    (("--by", "edpb", "--source", "a-hrc-48-31", "--topic", "no-such-topic"),
     ("unknown topic 'no-such-topic'",)),
    (("--by", "a-hrc-48-31", "--source", "a-hrc-48-31"), ("source:a-hrc-48-31 is a source",)),
    (("--by", "edpb", "--source", "a-hrc-48-31", "--id", "Bad ID!"), ("bad claim ID",)),
    (("--by", "edpb", "--source", "a-hrc-48-31", "--supports", "ohchr-moratorium",
      "--attacks", "ohchr-moratorium"), ("at most one of",)),
    (("--by", "<http://x> } ; DROP ALL ; {", "--source", "a-hrc-48-31"), ("unknown actor",)),
])
def test_invalid_claim_writes_nothing_and_says_why(small_map, args, fragments):
    before = small_map.read_bytes()
    result = invoke("--data", small_map, "add", "claim", "Some claim.", *args)
    assert_clean_error(result, *fragments)
    assert small_map.read_bytes() == before


@pytest.mark.parametrize("command, fragments", [
    (("add", "source", "--kind", "ruling", "--title", "T", "--publisher", "P", "--date",
      "2023-07-04"), ("needs --url or --identifier",)),
    (("add", "source", "--kind", "blog", "--title", "T", "--publisher", "P", "--date", "2023",
      "--url", "https://example.org/"), ("bad source kind 'blog'",)),
    (("add", "source", "--kind", "report", "--title", "T", "--publisher", "P", "--date",
      "2023-13", "--url", "https://example.org/"), ("bad date '2023-13'",)),
    (("add", "source", "--kind", "report", "--title", "T", "--publisher", "P", "--date",
      "2023", "--url", "javascript:alert(1)"), ("bad URL",)),
    (("add", "source", "--kind", "report", "--publisher", "P", "--date", "2023", "--url",
      "https://example.org/"), ("missing --title",)),
    (("add", "actor", "X Y", "--kind", "robot"), ("bad actor kind 'robot'",)),
    (("add", "actor", "X Y", "--kind", "person", "--member-of", "patrick-breyer", "--source",
      "a-hrc-48-31"), ("actor:patrick-breyer is a person",)),
    (("add", "actor", "X Y", "--kind", "person", "--member-of", "greens-efa"),
     ("needs --source",)),
    (("link", "ohchr-moratorium", "attacks", "nowhere", "--by", "edpb", "--source",
      "a-hrc-48-31"), ("unknown claim to attack 'nowhere'",)),
    (("link", "ohchr-moratorium", "refutes", "edpb-edps-general-ban", "--by", "edpb",
      "--source", "a-hrc-48-31"), ("bad relation 'refutes'",)),
    (("link", "ohchr-moratorium", "attacks", "ohchr-moratorium", "--by", "edpb", "--source",
      "a-hrc-48-31"), ("cannot attack itself",)),
    (("link", "edpb-edps-general-ban", "supports", "ban-biometric-mass-surveillance", "--by",
      "edpb", "--source", "edpb-edps-joint-opinion-5-2021"),
     ("supports claim:ban-biometric-mass-surveillance already",)),
    (("review", "ohchr-moratorium", "--verdict", "wrong", "--reason", "r", "--source",
      "a-hrc-48-31", "--by", "edpb"), ("bad verdict 'wrong'",)),
    (("review", "ohchr-moratorium", "--verdict", "accurate", "--reason", "r", "--by", "edpb"),
     ("missing --source",)),
    (("review", "actor:edpb", "--verdict", "accurate", "--reason", "r", "--source",
      "a-hrc-48-31", "--by", "edpb"), ("actor:edpb is an actor",)),
    (("remove", "no-such-node"), ("unknown node 'no-such-node'",)),
    (("remove", "ban-biometric-mass-surveillance"),
     ("is referred to by", "support:edpb-edps-general-ban-supports-ban-biometric-mass-surveillance",
      "--cascade")),
])
def test_other_invalid_edits_write_nothing(small_map, command, fragments):
    before = small_map.read_bytes()
    result = invoke("--data", small_map, *command)
    assert_clean_error(result, *fragments)
    assert small_map.read_bytes() == before


def test_invalid_edit_through_the_installed_command_is_one_clean_line(small_map):
    before = small_map.read_bytes()
    result = run_argmap("--data", small_map, "add", "claim", "Some claim.", "--by", "edbp",
                        "--source", "a-hrc-48-31", "--attacks", "ohchr-moratorium")
    assert_clean_error(result, "unknown actor 'edbp'; did you mean", "actor:edpb")
    assert small_map.read_bytes() == before


def test_a_broken_data_file_is_reported_and_left_alone(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix am: <https://w3id.org/argmap/ns#> .\n<a> am:text \"x\" \n")
    before = broken.read_bytes()
    result = run_argmap("--data", broken, "add", "claim", "x", "--by", "edpb", "--source", "s")
    assert_clean_error(result, "broken.ttl:")
    assert broken.read_bytes() == before


# --- the other commands ----------------------------------------------------------------------------

def test_add_source_with_identifiers_and_creator(small_map):
    report, before, after = edit(
        small_map, "add", "source", "--kind", "ruling", "--title", "Glukhin v. Russia",
        "--publisher", "European Court of Human Rights", "--date", "2023-07-04",
        "--identifier", "11519/20", "--identifier", "HUDOC 001-225655", "--creator", "ecthr")
    assert_changes_exactly(report, before, after)
    assert report["id"] == "source:glukhin-v-russia-2023-07-04"
    graph = load_graph(small_map)
    source = BMS["source/glukhin-v-russia-2023-07-04"]
    assert (source, RDF.type, AM.CourtRuling) in graph
    assert graph.value(source, DCTERMS.issued) == Literal("2023-07-04", datatype=XSD.date)
    assert str(graph.value(source, AM.caseNumber)) == "11519/20"
    assert str(graph.value(source, AM.documentNumber)) == "HUDOC 001-225655"
    assert graph.value(source, DCTERMS.creator) == BMS["actor/ecthr"]


def test_add_source_with_url_and_month_date(small_map):
    url = "https://bigbrotherwatch.org.uk/campaigns/stop-facial-recognition/report/"
    report, before, after = edit(
        small_map, "add", "source", "--kind", "report", "--title",
        "Face Off: The lawless growth of facial recognition in UK policing", "--lang", "en",
        "--publisher", "Big Brother Watch", "--date", "2018-05", "--url", url)
    assert_changes_exactly(report, before, after)
    assert report["id"] == "source:face-off-lawless-growth-2018-05"
    graph = load_graph(small_map)
    source = BMS["source/face-off-lawless-growth-2018-05"]
    assert graph.value(source, SDO.url) == Literal(url, datatype=XSD.anyURI)
    assert graph.value(source, DCTERMS.issued) == Literal("2018-05", datatype=XSD.gYearMonth)
    assert graph.value(source, DCTERMS.title).language == "en"


def test_add_actor_with_membership(small_map):
    # Seed B lists Kim van Sparrentak among the Greens/EFA co-hosts (fact sheet, B0.6).
    report, before, after = edit(small_map, "add", "actor", "Kim van Sparrentak", "--kind",
                                 "person", "--member-of", "greens-efa", "--source",
                                 "greens-efa-event-2022-11-08", "--country", "NL")
    assert_changes_exactly(report, before, after)
    assert report["id"] == "actor:kim-van-sparrentak"
    graph = load_graph(small_map)
    membership = BMS["membership/kim-van-sparrentak-greens-efa-2022"]
    assert graph.value(BMS["actor/kim-van-sparrentak"], FOAF.name) == Literal("Kim van Sparrentak")
    assert graph.value(membership, ORG.member) == BMS["actor/kim-van-sparrentak"]
    assert graph.value(membership, ORG.organization) == BMS["actor/greens-efa"]
    assert graph.value(membership, AM.asOf) == Literal("2022", datatype=XSD.gYear)


def test_person_ids_are_their_names_in_ascii(small_map):
    report, _, _ = edit(small_map, "add", "actor", "Dragoş Tudorache", "--kind", "person")
    assert report["id"] == "actor:dragos-tudorache"
    report, _, _ = edit(small_map, "add", "actor", "Zoë Tëst-Person", "--kind", "person",
                        "--member-of", "test-editor", "--since", "2026-01", "--source",
                        "test-notes")
    assert report["id"] == "actor:zoe-test-person"
    assert "<https://w3id.org/argmap/bms/membership/zoe-test-person-test-editor-2026-01>" in \
        {triple[0] for triple in report["added"]}


def test_link_and_review(small_map):
    report, before, after = edit(small_map, "link", "ohchr-moratorium", "attacks",
                                 "edpb-edps-general-ban", "--kind", "undermine", "--by",
                                 "test-editor", "--source", "test-notes")
    assert_changes_exactly(report, before, after)
    assert report["id"] == "attack:ohchr-moratorium-undermines-edpb-edps-general-ban"
    graph = load_graph(small_map)
    assert graph.value(BMS["attack/ohchr-moratorium-undermines-edpb-edps-general-ban"],
                       AM.attackKind) == AM.undermine

    report, before, after = edit(small_map, "review",
                                 "assertion:edpb-edps-general-ban-edpb-edpb-edps-joint-opinion-5-2021",
                                 "--verdict",
                                 "accurate", "--reason", "A test review.",
                                 "--source", "edpb-edps-joint-opinion-5-2021", "--by",
                                 "test-editor", "--date", "2026-02-03")
    assert_changes_exactly(report, before, after)
    review = URIRef(report["iri"])
    graph = load_graph(small_map)
    assert graph.value(review, AM.reviewOf) == BMS[
        "assertion/edpb-edps-general-ban-edpb-edpb-edps-joint-opinion-5-2021"]
    assert graph.value(review, AM.verdict) == AM.Accurate
    assert graph.value(review, AM.evidence) == BMS["source/edpb-edps-joint-opinion-5-2021"]


def test_remove_refuses_then_cascades_and_says_what_it_removed(small_map):
    run = invoke("--data", small_map, "link", "ohchr-moratorium", "attacks",
                 "edpb-edps-general-ban", "--by", "test-editor", "--source", "test-notes")
    assert run.returncode == 0, run.stderr
    before = small_map.read_bytes()
    refused = invoke("--data", small_map, "remove", "edpb-edps-general-ban")
    assert_clean_error(refused, "attack:ohchr-moratorium-rebuts-edpb-edps-general-ban",
                       "support:edpb-edps-general-ban-supports-ban-biometric-mass-surveillance")
    assert small_map.read_bytes() == before

    result = run_argmap("--data", small_map, "remove", "edpb-edps-general-ban", "--cascade")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "removed claim:edpb-edps-general-ban",
        "removed assertion:edpb-edps-general-ban-edpb-edpb-edps-joint-opinion-5-2021",
        "removed attack:ohchr-moratorium-rebuts-edpb-edps-general-ban",
        "removed support:edpb-edps-general-ban-supports-ban-biometric-mass-surveillance",
    ]
    graph = load_graph(small_map)
    gone = CLAIM + "edpb-edps-general-ban"
    assert (gone, None, None) not in graph and (None, None, gone) not in graph
    # The rest stands: the proposal, the attacker, the source, the topic.
    assert (CLAIM + "ohchr-moratorium", RDF.type, AM.Claim) in graph
    assert (BMS["topic/real-time-rbi"], None, None) in graph
    assert (CLAIM + "ban-biometric-mass-surveillance", RDF.type, AM.Proposal) in graph


def test_remove_a_fresh_claim_takes_its_assertion_and_restores_the_file(small_map):
    before = small_map.read_bytes()
    added = invoke("--data", small_map, "add", "claim", "A typo claim.", "--by", "test-editor",
                   "--source", "test-notes")
    report, _, _ = edit(small_map, "remove", added.stdout.strip())
    assert report["removed_nodes"] == ["claim:typo-claim",
                                       "assertion:typo-claim-test-editor-test-notes"]
    assert small_map.read_bytes() == before


def test_remove_source_cascade_drops_only_what_needs_it(small_map):
    result = invoke("--data", small_map, "remove", "source:a-hrc-48-31", "--cascade", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    # The only assertion of claim:ohchr-moratorium was in that source: the claim goes with it.
    assert report["removed_nodes"] == ["source:a-hrc-48-31",
                                       "assertion:ohchr-moratorium-ohchr-a-hrc-48-31",
                                       "claim:ohchr-moratorium"]


def test_remove_a_topic_with_cascade_keeps_the_claims(small_map):
    result = invoke("--data", small_map, "remove", "topic:real-time-rbi", "--cascade")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "removed topic:real-time-rbi",
        "dropped claim:edpb-edps-general-ban dcterms:subject topic:real-time-rbi"]
    graph = load_graph(small_map)
    assert (CLAIM + "edpb-edps-general-ban", RDF.type, AM.Claim) in graph
    assert graph.value(CLAIM + "edpb-edps-general-ban", DCTERMS.subject) is None


def test_edit_keeps_the_file_canonical(small_map):
    from graph.store import serialize_stable

    edit(small_map, "add", "claim", "One more claim.", "--by", "test-editor", "--source",
         "test-notes")
    assert serialize_stable(load_graph(small_map)) == small_map.read_bytes()


# --- the shipped debate ------------------------------------------------------------------------------

def test_rebuttal_on_the_shipped_debate_is_a_small_diff(data_copy):
    before = data_copy.read_bytes()
    result = run_argmap(
        "--data", data_copy, "add", "claim",
        "No deployment measured a 99% false-alarm rate; 99.3% is a projection.",
        "--by", "patrick-breyer", "--source", "face-off", "--attacks", "false-alarm-rate",
        "--id", "test-only-rebuttal")
    assert result.returncode == 0, result.stderr
    after = data_copy.read_bytes()
    assert removed_lines(before, after) == []
    new_lines = added_lines(before, after)
    assert any("claim:test-only-rebuttal" in line for line in new_lines)
    assert len(new_lines) < 30
    graph = load_graph(data_copy)
    attack = BMS["attack/test-only-rebuttal-rebuts-false-alarm-rate"]
    assert graph.value(attack, AM.target) == CLAIM + "false-alarm-rate"


def test_shipped_ids_resolve_with_suggestions(data_copy):
    result = invoke("--data", data_copy, "add", "claim", "x", "--by", "edbp", "--source",
                        "edpb-edps-joint-opinion-5-2021")
    assert_clean_error(result, "unknown actor 'edbp'", "actor:edpb")


def test_link_by_a_second_actor_joins_the_existing_relation(small_map):
    report, before, after = edit(small_map, "link", "edpb-edps-general-ban", "supports",
                                 "ban-biometric-mass-surveillance", "--by", "edps", "--source",
                                 "edpb-edps-joint-opinion-5-2021")
    assert_changes_exactly(report, before, after)
    assert report["id"] == "support:edpb-edps-general-ban-supports-ban-biometric-mass-surveillance"
    support = URIRef(report["iri"])
    graph = load_graph(small_map)
    assert set(graph.objects(support, AM.statedBy)) == {BMS["actor/edpb"], BMS["actor/edps"]}
    assert len(report["added"]) == 1  # only the new statedBy


def test_review_on_the_shipped_debate_defaults_to_the_editors_and_today(data_copy):
    import datetime

    report, before, after = edit(data_copy, "review", "false-alarm-rate", "--verdict",
                                 "overstated", "--reason", "No deployment in the sources "
                                 "measured 99%; 99.3% is a projection.", "--source", "face-off",
                                 "--source", "unstatistik-2018-11")
    assert_changes_exactly(report, before, after)
    graph = load_graph(data_copy)
    review = URIRef(report["iri"])
    assert graph.value(review, AM.reviewer) == BMS["actor/argmap-editors"]
    assert graph.value(review, AM.reviewOf) == CLAIM + "false-alarm-rate"
    assert graph.value(review, AM.date) == Literal(datetime.date.today().isoformat(),
                                                   datatype=XSD.date)
    assert set(graph.objects(review, AM.evidence)) == {BMS["source/face-off"],
                                                       BMS["source/unstatistik-2018-11"]}
