"""The game's poster picture: a phone ringing with "Unknown number", sending out waves.

The kiosk's attract loop animates it while nobody plays; the classroom title shows it
beside the game's name. One drawing for both, so the two fronts look like one game.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pygame

from ..painter import Painter

if TYPE_CHECKING:
    from ..app import App

RING_PERIOD = 3.0  # seconds: rings for the first two, rests for one
WAVE_RATE = 8  # the waves move in 8ths of a second, whatever rate the screen redraws at


def draw_ringing_phone(app: App, p: Painter, area: pygame.Rect, caller: str, frame_no: int = 0, fps: int = WAVE_RATE) -> None:
    """The ringing phone, as big as fits `area` and never drawn outside it.

    `frame_no` at `fps` frames a second is where the animation is; a still screen passes
    0 (a phone caught mid-ring). Reduced motion draws it without waves or trembling.
    """
    ph = int(min(area.height * 0.78, area.width * 0.9 / 0.52))
    pw = int(ph * 0.52)
    phase = (frame_no / fps) % RING_PERIOD
    ringing = not app.settings.reduced_motion and phase < RING_PERIOD - 1
    # The waves stay inside the phone's area: an animated screen sends only that area to
    # the display, so a wave drawn beyond it would stay there as a stale arc.
    clip = p.surface.get_clip()
    p.surface.set_clip(area.clip(clip))
    try:
        _draw(app, p, area, caller, ph, pw, frame_no, phase, ringing)
    finally:
        p.surface.set_clip(clip)


def _draw(app: App, p: Painter, area: pygame.Rect, caller: str, ph: int, pw: int, frame_no: int, phase: float, ringing: bool) -> None:
    th = app.theme
    u = app.unit
    # A ringing phone trembles a few pixels and sends out waves.
    shake = int(math.sin(frame_no * 2.4) * u * 0.6) if ringing else 0
    body = pygame.Rect(area.centerx - pw // 2 + shake, area.centery - ph // 2, pw, ph)
    if ringing:
        for k in range(3):
            grow = ((phase * WAVE_RATE + k * 4) % 12) / 12
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
        caller,
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
