"""Benchmark figures of the pygame front ends: start-up, frames, idle cost and memory, as ratios.

All measured in one run under the dummy video driver, each against a floor measured in
the same run, so a slower machine moves both sides:

- `startup_ratio`: launching the classroom game to its first frame, over launching a bare
  pygame program to its first frame (fresh processes, interleaved, median of 5);
  `startup_uncached_ratio` the same with an empty checked-scenario cache.
- `kiosk_start_s`, `kiosk_start_ratio`: launching the kiosk to its attract loop on screen,
  the pre-draw of every screen in every language included, over the same bare start.
- `frame_p99_over_floor`: each screen's 99th-percentile frame over the floor screen's. The
  screens are every one the game shows (title, picker, both menu pages, every step, ending
  and debrief page of every story, the takeaway), 12 frames each from its first, animating
  where it animates and redrawn whole every frame, pooled by kind (title, picker, menu,
  a play screen by channel, its ending, debrief, takeaway; a screen shown once, such as the
  title, gets 100 frames so its percentile is its own). The floor is a fill, 25 rounded
  rectangles and 20 cached text blits at 1920x1080, drawn through the same app after each
  screen. The worst kind is the figure (target at most 3; each kind's ratio goes to
  stderr); `frame_p99_over_floor_median` is the typical kind, and `frame_first_over_floor`
  the slowest first frame of any screen (arriving on it: text rendered, pictures scaled).
- `idle_cpu_fraction`: CPU seconds per wall second of the real loop on a still screen.
- `rss_classroom_mb`: resident memory of a fresh classroom process after one whole play
  driven by posted events (title, picker, every step, the debrief's pages, the takeaway);
  `rss_ratio` is that over a fresh bare pygame window's (same size, one text drawn).
- `rss_kiosk_mb`: the kiosk one minute after start. Simulated, not waited for: a fresh
  process builds the kiosk (its pre-draw included) on a fake clock and runs 1,200 frames
  of the attract loop, the clock stepping 1/20 s a frame (the loop's idle rate), which
  takes a few seconds of real time.

Resident memory is read from /proc/self/statm (current); elsewhere from getrusage (peak).
"""

from __future__ import annotations

import math
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

RSS = """
def _rss_mb():
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError, IndexError):
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
"""

BARE_RSS = (
    BARE.replace("print(time.time())", "")
    + RSS
    + """
print(_rss_mb())
"""
)

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


KIOSK = """
import os, sys
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
sys.path.insert(0, {root!r})
from game.core.library import load_library
from game.kiosk.config import KioskConfig
from game.kiosk.run import build_kiosk
from game.session import NullRecorder
library = load_library()
assert library.scenarios
app = build_kiosk(library, KioskConfig(), NullRecorder(), size=(1920, 1080))
app.frame()  # the attract loop is on screen
import time
print(time.time())
"""

KIOSK_MINUTE = (
    """
import os, sys
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
sys.path.insert(0, {root!r})
from game.core.library import load_library
from game.kiosk.config import KioskConfig
from game.kiosk.run import build_kiosk
from game.session import NullRecorder
now = [1000.0]
app = build_kiosk(load_library(), KioskConfig(), NullRecorder(), size=(1920, 1080), clock=lambda: now[0])
for _ in range(1200):  # one minute of the attract loop at the loop's idle rate, on the fake clock
    now[0] += 1 / 20
    app.frame()
assert app.scene.name == "attract"
"""
    + RSS
    + """
print(_rss_mb())
"""
)

CLASSROOM_PLAY = (
    """
import os, sys
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
sys.path.insert(0, {root!r})
import pygame
from game.core.library import load_library
from game.app.app import App, Settings
from game.app.run import first_scene
from game.session import NullRecorder
now = [1000.0]
library = load_library()
app = App(library, Settings(lang="vi", practice=False), NullRecorder(), size=(1920, 1080), clock=lambda: now[0])  # the story, debrief and takeaway
first_scene(app, False)
app.frame()

def tap(bid=None, b=None):
    b = b or next(x for x in app.scene.buttons if x.id == bid)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=b.rect.center, button=1, touch=False))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=b.rect.center, button=1, touch=False))
    now[0] += 0.5
    app.frame()

tap("lang:vi")
tap("scenario:" + library.ordered()[0].id)
for _ in range(300):
    scene = app.scene
    if scene.station != "play":
        break
    if scene.phase == "ringing":
        tap("accept")
    elif scene.phase == "revealing":
        tap("phone")
    elif scene.phase == "choosing":
        tap(b=scene.choice_buttons()[-1])
    else:
        tap("debrief")
while app.scene.station == "debrief":
    tap("next")
assert app.scene.station == "takeaway", app.scene.name
"""
    + RSS
    + """
print(_rss_mb())
"""
)


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


def _run_output(code: str) -> float:
    """The last line a fresh Python process prints for `code` (a figure it measured on itself)."""
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    done = subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=ROOT, capture_output=True, text=True)
    return float(done.stdout.strip().splitlines()[-1])


def startup_ratio(repeat: int = 5) -> dict[str, float]:
    import tempfile

    ours_code = OURS.format(root=str(ROOT))
    kiosk_code = KIOSK.format(root=str(ROOT))
    _run_seconds(BARE)  # the first start writes bytecode and the scenario cache; not timed
    _run_seconds(ours_code)
    _run_seconds(kiosk_code)
    bare, ours, cold, kiosk = [], [], [], []
    for _ in range(repeat):  # interleaved, so a noisy moment hits both
        bare.append(_run_seconds(BARE))
        ours.append(_run_seconds(ours_code))
        kiosk.append(_run_seconds(kiosk_code))
        with tempfile.TemporaryDirectory() as empty:
            cold.append(_run_seconds(ours_code, cold_cache=empty))
    b, o, c, k = statistics.median(bare), statistics.median(ours), statistics.median(cold), statistics.median(kiosk)
    return {
        "startup_bare_s": round(b, 4),
        "startup_game_s": round(o, 4),
        "startup_ratio": round(o / b, 3),
        "startup_uncached_s": round(c, 4),
        "startup_uncached_ratio": round(c / b, 3),
        "kiosk_start_s": round(k, 4),
        "kiosk_start_ratio": round(k / b, 3),
    }


def memory() -> dict[str, float]:
    """Resident memory of fresh processes: a bare pygame window, the classroom after a play, the kiosk after a minute."""
    root = str(ROOT)
    bare = statistics.median(_run_output(BARE_RSS) for _ in range(3))
    classroom = _run_output(CLASSROOM_PLAY.format(root=root))
    kiosk = _run_output(KIOSK_MINUTE.format(root=root))
    return {
        "rss_bare_mb": round(bare, 1),
        "rss_classroom_mb": round(classroom, 1),
        "rss_ratio": round(classroom / bare, 3),
        "rss_kiosk_mb": round(kiosk, 1),
        "rss_kiosk_ratio": round(kiosk / bare, 3),
    }


def _p99(values: list[float]) -> float:
    """The 99th percentile by nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.99 * len(ordered)) - 1)]


FRAMES_PER_SCREEN = 12  # each step, ending and debrief page: there are over a hundred, pooled by kind
FRAMES_PER_SINGLE_SCREEN = 100  # the title, picker, menu pages and takeaway: enough for a 99th percentile of their own


def frames_and_idle() -> dict[str, float]:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame

    from ..core.library import load_library
    from .app import App, Settings
    from .painter import Painter
    from .scene import Scene
    from .scenes.play import PlayScene
    from .shots import iter_screens

    class FloorScene(Scene):
        """The floor: about the least a screen of this game draws (a fill, 25 rounded rectangles, 20 cached texts)."""

        def draw(self, p: Painter) -> None:
            th = self.app.theme
            p.surface.fill(th.bg)
            for i in range(25):
                p.rect(pygame.Rect(40 + (i % 5) * 370, 40 + (i // 5) * 200, 340, 170), th.panel, radius=18)
            for i in range(20):
                p.text_line(f"Not Alone · line {i}", (60 + (i % 4) * 460, 60 + (i // 4) * 200), 34, th.panel_text)

    library = load_library()
    now = [1000.0]
    app = App(library, Settings(lang="vi", muted=True), None, size=(1920, 1080), clock=lambda: now[0], audio=False)

    def timed_frames(n: int) -> list[float]:
        times = []
        for _ in range(n):
            now[0] += 1 / 30
            app.dirty = True  # the worst case: every frame redraws the whole screen
            t0 = time.perf_counter()
            app.frame()
            times.append(time.perf_counter() - t0)
        return times

    kinds: dict[str, list[float]] = {}  # each kind of screen's frames
    floor: list[float] = []  # the floor's frames, drawn after each screen (a noisy moment hits both)
    first: list[float] = []  # each screen's first frame (text rendered, pictures scaled: the cost of arriving)
    for _ in iter_screens(app, library.ordered()):
        scene = app.scene
        kind, n = scene.name, FRAMES_PER_SINGLE_SCREEN
        # Put play screens back into their animated phase (ringing, captions, typing).
        if isinstance(scene, PlayScene):
            kind, n = f"play:{scene.step.channel if scene.step is not None else 'ending'}", FRAMES_PER_SCREEN
            if scene.step is not None:
                scene.last_step = None
                scene.begin_step()
        elif kind == "debrief":
            n = FRAMES_PER_SCREEN
        times = timed_frames(n)
        first.append(times[0])
        kinds.setdefault(kind, []).extend(times)
        stack = list(app.stack)
        app.stack[:] = [FloorScene(app)]
        floor += timed_frames(n)
        app.stack[:] = stack
    every = [t for times in kinds.values() for t in times]
    floor_p99 = _p99(floor)
    ratios = {kind: _p99(times) / floor_p99 for kind, times in kinds.items()}
    worst = max(ratios, key=lambda k: ratios[k])
    print("frame p99 over the floor's, by screen: " + ", ".join(f"{k} {r:.2f}" for k, r in sorted(ratios.items())), file=sys.stderr)
    out: dict[str, float] = {
        "frame_p99_ms": round(_p99(every) * 1000, 3),
        "frame_median_ms": round(statistics.median(every) * 1000, 3),
        "frames_measured": len(every),
        "frame_floor_p99_ms": round(floor_p99 * 1000, 3),
        "frame_p99_over_floor": round(ratios[worst], 3),  # the worst kind of screen (named on stderr)
        "frame_p99_over_floor_median": round(statistics.median(ratios.values()), 3),
        "frame_screen_kinds": len(ratios),
        "frame_first_over_floor": round(max(first) / floor_p99, 3),  # the slowest arrival on a screen
    }

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
    out.update(memory())
    return out


register("ui", figures)
