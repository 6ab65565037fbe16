"""The takeaway's QR code scans at a kiosk (version 5 or lower) and puts 113 first."""

from __future__ import annotations

import segno

from game.core.strings import LANGUAGES
from game.core.takeaway import HOTLINES, qr_text, takeaway_text


def test_the_qr_code_is_version_5_or_lower_in_every_language() -> None:
    for lang in LANGUAGES:
        qr = segno.make(qr_text(lang), error="l", micro=False)
        assert qr.version <= 5, (lang, qr.version, qr_text(lang))


def test_113_comes_first_on_the_screen_in_the_code_and_in_the_terminal() -> None:
    assert HOTLINES[0].number == "113"
    for lang in LANGUAGES:
        code = qr_text(lang).splitlines()
        assert code[1].startswith("113 "), code
        numbers = [line.split(":")[0] for line in takeaway_text(lang).splitlines() if line[:1].isdigit() and ":" in line]
        assert numbers[0] == "113", numbers
        assert all(h.number in qr_text(lang) for h in HOTLINES)
