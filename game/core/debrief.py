"""Build the debrief of a finished (or abandoned) play: step by step, then the summary.

For each decision: what was said, the tactic behind it (name, how it works, the red
flag), what the player chose, how safe that was, the safe alternative and why. The
summary scores discernment: scams resisted or fallen for, and genuine messages
trusted or mistrusted, so a player who distrusts everything does not score well.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import model as m
from .playthrough import Playthrough
from .takeaway import HOTLINES, RULES

# Verdicts, per decision
RESISTED = "resisted"  # safe reply to a scam step
HESITATED = "hesitated"  # neutral reply to a scam step: kept listening
FELL_FOR = "fell_for"  # risky or unsafe reply to a scam step
TRUSTED = "trusted"  # safe reply to a genuine step
MISTRUSTED = "mistrusted"  # a real message treated as a scam: a false alarm
CONTINUED = "continued"  # a step with a single choice: no decision to score


@dataclass(frozen=True)
class TacticCard:
    id: str
    name: str
    how: str
    red_flag: str
    do_instead: str
    icon: str
    family: str


@dataclass(frozen=True)
class DebriefItem:
    step_id: str
    channel: str
    speaker: str
    said: str
    genuine: bool
    tactic: TacticCard | None
    chosen: str
    safety: str
    feedback: str
    verdict: str
    safe_reply: str = ""  # the safe alternative, when the player's choice was not safe
    safe_feedback: str = ""
    discussion: str = ""
    seconds: float = 0.0


@dataclass(frozen=True)
class Summary:
    scam_steps: int
    resisted: int
    hesitated: int
    fell_for: int
    genuine_steps: int
    trusted: int
    mistrusted: int
    tactics_met: tuple[TacticCard, ...]
    outcome: str  # safe | rescued | harmed | abandoned
    ending_title: str
    ending_text: str

    @property
    def discernment(self) -> float | None:
        """Share of scored decisions judged right: scams resisted plus real messages trusted."""
        total = self.scam_steps + self.genuine_steps
        return None if total == 0 else (self.resisted + self.trusted) / total


@dataclass(frozen=True)
class Debrief:
    scenario_id: str
    title: str
    lang: str
    items: tuple[DebriefItem, ...]
    summary: Summary
    rules: tuple[str, ...]
    hotlines: tuple[tuple[str, str], ...] = field(default=())


def tactic_card(catalogue: m.Catalogue, tactic_id: str | None, lang: str) -> TacticCard | None:
    if not tactic_id or tactic_id not in catalogue:
        return None
    t = catalogue[tactic_id]
    return TacticCard(t.id, t.name.get(lang), t.how.get(lang), t.red_flag.get(lang), t.do_instead.get(lang), t.icon, t.family)


def verdict(step: m.Step, choice: m.Choice) -> str:
    if not step.is_decision:
        return CONTINUED
    if step.genuine:
        return TRUSTED if choice.safety == "safe" else MISTRUSTED
    return {"safe": RESISTED, "neutral": HESITATED}.get(choice.safety, FELL_FOR)


def safe_alternative(step: m.Step, chosen: m.Choice) -> m.Choice | None:
    """The reply to show as the safe one: an unconditional safe choice if there is one."""
    if chosen.safety == "safe":
        return None
    safe = [c for c in step.choices if c.safety == "safe"]
    safe.sort(key=lambda c: c.conditional)
    return safe[0] if safe else None


def build_debrief(play: Playthrough, catalogue: m.Catalogue, lang: str) -> Debrief:
    sc = play.scenario
    items: list[DebriefItem] = []
    met: dict[str, TacticCard] = {}
    for made, (step, choice) in zip(play.history, play.path(), strict=False):
        card = tactic_card(catalogue, step.tactic, lang)
        if card is not None:
            met.setdefault(card.id, card)
        alt = safe_alternative(step, choice)
        items.append(
            DebriefItem(
                step_id=step.id,
                channel=step.channel,
                speaker=sc.speaker_name(step, lang),
                said=step.text.get(lang),
                genuine=step.genuine,
                tactic=card,
                chosen=choice.text.get(lang),
                safety=choice.safety,
                feedback=choice.feedback.get(lang),
                verdict=verdict(step, choice),
                safe_reply=alt.text.get(lang) if alt else "",
                safe_feedback=alt.feedback.get(lang) if alt else "",
                discussion=step.discussion.get(lang) if step.discussion else "",
                seconds=made.seconds,
            )
        )
    verdicts = [i.verdict for i in items]
    ending = play.ending
    summary = Summary(
        scam_steps=sum(v in (RESISTED, HESITATED, FELL_FOR) for v in verdicts),
        resisted=verdicts.count(RESISTED),
        hesitated=verdicts.count(HESITATED),
        fell_for=verdicts.count(FELL_FOR),
        genuine_steps=sum(v in (TRUSTED, MISTRUSTED) for v in verdicts),
        trusted=verdicts.count(TRUSTED),
        mistrusted=verdicts.count(MISTRUSTED),
        tactics_met=tuple(met.values()),
        outcome=ending.outcome if ending else "abandoned",
        ending_title=ending.title.get(lang) if ending else "",
        ending_text=ending.text.get(lang) if ending else "",
    )
    return Debrief(
        scenario_id=sc.id,
        title=sc.title.get(lang),
        lang=lang,
        items=tuple(items),
        summary=summary,
        rules=tuple(r.get(lang) for r in RULES),
        hotlines=tuple((h.number, h.label.get(lang)) for h in HOTLINES),
    )
