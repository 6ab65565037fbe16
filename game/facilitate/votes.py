"""The room's vote: which question is up, who has voted what, and the counts.

Pure Python and thread-safe (the vote server calls it from many threads while the
projector reads it). What it keeps about a participant is the least a vote needs: a
random device token the phone made up itself, and only for the question in progress;
when the next question opens, the tokens are gone and only the counts remain.

Rules (from classroom polling practice, see DESIGN.md "Room voting"):
- one vote per device per question; a device may change its vote until the reveal;
- participants never see counts before the trainer reveals them (no herd voting);
- no speed scoring: when a vote came in does not matter.

Raised hands: the trainer's counts of raised hands are kept apart from the phone
votes and ADDED to them. A room is often mixed (some phones, some hands); adding
loses neither, and a room without the vote server is simply phones = 0. The trainer
asks for hands from those who did not vote by phone; the projector shows both parts.
Setting the hands again replaces the previous hand count (a recount), never the phones.
"""

from __future__ import annotations

import re
import secrets
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# No 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B: a code read off a projector from the back row.
CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
CODE_LENGTH = 4

# Device tokens are made by the page (random, kept in the phone's localStorage).
DEVICE_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")

MAX_CHOICES = 12
MAX_DEVICES_PER_STEP = 5000  # bounds memory whatever a misbehaving client sends
MAX_HANDS = 10_000

WAITING = "waiting"  # no question yet, or between questions
OPEN = "open"
CLOSED = "closed"  # voting stopped, results not yet shown
REVEALED = "revealed"


def new_room_code(length: int = CODE_LENGTH) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalise_code(text: str) -> str:
    """What a participant typed, as the room code it means (case and spaces do not matter)."""
    return "".join(text.split()).upper()


class VoteError(Exception):
    """A vote that cannot be taken. `status` is the HTTP status the server answers with."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class PhonesAndHands:
    """The votes per choice of anything that keeps phone votes and raised hands apart (a tally, a round)."""

    phones: tuple[int, ...]
    hands: tuple[int, ...]

    @property
    def counts(self) -> tuple[int, ...]:
        return tuple(p + h for p, h in zip(self.phones, self.hands, strict=True))

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Tally(PhonesAndHands):
    """The counts of one question. `leaders` are every choice with the highest count."""

    seq: int
    phones: tuple[int, ...]
    hands: tuple[int, ...]

    @property
    def leaders(self) -> tuple[int, ...]:
        counts = self.counts
        if not counts or max(counts) == 0:
            return ()
        top = max(counts)
        return tuple(i for i, c in enumerate(counts) if c == top)

    @property
    def tied(self) -> bool:
        """Two or more choices share the highest count: the trainer should decide."""
        return len(self.leaders) > 1

    @property
    def majority(self) -> int | None:
        """The room's choice: the one with most votes; on a tie the lowest index (check `tied`); None without votes."""
        leaders = self.leaders
        return leaders[0] if leaders else None


@dataclass(frozen=True)
class Question:
    seq: int  # 1, 2, 3, ... for each question opened in this room (a cancelled one too): what a vote names
    step_id: str
    choices: tuple[str, ...]  # labels in the session's language
    number: int = 0  # what the phone shows as "Question n": the projector's decision number (0: seq)
    # the same labels in each language the story speaks, so a phone set to its own language shows its own words
    choices_in: dict[str, tuple[str, ...]] = field(default_factory=dict)


class VoteRoom:
    """One room's vote state. Every method is safe to call from any thread."""

    def __init__(self, code: str | None = None, lang: str = "vi") -> None:
        self.code = normalise_code(code) if code else new_room_code()
        self.lang = lang
        self._lock = threading.Lock()
        self._question: Question | None = None
        self._status = WAITING
        self._votes: dict[str, int] = {}  # device token -> choice index, current question only
        self._hands: list[int] = []
        self._seq = 0

    # -- the trainer's side -------------------------------------------------------------

    def open_step(
        self,
        step_id: str,
        choices: list[str] | tuple[str, ...],
        number: int = 0,
        choices_in: Mapping[str, Sequence[str]] | None = None,
    ) -> int:
        """Put a new question up and open the vote on it; returns its sequence number.

        `number` is what phones show as the question's number (the projector's decision
        number, which a cancelled vote does not move on); without it, the sequence number.
        """
        labels = tuple(str(c) for c in choices)
        if not 1 <= len(labels) <= MAX_CHOICES:
            raise ValueError(f"a question needs 1 to {MAX_CHOICES} choices, not {len(labels)}")
        by_lang = {lang: tuple(str(c) for c in cs) for lang, cs in (choices_in or {}).items() if len(cs) == len(labels)}
        with self._lock:
            self._seq += 1
            self._question = Question(self._seq, step_id, labels, number or self._seq, by_lang)
            self._votes = {}  # the previous question's devices are forgotten
            self._hands = [0] * len(labels)
            self._status = OPEN
            return self._seq

    def reopen(self) -> None:
        """Open the current question again (the trainer closed it too early); keeps the votes."""
        with self._lock:
            if self._question is not None and self._status == CLOSED:
                self._status = OPEN

    def close(self) -> None:
        """Stop taking votes on the current question (results stay hidden)."""
        with self._lock:
            if self._status == OPEN:
                self._status = CLOSED

    def reveal(self) -> Tally:
        """Stop the vote if it is still open and show the results to everyone."""
        with self._lock:
            if self._question is not None:
                self._status = REVEALED
            return self._tally_locked()

    def clear(self) -> None:
        """No question up: participants see 'waiting for the next question'."""
        with self._lock:
            self._question = None
            self._votes = {}
            self._hands = []
            self._status = WAITING

    def set_hands(self, counts: list[int] | tuple[int, ...]) -> Tally:
        """The trainer's count of raised hands per choice (replaces the previous hand count)."""
        with self._lock:
            if self._question is None:
                raise VoteError(409, "no_question", "there is no question to count hands for")
            if len(counts) != len(self._question.choices):
                raise ValueError(f"expected {len(self._question.choices)} counts, got {len(counts)}")
            clean = []
            for n in counts:
                if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= MAX_HANDS:
                    raise ValueError(f"a hand count must be a whole number from 0 to {MAX_HANDS}")
                clean.append(n)
            self._hands = clean
            return self._tally_locked()

    def add_hand(self, choice: int, delta: int = 1) -> Tally:
        """One more (or, with delta=-1, one fewer) raised hand for a choice; never below zero."""
        with self._lock:
            if self._question is None:
                raise VoteError(409, "no_question", "there is no question to count hands for")
            if not 0 <= choice < len(self._hands):
                raise ValueError(f"there is no choice {choice + 1}")
            self._hands[choice] = min(MAX_HANDS, max(0, self._hands[choice] + delta))
            return self._tally_locked()

    # -- reading ------------------------------------------------------------------------

    @property
    def status(self) -> str:
        with self._lock:
            return self._status

    @property
    def question(self) -> Question | None:
        with self._lock:
            return self._question

    def tally(self) -> Tally:
        """The counts now (for the trainer's screen; participants get them only after the reveal)."""
        with self._lock:
            return self._tally_locked()

    def _tally_locked(self) -> Tally:
        q = self._question
        if q is None:
            return Tally(self._seq, (), ())
        phones = [0] * len(q.choices)
        for choice in self._votes.values():
            phones[choice] += 1
        return Tally(q.seq, tuple(phones), tuple(self._hands))

    def public_state(self, device: str | None = None) -> dict:
        """What a participant's phone may know: never the counts before the reveal."""
        with self._lock:
            q = self._question
            state: dict = {
                "room": self.code,
                "lang": self.lang,
                "status": self._status,
                "step": 0,
                "number": 0,
                "choices": [],
                "vote": None,
            }
            if q is None:
                return state
            state["step"] = q.seq
            state["number"] = q.number
            state["choices"] = list(q.choices)
            if q.choices_in:
                state["choices_in"] = {lang: list(cs) for lang, cs in q.choices_in.items()}
            if device is not None:
                state["vote"] = self._votes.get(device)
            if self._status == REVEALED:
                tally = self._tally_locked()
                state["counts"] = list(tally.counts)
                state["majority"] = tally.majority
                state["tied"] = tally.tied
            return state

    # -- the participants' side ---------------------------------------------------------

    def vote(self, step: int, choice: int, device: str) -> int:
        """Take (or change) one device's vote on the open question. Raises VoteError, changing nothing."""
        if not isinstance(device, str) or not DEVICE_RE.match(device):
            raise VoteError(400, "bad_device", "the device token must be 8 to 64 letters, digits, '-' or '_'")
        if isinstance(step, bool) or not isinstance(step, int):
            raise VoteError(400, "bad_step", "'step' must be a whole number")
        if isinstance(choice, bool) or not isinstance(choice, int):
            raise VoteError(400, "bad_choice", "'choice' must be a whole number")
        with self._lock:
            q = self._question
            if q is None or step != q.seq:
                raise VoteError(409, "old_step", "this question is no longer up; reload to see the current one")
            if self._status != OPEN:
                raise VoteError(409, "closed", "voting on this question is closed")
            if not 0 <= choice < len(q.choices):
                raise VoteError(400, "unknown_choice", f"there is no choice {choice} (choices are 0 to {len(q.choices) - 1})")
            if device not in self._votes and len(self._votes) >= MAX_DEVICES_PER_STEP:
                raise VoteError(429, "room_full", "this question has taken as many phone votes as it can")
            self._votes[device] = choice
            return q.seq
