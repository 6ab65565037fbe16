"""The menu that Esc opens over any screen, in two pages.

The first page: resume, restart, language, sound on/off, "Display & sound", hints
(classroom) and quit. "Display & sound" opens the second page: volume down/up (each
press plays a short chime at the new level), read everything aloud, text size,
colours and animations. Every change applies at once: the screens below are laid
out again from the settings on the next frame, so the player sees the new text size
or colours behind the menu straight away. Every row is a button big enough for a
finger and reachable with Tab and Enter; Esc on the second page goes back to the first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from ..painter import Overflow, Painter
from ..scene import Button, Scene
from ..theme import TEXT_SCALE, THEMES
from .common import button, dim_screen, min_target, row_type_size

if TYPE_CHECKING:
    from ..app import App

VOLUME_STEP = 0.1
SAMPLE_SOUND = "notify"  # played after a volume change, so the player hears the new level


class MenuScene(Scene):
    opaque = False
    wants_menu = False
    keeps_below = True  # the screen below changes only with the settings, which the app watches

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.page = "main"  # main | display
        self._read_aloud_was = app.settings.read_aloud

    # -- what is on each page ------------------------------------------------------------

    def rows(self) -> list[tuple[str, str]]:
        """(id, label) of each row of the current page, top to bottom; "volume" is the −/+ row."""
        app = self.app
        s = app.settings
        if self.page == "display":
            return [
                ("volume", app.t("volume", n=self.volume_percent())),
                ("read_aloud", app.t("read_aloud_on" if s.read_aloud else "read_aloud_off")),
                ("text_size", app.t(f"text_size_{s.text_size}")),
                ("theme", app.t("theme_" + s.theme.replace("-", "_"))),
                ("motion", app.t("motion_off" if s.reduced_motion else "motion_on")),
                ("back", app.t("back")),
            ]
        items = [
            ("resume", app.t("resume")),
            ("restart", app.t("restart")),
            ("language", f"{app.t('language')}: {s.lang.upper()}"),
            ("sound", app.t("sound_off") if s.muted else app.t("sound_on")),
            ("display", f"{app.t('display_sound')} ›"),
        ]
        if s.mode == "classroom":
            items.append(("hints", app.t("hints_on") if s.hints else app.t("hints_off")))
        if app.quit_allowed:
            items.append(("quit", app.t("quit")))
        return items

    def volume(self) -> float:
        """The volume now: the sound system's own when there is one (the kiosk sets it from its config)."""
        audio = self.app.audio
        try:
            v = audio.volume if audio is not None else None
        except Exception:  # noqa: BLE001
            v = None
        return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else self.app.settings.volume

    def volume_percent(self) -> int:
        return int(round(self.volume() * 100))

    # -- input ---------------------------------------------------------------------------

    def key(self, event) -> bool:
        if event.key == pygame.K_ESCAPE:
            if self.page != "main":
                self.show_page("main")
            else:
                self.close()
            return True
        return False

    def show_page(self, page: str) -> None:
        came_from = self.page
        self.page = page
        app = self.app
        if app.focus is not None:  # a keyboard user: put the focus on the first row, or back on the way in
            ids = [bid for bid, _ in self.rows()]
            app.focus = ids.index("display") if page == "main" and came_from == "display" and "display" in ids else 0
        app.dirty = True

    def close(self) -> None:
        app = self.app
        app.pop()
        if app.settings.read_aloud and not self._read_aloud_was:
            # Just turned on: read the screen the player goes back to, not only the next one.
            if app.stack:
                app.scene.read_screen()

    def activate(self, b: Button) -> None:
        app = self.app
        s = app.settings
        if b.id == "resume":
            self.close()
        elif b.id == "restart":
            app.start_over()
        elif b.id == "language":
            langs = s.languages
            s.lang = langs[(langs.index(s.lang) + 1) % len(langs)] if s.lang in langs else langs[0]
            pygame.display.set_caption(app.t("app_title"))
            for scene in app.stack:
                scene.relocalise(s.lang)
        elif b.id == "sound":
            s.muted = not s.muted
            self._audio("set_muted", s.muted)
        elif b.id == "hints":
            s.hints = not s.hints
        elif b.id == "quit":
            if s.mode == "classroom":  # a lesson is not ended by a stray click: ask first
                from .confirm import QuitConfirmScene

                app.push(QuitConfirmScene(app))
            else:
                app.running = False
        elif b.id == "display":
            self.show_page("display")
        elif b.id == "back":
            self.show_page("main")
        elif b.id in ("volume-", "volume+"):
            step = VOLUME_STEP if b.id == "volume+" else -VOLUME_STEP
            s.volume = round(min(1.0, max(0.0, self.volume() + step)), 2)
            self._audio("set_volume", s.volume)
            self._audio("play", SAMPLE_SOUND)
        elif b.id == "read_aloud":
            s.read_aloud = not s.read_aloud
            if not s.read_aloud:
                self._audio("stop", "voice")
        elif b.id == "text_size":
            sizes = list(TEXT_SCALE)
            s.text_size = sizes[(sizes.index(s.text_size) + 1) % len(sizes)] if s.text_size in sizes else sizes[0]
        elif b.id == "theme":
            themes = list(THEMES)
            s.theme = themes[(themes.index(s.theme) + 1) % len(themes)] if s.theme in themes else themes[0]
        elif b.id == "motion":
            s.reduced_motion = not s.reduced_motion
        # Text size, colours and motion are read from the settings at every draw: the
        # screens below lay themselves out again on the next frame (activate marks it dirty).

    def _audio(self, method: str, *args) -> None:
        audio = self.app.audio
        if audio is None:
            return
        try:
            getattr(audio, method)(*args)
        except Exception:  # noqa: BLE001 - sound is never worth a crash
            pass

    # -- drawing -------------------------------------------------------------------------

    def draw(self, p: Painter) -> None:
        app = self.app
        th = app.theme
        w, h = app.size
        u = app.unit
        rows = self.rows()
        least = min_target(self)
        bh = max(least, int(u * 9))
        gap = int(u * 2)
        title_h = int(u * 7)
        top, bottom = int(u * 10), int(u * 2)  # inside the panel, above the first row and below the last
        # On a short screen the rows close up, then shrink, but never below a finger's size.
        room = h - int(u * 4) - top - bottom
        if len(rows) * (bh + gap) > room:
            gap = max(4, int(u))
            bh = max(least, room // len(rows) - gap)
        # Wider for larger text, so huge text stays huge rather than shrinking to fit.
        pw = min(int(w * 0.86), int(u * 70 * TEXT_SCALE[app.settings.text_size]))
        ph = top + len(rows) * (bh + gap) - gap + bottom
        panel = pygame.Rect((w - pw) // 2, max(0, (h - ph) // 2), pw, ph)
        if panel.bottom > h:
            p.overflows.append(Overflow("menu panel", rows[-1][1], (panel.x, panel.y, panel.width, panel.height)))
        p.rect(panel, th.panel, radius=int(u * 2))
        if th.name == "high-contrast":
            p.rect(panel, th.panel_text, radius=int(u * 2), width=max(2, int(u * 0.3)))
        title = app.t("menu") if self.page == "main" else app.t("display_sound")
        p.text_box(
            title,
            pygame.Rect(panel.x + int(u * 3), panel.y + int(u * 2), pw - int(u * 6), title_h),
            app.font_size(4),
            th.panel_text,
            bold=True,
            align="center",
            valign="middle",
            where="menu title",
        )
        x, width = panel.x + int(u * 4), pw - int(u * 8)
        rects = [pygame.Rect(x, panel.y + top + i * (bh + gap), width, bh) for i in range(len(rows))]
        # Every row's words at one size (the longest row's), however large the text is set.
        fs = row_type_size(self, p, [(rect, label) for rect, (bid, label) in zip(rects, rows, strict=True) if bid != "volume"])
        for rect, (bid, label) in zip(rects, rows, strict=True):
            if bid == "volume":
                self.draw_volume(p, rect, label)
            else:
                # Resume is what Enter does, but it is drawn like every row: the focus ring
                # alone says "selected", so two rows never look chosen at once.
                button(self, p, rect, bid, label, primary=bid == "resume", type_px=fs)

    def backdrop(self, p: Painter) -> None:
        dim_screen(p, 170)

    def draw_volume(self, p: Painter, row: pygame.Rect, label: str) -> None:
        """[−]  Volume: 80%  [+]: two square buttons a finger can hit, the level between them in words."""
        app = self.app
        side = max(min_target(self), row.height)
        gap = int(app.unit * 2)
        down = pygame.Rect(row.x, row.y, side, row.height)
        up = pygame.Rect(row.right - side, row.y, side, row.height)
        button(self, p, down, "volume-", "−", size=4.5)
        p.text_box(
            label,
            pygame.Rect(down.right + gap, row.y, up.x - down.right - 2 * gap, row.height),
            app.font_size(3),
            app.theme.panel_text,
            bold=True,
            align="center",
            valign="middle",
            where="menu volume",
        )
        button(self, p, up, "volume+", "+", size=4.5)
