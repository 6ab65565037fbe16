"""The `report` and `merge` subcommands (parsed in game/cli.py, carried out here)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from ..core.strings import ui
from .figures import compute
from .merge import MergeError, merge_into
from .reading import Unreadable, load
from .schema import FILE_NAME


def _titles() -> dict[str, dict[str, str]]:
    """Scenario titles in every language, for the xAPI activity names."""
    try:
        from ..core.library import load_library

        lib = load_library()
    except Exception:  # noqa: BLE001 - ids alone still make valid statements
        return {}
    return {sid: {lang: sc.title.get(lang) for lang in sc.languages} for sid, sc in lib.scenarios.items()}


def report_command(args: argparse.Namespace) -> int:
    lang = getattr(args, "lang", None) or "en"
    explicit = args.db is not None
    db: Path = args.db if explicit else Path(args.data_dir) / FILE_NAME
    since = None
    if args.since:
        try:
            since = date.fromisoformat(args.since)
        except ValueError:
            print(f"error: --since '{args.since}' is not a date like 2025-11-01", file=sys.stderr)
            return 2
    if not db.exists() and not explicit:
        print(ui("report_empty", lang, path=db))
        return 0
    if args.xapi:
        from .xapi import write

        try:
            record = load(db, since, args.scenario)
            n = write(record, args.xapi, _titles())
        except Unreadable as err:
            print(f"error: {err}", file=sys.stderr)
            return 1
        except OSError as err:
            print(f"error: {args.xapi}: cannot be written ({err.strerror or err})", file=sys.stderr)
            return 1
        print(ui("report_xapi_written", lang, n=n, p=len(record.plays), path=args.xapi))
        if not args.out:
            return 0

    try:
        figures = compute(db, since, args.scenario)
    except Unreadable as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    if not figures.plays:
        print(ui("report_empty_filtered" if since or args.scenario else "report_empty", lang, path=db))
        return 0

    from . import learning
    from .report import names_for, print_summary, write_charts, write_csv_files

    names = names_for(lang)
    print_summary(figures, names, db, sys.stdout)
    try:
        learned = learning.compute(db, since, args.scenario)
    except Unreadable as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print()
    print("\n".join(learning.summary_lines(learned, lang)))
    if args.out:
        try:
            args.out.mkdir(parents=True, exist_ok=True)
            write_csv_files(figures, names, args.out)
            write_charts(figures, names, args.out)
            learning.write(learned, lang, args.out)
        except OSError as err:
            print(f"error: {args.out}: cannot be written ({err.strerror or err})", file=sys.stderr)
            return 1
        print()
        print(ui("report_written", lang, path=args.out))
    return 0


def merge_command(args: argparse.Namespace) -> int:
    target: Path = args.into or Path(args.data_dir) / FILE_NAME
    try:
        results = merge_into(target, list(args.dbs))
    except MergeError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    skipped = 0
    for r in results:
        if r.error:
            skipped += 1
            print(f"{r.source}: skipped: {r.error}", file=sys.stderr)
        else:
            extra = f", {r.updated} brought up to date" if r.updated else ""
            print(f"{r.source}: {r.plays} plays: {r.new} new, {r.known} already there{extra}; {r.choices_new} new choices")
    print(f"merged into {target}" + (f" ({skipped} file(s) skipped)" if skipped else ""))
    return 1 if skipped else 0
