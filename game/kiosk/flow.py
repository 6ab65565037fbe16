"""The kiosk's flow: the attract loop first, and after the takeaway a fresh start for the next visitor.

    attract -> title -> picker -> play -> debrief -> takeaway -> (starts over: attract)

The takeaway has one button, "finish"; what follows it is `at_end`, the idle policy's
fresh start (new settings, nothing of the last visitor kept). A screen between the
debrief and the takeaway is one more line in the list.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..app import flows
from ..app.flow import Flow, Station, Visit
from ..app.scenes.takeaway import TakeawayScene
from .attract import AttractScene

if TYPE_CHECKING:
    from ..app.app import App


def attract(app: App, visit: Visit) -> AttractScene:
    return AttractScene(app)


def takeaway(app: App, visit: Visit) -> TakeawayScene:
    """The takeaway with "finish" only: the next visitor must not inherit this one's story."""
    return TakeawayScene(app, visit.debrief, finish_only=True)


def kiosk_flow(at_end: Callable[[App], None]) -> Flow[Visit]:
    """`at_end`: what follows the takeaway (the kiosk starts over for the next visitor)."""
    return Flow(
        "kiosk",
        [
            Station("attract", attract),
            Station("title", flows.title),
            Station("picker", flows.picker),
            Station("play", flows.play),
            Station("debrief", flows.debrief),
            Station("takeaway", takeaway),
        ],
        Visit,
        at_end=at_end,
        menu=None,  # no menu on a kiosk: Esc is swallowed, and nothing may lead out
    )
