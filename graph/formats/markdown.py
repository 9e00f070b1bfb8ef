"""A Markdown briefing: each proposal, the arguments for and against it, their rebuttals,
the fact-checks, who stands where, and the sources with links.

For every ``am:Proposal``: the claims that support it (*arguments for*), the claims that attack
it (*arguments against*), under each argument the claims that rebut or undercut it (one level
more), each with who said it, where and when, numbered references to the sources, and the
verdict of any review of the claim or of its assertions.  The *sources* section lists every
source cited, with its publisher, date, identifiers and link.  Claims no proposal reaches are
listed at the end, so nothing is left out.

All text is escaped for Markdown and HTML (``<`` ``>`` ``&`` become entities; ``*``, ``_``,
``[`` … are backslash-escaped), and only ``http(s)`` links are written, so a claim cannot inject
markup into a page that renders the briefing.  Complexity O(V + E + T).

>>> md_escape("<b>*bold*</b> [x](javascript:y)")
'&lt;b&gt;\\\\*bold\\\\*&lt;/b&gt; \\\\[x\\\\](javascript:y)'
"""

from __future__ import annotations

import re
from urllib.parse import quote

from rdflib import Graph
from rdflib.namespace import RDF

from graph.vocab import AM

from ._common import ArgumentView, GraphIndex, argument_view, local_id, text_of

__all__ = ["export", "md_escape", "safe_link"]

# Text never starts a line (it follows a bullet, a heading mark or a bold label), so only the
# characters that mark up text mid-line need escaping.
_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md_escape(text) -> str:
    text = " ".join(str(text).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def safe_link(url: str) -> str | None:
    """*url* fit for a Markdown link target, or None when it is not http(s)."""
    url = str(url).strip()
    if not re.match(r"^https?://[^\s]+$", url, re.I):
        return None
    return quote(url, safe=":/?#[]@!$&'*+,;=%-._~")


class _Briefing:
    def __init__(self, graph: Graph, view: ArgumentView):
        self.graph, self.view = graph, view
        self.source_numbers: dict = {}
        self.lines: list[str] = []
        self.shown: set = set()
        self.reviews = self._reviews()

    def _reviews(self) -> dict:
        found: dict = {}
        for review in sorted(self.graph.subjects(RDF.type, AM.Review), key=str):
            target = self.graph.value(review, AM.reviewOf)
            claim = self.graph.value(target, AM.claim) or target
            verdict = self.graph.value(review, AM.verdict)
            found.setdefault(claim, []).append({
                "verdict": str(verdict).rsplit("#", 1)[-1] if verdict else "?",
                "reason": text_of(self.graph, review, AM.reason) or "",
                "evidence": sorted(self.graph.objects(review, AM.evidence), key=str),
                "reviewer": self.graph.value(review, AM.reviewer)})
        return found

    def cite(self, source) -> str:
        if source not in self.view.sources:
            return ""
        if source not in self.source_numbers:
            self.source_numbers[source] = len(self.source_numbers) + 1
        return f"[{self.source_numbers[source]}]"

    def who(self, claim) -> str:
        parts = []
        for assertion in self.view.claims[claim].assertions:
            actor = self.view.actors.get(assertion.actor)
            bits = [md_escape(actor.name) if actor else "unknown"]
            if assertion.date is not None:
                bits.append(str(assertion.date))
            cite = self.cite(assertion.source)
            parts.append(", ".join(bits) + (f" {cite}" if cite else ""))
        return "; ".join(parts)

    def claim_line(self, claim, indent: str, prefix: str = "") -> None:
        record = self.view.claims[claim]
        self.shown.add(claim)
        who = self.who(claim)
        line = f"{indent}- {prefix}**{md_escape(record.label)}** — {md_escape(record.text)}"
        if who:
            line += f" ({who})"
        self.lines.append(line)
        for assertion in record.assertions:
            for quote_text in assertion.quotes:
                self.lines.append(f"{indent}  > “{md_escape(quote_text)}”")
        for review in self.reviews.get(claim, []):
            evidence = " ".join(self.cite(e) for e in review["evidence"])
            self.lines.append(f"{indent}  - *Fact-check: {md_escape(review['verdict'])}* — "
                              f"{md_escape(review['reason'])} {evidence}".rstrip())

    def rebuttals(self, claim, indent: str, support=None) -> None:
        for attack in self.view.attacks.values():
            if attack.attacker not in self.view.claims:
                continue
            if attack.target == claim or (support is not None and attack.target == support):
                verb = {"undercut": "Undercut", "undermine": "Undermined",
                        "rebut": "Rebuttal"}[attack.kind]
                self.claim_line(attack.attacker, indent, f"{verb}: ")

    def proposal(self, claim) -> None:
        record = self.view.claims[claim]
        self.shown.add(claim)
        self.lines += [f"## {md_escape(record.label)}", "", md_escape(record.text), ""]
        who = self.who(claim)
        if who:
            self.lines += [f"Put forward by {who}.", ""]
        positions = []
        for position in sorted(self.graph.subjects(AM.proposal, claim), key=str):
            actor = self.view.actors.get(self.graph.value(position, AM.actor))
            stance = self.graph.value(position, AM.stance)
            if actor is not None and stance is not None:
                positions.append((str(stance).rsplit("#", 1)[-1], actor.name,
                                  self.graph.value(position, AM.statedIn)))
        if positions:
            self.lines += ["### Who stands where", ""]
            for stance, name, source in sorted(positions):
                self.lines.append(f"- {md_escape(stance)}: {md_escape(name)} {self.cite(source)}".rstrip())
            self.lines.append("")
        self.lines += ["### Arguments for", ""]
        count = 0
        for support in self.view.supports.values():
            if support.conclusion != claim:
                continue
            for premise in support.premises:
                if premise in self.view.claims:
                    count += 1
                    self.claim_line(premise, "")
                    self.rebuttals(premise, "  ", support.iri)
        if not count:
            self.lines.append("- (none recorded)")
        self.lines += ["", "### Arguments against", ""]
        count = 0
        for attack in self.view.attacks.values():
            if attack.target == claim and attack.attacker in self.view.claims:
                count += 1
                self.claim_line(attack.attacker, "", f"{attack.kind.capitalize()}: ")
                self.rebuttals(attack.attacker, "  ")
        if not count:
            self.lines.append("- (none recorded)")
        self.lines.append("")

    def render(self, title: str) -> str:
        self.lines = [f"# {md_escape(title)}", ""]
        proposals = [c for c in self.view.claims.values() if c.proposal]
        for record in proposals:
            self.proposal(record.iri)
        rest = [c for c in self.view.claims if c not in self.shown]
        if rest:
            self.lines += ["## Other claims", ""]
            for claim in rest:
                self.claim_line(claim, "")
            self.lines.append("")
        if self.source_numbers:
            self.lines += ["## Sources", ""]
            for source, number in sorted(self.source_numbers.items(), key=lambda kv: kv[1]):
                record = self.view.sources[source]
                bits = [f"{number}. {md_escape(record.title)}"]
                if record.publisher:
                    bits.append(md_escape(record.publisher))
                if record.issued is not None:
                    bits.append(str(record.issued))
                for kind, values in sorted(record.identifiers.items()):
                    bits += [md_escape(v) for v in values]
                line = ", ".join(bits)
                links = [safe_link(u) for u in record.urls]
                links = [f"<{u}>" for u in links if u]
                if links:
                    line += " — " + " ".join(links)
                self.lines.append(line + f" (`{local_id(source)}`)")
            self.lines.append("")
        return "\n".join(self.lines).rstrip() + "\n"


def export(graph: Graph, *, focus=None, depth=None) -> bytes:
    """The briefing as Markdown (UTF-8)."""
    graph = GraphIndex.of(graph)  # read once: the view and the reviews and positions share it
    view = argument_view(graph)
    proposals = [c.label for c in view.claims.values() if c.proposal]
    title = "Briefing: " + (proposals[0] if len(proposals) == 1 else "the debate")
    return _Briefing(graph, view).render(title).encode("utf-8")
