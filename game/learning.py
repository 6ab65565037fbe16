"""The practice round and the before/after measure around one play: what to draw, what to record.

Every front end runs them through a `Learning`: four measure items before the story
(when the measure is on), the practice round after the debrief (items of the story's
tactics plus others; the first mistake comes back once as its sibling), then the four
matched measure items. Draws come from one random generator, seeded from `--seed` when
given, so a test or a screenshot sees the same items every time.

Answers are recorded in the play record's `answers` table under the play's random id;
the "before" answers, given before the play has an id, wait until it has one.
"""

from __future__ import annotations

import logging
import random
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .core import practice as pr

log = logging.getLogger(__name__)

# Items in the practice round per mode (the kiosk's round fits in about a minute, the
# returning item included: `LIMITS`), and whether the measure is on by default.
ROUND_SIZE = {"classroom": 6, "text": 6, "kiosk": 2, "facilitate": 4}
LIMITS = {"kiosk": 2}
MEASURE_DEFAULT = {"classroom": True, "text": True, "kiosk": False, "facilitate": True}


@dataclass(frozen=True)
class AnswerRecord:
    """One judgement as the record keeps it: item ids and verdicts, nothing about the person."""

    play_id: str
    phase: str  # before | practice | after
    seq: int
    item: str
    genuine: bool
    family: str
    tactic: str | None
    said: str  # real | scam
    correct: bool
    tell: bool | None  # a scam called a scam with the tell asked for: was the right part tapped?
    seconds: float
    returning: bool


def record_of(play_id: str, a: pr.Answer) -> AnswerRecord:
    return AnswerRecord(
        play_id=play_id,
        phase=a.phase,
        seq=a.seq,
        item=a.item,
        genuine=a.genuine,
        family=a.family,
        tactic=a.tactic,
        said="scam" if a.said_scam else "real",
        correct=a.correct,
        tell=a.tell_right,
        seconds=a.seconds,
        returning=a.returning,
    )


def rng_for(seed: int | str | None) -> random.Random:
    """A generator of its own for practice draws: seeded when the play is, else fresh."""
    return random.Random(f"practice:{seed}" if seed is not None else secrets.randbits(64))


class Learning:
    def __init__(
        self,
        pool: pr.Pool,
        lang: str,
        mode: str,
        measure: bool | None = None,
        seed: int | str | None = None,
        clock: Callable[[], float] = time.monotonic,
        round_size: int | None = None,
    ) -> None:
        self.pool = pool
        self.lang = lang
        self.mode = mode
        self.clock = clock
        self.rng = rng_for(seed)
        self.round_size = round_size if round_size is not None else ROUND_SIZE.get(mode, 6)
        wanted = MEASURE_DEFAULT.get(mode, False) if measure is None else measure
        self.measure: pr.Measure | None = pr.draw_measure(pool, self.rng) if wanted and len(pool) else None
        if wanted and not len(pool):
            log.info("before/after measure skipped: no practice items")
        self.play_id: str | None = None
        self.recorder = None
        self._pending: list[pr.Answer] = []
        self.rounds: dict[str, pr.Round] = {}

    # -- the three rounds --------------------------------------------------------------

    def before_round(self) -> pr.Round | None:
        if self.measure is None:
            return None
        return self._round("before", list(self.measure.before), teach=False)

    def practice_round(self, story_tactics: Iterable[str] = ()) -> pr.Round | None:
        exclude = self.measure.used if self.measure else set()
        items = pr.draw_round(self.pool, self.rng, self.round_size, story_tactics, exclude)
        if not items:
            return None
        return self._round("practice", items, teach=True, limit=LIMITS.get(self.mode))

    def after_round(self) -> pr.Round | None:
        if self.measure is None or "before" not in self.rounds or not self.rounds["before"].done:
            return None  # no before answers, nothing to compare with
        if "after" in self.rounds:
            return None  # asked once: a replay of the story does not measure again
        return self._round("after", list(self.measure.after), teach=False)

    def _round(self, phase: str, items: list[pr.PracticeItem], teach: bool, limit: int | None = None) -> pr.Round:
        rnd = pr.Round(items, self.pool, phase, teach, lang=self.lang, clock=self.clock, limit=limit, on_answer=self._answered)
        self.rounds[phase] = rnd
        return rnd

    # -- recording ---------------------------------------------------------------------

    def attach(self, play_id: str, recorder) -> None:
        """The play has started: its id links the answers; those given before it are written now."""
        self.play_id = play_id
        self.recorder = recorder
        pending, self._pending = self._pending, []
        for answer in pending:
            self._write(answer)

    def _answered(self, answer: pr.Answer) -> None:
        if self.play_id is None:
            self._pending.append(answer)
        else:
            self._write(answer)

    def _write(self, answer: pr.Answer) -> None:
        write = getattr(self.recorder, "record_answer", None)  # a recorder from before answers existed records none
        if write is None or self.play_id is None:
            return
        try:
            write(record_of(self.play_id, answer))
        except Exception:  # noqa: BLE001 - the record must never stop a play
            log.exception("an answer could not be recorded; the play goes on")


def story_tactics(session) -> list[str]:
    """The tactics of the story just played: the ones the player met first, then the rest of the story's."""
    met = []
    for made in session.play.history:
        step = session.scenario.steps.get(made.step)
        if step is not None and step.tactic:
            met.append(step.tactic)
    rest = [s.tactic for s in session.scenario.steps.values() if s.tactic]
    return list(dict.fromkeys([*met, *rest]))


def new_learning(session_mode: str, lang: str, catalogue, measure: bool | None = None, seed=None, clock=time.monotonic) -> Learning:
    """A Learning on the shipped practice pool (read once per process)."""
    return Learning(shipped_pool(catalogue), lang, session_mode, measure=measure, seed=seed, clock=clock)


_POOL: dict[int, pr.Pool] = {}


def shipped_pool(catalogue) -> pr.Pool:
    key = id(catalogue)
    if key not in _POOL:
        _POOL.clear()
        _POOL[key] = pr.load_default_pool(catalogue)
    return _POOL[key]


def added_seconds(pool: pr.Pool, lang: str, mode: str, catalogue) -> dict[str, float]:
    """How long the practice round and the measure add to a play in this mode (reading at 200 wpm plus taps).

    The round counts its items plus the returning one where the round has room for it;
    the measure counts its eight items and its two short intros.
    """
    from .core.strings import ui

    prompts = {k: ui(k, lang) for k in ("ask_verdict", "ask_tell", "right_scam", "right_real")}
    each = pr.estimate_seconds(pool, lang, catalogue, prompts)
    size = ROUND_SIZE.get(mode, 6)
    items = size if mode in LIMITS else size + 1
    intro = len(ui("practice_intro", lang).split()) / pr.READING_WPM * 60
    measure_intro = sum(len(ui(k, lang).split()) for k in ("before_intro", "after_intro", "measure_thanks")) / pr.READING_WPM * 60
    return {
        "practice": intro + items * each["practice_item"] + pr.TAP_SECONDS,
        "measure": measure_intro + 2 * pr.MEASURE_SIZE * each["measure_item"] + pr.TAP_SECONDS,
    }
