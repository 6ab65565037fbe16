"""Practice items: single messages to judge ("real or scam?", then "tap the tell").

Items live in scenarios/practice/*.yaml, each file a list under `items:`. This module
reads them with the scenario loader's helpers (one `Reader` per file, so problems carry
file:line and a hint), checks them (a scam has a tell, the tell is in the text of every
language, the tactic is in the catalogue, ids are unique across the pool, siblings
match), splits a text into numbered parts for "tap the tell", and draws items for the
practice round and the before/after measure. No pygame, no I/O beyond reading files.

The field tables below are the whole format (kept in one place so the story-format
declaration can fold them in).
"""

from __future__ import annotations

import logging
import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import model as m
from . import po
from .diagnostics import Diagnostic, ScenarioError
from .loader import Reader, read_record, translated_languages
from .safeyaml import YList, YMap

log = logging.getLogger(__name__)

# -- the format ----------------------------------------------------------------------

FILE_FIELDS = {"items": True}
ITEM_FIELDS = {
    "id": True,
    "genuine": True,
    "channel": True,
    "from": True,
    "text": True,
    "tactic": False,  # required on a scam: a catalogue id
    "family": False,  # required on a genuine item (the family of scam it resembles); a scam's comes from its tactic
    "tell": False,  # required on a scam: the span of `text` that gives it away, per language
    "feedback": True,
    "sibling": False,  # the id of the matched item: the returning mistake and the before/after pair
    "attachments": False,  # evidence shown with the message, as on a story's step; its tells can be tapped too
}
CHANNELS = ("sms", "chat", "call", "email", "social")
MIN_PARTS = 3  # fewer numbered parts and the tell is a fair guess

PRACTICE_DIR = "practice"  # under scenarios/


@dataclass(frozen=True)
class PracticeItem:
    id: str
    genuine: bool
    channel: str
    sender: m.Text
    text: m.Text
    feedback: m.Text
    family: str
    tactic: str | None = None
    tell: m.Text | None = None
    sibling: str | None = None
    path: str = ""
    attachments: tuple[m.Attachment, ...] = ()
    line: int = 0

    def parts(self, lang: str) -> tuple[tuple[str, ...], int | None]:
        """The text split into numbered parts, and the index of the tell's part (None on a genuine item)."""
        tell = self.tell.get(lang) if self.tell is not None else None
        return split_parts(self.text.get(lang), tell)


@dataclass
class Pool:
    items: dict[str, PracticeItem] = field(default_factory=dict)
    languages: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.items)

    def sibling_of(self, item: PracticeItem) -> PracticeItem | None:
        return self.items.get(item.sibling) if item.sibling else None

    def pairs(self) -> list[tuple[PracticeItem, PracticeItem]]:
        """Matched pairs (each item the other's sibling, same kind and family), in id order, each once."""
        out = []
        for item in sorted(self.items.values(), key=lambda i: i.id):
            other = self.sibling_of(item)
            if other is not None and other.sibling == item.id and item.id < other.id and _matched(item, other):
                out.append((item, other))
        return out


def _matched(a: PracticeItem, b: PracticeItem) -> bool:
    return a.genuine == b.genuine and a.family == b.family


# -- splitting a text into parts --------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_WORDY = re.compile(r"\w")


def _sentences(text: str) -> list[str]:
    pieces = [p.strip() for p in _SENTENCE_END.split(text)]
    return [p for p in pieces if p]


def split_parts(text: str, tell: str | None) -> tuple[tuple[str, ...], int | None]:
    """Sentences of the text, with the tell as a part of its own.

    A piece with no letter or digit (a full stop left after the tell) joins the part
    before it, so every part is something a player could point at.
    """
    at = text.find(tell) if tell else -1
    if at < 0 or not tell:
        return _joined(_sentences(text), None)
    before, after = _sentences(text[:at]), _sentences(text[at + len(tell) :])
    return _joined([*before, tell.strip(), *after], len(before))


def _joined(pieces: list[str], tell: int | None) -> tuple[tuple[str, ...], int | None]:
    parts: list[str] = []
    index = tell
    for i, piece in enumerate(pieces):
        if parts and not _WORDY.search(piece):
            parts[-1] = parts[-1] + piece
            if tell is not None and i <= tell:
                index = (index or 0) - 1
            continue
        parts.append(piece)
    return tuple(parts), index


# -- reading ---------------------------------------------------------------------------


@dataclass
class PracticeFileReport:
    path: str
    problems: list[Diagnostic] = field(default_factory=list)
    items: int = 0

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def read_items(
    data: Any, filename: str, catalogue: m.Catalogue | None, translations: Mapping[str, Mapping[str, tuple[str, str]]] | None = None
) -> tuple[list[PracticeItem], Reader]:
    """The items of one parsed file (with its PO translations laid over), with every shape problem of it in the reader."""
    r = Reader(filename, translations=translations or {})
    out: list[PracticeItem] = []
    if not isinstance(data, YMap):
        r.report("E103", getattr(data, "line", 1), "a practice file must be a mapping with an 'items:' list")
        return out, r
    r.fields(data, FILE_FIELDS, "practice file")
    raw = data.get("items")
    if raw is not None and not isinstance(raw, YList):
        r.report("E103", data.line_of("items"), "practice file: 'items' must be a list, each item starting with '- '")
        return out, r
    for i, node in enumerate(raw if raw is not None else YList()):
        line = raw.line_of(i) if raw is not None else data.line
        where = f"item {i + 1}"
        if not r.is_mapping(node, line, where):
            continue
        item = _read_item(r, node, where, line, catalogue)
        if item is not None:
            out.append(item)
    return out, r


def _read_item(r: Reader, node: YMap, where: str, line: int, catalogue: m.Catalogue | None) -> PracticeItem | None:
    iid = r.ident(node, "id", where)
    if iid:
        where = f"item '{iid}'"
    r.path = ["items", iid or str(line)]  # an item's texts are translated under its id
    r.fields(node, ITEM_FIELDS, where)
    genuine = r.boolean(node, "genuine", where)
    channel = r.choice_of(node, "channel", where, CHANNELS) or "sms"
    sender = r.text(node, "from", where) or m.Text.plain("")
    text = r.text(node, "text", where) or m.Text.plain("")
    feedback = r.text(node, "feedback", where) or m.Text.plain("")
    tactic = r.ident(node, "tactic", where)
    tell = r.text(node, "tell", where)
    family = r.choice_of(node, "family", where, m.FAMILIES)
    sibling = r.ident(node, "sibling", where)
    attachments = _attachments(r, node, where)

    if genuine:
        if tactic:
            r.report("W303", node.line_of("tactic"), f"{where} is marked genuine but names the tactic '{tactic}'")
        if tell is not None:
            r.report("E101", node.line_of("tell"), f"{where}: a genuine item has no tell; remove 'tell' (or set 'genuine: false')")
        if family is None and "family" not in node:
            r.report("E102", line, f"{where}: 'family' is missing (which family of scam does this real message resemble?)")
    else:
        if tactic is None and "tactic" not in node:
            r.report("E102", line, f"{where}: 'tactic' is missing (which catalogue tactic does this scam use?)")
        elif tactic and catalogue is not None and tactic not in catalogue:
            r.report("E205", node.line_of("tactic"), f"{where}: tactic '{tactic}' is not in the tactic catalogue")
        elif tactic and catalogue is not None:
            own = catalogue[tactic].family
            if family is not None and family != own:
                r.report("E104", node.line_of("family"), f"{where}: 'family' is '{family}' but the tactic '{tactic}' is in '{own}'")
            family = own
        if "tell" not in node:
            r.report("E230", line, f"{where} is a scam with no 'tell'")
        elif tell is not None:
            for lang, span in tell.by_lang.items():
                body = text.by_lang.get(lang) if not text.single else text.get(lang)
                if body is not None and span and span not in body and lang not in r.inline:
                    r.report("W321", node.line_of("tell"), f"{where}: the '{lang}' translation of the tell is not in its translated text")
                    r.dropped.add(lang)
                elif body is not None and span and span not in body:
                    r.report("E231", node.line_of("tell"), f"{where}: the tell {_quote(span)} is not in the item's text in '{lang}'")
            if tell.single and not text.single:
                for lang, body in text.by_lang.items():
                    if tell.get(lang) not in body:
                        r.report("E231", node.line_of("tell"), f"{where}: the tell {_quote(tell.get(lang))} is not in the text in '{lang}'")
    if not iid:
        return None
    return PracticeItem(
        id=iid,
        genuine=genuine,
        channel=channel,
        sender=sender,
        text=text,
        feedback=feedback,
        family=family or "fear",
        tactic=None if genuine else tactic,
        tell=None if genuine else tell,
        sibling=sibling,
        path=r.filename,
        line=line,
        attachments=attachments,
    )


def _attachments(r: Reader, node: YMap, where: str) -> tuple[m.Attachment, ...]:
    """An item's `attachments`, read as a story step's are (same fields, same checks)."""
    raw = node.get("attachments")
    if raw is None:
        return ()
    if not isinstance(raw, YList):
        r.report("E103", node.line_of("attachments"), f"{where}: 'attachments' must be a list, each starting with '- '")
        return ()
    out = []
    for j, a in enumerate(raw):
        at = f"{where} attachment {j + 1}"
        if r.is_mapping(a, raw.line_of(j), at):
            r.path += ("attachments", str(j + 1))
            out.append(read_record(r, a, m.Attachment, at))
            del r.path[-2:]
    return tuple(out)


def _quote(text: str, limit: int = 50) -> str:
    return f"'{text}'" if len(text) <= limit else f"'{text[: limit - 1]}…'"


def practice_files(folder: Path) -> list[Path]:
    return sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]) if folder.is_dir() else []


def load_pool(
    paths: Iterable[Path],
    catalogue: m.Catalogue | None,
    display: Any = str,
) -> tuple[Pool, list[PracticeFileReport]]:
    """Read and check every practice file; the pool holds the items of the files without errors."""
    from .library import _read_bytes
    from .safeyaml import load_yaml

    reports: list[PracticeFileReport] = []
    loaded: list[tuple[PracticeFileReport, list[PracticeItem], Reader]] = []
    for path in paths:
        shown = display(path)
        report = PracticeFileReport(shown)
        reports.append(report)
        try:
            translations, unreadable = po.translations_for(path)
            items, reader = read_items(load_yaml(_read_bytes(path, shown), shown), shown, catalogue, translations)
        except ScenarioError as err:
            report.problems.append(err.diagnostic)
            continue
        report.problems.extend(
            Diagnostic("W320", shown, 0, f"the translation {problem}; practice is offered without that language") for problem in unreadable
        )
        report.problems.extend(reader.problems)
        loaded.append((report, items, reader))

    # Whole-pool checks: one language set, unique ids, siblings that exist and match. The languages
    # written in the files must be complete; a PO language counts when every file has all of it and
    # every tell of it is found in its text.
    inline = sorted({lang for _, _, rd in loaded for lang in rd.inline})
    translated = [set(translated_languages(rd, inline)) - rd.dropped for _, _, rd in loaded]
    langs = inline + sorted(set.intersection(*translated) if translated else set())
    for report, _, reader in loaded:
        for site in reader.texts:
            missing = sorted(set(inline) - site.text.languages) if not site.text.single else []
            if missing:
                report.problems.append(
                    Diagnostic("E207", report.path, site.line, f"{site.where} '{site.key}' has no '{', '.join(missing)}' text")
                )
    seen: dict[str, PracticeItem] = {}
    everything: dict[str, PracticeItem] = {}
    for report, items, _ in loaded:
        for item in items:
            if item.id in seen:
                first = seen[item.id]
                report.problems.append(
                    Diagnostic("E232", report.path, item.line, f"item id '{item.id}' is already used ({first.path}:{first.line})")
                )
                continue
            seen[item.id] = item
            everything[item.id] = item
    for report, items, _ in loaded:
        for item in items:
            if everything.get(item.id) is not item or not item.sibling:
                continue
            other = everything.get(item.sibling)
            if other is None:
                report.problems.append(Diagnostic("E233", report.path, item.line, f"item '{item.id}': sibling '{item.sibling}' is no item"))
            elif other is item:
                report.problems.append(Diagnostic("E233", report.path, item.line, f"item '{item.id}' names itself as its sibling"))
            elif not _matched(item, other):
                report.problems.append(
                    Diagnostic(
                        "E233",
                        report.path,
                        item.line,
                        f"item '{item.id}' ({_kind(item)}) and its sibling '{other.id}' ({_kind(other)}) are not a matched pair",
                    )
                )
            for lang in langs:
                parts, _ = item.parts(lang)
                if len(parts) < MIN_PARTS:
                    report.problems.append(
                        Diagnostic("W330", report.path, item.line, f"item '{item.id}' splits into {len(parts)} part(s) in '{lang}'")
                    )
                    break
    for report, items, _ in loaded:
        report.items = len(items)
    pool = Pool(languages=tuple(langs))
    bad = {r.path for r in reports if not r.ok}
    for item in everything.values():
        if item.path not in bad:
            pool.items[item.id] = item
    return pool, reports


def practice_paths(paths: Iterable[Path]) -> list[Path]:
    """The practice files among the paths `validate` was given.

    A folder holding a practice/ folder (scenarios/) brings its items; a folder named
    practice, or a file inside one, is read as practice items.
    """
    out: list[Path] = []
    for p in paths:
        if p.is_dir() and p.name == PRACTICE_DIR:
            out.extend(practice_files(p))
        elif p.is_dir():
            out.extend(practice_files(p / PRACTICE_DIR))
        elif p.parent.name == PRACTICE_DIR:
            out.append(p)
    return list(dict.fromkeys(out))


def is_practice_path(path: Path) -> bool:
    """A practice file or folder, which `validate` must not read as a story."""
    return path.name == PRACTICE_DIR if path.is_dir() else path.parent.name == PRACTICE_DIR


def validate_practice(paths: Iterable[Path], catalogue: m.Catalogue | None) -> list[PracticeFileReport]:
    from .library import display_path

    files = practice_paths(paths)
    return load_pool(files, catalogue, display_path)[1] if files else []


def _kind(item: PracticeItem) -> str:
    return f"{'genuine' if item.genuine else 'scam'}, {item.family}"


def load_default_pool(catalogue: m.Catalogue | None) -> Pool:
    """The shipped pool (scenarios/practice/); problems are logged, never raised: a play goes on without practice."""
    from .library import SCENARIOS_DIR, display_path

    try:
        pool, reports = load_pool(practice_files(SCENARIOS_DIR / PRACTICE_DIR), catalogue, display_path)
    except Exception:  # noqa: BLE001 - practice is extra; it never stops a play
        log.exception("practice items could not be read")
        return Pool()
    for report in reports:
        for problem in report.problems:
            if problem.is_error:
                log.warning("%s", problem.format())
    return pool


# -- drawing items ---------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """Four items before the story and their four siblings after: the same kinds and families."""

    before: tuple[PracticeItem, ...]
    after: tuple[PracticeItem, ...]

    @property
    def used(self) -> set[str]:
        return {i.id for i in (*self.before, *self.after)}


MEASURE_SIZE = 4


def draw_measure(pool: Pool, rng: random.Random, size: int = MEASURE_SIZE) -> Measure | None:
    """Balanced halves: size/2 scam pairs and size/2 genuine pairs, families spread; None if the pool is too small.

    Which item of a pair comes before is drawn too, so over many plays each item is
    as often a "before" as an "after" item and the halves stay comparable.
    """
    pairs = pool.pairs()
    half = size // 2
    chosen: list[tuple[PracticeItem, PracticeItem]] = []
    for genuine in (False, True):
        kind = [p for p in pairs if p[0].genuine == genuine]
        rng.shuffle(kind)
        picked = _spread(kind, half, lambda p: p[0].family)
        if len(picked) < half:
            log.info(
                "before/after measure skipped: the practice pool has %d matched %s pair(s), %d needed",
                len(kind),
                "genuine" if genuine else "scam",
                half,
            )
            return None
        chosen.extend(picked)
    rng.shuffle(chosen)
    before, after = [], []
    for a, b in chosen:
        first, second = (a, b) if rng.random() < 0.5 else (b, a)
        before.append(first)
        after.append(second)
    return Measure(tuple(before), tuple(after))


def _spread(options: list, n: int, key) -> list:
    """n options, taking one of each key (family) in turn so no family is left out while another repeats."""
    picked: list = []
    left = list(options)
    while left and len(picked) < n:
        have = {key(p) for p in picked}
        fresh = [p for p in left if key(p) not in have] or left
        picked.append(fresh[0])
        left.remove(fresh[0])
    return picked


def draw_round(
    pool: Pool,
    rng: random.Random,
    size: int,
    story_tactics: Iterable[str] = (),
    exclude: Iterable[str] = (),
) -> list[PracticeItem]:
    """`size` items: about 40 % genuine, the scams first of the story's tactics, then others.

    Each item comes from a different pair, and neither it nor its sibling is excluded,
    so the first mistake can come back as a sibling the player has not seen.
    """
    banned = set(exclude)
    free = [i for i in sorted(pool.items.values(), key=lambda i: i.id) if i.id not in banned and (i.sibling or "") not in banned]
    rng.shuffle(free)
    genuine_n = round(size * 0.4) if size > 1 else 0
    tactics = list(dict.fromkeys(story_tactics))
    picked: list[PracticeItem] = []
    taken: set[str] = set()

    def take(item: PracticeItem) -> None:
        picked.append(item)
        taken.update({item.id, item.sibling or item.id})

    scams = [i for i in free if not i.genuine]
    genuine = [i for i in free if i.genuine]
    scam_n = size - genuine_n
    from_story = max(1, (scam_n + 1) // 2) if tactics else 0  # the story's tactics, then others
    for tactic in tactics:
        if len(picked) >= min(from_story, scam_n):
            break
        match = next((i for i in scams if i.tactic == tactic and i.id not in taken), None)
        if match is not None:
            take(match)
    story = set(tactics)
    for i in sorted(scams, key=lambda i: i.tactic in story):  # others first, then more of the story's
        if len(picked) >= scam_n:
            break
        if i.id not in taken and not any(p.tactic == i.tactic for p in picked):
            take(i)
    for i in genuine:
        if len(picked) >= size:
            break
        if i.id not in taken:
            take(i)
    for i in free:  # a small pool: fill with whatever is left
        if len(picked) >= size:
            break
        if i.id not in taken:
            take(i)
    rng.shuffle(picked)
    return picked


# -- one round, as every front end drives it ---------------------------------------------


@dataclass(frozen=True)
class Answer:
    """One judgement: what the record keeps (no free text, nothing about the player)."""

    phase: str  # before | practice | after
    seq: int
    item: str
    genuine: bool
    family: str
    tactic: str | None
    said_scam: bool
    tell_right: bool | None  # a scam called a scam: did the tap land on the tell? otherwise None
    seconds: float
    returning: bool  # the sibling of the first mistake, come back

    @property
    def verdict_right(self) -> bool:
        return self.said_scam != self.genuine

    @property
    def correct(self) -> bool:
        return self.verdict_right and self.tell_right is not False


class Round:
    """A run of items: say real or scam; after "scam", tap the part that gave it away; then feedback.

    `teach` (the practice round): ask for the tell, give feedback, bring the first
    mistake back once as its sibling. Without it (the before/after measure): a verdict
    per item and straight on, no feedback, so the measure teaches nothing itself.
    `limit` caps the items including the returning one (the kiosk's short round).
    """

    def __init__(
        self,
        items: list[PracticeItem],
        pool: Pool,
        phase: str,
        teach: bool,
        lang: str = "en",
        clock: Any = None,
        limit: int | None = None,
        on_answer: Any = None,
    ) -> None:
        import time

        self.queue: list[PracticeItem] = list(items)
        self.pool = pool
        self.phase = phase
        self.teach = teach
        self.lang = lang
        self.limit = limit
        self.clock = clock or time.monotonic
        self.on_answer = on_answer
        self.index = 0
        self.stage = "verdict" if self.queue else "done"  # verdict | tell | feedback | done
        self.answers: list[Answer] = []
        self.returned: str | None = None  # id of the item that came back
        self.return_after: int | None = None  # seq of the answer that brought it back
        self._said_scam = False
        self._returning_index: int | None = None
        self._shown_at = self.clock()
        self.last: Answer | None = None
        self.tapped: int | None = None

    @property
    def item(self) -> PracticeItem | None:
        return self.queue[self.index] if self.index < len(self.queue) else None

    @property
    def total(self) -> int:
        return len(self.queue)

    @property
    def done(self) -> bool:
        return self.stage == "done"

    def say(self, scam: bool) -> None:
        """The player's verdict on the current item."""
        if self.stage != "verdict":
            raise ValueError(f"a verdict is not asked for now (stage {self.stage})")
        self._said_scam = scam
        if scam and self.teach:
            self.stage = "tell"
            return
        self._answer(None)

    def tap(self, part: int) -> None:
        """The part the player says gave it away (0-based)."""
        if self.stage != "tell":
            raise ValueError(f"a tap on the text is not asked for now (stage {self.stage})")
        self.tapped = part
        self._answer(part)

    def next(self) -> None:
        """On from the feedback to the next item (or the end)."""
        if self.stage != "feedback":
            raise ValueError(f"there is no feedback to leave (stage {self.stage})")
        self._advance()

    def _answer(self, part: int | None) -> None:
        item = self.item
        assert item is not None
        seconds = max(0.0, self.clock() - self._shown_at)
        tell_right: bool | None = None
        if self._said_scam and not item.genuine and part is not None:
            _, tell_at = item.parts(self.lang)
            tell_right = part == tell_at
        answer = Answer(
            phase=self.phase,
            seq=len(self.answers) + 1,
            item=item.id,
            genuine=item.genuine,
            family=item.family,
            tactic=item.tactic,
            said_scam=self._said_scam,
            tell_right=tell_right,
            seconds=round(seconds, 2),
            returning=self._returning_index == self.index,
        )
        self.answers.append(answer)
        self.last = answer
        if self.on_answer is not None:
            self.on_answer(answer)
        if self.teach:
            if not answer.correct and self.returned is None:
                self._bring_back(item)
                if self.returned is not None:
                    self.return_after = answer.seq
            self.stage = "feedback"
        else:
            self._advance()

    def _bring_back(self, item: PracticeItem) -> None:
        sibling = self.pool.sibling_of(item)
        if sibling is None or any(q.id == sibling.id for q in self.queue):
            return
        if self.limit is None or len(self.queue) < self.limit:
            self.queue.append(sibling)
        elif self.index < len(self.queue) - 1:
            self.queue[-1] = sibling  # a capped round: the sibling takes the last place
        else:
            return
        self.returned = sibling.id
        self._returning_index = len(self.queue) - 1

    def _advance(self) -> None:
        self.index += 1
        self.tapped = None
        self.stage = "verdict" if self.index < len(self.queue) else "done"
        self._shown_at = self.clock()

    # -- what a front end shows ------------------------------------------------------------

    def score(self) -> tuple[int, int]:
        """Items judged right (verdict and, for a scam, the tell) out of items answered."""
        return sum(a.correct for a in self.answers), len(self.answers)


# -- how long it takes ------------------------------------------------------------------

READING_WPM = 200  # words a minute
TAP_SECONDS = 1.5  # to decide and tap once


def _words(text: str) -> int:
    return len(text.split())


def estimate_seconds(pool: Pool, lang: str, catalogue: m.Catalogue, prompts: dict[str, str]) -> dict[str, float]:
    """Seconds for one practice item and one measure item, averaged over the pool: words at 200 wpm plus taps.

    A practice item: the message and the question, then for a scam (called one) the
    question for the tell and a skim of the parts (half the message again) and the
    tactic's name, then the verdict line and the feedback; taps: the verdict, the part
    for a scam, Next. A measure item: the message and the question, one tap.
    `prompts` holds the interface lines (ask_verdict, ask_tell, right_scam, right_real).
    """
    items = list(pool.items.values())
    if not items:
        return {"practice_item": 0.0, "measure_item": 0.0}
    text = sum(_words(i.text.get(lang)) for i in items) / len(items)
    feedback = sum(_words(i.feedback.get(lang)) for i in items) / len(items)
    scams = [i for i in items if not i.genuine and i.tactic in catalogue]
    share = len(scams) / len(items)
    names = [catalogue[i.tactic].name.get(lang) for i in scams if i.tactic is not None]
    tactic = sum(_words(name) for name in names) / max(1, len(names))
    ask, tell = _words(prompts["ask_verdict"]), _words(prompts["ask_tell"])
    verdict = (_words(prompts["right_scam"]) + _words(prompts["right_real"])) / 2
    practice_words = text + ask + share * (tell + text / 2 + tactic) + verdict + feedback
    return {
        "practice_item": practice_words / READING_WPM * 60 + (2 + share) * TAP_SECONDS,
        "measure_item": (text + ask) / READING_WPM * 60 + TAP_SECONDS,
    }
