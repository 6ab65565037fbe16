"""The kiosk's hidden admin: a corner gesture, a PIN pad, and the admin panel.

The gesture is a long press (3 s) or five quick taps (within 3 s) in the top-left
corner: nothing a visitor does by chance, nothing shown on screen. The PIN is checked
against the salted hash in the settings; a wrong PIN leaves the panel closed, and three
wrong PINs lock the pad for 30 s, doubling with each further lock-out up to an hour
(shown on the pad, logged), so a PIN cannot be found by patient tapping. The panel offers: exit to the desktop, volume, which stories
and languages are offered (saved to the settings file), today's number of plays, and
the scenario files that failed to load, the play record's warnings and the settings'
own problems.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from ..app.app import Button, Scene
from ..app.painter import Painter
from ..app.scenes.common import button, heading, landscape, min_target, row_type_size
from ..core.strings import LANGUAGES
from .config import Problem, check_pin, problem_text

if TYPE_CHECKING:
    from .kioskapp import KioskApp

log = logging.getLogger("game.kiosk")

LONG_PRESS_SECONDS = 3.0
TAPS = 5
TAPS_WITHIN = 3.0
MAX_PIN_FAILURES = 3
LOCKOUT_FIRST = 30.0  # seconds of the first lock-out; each further one doubles
LOCKOUT_CAP = 3600.0  # seconds: a 4-digit PIN still takes years at three tries an hour
MAX_PROBLEMS_SHOWN = 8


class CornerGesture:
    """Watches pointer presses for the hidden gesture in the top-left corner."""

    def __init__(self, app: KioskApp) -> None:
        self.app = app
        self.down_at: float | None = None
        self.taps: list[float] = []

    def corner(self) -> pygame.Rect:
        side = max(48, int(self.app.unit * 9))
        return pygame.Rect(0, 0, side, side)

    def down(self, pos: tuple[int, int], now: float) -> bool:
        """A press at pos; True if it opened the PIN pad."""
        if not self.corner().collidepoint(pos):
            self.down_at = None
            return False
        self.down_at = now
        self.taps = [t for t in self.taps if now - t <= TAPS_WITHIN] + [now]
        if len(self.taps) >= TAPS:
            return self.open()
        return False

    def up(self) -> None:
        self.down_at = None

    def tick(self, now: float) -> None:
        if self.down_at is not None and now - self.down_at >= LONG_PRESS_SECONDS:
            self.open()

    def open(self) -> bool:
        self.down_at = None
        self.taps = []
        if isinstance(self.app.scene, (PinPadScene, AdminPanelScene)):
            return False
        self.app.cancel_press()  # the press that opened the pad must not also tap what lies below
        self.app.push(PinPadScene(self.app))
        return True


class PinLock:
    """Counts wrong PINs across pads (closing and reopening the pad does not reset it)."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.failures = 0  # wrong PINs since the last lock-out
        self.lockouts = 0  # lock-outs since the last right PIN
        self.until = float("-inf")

    def remaining(self) -> int:
        """Whole seconds of lock-out left; 0 when a PIN may be tried."""
        left = self.until - self.clock()
        return math.ceil(left) if left > 0 else 0

    def wrong(self) -> None:
        self.failures += 1
        log.warning("wrong admin PIN (%d of %d)", self.failures, MAX_PIN_FAILURES)
        if self.failures >= MAX_PIN_FAILURES:
            self.failures = 0
            self.lockouts += 1
            seconds = min(LOCKOUT_CAP, LOCKOUT_FIRST * 2 ** (self.lockouts - 1))
            self.until = self.clock() + seconds
            log.warning("admin PIN pad locked for %d s after %d wrong PINs (lock-out %d)", seconds, MAX_PIN_FAILURES, self.lockouts)

    def right(self) -> None:
        self.failures = 0
        self.lockouts = 0
        self.until = float("-inf")


class PinPadScene(Scene):
    wants_menu = False
    app: KioskApp

    def __init__(self, app: KioskApp) -> None:
        super().__init__(app)
        self.entry = ""
        self.message = ""
        self.shown_lock = -1

    @property
    def lock(self) -> PinLock:
        return self.app.pin_lock

    def update(self, now: float):
        left = self.lock.remaining()
        if left != self.shown_lock:  # the lock-out countdown, once a second
            self.shown_lock = left
            return True
        return None

    def key(self, event) -> bool:
        if pygame.K_0 <= event.key <= pygame.K_9:
            self.press(str(event.key - pygame.K_0))
        elif pygame.K_KP0 <= event.key <= pygame.K_KP9:
            self.press(str(event.key - pygame.K_KP0))
        elif event.key == pygame.K_BACKSPACE:
            self.entry = self.entry[:-1]
        elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.submit()
        else:
            return False
        return True

    def press(self, digit: str) -> None:
        if self.lock.remaining():
            return
        if len(self.entry) < 12:
            self.entry += digit
        self.message = ""

    def submit(self) -> None:
        app = self.app
        if self.lock.remaining():
            self.entry = ""
            return
        if check_pin(self.entry, app.config.admin_pin):
            self.lock.right()
            log.info("admin panel opened")
            app.replace(AdminPanelScene(app))
            return
        self.entry = ""
        self.message = app.t("admin_wrong_pin") if app.config.admin_pin else app.t("admin_no_pin")
        self.lock.wrong()

    def message_shown(self) -> str:
        locked = self.lock.remaining()
        return self.app.t("admin_locked", n=locked) if locked else (self.message or " ")

    def activate(self, b: Button) -> None:
        if b.id.startswith("digit:"):
            self.press(b.id[6:])
        elif b.id == "clear":
            self.entry = ""
        elif b.id == "ok":
            self.submit()
        elif b.id == "cancel":
            self.app.pop()

    def draw(self, p: Painter) -> None:
        app = self.app
        th = app.theme
        w, h = app.size
        u = app.unit
        p.surface.fill(th.bg)
        pad_w = min(int(w * 0.9), int(h * 0.62), int(u * 80))
        x0 = (w - pad_w) // 2
        top = int(u * 3)
        heading(self, p, app.t("admin_enter_pin"), pygame.Rect(x0, top, pad_w, int(u * 8)), size=4)
        shown = "● " * len(self.entry) if self.entry else " "
        p.text_box(
            shown.strip() or " ",
            pygame.Rect(x0, top + int(u * 9), pad_w, int(u * 7)),
            app.font_size(4),
            th.bg_text,
            align="center",
            valign="middle",
            where="pin dots",
        )
        p.text_box(
            self.message_shown(),
            pygame.Rect(x0, top + int(u * 16), pad_w, int(u * 6)),
            app.font_size(2.6),
            th.decline,
            bold=True,
            align="center",
            valign="middle",
            where="pin message",
            min_size=app.font_size(1.6),
        )
        grid_top = top + int(u * 23)
        gap = int(u * 1.5)
        bottom = h - int(u * 3)
        rows = 5  # four rows of keys and cancel
        cell_h = max(min_target(self), (bottom - grid_top - gap * (rows - 1)) // rows)
        cell_w = (pad_w - 2 * gap) // 3
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "ok"]
        for i, k in enumerate(keys):
            r, c = divmod(i, 3)
            rect = pygame.Rect(x0 + c * (cell_w + gap), grid_top + r * (cell_h + gap), cell_w, cell_h)
            if k == "clear":
                button(self, p, rect, "clear", app.t("admin_clear"), size=3)
            elif k == "ok":
                button(self, p, rect, "ok", app.t("admin_ok"), "primary", size=3.6)
            else:
                button(self, p, rect, f"digit:{k}", k, size=5)
        rect = pygame.Rect(x0, grid_top + 4 * (cell_h + gap), pad_w, cell_h)
        button(self, p, rect, "cancel", app.t("admin_cancel"), size=3)


class AdminPanelScene(Scene):
    wants_menu = False
    app: KioskApp

    def __init__(self, app: KioskApp) -> None:
        super().__init__(app)
        self.plays_today = plays_today(app.recorder)
        self.save_error: Problem | None = None

    # -- what is offered ------------------------------------------------------------------

    def all_ids(self) -> list[str]:
        return [s.id for s in self.app.library.ordered()]

    def offered_ids(self) -> list[str]:
        order = self.app.policy.base.scenario_order
        return [i for i in order if i in self.app.library.scenarios] if order else self.all_ids()

    def toggle_scenario(self, sid: str) -> None:
        cfg = self.app.config
        if sid in self.offered_ids():
            if len(self.offered_ids()) == 1:
                return  # a kiosk with no story would only show "no story could be loaded"
            cfg.scenarios_off.append(sid)
        else:
            cfg.scenarios_off = [i for i in cfg.scenarios_off if i != sid]
        offered = cfg.offered(self.all_ids())
        self.app.policy.offer(scenarios=offered)
        self.app.settings.scenario_order = list(offered)
        self.save()

    def toggle_language(self, lang: str) -> None:
        langs = list(self.app.policy.base.languages)
        if lang in langs:
            if len(langs) == 1:
                return
            langs.remove(lang)
        else:
            langs.append(lang)
        self.app.policy.offer(languages=langs)
        self.app.config.languages = langs
        self.app.settings.languages = list(langs)
        self.save()

    def change_volume(self, delta: float) -> None:
        cfg = self.app.config
        cfg.volume = round(min(1.0, max(0.0, cfg.volume + delta)), 2)
        audio = self.app.audio
        if audio is not None:
            try:
                audio.set_volume(cfg.volume)
            except Exception:  # noqa: BLE001
                pass
        self.save()

    def save(self) -> None:
        """Every change is saved at once: a panel left to time out loses nothing."""
        cfg = self.app.config
        if cfg.path is None:
            return
        try:
            cfg.save()
            self.save_error = None
        except OSError as err:
            log.warning("could not save the kiosk settings to %s: %s", cfg.path, err)
            self.save_error = Problem.make("cfg_save_failed", file=str(cfg.path), err=err.strerror or err)

    def activate(self, b: Button) -> None:
        app = self.app
        if b.id == "exit":
            log.info("admin: exit to desktop")
            app.running = False
        elif b.id == "close":
            app.policy.reset()
        elif b.id == "vol-":
            self.change_volume(-0.1)
        elif b.id == "vol+":
            self.change_volume(+0.1)
        elif b.id.startswith("lang:"):
            self.toggle_language(b.id[5:])
        elif b.id.startswith("sc:"):
            self.toggle_scenario(b.id[3:])

    # -- what is shown ----------------------------------------------------------------------

    def problems(self) -> list[str]:
        """What went wrong, in the panel's language (a scenario's own error stays as the validator says it)."""
        app = self.app
        lang = app.settings.lang
        lines: list[str] = []
        if self.save_error is not None:
            lines.append(self.save_error.text(lang))
        lines += store_lines(app.recorder, lang)
        for report in app.library.failed:
            errors = [pr for pr in report.problems if pr.is_error]
            if errors:
                more = f" (+{len(errors) - 1})" if len(errors) > 1 else ""
                first = errors[0]  # the file's name and line: the panel is small, and staff know the folders
                where = f"{Path(first.file).name}:{first.line}" if first.line else Path(first.file).name
                lines.append(app.t("admin_story_failed", problem=f"{where}: {first.code} {first.message}{more}"))
        lines += [problem_text(p, lang) for p in app.config.problems]
        if len(lines) > MAX_PROBLEMS_SHOWN:
            lines = lines[:MAX_PROBLEMS_SHOWN] + [f"… +{len(lines) - MAX_PROBLEMS_SHOWN}"]
        return lines

    def draw(self, p: Painter) -> None:
        app = self.app
        th = app.theme
        w, h = app.size
        u = app.unit
        p.surface.fill(th.bg)
        m = int(u * 3)
        gap = int(u * 1.5)
        bh = max(min_target(self), int(u * 8))
        heading(self, p, app.t("admin_title"), pygame.Rect(m, m, w - 2 * m, int(u * 7)), size=4)
        body_top = m + int(u * 8)
        if landscape(app.size):
            left = pygame.Rect(m, body_top, (w - 3 * m) // 2, h - body_top - m)
            right = pygame.Rect(left.right + m, body_top, left.width, left.height)
        else:
            left = pygame.Rect(m, body_top, w - 2 * m, int((h - body_top - m) * 0.42))
            right = pygame.Rect(m, left.bottom + m, w - 2 * m, h - left.bottom - 2 * m)
        # Left: the figures and the controls.
        y = left.y
        plays = app.t("admin_plays_today", n=self.plays_today) if self.plays_today is not None else app.t("admin_plays_unknown")
        p.text_box(
            plays,
            pygame.Rect(left.x, y, left.width, int(u * 5)),
            app.font_size(2.8),
            th.bg_text,
            bold=True,
            valign="middle",
            where="admin plays",
        )
        y += int(u * 5) + gap
        third = (left.width - 2 * gap) // 3
        button(self, p, pygame.Rect(left.x, y, third, bh), "vol-", "−", size=4)
        p.text_box(
            app.t("admin_volume", n=int(round(app.config.volume * 100))),
            pygame.Rect(left.x + third + gap, y, third, bh),
            app.font_size(2.6),
            th.bg_text,
            align="center",
            valign="middle",
            where="admin volume",
        )
        button(self, p, pygame.Rect(left.x + 2 * (third + gap), y, third, bh), "vol+", "+", size=4)
        y += bh + gap
        p.text_box(
            app.t("admin_languages"),
            pygame.Rect(left.x, y, left.width, int(u * 4.5)),
            app.font_size(2.4),
            th.bg_muted,
            valign="middle",
            where="admin languages",
        )
        y += int(u * 4.5)
        langs = app.policy.base.languages
        # Every shipped language, three to a row at most, so a name like "Bahasa Indonesia" fits its button.
        cols = min(3, len(LANGUAGES))
        lw = (left.width - gap * (cols - 1)) // cols
        rects = [pygame.Rect(left.x + (i % cols) * (lw + gap), y + (i // cols) * (bh + gap), lw, bh) for i in range(len(LANGUAGES))]
        labels = [f"{'✓' if code in langs else '✗'} {name}" for code, name in LANGUAGES.items()]
        fs = row_type_size(self, p, list(zip(rects, labels, strict=True)), 2.6, least=0.5)
        for rect, label, code in zip(rects, labels, LANGUAGES, strict=True):
            on = code in langs
            button(self, p, rect, f"lang:{code}", label, "accept" if on else "secondary", type_px=fs)
        y = rects[-1].bottom + gap
        rest = left.bottom - y
        row = min(bh, max(min_target(self), (rest - gap) // 2))
        button(
            self, p, pygame.Rect(left.x, left.bottom - 2 * row - gap, left.width, row), "close", app.t("admin_close"), "primary", size=2.8
        )
        button(self, p, pygame.Rect(left.x, left.bottom - row, left.width, row), "exit", app.t("admin_exit"), "decline", size=2.8)
        # Right: the stories offered, then what went wrong.
        y = right.y
        p.text_box(
            app.t("admin_scenarios"),
            pygame.Rect(right.x, y, right.width, int(u * 4.5)),
            app.font_size(2.4),
            th.bg_muted,
            valign="middle",
            where="admin scenarios",
        )
        y += int(u * 4.5)
        offered = set(self.offered_ids())
        ids = self.all_ids()
        probs_h = int(right.height * 0.34)
        area_h = right.bottom - probs_h - gap - y
        row = max(min_target(self), min(bh, (area_h - gap * max(0, len(ids) - 1)) // max(1, len(ids))))
        for sid in ids:
            on = sid in offered
            sc = app.library.scenarios[sid]
            button(
                self,
                p,
                pygame.Rect(right.x, y, right.width, row),
                f"sc:{sid}",
                f"{'✓' if on else '✗'} {sc.title.get(app.settings.lang)}",
                "accept" if on else "secondary",
                size=2.4,
            )
            y += row + gap
        problems = self.problems()
        text = app.t("admin_problems") + "\n" + ("\n".join(problems) if problems else app.t("admin_none"))
        top = max(y, right.bottom - probs_h)
        p.text_box(
            text,
            pygame.Rect(right.x, top, right.width, right.bottom - top),
            app.font_size(1.9),
            th.bg_text,
            where="admin problems",
            min_size=10,
        )


def plays_today(recorder) -> int | None:
    fn = getattr(recorder, "plays_today", None)
    if fn is None:
        return None
    try:
        return int(fn())
    except Exception:  # noqa: BLE001 - the record store is optional and may be broken
        log.exception("plays_today failed")
        return None


def store_lines(recorder, lang: str) -> list[str]:
    """The play record's state for the panel: a fault not yet healed (what, since when), faults healed today."""
    from ..core.strings import ui

    lines: list[str] = []
    fault = getattr(recorder, "fault", None)
    if fault is not None:
        lines.append(ui("admin_store_fault", lang, what=ui(f"store_{fault.kind}", lang), since=_local_time(fault.since), n=fault.held))
    for old in getattr(recorder, "healed", None) or []:
        lines.append(
            ui("admin_store_healed", lang, what=ui(f"store_{old.kind}", lang), since=_local_time(old.since), until=_local_time(old.until))
        )
    warnings = list(getattr(recorder, "warnings", None) or [])
    if not hasattr(recorder, "fault"):
        lines += [str(w) for w in warnings]  # a recorder without fault states says it as it can
    elif warnings:
        lines.append(ui("admin_store_log", lang, n=len(warnings)))
    return lines


def _local_time(when) -> str:
    try:
        return when.astimezone().strftime("%H:%M")
    except (AttributeError, ValueError, OSError):
        return str(when)
