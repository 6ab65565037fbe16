"""The pedagogy lint: each W4xx warning is triggered by a story with that tell, at the right line.

The stories are edits of tests/data/fair.yaml, a small story with no tells; each test runs
`validate` as an author would (the command line, in process) and reads what it prints.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.cli import main
from game.core.diagnostics import CODES
from game.core.library import ROOT

FAIR = (Path(__file__).parent / "data" / "fair.yaml").read_text(encoding="utf-8")


def edit(*pairs: tuple[str, str]) -> str:
    text = FAIR
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def validate(tmp_path: Path, text: str, capsys, *extra: str) -> tuple[list[tuple[int, str, str]], str]:
    path = tmp_path / "story.yaml"
    path.write_text(text, encoding="utf-8")
    code = main(["validate", str(path), *extra])
    out = capsys.readouterr().out
    assert code == 0, out  # warnings never fail the check
    found = [(int(m[1]), m[2], m[3]) for m in re.finditer(r"story\.yaml:(\d+): warning (W[34]\d\d): (.*)", out)]
    return [f for f in found if f[1] != "W304"], out  # W304 (voice clips) is the voices' business


# code -> (the edited story, a needle on the line the warning must point at)
CASES: dict[str, tuple[str, str]] = {
    "W401": (
        edit(
            ('en: "Say you\'ll call back"', 'en: "Say you\'ll call back later after you talk it over at home"'),
            ('en: "Eat lunch, ignore it"', 'en: "Eat lunch and leave the phone face down on the table for an hour"'),
        ),
        "talk it over at home",
    ),
    "W402": (
        # The safe reply moved to the first place in every step.
        edit(
            (
                '      - text: {vi: "Cúp máy, sợ lừa", en: "Hang up, it\'s fake"}\n        next: g2\n        safety: neutral\n        false_alarm: true\n',
                '      - text: {vi: "Kể chuyện cho mẹ", en: "Tell Mom, it\'s fine"}\n        next: g2\n        safety: safe\n',
            ),
            (
                '      - text: {vi: "Kể cho mẹ nghe", en: "Tell Mom about it"}\n        next: g2\n        safety: safe\n',
                '      - text: {vi: "Kể cho mẹ nghe", en: "Tell Mom about it"}\n        next: g2\n        safety: neutral\n        false_alarm: true\n',
            ),
            (
                '      - text: {vi: "Gửi mã OTP cho anh ta", en: "Send him the code"}\n        next: end_harmed\n        safety: unsafe\n',
                '      - text: {vi: "Gửi mã OTP cho anh ta", en: "Send him the code"}\n        next: s3\n        safety: safe\n',
            ),
            (
                '      - text: {vi: "Ăn trưa, kệ điện thoại", en: "Eat lunch, ignore it"}\n        next: s3\n        safety: safe\n',
                '      - text: {vi: "Ăn trưa, kệ điện thoại", en: "Eat lunch, ignore it"}\n        next: end_harmed\n        safety: unsafe\n',
            ),
            (
                '      - text: {vi: "Giữ kín với mẹ", en: "Keep it from Mom"}\n        next: end_rescued\n        safety: risky\n',
                '      - text: {vi: "Giữ kín với mẹ", en: "Keep it from Mom"}\n        next: end_safe\n        safety: safe\n',
            ),
            (
                '      - text: {vi: "Kể hết cho mẹ", en: "Tell Mom all"}\n        next: end_safe\n        safety: safe\n',
                '      - text: {vi: "Kể hết cho mẹ", en: "Tell Mom all"}\n        next: end_rescued\n        safety: risky\n',
            ),
        ),
        'en: "Say you\'ll call back"',
    ),
    "W403": (edit(('en: "Say you\'ll call back"', 'en: "Never pick up. Bye"')), "Never pick up"),
    "W404": (
        edit(
            ('{vi: "Nói sẽ gọi lại sau", en: "Say you\'ll call back"}', '{vi: "Gọi cho mẹ ngay", en: "Call Mom right now"}'),
            ('{vi: "Ăn trưa, kệ điện thoại", en: "Eat lunch, ignore it"}', '{vi: "Gọi 113 để hỏi", en: "Call 113 to check"}'),
            ('{vi: "Giữ kín với mẹ", en: "Keep it from Mom"}', '{vi: "Giữ kín chuyện này", en: "Keep it all quiet"}'),
        ),
        "Call Mom right now",
    ),
    "W405": (
        edit(
            ("        next: end_safe\n        safety: safe\n", "        next: end_rescued\n        safety: safe\n"),  # s3's safe reply
            ("        next: end_rescued\n        safety: risky\n", "        next: end_harmed\n        safety: risky\n"),
            ("        next: end_harmed\n        safety: unsafe\n", "        next: s3\n        safety: unsafe\n"),
            ("        next: s3\n        safety: safe\n", "        next: end_safe\n        safety: safe\n"),  # s2's safe reply ends it
        ),
        "next: end_safe",
    ),
    "W406": (
        edit(
            ('    genuine: true\n    text: {vi: "Lịch', '    text: {vi: "Lịch'),
            ('        false_alarm: true\n        feedback: {vi: "Đó là tin thật."', '        feedback: {vi: "Đó là tin thật."'),
        ),
        "  s1:",
    ),
}


def test_the_fair_story_has_no_pedagogy_warning(tmp_path: Path, capsys) -> None:
    found, _ = validate(tmp_path, FAIR, capsys)
    assert found == []


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_pedagogy_code_is_reported_at_its_line(tmp_path: Path, capsys, code: str) -> None:
    text, needle = CASES[code]
    found, out = validate(tmp_path, text, capsys)
    assert [f[1] for f in found] == [code], out  # this tell and no other
    line, _, message = found[0]
    assert line == line_of(text, needle), out
    assert CODES[code][2] in message  # the author is told what to do


def test_the_careful_player_message_names_the_tactics_never_met(tmp_path: Path, capsys) -> None:
    found, _ = validate(tmp_path, CASES["W405"][0], capsys)
    assert "meets 2 of the story's 3 tactics" in found[0][2] and "never met: secrecy" in found[0][2]


def test_false_alarm_only_on_a_genuine_step(tmp_path: Path, capsys) -> None:
    text = edit(("        next: g1\n        safety: safe\n", "        next: g1\n        safety: safe\n        false_alarm: true\n"))
    found, _ = validate(tmp_path, text, capsys)
    assert [(f[0], f[1]) for f in found] == [(line_of(text, "false_alarm: true"), "W305")]


def test_pedagogy_table_shows_every_strategy(tmp_path: Path, capsys) -> None:
    _, out = validate(tmp_path, FAIR, capsys, "--pedagogy", "--runs", "50")
    assert "decisions 5 · genuine decisions 2 · tactics met on the safest path 3/3" in out
    rows = {
        line.split()[0] + (line.split()[1] if line.split()[1].startswith("[") else "")
        for line in out.splitlines()
        if line.startswith("  ") and line.split()
    }
    for name in ("safest", "longest[en]", "shortest[vi]", "first", "last", "random"):
        assert name in rows, out
    assert re.search(r"safest\s+safe \(end_safe\)\s+3/3\s+0", out), out
    assert re.search(r"first\s+harmed \(end_harmed\)\s+1/2\s+1", out), out  # a false alarm, then the code sent
    assert "random (x50)" in out


def test_a_story_with_two_to_the_forty_paths_lints_quickly_enough_to_finish(tmp_path: Path, capsys) -> None:
    # 40 scam steps in a row, each with two replies leading to the next: 2^40 paths. The
    # lint walks and searches once per strategy; enumerating paths would never finish.
    steps = []
    for i in range(40):
        nxt = f"s{i + 1}" if i < 39 else "end_safe"
        steps.append(
            f'  s{i}:\n    channel: chat\n    from: bad\n    text: {{vi: "Tin {i}", en: "Message {i}"}}\n    tactic: urgency\n'
            f"    choices:\n"
            f'      - {{text: {{vi: "Bỏ qua {i}", en: "Skip it {i}"}}, next: {nxt}, safety: safe, feedback: {{vi: "Tốt", en: "Good"}}}}\n'
            f'      - {{text: {{vi: "Trả lời {i}", en: "Answer it {i}"}}, next: {nxt}, safety: risky, feedback: {{vi: "Không", en: "No"}}}}\n'
        )
    endings = "endings:\n  end_safe: {outcome: safe, title: Safe, text: Safe.}\n"
    text = FAIR.split("steps:\n")[0].replace("start: s1", "start: s0") + "steps:\n" + "".join(steps) + endings
    found, out = validate(tmp_path, text, capsys, "--pedagogy", "--runs", "20")
    assert "decisions 40" in out
    assert any(f[1] == "W406" for f in found)  # no real message anywhere


def test_shipped_stories_documented_codes_exist() -> None:
    guide = (ROOT / "scenarios" / "README.md").read_text(encoding="utf-8")
    for code in CASES:
        assert f"### {code} " in guide
    assert "A refusal is not an exit" in guide
