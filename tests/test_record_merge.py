"""`merge`: several machines' stores folded into one, each play counted once."""

from __future__ import annotations

import shutil
import sqlite3

from recordhelp import PLAYS, make_store

from game.cli import main
from game.record.figures import compute
from game.record.reading import load


def counts(db) -> tuple[int, int]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT COUNT(*) FROM plays").fetchone()[0], conn.execute("SELECT COUNT(*) FROM choices").fetchone()[0]
    finally:
        conn.close()


def test_the_same_play_twice_counts_once(tmp_path, capsys):
    a = make_store(tmp_path / "a.sqlite3", {k: PLAYS[k] for k in ("p1", "p2")})
    b = make_store(tmp_path / "b.sqlite3", {k: PLAYS[k] for k in ("p2", "p3", "p4")})  # p2 is on both
    copy = shutil.copy(a, tmp_path / "a-again.sqlite3")  # the same kiosk's file sent twice
    into = tmp_path / "all.sqlite3"
    assert main(["merge", str(a), str(b), str(copy), "--into", str(into)]) == 0
    said = capsys.readouterr().out
    assert "3 plays: 2 new, 1 already there" in said and "2 plays: 0 new, 2 already there" in said
    assert counts(into) == (4, sum(len(p[4]) for p in PLAYS.values()))
    fig = compute(into)
    assert fig.plays == 4 and fig.total.scam_decisions == 6  # the same numbers as one store holding each play once
    # Merging again changes nothing.
    assert main(["merge", str(a), str(b), "--into", str(into)]) == 0
    assert counts(into) == (4, 10)


def test_a_finished_copy_of_a_play_wins_over_an_earlier_unfinished_one(tmp_path):
    early = tmp_path / "early.sqlite3"
    conn = sqlite3.connect(make_store(early, {"p1": PLAYS["p1"]}))
    conn.execute("UPDATE plays SET status = 'in_progress', outcome = NULL, ended = NULL")  # copied mid-play
    conn.execute("DELETE FROM choices WHERE seq = 3")
    conn.commit()
    conn.close()
    late = make_store(tmp_path / "late.sqlite3", {"p1": PLAYS["p1"]})
    into = tmp_path / "all.sqlite3"
    assert main(["merge", str(early), str(late), "--into", str(into)]) == 0
    (play,) = load(into).plays
    assert (play.status, play.outcome) == ("finished", "safe")
    assert counts(into) == (1, 3)
    # ... and in the other order, the finished copy is not downgraded.
    into2 = tmp_path / "all2.sqlite3"
    assert main(["merge", str(late), str(early), "--into", str(into2)]) == 0
    assert load(into2).plays[0].status == "finished"


def test_a_damaged_input_is_reported_and_skipped(tmp_path, capsys):
    good = make_store(tmp_path / "good.sqlite3", {"p1": PLAYS["p1"]})
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database at all " * 300)
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.close()
    into = tmp_path / "data" / "plays.sqlite3"
    assert main(["merge", str(bad), str(good), str(other), str(tmp_path / "missing.sqlite3"), "--data-dir", str(tmp_path / "data")]) == 1
    out = capsys.readouterr()
    assert "bad.sqlite3: skipped" in out.err and "other.sqlite3: skipped: not a play record" in out.err
    assert "missing.sqlite3: skipped" in out.err and "Traceback" not in out.err
    assert "good.sqlite3: 1 plays: 1 new" in out.out
    assert counts(into) == (1, 3)
    assert bad.read_bytes() == b"not a database at all " * 300  # inputs are only read


def test_merging_a_store_into_itself_is_refused_politely(tmp_path, capsys):
    db = make_store(tmp_path / "plays.sqlite3", {"p1": PLAYS["p1"]})
    assert main(["merge", str(db), "--into", str(db)]) == 1
    assert "target store itself" in capsys.readouterr().err
    assert counts(db) == (1, 3)
