"""The room's vote state without a network, the join QR code and the participant page's text."""

from __future__ import annotations

import re

import pytest
import segno

from game.core.strings import LANGUAGES, ui
from game.facilitate.page import page_strings, render_page, script_json
from game.facilitate.qr import qr_matrix, room_join_text
from game.facilitate.votes import CODE_ALPHABET, VoteError, VoteRoom, new_room_code


def test_room_codes_are_short_random_and_free_of_confusable_letters():
    codes = {new_room_code() for _ in range(200)}
    assert len(codes) > 190
    for code in codes:
        assert len(code) == 4 and set(code) <= set(CODE_ALPHABET)
    assert not set("0O1IL2Z5S8B") & set(CODE_ALPHABET)


def test_votes_per_device_with_change_and_reveal():
    room = VoteRoom(code="k7mx")
    assert room.code == "K7MX"
    seq = room.open_step("s1", ["a", "b"])
    room.vote(seq, 0, "device-0001")
    room.vote(seq, 1, "device-0001")  # changed
    room.vote(seq, 1, "device-0002")
    assert room.tally().phones == (0, 2)
    assert "counts" not in room.public_state("device-0001")
    assert room.public_state("device-0001")["vote"] == 1
    room.reveal()
    with pytest.raises(VoteError) as err:
        room.vote(seq, 0, "device-0001")
    assert err.value.status == 409
    assert room.public_state()["counts"] == [0, 2]


def test_a_new_question_forgets_the_devices_of_the_last():
    room = VoteRoom()
    seq = room.open_step("s1", ["a", "b"])
    room.vote(seq, 1, "device-0001")
    seq2 = room.open_step("s2", ["x", "y", "z"])
    assert seq2 == seq + 1
    assert room.public_state("device-0001")["vote"] is None
    assert room.tally().phones == (0, 0, 0)
    with pytest.raises(VoteError) as err:
        room.vote(seq, 0, "device-0001")
    assert err.value.code == "old_step"


def test_ties_are_exposed_and_no_votes_means_no_majority():
    room = VoteRoom()
    seq = room.open_step("s1", ["a", "b", "c"])
    assert room.tally().majority is None and not room.tally().tied
    room.vote(seq, 2, "device-0001")
    room.vote(seq, 1, "device-0002")
    tally = room.tally()
    assert tally.tied and tally.leaders == (1, 2) and tally.majority == 1


def test_bad_hand_counts_are_refused():
    room = VoteRoom()
    with pytest.raises(VoteError):
        room.set_hands([1, 2])  # no question up
    room.open_step("s1", ["a", "b"])
    for bad in ([1], [1, -1], [1, True], [1, 2.5]):
        with pytest.raises(ValueError):
            room.set_hands(bad)
    assert room.tally().hands == (0, 0)


def test_qr_matrix_is_the_segno_code_of_the_url():
    url = "http://192.168.1.20:8765/?r=K7MX"
    grid = qr_matrix(url)
    expected = segno.make(url, error="m", micro=False)
    size = expected.symbol_size(scale=1, border=0)[0]
    assert len(grid) == size and all(len(row) == size for row in grid)
    assert grid == [[bool(v) for v in row] for row in expected.matrix_iter(scale=1, border=0)]
    # the three finder patterns: a dark 7x7 ring in three corners
    for r0, c0 in ((0, 0), (0, size - 7), (size - 7, 0)):
        assert all(grid[r0][c0 + i] and grid[r0 + 6][c0 + i] and grid[r0 + i][c0] and grid[r0 + i][c0 + 6] for i in range(7))
    assert len(qr_matrix(url, border=4)) == size + 8


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_room_join_text_names_the_address_and_the_code(lang):
    text = room_join_text("http://10.0.0.5:8765/?r=K7MX", "K7MX", lang)
    assert "http://10.0.0.5:8765/?r=K7MX" in text and "K7MX" in text.splitlines()[1]
    assert text.splitlines()[1] == ui("fac_room_code", lang, code="K7MX")


def test_the_page_embeds_its_words_safely():
    assert script_json({"a": "</script><!--\u2028"}) == '{"a": "\\u003c/script\\u003e\\u003c!--\\u2028"}'
    html = render_page("vi", "abc123").decode("utf-8")
    assert '<html lang="vi">' in html and html.count('nonce="abc123"') == 2
    strings = page_strings()
    assert set(strings) == set(LANGUAGES) and strings["vi"]["received"] != strings["en"]["received"]
    for lang in strings:
        for key, text in strings[lang].items():
            assert text and not text.startswith("fac_"), (lang, key)
    # every word the script asks for exists
    asked = set(re.findall(r"\bt\('([a-z_]+)'\)", html))
    assert asked and asked <= set(strings["en"])
    with pytest.raises(ValueError):
        render_page("vi", 'x" onload="alert(1)')
