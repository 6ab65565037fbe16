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

import sys
import unicodedata
from typing import Any

import yaml
from yaml.resolver import Resolver

from .diagnostics import Diagnostic, ScenarioError

MAX_BYTES = 1_000_000
MAX_DEPTH = 24
MAX_NODES = 200_000

try:  # libyaml's parser alone: the loaders around it would build a constructor and resolver per file
    from yaml._yaml import CParser as _parser
except ImportError:  # PyYAML without libyaml: the pure-Python parser gives the same events
    _parser = yaml.SafeLoader
_resolver = Resolver()
_intern = sys.intern
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

    __slots__ = ("line", "key_lines")
    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class YList(list):
    """A list that remembers the line of itself and of each item."""

    __slots__ = ("line", "item_lines")
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

    # The container being filled (None until the root opens), whether it is a mapping,
    # and in a mapping the key waiting for its value; the enclosing levels wait on a
    # stack. Kept in locals rather than looked up on the stack: this loop runs for
    # every value of every file.
    stack: list[tuple[Any, bool, Any]] = []
    cur: Any = None
    in_map = False
    key: Any = None
    root: Any = None
    have_root = False
    nodes = 0
    get_event = _parser(text).get_event
    try:
        while True:
            event = get_event()
            etype = type(event)
            if etype is _Scalar:
                value: Any = event.value
                if event.tag is not None or event.anchor is not None:
                    if event.anchor is not None or event.tag not in _STANDARD_TAGS:
                        _refuse(event, filename)
                elif not event.style and value and (value[0] in _NUMBER_START or (len(value) <= 5 and value.lower() in _SPECIAL_WORDS)):
                    value = _scalar(event)  # may be a number, a boolean or null
                nodes += 1
                if nodes > MAX_NODES:
                    fail("E008", event.start_mark.line + 1, f"more than {MAX_NODES:,} values")
                if in_map:
                    if key is None:  # a key: a plain word, once per mapping
                        line = event.start_mark.line + 1
                        if type(value) is not str:
                            value = str(value).lower() if isinstance(value, bool) else str(value)
                        if value in cur:
                            fail("E004", line, f"'{value}' appears twice here (first on line {cur.key_lines[value]})")
                        # One shared string per distinct key ("text", "vi", ...): the many copies
                        # of a key then cost one object, compare at once and pickle as a reference.
                        key = _intern(value)
                        cur.key_lines[key] = line
                    else:
                        cur[key] = value
                        key = None
                elif cur is not None:
                    cur.append(value)
                    cur.item_lines.append(event.start_mark.line + 1)
                else:
                    root, have_root = value, True
            elif etype is _MapStart or etype is _SeqStart:
                line = event.start_mark.line + 1
                if event.anchor is not None or event.tag not in _STANDARD_TAGS:
                    _refuse(event, filename)
                if len(stack) >= MAX_DEPTH:
                    fail("E006", line, f"more than {MAX_DEPTH} levels of nesting")
                if in_map and key is None:
                    fail("E103", line, "a key must be a plain word, not a list or mapping", event.start_mark.column + 1)
                stack.append((cur, in_map, key))
                if etype is _MapStart:
                    cur = YMap()
                    cur.key_lines = {}
                    in_map = True
                else:
                    cur = YList()
                    cur.item_lines = []
                    in_map = False
                cur.line = line
                key = None
                nodes += 1
            elif etype is _MapEnd or etype is _SeqEnd:
                value = cur
                cur, in_map, key = stack.pop()
                nodes += 1
                if nodes > MAX_NODES:
                    fail("E008", event.start_mark.line + 1, f"more than {MAX_NODES:,} values")
                if in_map:  # never waiting for a key here: a container cannot be one (E103 above)
                    cur[key] = value
                    key = None
                elif cur is not None:
                    cur.append(value)
                    cur.item_lines.append(value.line)
                else:
                    root, have_root = value, True
            elif etype is _StreamEnd or event is None:
                break
            elif etype is _DocStart:
                if have_root:
                    fail("E003", event.start_mark.line + 1, "the file holds more than one YAML document ('---'); keep one")
            elif etype is _Alias:
                _refuse(event, filename)
            # else: stream start, document end
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
