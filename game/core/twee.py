"""Turn a Twine draft (Twee 3 source) into a scenario skeleton an author then completes.

Twee 3 (the text form of a Twine 2 story, as Twine exports it and Tweego reads it):
passages start with a header `:: Name [tags] {metadata}`; `StoryTitle` holds the title and
`StoryData` a JSON object (start passage, format, ...); links are written `[[text]]`,
`[[text->target]]`, `[[target<-text]]` or `[[text|target]]`.

The mapping: a passage with links becomes a step (its links become choices, its text the
message), a passage without links an ending, and the tags `call`, `video_call` (or `video`),
`chat`, `sms`, `email`, `social` and `narration` set a step's channel. Story-format code in
the text (macros, markup) is kept as it is, for the author to rewrite.

What Twee cannot say is left for the author, in a way `validate` reports at file:line with
its usual codes and fixes: each choice's `safety: TODO` (E104, not an allowed value), no
`feedback` (E102, missing), each ending's `outcome: TODO`, no `summary`, and the second
language missing from every text (E207). A comment above each such place says what to
write. Nothing in the Twee file is executed; script and stylesheet passages are skipped.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field

from .model import CHANNELS

HEADER = re.compile(r"^::(?P<rest>.*)$")
LINK = re.compile(r"\[\[(.+?)\]\](?!\])")
SKIPPED_TAGS = {"script", "stylesheet", "Twine.private", "widget"}
CHANNEL_TAGS = {c: c for c in CHANNELS} | {"video": "video_call", "videocall": "video_call", "message": "chat", "text": "sms"}
SPECIAL = {
    "StoryTitle",
    "StoryData",
    "StoryInit",
    "StoryMenu",
    "StoryCaption",
    "StoryBanner",
    "StoryAuthor",
    "StorySubtitle",
    "PassageReady",
    "PassageDone",
}


class TweeError(ValueError):
    """The file is not Twee 3 that can be imported; the message says where and why."""


@dataclass
class Link:
    text: str
    target: str


@dataclass
class Passage:
    name: str
    tags: list[str]
    text: str
    line: int
    links: list[Link] = field(default_factory=list)


@dataclass
class TweeStory:
    title: str
    start: str
    passages: list[Passage]


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _split_header(rest: str, line: int) -> tuple[str, list[str], dict]:
    """Name, tags and metadata of a passage header (after the `::`), honouring `\\` escapes."""
    rest = rest.strip()
    name_end = len(rest)
    i = 0
    while i < len(rest):
        ch = rest[i]
        if ch == "\\":
            i += 2
            continue
        if ch in "[{":
            name_end = i
            break
        i += 1
    name = _unescape(rest[:name_end]).strip()
    tail = rest[name_end:].strip()
    tags: list[str] = []
    meta: dict = {}
    if tail.startswith("["):
        close = tail.find("]")
        if close < 0:
            raise TweeError(f"line {line}: the tag list of passage '{name}' has no closing ']'")
        tags = tail[1:close].split()
        tail = tail[close + 1 :].strip()
    if tail.startswith("{"):
        try:
            found = json.loads(tail)
            meta = found if isinstance(found, dict) else {}
        except ValueError:
            meta = {}  # Twine's own tools ignore bad passage metadata; so do we
    if not name:
        raise TweeError(f"line {line}: a passage header '::' has no passage name")
    return name, tags, meta


def _link(inner: str) -> Link:
    if "|" in inner:
        text, target = inner.rsplit("|", 1)
    elif "->" in inner:
        text, target = inner.rsplit("->", 1)
    elif "<-" in inner:
        target, text = inner.split("<-", 1)
    else:
        text = target = inner
    return Link(text.strip(), target.strip())


def parse(source: str) -> TweeStory:
    """Read Twee 3 text; TweeError when it holds no passages or its StoryData is not JSON."""
    source = source.removeprefix("\ufeff")
    passages: list[Passage] = []
    current: tuple[str, list[str], int] | None = None
    body: list[str] = []

    def close() -> None:
        if current is not None:
            name, tags, line = current
            text = "\n".join(body).strip("\n")
            passages.append(Passage(name, tags, text, line))

    for n, raw in enumerate(re.split(r"\r\n|\r|\n", source), start=1):
        m = HEADER.match(raw)
        if m:
            close()
            name, tags, _ = _split_header(m.group("rest"), n)
            current, body = (name, tags, n), []
        elif current is not None:
            body.append(raw)
    close()
    if not passages:
        raise TweeError("no passages: a Twee file has lines starting with ':: ' that name its passages")
    by_name = {p.name: p for p in passages}
    title = by_name["StoryTitle"].text.strip() if "StoryTitle" in by_name else ""
    data: dict = {}
    if "StoryData" in by_name:
        try:
            found = json.loads(by_name["StoryData"].text or "{}")
        except ValueError as err:
            raise TweeError(f"line {by_name['StoryData'].line}: StoryData is not a JSON object ({err})") from None
        data = found if isinstance(found, dict) else {}
    story_passages = [p for p in passages if p.name not in SPECIAL and not SKIPPED_TAGS & set(p.tags)]
    if not story_passages:
        raise TweeError("the file has no story passages (only StoryTitle, StoryData, scripts or stylesheets)")
    for p in story_passages:
        p.links = [_link(m.group(1)) for m in LINK.finditer(p.text)]
        p.text = LINK.sub(lambda m: "", p.text).strip()
    names = {p.name for p in story_passages}
    start = data.get("start") if isinstance(data.get("start"), str) and data.get("start") in names else None
    start = start or ("Start" if "Start" in names else story_passages[0].name)
    return TweeStory(title or start, start, story_passages)


def slug(name: str, taken: set[str], kebab: bool = False) -> str:
    """A scenario id from a passage name: ASCII, lower case, words joined by '_' (or '-')."""
    plain = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    joiner = "-" if kebab else "_"
    words = re.findall(r"[a-z0-9]+", plain)
    base = joiner.join(words) or "passage"
    if not base[0].isalpha():
        base = ("p" if not kebab else "story") + joiner + base
    base = base[:48].rstrip(joiner)
    out, n = base, 2
    while out in taken:
        out, n = f"{base}{joiner}{n}", n + 1
    taken.add(out)
    return out


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML), with YAML's extra line breaks escaped."""
    out = json.dumps(text, ensure_ascii=False)
    return out.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\x85")


def to_yaml(story: TweeStory, lang: str = "en", other: str = "vi", source_name: str = "") -> str:
    """The scenario skeleton as YAML text, with comments saying what is left to write."""
    step_ids: set[str] = set()
    ids = {p.name: slug(p.name, step_ids) for p in story.passages}
    steps = [p for p in story.passages if p.links]
    endings = [p for p in story.passages if not p.links]
    langs = [lang] + ([other] if other and other != lang else [])
    out = [
        f"# Imported from the Twine draft {source_name or 'a Twee file'} by `notalone import-twee`.",
        "# Fill in every TODO, add the other language to every text, then run",
        "#   python main.py validate THIS_FILE",
        "# until it reports nothing; scenarios/README.md explains every field.",
        "format: 1",
        f"id: {slug(story.title, set(), kebab=True)}",
        "kind: other  # fake_police | job_lure | isolation | other",
        f"languages: [{', '.join(langs)}]",
        f"title: {{{lang}: {_q(story.title)}}}",
        "# TODO: summary: {" + ", ".join(f"{x}: ..." for x in langs) + "}  (one sentence shown in the story picker)",
        f"start: {ids[story.start]}",
        "",
        "characters:",
        "  contact:  # TODO: who writes or calls? role: scammer | family | friend | official | employer | stranger | other",
        f"    name: {{{lang}: {_q('Contact')}}}",
        "    role: other",
        "",
        "steps:",
    ]
    for p in steps:
        channel = next((CHANNEL_TAGS[t.lower()] for t in p.tags if t.lower() in CHANNEL_TAGS), "chat")
        out.append(f"  {ids[p.name]}:  # Twee passage '{p.name}'")
        out.append(f"    channel: {channel}")
        if channel != "narration":
            out.append("    from: contact")
        out.append(f"    text: {{{lang}: {_q(p.text or p.name)}}}")
        out.append("    # TODO: tactic: an id from scenarios/tactics.yaml, or genuine: true for a real, harmless message")
        out.append("    choices:")
        for link in p.links:
            target = ids.get(link.target) or slug(link.target, step_ids)
            out.append(f"      - text: {{{lang}: {_q(link.text)}}}")
            out.append(f"        next: {target}")
            out.append("        safety: TODO  # safe | neutral | risky | unsafe")
            out.append("        # TODO: feedback: {...}  one or two calm sentences: why this reply is safe or not")
    if not steps:
        out.append("  {}  # TODO: the draft has no passage with links: add at least one step")
    out.append("")
    out.append("endings:")
    for p in endings:
        out.append(f"  {ids[p.name]}:  # Twee passage '{p.name}'")
        out.append("    outcome: TODO  # safe | rescued | harmed")
        out.append(f"    title: {{{lang}: {_q(p.name)}}}")
        out.append(f"    text: {{{lang}: {_q(p.text or p.name)}}}")
    return "\n".join(out) + "\n"
