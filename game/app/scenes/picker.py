"""The scenario picker: each story's title, one-line summary, play time and kind."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pygame

from ...core import model as m
from ...core.paths import reading_length
from ..painter import Painter
from ..scene import Button, Scene
from ..theme import TEXT_SCALE
from .common import button, heading, landscape, min_target

if TYPE_CHECKING:
    from ..app import App


def minutes(sc: m.Scenario, lang: str) -> int:
    if sc.minutes:
        return int(round(sc.minutes))
    r = reading_length(sc, lang)
    return max(1, math.ceil((r.shortest_minutes + r.longest_minutes) / 2 * 1.5))  # reading plus thinking


def playable(app: App) -> list[m.Scenario]:
    order = app.settings.scenario_order or None
    return [s for s in app.library.ordered(order) if app.settings.lang in s.languages or len(s.languages) == 1]


class PickerScene(Scene):
    def __init__(self, app: App) -> None:
        super().__init__(app)
        self._minutes: dict[tuple[str, str], int] = {}
        self.page = 0

    def draw(self, p: Painter) -> None:
        app = self.app
        th = app.theme
        w, h = app.size
        u = app.unit
        p.surface.fill(th.bg)
        margin = int(u * 5)
        heading(self, p, app.t("choose_story"), pygame.Rect(margin, margin, w - 2 * margin - int(u * 24), int(u * 9)))
        button(self, p, pygame.Rect(w - margin - int(u * 22), margin, int(u * 22), int(u * 9)), "back", app.t("language"), size=2.6)
        scenarios = playable(app)
        if not scenarios:
            p.text_box(
                app.t("no_scenarios"),
                pygame.Rect(margin, h // 3, w - 2 * margin, h // 3),
                app.font_size(4),
                th.bg_text,
                align="center",
                where="empty",
            )
            return
        cols = 2 if landscape(app.size) and len(scenarios) > 1 else 1
        gap = int(u * 3)
        top = margin + int(u * 12)
        bottom = h - margin
        # A card needs room for its title and summary at the chosen text size; when
        # they do not all fit, the stories are shown a page at a time.
        min_card = int(u * 22 * TEXT_SCALE[app.settings.text_size])
        fit_rows = max(1, (bottom - top + gap) // (min_card + gap))
        per_page = fit_rows * cols
        pages = math.ceil(len(scenarios) / per_page)
        # Wrap the page only once the real page count is known: with the row given up to the
        # "next" button there can be more pages than this first count, and wrapping here sent
        # the last page back to the first (a ninth story was never shown).
        if pages <= 1:
            self.page = 0
        if pages > 1:
            nav_h = max(min_target(self), int(u * 9))
            bottom -= nav_h + gap
            fit_rows = max(1, (bottom - top + gap) // (min_card + gap))
            per_page = fit_rows * cols
            pages = math.ceil(len(scenarios) / per_page)
            self.page %= pages
            button(
                self,
                p,
                pygame.Rect(w - margin - int(u * 30), h - margin - nav_h, int(u * 30), nav_h),
                "more",
                f"{app.t('next')} ({self.page + 1}/{pages})",
                size=2.8,
            )
        shown = scenarios[self.page * per_page : (self.page + 1) * per_page]
        rows = math.ceil(len(shown) / cols)
        cw = (w - 2 * margin - gap * (cols - 1)) // cols
        ch = min(int(u * 40), (bottom - top - gap * (rows - 1)) // rows)
        rects = [
            pygame.Rect(margin + c * (cw + gap), top + r * (ch + gap), cw, ch) for r, c in (divmod(i, cols) for i in range(len(shown)))
        ]
        # Neighbouring cards share one size for titles and one for summaries: the size the
        # tightest card needs, so huge text never gives one card smaller words than the next.
        lang = app.settings.lang
        boxes = [self.card_boxes(rect) for rect in rects]
        title_px = p.row_size(
            [(sc.title.get(lang), b[0]) for sc, b in zip(shown, boxes, strict=True)], *self.type_range(3.8, 2.2), bold=True
        )
        # The summaries start under the tallest title, so short titles leave their room to the
        # summaries (larger text then stays large) and the summaries of a row line up.
        title_h = max(
            p.fit(sc.title.get(lang), b[0].width, b[0].height, title_px, True, title_px).height for sc, b in zip(shown, boxes, strict=True)
        )
        title_h = min(boxes[0][0].height, title_h + int(app.unit * 1.5))
        boxes = [self.card_boxes(rect, title_h) for rect in rects]
        summary_px = p.row_size([(sc.summary.get(lang), b[1]) for sc, b in zip(shown, boxes, strict=True)], *self.type_range(2.6, 1.7))
        for i, (sc, rect) in enumerate(zip(shown, rects, strict=True)):
            self.card(p, rect, sc, boxes[i], (title_px, summary_px), primary=i == 0)

    def type_range(self, size: float, least: float) -> tuple[int, int]:
        """(the size asked for, the smallest allowed): with larger text set, never below the normal size."""
        app = self.app
        floor = app.font_size(least) if app.settings.text_size == "normal" else max(12, int(app.unit * size))
        return app.font_size(size), max(12, floor)

    def card_boxes(self, rect: pygame.Rect, title_h: int | None = None) -> tuple[pygame.Rect, pygame.Rect, pygame.Rect]:
        """(title, summary, meta line) inside a card; the title gets `title_h`, at most (and by default) 36% of it."""
        app = self.app
        pad = int(app.unit * 2.2)
        inner = rect.inflate(-2 * pad, -2 * pad)
        meta_h = int(app.font_size(2.4) * 1.4)
        title_h = min(int(inner.height * 0.36), title_h or inner.height)
        return (
            pygame.Rect(inner.x, inner.y, inner.width, title_h),
            pygame.Rect(inner.x, inner.y + title_h, inner.width, inner.height - title_h - meta_h),
            pygame.Rect(inner.x, inner.bottom - meta_h, inner.width, meta_h),
        )

    def card(
        self,
        p: Painter,
        rect: pygame.Rect,
        sc: m.Scenario,
        boxes: tuple[pygame.Rect, pygame.Rect, pygame.Rect],
        sizes: tuple[int, int],
        primary: bool = False,
    ) -> None:
        """One story's card in `boxes` (see `card_boxes`), its title and summary at the row's `sizes`;
        `primary`: Enter with nothing focused plays it."""
        app = self.app
        th = app.theme
        lang = app.settings.lang
        u = app.unit
        radius = int(u * 1.5)
        p.rect(rect, th.panel, radius=radius)
        if th.name == "high-contrast":
            p.rect(rect, th.panel_text, radius=radius, width=2)
        key = (sc.id, lang)
        if key not in self._minutes:
            self._minutes[key] = minutes(sc, lang)
        meta = f"{app.t('kind_' + sc.kind)} · {app.t('minutes', n=self._minutes[key])}"
        title_box, summary_box, meta_box = boxes
        title_px, summary_px = sizes
        p.text_box(sc.title.get(lang), title_box, title_px, th.panel_text, bold=True, where=f"card title {sc.id}", min_size=title_px)
        p.text_box(sc.summary.get(lang), summary_box, summary_px, th.panel_muted, where=f"card summary {sc.id}", min_size=summary_px)
        p.text_box(
            meta,
            meta_box,
            app.font_size(2.4),
            th.accent if th.name != "high-contrast" else th.panel_text,
            bold=True,
            valign="bottom",
            where=f"card meta {sc.id}",
        )
        # The whole card is the button: a big target for a finger.
        self.add(Button(f"scenario:{sc.id}", rect, sc.title.get(lang), "choice", payload=sc, primary=primary))

    def activate(self, b: Button) -> None:
        if b.id == "more":
            self.page += 1
        elif b.id == "back":
            self.finish("back")
        elif b.id.startswith("scenario:") and isinstance(b.payload, m.Scenario):
            self.finish(scenario=b.payload)
