"""Every screen, in every language, at every size (and the biggest text), lays out without overflow."""

from __future__ import annotations

import pytest
from apphelp import make_app

from game.app.shots import SIZES, iter_screens
from game.app.theme import TEXT_PAIRS, THEMES, contrast
from game.core.strings import LANGUAGES


@pytest.mark.parametrize("text_size", ["normal", "huge"])
@pytest.mark.parametrize("lang", sorted(LANGUAGES))
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_no_text_overflows_anywhere(library, size, lang, text_size) -> None:
    app, _ = make_app(library, size=size, lang=lang, text_size=text_size, reduced_motion=True)
    problems = []
    screens = 0
    for name in iter_screens(app, library.ordered(), all_debrief_items=True):
        app.draw()
        screens += 1
        problems += [f"{name}: {o.where}: {o.text!r}" for o in app.last_overflows]
    assert screens > 50
    assert problems == []


def test_overflow_is_reported_when_text_cannot_fit(library) -> None:
    """The check above can fail: a box too small for its text is reported."""
    import pygame

    app, _ = make_app(library)
    p = app.painter()
    p.text_box("Một đoạn văn bản rất dài không thể nào vừa " * 10, pygame.Rect(0, 0, 120, 40), 24, (255, 255, 255), where="tiny")
    assert [o.where for o in p.overflows] == ["tiny"]


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_theme_colours_meet_wcag_aa(theme) -> None:
    t = THEMES[theme]
    low = [
        (fg, bg, round(contrast(getattr(t, fg), getattr(t, bg)), 2))
        for fg, bg in TEXT_PAIRS
        if contrast(getattr(t, fg), getattr(t, bg)) < 4.5
    ]
    low += [(f"safety {k}", "", round(contrast(t.safety_text, c), 2)) for k, c in t.safety.items() if contrast(t.safety_text, c) < 4.5]
    assert low == []


def test_a_no_break_space_keeps_french_marks_on_their_word(library) -> None:
    """French puts a no-break space inside « » and before : ; ! ?: a line never starts with » or :, nor ends with «."""
    app, _ = make_app(library)
    p = app.painter()
    nb = "\u00a0"
    text = f"Dire au service client{nb}: «{nb}Première commande, svp.{nb}» Puis attendre{nb}!"
    for width in range(200, 900, 7):  # wider than the longest unit: no word broken by characters
        lines, _ = p.wrap(text, width, 24)
        assert not any(line.startswith(("»", ":", "!")) or line.endswith("«") for line in lines), (width, lines)
    lines, _ = p.wrap("a b c d e f g h", 40, 24)
    assert len(lines) > 1, "ordinary spaces still break"
