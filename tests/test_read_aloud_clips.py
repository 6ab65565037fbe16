"""Clips for read-aloud: every story text, choice and ending has one, and an edited one is reported stale (W304)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

from game.core import voices
from game.core.library import ASSETS_DIR, ROOT, SCENARIOS_DIR, load_library
from game.core.strings import LANGUAGES

TACTICS = SCENARIOS_DIR / "tactics.yaml"


def _make_voices():
    if "make_voices" not in sys.modules:
        spec = importlib.util.spec_from_file_location("make_voices", ROOT / "assets" / "make_voices.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["make_voices"] = module
        spec.loader.exec_module(module)
    return sys.modules["make_voices"]


def _w304(folder: Path, assets: Path = ASSETS_DIR) -> list:
    lib = load_library([folder], catalogue_path=TACTICS, assets_root=assets, use_cache=False)
    return [p for p in lib.problems if p.code == "W304"]


def _edit_once(library, tmp_path: Path, pick) -> tuple[Path, str, str]:
    """Copy a shipped scenario with one voiced text (chosen by pick(Voiced)) changed; (file, node id, part)."""
    for sc in library.ordered():
        raw = (ROOT / sc.path).read_text(encoding="utf-8")
        for v in voices.voiced_lines(sc):
            words = v.text[:30]
            if pick(v) and len(words) > 12 and raw.count(words) == 1:
                path = tmp_path / Path(sc.path).name
                path.write_text(raw.replace(words, words + " right now", 1), encoding="utf-8")
                return path, v.node, v.part
    raise AssertionError("no such text could be edited in place")


def test_every_shipped_text_read_aloud_has_its_clip(library) -> None:
    lines = [(sc.id, v) for sc in library.ordered() for v in voices.voiced_lines(sc) if v.text.strip()]
    parts = {v.part.split()[0] for _, v in lines}
    assert parts >= {"text", "message", "choice", "title"}
    assert {v.lang for _, v in lines} >= {"vi", "en"}
    missing = [(sid, v.node, v.part, v.lang) for sid, v in lines if voices.clip_path(v.text, v.lang) is None]
    assert missing == [], "run python assets/make_voices.py"
    numbers = [(lang, text) for lang, text in voices.ui_lines(voices.voiced_languages(LANGUAGES)) if voices.clip_path(text, lang) is None]
    assert numbers == []


def test_read_aloud_says_what_the_screen_shows_in_its_order(library) -> None:
    sc = library.scenarios["online-kidnapping"]
    chat = next(s for s in sc.steps.values() if s.channel == "chat" and s.messages)
    assert voices.step_texts(chat, "en") == [b.text.get("en") for b in chat.messages] + [chat.text.get("en")]
    said = voices.choice_texts(chat.choices, "vi")
    assert said[0] == "Lựa chọn 1." and said[1] == chat.choices[0].text.get("vi") and len(said) == 2 * len(chat.choices)
    ending = next(iter(sc.endings.values()))
    assert voices.ending_texts(ending, "en") == [ending.title.get("en"), ending.text.get("en")]


def test_an_edited_choice_is_reported_stale(library, tmp_path: Path) -> None:
    path, node, part = _edit_once(library, tmp_path, lambda v: v.part.startswith("choice") and v.lang == "en")
    (problem,) = _w304(tmp_path)
    assert f"step '{node}'" in problem.message and f"'en' {part}" in problem.message and "changed" in problem.message
    assert problem.line > 0 and problem.file.endswith(path.name)


def test_an_edited_ending_and_message_are_reported(library, tmp_path: Path) -> None:
    _edit_once(library, tmp_path, lambda v: v.ending and v.part == "text")
    (problem,) = _w304(tmp_path)
    assert problem.message.startswith("ending '") and "text changed" in problem.message
    other = tmp_path / "other"
    other.mkdir()
    path, node, part = _edit_once(library, other, lambda v: v.part.startswith("message"))
    (problem,) = _w304(other)
    assert f"step '{node}'" in problem.message and part in problem.message


def test_an_index_of_the_first_format_still_tells_stale_from_missing(tmp_path: Path) -> None:
    folder = tmp_path / "voices"
    folder.mkdir()
    (folder / voices.INDEX_NAME).write_text(
        json.dumps(
            {
                "format": 1,
                "clips": {"aaaa": {"lang": "vi", "scenario": "s", "step": "call1", "file": "vi-aaaa.ogg", "also": [["s", "call2"]]}},
            }
        ),
        encoding="utf-8",
    )
    made = voices.made_for(folder)
    assert made[("s", "call1", "text", "vi")] == "aaaa" and made[("s", "call2", "text", "vi")] == "aaaa"


def test_the_index_names_the_part_of_every_clip() -> None:
    index = json.loads((ASSETS_DIR / "voices" / voices.INDEX_NAME).read_text(encoding="utf-8"))
    assert index["format"] == 2
    parts = {entry["part"].split()[0] for entry in index["clips"].values()}
    assert parts >= {"text", "message", "choice", "title"}


def test_pictures_are_not_read_out_by_name() -> None:
    speakable = _make_voices().speakable
    assert speakable("Đừng bỏ bữa nha 🥺 ❤️") == "Đừng bỏ bữa nha"
    assert speakable("Hi! 👋🏽 see you") == "Hi! see you"
