"""Read a record store file without changing it: for reports, exports and merges.

The file is opened read-only, so a report run next to a live kiosk never blocks it and
never alters what it reads. A file that is missing, damaged or not a play record raises
`Unreadable` with a reason to show the user.
"""

from __future__ import annotations

import atexit
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from ..core import model as m
from ..core.playthrough import Made, PlayError, Playthrough
from ..session import ChoiceRecord
from .schema import is_corruption, is_record


class Unreadable(Exception):
    """The file cannot be read as a play record; the message says why."""


@dataclass(frozen=True)
class Play:
    play_id: str
    mode: str
    lang: str
    scenario: str
    group: bool
    started: str
    ended: str | None
    status: str  # in_progress | finished | abandoned
    outcome: str | None


# A choice read back is the same record the session wrote.
Choice = ChoiceRecord


@dataclass
class Record:
    plays: list[Play]
    choices: dict[str, list[Choice]]  # play id -> its choices in order

    def __bool__(self) -> bool:
        return bool(self.plays)


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=5.0, check_same_thread=False)


def _private_copy(path: Path) -> Path:
    """A copy of the store (and its write-ahead log) in a temporary folder, removed at exit."""
    folder = Path(tempfile.mkdtemp(prefix="notalone-read-"))
    atexit.register(shutil.rmtree, folder, True)
    shutil.copyfile(path, folder / path.name)
    wal = path.with_name(path.name + "-wal")
    if wal.is_file():
        shutil.copyfile(wal, folder / wal.name)
    return folder / path.name


def _checked(conn: sqlite3.Connection, path: Path, check: bool) -> sqlite3.Connection:
    try:
        if check:
            verdict = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
            if verdict != "ok":
                first = [line for line in verdict.splitlines() if line and not line.startswith("***")]
                raise Unreadable(f"{path}: damaged ({(first or [verdict])[0][:120]})")
        if not is_record(conn):
            raise Unreadable(f"{path}: not a play record")
        return conn
    except BaseException:
        conn.close()
        raise


def open_readonly(path: Path, check: bool = False) -> sqlite3.Connection:
    """A read-only connection to a store file; Unreadable (with the reason) if it is no store."""
    if not path.is_file():
        raise Unreadable(f"{path}: no such file")
    try:
        try:
            return _checked(_connect(path), path, check)
        except sqlite3.OperationalError as err:
            if is_corruption(err):
                raise
            # A store in a read-only folder (a USB stick, a locked-down share): a WAL reader
            # needs a -shm file next to the store and SQLite cannot make one there. A copy
            # in a temporary folder reads the same, write-ahead log included.
            return _checked(_connect(_private_copy(path)), path, check)
    except sqlite3.DatabaseError as err:
        why = "damaged or not a database" if is_corruption(err) else "cannot be read"
        raise Unreadable(f"{path}: {why} ({err})") from err
    except OSError as err:
        raise Unreadable(f"{path}: cannot be read ({err.strerror or err})") from err


def load(path: Path, since: date | None = None, scenario: str | None = None) -> Record:
    """Every play (from `since`, of `scenario` when given) with its choices."""
    conn = open_readonly(path)
    try:
        where, params = [], []
        if since is not None:
            where.append("started >= ?")
            params.append(since.isoformat())  # "2025-11-01" sorts before any time that day
        if scenario:
            where.append("scenario = ?")
            params.append(scenario)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        plays = [
            Play(r[0], r[1], r[2], r[3], bool(r[4]), r[5], r[6], r[7], r[8])
            for r in conn.execute(
                "SELECT play_id, mode, lang, scenario, group_play, started, ended, status, outcome FROM plays"
                f"{clause} ORDER BY started, play_id",
                params,
            )
        ]
        wanted = {p.play_id for p in plays}
        choices: dict[str, list[Choice]] = {pid: [] for pid in wanted}
        for r in conn.execute(
            "SELECT play_id, seq, step, tactic, genuine, safety, funnel, seconds, decision FROM choices ORDER BY play_id, seq"
        ):
            if r[0] in wanted:
                choices[r[0]].append(Choice(r[0], r[1], r[2], r[3], bool(r[4]), r[5], r[6], float(r[7]), bool(r[8])))
        orders = _orders(conn)
        for pid, made in choices.items():
            for i, c in enumerate(made):
                order = orders.get((pid, c.seq))
                if order is not None:
                    made[i] = replace(c, choice=order[0], shown=order[1], false_alarm=order[2])
        return Record(plays, choices)
    except sqlite3.DatabaseError as err:
        raise Unreadable(f"{path}: cannot be read ({err})") from err
    finally:
        conn.close()


def _orders(conn: sqlite3.Connection) -> dict[tuple[str, int], tuple[int, tuple[int, ...], bool]]:
    """(play id, seq) -> the chosen reply, the order shown and the false-alarm mark; empty for older stores."""
    try:
        rows = conn.execute("SELECT play_id, seq, choice, shown, false_alarm FROM choice_order").fetchall()
    except sqlite3.OperationalError:  # a store written before the order was kept
        return {}
    return {(r[0], r[1]): (int(r[2]), tuple(int(i) for i in str(r[3]).split()), bool(r[4])) for r in rows}


def replay(scenario: m.Scenario, choices: list[Choice]) -> Playthrough:
    """A recorded play rebuilt as the player made it, with the order each step's replies were shown in.

    Needs the chosen replies (stores written before the order was kept lack them: PlayError).
    The debrief of the result (core.debrief.build_debrief) is the one the player saw.
    """
    play = Playthrough(scenario)
    for c in choices:
        step = scenario.steps.get(c.step)
        if step is None or c.choice < 0 or c.choice >= len(step.choices) or play.current != c.step:
            raise PlayError(f"the recorded choice {c.seq} does not fit the scenario '{scenario.id}' as it is now")
        play.flags.update(step.choices[c.choice].sets)
        play.history.append(Made(step.id, c.choice, step.choices[c.choice].safety, c.seconds, c.shown))
        play.current = step.choices[c.choice].next
    return play
