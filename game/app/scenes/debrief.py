"""The debrief: one card per decision, then the summary; a timeline strip shows the whole path.

A card is what a 15-year-old reads in a few seconds: LEFT the phone as the player saw it
(phone.snapshot), where "Show me" lights up the tells; RIGHT, in large type, what they did,
the verdict, the trick in one line with its icon, and what to say instead. Praise appears
only under the player's own safe reply. A tap on the phone shows it large. Paged rather than
scrolled: one card per page (two side by side on a wide screen, sharing one type size), a
finger or a key turns it. The summary: the ending and the figures in words, the three
families (which caught the player), and each trick met, resisted or fell for.

Nothing is dropped silently: the card shrinks its type down to a floor that is still large;
what does not fit even then goes behind a "More…" button that opens it in full.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import pygame

from ...core.debrief import FELL_FOR, RESISTED, Debrief, DebriefItem, TacticCard, family_states, plain_figures, without_praise
from ...core.strings import labelled, quoted
from ..painter import Mark, Painter
from ..scene import Button, Scene
from . import phone
from .common import SAFETY_ICON, VERDICT_SAFETY, button, heading, landscape, min_target

if TYPE_CHECKING:
    from ..app import App

SNAP_SIZE = (360, 720)  # the phone's screen as the snapshot draws it (then scaled into the card)
STEP = 0.92  # each shrink of the type, as Painter.fit does
CHIP_WORD = {RESISTED: "chip_resisted", FELL_FOR: "chip_fell_for", "met": "chip_met"}  # a tactic chip's word, by verdict


class Section(NamedTuple):
    """One block of a card's text column."""

    kind: str  # badge (verdict pill) | icon (icon + bold line) | bold | body | rule (a thin line between groups)
    text: str
    essential: bool = True  # kept on the card; a non-essential block may move behind "More…"
    icon: str = ""
    colour: str = ""  # badge/icon background: a safety level, or "accent"


class Plan(NamedTuple):
    """How a text column is laid out: one type size, the blocks shown, the blocks behind "More…"."""

    size: int
    shown: list[Section]
    hidden: list[Section]


def quote(said: str, lang: str) -> str:
    """Words the player said, in the language's quotation marks unless they already open with some."""
    return said if said[:1] in "“\"‘'(«„" else quoted(said, lang)


class DebriefScene(Scene):
    def __init__(self, app: App, debrief: Debrief) -> None:
        super().__init__(app)
        self.debrief = debrief
        self.items = [i for i in debrief.items if i.verdict != "continued"] or list(debrief.items)
        self.page = 0  # 0..card pages-1 the cards, then the summary
        self.showing: set[int] = set()  # cards (indexes into items) whose tells are lit up
        self.more: tuple[str, str] | None = None  # (title, text) of an opened "More…", or None
        self.zoom: int | None = None  # the card whose phone is shown large (a tap on its thumbnail)
        self._snaps: dict[tuple, tuple[pygame.Surface, list[Mark]]] = {}
        self.thumbs: dict[int, pygame.Rect] = {}  # where each card's thumbnail was drawn this frame
        self._scaled: dict[tuple[int, tuple[int, int]], pygame.Surface] = {}
        self._parts: tuple[tuple, list[tuple[bool, bool]]] | None = None

    # -- pages ---------------------------------------------------------------------------

    @property
    def small(self) -> int:
        """The smallest type a debrief text may shrink to before it counts as overflowing."""
        return max(12, self.app.font_size(1.6))

    @property
    def floor(self) -> int:
        """The smallest type of a card's own text: below it, blocks go behind "More…" instead."""
        return max(self.small, self.app.font_size(2.2))

    @property
    def per_page(self) -> int:
        """Two cards side by side when the window is wide enough for two readable cards (at the normal
        text size: larger text would push half of each card behind "More…")."""
        w, h = self.app.size
        wide = w >= 1700 and w >= h * 1.6 and self.app.settings.text_size == "normal"
        return 2 if wide and len(self.items) > 1 else 1

    @property
    def card_pages(self) -> int:
        return -(-len(self.items) // self.per_page)

    @property
    def pages(self) -> int:
        return self.card_pages + len(self.summary_parts())

    def page_items(self, page: int | None = None) -> list[int]:
        """The indexes (into items) of the cards on a page."""
        page = self.page if page is None else page
        first = page * self.per_page
        return list(range(first, min(len(self.items), first + self.per_page))) if page < self.card_pages else []

    def key(self, event) -> bool:
        if event.key in (pygame.K_RIGHT, pygame.K_PAGEDOWN):
            self.turn(+1)
            return True
        if event.key in (pygame.K_LEFT, pygame.K_PAGEUP):
            self.turn(-1)
            return True
        if event.key == pygame.K_s:  # "Show me" on the first card of the page that has tells
            for i in self.page_items():
                if self.marks_of(i):
                    self.toggle(i)
                    return True
        return False

    def turn(self, delta: int) -> None:
        self.more = self.zoom = None
        if self.page + delta >= self.pages:
            self.finish()
            return
        self.page = max(0, self.page + delta)

    def toggle(self, i: int) -> None:
        self.showing ^= {i}

    def activate(self, b: Button) -> None:
        if b.id == "next":
            self.turn(+1)
        elif b.id == "prev":
            self.turn(-1)
        elif b.id == "close":
            self.more = self.zoom = None
        elif b.id.startswith("zoom:"):
            self.zoom = int(b.id[5:])
        elif b.id.startswith("show:"):
            self.toggle(int(b.id[5:]))
        elif b.id.startswith("more:"):
            self.more = b.payload  # type: ignore[assignment]
        elif b.id.startswith("dot:"):
            i = int(b.id[4:])
            self.more = self.zoom = None
            self.page = self.card_pages if i >= len(self.items) else i // self.per_page

    # -- the snapshot ----------------------------------------------------------------------

    def snap(self, i: int) -> tuple[pygame.Surface, list[Mark]]:
        """The phone's screen as the player saw card i's step, and its tells (snapshot coordinates)."""
        app = self.app
        item = self.items[i]
        reply = self.reply_before(item)
        key = (item.step_id, reply, app.theme.name, self.debrief.lang, app.settings.text_size)
        got = self._snaps.get(key)
        if got is None:
            scenario = app.library.scenarios.get(self.debrief.scenario_id)
            step = scenario.steps.get(item.step_id) if scenario is not None else None
            if scenario is None or step is None:
                got = (pygame.Surface(SNAP_SIZE), [])
                got[0].fill(app.theme.screen)
            else:
                surface, marks = phone.snapshot(app, scenario, step, self.debrief.lang, SNAP_SIZE, reply)
                got = (surface, list(marks))
            self._snaps[key] = got
        return got

    def scaled(self, surface: pygame.Surface, size: tuple[int, int]) -> pygame.Surface:
        """The snapshot scaled to its thumbnail, kept: a frame redraws it without scaling again."""
        key = (id(surface), size)
        got = self._scaled.get(key)
        if got is None:
            got = self._scaled[key] = pygame.transform.smoothscale(surface, size)
        return got

    def marks_of(self, i: int) -> list[Mark]:
        return self.snap(i)[1]

    def reply_before(self, item: DebriefItem) -> str:
        """The player's reply just before this step, when the same conversation goes on (as the play showed it)."""
        items = list(self.debrief.items)
        k = items.index(item)
        if k == 0:
            return ""
        prev = items[k - 1]
        same = prev.channel == item.channel and prev.speaker == item.speaker and item.channel in ("chat", "sms", "call", "video_call")
        return prev.chosen if same else ""

    # -- drawing ---------------------------------------------------------------------------

    def body_rect(self) -> pygame.Rect:
        """Where the cards (or the summary) go: between the timeline strip and the Back/Next row."""
        w, h = self.app.size
        u = self.app.unit
        margin = int(u * 4)
        strip_bottom = margin + int(u * 8) + max(min_target(self), int(u * 7))
        nav_h = max(min_target(self), int(u * 10))
        return pygame.Rect(margin, strip_bottom + int(u * 3), w - 2 * margin, h - strip_bottom - nav_h - int(u * 6) - margin)

    def draw(self, p: Painter) -> None:
        app = self.app
        th = app.theme
        w, h = app.size
        u = app.unit
        p.surface.fill(th.bg)
        self.thumbs = {}
        margin = int(u * 4)
        nav_h = max(min_target(self), int(u * 10))
        body = self.body_rect()
        if self.zoom is not None and self.zoom in self.page_items() and self.more is None:
            # The phone large: the whole window above the Back/Next row (its words are small in a card).
            self.draw_zoom(p, pygame.Rect(margin, margin, w - 2 * margin, body.bottom - margin), self.zoom)
        else:
            heading(
                self,
                p,
                f"{app.t('debrief_title')} — {self.debrief.title}",
                pygame.Rect(margin, margin, w - 2 * margin, int(u * 7)),
                size=3.6,
            )
            strip = pygame.Rect(margin, margin + int(u * 8), w - 2 * margin, max(min_target(self), int(u * 7)))
            self.draw_timeline(p, strip)
            if self.more is not None:
                self.draw_more(p, body)
            elif self.page < self.card_pages:
                self.draw_cards(p, body)
            else:
                top, tricks = self.summary_parts()[min(self.page - self.card_pages, len(self.summary_parts()) - 1)]
                self.draw_summary(p, body, top, tricks)
        nav_y = h - margin - nav_h
        bw = min(int(u * 40), (w - 3 * margin) // 3)
        if self.page > 0:
            button(self, p, pygame.Rect(margin, nav_y, bw, nav_h), "prev", app.t("back"), size=3)
        p.text_box(
            app.t("page_n_of_k", n=self.page + 1, k=self.pages),
            pygame.Rect(margin + bw, nav_y, w - 2 * margin - 2 * bw, nav_h),
            app.font_size(3),
            th.bg_text,
            bold=True,
            align="center",
            valign="middle",
            where="page number",
        )
        label = app.t("takeaway") if self.page == self.pages - 1 else app.t("next")
        button(self, p, pygame.Rect(w - margin - bw, nav_y, bw, nav_h), "next", label, "primary", size=3)

    def draw_timeline(self, p: Painter, strip: pygame.Rect) -> None:
        """One dot per decision (icon and colour by verdict), then the summary; the ones on this page ringed."""
        app = self.app
        th = app.theme
        n = len(self.items) + 1
        d = min(strip.height, max(24, (strip.width - 8 * n) // max(1, n)))
        gap = min(int(app.unit * 2), (strip.width - d * n) // max(1, n))
        total = n * d + (n - 1) * gap
        x = strip.centerx - total // 2
        here = self.page_items() or [len(self.items)]  # on a summary page, the summary's dot
        for i in range(n):
            rect = pygame.Rect(x + i * (d + gap), strip.centery - d // 2, d, d)
            if i < len(self.items):
                safety = VERDICT_SAFETY[self.items[i].verdict]
                colour = th.safety[safety]
                icon = SAFETY_ICON[safety]
            else:
                colour, icon = th.accent, "shield"
            p.circle(rect.center, d // 2, colour)
            s = int(d * 0.6)
            p.surface.blit(
                app.art.icon(icon, s, th.safety_text if i < len(self.items) else th.accent_text),
                (rect.centerx - s // 2, rect.centery - s // 2),
            )
            if i in here:
                p.circle(rect.center, d // 2 + max(3, d // 8), th.button_focus, width=max(2, d // 10))
            self.add(Button(f"dot:{i}", rect, str(i + 1), "secondary", focusable=False))

    # -- cards -----------------------------------------------------------------------------

    def draw_cards(self, p: Painter, body: pygame.Rect) -> None:
        """The cards of this page side by side, all at one type size (the smallest any of them needs)."""
        u = self.app.unit
        idx = self.page_items()
        gap = int(u * 3)
        cw = (body.width - gap * (len(idx) - 1)) // max(1, len(idx))
        cards = [pygame.Rect(body.x + k * (cw + gap), body.y, cw, body.height) for k in range(len(idx))]
        layouts = [self.card_layout(i, r) for i, r in zip(idx, cards, strict=True)]
        size = min(self.plan(p, self.sections(i), text.width, text.height, None).size for i, (_, text) in zip(idx, layouts, strict=True))
        for i, card, (left, text) in zip(idx, cards, layouts, strict=True):
            self.draw_card(p, i, card, left, text, size)

    def card_layout(self, i: int, card: pygame.Rect) -> tuple[pygame.Rect, pygame.Rect]:
        """(the thumbnail's column, the text column) inside a card: side by side, or stacked on a tall screen."""
        u = self.app.unit
        inner = card.inflate(-int(u * 4), -int(u * 4))
        gap = int(u * 3)
        btn = min_target(self) + int(u * 1.5) if self.marks_of(i) else 0
        if not landscape(self.app.size):
            # Portrait: the phone on top, the words below across the whole width.
            share = 0.5 if self.app.settings.text_size == "normal" else 0.4  # larger words need more of the card
            left = pygame.Rect(inner.x, inner.y, inner.width, int(inner.height * share))
            text = pygame.Rect(inner.x, left.bottom + gap, inner.width, inner.bottom - left.bottom - gap)
            return left, text
        tw = min(int(inner.width * 0.4), (inner.height - btn) * SNAP_SIZE[0] // SNAP_SIZE[1])
        lw = max(tw, min(int(u * 28), int(inner.width * 0.4))) if btn else tw
        left = pygame.Rect(inner.x, inner.y, lw, inner.height)
        text = pygame.Rect(left.right + gap, inner.y, inner.right - left.right - gap, inner.height)
        return left, text

    def thumb_rect(self, left: pygame.Rect, has_marks: bool) -> pygame.Rect:
        btn = min_target(self) + int(self.app.unit * 1.5) if has_marks else 0
        tw = min(left.width, (left.height - btn) * SNAP_SIZE[0] // SNAP_SIZE[1])
        th_ = tw * SNAP_SIZE[1] // SNAP_SIZE[0]
        return pygame.Rect(left.centerx - tw // 2, left.y, tw, th_)

    def draw_card(self, p: Painter, i: int, card: pygame.Rect, left: pygame.Rect, text: pygame.Rect, size: int) -> None:
        app = self.app
        th = app.theme
        u = app.unit
        item = self.items[i]
        p.rect(card, th.panel, radius=int(u * 1.5))
        surface, marks = self.snap(i)
        thumb = self.thumb_rect(left, bool(marks))
        self.thumbs[i] = thumb
        p.surface.blit(self.scaled(surface, thumb.size), thumb.topleft)
        pygame.draw.rect(p.surface, th.panel_muted, thumb.inflate(2, 2), width=1)
        # A tap on the phone shows it large (its words are small in a thumbnail).
        self.add(Button(f"zoom:{i}", thumb, app.t("what_you_saw")))
        showing = i in self.showing and bool(marks)
        if showing:
            self.highlight(p, thumb, marks)
        if marks:
            bw = min(left.width, max(thumb.width, int(u * 32)))
            b = pygame.Rect(left.centerx - bw // 2, thumb.bottom + int(u * 1.5), bw, min_target(self))
            button(self, p, b, f"show:{i}", app.t("hide_tells" if showing else "show_me"), size=2.6)
            # Secondary (Next stays the one main button for Enter), but ringed so the eye finds it.
            p.rect(b, th.accent, radius=max(6, int(u * 1.2)), width=2)
        sections = self.tell_sections(item, marks) if showing else self.sections(i)
        plan = self.plan(p, sections, text.width, text.height, size)
        self.draw_sections(p, text, plan, f"{item.step_id}")

    def highlight(self, p: Painter, thumb: pygame.Rect, marks: list[Mark]) -> None:
        """Each tell lit up on the thumbnail: a soft fill and a bright outline, exactly over its scaled rectangle."""
        th = self.app.theme
        fx, fy = thumb.width / SNAP_SIZE[0], thumb.height / SNAP_SIZE[1]
        colour = th.button_focus  # the focus colour: bright in every theme (yellow; cyan in high contrast)
        for mark in marks:
            x, y, w, h = mark.rect
            r = pygame.Rect(thumb.x + round(x * fx), thumb.y + round(y * fy), max(2, round(w * fx)), max(2, round(h * fy))).clip(thumb)
            if not r.width or not r.height:
                continue
            fill = pygame.Surface(r.size, pygame.SRCALPHA)
            fill.fill((*colour, 90))
            p.surface.blit(fill, r.topleft)
            pygame.draw.rect(p.surface, colour, r, width=max(2, int(self.app.unit * 0.4)))

    def sections(self, i: int) -> list[Section]:
        """What card i says, in reading order."""
        app = self.app
        item = self.items[i]
        lang = app.settings.lang
        own_safe = item.safety == "safe"
        out = [Section("badge", app.t("verdict_" + item.verdict), colour=VERDICT_SAFETY[item.verdict])]
        out.append(Section("bold", labelled(f"{app.t('you_chose')}{self.nth(item)}", quote(item.chosen, lang), lang)))
        if own_safe:  # praise only under the player's own safe reply
            out.append(Section("icon", app.t("praise"), icon="check", colour="safe"))
            if not item.genuine:
                out.append(Section("body", without_praise(item.feedback), essential=False))
        elif item.feedback:
            out.append(Section("body", item.feedback, essential=False))
        out.append(Section("rule", ""))  # what you did above, the trick and what to do below
        if item.genuine:
            out.append(Section("icon", app.t("genuine_message"), icon="heart", colour="safe"))
            why = item.why_real or item.feedback
            if why:
                out.append(Section("body", labelled(app.t("why_real"), why, lang)))
        elif item.tactic is not None:
            out.append(Section("icon", labelled(app.t("tactic"), item.tactic.name, lang), icon=item.tactic.icon, colour="accent"))
        if not own_safe and item.safe_reply:
            out.append(Section("bold", labelled(app.t("say_instead"), quote(item.safe_reply, lang), lang)))
            if item.tactic is not None and not item.genuine:
                out.append(Section("body", labelled(app.t("do_instead"), item.tactic.do_instead, lang)))
            if item.safe_why and item.safe_why != item.why_real:  # on a real message, "why it was real" already says it
                out.append(Section("body", item.safe_why, essential=False))
        elif own_safe and item.tactic is not None and not item.genuine:
            out.append(Section("body", labelled(app.t("red_flag"), item.tactic.red_flag, lang), essential=False))
        return out

    def tell_sections(self, item: DebriefItem, marks: list[Mark]) -> list[Section]:
        """The text column while "Show me" is on: the verdict, then why each lit-up part gives the trick away."""
        app = self.app
        out = [Section("badge", app.t("verdict_" + item.verdict), colour=VERDICT_SAFETY[item.verdict])]
        out.append(Section("bold", app.t("why_real" if item.genuine else "gave_away")))
        seen: set[str] = set()
        for mark in marks:
            if mark.why and mark.why not in seen:
                seen.add(mark.why)
                out.append(Section("body", f"• {mark.why}"))
        return out

    def nth(self, item: DebriefItem) -> str:
        """ " (reply 2 of 3)": where the chosen reply stood in the shuffled list the player saw."""
        if item.position and len(item.shown) > 1:
            return f" ({self.app.t('reply_n_of_k', n=item.position, k=len(item.shown))})"
        return ""

    # -- fitting and drawing a text column ------------------------------------------------------

    def gap(self, size: int) -> int:
        return max(4, size // 2)

    def height_of(self, p: Painter, s: Section, width: int, size: int) -> int:
        if s.kind == "badge":
            return int(size * 1.8)
        if s.kind == "rule":
            return 2
        if s.kind == "icon":
            d = int(size * 2.2)
            return max(d, p.fit(s.text, width - d - size // 2, 10**6, size, True, min_size=size).height)
        return p.fit(s.text, width, 10**6, size, s.kind == "bold", min_size=size).height

    def total(self, p: Painter, sections: list[Section], width: int, size: int) -> int:
        return sum(self.height_of(p, s, width, size) for s in sections) + self.gap(size) * max(0, len(sections) - 1)

    def plan(self, p: Painter, sections: list[Section], width: int, height: int, cap: int | None) -> Plan:
        """The largest type (at most `cap`) at which everything fits; at the floor, what fits, the rest behind "More…"."""
        size = min(cap or self.app.font_size(3.0), self.app.font_size(3.0))
        floor = min(self.floor, size)
        while True:
            if self.total(p, sections, width, size) <= height:
                return Plan(size, sections, [])
            if size <= floor:
                break
            size = max(floor, int(size * STEP))
        more = min_target(self) + self.gap(size)
        shown = list(sections)
        hidden: list[Section] = []
        # First the blocks a card can do without, from the last; then, if still too long, the last blocks.
        for s in reversed(sections):
            if self.total(p, shown, width, size) + more <= height:
                break
            if not s.essential and len(shown) > 1:
                shown.remove(s)
                hidden.insert(0, s)
        while self.total(p, shown, width, size) + more > height and len(shown) > 1:
            s = shown.pop()
            hidden.insert(0, s)
        hidden.sort(key=sections.index)
        return Plan(size, shown, hidden)

    def draw_sections(self, p: Painter, box: pygame.Rect, plan: Plan, where: str) -> None:
        app = self.app
        th = app.theme
        size = plan.size
        y = box.y
        for s in plan.shown:
            h = self.height_of(p, s, box.width, size)
            row = pygame.Rect(box.x, y, box.width, min(h, box.bottom - y))
            if s.kind == "badge":
                self.pill(p, row, s.text, s.colour, size)
            elif s.kind == "rule":
                pygame.draw.line(p.surface, th.panel_muted, (box.x, y), (box.right, y), 2)
            elif s.kind == "icon":
                d = int(size * 2.2)
                bg = th.accent if s.colour == "accent" else th.safety[s.colour]
                fg = th.accent_text if s.colour == "accent" else th.safety_text
                p.circle((box.x + d // 2, y + d // 2), d // 2, bg)
                k = int(d * 0.62)
                p.surface.blit(app.art.icon(s.icon, k, fg), (box.x + (d - k) // 2, y + (d - k) // 2))
                p.text_box(
                    s.text,
                    pygame.Rect(box.x + d + size // 2, y, box.width - d - size // 2, max(d, h)),
                    size,
                    th.panel_text,
                    bold=True,
                    valign="middle",
                    where=f"card {where}",
                    min_size=size,
                )
            else:
                colour = th.panel_text
                p.text_box(s.text, row, size, colour, bold=s.kind == "bold", where=f"card {where}", min_size=size)
            y += h + self.gap(size)
        if plan.hidden:
            text = "\n\n".join(s.text for s in plan.hidden if s.text)
            b = pygame.Rect(box.x, box.bottom - min_target(self), min(box.width, int(app.unit * 30)), min_target(self))
            button(self, p, b, f"more:{where}", app.t("more"), payload=(app.t("debrief_title"), text), size=2.6)

    def pill(self, p: Painter, row: pygame.Rect, label: str, safety: str, size: int) -> None:
        """A verdict as icon + word on a coloured pill: never colour alone."""
        th = self.app.theme
        h = row.height
        d = int(h * 0.7)
        w = min(row.width, p.text_width(label, size, True) + h + size)
        rect = pygame.Rect(row.x, row.y, w, h)
        p.rect(rect, th.safety[safety], radius=h // 2)
        p.surface.blit(self.app.art.icon(SAFETY_ICON[safety], d, th.safety_text), (rect.x + h // 4, rect.centery - d // 2))
        x = rect.x + h // 4 + d + size // 4
        p.text_box(
            label,
            pygame.Rect(x, rect.y, rect.right - x - h // 4, h),
            size,
            th.safety_text,
            bold=True,
            valign="middle",
            where="verdict",
            min_size=self.small,
        )

    def draw_zoom(self, p: Painter, body: pygame.Rect, i: int) -> None:
        """The phone of card i, as large as the page allows, its tells lit up and explained beside it."""
        app = self.app
        th = app.theme
        u = app.unit
        item = self.items[i]
        p.rect(body, th.panel, radius=int(u * 1.5))
        inner = body.inflate(-int(u * 4), -int(u * 4))
        surface, marks = self.snap(i)
        close_h = min_target(self)
        gap = int(u * 3)
        tall = not landscape(app.size)
        room = inner.height - (int(inner.height * 0.35) if tall else 0)
        tw = min(inner.width if tall else int(inner.width * 0.5), room * SNAP_SIZE[0] // SNAP_SIZE[1])
        thumb = pygame.Rect(inner.x if not tall else inner.centerx - tw // 2, inner.y, tw, tw * SNAP_SIZE[1] // SNAP_SIZE[0])
        self.thumbs[i] = thumb
        p.surface.blit(self.scaled(surface, thumb.size), thumb.topleft)
        pygame.draw.rect(p.surface, th.panel_muted, thumb.inflate(2, 2), width=1)
        self.highlight(p, thumb, marks)
        if tall:
            text = pygame.Rect(inner.x, thumb.bottom + gap, inner.width, inner.bottom - thumb.bottom - 2 * gap - close_h)
        else:
            text = pygame.Rect(thumb.right + gap, inner.y, inner.right - thumb.right - gap, inner.height - close_h - gap)
        sections = self.tell_sections(item, marks) if marks else [Section("bold", app.t("what_you_saw"))]
        self.draw_sections(p, text, self.plan(p, sections, text.width, text.height, None), f"zoom {item.step_id}")
        bw = min(text.width, int(u * 30))
        button(self, p, pygame.Rect(text.right - bw, inner.bottom - close_h, bw, close_h), "close", app.t("close"), size=2.6)

    def draw_more(self, p: Painter, body: pygame.Rect) -> None:
        """An opened "More…": the blocks that did not fit, in full, with a Close button."""
        app = self.app
        th = app.theme
        u = app.unit
        assert self.more is not None
        p.rect(body, th.panel, radius=int(u * 1.5))
        inner = body.inflate(-int(u * 4), -int(u * 4))
        close_h = min_target(self)
        p.text_box(
            self.more[1],
            pygame.Rect(inner.x, inner.y, inner.width, inner.height - close_h - int(u * 2)),
            app.font_size(3.0),
            th.panel_text,
            where="more",
            min_size=self.small,
        )
        b = pygame.Rect(inner.right - min(inner.width, int(u * 30)), inner.bottom - close_h, min(inner.width, int(u * 30)), close_h)
        button(self, p, b, "close", app.t("close"), size=2.6)

    # -- the summary -------------------------------------------------------------------------

    def summary_texts(self) -> tuple[str, str, str, list[tuple[TacticCard, str]]]:
        """(the headline, the figures in words, what would have come next, each tactic met with its verdict)."""
        app = self.app
        s = self.debrief.summary
        key, values = s.score.verdict()[0]  # the headline: worded from the ending and the counts
        lines = plain_figures(s, self.debrief.lang)
        if s.scam_steps and key != "score_no_scam":
            lines = lines[1:]  # the headline already says how many tricks were resisted
        cards = {c.id: c for c in s.tactics_met}
        chips = [(cards[t], v) for t, v in s.tactic_verdicts if t in cards]
        coming = f"{app.t('coming_next')} " + ", ".join(c.tactic.name for c in s.coming_next) if s.coming_next else ""
        return app.t(key, **values), "\n".join(lines), coming, chips

    def summary_parts(self) -> list[tuple[bool, bool]]:
        """What each summary page holds, (figures and families, the tricks met): one page, or two
        when one page would need type smaller than a card's (huge text on a small screen)."""
        key = (self.app.size, self.app.settings.text_size, self.debrief.lang)
        if self._parts is None or self._parts[0] != key:
            p = self.app.painter()
            inner = self.body_rect().inflate(-int(self.app.unit * 4), -int(self.app.unit * 4))
            size = min(self.floor, self.app.font_size(3.0))
            one = self.summary_height(p, inner.width, size, True, True, self.summary_texts()[3]) <= inner.height
            self._parts = (key, [(True, True)] if one else [(True, False), (False, True)])
        return self._parts[1]

    def draw_summary(self, p: Painter, body: pygame.Rect, top: bool = True, tricks: bool = True) -> None:
        """The ending in words, the figures as counts, the three families (`top`), and each trick met,
        resisted or fell for, with what would have come next (`tricks`)."""
        app = self.app
        th = app.theme
        u = app.unit
        p.rect(body, th.panel, radius=int(u * 1.5))
        inner = body.inflate(-int(u * 4), -int(u * 4))
        headline, figures, coming, chips = self.summary_texts()
        size = app.font_size(3.0)
        floor = min(self.floor, size)
        while size > floor and self.summary_height(p, inner.width, size, top, tricks, chips) > inner.height:
            size = max(floor, int(size * STEP))
        # Still too long at the floor: the last tricks and what would have come next go behind
        # "More…", never dropped and never smaller than the cards' type.
        hidden: list[str] = []
        more_h = min_target(self) + self.gap(size)
        if tricks and self.summary_height(p, inner.width, size, top, tricks, chips, bool(coming)) > inner.height:
            if coming:
                hidden.append(coming)
                coming = ""
            while chips and self.summary_height(p, inner.width, size, top, tricks, chips, False) + more_h > inner.height:
                tactic, verdict = chips.pop()
                hidden.insert(0, self.chip_text(tactic, verdict))
        gap = self.gap(size)
        y = inner.y
        if top:
            for text, bold in ((headline, True), (figures, False)):
                if text:
                    blk = p.text_box(
                        text,
                        pygame.Rect(inner.x, y, inner.width, inner.bottom - y),
                        size,
                        th.panel_text,
                        bold=bold,
                        where="summary",
                        min_size=self.small,
                    )
                    y += blk.height + gap
            y = self.draw_families(p, pygame.Rect(inner.x, y, inner.width, inner.bottom - y), size) + gap
        if not tricks:
            return
        bottom = inner.bottom - (more_h if hidden else 0)
        coming_h = p.fit(coming, inner.width, 10**6, size, min_size=size).height + gap if coming else 0
        self.draw_chips(p, pygame.Rect(inner.x, y, inner.width, bottom - y - coming_h), size, chips, self.chip_cols)
        if coming:
            p.text_box(
                coming,
                pygame.Rect(inner.x, bottom - coming_h + gap, inner.width, coming_h - gap),
                size,
                th.panel_muted,
                where="coming next",
                min_size=self.small,
            )
        if hidden:
            b = pygame.Rect(inner.x, inner.bottom - min_target(self), min(inner.width, int(u * 30)), min_target(self))
            button(self, p, b, "more:summary", app.t("more"), payload=(app.t("summary"), "\n".join(hidden)), size=2.6)

    @property
    def chip_cols(self) -> int:
        return 3 if landscape(self.app.size) else 2

    def summary_height(
        self, p: Painter, width: int, size: int, top: bool, tricks: bool, chips: list[tuple[TacticCard, str]], coming: bool = True
    ) -> int:
        """How tall the summary (or its part) is at a type size, with `chips` tactic chips."""
        headline, figures, coming_text, _ = self.summary_texts()
        gap = self.gap(size)
        h = 0
        if top:
            for text, bold in ((headline, True), (figures, False)):
                if text:
                    h += p.fit(text, width, 10**6, size, bold, min_size=size).height + gap
            h += self.family_height(p, width, size) + gap
        if tricks:
            if coming and coming_text:
                h += p.fit(coming_text, width, 10**6, size, min_size=size).height + gap
            cols = max(1, min(len(chips), self.chip_cols))
            rows = -(-len(chips) // cols) if chips else 0
            h += p.line_height(size) + gap + rows * (self.chip_height(p, size, (width - gap * (cols - 1)) // cols, chips) + gap)
        return h

    def family_geometry(self, p: Painter, width: int, size: int) -> tuple[int, int, int]:
        """(columns, badge width, badge height) of the three family badges: a row, or a column on a tall screen."""
        gap = self.gap(size)
        cols = 3 if landscape(self.app.size) else 1
        bw = (width - (cols - 1) * gap) // cols
        d = int(size * 2.0)
        words = bw - d - size - size // 2  # as draw_families lays a badge out: icon, gap, words, padding
        states = family_states(self.debrief.summary)
        texts = [f"{self.app.t('family_name_' + f)}\n{self.app.t('family_' + st)}" for f, st in states]
        text_h = max(p.fit(t, words, 10**6, size, True, min_size=size).height for t in texts)
        return cols, bw, max(d, text_h) + size

    def family_height(self, p: Painter, width: int, size: int) -> int:
        cols, _, bh = self.family_geometry(p, width, size)
        rows = -(-3 // cols)
        return p.line_height(size) + self.gap(size) + rows * bh + (rows - 1) * self.gap(size)

    def draw_families(self, p: Painter, box: pygame.Rect, size: int) -> int:
        """The three families as badges: which caught the player (red, warning), which they stood against (green, shield)."""
        app = self.app
        th = app.theme
        gap = self.gap(size)
        p.text_line(app.t("families_title"), (box.x, box.y), size, th.panel_muted)
        y = box.y + p.line_height(size) + gap
        cols, bw, bh = self.family_geometry(p, box.width, size)
        d = int(size * 2.0)
        looks = {"safe": ("safe", "shield"), "caught": ("unsafe", "warning"), "unmet": ("neutral", "question")}
        bottom = y
        for k, (family, state) in enumerate(family_states(self.debrief.summary)):
            safety, icon = looks[state]
            r, c = divmod(k, cols)
            rect = pygame.Rect(box.x + c * (bw + gap), y + r * (bh + gap), bw, bh)
            bottom = rect.bottom
            p.rect(rect, th.safety[safety], radius=int(size * 0.6))
            p.surface.blit(app.art.icon(icon, d, th.safety_text), (rect.x + size // 2, rect.centery - d // 2))
            p.text_box(
                f"{app.t('family_name_' + family)}\n{app.t('family_' + state)}",
                pygame.Rect(rect.x + d + size, rect.y + size // 2, rect.width - d - size - size // 2, rect.height - size),
                size,
                th.safety_text,
                bold=True,
                valign="middle",
                where=f"family {family}",
                min_size=self.small,
            )
        return bottom

    def chip_text(self, tactic: TacticCard, verdict: str) -> str:
        return f"{tactic.name} — {self.app.t(CHIP_WORD.get(verdict, 'chip_fell_for'))}"

    def chip_height(self, p: Painter, size: int, width: int, chips: list[tuple[TacticCard, str]]) -> int:
        """One height for every chip: the tallest chip's words at this size, and a little air."""
        words = width - int(size * 3.5)  # the icon and the padding
        lines = max((p.fit(self.chip_text(t, v), words, 10**6, size, True, min_size=size).height for t, v in chips), default=0)
        return max(lines, int(size * 2)) + size

    def draw_chips(self, p: Painter, box: pygame.Rect, size: int, chips: list, cols: int) -> None:
        """Each tactic met: green with a shield when resisted, red with a warning when it caught the player."""
        app = self.app
        th = app.theme
        gap = self.gap(size)
        if not chips:
            return
        p.text_line(app.t("tactics_met"), (box.x, box.y), size, th.panel_muted)
        y = box.y + p.line_height(size) + gap
        cols = max(1, min(len(chips), cols))
        cw = (box.width - gap * (cols - 1)) // cols
        ch = self.chip_height(p, size, cw, chips)
        looks = {RESISTED: ("safe", "shield"), "met": ("neutral", None)}
        for n, (tactic, verdict) in enumerate(chips):
            r, c = divmod(n, cols)
            rect = pygame.Rect(box.x + c * (cw + gap), y + r * (ch + gap), cw, ch)
            safety, mark = looks.get(verdict, ("unsafe", "warning"))
            p.rect(rect, th.safety[safety], radius=int(size * 0.5))
            d = int(min(ch * 0.7, size * 2))
            p.surface.blit(app.art.icon(mark or tactic.icon, d, th.safety_text), (rect.x + size // 2, rect.centery - d // 2))
            p.text_box(
                self.chip_text(tactic, verdict),
                pygame.Rect(rect.x + int(size * 3), rect.y + 2, rect.width - int(size * 3.5), rect.height - 4),
                size,
                th.safety_text,
                bold=True,
                valign="middle",
                where=f"met {tactic.id}",
                min_size=self.small,
            )
