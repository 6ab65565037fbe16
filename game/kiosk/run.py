"""`python main.py kiosk`: the touchscreen kiosk, fullscreen, unattended from opening to closing.

Reads the kiosk settings (docs/kiosk.md), opens the play record, sets up the rotating
log in the data folder, asks SDL for a fullscreen window on the chosen display with the
cursor hidden and the screen saver held off, and starts at the attract loop.
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import sys
from pathlib import Path
from typing import Any

from ..app.app import Settings
from ..core.library import Library
from ..session import Recorder
from .config import KioskConfig, default_path, load_config
from .kioskapp import KioskApp

log = logging.getLogger("game.kiosk")

LOG_BYTES = 1_000_000
LOG_BACKUPS = 5
WINDOW = {"landscape": (1024, 768), "portrait": (600, 960), "auto": (1024, 768)}


def setup_logging(data_dir: Path | None) -> Path | None:
    """Log to data_dir/logs/kiosk.log (rotated: at most ~6 MB on disk); stderr if that is impossible."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    if data_dir is not None:
        try:
            folder = Path(data_dir) / "logs"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / "kiosk.log"
            handler = logging.handlers.RotatingFileHandler(path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
            handler.setFormatter(fmt)
            root.addHandler(handler)
            return path
        except OSError as err:
            print(f"note: cannot write the kiosk log in {data_dir} ({err}); logging to the terminal", file=sys.stderr)
    stream = logging.StreamHandler()
    stream.setFormatter(fmt)
    root.addHandler(stream)
    return None


def kiosk_settings(config: KioskConfig, library: Library, lang: str | None = None, **extra) -> Settings:
    """The settings every visitor starts with: what the config offers, in its order."""
    offered = [i for i in config.scenarios if i in library.scenarios]
    missing = [i for i in config.scenarios if i not in library.scenarios]
    if missing:
        config.problems.append(f"scenarios not found (or failed to load), left out: {', '.join(missing)}")
    if config.scenarios and not offered:
        config.problems.append("none of the configured scenarios is available; offering all")
    languages = list(config.languages)
    return Settings(lang=lang if lang in languages else languages[0], mode="kiosk", scenario_order=offered, languages=languages, **extra)


def build_kiosk(
    library: Library,
    config: KioskConfig,
    recorder: Recorder | None = None,
    settings: Settings | None = None,
    *,
    predraw: bool = True,
    **app_kwargs: Any,
) -> KioskApp:
    """The kiosk app at its attract loop (used by the command, the tests and the benchmark).

    `predraw=False` skips drawing every screen once before the first visitor (`prewarm`):
    only for tests that are not about it, which then start in a fraction of the time.
    """
    app = KioskApp(library, settings or kiosk_settings(config, library), config, recorder, **app_kwargs)
    if predraw:
        prewarm(app)
    app.start()
    return app


def prewarm(app: KioskApp) -> None:
    """Draw every screen once, off screen, before the first visitor.

    The pictures are scaled to this screen's size once and kept, so memory is spent
    at start rather than creeping up over the day, and no visitor waits for a first
    scaling. A kiosk's screen size does not change, so this holds all day.
    """
    import pygame

    from ..app.shots import iter_screens

    lang = app.settings.lang
    offered = app.library.ordered(app.settings.scenario_order or None)
    scratch = pygame.Surface(app.size)
    for language in app.settings.languages:
        app.settings.lang = language
        for _ in iter_screens(app, offered):
            app.draw(scratch)
    app.settings.lang = lang
    app.stack.clear()


def kiosk_command(args: argparse.Namespace) -> int:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    # Fullscreen must stay up when a notification steals focus; touch is handled as touch.
    os.environ.setdefault("SDL_VIDEO_MINIMIZE_ON_FOCUS_LOSS", "0")
    os.environ.setdefault("SDL_MOUSE_TOUCH_EVENTS", "0")
    os.environ.setdefault("SDL_TOUCH_MOUSE_EVENTS", "1")
    # SDL would turn SIGTERM into a window-manager quit, which the kiosk ignores: then
    # `systemctl stop` could not stop it. SIGTERM is handled below instead.
    os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")
    log_path = setup_logging(args.data_dir)
    config = load_config(args.config or default_path(args.data_dir))
    for note in config.problems:
        log.warning(note)
        print(note, file=sys.stderr)

    from ..core.library import load_library

    library = load_library()
    for report in library.failed:
        for problem in report.problems:
            if problem.is_error:
                log.warning("scenario skipped: %s", problem.format())
    from ..commands import open_recorder

    recorder = open_recorder(args.data_dir)
    settings = kiosk_settings(
        config,
        library,
        args.lang,
        text_size=args.text_size,
        theme=args.theme,
        reduced_motion=args.reduced_motion,
        muted=args.mute,
        scenario=args.scenario,
        read_aloud=getattr(args, "read_aloud", False),
    )

    import pygame

    pygame.display.init()
    pygame.display.set_allow_screensaver(False)
    display = config.display
    if display >= pygame.display.get_num_displays():
        log.warning("display %d does not exist; using display 0", display)
        display = 0
    windowed = bool(args.windowed)
    size = args.size or WINDOW[config.orientation]
    app = build_kiosk(library, config, recorder, settings, size=size, fullscreen=not windowed, display=display)
    if not windowed:
        pygame.mouse.set_visible(False)
    w, h = app.size
    shape = "landscape" if w >= h else "portrait"
    if config.orientation != "auto" and config.orientation != shape:
        log.warning(
            "the screen is %dx%d (%s) but the settings ask for %s: rotate the display in the system settings",
            w,
            h,
            shape,
            config.orientation,
        )
    log.info("kiosk started: %dx%d on display %d, log %s", w, h, display, log_path)

    def stop(signum, frame) -> None:  # systemctl stop / shutdown: close the play as abandoned and exit
        log.info("stopped by signal %d", signum)
        app.running = False

    import signal

    signal.signal(signal.SIGTERM, stop)
    sender = _start_sending(config, args.data_dir, library)
    app.run()
    if sender is not None:
        sender.stop()
    log.info("kiosk stopped")
    return 0


def _start_sending(config: KioskConfig, data_dir, library: Library):
    """Send plays to the campaign's LRS from a background thread, when the settings name one."""
    if not config.lrs:
        return None
    from ..record.outbox import library_titles
    from ..record.schema import FILE_NAME
    from ..record.sender import start_for_kiosk

    titles = library_titles(library)
    log.info("sending plays to %s every %s minutes", config.lrs["url"], config.lrs["every_minutes"])
    return start_for_kiosk(config.lrs, Path(data_dir) / FILE_NAME, titles)
