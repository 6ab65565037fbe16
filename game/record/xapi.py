"""Export plays as xAPI 1.0.3 statements, the format learning record stores (LRS) ingest.

Per play: `launched` when it starts, `answered` for each choice, then `completed` (reached
an ending) or `abandoned` (left before one); a play still in progress has no last
statement yet. The actor is an anonymous account whose name is the play's random id,
so statements group by play and by nothing else. Statement ids are uuid5 of the play id,
the statement's place in the play and, for the last one, its verb; `context.registration`
is a uuid5 of the play id: sending the same export twice (or the merged store of many
kiosks) to an LRS adds nothing new, as the LRS ignores a statement id it already holds.
A body must never change for its id (an LRS answers 409 and refuses the whole batch), so
activity names come from the play record (see outbox.py), not from today's stories.

Times: the store keeps starts and ends to the minute, so `launched` carries the start
minute and each `answered` the start plus the seconds taken so far.
"""

from __future__ import annotations

import json
import os
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from .reading import Record
from .schema import parse_minute

# The IRI under which the game names its activities and extensions. A campaign that runs
# its own LRS may set NOTALONE_XAPI_BASE to an address it controls.
DEFAULT_BASE = "https://notalone.example.org/xapi"
VERSION = "1.0.3"

VERBS = {
    "launched": "http://adlnet.gov/expapi/verbs/launched",
    "answered": "http://adlnet.gov/expapi/verbs/answered",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "abandoned": "https://w3id.org/xapi/adl/verbs/abandoned",  # ADL verb (cmi5) for a session left unfinished
}
SIMULATION = "http://adlnet.gov/expapi/activities/simulation"
QUESTION = "http://adlnet.gov/expapi/activities/question"


def base_iri() -> str:
    return os.environ.get("NOTALONE_XAPI_BASE", DEFAULT_BASE).rstrip("/")


def _iso(when) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def _duration(seconds: float) -> str:
    return f"PT{max(seconds, 0):.2f}S"


def statements(record: Record, titles: dict[str, dict[str, str]] | None = None, base: str | None = None) -> list[dict]:
    """The plays of a record as xAPI statements; `titles`: scenario id -> language -> title."""
    base = base or base_iri()
    parts = urlsplit(base)
    home = f"{parts.scheme}://{parts.netloc}"
    ns = uuid.uuid5(uuid.NAMESPACE_URL, base)
    ext = f"{base}/extensions"
    titles = titles or {}
    out: list[dict] = []

    for play in record.plays:
        scenario = {
            "objectType": "Activity",
            "id": f"{base}/scenarios/{play.scenario}",
            "definition": {
                "type": SIMULATION,
                "name": {k: v for k, v in (titles.get(play.scenario) or {"en": play.scenario}).items() if v},
            },
        }
        context = {
            "registration": str(uuid.uuid5(ns, f"play/{play.play_id}")),
            "platform": "Not Alone",
            "language": play.lang,
            "extensions": {f"{ext}/mode": play.mode, f"{ext}/group": play.group},
        }
        actor = {"objectType": "Agent", "account": {"homePage": home, "name": play.play_id}}

        parent = {"parent": [{"objectType": "Activity", "id": scenario["id"]}]}

        def statement(
            key: str,
            verb: str,
            obj: dict,
            when,
            result: dict | None = None,
            in_scenario: bool = False,
            play_id: str = play.play_id,
            actor: dict = actor,
            context: dict = context,
            parent: dict = parent,
        ) -> dict:
            st = {
                "id": str(uuid.uuid5(ns, f"{play_id}/{key}")),
                "actor": actor,
                "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
                "object": obj,
                "context": dict(context, contextActivities=parent) if in_scenario else context,
                "timestamp": _iso(when),
                "version": VERSION,
            }
            if result:
                st["result"] = result
            return st

        start = parse_minute(play.started)
        out.append(statement("launched", "launched", scenario, start))
        elapsed = 0.0
        for c in record.choices.get(play.play_id, []):
            elapsed += c.seconds
            step = {"objectType": "Activity", "id": f"{base}/scenarios/{play.scenario}/steps/{c.step}", "definition": {"type": QUESTION}}
            extensions: dict[str, object] = {
                f"{ext}/seq": c.seq,
                f"{ext}/genuine": c.genuine,
                f"{ext}/funnel": c.funnel,
                f"{ext}/decision": c.decision,
            }
            if c.tactic:
                extensions[f"{ext}/tactic"] = c.tactic
            result: dict[str, object] = {"response": c.safety, "duration": _duration(c.seconds), "extensions": extensions}
            if c.decision:
                result["success"] = c.safety == "safe"  # safe = a scam resisted, or a real message trusted
            out.append(statement(str(c.seq), "answered", step, start + timedelta(seconds=elapsed), result, in_scenario=True))
        if play.status == "in_progress":
            continue
        end = max(parse_minute(play.ended) if play.ended else start, start + timedelta(seconds=elapsed))
        if play.status == "finished":
            result = {"completion": True, "extensions": {f"{ext}/outcome": play.outcome}}
            if play.outcome in ("safe", "harmed"):
                result["success"] = play.outcome == "safe"  # "rescued" is neither: help came in time
            out.append(statement("end/completed", "completed", scenario, end, result))
        else:
            out.append(statement("end/abandoned", "abandoned", scenario, end, {"completion": False}))
    return out


def write(sts: list[dict], path: Path, jsonl: bool = False) -> int:
    """Write statements as one JSON array (one statement a line), or as JSON lines; returns how many."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(s, ensure_ascii=False, separators=(",", ":")) for s in sts]
    if jsonl:
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    else:
        body = ",\n".join(lines)
        path.write_text(f"[\n{body}\n]\n" if sts else "[]\n", encoding="utf-8")
    return len(sts)
