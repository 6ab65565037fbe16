"""Evidence on the phone (#15): every attachment kind drawn at every size without overflow, its tells marked
where they are drawn, the snapshot's marks on the tell's pixels, and the terminal player printing it all."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pygame
import pytest

from game.app.app import App, Settings
from game.app.painter import quote_spans
from game.app.scenes import phone
from game.app.scenes.play import PlayScene
from game.core.library import SCENARIOS_DIR, load_library
from game.core.model import ATTACHMENT_KINDS
from game.core.strings import LANGUAGES
from game.textplay import TextPlayer
from tests.evidence_story import write_story


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stories")
    write_story(folder)
    library = load_library([folder], catalogue_path=SCENARIOS_DIR / "tactics.yaml", use_cache=False)
    assert "evidence-test" in library.scenarios, [d for r in library.reports for d in r.problems]
    return library


def _app(library, size, text_size="normal", lang="en") -> App:
    return App(library, Settings(muted=True, practice=False, text_size=text_size, lang=lang), None, size=size, audio=False)


def _expected_whys(step, lang: str) -> set[str]:
    whys = {t.why.get(lang) for t in step.tells}
    for att in step.attachments:
        if att.source_tell is not None:
            whys.add(att.source_tell.get(lang))
        whys |= {r.tell.get(lang) for r in att.rows if r.tell is not None}
    return whys


def test_the_story_has_every_kind(story) -> None:
    kinds = {a.kind for s in story.scenarios["evidence-test"].steps.values() for a in s.attachments}
    assert kinds == set(ATTACHMENT_KINDS)


@pytest.mark.parametrize("size", [(1024, 768), (1080, 1920), (1366, 768)])
@pytest.mark.parametrize("text_size", ["normal", "huge"])
@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_every_kind_fits_the_phone_and_marks_its_tells(story, size, text_size, lang) -> None:
    """Each step drawn as the play screen draws it: no text overflows, and every tell of it is marked once drawn."""
    app = _app(story, size, text_size, lang)
    scenario = story.scenarios["evidence-test"]
    phone_rect, _ = PlayScene.layout(SimpleNamespace(app=app))  # the play screen's own phone
    for step in scenario.steps.values():
        surface = pygame.Surface(size)
        p = app.painter(surface)
        screen = phone.phone_frame(app, p, phone_rect)
        chunks = phone.sentences(step.text.get(lang)) if step.channel in ("call", "video_call") else [step.text.get(lang)]
        view = phone.View(scenario, step, lang, len(chunks), chunks, 5.0, False, 0)
        phone.draw_step(app, p, screen, view)
        assert p.overflows == [], f"{step.id} at {size} {text_size} {lang}: {p.overflows}"
        assert {mk.why for mk in p.marks} == _expected_whys(step, lang), step.id
        for mk in p.marks:
            assert screen.contains(pygame.Rect(mk.rect)), f"{step.id}: a tell marked off the phone's screen"


def _ink(surface: pygame.Surface, rect: pygame.Rect) -> int:
    """How many colours are in rect: drawn words give many, an empty background one."""
    sub = surface.subsurface(rect)
    return len({tuple(sub.get_at((x, y)))[:3] for x in range(sub.get_width()) for y in range(sub.get_height())})


def test_snapshot_returns_marks_on_the_drawn_tells(story) -> None:
    app = _app(story, (1366, 768))
    scenario = story.scenarios["evidence-test"]
    step = scenario.steps["warrant"]
    surface, marks = phone.snapshot(app, scenario, step, "en", (360, 700))
    area = surface.get_rect()
    by_why = {mk.why: pygame.Rect(mk.rect) for mk in marks}
    source = by_why["A real warrant is never sent by chat."]
    row = by_why["Police never send a warrant by chat."]
    quote = by_why["Real police never ask you to keep it from your parents."]
    for rect in (source, row, quote):
        assert area.contains(rect)
        assert _ink(surface, rect) > 3, "the marked rectangle holds the drawn words"
    # Nothing is drawn outside the tell's words: a strip just right of the source's rectangle is plain background.
    beside = pygame.Rect(source.right + 2, source.y, min(20, area.right - source.right - 2), source.height)
    if beside.width > 2:
        assert _ink(surface, beside) <= 2


def test_a_quote_is_found_across_wrapped_lines() -> None:
    lines = ["Here is your arrest warrant. Do not", "tell your parents, or you will"]
    assert quote_spans(lines, "Do not tell your parents") == [(0, 29, 35), (1, 0, 17)]
    assert quote_spans(lines, "never said") == []


def test_terminal_player_prints_attachments(story) -> None:
    out = io.StringIO()
    player = TextPlayer(story, "en", out=out, inp=io.StringIO("1\n" * 20))
    player.play(story.scenarios["evidence-test"])
    text = out.getvalue()
    for words in (
        "[Document] ARREST AND DETENTION WARRANT (Zalo · 0x8.jpg)",
        "Sent by: Zalo",
        "482 913",
        "[Profile] Tran Minh Anh",
        "Joined: 3 days ago",
        "Accessibility: View and control your screen",
        "dichvucong.gov.vn-login.top",
        "Ministry of Public Security office",
        "(with a red seal and a signature)",
        "— Three days later —",
        "(A video call from an account named “Ministry of Public Security”.)",
    ):
        assert words in text, words


PRACTICE = """\
items:
  - id: ev_app
    genuine: false
    channel: chat
    from: {vi: "Cán bộ phường", en: "Ward officer"}
    text:
      vi: "Chào em, phường đang cập nhật định danh. Em cài ứng dụng này để xác thực ngay nhé. Xong thì báo anh."
      en: "Hi, the ward is updating ID records. Install this app to verify right away. Tell me when it's done."
    tactic: fake_app
    tell: {vi: "Em cài ứng dụng này để xác thực ngay nhé.", en: "Install this app to verify right away."}
    feedback: {vi: "Ứng dụng thật chỉ có trên kho ứng dụng.", en: "The real app is only in the app store."}
    attachments:
      - kind: app_install
        title: {vi: "VNeID", en: "VNeID"}
        source: "vneid-capnhat.apk"
        source_tell: {vi: "Tệp .apk gửi qua chat không phải ứng dụng thật.", en: "An .apk sent in a chat is not the real app."}
        rows:
          - label: {vi: "Trợ năng", en: "Accessibility"}
            text: {vi: "Điều khiển màn hình", en: "Control your screen"}
  - id: ev_real
    genuine: true
    family: fear
    channel: sms
    from: "VNeID"
    text:
      vi: "Tài khoản định danh của bạn vừa đăng nhập trên thiết bị mới. Nếu không phải bạn, hãy đổi mật khẩu trong ứng dụng."
      en: "Your ID account just signed in on a new device. If this was not you, change your password in the app."
    feedback: {vi: "Tin thật không đòi mã.", en: "A real notice asks for no code."}
"""


@pytest.mark.parametrize("size", [(1366, 768), (1080, 1920)])
def test_practice_tell_on_the_evidence_is_tapped_where_it_is_drawn(library, tmp_path, size) -> None:
    """A practice item's attachment is drawn as on the phone; tapping its marked tell finds the scam."""
    from game.app.scenes.practice import PracticeScene
    from game.core import practice as pr
    from tests.apphelp import button, click, make_app

    folder = tmp_path / "practice"
    folder.mkdir()
    (folder / "items.yaml").write_text(PRACTICE, encoding="utf-8")
    pool, reports = pr.load_pool(pr.practice_files(folder), library.catalogue)
    assert len(pool) == 2, [p for r in reports for p in r.problems]
    app, _ = make_app(library, size=size, lang="en", text_size="huge")
    rnd = pr.Round([pool.items["ev_app"]], pool, "practice", teach=True, lang="en")
    app.reset_to(PracticeScene(app, rnd, lambda: None))
    app.frame()
    click(app, button(app, "scam"))
    assert rnd.stage == "tell"
    app.frame()
    assert app.last_overflows == []
    tell = button(app, "evidence_tell")
    assert tell.label == "An .apk sent in a chat is not the real app."
    click(app, tell)
    assert rnd.last is not None and rnd.last.tell_right is True
