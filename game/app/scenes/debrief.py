"""The debrief, one page per decision, then the summary; a timeline strip shows the whole path.

Paged rather than scrolled: every page fits any screen without scrolling, a finger or
a key turns it, and a student reads at their own pace.
"""

from __future__ import annotations

import pygame

from ...core.debrief import Debrief, DebriefItem, TacticCard, summary_lines
from ..app import App, Button, Scene
from ..painter import Painter
from .common import VERDICT_SAFETY, button, heading, landscape, min_target, safety_badge


class DebriefScene(Scene):
    def __init__(self, app: App, debrief: Debrief) -> None:
        super().__init__(app)
        self.debrief = debrief
        self.items = [i for i in debrief.items if i.verdict != "continued"] or list(debrief.items)
        self.page = 0  # 0..len(items)-1 the steps, len(items) the summary

    @property
    def small(self) -> int:
        """The smallest type a debrief text may shrink to before it counts as overflowing."""
        return max(12, self.app.font_size(1.6))

    @property
    def pages(self) -> int:
        return len(self.items) + 1

    def key(self, event) -> bool:
        if event.key in (pygame.K_RIGHT, pygame.K_PAGEDOWN):
            self.turn(+1)
            return True
        if event.key in (pygame.K_LEFT, pygame.K_PAGEUP):
            self.turn(-1)
            return True
        return False

    def turn(self, delta: int) -> None:
        if self.page + delta >= self.pages:
            from .takeaway import TakeawayScene

            self.app.replace(TakeawayScene(self.app, self.debrief))
            return
        self.page = max(0, self.page + delta)

    def activate(self, b: Button) -> None:
        if b.id == "next":
            self.turn(+1)
        elif b.id == "prev":
            self.turn(-1)
        elif b.id.startswith("dot:"):
            self.page = int(b.id[4:])

    def draw(self, p: Painter) -> None:
        app = self.app
        th = app.theme
        w, h = app.size
        u = app.unit
        p.surface.fill(th.bg)
        margin = int(u * 4)
        heading(
            self, p, f"{app.t('debrief_title')} — {self.debrief.title}", pygame.Rect(margin, margin, w - 2 * margin, int(u * 8)), size=3.8
        )
        strip = pygame.Rect(margin, margin + int(u * 9), w - 2 * margin, max(min_target(self), int(u * 7)))
        self.draw_timeline(p, strip)
        nav_h = max(min_target(self), int(u * 10))
        body = pygame.Rect(margin, strip.bottom + int(u * 3), w - 2 * margin, h - strip.bottom - nav_h - int(u * 7) - margin)
        if self.page < len(self.items):
            self.draw_item(p, body, self.items[self.page])
        else:
            self.draw_summary(p, body)
        nav_y = h - margin - nav_h
        bw = min(int(u * 40), (w - 3 * margin) // 2)
        if self.page > 0:
            button(self, p, pygame.Rect(margin, nav_y, bw, nav_h), "prev", app.t("back"), size=3)
        label = app.t("takeaway") if self.page == self.pages - 1 else app.t("next")
        button(self, p, pygame.Rect(w - margin - bw, nav_y, bw, nav_h), "next", label, "primary", size=3)

    def draw_timeline(self, p: Painter, strip: pygame.Rect) -> None:
        """One dot per decision (icon and colour by verdict), then the summary; the current one ringed."""
        app = self.app
        th = app.theme
        n = self.pages
        d = min(strip.height, max(24, (strip.width - 8 * n) // max(1, n)))
        gap = min(int(app.unit * 2), (strip.width - d * n) // max(1, n))
        total = n * d + (n - 1) * gap
        x = strip.centerx - total // 2
        for i in range(n):
            rect = pygame.Rect(x + i * (d + gap), strip.centery - d // 2, d, d)
            if i < len(self.items):
                safety = VERDICT_SAFETY[self.items[i].verdict]
                colour = th.safety[safety]
                from .common import SAFETY_ICON

                icon = SAFETY_ICON[safety]
            else:
                colour, icon = th.accent, "shield"
            p.circle(rect.center, d // 2, colour)
            s = int(d * 0.6)
            p.surface.blit(
                app.art.icon(icon, s, th.safety_text if i < len(self.items) else th.accent_text),
                (rect.centerx - s // 2, rect.centery - s // 2),
            )
            if i == self.page:
                p.circle(rect.center, d // 2 + max(3, d // 8), th.button_focus, width=max(2, d // 10))
            self.add(Button(f"dot:{i}", rect, str(i + 1), "secondary", focusable=False))

    def draw_item(self, p: Painter, body: pygame.Rect, item: DebriefItem) -> None:
        app = self.app
        th = app.theme
        u = app.unit
        gap = int(u * 3)
        if landscape(app.size):
            left = pygame.Rect(body.x, body.y, body.width // 2 - gap // 2, body.height)
            right = pygame.Rect(left.right + gap, body.y, body.width - left.width - gap, body.height)
        else:
            left = pygame.Rect(body.x, body.y, body.width, int(body.height * 0.5) - gap // 2)
            right = pygame.Rect(body.x, left.bottom + gap, body.width, body.height - left.height - gap)
        # What was said, and what the player did.
        p.rect(left, th.panel, radius=int(u * 1.5))
        inner = left.inflate(-int(u * 4), -int(u * 4))
        quoted = item.said if item.said[:1] in "“\"‘'(" else f"“{item.said}”"
        said = f"{item.speaker}: {quoted}" if item.speaker else item.said
        said_h = int(inner.height * 0.42)
        p.text_box(
            said,
            pygame.Rect(inner.x, inner.y, inner.width, said_h),
            app.font_size(2.6),
            th.panel_muted,
            where=f"said {item.step_id}",
            min_size=self.small,
        )
        y = inner.y + said_h + int(u)
        p.text_box(
            f"{app.t('you_chose')}{self.nth(item)}: {item.chosen}",
            pygame.Rect(inner.x, y, inner.width, int(inner.height * 0.2)),
            app.font_size(2.7),
            th.panel_text,
            bold=True,
            where=f"chosen {item.step_id}",
            min_size=self.small,
        )
        y += int(inner.height * 0.2) + int(u * 0.5)
        badge = safety_badge(self, p, (inner.x, y), VERDICT_SAFETY[item.verdict], app.t("verdict_" + item.verdict), size=2.3)
        y = badge.bottom + int(u)
        p.text_box(
            item.feedback,
            pygame.Rect(inner.x, y, inner.width, inner.bottom - y),
            app.font_size(2.5),
            th.panel_text,
            where=f"feedback {item.step_id}",
            min_size=self.small,
        )
        # The tactic card (or, on a genuine step, why it was real), and the safe reply.
        p.rect(right, th.panel, radius=int(u * 1.5))
        inner = right.inflate(-int(u * 4), -int(u * 4))
        alt_text = f"{app.t('safe_reply')}: {item.safe_reply}\n{item.safe_feedback}" if item.safe_reply else ""
        # The red flag and the safe reply share one type size: when space is short both
        # shrink together, so the tactic never ends up smaller than the text beside it.
        size = app.font_size(2.4)
        head = int(u * 9.5) if item.tactic is not None else 0
        while True:
            alt_h = p.fit(alt_text, inner.width, 10**6, size, min_size=size).height + int(u * 3) if alt_text else 0
            flag_h = p.fit(self.essential(item.tactic), inner.width, 10**6, size, min_size=size).height if item.tactic is not None else 0
            if head + flag_h + alt_h <= inner.height or size <= self.small:
                break
            size = max(self.small, int(size * 0.92))
        alt_h = min(alt_h, inner.height // 2) if item.tactic is not None else alt_h
        card = pygame.Rect(inner.x, inner.y, inner.width, inner.height - alt_h)
        if item.tactic is not None:
            self.draw_tactic(p, card, item.tactic, size)
        elif item.genuine:
            p.text_box(app.t("genuine_message"), card, app.font_size(3), th.panel_text, bold=True, where="genuine")
        if item.safe_reply:
            box = pygame.Rect(inner.x, inner.bottom - alt_h, inner.width, alt_h)
            pygame.draw.line(p.surface, th.panel_muted, box.topleft, box.topright, 2)
            p.text_box(alt_text, box.inflate(0, -int(u * 2)), size, th.panel_text, where=f"safe reply {item.step_id}", min_size=self.small)

    def essential(self, tactic: TacticCard) -> str:
        """What a tactic card must say however little room there is: the red flag and what to do."""
        return f"{self.app.t('red_flag')}: {tactic.red_flag}\n{self.app.t('do_instead')}: {tactic.do_instead}"

    def draw_tactic(self, p: Painter, card: pygame.Rect, tactic: TacticCard, size: int) -> None:
        app = self.app
        th = app.theme
        u = app.unit
        d = int(u * 8)
        p.circle((card.x + d // 2, card.y + d // 2), d // 2, th.accent)
        s = int(d * 0.62)
        p.surface.blit(app.art.icon(tactic.icon, s, th.accent_text), (card.x + (d - s) // 2, card.y + (d - s) // 2))
        p.text_box(
            f"{app.t('tactic')}: {tactic.name}",
            pygame.Rect(card.x + d + int(u * 2), card.y, card.width - d - int(u * 2), d),
            app.font_size(2.8),
            th.panel_text,
            bold=True,
            valign="middle",
            where=f"tactic name {tactic.id}",
        )
        y = card.y + d + int(u * 1.5)
        rest = card.bottom - y
        box = pygame.Rect(card.x, y, card.width, rest)
        essential = self.essential(tactic)
        text = f"{app.t('how_it_works')}: {tactic.how}\n{essential}"
        if not p.fit(text, box.width, box.height, size, min_size=size).fits:
            # Very large text on a small screen: the red flag and what to do matter most;
            # the full card is in the tactic catalogue and the terminal debrief.
            text = essential
        p.text_box(text, box, size, th.panel_text, where=f"tactic {tactic.id}", min_size=self.small)

    def nth(self, item: DebriefItem) -> str:
        """ " (reply 2 of 3)": where the chosen reply stood in the shuffled list the player saw."""
        if item.position and len(item.shown) > 1:
            return f" ({self.app.t('reply_n_of_k', n=item.position, k=len(item.shown))})"
        return ""

    def draw_summary(self, p: Painter, body: pygame.Rect) -> None:
        app = self.app
        th = app.theme
        u = app.unit
        s = self.debrief.summary
        p.rect(body, th.panel, radius=int(u * 1.5))
        inner = body.inflate(-int(u * 4), -int(u * 4))
        lines = summary_lines(s, self.debrief.lang)  # verdict from the ending and the counts, badges
        if s.coming_next:  # the scam would have gone on: name its next tricks
            lines.append(f"{app.t('coming_next')} " + ", ".join(c.tactic.name for c in s.coming_next))
        top_h = int(inner.height * 0.38)
        p.text_box(
            "\n".join(lines),
            pygame.Rect(inner.x, inner.y, inner.width, top_h),
            app.font_size(3.2),
            th.panel_text,
            bold=True,
            where="summary figures",
        )
        y = inner.y + top_h + int(u)
        p.text_box(
            app.t("tactics_met"), pygame.Rect(inner.x, y, inner.width, int(u * 5)), app.font_size(2.6), th.panel_muted, where="tactics met"
        )
        y += int(u * 6)
        cards = s.tactics_met
        if not cards:
            return
        cols = max(1, min(len(cards), 3 if landscape(app.size) else 2))
        rows = -(-len(cards) // cols)
        gap = int(u * 1.5)
        cw = (inner.width - gap * (cols - 1)) // cols
        ch = min(int(u * 10), (inner.bottom - y - gap * (rows - 1)) // rows)
        for i, t in enumerate(cards):
            r, c = divmod(i, cols)
            rect = pygame.Rect(inner.x + c * (cw + gap), y + r * (ch + gap), cw, ch)
            p.rect(rect, th.button, radius=int(u))
            d = int(min(ch * 0.7, u * 6))
            p.surface.blit(app.art.icon(t.icon, d, th.button_text), (rect.x + int(u), rect.centery - d // 2))
            p.text_box(
                t.name,
                pygame.Rect(rect.x + d + int(u * 2), rect.y + 2, rect.width - d - int(u * 3), rect.height - 4),
                app.font_size(2.2),
                th.button_text,
                valign="middle",
                where=f"met {t.id}",
            )
