"""A cache of checked scenarios, so a kiosk starts fast without skipping a single check.

A file that loaded clean is stored as JSON (never pickle: nothing in a cache is ever
run) under a key made of its exact bytes, the tactic catalogue's bytes, the story
core's own source and a listing of assets/. Any change to any of them is a different
key, so a cached result is always the result the validator would give now. A cache
that cannot be read or written is simply not used.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from . import model as m
from .diagnostics import Diagnostic
from .voices import INDEX_NAME, VOICES_FOLDER


def log():
    """The module's logger; logging is imported on first use, not at start-up."""
    import logging

    return logging.getLogger(__name__)


CACHE_VERSION = 1
CORE_DIR = Path(__file__).resolve().parent


def cache_dir() -> Path:
    if os.environ.get("NOTALONE_CACHE"):
        return Path(os.environ["NOTALONE_CACHE"])
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "NotAlone" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "NotAlone"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "notalone"


def _tree_listing(root: Path) -> bytes:
    """What a check of a scenario reads under assets/: which files exist, and the voice clip index.

    Names only, no stat per file: the validator asks whether a picture or a clip is there,
    never what is in it, except for the clip index (which decides W304), read whole.
    With hundreds of voice clips this is ~1 ms against ~8 ms for stat-ing every file.
    """
    out: list[str] = []
    stack = [("", str(root))]
    while stack:
        prefix, folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append((f"{prefix}{entry.name}/", entry.path))
            else:
                out.append(prefix + entry.name)
    listing = "\n".join(sorted(out)).encode()
    try:
        index = (root / VOICES_FOLDER / INDEX_NAME).read_bytes()
    except OSError:
        index = b""
    return listing + b"\0" + index


class ScenarioCache:
    def __init__(self, catalogue_bytes: bytes, assets_root: Path | None, folder: Path | None = None) -> None:
        self.folder = folder or cache_dir()
        h = hashlib.sha256(f"v{CACHE_VERSION}".encode())
        for src in sorted(CORE_DIR.glob("*.py")):
            h.update(src.read_bytes())
        h.update(catalogue_bytes)
        if assets_root is not None:
            h.update(_tree_listing(assets_root))
        self.salt = h.digest()
        self.enabled = True

    def _path(self, data: bytes, shown: str) -> Path:
        key = hashlib.sha256(self.salt + shown.encode() + b"\0" + data).hexdigest()
        return self.folder / f"{key}.json"

    def get(self, data: bytes, shown: str) -> tuple[m.Scenario, list[Diagnostic]] | None:
        if not self.enabled:
            return None
        try:
            entry = json.loads(self._path(data, shown).read_text(encoding="utf-8"))
            scenario = _build(m.Scenario, entry["scenario"])
            problems = [Diagnostic(**d) for d in entry["problems"]]
            return scenario, problems
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as err:
            log().info("ignoring a damaged cache entry for %s (%s)", shown, err)
            return None

    def put(self, data: bytes, shown: str, scenario: m.Scenario, problems: list[Diagnostic]) -> None:
        self._write(self._path(data, shown), {"scenario": _plain(scenario), "problems": [_plain(p) for p in problems]})

    def get_catalogue(self, data: bytes, shown: str) -> m.Catalogue | None:
        if not self.enabled:
            return None
        try:
            entry = json.loads(self._path(data, "catalogue:" + shown).read_text(encoding="utf-8"))
            tactics = {
                tid: m.Tactic(
                    id=t["id"],
                    family=t["family"],
                    icon=t["icon"],
                    name=_text(t["name"]),
                    how=_text(t["how"]),
                    red_flag=_text(t["red_flag"]),
                    do_instead=_text(t["do_instead"]),
                )
                for tid, t in entry["tactics"].items()
            }
            return m.Catalogue(tactics=tactics, path=shown)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as err:
            log().info("ignoring a damaged cache entry for %s (%s)", shown, err)
            return None

    def put_catalogue(self, data: bytes, shown: str, catalogue: m.Catalogue) -> None:
        self._write(self._path(data, "catalogue:" + shown), {"tactics": _plain(catalogue.tactics)})

    def _write(self, path: Path, entry: dict) -> None:
        if not self.enabled:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, path)  # readers see the old entry or the new one, never half of one
        except OSError as err:
            log().info("scenario cache not written (%s); loading without it", err)
            self.enabled = False


def _plain(value: Any) -> Any:
    if is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _text(d: dict | None) -> m.Text | None:
    return None if d is None else m.Text(dict(d["by_lang"]), bool(d["single"]))


def _build(cls: type, d: dict) -> Any:
    """Rebuild the model from plain data, field by field (only our own classes, by name)."""
    if cls is m.Scenario:
        return m.Scenario(
            id=d["id"],
            kind=d["kind"],
            title=_text(d["title"]),
            summary=_text(d["summary"]),
            start=d["start"],
            characters={
                k: m.Character(id=c["id"], name=_text(c["name"]), role=c["role"], avatar=c["avatar"], number=c["number"])
                for k, c in d["characters"].items()
            },
            steps={k: _build(m.Step, s) for k, s in d["steps"].items()},
            endings={
                k: m.Ending(
                    id=e["id"], outcome=e["outcome"], title=_text(e["title"]), text=_text(e["text"]), image=e["image"], line=e["line"]
                )
                for k, e in d["endings"].items()
            },
            languages=tuple(d["languages"]),
            intro=_text(d["intro"]),
            minutes=d["minutes"],
            path=d["path"],
            format=d["format"],
        )
    if cls is m.Step:
        return m.Step(
            id=d["id"],
            channel=d["channel"],
            speaker=d["speaker"],
            text=_text(d["text"]),
            choices=tuple(
                m.Choice(
                    index=c["index"],
                    text=_text(c["text"]),
                    next=c["next"],
                    safety=c["safety"],
                    feedback=_text(c["feedback"]),
                    sets=tuple(c["sets"]),
                    requires=tuple(c["requires"]),
                    unless=tuple(c["unless"]),
                    false_alarm=c.get("false_alarm", False),
                    line=c["line"],
                    lines=c["lines"],
                )
                for c in d["choices"]
            ),
            tactic=d["tactic"],
            genuine=d["genuine"],
            discussion=_text(d["discussion"]),
            messages=tuple(m.Bubble(b["speaker"], _text(b["text"])) for b in d["messages"]),
            at=d["at"],
            image=d["image"],
            sound=d["sound"],
            line=d["line"],
            lines=d["lines"],
        )
    raise TypeError(cls)
