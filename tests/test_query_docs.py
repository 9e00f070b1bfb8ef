"""docs/analysts.md is what argmap prints today: the page is regenerated and compared."""

from __future__ import annotations

import importlib.util

from conftest import ROOT


def _generator():
    spec = importlib.util.spec_from_file_location("gen_analysts_doc",
                                                  ROOT / "scripts" / "gen_analysts_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_analysts_guide_is_up_to_date():
    generator = _generator()
    fresh = generator.render()
    written = (ROOT / "docs" / "analysts.md").read_text(encoding="utf-8")
    assert written == fresh, ("docs/analysts.md is out of date; run: "
                              ".venv/bin/python scripts/gen_analysts_doc.py")


def test_the_guide_asks_ten_questions_and_shows_real_answers():
    generator = _generator()
    assert len(generator.QUESTIONS) == 10
    written = (ROOT / "docs" / "analysts.md").read_text(encoding="utf-8")
    assert "actor:veronica-arroyo" in written          # question 2: who rebutted C21
    assert "ECLI:EU:C:2014:238" in written             # question 7: Digital Rights Ireland
    assert "(no rows)" in written                      # question 4: nothing unsourced
