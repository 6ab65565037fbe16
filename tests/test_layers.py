"""The layers hold: the story core imports no pygame and nothing above it, and the core half has no import cycles."""

from __future__ import annotations

from importgraph import cycles, imports

CORE_HALF = ("game.core", "game.record", "game.resources", "game.session", "game.textplay", "game.commands")


def test_the_story_core_imports_only_itself_and_the_resources() -> None:
    graph = imports()
    for module, targets in graph.items():
        if module.startswith("game.core"):
            outside = {t for t in targets if not t.startswith("game.core") and t not in ("game", "game.resources")}
            assert not outside, f"{module} imports {sorted(outside)}: the core sits below everything but game/resources.py"
    assert imports()["game.resources"] == set(), "game/resources.py is the bottom layer: stdlib only"


def test_no_import_cycle_touches_the_core_half() -> None:
    tangled = [group for group in cycles(imports()) if any(m.startswith(CORE_HALF) for m in group)]
    assert tangled == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_pygame_below_the_front_ends() -> None:
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "game"
    for path in [*root.joinpath("core").glob("*.py"), root / "session.py", root / "resources.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert not any(n.split(".")[0] == "pygame" for n in names), path.name
