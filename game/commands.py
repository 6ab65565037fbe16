"""The subcommands that need no window: validate, graph and the terminal player."""

from __future__ import annotations

import argparse
import sys

from .core.diagnostics import ScenarioError
from .core.graph import to_dot, to_mermaid
from .core.library import SCENARIOS_DIR, load_catalogue, load_file, load_library


def validate_command(args: argparse.Namespace) -> int:
    paths = args.paths or [SCENARIOS_DIR]
    missing = [p for p in paths if not p.exists()]
    for p in missing:
        print(f"{p}: error: no such file or folder", file=sys.stderr)
    library = load_library([p for p in paths if p.exists()], use_cache=False)  # an author wants a fresh check
    errors = warnings = 0
    tables = []
    for report in library.reports:
        scenario = library.scenarios.get(report.scenario_id or "")
        if scenario is not None and getattr(args, "pedagogy_lint", True):
            # The pedagogy lint reads the story whole, so it runs on stories that loaded (game/core/pedagogy.py).
            from .core.pedagogy import lint, story_table

            report.problems.extend(lint(scenario, library.catalogue, report.path))
            if getattr(args, "pedagogy", False):
                tables.append(story_table(scenario, library.catalogue, args.runs))
        for problem in report.problems:
            print(problem.format())
            if problem.is_error:
                errors += 1
            else:
                warnings += 1
        if report.ok and not args.quiet:
            what = f"scenario '{report.scenario_id}'" if report.scenario_id else "tactic catalogue"
            print(f"{report.path}: ok ({what})")
    if tables:
        from .core.pedagogy import format_table

        print()
        print("How simple strategies play each story (shuffling off: the order in the file):")
        for table in tables:
            print()
            print(format_table(table))
        print()
    files = len(library.reports)
    print(f"{files} file(s) checked: {errors} error(s), {warnings} warning(s)")
    return 1 if errors or missing else 0


def graph_command(args: argparse.Namespace) -> int:
    catalogue, _ = load_catalogue(SCENARIOS_DIR / "tactics.yaml")
    try:
        scenario, report = load_file(args.file, catalogue)
    except ScenarioError as err:  # pragma: no cover - load_file turns these into reports
        print(err.diagnostic.format(), file=sys.stderr)
        return 1
    if scenario is None:
        for problem in report.problems:
            print(problem.format(), file=sys.stderr)
        return 1
    lang = args.lang if args.lang in scenario.languages else scenario.languages[0]
    sys.stdout.write(to_dot(scenario, lang) if args.format == "dot" else to_mermaid(scenario, lang))
    return 0


def text_command(args: argparse.Namespace) -> int:
    from .textplay import run_text

    library = load_library()
    for report in library.failed:
        for problem in report.problems:
            if problem.is_error:
                print(problem.format(), file=sys.stderr)
    recorder = None
    if not args.no_record:
        recorder = open_recorder(args.data_dir)
    try:
        return run_text(library, args.lang or "vi", args.scenario, recorder)
    finally:
        if recorder is not None:
            recorder.close()


def open_recorder(data_dir):
    """The play record in the data folder, or none at all if it cannot be opened."""
    try:
        from .record.store import RecordStore

        return RecordStore.open_in(data_dir)
    except Exception as err:  # noqa: BLE001 - never stop a play for the record
        print(f"note: the play record is not available ({err}); playing without it", file=sys.stderr)
        return None
