"""The authoring guide stays true: its tactic list is the catalogue's, and its template validates."""

from __future__ import annotations

from pathlib import Path

from game.cli import main
from game.core.guide_tactics import END, START, with_table
from game.core.library import SCENARIOS_DIR, load_catalogue

ROOT = Path(__file__).resolve().parents[1]


def test_the_guide_lists_every_tactic_id_of_the_catalogue():
    catalogue, report = load_catalogue(SCENARIOS_DIR / "tactics.yaml")
    assert report.ok
    guide = (SCENARIOS_DIR / "README.md").read_text(encoding="utf-8")
    assert START in guide and END in guide
    assert with_table(guide, catalogue) == guide, "run: python -m game.core.guide_tactics"
    for tid in catalogue.tactics:
        assert f"| `{tid}` |" in guide


def test_the_template_story_validates_without_errors(capsys):
    assert main(["validate", str(ROOT / "docs" / "story-template.yaml")]) == 0
    out = capsys.readouterr().out
    assert "0 error(s)" in out and "ok (scenario 'my-new-story')" in out
