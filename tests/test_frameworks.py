"""Competition formats (apx, tgf, ICCMA'23): reading, writing, errors, and `argmap --data FILE`."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from graph.errors import ArgmapError, DataError
from graph.frameworks import (is_framework_path, parse_apx, parse_iccma, parse_tgf,
                              read_framework, write_apx, write_framework, write_iccma, write_tgf)
from graph.semantics import Framework
from conftest import assert_clean_error, run_argmap

# probo2's solver test instance (aig-hagen/probo2, src/probo2_data/solver_test_data/a.*): two
# arguments, a attacks itself; the grounded extension is {b}.
PROBO2_APX = "arg(a).\narg(b).\natt(a,a).\n"
PROBO2_TGF = "a\nb\n#\na a\n"
# crustabri's ICCMA'23 test instance (tests/test_iccma23_aa.rs), re-encoded: 1↔2, 1→3, 2→3, 3↔4.
CRUSTABRI_I23 = "p af 4\n# a comment line\n1 2\n2 1\n1 3\n2 3\n3 4\n4 3\n"


def test_reads_the_three_formats():
    assert parse_apx(PROBO2_APX) == Framework(("a", "b"), (("a", "a"),))
    assert parse_tgf(PROBO2_TGF) == Framework(("a", "b"), (("a", "a"),))
    af = parse_iccma(CRUSTABRI_I23)
    assert af.arguments == ("1", "2", "3", "4")
    assert ("3", "4") in af.attacks and len(af.attacks) == 6


def test_apx_allows_comments_spaces_several_facts_a_line_and_quoted_names():
    af = parse_apx('% an ICCMA instance\narg( a ). arg(b).arg("claim:x y").\n'
                   'att(a , b).  % a trailing comment\natt(b,"claim:x y").\n')
    assert af == Framework(("a", "b", "claim:x y"), (("a", "b"), ("b", "claim:x y")))


def test_tgf_ignores_labels_after_the_names():
    assert parse_tgf("1 first\n2 second\n#\n1 2 attacks\n") == Framework(("1", "2"), (("1", "2"),))


@pytest.mark.parametrize("parser, text, place, message", [
    (parse_apx, "arg(a).\narg(b)\natt(a,b).", "x:2:1", "expected arg(NAME). or att(NAME,NAME)."),
    (parse_apx, "arg(a).\natt(a,c).", "x:2:1", "'c' is not declared with arg(c)."),
    (parse_apx, "arg(a).\natt(a).", "x:2:1", "att(…) takes two names"),
    (parse_apx, "arg(a,b).", "x:1:1", "arg(…) takes one name"),
    (parse_tgf, "a\n#\na\n", "x:3:1", "an attack line needs two names"),
    (parse_tgf, "a\n#\na b\n", "x:3:3", "'b' is not an argument"),
    (parse_tgf, "a\n#\n#\n", "x:3:1", "a second '#' line"),
    (parse_iccma, "1 2\n", "x:1:1", "expected the header 'p af N'"),
    (parse_iccma, "p af 2\n1 3\n", "x:2:3", "argument 3 is out of range 1..2"),
    (parse_iccma, "p af 2\n1 b\n", "x:2:3", "'b' is not an argument number"),
    (parse_iccma, "p af 2\n1 2 2\n", "x:2:1", "expected an attack 'i j'"),
    (parse_iccma, "p af 2\n1 \u00b2\n", "x:2:3", "'\u00b2' is not an argument number"),
    (parse_iccma, "# only a comment\n", "x", "no 'p af N' header"),
])
def test_errors_name_file_line_and_column(parser, text, place, message):
    with pytest.raises(DataError) as caught:
        parser(text, path="x")
    assert str(caught.value).startswith(place + ": ")
    assert message in str(caught.value)


def test_writers_are_deterministic_and_readable_back():
    af = Framework(["b", "a", "c"], [("b", "c"), ("a", "b")])
    assert write_apx(af) == "arg(a).\narg(b).\narg(c).\natt(a,b).\natt(b,c).\n"
    assert write_tgf(af) == "a\nb\nc\n#\na b\nb c\n"
    assert write_iccma(af) == "p af 3\n# 1 a\n# 2 b\n# 3 c\n1 2\n2 3\n"
    assert write_framework(af, "iccma") == write_iccma(af)


def test_writing_debate_names_quotes_them_in_apx_and_refuses_spaces_in_tgf():
    af = Framework(["claim:ban", "claim:regulate-not-ban"], [("claim:regulate-not-ban", "claim:ban")])
    assert parse_apx(write_apx(af)) == Framework(
        ("claim:ban", "claim:regulate-not-ban"), (("claim:regulate-not-ban", "claim:ban"),))
    with pytest.raises(ArgmapError, match="cannot be written in tgf"):
        write_tgf(Framework(["a b"], []))
    with pytest.raises(ArgmapError, match="unknown framework format"):
        write_framework(af, "dot")


def test_writers_take_a_name_function_for_iri_nodes():
    af = Framework(["https://w3id.org/argmap/bms/claim/x"], [])
    assert write_tgf(af, name=lambda iri: "claim:" + iri.rsplit("/", 1)[1]) == "claim:x\n#\n"


names = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True) | st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=8)


@settings(max_examples=150, deadline=None)
@given(st.lists(names, min_size=0, max_size=8, unique=True), st.data())
def test_round_trips_keep_every_argument_and_attack(arguments, data):
    attacks = data.draw(st.lists(st.tuples(st.sampled_from(arguments), st.sampled_from(arguments)),
                                 max_size=12, unique=True)) if arguments else []
    af = Framework(arguments, attacks)
    back = parse_apx(write_apx(af))
    assert set(back.arguments) == set(arguments) and set(back.attacks) == set(attacks)
    numbered = parse_iccma(write_iccma(af))
    assert len(numbered.arguments) == len(arguments) and len(numbered.attacks) == len(attacks)
    if all(a.split() == [a] and a != "#" for a in arguments):
        back = parse_tgf(write_tgf(af))
        assert set(back.arguments) == set(arguments) and set(back.attacks) == set(attacks)


def test_pyarg_reads_what_we_write():
    """PyArg's own readers (python-argumentation) parse our apx, tgf and ICCMA'23 output."""
    from py_arg.import_export.argumentation_framework_from_aspartix_format_reader import (
        ArgumentationFrameworkFromASPARTIXFormatReader)
    from py_arg.import_export.argumentation_framework_from_iccma23_format_reader import (
        ArgumentationFrameworkFromICCMA23FormatReader)
    from py_arg.import_export.argumentation_framework_from_trivial_graph_format_reader import (
        ArgumentationFrameworkFromTrivialGraphFormatReader)

    af = parse_iccma(CRUSTABRI_I23)
    theirs = ArgumentationFrameworkFromASPARTIXFormatReader.from_apx(write_apx(af))
    assert {a.name for a in theirs.arguments} == set(af.arguments)
    assert {(d.from_argument.name, d.to_argument.name) for d in theirs.defeats} == set(af.attacks)
    theirs = ArgumentationFrameworkFromTrivialGraphFormatReader.from_tgf(write_tgf(af))
    assert {(d.from_argument.name, d.to_argument.name) for d in theirs.defeats} == set(af.attacks)
    # PyArg's ICCMA'23 reader takes no comment lines; strip ours (they only name arguments).
    plain = "".join(line + "\n" for line in write_iccma(af).splitlines() if not line.startswith("#"))
    theirs = ArgumentationFrameworkFromICCMA23FormatReader.from_iccma23(plain)
    assert {(d.from_argument.name, d.to_argument.name) for d in theirs.defeats} == {
        ("A" + a, "A" + b) for a, b in af.attacks}


def test_framework_paths_are_recognised_by_ending():
    assert is_framework_path("x.apx") and is_framework_path("x.TGF") and is_framework_path("y.i23")
    assert is_framework_path("z.af") and not is_framework_path("claims.ttl")


def test_af_files_are_sniffed(tmp_path):
    (tmp_path / "a.af").write_text(PROBO2_APX)
    (tmp_path / "b.af").write_text(CRUSTABRI_I23)
    assert read_framework(tmp_path / "a.af").arguments == ("a", "b")
    assert read_framework(tmp_path / "b.af").arguments == ("1", "2", "3", "4")


def test_reading_a_missing_or_binary_file_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        read_framework(tmp_path / "nothing.apx")
    (tmp_path / "bin.tgf").write_bytes(b"a\n\xff\xfe\n")
    with pytest.raises(DataError, match="bin.tgf:2: not UTF-8"):
        read_framework(tmp_path / "bin.tgf")


# --- the command on competition files -------------------------------------------------------------

@pytest.fixture(scope="module")
def instances(tmp_path_factory):
    folder = tmp_path_factory.mktemp("instances")
    (folder / "a.apx").write_text(PROBO2_APX)
    (folder / "a.tgf").write_text(PROBO2_TGF)
    (folder / "crustabri.i23").write_text(CRUSTABRI_I23)
    (folder / "broken.apx").write_text("arg(a).\natt(a,b).\n")
    return folder


def test_status_json_on_an_apx_file(instances):
    result = run_argmap("--data", instances / "a.apx", "status", "--semantics", "grounded", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "semantics": "grounded", "extensions": [["b"]], "credulous": ["b"], "skeptical": ["b"],
        "labels": {"a": "undec", "b": "in"}}


def test_status_json_on_an_iccma_file_matches_the_known_answers(instances):
    result = run_argmap("--data", instances / "crustabri.i23", "status", "--semantics",
                        "preferred", "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["extensions"] == [["1", "4"], ["2", "4"]]  # SE-PR ∈ {w 1 4, w 2 4}
    assert answer["skeptical"] == ["4"]                      # DS-PR 4 → YES
    assert "3" not in answer["credulous"]                    # DC-CO 3 → NO
    assert answer["labels"] == {"1": "undec", "2": "undec", "3": "out", "4": "in"}


def test_status_on_tgf_has_no_stable_extension(instances):
    result = run_argmap("--data", instances / "a.tgf", "status", "-s", "stable", "--json")
    assert json.loads(result.stdout)["extensions"] == []


def test_explain_on_a_framework_file(instances):
    result = run_argmap("--data", instances / "crustabri.i23", "explain", "3")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("3 is UNDECIDED: no attacker of it is IN")
    assert_clean_error(run_argmap("--data", instances / "crustabri.i23", "explain", "7"),
                       "no argument '7' in the framework")


def test_a_broken_framework_file_is_a_one_line_error(instances):
    result = run_argmap("--data", instances / "broken.apx", "status")
    assert_clean_error(result, "broken.apx:2:1:", "'b' is not declared")


def test_analyse_refuses_a_framework_file(instances):
    assert_clean_error(run_argmap("--data", instances / "a.apx", "analyse"),
                       "analyse needs a debate")


def test_too_many_extensions_is_a_one_line_error(tmp_path):
    lines = ["p af 24"] + [f"{i} {i + 1}\n{i + 1} {i}" for i in range(1, 24, 2)]
    (tmp_path / "cycles.i23").write_text("\n".join(lines) + "\n")
    result = run_argmap("--data", tmp_path / "cycles.i23", "status", "-s", "preferred",
                        "--max-extensions", "100")
    assert_clean_error(result, "more than 100 extensions")
