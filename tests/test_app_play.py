"""The pygame game driven like a person would: mouse, touch, keyboard, title to takeaway."""

from __future__ import annotations

import pygame
import pytest
from apphelp import button, click, key, make_app, tap, wait

from game.core.strings import LANGUAGES

SCENARIO = "fake-police-call"
RISK = {"safe": 0, "neutral": 1, "risky": 2, "unsafe": 3}


def riskiest(choices):
    """The button of the least safe choice: it leads deepest into the story."""
    return max(choices, key=lambda b: RISK[b.payload.safety])


def _play_through(app, clock, press, pick) -> list[tuple[str, list[str]]]:
    """Play SCENARIO to the takeaway with `press` (click or tap), choosing `pick(choice_buttons)`; log what was on screen."""
    seen = []
    press(app, button(app, "lang:en"))
    assert app.scene.name == "picker"
    press(app, button(app, f"scenario:{SCENARIO}"))
    for _ in range(80):
        scene = app.scene
        if scene.name != "play":
            break
        if scene.phase == "ringing":
            # Accept, and Decline when the call has a hang-up reply (the red button plays it).
            assert {b.id for b in scene.buttons if b.focusable} - {"decline"} == {"accept"}
            press(app, button(app, "accept"))
        elif scene.phase == "revealing":
            assert scene.choice_buttons() == []  # no choices until what was said has been shown
            wait(app, clock, 2.0)
        elif scene.phase == "choosing":
            choices = scene.choice_buttons()
            labels = [b.label for b in choices]
            visible = [c.text.get("en") for c in scene.session.play.visible_choices()]
            assert labels == visible
            seen.append((scene.step.id, labels))
            press(app, pick(choices))
        else:
            press(app, button(app, "debrief"))
    assert app.scene.name == "debrief"
    pages = app.scene.pages
    for _ in range(pages):
        press(app, button(app, "next"))
    assert app.scene.name == "takeaway"
    return seen


def test_mouse_from_title_to_takeaway(library) -> None:
    app, clock = make_app(library)
    assert app.scene.name == "title"
    assert {b.label for b in app.scene.buttons} == set(LANGUAGES.values())  # each named in itself
    seen = _play_through(app, clock, click, riskiest)
    assert len(seen) >= 3  # the last choice goes deep into the story
    assert {b.id for b in app.scene.buttons} >= {"again", "other"}
    session_steps = [s for s, _ in seen]
    assert session_steps[0] == library.scenarios[SCENARIO].start


def test_touch_from_title_to_takeaway_one_tap_is_one_tap(library) -> None:
    app, clock = make_app(library, size=(1080, 1920))
    seen = _play_through(app, clock, tap, riskiest)
    # Had the mouse copies of the finger events counted too, each tap would have chosen twice.
    mouse_app, mouse_clock = make_app(library, size=(1080, 1920))
    assert seen == _play_through(mouse_app, mouse_clock, click, riskiest)


def test_a_slide_off_the_button_is_not_a_tap(library) -> None:
    app, _ = make_app(library)
    b = button(app, "lang:en")
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=b.rect.center, button=1, touch=False))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(2, 2), button=1, touch=False))
    app.frame()
    assert app.scene.name == "title"


def test_keyboard_only_from_title_to_takeaway(library) -> None:
    app, clock = make_app(library)
    key(app, pygame.K_TAB)
    assert app.focused() is not None and app.focused().label == "Tiếng Việt"
    key(app, pygame.K_RIGHT)  # five languages stand in two columns: English is beside Vietnamese
    assert app.focused().label == "English"
    key(app, pygame.K_DOWN)
    assert app.focused().label == "Bahasa Indonesia"
    key(app, pygame.K_UP)
    key(app, pygame.K_RETURN)
    assert app.scene.name == "picker" and app.settings.lang == "en"
    order = [b.id for b in app.focusables()]
    key(app, pygame.K_TAB)
    for _ in range(order.index(f"scenario:{SCENARIO}")):
        key(app, pygame.K_TAB)
    assert app.focused().id == f"scenario:{SCENARIO}"
    key(app, pygame.K_RETURN)
    steps = []
    for _ in range(80):
        scene = app.scene
        if scene.name != "play":
            break
        if scene.phase == "ringing":
            key(app, pygame.K_RETURN)  # answer the call
        elif scene.phase == "revealing":
            key(app, pygame.K_SPACE)  # show everything at once
        elif scene.phase == "choosing":
            steps.append(scene.step.id)
            n = scene.choice_buttons().index(riskiest(scene.choice_buttons()))
            key(app, pygame.K_1 + n)  # number keys pick a choice
        else:
            key(app, pygame.K_TAB)
            assert app.focused().id == "debrief"
            key(app, pygame.K_RETURN)
    assert app.scene.name == "debrief" and len(steps) >= 3
    for _ in range(app.scene.pages):
        key(app, pygame.K_RIGHT)
    assert app.scene.name == "takeaway"


def test_escape_opens_the_menu_and_resume_closes_it(library) -> None:
    app, _ = make_app(library, lang="en", lang_given=True)
    assert app.scene.name == "picker"
    key(app, pygame.K_ESCAPE)
    assert app.scene.name == "menu"
    labels = [b.label for b in app.scene.buttons]
    assert labels[0] == "Resume" and "Quit" in labels and any(label.startswith("Sound") for label in labels)
    click(app, button(app, "sound"))
    assert app.settings.muted is False
    click(app, button(app, "resume"))
    assert app.scene.name == "picker"
    key(app, pygame.K_ESCAPE)
    click(app, button(app, "quit"))
    assert app.scene.name == "quitconfirm" and app.running  # the classroom asks first
    click(app, button(app, "quit_yes"))
    assert app.running is False


def test_restart_from_the_menu_records_the_play_as_abandoned(library) -> None:
    from game.session import NullRecorder

    class Spy(NullRecorder):
        def __init__(self):
            self.finished = []

        def finish_play(self, play_id, outcome, abandoned):
            self.finished.append((outcome, abandoned))

    app, clock = make_app(library, lang="en", lang_given=True, scenario=SCENARIO)
    spy = Spy()
    app.scene.session.recorder = spy
    assert app.scene.name == "play"
    key(app, pygame.K_ESCAPE)
    click(app, button(app, "restart"))
    assert app.scene.name == "title"
    assert spy.finished == [("abandoned", True)]


def test_choices_wait_for_the_captions(library) -> None:
    app, clock = make_app(library, lang="en", lang_given=True, scenario=SCENARIO)
    scene = app.scene
    assert scene.phase == "ringing"
    click(app, button(app, "accept"))
    assert scene.phase in ("revealing", "choosing")
    if scene.phase == "revealing":
        assert scene.choice_buttons() == []
        shown = scene.revealed
        wait(app, clock, 1.8)
        assert scene.revealed > shown or scene.phase == "choosing"
        wait(app, clock, 60)
    assert scene.phase == "choosing" and scene.choice_buttons()


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1024, 768)])
def test_touch_targets_are_big_enough(library, size) -> None:
    from game.app.shots import iter_screens

    app, _ = make_app(library, size=size, lang="en", reduced_motion=True)
    least = max(48, int(app.unit * 7))
    for name in iter_screens(app, library.ordered()[:1]):
        app.draw()
        for b in app.scene.buttons:
            if b.kind == "phone":
                continue
            assert b.rect.width >= 48 and b.rect.height >= 48, (name, b.id, b.rect)
            if b.focusable:
                assert min(b.rect.size) >= least, (name, b.id, b.rect)


def test_no_audio_device_means_silence_not_a_crash(library, monkeypatch) -> None:
    import pygame

    def broken(*a, **k):
        raise pygame.error("no audio device")

    monkeypatch.setattr(pygame.mixer, "init", broken)
    from game.app.app import App, Settings

    app = App(library, Settings(lang="en"), None, size=(1024, 768))
    from game.app.run import first_scene

    first_scene(app, True)
    app.frame()
    assert app.scene.name == "picker"
