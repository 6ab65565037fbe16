"""Draw every picture of the game into assets/images/ with Pillow: no third-party art.

    python assets/make_art.py                 # writes every image (byte-for-byte repeatable)
    python assets/make_art.py --sheet X.png   # also writes a contact sheet of them all to X.png
    python assets/make_art.py --faces X.png   # a contact sheet of every shipped story's faces

What it makes:
  icons/<id>.png     128x128, a white glyph on transparent (the game tints it)
  warrant.png, payout.png, parcel.png, motel.png, bus.png   story pictures

Characters' faces are not files: game/app/faces.py draws each character's own face at run
time, in the same style (`--faces` shows them all, as the game draws them).

Everything is drawn at 4x size in "final pixel" coordinates and scaled down with LANCZOS,
which gives smooth edges without any antialiasing code. The style is flat and soft: no
outlines, rounded shapes, muted colours, faces reduced to dots and a curve so they read at
64 px. Nothing random is used, so every run gives the same files.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

S = 4  # supersampling factor
ROOT = Path(__file__).resolve().parent
OUT = ROOT / "images"
FONT_BOLD = ROOT / "fonts" / "DejaVuSans-Bold.ttf"
FONT = ROOT / "fonts" / "DejaVuSans.ttf"

Col = tuple[int, ...]
Pt = tuple[float, float]
WHITE: Col = (255, 255, 255, 255)
CLEAR: Col = (0, 0, 0, 0)


def shade(c: Col, f: float) -> Col:
    """c darkened (f < 1) or lightened towards white (f > 1)."""
    r, g, b = c[:3]
    if f <= 1:
        return (round(r * f), round(g * f), round(b * f))
    t = min(1.0, f - 1)
    return (round(r + (255 - r) * t), round(g + (255 - g) * t), round(b + (255 - b) * t))


def ell_pts(cx: float, cy: float, rx: float, ry: float, a0: float, a1: float, n: int = 32) -> list[Pt]:
    """Points along an ellipse from angle a0 to a1 (degrees, clockwise on screen from 3 o'clock)."""
    return [
        (cx + rx * math.cos(math.radians(a0 + (a1 - a0) * i / n)), cy + ry * math.sin(math.radians(a0 + (a1 - a0) * i / n)))
        for i in range(n + 1)
    ]


def star_pts(cx: float, cy: float, r_out: float, r_in: float, n: int = 5, rot: float = -90) -> list[Pt]:
    pts = []
    for i in range(2 * n):
        r = r_out if i % 2 == 0 else r_in
        a = math.radians(rot + 180 * i / n)
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts


class Pen:
    """An RGBA canvas drawn at S x size; every coordinate and width is given in final pixels.

    `at(x, y, k)` moves the origin and scales, so a figure can be drawn in its own units
    (a person is drawn in avatar units and placed anywhere at any size). Drawing writes
    pixels directly (no blending), so CLEAR punches holes; translucent paint goes through
    `over()`, which composites a layer.
    """

    def __init__(self, w: int, h: int, bg: Col = CLEAR) -> None:
        self.w, self.h = w, h
        self.im = Image.new("RGBA", (w * S, h * S), tuple(bg) if len(bg) == 4 else (*bg, 255))
        self.d = ImageDraw.Draw(self.im)
        self.ox, self.oy, self.k = 0.0, 0.0, 1.0

    # -- coordinates -------------------------------------------------------------------
    @contextmanager
    def at(self, x: float, y: float, k: float = 1.0) -> Iterator[Pen]:
        saved = (self.ox, self.oy, self.k)
        self.ox, self.oy, self.k = self.ox + x * self.k, self.oy + y * self.k, self.k * k
        try:
            yield self
        finally:
            self.ox, self.oy, self.k = saved

    def _p(self, x: float, y: float) -> tuple[float, float]:
        return ((self.ox + x * self.k) * S, (self.oy + y * self.k) * S)

    def _box(self, b) -> list[float]:
        x0, y0 = self._p(b[0], b[1])
        x1, y1 = self._p(b[2], b[3])
        return [min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)]

    def _w(self, w: float) -> int:
        return max(1, round(w * self.k * S))

    @staticmethod
    def _c(c: Col) -> Col:
        return tuple(c) if len(c) == 4 else (*c, 255)

    # -- shapes ------------------------------------------------------------------------
    def ellipse(self, b, fill: Col) -> None:
        self.d.ellipse(self._box(b), fill=self._c(fill))

    def circle(self, x: float, y: float, r: float, fill: Col) -> None:
        self.ellipse((x - r, y - r, x + r, y + r), fill)

    def rect(self, b, fill: Col, r: float = 0) -> None:
        box = self._box(b)
        rr = min(r * self.k * S, (box[2] - box[0]) / 2, (box[3] - box[1]) / 2)
        if rr >= 1:
            self.d.rounded_rectangle(box, radius=rr, fill=self._c(fill))
        else:
            self.d.rectangle(box, fill=self._c(fill))

    def poly(self, pts, fill: Col) -> None:
        self.d.polygon([self._p(x, y) for x, y in pts], fill=self._c(fill))

    def line(self, pts, fill: Col, w: float, caps: bool = True) -> None:
        """A polyline with round joins and (by default) round caps."""
        sp = [self._p(x, y) for x, y in pts]
        self.d.line(sp, fill=self._c(fill), width=self._w(w), joint="curve")
        if caps:
            r = self._w(w) / 2
            for x, y in (sp[0], sp[-1]):
                self.d.ellipse([x - r, y - r, x + r, y + r], fill=self._c(fill))

    def arc(self, b, a0: float, a1: float, fill: Col, w: float, caps: bool = True) -> None:
        """An arc of width w inside box b, with round ends."""
        self.d.arc(self._box(b), a0, a1, fill=self._c(fill), width=self._w(w))
        if caps:
            cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
            rx, ry = abs(b[2] - b[0]) / 2 - w / 2, abs(b[3] - b[1]) / 2 - w / 2
            for a in (a0, a1):
                self.circle(cx + rx * math.cos(math.radians(a)), cy + ry * math.sin(math.radians(a)), w / 2, fill)

    def chord(self, b, a0: float, a1: float, fill: Col) -> None:
        self.d.chord(self._box(b), a0, a1, fill=self._c(fill))

    def pie(self, b, a0: float, a1: float, fill: Col) -> None:
        self.d.pieslice(self._box(b), a0, a1, fill=self._c(fill))

    def glyph(self, ch: str, x: float, y: float, size: float, fill: Col, bold: bool = True) -> None:
        """One symbol (only the question mark is ever drawn), centred on x, y."""
        font = ImageFont.truetype(str(FONT_BOLD if bold else FONT), self._w(size))
        self.d.text(self._p(x, y), ch, font=font, fill=self._c(fill), anchor="mm")

    # -- layers ------------------------------------------------------------------------
    def layer(self) -> Pen:
        p = Pen(self.w, self.h)
        p.ox, p.oy, p.k = self.ox, self.oy, self.k
        return p

    def put(self, other: Pen, opacity: float = 1.0) -> None:
        im = other.im
        if opacity < 1:
            im = im.copy()
            im.putalpha(im.getchannel("A").point(lambda a: round(a * opacity)))
        self.im.alpha_composite(im)

    @contextmanager
    def over(self, opacity: float = 1.0, blur: float = 0) -> Iterator[Pen]:
        """Draw on a fresh layer, then composite it (translucent paint, soft shadows, glows)."""
        lay = self.layer()
        yield lay
        if blur:
            lay.im = lay.im.filter(ImageFilter.GaussianBlur(blur * S))
        self.put(lay, opacity)

    def clip_to(self, mask: Pen) -> None:
        """Keep only what lies under the opaque part of mask."""
        self.im.putalpha(ImageChops.multiply(self.im.getchannel("A"), mask.im.getchannel("A")))

    def blur(self, r: float) -> None:
        self.im = self.im.filter(ImageFilter.GaussianBlur(r * S))
        self.d = ImageDraw.Draw(self.im)

    def result(self) -> Image.Image:
        return self.im.resize((self.w, self.h), Image.Resampling.LANCZOS)


# == people and buildings ===============================================================
# Characters' faces and video-call figures are drawn at run time by game/app/faces.py
# (one look per character of a story); only the tiny figures of the story pictures are here.

SKIN = {"medium": (231, 187, 148)}
HAIR = {"black": (38, 32, 36)}
PAPER: Col = (250, 247, 238)


def draw_bank_building(p: Pen, fill: Col, hole: Col) -> None:
    """A generic columned building in a 128 box: pediment, four columns, steps."""
    p.poly([(64, 10), (118, 40), (10, 40)], fill)
    p.circle(64, 29, 6, hole)
    p.rect((14, 44, 114, 52), fill, r=2)
    for x in (18, 42, 74, 98):
        p.rect((x, 56, x + 12, 96), fill, r=2)
    p.rect((14, 100, 114, 108), fill, r=2)
    p.rect((6, 110, 122, 118), fill, r=2)


# == icons (white glyph on transparent, 128 box) ===========================================

W = WHITE


def icon_badge(p: Pen) -> None:
    p.poly(star_pts(64, 64, 58, 47, 12, -90), W)
    p.circle(64, 64, 40, CLEAR)
    p.circle(64, 64, 33, W)
    p.poly(star_pts(64, 66, 22, 9, 5), CLEAR)


def icon_warning(p: Pen) -> None:
    tri = [(64, 16), (116, 108), (12, 108)]
    p.poly(tri, W)
    p.line(tri + [tri[0]], W, 14)
    p.rect((57, 44, 71, 82), CLEAR, r=7)
    p.circle(64, 96, 7.5, CLEAR)


def icon_clock(p: Pen) -> None:
    p.circle(64, 64, 58, W)
    p.circle(64, 64, 45, CLEAR)
    p.line([(64, 64), (64, 34)], W, 11)
    p.line([(64, 64), (86, 78)], W, 11)


def icon_shush(p: Pen) -> None:
    p.circle(64, 60, 56, W)
    p.arc((32, 36, 56, 60), 20, 160, CLEAR, 7)
    p.arc((72, 36, 96, 60), 20, 160, CLEAR, 7)
    p.line([(36, 84), (92, 84)], CLEAR, 8)
    p.rect((45, 54, 83, 140), CLEAR, r=19)
    p.rect((53, 62, 75, 140), W, r=11)


def icon_door(p: Pen) -> None:
    p.line([(26, 118), (26, 12), (102, 12), (102, 118)], W, 11)
    p.line([(10, 118), (118, 118)], W, 10)
    p.poly([(32, 18), (78, 30), (78, 114), (32, 118)], W)
    p.circle(68, 72, 6, CLEAR)


def icon_video(p: Pen) -> None:
    p.rect((6, 30, 88, 98), W, r=16)
    p.poly([(92, 56), (122, 36), (122, 92), (92, 72)], W)
    p.line([(92, 56), (122, 36), (122, 92), (92, 72)], W, 6)


def icon_id_card(p: Pen) -> None:
    p.rect((4, 20, 124, 108), W, r=14)
    p.circle(38, 52, 12, CLEAR)
    p.chord((18, 68, 58, 112), 180, 360, CLEAR)
    p.rect((66, 42, 110, 52), CLEAR, r=5)
    p.rect((66, 60, 110, 70), CLEAR, r=5)
    p.rect((66, 78, 96, 88), CLEAR, r=5)


def icon_bank(p: Pen) -> None:
    draw_bank_building(p, W, CLEAR)


def icon_app(p: Pen) -> None:
    p.rect((28, 4, 100, 124), W, r=16)
    p.rect((37, 16, 91, 102), CLEAR, r=5)
    for x in (43, 67):
        for y in (23, 47, 71):
            p.rect((x, y, x + 18, y + 18), W, r=5)
    p.circle(64, 113, 4.5, CLEAR)


def icon_key(p: Pen) -> None:
    lay = Pen(128, 128)
    lay.circle(34, 64, 28, W)
    lay.circle(34, 64, 11, CLEAR)
    lay.rect((56, 56, 122, 72), W, r=4)
    lay.rect((94, 68, 106, 92), W, r=3)
    lay.rect((110, 68, 122, 86), W, r=3)
    lay.im = lay.im.rotate(35, resample=Image.Resampling.BICUBIC, center=(64 * S, 64 * S))
    p.put(lay)


def icon_gift(p: Pen) -> None:
    p.rect((14, 62, 114, 122), W, r=6)
    p.rect((8, 40, 120, 58), W, r=6)
    p.rect((58, 40, 70, 122), CLEAR)
    p.arc((26, 14, 64, 44), 150, 390, W, 9)
    p.arc((64, 14, 102, 44), 150, 390, W, 9)
    p.line([(56, 38), (72, 38)], W, 9)


def icon_stairs(p: Pen) -> None:
    p.poly([(6, 122), (6, 100), (36, 100), (36, 78), (66, 78), (66, 56), (96, 56), (96, 34), (122, 34), (122, 122)], W)
    p.line([(10, 66), (46, 30)], W, 10)
    p.line([(26, 28), (48, 28), (48, 50)], W, 10)


def icon_people(p: Pen) -> None:
    for x in (28, 100):
        p.circle(x, 44, 15, W)
        p.chord((x - 25, 66, x + 25, 158), 180, 360, W)
    p.circle(64, 40, 26, CLEAR)
    p.chord((26, 62, 102, 162), 180, 360, CLEAR)
    p.circle(64, 40, 20, W)
    p.chord((32, 68, 96, 156), 180, 360, W)


def icon_coin(p: Pen) -> None:
    for y in (96, 76, 56):
        p.rect((6, y, 66, y + 16), W, r=8)
    p.circle(86, 76, 44, CLEAR)
    p.circle(86, 76, 38, W)
    p.circle(86, 76, 27, CLEAR)
    p.circle(86, 76, 21, W)


def icon_heart(p: Pen) -> None:
    p.circle(40, 46, 29, W)
    p.circle(88, 46, 29, W)
    p.poly([(13, 56), (115, 56), (64, 114)], W)
    p.line([(16, 62), (64, 112), (112, 62)], W, 8)


def icon_handoff(p: Pen) -> None:
    p.line([(14, 40), (92, 40)], W, 13)
    p.poly([(86, 18), (120, 40), (86, 62)], W)
    p.line([(114, 88), (36, 88)], W, 13)
    p.poly([(42, 66), (8, 88), (42, 110)], W)


def icon_camera(p: Pen) -> None:
    p.rect((6, 34, 122, 112), W, r=16)
    p.rect((38, 18, 90, 44), W, r=8)
    p.circle(64, 74, 28, CLEAR)
    p.circle(64, 74, 19, W)
    p.rect((98, 46, 112, 54), CLEAR, r=3)


def icon_chain(p: Pen) -> None:
    lay = Pen(128, 128)
    lay.rect((2, 42, 76, 86), W, r=22)
    lay.rect((18, 58, 60, 70), CLEAR, r=6)
    lay.rect((44, 36, 126, 92), CLEAR, r=28)
    lay.rect((52, 42, 126, 86), W, r=22)
    lay.rect((68, 58, 110, 70), CLEAR, r=6)
    lay.im = lay.im.rotate(40, resample=Image.Resampling.BICUBIC, center=(64 * S, 64 * S))
    p.put(lay)


def block(p: Pen, cx: float, cy: float, w: float, h: float, angle: float, r: float, fill: Col) -> None:
    """A w x h rectangle with corner radius r, centred on (cx, cy) and turned by angle degrees."""
    a = math.radians(angle)
    ca, sa = math.cos(a), math.sin(a)
    hw, hh = w / 2 - r, h / 2 - r
    pts = [(cx + x * ca - y * sa, cy + x * sa + y * ca) for x, y in ((-hw, -hh), (hw, -hh), (hw, hh), (-hw, hh))]
    p.poly(pts, fill)
    p.line(pts + [pts[0]], fill, 2 * r)


def handset(p: Pen) -> None:
    """A phone handset lying flat with its ends down (the hang-up pose), centred in the 128 box."""
    p.arc((10, 34, 118, 122), 206, 334, W, 22, caps=False)
    block(p, 24, 70, 32, 30, 24, 8, W)
    block(p, 104, 70, 32, 30, -24, 8, W)


def icon_phone(p: Pen) -> None:
    lay = Pen(128, 128)
    handset(lay)
    lay.im = lay.im.rotate(135, resample=Image.Resampling.BICUBIC, center=(64 * S, 64 * S))
    p.put(lay)


def icon_phone_down(p: Pen) -> None:
    with p.at(0, 6):
        handset(p)


def icon_message(p: Pen) -> None:
    p.rect((6, 12, 122, 94), W, r=26)
    p.poly([(26, 86), (58, 86), (18, 120)], W)
    for x in (38, 64, 90):
        p.circle(x, 53, 8, CLEAR)


def mic(p: Pen) -> None:
    p.rect((46, 6, 82, 74), W, r=18)
    p.arc((28, 26, 100, 92), 0, 180, W, 10)
    p.line([(64, 92), (64, 112)], W, 10, caps=False)
    p.line([(44, 114), (84, 114)], W, 10)


def icon_mic_off(p: Pen) -> None:
    mic(p)
    p.line([(14, 12), (114, 112)], CLEAR, 26)
    p.line([(14, 12), (114, 112)], W, 11)


def cone(p: Pen) -> None:
    p.poly([(8, 46), (34, 46), (64, 18), (64, 110), (34, 82), (8, 82)], W)
    p.line([(10, 48), (10, 80)], W, 6)


def icon_speaker(p: Pen) -> None:
    with p.at(-6, 0):
        cone(p)
        p.arc((50, 40, 98, 88), -50, 50, W, 10)
        p.arc((44, 22, 116, 106), -50, 50, W, 10)
        p.arc((36, 4, 134, 124), -50, 50, W, 10)


def icon_sound_on(p: Pen) -> None:
    cone(p)
    p.arc((52, 38, 100, 90), -50, 50, W, 11)
    p.arc((44, 18, 124, 110), -50, 50, W, 11)


def icon_sound_off(p: Pen) -> None:
    cone(p)
    p.line([(82, 46), (116, 80)], W, 11)
    p.line([(116, 46), (82, 80)], W, 11)


def icon_check(p: Pen) -> None:
    p.line([(16, 66), (48, 98), (112, 30)], W, 19)


def icon_cross(p: Pen) -> None:
    p.line([(24, 24), (104, 104)], W, 19)
    p.line([(104, 24), (24, 104)], W, 19)


def icon_question(p: Pen) -> None:
    p.circle(64, 64, 60, W)
    p.glyph("?", 64, 66, 84, CLEAR)


def icon_menu(p: Pen) -> None:
    for y in (24, 57, 90):
        p.rect((12, y, 116, y + 14), W, r=7)


def icon_back(p: Pen) -> None:
    p.line([(30, 64), (112, 64)], W, 15)
    p.line([(62, 26), (22, 64), (62, 102)], W, 15)


def icon_lock(p: Pen) -> None:
    p.arc((34, 8, 94, 72), 180, 360, W, 12, caps=False)
    p.line([(40, 40), (40, 60)], W, 12, caps=False)
    p.line([(88, 40), (88, 60)], W, 12, caps=False)
    p.rect((20, 56, 108, 122), W, r=14)
    p.circle(64, 84, 10, CLEAR)
    p.rect((59, 86, 69, 106), CLEAR, r=4)


def shield_pts() -> list[Pt]:
    return [(64, 6), (112, 22)] + ell_pts(64, 22, 48, 100, 0, 90, 16)[1:] + ell_pts(64, 22, 48, 100, 90, 180, 16)[1:] + [(16, 22)]


def icon_shield(p: Pen) -> None:
    p.poly(shield_pts(), W)
    p.line([(40, 62), (58, 80), (90, 44)], CLEAR, 13)


ICONS: dict[str, Callable[[Pen], None]] = {
    name[len("icon_") :]: fn for name, fn in sorted(globals().items()) if name.startswith("icon_") and callable(fn)
}


def make_icon(fn: Callable[[Pen], None]) -> Image.Image:
    p = Pen(128, 128)
    fn(p)
    return p.result()


# == story pictures =====================================================================


def warrant() -> Image.Image:
    p = Pen(600, 800, (232, 228, 218))
    p.rect((16, 14, 584, 786), PAPER, r=6)
    ink, grey, light = (120, 122, 128), (170, 172, 178), (196, 198, 204)
    p.rect((16, 14, 584, 96), (54, 70, 104), r=6)
    p.rect((16, 80, 584, 96), (54, 70, 104))
    p.circle(70, 55, 28, (236, 226, 196))  # an emblem placeholder: plain rings only
    p.circle(70, 55, 20, (200, 170, 110))
    p.circle(70, 55, 12, (236, 226, 196))
    p.rect((120, 36, 380, 48), (214, 220, 232), r=6)
    p.rect((120, 60, 320, 70), (164, 176, 200), r=5)
    p.rect((420, 36, 560, 48), (214, 220, 232), r=6)
    p.rect((440, 60, 540, 70), (164, 176, 200), r=5)
    p.rect((170, 130, 430, 150), (70, 72, 80), r=8)  # the title
    p.rect((220, 164, 380, 174), grey, r=5)
    # body text as bars, in paragraphs; fixed lengths so the page is the same every run
    lengths = [500, 520, 480, 510, 300, 0, 520, 490, 515, 505, 460, 0, 200, 0, 510, 470, 500, 380]
    y = 212
    for n in lengths:
        if n:
            p.rect((50, y, 50 + n, y + 9), light if n < 300 else grey, r=4)
        y += 22
    # a boxed field, like a case number, still without readable text
    p.rect((50, y + 4, 300, y + 40), (238, 234, 224), r=4)
    p.rect((62, y + 17, 200, y + 27), ink, r=4)
    # signature block: title bar, a blue-black signature, a red seal over it, a name bar
    p.rect((360, 640, 530, 650), grey, r=5)
    pts = [
        (370 + 130 * t + 12 * math.sin(6 * math.pi * t), 700 - 16 * math.sin(4 * math.pi * t) * (1 - 0.4 * t))
        for t in (i / 120 for i in range(121))
    ]
    p.line(pts, (40, 50, 96), 3)
    with p.over(0.78) as t:
        red = (206, 44, 44)
        t.arc((336, 630, 456, 750), 0, 360, red, 7, caps=False)
        t.arc((352, 646, 440, 734), 0, 360, red, 3, caps=False)
        for i in range(28):  # dots where a real seal has lettering
            a = math.radians(i * 360 / 28)
            t.circle(396 + 53 * math.cos(a), 690 + 53 * math.sin(a), 2.2, red)
        t.poly(star_pts(396, 692, 22, 9), red)
    p.rect((380, 762, 520, 772), ink, r=5)
    return p.result().convert("RGB")


def payout() -> Image.Image:
    p = Pen(540, 300)
    with p.over(0.35, blur=8) as t:
        t.rect((16, 22, 524, 290), (0, 0, 0), r=30)
    p.rect((12, 12, 528, 280), (252, 252, 250), r=30)
    p.rect((36, 34, 64, 62), (54, 110, 170), r=8)  # a generic banking-app tile
    with p.at(39, 37, 22 / 128):
        draw_bank_building(p, WHITE, (54, 110, 170))
    p.rect((76, 42, 210, 54), (150, 154, 162), r=6)
    p.rect((440, 42, 500, 54), (190, 194, 200), r=6)
    p.circle(100, 170, 54, (46, 168, 96))
    p.line([(74, 172), (94, 192), (128, 150)], WHITE, 12)
    p.rect((180, 104, 440, 122), (70, 74, 84), r=9)  # title
    p.rect((180, 146, 380, 178), (46, 168, 96), r=14)  # the amount, green
    p.rect((180, 204, 490, 216), (176, 180, 188), r=6)
    p.rect((180, 232, 400, 244), (196, 200, 206), r=6)
    return p.result()


def draw_parcel(p: Pen) -> None:
    """A closed cardboard box in three-quarter view, in a 256 box."""
    top, left, right = (226, 182, 124), (200, 150, 92), (172, 124, 74)
    tape = (244, 224, 180)
    p.poly([(128, 40), (230, 86), (128, 132), (26, 86)], top)
    p.poly([(26, 86), (128, 132), (128, 236), (26, 190)], left)
    p.poly([(128, 132), (230, 86), (230, 190), (128, 236)], right)
    p.poly([(76, 63), (96, 54), (198, 100), (178, 109)], tape)
    p.poly([(178, 109), (198, 100), (198, 146), (178, 155)], shade(tape, 0.9))
    # a shipping label with grey bars on the left face
    p.poly([(44, 122), (104, 149), (104, 191), (44, 164)], (250, 250, 246))
    for i, n in enumerate((44, 34, 40)):
        y = 136 + i * 11
        p.poly([(52, y), (52 + n, y + n * 0.45), (52 + n, y + n * 0.45 + 4), (52, y + 4)], (160, 164, 170))


def parcel() -> Image.Image:
    p = Pen(256, 256)
    with p.over(0.25, blur=6) as t:
        t.ellipse((30, 200, 232, 248), (0, 0, 0))
    draw_parcel(p)
    return p.result()


def motel() -> Image.Image:
    p = Pen(800, 450, (224, 212, 194))
    p.rect((0, 330, 800, 450), (170, 140, 110))  # floor
    p.rect((0, 322, 800, 332), (200, 186, 166))  # skirting
    # window with half-drawn curtains, soft daylight
    p.rect((520, 60, 700, 240), (200, 226, 238), r=4)
    p.rect((606, 60, 614, 240), (236, 232, 222))
    p.rect((520, 146, 700, 152), (236, 232, 222))
    for x in (500, 664):
        p.rect((x, 46, x + 56, 262), (150, 170, 160), r=12)
    p.rect((490, 40, 730, 50), (140, 120, 100), r=4)
    # a plain framed picture above the bed
    p.rect((150, 70, 330, 160), (160, 130, 100), r=4)
    p.rect((160, 80, 320, 150), (196, 220, 214), r=2)
    p.poly([(160, 150), (210, 100), (250, 136), (280, 114), (320, 150)], (150, 188, 164))
    # bed: headboard, mattress, sheet, pillows
    p.rect((90, 190, 390, 320), (150, 110, 80), r=14)
    p.rect((70, 260, 420, 350), (246, 246, 242), r=16)
    p.rect((70, 300, 420, 360), (150, 176, 200), r=14)
    p.rect((110, 238, 220, 280), (252, 252, 250), r=18)
    p.rect((250, 238, 360, 280), (252, 252, 250), r=18)
    # bedside table and lamp
    p.rect((430, 250, 500, 340), (160, 122, 92), r=6)
    p.rect((440, 280, 490, 286), (130, 98, 72), r=2)
    p.rect((460, 200, 470, 250), (200, 190, 170))
    p.poly([(440, 160), (490, 160), (500, 204), (430, 204)], (246, 230, 190))
    with p.over(0.22, blur=16) as t:
        t.circle(465, 188, 46, (255, 236, 180))
    # a door and a small rug
    p.rect((730, 110, 800, 330), (186, 156, 120), r=4)
    p.circle(744, 230, 5, (120, 96, 70))
    p.ellipse((200, 370, 520, 430), (196, 120, 100))
    p.ellipse((220, 378, 500, 422), (214, 146, 120))
    return p.result().convert("RGB")


def bus() -> Image.Image:
    p = Pen(800, 450, (176, 214, 236))
    with p.over(0.8) as t:  # soft clouds
        for cx, cy, r in ((120, 70, 30), (150, 60, 36), (184, 72, 28), (560, 50, 26), (590, 42, 32), (620, 54, 24)):
            t.circle(cx, cy, r, (246, 250, 252))
    # far trees and buildings
    for x, w, h, c in (
        (0, 120, 150, (196, 206, 214)),
        (110, 90, 200, (186, 198, 210)),
        (560, 110, 170, (190, 202, 212)),
        (670, 130, 130, (198, 208, 216)),
    ):
        p.rect((x, 300 - h, x + w, 300), c, r=3)
    for x in (250, 300, 520):
        p.rect((x - 4, 220, x + 4, 300), (120, 96, 70))
        p.circle(x, 206, 30, (110, 168, 108))
    p.rect((0, 300, 800, 450), (150, 150, 150))  # road
    p.rect((0, 300, 800, 330), (206, 200, 188))  # pavement
    p.rect((0, 326, 800, 332), (180, 174, 162))
    for x in range(20, 800, 120):
        p.rect((x, 404, x + 60, 412), (236, 236, 228), r=3)
    # the shelter: roof, posts, back panel, bench
    p.rect((40, 150, 330, 166), (70, 110, 140), r=6)
    for x in (56, 310):
        p.rect((x - 5, 166, x + 5, 318), (90, 100, 110))
    with p.over(0.45) as t:
        t.rect((62, 176, 304, 280), (220, 236, 244), r=4)
    p.rect((90, 270, 270, 282), (150, 104, 70), r=4)
    for x in (104, 256):
        p.rect((x - 4, 282, x + 4, 312), (90, 100, 110))
    # a stop sign on a pole: a plain blank plate with a small bus shape
    p.rect((366, 150, 374, 320), (110, 116, 124))
    p.rect((344, 112, 396, 164), (40, 110, 180), r=8)
    p.rect((354, 124, 386, 146), WHITE, r=5)
    p.circle(362, 148, 4, WHITE)
    p.circle(378, 148, 4, WHITE)
    # the bus, side view; the route sign is a blank amber panel
    body = (226, 96, 70)
    p.rect((430, 190, 790, 356), body, r=22)
    p.rect((430, 300, 790, 318), shade(body, 0.85))
    p.rect((448, 206, 470, 300), (60, 70, 84), r=4)  # door
    p.rect((470, 206, 492, 300), (60, 70, 84), r=4)
    for x in range(506, 740, 62):
        p.rect((x, 208, x + 52, 258), (180, 216, 236), r=6)
    p.rect((700, 196, 776, 206), (250, 196, 80), r=3)
    for x in (520, 712):
        p.circle(x, 356, 26, (50, 52, 58))
        p.circle(x, 356, 11, (170, 172, 176))
    # two small waiting figures in the shelter, backs straight, calm
    for x, c in ((150, (72, 118, 190)), (216, (200, 120, 150))):
        p.circle(x, 226, 13, SKIN["medium"])
        p.chord((x - 13, 212, x + 13, 240), 180, 360, HAIR["black"])
        p.rect((x - 18, 240, x + 18, 286), c, r=12)
        p.rect((x - 14, 282, x - 4, 318), (60, 66, 80), r=4)
        p.rect((x + 4, 282, x + 14, 318), (60, 66, 80), r=4)
    return p.result().convert("RGB")


# == saving ============================================================================


def save(im: Image.Image, rel: str, colours: int = 0) -> Path:
    """Write a PNG, optimised; with colours > 0 quantised to a palette of that many colours."""
    path = OUT / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if colours:
        if im.mode == "RGBA":
            im = im.quantize(colours, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        else:
            im = im.quantize(colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.FLOYDSTEINBERG)
    im.save(path, optimize=True)
    return path


LICENSE = """Images of "Not Alone"
=====================

Every picture in this folder (icons/, warrant.png, payout.png, parcel.png,
motel.png, bus.png) is drawn by the project's own script, assets/make_art.py, from
plain shapes with Pillow; characters' faces are drawn the same way by the game itself
(game/app/faces.py). No photograph, clip art, font glyph
from a third party (apart from the question mark, taken from the bundled DejaVu Sans
Bold), brand logo or real insignia is used.

They are part of the project and under the same licence: MIT (see pyproject.toml).

To regenerate them (the script always makes exactly the same files):

    python assets/make_art.py
"""


def build() -> list[Path]:
    made: list[Path] = []
    for name, fn in ICONS.items():
        # white everywhere: only the alpha carries the shape, so keep luminance + alpha
        made.append(save(_white_la(make_icon(fn)), f"icons/{name}.png"))
    made.append(save(warrant(), "warrant.png", 128))
    made.append(save(payout(), "payout.png"))
    made.append(save(parcel(), "parcel.png"))
    made.append(save(motel(), "motel.png", 256))
    made.append(save(bus(), "bus.png", 256))
    lic = OUT / "LICENSE.txt"
    lic.write_text(LICENSE, encoding="utf-8")
    made.append(lic)
    return made


def _white_la(im: Image.Image) -> Image.Image:
    a = im.getchannel("A")
    return Image.merge("LA", (Image.new("L", im.size, 255), a))


# == contact sheet (for looking at the art, not shipped) ===================================


def contact_sheet(path: Path) -> None:
    font = ImageFont.truetype(str(FONT), 12)
    rows: list[tuple[str, list[tuple[str, Image.Image]]]] = []
    ic = sorted((OUT / "icons").glob("*.png"))
    story = [OUT / n for n in ("warrant.png", "payout.png", "parcel.png", "motel.png", "bus.png")]

    def load(f: Path, size: tuple[int, int] | None = None) -> Image.Image:
        im = Image.open(f).convert("RGBA")
        if size:
            im.thumbnail(size, Image.Resampling.LANCZOS)
        return im

    rows.append(("icons 64", [(f.stem, load(f, (64, 64))) for f in ic]))
    rows.append(("icons 24", [(f.stem, load(f, (24, 24))) for f in ic]))
    rows.append(("story", [(f.stem, load(f, (300, 300))) for f in story]))
    width = 1900
    y, placed = 0, []
    for title, items in rows:
        for bg in ((36, 40, 52), (240, 240, 236)):
            x, h = 110, 0
            y0 = y
            line = []
            for name, im in items:
                if x + im.width + 10 > width:
                    y += h + 22
                    x, h = 110, 0
                line.append((x, y, name, im))
                x += max(im.width, 60) + 12
                h = max(h, im.height)
            y += h + 24
            placed.append((title, bg, y0, y, line))
    sheet = Image.new("RGB", (width, y), (0, 0, 0))
    d = ImageDraw.Draw(sheet)
    for title, bg, y0, y1, line in placed:
        d.rectangle((0, y0, width, y1), fill=bg)
        fg = (230, 230, 230) if bg[0] < 128 else (30, 30, 30)
        d.text((6, y0 + 4), title, font=font, fill=fg)
        for x, yy, name, im in line:
            tinted = im
            if title.startswith("icons") and bg[0] > 128:  # the game tints icons; show them dark on light
                tinted = Image.new("RGBA", im.size, (40, 44, 56, 255))
                tinted.putalpha(im.getchannel("A"))
            sheet.paste(tinted, (x, yy + 4), tinted)
            d.text((x, yy + im.height + 6), name[:12], font=font, fill=fg)
    path.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(path)


def faces_sheet(path: Path) -> None:
    """Every shipped story's cast as the game draws it: avatars at 96 and 40 px, video frames upright and 3:4."""
    import os

    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    sys.path.insert(0, str(ROOT.parent))
    import pygame

    from game.app import faces
    from game.core.library import load_library

    pygame.font.init()
    font = pygame.font.Font(str(FONT), 12)
    stories = list(load_library().scenarios.values())
    cell, tall, wide = 210, (150, 290), (200, 150)
    sheet = pygame.Surface((max(len(sc.characters) for sc in stories) * cell + 12, len(stories) * 640 + 10))
    sheet.fill((240, 240, 236))
    for row, sc in enumerate(stories):
        y = 8 + row * 640
        sheet.blit(font.render(sc.id, True, (20, 20, 20)), (6, y))
        for col, (cid, who) in enumerate(sc.characters.items()):
            look, x = faces.looks_of(sc.id, sc.characters)[cid], 6 + col * cell
            sheet.blit(faces.avatar(look, 96), (x, y + 18))
            sheet.blit(faces.avatar(look, 40), (x + 102, y + 18))
            for i, words in enumerate((cid, f"{who.role} / {who.avatar}")):
                sheet.blit(font.render(words, True, (20, 20, 20) if i == 0 else (100, 100, 100)), (x, y + 118 + 14 * i))
            sheet.blit(faces.video(look, tall), (x, y + 150))
            sheet.blit(faces.video(look, wide), (x, y + 150 + tall[1] + 8))
    path.parent.mkdir(parents=True, exist_ok=True)
    pygame.image.save(sheet, str(path))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sheet", type=Path, help="also write a contact sheet of every image to this file")
    ap.add_argument("--faces", type=Path, help="only write a contact sheet of every shipped story's faces to this file")
    args = ap.parse_args(argv)
    if args.faces:
        faces_sheet(args.faces)
        print(f"faces: {args.faces}")
        return 0
    t0 = time.perf_counter()
    made = build()
    total = sum(f.stat().st_size for f in made)
    print(f"{len(made)} files, {total / 1024:.0f} KiB, {time.perf_counter() - t0:.1f} s -> {OUT}")
    if args.sheet:
        contact_sheet(args.sheet)
        print(f"contact sheet: {args.sheet}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
