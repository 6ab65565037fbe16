"""Every error code has a malformed file that triggers it, and the message names file and line."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from game.core.diagnostics import CODES
from game.core.library import ROOT, load_file, load_library

MINI = (Path(__file__).parent / "data" / "mini.yaml").read_text(encoding="utf-8")


def edit(old: str, new: str, count: int = 1) -> str:
    assert old in MINI, old
    return MINI.replace(old, new, count)


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the nth line containing needle."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[nth - 1]


DEEP = "id: x\nkind: other\n" + "a: " + "[" * 40 + "]" * 40 + "\n"
BOMB = textwrap.dedent(
    """\
    a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
    c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
    d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]
    """
)

# code -> (file content as text or bytes, a needle on the expected line or a line number)
CASES: dict[str, tuple[str | bytes, str | int]] = {
    "E001": ("x: " + "a" * 1_000_001 + "\n", 0),
    "E002": (MINI.encode("utf-8").replace("Thử nghiệm".encode(), b"Th\xff nghi\xe9m"), "summary"),
    "E003": (edit("kind: other", "kind: [other"), "kind"),
    "E004": (edit("  mom_calls:\n", "  first:\n    channel: sms\n  mom_calls:\n"), 46),
    "E005": (BOMB, 1),
    "E006": (DEEP, 3),
    "E007": (edit('title: {vi: "Thử", en: "Test"}', 'title: !!python/object/apply:os.system ["echo pwned"]'), "title:"),
    "E009": ("# nothing here\n", 1),
    "E010": (None, 0),  # a file that does not exist
    "E101": (
        edit("        next: mom_calls\n        safety: safe", "        nxt: mom_calls\n        next: mom_calls\n        safety: safe"),
        "nxt:",
    ),
    "E102": (edit("start: first\n", ""), "id: mini-test"),
    "E103": (edit("genuine: true", "genuine: maybe"), "genuine:"),
    "E104": (edit("channel: chat", "channel: telegram"), "channel: telegram"),
    "E105": (edit("id: mini-test", "id: Mini Test"), "id: Mini Test"),
    "E106": (edit('text: {vi: "Con ơi, mẹ đây.", en: "Honey, it\'s Mom."}', 'text: {vi: "", en: "Honey"}'), 'vi: ""'),
    "E107": ("format: 2\n" + MINI, "format: 2"),
    "E201": (edit("next: end_harmed", "next: end_harmd"), "next: end_harmd"),
    "E202": (
        edit(
            "endings:\n",
            "  island:\n    channel: narration\n    text: x\n    choices: [{text: go, next: end_safe, safety: safe, feedback: ok}]\nendings:\n",
        ),
        "  island:",
    ),
    "E203": (
        edit(
            "endings:\n",
            "  loop:\n    channel: narration\n    text: x\n    choices: [{text: go, next: loop, safety: safe, feedback: ok}]\nendings:\n",
        ).replace("        next: end_rescued", "        next: loop"),
        "  loop:",
    ),
    "E204": (
        edit("endings:\n", "  empty:\n    channel: narration\n    text: x\n    choices: []\nendings:\n").replace(
            "next: end_rescued", "next: empty"
        ),
        "  empty:",
    ),
    "E205": (edit("tactic: safe_account_transfer", "tactic: mind_control"), "tactic: mind_control"),
    "E206": (edit("    from: mom\n", "    from: dad\n"), "from: dad"),
    "E207": (edit('title: {vi: "Thử", en: "Test"}', 'title: {vi: "Thử"}'), "title:"),
    "E208": (edit("    genuine: true\n", "    genuine: true\n    image: images/missing-picture.png\n"), "image:"),
    "E209": (edit("    genuine: true\n", "    genuine: true\n    sound: ../../etc/passwd\n"), "sound:"),
    "E210": (edit("requires: [listened]", "requires: [listend]"), "requires:"),
    "E212": (
        edit("endings:\n", "endings:\n  second: {outcome: safe, title: x, text: y}\n"),
        "endings:",
    ),
    "E213": (
        edit(
            "        next: end_safe\n        safety: safe\n", "        next: end_safe\n        safety: safe\n        requires: [listened]\n"
        ).replace(
            "        next: end_rescued\n        safety: neutral\n",
            "        next: end_rescued\n        safety: neutral\n        unless: [listened]\n",
        ),
        "  mom_calls:",
    ),
    "W301": (
        edit('text: {vi: "Chuyển tiền đi.", en: "Transfer the money."}', 'text: {vi: "Chuyển tiền đi.", en: "' + "very " * 70 + '"}'),
        "very very",
    ),
    "W302": (edit("sets: [asked]", "sets: [asked, shouted]"), "sets: [asked, shouted]"),
    "W303": (edit("    genuine: true\n", "    genuine: true\n    tactic: urgency\n"), "tactic: urgency"),
    "W305": (
        edit(
            "        next: mom_calls\n        safety: safe\n", "        next: mom_calls\n        safety: safe\n        false_alarm: true\n"
        ),
        "false_alarm",
    ),
    "W314": (
        edit(
            "        next: end_harmed\n        safety: unsafe\n",
            "        next: end_harmed\n        safety: unsafe\n        hang_up: true\n",
        ),
        "hang_up",
    ),
    "W315": (
        edit(
            "    tactic: authority_impersonation\n",
            "    tactic: authority_impersonation\n    tells:\n      - {quote: {vi: vụ án, en: a crime}, why: x}\n",
        ),
        "tells:",
    ),
    "W316": (
        edit('text: {vi: "Chuyển tiền đi.", en: "Transfer the money."}', 'text: {vi: "[Ảnh] Lệnh bắt", en: "[Photo] Warrant"}'),
        "[Ảnh]",
    ),
    "W317": (
        edit("    channel: chat\n    from: bad\n", "    channel: chat\n    from: bad\n    at: '08:05'\n").replace(
            "    channel: call\n    from: bad\n", "    channel: call\n    from: bad\n    at: '14:09'\n"
        ),
        "at: '08:05'",
    ),
}
CASES["E212"] = (CASES["E212"][0], line_of(CASES["E212"][0], "  second: {outcome"))
CASES["E004"] = (CASES["E004"][0], line_of(CASES["E004"][0], "  first:", 2))


def write_case(tmp_path: Path, code: str) -> Path:
    content, _ = CASES[code]
    path = tmp_path / f"case-{code}.yaml"
    if content is None:
        return path
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_code_is_reported_with_file_and_line(tmp_path: Path, code: str, catalogue) -> None:
    path = write_case(tmp_path, code)
    scenario, report = load_file(path, catalogue)
    found = [p for p in report.problems if p.code == code]
    assert found, f"{code} not reported; got {[p.format() for p in report.problems]}"
    problem = found[0]
    content, where = CASES[code]
    expected = (
        where if isinstance(where, int) else line_of(content if isinstance(content, str) else content.decode("utf-8", "replace"), where)
    )
    assert problem.line == expected, problem.format()
    text = problem.format()
    assert text.startswith(f"{report.path}:"), text
    assert code in text and CODES[code][2] in text  # the hint for the author is there
    if problem.is_error:
        assert scenario is None, "a file with an error must not load"


def test_mini_scenario_is_clean(catalogue) -> None:
    # No assets root: the test file has no voice clips (the voice check has its own tests).
    scenario, report = load_file(Path(__file__).parent / "data" / "mini.yaml", catalogue, assets_root=None)
    assert report.problems == []
    assert scenario is not None and scenario.languages == ("en", "vi")


def test_every_documented_code_is_tested_and_every_code_documented() -> None:
    guide = (ROOT / "scenarios" / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^### ([EW]\d{3})\b", guide, flags=re.M))
    assert documented == set(CODES), f"guide and code catalogue differ: {documented ^ set(CODES)}"
    practice = {"E230", "E231", "E232", "E233", "W330"}  # practice items: tests/test_practice.py
    pedagogy = {c for c in CODES if c.startswith("W4")}  # tested in test_pedagogy_lint.py
    translations = {"W320", "W321", "W322"}  # PO files beside the story: tests/test_translations.py
    untested = (
        set(CODES)
        - set(CASES)
        - {"E008", "E211", "W304", "E214", "E215", "W309", "W310", "W311", "W312"}
        - practice
        - pedagogy
        - translations
    )  # tested below; W304 with the voices; the rest in test_traps.py
    assert not untested, f"codes without a malformed-file test here: {sorted(untested)}"


def test_duplicate_scenario_id_across_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(MINI, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(MINI, encoding="utf-8")
    lib = load_library([tmp_path], catalogue_path=ROOT / "scenarios" / "tactics.yaml")
    assert list(lib.scenarios) == ["mini-test"]
    (dup,) = [p for p in lib.problems if p.code == "E211"]
    assert dup.file.endswith("b.yaml") and "a.yaml" in dup.message


def test_too_many_values_is_refused(tmp_path: Path, catalogue) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("x: [" + ",".join("1" for _ in range(210_000)) + "]\n", encoding="utf-8")
    scenario, report = load_file(path, catalogue)
    assert scenario is None and [p.code for p in report.problems] == ["E008"]


def test_bom_and_crlf_are_accepted(tmp_path: Path, catalogue) -> None:
    path = tmp_path / "windows.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINI.replace("\n", "\r\n").encode("utf-8"))
    scenario, report = load_file(path, catalogue, assets_root=None)
    assert report.problems == [] and scenario is not None


def test_text_is_normalised_to_nfc(tmp_path: Path, catalogue) -> None:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", MINI)
    assert decomposed != MINI
    path = tmp_path / "nfd.yaml"
    path.write_text(decomposed, encoding="utf-8")
    scenario, _ = load_file(path, catalogue)
    assert scenario is not None
    assert scenario.steps["mom_calls"].text.get("vi") == unicodedata.normalize("NFC", "Con ơi, mẹ đây.")


def test_a_broken_file_does_not_stop_the_good_ones(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(MINI, encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    (tmp_path / "binary.yaml").write_bytes(bytes(range(256)))
    lib = load_library([tmp_path], catalogue_path=ROOT / "scenarios" / "tactics.yaml")
    assert list(lib.scenarios) == ["mini-test"]
    assert {r.path.split("/")[-1] for r in lib.failed} == {"broken.yaml", "binary.yaml"}


def test_nothing_in_a_file_is_executed(tmp_path: Path, catalogue) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.yaml"
    path.write_text(f'id: !!python/object/apply:os.system ["touch {marker}"]\n', encoding="utf-8")
    scenario, report = load_file(path, catalogue)
    assert scenario is None and report.problems[0].code == "E007"
    assert not marker.exists()


def test_validate_command_prints_every_problem_and_exits_1(tmp_path: Path) -> None:
    for code in ("E201", "E104", "E207"):
        write_case(tmp_path, code)
    (tmp_path / "good.yaml").write_text(MINI.replace("mini-test", "mini-good"), encoding="utf-8")
    run = subprocess.run([sys.executable, str(ROOT / "main.py"), "validate", str(tmp_path)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    for code in ("E201", "E104", "E207"):
        assert re.search(rf"case-{code}\.yaml:\d+: error {code}", run.stdout), run.stdout
    assert "good.yaml: ok" in run.stdout


def test_validate_command_passes_on_shipped_scenarios() -> None:
    run = subprocess.run([sys.executable, str(ROOT / "main.py"), "validate"], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert " 0 error(s), " in run.stdout
    # The only warnings are the pedagogy lint's: the shipped stories have tells until issue 14 rewrites them.
    warned = set(re.findall(r": warning (W\d{3}):", run.stdout))
    assert all(code.startswith("W4") for code in warned), run.stdout


def test_the_guide_field_tables_are_made_from_the_declaration() -> None:
    """scenarios/README.md lists each field as game/core/model.py declares it (`python -m game.core.guide` remakes them)."""
    from game.core import model as m
    from game.core.guide import MARKER, regenerate

    guide = (ROOT / "scenarios" / "README.md").read_text(encoding="utf-8")
    tabled = {match.group(2) for match in MARKER.finditer(guide)}
    assert (
        tabled == {"Scenario", "Character", "Step", "Bubble", "Tell", "Row", "Attachment", "Choice", "Ending", "Tactic"} <= set(m.RECORDS)
    )
    assert regenerate(guide) == guide, "the guide's field tables are out of date: run `python -m game.core.guide`"


def test_a_new_record_type_is_read_cached_and_documented_from_its_declaration() -> None:
    """What a new record type (a practice item, say) costs: a class with declared fields and a line in RECORDS."""
    from dataclasses import dataclass

    from game.core import model as m
    from game.core.cache import decode, encode
    from game.core.guide import table
    from game.core.loader import Reader, read_record
    from game.core.safeyaml import load_yaml
    from game.core.spec import declared, internal

    @dataclass(frozen=True, slots=True, kw_only=True)
    class Item:
        id: str = internal("key", "the id it is written under")
        genuine: bool = declared("bool", "a real message, not a scam", required=True, fallback=False)
        channel: str = declared("word", "how it arrives", required=True, allowed=m.CHANNELS, fallback="sms")
        text: m.Text = declared("text", "the message", required=True)
        tactic: str | None = declared("id", "the trick it uses", default=None)

    m.RECORDS["Item"] = Item
    try:
        data = load_yaml(b'genuine: true\nchanel: sms\ntext: {vi: "Chao", en: "Hi"}\n', "items.yaml")
        r = Reader("items.yaml")
        item = read_record(r, data, Item, "item 'a'", key="a")
        assert [(p.code, p.line) for p in r.problems] == [("E101", 2), ("E102", 1)]
        assert "did you mean 'channel'?" in r.problems[0].message
        assert item.id == "a" and item.genuine and item.text.get("en") == "Hi" and item.tactic is None
        assert decode(Item, encode(item)) == item
        assert "| `channel` | yes | one of `call`" in table(Item) and "| `tactic` | no | id | the trick it uses |" in table(Item)
    finally:
        del m.RECORDS["Item"]
