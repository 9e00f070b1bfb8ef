"""The README's first command works on a fresh clone, in a fresh virtual environment.

(The second one, ``make test``, is what CI runs, so it is checked by every CI run.)
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_readme_names_the_two_commands_and_ci_runs_the_second():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r"^make map\b", readme, re.M)
    assert re.search(r"^make test\b", readme, re.M)
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.M)


def test_make_map_on_a_fresh_clone_draws_the_bundled_debate(tmp_path):
    clone = tmp_path / "argmap"
    # Copy the working tree as git sees it (tracked files), like a fresh clone of this state.
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
    for name in filter(None, (f.decode() for f in files)):
        source = ROOT / name
        if source.is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, clone / name)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "ARGMAP_"))}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if not p.startswith(str(Path(sys.executable).parent)))
    result = subprocess.run(["make", "map", f"PYTHON={sys.base_prefix}/bin/python3"], cwd=clone,
                            env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    page = (clone / "map.html").read_text(encoding="utf-8")
    assert "<canvas" in page or "vis-network" in page
    assert "claim:ban-biometric-mass-surveillance" in page or "ban-biometric-mass-surveillance" in page
    # the installed command is a wheel install, not the checkout: it found the bundled debate
    installed = subprocess.run([str(clone / ".venv" / "bin" / "argmap"), "stats", "--json"],
                               cwd=tmp_path, env=env, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    assert '"claims_without_source": 0' in installed.stdout
