"""The trainer's projector: the story on the big screen, the room's vote beside it, driven by a clicker.

ProjectorApp is the shared pygame App with the room attached (the VoteRoom, the join
address when the phone vote server runs, where summaries go). The title and story
picker are the classroom's; the facilitator's flow (flow.py) plays the story as a RoomScene.

RoomScene is the play screen (it reuses PlayScene's phone, ringing, captions and sound)
with the right-hand panel replaced by the room's decision. One key walks the whole
step, so a presenter clicker is enough:

    Page Down / → / Space:  answer the call · show every line · open the vote
                            · reveal the results · continue with the room's choice
    Page Up / ←:            cancel the vote · reopen it · after the reveal, the message again
    1–9:                    the trainer's pick (overrides the majority; again to clear)
    H hands · J join QR · L live results · D discussion · B or . blank · Esc menu

The footer always says what Page Down will do next, and every key has a button, so a
mouse works too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pygame

from ..app.app import App, Button, Settings
from ..app.flow import Flow
from ..app.painter import Painter
from ..app.scenes.common import button, landscape, min_target, row_type_size, safety_badge
from ..app.scenes.play import PlayScene
from ..core import model as m
from ..core.debrief import without_praise
from ..core.library import Library
from ..session import Recorder
from .session import CLOSED, MESSAGE, REVEALED, VOTING, FacilitatedSession, FacilitateError
from .votes import Tally, VoteRoom

NEXT_KEYS = (pygame.K_PAGEDOWN, pygame.K_RIGHT, pygame.K_SPACE, pygame.K_RETURN, pygame.K_KP_ENTER)
BACK_KEYS = (pygame.K_PAGEUP, pygame.K_LEFT)
BLANK_KEYS = (pygame.K_b, pygame.K_PERIOD)  # clickers send B or '.' for "black screen"


@dataclass
class RoomSetup:
    """What stays the same for every story of one session."""

    room: VoteRoom
    join_url: str | None = None  # None: the phone vote server is off, hands only
    out_dir: Path | None = None  # where summaries are saved; None: not saved
    live_results: bool = False  # show the bars while the vote is open (off: no herd voting)


class ProjectorApp(App):
    """`flow` is the facilitator's (game/facilitate/flow.py); it is passed in, as that module builds on this one."""

    def __init__(
        self, library: Library, settings: Settings, setup: RoomSetup, recorder: Recorder | None = None, *, flow: Flow[Any], **kwargs: Any
    ) -> None:
        settings.mode = "facilitate"
        super().__init__(library, settings, recorder, flow=flow, **kwargs)
        self.setup = setup
        self.summaries: list[tuple[Path, Path]] = []  # saved this session, for the closing message

    @property
    def room(self) -> VoteRoom:
        return self.setup.room

    @property
    def join_url(self) -> str | None:
        return self.setup.join_url


class RoomScene(PlayScene):
    """One story played by the room. The phone on the left, the decision on the right."""

    app: ProjectorApp
    PHONE_BUTTONS = False  # the room answers with Page Down and hangs up by its vote

    def __init__(self, app: ProjectorApp, fs: FacilitatedSession) -> None:
        self.fs = fs
        self.pick: int | None = None  # the trainer's pick (a position in fs.choices)
        self.notice = ""  # why the last action did nothing, in words the trainer can act on
        self.show_message = False  # after the reveal: the phone again instead of the tactic card
        self.show_discussion = False
        self._seen: tuple[int, ...] = ()
        self._qr_cache: tuple[int, pygame.Surface] | None = None
        self.drawn_total: int | None = None  # the vote count last drawn on the projector
        self.drawn_phones = ""  # "N phones voted" as last drawn beside it
        super().__init__(app, fs.session)

    @property
    def papp(self) -> ProjectorApp:
        return self.app

    # -- the trainer's actions ----------------------------------------------------------------

    def next_label(self) -> str:
        """What Page Down does now, in words (the footer shows it on the main button)."""
        app = self.app
        if self.phase == "ringing":
            return app.t("proj_answer")
        if self.phase in ("revealing", "dialling"):
            return app.t("proj_show_all")
        if self.phase == "ending":
            return app.t("proj_summary")
        fs = self.fs
        if not fs.needs_vote:
            return app.t("continue")
        if fs.phase == MESSAGE:
            return app.t("proj_continue_with", n=self.pick + 1) if self.pick is not None else app.t("proj_open_vote")
        if fs.phase in (VOTING, CLOSED):
            return app.t("proj_reveal")
        played = self.pick if self.pick is not None else fs.tally().majority
        return app.t("proj_continue_with", n=played + 1) if played is not None else app.t("proj_hands")

    def go_next(self) -> None:
        self.notice = ""
        if self.phase in ("ringing", "dialling"):
            self.accept_call()
            return
        if self.phase == "revealing":
            self.reveal_all()
            return
        if self.phase == "ending":
            self.to_summary()
            return
        fs = self.fs
        n = len(fs.choices)
        try:
            if not fs.needs_vote:
                self.continue_story(None)
            elif fs.phase == MESSAGE:
                if self.pick is not None:
                    self.continue_story(self.pick)  # the trainer decided without a vote
                else:
                    fs.open_vote()
            elif fs.phase in (VOTING, CLOSED):
                fs.reveal()
                self.show_message = False
            else:
                tally = fs.tally()
                if self.pick is None and tally.majority is None:
                    self.notice = self.app.t("proj_no_votes", n=n)
                elif self.pick is None and tally.tied:
                    self.notice = self.app.t("proj_tie", n=n)
                else:
                    self.continue_story(self.pick)
        except FacilitateError as err:
            self.notice = str(err)

    def go_back(self) -> None:
        self.notice = ""
        fs = self.fs
        if self.phase != "choosing":
            return
        if fs.phase == VOTING:
            fs.cancel_vote()
        elif fs.phase == CLOSED:
            fs.reopen_vote()
        elif fs.phase == REVEALED:
            self.show_message = not self.show_message
        else:
            self.notice = self.app.t("proj_cannot_go_back")

    def continue_story(self, override: int | None) -> None:
        step = self.step
        choices = self.fs.choices
        made = self.fs.advance(override)
        chosen = next(c for c in choices if c.index == made.choice)
        # The phone shows the room's reply as the outgoing bubble, as it does for one player.
        self.last_step = step
        self.last_made = (chosen, step)
        self.previous_reply = chosen.text.get(self.lang)
        self.pick = None
        self.show_message = False
        self.show_discussion = False
        self.begin_step()

    def hands(self) -> None:
        from .overlays import HandsScene

        fs = self.fs
        if self.phase != "choosing" or not fs.needs_vote:
            return
        if fs.phase == MESSAGE:
            fs.open_vote()  # counting hands is voting
        self.papp.push(HandsScene(self.papp, fs))

    def to_summary(self) -> None:
        self.fs.end()
        self.finish()

    def abandon(self) -> None:
        """The window closes or the menu restarts mid-story: the play is recorded as abandoned,
        and the decisions the room did take are still saved for the trainer."""
        if self.fs.finished:
            return
        self.fs.end()
        out = self.papp.setup.out_dir
        if out is not None and self.fs.rounds:
            from .summary import write_summary  # Pillow is imported only when a summary is saved

            try:
                self.papp.summaries.append(write_summary(self.fs.summary(), out))
            except OSError:
                pass  # the window is closing anyway; the record has the play

    def relocalise(self, lang: str) -> None:
        super().relocalise(lang)
        if lang in self.fs.scenario.languages:
            self.fs.lang = self.fs.room.lang = lang

    # -- input ---------------------------------------------------------------------------

    def key(self, event) -> bool:
        k = event.key
        app = self.app
        if k in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE) and app.focused() is not None:
            return False  # Enter on a focused button activates that button
        if k in NEXT_KEYS:
            self.go_next()
        elif k in BACK_KEYS:
            self.go_back()
        elif k in BLANK_KEYS:
            from .overlays import BlankScene

            app.push(BlankScene(app))
        elif k == pygame.K_h:
            self.hands()
        elif k == pygame.K_j:
            from .overlays import JoinScene

            app.push(JoinScene(self.papp))
        elif k == pygame.K_l:
            self.papp.setup.live_results = not self.papp.setup.live_results
        elif k == pygame.K_d:
            self.show_discussion = not self.show_discussion
        else:
            return False
        return True

    def activate(self, b: Button) -> None:
        if b.id == "next":
            self.go_next()
        elif b.id == "back":
            self.go_back()
        elif b.id == "hands":
            self.hands()
        elif b.id == "join":
            from .overlays import JoinScene

            self.app.push(JoinScene(self.papp))
        elif b.id == "blank":
            from .overlays import BlankScene

            self.app.push(BlankScene(self.app))
        elif b.kind == "choice" and self.phase == "choosing" and isinstance(b.payload, int):
            i = b.payload
            self.pick = None if self.pick == i else i
            self.notice = ""
        elif b.id in ("accept", "phone"):
            super().activate(b)

    def update(self, now: float):
        changed = super().update(now)
        if self.phase == "choosing" and self.fs.phase in (VOTING, CLOSED, REVEALED):
            t = self.fs.tally()
            seen = (t.seq, *t.phones, *t.hands)
            if seen != self._seen:  # a phone voted (the server's thread) or hands were counted
                self._seen = seen
                return True
        return changed

    # -- drawing -------------------------------------------------------------------------

    def layout(self) -> tuple[pygame.Rect, pygame.Rect]:
        w, h = self.app.size
        u = self.app.unit
        top = self.top_bar_height()
        margin = int(u * 2.5)
        avail_h = h - top - margin
        if landscape((w, h)):
            ph = avail_h
            pw = min(int(ph * 0.62), int(w * 0.38))
            phone = pygame.Rect(margin * 2, top, pw, ph)
            panel = pygame.Rect(phone.right + margin * 2, top, w - phone.right - margin * 4, avail_h)
        else:
            pw = int(w * 0.7)
            ph = min(int(avail_h * 0.45), int(pw * 1.5))
            phone = pygame.Rect((w - pw) // 2, top, pw, ph)
            panel = pygame.Rect(margin * 2, phone.bottom + margin, w - margin * 4, h - phone.bottom - margin * 2)
        return phone, panel

    def top_bar_height(self) -> int:
        return int(self.app.unit * 8)

    def draw(self, p: Painter) -> None:
        fs = self.fs
        revealed_card = self.phase == "choosing" and fs.phase == REVEALED and not self.show_message
        super().draw(p)  # the phone, and through the draw_* hooks below the panel
        self.draw_top_bar(p)
        if revealed_card:
            phone, _ = self.layout()
            self.draw_card(p, phone)
        elif self.show_discussion and self.phase == "choosing":
            phone, _ = self.layout()
            self.draw_discussion_only(p, phone)

    def draw_top_bar(self, p: Painter) -> None:
        app = self.papp
        th = app.theme
        w, _ = app.size
        u = app.unit
        bar = pygame.Rect(0, 0, w, self.top_bar_height())
        p.rect(bar, th.panel)
        pad = int(u * 2.5)
        fs = app.font_size(3)
        right = app.t("proj_room", code=app.room.code) if app.join_url else ""
        right_w = p.text_width(right, fs, True) + pad if right else 0
        if right:
            p.text_line(right, (bar.right - pad, bar.centery), fs, th.panel_text, bold=True, anchor="midright")
        n = len(self.fs.rounds) + 1
        left = self.fs.scenario.title.get(self.lang)
        if self.phase != "ending":
            left = f"{left} · {app.t('proj_decision', n=n)}"
        p.text_box(
            left,
            pygame.Rect(bar.x + pad, bar.y, bar.width - 2 * pad - right_w, bar.height),
            fs,
            th.panel_text,
            bold=True,
            valign="middle",
            where="top bar",
            max_lines=1,
            min_size=max(12, int(fs * 0.7)),
        )

    # PlayScene calls these for its right-hand panel.

    def draw_dialling_panel(self, p: Painter, panel: pygame.Rect) -> None:
        body, _ = self.footer(p, panel)
        text = self.app.t("dialling_prompt")
        p.text_box(
            text, body, self.app.font_size(4.6), self.app.theme.bg_text, bold=True, valign="middle", align="center", where="dialling"
        )

    def draw_ringing_panel(self, p: Painter, panel: pygame.Rect, screen: pygame.Rect) -> None:
        app = self.app
        cap = self._sound_caption("ringtone") or f"[{app.t('incoming_call')}]"
        body, _ = self.footer(p, panel)
        p.text_box(cap, body, app.font_size(4.6), app.theme.bg_text, bold=True, valign="middle", align="center", where="sound caption")

    def draw_waiting_panel(self, p: Painter, panel: pygame.Rect) -> None:
        body, _ = self.footer(p, panel)
        self.draw_choice_rows(p, body, show_counts=False)

    def draw_ending_panel(self, p: Painter, panel: pygame.Rect, ending: m.Ending) -> None:
        app = self.app
        body, _ = self.footer(p, panel)
        text = f"{app.t('proj_story_ended')}\n{app.t('outcome_' + ending.outcome)}"
        p.text_box(text, body, app.font_size(5), app.theme.bg_text, bold=True, valign="middle", align="center", where="ending prompt")

    def draw_choices(self, p: Painter, panel: pygame.Rect) -> None:
        app = self.papp
        th = app.theme
        u = app.unit
        fs = self.fs
        body, _ = self.footer(p, panel)
        head_h = int(u * 7)
        if fs.phase == MESSAGE or not fs.needs_vote:
            head = app.t("choose_prompt")
        elif fs.phase == REVEALED:
            head = app.t("proj_results")
            if app.join_url:  # the phones beside the results too, where there is room (a 4:3 screen in huge text has none)
                longer = f"{head} · {app.t('fac_phones_voted', n=sum(fs.tally().phones))}"
                if p.fit(longer, body.width, head_h, app.font_size(4.4), bold=True, min_size=max(12, app.font_size(2.2))).fits:
                    head = longer
        else:
            head = app.t("proj_vote_now") if app.join_url else app.t("proj_vote_hands_only")
        p.text_box(
            head,
            pygame.Rect(body.x, body.y, body.width, head_h),
            app.font_size(4.4),
            th.bg_text,
            bold=True,
            valign="middle",
            where="panel head",
            min_size=max(12, app.font_size(2.2)),
        )
        rows = pygame.Rect(body.x, body.y + head_h + int(u), body.width, body.height - head_h - int(u))
        if fs.phase in (VOTING, CLOSED):
            # The replies come first: the status (and its QR code) takes what they leave, and
            # when that is too little for a code a phone can read, J shows it full screen.
            n = max(1, len(fs.labels))
            smallest = max(12, int(app.font_size(self.choice_size(rows)) * 0.7))
            text_w = rows.width - int(u * 12)  # less the number badge and the padding
            min_row = max(p.fit(label, text_w, 10**6, smallest).height for label in fs.labels) + int(u * 2.5)
            spare = rows.height - n * min_row - (n - 1) * int(u * 1.6) - int(u * 2)
            status_h = max(int(u * 8), min(int(u * 24) if app.join_url else int(u * 10), spare))
            rows.height -= status_h + int(u * 2)
            self.draw_vote_status(p, pygame.Rect(rows.x, rows.bottom + int(u * 2), rows.width, status_h))
        elif self.notice:
            note_h = int(u * 9)
            rows.height -= note_h + int(u)
            p.text_box(
                self.notice,
                pygame.Rect(rows.x, rows.bottom + int(u), rows.width, note_h),
                app.font_size(2.8),
                th.bg_text,
                bold=True,
                valign="middle",
                where="notice",
            )
        show = fs.phase == REVEALED or (fs.phase in (VOTING, CLOSED) and app.setup.live_results)
        self.draw_choice_rows(p, rows, show_counts=show)

    def footer(self, p: Painter, panel: pygame.Rect) -> tuple[pygame.Rect, pygame.Rect]:
        """The action buttons along the bottom of the panel; returns (the panel above them, the footer).

        On a narrow panel (a 4:3 projector) the smaller buttons get a row of their own
        above the main one, so no label has to shrink out of reach.
        """
        app = self.papp
        u = app.unit
        gap = int(u * 1.5)
        fh = max(min_target(self), int(u * 9))
        secondary: list[tuple[str, str]] = []
        if self.phase == "choosing" and self.fs.needs_vote:
            secondary.append(("hands", f"{app.t('proj_hands')} (H)"))
            if self.fs.phase in (VOTING, CLOSED):
                secondary.append(("back", app.t("proj_cancel_vote")))
            elif self.fs.phase == REVEALED:
                secondary.append(("back", app.t("proj_show_card") if self.show_message else app.t("proj_show_message")))
        if app.join_url:
            secondary.append(("join", "QR (J)"))
        secondary.append(("blank", f"{app.t('proj_blank')} (B)"))
        two_rows = panel.width < u * 110
        if two_rows:
            foot = pygame.Rect(panel.x, panel.bottom - 2 * fh - gap, panel.width, 2 * fh + gap)
            main = pygame.Rect(foot.x, foot.bottom - fh, foot.width, fh)
            row = pygame.Rect(foot.x, foot.y, foot.width + gap, fh)
        else:
            foot = pygame.Rect(panel.x, panel.bottom - fh, panel.width, fh)
            main_w = int(foot.width * (0.4 if len(secondary) > 3 else 0.46 if len(secondary) > 2 else 0.55))
            main = pygame.Rect(foot.right - main_w, foot.y, main_w, fh)
            row = pygame.Rect(foot.x, foot.y, foot.width - main_w, fh)
        button(self, p, main, "next", f"{self.next_label()} ▸", "primary", size=3)
        # Each button as wide as its words need (French and Ukrainian labels run long), and one type
        # size for the row, the largest that fits every label.
        weights = [p.text_width(label, app.font_size(2.4), True) + u * 8 for _, label in secondary]  # words + padding
        rects = []
        x = row.x
        for wgt in weights:
            bw = int((row.width - gap * len(secondary)) * wgt / sum(weights))
            rects.append(pygame.Rect(x, row.y, bw, fh))
            x += bw + gap
        size_px = row_type_size(self, p, [(r, label) for r, (_, label) in zip(rects, secondary, strict=True)], 2.4, least=0.55)
        for rect, (bid, label) in zip(rects, secondary, strict=True):
            button(self, p, rect, bid, label, type_px=size_px)
        return pygame.Rect(panel.x, panel.y, panel.width, foot.y - gap - panel.y), foot

    def draw_choice_rows(self, p: Painter, area: pygame.Rect, show_counts: bool) -> None:
        app = self.papp
        th = app.theme
        u = app.unit
        fs = self.fs
        labels = fs.labels
        choices = fs.choices
        tally: Tally | None = fs.tally() if fs.phase in (VOTING, CLOSED, REVEALED) else None
        counts = tally.counts if tally is not None and len(tally.counts) == len(labels) else (0,) * len(labels)
        total = sum(counts)
        majority = tally.majority if tally is not None and fs.phase == REVEALED else None
        revealed = fs.phase == REVEALED and self.phase == "choosing"
        gap = max(8, int(u * 1.6))
        n = max(1, len(labels))
        row_h = min(int(u * 22), (area.height - gap * (n - 1)) // n)
        size = self.choice_size(area)
        for i, (label, choice) in enumerate(zip(labels, choices, strict=True)):
            rect = pygame.Rect(area.x, area.y + i * (row_h + gap), area.width, row_h)
            side_w = int(rect.width * 0.3) if (show_counts or revealed) else 0
            text_rect = pygame.Rect(rect.x, rect.y, rect.width - side_w, rect.height)
            if self.phase == "choosing":
                button(self, p, text_rect, f"choice:{i}", label, "choice", payload=i, number=i + 1, size=size)
            else:
                p.rect(text_rect, th.button, radius=max(6, int(u * 1.2)))
                p.text_box(
                    label,
                    text_rect.inflate(-int(u * 3), -int(u * 1.5)),
                    app.font_size(size),
                    th.button_text,
                    valign="middle",
                    where=f"choice {i}",
                )
            marks = []
            if i == majority:
                marks.append((th.accent, app.t("proj_room_choice")))
            if i == self.pick:
                marks.append((th.button_focus, app.t("proj_trainer_pick")))
            for j, (colour, _) in enumerate(marks):
                t = max(3, int(u * 0.6))
                p.rect(rect.inflate(t * (2 + 3 * j), t * (2 + 3 * j)), colour, radius=int(u * 1.6), width=t)
            if not side_w:
                continue
            side = pygame.Rect(text_rect.right + int(u * 1.5), rect.y, side_w - int(u * 1.5), rect.height)
            self.draw_result(p, side, counts[i], total, choice.safety if revealed else None, [m for _, m in marks])

    def choice_size(self, area: pygame.Rect) -> float:
        return 3.6 if area.width >= self.app.unit * 110 else 3.0  # a 4:3 projector's narrower panel

    def draw_result(self, p: Painter, side: pygame.Rect, count: int, total: int, safety: str | None, marks: list[str]) -> None:
        """A count, its share as a bar, and after the reveal the safety as icon and word."""
        app = self.app
        th = app.theme
        u = app.unit
        pct = round(100 * count / total) if total else 0
        line_h = int(side.height * 0.36)
        p.text_box(
            f"{count} · {pct}%",
            pygame.Rect(side.x, side.y, side.width, line_h),
            app.font_size(4),
            th.bg_text,
            bold=True,
            valign="middle",
            where="count",
            max_lines=1,
            min_size=12,
        )
        bar = pygame.Rect(side.x, side.y + line_h, side.width, max(6, int(u * 1.6)))
        p.rect(bar, th.panel, radius=bar.height // 2)
        if count:
            p.rect(
                pygame.Rect(bar.x, bar.y, max(bar.height, int(bar.width * count / max(1, total))), bar.height),
                th.accent,
                radius=bar.height // 2,
            )
        y = bar.bottom + int(u * 0.8)
        if safety is not None:
            badge = safety_badge(self, p, (side.x, y), safety, app.t("safety_" + safety), size=2.4)
            y = badge.bottom + int(u * 0.5)
        if marks and side.bottom - y > app.font_size(2.2):
            p.text_box(
                " · ".join(marks),
                pygame.Rect(side.x, y, side.width, side.bottom - y),
                app.font_size(2.2),
                th.bg_text,
                bold=True,
                where="marks",
                max_lines=2,
                min_size=12,
            )

    def draw_vote_status(self, p: Painter, box: pygame.Rect) -> None:
        """While the vote is open: the join code, and how many have voted (not for what)."""
        app = self.papp
        th = app.theme
        u = app.unit
        t = self.fs.tally()
        p.rect(box, th.panel, radius=int(u * 1.5))
        inner = box.inflate(-int(u * 2), -int(u * 2))
        text_x = inner.x
        if app.join_url and inner.height >= u * 12:
            surf = self._qr(inner.height)
            p.surface.blit(surf, (inner.x, inner.y + (inner.height - surf.get_height()) // 2))
            text_x = inner.x + surf.get_width() + int(u * 2.5)
        text = pygame.Rect(text_x, inner.y, inner.right - text_x, inner.height)
        self.drawn_total = t.total  # what the room sees (a browser test reads it back)
        count = app.t("proj_votes_n", n=t.total)
        code = app.t("proj_room", code=app.room.code) if app.join_url else ""
        # How many phones voted, beside the count: more phones than people means someone
        # voted twice (cleared the browser, a private window), and the trainer sees it.
        phones = app.t("fac_phones_voted", n=sum(t.phones)) if app.join_url else ""
        self.drawn_phones = phones
        if inner.height < u * 14:  # squeezed by many long replies: the count, the phones and the code on one line
            line = " · ".join(x for x in (count, phones, code) if x)
            p.text_box(line, text, app.font_size(3.4), th.panel_text, bold=True, valign="middle", where="vote count", min_size=12)
            return
        split = app.t("fac_votes_split", phones=sum(t.phones), hands=sum(t.hands)) if app.join_url and sum(t.hands) else ""
        hidden = "" if app.setup.live_results else app.t("proj_results_hidden")
        top_h = int(text.height * (0.4 if app.join_url else 0.6))
        p.text_box(
            count,
            pygame.Rect(text.x, text.y, text.width, top_h),
            app.font_size(6),
            th.panel_text,
            bold=True,
            valign="middle",
            where="vote count",
            max_lines=1,
            min_size=12,
        )
        if phones:
            phones_h = int(text.height * 0.2)
            p.text_box(
                phones,
                pygame.Rect(text.x, text.y + top_h, text.width, phones_h),
                app.font_size(3.4),
                th.panel_text,
                bold=True,
                valign="middle",
                where="phones voted",
                max_lines=1,
                min_size=12,
            )
            top_h += phones_h
        rest = "\n".join(x for x in (code, split, hidden) if x)
        p.text_box(
            rest,
            pygame.Rect(text.x, text.y + top_h, text.width, text.height - top_h),
            app.font_size(2.6),
            th.panel_muted,
            where="vote status",
            min_size=12,
        )

    def _qr(self, size: int) -> pygame.Surface:
        cached = self._qr_cache
        if cached is None or cached[0] != size:
            from .overlays import qr_surface

            cached = (size, qr_surface(self.papp.join_url or "", size))
            self._qr_cache = cached
        return cached[1]

    def draw_card(self, p: Painter, area: pygame.Rect) -> None:
        """After the reveal, where the phone was: the tactic (or 'this was real'), the safe reply, the discussion prompt."""
        app = self.app
        th = app.theme
        u = app.unit
        p.rect(area, th.bg)
        p.rect(area, th.panel, radius=int(u * 2))
        inner = area.inflate(-int(u * 4), -int(u * 4))
        card = self.fs.tactic_card()
        step = self.step
        parts: list[tuple[str, float, bool]] = []  # (text, size, bold)
        if card is not None:
            d = int(u * 9)
            p.circle((inner.x + d // 2, inner.y + d // 2), d // 2, th.accent)
            s = int(d * 0.62)
            p.surface.blit(app.art.icon(card.icon, s, th.accent_text), (inner.x + (d - s) // 2, inner.y + (d - s) // 2))
            p.text_box(
                card.name,
                pygame.Rect(inner.x + d + int(u * 2), inner.y, inner.width - d - int(u * 2), d),
                app.font_size(3.8),
                th.panel_text,
                bold=True,
                valign="middle",
                where="card name",
                min_size=12,
            )
            top = inner.y + d + int(u * 2)
            parts.append((f"{app.t('red_flag')}: {card.red_flag}", 3.0, True))
            parts.append((f"{app.t('how_it_works')}: {card.how}", 2.6, False))
        else:
            top = inner.y
            if step is not None and step.genuine:
                parts.append((app.t("proj_genuine_step"), 3.6, True))
        safe = [c for c in self.fs.choices if c.safety == "safe"]
        if safe:
            parts.append(
                (f"{app.t('proj_safe_was')}: {safe[0].text.get(self.lang)} — {without_praise(safe[0].feedback.get(self.lang))}", 2.6, False)
            )
        discussion = self.fs.discussion()
        if discussion:
            parts.append((f"{app.t('proj_discuss')}: {discussion}", 3.0, True))
        self.stack_texts(p, pygame.Rect(inner.x, top, inner.width, inner.bottom - top), parts, "card")

    def draw_discussion_only(self, p: Painter, area: pygame.Rect) -> None:
        app = self.app
        u = app.unit
        text = self.fs.discussion()
        if not text:
            return
        box = pygame.Rect(area.x, area.bottom - int(area.height * 0.45), area.width, int(area.height * 0.45))
        p.rect(box, app.theme.panel, radius=int(u * 2))
        self.stack_texts(p, box.inflate(-int(u * 3), -int(u * 3)), [(f"{app.t('proj_discuss')}: {text}", 3.0, True)], "discussion")

    def stack_texts(self, p: Painter, box: pygame.Rect, parts: list[tuple[str, float, bool]], where: str) -> None:
        """Texts one under another, all shrunk together until they fit the box (most important first)."""
        app = self.app
        u = app.unit
        gap = int(u * 1.5)
        scale = 1.0
        while True:
            blocks = [
                p.fit(
                    t,
                    box.width,
                    box.height,
                    max(12, int(app.font_size(s) * scale)),
                    bold=b,
                    min_size=max(12, int(app.font_size(s) * scale)),
                )
                for t, s, b in parts
            ]
            need = sum(b.height for b in blocks) + gap * (len(blocks) - 1)
            if need <= box.height or scale < 0.5:
                break
            scale *= 0.92
        y = box.y
        for (text, _, bold), block in zip(parts, blocks, strict=True):
            h = min(block.height, box.bottom - y)
            p.text_box(
                text,
                pygame.Rect(box.x, y, box.width, h),
                block.size,
                self.app.theme.panel_text,
                bold=bold,
                where=f"{where} text",
                min_size=block.size,
            )
            y += h + gap
