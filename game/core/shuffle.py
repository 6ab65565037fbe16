"""The order replies are shown in: shuffled per play, so their place never gives the answer away.

The order of a step's replies is drawn from a seed made of the play's id (or the
`--seed N` given on the command line), the number of decisions made so far and the
step's id, so the same play always shows the same order (a crashed kiosk resuming,
the projector and every phone of a room) while each new play gets a new one. The
order shown is recorded with each choice (game/session.py), so the debrief and a
replay of the record show what the player saw.

`--no-shuffle` (or NOTALONE_SHUFFLE=0 in the environment) keeps the order of the file,
for authors reading a story in order and for tests written against it.
"""

from __future__ import annotations

import os
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass
class Ordering:
    """How this process orders replies; the command line sets it once at start."""

    enabled: bool = os.environ.get("NOTALONE_SHUFFLE", "1").strip().lower() not in ("0", "off", "no", "false")
    seed: int | None = None  # --seed N: every play of this process draws from N instead of its id


ORDERING = Ordering()


def configure(seed: int | None = None, enabled: bool | None = None) -> None:
    """Called by the command line: `--seed N` fixes the order, `--no-shuffle` keeps the file's."""
    if seed is not None:
        ORDERING.seed = seed
    if enabled is not None:
        ORDERING.enabled = enabled


def seed_base(play_id: str, seed: int | None = None) -> str:
    """The text every order of one play is drawn from: the fixed seed if there is one, else the play's id."""
    chosen = seed if seed is not None else ORDERING.seed
    return f"seed:{chosen}" if chosen is not None else f"play:{play_id}"


def shuffled(items: Sequence[T], base: str, seq: int, step_id: str) -> list[T]:
    """The items in the order shown at decision `seq` on step `step_id` of the play drawn from `base`.

    random.Random seeded with a string hashes it with SHA-512, so the order is the same in
    every process and on every machine (unlike hash(), which changes per process).
    """
    out = list(items)
    random.Random(f"{base}/{seq}/{step_id}").shuffle(out)
    return out
