"""The end of a room's story on the projector: each decision against the safe reply, the tactics met.

The same summary is saved as CSV and PNG (game/facilitate/summary.py) when the screen
opens, and the screen says where. Long sessions are shown a page at a time (Page Down);
Page Down on the last page ends the session, so a clicker alone gets to the end.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pygame

from ..app.app import Button, Scene
from ..app.painter import Painter
from ..app.scenes.common import button, min_target, safety_badge
from ..core.strings import labelled
from .session import FacilitatedSession, GroupSummary
from .summary import write_summary

if TYPE_CHECKING:
    from .projector import ProjectorApp


class SummaryScene(Scene):
    app: ProjectorApp

    def __init__(self, app: ProjectorApp, fs: FacilitatedSession) -> None:
        super().__init__(app)
        self.fs = fs
        self.summary: GroupSummary = fs.summary()
        self.page = 0
        self.saved_note = ""
        out = app.setup.out_dir
        if out is not None:
            try:
                paths = write_summary(self.summary, out)
                app.summaries.append(paths)
                self.saved_note = app.t("proj_saved", path=str(paths[1]))
            except OSError as err:  # a full or read-only disk: the screen still shows the summary
                self.saved_note = app.t("proj_not_saved", error=err.strerror or str(err))

    @property
    def lang(self) -> str:
        return self.summary.lang

    def rows_per_page(self) -> int:
        return max(1, (self.table_rect().height + int(self.app.unit)) // int(self.app.unit * 12))

    def footer_height(self) -> int:
        return max(min_target(self), int(self.app.unit * 9))

    def table_rect(self) -> pygame.Rect:
        """Where the decisions go: below the title and figures, above the tactics and the buttons."""
        w, h = self.app.size
        u = self.app.unit
        margin = int(u * 4)
        top = margin + int(u * 19) + int(u * 1.5)
        foot_h = self.footer_height()
        bottom = h - margin - foot_h - int(u * 12) - int(u * 4)
        return pygame.Rect(margin, top, w - 2 * margin, bottom - top)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(len(self.summary.rounds) / self.rows_per_page()))

    def key(self, event) -> bool:
        if event.key in (pygame.K_PAGEDOWN, pygame.K_RIGHT, pygame.K_SPACE):
            if self.page >= self.pages - 1:  # the clicker's next key, on the last page: end the session
                self.app.running = False
            else:
                self.page += 1
            return True
        if event.key in (pygame.K_PAGEUP, pygame.K_LEFT):
            self.page = max(0, self.page - 1)
            return True
        if event.key in (pygame.K_b, pygame.K_PERIOD):
            from .overlays import BlankScene

            self.app.push(BlankScene(self.app))
            return True
        return False

    def activate(self, b: Button) -> None:
        app = self.app
        if b.id == "more":
            self.page = (self.page + 1) % self.pages
        elif b.id == "another":
            self.finish()
        elif b.id == "end":
            app.running = False

    def draw(self, p: Painter) -> None:
        app = self.app
        th = app.theme
        w, h = app.size
        u = app.unit
        s = self.summary
        t = app.t
        p.surface.fill(th.bg)
        margin = int(u * 4)
        head = pygame.Rect(margin, margin, w - 2 * margin, int(u * 9))
        p.text_box(
            t("fac_summary_title", title=s.title),
            head,
            app.font_size(4.6),
            th.bg_text,
            bold=True,
            valign="middle",
            where="summary title",
            max_lines=2,
            min_size=app.font_size(2.6),
        )
        voted = s.voted_rounds
        outcome = t("outcome_" + s.outcome) + (f": {s.ending_title}" if s.ending_title else "")
        lines = [s.verdict[0] if s.verdict else outcome]  # worded from the ending and the room's counts
        lines += [v for v in s.verdict[1:] if v.startswith(t("badges_earned", names=""))]
        if voted:
            lines.append(t("fac_room_safe_steps", a=s.room_safe, b=len(voted)))
        sub = pygame.Rect(margin, head.bottom, head.width, int(u * 10))
        p.text_box("\n".join(lines), sub, app.font_size(3), th.bg_text, where="summary figures", min_size=12)
        foot_h = self.footer_height()
        foot = pygame.Rect(margin, h - margin - foot_h, head.width, foot_h)
        tactics_h = int(u * 12)
        table = self.table_rect()
        self.draw_rounds(p, table)
        names = ", ".join(c.name for c in s.tactics_met) or "—"
        tactics = pygame.Rect(margin, table.bottom + int(u), head.width, tactics_h)
        text = labelled(t("fac_tactics_met"), names, app.settings.lang)
        if self.saved_note:
            text += f"\n{self.saved_note}"
        p.text_box(text, tactics, app.font_size(2.6), th.bg_text, where="summary tactics", min_size=12)
        bw = int(head.width * 0.3)
        button(self, p, pygame.Rect(foot.right - bw, foot.y, bw, foot_h), "end", t("proj_end_session"), "primary", size=3)
        button(self, p, pygame.Rect(foot.right - 2 * bw - int(u * 2), foot.y, bw, foot_h), "another", t("proj_another"), size=3)
        if self.pages > 1:
            button(
                self,
                p,
                pygame.Rect(foot.x, foot.y, int(head.width * 0.3), foot_h),
                "more",
                f"{t('next')} ({t('proj_page', a=self.page + 1, b=self.pages)})",
                size=2.6,
            )

    def draw_rounds(self, p: Painter, table: pygame.Rect) -> None:
        """One row per decision: the step, what the room chose and by how many, and whether that was safe."""
        app = self.app
        th = app.theme
        u = app.unit
        s = self.summary
        per = self.rows_per_page()
        self.page = min(self.page, self.pages - 1)
        rounds = s.rounds[self.page * per : (self.page + 1) * per]
        if not rounds:
            p.text_box(app.t("fac_no_votes"), table, app.font_size(3), th.bg_muted, where="no rounds")
            return
        gap = int(u)
        row_h = min(int(u * 16), (table.height - gap * (per - 1)) // per)
        num_w = int(u * 8)
        badge_w = int(table.width * 0.2)
        text_w = table.width - num_w - badge_w - int(u * 2)
        texts = [self.round_text(r) for r in rounds]
        # One type size for the whole page, so a row with more to say does not look less important.
        size = min(p.fit(t, text_w, row_h - int(u * 1.2), app.font_size(2.8), min_size=12).size for t in texts)
        for i, (r, label) in enumerate(zip(rounds, texts, strict=True)):
            row = pygame.Rect(table.x, table.y + i * (row_h + gap), table.width, row_h)
            p.rect(row, th.panel, radius=int(u))
            p.text_box(
                str(r.n),
                pygame.Rect(row.x, row.y, num_w, row.height),
                app.font_size(3.4),
                th.panel_text,
                bold=True,
                align="center",
                valign="middle",
                where="round number",
            )
            text_rect = pygame.Rect(row.x + num_w, row.y + int(u * 0.6), text_w, row.height - int(u * 1.2))
            p.text_box(label, text_rect, size, th.panel_text, valign="middle", where=f"round {r.n}", min_size=size)
            safety = r.safety[r.played]
            badge_pos = (row.right - badge_w, row.centery - int(app.font_size(2.4) * 0.85))
            safety_badge(self, p, badge_pos, safety, app.t("safety_" + safety), size=2.4)

    def round_text(self, r) -> str:
        """What the room chose and how many voted for it; the tactic; the safe reply when the room's was not."""
        app = self.app
        s = self.summary
        played = r.choices[r.played]
        if r.room_choice is None:
            how = app.t("fac_trainer_override")
        else:
            how = f"{app.t('proj_votes_n', n=r.counts[r.room_choice])} / {r.total}"
            if r.tied:
                how += f" · {app.t('fac_tie')}"
            if r.overridden:
                how += f" · {app.t('fac_trainer_override')}"
        tactic = s.tactic_names.get(r.tactic or "", "") if not r.genuine else app.t("genuine_message")
        label = f"{played}\n{how}" + (f" · {tactic}" if tactic else "")
        if r.safety[r.played] != "safe" and r.safe_choices:
            label += "\n" + labelled(app.t("proj_safe_was"), r.choices[r.safe_choices[0]], app.settings.lang)
        return label
