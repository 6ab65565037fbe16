"""A folder of one's own: an organiser adds stories (and their pictures) without touching the install.

Stories are read from the shipped folder, then DATA_DIR/scenarios/, then each --scenarios DIR;
a copy never knocks out the original; pictures sit beside the story and are checked like
shipped ones; `validate` checks exactly what it is given.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image

from game.cli import main
from game.core.library import load_library
from game.resources import SCENARIOS_DIR, STORY_FOLDERS_ENV

TEMPLATE = Path(__file__).resolve().parents[1] / "docs" / "story-template.yaml"


@pytest.fixture(autouse=True)
def no_story_folders(monkeypatch):
    monkeypatch.delenv(STORY_FOLDERS_ENV, raising=False)  # restored after each test


def organiser_folder(tmp_path: Path, text: str | None = None, name: str = "my-new-story.yaml") -> Path:
    folder = tmp_path / "stories"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text or TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def play_text(tmp_path, *args: str) -> tuple[int, str]:
    """The terminal player as a person starts it (a process, its stdin and stdout)."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, str(root / "main.py"), "play", "--text", "--no-record", "--lang", "en", *args],
        input="1\n" * 60,
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "NOTALONE_CACHE": str(tmp_path / "cache")},
    )
    return done.returncode, done.stdout


def test_scenarios_dir_adds_a_story_that_plays(tmp_path):
    folder = organiser_folder(tmp_path)
    code, out = play_text(tmp_path, "--scenarios", str(folder), "--scenario", "my-new-story")
    assert code == 0 and "A strange message" in out


def test_the_data_folder_has_a_scenarios_folder_read_after_the_shipped_ones(tmp_path):
    data = tmp_path / "data"
    (data / "scenarios").mkdir(parents=True)
    shutil.copy(TEMPLATE, data / "scenarios" / "my-new-story.yaml")
    code, out = play_text(tmp_path, "--data-dir", str(data), "--scenario", "my-new-story")
    assert code == 0 and "A strange message" in out


def test_a_missing_scenarios_folder_is_one_line_and_no_play(tmp_path, capsys):
    assert main(["play", "--text", "--scenarios", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no such folder" in err[0]


def test_a_copy_of_a_shipped_story_never_knocks_out_the_original(tmp_path):
    shipped = SCENARIOS_DIR / "prize-message.yaml"
    folder = tmp_path / "stories"
    folder.mkdir()
    copy = shipped.read_text(encoding="utf-8").replace("title:", "title:", 1)
    (folder / "aaa-first.yaml").write_text(copy, encoding="utf-8")  # sorts before anything
    lib = load_library([SCENARIOS_DIR, folder])
    kept = lib.scenarios["prize-message"]
    assert Path(kept.path).resolve() == shipped.resolve()
    (dup,) = [p for p in lib.problems if p.code == "E211"]
    assert dup.file.endswith("aaa-first.yaml") and "prize-message.yaml" in dup.message and "kept" in dup.message
    # within one folder, the file named after the id keeps it, whatever sorts first
    (folder / "my-new-story.yaml").write_text(TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "000-copy.yaml").write_text(TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
    lib = load_library([folder])
    assert Path(lib.scenarios["my-new-story"].path).name == "my-new-story.yaml"


def test_a_picture_beside_the_story_is_checked_like_a_shipped_one(tmp_path, capsys):
    text = TEMPLATE.read_text(encoding="utf-8").replace("    avatar: man\n", "    avatar: man\n    picture: faces/tuan.png\n")
    folder = organiser_folder(tmp_path, text)
    (folder / "faces").mkdir()
    Image.new("RGB", (64, 64), (200, 120, 80)).save(folder / "faces" / "tuan.png")
    assert main(["validate", "--quiet", str(folder / "my-new-story.yaml")]) == 0
    capsys.readouterr()
    (folder / "faces" / "tuan.png").write_text("not a picture", encoding="utf-8")
    assert main(["validate", str(folder / "my-new-story.yaml")]) == 1
    assert "E215" in capsys.readouterr().out
    (folder / "faces" / "tuan.png").unlink()
    assert main(["validate", str(folder / "my-new-story.yaml")]) == 1
    assert "faces/tuan.png is not under assets/ or beside the story" in capsys.readouterr().out


def test_validate_checks_what_it_is_given_and_nothing_else(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "typo.yaml")]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert out == [f"{tmp_path / 'typo.yaml'}: error E010: no such file or folder. Check that the file exists and that you may read it."]
    other = tmp_path / "tactics.yaml"
    other.write_text("tactics:\n  urgency:\n    family: fear\n", encoding="utf-8")
    assert main(["validate", str(other)]) == 1
    printed = capsys.readouterr().out
    assert str(other) in printed and "E102" in printed  # the named catalogue, not the shipped one


def test_quiet_hides_warnings_but_counts_them(tmp_path, capsys):
    folder = organiser_folder(tmp_path)
    assert main(["validate", "--quiet", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "warning" not in out.split("file(s) checked")[0] and "ok (" not in out


def test_ids_with_a_trailing_newline_and_texts_of_invisible_characters_are_refused(tmp_path, capsys):
    text = TEMPLATE.read_text(encoding="utf-8").replace("id: my-new-story ", 'id: "my-new-story\\n" ', 1)
    text = text.replace('title: {vi: "Tin nhắn lạ", en: "A strange message"}', 'title: {vi: "\\u200b\\u200d", en: "A strange message"}')
    folder = organiser_folder(tmp_path, text)
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "E105" in out and "E106" in out
