"""The scenario data model: what a story is, once it has been read and checked.

These are plain, immutable dataclasses with no behaviour beyond lookups, shared by
the engine, the debrief, every front end and the tools. They are also the one
declaration of the story format: each field that a file writes says here, with
`declared(...)`, its YAML key, kind, whether it is required, its default, its allowed
values and one line for the guide. The loader, the checked-scenario cache and the field
tables of scenarios/README.md are all derived from these classes (see game/core/spec.py).

Frozen, slotted stdlib dataclasses rather than msgspec structs: no new dependency, and
the equality, hashing and repr they write are the ones everybody expects. Keyword-only,
so a required field can follow an optional one in the order the guide lists them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .spec import declared, internal

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
# What an attachment on a message can be; each kind is drawn by the project in the
# phone's style (game/app/evidence.py), from the words in the story file.
ATTACHMENT_KINDS = ("document", "sms", "profile", "transfer", "app_install", "link", "video_room")
FORMAT_VERSION = 1
DEFAULT_LANGUAGE = "vi"


@dataclass(frozen=True, slots=True)
class Text:
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


RECORD = dict(frozen=True, slots=True, kw_only=True)


@dataclass(**RECORD)
class Character:
    """One person in a story: who they are and how they appear on the phone."""

    id: str = internal("key", "the id the character is written under")
    name: Text = declared("text", "the name shown on the phone", required=True)
    role: str = declared("word", "who they are in the story", required=True, allowed=ROLES, fallback="other")
    avatar: str = declared("word", "one of the drawn avatars", default="unknown", allowed=AVATARS)
    picture: str = declared(
        "asset", "a face of your own: a PNG or JPEG beside the story (or under `assets/`); shown instead of the avatar", default=""
    )
    number: str = declared("string", "phone number or handle shown on the phone (invent it; never a real person's)", default="")


@dataclass(**RECORD)
class Bubble:
    """An earlier message shown above a step's main text (group chats)."""

    speaker: str = declared("id", "character id of who wrote it", required=True, key="from", fallback="")
    text: Text = declared("text", "what they wrote", required=True)


@dataclass(**RECORD)
class Tell:
    """A part of a message's own words that gives the trick away, and why."""

    quote: Text = declared(
        "text", "the exact words of the step's `text` (or one of its `messages`) that are the tell, in each language", required=True
    )
    why: Text = declared("text", "one sentence: why these words give it away (shown by `Show me` in the debrief)", required=True)


@dataclass(**RECORD)
class Row:
    """One line drawn on an attachment: an optional label, its words, and whether it is a tell."""

    label: Text | None = declared("text", "a short label before the words (`Sender`, `Permissions`, `Joined`)", default=None)
    text: Text = declared("text", "what the line says", required=True)
    tell: Text | None = declared(
        "text", "this line gives the trick away: one sentence saying why (`Show me` in the debrief highlights it)", default=None
    )


@dataclass(**RECORD)
class Attachment:
    """Evidence sent with a message (a document, an SMS, a profile, a link...), drawn on the phone."""

    kind: str = declared("word", "what is drawn (see Attachments below)", required=True, allowed=ATTACHMENT_KINDS, fallback="document")
    title: Text = declared(
        "text",
        "its heading: the document's title, the SMS sender's name, the profile's name, the transfer's headline,"
        " the app's name, the page title of a link, the name of a video room",
        required=True,
    )
    source: str = declared(
        "string",
        "where it comes from, as the phone shows it: a sender number, a domain, a file name (the same in every language)",
        default="",
    )
    source_tell: Text | None = declared("text", "the `source` gives the trick away: one sentence saying why", default=None)
    rows: tuple[Row, ...] = declared("list", "the lines drawn on it, in order", default=(), record="Row", item="row")
    seal: bool = declared("bool", "on a `document`: draw a red seal and a signature (a forged one, in a scam)", default=False)

    @property
    def has_tells(self) -> bool:
        return self.source_tell is not None or any(r.tell is not None for r in self.rows)


@dataclass(**RECORD)
class Choice:
    """One answer the player can give at a step, where it leads and how safe it is."""

    index: int = internal("index", "position in the step's list; stable across saves")
    text: Text = declared("text", "what the player says or does", required=True)
    next: str = declared("id", "id of the next step or an ending", required=True, fallback="")
    safety: str = declared("word", "how safe the reply is (see below)", required=True, allowed=SAFETY, fallback="neutral")
    feedback: Text = declared("text", "one or two calm sentences saying why; shown in the debrief", required=True)
    sets: tuple[str, ...] = declared("names", "flags this choice sets", default=())
    requires: tuple[str, ...] = declared("names", "flags that must all be set for the choice to be shown", default=())
    unless: tuple[str, ...] = declared("names", "flags none of which may be set for the choice to be shown", default=())
    false_alarm: bool = declared(
        "bool",
        "on a reply to a `genuine: true` step that treats the real message as a scam (hangs up on the real Mom,"
        " reports the real school): counted as a false alarm in the debrief",
        default=False,
    )
    hang_up: bool = declared(
        "bool",
        "on a `call` or `video_call`: this reply declines the call while it rings, or ends it; the phone's red button"
        " plays it (the reply stays in the list for keyboard and screen-reader users)",
        default=False,
    )
    line: int = internal("line", "line of the choice in its file", 0)
    lines: Mapping[str, int] = internal("lines", "key -> line")

    @property
    def conditional(self) -> bool:
        return bool(self.requires or self.unless)

    def visible_with(self, flags: frozenset[str] | set[str]) -> bool:
        return all(f in flags for f in self.requires) and not any(f in flags for f in self.unless)


@dataclass(**RECORD)
class Step:
    """One message, call or scene of a story, with the choices it offers."""

    id: str = internal("key", "the id the step is written under")
    channel: str = declared("word", "how the message arrives", required=True, allowed=CHANNELS, fallback="narration")
    speaker: str | None = declared(
        "id", "character id of who speaks or writes", key="from", default=None, required_doc="yes, except on `narration`"
    )
    text: Text = declared("text", "what is said or written", required=True)
    messages: tuple[Bubble, ...] = declared(
        "list", "earlier bubbles shown before `text` (group chats)", default=(), record="Bubble", item="message"
    )
    scene: Text | None = declared(
        "text", "a stage direction, drawn as narration before the message, never in a character's mouth", default=None
    )
    later: Text | None = declared(
        "text", "a jump in time shown as a separator before the step (`Three days later`); the clock may start again after it", default=None
    )
    outgoing: bool = declared("bool", "on a `call` or `video_call`: the player makes the call (the phone shows it dialling)", default=False)
    attachments: tuple[Attachment, ...] = declared(
        "list",
        "evidence sent with the message, drawn on the phone (see Attachments below)",
        default=(),
        record="Attachment",
        item="attachment",
    )
    tells: tuple[Tell, ...] = declared(
        "list", "parts of the message's own words that give the trick away", default=(), record="Tell", item="tell"
    )
    at: str = declared("clock", "clock time shown on the phone", default="")
    tactic: str | None = declared("id", "tactic id from `tactics.yaml`; omit on neutral and genuine steps", default=None)
    genuine: bool = declared("bool", "the message is real and harmless: trusting it is right", default=False)
    discussion: Text | None = declared("text", "a question for the trainer to ask the room", default=None)
    image: str = declared("asset", "an image, e.g. `images/warrant.png`", default="")
    sound: str = declared("asset", "a sound, e.g. `sounds/ring.wav`", default="")
    choices: tuple[Choice, ...] = declared("list", "one or more choices", required=True, record="Choice", item="choice", fallback=())
    line: int = internal("line", "line of the step's id in its file", 0)
    lines: Mapping[str, int] = internal("lines", "key -> line")

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)

    @property
    def is_decision(self) -> bool:
        return len(self.choices) >= 2


@dataclass(**RECORD)
class Ending:
    """How a story ends: safe, rescued or harmed."""

    id: str = internal("key", "the id the ending is written under")
    outcome: str = declared(
        "word", "how it ends: `safe` got out, `rescued` harm stopped part-way, `harmed`", required=True, allowed=OUTCOMES, fallback="safe"
    )
    title: Text = declared("text", "the ending's heading", required=True)
    text: Text = declared("text", "what happened, and what would have helped", required=True)
    image: str = declared("asset", "an image", default="")
    line: int = internal("line", "line of the ending's id in its file", 0)


@dataclass(**RECORD)
class Scenario:
    """One complete story: its people, its steps and its endings."""

    format: int = declared("format", "version of this format", default=FORMAT_VERSION)
    id: str = declared("scenario_id", "unique id, lowercase letters, digits and `-` (`fake-police-call`)", required=True, fallback="")
    kind: str = declared("word", "what sort of scam the story shows", required=True, allowed=KINDS, fallback="other")
    title: Text = declared("text", "shown in the scenario picker", required=True)
    summary: Text = declared("text", "one sentence shown in the scenario picker", required=True)
    intro: Text | None = declared("text", "who the player is, shown before the first step", default=None)
    lesson: Text | None = declared("text", "the story's own lesson in one line, shown on the takeaway beside the three rules", default=None)
    languages: tuple[str, ...] = declared("languages", "the story's languages (default: every language its texts use)", default=())
    minutes: float | None = declared("number", "rough play time in minutes", default=None, low=1, high=30)
    start: str = declared("id", "id of the first step", required=True, fallback="")
    characters: Mapping[str, Character] = declared(
        "map", "the people of the story", required=True, record="Character", item="character", fallback={}
    )
    steps: Mapping[str, Step] = declared("map", "the steps", required=True, record="Step", item="step", fallback={})
    endings: Mapping[str, Ending] = declared("map", "the endings", required=True, record="Ending", item="ending", fallback={})
    path: str = internal("path", "the file it was read from, as shown in messages", "")

    def node(self, node_id: str) -> Step | Ending:
        return self.steps.get(node_id) or self.endings[node_id]

    def speaker_name(self, step: Step | Bubble, lang: str) -> str:
        who = step.speaker
        if who and who in self.characters:
            return self.characters[who].name.get(lang)
        return ""


@dataclass(**RECORD)
class Tactic:
    """One scam tactic from the catalogue, explained for the debrief."""

    id: str = internal("key", "the id the tactic is written under")
    family: str = declared("word", "the campaign's three families", required=True, allowed=FAMILIES, fallback="fear")
    icon: str = declared("word", "one of the drawn icons", required=True, allowed=ICONS, fallback="warning")
    name: Text = declared("text", "the tactic's name on the debrief card", required=True)
    how: Text = declared("text", "how it works", required=True)
    red_flag: Text = declared("text", "what gives it away", required=True)
    do_instead: Text = declared("text", "what to do", required=True)


@dataclass(**RECORD)
class Catalogue:
    """The tactic catalogue (scenarios/tactics.yaml), by id."""

    tactics: Mapping[str, Tactic] = declared(
        "map", "one entry per manipulation tactic", required=True, record="Tactic", item="tactic", fallback={}
    )
    path: str = internal("path", "the file it was read from, as shown in messages", "")

    def __contains__(self, tactic_id: object) -> bool:
        return tactic_id in self.tactics

    def __getitem__(self, tactic_id: str) -> Tactic:
        return self.tactics[tactic_id]


# Every record type of the format, by the name "list" and "map" fields use. A new record
# type (say, a practice item) is a class above and a line here; the loader reads it with
# `read_fields`, the cache and the guide follow.
RECORDS: dict[str, type] = {
    cls.__name__: cls for cls in (Scenario, Character, Step, Bubble, Tell, Row, Attachment, Choice, Ending, Tactic, Catalogue)
}
