"""A large folder is shared between the cores and loads exactly as it would on one core."""

from __future__ import annotations

import gc
import os
import time
from pathlib import Path

import pytest

from game.bench import generated_scenario
from game.core import forkshare, library
from game.core.library import ROOT, load_library

TACTICS = ROOT / "scenarios" / "tactics.yaml"


def _big_folder(tmp_path: Path) -> Path:
    """More files than PARALLEL_FROM: good ones, and broken ones scattered among them."""
    folder = tmp_path / "many"
    folder.mkdir()
    count = library.PARALLEL_FROM + 16
    for n in range(count):
        (folder / f"s{n:03d}.yaml").write_text(generated_scenario(n, steps=2), encoding="utf-8")
    (folder / "s010.yaml").write_text("id: [broken\n", encoding="utf-8")  # E003
    (folder / "s033.yaml").write_text(generated_scenario(5, steps=2), encoding="utf-8")  # the id of s005: E211
    (folder / "s050.yaml").write_bytes(b"id: x\n\xff\n")  # E002
    (folder / "s070.yaml").write_text(generated_scenario(70, steps=2).replace("next: s1", "next: nowhere", 1), encoding="utf-8")
    return folder


def _shown(lib: library.Library) -> list[tuple[str, str | None, list[str]]]:
    return [(r.path, r.scenario_id, [p.format() for p in r.problems]) for r in lib.reports]


def test_a_large_folder_loads_the_same_on_two_cores_as_on_one(tmp_path: Path, monkeypatch) -> None:
    folder = _big_folder(tmp_path)
    files = len(list(folder.iterdir()))
    shared_calls = []
    real = forkshare.map_forked
    monkeypatch.setattr(forkshare, "cores", lambda: 2)  # one helper even on a one-core machine
    monkeypatch.setattr(forkshare, "map_forked", lambda *a, **k: shared_calls.append(1) or real(*a, **k))
    shared = load_library([folder], catalogue_path=TACTICS, use_cache=False)
    assert shared_calls, "the folder was not shared between processes"

    monkeypatch.setattr(library, "PARALLEL_FROM", 10**9)
    alone = load_library([folder], catalogue_path=TACTICS, use_cache=False)

    assert _shown(shared) == _shown(alone)
    assert shared.scenarios == alone.scenarios
    assert list(shared.scenarios) == list(alone.scenarios)
    codes = {p.code for p in shared.errors}
    assert {"E002", "E003", "E201", "E211"} <= codes  # the broken files are reported...
    assert len(shared.scenarios) == files - 4  # ...and every good one is loaded


def _square_unless_helper(trouble, parent: int):
    """x * x; in a helper, `trouble(x, calls so far)` first; the parent takes its time so helpers get work."""
    done_here: list[int] = []  # each process counts in its own copy

    def square(x: int) -> int:
        if os.getpid() == parent:
            time.sleep(0.005)
        else:
            done_here.append(x)
            trouble(len(done_here))
        return x * x

    return square


def test_a_helper_that_dies_leaves_its_work_to_the_parent(tmp_path: Path) -> None:
    def crash(calls: int) -> None:
        if calls == 3:  # in its second chunk, after sending the first
            (tmp_path / f"died-{os.getpid()}").touch()
            os._exit(3)

    square = _square_unless_helper(crash, os.getpid())
    assert forkshare.map_forked(square, list(range(40)), helpers=2, chunk=2) == [x * x for x in range(40)]
    assert list(tmp_path.glob("died-*")), "no helper got as far as its second chunk"


def test_a_helper_that_hangs_is_stopped_and_its_work_done_by_the_parent(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(forkshare, "HELPER_QUIET_S", 0.5)

    def hang(calls: int) -> None:
        (tmp_path / "stuck").touch()
        time.sleep(3600)  # stuck for good on its first chunk

    square = _square_unless_helper(hang, os.getpid())
    assert forkshare.map_forked(square, list(range(40)), helpers=1, chunk=2) == [x * x for x in range(40)]
    assert (tmp_path / "stuck").exists(), "the helper never took a chunk"


def test_without_fork_a_large_folder_loads_on_one_core(tmp_path: Path, monkeypatch) -> None:
    folder = _big_folder(tmp_path)
    expected = _shown(load_library([folder], catalogue_path=TACTICS, use_cache=False))
    monkeypatch.delattr(os, "fork")  # as on Windows
    assert forkshare.map_forked(abs, [-1, 2], helpers=1, chunk=1) is None
    assert _shown(load_library([folder], catalogue_path=TACTICS, use_cache=False)) == expected


@pytest.mark.parametrize("was_on", [True, False])
def test_loading_leaves_the_garbage_collector_as_it_was(tmp_path: Path, was_on: bool) -> None:
    folder = _big_folder(tmp_path)
    try:
        gc.enable() if was_on else gc.disable()
        load_library([folder], catalogue_path=TACTICS, use_cache=False)
        assert gc.isenabled() is was_on
    finally:
        gc.enable()
