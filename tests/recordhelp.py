"""Test helper: a small hand-made play record whose figures are known by heart.

Scenario "alpha" (three plays) and "beta" (one group play), choices written straight
through the store. The expected numbers are worked out in test_record_report.py.
Also: a way to make a folder read-only for a subprocess, even when the tests run as root.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from game.record.store import RecordStore
from game.session import FUNNEL, ChoiceRecord

NOW = datetime(2025, 11, 20, 9, 30, tzinfo=UTC)

# play id -> (scenario, mode, lang, outcome or None if abandoned, choices)
# choice: (step, tactic, genuine, safety, seconds, decision)
PLAYS = {
    "p1": (
        "alpha",
        "kiosk",
        "vi",
        "safe",
        [
            ("s1", "urgency", False, "neutral", 4.0, True),
            ("s2", "secrecy", False, "safe", 6.0, True),
            ("g1", None, True, "safe", 2.0, True),
        ],
    ),
    "p2": (
        "alpha",
        "classroom",
        "en",
        "harmed",
        [
            ("s1", "urgency", False, "risky", 10.0, True),
            ("s2", "secrecy", False, "unsafe", 8.0, True),
            ("g1", None, True, "risky", 5.0, True),
        ],
    ),
    "p3": (
        "alpha",
        "kiosk",
        "vi",
        None,
        [
            ("s1", "urgency", False, "safe", 3.0, True),
            ("n1", None, False, "neutral", 1.0, False),
        ],
    ),
    "p4": (
        "beta",
        "facilitate",
        "vi",
        "rescued",
        [
            ("b1", "fear_threat", False, "neutral", 12.0, True),
            ("b2", None, True, "safe", 7.0, True),
        ],
    ),
}


def fill(store: RecordStore, plays: dict = PLAYS) -> None:
    for play_id, (scenario, mode, lang, outcome, choices) in plays.items():
        store.start_play(play_id, mode, lang, scenario)
        for seq, (step, tactic, genuine, safety, seconds, decision) in enumerate(choices, 1):
            store.record_choice(ChoiceRecord(play_id, seq, step, tactic, genuine, safety, FUNNEL[safety], seconds, decision))
        store.finish_play(play_id, outcome or "abandoned", outcome is None)


def make_store(path: Path, plays: dict = PLAYS, now: datetime = NOW) -> Path:
    """Write `plays` into a store file at `path` (a file path) and return it."""
    store = RecordStore(path, now=lambda: now)
    assert store.backend == "file", store.warnings
    fill(store, plays)
    store.close()
    return path


def read_only_command(folder: Path) -> list[str] | None:
    """A command prefix under which `folder` is read-only, or None if none can be made here."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return []
    # root ignores permission bits: give the child a private mount namespace in which the
    # folder is a read-only bind mount (a real read-only file system; nothing leaks out).
    if not shutil.which("unshare"):
        return None
    script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'
    probe = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", script, str(folder), "true"], capture_output=True)
    if probe.returncode != 0:
        return None
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, str(folder)]
