"""Colours and sizes of the pygame front end, per theme and text size.

Every foreground/background pair that carries text is listed in TEXT_PAIRS so a test
can check it meets WCAG AA (4.5:1). Safety is always shown by an icon and a word as
well as a colour, never by colour alone.
"""

from __future__ import annotations

from typing import NamedTuple

Colour = tuple[int, int, int]

TEXT_SCALE = {"normal": 1.0, "large": 1.2, "huge": 1.4}


class Theme(NamedTuple):
    """Every colour of one theme. A named tuple (immutable, like a frozen dataclass) because
    @dataclass would compile methods for its 29 fields at every start-up."""

    name: str
    bg: Colour  # the room around the phone
    bg_text: Colour
    bg_muted: Colour  # secondary text on bg
    panel: Colour  # cards and choice panel
    panel_text: Colour
    panel_muted: Colour
    button: Colour
    button_text: Colour
    button_focus: Colour  # focus ring
    accent: Colour  # primary buttons
    accent_text: Colour
    phone_body: Colour
    screen: Colour  # inside the phone
    screen_text: Colour
    screen_muted: Colour
    bubble_in: Colour
    bubble_in_text: Colour
    bubble_out: Colour
    bubble_out_text: Colour
    call_bg: Colour
    call_text: Colour
    call_muted: Colour
    caption_bg: Colour
    caption_text: Colour
    accept: Colour
    decline: Colour
    safety: dict[str, Colour] = {}  # badge backgrounds, white text on them (each theme gives its own)
    safety_text: Colour = (255, 255, 255)


DEFAULT = Theme(
    name="default",
    bg=(22, 30, 46),
    bg_text=(240, 244, 250),
    bg_muted=(178, 190, 210),
    panel=(36, 48, 70),
    panel_text=(240, 244, 250),
    panel_muted=(182, 195, 215),
    button=(52, 68, 98),
    button_text=(245, 248, 252),
    button_focus=(120, 214, 255),  # not the accent: focus never looks like a primary button
    accent=(255, 196, 61),
    accent_text=(24, 26, 32),
    phone_body=(12, 14, 18),
    screen=(244, 246, 250),
    screen_text=(20, 24, 32),
    screen_muted=(84, 92, 108),
    bubble_in=(228, 232, 240),
    bubble_in_text=(20, 24, 32),
    bubble_out=(0, 98, 204),
    bubble_out_text=(255, 255, 255),
    call_bg=(28, 38, 56),
    call_text=(250, 250, 252),
    call_muted=(184, 196, 214),
    caption_bg=(0, 0, 0),
    caption_text=(255, 255, 255),
    accept=(24, 128, 56),
    decline=(190, 40, 36),
    safety={"safe": (24, 120, 52), "neutral": (84, 92, 108), "risky": (160, 82, 0), "unsafe": (180, 36, 30)},
)

HIGH_CONTRAST = Theme(
    name="high-contrast",
    bg=(0, 0, 0),
    bg_text=(255, 255, 255),
    bg_muted=(235, 235, 235),
    panel=(0, 0, 0),
    panel_text=(255, 255, 255),
    panel_muted=(235, 235, 235),
    button=(0, 0, 0),
    button_text=(255, 255, 0),
    button_focus=(0, 255, 255),
    accent=(255, 255, 0),
    accent_text=(0, 0, 0),
    phone_body=(255, 255, 255),
    screen=(0, 0, 0),
    screen_text=(255, 255, 255),
    screen_muted=(235, 235, 235),
    bubble_in=(0, 0, 0),
    bubble_in_text=(255, 255, 255),
    bubble_out=(255, 255, 0),
    bubble_out_text=(0, 0, 0),
    call_bg=(0, 0, 0),
    call_text=(255, 255, 255),
    call_muted=(235, 235, 235),
    caption_bg=(0, 0, 0),
    caption_text=(255, 255, 0),
    accept=(0, 100, 0),
    decline=(150, 0, 0),
    safety={"safe": (0, 100, 0), "neutral": (60, 60, 60), "risky": (120, 60, 0), "unsafe": (150, 0, 0)},
)

THEMES = {"default": DEFAULT, "high-contrast": HIGH_CONTRAST}

# (foreground, background) attribute pairs that carry text.
TEXT_PAIRS = [
    ("bg_text", "bg"),
    ("bg_muted", "bg"),
    ("panel_text", "panel"),
    ("panel_muted", "panel"),
    ("button_text", "button"),
    ("accent_text", "accent"),
    ("screen_text", "screen"),
    ("screen_muted", "screen"),
    ("bubble_in_text", "bubble_in"),
    ("bubble_out_text", "bubble_out"),
    ("call_text", "call_bg"),
    ("call_muted", "call_bg"),
    ("caption_text", "caption_bg"),
    ("bg_text", "accept"),
    ("bg_text", "decline"),
]


def _linear(c: int) -> float:
    s = c / 255
    return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4


def luminance(colour: Colour) -> float:
    r, g, b = (_linear(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: Colour, b: Colour) -> float:
    """WCAG 2 contrast ratio between two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
