"""`python main.py` / `play`: the classroom game in a window, mouse and keyboard."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from ..core.library import load_library
from .app import App, Settings

if TYPE_CHECKING:  # argparse is only a type here; importing it would cost the first frame a few ms
    import argparse


def settings_from(args: argparse.Namespace, mode: str) -> Settings:
    return Settings(
        lang=args.lang or "vi",
        text_size=args.text_size,
        theme=args.theme,
        reduced_motion=args.reduced_motion,
        read_aloud=getattr(args, "read_aloud", False),
        muted=args.mute,
        mode=mode,
        scenario=args.scenario,
        practice=not getattr(args, "no_practice", False),
        measure=False if getattr(args, "no_measure", False) else None,
        takeaway_url=getattr(args, "takeaway_url", None),
        card_dir=getattr(args, "card_dir", None) or (args.data_dir / "cards" if getattr(args, "data_dir", None) else None),
    )


def window_size(requested: tuple[int, int] | None) -> tuple[int, int]:
    """The window: the size asked for, else the display's own shape (16:9 on most laptops) a little smaller.

    A fixed 4:3 window left a 16:9 screen with bars on both sides; every screen lays itself
    out from the window's size, so a window the display's shape fills it when maximised.
    """
    if requested:
        return requested
    import pygame

    pygame.display.init()
    info = pygame.display.Info()
    return fitted_window((info.current_w, info.current_h))


def fitted_window(display: tuple[int, int], share: float = 0.9) -> tuple[int, int]:
    """A window `share` of the display, the display's shape, room left for a title bar and a taskbar."""
    dw, dh = display
    if dw < 640 or dh < 480:  # unknown (no display yet) or tiny: the smallest size every screen is drawn for
        return 1024, 768
    return int(dw * share), int(dh * share)


def first_scene(app: App, lang_given: bool) -> None:
    """Start the app's flow at its title; with the language given (--lang), go straight past it."""
    app.flow.start(app)
    if lang_given:
        app.scene.finish()


def play_command(args: argparse.Namespace) -> int:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    library = load_library()
    for report in library.failed:
        for problem in report.problems:
            if problem.is_error:
                print(problem.format(), file=sys.stderr)
    record = not getattr(args, "no_record", False)
    app = App(library, settings_from(args, "classroom"), None, size=window_size(args.size))
    store = None
    if record and args.lang:  # --lang can go straight into a play (--scenario): record it from its start
        app.recorder = store = _open_recorder(args)
        record = False
    first_scene(app, bool(args.lang))
    if record:
        # Only the title screen is up, and no play starts before a language is tapped: show
        # it first, then open the play record (sqlite and the session code, some 25 ms).
        app.frame()
        app.recorder = store = _open_recorder(args)
    try:
        app.run()
    finally:
        if store is not None:
            store.close()
    return 0


def _open_recorder(args: argparse.Namespace):
    from ..commands import open_recorder

    return open_recorder(args.data_dir)
