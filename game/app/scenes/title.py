"""The title screen: the ringing-phone poster, the game's name and the language choice, each language named in itself."""

from __future__ import annotations

import pygame

from ...core.strings import LANGUAGES, ui
from ..painter import Painter
from ..scene import Button, Scene
from .common import button, landscape, min_target, row_type_size
from .ringing_phone import draw_ringing_phone


def split_area(size: tuple[int, int]) -> tuple[pygame.Rect, pygame.Rect]:
    """(the picture's area, the words' area): side by side on a wide screen, stacked on a tall one."""
    w, h = size
    if landscape(size):
        art = 0.42 if w >= h * 1.6 else 0.36  # on 4:3 the words need more of the width
        return pygame.Rect(0, 0, int(w * art), h), pygame.Rect(int(w * (art + 0.02)), int(h * 0.06), int(w * (0.92 - art)), int(h * 0.88))
    return pygame.Rect(0, 0, w, int(h * 0.38)), pygame.Rect(int(w * 0.07), int(h * 0.38), int(w * 0.86), int(h * 0.58))


class TitleScene(Scene):
    wants_menu = False

    def draw(self, p: Painter) -> None:
        app = self.app
        th = app.theme
        u = app.unit
        p.surface.fill(th.bg)
        langs = [lang for lang in app.settings.languages if lang in LANGUAGES]
        # The words above the buttons in two languages at most: the one set now and Vietnamese
        # (or English); with five languages, five taglines would push the buttons off the screen.
        # Every language is still offered, by its own name on its button.
        said = [lang for lang in dict.fromkeys((app.settings.lang, "vi", "en")) if lang in langs][:2] or langs[:1]
        art, t = split_area(app.size)
        # The kiosk's poster: a phone ringing with an unknown number (still here: a title waits).
        draw_ringing_phone(app, p, art, "\n".join(dict.fromkeys(ui("kiosk_unknown_number", lang) for lang in said)))
        # The name in each language on its own line, all at one size, each line whole: the
        # type shrinks until every name fits on one line, so "Not / Alone" never happens.
        names = list(dict.fromkeys(ui("app_title", lang) for lang in said))
        box = pygame.Rect(t.x, t.y, t.width, int(t.height * 0.26))
        p.text_box(
            "\n".join(names),
            box,
            app.font_size(8),
            th.accent,
            bold=True,
            align="center",
            valign="middle",
            where="title",
            min_size=12,
            max_lines=len(names),
        )
        tag = pygame.Rect(t.x, box.bottom + int(u), t.width, int(t.height * 0.2))
        # One line per language when it fits at no less than the normal size; wrapped otherwise.
        taglines = "\n".join(ui("tagline", lang) for lang in said)
        floor = int(u * 3.2 * (0.85 if app.settings.text_size == "normal" else 1.0))  # larger text: never below normal
        whole = p.fit(taglines, tag.width, tag.height, app.font_size(3.2), min_size=max(12, floor), max_lines=len(said))
        size = whole.size if whole.fits else app.font_size(3.2)
        p.text_box(taglines, tag, size, th.bg_text, align="center", valign="middle", where="tagline", min_size=size if whole.fits else None)
        prompt = pygame.Rect(t.x, tag.bottom + int(u), t.width, int(u * 6))
        p.text_box(
            " / ".join(dict.fromkeys(ui("choose_language", lang) for lang in said)),
            prompt,
            app.font_size(3),
            th.bg_muted,
            align="center",
            valign="middle",
            where="prompt",
        )
        # One column of buttons for up to three languages, two columns beyond (read row by row).
        cols = 1 if len(langs) <= 3 else 2
        rows = -(-len(langs) // cols)
        gap = int(u * 2.5)
        bw = min(t.width, int(u * 60)) if cols == 1 else (t.width - gap) // 2
        room = t.bottom - prompt.bottom - int(u * 2)
        bh = max(min_target(self), min(int(u * 11), (room - gap * (rows - 1)) // max(1, rows)))
        y = prompt.bottom + int(u * 2)
        left = t.centerx - (bw * cols + gap * (cols - 1)) // 2
        rects = [pygame.Rect(left + (i % cols) * (bw + gap), y + (i // cols) * (bh + gap), bw, bh) for i in range(len(langs))]
        # A language's name must fit its button whole: it may shrink further than other rows do.
        fs = row_type_size(self, p, [(rect, LANGUAGES[lang]) for rect, lang in zip(rects, langs, strict=True)], 4.5, "primary", least=0.5)
        for rect, lang in zip(rects, langs, strict=True):
            # Enter with nothing focused takes the language already set (Vietnamese at first).
            button(self, p, rect, f"lang:{lang}", LANGUAGES[lang], "primary", payload=lang, type_px=fs, primary=lang == app.settings.lang)

    def activate(self, b: Button) -> None:
        if b.id.startswith("lang:"):
            self.app.settings.lang = str(b.payload)
            pygame.display.set_caption(ui("app_title", self.app.settings.lang))
            self.finish()
