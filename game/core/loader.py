"""Turn parsed YAML into the scenario model, reporting every shape problem with its line.

The loader checks fields, types, allowed values and ids, and keeps going after a
problem so an author sees all of them at once. Whole-story checks (targets,
reachability, translations, ...) are the validator's job.

Which fields a record has, and what each may hold, is not written here: `read_record`
walks the declaration on the model's classes (game/core/model.py) and reads each field
with the reader of its kind (`_READERS`). What no declaration can say (a step needs
`from` unless it is narration; a story's languages default to those its texts use) is
in `_AFTER`, one small function per record type.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from . import model as m
from .diagnostics import Diagnostic
from .safeyaml import YList, YMap
from .spec import Declared, field_table, internal_fields, written_fields

SCENARIO_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
NAME_ID = re.compile(r"^[a-z][a-z0-9_]*$")
LANG_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
CLOCK = re.compile(r"^([01]?\d|2[0-3]):[0-5]\d$")
_ABSENT = object()  # a field not written at all (a field written empty holds None)

# YAML key -> required, for each record type (derived from the declaration; kept under
# these names for the tests and for readers of other record types).
SCENARIO_FIELDS = field_table(m.Scenario)
CHARACTER_FIELDS = field_table(m.Character)
STEP_FIELDS = field_table(m.Step)
BUBBLE_FIELDS = field_table(m.Bubble)
CHOICE_FIELDS = field_table(m.Choice)
ENDING_FIELDS = field_table(m.Ending)
TACTIC_FIELDS = field_table(m.Tactic)


# Characters that show nothing: zero-width spaces and joiners, direction marks, word joiners,
# invisible operators, the byte-order mark, the soft hyphen, the combining grapheme joiner.
_INVISIBLE = re.compile(
    r"[\s\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u206a-\u206f\u3164\ufeff\uffa0]"
)


def is_blank(text: str) -> bool:
    """True when a text would show nothing: empty, spaces, or only invisible characters."""
    return not text or text.isspace() or not _INVISIBLE.sub("", text)


class TextSite(NamedTuple):  # a tuple, not a dataclass: one is made for every text of every file
    """Where a text was written, so the validator can point at a missing translation."""

    text: m.Text
    line: int
    owner: str  # "step 's1'"
    key: str  # "text"
    context: str  # where the text is in its file ("steps.s1.text"): its PO context, after the file's domain

    @property
    def where(self) -> str:
        """How a message names the text ("step 's1' 'text'"), put together only for a message."""
        return f"{self.owner} '{self.key}'"


@dataclass
class Reader:
    """Collects problems for one file while its fields are read."""

    filename: str
    problems: list[Diagnostic] = field(default_factory=list)
    texts: list[TextSite] = field(default_factory=list)
    assets: list[tuple[str, int, str]] = field(default_factory=list)  # (path, line, where)
    # Translations from the file's PO files (game/core/po.py), laid over its inline texts.
    translations: Mapping[str, Mapping[str, tuple[str, str]]] = field(default_factory=dict)
    path: list[str] = field(default_factory=list)  # where the record being read is ("steps", "s1")
    inline: set[str] = field(default_factory=set)  # the languages written in the file itself
    dropped: set[str] = field(default_factory=set)  # translated languages a problem keeps from being offered

    def context(self, key: str) -> str:
        return ".".join((*self.path, key))

    def overlay(self, context: str, by_lang: dict[str, str]) -> None:
        """Add each PO translation of this text whose English is the text's English now."""
        english = by_lang.get("en")
        for lang, (source, text) in self.translations.get(context, {}).items():
            if lang not in by_lang and source == english:
                by_lang[lang] = text

    def report(self, code: str, line: int, message: str) -> None:
        self.problems.append(Diagnostic(code, self.filename, line, message))

    # -- structure -------------------------------------------------------------------

    def fields(self, node: YMap, spec: Mapping[str, bool], where: str) -> None:
        if not spec.keys() >= node.keys():  # some field is unknown: name each, in the file's order
            for key in node:
                if key not in spec:
                    close = difflib.get_close_matches(key, list(spec), n=1)
                    also = f" (did you mean '{close[0]}'?)" if close else ""
                    allowed = ", ".join(spec)
                    self.report("E101", node.line_of(key), f"{where}: '{key}' is not a field here{also}; fields are: {allowed}")
        for key, needed in spec.items():
            if needed and key not in node:
                self.report("E102", node.line, f"{where}: '{key}' is missing")

    def mapping(self, node: YMap, key: str, where: str) -> YMap | None:
        value = node.get(key)
        if value is None:
            return None
        if not isinstance(value, YMap):
            self.report("E103", node.line_of(key), f"{where}: '{key}' must be a mapping of 'id: ...' entries")
            return None
        return value

    def is_mapping(self, value: Any, line: int, where: str) -> bool:
        if isinstance(value, YMap):
            return True
        self.report("E103", line, f"{where} must be a mapping of fields (key: value lines)")
        return False

    # -- values ----------------------------------------------------------------------

    def text(self, node: YMap, key: str, where: str) -> m.Text | None:
        value = node.get(key, _ABSENT)
        if value is _ABSENT:
            return None
        line = node.key_lines.get(key, node.line)
        if isinstance(value, str):
            if is_blank(value):
                self.report("E106", line, f"{where} '{key}' is empty")
            result = m.Text.plain(value)
        elif isinstance(value, YMap):
            by_lang: dict[str, str] = {}
            for lang, item in value.items():
                if not isinstance(lang, str) or not LANG_CODE.fullmatch(lang):
                    self.report(
                        "E104", value.key_lines.get(lang, line), f"{where} '{key}': '{lang}' is not a language code such as vi or en"
                    )
                    continue
                if not isinstance(item, str):
                    self.report("E103", value.key_lines.get(lang, line), f"{where} '{key}' in '{lang}' must be text (put it in quotes)")
                    continue
                if is_blank(item):
                    self.report("E106", value.key_lines.get(lang, line), f"{where} '{key}' in '{lang}' is empty")
                by_lang[lang] = item
            if not value:
                self.report("E106", line, f"{where} '{key}' has no languages")
            self.inline.update(by_lang)
            if self.translations:
                self.overlay(self.context(key), by_lang)
            result = m.Text(by_lang)
        else:
            self.report("E103", line, f'{where} \'{key}\' must be text, or a mapping such as {{vi: "...", en: "..."}}')
            return None
        self.texts.append(TextSite(result, line, where, key, self.context(key)))
        return result

    def string(self, node: YMap, key: str, where: str) -> str | None:
        value = node.get(key, _ABSENT)
        if type(value) is str:
            return value
        if value is _ABSENT:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.report("E103", node.line_of(key), f"{where}: '{key}' must be a single word or text")
            return None
        return str(value)

    def ident(self, node: YMap, key: str, where: str, pattern: re.Pattern[str] = NAME_ID) -> str | None:
        value = self.string(node, key, where)
        if value is not None and not pattern.fullmatch(value):
            self.report("E105", node.line_of(key), f"{where}: '{key}' is '{value}', which is not a valid id")
        return value

    def choice_of(self, node: YMap, key: str, where: str, allowed: Iterable[str]) -> str | None:
        value = self.string(node, key, where)
        if value is not None and value not in allowed:
            allowed = tuple(allowed)
            close = difflib.get_close_matches(value, allowed, n=1)
            also = f" (did you mean '{close[0]}'?)" if close else ""
            self.report("E104", node.line_of(key), f"{where}: '{key}' is '{value}'{also}; allowed: {', '.join(allowed)}")
            return None
        return value

    def boolean(self, node: YMap, key: str, where: str) -> bool:
        if key not in node:
            return False
        value = node[key]
        if not isinstance(value, bool):
            self.report("E103", node.line_of(key), f"{where}: '{key}' must be true or false")
            return False
        return value

    def number(self, node: YMap, key: str, where: str, low: float, high: float) -> float | None:
        if key not in node:
            return None
        value = node[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            self.report("E103", node.line_of(key), f"{where}: '{key}' must be a number from {low:g} to {high:g}")
            return None
        return value

    def names(self, node: YMap, key: str, where: str) -> tuple[str, ...]:
        if key not in node:
            return ()
        value = node[key]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.report("E103", node.line_of(key), f"{where}: '{key}' must be a list of names, e.g. [answered_call]")
            return ()
        out = []
        for i, item in enumerate(value):
            line = value.line_of(i) if isinstance(value, YList) else node.line_of(key)
            if not isinstance(item, str) or not NAME_ID.fullmatch(item):
                self.report("E105", line, f"{where}: '{key}' entry '{item}' is not a valid flag name")
                continue
            out.append(item)
        return tuple(out)

    def asset(self, node: YMap, key: str, where: str) -> str:
        value = self.string(node, key, where)
        if value:
            self.assets.append((value, node.line_of(key), f"{where} '{key}'"))
        return value or ""


# -- reading a record from its declaration ---------------------------------------------


def _clock(r: Reader, node: YMap, key: str, where: str) -> str | None:
    at = r.string(node, key, where)
    if at and not CLOCK.fullmatch(at):
        r.report("E103", node.line_of(key), f"{where}: '{key}' is '{at}'; write a clock time like \"21:05\" in quotes")
    return at


def _languages(r: Reader, node: YMap, key: str, where: str) -> tuple[str, ...] | None:
    if key not in node:
        return None
    langs = node[key]
    if not isinstance(langs, list) or not langs or not all(isinstance(x, str) and LANG_CODE.fullmatch(x) for x in langs):
        r.report("E103", node.line_of(key), f"{where}: '{key}' must be a list of language codes, e.g. [vi, en]")
        return None
    return tuple(dict.fromkeys(langs))


def _format(r: Reader, node: YMap, key: str, where: str) -> int:
    fmt = node.get(key, m.FORMAT_VERSION)
    if fmt != m.FORMAT_VERSION:
        r.report("E107", node.line_of(key), f"'{key}: {fmt}' is not understood by this version (it reads format {m.FORMAT_VERSION})")
    return m.FORMAT_VERSION


def _list(r: Reader, node: YMap, d: Declared, where: str) -> tuple[Any, ...] | None:
    raw = node.get(d.key)
    if raw is None:
        return None
    if not isinstance(raw, YList):
        r.report("E103", node.line_of(d.key), f"{where}: '{d.key}' must be a list, each {d.spec.item} starting with '- '")
        return None
    cls = m.RECORDS[d.spec.record]
    out = []
    for i, item in enumerate(raw):
        iwhere = f"{where} {d.spec.item} {i + 1}"
        if r.is_mapping(item, raw.line_of(i), iwhere):
            r.path += (d.key, str(i + 1))  # counted from 1, as authors count
            out.append(read_record(r, item, cls, iwhere, index=i, line=item.line, lines=item.key_lines))
            del r.path[-2:]
    return tuple(out)


def _map(r: Reader, node: YMap, d: Declared, where: str) -> dict[str, Any] | None:
    entries = r.mapping(node, d.key, where)
    if entries is None:
        return None
    cls = m.RECORDS[d.spec.record]
    out = {}
    for rid, item in entries.items():
        iwhere = f"{d.spec.item} '{rid}'"
        line = entries.line_of(rid)
        if not NAME_ID.fullmatch(rid):
            r.report("E105", line, f"{iwhere}: the id is not valid")
        if r.is_mapping(item, line, iwhere):
            r.path += (d.key, str(rid))
            out[rid] = read_record(r, item, cls, iwhere, key=rid, line=line, lines=item.key_lines)
            del r.path[-2:]
    return out


# kind -> how a field of that kind is read; None means "not given, or given wrong" (already reported)
_READERS: dict[str, Callable[[Reader, YMap, Declared, str], Any]] = {
    "text": lambda r, node, d, where: r.text(node, d.key, where),
    "id": lambda r, node, d, where: r.ident(node, d.key, where),
    "scenario_id": lambda r, node, d, where: r.ident(node, d.key, where, SCENARIO_ID),
    "word": lambda r, node, d, where: r.choice_of(node, d.key, where, d.spec.allowed),
    "string": lambda r, node, d, where: r.string(node, d.key, where),
    "clock": lambda r, node, d, where: _clock(r, node, d.key, where),
    "bool": lambda r, node, d, where: r.boolean(node, d.key, where),
    "number": lambda r, node, d, where: r.number(node, d.key, where, d.spec.low, d.spec.high),
    "names": lambda r, node, d, where: r.names(node, d.key, where),
    "asset": lambda r, node, d, where: r.asset(node, d.key, where),
    "languages": lambda r, node, d, where: _languages(r, node, d.key, where),
    "format": lambda r, node, d, where: _format(r, node, d.key, where),
    "list": _list,
    "map": _map,
}


def read_fields(r: Reader, node: YMap, cls: type, where: str) -> dict[str, Any]:
    """Every field `cls` declares, read from `node` (unknown and missing keys reported): its keyword arguments.

    A field left out gets its default; a required field that is missing or wrong gets a
    stand-in (the file is reported, so the stand-in only lets the other checks go on).
    """
    r.fields(node, field_table(cls), where)
    out: dict[str, Any] = {}
    for d in written_fields(cls):
        value = _READERS[d.spec.kind](r, node, d, where)
        if value is None:
            value = _stand_in(cls, d)
        out[d.name] = value
    return out


def read_record(r: Reader, node: YMap, cls: type, where: str, **given: Any) -> Any:
    """One record of type `cls` from `node`; `given` offers internal fields (key, index, line, lines, path)."""
    kwargs = read_fields(r, node, cls, where)
    after = _AFTER.get(cls)
    if after is not None:
        after(r, node, kwargs, where)
    for d in internal_fields(cls):
        if d.spec.kind in given:
            kwargs[d.name] = given[d.spec.kind]
    return cls(**kwargs)


def _stand_in(cls: type, d: Declared) -> Any:
    if d.required:
        return m.Text.plain("") if d.spec.kind == "text" else d.spec.fallback
    return d.default


# -- what the declaration cannot say, one function per record type -------------------


def _after_step(r: Reader, s: YMap, kw: dict[str, Any], where: str) -> None:
    if kw["speaker"] is None and kw["channel"] != "narration" and "from" not in s:
        r.report("E102", s.line, f"{where}: 'from' is missing (who is calling or writing?)")


def _after_scenario(r: Reader, data: YMap, kw: dict[str, Any], where: str) -> None:
    if not kw["languages"]:  # the languages its texts use
        kw["languages"] = tuple(sorted(r.inline)) or (m.DEFAULT_LANGUAGE,)
    kw["languages"] += translated_languages(r, kw["languages"], report=True)


def translated_languages(r: Reader, have: Iterable[str] = (), report: bool = False) -> tuple[str, ...]:
    """The languages the PO files translate completely (every text), beyond `have`: a story is offered
    in a language only when nothing in it would fall back to another. With `report`, W322 names
    each language that is started but not whole (an English text changed, or one was added)."""
    offered = {lang for by_lang in r.translations.values() for lang in by_lang} - set(have) - r.dropped
    sites = [site for site in r.texts if not site.text.single]
    whole = []
    for lang in sorted(offered):
        lacking = [site for site in sites if lang not in site.text.by_lang]
        if not lacking:
            whole.append(lang)
        elif report:
            first = lacking[0]
            r.report(
                "W322",
                first.line,
                f"the '{lang}' translation lacks {len(lacking)} of {len(sites)} texts (the first: {first.where}), so the story "
                f"is not offered in '{lang}'",
            )
    return tuple(whole)


_AFTER: dict[type, Callable[[Reader, YMap, dict[str, Any], str], None]] = {m.Step: _after_step, m.Scenario: _after_scenario}


# -- files --------------------------------------------------------------------------------


@dataclass
class Loaded:
    """A scenario as read, with what the validator needs to point at lines."""

    scenario: m.Scenario | None
    reader: Reader
    data: YMap | None = None


def read_scenario(data: Any, filename: str, translations: Mapping[str, Mapping[str, tuple[str, str]]] | None = None) -> Loaded:
    r = Reader(filename, translations=translations or {})
    if not isinstance(data, YMap):
        r.report("E103", getattr(data, "line", 1), "a scenario file must be a mapping of fields (id:, kind:, title:, ...)")
        return Loaded(None, r)
    return Loaded(read_record(r, data, m.Scenario, "scenario", path=filename), r, data)


def read_catalogue(
    data: Any, filename: str, translations: Mapping[str, Mapping[str, tuple[str, str]]] | None = None
) -> tuple[m.Catalogue, Reader]:
    r = Reader(filename, translations=translations or {})
    if not isinstance(data, YMap):
        r.report("E103", getattr(data, "line", 1), "the tactic catalogue must be a mapping with a 'tactics:' entry")
        return m.Catalogue(tactics={}, path=filename), r
    return read_record(r, data, m.Catalogue, "catalogue", path=filename), r
