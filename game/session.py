"""One play as the front ends drive it: the playthrough, the play record, the debrief.

Every front end (terminal, pygame classroom, kiosk, facilitator) plays through a
Session, so each play is recorded the same way. The recorder is passed in: a session
never reaches for a global store, and a failing recorder never stops the play.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from .core import model as m
from .core.debrief import Debrief, build_debrief
from .core.playthrough import Made, PlayError, Playthrough
from .core.shuffle import ORDERING, seed_base, shuffled

log = logging.getLogger(__name__)

# The funnel stage a choice shows (CONTENT_BRIEF: found it plausible -> engaged -> complied).
FUNNEL = {"safe": "resisted", "neutral": "plausible", "risky": "engaged", "unsafe": "complied"}


@dataclass(frozen=True)
class ChoiceRecord:
    """What the play record keeps of one decision: nothing about the person, no free text."""

    play_id: str
    seq: int
    step: str
    tactic: str | None
    genuine: bool
    safety: str
    funnel: str
    seconds: float
    decision: bool
    choice: int = -1  # the reply's index in the step (its place in the file)
    shown: tuple[int, ...] = ()  # the step's reply indexes in the order the player saw them
    false_alarm: bool = False  # the reply treats a real message as a scam


class Recorder(Protocol):
    def start_play(self, play_id: str, mode: str, lang: str, scenario_id: str) -> None: ...

    def record_choice(self, choice: ChoiceRecord) -> None: ...

    def finish_play(self, play_id: str, outcome: str, abandoned: bool) -> None: ...


class NullRecorder:
    """Records nothing (used when no record store is wanted, e.g. screenshots)."""

    def start_play(self, play_id: str, mode: str, lang: str, scenario_id: str) -> None:
        pass

    def record_choice(self, choice: ChoiceRecord) -> None:
        pass

    def finish_play(self, play_id: str, outcome: str, abandoned: bool) -> None:
        pass


def new_play_id() -> str:
    """A random id for one play: it links the play's choices and nothing else."""
    return secrets.token_hex(8)


class Session:
    def __init__(
        self,
        scenario: m.Scenario,
        catalogue: m.Catalogue,
        lang: str,
        mode: str,
        recorder: Recorder | None = None,
        clock: Callable[[], float] = time.monotonic,
        seed: int | None = None,
        shuffle: bool | None = None,
    ) -> None:
        self.scenario = scenario
        self.catalogue = catalogue
        self.lang = lang if lang in scenario.languages else scenario.languages[0]
        self.mode = mode
        self.recorder = recorder or NullRecorder()
        self.play = Playthrough(scenario, clock=clock)
        self.play_id = new_play_id()
        self.closed = False
        # Replies are shown shuffled, drawn from the play's id unless a seed is given (core/shuffle.py).
        self.shuffle = ORDERING.enabled if shuffle is None else shuffle
        self.order_base = seed_base(self.play_id, seed)
        self._shown_for: tuple[int, str] | None = None
        self._shown: list[m.Choice] = []
        self._safely(self.recorder.start_play, self.play_id, mode, self.lang, scenario.id)

    def _safely(self, fn, *args) -> None:
        try:
            fn(*args)
        except Exception:  # noqa: BLE001 - the record must never stop a play
            log.exception("play record failed; the play goes on")

    @property
    def finished(self) -> bool:
        return self.play.finished

    def shown_choices(self) -> list[m.Choice]:
        """The replies offered now, in the order this play shows them (every front end draws this list)."""
        key = (len(self.play.history), self.play.current)
        if self._shown_for != key:
            visible = self.play.visible_choices()
            self._shown = shuffled(visible, self.order_base, key[0], key[1]) if self.shuffle else visible
            self._shown_for = key
        return list(self._shown)

    def choose(self, choice: m.Choice | int, seconds: float | None = None) -> Made:
        """Take a reply, given as a Choice or as its position in shown_choices() (what number keys press)."""
        shown = self.shown_choices()
        if isinstance(choice, int):
            if not 0 <= choice < len(shown):
                raise PlayError(f"there is no choice {choice + 1} here (there are {len(shown)})")
            choice = shown[choice]
        made = self.play.choose(choice, seconds, shown=tuple(c.index for c in shown))
        step = self.scenario.steps[made.step]
        picked = step.choices[made.choice]
        record = ChoiceRecord(
            play_id=self.play_id,
            seq=len(self.play.history),
            step=step.id,
            tactic=step.tactic,
            genuine=step.genuine,
            safety=made.safety,
            funnel=FUNNEL[made.safety],
            seconds=made.seconds,
            decision=step.is_decision,
            choice=made.choice,
            shown=made.shown,
            false_alarm=picked.false_alarm and step.genuine,
        )
        self._safely(self.recorder.record_choice, record)
        if self.play.finished:
            self.close()
        return made

    def close(self) -> None:
        """End the play: finished if it reached an ending, otherwise abandoned."""
        if self.closed:
            return
        self.closed = True
        ending = self.play.ending
        outcome = ending.outcome if ending else "abandoned"
        self._safely(self.recorder.finish_play, self.play_id, outcome, ending is None)

    def debrief(self) -> Debrief:
        return build_debrief(self.play, self.catalogue, self.lang)
