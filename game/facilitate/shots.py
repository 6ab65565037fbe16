"""Every projector screen, one after another: for `shots --projector` and the overflow tests.

Each step of each story is shown in each phase the room sees (the message, the vote
open with a few votes in, the results revealed with the tactic card), then each
ending, a session summary, and the overlays (raised hands, join code).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..core import model as m
from .projector import ProjectorApp, RoomScene
from .session import FacilitatedSession


def _room_at(app: ProjectorApp, sc: m.Scenario, node: str) -> RoomScene:
    fs = FacilitatedSession(sc, app.library.catalogue, app.settings.lang, None, app.room, clock=app.clock)
    fs.session.play.current = node
    scene = RoomScene(app, fs)
    app.reset_to(scene)
    if scene.phase in ("ringing", "dialling"):
        scene.start_revealing(app.clock())
    if scene.phase == "revealing":
        scene.reveal_all()
    return scene


def iter_projector_screens(app: ProjectorApp, scenarios: list[m.Scenario]) -> Iterator[str]:
    from .overlays import HandsScene, JoinScene
    from .summary_screen import SummaryScene

    lang = app.settings.lang
    for sc in scenarios:
        if lang not in sc.languages:
            continue
        for n, step in enumerate(sc.steps.values()):
            scene = _room_at(app, sc, step.id)
            yield f"{sc.id}/projector-{n:02d}-{step.id}-message"
            fs = scene.fs
            if not fs.needs_vote:
                continue
            seq = fs.open_vote()
            for i in range(len(fs.choices) * 3):
                app.room.vote(seq, i % len(fs.choices), f"shot-device-{i:04d}")
            yield f"{sc.id}/projector-{n:02d}-{step.id}-vote"
            if n == 0:
                app.push(HandsScene(app, fs))
                yield f"{sc.id}/projector-{n:02d}-{step.id}-hands"
                app.pop()
            fs.reveal()
            yield f"{sc.id}/projector-{n:02d}-{step.id}-revealed"
            scene.show_message = True
            yield f"{sc.id}/projector-{n:02d}-{step.id}-revealed-message"
        for ending in sc.endings.values():
            _room_at(app, sc, ending.id)
            yield f"{sc.id}/projector-end-{ending.id}"
        # A whole session: the room takes the first reply each time, so every story's summary is shown.
        scene = _room_at(app, sc, sc.start)
        fs = scene.fs
        while not fs.finished:
            fs.advance(0)
        summary = SummaryScene(app, fs)
        app.reset_to(summary)
        for page in range(summary.pages):
            summary.page = page
            yield f"{sc.id}/projector-summary-{page:02d}"
    app.push(JoinScene(app))
    yield "projector-join"
    app.pop()
