"""The `report` and `merge` subcommands (parsed in game/cli.py, carried out here)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from ..core.strings import ui
from .figures import compute
from .merge import MergeError, merge_into
from .reading import Unreadable
from .schema import FILE_NAME


def _titles() -> dict[str, dict[str, str]]:
    """Scenario titles in every language, for the xAPI activity names the record has not named yet."""
    try:
        from ..core.library import load_library
        from .outbox import library_titles

        return library_titles(load_library())
    except Exception:  # noqa: BLE001 - ids alone still make valid statements
        return {}


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
        from .outbox import export
        from .reading import open_readonly, read_plays
        from .xapi import write

        try:
            conn = open_readonly(db)
            try:
                record = read_plays(conn, since, args.scenario)
                n = write(export(conn, record, _titles()), args.xapi, jsonl=args.jsonl)
            finally:
                conn.close()
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

    from .report import names_for, print_summary, write_charts, write_csv_files

    names = names_for(lang)
    print_summary(figures, names, db, sys.stdout)
    if args.out:
        try:
            args.out.mkdir(parents=True, exist_ok=True)
            write_csv_files(figures, names, args.out)
            write_charts(figures, names, args.out)
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


def send_command(args: argparse.Namespace) -> int:
    """`send`: deliver the outbox to an LRS; one line per outcome, exit 1 when something is wrong."""
    import os

    from .sender import AuthRefused, dry_run, http_poster, open_store, send

    db: Path = args.db or Path(args.data_dir) / FILE_NAME
    if not db.is_file():
        print(f"error: {db}: no play record here (use --data-dir or --db)", file=sys.stderr)
        return 1
    titles = _titles()
    if args.dry_run:
        try:
            n, batches = dry_run(db, titles)
        except Unreadable as err:
            print(f"error: {err}", file=sys.stderr)
            return 1
        print(f"dry run: {n} statement(s) would be sent to {args.lrs} in {batches} batch(es); nothing was sent or changed")
        return 0
    password = args.password or os.environ.get("NOTALONE_LRS_PASSWORD", "")
    try:
        conn = open_store(db)
    except Exception as err:  # noqa: BLE001 - one clear line, whatever sqlite says
        print(f"error: {db}: cannot be opened ({err})", file=sys.stderr)
        return 1
    try:
        result = send(conn, http_poster(args.lrs, args.user, password), titles)
    except AuthRefused as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    finally:
        conn.close()
    print(f"sent {result.sent} statement(s) in {result.requests} request(s); {result.queued_now} newly queued")
    for sid, why in result.parked:
        print(f"parked {sid}: {why} (the LRS holds a different statement with this id; it will not be resent)")
    if result.stopped:
        print(f"stopped: {result.stopped}; {result.deferred} statement(s) wait and go on the next run")
        return 1
    return 1 if result.parked else 0
