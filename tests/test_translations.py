"""Translations in PO files: what a translator writes reaches the game, and nothing else does.

Real files throughout: a story in an organiser's folder with its own locale/<lang>/<stem>.po
beside it, and the `i18n` commands run as a translator runs them, on a copy of the
repository's scenarios (NOTALONE_ROOT), in a subprocess.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from game.core import i18n
from game.core.library import load_library
from game.core.strings import LANGUAGES, keys, ui

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "data" / "mini.yaml"


PSEUDO = str.maketrans({"a": "á", "e": "é", "o": "ö"})


def pseudo(english: str) -> str:
    """A stand-in translation: recognisable, as long as the English, placeholders kept; letter by
    letter, so a tell's quote stays a piece of its message, as a real translator keeps it."""
    return "".join(part if part.startswith("{") else part.translate(PSEUDO) for part in re.split(r"(\{[a-z_]+\})", english))


def write_po(path: Path, sources: list[i18n.Source], text=pseudo, lang: str = "fr") -> polib.POFile:
    path.parent.mkdir(parents=True, exist_ok=True)
    f = polib.POFile(wrapwidth=0)
    f.metadata = {"Language": lang, "Content-Type": "text/plain; charset=UTF-8"}
    for s in sources:
        f.append(polib.POEntry(msgctxt=s.context, msgid=s.english, msgstr=text(s.english)))
    f.save(str(path))
    return f


@pytest.fixture
def folder(tmp_path):
    """An organiser's story folder holding mini.yaml, and the French PO of all its texts."""
    shutil.copy(MINI, tmp_path / "mini.yaml")
    sources = i18n.file_sources(tmp_path / "mini.yaml")
    write_po(tmp_path / "locale" / "fr" / "mini.po", sources)
    return tmp_path


def load(folder: Path, use_cache: bool = False):
    lib = load_library([folder], use_cache=use_cache)
    return lib.scenarios.get("mini-test"), lib


def test_a_story_s_po_file_makes_it_playable_in_that_language(folder):
    sources = i18n.file_sources(folder / "mini.yaml")
    contexts = [s.context for s in sources]
    assert "mini:steps.first.text" in contexts and "mini:steps.first.choices.1.text" in contexts
    assert len(set(contexts)) == len(contexts), "every text has a context of its own"
    sc, _ = load(folder)
    assert sc is not None and "fr" in sc.languages
    assert sc.steps["first"].text.get("fr") == pseudo("You are linked to a case.")
    assert sc.steps["first"].choices[0].text.get("fr") == pseudo("Hang up")
    assert sc.steps["first"].text.get("vi") == "Em dính vào vụ án.", "the inline languages are untouched"


def test_a_stale_fuzzy_or_missing_translation_is_not_used_and_the_language_is_not_offered(folder):
    po_path = folder / "locale" / "fr" / "mini.po"
    f = polib.pofile(str(po_path))
    first = next(e for e in f if e.msgctxt == "mini:steps.first.text")
    first.msgid = "You were linked to a case last year."  # the English has changed since it was translated
    hang_up = next(e for e in f if e.msgctxt == "mini:steps.first.choices.1.text")
    hang_up.flags.append("fuzzy")
    f.save()
    sc, _ = load(folder)
    assert sc is not None and "fr" not in sc.languages, "a story is offered only in a language it has whole"
    assert sc.steps["first"].text.get("fr") == "Em dính vào vụ án.", "the stale translation is not shown"
    assert "fr" not in sc.steps["first"].choices[0].text.by_lang, "a fuzzy translation is not used"
    assert sc.steps["second"].text.get("fr") == pseudo("Transfer the money."), "the current ones still are"


def test_a_broken_po_file_is_named_and_the_story_still_plays(folder):
    po_path = folder / "locale" / "fr" / "mini.po"
    po_path.write_text(po_path.read_text(encoding="utf-8") + "\nthis line is no PO at all\n", encoding="utf-8")
    sc, lib = load(folder)
    assert sc is not None and set(sc.languages) == {"vi", "en"}
    problems = [p for r in lib.reports for p in r.problems if p.code == "W320"]
    assert len(problems) == 1 and "mini.po" in problems[0].message and "(line " in problems[0].message and "Poedit" in problems[0].message


def test_an_unfinished_translation_is_named_with_what_it_lacks(folder):
    po_path = folder / "locale" / "fr" / "mini.po"
    f = polib.pofile(str(po_path))
    next(e for e in f if e.msgctxt == "mini:steps.second.text").msgstr = ""
    f.save()
    sc, lib = load(folder)
    assert sc is not None and "fr" not in sc.languages
    (w,) = [p for r in lib.reports for p in r.problems if p.code == "W322"]
    assert "'fr' translation lacks 1 of" in w.message and "step 'second' 'text'" in w.message
    assert (
        w.line
        == (folder / "mini.yaml")
        .read_text(encoding="utf-8")
        .splitlines()
        .index('    text: {vi: "Chuyển tiền đi.", en: "Transfer the money."}')
        + 1
    ), "the line of the text that lacks it"


def test_a_practice_tell_lost_in_translation_keeps_that_language_out_of_practice(tmp_path, catalogue):
    from game.core.practice import load_pool

    source = ROOT / "scenarios" / "practice" / "scams.yaml"
    (tmp_path / "practice").mkdir()
    shutil.copy(source, tmp_path / "practice" / "scams.yaml")
    path = tmp_path / "practice" / "scams.yaml"
    sources = i18n.file_sources(path)
    po_path = tmp_path / "practice" / "locale" / "fr" / "scams.po"
    write_po(po_path, sources)
    pool, reports = load_pool([path], catalogue)
    assert "fr" in pool.languages and not [p for r in reports for p in r.problems if p.code == "W321"]
    f = polib.pofile(str(po_path))
    next(e for e in f if e.msgctxt == "scams:items.s_police_call.tell").msgstr = "Nous prendrons votre déposition."
    f.save()
    pool, reports = load_pool([path], catalogue)
    (w,) = [p for r in reports for p in r.problems if p.code == "W321"]
    assert "item 's_police_call'" in w.message and "'fr'" in w.message
    assert "fr" not in pool.languages and {"vi", "en"} <= set(pool.languages)


def test_the_checked_story_cache_sees_a_changed_translation(folder):
    sc, _ = load(folder, use_cache=True)
    sc, _ = load(folder, use_cache=True)  # from the cache now
    assert sc is not None and sc.steps["first"].text.get("fr") == pseudo("You are linked to a case.")
    po_path = folder / "locale" / "fr" / "mini.po"
    f = polib.pofile(str(po_path))
    next(e for e in f if e.msgctxt == "mini:steps.first.text").msgstr = "Vous êtes lié à une affaire."
    f.save()
    sc, _ = load(folder, use_cache=True)
    assert sc is not None and sc.steps["first"].text.get("fr") == "Vous êtes lié à une affaire."


def test_a_translated_tell_that_is_not_in_its_text_is_reported_in_that_language(tmp_path):
    story = ROOT / "scenarios" / "fake-police-call.yaml"
    shutil.copy(story, tmp_path / "police.yaml")
    sources = i18n.file_sources(tmp_path / "police.yaml")
    write_po(tmp_path / "locale" / "fr" / "police.po", sources)
    lib = load_library([tmp_path], use_cache=False)
    sc = lib.scenarios["fake-police-call"]
    assert "fr" in sc.languages
    problems = [p.message for r in lib.reports for p in r.problems if p.code == "W315"]
    assert problems == [], "every pseudo-translated quote is still a piece of its pseudo-translated text"
    f = polib.pofile(str(tmp_path / "locale" / "fr" / "police.po"))
    next(e for e in f if e.msgctxt == "police:steps.parcel_call.tells.1.quote").msgstr = "je vous passe la police"
    f.save()
    lib = load_library([tmp_path], use_cache=False)
    problems = [p.message for r in lib.reports for p in r.problems if p.code == "W315"]
    assert len(problems) == 1 and "fr quote “je vous passe la police”" in problems[0]


# -- the translator's commands, on a copy of the repository ---------------------------------------


@pytest.fixture
def repo(tmp_path):
    """A copy of the shipped stories and assets, without their translations: NOTALONE_ROOT for the commands."""
    shutil.copytree(ROOT / "scenarios", tmp_path / "scenarios", ignore=shutil.ignore_patterns("locale"))
    (tmp_path / "assets").symlink_to(ROOT / "assets")
    return tmp_path


def run(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NOTALONE_ROOT": str(repo), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, env=env, timeout=120)


def test_extract_init_check_and_update_as_a_translator_uses_them(repo):
    out = run(repo, "i18n", "extract")
    assert out.returncode == 0, out.stderr
    pots = {p.stem for p in (repo / "scenarios" / "locale" / "templates").glob("*.pot")}
    assert {"interface", "tactics", "practice.scams", "practice.genuine", "fake-police-call"} <= pots
    entry = next(
        e
        for e in polib.pofile(str(repo / "scenarios/locale/templates/fake-police-call.pot"))
        if e.msgctxt.endswith(":steps.parcel_call.text")
    )
    assert entry.msgctxt == "fake-police-call:steps.parcel_call.text"
    assert "said by “Courier”, by call" in entry.comment and "Vietnamese: Alo, Ngân" in entry.comment and "at most" in entry.comment
    assert entry.occurrences[0][0] == "scenarios/fake-police-call.yaml"

    assert run(repo, "i18n", "init", "pt").returncode == 0
    assert run(repo, "i18n", "init", "pt").returncode == 2, "a started language is not overwritten"
    interface = repo / "scenarios" / "locale" / "pt" / "interface.po"
    f = polib.pofile(str(interface))
    for e in f:
        e.msgstr = pseudo(e.msgid)
    minutes = next(e for e in f if e.msgctxt == "interface:minutes")
    minutes.msgstr = "minutos"  # the placeholder {n} is lost
    f.save()
    out = run(repo, "i18n", "check", "pt")
    assert out.returncode == 1
    lines = out.stdout.splitlines()
    lost = [x for x in lines if "'interface:minutes'" in x]
    text = interface.read_text(encoding="utf-8").splitlines()
    line = text.index('msgctxt "interface:minutes"') + 3  # the entry's msgstr, where the translator fixes it
    assert text[line - 1] == 'msgstr "minutos"'
    assert lost == [f"scenarios/locale/pt/interface.po:{line}: 'interface:minutes': the placeholders differ from the English ({{n}})"]
    assert any(re.match(r"scenarios/locale/pt/fake-police-call\.po:\d+: 'fake-police-call:title' is not translated", x) for x in lines)

    # The English of a story changes: update keeps the old translation, marked fuzzy, with the old English.
    for po_file in (repo / "scenarios" / "locale" / "pt").glob("*.po"):
        g = polib.pofile(str(po_file))
        for e in g:
            e.msgstr = e.msgstr or pseudo(e.msgid)
        g.save()
    assert run(repo, "i18n", "check", "pt").returncode == 1  # only the placeholder is left
    next(e for e in f if e.msgctxt == "interface:minutes").msgstr = "{n} minutos"
    f.save()
    out = run(repo, "i18n", "check", "pt")
    assert out.returncode == 0, out.stdout
    assert re.search(r"^pt: (\d+)/\1 translated, [\d,]+ words, 0 problem\(s\)$", out.stdout, re.M), out.stdout
    story = repo / "scenarios" / "fake-police-call.yaml"
    story.write_text(
        story.read_text(encoding="utf-8").replace("I'm with the delivery service.", "I'm from the delivery company."), encoding="utf-8"
    )
    assert run(repo, "i18n", "extract").returncode == 0
    assert run(repo, "i18n", "update").returncode == 0
    changed = next(
        e
        for e in polib.pofile(str(repo / "scenarios/locale/pt/fake-police-call.po"))
        if e.msgctxt == "fake-police-call:steps.parcel_call.text"
    )
    assert changed.fuzzy and "delivery company" in changed.msgid and "delivery service" in changed.previous_msgid
    assert changed.msgstr == pseudo(changed.previous_msgid), "the old translation is kept for the translator to fix"
    out = run(repo, "i18n", "check", "pt")
    assert out.returncode == 1 and "'fake-police-call:steps.parcel_call.text' is fuzzy" in out.stdout


def test_a_complete_language_is_offered_everywhere_by_its_own_name(repo):
    assert run(repo, "i18n", "extract").returncode == 0
    assert run(repo, "i18n", "init", "pt").returncode == 0
    for po_file in (repo / "scenarios" / "locale" / "pt").glob("*.po"):
        g = polib.pofile(str(po_file))
        for e in g:
            e.msgstr = "Português" if e.msgctxt == "interface:language_name" else pseudo(e.msgid)
        g.save()
    probe = "from game.core.strings import LANGUAGES; from game.core.library import load_library; "
    probe += "lib = load_library(use_cache=False); print(LANGUAGES['pt']); print(sorted(s.id for s in lib.scenarios.values() if 'pt' in s.languages))"
    env = {**os.environ, "NOTALONE_ROOT": str(repo), "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    name, stories = out.stdout.splitlines()
    assert name == "Português" and len(eval(stories)) == 9  # noqa: S307 - our own printed list
    out = run(repo, "play", "--text", "--lang", "pt", "--scenario", "fake-police-call")
    assert "--lang" not in out.stderr, "--lang accepts a language that ships as data"


def test_the_shipped_interface_is_complete_in_every_offered_language():
    for lang in LANGUAGES:
        assert keys(lang) >= keys("en"), lang
        assert ui("language_name", lang) == LANGUAGES[lang]
    assert {"vi", "en"} <= set(LANGUAGES)
