"""The bot suite: simple strategies play every shipped story, scoring is driven through real input.

- Each strategy's walk (game/core/strategies.py) is replayed through the real engine, and the
  figures `validate --pedagogy` prints are the engine's: ending, scams resisted, false alarms.
- No strategy that does not read wins a story: reaching a safe ending while resisting most of
  the scam steps it met is for a player who reads. The shipped stories fail this until
  issue 14 rewrites them (xfail, not strict, so each rewritten story starts to pass).
- Scoring through real input: a false alarm, a miss and a safe ending after resisting
  nothing, in the terminal player (numbers typed) and in the classroom app (posted events).
- Shuffling: the same seed gives the same order; the projector and the phone page show one order.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from collections import deque
from pathlib import Path

import pytest
from apphelp import button, click, key, make_app, wait

from game.cli import main
from game.core import model as m
from game.core.debrief import build_debrief
from game.core.library import ROOT, SCENARIOS_DIR, load_library, scenario_files
from game.core.playthrough import Playthrough
from game.core.scoring import is_scam_decision
from game.core.strategies import STRATEGIES, random_summary, strategy_walks, walk
from game.session import Session
from game.textplay import TextPlayer

SHIPPED = sorted(p.stem for p in scenario_files([SCENARIOS_DIR]))
# The stories as they stand before issue 14: "always the longest reply" wins every one of them.
WON_WITHOUT_READING_TODAY: set[str] = set()  # issue 14 rewrote the shipped stories: every one is now held to the bar
FAIR = Path(__file__).parent / "data" / "fair.yaml"


def shipped(library, sid: str) -> m.Scenario:
    return next(s for s in library.scenarios.values() if s.path.endswith(f"{sid}.yaml"))


# -- the figures the lint reports are the engine's -----------------------------------------


@pytest.mark.parametrize("sid", SHIPPED)
def test_each_strategy_walk_scores_as_the_engine_does(library, catalogue, sid) -> None:
    sc = shipped(library, sid)
    for w in strategy_walks(sc, catalogue):
        play = Playthrough(sc)
        for step, choice in w.path:
            assert play.current == step.id
            play.choose(choice)  # refused if the walk took a reply the engine would not offer
        if not w.end:
            continue  # a walk that loops never reaches a debrief
        assert play.finished and play.current == w.end
        s = build_debrief(play, catalogue, w.lang).summary
        assert (s.outcome, s.resisted, s.scam_steps, s.false_alarms) == (
            w.outcome,
            w.score.resisted,
            w.score.scam_met,
            w.score.false_alarms,
        )


@pytest.mark.parametrize("sid", SHIPPED)
def test_validate_pedagogy_prints_the_strategy_figures(library, catalogue, sid, capsys) -> None:
    sc = shipped(library, sid)
    assert main(["validate", sc.path, "--pedagogy", "--runs", "40"]) == 0
    out = capsys.readouterr().out
    for w in strategy_walks(sc, catalogue):
        name = f"{w.strategy} [{w.lang}]" if STRATEGIES[w.strategy][1] else w.strategy
        ending = f"{w.outcome} ({w.end})" if w.end else w.outcome
        row = rf"^  {re.escape(name)}\s+{re.escape(ending)}\s+{w.score.resisted}/{w.score.scam_met}\s+{w.score.false_alarms}$"
        assert re.search(row, out, flags=re.M), f"{row}\n{out}"
    careful = walk(sc, "safest", None, catalogue)
    tactics = {s.tactic for s in sc.steps.values() if s.tactic and not s.genuine}
    assert f"tactics met on the safest path {len(careful.tactics_met())}/{len(tactics)}" in out


def _wins_without_reading(sc: m.Scenario, catalogue) -> list[str]:
    wins = []
    for w in strategy_walks(sc, catalogue, [n for n in STRATEGIES if n not in ("safest", "random")]):
        s = w.score
        # A win is a good ending that resisted most scams while still trusting most of the real
        # messages met: hanging up on every call (the "red button") resists scams by also
        # hanging up on Mom and the real police, which is the false alarm the story counts.
        discerning = 2 * s.false_alarms <= s.genuine_met
        if s.outcome in ("safe", "rescued") and s.scam_met and 2 * s.resisted > s.scam_met and discerning:
            wins.append(f"{w.strategy} [{w.lang}]: {s.outcome} resisting {s.resisted}/{s.scam_met}, {s.false_alarms} false alarms")
    r = random_summary(sc, catalogue, runs=100)
    if r.safe_while_resisting_most > 0.5:
        wins.append(f"random: {round(100 * r.safe_while_resisting_most)} % of plays end safe resisting most scams")
    return wins


@pytest.mark.parametrize(
    "sid",
    [
        pytest.param(s, marks=pytest.mark.xfail(strict=False, reason="stories rewritten in issue 14"))
        if s in WON_WITHOUT_READING_TODAY
        else s
        for s in SHIPPED
    ],
)
def test_no_strategy_that_does_not_read_wins_the_story(library, catalogue, sid) -> None:
    wins = _wins_without_reading(shipped(library, sid), catalogue)
    assert wins == [], wins


def test_the_fair_test_story_cannot_be_won_without_reading(catalogue) -> None:
    lib = load_library([FAIR], catalogue_path=SCENARIOS_DIR / "tactics.yaml", use_cache=False)
    assert _wins_without_reading(lib.scenarios["fair-test"], catalogue) == []


# -- scoring through real input -------------------------------------------------------------


class Chooser(io.TextIOBase):
    """Stdin for the terminal player that reads the options it printed and types the wanted number.

    `want(options)` gets the reply texts as printed (in the shuffled order) and returns the
    text to pick; the number typed is that reply's printed number.
    """

    def __init__(self, out: io.StringIO, want) -> None:
        self.out = out
        self.want = want
        self.read_to = 0
        self.typed: list[int] = []

    def readline(self, size: int = -1) -> str:
        printed = self.out.getvalue()[self.read_to :]
        self.read_to = len(self.out.getvalue())
        options: dict[int, str] = {}  # the player is made wide enough that no reply wraps
        for line in printed.splitlines():
            found = re.match(r"^  (\d+)\) (.*)$", line)
            if found:
                options[int(found[1])] = found[2]
        if not options:
            return ""
        texts = [options[n] for n in sorted(options)]
        pick = self.want(texts)
        number = texts.index(pick) + 1
        self.typed.append(number)
        return f"{number}\n"


def fair_library(tmp_path: Path):
    shutil.copy(FAIR, tmp_path / "fair.yaml")
    return load_library([tmp_path], catalogue_path=SCENARIOS_DIR / "tactics.yaml", assets_root=None, use_cache=False)


def by_safety(sc: m.Scenario, plan: dict[str, str], lang: str = "en"):
    """A chooser policy: at each step (found by the texts shown), the reply of the planned safety."""
    replies = {c.text.get(lang): (s, c) for s in sc.steps.values() for c in s.choices}

    def want(texts: list[str]) -> str:
        step = replies[texts[0]][0]
        wanted = plan[step.id]
        return next(t for t in texts if replies[t][1].safety == wanted)

    return want


def terminal_play(library, sid: str, want, seed: int) -> str:
    out = io.StringIO()
    player = TextPlayer(library, "en", out=out, width=400)  # wide: one line per reply
    player.inp = Chooser(out, want)
    sc = library.scenarios[sid]
    from game.core import shuffle

    old = shuffle.ORDERING.seed, shuffle.ORDERING.enabled
    shuffle.configure(seed=seed, enabled=True)
    try:
        session = player.play(sc)
    finally:
        shuffle.ORDERING.seed, shuffle.ORDERING.enabled = old
    player.print_debrief(session.debrief())
    return out.getvalue()


def test_terminal_false_alarm_is_counted_and_named(tmp_path: Path) -> None:
    lib = fair_library(tmp_path)
    sc = lib.scenarios["fair-test"]
    plan = {"s1": "safe", "g1": "neutral", "g2": "safe", "s2": "safe", "s3": "safe"}  # hangs up on the real Mom
    text = terminal_play(lib, "fair-test", by_safety(sc, plan), seed=3)
    assert "You got out safely and resisted every trick (3 of 3)" in text
    assert "False alarms: 1 real message(s) treated as a scam" in text
    assert "False alarm: this one was real" in text  # on the step itself
    assert "Telling real from fake: 80%" in text  # 3 hits + 1 trusted of 5


def test_terminal_miss_lowers_the_verdict(tmp_path: Path) -> None:
    lib = fair_library(tmp_path)
    sc = lib.scenarios["fair-test"]
    plan = {"s1": "neutral", "g1": "safe", "g2": "safe", "s2": "safe", "s3": "safe"}
    text = terminal_play(lib, "fair-test", by_safety(sc, plan), seed=4)
    assert "You got out, after going along with some tricks: 2 of 3 resisted" in text
    assert "got out safely" not in text.lower()
    assert "False alarms" not in text


def route_to_safe_ending_resisting_nothing(sc: m.Scenario) -> list[m.Choice] | None:
    """A breadth-first search over (step, flags) for a safe ending reached without a safe reply to a scam."""
    start = (sc.start, frozenset())
    parent: dict = {start: None}
    queue = deque([start])
    while queue:
        node, flags = state = queue.popleft()
        if node in sc.endings:
            if sc.endings[node].outcome == "safe":
                route = []
                while parent[state] is not None:
                    state, c = parent[state]
                    route.append(c)
                return route[::-1]
            continue
        step = sc.steps[node]
        for c in step.choices:
            if not c.visible_with(flags) or (is_scam_decision(step) and c.safety == "safe"):
                continue
            nxt = (c.next, flags | frozenset(c.sets))
            if nxt not in parent:
                parent[nxt] = (state, c)
                queue.append(nxt)
    return None


def test_terminal_safe_exit_after_resisting_nothing_is_not_praised(library) -> None:
    sc = library.scenarios["fake-police-call"]
    route = route_to_safe_ending_resisting_nothing(sc)
    if route is None:
        pytest.skip("no safe ending can be reached without resisting (as it should be after issue 14)")
    texts = deque(c.text.get("en") for c in route)
    text = terminal_play(library, sc.id, lambda shown: texts.popleft(), seed=5)
    scams = sum(1 for c in route if is_scam_decision(next(s for s in sc.steps.values() if c in s.choices)))
    assert f"It ended well, but you resisted only 0 of {scams} tricks" in text
    assert "got out safely" not in text.lower()
    assert "Had you stayed, the scammer would have tried:" in text or scams >= len({s.tactic for s in sc.steps.values() if s.tactic})


def test_one_decision_never_gives_a_percentage(tmp_path) -> None:
    # A story whose first refusal ends it (the shipped ones no longer do: a refusal is not an exit).
    template = (ROOT / "docs" / "story-template.yaml").read_text(encoding="utf-8")
    (tmp_path / "early-exit.yaml").write_text(
        template.replace("next: second_try                # a refusal", "next: end_safe  # a refusal", 1), encoding="utf-8"
    )
    library = load_library([tmp_path], catalogue_path=SCENARIOS_DIR / "tactics.yaml", use_cache=False)
    sc = library.scenarios["my-new-story"]
    first = sc.steps[sc.start]
    out_text = next(c.text.get("en") for c in first.choices if c.safety == "safe" and c.next in sc.endings)
    text = terminal_play(library, sc.id, lambda shown: out_text, seed=6)
    summary = text.split("=== Summary ===")[1].split("===")[0]
    assert "You stopped at the first trick (1 of 1); the scammer had more" in summary
    assert "Only 1 decision(s): too few for a score" in summary and "%" not in summary
    assert "Had you stayed, the scammer would have tried:" in summary
    assert library.catalogue["otp_theft"].name.get("en") in summary.split("Had you stayed")[1]  # the tactics it did not meet, named


# -- the classroom app, driven by posted events ------------------------------------------------


def app_play(library, sid: str, plan_safety: dict[str, str], size=(1024, 768)):
    """Play `sid` in the classroom app with number keys, pressing the number of the planned reply."""
    import pygame

    app, clock = make_app(library, size=size)
    click(app, button(app, "lang:en"))
    click(app, button(app, f"scenario:{sid}"))
    pressed = []
    for _ in range(200):
        scene = app.scene
        if scene.name != "play":
            break
        if scene.phase == "ringing":
            click(app, button(app, "accept"))
        elif scene.phase == "revealing":
            wait(app, clock, 2.0)
        elif scene.phase == "choosing":
            buttons = scene.choice_buttons()
            wanted = plan_safety[scene.step.id]
            n = next(i for i, b in enumerate(buttons) if b.payload.safety == wanted)
            pressed.append((scene.step.id, n + 1, [b.payload.index for b in buttons]))
            key(app, pygame.K_1 + n)
        elif scene.phase == "ending":
            click(app, button(app, "debrief"))
        else:
            wait(app, clock, 1.0)
    return app, pressed


def test_classroom_app_false_alarm_and_summary(tmp_path: Path) -> None:
    import pygame

    from game.core import shuffle
    from game.core.debrief import summary_lines

    lib = fair_library(tmp_path)
    old = shuffle.ORDERING.seed, shuffle.ORDERING.enabled
    shuffle.configure(seed=11, enabled=True)
    try:
        app, pressed = app_play(lib, "fair-test", {"s1": "safe", "g1": "neutral", "g2": "safe", "s2": "safe", "s3": "safe"})
    finally:
        shuffle.ORDERING.seed, shuffle.ORDERING.enabled = old
    assert app.scene.name == "debrief", app.scene.name
    # The order shown was shuffled: at least one step showed its replies out of file order.
    assert any(order != sorted(order) for _, _, order in pressed)
    scene = app.scene
    d = scene.debrief
    assert [i.verdict for i in d.items] == ["resisted", "mistrusted", "trusted", "resisted", "resisted"]
    assert d.summary.false_alarms == 1 and d.summary.badges == ("fear", "control")
    # The order the player saw is in the debrief: the chosen reply at the place it was pressed.
    for item, (_, number, order) in zip(d.items, pressed, strict=True):
        assert item.position == number and len(item.shown) == len(order)
    lines = "\n".join(summary_lines(d.summary, "en"))
    assert "False alarms: 1" in lines and "Badges: Fearless, Stayed in control" in lines
    for _ in range(scene.pages - 1):  # turn to the summary page with the arrow key, as a player does
        key(app, pygame.K_RIGHT)
    assert app.scene is scene and scene.page == scene.pages - 1


# -- shuffling ---------------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_order_and_a_new_play_a_new_one(library, catalogue) -> None:
    sc = library.scenarios["fake-police-call"]

    def orders(**kw) -> list[list[int]]:
        s = Session(sc, catalogue, "en", "text", shuffle=True, **kw)
        out = []
        while not s.finished:
            shown = s.shown_choices()
            out.append([c.index for c in shown])
            s.choose(max(range(len(shown)), key=lambda i: ["safe", "neutral", "risky", "unsafe"].index(shown[i].safety)))
        return out

    assert orders(seed=42) == orders(seed=42)
    assert orders(seed=42) != orders(seed=43) or orders(seed=42) != orders(seed=44)
    plays = [orders() for _ in range(12)]  # each play draws from its own random id
    assert len({str(p) for p in plays}) > 1
    assert any(order != sorted(order) for p in plays for order in p)  # not the file's order


def test_number_keys_in_the_terminal_follow_the_shown_order(library, catalogue) -> None:
    sc = library.scenarios["fake-police-call"]
    out = io.StringIO()
    player = TextPlayer(library, "en", out=out, inp=io.StringIO("1\n" * 40), width=400)
    from game.core import shuffle

    old = shuffle.ORDERING.seed, shuffle.ORDERING.enabled
    shuffle.configure(seed=9, enabled=True)
    try:
        session = player.play(sc)
    finally:
        shuffle.ORDERING.seed, shuffle.ORDERING.enabled = old
    firsts = re.findall(r"^  1\) (.*)$", out.getvalue(), flags=re.M)
    chosen = [sc.steps[h.step].choices[h.choice].text.get("en") for h in session.play.history if sc.steps[h.step].is_decision]
    assert firsts[: len(chosen)] == chosen  # "1" picked the reply printed first, whatever its place in the file
    assert all(h.position == 0 for h in session.play.history)


def test_projector_and_phone_page_show_one_order(library) -> None:
    import json
    import urllib.request

    from game.facilitate.server import VoteServer
    from game.facilitate.session import FacilitatedSession
    from game.facilitate.votes import VoteRoom

    sc = library.scenarios["fake-police-call"]
    room = VoteRoom(code="K7MX", lang="en")
    from game.core import shuffle

    old = shuffle.ORDERING.seed, shuffle.ORDERING.enabled
    shuffle.configure(seed=21, enabled=True)  # as `facilitate --seed 21` does (on by default outside the tests)
    try:
        fs = FacilitatedSession(sc, library.catalogue, "en", None, room)
    finally:
        shuffle.ORDERING.seed, shuffle.ORDERING.enabled = old
    assert fs.session.shuffle
    server = VoteServer(room, "127.0.0.1", 0).start()
    try:
        for _ in range(4):
            if fs.finished:
                break
            if not fs.needs_vote:
                fs.advance()
                continue
            fs.open_vote()
            with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/state?room=K7MX", timeout=10) as r:
                phone = json.loads(r.read().decode("utf-8"))["choices"]
            assert phone == fs.labels  # the phones list the replies in the projector's order
            # A vote for the reply the phone shows first is a vote for the projector's first reply.
            room.vote(room.question.seq, 0, "phone-0000-abcd")
            made = fs.advance()
            assert sc.steps[made.step].choices[made.choice].text.get("en") == phone[0]
            assert [sc.steps[made.step].choices[i].text.get("en") for i in made.shown] == phone  # recorded as shown
    finally:
        server.stop()


def test_the_shown_order_is_recorded_and_replayed(tmp_path: Path, library, catalogue) -> None:
    from game.record.reading import load, replay
    from game.record.store import RecordStore

    sc = library.scenarios["fake-police-call"]
    store = RecordStore.open_in(tmp_path)
    s = Session(sc, catalogue, "en", "classroom", store, seed=1234, shuffle=True)
    while not s.finished:
        # A fixed time per reply: the record keeps seconds to 1/100, so a slow machine's
        # wall-clock time would differ from the session's after rounding.
        s.choose(len(s.shown_choices()) - 1, seconds=2.5)
    store.close()
    record = load(tmp_path / "plays.sqlite3")
    (choices,) = record.choices.values()
    assert [c.shown for c in choices] == [h.shown for h in s.play.history]
    again = replay(sc, choices)
    assert build_debrief(again, catalogue, "en") == s.debrief()


def test_play_text_with_yes_1_still_works() -> None:
    import subprocess
    import sys

    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "play",
            "--text",
            "--no-record",
            "--lang",
            "en",
            "--scenario",
            "prize-message",
            "--seed",
            "3",
        ],
        input="1\n" * 60,
        env={**os.environ, "NOTALONE_SHUFFLE": "1"},  # the game's default (the test suite turns it off)
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr and "=== Summary ===" in run.stdout
