"""The field tables of scenarios/README.md, generated from the declaration on the model.

Each table sits between two marker lines in the guide:

    <!-- fields: Step (generated from game/core/model.py; do not edit) -->
    ...
    <!-- end fields -->

`python -m game.core.guide` rewrites them in place; tests/test_scenario_errors.py fails
when the guide and the declaration differ.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ..resources import scenarios_dir
from . import model as m
from .spec import Declared, written_fields

MARKER = re.compile(r"(<!-- fields: (\w+) .*?-->\n)(.*?)(<!-- end fields -->)", re.S)

_KIND_WORDS = {
    "text": "*text*",
    "id": "id",
    "scenario_id": "id",
    "string": "text",
    "clock": '`"HH:MM"`',
    "bool": "`true` or `false`",
    "names": "list of flag names, e.g. `[clicked]`",
    "asset": "path under `assets/`",
    "languages": "list of language codes, e.g. `[vi, en]`",
    "format": "number",
}


def _type(d: Declared) -> str:
    s = d.spec
    if s.kind == "word":
        return "one of " + ", ".join(f"`{v}`" for v in s.allowed)
    if s.kind == "number":
        return f"number from {s.low:g} to {s.high:g}"
    if s.kind == "list":
        return f"list of *{s.item}*"
    if s.kind == "map":
        return f"mapping of id to *{s.item}*"
    return _KIND_WORDS[s.kind]


def _required(d: Declared) -> str:
    if d.spec.required_doc:
        return d.spec.required_doc
    if d.required:
        return "yes"
    default = d.default
    if default in (None, "", ()):
        return "no"
    shown = str(default).lower() if isinstance(default, bool) else default
    return f"no (default `{shown}`)"


def table(cls: type) -> str:
    """The guide's table of one record type's fields."""
    rows = ["| field | required | value | what it is |", "| --- | --- | --- | --- |"]
    for d in written_fields(cls):
        rows.append(f"| `{d.key}` | {_required(d)} | {_type(d)} | {d.spec.doc} |")
    return "\n".join(rows) + "\n"


def regenerate(guide: str) -> str:
    """The guide with every marked table made again from the declaration."""

    def one(match: re.Match[str]) -> str:
        cls = m.RECORDS[match.group(2)]
        return match.group(1) + table(cls) + match.group(4)

    return MARKER.sub(one, guide)


def main(argv: list[str] | None = None) -> int:
    path = Path(argv[0]) if argv else scenarios_dir() / "README.md"
    old = path.read_text(encoding="utf-8")
    new = regenerate(old)
    if new != old:
        path.write_text(new, encoding="utf-8")
        print(f"{path}: field tables rewritten")
    else:
        print(f"{path}: field tables already match")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
