"""The shape of a record store file: its tables, how to tell one, and small shared helpers.

A store holds these tables. `plays`: one row per play (a random id, the mode, the
language, the scenario, start and end in UTC rounded to the minute, the status and
the outcome). `choices`: one row per decision (step and tactic ids from the scenario
file, genuine or scam, the safety of the choice, the funnel stage, seconds to decide). `choice_order` keeps the
order the replies were shown in for each decision (they are shuffled per play).
Nothing in any of them identifies a person, and nothing is free text anyone typed.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

FILE_NAME = "plays.sqlite3"
SCHEMA_VERSION = 1

# One transaction, so a kill while a new store is being made never leaves half a schema.
SCHEMA = """
BEGIN;
CREATE TABLE IF NOT EXISTS plays (
    play_id    TEXT PRIMARY KEY,
    mode       TEXT NOT NULL,               -- text | classroom | kiosk | facilitate
    lang       TEXT NOT NULL,
    scenario   TEXT NOT NULL,
    group_play INTEGER NOT NULL DEFAULT 0,  -- 1: a whole room decided (facilitate)
    started    TEXT NOT NULL,               -- UTC, to the minute: 2025-11-23T10:05Z
    ended      TEXT,
    status     TEXT NOT NULL DEFAULT 'in_progress',  -- in_progress | finished | abandoned
    outcome    TEXT                          -- safe | rescued | harmed | abandoned
);
CREATE INDEX IF NOT EXISTS plays_started ON plays(started);
CREATE TABLE IF NOT EXISTS choices (
    play_id  TEXT NOT NULL,
    seq      INTEGER NOT NULL,
    step     TEXT NOT NULL,
    tactic   TEXT,
    genuine  INTEGER NOT NULL,
    safety   TEXT NOT NULL,    -- safe | neutral | risky | unsafe
    funnel   TEXT NOT NULL,    -- resisted | plausible | engaged | complied
    seconds  REAL NOT NULL,
    decision INTEGER NOT NULL, -- 1: the step offered two or more choices
    PRIMARY KEY (play_id, seq)
) WITHOUT ROWID;
-- The order the replies were shown in (shuffled per play), apart from `choices` so stores
-- written before it still open and merge: one row per decision, the chosen reply and the
-- order by their indexes in the step ("2 0 1"), and whether it was a false alarm.
CREATE TABLE IF NOT EXISTS choice_order (
    play_id     TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    choice      INTEGER NOT NULL,
    shown       TEXT NOT NULL,
    false_alarm INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (play_id, seq)
) WITHOUT ROWID;
PRAGMA user_version = 1;
COMMIT;
"""

COLUMNS: dict[str, tuple[str, ...]] = {
    "plays": ("play_id", "mode", "lang", "scenario", "group_play", "started", "ended", "status", "outcome"),
    "choices": ("play_id", "seq", "step", "tactic", "genuine", "safety", "funnel", "seconds", "decision"),
}

# Primary SQLite result codes (the low byte of an extended code).
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_CORRUPT = 11
SQLITE_NOTADB = 26


def primary_code(err: sqlite3.Error) -> int:
    return (getattr(err, "sqlite_errorcode", 0) or 0) & 0xFF


def is_corruption(err: sqlite3.Error) -> bool:
    """True when the file itself is bad (not a database, or damaged), not merely unreachable."""
    if primary_code(err) in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return True
    text = str(err).lower()
    return "not a database" in text or "malformed" in text


def schema_problem(conn: sqlite3.Connection) -> str | None:
    """Why this database is not a play record, or None if it is one (or is still empty)."""
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table, wanted in COLUMNS.items():
        if table not in tables:
            continue  # a store being made, or a fresh one: the schema adds what is missing
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        missing = [c for c in wanted if c not in have]
        if missing:
            return f"its '{table}' table lacks {', '.join(missing)}: not a play record"
    return None


def is_record(conn: sqlite3.Connection) -> bool:
    """True when both tables are there with their columns (a file to read, not to make)."""
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return all(t in tables for t in COLUMNS) and schema_problem(conn) is None


def utc_minute(when: datetime) -> str:
    """A UTC time to the minute: precise enough for reports, too coarse to single anyone out."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def parse_minute(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%MZ").replace(tzinfo=UTC)
