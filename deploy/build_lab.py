"""Build the lab edition: one folder with a `notalone` executable that runs without Python.

    python deploy/build_lab.py --out DIR

School lab computers are often without Python and offline. PyInstaller (a solved job:
freezing Python, SDL and Pillow together) puts the interpreter, the game, its libraries,
the stories and the assets into DIR/notalone/; copy that folder to each computer and
start `notalone` (`notalone.exe` on Windows). Each user's play record and settings live in
their own data folder, as with an installed game.

Build on the oldest system the labs run: a build made on a newer Linux needs that
system's C library; on Windows, build on the oldest Windows in use (pygame-ce ships
Windows wheels, so the same command works there with `py deploy/build_lab.py`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Imported only by tests or tools, never by the game: leaving them out keeps the folder small.
EXCLUDED = ("pytest", "_pytest", "hypothesis", "selenium", "ralph", "pydantic", "mypy", "ruff", "tkinter", "numpy")


def pyinstaller_args(out: Path, work: Path) -> list[str]:
    sep = os.pathsep  # PyInstaller's SOURCE<sep>DEST for --add-data
    args = [
        str(ROOT / "main.py"),
        "--name",
        "notalone",
        "--onedir",
        "--console",  # `play --text` and `validate` need a terminal; the game opens its own window
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(out),
        "--workpath",
        str(work / "build"),
        "--specpath",
        str(work),
        # the stories and the assets sit beside the game's code, where game/ looks for them
        "--add-data",
        f"{ROOT / 'scenarios'}{sep}scenarios",
        "--add-data",
        f"{ROOT / 'assets'}{sep}assets",
        # subcommands import their modules when they run: name the package whole
        "--collect-submodules",
        "game",
    ]
    for name in EXCLUDED:
        args += ["--exclude-module", name]
    return args


def folder_size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the one-folder lab edition of Not Alone (PyInstaller).")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="where the notalone/ folder is written")
    args = parser.parse_args(argv)
    try:
        import PyInstaller.__main__ as pyinstaller
    except ImportError:
        print("error: PyInstaller is not installed: pip install pyinstaller", file=sys.stderr)
        return 1
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="notalone-build-") as work:
        pyinstaller.run(pyinstaller_args(out, Path(work)))
    folder = out / "notalone"
    exe = folder / ("notalone.exe" if sys.platform == "win32" else "notalone")
    if not exe.exists():
        print(f"error: the build did not produce {exe}", file=sys.stderr)
        return 1
    stories = len(list((folder / "_internal" / "scenarios").glob("*.yaml"))) if (folder / "_internal").is_dir() else 0
    print(f"built {exe} ({folder_size_mb(folder):.0f} MB, {stories} story files); copy {folder} to each computer")
    shutil.rmtree(out / "build", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
