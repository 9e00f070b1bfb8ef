"""AIF, the Argument Interchange Format, as AIFdb and OVA write it (JSON), and AIF RDF.

AIF is a graph of *I-nodes* (information: claims) and *S-nodes* (scheme applications): an
**RA** node is an inference (premise I-nodes → RA → conclusion I-node: argmap's ``am:Support``),
a **CA** node a conflict (attacker I → CA → attacked I-node, or → RA-node for an undercut:
``am:Attack``).  The dialogue layer records who said what: an **L** node is a locution
("Speaker : words"), a **YA** node its illocutionary anchor ("Asserting") pointing at the
I-node it asserts, a **TA** node a transition between locutions.  Speakers are in
``locutions[] {nodeID, personID}`` and ``participants[] {participantID, firstname, surname}``.

Mapping: claim ↔ I-node (text); assertion ↔ L + YA("Asserting") + locution (speaker, date,
``source`` = the source's URL or title; the L-node text carries the verbatim quote when there is
one); support ↔ RA("Default Inference"); attack ↔ CA("Default Conflict").  Short labels,
topics, reviews, positions and argmap IRIs have no place in AIF and are not carried.

Import is tolerant of what real files contain: integer node IDs (OVA3), mixed ``"7"``/``7`` in
edges, no ``locutions`` key (old corpora), duplicate locutions, the xAIF wrapper
``{"AIF": {...}, "OVA": ...}``; MA, PA and TA nodes are read and ignored.  AIF RDF is accepted
in both namespaces in use (``http://www.arg.dundee.ac.uk/aif#`` and ``http://www.arg.tech/aif#``).
Problems raise :class:`DataError` with the JSON pointer of the bad value.

Complexity: O(N + E) for N nodes and E edges.  Reference: AIFdb ``actions/json.php`` and
``actions/rdf.php`` (johnlawrence/AIFdb); Chesñevar et al., "Towards an Argument Interchange
Format", Knowledge Engineering Review 21(4), 2006.

>>> from graph.formats._common import ImportBuilder
>>> doc = {"nodes": [{"nodeID": 1, "text": "A", "type": "I"}, {"nodeID": 2, "text": "B",
...        "type": "I"}, {"nodeID": 3, "text": "RA", "type": "RA"}],
...        "edges": [{"fromID": 1, "toID": 3}, {"fromID": "3", "toID": 2}]}
>>> import json
>>> g = import_(json.dumps(doc).encode(), name="tiny.json")
>>> from graph.vocab import AM
>>> len(list(g.subjects(predicate=AM.premise)))
1
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from graph.errors import DataError
from graph.vocab import AIF, AIF_TECH, AM, SDO

from ._common import ArgumentView, ImportBuilder, argument_view, decode_text

__all__ = ["export", "import_", "NODE_TYPES", "to_aif"]

#: Node types AIF tools write ("" is OVA's untyped node).
NODE_TYPES = frozenset({"I", "L", "RA", "CA", "MA", "PA", "TA", "YA", ""})

_SCHEMES = {"RA": ("Default Inference", "72"), "CA": ("Default Conflict", "71"),
            "YA": ("Asserting", "74")}


# --- export -------------------------------------------------------------------------------------

def _timestamp(date) -> str | None:
    if date is not None and getattr(date, "datatype", None) == XSD.date:
        return f"{date} 00:00:00"
    return None


def _split_name(name: str, is_person: bool) -> tuple[str, str]:
    if is_person and " " in name.strip():
        first, last = name.strip().rsplit(" ", 1)
        return first, last
    return name.strip(), ""


def to_aif(view: ArgumentView) -> dict:
    """The AIF JSON document (a dict) of an argument view; node IDs are numbered strings."""
    nodes, edges, locutions, participants = [], [], [], []
    counter = [0]

    def new_id() -> str:
        counter[0] += 1
        return str(counter[0])

    def node(text: str, kind: str, timestamp: str | None = None) -> str:
        nid = new_id()
        entry = {"nodeID": nid, "text": text, "type": kind}
        if timestamp:
            entry["timestamp"] = timestamp
        if kind in _SCHEMES:
            entry["scheme"], entry["schemeID"] = _SCHEMES[kind]
        nodes.append(entry)
        return nid

    def edge(src: str, dst: str) -> None:
        edges.append({"edgeID": new_id(), "fromID": src, "toID": dst, "formEdgeID": None})

    person_ids: dict = {}
    for actor in view.actors.values():
        pid = str(len(person_ids) + 1)
        person_ids[actor.iri] = pid
        first, last = _split_name(actor.name, actor.kind == AM.Person)
        participants.append({"participantID": pid, "firstname": first, "surname": last})

    i_nodes: dict = {}
    for claim in view.claims.values():
        dates = [a.date for a in claim.assertions if _timestamp(a.date)]
        i_nodes[claim.iri] = node(claim.text, "I", _timestamp(min(dates)) if dates else None)
        for assertion in claim.assertions:
            speaker = view.actors.get(assertion.actor)
            speaker_name = speaker.name if speaker else "Unknown"
            words = str(assertion.quotes[0]) if assertion.quotes else claim.text
            stamp = _timestamp(assertion.date)
            l_node = node(f"{speaker_name} : {words}", "L", stamp)
            ya_node = node("Asserting", "YA", stamp)
            edge(l_node, ya_node)
            edge(ya_node, i_nodes[claim.iri])
            source = view.sources.get(assertion.source)
            source_text = None
            if source is not None:
                source_text = source.urls[0] if source.urls else source.title
            locution = {"nodeID": l_node,
                        "personID": person_ids.get(assertion.actor),
                        "timestamp": stamp, "start": None, "end": None, "source": source_text}
            locutions.append(locution)
    s_nodes: dict = {}
    for support in view.supports.values():
        if support.conclusion not in i_nodes or not support.premises:
            continue
        ra = node("Default Inference", "RA")
        s_nodes[support.iri] = ra
        for premise in support.premises:
            if premise in i_nodes:
                edge(i_nodes[premise], ra)
        edge(ra, i_nodes[support.conclusion])
    for attack in view.attacks.values():
        target = i_nodes.get(attack.target) or s_nodes.get(attack.target)
        if attack.attacker not in i_nodes or target is None:
            continue
        ca = node("Default Conflict", "CA")
        edge(i_nodes[attack.attacker], ca)
        edge(ca, target)
    return {"nodes": nodes, "edges": edges, "locutions": locutions,
            "participants": participants}


def export(graph: Graph, *, focus=None, depth=None) -> bytes:
    """AIF JSON as AIFdb writes it (string IDs, ``formEdgeID: null``, locutions, participants)."""
    document = to_aif(argument_view(graph))
    return (_dumps(document) + "\n").encode("utf-8")


_SCALARS = {type(None): lambda v: "null", bool: lambda v: "true" if v else "false",
            int: int.__repr__, str: json.encoder.encode_basestring}


def _dumps(value, level: int = 0) -> str:
    """``json.dumps(value, indent=1, ensure_ascii=False)``, the same text, made in less time and
    memory for documents as large as AIF's.

    With ``indent``, :mod:`json` falls back to its pure-Python encoder, which yields every
    bracket, key and value as a separate string: 20 million of them, over 1 GB, for 100,000
    claims.  Here each dict or list is one string, built from the C string encoder; values
    other than dicts, lists, strings, integers, booleans and None go to :func:`json.dumps`.
    """
    encode = _SCALARS.get(type(value))
    if encode is not None:
        return encode(value)
    inner = "\n" + " " * (level + 1)
    if type(value) is dict:
        if not value:
            return "{}"
        items = [f"{_key(key)}: {_dumps(item, level + 1)}" for key, item in value.items()]
        return "{" + inner + ("," + inner).join(items) + "\n" + " " * level + "}"
    if type(value) is list:
        if not value:
            return "[]"
        items = [_dumps(item, level + 1) for item in value]
        return "[" + inner + ("," + inner).join(items) + "\n" + " " * level + "]"
    return json.dumps(value, ensure_ascii=False)


def _key(key) -> str:
    if type(key) is str:
        return json.encoder.encode_basestring(key)
    return json.dumps({key: 0}, ensure_ascii=False)[1:-4]  # json's own key rules (numbers …)


# --- import: JSON ---------------------------------------------------------------------------

def _fail(name: str, pointer: str, message: str) -> DataError:
    return DataError(f"{pointer}: {message}" if pointer else message, path=name)


def _node_id(value, name: str, pointer: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _fail(name, pointer, f"expected a string or integer ID, got {type(value).__name__}")
    return str(value).strip()


def _decode_json(data: bytes, name: str):
    text = decode_text(data, name)
    try:
        return json.loads(text), text
    except json.JSONDecodeError as exc:
        raise DataError(f"JSON syntax error: {exc.msg}", path=name, line=exc.lineno,
                        column=exc.colno) from None
    except RecursionError:
        raise DataError("JSON nested too deeply", path=name) from None


def _unwrap(document, name: str) -> tuple[dict, str]:
    """The AIF part of a document: plain AIF, the xAIF/OVA3 wrapper ``{"AIF": {...}}``."""
    if not isinstance(document, dict):
        raise _fail(name, "/", f"expected a JSON object with 'nodes' and 'edges', got "
                               f"{type(document).__name__}")
    if "nodes" not in document and isinstance(document.get("AIF"), dict):
        return document["AIF"], "/AIF"
    return document, ""


def _list(document: dict, key: str, name: str, base: str, required: bool) -> list:
    if key not in document or document[key] is None:
        if required:
            raise _fail(name, base + "/", f"no '{key}' list (not an AIF document?)")
        return []
    value = document[key]
    if not isinstance(value, list):
        raise _fail(name, f"{base}/{key}", f"expected a list, got {type(value).__name__}")
    return value


def _text(value, name: str, pointer: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise _fail(name, pointer, f"expected text, got {type(value).__name__}")
    return str(value)


def _date(value) -> Literal | None:
    if isinstance(value, str):
        match = re.match(r"^(\d{4}-\d{2}-\d{2})", value.strip())
        if match:
            return Literal(match.group(1), datatype=XSD.date)
    return None


def import_(data: bytes, *, name: str) -> Graph:
    """Read AIF JSON (or AIF RDF) *data* into argmap RDF with provenance."""
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] not in (b"{", b"[") and stripped[:1] != b"":
        return _import_rdf(data, name)
    document, _ = _decode_json(data, name)
    aif, base = _unwrap(document, name)
    nodes_in = _list(aif, "nodes", name, base, True)
    edges_in = _list(aif, "edges", name, base, True)
    locutions_in = _list(aif, "locutions", name, base, False)
    participants_in = _list(aif, "participants", name, base, False)

    nodes: dict[str, dict] = {}
    for index, entry in enumerate(nodes_in):
        pointer = f"{base}/nodes/{index}"
        if not isinstance(entry, dict):
            raise _fail(name, pointer, f"expected an object, got {type(entry).__name__}")
        if "nodeID" not in entry:
            raise _fail(name, pointer, "node has no 'nodeID'")
        nid = _node_id(entry["nodeID"], name, pointer + "/nodeID")
        kind = entry.get("type")
        if not isinstance(kind, str) or kind.strip() not in NODE_TYPES:
            raise _fail(name, pointer + "/type",
                        f"unknown node kind {kind!r} (AIF has {', '.join(sorted(NODE_TYPES - {''}))})")
        if nid in nodes:
            raise _fail(name, pointer + "/nodeID", f"node ID {nid!r} used twice")
        nodes[nid] = {"type": kind.strip(), "text": _text(entry.get("text"), name, pointer + "/text"),
                      "timestamp": entry.get("timestamp"), "participant": entry.get("participantID")}
    incoming: dict[str, list[str]] = defaultdict(list)
    outgoing: dict[str, list[str]] = defaultdict(list)
    for index, entry in enumerate(edges_in):
        pointer = f"{base}/edges/{index}"
        if not isinstance(entry, dict):
            raise _fail(name, pointer, f"expected an object, got {type(entry).__name__}")
        ends = []
        for key in ("fromID", "toID"):
            if key not in entry:
                raise _fail(name, pointer, f"edge has no '{key}'")
            nid = _node_id(entry[key], name, f"{pointer}/{key}")
            if nid not in nodes:
                raise _fail(name, f"{pointer}/{key}", f"no node with ID {nid!r}")
            ends.append(nid)
        src, dst = ends
        if src == dst:
            raise _fail(name, pointer, f"edge from node {src!r} to itself (a cycle)")
        outgoing[src].append(dst)
        incoming[dst].append(src)

    people: dict[str, str] = {}
    for index, entry in enumerate(participants_in):
        pointer = f"{base}/participants/{index}"
        if not isinstance(entry, dict) or "participantID" not in entry:
            raise _fail(name, pointer, "expected an object with 'participantID'")
        pid = _node_id(entry["participantID"], name, pointer + "/participantID")
        full = " ".join(_text(entry.get(k), name, f"{pointer}/{k}")
                        for k in ("firstname", "surname")).strip()
        people[pid] = full or f"participant {pid}"
    speaker_of: dict[str, str] = {}
    locution_of: dict[str, dict] = {}
    for index, entry in enumerate(locutions_in):
        pointer = f"{base}/locutions/{index}"
        if not isinstance(entry, dict) or "nodeID" not in entry:
            raise _fail(name, pointer, "expected an object with 'nodeID'")
        nid = _node_id(entry["nodeID"], name, pointer + "/nodeID")
        if nid not in nodes:
            raise _fail(name, pointer + "/nodeID", f"no node with ID {nid!r}")
        locution_of.setdefault(nid, entry)  # duplicates in real corpora: the first one wins
        person = entry.get("personID")
        if person is not None:
            pid = _node_id(person, name, pointer + "/personID")
            if pid in people:
                speaker_of.setdefault(nid, people[pid])
            else:  # no participants list: the "Speaker : words" prefix names them, else the ID
                prefix = nodes[nid]["text"].split(" : ", 1)[0].strip() \
                    if " : " in nodes[nid]["text"] else ""
                speaker_of.setdefault(nid, prefix or f"participant {pid}")
    for nid, node in nodes.items():  # OVA3 flat files put the participant on the L-node
        if node["type"] == "L" and nid not in speaker_of and node["participant"] is not None:
            pid = str(node["participant"])
            if pid in people:
                speaker_of[nid] = people[pid]

    builder = ImportBuilder(name, "AIF", identifier=_nodeset_id(name))
    actors: dict[str, URIRef] = {}

    def actor_for(speaker: str | None) -> URIRef:
        if not speaker:
            return builder.unknown_actor
        if speaker not in actors:
            actors[speaker] = builder.actor(speaker, speaker)
        return actors[speaker]

    claims: dict[str, URIRef] = {}
    asserted: dict[str, list] = defaultdict(list)
    for nid, node in nodes.items():
        if node["type"] != "L":
            continue
        speaker = speaker_of.get(nid)
        words = node["text"]
        if " : " in words:
            prefix, rest = words.split(" : ", 1)
            speaker = speaker or prefix.strip()
            words = rest
        for ya in outgoing[nid]:
            if nodes[ya]["type"] != "YA":
                continue
            for content in outgoing[ya]:
                if nodes[content]["type"] == "I":
                    asserted[content].append((speaker, words, nid))
    for nid, node in nodes.items():
        if node["type"] != "I":
            continue
        text = " ".join(node["text"].split()) or f"node {nid}"
        claim = builder.mint("claim", text)
        claims[nid] = claim
        builder.graph.add((claim, RDF.type, AM.Claim))
        label = text if len(text) <= 80 else text[:79].rstrip() + "…"
        builder.graph.add((claim, _LABEL, Literal(label, lang=builder.lang)))
        builder.graph.add((claim, AM.text, Literal(text, lang=builder.lang)))
        seen = set()
        for speaker, words, l_node in asserted.get(nid, []):
            actor = actor_for(speaker)
            locution = locution_of.get(l_node, {})
            if (actor, locution.get("source"), words) in seen:
                continue  # the same words said again (real corpora repeat locutions)
            seen.add((actor, locution.get("source"), words))
            date = (_date(locution.get("timestamp")) or _date(nodes[l_node]["timestamp"])
                    or _date(node["timestamp"]))
            quote = " ".join(words.split())
            source = _locution_source(builder, locution.get("source"), date)
            builder.assert_claim(claim, actor, date=date,
                                 quote=quote if quote and quote != text else None, source=source)
        if not seen:
            builder.assert_claim(claim, builder.unknown_actor, date=_date(node["timestamp"]))

    def speakers_of(i_nodes) -> list[URIRef]:
        found = []
        for i in i_nodes:
            for speaker, _, _ in asserted.get(i, []):
                actor = actor_for(speaker)
                if actor not in found:
                    found.append(actor)
        return found or [builder.unknown_actor]

    premise_nodes = set()
    supports: dict[str, URIRef] = {}
    for nid, node in nodes.items():
        if node["type"] != "RA":
            continue
        premises = [p for p in incoming[nid] if nodes[p]["type"] == "I"]
        conclusions = [c for c in outgoing[nid] if nodes[c]["type"] == "I"]
        if not premises or not conclusions:
            continue  # an inference with a missing end says nothing argmap can hold
        for conclusion in conclusions:
            if conclusion in premises:
                raise _fail(name, "", f"RA node {nid!r} infers node {conclusion!r} from itself "
                                      "(a cycle)")
            stated_by = speakers_of(premises)
            support = builder.support([claims[p] for p in premises], claims[conclusion],
                                      actor=stated_by[0])
            for extra in stated_by[1:]:
                builder.graph.add((support, AM.statedBy, extra))
            supports[nid] = support
            premise_nodes.update(premises)
    for nid, node in nodes.items():
        if node["type"] != "CA":
            continue
        attackers = [a for a in incoming[nid] if nodes[a]["type"] == "I"]
        targets = [t for t in outgoing[nid] if nodes[t]["type"] in ("I", "RA")]
        for attacker in attackers:
            for target in targets:
                if attacker == target:
                    raise _fail(name, "", f"CA node {nid!r}: node {attacker!r} attacks itself "
                                          "(a cycle)")
                if nodes[target]["type"] == "RA":
                    if target not in supports:
                        continue
                    target_iri, kind = supports[target], "undercut"
                else:
                    target_iri = claims[target]
                    kind = "undermine" if target in premise_nodes else "rebut"
                stated_by = speakers_of([attacker])
                attack = builder.attack(claims[attacker], target_iri, kind, actor=stated_by[0])
                for extra in stated_by[1:]:
                    builder.graph.add((attack, AM.statedBy, extra))
    return builder.graph


_LABEL = RDFS.label


def _nodeset_id(name: str) -> str | None:
    match = re.search(r"(?:nodeset)?(\d+)", name.rsplit("/", 1)[-1])
    return f"AIFdb nodeset {match.group(1)}" if match else None


def _locution_source(builder: ImportBuilder, value, date) -> URIRef | None:
    """An ``am:Source`` for a locution's ``source`` field (a URL or a title)."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    known = builder.named_sources
    if value in known:
        return known[value]
    node = known[value] = builder.mint("source", value)
    g = builder.graph
    if (node, RDF.type, None) not in g:
        g.add((node, RDF.type, AM.Source))
        g.add((node, DCTERMS.title, Literal(value)))
        g.add((node, DCTERMS.publisher, Literal("named in an AIF locution")))
        g.add((node, DCTERMS.issued, date if date is not None
               else g.value(builder.source, DCTERMS.issued)))
        if re.match(r"^https?://\S+$", value):
            g.add((node, SDO.url, Literal(value, datatype=XSD.anyURI)))
        else:
            g.add((node, DCTERMS.identifier, Literal(value)))
    return node


# --- import: AIF RDF ----------------------------------------------------------------------

def _import_rdf(data: bytes, name: str) -> Graph:
    """AIF RDF (N-Triples, Turtle or RDF/XML) in either AIF namespace."""
    text = decode_text(data, name)
    source = Graph()
    head = text.lstrip()[:200]
    formats = ["xml"] if head.startswith("<?xml") or head.startswith("<rdf:RDF") else ["nt", "turtle"]
    last_error = None
    for rdf_format in formats:
        try:
            # AIF N-Triples seen in the wild lack line breaks between statements.
            payload = re.sub(r"\s\.\s*(?=[<_])", " .\n", text) if rdf_format == "nt" else text
            source = Graph()
            source.parse(data=payload, format=rdf_format)
            last_error = None
            break
        except Exception as exc:  # rdflib raises several kinds
            last_error = exc
    if last_error is not None:
        raise DataError(f"not AIF JSON and not readable RDF: {' '.join(str(last_error).split())[:200]}",
                        path=name) from None
    builder = ImportBuilder(name, "AIF RDF")
    claims: dict = {}
    found = False
    for ns in (AIF, AIF_TECH):
        for node in sorted(source.subjects(RDF.type, ns["I-node"]), key=str):
            found = True
            text_value = source.value(node, ns.claimText)
            label = " ".join(str(text_value or node).split())
            claims[node] = builder.claim(label, label, label)
    if not found:
        raise DataError("no AIF I-nodes (in http://www.arg.dundee.ac.uk/aif# or "
                        "http://www.arg.tech/aif#)", path=name)

    def ends(s_node, prop_name):
        result = set()
        for ns in (AIF, AIF_TECH):
            result.update(o for o in source.objects(s_node, ns[prop_name]))
            result.update(x for x in source.subjects(ns[prop_name], s_node))
        return result

    supports = {}
    premise_nodes = set()
    for ns in (AIF, AIF_TECH):
        for node in sorted(source.subjects(RDF.type, ns["RA-node"]), key=str):
            premises = sorted((p for p in ends(node, "Premise") if p in claims), key=str)
            conclusions = sorted((c for c in ends(node, "Conclusion") if c in claims), key=str)
            for conclusion in conclusions:
                if conclusion in premises:
                    raise DataError(f"RA node {node} infers a claim from itself (a cycle)",
                                    path=name)
                if premises:
                    supports[node] = builder.support([claims[p] for p in premises],
                                                     claims[conclusion])
                    premise_nodes.update(premises)
    for ns in (AIF, AIF_TECH):
        for node in sorted(source.subjects(RDF.type, ns["CA-node"]), key=str):
            attackers = sorted((p for p in ends(node, "Premise") if p in claims), key=str)
            targets = sorted((c for c in ends(node, "Conclusion") if c in claims or c in supports),
                             key=str)
            for attacker in attackers:
                for target in targets:
                    if target == attacker:
                        raise DataError(f"CA node {node}: a claim attacks itself (a cycle)",
                                        path=name)
                    if target in supports:
                        builder.attack(claims[attacker], supports[target], "undercut")
                    else:
                        kind = "undermine" if target in premise_nodes else "rebut"
                        builder.attack(claims[attacker], claims[target], kind)
    return builder.graph
