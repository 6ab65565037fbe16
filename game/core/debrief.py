"""Build the debrief of a finished (or abandoned) play: step by step, then the summary.

For each decision: what was said, the tactic behind it (name, how it works, the red
flag), what the player chose, how safe that was, the safe alternative and why. The
summary scores discernment as signal detection (game/core/scoring.py): scams resisted
(hits) and missed, real messages trusted and false alarms, worded from the ending and
the counts together. When the play ended before the player met some of the story's
tactics, the summary also says what would have come next.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field

from . import model as m
from .playthrough import Playthrough
from .scoring import FamilyTally, Score, score_path
from .strings import ui
from .takeaway import HOTLINES, RULES

# Verdicts, per decision
RESISTED = "resisted"  # safe reply to a scam step
HESITATED = "hesitated"  # neutral reply to a scam step: kept listening
FELL_FOR = "fell_for"  # risky or unsafe reply to a scam step
TRUSTED = "trusted"  # safe reply to a genuine step
MISTRUSTED = "mistrusted"  # a real message treated as a scam: a false alarm (the reply says false_alarm: true)
NOT_TRUSTED = "not_trusted"  # a real message answered unsafely, but not as a scam (e.g. kept a secret from Mom)
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
    shown: tuple[str, ...] = ()  # the replies in the order the player saw them (shuffled per play)
    position: int = 0  # 1-based place of the chosen reply in `shown` (0 when the order is unknown)
    # #15: what a card shows beside the player's own words. Praise belongs only under the
    # player's own safe reply, so the safe reply's feedback is kept without its opening
    # "Right." / "Well done:" for when the player chose something else.
    safe_why: str = ""  # the safe alternative's feedback without its praise (empty when the player chose safely)
    why_real: str = ""  # on a genuine decision: why trusting it was right (the safe reply's feedback, no praise)


@dataclass(frozen=True)
class ComingNext:
    """A step the player did not reach, with a tactic they did not meet: the scam would have gone on."""

    step_id: str
    speaker: str
    said: str  # the first sentence, shortened
    tactic: TacticCard
    distance: int  # replies away from the steps the player saw


@dataclass(frozen=True)
class Summary:
    scam_steps: int
    resisted: int
    hesitated: int
    fell_for: int
    genuine_steps: int
    trusted: int
    mistrusted: int  # false alarms only: replies marked false_alarm
    tactics_met: tuple[TacticCard, ...]
    outcome: str  # safe | rescued | harmed | abandoned
    ending_title: str
    ending_text: str
    score: Score = field(default_factory=lambda: Score("abandoned"))
    coming_next: tuple[ComingNext, ...] = ()
    badges: tuple[str, ...] = ()  # families earned: fear | trust | control
    # #15: per tactic met, in order: (tactic id, RESISTED | FELL_FOR | "met"); "met" when the
    # tactic only came on steps with one reply (nothing to resist or fall for).
    tactic_verdicts: tuple[tuple[str, str], ...] = ()

    @property
    def discernment(self) -> float | None:
        """Share of scored decisions judged right, or None for too few decisions (scoring.MIN_SCORED)."""
        return self.score.discernment

    @property
    def false_alarms(self) -> int:
        return self.mistrusted


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
        if choice.safety == "safe":
            return TRUSTED
        return MISTRUSTED if choice.false_alarm else NOT_TRUSTED
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
                shown=tuple(step.choices[i].text.get(lang) for i in made.shown),
                position=made.position + 1 if made.shown else 0,
                safe_why=without_praise(alt.feedback.get(lang)) if alt else "",
                why_real=why_real(step, lang),
            )
        )
    ending = play.ending
    score = score_path(play.path(), ending.outcome if ending else "abandoned", catalogue)
    # The counts are the score's (a scam decision names a tactic), the same figures the pedagogy lint reports.
    summary = Summary(
        scam_steps=score.scam_met,
        resisted=score.resisted,
        hesitated=score.hesitated,
        fell_for=score.complied,
        genuine_steps=score.genuine_met,
        trusted=score.trusted,
        mistrusted=score.false_alarms,
        tactics_met=tuple(met.values()),
        outcome=ending.outcome if ending else "abandoned",
        ending_title=ending.title.get(lang) if ending else "",
        ending_text=ending.text.get(lang) if ending else "",
        score=score,
        coming_next=coming_next(play, catalogue, lang) if ending else (),
        badges=score.badges,
        tactic_verdicts=tactic_verdicts(items),
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


COMING_NEXT_MAX = 5


def coming_next(play: Playthrough, catalogue: m.Catalogue, lang: str, limit: int = COMING_NEXT_MAX) -> tuple[ComingNext, ...]:
    """What would have come next: the nearest unseen step for each tactic the player did not meet.

    One breadth-first search from every step the player saw at once (so each step and
    reply is looked at once): the distance is the number of replies from the play's path.
    """
    sc = play.scenario
    seen = [made.step for made in play.history]
    met = {sc.steps[s].tactic for s in seen if sc.steps[s].tactic}
    dist: dict[str, int] = dict.fromkeys(seen, 0)
    queue = deque(seen)
    found: dict[str, ComingNext] = {}
    while queue and len(found) < limit:
        node = queue.popleft()
        step = sc.steps.get(node)
        if step is None:
            continue
        for c in step.choices:
            nxt = c.next
            if nxt in dist or nxt not in sc.steps:
                continue
            dist[nxt] = dist[node] + 1
            queue.append(nxt)
            target = sc.steps[nxt]
            tactic = target.tactic
            if tactic and not target.genuine and tactic not in met and tactic not in found:
                card = tactic_card(catalogue, tactic, lang)
                if card is not None:
                    found[tactic] = ComingNext(nxt, sc.speaker_name(target, lang), _brief(target.text.get(lang)), card, dist[nxt])
    return tuple(sorted(found.values(), key=lambda c: c.distance))[:limit]


def _brief(text: str, most: int = 90) -> str:
    """The first sentence of a text, cut at a word before `most` characters."""
    text = text.strip().strip('“”"')
    for i, ch in enumerate(text):
        if ch in ".!?" and i >= 20:
            text = text[: i + 1]
            break
    if len(text) <= most:
        return text
    cut = text[:most].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def summary_lines(s: Summary, lang: str) -> list[str]:
    """The summary as short lines, the same in every front end: verdict, counts, score, badges."""
    lines = [ui(key, lang, **values) for key, values in s.score.verdict()]
    if s.genuine_steps:  # the verdict already says how many tricks were resisted
        lines.append(ui("genuine_trusted", lang, a=s.trusted, b=s.genuine_steps))
    if s.discernment is not None:
        lines.append(ui("discernment", lang, p=round(100 * s.discernment)))
    elif s.score.decisions:
        lines.append(ui("too_few_to_score", lang, n=s.score.decisions))
    if s.badges:
        lines.append(ui("badges_earned", lang, names=", ".join(ui("family_" + b, lang) for b in s.badges)))
    return lines


def coming_next_lines(s: Summary, lang: str) -> list[str]:
    """'What would have come next', one line per tactic the player never met (empty when none)."""
    if not s.coming_next:
        return []
    out = [ui("coming_next", lang)]
    for c in s.coming_next:
        who = f"{c.speaker}: " if c.speaker else ""
        out.append(f"{c.tactic.name} — {who}{c.said}")
    return out


# -- #15 debrief cards ------------------------------------------------------------------------

# How a safe reply's feedback opens when it praises ("Right.", "Well done:"): shown only
# under the player's own safe choice, cut when the same feedback explains a reply they did not pick.
PRAISE = re.compile(
    r"^\s*(?:right|well done|great|good instinct|good|yes|correct|exactly right|exactly|sharp|very brave|the right order"
    r"|đúng hướng|đúng rồi|đúng vậy|đúng thứ tự|rất đúng|đúng|chính xác|rất tốt|tuyệt vời|tuyệt|chuẩn|tinh ý|tinh mắt"
    r"|rất dũng cảm|làm tốt lắm|giỏi lắm)\s*[.:!,]\s*",
    re.IGNORECASE,
)


def without_praise(feedback: str) -> str:
    """A feedback without its opening praise: "Right. Knowing your ID…" -> "Knowing your ID…"."""
    rest = PRAISE.sub("", feedback, count=1)
    return rest[:1].upper() + rest[1:] if rest else feedback


def why_real(step: m.Step, lang: str) -> str:
    """On a genuine decision, why trusting the message was right: its safe reply's feedback, without praise."""
    if not (step.genuine and step.is_decision):
        return ""
    safe = sorted((c for c in step.choices if c.safety == "safe"), key=lambda c: c.conditional)
    return without_praise(safe[0].feedback.get(lang)) if safe else ""


def tactic_verdicts(items: list[DebriefItem]) -> tuple[tuple[str, str], ...]:
    """Each tactic met, resisted (every decision on it safe) or fell for (any other reply), in order met."""
    out: dict[str, str] = {}
    for item in items:
        if item.tactic is None or item.genuine:
            continue
        tid = item.tactic.id
        if item.verdict == CONTINUED:
            out.setdefault(tid, "met")
        elif item.verdict == RESISTED:
            out[tid] = RESISTED if out.get(tid, "met") in ("met", RESISTED) else FELL_FOR
        else:
            out[tid] = FELL_FOR
    return tuple(out.items())


def family_states(s: Summary) -> tuple[tuple[str, str], ...]:
    """Each of the three families: "safe" (met, all resisted), "caught" (a trick of it worked) or "unmet"."""
    states = []
    for f in s.score.families or tuple(FamilyTally(name, 0, 0) for name in m.FAMILIES):
        states.append((f.family, "unmet" if f.met == 0 else "safe" if f.earned else "caught"))
    return tuple(states)


def plain_figures(s: Summary, lang: str) -> list[str]:
    """The discernment figures in words a 15-year-old reads: counts, never a percentage of a few."""
    lines = []
    if s.scam_steps:
        lines.append(ui("spotted_n_of_k", lang, a=s.resisted, b=s.scam_steps))
    if s.genuine_steps:
        lines.append(ui("trusted_n_of_k", lang, a=s.trusted, b=s.genuine_steps))
    if s.mistrusted:
        lines.append(ui("false_alarms_n", lang, n=s.mistrusted))
    return lines
