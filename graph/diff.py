"""Semantic diff of two versions of an argument map, readable as a changelog.

A line diff of two Turtle files says which lines moved; a *semantic* diff says which claims,
relations, sources, actors and reviews were added, removed or changed.  Nodes are compared by
IRI: a node whose triples (as subject) appear only in the new graph was *added*, only in the old
one *removed*, and in both with different triples *changed* (with the properties that differ).
An assertion added or removed together with its claim is folded into the claim's line
("asserted by … in …").

Versions are files or git revisions: ``git:HEAD~1`` reads the file at that revision with
``git show`` (arguments passed as a list, never through a shell).

Complexity: one pass over the T triples of each graph (two sets and their differences), then
work proportional to the changed nodes only, plus O(n log n) to sort n of them.

References: the changelog style of Keep a Changelog (https://keepachangelog.com/); RDF graph
comparison in ``rdflib.compare`` (blank nodes, if any, are canonicalised first).

>>> from rdflib import Graph, Literal
>>> from graph.vocab import AM, BMS, RDF, RDFS
>>> old, new = Graph(), Graph()
>>> claim = BMS["claim/x"]
>>> for g, text in ((old, "Old text"), (new, "New text")):
...     _ = g.add((claim, RDF.type, AM.Claim)); _ = g.add((claim, AM.text, Literal(text, lang="en")))
>>> [(c.change, c.id) for c in diff_graphs(old, new)]
[('changed', 'claim:x')]
>>> print(changelog(diff_graphs(old, new)).splitlines()[2])
~ claim:x  text changed: "Old text" → "New text"
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, RDF, RDFS, SKOS

from .edit import KIND_CLASSES, short_name
from .errors import ArgmapError, DataError
from .vocab import AM, ACTOR_KINDS, SOURCE_KINDS, STANCES, VERDICTS

__all__ = ["NodeChange", "PropertyChange", "SECTIONS", "diff_graphs", "changelog",
           "changes_as_dict", "load_version", "load_versions", "read_git_file"]

#: Changelog sections, in order, and the node kinds each holds.
SECTIONS: dict[str, tuple[str, ...]] = {
    "Claims": ("claim",),
    "Relations": ("support", "attack"),
    "Assertions": ("assertion",),
    "Sources": ("source",),
    "Actors": ("actor", "membership"),
    "Reviews": ("review",),
    "Events and positions": ("event", "position"),
    "Topics": ("topic",),
    "Other": ("other",),
}
_KIND_ORDER = [kind for kinds in SECTIONS.values() for kind in kinds]
_SINGULAR = {"claim": "claim", "support": "relation", "attack": "relation",
             "assertion": "assertion", "source": "source", "actor": "actor",
             "membership": "membership", "review": "review", "event": "event",
             "position": "position", "topic": "topic", "other": "other node"}
_ATTACK_VERBS = {AM.rebut: "rebuts", AM.undermine: "undermines", AM.undercut: "undercuts"}
_SOURCE_KIND_NAMES = {cls: name for name, cls in SOURCE_KINDS.items()}
_ACTOR_KIND_NAMES = {cls: name for name, cls in ACTOR_KINDS.items()}
_VERDICT_NAMES = {cls: name for name, cls in VERDICTS.items()}
_STANCE_NAMES = {cls: name for name, cls in STANCES.items()}
_TEXT_WIDTH = 90


@dataclass
class PropertyChange:
    """One property of a changed node: the values it lost and the values it gained."""

    property: str
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"property": self.property, "removed": self.removed, "added": self.added}


@dataclass
class NodeChange:
    """A node added, removed or changed between two versions."""

    node: URIRef | BNode
    kind: str
    change: str  # "added", "removed" or "changed"
    summary: str
    properties: list[PropertyChange] = field(default_factory=list)
    folded: list[str] = field(default_factory=list)  # assertions shown on their claim's line

    @property
    def id(self) -> str:
        return short_name(self.node)

    def as_dict(self) -> dict:
        return {"id": self.id, "iri": str(self.node), "kind": self.kind, "change": self.change,
                "summary": self.summary, "properties": [p.as_dict() for p in self.properties],
                "assertions": self.folded}


# --- helpers ------------------------------------------------------------------------------------

def _clip(text: str, width: int = _TEXT_WIDTH) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _quoted(value) -> str:
    return '"' + _clip(value) + '"'


def _term(value) -> str:
    if isinstance(value, Literal):
        return _quoted(value) if value.language or value.datatype is None else str(value)
    return short_name(value)


def _kind(graph: Graph, node) -> str:
    types = set(graph.objects(node, RDF.type))
    for kind, classes in KIND_CLASSES.items():
        if types & set(classes):
            return kind
    name = short_name(node)
    prefix = name.split(":", 1)[0] if ":" in name and not name.startswith("http") else None
    return prefix if prefix in KIND_CLASSES else "other"


def _first(graph: Graph, node, *predicates):
    for predicate in predicates:
        values = sorted(graph.objects(node, predicate), key=lambda v: (v.language != "en"
                                                                       if isinstance(v, Literal)
                                                                       else True, str(v)))
        if values:
            return values[0]
    return None


def _names(graph: Graph, node, predicate) -> str:
    return ", ".join(sorted(short_name(v) for v in graph.objects(node, predicate))) or "?"


def _assertion_phrase(graph: Graph, assertion) -> str:
    actor = _names(graph, assertion, AM.actor)
    source = _names(graph, assertion, AM.source)
    date = graph.value(assertion, AM.date)
    return f"{actor} in {source}" + (f", {date}" if date is not None else "")


def _describe(graph: Graph, node, kind: str) -> str:
    """One-line description of *node* as it is in *graph*."""
    if kind == "claim":
        text = _first(graph, node, AM.text, RDFS.label)
        proposal = " [proposal]" if (node, RDF.type, AM.Proposal) in graph else ""
        return (_quoted(text) if text is not None else "(no text)") + proposal
    if kind == "support":
        return (f"{_names(graph, node, AM.premise)} supports {_names(graph, node, AM.conclusion)}"
                f" (by {_names(graph, node, AM.statedBy)} in {_names(graph, node, AM.statedIn)})")
    if kind == "attack":
        verb = _ATTACK_VERBS.get(graph.value(node, AM.attackKind), "attacks")
        return (f"{_names(graph, node, AM.attacker)} {verb} {_names(graph, node, AM.target)}"
                f" (by {_names(graph, node, AM.statedBy)} in {_names(graph, node, AM.statedIn)})")
    if kind == "assertion":
        return (f"{_names(graph, node, AM.actor)} asserted {_names(graph, node, AM.claim)} in "
                f"{_names(graph, node, AM.source)}"
                + (f", {graph.value(node, AM.date)}" if graph.value(node, AM.date) else ""))
    if kind == "source":
        title = _first(graph, node, DCTERMS.title)
        kinds = sorted(_SOURCE_KIND_NAMES.get(t, short_name(t)) for t in graph.objects(node, RDF.type))
        details = [str(v) for v in (graph.value(node, DCTERMS.publisher),
                                    graph.value(node, DCTERMS.issued)) if v is not None]
        return (_quoted(title) if title is not None else "(no title)") + \
            (f" ({', '.join(details)})" if details else "") + (f" [{', '.join(kinds)}]" if kinds else "")
    if kind == "actor":
        name = _first(graph, node, FOAF.name, RDFS.label)
        kinds = sorted(_ACTOR_KIND_NAMES.get(t, short_name(t)) for t in graph.objects(node, RDF.type))
        return (_quoted(name) if name is not None else "(no name)") + \
            (f" ({', '.join(kinds)})" if kinds else "")
    if kind == "membership":
        start = graph.value(node, AM.startDate)
        as_of = graph.value(node, AM.asOf)
        when = f" since {start}" if start is not None else f" as of {as_of}" if as_of else ""
        return (f"{_names(graph, node, ORG.member)} member of {_names(graph, node, ORG.organization)}"
                f"{when} ({_names(graph, node, AM.statedIn)})")
    if kind == "review":
        verdict = graph.value(node, AM.verdict)
        reason = _first(graph, node, AM.reason)
        return (f"{_names(graph, node, AM.reviewOf)} judged "
                f"{_VERDICT_NAMES.get(verdict, short_name(verdict)) if verdict is not None else '?'} by "
                f"{_names(graph, node, AM.reviewer)}"
                + (f": {_quoted(reason)}" if reason is not None else ""))
    if kind == "position":
        stance = graph.value(node, AM.stance)
        return (f"{_names(graph, node, AM.actor)} "
                f"{_STANCE_NAMES.get(stance, short_name(stance)) if stance is not None else '?'} "
                f"{_names(graph, node, AM.proposal)}")
    if kind in ("event", "topic"):
        label = _first(graph, node, RDFS.label, SKOS.prefLabel)
        date = graph.value(node, DCTERMS.date)
        return (_quoted(label) if label is not None else short_name(node)) + \
            (f" ({date})" if date is not None else "")
    count = len(list(graph.predicate_objects(node)))
    return f"{count} triple{'s' if count != 1 else ''}"


_PROPERTY_WORDS = {AM.text: "text", RDFS.label: "label", DCTERMS.title: "title",
                   FOAF.name: "name", AM.reason: "reason", AM.quote: "quote"}


def _property_changes(lost: set, gained: set) -> list[PropertyChange]:
    """The properties of one node that changed, from its (predicate, object) pairs lost/gained."""
    by_property: dict = {}
    for predicate, value in lost:
        by_property.setdefault(predicate, (set(), set()))[0].add(value)
    for predicate, value in gained:
        by_property.setdefault(predicate, (set(), set()))[1].add(value)
    changes = []
    for predicate in sorted(by_property, key=lambda p: (short_name(p) != "rdf:type", short_name(p))):
        removed, added = by_property[predicate]
        changes.append(PropertyChange(
            "rdf:type" if predicate == RDF.type else short_name(predicate),
            sorted(_term(v) for v in removed), sorted(_term(v) for v in added)))
    return changes


def _changed_summary(changes: list[PropertyChange]) -> str:
    parts = []
    for change in changes:
        word = next((w for p, w in _PROPERTY_WORDS.items() if short_name(p) == change.property),
                    change.property)
        if change.removed and change.added and len(change.removed) == len(change.added) == 1:
            parts.append(f"{word} changed: {change.removed[0]} → {change.added[0]}")
        else:
            bits = [f"+{v}" for v in change.added] + [f"-{v}" for v in change.removed]
            parts.append(f"{word} {' '.join(bits)}")
    return "; ".join(parts)


def _canonical(graph: Graph) -> Graph:
    if any(isinstance(t, BNode) for triple in graph for t in (triple[0], triple[2])):
        from rdflib.compare import to_canonical_graph

        return to_canonical_graph(graph)
    return graph


# --- the diff -----------------------------------------------------------------------------------

def diff_graphs(old: Graph, new: Graph) -> list[NodeChange]:
    """The nodes added, removed or changed from *old* to *new*, in changelog order.

    A node counts by the triples it is the subject of.  Assertions added (or removed) together
    with their claim are folded into the claim's change rather than listed on their own.
    """
    old, new = _canonical(old), _canonical(new)
    # One pass over each graph; only the subjects of differing triples are looked at again.
    old_triples, new_triples = set(old), set(new)
    lost: dict = {}
    gained: dict = {}
    for subject, predicate, obj in old_triples - new_triples:
        lost.setdefault(subject, set()).add((predicate, obj))
    for subject, predicate, obj in new_triples - old_triples:
        gained.setdefault(subject, set()).add((predicate, obj))
    changes: dict = {}
    for node in set(lost) | set(gained):
        in_old, in_new = (node, None, None) in old, (node, None, None) in new
        if in_new and not in_old:
            kind = _kind(new, node)
            changes[node] = NodeChange(node, kind, "added", _describe(new, node, kind))
        elif in_old and not in_new:
            kind = _kind(old, node)
            changes[node] = NodeChange(node, kind, "removed", _describe(old, node, kind))
        else:
            properties = _property_changes(lost.get(node, set()), gained.get(node, set()))
            kind = _kind(new, node)
            changes[node] = NodeChange(node, kind, "changed", _changed_summary(properties),
                                       properties)
    # Fold each assertion into its claim's line when both came (or went) together.
    for node, change in list(changes.items()):
        if change.kind != "assertion" or change.change == "changed":
            continue
        graph = new if change.change == "added" else old
        for claim in graph.objects(node, AM.claim):
            owner = changes.get(claim)
            if owner is not None and owner.change == change.change:
                owner.folded.append(_assertion_phrase(graph, node))
                del changes[node]
                break
    for change in changes.values():
        if change.folded:
            verb = "asserted by" if change.change == "added" else "was asserted by"
            change.folded.sort()
            change.summary += f" ({verb} {'; '.join(change.folded)})"
    order = {"added": 0, "changed": 1, "removed": 2}
    return sorted(changes.values(),
                  key=lambda c: (_KIND_ORDER.index(c.kind) if c.kind in _KIND_ORDER else 99,
                                 order[c.change], str(c.node)))


def _counts(changes: list[NodeChange]) -> str:
    tally: dict = {}
    for change in changes:
        noun = _SINGULAR.get(change.kind, "node")
        tally.setdefault(noun, {}).setdefault(change.change, 0)
        tally[noun][change.change] += 1
    parts = []
    for noun, by_change in tally.items():
        total = sum(by_change.values())
        plural = noun if total == 1 else (noun[:-1] + "ies" if noun.endswith("y") else noun + "s")
        detail = ", ".join(f"{n} {c}" for c, n in sorted(by_change.items(),
                                                        key=lambda i: ("added", "changed",
                                                                       "removed").index(i[0])))
        parts.append(f"{plural}: {detail}")
    return "; ".join(parts)


def changelog(changes: list[NodeChange], old_name: str = "old", new_name: str = "new") -> str:
    """The changes as text: a heading, one section per kind, ``+``/``-``/``~`` lines, a summary."""
    lines = [f"Changes from {old_name} to {new_name}"]
    if not changes:
        return "\n".join(lines + ["no changes"]) + "\n"
    mark = {"added": "+", "removed": "-", "changed": "~"}
    for section, kinds in SECTIONS.items():
        members = [c for c in changes if c.kind in kinds]
        if not members:
            continue
        if len(lines) > 1:
            lines.append("")
        lines.append(f"{section}:")
        for change in members:
            lines.append(f"{mark[change.change]} {change.id}  {change.summary}")
    lines += ["", f"{len(changes)} change{'s' if len(changes) != 1 else ''} ({_counts(changes)})"]
    return "\n".join(lines) + "\n"


def changes_as_dict(changes: list[NodeChange], old_name: str = "old",
                    new_name: str = "new") -> dict:
    """JSON-ready: ``{"old", "new", "summary": {kind: {change: n}}, "changes": [...]}``."""
    summary: dict = {}
    for change in changes:
        summary.setdefault(change.kind, {}).setdefault(change.change, 0)
        summary[change.kind][change.change] += 1
    return {"old": old_name, "new": new_name, "summary": summary,
            "changes": [change.as_dict() for change in changes]}


# --- reading versions ------------------------------------------------------------------------------

def _git(args: list[str], cwd: Path, what: str) -> bytes:
    if shutil.which("git") is None:
        raise ArgmapError(f"{what}: git is not installed")
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ArgmapError(f"{what}: cannot run git ({exc})") from None
    if result.returncode != 0:
        message = " ".join(result.stderr.decode("utf-8", "replace").split())
        raise ArgmapError(f"{what}: {message or 'git failed'}")
    return result.stdout


def read_git_file(revision: str, path: str | Path) -> bytes:
    """The bytes of *path* (a file in a git checkout) at *revision*, via ``git show REV:PATH``."""
    what = f"git:{revision}:{path}"
    if not revision or revision.startswith("-") or any(ch in revision for ch in "\0\n"):
        raise ArgmapError(f"{what}: bad git revision {revision!r}")
    target = Path(path).absolute()
    folder = target.parent
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    top = _git(["rev-parse", "--show-toplevel"], folder, what).decode().strip()
    try:
        relative = target.resolve().relative_to(Path(top).resolve())
    except ValueError:
        raise ArgmapError(f"{what}: {path} is not inside the git repository {top}") from None
    try:
        return _git(["show", f"{revision}:{relative.as_posix()}"], Path(top), what)
    except ArgmapError as exc:
        raise ArgmapError(f"{exc} (no such revision, or no {relative.as_posix()} in it)") from None


def _split_git(spec: str) -> tuple[str, str | None]:
    rest = spec[len("git:"):]
    if ":" in rest:
        revision, path = rest.split(":", 1)
        return revision, path or None
    return rest, None


def load_version(spec: str, default_path: str | Path | None = None) -> Graph:
    """The graph of one version: a file path, or ``git:REV`` / ``git:REV:PATH``."""
    from .store import guess_format, load_graph

    if spec.startswith("git:"):
        revision, path = _split_git(spec)
        path = path or (str(default_path) if default_path is not None else None)
        if path is None:
            raise DataError(f"{spec}: say which file, e.g. git:{revision}:data/claims.ttl")
        data = read_git_file(revision, path)
        return load_graph(data, format=guess_format(path), name=f"git:{revision}:{path}")
    return load_graph(spec)


def load_versions(old: str, new: str,
                  default_path: str | Path | None = None) -> tuple[Graph, Graph]:
    """Both versions; ``git:REV`` without a path takes the path of the other argument, else
    *default_path* (the data file)."""
    def path_of(spec: str) -> str | None:
        if spec.startswith("git:"):
            return _split_git(spec)[1]
        return spec

    return (load_version(old, path_of(new) or default_path),
            load_version(new, path_of(old) or default_path))
