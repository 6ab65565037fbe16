"""A whole event day at the kiosk, fast: random taps, swipes and walk-aways must raise nothing."""

from __future__ import annotations

import random

import pygame
from kioskhelp import SpyRecorder, make_kiosk

DAY = 12 * 3600


def _finger(app, kind, pos) -> None:
    w, h = app.size
    pygame.event.post(pygame.event.Event(kind, x=pos[0] / w, y=pos[1] / h, dx=0.0, dy=0.0, touch_id=1, finger_id=0, pressure=1.0))


def test_a_simulated_12_hour_day_raises_nothing(library) -> None:
    rng = random.Random(20250704)
    spy = SpyRecorder()
    app, clock = make_kiosk(library, size=(1024, 768), recorder=spy, idle_seconds=60, countdown_seconds=20)
    start = clock.now
    w, h = app.size
    played: set[str] = set()
    order = [s.id for s in library.ordered()]
    turn = 0
    events = 0
    while clock.now - start < DAY:
        scene = app.scene
        buttons = [b for b in scene.buttons if b.id not in ("exit",)]
        r = rng.random()
        if scene.name == "picker":
            # Go through the stories in turn so that every one is played during the day.
            wanted = f"scenario:{order[turn % len(order)]}"
            target = next((b for b in buttons if b.id == wanted), None)
            if target is not None and r < 0.8:
                turn += 1
                buttons = [target]
        if scene.name == "play":
            played.add(scene.session.scenario.id)
        if r < 0.75 and buttons:
            b = rng.choice(buttons)
            pos = b.rect.center
            if rng.random() < 0.5:
                _finger(app, pygame.FINGERDOWN, pos)
                _finger(app, pygame.FINGERUP, pos)
            else:
                pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1, touch=False))
                pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1, touch=False))
        elif r < 0.9:  # a swipe across the screen
            a = (rng.randrange(w), rng.randrange(h))
            b = (rng.randrange(w), rng.randrange(h))
            _finger(app, pygame.FINGERDOWN, a)
            w2, h2 = app.size
            pygame.event.post(
                pygame.event.Event(
                    pygame.FINGERMOTION,
                    x=(a[0] + b[0]) / 2 / w2,
                    y=(a[1] + b[1]) / 2 / h2,
                    dx=0.1,
                    dy=0.1,
                    touch_id=1,
                    finger_id=0,
                    pressure=1.0,
                )
            )
            _finger(app, pygame.FINGERUP, b)
        elif r < 0.95:  # a stray key from a curious visitor
            pygame.event.post(
                pygame.event.Event(
                    pygame.KEYDOWN,
                    key=rng.choice([pygame.K_ESCAPE, pygame.K_q, pygame.K_1, pygame.K_SPACE, pygame.K_TAB, pygame.K_RETURN]),
                    mod=0,
                    unicode="",
                    scancode=0,
                )
            )
        events += 1
        # Mostly quick play; now and then the visitor walks away.
        if rng.random() < 0.03:
            for step in (1, 65, 10, 15):  # gone for good: the prompt, then its countdown runs out
                clock.now += step
                app.frame()
        else:
            clock.now += rng.uniform(0.3, 5.0) if rng.random() < 0.95 else rng.uniform(30, 120)
            app.frame()
        assert app.running
    assert events > 2000
    assert played == set(order)
    assert app.policy.walkaways > 10 and app.policy.resets > app.policy.walkaways and app.policy.errors == 0
    assert ("abandoned", True) in spy.finished and any(not abandoned for _, abandoned in spy.finished)
