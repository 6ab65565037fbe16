"""The phone drawn on screen, and what each channel looks like on it.

Each `draw_*` function paints one channel's screen inside the phone from a `View`
(what has been revealed so far); none of them decides anything about the story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pygame

from ...core import model as m
from .. import evidence
from ..painter import Painter
from ..theme import TEXT_SCALE

SENTENCE = re.compile(r"(?<=[.!?…])[\"”’)]*\s+")


def sentences(text: str) -> list[str]:
    """Caption lines: the text split after sentence ends, never into empty pieces."""
    parts = [s.strip() for s in SENTENCE.split(text) if s.strip()]
    return parts or [text]


# Quotation marks a sent message is written in (see `sent_words`).
QUOTES = {"“": "”", '"': '"'}
# A lead-in that calls someone is an act elsewhere, not a message in this chat ("Call Dad: “…”").
CALL_LEAD = re.compile(r"^\s*(gọi|call|phone|ring)\b", re.IGNORECASE)


def sent_words(reply: str) -> str:
    """The words a reply sends, when it is quoted speech; "" when it is an act ("Block the number").

    The rule (scenarios/README.md, "Calls, narration and time"): the whole reply is a quote
    (“I'll ask my parents first.”, a short afterword allowed), or a short lead-in and a
    colon are followed by the quote (Ask: “Why…?”); then the quoted words are the message.
    """
    text = reply.strip()
    lead, colon, rest = text.partition(":")
    if text[:1] in QUOTES:
        body = text
    elif colon and rest.strip()[:1] in QUOTES and not CALL_LEAD.match(lead) and len(lead.split()) <= 4:
        body = rest.strip()
        if body.rstrip(" .!?…")[-1:] != QUOTES[body[0]]:
            return ""  # the quote must end the reply: `Delete it: “save this number” could be a scam.` is an act
    else:
        return ""
    close = body.find(QUOTES[body[0]], 1)
    return body[1:close].strip() if close > 1 else ""


def sent_message(step: m.Step, choice: m.Choice, lang: str) -> str:
    """What the player's reply to a step shows as a sent bubble: quoted speech in a chat or SMS only."""
    if step.channel not in ("chat", "sms") or choice.hang_up:
        return ""
    return sent_words(choice.text.get(lang))


@dataclass
class View:
    scenario: m.Scenario
    step: m.Step
    lang: str
    revealed: int  # how many chunks are shown
    chunks: list[str]
    elapsed: float  # seconds into the call, for the timer
    typing: bool  # show the typing indicator
    tick: int  # animation frame counter
    previous_reply: str = ""  # a reply drawn as a sent bubble just before this step's messages
    ringing: bool = False
    dialling: bool = False  # an outgoing call not yet answered
    reply_after: str = ""  # the player's message just sent, drawn after this step's messages
    phone_buttons: bool = False  # the play screen draws round buttons at the foot of a call (keep it free)
    # Earlier steps of the same chat thread, each with the reply the player chose to it
    # (drawn as history: their bubbles, then the sent reply when it is speech).
    thread: tuple[tuple[m.Step, m.Choice | None], ...] = ()
    clock: str = ""  # the phone's clock: the step's `at`, or the last one shown
    rang: bool = False  # this call rang or dialled before it was answered (its stage direction was shown then)
    # What was drawn, for tests and tools: (kind, rectangle, text), kind one of
    # sent, received, scene, later, time, caption.
    drawn: list[tuple[str, pygame.Rect, str]] = field(default_factory=list)

    @property
    def clock_text(self) -> str:
        return self.step.at or self.clock


def phone_frame(app, p: Painter, rect: pygame.Rect) -> pygame.Rect:
    """Draw the phone body; return the screen rectangle inside it."""
    th = app.theme
    radius = int(rect.width * 0.12)
    p.rect(rect, th.phone_body, radius=radius)
    bezel = max(6, int(rect.width * 0.035))
    screen = rect.inflate(-2 * bezel, -2 * bezel)
    p.rect(screen, th.screen, radius=int(radius * 0.8))
    return screen


def status_bar(app, p: Painter, screen: pygame.Rect, clock_text: str, colour) -> int:
    h = max(18, int(screen.height * 0.045))
    fs = max(11, int(h * 0.62))
    p.text_line(
        clock_text or "09:41", (screen.x + int(screen.width * 0.09), screen.y + h // 2 + 4), fs, colour, bold=True, anchor="midleft"
    )
    # battery and signal, drawn
    bx = screen.right - int(screen.width * 0.09) - int(h * 1.2)
    batt = pygame.Rect(bx, screen.y + h // 2 + 4 - h // 4, int(h * 1.1), h // 2)
    pygame.draw.rect(p.surface, colour, batt, width=max(1, h // 12), border_radius=3)
    pygame.draw.rect(p.surface, colour, batt.inflate(-h // 5, -h // 5).move(0, 0).clip(batt.inflate(-h // 5, -h // 5)))
    for i in range(4):
        bar_h = (i + 1) * h // 8
        pygame.draw.rect(p.surface, colour, (bx - int(h * 1.2) + i * (h // 5), batt.bottom - bar_h, max(2, h // 8), bar_h))
    return h + 6


def speaker(view: View) -> m.Character | None:
    return view.scenario.characters.get(view.step.speaker or "")


def call_buttons(screen: pygame.Rect) -> tuple[int, int]:
    """(centre y, diameter) of the round phone buttons at the foot of a call screen (Decline, Accept, End call)."""
    d = int(min(screen.width * 0.2, screen.height * 0.11))
    return screen.bottom - int(screen.height * 0.1), d


def _narration_top(app, p: Painter, view: View, screen: pygame.Rect, y: int, bottom: int, dark: bool) -> int:
    """This step's separator and stage direction, from y down (never below bottom); returns the y after them."""
    u = screen.width / 100
    gap = int(2 * u)
    later = later_text(view.step, view.lang)
    if later:
        _, h, _ = later_size(p, later, stamp_size(app, u), screen.width - int(8 * u))
        draw_later(app, p, view, later, (screen.centerx, y + h // 2), stamp_size(app, u), screen.width - int(8 * u), dark)
        y += h + gap
    answered_after_ring = view.rang and not (view.ringing or view.dialling)
    if view.step.scene is not None and bottom - y > int(8 * u) and not answered_after_ring:
        text = view.step.scene.get(view.lang)
        fs = int(4.4 * u * TEXT_SCALE[app.settings.text_size])
        w = screen.width - int(8 * u)
        h = min(bottom - y, scene_height(p, text, w, fs, bottom - y))
        draw_scene(app, p, view, text, pygame.Rect(screen.centerx - w // 2, y, w, h), fs, dark)
        y += h + gap
    return y


def draw_call(app, p: Painter, screen: pygame.Rect, view: View, video: bool = False) -> pygame.Rect:
    """A call ringing, dialling or in progress, with captions; returns the timer rectangle.

    The foot of the screen is kept free for the round phone buttons the play screen draws
    there (see `call_buttons`).
    """
    th = app.theme
    u = screen.width / 100
    who = speaker(view)
    name = who.name.get(view.lang) if who else ""
    number = who.number if who else ""
    clip = p.surface.get_clip()
    p.surface.set_clip(screen)
    waiting = view.ringing or view.dialling
    row, d = call_buttons(screen)
    foot = row - d // 2 - int(3 * u) if view.phone_buttons else screen.bottom - int(3 * u)  # above the buttons
    if video and not waiting:
        p.surface.blit(app.art.video_of(who, view.scenario, screen.size), screen.topleft)
        top = pygame.Rect(screen.x, screen.y, screen.width, int(screen.height * 0.16))
        shade = pygame.Surface(top.size, pygame.SRCALPHA)
        shade.fill((0, 0, 0, 150))
        p.surface.blit(shade, top.topleft)
        status_bar(app, p, screen, view.clock_text, (255, 255, 255))
        p.text_box(
            name,
            pygame.Rect(top.x + int(6 * u), top.y + int(top.height * 0.38), int(70 * u), int(top.height * 0.34)),
            int(6 * u),
            (255, 255, 255),
            bold=True,
            where="video name",
            min_size=10,
        )
        timer = pygame.Rect(top.x + int(72 * u), top.y + int(top.height * 0.38), int(24 * u), int(top.height * 0.34))
        p.text_line(_clock(view.elapsed), timer.midright, int(5.2 * u), (255, 255, 255), anchor="midright")
        y = top.bottom + int(2 * u)
        cap_top = screen.y + int(screen.height * 0.5)
    else:
        p.rect(screen, th.call_bg, radius=int(screen.width * 0.1))
        status_bar(app, p, screen, view.clock_text, th.call_text)
        # Once answered, a call that also shows evidence or a stage direction keeps a small face,
        # so the words and the evidence get the room.
        busy = bool(view.step.attachments) or view.step.scene is not None
        told = view.step.scene is not None  # a stage direction is read while it rings: a smaller face
        d = int(screen.width * ((0.3 if told else 0.46) if view.ringing else 0.36 if view.dialling else 0.18 if busy else 0.3))
        cy = screen.y + int(screen.height * ((0.19 if told else 0.25) if waiting else 0.13 if busy else 0.17))
        if view.ringing and not app.settings.reduced_motion:
            pulse = (view.tick % 10) / 10
            p.circle((screen.centerx, cy), int(d / 2 + d * 0.18 * pulse), th.call_muted, width=max(2, int(u * 0.6)))
        p.surface.blit(app.art.face(who, view.scenario, d), (screen.centerx - d // 2, cy - d // 2))
        y = cy + d // 2 + int(2 * u)
        p.text_box(
            name,
            pygame.Rect(screen.x + int(5 * u), y, int(90 * u), int(9 * u)),
            int(7.2 * u),
            th.call_text,
            bold=True,
            align="center",
            where="caller name",
            min_size=10,
        )
        y += int(9.5 * u)
        if waiting and number:
            p.text_line(number, (screen.centerx, y + int(2.5 * u)), int(5 * u), th.call_muted, anchor="center")
            y += int(6 * u)
        if view.dialling:
            sub = app.t("calling")
        elif view.ringing:
            sub = app.t("video_call") if video else app.t("incoming_call")
        else:
            sub = _clock(view.elapsed)
        timer = p.text_line(sub, (screen.centerx, y + int(2.5 * u)), int(5 * u), th.call_muted, anchor="center")
        y = timer.bottom + int(3 * u)
        cap_top = screen.y + int(screen.height * 0.42)
    # The time separator and the stage direction: narration on the call screen, not captions.
    y = _narration_top(app, p, view, screen, y, foot if waiting else max(cap_top, foot - int(30 * u)), dark=True)
    if waiting:
        p.surface.set_clip(clip)
        return pygame.Rect(0, 0, 0, 0)
    # Captions of what has been said so far; the oldest lines give way when they no longer fit.
    cap = pygame.Rect(screen.x + int(3 * u), max(cap_top, y), screen.width - int(6 * u), 0)
    cap.height = max(int(12 * u), foot - cap.y)
    cap = evidence.on_call(app, p, screen, cap, view.step, view.lang, video)  # evidence shown during the call (#15)
    draw_captions(app, p, view, cap, name)
    p.surface.set_clip(clip)
    return timer


def draw_captions(app, p: Painter, view: View, cap: pygame.Rect, name: str) -> None:
    th = app.theme
    u = cap.width / 94
    fs = int(5.6 * u * TEXT_SCALE[app.settings.text_size])
    low = max(10, int(fs * 0.62))
    label = f"{name}: " if name else ""
    said = view.chunks[: view.revealed]
    first = 0
    while (
        first < len(said) - 1
        and not p.fit(label + " ".join(said[first:]), cap.width - int(6 * u), cap.height - int(4 * u), fs, min_size=low).fits
    ):
        first += 1  # like a TV's captions, what was said first scrolls away
    shown = " ".join(said[first:])
    if not shown:
        return
    text = label + shown
    block = p.fit(text, cap.width - int(6 * u), cap.height - int(4 * u), fs, min_size=low)
    box_h = min(cap.height, block.height + int(5 * u))
    panel = pygame.Rect(cap.x, cap.bottom - box_h, cap.width, box_h)
    bg = pygame.Surface(panel.size, pygame.SRCALPHA)
    bg.fill((*th.caption_bg, 215))
    p.surface.blit(bg, panel.topleft)
    p.text_box(text, panel.inflate(-int(6 * u), -int(4 * u)), fs, th.caption_text, where=f"captions {view.step.id}", min_size=low)
    view.drawn.append(("caption", panel, text))


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 60:02d}:{s % 60:02d}"


def stamp_size(app, u: float) -> int:
    """Type size of a time stamp or separator: small, yet growing with the player's text size."""
    return int(3.8 * u * (1 + (TEXT_SCALE[app.settings.text_size] - 1) * 0.6))


def later_text(step: m.Step, lang: str) -> str:
    """The words of a time-jump separator, with the new time when the step has one: "Three days later · 09:00"."""
    if step.later is None:
        return ""
    words = step.later.get(lang)
    return f"{words} · {step.at}" if step.at else words


def _marks_colours(app, dark: bool) -> tuple:
    """(outline/pill, text on the screen, text on a pill) for narration on a dark call screen or a light app."""
    th = app.theme
    return (th.call_muted, th.call_text, th.call_bg) if dark else (th.screen_muted, th.screen_muted, th.screen)


def later_size(p: Painter, text: str, fs: int, max_w: int) -> tuple[int, int, int]:
    """(width, height, font size) of a separator pill: one line, shrunk to fit the width."""
    block = p.fit(text, max_w - fs, p.line_height(fs), fs, bold=True, min_size=max(10, int(fs * 0.7)), max_lines=1)
    w = max(p.text_width(line, block.size, True) for line in block.lines) + block.size
    return min(max_w, w), block.line_height + block.size // 2, block.size


def draw_later(app, p: Painter, view: View, text: str, centre: tuple[int, int], fs: int, max_w: int, dark: bool) -> pygame.Rect:
    """A time separator: a pill across the thread ("Ba ngày sau")."""
    w, h, size = later_size(p, text, fs, max_w)
    rect = pygame.Rect(0, 0, w, h)
    rect.center = centre
    fill, _, ink = _marks_colours(app, dark)
    p.rect(rect, fill, radius=h // 2)
    p.text_box(text, rect.inflate(-size // 2, 0), size, ink, bold=True, align="center", valign="middle", where="later", min_size=10)
    view.drawn.append(("later", rect, text))
    return rect


def scene_height(p: Painter, text: str, width: int, fs: int, max_h: int) -> int:
    pad = max(4, fs // 2)
    return p.fit(text, width - 2 * pad, max_h - 2 * pad, fs, min_size=max(10, int(fs * 0.75))).height + 2 * pad


def draw_scene(app, p: Painter, view: View, text: str, rect: pygame.Rect, fs: int, dark: bool) -> None:
    """A stage direction: a framed, centred note with no avatar and no speaker, never a bubble."""
    line, ink, _ = _marks_colours(app, dark)
    pad = max(4, fs // 2)
    # Its own ground, so it reads over a video call's picture too.
    p.rect(rect, app.theme.call_bg if dark else app.theme.screen, radius=pad)
    p.rect(rect, line, radius=pad, width=max(1, fs // 10))
    p.text_box(
        text,
        rect.inflate(-2 * pad, -2 * pad),
        fs,
        ink,
        align="center",
        valign="middle",
        where=f"scene {view.step.id}",
        min_size=max(10, int(fs * 0.75)),
    )
    view.drawn.append(("scene", rect, text))


def draw_ticks(p: Painter, right: int, bottom: int, size: int, colour) -> None:
    """Read ticks (✓✓) drawn as two check strokes, so no font needs the glyph."""
    w = max(2, size // 7)
    for dx in (int(size * 0.45), 0):
        x = right - size - dx
        pts = [(x, bottom - size // 2), (x + size // 3, bottom - size // 6), (x + size, bottom - size + size // 6)]
        pygame.draw.lines(p.surface, colour, False, pts, w)


def _tint(a, b, t: float) -> tuple[int, int, int]:
    return tuple(int(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def chat_items(view: View) -> tuple[list[tuple[str, str, str]], int]:
    """What the thread shows, oldest first, as (kind, sender name, text); and where this step's own items start.

    Kinds: later (separator), time (a time stamp), scene (stage direction), in (a message
    to the player), out (the player's sent message).
    """
    items: list[tuple[str, str, str]] = []
    shown_at = ""
    for step, choice in view.thread:
        items += _step_items(view, step, None, shown_at)
        shown_at = step.at or shown_at
        words = sent_message(step, choice, view.lang) if choice is not None else ""
        if words:
            items.append(("out", "", words))
    if view.previous_reply:
        items.append(("out", "", view.previous_reply))
    start = len(items)
    items += _step_items(view, view.step, view.revealed, shown_at)
    if view.reply_after:
        items.append(("out", "", view.reply_after))
    return items, start


def _step_items(view: View, step: m.Step, revealed: int | None, shown_at: str) -> list[tuple[str, str, str]]:
    """One step's part of the thread: its separator or new time, its stage direction, its messages."""
    lang = view.lang
    items: list[tuple[str, str, str]] = []
    if step.later is not None:
        items.append(("later", "", later_text(step, lang)))
    elif step.at and step.at != shown_at:
        items.append(("time", "", step.at))
    if step.scene is not None:
        items.append(("scene", "", step.scene.get(lang)))
    who = view.scenario.characters.get(step.speaker or "")
    senders = {b.speaker for b in step.messages} | {step.speaker}
    group = len(senders) > 1 or (who is not None and who.avatar == "group")
    said = [(b.speaker, b.text.get(lang)) for b in step.messages] + [(step.speaker, step.text.get(lang))]
    for sid, text in said if revealed is None else said[:revealed]:
        person = view.scenario.characters.get(sid or "") if group else None
        name = person.name.get(lang) if person is not None else ""
        items.append(("in", name, text))
    return items


def draw_chat(app, p: Painter, screen: pygame.Rect, view: View) -> pygame.Rect:
    """A messaging app: header, the thread from the bottom up, a typing indicator; returns its area.

    The thread is the earlier steps of the same chat, the player's sent replies (right,
    own colour, read ticks), then this step: its time separator, its stage direction and
    its messages.
    """
    th = app.theme
    u = screen.width / 100
    clip = p.surface.get_clip()
    p.surface.set_clip(screen)
    bar = status_bar(app, p, screen, view.clock_text, th.screen_text)
    who = speaker(view)
    header = pygame.Rect(screen.x, screen.y + bar, screen.width, int(screen.height * 0.1))
    pygame.draw.line(p.surface, th.screen_muted, header.bottomleft, header.bottomright, 1)
    d = int(header.height * 0.72)
    p.surface.blit(app.art.face(who, view.scenario, d), (header.x + int(4 * u), header.centery - d // 2))
    title = who.name.get(view.lang) if who else ""
    sub = who.number if who and who.number else ("SMS" if view.step.channel == "sms" else "")
    tx = header.x + int(6 * u) + d
    p.text_box(
        title,
        pygame.Rect(tx, header.y + int(header.height * 0.12), screen.right - tx - int(4 * u), int(header.height * 0.46)),
        int(5.4 * u),
        th.screen_text,
        bold=True,
        where="chat title",
        min_size=10,
        max_lines=1,
    )
    if sub:
        p.text_line(sub, (tx, header.y + int(header.height * 0.62)), int(4.2 * u), th.screen_muted)
    area = pygame.Rect(
        screen.x + int(3 * u), header.bottom + int(2 * u), screen.width - int(6 * u), screen.bottom - header.bottom - int(5 * u)
    )
    if view.step.image and view.revealed:
        # A picture sent in the chat (a "document", a payout screenshot) sits above the messages.
        pic = pygame.Rect(area.x, area.y, int(area.width * 0.8), int(area.height * 0.3))
        p.surface.blit(app.art.story_image(view.step.image, pic.size, fit="cover"), pic.topleft)
        area = pygame.Rect(area.x, pic.bottom + int(2 * u), area.width, area.bottom - pic.bottom - int(2 * u))
    if view.revealed >= len(view.chunks):  # the evidence sent with the message, under it (#15)
        area = evidence.at_bottom(app, p, area, view.step, view.lang, width=0.88, keep="".join(view.chunks[-1:]))
    items, start = chat_items(view)
    fs = int(5.0 * u * TEXT_SCALE[app.settings.text_size])
    max_w = int(area.width * 0.8)
    pad = int(3 * u)
    gap = int(2.5 * u)
    tick = max(8, int(3.4 * u))  # the read ticks' size; a sent bubble keeps a line for them
    y = area.bottom
    if view.typing:
        tb = pygame.Rect(area.x, y - int(10 * u), int(22 * u), int(10 * u))
        p.rect(tb, th.bubble_in, radius=int(4 * u))
        for i in range(3):
            lift = int(1.5 * u) if (view.tick // 3) % 3 == i and not app.settings.reduced_motion else 0
            p.circle((tb.x + int(6 * u) + i * int(5 * u), tb.centery - lift), int(1.6 * u), th.screen_muted)
        y = tb.y - gap

    def height(kind: str, name: str, text: str, size: int) -> int:
        if kind in ("later", "time"):
            return later_size(p, text, stamp_size(app, u), area.width)[1]
        if kind == "scene":
            return scene_height(p, text, int(area.width * 0.92), max(10, int(size * 0.88)), area.height)
        block = p.fit(text, max_w - 2 * pad, area.height, size, min_size=max(10, int(size * 0.7)))
        return block.height + 2 * pad + (int(4.6 * u) if name else 0) + (tick if kind == "out" else 0)

    # This step's messages are the point of the screen (a group chat's everyone "earning"):
    # when the chosen text size would push them off the top, shrink the type, never below
    # the normal size, before letting the oldest scroll away. The history scrolls first.
    floor = min(fs, int(4.6 * u))
    while fs > floor:
        need = sum(height(k, n, t, fs) + gap for k, n, t in items[start:])
        if need <= y - area.y:
            break
        fs = max(floor, int(fs * 0.92))
    last = len(items) - 1
    p.surface.set_clip(area.clip(screen))  # older items slide away under the header, cut as on a phone
    for i in range(last, -1, -1):
        kind, name, text = items[i]
        h = height(kind, name, text, fs)
        cut = y - h < area.y and i != last  # only partly in view
        if cut and (kind in ("later", "time") or y - area.y < int(4 * u)):
            break  # older items have scrolled away
        # The newest item always starts in view, however tall (its text then shrinks to fit).
        top, tall = (y - h, h) if i != last else (max(area.y, y - h), min(h, area.height))
        if kind in ("later", "time"):
            if kind == "time":
                rect = p.text_line(text, (area.centerx, y - h // 2), stamp_size(app, u), th.screen_muted, anchor="center")
                view.drawn.append(("time", rect, text))
            else:
                rect = draw_later(app, p, view, text, (area.centerx, y - h // 2), stamp_size(app, u), area.width, dark=False)
            y = y - h - gap
            continue
        if kind == "scene":
            sw = int(area.width * 0.92)
            rect = pygame.Rect(area.centerx - sw // 2, top, sw, tall)
            draw_scene(app, p, view, text, rect, max(10, int(fs * 0.88)), dark=False)
            y = rect.y - gap
            if cut:
                break
            continue
        out = kind == "out"
        block = p.fit(text, max_w - 2 * pad, area.height, fs, min_size=max(10, int(fs * 0.7)))
        name_h = int(4.6 * u) if name else 0
        widths = [p.text_width(line, block.size) for line in block.lines] + [p.text_width(name, int(3.8 * u), True)]
        # A little slack: a line measured whole can be a pixel or two narrower than its words
        # measured one by one as wrapping does, and must not wrap again (and shrink) in its box.
        w = min(max_w, max(widths + [int(tick * 2.2)]) + 2 * pad + max(2, int(u)))
        rect = pygame.Rect(area.right - w if out else area.x, top, w, tall)
        fill, ink = (th.bubble_out, th.bubble_out_text) if out else (th.bubble_in, th.bubble_in_text)
        p.rect(rect, fill, radius=int(4 * u))
        if th.name == "high-contrast":
            p.rect(rect, ink, radius=int(4 * u), width=2)
        if name:
            p.text_line(name, (rect.x + pad, rect.y + pad // 2), int(3.8 * u), th.screen_muted if not out else ink, bold=True)
        p.text_box(
            text,
            pygame.Rect(rect.x + pad, rect.y + pad + name_h, rect.width - 2 * pad, rect.height - 2 * pad - name_h - (tick if out else 0)),
            block.size,
            ink,
            where=f"bubble {view.step.id}",
            min_size=max(10, int(fs * 0.7)),
        )
        if out:
            # Read: the other side has seen it (and answers below).
            draw_ticks(p, rect.right - pad // 2, rect.bottom - pad // 2, tick, _tint(ink, fill, 0.25))
        view.drawn.append(("sent" if out else "received", rect, text))
        y = rect.y - gap
        if cut:
            break
    p.surface.set_clip(clip)
    return area


def draw_post(app, p: Painter, screen: pygame.Rect, view: View) -> None:
    """Social post or email: a card with the sender, then the text."""
    th = app.theme
    u = screen.width / 100
    clip = p.surface.get_clip()
    p.surface.set_clip(screen)
    bar = status_bar(app, p, screen, view.clock_text, th.screen_text)
    who = speaker(view)
    name = who.name.get(view.lang) if who else ""
    top = _narration_top(app, p, view, screen, screen.y + bar + int(2 * u), screen.y + int(screen.height * 0.4), dark=False)
    card = pygame.Rect(screen.x + int(4 * u), top + int(1 * u), screen.width - int(8 * u), screen.bottom - top - int(6 * u))
    d = int(13 * u)
    p.surface.blit(app.art.face(who, view.scenario, d), (card.x, card.y))
    p.text_box(
        name,
        pygame.Rect(card.x + d + int(3 * u), card.y, card.width - d - int(3 * u), int(6.5 * u)),
        int(5.2 * u),
        th.screen_text,
        bold=True,
        where="post name",
        min_size=10,
        max_lines=1,
    )
    sub = (who.number if who and who.number else "") if view.step.channel == "email" else (view.step.at or "")
    if view.step.channel == "email":
        sub = f"<{sub}>" if sub else "Email"
    p.text_line(sub, (card.x + d + int(3 * u), card.y + int(7 * u)), int(4 * u), th.screen_muted)
    y = card.y + d + int(4 * u)
    pygame.draw.line(p.surface, th.screen_muted, (card.x, y - int(2 * u)), (card.right, y - int(2 * u)), 1)
    body_h = card.bottom - y - int(12 * u)
    img_h = 0
    if view.step.image:
        img_h = int(body_h * 0.38)
        p.surface.blit(app.art.story_image(view.step.image, (card.width, img_h)), (card.x, card.bottom - int(10 * u) - img_h))
    # Top down: the post's words, its picture or evidence, then the comments under it.
    body = pygame.Rect(card.x, y, card.width, body_h - img_h - int(2 * u))
    if view.step.channel == "social" and view.step.messages:
        body = draw_comments(app, p, view, body, u)
    body = evidence.at_bottom(app, p, body, view.step, view.lang)
    p.text_box(
        view.step.text.get(view.lang),
        body,
        int(5.2 * u * TEXT_SCALE[app.settings.text_size]),
        th.screen_text,
        where=f"post {view.step.id}",
        min_size=10,
    )
    if view.step.channel == "social":
        row = card.bottom - int(7 * u)
        for i, icon in enumerate(("heart", "message", "handoff")):
            p.surface.blit(app.art.icon(icon, int(6 * u), th.screen_muted), (card.x + i * int(22 * u), row))
    p.surface.set_clip(clip)


def draw_comments(app, p: Painter, view: View, body: pygame.Rect, u: float) -> pygame.Rect:
    """A post's comments (its `messages`), at the foot of its body: who wrote them and what.

    They get at most a third of the body, newest at the bottom; returns the room left for the post's text.
    """
    th = app.theme
    fs = int(4.4 * u * TEXT_SCALE[app.settings.text_size])
    low = max(10, int(fs * 0.7))
    pad = int(2 * u)
    room = body.height // 3
    bottom = body.bottom
    for bubble in reversed(view.step.messages):
        who = view.scenario.characters.get(bubble.speaker)
        text = f"{who.name.get(view.lang)}: {bubble.text.get(view.lang)}" if who is not None else bubble.text.get(view.lang)
        block = p.fit(text, body.width - 2 * pad, room, fs, min_size=low)
        h = block.height + 2 * pad
        if h > room:
            break  # older comments give way, as on a real feed
        box = pygame.Rect(body.x, bottom - h, body.width, h)
        p.rect(box, th.bubble_in, radius=pad)
        p.text_box(text, box.inflate(-2 * pad, -2 * pad), fs, th.screen_text, where=f"comment {view.step.id}", min_size=low)
        view.drawn.append(("comment", box, text))
        bottom = box.y - pad
        room -= h + pad
    return pygame.Rect(body.x, body.y, body.width, max(0, bottom - body.y - pad))


def draw_narration(app, p: Painter, screen: pygame.Rect, view: View) -> None:
    """A narration step: words of the story, centred, with no avatar and no speaker's name."""
    th = app.theme
    u = screen.width / 100
    p.rect(screen, th.call_bg, radius=int(screen.width * 0.1))
    inner = screen.inflate(-int(12 * u), -int(20 * u))
    top = _narration_top(app, p, view, screen, inner.y, inner.y + inner.height // 3, dark=True)
    inner = pygame.Rect(inner.x, top, inner.width, inner.bottom - top)
    if view.step.image:
        h = int(inner.height * 0.35)
        p.surface.blit(app.art.story_image(view.step.image, (inner.width, h)), inner.topleft)
        inner = pygame.Rect(inner.x, inner.y + h + int(4 * u), inner.width, inner.height - h - int(4 * u))
    inner = evidence.in_scene(app, p, inner, view.step, view.lang)  # evidence the scene shows (#15)
    p.text_box(
        view.step.text.get(view.lang),
        inner,
        int(6 * u * TEXT_SCALE[app.settings.text_size]),
        th.call_text,
        align="center",
        valign="middle",
        where=f"narration {view.step.id}",
        min_size=10,
    )


def draw_step(app, p: Painter, screen: pygame.Rect, view: View) -> tuple[pygame.Rect, pygame.Rect]:
    """Draw one step on the phone's screen by its channel; return (call timer, animated area)."""
    step = view.step
    timer = anim = pygame.Rect(0, 0, 0, 0)
    # Tells in the message's own words are marked where the text boxes draw them (#15).
    p.quotes = [(t.quote.get(view.lang), t.why.get(view.lang)) for t in step.tells]
    try:
        timer, anim = _draw_channel(app, p, screen, view)
    finally:
        p.quotes = []
    return timer, anim


def _draw_channel(app, p: Painter, screen: pygame.Rect, view: View) -> tuple[pygame.Rect, pygame.Rect]:
    step = view.step
    timer = anim = pygame.Rect(0, 0, 0, 0)
    if step.channel in ("call", "video_call"):
        timer = draw_call(app, p, screen, view, video=step.channel == "video_call")
        if view.ringing:
            anim = screen
    elif step.channel in ("chat", "sms"):
        area = draw_chat(app, p, screen, view)
        if view.typing:
            anim = area
    elif step.channel in ("social", "email"):
        draw_post(app, p, screen, view)
    else:
        draw_narration(app, p, screen, view)
    return timer, anim


def snapshot(app, scenario: m.Scenario, step: m.Step, lang: str, size: tuple[int, int], reply: str = "") -> tuple[pygame.Surface, list]:
    """The phone's screen at one step, everything revealed, as the player saw it; and the tells drawn on it.

    The debrief shows it as "what you saw" and "Show me" highlights the returned marks
    (rectangles in the snapshot's own coordinates).
    """
    surface = pygame.Surface(size)
    surface.fill(app.theme.screen)
    p = app.painter(surface)
    chunks = (
        sentences(step.text.get(lang))
        if step.channel in ("call", "video_call")
        else (
            [b.text.get(lang) for b in step.messages] + [step.text.get(lang)] if step.channel in ("chat", "sms") else [step.text.get(lang)]
        )
    )
    view = View(scenario, step, lang, len(chunks), chunks, 0.0, False, 0, previous_reply=reply)
    draw_step(app, p, surface.get_rect(), view)
    return surface, list(p.marks)


OUTCOME_ICON = {"safe": "shield", "rescued": "heart", "harmed": "warning"}


def draw_ending(app, p: Painter, screen: pygame.Rect, ending: m.Ending, lang: str) -> None:
    th = app.theme
    u = screen.width / 100
    p.rect(screen, th.call_bg, radius=int(screen.width * 0.1))
    colour = th.safety["safe" if ending.outcome == "safe" else "risky" if ending.outcome == "rescued" else "unsafe"]
    d = int(24 * u)
    p.circle((screen.centerx, screen.y + int(18 * u)), d // 2 + int(2 * u), colour)
    if ending.image:
        pic = app.art.story_image(ending.image, (d, d), fit="cover")
        p.surface.blit(pic, (screen.centerx - d // 2, screen.y + int(18 * u) - d // 2))
    else:
        p.surface.blit(
            app.art.icon(OUTCOME_ICON[ending.outcome], d, th.safety_text), (screen.centerx - d // 2, screen.y + int(18 * u) - d // 2)
        )
    y = screen.y + int(34 * u)
    p.text_box(
        app.t("outcome_" + ending.outcome),
        pygame.Rect(screen.x + int(6 * u), y, screen.width - int(12 * u), int(8 * u)),
        int(4.6 * u),
        th.call_muted,
        align="center",
        where="ending outcome",
        min_size=10,
    )
    y += int(9 * u)
    p.text_box(
        ending.title.get(lang),
        pygame.Rect(screen.x + int(6 * u), y, screen.width - int(12 * u), int(16 * u)),
        int(7 * u),
        th.call_text,
        bold=True,
        align="center",
        where="ending title",
        min_size=10,
    )
    y += int(17 * u)
    p.text_box(
        ending.text.get(lang),
        pygame.Rect(screen.x + int(6 * u), y, screen.width - int(12 * u), screen.bottom - y - int(6 * u)),
        int(5.2 * u * TEXT_SCALE[app.settings.text_size]),
        th.call_text,
        align="center",
        where=f"ending {ending.id}",
        min_size=10,
    )
