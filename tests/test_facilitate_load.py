"""200 phones vote at the same moment over loopback: every vote is counted exactly once."""

from __future__ import annotations

from game.facilitate.bench import load_test


def test_200_concurrent_phones_every_vote_counted_exactly_once():
    result = load_test(phones=200, waves=2)
    assert result.refused == 0, f"{result.refused} phones got no 200"
    assert result.sent == 400
    assert result.counted == 400
    assert result.counts == result.expected, "each vote on the choice its phone sent"
    assert result.lost == 0
