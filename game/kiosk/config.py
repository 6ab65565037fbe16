"""The kiosk's settings file: display, orientation, what is offered, idle timeouts, volume, admin PIN.

The file is JSON (see docs/kiosk.md). A kiosk runs unattended, so a bad file never
stops it: every problem becomes a clear message in `KioskConfig.problems` (shown in the
log in English and in the admin panel in the panel's language) and the default for that
setting is used instead.

Which stories are offered is stored as the ones turned *off* (`scenarios_off`), so a
story added to the scenarios folder later is offered without anyone editing the file;
`scenarios` only says which come first. The admin panel saves every change at once.

The admin PIN is never stored in clear: only a random salt and a PBKDF2-SHA256 hash.
Set it with `python -m game.kiosk.config set-pin [--config FILE]` (the PIN is read from
stdin, so it never appears in the shell history or the process list).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..core.strings import LANGUAGES, ui

CONFIG_NAME = "kiosk.json"
PIN_ITERATIONS = 200_000
MAX_CONFIG_BYTES = 64_000
ORIENTATIONS = ("auto", "landscape", "portrait")


class Problem(str):
    """A settings problem: its English text (log, terminal), plus what the panel needs to say it in its language."""

    key: str
    values: dict[str, object]

    @classmethod
    def make(cls, key: str, **values: object) -> Problem:
        problem = cls(_say(key, "en", values))
        problem.key = key
        problem.values = values
        return problem

    def text(self, lang: str) -> str:
        return _say(self.key, lang, self.values)


def _say(key: str, lang: str, values: dict[str, object]) -> str:
    return ui(key, lang, **{k: v.text(lang) if isinstance(v, _Want) else v for k, v in values.items()})


def problem_text(problem: str, lang: str) -> str:
    """A problem in the panel's language (plain strings, e.g. from older code, as they are)."""
    return problem.text(lang) if isinstance(problem, Problem) else str(problem)


@dataclass
class PinHash:
    salt: str  # hex
    hash: str  # hex
    iterations: int = PIN_ITERATIONS

    def to_json(self) -> dict:
        return {"salt": self.salt, "hash": self.hash, "iterations": self.iterations}


def hash_pin(pin: str, salt: bytes | None = None, iterations: int = PIN_ITERATIONS) -> PinHash:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, iterations)
    return PinHash(salt.hex(), digest.hex(), iterations)


def check_pin(pin: str, stored: PinHash | None) -> bool:
    """True only for the right PIN; compared in constant time. No PIN set: nothing opens."""
    if stored is None or not pin:
        return False
    try:
        salt = bytes.fromhex(stored.salt)
    except ValueError:
        return False
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, stored.iterations)
    return hmac.compare_digest(digest.hex(), stored.hash)


def valid_pin(pin: str) -> bool:
    return pin.isdigit() and pin.isascii() and 4 <= len(pin) <= 12


@dataclass
class KioskConfig:
    display: int = 0
    orientation: str = "auto"  # auto | landscape | portrait
    languages: list[str] = field(default_factory=lambda: list(LANGUAGES))
    scenarios: list[str] = field(default_factory=list)  # ids shown first, in this order; the others follow by file name
    scenarios_off: list[str] = field(default_factory=list)  # ids turned off in the admin panel (or by hand)
    idle_seconds: float = 60.0
    countdown_seconds: float = 20.0
    volume: float = 0.8
    practice: bool = True  # the practice round after the debrief (two items, about a minute)
    measure: bool = False  # four items before the story and four after the practice (the before/after measure)
    admin_pin: PinHash | None = None
    lrs: dict = field(default_factory=dict)  # where plays are sent: see game/record/sender.py lrs_settings
    takeaway_url: str | None = None  # a short address for the takeaway's QR code (version 5 or lower)
    path: Path | None = None  # where it was read from (and is saved back to)
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "display": self.display,
            "orientation": self.orientation,
            "languages": list(self.languages),
            "scenarios": list(self.scenarios),
            "scenarios_off": list(self.scenarios_off),
            "idle_seconds": self.idle_seconds,
            "countdown_seconds": self.countdown_seconds,
            "volume": self.volume,
            "practice": self.practice,
            "measure": self.measure,
            "admin_pin": self.admin_pin.to_json() if self.admin_pin else None,
            **({"lrs": dict(self.lrs)} if self.lrs else {}),
            **({"takeaway_url": self.takeaway_url} if self.takeaway_url else {}),
        }

    def save(self, path: Path | None = None) -> None:
        """Write the settings atomically (a power cut never leaves half a file); OSError if it cannot.

        A failed write (a full disk, a read-only folder) leaves the old file as it was and no
        `.tmp` file behind.
        """
        target = Path(path or self.path or CONFIG_NAME)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(target.suffix + ".tmp")
        try:
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n")
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, target)
        except BaseException:
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass
            raise
        self.path = target

    def offered(self, all_ids: list[str]) -> list[str]:
        """The story ids offered, in order: `scenarios` first, then the rest by file name, minus those off."""
        first = [i for i in self.scenarios if i in all_ids]
        rest = [i for i in all_ids if i not in first]
        off = set(self.scenarios_off)
        return [i for i in first + rest if i not in off]

    def unknown_ids(self, all_ids: list[str]) -> list[str]:
        known = set(all_ids)
        return [i for i in dict.fromkeys(self.scenarios + self.scenarios_off) if i not in known]


def default_path(data_dir: Path | None) -> Path:
    return Path(data_dir or ".") / CONFIG_NAME


def load_config(path: Path | None) -> KioskConfig:
    """The settings in path; a missing file gives the defaults, a bad one defaults plus problems."""
    cfg = KioskConfig(path=path)
    if path is None or not Path(path).exists():
        return cfg
    where = str(path)
    try:
        raw = Path(path).read_bytes()
        if len(raw) > MAX_CONFIG_BYTES:
            raise ValueError(f"the file is larger than {MAX_CONFIG_BYTES} bytes")
        data = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError) as err:
        cfg.problems.append(Problem.make("cfg_unreadable", file=where, err=err))
        return cfg
    if not isinstance(data, dict):
        cfg.problems.append(Problem.make("cfg_not_object", file=where))
        return cfg
    _apply(cfg, data, where)
    return cfg


def _apply(cfg: KioskConfig, data: dict, where: str) -> None:
    def bad(name: str, what: str, **values: object) -> None:
        # `what` is a strings-table key ("cfg_want_…") so the panel can say it in its language.
        default = json.dumps(getattr(cfg, name), default=str)
        cfg.problems.append(Problem.make("cfg_bad_value", file=where, name=name, want=_Want(what, values), default=default))

    known = {
        "display",
        "orientation",
        "languages",
        "scenarios",
        "scenarios_off",
        "idle_seconds",
        "countdown_seconds",
        "volume",
        "admin_pin",
        "lrs",
        "practice",  # the practice round and the before/after measure (game/learning.py)
        "measure",
        "takeaway_url",  # the organiser's short address for the takeaway's QR code
    }
    for name in data:
        if name not in known:
            cfg.problems.append(Problem.make("cfg_unknown_setting", file=where, name=name, known=", ".join(sorted(known))))
    if "display" in data:
        v = data["display"]
        if isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 16:
            cfg.display = v
        else:
            bad("display", "cfg_want_display")
    if "orientation" in data:
        v = data["orientation"]
        if v in ORIENTATIONS:
            cfg.orientation = v
        else:
            bad("orientation", "cfg_want_one_of", choices=", ".join(ORIENTATIONS))
    if "languages" in data:
        v = data["languages"]
        if isinstance(v, list) and v and all(x in LANGUAGES for x in v) and len(set(v)) == len(v):
            cfg.languages = list(v)
        else:
            bad("languages", "cfg_want_languages", choices=", ".join(LANGUAGES))
    for name in ("scenarios", "scenarios_off"):
        if name in data:
            v = data[name]
            if isinstance(v, list) and all(isinstance(x, str) and x for x in v):
                setattr(cfg, name, list(dict.fromkeys(v)))
            else:
                bad(name, "cfg_want_ids")
    for name, low, high in (("idle_seconds", 10, 3600), ("countdown_seconds", 3, 600)):
        if name in data:
            v = data[name]
            if isinstance(v, (int, float)) and not isinstance(v, bool) and low <= v <= high:
                setattr(cfg, name, float(v))
            else:
                bad(name, "cfg_want_seconds", low=low, high=high)
    if "volume" in data:
        v = data["volume"]
        if isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 1:
            cfg.volume = float(v)
        else:
            bad("volume", "cfg_want_volume")
    for name in ("practice", "measure"):
        if name in data:
            if isinstance(data[name], bool):
                setattr(cfg, name, data[name])
            else:
                bad(name, "cfg_want_bool")
    if data.get("takeaway_url") is not None:
        from ..core.takeaway import TakeawayUrlError, check_takeaway_url, longest_url

        try:
            cfg.takeaway_url = check_takeaway_url(data["takeaway_url"]) if isinstance(data["takeaway_url"], str) else None
        except TakeawayUrlError:
            pass  # said below, in the panel's language too
        if cfg.takeaway_url is None:  # too long for a version-5 code, no https://, or not text at all
            bad("takeaway_url", "cfg_want_takeaway_url", most=longest_url())
    if "lrs" in data:
        from ..record.sender import lrs_settings

        cfg.lrs, problems = lrs_settings(data["lrs"])
        cfg.problems += [f"{where}: {p}" for p in problems]
    if data.get("admin_pin") is not None:
        v = data["admin_pin"]
        ok = (
            isinstance(v, dict)
            and isinstance(v.get("salt"), str)
            and isinstance(v.get("hash"), str)
            and isinstance(v.get("iterations", PIN_ITERATIONS), int)
            and 1000 <= v.get("iterations", PIN_ITERATIONS) <= 10_000_000
        )
        if ok:
            cfg.admin_pin = PinHash(v["salt"], v["hash"], v.get("iterations", PIN_ITERATIONS))
        else:
            cfg.problems.append(Problem.make("cfg_bad_pin", file=where))


@dataclass
class _Want:
    """The "must be …" part of a problem, said in whichever language the whole is."""

    key: str
    values: dict[str, object]

    def text(self, lang: str) -> str:
        return ui(self.key, lang, **self.values)


def set_pin(path: Path, pin: str) -> KioskConfig:
    """Store a new PIN (hashed) in the settings at path, keeping every other setting."""
    if not valid_pin(pin):
        raise ValueError("the PIN must be 4 to 12 digits")
    cfg = load_config(path) if Path(path).exists() else KioskConfig(path=path)
    cfg.admin_pin = hash_pin(pin)
    cfg.save(path)
    return cfg


def main(argv: list[str] | None = None) -> int:
    """`python -m game.kiosk.config set-pin [--config FILE]`; `show [--config FILE]`."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m game.kiosk.config", description="kiosk settings")
    parser.add_argument("action", choices=("set-pin", "show"))
    parser.add_argument("--config", type=Path, help="the settings file (default: kiosk.json in the data folder)")
    parser.add_argument("--data-dir", type=Path, help="the data folder (default: the platform's)")
    args = parser.parse_args(argv)
    if args.config is None:
        from ..resources import data_dir  # the platform's data folder (not through cli.py, which imports the kiosk)

        args.config = default_path(args.data_dir or data_dir())
    if args.action == "show":
        cfg = load_config(args.config)
        from ..core.library import load_library

        all_ids = [s.id for s in load_library().ordered()]
        unknown = cfg.unknown_ids(all_ids)
        if unknown:
            cfg.problems.append(Problem.make("cfg_unknown_ids", file=str(args.config), ids=", ".join(unknown), known=", ".join(all_ids)))
        shown = cfg.to_json()
        shown["admin_pin"] = "set" if cfg.admin_pin else "not set"
        shown["offered"] = cfg.offered(all_ids)  # what a visitor is offered with these settings, in order
        print(json.dumps(shown, indent=2, ensure_ascii=False))
        for problem in cfg.problems:
            print(problem, file=sys.stderr)
        return 1 if cfg.problems else 0
    if sys.stdin.isatty():
        import getpass

        pin = getpass.getpass("New admin PIN (4-12 digits): ").strip()
        again = getpass.getpass("Again: ").strip()
        if pin != again:
            print("the two PINs differ; nothing changed", file=sys.stderr)
            return 1
    else:
        pin = sys.stdin.readline().strip()
    try:
        set_pin(args.config, pin)
    except (ValueError, OSError) as err:
        print(f"error: {err}; nothing changed", file=sys.stderr)
        return 1
    print(f"admin PIN set (hashed) in {args.config}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
