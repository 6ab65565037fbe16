"""The xAPI outbox: statements waiting in the play record to be sent to a learning record store.

Once a play has ended, its statements are queued here with their ids and their bodies,
and a body is never changed for its id again: an LRS refuses (409) a statement whose id it
holds with a different body, and one such statement blocks a whole atomic batch. So:

- the verb is part of a statement's id key (`end/abandoned` and `end/completed` are two
  statements, and a play merged as abandoned and later completed sends both);
- activity names come from the record: a scenario's title is written into the record the
  first time one of its plays is queued (`scenario_names`), and later titles (a language
  added to the story) never change what is queued or exported for it;
- a row is queued with INSERT OR IGNORE: queuing again never replaces a body.

Rows are `queued` (to send, not before `next_try`), `sent`, or `parked` (the LRS refused it
with 409: kept with the reason for someone to look at, never resent by itself). Nothing in
a statement identifies a person: the actor is the play's random id.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass

from .reading import Record, read_plays
from .xapi import statements

SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    id       TEXT PRIMARY KEY,            -- the statement id (uuid5 of the play id and its key)
    play_id  TEXT NOT NULL,
    seq      INTEGER NOT NULL,            -- order within the whole outbox: sent in this order
    body     TEXT NOT NULL,               -- the statement as JSON; never changed once written
    state    TEXT NOT NULL DEFAULT 'queued',  -- queued | sent | parked
    tries    INTEGER NOT NULL DEFAULT 0,
    next_try TEXT NOT NULL DEFAULT '',    -- UTC ISO time before which it is not tried again
    note     TEXT NOT NULL DEFAULT ''     -- why it was parked, or the last failure
);
CREATE INDEX IF NOT EXISTS outbox_state ON outbox(state, seq);
CREATE TABLE IF NOT EXISTS scenario_names (
    scenario TEXT NOT NULL,
    lang     TEXT NOT NULL,
    title    TEXT NOT NULL,
    PRIMARY KEY (scenario, lang)
);
"""


@dataclass(frozen=True)
class Pending:
    id: str
    body: dict


@dataclass(frozen=True)
class Counts:
    queued: int = 0
    sent: int = 0
    parked: int = 0


def ensure(conn: sqlite3.Connection) -> None:
    """Add the outbox tables to a play record (idempotent)."""
    conn.executescript(SCHEMA)


def library_titles(library: object) -> dict[str, dict[str, str]]:
    """Scenario id -> language -> title, from a loaded library (game.core.library.Library)."""
    return {sid: {lang: sc.title.get(lang) for lang in sc.languages} for sid, sc in getattr(library, "scenarios", {}).items()}


def recorded_names(conn: sqlite3.Connection) -> dict[str, dict[str, str]]:
    """Scenario id -> language -> title, as the record first saw them."""
    names: dict[str, dict[str, str]] = {}
    try:
        rows = conn.execute("SELECT scenario, lang, title FROM scenario_names")
    except sqlite3.OperationalError:  # an older store, never queued from: no names yet
        return names
    for scenario, lang, title in rows:
        names.setdefault(scenario, {})[lang] = title
    return names


def names_for_export(conn: sqlite3.Connection, library_titles: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    """The names to write: the record's own, and for scenarios it never named, the library's."""
    names = {sid: dict(langs) for sid, langs in library_titles.items()}
    names.update(recorded_names(conn))
    return names


def queue_ended(conn: sqlite3.Connection, library_titles: Mapping[str, Mapping[str, str]], base: str | None = None) -> int:
    """Queue the statements of every ended play not queued yet; returns how many rows were added."""
    ensure(conn)
    record = read_plays(conn, ended_only=True)
    if not record.plays:
        return 0
    with conn:  # one transaction: the names and the rows land together or not at all
        names = recorded_names(conn)
        for scenario in {play.scenario for play in record.plays} - names.keys():
            # A scenario is named once, in the languages it has then; a language added later
            # would change the activity's name, and so the body of every statement about it.
            found = {lang: title for lang, title in (library_titles.get(scenario) or {}).items() if title}
            names[scenario] = found
            conn.executemany(
                "INSERT OR IGNORE INTO scenario_names(scenario, lang, title) VALUES (?, ?, ?)",
                [(scenario, lang, title) for lang, title in found.items()],
            )
        (start,) = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM outbox").fetchone()
        before = conn.total_changes
        for n, st in enumerate(statements(Record(record.plays, record.choices), names, base), start=start + 1):
            conn.execute(
                "INSERT OR IGNORE INTO outbox(id, play_id, seq, body) VALUES (?, ?, ?, ?)",
                (st["id"], st["actor"]["account"]["name"], n, json.dumps(st, ensure_ascii=False, separators=(",", ":"))),
            )
        return conn.total_changes - before


def due(conn: sqlite3.Connection, now_iso: str, limit: int) -> list[Pending]:
    """Queued statements whose time has come, oldest first."""
    rows = conn.execute("SELECT id, body FROM outbox WHERE state = 'queued' AND next_try <= ? ORDER BY seq LIMIT ?", (now_iso, limit))
    return [Pending(i, json.loads(b)) for i, b in rows]


def mark_sent(conn: sqlite3.Connection, ids: list[str]) -> None:
    with conn:
        conn.executemany("UPDATE outbox SET state = 'sent', tries = tries + 1, note = '' WHERE id = ?", [(i,) for i in ids])


def park(conn: sqlite3.Connection, statement_id: str, why: str) -> None:
    with conn:
        conn.execute("UPDATE outbox SET state = 'parked', tries = tries + 1, note = ? WHERE id = ?", (why, statement_id))


def defer(conn: sqlite3.Connection, ids: list[str], until_iso: str, why: str) -> None:
    with conn:
        conn.executemany("UPDATE outbox SET tries = tries + 1, next_try = ?, note = ? WHERE id = ?", [(until_iso, why, i) for i in ids])


def hold_all(conn: sqlite3.Connection, now_iso: str, until_iso: str) -> int:
    """Make every statement due now wait until `until_iso` (the LRS is away); returns how many."""
    with conn:
        return conn.execute("UPDATE outbox SET next_try = ? WHERE state = 'queued' AND next_try <= ?", (until_iso, now_iso)).rowcount


def tries(conn: sqlite3.Connection, ids: list[str]) -> int:
    """The most attempts any of these statements has had (for the back-off)."""
    if not ids:
        return 0
    marks = ",".join("?" * len(ids))
    (most,) = conn.execute(f"SELECT COALESCE(MAX(tries), 0) FROM outbox WHERE id IN ({marks})", ids).fetchone()
    return int(most)


def counts(conn: sqlite3.Connection) -> Counts:
    try:
        found = dict(conn.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state").fetchall())
    except sqlite3.OperationalError:
        return Counts()
    return Counts(found.get("queued", 0), found.get("sent", 0), found.get("parked", 0))


def parked(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(statement id, why) of every parked statement."""
    try:
        return conn.execute("SELECT id, note FROM outbox WHERE state = 'parked' ORDER BY seq").fetchall()
    except sqlite3.OperationalError:
        return []


def stored_bodies(conn: sqlite3.Connection) -> dict[str, dict]:
    """Statement id -> the body queued for it (every state)."""
    try:
        return {i: json.loads(b) for i, b in conn.execute("SELECT id, body FROM outbox")}
    except sqlite3.OperationalError:
        return {}


def export(conn: sqlite3.Connection, record: Record, library_titles: Mapping[str, Mapping[str, str]]) -> list[dict]:
    """The statements of `record` as an export: a statement already queued keeps its queued body.

    Read-only: an export next to a live kiosk changes nothing in its record.
    """
    stored = stored_bodies(conn)
    return [stored.get(st["id"], st) for st in statements(record, names_for_export(conn, library_titles))]
