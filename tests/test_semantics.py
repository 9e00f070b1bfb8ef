"""Dung semantics on textbook frameworks, on random ones against brute force, and against PyArg."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings, strategies as st

from graph import semantics as sem
from graph.semantics import Framework

METHODS = ("labelling", "sat")


def fw(arguments: str, attacks: str) -> Framework:
    """``fw("abc", "ab bc")``: one-letter arguments, attacks as two-letter words."""
    return Framework(list(arguments), [(w[0], w[1]) for w in attacks.split()])


def as_sets(extensions) -> set[frozenset]:
    return {frozenset(e) for e in extensions}


def S(*members: str) -> frozenset:
    return frozenset(members)


# --- textbook frameworks: (framework, grounded, complete, preferred, stable) --------------------

TEXTBOOK = {
    "empty framework": (fw("", ""), S(), {S()}, {S()}, {S()}),
    "one unattacked argument": (fw("a", ""), S("a"), {S("a")}, {S("a")}, {S("a")}),
    "simple attack": (fw("ab", "ab"), S("a"), {S("a")}, {S("a")}, {S("a")}),
    "reinstatement": (fw("abc", "ab bc"), S("a", "c"), {S("a", "c")}, {S("a", "c")},
                      {S("a", "c")}),
    "self-attack": (fw("a", "aa"), S(), {S()}, {S()}, set()),
    # probo2's solver test instance a.apx: arg(a). arg(b). att(a,a).
    "self-attack beside an unattacked argument": (fw("ab", "aa"), S("b"), {S("b")}, {S("b")}, set()),
    "even cycle": (fw("ab", "ab ba"), S(), {S(), S("a"), S("b")}, {S("a"), S("b")},
                   {S("a"), S("b")}),
    "odd cycle": (fw("abc", "ab bc ca"), S(), {S()}, {S()}, set()),
    "even cycle of four": (fw("abcd", "ab bc cd da"), S(),
                           {S(), S("a", "c"), S("b", "d")}, {S("a", "c"), S("b", "d")},
                           {S("a", "c"), S("b", "d")}),
    # PyArg's complete-semantics test: b attacks c, c and d attack each other.
    "reinstated even cycle": (fw("bcd", "bc cd dc"), S("b", "d"), {S("b", "d")}, {S("b", "d")},
                              {S("b", "d")}),
    # Floating reinstatement: d is in every preferred extension but not in the grounded one.
    "floating reinstatement": (fw("abcd", "ab ba ac bc cd"), S(),
                               {S(), S("a", "d"), S("b", "d")}, {S("a", "d"), S("b", "d")},
                               {S("a", "d"), S("b", "d")}),
    # An odd cycle attacking an unattacked-by-cycle argument: preferred differs from stable.
    "odd cycle next to an even one": (fw("abcde", "ab bc ca de ed"), S(),
                                      {S(), S("d"), S("e")}, {S("d"), S("e")}, set()),
}

# crustabri's ICCMA'23 test instance (p af 4: 1↔2, 1→3, 2→3, 3↔4), answers from its test file:
# SE-PR ∈ {w 1 4, w 2 4}, DC-CO 3 → NO, DS-PR 4 → YES, grounded empty.
CRUSTABRI = Framework(["1", "2", "3", "4"],
                      [("1", "2"), ("2", "1"), ("1", "3"), ("2", "3"), ("3", "4"), ("4", "3")])


@pytest.mark.parametrize("name", sorted(TEXTBOOK))
@pytest.mark.parametrize("method", METHODS)
def test_textbook_frameworks_have_their_known_extensions(name, method):
    af, grounded, complete, preferred, stable = TEXTBOOK[name]
    assert sem.grounded_extension(af) == grounded
    assert as_sets(sem.extensions(af, "grounded")) == {grounded}
    assert as_sets(sem.complete_extensions(af, method)) == complete
    assert as_sets(sem.preferred_extensions(af, method)) == preferred
    assert as_sets(sem.stable_extensions(af, method)) == stable


@pytest.mark.parametrize("method", METHODS)
def test_iccma23_instance_from_crustabri(method):
    assert sem.grounded_extension(CRUSTABRI) == set()
    assert as_sets(sem.preferred_extensions(CRUSTABRI, method)) == {S("1", "4"), S("2", "4")}
    assert as_sets(sem.stable_extensions(CRUSTABRI, method)) == {S("1", "4"), S("2", "4")}
    assert "3" not in sem.credulous_acceptance(CRUSTABRI, "complete", method)
    assert sem.skeptical_acceptance(CRUSTABRI, "preferred", method) == {"4"}


def test_grounded_labelling_names_every_argument():
    assert sem.grounded_labelling(fw("abcd", "ab bc dd")) == {
        "a": "in", "b": "out", "c": "in", "d": "undec"}


def test_labels_follow_skeptical_acceptance_for_preferred():
    ev = sem.evaluate(fw("abcd", "ab ba ac bc cd"), "preferred")
    assert ev.extensions == [["a", "d"], ["b", "d"]]
    assert ev.skeptical == ["d"] and ev.credulous == ["a", "b", "d"]
    # c is attacked in every extension (by a in one, by b in the other): out.
    assert ev.labels == {"a": "undec", "b": "undec", "c": "out", "d": "in"}


def test_no_stable_extension_leaves_everything_undecided_but_skeptical_is_vacuous():
    ev = sem.evaluate(fw("abc", "ab bc ca"), "stable")
    assert ev.extensions == [] and ev.credulous == []
    assert ev.skeptical == ["a", "b", "c"]  # the ICCMA convention: DS-ST is YES with no extension
    assert set(ev.labels.values()) == {"undec"}


def test_ids_are_sorted_naturally():
    ev = sem.evaluate(Framework([str(i) for i in range(12, 0, -1)], [("10", "2")]), "grounded")
    assert list(ev.labels)[:3] == ["1", "2", "3"]
    assert ev.extensions[0][-1] == "12"


def test_accepts_networkx_digraphs_and_pairs():
    af = fw("abc", "ab bc")
    assert sem.grounded_extension(af.to_networkx()) == {"a", "c"}
    assert sem.grounded_extension((list("abc"), [("a", "b"), ("b", "c")])) == {"a", "c"}


def test_an_attack_on_an_unknown_argument_is_refused():
    with pytest.raises(ValueError, match="not an argument"):
        sem.grounded_labelling((["a"], [("a", "z")]))


def test_unknown_semantics_and_method_are_refused():
    with pytest.raises(ValueError, match="unknown semantics"):
        sem.extensions(fw("a", ""), "ideal")
    with pytest.raises(ValueError, match="unknown method"):
        sem.preferred_extensions(fw("ab", "ab ba"), method="guess")


def test_grounded_handles_a_long_chain_without_recursion():
    n = 200_000  # a recursive algorithm would exceed Python's stack here
    af = Framework([str(i) for i in range(n)], [(str(i), str(i + 1)) for i in range(n - 1)])
    labels = sem.grounded_labelling(af)
    assert labels["0"] == "in" and labels["1"] == "out" and labels[str(n - 1)] == (
        "in" if (n - 1) % 2 == 0 else "out")


# --- explanations -----------------------------------------------------------------------------

def test_explain_out_names_the_accepted_attacker():
    text = sem.explain(fw("abc", "ab bc"), "b").text()
    assert text == "b is OUT: it is attacked by a, which is IN because nothing attacks it."


def test_explain_in_walks_down_to_unattacked_arguments():
    text = sem.explain(fw("abcde", "ab bc dc ed"), "c").text()
    assert text.splitlines()[0] == "c is IN: every attacker is OUT:"
    assert "  - b is OUT: it is attacked by a, which is IN because nothing attacks it." in text
    assert "  - d is OUT: it is attacked by e, which is IN because nothing attacks it." in text


def test_explain_undecided_shows_the_cycle():
    text = sem.explain(fw("abcd", "ab bc ca cd"), "d").text()
    assert text.startswith("d is UNDECIDED: no attacker of it is IN, but c is UNDECIDED too.")
    assert "an odd cycle of attacks" in text


def test_explain_under_preferred_counts_extensions():
    af = fw("abcd", "ab ba ac bc cd")
    assert sem.explain(af, "d", "preferred").lines[0] == (
        "d is IN under preferred semantics: it belongs to every preferred extension (2).")
    lines = sem.explain(af, "c", "preferred").lines
    assert lines[0] == "c is OUT under preferred semantics: every preferred extension attacks it:"
    assert lines[1:3] == ["  - extension 1 through a", "  - extension 2 through b"]


def test_explain_uses_the_given_notes():
    explanation = sem.explain(fw("ab", "ab"), "b", note=lambda x, y: f"{x} said so in 2021",
                              unattacked_note=lambda x: "someone")
    assert explanation.text() == ("b is OUT: it is attacked by a (a said so in 2021), which is IN "
                                  "because nothing attacks it (put forward by someone).")


# --- random frameworks: properties and brute force ----------------------------------------------

@st.composite
def frameworks(draw, max_size: int = 12):
    """Random frameworks of up to *max_size* arguments, from sparse to dense, self-attacks too."""
    n = draw(st.integers(min_value=0, max_value=max_size))
    arguments = [f"a{i}" for i in range(n)]
    pairs = [(a, b) for a in arguments for b in arguments]
    if not pairs:
        return Framework(arguments, [])
    most = draw(st.sampled_from([n, 2 * n, 4 * n, n * n]))
    attacks = draw(st.lists(st.sampled_from(pairs), max_size=min(most, len(pairs)), unique=True))
    return Framework(arguments, attacks)


def brute_force(af: Framework) -> dict[str, set[frozenset]]:
    """Every semantics by enumerating all subsets, straight from Dung's definitions (bitsets)."""
    names = list(af.arguments)
    n = len(names)
    index = {a: i for i, a in enumerate(names)}
    attackers = [0] * n
    targets = [0] * n
    for a, b in af.attacks:
        attackers[index[b]] |= 1 << index[a]
        targets[index[a]] |= 1 << index[b]
    everything = (1 << n) - 1
    conflict_free, admissible, complete, stable = [], [], [], []
    for subset in range(1 << n):
        members = [i for i in range(n) if subset >> i & 1]
        if any(attackers[i] & subset for i in members):
            continue
        conflict_free.append(subset)
        attacked = 0
        for i in members:
            attacked |= targets[i]
        defended = 0
        for i in range(n):
            if attackers[i] & ~attacked == 0:
                defended |= 1 << i
        if subset & ~defended == 0:
            admissible.append(subset)
            if defended == subset:
                complete.append(subset)
        if subset | attacked == everything:
            stable.append(subset)
    preferred = [s for s in admissible if not any(s != t and s & t == s for t in admissible)]
    grounded = min(complete, key=lambda s: bin(s).count("1"))

    def named(subsets):
        return {frozenset(names[i] for i in range(n) if s >> i & 1) for s in subsets}

    return {"grounded": named([grounded]), "complete": named(complete),
            "preferred": named(preferred), "stable": named(stable)}


def attacked_by(af: Framework, members: frozenset) -> set:
    return {b for a, b in af.attacks if a in members}


def defends(af: Framework, members: frozenset) -> set:
    hit = attacked_by(af, members)
    return {x for x in af.arguments if all(a in hit for a, b in af.attacks if b == x)}


@settings(max_examples=300, deadline=None)
@given(frameworks())
def test_random_frameworks_equal_brute_force_with_every_method(af):
    expected = brute_force(af)
    assert as_sets(sem.extensions(af, "grounded")) == expected["grounded"]
    for method in METHODS + ("auto",):
        for semantics in ("complete", "preferred", "stable"):
            assert as_sets(sem.extensions(af, semantics, method)) == expected[semantics], (
                semantics, method)


@settings(max_examples=200, deadline=None)
@given(frameworks())
def test_extensions_have_the_defining_properties(af):
    for semantics in sem.SEMANTICS:
        found = sem.extensions(af, semantics)
        for e in found:
            assert not any(a in e and b in e for a, b in af.attacks), "conflict-free"
            assert e <= defends(af, e), "admissible"
            if semantics in ("grounded", "complete", "preferred"):
                assert defends(af, e) == e, "a complete extension is a fixed point of F"
            if semantics == "stable":
                assert attacked_by(af, e) | e == set(af.arguments), "attacks everything outside"
        if semantics == "preferred":
            assert found, "there is always a preferred extension"
            for e in found:
                for x in set(af.arguments) - e:
                    bigger = e | {x}
                    assert not (not any(a in bigger and b in bigger for a, b in af.attacks)
                                and bigger <= defends(af, bigger)), "maximal"
    grounded = sem.grounded_extension(af)
    assert all(grounded <= e for e in sem.complete_extensions(af)), "grounded is the least"


@settings(max_examples=150, deadline=None)
@given(frameworks())
def test_labels_agree_with_extensions(af):
    for semantics in sem.SEMANTICS:
        ev = sem.evaluate(af, semantics)
        found = [set(e) for e in ev.extensions]
        for a, label in ev.labels.items():
            if semantics == "grounded":
                continue
            if not found:
                assert label == "undec"
            elif all(a in e for e in found):
                assert label == "in"
            elif all(a in attacked_by(af, frozenset(e)) for e in found):
                assert label == "out"
            else:
                assert label == "undec"
    grounded = sem.grounded_labelling(af)
    for a, label in grounded.items():  # a complete labelling (Caminada)
        attackers = [x for x, y in af.attacks if y == a]
        if label == "in":
            assert all(grounded[x] == "out" for x in attackers)
        elif label == "out":
            assert any(grounded[x] == "in" for x in attackers)
        else:
            assert not any(grounded[x] == "in" for x in attackers)
            assert not all(grounded[x] == "out" for x in attackers)


@settings(max_examples=100, deadline=None)
@given(frameworks(max_size=9))
def test_explanations_are_consistent_with_labels(af):
    labels = sem.grounded_labelling(af)
    for a in af.arguments:
        explanation = sem.explain(af, a)
        assert explanation.label == labels[a]
        word = {"in": "IN", "out": "OUT", "undec": "UNDECIDED"}[labels[a]]
        assert explanation.lines[0].startswith(f"{a} is {word}")


# --- an independent implementation: PyArg (python-argumentation) -------------------------------

def pyarg(af: Framework):
    from py_arg.abstract_argumentation_classes.abstract_argumentation_framework import (
        AbstractArgumentationFramework)
    from py_arg.abstract_argumentation_classes.argument import Argument
    from py_arg.abstract_argumentation_classes.defeat import Defeat

    arguments = {a: Argument(a) for a in af.arguments}
    return AbstractArgumentationFramework(
        "af", list(arguments.values()),
        [Defeat(arguments[a], arguments[b]) for a, b in af.attacks])


def pyarg_names(extensions) -> set[frozenset]:
    return {frozenset(a.name for a in e) for e in extensions}


@settings(max_examples=150, deadline=None)
@given(frameworks(max_size=10))
def test_agrees_with_pyarg(af):
    from py_arg.algorithms.semantics.get_complete_extensions import get_complete_extensions
    from py_arg.algorithms.semantics.get_grounded_extension import get_grounded_extension
    from py_arg.algorithms.semantics.get_preferred_extensions import get_preferred_extensions
    from py_arg.algorithms.semantics.get_stable_extensions import get_stable_extensions

    theirs = pyarg(af)
    assert {a.name for a in get_grounded_extension(theirs)} == sem.grounded_extension(af)
    assert pyarg_names(get_complete_extensions(theirs)) == as_sets(sem.complete_extensions(af))
    assert pyarg_names(get_preferred_extensions(theirs)) == as_sets(sem.preferred_extensions(af))
    assert pyarg_names(get_stable_extensions(theirs)) == as_sets(sem.stable_extensions(af))


def test_larger_random_frameworks_agree_between_sat_and_labelling():
    import random

    rng = random.Random(7)
    for size in (30, 45, 60):
        for _ in range(3):
            arguments = [str(i) for i in range(size)]
            attacks = [(a, b) for a, b in itertools.product(arguments, repeat=2)
                       if rng.random() < 2.2 / size]
            af = Framework(arguments, attacks)
            for semantics in ("preferred", "stable"):
                assert as_sets(sem.extensions(af, semantics, "sat")) == as_sets(
                    sem.extensions(af, semantics, "labelling")), (size, semantics)


@pytest.mark.parametrize("method", METHODS)
def test_enumeration_stops_at_the_limit_with_a_clear_error(method):
    # Twelve independent even cycles: 3^12 complete and 2^12 preferred extensions.
    arguments = [f"{side}{i}" for i in range(12) for side in "ab"]
    attacks = [(f"a{i}", f"b{i}") for i in range(12)] + [(f"b{i}", f"a{i}") for i in range(12)]
    af = Framework(arguments, attacks)
    for semantics in ("complete", "preferred", "stable"):
        with pytest.raises(sem.TooManyExtensions, match="more than 50 extensions"):
            sem.extensions(af, semantics, method, limit=50)
    assert len(sem.preferred_extensions(Framework(arguments[:8], attacks[:0]), method,
                                        limit=1)) == 1


def test_explain_under_stable_also_gives_the_grounded_chain():
    lines = sem.explain(fw("abc", "ab bc"), "b", "stable").lines
    assert lines == ["b is OUT under stable semantics: every stable extension attacks it:",
                     "  - extension 1 through a",
                     "Grounded semantics (what is settled without any choice):",
                     "  b is OUT: it is attacked by a, which is IN because nothing attacks it."]
