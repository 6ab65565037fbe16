"""The small menu that Esc opens over any screen: resume, restart, language, sound, quit."""

from __future__ import annotations

import pygame

from ..app import Button, Scene
from ..painter import Painter
from .common import button, dim_screen, min_target


class MenuScene(Scene):
    opaque = False
    wants_menu = False

    def key(self, event) -> bool:
        if event.key == pygame.K_ESCAPE:
            self.app.pop()
            return True
        return False

    def draw(self, p: Painter) -> None:
        app = self.app
        th = app.theme
        w, h = app.size
        u = app.unit
        dim_screen(p, 170)
        items = [("resume", app.t("resume")), ("restart", app.t("restart")), ("language", f"{app.t('language')}: {app.settings.lang.upper()}"),
                 ("sound", app.t("sound_off") if app.settings.muted else app.t("sound_on"))]
        if app.settings.mode == "classroom":
            items.append(("hints", app.t("hints_on") if app.settings.hints else app.t("hints_off")))
        if app.quit_allowed:
            items.append(("quit", app.t("quit")))
        bh = max(min_target(self), int(u * 9))
        gap = int(u * 2)
        pw = min(int(w * 0.8), int(u * 70))
        ph = len(items) * (bh + gap) + int(u * 12)
        panel = pygame.Rect((w - pw) // 2, (h - ph) // 2, pw, ph)
        p.rect(panel, th.panel, radius=int(u * 2))
        p.text_box(app.t("menu"), pygame.Rect(panel.x, panel.y + int(u * 2), pw, int(u * 7)), app.font_size(4), th.panel_text, bold=True,
                   align="center", valign="middle", where="menu title")
        y = panel.y + int(u * 10)
        for bid, label in items:
            button(self, p, pygame.Rect(panel.x + int(u * 4), y, pw - int(u * 8), bh), bid, label, "primary" if bid == "resume" else "secondary", size=3)
            y += bh + gap

    def activate(self, b: Button) -> None:
        app = self.app
        s = app.settings
        if b.id == "resume":
            app.pop()
        elif b.id == "restart":
            from .title import TitleScene

            for scene in app.stack:
                end = getattr(scene, "abandon", None)
                if end:
                    end()
            app.reset_to(TitleScene(app))
        elif b.id == "language":
            langs = s.languages
            s.lang = langs[(langs.index(s.lang) + 1) % len(langs)] if s.lang in langs else langs[0]
            pygame.display.set_caption(app.t("app_title"))
            for scene in app.stack:
                relocalise = getattr(scene, "relocalise", None)
                if relocalise:
                    relocalise(s.lang)
        elif b.id == "sound":
            s.muted = not s.muted
            if app.audio is not None:
                try:
                    app.audio.set_muted(s.muted)
                except Exception:  # noqa: BLE001
                    pass
        elif b.id == "hints":
            s.hints = not s.hints
        elif b.id == "quit":
            app.running = False
