"""The pedagogy lint: warnings when a story can be won without reading it, and the strategy table.

A story teaches nothing if "pick the longest reply" or "pick the one that names Mom"
wins it, or if the first refusal ends it before the player met most of its tactics.
Each check below gives a W4xx warning (documented in scenarios/README.md) at the line an
author should look at. Every check is one pass over the steps, or a few single walks
(game/core/strategies.py), or one 0-1 breadth-first search: never an enumeration of paths.

`validate` runs the lint on every story that loaded; `validate --pedagogy` also prints
`table()` for each story: decisions, genuine decisions, tactics met on the safest path,
and how each simple strategy ends and scores.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from . import model as m
from .cues import helper_words, stated_rule
from .diagnostics import Diagnostic
from .scoring import is_genuine_decision, is_scam_decision
from .strategies import STRATEGIES, RandomSummary, Walk, random_summary, story_tactics, strategy_walks, walk

LONGEST_SHARE = 0.40  # W401: the safe reply clearly the longest in more than this share of scam steps
LONGER_BY = 1.10  # ...where "clearly" is at least 10 % longer than every other reply
POSITION_MARGIN = 0.20  # W402: a position holds the safe reply this much more (or less) often than chance
POSITION_MIN_STEPS = 4
HELPER_GAP = 0.25  # W404: safe replies name a helper this much more often than the others
HELPER_MIN_SHARE = 0.30
CAREFUL_TACTICS = 0.80  # W405: a careful player should meet at least this share of the tactics
MIN_GENUINE = 2  # W406: genuine decisions on every full path


def lint(sc: m.Scenario, catalogue: m.Catalogue | None, file: str) -> list[Diagnostic]:
    """Every pedagogy warning for one loaded story."""
    out: list[Diagnostic] = []

    def report(code: str, line: int, message: str) -> None:
        out.append(Diagnostic(code, file, line, message))

    _longest_safe(sc, report)
    _safe_position(sc, report)
    _stated_rules(sc, report)
    _helper_words(sc, report)
    careful = walk(sc, "safest", None, catalogue)
    _careful_meets_tactics(sc, careful, report)
    _genuine_decisions(sc, careful, report)
    return out


def _contested(step: m.Step) -> bool:
    """A decision with a safe reply and a reply that is not safe: where a tell can help."""
    kinds = {c.safety == "safe" for c in step.choices}
    return step.is_decision and kinds == {True, False}


def _longest_safe(sc: m.Scenario, report) -> None:
    scam = [s for s in sc.steps.values() if is_scam_decision(s) and _contested(s)]
    if not scam:
        return
    worst: tuple[int, str, list[m.Step]] | None = None
    for lang in sc.languages:
        hits = []
        for step in scam:
            safe = max(len(c.text.get(lang)) for c in step.choices if c.safety == "safe")
            other = max(len(c.text.get(lang)) for c in step.choices if c.safety != "safe")
            if safe > LONGER_BY * other:
                hits.append(step)
        if worst is None or len(hits) > worst[0]:
            worst = (len(hits), lang, hits)
    assert worst is not None  # a story has at least one language
    count, lang, hits = worst
    if count >= 2 and count > LONGEST_SHARE * len(scam):
        first = hits[0]
        reply = next(c for c in first.choices if c.safety == "safe")
        report(
            "W401",
            reply.line or first.line,
            f"the safe reply is clearly the longest in {count} of {len(scam)} scam steps ({_pct(count, len(scam))} in '{lang}'; "
            f"first at step '{first.id}')",
        )


def _safe_position(sc: m.Scenario, report) -> None:
    steps = [s for s in sc.steps.values() if _contested(s) and not any(c.conditional for c in s.choices)]
    if len(steps) < POSITION_MIN_STEPS:
        return
    expected = sum(sum(c.safety == "safe" for c in s.choices) / len(s.choices) for s in steps) / len(steps)
    positions = {"first": lambda s: s.choices[0], "second": lambda s: s.choices[1], "last": lambda s: s.choices[-1]}
    for name, at in positions.items():
        holding = [s for s in steps if at(s).safety == "safe"]
        share = len(holding) / len(steps)
        if share > 0.5 and share >= expected + POSITION_MARGIN:
            report(
                "W402",
                at(holding[0]).line or holding[0].line,
                f"the {name} reply is the safe one in {len(holding)} of {len(steps)} steps ({_pct(len(holding), len(steps))}; "
                f"a random order would give about {round(100 * expected)} %)",
            )
            return
        if share <= expected - POSITION_MARGIN - 0.05:
            avoid = next(s for s in steps if at(s).safety != "safe")
            report(
                "W402",
                at(avoid).line or avoid.line,
                f"the {name} reply is the safe one in only {len(holding)} of {len(steps)} steps ({_pct(len(holding), len(steps))}; "
                f"a random order would give about {round(100 * expected)} %): 'never the {name}' is a rule a player can learn",
            )
            return


def _stated_rules(sc: m.Scenario, report) -> None:
    for step in sc.steps.values():
        for choice in step.choices:
            for lang in sc.languages:
                rule = stated_rule(choice.text.get(lang))
                if rule:
                    report(
                        "W403",
                        choice.lines.get("text", choice.line),
                        f"step '{step.id}' choice {choice.index + 1} states a rule in '{lang}': “{rule}”",
                    )
                    break


def _helper_words(sc: m.Scenario, report) -> None:
    steps = [s for s in sc.steps.values() if is_scam_decision(s) and _contested(s)]
    for lang in sc.languages:
        safe = [c for s in steps for c in s.choices if c.safety == "safe"]
        other = [c for s in steps for c in s.choices if c.safety != "safe"]
        if not safe or not other:
            return
        safe_words = [helper_words(c.text.get(lang)) for c in safe]
        other_words = [helper_words(c.text.get(lang)) for c in other]
        s_share = sum(bool(w) for w in safe_words) / len(safe)
        o_share = sum(bool(w) for w in other_words) / len(other)
        if s_share >= HELPER_MIN_SHARE and s_share - o_share >= HELPER_GAP:
            only = sorted({w for ws in safe_words for w in ws} - {w for ws in other_words for w in ws})
            first = next(c for c, w in zip(safe, safe_words, strict=True) if w)
            words = f"; only on the safe side: {', '.join(only)}" if only else ""
            report(
                "W404",
                first.lines.get("text", first.line),
                f"in '{lang}', {_pct_share(s_share)} of safe replies name a helper (113, Mom, report, police…) against "
                f"{_pct_share(o_share)} of the other replies{words}",
            )
            return


def _careful_meets_tactics(sc: m.Scenario, careful: Walk, report) -> None:
    tactics = story_tactics(sc)
    if not tactics or not careful.path:
        return
    met = careful.tactics_met()
    if len(met) < CAREFUL_TACTICS * len(tactics):
        step, choice = careful.path[-1]
        where = f"the reply at step '{step.id}' ends the story" if careful.end else "the careful walk loops"
        report(
            "W405",
            choice.lines.get("next", choice.line),
            f"a careful player (always the safest reply) meets {len(met)} of the story's {len(tactics)} tactics: {where}; "
            f"never met: {', '.join(t for t in tactics if t not in met)}",
        )


def fewest_genuine_decisions(sc: m.Scenario) -> tuple[int, str]:
    """The fewest genuine decisions on any path from the start to an ending, and that ending.

    A 0-1 breadth-first search over the steps (a genuine decision costs 1, any other
    step 0), so each step and choice is looked at once. Conditions on choices are
    ignored: the answer can only be lower than what play allows, never higher.
    """
    inf = 1 << 30
    best = {sc.start: 1 if sc.start in sc.steps and is_genuine_decision(sc.steps[sc.start]) else 0}
    queue = deque([sc.start])
    while queue:
        node = queue.popleft()
        step = sc.steps.get(node)
        if step is None:
            continue
        for c in step.choices:
            nxt = c.next
            cost = 1 if nxt in sc.steps and is_genuine_decision(sc.steps[nxt]) else 0
            if best[node] + cost < best.get(nxt, inf):
                best[nxt] = best[node] + cost
                if cost:
                    queue.append(nxt)
                else:
                    queue.appendleft(nxt)
    reached = [(best[e], e) for e in sc.endings if e in best]
    return min(reached) if reached else (0, "")


def _genuine_decisions(sc: m.Scenario, careful: Walk, report) -> None:
    fewest, ending = fewest_genuine_decisions(sc)
    start = sc.steps.get(sc.start)
    line = start.line if start else 0
    if fewest < MIN_GENUINE and ending:
        report(
            "W406",
            line,
            f"a player can reach the ending '{ending}' meeting {fewest} genuine decision(s); every full path should hold at least {MIN_GENUINE}",
        )
    if careful.path and careful.score.genuine_met == 0:
        report("W406", line, "a careful player (always the safest reply) meets no genuine decision at all")


def _pct(a: int, b: int) -> str:
    return f"{round(100 * a / b)} %" if b else "0 %"


def _pct_share(x: float) -> str:
    return f"{round(100 * x)} %"


# -- the table ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StoryTable:
    scenario_id: str
    path: str
    decisions: int
    genuine_decisions: int
    tactics: int
    careful_tactics: int
    walks: tuple[Walk, ...]
    random: RandomSummary


def story_table(sc: m.Scenario, catalogue: m.Catalogue | None, runs: int) -> StoryTable:
    walks = strategy_walks(sc, catalogue)
    careful = next(w for w in walks if w.strategy == "safest")
    return StoryTable(
        scenario_id=sc.id,
        path=sc.path,
        decisions=sum(s.is_decision for s in sc.steps.values()),
        genuine_decisions=sum(is_genuine_decision(s) for s in sc.steps.values()),
        tactics=len(story_tactics(sc)),
        careful_tactics=len(careful.tactics_met()),
        walks=tuple(walks),
        random=random_summary(sc, catalogue, runs),
    )


def format_table(t: StoryTable) -> str:
    """A plain-text table: one line per strategy, columns as wide as their widest cell."""
    rows: list[tuple[str, str, str, str]] = []
    for w in t.walks:
        name = f"{w.strategy} [{w.lang}]" if STRATEGIES[w.strategy][1] else w.strategy
        s = w.score
        rows.append((name, f"{s.outcome} ({w.end})" if w.end else s.outcome, f"{s.resisted}/{s.scam_met}", str(s.false_alarms)))
    r = t.random
    shares = ", ".join(f"{k} {100 * v:.1f} %" for k, v in r.outcomes.items())
    rows.append((f"random (x{r.runs})", shares, f"{r.resisted:.1f}/{r.scam_met:.1f}", f"{r.false_alarms:.1f}"))
    head = ("strategy", "ending", "scams resisted", "false alarms")
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(4)]

    def line(row: tuple[str, str, str, str]) -> str:
        return f"  {row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:>{widths[2]}}  {row[3]:>{widths[3]}}"

    return "\n".join(
        [
            f"{t.scenario_id} ({t.path})",
            f"  decisions {t.decisions} · genuine decisions {t.genuine_decisions} · "
            f"tactics met on the safest path {t.careful_tactics}/{t.tactics}",
            line(head),
            *(line(row) for row in rows),
            f"  random plays that end safe or rescued: resisting most scams {round(100 * r.safe_while_resisting_most)} %, "
            f"resisting at most half {round(100 * r.safe_while_resisting_little)} %",
        ]
    )
