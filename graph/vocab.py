"""The argmap vocabulary: namespaces and terms, in one place.

``graph/ontology.ttl`` is the vocabulary itself (labels, comments, alignments to
AIF, PROV-O, schema.org, FOAF/ORG, Dublin Core); this module names the same terms
for Python code so that no module spells an IRI by hand.

>>> str(AM.Claim)
'https://w3id.org/argmap/ns#Claim'
>>> str(BMS["claim/false-alarm-rate"])
'https://w3id.org/argmap/bms/claim/false-alarm-rate'
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

from .namespaces import (ACTOR_KIND_CLASSES, AM_IRI, BMS_IRI, KIND_SEGMENTS, NAMESPACES,
                         SOURCE_KIND_CLASSES, compact, shorten)

__all__ = [
    "AM", "BMS", "KIND_SEGMENTS", "AIF", "AIF_TECH", "SDO", "ELI", "DCTERMS", "FOAF", "ORG", "OWL", "PROV",
    "RDF", "RDFS", "SKOS", "XSD", "PREFIXES", "bind_prefixes", "short_id",
    "SOURCE_KINDS", "ACTOR_KINDS", "ATTACK_KINDS", "VERDICTS", "CONFIDENCE", "STANCES",
    "INSTANCE_KINDS",
]

#: argmap's own vocabulary.
AM = Namespace(AM_IRI)
#: Instances of the flagship debate (biometric mass surveillance).
BMS = Namespace(BMS_IRI)
#: Argument Interchange Format, the namespace AIFdb uses (and its arg.tech variant some tools write).
AIF = Namespace(NAMESPACES["aif"])
AIF_TECH = Namespace("http://www.arg.tech/aif#")
#: schema.org, https form (rdflib's SDO).
SDO = Namespace(NAMESPACES["schema"])
#: European Legislation Identifier ontology.
ELI = Namespace(NAMESPACES["eli"])

#: The namespace objects of the prefixes that have one of their own here or in rdflib (rdflib's
#: standard vocabularies are closed: a misspelt term is an error, not a new IRI).
_OBJECTS = {"am": AM, "bms": BMS, "aif": AIF, "schema": SDO, "eli": ELI, "dcterms": DCTERMS,
            "foaf": FOAF, "org": ORG, "owl": OWL, "prov": PROV, "rdf": RDF, "rdfs": RDFS,
            "skos": SKOS, "xsd": XSD}

#: Prefixes bound on every graph argmap writes, so output never shows ``ns1:``: the prefixes and
#: IRIs of :data:`graph.namespaces.NAMESPACES`, in its order (a test checks rdflib's standard
#: namespaces agree with it).
PREFIXES = {prefix: _OBJECTS.get(prefix) or Namespace(iri) for prefix, iri in NAMESPACES.items()}


def short_id(iri, graph: Graph | None = None) -> str:
    """``claim:false-alarm-rate`` for a debate IRI (the longest bound prefix); else the IRI.

    *graph* adds the prefixes bound on it to argmap's own.

    >>> short_id("https://w3id.org/argmap/bms/claim/false-alarm-rate")
    'claim:false-alarm-rate'
    >>> short_id("http://example.org/a/b")
    'http://example.org/a/b'
    """
    if graph is None:
        return compact(str(iri))
    namespaces = {str(n): p for p, n in graph.namespaces() if p}
    namespaces.update({n: p for p, n in NAMESPACES.items()})
    return shorten(str(iri), sorted(namespaces.items(), key=lambda item: -len(item[0])))


def bind_prefixes(graph: Graph) -> Graph:
    """Bind argmap's prefixes on *graph* (rdflib binds only core prefixes by default)."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


# --- Kinds, as the CLI spells them -------------------------------------------------------

#: ``--kind`` names of sources -> class.  ``am:Source`` itself is the generic kind.
SOURCE_KINDS: dict[str, URIRef] = {name: AM[local] for name, local in SOURCE_KIND_CLASSES.items()}

#: ``--kind`` names of actors -> class.
ACTOR_KINDS: dict[str, URIRef] = {name: AM[local] for name, local in ACTOR_KIND_CLASSES.items()}

#: Attack kinds (values of ``am:attackKind``).  An undercut targets an ``am:Support``.
ATTACK_KINDS: dict[str, URIRef] = {
    "rebut": AM.rebut,
    "undermine": AM.undermine,
    "undercut": AM.undercut,
}

#: Fact-check verdicts (values of ``am:verdict`` on an ``am:Review``).
VERDICTS: dict[str, URIRef] = {
    "accurate": AM.Accurate,
    "mostly-accurate": AM.MostlyAccurate,
    "imprecise": AM.Imprecise,
    "overstated": AM.Overstated,
    "misleading": AM.Misleading,
    "inaccurate": AM.Inaccurate,
    "unverifiable": AM.Unverifiable,
    "outdated": AM.Outdated,
}

#: Confidence flags (values of ``am:confidence``).  Absent means verified.
CONFIDENCE: dict[str, URIRef] = {
    "verified": AM.Verified,
    "seed-only": AM.SeedOnly,
    "unverified": AM.Unverified,
}

#: Stances of an ``am:Position``.
STANCES: dict[str, URIRef] = {"for": AM.For, "against": AM.Against}

#: Path segment of instance IRIs by class, e.g. ``bms:claim/<slug>``.
INSTANCE_KINDS: dict[str, str] = {
    "claim": "Claim / Proposal",
    "support": "Support",
    "attack": "Attack",
    "assertion": "Assertion",
    "source": "Source (any kind)",
    "actor": "Person, Organisation, PoliticalGroup, Institution",
    "membership": "Membership",
    "event": "Event / Vote",
    "position": "Position",
    "review": "Review",
    "topic": "skos:Concept",
}
