"""Test helper: the real pygame app, headless, driven by posted input events and a fake clock."""

from __future__ import annotations

import pygame

from game.app.app import App, Button, Settings
from game.app.run import first_scene


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def make_app(library, size=(1024, 768), lang_given: bool = False, **settings) -> tuple[App, FakeClock]:
    clock = FakeClock()
    settings.setdefault("muted", True)
    settings.setdefault("practice", False)  # the story flow alone; tests/test_practice.py plays the practice round
    app = App(library, Settings(**settings), None, size=size, clock=clock, audio=False)
    pygame.event.clear()
    first_scene(app, lang_given)
    app.frame()
    return app, clock


def button(app: App, bid: str) -> Button:
    found = [b for b in app.scene.buttons if b.id == bid]
    assert found, f"no button {bid!r} on {app.scene.name}: {[b.id for b in app.scene.buttons]}"
    return found[0]


def click(app: App, b: Button) -> None:
    pos = b.rect.center
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1, touch=False))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1, touch=False))
    app.frame()


def tap(app: App, b: Button) -> None:
    """A finger tap, as SDL delivers it: the finger events plus its own mouse copies."""
    w, h = app.size
    x, y = b.rect.centerx / w, b.rect.centery / h
    for kind in (pygame.FINGERDOWN, pygame.FINGERUP):
        pygame.event.post(pygame.event.Event(kind, x=x, y=y, dx=0.0, dy=0.0, touch_id=1, finger_id=0, pressure=1.0))
    for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
        pygame.event.post(pygame.event.Event(kind, pos=b.rect.center, button=1, touch=True))
    app.frame()


def key(app: App, k: int, mod: int = 0) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0))
    app.frame()


def wait(app: App, clock: FakeClock, seconds: float) -> None:
    clock.now += seconds
    app.frame()


def story_button(app: App, scenario_id: str) -> Button:
    """The picker's button for a story, turning the picker's pages as a player would (9 stories fill two pages)."""
    for _ in range(10):
        found = [b for b in app.scene.buttons if b.id == f"scenario:{scenario_id}"]
        if found:
            return found[0]
        more = [b for b in app.scene.buttons if b.id == "more"]
        assert more, f"no story {scenario_id!r} on any page of the picker"
        click(app, more[0])
    raise AssertionError(f"no story {scenario_id!r} on the picker")
