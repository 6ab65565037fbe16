"""`report`: the numbers of a small hand-made store, the CSV files, the charts, the edge cases.

The store (tests/recordhelp.py) by hand:
- alpha: p1 finished safe (scam: neutral, safe; genuine: safe), p2 finished harmed
  (scam: risky, unsafe; genuine: risky = a false alarm), p3 abandoned (scam: safe; one
  single-choice step, not a decision);
- beta: p4, a group play, rescued (scam: neutral; genuine: safe).
Funnel (furthest stage on scam decisions): p1 plausible, p2 complied, p3 resisted, p4 plausible.
"""

from __future__ import annotations

import csv
import itertools
import shutil
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image
from recordhelp import NOW, PLAYS, fill, make_store, read_only_command

from game.cli import main
from game.record import charts as ch
from game.record.figures import compute, median_of
from game.record.report import Names, build_charts, names_for
from game.record.schema import FILE_NAME
from game.record.store import RecordStore


@pytest.fixture()
def store(tmp_path) -> Path:
    return make_store(tmp_path / "kiosk.sqlite3")


def read_csv(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {row[next(iter(row))]: row for row in csv.DictReader(fh)}


def test_the_figures_of_a_hand_made_store(store):
    fig = compute(store)
    alpha, beta = {s.scenario: s for s in fig.scenarios}["alpha"], {s.scenario: s for s in fig.scenarios}["beta"]
    assert (alpha.plays, alpha.finished, alpha.not_finished, alpha.group_plays) == (3, 2, 1, 0)
    assert (beta.plays, beta.finished, beta.group_plays) == (1, 1, 1)
    assert (alpha.met_scam, alpha.reached["plausible"], alpha.reached["engaged"], alpha.reached["complied"]) == (3, 2, 1, 1)
    assert (fig.total.met_scam, fig.total.reached["plausible"], fig.total.reached["engaged"]) == (4, 3, 1)
    assert (alpha.scam_decisions, alpha.hits, alpha.genuine_decisions, alpha.false_alarms) == (5, 2, 2, 1)
    assert alpha.discernment == pytest.approx(3 / 7)
    assert (alpha.median_seconds, beta.median_seconds, fig.total.median_seconds) == (5.0, 9.5, 6.0)
    tactics = [(t.tactic, t.n, t.fell) for t in fig.tactics]
    assert tactics == [("secrecy", 2, 1), ("urgency", 3, 1), ("fear_threat", 1, 0)]  # most fooled first


def test_report_writes_csv_files_with_the_right_numbers(store, tmp_path, capsys):
    out = tmp_path / "report"
    assert main(["report", "--db", str(store), "--out", str(out), "--lang", "en"]) == 0
    plays = read_csv(out / "plays_by_story.csv")
    assert {k: plays["alpha"][k] for k in ("plays", "finished", "not_finished", "completion", "outcome_harmed")} == {
        "plays": "3",
        "finished": "2",
        "not_finished": "1",
        "completion": "0.6667",
        "outcome_harmed": "1",
    }
    assert plays["*"]["plays"] == "4" and plays["*"]["group_plays"] == "1" and plays["*"]["completion"] == "0.75"

    funnel = read_csv(out / "funnel_by_story.csv")
    assert [funnel["alpha"][k] for k in ("plays_meeting_a_scam", "plausible", "engaged", "complied")] == ["3", "2", "1", "1"]
    assert [funnel["*"][k] for k in ("plausible_share", "engaged_share", "complied_share")] == ["0.75", "0.25", "0.25"]
    assert funnel["beta"]["engaged_share"] == "0.0"

    tactics = read_csv(out / "tactics.csv")
    assert list(tactics) == ["secrecy", "urgency", "fear_threat"]
    assert [tactics["urgency"][k] for k in ("scam_decisions", "fell_for", "fell_for_share", "median_seconds")] == [
        "3",
        "1",
        "0.3333",
        "4.0",
    ]
    assert tactics["urgency"]["name"] == names_for("en").tactic("urgency") != "urgency"  # the catalogue's name

    disc = read_csv(out / "discernment_by_story.csv")
    assert [disc["alpha"][k] for k in ("hits", "hit_rate", "false_alarms", "false_alarm_rate", "discernment")] == [
        "2",
        "0.4",
        "1",
        "0.5",
        "0.4286",
    ]
    assert [disc["*"][k] for k in ("scam_decisions", "hits", "genuine_decisions", "false_alarms")] == ["6", "2", "3", "1"]

    with (out / "time_to_decide.csv").open(encoding="utf-8-sig") as fh:
        times = {(r["by"], r["id"]): r["median_seconds"] for r in csv.DictReader(fh)}
    assert times[("story", "alpha")] == "5.0" and times[("story", "beta")] == "9.5" and times[("story", "*")] == "6.0"
    assert times[("tactic", "secrecy")] == "7.0"

    for name in ("plays", "funnel", "tactics", "discernment", "time_to_decide"):
        with Image.open(out / f"{name}.png") as img:
            assert img.width == 1920 and img.height >= 1080
            assert len(img.getcolors(1 << 16) or []) > 2  # drawn, not blank

    said = capsys.readouterr().out
    assert "All stories" in said and "Plays: 3, played to the end: 2 (67%)" in said
    assert "found it plausible 67% · engaged 33% · complied 33%" in said
    assert "Scams spotted: 40% (n = 5)" in said and str(out) in said


def test_the_report_speaks_vietnamese(store, tmp_path, capsys, catalogue):
    out = tmp_path / "vi"
    assert main(["report", "--db", str(store), "--out", str(out), "--lang", "vi"]) == 0
    said = capsys.readouterr().out
    assert "Tất cả câu chuyện" in said and "9,5 giây" in said
    assert catalogue["secrecy"].name.get("vi") in said
    assert read_csv(out / "tactics.csv")["secrecy"]["name"] == catalogue["secrecy"].name.get("vi")


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def assert_readable(chart: ch.Chart) -> None:
    w, h = chart.image.size
    for text, box in chart.boxes:
        assert 0 <= box[0] and 0 <= box[1] and box[2] <= w and box[3] <= h, f"'{text}' leaves the picture"
    for (ta, a), (tb, b) in itertools.combinations(chart.boxes, 2):
        assert not overlaps(a, b), f"'{ta}' overlaps '{tb}'"


def test_chart_texts_never_overlap_nor_leave_the_picture(store):
    fig = compute(store)
    for lang in ("vi", "en"):
        for name, chart in build_charts(fig, names_for(lang)).items():
            assert chart.boxes, name
            assert_readable(chart)


def test_long_labels_and_many_rows_stay_readable():
    long = "Một tên chiêu lừa rất dài để thử xem nhãn có xuống dòng và cắt gọn đúng cách hay không nhé " * 2
    rows = [ch.Row(f"{i}. {long}", (i / 30, 1 - i / 30, 0.5), ("100% (999/999)", "chưa có số liệu", "50% (1/2)")) for i in range(30)]
    series = [
        ch.Series("Thấy có vẻ thật", ch.ORANGE),
        ch.Series("Bắt đầu làm theo", ch.VERMILION),
        ch.Series("Làm theo đến cùng (tiền, ứng dụng, khách sạn) " * 3, ch.DARK_RED),
    ]
    chart = ch.bar_chart(long, long, series, rows, footer=long * 3)
    assert_readable(chart)
    assert any(text.endswith("…") for text, _ in chart.boxes)  # cut with an ellipsis, not run off
    labels = [t for t, _ in chart.boxes if t.startswith("0.")]
    assert labels and ch.font(38).getlength(labels[0]) <= 0.36 * 1920


def test_an_empty_store_gives_a_clear_message(tmp_path, capsys):
    RecordStore.open_in(tmp_path).close()
    out = tmp_path / "out"
    assert main(["report", "--data-dir", str(tmp_path), "--out", str(out)]) == 0
    assert "No plays recorded yet" in capsys.readouterr().out
    assert not out.exists()
    # No store at all in the data folder: the same message, nothing made.
    empty = tmp_path / "nothing-here"
    assert main(["report", "--data-dir", str(empty), "--lang", "vi"]) == 0
    assert "Chưa có lượt chơi nào" in capsys.readouterr().out
    assert not (empty / FILE_NAME).exists()


def test_filters_by_date_and_scenario(store, tmp_path, capsys):
    out = tmp_path / "beta"
    assert main(["report", "--db", str(store), "--scenario", "beta", "--out", str(out)]) == 0
    assert list(read_csv(out / "plays_by_story.csv")) == ["beta", "*"]
    capsys.readouterr()
    assert main(["report", "--db", str(store), "--since", NOW.date().isoformat()]) == 0
    assert "4 plays" in capsys.readouterr().out
    assert main(["report", "--db", str(store), "--since", "2025-11-21"]) == 0
    assert "No plays match" in capsys.readouterr().out
    assert main(["report", "--db", str(store), "--since", "last tuesday"]) == 2


def test_a_damaged_or_missing_db_is_an_error_not_a_traceback(tmp_path, capsys):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"\x00garbage" * 500)
    assert main(["report", "--db", str(bad)]) == 1
    assert main(["report", "--db", str(tmp_path / "missing.sqlite3")]) == 1
    err = capsys.readouterr().err
    assert "bad.sqlite3" in err and "missing.sqlite3" in err and "Traceback" not in err
    assert bad.read_bytes() == b"\x00garbage" * 500  # a report never touches its input


def test_a_store_in_a_read_only_folder_can_be_reported(tmp_path):
    """Stores copied from kiosks onto a read-only stick, write-ahead log and all."""
    kiosk = tmp_path / "kiosk"
    store = RecordStore.open_in(kiosk, now=lambda: NOW)
    fill(store)  # still open: the plays are in the write-ahead log, not yet in the main file
    stick = tmp_path / "stick"
    stick.mkdir()
    for name in (FILE_NAME, FILE_NAME + "-wal"):
        shutil.copyfile(kiosk / name, stick / name)
    store.close()
    before = sorted(p.name for p in stick.iterdir())
    prefix = read_only_command(stick)
    if prefix is None:
        pytest.skip("cannot make a read-only folder here")
    out = tmp_path / "out"
    try:
        run = subprocess.run(
            [*prefix, sys.executable, "main.py", "report", "--db", str(stick / FILE_NAME), "--out", str(out)],
            cwd=Path(__file__).resolve().parents[1],
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        stick.chmod(0o755)
    assert run.returncode == 0, run.stderr
    assert read_csv(out / "plays_by_story.csv")["*"]["plays"] == "4"
    assert sorted(p.name for p in stick.iterdir()) == before


def test_a_report_on_a_live_store_counts_the_play_in_progress_as_not_finished(tmp_path, capsys):
    db = make_store(tmp_path / FILE_NAME, {"p1": PLAYS["p1"]})
    live = RecordStore(db)
    live.start_play("live", "kiosk", "vi", "alpha")
    assert main(["report", "--db", str(db), "--out", str(tmp_path / "out")]) == 0
    assert read_csv(tmp_path / "out" / "plays_by_story.csv")["alpha"]["not_finished"] == "1"
    live.finish_play("live", "safe", False)  # the kiosk was not disturbed
    live.close()
    assert live.warnings == []


@pytest.mark.parametrize(
    "values", [[5.0], [1.0, 2.0], [3.0, 1.0, 2.0, 2.0, 9.5], [0.5] * 4 + [7.25] * 3, [float(i % 13) / 4 for i in range(101)]]
)
def test_the_median_from_counted_values_is_the_median(values):
    assert median_of(Counter(values)) == statistics.median(values)
    assert median_of(Counter()) is None


def test_names_fall_back_to_ids():
    names = Names("en", {"alpha": "Alpha story"}, {})
    assert names.scenario("alpha") == "Alpha story" and names.scenario("zeta") == "zeta"
    assert names.tactic("made_up") == "made_up" and names.scenario("*") == "All stories"
