"""Killing a playing process at any moment loses at most the play in progress.

A subprocess (tests/record_player.py) plays random plays of the shipped scenarios
through Session into a record store as fast as it can, printing each play's id once
finish_play has returned. The test kills it with SIGKILL at random moments, many times
over the same store, then checks: every play reported finished is in the store, finished,
with all its choices; the store opens cleanly (never moved aside as damaged); nothing is
left "in progress" once a store has been reopened.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.record.schema import FILE_NAME
from game.record.store import RecordStore

PLAYER = Path(__file__).resolve().parent / "record_player.py"

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")


def run_and_kill(data: Path, rng: random.Random, wait_for_ready: bool) -> dict[str, int]:
    proc = subprocess.Popen(
        [sys.executable, str(PLAYER), str(data), "0", str(rng.randrange(1 << 30))],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        if wait_for_ready:
            assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
            time.sleep(rng.uniform(0.0, 0.12))  # mid-play: thousands of choices a second go by
        else:
            time.sleep(rng.uniform(0.0, 0.25))  # maybe while starting, opening or making the store
    finally:
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL, err  # it was playing, not stopped by an error
    finished = {}
    for line in out.split("\n")[:-1]:  # only whole lines: the last one may have been cut by the kill
        if line != "ready":
            play_id, made = line.split()
            finished[play_id] = int(made)
    return finished


def check_store(data: Path) -> None:
    store = RecordStore.open_in(data)
    assert store.backend == "file", store.warnings
    assert store.warnings == []
    store.close()


def test_kills_at_random_moments_lose_only_the_play_in_progress(tmp_path):
    rng = random.Random(20251123)
    data = tmp_path / "kiosk"
    finished: dict[str, int] = {}
    kills = 0
    deadline = time.monotonic() + 10
    while kills < 12 or (kills < 40 and time.monotonic() < deadline):
        finished.update(run_and_kill(data, rng, wait_for_ready=kills % 4 != 3))
        kills += 1
        if kills % 5 == 0:
            check_store(data)  # reopen now and then, as a restarted kiosk would
    check_store(data)

    assert len(finished) > 50, "the player should have finished many plays between kills"
    assert not list(data.glob("*.corrupt-*")), "a kill must never leave the store damaged"
    conn = sqlite3.connect(data / FILE_NAME)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        status = dict(conn.execute("SELECT play_id, status FROM plays").fetchall())
        counts = dict(conn.execute("SELECT play_id, COUNT(*) FROM choices GROUP BY play_id").fetchall())
        lost = [pid for pid in finished if status.get(pid) != "finished"]
        assert not lost, f"{len(lost)} finished play(s) lost or not marked finished"
        short = [pid for pid, n in finished.items() if counts.get(pid) != n]
        assert not short, f"{len(short)} finished play(s) missing choices"
        assert "in_progress" not in status.values()  # reopening marked the cut-off plays abandoned
        assert "abandoned" in status.values()  # ... and there were some: kills did land mid-play
    finally:
        conn.close()


def test_kills_while_a_new_store_is_being_made_leave_one_that_opens(tmp_path):
    rng = random.Random(7)
    for i in range(6):
        data = tmp_path / f"fresh{i}"
        run_and_kill(data, rng, wait_for_ready=False)
        if data.exists():
            check_store(data)
            assert not list(data.glob("*.corrupt-*"))
