"""Turn a record store into the report's numbers: per scenario, per tactic, and overall.

Definitions (the same rules as the debrief, so a report and a player's own summary agree):
- a *scam decision* is a choice on a step with two or more choices, a tactic and no
  `genuine: true`; a *genuine decision* is one on a genuine step;
- the *funnel* (CONTENT_BRIEF: found it plausible -> engaged -> complied): a play reached
  a stage when the furthest stage of any of its scam decisions is that stage or later
  (neutral = plausible, risky = engaged, unsafe = complied, safe = resisted);
- *fell for* a tactic: a risky or unsafe reply on a scam decision using it;
- *hits*: safe replies on scam decisions; *false alarms*: replies other than safe on
  genuine decisions (a real message treated as a scam);
- time to decide: the median seconds of decisions.

The counting is done by SQLite, so the merged store of a whole campaign (millions of
choices) is summed in seconds and never loaded into memory.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .reading import Unreadable, open_readonly

STAGES = ("plausible", "engaged", "complied")
ALL = "*"  # the id of the all-scenarios row

SCAM = "c.decision AND NOT c.genuine AND c.tactic IS NOT NULL"
GENUINE = "c.decision AND c.genuine"


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class ScenarioFigures:
    scenario: str
    plays: int = 0
    group_plays: int = 0
    finished: int = 0
    not_finished: int = 0  # abandoned, or still in progress in a live store
    outcomes: Counter = field(default_factory=Counter)
    met_scam: int = 0  # plays with at least one scam decision: the funnel's base
    reached: Counter = field(default_factory=Counter)  # stage -> plays that reached it
    scam_decisions: int = 0
    hits: int = 0
    genuine_decisions: int = 0
    false_alarms: int = 0
    decisions: int = 0
    median_seconds: float | None = None

    @property
    def completion(self) -> float | None:
        return _share(self.finished, self.plays)

    def stage_share(self, stage: str) -> float | None:
        return _share(self.reached[stage], self.met_scam)

    @property
    def hit_rate(self) -> float | None:
        return _share(self.hits, self.scam_decisions)

    @property
    def false_alarm_rate(self) -> float | None:
        return _share(self.false_alarms, self.genuine_decisions)

    @property
    def discernment(self) -> float | None:
        """Share of scored decisions judged right (the debrief's figure, over many plays)."""
        right = self.hits + self.genuine_decisions - self.false_alarms
        return _share(right, self.scam_decisions + self.genuine_decisions)


@dataclass
class TacticFigures:
    tactic: str
    n: int = 0
    fell: int = 0
    median_seconds: float | None = None

    @property
    def share(self) -> float | None:
        return _share(self.fell, self.n)


@dataclass
class Figures:
    scenarios: list[ScenarioFigures]
    total: ScenarioFigures
    tactics: list[TacticFigures]
    first: str | None = None  # earliest start (UTC minute)
    last: str | None = None

    @property
    def plays(self) -> int:
        return self.total.plays


def median_of(histogram: dict[float, int]) -> float | None:
    """The median of values given as value -> how many times it occurs."""
    n = sum(histogram.values())
    if not n:
        return None
    lo_rank, hi_rank = (n - 1) // 2, n // 2
    seen, lo = 0, None
    for value in sorted(histogram):
        seen += histogram[value]
        if lo is None and lo_rank < seen:
            lo = value
        if hi_rank < seen:
            assert lo is not None  # lo_rank <= hi_rank: the low middle is found first
            return (lo + value) / 2
    return None  # not reached


def _medians(conn: sqlite3.Connection, sel: str, params: list) -> tuple[dict[str, float | None], float | None, dict[str, float | None]]:
    """Median seconds per scenario, overall and per tactic, from one pass over the decisions.

    Seconds are kept to the hundredth, so SQLite can count each distinct value per group
    and the medians come exactly from these counts: nothing is loaded row by row.
    """
    by_story: dict[str, Counter] = {}
    by_tactic: dict[str, Counter] = {}
    overall: Counter = Counter()
    for sid, tactic, scam, seconds, n in conn.execute(
        f"""
            WITH {sel} SELECT p.scenario, c.tactic, NOT c.genuine AND c.tactic IS NOT NULL, c.seconds, COUNT(*)
            FROM sel p JOIN choices c ON c.play_id = p.play_id WHERE c.decision GROUP BY 1, 2, 3, 4""",
        params,
    ):
        by_story.setdefault(sid, Counter())[seconds] += n
        overall[seconds] += n
        if scam:
            by_tactic.setdefault(tactic, Counter())[seconds] += n
    return ({k: median_of(h) for k, h in by_story.items()}, median_of(overall), {k: median_of(h) for k, h in by_tactic.items()})


def compute_from(conn: sqlite3.Connection, since: date | None = None, scenario: str | None = None) -> Figures:
    where, params = [], []
    if since is not None:
        where.append("started >= ?")
        params.append(since.isoformat())  # "2025-11-01" sorts before any minute of that day
    if scenario:
        where.append("scenario = ?")
        params.append(scenario)
    sel = "sel AS (SELECT * FROM plays" + (f" WHERE {' AND '.join(where)}" if where else "") + ")"

    per: dict[str, ScenarioFigures] = {}
    total = ScenarioFigures(ALL)
    first = last = None
    for row in conn.execute(
        f"""
            WITH {sel} SELECT scenario, COUNT(*), SUM(group_play), SUM(status = 'finished'),
                SUM(status = 'finished' AND outcome = 'safe'), SUM(status = 'finished' AND outcome = 'rescued'),
                SUM(status = 'finished' AND outcome = 'harmed'), MIN(started), MAX(started)
            FROM sel GROUP BY scenario""",
        params,
    ):
        sid, plays, group, finished, safe, rescued, harmed, lo, hi = row
        f = per[sid] = ScenarioFigures(sid, plays, group, finished, plays - finished)
        f.outcomes.update({"safe": safe, "rescued": rescued, "harmed": harmed})
        first = lo if first is None or lo < first else first
        last = hi if last is None or hi > last else last

    for sid, met, plausible, engaged, complied in conn.execute(
        f"""
            WITH {sel}, furthest AS (
                SELECT p.scenario AS scenario, MAX(CASE c.funnel WHEN 'complied' THEN 3 WHEN 'engaged' THEN 2
                                                                   WHEN 'plausible' THEN 1 ELSE 0 END) AS stage
                FROM sel p JOIN choices c ON c.play_id = p.play_id WHERE {SCAM} GROUP BY p.play_id)
            SELECT scenario, COUNT(*), SUM(stage >= 1), SUM(stage >= 2), SUM(stage >= 3) FROM furthest GROUP BY scenario""",
        params,
    ):
        f = per[sid]
        f.met_scam = met
        f.reached.update({"plausible": plausible, "engaged": engaged, "complied": complied})

    for sid, scam, hits, genuine, false_alarms, decisions in conn.execute(
        f"""
            WITH {sel} SELECT p.scenario, SUM({SCAM}), SUM({SCAM} AND c.safety = 'safe'), SUM({GENUINE}),
                SUM({GENUINE} AND c.safety != 'safe'), SUM(c.decision)
            FROM sel p JOIN choices c ON c.play_id = p.play_id GROUP BY p.scenario""",
        params,
    ):
        f = per[sid]
        f.scam_decisions, f.hits, f.genuine_decisions, f.false_alarms, f.decisions = scam, hits, genuine, false_alarms, decisions

    story_medians, total.median_seconds, tactic_medians = _medians(conn, sel, params)
    for sid, m in story_medians.items():
        per[sid].median_seconds = m

    for f in per.values():  # the all-stories row is the sum of the others
        for name in (
            "plays",
            "group_plays",
            "finished",
            "not_finished",
            "met_scam",
            "scam_decisions",
            "hits",
            "genuine_decisions",
            "false_alarms",
            "decisions",
        ):
            setattr(total, name, getattr(total, name) + getattr(f, name))
        total.outcomes.update(f.outcomes)
        total.reached.update(f.reached)

    tactics = {
        tid: TacticFigures(tid, n, fell)
        for tid, n, fell in conn.execute(
            f"""
            WITH {sel} SELECT c.tactic, COUNT(*), SUM(c.safety IN ('risky', 'unsafe'))
            FROM sel p JOIN choices c ON c.play_id = p.play_id WHERE {SCAM} GROUP BY c.tactic""",
            params,
        )
    }
    for tid, m in tactic_medians.items():
        tactics[tid].median_seconds = m

    return Figures(
        scenarios=sorted(per.values(), key=lambda f: (-f.plays, f.scenario)),
        total=total,
        tactics=sorted(tactics.values(), key=lambda t: (-(t.share or 0), -t.n, t.tactic)),
        first=first,
        last=last,
    )


def compute(path: Path, since: date | None = None, scenario: str | None = None) -> Figures:
    """The figures of the store file at `path` (opened read-only); Unreadable if it cannot be read."""
    conn = open_readonly(path)
    try:
        return compute_from(conn, since, scenario)
    except sqlite3.DatabaseError as err:
        raise Unreadable(f"{path}: cannot be read ({err})") from err
    finally:
        conn.close()
