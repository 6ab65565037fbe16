"""Checks of what the phone will show: calls, the clock, tells and evidence.

The phone draws a `hang_up` reply as the red button of a call and `outgoing` as a call
the player makes, so both only mean something on a call. Story time runs forwards: a
clock that goes back reads as a mistake unless a `later` separator says time jumped.
A tell is highlighted on the words the player saw, so its quote must be in them. And
evidence is drawn, not described: "[photo] ..." in a text is an attachment waiting to be made.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from . import model as m

CALLS = ("call", "video_call")
# Evidence written as a bracketed description instead of an attachment, in either language.
PLACEHOLDER = re.compile(r"\[\s*(ảnh|hình|photo|image|picture|screenshot|link|video|file|tệp)\b", re.IGNORECASE)

Report = Callable[[str, int, str], None]


def check_phone(sc: m.Scenario, report: Report) -> None:
    """Report W313-W317 for one scenario (see game/core/diagnostics.py)."""
    for step in sc.steps.values():
        where = f"step '{step.id}'"
        _check_call(step, where, report)
        _check_tells(sc, step, where, report)
        _check_placeholders(step, where, report)
    _check_clock(sc, report)


def _check_call(step: m.Step, where: str, report: Report) -> None:
    hang_ups = [c for c in step.choices if c.hang_up]
    if hang_ups and step.channel not in CALLS:
        c = hang_ups[0]
        report(
            "W314",
            c.lines.get("hang_up", c.line),
            f"{where} choice {c.index + 1}: 'hang_up: true' but the step is a '{step.channel}', not a call",
        )
    elif len(hang_ups) > 1:
        c = hang_ups[1]
        report(
            "W314",
            c.lines.get("hang_up", c.line),
            f"{where}: {len(hang_ups)} replies have 'hang_up: true'; the red button can play only one",
        )
    if step.outgoing and step.channel not in CALLS:
        report("W314", step.line_of("outgoing"), f"{where}: 'outgoing: true' but the step is a '{step.channel}', not a call")


def _words_of(step: m.Step, lang: str) -> list[str]:
    return [step.text.get(lang), *(b.text.get(lang) for b in step.messages)]


def _check_tells(sc: m.Scenario, step: m.Step, where: str, report: Report) -> None:
    has_tells = bool(step.tells) or any(a.has_tells for a in step.attachments)
    if has_tells and step.genuine:
        report("W315", step.line_of("tells") or step.line, f"{where} is genuine but marks tells: a real message has nothing to give away")
    for i, tell in enumerate(step.tells):
        for lang in sc.languages:
            quote = tell.quote.get(lang)
            if quote and not any(quote in words for words in _words_of(step, lang)):
                report("W315", step.line_of("tells"), f"{where} tell {i + 1}: the {lang} quote “{quote}” is not in the step's {lang} text")
    for i, attachment in enumerate(step.attachments):
        if attachment.source_tell is not None and not attachment.source:
            report("W315", step.line_of("attachments"), f"{where} attachment {i + 1}: 'source_tell' but no 'source' to highlight")


def _check_placeholders(step: m.Step, where: str, report: Report) -> None:
    for lang in step.text.languages:
        for words in _words_of(step, lang):
            found = PLACEHOLDER.search(words)
            if found:
                report("W316", step.line_of("text"), f"{where}: '{found.group(0)}…' describes evidence in the text ({lang})")
                return


def _minutes(at: str) -> int | None:
    hours, _, minutes = at.partition(":")
    return int(hours) * 60 + int(minutes) if hours.isdigit() and minutes.isdigit() else None


def _check_clock(sc: m.Scenario, report: Report) -> None:
    """W317: from a step showing a time, the next step that shows one shows an earlier time, with no `later` between."""

    def successors(step: m.Step) -> list[m.Step]:
        return [sc.steps[c.next] for c in step.choices if c.next in sc.steps]

    reported: set[str] = set()
    for step in sc.steps.values():
        start = _minutes(step.at)
        if start is None:
            continue
        seen: set[str] = set()
        todo = successors(step)
        while todo:
            nxt = todo.pop()
            if nxt.id in seen or nxt.later is not None:
                continue  # a `later` separator: the clock may start again
            seen.add(nxt.id)
            shown = _minutes(nxt.at)
            if shown is None:
                todo.extend(successors(nxt))
            elif shown < start and nxt.id not in reported:
                reported.add(nxt.id)
                report(
                    "W317",
                    nxt.line_of("at"),
                    f"step '{nxt.id}' shows {nxt.at} after step '{step.id}' showed {step.at}: the clock goes back",
                )
