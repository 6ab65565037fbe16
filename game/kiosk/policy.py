"""The kiosk's rules for an unattended day: walk-away reset, recovery from errors, no way out.

- During a play, the debrief or the takeaway, `idle_seconds` without input (sound still
  playing counts as not idle) brings up "Are you still there?" with a countdown of
  `countdown_seconds`; any touch cancels it; at zero the play in progress is closed as
  abandoned and the kiosk starts over at the attract loop.
- On the language choice and the story picker (nothing to lose) and on the admin
  screens (nothing to leave open), idle goes straight back to the attract loop.
- Starting over builds new scenes and a fresh copy of the kiosk's settings, so the next
  visitor never sees the previous visitor's language or choices.
- An exception in any screen is logged and the kiosk starts over too.
"""

from __future__ import annotations

import logging
import math
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import pygame

from ..app.app import Button, Scene, Settings
from ..app.painter import Painter, TextCache
from ..app.scenes.common import button, dim_screen, min_target
from ..core.strings import LANGUAGES, ui
from .attract import AttractScene

if TYPE_CHECKING:
    from .kioskapp import KioskApp

log = logging.getLogger("game.kiosk")


class StillThereScene(Scene):
    """ "Are you still there?" over the screen below, counting down to a fresh start."""

    opaque = False
    wants_menu = False

    def __init__(self, app: KioskApp, policy: IdlePolicy, started: float, seconds: float) -> None:
        super().__init__(app)
        self.policy = policy
        self.started = started
        self.deadline = started + seconds
        self.shown = -1
        self.panel = pygame.Rect(0, 0, 0, 0)

    def remaining(self, now: float) -> int:
        return max(0, math.ceil(self.deadline - now))

    def update(self, now: float):
        app = self.app
        if app.last_input >= self.started:  # any touch since the question appeared: still there
            self.policy.cancel_prompt()
            return True
        if now >= self.deadline:
            self.policy.walk_away()
            return True
        left = self.remaining(now)
        if left != self.shown:
            self.shown = left
            return [self.panel] if self.panel.width else True
        return None

    def langs(self) -> list[str]:
        # The visitor's language first, then the others: someone new may have walked up.
        cur = self.app.settings.lang
        return [cur] + [lang for lang in self.app.settings.languages if lang != cur and lang in LANGUAGES]

    def draw(self, p: Painter) -> None:
        app = self.app
        th = app.theme
        w, h = app.size
        u = app.unit
        dim_screen(p, 180)
        pw = min(int(w * 0.9), int(u * 110))
        ph = min(int(h * 0.8), int(u * 70))
        panel = pygame.Rect((w - pw) // 2, (h - ph) // 2, pw, ph)
        self.panel = panel
        p.rect(panel, th.panel, radius=int(u * 2))
        inner = panel.inflate(-int(u * 6), -int(u * 6))
        left = self.remaining(app.clock())
        langs = self.langs()
        title = "\n".join(dict.fromkeys(ui("kiosk_still_there", lang) for lang in langs))
        th_h = int(inner.height * 0.34)
        p.text_box(
            title,
            pygame.Rect(inner.x, inner.y, inner.width, th_h),
            app.font_size(5),
            th.panel_text,
            bold=True,
            align="center",
            valign="middle",
            where="still there",
            min_size=app.font_size(2.5),
        )
        count = "\n".join(dict.fromkeys(ui("kiosk_resetting_in", lang, n=left) for lang in langs))
        ch = int(inner.height * 0.26)
        p.text_box(
            count,
            pygame.Rect(inner.x, inner.y + th_h, inner.width, ch),
            app.font_size(3),
            th.panel_muted,
            align="center",
            valign="middle",
            where="countdown",
            min_size=app.font_size(1.8),
        )
        bh = max(min_target(self), int(inner.height * 0.3))
        rect = pygame.Rect(inner.x, inner.bottom - bh, inner.width, bh)
        label = " / ".join(dict.fromkeys(ui("kiosk_keep_playing", lang) for lang in langs))
        button(self, p, rect, "continue", label, "primary", size=3.6)

    def activate(self, b: Button) -> None:
        if b.id == "continue":
            self.policy.cancel_prompt()


class IdlePolicy:
    """Watches the clock for the kiosk app; starts over when the visitor has gone."""

    def __init__(self, app: KioskApp, base: Settings, idle_seconds: float, countdown_seconds: float) -> None:
        self.app = app
        self.base = replace(base, languages=list(base.languages), scenario_order=list(base.scenario_order))
        self.idle_seconds = idle_seconds
        self.countdown_seconds = countdown_seconds
        self.heard_at = app.clock()  # the last moment sound was playing
        self.resets = 0
        self.walkaways = 0
        self.errors = 0

    # -- the rules ----------------------------------------------------------------------

    def quiet_since(self) -> float:
        return max(self.app.last_input, self.heard_at)

    def tick(self, now: float) -> None:
        app = self.app
        top = app.scene
        if isinstance(top, (AttractScene, StillThereScene)):
            return
        audio = app.audio
        if audio is not None:
            try:
                if audio.busy():
                    self.heard_at = now
            except Exception:  # noqa: BLE001 - a broken mixer never keeps a kiosk from resetting
                pass
        if now - self.quiet_since() < self.idle_seconds:
            return
        # A story chosen and its screens up: the visitor may be reading or listening, so ask
        # before starting over. On the language choice, the picker and the admin screens
        # (nothing to lose, nothing to leave open) idle goes straight back to the attract loop.
        if top.station and app.flow.visit.scenario is not None:
            app.push(StillThereScene(app, self, now, self.countdown_seconds))
        else:
            self.reset()

    def cancel_prompt(self) -> None:
        app = self.app
        if isinstance(app.scene, StillThereScene):
            app.pop()
        app.last_input = app.clock()

    def walk_away(self) -> None:
        self.walkaways += 1
        log.info("visitor walked away: starting over")
        self.reset()

    def finish(self) -> None:
        """The visitor pressed "finish" on the takeaway."""
        self.reset()

    def recover(self, err: BaseException) -> None:
        """App.on_error: log it and start over; never a traceback on screen, never a desktop."""
        self.errors += 1
        log.error("a screen failed (%s: %s); starting over at the attract loop", type(err).__name__, err)
        try:
            self.reset()
        except Exception:  # noqa: BLE001 - even starting over failed: the bare attract loop
            log.exception("starting over failed too")
            bare = AttractScene(self.app)
            bare.station = self.app.flow.names[0]  # so a touch still goes on through the flow
            self.app.stack[:] = [bare]
            self.app.dirty = True

    # -- starting over --------------------------------------------------------------------

    def reset(self) -> None:
        """Close any play as abandoned and go back to the attract loop with nothing left over."""
        app = self.app
        app.abandon_all()
        if app.audio is not None:
            try:
                app.audio.stop()
            except Exception:  # noqa: BLE001
                pass
        app.settings = replace(self.base, languages=list(self.base.languages), scenario_order=list(self.base.scenario_order))
        app.settings.lang = self.base.languages[0] if self.base.languages else self.base.lang
        # Rendered text of the last visitor goes too: memory stays flat over a day (one visitor's
        # worth of lines, not the cache's whole bound) and nothing of theirs is kept.
        app.cache = TextCache()
        app.flow.start(app)
        try:
            pygame.display.set_caption(ui("app_title", app.settings.lang))
        except pygame.error:
            pass
        now = app.clock()
        app.last_input = now
        self.heard_at = now
        self.resets += 1
        release_memory()

    def offer(self, languages: list[str] | None = None, scenarios: list[str] | None = None) -> None:
        """Change what is offered from now on (the admin panel)."""
        if languages is not None:
            self.base.languages = list(languages)
        if scenarios is not None:
            self.base.scenario_order = list(scenarios)


_libc: Any = None  # the C library once loaded; False where there is none to trim


def release_memory() -> None:
    """Between visitors: collect cycles and hand freed heap back to the system (glibc only).

    Each play renders a few hundred text surfaces of varying sizes; without trimming, the
    heap keeps the high-water mark of fragments and resident memory creeps over a day.
    """
    global _libc
    import gc
    import sys

    gc.collect()
    if not sys.platform.startswith("linux"):
        return
    try:
        if _libc is None:
            import ctypes

            _libc = ctypes.CDLL("libc.so.6")
        _libc.malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (musl, …): nothing to trim
        _libc = False
