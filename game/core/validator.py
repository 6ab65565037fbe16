"""Whole-story checks on a loaded scenario: targets, reachability, translations, assets, flags.

Every check is one pass over the steps and their choices (graph searches visit each
step and each choice once), so a story with 2^40 distinct paths validates as fast as
a small one: paths are never enumerated.
"""

from __future__ import annotations

import difflib
from collections import deque
from pathlib import Path, PurePosixPath

from . import model as m
from .diagnostics import Diagnostic
from .loader import Loaded
from .phone_checks import check_phone
from .safeyaml import YMap
from .traps import MAX_STATES, find_traps
from .voices import voice_problems

MAX_READ_CHARS = 300


def validate(loaded: Loaded, catalogue: m.Catalogue | None, assets_root: Path | None, story_dir: Path | None = None) -> list[Diagnostic]:
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
            close = difflib.get_close_matches(step.tactic, list(catalogue.tactics), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            report("E205", step.line_of("tactic"), f"{where}: tactic '{step.tactic}' is not in the tactic catalogue{hint}")
        if step.tactic is not None and not step.genuine and step.is_decision and not any(c.safety == "safe" for c in step.choices):
            report(
                "W310",
                step.line,
                f"{where} is a scam step ('{step.tactic}') but none of its replies is 'safe': a careful player has no good move",
            )
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
    if flags_used and not any(p.code in ("E201", "E203", "E210") for p in problems):
        _check_traps(sc, report)

    langs = set(sc.languages)
    for site in loaded.reader.texts:
        if site.text.single:
            continue
        missing = sorted(langs.difference(site.text.by_lang))
        if missing:
            report("E207", site.line, f"{site.where} has no '{', '.join(missing)}' text (this scenario is in {', '.join(sorted(langs))})")

    check_phone(sc, report)
    _check_reading_length(sc, report, data)
    _check_assets(loaded, assets_root, report, story_dir)
    if assets_root is not None:  # voice clips live under assets/; no root, no clip check
        problems.extend(voice_problems(sc, assets_root))
    return problems


def _check_traps(sc: m.Scenario, report) -> None:
    """E214: a state of play (a step with the flags set so far) from which no ending can be reached."""
    check = find_traps(sc)
    if not check.complete:
        report("W309", 0, f"the story has more than {MAX_STATES:,} combinations of step and flags: traps were not checked; use fewer flags")
    for sid, index in check.never_shown:
        choice = sc.steps[sid].choices[index]
        report(
            "W312",
            choice.line,
            f"step '{sid}' choice {index + 1} is never shown: whenever the player reaches this step, its 'requires'/'unless' hide it",
        )
    for trap in check.traps:
        step = sc.steps[trap.step]
        flags = f"with the flag(s) {', '.join(sorted(trap.flags))} set" if trap.flags else "with no flag set"
        report(
            "E214",
            step.line,
            f"step '{trap.step}' can be reached {flags}, and from there no ending can (every way out needs a flag that cannot be set, or is closed by 'unless')",
        )


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


# What fits the phone at its smallest (1024×768, huge text), in characters: a message or a
# feedback card scrolls within its box up to MAX_READ_CHARS; a reply is a button, a title
# a header line, a summary a picker card, a name the top of the phone.
MAX_CHARS = {"text": MAX_READ_CHARS, "choice": 140, "title": 60, "summary": 220, "name": 44, "lesson": 110}
MAX_CHOICES = 5


def _check_reading_length(sc: m.Scenario, report, data: YMap | None = None) -> None:
    """W301 for any shown text longer than its place on the smallest screen; W311 for too many replies."""

    def check(text: m.Text | None, line: int, kind: str, name: str, *args: object) -> None:
        if text is None:
            return
        limit = MAX_CHARS[kind]
        for lang, value in text.by_lang.items():
            if len(value) > limit:  # the name is put together only for a warning
                label = "" if text.single else f" in '{lang}'"
                report("W301", line, f"{name.format(*args)}{label} is {len(value)} characters; at most {limit} fit")

    top = data.line_of if data is not None else (lambda key: 0)
    check(sc.title, top("title"), "title", "the title")
    check(sc.summary, top("summary"), "summary", "the summary")
    check(sc.lesson, top("lesson"), "lesson", "the lesson")  # one line on the takeaway, beside the rules
    people = _lines(data, "characters")
    for character in sc.characters.values():
        check(character.name, people.get(character.id, 0), "name", "character '{}' name", character.id)
    for step in sc.steps.values():
        check(step.text, step.line_of("text"), "text", "step '{}' text", step.id)
        for i, bubble in enumerate(step.messages):
            check(bubble.text, step.line_of("messages"), "text", "step '{}' message {}", step.id, i + 1)
        if len(step.choices) > MAX_CHOICES:
            report(
                "W311",
                step.line_of("choices"),
                f"step '{step.id}' offers {len(step.choices)} replies; at most {MAX_CHOICES} fit on a phone screen",
            )
        for choice in step.choices:
            check(choice.text, choice.line, "choice", "step '{}' choice {}", step.id, choice.index + 1)
            check(
                choice.feedback,
                choice.lines.get("feedback", choice.line),
                "text",
                "step '{}' choice {} feedback",
                step.id,
                choice.index + 1,
            )
    for ending in sc.endings.values():
        check(ending.title, ending.line, "title", "ending '{}' title", ending.id)
        check(ending.text, ending.line, "text", "ending '{}' text", ending.id)


def safe_asset_path(path: str) -> PurePosixPath | None:
    """The path inside assets/, or None when it could point anywhere else."""
    if not path or "\\" in path or ":" in path:
        return None
    pure = PurePosixPath(path)
    if pure.is_absolute() or any(part in ("..", "") for part in pure.parts):
        return None
    return pure


def _check_assets(loaded: Loaded, assets_root: Path | None, report, story_dir: Path | None = None) -> None:
    """Each named file must exist beside the story (an organiser's pictures) or under assets/."""
    beside = story_dir is not None and (assets_root is None or story_dir.resolve() != (assets_root.parent / "scenarios").resolve())
    for path, line, where in loaded.reader.assets:
        pure = safe_asset_path(path)
        if pure is None:
            report("E209", line, f"{where}: '{path}' is not a path inside assets/ (or inside the story's own folder)")
            continue
        found = None
        if beside and story_dir is not None and (story_dir / pure).is_file():
            found, shown = story_dir / pure, f"{pure} (beside the story)"
        elif assets_root is not None and (assets_root / pure).is_file():
            found, shown = assets_root / pure, f"assets/{pure}"
        elif assets_root is None:
            continue
        if found is None:
            also = " or beside the story" if beside else ""
            report("E208", line, f"{where}: {pure} is not under assets/{also}")
        elif pure.suffix.lower() in IMAGE_SUFFIXES:
            why = picture_problem(found)
            if why:
                report("E215", line, f"{where}: {shown} {why}")


IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg"}
MAX_IMAGE_BYTES = 5_000_000
MAX_IMAGE_SIDE = 4096


def picture_problem(path: Path) -> str | None:
    """Why this file cannot be shown as a picture (read from its header), or None if it can."""
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(16)
    except OSError as err:
        return f"cannot be read ({err.strerror or err})"
    if size > MAX_IMAGE_BYTES:
        return f"is {size / 1e6:.1f} MB; a picture may be at most {MAX_IMAGE_BYTES // 1_000_000} MB"
    if not (head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff")):
        return "is not a PNG or JPEG picture (whatever its name says)"
    from PIL import Image  # only when a story names a picture

    try:
        with Image.open(path) as img:  # reads the header, not the pixels
            w, h = img.size
    except (OSError, ValueError) as err:
        return f"is a damaged picture ({err})"
    if max(w, h) > MAX_IMAGE_SIDE:
        return f"is {w}×{h} pixels; at most {MAX_IMAGE_SIDE} on a side"
    return None
