"""Test helper run as a subprocess: plays random plays through Session into a record store.

    python tests/record_player.py DATA_DIR [PLAYS] [SEED]

It prints "ready" once the store is open, then for every play "<play id> <choices>"
after finish_play has returned (flushed at once), so a test that kills this process
knows which plays were finished before the kill. PLAYS 0 plays until killed.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.core.library import load_library  # noqa: E402
from game.record.store import RecordStore  # noqa: E402
from game.session import Session  # noqa: E402

MODES = ("text", "classroom", "kiosk", "facilitate")


def main() -> int:
    data_dir = Path(sys.argv[1])
    plays = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else None)
    library = load_library()
    scenarios = library.ordered()
    store = RecordStore.open_in(data_dir)
    if store.backend != "file":
        print("store not usable: " + "; ".join(store.warnings), flush=True)
        return 3
    print("ready", flush=True)
    n = 0
    while plays == 0 or n < plays:
        n += 1
        sc = rng.choice(scenarios)
        session = Session(sc, library.catalogue, rng.choice(("vi", "en")), rng.choice(MODES), store)
        made = 0
        # Cap the length: a random walk could circle in a scenario with loops for a while.
        while not session.finished and made < 60:
            choices = session.play.visible_choices()
            session.choose(rng.randrange(len(choices)), seconds=round(rng.uniform(0.5, 20), 2))
            made += 1
        session.close()
        if session.finished:
            print(f"{session.play_id} {made}", flush=True)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
