"""Where the game's files are: its stories and assets, and the player's data and cache folders.

The one place that knows folders (stdlib only, so every layer may import it).

- Stories (`scenarios/`) and assets (`assets/`: fonts, images, sounds, voice clips) stay
  at the top of the repository, where authors expect them. A wheel carries copies of
  both inside the package, as `game/_data/scenarios` and `game/_data/assets` (setup.py
  copies them at build time). `root()` finds them through `importlib.resources`: the
  package's `_data` folder when it has one (an installed wheel), else the checkout the
  package sits in (an editable install, or `python main.py` from a clone).
- A frozen build (PyInstaller, `sys.frozen`) has them next to its code, under
  `sys._MEIPASS`.
- `NOTALONE_ROOT` overrides all of that (a folder holding `scenarios/` and `assets/`).

The resources are read as plain files (fonts are opened by SDL, clips streamed), so
the package must be installed unzipped, which is what pip always does.
"""

from __future__ import annotations

import os
import sys
from importlib import resources
from pathlib import Path

CATALOGUE_NAME = "tactics.yaml"
DATA_FOLDER = "_data"  # inside the package, in a wheel
FONTS, IMAGES, SOUNDS, VOICES = "fonts", "images", "sounds", "voices"  # folders under assets/


def root() -> Path:
    """The folder that holds `scenarios/` and `assets/` (see the module's docstring for the order)."""
    override = os.environ.get("NOTALONE_ROOT")
    if override:
        return Path(override)
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    package = Path(str(resources.files("game")))
    packaged = package / DATA_FOLDER
    if (packaged / "scenarios").is_dir():
        return packaged
    return package.parent  # a checkout: the repository's own folders


def scenarios_dir() -> Path:
    return root() / "scenarios"


def assets_dir() -> Path:
    return root() / "assets"


def catalogue_path() -> Path:
    return scenarios_dir() / CATALOGUE_NAME


# Resolved once, at import: what every module that needs a folder uses.
ROOT = root()
SCENARIOS_DIR = ROOT / "scenarios"
ASSETS_DIR = ROOT / "assets"


# Folders of stories an organiser adds, read after the shipped ones: the per-machine
# DATA_DIR/scenarios/ and every `--scenarios DIR`. The command line sets this variable once
# (so a kiosk's supervised child process sees the same folders); nothing else writes it.
STORY_FOLDERS_ENV = "NOTALONE_STORY_FOLDERS"


def story_folders() -> list[Path]:
    """Where stories are read from, in order: the shipped folder, then the organiser's folders."""
    extra = [Path(p) for p in os.environ.get(STORY_FOLDERS_ENV, "").split(os.pathsep) if p]
    return [SCENARIOS_DIR, *[p for p in extra if p.resolve() != SCENARIOS_DIR.resolve()]]


def data_dir() -> Path:
    """The platform's per-user data folder: the play record and the logs (no third-party helper for three cases)."""
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "NotAlone"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "NotAlone"
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "notalone"


def cache_dir() -> Path:
    """Where the checked-scenario cache lives (`NOTALONE_CACHE` overrides it): the platform's cache folder."""
    if os.environ.get("NOTALONE_CACHE"):
        return Path(os.environ["NOTALONE_CACHE"])
    if sys.platform == "win32":
        return data_dir() / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "NotAlone"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "notalone"
