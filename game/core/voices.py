"""Voice clips for call lines: how a clip is named, where it is, and when it is missing or stale.

The lines of `call` and `video_call` steps are spoken from clips that
assets/make_voices.py generates into assets/voices/. A clip's file name carries a
hash of (language, NFC text, voice settings), so a clip can only ever be played for
the exact words on screen: when an author edits a line, its old clip simply stops
matching, the line is captioned only, and the validator reports W304 until the clips
are made again. assets/voices/index.json records which scenario step each clip was
made for, which tells a stale clip (the text changed) from one never made.

No pygame here: the front end asks `clip_path` and plays the file itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from pathlib import Path

from . import model as m
from .diagnostics import Diagnostic

SPOKEN_CHANNELS = ("call", "video_call")
VOICES_FOLDER = "voices"
INDEX_NAME = "index.json"
CLIP_SUFFIX = ".ogg"

# Everything that changes how a clip sounds is part of its key, so changing a setting
# here makes every clip stale and make_voices.py regenerates them all.
ENCODING = {"engine": "espeak-ng", "format": "ogg-vorbis", "rate": 16000, "quality": -1}
VOICE_SETTINGS: dict[str, dict[str, object]] = {
    "vi": {"voice": "vi", "speed": 145, "pitch": 40},
    "en": {"voice": "en", "speed": 150, "pitch": 40},
}


def voice_settings(lang: str) -> dict[str, object]:
    """espeak-ng voice and encoding for a language; an unlisted language uses its own code as the voice."""
    return {**ENCODING, **VOICE_SETTINGS.get(lang, {"voice": lang, "speed": 150, "pitch": 40})}


_SETTINGS_JSON: dict[str, str] = {}


def clip_key(text: str, lang: str) -> str:
    """16 hex digits naming the clip of this text spoken in this language.

    The hashed string is json.dumps([lang, NFC text, settings], sort_keys=True), built
    from pieces so the settings are serialised once per language (validation of a large
    folder calls this for every spoken line).
    """
    settings = _SETTINGS_JSON.get(lang)
    if settings is None:
        settings = _SETTINGS_JSON[lang] = json.dumps(voice_settings(lang), ensure_ascii=False, sort_keys=True)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    blob = f"[{json.dumps(lang, ensure_ascii=False)}, {json.dumps(text, ensure_ascii=False)}, {settings}]"
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def clip_name(text: str, lang: str) -> str:
    return f"{lang}-{clip_key(text, lang)}{CLIP_SUFFIX}"


def voices_dir(assets_root: Path | None = None) -> Path:
    if assets_root is None:
        from .library import ASSETS_DIR  # imported late: the library imports the validator, which imports this

        assets_root = ASSETS_DIR
    return Path(assets_root) / VOICES_FOLDER


def clip_path(text: str, lang: str, assets_root: Path | None = None) -> Path | None:
    """The clip of exactly this text in this language, or None when there is none (captions only)."""
    if not text.strip():
        return None
    path = voices_dir(assets_root) / clip_name(text, lang)
    return path if path.is_file() else None


def spoken_lines(scenario: m.Scenario):
    """(step, lang, text) for every line the game speaks, in file order."""
    for step in scenario.steps.values():
        if step.channel not in SPOKEN_CHANNELS:
            continue
        for lang in scenario.languages:
            text = step.text.get(lang)
            if text.strip():
                yield step, lang, text


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


def made_for(folder: Path) -> dict[tuple[str, str, str], str]:
    """(scenario id, step id, lang) -> the key of the clip last made for that line, from index.json."""
    path = folder / INDEX_NAME
    stamp = _stamp(path)
    hit = _cache.get(f"index:{path}")
    if hit is not None and hit[0] == stamp:
        return hit[1]  # type: ignore[return-value]
    lines: dict[tuple[str, str, str], str] = {}
    try:
        clips = json.loads(path.read_text(encoding="utf-8")).get("clips", {})
        for key, entry in clips.items():
            uses = [(entry["scenario"], entry["step"])] + [tuple(u) for u in entry.get("also", [])]
            for scenario_id, step_id in uses:
                lines[(scenario_id, step_id, entry["lang"])] = key
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        lines = {}  # no index (or a damaged one): every missing clip counts as never made
    _cache[f"index:{path}"] = (stamp, lines)
    return lines


def voice_problems(scenario: m.Scenario, assets_root: Path | None = None) -> list[Diagnostic]:
    """W304 for each spoken step whose clip is missing (never made) or stale (made for an older text).

    Missing clips warn too: an author who adds a call step is nudged to run
    make_voices.py, and the shipped scenarios stay at zero warnings because their clips
    are in the repository. One warning per step and kind, naming the languages.
    """
    folder = voices_dir(assets_root)
    have = clip_names(folder)
    made = made_for(folder)
    stale: dict[str, list[str]] = {}
    missing: dict[str, list[str]] = {}
    steps: dict[str, m.Step] = {}
    for step, lang, text in spoken_lines(scenario):
        key = clip_key(text, lang)
        if f"{lang}-{key}{CLIP_SUFFIX}" in have:
            continue
        steps[step.id] = step
        old = made.get((scenario.id, step.id, lang))
        (stale if old is not None and old != key else missing).setdefault(step.id, []).append(lang)
    problems = []
    for step_id, step in steps.items():
        line = step.line_of("text")
        if step_id in stale:
            langs = ", ".join(f"'{lang}'" for lang in stale[step_id])
            problems.append(Diagnostic("W304", scenario.path, line,
                                       f"step '{step_id}': the {langs} text changed after its voice clip was made, so the old clip no longer plays"))
        if step_id in missing:
            langs = ", ".join(f"'{lang}'" for lang in missing[step_id])
            problems.append(Diagnostic("W304", scenario.path, line,
                                       f"step '{step_id}' has no voice clip in {langs}; the line is captioned only"))
    return problems
