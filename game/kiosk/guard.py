"""Keeps the kiosk's window on screen: minimised, unmapped or covered, it comes back.

A window manager, a Super key, an edge swipe or `xdotool windowminimize` can hide a
fullscreen window; nobody at an event day would bring it back. The guard listens to
SDL's window events and also looks at the window's state twice a second (an event can
be missed, e.g. an unmap while the loop was busy); when the window is hidden, minimised
or (fullscreen only) not focused, it shows, restores, re-enters fullscreen and raises it,
and logs what happened. It retries once a second until the window is back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import pygame

log = logging.getLogger("game.kiosk")

CHECK_EVERY = 0.5  # seconds between looks at the window's state
RETRY_EVERY = 0.5  # seconds between restore attempts while it stays hidden
START_GRACE = 2.0  # seconds after start when the window is still being mapped: nothing is wrong yet

TROUBLE = {
    pygame.WINDOWMINIMIZED: "minimised",
    pygame.WINDOWHIDDEN: "hidden (unmapped)",
    pygame.WINDOWFOCUSLOST: "lost focus",
}


class SdlWindow:
    """The window as the guard sees it; a seam so tests can watch what the guard does."""

    def __init__(self) -> None:
        self.window = pygame.Window.from_display_module()
        self.x11 = None
        if pygame.display.get_driver() == "x11":
            from .x11 import X11Window

            xid = pygame.display.get_wm_info().get("window")
            self.x11 = X11Window.open(int(xid)) if isinstance(xid, int) else None

    def trouble(self, fullscreen: bool) -> str | None:
        if not pygame.display.get_active():
            return "minimised or hidden"
        if fullscreen and not self.window.focused:
            return "lost focus"
        return None

    def restore(self, fullscreen: bool) -> None:
        w = self.window
        if self.x11 is not None:
            # On X11, SDL's show and restore wait for the window to be mapped, with no time
            # limit: under "show desktop" the window manager never maps it and the kiosk
            # would hang. The window manager's own messages do it without waiting.
            self.x11.bring_back(fullscreen)
            w.focus()  # SDL_RaiseWindow: a raise and a focus request, no waiting
            return
        w.show()
        w.restore()
        if fullscreen:
            w.set_fullscreen(desktop=True)
        w.focus()  # raise it and ask for the input focus


class WindowGuard:
    def __init__(self, clock: Callable[[], float], fullscreen: bool, window: SdlWindow | None = None) -> None:
        self.clock = clock
        self.fullscreen = fullscreen
        self._window = window
        self.problem: str | None = None  # what was seen; None while all is well
        self.since = 0.0
        self.started = clock()
        self.next_check = self.started + START_GRACE
        self.next_try = 0.0
        self.restores = 0

    @property
    def window(self) -> SdlWindow | None:
        if self._window is None:
            try:
                self._window = SdlWindow()
            except pygame.error:
                return None
        return self._window

    def note(self, event: pygame.event.Event) -> None:
        """A window event from the frame loop."""
        what = TROUBLE.get(event.type)
        if what is None or self.clock() < self.started + START_GRACE:
            return  # the window manager is still mapping and focusing a window just made
        if what == "lost focus" and not self.fullscreen:
            return  # a kiosk tried out in a window may lose focus to a terminal
        self._trouble(what, self.clock())
        self.next_try = min(self.next_try, self.since)  # act at once on an event

    def _trouble(self, what: str, now: float) -> None:
        if self.problem is None:
            self.problem = what
            self.since = now
            log.warning("the kiosk window %s: restoring it", what)

    def tick(self) -> bool:
        """Every frame: look at the window now and then, and bring it back while it is away.

        True when the whole window should be drawn again (what was unmapped kept no picture).
        """
        now = self.clock()
        window = self.window
        if window is None:
            return False
        redraw = False
        if now >= self.next_check:
            self.next_check = now + CHECK_EVERY
            try:
                seen = window.trouble(self.fullscreen)
            except pygame.error:
                seen = None
            if seen is None and self.problem is not None and now > self.since:
                log.info("the kiosk window is back after %.1f s (%s)", now - self.since, self.problem)
                self.problem = None
                redraw = True
            elif seen is not None:
                self._trouble(seen, now)
        if self.problem is not None and now >= self.next_try:
            self.next_try = now + RETRY_EVERY
            self.restores += 1
            redraw = True
            try:
                window.restore(self.fullscreen)
            except pygame.error as err:
                log.warning("restoring the kiosk window failed: %s", err)
        return redraw
