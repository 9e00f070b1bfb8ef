"""Helpers for the edit and diff tests: a small real map, and file/graph comparisons.

The small map holds a few nodes of the shipped debate, with facts from the fact sheet
(research/facts.md §0.2, §2, §3), and an obviously fictional test author and source
(``actor:test-editor``, ``source:test-notes``) for the claims that tests invent, so that no real
actor is ever made to say them.  Tests that hammer the file (50 saves, 100 concurrent adds) use
it so that they stay fast.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.compare import to_isomorphic

SMALL_MAP = """\
@prefix actor: <https://w3id.org/argmap/bms/actor/> .
@prefix am: <https://w3id.org/argmap/ns#> .
@prefix assertion: <https://w3id.org/argmap/bms/assertion/> .
@prefix claim: <https://w3id.org/argmap/bms/claim/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix support: <https://w3id.org/argmap/bms/support/> .
@prefix source: <https://w3id.org/argmap/bms/source/> .
@prefix topic: <https://w3id.org/argmap/bms/topic/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

actor:edpb a am:Institution ;
    foaf:name "European Data Protection Board" .
actor:edps a am:Institution ;
    foaf:name "European Data Protection Supervisor" .
actor:ohchr a am:Institution ;
    foaf:name "Office of the United Nations High Commissioner for Human Rights" .
actor:ecthr a am:Institution ;
    foaf:name "European Court of Human Rights" .
actor:greens-efa a am:PoliticalGroup ;
    foaf:name "Greens/EFA" .
actor:patrick-breyer a am:Person ;
    foaf:name "Patrick Breyer" .
actor:test-editor a am:Organisation ;
    foaf:name "Test editor (fictional, for argmap's tests)" .

source:edpb-edps-joint-opinion-5-2021 a am:Opinion ;
    dcterms:title "EDPB-EDPS Joint Opinion 5/2021 on the proposal for a Regulation of the European Parliament and of the Council laying down harmonised rules on artificial intelligence (Artificial Intelligence Act)"@en ;
    dcterms:publisher "European Data Protection Board" ;
    dcterms:issued "2021-06-18"^^xsd:date ;
    am:documentNumber "Joint Opinion 5/2021" .
source:a-hrc-48-31 a am:Report ;
    dcterms:title "The right to privacy in the digital age"@en ;
    dcterms:publisher "Office of the United Nations High Commissioner for Human Rights" ;
    dcterms:issued "2021-09-15"^^xsd:date ;
    am:documentNumber "A/HRC/48/31" .

source:greens-efa-event-2022-11-08 a am:WebPage ;
    dcterms:title "Stopping Biometric Mass Surveillance in Europe"@en ;
    dcterms:publisher "Greens/EFA group in the European Parliament" ;
    dcterms:issued "2022"^^xsd:gYear ;
    schema:url "https://greens-efa.eu/en/article/event/biometric-mass-surveillance-in-europe"^^xsd:anyURI .
source:test-notes a am:WebPage ;
    dcterms:title "Test notes (fictional, for argmap's tests)"@en ;
    dcterms:publisher "argmap tests" ;
    dcterms:issued "2026-01-01"^^xsd:date ;
    schema:url "https://example.org/argmap-test-notes"^^xsd:anyURI .

topic:scheme a skos:ConceptScheme ;
    skos:prefLabel "Topics of the debate"@en .
topic:real-time-rbi a skos:Concept ;
    skos:inScheme topic:scheme ;
    skos:prefLabel "Real-time remote biometric identification"@en .

claim:ban-biometric-mass-surveillance a am:Proposal ;
    am:text "The EU should ban biometric mass surveillance in publicly accessible spaces."@en ;
    rdfs:label "Ban biometric mass surveillance"@en ;
    am:firstStated "2021-06-18"^^xsd:date .
assertion:ban-biometric-mass-surveillance-edpb-edpb-edps-joint-opinion-5-2021 a am:Assertion ;
    am:actor actor:edpb ;
    am:claim claim:ban-biometric-mass-surveillance ;
    am:source source:edpb-edps-joint-opinion-5-2021 ;
    am:date "2021-06-18"^^xsd:date .

claim:edpb-edps-general-ban a am:Claim ;
    am:text "Remote biometric identification in publicly accessible spaces means the end of anonymity; a general ban on automated recognition of human features is needed."@en ;
    rdfs:label "A general ban on automated recognition of human features is needed"@en ;
    dcterms:subject topic:real-time-rbi ;
    am:firstStated "2021-06-18"^^xsd:date .
assertion:edpb-edps-general-ban-edpb-edpb-edps-joint-opinion-5-2021 a am:Assertion ;
    am:actor actor:edpb ;
    am:claim claim:edpb-edps-general-ban ;
    am:source source:edpb-edps-joint-opinion-5-2021 ;
    am:date "2021-06-18"^^xsd:date ;
    am:quote "Deploying remote biometric identification in publicly accessible spaces means the end of anonymity in those places."@en .
support:edpb-edps-general-ban-supports-ban-biometric-mass-surveillance a am:Support ;
    am:premise claim:edpb-edps-general-ban ;
    am:conclusion claim:ban-biometric-mass-surveillance ;
    am:statedBy actor:edpb ;
    am:statedIn source:edpb-edps-joint-opinion-5-2021 .

claim:ohchr-moratorium a am:Claim ;
    am:text "States should impose a moratorium on remote biometric recognition in public spaces until compliance with privacy and data-protection standards is shown and accuracy and bias issues are resolved."@en ;
    rdfs:label "Moratorium on remote biometric recognition until safeguards"@en ;
    am:firstStated "2021-09-15"^^xsd:date .
assertion:ohchr-moratorium-ohchr-a-hrc-48-31 a am:Assertion ;
    am:actor actor:ohchr ;
    am:claim claim:ohchr-moratorium ;
    am:source source:a-hrc-48-31 ;
    am:date "2021-09-15"^^xsd:date .
"""


def write_small_map(path: Path) -> Path:
    """Write the small map to *path* in argmap's canonical layout."""
    from graph.store import load_graph, save_graph

    save_graph(load_graph(SMALL_MAP.encode("utf-8"), format="turtle"), path)
    return path


def removed_lines(before: bytes, after: bytes) -> list[str]:
    """Lines of *before* that a unified diff to *after* removes (or changes)."""
    diff = difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(),
                                lineterm="", n=0)
    return [line for line in diff if line.startswith("-") and not line.startswith("---")]


def added_lines(before: bytes, after: bytes) -> list[str]:
    diff = difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(),
                                lineterm="", n=0)
    return [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]


def same_graph(left: Graph, right: Graph) -> bool:
    return to_isomorphic(left) == to_isomorphic(right)


@dataclass
class CliResult:
    """What a user sees of one command: exit status, standard output, standard error."""

    returncode: int
    stdout: str
    stderr: str


def invoke(*args, input: str | None = None) -> CliResult:
    """Run the ``argmap`` click group in this process (the same code as the installed command,
    without a Python start-up per call); for the many small error cases."""
    from click.testing import CliRunner

    from cli import main

    runner = CliRunner()
    result = runner.invoke(main, [str(a) for a in args], input=input,
                           env={"ARGMAP_DATA": None, "ARGMAP_STORE": None,
                                "ARGMAP_UPDATE_URL": None, "COLUMNS": "200"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return CliResult(result.exit_code, result.stdout, result.stderr)
