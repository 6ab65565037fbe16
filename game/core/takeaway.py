"""What every player takes home: the three rules and the hotlines, in every language.

The wording is the game's own, built on the campaign brief (CONTENT_BRIEF.md). The
same text goes on the takeaway screen, into the QR code, on the printable card
(game/core/card.py) and at the end of the terminal player, so there is one source for it.
A story may add its own one-line lesson (`Scenario.lesson`); an organiser may set a
short web address for the QR code instead of the short text (`check_takeaway_url`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from .model import Scenario, Text
from .strings import LANGUAGES, ui

if TYPE_CHECKING:  # the QR encoder is imported when a code is first drawn, not with the debrief
    import segno


def _words(key: str) -> Text:
    """An interface word (game/core/strings.py) in every language the game speaks."""
    return Text({lang: ui(key, lang) for lang in LANGUAGES})


RULES: tuple[Text, ...] = (_words("rule_1"), _words("rule_2"), _words("rule_3"))


@dataclass(frozen=True)
class Hotline:
    number: str
    label: Text
    short: Text  # its two-word label in the QR code's short text


# The numbers stay Vietnamese in every language: this is a game about Vietnam.
HOTLINES: tuple[Hotline, ...] = tuple(
    # 113 first: in danger, the police come before any other number (CONTENT_BRIEF.md).
    Hotline(number, _words(f"hotline_{key}"), _words(f"hotline_{key}_short"))
    for number, key in (("113", "113"), ("111", "111"), ("156 / 5656", "156"))
)

HEADLINE = _words("app_title")


def foreigner_help(lang: str) -> str | None:
    """Who a visitor to Vietnam calls (113), in their language; None in Vietnamese, where 113 is already first."""
    return None if lang == "vi" else ui("foreigner_help", lang)


def story_lesson(scenario: Scenario | None, lang: str) -> str | None:
    """The story's own one-line lesson in lang, or None (no story, or a story without one)."""
    if scenario is None or scenario.lesson is None:
        return None
    return scenario.lesson.get(lang).strip() or None


def takeaway_text(lang: str) -> str:
    """The takeaway as plain text, as the terminal prints it."""
    lines = [HEADLINE.get(lang).upper(), ""]
    lines += [f"{i}. {rule.get(lang)}" for i, rule in enumerate(RULES, 1)]
    lines.append("")
    lines += [f"{h.number}: {h.label.get(lang)}" for h in HOTLINES]
    visitor = foreigner_help(lang)
    if visitor:
        lines.append(visitor)
    return "\n".join(lines)


def qr_text(lang: str) -> str:
    """The short text of the takeaway's QR code: the name and the hotlines, 113 first.

    Not the whole takeaway: that makes a version-15 code, too dense to scan from a kiosk
    at arm's length; this stays at version 5 or lower (tests/test_takeaway_qr.py).
    """
    lines = [HEADLINE.get(lang)] + [f"{h.number} {h.short.get(lang)}" for h in HOTLINES]
    return "\n".join(lines)


# -- the QR code -------------------------------------------------------------------------------

QR_ERROR = "l"  # low error correction: the biggest modules for a given text, easiest to scan from a screen
QR_MAX_VERSION = 5  # 37x37 modules: scans from about a metre at kiosk size (issue #15)
URL_SCHEMES = ("https://", "http://")


class TakeawayUrlError(ValueError):
    """The organiser's takeaway address cannot go into the QR code; the message says why and what to do."""


def qr_code(payload: str) -> segno.QRCode:
    """The QR code of payload, as the screen and the printed card draw it."""
    import segno

    return segno.make(payload, error=QR_ERROR, micro=False)


def qr_version(payload: str) -> int:
    """The version (size) of payload's QR code: 1 is 21x21 modules, 5 is 37x37."""
    return int(qr_code(payload).version)  # an int for every code that is not a Micro QR


@cache
def longest_url() -> int:
    """How many characters an address may have and still fit a version-5 code (106 at level L)."""
    n = 1
    while qr_version("https://" + "a" * (n + 1 - len("https://"))) <= QR_MAX_VERSION:
        n += 1
    return n


def check_takeaway_url(url: str) -> str:
    """The organiser's address, trimmed, if a phone can open it and its code is version 5 or lower.

    Raises TakeawayUrlError, in plain words, for anything else: a denser code would not
    scan at arm's length, so the game refuses it rather than show it.
    """
    url = url.strip()
    if not url.lower().startswith(URL_SCHEMES) or len(url) <= len("https://"):
        raise TakeawayUrlError(f"the takeaway address '{url}' must start with https:// (or http://), e.g. https://example.org/kmm")
    if any(c.isspace() for c in url) or not url.isascii() or not url.isprintable():
        raise TakeawayUrlError(f"the takeaway address '{url}' may hold no spaces and only plain (ASCII) characters")
    version = qr_version(url)
    if version > QR_MAX_VERSION:
        raise TakeawayUrlError(
            f"the takeaway address is {len(url)} characters: its QR code would be version {version}, "
            f"too dense to scan from a metre (at most version {QR_MAX_VERSION}, about {longest_url()} characters); "
            "use a shorter address, e.g. from a link shortener"
        )
    return url


def qr_payload(lang: str, url: str | None = None) -> str:
    """What the takeaway's QR code holds: the organiser's address if one is set, else the short text."""
    return url or qr_text(lang)
