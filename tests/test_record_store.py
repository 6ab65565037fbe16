"""The record store: what a play leaves behind, and that no fault of the store stops a game."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from recordhelp import read_only_command

from game.core.library import SCENARIOS_DIR, load_catalogue, load_file
from game.record.schema import FILE_NAME
from game.record.store import RecordStore
from game.session import Session

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def mini():
    catalogue, _ = load_catalogue(SCENARIOS_DIR / "tactics.yaml")
    scenario, report = load_file(ROOT / "tests" / "data" / "mini.yaml", catalogue)
    assert scenario is not None, report.problems
    return scenario, catalogue


def play(mini, store, picks, mode="kiosk", lang="en") -> Session:
    scenario, catalogue = mini
    session = Session(scenario, catalogue, lang, mode, store)
    for pick in picks:
        session.choose(pick, seconds=2.5)
    return session


def rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_a_play_and_its_choices_are_recorded_without_anything_personal(tmp_path, mini):
    store = RecordStore.open_in(tmp_path / "data")
    s = play(mini, store, [1, 0], mode="facilitate", lang="vi")  # listen, then transfer the money
    assert s.finished
    store.close()
    db = tmp_path / "data" / FILE_NAME
    (p,) = rows(db, "SELECT play_id, mode, lang, scenario, group_play, started, ended, status, outcome FROM plays")
    assert p[0] == s.play_id and p[1:5] == ("facilitate", "vi", "mini-test", 1)
    assert p[5].endswith("Z") and len(p[5]) == len("2025-11-23T10:05Z")  # to the minute, UTC
    assert p[7:] == ("finished", "harmed")
    choices = rows(db, "SELECT seq, step, tactic, genuine, safety, funnel, seconds, decision FROM choices ORDER BY seq")
    assert choices == [
        (1, "first", "authority_impersonation", 0, "neutral", "plausible", 2.5, 1),
        (2, "second", "safe_account_transfer", 0, "unsafe", "complied", 2.5, 1),
    ]
    # The order the replies were shown in: the chosen reply and the order by index in the step, nothing else.
    assert rows(db, "SELECT seq, choice, shown, false_alarm FROM choice_order ORDER BY seq") == [(1, 1, "0 1", 0), (2, 0, "0 1 2", 0)]
    tables = {n for (n,) in rows(db, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"plays", "choices", "choice_order"}
    assert rows(db, "PRAGMA journal_mode") == [("wal",)]


def test_each_choice_is_in_the_file_as_soon_as_it_is_made(tmp_path, mini):
    store = RecordStore.open_in(tmp_path)
    s = play(mini, store, [1])  # mid-play: the store is still open
    # Another connection (as a report would be) already sees the choice and the open play.
    assert rows(tmp_path / FILE_NAME, "SELECT step FROM choices") == [("first",)]
    assert rows(tmp_path / FILE_NAME, "SELECT status FROM plays") == [("in_progress",)]
    s.close()
    store.close()
    assert rows(tmp_path / FILE_NAME, "SELECT status, outcome FROM plays") == [("abandoned", "abandoned")]


def test_a_play_left_in_progress_is_marked_abandoned_when_the_store_next_opens(tmp_path, mini):
    store = RecordStore.open_in(tmp_path)
    play(mini, store, [1])  # the process "dies" here: no finish_play
    store._db.close()  # noqa: SLF001 - simulate the end of the process without close()
    assert rows(tmp_path / FILE_NAME, "SELECT status FROM plays") == [("in_progress",)]
    again = RecordStore.open_in(tmp_path)
    assert rows(tmp_path / FILE_NAME, "SELECT status, outcome, ended FROM plays") == [("abandoned", "abandoned", None)]
    assert again.warnings == []
    again.close()


def test_plays_today_counts_from_local_midnight(tmp_path, mini):
    now = datetime.now(UTC)
    clock = [now - timedelta(days=2)]
    store = RecordStore.open_in(tmp_path, now=lambda: clock[0])
    play(mini, store, [0, 0])
    clock[0] = now
    play(mini, store, [0, 0])
    play(mini, store, [1])
    assert store.plays_today() == 2
    store.close()


def test_a_file_that_is_not_a_database_is_kept_aside_and_a_new_store_started(tmp_path, mini, caplog):
    db = tmp_path / FILE_NAME
    junk = b"this is not a database, it is a shopping list\n" * 200
    db.write_bytes(junk)
    store = RecordStore.open_in(tmp_path)
    assert store.backend == "file"
    assert len(store.warnings) == 1 and "damaged" in store.warnings[0]
    assert "damaged" in caplog.text  # logged too
    aside = list(tmp_path.glob(f"{FILE_NAME}.corrupt-*"))
    assert [p.read_bytes() for p in aside] == [junk]  # kept, byte for byte
    assert store.warnings[0].count(aside[0].name) == 1
    s = play(mini, store, [0, 0])
    store.close()
    assert rows(db, "SELECT play_id, status FROM plays") == [(s.play_id, "finished")]
    assert RecordStore.open_in(tmp_path).warnings == []  # the new store opens cleanly


def test_a_store_with_damaged_pages_is_kept_aside_and_a_new_store_started(tmp_path, mini):
    store = RecordStore.open_in(tmp_path)
    for _ in range(150):
        play(mini, store, [1, 1, 0])
    store.close()
    db = tmp_path / FILE_NAME
    data = bytearray(db.read_bytes())
    page = 4096
    assert len(data) > 6 * page
    for start in range(2 * page, len(data) - page, 2 * page):  # scribble over every other page, past the schema
        data[start + 64 : start + 1024] = bytes((i * 37 + 11) % 256 for i in range(960))
    db.write_bytes(bytes(data))
    store = RecordStore.open_in(tmp_path)
    assert store.backend == "file"
    assert any("damaged" in w for w in store.warnings), store.warnings
    (aside,) = tmp_path.glob(f"{FILE_NAME}.corrupt-*")
    assert aside.read_bytes() == bytes(data)
    play(mini, store, [0, 0])
    assert store.plays_today() == 1
    store.close()


def test_a_folder_that_cannot_be_made_never_stops_the_game(tmp_path, mini):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    store = RecordStore.open_in(blocker / "data")
    s = play(mini, store, [0, 0])
    assert s.finished and s.debrief().summary.outcome == "safe"
    assert store.backend == "memory"
    assert store.warnings and "cannot be used" in store.warnings[0]
    assert store.plays_today() == 1  # the admin panel still counts, from memory
    store.close()


def test_a_full_disk_mid_play_switches_to_memory_and_the_game_goes_on(tmp_path, mini):
    store = RecordStore.open_in(tmp_path)
    first = play(mini, store, [0, 0])
    # SQLite reports a full disk and a reached page limit the same way (SQLITE_FULL):
    # capping the file at its current size makes the next pages "not fit on the disk".
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]  # noqa: SLF001
    store._db.execute(f"PRAGMA max_page_count = {pages}")  # noqa: SLF001
    sessions = [play(mini, store, [1, 1, 0]) for _ in range(200)]
    assert all(s.finished for s in sessions)
    assert store.backend == "memory"
    assert any("full" in w for w in store.warnings), store.warnings
    assert len(store.warnings) == 1  # one warning, not one per choice
    assert store.plays_today() >= 1
    store.close()
    # What was written before the disk filled up is intact.
    assert (first.play_id, "finished") in rows(tmp_path / FILE_NAME, "SELECT play_id, status FROM plays")
    assert rows(tmp_path / FILE_NAME, "PRAGMA quick_check") == [("ok",)]


@pytest.mark.parametrize("with_store", [False, True], ids=["empty-folder", "existing-store"])
def test_a_read_only_data_folder_never_stops_the_game(tmp_path, mini, with_store):
    folder = tmp_path / "data"
    folder.mkdir()
    if with_store:
        store = RecordStore.open_in(folder)
        play(mini, store, [0, 0])
        store.close()
    before = sorted(p.name for p in folder.iterdir())
    prefix = read_only_command(folder)
    if prefix is None:
        pytest.skip("cannot make a read-only folder here (root without mount namespaces)")
    try:
        out = subprocess.run(
            [*prefix, sys.executable, str(ROOT / "tests" / "record_probe.py"), str(folder)], capture_output=True, text=True, timeout=60
        )
    finally:
        folder.chmod(0o755)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if not result["read_only"]:
        pytest.skip("the folder could not be made read-only here")
    assert result["finished"] and result["debrief_items"] == 2  # the game went on, to the debrief
    assert result["backend"] == "memory"
    assert result["warnings"] and "kept in memory" in result["warnings"][0]
    assert result["plays_today"] == 1
    assert "Traceback" not in out.stderr
    assert sorted(p.name for p in folder.iterdir()) == before  # nothing was written
    if with_store:
        assert rows(folder / FILE_NAME, "SELECT COUNT(*) FROM plays") == [(1,)]


def test_the_terminal_player_records_its_play(tmp_path, library):
    scenario = library.scenarios["fake-police-call"]
    # Find a way to an ending and type it as the choice numbers the player shows.
    from storywalk import route_to_ending

    from game.core.playthrough import Playthrough

    route = route_to_ending(scenario, (scenario.start, frozenset()))
    walk = Playthrough(scenario)
    typed = []
    for choice in route:
        typed.append(str(walk.visible_choices().index(choice) + 1))
        walk.choose(choice)
    data = tmp_path / "data"
    out = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "play", "--text", "--lang", "en", "--scenario", scenario.id, "--data-dir", str(data)],
        input="\n".join(typed) + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    plays = rows(data / FILE_NAME, "SELECT mode, lang, scenario, status, outcome FROM plays")
    assert plays == [("text", "en", scenario.id, "finished", walk.ending.outcome)]
    assert rows(data / FILE_NAME, "SELECT COUNT(*) FROM choices") == [(len(route),)]

    # --no-record leaves the store alone
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "play",
            "--text",
            "--no-record",
            "--lang",
            "en",
            "--scenario",
            scenario.id,
            "--data-dir",
            str(data),
        ],
        input="\n".join(typed) + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert rows(data / FILE_NAME, "SELECT COUNT(*) FROM plays") == [(1,)]
