"""The printable takeaway card: an A6 page (PNG and PDF) a trainer hands out after class.

The card holds what the takeaway screen shows (game/core/takeaway.py, one source): the
game's name, the three rules, the story's own lesson if there is one, 113 first and then
the other hotlines, and the QR code (the organiser's short address, printed under it, or
the short text). Nothing about the player: the same card for everyone in the room.

Drawn with Pillow and the shipped DejaVu fonts (they carry every Vietnamese diacritic),
so it needs no pygame: the classroom's "Print card" button and `python main.py
takeaway-card` (for cards printed before class) draw the same picture.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import segno
from PIL import Image, ImageDraw, ImageFont

from ..resources import ASSETS_DIR
from .strings import ui
from .takeaway import HEADLINE, HOTLINES, RULES, foreigner_help, qr_code, qr_payload

DPI = 300
A6_MM = (105, 148)
SIZE: tuple[int, int] = (round(A6_MM[0] / 25.4 * DPI), round(A6_MM[1] / 25.4 * DPI))  # (1240, 1748) pixels
INK = (20, 24, 32)
MUTED = (84, 92, 108)
BAND = (22, 30, 46)  # the game's own dark blue (the screen's background) behind the name
BAND_TEXT = (255, 196, 61)  # and its yellow accent
LESSON_BG = (255, 243, 214)
LESSON_PAD = 28  # pixels of the lesson's panel around its text
QR_BORDER = 4  # modules of white around the code, as the standard asks
POLICE = (180, 36, 30)


@dataclass(frozen=True)
class CardFiles:
    png: Path
    pdf: Path


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(ASSETS_DIR / "fonts" / name), size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Lines of text no wider than width, broken between words (a word longer than the line stays whole)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}".strip()
            if line and draw.textlength(trial, font=font) > width:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return lines


@dataclass(frozen=True)
class _Block:
    """One run of wrapped text: its font and colour, and the gap above it."""

    text: str
    size: int
    bold: bool = False
    colour: tuple[int, int, int] = INK
    gap: int = 0
    box: bool = False  # drawn on the lesson's pale background


def _blocks(lang: str, lesson: str | None, scale: float) -> list[_Block]:
    def s(points: float) -> int:
        return max(10, round(points * scale))

    blocks = [_Block(ui("three_rules", lang), s(52), bold=True, gap=0)]
    blocks += [_Block(f"{i}. {rule.get(lang)}", s(42), gap=s(18)) for i, rule in enumerate(RULES, 1)]
    if lesson:
        blocks.append(_Block(ui("story_lesson", lang), s(36), bold=True, colour=MUTED, gap=s(40) + LESSON_PAD, box=True))
        blocks.append(_Block(lesson, s(42), bold=True, gap=s(8), box=True))
    blocks.append(_Block(ui("hotlines", lang), s(52), bold=True, gap=s(44) + (LESSON_PAD if lesson else 0)))
    first, *rest = HOTLINES
    blocks.append(_Block(f"{first.number} — {first.label.get(lang)}", s(60), bold=True, colour=POLICE, gap=s(14)))
    blocks += [_Block(f"{h.number} — {h.label.get(lang)}", s(40), gap=s(12)) for h in rest]
    visitor = foreigner_help(lang)
    if visitor:
        blocks.append(_Block(visitor, s(36), bold=True, gap=s(20)))
    return blocks


def _layout(draw: ImageDraw.ImageDraw, blocks: list[_Block], width: int) -> list[tuple[_Block, list[str], int]]:
    """Each block with its lines and its line height."""
    out = []
    for b in blocks:
        font = _font(b.size, b.bold)
        out.append((b, _wrap(draw, b.text, font, width), round(b.size * 1.3)))
    return out


def _height(laid: list[tuple[_Block, list[str], int]]) -> int:
    return sum(b.gap + len(lines) * line_h for b, lines, line_h in laid)


def draw_card(lang: str, lesson: str | None = None, url: str | None = None) -> Image.Image:
    """The A6 card at 300 dpi (1240x1748 pixels), white, to print."""
    w, h = SIZE
    img = Image.new("RGB", (w, h), "white")
    draw = ImageDraw.Draw(img)
    margin = 80
    # The name on the game's dark band, as on the screens.
    # Inside a white edge: most printers cannot print to the edge of the paper.
    edge = 40
    band_h = 210 + edge
    draw.rounded_rectangle((edge, edge, w - edge, band_h), radius=32, fill=BAND)
    name_font = _font(92, bold=True)
    name = HEADLINE.get(lang)
    while draw.textlength(name, font=name_font) > w - 2 * margin and name_font.size > 40:
        name_font = _font(int(name_font.size) - 4, bold=True)
    draw.text((w // 2, (edge + band_h) // 2), name, font=name_font, fill=BAND_TEXT, anchor="mm")
    # The QR code at the bottom, big enough to scan from a hand's length; the address (if any) under it.
    qr = qr_code(qr_payload(lang, url))
    caption = url or ui("scan_to_keep", lang)
    cap_font = _font(36 if url else 34, bold=bool(url))
    cap_lines = _wrap(draw, caption, cap_font, w - 2 * margin)
    cap_h = len(cap_lines) * 46
    modules = int(qr.symbol_size(scale=1, border=QR_BORDER)[0])
    cell = 470 // modules
    qr_side = cell * modules
    qr_top = h - margin - cap_h - qr_side
    img.paste(_qr_image(qr, cell), ((w - qr_side) // 2, qr_top))
    y = qr_top + qr_side
    for line in cap_lines:
        draw.text((w // 2, y), line, font=cap_font, fill=INK if url else MUTED, anchor="ma")
        y += 46
    # The rules, the lesson and the hotlines between, smaller if a language's words need it.
    top, bottom = band_h + 60, qr_top - 50
    scale = 1.0
    laid = _layout(draw, _blocks(lang, lesson, scale), w - 2 * margin)
    while _height(laid) > bottom - top and scale > 0.5:
        scale -= 0.02
        laid = _layout(draw, _blocks(lang, lesson, scale), w - 2 * margin)
    y = top
    boxed = False
    for b, lines, line_h in laid:
        y += b.gap
        if b.box and not boxed:  # the lesson's panel reaches into the margin: its text stays in line with the rest
            boxed = True
            box_h = sum(len(ls) * lh + bb.gap for bb, ls, lh in laid if bb.box) - b.gap
            draw.rounded_rectangle(
                (margin - LESSON_PAD, y - LESSON_PAD, w - margin + LESSON_PAD, y + box_h + LESSON_PAD), radius=24, fill=LESSON_BG
            )
        font = _font(b.size, b.bold)
        for line in lines:
            draw.text((margin, y), line, font=font, fill=b.colour)
            y += line_h
    return img


def _qr_image(qr: segno.QRCode, cell: int) -> Image.Image:
    """The QR code as a black-on-white picture, cell pixels a module, with its quiet zone."""
    rows = [list(row) for row in qr.matrix_iter(scale=cell, border=QR_BORDER)]
    img = Image.new("1", (len(rows[0]), len(rows)), 1)
    img.putdata([0 if dark else 1 for row in rows for dark in row])
    return img.convert("RGB")


def card_name(lang: str, scenario_id: str | None = None) -> str:
    """The files' name: the language and the story, never anything about a player."""
    return f"notalone-card-{lang}" + (f"-{scenario_id}" if scenario_id else "")


def save_card(folder: Path, lang: str, lesson: str | None = None, url: str | None = None, scenario_id: str | None = None) -> CardFiles:
    """Write the card as PNG and PDF (A6 at 300 dpi) into folder; OSError if it cannot."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    img = draw_card(lang, lesson, url)
    name = card_name(lang, scenario_id)
    files = CardFiles(folder / f"{name}.png", folder / f"{name}.pdf")
    img.save(files.png, "PNG", dpi=(DPI, DPI))
    img.save(files.pdf, "PDF", resolution=DPI)  # the page is then exactly 105 x 148 mm
    return files
