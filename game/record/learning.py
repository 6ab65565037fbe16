"""The learning figure: before/after hit and false-alarm rates per tactic family, with 95 % intervals.

Only plays that answered both halves of the measure count (a play that stopped after
the story would otherwise leave its "before" answers without a match). Per family and
half: scams met and called scams (hits), genuine items met and called scams (false
alarms). The interval is Wilson's score interval, which stays inside 0..1 and behaves
with the small counts of one class (a plain normal interval does not).

`learning.csv` and `learning.png` are written by the report; the xAPI export carries the
same counts per play as result extensions.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..core.strings import ui
from . import charts as ch
from .reading import Unreadable, has_answers, open_readonly

FAMILIES = ("fear", "trust", "control")
ALL = "*"
PHASES = ("before", "after")
Z95 = 1.959963984540054


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval for k successes in n trials (None when n is 0)."""
    if n <= 0:
        return None
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass
class Half:
    """One half of the measure (before or after) for one family."""

    scams: int = 0
    hits: int = 0
    genuine: int = 0
    false_alarms: int = 0

    @property
    def hit_rate(self) -> float | None:
        return self.hits / self.scams if self.scams else None

    @property
    def false_alarm_rate(self) -> float | None:
        return self.false_alarms / self.genuine if self.genuine else None

    @property
    def hit_interval(self) -> tuple[float, float] | None:
        return wilson(self.hits, self.scams)

    @property
    def false_alarm_interval(self) -> tuple[float, float] | None:
        return wilson(self.false_alarms, self.genuine)

    def add(self, genuine: bool, said_scam: bool, n: int = 1) -> None:
        if genuine:
            self.genuine += n
            self.false_alarms += n * said_scam
        else:
            self.scams += n
            self.hits += n * said_scam


@dataclass
class LearningFigures:
    plays: int = 0  # plays with both halves answered
    halves: dict[tuple[str, str], Half] = field(default_factory=dict)  # (family or ALL, phase) -> counts

    def half(self, family: str, phase: str) -> Half:
        return self.halves.setdefault((family, phase), Half())

    def families(self) -> list[str]:
        return [f for f in FAMILIES if any((f, ph) in self.halves for ph in PHASES)] + [ALL]


def tally(answers: list[tuple[str, str, bool, bool]]) -> dict[tuple[str, str], Half]:
    """Counts from (phase, family, genuine, said_scam) rows of one or many plays."""
    out: dict[tuple[str, str], Half] = {}
    for phase, family, genuine, said_scam in answers:
        if phase not in PHASES:
            continue
        for key in ((family, phase), (ALL, phase)):
            out.setdefault(key, Half()).add(genuine, said_scam)
    return out


def compute_from(conn: sqlite3.Connection, since: date | None = None, scenario: str | None = None) -> LearningFigures:
    fig = LearningFigures()
    if not has_answers(conn):
        return fig
    where, params = ["a.phase IN ('before', 'after')"], []
    if since is not None:
        where.append("p.started >= ?")
        params.append(since.isoformat())
    if scenario:
        where.append("p.scenario = ?")
        params.append(scenario)
    both = "a.play_id IN (SELECT play_id FROM answers WHERE phase = 'before' INTERSECT SELECT play_id FROM answers WHERE phase = 'after')"
    sql = (
        "SELECT a.phase, a.family, a.genuine, a.said = 'scam', COUNT(*) FROM answers a "
        f"JOIN plays p ON p.play_id = a.play_id WHERE {' AND '.join(where)} AND {both} GROUP BY 1, 2, 3, 4"
    )
    for phase, family, genuine, said_scam, n in conn.execute(sql, params):
        for key in ((family, phase), (ALL, phase)):
            fig.half(*key).add(bool(genuine), bool(said_scam), n)
    plays_sql = (
        f"SELECT COUNT(DISTINCT a.play_id) FROM answers a JOIN plays p ON p.play_id = a.play_id WHERE {' AND '.join(where)} AND {both}"
    )
    fig.plays = conn.execute(plays_sql, params).fetchone()[0]
    return fig


def compute(path: Path, since: date | None = None, scenario: str | None = None) -> LearningFigures:
    conn = open_readonly(path)
    try:
        return compute_from(conn, since, scenario)
    except sqlite3.DatabaseError as err:
        raise Unreadable(f"{path}: cannot be read ({err})") from err
    finally:
        conn.close()


# -- output ---------------------------------------------------------------------------


def _num(x: float | None) -> str | float:
    return "" if x is None else round(x, 4)


def family_name(family: str, lang: str) -> str:
    return ui("report_all_families", lang) if family == ALL else ui(f"kind_{family}", lang)


def csv_rows(fig: LearningFigures, lang: str) -> tuple[list[str], list[list[object]]]:
    header = [
        "family",
        "name",
        "phase",
        "plays",
        "scams",
        "hits",
        "hit_rate",
        "hit_low95",
        "hit_high95",
        "genuine",
        "false_alarms",
        "false_alarm_rate",
        "false_alarm_low95",
        "false_alarm_high95",
    ]
    rows: list[list[object]] = []
    for family in fig.families():
        for phase in PHASES:
            h = fig.halves.get((family, phase), Half())
            hi, fi = h.hit_interval, h.false_alarm_interval
            rows.append(
                [
                    family,
                    family_name(family, lang),
                    phase,
                    fig.plays,
                    h.scams,
                    h.hits,
                    _num(h.hit_rate),
                    _num(hi[0] if hi else None),
                    _num(hi[1] if hi else None),
                    h.genuine,
                    h.false_alarms,
                    _num(h.false_alarm_rate),
                    _num(fi[0] if fi else None),
                    _num(fi[1] if fi else None),
                ]
            )
    return header, rows


def _part(k: int, n: int, interval: tuple[float, float] | None, lang: str) -> str:
    if not n or interval is None:
        return ui("report_no_data", lang)
    return f"{round(100 * k / n)}% ({k}/{n}) [{round(100 * interval[0])}–{round(100 * interval[1])}%]"


def chart(fig: LearningFigures, lang: str, footer: str = "") -> ch.Chart:
    """Hit rate and false-alarm rate, before and after, per family: bars with 95 % whiskers."""
    rows = []
    for family in fig.families():
        for phase in PHASES:
            h = fig.halves.get((family, phase), Half())
            rows.append(
                ch.Row(
                    f"{family_name(family, lang)} · {ui('report_' + phase, lang)}",
                    (h.hit_rate, h.false_alarm_rate),
                    (
                        _part(h.hits, h.scams, h.hit_interval, lang),
                        _part(h.false_alarms, h.genuine, h.false_alarm_interval, lang),
                    ),
                    strong=family == ALL,
                    faint=phase == "before",
                    intervals=(h.hit_interval, h.false_alarm_interval),
                )
            )
    return ch.bar_chart(
        ui("report_learning_title", lang),
        ui("report_learning_sub", lang, n=fig.plays),
        [ch.Series(ui("report_learning_hits", lang), ch.GREEN), ch.Series(ui("report_learning_fa", lang), ch.PURPLE)],
        rows,
        footer,
    )


def write(fig: LearningFigures, lang: str, out: Path, footer: str = "") -> list[Path]:
    from .report import _write_csv

    header, rows = csv_rows(fig, lang)
    _write_csv(out / "learning.csv", header, rows)
    chart(fig, lang, footer).save(out / "learning.png")
    return [out / "learning.csv", out / "learning.png"]


def xapi_extensions(answers) -> dict[str, dict[str, int]] | None:
    """A play's measure as counts per half and family, for its xAPI result (None without both halves)."""
    rows = [(a.phase, a.family, a.genuine, a.said == "scam") for a in answers]
    phases = {r[0] for r in rows}
    if not {"before", "after"} <= phases:
        return None
    out: dict[str, dict[str, int]] = {}
    for (family, phase), h in sorted(tally(rows).items()):
        name = "all" if family == ALL else family
        out[f"{phase}/{name}"] = {"scams": h.scams, "hits": h.hits, "genuine": h.genuine, "false_alarms": h.false_alarms}
    return out


def summary_lines(fig: LearningFigures, lang: str) -> list[str]:
    """The terminal report's lines: per family, hit and false-alarm rates before -> after."""
    if not fig.plays:
        return [ui("report_learning_none", lang)]
    lines = [ui("report_learning_header", lang, n=fig.plays)]
    for family in fig.families():
        b, a = fig.halves.get((family, "before"), Half()), fig.halves.get((family, "after"), Half())
        lines.append(
            "  "
            + ui(
                "report_learning_line",
                lang,
                family=family_name(family, lang),
                hb=_short(b.hits, b.scams),
                ha=_short(a.hits, a.scams),
                fb=_short(b.false_alarms, b.genuine),
                fa=_short(a.false_alarms, a.genuine),
            )
        )
    return lines


def _short(k: int, n: int) -> str:
    return f"{round(100 * k / n)}% ({k}/{n})" if n else "—"
