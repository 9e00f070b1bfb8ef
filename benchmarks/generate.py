"""A synthetic argument map with the real model's shape, deterministic by seed.

The map has the node kinds of ``docs/data-model.md`` in about the proportions of the real debate:
claims (a few of them proposals) with text, label, topics and first-stated date; assertions tying
each claim to an actor, a source and a date; sources of every kind with title, publisher, date
and identifier; actors (persons, organisations, political groups, institutions) with
memberships; supports (one or two premises); attacks (rebut, undermine, and undercuts whose
target is a support); positions on the proposals; fact-check reviews; topics in one SKOS scheme.

Every name is made up (``claim:c-000042``, "Person 17"): the map is for measuring speed, never
for reading as facts.  It is written straight to Turtle text (not through rdflib), so writing
100,000 claims (about 1.8 million triples) takes seconds.  Complexity O(N) in the claims.

Usage::

    python benchmarks/generate.py --claims 10000 --seed 1 -o /tmp/map-10k.ttl

>>> text = generate_turtle(claims=20, seed=1)
>>> text == generate_turtle(claims=20, seed=1)
True
>>> block = text.split("claim:c-000001" + chr(10), 1)[1]
>>> block.split(chr(10))[0].strip()
'a am:Claim ;'
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from typing import IO, Iterator

import click

__all__ = ["generate_turtle", "write_map", "counts_for"]

PREFIXES = {
    "am": "https://w3id.org/argmap/ns#",
    "claim": "https://w3id.org/argmap/bms/claim/",
    "support": "https://w3id.org/argmap/bms/support/",
    "attack": "https://w3id.org/argmap/bms/attack/",
    "assertion": "https://w3id.org/argmap/bms/assertion/",
    "source": "https://w3id.org/argmap/bms/source/",
    "actor": "https://w3id.org/argmap/bms/actor/",
    "membership": "https://w3id.org/argmap/bms/membership/",
    "position": "https://w3id.org/argmap/bms/position/",
    "review": "https://w3id.org/argmap/bms/review/",
    "topic": "https://w3id.org/argmap/bms/topic/",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

SOURCE_CLASSES = ("CourtRuling", "LegalAct", "Report", "Opinion", "Letter", "Study", "Statement",
                  "PressRelease", "NewsArticle", "WebPage", "DebateRecord")
VERDICTS = ("Accurate", "MostlyAccurate", "Imprecise", "Overstated", "Misleading", "Inaccurate",
            "Unverifiable", "Outdated")
TOPIC_WORDS = ("real-time identification", "accuracy and bias", "safeguards", "effectiveness",
               "case law", "border control", "private actors", "public opinion", "data retention",
               "chat control", "encryption", "emotion recognition", "predictive policing",
               "migration", "child protection", "counter-terrorism", "oversight", "transparency")
WORDS = ("biometric", "surveillance", "police", "data", "recognition", "public", "spaces",
         "rights", "privacy", "regulation", "safeguards", "accuracy", "error", "rate", "court",
         "ruling", "ban", "moratorium", "exception", "terrorism", "children", "missing", "crime",
         "systems", "deployment", "trial", "station", "cameras", "faces", "citizens", "consent",
         "authority", "judicial", "authorisation", "proportionality", "necessity", "evidence",
         "study", "report", "vendor", "algorithm", "training", "bias", "demographic", "false",
         "alerts", "matches", "database", "retention", "oversight", "transparency", "member",
         "states", "parliament", "council", "commission", "amendment", "vote", "group", "law")
FIRST = date(2015, 1, 1)
DAYS = (date(2025, 12, 31) - FIRST).days


def counts_for(claims: int) -> dict[str, int]:
    """How many nodes of each kind a map of *claims* claims gets (about the real debate's ratios)."""
    claims = max(claims, 2)
    return {
        "claims": claims,
        "proposals": max(1, claims // 500),
        "topics": min(len(TOPIC_WORDS), 4 + claims // 200),
        "sources": max(2, claims // 8),
        "persons": max(2, claims // 25),
        "organisations": max(1, claims // 200),
        "groups": min(12, max(2, claims // 100)),
        "institutions": min(10, max(1, claims // 200)),
    }


def _day(rng: random.Random) -> date:
    return FIRST + timedelta(days=rng.randrange(DAYS))


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def _date(value: date) -> str:
    return f'"{value.isoformat()}"^^xsd:date'


def _block(subject: str, pairs: list[tuple[str, str]]) -> str:
    body = " ;\n".join(f"    {predicate} {obj}" for predicate, obj in pairs)
    return f"{subject}\n{body} .\n"


def _blocks(claims: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    n = counts_for(claims)
    topics = [f"topic:t-{i:03d}" for i in range(n["topics"])]
    yield _block("topic:scheme", [("a", "skos:ConceptScheme"),
                                  ("skos:prefLabel", '"Synthetic topics"@en')])
    for i, topic in enumerate(topics):
        yield _block(topic, [("a", "skos:Concept"), ("skos:inScheme", "topic:scheme"),
                             ("skos:prefLabel", f'"{TOPIC_WORDS[i]}"@en')])

    # Actors: persons sit in political groups and institutions through memberships.
    groups = [f"actor:group-{i:02d}" for i in range(n["groups"])]
    institutions = [f"actor:institution-{i:02d}" for i in range(n["institutions"])]
    organisations = [f"actor:organisation-{i:04d}" for i in range(n["organisations"])]
    persons = [f"actor:person-{i:05d}" for i in range(n["persons"])]
    for i, group in enumerate(groups):
        yield _block(group, [("a", "am:PoliticalGroup"), ("foaf:name", f'"Group {i}"'),
                             ("am:country", '"EU"')])
    for i, institution in enumerate(institutions):
        yield _block(institution, [("a", "am:Institution"), ("foaf:name", f'"Institution {i}"'),
                                   ("am:country", '"EU"')])
    for i, organisation in enumerate(organisations):
        yield _block(organisation, [("a", "am:Organisation"),
                                    ("foaf:name", f'"Organisation {i}"')])
    for i, person in enumerate(persons):
        yield _block(person, [("a", "am:Person"), ("foaf:name", f'"Person {i}"')])
    actors = persons + organisations + groups + institutions

    sources = [f"source:s-{i:06d}" for i in range(n["sources"])]
    source_dates = []
    for i, source in enumerate(sources):
        issued = _day(rng)
        source_dates.append(issued)
        yield _block(source, [
            ("a", f"am:{SOURCE_CLASSES[i % len(SOURCE_CLASSES)]}"),
            ("dcterms:title", f'"Source {i}: {_sentence(rng, 5)}"'),
            ("dcterms:publisher", f'"Publisher {rng.randrange(200)}"'),
            ("dcterms:issued", _date(issued)),
            ("am:documentNumber", f'"SYN-{i:06d}"'),
        ])

    for i, person in enumerate(persons):
        since = _day(rng)
        yield _block(f"membership:m-{i:05d}-g", [
            ("a", "am:Membership"), ("org:member", person),
            ("org:organization", rng.choice(groups)), ("am:startDate", _date(since)),
            ("am:statedIn", rng.choice(sources)),
        ])
        if i % 4 == 0:
            yield _block(f"membership:m-{i:05d}-i", [
                ("a", "am:Membership"), ("org:member", person),
                ("org:organization", rng.choice(institutions)), ("am:asOf", _date(since)),
                ("am:statedIn", rng.choice(sources)),
            ])

    claim_ids = [f"claim:c-{i:06d}" for i in range(claims)]
    proposals = set(range(n["proposals"]))
    assertion_count = 0
    for i, claim in enumerate(claim_ids):
        # Each claim is asserted once, sometimes twice, by an actor in a source, on its date.
        stated = []
        for _ in range(1 if rng.random() < 0.8 else 2):
            s = rng.randrange(len(sources))
            stated.append(source_dates[s])
            pairs = [("a", "am:Assertion"), ("am:actor", rng.choice(actors)),
                     ("am:claim", claim), ("am:source", sources[s]),
                     ("am:date", _date(source_dates[s]))]
            if rng.random() < 0.3:
                pairs.append(("am:locator", f'"p. {rng.randrange(1, 300)}"'))
            yield _block(f"assertion:a-{assertion_count:07d}", pairs)
            assertion_count += 1
        label = _sentence(rng, 4).capitalize()
        pairs = [("a", "am:Proposal" if i in proposals else "am:Claim"),
                 ("rdfs:label", f'"{label} {i}"@en'),
                 ("am:text", f'"{label} {i}: {_sentence(rng, 14)}."@en'),
                 ("dcterms:subject", rng.choice(topics)),
                 ("am:firstStated", _date(min(stated)))]
        if rng.random() < 0.3:
            pairs.append(("dcterms:subject", rng.choice(topics)))
        yield _block(claim, pairs)

    # Supports point from later claims to earlier ones (arguments build on what was said);
    # attacks go either way, so the attack graph has cycles as real debates do.
    supports = []
    for i in range(1, claims):
        if rng.random() < 0.5:
            support = f"support:s-{i:06d}"
            supports.append(support)
            premises = {claim_ids[i]}
            if rng.random() < 0.3:
                premises.add(claim_ids[rng.randrange(claims)])
            conclusion = claim_ids[rng.randrange(0, i)] if rng.random() < 0.9 \
                else claim_ids[rng.choice(sorted(proposals))]
            premises.discard(conclusion)
            if not premises:
                continue
            pairs = [("a", "am:Support")] + [("am:premise", p) for p in sorted(premises)]
            pairs += [("am:conclusion", conclusion), ("am:statedBy", rng.choice(actors)),
                      ("am:statedIn", rng.choice(sources))]
            yield _block(support, pairs)
    for i in range(claims):
        if rng.random() < 0.6:
            attacker = claim_ids[i]
            roll = rng.random()
            if roll < 0.1 and supports:
                target, kind = rng.choice(supports), "am:undercut"
            else:
                target = claim_ids[rng.randrange(claims)]
                if target == attacker:
                    continue
                kind = "am:rebut" if roll < 0.7 else "am:undermine"
            yield _block(f"attack:a-{i:06d}", [
                ("a", "am:Attack"), ("am:attacker", attacker), ("am:target", target),
                ("am:attackKind", kind), ("am:statedBy", rng.choice(actors)),
                ("am:statedIn", rng.choice(sources))])

    for p in sorted(proposals):
        for j, actor in enumerate(rng.sample(groups, len(groups))):
            yield _block(f"position:p-{p:04d}-{j:02d}", [
                ("a", "am:Position"), ("am:actor", actor), ("am:proposal", claim_ids[p]),
                ("am:stance", "am:For" if rng.random() < 0.5 else "am:Against"),
                ("am:statedIn", rng.choice(sources))])

    for i in range(0, claims, 30):
        yield _block(f"review:r-{i:06d}", [
            ("a", "am:Review"), ("am:reviewOf", claim_ids[i]),
            ("am:verdict", f"am:{rng.choice(VERDICTS)}"),
            ("am:reason", f'"Synthetic review: {_sentence(rng, 8)}."@en'),
            ("am:evidence", rng.choice(sources)), ("am:reviewer", rng.choice(organisations)),
            ("am:date", _date(_day(rng)))])


def write_map(out: IO[str], claims: int, seed: int = 0) -> None:
    """Write a synthetic map of *claims* claims as Turtle to the text stream *out*."""
    out.write("# Synthetic argmap data from benchmarks/generate.py: made-up names, not facts.\n")
    for prefix, namespace in PREFIXES.items():
        out.write(f"@prefix {prefix}: <{namespace}> .\n")
    out.write("\n")
    for block in _blocks(claims, seed):
        out.write(block)
        out.write("\n")


def generate_turtle(claims: int, seed: int = 0) -> str:
    """The synthetic map as one Turtle string (see :func:`write_map`)."""
    import io

    buffer = io.StringIO()
    write_map(buffer, claims, seed)
    return buffer.getvalue()


@click.command()
@click.option("--claims", "claims", type=click.IntRange(min=2), default=1000, show_default=True,
              help="Number of claims.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default="-",
              help="Turtle file to write (default: standard output).")
def main(claims: int, seed: int, output: str) -> None:
    """Write a synthetic argument map of CLAIMS claims in Turtle, the same for the same seed.

    \b
    Example:

        python benchmarks/generate.py --claims 10000 --seed 1 -o /tmp/map-10k.ttl
    """
    if output == "-":
        write_map(sys.stdout, claims, seed)
        return
    with open(output, "w", encoding="utf-8", newline="\n") as handle:
        write_map(handle, claims, seed)


if __name__ == "__main__":
    main()
