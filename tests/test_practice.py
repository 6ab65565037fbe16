"""The practice round and the before/after measure: items, checks, draws, every front end, the record, the report."""

from __future__ import annotations

import csv
import io
import logging
import random
import re
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pygame
import pytest
from apphelp import button, click, key, make_app, story_button, tap

from game.core import practice as pr
from game.core.diagnostics import CODES
from game.core.library import ROOT
from game.core.strings import LANGUAGES
from game.learning import Learning, shipped_pool
from game.record.schema import FILE_NAME

PRACTICE = ROOT / "scenarios" / "practice"


@pytest.fixture(scope="module")
def pool(catalogue) -> pr.Pool:
    pool, reports = pr.load_pool(pr.practice_files(PRACTICE), catalogue)
    assert [p.format() for r in reports for p in r.problems] == []
    return pool


# -- the shipped items ---------------------------------------------------------------------


def test_shipped_pool_is_big_balanced_bilingual_and_covers_every_tactic(pool, catalogue) -> None:
    items = list(pool.items.values())
    genuine = [i for i in items if i.genuine]
    assert len(items) >= 30
    assert len(genuine) / len(items) >= 0.4
    assert set(pool.languages) == set(LANGUAGES), "practice is offered in every shipped language"
    assert {i.tactic for i in items if not i.genuine} == set(catalogue.tactics)
    for item in items:
        for lang in ("vi", "en"):
            parts, tell = item.parts(lang)
            assert len(parts) >= pr.MIN_PARTS, (item.id, lang)
            if not item.genuine:
                assert parts[tell] == item.tell.get(lang).strip(), (item.id, lang)  # the tell is one whole part
    # Every item has a matched sibling: the returning mistake and the measure's pairs.
    assert len(pool.pairs()) * 2 == len(items)


def test_no_tell_by_length_real_and_scam_messages_are_alike(pool) -> None:
    for lang in ("vi", "en"):
        words = {kind: [len(i.text.get(lang).split()) for i in pool.items.values() if i.genuine == kind] for kind in (True, False)}
        real, scam = (sum(w) / len(w) for w in (words[True], words[False]))
        assert abs(real - scam) / scam < 0.1, (lang, real, scam)
        # Nor is it the longest part more often than chance would make it.
        scams = [i for i in pool.items.values() if not i.genuine]
        longest = sum(1 for i in scams if max(range(len(i.parts(lang)[0])), key=lambda k: len(i.parts(lang)[0][k])) == i.parts(lang)[1])
        chance = sum(1 / len(i.parts(lang)[0]) for i in scams)
        assert longest <= 1.25 * chance, (lang, longest, chance)
        # A scam's tell is not simply its first part.
        firsts = sum(1 for i in pool.items.values() if not i.genuine and i.parts(lang)[1] == 0)
        assert firsts < len([i for i in pool.items.values() if not i.genuine]) / 3


def test_genuine_items_include_alarming_ones(pool) -> None:
    """Real messages that use the scams' words: police, a bank, a code, a fee, a deadline."""
    real_en = " ".join(i.text.get("en") for i in pool.items.values() if i.genuine)
    for word in ("police", "OTP", "locked", "tuition", "closes", "VNeID"):
        assert word in real_en, word


# -- bad items: codes, file:line, the fix ---------------------------------------------------

GOOD = textwrap.dedent(
    """\
    items:
      - id: a_scam
        genuine: false
        channel: sms
        from: "BANK"
        text: {vi: "Tài khoản bị khóa. Gửi mã OTP cho chúng tôi. Cảm ơn.", en: "Your account is locked. Send us the OTP. Thanks."}
        tactic: otp_theft
        tell: {vi: "Gửi mã OTP cho chúng tôi.", en: "Send us the OTP."}
        feedback: {vi: "Không đưa OTP.", en: "Never share an OTP."}
        sibling: b_scam
      - id: b_scam
        genuine: false
        channel: chat
        from: "Friend"
        text: {vi: "Chào. Gửi mình mã nhé. Cảm ơn.", en: "Hi. Send me the code. Thanks."}
        tactic: otp_theft
        tell: {vi: "Gửi mình mã nhé.", en: "Send me the code."}
        feedback: {vi: "Không đưa mã.", en: "Never share a code."}
        sibling: a_scam
    """
)


def check(tmp_path: Path, text: str, name: str = "items.yaml", catalogue=None) -> list:
    folder = tmp_path / "practice"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return [p for r in pr.validate_practice([folder], catalogue) for p in r.problems]


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_good_items_check_clean(tmp_path, catalogue) -> None:
    assert check(tmp_path, GOOD, catalogue=catalogue) == []


@pytest.mark.parametrize(
    ("code", "old", "new", "needle"),
    [
        ("E230", '    tell: {vi: "Gửi mã OTP cho chúng tôi.", en: "Send us the OTP."}\n', "", "- id: a_scam"),
        ("E231", 'en: "Send us the OTP."}', 'en: "Send the OTP."}', 'tell: {vi: "Gửi mã OTP'),
        ("E231", '{vi: "Gửi mã OTP cho chúng tôi.",', '{vi: "Gửi mã OTP ngay.",', 'tell: {vi: "Gửi mã OTP'),
        ("E205", 'tactic: otp_theft\n    tell: {vi: "Gửi mã OTP', 'tactic: mind_control\n    tell: {vi: "Gửi mã OTP', "mind_control"),
        ("E232", "id: b_scam", "id: a_scam", "- id: a_scam\n(the second)"),
        ("E233", "sibling: a_scam", "sibling: nobody", "- id: b_scam"),
    ],
)
def test_bad_items_are_errors_with_file_line_and_fix(tmp_path, catalogue, code, old, new, needle) -> None:
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    problems = [p for p in check(tmp_path, text, catalogue=catalogue) if p.code == code]
    assert problems, check(tmp_path, text, catalogue=catalogue)
    p = problems[0]
    expected = line_of(text, needle.splitlines()[-1]) if "\n" not in needle else _dup_line(text)
    assert p.file.endswith("items.yaml") and p.line == expected
    assert p.is_error and CODES[code][2] in p.format()


def _dup_line(text: str) -> int:
    hits = [n for n, line in enumerate(text.splitlines(), 1) if "- id: a_scam" in line]
    return hits[1]


def test_duplicate_id_across_two_files(tmp_path, catalogue) -> None:
    check(tmp_path, GOOD, "one.yaml", catalogue)
    problems = check(tmp_path, GOOD, "two.yaml", catalogue)
    dups = [p for p in problems if p.code == "E232"]
    assert len(dups) == 2 and all(p.file.endswith("two.yaml") and "one.yaml" in p.message for p in dups)


def test_validate_command_covers_practice_files(tmp_path) -> None:
    (tmp_path / "practice").mkdir()
    bad = GOOD.replace('en: "Send us the OTP."}', 'en: "Send the OTP."}', 1)
    (tmp_path / "practice" / "items.yaml").write_text(bad, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "validate", str(tmp_path / "practice")], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 1
    line = line_of(bad, 'tell: {vi: "Gửi mã OTP')
    assert f"items.yaml:{line}: error E231" in run.stdout
    shipped = subprocess.run([sys.executable, str(ROOT / "main.py"), "validate"], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert shipped.returncode == 0, shipped.stdout
    assert re.search(r"scenarios/practice/scams\.yaml: ok \(\d+ practice item\(s\)\)", shipped.stdout)


def test_every_practice_code_is_documented() -> None:
    guide = (ROOT / "scenarios" / "README.md").read_text(encoding="utf-8")
    for code in ("E230", "E231", "E232", "E233", "W330"):
        assert f"### {code} " in guide


def test_short_text_warns(tmp_path, catalogue) -> None:
    text = GOOD.replace(
        'text: {vi: "Chào. Gửi mình mã nhé. Cảm ơn.", en: "Hi. Send me the code. Thanks."}',
        'text: {vi: "Chào. Gửi mình mã nhé.", en: "Hi. Send me the code."}',
    )
    assert [p.code for p in check(tmp_path, text, catalogue=catalogue)] == ["W330"]


# -- one round -----------------------------------------------------------------------------


def scam_and_real(pool) -> tuple[pr.PracticeItem, pr.PracticeItem]:
    return pool.items["s_power_cut"], pool.items["g_bank_alert"]


def test_tap_the_tell_is_right_and_a_wrong_part_is_not(pool) -> None:
    scam, _ = scam_and_real(pool)
    parts, tell = scam.parts("en")
    rnd = pr.Round([scam, pool.items["s_film_clip"]], pool, "practice", teach=True, lang="en")
    rnd.say(True)
    assert rnd.stage == "tell"
    rnd.tap(tell)
    assert rnd.last.correct and rnd.last.tell_right and rnd.returned is None
    rnd.next()
    rnd.say(True)
    rnd.tap((pool.items["s_film_clip"].parts("en")[1] + 1) % 3)
    assert not rnd.last.correct and rnd.last.tell_right is False
    assert rnd.returned == "s_border" and [i.id for i in rnd.queue][-1] == "s_border"


def test_first_mistake_comes_back_once_as_its_sibling(pool) -> None:
    scam, real = scam_and_real(pool)
    rnd = pr.Round([scam, real], pool, "practice", teach=True, lang="vi")
    rnd.say(False)  # a scam called real: a miss
    assert rnd.stage == "feedback" and not rnd.last.correct
    rnd.next()
    rnd.say(True)  # a real message called a scam: asked for the tell too (no giveaway), then a false alarm
    rnd.tap(0)
    assert not rnd.last.correct and rnd.last.tell_right is None
    rnd.next()
    assert [i.id for i in rnd.queue] == ["s_power_cut", "g_bank_alert", "s_drug_case"]  # the first mistake's sibling, once
    assert rnd.item.id == "s_drug_case"
    rnd.say(False)
    rnd.next()
    assert rnd.done and rnd.answers[-1].returning and len(rnd.answers) == 3


def test_a_capped_round_gives_its_last_place_to_the_returning_item(pool) -> None:
    items = [pool.items[i] for i in ("s_power_cut", "g_bank_alert", "s_task_job")]
    rnd = pr.Round(items, pool, "practice", teach=True, lang="en", limit=3)
    rnd.say(False)
    assert [i.id for i in rnd.queue] == ["s_power_cut", "g_bank_alert", "s_drug_case"]


def test_the_measure_asks_a_verdict_only_and_gives_no_feedback(pool) -> None:
    scam, real = scam_and_real(pool)
    rnd = pr.Round([scam, real], pool, "before", teach=False, lang="en")
    rnd.say(True)
    assert rnd.stage == "verdict" and rnd.index == 1  # no tell, no feedback: straight on
    rnd.say(True)
    assert rnd.done and [a.correct for a in rnd.answers] == [True, False] and rnd.returned is None


# -- draws ---------------------------------------------------------------------------------


def test_measure_halves_are_balanced_and_matched(pool) -> None:
    for seed in range(20):
        m = pr.draw_measure(pool, random.Random(seed))
        assert m is not None and len(m.before) == len(m.after) == 4
        assert sum(i.genuine for i in m.before) == 2 and sum(i.genuine for i in m.after) == 2
        for a, b in zip(m.before, m.after, strict=True):
            assert a.sibling == b.id and a.genuine == b.genuine and a.family == b.family
        assert len(m.used) == 8


def test_draws_are_seeded_and_bring_the_story_tactics(pool, library) -> None:
    story = ["authority_impersonation", "fear_threat", "urgency", "secrecy"]
    one = Learning(pool, "en", "classroom", seed=5)
    two = Learning(pool, "en", "classroom", seed=5)
    r1, r2 = one.practice_round(story), two.practice_round(story)
    assert [i.id for i in r1.queue] == [i.id for i in r2.queue]
    assert [i.id for i in one.measure.before] == [i.id for i in two.measure.before]
    assert len(r1.queue) == 6 and sum(i.genuine for i in r1.queue) >= 2
    tactics = {i.tactic for i in r1.queue}
    assert tactics & set(story) and tactics - set(story) - {None}  # the story's tactics plus others
    assert not {i.id for i in r1.queue} & one.measure.used  # practice items are not measure items
    assert Learning(pool, "en", "kiosk").round_size == 2 and Learning(pool, "en", "kiosk").measure is None
    for seed in range(10):  # the kiosk's two: one real, one scam
        assert sorted(i.genuine for i in Learning(pool, "en", "kiosk", seed=seed).practice_round(story).queue) == [False, True]


def test_too_small_pool_skips_the_measure_with_one_logged_line(pool, caplog) -> None:
    small = pr.Pool({i: pool.items[i] for i in ("s_power_cut", "s_drug_case", "g_bank_alert")}, pool.languages)
    with caplog.at_level(logging.INFO, logger="game.core.practice"):
        learning = Learning(small, "en", "classroom", seed=1)
    assert learning.measure is None and learning.before_round() is None and learning.after_round() is None
    lines = [r for r in caplog.records if "measure skipped" in r.getMessage()]
    assert len(lines) == 1
    rnd = learning.practice_round(["urgency"])  # the practice round still plays what there is
    assert rnd is not None and 1 <= rnd.total <= 3
    assert Learning(pr.Pool(), "en", "classroom").practice_round() is None  # no items at all: nothing, no crash


# -- the terminal player -------------------------------------------------------------------


def test_terminal_measure_and_practice_are_recorded(tmp_path, library) -> None:
    data = tmp_path / "data"
    typed = "2\n" * 200
    run = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "play", "--text", "--lang", "en", "--scenario", "prize-message", "--data-dir", str(data)],
        input=typed,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    assert "=== Before you start ===" in run.stdout and "=== Practice ===" in run.stdout and "Before: " in run.stdout
    assert "Which part gives the scam away? Type its number." in run.stdout
    db = sqlite3.connect(data / FILE_NAME)
    rows = db.execute("SELECT phase, COUNT(*), SUM(said = 'scam') FROM answers GROUP BY phase ORDER BY phase").fetchall()
    assert rows[0] == ("after", 4, 4) and rows[1] == ("before", 4, 4) and rows[2][0] == "practice" and rows[2][1] >= 6
    (play,) = db.execute("SELECT play_id FROM plays").fetchall()
    assert db.execute("SELECT COUNT(DISTINCT play_id) FROM answers").fetchone() == (1,)
    assert db.execute("SELECT COUNT(*) FROM answers WHERE play_id = ?", play).fetchone()[0] == rows[0][1] + rows[1][1] + rows[2][1]
    # Nothing about the person: ids, verdicts and seconds only.
    cols = [c[1] for c in db.execute("PRAGMA table_info(answers)")]
    assert cols == ["play_id", "phase", "seq", "item", "genuine", "family", "tactic", "said", "correct", "tell", "seconds", "came_back"]


def test_terminal_tell_by_number(library) -> None:
    from game.textplay import TextPlayer

    pool = shipped_pool(library.catalogue)
    learning = Learning(pool, "en", "text", measure=False, seed=3)
    item = pool.items["s_power_cut"]
    _, tell = item.parts("en")
    rnd = pr.Round([item], pool, "practice", teach=True, lang="en")
    out = io.StringIO()
    TextPlayer(library, "en", out=out, inp=io.StringIO(f"2\n{tell + 1}\n"), learning=learning).run_round(rnd, "Practice", "")
    assert "✓ Right, it is a scam. You found what gives it away." in out.getvalue()
    assert "Tactic: Time pressure" in out.getvalue()
    rnd = pr.Round([item], pool, "practice", teach=True, lang="en")
    out = io.StringIO()
    TextPlayer(library, "en", out=out, inp=io.StringIO(f"2\n{(tell + 1) % 3 + 1}\n1\n"), learning=learning).run_round(rnd, "P", "")
    text = out.getvalue()
    assert "✗ It is a scam, but another part gives it away." in text
    assert "will come back once" in text and "Message 2 of 2" in text  # the sibling, asked right after (unmarked)
    assert rnd.answers[-1].returning and rnd.answers[-1].item == item.sibling


# -- the pygame app, by posted events ------------------------------------------------------


def practice_app(library, size=(1024, 768), lang="en", seed=11, items=("s_power_cut", "g_bank_alert")):
    from game.app.scenes.practice import PracticeScene

    app, clock = make_app(library, size=size, lang=lang, practice=True)
    pool = shipped_pool(library.catalogue)
    rnd = pr.Round([pool.items[i] for i in items], pool, "practice", teach=True, lang=lang, clock=clock)
    finished = []
    app.reset_to(PracticeScene(app, rnd, lambda: finished.append(True)))
    app.frame()
    return app, rnd, finished


def test_app_tap_the_tell(library) -> None:
    app, rnd, _ = practice_app(library, size=(1080, 1920))
    tap(app, button(app, "scam"))
    assert rnd.stage == "tell"
    parts, tell = rnd.item.parts("en")
    assert [b.label for b in app.scene.choice_buttons()] == list(parts)
    tap(app, button(app, f"part:{tell}"))
    assert rnd.stage == "feedback" and rnd.last.tell_right is True
    assert rnd.returned is None


def test_app_wrong_part_then_the_returning_item_by_keys(library) -> None:
    app, rnd, finished = practice_app(library)
    key(app, pygame.K_2)  # scam
    _, tell = rnd.item.parts("en")
    key(app, pygame.K_1 + (tell + 1) % 3)  # the wrong part, by its number
    assert rnd.stage == "feedback" and rnd.last.tell_right is False
    assert rnd.returned == "s_drug_case" and rnd.total == 3
    key(app, pygame.K_RETURN)  # on
    click(app, button(app, "real"))  # the bank alert: real
    assert rnd.last.correct
    click(app, button(app, "next"))
    assert rnd.item.id == "s_drug_case"
    key(app, pygame.K_2)
    _, tell = rnd.item.parts("en")
    key(app, pygame.K_1 + tell)
    assert rnd.last.correct and rnd.last.returning
    key(app, pygame.K_RETURN)
    assert app.scene.finished and not finished  # the closing card
    click(app, button(app, "next"))
    assert finished == [True]


def test_classroom_flow_measure_story_practice_measure_takeaway(library, tmp_path) -> None:
    from game.record.store import RecordStore

    store = RecordStore(tmp_path / FILE_NAME)
    app, clock = make_app(library, lang="en", lang_given=True, practice=True)
    app.recorder = store
    click(app, story_button(app, "prize-message"))
    seen = []
    for _ in range(200):
        scene = app.scene
        seen.append(scene.name)
        if scene.name == "practice":
            rnd = scene.round
            if scene.finished:
                click(app, button(app, "next"))
            elif rnd.stage == "verdict":
                click(app, button(app, "scam"))
            elif rnd.stage == "tell":
                click(app, button(app, "part:0"))
            else:
                click(app, button(app, "next"))
        elif scene.name == "play":
            if scene.phase == "ringing":
                click(app, button(app, "accept"))
            elif scene.phase == "revealing":
                clock.now += 5
                app.frame()
            elif scene.phase == "choosing":
                click(app, scene.choice_buttons()[0])
            else:
                click(app, button(app, "debrief"))
        elif scene.name == "debrief":
            click(app, button(app, "next"))
        else:
            break
    assert app.scene.name == "takeaway"
    names = [n for i, n in enumerate(seen) if i == 0 or seen[i - 1] != n]
    assert names == ["practice", "play", "debrief", "practice", "takeaway"]
    store.close()
    db = sqlite3.connect(tmp_path / FILE_NAME)
    phases = dict(db.execute("SELECT phase, COUNT(*) FROM answers GROUP BY phase").fetchall())
    assert phases["before"] == 4 and phases["after"] == 4 and phases["practice"] >= 6


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1024, 768)])
@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_practice_screens_fit_and_targets_are_big_enough(library, size, lang) -> None:
    from game.app.scenes.practice import iter_practice_screens

    app, _ = make_app(library, size=size, lang=lang, text_size="huge" if size == (1024, 768) else "normal")
    least = max(48, int(app.unit * 7))
    names = []
    for name in iter_practice_screens(app, library.scenarios["fake-police-call"]):
        app.draw()
        names.append(name)
        assert app.last_overflows == [], (name, app.last_overflows)
        for b in app.scene.buttons:
            assert min(b.rect.size) >= least, (name, b.id, b.rect)
    assert {"practice/00-before", "practice/01-tell", "practice/01-feedback", "practice/90-score"} <= set(names)


def test_kiosk_measure_is_off_unless_its_config_turns_it_on(library, tmp_path) -> None:
    import json

    from game.kiosk.config import load_config

    path = tmp_path / "kiosk.json"
    path.write_text(json.dumps({"measure": True, "practice": "yes"}), encoding="utf-8")
    cfg = load_config(path)
    assert cfg.measure is True and cfg.practice is True and any("'practice' must be true or false" in p for p in cfg.problems)
    from kioskhelp import make_kiosk

    from game.app.scenes.practice import learning_for

    app, _ = make_kiosk(library, practice=True)
    learning = learning_for(app)
    assert learning.measure is None and learning.round_size == 2
    app, _ = make_kiosk(library, practice=True, measure=True)
    assert learning_for(app).measure is not None


# -- the report ----------------------------------------------------------------------------


def test_wilson_interval() -> None:
    from game.record.learning import wilson

    assert wilson(0, 0) is None
    lo, hi = wilson(0, 4)
    assert lo == 0.0 and round(hi, 4) == 0.4899
    lo, hi = wilson(8, 8)
    assert round(lo, 4) == 0.6756 and hi == 1.0
    lo, hi = wilson(5, 10)
    assert round(lo, 4) == 0.2366 and round(hi, 4) == 0.7634


def _answers_store(path: Path) -> None:
    """Two plays with both halves, one with the first half only (left out of the figure)."""
    from game.learning import AnswerRecord
    from game.record.store import RecordStore

    store = RecordStore(path)
    rows = {
        "p1": [
            ("before", "s1", False, "fear", "real"),
            ("before", "g1", True, "fear", "scam"),
            ("after", "s2", False, "fear", "scam"),
            ("after", "g2", True, "fear", "real"),
        ],
        "p2": [
            ("before", "s3", False, "trust", "scam"),
            ("before", "g3", True, "trust", "real"),
            ("after", "s4", False, "trust", "scam"),
            ("after", "g4", True, "trust", "real"),
        ],
        "p3": [("before", "s1", False, "fear", "real")],
    }
    for pid, answers in rows.items():
        store.start_play(pid, "classroom", "en", "prize-message")
        for seq, (phase, item, genuine, family, said) in enumerate(answers, 1):
            store.record_answer(
                AnswerRecord(pid, phase, seq, item, genuine, family, None, said, (said == "scam") != genuine, None, 3.0, False)
            )
        store.finish_play(pid, "safe", False)
    store.close()


def test_report_writes_learning_csv_and_png_and_xapi_carries_the_measure(tmp_path) -> None:
    import json

    db = tmp_path / FILE_NAME
    _answers_store(db)
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "report", "--db", str(db), "--out", str(out), "--xapi", str(out / "x.json")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "Before/after (2 play(s) answered both halves):" in run.stdout
    assert "All tactic families: scams spotted 50% (1/2) → 100% (2/2); real messages doubted 50% (1/2) → 0% (0/2)" in run.stdout
    rows = list(csv.DictReader((out / "learning.csv").open(encoding="utf-8-sig")))
    fear_before = next(r for r in rows if r["family"] == "fear" and r["phase"] == "before")
    assert fear_before["scams"] == "1" and fear_before["hits"] == "0" and fear_before["false_alarms"] == "1"
    assert float(fear_before["hit_high95"]) == pytest.approx(0.7935, abs=1e-4)
    assert (out / "learning.png").stat().st_size > 10_000
    statements = json.loads((out / "x.json").read_text(encoding="utf-8"))
    ends = [s for s in statements if s["verb"]["display"]["en-US"] == "completed"]
    measures = [s["result"]["extensions"].get("https://notalone.example.org/xapi/extensions/measure") for s in ends]
    assert sum(m is not None for m in measures) == 2  # p3 answered one half only
    m1 = next(m for m in measures if m and "before/fear" in m)
    assert m1["before/fear"] == {"scams": 1, "hits": 0, "genuine": 1, "false_alarms": 1}
    assert m1["after/all"] == {"scams": 1, "hits": 1, "genuine": 1, "false_alarms": 0}


def test_learning_chart_texts_stay_inside_and_apart(tmp_path) -> None:
    from game.record.learning import chart, compute

    _answers_store(tmp_path / FILE_NAME)
    fig = compute(tmp_path / FILE_NAME)
    for lang in ("vi", "en"):
        c = chart(fig, lang)
        w, h = c.image.size
        boxes = [b for _, b in c.boxes]
        assert all(0 <= b[0] and b[2] <= w and 0 <= b[1] and b[3] <= h for b in boxes)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def test_an_old_store_without_answers_still_reports_and_merges(tmp_path) -> None:
    from game.record.learning import compute
    from game.record.merge import merge_into

    old = tmp_path / "old.sqlite3"
    db = sqlite3.connect(old)
    from game.record.schema import SCHEMA

    db.executescript(SCHEMA.split("CREATE TABLE IF NOT EXISTS answers")[0] + "COMMIT;")
    db.close()
    assert compute(old).plays == 0
    _answers_store(tmp_path / "new.sqlite3")
    results = merge_into(tmp_path / "into.sqlite3", [old, tmp_path / "new.sqlite3"])
    assert all(r.error is None for r in results)
    assert compute(tmp_path / "into.sqlite3").plays == 2


def test_facilitator_room_votes_on_the_measure_and_practises_before_the_summary(tmp_path) -> None:
    import argparse

    from apphelp import FakeClock

    from game.facilitate.projector import RoomScene
    from game.facilitate.run import build_projector
    from game.facilitate.summary_screen import SummaryScene
    from game.facilitate.votes import VoteRoom

    args = argparse.Namespace(
        lang="en", scenario="prize-message", data_dir=None, size=(1600, 900), text_size="large", theme="default",
        reduced_motion=True, mute=True, windowed=True, live_results=False, no_practice=False, no_measure=False,
    )  # fmt: skip
    app = build_projector(args, clock=FakeClock(), audio=False, room=VoteRoom(code="K7MX", lang="en"), join_url=None)
    pygame.event.clear()
    app.frame()
    scene = app.scene
    assert scene.name == "practice" and scene.room and scene.round.phase == "before"
    assert any("the trainer picks the majority" in t for t in [scene.prompt(scene.round.item)])
    for _ in range(4):
        key(app, pygame.K_1)  # the room's majority: real
    assert isinstance(app.scene, RoomScene)
    app.scene.to_summary()  # the story's end, as the trainer's Page Down reaches it
    for _ in range(40):
        scene = app.scene
        if scene.name != "practice":
            break
        if scene.finished or scene.round.stage == "feedback":
            key(app, pygame.K_PAGEDOWN)  # the clicker goes on
        elif scene.round.stage == "verdict":
            key(app, pygame.K_2)
        else:
            key(app, pygame.K_1)
    assert isinstance(app.scene, SummaryScene)


def test_how_long_the_practice_and_the_measure_add(pool, catalogue) -> None:
    """Words at 200 wpm plus taps: the kiosk's round stays about a minute, the classroom's under five."""
    from game.learning import added_seconds

    for lang in ("vi", "en"):
        kiosk = added_seconds(pool, lang, "kiosk", catalogue)
        classroom = added_seconds(pool, lang, "classroom", catalogue)
        assert 40 <= kiosk["practice"] <= 80, (lang, kiosk)
        assert classroom["practice"] <= 300 and classroom["measure"] <= 150, (lang, classroom)
        assert classroom["practice"] > kiosk["practice"]


def test_switching_language_in_the_menu_counts_the_parts_in_the_new_one(library) -> None:
    app, rnd, _ = practice_app(library, lang="en", items=("s_safe_account", "g_bank_alert"))
    key(app, pygame.K_2)
    app.settings.lang = "vi"
    app.scene.relocalise("vi")
    app.dirty = True  # as the menu leaves it
    app.frame()
    parts, tell = rnd.item.parts("vi")
    assert [b.label for b in app.scene.choice_buttons()] == list(parts)
    click(app, button(app, f"part:{tell}"))
    assert rnd.last.tell_right is True


def test_terminal_play_with_a_too_small_pool_skips_the_measure_and_still_plays(library, pool, monkeypatch, caplog) -> None:
    import game.learning
    from game.textplay import run_text

    small = pr.Pool({i: pool.items[i] for i in ("s_power_cut", "s_drug_case")}, pool.languages)
    monkeypatch.setattr(game.learning, "shipped_pool", lambda catalogue: small)
    out = io.StringIO()
    with caplog.at_level(logging.INFO, logger="game.core.practice"):
        code = run_text(library, "en", "prize-message", inp=io.StringIO("1\n" * 40), out=out)
    assert code == 0
    text = out.getvalue()
    assert "Before you start" not in text and "=== Practice ===" in text and "Four more" not in text
    assert len([r for r in caplog.records if "measure skipped" in r.getMessage()]) == 1


def test_the_after_half_is_asked_once(pool) -> None:
    learning = Learning(pool, "en", "classroom", seed=2)
    assert learning.after_round() is None  # nothing before: nothing to compare with
    before = learning.before_round()
    while not before.done:
        before.say(True)
    after = learning.after_round()
    assert after is not None and [i.id for i in after.queue] == [learning.pool.sibling_of(i).id for i in learning.measure.before]
    assert learning.after_round() is None  # a replay of the story does not measure again


def test_kiosk_visitor_practises_two_messages_then_finishes(library) -> None:
    """Kiosk: no measure by default; after the debrief two messages (one a scam), then the takeaway's Finish."""
    from kioskhelp import make_kiosk
    from kioskhelp import start_play as kiosk_start

    from game.record.store import RecordStore

    store = RecordStore(":memory:")
    app, clock = make_kiosk(library, size=(1080, 1920), recorder=store, practice=True)
    kiosk_start(app, "prize-message")
    for _ in range(200):
        scene = app.scene
        if scene.name == "play":
            if scene.phase == "ringing":
                tap(app, button(app, "accept"))
            elif scene.phase == "revealing":
                clock.now += 5
                app.frame()
            elif scene.phase == "choosing":
                tap(app, scene.choice_buttons()[0])
            else:
                tap(app, button(app, "debrief"))
        elif scene.name == "debrief":
            tap(app, button(app, "next"))
        elif scene.name == "practice":
            rnd = scene.round
            assert rnd.phase == "practice" and rnd.total == 2
            if scene.finished or rnd.stage == "feedback":
                tap(app, button(app, "next"))
            elif rnd.stage == "verdict":
                tap(app, button(app, "scam"))
            else:
                tap(app, button(app, f"part:{rnd.item.parts('en')[1] or 0}"))  # a real message: any part
        else:
            break
    assert app.scene.name == "takeaway"
    assert len(rnd.answers) == 2  # the returning item, if any, took the second place
    assert [a.correct for a in rnd.answers] == [
        not a.genuine for a in rnd.answers
    ]  # the scam and its tell right; the real one a false alarm
    tap(app, button(app, "finish"))
    assert app.scene.name == "attract"
