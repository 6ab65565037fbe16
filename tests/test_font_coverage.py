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
from game.core.practice import load_pool, practice_files
from game.core.strings import LANGUAGES, table
from game.resources import SCENARIOS_DIR

FONTS = [ASSETS_DIR / "fonts" / "DejaVuSans.ttf", ASSETS_DIR / "fonts" / "DejaVuSans-Bold.ttf"]


def text_objects(obj, seen: set[int] | None = None) -> Iterator[m.Text]:
    """Every Text anywhere in obj (scenario, catalogue, practice item), whatever the class layout."""
    seen = set() if seen is None else seen
    if id(obj) in seen or obj is None or isinstance(obj, (int, float, bool, str, bytes)):
        return
    seen.add(id(obj))
    if isinstance(obj, m.Text):
        yield obj
        return
    if isinstance(obj, Mapping):
        values = obj.values()
    elif isinstance(obj, (list, tuple, set, frozenset)):
        values = obj
    else:
        values = (
            getattr(obj, "__dict__", None) or {s: getattr(obj, s, None) for c in type(obj).__mro__ for s in getattr(c, "__slots__", ())}
        ).values()
    for v in values:
        yield from text_objects(v, seen)


def texts(obj) -> Iterator[str]:
    """Every string inside a Text anywhere in obj, in every language."""
    for t in text_objects(obj):
        yield from t.by_lang.values()


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


# The letters each shipped language cannot do without: the test fails if a font lacks one,
# and also if a language's words stopped reaching the test (its table came back empty).
SAMPLE = {"vi": "ệữơưđ", "en": "w", "fr": "éàç", "id": "y", "uk": "їєі"}


def words_in(lang, library):
    """Every text the game can show in `lang`: interface, stories, tactics, practice items."""
    out = list(table(lang).values())
    pool, _ = load_pool(practice_files(SCENARIOS_DIR / "practice"), library.catalogue)
    holders = [*(sc for sc in library.ordered() if lang in sc.languages), library.catalogue, pool]
    for holder in holders:
        out += [t.get(lang) for t in text_objects(holder)]
    return out


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_every_word_of_every_language_has_glyphs_in_both_fonts(lang, library):
    chars = set("".join(words_in(lang, library)))
    assert set(SAMPLE.get(lang, "")) <= chars, f"the {lang} texts were not all found"
    assert missing(chars) == {}


def test_the_check_can_fail():
    assert missing({"🙂"}) != {}
