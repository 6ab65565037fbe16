"""The record store every mode writes to: one SQLite file in the data folder, crash-safe.

Each choice is committed as it is made, so killing the game at any moment loses at most
the play in progress. A store that cannot be used never stops a play: a damaged file is
moved aside (kept, for whoever wants to look at it) and a new one started; a read-only
folder or a full disk switches the store to memory for the rest of the run, or to
recording nothing at all. Every such event is logged and kept in `warnings`, which the
kiosk admin panel shows.

One game process writes a data folder at a time: opening the store marks the plays an
earlier run left unfinished (killed, crashed, switched off) as abandoned.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from ..session import ChoiceRecord
from .schema import FILE_NAME, SCHEMA, SQLITE_BUSY, SQLITE_LOCKED, is_corruption, primary_code, schema_problem, utc_minute

log = logging.getLogger(__name__)

GROUP_MODES = ("facilitate",)  # modes where one play is a whole room deciding together


class StoreDamaged(Exception):
    """The file is not a usable play record: not a database, damaged, or someone else's."""


def _utc_now() -> datetime:
    return datetime.now(UTC)


def connect(path: Path | str, timeout: float = 1.0) -> sqlite3.Connection:
    # Autocommit (isolation_level=None): every INSERT is its own transaction, so each
    # choice is committed when it is made. check_same_thread=False plus the store's lock
    # lets a front end record from whichever thread it plays on.
    return sqlite3.connect(str(path), timeout=timeout, isolation_level=None, check_same_thread=False)


def open_checked(path: Path) -> sqlite3.Connection:
    """Open (or make) a store file for writing; StoreDamaged if the file is bad."""
    conn = connect(path)
    try:
        try:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            verdict = conn.execute("PRAGMA quick_check(1)").fetchone()[0]  # (1): stop at the first problem
        except sqlite3.DatabaseError as err:
            if is_corruption(err):
                raise StoreDamaged(str(err)) from err
            raise
        if verdict != "ok":
            first = [line for line in verdict.splitlines() if line and not line.startswith("***")]
            raise StoreDamaged(f"integrity check: {(first or [verdict])[0][:120]}")
        problem = schema_problem(conn)
        if problem:
            raise StoreDamaged(problem)
        if mode != "wal":  # e.g. a file system without shared memory: still safe, a little slower
            log.warning("play record %s: journal mode %s, not WAL", path, mode)
        # Durability: in WAL mode with synchronous=NORMAL a commit is complete once its
        # frames are written to the WAL file, i.e. handed to the operating system. A killed
        # process (SIGKILL, a crash, the kiosk's own watchdog) therefore loses no committed
        # choice; only a power cut or an OS crash can roll back the last few commits, and
        # even then the file stays consistent. FULL would add an fsync to every choice: about
        # 10x the cost on a fast SSD (0.17 ms against 0.015 ms measured on the dev VM) and
        # several ms on the SD cards and old disks of kiosks and lab PCs, over the 1 ms
        # budget for a choice, while protecting only against power loss.
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.executescript(SCHEMA)
        # Probe for write access now, so a read-only file shows up as a warning at start.
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("COMMIT")
        return conn
    except BaseException:
        conn.close()
        raise


def open_memory() -> sqlite3.Connection:
    conn = connect(":memory:")
    conn.executescript(SCHEMA)
    return conn


class RecordStore:
    """The play record. Implements game.session.Recorder; never raises into the game."""

    def __init__(self, path: Path | str, now: Callable[[], datetime] = _utc_now) -> None:
        self.path = Path(path)
        self.warnings: list[str] = []
        self.backend = "off"  # file | memory | off | closed
        self._now = now
        self._lock = threading.RLock()
        self._live: dict[str, tuple] = {}  # plays started and not finished: re-written on a switch to memory
        self._db: sqlite3.Connection | None = None
        try:
            self._db = self._open_file()
            self.backend = "file"
        except (OSError, sqlite3.Error, StoreDamaged) as err:
            self._switch_to_memory(f"the play record {self.path} cannot be used ({err})")

    @classmethod
    def open_in(cls, data_dir: Path | str, now: Callable[[], datetime] = _utc_now) -> RecordStore:
        """The store of a data folder (made if missing)."""
        return cls(Path(data_dir) / FILE_NAME, now=now)

    # -- opening ---------------------------------------------------------------------

    def _open_file(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = open_checked(self.path)
        except StoreDamaged as err:
            aside = self._move_aside()
            self._warn(f"the play record {self.path} was damaged ({err}); it was kept as {aside.name} and a new one started")
            conn = open_checked(self.path)
        ended = conn.execute("UPDATE plays SET status = 'abandoned', outcome = 'abandoned' WHERE status = 'in_progress'").rowcount
        if ended:
            log.info("play record: %d play(s) an earlier run left unfinished marked abandoned", ended)
        return conn

    def _move_aside(self) -> Path:
        stamp = self._now().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        os.replace(self.path, aside)
        # The write-ahead log belongs to the damaged file: left in place, SQLite would replay
        # its frames into the new store. It goes aside with the file when it holds anything;
        # the -shm file is only an index of the log, rebuilt from it, so it is dropped.
        wal = self.path.with_name(self.path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            os.replace(wal, aside.with_name(aside.name + "-wal"))
        for side in (wal, self.path.with_name(self.path.name + "-shm")):
            side.unlink(missing_ok=True)
        return aside

    # -- faults ----------------------------------------------------------------------

    def _warn(self, message: str) -> None:
        log.warning("%s", message)
        if message not in self.warnings:
            self.warnings.append(message)

    def _switch_to_memory(self, why: str) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
        self._db = None
        try:
            db = open_memory()
            db.executemany(
                "INSERT OR IGNORE INTO plays(play_id, mode, lang, scenario, group_play, started) VALUES (?, ?, ?, ?, ?, ?)",
                list(self._live.values()),
            )
            self._db = db
            self.backend = "memory"
            self._warn(f"{why}; plays are kept in memory until the game closes")
        except (sqlite3.Error, MemoryError) as err:
            self.backend = "off"
            self._warn(f"{why}; nothing is recorded ({err})")

    def _write(self, sql: str, params: tuple) -> None:
        with self._lock:
            if self._db is None:
                return
            try:
                self._db.execute(sql, params)
                return
            except sqlite3.Error as err:
                if self.backend == "file" and primary_code(err) in (SQLITE_BUSY, SQLITE_LOCKED):
                    # Another program holds the file for a moment (a merge, a backup): skip
                    # this one row rather than give up on the file for the rest of the day.
                    self._warn(f"the play record was busy; a choice was not recorded ({err})")
                    return
                failed_on = self.backend
                why = f"the play record {self.path} could not be written ({err})" if failed_on == "file" else f"recording failed ({err})"
            except MemoryError as err:
                failed_on, why = self.backend, f"recording failed ({err!r})"
            if failed_on == "file":
                self._switch_to_memory(why)
                if self._db is not None:
                    try:
                        self._db.execute(sql, params)
                    except sqlite3.Error:
                        pass
            else:
                self._db = None
                self.backend = "off"
                self._warn(f"{why}; nothing more is recorded")

    # -- the Recorder protocol -------------------------------------------------------

    def start_play(self, play_id: str, mode: str, lang: str, scenario_id: str) -> None:
        row = (play_id, mode, lang, scenario_id, int(mode in GROUP_MODES), utc_minute(self._now()))
        with self._lock:
            self._live[play_id] = row
            self._write("INSERT OR IGNORE INTO plays(play_id, mode, lang, scenario, group_play, started) VALUES (?, ?, ?, ?, ?, ?)", row)

    def record_choice(self, choice: ChoiceRecord) -> None:
        self._write(
            "INSERT OR IGNORE INTO choices(play_id, seq, step, tactic, genuine, safety, funnel, seconds, decision) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                choice.play_id,
                choice.seq,
                choice.step,
                choice.tactic,
                int(choice.genuine),
                choice.safety,
                choice.funnel,
                round(float(choice.seconds), 2),
                int(choice.decision),
            ),
        )
        if choice.choice >= 0:  # the order shown, for the debrief and a replay (record/reading.py)
            self._write(
                "INSERT OR IGNORE INTO choice_order(play_id, seq, choice, shown, false_alarm) VALUES (?, ?, ?, ?, ?)",
                (choice.play_id, choice.seq, choice.choice, " ".join(map(str, choice.shown)), int(choice.false_alarm)),
            )

    def finish_play(self, play_id: str, outcome: str, abandoned: bool) -> None:
        with self._lock:
            self._live.pop(play_id, None)
            self._write(
                "UPDATE plays SET ended = ?, status = ?, outcome = ? WHERE play_id = ?",
                (utc_minute(self._now()), "abandoned" if abandoned else "finished", outcome, play_id),
            )

    # -- for the admin panel ---------------------------------------------------------

    def plays_today(self) -> int:
        """Plays started since local midnight (in this store; after a switch to memory, since then)."""
        midnight = self._now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
        with self._lock:
            if self._db is None:
                return 0
            try:
                return self._db.execute("SELECT COUNT(*) FROM plays WHERE started >= ?", (utc_minute(midnight),)).fetchone()[0]
            except sqlite3.Error as err:
                self._warn(f"the play record could not be read ({err})")
                return 0

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                try:
                    self._db.close()  # the last connection to close checkpoints the WAL into the file
                except sqlite3.Error as err:
                    log.warning("closing the play record: %s", err)
            self._db = None
            self.backend = "closed"

    def __enter__(self) -> RecordStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
