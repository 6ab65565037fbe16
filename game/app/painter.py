"""Text and shapes on a pygame surface: fonts, word wrapping, caching, and overflow reports.

Rendering a line of text costs far more than blitting it, so every rendered line is
cached by (font, text, colour). Wrapping is our own: it splits on spaces (Vietnamese
words are syllables separated by spaces), breaks a word longer than the box by
characters, and shrinks the type a step at a time when a block does not fit. Text
that still does not fit its box is drawn clipped and reported in `overflows`, so a
test can assert that no screen overflows.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import pygame

from ..core.library import ASSETS_DIR

FONT_DIR = ASSETS_DIR / "fonts"
FONT_FILES = {False: FONT_DIR / "DejaVuSans.ttf", True: FONT_DIR / "DejaVuSans-Bold.ttf"}
LINE_SPACING = 1.22


# Where a line may break: any white space but the no-break ones, which French puts inside
# « guillemets » and before : ; ! ? (and every language in "24 h/24"), so a mark never starts a line.
_BREAKABLE = re.compile(r"[^\S\u00a0\u202f\u2007]+")


class Fonts:
    """Font objects by (size, bold), shared by every screen."""

    def __init__(self) -> None:
        self._fonts: dict[tuple[int, bool], pygame.font.Font] = {}

    def get(self, size: int, bold: bool = False) -> pygame.font.Font:
        size = max(8, int(size))
        key = (size, bold)
        font = self._fonts.get(key)
        if font is None:
            path: Path = FONT_FILES[bold]
            font = pygame.font.Font(str(path), size)
            self._fonts[key] = font
        return font


class TextCache:
    """Rendered lines and measured widths, bounded so a long kiosk day cannot grow it."""

    def __init__(self, limit: int = 4000) -> None:
        self.limit = limit
        self._lines: dict[tuple, pygame.Surface] = {}
        self._widths: dict[tuple, int] = {}

    def width(self, font: pygame.font.Font, size_key: tuple[int, bool], text: str) -> int:
        key = (size_key, text)
        w = self._widths.get(key)
        if w is None:
            if len(self._widths) > self.limit * 4:
                self._widths.clear()
            w = font.size(text)[0]
            self._widths[key] = w
        return w

    def render(self, font: pygame.font.Font, size_key: tuple[int, bool], text: str, colour) -> pygame.Surface:
        key = (size_key, text, colour)
        surf = self._lines.get(key)
        if surf is None:
            if len(self._lines) > self.limit:
                self._lines.clear()
            surf = font.render(text, True, colour)
            self._lines[key] = surf
        return surf


# Overflow and TextBlock are named tuples and Painter a plain class, not dataclasses:
# @dataclass compiles each class's methods at import, a few ms of every start-up.


class Overflow(NamedTuple):
    """Text that did not fit its box even at the smallest size allowed."""

    where: str
    text: str
    box: tuple[int, int, int, int]


class Mark(NamedTuple):
    """A tell as drawn: where it is on the surface and why it gives the trick away."""

    rect: tuple[int, int, int, int]
    why: str


class TextBlock(NamedTuple):
    """Text wrapped to a width: its lines and the type size they fit at."""

    lines: list[str]
    size: int
    bold: bool
    line_height: int
    fits: bool

    @property
    def height(self) -> int:
        return self.line_height * len(self.lines)


class Painter:
    """Draws one frame; collects overflows while it does."""

    def __init__(self, surface: pygame.Surface, fonts: Fonts, cache: TextCache, overflows: list[Overflow] | None = None) -> None:
        self.surface = surface
        self.fonts = fonts
        self.cache = cache
        self.overflows: list[Overflow] = [] if overflows is None else overflows
        # Tells drawn in this frame (a forged seal, a wrong domain, the words "keep this secret"):
        # the phone marks them while it draws; the debrief's "Show me" highlights them.
        self.marks: list[Mark] = []
        # Tells in a message's own words, (quote, why): while set (the phone sets them for the
        # step it draws), every text box that draws a quote marks the rectangle of its words.
        self.quotes: list[tuple[str, str]] = []

    # -- measuring -------------------------------------------------------------------

    def line_height(self, size: int) -> int:
        return int(size * LINE_SPACING + 0.5)

    def text_width(self, text: str, size: int, bold: bool = False) -> int:
        font = self.fonts.get(size, bold)
        return self.cache.width(font, (font.get_height(), bold), text) if text else 0

    def wrap(self, text: str, width: int, size: int, bold: bool = False) -> tuple[list[str], bool]:
        """Lines of text no wider than width; False if a single character is already too wide."""
        font = self.fonts.get(size, bold)
        key = (font.get_height(), bold)
        measure = lambda s: self.cache.width(font, key, s)  # noqa: E731
        space = measure(" ")
        lines: list[str] = []
        ok = True
        for para in text.split("\n"):
            current = ""
            current_w = 0
            for word in _BREAKABLE.split(para):
                if not word:
                    continue
                w = measure(word)
                if w > width:
                    # A word longer than the box (a URL, a long number): break it by characters.
                    if current:
                        lines.append(current)
                    piece = ""
                    for ch in word:
                        if measure(piece + ch) > width and piece:
                            lines.append(piece)
                            piece = ch
                        else:
                            piece += ch
                    if measure(piece) > width:
                        ok = False
                    current, current_w = piece, measure(piece)
                    continue
                if not current:
                    current, current_w = word, w
                elif current_w + space + w <= width:
                    current += " " + word
                    current_w += space + w
                else:
                    lines.append(current)
                    current, current_w = word, w
            lines.append(current)
        return lines, ok

    def fit(
        self, text: str, width: int, height: int, size: int, bold: bool = False, min_size: int | None = None, max_lines: int | None = None
    ) -> TextBlock:
        """Wrap text into a box, shrinking the type down to min_size if needed."""
        min_size = min_size or max(10, int(size * 0.7))
        s = size
        while True:
            lines, ok = self.wrap(text, width, s, bold)
            lh = self.line_height(s)
            fits = ok and lh * len(lines) <= height and (max_lines is None or len(lines) <= max_lines)
            if fits or s <= min_size:
                return TextBlock(lines, s, bold, lh, fits)
            s = max(min_size, int(s * 0.92))

    def row_size(self, items: list[tuple[str, pygame.Rect]], size: int, min_size: int | None = None, bold: bool = False) -> int:
        """One type size for boxes seen side by side (a row of cards, a menu's rows): the largest
        at which every text fits its box, so no card's words look smaller than its neighbour's."""
        return min((self.fit(text, box.width, box.height, size, bold, min_size).size for text, box in items), default=size)

    # -- drawing ---------------------------------------------------------------------

    def mark_tell(self, rect: pygame.Rect, why: str) -> None:
        """Note that a tell was drawn at rect (see `marks`)."""
        self.marks.append(Mark((rect.x, rect.y, rect.width, rect.height), why))

    def text_line(self, text: str, pos: tuple[int, int], size: int, colour, bold: bool = False, anchor: str = "topleft") -> pygame.Rect:
        if not text:
            return pygame.Rect(pos, (0, 0))
        font = self.fonts.get(size, bold)
        surf = self.cache.render(font, (font.get_height(), bold), text, colour)
        rect = surf.get_rect(**{anchor: pos})
        self.surface.blit(surf, rect)
        return rect

    def text_box(
        self,
        text: str,
        box: pygame.Rect,
        size: int,
        colour,
        bold: bool = False,
        align: str = "left",
        valign: str = "top",
        where: str = "",
        min_size: int | None = None,
        max_lines: int | None = None,
    ) -> TextBlock:
        """Draw text wrapped inside box; report it if it cannot fit even at min_size."""
        block = self.fit(text, box.width, box.height, size, bold, min_size, max_lines)
        if not block.fits:
            self.overflows.append(Overflow(where or "text", text[:80], (box.x, box.y, box.width, box.height)))
        y = box.y
        if valign == "middle":
            y = box.y + max(0, (box.height - block.height) // 2)
        elif valign == "bottom":
            y = box.bottom - block.height
        clip = self.surface.get_clip()
        self.surface.set_clip(box.clip(clip) if clip else box)
        font = self.fonts.get(block.size, bold)
        key = (font.get_height(), bold)
        if self.quotes:
            self._mark_quotes(block, box, y, align, box.clip(clip) if clip else box)
        for line in block.lines:
            surf = self.cache.render(font, key, line, colour) if line else None
            if surf is not None:
                if align == "center":
                    x = box.centerx - surf.get_width() // 2
                elif align == "right":
                    x = box.right - surf.get_width()
                else:
                    x = box.x
                self.surface.blit(surf, (x, y + (block.line_height - surf.get_height()) // 2))
            y += block.line_height
        self.surface.set_clip(clip)
        return block

    def _mark_quotes(self, block: TextBlock, box: pygame.Rect, top: int, align: str, seen: pygame.Rect) -> None:
        """Mark each watched quote found in the wrapped lines: one rectangle per line it covers, cut to what shows."""
        for quote, why in self.quotes:
            for i, start, end in quote_spans(block.lines, quote):
                line = block.lines[i]
                width = self.text_width(line, block.size, block.bold)
                x = box.centerx - width // 2 if align == "center" else box.right - width if align == "right" else box.x
                x += self.text_width(line[:start], block.size, block.bold)
                rect = pygame.Rect(
                    x, top + i * block.line_height, self.text_width(line[start:end], block.size, block.bold), block.line_height
                )
                rect = rect.clip(seen)
                if rect.width and rect.height:
                    self.mark_tell(rect, why)

    def rect(self, box: pygame.Rect, colour, radius: int = 0, width: int = 0) -> None:
        pygame.draw.rect(self.surface, colour, box, width=width, border_radius=radius)

    def circle(self, centre: tuple[int, int], radius: int, colour, width: int = 0) -> None:
        pygame.draw.circle(self.surface, colour, centre, radius, width)


def quote_spans(lines: list[str], quote: str) -> list[tuple[int, int, int]]:
    """Where a quote lies in wrapped lines: (line, start, end) per line it covers; [] if it is not there.

    Wrapping changes only the spaces (and may break a long word), so the search ignores
    white space; it tries the exact words first, then ignoring case.
    """
    needle = "".join(quote.split())
    if not needle:
        return []
    chars: list[str] = []
    where: list[tuple[int, int]] = []
    for i, line in enumerate(lines):
        for j, ch in enumerate(line):
            if not ch.isspace():
                chars.append(ch)
                where.append((i, j))
    hay = "".join(chars)
    at = hay.find(needle)
    if at < 0 and len(hay.lower()) == len(hay):
        at = hay.lower().find(needle.lower())
    if at < 0:
        return []
    spans: dict[int, tuple[int, int]] = {}
    for i, j in where[at : at + len(needle)]:
        lo, hi = spans.get(i, (j, j))
        spans[i] = (min(lo, j), max(hi, j))
    return [(i, lo, hi + 1) for i, (lo, hi) in sorted(spans.items())]
