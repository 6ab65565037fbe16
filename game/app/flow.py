"""Which screen follows which in one mode: the only place that decides the next screen.

A flow is a list of stations, in the order a player meets them, for example the
classroom's (game/app/flows.py):

    title -> picker -> play -> debrief -> takeaway -> (the title again)

Each station has a name and a maker: a function that builds the station's scene from
the app and the visit (what this player's way through the screens has gathered: the
story chosen, its play, its debrief). A maker may return None to let a station pass
this time (the picker when the story was given on the command line). A scene never
builds the next one; it calls `finish(outcome)` and the flow goes on:

    "next"   the following station (after the last one: `at_end`, else a new visit)
    "back"   the station before
    a jump   a named station (`jumps`: "again" replays the story, "other" picks another)

So a screen is added to a mode by adding one line to its list of stations, and a mode
differs from another by its list (the kiosk starts at its attract loop and starts over
after the takeaway; the facilitator's play is the room's and ends on the room's summary).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from ..core import model as m
    from ..core.debrief import Debrief
    from ..session import Session
    from .app import App
    from .scene import Scene


@dataclass
class Visit:
    """What one player's (or one room's) way through the screens has gathered so far."""

    scenario: m.Scenario | None = None  # the story chosen, or given on the command line
    session: Session | None = None  # its play, once started
    debrief: Debrief | None = None  # the play's debrief, once it ended


V = TypeVar("V", bound=Visit)


@dataclass(frozen=True)
class Station(Generic[V]):
    """One screen of a flow: its name and how to build it (None: nothing to show this time, go on)."""

    name: str
    make: Callable[[App, V], Scene | None]


class FlowError(RuntimeError):
    """A scene asked for a way on that its flow does not have (a programming error, said plainly)."""


class Flow(Generic[V]):
    """The stations of one mode, the ways between them, and the visit in progress."""

    def __init__(
        self,
        name: str,
        stations: Sequence[Station[V]],
        new_visit: Callable[[], V],
        *,
        jumps: dict[str, str] | None = None,
        at_end: Callable[[App], None] | None = None,
        menu: Callable[[App], Scene] | None = None,
    ) -> None:
        self.name = name
        self.stations: list[Station[V]] = list(stations)
        self.new_visit = new_visit
        self.visit: V = new_visit()
        self.jumps = {"again": "play", "other": "picker", **(jumps or {})}
        self.at_end = at_end  # after the last station; None: a new visit from the first
        self.menu = menu  # the overlay Esc opens; None: Esc opens nothing

    # -- the declaration ---------------------------------------------------------------------

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stations]

    def index(self, name: str) -> int:
        for i, station in enumerate(self.stations):
            if station.name == name:
                return i
        raise FlowError(f"the {self.name} flow has no station '{name}' (it has: {', '.join(self.names)})")

    def insert_after(self, name: str, station: Station[V]) -> None:
        """Add a station right after `name` (e.g. a practice round after the debrief)."""
        self.stations.insert(self.index(name) + 1, station)

    # -- going through it ----------------------------------------------------------------------

    def start(self, app: App) -> None:
        """A new visit from the first station (what went before is forgotten)."""
        self.visit = self.new_visit()
        if not self._show(app, 0, +1, wrap=False):
            raise FlowError(f"the {self.name} flow has nothing to show: every station passed")

    def go(self, app: App, name: str) -> None:
        """Show station `name` now, with the visit as it is (screenshots, tests, the admin's shortcuts)."""
        if not self._show(app, self.index(name), +1, wrap=False):
            raise FlowError(f"the {self.name} flow's '{name}' and every station after it passed: nothing to show")

    def make(self, app: App, name: str, visit: V | None = None) -> Scene | None:
        """Station `name`'s scene for `visit` (a new one by default) without showing it (screenshots, pre-drawing)."""
        scene = self.stations[self.index(name)].make(app, visit if visit is not None else self.new_visit())
        if scene is not None:
            scene.station = name
        return scene

    def done(self, scene: Scene, outcome: str = "next", **found: object) -> None:
        """`scene` is done with `outcome`; `found` (fields of the visit) is what it learnt."""
        app = scene.app
        if scene not in app.stack:  # a late call from a screen already gone: nothing to decide
            import logging  # only on this rare path: logging is not needed for the first frame

            logging.getLogger(__name__).info("%s finished after it had left the screen; ignored", scene.name)
            return
        if not scene.station:
            raise FlowError(f"{scene.name} is not a station of the {self.name} flow, so it cannot finish into one")
        if outcome not in ("next", "back", *self.jumps):
            ways = ", ".join(["next", "back", *self.jumps])
            raise FlowError(f"the {self.name} flow has no way on from '{scene.station}' for '{outcome}' (it knows: {ways})")
        known = [f.name for f in fields(self.visit)]
        for key in found:
            if key not in known:
                raise FlowError(f"{scene.name} reports '{key}', which a {type(self.visit).__name__} does not hold ({', '.join(known)})")
        for key, value in found.items():
            setattr(self.visit, key, value)
        at = self.index(scene.station)
        if outcome == "next":
            self._show(app, at + 1, +1)
        elif outcome == "back":
            self._show(app, at - 1, -1)
        else:
            self._show(app, self.index(self.jumps[outcome]), +1)

    def _show(self, app: App, i: int, step: int, wrap: bool = True) -> bool:
        """Show the first station from i on (going by step) that has something to show."""
        while 0 <= i < len(self.stations):
            station = self.stations[i]
            scene = station.make(app, self.visit)
            if scene is not None:
                scene.station = station.name
                # A station is always the bottom of the stack; only overlays go above it.
                app.reset_to(scene)
                return True
            i += step
        if not wrap:
            return False
        if i >= len(self.stations) and self.at_end is not None:
            self.at_end(app)
        else:
            self.start(app)
        return True
