"""Mermaid flowchart: a map that renders in GitHub, GitLab and the Mermaid live editor.

Claims are nodes (proposals as stadium shapes), supports solid arrows labelled *supports*,
attacks dotted arrows labelled with their kind; an undercut points at the conclusion of the
support it attacks.  Labels are written with Mermaid's ``#NN;`` entity codes for ``"``, ``<``,
``>``, ``&``, ``#`` and backticks, so no label can close its quotes or become HTML.
Complexity O(V + E).  Reference: https://mermaid.js.org/syntax/flowchart.html .

>>> quote_label('Say "no" <b>')
'"Say #34;no#34; #60;b#62;"'
"""

from __future__ import annotations

from rdflib import Graph

from ._common import argument_view

__all__ = ["export", "quote_label"]

_ENTITIES = {c: f"#{ord(c)};" for c in '"<>&#`;'}


def quote_label(text: str, width: int = 60) -> str:
    text = " ".join(str(text).split())
    if len(text) > width:
        text = text[: width - 1].rstrip() + "…"
    return '"' + "".join(_ENTITIES.get(c, c) for c in text) + '"'


def export(graph: Graph, *, focus=None, depth=None) -> bytes:
    view = argument_view(graph)
    ids = {iri: f"c{n}" for n, iri in enumerate(view.claims, 1)}
    lines = ["flowchart BT"]
    for claim in view.claims.values():
        label = quote_label(claim.label)
        shape = f"([{label}])" if claim.proposal else f"[{label}]"
        lines.append(f"    {ids[claim.iri]}{shape}")
    for support in view.supports.values():
        for premise in support.premises:
            if premise in ids and support.conclusion in ids:
                lines.append(f"    {ids[premise]} -->|supports| {ids[support.conclusion]}")
    for attack in view.attacks.values():
        target = attack.target
        if target in view.supports:
            target = view.supports[target].conclusion
        if attack.attacker in ids and target in ids:
            lines.append(f"    {ids[attack.attacker]} -.->|{attack.kind}s| {ids[target]}")
    lines.append("    classDef proposal stroke-width:3px")
    proposals = [ids[c.iri] for c in view.claims.values() if c.proposal]
    if proposals:
        lines.append(f"    class {','.join(proposals)} proposal")
    return ("\n".join(lines) + "\n").encode("utf-8")
