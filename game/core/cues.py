"""Words that give a reply away without reading the message: helper words and stated rules.

A player who learns "pick the reply that names Mom, 113 or the police" or "pick the
reply that says what police never do" has learnt the shape of the answers, not how to
tell a scam. The pedagogy lint (game/core/pedagogy.py) warns when these words sit only
on the safe side, and the "cue words" strategy (game/core/strategies.py) plays by them.

The lists are short on purpose: each entry is a label an author understands and a
pattern in every shipped language (Vietnamese, English, French, Indonesian, Ukrainian),
matched case-insensitively on the reply's text. A language added later is linted with
the words it shares (113, "police"...) until its own words are added here.
"""

from __future__ import annotations

import re

# label -> pattern. Vietnamese words are syllables, so "báo" alone would also match
# "thông báo" (to notify): the report words are the compounds that mean reporting.
HELPER_WORDS: dict[str, str] = {
    "113/111": r"\b11[1-5]\b",
    "5656": r"\b5656\b",
    "Mom/Dad": r"\b(?:mom|mum|mother|dad|father|parents?|mẹ|bố|ba mẹ|cha mẹ"
    r"|maman|papa|mère|père|ibu|ayah|mama|bapak|orang ?tua|мам\w*|тат\w*|бать\w*)\b",
    "family": r"\b(?:family|sister|brother|grandma|grandpa|gia đình|người nhà|ông bà"
    r"|famille|sœur|frère|grand-mère|grand-père|keluarga|kakak|adik|nenek|kakek|родин\w*|сім’\w*|сестр\w*|брат\w*|бабус\w*|дідус\w*)\b",
    "teacher": r"\b(?:teachers?|thầy|cô giáo|giáo viên|nhà trường|professeure?s?|profs?|enseignante?s?|guru|вчител\w*|учител\w*)\b",
    "report": r"\b(?:report\w*|trình báo|tố giác|báo cáo|báo công an|báo cho|signal\w*|plainte|lapor\w*|melapor\w*|повідом\w*|заяв\w*|поскарж\w*|скарг\w*)\b",
    "police": r"\b(?:police|công an|cảnh sát|policier\w*|polisi|поліц\w*)\b",
    "hotline": r"\b(?:hotline|helpline|tổng đài|đường dây nóng|ligne d’écoute|ligne d'écoute|numéro d’urgence|гаряч\w* ліні\w*)\b",
    "official": r"\b(?:official|chính thức|officiel\w*|resmi|офіційн\w*)\b",
}

# Replies that state the rule the story teaches ("Police don't work by phone"): the rule
# belongs in the feedback, where the player reads it after choosing.
_SUBJECT_EN = (
    r"(?:the\s+)?(?:real\s+|genuine\s+|proper\s+)?(?:police|officers?|banks?|schools?|universit(?:y|ies)|compan(?:y|ies)|employers?"
    r"|agenc(?:y|ies)|courts?|governments?|recruiters?|jobs?)|nobody|no\s+one|no\s+(?:real|genuine)\s+\w+"
)
_SUBJECT_VI = r"công an|cảnh sát|ngân hàng|nhà trường|trường học|cơ quan(?:\s+chức năng)?|công ty|nhà tuyển dụng|tòa án|viện kiểm sát|không ai|chẳng ai"
RULE_PATTERNS: dict[str, str] = {
    "… don't / never …": rf"\b(?:{_SUBJECT_EN})\s+(?:\w+\s+)?(?:don't|don’t|do not|doesn't|doesn’t|does not|never|won't|won’t|will not|always)\b",
    "Never …": r"(?:^|[.!?;:“”\"]\s*)never\b",
    "… không …": rf"\b(?:{_SUBJECT_VI})\s+(?:thật\s+)?(?:không|chẳng|chưa bao giờ)\b",
    "không bao giờ": r"\b(?:không bao giờ|đừng bao giờ|chẳng bao giờ)\b",
}

_HELPERS = [(label, re.compile(p, re.IGNORECASE)) for label, p in HELPER_WORDS.items()]
_RULES = [(label, re.compile(p, re.IGNORECASE)) for label, p in RULE_PATTERNS.items()]


def helper_words(text: str) -> list[str]:
    """The labels of the helper words in a reply, in HELPER_WORDS order."""
    return [label for label, pattern in _HELPERS if pattern.search(text)]


def stated_rule(text: str) -> str | None:
    """The part of a reply that states a rule, or None when it states none."""
    for _label, pattern in _RULES:
        found = pattern.search(text)
        if found:
            # Show the words from the match to the end of its sentence, as the author wrote them.
            start = found.start()
            while start < len(text) and not text[start].isalnum():
                start += 1
            end = re.search(r"[.!?”\"]", text[found.end() :])
            stop = found.end() + end.start() if end else len(text)
            return text[start:stop].strip()
    return None
