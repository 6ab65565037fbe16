"""A yes/no question over the screen below: "Quit the game?" with Quit and Cancel.

The menu's Quit opens it in the classroom, so a stray click or Enter does not end a
lesson. Cancel is the safe answer and so the default: it has the focus when the
question opens (Enter takes it), Esc means Cancel, and only Quit ends the game.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from ..painter import Painter
from ..scene import Button, Scene
from .common import button, dim_screen, min_target, row_type_size

if TYPE_CHECKING:
    from ..app import App


class QuitConfirmScene(Scene):
    opaque = False
    wants_menu = False
    keeps_below = True  # nothing below changes while the question is up

    YES, NO = "quit_yes", "quit_cancel"
    ORDER = (YES, NO)  # left to right, and the order Tab follows

    def __init__(self, app: App) -> None:
        super().__init__(app)

    def enter(self) -> None:
        # The focus starts on Cancel, visibly: Enter straight away keeps the game running.
        self.app.focus = self.ORDER.index(self.NO)

    def key(self, event) -> bool:
        if event.key == pygame.K_ESCAPE:
            self.app.pop()
            return True
        return False

    def activate(self, b: Button) -> None:
        if b.id == self.YES:
            self.app.running = False
        elif b.id == self.NO:
            self.app.pop()

    def backdrop(self, p: Painter) -> None:
        dim_screen(p, 170)

    def draw(self, p: Painter) -> None:
        app = self.app
        th = app.theme
        w, h = app.size
        u = app.unit
        pw = min(int(w * 0.86), int(u * 80))
        pad = int(u * 4)
        bh = max(min_target(self), int(u * 10))
        question_h = int(u * 14)
        ph = pad + question_h + int(u * 3) + bh + pad
        panel = pygame.Rect((w - pw) // 2, (h - ph) // 2, pw, ph)
        p.rect(panel, th.panel, radius=int(u * 2))
        if th.name == "high-contrast":
            p.rect(panel, th.panel_text, radius=int(u * 2), width=max(2, int(u * 0.3)))
        p.text_box(
            app.t("quit_confirm"),
            pygame.Rect(panel.x + pad, panel.y + pad, pw - 2 * pad, question_h),
            app.font_size(4.5),
            th.panel_text,
            bold=True,
            align="center",
            valign="middle",
            where="quit question",
        )
        gap = int(u * 3)
        bw = (pw - 2 * pad - gap) // 2
        y = panel.bottom - pad - bh
        rects = [pygame.Rect(panel.x + pad + i * (bw + gap), y, bw, bh) for i in range(len(self.ORDER))]
        fs = row_type_size(self, p, [(rect, app.t(bid)) for rect, bid in zip(rects, self.ORDER, strict=True)], 3.4)
        for rect, bid in zip(rects, self.ORDER, strict=True):
            button(self, p, rect, bid, app.t(bid), type_px=fs, primary=bid == self.NO)
