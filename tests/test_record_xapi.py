"""`report --xapi`: the plays as xAPI 1.0.3 statements an LRS will take.

Each statement is checked against the required fields and formats of the xAPI 1.0.3
specification (Data section: Statement, Actor/account, Verb, Object, Result, Context,
Timestamp, Duration, UUID, IRI, language map). When `ralph-malph` is installed, its
pydantic xAPI models validate the statements too (skipped cleanly if it is absent).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import defaultdict
from datetime import datetime
from urllib.parse import urlsplit

import pytest
from recordhelp import PLAYS, make_store

from game.cli import main
from game.record.reading import load
from game.record.store import RecordStore
from game.record.xapi import DEFAULT_BASE, statements

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")
LANG_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
STATEMENT_KEYS = {"id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority", "version", "attachments"}
IFIS = ("mbox", "mbox_sha1sum", "openid", "account")


def is_iri(value) -> bool:
    if not isinstance(value, str) or " " in value:
        return False
    parts = urlsplit(value)
    return bool(parts.scheme) and (bool(parts.netloc) or parts.scheme == "urn")


def check_language_map(m) -> None:
    assert isinstance(m, dict) and m
    for tag, text in m.items():
        assert LANG_TAG.match(tag), tag
        assert isinstance(text, str) and text


def check_extensions(ext) -> None:
    assert isinstance(ext, dict)
    for key in ext:
        assert is_iri(key), key


def check_no_empty_values(value, where="statement") -> None:
    """The spec forbids null and empty values (outside extensions)."""
    if isinstance(value, dict):
        for k, v in value.items():
            assert v not in (None, "", {}, []), f"{where}.{k} is empty"
            if k != "extensions":
                check_no_empty_values(v, f"{where}.{k}")
    elif isinstance(value, list):
        for v in value:
            check_no_empty_values(v, where)


def check_timestamp(text) -> None:
    assert isinstance(text, str) and "T" in text
    when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    assert when.tzinfo is not None, "a timestamp needs a time zone"


def check_activity(obj) -> None:
    assert obj.get("objectType", "Activity") == "Activity"
    assert is_iri(obj["id"])
    d = obj.get("definition")
    if d:
        if "type" in d:
            assert is_iri(d["type"])
        if "name" in d:
            check_language_map(d["name"])


def check_statement(st: dict) -> None:
    """xAPI 1.0.3, Data 2.4: the properties of a Statement, as an LRS checks them."""
    assert set(st) <= STATEMENT_KEYS, set(st) - STATEMENT_KEYS
    assert {"actor", "verb", "object"} <= set(st)
    check_no_empty_values(st)
    assert UUID.match(st["id"])
    actor = st["actor"]
    assert actor.get("objectType", "Agent") == "Agent"
    assert [k for k in IFIS if k in actor] == ["account"], "exactly one inverse functional identifier"
    assert set(actor["account"]) == {"homePage", "name"}
    assert urlsplit(actor["account"]["homePage"]).scheme in ("http", "https")  # an IRL
    assert "name" not in actor, "no person's name, ever"
    assert is_iri(st["verb"]["id"])
    check_language_map(st["verb"]["display"])
    check_activity(st["object"])
    if "result" in st:
        r = st["result"]
        assert set(r) <= {"score", "success", "completion", "response", "duration", "extensions"}
        for flag in ("success", "completion"):
            if flag in r:
                assert isinstance(r[flag], bool)
        if "response" in r:
            assert isinstance(r["response"], str)
        if "duration" in r:
            assert DURATION.match(r["duration"]), r["duration"]
        if "extensions" in r:
            check_extensions(r["extensions"])
    if "context" in st:
        c = st["context"]
        assert set(c) <= {
            "registration",
            "instructor",
            "team",
            "contextActivities",
            "revision",
            "platform",
            "language",
            "statement",
            "extensions",
        }
        if "registration" in c:
            assert UUID.match(c["registration"])
        if "language" in c:
            assert LANG_TAG.match(c["language"])
        if "extensions" in c:
            check_extensions(c["extensions"])
        for key, acts in c.get("contextActivities", {}).items():
            assert key in ("parent", "grouping", "category", "other")
            for act in acts:
                check_activity(act)
    check_timestamp(st["timestamp"])
    assert re.match(r"^1\.0\.\d+$", st["version"])


@pytest.fixture()
def exported(tmp_path):
    db = make_store(tmp_path / "plays.sqlite3")
    out = tmp_path / "statements.json"
    assert main(["report", "--db", str(db), "--xapi", str(out)]) == 0
    return db, json.loads(out.read_text(encoding="utf-8"))


def by_play(sts: list[dict]) -> dict[str, list[dict]]:
    plays = defaultdict(list)
    for st in sts:
        plays[st["actor"]["account"]["name"]].append(st)
    return plays


def test_every_statement_meets_the_xapi_spec(exported):
    _, sts = exported
    assert isinstance(sts, list) and sts
    for st in sts:
        check_statement(st)


def test_one_anonymous_actor_and_one_registration_per_play(exported):
    _, sts = exported
    plays = by_play(sts)
    assert set(plays) == set(PLAYS)  # the actor's account name is the play's random id, nothing else
    registrations = {pid: {st["context"]["registration"] for st in group} for pid, group in plays.items()}
    assert all(len(r) == 1 for r in registrations.values())
    assert len({next(iter(r)) for r in registrations.values()}) == len(PLAYS)
    assert len({st["id"] for st in sts}) == len(sts)


def test_verbs_tell_the_story_of_each_play(exported):
    _, sts = exported
    plays = by_play(sts)
    verbs = {pid: [st["verb"]["id"].rsplit("/", 1)[1] for st in group] for pid, group in plays.items()}
    assert verbs["p1"] == ["launched", "answered", "answered", "answered", "completed"]
    assert verbs["p3"] == ["launched", "answered", "answered", "abandoned"]
    assert plays["p3"][-1]["verb"]["id"] == "https://w3id.org/xapi/adl/verbs/abandoned"
    assert plays["p1"][0]["verb"]["id"] == "http://adlnet.gov/expapi/verbs/launched"
    for group in plays.values():  # timestamps never go backwards within a play
        times = [datetime.fromisoformat(st["timestamp"].replace("Z", "+00:00")) for st in group]
        assert times == sorted(times)


def test_answers_carry_safety_tactic_genuine_and_funnel(exported):
    _, sts = exported
    p2 = by_play(sts)["p2"]
    ext = f"{DEFAULT_BASE}/extensions"
    answered = [st for st in p2 if st["verb"]["id"].endswith("answered")]
    assert [st["result"]["response"] for st in answered] == ["risky", "unsafe", "risky"]
    assert [st["result"]["success"] for st in answered] == [False, False, False]
    assert answered[0]["result"]["extensions"][f"{ext}/tactic"] == "urgency"
    assert answered[1]["result"]["extensions"][f"{ext}/funnel"] == "complied"
    assert answered[2]["result"]["extensions"][f"{ext}/genuine"] is True
    assert f"{ext}/tactic" not in answered[2]["result"]["extensions"]
    assert answered[0]["result"]["duration"] == "PT10.00S"
    assert answered[0]["object"]["id"] == f"{DEFAULT_BASE}/scenarios/alpha/steps/s1"
    assert answered[0]["context"]["contextActivities"]["parent"][0]["id"] == f"{DEFAULT_BASE}/scenarios/alpha"
    end = p2[-1]
    assert end["result"] == {"completion": True, "success": False, "extensions": {f"{ext}/outcome": "harmed"}}
    p4 = by_play(sts)["p4"]
    assert p4[0]["context"]["extensions"][f"{ext}/group"] is True and p4[0]["context"]["language"] == "vi"


def test_sending_again_is_harmless_same_ids_every_time(exported, tmp_path):
    db, sts = exported
    again = statements(load(db))
    assert [s["id"] for s in again] == [s["id"] for s in sts]
    # A store merged from several kiosks gives the same ids for the same plays.
    merged = tmp_path / "merged.sqlite3"
    assert main(["merge", str(db), "--into", str(merged)]) == 0
    assert {s["id"] for s in statements(load(merged))} == {s["id"] for s in sts}


def test_a_play_in_progress_has_no_final_statement_yet(tmp_path):
    db = make_store(tmp_path / "plays.sqlite3", {"p1": PLAYS["p1"]})
    live = RecordStore(db)
    live.start_play("live", "kiosk", "en", "alpha")
    sts = statements(load(db))
    assert [s["verb"]["id"].rsplit("/", 1)[1] for s in by_play(sts)["live"]] == ["launched"]
    live.close()


def test_an_empty_store_exports_an_empty_array(tmp_path):
    db = tmp_path / "plays.sqlite3"
    sqlite3.connect(db).close()
    RecordStore(db).close()
    out = tmp_path / "x.json"
    assert main(["report", "--db", str(db), "--xapi", str(out)]) == 0
    assert json.loads(out.read_text()) == []


def test_the_ralph_xapi_models_accept_every_statement(exported):
    models = pytest.importorskip("ralph.models.xapi.base.statements", reason="ralph-malph is not installed")
    _, sts = exported
    for st in sts:
        models.BaseXapiStatement(**st)
