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
from .config import KioskConfig, Problem, default_path, load_config
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


_fault_file = None


def enable_faulthandler(log_path: Path | None) -> None:
    """A watchdog kill (systemd sends SIGABRT) or a crash in C leaves the Python stack in logs/faults.log."""
    global _fault_file
    import faulthandler

    if log_path is None:
        faulthandler.enable()
        return
    try:
        _fault_file = open(log_path.with_name("faults.log"), "a", encoding="utf-8")  # noqa: SIM115 - open for the whole run
        faulthandler.enable(_fault_file)
    except OSError:
        faulthandler.enable()


def kiosk_settings(config: KioskConfig, library: Library, lang: str | None = None, **extra) -> Settings:
    """The settings every visitor starts with: what the config offers, in its order."""
    all_ids = [s.id for s in library.ordered()]
    offered = config.offered(all_ids)
    missing = config.unknown_ids(all_ids)
    if missing:
        config.problems.append(Problem.make("cfg_missing_ids", ids=", ".join(missing)))
    if not offered:
        config.problems.append(Problem.make("cfg_none_offered"))
        offered = all_ids
    languages = list(config.languages)
    extra.setdefault("takeaway_url", config.takeaway_url)  # the command line's --takeaway-url wins over the file
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

    from ..app.painter import TextCache
    from ..app.shots import iter_screens
    from .policy import release_memory

    lang = app.settings.lang
    offered = app.library.ordered(app.settings.scenario_order or None)
    scratch = pygame.Surface(app.size)
    for language in app.settings.languages:
        app.settings.lang = language
        for _ in iter_screens(app, offered):
            app.draw(scratch)
            # Only the scaled pictures are worth keeping. The text of every screen in every
            # language is quick to render again and, kept, would be held until the first
            # reset (well over 100 MB on a large screen): dropped screen by screen, the
            # kiosk is at its all-day size from the first minute, start-up included.
            app.cache = TextCache()
    app.settings.lang = lang
    app.stack.clear()
    del scratch
    release_memory()


HEADLESS_DRIVERS = ("offscreen", "dummy")
NO_DISPLAY_EXIT = 3  # non-zero, so systemd or the supervisor tries again a few seconds later


def no_display_problem(driver: str | None, error: str | None, environ=os.environ) -> str | None:
    """Why the kiosk would not be seen, or None when a real display is open.

    SDL falls back to its offscreen driver when no display can be opened: the kiosk
    would run all day where nobody sees it. A driver chosen on purpose in
    SDL_VIDEODRIVER (tests, `dummy`) is allowed.
    """
    chosen = [d.strip().lower() for d in environ.get("SDL_VIDEODRIVER", "").split(",") if d.strip()]
    if error is None and driver is not None and (driver not in HEADLESS_DRIVERS or driver in chosen):
        return None
    tried = ", ".join(
        f"{name}={environ[name]!r}" if environ.get(name) else f"{name} unset" for name in ("DISPLAY", "WAYLAND_DISPLAY", "XAUTHORITY")
    )
    what = f"SDL could not open one ({error})" if error else f"SDL fell back to its {driver!r} driver"
    return (
        f"kiosk: no screen to show on: {what}; tried {tried}. Check that the graphical session is running and that "
        "this service gets its DISPLAY (or WAYLAND_DISPLAY) and XAUTHORITY (docs/kiosk.md); to run without a screen on purpose, "
        "set SDL_VIDEODRIVER=dummy"
    )


def open_display() -> str | None:
    """Start SDL's video; the problem (one line) if what opened is not a screen anyone sees."""
    import pygame

    try:
        pygame.display.init()
    except pygame.error as err:
        return no_display_problem(None, str(err))
    return no_display_problem(pygame.display.get_driver(), None)


def kiosk_command(args: argparse.Namespace) -> int:
    if getattr(args, "action", None) == "install-service":
        from .service import install_service

        return install_service(args.data_dir, args.config)
    if getattr(args, "supervise", False):
        from .supervise import supervise_command

        return supervise_command(child_argv(args), args.data_dir)
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    # The cheapest way to the screen: SDL's software framebuffer, not an OpenGL one. With
    # Mesa's software OpenGL (no GPU driver, a VM, Xvfb) the OpenGL path costs several
    # times the CPU for the same picture. Set before the display starts.
    os.environ.setdefault("SDL_FRAMEBUFFER_ACCELERATION", "0")
    # Fullscreen must stay up when a notification steals focus; touch is handled as touch.
    os.environ.setdefault("SDL_VIDEO_MINIMIZE_ON_FOCUS_LOSS", "0")
    os.environ.setdefault("SDL_MOUSE_TOUCH_EVENTS", "0")
    os.environ.setdefault("SDL_TOUCH_MOUSE_EVENTS", "1")
    # SDL would turn SIGTERM into a window-manager quit, which the kiosk ignores: then
    # `systemctl stop` could not stop it. SIGTERM is handled below instead.
    os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")
    log_path = setup_logging(args.data_dir)
    enable_faulthandler(log_path)
    unseen = open_display()  # first: a kiosk nobody can see stops within seconds
    if unseen is not None:
        log.error("%s", unseen)
        print(unseen, file=sys.stderr)
        return NO_DISPLAY_EXIT
    config = load_config(args.config or default_path(args.data_dir))
    for note in config.problems:
        log.warning(note)
        print(note, file=sys.stderr)

    from ..core.library import load_library

    library = load_library()
    for report in library.failed:
        for diagnostic in report.problems:
            if diagnostic.is_error:
                log.warning("scenario skipped: %s", diagnostic.format())
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
        takeaway_url=getattr(args, "takeaway_url", None) or config.takeaway_url,
    )

    import pygame

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


def child_argv(args: argparse.Namespace) -> list[str]:
    """The kiosk's own options again, for the child a supervisor runs."""
    argv: list[str] = []
    for flag, name in (
        ("--data-dir", "data_dir"),
        ("--config", "config"),
        ("--lang", "lang"),
        ("--scenario", "scenario"),
        ("--takeaway-url", "takeaway_url"),
    ):
        value = getattr(args, name, None)
        if value is not None:
            argv += [flag, str(value)]
    if getattr(args, "size", None):
        argv += ["--size", f"{args.size[0]}x{args.size[1]}"]
    for flag, name, default in (("--text-size", "text_size", "normal"), ("--theme", "theme", "default")):
        value = getattr(args, name, default)
        if value != default:
            argv += [flag, str(value)]
    for flag, name in (
        ("--reduced-motion", "reduced_motion"),
        ("--mute", "mute"),
        ("--read-aloud", "read_aloud"),
        ("--windowed", "windowed"),
    ):
        if getattr(args, name, False):
            argv.append(flag)
    return argv


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
