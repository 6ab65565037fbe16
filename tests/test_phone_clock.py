"""The phone's clock: story time runs forwards on every route through every shipped story.

A step without `at` keeps the time of the step before; only a `later` separator
("Three days later") lets the clock start again. The validator says the same (W317).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from storywalk import routes_covering_every_choice

from game.core.library import load_file
from game.core.playthrough import Playthrough

SHIPPED = sorted(p.stem for p in (Path(__file__).parent.parent / "scenarios").glob("*.yaml") if p.stem != "tactics")


def minutes(at: str) -> int:
    hours, minutes = at.split(":")
    return int(hours) * 60 + int(minutes)


@pytest.mark.parametrize("story", SHIPPED)
def test_the_clock_never_goes_back_on_any_route(story: str, library) -> None:
    sc = library.scenarios[story]
    routes, _ = routes_covering_every_choice(sc)
    for route in routes:
        play = Playthrough(sc)
        shown: list[tuple[str, str]] = []
        last = -1
        for choice in route:
            step = play.step
            assert step is not None
            if step.later is not None:
                last = -1
            if play.phone_time:
                now = minutes(play.phone_time)
                assert now >= last, f"{story}: the phone shows {play.phone_time} at '{step.id}' after {shown[-1]}"
                last = now
                shown.append((step.id, play.phone_time))
            play.choose(choice)


def test_a_step_without_a_time_keeps_the_time_before(tmp_path: Path, catalogue) -> None:
    text = (Path(__file__).parent / "data" / "mini.yaml").read_text(encoding="utf-8")
    text = text.replace("    channel: call\n    from: bad\n", "    channel: call\n    from: bad\n    at: '14:09'\n")
    path = tmp_path / "mini.yaml"
    path.write_text(text, encoding="utf-8")
    sc, report = load_file(path, catalogue)
    assert sc is not None, report.problems
    play = Playthrough(sc)
    assert play.phone_time == "14:09"
    play.choose(0)  # hang up: Mom calls, a step with no `at`
    assert play.step is not None and play.step.id == "mom_calls" and not play.step.at
    assert play.phone_time == "14:09"


def test_the_validator_reports_a_clock_that_goes_back(tmp_path: Path, catalogue) -> None:
    text = (Path(__file__).parent / "data" / "mini.yaml").read_text(encoding="utf-8")
    text = text.replace("    channel: call\n    from: bad\n", "    channel: call\n    from: bad\n    at: '14:09'\n", 1)
    text = text.replace("    channel: call\n    from: mom\n", "    channel: call\n    from: mom\n    at: '09:41'\n")
    path = tmp_path / "mini.yaml"
    path.write_text(text, encoding="utf-8")
    _, report = load_file(path, catalogue)
    assert [p.code for p in report.problems if p.code == "W317"] == ["W317"]
    # A `later` separator before Mom's call makes the jump legitimate.
    path.write_text(text.replace("    at: '09:41'\n", "    at: '09:41'\n    later: {vi: Hôm sau, en: The next day}\n"), encoding="utf-8")
    _, report = load_file(path, catalogue)
    assert not [p for p in report.problems if p.code == "W317"]
