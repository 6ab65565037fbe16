"""How long a story takes to read: words on its shortest and longest path to an ending.

A player reads the step (and its earlier bubbles), the choices offered, and at the
end the ending. Shortest uses Dijkstra; longest is the longest path once loops are
cut (each loop edge that leads back is ignored), computed in one pass. Neither
enumerates paths.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from . import model as m

WORDS_PER_MINUTE = 200


def words(text: str) -> int:
    return len(text.split())


def node_words(sc: m.Scenario, node_id: str, lang: str) -> int:
    step = sc.steps.get(node_id)
    if step is None:
        ending = sc.endings[node_id]
        return words(ending.title.get(lang)) + words(ending.text.get(lang))
    total = words(step.text.get(lang)) + sum(words(b.text.get(lang)) for b in step.messages)
    return total + sum(words(c.text.get(lang)) for c in step.choices)


@dataclass(frozen=True)
class ReadingLength:
    shortest_words: int
    longest_words: int
    shortest_decisions: int
    longest_decisions: int

    @property
    def shortest_minutes(self) -> float:
        return self.shortest_words / WORDS_PER_MINUTE

    @property
    def longest_minutes(self) -> float:
        return self.longest_words / WORDS_PER_MINUTE


def reading_length(sc: m.Scenario, lang: str) -> ReadingLength:
    cost = {n: node_words(sc, n, lang) for n in list(sc.steps) + list(sc.endings)}
    # Shortest: Dijkstra over node weights.
    best = {sc.start: cost[sc.start]}
    decisions = {sc.start: 0}
    heap = [(cost[sc.start], sc.start)]
    shortest = None
    while heap:
        d, node = heapq.heappop(heap)
        if d > best.get(node, 1 << 60):
            continue
        if node in sc.endings:
            shortest = (d, decisions[node])
            break
        step = sc.steps[node]
        for c in step.choices:
            nd = d + cost[c.next]
            if nd < best.get(c.next, 1 << 60):
                best[c.next] = nd
                decisions[c.next] = decisions[node] + (1 if step.is_decision else 0)
                heapq.heappush(heap, (nd, c.next))
    # Longest on the graph with back edges removed: iterative DFS post-order.
    longest: dict[str, tuple[int, int]] = {e: (cost[e], 0) for e in sc.endings}
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    stack: list[tuple[str, int]] = [(sc.start, 0)]
    state[sc.start] = 1
    while stack:
        node, i = stack[-1]
        here = sc.steps.get(node)
        if here is not None and i < len(here.choices):
            stack[-1] = (node, i + 1)
            nxt = here.choices[i].next
            if nxt in sc.steps and nxt not in state:
                state[nxt] = 1
                stack.append((nxt, 0))
            continue
        stack.pop()
        state[node] = 2
        if here is None:
            continue
        # A choice that leads back up the stack (a loop) is left out; a step whose every way
        # on is such a loop has no longest path of its own, and its callers skip it.
        found = (longest.get(c.next) for c in here.choices if state.get(c.next) == 2 or c.next in sc.endings)
        options = [o for o in found if o is not None]
        if options:
            w, dcount = max(options)
            longest[node] = (w + cost[node], dcount + (1 if here.is_decision else 0))
    lw, ld = longest.get(sc.start, (0, 0))
    sw, sd = shortest or (0, 0)
    return ReadingLength(sw, lw, sd, ld)
