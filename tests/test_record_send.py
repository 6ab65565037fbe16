"""`send`: the outbox reaches an LRS once, survives its absence, and isolates a refused statement.

Everything goes over real HTTP on 127.0.0.1 to a small LRS stand-in (tests/lrshelp.py)
that behaves as LRSs do: atomic batches, 409 on an id held with another body, 401 on bad
credentials. The test against Ralph itself is in test_record_ralph.py.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta

import pytest
from lrshelp import FakeLRS
from recordhelp import NOW, PLAYS, fill, make_store

from game.cli import main
from game.record import outbox
from game.record.reading import load
from game.record.sender import BATCH, AuthRefused, http_poster, open_store, send
from game.record.store import RecordStore
from game.record.xapi import statements

TITLES = {"alpha": {"en": "Alpha", "vi": "Anpha"}, "beta": {"en": "Beta"}}


@pytest.fixture()
def lrs():
    server = FakeLRS()
    yield server
    server.close()


def run(db, lrs, titles=TITLES, now=None, password="s3cret"):
    conn = open_store(db)
    try:
        return send(conn, http_poster(lrs.url, "kiosk-1", password, timeout=5), titles, now=now or (lambda: NOW))
    finally:
        conn.close()


def many_plays(n: int) -> dict:
    """n finished plays of three choices each: 5 statements a play."""
    return {f"m{i:04d}": ("alpha", "kiosk", "vi", "safe", [("s1", "urgency", False, "safe", 3.0, True)] * 3) for i in range(n)}


def test_a_day_of_plays_arrives_once_and_a_second_run_sends_nothing(tmp_path, lrs):
    db = make_store(tmp_path / "plays.sqlite3")
    first = run(db, lrs)
    expected = {s["id"] for s in statements(load(db), TITLES)}
    assert first.sent == len(expected) == len(lrs.held)
    assert set(lrs.held) == expected
    posts = lrs.posts
    again = run(db, lrs)  # a restart: a new connection, the same file
    assert (again.sent, again.requests, again.queued_now) == (0, 0, 0)
    assert lrs.posts == posts


def test_batches_hold_at_most_a_hundred_statements(tmp_path, lrs):
    db = make_store(tmp_path / "plays.sqlite3", many_plays(50))  # 250 statements
    result = run(db, lrs)
    assert result.sent == 250 == len(lrs.held)
    assert result.requests == -(-250 // BATCH) == 3


def test_an_abandoned_play_later_completed_sends_both_ends_without_a_conflict(tmp_path, lrs):
    db = tmp_path / "plays.sqlite3"
    store = RecordStore(db, now=lambda: NOW)
    fill(store, {"p3": PLAYS["p3"]})  # left before an ending
    store.close()
    assert run(db, lrs).sent == 4  # launched, two answers, abandoned
    with sqlite3.connect(db) as conn:  # what a merge does when the other machine saw it finish
        conn.execute("UPDATE plays SET status = 'finished', outcome = 'safe' WHERE play_id = 'p3'")
    second = run(db, lrs)
    assert second.parked == [] and second.sent == 1
    verbs = sorted(s["verb"]["display"]["en-US"] for s in lrs.held.values())
    assert verbs == ["abandoned", "answered", "answered", "completed", "launched"]


def test_a_title_added_later_never_changes_what_was_queued(tmp_path, lrs):
    db = make_store(tmp_path / "plays.sqlite3")
    run(db, lrs, titles={"alpha": {"en": "Alpha"}, "beta": {"en": "Beta"}})
    store = RecordStore(db, now=lambda: NOW + timedelta(hours=1))
    fill(store, {"p9": PLAYS["p1"]})  # a new play of alpha, after a French title was added
    store.close()
    result = run(db, lrs, titles={"alpha": {"en": "Alpha", "fr": "Alpha (fr)"}, "beta": {"en": "Beta"}})
    assert result.parked == [] and result.sent == 5
    names = {json.dumps(s["object"]["definition"]["name"]) for s in lrs.held.values() if s["object"]["id"].endswith("/alpha")}
    assert names == {json.dumps({"en": "Alpha"})}
    # and an export made afterwards says the same as what was sent: resending it by hand is harmless
    out = tmp_path / "export.json"
    assert main(["report", "--db", str(db), "--xapi", str(out)]) == 0
    exported = {s["id"]: s for s in json.loads(out.read_text(encoding="utf-8"))}
    assert all(lrs.held[i] == s for i, s in exported.items())


def test_a_conflicting_statement_is_isolated_and_parked_and_the_rest_goes(tmp_path, lrs):
    db = make_store(tmp_path / "plays.sqlite3", many_plays(40))  # 200 statements, two batches
    victim = statements(load(db), TITLES)[57]
    lrs.held[victim["id"]] = dict(victim, timestamp="2020-01-01T00:00:00.000Z")  # the LRS holds another body
    result = run(db, lrs)
    assert [sid for sid, _ in result.parked] == [victim["id"]]
    assert "409" in result.parked[0][1]
    assert result.sent == 199 and len(lrs.held) == 200
    assert result.requests <= 2 + 2 * 7  # halving: a handful of requests, not one per statement
    assert run(db, lrs).requests == 0  # parked means parked: not resent by itself
    with sqlite3.connect(db) as conn:
        assert outbox.counts(conn) == outbox.Counts(queued=0, sent=199, parked=1)


def test_the_lrs_going_down_mid_send_keeps_the_rest_queued_for_later(tmp_path, lrs):
    db = make_store(tmp_path / "plays.sqlite3", many_plays(50))  # 250 statements, three batches
    lrs.fail_with, lrs.fail_after = 503, 1  # the first batch gets in, then maintenance
    first = run(db, lrs)
    assert first.sent == 100 and first.deferred == 150 and "503" in first.stopped
    soon = run(db, lrs, now=lambda: NOW + timedelta(seconds=10))
    assert soon.requests == 0  # backing off: not hammering a server that is down
    lrs.fail_with = 0
    later = run(db, lrs, now=lambda: NOW + timedelta(minutes=5))
    assert later.sent == 150 and len(lrs.held) == 250


def test_no_server_at_all_is_a_deferral_not_an_error(tmp_path, lrs):
    db = make_store(tmp_path / "plays.sqlite3")
    lrs.close()
    result = run(db, lrs)
    assert result.sent == 0 and result.deferred > 0 and "no answer" in result.stopped


def test_wrong_credentials_stop_with_one_clear_line(tmp_path, lrs, capsys):
    db = make_store(tmp_path / "plays.sqlite3")
    with pytest.raises(AuthRefused):
        run(db, lrs, password="wrong")
    code = main(["send", "--db", str(db), "--lrs", lrs.url, "--user", "kiosk-1", "--password", "wrong"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and len(err) == 1 and "401" in err[0] and "--password" in err[0]
    assert lrs.held == {}


def test_send_command_sends_and_dry_run_changes_nothing(tmp_path, lrs, capsys):
    db = make_store(tmp_path / "plays.sqlite3")
    n = len(statements(load(db)))
    before = db.read_bytes()
    assert main(["send", "--db", str(db), "--lrs", lrs.url, "--dry-run"]) == 0
    assert f"{n} statement(s) would be sent" in capsys.readouterr().out
    assert db.read_bytes() == before and lrs.posts == 0
    assert main(["send", "--db", str(db), "--lrs", lrs.url, "--user", "kiosk-1", "--password", "s3cret"]) == 0
    assert f"sent {n} statement(s)" in capsys.readouterr().out
    assert len(lrs.held) == n


def test_export_as_json_lines(tmp_path):
    db = make_store(tmp_path / "plays.sqlite3")
    out = tmp_path / "statements.jsonl"
    assert main(["report", "--db", str(db), "--xapi", str(out), "--jsonl"]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(statements(load(db))) and all(json.loads(line)["id"] for line in lines)


def test_queued_bodies_are_never_rewritten(tmp_path):
    db = make_store(tmp_path / "plays.sqlite3")
    conn = open_store(db)
    assert outbox.queue_ended(conn, TITLES) > 0
    first = dict(conn.execute("SELECT id, body FROM outbox"))
    assert outbox.queue_ended(conn, {"alpha": {"en": "Renamed"}}) == 0
    assert dict(conn.execute("SELECT id, body FROM outbox")) == first
    conn.close()


def test_the_end_statement_id_depends_on_its_verb(tmp_path):
    db = make_store(tmp_path / "plays.sqlite3")
    sts = statements(load(db))
    ends = [s for s in sts if s["verb"]["display"]["en-US"] in ("completed", "abandoned")]
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE plays SET status = 'finished', outcome = 'safe' WHERE status = 'abandoned'")
    flipped = [s for s in statements(load(db)) if s["verb"]["display"]["en-US"] in ("completed", "abandoned")]
    abandoned_before = next(s for s in ends if s["verb"]["display"]["en-US"] == "abandoned")
    completed_after = next(s for s in flipped if s["actor"] == abandoned_before["actor"])
    assert completed_after["id"] != abandoned_before["id"]


def test_a_background_sender_never_blocks_and_delivers(tmp_path, lrs):
    from game.record.sender import BackgroundSender

    db = make_store(tmp_path / "plays.sqlite3")
    sender = BackgroundSender(db, http_poster(lrs.url, "kiosk-1", "s3cret", timeout=5), TITLES, every_s=5)
    sender.start()
    try:
        for _ in range(200):
            if sender.last is not None:
                break
            sender._stop.wait(0.05)
        assert sender.last is not None and sender.last.sent == len(lrs.held) > 0
    finally:
        sender.stop()


def test_kiosk_settings_name_the_lrs_and_a_bad_one_says_why(tmp_path):
    from game.kiosk.config import load_config

    path = tmp_path / "kiosk.json"
    path.write_text(json.dumps({"lrs": {"url": "https://lrs.example.org/xAPI/", "user": "kiosk-7", "every_minutes": 10}}), encoding="utf-8")
    cfg = load_config(path)
    assert cfg.problems == [] and cfg.lrs["url"].startswith("https://") and cfg.lrs["every_minutes"] == 10
    path.write_text(json.dumps({"lrs": {"url": "lrs.example.org", "pasword": "x"}}), encoding="utf-8")
    cfg = load_config(path)
    assert cfg.lrs == {}
    assert any("'pasword'" in p for p in cfg.problems) and any("https://" in p for p in cfg.problems)
