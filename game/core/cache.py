"""A cache of checked scenarios, so a kiosk starts fast without skipping a single check.

A file that loaded clean is stored as JSON (never pickle: nothing in a cache is ever
run) under a key made of its exact bytes, the tactic catalogue's bytes, the game's
version, the story core's own source (when it has source files: a frozen build has
not) and a listing of assets/. Any change to any of them is a different
key, so a cached result is always the result the validator would give now. A cache
that cannot be read or written is simply not used.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .. import __version__
from ..resources import cache_dir
from . import model as m
from .diagnostics import Diagnostic
from .spec import Spec, declared_fields
from .voices import INDEX_NAME, VOICES_FOLDER

log = logging.getLogger(__name__)


CACHE_VERSION = 1
CORE_DIR = Path(__file__).resolve().parent


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
        # The game's version is in the key, so a frozen build (which has no .py files to hash) starts afresh after an update.
        h = hashlib.sha256(f"v{CACHE_VERSION} {__version__}".encode())
        for src in sorted(CORE_DIR.glob("*.py")):
            h.update(src.read_bytes())
        h.update(catalogue_bytes)
        if assets_root is not None:
            h.update(_tree_listing(assets_root))
        self.salt = h.digest()
        self.enabled = True

    def _path(self, data: bytes, shown: str, beside: bytes = b"") -> Path:
        key = hashlib.sha256(self.salt + shown.encode() + b"\0" + data + b"\0" + beside).hexdigest()
        return self.folder / f"{key}.json"

    def get(self, data: bytes, shown: str, beside: bytes = b"") -> tuple[m.Scenario, list[Diagnostic]] | None:
        """The checked story for these bytes; `beside`: what lies next to it (pictures an organiser's story names)."""
        if not self.enabled:
            return None
        try:
            entry = json.loads(self._path(data, shown, beside).read_text(encoding="utf-8"))
            scenario = decode(m.Scenario, entry["scenario"])
            problems = [Diagnostic(**d) for d in entry["problems"]]
            return scenario, problems
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as err:
            log.info("ignoring a damaged cache entry for %s (%s)", shown, err)
            return None

    def put(self, data: bytes, shown: str, scenario: m.Scenario, problems: list[Diagnostic], beside: bytes = b"") -> None:
        self._write(self._path(data, shown, beside), {"scenario": encode(scenario), "problems": [asdict(p) for p in problems]})

    def get_catalogue(self, data: bytes, shown: str) -> m.Catalogue | None:
        if not self.enabled:
            return None
        try:
            entry = json.loads(self._path(data, "catalogue:" + shown).read_text(encoding="utf-8"))
            return decode(m.Catalogue, entry["catalogue"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as err:
            log.info("ignoring a damaged cache entry for %s (%s)", shown, err)
            return None

    def put_catalogue(self, data: bytes, shown: str, catalogue: m.Catalogue) -> None:
        self._write(self._path(data, "catalogue:" + shown), {"catalogue": encode(catalogue)})

    def _write(self, path: Path, entry: dict) -> None:
        if not self.enabled:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, path)  # readers see the old entry or the new one, never half of one
        except OSError as err:
            log.info("scenario cache not written (%s); loading without it", err)
            self.enabled = False


# -- the codec: every record field by field, from the declaration -------------------------


def encode(record: Any) -> dict[str, Any]:
    """A record as plain JSON data, each declared field by its kind."""
    cls: type = record.__class__
    return {d.name: _encode(d.spec, getattr(record, d.name)) for d in declared_fields(cls)}


def _encode(spec: Spec, value: Any) -> Any:
    if value is None:
        return None
    kind = spec.kind
    if kind == "text":
        return [dict(value.by_lang), value.single]
    if kind == "list":
        return [encode(item) for item in value]
    if kind == "map":
        return {k: encode(item) for k, item in value.items()}
    if kind in ("names", "languages"):
        return list(value)
    if kind == "lines":
        return dict(value)
    return value


def decode(cls: type, data: dict[str, Any]) -> Any:
    """The record of type `cls` that `encode` gave `data` for (only the model's own classes, by declaration)."""
    return cls(**{d.name: _decode(d.spec, data[d.name]) for d in declared_fields(cls)})


def _decode(spec: Spec, value: Any) -> Any:
    if value is None:
        return None
    kind = spec.kind
    if kind == "text":
        by_lang, single = value
        return m.Text(dict(by_lang), bool(single))
    if kind == "list":
        cls = m.RECORDS[spec.record]
        return tuple(decode(cls, item) for item in value)
    if kind == "map":
        cls = m.RECORDS[spec.record]
        return {k: decode(cls, item) for k, item in value.items()}
    if kind in ("names", "languages"):
        return tuple(value)
    return value
