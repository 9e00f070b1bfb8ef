"""``argmap status``, ``explain``, ``analyse``: which claims stand, why, and who argues with whom.

Thin commands over :mod:`graph.semantics` and :mod:`graph.network`.  With ``--data FILE`` naming
an abstract framework (``.apx``, ``.tgf``, ``.i23``, ``.af``), ``status`` and ``explain`` work on
that framework and its own argument names.
"""

from __future__ import annotations

import difflib
import json

import click

from commands.common import emit, pass_session, resolve_id
from graph.errors import ArgmapError, NotFoundError
from graph.frameworks import is_framework_path, read_framework
from graph.semantics import METHODS, SEMANTICS, evaluate, explain as explain_argument

__all__ = ["COMMANDS", "status", "explain", "analyse"]

_SEMANTICS_HELP = ("grounded: only what survives without any choice (default); complete, "
                   "preferred, stable: the positions a rational reader may take.")
_LIMIT_HELP = "Stop with an error rather than list more extensions than this."
_MUTUAL_HELP = ("Read each rebuttal as a contradiction that runs both ways (the rebutted claim "
                "answers its rebutter); default: attacks as the map records them.")
_METHOD_HELP = ("How complete/preferred/stable extensions are found: auto (default), labelling "
                "(backtracking search) or sat (PySAT); all are exact.")


class _Loaded:
    """The framework a command works on, with how to name and describe its arguments.

    *lean*: a :class:`graph.semantics.Framework` without networkx (what ``status`` needs: at
    100,000 claims building the DiGraph is half the framework's cost); ``explain`` keeps the
    DiGraph, whose edges carry the roles its notes show.  ``nodes`` maps each argument to its
    attributes (``kind``, ``label``) either way.
    """

    def __init__(self, session, mutual_rebuttals: bool = False, lean: bool = False):
        path = None if session.store_url else session.data_path
        self.graph = None
        self._about = None
        if path is not None and is_framework_path(path):
            framework = read_framework(path)
            self.af = framework.to_networkx()
            self.nodes = self.af.nodes
            self.name = str
            self.is_rdf = False
        else:
            from graph.network import abstract_framework, lean_framework, short_namer

            self.graph = session.graph
            if lean:
                self.af, self.nodes = lean_framework(self.graph, mutual_rebuttals=mutual_rebuttals)
            else:
                # read from the graph, the framework reads only claims, supports and attacks;
                # the whole debate is read only when a note needs it
                self.af = abstract_framework(self.graph, mutual_rebuttals=mutual_rebuttals)
                self.nodes = self.af.nodes
            self.name = short_namer(self.graph)
            self.is_rdf = True

    def debate_about(self, *nodes):
        """What the debate says about *nodes* (and every node asked before): read node by node,
        for the few arguments a note is about — the whole debate is 30 s at 100,000 claims."""
        from graph.network import Debate, read_debate_about

        if self._about is None:
            self._about, self._read = Debate(), set()
        missing = [node for node in nodes if node not in self._read]
        if missing:
            read_debate_about(self.graph, missing, into=self._about)
            self._read.update(missing)
        return self._about

    def note(self, attacker, target) -> str:
        if not self.is_rdf:
            return ""
        from graph.network import attack_note

        attacks = self.af.edges[attacker, target]["attacks"]
        return attack_note(self.debate_about(*attacks), self.af, attacker, target)

    def secondary(self, attacker, target) -> bool:
        """A support repeating its conclusion's attack (a supported attack)."""
        return self.is_rdf and self.af.edges[attacker, target]["roles"] == ["supported"]

    def origin(self, argument) -> str:
        if not self.is_rdf:
            return ""
        from graph.network import assertion_note

        debate = self.debate_about(argument)
        if self.nodes[argument].get("kind") == "support":
            data = debate.supports.get(argument, {})
            from graph.network import _relation_note

            return _relation_note(debate, data.get("by", []), data.get("in", []))
        return assertion_note(debate, argument)

    def resolve(self, text: str):
        if self.is_rdf:
            node = str(resolve_id(self.graph, text, kinds=("claim", "support")))
            if node not in self.nodes:
                raise NotFoundError(f"{text!r} is not a claim or support of the debate")
            return node
        if text in self.nodes:
            return text
        close = difflib.get_close_matches(text, [str(a) for a in self.nodes], n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise NotFoundError(f"no argument {text!r} in the framework{hint}")


@click.command("status")
@click.option("--semantics", "-s", type=click.Choice(SEMANTICS), default="grounded",
              show_default=True, help=_SEMANTICS_HELP)
@click.option("--method", type=click.Choice(METHODS), default="auto", show_default=True,
              help=_METHOD_HELP)
@click.option("--mutual-rebuttals", is_flag=True, help=_MUTUAL_HELP)
@click.option("--max-extensions", type=click.IntRange(1), default=10_000, show_default=True,
              help=_LIMIT_HELP)
@click.option("--json", "as_json", is_flag=True,
              help='JSON: {"semantics", "extensions", "credulous", "skeptical", "labels"}.')
@pass_session
def status(session, semantics: str, method: str, mutual_rebuttals: bool, max_extensions: int,
           as_json: bool):
    """Which claims stand: the status of every claim and support under a semantics.

    IN: accepted (survives every rebuttal, or every extension contains it); OUT: defeated by an
    accepted claim; UNDEC: the debate leaves it open.  For grounded semantics the labels are the
    grounded labelling; for the others IN = skeptically accepted, OUT = attacked by every
    extension.  Works on abstract frameworks too (--data FILE.apx|.tgf|.i23|.af).

    \b
    Example:

        argmap status --semantics preferred --json
    """
    if not session.store_url and is_framework_path(session.data_path):
        report = _status_report(session, semantics, method, mutual_rebuttals, max_extensions,
                                as_json)
    else:
        # Whole-map work that costs seconds at 100,000 claims: kept in the parse cache's entry
        # (named by the file's content and argmap's code), so asking again is instant.
        name = (f"status-{'json' if as_json else 'table'}-{semantics}-{method}-"
                f"{'mutual' if mutual_rebuttals else 'recorded'}-{max_extensions}")
        report = _kept_report(session, name)
        if report is None:
            from graph.cache import derived

            report = derived(session.graph, name, lambda: _status_report(
                session, semantics, method, mutual_rebuttals, max_extensions, as_json))
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    emit(report["rows"], "table", report["columns"])
    count = report["extensions"]
    click.echo(f"{semantics}: {count} extension{'s' if count != 1 else ''}; "
               f"{report['skeptical']} skeptically, {report['credulous']} "
               "credulously accepted.")


def _kept_report(session, name: str) -> dict | None:
    """The report an earlier ``status`` with the same options kept in the data file's cache
    entry, read without opening the graph (so without rdflib: half of a repeated ``status``),
    or None.  The options are the whole question: none of them names a node to resolve."""
    from commands.kept import lean_entry

    entry = lean_entry(session)
    if entry is None:
        return None
    from graph.cache import debug, kept_value

    report = kept_value(entry, name)
    if not isinstance(report, dict):
        return None
    debug("status answered from the report kept in the cache entry, without rdflib")
    return report


def _status_report(session, semantics: str, method: str, mutual_rebuttals: bool,
                   max_extensions: int, as_json: bool) -> dict:
    """What ``status`` prints: the evaluation's JSON, or the table's rows and summary."""
    loaded = _Loaded(session, mutual_rebuttals, lean=True)
    evaluation = evaluate(loaded.af, semantics, method, name=loaded.name, limit=max_extensions)
    if as_json:
        return evaluation.as_dict()
    membership: dict = {}
    for extension in evaluation.extensions:
        for a in extension:
            membership[a] = membership.get(a, 0) + 1
    rows = []
    nodes = {loaded.name(n): n for n in loaded.nodes}
    for shown, label in evaluation.labels.items():
        row = {"id": shown, "status": label.upper(),
               "extensions": f"{membership.get(shown, 0)}/{len(evaluation.extensions)}"}
        if loaded.is_rdf:
            data = loaded.nodes[nodes[shown]]
            row["kind"] = data.get("kind")
            row["label"] = data.get("label") or ""
        rows.append(row)
    columns = ["id", "kind", "status", "extensions", "label"] if loaded.is_rdf else \
        ["id", "status", "extensions"]
    return {"rows": rows, "columns": columns, "extensions": len(evaluation.extensions),
            "skeptical": len(evaluation.skeptical), "credulous": len(evaluation.credulous)}


@click.command("explain")
@click.argument("id_")
@click.option("--semantics", "-s", type=click.Choice(SEMANTICS), default="grounded",
              show_default=True, help=_SEMANTICS_HELP)
@click.option("--method", type=click.Choice(METHODS), default="auto", show_default=True,
              help=_METHOD_HELP)
@click.option("--depth", type=click.IntRange(1, 50), default=6, show_default=True,
              help="How many attacker/defender steps to spell out.")
@click.option("--mutual-rebuttals", is_flag=True, help=_MUTUAL_HELP)
@click.option("--max-extensions", type=click.IntRange(1), default=10_000, show_default=True,
              help=_LIMIT_HELP)
@click.option("--json", "as_json", is_flag=True, help="JSON: id, semantics, label, explanation lines.")
@pass_session
def explain(session, id_: str, semantics: str, method: str, depth: int, mutual_rebuttals: bool,
            max_extensions: int, as_json: bool):
    """Why a claim is IN, OUT or UNDECIDED: the attackers and defenders that decide it.

    Each attack is shown with who made it and where (actors, source, date).  ID is a prefixed
    name (claim:x), a bare slug, or a full IRI; for a framework file, an argument name.

    \b
    Example:

        argmap explain claim:suedkreuz-frt-works
    """
    loaded = _Loaded(session, mutual_rebuttals)
    node = loaded.resolve(id_)
    result = explain_argument(loaded.af, node, semantics, method, name=loaded.name,
                              note=loaded.note, unattacked_note=loaded.origin, max_depth=depth,
                              secondary=loaded.secondary, limit=max_extensions)
    if as_json:
        click.echo(json.dumps(result.as_dict(loaded.name), ensure_ascii=False, indent=2))
    else:
        click.echo(result.text())


@click.command("analyse")
@click.option("--top", type=click.IntRange(1, 1000), default=10, show_default=True,
              help="How many contested claims to list.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of the community detection (results are stable for a seed).")
@click.option("--semantics", "-s", type=click.Choice(SEMANTICS), default="grounded",
              show_default=True, help="Semantics of the status column.")
@click.option("--mutual-rebuttals", is_flag=True, help=_MUTUAL_HELP)
@click.option("--json", "as_json", is_flag=True,
              help="JSON: contested, coalitions, one_sided, doubtful_support.")
@pass_session
def analyse(session, top: int, seed: int, semantics: str, mutual_rebuttals: bool,
            as_json: bool):
    """The shape of the debate: contested claims, coalitions, one-sided and doubtful claims.

    \b
    contested         claims by attacks received, then betweenness in the argument graph
    coalitions        communities of actors who assert or attack the same claims (Louvain)
    one_sided         claims backed by one coalition only, with no ruling, law, study or report
    doubtful_support  claims whose support runs through a statement a review found doubtful

    \b
    Example:

        argmap analyse --top 5 --json
    """
    if not session.store_url and is_framework_path(session.data_path):
        raise ArgmapError(f"{session.data_path}: analyse needs a debate (RDF), not an abstract "
                          "framework; use status or explain")
    from graph.network import analyse as analyse_debate

    report = analyse_debate(session.graph, top=top, seed=seed, semantics=semantics,
                            mutual_rebuttals=mutual_rebuttals)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    sections = [
        ("Most contested claims", report["contested"],
         ["id", "attacks_received", "betweenness", "status", "label"]),
        ("Coalitions (communities of the agreement graph; actors who share no claim with "
         f"anyone: {sum(1 for r in report['coalitions'] if r['size'] == 1)}, see --json)",
         [{"coalition": r["coalition"], "size": r["size"], "actors": ", ".join(r["names"])}
          for r in report["coalitions"] if r["size"] > 1], ["coalition", "size", "actors"]),
        ("Claims backed by one coalition only", report["one_sided"],
         ["id", "coalition", "actors", "status", "label"]),
        ("Claims whose support runs through a doubtful statement",
         [dict(r, path=" → ".join(r["path"]), verdicts=", ".join(r["verdicts"]))
          for r in report["doubtful_support"]], ["id", "through", "verdicts", "path", "status"]),
    ]
    for number, (title, rows, columns) in enumerate(sections):
        if number:
            click.echo()
        click.echo(title)
        emit(rows, "table", columns)


COMMANDS = [status, explain, analyse]
