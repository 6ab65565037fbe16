"""The report: a terminal summary, PNG charts and CSV files, all from the same figures.

Labels are in the chosen language: scenario titles and tactic names come from the
scenario files and the tactic catalogue (an id stands in for one that no longer loads).
CSV files are UTF-8 with a byte-order mark, so spreadsheet programs show Vietnamese
right; their columns are machine-friendly ids plus one name column in the language.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from ..core.strings import ui
from . import charts as ch
from .figures import ALL, STAGES, Figures, ScenarioFigures

STAGE_COLORS = {"plausible": ch.ORANGE, "engaged": ch.VERMILION, "complied": ch.DARK_RED}
FEW = 10  # fewer answers than this on a tactic: its bar is drawn pale


@dataclass
class Names:
    """Scenario titles and tactic names in the report's language."""

    lang: str
    scenarios: dict[str, str] = field(default_factory=dict)
    tactics: dict[str, str] = field(default_factory=dict)

    def scenario(self, sid: str) -> str:
        return ui("report_all_stories", self.lang) if sid == ALL else self.scenarios.get(sid, sid)

    def tactic(self, tid: str) -> str:
        return self.tactics.get(tid, tid)


def names_for(lang: str) -> Names:
    try:
        from ..core.library import load_library

        lib = load_library()
    except Exception:  # noqa: BLE001 - a report from ids is better than none
        return Names(lang)
    return Names(
        lang,
        {sid: sc.title.get(lang) for sid, sc in lib.scenarios.items()},
        {tid: t.name.get(lang) for tid, t in lib.catalogue.tactics.items()},
    )


def pct(x: float | None) -> int | None:
    return None if x is None else round(100 * x)


def _num(x: float | None, digits: int = 4) -> str | float:
    return "" if x is None else round(x, digits)


def _seconds(x: float | None, lang: str) -> str:
    if x is None:
        return ui("report_no_data", lang)
    text = f"{x:.1f}"
    return ui("report_seconds", lang, s=text.replace(".", ui("decimal_mark", lang)))  # Vietnamese writes 9,5


def _part(part: int, whole: int, lang: str) -> str:
    return ui("report_no_data", lang) if not whole else f"{round(100 * part / whole)}% ({part}/{whole})"


def _rows_with_total(fig: Figures) -> list[ScenarioFigures]:
    return [fig.total, *fig.scenarios]


# -- CSV ---------------------------------------------------------------------------------


def _write_csv(path: Path, header: list[str], rows: Sequence[Sequence[object]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def write_csv_files(fig: Figures, names: Names, out: Path) -> list[Path]:
    """One CSV a figure; the all-stories row comes last, with the id '*'."""
    story_rows = [*fig.scenarios, fig.total]
    files = {
        "plays_by_story.csv": (
            [
                "scenario",
                "title",
                "plays",
                "group_plays",
                "finished",
                "not_finished",
                "completion",
                "outcome_safe",
                "outcome_rescued",
                "outcome_harmed",
            ],
            [
                [
                    s.scenario,
                    names.scenario(s.scenario),
                    s.plays,
                    s.group_plays,
                    s.finished,
                    s.not_finished,
                    _num(s.completion),
                    s.outcomes["safe"],
                    s.outcomes["rescued"],
                    s.outcomes["harmed"],
                ]
                for s in story_rows
            ],
        ),
        "funnel_by_story.csv": (
            ["scenario", "title", "plays_meeting_a_scam", *STAGES, *(f"{st}_share" for st in STAGES)],
            [
                [
                    s.scenario,
                    names.scenario(s.scenario),
                    s.met_scam,
                    *(s.reached[st] for st in STAGES),
                    *(_num(s.stage_share(st)) for st in STAGES),
                ]
                for s in story_rows
            ],
        ),
        "tactics.csv": (
            ["tactic", "name", "scam_decisions", "fell_for", "fell_for_share", "median_seconds"],
            [[t.tactic, names.tactic(t.tactic), t.n, t.fell, _num(t.share), _num(t.median_seconds, 2)] for t in fig.tactics],
        ),
        "discernment_by_story.csv": (
            [
                "scenario",
                "title",
                "scam_decisions",
                "hits",
                "hit_rate",
                "genuine_decisions",
                "false_alarms",
                "false_alarm_rate",
                "discernment",
            ],
            [
                [
                    s.scenario,
                    names.scenario(s.scenario),
                    s.scam_decisions,
                    s.hits,
                    _num(s.hit_rate),
                    s.genuine_decisions,
                    s.false_alarms,
                    _num(s.false_alarm_rate),
                    _num(s.discernment),
                ]
                for s in story_rows
            ],
        ),
        "time_to_decide.csv": (
            ["by", "id", "name", "decisions", "median_seconds"],
            [["story", s.scenario, names.scenario(s.scenario), s.decisions, _num(s.median_seconds, 2)] for s in story_rows]
            + [["tactic", t.tactic, names.tactic(t.tactic), t.n, _num(t.median_seconds, 2)] for t in fig.tactics],
        ),
    }
    written = []
    for name, (header, rows) in files.items():
        _write_csv(out / name, header, rows)
        written.append(out / name)
    return written


# -- charts ------------------------------------------------------------------------------


def _when(minute: str | None) -> str:
    return (minute or "").replace("T", " ").rstrip("Z")


def build_charts(fig: Figures, names: Names) -> dict[str, ch.Chart]:
    lang = names.lang
    footer = ui("report_footer", lang, n=fig.plays, first=_when(fig.first), last=_when(fig.last))
    out: dict[str, ch.Chart] = {}

    out["plays.png"] = ch.bar_chart(
        ui("report_plays_title", lang),
        ui("report_plays_sub", lang),
        [ch.Series(ui("report_finished", lang), ch.BLUE), ch.Series(ui("report_not_finished", lang), ch.GREY)],
        [
            ch.Row(
                names.scenario(s.scenario), (s.finished, s.not_finished), (ui("report_plays_value", lang, n=s.plays, p=pct(s.completion)),)
            )
            for s in fig.scenarios
        ],
        footer,
        stacked=True,
        percent=False,
    )
    out["funnel.png"] = ch.bar_chart(
        ui("report_funnel_title", lang),
        ui("report_funnel_sub", lang),
        [ch.Series(ui(f"report_stage_{st}", lang), STAGE_COLORS[st]) for st in STAGES],
        [
            ch.Row(
                names.scenario(s.scenario),
                tuple(s.stage_share(st) for st in STAGES),
                tuple(_part(s.reached[st], s.met_scam, lang) for st in STAGES),
                strong=s.scenario == ALL,
            )
            for s in _rows_with_total(fig)
        ],
        footer,
    )
    out["tactics.png"] = ch.bar_chart(
        ui("report_tactics_title", lang),
        ui("report_tactics_sub", lang),
        [ch.Series(ui("report_tactics_title", lang), ch.VERMILION)],
        [ch.Row(names.tactic(t.tactic), (t.share,), (_part(t.fell, t.n, lang),), faint=t.n < FEW) for t in fig.tactics]
        or [ch.Row(ui("report_no_data", lang), (None,), ("",))],
        footer + (" · " + ui("report_few_data", lang, n=FEW) if any(t.n < FEW for t in fig.tactics) else ""),
    )
    out["discernment.png"] = ch.bar_chart(
        ui("report_discern_title", lang),
        ui("report_discern_sub", lang),
        [ch.Series(ui("report_hits", lang), ch.GREEN), ch.Series(ui("report_false_alarms", lang), ch.PURPLE)],
        [
            ch.Row(
                names.scenario(s.scenario),
                (s.hit_rate, s.false_alarm_rate),
                (_part(s.hits, s.scam_decisions, lang), _part(s.false_alarms, s.genuine_decisions, lang)),
                strong=s.scenario == ALL,
            )
            for s in _rows_with_total(fig)
        ],
        footer,
    )
    out["time_to_decide.png"] = ch.bar_chart(
        ui("report_time_title", lang),
        ui("report_time_sub", lang),
        [ch.Series(ui("report_time_title", lang), ch.BLUE)],
        [
            ch.Row(names.scenario(s.scenario), (s.median_seconds,), (_seconds(s.median_seconds, lang),), strong=s.scenario == ALL)
            for s in _rows_with_total(fig)
        ],
        footer,
        percent=False,
    )
    return out


def write_charts(fig: Figures, names: Names, out: Path) -> list[Path]:
    written = []
    for name, chart in build_charts(fig, names).items():
        chart.save(out / name)
        written.append(out / name)
    return written


# -- terminal ----------------------------------------------------------------------------


def print_summary(fig: Figures, names: Names, source: Path, out: IO[str], top: int = 5) -> None:
    lang = names.lang
    say = lambda text="": print(text, file=out)  # noqa: E731
    say(ui("report_header", lang, path=source, n=fig.plays, first=_when(fig.first), last=_when(fig.last)))
    for s in _rows_with_total(fig):
        say()
        say(names.scenario(s.scenario) + ("" if s.scenario == ALL else f" ({s.scenario})"))
        line = ui("report_line_plays", lang, n=s.plays, f=s.finished, p=pct(s.completion))
        if s.group_plays:
            line += ", " + ui("report_line_group", lang, n=s.group_plays)
        say("  " + line)
        if s.met_scam:
            a, b, c = (pct(s.stage_share(st)) for st in STAGES)
            say("  " + ui("report_line_funnel", lang, n=s.met_scam, a=a, b=b, c=c))
        if s.scam_decisions or s.genuine_decisions:
            h = f"{pct(s.hit_rate)}%" if s.hit_rate is not None else "—"
            f = f"{pct(s.false_alarm_rate)}%" if s.false_alarm_rate is not None else "—"
            say("  " + ui("report_line_discern", lang, h=h, hn=s.scam_decisions, f=f, fn=s.genuine_decisions))
        if s.decisions:
            say("  " + ui("report_line_time", lang, s=_seconds(s.median_seconds, lang)))
    if fig.tactics:
        say()
        say(ui("report_top_tactics", lang) + ":")
        width = max(len(names.tactic(t.tactic)) for t in fig.tactics[:top])
        for t in fig.tactics[:top]:
            say(f"  {names.tactic(t.tactic):<{width}}  {_part(t.fell, t.n, lang)}")
