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

from cli import main
from conftest import ROOT, assert_clean_error, run_argmap


def _all_commands(group: click.Group, prefix: str = ""):
    for name, command in sorted(group.commands.items()):
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
