"""`graph --format png`: the branching drawn offline, every step and ending in its own box."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from game.cli import main
from game.core.graph import OUTCOME_COLOUR, SAFETY_COLOUR

MINI = Path(__file__).parent / "data" / "mini.yaml"


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def test_the_branching_is_drawn_with_endings_and_choices_in_their_colours(tmp_path, capsys):
    out = tmp_path / "mini.png"
    assert main(["graph", str(MINI), "--format", "png", "--out", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    img = Image.open(out).convert("RGB")
    colours = {c for _, c in img.getcolors(maxcolors=1 << 20)}
    assert _rgb(SAFETY_COLOUR["safe"]) in colours  # a safe choice's arrow
    assert any(_rgb(OUTCOME_COLOUR[o]) in colours for o in OUTCOME_COLOUR)  # an ending's box
    assert img.width >= 300 and img.height >= 200


def test_a_broken_file_draws_nothing_and_says_why(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\n", encoding="utf-8")
    assert main(["graph", str(bad), "--format", "png", "--out", str(tmp_path / "bad.png")]) == 1
    assert "E102" in capsys.readouterr().err and not (tmp_path / "bad.png").exists()
