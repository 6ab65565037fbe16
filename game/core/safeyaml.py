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

import re
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
        line, col, problem = _explain(err, text)
        fail("E003", line, problem, col)
    except yaml.reader.ReaderError as err:  # a control character: the reader gives its position only
        # (its position counts bytes with libyaml and characters without: find the character instead)
        where = text.find(chr(err.character)) if isinstance(err.character, int) else -1
        line = len(re.findall(r"\r\n|\r|\n", text[:where])) + 1 if where >= 0 else 0
        fail(
            "E003",
            line,
            f"line {line} holds an invisible control character (U+{err.character:04X}); delete it (retype the line if you cannot see it)",
        )
    except yaml.YAMLError as err:
        fail("E003", 0, str(err).splitlines()[0])
    if not have_root or root is None:
        fail("E009", 1, "the file holds no data")
    if _EXTRA_BREAKS.search(text):
        _renumber(root, _line_table(text))
    return root


# YAML counts NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029) as line
# breaks; an author's editor shows them as characters inside a line. Lines are reported as
# the editor counts them: only \n, \r\n and \r end a line.
_EXTRA_BREAKS = re.compile("[\x85\u2028\u2029]")
_YAML_BREAKS = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


def _line_table(text: str) -> list[int]:
    """For each line as YAML counts them (0-based), the editor's line number (1-based)."""
    table = [1]
    editor = 1
    for m in _YAML_BREAKS.finditer(text):
        if m.group() not in "\x85\u2028\u2029":
            editor += 1
        table.append(editor)
    return table


def _editor_line(text: str, yaml_line: int) -> int:
    """The editor's line number (1-based) of a 0-based line as YAML counts lines."""
    if not _EXTRA_BREAKS.search(text):
        return yaml_line + 1
    table = _line_table(text)
    return table[min(yaml_line, len(table) - 1)]


def _renumber(root: Any, table: list[int]) -> None:
    """Turn every remembered line (YAML's count, 1-based) into the editor's count."""

    def fix(n: int) -> int:
        return table[min(n - 1, len(table) - 1)] if n > 0 else n

    todo = [root]
    while todo:
        node = todo.pop()
        if isinstance(node, YMap):
            node.line = fix(node.line)
            node.key_lines = {k: fix(v) for k, v in node.key_lines.items()}
            todo.extend(v for v in node.values() if isinstance(v, (YMap, YList)))
        elif isinstance(node, YList):
            node.line = fix(node.line)
            node.item_lines = [fix(v) for v in node.item_lines]
            todo.extend(v for v in node if isinstance(v, (YMap, YList)))


_QUOTE_ENDS_EARLY = re.compile(r"""^\s*(-\s+)?[^\s:#]+:\s+(["']).*?\2\s*[^\s#]""")
_DASH_WITHOUT_SPACE = re.compile(r"^\s*-[^\s-]")


def _explain(err: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """(line, column, message) for a syntax error, in plain words for the usual mistakes.

    The parser notices a problem where it gets stuck; the common causes (a tab, a ':' or a
    quote inside an unquoted text, a quote never closed, '-' without a space) are named with
    their fix. Otherwise the context (an unclosed bracket or quote) is pointed at.
    """
    lines = re.split(r"\r\n|\r|\n", text)
    problem_mark, context_mark = err.problem_mark, err.context_mark
    at = _editor_line(text, problem_mark.line) if problem_mark else 0
    ctx = _editor_line(text, context_mark.line) if context_mark else at
    col = problem_mark.column + 1 if problem_mark else 0
    problem = err.problem or "the file could not be read"

    def source(n: int) -> str:
        return lines[n - 1] if 0 < n <= len(lines) else ""

    if "cannot start any token" in problem and "\t" in source(at):
        return at, source(at).index("\t") + 1, f"line {at} has a tab character: YAML indents with spaces only; replace the tab with spaces"
    if "mapping values are not allowed" in problem:
        key, _, rest = source(at).partition(": ")
        fix = f'{key}: "{rest.strip()}"' if rest and not rest.lstrip().startswith(('"', "'")) else 'key: "the text: in double quotes"'
        return at, col, f"line {at} has a ':' inside a text that is not in quotes; put the whole text in double quotes, e.g. {fix.strip()}"
    for n in (ctx, at):
        if _DASH_WITHOUT_SPACE.match(source(n)):
            return n, source(n).index("-") + 1, f"line {n}: a list item needs a space after '-': write '- {source(n).lstrip()[1:]}'"
    if "quoted scalar" in (err.context or "") and "end of stream" in problem:
        return (
            ctx,
            context_mark.column + 1 if context_mark else 0,
            f"the quote opened on line {ctx} is never closed; add the closing quote at the end of the text",
        )
    for n in (at, ctx):
        if _QUOTE_ENDS_EARLY.match(source(n)):
            return (
                n,
                0,
                (
                    f"line {n}: the text's quotes end before the text does; inside double quotes write a quote as \\\" "
                    "(or use the other kind of quotes around the text; in single quotes write an apostrophe as '')"
                ),
            )
    if err.context and "while parsing a block" in err.context and problem_mark:
        # The block's first line is rarely the mistake: the line where the parser got stuck is.
        return at, col, f"line {at} does not fit the block that starts on line {ctx}: check its indentation and quotes"
    if err.context and problem_mark and context_mark:
        problem = f"{err.context} here, {problem} (noticed on line {at})"
    return ctx, context_mark.column + 1 if context_mark else col, problem


def _refuse(event: Any, filename: str) -> None:
    line = event.start_mark.line + 1
    col = event.start_mark.column + 1
    if type(event) is _Alias:
        raise ScenarioError(Diagnostic("E005", filename, line, "aliases (*name) are not allowed", col))
    if event.anchor is not None:
        raise ScenarioError(Diagnostic("E005", filename, line, f"anchors (&{event.anchor}) are not allowed", col))
    raise ScenarioError(Diagnostic("E007", filename, line, f"the tag {event.tag} is not allowed", col))
