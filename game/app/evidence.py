"""Evidence on the phone: the attachments of a step, drawn as the real thing a teenager knows.

A step's `attachments` (game/core/model.py) are drawn here, each kind in its own look:
a paper `document` (a red seal and a scribbled signature when `seal: true`), an `sms`
notification banner (an OTP drawn big), a `profile` friend-request card, a `transfer`
receipt from a banking app, an `app_install` prompt with its permissions, a `link`
preview with its real domain, and a `video_room` call header. Every word comes from the
story file (so translators translate it) or from game/core/strings.py (the buttons).

Each kind is one function that lays its card out top-down; called with `paint=False` it
only measures, so the same code gives the height used to fit the cards into the room the
phone gives them: the type shrinks a step at a time until the cards fit, and text that
still cannot fit is reported as an overflow like any other text box.

Tells: while painting, every tell drawn (a `source` with `source_tell`, a row with `tell`)
is noted with `Painter.mark_tell` at exactly the rectangle of its words; the debrief's
"Show me" and the practice round use those marks. Nothing shows them during play.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

import pygame

from ..core import model as m
from ..core.strings import labelled, ui
from .painter import Overflow, Painter
from .theme import TEXT_SCALE

READABLE = 0.7  # below this scale the cards' type is small enough to take room from a bubble's big type
SCALES = (1.0, 0.9, 0.8, 0.7, 0.62, 0.55, 0.48, 0.42)  # type sizes tried, largest first, until the cards fit
OTP = re.compile(r"^[\d\s.-]{4,14}$")  # an SMS row that is only a code: drawn big, as phones do
MONEY = re.compile(r"\d.*(đ|₫|vnd|vnđ|usd|\$|€)|(\$|€)\s*\d", re.IGNORECASE)  # the amount of a transfer


class Palette(NamedTuple):
    """The colours of the cards, taken from the theme (high contrast: black cards, white lines)."""

    card: tuple[int, int, int]
    text: tuple[int, int, int]
    muted: tuple[int, int, int]
    line: tuple[int, int, int]
    paper: tuple[int, int, int]
    paper_text: tuple[int, int, int]
    accent: tuple[int, int, int]
    accent_text: tuple[int, int, int]
    dark: tuple[int, int, int]
    dark_text: tuple[int, int, int]
    dark_muted: tuple[int, int, int]
    ok: tuple[int, int, int]
    seal: tuple[int, int, int]
    secondary: tuple[int, int, int]  # a drawn grey button (Remove, Cancel); its words in `text`
    outlined: bool


def palette(th) -> Palette:
    hc = th.name == "high-contrast"
    return Palette(
        card=th.bubble_in,
        text=th.bubble_in_text,
        muted=th.screen_muted,
        line=th.screen_muted if hc else (200, 206, 216),
        paper=th.screen if hc else (253, 251, 244),
        paper_text=th.screen_text if hc else (26, 26, 34),
        accent=th.bubble_out,
        accent_text=th.bubble_out_text,
        dark=th.call_bg,
        dark_text=th.call_text,
        dark_muted=th.call_muted,
        ok=th.accept,
        seal=(255, 80, 80) if hc else (196, 30, 38),
        secondary=th.bubble_in if hc else (200, 206, 216),
        outlined=hc,
    )


class Kit:
    """Sizes and drawing helpers for one pass over the cards at one type scale."""

    def __init__(self, app, p: Painter, lang: str, width: int, scale: float) -> None:
        self.app = app
        self.p = p
        self.lang = lang
        self.c = palette(app.theme)
        self.u = u = width / 88  # about the phone screen's hundredth: the cards are most of its width
        ts = TEXT_SCALE[app.settings.text_size] * scale
        self.scale = scale
        self.body = max(10, int(4.3 * u * ts))
        self.small = max(10, int(3.6 * u * ts))
        self.title = max(10, int(4.8 * u * ts))
        self.big = max(12, int(8.5 * u * ts))
        self.pad = max(4, int(3 * u * min(1.0, scale + 0.2)))
        self.gap = max(2, int(1.3 * u * scale))
        self.radius = max(4, int(3 * u))

    def t(self, key: str) -> str:
        return ui(key, self.lang)

    # -- text --------------------------------------------------------------------------

    def text(
        self, text: str, x: int, y: int, w: int, size: int, colour, paint: bool, bold: bool = False, align: str = "left", where: str = ""
    ) -> pygame.Rect:
        """Wrapped text from (x, y) in width w; returns the rectangle of its ink (drawn when paint)."""
        p = self.p
        if not text or w <= 0:
            return pygame.Rect(x, y, 0, 0)
        lines, _ = p.wrap(text, w, size, bold)
        h = p.line_height(size) * len(lines)
        ink = min(w, max(p.text_width(line, size, bold) for line in lines))
        left = x + (w - ink) // 2 if align == "center" else x + w - ink if align == "right" else x
        if paint:
            # The box is exactly the wrapped height: text_box reports it only if a character is wider than the card.
            p.text_box(text, pygame.Rect(x, y, w, h), size, colour, bold=bold, align=align, where=where or "attachment", min_size=size)
        return pygame.Rect(left, y, ink, h)

    def big_size(self, text: str, w: int) -> int:
        """The big type (an OTP, an amount) made smaller until the words fit one line, never below the body type."""
        size = self.big
        while size > self.body and self.p.text_width(text, size, True) > w:
            size = max(self.body, int(size * 0.9))
        return size

    def tell(self, rect: pygame.Rect, why: m.Text | None, paint: bool) -> None:
        if paint and why is not None and rect.width and rect.height:
            self.p.mark_tell(rect.inflate(4, 2), why.get(self.lang))

    def label_text(self, row: m.Row) -> str:
        label = row.label.get(self.lang) if row.label is not None else ""
        return labelled(label, row.text.get(self.lang), self.lang) if label else row.text.get(self.lang)

    def row(self, row: m.Row, x: int, y: int, w: int, colour, paint: bool, size: int | None = None, bold: bool = False) -> int:
        """One row as "label: words"; marks it when it is a tell; returns the y below it."""
        r = self.text(self.label_text(row), x, y, w, size or self.body, colour, paint, bold=bold)
        self.tell(r, row.tell, paint)
        return y + r.height

    def pair(self, row: m.Row, x: int, y: int, w: int, paint: bool) -> int:
        """One row of a receipt: the label on the left, the words on the right (under it when both don't fit)."""
        label = row.label.get(self.lang) if row.label is not None else ""
        value = row.text.get(self.lang)
        p = self.p
        lw = p.text_width(label, self.small) if label else 0
        vw = p.text_width(value, self.body, True)
        if not label:
            r = self.text(value, x, y, w, self.body, self.c.paper_text, paint, bold=True)
        elif lw + vw + 2 * self.gap <= w:
            lr = self.text(label, x, y + (p.line_height(self.body) - p.line_height(self.small)) // 2, lw, self.small, self.c.muted, paint)
            vr = self.text(value, x + w - vw, y, vw, self.body, self.c.paper_text, paint, bold=True, align="right")
            r = lr.union(vr)
        else:
            lr = self.text(label, x, y, w, self.small, self.c.muted, paint)
            vr = self.text(value, x, lr.bottom, w, self.body, self.c.paper_text, paint, bold=True, align="right")
            r = lr.union(vr)
        self.tell(r, row.tell, paint)
        return y + r.height + self.gap

    def source(self, att: m.Attachment, x: int, y: int, w: int, colour, paint: bool, size: int | None = None) -> int:
        """The attachment's source line (a number, a domain, a file name); marked when it is the tell."""
        if not att.source:
            return y
        r = self.text(att.source, x, y, w, size or self.small, colour, paint)
        self.tell(r, att.source_tell, paint)
        return y + r.height

    # -- shapes ------------------------------------------------------------------------

    def card(self, rect: pygame.Rect, colour, paint: bool, radius: int | None = None) -> None:
        if not paint:
            return
        r = self.radius if radius is None else radius
        self.p.rect(rect, colour, radius=r)
        if self.c.outlined:
            self.p.rect(rect, self.c.text, radius=r, width=2)

    def icon(self, name: str, x: int, y: int, d: int, colour, paint: bool) -> None:
        if paint:
            self.p.surface.blit(self.app.art.icon(name, d, colour), (x, y))

    def button(self, rect: pygame.Rect, words: str, bg, fg, paint: bool) -> None:
        """A button as drawn on the evidence (a picture of a button: it does nothing)."""
        if not paint:
            return
        self.p.rect(rect, bg, radius=rect.height // 2)
        if self.c.outlined:
            self.p.rect(rect, fg, radius=rect.height // 2, width=2)
        self.p.text_box(
            words,
            rect.inflate(-self.gap * 2, 0),
            self.small,
            fg,
            bold=True,
            align="center",
            valign="middle",
            where="evidence button",
            min_size=10,
            max_lines=1,
        )

    def button_h(self, words: Sequence[str], w: int) -> int:
        """The height of a row of drawn buttons, tall enough for their words at the small size."""
        p = self.p
        widest = max(p.text_width(s, self.small, True) for s in words)
        each = (w - self.gap * (len(words) - 1)) // len(words) - 2 * self.gap
        size = self.small if widest <= each else max(10, int(self.small * each / max(1, widest)))
        return p.line_height(size) + 2 * self.gap


# -- the seven kinds ---------------------------------------------------------------------
# Each draws (paint=True) or measures (paint=False) one card at rect.x, rect.y in rect.width
# and returns its height; when painting, rect.height is the height the measure gave.

Draw = Callable[[Kit, m.Attachment, pygame.Rect, bool], int]


def document(k: Kit, att: m.Attachment, rect: pygame.Rect, paint: bool) -> int:
    """A paper document: a crest, the title, rows of "label: value", a red seal over a signature."""
    c = k.c
    paper_h = rect.height - (k.p.line_height(k.small) + k.gap if att.source else 0)
    paper = pygame.Rect(rect.x, rect.y, rect.width, paper_h)
    if paint:
        k.p.rect(paper.move(2, 3), c.line, radius=2)  # a little shadow: a photographed sheet
        k.card(paper, c.paper, paint, radius=2)
    x, w = rect.x + k.pad * 2, rect.width - k.pad * 4
    y = rect.y + k.pad
    d = max(10, int(k.title * 1.3))
    if paint:  # a crest, as on official paper
        k.p.circle((rect.centerx, y + d // 2), d // 2, c.seal, width=max(1, d // 10))
        _star(k.p.surface, (rect.centerx, y + d // 2), d * 0.28, c.seal)
    y += d + k.gap
    y = k.text(att.title.get(k.lang), x, y, w, k.title, c.paper_text, paint, bold=True, align="center").bottom + max(3, k.gap)
    if paint:
        pygame.draw.line(k.p.surface, c.paper_text, (x + w // 4, y), (x + w - w // 4, y), max(1, int(k.u * 0.3)))
    y += k.gap * 2
    for row in att.rows:
        y = k.row(row, x, y, w, c.paper_text, paint, size=k.small) + k.gap
    if att.seal:
        s = max(24, int(k.body * 3.2))
        area = pygame.Rect(x + w - int(s * 1.9), y + k.gap, int(s * 1.9), s)
        if paint:
            _signature(k.p.surface, area, (20, 40, 140) if not c.outlined else c.paper_text, max(1, int(k.u * 0.45)))
            _seal(k.p.surface, (area.right - s // 2, area.centery), s // 2, c.seal)
        y = area.bottom
    y += k.pad
    if att.source:
        y = k.source(att, rect.x, y + k.gap, rect.width, c.muted, paint)
    return y - rect.y


def sms(k: Kit, att: m.Attachment, rect: pygame.Rect, paint: bool) -> int:
    """A text-message notification: app line, sender and number, the message; a code drawn big."""
    c = k.c
    k.card(rect, c.card, paint, radius=k.radius * 2)
    x, w = rect.x + k.pad, rect.width - 2 * k.pad
    y = rect.y + k.pad
    d = k.p.line_height(k.small)
    if paint:
        k.p.rect(pygame.Rect(x, y, d, d), c.ok, radius=max(2, d // 4))
        k.icon("message", x + d // 6, y + d // 6, d - d // 3, (255, 255, 255), paint)
    now = k.t("ev_now")
    nw = k.p.text_width(now, k.small)
    k.text(k.t("ev_messages").upper(), x + d + k.gap, y, w - d - nw - 2 * k.gap, k.small, c.muted, paint)
    k.text(now, x + w - nw, y, nw, k.small, c.muted, paint)
    y += d + k.gap
    y = k.text(att.title.get(k.lang), x, y, w, k.body, c.text, paint, bold=True).bottom
    y = k.source(att, x, y, w, c.muted, paint) + k.gap
    for row in att.rows:
        if OTP.match(row.text.get(k.lang)):
            if row.label is not None:
                y = k.text(row.label.get(k.lang), x, y, w, k.small, c.muted, paint).bottom
            r = k.text(row.text.get(k.lang), x, y, w, k.big_size(row.text.get(k.lang), w), c.text, paint, bold=True)
            k.tell(r, row.tell, paint)
            y = r.bottom + k.gap
        else:
            y = k.row(row, x, y, w, c.text, paint) + k.gap
    return y + k.pad - k.gap - rect.y


def profile(k: Kit, att: m.Attachment, rect: pygame.Rect, paint: bool) -> int:
    """A friend request: cover, a round avatar with initials, name and handle, rows, Add friend / Remove."""
    c = k.c
    k.card(rect, c.card, paint)
    cover_h = int(k.body * 2.2)
    if paint:
        k.p.rect(pygame.Rect(rect.x, rect.y, rect.width, cover_h), c.accent, radius=k.radius)
    d = int(k.body * 3.4)
    x, w = rect.x + k.pad, rect.width - 2 * k.pad
    if paint:  # the heading of the card, beside the avatar that overlaps the cover
        head = pygame.Rect(x + d + k.pad, rect.y, rect.right - k.pad - x - d - k.pad, cover_h)
        k.p.text_box(
            k.t("ev_friend_request"),
            head,
            k.small,
            c.accent_text,
            bold=True,
            valign="middle",
            where="evidence heading",
            min_size=10,
            max_lines=1,
        )
    top = rect.y + cover_h - d // 3
    if paint:
        centre = (x + d // 2, top + d // 2)
        k.p.circle(centre, d // 2 + 2, c.card)
        k.p.circle(centre, d // 2, c.muted)
        k.p.text_line(_initials(att.title.get(k.lang)), centre, int(d * 0.38), c.card, bold=True, anchor="center")
    tx = x + d + k.pad
    y = rect.y + cover_h + k.gap
    y = k.text(att.title.get(k.lang), tx, y, rect.right - k.pad - tx, k.title, c.text, paint, bold=True).bottom
    y = k.source(att, tx, y, rect.right - k.pad - tx, c.muted, paint)
    y = max(y, top + d) + k.gap * 2
    for row in att.rows:
        y = k.row(row, x, y, w, c.text, paint) + k.gap
    words = [k.t("ev_add_friend"), k.t("ev_remove")]
    bh = k.button_h(words, w)
    bw = (w - k.gap) // 2
    k.button(pygame.Rect(x, y + k.gap, bw, bh), words[0], c.accent, c.accent_text, paint)
    k.button(pygame.Rect(x + bw + k.gap, y + k.gap, bw, bh), words[1], c.secondary, c.text, paint)
    return y + k.gap + bh + k.pad - rect.y


def transfer(k: Kit, att: m.Attachment, rect: pygame.Rect, paint: bool) -> int:
    """A banking app's receipt: the bank's bar, a green tick, the headline, the amount big, a table of rows."""
    c = k.c
    k.card(rect, c.paper, paint)
    bar_h = k.p.line_height(k.body) + 2 * k.gap
    if paint:
        k.p.rect(pygame.Rect(rect.x, rect.y, rect.width, bar_h), c.ok, radius=k.radius)
        k.p.rect(pygame.Rect(rect.x, rect.y + bar_h // 2, rect.width, bar_h - bar_h // 2), c.ok)
    d = k.p.line_height(k.body) - 2
    k.icon("bank", rect.x + k.pad, rect.y + k.gap + 1, d, (255, 255, 255), paint)
    sx = rect.x + k.pad + d + k.gap
    if att.source:
        # The bank or app name sits in its bar, in white: marked like any source.
        r = k.text(att.source, sx, rect.y + k.gap, rect.right - k.pad - sx, k.body, (255, 255, 255), paint, bold=True)
        k.tell(r, att.source_tell, paint)
        bar_h = max(bar_h, r.height + 2 * k.gap)
    x, w = rect.x + k.pad, rect.width - 2 * k.pad
    y = rect.y + bar_h + k.pad
    t = int(k.body * 2.2)
    if paint:
        k.p.circle((rect.centerx, y + t // 2), t // 2, c.ok)
    k.icon("check", rect.centerx - t // 3, y + t // 6, t * 2 // 3, (255, 255, 255), paint)
    y += t + k.gap
    y = k.text(att.title.get(k.lang), x, y, w, k.body, c.ok if not c.outlined else c.paper_text, paint, bold=True, align="center").bottom
    rows = list(att.rows)
    amount = next((r for r in rows if MONEY.search(r.text.get(k.lang))), None)
    if amount is not None:
        rows.remove(amount)
        words = amount.text.get(k.lang)
        r = k.text(words, x, y + k.gap, w, k.big_size(words, w), c.paper_text, paint, bold=True, align="center")
        k.tell(r, amount.tell, paint)
        y = r.bottom
    y += k.gap * 2
    if paint and rows:
        pygame.draw.line(k.p.surface, c.line, (x, y), (x + w, y), 1)
    y += k.gap * 2
    for row in rows:
        y = k.pair(row, x, y, w, paint)
    return y + k.pad - rect.y


def app_install(k: Kit, att: m.Attachment, rect: pygame.Rect, paint: bool) -> int:
    """An install prompt: the app's icon and name, where it comes from, the permissions it asks, Cancel / Install."""
    c = k.c
    k.card(rect, c.card, paint, radius=k.radius * 2)
    x, w = rect.x + k.pad, rect.width - 2 * k.pad
    y = rect.y + k.pad
    d = int(k.title * 2.4)
    if paint:
        k.p.rect(pygame.Rect(x, y, d, d), c.accent, radius=d // 4)
    k.icon("app", x + d // 6, y + d // 6, d - d // 3, c.accent_text, paint)
    tx = x + d + k.pad
    ty = k.text(att.title.get(k.lang), tx, y, rect.right - k.pad - tx, k.title, c.text, paint, bold=True).bottom
    ty = k.source(att, tx, ty, rect.right - k.pad - tx, c.muted, paint)
    y = max(ty, y + d) + k.gap * 2
    if att.rows:
        y = k.text(k.t("ev_permissions"), x, y, w, k.small, c.muted, paint).bottom + k.gap
    s = k.p.line_height(k.body) - 4
    for row in att.rows:
        k.icon("key", x, y + 2, s, c.text, paint)
        label = row.label.get(k.lang) if row.label is not None else ""
        r = (
            k.text(label, x + s + k.gap, y, w - s - k.gap, k.body, c.text, paint, bold=True)
            if label
            else pygame.Rect(x + s + k.gap, y, 0, 0)
        )
        r2 = k.text(row.text.get(k.lang), x + s + k.gap, r.bottom, w - s - k.gap, k.small, c.muted, paint)
        k.tell(r.union(r2) if label else r2, row.tell, paint)
        y = r2.bottom + k.gap
    words = [k.t("ev_cancel"), k.t("ev_install")]
    bh = k.button_h(words, w)
    bw = (w - k.gap) // 2
    y += k.gap
    k.button(pygame.Rect(x, y, bw, bh), words[0], c.secondary, c.text, paint)
    k.button(pygame.Rect(x + bw + k.gap, y, bw, bh), words[1], c.accent, c.accent_text, paint)
    return y + bh + k.pad - rect.y


def link(k: Kit, att: m.Attachment, rect: pygame.Rect, paint: bool) -> int:
    """A link preview: a picture band, the real domain, the page's title, its description rows."""
    c = k.c
    k.card(rect, c.card, paint)
    band = int(k.body * 3.2)
    if paint:
        k.p.rect(pygame.Rect(rect.x, rect.y, rect.width, band), c.accent, radius=k.radius)
        k.p.rect(pygame.Rect(rect.x, rect.y + band // 2, rect.width, band - band // 2), c.accent)
    d = int(band * 0.6)
    k.icon("chain", rect.centerx - d // 2, rect.y + (band - d) // 2, d, c.accent_text, paint)
    x, w = rect.x + k.pad, rect.width - 2 * k.pad
    y = rect.y + band + k.gap * 2
    y = k.source(att, x, y, w, c.muted, paint)
    y = k.text(att.title.get(k.lang), x, y, w, k.body, c.text, paint, bold=True).bottom + k.gap
    for row in att.rows:
        y = k.row(row, x, y, w, c.muted, paint, size=k.small) + k.gap
    return y + k.pad - rect.y


def video_room(k: Kit, att: m.Attachment, rect: pygame.Rect, paint: bool) -> int:
    """The header of a video meeting: a red camera, the room's name, the account, its lines."""
    c = k.c
    k.card(rect, c.dark, paint)
    x, w = rect.x + k.pad, rect.width - 2 * k.pad
    y = rect.y + k.pad
    d = int(k.title * 1.9)
    if paint:
        k.p.circle((x + d // 2, y + d // 2), d // 2, c.seal)
    k.icon("video", x + d // 5, y + d // 5, d - 2 * (d // 5), (255, 255, 255), paint)
    tx = x + d + k.pad
    ty = k.text(att.title.get(k.lang), tx, y, rect.right - k.pad - tx, k.body, c.dark_text, paint, bold=True).bottom
    ty = k.source(att, tx, ty, rect.right - k.pad - tx, c.dark_muted, paint)
    y = max(ty, y + d) + k.gap
    for row in att.rows:
        y = k.row(row, x, y, w, c.dark_text, paint, size=k.small) + k.gap
    return y + k.pad - k.gap - rect.y


KINDS: dict[str, Draw] = {
    "document": document,
    "sms": sms,
    "profile": profile,
    "transfer": transfer,
    "app_install": app_install,
    "link": link,
    "video_room": video_room,
}


# -- marks of a seal and a pen ----------------------------------------------------------------


def _star(surface: pygame.Surface, centre: tuple[int, int], r: float, colour) -> None:
    cx, cy = centre
    pts = []
    for i in range(10):
        a = -math.pi / 2 + i * math.pi / 5
        rr = r if i % 2 == 0 else r * 0.45
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    pygame.draw.polygon(surface, colour, pts)


def _seal(surface: pygame.Surface, centre: tuple[int, int], r: int, colour) -> None:
    """A round red stamp: two rings, a star, a ring of dashes for its lettering; a little see-through."""
    size = 2 * r + 4
    stamp = pygame.Surface((size, size), pygame.SRCALPHA)
    c = (size // 2, size // 2)
    ink = (*colour, 200)
    w = max(2, r // 12)
    pygame.draw.circle(stamp, ink, c, r, w)
    pygame.draw.circle(stamp, ink, c, int(r * 0.62), max(1, w // 2))
    for i in range(24):  # the lettering around the rim, too small to read
        a = i * 2 * math.pi / 24
        p1 = (c[0] + r * 0.72 * math.cos(a), c[1] + r * 0.72 * math.sin(a))
        p2 = (c[0] + r * 0.86 * math.cos(a + 0.12), c[1] + r * 0.86 * math.sin(a + 0.12))
        pygame.draw.line(stamp, ink, p1, p2, max(1, w // 2))
    _star(stamp, c, r * 0.45, ink)
    surface.blit(stamp, (centre[0] - size // 2, centre[1] - size // 2))


def _signature(surface: pygame.Surface, area: pygame.Rect, colour, width: int) -> None:
    """A scribbled signature: loops along a slanted line."""
    pts = []
    n = 40
    for i in range(n + 1):
        t = i / n
        x = area.x + t * area.width * 0.8
        y = area.centery + math.sin(t * math.pi * 5) * area.height * 0.22 - t * area.height * 0.15
        x += math.cos(t * math.pi * 5) * area.width * 0.04
        pts.append((x, y))
    pygame.draw.lines(surface, colour, False, pts, width)
    pygame.draw.line(
        surface, colour, (area.x, area.bottom - area.height * 0.18), (area.x + area.width * 0.75, area.bottom - area.height * 0.24), width
    )


def _initials(name: str) -> str:
    words = [w for w in name.split() if w[:1].isalnum()]
    return "".join(w[0] for w in words[-2:]).upper() or "?"


# -- fitting and placing -------------------------------------------------------------------------


def _measure(app, p: Painter, atts: Sequence[m.Attachment], lang: str, width: int, room: int) -> tuple[Kit, list[int]]:
    """The largest type scale at which the cards fit the room (or the smallest there is), and their heights."""
    k = Kit(app, p, lang, width, SCALES[0])
    heights: list[int] = []
    for scale in SCALES:
        k = Kit(app, p, lang, width, scale)
        heights = [KINDS[a.kind](k, a, pygame.Rect(0, 0, width, 0), False) for a in atts]
        if sum(heights) + k.gap * 2 * (len(atts) - 1) <= room:
            break
    return k, heights


def draw_cards(app, p: Painter, x: int, y: int, width: int, room: int, atts: Sequence[m.Attachment], lang: str) -> int:
    """Draw the cards one under the other from (x, y) within `room` pixels; the height used."""
    if not atts:
        return 0
    k, heights = _measure(app, p, atts, lang, width, room)
    total = sum(heights) + k.gap * 2 * (len(atts) - 1)
    quotes, p.quotes = p.quotes, []  # a quote of the message is looked for in the message, not in its attachments
    first_mark = len(p.marks)
    clip = p.surface.get_clip()
    box = pygame.Rect(x, y, width, min(total, room) + 4)
    p.surface.set_clip(box.clip(clip) if clip else box)
    try:
        top = y
        for att, h in zip(atts, heights, strict=True):
            KINDS[att.kind](k, att, pygame.Rect(x, top, width, h), True)
            top += h + k.gap * 2
    finally:
        p.surface.set_clip(clip)
        p.quotes = quotes
    if total > room:  # even the smallest type does not fit: say so, as every text box does
        p.overflows.append(Overflow("attachments", atts[0].title.get(lang)[:80], (x, y, width, room)))
    # A tell cut off by the edge is marked only where it shows.
    seen = box.clip(clip) if clip else box
    kept = [(pygame.Rect(mk.rect).clip(seen), mk.why) for mk in p.marks[first_mark:] if pygame.Rect(mk.rect).colliderect(seen)]
    del p.marks[first_mark:]
    for rect, why in kept:
        p.mark_tell(rect, why)
    return min(total, room)


def needed(app, p: Painter, atts: Sequence[m.Attachment], lang: str, width: int, room: int) -> int:
    """The height the cards take in `room` (at the type size they would be drawn at)."""
    if not atts:
        return 0
    k, heights = _measure(app, p, atts, lang, width, room)
    return sum(heights) + k.gap * 2 * (len(atts) - 1)


def at_bottom(
    app, p: Painter, rect: pygame.Rect, step: m.Step, lang: str, share: float = 0.62, width: float = 1.0, keep: str = ""
) -> pygame.Rect:
    """Draw the step's attachments at the bottom of rect (below its message); return the rect left above them.

    They take what they need up to `share` of the height, or, given the message they come
    with (`keep`), all but the room that message needs as a bubble; they shrink their type
    to fit, and if even the smallest type is not enough they take up to nine tenths.
    """
    atts = step.attachments
    if not atts:
        return rect
    w = int(rect.width * width)
    gap = max(4, int(rect.width / 50))
    room = int(rect.height * share)
    if keep:
        u = rect.width / 94  # the chat's own unit: a bubble is 80% wide, its type 5 units, its padding 3
        chosen = int(5.0 * u * TEXT_SCALE[app.settings.text_size])
        # The chat shrinks its bubbles down to the normal size (4.6 units) before it lets one go:
        # when the cards would be small beside a bubble in big type, they count on that.
        for size in (chosen, min(chosen, int(4.6 * u))):
            need = p.fit(keep, int(rect.width * 0.8) - int(6 * u), rect.height, size, min_size=size).height + int(6 * u) + int(12 * u)
            room = max(int(rect.height * share), min(int(rect.height * 0.9), rect.height - need))
            if _measure(app, p, atts, lang, w, room)[0].scale >= READABLE:
                break
    h = needed(app, p, atts, lang, w, room)
    if h > room:
        room = int(rect.height * 0.9)
        h = min(room, needed(app, p, atts, lang, w, room))
    used = draw_cards(app, p, rect.x, rect.bottom - h, w, room, atts, lang)
    return pygame.Rect(rect.x, rect.y, rect.width, max(0, rect.height - used - gap))


def at_top(app, p: Painter, rect: pygame.Rect, step: m.Step, lang: str, share: float = 0.5) -> pygame.Rect:
    """Draw the step's attachments at the top of rect; return the rect left below them."""
    atts = step.attachments
    if not atts:
        return rect
    gap = max(4, int(rect.width / 50))
    used = draw_cards(app, p, rect.x, rect.y, rect.width, int(rect.height * share), atts, lang)
    return pygame.Rect(rect.x, rect.y + used + gap, rect.width, max(0, rect.height - used - gap))


def in_scene(app, p: Painter, rect: pygame.Rect, step: m.Step, lang: str) -> pygame.Rect:
    """Draw the attachments of a narration step; return the rect left for its words.

    A text-message notification drops in from the top, as on a phone; anything else lies
    below the words that introduce it.
    """
    if step.attachments and step.attachments[0].kind == "sms":
        return at_top(app, p, rect, step, lang, share=0.62)
    return at_bottom(app, p, rect, step, lang)


def on_call(app, p: Painter, screen: pygame.Rect, captions: pygame.Rect, step: m.Step, lang: str, video: bool) -> pygame.Rect:
    """Draw the step's attachments during a call; return the captions' rect left for the words.

    On a video call they sit right under the top bar, like a meeting app's header, so the
    caller's face stays in view; on a voice call, above the captions.
    """
    if not step.attachments:
        return captions
    if not video:
        return at_top(app, p, captions, step, lang)
    top = screen.y + int(screen.height * 0.17)
    band = pygame.Rect(captions.x, top, captions.width, captions.bottom - top)
    left = at_top(app, p, band, step, lang, share=0.45)
    y = max(captions.y, left.y)
    return pygame.Rect(captions.x, y, captions.width, captions.bottom - y)
