"""The front ends import in one direction: no import cycles, no scene importing the screen after it.

The graph comes from tests/importgraph.py (read from the source; every import counts but those
under `if TYPE_CHECKING:`), the same one tests/test_layers.py checks the core half with.
"""

from __future__ import annotations

from importgraph import cycles, imports

FRONT_ENDS = ("game.app", "game.kiosk", "game.facilitate")


def _front(module: str) -> bool:
    return any(module == f or module.startswith(f + ".") for f in FRONT_ENDS)


def test_no_import_cycle_touches_a_front_end() -> None:
    found = [group for group in cycles(imports()) if any(_front(m) for m in group)]
    assert found == [], "import cycles (outside TYPE_CHECKING):\n" + "\n".join(" ↔ ".join(g) for g in found)


def test_no_scene_imports_another_screen_of_its_flow() -> None:
    """Which screen follows which is the flows' business: a screen module never imports another screen."""
    graph = imports()
    screens = {
        "game.app.scenes.title",
        "game.app.scenes.picker",
        "game.app.scenes.play",
        "game.app.scenes.debrief",
        "game.app.scenes.takeaway",
        "game.kiosk.attract",
        "game.facilitate.summary_screen",
    }
    assert screens <= set(graph)
    reaching = {s: sorted(graph[s] & (screens - {s})) for s in sorted(screens)}
    assert {s: t for s, t in reaching.items() if t} == {}


def test_the_story_core_imports_no_front_end() -> None:
    graph = imports()
    bad = {m: sorted(t for t in ts if _front(t)) for m, ts in graph.items() if m.startswith("game.core")}
    assert {m: t for m, t in bad.items() if t} == {}
