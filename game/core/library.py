"""Find, read and check every scenario file; keep the good ones, report the bad ones.

A broken file never stops the others from loading: each file is read in isolation
and any problem at all (even an unexpected exception) becomes a diagnostic for that
file alone.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..resources import ASSETS_DIR, CATALOGUE_NAME, ROOT, SCENARIOS_DIR, story_folders
from . import model as m
from . import po
from .cache import ScenarioCache
from .diagnostics import Diagnostic, ScenarioError

# The YAML reader, loader and validator are imported only when a file has to be read:
# with every file in the checked-scenario cache, start-up never needs them.

__all__ = ["ASSETS_DIR", "CATALOGUE_NAME", "ROOT", "SCENARIOS_DIR"]  # the folders, from game/resources.py, for older importers


@dataclass
class FileReport:
    path: str
    problems: list[Diagnostic] = field(default_factory=list)
    scenario_id: str | None = None  # set when the file loaded

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


@dataclass
class Library:
    scenarios: dict[str, m.Scenario]
    catalogue: m.Catalogue
    reports: list[FileReport]

    @property
    def problems(self) -> list[Diagnostic]:
        return [p for r in self.reports for p in r.problems]

    @property
    def errors(self) -> list[Diagnostic]:
        return [p for p in self.problems if p.is_error]

    @property
    def failed(self) -> list[FileReport]:
        return [r for r in self.reports if not r.ok]

    def ordered(self, order: list[str] | None = None) -> list[m.Scenario]:
        """Scenarios in the given order of ids (unknown ids skipped), else by file name."""
        if order:
            return [self.scenarios[i] for i in order if i in self.scenarios]
        return sorted(self.scenarios.values(), key=lambda s: s.path)


def display_path(path: Path) -> str:
    """The path as the author would type it: relative to the current folder when inside it."""
    text = str(path)
    if not path.is_absolute():
        return text
    cwd = os.getcwd() + os.sep
    return text[len(cwd) :] if text.startswith(cwd) else text


MAX_BYTES = 1_000_000  # the same limit as safeyaml.MAX_BYTES (a test keeps them equal)


def _read_bytes(path: Path, shown: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            # Ask for the file's size (plus one byte), not for the limit: a read of the limit
            # would make a 1 MB buffer for every file. Reading one byte more than allowed
            # tells an oversized file; a file that is not what its size says (one still being
            # written, a pipe) is read on, up to that one byte too many.
            want = min(os.fstat(fh.fileno()).st_size, MAX_BYTES) + 1
            data = fh.read(want)
            if len(data) == want and want <= MAX_BYTES:
                data += fh.read(MAX_BYTES + 1 - want)
    except OSError as err:
        raise ScenarioError(Diagnostic("E010", shown, 0, f"the file could not be opened ({err.strerror})")) from err
    if len(data) > MAX_BYTES:
        raise ScenarioError(Diagnostic("E001", shown, 0, f"the file is larger than the limit of {MAX_BYTES:,} bytes"))
    return data


def load_catalogue(path: Path, cache: ScenarioCache | None = None) -> tuple[m.Catalogue, FileReport]:
    shown = display_path(path)
    report = FileReport(shown)
    try:
        raw = _read_bytes(path, shown)
        key = raw + po.fingerprint(path)  # a translation changed is a catalogue changed
        hit = cache.get_catalogue(key, shown) if cache else None
        if hit is not None:
            return hit, report
        from .loader import read_catalogue
        from .safeyaml import load_yaml

        translations = _translations(path, shown, report)
        catalogue, reader = read_catalogue(load_yaml(raw, shown), shown, translations)
        report.problems.extend(reader.problems)
        langs = reader.inline  # every language written in the file must be complete; a PO file may be partial
        for site in reader.texts:
            missing = sorted(langs - site.text.languages) if not site.text.single else []
            if missing:
                report.problems.append(Diagnostic("E207", shown, site.line, f"{site.where} has no '{', '.join(missing)}' text"))
        if cache and not report.problems:
            cache.put_catalogue(key, shown, catalogue)
    except ScenarioError as err:
        report.problems.append(err.diagnostic)
        catalogue = m.Catalogue(tactics={}, path=shown)
    return catalogue, report


def load_file(
    path: Path, catalogue: m.Catalogue | None, assets_root: Path | None = ASSETS_DIR, cache: ScenarioCache | None = None
) -> tuple[m.Scenario | None, FileReport]:
    shown = display_path(path)
    report = FileReport(shown)
    try:
        raw = _read_bytes(path, shown)
        beside = _listing(path.parent) if cache and path.parent.resolve() != SCENARIOS_DIR.resolve() else b""
        beside += po.fingerprint(path)  # the story's translations are part of what was checked
        hit = cache.get(raw, shown, beside) if cache and catalogue is not None else None
        if hit is not None:
            report.problems.extend(hit[1])
            report.scenario_id = hit[0].id
            return hit[0], report
        from .loader import read_scenario
        from .safeyaml import load_yaml
        from .validator import validate

        loaded = read_scenario(load_yaml(raw, shown), shown, _translations(path, shown, report))
        report.problems.extend(validate(loaded, catalogue, assets_root, path.parent))
    except ScenarioError as err:
        report.problems.append(err.diagnostic)
        return None, report
    except RecursionError:
        report.problems.append(Diagnostic("E006", shown, 0, "the file is nested too deeply to read"))
        return None, report
    except Exception as err:  # noqa: BLE001 - a bad file must never take the game down
        report.problems.append(Diagnostic("E003", shown, 0, f"the file could not be read ({type(err).__name__}: {err})"))
        return None, report
    if not report.ok or loaded.scenario is None:
        return None, report
    report.scenario_id = loaded.scenario.id
    if cache and catalogue is not None:
        cache.put(raw, shown, loaded.scenario, report.problems, beside)
    return loaded.scenario, report


def _translations(path: Path, shown: str, report: FileReport) -> po.Translations:
    """The file's PO translations; a PO file that cannot be read is named (W320), and the story plays without that language."""
    translations, problems = po.translations_for(path)
    for problem in problems:
        report.problems.append(Diagnostic("W320", shown, 0, f"the translation {problem}; the story is offered without that language"))
    return translations


def _listing(folder: Path) -> bytes:
    """The names and sizes of the files under an organiser's story folder: a picture added,
    removed or replaced beside a story changes its check, so it must change its cache key."""
    try:
        entries = sorted((str(p.relative_to(folder)), p.stat().st_size) for p in folder.rglob("*") if p.is_file())
    except OSError:
        return b"?"
    return "\n".join(f"{name}\t{size}" for name, size in entries).encode()


def scenario_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(f for f in p.glob("*.yaml") if f.name != CATALOGUE_NAME))
            files.extend(sorted(f for f in p.glob("*.yml")))
        else:
            files.append(p)
    return files


def _ranked_files(paths: list[Path]) -> list[tuple[int, Path]]:
    """Every story file under `paths`, with the rank of the folder it came from (0: the first)."""
    return [(rank, f) for rank, p in enumerate(paths) for f in scenario_files([p]) if f.name != CATALOGUE_NAME]


def _one_per_id(loaded: list[tuple[tuple[int, bool, int], m.Scenario, FileReport]]) -> dict[str, m.Scenario]:
    """One story per id. When files share an id, the one from the earlier folder (the shipped
    one) stays, then the one whose file name is its id, then the first read; every other is
    refused with E211 naming the file that kept the id. A copy never knocks out the original."""
    by_id: dict[str, list[tuple[tuple[int, bool, int], m.Scenario, FileReport]]] = {}
    for entry in loaded:
        by_id.setdefault(entry[1].id, []).append(entry)
    scenarios: dict[str, m.Scenario] = {}
    for sid, entries in by_id.items():
        entries.sort(key=lambda e: e[0])
        (_, kept, kept_report), *others = entries
        scenarios[sid] = kept
        for _, _, report in others:
            report.problems.append(
                Diagnostic("E211", report.path, 1, f"the id '{sid}' is already used by {kept_report.path}, which is kept")
            )
            report.scenario_id = None
    return dict(sorted(scenarios.items(), key=lambda kv: next(e[0] for e in by_id[kv[0]] if e[1] is kv[1])))


def load_library(
    paths: list[Path] | None = None,
    catalogue_path: Path | None = None,
    assets_root: Path | None = ASSETS_DIR,
    use_cache: bool = True,
) -> Library:
    """Load the tactic catalogue and every scenario under `paths` (default: scenarios/).

    With use_cache, files whose exact bytes were checked clean before (with the same
    catalogue, code and assets) come from the checked-scenario cache.
    """
    paths = list(paths) if paths else story_folders()
    if catalogue_path is None:
        catalogue_path = next((p for p in paths if p.is_file() and p.name == CATALOGUE_NAME), None) or next(
            (p / CATALOGUE_NAME for p in paths if p.is_dir() and (p / CATALOGUE_NAME).exists()), SCENARIOS_DIR / CATALOGUE_NAME
        )
    reports: list[FileReport] = []
    cache = None
    if use_cache:
        try:
            cache = ScenarioCache(catalogue_path.read_bytes(), assets_root)
        except OSError:
            cache = None
    catalogue, cat_report = load_catalogue(catalogue_path, cache)
    if cat_report.problems or any(p.name == CATALOGUE_NAME for p in paths):
        reports.append(cat_report)
    # With a broken catalogue every tactic would look unknown; check tactics only against a good one.
    check_against = catalogue if cat_report.ok else None

    loaded: list[tuple[tuple[int, bool, int], m.Scenario, FileReport]] = []
    for order, (rank, path) in enumerate(_ranked_files(paths)):
        scenario, report = load_file(path, check_against, assets_root, cache)
        reports.append(report)
        if scenario is not None:
            loaded.append(((rank, path.stem != scenario.id, order), scenario, report))
    scenarios = _one_per_id(loaded)
    return Library(scenarios, catalogue, reports)
