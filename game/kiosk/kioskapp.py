"""The pygame app as a kiosk: no way out, the hidden admin gesture, and the idle policy every frame.

A subclass of the shared App so that nothing in the classroom game changes: it swallows
the keys that would close or open the menu (Esc, q, Alt+F4; window-manager quit is
already refused by `quit_allowed`), feeds pointer presses to the corner gesture, and
runs the walk-away policy at the start of each frame.
"""

from __future__ import annotations

from typing import Any

import pygame

from ..app.app import App, Settings
from ..core.library import Library
from ..session import Recorder
from .admin import CornerGesture
from .config import KioskConfig
from .flow import kiosk_flow
from .policy import IdlePolicy


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
