"""The shipped debate (data/claims.ttl) and the vocabulary (graph/ontology.ttl) hold what the fact
sheet says, in the shape other modules rely on.

What a reader of the map would notice is checked here: every claim of the inventory (C01–C33)
and every item of the two seed documents is present under its agreed IRI; the facts people
quote (vote counts, ECLIs, identifiers, verdicts) are right; every claim can be traced to a
dated, titled, published source; nothing unverified is presented as verified.  Validity
against the SHACL shapes and the byte-for-byte round trip are tested in test_validate.py and
test_store.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib import namespace as rdfns  # XSD itself at module level makes pytest warn
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, RDF, RDFS, SKOS

from graph.store import load_graph
from graph.vocab import AM, ATTACK_KINDS, BMS, CONFIDENCE, PREFIXES, SDO, STANCES, VERDICTS

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "graph" / "ontology.ttl"
DATA = ROOT / "data" / "claims.ttl"

CLAIM, SOURCE, ACTOR, EVENT, REVIEW, MEMBERSHIP, SUPPORT, ATTACK, TOPIC = (
    PREFIXES[k] for k in ("claim", "source", "actor", "event", "review", "membership", "support",
                          "attack", "topic"))

#: The claim inventory of the fact sheet (§15): ID -> agreed slug.
INVENTORY = {
    "C01": "epp-amendments-remove-ban-call", "C02": "reject-epp-amendments",
    "C03": "edpb-edps-general-ban", "C04": "tools-track-people-everywhere",
    "C05": "ohchr-moratorium", "C06": "gender-shades-accuracy-gap",
    "C07": "nist-demographic-differentials", "C08": "deployed-frt-mostly-false-alerts",
    "C09": "false-alarm-rate", "C10": "base-rate-false-alerts",
    "C11": "ecj-consistently-annulled", "C12": "us-cities-ban-police-frt",
    "C13": "only-china-mass-surveillance", "C14": "no-terror-attack-prevented",
    "C15": "suedkreuz-frt-works", "C16": "frt-needed-missing-children-terrorists",
    "C17": "suedkreuz-results-embellished", "C18": "one-search-scans-everyone",
    "C19": "regulate-not-ban", "C20": "police-need-full-ai-potential",
    "C21": "judicial-authorisation-safeguards", "C22": "safeguards-fig-leaf",
    "C23": "glukhin-lfr-violates-echr", "C24": "bridges-lfr-unlawful",
    "C25": "ban-private-actors-borders", "C26": "citizens-back-ban",
    "C27": "ep-2023-bans-realtime-rbi", "C28": "ai-act-narrow-exceptions",
    "C29": "ai-act-shell", "C30": "ep-approach-flawed", "C31": "olympics-vsa-acceptable",
    "C32": "olympics-vsa-violates-rights", "C33": "assess-before-deploy-moratorium",
}
BAN = CLAIM["ban-biometric-mass-surveillance"]
MORATORIUM = CLAIM["moratorium-biometric-recognition"]
EPP_AMENDMENTS = CLAIM["epp-amendments-allow-exceptions"]

#: The seed inventory (§0): item -> the node(s) that carry it.
SEED_ITEMS = {
    "A0.1": [SOURCE["a9-0232-2021"]],
    "A0.2": [EVENT["ep-vote-epp-amendments-2021-10-05"], EVENT["ep-vote-resolution-2021-10-05"]],
    "A0.3": [CLAIM["epp-amendments-remove-ban-call"]],
    "A0.4": [CLAIM["epp-amendments-allow-mass-surveillance"]],
    "A0.5": [CLAIM["amendments-terrible-precedent"]],
    "A0.6": [CLAIM["edpb-edps-general-ban"], CLAIM["recognition-harms-fundamental-freedoms"]],
    "A0.7": [CLAIM["global-call-more-than-200"], CLAIM["tools-track-people-everywhere"]],
    "A0.8": [CLAIM["civil-society-call-reject-amendments"]],
    "A0.9": [CLAIM["ohchr-moratorium"]],
    "A0.10": [CLAIM["frt-less-accurate-for-some-groups"]],
    "A0.11": [CLAIM["us-cities-ban-police-frt"]],
    "A0.12": [CLAIM["only-china-mass-surveillance"]],
    "A0.13": [CLAIM["no-terror-attack-prevented"]],
    "A0.14": [CLAIM["false-alarm-rate"]],
    "A0.15": [CLAIM["base-rate-false-alerts"]],
    "A0.16": [CLAIM["safeguards-fig-leaf"]],
    "A0.17": [CLAIM["ecj-consistently-annulled"]],
    "A0.18": [CLAIM["feeling-watched-chills-rights"]],
    "A0.19": [ACTOR["open-letter-signatories-2021-10-04"], ACTOR["epp"], ACTOR["libe"]],
    "B0.1": [CLAIM["biometric-surveillance-undermines-rights"]],
    "B0.2": [CLAIM["ep-historic-vote-called-for-ban"]],
    "B0.3": [CLAIM["ban-private-actors-borders"]],
    "B0.4": [EVENT["stopping-biometric-mass-surveillance-2022-11-08"]],
    "B0.5": [ACTOR[s] for s in ("la-quadrature-du-net", "chaos-computer-club", "bits-of-freedom",
                                "digitalcourage", "share-foundation", "homo-digitalis",
                                "iuridicum-remedium", "ligue-des-droits-humains", "liberties",
                                "access-now")],
    "B0.6": [ACTOR[s] for s in ("patrick-breyer", "sergey-lagodinsky", "kim-van-sparrentak",
                                "birgit-sippel", "brando-benifei", "petar-vitanov",
                                "cornelia-ernst", "katerina-konecna", "karen-melchior",
                                "svenja-hahn")],
    "B0.7": [EVENT["reclaim-your-face-brussels-2022-11"]],
}

SIGNATORIES = [
    "patrick-breyer", "petar-vitanov", "cornelia-ernst", "marcel-kolaja", "brando-benifei",
    "kim-van-sparrentak", "rasmus-andresen", "benoit-biteau", "saskia-bricmont",
    "gwendoline-delbos-corfield", "eleonora-evi", "rosa-damato", "claudia-gamon",
    "evelyne-gebhardt", "francisco-guerreiro", "marketa-gregorova", "mislav-kolakusic",
    "philippe-lamberts", "sergey-lagodinsky", "karen-melchior", "mikulas-peksa",
    "ivan-vilibor-sincic", "tineke-strik", "paul-tang", "tiemo-wolken",
]

DATE_TYPES = {rdfns.XSD.date, rdfns.XSD.gYearMonth, rdfns.XSD.gYear}


@pytest.fixture(scope="module")
def g() -> Graph:
    return load_graph(DATA)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return load_graph(ONTOLOGY)


def one(graph: Graph, subject, predicate):
    values = list(graph.objects(subject, predicate))
    assert len(values) == 1, (subject, predicate, values)
    return values[0]


def attacks(graph: Graph, attacker: URIRef, target: URIRef) -> list[URIRef]:
    return [a for a in graph.subjects(AM.attacker, attacker) if (a, AM.target, target) in graph]


def supports(graph: Graph, premise: URIRef, conclusion: URIRef) -> list[URIRef]:
    return [s for s in graph.subjects(AM.premise, premise) if (s, AM.conclusion, conclusion) in graph]


def vote(graph: Graph, slug: str) -> tuple:
    node = EVENT[slug]
    counts = tuple(graph.value(node, p) for p in (AM.votesFor, AM.votesAgainst, AM.votesAbstain))
    return (graph.value(node, DCTERMS.date), tuple(c.toPython() if c is not None else None
                                                   for c in counts), graph.value(node, AM.outcome))


# --- the file ---------------------------------------------------------------------------------

def test_no_blank_nodes_anywhere(g, onto):
    for graph in (g, onto):
        assert not [t for triple in graph for t in triple if isinstance(t, BNode)]


def test_every_instance_iri_is_readable_and_described(g):
    """Readable slugs under the agreed prefixes, and no reference to an undescribed node."""
    slug = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
    subjects = set(g.subjects())
    for term in {t for triple in g for t in triple if isinstance(t, URIRef)}:
        if not str(term).startswith(str(BMS)):
            continue
        kind, _, name = str(term)[len(str(BMS)):].partition("/")
        assert kind in {"claim", "support", "attack", "assertion", "source", "actor",
                        "membership", "event", "position", "review", "topic"}, term
        assert slug.match(name), term
        assert term in subjects, f"referenced but not described: {term}"


# --- claims -----------------------------------------------------------------------------------

@pytest.mark.parametrize("item,slug", sorted(INVENTORY.items()))
def test_inventory_claim_is_there_with_label_text_and_topic(g, item, slug):
    node = CLAIM[slug]
    assert (node, RDF.type, AM.Claim) in g, item
    label = one(g, node, RDFS.label)
    assert label.language == "en" and 0 < len(label) <= 80, (item, label)
    assert any(t.language == "en" for t in g.objects(node, AM.text)), item
    topics = list(g.objects(node, DCTERMS.subject))
    assert topics and all((t, SKOS.inScheme, TOPIC["scheme"]) in g for t in topics), item


def test_the_proposals_and_the_epp_position(g):
    for proposal in (BAN, MORATORIUM):
        assert (proposal, RDF.type, AM.Proposal) in g
        assert len(list(g.subjects(AM.claim, proposal))) >= 2
    # the EPP amendments are known only through opponents: the seed's account is flagged
    epp_assertions = list(g.subjects(AM.claim, EPP_AMENDMENTS))
    assert {g.value(a, AM.actor) for a in epp_assertions} == {ACTOR["epp"]}
    seed_one = [a for a in epp_assertions
                if g.value(a, AM.source) == SOURCE["mep-open-letter-2021-10-04"]]
    assert seed_one and all(g.value(a, AM.confidence) == AM.SeedOnly for a in seed_one)
    assert all(g.value(a, AM.quote) is None for a in epp_assertions), "never invent amendment text"


def test_every_claim_is_traceable_to_a_dated_published_source(g):
    """Every claim: an assertion by an actor on a date, in a source with title, publisher, date."""
    claims = set(g.subjects(RDF.type, AM.Claim)) | set(g.subjects(RDF.type, AM.Proposal))
    assert len(claims) >= 35
    for claim in claims:
        assertions = list(g.subjects(AM.claim, claim))
        assert assertions, f"no assertion: {claim}"
        for assertion in assertions:
            assert (assertion, RDF.type, AM.Assertion) in g
            assert g.value(assertion, AM.actor) is not None, assertion
            assert one(g, assertion, AM.date).datatype in DATE_TYPES, assertion
            source = one(g, assertion, AM.source)
            assert g.value(source, DCTERMS.title), source
            assert g.value(source, DCTERMS.publisher), source
            assert one(g, source, DCTERMS.issued).datatype in DATE_TYPES, source
        assert one(g, claim, AM.firstStated) == min(
            (g.value(a, AM.date) for a in assertions), key=lambda d: (str(d) + "-99-99")[:10])


@pytest.mark.parametrize("item", sorted(SEED_ITEMS, key=lambda i: (i[0], float(i[1:]))))
def test_seed_inventory_item_is_there(g, item):
    for node in SEED_ITEMS[item]:
        assert (node, RDF.type, None) in g, (item, node)


def test_all_25_signatories_with_their_group_as_of_october_2021(g):
    letter = SOURCE["mep-open-letter-2021-10-04"]
    for slug in SIGNATORIES:
        person = ACTOR[slug]
        assert (person, RDF.type, AM.Person) in g, slug
        assert (letter, DCTERMS.creator, person) in g, slug
        groups = [m for m in g.subjects(ORG.member, person)
                  if (m, AM.statedIn, letter) in g
                  and (g.value(m, ORG.organization), RDF.type, AM.PoliticalGroup) in g]
        assert groups and all(g.value(m, AM.asOf) == Literal("2021-10-04", datatype=rdfns.XSD.date)
                              for m in groups), slug


def test_seed_group_labels_that_were_wrong_are_kept_and_reviewed(g):
    """D'Amato and Guerreiro: the letter says NI, they sat in Greens/EFA (§14.1)."""
    for slug in ("rosa-damato", "francisco-guerreiro"):
        person = ACTOR[slug]
        organisations = {g.value(m, ORG.organization): m for m in g.subjects(ORG.member, person)}
        seed_label = organisations[ACTOR["non-attached"]]
        assert g.value(seed_label, AM.confidence) == AM.SeedOnly
        review = next(g.subjects(AM.reviewOf, seed_label))
        assert g.value(review, AM.verdict) == AM.Inaccurate
        verified = organisations[ACTOR["greens-efa"]]
        assert g.value(verified, AM.confidence) is None
        assert SOURCE["mep-open-letter-2021-10-04"] not in set(g.objects(verified, AM.statedIn))
    # persons the fact sheet could not check keep only the seed's label, flagged as such
    andresen = [m for m in g.subjects(ORG.member, ACTOR["rasmus-andresen"])
                if g.value(m, ORG.organization) == ACTOR["greens-efa"]]
    assert [g.value(m, AM.confidence) for m in andresen] == [AM.SeedOnly]


# --- facts people quote -------------------------------------------------------------------------

def test_vote_counts(g):
    d = lambda text: Literal(text, datatype=rdfns.XSD.date)  # noqa: E731
    assert vote(g, "ep-vote-resolution-2021-10-05") == (d("2021-10-05"), (377, 248, 62), AM.Adopted)
    assert vote(g, "ep-vote-epp-amendments-2021-10-05") == (d("2021-10-05"), (259, 403, 30),
                                                           AM.Rejected)
    # Posteo's counts are "most likely" those of the EPP amendment vote: said so on the node
    assert "most likely" in str(g.value(EVENT["ep-vote-epp-amendments-2021-10-05"], RDFS.comment))
    assert vote(g, "ep-vote-ai-act-position-2023-06-14") == (d("2023-06-14"), (499, 28, 93),
                                                            AM.Adopted)
    assert vote(g, "ep-vote-epp-rbi-exceptions-2023-06-14") == (d("2023-06-14"),
                                                               (233, 327, None), AM.Rejected)
    assert vote(g, "ep-vote-realtime-rbi-ban-2023-06-14") == (d("2023-06-14"), (335, 235, None),
                                                             AM.Adopted)
    assert vote(g, "ep-vote-ai-act-2024-03-13") == (d("2024-03-13"), (523, 46, 49), AM.Adopted)
    assert g.value(EVENT["ep-debate-2021-10-04"], DCTERMS.date) == d("2021-10-04")


def test_identifiers_of_rulings_and_acts(g):
    dri = SOURCE["cjeu-digital-rights-ireland"]
    assert (dri, RDF.type, AM.CourtRuling) in g
    assert one(g, dri, AM.ecli) == Literal("ECLI:EU:C:2014:238")
    assert set(map(str, g.objects(dri, AM.caseNumber))) == {"C-293/12", "C-594/12"}
    assert one(g, dri, DCTERMS.issued) == Literal("2014-04-08", datatype=rdfns.XSD.date)
    expected_ecli = {"cjeu-tele2-watson": "ECLI:EU:C:2016:970",
                     "cjeu-la-quadrature-du-net": "ECLI:EU:C:2020:791",
                     "cjeu-privacy-international": "ECLI:EU:C:2020:790",
                     "cjeu-ligue-des-droits-humains": "ECLI:EU:C:2022:491"}
    for slug, ecli in expected_ecli.items():
        assert one(g, SOURCE[slug], AM.ecli) == Literal(ecli), slug
    # SpaceNet: only its verified parts (no ECLI, no day)
    spacenet = SOURCE["cjeu-spacenet"]
    assert g.value(spacenet, AM.ecli) is None
    assert one(g, spacenet, DCTERMS.issued).datatype == rdfns.XSD.gYear
    assert one(g, SOURCE["ecthr-glukhin"], AM.caseNumber) == Literal("11519/20")
    assert one(g, SOURCE["bridges-2020-ewca-civ-1058"], AM.caseNumber) == Literal("[2020] EWCA Civ 1058")
    act = SOURCE["regulation-2024-1689"]
    assert one(g, act, AM.celex) == Literal("32024R1689")
    assert str(one(g, act, AM.eli)) == "http://data.europa.eu/eli/reg/2024/1689/oj"
    assert (act, RDF.type, AM.LegalAct) in g
    assert one(g, SOURCE["regulation-2024-1689-art-5-1-h"], DCTERMS.isPartOf) == act
    assert one(g, SOURCE["com-2021-206"], AM.celex) == Literal("52021PC0206")
    assert one(g, SOURCE["nistir-8280"], AM.doi) == Literal("10.6028/NIST.IR.8280")
    documents = {str(v) for v in g.objects(None, AM.documentNumber)}
    assert {"A/HRC/48/31", "A9-0232/2021", "P9_TA(2021)0405", "NISTIR 8280",
            "20210930IPR13925", "P9_TA(2024)0138"} <= documents
    assert one(g, SOURCE["hrw-algorithms-of-repression-2019"], AM.isbn) == Literal("978-1-6231-37304")


def test_quotes_are_verbatim(g):
    def quotes_of(claim_slug):
        return {str(q) for a in g.subjects(AM.claim, CLAIM[claim_slug])
                for q in g.objects(a, AM.quote)}

    assert ("These tools have the capacity to identify, follow, single out, and track people "
            "everywhere they go, undermining our human rights and civil liberties"
            in quotes_of("tools-track-people-everywhere"))
    assert ("Deploying remote biometric identification in publicly accessible spaces means the "
            "end of anonymity in those places." in quotes_of("edpb-edps-general-ban"))
    assert "false alarm rates of up to 99%" in quotes_of("false-alarm-rate")
    assert ("To look even for a single person, facial surveillance would still have to be applied "
            "on everyone – which is exactly what mass surveillance is."
            in quotes_of("one-search-scans-everyone"))
    assert "absichtlich geschönt" in quotes_of("suedkreuz-results-embellished")
    german = [q for a in g.subjects(AM.claim, CLAIM["suedkreuz-results-embellished"])
              for q in g.objects(a, AM.quote)]
    assert {q.language for q in german} == {"de"}


# --- relations --------------------------------------------------------------------------------

def test_every_relation_says_who_and_where(g):
    relations = set(g.subjects(RDF.type, AM.Support)) | set(g.subjects(RDF.type, AM.Attack))
    assert len(relations) >= 60
    for relation in relations:
        for by in g.objects(relation, AM.statedBy):
            assert (by, FOAF.name, None) in g, relation
        assert list(g.objects(relation, AM.statedBy)), relation
        for where in g.objects(relation, AM.statedIn):
            assert (where, DCTERMS.title, None) in g, relation
        assert list(g.objects(relation, AM.statedIn)), relation
    for attack in g.subjects(RDF.type, AM.Attack):
        kind = one(g, attack, AM.attackKind)
        assert kind in set(ATTACK_KINDS.values())
        target_is_support = (one(g, attack, AM.target), RDF.type, AM.Support) in g
        assert target_is_support == (kind == AM.undercut), attack


def test_the_rebuttals_of_the_inventory(g):
    c = {item: CLAIM[slug] for item, slug in INVENTORY.items()}
    for attacker, target in [("C10", "C15"), ("C17", "C15"), ("C14", "C16"), ("C18", "C16"),
                             ("C22", "C21"), ("C29", "C28"), ("C30", "C27"), ("C32", "C31"),
                             ("C24", "C21")]:
        assert attacks(g, c[attacker], c[target]), (attacker, target)
    assert attacks(g, c["C01"], EPP_AMENDMENTS)
    for opponent in ("C15", "C16", "C19", "C20", "C21"):
        assert attacks(g, c[opponent], BAN), opponent
    for backer in ("C02", "C03", "C04", "C08", "C09", "C11", "C12", "C13", "C25", "C26", "C27"):
        assert supports(g, c[backer], BAN), backer
    assert supports(g, c["C05"], MORATORIUM) and supports(g, c["C33"], MORATORIUM)
    # partial rebuttals become claims with their own sources
    ldh = attacks(g, CLAIM["ldh-upheld-pnr-directive"], c["C11"])
    assert ldh
    ldh_source = next(g.objects(next(g.subjects(AM.claim, CLAIM["ldh-upheld-pnr-directive"])),
                                AM.source))
    assert ldh_source == SOURCE["cjeu-ligue-des-droits-humains"]
    assert attacks(g, CLAIM["virginia-reversed-frt-ban-2022"], c["C12"])


def test_gender_shades_caveat_is_an_unverified_undercut(g):
    support = SUPPORT["gender-shades-supports-bias"]
    assert (support, AM.premise, CLAIM["gender-shades-accuracy-gap"]) in g
    undercuts = attacks(g, CLAIM["gender-shades-measured-classification"], support)
    assert len(undercuts) == 1
    assert g.value(undercuts[0], AM.attackKind) == AM.undercut
    assert g.value(undercuts[0], AM.confidence) == AM.Unverified
    assert g.value(CLAIM["gender-shades-measured-classification"], AM.confidence) == AM.Unverified


def test_positions_for_and_against_the_ban(g):
    stances = {g.value(p, AM.actor): g.value(p, AM.stance)
               for p in g.subjects(AM.proposal, BAN)}
    assert stances[ACTOR["european-parliament"]] == AM.For
    assert stances[ACTOR["edpb"]] == AM.For and stances[ACTOR["greens-efa"]] == AM.For
    assert stances[ACTOR["epp"]] == AM.Against and stances[ACTOR["manfred-weber"]] == AM.Against
    assert set(stances.values()) <= set(STANCES.values())


# --- the fact-check layer -----------------------------------------------------------------------

def test_all_twelve_fact_check_items_have_a_review(g):
    expected = {
        "damato-ni-label": AM.Inaccurate, "guerreiro-ni-label": AM.Inaccurate,        # 1
        "ecj-consistently-annulled": AM.Overstated,                                   # 2
        "false-alarm-rate": AM.Misleading,                                            # 3
        "only-china": AM.Overstated,                                                  # 4
        "no-terror-attack-prevented": AM.Unverifiable,                                # 5
        "edpb-quote-wording": AM.Imprecise, "edpb-second-quote": AM.Unverifiable,     # 6
        "more-than-200": AM.MostlyAccurate,                                           # 7
        "african-american-women": AM.Imprecise,                                       # 8
        "us-cities-example": AM.Outdated,                                             # 9
        "seed-b-spelling": AM.Imprecise,                                              # 10
        "civil-society-call-yesterday": AM.Unverifiable,                              # 11
        "vote-date-today": AM.Imprecise,                                              # 12
    }
    editors = ACTOR["argmap-editors"]
    assert (editors, RDF.type, AM.Organisation) in g
    assert g.value(editors, FOAF.name) == Literal("argmap editors")
    for slug, verdict in expected.items():
        review = REVIEW[slug]
        assert g.value(review, AM.verdict) == verdict, slug
        assert g.value(review, AM.reviewer) == editors, slug
        assert g.value(review, AM.reason).language == "en", slug
        assert list(g.objects(review, AM.evidence)), slug
        assert (g.value(review, AM.reviewOf), RDF.type, None) in g, slug
    assert set(g.subjects(RDF.type, AM.Review)) == {REVIEW[s] for s in expected}


def test_the_99_percent_review_names_the_projection_and_the_measured_maxima(g):
    review = REVIEW["false-alarm-rate"]
    assert g.value(review, AM.reviewOf) == CLAIM["false-alarm-rate"]
    reason = str(g.value(review, AM.reason))
    for fact in ("99.3%", "98%", "91%", "81%", "projection"):
        assert fact in reason, fact
    assert SOURCE["unstatistik-2018-11"] in set(g.objects(review, AM.evidence))


def test_reviewed_statements_stay_as_their_authors_made_them(g):
    """A review never rewrites the claim: the 99% claim still says 99%."""
    assert "99%" in str(g.value(CLAIM["false-alarm-rate"], AM.text))
    assert "consistently" in str(g.value(CLAIM["ecj-consistently-annulled"], AM.text))


def test_nothing_unverified_is_presented_as_verified(g):
    """Fact-sheet markers never leak; text admitting doubt sits on a flagged node or says the
    doubtful value was left out."""
    doubt = re.compile(r"unverified|not verified|not confirmed", re.IGNORECASE)
    for subject, _, obj in g:
        if not isinstance(obj, Literal):
            continue
        text = str(obj)
        assert "[UNVERIFIED]" not in text and "[SEED]" not in text and "[VERIFIED]" not in text
        if doubt.search(text):
            flagged = g.value(subject, AM.confidence) in (AM.Unverified, AM.SeedOnly)
            assert flagged or "left out" in text, (subject, text)
    assert set(g.objects(None, AM.confidence)) <= set(CONFIDENCE.values())


def test_dates_are_dates_and_never_invent_a_day(g):
    for predicate in (DCTERMS.issued, DCTERMS.date, AM.date, AM.asOf, AM.startDate,
                      AM.firstStated):
        for value in g.objects(None, predicate):
            assert isinstance(value, Literal) and value.datatype in DATE_TYPES, (predicate, value)
    # month-only and year-only sources stay that way
    assert one(g, SOURCE["nistir-8280"], DCTERMS.issued) == Literal("2019-12", datatype=rdfns.XSD.gYearMonth)
    assert one(g, SOURCE["gender-shades"], DCTERMS.issued) == Literal("2018", datatype=rdfns.XSD.gYear)


# --- the vocabulary ------------------------------------------------------------------------------

def test_ontology_describes_every_term_the_data_uses(g, onto):
    ontology = URIRef("https://w3id.org/argmap/ns")
    assert (ontology, RDF.type, OWL.Ontology) in onto
    assert onto.value(ontology, OWL.versionInfo) is not None
    assert (ontology, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in onto
    used = {t for triple in g for t in triple
            if isinstance(t, URIRef) and str(t).startswith(str(AM))}
    for kinds in (ATTACK_KINDS, VERDICTS, CONFIDENCE, STANCES):
        used |= set(kinds.values())
    for term in used:
        assert (term, RDFS.label, None) in onto, term
        assert (term, RDFS.comment, None) in onto, term


def test_ontology_aligns_to_aif_prov_schema_foaf_org(onto):
    aif = "http://www.arg.dundee.ac.uk/aif#"
    expected = [
        (AM.Claim, RDFS.subClassOf, URIRef(aif + "I-node")),
        (AM.Claim, RDFS.subClassOf, SDO.Claim),
        (AM.Support, RDFS.subClassOf, URIRef(aif + "RA-node")),
        (AM.Attack, RDFS.subClassOf, URIRef(aif + "CA-node")),
        (AM.Assertion, RDFS.subClassOf, URIRef(aif + "L-node")),
        (AM.premise, RDFS.subPropertyOf, URIRef(aif + "Premise")),
        (AM.conclusion, RDFS.subPropertyOf, URIRef(aif + "Conclusion")),
        (AM.text, RDFS.subPropertyOf, URIRef(aif + "claimText")),
        (AM.Review, RDFS.subClassOf, SDO.ClaimReview),
        (AM.reviewOf, RDFS.subPropertyOf, SDO.itemReviewed),
        (AM.Source, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Entity")),
        (AM.LegalAct, RDFS.subClassOf, URIRef("http://data.europa.eu/eli/ontology#LegalResource")),
        (AM.Person, RDFS.subClassOf, FOAF.Person),
        (AM.Membership, RDFS.subClassOf, ORG.Membership),
        (AM.Institution, RDFS.subClassOf, ORG.FormalOrganization),
        (AM.ecli, RDFS.subPropertyOf, DCTERMS.identifier),
        (AM.actor, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/prov#wasAttributedTo")),
    ]
    for triple in expected:
        assert triple in onto, triple
