"""The takeaway after a story: its own lesson, the organiser's short address in the QR code, the printable A6 card."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from apphelp import button, click, make_app, story_button, wait
from PIL import Image, ImageDraw

from game.app.painter import Painter
from game.cli import main
from game.core.card import SIZE
from game.core.library import load_library
from game.core.strings import LANGUAGES
from game.core.takeaway import QR_MAX_VERSION, TakeawayUrlError, check_takeaway_url, qr_payload, qr_text, qr_version
from game.kiosk.config import load_config
from game.textplay import run_text

DATA = Path(__file__).parent / "data"
STORY = "lesson-test"
LESSON = {
    "vi": "Công an thật không bao giờ gọi video để “làm việc”: cúp máy, gọi 113 và nói với bố mẹ.",
    "en": "Real police never question you on a video call: hang up, call 113 and tell your parents.",
}
URL = "https://bit.ly/khongmotminh"
A6_POINTS = (105 / 25.4 * 72, 148 / 25.4 * 72)  # 297.6 x 419.5 points


@pytest.fixture(scope="module")
def lesson_library(tmp_path_factory):
    """The shipped stories' catalogue and one small story with a lesson (the shipped ones get theirs elsewhere)."""
    folder = tmp_path_factory.mktemp("stories")
    text = (DATA / "mini.yaml").read_text(encoding="utf-8")
    lesson = f'lesson: {{vi: "{LESSON["vi"]}", en: "{LESSON["en"]}"}}\n'
    (folder / f"{STORY}.yaml").write_text(text.replace("id: mini-test\n", f"id: {STORY}\n{lesson}"), encoding="utf-8")
    shutil.copy(DATA / "mini.yaml", folder / "mini.yaml")  # the same story without a lesson
    library = load_library([folder], use_cache=False)
    assert STORY in library.scenarios and library.scenarios[STORY].lesson is not None, library.problems
    return library


@pytest.fixture
def drawn(monkeypatch) -> list[str]:
    """Every text the screens draw from now on (what a player would read)."""
    texts: list[str] = []
    real = Painter.text_box

    def spy(self, text, *args, **kwargs):
        texts.append(text)
        return real(self, text, *args, **kwargs)

    monkeypatch.setattr(Painter, "text_box", spy)
    return texts


def play_to_takeaway(app, clock, lang: str, story: str = STORY) -> None:
    """From the title to the takeaway by clicks: the language, the story, the first reply each time, the debrief."""
    click(app, button(app, f"lang:{lang}"))
    click(app, story_button(app, story))
    for _ in range(40):
        scene = app.scene
        if scene.name != "play":
            break
        ids = [b.id for b in scene.buttons]
        if scene.phase == "ringing":
            click(app, button(app, "accept"))
        elif scene.phase == "revealing":
            wait(app, clock, 2.0)
        elif scene.phase == "choosing":
            click(app, scene.choice_buttons()[0])
        else:
            click(app, button(app, "debrief" if "debrief" in ids else ids[-1]))
    assert app.scene.name == "debrief"
    for _ in range(app.scene.pages):
        click(app, button(app, "next"))
    assert app.scene.name == "takeaway"
    app.dirty = True
    app.frame()


# -- the story's lesson -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_story_lesson_is_on_the_takeaway_after_the_story(lesson_library, drawn, lang) -> None:
    app, clock = make_app(lesson_library, lang=lang)
    play_to_takeaway(app, clock, lang)
    assert LESSON[lang] in drawn
    from game.core.strings import ui

    assert ui("story_lesson", lang) in drawn


def test_the_lesson_is_still_there_after_the_practice_round_and_the_measure(lesson_library, drawn) -> None:
    app, clock = make_app(lesson_library, lang="en", lang_given=True, practice=True)
    click(app, story_button(app, STORY))
    seen = []
    for _ in range(200):
        scene = app.scene
        seen.append(scene.name)
        if scene.name == "practice":
            rnd = scene.round
            if scene.finished or rnd.stage not in ("verdict", "tell"):
                click(app, button(app, "next"))
            else:
                click(app, button(app, "scam" if rnd.stage == "verdict" else "part:0"))
        elif scene.name == "play":
            ids = [b.id for b in scene.buttons]
            if scene.phase == "ringing":
                click(app, button(app, "accept"))
            elif scene.phase == "revealing":
                wait(app, clock, 5.0)
            elif scene.phase == "choosing":
                click(app, scene.choice_buttons()[0])
            else:
                click(app, button(app, "debrief" if "debrief" in ids else ids[-1]))
        elif scene.name == "debrief":
            click(app, button(app, "next"))
        else:
            break
    assert app.scene.name == "takeaway" and "practice" in seen[seen.index("debrief") :]
    drawn.clear()
    app.dirty = True
    app.frame()
    assert LESSON["en"] in drawn


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_lesson_without_a_story_or_after_a_story_without_one(lesson_library, drawn, lang) -> None:
    from game.core.strings import ui

    app, clock = make_app(lesson_library, lang=lang)
    app.flow.go(app, "takeaway")  # no story played (a new visit)
    app.frame()
    assert app.scene.name == "takeaway" and any(ui("three_rules", lang) in t for t in drawn)
    assert LESSON[lang] not in drawn and ui("story_lesson", lang) not in drawn
    app, clock = make_app(lesson_library, lang=lang)
    play_to_takeaway(app, clock, lang, story="mini-test")
    assert ui("story_lesson", lang) not in drawn


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_terminal_takeaway_ends_with_the_story_lesson(lesson_library, lang) -> None:
    out = io.StringIO()
    run_text(lesson_library, lang, STORY, inp=io.StringIO("1\n" * 10), out=out, practice=False)
    takeaway = out.getvalue().split("===")[-1].replace("\n", " ")  # the last section: the takeaway
    assert " ".join(LESSON[lang].split()) in " ".join(takeaway.split())
    out = io.StringIO()
    run_text(lesson_library, lang, "mini-test", inp=io.StringIO("1\n" * 10), out=out, practice=False)
    from game.core.strings import ui

    assert ui("story_lesson", lang) not in out.getvalue()


# -- the organiser's short address ------------------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_configured_address_is_what_the_qr_code_holds_and_is_printed_under_it(lesson_library, drawn, monkeypatch, lang) -> None:
    from game.app.scenes import takeaway as screen

    encoded: list[str] = []
    real = screen.qr_matrix
    monkeypatch.setattr(screen, "qr_matrix", lambda text: encoded.append(text) or real(text))
    app, clock = make_app(lesson_library, lang=lang, takeaway_url=URL, size=(1366, 768))
    play_to_takeaway(app, clock, lang)
    assert encoded[-1] == URL == qr_payload(lang, URL)
    assert qr_version(URL) <= QR_MAX_VERSION
    assert URL in drawn
    # Without one: the short text, as before.
    encoded.clear()
    app, clock = make_app(lesson_library, lang=lang, size=(1366, 768))
    play_to_takeaway(app, clock, lang)
    assert encoded[-1] == qr_text(lang) and URL not in drawn[-20:]


def test_an_overlong_or_unusable_address_is_refused_with_a_clear_message(tmp_path, capsys) -> None:
    long = "https://example.org/" + "x" * 100
    with pytest.raises(TakeawayUrlError, match=r"version 6.*at most version 5.*shorter address"):
        check_takeaway_url(long)
    with pytest.raises(TakeawayUrlError, match="https://"):
        check_takeaway_url("bit.ly/khongmotminh")
    with pytest.raises(TakeawayUrlError, match="spaces"):
        check_takeaway_url("https://bit.ly/a b")
    assert check_takeaway_url(f"  {URL} ") == URL
    # On the command line: refused before anything starts.
    assert main(["takeaway-card", "--lang", "en", "--out", str(tmp_path), "--takeaway-url", long]) == 2
    assert "too dense to scan" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())
    # In the kiosk's settings file: a problem said plainly, and the short text instead.
    cfg_path = tmp_path / "kiosk.json"
    cfg_path.write_text(f'{{"takeaway_url": "{long}"}}', encoding="utf-8")
    cfg = load_config(cfg_path)
    assert cfg.takeaway_url is None and any("takeaway_url" in p and "version 5" in p for p in cfg.problems)
    cfg_path.write_text(f'{{"takeaway_url": "{URL}"}}', encoding="utf-8")
    assert load_config(cfg_path).takeaway_url == URL


def test_the_kiosk_takeaway_has_the_lesson_and_the_settings_file_address_and_offers_no_card(lesson_library, drawn) -> None:
    from kioskhelp import make_kiosk

    from game.core.debrief import build_debrief
    from game.core.playthrough import Playthrough

    app, _ = make_kiosk(lesson_library, takeaway_url=URL)
    assert app.settings.takeaway_url == URL
    app.flow.visit.debrief = build_debrief(Playthrough(lesson_library.scenarios[STORY]), lesson_library.catalogue, "vi")
    app.flow.go(app, "takeaway")
    app.frame()
    assert [b.id for b in app.scene.buttons] == ["finish"]
    assert LESSON[app.settings.lang] in drawn and URL in drawn


# -- the printable card -----------------------------------------------------------------------


def check_card(png: Path, pdf: Path) -> None:
    with Image.open(png) as img:
        assert img.size == SIZE == (1240, 1748)
    data = pdf.read_bytes()
    assert data[:4] == b"%PDF"
    box = re.search(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert box, "no MediaBox in the PDF"
    x0, y0, x1, y1 = (float(v) for v in box.groups())
    assert (x0, y0) == (0, 0)
    assert abs(x1 - A6_POINTS[0]) < 1 and abs(y1 - A6_POINTS[1]) < 1, (x1, y1)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_print_card_writes_an_a6_png_and_pdf_and_says_where(lesson_library, drawn, tmp_path, lang) -> None:
    app, clock = make_app(lesson_library, lang=lang, card_dir=tmp_path / "cards", takeaway_url=URL)
    play_to_takeaway(app, clock, lang)
    click(app, button(app, "print"))
    app.frame()
    pngs, pdfs = sorted((tmp_path / "cards").glob("*.png")), sorted((tmp_path / "cards").glob("*.pdf"))
    assert len(pngs) == len(pdfs) == 1
    check_card(pngs[0], pdfs[0])
    assert STORY in pngs[0].name and lang in pngs[0].name  # the story and the language: nothing about the player
    assert any(str(tmp_path / "cards") in t for t in drawn)  # the trainer is told where the files are
    assert app.scene.name == "takeaway"


def test_the_card_shows_the_lesson_when_there_is_one(lesson_library) -> None:
    from game.core.card import draw_card

    with_lesson, without = draw_card("vi", LESSON["vi"]), draw_card("vi")
    assert with_lesson.size == without.size == SIZE
    assert with_lesson.tobytes() != without.tobytes()


def test_a_card_that_cannot_be_written_is_said_plainly(lesson_library, drawn, tmp_path) -> None:
    blocker = tmp_path / "cards"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    app, clock = make_app(lesson_library, lang="en", card_dir=blocker)
    play_to_takeaway(app, clock, "en")
    click(app, button(app, "print"))
    app.frame()
    assert any(t.startswith("The card could not be saved") for t in drawn)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_takeaway_card_command_writes_the_card_before_class(tmp_path, capsys, lang) -> None:
    assert main(["takeaway-card", "--lang", lang, "--out", str(tmp_path), "--scenario", "fake-police-call", "--takeaway-url", URL]) == 0
    out = capsys.readouterr().out
    png, pdf = tmp_path / f"notalone-card-{lang}-fake-police-call.png", tmp_path / f"notalone-card-{lang}-fake-police-call.pdf"
    assert str(png) in out and str(pdf) in out
    check_card(png, pdf)
    assert main(["takeaway-card", "--lang", lang, "--out", str(tmp_path), "--scenario", "no-such-story"]) == 2


@pytest.mark.parametrize("bold", [False, True])
def test_the_card_font_draws_every_vietnamese_letter_on_it_not_a_box(bold) -> None:
    from game.core.card import _font
    from game.core.strings import ui
    from game.core.takeaway import takeaway_text

    font = _font(40, bold)

    def glyph(c: str) -> bytes:
        img = Image.new("L", (80, 80))
        ImageDraw.Draw(img).text((10, 10), c, font=font, fill=255)
        return img.tobytes()

    box = glyph("\ue000")  # a private-use character: no font has it, FreeType draws its empty box
    text = takeaway_text("vi") + LESSON["vi"] + ui("story_lesson", "vi") + ui("three_rules", "vi") + ui("hotlines", "vi")
    missing = {c for c in set(text) if c.strip() and glyph(c) == box}
    assert not missing, missing


@pytest.mark.parametrize("text_size", ["normal", "huge"])
@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_the_takeaway_with_lesson_address_and_card_note_fits_at_every_size(lesson_library, tmp_path, lang, text_size) -> None:
    from game.app.flow import Visit
    from game.app.shots import SIZES
    from game.core.debrief import build_debrief
    from game.core.playthrough import Playthrough

    debrief = build_debrief(Playthrough(lesson_library.scenarios[STORY]), lesson_library.catalogue, lang)
    for size in SIZES:
        app, _ = make_app(lesson_library, size=size, lang=lang, text_size=text_size, takeaway_url=URL, card_dir=tmp_path / "cards")
        app.reset_to(app.flow.make(app, "takeaway", Visit(scenario=lesson_library.scenarios[STORY], debrief=debrief)))
        app.draw()
        assert app.last_overflows == [], (size, app.last_overflows)
        click(app, button(app, "print"))  # the note saying where the card is takes a line of its own
        app.draw()
        assert app.last_overflows == [], (size, app.last_overflows)
