"""The facilitator's session: one story played by a whole room, step by step, without a window.

It sits on game/session.py's Session (mode "facilitate", which the play record marks as
a group play) and a VoteRoom, and walks each decision through the same phases:

    message  -> open_vote() -> voting -> close_vote() -> closed -> reveal() -> revealed
             -> advance([override]) -> the next step's message (or finished)

The story goes on with the room's majority, or with the reply the trainer picks
(`advance(override)`), e.g. to break a tie or to show the risky branch. A step with
one reply only is not voted on: advance() continues. At the end, `summary()` gives,
for each decision, the room's choice and its counts against the safe reply, and the
tactics met; the caller renders it (game/facilitate/summary.py writes it as CSV and PNG).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from ..core import model as m
from ..core.debrief import TacticCard, summary_lines, tactic_card
from ..core.playthrough import Made
from ..session import Recorder, Session
from .votes import PhonesAndHands, Tally, VoteRoom

MESSAGE = "message"  # the step is on screen, no vote yet
VOTING = "voting"
CLOSED = "closed"  # votes stopped, results hidden
REVEALED = "revealed"
FINISHED = "finished"


class FacilitateError(Exception):
    """A trainer action that does not fit the phase (the projector shows why)."""


@dataclass(frozen=True)
class Round(PhonesAndHands):
    """One decision the room took."""

    n: int  # 1, 2, 3, ... decisions in this session
    step_id: str
    tactic: str | None
    genuine: bool
    choices: tuple[str, ...]  # the replies offered, in the session's language
    safety: tuple[str, ...]
    phones: tuple[int, ...]
    hands: tuple[int, ...]
    room_choice: int | None  # the majority (lowest index on a tie); None without votes
    tied: bool
    played: int  # the reply the story went on with
    overridden: bool  # the trainer played something other than the majority

    @property
    def safe_choices(self) -> tuple[int, ...]:
        return tuple(i for i, s in enumerate(self.safety) if s == "safe")

    @property
    def room_was_safe(self) -> bool | None:
        return None if self.room_choice is None else self.safety[self.room_choice] == "safe"


@dataclass(frozen=True)
class GroupSummary:
    scenario_id: str
    title: str
    lang: str
    rounds: tuple[Round, ...]
    tactics_met: tuple[TacticCard, ...]
    outcome: str  # safe | rescued | harmed | abandoned
    ending_title: str
    messages: dict[str, str]  # step id -> what was said (for the summary table)
    tactic_names: dict[str, str]  # tactic id -> its name in the session's language
    verdict: tuple[str, ...] = ()  # the room's verdict, counts, score and badges (core.debrief.summary_lines)

    @property
    def voted_rounds(self) -> tuple[Round, ...]:
        return tuple(r for r in self.rounds if r.room_choice is not None)

    @property
    def room_safe(self) -> int:
        return sum(1 for r in self.voted_rounds if r.room_was_safe)


class FacilitatedSession:
    """The trainer's play of one scenario with one room. Not thread-safe: the projector's loop drives it."""

    def __init__(
        self,
        scenario: m.Scenario,
        catalogue: m.Catalogue,
        lang: str,
        recorder: Recorder | None = None,
        room: VoteRoom | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.session = Session(scenario, catalogue, lang, "facilitate", recorder, clock=clock)
        self.lang = self.session.lang
        self.room = room or VoteRoom(lang=self.lang)
        self.room.lang = self.lang
        self.rounds: list[Round] = []
        self.phase = FINISHED if self.session.finished else MESSAGE

    # -- what is on screen ------------------------------------------------------------------

    @property
    def scenario(self) -> m.Scenario:
        return self.session.scenario

    @property
    def step(self) -> m.Step | None:
        return self.session.play.step

    @property
    def ending(self) -> m.Ending | None:
        return self.session.play.ending

    @property
    def choices(self) -> list[m.Choice]:
        """The replies offered now, in this play's shuffled order: the projector and every phone show this list."""
        return self.session.shown_choices()

    @property
    def labels(self) -> list[str]:
        return [c.text.get(self.lang) for c in self.choices]

    @property
    def needs_vote(self) -> bool:
        return len(self.choices) >= 2

    @property
    def finished(self) -> bool:
        return self.phase == FINISHED

    def tactic_card(self) -> TacticCard | None:
        """The tactic behind this step, for the card after the reveal (None on genuine or neutral steps)."""
        step = self.step
        if step is None or step.genuine:
            return None
        return tactic_card(self.session.catalogue, step.tactic, self.lang)

    def discussion(self) -> str:
        step = self.step
        return step.discussion.get(self.lang) if step is not None and step.discussion else ""

    def tally(self) -> Tally:
        """The counts of the current vote (for the trainer's screen)."""
        return self.room.tally()

    # -- the trainer's actions --------------------------------------------------------------

    def open_vote(self) -> int:
        """Put the replies up for the room (phones and hands) and open the vote."""
        self._need(MESSAGE, "open the vote")
        if not self.needs_vote:
            raise FacilitateError("this step has a single reply: continue instead of voting")
        assert self.step is not None
        seq = self.room.open_step(
            self.step.id,
            self.labels,
            number=len(self.rounds) + 1,  # phones show the projector's number
            choices_in={lang: [c.text.get(lang) for c in self.choices] for lang in self.scenario.languages},
        )
        self.phase = VOTING
        return seq

    def cancel_vote(self) -> None:
        """Take the question back (opened by mistake, or to reread the message): its votes are dropped."""
        self._need((VOTING, CLOSED), "cancel the vote")
        self.room.clear()
        self.phase = MESSAGE

    def close_vote(self) -> None:
        self._need(VOTING, "close the vote")
        self.room.close()
        self.phase = CLOSED

    def reopen_vote(self) -> None:
        self._need(CLOSED, "reopen the vote")
        self.room.reopen()
        self.phase = VOTING

    def set_hands(self, counts: list[int]) -> Tally:
        """The raised hands per reply (added to the phone votes; a new count replaces the last)."""
        self._need((VOTING, CLOSED, REVEALED), "count hands")
        return self.room.set_hands(counts)

    def add_hand(self, choice: int, delta: int = 1) -> Tally:
        self._need((VOTING, CLOSED, REVEALED), "count hands")
        return self.room.add_hand(choice, delta)

    def reveal(self) -> Tally:
        """Show the results to the room (and to the phones)."""
        self._need((VOTING, CLOSED, REVEALED), "reveal the results")
        tally = self.room.reveal()
        self.phase = REVEALED
        return tally

    def advance(self, override: int | None = None) -> Made:
        """Go on with the room's majority, or with `override` (a position in `choices`) if the trainer picks."""
        if self.phase == FINISHED:
            raise FacilitateError("the story is over")
        choices = self.choices
        if not self.needs_vote:
            made = self.session.choose(0)
            self._after_step()
            return made
        if override is not None and not 0 <= override < len(choices):
            raise FacilitateError(f"there is no reply {override + 1} here (there are {len(choices)})")
        if self.phase == MESSAGE:
            if override is None:
                raise FacilitateError("open the vote first, or pick the reply for the room")
            tally = Tally(0, (0,) * len(choices), (0,) * len(choices))  # the trainer decided without a vote
        else:
            tally = self.room.tally()
        majority = tally.majority
        if override is None and majority is None:
            raise FacilitateError("nobody has voted yet: count hands or pick the reply for the room")
        if self.phase != MESSAGE:
            tally = self.room.reveal()  # going on shows the results, if the trainer has not yet
            majority = tally.majority
        played = override if override is not None else majority
        assert played is not None and self.step is not None
        step = self.step
        self.rounds.append(
            Round(
                n=len(self.rounds) + 1,
                step_id=step.id,
                tactic=step.tactic,
                genuine=step.genuine,
                choices=tuple(self.labels),
                safety=tuple(c.safety for c in choices),
                phones=tally.phones,
                hands=tally.hands,
                room_choice=majority,
                tied=tally.tied,
                played=played,
                overridden=majority is None or played != majority,
            )
        )
        made = self.session.choose(played)
        self._after_step()
        return made

    def end(self) -> None:
        """End the session (finished, or abandoned if the story did not reach an ending)."""
        self.room.clear()
        self.session.close()
        self.phase = FINISHED

    def _after_step(self) -> None:
        self.room.clear()  # phones: "waiting for the next question"
        if self.session.finished:
            self.phase = FINISHED  # Session.choose has closed the play in the record
        else:
            self.phase = MESSAGE

    def _need(self, phases: str | tuple[str, ...], action: str) -> None:
        wanted = (phases,) if isinstance(phases, str) else phases
        if self.phase not in wanted:
            raise FacilitateError(f"cannot {action} now (the session is at '{self.phase}')")

    # -- the end ----------------------------------------------------------------------------

    def summary(self) -> GroupSummary:
        debrief = self.session.debrief()
        lang = self.lang
        catalogue = self.session.catalogue
        messages = {r.step_id: self.scenario.steps[r.step_id].text.get(lang) for r in self.rounds}
        names = {r.tactic: catalogue[r.tactic].name.get(lang) for r in self.rounds if r.tactic and r.tactic in catalogue}
        return GroupSummary(
            scenario_id=self.scenario.id,
            title=debrief.title,
            lang=lang,
            rounds=tuple(self.rounds),
            tactics_met=debrief.summary.tactics_met,
            outcome=debrief.summary.outcome,
            ending_title=debrief.summary.ending_title,
            messages=messages,
            tactic_names=names,
            verdict=tuple(summary_lines(debrief.summary, lang)),
        )
