"""The attract loop: what the kiosk shows while nobody plays.

A phone rings with "Unknown number", one line says what is at stake, and "Touch to
start" invites the next visitor; everything in every offered language at once, since
nobody has chosen one yet. It animates at a modest rate (a few frames a second is
plenty for a ringing phone and keeps an all-day kiosk cool) and stands still when
reduced motion is asked for. Any touch anywhere goes to the language choice.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pygame

from ..app.painter import Painter
from ..app.scene import Button, Scene
from ..app.scenes.common import landscape
from ..core.strings import LANGUAGES, ui

if TYPE_CHECKING:
    from ..app.app import App

FPS = 8  # frames of the ringing animation a second
RING_PERIOD = 3.0  # seconds: rings for the first two, rests for one


class AttractScene(Scene):
    wants_menu = False

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.frame_no = 0
        self.anim_rect = pygame.Rect(0, 0, 0, 0)

    @property
    def langs(self) -> list[str]:
        return [lang for lang in self.app.settings.languages if lang in LANGUAGES] or ["vi"]

    def both(self, key: str, sep: str = " / ") -> str:
        return sep.join(dict.fromkeys(ui(key, lang) for lang in self.langs))

    def update(self, now: float) -> bool | list[pygame.Rect] | None:
        if self.app.settings.reduced_motion:
            return None
        frame_no = int(now * FPS)
        if frame_no == self.frame_no:
            return None
        self.frame_no = frame_no
        return [self.anim_rect] if self.anim_rect.width else True

    def layout(self) -> tuple[pygame.Rect, pygame.Rect]:
        """(the phone's area, the text's area)."""
        w, h = self.app.size
        if landscape((w, h)):
            return pygame.Rect(0, 0, int(w * 0.42), h), pygame.Rect(int(w * 0.44), int(h * 0.08), int(w * 0.5), int(h * 0.84))
        return pygame.Rect(0, 0, w, int(h * 0.46)), pygame.Rect(int(w * 0.07), int(h * 0.48), int(w * 0.86), int(h * 0.48))

    def draw(self, p: Painter) -> None:
        app = self.app
        th = app.theme
        w, h = app.size
        u = app.unit
        p.surface.fill(th.bg)
        phone_area, text_area = self.layout()
        self.anim_rect = phone_area
        self.draw_phone(p, phone_area)
        t = text_area
        title_h = int(t.height * 0.22)
        p.text_box(
            self.both("app_title", "\n"),
            pygame.Rect(t.x, t.y, t.width, title_h),
            app.font_size(7),
            th.accent,
            bold=True,
            align="center",
            valign="middle",
            where="attract title",
            min_size=app.font_size(3),
        )
        stakes_h = int(t.height * 0.46)
        p.text_box(
            "\n\n".join(dict.fromkeys(ui("kiosk_stakes", lang) for lang in self.langs)),
            pygame.Rect(t.x, t.y + title_h + int(u * 2), t.width, stakes_h),
            app.font_size(3.4),
            th.bg_text,
            align="center",
            valign="middle",
            where="attract stakes",
            min_size=app.font_size(2),
        )
        start = pygame.Rect(t.x, t.y + title_h + stakes_h + int(u * 4), t.width, t.bottom - (t.y + title_h + stakes_h + int(u * 4)))
        pill = start.inflate(-int(u * 2), -max(0, start.height - int(u * 16)))
        p.rect(pill, th.accent, radius=pill.height // 2)
        p.text_box(
            self.both("kiosk_touch_to_start"),
            pill.inflate(-int(u * 4), -int(u)),
            app.font_size(4.2),
            th.accent_text,
            bold=True,
            align="center",
            valign="middle",
            where="attract start",
            min_size=app.font_size(2.4),
        )
        # The whole screen is the start button: wherever a visitor touches, the game begins.
        self.add(Button("start", pygame.Rect(0, 0, w, h), self.both("kiosk_touch_to_start"), "primary", focusable=True))

    def draw_phone(self, p: Painter, area: pygame.Rect) -> None:
        app = self.app
        th = app.theme
        u = app.unit
        ph = int(min(area.height * 0.78, area.width * 0.9 / 0.52))
        pw = int(ph * 0.52)
        phase = (self.frame_no / FPS) % RING_PERIOD
        ringing = not app.settings.reduced_motion and phase < RING_PERIOD - 1
        # A ringing phone trembles a few pixels and sends out waves.
        shake = int(math.sin(self.frame_no * 2.4) * u * 0.6) if ringing else 0
        body = pygame.Rect(area.centerx - pw // 2 + shake, area.centery - ph // 2, pw, ph)
        if ringing:
            for k in range(3):
                grow = ((phase * FPS + k * 4) % 12) / 12
                r = int(pw * (0.55 + grow * 0.5))
                p.circle(body.center, r, th.accent, width=max(2, int(u * 0.4 * (1 - grow)) + 1))
        radius = int(pw * 0.12)
        p.rect(body, th.phone_body, radius=radius)
        screen = body.inflate(-int(pw * 0.08), -int(pw * 0.16))
        p.rect(screen, th.call_bg, radius=int(radius * 0.7))
        d = int(screen.width * 0.42)
        p.circle((screen.centerx, screen.y + int(screen.height * 0.28)), d // 2, th.call_muted)
        p.text_line("?", (screen.centerx, screen.y + int(screen.height * 0.28)), int(d * 0.6), th.call_bg, bold=True, anchor="center")
        p.text_box(
            self.both("kiosk_unknown_number", "\n"),
            pygame.Rect(screen.x + int(u), screen.y + int(screen.height * 0.46), screen.width - 2 * int(u), int(screen.height * 0.22)),
            app.font_size(2.6),
            th.call_text,
            bold=True,
            align="center",
            valign="middle",
            where="attract caller",
            min_size=12,
        )
        b = max(8, int(screen.width * 0.28))
        y = screen.bottom - int(screen.height * 0.12) - b // 2
        p.circle((screen.x + int(screen.width * 0.27), y), b // 2, th.decline)
        p.circle((screen.x + int(screen.width * 0.73), y), b // 2, th.accept)
        icon = int(b * 0.55)
        p.surface.blit(app.art.icon("phone", icon, th.bg_text), (screen.x + int(screen.width * 0.73) - icon // 2, y - icon // 2))

    def activate(self, b: Button) -> None:
        if b.id == "start":
            self.finish()
