"""Screens and keys (#15 part 8), through posted key events as a keyboard player meets them:
Enter takes the main button, arrows move by what is on screen, one thing looks focused,
Quit asks first, the window's whole width is used, and huge text keeps one size per row."""

from __future__ import annotations

import pygame
import pytest

from game.app.painter import Painter
from game.app.run import fitted_window
from game.app.scenes.picker import PickerScene
from game.core.strings import LANGUAGES
from tests.apphelp import button, click, key, make_app

SCENARIO = "fake-police-call"


def play_to_the_ending(app) -> None:
    """Answer, reveal and take the first reply at every step, by keys, until the ending shows."""
    for _ in range(80):
        scene = app.scene
        assert scene.name == "play"
        if scene.phase == "ending":
            return
        if scene.phase == "ringing":
            key(app, pygame.K_RETURN)
        elif scene.phase == "revealing":
            key(app, pygame.K_SPACE)
        else:
            key(app, pygame.K_1)
    raise AssertionError("the story did not end")


def test_enter_without_tab_moves_on_from_the_ending_the_debrief_and_the_takeaway(library) -> None:
    app, _ = make_app(library, lang="en", lang_given=True, scenario=SCENARIO)
    play_to_the_ending(app)
    assert app.focused() is None
    key(app, pygame.K_RETURN)  # nothing focused: the main button, "Debrief"
    assert app.scene.name == "debrief"
    for _ in range(40):
        if app.scene.name != "debrief":
            break
        key(app, pygame.K_RETURN)
    assert app.scene.name == "takeaway"
    key(app, pygame.K_RETURN)  # "Another story"
    assert app.scene.name == "picker"


def test_enter_on_the_picker_plays_a_story_and_on_the_title_takes_the_language_set(library) -> None:
    app, _ = make_app(library, lang="en")
    assert app.scene.name == "title"
    key(app, pygame.K_RETURN)
    assert app.scene.name == "picker" and app.settings.lang == "en"
    key(app, pygame.K_RETURN)
    assert app.scene.name == "play"


def test_arrows_move_through_the_two_column_picker_by_what_is_on_screen(library) -> None:
    app, _ = make_app(library, size=(1366, 768), lang="en", lang_given=True)
    cards = [b for b in app.focusables() if b.id.startswith("scenario:")]
    assert len(cards) >= 4
    first = cards[0]
    # What the eye sees: the card beside the first, then the one below that.
    beside = next(b for b in cards if b.rect.y == first.rect.y and b.rect.x > first.rect.x)
    below = next(b for b in cards if b.rect.x == beside.rect.x and b.rect.y > beside.rect.y)
    while app.focused() is None or app.focused().id != first.id:
        key(app, pygame.K_TAB)
    key(app, pygame.K_RIGHT)
    assert app.focused().id == beside.id
    key(app, pygame.K_DOWN)
    assert app.focused().id == below.id, "Down goes to the card below, not the next in reading order"
    key(app, pygame.K_LEFT)
    assert app.focused().rect.y == below.rect.y and app.focused().rect.x < below.rect.x
    key(app, pygame.K_UP)
    assert app.focused().id == first.id


def focused_looking(app) -> list[str]:
    """The menu's controls that look chosen: a focus ring around them, or a filled accent colour."""
    th = app.theme
    surface = app.screen
    t = max(3, int(app.unit * 0.5))
    found = []
    for b in app.scene.buttons:
        ring = b.rect.inflate(t * 3, t * 3)
        edge = [(ring.centerx, ring.top + t // 2), (ring.left + t // 2, ring.centery)]
        ringed = any(tuple(surface.get_at(xy))[:3] == th.button_focus for xy in edge)
        filled = tuple(surface.get_at((b.rect.x + 4, b.rect.centery)))[:3] == th.accent
        if ringed or filled:
            found.append(b.id)
    return found


@pytest.mark.parametrize("page", ["main", "display"])
def test_the_menu_shows_exactly_one_focused_looking_control(library, page) -> None:
    app, _ = make_app(library, size=(1366, 768), lang="en", lang_given=True)
    key(app, pygame.K_ESCAPE)
    if page == "display":
        click(app, button(app, "display"))
    assert focused_looking(app) == [], "before any key moves the focus, nothing looks chosen"
    key(app, pygame.K_TAB)
    key(app, pygame.K_TAB)
    assert focused_looking(app) == [app.focused().id]


def test_quit_asks_first_cancel_keeps_the_game_and_quit_ends_it(library) -> None:
    app, _ = make_app(library, lang="en", lang_given=True)
    key(app, pygame.K_ESCAPE)
    click(app, button(app, "quit"))
    assert app.scene.name == "quitconfirm" and app.running
    assert app.focused() is not None and app.focused().id == "quit_cancel", "Cancel has the focus at first"
    key(app, pygame.K_RETURN)
    assert app.scene.name == "menu" and app.running
    click(app, button(app, "quit"))
    key(app, pygame.K_ESCAPE)  # Esc is Cancel
    assert app.scene.name == "menu" and app.running
    click(app, button(app, "quit"))
    key(app, pygame.K_LEFT)  # onto Quit
    assert app.focused().id == "quit_yes"
    key(app, pygame.K_RETURN)
    assert app.running is False


def test_the_kiosk_menu_has_no_quit(library) -> None:
    from game.app.scenes.menu import MenuScene

    app, _ = make_app(library, lang="en", lang_given=True, mode="kiosk")
    assert "quit" not in [bid for bid, _ in MenuScene(app).rows()]


def content_outside_a_4_3_box(app) -> tuple[bool, bool]:
    """Whether anything but the background is drawn left and right of a centred 4:3 box."""
    w, h = app.size
    box = (w - h * 4 // 3) // 2
    bg = app.theme.bg
    surface = app.screen

    def drawn(xs) -> bool:
        return any(tuple(surface.get_at((x, y)))[:3] != bg for x in xs for y in range(0, h, 4))

    return drawn(range(0, box, 3)), drawn(range(w - box, w, 3))


def test_a_16_9_window_is_used_to_its_edges(library) -> None:
    w, h = fitted_window((1366, 768))
    assert abs(w / h - 1366 / 768) < 0.01, "the window takes the display's shape, not 4:3"
    app, _ = make_app(library, size=(1366, 768), lang="en")
    app.draw()
    assert content_outside_a_4_3_box(app) == (True, True), "the title"
    app, _ = make_app(library, size=(1366, 768), lang="en", lang_given=True, scenario=SCENARIO)
    key(app, pygame.K_RETURN)
    key(app, pygame.K_SPACE)
    assert app.scene.name == "play" and app.scene.phase == "choosing"
    app.draw()
    assert content_outside_a_4_3_box(app) == (True, True), "the play screen"


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768), (1080, 1920)])
@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_huge_text_gives_the_picker_cards_one_size_and_never_less_than_normal(library, monkeypatch, size, lang) -> None:
    sizes: dict[str, set[int]] = {}
    real = Painter.text_box

    def spy(self, text, box, size, colour, *args, **kw):
        block = real(self, text, box, size, colour, *args, **kw)
        where = kw.get("where", "")
        for part in ("card title", "card summary"):
            if where.startswith(part):
                sizes.setdefault(part, set()).add(block.size)
        return block

    app, _ = make_app(library, size=size, lang=lang, lang_given=True, text_size="huge")
    monkeypatch.setattr(Painter, "text_box", spy)
    assert isinstance(app.scene, PickerScene)
    normal = {"card title": int(app.unit * 3.8), "card summary": int(app.unit * 2.6)}
    for page in range(4):
        app.scene.page = page
        sizes.clear()
        p = app.draw()
        assert not p.overflows
        for part, seen in sizes.items():
            assert len(seen) == 1, f"page {page}: the {part}s differ in size: {sorted(seen)}"
            assert min(seen) >= normal[part], f"page {page}: huge {part}s are smaller than normal text"
