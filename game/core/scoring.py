"""Honest scoring of one play, as signal detection: hits, misses, trusted, false alarms.

A scam decision is a step with a tactic (not genuine) that offered two or more replies:
a safe reply is a hit (the scam was resisted), anything else a miss. A genuine decision
is a real message with two or more replies: the safe reply trusts it, and only a reply
marked `false_alarm: true` in the scenario counts as a false alarm (treating a real
message as a scam). Lying to Mom on a scam step is a miss, never a false alarm.

The verdict is worded from the ending AND the counts, so "got out safely" is never said
beside "resisted 0 of 6", and no percentage is given for fewer than MIN_SCORED
decisions (one right answer is not 100 % discernment). The campaign's three families
(fear / trust / control) are badges: earned when every scam step of that family the
player met was resisted, and at least one was met.

The debrief, the strategy simulation (game/core/strategies.py) and every front end share
this one module, so the figures a story author sees are the ones a player sees.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from . import model as m

MIN_SCORED = 3  # decisions needed before a percentage means anything


@dataclass(frozen=True)
class FamilyTally:
    """How the player did against one family of tactics."""

    family: str  # fear | trust | control
    met: int
    resisted: int

    @property
    def earned(self) -> bool:
        return self.met > 0 and self.resisted == self.met


@dataclass(frozen=True)
class Score:
    """The counts of one play (or one strategy's walk) and the ending it reached."""

    outcome: str  # safe | rescued | harmed | abandoned | loop
    scam_met: int = 0  # scam decisions met
    resisted: int = 0  # hits
    hesitated: int = 0  # neutral replies to a scam: kept listening (a miss)
    complied: int = 0  # risky or unsafe replies to a scam (a miss)
    genuine_met: int = 0  # genuine decisions met
    trusted: int = 0  # safe replies to a real message
    false_alarms: int = 0  # replies marked false_alarm: a real message treated as a scam
    families: tuple[FamilyTally, ...] = ()

    @property
    def misses(self) -> int:
        return self.scam_met - self.resisted

    @property
    def decisions(self) -> int:
        return self.scam_met + self.genuine_met

    @property
    def discernment(self) -> float | None:
        """Share of scored decisions judged right, or None when there are too few to say."""
        if self.decisions < MIN_SCORED:
            return None
        return (self.resisted + self.trusted) / self.decisions

    @property
    def badges(self) -> tuple[str, ...]:
        return tuple(f.family for f in self.families if f.earned)

    def verdict(self) -> list[tuple[str, dict[str, object]]]:
        """The verdict as (ui string key, values) lines: the headline first, then any false alarms."""
        a, b = self.resisted, self.scam_met
        if self.outcome in ("harmed",):
            key = "score_harmed"
        elif self.outcome in ("abandoned", "loop"):
            key = "score_abandoned"
        elif b == 0:
            key = "score_no_scam"
        elif self.outcome == "rescued":
            key = "score_rescued"
        elif a == b and b >= 2:
            key = "score_safe_all"
        elif a == b:
            key = "score_safe_early"  # out at the first trick: the scammer had more
        elif 2 * a >= b:
            key = "score_safe_some"
        else:
            key = "score_lucky"  # the ending was safe, the choices were not
        lines: list[tuple[str, dict[str, object]]] = [(key, {"a": a, "b": b})]
        if self.false_alarms:
            lines.append(("score_false_alarms", {"n": self.false_alarms, "g": self.genuine_met}))
        return lines


def is_scam_decision(step: m.Step) -> bool:
    return step.is_decision and step.is_scam


def is_genuine_decision(step: m.Step) -> bool:
    return step.is_decision and step.genuine


def score_path(path: Iterable[tuple[m.Step, m.Choice]], outcome: str, catalogue: m.Catalogue | None = None) -> Score:
    """Score the (step, choice) pairs of one play, ending in `outcome`."""
    scam = resisted = hesitated = complied = genuine = trusted = false_alarms = 0
    fam_met: dict[str, int] = dict.fromkeys(m.FAMILIES, 0)
    fam_resisted: dict[str, int] = dict.fromkeys(m.FAMILIES, 0)
    for step, choice in path:
        if is_genuine_decision(step):
            genuine += 1
            if choice.safety == "safe":
                trusted += 1
            elif choice.false_alarm:
                false_alarms += 1
        elif is_scam_decision(step):
            scam += 1
            hit = choice.safety == "safe"
            resisted += hit
            hesitated += choice.safety == "neutral"
            complied += choice.safety in ("risky", "unsafe")
            if catalogue is not None and step.tactic is not None and step.tactic in catalogue:
                family = catalogue[step.tactic].family
                fam_met[family] += 1
                fam_resisted[family] += hit
    families = tuple(FamilyTally(f, fam_met[f], fam_resisted[f]) for f in m.FAMILIES) if catalogue is not None else ()
    return Score(outcome, scam, resisted, hesitated, complied, genuine, trusted, false_alarms, families)
