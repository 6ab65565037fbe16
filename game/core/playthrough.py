"""The playthrough state machine: where the player is, what they may choose, what they chose.

Front ends ask it for the visible choices and hand back the player's pick; it alone
decides where the story goes. Its state is a small versioned JSON document (never
pickle), so a kiosk that crashes mid-play can pick up where it was.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from . import model as m

SAVE_VERSION = 1


class PlayError(Exception):
    """A choice or a saved state that does not fit the scenario."""


@dataclass(frozen=True)
class Made:
    """One decision: at which step, which choice (by its index in the step), how long it took."""

    step: str
    choice: int
    safety: str
    seconds: float
    shown: tuple[int, ...] = ()  # the step's choice indexes in the order the player saw them ((): the file's)

    @property
    def position(self) -> int:
        """Where the chosen reply stood in the list the player saw (0-based)."""
        return self.shown.index(self.choice) if self.choice in self.shown else self.choice


@dataclass
class Playthrough:
    scenario: m.Scenario
    clock: Callable[[], float] = time.monotonic
    current: str = ""
    flags: set[str] = field(default_factory=set)
    history: list[Made] = field(default_factory=list)
    _shown_at: float = 0.0

    def __post_init__(self) -> None:
        if not self.current:
            self.current = self.scenario.start
        self._shown_at = self.clock()

    # -- where we are ----------------------------------------------------------------

    @property
    def finished(self) -> bool:
        return self.current in self.scenario.endings

    @property
    def step(self) -> m.Step | None:
        return self.scenario.steps.get(self.current)

    @property
    def ending(self) -> m.Ending | None:
        return self.scenario.endings.get(self.current)

    @property
    def phone_time(self) -> str:
        """The time the phone shows now: this step's `at`, else the last one shown before it.

        A step without `at` keeps the time of the step before (so the clock never falls back
        to a default); a `later` separator ("Three days later") forgets it.
        """
        seen = [self.scenario.steps[h.step] for h in self.history]
        if self.step is not None:
            seen.append(self.step)
        for step in reversed(seen):
            if step.at:
                return step.at
            if step.later is not None:
                break
        return ""

    def visible_choices(self) -> list[m.Choice]:
        step = self.step
        if step is None:
            return []
        return [c for c in step.choices if c.visible_with(self.flags)]

    # -- acting ----------------------------------------------------------------------

    def mark_shown(self) -> None:
        """Restart the decision timer (a front end calls this when the step is on screen)."""
        self._shown_at = self.clock()

    def choose(self, choice: m.Choice | int, seconds: float | None = None, shown: tuple[int, ...] = ()) -> Made:
        """Take a visible choice, given as a Choice or as its position in visible_choices().

        `shown` is the order the replies were shown in (their indexes in the step), kept with the decision.
        """
        visible = self.visible_choices()
        if isinstance(choice, int):
            if not 0 <= choice < len(visible):
                raise PlayError(f"there is no choice {choice + 1} here (there are {len(visible)})")
            choice = visible[choice]
        if choice not in visible:
            raise PlayError("that choice is not available at this step")
        step = self.step
        assert step is not None
        now = self.clock()
        took = max(0.0, now - self._shown_at) if seconds is None else max(0.0, seconds)
        made = Made(step.id, choice.index, choice.safety, round(took, 3), tuple(shown))
        self.history.append(made)
        self.flags.update(choice.sets)
        self.current = choice.next
        self._shown_at = now
        return made

    def path(self) -> list[tuple[m.Step, m.Choice]]:
        out = []
        for made in self.history:
            step = self.scenario.steps[made.step]
            out.append((step, step.choices[made.choice]))
        return out

    # -- saving ----------------------------------------------------------------------

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": SAVE_VERSION,
                "scenario": self.scenario.id,
                "current": self.current,
                "flags": sorted(self.flags),
                "history": [asdict(h) for h in self.history],
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str, scenario: m.Scenario, clock: Callable[[], float] = time.monotonic) -> Playthrough:
        """Rebuild a play from its saved state, refusing anything that does not fit the scenario."""
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or data.get("version") != SAVE_VERSION:
                raise PlayError("saved state has an unknown version")
            if data.get("scenario") != scenario.id:
                raise PlayError("saved state belongs to another scenario")
            current = data["current"]
            if current not in scenario.steps and current not in scenario.endings:
                raise PlayError(f"saved state is at '{current}', which the scenario no longer has")
            history = []
            for h in data["history"]:
                step = scenario.steps[h["step"]]
                choice = step.choices[int(h["choice"])]
                shown = tuple(int(i) for i in h.get("shown", ()))
                if sorted(shown) != sorted(set(shown)) or any(not 0 <= i < len(step.choices) for i in shown):
                    raise PlayError("saved state has an order of replies that does not fit the step")
                history.append(Made(step.id, choice.index, choice.safety, float(h["seconds"]), shown))
            flags = {str(f) for f in data["flags"]}
        except PlayError:
            raise
        except (ValueError, KeyError, IndexError, TypeError) as err:
            raise PlayError(f"saved state is damaged ({type(err).__name__})") from err
        return cls(scenario, clock=clock, current=current, flags=flags, history=history)
