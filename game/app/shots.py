"""Every screen of the game, set up one after another: for screenshots and for the overflow test.

`iter_screens` puts the app on each screen in turn (title, picker, both pages of the
Esc menu, every step of every scenario with its choices showing, every ending, the
debrief pages, the summary, the takeaway) and yields a readable name. `python main.py shots --out DIR` saves each as a
PNG; the tests draw each and assert that no text overflowed its box.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator

from ..core import model as m
from ..core.debrief import build_debrief
from ..core.library import load_library
from ..core.playthrough import Made, Playthrough
from ..core.strings import LANGUAGES
from ..session import Session
from .app import App, Settings

SIZES = [(1920, 1080), (1366, 768), (1080, 1920), (1024, 768)]


def first_route(sc: m.Scenario, limit: int = 60) -> Playthrough:
    """A play that always takes the last visible choice (usually the riskiest), to an ending."""
    play = Playthrough(sc)
    for _ in range(limit):
        if play.finished:
            break
        play.choose(len(play.visible_choices()) - 1)
    return play


def every_choice_play(sc: m.Scenario) -> Playthrough:
    """Not a real path: a history holding every choice of every step, so a debrief shows them all."""
    play = Playthrough(sc)
    play.history = [Made(s.id, c.index, c.safety, 3.0) for s in sc.steps.values() for c in s.choices]
    play.current = next(iter(sc.endings))
    return play


def came_from(sc: m.Scenario, step: m.Step, lang: str) -> tuple[m.Step, m.Choice] | None:
    """A step of the same chat or call that leads to this one, so a shot shows it as played:
    a chat's thread (a quoted reply first), a call going on (never a reply that hung up)."""
    from .scenes.phone import sent_message

    if step.channel not in ("chat", "sms", "call", "video_call"):
        return None
    found = None
    for prev in sc.steps.values():
        if prev is step or prev.channel != step.channel or prev.speaker != step.speaker:
            continue
        for choice in prev.choices:
            if choice.next == step.id and not choice.hang_up:
                if step.channel in ("call", "video_call") or sent_message(prev, choice, lang):
                    return prev, choice
                found = found or (prev, choice)
    return found


PROJECTOR_SIZES = [(1920, 1080), (1366, 768), (1024, 768)]  # 16:9 and the 4:3 projectors schools still have


def iter_screens(app: App, scenarios: list[m.Scenario], all_debrief_items: bool = False) -> Iterator[str]:
    from .flow import Visit
    from .scenes.debrief import DebriefScene
    from .scenes.menu import MenuScene
    from .scenes.picker import PickerScene
    from .scenes.play import PlayScene
    from .scenes.takeaway import TakeawayScene
    from .scenes.title import TitleScene

    lang = app.settings.lang
    after = Visit()  # the takeaway follows the last story shown (its lesson on it)
    app.reset_to(TitleScene(app))
    yield "00-title"
    app.reset_to(PickerScene(app))
    yield "01-picker"
    menu = MenuScene(app)
    app.push(menu)
    yield "02-menu"
    menu.page = "display"
    yield "03-menu-display"
    for sc in scenarios:
        if lang not in sc.languages:
            continue
        for n, step in enumerate(sc.steps.values()):
            session = Session(sc, app.library.catalogue, lang, "shots", None, clock=app.clock)
            session.play.current = step.id
            scene = PlayScene(app, session)
            came = came_from(sc, step, lang)
            if came is not None:
                scene.last_step, scene.last_made = came[0], (came[1], came[0])
                scene.begin_step()
            app.reset_to(scene)
            if scene.phase in ("ringing", "dialling"):
                yield f"{sc.id}/{n:02d}-{step.id}-{scene.phase}"
                scene.start_revealing(app.clock())
            scene.reveal_all()
            yield f"{sc.id}/{n:02d}-{step.id}"
        for ending in sc.endings.values():
            session = Session(sc, app.library.catalogue, lang, "shots", None, clock=app.clock)
            session.play.current = ending.id
            app.reset_to(PlayScene(app, session))
            yield f"{sc.id}/end-{ending.id}"
        play = every_choice_play(sc) if all_debrief_items else first_route(sc)
        debrief = build_debrief(play, app.library.catalogue, lang)
        after = Visit(scenario=sc, debrief=debrief)
        pages = DebriefScene(app, debrief)
        app.reset_to(pages)
        for page in range(pages.pages):
            pages.page = page
            yield f"{sc.id}/debrief-{page:02d}"
    from .scenes.practice import iter_practice_screens

    yield from iter_practice_screens(app, scenarios[0] if scenarios else None)
    # The takeaway as this app's flow makes it (the kiosk's has one "finish" button).
    takeaway = app.flow.make(app, "takeaway", after) if "takeaway" in app.flow.names else None
    app.reset_to(takeaway or TakeawayScene(app, after.debrief))
    yield "99-takeaway"


def shots_command(args: argparse.Namespace) -> int:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame

    library = load_library()
    scenarios = library.ordered()
    if args.scenario:
        scenarios = [s for s in scenarios if s.id == args.scenario]
        if not scenarios:
            print(f"no scenario '{args.scenario}'", file=sys.stderr)
            return 2
    projector = bool(getattr(args, "projector", False))
    sizes = [args.size] if args.size else (PROJECTOR_SIZES if projector else SIZES)
    langs = [args.lang] if args.lang else list(LANGUAGES)
    count = 0
    overflows = 0
    for size in sizes:
        for lang in langs:
            app: App
            if projector:  # the trainer's screens: same stories, the room's vote beside them
                from ..facilitate.flow import facilitator_flow
                from ..facilitate.projector import ProjectorApp, RoomSetup
                from ..facilitate.shots import iter_projector_screens
                from ..facilitate.votes import VoteRoom

                settings = Settings(lang=lang, text_size=args.text_size, theme=args.theme, reduced_motion=True, muted=True)
                setup = RoomSetup(VoteRoom(code="K7MX", lang=lang), join_url="http://192.168.1.20:8000/?r=K7MX")
                app = ProjectorApp(library, settings, setup, None, flow=facilitator_flow(), size=size, audio=False)
                screens = iter_projector_screens(app, scenarios)
            else:
                settings = Settings(
                    lang=lang,
                    text_size=args.text_size,
                    theme=args.theme,
                    reduced_motion=True,
                    muted=True,
                    mode="classroom",
                    takeaway_url=getattr(args, "takeaway_url", None),
                )
                app = App(library, settings, None, size=size, audio=False)
                screens = iter_screens(app, scenarios)
            folder = args.out / f"{size[0]}x{size[1]}" / lang
            for name in screens:
                app.draw()
                path = folder / f"{name}.png"
                path.parent.mkdir(parents=True, exist_ok=True)
                pygame.image.save(app.screen, str(path))
                count += 1
                for o in app.last_overflows:
                    overflows += 1
                    print(f"overflow: {path}: {o.where}: {o.text!r}", file=sys.stderr)
    print(f"{count} screenshots in {args.out} ({overflows} overflowing text boxes)")
    return 0 if not overflows else 1
