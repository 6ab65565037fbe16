"""Problems found in scenario files: one dataclass and the catalogue of stable codes.

Every problem the loader or validator reports has a code that never changes meaning
(like a compiler's), a severity, the file and line, and a hint telling the author
what to do. The codes are documented in scenarios/README.md; a test keeps the two
in step.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"

# code -> (severity, short title, hint for the author)
CODES: dict[str, tuple[str, str, str]] = {
    # Reading the file
    "E001": (ERROR, "file too large", "Split the story into smaller files; a scenario file may be at most 1 MB."),
    "E002": (ERROR, "not UTF-8 text", "Save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)."),
    "E003": (ERROR, "YAML syntax error", "Check the indentation and quotes on this line and the one before it."),
    "E004": (ERROR, "duplicate key", "Each key may appear once in the same block; remove or rename one of them."),
    "E005": (ERROR, "anchors and aliases not allowed", "Write the text out in full instead of using & and *."),
    "E006": (ERROR, "nesting too deep", "A scenario never needs more than a few levels of indentation; flatten it."),
    "E007": (ERROR, "YAML tag not allowed", "Remove the '!' tag; scenario files hold plain text, numbers and lists only."),
    "E008": (ERROR, "file too complex", "The file has far more entries than any story needs; split it."),
    "E009": (ERROR, "empty file", "Write the scenario's fields (see the example in scenarios/README.md)."),
    "E010": (ERROR, "file cannot be opened", "Check that the file exists and that you may read it."),
    # The shape of the data
    "E101": (ERROR, "unknown field", "Check the spelling against the field tables in scenarios/README.md."),
    "E102": (ERROR, "missing field", "Add the field; it is required here."),
    "E103": (ERROR, "wrong type", "Give the kind of value the field table asks for."),
    "E104": (ERROR, "value not allowed", "Use one of the listed values."),
    "E105": (ERROR, "bad id", "Ids use lowercase letters, digits and '_' (scenario ids use '-'), starting with a letter."),
    "E106": (ERROR, "empty text", "Write the text, or remove the field if it is optional."),
    "E107": (ERROR, "unsupported format version", "Use 'format: 1', or update the game."),
    # The story as a whole
    "E201": (ERROR, "target does not exist", "Name a step or an ending defined in this file."),
    "E202": (ERROR, "step cannot be reached", "Point a choice's 'next' at it, or delete it."),
    "E203": (ERROR, "no ending can be reached", "Give some choice on this path a 'next' that leads to an ending."),
    "E204": (ERROR, "step has no choices", "Give the step at least one choice (a single 'Continue' is fine)."),
    "E205": (ERROR, "unknown tactic", "Use a tactic id from scenarios/tactics.yaml, or add the tactic there."),
    "E206": (ERROR, "unknown character", "Use a character id from this file's 'characters'."),
    "E207": (ERROR, "missing translation", "Add the text in this language, or remove the language from the scenario."),
    "E208": (ERROR, "asset not found", "Put the file under assets/ or fix the path (it is relative to assets/)."),
    "E209": (ERROR, "asset outside assets/", "Use a relative path inside assets/, without '..' or a leading '/'."),
    "E210": (ERROR, "flag required but never set", "Add the flag to some choice's 'sets', or fix its spelling."),
    "E211": (ERROR, "duplicate scenario id", "Give each scenario file its own 'id'."),
    "E212": (ERROR, "id used twice", "A step and an ending may not share an id; rename one."),
    "E213": (ERROR, "every choice is conditional", "Leave at least one choice without 'requires' and 'unless'."),
    "E214": (
        ERROR,
        "a trap: flags block every way out",
        "Make sure a choice the player can see at this step (given the flags set so far) leads on to an ending.",
    ),
    # Practice items (scenarios/practice/)
    "E230": (ERROR, "practice scam without a tell", "Add 'tell:' with the words of the text that give the scam away, in every language."),
    "E231": (
        ERROR,
        "tell not in the text",
        "Copy the tell from the item's text in that language exactly (same words, accents and punctuation).",
    ),
    "E232": (ERROR, "practice item id used twice", "Give each practice item its own 'id' across all files in scenarios/practice/."),
    "E233": (ERROR, "sibling missing or not matched", "Name an existing item of the same kind (scam or genuine) and family as 'sibling'."),
    # Advice that does not stop the file from loading
    "W301": (
        WARNING,
        "text too long for its place on the screen",
        "Shorten it (the message says how many characters fit there), or split the step.",
    ),
    "W302": (WARNING, "flag set but never used", "Use it in a 'requires' or 'unless', or remove it from 'sets'."),
    "W303": (WARNING, "genuine step names a tactic", "Remove the tactic: a genuine message uses no trick."),
    "W310": (WARNING, "scam step without a safe reply", "Give the player at least one reply that resists the trick (safety: safe)."),
    "W311": (WARNING, "too many replies for a phone screen", "Keep a step to five replies or fewer; split the decision into two steps."),
    "E215": (ERROR, "not a usable picture", "Use a PNG or JPEG file of at most 5 MB and 4096 pixels on a side."),
    "W312": (
        WARNING,
        "a reply that is never shown",
        "Check its 'requires' and 'unless': the flags are never right when the player reaches this step.",
    ),
    "W309": (WARNING, "too many flag combinations to check", "Use fewer flags: a story rarely needs more than a handful."),
    "W304": (WARNING, "voice clip missing or stale", "Run 'python assets/make_voices.py' to regenerate the voice clips."),
    "W314": (
        WARNING,
        "call button on a step that is not a call",
        "Put 'hang_up' (one reply) and 'outgoing' only on 'call' or 'video_call' steps.",
    ),
    "W315": (
        WARNING,
        "a tell that cannot be shown",
        "Quote the exact words of the step's text in each language; give 'source_tell' a 'source'; mark no tells on genuine steps.",
    ),
    "W320": (
        WARNING,
        "a translation file cannot be read",
        "Open the PO file named in the message in a PO editor (Poedit) and save it, or fix the quoting on the line it names.",
    ),
    "W321": (
        WARNING,
        "a translated tell is not in the translated text",
        "In the PO file, make the item's 'tell' entry a word-for-word piece of its 'text' entry.",
    ),
    "W322": (
        WARNING,
        "a translation is not complete",
        "Run 'python main.py i18n update', then translate what 'python main.py i18n check LANG' lists.",
    ),
    "W316": (WARNING, "evidence described in brackets", "Make it an attachment (see 'Evidence: attachments and tells' in the guide)."),
    "W317": (WARNING, "the clock goes back", "Give the later step a later time, or add 'later:' (\"Three days later\") before it."),
    "W330": (WARNING, "practice text in too few parts", "Write the text as three sentences or more, so the tell is not a fair guess."),
    "W305": (
        WARNING,
        "false_alarm on a reply that cannot be one",
        "Put 'false_alarm: true' only on a reply to a 'genuine: true' step that is not safe; remove it here.",
    ),
    # The pedagogy lint: a story that can be won without reading it (game/core/pedagogy.py)
    "W401": (WARNING, "the safe reply is the longest", "Make the replies of a step about as long as each other; shorten the safe one."),
    "W402": (
        WARNING,
        "the safe reply sits in one place",
        "Vary where the safe reply stands in the list (the game shuffles, but habits show).",
    ),
    "W403": (
        WARNING,
        "a reply states a rule",
        "Move the rule into the feedback; let the reply say what the player does, in their own words.",
    ),
    "W404": (
        WARNING,
        "helper words only in safe replies",
        "Put 113, Mom, 'report' or 'police' in some risky replies too, and write some safe ones without them.",
    ),
    "W405": (
        WARNING,
        "a refusal ends the story too soon",
        "Let a safe reply lead to the scammer's next attempt ('a refusal is not an exit').",
    ),
    "W406": (WARNING, "too few genuine decisions", "Put real messages (Mom, the school, a real bank alert) on every path, the safest too."),
}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem: where it is, what it is, what to do."""

    code: str
    file: str
    line: int  # 1-based; 0 when the problem concerns the whole file
    message: str
    column: int = 0  # 1-based; 0 when unknown

    @property
    def severity(self) -> str:
        return CODES[self.code][0]

    @property
    def hint(self) -> str:
        return CODES[self.code][2]

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def format(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return f"{where}: {self.severity} {self.code}: {self.message}. {self.hint}"

    def __str__(self) -> str:
        return self.format()


class ScenarioError(Exception):
    """Raised inside the loader to abandon a file after a fatal problem."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.format())
        self.diagnostic = diagnostic
