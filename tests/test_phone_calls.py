"""Calls as calls, chats as chats: the phone's red button, dialling, sent bubbles and narration.

The real app is driven with posted mouse events through a small story of its own
(tests/data/calls/calls-test.yaml), so the shipped stories can change freely.
"""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest
from apphelp import button, click, key, make_app, story_button, wait

from game.app.scenes.phone import sent_words
from game.core.library import load_library
from game.resources import SCENARIOS_DIR

STORY = Path(__file__).parent / "data" / "calls"
QUOTED = "I'm fine, a strange number just called to scare me."


@pytest.fixture(scope="module")
def calls_library():
    return load_library([STORY], catalogue_path=SCENARIOS_DIR / "tactics.yaml", use_cache=False)


def start(calls_library, size=(1366, 768)):
    app, clock = make_app(calls_library, size=size, lang="en", lang_given=True)
    click(app, story_button(app, "calls-test"))
    assert app.scene.name == "play"
    return app, clock


def reply(app, words: str) -> pygame.Rect:
    """Click the reply with these (English) words in the list."""
    found = [b for b in app.scene.choice_buttons() if b.payload.text.get("en") == words]
    assert found, f"no reply {words!r}: {[b.label for b in app.scene.choice_buttons()]}"
    click(app, found[0])
    return found[0].rect


def show_all(app, clock) -> None:
    for _ in range(10):
        if app.scene.phase != "revealing":
            break
        wait(app, clock, 2.0)
    assert app.scene.phase == "choosing"


def history(app) -> list[tuple[str, int, str]]:
    return [(h.step, h.choice, h.safety) for h in app.scene.session.play.history]


def drawn(app, kind: str) -> list[tuple[pygame.Rect, str]]:
    """What the phone drew of this kind, top to bottom."""
    return sorted(((rect, text) for k, rect, text in app.scene.view.drawn if k == kind), key=lambda d: d[0].y)


def to_chat(calls_library, words: str):
    """Decline the first call, then answer Linh's chat with `words`: the app on the next chat step."""
    app, clock = start(calls_library)
    click(app, button(app, "decline"))
    assert app.scene.step.id == "chat1"
    show_all(app, clock)
    reply(app, words)
    assert app.scene.step.id == "chat2"
    return app, clock


def test_a_quoted_chat_reply_appears_as_a_sent_bubble_before_the_answer(calls_library) -> None:
    app, clock = to_chat(calls_library, f"“{QUOTED}”")
    app.frame()
    sent = drawn(app, "sent")
    assert [text for _, text in sent] == [QUOTED]  # the words, without the quotation marks
    rect = sent[0][0]
    phone = app.scene.phone_rect
    assert rect.right > phone.centerx and rect.x > phone.x + phone.width // 5  # on the right
    # Drawn in the sent colour (left edge, away from the words).
    assert tuple(app.screen.get_at((rect.x + 3, rect.centery)))[:3] == app.theme.bubble_out
    # Above it, the message it answered; the answer to it is still being typed.
    assert app.scene.phase == "revealing" and app.scene.view.typing
    received = drawn(app, "received")
    assert [text for _, text in received][0] == "Are you OK? You look worried."
    assert received[0][0].bottom <= rect.y and "Call your mom and tell her, OK?" not in [text for _, text in received]
    show_all(app, clock)
    app.frame()
    new = [r for r, text in drawn(app, "received") if text == "Call your mom and tell her, OK?"]
    later = drawn(app, "later")
    sent_now = drawn(app, "sent")[0][0]  # the thread has moved up to make room
    assert new and later and sent_now.bottom <= later[0][0].y <= new[0].y


def test_a_sent_message_stays_in_view_before_the_story_moves_to_a_call(calls_library) -> None:
    app, clock = to_chat(calls_library, "Block the strange number")
    show_all(app, clock)
    reply(app, "“OK, I'm calling her now.”")
    app.frame()
    # Still Linh's chat, the player's words last and under her message; then the call dials.
    view = app.scene.view
    assert view.step.id == "chat2" and app.scene.choice_buttons() == []
    sent = drawn(app, "sent")
    assert [text for _, text in sent] == ["OK, I'm calling her now."]
    asked = [r for r, text in drawn(app, "received") if text == "Call your mom and tell her, OK?"]
    assert asked and asked[0].bottom <= sent[0][0].y
    wait(app, clock, 2.0)
    assert app.scene.step.id == "callmom" and app.scene.phase == "dialling"
    assert history(app)[-1] == ("chat2", 1, "safe")


def test_an_action_reply_is_not_a_sent_bubble(calls_library) -> None:
    app, clock = to_chat(calls_library, "Block the strange number")
    show_all(app, clock)
    app.frame()
    assert drawn(app, "sent") == []
    assert "Are you OK? You look worried." in [text for _, text in drawn(app, "received")]  # the thread goes on


def test_decline_on_a_ringing_call_plays_the_hang_up_reply_as_the_list_does(calls_library) -> None:
    declined, _ = start(calls_library)
    assert declined.scene.phase == "ringing"
    assert {b.id for b in declined.scene.buttons if b.focusable} == {"decline", "accept"}
    click(declined, button(declined, "decline"))
    listed, clock = start(calls_library)
    click(listed, button(listed, "accept"))
    show_all(listed, clock)
    reply(listed, "Hang up")
    assert history(declined) == history(listed) == [("ring", 0, "safe")]
    assert declined.scene.step.id == listed.scene.step.id == "chat1"


def test_keys_reach_decline_too_and_enter_alone_answers(calls_library) -> None:
    app, _ = start(calls_library)
    key(app, pygame.K_TAB)
    assert app.focused().id == "decline"
    key(app, pygame.K_RETURN)
    assert history(app) == [("ring", 0, "safe")]
    answered, _ = start(calls_library)
    key(answered, pygame.K_RETURN)  # no focus: Enter answers, as before
    assert answered.scene.phase in ("revealing", "choosing") and history(answered) == []


def test_end_call_during_the_call_plays_the_hang_up_reply(calls_library) -> None:
    app, clock = start(calls_library)
    click(app, button(app, "accept"))
    assert "decline" not in {b.id for b in app.scene.buttons}  # an answered call is ended, not declined
    show_all(app, clock)
    reply(app, "Keep listening")
    assert app.scene.step.id == "ring2" and app.scene.phase in ("revealing", "choosing")  # the same call goes on
    end = button(app, "end_call")
    assert end.label == "End call"
    click(app, end)
    assert history(app) == [("ring", 1, "neutral"), ("ring2", 0, "safe")]
    # The same caller calling back after being hung up on is a new call: it rings again.
    assert app.scene.step.id == "recall" and app.scene.phase == "ringing"
    click(app, button(app, "decline"))
    assert history(app)[-1] == ("recall", 0, "safe") and app.scene.step.id == "chat1"


def test_an_outgoing_call_dials_and_never_shows_accept(calls_library) -> None:
    app, clock = to_chat(calls_library, "Block the strange number")
    show_all(app, clock)
    reply(app, "Call Mom")
    scene = app.scene
    assert scene.step.id == "callmom" and scene.phase == "dialling"
    assert "accept" not in {b.id for b in scene.buttons}
    assert scene.view is not None and scene.view.dialling and not scene.view.ringing
    for _ in range(4):
        wait(app, clock, 1.0)
        assert "accept" not in {b.id for b in app.scene.buttons}
    assert scene.phase in ("revealing", "choosing")  # connected by itself
    assert drawn(app, "caption")


def test_scene_text_is_narration_never_a_speakers_words(calls_library) -> None:
    app, clock = start(calls_library)
    app.frame()
    stage = "An unknown number calls while you are in your dorm."
    assert [text for _, text in drawn(app, "scene")] == [stage]
    click(app, button(app, "accept"))
    show_all(app, clock)
    app.frame()
    assert all(stage not in text for _, text in drawn(app, "caption"))
    click(app, button(app, "end_call"))
    show_all(app, clock)
    reply(app, f"“{QUOTED}”")
    show_all(app, clock)
    app.frame()
    assert [text for _, text in drawn(app, "scene")] == ["Linh writes again after class."]
    spoken = [text for kind in ("received", "sent", "caption") for _, text in drawn(app, kind)]
    assert all("after class" not in text for text in spoken)


@pytest.mark.parametrize(
    ("reply_text", "sent"),
    [
        ("“Dạ, em không kể với ai đâu chị.”", "Dạ, em không kể với ai đâu chị."),
        ("“Nothing much.” And leave it.", "Nothing much."),
        ("Hỏi: “Sao em không tải VNeID trên CH Play hả anh?”", "Sao em không tải VNeID trên CH Play hả anh?"),
        ("Ask the group: “When's the next slot?”", "When's the next slot?"),
        ("Gọi bố: “Con bị bắt cóc, bố chuyển 50 triệu”", ""),  # a call elsewhere, not this chat
        ("Call Dad: “I've been kidnapped, please send 50 million”", ""),
        ("Forward it to “Officer Quân” and ask what to do.", ""),
        ("Delete it: another “bank” text", ""),
        ("Xóa đi: tin “bảo lưu số lạ” là lừa đảo.", ""),  # a quote inside an act
        ("Delete it: “save this number” could be a scam.", ""),
        ("Nhắn: “Em vừa bấm link, giờ sao ạ?”", "Em vừa bấm link, giờ sao ạ?"),
        ("Chặn số và giữ lại toàn bộ tin nhắn", ""),
        ("Block the number", ""),
    ],
)
def test_only_quoted_speech_is_sent(reply_text: str, sent: str) -> None:
    assert sent_words(reply_text) == sent
