"""Simple strategies played through a story: what a player who does not read would get.

Each strategy picks a reply from the visible ones by its shape alone (the safest, the
longest, the shortest, the first, the last, the one with most helper words, one at
random). A walk follows one strategy from the start to an ending, so its cost is the
length of one play: a story with 2^40 paths costs no more than a short one, because
paths are never enumerated. A deterministic strategy that comes back to a state (step
and flags) it has been in would loop for ever: the walk stops there with outcome
"loop"; every walk also stops after MAX_WALK_FACTOR times the number of steps.

Ties are broken by the order in the file (the earliest reply wins), which is also the
order a player sees when shuffling is off. "first" and "last" only mean anything with
shuffling off; they are kept because they show an author's habits.

The pedagogy lint, `validate --pedagogy` and the bot suite (tests/test_strategies.py)
all read their figures from here.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from . import model as m
from .cues import helper_words
from .scoring import Score, score_path

SAFETY_RANK = {"safe": 0, "neutral": 1, "risky": 2, "unsafe": 3}
MAX_WALK_FACTOR = 4
RANDOM_RUNS = 200

Picker = Callable[[list[m.Choice], str, random.Random], m.Choice]


def _safest(visible: list[m.Choice], lang: str, rng: random.Random) -> m.Choice:
    return min(visible, key=lambda c: SAFETY_RANK[c.safety])


def _longest(visible: list[m.Choice], lang: str, rng: random.Random) -> m.Choice:
    return max(visible, key=lambda c: len(c.text.get(lang)))


def _shortest(visible: list[m.Choice], lang: str, rng: random.Random) -> m.Choice:
    return min(visible, key=lambda c: len(c.text.get(lang)))


def _first(visible: list[m.Choice], lang: str, rng: random.Random) -> m.Choice:
    return visible[0]


def _last(visible: list[m.Choice], lang: str, rng: random.Random) -> m.Choice:
    return visible[-1]


def _cue(visible: list[m.Choice], lang: str, rng: random.Random) -> m.Choice:
    return max(visible, key=lambda c: len(helper_words(c.text.get(lang))))


def _red_button(visible: list[m.Choice], lang: str, rng: random.Random) -> m.Choice:
    # The phone's red button plays a call's `hang_up` reply: a player who always presses it
    # (and otherwise takes the first reply) must not win a story without reading it.
    return next((c for c in visible if c.hang_up), visible[0])


def _random(visible: list[m.Choice], lang: str, rng: random.Random) -> m.Choice:
    return rng.choice(visible)


# name -> (picker, whether the pick depends on the language of the replies)
STRATEGIES: dict[str, tuple[Picker, bool]] = {
    "safest": (_safest, False),
    "longest": (_longest, True),
    "shortest": (_shortest, True),
    "first": (_first, False),
    "last": (_last, False),
    "cue words": (_cue, True),
    "red button": (_red_button, False),
    "random": (_random, False),
}


@dataclass(frozen=True)
class Walk:
    """One strategy's play: the replies it took, where it ended and how it scored."""

    strategy: str
    lang: str
    path: tuple[tuple[m.Step, m.Choice], ...]
    end: str  # the ending reached, or "" when the walk looped or ran too long
    score: Score

    @property
    def outcome(self) -> str:
        return self.score.outcome

    @property
    def visited(self) -> list[str]:
        return [step.id for step, _ in self.path]

    def tactics_met(self) -> set[str]:
        return {step.tactic for step, _ in self.path if step.tactic and not step.genuine}


def walk(sc: m.Scenario, strategy: str, lang: str | None = None, catalogue: m.Catalogue | None = None, seed: int = 0) -> Walk:
    """Play the story once by one strategy (seed only matters for "random")."""
    pick, _ = STRATEGIES[strategy]
    lang = lang or sc.languages[0]
    rng = random.Random(seed)
    node: str = sc.start
    flags: frozenset[str] = frozenset()
    seen: set[tuple[str, frozenset[str]]] = set()
    path: list[tuple[m.Step, m.Choice]] = []
    limit = MAX_WALK_FACTOR * len(sc.steps) + 16
    while node in sc.steps and len(path) < limit:
        if strategy != "random":
            if (node, flags) in seen:
                break  # a deterministic strategy back in a state it has been in: it loops
            seen.add((node, flags))
        step = sc.steps[node]
        visible = [c for c in step.choices if c.visible_with(flags)]
        if not visible:
            break
        choice = pick(visible, lang, rng)
        path.append((step, choice))
        flags = flags | frozenset(choice.sets)
        node = choice.next
    ending = sc.endings.get(node)
    outcome = ending.outcome if ending else "loop"
    return Walk(strategy, lang, tuple(path), node if ending else "", score_path(path, outcome, catalogue))


@dataclass(frozen=True)
class RandomSummary:
    """The average of many seeded random walks."""

    runs: int
    outcomes: dict[str, float]  # outcome -> share of runs
    resisted: float  # average hits
    scam_met: float  # average scam decisions met
    false_alarms: float
    genuine_met: float
    safe_while_resisting_little: float  # share of runs ending safe/rescued with at most half the scams resisted
    safe_while_resisting_most: float  # share of runs ending safe/rescued with more than half resisted: a win


def random_summary(sc: m.Scenario, catalogue: m.Catalogue | None = None, runs: int = RANDOM_RUNS, base_seed: int = 0) -> RandomSummary:
    outcomes: dict[str, float] = {}
    resisted = met = alarms = genuine = lucky = wins = 0.0
    for i in range(runs):
        s = walk(sc, "random", None, catalogue, seed=base_seed + i).score
        outcomes[s.outcome] = outcomes.get(s.outcome, 0) + 1
        resisted += s.resisted
        met += s.scam_met
        alarms += s.false_alarms
        genuine += s.genuine_met
        lucky += s.outcome in ("safe", "rescued") and 2 * s.resisted <= s.scam_met and s.scam_met > 0
        wins += s.outcome in ("safe", "rescued") and 2 * s.resisted > s.scam_met
    n = max(1, runs)
    return RandomSummary(
        runs, {k: v / n for k, v in sorted(outcomes.items())}, resisted / n, met / n, alarms / n, genuine / n, lucky / n, wins / n
    )


def story_tactics(sc: m.Scenario) -> list[str]:
    """The story's tactics (on scam steps), in file order, each once."""
    out: list[str] = []
    for step in sc.steps.values():
        if step.tactic and not step.genuine and step.tactic not in out:
            out.append(step.tactic)
    return out


def strategy_walks(sc: m.Scenario, catalogue: m.Catalogue | None = None, names: Sequence[str] | None = None) -> list[Walk]:
    """One walk per deterministic strategy, and per language where the pick depends on it."""
    walks: list[Walk] = []
    for name in names or [n for n in STRATEGIES if n != "random"]:
        _, by_lang = STRATEGIES[name]
        for lang in sc.languages if by_lang else sc.languages[:1]:
            walks.append(walk(sc, name, lang, catalogue))
    return walks
