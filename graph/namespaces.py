"""argmap's prefixes as plain strings, and the shortening of IRIs to ``claim:x``, without rdflib.

:mod:`graph.vocab` builds its rdflib namespaces (``PREFIXES``, ``AM``, ``BMS`` …) from
:data:`NAMESPACES`: one source of truth.  This module exists apart so that code that never
touches an rdflib object — ``argmap query`` answered straight from a cache entry's Oxigraph
store (:mod:`graph.sparql`) — can declare the same prefixes and print the same short IDs
without importing rdflib (a sixth of a second, half of that command's start-up).

>>> NAMESPACES["claim"]
'https://w3id.org/argmap/bms/claim/'
>>> compact("https://w3id.org/argmap/bms/actor/edpb")
'actor:edpb'
>>> compact("http://example.org/a/b")
'http://example.org/a/b'
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

__all__ = ["AM_IRI", "BMS_IRI", "KIND_SEGMENTS", "NAMESPACES", "XSD_IRI", "ACTOR_KIND_CLASSES",
           "SOURCE_KIND_CLASSES", "compact", "shorten"]

#: argmap's own vocabulary.
AM_IRI = "https://w3id.org/argmap/ns#"
#: Instances of the flagship debate (biometric mass surveillance).
BMS_IRI = "https://w3id.org/argmap/bms/"
#: XML Schema datatypes.
XSD_IRI = "http://www.w3.org/2001/XMLSchema#"

#: Instance kinds of the flagship debate; each gets its own prefix (``claim:false-alarm-rate``).
KIND_SEGMENTS = ("claim", "support", "attack", "assertion", "source", "actor", "membership",
                 "event", "position", "review", "topic")

#: Prefix -> namespace IRI: the prefixes bound on every graph argmap writes and predeclared for
#: every query.  The order is the order of the ``PREFIX`` lines argmap adds to a query.
NAMESPACES: dict[str, str] = {
    "am": AM_IRI,
    "bms": BMS_IRI,
    **{kind: f"{BMS_IRI}{kind}/" for kind in KIND_SEGMENTS},
    "aif": "http://www.arg.dundee.ac.uk/aif#",
    "schema": "https://schema.org/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": XSD_IRI,
}


#: ``--kind`` names of sources -> local name of their class in ``am:`` (the classes:
#: :data:`graph.vocab.SOURCE_KINDS`).  Plain strings, so that ``argmap sources`` declares its
#: choices without rdflib.
SOURCE_KIND_CLASSES: dict[str, str] = {
    "ruling": "CourtRuling",
    "legal-act": "LegalAct",
    "report": "Report",
    "opinion": "Opinion",
    "letter": "Letter",
    "study": "Study",
    "statement": "Statement",
    "press-release": "PressRelease",
    "article": "NewsArticle",
    "web-page": "WebPage",
    "debate": "DebateRecord",
}

#: ``--kind`` names of actors -> local name of their class in ``am:`` (the classes:
#: :data:`graph.vocab.ACTOR_KINDS`).
ACTOR_KIND_CLASSES: dict[str, str] = {
    "person": "Person",
    "organisation": "Organisation",
    "group": "PoliticalGroup",
    "institution": "Institution",
}


def shorten(value: str, namespaces_longest_first: Iterable[tuple[str, str]]) -> str:
    """``prefix:local`` for *value* under the first (namespace, prefix) it starts with whose
    rest is a plain local name (no ``/`` or ``#``); else *value* itself."""
    for namespace, prefix in namespaces_longest_first:
        if value.startswith(namespace):
            local = value[len(namespace):]
            if local and "/" not in local and "#" not in local:
                return f"{prefix}:{local}"
    return value


_KNOWN_LONGEST_FIRST = sorted(((n, p) for p, n in NAMESPACES.items()), key=lambda i: -len(i[0]))


@lru_cache(maxsize=65536)  # called for every row of every listing: keep it cheap
def compact(value: str) -> str:
    """``claim:false-alarm-rate`` for a debate IRI (the longest of argmap's namespaces that
    fits); else the IRI."""
    return shorten(value, _KNOWN_LONGEST_FIRST)
