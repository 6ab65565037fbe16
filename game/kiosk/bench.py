"""Kiosk figures for the benchmark: memory growth over a long day of plays.

`soak_rss_growth_mb`: resident memory after 1,000 simulated plays through the kiosk app
(attract, language, story, every choice, the debrief, the takeaway, finish; one play in
ten walked away from) minus resident memory after the first 10. Target: at most 5 MB.
Resident memory is read from /proc/self/statm (current, not peak); where that does not
exist, from resource.getrusage (peak, so growth can only be over-stated).
"""

from __future__ import annotations

import os
import random

PLAYS = 1000
WARMUP = 10


def rss_mb() -> float:
    try:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError, IndexError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3  # KiB on Linux


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _tap(app, bid: str | None = None, button=None) -> bool:
    import pygame

    if button is None:
        button = next((b for b in app.scene.buttons if b.id == bid), None)
        if button is None:
            return False
    pos = button.rect.center
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1, touch=False))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1, touch=False))
    app.frame()
    return True


def play_once(app, clock: _Clock, rng: random.Random, scenario_id: str, walk_away: bool) -> None:
    """One visitor, from the attract loop back to it."""
    clock.now += 1
    app.frame()
    _tap(app, "start")
    _tap(app, f"lang:{rng.choice(app.settings.languages)}")
    _tap(app, f"scenario:{scenario_id}")
    for n in range(200):
        scene = app.scene
        clock.now += 0.5
        if scene.name == "play":
            if walk_away and n >= 2:
                clock.now += app.config.idle_seconds + 1
                app.frame()
                clock.now += app.config.countdown_seconds + 1
                app.frame()
                break
            if scene.phase == "ringing":
                _tap(app, "accept")
            elif scene.phase == "choosing":
                _tap(app, button=rng.choice(scene.choice_buttons()))
            elif scene.phase == "ending":
                _tap(app, "debrief")
            else:
                _tap(app, "phone")
        elif scene.name == "debrief":
            _tap(app, "next")
        elif scene.name == "takeaway":
            _tap(app, "finish")
            break
        else:
            app.frame()
    if app.scene.name != "attract":
        app.policy.reset()


def soak(plays: int = PLAYS, warmup: int = WARMUP, size: tuple[int, int] = (800, 600)) -> dict[str, float]:
    import pygame

    from ..core.library import load_library
    from ..session import NullRecorder
    from .config import KioskConfig
    from .run import build_kiosk

    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    library = load_library()
    clock = _Clock()
    app = build_kiosk(library, KioskConfig(), NullRecorder(), size=size, clock=clock, audio=False)
    app.settings.reduced_motion = True
    app.policy.base.reduced_motion = True  # no reveal animation: a play is a few dozen frames
    pygame.event.clear()
    rng = random.Random(5)
    ids = [s.id for s in library.ordered()]
    before = 0.0
    for i in range(plays):
        if i == warmup:
            before = rss_mb()
        play_once(app, clock, rng, ids[i % len(ids)], walk_away=i % 10 == 9)
    after = rss_mb()
    app.close()
    return {"soak_rss_growth_mb": round(after - before, 2), "soak_plays": float(plays), "soak_walkaways": float(app.policy.walkaways)}


def kiosk_figures() -> dict[str, float]:
    return soak()


try:
    from ..bench import register

    register("kiosk", kiosk_figures)
except ImportError:  # pragma: no cover - the benchmark module is optional for the kiosk itself
    pass
