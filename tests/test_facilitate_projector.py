"""The trainer's projector, driven like a trainer drives it: a clicker, a keyboard, a mouse.

Every test runs the real ProjectorApp headless and posts real key and mouse events;
phone votes go into the room the way the vote server puts them (VoteRoom.vote), and
one test starts the real `facilitate` command with its HTTP server.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import urllib.request
from pathlib import Path

import pygame
import pytest
from apphelp import FakeClock, button, click, key

from game.core.strings import LANGUAGES
from game.facilitate.projector import ProjectorApp, RoomScene
from game.facilitate.run import build_projector
from game.facilitate.session import MESSAGE, REVEALED, VOTING
from game.facilitate.shots import iter_projector_screens
from game.facilitate.votes import VoteRoom
from game.record.schema import FILE_NAME

URL = "http://192.168.1.20:8000/?r=K7MX"


def projector(
    scenario="fake-police-call", lang="en", size=(1600, 900), data_dir=None, join_url=URL, text_size="large", recorder=None
) -> ProjectorApp:
    args = argparse.Namespace(
        lang=lang,
        scenario=scenario,
        data_dir=data_dir,
        size=size,
        text_size=text_size,
        theme="default",
        reduced_motion=True,
        mute=True,
        windowed=True,
        live_results=False,
        no_practice=True,  # the story flow alone; tests/test_practice.py plays the practice round
    )
    app = build_projector(args, recorder=recorder, clock=FakeClock(), audio=False, room=VoteRoom(code="K7MX", lang=lang), join_url=join_url)
    pygame.event.clear()
    app.frame()
    return app


def room(app) -> RoomScene:
    assert isinstance(app.scene, RoomScene), app.scene.name
    return app.scene


def pgdn(app, times: int = 1) -> None:
    for _ in range(times):
        key(app, pygame.K_PAGEDOWN)


def to_choosing(app) -> None:
    """Answer the call and show every line (what a trainer does with the first presses)."""
    for _ in range(3):
        if room(app).phase == "choosing":
            return
        pgdn(app)
    assert room(app).phase == "choosing"


def phone_votes(app, choices: list[int]) -> None:
    q = app.room.question
    assert q is not None, "the vote is not open"
    for i, c in enumerate(choices):
        app.room.vote(q.seq, c, f"phone-{q.seq}-{i:04d}")
    app.frame()


def choice_ids(app) -> list[str]:
    return [b.id for b in app.scene.buttons if b.kind == "choice"]


def next_label(app) -> str:
    return button(app, "next").label


def test_a_clicker_alone_plays_a_step_message_vote_reveal_continue():
    app = projector()
    scene = room(app)
    fs = scene.fs
    assert scene.phase == "ringing" and next_label(app).startswith("Answer the call")
    to_choosing(app)
    first = fs.step.id
    assert fs.phase == MESSAGE
    assert choice_ids(app) == [f"choice:{i}" for i in range(len(fs.choices))]
    assert next_label(app).startswith("Open the vote")

    pgdn(app)
    assert fs.phase == VOTING and app.room.question is not None
    assert next_label(app).startswith("Reveal the results")
    phone_votes(app, [1, 1, 0])
    assert fs.tally().counts[:2] == (1, 2)

    pgdn(app)
    assert fs.phase == REVEALED
    assert next_label(app).startswith("Continue with reply 2")
    ids = {b.id for b in app.scene.buttons}
    assert {"hands", "back", "join", "blank", "next"} <= ids

    pgdn(app)
    assert fs.rounds[-1].step_id == first and fs.rounds[-1].played == 1 and not fs.rounds[-1].overridden
    assert fs.step is None or fs.step.id != first


def test_the_trainer_overrides_the_room_with_a_number_key():
    app = projector()
    to_choosing(app)
    fs = room(app).fs
    pgdn(app)
    phone_votes(app, [0, 0, 0])
    pgdn(app)  # reveal: the room chose reply 1
    key(app, pygame.K_3)
    assert room(app).pick == 2 and next_label(app).startswith("Continue with reply 3")
    pgdn(app)
    r = fs.rounds[-1]
    assert (r.room_choice, r.played, r.overridden) == (0, 2, True)


def test_a_pick_without_a_vote_continues_at_once():
    app = projector()
    to_choosing(app)
    fs = room(app).fs
    key(app, pygame.K_2)
    assert next_label(app).startswith("Continue with reply 2")
    pgdn(app)
    r = fs.rounds[-1]
    assert r.room_choice is None and r.played == 1 and r.overridden


def test_a_tie_or_no_votes_stops_and_says_what_to_do():
    app = projector()
    to_choosing(app)
    fs = room(app).fs
    pgdn(app)
    pgdn(app)  # reveal with nobody voting
    pgdn(app)
    assert fs.phase == REVEALED and not fs.rounds
    assert "count hands" in room(app).notice
    key(app, pygame.K_PAGEUP)  # after the reveal, Page Up shows the message again...
    assert fs.phase == REVEALED and room(app).show_message is True
    key(app, pygame.K_PAGEUP)  # ...and again the tactic card
    assert room(app).show_message is False
    # A tie: the story waits for the trainer's pick.
    app2 = projector()
    to_choosing(app2)
    fs2 = room(app2).fs
    pgdn(app2)
    phone_votes(app2, [0, 1])
    pgdn(app2)
    pgdn(app2)
    assert not fs2.rounds and "tie" in room(app2).notice.lower()
    key(app2, pygame.K_2)
    pgdn(app2)
    assert fs2.rounds[-1].played == 1 and fs2.rounds[-1].tied


def test_page_up_cancels_an_open_vote_and_its_votes_are_gone():
    app = projector()
    to_choosing(app)
    fs = room(app).fs
    pgdn(app)
    phone_votes(app, [2, 2])
    key(app, pygame.K_PAGEUP)
    assert fs.phase == MESSAGE and app.room.question is None and app.room.status == "waiting"
    pgdn(app)
    assert fs.tally().total == 0


def test_raised_hands_are_typed_in_and_added_to_the_phones():
    app = projector()
    to_choosing(app)
    fs = room(app).fs
    key(app, pygame.K_h)  # counting hands opens the vote
    assert app.scene.name == "hands" and fs.phase == VOTING
    key(app, pygame.K_1)
    key(app, pygame.K_2)  # 12 hands for reply 1
    key(app, pygame.K_DOWN)
    key(app, pygame.K_RIGHT)
    key(app, pygame.K_RIGHT)
    key(app, pygame.K_LEFT)  # 1 hand for reply 2
    key(app, pygame.K_RETURN)
    assert app.scene.name == "room"
    phone_votes(app, [1])
    t = fs.tally()
    assert t.hands[:2] == (12, 1) and t.phones[:2] == (0, 1) and t.counts[:2] == (12, 2)


def test_hands_by_mouse():
    app = projector()
    to_choosing(app)
    fs = room(app).fs
    click(app, button(app, "hands"))
    assert app.scene.name == "hands"
    for _ in range(3):
        click(app, button(app, "plus:2"))
    click(app, button(app, "minus:2"))
    click(app, button(app, "done"))
    assert fs.tally().hands[2] == 2 and app.scene.name == "room"


def test_blank_screen_and_back_exactly_where_it_was():
    app = projector()
    to_choosing(app)
    fs = room(app).fs
    pgdn(app)
    key(app, pygame.K_b)
    assert app.scene.name == "blank"
    app.draw()
    surface = app.screen
    w, h = surface.get_size()
    assert {tuple(surface.get_at((x, y)))[:3] for x in (0, w // 2, w - 1) for y in (0, h // 2, h - 1)} == {(0, 0, 0)}
    key(app, pygame.K_PAGEDOWN)  # the clicker's next key only wakes the screen
    assert app.scene.name == "room" and fs.phase == VOTING


def test_mouse_drives_it_too():
    app = projector()
    click(app, button(app, "next"))  # answer (with reduced motion every line shows at once)
    fs = room(app).fs
    assert room(app).phase == "choosing" and fs.phase == MESSAGE
    click(app, button(app, "choice:2"))
    assert room(app).pick == 2
    click(app, button(app, "choice:2"))  # again: cleared
    assert room(app).pick is None
    click(app, button(app, "next"))
    assert fs.phase == VOTING
    click(app, button(app, "join"))
    assert app.scene.name == "join"
    click(app, button(app, "close"))
    assert app.scene.name == "room"


def test_without_the_vote_server_there_is_no_qr_and_hands_are_the_way(tmp_path):
    app = projector(join_url=None)
    to_choosing(app)
    assert "join" not in {b.id for b in app.scene.buttons}
    pgdn(app)
    assert room(app).fs.phase == VOTING


def play_to_the_end(app) -> None:
    """The room always votes for the first reply; the trainer presses Page Down until the story ends."""
    for _ in range(200):
        scene = app.scene
        if not isinstance(scene, RoomScene):
            return
        if scene.phase == "choosing" and scene.fs.phase == VOTING:
            phone_votes(app, [0, 0, 1])
        pgdn(app)
    raise AssertionError("the story did not end")


def test_a_whole_session_ends_on_a_summary_saved_and_recorded_as_a_group_play(tmp_path):
    from game.record.store import RecordStore

    store = RecordStore.open_in(tmp_path)
    app = projector(scenario="prize-message", data_dir=tmp_path, recorder=store)
    play_to_the_end(app)
    assert app.scene.name == "summary"
    rounds = app.scene.summary.rounds
    assert rounds and all(r.room_choice == 0 for r in rounds if r.total)
    csv_path, png_path = app.summaries[0]
    assert csv_path.parent == tmp_path / "sessions" and csv_path.read_text(encoding="utf-8").count("\n") >= len(rounds)
    assert png_path.stat().st_size > 1000
    store.close()
    with sqlite3.connect(tmp_path / FILE_NAME) as db:
        rows = db.execute("SELECT mode, group_play, scenario FROM plays").fetchall()
    assert rows == [("facilitate", 1, "prize-message")]
    click(app, button(app, "another"))
    assert app.scene.name == "picker"
    app.draw()
    click(app, button(app, "scenario:fake-police-call"))
    assert isinstance(app.scene, RoomScene) and app.scene.fs.room is app.room  # the phones stay in the same room


def test_page_down_on_the_last_summary_page_ends_the_session(tmp_path):
    app = projector(scenario="job-offer-lure", data_dir=tmp_path, size=(1024, 600))
    play_to_the_end(app)
    summary = app.scene
    assert summary.name == "summary" and summary.pages > 1, "a session long enough for pages"
    for page in range(1, summary.pages):  # the clicker turns the pages...
        pgdn(app)
        assert summary.page == page and app.running
    pgdn(app)  # ...and on the last one, ends the session, as the footer's main button does
    assert not app.running
    assert app.summaries, "the summary was saved before the end"


def test_quitting_mid_story_records_an_abandoned_play(tmp_path):
    from game.session import NullRecorder

    class Rec(NullRecorder):
        def __init__(self):
            self.finished = []

        def finish_play(self, play_id, outcome, abandoned):
            self.finished.append((outcome, abandoned))

    rec = Rec()
    app = projector(recorder=rec, data_dir=tmp_path)
    to_choosing(app)
    key(app, pygame.K_3)
    pgdn(app)  # one decision taken ("put them on": the story goes on), then the trainer quits
    assert room(app).fs.rounds and not room(app).fs.finished
    app.close()
    assert rec.finished == [("abandoned", True)]
    assert app.room.question is None
    ((csv_path, _png),) = app.summaries
    assert csv_path.read_text(encoding="utf-8").count("\n") >= 2


SIZES = [(1920, 1080), (1366, 768), (1024, 768)]


@pytest.mark.parametrize("text_size", ["large", "huge"])
@pytest.mark.parametrize("lang", sorted(LANGUAGES))
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_no_projector_screen_overflows(size, lang, text_size):
    app = projector(scenario=None, lang=lang, size=size, text_size=text_size)
    problems = []
    screens = 0
    for name in iter_projector_screens(app, app.library.ordered()):
        app.draw()
        screens += 1
        problems += [f"{name}: {o.where}: {o.text!r}" for o in app.last_overflows]
    assert screens > 200
    assert problems == []


def test_the_facilitate_command_serves_phones_and_stops_the_server_when_the_window_closes(tmp_path, monkeypatch):
    """`python main.py facilitate --vote-port 0`: the page answers while the projector runs, and not after."""
    from game import cli

    seen = {}

    def run(self):
        seen["url"] = self.join_url
        with urllib.request.urlopen(self.join_url.replace("/?r=", "/state?room="), timeout=5) as reply:
            seen["state"] = json.load(reply)
        self.close()

    monkeypatch.setattr(ProjectorApp, "run", run)
    code = cli.main(
        [
            "facilitate",
            "--vote-port",
            "0",
            "--vote-host",
            "127.0.0.1",
            "--windowed",
            "--size",
            "1280x720",
            "--lang",
            "en",
            "--data-dir",
            str(tmp_path),
            "--mute",
        ]
    )
    assert code == 0
    assert seen["url"].startswith("http://127.0.0.1:")
    assert "status" in json.dumps(seen["state"])
    with pytest.raises(OSError):
        urllib.request.urlopen(seen["url"], timeout=2)


def test_a_port_in_use_is_one_clear_line(tmp_path, capsys):
    import socket

    from game import cli

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        code = cli.main(["facilitate", "--vote-port", str(port), "--vote-host", "127.0.0.1", "--windowed", "--data-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1 and "--vote-port" in err and "Traceback" not in err


def test_the_hands_counter_never_goes_below_zero():
    app = projector()
    to_choosing(app)
    key(app, pygame.K_h)
    key(app, pygame.K_LEFT)
    key(app, pygame.K_BACKSPACE)
    assert app.scene.counts[0] == 0
    key(app, pygame.K_ESCAPE)
    assert app.scene.name == "room"


def test_summary_png_paths_are_under_the_data_dir(tmp_path):
    app = projector(scenario="prize-message", data_dir=tmp_path)
    play_to_the_end(app)
    assert all(Path(p).is_relative_to(tmp_path) for pair in app.summaries for p in pair)
