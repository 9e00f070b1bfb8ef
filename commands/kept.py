"""A listing asked again on an unchanged big file: answered from its kept answer, without rdflib.

A whole-map listing (``argmap actors``, ``argmap sources``, ``argmap query one-sided`` …)
costs Oxigraph seconds at 100,000 claims, so :func:`graph.query.run_named` keeps a slow answer
in the file's parse-cache entry.  Served from there by the full way, a repeated listing still
took half a second or more, most of it importing rdflib and opening the graph: the kept
answer is named by the exact SPARQL, which exists only once the options were resolved against
the graph (bare slugs, "did you mean") and turned into rdflib terms.

So a listing command also keeps, in the same entry, the name of that answer under the
question as typed: the command and its options as click parsed them (:func:`question_name`).
Asked the same way again, :func:`answer` finds the entry (:func:`graph.cache.cached_entry`,
its store left closed), follows the name to the kept answer and returns it; the command
prints it with the same output code, so nothing but the time differs.  The strings as typed
resolve the same way on the same entry content by the same argmap code, and both names are
kept under :func:`graph.cache.code_version`, which covers this package; an option that fails
(an unknown ID) keeps nothing, and anything missing sends the command the full way, unchanged,
which then keeps the name for next time.

``ARGMAP_LEAN=0`` turns the short ways off (the tests compare both ways with it), as for
``argmap query`` on ad-hoc SPARQL (:mod:`commands.sparql`); ``ARGMAP_DEBUG=1`` says on stderr
when a kept answer was served this way.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import click

if TYPE_CHECKING:
    from commands.common import Session
    from graph.sparql import QueryResult

__all__ = ["LEAN_VARIABLE", "LEAN_LINE", "lean_allowed", "lean_entry", "question_name", "answer"]

#: ``0`` sends every command the full way (rdflib loaded, the graph opened).
LEAN_VARIABLE = "ARGMAP_LEAN"
#: What ``ARGMAP_DEBUG=1`` prints when a kept answer was served without rdflib.
LEAN_LINE = "listing answered from the answer kept in the cache entry, without rdflib"

#: Options that shape the printing, not the answer: not part of the question.  (``--timeout``
#: only decides whether an answer arrives; a kept one arrives whatever it says.)
_NOT_THE_QUESTION = frozenset({"fmt", "timeout"})
#: The name :func:`graph.query.run_named` gives a kept answer.
_ANSWER_NAME = re.compile(r"answer-[0-9a-f]+")


def lean_allowed(session: Session) -> bool:
    """Whether a short way may answer: a local file (not ``--store``), and ``ARGMAP_LEAN`` is
    not ``0``."""
    return not session.is_remote and os.environ.get(LEAN_VARIABLE, "").strip() != "0"


def lean_entry(session: Session) -> Path | None:
    """The cache entry folder of the session's data file when the short ways may answer from
    it (:func:`lean_allowed`) and it exists."""
    if not lean_allowed(session):
        return None
    from graph.cache import cached_entry

    return cached_entry(session.data_path)


def question_name(context: click.Context) -> str:
    """The name of the question the running command was asked: its name and every option as
    click parsed it (strings as typed, before any resolving), but the output format.

    A repeated option is a set of values (``--param``: the order binds nothing).
    """
    options = {name: sorted(value) if isinstance(value, tuple) else value
               for name, value in context.params.items() if name not in _NOT_THE_QUESTION}
    text = json.dumps([context.command.name, options], sort_keys=True, ensure_ascii=False)
    return f"asked-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:24]}"


def answer(session: Session, ask: Callable[[], QueryResult]) -> QueryResult:
    """The answer to the running command's question: the one kept in the data file's cache
    entry when this question was asked there before, else ``ask()`` (the full way), whose
    kept answer is then named under the question for next time."""
    name = question_name(click.get_current_context())
    entry = lean_entry(session)
    if entry is not None:
        result = _kept_answer(entry, name)
        if result is not None:
            return result
    result = ask()
    if result.kept:
        from graph.cache import derived

        derived(session.graph, name, lambda: result.kept)
    return result


def _kept_answer(entry: Path, name: str) -> QueryResult | None:
    """The answer the question *name* points at in *entry*, or None."""
    from graph.cache import debug, kept_value
    from graph.sparql import QueryResult

    kept_as = kept_value(entry, name)
    if not isinstance(kept_as, str) or not _ANSWER_NAME.fullmatch(kept_as):
        return None
    kept = kept_value(entry, kept_as)
    try:
        result = QueryResult(**kept, kept=kept_as)
    except TypeError:  # missing, or not an answer
        return None
    debug(LEAN_LINE)
    return result
