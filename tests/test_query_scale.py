"""A named query given a parameter answers what its listing answers, filtered by that value.

The files in graph/queries/ write each parameter's path so that Oxigraph starts from the
given claim, actor, source or group (a join at the front, or a seed branch) instead of
reading the whole map, which is what keeps them fast on 100,000 claims.  The listing without
the parameter still reads everything.  Both must give the same rows, in the same order, on
the shipped debate and on a generated map of the model's shape, so that a fast path cannot
drift from the question it answers.  (benchmarks/query.py measures the speed; no timing here.)
"""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT
from graph import query as q

#: Parameter values tried per kind on each map (the first ones, in the listing's order).
SAMPLE = 12


@pytest.fixture(scope="module", params=["debate", "generated"])
def engine(request, shipped_graph):
    """The shipped debate, and a generated map loaded as argmap holds big files (Oxigraph)."""
    if request.param == "debate":
        return q.engine_for(shipped_graph)
    import pyoxigraph as ox

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate_turtle

    store = ox.Store()
    store.load(generate_turtle(claims=400, seed=3).encode("utf-8"), ox.RdfFormat.TURTLE)
    return q.engine_for(store)


@pytest.fixture(scope="module")
def listings(engine):
    """Every named query without parameters, run once per map."""
    names = [name for name, query in q.named_queries().items()
             if not any(p.required or p.default is not None for p in query.params)]
    return {name: q.run_named(engine, name, {}).rows for name in names}


def _values(rows, column, sample=SAMPLE):
    seen = []
    for row in rows:
        values = row[column] if isinstance(row[column], list) else [row[column]]
        for value in values:
            if value is not None and value not in seen:
                seen.append(value)
    return seen[:sample]


def _check(engine, name, params, expected):
    got = q.run_named(engine, name, params).rows
    assert got == expected, f"{name} {params}: {len(got)} rows, the listing has {len(expected)}"
    return got


def test_the_cases_cover_every_parameter_of_every_named_query():
    covered = {("rebuttals", "claim"), ("relations", "claim"), ("claim-sources", "claim"),
               ("citing", "source"), ("assertions", "actor"), ("assertions", "claim"),
               ("assertions", "source"), ("claims", "actor"), ("claims", "topic"),
               ("claims", "attacked"), ("claims", "unsourced"), ("claims", "reviewed"),
               ("claims", "group"), ("rebutted", "actor"), ("rebutted", "group"),
               ("timeline", "actor"), ("self-sourced", "actor"), ("reviews", "target"),
               ("reviews", "verdict"), ("memberships", "actor"), ("memberships", "group"),
               ("positions", "actor"), ("positions", "proposal"), ("positions", "stance"),
               ("actors", "group"), ("actors", "kind"), ("sources", "kind"), ("votes", "body")}
    # Not filters of a listing: dates and text (compared with the listing's own figures
    # elsewhere), the node queries (no listing) and one-sided (always for one proposal).
    elsewhere = {("claims", "search"), ("claims", "since"), ("claims", "until"),
                 ("assertions", "since"), ("assertions", "until"), ("timeline", "since"),
                 ("timeline", "until"), ("node", "node"), ("referrers", "node"),
                 ("one-sided", "proposal")}
    declared = {(name, p.name) for name, query in q.named_queries().items()
                for p in query.params}
    assert declared == covered | elsewhere


def test_claim_parameters(engine, listings):
    claims = _values(listings["claims"], "claim")
    attacked = _values(listings["rebuttals"], "claim")
    assert claims and attacked
    for claim in claims + attacked:
        for name in ("rebuttals", "relations", "claim-sources"):
            _check(engine, name, {"claim": claim},
                   [row for row in listings[name] if row["claim"] == claim])
        _check(engine, "assertions", {"claim": claim},
               [row for row in listings["assertions"] if row["claim"] == claim])


def test_actor_parameters(engine, listings):
    actors = _values(listings["assertions"], "actor")
    assert actors
    for actor in actors:
        _check(engine, "assertions", {"actor": actor},
               [row for row in listings["assertions"] if row["actor"] == actor])
        theirs = _check(engine, "claims", {"actor": actor},
                        [row for row in listings["claims"] if actor in row["actors"]])
        asserted = {row["claim"] for row in theirs}
        _check(engine, "rebutted", {"actor": actor},
               [row for row in listings["rebutted"] if row["claim"] in asserted])
        _check(engine, "self-sourced", {"actor": actor},
               [row for row in listings["self-sourced"] if row["claim"] in asserted])
        timeline = q.run_named(engine, "timeline", {"actor": actor}).rows
        assert [row for row in timeline if row["type"] == "assertion"] == \
            [row for row in listings["timeline"]
             if row["type"] == "assertion" and row["actor"] == actor]
        _check(engine, "memberships", {"actor": actor},
               [row for row in listings["memberships"] if row["member"] == actor])
        _check(engine, "positions", {"actor": actor},
               [row for row in listings["positions"] if row["actor"] == actor])


def test_group_parameters(engine, listings):
    groups = _values(listings["memberships"], "organization")
    assert groups
    for group in groups:
        _check(engine, "memberships", {"group": group},
               [row for row in listings["memberships"] if row["organization"] == group])
        members = _check(engine, "actors", {"group": group},
                         [row for row in listings["actors"] if group in row["groups"]])
        side = {group} | {row["actor"] for row in members}
        theirs = _check(engine, "claims", {"group": group},
                        [row for row in listings["claims"] if side & set(row["actors"])])
        asserted = {row["claim"] for row in theirs}
        _check(engine, "rebutted", {"group": group},
               [row for row in listings["rebutted"] if row["claim"] in asserted])
        for attacked in (True, False):
            _check(engine, "claims", {"group": group, "attacked": attacked},
                   [row for row in theirs if bool(row["attacked_by"]) == attacked])


def test_claim_filters(engine, listings):
    rows = listings["claims"]
    for topic in _values(listings["topics"], "topic"):
        _check(engine, "claims", {"topic": topic}, [r for r in rows if topic in r["topics"]])
    for flag in (True, False):
        _check(engine, "claims", {"attacked": flag}, [r for r in rows
                                                      if bool(r["attacked_by"]) == flag])
        _check(engine, "claims", {"unsourced": flag}, [r for r in rows
                                                       if (not r["sources"]) == flag])
        _check(engine, "claims", {"reviewed": flag}, [r for r in rows
                                                      if bool(r["reviews"]) == flag])


def test_source_review_position_and_kind_parameters(engine, listings):
    for source in _values(listings["citing"], "source"):
        _check(engine, "citing", {"source": source},
               [row for row in listings["citing"] if row["source"] == source])
        _check(engine, "assertions", {"source": source},
               [row for row in listings["assertions"] if row["source"] == source])
    reviews = listings["reviews"]
    for target in _values(reviews, "of") + _values(reviews, "claim"):
        _check(engine, "reviews", {"target": target},
               [row for row in reviews if target in (row["of"], row["claim"])])
    for verdict in _values(reviews, "verdict"):
        _check(engine, "reviews", {"verdict": verdict},
               [row for row in reviews if row["verdict"] == verdict])
    positions = listings["positions"]
    for proposal in _values(positions, "proposal"):
        _check(engine, "positions", {"proposal": proposal},
               [row for row in positions if row["proposal"] == proposal])
    for stance in ("for", "against"):
        _check(engine, "positions", {"stance": stance},
               [row for row in positions if row["stance"] == stance])
    for choice, kind_name in (("person", "Person"), ("group", "PoliticalGroup"),
                              ("organisation", "Organisation"),
                              ("institution", "Institution")):
        _check(engine, "actors", {"kind": choice},
               [row for row in listings["actors"] if kind_name in row["kinds"]])
    for choice, kind_name in (("ruling", "CourtRuling"), ("legal-act", "LegalAct"),
                              ("report", "Report"), ("statement", "Statement")):
        _check(engine, "sources", {"kind": choice},
               [row for row in listings["sources"] if kind_name in row["kinds"]])
    votes = listings["votes"]
    for body in _values(votes, "voting_body"):
        voted = {row["vote"] for row in votes if row["voting_body"] == body}
        _check(engine, "votes", {"body": body}, [row for row in votes if row["vote"] in voted])
