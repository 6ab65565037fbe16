"""The subcommands that need no window: validate, graph, the terminal player and the printable takeaway card."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .core.diagnostics import ScenarioError
from .core.graph import to_dot, to_mermaid
from .core.library import load_catalogue, load_file, load_library
from .resources import catalogue_path, scenarios_dir


def validate_command(args: argparse.Namespace) -> int:
    paths = args.paths or [scenarios_dir()]
    missing = [p for p in paths if not p.exists()]
    if missing:
        # A mistyped path is the whole answer: checking some other folder instead would
        # print "ok" for files the author did not mean.
        from .core.diagnostics import Diagnostic

        for p in missing:
            print(Diagnostic("E010", str(p), 0, "no such file or folder").format())
        return 1
    from .core.practice import is_practice_path, validate_practice

    stories = [p for p in paths if not is_practice_path(p)]
    # Practice items alone still load the catalogue (their tactics are checked against it).
    library = load_library(stories or [catalogue_path()], use_cache=False)  # an author wants a fresh check
    if not stories:
        library.reports = [r for r in library.reports if not r.ok]
    errors = warnings = 0
    tables = []
    for report in library.reports:
        scenario = library.scenarios.get(report.scenario_id or "")
        if scenario is not None:
            # The pedagogy lint reads the story whole, so it runs on stories that loaded (game/core/pedagogy.py).
            from .core.pedagogy import lint, story_table

            report.problems.extend(lint(scenario, library.catalogue, report.path))
            if getattr(args, "pedagogy", False):
                tables.append(story_table(scenario, library.catalogue, args.runs))
        for problem in report.problems:
            if problem.is_error:
                errors += 1
            else:
                warnings += 1
                if args.quiet:
                    continue
            print(problem.format())
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
    for practice in validate_practice([p for p in paths if p.exists()], library.catalogue):
        files += 1
        for problem in practice.problems:
            print(problem.format())
            errors += problem.is_error
            warnings += not problem.is_error
        if practice.ok and not args.quiet:
            print(f"{practice.path}: ok ({practice.items} practice item(s))")
    print(f"{files} file(s) checked: {errors} error(s), {warnings} warning(s)")
    return 1 if errors else 0


def graph_command(args: argparse.Namespace) -> int:
    catalogue, _ = load_catalogue(catalogue_path())
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
    if args.format == "png":
        from .core.graphpng import draw_graph
        from .core.library import ASSETS_DIR

        out = args.out or Path(args.file).with_suffix(".png")
        fonts = ASSETS_DIR / "fonts"
        try:
            draw_graph(scenario, lang, fonts / "DejaVuSans.ttf", fonts / "DejaVuSans-Bold.ttf").save(out)
        except OSError as err:
            print(f"error: {out}: cannot be written ({err.strerror or err})", file=sys.stderr)
            return 1
        print(f"{out}: the branching of '{scenario.id}' ({len(scenario.steps)} steps, {len(scenario.endings)} endings)")
        return 0
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


def import_twee_command(args) -> int:
    """`import-twee FILE.twee [--out FILE.yaml]`: a Twine draft becomes a scenario skeleton."""
    from .core.twee import TweeError, parse, to_yaml

    src: Path = args.file
    out: Path = args.out or src.with_suffix(".yaml")
    if out.exists() and not args.force:
        print(f"error: {out} exists; choose another --out or add --force", file=sys.stderr)
        return 1
    try:
        raw = src.read_bytes()
        if len(raw) > 1_000_000:
            raise TweeError("the file is larger than 1 MB: split the draft")
        story = parse(raw.decode("utf-8"))
    except OSError as err:
        print(f"error: {src}: cannot be read ({err.strerror or err})", file=sys.stderr)
        return 1
    except UnicodeDecodeError:
        print(f"error: {src}: not UTF-8 text; save it as UTF-8 (Twine exports UTF-8)", file=sys.stderr)
        return 1
    except TweeError as err:
        print(f"error: {src}: {err}", file=sys.stderr)
        return 1
    try:
        out.write_text(to_yaml(story, args.lang, args.other_lang, src.name), encoding="utf-8")
    except OSError as err:
        print(f"error: {out}: cannot be written ({err.strerror or err})", file=sys.stderr)
        return 1
    steps = sum(1 for p in story.passages if p.links)
    print(f"{out}: {steps} step(s), {len(story.passages) - steps} ending(s) from {len(story.passages)} passage(s)")
    print(f"next: fill in the TODOs, then run: python main.py validate {out}")
    return 0


def takeaway_card_command(args: argparse.Namespace) -> int:
    """`takeaway-card --lang vi --out DIR [--scenario ID] [--takeaway-url URL]`: the A6 card to print before class."""
    from .core.card import save_card
    from .core.takeaway import story_lesson

    scenario = None
    if args.scenario:
        library = load_library()
        scenario = library.scenarios.get(args.scenario)
        if scenario is None:
            print(f"error: no scenario '{args.scenario}' (known: {', '.join(sorted(library.scenarios))})", file=sys.stderr)
            return 2
    try:
        files = save_card(args.out, args.lang, story_lesson(scenario, args.lang), args.takeaway_url, args.scenario)
    except OSError as err:
        print(f"error: {args.out}: the card cannot be written ({err.strerror or err})", file=sys.stderr)
        return 1
    print(f"{files.png}: the A6 card (1240x1748 pixels, 300 dpi)")
    print(f"{files.pdf}: the same card as a PDF page of 105 x 148 mm")
    return 0


def i18n_command(args: argparse.Namespace) -> int:
    """`i18n extract | init LANG | update [LANG...] | check [LANG...]`: the translator's commands (game/core/i18n.py)."""
    from .core import i18n

    if args.action == "extract":
        written = i18n.extract()
        print(f"{len(written)} template(s) written to {i18n._shown(written[0].parent)}/ ({i18n.english_words():,} English words)")
        return 0
    if args.action == "init":
        if len(args.langs) != 1:
            print("error: i18n init takes one language code, e.g. 'python main.py i18n init pt'", file=sys.stderr)
            return 2
        try:
            written = i18n.init(args.langs[0])
        except ValueError as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
        print(f"{len(written)} PO file(s) started in {i18n._shown(written[0].parent)}/: open them in a PO editor (Poedit)")
        return 0
    if args.action == "update":
        written = i18n.update(args.langs or None)
        print(f"{len(written)} PO file(s) brought up to date with the templates")
        return 0
    tallies = i18n.check(args.langs or None)
    bad = 0
    for lang, tally in tallies.items():
        for problem in tally.problems:
            print(problem.format())
        bad += len(tally.problems)
        print(f"{lang}: {tally.translated}/{tally.entries} translated, {tally.words:,} words, {len(tally.problems)} problem(s)")
    if not tallies:
        print("no language is started; start one with 'python main.py i18n init LANG'")
    return 1 if bad else 0
