"""The takeaway: three rules, the story's lesson, the hotlines, a QR code (short text or the organiser's address), a printable card."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import pygame

from ...core import model as m
from ...core.debrief import Debrief
from ...core.takeaway import HOTLINES, RULES, foreigner_help, qr_code, qr_payload, story_lesson
from ..painter import Painter
from ..scene import Button, Scene
from .common import button, heading, landscape, min_target

if TYPE_CHECKING:
    from ..app import App

_QR_CACHE: dict[str, list[list[bool]]] = {}


def qr_matrix(text: str) -> list[list[bool]]:
    """Modules of a QR code (with its quiet zone) for text; plain text, so any phone reads it offline."""
    if text not in _QR_CACHE:
        qr = qr_code(text)
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


class _Spots(NamedTuple):
    """Where the parts of the takeaway go on this screen."""

    text: pygame.Rect  # the rules, the lesson, the hotlines
    qr: pygame.Rect
    column: pygame.Rect  # what the QR code's caption spans
    note: pygame.Rect  # what "Print card" did (none before it is pressed)


class TakeawayScene(Scene):
    """`finish_only`: one "finish" button (the kiosk: the next visitor starts afresh); else play again or another story.

    After a story (a debrief is given) its own one-line lesson stands under the three
    rules; the QR code holds the organiser's short address if one is set
    (`Settings.takeaway_url`, printed under the code), else the short text. In the
    classroom, "Print card" writes the A6 card (game/core/card.py) for the trainer.
    """

    def __init__(self, app: App, debrief: Debrief | None = None, finish_only: bool = False) -> None:
        super().__init__(app)
        self.debrief = debrief
        self.finish_only = finish_only
        self.note = ""  # what "Print card" did: where the files are, or why there are none
        self._qr_surface: pygame.Surface | None = None
        self._qr_key: tuple[object, ...] | None = None

    @property
    def scenario(self) -> m.Scenario | None:
        """The story this takeaway follows (None after no story)."""
        if self.debrief is None:
            return None
        return self.app.library.scenarios.get(self.debrief.scenario_id)

    def lesson(self) -> str | None:
        return story_lesson(self.scenario, self.app.settings.lang)

    @property
    def can_print(self) -> bool:
        """The printable card is the classroom's: a kiosk has no trainer and no printer."""
        return not self.finish_only and self.app.settings.mode == "classroom"

    def activate(self, b: Button) -> None:
        if b.id == "again" and self.debrief is not None:
            self.finish("again")
        elif b.id == "finish":
            self.finish()
        elif b.id == "print":
            self.print_card()
        else:
            self.finish("other")

    def print_card(self) -> None:
        """Write the A6 card (PNG and PDF) into the card folder and say where it is."""
        from ...core.card import save_card
        from ...resources import data_dir

        app = self.app
        folder = app.settings.card_dir or data_dir() / "cards"
        sc = self.scenario
        try:
            save_card(folder, app.settings.lang, self.lesson(), app.settings.takeaway_url, sc.id if sc else None)
        except OSError as err:
            self.note = app.t("card_failed", error=err.strerror or err)
        else:
            self.note = app.t("card_saved", folder=folder)
        app.dirty = True

    def draw(self, p: Painter) -> None:
        app = self.app
        th = app.theme
        w, h = app.size
        u = app.unit
        p.surface.fill(th.bg)
        margin = int(u * 4)
        heading(self, p, app.t("takeaway"), pygame.Rect(margin, margin, w - 2 * margin, int(u * 9)), size=5)
        nav_h = max(min_target(self), int(u * 10))
        nav_y = h - margin - nav_h
        body = pygame.Rect(margin, margin + int(u * 11), w - 2 * margin, h - 2 * margin - int(u * 14) - nav_h)
        url = app.settings.takeaway_url
        caption_h = int(u * (6 if url else 5))
        spots = self._beside(p, body, caption_h) if landscape(app.size) else self._below(p, body, caption_h, nav_y)
        self._draw_text(p, spots.text)
        self._draw_qr(p, spots.qr, qr_payload(app.settings.lang, url))
        caption = pygame.Rect(spots.column.x, spots.qr.bottom + int(u), spots.column.width, caption_h)
        if url:  # the address itself, for a phone without a QR reader (or to type it later)
            # On one line, smaller if need be: an address broken mid-word is misread when typed.
            size = app.font_size(2.6)
            wide = caption.inflate(int(u * 3), 0).clip(pygame.Rect(0, 0, w, h))
            p.text_box(
                url, wide, size, th.bg_text, bold=True, align="center", where="takeaway url", min_size=max(10, size // 2), max_lines=1
            )
        else:
            p.text_box(app.t("scan_to_keep"), caption, app.font_size(2.4), th.bg_muted, align="center", where="scan")
        if self.note:
            p.text_box(self.note, spots.note, app.font_size(2.2), th.bg_text, where="card note")
        self._draw_nav(p, nav_y, nav_h)

    def _beside(self, p: Painter, body: pygame.Rect, caption_h: int) -> _Spots:
        """A wide screen: the text on the left; the QR code, its caption and the card note in a column on the right."""
        u = self.app.unit
        # The QR code's column gives up some width when the text needs it (huge text, a lesson).
        for share in (0.32, 0.28, 0.24):
            col_w = int(body.width * share)
            if self._text_need(p, body.width - col_w - int(u * 4)) <= body.height:
                break
        column = pygame.Rect(body.right - col_w, body.y, col_w, body.height)
        note_h = self._note_height(p, col_w)  # a folder path, maybe long: under the caption
        qr_side = min(body.height - caption_h - note_h - int(u * 2), col_w)
        text = pygame.Rect(body.x, body.y, column.x - int(u * 4) - body.x, body.height)
        qr = pygame.Rect(column.centerx - qr_side // 2, body.y, qr_side, qr_side)
        note = pygame.Rect(column.x, qr.bottom + caption_h + int(u * 2), col_w, note_h - int(u))
        return _Spots(text, qr, column, note)

    def _below(self, p: Painter, body: pygame.Rect, caption_h: int, nav_y: int) -> _Spots:
        """A tall screen: the text takes what it needs (at most two thirds); the QR code, up to 70%
        of the width, stands in the middle of what is left (a tall kiosk: the bigger, the easier to
        scan); the card note sits above the buttons."""
        u = self.app.unit
        note_h = self._note_height(p, body.width)
        body = body.inflate(0, -note_h).move(0, -note_h // 2)
        below = caption_h + int(u * 3)
        text_h = min(self._text_need(p, body.width), body.height * 2 // 3)
        qr_side = max(int(body.height * 0.25), min(int(body.width * 0.7), body.height - text_h - below))
        text = pygame.Rect(body.x, body.y, body.width, body.height - qr_side - below)
        free = pygame.Rect(body.x, body.y + text_h, body.width, body.height - text_h)
        qr_top = max(text.bottom + int(u * 2), free.centery - (qr_side + below) // 2)
        qr = pygame.Rect(body.centerx - qr_side // 2, qr_top, qr_side, qr_side)
        note = pygame.Rect(body.x, nav_y - note_h, body.width, note_h - int(u * 1.5))
        return _Spots(text, qr, body, note)

    def _note_height(self, p: Painter, width: int) -> int:
        if not self.note:
            return 0
        return p.fit(self.note, width, self.app.size[1], self.app.font_size(2.2)).height + int(self.app.unit * 1.5)

    def _texts(self) -> tuple[str, str | None, str]:
        """The text column: the three rules (under their bold heading), the story's lesson (or None), the hotlines (113 first)."""
        app = self.app
        lang = app.settings.lang
        rules = "\n".join(f"{i}. {r.get(lang)}" for i, r in enumerate(RULES, 1))
        hot = "\n".join(f"{hl.number} — {hl.label.get(lang)}" for hl in HOTLINES)
        visitor = foreigner_help(lang)  # a visitor reads, in their language, that the police are 113
        return rules, self.lesson(), f"{app.t('hotlines')}\n{hot}" + (f"\n{visitor}" if visitor else "")

    def _heights(self, p: Painter, width: int) -> tuple[list[int], list[int]]:
        """What each part of the text column needs at full size: its text, and what cannot shrink
        (the rules' heading, the lesson panel's padding and label)."""
        app = self.app
        u = app.unit
        rules, lesson, hot = self._texts()
        tall = 100_000
        texts = [p.fit(rules, width, tall, app.font_size(3.2)).height]
        fixed = [p.fit(app.t("three_rules"), width, tall, app.font_size(3.2), bold=True).height]
        if lesson:
            inner = width - int(u * 3)
            texts.append(p.fit(lesson, inner, tall, app.font_size(2.8), bold=True).height)
            fixed.append(p.fit(app.t("story_lesson"), inner, tall, app.font_size(2.2)).height + int(u * 2.5))
        texts.append(p.fit(hot, width, tall, app.font_size(3.0), bold=True).height)
        fixed.append(0)
        return texts, fixed

    def _text_need(self, p: Painter, width: int) -> int:
        texts, fixed = self._heights(p, width)
        return sum(texts) + sum(fixed) + int(self.app.unit * 2) * (len(texts) - 1)

    def _draw_text(self, p: Painter, box: pygame.Rect) -> None:
        """The three rules, the story's lesson on a panel under them (if any), the hotlines.

        Each part gets the height its text needs; when the column is shorter than that (huge
        text, a small window), each gets its share and its type shrinks to fit.
        """
        app = self.app
        th = app.theme
        u = app.unit
        gap = int(u * 2)
        rules, lesson, hot = self._texts()
        texts, fixed = self._heights(p, box.width)
        room = box.height - gap * (len(texts) - 1) - sum(fixed)
        if sum(texts) > room:  # each text its share of the room; its type shrinks to fit
            texts = [room * t // sum(texts) for t in texts]
        heights = [t + f for t, f in zip(texts, fixed, strict=True)]
        y = box.y
        title = app.t("three_rules")
        title_h = fixed[0]
        p.text_box(title, pygame.Rect(box.x, y, box.width, title_h), app.font_size(3.2), th.bg_text, bold=True, where="rules heading")
        # The smallest screen with the biggest text in a long language (Ukrainian, French) has more to
        # say than room: the rules and the hotlines may shrink further than other text before they are cut.
        least = int(app.font_size(3.0) * 0.55)
        p.text_box(
            rules,
            pygame.Rect(box.x, y + title_h, box.width, heights[0] - title_h),
            app.font_size(3.2),
            th.bg_text,
            where="rules",
            min_size=least,
        )
        y += heights[0] + gap
        if lesson:
            panel = pygame.Rect(box.x, y, box.width, heights[1])
            radius = max(6, int(u * 1.2))
            p.rect(panel, th.panel, radius=radius)
            if th.name == "high-contrast":
                p.rect(panel, th.panel_text, radius=radius, width=max(2, int(u * 0.3)))
            inner = panel.inflate(-int(u * 3), -int(u * 2))
            label_h = p.fit(app.t("story_lesson"), inner.width, inner.height, app.font_size(2.2)).height
            p.text_box(
                app.t("story_lesson"),
                pygame.Rect(inner.x, inner.y, inner.width, label_h),
                app.font_size(2.2),
                th.panel_muted,
                where="lesson label",
            )
            p.text_box(
                lesson,
                pygame.Rect(inner.x, inner.y + label_h, inner.width, inner.height - label_h),
                app.font_size(2.8),
                th.panel_text,
                bold=True,
                where="lesson",
                min_size=least,
            )
            y = panel.bottom + gap
        p.text_box(
            hot,
            pygame.Rect(box.x, y, box.width, box.bottom - y),
            app.font_size(3.0),
            th.accent if th.name != "high-contrast" else th.bg_text,
            bold=True,
            where="hotlines",
            min_size=least,
        )

    def _draw_qr(self, p: Painter, box: pygame.Rect, payload: str) -> None:
        th = self.app.theme
        key = (payload, box.size, th.bg)  # the quiet zone is the theme's background
        surf = self._qr_surface
        if surf is None or self._qr_key != key:
            surf = pygame.Surface(box.size)
            surf.fill(th.bg)
            draw_qr(Painter(surf, self.app.fonts, self.app.cache), qr_matrix(payload), surf.get_rect())
            self._qr_surface, self._qr_key = surf, key
        p.surface.blit(surf, box.topleft)

    def _draw_nav(self, p: Painter, y: int, nav_h: int) -> None:
        app = self.app
        w = app.size[0]
        margin = int(app.unit * 4)
        if self.finish_only:
            button(self, p, pygame.Rect(margin, y, w - 2 * margin, nav_h), "finish", app.t("finish"), "primary", size=3.2)
            return
        ids = [("again", app.t("play_again"), "secondary")]
        if self.can_print:
            ids.append(("print", app.t("print_card"), "secondary"))
        ids.append(("other", app.t("other_story"), "primary"))
        bw = (w - 2 * margin - (len(ids) - 1) * margin) // len(ids)
        for i, (bid, label, kind) in enumerate(ids):
            button(self, p, pygame.Rect(margin + i * (bw + margin), y, bw, nav_h), bid, label, kind, size=3)
