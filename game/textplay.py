"""The plain-terminal player: every story, end to end, on stdin and stdout.

It prints one thing per line with no colours or cursor tricks, so it reads well in
a screen reader and can be scripted: `printf '1\\n2\\n' | python main.py play --text`.
"""

from __future__ import annotations

import sys
import textwrap
from typing import IO, TYPE_CHECKING

from .core import model as m
from .core import practice as pr
from .core.debrief import Debrief, coming_next_lines, summary_lines
from .core.library import Library
from .core.strings import labelled, quoted, ui
from .core.takeaway import HEADLINE, story_lesson
from .session import Recorder, Session

if TYPE_CHECKING:
    from .learning import Learning


def attachment_lines(att: m.Attachment, lang: str) -> list[str]:
    """An attachment as plain lines: its kind and title (and source), then its rows."""
    head = f"[{ui('ev_kind_' + att.kind, lang)}] {att.title.get(lang)}"
    lines = [head + (f" ({att.source})" if att.source else "")]
    for row in att.rows:
        label = row.label.get(lang) if row.label is not None else ""
        lines.append(labelled(label, row.text.get(lang), lang) if label else row.text.get(lang))
    if att.seal:
        lines.append(ui("ev_sealed", lang))
    return lines


class InputEnded(Exception):
    pass


class TextPlayer:
    def __init__(
        self,
        library: Library,
        lang: str,
        out: IO[str] = sys.stdout,
        inp: IO[str] = sys.stdin,
        recorder: Recorder | None = None,
        width: int = 78,
        learning: Learning | None = None,
    ) -> None:
        self.library = library
        self.lang = lang
        self.out = out
        self.inp = inp
        self.recorder = recorder
        self.width = width
        self.learning = learning

    def say(self, text: str = "", indent: str = "") -> None:
        if not text:
            print(file=self.out)
            return
        for para in text.split("\n"):
            print(textwrap.fill(para, self.width, initial_indent=indent, subsequent_indent=indent) or indent, file=self.out)

    def ask(self, n: int) -> int:
        while True:
            self.out.write(ui("choice_prompt_text", self.lang, n=n) + " ")  # the answer is typed after a space
            self.out.flush()
            line = self.inp.readline()
            if not line:
                raise InputEnded
            line = line.strip()
            if line.isdigit() and 1 <= int(line) <= n:
                return int(line) - 1
            self.say(ui("not_a_choice", self.lang, n=n))

    def pick_scenario(self, scenario_id: str | None) -> m.Scenario | None:
        scenarios = self.library.ordered()
        if scenario_id:
            return self.library.scenarios.get(scenario_id)
        if not scenarios:
            return None
        if len(scenarios) == 1:
            return scenarios[0]
        self.say(ui("choose_story", self.lang))
        for i, sc in enumerate(scenarios, 1):
            self.say(f"  {i}) {sc.title.get(self.lang)} — {sc.summary.get(self.lang)}")
        return scenarios[self.ask(len(scenarios))]

    def play(self, scenario: m.Scenario) -> Session:
        session = Session(scenario, self.library.catalogue, self.lang, "text", self.recorder)
        if self.learning is not None:
            self.learning.attach(session.play_id, session.recorder)
        lang = session.lang
        self.say(f"=== {scenario.title.get(lang)} ===")
        if scenario.intro:
            self.say(scenario.intro.get(lang))
        try:
            while not session.finished:
                self.show_step(scenario, session)
                choices = session.shown_choices()  # shuffled per play: numbers follow the order shown
                for i, c in enumerate(choices, 1):
                    self.say(f"  {i}) {c.text.get(lang)}")
                picked = self.ask(len(choices))
                self.say(f"→ {choices[picked].text.get(lang)}")
                session.choose(picked)
        except InputEnded:
            session.close()
            self.say()
            return session
        ending = session.play.ending
        assert ending is not None
        self.say()
        self.say(f"*** {ending.title.get(lang)} ({ui('outcome_' + ending.outcome, lang)}) ***")
        self.say(ending.text.get(lang))
        return session

    def show_step(self, sc: m.Scenario, session: Session) -> None:
        lang = session.lang
        step = session.play.step
        assert step is not None
        self.say()
        if step.later is not None:  # a jump in time: a separator line of its own
            self.say(ui("ev_later", lang, when=step.later.get(lang)))
            self.say()
        label = ui(f"channel_{step.channel}", lang) if step.channel != "narration" else ""
        when = f" {step.at}" if step.at else ""
        if label:
            self.say(f"[{label}{when}]")
        if step.scene is not None:  # a stage direction: narration, never in a character's mouth
            self.say(f"({step.scene.get(lang)})")
        for bubble in step.messages:
            self.say(f"{sc.speaker_name(bubble, lang)}: {bubble.text.get(lang)}")
        who = sc.speaker_name(step, lang)
        self.say(f"{who}: {step.text.get(lang)}" if who else step.text.get(lang))
        for att in step.attachments:
            for n, line in enumerate(attachment_lines(att, lang)):
                self.say(line, "    " if n else "  ")
        session.play.mark_shown()

    def print_debrief(self, debrief: Debrief) -> None:
        lang = debrief.lang
        self.say()
        self.say(f"=== {ui('debrief_title', lang)} ===")
        for n, item in enumerate(debrief.items, 1):
            self.say()
            head = f"{n}. {item.speaker}: {item.said}" if item.speaker else f"{n}. {item.said}"
            self.say(head)
            if item.genuine:
                self.say(ui("genuine_message", lang), "   ")
            if item.tactic:
                self.say(labelled(ui("tactic", lang), item.tactic.name, lang), "   ")
                self.say(labelled(ui("how_it_works", lang), item.tactic.how, lang), "   ")
                self.say(labelled(ui("red_flag", lang), item.tactic.red_flag, lang), "   ")
            nth = f" ({ui('reply_n_of_k', lang, n=item.position, k=len(item.shown))})" if item.position and len(item.shown) > 1 else ""
            self.say(f"{ui('you_chose', lang)}{nth}: {item.chosen} [{ui('safety_' + item.safety, lang)}]", "   ")
            self.say(f"{ui('verdict_' + item.verdict, lang)}. {item.feedback}", "   ")
            if item.safe_reply:
                self.say(f"{ui('safe_reply', lang)}: {item.safe_reply} — {item.safe_why}", "   ")  # no praise for a reply not chosen
        s = debrief.summary
        self.say()
        self.say(f"=== {ui('summary', lang)} ===")
        for line in summary_lines(s, lang):
            self.say(line)
        if s.tactics_met:
            self.say(f"{ui('tactics_met', lang)}: " + ", ".join(t.name for t in s.tactics_met))
        upcoming = coming_next_lines(s, lang)
        if upcoming:
            self.say()
            self.say(upcoming[0])
            for line in upcoming[1:]:
                self.say(f"- {line}", "  ")
        self.say()
        self.say(f"=== {HEADLINE.get(lang)} — {ui('three_rules', lang)} ===")
        for i, rule in enumerate(debrief.rules, 1):
            self.say(f"{i}. {rule}")
        lesson = story_lesson(self.library.scenarios.get(debrief.scenario_id), lang)
        if lesson:
            self.say(f"{ui('story_lesson', lang)}: {lesson}")
        self.say(f"{ui('hotlines', lang)}:")
        for number, label in debrief.hotlines:
            self.say(f"  {number}: {label}")

    # -- the practice round and the before/after measure (game/learning.py) -------------

    def run_round(self, rnd: pr.Round | None, title: str, intro: str) -> None:
        """Every prompt takes a number: 1 real, 2 scam; then, for "scam" in practice, the part by number."""
        if rnd is None or rnd.done:
            return
        lang = self.lang
        self.say()
        self.say(f"=== {title} ===")
        self.say(intro)
        while not rnd.done:
            item = rnd.item
            assert item is not None
            self.say()
            # The returning item is not marked: "like the one you got wrong" would give its answer away.
            self.say(ui("item_of", lang, i=rnd.index + 1, n=rnd.total))
            self.say(f"[{ui('channel_' + item.channel, lang)}] {ui('from', lang)}: {item.sender.get(lang)}")
            self.say(item.text.get(lang), "   ")
            for att in item.attachments:
                for n, line in enumerate(attachment_lines(att, lang)):
                    self.say(line, "      " if n else "   ")
            self.say(ui("ask_verdict", lang))
            self.say(f"  1) {ui('real', lang)}")
            self.say(f"  2) {ui('scam', lang)}")
            rnd.say(self.ask(2) == 1)
            if rnd.stage == "tell":
                parts, _ = item.parts(lang)
                self.say(ui("ask_tell_text", lang))
                for i, part in enumerate(parts, 1):
                    self.say(f"{i}) {part}", "  ")
                rnd.tap(self.ask(len(parts)))
            if rnd.stage == "feedback":
                self.print_feedback(rnd, item)
                rnd.next()
        if rnd.teach:
            a, b = rnd.score()
            self.say()
            self.say(ui("practice_score", lang, a=a, b=b))

    def print_feedback(self, rnd: pr.Round, item: pr.PracticeItem) -> None:
        lang = self.lang
        answer = rnd.last
        assert answer is not None
        if item.genuine:
            verdict = ui("right_real" if answer.correct else "false_alarm", lang)
        elif not answer.said_scam:
            verdict = ui("missed_scam", lang)
        else:
            verdict = ui("right_scam", lang) + " " + ui("right_tell", lang) if answer.tell_right else ui("wrong_tell", lang)
        self.say(("✓ " if answer.correct else "✗ ") + verdict, "   ")
        if item.tactic and item.tactic in self.library.catalogue:
            self.say(ui("tactic_named", lang, name=self.library.catalogue[item.tactic].name.get(lang)), "   ")
        if item.tell is not None:
            self.say(labelled(ui("the_tell", lang), quoted(item.tell.get(lang), lang), lang), "   ")
        self.say(item.feedback.get(lang), "   ")
        if rnd.return_after == answer.seq:
            self.say(ui("comes_back", lang), "   ")

    def practice(self, session: Session) -> None:
        """After the debrief: the practice round, then the second half of the measure."""
        if self.learning is None:
            return
        from .learning import story_tactics

        lang = self.lang
        try:
            self.run_round(self.learning.practice_round(story_tactics(session)), ui("practice_title", lang), ui("practice_intro", lang))
            after = self.learning.after_round()
            self.run_round(after, ui("after_title", lang), ui("after_intro", lang))
            if after is not None and after.done:
                before = self.learning.rounds["before"]
                self.say()
                self.say(ui("measure_score", lang, a=before.score()[0], b=after.score()[0], n=after.total))
                self.say(ui("measure_thanks", lang))
        except InputEnded:
            return


def run_text(
    library: Library,
    lang: str,
    scenario_id: str | None,
    recorder: Recorder | None = None,
    out: IO[str] = sys.stdout,
    inp: IO[str] = sys.stdin,
    measure: bool | None = None,
    practice: bool = True,
    seed: int | None = None,
) -> int:
    learning = None
    if practice:
        from .learning import new_learning

        learning = new_learning("text", lang, library.catalogue, measure=measure, seed=seed)
    player = TextPlayer(library, lang, out=out, inp=inp, recorder=recorder, learning=learning)
    try:
        scenario = player.pick_scenario(scenario_id)
        if scenario is not None and learning is not None:
            player.run_round(learning.before_round(), ui("before_title", lang), ui("before_intro", lang))
    except InputEnded:
        return 1
    if scenario is None:
        wanted = f"'{scenario_id}'" if scenario_id else ""
        print(f"{ui('no_scenarios', lang)} {wanted}".strip(), file=sys.stderr)
        known = ", ".join(library.scenarios)
        if known:
            print(f"scenarios: {known}", file=sys.stderr)
        return 2
    session = player.play(scenario)
    player.print_debrief(session.debrief())
    if session.finished:
        player.practice(session)
    return 0 if session.finished else 1
