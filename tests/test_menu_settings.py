"""The Esc menu's display and sound page: volume, text size, colours, animations and read-aloud, driven by input events."""

from __future__ import annotations

import pygame
import pytest
from apphelp import FakeClock, button, click, key, make_app, tap

from game.app.app import App, Settings
from game.app.run import first_scene
from game.app.shots import SIZES
from game.app.theme import TEXT_SCALE, THEMES
from game.core import voices


class RecordingAudio:
    """Stands in for Audio: remembers what the game asked for, plays nothing."""

    def __init__(self, volume: float = 0.8) -> None:
        self.volume = volume
        self.muted = False
        self.calls: list[tuple] = []
        self.said: list[tuple[list[str], list[str]]] = []
        self.spoken: list[str] = []

    def play(self, name, loop=False):
        self.calls.append(("play", name))

    def stop(self, name=None):
        self.calls.append(("stop", name))

    def speak(self, text, lang):
        self.spoken.append(text)
        return 0.0

    def say(self, texts, lang, then=()):
        self.said.append((list(texts), list(then)))
        return 2.0 * len(texts)

    def set_volume(self, volume):
        self.volume = volume
        self.calls.append(("set_volume", volume))

    def set_muted(self, muted):
        self.muted = muted

    def busy(self):
        return False


def app_with(library, audio, size=(1024, 768), lang_given=True, **settings) -> tuple[App, FakeClock]:
    clock = FakeClock()
    settings.setdefault("lang", "en")
    settings.setdefault("practice", False)  # the story screens alone; tests/test_practice.py plays the practice round
    app = App(library, Settings(**settings), None, size=size, clock=clock, audio=audio)
    pygame.event.clear()
    first_scene(app, lang_given)
    app.frame()
    return app, clock


def open_display_page(app: App) -> None:
    key(app, pygame.K_ESCAPE)
    assert app.scene.name == "menu"
    click(app, button(app, "display"))
    assert app.scene.page == "display"


# -- volume ---------------------------------------------------------------------------------------


def test_volume_down_and_up_change_the_sound_at_once_and_play_a_sample(library) -> None:
    audio = RecordingAudio(volume=0.8)
    app, _ = app_with(library, audio)
    open_display_page(app)
    assert "80%" in app.scene.rows()[0][1]
    tap(app, button(app, "volume-"))
    assert audio.volume == pytest.approx(0.7)
    assert audio.calls[-2:] == [("set_volume", 0.7), ("play", "notify")], "the player hears the new level"
    assert "70%" in app.scene.rows()[0][1]
    for _ in range(12):
        click(app, button(app, "volume+"))
    assert audio.volume == 1.0 and app.settings.volume == 1.0
    for _ in range(12):
        click(app, button(app, "volume-"))
    assert audio.volume == 0.0 and "0%" in app.scene.rows()[0][1]


def test_volume_is_reachable_by_keyboard_alone(library) -> None:
    audio = RecordingAudio(volume=0.5)
    app, _ = app_with(library, audio)
    key(app, pygame.K_ESCAPE)
    while app.focused() is None or app.focused().id != "display":
        key(app, pygame.K_TAB)
    key(app, pygame.K_RETURN)
    assert app.scene.page == "display" and app.focused().id == "volume-", "the focus moves onto the new page"
    key(app, pygame.K_RETURN)
    assert audio.volume == pytest.approx(0.4)
    key(app, pygame.K_TAB)
    assert app.focused().id == "volume+"
    key(app, pygame.K_RETURN)
    key(app, pygame.K_RETURN)
    assert audio.volume == pytest.approx(0.6)
    key(app, pygame.K_ESCAPE)
    assert app.scene.name == "menu" and app.scene.page == "main" and app.focused().id == "display"
    key(app, pygame.K_ESCAPE)
    assert app.scene.name == "picker"


def test_without_any_sound_the_menu_still_works(library) -> None:
    app, _ = make_app(library, lang="en", lang_given=True)  # audio=False: no sound system at all
    open_display_page(app)
    click(app, button(app, "volume-"))
    assert app.settings.volume == pytest.approx(0.7) and "70%" in app.scene.rows()[0][1]


# -- text size, colours, animations ---------------------------------------------------------------


def _sizes_drawn(app: App, monkeypatch, prefix: str, action=None) -> list[int]:
    """Font sizes a full frame (or `action`) asks for, for the text boxes whose `where` starts with prefix."""
    from game.app.painter import Painter

    seen: list[int] = []
    real = Painter.text_box

    def spy(self, text, box, size, *a, **k):
        if k.get("where", "").startswith(prefix):
            seen.append(size)
        return real(self, text, box, size, *a, **k)

    monkeypatch.setattr(Painter, "text_box", spy)
    (action or app.draw)()
    monkeypatch.setattr(Painter, "text_box", real)
    return seen


def test_text_size_from_the_menu_lays_the_play_screen_out_again_at_once(library, monkeypatch) -> None:
    app, _ = app_with(library, RecordingAudio(), scenario="prize-message", reduced_motion=True)
    play = app.scene
    assert play.name == "play" and play.phase == "choosing"
    before = _sizes_drawn(app, monkeypatch, "button choice")
    open_display_page(app)
    for expected in ("large", "huge"):
        # The play screen under the menu, laid out again in the very frame of the change.
        bigger = _sizes_drawn(app, monkeypatch, "button choice", lambda: click(app, button(app, "text_size")))
        assert app.settings.text_size == expected
        assert app.last_overflows == [], "the menu itself fits at every text size"
        assert app.scene.rows()[2][1].lower().endswith(expected)
    assert bigger and all(b >= int(a * TEXT_SCALE["huge"]) - 1 for a, b in zip(before, bigger, strict=True))
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_ESCAPE)
    assert app.scene is play and app.last_overflows == []
    click(app, play.choice_buttons()[0])  # still playable at the new size
    assert app.last_overflows == []


def test_colours_and_animations_switch_from_the_menu(library) -> None:
    app, _ = app_with(library, RecordingAudio())
    open_display_page(app)
    click(app, button(app, "theme"))
    assert app.settings.theme == "high-contrast" and app.theme is THEMES["high-contrast"]
    click(app, button(app, "motion"))
    assert app.settings.reduced_motion is True
    assert "off" in button(app, "motion").label, "reduced motion reads as 'animations: off'"
    click(app, button(app, "back"))
    click(app, button(app, "resume"))
    assert app.scene.name == "picker"
    assert tuple(app.screen.get_at((1, 1)))[:3] == THEMES["high-contrast"].bg, "the screen below is drawn in the new colours"


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_both_menu_pages_fit_at_every_text_size_theme_and_language(library, size) -> None:
    app, _ = make_app(library, size=size, lang="vi", lang_given=True)
    key(app, pygame.K_ESCAPE)
    menu = app.scene
    least = max(48, int(app.unit * 7))
    checked = 0
    for text_size in TEXT_SCALE:
        for theme in THEMES:
            for lang in ("vi", "en"):
                for page in ("main", "display"):
                    app.settings.text_size, app.settings.theme, app.settings.lang = text_size, theme, lang
                    menu.page = page
                    app.draw()
                    where = (text_size, theme, lang, page)
                    assert app.last_overflows == [], where
                    rects = [b.rect for b in menu.buttons]
                    assert len(rects) >= 6, where
                    screen = app.screen.get_rect()
                    for b in menu.buttons:
                        assert screen.contains(b.rect), (where, b.id, b.rect)
                        assert min(b.rect.size) >= least, (where, b.id, b.rect)
                    for i, r in enumerate(rects):
                        assert r.collidelist(rects[i + 1 :]) == -1, (where, "buttons overlap")
                    checked += 1
    assert checked == len(TEXT_SCALE) * len(THEMES) * 4


def test_a_menu_too_long_for_the_screen_is_reported(library) -> None:
    """The fit check above can fail: a panel taller than the screen is reported as an overflow."""
    app, _ = make_app(library, size=(1024, 400), lang="en", lang_given=True)
    key(app, pygame.K_ESCAPE)
    assert "menu panel" in [o.where for o in app.last_overflows]


# -- read-aloud ------------------------------------------------------------------------------------


def test_read_aloud_reads_a_message_step_then_its_choices(library) -> None:
    audio = RecordingAudio()
    app, clock = app_with(library, audio, scenario="online-kidnapping", read_aloud=True)
    scene = app.scene
    step = scene.step
    assert step.channel == "social"
    texts, then = audio.said[-1]
    assert texts == [step.text.get("en")]
    assert then == [said for n, c in enumerate(step.choices, 1) for said in (f"Choice {n}.", c.text.get("en"))]
    for text in texts + then:
        assert voices.clip_path(text, "en") is not None, f"no clip for {text!r}: run assets/make_voices.py"
    # Into a group chat: the earlier message, then the new one, are read as they appear.
    key(app, pygame.K_SPACE)
    key(app, pygame.K_1)
    chat = scene.step
    assert chat.channel == "chat" and chat.messages
    texts, then = audio.said[-1]
    assert texts == [b.text.get("en") for b in chat.messages] + [chat.text.get("en")]
    assert scene.interval == pytest.approx(2.0 * len(texts) / len(scene.chunks)), "the messages appear at the pace they are read"
    assert all(voices.clip_path(t, "en") for t in texts + then)


def test_read_aloud_reads_a_call_line_with_its_choices_and_the_ending(library) -> None:
    audio = RecordingAudio()
    app, clock = app_with(library, audio, scenario="prize-message", read_aloud=True)
    scene = app.scene
    for _ in range(len(scene.session.scenario.steps)):  # the first reply every time, to whichever ending it leads
        if scene.phase == "ending":
            break
        key(app, pygame.K_SPACE)
        key(app, pygame.K_1)
    assert scene.phase == "ending"
    ending = scene.session.play.ending
    assert audio.said[-1] == ([ending.title.get("en"), ending.text.get("en")], [])
    assert audio.spoken == [], "read aloud, every text goes through say()"
    assert all(voices.clip_path(t, "en") for t in audio.said[-1][0])


def test_read_aloud_off_reads_only_call_lines(library) -> None:
    audio = RecordingAudio()
    app, _ = app_with(library, audio, scenario="online-kidnapping")
    assert app.scene.step.channel == "social" and audio.said == [] and audio.spoken == []


def test_turning_read_aloud_on_in_the_menu_reads_the_screen_behind_it(library) -> None:
    audio = RecordingAudio()
    app, _ = app_with(library, audio, scenario="online-kidnapping", lang="vi")
    step = app.scene.step
    open_display_page(app)
    click(app, button(app, "read_aloud"))
    assert app.settings.read_aloud and audio.said == [], "nothing is read over the menu"
    key(app, pygame.K_ESCAPE)
    click(app, button(app, "resume"))
    assert audio.said[-1][0] == [step.text.get("vi")] and audio.said[-1][1][0] == "Lựa chọn 1."
    open_display_page(app)
    click(app, button(app, "read_aloud"))
    assert not app.settings.read_aloud and audio.calls[-1] == ("stop", "voice")


def test_read_aloud_with_the_real_mixer_plays_the_clips(library) -> None:
    from game.app.audio import Audio

    pygame.mixer.quit()
    audio = Audio()
    try:
        app, _ = app_with(library, audio, scenario="online-kidnapping", read_aloud=True)
        step = app.scene.step
        loaded = {p.name for p in audio._clips}
        assert voices.clip_name(step.text.get("en"), "en") in loaded
        assert voices.clip_name("Choice 1.", "en") in loaded
        assert audio.busy(), "the step is being read"
        assert app.scene.interval > 1.0
    finally:
        audio.stop()
        pygame.mixer.quit()


def test_texts_without_a_clip_are_silence_not_a_crash(library) -> None:
    from game.app.audio import Audio

    pygame.mixer.quit()
    audio = Audio()
    try:
        assert audio.say(["words no clip was ever made for"], "en", then=["nor for these"]) == 0.0
        assert not audio.busy()
        shipped = next(iter(library.ordered())).title  # titles are not read: no clip either
        assert audio.say([shipped.get("en")], "en") == 0.0
        line = "Choice 1."
        seconds = audio.say(["no clip", line], "en", then=[line])
        assert seconds > 0.3 and audio.busy(), "the texts with a clip are still read"
        assert Audio(muted=True).say([line], "en") == 0.0
    finally:
        audio.stop()
        pygame.mixer.quit()


def test_read_aloud_is_a_command_line_option() -> None:
    from game.app.run import settings_from
    from game.cli import build_parser

    parser = build_parser()
    assert settings_from(parser.parse_args(["play", "--read-aloud"]), "classroom").read_aloud is True
    assert settings_from(parser.parse_args(["play"]), "classroom").read_aloud is False
    assert parser.parse_args(["kiosk", "--read-aloud"]).read_aloud is True
