"""Every character the game shows has a glyph in the shipped font: no empty boxes in place of words.

An emoji in a chat message, a rare symbol in a translation: DejaVu Sans does not draw
everything, and pygame silently draws a box for what it lacks. This walks every text of
every shipped story, the tactic catalogue and the interface words.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import pygame
import pytest

from game.core import model as m
from game.core.library import ASSETS_DIR
from game.core.strings import _STRINGS, LANGUAGES

FONTS = [ASSETS_DIR / "fonts" / "DejaVuSans.ttf", ASSETS_DIR / "fonts" / "DejaVuSans-Bold.ttf"]


def texts(obj, seen: set[int] | None = None) -> Iterator[str]:
    """Every string inside a Text anywhere in obj (scenario, catalogue), whatever the class layout."""
    seen = set() if seen is None else seen
    if id(obj) in seen or obj is None or isinstance(obj, (int, float, bool, str, bytes)):
        return
    seen.add(id(obj))
    if isinstance(obj, m.Text):
        yield from obj.by_lang.values()
        return
    if isinstance(obj, Mapping):
        for v in obj.values():
            yield from texts(v, seen)
        return
    if isinstance(obj, (list, tuple, set, frozenset)):
        for v in obj:
            yield from texts(v, seen)
        return
    attrs = getattr(obj, "__dict__", None) or {s: getattr(obj, s, None) for c in type(obj).__mro__ for s in getattr(c, "__slots__", ())}
    for v in attrs.values():
        yield from texts(v, seen)


NOT_IN_ANY_FONT = "\U0010fffd"  # a private-use code point: always drawn as the font's "missing" box


def missing(chars: set[str]) -> dict[str, list[str]]:
    """Characters each font draws as its "missing glyph" box (pygame reports no error for them)."""
    pygame.font.init()
    out = {}
    for path in FONTS:
        font = pygame.font.Font(str(path), 20)

        def pixels(c: str, font: pygame.font.Font = font) -> bytes:
            return pygame.image.tobytes(font.render(c, False, (255, 255, 255), (0, 0, 0)), "RGB")

        box = pixels(NOT_IN_ANY_FONT)
        lacking = sorted(c for c in chars if c.isprintable() and not c.isspace() and pixels(c) == box)
        if lacking:
            out[path.name] = [f"{c} U+{ord(c):04X}" for c in lacking]
    return out


def test_every_story_and_tactic_text_has_glyphs(library):
    chars: set[str] = set()
    count = 0
    for sc in library.ordered():
        for t in texts(sc):
            chars |= set(t)
            count += 1
    for t in texts(library.catalogue):
        chars |= set(t)
    assert count > 300, "the walk found the stories' texts"
    assert "ệ" in chars and "ữ" in chars
    assert missing(chars) == {}


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_every_interface_word_has_glyphs(lang):
    chars = set("".join(_STRINGS[lang].values()))
    assert missing(chars) == {}


def test_the_check_can_fail():
    assert missing({"🙂"}) != {}
