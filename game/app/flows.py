"""The classroom's flow, and the stations every mode shares (title, picker, play, debrief, takeaway).

    title -> picker -> play -> debrief -> takeaway -> (the title again)

The takeaway's "play again" jumps back to the play, "another story" to the picker. A
screen between the debrief and the takeaway (a practice round, say) is one more line in
`classroom_flow`, and one in the kiosk's and the facilitator's flows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core import model as m
from .flow import Flow, Station, Visit
from .scenes.title import TitleScene

if TYPE_CHECKING:
    from .app import App
    from .scenes.debrief import DebriefScene
    from .scenes.menu import MenuScene
    from .scenes.picker import PickerScene
    from .scenes.play import PlayScene
    from .scenes.takeaway import TakeawayScene

# Every screen but the title (and the session, the debrief builder and the QR encoder
# behind them) is imported by its maker when it is first shown: the first frame of the
# game is the title, and start-up should not wait for what comes minutes later.


def title(app: App, visit: Visit) -> TitleScene:
    visit.scenario = None  # back at the title, nothing is chosen yet
    return TitleScene(app)


def preset_scenario(app: App) -> m.Scenario | None:
    """The story given on the command line (--scenario), if there is one this language can play."""
    from .scenes.picker import playable

    return next((s for s in playable(app) if s.id == app.settings.scenario), None)


def picker(app: App, visit: Visit) -> PickerScene | None:
    """The story picker; passed when no story is chosen yet and one was given on the command line."""
    from .scenes.picker import PickerScene

    if visit.scenario is None:
        visit.scenario = preset_scenario(app)
        if visit.scenario is not None:
            return None
    return PickerScene(app)


def play(app: App, visit: Visit) -> PlayScene:
    from ..session import Session
    from .scenes.play import PlayScene

    if visit.scenario is None:
        raise ValueError("the play station needs a chosen story: put a picker (or a preset story) before it")
    visit.session = Session(visit.scenario, app.library.catalogue, app.settings.lang, app.settings.mode, app.recorder, clock=app.clock)
    visit.debrief = None
    return PlayScene(app, visit.session)


def debrief(app: App, visit: Visit) -> DebriefScene:
    from .scenes.debrief import DebriefScene

    if visit.session is None:
        raise ValueError("the debrief station needs a play before it")
    visit.debrief = visit.session.debrief()
    return DebriefScene(app, visit.debrief)


def takeaway(app: App, visit: Visit) -> TakeawayScene:
    """Play again or another story."""
    from .scenes.takeaway import TakeawayScene

    return TakeawayScene(app, visit.debrief)


def menu(app: App) -> MenuScene:
    from .scenes.menu import MenuScene

    return MenuScene(app)


def classroom_flow() -> Flow[Visit]:
    return Flow(
        "classroom",
        [
            Station("title", title),
            Station("picker", picker),
            Station("play", play),
            Station("debrief", debrief),
            Station("takeaway", takeaway),
        ],
        Visit,
        menu=menu,
    )
