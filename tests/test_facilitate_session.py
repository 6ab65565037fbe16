"""The facilitator's session without a window: votes decide the story, the trainer can override,
the play record gets one group play, and the summary is saved as CSV and PNG."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from game.core.library import load_file
from game.core.strings import LANGUAGES, ui
from game.facilitate.session import CLOSED, FINISHED, MESSAGE, VOTING, FacilitatedSession, FacilitateError
from game.facilitate.summary import draw_summary, write_summary
from game.facilitate.votes import VoteRoom
from game.session import NullRecorder

ROOT = Path(__file__).resolve().parents[1]

STORY = """\
id: room-test
kind: fake_police
title: {vi: "Cuộc gọi lạ", en: "A strange call"}
summary: {vi: "Thử", en: "Test"}
start: call
characters:
  caller: {name: {vi: "Người gọi", en: "Caller"}, role: scammer, avatar: officer}
  mom: {name: {vi: "Mẹ", en: "Mom"}, role: family, avatar: mom}
steps:
  call:
    channel: call
    from: caller
    text: {vi: "Tôi là công an. Em đang bị điều tra.", en: "I am the police. You are under investigation."}
    tactic: authority_impersonation
    discussion: {vi: "Công an có gọi như vậy không?", en: "Do police call like this?"}
    choices:
      - {text: {vi: "Cúp máy", en: "Hang up"}, next: end_safe, safety: safe, feedback: {vi: "Đúng", en: "Right"}}
      - {text: {vi: "Nghe tiếp", en: "Keep listening"}, next: pause, safety: neutral, feedback: {vi: "Hmm", en: "Hmm"}}
      - {text: {vi: "Làm theo", en: "Obey"}, next: pause, safety: unsafe, feedback: {vi: "Sai", en: "Wrong"}}
  pause:
    channel: narration
    text: {vi: "Một lúc sau…", en: "A little later…"}
    choices:
      - {text: {vi: "Tiếp", en: "Next"}, next: mom_calls, safety: neutral, feedback: {vi: "-", en: "-"}}
  mom_calls:
    channel: call
    from: mom
    genuine: true
    text: {vi: "Con ơi, mẹ đây.", en: "It's Mom, darling."}
    choices:
      - {text: {vi: "Kể cho mẹ nghe", en: "Tell Mom everything"}, next: end_rescued, safety: safe, feedback: {vi: "Tốt", en: "Good"}}
      - {text: {vi: "Không nghe máy", en: "Ignore her"}, next: end_harmed, safety: unsafe, feedback: {vi: "Tiếc", en: "Pity"}}
endings:
  end_safe: {outcome: safe, title: {vi: "An toàn", en: "Safe"}, text: {vi: "Xong", en: "Done"}}
  end_rescued: {outcome: rescued, title: {vi: "Được giúp", en: "Helped"}, text: {vi: "Xong", en: "Done"}}
  end_harmed: {outcome: harmed, title: {vi: "Bị hại", en: "Harmed"}, text: {vi: "Xong", en: "Done"}}
"""


class ListRecorder:
    """Keeps what a real record store would be told."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def start_play(self, play_id, mode, lang, scenario_id):
        self.calls.append(("start", mode, lang, scenario_id))

    def record_choice(self, choice):
        self.calls.append(("choice", choice.step, choice.safety, choice.decision))

    def finish_play(self, play_id, outcome, abandoned):
        self.calls.append(("finish", outcome, abandoned))


@pytest.fixture(scope="module")
def story(tmp_path_factory, catalogue):
    path = tmp_path_factory.mktemp("story") / "room-test.yaml"
    path.write_text(STORY, encoding="utf-8")
    scenario, report = load_file(path, catalogue, assets_root=None)
    assert scenario is not None, [p.format() for p in report.problems]
    return scenario


def make(story, catalogue, lang="en", recorder=None):
    return FacilitatedSession(story, catalogue, lang, recorder=recorder or NullRecorder(), room=VoteRoom(code="K7MX"))


def phone_votes(fs: FacilitatedSession, picks: list[int]) -> None:
    for i, choice in enumerate(picks):
        fs.room.vote(fs.room.question.seq, choice, f"device-{i:04d}")


def test_the_majority_decides_where_the_story_goes(story, catalogue):
    fs = make(story, catalogue)
    assert fs.phase == MESSAGE and fs.labels == ["Hang up", "Keep listening", "Obey"]
    fs.open_vote()
    assert fs.room.question.choices == ("Hang up", "Keep listening", "Obey")
    phone_votes(fs, [2, 2, 1, 0])
    fs.close_vote()
    assert fs.phase == CLOSED
    tally = fs.reveal()
    assert tally.counts == (1, 1, 2) and tally.majority == 2 and not tally.tied
    fs.advance()
    assert fs.step.id == "pause", "the room chose 'Obey', which leads on"
    assert fs.room.status == "waiting", "phones wait for the next question"


def test_the_trainer_can_override_the_room(story, catalogue):
    fs = make(story, catalogue)
    fs.open_vote()
    phone_votes(fs, [2, 2, 2])
    fs.reveal()
    fs.advance(override=0)
    assert fs.finished and fs.ending.id == "end_safe"
    (r,) = fs.rounds
    assert r.room_choice == 2 and r.played == 0 and r.overridden


def test_raised_hands_add_to_the_phone_votes(story, catalogue):
    fs = make(story, catalogue)
    fs.open_vote()
    phone_votes(fs, [1, 1])
    fs.set_hands([3, 0, 0])
    assert fs.tally().counts == (3, 2, 0)
    fs.set_hands([1, 0, 0])  # a recount replaces the hands, never the phones
    assert fs.tally().counts == (1, 2, 0)
    fs.add_hand(0, +1)
    fs.add_hand(2, -1)  # never below zero
    assert fs.tally().counts == (2, 2, 0) and fs.tally().tied
    fs.advance()  # a tie goes to the lowest index unless the trainer picks
    assert fs.rounds[0].tied and fs.rounds[0].played == 0 and fs.finished


def test_a_single_reply_step_is_not_voted_on(story, catalogue):
    fs = make(story, catalogue)
    fs.open_vote()
    phone_votes(fs, [1])
    fs.advance()
    assert fs.step.id == "pause" and not fs.needs_vote
    with pytest.raises(FacilitateError):
        fs.open_vote()
    fs.advance()
    assert fs.step.id == "mom_calls" and fs.phase == MESSAGE


def test_actions_out_of_order_are_refused(story, catalogue):
    fs = make(story, catalogue)
    with pytest.raises(FacilitateError):
        fs.reveal()
    with pytest.raises(FacilitateError):
        fs.advance()  # no vote and no pick
    fs.open_vote()
    with pytest.raises(FacilitateError):
        fs.advance()  # nobody voted yet
    with pytest.raises(FacilitateError):
        fs.advance(override=7)
    assert fs.phase == VOTING and fs.step.id == "call"
    fs.close_vote()
    fs.reopen_vote()
    assert fs.room.status == "open"


def test_the_tactic_and_discussion_are_there_for_the_trainer(story, catalogue):
    fs = make(story, catalogue, lang="vi")
    assert fs.discussion() == "Công an có gọi như vậy không?"
    assert fs.tactic_card().id == "authority_impersonation"
    fs.advance(override=1)
    fs.advance()
    assert fs.tactic_card() is None, "a genuine message has no tactic card"


def test_the_play_record_gets_one_group_play(story, catalogue):
    rec = ListRecorder()
    fs = make(story, catalogue, recorder=rec)
    fs.open_vote()
    phone_votes(fs, [1])
    fs.advance()
    fs.advance()
    fs.open_vote()
    fs.set_hands([5, 1])
    fs.advance()
    assert fs.phase == FINISHED
    assert rec.calls == [
        ("start", "facilitate", "en", "room-test"),
        ("choice", "call", "neutral", True),
        ("choice", "pause", "neutral", False),
        ("choice", "mom_calls", "safe", True),
        ("finish", "rescued", False),
    ]


def test_ending_early_records_an_abandoned_play(story, catalogue):
    rec = ListRecorder()
    fs = make(story, catalogue, recorder=rec)
    fs.open_vote()
    fs.end()
    assert fs.finished and fs.room.status == "waiting"
    assert rec.calls[-1] == ("finish", "abandoned", True)


def _full_session(story, catalogue, lang="vi"):
    fs = make(story, catalogue, lang=lang)
    fs.open_vote()
    phone_votes(fs, [2, 2, 1, 2])
    fs.set_hands([1, 0, 0])
    fs.reveal()
    fs.advance()  # the room chose 'Obey' (unsafe)
    fs.advance()
    fs.open_vote()
    phone_votes(fs, [0, 0, 1])
    fs.advance()  # reveal and go on with 'Tell Mom' (safe)
    return fs


def test_the_summary_sets_the_rooms_choice_against_the_safe_one(story, catalogue):
    summary = _full_session(story, catalogue).summary()
    assert [r.step_id for r in summary.rounds] == ["call", "mom_calls"]
    first, second = summary.rounds
    assert first.counts == (1, 1, 3) and first.room_choice == 2 and first.safe_choices == (0,) and first.room_was_safe is False
    assert second.counts == (2, 1) and second.room_was_safe is True
    assert summary.room_safe == 1 and len(summary.voted_rounds) == 2
    assert [t.id for t in summary.tactics_met] == ["authority_impersonation"]
    assert summary.outcome == "rescued"


def test_save_summary_writes_a_readable_csv_and_png(story, catalogue, tmp_path):
    fs = _full_session(story, catalogue, lang="vi")
    csv_path, png_path = write_summary(fs.summary(), tmp_path / "out")
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf"), "a BOM, so spreadsheets read Vietnamese"
    with csv_path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    assert header[0] == ui("fac_step", "vi") and ui("fac_room_chose", "vi") in header
    assert len(rows) == 3
    first = dict(zip(header, rows[1], strict=True))
    assert first[ui("fac_room_chose", "vi")] == "Làm theo"
    assert first[ui("fac_votes", "vi")] == "3" and first[ui("fac_total_votes", "vi")] == "5"
    assert first[ui("safe_reply", "vi")] == "Cúp máy"
    assert first[ui("fac_safety", "vi")] == ui("safety_unsafe", "vi")
    with Image.open(png_path) as img:
        assert img.format == "PNG" and img.width == 1600 and img.height > 400


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_summary_picture_texts_never_overlap_or_leave_the_image(story, catalogue, lang):
    drawing = draw_summary(_full_session(story, catalogue, lang=lang).summary())
    w, h = drawing.image.size
    boxes = drawing.boxes
    assert len(boxes) > 15
    for i, a in enumerate(boxes):
        assert 0 <= a[0] and a[2] <= w and 0 <= a[1] and a[3] <= h, f"text box {a} leaves the {w}x{h} image"
        for b in boxes[i + 1 :]:
            overlap = min(a[2], b[2]) - max(a[0], b[0]) > 0 and min(a[3], b[3]) - max(a[1], b[1]) > 0
            assert not overlap, f"texts at {a} and {b} overlap"


def test_nothing_here_imports_pygame():
    code = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
        "import game.facilitate.votes, game.facilitate.server, game.facilitate.qr, game.facilitate.session\n"
        "import game.facilitate.summary, game.facilitate.page\n"
        "assert 'pygame' not in sys.modules, 'pygame was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
