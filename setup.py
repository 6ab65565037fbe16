"""Packaging glue (the project's metadata is in pyproject.toml): put the stories and assets into the wheel.

`scenarios/` and `assets/` stay at the top of the repository, where authors find them.
At build time they are copied into the package as `game/_data/scenarios` and
`game/_data/assets`, where game/resources.py looks first. The generator scripts under
assets/ (make_*.py) are tools for the repository, not part of the game, and stay out.
An editable install copies nothing: game/resources.py then reads the checkout's folders.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
DATA = ("scenarios", "assets")
LEAVE_OUT = shutil.ignore_patterns("*.py", "*.pyc", "__pycache__", ".*")


class BuildWithData(build_py):
    """build_py, then the data folders copied under game/_data in the build."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "game" / "_data"
        for folder in DATA:
            shutil.copytree(HERE / folder, target / folder, ignore=LEAVE_OUT, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithData})
