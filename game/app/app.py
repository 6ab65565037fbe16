"""The pygame application: window, scene stack, input, frame loop.

Input is normalised here so scenes only see "this button was activated": a mouse
click, a finger tap (SDL also makes a mouse event for each touch; those are ignored so
one tap is one tap), a number key, or Tab/arrows to move a visible focus and Enter.
The loop draws only when something changed and presents only what changed, so an idle
screen costs almost nothing, and time comes from an injectable clock for tests.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pygame

from ..core.library import Library
from ..core.strings import LANGUAGES, ui
from .flow import Flow
from .flows import classroom_flow
from .painter import Fonts, Overflow, Painter, TextCache
from .scene import Button as Button  # re-exported: the screens of every mode import them from here too
from .scene import Scene as Scene
from .theme import TEXT_SCALE, THEMES, Theme

if TYPE_CHECKING:  # the session (and the debrief behind it) is imported when a play starts
    from pathlib import Path

    from ..session import Recorder
    from .art import Art  # imported on first use: the title screen shows no pictures
    from .audio import Audio  # imported with the first sound


def log():
    """The module's logger; logging is imported on first use, not at start-up."""
    import logging

    return logging.getLogger(__name__)


# Arrow and page keys as a direction on screen (x, y): the focus moves to the nearest button that way.
ARROWS = {
    pygame.K_RIGHT: (1, 0),
    pygame.K_LEFT: (-1, 0),
    pygame.K_DOWN: (0, 1),
    pygame.K_UP: (0, -1),
    pygame.K_PAGEDOWN: (0, 1),
    pygame.K_PAGEUP: (0, -1),
}
IDLE_FPS = 20  # how often an idle screen looks for input
ANIM_FPS = 30


@dataclass
class Settings:
    """How this game is set up: language, text size, theme, sound, mode."""

    lang: str = "vi"
    text_size: str = "normal"
    theme: str = "default"
    reduced_motion: bool = False
    muted: bool = False
    volume: float = 0.8  # 0..1; the menu changes it (the kiosk keeps its own in its config)
    read_aloud: bool = False  # speak every text that has a voice clip, not only call lines
    hints: bool = False  # a brief inline hint after each choice
    mode: str = "classroom"  # classroom | kiosk | facilitate
    scenario: str | None = None  # play only this one (skip the picker)
    scenario_order: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=lambda: list(LANGUAGES))  # every shipped language, named in itself
    practice: bool = True  # the practice round after the debrief (game/learning.py)
    measure: bool | None = None  # the before/after measure; None: the mode's default (on, off on the kiosk)
    takeaway_url: str | None = None  # the organiser's short address for the takeaway's QR code (checked: version <= 5)
    card_dir: Path | None = None  # where "Print card" writes the A6 card; None: DATA_DIR/cards


class App:
    """The window, the stack of scenes, and the loop. Which scene follows which is `flow`'s business."""

    def __init__(
        self,
        library: Library,
        settings: Settings,
        recorder: Recorder | None = None,
        size: tuple[int, int] = (1024, 768),
        fullscreen: bool = False,
        clock: Callable[[], float] = time.monotonic,
        audio: Any = None,
        display: int = 0,
        flow: Flow[Any] | None = None,
    ) -> None:
        pygame.display.init()
        pygame.font.init()
        self.library = library
        self.settings = settings
        self.flow: Flow[Any] = flow if flow is not None else classroom_flow()  # the classroom is the default mode
        self.recorder = recorder
        self.clock = clock
        flags = pygame.FULLSCREEN if fullscreen else pygame.RESIZABLE
        if fullscreen:
            size = (0, 0)
        self.screen = pygame.display.set_mode(size, flags, display=display)
        pygame.display.set_caption(ui("app_title", settings.lang))
        pygame.key.set_repeat(0)
        self.fonts = Fonts()
        self.cache = TextCache()
        self._art: Art | None = None
        self.audio = (audio or None) if audio is not None else _make_audio(settings.muted, settings.volume)  # audio=False: none
        self.stack: list[Scene] = []
        self.running = True
        self.dirty = True
        self.focus: int | None = None  # index into the focusable buttons; shown once keys are used
        self._pressed: tuple[str, Button] | None = None  # (pointer kind, button pressed)
        self.last_input = clock()
        self.frames_drawn = 0
        self.last_overflows: list[Overflow] = []
        self.ticker = pygame.time.Clock()
        self.on_error: Callable[[BaseException], None] | None = None
        # What lies below an overlay that keeps it (Scene.keeps_below): (what it depends on, picture, overflows).
        self._below: tuple[tuple[object, ...], pygame.Surface, list[Overflow]] | None = None
        self.quit_allowed = settings.mode != "kiosk"

    # -- look ------------------------------------------------------------------------

    @property
    def art(self) -> Art:
        """Pictures, loaded on first use so the first frame does not wait for them."""
        if self._art is None:
            from .art import Art

            self._art = Art()
        return self._art

    @property
    def theme(self) -> Theme:
        return THEMES[self.settings.theme]

    @property
    def size(self) -> tuple[int, int]:
        return self.screen.get_size()

    @property
    def unit(self) -> float:
        """One hundredth of the shorter side: every size on screen is a multiple of it."""
        w, h = self.size
        return min(w, h) / 100

    def font_size(self, factor: float) -> int:
        return max(12, int(self.unit * factor * TEXT_SCALE[self.settings.text_size]))

    def t(self, key: str, **values) -> str:
        return ui(key, self.settings.lang, **values)

    # -- scenes ----------------------------------------------------------------------

    @property
    def scene(self) -> Scene:
        return self.stack[-1]

    def push(self, scene: Scene) -> None:
        self.stack.append(scene)
        self._changed_scene()

    def pop(self) -> Scene:
        scene = self.stack.pop()
        scene.leave()
        self._changed_scene()
        return scene

    def replace(self, scene: Scene) -> None:
        if self.stack:
            self.stack.pop().leave()
        self.push(scene)

    def reset_to(self, scene: Scene) -> None:
        while self.stack:
            self.stack.pop().leave()
        self.push(scene)

    def abandon_all(self) -> None:
        """Every scene on the stack closes what it holds open (a play in progress is recorded as abandoned)."""
        for scene in list(self.stack):
            try:
                scene.abandon()
            except Exception:  # noqa: BLE001 - the record must never stop a reset or a close
                log().exception("closing %s failed", scene.name)

    def start_over(self) -> None:
        """Leave whatever is in progress and begin the flow again (the menu's restart)."""
        self.abandon_all()
        self.flow.start(self)

    def _changed_scene(self) -> None:
        self.focus = None
        self._pressed = None
        self.dirty = True
        if self.stack:
            self.stack[-1].enter()

    # -- input -----------------------------------------------------------------------

    def focusables(self) -> list[Button]:
        return [b for b in self.scene.buttons if b.focusable]

    def focused(self) -> Button | None:
        items = self.focusables()
        if self.focus is None or not items:
            return None
        return items[self.focus % len(items)]

    def button_at(self, pos: tuple[int, int]) -> Button | None:
        for b in reversed(self.scene.buttons):
            if b.rect.collidepoint(pos):
                return b
        return None

    def activate(self, button: Button) -> None:
        self.dirty = True
        scene = self.scene
        scene.activate(button)
        # Until the next frame is drawn the old buttons are stale: a second tap in the
        # same frame (a double tap) must not land on a button that has gone.
        scene.buttons = []

    def handle(self, event: pygame.event.Event) -> None:
        et = event.type
        if et == pygame.QUIT:
            if self.quit_allowed:
                self.running = False
            return
        if et in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED, pygame.WINDOWEXPOSED, pygame.WINDOWSHOWN):
            self.dirty = True
            return
        if et in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP) and getattr(event, "touch", False):
            return  # SDL's mouse copy of a finger event: the finger event itself is handled
        if et in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.FINGERDOWN, pygame.FINGERUP, pygame.MOUSEWHEEL):
            self.last_input = self.clock()
        if et == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self._press("mouse", event.pos)
        elif et == pygame.MOUSEBUTTONUP and event.button == 1:
            self._release("mouse", event.pos)
        elif et == pygame.FINGERDOWN:
            self._press("finger", self._finger_pos(event))
        elif et == pygame.FINGERUP:
            self._release("finger", self._finger_pos(event))
        elif et == pygame.KEYDOWN:
            self._key(event)

    def _finger_pos(self, event) -> tuple[int, int]:
        w, h = self.size
        return int(event.x * w), int(event.y * h)

    def _press(self, kind: str, pos) -> None:
        button = self.button_at(pos)
        self._pressed = (kind, button) if button else None

    def _release(self, kind: str, pos) -> None:
        pressed, self._pressed = self._pressed, None
        if pressed is None or pressed[0] != kind:
            return
        button = self.button_at(pos)
        # A tap counts when it starts and ends on the same button (sliding off cancels it).
        if button is not None and button.id == pressed[1].id:
            self.focus = None
            self.activate(button)

    def _key(self, event) -> None:
        key = event.key
        if self.scene.key(event):
            self.dirty = True
            return
        if key == pygame.K_ESCAPE and self.scene.wants_menu and self.flow.menu is not None:
            self.push(self.flow.menu(self))
            return
        if pygame.K_1 <= key <= pygame.K_9 or pygame.K_KP1 <= key <= pygame.K_KP9:
            n = key - (pygame.K_1 if key <= pygame.K_9 else pygame.K_KP1)
            choices = self.scene.choice_buttons()
            if n < len(choices):
                self.activate(choices[n])
            return
        items = self.focusables()
        if not items:
            return
        if key == pygame.K_TAB:
            back = bool(event.mod & pygame.KMOD_SHIFT)
            if self.focus is None:
                self.focus = len(items) - 1 if back else 0
            else:
                self.focus = (self.focus + (-1 if back else 1)) % len(items)
            self.dirty = True
        elif key in ARROWS:
            self.focus = self._arrow_target(items, key)
            self.dirty = True
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            button = self.focused() or self.main_button()
            if button is not None:
                self.activate(button)
            else:  # no main button (a list of replies): show where the focus is, so Enter is never dead
                self.focus = 0
                self.dirty = True

    def main_button(self) -> Button | None:
        """What Enter activates when nothing has the focus: the button marked primary, else the only primary-looking one."""
        items = self.focusables()
        marked = [b for b in items if b.primary]
        if marked:
            return marked[0]
        looks = [b for b in items if b.kind == "primary"]
        return looks[0] if len(looks) == 1 else None

    def _arrow_target(self, items: list[Button], key: int) -> int:
        """The index the focus moves to for an arrow key: the nearest button in that direction on screen.

        Grids (the two-column story picker) move in two dimensions: Left/Right stay in the row,
        Up/Down in the column. When nothing lies that way the focus steps along the reading
        order (Tab's order), so Right at a row's end goes on to the next row and a list wraps round.
        """
        dx, dy = ARROWS[key]
        forward = dx + dy > 0
        if self.focus is None:
            return 0 if forward else len(items) - 1
        here = items[self.focus % len(items)].rect
        best: tuple[float, int] | None = None
        for i, b in enumerate(items):
            along = (b.rect.centerx - here.centerx) * dx + (b.rect.centery - here.centery) * dy
            across = abs((b.rect.centerx - here.centerx) * dy) + abs((b.rect.centery - here.centery) * dx)
            # Only what is ahead and in the same row (for Left/Right) or column (for Up/Down).
            in_line = b.rect.top < here.bottom and here.top < b.rect.bottom if dx else b.rect.left < here.right and here.left < b.rect.right
            if along <= 0 or not in_line:
                continue
            score = along + 2 * across  # straight ahead beats diagonal
            if best is None or score < best[0]:
                best = (score, i)
        if best is not None:
            return best[1]
        return (self.focus + (1 if forward else -1)) % len(items)

    # -- drawing ---------------------------------------------------------------------

    def painter(self, surface: pygame.Surface | None = None) -> Painter:
        return Painter(surface or self.screen, self.fonts, self.cache)

    def draw(self, surface: pygame.Surface | None = None) -> Painter:
        """Draw the whole stack (overlays over what is below) and return the painter."""
        p = self.painter(surface)
        first = max((i for i, s in enumerate(self.stack) if s.opaque), default=0)
        top = self.stack[-1]
        if first < len(self.stack) - 1 and top.keeps_below:
            self._draw_below(p, first)
            top.buttons = []
            top.draw(p)
        else:
            self._below = None
            for scene in self.stack[first:]:
                scene.buttons = []
                scene.backdrop(p)
                scene.draw(p)
        focused = self.focused()
        if focused is not None:
            t = max(3, int(self.unit * 0.5))
            pygame.draw.rect(p.surface, self.theme.button_focus, focused.rect.inflate(t * 3, t * 3), width=t, border_radius=t * 3)
        self.last_overflows = p.overflows
        self.frames_drawn += 1
        return p

    def _draw_below(self, p: Painter, first: int) -> None:
        """The screens below the top overlay and its backdrop: drawn once, then the kept picture."""
        below = self.stack[first:-1]
        key = (*below, p.surface.get_size(), repr(self.settings), self.cache)
        if self._below is not None and self._below[0] == key:
            p.surface.blit(self._below[1], (0, 0))
            p.overflows.extend(self._below[2])
            return
        for scene in below:
            scene.buttons = []
            scene.draw(p)
        self.stack[-1].backdrop(p)
        self._below = (key, p.surface.copy(), list(p.overflows))

    def frame(self) -> None:
        """One turn of the loop: input, timers, and a redraw only if something changed."""
        for event in pygame.event.get():
            self.handle(event)
            if not self.running:
                return
        now = self.clock()
        changed = self.scene.update(now)
        if self.dirty or changed is True:
            self.draw()
            pygame.display.flip()
            self.dirty = False
        elif changed:
            self.draw()
            pygame.display.update(changed)

    def run(self) -> None:
        while self.running:
            try:
                self.frame()
            except Exception as err:  # noqa: BLE001
                if self.on_error is None:
                    raise
                log().exception("a screen failed")
                self.on_error(err)
                self.dirty = True
            self.ticker.tick(ANIM_FPS if self.scene.animating else IDLE_FPS)
        self.close()

    def close(self) -> None:
        self.abandon_all()
        try:
            if self.audio:
                self.audio.stop()
        except Exception:  # noqa: BLE001
            pass


class _LazyAudio:
    """Stands in for Audio until the first sound, so start-up does not wait for the mixer module."""

    def __init__(self, muted: bool, volume: float = 0.8) -> None:
        self._muted = muted
        self._volume = volume
        self._audio: Audio | None = None
        self._failed = False

    def _real(self):
        if self._audio is None and not self._failed:
            try:
                from .audio import Audio

                self._audio = Audio(muted=self._muted, volume=self._volume)
            except Exception:  # noqa: BLE001 - no audio module or device: silence
                log().info("sound is off: no audio available")
                self._failed = True
        return self._audio

    def __getattr__(self, name: str):
        real = self._real()
        if real is None:
            return lambda *a, **k: 0.0 if name == "speak" else None
        return getattr(real, name)


def _make_audio(muted: bool, volume: float = 0.8):
    return _LazyAudio(muted, volume)
