"""Stories that validate can always be finished: traps set by flags are caught, loops are read.

A trap (E214): a step the player can reach with some flags set, from which every way out is
hidden by `requires`/`unless`. Loops that do not trap (a choice back to its own step) are
fine, and every tool that measures a story (reading time) copes with them.
"""

from __future__ import annotations

from game.cli import main
from game.core.library import load_file
from game.core.paths import reading_length

HEAD = """id: trap-test
kind: other
title: {vi: "Bẫy", en: "Trap"}
summary: {vi: "Thử", en: "Test"}
start: door
characters:
  x: {name: {vi: "X", en: "X"}, role: other}
"""


def choice(text: str, nxt: str, extra: str = "") -> str:
    return f'      - {{text: {{vi: "{text}", en: "{text}"}}, next: {nxt}, safety: neutral, feedback: {{vi: "f", en: "f"}}{extra}}}\n'


def story(door_choices: str, more: str = "") -> str:
    return (
        HEAD
        + 'steps:\n  door:\n    channel: chat\n    from: x\n    text: {vi: "Cửa", en: "Door"}\n    choices:\n'
        + door_choices
        + more
        + 'endings:\n  out:\n    outcome: safe\n    title: {vi: "Ra", en: "Out"}\n    text: {vi: "Ra", en: "Out"}\n'
    )


def codes(tmp_path, text: str, capsys) -> list[str]:
    path = tmp_path / "trap.yaml"
    path.write_text(text, encoding="utf-8")
    main(["validate", str(path)])
    return [line for line in capsys.readouterr().out.splitlines() if " error " in line]


def test_a_way_out_that_needs_a_flag_set_only_later_is_a_trap(tmp_path, capsys):
    # 'key' is set only on the way out, so it can never open the door
    text = story(
        choice("Knock", "door", ", sets: [knocked]") + choice("Open", "hall", ", requires: [key]"),
        '  hall:\n    channel: chat\n    from: x\n    text: {vi: "H", en: "H"}\n    choices:\n' + choice("Go", "out", ", sets: [key]"),
    )
    errors = codes(tmp_path, text, capsys)
    assert len(errors) == 1 and "E214" in errors[0] and "step 'door'" in errors[0] and ":9:" in errors[0], errors


def test_a_way_out_closed_by_unless_once_a_flag_is_set_is_a_trap(tmp_path, capsys):
    text = story(choice("Wait", "door", ", sets: [waited]") + choice("Leave", "out", ", unless: [waited]"))
    errors = codes(tmp_path, text, capsys)
    assert any("E214" in e and "waited" in e for e in errors), errors


def test_flags_that_open_the_way_in_time_are_fine(tmp_path, capsys):
    text = story(choice("Look", "door", ", sets: [key]") + choice("Open", "out", ", requires: [key]"))
    assert codes(tmp_path, text, capsys) == []


def test_a_valid_story_with_a_self_loop_and_no_minutes_has_a_reading_time(tmp_path):
    path = tmp_path / "loop.yaml"
    path.write_text(story(choice("Again", "door") + choice("Leave", "out")), encoding="utf-8")
    scenario, report = load_file(path, None)
    assert scenario is not None and report.ok, report.problems
    length = reading_length(scenario, "en")
    assert 0 < length.shortest_words <= length.longest_words
    # a step whose only ways on loop back up the path still gets a time
    path.write_text(
        story(
            choice("On", "hall"),
            '  hall:\n    channel: chat\n    from: x\n    text: {vi: "H", en: "H"}\n    choices:\n'
            + choice("Back", "door")
            + choice("Out", "out"),
        ),
        encoding="utf-8",
    )
    scenario, report = load_file(path, None)
    assert scenario is not None and reading_length(scenario, "vi").longest_words > 0


def test_too_many_flag_combinations_are_said_not_checked(tmp_path, capsys):
    flags = [f"f{i}" for i in range(17)]  # 2^17 combinations: past the bound
    loops = "".join(choice(f"Toggle {f}", "door", f", sets: [{f}]") for f in flags)
    path = tmp_path / "many.yaml"
    path.write_text(story(loops + choice("Leave", "out", ", requires: [f0]")), encoding="utf-8")
    main(["validate", str(path)])
    out = capsys.readouterr().out
    assert "W309" in out and "E214" not in out


def test_a_scam_step_without_a_safe_reply_and_too_many_long_replies_are_warned(tmp_path, capsys):
    long = "x" * 200
    replies = "".join(choice(long if i == 0 else f"R{i}", "out") for i in range(6))
    text = story(replies).replace('text: {vi: "Cửa", en: "Door"}', 'text: {vi: "Cửa", en: "Door"}\n    tactic: urgency')
    path = tmp_path / "warn.yaml"
    path.write_text(text, encoding="utf-8")
    main(["validate", str(path)])
    out = capsys.readouterr().out
    assert "W310" in out and "W311" in out and "choice 1" in out and "at most 140 fit" in out


def test_a_tactic_typo_gets_a_did_you_mean(tmp_path, capsys):
    text = story(choice("Go", "out")).replace('text: {vi: "Cửa", en: "Door"}', 'text: {vi: "Cửa", en: "Door"}\n    tactic: urgancy')
    path = tmp_path / "typo.yaml"
    path.write_text(text, encoding="utf-8")
    main(["validate", str(path)])
    assert "did you mean 'urgency'?" in capsys.readouterr().out


def test_a_picture_is_checked_by_what_it_is_not_by_its_name(tmp_path):
    from PIL import Image

    from game.core.validator import picture_problem

    good = tmp_path / "ok.png"
    Image.new("RGB", (40, 30), "white").save(good)
    assert picture_problem(good) is None
    fake = tmp_path / "fake.png"
    fake.write_text("<html>not a picture</html>", encoding="utf-8")
    assert "not a PNG or JPEG" in picture_problem(fake)
    huge = tmp_path / "huge.png"
    Image.new("1", (5000, 10)).save(huge)
    assert "5000×10" in picture_problem(huge)


def test_a_reply_that_flags_always_hide_is_warned(tmp_path, capsys):
    text = story(choice("Go", "out") + choice("Secret", "out", ", requires: [later]"), "").replace(
        "endings:",
        '  unused:\n    channel: chat\n    from: x\n    text: {vi: "U", en: "U"}\n    choices:\n'
        + choice("Set", "out", ", sets: [later]")
        + "endings:",
    )
    path = tmp_path / "hidden.yaml"
    path.write_text(text, encoding="utf-8")
    main(["validate", str(path)])
    out = capsys.readouterr().out
    assert "W312" in out and "choice 2 is never shown" in out
