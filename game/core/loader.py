"""Turn parsed YAML into the scenario model, reporting every shape problem with its line.

The loader checks fields, types, allowed values and ids, and keeps going after a
problem so an author sees all of them at once. Whole-story checks (targets,
reachability, translations, ...) are the validator's job.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from . import model as m
from .diagnostics import Diagnostic
from .safeyaml import YList, YMap

SCENARIO_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
NAME_ID = re.compile(r"^[a-z][a-z0-9_]*$")
LANG_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
CLOCK = re.compile(r"^([01]?\d|2[0-3]):[0-5]\d$")
_GOOD_LANGS: set[str] = set()  # language codes already seen to be well formed
# id of a field table -> (the table, kept so its id stays its own; its required fields in order)
_REQUIRED: dict[int, tuple[dict[str, bool], tuple[str, ...]]] = {}
_ABSENT = object()  # a field not written at all (a field written empty holds None)


def _good_lang(code: str) -> bool:
    if LANG_CODE.match(code):
        _GOOD_LANGS.add(code)
        return True
    return False


SCENARIO_FIELDS = {
    "format": False,
    "id": True,
    "kind": True,
    "title": True,
    "summary": True,
    "intro": False,
    "languages": False,
    "minutes": False,
    "start": True,
    "characters": True,
    "steps": True,
    "endings": True,
}
CHARACTER_FIELDS = {"name": True, "role": True, "avatar": False, "number": False}
STEP_FIELDS = {
    "channel": True,
    "from": False,
    "text": True,
    "messages": False,
    "at": False,
    "tactic": False,
    "genuine": False,
    "discussion": False,
    "image": False,
    "sound": False,
    "choices": True,
}
BUBBLE_FIELDS = {"from": True, "text": True}
CHOICE_FIELDS = {
    "text": True,
    "next": True,
    "safety": True,
    "feedback": True,
    "sets": False,
    "requires": False,
    "unless": False,
    "false_alarm": False,
}
ENDING_FIELDS = {"outcome": True, "title": True, "text": True, "image": False}
TACTIC_FIELDS = {
    "family": True,
    "icon": True,
    "name": True,
    "how": True,
    "red_flag": True,
    "do_instead": True,
}


class TextSite(NamedTuple):  # a tuple, not a dataclass: one is made for every text of every file
    """Where a text was written, so the validator can point at a missing translation."""

    text: m.Text
    line: int
    owner: str  # "step 's1'"
    key: str  # "text"

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

    def report(self, code: str, line: int, message: str) -> None:
        self.problems.append(Diagnostic(code, self.filename, line, message))

    # -- structure -------------------------------------------------------------------

    def fields(self, node: YMap, spec: dict[str, bool], where: str) -> None:
        if not spec.keys() >= node.keys():  # some field is unknown: name each, in the file's order
            for key in node:
                if key not in spec:
                    close = difflib.get_close_matches(key, list(spec), n=1)
                    also = f" (did you mean '{close[0]}'?)" if close else ""
                    allowed = ", ".join(spec)
                    self.report("E101", node.line_of(key), f"{where}: '{key}' is not a field here{also}; fields are: {allowed}")
        known = _REQUIRED.get(id(spec))
        if known is None or known[0] is not spec:
            known = _REQUIRED[id(spec)] = (spec, tuple(key for key, needed in spec.items() if needed))
        for key in known[1]:
            if key not in node:
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
            if not value or value.isspace():  # what `not value.strip()` says, without copying the text
                self.report("E106", line, f"{where} '{key}' is empty")
            result = m.Text.plain(value)
        elif isinstance(value, YMap):
            by_lang: dict[str, str] = {}
            for lang, item in value.items():
                if lang not in _GOOD_LANGS and not _good_lang(lang):
                    self.report(
                        "E104", value.key_lines.get(lang, line), f"{where} '{key}': '{lang}' is not a language code such as vi or en"
                    )
                    continue
                if not isinstance(item, str):
                    self.report("E103", value.key_lines.get(lang, line), f"{where} '{key}' in '{lang}' must be text (put it in quotes)")
                    continue
                if not item or item.isspace():
                    self.report("E106", value.key_lines.get(lang, line), f"{where} '{key}' in '{lang}' is empty")
                by_lang[lang] = item
            if not value:
                self.report("E106", line, f"{where} '{key}' has no languages")
            result = m.Text(by_lang)
        else:
            self.report("E103", line, f'{where} \'{key}\' must be text, or a mapping such as {{vi: "...", en: "..."}}')
            return None
        self.texts.append(TextSite(result, line, where, key))
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
        if value is not None and not pattern.match(value):
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
            if not isinstance(item, str) or not NAME_ID.match(item):
                self.report("E105", line, f"{where}: '{key}' entry '{item}' is not a valid flag name")
                continue
            out.append(item)
        return tuple(out)

    def asset(self, node: YMap, key: str, where: str) -> str:
        value = self.string(node, key, where)
        if value:
            self.assets.append((value, node.line_of(key), f"{where} '{key}'"))
        return value or ""


# -- scenario -------------------------------------------------------------------------


@dataclass
class Loaded:
    """A scenario as read, with what the validator needs to point at lines."""

    scenario: m.Scenario | None
    reader: Reader
    data: YMap | None = None


def read_scenario(data: Any, filename: str) -> Loaded:
    r = Reader(filename)
    if not isinstance(data, YMap):
        r.report("E103", getattr(data, "line", 1), "a scenario file must be a mapping of fields (id:, kind:, title:, ...)")
        return Loaded(None, r)
    r.fields(data, SCENARIO_FIELDS, "scenario")
    fmt = data.get("format", m.FORMAT_VERSION)
    if fmt != m.FORMAT_VERSION:
        r.report("E107", data.line_of("format"), f"'format: {fmt}' is not understood by this version (it reads format {m.FORMAT_VERSION})")
    sid = r.ident(data, "id", "scenario", SCENARIO_ID) or ""
    kind = r.choice_of(data, "kind", "scenario", m.KINDS) or "other"
    title = r.text(data, "title", "scenario") or m.Text.plain(sid)
    summary = r.text(data, "summary", "scenario") or m.Text.plain("")
    intro = r.text(data, "intro", "scenario")
    minutes = r.number(data, "minutes", "scenario", 1, 30)
    start = r.ident(data, "start", "scenario") or ""
    declared: tuple[str, ...] = ()
    if "languages" in data:
        langs = data["languages"]
        if not isinstance(langs, list) or not langs or not all(isinstance(x, str) and LANG_CODE.match(x) for x in langs):
            r.report("E103", data.line_of("languages"), "scenario: 'languages' must be a list of language codes, e.g. [vi, en]")
        else:
            declared = tuple(dict.fromkeys(langs))

    characters: dict[str, m.Character] = {}
    chars = r.mapping(data, "characters", "scenario")
    for cid, c in (chars or {}).items():
        where = f"character '{cid}'"
        line = chars.line_of(cid)
        if not NAME_ID.match(cid):
            r.report("E105", line, f"{where}: the id is not valid")
        if not r.is_mapping(c, line, where):
            continue
        r.fields(c, CHARACTER_FIELDS, where)
        characters[cid] = m.Character(
            id=cid,
            name=r.text(c, "name", where) or m.Text.plain(cid),
            role=r.choice_of(c, "role", where, m.ROLES) or "other",
            avatar=r.choice_of(c, "avatar", where, m.AVATARS) or "unknown",
            number=r.string(c, "number", where) or "",
        )

    steps: dict[str, m.Step] = {}
    step_nodes = r.mapping(data, "steps", "scenario")
    for step_id, s in (step_nodes or {}).items():
        where = f"step '{step_id}'"
        line = step_nodes.line_of(step_id)
        if not NAME_ID.match(step_id):
            r.report("E105", line, f"{where}: the id is not valid")
        if not r.is_mapping(s, line, where):
            continue
        step = _read_step(r, step_id, s, where, line)
        steps[step_id] = step

    endings: dict[str, m.Ending] = {}
    end_nodes = r.mapping(data, "endings", "scenario")
    for end_id, e in (end_nodes or {}).items():
        where = f"ending '{end_id}'"
        line = end_nodes.line_of(end_id)
        if not NAME_ID.match(end_id):
            r.report("E105", line, f"{where}: the id is not valid")
        if not r.is_mapping(e, line, where):
            continue
        r.fields(e, ENDING_FIELDS, where)
        endings[end_id] = m.Ending(
            id=end_id,
            outcome=r.choice_of(e, "outcome", where, m.OUTCOMES) or "safe",
            title=r.text(e, "title", where) or m.Text.plain(end_id),
            text=r.text(e, "text", where) or m.Text.plain(""),
            image=r.asset(e, "image", where),
            line=line,
        )

    languages = declared or tuple(sorted({lang for site in r.texts if not site.text.single for lang in site.text.by_lang}))
    scenario = m.Scenario(
        id=sid,
        kind=kind,
        title=title,
        summary=summary,
        start=start,
        characters=characters,
        steps=steps,
        endings=endings,
        languages=languages or (m.DEFAULT_LANGUAGE,),
        intro=intro,
        minutes=minutes,
        path=filename,
    )
    return Loaded(scenario, r, data)


def _read_step(r: Reader, step_id: str, s: YMap, where: str, line: int) -> m.Step:
    r.fields(s, STEP_FIELDS, where)
    channel = r.choice_of(s, "channel", where, m.CHANNELS) or "narration"
    speaker = r.ident(s, "from", where)
    if speaker is None and channel != "narration" and "from" not in s:
        r.report("E102", s.line, f"{where}: 'from' is missing (who is calling or writing?)")
    at = r.string(s, "at", where) or ""
    if at and not CLOCK.match(at):
        r.report("E103", s.line_of("at"), f"{where}: 'at' is '{at}'; write a clock time like \"21:05\" in quotes")
    bubbles: list[m.Bubble] = []
    if "messages" in s:
        msgs = s["messages"]
        if not isinstance(msgs, YList):
            r.report("E103", s.line_of("messages"), f"{where}: 'messages' must be a list of {{from: ..., text: ...}}")
        else:
            for i, b in enumerate(msgs):
                bwhere = f"{where} message {i + 1}"
                if not r.is_mapping(b, msgs.line_of(i), bwhere):
                    continue
                r.fields(b, BUBBLE_FIELDS, bwhere)
                bubbles.append(m.Bubble(r.ident(b, "from", bwhere) or "", r.text(b, "text", bwhere) or m.Text.plain("")))
    choices: list[m.Choice] = []
    raw = s.get("choices")
    if raw is not None and not isinstance(raw, YList):
        r.report("E103", s.line_of("choices"), f"{where}: 'choices' must be a list, each choice starting with '- '")
    elif raw is not None:
        for i, c in enumerate(raw):
            cwhere = f"{where} choice {i + 1}"
            if not r.is_mapping(c, raw.line_of(i), cwhere):
                continue
            r.fields(c, CHOICE_FIELDS, cwhere)
            choices.append(
                m.Choice(
                    index=i,
                    text=r.text(c, "text", cwhere) or m.Text.plain(""),
                    next=r.ident(c, "next", cwhere) or "",
                    safety=r.choice_of(c, "safety", cwhere, m.SAFETY) or "neutral",
                    feedback=r.text(c, "feedback", cwhere) or m.Text.plain(""),
                    sets=r.names(c, "sets", cwhere),
                    requires=r.names(c, "requires", cwhere),
                    unless=r.names(c, "unless", cwhere),
                    false_alarm=r.boolean(c, "false_alarm", cwhere),
                    line=c.line,
                    lines=c.key_lines,
                )
            )
    tactic = r.ident(s, "tactic", where)
    return m.Step(
        id=step_id,
        channel=channel,
        speaker=speaker,
        text=r.text(s, "text", where) or m.Text.plain(""),
        choices=tuple(choices),
        tactic=tactic,
        genuine=r.boolean(s, "genuine", where),
        discussion=r.text(s, "discussion", where),
        messages=tuple(bubbles),
        at=at,
        image=r.asset(s, "image", where),
        sound=r.asset(s, "sound", where),
        line=line,
        lines=s.key_lines,
    )


# -- tactic catalogue -----------------------------------------------------------------


def read_catalogue(data: Any, filename: str) -> tuple[m.Catalogue, Reader]:
    r = Reader(filename)
    catalogue = m.Catalogue(path=filename)
    if not isinstance(data, YMap):
        r.report("E103", getattr(data, "line", 1), "the tactic catalogue must be a mapping with a 'tactics:' entry")
        return catalogue, r
    r.fields(data, {"tactics": True}, "catalogue")
    entries = r.mapping(data, "tactics", "catalogue")
    for tid, t in (entries or {}).items():
        where = f"tactic '{tid}'"
        line = entries.line_of(tid)
        if not NAME_ID.match(tid):
            r.report("E105", line, f"{where}: the id is not valid")
        if not r.is_mapping(t, line, where):
            continue
        r.fields(t, TACTIC_FIELDS, where)
        catalogue.tactics[tid] = m.Tactic(
            id=tid,
            family=r.choice_of(t, "family", where, m.FAMILIES) or "fear",
            icon=r.choice_of(t, "icon", where, m.ICONS) or "warning",
            name=r.text(t, "name", where) or m.Text.plain(tid),
            how=r.text(t, "how", where) or m.Text.plain(""),
            red_flag=r.text(t, "red_flag", where) or m.Text.plain(""),
            do_instead=r.text(t, "do_instead", where) or m.Text.plain(""),
        )
    return catalogue, r
