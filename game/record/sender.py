"""Deliver the outbox to a learning record store (LRS), reliably and never twice.

One run: queue the statements of plays that ended since the last run, then POST what is
due in batches of at most 100, oldest first, and write down each answer before the next
request, so a kill at any moment loses nothing and sends nothing twice (a statement the
LRS already holds, resent with the same body, is ignored by it).

- 200 or 204: sent.
- 409: the LRS holds a *different* statement with one of these ids, and batches are atomic,
  so the batch is split in halves until the culprit stands alone; it is parked (kept, with
  the LRS's answer) and the rest goes. 400 is treated the same way: one malformed statement
  must not hold back a day of plays.
- 401 or 403: the credentials are wrong; the run stops with one clear line.
- A timeout, a refused connection or a 5xx: the LRS is away; the batch waits (back-off,
  doubling from a minute, at most an hour) and the run stops.

`BackgroundSender` runs the same thing in a daemon thread for a kiosk, every few minutes,
so play and the frame loop never wait for the network.
"""

from __future__ import annotations

import base64
import json
import logging
import sqlite3
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from . import outbox
from .xapi import VERSION

log = logging.getLogger(__name__)

BATCH = 100
TIMEOUT_S = 20.0
FIRST_BACKOFF_S = 60
MAX_BACKOFF_S = 3600

# bodies -> (HTTP status, answer text); raises OSError (URLError, timeouts) when there is no answer
Poster = Callable[[list[dict]], tuple[int, str]]


class AuthRefused(Exception):
    """401/403: the LRS does not accept these credentials."""


class Unreachable(Exception):
    """No answer, or a server error: try again later."""


@dataclass
class SendResult:
    queued_now: int = 0  # statements added to the outbox by this run
    sent: int = 0
    parked: list[tuple[str, str]] = field(default_factory=list)  # (statement id, the LRS's answer)
    deferred: int = 0
    requests: int = 0
    stopped: str = ""  # why the run stopped early, if it did


def statements_url(lrs: str) -> str:
    """The LRS's statements resource, whether the user gave the xAPI root or the resource itself."""
    lrs = lrs.rstrip("/")
    return lrs if lrs.endswith("/statements") else lrs + "/statements"


def http_poster(lrs: str, user: str, password: str, timeout: float = TIMEOUT_S) -> Poster:
    """POST a batch to a real LRS over HTTP(S) with basic authentication (standard library only)."""
    url = statements_url(lrs)
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")

    def post(bodies: list[dict]) -> tuple[int, str]:
        data = json.dumps(bodies, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        request = urllib.request.Request(
            url,
            data=data,
            method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Basic {token}", "X-Experience-API-Version": VERSION},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                return answer.status, answer.read(2000).decode("utf-8", "replace")
        except urllib.error.HTTPError as err:
            return err.code, err.read(2000).decode("utf-8", "replace")

    return post


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _backoff(tries: int) -> timedelta:
    return timedelta(seconds=min(FIRST_BACKOFF_S * 2 ** max(tries, 0), MAX_BACKOFF_S))


def open_store(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db, timeout=5.0, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


def send(
    conn: sqlite3.Connection,
    post: Poster,
    titles: Mapping[str, Mapping[str, str]],
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    base: str | None = None,
) -> SendResult:
    """Queue what ended, then send what is due. Raises AuthRefused; every other failure is in the result."""
    result = SendResult(queued_now=outbox.queue_ended(conn, titles, base))
    answered: set[str] = set()  # ids written down as sent or parked in this run

    def deliver(batch: list[outbox.Pending]) -> None:
        result.requests += 1
        try:
            status, text = post([p.body for p in batch])
        except (OSError, TimeoutError) as err:  # URLError is an OSError; so is a refused connection
            raise Unreachable(f"no answer from the LRS ({getattr(err, 'reason', err)})") from err
        if status in (200, 204):
            outbox.mark_sent(conn, [p.id for p in batch])
            answered.update(p.id for p in batch)
            result.sent += len(batch)
        elif status in (401, 403):
            raise AuthRefused(f"the LRS refused the credentials (HTTP {status}): check --user and --password")
        elif status in (400, 409):
            if len(batch) == 1:
                why = f"HTTP {status}: {' '.join(text.split())[:300]}"
                outbox.park(conn, batch[0].id, why)
                answered.add(batch[0].id)
                result.parked.append((batch[0].id, why))
                log.warning("xAPI statement %s parked: %s", batch[0].id, why)
            else:
                half = len(batch) // 2
                deliver(batch[:half])
                deliver(batch[half:])
        else:
            raise Unreachable(f"the LRS answered HTTP {status}")

    while True:
        batch = outbox.due(conn, _iso(now()), BATCH)
        if not batch:
            return result
        try:
            deliver(batch)
        except Unreachable as err:
            # Whatever of this batch was not written down as sent or parked waits its turn.
            waiting = [p.id for p in batch if p.id not in answered]
            until = _iso(now() + _backoff(outbox.tries(conn, waiting)))
            outbox.defer(conn, waiting, until, str(err))
            result.deferred = len(waiting) + outbox.hold_all(conn, _iso(now()), until)  # the rest waits too
            result.stopped = str(err)
            return result


def dry_run(db: Path, titles: Mapping[str, Mapping[str, str]]) -> tuple[int, int]:
    """(statements that would be sent now, batches) without writing anything or touching the network."""
    from .reading import open_readonly, read_plays

    conn = open_readonly(db)
    try:
        done = {i for (i,) in _rows(conn, "SELECT id FROM outbox WHERE state != 'queued'")}  # sent or parked: not sent again
        sts = [s for s in outbox.export(conn, read_plays(conn, ended_only=True), titles) if s["id"] not in done]
    finally:
        conn.close()
    return len(sts), -(-len(sts) // BATCH)


def _rows(conn: sqlite3.Connection, sql: str) -> list[tuple]:
    try:
        return conn.execute(sql).fetchall()
    except sqlite3.OperationalError:  # no outbox yet
        return []


class BackgroundSender:
    """Sends the outbox every `every_s` seconds from a daemon thread; never blocks the caller."""

    def __init__(self, db: Path, post: Poster, titles: Mapping[str, Mapping[str, str]], every_s: float = 300.0) -> None:
        self.db = db
        self.post = post
        self.titles = titles
        self.every_s = max(every_s, 5.0)
        self.last: SendResult | None = None
        self.problem = ""  # the last reason it could not send, for the admin panel
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="xapi-sender", daemon=True)

    def start(self) -> BackgroundSender:
        self._thread.start()
        return self

    def stop(self, wait_s: float = 2.0) -> None:
        self._stop.set()
        self._thread.join(wait_s)

    def run_once(self) -> SendResult | None:
        try:
            conn = open_store(self.db)
        except sqlite3.Error as err:
            self.problem = f"the play record cannot be opened for sending ({err})"
            return None
        try:
            self.last = send(conn, self.post, self.titles)
            self.problem = self.last.stopped
        except AuthRefused as err:
            self.problem = str(err)
        except sqlite3.Error as err:
            self.problem = f"the outbox could not be written ({err})"
        finally:
            conn.close()
        if self.problem:
            log.warning("xAPI sender: %s", self.problem)
        return self.last

    def _run(self) -> None:
        while not self._stop.wait(0 if self.last is None and not self.problem else self.every_s):
            self.run_once()
            if self.problem.startswith("the LRS refused the credentials"):
                return  # wrong credentials do not fix themselves: say it once and stop


LRS_KEYS: dict[str, type | tuple[type, ...]] = {"url": str, "user": str, "password": str, "every_minutes": (int, float)}


def lrs_settings(value: object) -> tuple[dict, list[str]]:
    """The kiosk's "lrs" setting checked: ({url, user, password, every_minutes}, problems).

    `{"url": "https://lrs.example.org/xAPI/", "user": "kiosk-7", "password": "…", "every_minutes": 5}`;
    the password may instead come from the NOTALONE_LRS_PASSWORD environment variable.
    Anything wrong leaves sending off, with the reason.
    """
    if not isinstance(value, dict):
        return {}, ['\'lrs\' must be an object {"url": …, "user": …, "password": …}; plays are not sent']
    problems = [f"'lrs' has an unknown key '{k}' (known: {', '.join(LRS_KEYS)})" for k in value if k not in LRS_KEYS]
    wrong = [k for k, kind in LRS_KEYS.items() if k in value and (not isinstance(value[k], kind) or isinstance(value[k], bool))]
    url = value.get("url")
    if wrong or not isinstance(url, str) or not url.startswith(("http://", "https://")):
        what = f"'{wrong[0]}' has the wrong type" if wrong else "'url' must start with https:// (or http:// on a closed network)"
        return {}, [*problems, f"'lrs': {what}; plays are not sent"]
    minutes = float(value.get("every_minutes", 5))
    if not 1 <= minutes <= 1440:
        problems.append("'lrs': 'every_minutes' must be from 1 to 1440; using 5")
        minutes = 5.0
    return {"url": url, "user": value.get("user", ""), "password": value.get("password", ""), "every_minutes": minutes}, problems


def start_for_kiosk(lrs: dict, db: Path, titles: Mapping[str, Mapping[str, str]]) -> BackgroundSender | None:
    """Start sending in the background when the kiosk's settings name an LRS; None otherwise."""
    import os

    if not lrs.get("url"):
        return None
    password = lrs.get("password") or os.environ.get("NOTALONE_LRS_PASSWORD", "")
    post = http_poster(lrs["url"], lrs.get("user", ""), password)
    return BackgroundSender(db, post, titles, every_s=60 * float(lrs.get("every_minutes", 5))).start()
