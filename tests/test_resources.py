"""Stories and assets are found the same way from a checkout, an installed wheel and a frozen build.

The wheel itself is proven by .ci/run, which builds it, installs it into a fresh
virtual environment and plays from a temporary folder.
"""

from __future__ import annotations

import sys
from pathlib import Path

from game import resources

CHECKOUT = Path(__file__).resolve().parents[1]


def test_a_checkout_reads_its_own_folders(monkeypatch) -> None:
    monkeypatch.delenv("NOTALONE_ROOT", raising=False)
    assert resources.root() == CHECKOUT
    assert resources.catalogue_path() == CHECKOUT / "scenarios" / "tactics.yaml"
    assert (resources.assets_dir() / resources.FONTS / "DejaVuSans.ttf").is_file()


def test_a_package_with_its_data_folder_reads_that(monkeypatch, tmp_path: Path) -> None:
    """What an installed wheel looks like: game/_data/scenarios and game/_data/assets inside the package."""
    package = tmp_path / "site-packages" / "game"
    (package / "_data" / "scenarios").mkdir(parents=True)
    monkeypatch.delenv("NOTALONE_ROOT", raising=False)
    monkeypatch.setattr(resources.resources, "files", lambda name: package)
    assert resources.root() == package / "_data"
    assert resources.scenarios_dir() == package / "_data" / "scenarios"


def test_a_frozen_build_reads_next_to_its_code(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv("NOTALONE_ROOT", raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.assets_dir() == tmp_path / "assets"


def test_notalone_root_overrides_everything(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NOTALONE_ROOT", str(tmp_path))
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert resources.scenarios_dir() == tmp_path / "scenarios"


def test_one_data_folder_and_one_cache_folder(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("NOTALONE_CACHE", raising=False)
    if sys.platform.startswith("linux"):
        assert resources.data_dir() == tmp_path / "data" / "notalone"
        assert resources.cache_dir() == tmp_path / "cache" / "notalone"
    from game import cli

    assert cli.default_data_dir is resources.data_dir
