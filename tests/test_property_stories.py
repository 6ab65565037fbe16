"""Valid means playable: random valid stories (tests/storygen.py) play in every front end.

Hypothesis writes stories with loops, self-loops, flags with requires/unless, genuine steps,
every channel and optional fields missing. Each must validate without an error, and then
every reply of every step is taken to an ending through the engine, and the story is played
through the terminal player from stdin, without an exception.
"""

from __future__ import annotations

import io
import re

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from storygen import stories
from storywalk import play_route, routes_covering_every_choice

from game.core.library import load_file, load_library
from game.core.paths import reading_length
from game.textplay import run_text

EXAMPLES = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def write(tmp_path, data: dict):
    folder = tmp_path / "stories"
    folder.mkdir(exist_ok=True)
    path = folder / "generated-story.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@EXAMPLES
@given(data=stories())
def test_a_random_valid_story_validates_and_every_reply_reaches_an_ending(tmp_path_factory, data):
    path = write(tmp_path_factory.mktemp("s"), data)
    scenario, report = load_file(path, None)
    errors = [p.format() for p in report.problems if p.is_error]
    assert scenario is not None and errors == []
    routes, uncovered = routes_covering_every_choice(scenario)
    # a reply no play can show is exactly what the validator warns about (two independent searches)
    never = sorted(
        (p.message.split("'")[1], int(p.message.split("choice ")[1].split()[0]) - 1) for p in report.problems if p.code == "W312"
    )
    assert sorted(uncovered) == never
    for route in routes:
        assert play_route(scenario, route).finished
    for lang in scenario.languages:
        length = reading_length(scenario, lang)
        assert 0 < length.shortest_words <= length.longest_words


class Reader:
    """Stdin for the terminal player that reads the screen as a person would: it picks, at each
    prompt, the numbered reply whose words are those of the next reply of its route."""

    def __init__(self, out: io.StringIO, route: list, lang: str) -> None:
        self.out, self.route, self.lang, self.k = out, route, lang, 0

    def readline(self) -> str:
        if self.k >= len(self.route):
            return ""
        screen = self.out.getvalue().splitlines()[-40:]
        shown = {m.group(2).strip(): m.group(1) for line in screen if (m := re.match(r"^\s+(\d+)\) (.*)$", line))}
        want = " ".join(self.route[self.k].text.get(self.lang).split())
        self.k += 1
        # a long reply wraps: its first line is enough, as every reply here starts with a unique tag
        return next((n for text, n in shown.items() if want.startswith(text)), "0") + "\n"


@EXAMPLES
@given(data=stories(), answers=st.lists(st.integers(0, 6), min_size=1, max_size=40))
def test_a_random_valid_story_plays_in_the_terminal(tmp_path_factory, data, answers):
    folder = write(tmp_path_factory.mktemp("t"), data).parent
    library = load_library([folder])
    assert "generated-story" in library.scenarios, [p.format() for p in library.problems]
    scenario = library.scenarios["generated-story"]
    # any typed answers, in range or not: the play goes on or ends, it never fails
    out = io.StringIO()
    code = run_text(library, "vi", "generated-story", inp=io.StringIO("\n".join(map(str, answers)) + "\n"), out=out)
    assert code in (0, 1)
    # and every reply of every step, taken by reading the screen, leads to an ending
    routes, _ = routes_covering_every_choice(scenario)
    for route in routes:
        out = io.StringIO()
        code = run_text(library, "en", "generated-story", inp=Reader(out, route, "en"), out=out)
        assert code == 0, out.getvalue()[-600:]
