"""The command line shared by `python main.py` and the installed `notalone` command.

It parses arguments and hands over; each subcommand's work lives in its own module,
imported only when that subcommand runs so `validate` never starts pygame.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .core.strings import LANGUAGES
from .resources import data_dir as default_data_dir  # the platform's data folder; the name kept for its importers

SUBCOMMANDS = (
    "play",
    "kiosk",
    "facilitate",
    "validate",
    "graph",
    "shots",
    "report",
    "merge",
    "send",
    "import-twee",
    "bench",
    "takeaway-card",
    "i18n",
)


def size_arg(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size like 1024x768") from None
    if not (320 <= w <= 7680 and 320 <= h <= 7680):
        raise argparse.ArgumentTypeError(f"'{text}': width and height must be between 320 and 7680")
    return w, h


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=sorted(LANGUAGES), help="language of the game (any shipped language; default: the first offered)")
    p.add_argument("--scenario", metavar="ID", help="play or show only this scenario")
    p.add_argument("--data-dir", type=Path, metavar="DIR", help="where the play record and logs live")
    p.add_argument("--size", type=size_arg, metavar="WxH", help="window or screenshot size, e.g. 1024x768")
    p.add_argument("--text-size", choices=("normal", "large", "huge"), default="normal", help="size of all text")
    p.add_argument("--theme", choices=("default", "high-contrast"), default="default", help="colour theme")
    p.add_argument("--reduced-motion", action="store_true", help="no animations")
    p.add_argument("--mute", action="store_true", help="start with sound off")
    p.add_argument("--read-aloud", action="store_true", help="speak every text that has a voice clip, not only phone calls")
    p.add_argument(
        "--scenarios",
        action="append",
        type=Path,
        default=[],
        metavar="DIR",
        help="also read the stories in DIR (repeatable), after the shipped ones and DATA_DIR/scenarios",
    )
    _order(p)


def _takeaway_url(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--takeaway-url",
        metavar="URL",
        help="a short web address for the takeaway's QR code, printed under it (at most about 100 characters: version 5)",
    )


def _order(p: argparse.ArgumentParser) -> None:
    p.add_argument("--seed", type=int, metavar="N", help="draw the shuffled order of replies from N (same order every run)")
    p.add_argument("--no-shuffle", action="store_true", help="show replies in the order of the scenario file")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="notalone", description="Not Alone: practise spotting scams that isolate young people.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("play", help="classroom mode: windowed, mouse and keyboard (default)")
    _common(p)
    _takeaway_url(p)
    p.add_argument("--text", action="store_true", help="play in the terminal (scriptable through stdin)")
    p.add_argument("--no-record", action="store_true", help="do not write this play to the play record")
    p.add_argument("--no-measure", action="store_true", help="skip the four before and four after items (the before/after measure)")
    p.add_argument("--no-practice", action="store_true", help="no practice round after the debrief (and no measure)")
    p.add_argument(
        "--card-dir", type=Path, metavar="DIR", help='where the takeaway\'s "Print card" writes the A6 card (default: DATA_DIR/cards)'
    )

    p = sub.add_parser("kiosk", help="kiosk mode: fullscreen, touch, resets itself")
    _common(p)
    _takeaway_url(p)  # overrides the settings file's "takeaway_url"
    p.add_argument("--config", type=Path, metavar="FILE", help="kiosk settings file (see docs/kiosk.md)")
    p.add_argument("--windowed", action="store_true", help="run in a window (for testing a kiosk set-up)")
    p.add_argument("action", nargs="?", choices=("install-service",), help="install-service: write a systemd user unit (docs/kiosk.md)")
    p.add_argument("--supervise", action="store_true", help="run the kiosk as a child and restart it after a crash or a hang (no systemd)")

    p = sub.add_parser("facilitate", help="trainer-led session on a projector; the room votes")
    _common(p)
    p.add_argument("--vote-port", type=int, metavar="PORT", help="start the phone vote server on this port (off by default)")
    p.add_argument("--vote-host", default="0.0.0.0", metavar="ADDR", help="address the vote server binds to")
    p.add_argument(
        "--max-phones-per-address",
        type=int,
        default=60,
        metavar="N",
        help="phones that may vote from one network address per question (60: a class behind one school router; see docs/facilitate.md)",
    )
    p.add_argument("--windowed", action="store_true", help="run in a window instead of fullscreen")
    p.add_argument("--live-results", action="store_true", help="show the vote bars while voting is open (default: hidden until the reveal)")
    p.add_argument("--no-measure", action="store_true", help="skip the before/after items the room votes on")
    p.add_argument("--no-practice", action="store_true", help="no practice round after the story (and no measure)")
    p.set_defaults(text_size="large")  # read from the back of a classroom

    p = sub.add_parser("validate", help="check scenario files; every problem with file:line")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders (default: scenarios/)")
    p.add_argument("--quiet", action="store_true", help="print errors only: no warnings, no per-file OK lines")
    p.add_argument("--pedagogy", action="store_true", help="also print, per story, how simple strategies (longest reply, first, ...) score")
    p.add_argument("--runs", type=int, default=200, metavar="N", help="random plays averaged in the --pedagogy table (default 200)")

    p = sub.add_parser("graph", help="the branching of one scenario as Mermaid, DOT or a PNG picture")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--format", choices=("mermaid", "dot", "png"), default="mermaid")
    p.add_argument("--out", type=Path, metavar="FILE.png", help="with --format png: the picture's file (default: next to FILE)")
    p.add_argument("--lang", choices=sorted(LANGUAGES), default="en")

    p = sub.add_parser("shots", help="PNG screenshots of every step, language and size")
    _common(p)
    _takeaway_url(p)
    p.add_argument("--out", type=Path, required=True, metavar="DIR")
    p.add_argument("--projector", action="store_true", help="the facilitator's projector screens instead of the game's")

    p = sub.add_parser("report", help="figures and charts from the play record")
    p.add_argument("--data-dir", type=Path, metavar="DIR")
    p.add_argument("--db", type=Path, metavar="FILE", help="a record store file (default: the one in the data folder)")
    p.add_argument("--out", type=Path, metavar="DIR", help="where to write charts and CSV files")
    p.add_argument("--since", metavar="DATE", help="only plays from this date (YYYY-MM-DD)")
    p.add_argument("--scenario", metavar="ID")
    p.add_argument("--lang", choices=sorted(LANGUAGES), default="en")
    p.add_argument("--xapi", type=Path, metavar="FILE", help="write the plays as xAPI statements to FILE")
    p.add_argument("--jsonl", action="store_true", help="with --xapi: one statement a line (JSON lines, as Ralph's CLI reads)")

    p = sub.add_parser("send", help="send the plays' xAPI statements to a learning record store")
    p.add_argument("--lrs", required=True, metavar="URL", help="the LRS's xAPI address, e.g. https://lrs.example.org/xAPI")
    p.add_argument("--user", default="", metavar="U", help="LRS account (basic authentication)")
    p.add_argument("--password", default="", metavar="P", help="its password (or set NOTALONE_LRS_PASSWORD)")
    p.add_argument("--data-dir", type=Path, metavar="DIR")
    p.add_argument("--db", type=Path, metavar="FILE", help="a record store file (default: the one in the data folder)")
    p.add_argument("--dry-run", action="store_true", help="say what would be sent; send and change nothing")

    p = sub.add_parser("import-twee", help="turn a Twine draft (Twee 3) into a scenario skeleton to complete")
    p.add_argument("file", type=Path, metavar="FILE.twee")
    p.add_argument("--out", type=Path, metavar="FILE.yaml", help="where to write the scenario (default: next to the Twee file)")
    p.add_argument("--lang", default="en", metavar="CODE", help="the language the draft is written in (default: en)")
    p.add_argument("--other-lang", default="vi", metavar="CODE", help="the second language the story must have (default: vi)")
    p.add_argument("--force", action="store_true", help="overwrite --out if it exists")

    p = sub.add_parser("merge", help="fold the record stores of several machines into one")
    p.add_argument("dbs", nargs="+", type=Path, metavar="DB")
    p.add_argument("--data-dir", type=Path, metavar="DIR")
    p.add_argument("--into", type=Path, metavar="FILE", help="target store (default: the one in the data folder)")

    p = sub.add_parser("takeaway-card", help="the printable A6 takeaway card (PNG and PDF), to print before class")
    p.add_argument("--lang", choices=sorted(LANGUAGES), default="vi")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="the folder to write the card into")
    p.add_argument("--scenario", metavar="ID", help="add this story's own lesson to the card")
    _takeaway_url(p)

    p = sub.add_parser("i18n", help="translations: extract the templates, start a language, update, check")
    p.add_argument("action", choices=("extract", "init", "update", "check"), help="what to do (see docs/translating.md)")
    p.add_argument("langs", nargs="*", metavar="LANG", help="init: the new language's code; update/check: only these languages")

    p = sub.add_parser("bench", help="the benchmark")
    p.add_argument("--json", action="store_true", help="print one JSON object of named figures")
    p.add_argument("--only", metavar="NAMES", help="comma-separated figure groups to run")
    _order(p)
    return parser


def _use_story_folders(args: argparse.Namespace) -> str | None:
    """Read the organiser's stories too: DATA_DIR/scenarios/ if it exists, then each --scenarios DIR."""
    from .resources import STORY_FOLDERS_ENV

    folders: list[Path] = []
    if getattr(args, "data_dir", None) is not None and (Path(args.data_dir) / "scenarios").is_dir():
        folders.append(Path(args.data_dir) / "scenarios")
    for folder in args.scenarios:
        if not folder.is_dir():
            return f"error: --scenarios {folder}: no such folder"
        folders.append(folder)
    if folders:
        os.environ[STORY_FOLDERS_ENV] = os.pathsep.join(str(f.resolve()) for f in folders)
    return None


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # keep stdout for our output (bench --json)
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in SUBCOMMANDS and argv[0] not in ("-h", "--help"):
        argv.insert(0, "play")
    args = build_parser().parse_args(argv)
    if getattr(args, "seed", None) is not None or getattr(args, "no_shuffle", False):
        from .core.shuffle import configure

        configure(seed=args.seed, enabled=False if args.no_shuffle else None)
    if getattr(args, "data_dir", None) is None and args.command in ("play", "kiosk", "facilitate", "report", "merge", "send"):
        args.data_dir = default_data_dir()
    if hasattr(args, "scenarios") and isinstance(args.scenarios, list):
        problem = _use_story_folders(args)
        if problem:
            print(problem, file=sys.stderr)
            return 2

    if getattr(args, "takeaway_url", None):
        from .core.takeaway import TakeawayUrlError, check_takeaway_url

        try:
            args.takeaway_url = check_takeaway_url(args.takeaway_url)
        except TakeawayUrlError as err:
            print(f"error: --takeaway-url: {err}", file=sys.stderr)
            return 2
    if args.command == "takeaway-card":
        from .commands import takeaway_card_command

        return takeaway_card_command(args)
    if args.command == "i18n":
        from .commands import i18n_command

        return i18n_command(args)
    if args.command == "validate":
        from .commands import validate_command

        return validate_command(args)
    if args.command == "import-twee":
        from .commands import import_twee_command

        return import_twee_command(args)
    if args.command == "graph":
        from .commands import graph_command

        return graph_command(args)
    if args.command == "play" and args.text:
        from .commands import text_command

        return text_command(args)
    if args.command == "bench":
        from .bench import bench_command

        return bench_command(args)
    if args.command == "send":
        from .record.commands import send_command

        return send_command(args)
    if args.command in ("report", "merge"):
        from .record.commands import merge_command, report_command

        return report_command(args) if args.command == "report" else merge_command(args)
    if args.command == "shots":
        from .app.shots import shots_command

        return shots_command(args)
    if args.command == "kiosk":
        from .kiosk.run import kiosk_command

        return kiosk_command(args)
    if args.command == "facilitate":
        from .facilitate.run import facilitate_command

        return facilitate_command(args)
    from .app.run import play_command

    return play_command(args)
