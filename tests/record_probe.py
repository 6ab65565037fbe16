"""Test helper run as a subprocess inside a read-only data folder: does the game go on?

    python tests/record_probe.py DATA_DIR

Prints one JSON object: whether the folder really is read-only (a probe write failed),
the store's backend and warnings, whether a whole play finished, and plays_today.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.core.library import SCENARIOS_DIR, load_catalogue, load_file  # noqa: E402
from game.record.store import RecordStore  # noqa: E402
from game.session import Session  # noqa: E402


def main() -> int:
    data_dir = Path(sys.argv[1])
    try:
        (data_dir / "probe.txt").write_text("x")
        read_only = False
    except OSError:
        read_only = True
    catalogue, _ = load_catalogue(SCENARIOS_DIR / "tactics.yaml")
    scenario, report = load_file(ROOT / "tests" / "data" / "mini.yaml", catalogue)
    assert scenario is not None, report.problems
    store = RecordStore.open_in(data_dir)
    session = Session(scenario, catalogue, "en", "kiosk", store)
    session.choose(0)  # hang up: the safe choice
    while not session.finished:
        session.choose(0)
    debrief = session.debrief()
    print(
        json.dumps(
            {
                "read_only": read_only,
                "backend": store.backend,
                "warnings": store.warnings,
                "finished": session.finished,
                "debrief_items": len(debrief.items),
                "plays_today": store.plays_today(),
            }
        )
    )
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
