"""Traps that flags can set: a state of play from which no ending can be reached.

The plain reachability checks (E202, E203) look at steps alone. With `requires` and
`unless`, a step can be left only by a choice whose flag is set later, or never again:
the player would loop for ever. Flags are few, so the states of a play — (step, flags set
so far) — are explored directly, forwards from the start, then backwards from every
ending; a reachable state that cannot finish is a trap.

The exploration is bounded (MAX_STATES, said in the guide): a story that would need more
states is not fully checked, and `validate` says so instead of taking long.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from . import model as m

MAX_STATES = 50_000

State = tuple[str, frozenset[str]]


@dataclass(frozen=True)
class Trap:
    step: str
    flags: frozenset[str]


@dataclass(frozen=True)
class TrapCheck:
    traps: list[Trap]  # at most one per step: the first found, with the fewest flags
    never_shown: list[tuple[str, int]]  # (step, choice index) of replies no reachable state shows
    complete: bool  # False when MAX_STATES was reached before every state was seen
    states: int


def find_traps(sc: m.Scenario, max_states: int = MAX_STATES) -> TrapCheck:
    if sc.start not in sc.steps:
        return TrapCheck([], [], True, 0)
    start: State = (sc.start, frozenset())
    seen: set[State] = {start}
    into: dict[State, list[State]] = {}
    finished: list[State] = []
    queue = deque([start])
    complete = True
    shown: set[tuple[str, int]] = set()
    while queue:
        state = queue.popleft()
        node, flags = state
        step = sc.steps.get(node)
        if step is None:
            if node in sc.endings:
                finished.append(state)
            continue
        for choice in step.choices:
            if not choice.visible_with(flags):
                continue
            shown.add((node, choice.index))
            nxt: State = (choice.next, flags | frozenset(choice.sets) if choice.sets else flags)
            into.setdefault(nxt, []).append(state)
            if nxt not in seen:
                if len(seen) >= max_states:
                    complete = False
                    continue
                seen.add(nxt)
                queue.append(nxt)
    if not complete:
        return TrapCheck([], [], False, len(seen))
    can_finish = set(finished)
    back = deque(finished)
    while back:
        for source in into.get(back.popleft(), ()):
            if source not in can_finish:
                can_finish.add(source)
                back.append(source)
    worst: dict[str, Trap] = {}
    for node, flags in seen:
        if node in sc.steps and (node, flags) not in can_finish:
            known = worst.get(node)
            if known is None or (len(flags), sorted(flags)) < (len(known.flags), sorted(known.flags)):
                worst[node] = Trap(node, flags)
    reached = {node for node, _ in seen}
    never = [(sid, c.index) for sid, step in sc.steps.items() if sid in reached for c in step.choices if (sid, c.index) not in shown]
    return TrapCheck([worst[k] for k in sc.steps if k in worst], never, True, len(seen))
