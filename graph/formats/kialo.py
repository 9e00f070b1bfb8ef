"""Kialo's plain-text export: a pro/con tree, imported as claims, supports and attacks.

A Kialo discussion is a tree of claims under a thesis; each claim is a *Pro* or *Con* of its
parent.  The export numbers claims by their path (``1.`` the thesis, ``1.1.`` its first child
…), and a claim that appears in several places is written once and linked with ``-> See 1.2.2.``
elsewhere::

    Discussion Title: Should hate speech be illegal?

    1. Hate speech should be banned.
    1.1. Con: It is better to challenge bad ideas than to simply ban them.
    1.1.1. Pro: -> See 1.2.

Mapping: the thesis is an ``am:Proposal``; a Pro is an ``am:Support`` of its parent, a Con an
``am:Attack`` (rebut); a ``-> See`` link reuses the linked claim.  Text may span lines;
Markdown links keep their text, ``\\(`` escapes are undone.  Kialo has no authors, sources or
dates in its export, so every claim is asserted by an "unknown" actor in the imported file.

Complexity O(n) in the size of the text.  Reference: a genuine export in edoguido/Kialo-Parser
(``test/should-hate-speech-be-illegal-6148.txt``) and arguebuf's reader
(recap-utr/arguebuf-python ``load/_load_kialo.py``).

>>> g = import_(b"Discussion Title: T\\n\\n1. Thesis.\\n1.1. Con: No.\\n", name="t.txt")
>>> from graph.vocab import AM
>>> len(list(g.subjects(AM.attacker, None)))
1
"""

from __future__ import annotations

import re

from rdflib import Graph, URIRef

from graph.errors import DataError

from ._common import ImportBuilder, decode_text

__all__ = ["import_", "parse"]

_ITEM = re.compile(r"^(?P<id>\d+(?:\.\d+)*)\.\s+(?:(?P<stance>Pro|Con):\s*)?(?P<text>.*)$")
_SEE = re.compile(r"^->\s*See\s+(?P<id>\d+(?:\.\d+)*)\.?\s*$")


def _clean(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\\(.)", r"\1", text)
    return " ".join(text.split())


def parse(text: str, name: str) -> tuple[str | None, list[dict]]:
    """The discussion title and the items ``{id, parent, stance, text, see, line}`` in order."""
    title = None
    items: list[dict] = []
    by_id: dict[str, dict] = {}
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), 1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("Discussion Title:") and title is None and not items:
            title = stripped.split(":", 1)[1].strip()
            continue
        match = _ITEM.match(stripped)
        if match is None:
            if not items:
                raise DataError("expected 'Discussion Title:' or a numbered claim such as "
                                "'1. …'", path=name, line=number)
            items[-1]["text"] += " " + stripped  # a claim's text spans lines
            continue
        item_id = match["id"]
        if item_id in by_id:
            raise DataError(f"claim {item_id}. appears twice", path=name, line=number)
        parent = item_id.rsplit(".", 1)[0] if "." in item_id else None
        if parent is not None and parent not in by_id:
            raise DataError(f"claim {item_id}. has no parent {parent}.", path=name, line=number)
        if parent is not None and match["stance"] is None:
            raise DataError(f"claim {item_id}. needs 'Pro:' or 'Con:'", path=name, line=number)
        item = {"id": item_id, "parent": parent, "stance": match["stance"],
                "text": match["text"].strip(), "line": number}
        items.append(item)
        by_id[item_id] = item
    if not items:
        raise DataError("no claims (expected lines such as '1. …')", path=name)
    for item in items:
        see = _SEE.match(item["text"].strip())
        item["see"] = see["id"] if see else None
        if see:
            if see["id"] not in by_id:
                raise DataError(f"'-> See {see['id']}.' names no claim", path=name,
                                line=item["line"])
            target = see["id"]
            # a link to itself or to an ancestor would make a claim argue for itself
            if target == item["id"] or item["id"].startswith(target + "."):
                raise DataError(f"'-> See {target}.' links claim {item['id']}. to itself or "
                                "an ancestor (a cycle)", path=name, line=item["line"])
            if by_id[target].get("see") or _SEE.match(by_id[target]["text"].strip()):
                raise DataError(f"'-> See {target}.' links to another link", path=name,
                                line=item["line"])
    return title, items


def import_(data: bytes, *, name: str) -> Graph:
    """Read a Kialo text export into argmap RDF."""
    title, items = parse(decode_text(data, name), name)
    builder = ImportBuilder(name, "Kialo")
    claims: dict[str, URIRef] = {}
    for item in items:
        if item["see"]:
            continue
        text = _clean(item["text"]) or f"claim {item['id']}"
        claims[item["id"]] = builder.claim(text, text, text, proposal=item["parent"] is None)
    for item in items:
        if item["parent"] is None:
            continue
        node = claims[item["see"] or item["id"]]
        parent = claims.get(item["parent"])
        if parent is None:  # the parent is itself a link
            parent_item = next(i for i in items if i["id"] == item["parent"])
            parent = claims[parent_item["see"]]
        if node == parent:
            raise DataError(f"claim {item['id']}. argues for or against itself (a cycle)",
                            path=name, line=item["line"])
        if item["stance"] == "Pro":
            builder.support([node], parent)
        else:
            builder.attack(node, parent, "rebut")
    return builder.graph
