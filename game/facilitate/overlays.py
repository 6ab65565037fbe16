"""Screens the trainer lays over the story on the projector: raised hands, the join QR code, a blank screen.

Each is a Scene on the shared App's stack, so the story below keeps its state and a
key or a click brings it back exactly as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from ..app.app import Button, Scene
from ..app.painter import Painter
from ..app.scenes.common import button, dim_screen, min_target
from .session import FacilitatedSession
from .votes import MAX_HANDS

if TYPE_CHECKING:
    from .projector import ProjectorApp

DIGITS = {**{getattr(pygame, f"K_{i}"): i for i in range(10)}, **{getattr(pygame, f"K_KP{i}"): i for i in range(10)}}


def qr_surface(text: str, size: int, dark=(0, 0, 0), light=(255, 255, 255)) -> pygame.Surface:
    """The QR code of text, drawn square by square with the 4-module quiet zone scanners need."""
    from .qr import qr_matrix

    matrix = qr_matrix(text, border=4)
    n = len(matrix)
    cell = max(1, size // n)
    surf = pygame.Surface((cell * n, cell * n))
    surf.fill(light)
    for y, row in enumerate(matrix):
        for x, on in enumerate(row):
            if on:
                surf.fill(dark, (x * cell, y * cell, cell, cell))
    return surf


class BlankScene(Scene):
    """B on a clicker: a black screen so the room looks at the trainer; any key or click brings the story back."""

    wants_menu = False

    def draw(self, p: Painter) -> None:
        p.surface.fill((0, 0, 0))
        self.add(Button("unblank", p.surface.get_rect(), "", "phone", focusable=False))

    def key(self, event) -> bool:
        self.app.pop()
        return True

    def activate(self, b: Button) -> None:
        self.app.pop()


class JoinScene(Scene):
    """The join QR code as large as the screen allows, the address and the room code; any key closes it."""

    wants_menu = False

    def __init__(self, app: ProjectorApp) -> None:
        super().__init__(app)
        self._qr: tuple[int, pygame.Surface] | None = None

    def draw(self, p: Painter) -> None:
        app: ProjectorApp = self.app  # type: ignore[assignment]
        th = app.theme
        w, h = app.size
        u = app.unit
        p.surface.fill(th.bg)
        self.add(Button("close", p.surface.get_rect(), "", "phone", focusable=False))
        head = pygame.Rect(int(u * 4), int(u * 3), w - int(u * 8), int(u * 10))
        p.text_box(
            app.t("proj_join_title"), head, app.font_size(6), th.bg_text, bold=True, align="center", valign="middle", where="join title"
        )
        if not app.join_url:
            p.text_box(
                app.t("proj_server_off"),
                pygame.Rect(head.x, h // 3, head.width, h // 3),
                app.font_size(4),
                th.bg_text,
                align="center",
                valign="middle",
                where="join off",
            )
            return
        size = min(int(h * 0.62), int(w * 0.5))
        if self._qr is None or self._qr[0] != size:
            self._qr = (size, qr_surface(app.join_url, size))
        surf = self._qr[1]
        top = head.bottom + int(u * 2)
        p.surface.blit(surf, ((w - surf.get_width()) // 2, top))
        below = pygame.Rect(head.x, top + surf.get_height() + int(u * 2), head.width, h - top - surf.get_height() - int(u * 4))
        p.text_box(
            f"{app.join_url}\n{app.t('proj_room', code=app.room.code)}",
            below,
            app.font_size(4.2),
            th.bg_text,
            bold=True,
            align="center",
            where="join address",
        )

    def key(self, event) -> bool:
        self.app.pop()
        return True

    def activate(self, b: Button) -> None:
        self.app.pop()


class HandsScene(Scene):
    """The raised hands per reply, counted by the trainer: rows with − and +, or type the number.

    Each change goes straight to the room's tally (hands are added to the phone votes
    and a new count replaces the last), so the projector's total moves as the trainer counts.
    """

    opaque = False
    wants_menu = False

    def __init__(self, app: ProjectorApp, fs: FacilitatedSession) -> None:
        super().__init__(app)
        self.fs = fs
        tally = fs.tally()
        n = len(fs.labels)
        self.counts = list(tally.hands) if len(tally.hands) == n else [0] * n
        self.row = 0
        self.typed = False  # the first digit typed on a row replaces its count; the next ones append

    def set(self, row: int, value: int) -> None:
        self.counts[row] = max(0, min(MAX_HANDS, value))
        self.fs.set_hands(self.counts)

    def key(self, event) -> bool:
        k = event.key
        n = len(self.counts)
        if k in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_ESCAPE, pygame.K_h):
            self.app.pop()
        elif k in (pygame.K_DOWN, pygame.K_TAB, pygame.K_PAGEDOWN):
            self.row, self.typed = (self.row + 1) % n, False
        elif k in (pygame.K_UP, pygame.K_PAGEUP):
            self.row, self.typed = (self.row - 1) % n, False
        elif k in (pygame.K_RIGHT, pygame.K_PLUS, pygame.K_KP_PLUS, pygame.K_EQUALS):
            self.set(self.row, self.counts[self.row] + 1)
        elif k in (pygame.K_LEFT, pygame.K_MINUS, pygame.K_KP_MINUS):
            self.set(self.row, self.counts[self.row] - 1)
        elif k == pygame.K_BACKSPACE:
            self.set(self.row, self.counts[self.row] // 10)
            self.typed = True
        elif k in DIGITS:
            digit = DIGITS[k]
            self.set(self.row, self.counts[self.row] * 10 + digit if self.typed else digit)
            self.typed = True
        return True  # every key belongs to the counter while it is open

    def activate(self, b: Button) -> None:
        if b.id == "done":
            self.app.pop()
            return
        sign, _, row = b.id.partition(":")
        i = int(row)
        self.row, self.typed = i, False
        self.set(i, self.counts[i] + (1 if sign == "plus" else -1))

    def draw(self, p: Painter) -> None:
        app = self.app
        th = app.theme
        w, h = app.size
        u = app.unit
        dim_screen(p, 190)
        labels = self.fs.labels
        panel = pygame.Rect(int(w * 0.06), int(h * 0.05), int(w * 0.88), int(h * 0.9))
        p.rect(panel, th.panel, radius=int(u * 2))
        inner = panel.inflate(-int(u * 6), -int(u * 5))
        head_h = int(u * 8)
        p.text_box(
            app.t("proj_hands_title"),
            pygame.Rect(inner.x, inner.y, inner.width, head_h),
            app.font_size(4.4),
            th.panel_text,
            bold=True,
            valign="middle",
            where="hands title",
        )
        foot_h = max(min_target(self), int(u * 9))
        help_h = int(u * 5)
        rows_area = pygame.Rect(inner.x, inner.y + head_h + int(u * 2), inner.width, inner.height - head_h - foot_h - help_h - int(u * 5))
        gap = int(u * 1.5)
        row_h = min(int(u * 15), (rows_area.height - gap * (len(labels) - 1)) // max(1, len(labels)))
        bw = max(min_target(self), int(u * 10))
        num_w = int(u * 14)
        for i, label in enumerate(labels):
            r = pygame.Rect(rows_area.x, rows_area.y + i * (row_h + gap), rows_area.width, row_h)
            selected = i == self.row
            p.rect(r, th.button, radius=int(u))
            if selected:
                t = max(3, int(u * 0.5))
                p.rect(r.inflate(t * 2, t * 2), th.button_focus, radius=int(u * 1.5), width=t)
            pad = int(u * 1.5)
            plus = pygame.Rect(r.right - pad - bw, r.centery - min(bw, row_h - pad) // 2, bw, min(bw, row_h - pad))
            num = pygame.Rect(plus.x - num_w - pad, r.y, num_w, r.height)
            minus = pygame.Rect(num.x - pad - bw, plus.y, bw, plus.height)
            p.text_box(
                f"{i + 1}. {label}",
                pygame.Rect(r.x + pad * 2, r.y + pad // 2, minus.x - r.x - pad * 3, r.height - pad),
                app.font_size(3),
                th.button_text,
                valign="middle",
                where=f"hands label {i}",
                min_size=max(12, app.font_size(1.8)),
            )
            p.text_box(
                str(self.counts[i]),
                num,
                app.font_size(5.5),
                th.button_text,
                bold=True,
                align="center",
                valign="middle",
                where=f"hands count {i}",
            )
            button(self, p, minus, f"minus:{i}", "−", "secondary", size=5)
            button(self, p, plus, f"plus:{i}", "+", "secondary", size=5)
        help_box = pygame.Rect(inner.x, inner.bottom - foot_h - help_h - int(u), inner.width, help_h)
        p.text_box(app.t("proj_hands_help"), help_box, app.font_size(2.6), th.panel_muted, valign="middle", where="hands help")
        done = pygame.Rect(inner.right - int(u * 30), inner.bottom - foot_h, int(u * 30), foot_h)
        button(self, p, done, "done", app.t("proj_done"), "primary", size=3.4)
