"""The record store every mode writes to: one SQLite file in the data folder, crash-safe.

Each choice is committed as it is made, so killing the game at any moment loses at most
the play in progress. A store that cannot be used never stops a play, and heals itself:

- a read-only folder, a full disk or an I/O error makes it a *fault* (`fault`: what, since
  when, how many writes are held): the plays go on in memory, every write is held, in
  order, and about once a minute (`retry()`, also tried by the next write when due) the
  file is opened again; once it can be written the held writes go in, in order, in one
  transaction, once (inserts are keyed, updates idempotent), and the fault is `healed`;
- a damaged file is noticed at the next write (its header is looked at before each write,
  SQLite's own corruption errors too): it is moved aside (kept, for whoever wants to look
  at it), a new one started, and the plays in progress rewritten into it from memory.

Every such event is logged and kept in `warnings`; the kiosk shows the fault on its admin
panel and as a staff-only dot on its attract loop.

One game process writes a data folder at a time: opening the store marks the plays an
earlier run left unfinished (killed, crashed, switched off) as abandoned.
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from ..session import ChoiceRecord
from .schema import ANSWER_COLUMNS, FILE_NAME, SCHEMA, SQLITE_BUSY, SQLITE_LOCKED, is_corruption, primary_code, schema_problem, utc_minute

if TYPE_CHECKING:  # the practice code is imported only where practice is played
    from ..learning import AnswerRecord

log = logging.getLogger(__name__)

GROUP_MODES = ("facilitate",)  # modes where one play is a whole room deciding together
RETRY_SECONDS = 60.0  # how often a store with a fault tries its file again
SQLITE_MAGIC = b"SQLite format 3\x00"
# Primary SQLite result codes of the faults that heal (see fault_kind).
SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN = 8, 10, 13, 14

Op = tuple[str, tuple]  # one write: SQL and its parameters


@dataclass
class Fault:
    """Why the file cannot be written now, since when, and how many writes wait in memory."""

    kind: str  # full | read_only | damaged | io (the kiosk's strings table has store_<kind>)
    since: datetime
    detail: str
    held: int = 0
    until: datetime | None = None  # when it healed


def fault_kind(err: BaseException) -> str:
    if isinstance(err, StoreDamaged) or (isinstance(err, sqlite3.Error) and is_corruption(err)):
        return "damaged"
    if isinstance(err, sqlite3.Error):
        code = primary_code(err)
        return {SQLITE_FULL: "full", SQLITE_READONLY: "read_only"}.get(code, "io")
    if isinstance(err, OSError):
        return {errno.ENOSPC: "full", errno.EROFS: "read_only", errno.EACCES: "read_only", errno.EPERM: "read_only"}.get(
            err.errno or 0, "io"
        )
    return "io"


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
        self._live_ops: dict[str, list[Op]] = {}  # every write of the plays in progress, for a new file
        self._held: list[Op] = []  # writes made during a fault, in order
        self.fault: Fault | None = None
        self.healed: list[Fault] = []
        self._next_retry: datetime | None = None
        self._identity: tuple[int, int] | None = None  # (device, inode) of the file opened
        self._db: sqlite3.Connection | None = None
        try:
            self._db = self._open_file()
            self.backend = "file"
        except (OSError, sqlite3.Error, StoreDamaged) as err:
            self._switch_to_memory(f"the play record {self.path} cannot be used ({err})")
            self._begin_fault(err)

    @classmethod
    def open_in(cls, data_dir: Path | str, now: Callable[[], datetime] = _utc_now) -> RecordStore:
        """The store of a data folder (made if missing)."""
        return cls(Path(data_dir) / FILE_NAME, now=now)

    # -- opening ---------------------------------------------------------------------

    def _open_file(self, earlier_run: bool = True) -> sqlite3.Connection:
        """Open (or make) the file; a damaged one is moved aside. earlier_run: close its unfinished plays."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = open_checked(self.path)
        except StoreDamaged as err:
            aside = self._move_aside()
            self._warn(f"the play record {self.path} was damaged ({err}); it was kept as {aside.name} and a new one started")
            conn = open_checked(self.path)
        if earlier_run:
            ended = conn.execute("UPDATE plays SET status = 'abandoned', outcome = 'abandoned' WHERE status = 'in_progress'").rowcount
            if ended:
                log.info("play record: %d play(s) an earlier run left unfinished marked abandoned", ended)
        self._identity = self._file_identity()
        return conn

    def _file_identity(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_dev, st.st_ino)

    def _file_intact(self) -> str | None:
        """Why the file under the open connection is no longer a play record, or None.

        Cheap enough for every write (a stat and 16 bytes): SQLite itself may not look at
        the file's first page again for a long time, and a file replaced or deleted under
        it would take every later write with it.
        """
        try:
            if self._file_identity() != self._identity:
                return "the file was deleted or replaced while the game ran"
            with open(self.path, "rb") as f:
                head = f.read(len(SQLITE_MAGIC))
        except OSError as err:
            return f"the file cannot be read ({err})"
        if head != SQLITE_MAGIC:
            return "the file is no longer an SQLite database"
        return None

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
            self._warn(f"{why}; plays are kept in memory and written to the file once it can be written again")
        except (sqlite3.Error, MemoryError) as err:
            self.backend = "off"
            self._warn(f"{why}; nothing is recorded ({err})")

    def _write(self, sql: str, params: tuple, play_id: str) -> None:
        with self._lock:
            self._live_ops.setdefault(play_id, []).append((sql, params))
            if self.fault is not None:
                self._hold(sql, params)
                if self._retry_due():
                    self.retry()
                return
            if self._db is None:
                return
            if self.backend == "file":
                damage = self._file_intact()
                if damage is not None:
                    self._damaged_while_running(damage)
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
                if self.backend == "file" and is_corruption(err):
                    self._damaged_while_running(str(err))
                    return
                failed_on = self.backend
                fault: BaseException = err
                why = f"the play record {self.path} could not be written ({err})" if failed_on == "file" else f"recording failed ({err})"
            except MemoryError as err:
                failed_on, why = self.backend, f"recording failed ({err!r})"
                fault = err
            if failed_on == "file":
                self._switch_to_memory(why)
                self._begin_fault(fault)
                self._hold(sql, params)
            else:
                self._db = None
                self.backend = "off"
                self._warn(f"{why}; nothing more is recorded")

    # -- healing ------------------------------------------------------------------------
    # The write path above holds what it cannot write; these bring the file back.

    def _begin_fault(self, err: BaseException) -> None:
        self.fault = Fault(fault_kind(err), self._now(), str(err))
        self._held = []
        self._next_retry = self.fault.since + timedelta(seconds=RETRY_SECONDS)

    def _hold(self, sql: str, params: tuple) -> None:
        self._held.append((sql, params))
        if self.fault is not None:
            self.fault.held = len(self._held)
        if self._db is not None:  # the memory copy: plays_today goes on counting
            try:
                self._db.execute(sql, params)
            except sqlite3.Error:
                pass

    def _retry_due(self) -> bool:
        return self._next_retry is not None and self._now() >= self._next_retry

    def retry(self) -> bool:
        """Try the file again now; True if the store writes to its file (again).

        The held writes go in, in order, in one transaction: all or, on a new failure,
        none (so a later retry never writes a play twice). The kiosk calls this about once
        a minute while `fault` is set; a write made while it is due calls it too.
        """
        with self._lock:
            fault = self.fault
            if fault is None:
                return self.backend == "file"
            if self.backend == "closed":
                return False
            self._next_retry = self._now() + timedelta(seconds=RETRY_SECONDS)
            conn = None
            try:
                conn = self._open_file(earlier_run=False)
                # After damage the new file lacks the plays in progress: rewrite them first.
                # Inserts are keyed and updates idempotent, so what is already there stays once.
                ops = [op for ops in self._live_ops.values() for op in ops] + self._held
                conn.execute("BEGIN IMMEDIATE")
                for sql, params in ops:
                    conn.execute(sql, params)
                conn.execute("COMMIT")
            except (OSError, sqlite3.Error, StoreDamaged) as err:
                if conn is not None:
                    try:
                        conn.close()
                    except sqlite3.Error:
                        pass
                log.info("play record %s still cannot be written (%s); %d write(s) held in memory", self.path, err, len(self._held))
                return False
            if self._db is not None:
                try:
                    self._db.close()
                except sqlite3.Error:
                    pass
            self._db = conn
            self.backend = "file"
            fault.until = self._now()
            self.healed.append(fault)
            self.fault = None
            self._held = []
            self._next_retry = None
            log.warning("the play record %s can be written again: %d held write(s) written", self.path, fault.held)
            return True

    def _damaged_while_running(self, why: str) -> None:
        """The file went bad under us: set it aside, start a new one, rewrite the plays in progress."""
        log.warning("the play record %s is damaged (%s)", self.path, why)
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None
        try:
            if self.path.exists():
                aside = self._move_aside()
                self._warn(
                    f"the play record {self.path} was damaged while the game ran ({why}); it was kept as {aside.name} and a new one started"
                )
        except OSError as err:
            self._warn(f"the damaged play record {self.path} could not be moved aside ({err})")
        self.fault = Fault("damaged", self._now(), why)
        self._held = []
        if not self.retry():  # a new file at once; if even that fails, memory and a retry each minute
            self._switch_to_memory(f"the play record {self.path} was damaged and no new one could be made")
            for ops in self._live_ops.values():
                for sql, params in ops:
                    self._hold(sql, params)

    # -- the Recorder protocol -------------------------------------------------------

    def start_play(self, play_id: str, mode: str, lang: str, scenario_id: str) -> None:
        row = (play_id, mode, lang, scenario_id, int(mode in GROUP_MODES), utc_minute(self._now()))
        with self._lock:
            self._live[play_id] = row
            self._write(
                "INSERT OR IGNORE INTO plays(play_id, mode, lang, scenario, group_play, started) VALUES (?, ?, ?, ?, ?, ?)", row, play_id
            )

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
            choice.play_id,
        )
        if choice.choice >= 0:  # the order shown, for the debrief and a replay (record/reading.py)
            self._write(
                "INSERT OR IGNORE INTO choice_order(play_id, seq, choice, shown, false_alarm) VALUES (?, ?, ?, ?, ?)",
                (choice.play_id, choice.seq, choice.choice, " ".join(map(str, choice.shown)), int(choice.false_alarm)),
                choice.play_id,
            )

    def record_answer(self, a: AnswerRecord) -> None:
        self._write(
            f"INSERT OR IGNORE INTO answers({', '.join(ANSWER_COLUMNS)}) VALUES ({', '.join('?' * len(ANSWER_COLUMNS))})",
            (
                a.play_id,
                a.phase,
                a.seq,
                a.item,
                int(a.genuine),
                a.family,
                a.tactic,
                a.said,
                int(a.correct),
                None if a.tell is None else int(a.tell),
                round(float(a.seconds), 2),
                int(a.returning),
            ),
            a.play_id,
        )

    def finish_play(self, play_id: str, outcome: str, abandoned: bool) -> None:
        with self._lock:
            self._live.pop(play_id, None)
            self._write(
                "UPDATE plays SET ended = ?, status = ?, outcome = ? WHERE play_id = ?",
                (utc_minute(self._now()), "abandoned" if abandoned else "finished", outcome, play_id),
                play_id,
            )
            self._live_ops.pop(play_id, None)

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
            if self.fault is not None:
                self.retry()  # one last try: the disk may have room again by closing time
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
