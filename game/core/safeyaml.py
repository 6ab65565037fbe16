"""Read a YAML file into plain data that remembers line numbers, refusing anything odd.

PyYAML's safe loader alone is not enough for files written by hand and loaded on a
public kiosk: it silently keeps the last of two duplicate keys, it expands aliases
(a "billion laughs" file exhausts memory), and its composer recurses, so a file nested
ten thousand levels deep overflows the stack. Here the event stream of the (C, when
available) parser is folded into mappings and lists iteratively, so that every limit is
checked as the data arrives and every value keeps the line it came from.

Nothing in a file is ever constructed into an object other than str, int, float,
bool, None, a mapping or a list; tags are refused.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import yaml
from yaml.resolver import Resolver

from .diagnostics import Diagnostic, ScenarioError

MAX_BYTES = 1_000_000
MAX_DEPTH = 24
MAX_NODES = 200_000

_Parser = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
_resolver = Resolver()
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_NULL = "tag:yaml.org,2002:null"
_Scalar, _MapStart, _SeqStart = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
_MapEnd, _SeqEnd, _Alias = yaml.MappingEndEvent, yaml.SequenceEndEvent, yaml.AliasEvent
_StreamEnd, _DocStart = yaml.StreamEndEvent, yaml.DocumentStartEvent
_STANDARD_TAGS = {None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class YMap(dict):
    """A mapping that remembers the line of itself, of each key and of each value."""

    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class YList(list):
    """A list that remembers the line of itself and of each item."""

    line: int
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


def line_of(value: Any, default: int = 0) -> int:
    return getattr(value, "line", default)


_NUMBER_START = frozenset("0123456789+-.")
# YAML 1.1 words that PyYAML reads as booleans or null (compared in lower case).
_SPECIAL_WORDS = frozenset({"yes", "no", "true", "false", "on", "off", "null", "~"})


def _scalar(event: yaml.ScalarEvent) -> Any:
    """A plain scalar as the safe loader would read it: a number, a boolean, null or text."""
    value = event.value
    if not event.implicit[0] or not (value[0] in _NUMBER_START or value.lower() in _SPECIAL_WORDS):
        return value
    tag = _resolver.resolve(yaml.ScalarNode, value, (True, False))
    try:
        if tag == _BOOL:
            return value.lower() in ("yes", "true", "on")
        if tag == _INT:
            return int(value.replace("_", ""), 0)
        if tag == _FLOAT:
            return float(value.replace("_", ""))
        if tag == _NULL:
            return None
    except ValueError:
        pass
    return value


def _bad_utf8_line(data: bytes, err: UnicodeDecodeError) -> int:
    return data[: err.start].count(b"\n") + 1


def load_yaml(data: bytes, filename: str) -> Any:
    """Parse bytes into YMap/YList/scalars; raise ScenarioError with file:line on any problem."""

    def fail(code: str, line: int, message: str, column: int = 0) -> None:
        raise ScenarioError(Diagnostic(code, filename, line, message, column))

    if len(data) > MAX_BYTES:
        fail("E001", 0, f"the file is {len(data):,} bytes; the limit is {MAX_BYTES:,}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        fail("E002", _bad_utf8_line(data, err), f"byte 0x{data[err.start]:02x} is not valid UTF-8")
    if "\x00" in text:
        fail("E002", text[: text.index("\x00")].count("\n") + 1, "the file contains a NUL character")

    # NFC once for the whole text: YAML's own syntax is ASCII, so this equals
    # normalising every string separately, at a fraction of the cost.
    text = unicodedata.normalize("NFC", text)

    # Containers being filled, and for mappings the key waiting for its value.
    stack: list[Any] = []
    pending: list[Any] = []  # per level: the key (str) or None
    root: Any = None
    have_root = False
    nodes = 0
    get_event = _Parser(text).get_event
    try:
        while True:
            event = get_event()
            etype = type(event)
            if etype is _Scalar:
                value: Any = event.value
                tag = event.tag
                if tag is not None or event.anchor is not None:
                    if event.anchor is not None or tag not in _STANDARD_TAGS:
                        _refuse(event, filename)
                elif not event.style and value and (value[0] in _NUMBER_START or len(value) <= 5):
                    value = _scalar(event)  # may be a number, a boolean or null
            elif etype is _MapStart or etype is _SeqStart:
                line = event.start_mark.line + 1
                if event.anchor is not None or event.tag not in _STANDARD_TAGS:
                    _refuse(event, filename)
                if len(stack) >= MAX_DEPTH:
                    fail("E006", line, f"more than {MAX_DEPTH} levels of nesting")
                if pending and pending[-1] is None and type(stack[-1]) is YMap:
                    fail("E103", line, "a key must be a plain word, not a list or mapping", event.start_mark.column + 1)
                container: Any = YMap() if etype is _MapStart else YList()
                container.line = line
                if etype is _MapStart:
                    container.key_lines = {}
                else:
                    container.item_lines = []
                stack.append(container)
                pending.append(None)
                nodes += 1
                continue
            elif etype is _MapEnd or etype is _SeqEnd:
                value = stack.pop()
                pending.pop()
            elif etype is _StreamEnd or event is None:
                break
            elif etype is _DocStart:
                if have_root:
                    fail("E003", event.start_mark.line + 1, "the file holds more than one YAML document ('---'); keep one")
                continue
            elif etype is _Alias:
                _refuse(event, filename)
            else:  # stream start, document end
                continue

            nodes += 1
            if nodes > MAX_NODES:
                fail("E008", event.start_mark.line + 1, f"more than {MAX_NODES:,} values")
            if not stack:
                root, have_root = value, True
                continue
            parent = stack[-1]
            line = value.line if etype is _MapEnd or etype is _SeqEnd else event.start_mark.line + 1
            if type(parent) is YList:
                parent.append(value)
                parent.item_lines.append(line)
                continue
            key = pending[-1]
            if key is None:
                if type(value) is not str:
                    value = str(value).lower() if isinstance(value, bool) else str(value)
                if value in parent:
                    fail("E004", line, f"'{value}' appears twice here (first on line {parent.key_lines[value]})")
                pending[-1] = value
                parent.key_lines[value] = line
            else:
                parent[key] = value
                pending[-1] = None
    except yaml.MarkedYAMLError as err:
        # The parser notices a problem where it gets stuck; the context (an unclosed
        # bracket or quote) is usually what the author must fix, so point at that.
        mark = err.context_mark or err.problem_mark
        line = mark.line + 1 if mark else 0
        col = mark.column + 1 if mark else 0
        problem = err.problem or "the file could not be read"
        if err.context and err.problem_mark and err.context_mark:
            problem = f"{err.context} here, {problem} (noticed on line {err.problem_mark.line + 1})"
        fail("E003", line, problem, col)
    except yaml.YAMLError as err:  # reader errors (control characters) carry no mark
        fail("E003", 0, str(err).splitlines()[0])
    if not have_root or root is None:
        fail("E009", 1, "the file holds no data")
    return root


def _refuse(event: Any, filename: str) -> None:
    line = event.start_mark.line + 1
    col = event.start_mark.column + 1
    if type(event) is _Alias:
        raise ScenarioError(Diagnostic("E005", filename, line, "aliases (*name) are not allowed", col))
    if event.anchor is not None:
        raise ScenarioError(Diagnostic("E005", filename, line, f"anchors (&{event.anchor}) are not allowed", col))
    raise ScenarioError(Diagnostic("E007", filename, line, f"the tag {event.tag} is not allowed", col))
