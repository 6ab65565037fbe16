"""`import-twee`: a Twine draft becomes a scenario skeleton that `validate` walks the author through.

Two of the files are real Twee 3 files from a public repository (tests/data/twee, with their
licence); the others are written here to cover every link form, channel tags and bad input.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.cli import main
from game.core.twee import TweeError, parse, to_yaml

DATA = Path(__file__).parent / "data" / "twee"
REAL = sorted(DATA.glob("*.twee"))


def validate(path: Path, capsys) -> tuple[int, list[str]]:
    code = main(["validate", str(path)])
    lines = [line for line in capsys.readouterr().out.splitlines() if " error " in line]
    return code, lines


def complete(yaml_text: str) -> str:
    """Do what an author does with the skeleton: answer every TODO and add the second language."""
    text = yaml_text.replace("safety: TODO", "safety: safe").replace("outcome: TODO", "outcome: safe")
    text = re.sub(r"^(\s*)# TODO: feedback: .*$", r'\1feedback: {en: "Why.", vi: "Vì sao."}', text, flags=re.M)
    text = re.sub(r"^# TODO: summary: .*$", 'summary: {en: "A draft.", vi: "Bản nháp."}', text, flags=re.M)
    return re.sub(r"\{en: (\"(?:[^\"\\]|\\.)*\")\}", r"{en: \1, vi: \1}", text)


@pytest.mark.parametrize("twee", REAL, ids=[p.name for p in REAL])
def test_a_real_twine_draft_imports_and_validate_lists_what_to_fill_in(twee, tmp_path, capsys):
    assert len(REAL) >= 2
    out = tmp_path / "draft.yaml"
    assert main(["import-twee", str(twee), "--out", str(out)]) == 0
    assert "fill in the TODOs" in capsys.readouterr().out
    code, errors = validate(out, capsys)
    assert code == 1
    codes = {re.search(r" error (E\d{3})", e).group(1) for e in errors}
    # only what Twee cannot say: safety, feedback, outcome, summary, the second language
    assert codes <= {"E102", "E104", "E207"}, errors
    assert all(re.match(rf"{re.escape(str(out))}:\d+: ", e) for e in errors)
    assert any("'safety' is 'TODO'" in e for e in errors) and any("'feedback' is missing" in e for e in errors)
    assert any("'outcome' is 'TODO'" in e for e in errors) and any("no 'vi' text" in e for e in errors)
    # once the author has filled them in, the story is valid: the skeleton's structure was right
    out.write_text(complete(out.read_text(encoding="utf-8")), encoding="utf-8")
    code, errors = validate(out, capsys)
    assert (code, errors) == (0, [])


def test_every_link_form_and_channel_tag(tmp_path):
    story = parse(
        ":: StoryTitle\nCuộc gọi lạ\n\n"
        ':: StoryData\n{"ifid": "X", "start": "Ring"}\n\n'
        ":: Intro [narration]\nIt is late.\n[[Go on->Ring]]\n\n"
        ':: Ring [call] {"position": "1,1"}\n"Hello, this is the police."\n'
        "[[Hang up->Safe end]]\n[[Chat<-Keep listening]]\n[[Ask who it is|Chat]]\n[[Chat]]\n\n"
        ":: Chat [sms]\nSend the code.\n[[Safe end]]\n\n"
        ":: Safe end\nYou hung up.\n\n"
        ":: Setup [script]\nwindow.alert('never run');\n"
    )
    assert story.title == "Cuộc gọi lạ" and story.start == "Ring"
    ring = next(p for p in story.passages if p.name == "Ring")
    assert [(link.text, link.target) for link in ring.links] == [
        ("Hang up", "Safe end"),
        ("Keep listening", "Chat"),
        ("Ask who it is", "Chat"),
        ("Chat", "Chat"),
    ]
    assert ring.text == '"Hello, this is the police."'
    assert "Setup" not in {p.name for p in story.passages}  # script passages are never imported
    text = to_yaml(story)
    assert "  ring:  # Twee passage 'Ring'\n    channel: call\n    from: contact" in text
    assert "  intro:  # Twee passage 'Intro'\n    channel: narration\n    text:" in text
    assert "  chat:  # Twee passage 'Chat'\n    channel: sms" in text
    assert "id: cuoc-goi-la" in text and "start: ring" in text
    assert "never run" not in text


def test_escaped_header_characters_and_odd_names_become_valid_ids():
    story = parse(":: A \\[weird\\] name! [chat]\nHi\n[[2nd step]]\n\n:: 2nd step\nBye\n")
    assert [p.name for p in story.passages] == ["A [weird] name!", "2nd step"]
    text = to_yaml(story)
    assert "  a_weird_name:" in text and "  p_2nd_step:" in text and "next: p_2nd_step" in text


def test_texts_that_look_like_yaml_stay_text(tmp_path, capsys):
    draft = tmp_path / "tricky.twee"
    draft.write_text(
        ':: Start\nkey: value # not a comment\n"quoted" \\ back\u2028slash\n[[yes: no->End]]\n\n:: End\n- [x]\n', encoding="utf-8"
    )
    out = tmp_path / "tricky.yaml"
    assert main(["import-twee", str(draft), "--out", str(out)]) == 0
    capsys.readouterr()
    from game.core.safeyaml import load_yaml

    data = load_yaml(out.read_bytes(), str(out))
    assert data["steps"]["start"]["text"]["en"] == 'key: value # not a comment\n"quoted" \\ back\u2028slash'
    assert data["steps"]["start"]["choices"][0]["text"]["en"] == "yes: no"
    assert data["endings"]["end"]["text"]["en"] == "- [x]"


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("just some text, no passages\n", "no passages"),
        (":: StoryData\n{not json\n\n:: Start\nHi\n", "line 1: StoryData is not a JSON object"),
        (":: StoryTitle\nOnly a title\n", "no story passages"),
    ],
)
def test_a_file_that_is_not_a_twine_draft_gets_one_clear_line(tmp_path, capsys, content, says):
    draft = tmp_path / "bad.twee"
    draft.write_text(content, encoding="utf-8")
    assert main(["import-twee", str(draft), "--out", str(tmp_path / "bad.yaml")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and says in err[0] and str(draft) in err[0]
    assert not (tmp_path / "bad.yaml").exists()


def test_an_existing_scenario_is_never_overwritten_without_force(tmp_path, capsys):
    out = tmp_path / "mine.yaml"
    out.write_text("id: keep-me\n", encoding="utf-8")
    assert main(["import-twee", str(REAL[0]), "--out", str(out)]) == 1
    assert "exists" in capsys.readouterr().err and out.read_text(encoding="utf-8") == "id: keep-me\n"
    assert main(["import-twee", str(REAL[0]), "--out", str(out), "--force"]) == 0


def test_the_parser_never_fails_on_unusual_but_legal_input():
    with pytest.raises(TweeError):
        parse("")
    story = parse("\ufeff:: Start\r\nA\r\n[[B]]\r\n:: B\rEnd")
    assert [p.name for p in story.passages] == ["Start", "B"] and story.passages[1].text == "End"
