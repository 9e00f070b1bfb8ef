"""`argmap validate` on big files reads them in one streaming pass (no store): same reports.

``graph.validate.validate_path`` builds its index straight from Oxigraph's parser for the files
the default engine would parse with Oxigraph (from 1 MB; ``ARGMAP_ENGINE=oxigraph`` makes any
file one of them).  Each test compares that path with the store path (the file parsed into an
Oxigraph store, then read back: what it did before, and still does when the parser refuses
the data), problem by problem, line numbers included.
"""

from __future__ import annotations

import random

import pytest

from conftest import SHIPPED_DATA, assert_clean_error, run_argmap
from graph import validate as validation
from graph.errors import DataError
from test_validate import SMALL, _broken_generated_map

STREAM_INDEX = validation._stream_index


def _both(monkeypatch, path, **options) -> tuple[dict, dict]:
    """The report of *path* by the streaming path and by the store path, as dictionaries.

    The store path is what ``validate_path`` does when the stream gives up: the file parsed
    into an Oxigraph store behind an rdflib graph, then read back.
    """
    monkeypatch.setenv("ARGMAP_ENGINE", "oxigraph")
    streamed = []

    def spy(*args):
        index = STREAM_INDEX(*args)
        streamed.append(index is not None)
        return index

    monkeypatch.setattr(validation, "_stream_index", spy)
    by_stream = validation.validate_path(path, **options).as_dict()
    assert streamed == [True]
    monkeypatch.setattr(validation, "_stream_index", lambda *args: None)
    by_store = validation.validate_path(path, **options).as_dict()
    return by_stream, by_store


def test_shipped_debate_same_report(monkeypatch):
    by_stream, by_store = _both(monkeypatch, SHIPPED_DATA)
    assert by_stream == by_store and by_stream["valid"]


def test_broken_map_same_problems_whatever_the_order_and_repeats(monkeypatch, tmp_path):
    """Problems do not depend on the order of the triples, and a repeated triple counts once
    (a store keeps it once: two equal labels are not "more than one label")."""
    lines = _broken_generated_map().decode("utf-8").splitlines(keepends=True)
    ordered = tmp_path / "broken.nt"
    ordered.write_text("".join(lines), encoding="utf-8")
    shuffled = lines[:] + lines[: len(lines) // 3]
    random.Random(8).shuffle(shuffled)
    repeated = tmp_path / "shuffled.nt"
    repeated.write_text("".join(shuffled), encoding="utf-8")
    by_stream, by_store = _both(monkeypatch, ordered, format="nt")
    assert by_stream == by_store and len(by_stream["problems"]) >= 8
    again, _ = _both(monkeypatch, repeated, format="nt")
    assert _placeless(again) == _placeless(by_stream)


def _placeless(report: dict) -> list[dict]:
    """The problems of a report without their line numbers (which follow the file's layout)."""
    return [{k: v for k, v in problem.items() if k != "line"} for problem in report["problems"]]


def test_turtle_with_repeats_and_blank_nodes_same_report(monkeypatch, tmp_path):
    text = SMALL.read_text(encoding="utf-8")
    extra = ('\nex:claim-b rdfs:label "Claim B"@en .\nex:vote am:votesFor 10 , 010 .\n'
             '[ a am:Claim ; am:text "Loose."@en ] .\n'
             'ex:attack-rebut am:statedIn [ a am:Report ] .\n')
    path = tmp_path / "repeats.ttl"
    path.write_text(text + extra, encoding="utf-8")
    by_stream, by_store = _both(monkeypatch, path)
    assert by_stream == by_store
    messages = [p["message"] for p in by_stream["problems"]]
    assert "a blank node; data files use IRIs only" in messages
    assert "needs exactly one rdfs:label (the short title shown on the map)" not in messages


def test_bad_date_is_a_problem_on_the_streaming_path(monkeypatch, tmp_path):
    path = tmp_path / "date.ttl"
    path.write_text(SMALL.read_text(encoding="utf-8").replace(
        '"2021-03-05"^^xsd:date', '"2021-02-30"^^xsd:date', 1), encoding="utf-8")
    by_stream, by_store = _both(monkeypatch, path)
    assert by_stream == by_store
    assert any("is not a valid date" in p["message"] for p in by_stream["problems"])
    result = run_argmap("validate", path, env={"ARGMAP_ENGINE": "oxigraph"})
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr


def test_syntax_error_same_message_on_the_streaming_path(monkeypatch, tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text(SMALL.read_text(encoding="utf-8").replace(" .\n", " ;; <x y> .\n", 3),
                    encoding="utf-8")
    monkeypatch.setenv("ARGMAP_ENGINE", "oxigraph")
    messages = []
    for stream in (STREAM_INDEX, lambda *args: None):
        monkeypatch.setattr(validation, "_stream_index", stream)
        with pytest.raises(DataError) as caught:
            validation.validate_path(path)
        messages.append(str(caught.value))
    assert messages[0] == messages[1] and f"{path}:" in messages[0]
    result = run_argmap("validate", path, env={"ARGMAP_ENGINE": "oxigraph"})
    assert_clean_error(result, str(path))
