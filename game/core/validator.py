"""Whole-story checks on a loaded scenario: targets, reachability, translations, assets, flags.

Every check is one pass over the steps and their choices (graph searches visit each
step and each choice once), so a story with 2^40 distinct paths validates as fast as
a small one: paths are never enumerated.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path, PurePosixPath

from . import model as m
from .diagnostics import Diagnostic
from .loader import Loaded
from .safeyaml import YMap
from .voices import voice_problems

MAX_READ_CHARS = 300


def validate(loaded: Loaded, catalogue: m.Catalogue | None, assets_root: Path | None) -> list[Diagnostic]:
    """Return the loader's problems plus every whole-story problem of one file."""
    problems = list(loaded.reader.problems)
    sc = loaded.scenario
    if sc is None:
        return problems
    data = loaded.data
    file = loaded.reader.filename

    def report(code: str, line: int, message: str) -> None:
        problems.append(Diagnostic(code, file, line, message))

    end_lines = _lines(data, "endings")
    targets = set(sc.steps) | set(sc.endings)

    for shared in sorted(set(sc.steps) & set(sc.endings)):
        report("E212", end_lines.get(shared, 0), f"'{shared}' is both a step and an ending")

    if sc.start and sc.start not in sc.steps:
        line = data.line_of("start") if data is not None else 0
        what = "an ending" if sc.start in sc.endings else "nothing"
        report("E201", line, f"'start: {sc.start}' names {what}; it must name a step")

    flags_set: dict[str, int] = {}
    flags_used: dict[str, int] = {}
    for step in sc.steps.values():
        where = f"step '{step.id}'"
        if not step.choices:
            report("E204", step.line, f"{where} has no choices")
        elif all(c.conditional for c in step.choices):
            report("E213", step.line, f"{where}: every choice has 'requires' or 'unless', so the player could be left with none")
        if step.tactic is not None and catalogue is not None and step.tactic not in catalogue:
            report("E205", step.line_of("tactic"), f"{where}: tactic '{step.tactic}' is not in the tactic catalogue")
        if step.genuine and step.tactic:
            report("W303", step.line_of("tactic"), f"{where} is marked genuine but names the tactic '{step.tactic}'")
        if step.speaker and step.speaker not in sc.characters:
            report("E206", step.line_of("from"), f"{where}: 'from: {step.speaker}' is not a character of this scenario")
        for i, bubble in enumerate(step.messages):
            if bubble.speaker and bubble.speaker not in sc.characters:
                report("E206", step.line_of("messages"), f"{where} message {i + 1}: 'from: {bubble.speaker}' is not a character")
        for choice in step.choices:
            if choice.next and choice.next not in targets:
                report(
                    "E201",
                    choice.lines.get("next", choice.line),
                    f"{where} choice {choice.index + 1}: 'next: {choice.next}' names no step or ending",
                )
            if choice.false_alarm and (not step.genuine or choice.safety == "safe"):
                why = "the step is not 'genuine: true'" if not step.genuine else "the reply is safe"
                report(
                    "W305",
                    choice.lines.get("false_alarm", choice.line),
                    f"{where} choice {choice.index + 1}: 'false_alarm: true' but {why}",
                )
            for flag in choice.sets:
                flags_set.setdefault(flag, choice.lines.get("sets", choice.line))
            for key in ("requires", "unless"):
                for flag in getattr(choice, key):
                    flags_used.setdefault(flag, choice.lines.get(key, choice.line))

    for flag, line in flags_used.items():
        if flag not in flags_set:
            report("E210", line, f"the flag '{flag}' is required here but no choice sets it")
    for flag, line in flags_set.items():
        if flag not in flags_used:
            report("W302", line, f"the flag '{flag}' is set here but no choice uses it")

    reachable = _reachable(sc)
    for step_id, step in sc.steps.items():
        if step_id not in reachable:
            report("E202", step.line, f"step '{step_id}' cannot be reached from 'start: {sc.start}'")
    for end_id, ending in sc.endings.items():
        if end_id not in reachable and end_id not in sc.steps:
            report("E202", ending.line, f"ending '{end_id}' cannot be reached from 'start: {sc.start}'")
    finishing = _can_finish(sc)
    for step_id, step in sc.steps.items():
        if step_id in reachable and step_id not in finishing and step.choices:
            report("E203", step.line, f"from step '{step_id}' no ending can be reached (the story loops forever)")

    langs = set(sc.languages)
    for site in loaded.reader.texts:
        if site.text.single:
            continue
        missing = langs.difference(site.text.by_lang)
        if missing:
            missing = sorted(missing)
            report("E207", site.line, f"{site.where} has no '{', '.join(missing)}' text (this scenario is in {', '.join(sorted(langs))})")

    _check_reading_length(sc, report)
    _check_assets(loaded, assets_root, report)
    if assets_root is not None:  # voice clips live under assets/; no root, no clip check
        problems.extend(voice_problems(sc, assets_root))
    return problems


def _lines(data: YMap | None, key: str) -> dict[str, int]:
    block = data.get(key) if data is not None else None
    return dict(block.key_lines) if isinstance(block, YMap) else {}


def _reachable(sc: m.Scenario) -> set[str]:
    seen: set[str] = set()
    if sc.start not in sc.steps:
        return seen
    queue = deque([sc.start])
    seen.add(sc.start)
    while queue:
        step = sc.steps.get(queue.popleft())
        if step is None:
            continue
        for choice in step.choices:
            if choice.next and choice.next not in seen:
                seen.add(choice.next)
                queue.append(choice.next)
    return seen


def _can_finish(sc: m.Scenario) -> set[str]:
    """Steps from which some ending is reachable: a search backwards from the endings."""
    into: dict[str, list[str]] = {}
    for step in sc.steps.values():
        for choice in step.choices:
            into.setdefault(choice.next, []).append(step.id)
    done = set(sc.endings)
    queue = deque(done)
    while queue:
        for source in into.get(queue.popleft(), ()):
            if source not in done:
                done.add(source)
                queue.append(source)
    return done


def _check_reading_length(sc: m.Scenario, report) -> None:
    def check(text: m.Text, line: int, name: str, *args: object) -> None:
        for lang, value in text.by_lang.items():
            if len(value) > MAX_READ_CHARS:  # the name is put together only for a warning
                label = "" if text.single else f" in '{lang}'"
                report("W301", line, f"{name.format(*args)}{label} is {len(value)} characters")

    for step in sc.steps.values():
        check(step.text, step.line_of("text"), "step '{}' text", step.id)
        for i, bubble in enumerate(step.messages):
            check(bubble.text, step.line_of("messages"), "step '{}' message {}", step.id, i + 1)
        for choice in step.choices:
            check(choice.feedback, choice.lines.get("feedback", choice.line), "step '{}' choice {} feedback", step.id, choice.index + 1)
    for ending in sc.endings.values():
        check(ending.text, ending.line, "ending '{}' text", ending.id)


def safe_asset_path(path: str) -> PurePosixPath | None:
    """The path inside assets/, or None when it could point anywhere else."""
    if not path or "\\" in path or ":" in path:
        return None
    pure = PurePosixPath(path)
    if pure.is_absolute() or any(part in ("..", "") for part in pure.parts):
        return None
    return pure


def _check_assets(loaded: Loaded, assets_root: Path | None, report) -> None:
    for path, line, where in loaded.reader.assets:
        pure = safe_asset_path(path)
        if pure is None:
            report("E209", line, f"{where}: '{path}' is not a path inside assets/")
            continue
        if assets_root is not None and not (assets_root / pure).is_file():
            report("E208", line, f"{where}: assets/{pure} does not exist")
