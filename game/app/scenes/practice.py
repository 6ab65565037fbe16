"""The practice round and the before/after measure: one message at a time, "real or scam?", then tap the tell.

One scene serves the three rounds (game/learning.py draws them, game/core/practice.py
runs them). Real and Scam are choice buttons, so keys 1 and 2 work; after "Scam" in the
practice round the message splits into numbered parts, each a button (keys 1..n), and
the player taps the part that gives the scam away. Feedback comes at once: right or
not, the tactic's name, the tell marked in the message, the item's own explanation.
The measure rounds ask for the verdict only and give no feedback, so they teach nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame

from ...core import practice as pr
from ...core.strings import ui
from .. import evidence
from ..painter import Painter
from ..scene import Button, Scene
from .common import SAFETY_ICON, button, heading, landscape, min_target

if TYPE_CHECKING:
    from ...learning import Learning
    from ..app import App
    from ..flow import Visit

EVIDENCE_SHARE = 0.5  # at most this much of the card shows an item's attachments; the message keeps the rest

TITLES = {
    "before": ("before_title", "before_intro"),
    "practice": ("practice_title", "practice_intro"),
    "after": ("after_title", "after_intro"),
}


class PracticeScene(Scene):
    def __init__(
        self, app: App, rnd: pr.Round, then: Callable[[], None] | None = None, room: bool = False, learning: Learning | None = None
    ) -> None:
        super().__init__(app)
        self.round = rnd
        self.then = then or self.finish  # a station of a flow: the flow shows what follows
        self.learning = learning  # for the closing card of the measure: the before score
        self.room = room  # the facilitator's projector: the room votes, the trainer taps the majority's answer
        self.finished = False  # the round is over and its closing card is shown (practice and after only)
        self.evidence_room = 0  # the height an item's attachments were measured in (card_height), so they are drawn the same

    @property
    def lang(self) -> str:
        return self.app.settings.lang

    def relocalise(self, lang: str) -> None:
        """The menu switched the language: the parts are counted in it from now on."""
        if lang in self.round.pool.languages:
            self.round.lang = lang

    # -- input -------------------------------------------------------------------------

    def key(self, event) -> bool:
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_RIGHT, pygame.K_PAGEDOWN) and (
            self.round.stage == "feedback" or self.finished
        ):
            if self.app.focused() is None:  # Enter on a focused button is that button's, handled by the app
                self.forward()
                return True
        return False

    def activate(self, b: Button) -> None:
        rnd = self.round
        if b.id in ("real", "scam") and rnd.stage == "verdict":
            rnd.say(b.id == "scam")
        elif b.id.startswith("part:") and rnd.stage == "tell":
            rnd.tap(int(b.id[5:]))
        elif b.id == "evidence_tell" and rnd.stage == "tell" and rnd.item is not None:
            # A tell on the evidence, tapped where it is drawn (the marks the debrief's "Show me" uses):
            # it finds the scam as the tell's own part does.
            _, tell = rnd.item.parts(self.lang)
            rnd.tap(tell if tell is not None else 0)
        elif b.id == "next":
            self.forward()
            return
        if rnd.done:
            self._end()

    def forward(self) -> None:
        rnd = self.round
        if self.finished:
            self.then()
            return
        if rnd.stage == "feedback":
            rnd.next()
        if rnd.done:
            self._end()

    def _end(self) -> None:
        if self.round.phase == "before":
            self.then()  # straight into the story: the first half of the measure ends without a score
        else:
            self.finished = True

    # -- drawing -----------------------------------------------------------------------

    def draw(self, p: Painter) -> None:
        app = self.app
        th = app.theme
        w, h = app.size
        u = app.unit
        p.surface.fill(th.bg)
        margin = int(u * 4)
        rnd = self.round
        title_key, intro_key = TITLES[rnd.phase]
        item = rnd.item
        head = ui(title_key, self.lang)
        if item is not None and not self.finished:
            head += " — " + ui("item_of", self.lang, i=rnd.index + 1, n=rnd.total)
        heading(self, p, head, pygame.Rect(margin, margin, w - 2 * margin, int(u * 8)), size=4.2)
        top = margin + int(u * 9)
        nav_h = max(min_target(self), int(u * 10))
        if self.finished or item is None:
            self.draw_closing(p, pygame.Rect(margin, top, w - 2 * margin, h - top - margin - nav_h - int(u * 3)))
            bw = min(int(u * 40), w - 2 * margin)
            button(self, p, pygame.Rect(w - margin - bw, h - margin - nav_h, bw, nav_h), "next", ui("next", self.lang), "primary", size=3)
            return
        prompt = self.prompt(item)
        block = p.text_box(prompt, pygame.Rect(margin, top, w - 2 * margin, int(u * 9)), app.font_size(2.6), th.bg_text, where="prompt")
        top += max(int(u * 5), block.height) + int(u * 2)
        body = pygame.Rect(margin, top, w - 2 * margin, h - top - margin)
        gap = int(u * 3)
        if landscape(app.size) and rnd.stage == "tell":  # the parts alone: centred, wider
            card = pygame.Rect(body.x + int(body.width * 0.15), body.y, int(body.width * 0.7), body.height)
            side = pygame.Rect(card.right, body.y, 0, body.height)
        elif landscape(app.size):
            card = pygame.Rect(body.x, body.y, int(body.width * 0.56), body.height)
            side = pygame.Rect(card.right + gap, body.y, body.width - card.width - gap, body.height)
        else:
            actions_h = int(body.height * (0.42 if rnd.stage == "feedback" else 0.3 if rnd.stage == "verdict" else 0))
            card = pygame.Rect(body.x, body.y, body.width, body.height - actions_h - (gap if actions_h else 0))
            side = pygame.Rect(body.x, card.bottom + gap, body.width, actions_h)
        card.height = min(card.height, self.card_height(p, item, card))  # no empty card below a short message
        if not landscape(app.size) and rnd.stage != "tell":
            side = pygame.Rect(body.x, card.bottom + gap, body.width, body.bottom - card.bottom - gap)
        self.draw_card(p, card, item)
        if rnd.stage == "verdict":
            self.draw_verdict_buttons(p, side)
        elif rnd.stage == "feedback":
            self.draw_feedback(p, side, item)

    def prompt(self, item: pr.PracticeItem) -> str:
        rnd = self.round
        lang = self.lang
        if rnd.stage == "tell":
            return ui("ask_tell", lang)
        if rnd.stage == "feedback":
            return ""  # the feedback panel says it all
        text = ui("ask_verdict", lang)
        if rnd.index == 0:
            text = ui(TITLES[rnd.phase][1], lang)
        if self.room:
            text += " " + ui("room_votes", lang)
        return text

    def card_height(self, p: Painter, item: pr.PracticeItem, card: pygame.Rect) -> int:
        """The height the card needs for its sender line and its text (as a bubble or as parts)."""
        app = self.app
        u = app.unit
        pad = int(u * 2.5)
        width = card.width - 2 * pad
        label = f"{ui('channel_' + item.channel, self.lang)} · {item.sender.get(self.lang)}"
        head = p.fit(label, width, int(u * 8), app.font_size(2.3), bold=True, max_lines=2).height + int(u * 1.5)
        room = pygame.Rect(0, 0, width, card.height - 2 * pad - head)
        self.evidence_room = int(room.height * EVIDENCE_SHARE)  # the card is cut to fit; the cards keep the room they were measured in
        shown = evidence.needed(app, p, item.attachments, self.lang, self._evidence_width(width), self.evidence_room)
        if shown:
            shown = min(shown, int(room.height * EVIDENCE_SHARE)) + int(u * 1.5)
            room.height -= shown
        if self.round.stage in ("tell", "feedback"):
            parts, _ = item.parts(self.lang)
            _, heights = self._part_layout(p, room, parts, int(u * 7))
            body = sum(heights) + int(u * 1.2) * (len(parts) - 1)
        else:
            min_size = max(12, app.font_size(1.8))
            body = (
                p.fit(item.text.get(self.lang), width - 2 * pad, room.height - 2 * pad, app.font_size(3.0), min_size=min_size).height
                + 2 * pad
            )
        return 2 * pad + head + body + shown + 2

    def draw_card(self, p: Painter, card: pygame.Rect, item: pr.PracticeItem) -> None:
        """The message as the phone would show it: channel and sender, then the text (in parts when tapping)."""
        app = self.app
        th = app.theme
        u = app.unit
        lang = self.lang
        radius = max(8, int(u * 2))
        p.rect(card, th.screen, radius=radius)
        pad = int(u * 2.5)
        inner = card.inflate(-2 * pad, -2 * pad)
        label = f"{ui('channel_' + item.channel, lang)} · {item.sender.get(lang)}"
        head = p.text_box(
            label,
            pygame.Rect(inner.x, inner.y, inner.width, int(u * 8)),
            app.font_size(2.3),
            th.screen_muted,
            bold=True,
            where="sender",
            max_lines=2,
        )
        y = inner.y + head.height + int(u * 1.5)
        area = pygame.Rect(inner.x, y, inner.width, inner.bottom - y)
        if item.attachments:
            area = self.draw_evidence(p, area, item)
        stage = self.round.stage
        if stage == "tell":
            self.draw_parts(p, area, item)
        elif stage == "feedback":
            self.draw_marked(p, area, item)
        else:
            bubble = area.copy()
            size = app.font_size(3.0)
            block = p.fit(item.text.get(lang), bubble.width - 2 * pad, bubble.height - 2 * pad, size, min_size=max(12, app.font_size(1.8)))
            bubble.height = min(bubble.height, block.height + 2 * pad)
            p.rect(bubble, th.bubble_in, radius=radius)
            p.text_box(
                item.text.get(lang),
                bubble.inflate(-2 * pad, -2 * pad),
                block.size,
                th.bubble_in_text,
                where="message",
                min_size=max(12, app.font_size(1.8)),
            )

    def draw_evidence(self, p: Painter, area: pygame.Rect, item: pr.PracticeItem) -> pygame.Rect:
        """The item's attachments at the bottom of the card, drawn as on the phone; returns the area above them.

        While the player looks for the tell, each tell drawn on them is a tap target at the
        rectangle the drawing marked (not highlighted: the player has to find it).
        """
        app = self.app
        room = min(area.height, self.evidence_room or int(area.height * EVIDENCE_SHARE))
        width = self._evidence_width(area.width)
        need = min(room, evidence.needed(app, p, item.attachments, self.lang, width, room))
        first = len(p.marks)
        used = evidence.draw_cards(app, p, area.x, area.bottom - need, width, room, item.attachments, self.lang)
        for mark in p.marks[first:]:
            if self.round.stage == "tell":
                self.add(Button("evidence_tell", pygame.Rect(mark.rect), mark.why, "choice", focusable=False))
            elif self.round.stage == "feedback":  # the answer: the tell on the evidence ringed, as the text's tell is coloured
                p.rect(pygame.Rect(mark.rect).inflate(6, 6), app.theme.safety["unsafe"], radius=4, width=max(3, int(app.unit * 0.5)))
        return pygame.Rect(area.x, area.y, area.width, max(0, area.height - used - int(app.unit * 1.5)))

    def _evidence_width(self, width: int) -> int:
        """Attachments keep a phone's width (their type follows it), even on a wide card."""
        return min(width, int(self.app.unit * 60))

    def _part_layout(self, p: Painter, area: pygame.Rect, parts: tuple[str, ...], number_room: int) -> tuple[int, list[int]]:
        """A type size and a height per part so every part fits the area, each at least a touch target high."""
        app = self.app
        gap = int(app.unit * 1.2)
        pad = int(app.unit * 1.6)
        size = app.font_size(2.8)
        floor = max(12, app.font_size(1.7))
        while True:
            heights = []
            for part in parts:
                lines, _ = p.wrap(part, area.width - number_room - 2 * pad, size)
                heights.append(max(min_target(self), len(lines) * p.line_height(size) + 2 * pad))
            if sum(heights) + gap * (len(parts) - 1) <= area.height or size <= floor:
                return size, heights
            size = max(floor, int(size * 0.9))

    def draw_parts(self, p: Painter, area: pygame.Rect, item: pr.PracticeItem) -> None:
        app = self.app
        parts, _ = item.parts(self.lang)
        number_room = int(app.unit * 7)
        size, heights = self._part_layout(p, area, parts, number_room)
        gap = int(app.unit * 1.2)
        y = area.y
        for i, (part, ph) in enumerate(zip(parts, heights, strict=True)):
            rect = pygame.Rect(area.x, y, area.width, ph)
            button(self, p, rect, f"part:{i}", part, "choice", number=i + 1, size=size / (app.unit * _scale(app)))
            y += ph + gap

    def draw_marked(self, p: Painter, area: pygame.Rect, item: pr.PracticeItem) -> None:
        """The parts again, the tell on the safety colour with its mark, the player's wrong tap outlined."""
        app = self.app
        th = app.theme
        parts, tell = item.parts(self.lang)
        number_room = int(app.unit * 7)
        size, heights = self._part_layout(p, area, parts, number_room)
        gap = int(app.unit * 1.2)
        pad = int(app.unit * 1.6)
        radius = max(6, int(app.unit * 1.2))
        y = area.y
        for i, (part, ph) in enumerate(zip(parts, heights, strict=True)):
            rect = pygame.Rect(area.x, y, area.width, ph)
            is_tell = i == tell
            bg = th.safety["unsafe"] if is_tell else th.bubble_in
            fg = th.safety_text if is_tell else th.bubble_in_text
            p.rect(rect, bg, radius=radius)
            if self.round.tapped == i and not is_tell:
                p.rect(rect, th.button_focus, radius=radius, width=max(3, int(app.unit * 0.5)))
            mark = pygame.Rect(rect.x + pad, rect.y, number_room - pad, rect.height)
            if is_tell:
                d = min(mark.width, int(app.unit * 4.5))
                p.surface.blit(app.art.icon("warning", d, fg), (mark.x, mark.centery - d // 2))
            else:
                p.text_line(str(i + 1), mark.midleft, size, th.screen_muted, bold=True, anchor="midleft")
            text_box = pygame.Rect(rect.x + number_room, rect.y + pad, rect.width - number_room - pad, rect.height - 2 * pad)
            p.text_box(part, text_box, size, fg, bold=is_tell, valign="middle", where="part", min_size=max(12, app.font_size(1.7)))
            y += ph + gap

    def draw_verdict_buttons(self, p: Painter, side: pygame.Rect) -> None:
        app = self.app
        u = app.unit
        gap = int(u * 3)
        bh = max(min_target(self), min(int(u * 16), (side.height - gap) // 2))
        if landscape(app.size):
            y = side.y
            rects = [pygame.Rect(side.x, y, side.width, bh), pygame.Rect(side.x, y + bh + gap, side.width, bh)]
        else:
            bw = (side.width - gap) // 2
            bh = max(min_target(self), min(side.height, int(u * 16)))
            rects = [pygame.Rect(side.x, side.y, bw, bh), pygame.Rect(side.x + bw + gap, side.y, bw, bh)]
        button(self, p, rects[0], "real", ui("real", self.lang), "choice", number=1, size=3.6)
        button(self, p, rects[1], "scam", ui("scam", self.lang), "choice", number=2, size=3.6)

    def draw_feedback(self, p: Painter, side: pygame.Rect, item: pr.PracticeItem) -> None:
        app = self.app
        th = app.theme
        u = app.unit
        lang = self.lang
        answer = self.round.last
        assert answer is not None
        nav_h = max(min_target(self), int(u * 10))
        if item.genuine:
            verdict = ui("right_real" if answer.correct else "false_alarm", lang)
        elif not answer.said_scam:
            verdict = ui("missed_scam", lang)
        else:
            verdict = ui("right_scam", lang) + " " + ui("right_tell", lang) if answer.tell_right else ui("wrong_tell", lang)
        badge = self.verdict_banner(p, side, "safe" if answer.correct else "risky", verdict)
        y = badge.bottom + int(u * 2)
        lines = []
        if item.tactic and item.tactic in app.library.catalogue:
            lines.append(ui("tactic_named", lang, name=app.library.catalogue[item.tactic].name.get(lang)))
        text_area = pygame.Rect(side.x, y, side.width, side.bottom - y - nav_h - int(u * 2))
        if lines:
            block = p.text_box(lines[0], text_area, app.font_size(2.8), th.bg_text, bold=True, where="tactic", max_lines=2)
            text_area.y += block.height + int(u * 1.5)
            text_area.height -= block.height + int(u * 1.5)
        more = item.feedback.get(lang)
        if self.round.return_after == answer.seq:
            more += "\n" + ui("comes_back", lang)
        p.text_box(more, text_area, app.font_size(2.5), th.bg_text, where="feedback", min_size=max(12, app.font_size(1.6)))
        bw = min(side.width, int(u * 40))
        button(self, p, pygame.Rect(side.right - bw, side.bottom - nav_h, bw, nav_h), "next", ui("next", lang), "primary", size=3)

    def verdict_banner(self, p: Painter, side: pygame.Rect, safety: str, text: str) -> pygame.Rect:
        """Right or not as icon and words on the safety colour (never colour alone), wrapped to the panel."""
        app = self.app
        th = app.theme
        u = app.unit
        size = app.font_size(2.5)
        pad = int(u * 1.5)
        d = int(size * 1.3)
        block = p.fit(text, side.width - d - 3 * pad, int(u * 14), size, bold=True, max_lines=3)
        rect = pygame.Rect(side.x, side.y, side.width, max(min_target(self), block.height + 2 * pad))
        p.rect(rect, th.safety[safety], radius=max(6, int(u * 1.2)))
        p.surface.blit(app.art.icon(SAFETY_ICON[safety], d, th.safety_text), (rect.x + pad, rect.centery - d // 2))
        inner = pygame.Rect(rect.x + d + 2 * pad, rect.y + pad, rect.width - d - 3 * pad, rect.height - 2 * pad)
        p.text_box(text, inner, block.size, th.safety_text, bold=True, valign="middle", where="verdict", max_lines=3)
        return rect

    def draw_closing(self, p: Painter, box: pygame.Rect) -> None:
        app = self.app
        th = app.theme
        lang = self.lang
        rnd = self.round
        a, b = rnd.score()
        text = ui("practice_score", lang, a=a, b=b)
        if rnd.phase == "after":
            before = self.before_score()
            text = (ui("measure_score", lang, a=before, b=a, n=b) if before is not None else "") + "\n\n" + ui("measure_thanks", lang)
        p.text_box(text.strip(), box, app.font_size(3.6), th.bg_text, bold=True, align="center", valign="middle", where="closing")

    def before_score(self) -> int | None:
        before = self.learning.rounds.get("before") if self.learning is not None else None
        return before.score()[0] if before is not None else None


def _scale(app: App) -> float:
    from ..theme import TEXT_SCALE

    return TEXT_SCALE[app.settings.text_size]


# -- the stations of every mode's flow (game/app/flows.py, game/kiosk/flow.py, game/facilitate/flow.py) --


def learning_for(app: App) -> Learning | None:
    """A Learning for one play in this app's mode: the kiosk's settings file says whether it measures."""
    from ...learning import new_learning

    config = getattr(app, "config", None)  # the kiosk's settings file
    if not app.settings.practice or not getattr(config, "practice", True):
        return None
    measure = app.settings.measure
    if measure is None and config is not None:
        measure = getattr(config, "measure", None)
    try:
        return new_learning(
            app.settings.mode,
            app.settings.lang,
            app.library.catalogue,
            measure=measure,
            seed=getattr(app.settings, "seed", None),
            clock=app.clock,
        )
    except Exception:  # noqa: BLE001 - practice is extra: the story is played without it
        import logging

        logging.getLogger(__name__).exception("no practice round this play")
        return None


def _room(app: App) -> bool:
    return app.settings.mode == "facilitate"  # the projector: the room votes, the trainer taps the majority


def measure_before(app: App, visit: Visit) -> PracticeScene | None:
    """The first half of the before/after measure, once the story is chosen; passes when the measure is off."""
    visit.learning = learning_for(app)  # a fresh draw for each story chosen ("play again" does not come by here)
    rnd = visit.learning.before_round() if visit.learning is not None else None
    return PracticeScene(app, rnd, room=_room(app), learning=visit.learning) if rnd is not None else None


def practice(app: App, visit: Visit) -> PracticeScene | None:
    """The practice round after the debrief: the tactics of the story just played, then others."""
    from ...learning import story_tactics

    if visit.session is None:
        return None
    if visit.learning is None:
        visit.learning = learning_for(app)
    learning = visit.learning
    if learning is None:
        return None
    learning.attach(visit.session.play_id, visit.session.recorder)  # the "before" answers waited for the play's id
    rnd = learning.practice_round(story_tactics(visit.session))
    return PracticeScene(app, rnd, room=_room(app), learning=learning) if rnd is not None else None


def measure_after(app: App, visit: Visit) -> PracticeScene | None:
    """The second half of the measure (its matched items); passes without a first half, and on a replay."""
    learning = visit.learning
    if learning is not None and visit.session is not None:
        learning.attach(visit.session.play_id, visit.session.recorder)
    rnd = learning.after_round() if learning is not None else None
    return PracticeScene(app, rnd, room=_room(app), learning=learning) if rnd is not None else None


def iter_practice_screens(app: App, scenario=None):
    """Every state of the practice screens, for `shots` and the layout tests (a fixed seed: the same items each run)."""
    from ...learning import Learning, shipped_pool

    pool = shipped_pool(app.library.catalogue)
    learning = Learning(pool, app.settings.lang, "classroom", measure=True, seed=7, clock=app.clock)
    if not len(pool):
        return

    def done() -> None:
        pass

    rnd = learning.before_round()
    if rnd is not None:
        app.reset_to(PracticeScene(app, rnd, done, learning=learning))
        yield "practice/00-before"
        while not rnd.done:
            rnd.say(True)
    tactics = [s.tactic for s in scenario.steps.values() if s.tactic] if scenario is not None else []
    rnd = learning._round(
        "practice", pr.draw_round(pool, learning.rng, 6, tactics, learning.measure.used if learning.measure else ()), teach=True
    )
    scene = PracticeScene(app, rnd, done, learning=learning)
    app.reset_to(scene)
    shown = {"scam": 0, "genuine": 0}
    n = 0
    while not rnd.done:
        item = rnd.item
        assert item is not None
        n += 1
        yield f"practice/{n:02d}-verdict"
        if item.genuine:
            rnd.say(shown["genuine"] == 0)  # the first real message called a scam: a false alarm
            if rnd.stage == "tell":
                yield f"practice/{n:02d}-tell"
                rnd.tap(0)
            shown["genuine"] += 1
        else:
            rnd.say(True)
            yield f"practice/{n:02d}-tell"
            parts, tell = item.parts(app.settings.lang)
            assert tell is not None
            rnd.tap((tell + 1) % len(parts) if shown["scam"] == 0 else tell)  # first scam: the wrong part
            shown["scam"] += 1
        yield f"practice/{n:02d}-feedback"
        rnd.next()
    scene.finished = True
    yield "practice/90-score"
    rnd = learning.after_round()
    if rnd is not None:
        scene = PracticeScene(app, rnd, done, learning=learning)
        app.reset_to(scene)
        while not rnd.done:
            rnd.say(False)
        scene.finished = True
        yield "practice/91-after-score"
