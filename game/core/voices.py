"""Voice clips: how a clip is named, which texts have one, and when a clip is missing or stale.

The lines of `call` and `video_call` steps are always spoken. With the read-aloud
setting on, every other story text is spoken too: the messages of chat, sms, social,
email and narration steps, each choice (after its number, "Choice 2"), and the title
and text of each ending. assets/make_voices.py generates all those clips into
assets/voices/. A clip's file name carries a hash of (language, NFC text, voice
settings), so a clip can only ever be played for the exact words on screen: when an
author edits a text, its old clip simply stops matching, the text is captioned only,
and the validator reports W304 until the clips are made again. assets/voices/index.json
records which scenario text each clip was made for, which tells a stale clip (the
text changed) from one never made.

The debrief's feedback and the tactic cards have no clips: they are read in class,
with a teacher, and would nearly double the size of the clips (see make_voices.py).

No pygame here: the front end asks `clip_path` and plays the file itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import NamedTuple

from ..resources import ASSETS_DIR, VOICES
from . import model as m
from .diagnostics import Diagnostic

SPOKEN_CHANNELS = ("call", "video_call")  # spoken always; every other text only with read-aloud on
VOICES_FOLDER = VOICES
INDEX_NAME = "index.json"
CLIP_SUFFIX = ".ogg"

# Everything that changes how a clip sounds is part of its key, so changing a setting
# here makes every clip stale and make_voices.py regenerates them all.
ENCODING = {"engine": "espeak-ng", "format": "ogg-vorbis", "rate": 16000, "quality": -1}
# The languages that have voice clips, with the espeak-ng voice that speaks each. A language
# not listed here is captions-only: every text is shown, none is spoken, and W304 does not
# ask for its clips (docs/translating.md: giving a new language a voice is one line here).
VOICE_SETTINGS: dict[str, dict[str, object]] = {
    "vi": {"voice": "vi", "speed": 145, "pitch": 40},
    "en": {"voice": "en", "speed": 150, "pitch": 40},
    "fr": {"voice": "fr-fr", "speed": 150, "pitch": 40},
    "id": {"voice": "id", "speed": 150, "pitch": 40},
    "uk": {"voice": "uk", "speed": 145, "pitch": 40},
}


def voice_settings(lang: str) -> dict[str, object]:
    """espeak-ng voice and encoding for a language; an unlisted language uses its own code as the voice."""
    return {**ENCODING, **VOICE_SETTINGS.get(lang, {"voice": lang, "speed": 150, "pitch": 40})}


def voiced_languages(langs) -> list[str]:
    """Those of `langs` that have voice clips (the others are captions-only)."""
    return [lang for lang in langs if lang in VOICE_SETTINGS]


def clip_key(text: str, lang: str) -> str:
    """16 hex digits naming the clip of this text spoken in this language.

    The hash of json.dumps([lang, NFC text, settings], ensure_ascii=False, sort_keys=True),
    with the settings' part written once per language (`_settings_json`).
    """
    nfc = unicodedata.normalize("NFC", text)
    blob = f"[{_JSON.encode(lang)}, {_JSON.encode(nfc)}, {_settings_json(lang)}]"
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


_JSON = json.JSONEncoder(ensure_ascii=False)  # one encoder: json.dumps with options makes a new one per call


@cache
def _settings_json(lang: str) -> str:
    return json.dumps(voice_settings(lang), ensure_ascii=False, sort_keys=True)


def clip_name(text: str, lang: str) -> str:
    return f"{lang}-{clip_key(text, lang)}{CLIP_SUFFIX}"


def voices_dir(assets_root: Path | None = None) -> Path:
    return Path(assets_root if assets_root is not None else ASSETS_DIR) / VOICES_FOLDER


def clip_path(text: str, lang: str, assets_root: Path | None = None) -> Path | None:
    """The clip of exactly this text in this language, or None when there is none (captions only)."""
    if not text.strip():
        return None
    path = voices_dir(assets_root) / clip_name(text, lang)
    return path if path.is_file() else None


def spoken_lines(scenario: m.Scenario):
    """(step, lang, text) for every call line, which the game speaks whether read-aloud is on or not."""
    for step in scenario.steps.values():
        if step.channel not in SPOKEN_CHANNELS:
            continue
        for lang in scenario.languages:
            text = step.text.get(lang)
            if text.strip():
                yield step, lang, text


class Voiced(NamedTuple):  # a tuple, not a dataclass: validation makes one per text of every file
    """One text of a scenario that has a clip: which node (step or ending), which part of it, where in the file."""

    node: str  # step or ending id
    part: str  # "text", "message 2", "choice 1", "title"
    lang: str
    text: str
    line: int
    ending: bool = False


def voiced_lines(scenario: m.Scenario) -> Iterator[Voiced]:
    """Every text that has a voice clip, in file order: call lines, and what read-aloud speaks."""
    langs = voiced_languages(scenario.languages)
    for step in scenario.steps.values():
        for lang in langs:
            for i, bubble in enumerate(step.messages, 1):
                yield Voiced(step.id, f"message {i}", lang, bubble.text.get(lang), step.line_of("messages"))
            yield Voiced(step.id, "text", lang, step.text.get(lang), step.line_of("text"))
            for choice in step.choices:
                yield Voiced(step.id, f"choice {choice.index + 1}", lang, choice.text.get(lang), choice.line or step.line_of("choices"))
    for ending in scenario.endings.values():
        for lang in langs:
            yield Voiced(ending.id, "title", lang, ending.title.get(lang), ending.line, ending=True)
            yield Voiced(ending.id, "text", lang, ending.text.get(lang), ending.line, ending=True)


# -- what read-aloud says, in the order the screen shows it ------------------------------

MAX_SPOKEN_NUMBER = 9  # choices are numbered 1-9 on screen (the number keys)


def choice_number(n: int, lang: str) -> str:
    """The words said before a choice's text ("Choice 2"), from the UI strings."""
    from .strings import ui

    return ui("read_choice_number", lang, n=n)


def ui_lines(langs) -> list[tuple[str, str]]:
    """(lang, text) of the UI words read-aloud speaks: the choice numbers."""
    return [(lang, choice_number(n, lang)) for lang in langs for n in range(1, MAX_SPOKEN_NUMBER + 1)]


def step_texts(step: m.Step, lang: str) -> list[str]:
    """What a step shows on the phone, in order: the earlier messages, then its own text."""
    return [t for t in [*(b.text.get(lang) for b in step.messages), step.text.get(lang)] if t.strip()]


def choice_texts(choices, lang: str) -> list[str]:
    """The choices as read aloud: "Choice 1", its text, "Choice 2", its text..., numbered as on screen."""
    out: list[str] = []
    for n, choice in enumerate(choices, 1):
        text = choice.text.get(lang)
        if text.strip():
            if n <= MAX_SPOKEN_NUMBER:
                out.append(choice_number(n, lang))
            out.append(text)
    return out


def ending_texts(ending: m.Ending, lang: str) -> list[str]:
    return [t for t in (ending.title.get(lang), ending.text.get(lang)) if t.strip()]


# -- the index and the folder listing, read once per change ------------------------------

_cache: dict[str, tuple[object, object]] = {}


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def clip_names(folder: Path) -> frozenset[str]:
    """Names of the clip files in the folder (re-listed only when the folder changes)."""
    stamp = _stamp(folder)
    hit = _cache.get(f"list:{folder}")
    if hit is not None and hit[0] == stamp:
        return hit[1]  # type: ignore[return-value]
    try:
        names = frozenset(n for n in os.listdir(folder) if n.endswith(CLIP_SUFFIX))
    except OSError:
        names = frozenset()
    _cache[f"list:{folder}"] = (stamp, names)
    return names


def made_for(folder: Path) -> dict[tuple[str, str, str, str], str]:
    """(scenario id, node id, part, lang) -> the key of the clip last made for that text, from index.json."""
    path = folder / INDEX_NAME
    stamp = _stamp(path)
    hit = _cache.get(f"index:{path}")
    if hit is not None and hit[0] == stamp:
        return hit[1]  # type: ignore[return-value]
    lines: dict[tuple[str, str, str, str], str] = {}
    try:
        clips = json.loads(path.read_text(encoding="utf-8")).get("clips", {})
        for key, entry in clips.items():
            # An index of format 1 (call lines only) has no "part": every entry was a step's text.
            uses = [(entry["scenario"], entry["step"], entry.get("part", "text"))]
            uses += [(u[0], u[1], u[2] if len(u) > 2 else "text") for u in entry.get("also", [])]
            for scenario_id, node_id, part in uses:
                lines[(scenario_id, node_id, part, entry["lang"])] = key
    except (OSError, ValueError, AttributeError, KeyError, TypeError, IndexError):
        lines = {}  # no index (or a damaged one): every missing clip counts as never made
    _cache[f"index:{path}"] = (stamp, lines)
    return lines


def _describe(parts: dict[str, list[str]]) -> str:
    """{"text": ["vi", "en"], "choice 2": ["en"]} -> "the 'vi', 'en' text and the 'en' choice 2"."""
    pieces = [f"the {', '.join(map(repr, langs))} {part}" for part, langs in parts.items()]
    return pieces[0] if len(pieces) == 1 else f"{', '.join(pieces[:-1])} and {pieces[-1]}"


def voice_problems(scenario: m.Scenario, assets_root: Path | None = None) -> list[Diagnostic]:
    """W304 for each step or ending with a text whose clip is missing (never made) or stale (made for an older text).

    Missing clips warn too: an author who adds a step is nudged to run make_voices.py,
    and the shipped scenarios stay at zero warnings because their clips are in the
    repository. One warning per step (or ending) and kind, naming the parts and languages.
    """
    folder = voices_dir(assets_root)
    have = clip_names(folder)
    made = made_for(folder)
    # (is ending, node id) -> kind -> part -> langs, and the first file line seen
    found: dict[tuple[bool, str], dict[str, dict[str, list[str]]]] = {}
    first_line: dict[tuple[bool, str], int] = {}
    sid = scenario.id
    for node_id, part, lang, text, line, ending in voiced_lines(scenario):
        if not text or text.isspace():  # an empty text is never spoken
            continue
        key = clip_key(text, lang)
        if f"{lang}-{key}{CLIP_SUFFIX}" in have:
            continue
        old = made.get((sid, node_id, part, lang))
        kind = "stale" if old is not None and old != key else "missing"
        node = (ending, node_id)
        kinds = found.get(node)
        if kinds is None:
            kinds = found[node] = {}
            first_line[node] = line or 10**9
        elif line and line < first_line[node]:
            first_line[node] = line
        kinds.setdefault(kind, {}).setdefault(part, []).append(lang)
    problems = []
    for node, kinds in found.items():
        what = f"{'ending' if node[0] else 'step'} '{node[1]}'"
        line = first_line[node] if first_line[node] < 10**9 else 0
        if "stale" in kinds:
            parts = kinds["stale"]
            many = len(parts) > 1 or len(next(iter(parts.values()))) > 1
            problems.append(
                Diagnostic(
                    "W304",
                    scenario.path,
                    line,
                    f"{what}: {_describe(parts)} changed after "
                    + (
                        "their voice clips were made, so the old clips no longer play"
                        if many
                        else "its voice clip was made, so the old clip no longer plays"
                    ),
                )
            )
        if "missing" in kinds:
            problems.append(
                Diagnostic("W304", scenario.path, line, f"{what} has no voice clip for {_describe(kinds['missing'])}; captions only")
            )
    return problems
