"""One place decides the next screen: each mode's flow, and a screen added to it in one line.

Every test drives the real app with posted input events, from the first screen (the
title, or the kiosk's attract loop) to the end of a visit, and watches which screens
came up in which order.
"""

from __future__ import annotations

import argparse

import pygame
import pytest
from apphelp import FakeClock, button, click, key, make_app, tap
from kioskhelp import make_kiosk

from game.app.flow import Flow, FlowError, Station, Visit
from game.app.flows import classroom_flow
from game.app.painter import Painter
from game.app.scene import Button, Scene
from game.core.strings import LANGUAGES
from game.facilitate.flow import facilitator_flow
from game.facilitate.run import build_projector
from game.facilitate.votes import VoteRoom
from game.kiosk.flow import kiosk_flow

SCENARIO = "fake-police-call"


class PracticeScene(Scene):
    """A stand-in for a screen another issue adds (a practice round): shows the story just played, one button."""

    log: list[str] = []

    def __init__(self, app, visit: Visit) -> None:
        super().__init__(app)
        assert visit.scenario is not None and visit.debrief is not None, "a screen after the debrief gets the story and its debrief"
        self.story = visit.scenario.id

    def enter(self) -> None:
        self.log.append("enter")

    def leave(self) -> None:
        self.log.append("leave")

    def draw(self, p: Painter) -> None:
        p.surface.fill(self.app.theme.bg)
        w, h = self.app.size
        self.add(Button("practice-done", pygame.Rect(w // 4, h // 3, w // 2, h // 4), "Done", "primary"))

    def activate(self, b: Button) -> None:
        if b.id == "practice-done":
            self.finish()


PRACTICE = Station("practice", PracticeScene)


def record(app, seen: list[str]) -> None:
    """Note the station on screen whenever it changes."""
    name = app.scene.station or app.scene.name
    if not seen or seen[-1] != name:
        seen.append(name)


def play_to_the_end(app, press, seen: list[str], limit: int = 300) -> None:
    """Through a classroom/kiosk play: answer, show all, the first reply, the debrief's pages."""
    for _ in range(limit):
        record(app, seen)
        scene = app.scene
        if scene.station != "play":
            return
        if scene.phase == "ringing":
            press(app, button(app, "accept"))
        elif scene.phase == "revealing":
            press(app, button(app, "phone"))
        elif scene.phase == "choosing":
            press(app, scene.choice_buttons()[0])
        else:
            press(app, button(app, "debrief"))
    raise AssertionError(f"the play did not end: {seen}")


def turn_pages(app, press, seen: list[str]) -> None:
    record(app, seen)
    while app.scene.station == "debrief":
        press(app, button(app, "next"))
    record(app, seen)


# -- the flows as declared ------------------------------------------------------------------------


def test_each_mode_declares_its_screens_in_order() -> None:
    # measure_before, practice and measure_after: the practice round and the before/after measure (docs/practice.md)
    assert classroom_flow().names == ["title", "picker", "measure_before", "play", "debrief", "practice_round", "measure_after", "takeaway"]
    assert kiosk_flow(at_end=lambda app: None).names == [
        "attract",
        "title",
        "picker",
        "measure_before",
        "play",
        "debrief",
        "practice_round",
        "measure_after",
        "takeaway",
    ]
    assert facilitator_flow().names == ["title", "picker", "measure_before", "play", "practice_round", "measure_after", "summary"]


def test_a_way_the_flow_does_not_know_is_a_clear_error(library) -> None:
    app, _ = make_app(library)
    with pytest.raises(FlowError, match="no way on from 'title' for 'sideways'"):
        app.scene.finish("sideways")
    with pytest.raises(FlowError, match="has no station 'nowhere' .*title, picker"):
        app.flow.insert_after("nowhere", PRACTICE)
    with pytest.raises(FlowError, match="does not hold"):
        app.scene.finish(colour="blue")


# -- a screen added between the debrief and the takeaway, one line per mode -------------------------


def test_classroom_a_practice_screen_between_debrief_and_takeaway(library) -> None:
    PracticeScene.log = []
    app, _ = make_app(library)
    app.flow.insert_after("debrief", PRACTICE)  # the one line
    seen: list[str] = []
    record(app, seen)
    click(app, button(app, "lang:en"))
    record(app, seen)
    click(app, button(app, f"scenario:{SCENARIO}"))
    play_to_the_end(app, click, seen)
    turn_pages(app, click, seen)
    assert app.scene.story == SCENARIO
    click(app, button(app, "practice-done"))
    record(app, seen)
    assert {b.id for b in app.scene.buttons} >= {"again", "other"}
    click(app, button(app, "again"))  # play again: straight into the same story
    record(app, seen)
    assert app.scene.session.scenario.id == SCENARIO
    assert seen == ["title", "picker", "play", "debrief", "practice", "takeaway", "play"]
    assert PracticeScene.log == ["enter", "leave"]


def test_classroom_another_story_goes_back_to_the_picker(library) -> None:
    app, _ = make_app(library, lang="en", scenario=SCENARIO, lang_given=True)
    seen: list[str] = []
    play_to_the_end(app, click, seen)  # --scenario: the picker is passed the first time
    turn_pages(app, click, seen)
    click(app, button(app, "other"))
    record(app, seen)
    assert seen == ["play", "debrief", "takeaway", "picker"]


def test_kiosk_a_practice_screen_between_debrief_and_takeaway(library) -> None:
    PracticeScene.log = []
    app, _ = make_kiosk(library)
    app.flow.insert_after("debrief", PRACTICE)  # the one line
    seen: list[str] = []
    record(app, seen)
    tap(app, button(app, "start"))
    record(app, seen)
    tap(app, button(app, "lang:en"))
    record(app, seen)
    tap(app, button(app, f"scenario:{SCENARIO}"))
    play_to_the_end(app, tap, seen)
    turn_pages(app, tap, seen)
    tap(app, button(app, "practice-done"))
    record(app, seen)
    assert [b.id for b in app.scene.buttons] == ["finish"]
    tap(app, button(app, "finish"))
    record(app, seen)
    assert seen == ["attract", "title", "picker", "play", "debrief", "practice", "takeaway", "attract"]
    assert app.flow.visit.scenario is None and app.policy.resets == 1  # the next visitor starts afresh


def test_facilitator_a_practice_screen_after_the_rooms_summary(library, tmp_path) -> None:
    PracticeScene.log = []
    args = argparse.Namespace(
        lang="en",
        scenario=SCENARIO,
        data_dir=tmp_path,
        size=(1280, 720),
        text_size="large",
        theme="default",
        reduced_motion=True,
        mute=True,
        windowed=True,
        live_results=False,
        no_practice=True,  # the real practice round is off here: this test is about a screen added in one line
    )
    app = build_projector(args, clock=FakeClock(), audio=False, room=VoteRoom(code="K7MX", lang="en"))
    app.flow.insert_after("summary", PRACTICE)  # the one line
    pygame.event.clear()
    app.frame()
    seen: list[str] = []
    for _ in range(300):  # the trainer's clicker: Page Down, and "1" to pick the first reply without a vote
        record(app, seen)
        scene = app.scene
        if scene.station != "play":
            break
        if scene.phase == "choosing" and scene.fs.needs_vote and scene.pick is None:
            key(app, pygame.K_1)
        key(app, pygame.K_PAGEDOWN)
    assert app.scene.station == "summary"
    click(app, button(app, "another"))
    record(app, seen)
    click(app, button(app, "practice-done"))
    record(app, seen)
    assert seen == ["play", "summary", "practice", "picker"]
    assert len(list(tmp_path.glob("sessions/*.png"))) == 1  # the summary screen still saves the room's summary


# -- the lifecycle every scene shares -----------------------------------------------------------------


def test_enter_again_after_an_overlay_and_relocalise_reaches_every_scene(library) -> None:
    app, _ = make_app(library, lang="en", scenario=SCENARIO, lang_given=True)
    play = app.scene
    entered: list[str] = []
    langs: list[str] = []
    play.enter = lambda: entered.append("play")  # type: ignore[method-assign]
    play.relocalise = langs.append  # type: ignore[method-assign]
    key(app, pygame.K_ESCAPE)
    assert app.scene.name == "menu"
    click(app, button(app, "language"))
    click(app, button(app, "resume"))
    order = list(LANGUAGES)  # the menu's language button moves to the next language
    assert app.scene is play and entered == ["play"] and langs == [order[(order.index("en") + 1) % len(order)]]


def test_restart_from_the_menu_starts_the_flow_over_and_abandons_the_play(library) -> None:
    from game.session import NullRecorder

    class Spy(NullRecorder):
        def __init__(self) -> None:
            self.finished: list[bool] = []

        def finish_play(self, play_id, outcome, abandoned):
            self.finished.append(abandoned)

    app, _ = make_app(library, lang="en", scenario=SCENARIO, lang_given=True)
    app.recorder = spy = Spy()
    app.start_over()
    app.frame()
    click(app, button(app, "lang:en"))
    assert app.scene.station == "play"  # the preset story again
    key(app, pygame.K_ESCAPE)
    click(app, button(app, "restart"))
    assert [s.station for s in app.stack] == ["title"] and spy.finished == [True]


def test_a_flow_where_every_station_passes_says_so(library) -> None:
    app, _ = make_app(library)
    empty: Flow[Visit] = Flow("empty", [Station("nothing", lambda app, visit: None)], Visit)
    with pytest.raises(FlowError, match="nothing to show"):
        empty.start(app)


def test_the_kiosk_predraw_leaves_the_attract_loop_as_the_first_visitor_finds_it(library) -> None:
    """The pre-draw (every screen once, off screen, in every language) is skipped by the other kiosk tests."""
    app, _ = make_kiosk(library, predraw=True, languages=["en", "vi"])
    assert [s.station for s in app.stack] == ["attract"]
    assert app.settings.lang == "en" and app.flow.visit == Visit()
    tap(app, button(app, "start"))
    assert app.scene.station == "title" and {b.id for b in app.scene.buttons} == {"lang:en", "lang:vi"}
