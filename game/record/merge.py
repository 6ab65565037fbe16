"""Fold the record stores of several kiosks or lab computers into one, counting each play once.

Plays keep their random ids, so the same play met twice (a store copied twice, or an
early copy taken mid-play and a later one) is one play: a finished copy wins over an
unfinished one, and each choice is kept once by (play id, seq). A source that is
missing, damaged or not a play record is reported and skipped; the others still merge.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .reading import Unreadable, open_readonly
from .schema import COLUMNS
from .store import StoreDamaged, open_checked

PLAY_COLS = ", ".join(COLUMNS["plays"])
CHOICE_COLS = ", ".join(COLUMNS["choices"])

# A copy that knows more replaces one that knows less: finished > abandoned > in progress.
UPSERT_PLAY = f"""
INSERT INTO plays({PLAY_COLS}) VALUES ({", ".join("?" * len(COLUMNS["plays"]))})
ON CONFLICT(play_id) DO UPDATE SET ended = excluded.ended, status = excluded.status, outcome = excluded.outcome
WHERE (excluded.status = 'finished' AND plays.status != 'finished')
   OR (excluded.status = 'abandoned' AND plays.status = 'in_progress')
"""
INSERT_CHOICE = f"INSERT OR IGNORE INTO choices({CHOICE_COLS}) VALUES ({', '.join('?' * len(COLUMNS['choices']))})"


INSERT_ORDER = "INSERT OR IGNORE INTO choice_order(play_id, seq, choice, shown, false_alarm) VALUES (?, ?, ?, ?, ?)"


def _orders(src: sqlite3.Connection) -> list[tuple]:
    """The shown orders of a source store; none from a store written before they were kept."""
    try:
        return src.execute("SELECT play_id, seq, choice, shown, false_alarm FROM choice_order").fetchall()
    except sqlite3.OperationalError:  # no such table
        return []


class MergeError(Exception):
    """The target store cannot be written."""


@dataclass
class Merged:
    source: Path
    plays: int = 0  # plays in the source
    new: int = 0  # of which new to the target
    updated: int = 0  # known, now with a later state (e.g. finished)
    choices_new: int = 0
    error: str | None = None

    @property
    def known(self) -> int:
        return self.plays - self.new


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def merge_into(target: Path, sources: list[Path]) -> list[Merged]:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        db = open_checked(target)
    except StoreDamaged as err:
        raise MergeError(f"{target}: damaged or not a play record ({err}); choose another --into") from err
    except (OSError, sqlite3.Error) as err:
        raise MergeError(f"{target}: cannot be written ({err})") from err
    db.execute("PRAGMA busy_timeout = 10000")  # a live kiosk may be writing: wait for it
    results: list[Merged] = []
    try:
        for source in sources:
            result = Merged(source)
            results.append(result)
            if _same_file(source, target):
                result.error = "it is the target store itself"
                continue
            try:
                src = open_readonly(source, check=True)
            except Unreadable as err:
                result.error = str(err).removeprefix(f"{source}: ")
                continue
            try:
                plays = src.execute(f"SELECT {PLAY_COLS} FROM plays").fetchall()
                choices = src.execute(f"SELECT {CHOICE_COLS} FROM choices").fetchall()
                orders = _orders(src)
            except sqlite3.DatabaseError as err:
                result.error = f"cannot be read ({err})"
                continue
            finally:
                src.close()
            try:
                db.execute("BEGIN IMMEDIATE")
                before_plays = db.execute("SELECT COUNT(*) FROM plays").fetchone()[0]
                before_choices = db.execute("SELECT COUNT(*) FROM choices").fetchone()[0]
                changes = db.total_changes
                db.executemany(UPSERT_PLAY, plays)
                result.plays = len(plays)
                result.new = db.execute("SELECT COUNT(*) FROM plays").fetchone()[0] - before_plays
                result.updated = db.total_changes - changes - result.new
                db.executemany(INSERT_CHOICE, choices)
                db.executemany(INSERT_ORDER, orders)
                result.choices_new = db.execute("SELECT COUNT(*) FROM choices").fetchone()[0] - before_choices
                db.execute("COMMIT")
            except sqlite3.Error as err:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise MergeError(f"{target}: cannot be written ({err})") from err
    finally:
        db.close()
    return results
