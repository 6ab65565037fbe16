"""The benchmark: named figures measured inside one run (ratios where machines are noisy).

`python main.py bench --json` prints one JSON object. Groups of figures are added by
the parts of the game they measure; `--only core,ui` runs a subset.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from .core.library import load_catalogue, load_file, load_library
from .resources import CATALOGUE_NAME, catalogue_path, scenarios_dir


def _text(tag: str, i: int) -> str:
    return f'{{vi: "Bước {i}: tin nhắn {tag} có dấu tiếng Việt", en: "Step {i}: message {tag} in English"}}'


def generated_scenario(n: int, steps: int = 5) -> str:
    """A small but complete scenario file: `steps` steps of three choices (one gated by flags), two languages."""
    lines = [
        f"id: generated-{n}",
        "kind: other",
        f"title: {_text('title', n)}",
        f"summary: {_text('summary', n)}",
        "start: s0",
        "characters:",
        '  caller: {name: {vi: "Người gọi", en: "Caller"}, role: scammer, avatar: officer}',
        "steps:",
    ]
    for i in range(steps):
        nxt = f"s{i + 1}" if i + 1 < steps else "end_bad"
        lines += [
            f"  s{i}:",
            "    channel: call",
            "    from: caller",
            f"    text: {_text('step', i)}",
            "    tactic: urgency",
            "    choices:",
            f"      - {{text: {_text('a', i)}, next: {nxt}, safety: risky, feedback: {_text('fa', i)}}}",
            f"      - {{text: {_text('b', i)}, next: end_good, safety: safe, feedback: {_text('fb', i)}}}",
            f"      - {{text: {_text('c', i)}, next: s{i}, safety: neutral, feedback: {_text('fc', i)}, sets: [f{i}], unless: [f{i}]}}",
        ]
    lines += [
        "endings:",
        f"  end_good: {{outcome: safe, title: {_text('good', n)}, text: {_text('good', n)}}}",
        f"  end_bad: {{outcome: harmed, title: {_text('bad', n)}, text: {_text('bad', n)}}}",
    ]
    return "\n".join(lines) + "\n"


def diamond_scenario(levels: int) -> str:
    """A scenario with 2**levels distinct paths: each step offers two choices to the next."""
    lines = [
        "id: diamond",
        "kind: other",
        "title: Diamond",
        "summary: Many paths",
        "start: s0",
        "characters:",
        "  c: {name: C, role: scammer}",
        "steps:",
    ]
    for i in range(levels):
        nxt = f"s{i + 1}" if i + 1 < levels else "end"
        lines += [
            f"  s{i}:",
            "    channel: chat",
            "    from: c",
            f"    text: step {i}",
            "    choices:",
            f"      - {{text: left, next: {nxt}, safety: safe, feedback: ok}}",
            f"      - {{text: right, next: {nxt}, safety: risky, feedback: ok}}",
        ]
    lines += ["endings:", "  end: {outcome: safe, title: End, text: The end}"]
    return "\n".join(lines) + "\n"


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def core_figures() -> dict[str, float]:
    """The story core's figures: `load_vs_pyyaml` (target <= 1.0), the shipped stories with and without the cache, big graphs."""
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "many"
        folder.mkdir()
        for n in range(1000):
            (folder / f"s{n:04d}.yaml").write_text(generated_scenario(n), encoding="utf-8")
        tactics = catalogue_path()
        out.update(load_vs_pyyaml(folder, tactics))
        sample = (folder / "s0000.yaml").stat().st_size
        out["load_1000_file_kb"] = round(sample / 1024, 2)

        stories = scenarios_dir()
        shipped = [p for p in stories.glob("*.yaml") if p.name != CATALOGUE_NAME]
        kb = sum(p.stat().st_size for p in shipped) / 1024
        shipped_s = best_of(lambda: load_library([stories], use_cache=False))
        out["load_shipped_s"] = round(shipped_s, 4)
        cache_dir = Path(tmp) / "cache"
        os.environ["NOTALONE_CACHE"] = str(cache_dir)
        try:
            load_library([stories])  # fills the cache
            out["load_shipped_cached_s"] = round(best_of(lambda: load_library([stories])), 4)
        finally:
            del os.environ["NOTALONE_CACHE"]
        out["load_ms_per_kb"] = round(1000 * shipped_s / kb, 4) if kb else 0.0

        catalogue, _ = load_catalogue(tactics)
        diamond = Path(tmp) / "diamond.yaml"
        diamond.write_text(diamond_scenario(40), encoding="utf-8")
        small = Path(tmp) / "small.yaml"
        small.write_text(diamond_scenario(3), encoding="utf-8")

        def check(path: Path) -> None:
            sc, report = load_file(path, catalogue)
            assert sc is not None, [p.format() for p in report.problems]

        out["validate_2e40_s"] = round(best_of(lambda: check(diamond), 5), 5)
        out["validate_small_s"] = round(best_of(lambda: check(small), 5), 5)
    return out


def load_vs_pyyaml(folder: Path, tactics: Path, repeat: int = 3, batch: int = 100) -> dict[str, float]:
    """Loading and checking every file of `folder` (one core, no cache) against PyYAML merely parsing them.

    Both sides read the same files from disk in the same run. Time is the process's CPU
    time, not the wall clock: both sides run on one core in this process, and CPU time
    does not count the moments other programs on a shared machine take the core. The
    files are taken in batches, each batch loaded by us and then parsed by PyYAML, so a
    slow moment hits both sides alike; best of `repeat` for each side. PyYAML's
    CSafeLoader (libyaml) is the floor; without libyaml its pure-Python SafeLoader is,
    and `pyyaml_libyaml` says 0.
    """
    import yaml

    files = sorted(folder.glob("*.yaml"))
    batches = []
    for i in range(0, len(files), batch):
        sub = folder / f"batch{i // batch:03d}"
        sub.mkdir()
        for path in files[i : i + batch]:
            path.rename(sub / path.name)
        batches.append(sub)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def ours(sub: Path) -> float:
        t0 = time.process_time()
        lib = load_library([sub], catalogue_path=tactics, use_cache=False)
        spent = time.process_time() - t0
        assert len(lib.scenarios) == len(list(sub.glob("*.yaml"))), [p.format() for p in lib.problems][:3]
        return spent

    def parse_only(sub: Path) -> float:
        t0 = time.process_time()
        for path in sorted(sub.glob("*.yaml")):
            yaml.load(path.read_bytes(), Loader=loader)  # a safe loader: nothing is constructed but plain data
        return time.process_time() - t0

    ours_s, floor_s = float("inf"), float("inf")
    for _ in range(repeat):
        mine = theirs = 0.0
        for sub in batches:
            mine += ours(sub)
            theirs += parse_only(sub)
        ours_s, floor_s = min(ours_s, mine), min(floor_s, theirs)
    for sub in batches:  # put the files back for the caller
        for path in sub.iterdir():
            path.rename(folder / path.name)
        sub.rmdir()
    return {
        "load_validate_1000_cpu_s": round(ours_s, 4),
        "pyyaml_parse_1000_cpu_s": round(floor_s, 4),
        "load_vs_pyyaml": round(ours_s / floor_s, 3),
        "pyyaml_libyaml": float(loader is not yaml.SafeLoader),
    }


GROUPS: dict[str, Callable[[], dict[str, float]]] = {"core": core_figures}


def register(name: str, fn: Callable[[], dict[str, float]]) -> None:
    GROUPS[name] = fn


def bench_command(args: argparse.Namespace) -> int:
    _load_optional_groups()
    wanted = args.only.split(",") if args.only else list(GROUPS)
    figures: dict[str, float] = {}
    for name in wanted:
        if name not in GROUPS:
            print(f"unknown figure group '{name}'; groups: {', '.join(GROUPS)}", file=sys.stderr)
            return 2
        if not args.json:
            print(f"[{name}] measuring…", file=sys.stderr)
        figures.update(GROUPS[name]())
    if args.json:
        print(json.dumps(figures, sort_keys=True))
    else:
        for key, value in sorted(figures.items()):
            print(f"{key:28s} {value}")
    return 0


def _load_optional_groups() -> None:
    """Figure groups of the other parts register themselves when their module imports."""
    import importlib

    for module in ("game.app.bench", "game.record.bench", "game.kiosk.bench", "game.facilitate.bench"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as err:
            if err.name is None or not err.name.startswith(module.rsplit(".", 1)[0]):
                raise
