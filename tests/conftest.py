"""Test set-up: headless SDL, the project root on the path, shared fixtures."""

import os
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
# Most tests were written against the order of the replies in the scenario file; the game
# shuffles them per play, and tests/test_strategies.py turns that on to test it.
os.environ.setdefault("NOTALONE_SHUFFLE", "0")
# The checked-scenario cache of the tests lives in a fresh folder, never the user's.
import tempfile  # noqa: E402

os.environ["NOTALONE_CACHE"] = tempfile.mkdtemp(prefix="notalone-test-cache-")

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402

from game.core.library import load_library  # noqa: E402


@pytest.fixture(scope="session")
def library():
    """Every shipped scenario and the tactic catalogue, loaded once."""
    return load_library()


@pytest.fixture(scope="session")
def catalogue(library):
    return library.catalogue
