"""Every character's own face, drawn by the project at run time: no third-party art.

A character's `Look` (skin, age, hair, clothes, background, the room behind them on a
video call) is derived from its story, its id, its `avatar` kind and its `role`, with a
random generator seeded from those words, so it is the same on every run and machine.
`looks_of(scenario)` gives the whole cast at once and re-rolls a look that comes too
close to one already given: two people of one story never look alike, and a real helper
(the ward police, a parent, a friend) is never drawn like a scammer. The difference is
only that they are different people: scammers look as friendly and trustworthy as
anybody, as they do in real life.

Two exceptions, both what a real phone shows:
- an unknown number (avatar `unknown` on a scammer or a stranger) shows the grey "?";
  any other character with avatar `unknown` is a real person and gets a face;
- characters shown under the same name and number (a text spoofed under a bank's
  brand name) share one face: the phone only knows what the sender claims.

Drawing is flat and soft in the style of assets/make_art.py: shapes are drawn with
pygame at several times the final size and scaled down, which smooths the edges. A face
takes a few milliseconds; game/app/art.py keeps each one per (look, size).
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace

import pygame

Col = tuple[int, int, int]
Pt = tuple[float, float]

# == the canvas ==========================================================================


def shade(c: Col, f: float) -> Col:
    """c darkened (f < 1) or lightened towards white (f > 1)."""
    r, g, b = c[:3]
    if f <= 1:
        return (round(r * f), round(g * f), round(b * f))
    t = min(1.0, f - 1)
    return (round(r + (255 - r) * t), round(g + (255 - g) * t), round(b + (255 - b) * t))


def mix(a: Col, b: Col, t: float) -> Col:
    """The colour a fraction t of the way from a to b (b painted over a at opacity t)."""
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t), round(a[2] + (b[2] - a[2]) * t))


def ell_pts(cx: float, cy: float, rx: float, ry: float, a0: float, a1: float, n: int = 24) -> list[Pt]:
    """Points along an ellipse from angle a0 to a1 (degrees, clockwise on screen from 3 o'clock)."""
    return [
        (cx + rx * math.cos(math.radians(a0 + (a1 - a0) * i / n)), cy + ry * math.sin(math.radians(a0 + (a1 - a0) * i / n)))
        for i in range(n + 1)
    ]


class Canvas:
    """A pygame surface drawn at `s` times its final size; coordinates and widths are in final units.

    `at(x, y, k)` moves the origin and scales, so a figure is drawn in its own units and
    placed anywhere at any size. Shapes write pixels (no blending): a translucent touch is
    drawn in its colour mixed with what lies under it (`mix`).
    """

    def __init__(self, w: int, h: int, s: int = 4, bg: Col | None = None) -> None:
        self.w, self.h, self.s = w, h, s
        self.surf = pygame.Surface((w * s, h * s), pygame.SRCALPHA)
        self.surf.fill((*bg, 255) if bg else (0, 0, 0, 0))
        self.ox, self.oy, self.k = 0.0, 0.0, 1.0

    @contextmanager
    def at(self, x: float, y: float, k: float = 1.0) -> Iterator[Canvas]:
        saved = (self.ox, self.oy, self.k)
        self.ox, self.oy, self.k = self.ox + x * self.k, self.oy + y * self.k, self.k * k
        try:
            yield self
        finally:
            self.ox, self.oy, self.k = saved

    def _p(self, x: float, y: float) -> Pt:
        return ((self.ox + x * self.k) * self.s, (self.oy + y * self.k) * self.s)

    def _rect(self, b) -> pygame.Rect:
        (x0, y0), (x1, y1) = self._p(b[0], b[1]), self._p(b[2], b[3])
        return pygame.Rect(round(min(x0, x1)), round(min(y0, y1)), max(1, round(abs(x1 - x0))), max(1, round(abs(y1 - y0))))

    def ellipse(self, b, fill: Col) -> None:
        pygame.draw.ellipse(self.surf, fill, self._rect(b))

    def circle(self, x: float, y: float, r: float, fill: Col) -> None:
        self.ellipse((x - r, y - r, x + r, y + r), fill)

    def rect(self, b, fill: Col, r: float = 0) -> None:
        box = self._rect(b)
        rr = int(min(r * self.k * self.s, box.width / 2, box.height / 2))
        pygame.draw.rect(self.surf, fill, box, border_radius=rr if rr >= 1 else -1)

    def poly(self, pts, fill: Col) -> None:
        pygame.draw.polygon(self.surf, fill, [self._p(x, y) for x, y in pts])

    def line(self, pts, fill: Col, w: float, caps: bool = True) -> None:
        """A polyline of width w with round joins and (by default) round caps."""
        for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
            d = math.hypot(x1 - x0, y1 - y0) or 1.0
            nx, ny = -(y1 - y0) / d * w / 2, (x1 - x0) / d * w / 2
            self.poly([(x0 + nx, y0 + ny), (x1 + nx, y1 + ny), (x1 - nx, y1 - ny), (x0 - nx, y0 - ny)], fill)
        ends = pts if caps else pts[1:-1]
        for x, y in ends:
            self.circle(x, y, w / 2, fill)

    def arc(self, b, a0: float, a1: float, fill: Col, w: float, caps: bool = True) -> None:
        """An arc of width w lying inside box b (as Pillow draws it), with round ends."""
        cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
        rx, ry = abs(b[2] - b[0]) / 2, abs(b[3] - b[1]) / 2
        self.poly(ell_pts(cx, cy, rx, ry, a0, a1) + ell_pts(cx, cy, rx - w, ry - w, a1, a0), fill)
        if caps:
            for a in (a0, a1):
                self.circle(cx + (rx - w / 2) * math.cos(math.radians(a)), cy + (ry - w / 2) * math.sin(math.radians(a)), w / 2, fill)

    def chord(self, b, a0: float, a1: float, fill: Col) -> None:
        cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
        self.poly(ell_pts(cx, cy, abs(b[2] - b[0]) / 2, abs(b[3] - b[1]) / 2, a0, a1), fill)

    def glyph(self, ch: str, x: float, y: float, size: float, fill: Col) -> None:
        """One symbol (only the question mark is drawn), centred on x, y, in the bundled bold font."""
        from ..core.library import ASSETS_DIR

        if not pygame.font.get_init():
            pygame.font.init()
        font = pygame.font.Font(str(ASSETS_DIR / "fonts" / "DejaVuSans-Bold.ttf"), max(4, round(size * self.k * self.s)))
        img = font.render(ch, True, fill)
        cx, cy = self._p(x, y)
        self.surf.blit(img, img.get_rect(center=(round(cx), round(cy))))

    def clip_circle(self) -> None:
        """Keep only the disc inscribed in the canvas (the colours outside stay, so edges do not darken)."""
        mask = pygame.Surface(self.surf.get_size(), pygame.SRCALPHA)
        mask.fill((255, 255, 255, 0))
        pygame.draw.ellipse(mask, (255, 255, 255, 255), mask.get_rect())
        self.surf.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)

    def result(self) -> pygame.Surface:
        return pygame.transform.smoothscale(self.surf, (self.w, self.h))


# == what a person looks like ============================================================

SKINS: tuple[Col, ...] = ((246, 218, 190), (238, 200, 164), (226, 184, 144), (206, 156, 112), (170, 120, 86))
DARK_HAIR: tuple[Col, ...] = ((36, 30, 34), (58, 42, 38), (84, 58, 44))
YOUNG_HAIR: tuple[Col, ...] = (*DARK_HAIR, (118, 70, 48))  # a chestnut dye, on the young only
OLD_HAIR: tuple[Col, ...] = ((130, 126, 130), (176, 172, 172))
TOPS: tuple[Col, ...] = (
    (226, 122, 104),
    (70, 140, 132),
    (72, 118, 190),
    (190, 96, 92),
    (96, 132, 186),
    (56, 96, 116),
    (150, 188, 222),
    (232, 184, 84),
    (124, 104, 164),
    (92, 150, 104),
    (244, 244, 240),
    (64, 72, 92),
    (206, 126, 154),
    (174, 112, 72),
)
BACKGROUNDS: tuple[Col, ...] = (
    (132, 156, 178),
    (168, 146, 122),
    (196, 168, 190),
    (200, 176, 128),
    (160, 150, 200),
    (222, 170, 120),
    (140, 172, 150),
    (214, 160, 138),
    (150, 184, 190),
    (176, 190, 140),
    (206, 160, 168),
    (150, 170, 210),
    (190, 196, 204),
    (226, 196, 150),
)
UNIFORMS: tuple[Col, ...] = ((104, 118, 66), (96, 112, 72))  # a summer uniform green, not any real force's exact shade
EYE: Col = (46, 36, 38)
MOUTH: Col = (160, 74, 72)
CHEEK: Col = (238, 132, 128)
GOLD: Col = (226, 182, 74)
WHITE: Col = (255, 255, 255)
UNKNOWN_BG: Col = (120, 126, 138)


@dataclass(frozen=True)
class Look:
    """What a character looks like on the phone, as plain values (hashable: it keys the cache).

    `kind` is what is drawn: a `person`, a `group` (its `members`), a `bank` or a `school`
    (a building on the background), or `unknown` (the grey "?" of an unknown number).
    """

    kind: str = "person"
    bg: Col = BACKGROUNDS[0]
    skin: Col = SKINS[2]
    hair: Col = DARK_HAIR[0]
    hair_style: str = "short"  # short | neat | spiky | side | long | bangs | bob | bun | ponytail
    age: str = "adult"  # teen | adult | older
    outfit: str = "tshirt"  # tshirt | shirt | uniform | suit | blouse | hoodie | jacket | aodai | blazer | cardigan
    top: Col = TOPS[0]
    accent: Col = (245, 245, 245)
    glasses: bool = False
    hat: str = ""  # police | courier
    headset: bool = False
    lanyard: bool = False  # a staff card on a ribbon (an office worker)
    moustache: bool = False
    earrings: bool = False
    mouth: str = "smile"  # smile | soft | calm
    brow: str = "soft"  # soft | level
    clip: Col | None = None  # hair clip colour
    room: str = "home"  # the room behind them on a video call: office | wood | city | home | bedroom | dark
    wall: Col = (232, 224, 210)
    members: tuple[Look, ...] = ()

    @property
    def teen(self) -> bool:
        return self.age == "teen"


UNKNOWN = Look(kind="unknown", bg=UNKNOWN_BG, room="dark")


# -- drawing a person (in avatar units: the head is 92 wide, centred on 0, 0) -------------


def draw_back_hair(p: Canvas, L: Look) -> None:
    h = L.hair
    if L.hair_style in ("long", "bangs"):
        p.ellipse((-57, -66, 57, 40), h)
        p.rect((-57, -20, 57, 112), h, r=30)
    elif L.hair_style == "bob":
        p.ellipse((-56, -64, 56, 36), h)
        p.rect((-56, -16, 56, 54), h, r=22)
    elif L.hair_style == "bun":
        p.circle(0, -62, 21, h)
    elif L.hair_style == "ponytail":
        p.ellipse((30, -40, 70, 74), h)


def draw_body(p: Canvas, L: Look, sw: float = 1.0) -> None:
    """Torso, neck and the outfit's collar details; sw widens the shoulders (video frames show more body)."""
    W = (84 if L.teen else 96) * sw
    top, acc, skin = L.top, L.accent, L.skin
    neck = shade(skin, 0.88)
    dark = shade(top, 0.82)
    if L.outfit == "hoodie":  # the hood lies round the neck behind the head
        p.ellipse((-50, 56, 50, 112), dark)
    p.rect((-16, 10, 16, 100), neck, r=8)
    p.rect((-W, 78, W, 420), top, r=68 if sw <= 1 else 50)
    if sw > 1:  # where the arms meet the body, so a wide torso is not one flat blob
        for s in (-1, 1):
            p.line([(s * (W - 36), 132), (s * (W - 30), 200), (s * (W - 28), 420)], shade(top, 0.86), 3.5)
    o = L.outfit
    if o == "tshirt":
        p.chord((-25, 52, 25, 104), 0, 180, dark)
        p.chord((-20, 59, 20, 97), 0, 180, neck)
    elif o == "hoodie":
        p.chord((-23, 56, 23, 100), 0, 180, neck)
        p.line([(-11, 102), (-13, 136)], acc, 4.5)
        p.line([(11, 102), (13, 136)], acc, 4.5)
    elif o == "blouse":
        p.poly([(-22, 76), (22, 76), (0, 108)], neck)
        p.line([(-24, 76), (0, 110), (24, 76)], shade(top, 1.2), 4)
    elif o == "cardigan":
        p.poly([(-30, 80), (30, 80), (22, 420), (-22, 420)], acc)
        p.chord((-24, 56, 24, 100), 0, 180, neck)
        p.line([(-30, 82), (-22, 420)], dark, 5)
        p.line([(30, 82), (22, 420)], dark, 5)
    elif o in ("shirt", "uniform"):
        collar = shade(top, 1.12) if o == "shirt" else shade(top, 1.08)
        p.poly([(-18, 76), (18, 76), (0, 112)], neck)
        p.poly([(-23, 68), (-1, 113), (-30, 104)], collar)
        p.poly([(23, 68), (1, 113), (30, 104)], collar)
        for y in (128, 156, 184):
            p.circle(0, y, 3.2, shade(top, 0.7))
        if o == "uniform":
            ep = shade(top, 0.78)
            for s in (-1, 1):
                p.poly([(s * 36, 82), (s * (W - 12), 90), (s * (W - 10), 103), (s * 38, 97)], ep)
                p.circle(s * 44, 90, 4, GOLD)
                p.rect((s * 34 - 20, 136, s * 34 + 20, 176), shade(top, 0.9), r=5)
                p.rect((s * 34 - 22, 132, s * 34 + 22, 146), ep, r=5)
    elif o in ("suit", "blazer"):
        inner = acc if o == "suit" else (238, 238, 232)
        lap = shade(top, 0.78)
        p.poly([(-24, 78), (24, 78), (0, 150)], inner)
        if o == "suit":
            p.poly([(-18, 74), (-2, 96), (-14, 104)], (252, 252, 252))
            p.poly([(18, 74), (2, 96), (14, 104)], (252, 252, 252))
            tie = (150, 44, 52)
            p.poly([(-7, 95), (7, 95), (5, 107), (-5, 107)], tie)
            p.poly([(-5, 106), (5, 106), (10, 146), (0, 158), (-10, 146)], tie)
        else:
            p.chord((-19, 60, 19, 96), 0, 180, neck)
            p.arc((-21, 62, 21, 100), 10, 170, (210, 210, 204), 4)
        p.poly([(-25, 76), (-36, 86), (-22, 110), (-30, 118), (-2, 160)], lap)
        p.poly([(25, 76), (36, 86), (22, 110), (30, 118), (2, 160)], lap)
    elif o == "jacket":
        stand = shade(top, 0.85)
        p.poly([(-16, 78), (16, 78), (0, 104)], neck)
        p.poly([(-30, 66), (-16, 72), (-2, 106), (-34, 92)], stand)
        p.poly([(30, 66), (16, 72), (2, 106), (34, 92)], stand)
        p.line([(0, 106), (0, 420)], shade(top, 0.7), 4, caps=False)
        if L.hat == "courier":  # a plain parcel on the chest: a box with a tape stripe, no logo
            p.rect((34, 114, 66, 142), (214, 170, 112), r=3)
            p.rect((46, 114, 54, 142), (244, 224, 180))
    elif o == "aodai":
        p.rect((-19, 70, 19, 92), shade(top, 0.93), r=6)
        p.line([(6, 94), (64, 120)], shade(top, 0.82), 3.5)
        for x, y in ((24, 102), (44, 111)):
            p.circle(x, y, 3, shade(top, 0.7))
    if L.lanyard:  # a ribbon round the neck and a white staff card
        p.line([(-20, 80), (-6, 150)], L.accent, 4, caps=False)
        p.line([(20, 80), (6, 150)], L.accent, 4, caps=False)
        p.rect((-14, 148, 14, 184), (250, 250, 248), r=4)
        p.rect((-9, 156, 9, 168), shade(L.accent, 0.9), r=2)


def draw_head(p: Canvas, L: Look, features: bool = True) -> None:
    skin = L.skin
    for s in (-1, 1):
        p.ellipse((s * 45 - 9, -6, s * 45 + 9, 22), skin)
        p.ellipse((s * 45 - 4, 0, s * 45 + 4, 16), shade(skin, 0.9))
    p.ellipse((-46, -56, 46, 38), skin)
    if L.teen:
        p.ellipse((-42, -24, 42, 50), skin)
    else:
        p.ellipse((-40, -22, 40, 52), skin)
    if not features:
        return
    if L.earrings:
        for s in (-1, 1):
            p.circle(s * 46, 24, 3.6, GOLD)
    brow_col = shade(L.hair, 0.9) if L.age != "older" else shade(L.hair, 0.7)
    for s in (-1, 1):
        if L.brow == "level":
            p.line([(s * 10, -8), (s * 26, -9)], brow_col, 4.6)
        else:  # a soft arch
            p.arc((s * 17 - 12, -12, s * 17 + 12, 8), 232, 308, brow_col, 4.4)
        p.ellipse((s * 17 - 5.2, 0, s * 17 + 5.2, 13.5), EYE)
        p.circle(s * 17 + 1.8, 4, 1.9, WHITE)
        if L.age == "older":  # smile lines at the corners of the eyes
            p.arc((s * 30 - 6, 0, s * 30 + 6, 14), 300 if s > 0 else 180, 360 if s > 0 else 240, shade(skin, 0.8), 2)
    cheek = mix(skin, CHEEK, 0.35)  # translucent pink on the skin, mixed once: no layer to blend
    for s in (-1, 1):
        p.ellipse((s * 27 - 8, 19, s * 27 + 8, 29), cheek)
    p.ellipse((-4, 19, 4, 25), shade(skin, 0.86))
    if L.moustache:
        p.chord((-13, 22, 13, 36), 180, 360, shade(L.hair, 1.05))
    if L.mouth == "smile":
        p.arc((-12, 20, 12, 38), 25, 155, MOUTH, 3.6)
    elif L.mouth == "soft":
        p.arc((-9, 26, 9, 38), 35, 145, MOUTH, 3.4)
    else:  # calm: nearly straight
        p.arc((-8, 30, 8, 38), 45, 135, MOUTH, 3.2)


def draw_front_hair(p: Canvas, L: Look) -> None:
    h = L.hair
    st = L.hair_style
    if L.hat:  # only the hair that shows under a cap: sideburns and the back
        p.poly([(-46, -30), (-36, -30), (-40, -4), (-47, -2)], h)
        p.poly([(46, -30), (36, -30), (40, -4), (47, -2)], h)
        return
    if st == "short":
        fringe = [(43, -4), (41, -20), (30, -30), (12, -33), (-4, -29), (-22, -33), (-38, -22), (-43, -4)]
        if L.age == "older":  # a higher hairline
            fringe = [(43, -4), (41, -24), (28, -36), (8, -40), (-10, -38), (-28, -36), (-41, -24), (-43, -4)]
        p.poly(ell_pts(0, -12, 50, 50, 165, 375) + fringe, h)
    elif st == "neat":
        fringe = [(43, -6), (40, -24), (28, -36), (8, -40), (-14, -42), (-20, -34), (-34, -26), (-43, -6)]
        p.poly(ell_pts(0, -13, 50, 52, 165, 375) + fringe, h)
    elif st == "side":  # a side parting with a swept top
        fringe = [(43, -6), (42, -28), (30, -34), (10, -30), (-10, -36), (-30, -42), (-26, -30), (-43, -8)]
        p.poly(ell_pts(0, -14, 51, 53, 165, 375) + fringe, h)
        p.line([(-26, -44), (-22, -58)], shade(h, 1.25), 2.5)
    elif st == "spiky":
        pts = []
        for i in range(33):
            a = 165 + 210 * i / 32
            r = 50 + (7 if (i % 4 == 2 and 200 < a < 345) else 0)
            pts.append((r * math.cos(math.radians(a)), -12 + r * math.sin(math.radians(a))))
        fringe = [(43, -4), (40, -18), (30, -26), (22, -20), (12, -30), (2, -21), (-8, -31), (-18, -22), (-28, -30), (-38, -18), (-43, -4)]
        p.poly(pts + fringe, h)
    elif st in ("long", "bangs", "bob"):
        cap = ell_pts(0, -12, 52, 52, 175, 365)
        if st == "bangs":
            fringe = [(44, -8), (40, -16), (28, -18), (15, -15), (2, -19), (-12, -15), (-26, -18), (-40, -16), (-44, -8)]
        else:  # parted on one side, swept across the forehead
            fringe = [(44, -8), (40, -26), (26, -38), (12, -44), (4, -40), (-12, -28), (-30, -16), (-42, -4)]
        p.poly(cap + fringe, h)
        bottom = 50 if st == "bob" else 96
        for s in (-1, 1):  # locks framing the face, covering the ears, with rounded ends
            p.poly(
                [(s * 52, -16), (s * 42, -16), (s * 44, 8), (s * 43, bottom - 12)]
                + [(s * x, y) for x, y in ell_pts(50, bottom - 12, 7, 10, 180, 0, 8)]
                + [(s * 57, 0)],
                h,
            )
        if L.clip:
            p.poly([(18, -30), (36, -38), (38, -33), (20, -25)], L.clip)
    elif st in ("bun", "ponytail"):
        fringe = [(44, 0), (40, -22), (26, -36), (8, -42), (0, -40), (-8, -42), (-26, -36), (-40, -22), (-44, 0)]
        p.poly(ell_pts(0, -12, 50, 50, 168, 372) + fringe, h)
        if st == "ponytail":
            p.circle(44, -34, 7, L.clip or shade(h, 1.3))


def draw_hat(p: Canvas, L: Look) -> None:
    if L.hat == "police":
        crown = L.top
        p.ellipse((-64, -98, 64, -44), crown)
        p.rect((-50, -66, 50, -34), shade(crown, 0.72), r=4)
        p.chord((-54, -48, 54, -16), 0, 180, (44, 46, 40))
        # a generic badge: a small gold shield with a lighter centre, no real emblem
        p.poly([(-12, -86), (12, -86), (12, -70), (0, -58), (-12, -70)], GOLD)
        p.circle(0, -74, 5, shade(GOLD, 1.35))
    elif L.hat == "courier":
        c = L.accent
        p.chord((-50, -72, 50, 16), 180, 360, c)
        p.line([(0, -70), (0, -30)], shade(c, 0.88), 2.5)
        p.chord((-44, -40, 44, -8), 0, 180, shade(c, 0.78))
        p.rect((-50, -31, 50, -26), shade(c, 0.88), r=2)
        p.circle(0, -71, 4, shade(c, 0.8))


def draw_extras(p: Canvas, L: Look) -> None:
    if L.glasses:
        g = (58, 52, 60)
        for s in (-1, 1):
            p.arc((s * 17 - 14, -6, s * 17 + 14, 18), 0, 360, g, 3.2, caps=False)
        p.line([(-4, 4), (4, 4)], g, 3)
    if L.headset:
        k = (52, 56, 66)
        p.arc((-54, -66, 54, 40), 195, 345, k, 6)
        for s in (-1, 1):
            p.rect((s * 50 - 8, -6, s * 50 + 8, 24), k, r=7)
        p.line([(-52, 20), (-46, 36), (-20, 40)], k, 3.5)
        p.circle(-18, 40, 5, k)


def draw_person(p: Canvas, L: Look, x: float, y: float, k: float = 1.0, sw: float = 1.0, features: bool = True) -> None:
    """A head-and-shoulders figure with its head centred on (x, y), k times avatar size."""
    with p.at(x, y, k):
        draw_back_hair(p, L)
        with p.at(0, -6):  # shoulders a little higher than the head's own units: a shorter neck
            draw_body(p, L, sw)
        draw_head(p, L, features)
        if features:
            draw_front_hair(p, L)
            draw_hat(p, L)
            draw_extras(p, L)


# -- buildings and the unknown caller ------------------------------------------------------


def draw_bank(p: Canvas, L: Look) -> None:
    """A generic columned building: pediment, four columns, steps (a 128 box)."""
    fill, hole = L.accent, L.bg
    p.poly([(64, 10), (118, 40), (10, 40)], fill)
    p.circle(64, 29, 6, hole)
    p.rect((14, 44, 114, 52), fill, r=2)
    for x in (18, 42, 74, 98):
        p.rect((x, 56, x + 12, 96), fill, r=2)
    p.rect((14, 100, 114, 108), fill, r=2)
    p.rect((6, 110, 122, 118), fill, r=2)


def draw_school(p: Canvas, L: Look) -> None:
    """A school: two wings, a taller middle block with a clock, a plain pennant (a 256 box)."""
    wall, roof, win, door = L.accent, L.top, (120, 168, 200), (120, 84, 60)
    p.rect((44, 118, 212, 196), wall, r=4)
    p.poly([(36, 122), (70, 96), (186, 96), (220, 122)], roof)
    p.rect((96, 86, 160, 196), wall, r=4)
    p.poly([(86, 92), (128, 58), (170, 92)], roof)
    p.circle(128, 112, 12, shade(wall, 0.94))
    p.line([(128, 104), (128, 112), (134, 116)], door, 2.5)
    p.rect((114, 152, 142, 196), door, r=6)
    for x in (56, 76, 172, 192):
        for y in (132, 162):
            p.rect((x - 8, y - 9, x + 8, y + 9), win, r=3)
    p.line([(128, 58), (128, 26)], (90, 80, 76), 3, caps=False)
    p.poly([(129, 26), (156, 32), (129, 40)], shade(roof, 1.1))
    p.rect((30, 196, 226, 204), (150, 120, 90), r=3)


def draw_unknown(p: Canvas) -> None:
    sil = (82, 86, 98)
    p.circle(128, 104, 46, sil)
    p.rect((40, 174, 216, 420), sil, r=72)
    p.rect((110, 130, 146, 180), sil)
    p.glyph("?", 128, 104, 64, (236, 238, 242))


# == the avatar (round) and the video frame ==============================================


def _samples(size: int) -> int:
    """How many times larger to draw: smooth edges on small faces, fast big ones."""
    return 4 if size <= 96 else 3 if size <= 200 else 2


def avatar(look: Look, diameter: int) -> pygame.Surface:
    """The round face of a look, `diameter` pixels across, transparent outside the circle."""
    d = max(8, diameter)
    p = Canvas(d, d, _samples(d), bg=UNKNOWN_BG if look.kind == "unknown" else look.bg)
    with p.at(0, 0, d / 256):
        if look.kind == "unknown":
            draw_unknown(p)
        elif look.kind == "bank":
            with p.at(56, 50, 1.125):
                draw_bank(p, look)
        elif look.kind == "school":
            draw_school(p, look)
        elif look.kind == "group":
            spots = ((76, 112, 0.6), (180, 112, 0.6), (128, 142, 0.7))
            for member, (x, y, k) in zip(look.members, spots, strict=False):
                draw_person(p, member, x, y, k)
        else:
            p.circle(128, 100, 84, mix(look.bg, WHITE, 0.18))  # a soft lighter disc behind the head: depth without an outline
            draw_person(p, look, 128, 118 if look.hat else 112)
    p.clip_circle()
    return p.result()


def video(look: Look, size: tuple[int, int]) -> pygame.Surface:
    """The other side of a video call: the same person, larger, in their room, filling `size`.

    The room is drawn 540 wide with the head near y = 325. A frame taller than 3:4 (a phone
    held upright) shows the room full width and more of it above and below; a wider frame
    shows it full height and more of it to the sides. Either way the face sits in the upper third, clear of
    the captions drawn over the lower half.
    """
    w, h = max(8, size[0]), max(8, size[1])
    k, x0, y0, shift = w / 540, 0.0, 0.0, 0.0
    if h / k > 720:
        shift = max(0.0, 0.34 * h / k - 325)
    else:
        k = h / 720
        # the head a third of the way down (clear of the captions), never cut at the top
        x0, y0 = (w - 540 * k) / 2, max(h * 0.36 - 325 * k, -110 * k)
    # A big frame is drawn at most VIDEO_WIDTH wide and scaled up: a video call is soft
    # anyway, and the time to draw it stays small at every screen size.
    f = min(1.0, VIDEO_WIDTH / w)
    p = Canvas(round(w * f), round(h * f), 2, bg=look.wall)
    with p.at(x0 * f, (y0 + shift * k) * f, k * f):
        ROOMS.get(look.room, room_home)(p, look)
    frame = p.result()
    return frame if f == 1.0 else pygame.transform.smoothscale(frame, (w, h))


VIDEO_WIDTH = 400


FAR = 3000  # rooms reach far beyond the 540 x 720 they are drawn in, for frames of other shapes


def desk(p: Canvas, y: float, top: Col, front: Col) -> None:
    p.rect((-FAR, y, FAR, y + 16), top, r=6)
    p.rect((-FAR, y + 14, FAR, FAR), front)


def hands_on_desk(p: Canvas, L: Look, y: float, k: float) -> None:
    """Forearms resting on the desk and hands together at the middle."""
    sleeve = shade(L.top, 0.92)
    with p.at(270, y, k):
        for s in (-1, 1):
            p.poly([(s * 118, -40), (s * 150, 2), (s * 30, 22), (s * 18, -6)], sleeve)
        p.ellipse((-40, -14, 6, 18), L.skin)
        p.ellipse((-6, -16, 40, 16), shade(L.skin, 0.95))


BOOKS: tuple[Col, ...] = ((170, 70, 60), (70, 100, 140), (220, 190, 120), (90, 120, 80), (200, 200, 190), (120, 80, 100), (60, 70, 90))


def shelf(p: Canvas, x: float, y: float, w: float) -> None:
    """A shelf board with a row of plain books standing on it."""
    bx, i = x + 6, 0
    while bx < x + w - 16:
        bw = 9 + (i * 5) % 8
        p.rect((bx, y - 36 - (i % 3) * 6, bx + bw, y), BOOKS[i % len(BOOKS)], r=2)
        bx += bw + 2
        i += 1
    p.rect((x, y, x + w, y + 8), (150, 112, 80), r=2)


def at_desk(p: Canvas, L: Look, desk_top: Col) -> None:
    draw_person(p, L, 270, 330 if L.hat else 320, 1.9, sw=1.25)
    desk(p, 600, desk_top, shade(desk_top, 0.84))
    p.rect((92, 584, 196, 602), (244, 244, 238), r=2)
    hands_on_desk(p, L, 600, 1.3)


def room_office(p: Canvas, L: Look) -> None:
    """An office: a plain round emblem (no real insignia) or a clock on the wall, a cabinet, a shelf."""
    p.rect((-FAR, 470, FAR, FAR), shade(L.wall, 0.9))
    if L.outfit == "uniform":  # a police station
        p.circle(270, 66, 50, shade(GOLD, 0.85))
        p.circle(270, 66, 43, GOLD)
        p.circle(270, 66, 35, shade(L.bg, 0.7))
        p.poly([(252, 46), (288, 46), (288, 70), (270, 90), (252, 70)], GOLD)
    else:  # any office: a wall clock
        p.circle(270, 66, 40, shade(L.wall, 0.7))
        p.circle(270, 66, 34, (250, 250, 246))
        p.line([(270, 44), (270, 66), (286, 74)], (60, 60, 70), 4)
    p.rect((14, 250, 110, 470), shade(L.wall, 0.78), r=6)
    for y in (272, 342, 412):
        p.rect((24, y, 100, y + 56), shade(L.wall, 0.86), r=4)
        p.rect((48, y + 22, 76, y + 30), shade(L.wall, 0.6), r=3)
    shelf(p, 420, 230, 110)
    shelf(p, 420, 330, 110)
    at_desk(p, L, (150, 104, 70))


def room_wood(p: Canvas, L: Look) -> None:
    """A panelled office with a bookcase."""
    for x in range(-600, 1140, 60):
        p.rect((x + 2, -FAR, x + 58, FAR), shade(L.wall, 1.06), r=3)
    p.rect((-600, 150, 1140, 420), shade(L.wall, 0.8))
    for y in (240, 330, 420):
        shelf(p, -592, y - 10, 1724)
    at_desk(p, L, shade(L.wall, 0.6))


def room_city(p: Canvas, L: Look) -> None:
    """A bright office with a plain skyline behind the window."""
    p.rect((-FAR, 60, FAR, 440), (196, 222, 240))
    for dx in (-540, 0, 540):
        for x, w, h in ((0, 70, 180), (80, 50, 240), (140, 90, 140), (250, 60, 260), (320, 80, 170), (410, 60, 220), (480, 70, 150)):
            p.rect((dx + x, 440 - h, dx + x + w, 440), (170, 196, 216), r=3)
    for x in range(-540, 1081, 135):
        p.rect((x - 4, 60, x + 4, 440), L.wall)
    p.rect((448, 360, 500, 440), (240, 240, 240), r=8)  # a plant in a white pot
    for dx, dy in ((-18, -30), (16, -36), (0, -58), (-24, -62), (24, -70)):
        p.ellipse((474 + dx - 16, 360 + dy - 26, 474 + dx + 16, 360 + dy + 26), (96, 160, 110))
    at_desk(p, L, (244, 244, 246))


def room_home(p: Canvas, L: Look) -> None:
    """A living room: a window with curtains, cupboards, a plant, the back of a sofa."""
    curtain = shade(L.bg, 0.9)
    p.rect((30, 80, 200, 330), (186, 218, 236), r=4)
    p.rect((110, 80, 120, 330), shade(L.wall, 1.05))
    p.rect((30, 200, 200, 208), shade(L.wall, 1.05))
    p.rect((16, 66, 64, 360), curtain, r=10)
    p.rect((166, 66, 214, 360), curtain, r=10)
    p.rect((330, 60, 540, 190), shade(L.wall, 0.82), r=4)
    for x in (340, 412, 484):
        p.rect((x, 70, x + 62, 180), shade(L.wall, 0.9), r=4)
        p.rect((x + 26, 150, x + 36, 156), (150, 120, 90), r=2)
    p.rect((400, 250, 430, 300), (90, 150, 110), r=6)
    p.circle(415, 238, 24, (110, 170, 110))
    p.rect((-FAR, 480, FAR, FAR), shade(L.bg, 0.75), r=50)
    draw_person(p, L, 270, 330, 2.3, sw=1.2)


def room_bedroom(p: Canvas, L: Look) -> None:
    """A bedroom: a window with pale curtains, a framed picture, the bed head, a lamp."""
    p.rect((380, 90, 520, 300), shade(L.wall, 1.04), r=6)
    for x in range(386, 516, 22):
        p.rect((x, 90, x + 10, 300), shade(L.wall, 0.96), r=4)
    p.rect((40, 110, 150, 190), (170, 150, 120), r=3)
    p.rect((48, 118, 142, 182), (190, 212, 206), r=2)
    p.poly([(48, 182), (84, 140), (110, 168), (124, 154), (142, 182)], (150, 186, 160))
    p.rect((60, 360, 480, 560), (150, 112, 86), r=16)
    p.rect((20, 520, 520, FAR), shade(L.bg, 0.9), r=20)
    p.rect((20, 520, 520, 560), (236, 236, 232), r=20)
    p.rect((470, 430, 540, FAR), (160, 122, 92), r=6)
    p.rect((492, 380, 506, 430), (200, 190, 170))
    p.poly([(470, 330), (528, 330), (540, 384), (458, 384)], (246, 230, 190))
    draw_person(p, replace(L, mouth="soft"), 270, 330, 2.1, sw=1.15)


def room_dark(p: Canvas, L: Look) -> None:
    """An unknown caller's camera: a dark room, a figure against the light, no face to see."""
    p.rect((-FAR, -FAR, FAR, FAR), (22, 26, 36))
    for y in range(90, 330, 26):  # light through blinds, far behind
        p.rect((330, y, 520, y + 12), (44, 52, 70))
    p.ellipse((120, 460, 420, 900), (34, 48, 70))
    figure = Look(skin=(62, 50, 44), hair=(14, 14, 18), outfit="hoodie", top=(30, 34, 44), accent=(60, 64, 76))
    draw_person(p, figure, 270, 320, 2.0, sw=1.2, features=False)


def room_group(p: Canvas, L: Look) -> None:
    """A group video room: the members one above the other, each in a tile."""
    for i, member in enumerate(L.members[:3]):
        y = 10 + i * 236
        p.rect((10, y, 530, y + 226), member.bg, r=16)
        with p.at(0, y):
            draw_person(p, member, 270, 100, 0.9)
        p.rect((0, y + 226, 540, FAR), L.wall)  # the next tile, or the wall, hides the rest of the body


def room_building(p: Canvas, L: Look) -> None:
    """An organisation's stream: its building, large, on its own colour."""
    p.rect((-FAR, -FAR, FAR, FAR), L.bg)
    if L.kind == "bank":
        with p.at(46, 200, 3.5):
            draw_bank(p, L)
    else:
        with p.at(14, 150, 2.0):
            draw_school(p, L)


ROOMS = {
    "office": room_office,
    "wood": room_wood,
    "city": room_city,
    "home": room_home,
    "bedroom": room_bedroom,
    "dark": room_dark,
    "group": room_group,
    "building": room_building,
}


# == choosing a look from the story ======================================================

# Who each avatar kind can be: gender ("f", "m" or "" for either), ages, outfits, and the
# room behind them on a video call.
KIND_PEOPLE: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], str]] = {
    "officer": ("m", ("adult", "older"), ("uniform",), "office"),
    "prosecutor": ("", ("adult", "older"), ("suit", "blazer"), "wood"),
    "woman": ("f", ("adult",), ("blouse", "tshirt", "cardigan", "blazer"), "home"),
    "man": ("m", ("adult",), ("shirt", "tshirt", "jacket"), "home"),
    "girl": ("f", ("teen",), ("shirt", "hoodie", "tshirt"), "bedroom"),
    "boy": ("m", ("teen",), ("hoodie", "tshirt", "shirt"), "bedroom"),
    "mom": ("f", ("adult", "older"), ("cardigan", "blouse", "aodai"), "home"),
    "dad": ("m", ("adult", "older"), ("shirt", "tshirt", "jacket"), "home"),
    "recruiter": ("", ("adult",), ("blazer", "suit"), "city"),
    "courier": ("m", ("adult",), ("jacket",), "home"),
    "teacher": ("f", ("adult", "older"), ("aodai", "blouse", "cardigan"), "home"),
}
# A real person drawn without an avatar: who their role says they are.
ROLE_KIND = {"family": "mom", "friend": "girl", "official": "teacher", "employer": "woman", "self": "girl", "other": "woman"}
UNKNOWN_ROLES = ("scammer", "stranger")  # with avatar `unknown`: a number the player does not know

# Words in a name that say whether the person is a woman or a man (Vietnamese given and
# middle names, English titles); used where the avatar kind leaves it open.
FEMALE_WORDS = frozenset(
    "mom mẹ ms mrs sister chị cô bà daughter grandma thị ngọc linh hà hạnh mai lan vy thảo chi trang hương hoa nhung yến thu".split()
)
MALE_WORDS = frozenset("dad bố mr brother ông chú son grandpa văn phong long quân đức hậu huy nam tuấn quang hùng dũng khoa sơn".split())
FEMALE_STYLES = ("long", "bangs", "bob", "bun", "ponytail")
MALE_STYLES = ("short", "neat", "side")


def _gender(character, default: str, rng: random.Random) -> str:
    """ "f" or "m": from the words of the name when they say it, else the kind's default, else by chance."""
    words = {w.strip("“”\"'().,–-").lower() for lang in ("en", "vi") for w in character.name.get(lang).split()}
    if words & FEMALE_WORDS and not words & MALE_WORDS:
        return "f"
    if words & MALE_WORDS and not words & FEMALE_WORDS:
        return "m"
    return default or rng.choice("fm")


def shows_unknown(character) -> bool:
    """True when the phone shows the grey "?": no avatar, and a caller the player does not know."""
    return character is None or (character.avatar == "unknown" and character.role in UNKNOWN_ROLES)


def _rng(*words: str) -> random.Random:
    """A generator seeded from words, the same on every run (Python's own hash is not)."""
    digest = hashlib.sha256("\x1f".join(words).encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def make_look(story: str, character, attempt: int = 0) -> Look:
    """One candidate look for a character of a story; `attempt` gives another one."""
    rng = _rng(story, character.id, character.avatar, character.role, str(attempt))
    if shows_unknown(character):
        return UNKNOWN
    kind = character.avatar
    bg = rng.choice(BACKGROUNDS)
    if kind in ("bank", "school"):
        # An organisation's logo follows its name, not the person behind it (see the module's docstring).
        org = _rng(kind, character.name.get("vi"), character.number, str(attempt))
        bg = org.choice(BACKGROUNDS)
        wall = org.choice(((246, 238, 218), (250, 240, 220), (236, 240, 246), (244, 230, 214)))
        roof = org.choice(((186, 70, 60), (70, 110, 160), (90, 130, 90), (160, 90, 60)))
        return Look(kind=kind, bg=shade(bg, 0.7) if kind == "bank" else bg, accent=wall, top=roof, room="building", wall=bg)
    if kind == "group":
        members = tuple(_person(rng, k, rng.choice(BACKGROUNDS)) for k in rng.sample(("woman", "man", "girl", "boy"), 3))
        return Look(kind="group", bg=bg, members=members, room="group", wall=bg)
    if kind == "unknown":
        kind = ROLE_KIND.get(character.role, "woman")
    look = _person(rng, kind, bg, _gender(character, KIND_PEOPLE.get(kind, KIND_PEOPLE["woman"])[0], rng))
    if character.avatar == "unknown" and character.role == "official":
        look = replace(look, lanyard=True, room="office")
    return look


def _person(rng: random.Random, kind: str, bg: Col, gender: str = "") -> Look:
    default_gender, ages, outfits, room = KIND_PEOPLE.get(kind, KIND_PEOPLE["woman"])
    gender = gender or default_gender or rng.choice("fm")
    age = rng.choice(ages)
    hair = rng.choice(OLD_HAIR if age == "older" else YOUNG_HAIR if age == "teen" else DARK_HAIR)
    styles = FEMALE_STYLES if gender == "f" else MALE_STYLES + (("spiky",) if age == "teen" else ())
    if age == "older" and gender == "f":
        styles = ("bun", "bob")
    outfit = rng.choice(outfits)
    if gender == "m" and outfit in ("blouse", "aodai", "cardigan"):
        outfit = "shirt"
    if gender == "f" and outfit == "suit":
        outfit = "blazer"
    top = rng.choice(UNIFORMS) if outfit == "uniform" else rng.choice(TOPS)
    if kind == "girl" and outfit == "shirt":
        top = (248, 248, 246)  # a school shirt
    hat = "courier" if kind == "courier" else ("police" if kind == "officer" and rng.random() < 0.6 else "")
    return Look(
        bg=bg,
        skin=rng.choice(SKINS),
        hair=hair,
        hair_style=rng.choice(styles),
        age=age,
        outfit=outfit,
        top=top,
        accent=rng.choice(((245, 245, 245), (246, 232, 210), (60, 150, 140), (232, 184, 84), (200, 210, 230))),
        glasses=rng.random() < (0.35 if age == "older" else 0.15),
        hat=hat,
        headset=kind == "recruiter" and rng.random() < 0.5,
        moustache=gender == "m" and age != "teen" and rng.random() < 0.3,
        earrings=gender == "f" and age != "teen" and rng.random() < 0.5,
        mouth=rng.choice(("smile", "smile", "soft", "calm")),
        brow=rng.choice(("soft", "level")),
        clip=rng.choice(((240, 150, 170), (120, 190, 220), (250, 210, 110))) if gender == "f" and rng.random() < 0.5 else None,
        room=room,
        wall=shade(rng.choice(BACKGROUNDS), 1.55),
    )


def _traits(look: Look) -> tuple:
    return (look.skin, look.hair, look.hair_style, look.top, look.age, look.glasses, look.hat, look.moustache, look.outfit)


def too_close(a: Look, b: Look, strict: bool) -> bool:
    """True when two looks could pass for one: the same background or clothes, or too few differences.

    Every unknown number shows the same "?", as on a phone; it is never too close.
    """
    if a.kind != b.kind or a.kind == "unknown":
        return False
    if a.bg == b.bg:
        return True
    if a.kind != "person":
        return False
    if a.top == b.top and a.outfit != "uniform":  # clothes of one colour read as one person at 40 px
        return True
    differ = sum(x != y for x, y in zip(_traits(a), _traits(b), strict=True))
    return differ < (5 if strict else 4)


def identity(character) -> tuple:
    """What the phone shows of a sender: characters alike in this show one face (a spoofed brand name)."""
    return (character.avatar, tuple(sorted(character.name.by_lang.items())), character.number)


def looks_of(story: str, characters: Mapping) -> dict[str, Look]:
    """Every character's look, in the order the story lists them; none too close to an earlier one."""
    looks: dict[str, Look] = {}
    shown: dict[tuple, Look] = {}
    for cid, character in characters.items():
        same = shown.get(identity(character))
        if same is not None:
            looks[cid] = same
            continue
        for attempt in range(64):
            look = make_look(story, character, attempt)
            if look.kind == "unknown" or not any(
                too_close(look, other, (characters[oid].role == "scammer") != (character.role == "scammer"))
                for oid, other in looks.items()
                if identity(characters[oid]) != identity(character)
            ):
                break
        looks[cid] = look
        shown[identity(character)] = look
    return looks
