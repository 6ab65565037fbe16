"""The join QR code as a grid of booleans, and the words that go beside it.

The projector (pygame) draws the grid itself, one filled square per dark module, so
no image file is written and nothing is fetched. segno is the project's QR encoder.
"""

from __future__ import annotations

import segno

from ..core.strings import ui


def qr_matrix(text: str, border: int = 0) -> list[list[bool]]:
    """Rows of modules, True = dark. Medium error correction: a projected code survives glare and a low-resolution camera."""
    code = segno.make(text, error="m", micro=False)
    return [[bool(module) for module in row] for row in code.matrix_iter(scale=1, border=border)]


def room_join_text(url: str, code: str, lang: str) -> str:
    """The two lines under the QR code: where to go, and the room code to type if the link lost it."""
    return f"{ui('fac_join_scan', lang, url=url)}\n{ui('fac_room_code', lang, code=code)}"
