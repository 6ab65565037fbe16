"""The facilitator's flow: the classroom's title and picker, then the room plays and sees its summary.

    title -> picker -> play (the room's: RoomScene) -> summary -> (the picker again)

The room's summary is the facilitator's debrief: a screen after it (a practice round the
room votes on, say) is one more line in the list. "Another story" on the summary goes
on past the last station, which leads back to the picker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..app import flows
from ..app.flow import Flow, Station, Visit
from .projector import ProjectorApp, RoomScene
from .session import FacilitatedSession
from .summary_screen import SummaryScene

if TYPE_CHECKING:
    from ..app.app import App


@dataclass
class RoomVisit(Visit):
    """A visit of the whole room; `session` is the room's play inside `room`."""

    room: FacilitatedSession | None = None


def _projector(app: App) -> ProjectorApp:
    if not isinstance(app, ProjectorApp):
        raise TypeError("the facilitator's flow runs on the projector app (game.facilitate.projector.ProjectorApp)")
    return app


def room_play(app: App, visit: RoomVisit) -> RoomScene:
    papp = _projector(app)
    if visit.scenario is None:
        raise ValueError("the room's play needs a chosen story: put the picker before it")
    fs = FacilitatedSession(visit.scenario, papp.library.catalogue, papp.settings.lang, papp.recorder, papp.room, clock=papp.clock)
    visit.room, visit.session, visit.debrief = fs, fs.session, None
    return RoomScene(papp, fs)


def summary(app: App, visit: RoomVisit) -> SummaryScene:
    if visit.room is None:
        raise ValueError("the room's summary needs the room's play before it")
    visit.debrief = visit.room.session.debrief()  # for any screen after this one (the tactics met, the story played)
    return SummaryScene(_projector(app), visit.room)


def _another_story(app: App) -> None:
    app.flow.go(app, "picker")


def facilitator_flow() -> Flow[RoomVisit]:
    return Flow(
        "facilitator",
        [
            Station("title", flows.title),
            Station("picker", flows.picker),
            Station("play", room_play),
            Station("summary", summary),
        ],
        RoomVisit,
        at_end=_another_story,
        menu=flows.menu,
    )
