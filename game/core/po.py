"""Translations in PO files, read at load time and laid over the stories and the interface.

PO is what translators' tools read (Poedit, Weblate, Lokalize), so a translator never edits
YAML or Python. Where a file's translations live:

- A file under `scenarios/` (a story, the tactic catalogue, a practice file) has its
  *domain*: its path under `scenarios/` without `.yaml`, `/` written `.`
  (`practice/scams.yaml` is `practice.scams`). Its French is
  `scenarios/locale/fr/<domain>.po`.
- A story in an organiser's own folder is translated beside it, in
  `<its folder>/locale/<lang>/<stem>.po`.
- The interface's words are the domain `interface`.

Each entry's `msgctxt` is `<domain>:<where the text is in its file>`
(`fake-police-call:steps.parcel_call.text`), and its `msgid` is the English text. As in
gettext, a translation whose English has changed since is not used until
`python main.py i18n update` marks it fuzzy and a translator confirms it; a fuzzy or empty
entry is never used. Translations are NFC, like every text the game reads.

polib reads and writes the files: a small, pure-Python library that does exactly this
(contexts, comments, fuzzy flags, line numbers), where Babel would bring its locale
database for nothing we use.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..resources import SCENARIOS_DIR

LOCALE = "locale"  # the folder of translations, beside the files it translates
TEMPLATES = "templates"  # scenarios/locale/templates/<domain>.pot: what `i18n extract` writes
INTERFACE = "interface"  # the interface's domain

# path of a text in its file -> language -> (the English it translates, the translation)
Translations = dict[str, dict[str, tuple[str, str]]]


@dataclass(frozen=True)
class Entry:
    """One usable translation: a context, the English it translates, and the translation."""

    context: str
    english: str
    text: str


class PoError(Exception):
    """A PO file that cannot be read; the message says which file, where and what to do."""


def locale_dir(source: Path) -> Path:
    """The `locale/` folder that holds the translations of `source`."""
    base = _under_scenarios(source)
    return (SCENARIOS_DIR if base is not None else source.parent) / LOCALE


def domain(source: Path) -> str:
    """The name a file's translations go by: `practice.scams` for scenarios/practice/scams.yaml."""
    rel = _under_scenarios(source)
    if rel is None:
        return source.stem
    return ".".join(rel.with_suffix("").parts)


def _under_scenarios(source: Path) -> Path | None:
    try:
        return source.resolve().relative_to(SCENARIOS_DIR.resolve())
    except (ValueError, OSError):
        return None


def po_files(folder: Path, name: str) -> list[tuple[str, Path]]:
    """(language, file) for each `<folder>/<lang>/<name>.po` there is, in language order."""
    if not folder.is_dir():
        return []
    out = []
    for sub in sorted(folder.iterdir()):
        if sub.name != TEMPLATES and (sub / f"{name}.po").is_file():
            out.append((sub.name, sub / f"{name}.po"))
    return out


def files_for(source: Path) -> list[tuple[str, Path]]:
    """The PO files that translate `source`, by language."""
    return po_files(locale_dir(source), domain(source))


def fingerprint(source: Path) -> bytes:
    """The bytes of every PO file that translates `source`: part of its checked-scenario cache key."""
    parts = []
    for lang, path in files_for(source):
        try:
            parts.append(lang.encode() + b"\0" + path.read_bytes())
        except OSError:
            parts.append(lang.encode() + b"\0?")
    return b"\0\0".join(parts)


_READ: dict[Path, tuple[tuple[int, int], list[Entry]]] = {}


def read(path: Path) -> list[Entry]:
    """The usable entries of one PO file (translated, not fuzzy, not obsolete); read once per version of the file."""
    try:
        st = path.stat()
    except OSError as err:
        raise PoError(f"{path.name}: the file could not be opened ({err.strerror})") from err
    stamp = (st.st_mtime_ns, st.st_size)
    hit = _READ.get(path)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    entries = [
        Entry(e.msgctxt or "", e.msgid, unicodedata.normalize("NFC", e.msgstr))
        for e in open_po(path)
        if e.msgstr and e.msgctxt and not e.fuzzy and not e.obsolete
    ]
    _READ[path] = (stamp, entries)
    return entries


def open_po(path: Path):  # -> polib.POFile; polib has no type information of its own
    """The whole PO file (every entry, fuzzy and empty ones too), or a PoError naming the line."""
    import polib  # imported here: only a machine with translations to read needs it

    try:
        return polib.pofile(str(path), encoding="utf-8", wrapwidth=0)
    except (OSError, ValueError, UnicodeDecodeError) as err:
        raise PoError(f"{path.name}: {err}; open it in a PO editor (Poedit) or fix the quoting on that line") from err


def translations_for(source: Path) -> tuple[Translations, list[str]]:
    """Every usable translation of `source`'s texts, by their path in the file; and one message per unreadable PO file."""
    prefix = domain(source) + ":"
    out: Translations = {}
    problems = []
    for lang, path in files_for(source):
        try:
            entries = read(path)
        except PoError as err:
            problems.append(f"{lang}/{err}")
            continue
        for e in entries:
            if e.context.startswith(prefix):
                out.setdefault(e.context[len(prefix) :], {})[lang] = (e.english, e.text)
    return out, problems


def interface(lang: str) -> dict[str, tuple[str, str]]:
    """The interface's words in `lang`, from scenarios/locale/<lang>/interface.po: key -> (English, translation)."""
    path = SCENARIOS_DIR / LOCALE / lang / f"{INTERFACE}.po"
    if not path.is_file():
        return {}
    try:
        entries = read(path)
    except PoError:
        return {}  # `i18n check` names the problem; the game shows English rather than nothing
    prefix = INTERFACE + ":"
    return {e.context[len(prefix) :]: (e.english, e.text) for e in entries if e.context.startswith(prefix)}


def interface_languages() -> list[str]:
    """The languages that have an interface PO file, in code order."""
    return [lang for lang, _ in po_files(SCENARIOS_DIR / LOCALE, INTERFACE)]
