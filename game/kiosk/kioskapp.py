"""The pygame app as a kiosk: no way out, the hidden admin gesture, and the idle policy every frame.

A subclass of the shared App so that nothing in the classroom game changes: it swallows
the keys that would close or open the menu (Esc, q, Alt+F4; window-manager quit is
already refused by `quit_allowed`), feeds pointer presses to the corner gesture, and
runs the walk-away policy at the start of each frame.

Its own frame loop (`run`) adds what an unattended day needs around each frame: a
heartbeat for the watchdog, the window guard that brings a hidden window back, a
slower loop rate on the attract loop, and now and then a nudge to the play record to
retry a store that failed.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import pygame

from ..app.app import ANIM_FPS, IDLE_FPS, App, Settings
from ..core.library import Library
from ..session import Recorder
from .admin import CornerGesture, PinLock
from .attract import AttractScene
from .config import KioskConfig
from .flow import kiosk_flow
from .guard import WindowGuard
from .policy import IdlePolicy
from .watchdog import Heartbeat

log = logging.getLogger("game.kiosk")

ATTRACT_LOOP_FPS = 10  # how often the loop turns on the attract loop: a touch answers within 0.1 s
STORE_RETRY_EVERY = 60.0  # seconds between attempts to write to a play record that failed


def _blocked(event) -> bool:
    """Keys that would leave the kiosk or open the menu."""
    k = event.key
    if k in (pygame.K_ESCAPE, pygame.K_q, pygame.K_AC_BACK):
        return True
    if k == pygame.K_F4 and event.mod & pygame.KMOD_ALT:
        return True
    return bool(event.mod & (pygame.KMOD_CTRL | pygame.KMOD_GUI)) and k in (pygame.K_w, pygame.K_q)


class KioskApp(App):
    def __init__(self, library: Library, settings: Settings, config: KioskConfig, recorder: Recorder | None = None, **kwargs: Any) -> None:
        settings.mode = "kiosk"
        super().__init__(library, settings, recorder, flow=kiosk_flow(at_end=self._visitor_done), **kwargs)
        self.config = config
        self.quit_allowed = False
        self.policy = IdlePolicy(self, settings, config.idle_seconds, config.countdown_seconds)
        self.gesture = CornerGesture(self)
        self.pin_lock = PinLock(self.clock)
        self.fullscreen = bool(kwargs.get("fullscreen"))
        self.guard: WindowGuard | None = None  # set by run(): only a real window needs guarding
        self.heartbeat: Heartbeat | None = None
        self.next_store_retry = self.clock() + STORE_RETRY_EVERY
        self.on_error = self.policy.recover
        if self.audio is not None:
            try:
                self.audio.set_volume(config.volume)
            except Exception:  # noqa: BLE001
                pass

    def start(self) -> None:
        self.flow.start(self)

    def _visitor_done(self, app: App) -> None:
        """After the takeaway's "finish": a fresh start for the next visitor."""
        self.policy.finish()

    def cancel_press(self) -> None:
        self._pressed = None

    def handle(self, event: pygame.event.Event) -> None:
        et = event.type
        if self.guard is not None:
            self.guard.note(event)
        if et == pygame.KEYDOWN and _blocked(event):
            self.last_input = self.clock()
            return
        if et in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP) and not getattr(event, "touch", False) and event.button == 1:
            self._gesture(et == pygame.MOUSEBUTTONDOWN, event.pos)
        elif et in (pygame.FINGERDOWN, pygame.FINGERUP):
            self._gesture(et == pygame.FINGERDOWN, self._finger_pos(event))
        super().handle(event)

    def _gesture(self, down: bool, pos) -> None:
        if down:
            self.gesture.down(pos, self.clock())
        else:
            self.gesture.up()

    def frame(self) -> None:
        now = self.clock()
        self.policy.tick(now)
        self.gesture.tick(now)
        super().frame()

    # -- the unattended frame loop (watchdog, window guard, loop rate, store retry) ---------

    def run(self) -> None:
        """The App's loop, plus what keeps an unattended kiosk alive and on screen."""
        if self.guard is None and pygame.display.get_driver() not in ("dummy", "offscreen"):
            self.guard = WindowGuard(time.monotonic, self.fullscreen)
        if self.heartbeat is None:
            self.heartbeat = Heartbeat()
        self.heartbeat.ready()
        while self.running:
            try:
                self.frame()
            except Exception as err:  # noqa: BLE001
                log.exception("a screen failed")
                self.policy.recover(err)
                self.dirty = True
            self.between_frames()
            self.ticker.tick(self.loop_rate())
        self.heartbeat.stopping()
        self.close()

    def between_frames(self) -> None:
        """After each frame: heartbeat, window guard, store retry. Never raises."""
        if self.heartbeat is not None:
            self.heartbeat.beat()
        if self.guard is not None:
            try:
                if self.guard.tick():
                    self.dirty = True
            except Exception:  # noqa: BLE001 - the guard must never stop the game
                log.exception("the window guard failed")
        self.retry_store()

    def retry_store(self) -> None:
        now = self.clock()
        if now < self.next_store_retry:
            return
        self.next_store_retry = now + STORE_RETRY_EVERY
        retry = getattr(self.recorder, "retry", None)
        if retry is not None and getattr(self.recorder, "fault", None) is not None:
            try:
                if retry():
                    self.dirty = True  # the staff dot on the attract loop goes away
            except Exception:  # noqa: BLE001
                log.exception("retrying the play record failed")

    def loop_rate(self) -> int:
        """Frames a second for the loop: slower while nobody is there."""
        if isinstance(self.scene, AttractScene):
            return ATTRACT_LOOP_FPS
        return ANIM_FPS if getattr(self.scene, "animating", False) else IDLE_FPS
