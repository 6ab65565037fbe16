"""The playthrough engine and the debrief, on a small scenario written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from storywalk import play_route, routes_covering_every_choice

from game.core.debrief import build_debrief
from game.core.library import load_file
from game.core.playthrough import PlayError, Playthrough
from game.core.strings import LANGUAGES
from game.core.takeaway import takeaway_text


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture()
def mini(catalogue):
    scenario, report = load_file(Path(__file__).parent / "data" / "mini.yaml", catalogue)
    assert scenario is not None, report.problems
    return scenario


def test_choices_follow_flags(mini) -> None:
    play = Playthrough(mini)
    assert [c.text.get("en") for c in play.visible_choices()] == ["Hang up", "Keep listening"]
    play.choose(1)
    assert play.current == "second" and play.flags == {"listened"}
    assert [c.text.get("en") for c in play.visible_choices()] == ["Transfer", "Call Mom", "Ask more"]
    play.choose(2)  # "Ask more" sets asked, and `unless: [asked]` hides it now
    assert play.current == "second"
    assert [c.text.get("en") for c in play.visible_choices()] == ["Transfer", "Call Mom"]
    play.choose(0)
    assert play.finished and play.ending.outcome == "harmed"
    assert play.visible_choices() == []


def test_a_choice_that_is_not_visible_is_refused(mini) -> None:
    play = Playthrough(mini)
    hidden = mini.steps["second"].choices[2]
    with pytest.raises(PlayError):
        play.choose(hidden)
    with pytest.raises(PlayError):
        play.choose(5)


def test_time_to_decide_comes_from_the_clock(mini) -> None:
    clock = FakeClock()
    play = Playthrough(mini, clock=clock)
    clock.now += 7.5
    made = play.choose(1)
    assert made.seconds == 7.5
    clock.now += 2
    assert play.choose(1).seconds == 2


def test_debrief_scores_scams_and_genuine_messages(mini, catalogue) -> None:
    play = Playthrough(mini)
    play.choose(1)  # keep listening to the fake officer: hesitated
    play.choose(1)  # call Mom: resisted
    play.choose(1)  # hang up on the real Mom: a false alarm
    d = build_debrief(play, catalogue, "en")
    assert [i.verdict for i in d.items] == ["hesitated", "resisted", "mistrusted"]
    s = d.summary
    assert (s.scam_steps, s.resisted, s.hesitated, s.fell_for) == (2, 1, 1, 0)
    assert (s.genuine_steps, s.trusted, s.mistrusted) == (1, 0, 1)
    assert s.discernment == pytest.approx(1 / 3)
    assert s.outcome == "rescued" and s.ending_title == "In time"
    first = d.items[0]
    assert first.tactic is not None and first.tactic.name == catalogue["authority_impersonation"].name.get("en")
    assert first.tactic.red_flag and first.tactic.how
    assert first.safe_reply == "Hang up" and first.safe_feedback == "Right."
    assert d.items[2].safe_reply == "Tell Mom"
    assert [t.id for t in s.tactics_met] == ["authority_impersonation", "safe_account_transfer"]
    assert "111" in dict(d.hotlines) and "113" in dict(d.hotlines) and any("156" in n for n, _ in d.hotlines)
    assert len(d.rules) == 3


def test_debrief_in_vietnamese(mini, catalogue) -> None:
    play = Playthrough(mini)
    play.choose(0)
    play.choose(0)
    d = build_debrief(play, catalogue, "vi")
    assert d.items[0].chosen == "Cúp máy" and d.items[1].verdict == "trusted"
    assert d.summary.discernment is None  # two right answers are too few for a percentage, never "100 %"
    assert (d.summary.score.resisted, d.summary.score.trusted, d.summary.score.false_alarms) == (1, 1, 0)
    assert "Công an" in takeaway_text("vi") and "113" in takeaway_text("vi")


@pytest.mark.parametrize("cut", [0, 1, 2, 3])
def test_save_and_restore_mid_play_gives_the_same_debrief(mini, catalogue, cut) -> None:
    route = [1, 2, 1, 0]  # listen, ask more, call Mom, tell Mom
    straight = Playthrough(mini, clock=FakeClock())
    for i in route:
        straight.choose(i)
    clock = FakeClock()
    first = Playthrough(mini, clock=clock)
    for i in route[:cut]:
        first.choose(i)
    saved = first.to_json()
    resumed = Playthrough.from_json(saved, mini, clock=clock)
    for i in route[cut:]:
        resumed.choose(i)
    assert build_debrief(resumed, catalogue, "en") == build_debrief(straight, catalogue, "en")


@pytest.mark.parametrize(
    "damage",
    [
        "not json",
        '{"version": 9}',
        '{"version": 1, "scenario": "other"}',
        '{"version": 1, "scenario": "mini-test", "current": "nowhere", "flags": [], "history": []}',
        '{"version": 1, "scenario": "mini-test", "current": "second", "flags": [], "history": [{"step": "first", "choice": 7, "seconds": 1}]}',
    ],
)
def test_a_damaged_save_is_refused_clearly(mini, damage) -> None:
    with pytest.raises(PlayError):
        Playthrough.from_json(damage, mini)


def test_every_choice_of_the_test_scenario_reaches_an_ending(mini) -> None:
    routes, uncovered = routes_covering_every_choice(mini)
    assert uncovered == []
    assert len(routes) == sum(len(s.choices) for s in mini.steps.values())
    for route in routes:
        assert play_route(mini, route).finished


def test_checked_scenario_cache_gives_the_same_story_and_notices_changes(tmp_path, monkeypatch) -> None:
    import shutil

    from game.core import library as lib_mod

    monkeypatch.setenv("NOTALONE_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "stories"
    folder.mkdir()
    shutil.copy(Path(__file__).parent / "data" / "mini.yaml", folder / "mini.yaml")
    catalogue = lib_mod.SCENARIOS_DIR / "tactics.yaml"
    fresh = lib_mod.load_library([folder], catalogue_path=catalogue, use_cache=False)
    first = lib_mod.load_library([folder], catalogue_path=catalogue)
    assert len(list((tmp_path / "cache").glob("*.json"))) == 2  # the catalogue and the scenario
    cached = lib_mod.load_library([folder], catalogue_path=catalogue)
    assert cached.scenarios == fresh.scenarios == first.scenarios
    assert cached.catalogue.tactics == fresh.catalogue.tactics
    # A changed file is checked again, not taken from the cache.
    (folder / "mini.yaml").write_text(
        (folder / "mini.yaml").read_text(encoding="utf-8").replace("next: end_harmed", "next: end_nowhere"), encoding="utf-8"
    )
    broken = lib_mod.load_library([folder], catalogue_path=catalogue)
    assert broken.scenarios == {} and "E201" in [p.code for p in broken.problems]
    # A damaged cache entry is ignored.
    for entry in (tmp_path / "cache").glob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    (folder / "mini.yaml").write_text((Path(__file__).parent / "data" / "mini.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert lib_mod.load_library([folder], catalogue_path=catalogue).scenarios == fresh.scenarios


def test_byte_limits_agree() -> None:
    from game.core import library, safeyaml

    assert library.MAX_BYTES == safeyaml.MAX_BYTES


def test_every_interface_word_exists_in_every_language() -> None:
    from game.core.strings import keys

    assert keys("vi") == keys("en") and {"vi", "en"} <= set(LANGUAGES)
