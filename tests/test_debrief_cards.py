"""The debrief a 15-year-old reads: one card per decision, praise only under the player's own
safe reply, genuine steps explained, "Show me" lighting up the tell, a summary that says which
tricks caught you, and nothing dropped silently at any size, language or text size."""

from __future__ import annotations

import pygame
import pytest
from apphelp import button, click, key, make_app, wait

from game.app.painter import Painter
from game.app.scenes.debrief import SNAP_SIZE, DebriefScene
from game.app.shots import SIZES, every_choice_play
from game.core.debrief import build_debrief
from game.core.strings import LANGUAGES, ui

SCENARIO = "fake-police-call"
RISK = {"safe": 0, "neutral": 1, "risky": 2, "unsafe": 3}


def play_to_debrief(app, clock) -> None:
    """Play SCENARIO through posted clicks: trust every real message, resist every fourth trick, fall for the rest."""
    click(app, button(app, f"scenario:{SCENARIO}"))
    decisions = 0
    for _ in range(120):
        scene = app.scene
        if scene.name != "play":
            break
        if scene.phase == "ringing":
            click(app, button(app, "accept"))
        elif scene.phase == "revealing":
            wait(app, clock, 3.0)
        elif scene.phase == "choosing":
            choices = scene.choice_buttons()
            if len(choices) > 1:
                safe = scene.step.genuine or decisions % 4 == 0
                decisions += 1
                pick = min if safe else max
                click(app, pick(choices, key=lambda b: RISK[b.payload.safety]))
            else:
                click(app, choices[0])
        else:
            click(app, button(app, "debrief"))
    assert app.scene.name == "debrief"


class Drawn:
    """Every text the painter draws, while installed (monkeypatched over Painter.text_box and text_line)."""

    def __init__(self, monkeypatch) -> None:
        self.texts: list[str] = []
        box, line = Painter.text_box, Painter.text_line

        def text_box(p, text, *a, **k):
            self.texts.append(text)
            return box(p, text, *a, **k)

        def text_line(p, text, *a, **k):
            self.texts.append(text)
            return line(p, text, *a, **k)

        monkeypatch.setattr(Painter, "text_box", text_box)
        monkeypatch.setattr(Painter, "text_line", text_line)

    def of(self, app) -> list[str]:
        self.texts.clear()
        app.draw()
        return list(self.texts)


def first_card_with_tells(app) -> int:
    """Page on to the first card whose phone picture has a tell (the story's own); its index."""
    scene = app.scene
    for _ in range(scene.pages):
        app.draw()
        found = [i for i in scene.page_items() if scene.marks_of(i)]
        if found:
            return found[0]
        click(app, button(app, "next"))
    raise AssertionError("no card of the played story shows a tell")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_one_card_per_decision_praise_only_under_own_safe_reply(library, monkeypatch, lang) -> None:
    app, clock = make_app(library, lang=lang, lang_given=True)
    play_to_debrief(app, clock)
    scene = app.scene
    drawn = Drawn(monkeypatch)
    decisions = [i for i in scene.debrief.items if i.verdict != "continued"]
    praise = ui("praise", lang)
    cards: list[tuple] = []
    for _ in range(scene.pages - 1):
        texts = drawn.of(app)
        on_page = [scene.items[i] for i in scene.page_items()]
        assert len(on_page) == 1  # 1024x768: one card a page
        cards.append((on_page[0], texts))
        click(app, button(app, "next"))
    assert [c for c, _ in cards] == decisions  # one card per decision, in order
    safe = [c for c, t in cards if c.safety == "safe"]
    unsafe = [(c, t) for c, t in cards if c.safety != "safe"]
    assert safe and unsafe
    for item, texts in cards:
        assert (praise in texts) == (item.safety == "safe"), item.step_id
    for item, texts in unsafe:
        # The safe reply is shown as what to say instead, never with its own "Right." / "Đúng." praise.
        assert any(ui("say_instead", lang) in t and item.safe_reply in t for t in texts), item.step_id
        assert item.safe_feedback not in texts
    genuine = [(c, t) for c, t in cards if c.genuine]
    assert genuine
    for item, texts in genuine:
        assert item.why_real and any(ui("why_real", lang) in t and item.why_real in t for t in texts)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_summary_marks_a_trick_the_player_fell_for(library, monkeypatch, lang) -> None:
    app, clock = make_app(library, lang=lang, lang_given=True)
    play_to_debrief(app, clock)
    scene = app.scene
    fell = [i.tactic.name for i in scene.items if i.verdict == "fell_for" and i.tactic]
    resisted = [i.tactic.name for i in scene.items if i.verdict == "resisted" and i.tactic]
    drawn = Drawn(monkeypatch)
    while scene.page < scene.card_pages:
        click(app, button(app, "next"))
    texts = []  # the summary: one page, or two with huge text on a small screen
    while app.scene is scene:
        texts += drawn.of(app)
        click(app, button(app, "next"))
    assert f"{fell[0]} — {ui('chip_fell_for', lang)}" in texts
    only_resisted = [n for n in resisted if n not in fell]
    if only_resisted:
        assert f"{only_resisted[0]} — {ui('chip_resisted', lang)}" in texts
    s = scene.debrief.summary
    assert ui("trusted_n_of_k", lang, a=s.trusted, b=s.genuine_steps) in "\n".join(texts)
    assert any(ui("family_caught", lang) in t for t in texts)  # a family that caught the player is named


def test_show_me_lights_up_exactly_the_tell(library, monkeypatch) -> None:
    """On the first card whose phone picture has a tell (the story's own, marked where the phone drew it)."""
    app, clock = make_app(library, lang="en", lang_given=True, size=(1366, 768))
    play_to_debrief(app, clock)
    scene = app.scene
    i = first_card_with_tells(app)
    show = button(app, f"show:{i}")
    marks = scene.marks_of(i)
    mark = marks[0]
    app.draw()
    # Where the tell lands on the thumbnail: its rectangle scaled from the snapshot into the card.
    thumb = scene.thumbs[i]
    fx, fy = thumb.width / SNAP_SIZE[0], thumb.height / SNAP_SIZE[1]
    x, y, w, h = mark.rect
    inside = pygame.Rect(thumb.x + round(x * fx), thumb.y + round(y * fy), round(w * fx), round(h * fy))
    others = [
        pygame.Rect(thumb.x + round(a * fx), thumb.y + round(b * fy), round(c * fx), round(d * fy))
        for a, b, c, d in (m.rect for m in marks[1:])
    ]
    app.draw()
    before = app.screen.copy()
    click(app, show)
    app.draw()
    after = app.screen.copy()
    assert _changed(before, after, inside.inflate(-4, -4)) == 1.0  # every pixel of the tell lit up
    outside = [r for r in _around(inside, thumb) if not any(r.colliderect(o.inflate(8, 8)) for o in others)]
    assert outside and all(_changed(before, after, r) == 0.0 for r in outside)
    texts = Drawn(monkeypatch).of(app)
    assert f"• {mark.why}" in texts and "Hide" in [b.label for b in app.scene.buttons]
    # By keyboard: Tab to the button, Enter turns it off again.
    for _ in range(len(app.focusables())):
        if app.focused() is not None and app.focused().id == show.id:
            break
        key(app, pygame.K_TAB)
    assert app.focused().id == show.id
    key(app, pygame.K_RETURN)
    app.draw()
    assert _changed(before, app.screen, thumb) == 0.0


def _changed(a: pygame.Surface, b: pygame.Surface, rect: pygame.Rect) -> float:
    """Share of the pixels of rect that differ between two pictures."""
    n = diff = 0
    for x in range(rect.left, rect.right, 2):
        for y in range(rect.top, rect.bottom, 2):
            n += 1
            diff += a.get_at((x, y)) != b.get_at((x, y))
    return diff / max(1, n)


def _around(r: pygame.Rect, within: pygame.Rect, gap: int = 3, band: int = 12) -> list[pygame.Rect]:
    """Bands just outside r (above, below, left, right), inside `within`."""
    bands = [
        pygame.Rect(r.x, r.y - gap - band, r.width, band),
        pygame.Rect(r.x, r.bottom + gap, r.width, band),
        pygame.Rect(r.x - gap - band, r.y, band, r.height),
        pygame.Rect(r.right + gap, r.y, band, r.height),
    ]
    return [b.clip(within) for b in bands if b.clip(within).width > 0 and b.clip(within).height > 0]


@pytest.mark.parametrize("text_size", ["normal", "huge"])
@pytest.mark.parametrize("lang", sorted(LANGUAGES))
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_card_fits_or_says_more(library, monkeypatch, size, lang, text_size) -> None:
    """Every card (tells shown and not) and the summary: no text overflows, and every block of a card
    is either on it or behind its "More…" button: nothing is dropped silently."""
    app, _ = make_app(library, size=size, lang=lang, text_size=text_size, reduced_motion=True)
    sc = library.scenarios[SCENARIO]
    scene = DebriefScene(app, build_debrief(every_choice_play(sc), library.catalogue, lang))
    app.reset_to(scene)
    drawn = Drawn(monkeypatch)
    problems = []
    summary: list[str] = []
    for page in range(scene.pages):
        scene.page, scene.showing, scene.more = page, set(), None
        for showing in (False, True):
            scene.showing = set(scene.page_items()) if showing else set()
            texts = drawn.of(app)
            problems += [f"page {page} {showing}: {o.where}: {o.text!r}" for o in app.last_overflows]
            hidden = "\n".join(str(b.payload[1]) for b in scene.buttons if b.id.startswith("more:"))
            if not showing:
                for i in scene.page_items():
                    for s in scene.sections(i):
                        assert not s.text or s.text in texts or s.text in hidden, (page, s.text)
            else:
                for i in scene.page_items():
                    assert all(f"• {m.why}" in texts + [hidden] or m.why in hidden for m in scene.marks_of(i))
            for i in scene.page_items() if showing else []:  # the phone shown large
                scene.zoom = i
                app.draw()
                problems += [f"page {page} zoom: {o.where}: {o.text!r}" for o in app.last_overflows]
                scene.zoom = None
            for b in [b for b in scene.buttons if b.id.startswith("more:")]:
                scene.more = b.payload
                app.draw()
                problems += [f"page {page} more: {o.where}: {o.text!r}" for o in app.last_overflows]
                scene.more = None
        if page >= scene.card_pages:
            summary += texts + [hidden]
    assert problems == []
    assert any(scene.marks_of(i) for i in range(len(scene.items)))  # the story's tells are there to show
    assert scene.card_pages == -(-len(scene.items) // scene.per_page)
    # Every tactic met is on the summary, as a chip or behind its "More…".
    for tactic in scene.debrief.summary.tactics_met:
        assert any(tactic.name in t for t in summary), tactic.name


def test_a_tap_on_the_thumbnail_shows_the_phone_large(library, monkeypatch) -> None:
    app, clock = make_app(library, lang="vi", lang_given=True)
    play_to_debrief(app, clock)
    scene = app.scene
    i = first_card_with_tells(app)
    mark = scene.marks_of(i)[0]
    small = scene.thumbs[i]
    click(app, button(app, f"zoom:{i}"))
    texts = Drawn(monkeypatch).of(app)
    large = scene.thumbs[i]
    assert large.height > small.height * 1.1 and f"• {mark.why}" in texts  # bigger, tells lit up and explained
    click(app, button(app, "close"))
    assert scene.zoom is None and button(app, f"zoom:{i}").rect == small


@pytest.mark.parametrize(
    ("feedback", "left"),
    [
        ("Right. Knowing your ID number proves nothing.", "Knowing your ID number proves nothing."),
        ("Well done: no university ranks students by their balance.", "No university ranks students by their balance."),
        ("Đúng. Biết số căn cước không chứng minh gì.", "Biết số căn cước không chứng minh gì."),
        ("Rất tốt: việc định danh làm trực tiếp.", "Việc định danh làm trực tiếp."),
        ("Right there, at the station, you are safe.", "Right there, at the station, you are safe."),  # not praise: kept
    ],
)
def test_a_safe_reply_shown_as_what_to_say_instead_loses_its_praise(feedback, left) -> None:
    from game.core.debrief import without_praise

    assert without_praise(feedback) == left
