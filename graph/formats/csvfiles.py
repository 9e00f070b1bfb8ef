"""Two CSV files for spreadsheets: ``nodes.csv`` (claims) and ``edges.csv`` (supports, attacks).

``nodes.csv`` has one row per claim: ``id`` (``claim:slug``), ``kind`` (``claim`` or
``proposal``), ``label``, ``text``, ``topics`` and ``speakers`` (``; ``-separated short IDs),
``first_stated``; and one row per topic (``kind`` = ``topic``, ``label`` its name).  ``edges.csv`` has one row per premise of a support and one per attack:
``id`` (``support:…`` / ``attack:…``; the rows of a support with several premises share it),
``kind`` (``support`` or ``attack``), ``attack_kind`` (rebut / undermine / undercut), ``source``
(premise or attacker), ``target`` (conclusion, attacked claim, or the undercut support),
``stated_by``, ``stated_in``.  A spreadsheet user can add rows and import the pair back; new
rows need only ``id``/``label`` (nodes) and ``kind``/``source``/``target`` (edges).

Assertion details (quotes, dates), sources and actors beyond their IDs are not carried.
Complexity O(V + E).

>>> files = export(__import__("rdflib").Graph())
>>> sorted(files), files["nodes.csv"].decode().splitlines()[0]
(['edges.csv', 'nodes.csv'], 'id,kind,label,text,topics,speakers,first_stated')
"""

from __future__ import annotations

import csv
import io
import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from graph.errors import DataError
from graph.vocab import AM, BMS

from ._common import ImportBuilder, argument_view, decode_text, local_id, replace_provenance

__all__ = ["export", "import_", "NODE_COLUMNS", "EDGE_COLUMNS"]

NODE_COLUMNS = ["id", "kind", "label", "text", "topics", "speakers", "first_stated"]
EDGE_COLUMNS = ["id", "kind", "attack_kind", "source", "target", "stated_by", "stated_in"]


def _rows_to_bytes(columns: list[str], rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in columns})
    return buffer.getvalue().encode("utf-8")


def _cell(value) -> str:
    text = "" if value is None else "; ".join(value) if isinstance(value, list) else str(value)
    # a spreadsheet would run a cell starting with = + - @ as a formula (CSV injection)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export(graph: Graph, *, focus=None, depth=None) -> dict[str, bytes]:
    """``{"nodes.csv": …, "edges.csv": …}``."""
    view = argument_view(graph)
    nodes = []
    for claim in view.claims.values():
        speakers = sorted({local_id(a.actor) for a in claim.assertions if a.actor})
        nodes.append({"id": local_id(claim.iri), "kind": "proposal" if claim.proposal else "claim",
                      "label": claim.label, "text": claim.text,
                      "topics": [local_id(t) for t in claim.topics], "speakers": speakers,
                      "first_stated": claim.first_stated})
    for topic, label in view.topics.items():
        nodes.append({"id": local_id(topic), "kind": "topic", "label": label})
    edges = []
    for support in view.supports.values():
        for premise in support.premises:
            edges.append({"id": local_id(support.iri), "kind": "support", "source": local_id(premise),
                          "target": local_id(support.conclusion) if support.conclusion else None,
                          "stated_by": [local_id(x) for x in support.stated_by],
                          "stated_in": [local_id(x) for x in support.stated_in]})
    for attack in view.attacks.values():
        edges.append({"id": local_id(attack.iri), "kind": "attack", "attack_kind": attack.kind,
                      "source": local_id(attack.attacker), "target": local_id(attack.target),
                      "stated_by": [local_id(x) for x in attack.stated_by],
                      "stated_in": [local_id(x) for x in attack.stated_in]})
    return {"nodes.csv": _rows_to_bytes(NODE_COLUMNS, nodes),
            "edges.csv": _rows_to_bytes(EDGE_COLUMNS, edges)}


# --- import ---------------------------------------------------------------------------------

def _read(data: bytes, label: str, required: list[str]) -> list[tuple[int, dict]]:
    text = decode_text(data, label)
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = reader.fieldnames or []
        missing = [c for c in required if c not in header]
        if missing:
            raise DataError(f"missing column(s) {', '.join(missing)} (header: {','.join(header)})",
                            path=label, line=1)
        rows = []
        for row in reader:
            if None in row:
                raise DataError(f"{len(row[None])} cell(s) more than the header has",
                                path=label, line=reader.line_num)
            rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items()}))
        return rows
    except csv.Error as exc:
        raise DataError(f"CSV error: {exc}", path=label, line=reader.line_num) from None


def _uncell(text: str) -> str:
    return text[1:] if text[:2] in ("'=", "'+", "'-", "'@") else text


def _iri(text: str, kind: str) -> URIRef | None:
    text = text.strip()
    if text.startswith(f"{kind}:"):
        slug = text.split(":", 1)[1]
        if re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug):
            return BMS[f"{kind}/{slug}"]
    if text.startswith(str(BMS) + f"{kind}/"):
        return URIRef(text)
    return None


def _list(text: str) -> list[str]:
    return [t.strip() for t in text.split(";") if t.strip()]


def import_(data, *, name: str) -> Graph:
    """Read ``{"nodes.csv": bytes, "edges.csv": bytes}`` (edges optional) into argmap RDF."""
    if isinstance(data, (bytes, bytearray)):
        data = {"nodes.csv": bytes(data)}
    if "nodes.csv" not in data:
        raise DataError("a CSV import needs nodes.csv (and edges.csv beside it)", path=name)
    prefix = name.rstrip("/") + "/"
    builder = ImportBuilder(name, "CSV")
    g = builder.graph
    claims: dict[str, URIRef] = {}
    node_rows = _read(data["nodes.csv"], prefix + "nodes.csv", ["id", "label"])
    topics: dict[str, URIRef] = {}
    for line, row in node_rows:
        if row.get("kind") == "topic":
            where = {"path": prefix + "nodes.csv", "line": line}
            topic_iri = _iri(row["id"], "topic")
            if topic_iri is None or not row["label"]:
                raise DataError(f"topic {row['id']!r} needs a topic: ID and a label", **where)
            topics[row["id"]] = topic_iri
            g.add((topic_iri, RDF.type, SKOS.Concept))
            g.add((topic_iri, SKOS.prefLabel, Literal(_uncell(row["label"]), lang="en")))
            g.add((topic_iri, SKOS.inScheme, BMS["topic/scheme"]))
            g.add((BMS["topic/scheme"], RDF.type, SKOS.ConceptScheme))
    for line, row in node_rows:
        where = {"path": prefix + "nodes.csv", "line": line}
        key = row["id"]
        if not key:
            raise DataError("empty id", **where)
        kind = row.get("kind") or "claim"
        if kind == "topic":
            continue
        if key in claims:
            raise DataError(f"id {key!r} appears twice", **where)
        if kind not in ("claim", "proposal"):
            raise DataError(f"unknown kind {kind!r} (claim, proposal or topic)", **where)
        label = _uncell(row["label"]) or _uncell(row.get("text", ""))
        if not label:
            raise DataError(f"{key}: no label or text", **where)
        iri = _iri(key, "claim")
        claims[key] = builder.claim(key, label, _uncell(row.get("text", "")) or label, iri=iri,
                                    proposal=kind == "proposal")
        if row.get("first_stated"):
            stated = _date(row["first_stated"])
            if stated is None:
                raise DataError(f"first_stated {row['first_stated']!r} is not a date "
                                "(YYYY-MM-DD, YYYY-MM or YYYY)", **where)
            g.add((claims[key], AM.firstStated, stated))
        for topic in _list(row.get("topics", "")):
            topic_iri = _iri(topic, "topic")
            if topic_iri is None:
                raise DataError(f"topic {topic!r} is not a topic: ID", **where)
            g.add((claims[key], DCTERMS.subject, topic_iri))  # a topic row or an existing one
    if "edges.csv" not in data:
        return g
    supports: dict[str, URIRef] = {}
    rows = _read(data["edges.csv"], prefix + "edges.csv", ["kind", "source", "target"])
    support_rows = [(line, row) for line, row in rows if row["kind"] == "support"]
    attack_rows = [(line, row) for line, row in rows if row["kind"] == "attack"]
    for line, row in rows:
        if row["kind"] not in ("support", "attack"):
            raise DataError(f"unknown kind {row['kind']!r} (support or attack)",
                            path=prefix + "edges.csv", line=line)
    grouped: dict[str, list] = {}
    for line, row in support_rows:
        key = row.get("id") or f"row-{line}"
        grouped.setdefault(key, []).append((line, row))
    for key, group in grouped.items():
        premises, conclusion = [], None
        for line, row in group:
            where = {"path": prefix + "edges.csv", "line": line}
            for end in ("source", "target"):
                if row[end] not in claims:
                    raise DataError(f"{end} {row[end]!r} is not in nodes.csv", **where)
            if conclusion is not None and claims[row["target"]] != conclusion:
                raise DataError(f"support {key} has two conclusions", **where)
            conclusion = claims[row["target"]]
            if claims[row["source"]] == conclusion:
                raise DataError(f"{row['source']} supports itself (a cycle)", **where)
            premises.append(claims[row["source"]])
        supports[key] = builder.support(premises, conclusion, iri=_iri(key, "support"))
        _provenance(g, supports[key], group[0][1])
    for line, row in attack_rows:
        where = {"path": prefix + "edges.csv", "line": line}
        if row["source"] not in claims:
            raise DataError(f"source {row['source']!r} is not in nodes.csv", **where)
        target = claims.get(row["target"]) or supports.get(row["target"])
        if target is None:
            raise DataError(f"target {row['target']!r} is neither in nodes.csv nor a support",
                            **where)
        if target == claims[row["source"]]:
            raise DataError(f"{row['source']} attacks itself (a cycle)", **where)
        kind = row.get("attack_kind") or None
        if kind not in (None, "rebut", "undermine", "undercut"):
            raise DataError(f"unknown attack_kind {kind!r} (rebut, undermine, undercut)", **where)
        if kind == "undercut" and row["target"] not in supports:
            raise DataError("an undercut must target a support ID", **where)
        attack = builder.attack(claims[row["source"]], target, kind,
                                iri=_iri(row.get("id", ""), "attack"))
        _provenance(g, attack, row)
    return g


def _date(text: str):
    from rdflib.namespace import XSD

    for pattern, datatype in ((r"\d{4}-\d{2}-\d{2}", XSD.date), (r"\d{4}-\d{2}", XSD.gYearMonth),
                              (r"\d{4}", XSD.gYear)):
        if re.fullmatch(pattern, text.strip()):
            return Literal(text.strip(), datatype=datatype)
    return None


def _provenance(g: Graph, node: URIRef, row: dict) -> None:
    """``stated_by``/``stated_in`` IDs replace the imported file as who stated it and where."""
    by = [x for x in (_iri(v, "actor") for v in _list(row.get("stated_by", ""))) if x]
    where = [x for x in (_iri(v, "source") for v in _list(row.get("stated_in", ""))) if x]
    replace_provenance(g, node, by, where)
