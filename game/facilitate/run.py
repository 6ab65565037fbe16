"""`python main.py facilitate`: the trainer's projector screens (not built yet; the vote core is)."""

from __future__ import annotations

import argparse
import sys


def facilitate_command(args: argparse.Namespace) -> int:
    # The room's vote state, the phone vote server, the QR join and the session summary
    # exist (game/facilitate/*); the pygame projector screens that drive them do not yet.
    print(
        "The facilitator's projector screens are not finished yet (issue 7). "
        "Until then, run a group session with 'python main.py play' on the projector.",
        file=sys.stderr,
    )
    return 2
