"""The attract loop: what the kiosk shows while nobody plays.

A phone rings with "Unknown number", one line says what is at stake, and "Touch to
start" invites the next visitor; everything in every offered language at once, since
nobody has chosen one yet. It animates at a modest rate (a few frames a second is
plenty for a ringing phone and keeps an all-day kiosk cool) and stands still when
reduced motion is asked for; after two minutes without anyone it animates at half that
rate. Any touch anywhere goes to the language choice.

A staff-only mark: while the play record has a fault that has not healed (a full disk, a
read-only folder), a small amber dot sits in the bottom-right corner. Visitors do not
notice it; staff know to open the admin panel, which says what and since when.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from ..app.painter import Painter
from ..app.scene import Button, Scene
from ..app.scenes.common import landscape
from ..app.scenes.ringing_phone import draw_ringing_phone
from ..core.strings import LANGUAGES, ui

if TYPE_CHECKING:
    from ..app.app import App

FPS = 8  # frames of the ringing animation a second
QUIET_FPS = 4  # once nobody has come by for QUIET_AFTER seconds: half the work, still a ringing phone
QUIET_AFTER = 120.0
ROTATE_SECONDS = 4.0  # each other language has the poster for this long, in turn
STAFF_DOT = (230, 160, 40)


class AttractScene(Scene):
    wants_menu = False

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.frame_no = 0
        self.fps = FPS
        self.anim_rect = pygame.Rect(0, 0, 0, 0)
        self.entered = app.clock()
        self.fault_shown = False
        self.showing: list[str] = []  # the languages on the poster when it was last drawn

    @property
    def langs(self) -> list[str]:
        return [lang for lang in self.app.settings.languages if lang in LANGUAGES] or ["vi"]

    def shown(self) -> list[str]:
        """The languages the poster speaks now: the kiosk's first, and one other in turn.

        Five hooks and five "Touch to start" at once are a wall of text across a loud hall;
        two at a time stay readable, and every visitor sees their language within a few
        seconds (the title screen then offers every language by its own name). With reduced
        motion the poster stands still in the first two.
        """
        langs = self.langs
        if len(langs) <= 2:
            return langs
        turn = 0 if self.app.settings.reduced_motion else int((self.app.clock() - self.entered) / ROTATE_SECONDS)
        return [langs[0], langs[1 + turn % (len(langs) - 1)]]

    def both(self, key: str, sep: str = " / ") -> str:
        return sep.join(dict.fromkeys(ui(key, lang) for lang in self.shown()))

    def store_fault(self) -> bool:
        return getattr(self.app.recorder, "fault", None) is not None

    def update(self, now: float) -> bool | list[pygame.Rect] | None:
        if self.store_fault() != self.fault_shown:
            return True  # the staff dot comes or goes: the whole screen
        if self.app.settings.reduced_motion:
            return None
        fps = QUIET_FPS if now - max(self.entered, self.app.last_input) >= QUIET_AFTER else FPS
        frame_no = int(now * fps)
        turned = self.shown() != self.showing  # the next language's turn: the words change too
        if frame_no == self.frame_no and fps == self.fps and not turned:
            return None
        self.fps = fps
        self.frame_no = frame_no
        if turned:
            self.showing = self.shown()
            return True
        return [self.anim_rect] if self.anim_rect.width else True

    def layout(self) -> tuple[pygame.Rect, pygame.Rect]:
        """(the phone's area, the text's area)."""
        w, h = self.app.size
        if landscape((w, h)):
            return pygame.Rect(0, 0, int(w * 0.42), h), pygame.Rect(int(w * 0.44), int(h * 0.08), int(w * 0.5), int(h * 0.84))
        return pygame.Rect(0, 0, w, int(h * 0.46)), pygame.Rect(int(w * 0.07), int(h * 0.48), int(w * 0.86), int(h * 0.48))

    def draw(self, p: Painter) -> None:
        app = self.app
        th = app.theme
        w, h = app.size
        u = app.unit
        p.surface.fill(th.bg)
        self.showing = self.shown()
        phone_area, text_area = self.layout()
        self.anim_rect = phone_area
        self.draw_phone(p, phone_area)
        t = text_area
        title_h = int(t.height * 0.22)
        p.text_box(
            self.both("app_title", "\n"),
            pygame.Rect(t.x, t.y, t.width, title_h),
            app.font_size(7),
            th.accent,
            bold=True,
            align="center",
            valign="middle",
            where="attract title",
            min_size=app.font_size(3),
        )
        stakes_h = int(t.height * 0.46)
        p.text_box(
            "\n\n".join(dict.fromkeys(ui("kiosk_stakes", lang) for lang in self.showing)),
            pygame.Rect(t.x, t.y + title_h + int(u * 2), t.width, stakes_h),
            app.font_size(3.4),
            th.bg_text,
            align="center",
            valign="middle",
            where="attract stakes",
            min_size=app.font_size(2),
        )
        start = pygame.Rect(t.x, t.y + title_h + stakes_h + int(u * 4), t.width, t.bottom - (t.y + title_h + stakes_h + int(u * 4)))
        pill = start.inflate(-int(u * 2), -max(0, start.height - int(u * 16)))
        p.rect(pill, th.accent, radius=pill.height // 2)
        p.text_box(
            self.both("kiosk_touch_to_start"),
            pill.inflate(-int(u * 4), -int(u)),
            app.font_size(4.2),
            th.accent_text,
            bold=True,
            align="center",
            valign="middle",
            where="attract start",
            min_size=app.font_size(2.4),
        )
        self.fault_shown = self.store_fault()
        if self.fault_shown:
            r = max(3, int(u * 0.6))
            p.circle((w - 3 * r, h - 3 * r), r, STAFF_DOT)
        # The whole screen is the start button: wherever a visitor touches, the game begins.
        self.add(Button("start", pygame.Rect(0, 0, w, h), self.both("kiosk_touch_to_start"), "primary", focusable=True))

    def draw_phone(self, p: Painter, area: pygame.Rect) -> None:
        draw_ringing_phone(self.app, p, area, self.both("kiosk_unknown_number", "\n"), self.frame_no, self.fps)

    def activate(self, b: Button) -> None:
        if b.id == "start":
            self.finish()
