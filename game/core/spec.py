"""How a field of the story format is declared, once, on the model's own dataclasses.

Each field of a record (scenario, character, step, bubble, choice, ending, tactic, ...)
is written as `name: type = declared(kind, ...)` in game/core/model.py: its YAML key,
whether it is required, its default, its allowed values and one line of documentation.
Everything else reads that declaration:

- the loader (game/core/loader.py `read_fields`) reads and checks every declared field;
- the checked-scenario cache (game/core/cache.py) encodes and decodes records field by field;
- the field tables of scenarios/README.md are generated from it (game/core/guide.py),
  and a test keeps the guide in step.

A field that is not written in a file (the id a record is written under, its position
in a list, its line numbers) is declared with `internal(...)`: the model and the cache
know it, the loader and the guide do not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields
from functools import cache
from types import MappingProxyType
from typing import Any

# The kinds of value a field can hold. Each has one reader in the loader, one codec in
# the cache and one description in the guide; a new kind needs all three.
KINDS = (
    "text",  # a Text: one string, or a mapping of language code to string
    "id",  # an id: lowercase letters, digits and '_', starting with a letter
    "scenario_id",  # a scenario's id: lowercase words joined by '-'
    "word",  # one of the `allowed` values
    "string",  # one line of text the same in every language (a phone number)
    "clock",  # a clock time "HH:MM"
    "bool",  # true or false
    "number",  # a number from `low` to `high`
    "names",  # a list of flag names
    "asset",  # a path of a file under assets/
    "languages",  # a list of language codes
    "format",  # the version of the format
    "list",  # a list of `record`s (the position of each is its `index`)
    "map",  # a mapping of id to `record` (the id is the record's `id`)
)
INTERNAL_KINDS = ("key", "index", "line", "lines", "path")


@dataclass(frozen=True, slots=True)
class Spec:
    """What one field is: its kind, YAML key, whether it is required, and what it means."""

    kind: str
    doc: str
    required: bool = False
    key: str = ""  # the YAML key; empty when it is the attribute's own name
    allowed: tuple[str, ...] = ()  # for "word"
    low: float = 0  # for "number"
    high: float = 0
    record: str = ""  # for "list" and "map": the model class's name (see model.RECORDS)
    item: str = ""  # for "list" and "map": what one entry is called in messages ("choice", "step")
    fallback: Any = None  # a required field's stand-in while its file is reported as broken
    required_doc: str = ""  # how the guide states "required" when a rule decides it ("yes, except on `narration`")
    internal: bool = False


def declared(
    kind: str,
    doc: str,
    *,
    required: bool = False,
    default: Any = MISSING,
    key: str = "",
    allowed: tuple[str, ...] = (),
    low: float = 0,
    high: float = 0,
    record: str = "",
    item: str = "",
    fallback: Any = None,
    required_doc: str = "",
) -> Any:
    """A dataclass field that is written in story files (use on a model class: `x: str = declared(...)`).

    A required field has no default (the model classes are keyword-only); an optional
    one must give `default`, the value a file that leaves the field out gets.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown field kind {kind!r}")
    spec = Spec(kind, doc, required, key, tuple(allowed), low, high, record, item, fallback, required_doc)
    if required:
        return field(metadata={"spec": spec})
    if default is MISSING:
        raise ValueError("an optional field needs a default")
    if isinstance(default, (dict, list, set)):
        raise ValueError("use an immutable default (a tuple, a frozenset)")
    return field(default=default, metadata={"spec": spec})


def internal(kind: str, doc: str, default: Any = MISSING) -> Any:
    """A field the model and the cache keep but no story file writes (an id from a key, a line number)."""
    if kind not in INTERNAL_KINDS:
        raise ValueError(f"unknown internal kind {kind!r}")
    spec = Spec(kind, doc, internal=True)
    meta = {"spec": spec}
    if kind == "lines":  # which line each key is on: not part of what the record means
        return field(default_factory=dict, compare=False, hash=False, repr=False, metadata=meta)
    if default is MISSING:
        return field(metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True, slots=True)
class Declared:
    """One field of a record class, as the loader, the cache and the guide see it."""

    name: str  # the attribute
    key: str  # the YAML key
    spec: Spec
    default: Any  # what a file that leaves it out gets (dataclasses.MISSING when required)

    @property
    def required(self) -> bool:
        return self.spec.required


@cache
def declared_fields(cls: type) -> tuple[Declared, ...]:
    """Every field of a record class that has a declaration, internal ones included, in order."""
    out = []
    for f in fields(cls):
        spec = f.metadata.get("spec")
        if spec is None:
            raise TypeError(f"{cls.__name__}.{f.name} has no declaration (use declared() or internal())")
        out.append(Declared(f.name, spec.key or f.name, spec, f.default))
    return tuple(out)


@cache
def written_fields(cls: type) -> tuple[Declared, ...]:
    """The fields a story file writes, in the order the guide lists them."""
    return tuple(d for d in declared_fields(cls) if not d.spec.internal)


@cache
def internal_fields(cls: type) -> tuple[Declared, ...]:
    """The fields no story file writes: filled in by whoever reads the record."""
    return tuple(d for d in declared_fields(cls) if d.spec.internal)


@cache
def field_table(cls: type) -> Mapping[str, bool]:
    """YAML key -> required, for the loader's unknown- and missing-field checks (read-only)."""
    return MappingProxyType({d.key: d.required for d in written_fields(cls)})
