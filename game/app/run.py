"""`python main.py` / `play`: the classroom game in a window, mouse and keyboard."""

from __future__ import annotations

import argparse
import os
import sys

from ..core.library import load_library
from .app import App, Settings


def settings_from(args: argparse.Namespace, mode: str) -> Settings:
    return Settings(
        lang=args.lang or "vi",
        text_size=args.text_size,
        theme=args.theme,
        reduced_motion=args.reduced_motion,
        muted=args.mute,
        mode=mode,
        scenario=args.scenario,
    )


def window_size(requested: tuple[int, int] | None) -> tuple[int, int]:
    if requested:
        return requested
    import pygame

    pygame.display.init()
    info = pygame.display.Info()
    if info.current_w >= 1400 and info.current_h >= 900:
        return 1280, 800
    return 1024, 768


def first_scene(app: App, lang_given: bool):
    from .scenes.title import TitleScene

    app.push(TitleScene(app))
    if lang_given:
        from .scenes.picker import start_after_language

        start_after_language(app)


def play_command(args: argparse.Namespace) -> int:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    library = load_library()
    for report in library.failed:
        for problem in report.problems:
            if problem.is_error:
                print(problem.format(), file=sys.stderr)
    from ..commands import open_recorder

    recorder = None if getattr(args, "no_record", False) else open_recorder(args.data_dir)
    app = App(library, settings_from(args, "classroom"), recorder, size=window_size(args.size))
    first_scene(app, bool(args.lang))
    try:
        app.run()
    finally:
        if recorder is not None:
            recorder.close()
    return 0
