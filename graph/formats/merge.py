"""Importing a file into the data: read, validate, report conflicts, merge atomically.

An *import* reads a file of any importable format into a new graph (with provenance for every
node, see :mod:`graph.formats._common`), merges it into the data file and validates the result
(SHACL shapes and references, :func:`graph.validate.check_graph`) **before** anything is
written; the write is atomic and under the data file's lock (:func:`graph.store.transaction`),
so a failed import leaves the file byte-identical.

A *conflict* is the same IRI with a different text: ``am:text`` (per language),
``rdfs:label``, ``foaf:name``, ``dcterms:title`` or ``skos:prefLabel``.  Conflicts are reported
and refuse the import unless the user chooses ``prefer="ours"`` (keep the data file's values)
or ``prefer="theirs"`` (take the imported ones).  Other single values of nodes that already
exist (dates, kinds, ends of a relation) are never overwritten silently: the data file's value
is kept unless ``prefer="theirs"``.

Complexity: O(T) for T triples of the two graphs, plus validation.

>>> conflict_predicates()[0]
rdflib.term.URIRef('https://w3id.org/argmap/ns#text')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS

from graph.errors import ArgmapError, DataError
from graph.vocab import AM, BMS, SDO

from . import Format, get, guess
from ._common import local_id

__all__ = ["ImportResult", "read_import", "import_file", "plan_merge", "conflict_predicates"]

#: Single-valued properties whose value the data file keeps unless the user prefers theirs.
_SINGLE = (DCTERMS.issued, DCTERMS.publisher, AM.date, AM.firstStated, AM.attackKind,
           AM.conclusion, AM.attacker, AM.target, AM.actor, AM.claim, AM.source, AM.verdict,
           AM.stance, AM.proposal, AM.confidence)

_SOURCE_KINDS = (AM.CourtRuling, AM.LegalAct, AM.Report, AM.Opinion, AM.Letter, AM.Study,
                 AM.Statement, AM.PressRelease, AM.NewsArticle, AM.WebPage, AM.DebateRecord)

#: Files larger than this are refused before parsing (an argument map is text, not a dump).
MAX_BYTES = 64 * 1024 * 1024


def conflict_predicates() -> tuple[URIRef, ...]:
    """Properties whose differing values are a conflict (same IRI, different text)."""
    return (AM.text, RDFS.label, FOAF.name, DCTERMS.title, SKOS.prefLabel)


@dataclass
class ImportResult:
    """What an import did (or, with ``dry_run``, would do)."""

    path: str
    format: str
    target: str
    added: int = 0
    removed: int = 0
    nodes: list[dict] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)
    written: bool = False


def _read_bytes(path: Path, label: str) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DataError("no such file", path=label) from None
    if size > MAX_BYTES:
        raise DataError(f"file is {size // (1024 * 1024)} MB; argmap imports files up to "
                        f"{MAX_BYTES // (1024 * 1024)} MB", path=label)
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise DataError("is a folder (a CSV import needs nodes.csv in it)", path=label) from None
    except PermissionError:
        raise DataError("permission denied", path=label) from None


def read_import(path: str | Path, format: str | None = None) -> tuple[Graph, Format]:
    """Parse the file at *path* (format from *format* or its name) into a new graph."""
    path = Path(path)
    label = str(path)
    if not path.exists():
        raise DataError("no such file", path=label)
    fmt = get(format) if format else guess(path, importing=True)
    if not fmt.imports:
        fmt.import_  # raises the "can only be exported" error
    if fmt.multi_file:
        folder = path if path.is_dir() else path.parent
        nodes = folder / "nodes.csv" if path.is_dir() else path
        data = {"nodes.csv": _read_bytes(nodes, str(nodes))}
        edges = folder / "edges.csv"
        if edges.exists() and edges != nodes:
            data["edges.csv"] = _read_bytes(edges, str(edges))
        graph = fmt.import_(data, name=str(folder))
    else:
        graph = fmt.import_(_read_bytes(path, label), name=label)
    blank = next((t for t in graph if any(isinstance(x, BNode) for x in t)), None)
    if blank is not None:
        raise DataError("blank nodes are not allowed in argmap data (give every node an IRI): "
                        f"{' '.join(x.n3() for x in blank)[:160]}", path=label)
    return graph, fmt


_PER_LANGUAGE = (AM.text,)


def _key(obj, predicate=None) -> str | None:
    """``am:text`` may have one value per language; the other texts are single-valued."""
    if predicate is not None and predicate not in _PER_LANGUAGE:
        return None
    return obj.language if isinstance(obj, Literal) else None


def plan_merge(ours: Graph, theirs: Graph, prefer: str | None = None
               ) -> tuple[set, set, list[dict]]:
    """The triples to add and to remove to merge *theirs* into *ours*, and the conflicts.

    With ``prefer=None`` conflicts are only reported (the caller refuses); ``"ours"`` keeps our
    values, ``"theirs"`` replaces them.
    """
    if prefer not in (None, "ours", "theirs"):
        raise ArgmapError(f"--prefer must be 'ours' or 'theirs', not {prefer!r}")
    theirs = align(ours, theirs)
    to_add = {t for t in theirs if t not in ours}
    to_add = _without_redundant_provenance(ours, theirs, to_add)
    to_remove: set = set()
    conflicts: list[dict] = []
    checked = set(conflict_predicates()) | set(_SINGLE) | {RDF.type}
    for subject, predicate in sorted({(s, p) for s, p, _ in to_add if p in checked}, key=str):
        if (subject, None, None) not in ours:
            continue
        mine = list(ours.objects(subject, predicate))
        if not mine:
            continue
        new = [o for o in theirs.objects(subject, predicate)]
        for language in sorted({_key(o, predicate) for o in new}, key=lambda k: k or ""):
            ours_l = sorted(str(o) for o in mine if _key(o, predicate) == language)
            theirs_l = sorted(str(o) for o in new if _key(o, predicate) == language)
            if not ours_l or ours_l == theirs_l:
                continue
            if predicate in conflict_predicates():
                conflicts.append({"id": local_id(subject), "property": local_id(predicate)
                                  .rsplit("#", 1)[-1].rsplit("/", 1)[-1],
                                  "language": language or "", "ours": "; ".join(ours_l),
                                  "theirs": "; ".join(theirs_l)})
            if prefer == "theirs":
                to_remove |= {(subject, predicate, o) for o in mine
                              if _key(o, predicate) == language}
            else:  # ours, or undecided: never add a second value silently
                to_add -= {(subject, predicate, o) for o in new if _key(o, predicate) == language}
    return to_add, to_remove, conflicts


def _index(graph: Graph, cls, predicates) -> dict:
    found = {}
    for node in graph.subjects(RDF.type, cls):
        for predicate in predicates:
            for value in graph.objects(node, predicate):
                found.setdefault((predicate, " ".join(str(value).split()).casefold()), node)
    return found


def align(ours: Graph, theirs: Graph) -> Graph:
    """*theirs* with its new nodes renamed to the data's nodes they are the same as.

    Formats without argmap IRIs (AIF, Kialo, CSV rows without IDs) name nodes after their text;
    a claim whose text is a text of a claim in the data *is* that claim, an actor with the
    same name that actor, a source with the same URL or title that source, and a support or
    attack with the same ends that relation.  Nodes the data already has keep their IRI.
    """
    rename: dict = {}
    rules = [((AM.Claim, AM.Proposal), (AM.text,)),
             ((AM.Person, AM.Organisation, AM.PoliticalGroup, AM.Institution), (FOAF.name,)),
             ((AM.Source,) + _SOURCE_KINDS, (SDO.url, DCTERMS.title)),
             ((SKOS.Concept,), (SKOS.prefLabel,))]
    for classes, predicates in rules:
        index = {}
        for cls in classes:
            index.update(_index(ours, cls, predicates))
        for cls in classes:
            for node in set(theirs.subjects(RDF.type, cls)):
                if (node, None, None) in ours or node in rename:
                    continue
                for predicate in predicates:
                    match = next((index[(predicate, " ".join(str(v).split()).casefold())]
                                  for v in theirs.objects(node, predicate)
                                  if (predicate, " ".join(str(v).split()).casefold()) in index), None)
                    if match is not None:
                        rename[node] = match
                        break
    # what the file says about a node it only names the same way is the data's business:
    # keep the references to it, not the file's description of it
    renamed = Graph()
    for s, p, o in theirs:
        if s not in rename:
            renamed.add((s, p, rename.get(o, o)))
    # relations with the same ends as one in the data are that relation
    relation_rename = {}
    existing_supports = {(frozenset(ours.objects(n, AM.premise)), ours.value(n, AM.conclusion)): n
                         for n in ours.subjects(RDF.type, AM.Support)}
    existing_attacks = {(ours.value(n, AM.attacker), ours.value(n, AM.target)): n
                        for n in ours.subjects(RDF.type, AM.Attack)}
    for node in set(renamed.subjects(RDF.type, AM.Support)):
        key = (frozenset(renamed.objects(node, AM.premise)), renamed.value(node, AM.conclusion))
        if (node, None, None) not in ours and key in existing_supports:
            relation_rename[node] = existing_supports[key]
    for node in set(renamed.subjects(RDF.type, AM.Attack)):
        target = renamed.value(node, AM.target)
        key = (renamed.value(node, AM.attacker), relation_rename.get(target, target))
        if (node, None, None) not in ours and key in existing_attacks:
            relation_rename[node] = existing_attacks[key]
    existing_assertions = {(ours.value(n, AM.claim), ours.value(n, AM.actor), ours.value(n, AM.source)): n
                           for n in ours.subjects(RDF.type, AM.Assertion)}
    for node in set(renamed.subjects(RDF.type, AM.Assertion)):
        key = (renamed.value(node, AM.claim), renamed.value(node, AM.actor),
               renamed.value(node, AM.source))
        if (node, None, None) not in ours and key in existing_assertions:
            relation_rename[node] = existing_assertions[key]
    if relation_rename:
        result = Graph()
        for s, p, o in renamed:
            if s in relation_rename and p not in (AM.statedBy, AM.statedIn):
                continue  # the relation is the data's; the file may only add who stated it
            result.add((relation_rename.get(s, s), p, relation_rename.get(o, o)))
        renamed = result
    return renamed


def _is_import_provenance(node) -> bool:
    """The source and the "unknown" actor an importer makes for the imported file itself."""
    text = str(node)
    return (text.startswith(str(BMS) + "source/import-")
            or text.startswith(str(BMS) + "actor/unknown-author-of-"))


def _without_redundant_provenance(ours: Graph, theirs: Graph, to_add: set) -> set:
    """Drop the import file's own provenance where the data already has the node it vouches
    for: re-importing an export must not add "the file said so" to what the data knows."""
    existing = {s for s, _, _ in to_add if (s, None, None) in ours}
    redundant = set()
    for subject, predicate, obj in to_add:
        if subject in existing and predicate in (AM.statedBy, AM.statedIn) \
                and _is_import_provenance(obj):
            redundant.add((subject, predicate, obj))
    for assertion in set(theirs.subjects(RDF.type, AM.Assertion)):
        claim = theirs.value(assertion, AM.claim)
        if (claim, None, None) in ours and _is_import_provenance(theirs.value(assertion, AM.source)) \
                and (assertion, None, None) not in ours:
            redundant |= set(theirs.triples((assertion, None, None)))
    kept = to_add - redundant
    used = {o for _, _, o in kept if _is_import_provenance(o)}
    return {t for t in kept if not _is_import_provenance(t[0]) or t[0] in used}


def _nodes(added: set, removed: set, ours: Graph, merged: Graph) -> list[dict]:
    rows = {}
    for subject, _, _ in sorted(added | removed, key=lambda t: str(t[0])):
        if subject in rows or not isinstance(subject, URIRef):
            continue
        kinds = sorted(local_id(t).rsplit("#", 1)[-1] for t in merged.objects(subject, RDF.type))
        rows[subject] = {"id": local_id(subject), "kind": ", ".join(kinds),
                         "change": "changed" if (subject, None, None) in ours else "new"}
    return list(rows.values())


def _summarise_conflicts(conflicts: list[dict], limit: int = 3) -> str:
    shown = "; ".join(f"{c['id']} {c['property']}{'@' + c['language'] if c['language'] else ''}: "
                      f"{c['ours'][:40]!r} here, {c['theirs'][:40]!r} in the file"
                      for c in conflicts[:limit])
    more = f"; and {len(conflicts) - limit} more" if len(conflicts) > limit else ""
    return (f"{len(conflicts)} conflict{'s' if len(conflicts) != 1 else ''} (same IRI, "
            f"different text): {shown}{more}; nothing was written — choose --prefer ours or "
            "--prefer theirs (or --dry-run --json to see them all)")


def import_file(path: str | Path, target: str | Path, format: str | None = None,
                dry_run: bool = False, prefer: str | None = None) -> ImportResult:
    """Import the file at *path* into the data file *target* (see the module doc)."""
    from graph.store import read_graph, save_graph, transaction
    from graph.validate import check_graph

    theirs, fmt = read_import(path, format)
    target = Path(target)
    result = ImportResult(path=str(path), format=fmt.name, target=str(target))

    def merge_into(ours: Graph) -> Graph:
        to_add, to_remove, conflicts = plan_merge(ours, theirs, prefer)
        result.conflicts = conflicts
        if conflicts and prefer is None and not dry_run:
            raise ArgmapError(_summarise_conflicts(conflicts))
        before = Graph()
        for triple in ours:
            before.add(triple)
        for triple in to_remove:
            ours.remove(triple)
        for triple in to_add:
            ours.add(triple)
        result.added, result.removed = len(to_add), len(to_remove)
        result.nodes = _nodes(to_add, to_remove, before, ours)
        focus = sorted({s for s, _, _ in to_add | to_remove if isinstance(s, URIRef)}, key=str)
        if focus:
            check_graph(ours, focus=focus)
        return ours

    if not dry_run and target.exists():
        # nothing to change: leave the file alone (not even rewritten in canonical form)
        probe = ImportResult(path=str(path), format=fmt.name, target=str(target))
        to_add, to_remove, conflicts = plan_merge(read_graph(target).graph, theirs, prefer)
        if not to_add and not to_remove and not (conflicts and prefer is None):
            return probe
    if dry_run or not target.exists():
        ours = read_graph(target).graph if target.exists() else Graph()
        merged = merge_into(ours)
        if not dry_run:
            save_graph(merged, target)
            result.written = True
        return result
    with transaction(target) as ours:
        merge_into(ours)
    result.written = True
    return result
