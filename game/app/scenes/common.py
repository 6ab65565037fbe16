"""Pieces every screen uses: buttons, safety badges, headings, the landscape/portrait split."""

from __future__ import annotations

import pygame

from ..painter import Painter
from ..scene import Button, Scene

SAFETY_ICON = {"safe": "check", "neutral": "question", "risky": "warning", "unsafe": "cross"}
VERDICT_SAFETY = {
    "resisted": "safe",
    "trusted": "safe",
    "hesitated": "neutral",
    "continued": "neutral",
    "fell_for": "unsafe",
    "mistrusted": "risky",
    "not_trusted": "risky",
}


def min_target(scene: Scene) -> int:
    """The smallest touch target on this screen: 48 px, more on big screens (Material, WCAG 2.5.5)."""
    return max(48, int(scene.app.unit * 7))


def button(
    scene: Scene,
    p: Painter,
    rect: pygame.Rect,
    bid: str,
    label: str,
    kind: str = "secondary",
    payload: object = None,
    number: int | None = None,
    icon: str | None = None,
    size: float = 3.0,
    primary: bool = False,
    type_px: int | None = None,
) -> Button:
    """Draw a button and register it. `type_px`: the label's exact type size, shared with its
    neighbours (see `row_type_size`); otherwise `size` (in units) shrinking to fit."""
    app = scene.app
    th = app.theme
    bg, fg = {
        "primary": (th.accent, th.accent_text),
        "accept": (th.accept, th.bg_text),
        "decline": (th.decline, th.bg_text),
    }.get(kind, (th.button, th.button_text))
    radius = max(6, int(app.unit * 1.2))
    p.rect(rect, bg, radius=radius)
    if th.name == "high-contrast":
        p.rect(rect, fg, radius=radius, width=max(2, int(app.unit * 0.3)))
    inner = label_box(scene, rect, number is not None, bool(icon))
    pad = max(8, int(app.unit * 1.4))
    if number is not None:
        d = min(inner.height, int(app.unit * 5.5))
        badge = pygame.Rect(rect.x + pad, inner.centery - d // 2, d, d)
        p.circle(badge.center, d // 2, fg)
        p.text_line(str(number), badge.center, int(d * 0.55), bg, bold=True, anchor="center")
    if icon:
        d = min(inner.height, int(app.unit * 5))
        p.surface.blit(app.art.icon(icon, d, fg), (inner.x - d - pad // 2, inner.centery - d // 2))
    fs = type_px or app.font_size(size)
    p.text_box(
        label,
        inner,
        fs,
        fg,
        bold=bold_label(kind),
        valign="middle",
        align="left" if number is not None or icon else "center",
        where=f"button {bid}",
        min_size=type_px,
    )
    return scene.add(Button(bid, rect, label, kind, payload, primary=primary))


def bold_label(kind: str) -> bool:
    return kind in ("primary", "accept", "decline")


def label_box(scene: Scene, rect: pygame.Rect, number: bool = False, icon: bool = False) -> pygame.Rect:
    """Where a button's words go: inside its padding, right of its number badge or icon."""
    u = scene.app.unit
    pad = max(8, int(u * 1.4))
    inner = rect.inflate(-2 * pad, -pad)
    if number:
        d = min(inner.height, int(u * 5.5))
        inner.x += d + pad
        inner.width -= d + pad
    if icon:
        d = min(inner.height, int(u * 5))
        inner.x += d + pad // 2
        inner.width -= d + pad // 2
    return inner


def row_type_size(
    scene: Scene,
    p: Painter,
    rows: list[tuple[pygame.Rect, str]],
    size: float = 3.0,
    kind: str = "secondary",
    number: bool = False,
    least: float = 0.7,
) -> int:
    """One type size for buttons seen together (a menu's rows, a list of replies): the largest
    that fits every label, so huge text never gives neighbours different sizes; never below
    `least` of the size asked for."""
    app = scene.app
    fs = app.font_size(size)
    return p.row_size([(label, label_box(scene, rect, number)) for rect, label in rows], fs, max(10, int(fs * least)), bold_label(kind))


def safety_badge(scene: Scene, p: Painter, pos: tuple[int, int], safety: str, label: str, size: float = 2.4) -> pygame.Rect:
    """Safety as icon + word on a coloured pill: never colour alone."""
    app = scene.app
    th = app.theme
    fs = app.font_size(size)
    h = int(fs * 1.7)
    w = p.text_width(label, fs, True) + h + int(fs * 0.8)
    rect = pygame.Rect(pos[0], pos[1], w, h)
    p.rect(rect, th.safety[safety], radius=h // 2)
    d = int(h * 0.7)
    p.surface.blit(app.art.icon(SAFETY_ICON[safety], d, th.safety_text), (rect.x + h // 4, rect.centery - d // 2))
    p.text_line(label, (rect.x + h // 4 + d + fs // 4, rect.centery), fs, th.safety_text, bold=True, anchor="midleft")
    return rect


_shades: dict[tuple[tuple[int, int], int], pygame.Surface] = {}


def dim_screen(p: Painter, alpha: int = 170) -> None:
    """Darken whatever is already drawn, under an overlay (the menu, the idle prompt)."""
    key = (p.surface.get_size(), alpha)
    shade = _shades.get(key)
    if shade is None:  # one full-screen surface per size, not one per frame
        _shades.clear()
        shade = pygame.Surface(key[0])
        shade.set_alpha(alpha)
        _shades[key] = shade
    p.surface.blit(shade, (0, 0))


def heading(scene: Scene, p: Painter, text: str, box: pygame.Rect, size: float = 5.0, colour=None) -> None:
    th = scene.app.theme
    fs = scene.app.font_size(size)
    # A heading is big to begin with: it may shrink to half before it wraps out of its box (a long
    # story title after "Step by step" in French or Indonesian, on a tall screen with huge text).
    p.text_box(text, box, fs, colour or th.bg_text, bold=True, valign="middle", where="heading", min_size=max(12, fs // 2))


def landscape(size: tuple[int, int]) -> bool:
    w, h = size
    return w >= h * 1.05
