"""The translator's commands: `i18n extract`, `init LANG`, `update` and `check`.

- `extract` writes one template (`scenarios/locale/templates/<domain>.pot`) per file to
  translate: the interface, the tactic catalogue, each practice file and each story. Every
  entry has a stable context (`fake-police-call:steps.parcel_call.text`), the English as
  msgid, and a translator comment: where the text is shown, who says it and on what
  channel, the Vietnamese original, and how many characters fit on the smallest screen.
- `init LANG` starts a language: one PO file per template, every entry empty.
- `update` merges every language with the templates: a new text is added empty; a text
  whose English changed keeps its old translation marked fuzzy (with the old English, so
  a PO editor shows what changed); a text that is gone is dropped.
- `check` reports, as file:line, every entry missing, empty, fuzzy or stale, every
  placeholder a translation lost or invented, and every translation longer than its place
  on the screen; it exits 1 on any.

The tactic and story files are read with the same loader the game uses, so the contexts
are the ones the game looks up when it lays the PO files over the YAML.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..resources import ROOT, SCENARIOS_DIR
from . import model as m
from . import po
from .loader import read_catalogue, read_scenario
from .safeyaml import load_yaml
from .validator import MAX_CHARS

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
LANG_CODE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")


@dataclass
class Source:
    """One text to translate, as it goes into a template."""

    context: str
    english: str
    comment: str
    where: tuple[str, int]
    limit: int | None = None


@dataclass
class Problem:
    path: Path
    line: int
    message: str

    def format(self) -> str:
        return f"{_shown(self.path)}:{self.line}: {self.message}"


@dataclass
class Tally:
    """What `check` found in one language."""

    entries: int = 0
    translated: int = 0
    words: int = 0  # words of translation
    problems: list[Problem] = field(default_factory=list)


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT.resolve()).as_posix()
    except ValueError:
        return str(path)


def locale_root() -> Path:
    return SCENARIOS_DIR / po.LOCALE


# -- what there is to translate -----------------------------------------------------------------


def _limit(context: str) -> int | None:
    """How many characters fit this text's place on the smallest screen (the validator's W301 table)."""
    parts = context.split(".")
    last = parts[-1]
    if len(parts) >= 3 and parts[-3] == "choices" and last == "text":
        return MAX_CHARS["choice"]
    if last in ("title", "summary", "lesson"):
        return MAX_CHARS[last]
    if parts[0] == "characters" and last == "name":
        return MAX_CHARS["name"]
    if last in ("text", "feedback"):
        return MAX_CHARS["text"]
    return None


def file_sources(path: Path) -> list[Source]:
    """The texts of one YAML file under scenarios/, read as the game reads them."""
    shown = _shown(path)
    data = load_yaml(path.read_bytes(), shown)
    name = po.domain(path)
    scenario: m.Scenario | None = None
    if path.name == "tactics.yaml":
        _, reader = read_catalogue(data, shown)
    elif path.parent.name == "practice":
        from .practice import read_items

        _, reader = read_items(data, shown, None)
    else:
        loaded = read_scenario(data, shown)
        reader, scenario = loaded.reader, loaded.scenario
    return [_source(name, site, shown, scenario) for site in reader.texts if not site.text.single and "en" in site.text.by_lang]


def _source(name: str, site, shown: str, scenario: m.Scenario | None) -> Source:  # site: loader.TextSite
    notes = [f"{site.where}"]
    parts = site.context.split(".")
    if scenario is not None and parts[0] == "steps" and parts[1] in scenario.steps:
        step = scenario.steps[parts[1]]
        who = scenario.speaker_name(step, "en")
        channel = step.channel.replace("_", " ")
        if parts[2] == "text" and who:
            notes.append(f"said by {who}, by {channel}")
        elif parts[2] == "choices":
            notes.append(f"the player's reply, by {channel}" + (f", to {who}" if who else ""))
        else:
            notes.append(f"on a {channel} step" + (f" from {who}" if who else ""))
        if parts[2] == "tells":
            notes.append("a tell's quote must be word for word a piece of the translated message it points at")
    if parts[0] == "items" and parts[-1] == "tell":  # a practice item's tell (a row's tell explains, it does not quote)
        notes.append("must be word for word a piece of this item's translated text")
    limit = _limit(site.context)
    if limit:
        notes.append(f"at most {limit} characters fit the smallest screen")
    vi = site.text.by_lang.get("vi")
    if vi:
        notes.append(f"Vietnamese: {vi}")
    return Source(f"{name}:{site.context}", site.text.by_lang["en"], "\n".join(notes), (shown, site.line), limit)


def _interface_sources() -> list[Source]:
    from . import strings

    lines = Path(strings.__file__).read_text(encoding="utf-8").splitlines()
    english_from = next(i for i, line in enumerate(lines) if line.strip() == '"en": {')
    out = []
    for key, english in strings._STRINGS["en"].items():
        line = next((i + 1 for i in range(english_from, len(lines)) if lines[i].strip().startswith(f'"{key}":')), 0)
        notes = [f"interface word '{key}'"]
        held = PLACEHOLDER.findall(english)
        if held:
            notes.append(f"keep {', '.join(held)} as written: the game puts a value there")
        if key == "language_name":
            notes.append("the name of your language, written in your language (Français, Bahasa Indonesia, ...)")
        vi = strings._STRINGS["vi"].get(key)
        if vi:
            notes.append(f"Vietnamese: {vi}")
        out.append(Source(f"{po.INTERFACE}:{key}", english, "\n".join(notes), ("game/core/strings.py", line)))
    return out


def yaml_files() -> list[Path]:
    """Every YAML file under scenarios/ there is to translate: stories, the catalogue, practice files."""
    return sorted(p for p in SCENARIOS_DIR.rglob("*.yaml") if po.LOCALE not in p.relative_to(SCENARIOS_DIR).parts)


def templates() -> dict[str, list[Source]]:
    """domain -> its texts, for the interface and every YAML file under scenarios/."""
    out = {po.INTERFACE: _interface_sources()}
    for path in yaml_files():
        out[po.domain(path)] = file_sources(path)
    return out


# -- the commands ---------------------------------------------------------------------------------


def _header(lang: str | None) -> dict[str, str]:
    return {
        "Project-Id-Version": f"notalone {__version__}",
        "Language": lang or "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",  # the game has no plural messages: every count is a figure
    }


def _pofile(lang: str | None):  # -> polib.POFile
    import polib

    f = polib.POFile(wrapwidth=0)
    f.metadata = _header(lang)
    return f


def _entry(src: Source, text: str = ""):  # -> polib.POEntry
    import polib

    return polib.POEntry(msgctxt=src.context, msgid=src.english, msgstr=text, comment=src.comment, occurrences=[src.where])


def extract(folder: Path | None = None) -> list[Path]:
    """Write every template; the paths written."""
    folder = folder or locale_root() / po.TEMPLATES
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    wanted = templates()
    for name, sources in wanted.items():
        f = _pofile(None)
        for src in sources:
            f.append(_entry(src))
        path = folder / f"{name}.pot"
        f.save(str(path))
        written.append(path)
    for old in folder.glob("*.pot"):  # a story removed: its template goes too
        if old.stem not in wanted:
            old.unlink()
    return written


def init(lang: str) -> list[Path]:
    """Start `lang`: an empty PO file for each template. Refuses a language that is already started."""
    if not LANG_CODE.fullmatch(lang):
        raise ValueError(f"'{lang}' is not a language code such as fr, id or pt_BR")
    folder = locale_root() / lang
    if folder.exists():
        raise ValueError(f"{_shown(folder)} already exists: run 'python main.py i18n update' to bring it up to date")
    return _merge(lang, folder)


def update(langs: Iterable[str] | None = None) -> list[Path]:
    """Merge every started language (or `langs`) with the current templates."""
    written = []
    for lang in langs or languages():
        written += _merge(lang, locale_root() / lang)
    return written


def languages() -> list[str]:
    root = locale_root()
    return sorted(p.name for p in root.iterdir() if p.is_dir() and p.name != po.TEMPLATES) if root.is_dir() else []


def _merge(lang: str, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, sources in templates().items():
        path = folder / f"{name}.po"
        old = {e.msgctxt: e for e in po.open_po(path)} if path.is_file() else {}
        f = _pofile(lang)
        for src in sources:
            entry = _entry(src)
            was = old.get(src.context)
            if was is not None and was.msgstr:
                entry.msgstr = was.msgstr
                if was.msgid != src.english:
                    entry.flags.append("fuzzy")  # the English changed: the translator confirms or fixes it
                    entry.previous_msgid = was.msgid
                elif was.fuzzy:
                    entry.flags.append("fuzzy")
                    entry.previous_msgid = was.previous_msgid
            f.append(entry)
        f.save(str(path))
        written.append(path)
    return written


def check(langs: Iterable[str] | None = None) -> dict[str, Tally]:
    """Every problem of every started language (or `langs`), by language."""
    wanted = templates()
    out: dict[str, Tally] = {}
    for lang in langs or languages():
        tally = out[lang] = Tally()
        folder = locale_root() / lang
        for name, sources in wanted.items():
            path = folder / f"{name}.po"
            tally.entries += len(sources)
            if not path.is_file():
                tally.problems.append(Problem(path, 0, "the file is missing; run 'python main.py i18n update'"))
                continue
            try:
                have = {e.msgctxt: e for e in po.open_po(path) if not e.obsolete}
            except po.PoError as err:
                tally.problems.append(Problem(path, 0, str(err)))
                continue
            lines = path.read_text(encoding="utf-8").splitlines()
            for src in sources:
                e = have.get(src.context)
                if e is not None:  # point at the msgstr, the line a translator fixes (polib counts from the comments)
                    e.linenum = next((i + 1 for i in range(max(e.linenum - 1, 0), len(lines)) if lines[i].startswith("msgstr")), e.linenum)
                tally.problems += _check_entry(path, src, e, tally)
    return out


def _check_entry(path: Path, src: Source, e, tally: Tally) -> list[Problem]:  # e: polib.POEntry | None
    if e is None:
        return [Problem(path, 0, f"'{src.context}' is missing; run 'python main.py i18n update'")]
    if not e.msgstr:
        return [Problem(path, e.linenum, f"'{src.context}' is not translated")]
    if e.msgid != src.english:
        return [Problem(path, e.linenum, f"'{src.context}': the English has changed; run 'python main.py i18n update'")]
    if e.fuzzy:
        return [Problem(path, e.linenum, f"'{src.context}' is fuzzy: check the translation, then remove the fuzzy mark")]
    tally.translated += 1
    tally.words += len(e.msgstr.split())
    found = []
    if sorted(PLACEHOLDER.findall(e.msgstr)) != sorted(PLACEHOLDER.findall(src.english)):
        want = ", ".join(sorted(set(PLACEHOLDER.findall(src.english)))) or "none"
        found.append(Problem(path, e.linenum, f"'{src.context}': the placeholders differ from the English ({want})"))
    if unicodedata.normalize("NFC", e.msgstr) != e.msgstr:
        found.append(Problem(path, e.linenum, f"'{src.context}' is not in Unicode NFC; save it again from a PO editor"))
    if src.limit and len(e.msgstr) > src.limit:
        found.append(Problem(path, e.linenum, f"'{src.context}' is {len(e.msgstr)} characters; at most {src.limit} fit"))
    edges = (e.msgstr.startswith(" "), e.msgstr.endswith(" "))
    if edges != (src.english.startswith(" "), src.english.endswith(" ")):  # a separator keeps its spaces; a text has none
        found.append(
            Problem(path, e.linenum, f"'{src.context}' starts or ends with a space where the English does not, or the other way round")
        )
    return found


def english_words() -> int:
    return sum(len(src.english.split()) for sources in templates().values() for src in sources)
