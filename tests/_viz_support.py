"""Test data for the map tests: a small debate in the agreed IRIs, and a hostile one.

The small debate paraphrases claims of the fact sheet (/work/shared/research/facts.md §12, §15);
the only quotes are ones the fact sheet gives verbatim.  The hostile debate puts attack strings
into every text field a map shows, to prove they come out as text.
"""

from __future__ import annotations

import json
from pathlib import Path

SMALL_DEBATE = """\
@prefix am: <https://w3id.org/argmap/ns#> .
@prefix claim: <https://w3id.org/argmap/bms/claim/> .
@prefix support: <https://w3id.org/argmap/bms/support/> .
@prefix attack: <https://w3id.org/argmap/bms/attack/> .
@prefix assertion: <https://w3id.org/argmap/bms/assertion/> .
@prefix source: <https://w3id.org/argmap/bms/source/> .
@prefix actor: <https://w3id.org/argmap/bms/actor/> .
@prefix review: <https://w3id.org/argmap/bms/review/> .
@prefix topic: <https://w3id.org/argmap/bms/topic/> .
@prefix membership: <https://w3id.org/argmap/bms/membership/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

claim:ban-biometric-mass-surveillance a am:Proposal ;
    rdfs:label "Ban biometric mass surveillance in public spaces"@en ;
    am:text "The EU should ban biometric mass surveillance in publicly accessible spaces."@en .

claim:edpb-edps-general-ban a am:Claim ;
    rdfs:label "EDPB and EDPS: a general ban is needed"@en ;
    am:text "Remote biometric identification in public spaces means the end of anonymity; a general ban on automated recognition of human features is needed."@en ;
    dcterms:subject topic:real-time-rbi .

claim:frt-needed-missing-children-terrorists a am:Claim ;
    rdfs:label "Needed to find missing children and stop terrorists"@en ;
    am:text "Facial recognition is needed to find missing children and to stop terrorists and dangerous criminals."@en ;
    dcterms:subject topic:effectiveness .

claim:one-search-scans-everyone a am:Claim ;
    rdfs:label "Searching for one person scans everyone"@en ;
    am:text "Searching for one person still requires scanning everyone, so exceptions mean mass surveillance."@en ;
    dcterms:subject topic:effectiveness .

claim:false-alarm-rate a am:Claim ;
    rdfs:label "False alarm rates up to 99%"@en ;
    am:text "Facial recognition in public spaces has false alarm rates of up to 99%."@en ;
    dcterms:subject topic:accuracy-bias .

claim:regulate-not-ban a am:Claim ;
    rdfs:label "Regulate, don't ban"@en ;
    am:text "There are harmless, useful applications of facial recognition that increase security: regulate it, do not ban it."@en ;
    dcterms:subject topic:safeguards .

claim:suedkreuz-frt-works a am:Claim ;
    rdfs:label "Südkreuz showed facial recognition works"@en ;
    am:text "The Berlin Südkreuz pilot showed facial recognition works; a broad roll-out is possible."@en ;
    dcterms:subject topic:effectiveness .

claim:suedkreuz-results-embellished a am:Claim ;
    rdfs:label "The Südkreuz results were embellished"@en ;
    am:text "The Südkreuz results were embellished: the best single system found 68.5% of the test persons."@en ;
    dcterms:subject topic:effectiveness .

support:edpb-supports-ban a am:Support ;
    am:premise claim:edpb-edps-general-ban ; am:conclusion claim:ban-biometric-mass-surveillance ;
    am:statedBy actor:edpb ; am:statedIn source:edpb-edps-joint-opinion-5-2021 .
support:false-alarms-support-ban a am:Support ;
    am:premise claim:false-alarm-rate ; am:conclusion claim:ban-biometric-mass-surveillance ;
    am:statedBy actor:patrick-breyer ; am:statedIn source:mep-open-letter-2021-10-04 .
support:suedkreuz-supports-regulate a am:Support ;
    am:premise claim:suedkreuz-frt-works , claim:frt-needed-missing-children-terrorists ;
    am:conclusion claim:regulate-not-ban ;
    am:statedBy actor:epp ; am:statedIn source:mep-open-letter-2021-10-04 .

attack:regulate-rebuts-ban a am:Attack ;
    am:attacker claim:regulate-not-ban ; am:target claim:ban-biometric-mass-surveillance ;
    am:attackKind am:rebut ; am:statedBy actor:epp ; am:statedIn source:mep-open-letter-2021-10-04 .
attack:one-search-undercuts a am:Attack ;
    am:attacker claim:one-search-scans-everyone ; am:target support:suedkreuz-supports-regulate ;
    am:attackKind am:undercut ; am:statedBy actor:patrick-breyer ;
    am:statedIn source:mep-open-letter-2021-10-04 .
attack:embellished-undermines a am:Attack ;
    am:attacker claim:suedkreuz-results-embellished ; am:target claim:suedkreuz-frt-works ;
    am:attackKind am:undermine ; am:statedBy actor:chaos-computer-club ;
    am:statedIn source:mep-open-letter-2021-10-04 .

assertion:edpb-general-ban a am:Assertion ;
    am:actor actor:edpb ; am:claim claim:edpb-edps-general-ban ;
    am:source source:edpb-edps-joint-opinion-5-2021 ; am:date "2021-06-18"^^xsd:date ;
    am:quote "Deploying remote biometric identification in publicly accessible spaces means the end of anonymity in those places."@en .
assertion:breyer-false-alarms a am:Assertion ;
    am:actor actor:patrick-breyer ; am:claim claim:false-alarm-rate ;
    am:source source:mep-open-letter-2021-10-04 ; am:date "2021-10-04"^^xsd:date .
assertion:breyer-one-search a am:Assertion ;
    am:actor actor:patrick-breyer ; am:claim claim:one-search-scans-everyone ;
    am:source source:mep-open-letter-2021-10-04 ; am:date "2021-10-04"^^xsd:date .
assertion:epp-regulate a am:Assertion ;
    am:actor actor:epp ; am:claim claim:regulate-not-ban ;
    am:source source:mep-open-letter-2021-10-04 ; am:date "2021-10-04"^^xsd:date .

review:false-alarm-rate a am:Review ;
    am:reviewOf claim:false-alarm-rate ; am:verdict am:Overstated ;
    am:reason "99.3% is a projection for a nationwide roll-out, not a measured deployment figure."@en ;
    am:reviewer actor:edpb ; am:evidence source:mep-open-letter-2021-10-04 .

source:edpb-edps-joint-opinion-5-2021 a am:Opinion ;
    dcterms:title "EDPB-EDPS Joint Opinion 5/2021 on the proposal for an Artificial Intelligence Act"@en ;
    dcterms:publisher "EDPB and EDPS" ; dcterms:issued "2021-06-18"^^xsd:date ;
    schema:url "https://edpb.europa.eu/news/news/2021/edpb-edps-call-ban-use-ai-automated-recognition-human-features-publicly-accessible_en"^^xsd:anyURI .
source:mep-open-letter-2021-10-04 a am:Letter ;
    dcterms:title "Vote today, to stop a future of biometric mass surveillance in Europe!"@en ;
    dcterms:publisher "25 Members of the European Parliament" ; dcterms:issued "2021-10-04"^^xsd:date .

actor:edpb a am:Institution ; foaf:name "European Data Protection Board" .
actor:epp a am:PoliticalGroup ; foaf:name "EPP Group" .
actor:greens-efa a am:PoliticalGroup ; foaf:name "Greens/EFA" .
actor:patrick-breyer a am:Person ; foaf:name "Patrick Breyer" .
actor:chaos-computer-club a am:Organisation ; foaf:name "Chaos Computer Club" .
membership:patrick-breyer-greens-efa a am:Membership ;
    org:member actor:patrick-breyer ; org:organization actor:greens-efa ;
    am:asOf "2021-10-04"^^xsd:date ; am:statedIn source:mep-open-letter-2021-10-04 .

topic:real-time-rbi a skos:Concept ; skos:prefLabel "Real-time remote biometric identification"@en .
topic:effectiveness a skos:Concept ; skos:prefLabel "Effectiveness"@en .
topic:accuracy-bias a skos:Concept ; skos:prefLabel "Accuracy and bias"@en .
topic:safeguards a skos:Concept ; skos:prefLabel "Safeguards"@en .
"""

#: Strings that would run script, break out of a block or a template if pasted raw.
HOSTILE = [
    "<img src=x onerror=\"window.__pwned=1;alert(1)\">",
    "</script><script>window.__pwned=2;alert(2)</script>",
    "\"'><svg onload=alert(3)>",
    "{{ 7*7 }} {% raw %}${7*7}",
    "\u2028line\u2029separators & <!-- comment --> ]]>",
]


def _lit(text: str) -> str:
    return json.dumps(text)  # a valid Turtle string literal for any text


def hostile_debate() -> str:
    """A debate whose every label, text, name, title, quote, reason and URL is an attack."""
    bad = " | ".join(HOSTILE)
    lines = [
        "@prefix am: <https://w3id.org/argmap/ns#> .",
        "@prefix claim: <https://w3id.org/argmap/bms/claim/> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        "@prefix foaf: <http://xmlns.com/foaf/0.1/> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix schema: <https://schema.org/> .",
        "@prefix b: <https://w3id.org/argmap/bms/> .",
    ]
    for number, text in enumerate(HOSTILE):
        kind = "am:Proposal" if number == 0 else "am:Claim"
        lines.append(f"claim:c{number} a {kind} ; rdfs:label {_lit(text)}@en ; "
                     f"am:text {_lit(bad + ' ' + text)}@en ; dcterms:subject b:topic\\/t{number} .")
        lines.append(f"b:topic\\/t{number} a skos:Concept ; skos:prefLabel {_lit(text)}@en .")
        lines.append(f"b:actor\\/a{number} a am:Person ; foaf:name {_lit(text)} ; "
                     f"schema:url {_lit('javascript:alert(' + str(number) + ')')} .")
        lines.append(f"b:source\\/s{number} a am:Report ; dcterms:title {_lit(text)} ; "
                     f"dcterms:publisher {_lit(text)} ; "
                     f"schema:url {_lit('javascript:window.__pwned=9')} , "
                     f"{_lit('data:text/html,<script>alert(1)</script>')} , "
                     f"{_lit('https://example.org/ok?q=<b>&x=1')} .")
        lines.append(f"b:assertion\\/as{number} a am:Assertion ; am:actor b:actor\\/a{number} ; "
                     f"am:claim claim:c{number} ; am:source b:source\\/s{number} ; "
                     f"am:date {_lit(text)} ; am:quote {_lit(text)}@en ; am:locator {_lit(text)} .")
        lines.append(f"b:review\\/r{number} a am:Review ; am:reviewOf claim:c{number} ; "
                     f"am:verdict am:Misleading ; am:reason {_lit(text)}@en .")
        if number:
            lines.append(f"b:attack\\/k{number} a am:Attack ; am:attacker claim:c{number} ; "
                         f"am:target claim:c0 ; am:attackKind am:rebut ; "
                         f"rdfs:comment {_lit(text)}@en .")
    return "\n".join(lines) + "\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
