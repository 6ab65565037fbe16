"""The front ends import in one direction: no import cycles, no scene importing the screen after it.

The graph is read from the source (ast), not by importing: every `import` and `from … import`
counts wherever it is written (a function-level import is still a dependency), except
those under `if TYPE_CHECKING:`, which exist for the type checker only. A package's
`__init__` is not counted as imported by its submodules (ours hold a docstring only).

Run it as a script to print every cycle in the whole game, front end or not:
`python tests/test_front_end_imports.py`.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

GAME = Path(__file__).resolve().parents[1] / "game"
FRONT_ENDS = ("game.app", "game.kiosk", "game.facilitate")


def module_name(path: Path) -> str:
    rel = path.relative_to(GAME.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement, skipping the bodies of `if TYPE_CHECKING:`."""
    found: list[ast.Import | ast.ImportFrom] = []

    def walk(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking_only(child):
                for other in child.orelse:
                    walk(other)
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                found.append(child)
            walk(child)

    walk(tree)
    return found


def import_graph() -> dict[str, set[str]]:
    """module -> the game modules it imports (outside TYPE_CHECKING)."""
    files = {module_name(p): p for p in GAME.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - (node.level - 1)]
                    stem = ".".join(base + ([node.module] if node.module else []))
                else:
                    stem = node.module or ""
                # `from pkg import mod` imports the submodule when there is one, else names of pkg.
                targets = [f"{stem}.{a.name}" if f"{stem}.{a.name}" in files else stem for a in node.names]
            for target in targets:
                while target and target not in files:  # `import game.core.model as m` and the like
                    target = target.rpartition(".")[0]
                if target and target != name and target.startswith("game"):
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(groups)


def _front(module: str) -> bool:
    return any(module == f or module.startswith(f + ".") for f in FRONT_ENDS)


def test_no_import_cycle_touches_a_front_end() -> None:
    found = [group for group in cycles(import_graph()) if any(_front(m) for m in group)]
    assert found == [], "import cycles (outside TYPE_CHECKING):\n" + "\n".join(" ↔ ".join(g) for g in found)


def test_no_scene_imports_another_screen_of_its_flow() -> None:
    """Which screen follows which is the flows' business: a screen module never imports another screen."""
    graph = import_graph()
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
    graph = import_graph()
    bad = {m: sorted(t for t in ts if _front(t)) for m, ts in graph.items() if m.startswith("game.core")}
    assert {m: t for m, t in bad.items() if t} == {}


if __name__ == "__main__":
    groups = cycles(import_graph())
    for group in groups:
        print(" ↔ ".join(group))
    print(f"{len(groups)} import cycle(s) outside TYPE_CHECKING")
