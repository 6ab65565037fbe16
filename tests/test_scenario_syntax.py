"""Syntax mistakes an author makes by hand get one message, on the line the editor shows, in plain words.

Each case is a real file given to `validate`, as a trainer would: the message names the file,
the line as the author's editor counts lines, and what to do.
"""

from __future__ import annotations

import pytest

from game.cli import main

HEAD = 'id: draft\nkind: other\ntitle: {vi: "A", en: "A"}\n'


@pytest.mark.parametrize(
    ("body", "line", "says"),
    [
        ("summary:\n\tvi: x\n", 5, "has a tab character"),
        ("summary: Police: call now\n", 4, 'summary: "Police: call now"'),
        ('summary: "unclosed\nstart: s\n', 4, "the quote opened on line 4 is never closed"),
        ('summary: "He said "no" to it"\n', 4, "quotes end before the text does"),
        ("summary: 'it's'\n", 4, "write an apostrophe as ''"),
        ("endings:\n  e:\n    outcome: safe\n    title: x\n   text: y\n", 8, "line 8 does not fit the block"),
        ("choices:\n  -text: hi\n  - text: b\n", 5, "needs a space after '-'"),
        ("summary: a\x07b\n", 4, "invisible control character (U+0007)"),
    ],
    ids=["tab", "colon", "open-quote", "inner-quote", "apostrophe", "indent", "dash", "control"],
)
def test_a_syntax_mistake_gets_one_plain_message_on_its_line(tmp_path, capsys, body, line, says):
    path = tmp_path / "draft.yaml"
    path.write_bytes((HEAD + body).encode("utf-8"))
    assert main(["validate", str(path)]) == 1
    errors = [x for x in capsys.readouterr().out.splitlines() if " error " in x]
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{path}:{line}") and says in errors[0], errors[0]


@pytest.mark.parametrize("sep", ["\u2028", "\u2029", "\x85"])
def test_unicode_line_separators_inside_a_text_do_not_shift_later_line_numbers(tmp_path, capsys, sep):
    path = tmp_path / "draft.yaml"
    # an unknown field on line 5: the separator on line 4 must not push it to line 6
    path.write_bytes((HEAD + f'summary: {{vi: "a{sep}b", en: "c"}}\nstartt: s\n').encode("utf-8"))
    main(["validate", str(path)])
    out = capsys.readouterr().out
    assert f"{path}:5: error E101" in out, out


def test_lone_carriage_returns_count_as_line_breaks_like_an_editor(tmp_path, capsys):
    path = tmp_path / "draft.yaml"
    path.write_bytes((HEAD + "summary: {vi: x, en: y}\nstartt: s\n").replace("\n", "\r").encode("utf-8"))
    main(["validate", str(path)])
    assert f"{path}:5: error E101" in capsys.readouterr().out
