"""Benchmark figures of the pygame front end: start-up ratio, frame times, idle CPU.

All measured in one run under the dummy video driver: start-up as a ratio to a bare
pygame start timed the same way, frames as the 99th percentile over every kind of
screen while it animates, idle cost as CPU seconds per wall second of the real loop.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from ..bench import register

ROOT = Path(__file__).resolve().parents[2]

BARE = """
import os, time
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
import pygame
pygame.display.init(); pygame.font.init()
screen = pygame.display.set_mode((1920, 1080))
font = pygame.font.Font(None, 48)
screen.blit(font.render("Not Alone", True, (255, 255, 255)), (10, 10))
pygame.display.flip()
print(time.time())
"""

OURS = """
import os, sys
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
sys.path.insert(0, {root!r})
from game.core.library import load_library
from game.app.app import App, Settings
from game.app.run import first_scene
import pygame
library = load_library()
assert library.scenarios
app = App(library, Settings(lang="vi", muted=True), None, size=(1920, 1080))
first_scene(app, False)
app.frame()  # the first interactive frame is on screen
import time
print(time.time())
"""


def _run_seconds(code: str, cold_cache: str | None = None) -> float:
    """Wall time from launching a fresh Python process to its first frame on screen (exit not counted).

    Warm (the default) is the second start on a machine: Python's bytecode and the
    checked-scenario cache were written by the first, as they are after any start on a
    school computer. `cold_cache` (an empty folder) measures the start after a scenario
    changed: every file read and checked again.
    """
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    argv = [sys.executable, "-c", code]
    if cold_cache is not None:
        env["NOTALONE_CACHE"] = cold_cache
    t0 = time.time()
    done = subprocess.run(argv, check=True, env=env, cwd=ROOT, capture_output=True, text=True)
    return float(done.stdout.strip().splitlines()[-1]) - t0


def startup_ratio(repeat: int = 5) -> dict[str, float]:
    import tempfile

    ours_code = OURS.format(root=str(ROOT))
    _run_seconds(BARE)  # the first start writes bytecode and the scenario cache; not timed
    _run_seconds(ours_code)
    bare, ours, cold = [], [], []
    for _ in range(repeat):  # interleaved, so a noisy moment hits both
        bare.append(_run_seconds(BARE))
        ours.append(_run_seconds(ours_code))
        with tempfile.TemporaryDirectory() as empty:
            cold.append(_run_seconds(ours_code, cold_cache=empty))
    b, o, c = statistics.median(bare), statistics.median(ours), statistics.median(cold)
    return {
        "startup_bare_s": round(b, 4),
        "startup_game_s": round(o, 4),
        "startup_ratio": round(o / b, 3),
        "startup_uncached_s": round(c, 4),
        "startup_uncached_ratio": round(c / b, 3),
    }


def frames_and_idle() -> dict[str, float]:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame

    from ..core.library import load_library
    from .app import App, Settings
    from .scenes.play import PlayScene
    from .shots import iter_screens

    library = load_library()
    now = [1000.0]
    app = App(library, Settings(lang="vi", muted=True), None, size=(1920, 1080), clock=lambda: now[0], audio=False)
    times: list[float] = []
    for _ in iter_screens(app, library.ordered()):
        scene = app.scene
        # Put play screens back into their animated phase (ringing, captions, typing).
        if isinstance(scene, PlayScene) and scene.step is not None:
            scene.last_step = None
            scene.begin_step()
        for _ in range(12):
            now[0] += 1 / 30
            app.dirty = True  # the worst case: every frame redraws the whole screen
            t0 = time.perf_counter()
            app.frame()
            times.append(time.perf_counter() - t0)
    times.sort()
    p99 = times[int(len(times) * 0.99)] * 1000
    out = {"frame_p99_ms": round(p99, 3), "frame_median_ms": round(statistics.median(times) * 1000, 3), "frames_measured": len(times)}

    # Idle: the real loop on a screen where nothing changes, for a few seconds.
    from .scenes.picker import PickerScene

    idle = App(library, Settings(lang="vi", muted=True), None, size=(1920, 1080), audio=False)
    idle.push(PickerScene(idle))
    idle.frame()
    pygame.time.set_timer(pygame.QUIT, 3000, loops=1)
    c0, w0 = time.process_time(), time.perf_counter()
    idle.run()
    out["idle_cpu_fraction"] = round((time.process_time() - c0) / (time.perf_counter() - w0), 4)
    out["idle_frames_drawn"] = idle.frames_drawn
    return out


def figures() -> dict[str, float]:
    out = startup_ratio()
    out.update(frames_and_idle())
    return out


register("ui", figures)
