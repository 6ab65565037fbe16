"""The phone drawn on screen, and what each channel looks like on it.

Each `draw_*` function paints one channel's screen inside the phone from a `View`
(what has been revealed so far); none of them decides anything about the story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    previous_reply: str = ""  # the player's last reply, shown as an outgoing bubble
    ringing: bool = False


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


def draw_call(app, p: Painter, screen: pygame.Rect, view: View, video: bool = False) -> pygame.Rect:
    """Incoming call or call in progress, with captions; returns the timer rectangle."""
    th = app.theme
    u = screen.width / 100
    who = speaker(view)
    name = who.name.get(view.lang) if who else ""
    number = who.number if who else ""
    clip = p.surface.get_clip()
    p.surface.set_clip(screen)
    if video and not view.ringing:
        p.surface.blit(app.art.video_of(who, view.scenario, screen.size), screen.topleft)
        top = pygame.Rect(screen.x, screen.y, screen.width, int(screen.height * 0.16))
        shade = pygame.Surface(top.size, pygame.SRCALPHA)
        shade.fill((0, 0, 0, 150))
        p.surface.blit(shade, top.topleft)
        status_bar(app, p, screen, view.step.at, (255, 255, 255))
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
    else:
        p.rect(screen, th.call_bg, radius=int(screen.width * 0.1))
        status_bar(app, p, screen, view.step.at, th.call_text)
        ring = view.ringing
        d = int(screen.width * (0.46 if ring else 0.3))
        cy = screen.y + int(screen.height * (0.25 if ring else 0.17))
        if ring and not app.settings.reduced_motion:
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
        sub = (app.t("video_call") if video else app.t("incoming_call")) if ring else _clock(view.elapsed)
        if ring and number:
            p.text_line(number, (screen.centerx, y + int(2.5 * u)), int(5 * u), th.call_muted, anchor="center")
            y += int(6 * u)
        timer = p.text_line(sub, (screen.centerx, y + int(2.5 * u)), int(5 * u), th.call_muted, anchor="center")
    if view.ringing:
        p.surface.set_clip(clip)
        return pygame.Rect(0, 0, 0, 0)
    # Captions of what has been said so far.
    cap = pygame.Rect(screen.x + int(4 * u), screen.y + int(screen.height * 0.42), screen.width - int(8 * u), int(screen.height * 0.55))
    if video:
        cap = pygame.Rect(screen.x + int(3 * u), screen.y + int(screen.height * 0.5), screen.width - int(6 * u), int(screen.height * 0.47))
    cap = evidence.on_call(app, p, screen, cap, view.step, view.lang, video)  # evidence shown during the call (#15)
    shown = " ".join(view.chunks[: view.revealed])
    if shown:
        label = f"{name}: " if name else ""
        fs = int(5.6 * u * TEXT_SCALE[app.settings.text_size])
        block = p.fit(label + shown, cap.width - int(6 * u), cap.height - int(4 * u), fs, min_size=max(10, int(fs * 0.62)))
        box_h = block.height + int(5 * u)
        panel = pygame.Rect(cap.x, cap.bottom - box_h, cap.width, box_h)
        bg = pygame.Surface(panel.size, pygame.SRCALPHA)
        bg.fill((*th.caption_bg, 215))
        p.surface.blit(bg, panel.topleft)
        p.text_box(
            label + shown,
            panel.inflate(-int(6 * u), -int(4 * u)),
            fs,
            th.caption_text,
            where=f"captions {view.step.id}",
            min_size=max(10, int(fs * 0.62)),
        )
    p.surface.set_clip(clip)
    return timer


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 60:02d}:{s % 60:02d}"


def draw_chat(app, p: Painter, screen: pygame.Rect, view: View) -> pygame.Rect:
    """A messaging app: header, bubbles from the bottom up, a typing indicator; returns its area."""
    th = app.theme
    u = screen.width / 100
    clip = p.surface.get_clip()
    p.surface.set_clip(screen)
    bar = status_bar(app, p, screen, view.step.at, th.screen_text)
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
    # Bubbles: (sender name or "", text, outgoing)
    bubbles: list[tuple[str, str, bool]] = []
    if view.previous_reply:
        bubbles.append(("", view.previous_reply, True))
    senders = {b.speaker for b in view.step.messages} | {view.step.speaker}
    group = len(senders) > 1 or (who is not None and who.avatar == "group")
    items = [(b.speaker, b.text.get(view.lang)) for b in view.step.messages] + [(view.step.speaker, view.step.text.get(view.lang))]
    for sid, text in items[: view.revealed]:
        name = view.scenario.characters[sid].name.get(view.lang) if group and sid is not None and sid in view.scenario.characters else ""
        bubbles.append((name, text, False))
    fs = int(5.0 * u * TEXT_SCALE[app.settings.text_size])
    max_w = int(area.width * 0.8)
    pad = int(3 * u)
    y = area.bottom
    if view.typing:
        tb = pygame.Rect(area.x, y - int(10 * u), int(22 * u), int(10 * u))
        p.rect(tb, th.bubble_in, radius=int(4 * u))
        for i in range(3):
            lift = int(1.5 * u) if (view.tick // 3) % 3 == i and not app.settings.reduced_motion else 0
            p.circle((tb.x + int(6 * u) + i * int(5 * u), tb.centery - lift), int(1.6 * u), th.screen_muted)
        y = tb.y - int(2.5 * u)
    # A group chat is the point of its step (everyone "earning"): when the chosen text size
    # would push messages of this step off the top, shrink the bubbles, never below the
    # normal size, before letting the oldest scroll away.
    floor = min(fs, int(4.6 * u))
    shown = bubbles[1:] if view.previous_reply else bubbles
    while fs > floor:
        need = sum(
            p.fit(t, max_w - 2 * pad, area.height, fs, min_size=fs).height + 2 * pad + (int(4.6 * u) if n else 0) + int(2.5 * u)
            for n, t, _ in shown
        )
        if need <= y - area.y:
            break
        fs = max(floor, int(fs * 0.92))
    last = len(bubbles) - 1
    for i in range(last, -1, -1):
        name, text, out = bubbles[i]
        block = p.fit(text, max_w - 2 * pad, area.height, fs, min_size=max(10, int(fs * 0.7)))
        name_h = int(4.6 * u) if name else 0
        w = min(max_w, max([p.text_width(line, block.size) for line in block.lines] + [p.text_width(name, int(3.8 * u), True)]) + 2 * pad)
        h = block.height + name_h + 2 * pad
        if y - h < area.y and i != last:
            break  # older messages have scrolled away
        rect = pygame.Rect(area.right - w if out else area.x, max(area.y, y - h), w, min(h, area.height))
        p.rect(rect, th.bubble_out if out else th.bubble_in, radius=int(4 * u))
        if th.name == "high-contrast":
            p.rect(rect, th.bubble_out_text if out else th.bubble_in_text, radius=int(4 * u), width=2)
        if name:
            p.text_line(
                name, (rect.x + pad, rect.y + pad // 2), int(3.8 * u), th.screen_muted if not out else th.bubble_out_text, bold=True
            )
        p.text_box(
            text,
            pygame.Rect(rect.x + pad, rect.y + pad + name_h, rect.width - 2 * pad, rect.height - 2 * pad - name_h),
            block.size,
            th.bubble_out_text if out else th.bubble_in_text,
            where=f"bubble {view.step.id}",
            min_size=max(10, int(fs * 0.7)),
        )
        y = rect.y - int(2.5 * u)
    if view.step.at and y > area.y + int(6 * u):
        p.text_line(view.step.at, (area.centerx, y - int(3 * u)), int(3.8 * u), th.screen_muted, anchor="center")
    p.surface.set_clip(clip)
    return area


def draw_post(app, p: Painter, screen: pygame.Rect, view: View) -> None:
    """Social post or email: a card with the sender, then the text."""
    th = app.theme
    u = screen.width / 100
    clip = p.surface.get_clip()
    p.surface.set_clip(screen)
    bar = status_bar(app, p, screen, view.step.at, th.screen_text)
    who = speaker(view)
    name = who.name.get(view.lang) if who else ""
    card = pygame.Rect(screen.x + int(4 * u), screen.y + bar + int(3 * u), screen.width - int(8 * u), screen.height - bar - int(8 * u))
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
    p.text_box(
        view.step.text.get(view.lang),
        evidence.at_bottom(app, p, pygame.Rect(card.x, y, card.width, body_h - img_h - int(2 * u)), view.step, view.lang),
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


def draw_narration(app, p: Painter, screen: pygame.Rect, view: View) -> None:
    th = app.theme
    u = screen.width / 100
    p.rect(screen, th.call_bg, radius=int(screen.width * 0.1))
    inner = screen.inflate(-int(12 * u), -int(20 * u))
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
