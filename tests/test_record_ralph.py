"""The outbox against a real LRS: Ralph (PyPI ralph-malph) with its filesystem backend.

Ralph runs as a subprocess on 127.0.0.1 with its own temporary folders and credentials
made by `ralph auth`. Its filesystem backend accepts only the first write to its file, so
each phase starts a fresh Ralph on a fresh store and keeps to one batch. Skipped, with the
reason, when Ralph cannot be installed here.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from recordhelp import NOW, PLAYS, fill, make_store

from game.record.reading import load
from game.record.sender import http_poster, open_store, send
from game.record.store import RecordStore
from game.record.xapi import statements

RALPH = Path(sys.executable).with_name("ralph")
USER, PASSWORD = "kiosk-7", "not-a-real-secret"

pytestmark = pytest.mark.skipif(
    not RALPH.exists() or shutil.which("ralph", path=str(RALPH.parent)) is None,
    reason="ralph-malph[cli,lrs] is not installed in this environment (pip install -e '.[test]' installs it)",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Ralph:
    """One Ralph LRS on a fresh filesystem store."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/xAPI/"
        self.env = dict(os.environ, RALPH_APP_DIR=str(folder / "app"), RALPH_RUNSERVER_BACKEND="fs")
        (folder / "store").mkdir(parents=True)
        if not (folder / "app" / "auth.json").exists():
            made = subprocess.run(
                [str(RALPH), "auth", "-u", USER, "-p", PASSWORD, "-s", "all", "-M", "mailto:kiosk-7@example.org", "-w"],
                env=self.env,
                capture_output=True,
                text=True,
                timeout=120,
            )
            if made.returncode != 0:
                pytest.skip(f"ralph auth failed here: {made.stderr.strip().splitlines()[-1:]}")
        self.log = open(folder / "ralph.log", "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [
                str(RALPH),
                "runserver",
                "-b",
                "fs",
                "--fs-default-directory-path",
                str(folder / "store"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
            ],
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.skip(f"Ralph did not start: {(folder / 'ralph.log').read_text()[-300:]}")
            try:
                self.read()
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        pytest.skip("Ralph did not answer within 60 s")

    def read(self) -> list[dict]:
        token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        request = urllib.request.Request(
            f"{self.url}statements?limit=1000", headers={"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"}
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.load(answer)["statements"]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def day_of_plays() -> dict:
    plays = dict(PLAYS)
    for i in range(12):
        plays[f"day{i:02d}"] = PLAYS["p1" if i % 3 else "p2"]
    return plays  # 16 plays, 77 statements: one batch


def test_a_day_of_plays_reaches_ralph_once_and_survives_it_going_down(tmp_path):
    db = make_store(tmp_path / "plays.sqlite3", day_of_plays())
    expected = {s["id"] for s in statements(load(db))}
    assert len(expected) <= 100  # one batch: Ralph's file store takes one write

    # Phase 1: send, read back.
    ralph = Ralph(tmp_path / "ralph1")
    try:
        conn = open_store(db)
        result = send(conn, http_poster(ralph.url, USER, PASSWORD), {})
        assert (result.sent, result.parked, result.stopped) == (len(expected), [], "")
        held = ralph.read()
        assert {s["id"] for s in held} == expected and len(held) == len(expected)
        # Phase 2: send again: nothing new is posted.
        again = send(conn, http_poster(ralph.url, USER, PASSWORD), {})
        assert (again.requests, again.sent) == (0, 0)
        assert len(ralph.read()) == len(expected)
    finally:
        ralph.stop()

    # Phase 3: more plays end while the LRS is down; they stay queued and go when it is back.
    store = RecordStore(db, now=lambda: NOW + timedelta(hours=2))
    fill(store, {"late1": PLAYS["p1"], "late2": PLAYS["p4"]})
    store.close()
    late = {s["id"] for s in statements(load(db)) if s["actor"]["account"]["name"] in ("late1", "late2")}
    down = send(conn, http_poster(ralph.url, USER, PASSWORD, timeout=3), {}, now=lambda: NOW + timedelta(hours=2))
    assert down.sent == 0 and down.deferred == len(late) == 9 and down.stopped
    ralph = Ralph(tmp_path / "ralph2")
    try:
        back = send(conn, http_poster(ralph.url, USER, PASSWORD), {}, now=lambda: NOW + timedelta(hours=3))
        assert (back.sent, back.parked) == (len(late), [])
        assert {s["id"] for s in ralph.read()} == late
    finally:
        ralph.stop()
        conn.close()
