"""A screen of the pygame front end and the lifecycle every screen shares.

A scene draws itself, registers its buttons, and reacts to them. It never creates the
screen that follows it: when it is done it says so (`finish`, with an outcome such as
"next", "back" or "again" and what it found out), and the app's flow (game/app/flow.py)
decides what comes next. Everything the app calls on a scene is declared here, so a
mode never has to look a hook up by name:

    enter()           became the top of the stack (also when an overlay above it closes)
    leave()           left the stack for good (replaced, popped, or the app started over)
    abandon()         the app is closing or starting over while this screen is up:
                      close what it holds open (a play is recorded as abandoned)
    relocalise(lang)  the language changed from the menu: show the same thing in `lang`
    read_screen()     read-aloud was just turned on: read what is on screen now
    update(now)       time passed: what needs drawing again, if anything
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import pygame

if TYPE_CHECKING:
    from .app import App
    from .painter import Painter


class Button(NamedTuple):
    """A tappable area drawn this frame, and what activating it means to its scene.

    Never changed once made; a named tuple, as a dataclass would compile its methods at start-up.
    """

    id: str
    rect: pygame.Rect
    label: str = ""
    kind: str = "secondary"  # choice | primary | secondary | accept | decline | phone
    payload: object = None
    focusable: bool = True
    # The screen's main button: Enter activates it when nothing has the keyboard focus
    # (a screen with one "primary"-looking button need not say so; see App.main_button).
    primary: bool = False


class Scene:
    """One screen. draw() registers its buttons; the app routes input to them."""

    wants_menu = True  # Esc opens the menu
    opaque = True  # False for overlays drawn over the scene below
    station = ""  # the flow's name for this screen when the flow made it ("" for overlays)
    # An overlay under which nothing changes while it is up (the menu: the screen below only
    # changes with the settings): the app draws what is below, and this overlay's backdrop,
    # once and keeps the picture until the settings or the stack change.
    keeps_below = False

    def __init__(self, app: App) -> None:
        self.app = app
        self.buttons: list[Button] = []

    @property
    def name(self) -> str:
        return type(self).__name__.removesuffix("Scene").lower()

    @property
    def animating(self) -> bool:
        """True while the screen moves by itself (the loop then runs at the animation rate)."""
        return False

    # -- lifecycle -------------------------------------------------------------------------

    def enter(self) -> None:
        """Called when the scene becomes the top of the stack."""

    def leave(self) -> None:
        """Called when the scene leaves the stack for good."""

    def abandon(self) -> None:
        """The app is closing or starting over while this scene is up: close what it holds open."""

    def relocalise(self, lang: str) -> None:
        """The player changed the language: show the same content in `lang` where it exists."""

    def read_screen(self) -> None:
        """Read-aloud was just turned on: read what this screen shows now (nothing by default)."""

    def finish(self, outcome: str = "next", **found: object) -> None:
        """This screen is done: the flow shows what follows `outcome`; `found` is what it learnt (e.g. scenario=...)."""
        self.app.flow.done(self, outcome, **found)

    # -- each frame ------------------------------------------------------------------------

    def draw(self, p: Painter) -> None:
        raise NotImplementedError

    def backdrop(self, p: Painter) -> None:
        """An overlay's drawing over the screens below it (a dimming), before its own `draw`."""

    def activate(self, button: Button) -> None:
        pass

    def update(self, now: float) -> bool | list[pygame.Rect] | None:
        """None when nothing changed; True to redraw everything; a list of rects to redraw partly."""
        return None

    def key(self, event: pygame.event.Event) -> bool:
        """Scene-specific keys; True if handled."""
        return False

    def choice_buttons(self) -> list[Button]:
        return [b for b in self.buttons if b.kind == "choice"]

    def add(self, button: Button) -> Button:
        self.buttons.append(button)
        return button
