"""The scenario data model: what a story is, once it has been read and checked.

These are plain, immutable dataclasses with no behaviour beyond lookups, shared by
the engine, the debrief, every front end and the tools. The vocabulary of the format
(channels, safety levels, outcomes, ...) lives here too, so the loader, the validator
and the documentation test all read one list.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from operator import attrgetter
from reprlib import recursive_repr

KINDS = ("fake_police", "job_lure", "isolation", "other")
CHANNELS = ("call", "video_call", "chat", "sms", "social", "email", "narration")
SAFETY = ("safe", "neutral", "risky", "unsafe")
OUTCOMES = ("safe", "rescued", "harmed")
ROLES = ("scammer", "family", "friend", "official", "employer", "stranger", "self", "other")
AVATARS = (
    "officer",
    "prosecutor",
    "woman",
    "man",
    "girl",
    "boy",
    "mom",
    "dad",
    "recruiter",
    "courier",
    "teacher",
    "group",
    "bank",
    "school",
    "unknown",
)
FAMILIES = ("fear", "trust", "control")
ICONS = (
    "badge",
    "warning",
    "clock",
    "shush",
    "door",
    "video",
    "id_card",
    "bank",
    "app",
    "key",
    "gift",
    "stairs",
    "people",
    "coin",
    "heart",
    "handoff",
    "camera",
    "chain",
)
FORMAT_VERSION = 1
DEFAULT_LANGUAGE = "vi"


class _ByField:
    """Equality, hash and repr by field, exactly as @dataclass(frozen=True) writes them.

    The classes below are declared `@dataclass(frozen=True, eq=False, repr=False)` and take
    these three methods from here: a dataclass compiles its methods from source for each
    class at import, and sharing one copy takes milliseconds off every start of the game.
    Equal when of the same class with equal compared fields; hashed on the same fields
    (fields with compare=False or hash=False left out); shown as `Step(id='s1', ...)`.
    """

    __slots__ = ()

    @classmethod
    def _fields_for(cls, use: str) -> Callable[[object], tuple]:
        """A function giving the tuple of an instance's fields that take part in `use`."""
        cached = cls.__dict__.get("_by_field")
        if cached is None:
            fs = fields(cls)
            names = {
                "compare": [f.name for f in fs if f.compare],
                "hash": [f.name for f in fs if (f.compare if f.hash is None else f.hash)],
                "repr": [f.name for f in fs if f.repr],
            }
            cached = {use: _tuple_of(n) for use, n in names.items()} | {"repr names": names["repr"]}
            cls._by_field = cached  # on the class: the frozen instances are not touched
        return cached[use]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            compared = self._fields_for("compare")
            return compared(self) == compared(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._fields_for("hash")(self))

    @recursive_repr()
    def __repr__(self) -> str:
        pairs = zip(self._fields_for("repr names"), self._fields_for("repr")(self), strict=True)
        return f"{self.__class__.__qualname__}({', '.join(f'{name}={value!r}' for name, value in pairs)})"


def _tuple_of(names: list[str]) -> Callable[[object], tuple]:
    if len(names) >= 2:
        return attrgetter(*names)  # gives a tuple, at C speed
    return lambda obj: tuple(getattr(obj, name) for name in names)


@dataclass(frozen=True, eq=False, repr=False)
class Text(_ByField):
    """A piece of text in one or more languages. `single` texts read the same in all."""

    by_lang: Mapping[str, str]
    single: bool = False

    def get(self, lang: str) -> str:
        if self.single or lang not in self.by_lang:
            # A single string serves every language; otherwise fall back in a fixed
            # order so a missing translation shows something rather than nothing.
            for fallback in (lang, DEFAULT_LANGUAGE, "en"):
                if fallback in self.by_lang:
                    return self.by_lang[fallback]
            return next(iter(self.by_lang.values()), "")
        return self.by_lang[lang]

    @property
    def languages(self) -> frozenset[str]:
        return frozenset() if self.single else frozenset(self.by_lang)

    @staticmethod
    def plain(value: str) -> Text:
        return Text({"*": value}, single=True)

    @staticmethod
    def of(**by_lang: str) -> Text:
        return Text(dict(by_lang))


@dataclass(frozen=True, eq=False, repr=False)
class Character(_ByField):
    """One person in a story: who they are and how they appear on the phone."""

    id: str
    name: Text
    role: str
    avatar: str = "unknown"
    number: str = ""


@dataclass(frozen=True, eq=False, repr=False)
class Bubble(_ByField):
    """An earlier message shown above a step's main text (group chats)."""

    speaker: str
    text: Text


@dataclass(frozen=True, eq=False, repr=False)
class Choice(_ByField):
    """One answer the player can give at a step, where it leads and how safe it is."""

    index: int  # position in the step's list; stable across saves
    text: Text
    next: str
    safety: str
    feedback: Text
    sets: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    false_alarm: bool = False  # on a genuine step: this reply treats a real message as a scam
    line: int = 0
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, hash=False, repr=False)  # field -> line

    @property
    def conditional(self) -> bool:
        return bool(self.requires or self.unless)

    def visible_with(self, flags: frozenset[str] | set[str]) -> bool:
        return all(f in flags for f in self.requires) and not any(f in flags for f in self.unless)


@dataclass(frozen=True, eq=False, repr=False)
class Step(_ByField):
    """One message, call or scene of a story, with the choices it offers."""

    id: str
    channel: str
    speaker: str | None
    text: Text
    choices: tuple[Choice, ...]
    tactic: str | None = None
    genuine: bool = False
    discussion: Text | None = None
    messages: tuple[Bubble, ...] = ()
    at: str = ""
    image: str = ""
    sound: str = ""
    line: int = 0
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, hash=False, repr=False)  # field -> line

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)

    @property
    def is_decision(self) -> bool:
        return len(self.choices) >= 2

    @property
    def is_scam(self) -> bool:
        return not self.genuine and self.tactic is not None


@dataclass(frozen=True, eq=False, repr=False)
class Ending(_ByField):
    """How a story ends: safe, rescued or harmed."""

    id: str
    outcome: str
    title: Text
    text: Text
    image: str = ""
    line: int = 0


@dataclass(frozen=True, eq=False, repr=False)
class Scenario(_ByField):
    """One complete story: its people, its steps and its endings."""

    id: str
    kind: str
    title: Text
    summary: Text
    start: str
    characters: Mapping[str, Character]
    steps: Mapping[str, Step]
    endings: Mapping[str, Ending]
    languages: tuple[str, ...]
    intro: Text | None = None
    minutes: float | None = None
    path: str = ""
    format: int = FORMAT_VERSION

    def node(self, node_id: str) -> Step | Ending:
        return self.steps.get(node_id) or self.endings[node_id]

    def speaker_name(self, step: Step | Bubble, lang: str) -> str:
        who = step.speaker
        if who and who in self.characters:
            return self.characters[who].name.get(lang)
        return ""


@dataclass(frozen=True, eq=False, repr=False)
class Tactic(_ByField):
    """One scam tactic from the catalogue, explained for the debrief."""

    id: str
    family: str
    icon: str
    name: Text
    how: Text
    red_flag: Text
    do_instead: Text


@dataclass
class Catalogue:
    """The tactic catalogue, by id."""

    tactics: dict[str, Tactic] = field(default_factory=dict)
    path: str = ""

    def __contains__(self, tactic_id: object) -> bool:
        return tactic_id in self.tactics

    def __getitem__(self, tactic_id: str) -> Tactic:
        return self.tactics[tactic_id]
