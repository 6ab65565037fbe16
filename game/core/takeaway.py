"""What every player takes home: the three rules and the hotlines, in every language.

The wording is the game's own, built on the campaign brief (CONTENT_BRIEF.md). The
same text goes on the takeaway screen, into the QR code and at the end of the
terminal player, so there is one source for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Text

RULES: tuple[Text, ...] = (
    Text.of(
        vi="Công an thật không bao giờ giải quyết vụ việc qua điện thoại, tin nhắn hay gọi video.",
        en="Real police never handle a case by phone, chat or video call.",
    ),
    Text.of(
        vi="Không chuyển tiền, không cài ứng dụng, không đưa mã OTP chỉ vì có người gọi đến yêu cầu.",
        en="Never move money, install an app or share a code because a caller tells you to.",
    ),
    Text.of(
        vi="Ai bắt bạn giấu gia đình chính là mối nguy. Hãy nói ngay với người thân.",
        en="Anyone who asks you to keep a secret from your family is the danger. Tell someone now.",
    ),
)


@dataclass(frozen=True)
class Hotline:
    number: str
    label: Text
    short: Text  # its two-word label in the QR code's short text


HOTLINES: tuple[Hotline, ...] = (
    # 113 first: in danger, the police come before any other number (CONTENT_BRIEF.md).
    Hotline("113", Text.of(vi="Công an", en="Police"), Text.of(vi="Công an", en="Police")),
    Hotline(
        "111",
        Text.of(vi="Tổng đài quốc gia bảo vệ trẻ em (miễn phí, 24/7)", en="National child protection hotline (free, 24/7)"),
        Text.of(vi="Bảo vệ trẻ em", en="Child protection"),
    ),
    Hotline(
        "156 / 5656",
        Text.of(vi="Báo cuộc gọi, tin nhắn lừa đảo", en="Report scam calls and text messages"),
        Text.of(vi="Báo lừa đảo", en="Report scams"),
    ),
)

HEADLINE = Text.of(vi="Không Một Mình", en="Not Alone")


def takeaway_text(lang: str) -> str:
    """The takeaway as plain text, as the terminal prints it."""
    lines = [HEADLINE.get(lang).upper(), ""]
    lines += [f"{i}. {rule.get(lang)}" for i, rule in enumerate(RULES, 1)]
    lines.append("")
    lines += [f"{h.number}: {h.label.get(lang)}" for h in HOTLINES]
    return "\n".join(lines)


def qr_text(lang: str) -> str:
    """The short text of the takeaway's QR code: the name and the hotlines, 113 first.

    Not the whole takeaway: that makes a version-15 code, too dense to scan from a kiosk
    at arm's length; this stays at version 5 or lower (tests/test_takeaway_qr.py).
    """
    lines = [HEADLINE.get(lang)] + [f"{h.number} {h.short.get(lang)}" for h in HOTLINES]
    return "\n".join(lines)
