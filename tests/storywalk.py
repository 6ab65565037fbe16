"""Test helper: walk a scenario so that every choice of every step is taken to an ending.

A breadth-first search over play states (where the player is, which flags are set)
finds, for each choice, a way to reach a state where it is visible, then a way from
its target to an ending. Each route found is then replayed through the real engine.
"""

from __future__ import annotations

from collections import deque

from game.core import model as m
from game.core.playthrough import Playthrough

State = tuple[str, frozenset[str]]


def _successors(sc: m.Scenario, state: State):
    node, flags = state
    step = sc.steps.get(node)
    if step is None:
        return
    for c in step.choices:
        if c.visible_with(flags):
            yield c, (c.next, flags | frozenset(c.sets))


def search(sc: m.Scenario, limit: int = 200_000) -> dict[State, tuple[State, m.Choice] | None]:
    start: State = (sc.start, frozenset())
    parent: dict[State, tuple[State, m.Choice] | None] = {start: None}
    queue = deque([start])
    while queue:
        state = queue.popleft()
        for choice, nxt in _successors(sc, state):
            if nxt not in parent:
                parent[nxt] = (state, choice)
                queue.append(nxt)
                if len(parent) > limit:
                    raise RuntimeError("too many play states to search")
    return parent


def route_to(parent, state: State) -> list[m.Choice]:
    out: list[m.Choice] = []
    while parent[state] is not None:
        state, choice = parent[state]
        out.append(choice)
    return out[::-1]


def route_to_ending(sc: m.Scenario, state: State) -> list[m.Choice] | None:
    seen = {state: None}
    queue = deque([state])
    while queue:
        s = queue.popleft()
        if s[0] in sc.endings:
            return route_to(seen, s)
        for choice, nxt in _successors(sc, s):
            if nxt not in seen:
                seen[nxt] = (s, choice)
                queue.append(nxt)
    return None


def routes_covering_every_choice(sc: m.Scenario) -> tuple[list[list[m.Choice]], list[tuple[str, int]]]:
    """One route per (step, choice); and the choices that no route can take."""
    parent = search(sc)
    routes: list[list[m.Choice]] = []
    uncovered: list[tuple[str, int]] = []
    for step in sc.steps.values():
        for choice in step.choices:
            state = next((s for s in parent if s[0] == step.id and choice.visible_with(s[1])), None)
            if state is None:
                uncovered.append((step.id, choice.index))
                continue
            after = (choice.next, state[1] | frozenset(choice.sets))
            tail = route_to_ending(sc, after)
            if tail is None:
                uncovered.append((step.id, choice.index))
                continue
            routes.append(route_to(parent, state) + [choice] + tail)
    return routes, uncovered


def play_route(sc: m.Scenario, route: list[m.Choice], clock=None) -> Playthrough:
    play = Playthrough(sc, clock=clock) if clock else Playthrough(sc)
    for choice in route:
        play.choose(choice)
    return play
