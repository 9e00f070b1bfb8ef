"""The argmap command as a whole: help, errors, stats, and the installed (wheel) layout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import click
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cli
from cli import main
from conftest import ROOT, assert_clean_error, run_argmap


def _all_commands(group: click.Group, prefix: str = ""):
    context = click.Context(group)
    for name in group.list_commands(context):  # the top group loads its commands on demand
        command = group.get_command(context, name)
        yield f"{prefix}{name}", command
        if isinstance(command, click.Group):
            yield from _all_commands(command, f"{prefix}{name} ")


@pytest.mark.parametrize("name, command", list(_all_commands(main)))
def test_every_command_help_ends_with_an_example(name, command):
    help_text = command.help or ""
    assert "Example:" in help_text, f"argmap {name}: help has no example"
    example = help_text.rsplit("Example:", 1)[1]
    assert "argmap" in example, f"argmap {name}: the example does not show a command"


def test_help_lists_the_commands():
    result = run_argmap("--help")
    assert result.returncode == 0
    for name in ("stats", "fmt", "validate"):
        assert name in result.stdout


def test_the_command_table_matches_the_commands():
    """cli.COMMANDS (what --help lists without importing) names every command of every module,
    each with the first paragraph of its own help."""
    import importlib

    modules = {module for module, _ in cli.COMMANDS.values()}
    found = {}
    for module in modules:
        for command in importlib.import_module(module).COMMANDS:
            found[command.name] = (module, command)
    assert set(found) == set(cli.COMMANDS)
    for name, (module, summary) in cli.COMMANDS.items():
        assert found[name][0] == module, name
        first_paragraph = found[name][1].help.split("\n\n")[0]
        assert summary.split() == first_paragraph.split(), name


def test_help_lists_every_command_as_the_loaded_commands_would():
    import importlib

    eager = click.Group("argmap", context_settings={"max_content_width": 100})
    for module in {module for module, _ in cli.COMMANDS.values()}:
        for command in importlib.import_module(module).COMMANDS:
            eager.add_command(command)
    for width in (60, 80, 200):
        listings = []
        for group in (eager, main):
            formatter = click.HelpFormatter(width=width)
            group.format_commands(click.Context(group), formatter)
            listings.append(formatter.getvalue())
        assert listings[0] == listings[1] and "validate" in listings[0]


def _modules_after(*arguments: str) -> set[str]:
    """The top-level packages imported by ``argmap ARGUMENTS`` in a fresh interpreter."""
    probe = ("import sys, cli\n"
             "try:\n    cli.main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
             "print(' '.join(sorted(sys.modules)), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", probe, *arguments], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.stderr.strip(), result
    return set(result.stderr.splitlines()[-1].split())


def test_help_and_version_import_no_library():
    """`argmap --help` lists the commands without importing rdflib, SHACL or the semantics."""
    for arguments in (["--help"], ["--version"]):
        modules = _modules_after(*arguments)
        assert "click" in modules
        assert not {m for m in modules if m.split(".")[0] in ("rdflib", "pyshacl", "networkx",
                                                              "pyoxigraph", "yaml")}, arguments
        assert not {m for m in modules if m.startswith(("graph.", "commands.", "viz"))
                    and m != "graph.errors"}, arguments


def test_a_query_imports_only_what_it_needs(shipped_data):
    """An ad-hoc query on the embedded engine needs neither rdflib's SPARQL parser nor SHACL."""
    modules = _modules_after("--data", str(shipped_data), "query",
                             "SELECT (COUNT(?c) AS ?n) WHERE { ?c a am:Claim }", "--json")
    assert "graph.query" in modules
    assert "rdflib.plugins.sparql.parser" not in modules
    assert not {m for m in modules if m.split(".")[0] in ("pyshacl", "networkx")}
    assert not {"commands.edit", "commands.semantics", "graph.validate", "graph.edit"} & modules


def test_stats_on_shipped_data_counts_everything_and_nothing_unsourced():
    result = run_argmap("stats", "--json")
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout)
    assert counts["claims"] >= 33 + 2          # C01–C33 and the proposals
    assert counts["claims_without_source"] == 0
    assert counts["attacks"] == sum(counts[f"attacks_{k}"] for k in ("rebut", "undermine",
                                                                     "undercut"))
    assert counts["sources_ruling"] >= 5       # the CJEU rulings at least
    assert counts["votes"] >= 4
    assert counts["reviews"] >= 12             # every doubtful statement of the fact sheet
    assert counts["actors_person"] >= 25       # the letter's signatories


def test_stats_table_is_readable():
    result = run_argmap("stats")
    assert result.returncode == 0
    assert "claims without source" in result.stdout


def test_missing_data_file_is_a_clean_error(tmp_path):
    result = run_argmap("--data", tmp_path / "nope.ttl", "stats")
    assert_clean_error(result, "nope.ttl: no such file")


def test_syntax_error_is_a_clean_error_with_place(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://e/> .\nex:a ex:b .\n")
    result = run_argmap("--data", bad, "stats")
    assert_clean_error(result, "bad.ttl:2:", "Turtle syntax error")


def test_fmt_check_and_rewrite(tmp_path):
    messy = tmp_path / "m.ttl"
    messy.write_text("@prefix am: <https://w3id.org/argmap/ns#> .\n"
                     "<https://w3id.org/argmap/bms/claim/b> a am:Claim .\n"
                     "<https://w3id.org/argmap/bms/claim/a> a am:Claim .\n")
    assert run_argmap("fmt", "--check", messy).returncode == 1
    assert run_argmap("fmt", messy).returncode == 0
    assert run_argmap("fmt", "--check", messy).returncode == 0
    text = messy.read_text()
    assert text.index("claim:a") < text.index("claim:b")


def test_wheel_ships_the_debate_and_finds_it_outside_the_checkout(tmp_path):
    """A wheel install (not the checkout) must still find data/claims.ttl."""
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(wheels), str(ROOT)], check=True, capture_output=True)
    wheel = next(wheels.glob("argmap-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "argmap_data/claims.ttl" in names
    assert "graph/ontology.ttl" in names and "graph/shapes.ttl" in names
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    env.pop("ARGMAP_DATA", None)
    probe = ("import graph.store as s, cli; p = s.default_data_path(); "
             "print(p); assert p.is_file(); assert str(p).startswith(%r)" % str(target))
    result = subprocess.run([sys.executable, "-c", probe], cwd=elsewhere, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    result = subprocess.run([sys.executable, "-c", "import cli; cli.main()", "stats", "--json"],
                            cwd=elsewhere, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["claims"] >= 35


def test_a_mistyped_id_in_a_big_map_gets_the_suggestions_of_a_whole_comparison(monkeypatch):
    """Above a few thousand IDs only the IDs one typing mistake away and the sorted neighbours are
    compared (difflib over every ID of a 100,000-claim map took minutes); the suggestions a user
    reads stay those of comparing with every ID."""
    import difflib

    import commands.common as common
    from graph.errors import NotFoundError
    from graph.store import load_graph

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate_turtle

    graph = load_graph(generate_turtle(400, seed=3).encode("utf-8"), format="turtle")
    ids = common._typed_ids(graph)
    claims = [i for i in ids if i.startswith("claim:")]
    assert len(claims) > 100
    monkeypatch.setattr(common, "WHOLE_COMPARISON_IDS", 100)  # this map counts as big
    bare = {i.split(":", 1)[1]: i for i in ids}
    for typo in ("claim:c-00042", "claim:c-000z42", "claim:c-0000042", "claim:x-000042",
                 "c-000042x", "person-0001"):
        with pytest.raises(NotFoundError) as raised:
            common.resolve_id(graph, typo)
        expected = difflib.get_close_matches(typo, ids, n=3, cutoff=0.5)
        expected += [bare[m] for m in difflib.get_close_matches(typo.split(":")[-1], list(bare),
                                                                n=3, cutoff=0.5)
                     if bare[m] not in expected]
        assert str(raised.value).endswith(f"did you mean {', '.join(expected[:3])}?")


def test_a_long_table_keeps_every_row_and_every_word_within_the_width(monkeypatch):
    """Tables of thousands of rows (argmap status on a big map) are laid out without rich, which
    took minutes; they still fit the width and fold long text instead of cutting it."""
    import io

    from commands.common import LONG_TABLE_ROWS, emit

    monkeypatch.setenv("COLUMNS", "80")
    label = "A claim whose label is far longer than the column can hold " * 2
    rows = [{"id": f"claim:c-{i:06d}", "status": "IN" if i % 3 else "OUT",
             "label": label + str(i) if i % 500 == 0 else f"Short {i}"}
            for i in range(LONG_TABLE_ROWS + 10)]
    out = io.StringIO()
    emit(rows, "table", ["id", "status", "label"], file=out)
    lines = out.getvalue().splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert lines[1].split() == ["id", "status", "label"]
    text = out.getvalue()
    for row in rows[:50] + rows[-50:]:
        assert row["id"] in text
    # A folded label: its words, read down the column, are the whole label.
    start = next(k for k, line in enumerate(lines) if "claim:c-000500" in line)
    column = lines[start].index("A claim")
    words = []
    for k, line in enumerate(lines[start:]):
        if k and line[:column].strip():
            break  # the next row
        words += line[column:].split()
    assert " ".join(words) == " ".join((label + "500").split())


_SCALARS = st.one_of(st.text(), st.none(), st.booleans(), st.integers(),
                     st.floats(allow_nan=True, allow_infinity=True))
_VALUES = st.one_of(_SCALARS, st.lists(_SCALARS, max_size=4), st.tuples(_SCALARS),
                    st.dictionaries(st.text(), _SCALARS, max_size=2),
                    st.lists(st.lists(_SCALARS, max_size=2), max_size=2))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.dictionaries(st.one_of(st.text(), st.integers()), _VALUES,
                                          max_size=5), _SCALARS), max_size=5))
def test_json_output_is_what_json_dumps_writes(rows):
    """--json writes listings with its own quick encoder: the bytes of json.dumps, whatever
    the rows hold (lists, odd numbers, non-string keys, nested objects)."""
    import io

    from commands.common import emit

    out = io.StringIO()
    emit(rows, "json", file=out)
    assert out.getvalue() == json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
