"""Test helper: the real kiosk app, headless, with a fake clock and a spy play record."""

from __future__ import annotations

import pygame
from apphelp import FakeClock, button, story_button, tap

from game.kiosk.config import KioskConfig, hash_pin
from game.kiosk.run import build_kiosk
from game.session import NullRecorder

PIN = "2468"


class SpyRecorder(NullRecorder):
    def __init__(self) -> None:
        self.started: list[str] = []
        self.finished: list[tuple[str, bool]] = []
        self.warnings = ["record store: test warning"]

    def start_play(self, play_id, mode, lang, scenario_id):
        self.started.append(mode)

    def finish_play(self, play_id, outcome, abandoned):
        self.finished.append((outcome, abandoned))

    def plays_today(self) -> int:
        return len(self.finished)


def make_kiosk(library, size=(1024, 768), recorder=None, predraw: bool = False, **config):
    """The kiosk at its attract loop; without the pre-draw of every screen unless the test is about it."""
    clock = FakeClock()
    config.setdefault("admin_pin", hash_pin(PIN, iterations=1000))
    config.setdefault("practice", False)  # the story flow alone; tests/test_practice.py plays the practice round
    cfg = KioskConfig(**config)
    app = build_kiosk(library, cfg, recorder, size=size, clock=clock, audio=False, predraw=predraw)
    pygame.event.clear()
    app.frame()
    return app, clock


def names(app) -> list[str]:
    return [s.name for s in app.stack]


def start_play(app, scenario: str, lang: str = "en") -> None:
    """From the attract loop into the first step of a story."""
    tap(app, button(app, "start"))
    tap(app, button(app, f"lang:{lang}"))
    tap(app, story_button(app, scenario))
    assert app.scene.name == "play"
