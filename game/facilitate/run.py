"""`python main.py facilitate`: the trainer's projector session, with the phone vote server if asked for.

Start-up order matters for the trainer: the vote server is started first, so a port
already in use is a one-line message before any window opens; it is stopped when the
window closes, however it closes. Session summaries go to <data dir>/sessions/.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

WINDOWED_SIZE = (1600, 900)  # 16:9, like the projector the trainer will use


def build_projector(args: argparse.Namespace, recorder=None, clock=None, audio=None, room=None, join_url: str | None = None):
    """The projector app with its first screen (title, or the story picker when --lang is given)."""
    from ..app.run import first_scene, settings_from
    from ..core.library import load_library
    from .flow import facilitator_flow
    from .projector import ProjectorApp, RoomSetup
    from .votes import VoteRoom

    library = load_library()
    for report in library.failed:
        for problem in report.problems:
            if problem.is_error:
                print(problem.format(), file=sys.stderr)
    settings = settings_from(args, "facilitate")
    data_dir: Path | None = getattr(args, "data_dir", None)
    setup = RoomSetup(
        room=room or VoteRoom(lang=settings.lang),
        join_url=join_url,
        out_dir=data_dir / "sessions" if data_dir is not None else None,
        live_results=bool(getattr(args, "live_results", False)),
    )
    kwargs = {}
    if clock is not None:
        kwargs["clock"] = clock
    if audio is not None:
        kwargs["audio"] = audio
    windowed = bool(getattr(args, "windowed", False)) or args.size is not None
    app = ProjectorApp(
        library, settings, setup, recorder, flow=facilitator_flow(), size=args.size or WINDOWED_SIZE, fullscreen=not windowed, **kwargs
    )
    first_scene(app, bool(args.lang))
    return app


def facilitate_command(args: argparse.Namespace) -> int:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from .votes import VoteRoom

    room = VoteRoom(lang=args.lang or "vi")
    server = None
    join_url = None
    if args.vote_port is not None:
        from .server import MAX_PHONES_PER_ADDRESS, VoteServer, VoteServerError

        phones = getattr(args, "max_phones_per_address", MAX_PHONES_PER_ADDRESS)
        if phones < 1:
            print(
                "--max-phones-per-address must be at least 1 (60 suits a class behind one school router; see docs/facilitate.md)",
                file=sys.stderr,
            )
            return 2
        try:
            server = VoteServer(room, host=args.vote_host, port=args.vote_port, max_phones_per_address=phones).start()
        except VoteServerError as err:
            print(f"{err}. Pick another port with --vote-port, or leave it out to count raised hands only.", file=sys.stderr)
            return 1
        join_url = server.url
        print(f"Phone voting: {join_url} (room code {room.code}; up to {phones} phones per network address)")
    from ..commands import open_recorder

    recorder = open_recorder(args.data_dir)
    app = None
    try:
        app = build_projector(args, recorder, room=room, join_url=join_url)
        app.run()
    finally:
        if server is not None:
            server.stop()
        if recorder is not None:
            recorder.close()
    for _csv, png in app.summaries if app is not None else []:
        print(f"Session summary: {png} (and {_csv.name})")
    return 0
