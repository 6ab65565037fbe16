"""Benchmark figures of the play record: what recording a choice costs the game.

`record_ms_per_choice`: the median time one `record_choice` takes (a committed insert
in a WAL store on disk, in a temporary folder), over a few hundred choices. Target: <= 1.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from statistics import median

from ..bench import register
from ..session import FUNNEL, ChoiceRecord, new_play_id
from .store import RecordStore

CHOICES = 400
PER_PLAY = 8


def record_figures() -> dict[str, float]:
    times: list[float] = []
    safeties = list(FUNNEL)
    with tempfile.TemporaryDirectory() as tmp:
        store = RecordStore.open_in(Path(tmp))
        assert store.backend == "file", store.warnings
        try:
            play_id = ""
            for i in range(CHOICES):
                if i % PER_PLAY == 0:
                    if play_id:
                        store.finish_play(play_id, "safe", False)
                    play_id = new_play_id()
                    store.start_play(play_id, "kiosk", "vi", "bench")
                safety = safeties[i % len(safeties)]
                record = ChoiceRecord(
                    play_id, i % PER_PLAY + 1, f"s{i % PER_PLAY}", "urgency", i % 5 == 0, safety, FUNNEL[safety], 3.5, True
                )
                t0 = time.perf_counter()
                store.record_choice(record)
                times.append(time.perf_counter() - t0)
        finally:
            store.close()
    return {"record_ms_per_choice": round(1000 * median(times), 4)}


register("record", record_figures)
