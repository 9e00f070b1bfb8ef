"""Argdown, the Markdown-like syntax of argument maps (https://argdown.org): export and import.

Argdown has *statements* (``[Title]: text``), *arguments* (``<Title>: description``, optionally
reconstructed as a premise–conclusion structure ``(1) … ---- (2) …``), relations written by
indentation under an element (``+``/``-``/``_`` incoming support/attack/undercut, ``+>``/``->``/
``_>`` outgoing, ``><`` contradiction), tags ``#tag`` and YAML data ``{key: value}`` on elements,
and a YAML front matter between ``===`` lines.

**Export** (argmap → Argdown).  A claim becomes a statement titled by its label, with its topics
as tags and its ID, proposal flag and assertions (actor, source, date, quote, locator) as YAML
data; every attack is an outgoing relation under its attacker (``->`` on a claim, ``_>`` on a
support = undercut), with its ID, kind and provenance in the attacker's data; a support becomes
an argument whose premise–conclusion structure names its premises and conclusion.  Every other
node (sources, actors, topics, reviews, positions, events, memberships) goes into the front
matter under ``argmap: nodes:``, triple for triple, and any property of a claim, support,
attack or assertion that has no Argdown syntax into a ``more:`` entry of its data; so an
argmap → Argdown → argmap round trip gives back the same graph.  Text is escaped so that Argdown's
own parser (``@argdown/cli``) reads back exactly the same words.

**Import** (Argdown → argmap) follows the AIF reading of an Argdown map (as arguebuf does):
every statement (equivalence class) and every argument becomes a claim (an argument's claim is
its gist: title and description); a support relation becomes an ``am:Support``, an attack or
contrary/contradictory relation an ``am:Attack`` (kind rebut, or undermine when its target is a
premise), an undercut an ``am:Attack`` on the support that the undercut argument makes (its
premise–conclusion structure, else its support relation); every premise–conclusion structure
becomes an ``am:Support`` from its premises to its main conclusion.  So an imported file has
*statements + arguments* claims and *relations + reconstructed arguments* supports and attacks.
When the file carries argmap's own YAML data (an export), IDs, assertions, sources and actors are
restored from it.  The importer is a line-oriented reader of Argdown's syntax (the subset real
debates use, see docs/formats.md); syntax it cannot read raises :class:`DataError` with the line.

Complexity: O(n) in the size of the text.  Reference: Argdown syntax guide,
https://argdown.org/syntax/ ; Voigt, "Argdown and the stacked masonry of argument maps" (2018).

>>> text = "[A]: Apples are red.\\n  - [B]: Some apples are green.\\n"
>>> g = import_(text.encode(), name="fruit.argdown")
>>> from graph.vocab import AM
>>> from rdflib.namespace import RDF
>>> len(list(g.subjects(RDF.type, AM.Claim))), len(list(g.subjects(RDF.type, AM.Attack)))
(2, 1)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from graph.errors import DataError
from graph.vocab import AM, BMS, PREFIXES

from ._common import (ArgumentView, GraphIndex, ImportBuilder, argument_view, decode_text,
                      local_id, replace_provenance, slugify)

__all__ = ["export", "import_", "escape_text", "safe_title", "parse"]

# libyaml's C reader and writer when PyYAML has them (a whole debate's front matter is large)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# --- export ---------------------------------------------------------------------------------

# Looked up once: attribute access on an rdflib namespace is slow in per-triple loops.
_RDF_TYPE, _XSD_STRING = RDF.type, XSD.string

_ESCAPE = re.compile(r"[\\/\[\]<>@#*_{}]|[.:](?=\S)|^[+\-><_=(]")
_TITLE_UNSAFE = re.compile(r"[\[\]<>{}\\#@]")


def escape_text(text: str) -> str:
    """*text* on one line, with every character Argdown would read as syntax escaped.

    >>> escape_text("EU 2024/1689: see e.g. [1] #ban")
    'EU 2024\\\\/1689: see e\\\\.g. \\\\[1\\\\] \\\\#ban'
    """
    one_line = " ".join(str(text).split())
    return _ESCAPE.sub(lambda m: "\\" + m.group(), one_line)


def safe_title(text: str) -> str:
    """A title Argdown reads literally (it does not unescape titles): no brackets, braces, ``#``."""
    title = " ".join(_TITLE_UNSAFE.sub(" ", str(text)).split()).strip(" :-")
    return title or "untitled"


def _data(value) -> str:
    """YAML data Argdown's lexer keeps whole: JSON flow style with braces as \\u escapes."""
    def clean(item):
        if isinstance(item, str):
            return item.replace("{", "\ue000").replace("}", "\ue001")  # private-use marks
        if isinstance(item, list):
            return [clean(v) for v in item]
        if isinstance(item, dict):
            return {k: clean(v) for k, v in item.items()}
        return item
    dumped = json.dumps(clean(value), ensure_ascii=False, separators=(", ", ": "))
    # comment marks inside strings: Argdown's lexer keeps data whole, other readers may not
    for mark, escaped in (("//", "/\\u002f"), ("/*", "/\\u002a"), ("<!--", "\\u003c!--")):
        dumped = dumped.replace(mark, escaped)
    return dumped.replace("\ue000", "\\u007b").replace("\ue001", "\\u007d")


def _date_text(date) -> str | None:
    return str(date) if date is not None else None



def _name(term: URIRef) -> str:
    """A prefixed name (``dcterms:title``, ``claim:x``) for *term*, else its full IRI."""
    return _prefixed(str(term))


@lru_cache(maxsize=1 << 16)
def _prefixed(value: str) -> str:
    # Memoised: an export names the same predicates and nodes over and over.
    best = None
    for prefix, namespace in PREFIXES.items():
        ns = str(namespace)
        if value.startswith(ns) and (best is None or len(ns) > len(best[1])):
            local = value[len(ns):]
            if local and "/" not in local and "#" not in local:
                best = (prefix, ns)
    return f"{best[0]}:{value[len(best[1]):]}" if best else value


def _unname(text: str) -> URIRef | None:
    text = str(text)
    if "://" in text or text.startswith("urn:"):
        return URIRef(text)
    if ":" in text:
        prefix, local = text.split(":", 1)
        if prefix in PREFIXES and local and not any(c.isspace() for c in local):
            return URIRef(str(PREFIXES[prefix]) + local)
    return None


def _value(obj):
    """An RDF object as YAML: a string, ``{id}``, ``{text, lang}`` or ``{value, type}``."""
    if isinstance(obj, URIRef):
        return {"id": _name(obj)}
    if isinstance(obj, Literal):
        if obj.language:
            return {"text": str(obj), "lang": obj.language}
        if obj.datatype is None or obj.datatype == _XSD_STRING:
            return str(obj)
        return {"value": str(obj), "type": _name(obj.datatype)}
    return str(obj)


def _term(value):
    if isinstance(value, dict):
        if "id" in value:
            return _unname(value["id"])
        if "text" in value:
            return Literal(str(value["text"]), lang=value.get("lang") or None)
        if "value" in value:
            datatype = _unname(value.get("type", "")) if value.get("type") else None
            return Literal(str(value["value"]), datatype=datatype)
        return None
    if isinstance(value, bool) or value is None:
        return None
    return Literal(str(value))


def _node_data(graph: Graph, node, skip=frozenset()) -> dict:
    """Every triple of *node* except the *skip* predicates, as ``{predicate: [values]}``."""
    data: dict = {}
    for predicate, obj in sorted(graph.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
        if predicate in skip:
            continue
        key = "a" if predicate == _RDF_TYPE else _name(predicate)
        data.setdefault(key, []).append(_value(obj))
    return data


def _add_node_data(graph: Graph, node, data) -> None:
    if not isinstance(data, dict):
        return
    for key, values in data.items():
        predicate = RDF.type if key == "a" else _unname(key)
        if predicate is None:
            continue
        for value in values if isinstance(values, list) else [values]:
            obj = _term(value)
            if obj is not None:
                graph.add((node, predicate, obj))

def _front_matter(graph: Graph, view: ArgumentView, title: str) -> str:
    """Every node that is not a claim, support, attack or assertion (sources, actors, topics,
    reviews, positions, events, memberships), with every triple, under ``argmap: nodes:``."""
    nodes = {}
    shown = set(view.claims) | set(view.supports) | set(view.attacks)
    shown |= {a.iri for c in view.claims.values() for a in c.assertions}
    kept = sorted({s for s in graph.subjects() if s not in shown}, key=str)
    for node in kept:
        if isinstance(node, URIRef) and node not in nodes:
            nodes[node] = _node_data(graph, node)
    tags = {_tag(iri): _name(iri) for iri in view.topics}
    matter = {"title": title, "argmap": {"tags": tags,
                                        "nodes": {_name(k): v for k, v in nodes.items() if v}}}
    dumped = yaml.dump(matter, Dumper=_Dumper, allow_unicode=True, sort_keys=True, width=100)
    if "===" in dumped:  # the front matter ends at the first "===": hide it in escapes
        dumped = yaml.dump(matter, Dumper=_Dumper, allow_unicode=False, sort_keys=True, width=100,
                                default_style='"').replace("=", "\\x3D")
    return "===\n" + dumped + "===\n"


def _tag(topic: URIRef) -> str:
    return slugify(local_id(topic).split(":")[-1].rsplit("/", 1)[-1].rsplit("#", 1)[-1]) or "topic"


def _unique_titles(items: list[tuple[URIRef, str]]) -> dict[URIRef, str]:
    titles: dict[URIRef, str] = {}
    used: set[str] = set()
    for iri, wanted in items:
        title = safe_title(wanted)
        candidate, n = title, 1
        while candidate.lower() in used:
            n += 1
            candidate = f"{title} ({n})"
        used.add(candidate.lower())
        titles[iri] = candidate
    return titles


# Sets: _node_data asks each of a node's predicates whether it is shown elsewhere.
_CLAIM_SHOWN = frozenset((RDF.type, RDFS.label, AM.text, DCTERMS.subject))
_RELATION_SHOWN = frozenset((RDF.type, RDFS.label, RDFS.comment, AM.premise, AM.conclusion,
                             AM.attacker, AM.target, AM.attackKind, AM.statedBy, AM.statedIn))
_ASSERTION_SHOWN = frozenset((RDF.type, AM.actor, AM.claim, AM.source, AM.date, AM.quote,
                              AM.locator))


def to_argdown(graph: Graph, view: ArgumentView | None = None, title: str = "argmap export") -> str:
    """The Argdown text of *graph* (see the module doc for the mapping).

    The graph is read once (:class:`~graph.formats._common.GraphIndex`): the view and every
    node's YAML data come from that snapshot, not from a pattern query per node.
    """
    graph = GraphIndex.of(graph)
    view = view or argument_view(graph)
    claim_titles = _unique_titles([(c.iri, c.label) for c in view.claims.values()])
    support_titles = _unique_titles([
        (s.iri, s.label or f"{view.claim_label(s.premises[0]) if s.premises else 'Support'} "
                           f"supports {view.claim_label(s.conclusion)}")
        for s in view.supports.values()])
    attacks_by_attacker: dict[URIRef, list] = {}
    for attack in view.attacks.values():
        if attack.attacker in view.claims and (attack.target in view.claims
                                               or attack.target in view.supports):
            attacks_by_attacker.setdefault(attack.attacker, []).append(attack)
    out = [_front_matter(graph, view, title), ""]
    out.append("# Claims\n")
    for claim in view.claims.values():
        data: dict = {"id": local_id(claim.iri)}
        if claim.proposal:
            data["proposal"] = True
        more = _node_data(graph, claim.iri, _CLAIM_SHOWN)
        if more:
            data["more"] = more
        # The statement's text is the English text on one line; anything Argdown's text cannot
        # hold exactly (other languages, line breaks, no language tag) goes into the data.
        main = next((t for t in claim.texts if getattr(t, "language", None) == "en"), None)
        if main is not None and str(main) == " ".join(str(main).split()):
            extra = [t for t in claim.texts if t is not main]
        else:
            extra, data["textsOnly"] = list(claim.texts), True
        if extra:
            data["texts"] = [_value(t) for t in extra]
        labels = list(graph.objects(claim.iri, RDFS.label))
        if len(labels) == 1 and getattr(labels[0], "language", None) == "en":
            if claim.label != claim.text:
                data["label"] = claim.label
        else:
            data["labels"] = [_value(x) for x in labels]
        assertions = []
        for a in claim.assertions:
            entry = {"id": local_id(a.iri), "actor": local_id(a.actor) if a.actor else None,
                     "source": local_id(a.source) if a.source else None,
                     "date": _date_text(a.date)}
            if a.quotes:
                entry["quotes"] = [{"text": str(q), "lang": q.language} for q in a.quotes]
            if a.locator:
                entry["locator"] = a.locator
            more = _node_data(graph, a.iri, _ASSERTION_SHOWN)
            if more:
                entry["more"] = more
            assertions.append({k: v for k, v in entry.items() if v is not None})
        if assertions:
            data["assertions"] = assertions
        relations = []
        attacks = []
        for attack in attacks_by_attacker.get(claim.iri, []):
            attacks.append({"id": local_id(attack.iri), "target": local_id(attack.target),
                            "kind": attack.kind,
                            "statedBy": [local_id(x) for x in attack.stated_by],
                            "statedIn": [local_id(x) for x in attack.stated_in]})
            if attack.comment:
                attacks[-1]["comment"] = attack.comment
            more = _node_data(graph, attack.iri, _RELATION_SHOWN)
            if more:
                attacks[-1]["more"] = more
            if attack.target in view.supports:
                relations.append(f"  _> <{support_titles[attack.target]}>")
            else:
                relations.append(f"  -> [{claim_titles[attack.target]}]")
        if attacks:
            data["attacks"] = attacks
        tags = " ".join(f"#{_tag(t)}" for t in claim.topics)
        line = f"[{claim_titles[claim.iri]}]: {escape_text(claim.text)}"
        if tags:
            line += " " + tags
        out.append(f"{line} {_data(data)}")
        out.extend(relations)
        out.append("")
    if view.supports:
        out.append("# Arguments\n")
    for support in view.supports.values():
        if support.conclusion not in claim_titles or not support.premises:
            continue
        data = {"id": local_id(support.iri),
                "statedBy": [local_id(x) for x in support.stated_by],
                "statedIn": [local_id(x) for x in support.stated_in]}
        description = escape_text(support.comment) if support.comment else ""
        if support.label:
            data["label"] = support.label
        more = _node_data(graph, support.iri, _RELATION_SHOWN)
        if more:
            data["more"] = more
        if description:
            out.append(f"<{support_titles[support.iri]}>: {description} {_data(data)}")
        else:  # a definition needs text; a reference may carry the data
            out.append(f"<{support_titles[support.iri]}> {_data(data)}")
        out.append("")
        number = 0
        for premise in support.premises:
            number += 1
            out.append(f"({number}) [{claim_titles[premise]}]")
        out.append("----")
        out.append(f"({number + 1}) [{claim_titles[support.conclusion]}]")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def export(graph: Graph, *, focus=None, depth=None) -> bytes:
    """The graph as an Argdown document (UTF-8)."""
    return to_argdown(graph).encode("utf-8")


# --- import: a reader of Argdown's syntax ------------------------------------------------------

@dataclass
class Element:
    """A statement (equivalence class) or an argument of a parsed Argdown document."""

    kind: str  # "statement" | "argument"
    title: str
    texts: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)
    pcs: list[tuple[str, str]] = field(default_factory=list)  # (statement title, role)
    line: int = 0


@dataclass
class Relation:
    kind: str  # support, attack, undercut, contrary, contradictory, entails
    source: tuple[str, str]  # (kind, title)
    target: tuple[str, str]
    line: int


@dataclass
class Document:
    """What :func:`parse` reads: elements in order, relations, front matter."""

    statements: dict[str, Element] = field(default_factory=dict)
    arguments: dict[str, Element] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    front_matter: dict = field(default_factory=dict)


_FRONT = re.compile(r"\A\s*(===+)\n(.*?)\n===+[ \t]*(?:\n|\Z)", re.S)
_COMMENT = re.compile(r"(?<!\\)<!--.*?-->|(?<!\\)/\*.*?\*/", re.S)
_LINE_COMMENT = re.compile(r"(?<![\\:])//.*$")
_RELATION = re.compile(r"^(?P<indent>[ \t]*)(?P<op><\+|<-|<_|\+>|->|_>|><|\+|-|_)(?=[ \t])[ \t]*(?P<rest>.*)$")
_STATEMENT_DEF = re.compile(r"^\[(?P<title>[^\]]+?)\]:[ \t]*(?P<rest>.*)$", re.S)
_STATEMENT_REF = re.compile(r"^\[(?P<title>[^\]\-][^\]]*?)\][ \t]*(?P<rest>.*)$", re.S)
_ARGUMENT_DEF = re.compile(r"^<(?P<title>[^>]+?)>:[ \t]*(?P<rest>.*)$", re.S)
_ARGUMENT_REF = re.compile(r"^<(?P<title>[^>\-][^>]*?)>[ \t]*(?P<rest>.*)$", re.S)
_PCS_ITEM = re.compile(r"^[ \t]*\((?P<n>\d+)\)[ \t]*(?P<rest>.*)$", re.S)
_INFERENCE = re.compile(r"^[ \t]*--")
_HEADING = re.compile(r"^#+ ")
_LIST_ITEM = re.compile(r"^[ \t]*(?:\d+\.|\*)(?=\s)")
_TAG = re.compile(r"(?<![\\\w])#(\([^)]+\)|[A-Za-z0-9\-\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF]+)")
_OPS = {"+": ("support", "in"), "-": ("attack", "in"), "_": ("undercut", "in"),
        "<+": ("support", "in"), "<-": ("attack", "in"), "<_": ("undercut", "in"),
        "+>": ("support", "out"), "->": ("attack", "out"), "_>": ("undercut", "out"),
        "><": ("contradictory", "out")}


def _split_data(rest: str, line: int, name: str) -> tuple[str, dict]:
    """Text and YAML data ``{...}`` at the end of an element's text."""
    match = re.search(r"(?<!\\)\{.*\}\s*$", rest, re.S)
    if not match:
        return rest, {}
    raw = match.group()
    try:
        data = yaml.load(raw, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        column = (mark.column + 1 + match.start()) if mark is not None and mark.line == 0 else None
        raise DataError(f"bad YAML data {raw[:40]!r}: {getattr(exc, 'problem', exc)}",
                        path=name, line=line, column=column) from None
    if not isinstance(data, dict):
        return rest, {}
    return rest[: match.start()], data


def _clean_text(text: str) -> tuple[str, list[str]]:
    """Argdown text → plain words (escapes removed, tags split off, emphasis marks dropped)."""
    text = re.sub(r"(?<!\\)\[([^\]]+)\]\([^)]+\)", r"\1", text)  # [link](url) -> link
    tags = [t[1:-1] if t.startswith("(") else t for t in _TAG.findall(text)]
    text = _TAG.sub("", text)
    text = re.sub(r"@\[([^\]]+)\]", r"\1", text)
    text = re.sub(r"@<([^>]+)>", r"\1", text)
    text = re.sub(r"(?<!\\)(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    text = re.sub(r"(?<![\\\w])([*_])(?=\S)(.+?)(?<=\S)\1(?!\w)", r"\2", text)
    text = re.sub(r"\\(.)", r"\1", text)
    return " ".join(text.split()), tags


def parse(text: str, name: str = "<argdown>") -> Document:
    """Read Argdown *text* into a :class:`Document` (see the module doc for what is read)."""
    doc = Document()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    offset_lines = 0
    match = _FRONT.match(text)
    if match:
        try:
            front = yaml.load(match.group(2), Loader=_Loader) or {}  # noqa: S506 - safe
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 2 if mark is not None else 1
            raise DataError(f"bad YAML front matter: {getattr(exc, 'problem', exc)}",
                            path=name, line=line) from None
        if not isinstance(front, dict):
            raise DataError("YAML front matter is not a mapping", path=name, line=2)
        doc.front_matter = front
        offset_lines = match.group().count("\n")
        text = text[match.end():]
    model = doc.front_matter.get("model") if isinstance(doc.front_matter, dict) else None
    strict = isinstance(model, dict) and model.get("mode") == "strict"
    # Comments may span lines; blank them out but keep the line count.
    text = _COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text)
    lines = text.split("\n")
    counter = {"untitled": 0}

    def untitled() -> str:
        counter["untitled"] += 1
        return f"Untitled {counter['untitled']}"

    def add_element(kind: str, elements: dict, title: str, body: str, line: int) -> str:
        """Add (or extend: Argdown allows several texts for one title) a statement/argument."""
        body, data = _split_data(body, line, name)
        words, tags = _clean_text(body)
        found = elements.get(title)
        if found is None:
            found = elements[title] = Element(kind, title, line=line)
        if words:
            found.texts.append(words)
        found.tags += [t for t in tags if t not in found.tags]
        found.data.update(data)
        return title

    def statement(title: str | None, body: str, line: int, is_definition: bool) -> str:
        title = title.strip() if title else untitled()
        return add_element("statement", doc.statements, title, body, line)

    def argument(title: str, body: str, line: int) -> str:
        return add_element("argument", doc.arguments, title.strip(), body, line)

    def element_at(body: str, line: int) -> tuple[str, str] | None:
        """Parse one element (definition, reference or untitled statement) from *body*."""
        body = body.strip()
        if not body:
            return None
        if m := _STATEMENT_DEF.match(body):
            return ("statement", statement(m["title"], m["rest"], line, True))
        if m := _ARGUMENT_DEF.match(body):
            return ("argument", argument(m["title"], m["rest"], line))
        if m := _STATEMENT_REF.match(body):
            if not re.match(r"^\([^)]*\)", m["rest"]):  # not a [link](url)
                return ("statement", statement(m["title"], m["rest"], line, False))
        if m := _ARGUMENT_REF.match(body):
            return ("argument", argument(m["title"], m["rest"], line))
        return ("statement", statement(None, body, line, True))

    # Group physical lines into logical blocks: an element continues on following lines until a
    # blank line, a relation line, a PCS item, an inference line or a heading.
    blocks: list[tuple[int, str]] = []  # (first line number, text)
    current: list[str] = []
    start = 0
    for index, raw in enumerate(lines):
        number = index + 1 + offset_lines
        raw = _LINE_COMMENT.sub("", raw)
        stripped = raw.strip()
        begins = (not stripped or _RELATION.match(raw) or _PCS_ITEM.match(raw)
                  or _INFERENCE.match(raw) or (_HEADING.match(raw) and not current)
                  or _LIST_ITEM.match(raw))
        if begins or not current:
            if current:
                blocks.append((start, "\n".join(current)))
                current = []
            if not stripped:
                blocks.append((number, ""))
                continue
            start = number
            current = [raw]
        else:
            current.append(raw)
    if current:
        blocks.append((start, "\n".join(current)))

    stack: list[tuple[int, tuple[str, str]]] = []  # (indent, element) for relations
    pcs_argument: str | None = None  # the argument whose PCS is being read
    pcs_items: list[tuple[str, str]] = []
    in_inference = False
    after_inference = [False]
    pending_argument: str | None = None  # an argument reference/definition that may open a PCS

    def close_pcs() -> None:
        nonlocal pcs_argument, pcs_items
        if pcs_argument is not None and pcs_items:
            # a statement right after an inference line is a conclusion; the last is the main one
            items = list(pcs_items)
            items[-1] = (items[-1][0], "main-conclusion")
            doc.arguments[pcs_argument].pcs = items
        pcs_argument, pcs_items = None, []
        after_inference[0] = False

    for number, block in blocks:
        if not block.strip():
            if pcs_argument is None:
                stack = []
            continue
        if _INFERENCE.match(block):
            line_text = block.strip()
            if pcs_argument is None:
                pcs_argument = pending_argument or argument(untitled_argument(doc), "", number)
            if re.fullmatch(r"-{4,}", line_text):  # "----": a whole inference on one line
                in_inference, after_inference[0] = False, True
            elif in_inference:  # the closing "--" of "-- rule --"
                in_inference, after_inference[0] = False, True
            else:
                in_inference = True
            continue
        if in_inference:
            continue  # inference rules and their data
        if m := _PCS_ITEM.match(block):
            if pcs_argument is None:
                pcs_argument = pending_argument or argument(untitled_argument(doc), "", number)
            role = "intermediary-conclusion" if after_inference[0] else "premise"
            after_inference[0] = False
            pcs_items.append((statement_in_pcs(m["rest"], number, element_at, name), role))
            stack = [(len(block) - len(block.lstrip()), ("statement", pcs_items[-1][0]))]
            continue
        if m := _RELATION.match(block.split("\n", 1)[0]):
            indent = len(m["indent"].expandtabs(4))
            while stack and stack[-1][0] >= indent:
                stack.pop()
            if not stack:
                raise DataError(f"relation {m['op']!r} with nothing above it to relate to",
                                path=name, line=number)
            body = m["rest"] + ("\n" + block.split("\n", 1)[1] if "\n" in block else "")
            target = element_at(body, number)
            if target is None:
                raise DataError(f"relation {m['op']!r} names no statement or argument",
                                path=name, line=number)
            parent = stack[-1][1]
            kind, direction = _OPS[m["op"]]
            source, dest = (target, parent) if direction == "in" else (parent, target)
            if kind == "undercut" and dest[0] != "argument":
                raise DataError("an undercut must point at an argument (<Title>)",
                                path=name, line=number)
            if kind == "contradictory" and doc.statements.get(dest[1]) is None:
                kind = "attack"
            if strict and source[0] == dest[0] == "statement":  # strict mode: logical relations
                kind = {"attack": "contrary", "support": "entails"}.get(kind, kind)
            if source == dest:
                raise DataError(f"{dest[1]!r} {kind}s itself (a cycle)", path=name, line=number)
            doc.relations.append(Relation(kind, source, dest, number))
            stack.append((indent, target))
            continue
        # a top-level element: ends any PCS being read
        if pcs_argument is not None:
            close_pcs()
        pending_argument = None
        if _HEADING.match(block) or _LIST_ITEM.match(block):
            stack = []
            if _LIST_ITEM.match(block):
                body = _LIST_ITEM.sub("", block, count=1)
                element = element_at(body, number)
                if element:
                    stack = [(len(block) - len(block.lstrip()), element)]
            continue
        element = element_at(block, number)
        if element is None:
            continue
        stack = [(len(block) - len(block.lstrip()), element)]
        if element[0] == "argument":
            pending_argument = element[1]
    close_pcs()
    return doc


def untitled_argument(doc: Document) -> str:
    n = 1
    while f"Untitled argument {n}" in doc.arguments:
        n += 1
    return f"Untitled argument {n}"


def statement_in_pcs(rest: str, number: int, element_at, name: str) -> str:
    element = element_at(rest, number)
    if element is None or element[0] != "statement":
        raise DataError("a premise–conclusion line must hold a statement", path=name,
                        line=number)
    return element[1]


# --- import: Argdown document → argmap RDF -----------------------------------------------------

def _iri(text, kind: str) -> URIRef | None:
    if not isinstance(text, str) or ":" not in text:
        return None
    if "://" in text:
        return URIRef(text)
    prefix, slug = text.split(":", 1)
    if prefix != kind or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug):
        return None
    return BMS[f"{kind}/{slug}"]


def _literal_date(value) -> Literal | None:
    if value is None:
        return None
    value = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return Literal(value, datatype=XSD.date)
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return Literal(value, datatype=XSD.gYearMonth)
    if re.fullmatch(r"\d{4}", value):
        return Literal(value, datatype=XSD.gYear)
    return None


def _restore_front_matter(builder: ImportBuilder, front: dict) -> None:
    """Sources, actors, topics and reviews an argmap export put in the front matter."""
    argmap = front.get("argmap") if isinstance(front, dict) else None
    if not isinstance(argmap, dict):
        return
    nodes = argmap.get("nodes")
    if isinstance(nodes, dict):
        for key, data in nodes.items():
            node = _unname(key)
            if node is not None:
                _add_node_data(builder.graph, node, data)
    tags = argmap.get("tags")
    if isinstance(tags, dict):
        for tag, key in tags.items():
            node = _unname(key) if isinstance(key, str) else None
            if node is not None:
                builder.topics[str(tag)] = node


def import_(data: bytes, *, name: str) -> Graph:
    """Read an Argdown document into argmap RDF (see the module doc for the mapping)."""
    text = decode_text(data, name)
    doc = parse(text, name)
    builder = ImportBuilder(name, "Argdown")
    _restore_front_matter(builder, doc.front_matter)
    g = builder.graph
    restored_actor = {}

    def topic_for(tag: str) -> URIRef:
        if tag not in builder.topics:
            node = BMS[f"topic/{slugify(tag)}"]
            builder.topics[tag] = node
            g.add((node, RDF.type, SKOS.Concept))
            g.add((node, SKOS.prefLabel, Literal(tag, lang="en")))
            g.add((node, SKOS.inScheme, BMS["topic/scheme"]))
            g.add((BMS["topic/scheme"], RDF.type, SKOS.ConceptScheme))
        return builder.topics[tag]

    nodes: dict[tuple[str, str], URIRef] = {}
    for kind, elements in (("statement", doc.statements), ("argument", doc.arguments)):
        for title, element in elements.items():
            data = element.data
            if kind == "argument" and element.pcs and _iri(data.get("id"), "support"):
                continue  # argmap's own export: the argument is the support, not a claim
            iri = _iri(data.get("id"), "claim") if kind == "statement" else None
            text_value = element.texts[0] if element.texts else title
            display = title if not re.fullmatch(r"Untitled( argument)? \d+", title) else text_value
            label = str(data.get("label") or display)
            assertions = data.get("assertions") if isinstance(data.get("assertions"), list) else []
            if iri is None:
                slug = display if kind == "statement" else f"{display} argument" \
                    if ("statement", title) in nodes or title in doc.statements else display
                iri = builder.mint("claim", slug)
            builder.used.add(local_id(iri).replace(":", "/", 1))
            g.add((iri, RDF.type, AM.Proposal if data.get("proposal") else AM.Claim))
            if isinstance(data.get("labels"), list):  # exactly as the export had them
                for value in data["labels"]:
                    if (term := _term(value)) is not None:
                        g.add((iri, RDFS.label, term))
            else:
                g.add((iri, RDFS.label, Literal(" ".join(label.split())[:80], lang="en")))
            if not data.get("textsOnly"):
                g.add((iri, AM.text, Literal(text_value, lang="en")))
            for value in data.get("texts") or []:
                if (term := _term(value)) is not None:
                    g.add((iri, AM.text, term))
            _add_node_data(g, iri, data.get("more"))
            for tag in element.tags:
                g.add((iri, DCTERMS.subject, topic_for(tag)))
            restored = False
            for entry in assertions:
                if not isinstance(entry, dict):
                    continue
                actor = _iri(entry.get("actor"), "actor")
                source = _iri(entry.get("source"), "source")
                if actor is None or source is None:
                    continue
                node = _iri(entry.get("id"), "assertion") or builder.mint("assertion", label)
                g.add((node, RDF.type, AM.Assertion))
                g.add((node, AM.actor, actor))
                g.add((node, AM.claim, iri))
                g.add((node, AM.source, source))
                date = _literal_date(entry.get("date"))
                if date is not None:
                    g.add((node, AM.date, date))
                for quote in entry.get("quotes") or []:
                    if isinstance(quote, dict) and quote.get("text"):
                        g.add((node, AM.quote, Literal(str(quote["text"]), lang=quote.get("lang"))))
                if entry.get("locator"):
                    g.add((node, AM.locator, Literal(str(entry["locator"]))))
                _add_node_data(g, node, entry.get("more"))
                restored = True
                restored_actor.setdefault(iri, actor)
            if not restored:
                builder.assert_claim(iri, builder.unknown_actor)
            nodes[(kind, title)] = iri

    def provenance(node: URIRef, entry: dict) -> None:
        by = [x for x in (_iri(v, "actor") for v in entry.get("statedBy") or []) if x]
        where = [x for x in (_iri(v, "source") for v in entry.get("statedIn") or []) if x]
        replace_provenance(g, node, by, where)

    # Supports from premise–conclusion structures.
    pcs_support: dict[str, URIRef] = {}
    premise_claims: set[URIRef] = set()
    for title, element in doc.arguments.items():
        if not element.pcs:
            continue
        premises = [nodes[("statement", t)] for t, role in element.pcs if role == "premise"]
        conclusion = nodes[("statement", element.pcs[-1][0])]
        if not premises:
            premises = [nodes[("statement", t)] for t, _ in element.pcs[:-1]]
        if not premises:
            continue
        if conclusion in premises:
            raise DataError(f"argument <{title}> concludes one of its own premises (a cycle)",
                            path=name, line=element.line)
        data = element.data
        iri = _iri(data.get("id"), "support")
        description = element.texts[0] if element.texts else None
        label = data.get("label") if iri is not None else title  # an export names its labels
        support = builder.support(premises, conclusion, slug_text=title,
                                  label=str(label) if label else None, comment=description,
                                  iri=iri)
        provenance(support, data)
        _add_node_data(g, support, data.get("more"))
        pcs_support[title] = support
        premise_claims.update(premises)
        nodes.setdefault(("argument", title), support)

    # Attacks an argmap export recorded on the attacker, by (attacker, target).
    recorded: dict[tuple[URIRef, URIRef], dict] = {}
    for (kind, title), iri in nodes.items():
        element = (doc.statements if kind == "statement" else doc.arguments)[title]
        for entry in element.data.get("attacks") or []:
            if isinstance(entry, dict):
                target = (_iri(entry.get("target"), "claim")
                          or _iri(entry.get("target"), "support"))
                if target is not None:
                    recorded[(iri, target)] = entry

    relation_support: dict[str, URIRef] = {}
    for relation in doc.relations:
        if relation.kind in ("support", "entails"):
            source, target = nodes[relation.source], nodes[relation.target]
            support = builder.support([source], target)
            if relation.source[0] == "argument":
                relation_support.setdefault(relation.source[1], support)
    for relation in doc.relations:
        if relation.kind in ("support", "entails"):
            continue
        attacker = nodes[relation.source]
        if relation.kind == "undercut":
            target = pcs_support.get(relation.target[1]) or relation_support.get(relation.target[1])
            kind = "undercut" if target is not None else "undermine"
            target = target or nodes[relation.target]
        else:
            target = nodes[relation.target]
            kind = "undermine" if target in premise_claims else "rebut"
        entry = recorded.get((attacker, target), {})
        if entry.get("kind") in ("rebut", "undermine", "undercut"):
            kind = entry["kind"]
        attack = builder.attack(attacker, target, kind, iri=_iri(entry.get("id"), "attack"),
                                comment=entry.get("comment"))
        provenance(attack, entry)
        _add_node_data(g, attack, entry.get("more"))
    _drop_unused_provenance(builder)
    return g


def _drop_unused_provenance(builder: ImportBuilder) -> None:
    """When an export's own provenance was restored everywhere, the import file's source and
    unknown actor are not needed; drop them so a round trip adds nothing."""
    g = builder.graph
    for node in (builder.source, builder._unknown_actor):
        if node is None:
            continue
        if not any(True for _ in g.subject_predicates(node)):
            for triple in list(g.triples((node, None, None))):
                g.remove(triple)
