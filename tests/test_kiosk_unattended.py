"""An event day without staff: never invisible, watched by a watchdog, hard to hide, storage that heals, settings kept."""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pygame
import pytest
from apphelp import button, tap
from kioskhelp import PIN, make_kiosk, start_play

from game.kiosk.attract import STAFF_DOT
from game.record.schema import FILE_NAME
from game.record.store import RecordStore

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = "fake-police-call"


def corner_taps(app, n: int) -> None:
    for _ in range(n):
        for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
            pygame.event.post(pygame.event.Event(kind, pos=(5, 5), button=1, touch=False))
        app.frame()


def enter_pin(app, pin: str) -> None:
    for d in pin:
        tap(app, button(app, f"digit:{d}"))
    tap(app, button(app, "ok"))


def rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def wait_for(check, seconds: float = 20.0):
    """Poll a subprocess's visible effect (a file, a log line) until it shows or time runs out."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        got = check()
        if got:
            return got
        time.sleep(0.1)
    return check()


# -- never invisible ------------------------------------------------------------------------------


def test_without_a_display_the_kiosk_exits_non_zero_with_one_clear_line(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER", "XAUTHORITY")}
    env["XDG_RUNTIME_DIR"] = str(tmp_path)  # no Wayland socket there either
    out = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "kiosk", "--data-dir", str(tmp_path / "data")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    if out.returncode == 0:
        pytest.fail(f"the kiosk ran without a display: {out.stderr}")
    ours = [line for line in out.stderr.splitlines() if line.startswith("kiosk: no screen")]
    assert out.returncode == 3 and len(ours) == 1, out.stderr
    assert "DISPLAY unset" in ours[0] and "SDL_VIDEODRIVER=dummy" in ours[0]
    assert "no screen to show on" in (tmp_path / "data" / "logs" / "kiosk.log").read_text(encoding="utf-8")


def test_a_headless_driver_is_refused_unless_asked_for() -> None:
    from game.kiosk.run import no_display_problem

    assert no_display_problem("offscreen", None, {"DISPLAY": ":9"}) is not None
    assert "DISPLAY=':9'" in no_display_problem("offscreen", None, {"DISPLAY": ":9"})
    assert no_display_problem("dummy", None, {"SDL_VIDEODRIVER": "dummy"}) is None  # the tests' explicit choice
    assert no_display_problem("x11", None, {"DISPLAY": ":0"}) is None
    assert no_display_problem(None, "x11 not available", {}) is not None


# -- the watchdog ---------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="systemd's notify socket is AF_UNIX")
def test_the_frame_loop_tells_a_systemd_watchdog_it_is_alive(library, tmp_path, monkeypatch) -> None:
    from game.kiosk.watchdog import Heartbeat

    path = tmp_path / "notify"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(str(path))
    listener.setblocking(False)
    monkeypatch.setenv("NOTIFY_SOCKET", str(path))
    app, clock = make_kiosk(library)
    app.heartbeat = Heartbeat(clock=clock)
    got: list[str] = []
    frames = []
    frame = app.frame

    def receive() -> None:  # what systemd would read
        try:
            while True:
                got.append(listener.recv(256).decode())
        except BlockingIOError:
            pass

    def counted() -> None:  # 30 turns of the loop, half a second apart on the fake clock
        receive()
        frame()
        clock.now += 0.5
        frames.append(1)
        if len(frames) >= 30:
            app.running = False

    app.frame = counted
    app.loop_rate = lambda: 1000
    app.run()
    receive()
    listener.close()
    assert got[0].startswith("READY=1") and got[-1] == "STOPPING=1"
    beats = got.count("WATCHDOG=1")
    assert 13 <= beats <= 16  # about one a second over 15 s of frames, not one per frame


@pytest.mark.skipif(sys.platform == "win32", reason="uses kill -9 and SIGSTOP")
def test_the_supervisor_restarts_a_killed_child_and_a_hung_one(tmp_path) -> None:
    pids = tmp_path / "pids"
    log = tmp_path / "logs" / "supervisor.log"
    sup = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "game.kiosk.supervise",
            "--hang",
            "3",
            "--start",
            "20",
            "--log-dir",
            str(tmp_path),
            "--",
            sys.executable,
            str(ROOT / "tests" / "kiosk_child.py"),
            str(pids),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def started() -> list[int]:
        return [int(x) for x in pids.read_text().split()] if pids.exists() else []

    try:
        first = wait_for(lambda: started()[:1])
        assert first, "the supervisor never started the child"
        wait_for(lambda: "kiosk ready" in (log.read_text() if log.exists() else ""))
        os.kill(first[0], signal.SIGKILL)  # a crash
        second = wait_for(lambda: started()[1:2])
        assert second and second != first
        wait_for(lambda: log.read_text().count("kiosk ready") >= 2)
        os.kill(second[0], signal.SIGSTOP)  # a hang: alive, but the loop no longer turns
        third = wait_for(lambda: started()[2:3], 30)
        assert third, "the hung child was not replaced"
    finally:
        sup.send_signal(signal.SIGTERM)
        sup.wait(timeout=30)
    text = log.read_text()
    assert "killed by signal 9" in text and "restart 1" in text
    assert "no heartbeat from the kiosk" in text and "hung" in text and "restart 2" in text
    assert sup.returncode == 0
    for pid in started():  # every child ended with the supervisor
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()


# -- cannot be hidden -----------------------------------------------------------------------------


class FakeWindow:
    """The window as the guard sees it: hidden until the guard restores it."""

    def __init__(self) -> None:
        self.hidden = False
        self.restores = 0

    def trouble(self, fullscreen: bool):
        return "minimised or hidden" if self.hidden else None

    def restore(self, fullscreen: bool) -> None:
        self.restores += 1
        self.hidden = False


@pytest.mark.parametrize("event", ["WINDOWMINIMIZED", "WINDOWHIDDEN", "WINDOWFOCUSLOST"])
def test_a_minimised_or_hidden_window_is_restored_and_logged(library, caplog, event) -> None:
    from game.kiosk.guard import WindowGuard

    caplog.set_level(logging.INFO, logger="game.kiosk")
    app, clock = make_kiosk(library)
    window = FakeWindow()
    app.guard = WindowGuard(clock, fullscreen=True, window=window)
    clock.now += 3  # past the first seconds, when a new window is still being mapped
    window.hidden = True
    pygame.event.post(pygame.event.Event(getattr(pygame, event), window=None))
    app.frame()
    app.between_frames()
    assert window.restores == 1 and app.dirty
    assert "restoring it" in caplog.text
    clock.now += 0.6
    app.between_frames()
    assert "the kiosk window is back after 0.6 s" in caplog.text
    clock.now += 5
    app.between_frames()
    assert window.restores == 1  # nothing more to do once it is back


def test_a_window_hidden_without_an_event_is_found_and_retried(library, caplog) -> None:
    from game.kiosk.guard import WindowGuard

    caplog.set_level(logging.INFO, logger="game.kiosk")
    app, clock = make_kiosk(library)
    window = FakeWindow()
    app.guard = WindowGuard(clock, fullscreen=True, window=window)
    clock.now += 3  # past the first seconds, when a new window is still being mapped
    window.restore = lambda fullscreen: setattr(window, "restores", window.restores + 1)  # the first tries fail
    window.hidden = True
    for _ in range(6):
        clock.now += 0.5
        app.between_frames()
    assert window.restores == 6  # every half second while it stays hidden
    window.hidden = False
    clock.now += 0.5
    app.between_frames()
    assert "is back after 3.0 s" in caplog.text


# -- storage heals ---------------------------------------------------------------------------------


class Now:
    def __init__(self) -> None:
        self.t = datetime(2026, 5, 9, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.t


@pytest.fixture(scope="module")
def mini():
    from game.core.library import SCENARIOS_DIR, load_catalogue, load_file

    catalogue, _ = load_catalogue(SCENARIOS_DIR / "tactics.yaml")
    scenario, report = load_file(ROOT / "tests" / "data" / "mini.yaml", catalogue)
    return scenario, catalogue


def play(mini, store, picks):
    from game.session import Session

    scenario, catalogue = mini
    session = Session(scenario, catalogue, "en", "kiosk", store)
    for pick in picks:
        session.choose(pick, seconds=2.0)
    return session


def test_a_store_that_went_read_only_writes_every_held_play_once_when_writable_again(tmp_path, mini) -> None:
    now = Now()
    folder = tmp_path / "data"
    store = RecordStore.open_in(folder, now=now)
    a = play(mini, store, [0, 0])
    # The folder becomes unwritable: the open file refuses writes, and a new one cannot be made.
    store._db.execute("PRAGMA query_only = 1")  # noqa: SLF001 - SQLite's own read-only refusal
    held = [play(mini, store, [1, 1, 0])]
    folder.rename(tmp_path / "away")
    folder.write_text("not a folder")
    held += [play(mini, store, [1, 1, 0]) for _ in range(2)]
    d = play(mini, store, [1])  # in progress
    assert all(s.finished for s in held)
    assert store.fault is not None and store.fault.kind == "read_only" and store.fault.held > 0
    assert store.plays_today() >= 3  # the panel still counts
    now.t += timedelta(seconds=61)
    e = play(mini, store, [0, 0])  # a write when a retry is due: tried, still unwritable
    assert store.fault is not None and store.backend == "memory"
    folder.unlink()
    (tmp_path / "away").rename(folder)  # writable again
    now.t += timedelta(seconds=30)
    assert store.fault is not None  # not yet a minute since the last try
    now.t += timedelta(seconds=31)
    assert store.retry() is True  # the kiosk's once-a-minute call
    assert store.fault is None and store.backend == "file"
    assert [f.kind for f in store.healed] == ["read_only"]
    d.choose(1, seconds=2.0)
    d.choose(0, seconds=2.0)
    assert d.finished
    store.close()
    db = folder / FILE_NAME
    ids = [a.play_id] + [s.play_id for s in held] + [d.play_id, e.play_id]
    got = dict(rows(db, "SELECT play_id, status FROM plays"))
    assert sorted(got) == sorted(ids) and set(got.values()) == {"finished"}
    counts = dict(rows(db, "SELECT play_id, COUNT(*) FROM choices GROUP BY play_id"))
    assert counts == {a.play_id: 2, **{s.play_id: 3 for s in held}, d.play_id: 3, e.play_id: 2}
    assert rows(db, "PRAGMA quick_check") == [("ok",)]


def test_a_full_disk_heals_at_the_next_retry(tmp_path, mini) -> None:
    now = Now()
    store = RecordStore.open_in(tmp_path, now=now)
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]  # noqa: SLF001
    store._db.execute(f"PRAGMA max_page_count = {pages}")  # noqa: SLF001 - "the disk is full"
    sessions = [play(mini, store, [1, 1, 0]) for _ in range(40)]
    assert store.fault is not None and store.fault.kind == "full"
    now.t += timedelta(seconds=60)
    sessions.append(play(mini, store, [0, 0]))  # the write that is due retries: room again
    assert store.fault is None
    store.close()
    assert rows(tmp_path / FILE_NAME, "SELECT COUNT(*), SUM(status = 'finished') FROM plays") == [(41, 41)]
    assert rows(tmp_path / FILE_NAME, "SELECT COUNT(*) FROM choices") == [(40 * 3 + 2,)]


def test_a_store_damaged_while_running_is_noticed_at_the_next_write(tmp_path, mini) -> None:
    now = Now()
    store = RecordStore.open_in(tmp_path, now=now)
    done = play(mini, store, [0, 0])
    going = play(mini, store, [1])  # a play in progress when the file is damaged
    db = tmp_path / FILE_NAME
    with open(db, "r+b") as f:
        f.write(os.urandom(4096))
    going.choose(1, seconds=2.0)  # the next write notices
    assert store.backend == "file" and store.fault is None
    assert [f.kind for f in store.healed] == ["damaged"]
    aside = [p.name for p in tmp_path.iterdir() if ".corrupt-" in p.name and not p.name.endswith("-wal")]
    assert len(aside) == 1
    going.choose(0, seconds=2.0)
    after = play(mini, store, [0, 0])
    store.close()
    got = dict(rows(db, "SELECT play_id, status FROM plays"))
    assert got == {going.play_id: "finished", after.play_id: "finished"}  # the play in progress kept all its choices
    assert rows(db, f"SELECT COUNT(*) FROM choices WHERE play_id = '{going.play_id}'") == [(3,)]
    assert done.play_id not in got  # it is in the file set aside


def test_the_kiosk_shows_a_staff_dot_and_the_panel_says_what_and_since_when(library, tmp_path) -> None:
    store = RecordStore.open_in(tmp_path)
    app, clock = make_kiosk(library, recorder=store, languages=["vi", "en"])
    store._db.execute("PRAGMA query_only = 1")  # noqa: SLF001
    start_play(app, SCENARIO, lang="vi")
    app.policy.reset()
    app.frame()
    w, h = app.size
    r = max(3, int(app.unit * 0.6))
    assert tuple(app.screen.get_at((w - 3 * r, h - 3 * r)))[:3] == STAFF_DOT
    corner_taps(app, 5)
    enter_pin(app, PIN)
    lines = app.scene.problems()
    assert any(line.startswith("Dữ liệu lượt chơi: thư mục chỉ đọc từ ") for line in lines), lines
    tap(app, button(app, "close"))
    clock.now += 61
    app.between_frames()  # the kiosk's once-a-minute retry: the file is writable again
    assert store.fault is None
    app.frame()
    assert tuple(app.screen.get_at((w - 3 * r, h - 3 * r)))[:3] != STAFF_DOT
    store.close()
    assert rows(tmp_path / FILE_NAME, "SELECT COUNT(*) FROM plays") == [(1,)]


# -- settings ---------------------------------------------------------------------------------------


def test_a_failed_save_leaves_no_tmp_file_and_the_panel_says_so_in_its_language(library, tmp_path) -> None:
    target = tmp_path / "kiosk.json"
    target.mkdir()  # something in the way: the save cannot replace it
    app, clock = make_kiosk(library)
    app.config.path = target
    corner_taps(app, 5)
    enter_pin(app, PIN)
    app.settings.lang = "vi"
    tap(app, button(app, "vol-"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kiosk.json"]
    assert any(line.startswith("Không lưu được cài đặt") for line in app.scene.problems())


def test_settings_problems_are_said_in_the_panels_language(library, tmp_path) -> None:
    path = tmp_path / "kiosk.json"
    path.write_text(json.dumps({"volume": 3, "colour": "red"}), encoding="utf-8")
    from game.kiosk.config import load_config, problem_text

    cfg = load_config(path)
    vi = [problem_text(p, "vi") for p in cfg.problems]
    assert any("'volume' phải là số từ 0" in p for p in vi) and any("bỏ qua cài đặt lạ 'colour'" in p for p in vi)
    assert any("'volume' must be a number from 0" in p for p in cfg.problems)  # the log's English


def test_config_show_fails_on_an_unknown_story_id_and_the_docs_example_is_real(tmp_path, capsys) -> None:
    from game.kiosk.config import main

    path = tmp_path / "kiosk.json"
    path.write_text(json.dumps({"scenarios_off": ["job-lure-chat"]}), encoding="utf-8")
    assert main(["show", "--config", str(path)]) == 1
    assert "job-lure-chat" in capsys.readouterr().err
    path.write_text(json.dumps({"volume": "loud"}), encoding="utf-8")
    assert main(["show", "--config", str(path)]) == 1
    doc = (ROOT / "docs" / "kiosk.md").read_text(encoding="utf-8")
    example = re.search(r"```json\n(.*?)```", doc, re.S).group(1)
    path.write_text(example, encoding="utf-8")
    capsys.readouterr()
    assert main(["show", "--config", str(path)]) == 0, capsys.readouterr().err
    shown = json.loads(capsys.readouterr().out)
    assert shown["offered"] and not set(shown["offered"]) & set(json.loads(example)["scenarios_off"])


def test_a_story_added_later_is_offered_after_others_were_turned_off(library, tmp_path) -> None:
    from game.kiosk.config import KioskConfig

    ids = [s.id for s in library.ordered()]
    cfg = KioskConfig(scenarios_off=[ids[0]])
    assert cfg.offered(ids + ["new-story"]) == ids[1:] + ["new-story"]
    cfg = KioskConfig(scenarios=[ids[-1]], scenarios_off=[ids[0]])
    assert cfg.offered(ids) == [ids[-1]] + ids[1:-1]


# -- installed as a service -------------------------------------------------------------------------


def test_install_service_writes_a_unit_with_real_paths_and_a_watchdog(tmp_path, capsys) -> None:
    from game.kiosk.service import UNIT_NAME, install_service, verify

    rc = install_service(tmp_path / "data", None, target_dir=tmp_path / "units")
    text = (tmp_path / "units" / UNIT_NAME).read_text(encoding="utf-8")
    assert f"ExecStart={sys.executable} -m game kiosk --data-dir {tmp_path / 'data'}" in text
    for line in ("Type=notify", "WatchdogSec=30", "Restart=always", "WantedBy=graphical-session.target", "After=graphical-session.target"):
        assert line in text.splitlines()
    assert "%h" not in text and "default.target" not in text
    assert not list((tmp_path / "units").glob("*.tmp"))
    ok, out = verify(tmp_path / "units" / UNIT_NAME)
    if ok is None:
        assert rc == 0
        pytest.skip(out)
    assert ok, out
    assert rc == 0


# -- cheap all day ------------------------------------------------------------------------------------


def test_the_attract_loop_animates_at_half_rate_once_nobody_has_come_for_two_minutes(library) -> None:
    app, clock = make_kiosk(library)
    scene = app.scene
    assert scene.name == "attract"

    def frames_in(seconds: float) -> int:
        n = 0
        for _ in range(int(seconds / 0.025)):
            clock.now += 0.025
            if scene.update(clock.now):
                n += 1
        return n

    assert frames_in(10) in (79, 80, 81)  # 8 a second while someone may be watching
    clock.now += 120
    scene.update(clock.now)
    assert frames_in(10) in (39, 40, 41)  # 4 a second after two quiet minutes
