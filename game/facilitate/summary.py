"""The session summary a trainer keeps: a CSV for a spreadsheet, a PNG to show or print.

For each decision: what was said, the tactic, the room's choice with its votes, the
safe reply, whether the trainer played something else; then the tactics met. Words
come from game/core/strings.py in the session's language; the PNG uses DejaVu Sans
(Vietnamese) and the Okabe-Ito colours (readable for colour-blind viewers), and keeps
the box of every text it draws so a test can check that nothing overlaps or spills.
"""

from __future__ import annotations

import csv
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from ..core.library import ASSETS_DIR
from ..core.strings import ui
from .session import GroupSummary, Round

WIDTH = 1600
MARGIN = 60
PAPER = (255, 255, 255)
INK = (26, 26, 26)
SOFT_INK = (80, 80, 80)
ROOM_ROW = (255, 243, 205)
RULE = (210, 210, 210)
SAFETY_COLOURS = {  # Okabe-Ito
    "safe": (0, 158, 115),
    "neutral": (120, 130, 140),
    "risky": (230, 159, 0),
    "unsafe": (213, 94, 0),
}
SAFETY_INK = {"safe": (0, 110, 80), "neutral": (80, 88, 96), "risky": (150, 95, 0), "unsafe": (170, 60, 0)}

Box = tuple[int, int, int, int]


@cache
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(ASSETS_DIR / "fonts" / name), size)


def file_stem(summary: GroupSummary, when: time.struct_time | None = None) -> str:
    stamp = time.strftime("%Y%m%d-%H%M", when or time.localtime())
    return f"facilitate-{summary.scenario_id}-{stamp}"


def write_summary(summary: GroupSummary, out_dir: Path, when: time.struct_time | None = None) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = file_stem(summary, when)
    csv_path = out_dir / f"{stem}.csv"
    png_path = out_dir / f"{stem}.png"
    write_csv(summary, csv_path)
    draw_summary(summary).image.save(png_path, optimize=True)
    return csv_path, png_path


# -- CSV -----------------------------------------------------------------------------------


def _yes_no(value: bool, lang: str) -> str:
    return ui("fac_yes" if value else "fac_no", lang)


def tactic_label(summary: GroupSummary, r: Round) -> str:
    if r.genuine:
        return ui("genuine_message", summary.lang)
    return summary.tactic_names.get(r.tactic or "", r.tactic or "")


def csv_rows(summary: GroupSummary) -> list[list[str]]:
    lang = summary.lang
    header = [
        ui("fac_step", lang),
        "id",
        ui("fac_message", lang),
        ui("tactic", lang),
        ui("fac_room_chose", lang),
        ui("fac_votes", lang),
        ui("fac_total_votes", lang),
        ui("fac_safety", lang),
        ui("safe_reply", lang),
        ui("fac_played", lang),
        ui("fac_trainer_override", lang),
        ui("fac_tie", lang),
        ui("fac_counts", lang),
    ]
    rows = [header]
    for r in summary.rounds:
        room = r.room_choice
        rows.append(
            [
                str(r.n),
                r.step_id,
                summary.messages.get(r.step_id, ""),
                tactic_label(summary, r),
                r.choices[room] if room is not None else ui("fac_no_votes", lang),
                str(r.counts[room]) if room is not None else "0",
                str(r.total),
                ui(f"safety_{r.safety[room]}", lang) if room is not None else "",
                " / ".join(r.choices[i] for i in r.safe_choices),
                r.choices[r.played],
                _yes_no(r.overridden, lang),
                _yes_no(r.tied, lang),
                " | ".join(f"{i + 1}. {c}" for i, c in enumerate(r.counts)),
            ]
        )
    return rows


def write_csv(summary: GroupSummary, path: Path) -> None:
    # utf-8-sig: spreadsheet programs then read Vietnamese correctly when the file is double-clicked.
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(csv_rows(summary))


# -- PNG -----------------------------------------------------------------------------------


@dataclass
class Drawing:
    image: Image.Image
    boxes: list[Box] = field(default_factory=list)  # every text drawn


def wrap(text: str, fnt: ImageFont.FreeTypeFont, width: int, max_lines: int = 3) -> list[str]:
    """Lines that fit `width`; the last one ends in '…' if the text is longer than max_lines."""
    words = text.split()
    lines: list[str] = []
    line = ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if fnt.getlength(candidate) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    lines = [_fit(ln, fnt, width) for ln in lines] or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _fit(lines[-1] + " …", fnt, width, force_ellipsis=True)
    return lines


def _fit(line: str, fnt: ImageFont.FreeTypeFont, width: int, force_ellipsis: bool = False) -> str:
    if fnt.getlength(line) <= width and not force_ellipsis:
        return line
    if force_ellipsis and fnt.getlength(line) <= width:
        return line
    while line and fnt.getlength(line + "…") > width:
        line = line[:-1]
    return line.rstrip() + "…"


class _Layout:
    """Places texts top-down. With no image it only measures (first pass: the height)."""

    def __init__(self, draw: ImageDraw.ImageDraw | None) -> None:
        self.draw = draw
        self.boxes: list[Box] = []
        self.y = MARGIN

    def text(self, x: int, y: int, text: str, fnt: ImageFont.FreeTypeFont, fill=INK) -> Box:
        box = tuple(int(v) for v in fnt.getbbox(text))
        placed = (x + box[0], y + box[1], x + box[2], y + box[3])
        if self.draw is not None and text:
            self.draw.text((x, y), text, font=fnt, fill=fill)
        if text:
            self.boxes.append(placed)
        return placed

    def lines(self, x: int, y: int, lines: list[str], fnt: ImageFont.FreeTypeFont, fill=INK) -> int:
        """Draws lines from y; returns the y below them."""
        step = int(fnt.size * 1.3)
        for i, line in enumerate(lines):
            self.text(x, y + i * step, line, fnt, fill)
        return y + step * len(lines)

    def rect(self, box: Box, fill, outline=None) -> None:
        if self.draw is not None:
            self.draw.rectangle(box, fill=fill, outline=outline)


def _layout(summary: GroupSummary, lay: _Layout) -> int:
    lang = summary.lang
    content = WIDTH - 2 * MARGIN
    title_font, head_font, body, bold, small = font(44, True), font(30, True), font(24), font(24, True), font(21)

    y = lay.lines(MARGIN, MARGIN, wrap(ui("fac_summary_title", lang, title=summary.title), title_font, content, 2), title_font)
    outcome = ui(f"outcome_{summary.outcome}", lang)
    if summary.ending_title:
        outcome = f"{outcome}: {summary.ending_title}"
    for line in [outcome, *summary.verdict]:  # the ending, then the verdict worded from it and the counts
        y = lay.lines(MARGIN, y + 8, wrap(line, body, content, 2), body, SOFT_INK)
    voted = len(summary.voted_rounds)
    y = lay.lines(MARGIN, y, [ui("fac_room_safe_steps", lang, a=summary.room_safe, b=voted)], bold)
    lay.rect((MARGIN, y + 10, MARGIN + 44, y + 34), ROOM_ROW, RULE)  # the legend of the highlighted rows
    y = lay.lines(MARGIN + 56, y + 8, [ui("fac_room_chose", lang)], small, SOFT_INK)

    label_w = 760
    tag_x = MARGIN + label_w + 20
    tag_w = 170
    bar_x = tag_x + tag_w + 20
    count_w = 80
    bar_w = WIDTH - MARGIN - count_w - bar_x
    for r in summary.rounds:
        y += 22
        lay.rect((MARGIN, y, WIDTH - MARGIN, y + 2), RULE)
        y += 16
        head = f"{ui('fac_step', lang)} {r.n} · {tactic_label(summary, r)}"
        y = lay.lines(MARGIN, y, wrap(head, head_font, content, 2), head_font)
        said = summary.messages.get(r.step_id, "")
        if said:
            y = lay.lines(MARGIN, y + 2, wrap(said, small, content, 2), small, SOFT_INK)
        y += 8
        top = max(r.counts) if r.counts and max(r.counts) > 0 else 1
        for i, label in enumerate(r.choices):
            is_room = i == r.room_choice
            fnt = bold if is_room else body
            lines = wrap(f"{i + 1}. {label}", fnt, label_w, 2)
            row_h = max(int(body.size * 1.3) * len(lines), 40) + 10
            if is_room:
                lay.rect((MARGIN - 10, y - 4, WIDTH - MARGIN + 10, y + row_h - 6), ROOM_ROW)
            lay.lines(MARGIN, y, lines, fnt)
            safety = r.safety[i]
            mark = "✓ " if safety == "safe" else ""
            lay.text(tag_x, y + 2, _fit(mark + ui(f"safety_{safety}", lang), small, tag_w), small, SAFETY_INK[safety])
            length = int(bar_w * r.counts[i] / top)
            if length:
                lay.rect((bar_x, y + 2, bar_x + length, y + 30), SAFETY_COLOURS[safety])
            lay.text(bar_x + length + 10, y + 2, str(r.counts[i]), bold if is_room else body)
            y += row_h
        notes = []
        if r.room_choice is None:
            notes.append(ui("fac_no_votes", lang))
        if r.tied:
            notes.append(ui("fac_tie", lang))
        if r.overridden:
            notes.append(f"{ui('fac_played', lang)}: {r.played + 1}. {r.choices[r.played]}")
        if sum(r.hands):
            notes.append(ui("fac_votes_split", lang, phones=sum(r.phones), hands=sum(r.hands)))
        for note in notes:
            y = lay.lines(MARGIN, y, wrap(note, small, content, 2), small, SOFT_INK)

    if summary.tactics_met:
        y += 26
        lay.rect((MARGIN, y, WIDTH - MARGIN, y + 2), RULE)
        y += 16
        y = lay.lines(MARGIN, y, [ui("fac_tactics_met", lang)], head_font)
        for card in summary.tactics_met:
            y = lay.lines(MARGIN, y + 4, wrap(f"• {card.name}", bold, content, 1), bold)
            y = lay.lines(MARGIN + 28, y, wrap(f"{ui('red_flag', lang)}: {card.red_flag}", small, content - 28, 2), small, SOFT_INK)
    return y + MARGIN


def draw_summary(summary: GroupSummary) -> Drawing:
    height = _layout(summary, _Layout(None))
    image = Image.new("RGB", (WIDTH, max(height, 400)), PAPER)
    lay = _Layout(ImageDraw.Draw(image))
    _layout(summary, lay)
    return Drawing(image, lay.boxes)
