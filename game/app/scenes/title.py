"""The title screen: the game's name and the language choice, each language named in itself."""

from __future__ import annotations

import pygame

from ...core.strings import LANGUAGES, ui
from ..painter import Painter
from ..scene import Button, Scene
from .common import button, min_target


class TitleScene(Scene):
    wants_menu = False

    def draw(self, p: Painter) -> None:
        app = self.app
        th = app.theme
        w, h = app.size
        u = app.unit
        p.surface.fill(th.bg)
        langs = [lang for lang in app.settings.languages if lang in LANGUAGES]
        box = pygame.Rect(int(w * 0.08), int(h * 0.1), int(w * 0.84), int(h * 0.2))
        title = " · ".join(ui("app_title", lang) for lang in langs)
        p.text_box(
            title, box, app.font_size(9), th.accent, bold=True, align="center", valign="middle", where="title", min_size=app.font_size(4)
        )
        tag = pygame.Rect(box.x, box.bottom + int(u * 2), box.width, int(h * 0.16))
        p.text_box(
            "\n".join(ui("tagline", lang) for lang in langs),
            tag,
            app.font_size(3.6),
            th.bg_text,
            align="center",
            valign="top",
            where="tagline",
        )
        prompt = pygame.Rect(box.x, tag.bottom + int(u * 2), box.width, int(u * 6))
        p.text_box(
            " / ".join(ui("choose_language", lang) for lang in langs),
            prompt,
            app.font_size(3.2),
            th.bg_muted,
            align="center",
            valign="middle",
            where="prompt",
        )
        bw = min(int(w * 0.8), int(u * 60))
        bh = max(min_target(self), int(u * 11))
        y = prompt.bottom + int(u * 3)
        for lang in langs:
            rect = pygame.Rect((w - bw) // 2, y, bw, bh)
            button(self, p, rect, f"lang:{lang}", LANGUAGES[lang], "primary", payload=lang, size=4.5)
            y += bh + int(u * 2.5)

    def activate(self, b: Button) -> None:
        if b.id.startswith("lang:"):
            self.app.settings.lang = str(b.payload)
            pygame.display.set_caption(ui("app_title", self.app.settings.lang))
            self.finish()
