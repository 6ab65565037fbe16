"""Horizontal bar charts drawn with Pillow, made to be read on a projector from the back row.

Large type, strong colours that survive a washed-out projector (Okabe-Ito, safe for
colour-blind readers), labels that wrap onto two lines and end in "…" rather than run
into each other, and value texts always right of their bar: the plot is scaled so the
longest value text still fits. Every text drawn is kept with its box in `Chart.boxes`,
so a test can check that no two texts overlap and none leaves the picture.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from ..core.library import ASSETS_DIR

WIDTH, MIN_HEIGHT = 1920, 1080
MARGIN = 60
INK = (26, 26, 26)
SOFT_INK = (70, 70, 70)
GRID = (215, 215, 215)
PAPER = (255, 255, 255)

# Okabe-Ito colours
BLUE = (0, 114, 178)
ORANGE = (230, 159, 0)
VERMILION = (213, 94, 0)
DARK_RED = (122, 31, 0)
GREEN = (0, 158, 115)
PURPLE = (204, 121, 167)
GREY = (170, 180, 190)

Box = tuple[int, int, int, int]


@cache
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(ASSETS_DIR / "fonts" / name), size)


@dataclass(frozen=True)
class Series:
    label: str
    color: tuple[int, int, int]


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[float | None, ...]  # one per series (stacked: the parts of one bar)
    texts: tuple[str, ...]  # one per series (stacked: one text for the whole bar)
    strong: bool = False  # the all-stories row: label in bold
    faint: bool = False  # too few answers to lean on: the bar is drawn pale


@dataclass
class Chart:
    image: Image.Image
    boxes: list[tuple[str, Box]] = field(default_factory=list)

    def save(self, path) -> None:
        self.image.save(path, optimize=True)


def line_step(fnt: ImageFont.FreeTypeFont) -> int:
    """Distance between lines: the tallest Vietnamese stack (Ấ, Ệ) to the lowest descender, plus air."""
    top, bottom = fnt.getbbox("ẤỆgjỵ")[1], fnt.getbbox("ẤỆgjỵ")[3]
    return int(bottom - top) + 6


def pale(color: tuple[int, int, int]) -> tuple[int, int, int]:
    return tuple(round(v + (255 - v) * 0.6) for v in color)  # type: ignore[return-value]


def wrap(text: str, fnt: ImageFont.FreeTypeFont, width: int, max_lines: int = 2) -> list[str]:
    """Words onto at most `max_lines` lines of `width` pixels; the last ends in "…" if cut."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for i, word in enumerate(words):
        trial = f"{current} {word}".strip()
        if fnt.getlength(trial) <= width or not current:
            current = trial
            continue
        lines.append(current)
        current = word
        if len(lines) == max_lines:
            current = " ".join([lines.pop(), *words[i:]])
            break
    lines.append(current)
    return [_fit(line, fnt, width) for line in lines[:max_lines]]


def _fit(line: str, fnt: ImageFont.FreeTypeFont, width: int) -> str:
    if fnt.getlength(line) <= width:
        return line
    while line and fnt.getlength(line + "…") > width:
        line = line[:-1]
    return line.rstrip() + "…"


class _Canvas:
    def __init__(self, width: int, height: int) -> None:
        self.image = Image.new("RGB", (width, height), PAPER)
        self.draw = ImageDraw.Draw(self.image)
        self.boxes: list[tuple[str, Box]] = []

    def text(self, xy: tuple[float, float], text: str, fnt, fill=INK, anchor: str = "la") -> tuple[float, float, float, float]:
        box = self.draw.textbbox(xy, text, font=fnt, anchor=anchor)
        self.draw.text(xy, text, font=fnt, fill=fill, anchor=anchor)
        self.boxes.append((text, (int(box[0]), int(box[1]), int(box[2]), int(box[3]))))
        return box


def bar_chart(
    title: str,
    subtitle: str,
    series: list[Series],
    rows: list[Row],
    footer: str = "",
    stacked: bool = False,
    percent: bool = True,
    width: int = WIDTH,
    min_height: int = MIN_HEIGHT,
) -> Chart:
    """Grouped (one bar per series) or stacked horizontal bars, one group per row."""
    f_title, f_sub, f_label, f_strong = font(60, True), font(36), font(38), font(38, True)
    f_value, f_legend, f_small = font(34), font(34), font(28)
    line_h = line_step(f_label) + 4
    title_h, sub_h = line_step(f_title), line_step(f_sub)
    bars = 1 if stacked else len(series)

    # Header: title, subtitle and legend, each wrapped to the width so nothing runs off.
    inner = width - 2 * MARGIN
    title_lines = wrap(title, f_title, inner, 2)
    sub_lines = wrap(subtitle, f_sub, inner, 2) if subtitle else []
    legend_rows: list[list[tuple[str, Series, float]]] = [[]]
    x = 0.0
    for s in series if len(series) > 1 else []:
        text = _fit(s.label, f_legend, inner - 44)
        w = 44 + f_legend.getlength(text) + 48
        if x + w > inner and legend_rows[-1]:
            legend_rows.append([])
            x = 0.0
        legend_rows[-1].append((text, s, w))
        x += w
    legend_rows = [r for r in legend_rows if r]

    # Columns: labels on the left, then bars, then room for the longest value text.
    label_w = min(int(0.36 * width), max((f_strong.getlength(r.label) for r in rows), default=0) + 4)
    label_w = max(label_w, 200)
    wrapped = [wrap(r.label, f_strong if r.strong else f_label, int(label_w)) for r in rows]
    value_w = max((f_value.getlength(t) for r in rows for t in r.texts), default=0)
    x0 = MARGIN + label_w + 30
    bar_max = width - MARGIN - value_w - 16 - x0

    header_h = title_h * len(title_lines) + sub_h * len(sub_lines) + 52 * len(legend_rows) + 30
    tick_h = 50
    footer_h = 50 if footer else 0
    # Thinner bars before a taller picture: a 16:9 frame shows on a projector without scaling.
    # Never so thin that the value texts of two bars of a group would touch.
    value_h = line_step(f_value) - 6
    presets = [(46, 10, 34)] + [p for p in ((40, 8, 28), (34, 6, 22), (30, 5, 18)) if bars == 1 or p[0] + p[1] >= value_h + 4]
    for bar_h, bar_gap, group_gap in presets:
        group_hs = [max(bars * bar_h + (bars - 1) * bar_gap, len(lines) * line_h) for lines in wrapped]
        natural = MARGIN + header_h + sum(group_hs) + group_gap * len(rows) + tick_h + footer_h + MARGIN
        if natural <= min_height:
            break
    if natural < min_height and rows:  # few rows: thicker bars and more air instead of a blank lower half
        extra = (min_height - natural) / len(rows)
        grow = min(extra / 2 / bars, 34)
        bar_h, group_gap = int(bar_h + grow), int(group_gap + min(extra - grow * bars, 40))
        group_hs = [max(bars * bar_h + (bars - 1) * bar_gap, len(lines) * line_h) for lines in wrapped]
        natural = MARGIN + header_h + sum(group_hs) + group_gap * len(rows) + tick_h + footer_h + MARGIN
    height = max(min_height, natural)

    c = _Canvas(width, height)
    y = MARGIN
    for line in title_lines:
        c.text((MARGIN, y), line, f_title)
        y += title_h
    for line in sub_lines:
        c.text((MARGIN, y), line, f_sub, fill=SOFT_INK)
        y += sub_h
    y += 14
    for legend in legend_rows:
        x = MARGIN
        for text, s, w in legend:
            c.draw.rectangle((x, y + 6, x + 32, y + 38), fill=s.color)
            c.text((x + 44, y + 22), text, f_legend, anchor="lm")
            x += w
        y += 52
    y += 16

    top = y
    scale_max = 1.0 if percent else max((v or 0) * 1.0 for r in rows for v in ([sum(v or 0 for v in r.values)] if stacked else r.values))
    scale_max = scale_max or 1.0
    plot_bottom = top + sum(group_hs) + group_gap * len(rows)
    ticks = _ticks(scale_max, percent)
    for t in ticks:  # grid first, so bars paint over it
        gx = x0 + bar_max * t / scale_max
        c.draw.line((gx, top - 8, gx, plot_bottom - group_gap + 8), fill=GRID, width=2)

    for row, lines, gh in zip(rows, wrapped, group_hs, strict=True):
        lf = f_strong if row.strong else f_label
        ly = y + (gh - len(lines) * line_h) / 2 + line_h / 2
        for line in lines:
            c.text((x0 - 30, ly), line, lf, anchor="rm")
            ly += line_h
        by = y + (gh - (bars * bar_h + (bars - 1) * bar_gap)) / 2
        if stacked:
            bx = x0
            for v, s in zip(row.values, series, strict=True):
                w = bar_max * (v or 0) / scale_max
                if w > 0:
                    c.draw.rectangle((bx, by, bx + w, by + bar_h), fill=s.color)
                bx += w
            c.text((bx + 16, by + bar_h / 2), row.texts[0], f_value, anchor="lm")
        else:
            for v, s, shown in zip(row.values, series, row.texts, strict=True):
                w = bar_max * (v or 0) / scale_max
                if w > 0:
                    c.draw.rectangle((x0, by, x0 + w, by + bar_h), fill=pale(s.color) if row.faint else s.color)
                c.text((x0 + w + 16, by + bar_h / 2), shown, f_value, fill=INK if v is not None else SOFT_INK, anchor="lm")
                by += bar_h + bar_gap
        y += gh + group_gap

    c.draw.line((x0, top - 8, x0, plot_bottom - group_gap + 8), fill=INK, width=3)
    ty = plot_bottom - group_gap + 16
    for t in ticks:
        gx = x0 + bar_max * t / scale_max
        c.text((gx, ty), f"{round(100 * t)}%" if percent else f"{t:g}", f_small, fill=SOFT_INK, anchor="ma")
    if footer:
        c.text((MARGIN, height - MARGIN), wrap(footer, f_small, inner, 1)[0], f_small, fill=SOFT_INK, anchor="ld")
    return Chart(c.image, c.boxes)


def _ticks(scale_max: float, percent: bool) -> list[float]:
    if percent:
        return [0.0, 0.25, 0.5, 0.75, 1.0]
    magnitude = 10 ** math.floor(math.log10(scale_max)) if scale_max > 0 else 1
    step = next(m * magnitude for m in (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10) if scale_max / (m * magnitude) <= 6)
    return [round(i * step, 9) for i in range(int(scale_max / step + 1e-9) + 1)]
