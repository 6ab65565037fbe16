"""Voice clips of call lines: every clip loads, every shipped line has one, and an edited line is reported (W304)."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
import unicodedata
from pathlib import Path

import pygame
import pytest

from game.core import voices
from game.core.library import ASSETS_DIR, ROOT, SCENARIOS_DIR, load_library
from game.core.strings import LANGUAGES

VOICES = ASSETS_DIR / "voices"
TACTICS = SCENARIOS_DIR / "tactics.yaml"


def _make_voices():
    """assets/make_voices.py as a module (it is a script, not part of the game package)."""
    if "make_voices" not in sys.modules:
        spec = importlib.util.spec_from_file_location("make_voices", ROOT / "assets" / "make_voices.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["make_voices"] = module  # its dataclass looks itself up there
        spec.loader.exec_module(module)
    return sys.modules["make_voices"]


def _index() -> dict:
    return json.loads((VOICES / voices.INDEX_NAME).read_text(encoding="utf-8"))


def _load(folder: Path, assets: Path = ASSETS_DIR):
    return load_library([folder], catalogue_path=TACTICS, assets_root=assets, use_cache=False)


def _w304(lib) -> list:
    return [p for p in lib.problems if p.code == "W304"]


def _copy_with_edit(library, tmp_path: Path) -> tuple[Path, str, str]:
    """Copy a shipped scenario, changing the words of one call line; (file, step id, lang)."""
    for sc in library.ordered():
        raw = (ROOT / sc.path).read_text(encoding="utf-8")
        for step, lang, text in voices.spoken_lines(sc):
            words = text[:24]
            if raw.count(words) == 1:
                path = tmp_path / Path(sc.path).name
                path.write_text(raw.replace(words, words + " quickly", 1), encoding="utf-8")
                return path, step.id, lang
    raise AssertionError("no call line could be edited in place")


def test_every_clip_loads_with_the_dummy_driver() -> None:
    clips = _index()["clips"]
    assert clips
    pygame.mixer.init()
    try:
        for key, entry in clips.items():
            path = VOICES / entry["file"]
            assert path.name == f"{entry['lang']}-{key}.ogg"
            sound = pygame.mixer.Sound(str(path))
            assert sound.get_length() > 0.5, path.name
    finally:
        pygame.mixer.quit()


def test_the_folder_holds_exactly_the_indexed_clips_and_stays_small() -> None:
    on_disk = {p.name for p in VOICES.glob("*.ogg")}
    assert on_disk == {e["file"] for e in _index()["clips"].values()}, "run python assets/make_voices.py"
    total = sum(p.stat().st_size for p in VOICES.glob("*.ogg"))
    # Every story text and choice has a clip (read-aloud): about 0.9 MB a story and language at the lowest
    # Vorbis quality, so a bound per story and voiced language. It catches a runaway, e.g. a change of
    # encoding, or the debrief's feedback (as long again as everything else) added by mistake.
    stories = len([p for p in (VOICES.parents[1] / "scenarios").glob("*.yaml") if p.name != "tactics.yaml"])
    langs = len(voices.VOICE_SETTINGS)
    assert total < stories * langs * 1.25 * 1024 * 1024, f"voice clips take {total / 1e6:.1f} MB for {stories} stories in {langs} languages"
    text = (VOICES / "LICENSE.txt").read_text(encoding="utf-8")
    assert "espeak-ng" in text.lower() and "GPL" in text and "make_voices.py" in text


def test_every_shipped_call_line_has_its_clip_in_every_language(library) -> None:
    lines = [(sc.id, step.id, lang, text) for sc in library.ordered() for step, lang, text in voices.spoken_lines(sc)]
    assert {lang for *_, lang, _ in lines} == set(voices.voiced_languages(LANGUAGES)), "every shipped language espeak-ng speaks"
    missing = [(sid, step, lang) for sid, step, lang, text in lines if voices.clip_path(text, lang) is None]
    assert missing == []
    assert [p for p in library.problems if p.code == "W304"] == []


def test_the_key_follows_the_words_the_player_sees() -> None:
    text = "Alô, tôi là cán bộ công an."
    assert voices.clip_key(text, "vi") == voices.clip_key(unicodedata.normalize("NFD", text), "vi")
    assert voices.clip_key(text, "vi") != voices.clip_key(text + ".", "vi")
    assert voices.clip_key(text, "vi") != voices.clip_key(text, "en")
    assert len(voices.clip_key(text, "vi")) == 16
    assert voices.clip_path("", "vi") is None


def test_an_unchanged_copy_has_no_voice_warning(library, tmp_path: Path) -> None:
    sc = library.ordered()[0]
    shutil.copy(ROOT / sc.path, tmp_path)
    assert _w304(_load(tmp_path)) == []


def test_an_edited_call_line_is_reported_stale(library, tmp_path: Path) -> None:
    path, step_id, lang = _copy_with_edit(library, tmp_path)
    lib = _load(tmp_path)
    (problem,) = _w304(lib)
    assert problem.file.endswith(path.name) and problem.line > 0
    assert step_id in problem.message and f"'{lang}'" in problem.message and "changed" in problem.message
    assert "make_voices.py" in problem.format()
    assert not problem.is_error and lib.scenarios, "a stale clip never stops the story from loading"


def test_a_new_scenario_without_clips_is_nudged(library, tmp_path: Path) -> None:
    path, step_id, lang = _copy_with_edit(library, tmp_path)
    sc = next(s for s in library.ordered() if Path(s.path).name == path.name)
    path.write_text(path.read_text(encoding="utf-8").replace(f"id: {sc.id}", "id: brand-new-story", 1), encoding="utf-8")
    (problem,) = _w304(_load(tmp_path))  # its other lines are word for word the shipped ones: their clips serve
    assert step_id in problem.message and f"'{lang}'" in problem.message and "no voice clip" in problem.message


def test_without_an_assets_root_clips_are_not_checked(library, tmp_path: Path) -> None:
    _copy_with_edit(library, tmp_path)
    lib = load_library([tmp_path], catalogue_path=TACTICS, assets_root=None, use_cache=False)
    assert _w304(lib) == []


def test_a_damaged_index_still_validates(library, tmp_path: Path) -> None:
    assets = tmp_path / "assets"
    (assets / "voices").mkdir(parents=True)
    (assets / "voices" / voices.INDEX_NAME).write_text("{not json", encoding="utf-8")
    folder = tmp_path / "scenarios"
    folder.mkdir()
    sc = library.ordered()[0]
    shutil.copy(ROOT / sc.path, folder)
    problems = _w304(_load(folder, assets))
    assert problems and all("no voice clip" in p.message for p in problems)


def test_make_voices_check_passes_on_the_shipped_scenarios(capsys) -> None:
    module = _make_voices()
    assert module.main(["--check"]) == 0
    assert " 0 problem(s)" in capsys.readouterr().out


@pytest.mark.skipif(not (shutil.which("espeak-ng") and shutil.which("sox")), reason="espeak-ng and sox not installed")
def test_make_voices_makes_a_clip_pygame_plays(tmp_path: Path) -> None:
    module = _make_voices()
    text = "Xin chào, đây là bài kiểm tra."
    clip = module.Clip(voices.clip_key(text, "vi"), "vi", text, [("test", "step")])
    module.synthesise(clip, tmp_path, shutil.which("espeak-ng"), "sox")
    pygame.mixer.init()
    try:
        assert pygame.mixer.Sound(str(tmp_path / clip.file)).get_length() > 0.5
    finally:
        pygame.mixer.quit()
