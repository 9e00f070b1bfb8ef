"""``argmap diff``: what changed between two versions of a map, as a changelog or JSON.

Versions are files or git revisions (``git:HEAD~1``), read with ``git show``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from _edit_support import invoke, write_small_map
from conftest import assert_clean_error, run_argmap


def _git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", "-c", "user.name=Argmap Test", "-c",
                             "user.email=test@example.org", "-c", "commit.gpgsign=false",
                             *args], cwd=repo, capture_output=True, text=True, check=True)
    return result.stdout


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """A git repository whose first commit holds the small map in maps/map.ttl."""
    folder = tmp_path / "repo"
    (folder / "maps").mkdir(parents=True)
    write_small_map(folder / "maps" / "map.ttl")
    _git(folder, "init", "-q")
    _git(folder, "add", "maps/map.ttl")
    _git(folder, "commit", "-q", "-m", "the map")
    return folder


def _add_claim(path: Path, *extra: str) -> str:
    result = invoke("--data", path, "add", "claim", "Exceptions become instruction manuals, says "
                    "a fictional test editor.", "--by",
                    "test-editor", "--source", "test-notes", *extra)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_changelog_lists_added_removed_and_changed_nodes(tmp_path):
    old = write_small_map(tmp_path / "old.ttl")
    new = tmp_path / "new.ttl"
    shutil.copyfile(old, new)
    claim = _add_claim(new, "--attacks", "ohchr-moratorium")
    assert invoke("--data", new, "remove", "edpb-edps-general-ban", "--cascade").returncode == 0
    text = new.read_text().replace("States should impose a moratorium",
                                   "States must impose a moratorium")
    new.write_text(text)

    result = run_argmap("diff", old, new)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith(f"Changes from {old} to {new}\n")
    assert (f'+ {claim}  "Exceptions become instruction manuals, says a fictional test editor." '
            '(asserted by actor:test-editor in source:test-notes, 2026-01-01)') in out
    assert (f"+ attack:{claim.split(':')[1]}-rebuts-ohchr-moratorium  {claim} rebuts "
            "claim:ohchr-moratorium (by actor:test-editor in source:test-notes)") in out
    assert '- claim:edpb-edps-general-ban  "Remote biometric identification' in out
    assert ("- support:edpb-edps-general-ban-supports-ban-biometric-mass-surveillance  "
            "claim:edpb-edps-general-ban supports claim:ban-biometric-mass-surveillance") in out
    assert '~ claim:ohchr-moratorium  text changed: "States should impose' in out
    assert '→ "States must impose' in out
    # Sections in changelog order, a count at the end; assertions folded into their claims.
    assert out.index("Claims:") < out.index("Relations:")
    assert "\n+ assertion:" not in out and "\n- assertion:" not in out
    assert out.rstrip().splitlines()[-1].startswith("5 changes (claims: 1 added, 1 changed, "
                                                    "1 removed; relations: 1 added, 1 removed")


def test_json_is_structured(tmp_path):
    old = write_small_map(tmp_path / "old.ttl")
    new = tmp_path / "new.ttl"
    shutil.copyfile(old, new)
    claim = _add_claim(new)
    result = invoke("diff", old, new, "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["summary"] == {"claim": {"added": 1}}
    (change,) = report["changes"]
    assert change["id"] == claim and change["kind"] == "claim" and change["change"] == "added"
    assert change["assertions"] == ["actor:test-editor in source:test-notes, 2026-01-01"]


def test_identical_versions_have_no_changes(tmp_path):
    old = write_small_map(tmp_path / "old.ttl")
    result = invoke("diff", old, old)
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == "no changes"


def test_git_revision_against_the_working_file(repo):
    path = repo / "maps" / "map.ttl"
    claim = _add_claim(path)
    result = run_argmap("diff", "git:HEAD", path, cwd=repo)
    assert result.returncode == 0, result.stderr
    assert f"+ {claim}  " in result.stdout
    assert "1 change (claim: 1 added)" in result.stdout
    # NEW defaults to the data file (--data), and a relative path works from a sub-folder.
    from_subfolder = run_argmap("--data", "map.ttl", "diff", "git:HEAD", cwd=repo / "maps")
    assert from_subfolder.returncode == 0, from_subfolder.stderr
    assert f"+ {claim}  " in from_subfolder.stdout


def test_two_git_revisions(repo):
    path = repo / "maps" / "map.ttl"
    claim = _add_claim(path)
    _git(repo, "commit", "-q", "-am", "a claim")
    result = run_argmap("diff", "git:HEAD~1:maps/map.ttl", "git:HEAD", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert f"+ {claim}  " in result.stdout


@pytest.mark.parametrize("args, fragments", [
    (("git:HEAD~5", "maps/map.ttl"), ("git:HEAD~5", "no such revision")),
    (("git:HEAD:maps/nope.ttl", "maps/map.ttl"), ("git:HEAD:maps/nope.ttl", "nope.ttl")),
    (("git:--output=x", "maps/map.ttl"), ("bad git revision",)),
])
def test_bad_git_versions_are_one_clean_line(repo, args, fragments):
    result = run_argmap("diff", *args, cwd=repo)
    assert_clean_error(result, *fragments)
    assert not (repo / "x").exists()


def test_two_revisions_without_a_path_use_the_data_file(repo):
    path = repo / "maps" / "map.ttl"
    claim = _add_claim(path)
    _git(repo, "commit", "-q", "-am", "a claim")
    result = run_argmap("--data", "maps/map.ttl", "diff", "git:HEAD~1", "git:HEAD", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert f"+ {claim}  " in result.stdout
    missing = run_argmap("--data", "maps/map.ttl", "diff", "git:HEAD~2", "git:HEAD", cwd=repo)
    assert_clean_error(missing, "git:HEAD~2", "no such revision")


def test_outside_a_repository_is_a_clean_error(tmp_path):
    path = write_small_map(tmp_path / "map.ttl")
    result = run_argmap("diff", "git:HEAD", path, cwd=tmp_path)
    assert_clean_error(result, "git:HEAD", "not a git repository")


def test_diff_of_a_review_on_the_shipped_debate(data_copy, shipped_data):
    result = invoke("--data", data_copy, "review", "false-alarm-rate", "--verdict",
                    "overstated", "--reason", "The measured maxima are 98%, 91% and 81%.",
                    "--source", "face-off", "--date", "2026-01-01")
    assert result.returncode == 0, result.stderr
    review = result.stdout.strip()
    diff = invoke("diff", shipped_data, data_copy)
    assert (f"+ {review}  claim:false-alarm-rate judged overstated by actor:argmap-editors: "
            '"The measured maxima are 98%, 91% and 81%."') in diff.stdout
