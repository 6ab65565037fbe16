"""The takeaway: three rules, the hotlines, and a QR code holding that text (works offline)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import segno

from ...core.debrief import Debrief
from ...core.takeaway import qr_text
from ..painter import Painter
from ..scene import Button, Scene
from .common import button, heading, landscape, min_target

if TYPE_CHECKING:
    from ..app import App

_QR_CACHE: dict[str, list[list[bool]]] = {}


def qr_matrix(text: str) -> list[list[bool]]:
    """Modules of a QR code (with its quiet zone) for text; plain text, so any phone reads it offline."""
    if text not in _QR_CACHE:
        qr = segno.make(text, error="l", micro=False)  # low error correction: bigger modules, easier to scan from a screen
        _QR_CACHE[text] = [[bool(v) for v in row] for row in qr.matrix_iter(scale=1, border=4)]
    return _QR_CACHE[text]


def draw_qr(p: Painter, matrix: list[list[bool]], rect: pygame.Rect) -> pygame.Rect:
    n = len(matrix)
    cell = max(1, min(rect.width, rect.height) // n)
    size = cell * n
    box = pygame.Rect(rect.x + (rect.width - size) // 2, rect.y + (rect.height - size) // 2, size, size)
    p.rect(box, (255, 255, 255))
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                p.surface.fill((0, 0, 0), (box.x + x * cell, box.y + y * cell, cell, cell))
    return box


class TakeawayScene(Scene):
    """`finish_only`: one "finish" button (the kiosk: the next visitor starts afresh); else play again or another story."""

    def __init__(self, app: App, debrief: Debrief | None = None, finish_only: bool = False) -> None:
        super().__init__(app)
        self.debrief = debrief
        self.finish_only = finish_only
        self._qr_surface: pygame.Surface | None = None
        self._qr_key: tuple[object, ...] | None = None

    def activate(self, b: Button) -> None:
        if b.id == "again" and self.debrief is not None:
            self.finish("again")
        elif b.id == "finish":
            self.finish()
        else:
            self.finish("other")

    def draw(self, p: Painter) -> None:
        app = self.app
        th = app.theme
        lang = app.settings.lang
        w, h = app.size
        u = app.unit
        p.surface.fill(th.bg)
        margin = int(u * 4)
        heading(self, p, app.t("takeaway"), pygame.Rect(margin, margin, w - 2 * margin, int(u * 9)), size=5)
        nav_h = max(min_target(self), int(u * 10))
        body = pygame.Rect(margin, margin + int(u * 11), w - 2 * margin, h - 2 * margin - int(u * 14) - nav_h)
        if landscape(app.size):
            qr_side = min(int(body.height * 0.8), int(body.width * 0.32))
            text_box = pygame.Rect(body.x, body.y, body.width - qr_side - int(u * 4), body.height)
            qr_box = pygame.Rect(text_box.right + int(u * 4), body.y, qr_side, qr_side)
        else:
            qr_side = min(int(body.width * 0.5), int(body.height * 0.32))
            text_box = pygame.Rect(body.x, body.y, body.width, body.height - qr_side - int(u * 7))
            qr_box = pygame.Rect(body.centerx - qr_side // 2, text_box.bottom + int(u * 2), qr_side, qr_side)
        from ...core.takeaway import HOTLINES, RULES

        rules = "\n".join(f"{i}. {r.get(lang)}" for i, r in enumerate(RULES, 1))
        hot = "\n".join(f"{hl.number} — {hl.label.get(lang)}" for hl in HOTLINES)
        rh = int(text_box.height * 0.6)
        p.text_box(
            f"{app.t('three_rules')}\n{rules}",
            pygame.Rect(text_box.x, text_box.y, text_box.width, rh),
            app.font_size(3.2),
            th.bg_text,
            where="rules",
        )
        p.text_box(
            f"{app.t('hotlines')}\n{hot}",
            pygame.Rect(text_box.x, text_box.y + rh + int(u * 2), text_box.width, text_box.height - rh - int(u * 2)),
            app.font_size(3.0),
            th.accent if th.name != "high-contrast" else th.bg_text,
            bold=True,
            where="hotlines",
        )
        text = qr_text(lang)
        key = (text, qr_box.size, th.bg)  # the quiet zone is the theme's background
        surf = self._qr_surface
        if surf is None or self._qr_key != key:
            surf = pygame.Surface(qr_box.size)
            surf.fill(th.bg)
            draw_qr(Painter(surf, app.fonts, app.cache), qr_matrix(text), surf.get_rect())
            self._qr_surface, self._qr_key = surf, key
        p.surface.blit(surf, qr_box.topleft)
        p.text_box(
            app.t("scan_to_keep"),
            pygame.Rect(qr_box.x - int(u * 4), qr_box.bottom + int(u), qr_box.width + int(u * 8), int(u * 5)),
            app.font_size(2.4),
            th.bg_muted,
            align="center",
            where="scan",
        )
        nav_y = h - margin - nav_h
        bw = (w - 3 * margin) // 2
        if self.finish_only:
            button(self, p, pygame.Rect(margin, nav_y, w - 2 * margin, nav_h), "finish", app.t("finish"), "primary", size=3.2)
        else:
            button(self, p, pygame.Rect(margin, nav_y, bw, nav_h), "again", app.t("play_again"), size=3)
            button(self, p, pygame.Rect(w - margin - bw, nav_y, bw, nav_h), "other", app.t("other_story"), "primary", size=3)
