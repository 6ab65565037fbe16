"""The play screen: the phone on one side, the player's choices on the other.

Each step goes through phases: an incoming call rings until accepted (or declined),
a call the player makes dials until it connects; what is said appears line by line
(captions) or bubble by bubble (chats); then the choices show. A tap on the phone or
Space shows everything at once. After the last choice the phone shows the ending and a
button leads to the debrief.

On a call, the round red button plays the step's `hang_up` reply: it is the same reply
as in the list (keyboard and screen-reader users choose it there) and is recorded the
same way. A chat keeps its thread: the earlier messages and the player's sent replies
stay above the new message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from ...core import model as m
from ...core.strings import labelled
from ..painter import Painter
from ..scene import Button, Scene
from .common import SAFETY_ICON, button, landscape, min_target, row_type_size
from .phone import View, call_buttons, draw_ending, draw_step, phone_frame, sent_message, sentences

if TYPE_CHECKING:
    from ...session import Session  # imported by the play station when a play starts
    from ..app import App

TENSE = {"fear_threat", "staged_kidnapping", "isolation", "complicity_trap"}  # a quiet tension cue plays
CAPTION_SECONDS = 1.7  # per caption line when there is no voice clip
BUBBLE_SECONDS = 1.2
SENT_SECONDS = 1.2  # a sent message stays in view this long when the story moves to another chat or call
DIAL_SECONDS = 2.5  # an outgoing call rings at the other end this long before it connects
THREAD_STEPS = 8  # earlier steps of a chat kept as its history (older ones have scrolled away anyway)
TYPING_FPS = 6


class PlayScene(Scene):
    PHONE_BUTTONS = True  # round Accept / Decline / End call buttons on a call's screen

    def __init__(self, app: App, session: Session) -> None:
        super().__init__(app)
        self.session = session
        self.phase = "revealing"  # ringing | dialling | revealing | choosing | ending
        self.rang = False  # the current call rang or dialled first
        self.chunks: list[str] = []
        self.revealed = 0
        self.next_reveal = 0.0
        self.call_started = app.clock()
        self.previous_reply = ""
        self.last_step: m.Step | None = None
        self.last_made: tuple[m.Choice, m.Step | None] | None = None
        self.thread: list[tuple[m.Step, m.Choice | None]] = []  # this chat's earlier steps and the replies to them
        self.connect_at = 0.0  # when a dialling call connects
        self.view: View | None = None  # what the phone last drew (tests look at view.drawn)
        # The chat step just answered, kept on screen a moment to show the player's sent
        # message when the story then goes elsewhere (phase "revealing" meanwhile: a tap or
        # Space skips it, as it skips any reveal).
        self.sending: tuple[m.Step, str] | None = None
        self.interval = CAPTION_SECONDS
        self.tick = 0
        self.next_tick = 0.0
        self.shown_second = -1
        self.timer_rect = pygame.Rect(0, 0, 0, 0)
        self.anim_rect = pygame.Rect(0, 0, 0, 0)
        self.phone_rect = pygame.Rect(0, 0, 0, 0)
        self.begin_step()

    # -- state -------------------------------------------------------------------------

    @property
    def lang(self) -> str:
        return self.session.lang

    @property
    def step(self) -> m.Step | None:
        return self.session.play.step

    @property
    def animating(self) -> bool:
        return self.phase in ("ringing", "revealing")

    def begin_step(self) -> None:
        step = self.step
        now = self.app.clock()
        if step is None:
            self.phase = "ending"
            self._sound_stop()
            if self.last_step is not None and self.last_step.channel in ("call", "video_call"):
                self._sound("hangup")
            if self.app.settings.read_aloud:
                self.read_aloud()
            return
        prev = self.last_step
        made = self.last_made[0] if self.last_made is not None and self.last_made[1] is prev else None
        hung_up = made is not None and made.hang_up
        # The same call (or chat) goes on when the same person is on the same channel, unless
        # the player hung up: then a new call from them rings again.
        same_call = prev is not None and prev.channel == step.channel and prev.speaker == step.speaker and not hung_up
        self.thread_on(prev, made, same_call and step.channel in ("chat", "sms"))
        if step.channel in ("call", "video_call"):
            self.chunks = sentences(step.text.get(self.lang))
        elif step.channel in ("chat", "sms"):
            self.chunks = [b.text.get(self.lang) for b in step.messages] + [step.text.get(self.lang)]
        else:
            self.chunks = [step.text.get(self.lang)]
        self.previous_reply = ""  # the thread carries the player's sent replies
        self.revealed = 0
        if step.tactic in TENSE:
            self._sound("tension")
        # A new call rings (or dials) first, and its stage direction is read then; once
        # answered, the screen gives that room to the captions and the evidence.
        self.rang = step.channel in ("call", "video_call") and not same_call
        if step.channel in ("call", "video_call") and not same_call and step.outgoing:
            self.phase = "dialling"
            self.connect_at = now + DIAL_SECONDS
        elif step.channel in ("call", "video_call") and not same_call:
            self.phase = "ringing"
            self._sound("ringtone", loop=True)
        else:
            self.start_revealing(now)
        self.session.play.mark_shown()

    def thread_on(self, prev: m.Step | None, made: m.Choice | None, same_chat: bool) -> None:
        """Keep the chat's history when the story stays in the same chat (a time jump included,
        drawn as its separator), else start a new one."""
        if same_chat and prev is not None:
            self.thread = [*self.thread, (prev, made)][-THREAD_STEPS:]
        else:
            self.thread = []

    def just_sent(self) -> bool:
        """The chat's last bubble is the player's: their reply to the step before was speech."""
        if not self.thread:
            return False
        step, choice = self.thread[-1]
        return choice is not None and bool(sent_message(step, choice, self.lang))

    def hang_up_choice(self) -> m.Choice | None:
        """The reply the red phone button plays on this call, if the story gives one now."""
        step = self.step
        if step is None or step.channel not in ("call", "video_call") or self.phase == "ending":
            return None
        return next((c for c in self.session.shown_choices() if c.hang_up), None)

    def start_revealing(self, now: float) -> None:
        step = self.step
        assert step is not None
        self.phase = "revealing"
        if step.channel in ("call", "video_call"):
            if self.shown_second < 0 or self.last_step is None or self.last_step.speaker != step.speaker:
                self.call_started = now
            spoken = self.read_aloud() if self.app.settings.read_aloud else self._speak(step.text.get(self.lang))
            self.interval = (spoken / len(self.chunks)) if spoken else CAPTION_SECONDS
            self.revealed = 1
        else:
            spoken = self.read_aloud() if self.app.settings.read_aloud else 0.0
            # Read aloud, the messages appear as they are read; else one every BUBBLE_SECONDS.
            self.interval = (spoken / len(self.chunks)) if spoken else BUBBLE_SECONDS
            if step.channel in ("chat", "sms"):
                self._sound("message")
            # After the player's sent message, the other side is seen typing before answering.
            self.revealed = 0 if step.channel in ("chat", "sms") and self.just_sent() else 1
        self.next_reveal = now + self.interval
        if self.app.settings.reduced_motion or self.revealed >= len(self.chunks):
            self.reveal_all()

    def reveal_all(self) -> None:
        if self.sending is not None:
            self.sent_done()
            return
        self.revealed = len(self.chunks)
        self.phase = "choosing"
        self.session.play.mark_shown()  # time to decide counts from when the choices appear

    # -- sound -------------------------------------------------------------------------

    def _sound(self, name: str, loop: bool = False) -> None:
        audio = self.app.audio
        if audio is not None:
            try:
                audio.play(name, loop=loop)
            except Exception:  # noqa: BLE001 - sound is never worth a crash
                pass

    def _sound_stop(self) -> None:
        if self.app.audio is not None:
            try:
                self.app.audio.stop()
            except Exception:  # noqa: BLE001
                pass

    def _speak(self, text: str) -> float:
        audio = self.app.audio
        if audio is None:
            return 0.0
        try:
            return float(audio.speak(text, self.lang) or 0.0)
        except Exception:  # noqa: BLE001
            return 0.0

    def read_aloud(self) -> float:
        """Read this screen aloud (the read-aloud setting): the step's texts then its choices, or the ending.

        Returns the seconds of the step's own texts (0 when none has a clip), which pace
        the captions; the choices are read after them.
        """
        audio = self.app.audio
        if audio is None:
            return 0.0
        from ...core import voices

        step, lang = self.step, self.lang
        try:
            if step is None:
                ending = self.session.play.ending
                return float(audio.say(voices.ending_texts(ending, lang), lang) or 0.0) if ending is not None else 0.0
            choices = voices.choice_texts(self.session.shown_choices(), lang)
            return float(audio.say(voices.step_texts(step, lang), lang, then=choices) or 0.0)
        except Exception:  # noqa: BLE001 - sound is never worth a crash
            return 0.0

    # -- time ----------------------------------------------------------------------------

    def update(self, now: float):
        if self.sending is not None:
            if now < self.next_reveal:
                return None
            self.sent_done()
            return True
        changed = False
        if self.phase == "revealing" and now >= self.next_reveal:
            # However long the frame was, show every line whose time has come.
            while self.phase == "revealing" and now >= self.next_reveal:
                self.revealed += 1
                if self.revealed >= len(self.chunks):
                    self.reveal_all()
                else:
                    self.next_reveal += self.interval
            if self.step is not None and self.step.channel in ("chat", "sms"):
                self._sound("message")
            changed = True
        if self.animating and now >= self.next_tick and not self.app.settings.reduced_motion:
            self.tick += 1
            self.next_tick = now + 1 / TYPING_FPS
            if not changed:
                return [self.anim_rect] if self.anim_rect.width else None
        if self.phase == "dialling" and now >= self.connect_at:
            self.accept_call()  # the other side picks up
            return True
        step = self.step
        if step is not None and step.channel in ("call", "video_call") and self.phase not in ("ringing", "dialling"):
            second = int(now - self.call_started)
            if second != self.shown_second:
                self.shown_second = second
                if not changed and self.timer_rect.width:
                    return [self.timer_rect.inflate(self.timer_rect.width, 8)]
        return True if changed else None

    # -- input ---------------------------------------------------------------------------

    def key(self, event) -> bool:
        if event.key == pygame.K_SPACE and self.phase == "revealing":
            self.reveal_all()
            return True
        if (
            event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)
            and self.phase in ("ringing", "dialling")
            and self.app.focused() is None
        ):
            self.accept_call()  # answer, or (dialling) skip the wait for the other side
            return True
        return False

    def accept_call(self) -> None:
        self._sound_stop()
        self._sound("connect")
        self.start_revealing(self.app.clock())

    def activate(self, b: Button) -> None:
        if b.id == "accept" and self.phase == "ringing":
            self.accept_call()
        elif b.id == "phone" and self.phase == "dialling":
            self.accept_call()
        elif b.id == "phone" and self.phase == "revealing":
            self.reveal_all()
        elif b.id in ("decline", "end_call") and isinstance(b.payload, m.Choice):
            self.hang_up(b.payload)
        elif b.kind == "choice" and self.phase == "choosing" and isinstance(b.payload, m.Choice):
            self.choose(b.payload)
        elif b.id == "debrief":
            self.finish()

    def choose(self, choice: m.Choice) -> None:
        """Play a reply: from the list, or (a `hang_up` reply) from the red phone button."""
        step = self.step
        self.last_step = step
        self.last_made = (choice, step)
        self.session.choose(choice)
        words = sent_message(step, choice, self.lang) if step is not None else ""
        nxt = self.step
        if words and step is not None and not (nxt is not None and nxt.channel == step.channel and nxt.speaker == step.speaker):
            # The next step is elsewhere: first let the player see their message go.
            self.sending = (step, words)
            self.phase = "revealing"
            self.next_reveal = self.app.clock() + SENT_SECONDS
            self._sound("message")
            return
        self.begin_step()

    def sent_done(self) -> None:
        self.sending = None
        self.begin_step()

    def hang_up(self, choice: m.Choice) -> None:
        """The red button: decline the ringing call, or end the call, by playing its `hang_up` reply."""
        if choice is not self.hang_up_choice():
            return  # the button was drawn for a step that has gone
        self._sound_stop()
        self._sound("hangup")
        self.choose(choice)

    def relocalise(self, lang: str) -> None:
        """Switch the play in progress to another language the scenario has."""
        if self.sending is not None:
            self.sent_done()  # the message sent is in the old language: on to the next step
        if lang in self.session.scenario.languages and lang != self.session.lang:
            self.session.lang = lang
            step = self.step
            if step is not None:
                revealed, phase = self.revealed, self.phase
                if step.channel in ("call", "video_call"):
                    self.chunks = sentences(step.text.get(lang))
                elif step.channel in ("chat", "sms"):
                    self.chunks = [b.text.get(lang) for b in step.messages] + [step.text.get(lang)]
                else:
                    self.chunks = [step.text.get(lang)]
                self.revealed = min(len(self.chunks), revealed) if phase == "revealing" else len(self.chunks)

    def abandon(self) -> None:
        """The app is closing or resetting mid-play: record the play as abandoned."""
        self.session.close()

    def read_screen(self) -> None:
        if self.phase in ("revealing", "choosing", "ending"):
            self.read_aloud()

    # -- drawing -------------------------------------------------------------------------

    def layout(self) -> tuple[pygame.Rect, pygame.Rect]:
        w, h = self.app.size
        u = self.app.unit
        if landscape((w, h)):
            ph = int(h * 0.92)
            pw = min(int(ph * 0.54), int(w * 0.42))
            phone = pygame.Rect(int(w * 0.05), (h - ph) // 2, pw, ph)
            panel = pygame.Rect(phone.right + int(w * 0.04), int(h * 0.06), w - phone.right - int(w * 0.08), int(h * 0.88))
        else:
            pw = int(w * 0.8)
            ph = min(int(h * 0.6), int(pw * 1.9))
            phone = pygame.Rect((w - pw) // 2, int(u * 3), pw, ph)
            panel = pygame.Rect(int(w * 0.05), phone.bottom + int(u * 3), int(w * 0.9), h - phone.bottom - int(u * 6))
        return phone, panel

    def draw(self, p: Painter) -> None:
        app = self.app
        th = app.theme
        p.surface.fill(th.bg)
        phone, panel = self.layout()
        self.phone_rect = phone
        screen = phone_frame(app, p, phone)
        self.timer_rect = pygame.Rect(0, 0, 0, 0)
        self.anim_rect = pygame.Rect(0, 0, 0, 0)
        if self.phase == "ending":
            ending = self.session.play.ending
            assert ending is not None
            draw_ending(app, p, screen, ending, self.lang)
            self.draw_ending_panel(p, panel, ending)
            return
        step, sent = self.sending if self.sending is not None else (self.step, "")
        assert step is not None
        view = View(
            scenario=self.session.scenario,
            step=step,
            lang=self.lang,
            revealed=self.revealed,
            chunks=self.chunks,
            elapsed=max(0.0, app.clock() - self.call_started),
            typing=self.phase == "revealing" and step.channel in ("chat", "sms") and not sent,
            reply_after=sent,
            tick=self.tick,
            previous_reply=self.previous_reply,
            ringing=self.phase == "ringing",
            rang=self.rang,
            dialling=self.phase == "dialling",
            thread=tuple(self.thread),
            clock=self.session.play.phone_time,  # a step without `at` keeps the time before
            phone_buttons=self.PHONE_BUTTONS and (self.phase == "ringing" or self.hang_up_choice() is not None),
        )
        self.view = view
        self.timer_rect, self.anim_rect = draw_step(app, p, screen, view)
        # The phone itself is a (non-focusable) button: a tap shows everything at once; the
        # phone's own buttons are added after it, so they are found first under a tap.
        self.add(Button("phone", phone, "", "phone", focusable=False))
        self.draw_phone_buttons(p, screen)
        if self.phase == "ringing":
            self.draw_ringing_panel(p, panel, screen)
        elif self.phase == "dialling":
            self.draw_dialling_panel(p, panel)
        elif self.phase == "revealing":
            self.draw_waiting_panel(p, panel)
        else:
            self.draw_choices(p, panel)

    def _sound_caption(self, name: str) -> str:
        try:
            from ..audio import caption

            return caption(name, self.lang)
        except Exception:  # noqa: BLE001 - captions fall back to the UI words
            return ""

    def draw_phone_buttons(self, p: Painter, screen: pygame.Rect) -> None:
        """The round buttons on a call screen, as on a real phone: Decline and Accept while it
        rings, End call while dialling or talking. The red one exists only when the story has a
        `hang_up` reply to play: a button that cannot do what it shows is not drawn."""
        step = self.step
        if not self.PHONE_BUTTONS or self.sending is not None or step is None or step.channel not in ("call", "video_call"):
            return
        if self.phase == "ending":
            return
        cy, d = call_buttons(screen)
        d = max(min_target(self), d)
        hang = self.hang_up_choice()
        if self.phase == "ringing":
            if hang is not None:
                self.round_button(p, (screen.x + int(screen.width * 0.27), cy), d, "decline", self.app.t("decline"), hang)
            x = screen.x + int(screen.width * (0.73 if hang is not None else 0.5))
            self.round_button(p, (x, cy), d, "accept", self.app.t("accept"), None)
        elif hang is not None:
            self.round_button(p, (screen.centerx, cy), d, "end_call", self.app.t("end_call"), hang)

    def round_button(self, p: Painter, centre: tuple[int, int], d: int, bid: str, label: str, payload: m.Choice | None) -> None:
        app = self.app
        th = app.theme
        accept = bid == "accept"
        colour = th.accept if accept else th.decline
        p.circle(centre, d // 2, colour)
        if th.name == "high-contrast":
            p.circle(centre, d // 2, th.bg_text, width=max(2, int(app.unit * 0.3)))
        icon = int(d * 0.55)
        p.surface.blit(app.art.icon("phone" if accept else "phone_down", icon, th.bg_text), (centre[0] - icon // 2, centre[1] - icon // 2))
        fs = max(10, int(d * 0.24))
        p.text_box(
            label,
            pygame.Rect(centre[0] - d, centre[1] + d // 2 + 2, 2 * d, p.line_height(fs)),
            fs,
            th.call_text,
            bold=True,
            align="center",
            where=f"button {bid}",
            min_size=10,
            max_lines=1,
        )
        rect = pygame.Rect(0, 0, d, d)
        rect.center = centre
        self.add(Button(bid, rect, label, "accept" if accept else "decline", payload))

    def draw_ringing_panel(self, p: Painter, panel: pygame.Rect, screen: pygame.Rect) -> None:
        app = self.app
        u = app.unit
        cap = self._sound_caption("ringtone") or f"[{app.t('incoming_call')}]"
        p.text_box(cap, pygame.Rect(panel.x, panel.y, panel.width, int(u * 8)), app.font_size(3), app.theme.bg_muted, where="sound caption")
        prompt = app.t("answer_prompt_touch" if app.settings.mode == "kiosk" else "answer_prompt")
        if self.hang_up_choice() is not None:
            prompt += "\n" + app.t("decline_prompt")
        p.text_box(
            prompt,
            pygame.Rect(panel.x, panel.y + int(u * 9), panel.width, int(u * 22)),
            app.font_size(3.4),
            app.theme.bg_text,
            where="answer prompt",
        )

    def draw_dialling_panel(self, p: Painter, panel: pygame.Rect) -> None:
        app = self.app
        p.text_box(
            app.t("dialling_prompt") + "\n" + app.t("tap_to_show_all"),
            pygame.Rect(panel.x, panel.y, panel.width, int(app.unit * 22)),
            app.font_size(3.2),
            app.theme.bg_text,
            where="dialling prompt",
        )

    def draw_waiting_panel(self, p: Painter, panel: pygame.Rect) -> None:
        app = self.app
        step = self.step
        lines = []
        if step is not None and step.channel in ("chat", "sms"):
            lines.append(self._sound_caption("message") or "")
        lines.append(app.t("tap_to_show_all"))
        p.text_box(
            "\n".join(x for x in lines if x),
            pygame.Rect(panel.x, panel.y, panel.width, int(app.unit * 14)),
            app.font_size(2.8),
            app.theme.bg_muted,
            where="waiting",
        )

    def draw_choices(self, p: Painter, panel: pygame.Rect) -> None:
        app = self.app
        th = app.theme
        u = app.unit
        y = panel.y
        if app.settings.hints and self.last_made is not None:
            choice, _ = self.last_made
            hint = pygame.Rect(panel.x, y, panel.width, int(u * 12))
            p.rect(hint, th.panel, radius=int(u))
            d = int(u * 5)
            p.surface.blit(
                app.art.icon(SAFETY_ICON[choice.safety], d, th.safety[choice.safety] if th.name != "high-contrast" else th.panel_text),
                (hint.x + int(u), hint.centery - d // 2),
            )
            p.text_box(
                labelled(app.t("safety_" + choice.safety), choice.feedback.get(self.lang), self.lang),
                hint.inflate(-int(u * 8), -int(u)).move(int(u * 3), 0),
                app.font_size(2.2),
                th.panel_text,
                valign="middle",
                where="hint",
            )
            y = hint.bottom + int(u * 2)
        prompt = pygame.Rect(panel.x, y, panel.width, int(u * 7))
        p.text_box(app.t("choose_prompt"), prompt, app.font_size(3.6), th.bg_text, bold=True, valign="middle", where="prompt")
        choices = self.session.shown_choices()
        gap = max(8, int(u * 2))
        area = pygame.Rect(panel.x, prompt.bottom + gap, panel.width, panel.bottom - prompt.bottom - gap)
        count = len(choices)
        row_h = min(int(u * 16), (area.height - gap * (count - 1)) // max(1, count))
        row_h = max(row_h, min_target(self))
        rects = [pygame.Rect(area.x, area.y + i * (row_h + gap), area.width, row_h) for i in range(count)]
        # One type size for the whole list, so no reply looks more (or less) important by its size.
        px = row_type_size(self, p, [(r, c.text.get(self.lang)) for r, c in zip(rects, choices, strict=True)], 2.9, "choice", number=True)
        for i, (rect, choice) in enumerate(zip(rects, choices, strict=True)):
            button(
                self,
                p,
                rect,
                f"choice:{choice.index}",
                choice.text.get(self.lang),
                "choice",
                payload=choice,
                number=i + 1,
                size=2.9,
                type_px=px,
            )

    def draw_ending_panel(self, p: Painter, panel: pygame.Rect, ending: m.Ending) -> None:
        app = self.app
        u = app.unit
        prompt = pygame.Rect(panel.x, panel.y, panel.width, int(u * 16))
        p.text_box(app.t("see_debrief_prompt"), prompt, app.font_size(3.4), app.theme.bg_text, valign="middle", where="ending prompt")
        rect = pygame.Rect(panel.x, prompt.bottom + int(u * 3), panel.width, max(min_target(self), int(u * 13)))
        button(self, p, rect, "debrief", app.t("debrief"), "primary", size=3.6)
