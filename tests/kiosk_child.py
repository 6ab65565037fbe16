"""A stand-in kiosk for the supervisor tests: heartbeats like the real frame loop, nothing else.

Usage: kiosk_child.py PIDFILE. Appends its pid to PIDFILE, says READY, then beats every
0.2 s (through game/kiosk/watchdog.py, as the kiosk does) until it is killed or stopped.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.kiosk.watchdog import Heartbeat  # noqa: E402

with open(sys.argv[1], "a", encoding="utf-8") as f:
    f.write(f"{__import__('os').getpid()}\n")
beat = Heartbeat()
beat.ready()
while True:
    time.sleep(0.2)
    beat.beat()
