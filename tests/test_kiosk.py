"""Kiosk mode as an unattended touchscreen: walk-away reset, no way out, hidden admin, recovery."""

from __future__ import annotations

import json

import pygame
import pytest
from apphelp import button, key, tap, wait
from kioskhelp import PIN, SpyRecorder, make_kiosk, names, start_play

from game.core.strings import LANGUAGES

SCENARIO = "fake-police-call"


def corner_taps(app, n: int) -> None:
    for _ in range(n):
        for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
            pygame.event.post(pygame.event.Event(kind, pos=(5, 5), button=1, touch=False))
        app.frame()


def enter_pin(app, pin: str) -> None:
    for d in pin:
        tap(app, button(app, f"digit:{d}"))
    tap(app, button(app, "ok"))


# -- walk-away ------------------------------------------------------------------------------


def test_idle_prompt_at_idle_seconds_and_reset_after_the_countdown(library) -> None:
    spy = SpyRecorder()
    app, clock = make_kiosk(library, recorder=spy, idle_seconds=45, countdown_seconds=15)
    assert app.scene.name == "attract"
    start_play(app, SCENARIO)
    wait(app, clock, 44.5)
    assert names(app) == ["play"]
    wait(app, clock, 0.6)
    assert names(app) == ["play", "stillthere"]
    labels = " ".join(b.label for b in app.scene.buttons)
    assert "I'm still here" in labels
    wait(app, clock, 14.5)
    assert names(app) == ["play", "stillthere"]
    assert spy.finished == []
    wait(app, clock, 0.6)
    assert names(app) == ["attract"]
    assert spy.finished == [("abandoned", True)]  # the walked-away play is recorded as abandoned


def test_a_touch_during_the_countdown_cancels_it(library) -> None:
    spy = SpyRecorder()
    app, clock = make_kiosk(library, recorder=spy, idle_seconds=30, countdown_seconds=20)
    start_play(app, SCENARIO)
    play = app.scene
    wait(app, clock, 31)
    assert app.scene.name == "stillthere"
    wait(app, clock, 10)
    # A touch anywhere, not only on the button.
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(app.size[0] - 3, app.size[1] - 3), button=1, touch=False))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(app.size[0] - 3, app.size[1] - 3), button=1, touch=False))
    app.frame()
    assert app.stack == [play]
    wait(app, clock, 25)  # the clock starts again from the touch: no reset yet
    assert app.stack == [play] and spy.finished == []
    wait(app, clock, 6)
    assert app.scene.name == "stillthere"
    tap(app, button(app, "continue"))
    assert app.stack == [play]


def test_after_a_reset_nothing_of_the_previous_visitor_remains(library) -> None:
    app, clock = make_kiosk(library, idle_seconds=20, countdown_seconds=5)
    start_play(app, SCENARIO, lang="en")
    old = app.scene
    for _ in range(20):  # make a few choices
        if old.phase == "ringing":
            tap(app, button(app, "accept"))
        elif old.phase == "revealing":
            wait(app, clock, 3)
        elif old.phase == "choosing" and len(old.session.play.history) < 2:
            tap(app, old.choice_buttons()[-1])
        else:
            break
    assert old.session.play.history
    app.settings.hints = True
    wait(app, clock, 21)
    wait(app, clock, 6)
    assert names(app) == ["attract"]
    assert app.settings.lang == "vi" and app.settings.hints is False
    tap(app, button(app, "start"))
    assert app.scene.name == "title"  # the language is asked again
    tap(app, button(app, "lang:en"))
    tap(app, button(app, f"scenario:{SCENARIO}"))
    new = app.scene
    assert new is not old and new.session is not old.session
    assert new.session.play.history == [] and new.previous_reply == "" and new.last_made is None


@pytest.mark.parametrize("screen", ["title", "picker"])
def test_idle_on_title_or_picker_goes_straight_back_to_attract(library, screen) -> None:
    app, clock = make_kiosk(library, idle_seconds=40)
    tap(app, button(app, "start"))
    if screen == "picker":
        tap(app, button(app, "lang:en"))
    assert app.scene.name == screen
    wait(app, clock, 39)
    assert app.scene.name == screen
    wait(app, clock, 2)
    assert names(app) == ["attract"]


def test_sound_still_playing_is_not_idle(library) -> None:
    app, clock = make_kiosk(library, idle_seconds=30)

    class Busy:
        playing = True

        def busy(self):
            return self.playing

        def stop(self, name=None):
            pass

        def play(self, *a, **k):
            pass

        def speak(self, *a, **k):
            return 0.0

    app.audio = Busy()
    start_play(app, SCENARIO)
    for _ in range(4):
        wait(app, clock, 20)
    assert names(app) == ["play"]
    app.audio.playing = False
    wait(app, clock, 31)
    assert app.scene.name == "stillthere"


def test_finish_on_the_takeaway_starts_over_at_attract(library) -> None:
    app, _ = make_kiosk(library)
    app.flow.go(app, "takeaway")
    app.frame()
    tap(app, button(app, "finish"))
    assert names(app) == ["attract"]


# -- no way out -------------------------------------------------------------------------------


def test_quit_escape_q_and_alt_f4_do_not_close_the_kiosk(library) -> None:
    app, clock = make_kiosk(library)
    start_play(app, SCENARIO)
    play = app.scene
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    app.frame()
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_q)
    key(app, pygame.K_F4, pygame.KMOD_LALT)
    key(app, pygame.K_q, pygame.KMOD_LCTRL)
    assert app.running and app.stack == [play]  # no menu opened either


def test_the_menu_has_no_quit_in_kiosk_mode(library) -> None:
    from game.app.scenes.menu import MenuScene

    app, _ = make_kiosk(library)
    app.push(MenuScene(app))
    app.frame()
    assert "quit" not in {b.id for b in app.scene.buttons}


def test_an_exception_in_a_scene_returns_to_attract(library, monkeypatch) -> None:
    from game.app.scenes.play import PlayScene

    app, clock = make_kiosk(library)
    start_play(app, SCENARIO)

    def broken(self, p):
        raise RuntimeError("scene bug")

    monkeypatch.setattr(PlayScene, "draw", broken)
    frames = []

    class Ticker:  # the real run loop, stopped after a few frames
        def tick(self, fps):
            frames.append(app.scene.name)
            if len(frames) >= 3:
                app.running = False

    app.ticker = Ticker()
    app.dirty = True
    app.run()
    assert frames[0] == "attract" and app.policy.errors == 1


# -- admin ------------------------------------------------------------------------------------


def test_admin_opens_only_with_the_right_pin(library) -> None:
    app, _ = make_kiosk(library)
    corner_taps(app, 4)
    assert app.scene.name != "pinpad"  # four taps are not the gesture (the first one started the game)
    corner_taps(app, 1)
    assert app.scene.name == "pinpad"
    enter_pin(app, "1111")
    assert app.scene.name == "pinpad" and app.scene.message == app.t("admin_wrong_pin")
    enter_pin(app, PIN)
    assert app.scene.name == "adminpanel"


def test_three_wrong_pins_lock_the_pad_for_30_s_then_60_s_and_no_pin_set_never_opens(library, caplog) -> None:
    app, clock = make_kiosk(library, idle_seconds=3600)
    corner_taps(app, 5)
    for _ in range(3):
        enter_pin(app, "0000")
    assert app.scene.name == "pinpad"
    assert app.scene.message_shown() == app.t("admin_locked", n=30)  # shown on the pad, counting down
    assert "locked for 30 s" in caplog.text
    enter_pin(app, PIN)  # even the right PIN does nothing while locked
    assert app.scene.name == "pinpad"
    tap(app, button(app, "cancel"))  # closing and reopening the pad does not reset the count
    corner_taps(app, 5)
    assert app.scene.name == "pinpad" and app.scene.message_shown() == app.t("admin_locked", n=30)
    wait(app, clock, 20)
    assert app.scene.message_shown() == app.t("admin_locked", n=10)
    wait(app, clock, 10.5)
    for _ in range(3):  # three more wrong: twice as long
        enter_pin(app, "0000")
    assert app.scene.message_shown() == app.t("admin_locked", n=60)
    wait(app, clock, 60.5)
    enter_pin(app, PIN)
    assert app.scene.name == "adminpanel"
    app2, _ = make_kiosk(library, admin_pin=None)
    corner_taps(app2, 5)
    enter_pin(app2, PIN)
    assert app2.scene.name == "pinpad"


def test_the_lockout_doubles_up_to_an_hour(library) -> None:
    from game.kiosk.admin import PinLock

    clock = [0.0]
    lock = PinLock(lambda: clock[0])
    seen = []
    for _ in range(10):
        for _ in range(3):
            lock.wrong()
        seen.append(lock.remaining())
        clock[0] += lock.remaining()
    assert seen == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]
    lock.right()
    assert lock.remaining() == 0


def test_a_long_press_in_the_corner_opens_the_pin_pad(library) -> None:
    app, clock = make_kiosk(library)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(5, 5), button=1, touch=False))
    app.frame()
    wait(app, clock, 2.0)
    assert app.scene.name == "attract"
    wait(app, clock, 1.1)
    assert app.scene.name == "pinpad"
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(5, 5), button=1, touch=False))
    app.frame()
    assert app.scene.name == "pinpad"  # releasing the long press did not start the game below


def test_admin_panel_shows_and_changes_what_is_offered(library, tmp_path) -> None:
    from game.kiosk.config import load_config

    spy = SpyRecorder()
    app, _ = make_kiosk(library, recorder=spy)
    app.config.path = tmp_path / "kiosk.json"
    app.config.problems.append("kiosk.json: test problem")
    corner_taps(app, 5)
    enter_pin(app, PIN)
    assert app.scene.name == "adminpanel"
    text = " ".join(k[1] for k in app.cache._lines)
    assert app.t("admin_plays_today", n=0) in text and "test warning" in text and "test problem" in text
    ids = {b.id for b in app.scene.buttons}
    assert {"exit", "close", "vol-", "vol+", "lang:vi", "lang:en", f"sc:{SCENARIO}"} <= ids
    tap(app, button(app, "lang:vi"))
    assert load_config(tmp_path / "kiosk.json").languages == [c for c in LANGUAGES if c != "vi"]  # saved as it changes, not only on Close
    for code in LANGUAGES:  # every shipped language is offered; all but English turned off
        if code not in ("vi", "en"):
            tap(app, button(app, f"lang:{code}"))
    assert load_config(tmp_path / "kiosk.json").languages == ["en"]
    tap(app, button(app, f"sc:{SCENARIO}"))
    tap(app, button(app, "vol-"))
    saved = load_config(tmp_path / "kiosk.json")
    # What is stored is the story turned off: a story added to the folder later is offered.
    assert saved.languages == ["en"] and saved.scenarios_off == [SCENARIO] and saved.scenarios == []
    assert saved.volume == pytest.approx(0.7) and saved.admin_pin is not None
    assert [p.name for p in tmp_path.iterdir()] == ["kiosk.json"]
    tap(app, button(app, "close"))
    assert names(app) == ["attract"] and app.settings.languages == ["en"] and app.settings.lang == "en"
    tap(app, button(app, "start"))  # one language left: the title offers only it
    assert [b.id for b in app.scene.buttons] == ["lang:en"]
    tap(app, button(app, "lang:en"))
    assert f"scenario:{SCENARIO}" not in {b.id for b in app.scene.buttons}
    corner_taps(app, 5)
    enter_pin(app, PIN)
    tap(app, button(app, "exit"))
    assert app.running is False


def test_admin_panel_lists_scenario_files_that_failed(tmp_path) -> None:
    import shutil

    from game.core.library import SCENARIOS_DIR, load_library

    for f in SCENARIOS_DIR.glob("*.yaml"):
        shutil.copy(f, tmp_path / f.name)
    (tmp_path / "zz-broken.yaml").write_text("id: broken\nsteps: [unclosed\n", encoding="utf-8")
    lib = load_library([tmp_path], use_cache=False)
    assert lib.failed and lib.scenarios
    app, _ = make_kiosk(lib)
    corner_taps(app, 5)
    enter_pin(app, PIN)
    assert app.scene.name == "adminpanel"
    problems = app.scene.problems()
    assert len(problems) == 1 and "zz-broken.yaml:2" in problems[0]
    app.draw()
    assert app.last_overflows == []


# -- looks --------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1024, 768)])
def test_kiosk_screens_have_no_overflow(library, size) -> None:
    from game.kiosk.admin import AdminPanelScene, PinPadScene
    from game.kiosk.policy import StillThereScene

    app, clock = make_kiosk(library, size=size)
    seen = {}
    for make in (
        lambda: None,
        lambda: app.push(StillThereScene(app, app.policy, clock(), 20)),
        lambda: app.replace(PinPadScene(app)),
        lambda: app.replace(AdminPanelScene(app)),
    ):
        make()
        app.draw()
        seen[app.scene.name] = list(app.last_overflows)
        for b in app.scene.buttons:
            assert min(b.rect.size) >= 48, (app.scene.name, b.id)
    assert seen == {"attract": [], "stillthere": [], "pinpad": [], "adminpanel": []}


def test_attract_animates_and_stands_still_with_reduced_motion(library) -> None:
    app, clock = make_kiosk(library)
    assert app.scene.update(clock() + 0.5)
    still, clock2 = make_kiosk(library)
    still.settings.reduced_motion = True
    assert still.scene.update(clock2() + 0.5) is None


# -- settings ----------------------------------------------------------------------------------


def test_bad_settings_give_messages_and_defaults(tmp_path) -> None:
    from game.kiosk.config import load_config

    bad = tmp_path / "kiosk.json"
    bad.write_text("{ not json", encoding="utf-8")
    cfg = load_config(bad)
    assert cfg.idle_seconds == 60 and cfg.countdown_seconds == 20 and len(cfg.problems) == 1
    bad.write_text(
        json.dumps(
            {
                "idle_seconds": "soon",
                "languages": ["xx"],
                "orientation": "diagonal",
                "volume": 3,
                "colour": "red",
                "display": 1,
                "scenarios": ["b", "a"],
            }
        ),
        encoding="utf-8",
    )
    cfg = load_config(bad)
    assert cfg.idle_seconds == 60 and cfg.languages == list(LANGUAGES) and cfg.orientation == "auto" and cfg.volume == 0.8
    assert cfg.display == 1 and cfg.scenarios == ["b", "a"]
    assert len(cfg.problems) == 5 and any("'idle_seconds'" in p for p in cfg.problems)
    assert load_config(tmp_path / "missing.json").problems == []


def test_set_pin_stores_only_a_salted_hash(tmp_path, monkeypatch, capsys) -> None:
    import io

    from game.kiosk.config import check_pin, load_config, main

    path = tmp_path / "kiosk.json"
    path.write_text(json.dumps({"idle_seconds": 90}), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO("97531\n"))
    assert main(["set-pin", "--config", str(path)]) == 0
    raw = path.read_text(encoding="utf-8")
    assert "97531" not in raw
    cfg = load_config(path)
    assert cfg.idle_seconds == 90 and check_pin("97531", cfg.admin_pin) and not check_pin("97530", cfg.admin_pin)
    monkeypatch.setattr("sys.stdin", io.StringIO("12\n"))
    assert main(["set-pin", "--config", str(path)]) == 1  # too short: refused, old PIN kept
    assert check_pin("97531", load_config(path).admin_pin)


def test_the_poster_speaks_its_first_language_and_each_other_in_turn(library) -> None:
    """Five languages at once are a wall of text: the first stays, the others take turns beside it."""
    from game.core.strings import ui
    from game.kiosk.attract import ROTATE_SECONDS

    app, clock = make_kiosk(library)
    langs = list(LANGUAGES)
    seen = []
    for _ in range(len(langs) - 1):
        label = next(b.label for b in app.scene.buttons if b.id == "start")
        assert label.startswith(ui("kiosk_touch_to_start", langs[0])) and label.count(" / ") == 1, label
        seen.append(next(lang for lang in langs[1:] if label.endswith(ui("kiosk_touch_to_start", lang))))
        clock.now += ROTATE_SECONDS
        app.frame()
    assert seen == langs[1:], "every other language had its turn, in order"
    assert app.last_overflows == []
    still, clock2 = make_kiosk(library)
    still.settings.reduced_motion = True
    still.frame()
    first = next(b.label for b in still.scene.buttons if b.id == "start")
    clock2.now += ROTATE_SECONDS
    still.frame()
    assert next(b.label for b in still.scene.buttons if b.id == "start") == first, "reduced motion: the poster stands still"
