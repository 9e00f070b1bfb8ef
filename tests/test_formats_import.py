"""`argmap import`: validated before anything is written, conflicts reported, merged atomically,
and every malformed input gives one line with the place, exit 2, and an untouched data file."""

from __future__ import annotations

import hashlib
import random
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal
from rdflib.namespace import RDFS

from _formats_support import FIXTURES, SMALL_DEBATE, invoke
from conftest import assert_clean_error, run_argmap
from graph.errors import DataError
from graph.formats import FORMATS
from graph.formats._common import argument_view
from graph.store import load_graph
from graph.validate import validate
from graph.vocab import BMS


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def target(tmp_path: Path) -> Path:
    """A private copy of the small debate to import into."""
    path = tmp_path / "data.ttl"
    shutil.copyfile(SMALL_DEBATE, path)
    return path


IMPORTS = [("suedkreuz-aifdb.json", "aif"), ("suedkreuz-ova3.json", "aif"),
           ("suedkreuz-xaif.json", "aif"), ("suedkreuz-corpus.json", "aif"),
           ("suedkreuz-dundee.nt", "aif"), ("suedkreuz-argtech.rdf", "aif"),
           ("suedkreuz-kialo.txt", None), ("suedkreuz.apx", None), ("suedkreuz.tgf", None),
           ("suedkreuz.i23", None), ("suedkreuz-csv", None)]


@pytest.mark.parametrize("name,fmt", IMPORTS, ids=[n for n, _ in IMPORTS])
def test_every_fixture_imports_into_the_data_and_the_result_validates(target, name, fmt):
    from graph.formats.merge import import_file

    before = argument_view(load_graph(target)) if target.exists() else argument_view(Graph())
    result = import_file(FIXTURES / name, target, format=fmt)
    assert result.written and result.added > 0 and not result.conflicts
    after = argument_view(load_graph(target))
    assert len(after.claims) > len(before.claims) or len(after.attacks) > len(before.attacks)
    assert validate(load_graph(target)) == []


def test_the_import_command_reports_what_it_added(target):
    result = run_argmap("import", FIXTURES / "suedkreuz-aifdb.json", "--into", target, "--json")
    assert result.returncode == 0, result.stderr
    assert "suedkreuz-aifdb.json (aif): added 69 triples (15 nodes)" in result.stderr
    assert validate(load_graph(target)) == []


def test_kialo_import_maps_pro_and_con_and_reuses_linked_claims(tmp_path):
    target = tmp_path / "new.ttl"
    result = run_argmap("import", FIXTURES / "suedkreuz-kialo.txt", "--into", target)
    assert result.returncode == 0, result.stderr
    view = argument_view(load_graph(target))
    proposals = [c for c in view.claims.values() if c.proposal]
    assert [c.text for c in proposals] == [
        "The EU should ban biometric mass surveillance in publicly accessible spaces."]
    assert len(view.claims) == 7  # 9 numbered lines, 2 of them "-> See" links
    assert len(view.supports) == 3 and len(view.attacks) == 5
    linked = next(c for c in view.claims.values() if c.text.startswith("Searching for a single"))
    # 1.2 supports the thesis and, through "-> See 1.2.", attacks 1.3
    assert sum(s.premises == [linked.iri] for s in view.supports.values()) == 1
    assert sum(a.attacker == linked.iri for a in view.attacks.values()) == 1
    assert any("(80% hits" in c.text for c in view.claims.values())  # \( escapes undone


def test_dry_run_lists_the_nodes_and_writes_nothing(target):
    digest = _digest(target)
    result = run_argmap("import", FIXTURES / "suedkreuz-aifdb.json", "--into", target,
                        "--dry-run", "--json")
    assert result.returncode == 0, result.stderr
    assert "would add" in result.stderr
    assert '"change": "new"' in result.stdout
    assert "claim:a-broad-roll-out-of-facial-recognition-at-german-stations-is" in result.stdout
    assert _digest(target) == digest


def test_re_importing_an_export_adds_nothing(target, tmp_path):
    for fmt, name in (("argdown", "x.argdown"), ("csv", "csv-out"), ("turtle", "x.ttl"),
                      ("jsonld", "x.jsonld")):
        out = tmp_path / name
        assert invoke("--data", target, "export", "--format", fmt, "-o", out).returncode == 0
        digest = _digest(target)
        result = invoke("import", out, "--into", target)
        assert result.returncode == 0, result.stderr
        assert "added 0 triples" in result.stderr, (fmt, result.stderr)
        assert _digest(target) == digest


def _conflicting_file(tmp_path: Path) -> Path:
    graph = load_graph(SMALL_DEBATE)
    claim = BMS["claim/suedkreuz-frt-works"]
    graph.set((claim, RDFS.label, Literal("Südkreuz proved face recognition", lang="en")))
    path = tmp_path / "theirs.ttl"
    from graph.store import serialize_stable

    path.write_bytes(serialize_stable(graph))
    return path


def test_a_conflict_refuses_the_import_and_leaves_the_file_untouched(target, tmp_path):
    theirs = _conflicting_file(tmp_path)
    digest = _digest(target)
    result = run_argmap("import", theirs, "--into", target)
    assert_clean_error(result, "1 conflict", "claim:suedkreuz-frt-works", "--prefer")
    assert _digest(target) == digest
    dry = run_argmap("import", theirs, "--into", target, "--dry-run", "--json")
    assert dry.returncode == 0 and '"change": "conflict"' in dry.stdout


@pytest.mark.parametrize("prefer,label", [("theirs", "Südkreuz proved face recognition"),
                                          ("ours", "Südkreuz showed facial recognition works")])
def test_prefer_chooses_whose_text_wins(target, tmp_path, prefer, label):
    theirs = _conflicting_file(tmp_path)
    result = run_argmap("import", theirs, "--into", target, "--prefer", prefer)
    assert result.returncode == 0, result.stderr
    labels = list(load_graph(target).objects(BMS["claim/suedkreuz-frt-works"], RDFS.label))
    assert [str(x) for x in labels] == [label]


def test_an_import_that_would_make_the_data_invalid_is_refused(target, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix am: <https://w3id.org/argmap/ns#> .\n"
                   "<https://w3id.org/argmap/bms/claim/no-text> a am:Claim .\n", encoding="utf-8")
    digest = _digest(target)
    result = run_argmap("import", bad, "--into", target)
    assert_clean_error(result, "claim:no-text")
    assert _digest(target) == digest


def test_import_into_a_new_file_creates_it(tmp_path):
    target = tmp_path / "fresh.ttl"
    result = run_argmap("import", FIXTURES / "suedkreuz.apx", "--into", target)
    assert result.returncode == 0, result.stderr
    view = argument_view(load_graph(target))
    assert len(view.claims) == 4 and len(view.attacks) == 3


# --- malformed inputs ------------------------------------------------------------------------

def _garbage(size: int = 10 * 1024 * 1024) -> bytes:
    return random.Random(6064).randbytes(size)


MALFORMED = [
    # (file name, format, content, fragments the one-line message must have)
    ("trunc.json", "aif", b'{"nodes": [{"nodeID": "1", "text": "A", "type": "I"}', ["trunc.json:1:", "JSON"]),
    ("types.json", "aif", b'{"nodes": {"1": "A"}, "edges": []}', ["/nodes", "expected a list"]),
    ("id.json", "aif", b'{"nodes": [{"nodeID": {"x": 1}, "type": "I"}], "edges": []}',
     ["/nodes/0/nodeID", "expected a string or integer"]),
    ("kind.json", "aif", b'{"nodes": [{"nodeID": "1", "text": "A", "type": "XA"}], "edges": []}',
     ["/nodes/0/type", "unknown node kind"]),
    ("edge.json", "aif", b'{"nodes": [{"nodeID": "1", "text": "A", "type": "I"}], '
                         b'"edges": [{"fromID": "1", "toID": "9"}]}', ["/edges/0/toID", "no node"]),
    ("loop.json", "aif", b'{"nodes": [{"nodeID": "1", "text": "A", "type": "I"}], '
                         b'"edges": [{"fromID": "1", "toID": 1}]}', ["/edges/0", "cycle"]),
    ("circular.json", "aif", b'{"nodes": [{"nodeID": "1", "text": "A", "type": "I"}, '
                             b'{"nodeID": "2", "text": "RA", "type": "RA"}], "edges": '
                             b'[{"fromID": "1", "toID": "2"}, {"fromID": "2", "toID": "1"}]}',
     ["circular.json", "cycle"]),
    ("array.json", "aif", b'[1, 2, 3]', ["array.json", "expected a JSON object"]),
    ("latin1.json", "aif", '{"nodes": [{"text": "Südkreuz"}]}'.encode("latin-1"),
     ["latin1.json:1:", "not UTF-8"]),
    ("garbage.json", "aif", None, ["garbage.json:1:", "not UTF-8"]),
    ("self.argdown", "argdown", "[A]: Apples.\n  - [A]\n".encode(), ["self.argdown:2", "cycle"]),
    ("yaml.argdown", "argdown", b"[A]: Apples. {a: [}\n", ["yaml.argdown:1", "YAML"]),
    ("orphan.argdown", "argdown", b"  - [B]: Pears.\n", ["orphan.argdown:1", "nothing above"]),
    ("undercut.argdown", "argdown", b"[A]: Apples.\n  <_ [B]: Pears.\n",
     ["undercut.argdown:2", "undercut"]),
    ("front.argdown", "argdown", b"===\ntitle: [x\n===\n[A]: a\n", ["front.argdown", "front matter"]),
    ("latin1.argdown", "argdown", "[A]: Südkreuz.\n".encode("latin-1"), ["latin1.argdown:1:", "UTF-8"]),
    ("garbage.argdown", "argdown", None, ["garbage.argdown:1:", "UTF-8"]),
    ("start.txt", "kialo", b"Hello\n1. A\n", ["start.txt:1", "Discussion Title"]),
    ("parent.txt", "kialo", b"Discussion Title: T\n\n1. A\n1.2.1. Pro: B\n", ["parent.txt:4", "no parent"]),
    ("stance.txt", "kialo", b"Discussion Title: T\n\n1. A\n1.1. B\n", ["stance.txt:4", "Pro:"]),
    ("see.txt", "kialo", b"Discussion Title: T\n\n1. A\n1.1. Pro: B\n1.1.1. Con: -> See 1.1.\n",
     ["see.txt:5", "cycle"]),
    ("twice.txt", "kialo", b"Discussion Title: T\n\n1. A\n1. B\n", ["twice.txt:4", "twice"]),
    ("garbage.txt", "kialo", None, ["garbage.txt:1:", "UTF-8"]),
    ("bad.ttl", "turtle", b"@prefix am: <https://w3id.org/argmap/ns#> .\nam:x am:y \n",
     ["bad.ttl:", "Turtle"]),
    ("garbage.ttl", "turtle", None, ["garbage.ttl:1:", "UTF-8"]),
    ("bad.jsonld", "jsonld", b'{"@id": ', ["bad.jsonld:1:", "JSON"]),
    ("bad.nt", "ntriples", b"<a> <b> .\n", ["bad.nt:1", "N-Triples"]),
    ("bad.apx", "apx", b"arg(a).\natt(a,\n", ["bad.apx:2"]),
    ("bad.i23", "iccma", b"p af 2\n1 3\n", ["bad.i23:2"]),
    ("garbage.tgf", "tgf", None, ["garbage.tgf:1:", "UTF-8"]),
]


@pytest.mark.parametrize("name,fmt,content,fragments", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_input_gives_one_line_with_the_place_and_leaves_the_data_untouched(
        tmp_path, target, name, fmt, content, fragments):
    path = tmp_path / name
    path.write_bytes(content if content is not None else _garbage())
    digest = _digest(target)
    result = invoke("import", path, "--format", fmt, "--into", target)
    assert_clean_error(result, *fragments)
    assert _digest(target) == digest


@pytest.mark.parametrize("name,fmt,content,fragments",
                         [m for m in MALFORMED if m[0] in ("garbage.json", "kind.json", "self.argdown")],
                         ids=["garbage.json", "kind.json", "self.argdown"])
def test_the_real_command_reports_malformed_input_in_one_line(tmp_path, target, name, fmt,
                                                              content, fragments):
    path = tmp_path / name
    path.write_bytes(content if content is not None else _garbage())
    digest = _digest(target)
    result = run_argmap("import", path, "--into", target)  # format guessed from the name
    assert_clean_error(result, *fragments)
    assert _digest(target) == digest


CSV_MALFORMED = [
    ("nodes.csv", b"id,text\nclaim:a,A\n", ["nodes.csv:1", "missing column"]),
    ("nodes.csv", b"id,label\nclaim:a,A\nclaim:a,B\n", ["nodes.csv:3", "twice"]),
    ("edges.csv", b"kind,source,target\nsupport,claim:a,claim:a\n", ["edges.csv:2", "cycle"]),
    ("edges.csv", b"kind,source,target\nblames,claim:a,claim:b\n", ["edges.csv:2", "unknown kind"]),
    ("edges.csv", b"kind,source,target\nattack,claim:a,claim:zzz\n", ["edges.csv:2", "claim:zzz"]),
    ("nodes.csv", "id,label\nclaim:a,Südkreuz\n".encode("latin-1"), ["nodes.csv:2:", "UTF-8"]),
    ("nodes.csv", None, ["nodes.csv:1:", "UTF-8"]),
]


@pytest.mark.parametrize("which,content,fragments", CSV_MALFORMED,
                         ids=[f"{w}-{f[1]}" for w, _, f in CSV_MALFORMED])
def test_malformed_csv_names_the_file_and_line(tmp_path, target, which, content, fragments):
    folder = tmp_path / "sheet"
    folder.mkdir()
    (folder / "nodes.csv").write_bytes(b"id,label\nclaim:a,A\nclaim:b,B\n")
    (folder / "edges.csv").write_bytes(b"kind,source,target\n")
    (folder / which).write_bytes(content if content is not None else _garbage())
    digest = _digest(target)
    result = invoke("import", folder, "--into", target)
    assert_clean_error(result, *fragments)
    assert _digest(target) == digest


def test_export_only_formats_cannot_be_imported(tmp_path, target):
    path = tmp_path / "map.graphml"
    path.write_bytes(b"<graphml/>")
    assert_clean_error(invoke("import", path, "--into", target), "can only be exported")
    assert_clean_error(invoke("import", tmp_path / "missing.json", "--into", target),
                       "missing.json: no such file")


IMPORT_FORMATS = [f.name for f in FORMATS.values() if f.imports and f.name != "csv"]


@pytest.mark.parametrize("fmt", IMPORT_FORMATS)
@settings(max_examples=40, deadline=None)
@given(data=st.one_of(st.binary(max_size=300),
                      st.text(alphabet="[]<>(){}:#@-+_.,;\"'\\/ \n\t1aZ=%", max_size=300)
                      .map(lambda t: t.encode("utf-8"))))
def test_no_input_makes_an_importer_fail_other_than_with_a_data_error(fmt, data):
    try:
        FORMATS[fmt].import_(data, name=f"input.{fmt}")
    except DataError as exc:
        assert "\n" not in str(exc)
