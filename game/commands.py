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
    from .core.practice import is_practice_path, validate_practice

    stories = [p for p in paths if p.exists() and not is_practice_path(p)]
    # Practice items alone still load the catalogue (their tactics are checked against it).
    library = load_library(stories or [SCENARIOS_DIR / "tactics.yaml"], use_cache=False)  # an author wants a fresh check
    if not stories:
        library.reports = [r for r in library.reports if not r.ok]
    errors = warnings = 0
    for report in library.reports:
        for problem in report.problems:
            print(problem.format())
            if problem.is_error:
                errors += 1
            else:
                warnings += 1
        if report.ok and not args.quiet:
            what = f"scenario '{report.scenario_id}'" if report.scenario_id else "tactic catalogue"
            print(f"{report.path}: ok ({what})")
    files = len(library.reports)
    for report in validate_practice([p for p in paths if p.exists()], library.catalogue):
        files += 1
        for problem in report.problems:
            print(problem.format())
            errors += problem.is_error
            warnings += not problem.is_error
        if report.ok and not args.quiet:
            print(f"{report.path}: ok ({report.items} practice item(s))")
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
        measure = False if getattr(args, "no_measure", False) else None  # None: the mode's default (on)
        practice = not getattr(args, "no_practice", False)
        return run_text(
            library, args.lang or "vi", args.scenario, recorder, measure=measure, practice=practice, seed=getattr(args, "seed", None)
        )
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
