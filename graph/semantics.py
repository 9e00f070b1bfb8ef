"""Which arguments stand: Dung's acceptability semantics, as extensions and labellings.

An *abstract argumentation framework* (Dung 1995) is a pair ``AF = (A, R)`` of arguments ``A``
and an attack relation ``R ⊆ A × A``; ``(a, b) ∈ R`` reads "a attacks b".  Nothing else about
the arguments matters here: argmap builds the framework of a debate from its RDF graph
(:func:`graph.network.abstract_framework`, explained in ``docs/semantics.md``), and competition
files (apx, tgf, ICCMA'23) give one directly (:mod:`graph.frameworks`).

For a set ``S ⊆ A``:

* ``S`` is *conflict-free* if no member of ``S`` attacks a member of ``S``;
* ``S`` *defends* ``a`` if every attacker of ``a`` is attacked by some member of ``S``;
* ``S`` is *admissible* if it is conflict-free and defends each of its members;
* ``S`` is a *complete extension* if it is admissible and contains every argument it defends;
* the *grounded extension* is the least complete extension (the least fixed point of
  ``F(S) = {a | S defends a}``): what is accepted without any choice;
* a *preferred extension* is a maximal (by ⊆) admissible set — equivalently a maximal complete
  extension: a position that a rational agent may take, defending itself against all attacks;
* a *stable extension* is a conflict-free set that attacks every argument outside it.  A
  framework may have none (an odd attack cycle).

Caminada's *labellings* (Caminada 2006) say the same per argument: a labelling
``L : A → {in, out, undec}`` is *complete* when an argument is ``in`` iff all its attackers are
``out``, and ``out`` iff some attacker is ``in``.  Complete labellings and complete extensions
correspond one to one (``in`` = the extension, ``out`` = what it attacks, ``undec`` = the rest);
grounded = the complete labelling with the fewest ``in``, preferred = maximal ``in``, stable = no
``undec`` (Baroni, Caminada & Giacomin 2011).

An argument is *credulously* accepted under a semantics when it belongs to some extension, and
*skeptically* accepted when it belongs to every extension (vacuously so when there is none: the
ICCMA convention for stable semantics).

Complexity: the grounded labelling takes ``O(|A| + |R|)`` time (:func:`grounded_labelling`, a
queue of arguments whose attackers are all ``out``, as in unit propagation).  Deciding credulous
acceptance is NP-complete for complete, preferred and stable semantics; skeptical acceptance is
coNP-complete for stable and Π₂ᵖ-complete for preferred (Dimopoulos & Torres 1996; Dunne &
Bench-Capon 2002), and there may be exponentially many extensions.  Two exact methods are
provided and chosen by measurement (``benchmarks/semantics.py``, ``docs/semantics.md``):

* ``method="labelling"``: a backtracking search over labellings with the IN / OUT / MUST_OUT /
  BLANK / UNDEC labels of Nofal, Atkinson & Dunne (2014), started from the grounded labelling;
* ``method="sat"``: Caminada's complete-labelling constraints as CNF (Besnard & Doutre 2004;
  Cerutti, Dunne, Giacomin & Vallati 2013), solved by CaDiCaL through PySAT, with blocking
  clauses for enumeration and the PrefSAT loop for maximality;
* ``method="auto"`` (default): labelling for small undecided cores, SAT for larger ones.

Both search only the *undecided core*: arguments the grounded labelling leaves ``undec``.
Arguments it labels ``in`` belong to every complete extension and those it labels ``out`` to
none, so the core decides everything else.

References
----------
.. [1] P. M. Dung, "On the acceptability of arguments and its fundamental role in nonmonotonic
   reasoning, logic programming and n-person games", Artificial Intelligence 77(2), 1995.
.. [2] M. Caminada, "On the issue of reinstatement in argumentation", JELIA 2006, LNCS 4160.
.. [3] P. Baroni, M. Caminada, M. Giacomin, "An introduction to argumentation semantics",
   Knowledge Engineering Review 26(4), 2011.
.. [4] S. Nofal, K. Atkinson, P. E. Dunne, "Algorithms for decision problems in argument systems
   under preferred semantics", Artificial Intelligence 207, 2014.
.. [5] P. Besnard, S. Doutre, "Checking the acceptability of a set of arguments", NMR 2004.
.. [6] F. Cerutti, P. E. Dunne, M. Giacomin, M. Vallati, "Computing preferred extensions in
   abstract argumentation: a SAT-based approach", TAFA 2013, LNCS 8306.

Examples
--------
Reinstatement: ``a`` attacks ``b``, ``b`` attacks ``c``; ``a`` defends ``c``.

>>> af = Framework(["a", "b", "c"], [("a", "b"), ("b", "c")])
>>> sorted(grounded_extension(af))
['a', 'c']
>>> grounded_labelling(af)
{'a': 'in', 'b': 'out', 'c': 'in'}

An even cycle has two preferred (and stable) extensions and an empty grounded one:

>>> cycle = Framework(["a", "b"], [("a", "b"), ("b", "a")])
>>> sorted(sorted(e) for e in preferred_extensions(cycle))
[['a'], ['b']]
>>> evaluate(cycle, "preferred").labels
{'a': 'undec', 'b': 'undec'}
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Hashable, Iterable, NamedTuple, Sequence

from graph.collector import collector_paused
from graph.errors import ArgmapError

__all__ = [
    "IN", "OUT", "UNDEC", "SEMANTICS", "METHODS", "Framework", "Evaluation", "as_framework",
    "grounded_labelling", "grounded_extension", "grounded_trace", "complete_extensions",
    "preferred_extensions", "stable_extensions", "extensions", "labelling_from_extension",
    "credulous_acceptance", "skeptical_acceptance", "evaluate", "is_conflict_free",
    "is_admissible", "is_complete_extension", "is_stable_extension", "is_preferred_extension",
    "sort_key", "claim_status", "argument_status", "Explanation", "explain", "TooManyExtensions",
    "collector_paused",
]

IN = "in"
OUT = "out"
UNDEC = "undec"

#: The semantics argmap computes, by the name the CLI uses.
SEMANTICS = ("grounded", "complete", "preferred", "stable")
#: Exact methods for complete / preferred / stable extensions.
METHODS = ("auto", "labelling", "sat")

#: Undecided cores up to this many arguments go to the labelling search under ``method="auto"``;
#: larger ones to SAT.  Measured with ``benchmarks/semantics.py`` (see docs/semantics.md): the
#: labelling search wins on cores of a dozen or two arguments (no solver set-up); SAT from
#: about 25 on, by 10-100x at 60-160 (and the labelling search blows up beyond).
AUTO_LABELLING_LIMIT = 20


class Framework(NamedTuple):
    """An abstract argumentation framework: arguments and ``(attacker, target)`` pairs.

    Any pair ``(arguments, attacks)`` or a :class:`networkx.DiGraph` (nodes = arguments, edges =
    attacks) is accepted wherever a framework is expected; this tuple is what the file readers
    of :mod:`graph.frameworks` return.
    """

    arguments: Sequence[Hashable]
    attacks: Sequence[tuple[Hashable, Hashable]]

    def to_networkx(self):
        """The framework as a :class:`networkx.DiGraph` (an edge per attack)."""
        import networkx as nx

        digraph = nx.DiGraph()
        digraph.add_nodes_from(self.arguments)
        digraph.add_edges_from(self.attacks)
        return digraph


def as_framework(af: Any) -> Framework:
    """*af* (a :class:`Framework`, an ``(arguments, attacks)`` pair or a DiGraph) as a
    :class:`Framework` with no duplicate arguments or attacks.

    Raises :class:`ValueError` when an attack names an argument that is not in the framework.

    >>> as_framework((["a", "b"], [("a", "b"), ("a", "b")]))
    Framework(arguments=('a', 'b'), attacks=(('a', 'b'),))
    """
    if hasattr(af, "succ") and hasattr(af, "nodes"):
        return Framework(tuple(af.nodes), tuple(af.edges))
    arguments, attacks = af
    arguments = tuple(dict.fromkeys(arguments))
    attacks = tuple(dict.fromkeys((a, b) for a, b in attacks))
    known = set(arguments)
    for a, b in attacks:
        if a not in known or b not in known:
            missing = a if a not in known else b
            raise ValueError(f"attack ({a!r}, {b!r}) names {missing!r}, which is not an argument")
    return Framework(arguments, attacks)


_DIGIT_RUNS = re.compile(r"([0-9]+)")


def sort_key(name: Any) -> tuple:
    """Order argument names naturally: ``2`` before ``10``, then text.

    >>> sorted(["10", "2", "b", "a"], key=sort_key)
    ['2', '10', 'a', 'b']
    """
    parts = _DIGIT_RUNS.split(str(name))  # ASCII digits only: int() rejects "²"
    return tuple([(0, int(p), "") if p.isascii() and p.isdigit() else (1, 0, p)
                  for p in parts if p != ""])


# --- integer-indexed frameworks ---------------------------------------------------------------

class _Indexed:
    """The framework with arguments numbered ``0..n-1`` and adjacency lists both ways."""

    __slots__ = ("names", "index", "attackers", "targets")

    def __init__(self, af: Any):
        with collector_paused():
            self._build(af)

    def _build(self, af: Any) -> None:
        if hasattr(af, "succ") and hasattr(af, "pred"):
            names = list(af.nodes)
            index = {name: i for i, name in enumerate(names)}
            if hasattr(af, "adjacency") and hasattr(af, "reverse") \
                    and [n for n, _ in af.adjacency()] == names:
                # The raw neighbour dicts, both ways, without a view object per node.
                self.targets = [[index[t] for t in nbrs] for _, nbrs in af.adjacency()]
                self.attackers = [[index[a] for a in nbrs]
                                  for _, nbrs in af.reverse(copy=False).adjacency()]
            else:
                succ, pred = af.succ, af.pred
                self.targets = [[index[t] for t in succ[name]] for name in names]
                self.attackers = [[index[a] for a in pred[name]] for name in names]
        else:
            arguments, attacks = af
            names = list(dict.fromkeys(arguments))
            index = {name: i for i, name in enumerate(names)}
            targets: list[list[int]] = [[] for _ in names]
            attackers: list[list[int]] = [[] for _ in names]
            # A repeated attack is kept twice in both lists; every algorithm here counts
            # attackers and targets through the same lists, so repeats cancel out — cheaper
            # than a set of pairs at a million attacks.
            try:
                for a, b in attacks:
                    i, j = index[a], index[b]
                    targets[i].append(j)
                    attackers[j].append(i)
            except KeyError as exc:
                raise ValueError(f"attack ({a!r}, {b!r}) names {exc.args[0]!r}, "
                                 "which is not an argument") from None
            self.targets, self.attackers = targets, attackers
        self.names = names
        self.index = index

    def __len__(self) -> int:
        return len(self.names)


_IN, _OUT, _UNDEC = 1, 2, 0
_CODE_NAMES = {_IN: IN, _OUT: OUT, _UNDEC: UNDEC}


def _grounded_codes(ix: _Indexed, trace: bool = False):
    """Grounded labelling as codes; with *trace*, also the order of labelling and, for each
    ``out`` argument, the ``in`` attacker that made it ``out`` (a well-founded justification)."""
    n = len(ix)
    attackers, targets = ix.attackers, ix.targets
    not_out = [len(a) for a in attackers]  # attackers not (yet) labelled out
    label = [_UNDEC] * n
    order = [0] * n if trace else None
    culprit = [-1] * n if trace else None
    queue = deque(i for i in range(n) if not_out[i] == 0)
    step = 0
    for i in queue:
        label[i] = _IN
    while queue:
        a = queue.popleft()
        if trace:
            step += 1
            order[a] = step
        for b in targets[a]:
            if label[b] != _UNDEC:
                continue
            label[b] = _OUT
            if trace:
                step += 1
                order[b] = step
                culprit[b] = a
            for c in targets[b]:
                not_out[c] -= 1
                if not_out[c] == 0 and label[c] == _UNDEC:
                    label[c] = _IN
                    queue.append(c)
    return label, order, culprit


def grounded_labelling(af: Any) -> dict:
    """The grounded labelling of *af*: ``{argument: "in" | "out" | "undec"}``.

    Linear time, ``O(|A| + |R|)``: unattacked arguments are ``in``; what an ``in`` argument
    attacks is ``out``; an argument all of whose attackers are ``out`` becomes ``in``; what is
    left when nothing changes is ``undec`` (Modgil & Caminada 2009, Algorithm 6.1).

    >>> grounded_labelling(Framework(["a", "b", "c"], [("a", "a"), ("a", "b"), ("c", "c")]))
    {'a': 'undec', 'b': 'undec', 'c': 'undec'}
    >>> grounded_labelling(Framework([], []))
    {}
    """
    ix = _Indexed(af)
    codes, _, _ = _grounded_codes(ix)
    return {name: _CODE_NAMES[code] for name, code in zip(ix.names, codes)}


def grounded_extension(af: Any) -> set:
    """The grounded extension of *af*: the arguments its grounded labelling labels ``in``.

    >>> sorted(grounded_extension(Framework(["1", "2", "3"], [("1", "2"), ("2", "3")])))
    ['1', '3']
    """
    return {name for name, label in grounded_labelling(af).items() if label == IN}


@dataclass
class GroundedTrace:
    """The grounded labelling with the reason for each decided argument.

    ``order[a]`` is the step at which ``a`` was labelled (an ``in`` argument's attackers were all
    labelled ``out`` at earlier steps), ``culprit[a]`` the ``in`` attacker that labelled an
    ``out`` argument ``a``.  Following culprits and attackers from any decided argument ends at
    unattacked arguments: the explanation ``argmap explain`` prints.
    """

    labels: dict
    order: dict
    culprit: dict
    attackers: dict = field(repr=False)


def grounded_trace(af: Any) -> GroundedTrace:
    """The grounded labelling of *af* with its justification (see :class:`GroundedTrace`).

    >>> t = grounded_trace(Framework(["a", "b", "c"], [("a", "b"), ("b", "c")]))
    >>> t.culprit["b"], t.order["a"] < t.order["b"] < t.order["c"]
    ('a', True)
    """
    ix = _Indexed(af)
    codes, order, culprit = _grounded_codes(ix, trace=True)
    names = ix.names
    return GroundedTrace(
        labels={names[i]: _CODE_NAMES[c] for i, c in enumerate(codes)},
        order={names[i]: order[i] for i in range(len(names)) if codes[i] != _UNDEC},
        culprit={names[i]: names[culprit[i]] for i in range(len(names)) if culprit[i] >= 0},
        attackers={names[i]: [names[j] for j in ix.attackers[i]] for i in range(len(names))},
    )


# --- the undecided core -------------------------------------------------------------------------

class _Core:
    """The arguments the grounded labelling leaves undecided, renumbered ``0..m-1``, with the
    attacks among them (attacks from ``out`` arguments no longer matter; no ``in`` argument
    attacks or is attacked by a core argument)."""

    __slots__ = ("ix", "grounded_in", "members", "attackers", "targets")

    def __init__(self, ix: _Indexed):
        codes, _, _ = _grounded_codes(ix)
        self.ix = ix
        self.grounded_in = [i for i, c in enumerate(codes) if c == _IN]
        self.members = [i for i, c in enumerate(codes) if c == _UNDEC]
        local = {g: k for k, g in enumerate(self.members)}
        self.attackers = [[local[a] for a in ix.attackers[g] if a in local] for g in self.members]
        self.targets = [[local[t] for t in ix.targets[g] if t in local] for g in self.members]

    def __len__(self) -> int:
        return len(self.members)

    def to_names(self, local_in: Iterable[int]) -> frozenset:
        names = self.ix.names
        return frozenset([names[i] for i in self.grounded_in]
                         + [names[self.members[k]] for k in local_in])


# --- labelling search (Nofal, Atkinson & Dunne 2014) --------------------------------------------

_BLANK, _L_IN, _L_OUT, _MUST_OUT, _L_UNDEC = 0, 1, 2, 3, 4


def _labelling_search(core: _Core, mode: str, limit: int | None = None) -> list[frozenset]:
    """Enumerate complete / preferred / stable extensions of the core by backtracking.

    Labels: IN (chosen), OUT (attacked by an IN), MUST_OUT (attacks an IN, so must end up OUT),
    UNDEC (decided not IN), BLANK (open).  Choosing IN for an argument makes its targets OUT and
    its attackers MUST_OUT.  Propagation and pruning, each sound for the mode:

    * a BLANK argument whose attackers are all OUT is defended, so every complete extension
      extending the current one contains it: label it IN without branching;
    * an UNDEC or MUST_OUT argument whose attackers are all OUT, or a MUST_OUT argument (UNDEC too
      under stable semantics) with no BLANK attacker left, can never be settled: backtrack;
    * preferred: if IN ∪ BLANK fits inside an extension found already, nothing new lies below.

    Branching tries IN before UNDEC, so an extension found later is never a strict superset of
    one found earlier (the two differ first at an argument the earlier one has IN); keeping the
    leaves that are subsets of no earlier leaf yields exactly the preferred extensions.
    """
    m = len(core)
    attackers, targets = core.attackers, core.targets
    self_attacking = [k in set(targets[k]) for k in range(m)]
    found: list[int] = []  # bitsets of IN sets
    results: list[frozenset] = []
    undecided_label = _MUST_OUT if mode == "stable" else _L_UNDEC
    # Branch on arguments that attack the most first (Nofal et al.'s heuristic).
    priority = sorted(range(m), key=lambda k: (-len(targets[k]), k))

    def settle(label: list[int]) -> bool:
        """Propagate forced labels; False when this branch is dead."""
        changed = True
        while changed:
            changed = False
            for k in range(m):
                lab = label[k]
                if lab == _L_IN or lab == _L_OUT:
                    continue
                all_out = True
                any_blank = False
                for a in attackers[k]:
                    la = label[a]
                    if la != _L_OUT:
                        all_out = False
                        if la == _BLANK:
                            any_blank = True
                if lab == _BLANK:
                    if all_out:
                        if not _set_in(label, k):
                            return False
                        changed = True
                elif all_out:
                    return False  # defended but excluded (UNDEC), or attacks IN yet unattacked
                elif lab == _MUST_OUT and not any_blank:
                    return False
        return True

    def _set_in(label: list[int], k: int) -> bool:
        if self_attacking[k]:
            return False
        label[k] = _L_IN
        for t in targets[k]:
            label[t] = _L_OUT
        for a in attackers[k]:
            if label[a] == _L_IN:
                return False
            if label[a] != _L_OUT:
                label[a] = _MUST_OUT
        return True

    def bits(label: list[int], *wanted: int) -> int:
        value = 0
        for k in range(m):
            if label[k] in wanted:
                value |= 1 << k
        return value

    start = [_BLANK] * m
    for k in range(m):
        if self_attacking[k]:
            start[k] = undecided_label
    stack = [start] if settle(start) else []
    while stack:
        label = stack.pop()
        if mode == "preferred" and found:
            reachable = bits(label, _L_IN, _BLANK)
            if any(reachable & f == reachable for f in found):
                continue
        choice = next((k for k in priority if label[k] == _BLANK), None)
        if choice is None:
            if any(lab == _MUST_OUT for lab in label):
                continue
            chosen = bits(label, _L_IN)
            if mode == "preferred":
                if any(chosen & f == chosen for f in found):
                    continue
                found.append(chosen)
            results.append(core.to_names(k for k in range(m) if label[k] == _L_IN))
            _check_limit(results, limit)
            continue
        # Push UNDEC first so that IN is explored first (stack order).
        excluded = label.copy()
        excluded[choice] = undecided_label
        if settle(excluded):
            stack.append(excluded)
        included = label.copy()
        if _set_in(included, choice) and settle(included):
            stack.append(included)
    return results


# --- SAT (PySAT) ----------------------------------------------------------------------------------

_SAT_SOLVER = "cadical153"


def _complete_cnf(core: _Core) -> list[list[int]]:
    """Caminada's complete labelling as CNF over the core: variable ``k+1`` = "k is in",
    ``m+k+1`` = "k is out" (undec = neither)."""
    m = len(core)
    clauses: list[list[int]] = []
    for k in range(m):
        x_in, x_out = k + 1, m + k + 1
        clauses.append([-x_in, -x_out])
        attackers = core.attackers[k]
        # in(x) <-> every attacker out
        for a in attackers:
            clauses.append([-x_in, m + a + 1])
        clauses.append([x_in] + [-(m + a + 1) for a in attackers])
        # out(x) <-> some attacker in
        for a in attackers:
            clauses.append([-(a + 1), x_out])
        clauses.append([-x_out] + [a + 1 for a in attackers])
    return clauses


def _stable_cnf(core: _Core) -> list[list[int]]:
    """Stable extensions as CNF: conflict-free, and every argument outside is attacked."""
    clauses: list[list[int]] = []
    for k in range(len(core)):
        attackers = core.attackers[k]
        for a in attackers:
            clauses.append([-(k + 1), -(a + 1)])
        clauses.append([k + 1] + [a + 1 for a in attackers])
    return clauses


def _sat_search(core: _Core, mode: str, limit: int | None = None) -> list[frozenset]:
    """Enumerate extensions of the core with a SAT solver.

    complete / stable: solve, record the IN set, block it, repeat.  preferred: PrefSAT
    (Cerutti et al. 2013): find a complete labelling outside every preferred extension found so
    far, grow it while a strictly larger complete one exists, record the maximum, exclude its
    subsets, repeat until unsatisfiable.
    """
    from pysat.solvers import Solver

    m = len(core)
    if m == 0:
        return [core.to_names(())]
    results: list[frozenset] = []
    cnf = _stable_cnf(core) if mode == "stable" else _complete_cnf(core)
    with Solver(name=_SAT_SOLVER, bootstrap_with=cnf) as solver:
        next_var = 2 * m + 1
        while solver.solve():
            model = solver.get_model()
            chosen = [k for k in range(m) if model[k] > 0]
            if mode == "preferred":
                while True:
                    chosen_set = set(chosen)
                    outside = [k + 1 for k in range(m) if k not in chosen_set]
                    if not outside:
                        break
                    activation = next_var
                    next_var += 1
                    solver.add_clause([-activation] + outside)  # strictly larger
                    if not solver.solve(assumptions=[activation] + [k + 1 for k in chosen]):
                        solver.add_clause([-activation])
                        break
                    model = solver.get_model()
                    solver.add_clause([-activation])
                    chosen = [k for k in range(m) if model[k] > 0]
            results.append(core.to_names(chosen))
            _check_limit(results, limit)
            chosen_set = set(chosen)
            outside = [k + 1 for k in range(m) if k not in chosen_set]
            if mode == "preferred":
                if not outside:
                    break
                solver.add_clause(outside)  # no subset of this one again
            else:
                blocking = outside + [-(k + 1) for k in chosen]
                if not blocking:
                    break
                solver.add_clause(blocking)
    return results


# --- extensions -------------------------------------------------------------------------------------

def _choose(method: str, core: _Core) -> str:
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    if method == "auto":
        return "labelling" if len(core) <= AUTO_LABELLING_LIMIT else "sat"
    return method


class TooManyExtensions(ArgmapError):
    """Enumeration stopped: the framework has more extensions than the caller's limit."""


def _check_limit(results: list, limit: int | None) -> None:
    if limit is not None and len(results) > limit:
        raise TooManyExtensions(f"more than {limit:,} extensions; raise the limit, or ask for "
                                "grounded semantics (one extension, linear time)")


def _extensions(af: Any, mode: str, method: str, limit: int | None = None) -> list[frozenset]:
    core = _Core(_Indexed(af))
    if len(core) == 0:
        return [core.to_names(())]
    if _choose(method, core) == "sat":
        found = _sat_search(core, mode, limit)
    else:
        found = _labelling_search(core, mode, limit)
    return _sorted_extensions(found)


def _sorted_extensions(found: Iterable[frozenset]) -> list[frozenset]:
    return sorted(found, key=lambda e: [sort_key(a) for a in sorted(e, key=sort_key)])


def complete_extensions(af: Any, method: str = "auto",
                        limit: int | None = None) -> list[frozenset]:
    """All complete extensions of *af*, sorted.

    >>> [sorted(e) for e in complete_extensions(Framework(["a", "b"], [("a", "b"), ("b", "a")]))]
    [[], ['a'], ['b']]
    """
    return _extensions(af, "complete", method, limit)


def preferred_extensions(af: Any, method: str = "auto",
                         limit: int | None = None) -> list[frozenset]:
    """All preferred extensions of *af* (maximal admissible sets), sorted.

    >>> odd = Framework(["a", "b", "c"], [("a", "b"), ("b", "c"), ("c", "a")])
    >>> preferred_extensions(odd)
    [frozenset()]
    """
    return _extensions(af, "preferred", method, limit)


def stable_extensions(af: Any, method: str = "auto",
                      limit: int | None = None) -> list[frozenset]:
    """All stable extensions of *af*, sorted (possibly none).

    >>> stable_extensions(Framework(["a"], [("a", "a")]))
    []
    """
    return _extensions(af, "stable", method, limit)


def extensions(af: Any, semantics: str = "grounded", method: str = "auto",
               limit: int | None = None) -> list[frozenset]:
    """The extensions of *af* under *semantics* (one of :data:`SEMANTICS`), sorted.

    With *limit*, raise :class:`TooManyExtensions` (an :class:`ArgmapError`) rather than
    enumerate more than *limit* extensions: complete extensions in particular can number
    ``3^(n/2)`` on ``n/2`` independent even cycles.
    """
    if semantics == "grounded":
        return [frozenset(grounded_extension(af))]
    if semantics == "complete":
        return complete_extensions(af, method, limit)
    if semantics == "preferred":
        return preferred_extensions(af, method, limit)
    if semantics == "stable":
        return stable_extensions(af, method, limit)
    raise ValueError(f"unknown semantics {semantics!r}; choose one of {', '.join(SEMANTICS)}")


def labelling_from_extension(af: Any, extension: Iterable) -> dict:
    """Caminada's Ext2Lab: ``in`` = the extension, ``out`` = what it attacks, ``undec`` = rest.

    >>> labelling_from_extension(Framework(["a", "b", "c"], [("a", "b")]), {"a"})
    {'a': 'in', 'b': 'out', 'c': 'undec'}
    """
    fw = as_framework(af)
    members = set(extension)
    attacked = {b for a, b in fw.attacks if a in members}
    return {a: IN if a in members else OUT if a in attacked else UNDEC for a in fw.arguments}


def credulous_acceptance(af: Any, semantics: str = "preferred", method: str = "auto") -> set:
    """Arguments in at least one extension under *semantics*."""
    return set().union(*extensions(af, semantics, method))


def skeptical_acceptance(af: Any, semantics: str = "preferred", method: str = "auto") -> set:
    """Arguments in every extension under *semantics* (all arguments when there is none)."""
    found = extensions(af, semantics, method)
    if not found:
        return set(as_framework(af).arguments)
    return set(found[0]).intersection(*found[1:])


# --- properties (for checks and tests) ------------------------------------------------------------

def is_conflict_free(af: Any, candidate: Iterable) -> bool:
    """No member of *candidate* attacks a member of *candidate*."""
    members = set(candidate)
    return not any(a in members and b in members for a, b in as_framework(af).attacks)


def _defended(fw: Framework, members: set) -> set:
    attacked_by_members = {b for a, b in fw.attacks if a in members}
    attackers: dict = {a: [] for a in fw.arguments}
    for a, b in fw.attacks:
        attackers[b].append(a)
    return {a for a in fw.arguments if all(x in attacked_by_members for x in attackers[a])}


def is_admissible(af: Any, candidate: Iterable) -> bool:
    """Conflict-free and defending each member against every attacker."""
    fw = as_framework(af)
    members = set(candidate)
    return is_conflict_free(fw, members) and members <= _defended(fw, members)


def is_complete_extension(af: Any, candidate: Iterable) -> bool:
    """Admissible and containing every argument it defends (a fixed point of ``F``)."""
    fw = as_framework(af)
    members = set(candidate)
    return is_conflict_free(fw, members) and _defended(fw, members) == members


def is_stable_extension(af: Any, candidate: Iterable) -> bool:
    """Conflict-free and attacking every argument outside it."""
    fw = as_framework(af)
    members = set(candidate)
    attacked = {b for a, b in fw.attacks if a in members}
    return is_conflict_free(fw, members) and attacked | members == set(fw.arguments)


def is_preferred_extension(af: Any, candidate: Iterable, method: str = "auto") -> bool:
    """Admissible and contained in no larger admissible set."""
    members = frozenset(candidate)
    return is_admissible(af, members) and members in preferred_extensions(af, method)


# --- one call for the CLI ---------------------------------------------------------------------------

@dataclass
class Evaluation:
    """What ``argmap status --json`` prints: extensions, acceptance and one label per argument.

    ``labels`` is the grounded labelling for grounded semantics.  For the others an argument is
    ``in`` when it is skeptically accepted (in every extension, and there is at least one),
    ``out`` when every extension attacks it, ``undec`` otherwise.  Lists are sorted with
    :func:`sort_key`.
    """

    semantics: str
    extensions: list
    credulous: list
    skeptical: list
    labels: dict

    def as_dict(self) -> dict:
        return {"semantics": self.semantics, "extensions": self.extensions,
                "credulous": self.credulous, "skeptical": self.skeptical, "labels": self.labels}


def evaluate(af: Any, semantics: str = "grounded", method: str = "auto",
             name=str, limit: int | None = None) -> Evaluation:
    """Extensions, credulous and skeptical acceptance and labels of *af* under *semantics*.

    *name* turns an argument into the string shown (default ``str``; the CLI passes prefixed
    names for IRIs).

    >>> ev = evaluate(Framework(["a", "b", "c"], [("a", "b"), ("b", "a"), ("b", "c")]), "stable")
    >>> ev.extensions, ev.skeptical, ev.labels
    ([['a', 'c'], ['b']], [], {'a': 'undec', 'b': 'undec', 'c': 'undec'})
    """
    if semantics == "grounded":
        return _evaluate_grounded(af, name)
    fw = as_framework(af)
    found = extensions(fw, semantics, method, limit)
    shown: dict = {}

    def show(a) -> str:
        text = shown.get(a)
        if text is None:
            text = shown[a] = name(a)
        return text

    def names(items: Iterable) -> list:
        return sorted((show(a) for a in items), key=sort_key)

    credulous = set().union(*found)
    skeptical = (set(found[0]).intersection(*found[1:]) if found else set(fw.arguments))
    labels = {a: UNDEC for a in fw.arguments}
    if found:
        attacked_by = []
        for extension in found:
            attacked_by.append({b for a, b in fw.attacks if a in extension})
        always_attacked = set(attacked_by[0]).intersection(*attacked_by[1:])
        for a in fw.arguments:
            if a in skeptical:
                labels[a] = IN
            elif a in always_attacked:
                labels[a] = OUT
    return Evaluation(
        semantics=semantics,
        extensions=[names(e) for e in found],
        credulous=names(credulous),
        skeptical=names(skeptical),
        labels={show(a): labels[a] for a in sorted(fw.arguments, key=lambda x: sort_key(show(x)))},
    )


def _evaluate_grounded(af: Any, name) -> Evaluation:
    """:func:`evaluate` for grounded semantics: one labelling, each argument named and its
    sort key computed once (naming 150,000 IRIs is most of the time of a big debate)."""
    ix = _Indexed(af)
    codes, _, _ = _grounded_codes(ix)
    with collector_paused():
        shown = [name(a) for a in ix.names]
        keys = [sort_key(text) for text in shown]
        order = sorted(range(len(shown)), key=keys.__getitem__)
        accepted = [shown[i] for i in order if codes[i] == _IN]
        return Evaluation(
            semantics="grounded",
            extensions=[accepted],
            credulous=list(accepted),
            skeptical=list(accepted),
            labels={shown[i]: _CODE_NAMES[codes[i]] for i in order},
        )


# --- explanations ----------------------------------------------------------------------------------

@dataclass
class Explanation:
    """Why an argument has its label: ``lines`` of text (nested by two-space indents)."""

    argument: Any
    semantics: str
    label: str
    lines: list

    def text(self) -> str:
        return "\n".join(self.lines)

    def as_dict(self, name=str) -> dict:
        return {"id": name(self.argument), "semantics": self.semantics, "label": self.label,
                "explanation": self.lines}


_WORD = {IN: "IN", OUT: "OUT", UNDEC: "UNDECIDED"}


def _join_words(items: list) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def explain(af: Any, argument: Any, semantics: str = "grounded", method: str = "auto",
            name=str, note=None, unattacked_note=None, max_depth: int = 6,
            secondary=None, limit: int | None = None) -> Explanation:
    """Explain the label of *argument* in words: the chain of attackers and defenders.

    Under grounded semantics the explanation follows the order in which the linear algorithm
    labelled the arguments, so it is well founded: an ``out`` argument is shown with the ``in``
    attacker that defeated it, an ``in`` argument with each of its (``out``) attackers, down to
    arguments nothing attacks (Modgil & Caminada's grounded discussion game, read as text).  An
    undecided argument is shown with the attack cycle that keeps it open.  Under the other
    semantics the explanation says in how many extensions the argument is, which extension
    attacks it through what, and then gives the grounded explanation.

    *name* renders an argument, ``note(attacker, target)`` says who made an attack and where,
    ``unattacked_note(argument)`` who put forward an argument nothing attacks.
    ``secondary(attacker, target)`` marks attacks that repeat another one (in a debate, a
    support's copy of its conclusion's attack): they are counted, not spelled out, where other
    attackers already decide the label.

    >>> af = Framework(["a", "b", "c"], [("a", "b"), ("b", "c")])
    >>> print(explain(af, "c").text())
    c is IN: every attacker is OUT:
      - b is OUT: it is attacked by a, which is IN because nothing attacks it.
    """
    fw = as_framework(af)
    if argument not in set(fw.arguments):
        raise ValueError(f"{argument!r} is not an argument of the framework")
    note = note or (lambda attacker, target: "")
    unattacked_note = unattacked_note or (lambda a: "")
    secondary = secondary or (lambda attacker, target: False)
    trace = grounded_trace(fw)
    labels = trace.labels

    def show(a) -> str:
        return str(name(a))

    def attacked_by(attacker, target) -> str:
        text = note(attacker, target)
        return f"{show(attacker)} ({text})" if text else show(attacker)

    def why_in(a, depth: int, explained: set) -> tuple[str, list]:
        """(phrase, sub-lines) saying why the in-argument *a* is in."""
        attackers = sorted(trace.attackers[a], key=lambda b: trace.order.get(b, 0))
        if not attackers:
            origin = unattacked_note(a)
            return (f"IN because nothing attacks it{f' (put forward by {origin})' if origin else ''}.",
                    [])
        if a in explained:
            return "IN (see above).", []
        if depth >= max_depth:
            return f"IN (run explain on {show(a)} for why).", []
        explained.add(a)
        lines = []
        shown = [b for b in attackers if not secondary(b, a)] or attackers
        for b in shown:
            lines += ["  " + line for line in why_out_lines(b, a, depth + 1, explained)]
        if len(shown) < len(attackers):
            lines.append(f"  - and {len(attackers) - len(shown)} more attacker(s) built on "
                         "these, OUT with them.")
        return "IN because every attacker of it is OUT:", lines

    def culprit(b):
        """The IN attacker that defeated *b*: the first one labelled, preferring attacks that
        are not mere copies of another (any IN attacker gives a well-founded explanation)."""
        first = trace.culprit[b]
        if not secondary(first, b):
            return first
        primary = [x for x in set(trace.attackers[b]) if labels[x] == IN and not secondary(x, b)]
        return min(primary, key=lambda x: trace.order[x]) if primary else first

    def why_out_lines(b, attacked, depth: int, explained: set) -> list:
        c = culprit(b)
        phrase, sub = why_in(c, depth, explained)
        return [f"- {show(b)} is OUT: it is attacked by {attacked_by(c, b)}, which is {phrase}"] + sub

    def grounded_lines(a) -> list:
        label = labels[a]
        if label == IN:
            attackers = trace.attackers[a]
            if not attackers:
                origin = unattacked_note(a)
                return [f"{show(a)} is IN: nothing attacks it"
                        f"{f' (put forward by {origin})' if origin else ''}."]
            explained = {a}
            lines = [f"{show(a)} is IN: every attacker is OUT:"]
            ordered = sorted(set(attackers), key=lambda b: trace.order.get(b, 0))
            shown = [b for b in ordered if not secondary(b, a)] or ordered
            for b in shown:
                lines += ["  " + line for line in why_out_lines(b, a, 1, explained)]
            if len(shown) < len(ordered):
                lines.append(f"  - and {len(ordered) - len(shown)} more attacker(s) built on "
                             "these, OUT with them.")
            return lines
        if label == OUT:
            c = culprit(a)
            phrase, sub = why_in(c, 1, {a})
            lines = [f"{show(a)} is OUT: it is attacked by {attacked_by(c, a)}, which is {phrase}"]
            lines += sub
            others = sorted((b for b in set(trace.attackers[a])
                             if labels[b] == IN and b != c and not secondary(b, a)),
                            key=lambda b: (trace.order[b], sort_key(b)))
            if others:
                lines.append("  It is also attacked by " + _join_words(
                    [attacked_by(b, a) for b in others]) + (", which is IN too." if len(others) == 1
                                                            else ", which are IN too."))
            return lines
        undecided = sorted(set(b for b in trace.attackers[a] if labels[b] == UNDEC), key=sort_key)
        undecided = [b for b in undecided if not secondary(b, a)] or undecided
        path, current = [a], a
        seen = {a: 0}
        while True:  # follow undecided attackers until the walk closes a cycle
            nxt = min((b for b in trace.attackers[current] if labels[b] == UNDEC), key=sort_key)
            if nxt in seen:
                cycle = path[seen[nxt]:] + [nxt]
                break
            seen[nxt] = len(path)
            path.append(nxt)
            current = nxt
        steps = [f"{show(cycle[i + 1])} attacks {show(cycle[i])}" for i in range(len(cycle) - 1)]
        cycle_text = steps[0] if len(steps) == 1 else ", ".join(steps[:-1]) + " and " + steps[-1]
        kind = "itself" if len(cycle) == 2 else ("an odd cycle" if (len(cycle) - 1) % 2 else
                                                 "an even cycle")
        if len(undecided) == 1:
            first = [f"{show(a)} is UNDECIDED: no attacker of it is IN, but "
                     f"{attacked_by(undecided[0], a)} is UNDECIDED too."]
        else:
            first = [f"{show(a)} is UNDECIDED: no attacker of it is IN, but {len(undecided)} are "
                     f"UNDECIDED: {_join_words([show(b) for b in undecided])}."]
        if kind == "itself":
            first.append(f"  {show(cycle[0])} attacks itself, so it can never be accepted or "
                         "rejected without a choice.")
        else:
            first.append(f"  {cycle_text}: {kind} of attacks that grounded semantics, which "
                         "makes no choices, cannot break.")
        return first

    if semantics == "grounded":
        return Explanation(argument, semantics, labels[argument], grounded_lines(argument))
    evaluation = evaluate(fw, semantics, method, name=lambda a: a, limit=limit)
    found = extensions(fw, semantics, method, limit)
    label = evaluation.labels[argument]
    count = len(found)
    plural = "extension" if count == 1 else "extensions"
    lines = []
    if count == 0:
        lines.append(f"{show(argument)} is UNDECIDED under {semantics} semantics: the framework "
                     f"has no {semantics} extension (an odd cycle of attacks leaves no stable "
                     "choice).")
    elif label == IN:
        lines.append(f"{show(argument)} is IN under {semantics} semantics: it belongs to every "
                     f"{semantics} extension ({count}).")
    elif label == OUT:
        lines.append(f"{show(argument)} is OUT under {semantics} semantics: every {semantics} "
                     f"extension attacks it:")
        for i, extension in enumerate(found, start=1):
            decisive = min((b for b in trace.attackers[argument] if b in extension), key=sort_key)
            lines.append(f"  - extension {i} through {attacked_by(decisive, argument)}")
    else:
        member = sum(1 for e in found if argument in e)
        if member:
            lines.append(f"{show(argument)} is UNDECIDED under {semantics} semantics: it belongs "
                         f"to {member} of {count} {semantics} {plural} (credulously accepted).")
        else:
            lines.append(f"{show(argument)} is UNDECIDED under {semantics} semantics: it belongs "
                         f"to none of the {count} {semantics} {plural}, but not every one "
                         "attacks it.")
    lines.append("Grounded semantics (what is settled without any choice):")
    lines += ["  " + line for line in grounded_lines(argument)]
    return Explanation(argument, semantics, label, lines)


# --- status of the claims of an RDF debate ------------------------------------------------------------

def argument_status(graph, semantics: str = "grounded", method: str = "auto",
                    mutual_rebuttals: bool = False) -> dict[str, str]:
    """Label of every argument (claim and support) of an RDF debate, keyed by IRI string.

    The debate is turned into an abstract framework as by
    :func:`graph.network.abstract_framework` (claims and supports are arguments; with
    *mutual_rebuttals*, rebuttals run both ways; see ``docs/semantics.md``); labels are as in
    :class:`Evaluation`.
    """
    from graph.network import lean_framework

    framework, _ = lean_framework(graph, mutual_rebuttals=mutual_rebuttals)
    return dict(evaluate(framework, semantics, method).labels)


def claim_status(graph, semantics: str = "grounded", method: str = "auto",
                 mutual_rebuttals: bool = False) -> dict[str, str]:
    """``{claim IRI: "in" | "out" | "undec"}`` for every claim of an RDF debate.

    What ``argmap show``, the HTML map and the exports display.  A claim is ``in`` when it
    survives its rebuttals, ``out`` when an accepted claim defeats it, ``undec`` when the debate
    leaves it open (an unresolved cycle of rebuttals).  *graph* may also be a
    :class:`graph.network.Debate` already read.

    >>> from graph.store import load_graph
    >>> g = load_graph(b'''@prefix am: <https://w3id.org/argmap/ns#> .
    ... <urn:a> a am:Claim . <urn:b> a am:Claim .
    ... <urn:x> a am:Attack ; am:attacker <urn:a> ; am:target <urn:b> ; am:attackKind am:rebut .
    ... ''', format="turtle")
    >>> claim_status(g)
    {'urn:a': 'in', 'urn:b': 'out'}
    >>> claim_status(g, mutual_rebuttals=True)
    {'urn:a': 'undec', 'urn:b': 'undec'}
    """
    from graph.network import lean_framework

    # The same arguments and attacks as abstract_framework, without building a DiGraph; the
    # grounded labelling is keyed by the nodes themselves (IRI strings): no names to sort.
    framework, nodes = lean_framework(graph, mutual_rebuttals=mutual_rebuttals)
    labels = grounded_labelling(framework) if semantics == "grounded" else \
        evaluate(framework, semantics, method).labels
    return {node: labels[node] for node in sorted(nodes) if nodes[node].get("kind") == "claim"}
