"""The phone vote server over real HTTP on loopback: votes count, bad requests change nothing."""

from __future__ import annotations

import json
import re
import socket
import struct
import threading
import time

import pytest
from facilitate_http import call, can_bind, raw

from game.facilitate.server import RateLimiter, VoteServer, lan_address
from game.facilitate.votes import VoteRoom

DEV_A = "phoneAAAA1111"
DEV_B = "phoneBBBB2222"


@pytest.fixture
def room() -> VoteRoom:
    r = VoteRoom(code="K7MX", lang="en")
    r.open_step("s1", ["Hang up", "Ask for their badge number", "Do what they say"])
    return r


@pytest.fixture
def server(room):
    srv = VoteServer(room, "127.0.0.1", 0).start()
    yield srv
    srv.stop()


def vote(server, choice=0, device=DEV_A, step=None, room_code=None, **extra):
    body = {
        "room": room_code or server.room.code,
        "step": step if step is not None else server.room.question.seq,
        "choice": choice,
        "device": device,
        **extra,
    }
    return call(server.port, "POST", "/vote", body)


def snapshot(room: VoteRoom):
    return room.tally(), room.status, room.public_state(DEV_A), room.public_state(DEV_B)


# -- votes that count -------------------------------------------------------------------------


def test_a_vote_changes_the_count(server, room):
    answer = vote(server, 1)
    assert answer.status == 200, answer.body
    assert answer.json == {"ok": True, "step": 1, "vote": 1}
    assert room.tally().phones == (0, 1, 0)


def test_a_device_may_change_its_vote_until_the_reveal(server, room):
    assert vote(server, 2).status == 200
    assert vote(server, 0).status == 200
    assert room.tally().phones == (1, 0, 0)
    state = call(server.port, "GET", f"/state?room={room.code}&device={DEV_A}").json
    assert state["vote"] == 0
    room.reveal()
    assert vote(server, 1).status == 409
    assert room.tally().phones == (1, 0, 0)


def test_one_vote_per_device_per_step(server, room):
    for _ in range(3):
        assert vote(server, 1).status == 200
    assert vote(server, 1, device=DEV_B).status == 200
    assert room.tally().phones == (0, 2, 0)
    seq = room.open_step("s2", ["Yes", "No"])  # a new step: the same phone votes again
    assert vote(server, 0, step=seq).status == 200
    assert room.tally().phones == (1, 0)


def test_room_code_is_not_case_sensitive(server, room):
    assert vote(server, 0, room_code=room.code.lower()).status == 200
    assert room.tally().phones == (1, 0, 0)


# -- what a phone may see ------------------------------------------------------------------------


def test_state_shows_choices_but_never_counts_before_the_reveal(server, room):
    vote(server, 2, device=DEV_B)
    state = call(server.port, "GET", f"/state?room={room.code}&device={DEV_A}")
    assert state.status == 200
    assert state.headers["cache-control"] == "no-store"
    data = state.json
    assert data["choices"] == ["Hang up", "Ask for their badge number", "Do what they say"]
    assert data["status"] == "open" and data["step"] == 1 and data["vote"] is None
    assert "counts" not in data and "majority" not in data
    room.close()
    assert "counts" not in call(server.port, "GET", f"/state?room={room.code}").json
    room.reveal()
    revealed = call(server.port, "GET", f"/state?room={room.code}").json
    assert revealed["status"] == "revealed" and revealed["counts"] == [0, 0, 1] and revealed["majority"] == 2


def test_the_page_is_served_with_a_nonce_csp_and_no_outside_resources(server):
    page = call(server.port, "GET", f"/?r={server.room.code}")
    assert page.status == 200
    assert page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    nonce = re.search(r"script-src 'nonce-([A-Za-z0-9_-]+)'", csp).group(1)
    html = page.body.decode("utf-8")
    assert f'<script nonce="{nonce}">' in html and f'<style nonce="{nonce}">' in html
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert not re.search(r"(src|href)=\"?(https?:)?//", html), "the page must load nothing from elsewhere"
    assert "innerHTML" not in html and "insertAdjacentHTML" not in html and "document.write" not in html
    again = call(server.port, "GET", "/")
    assert again.headers["content-security-policy"] != csp, "a fresh nonce for every page"


def test_every_answer_has_the_security_headers(server):
    for method, path in (("GET", "/"), ("GET", f"/state?room={server.room.code}"), ("GET", "/nope")):
        answer = call(server.port, method, path)
        assert answer.headers["x-content-type-options"] == "nosniff", path
        assert "content-security-policy" in answer.headers, path
        assert answer.headers["cache-control"] == "no-store", path
        assert "python" not in answer.headers.get("server", "").lower()


def test_choice_labels_reach_the_phone_as_json_data_only(room, server):
    room.open_step("s2", ['<img src=x onerror="alert(1)">', "</script><script>alert(2)</script>"])
    state = call(server.port, "GET", f"/state?room={room.code}")
    assert state.headers["content-type"].startswith("application/json")
    assert state.json["choices"][0] == '<img src=x onerror="alert(1)">'
    page = call(server.port, "GET", "/").body.decode("utf-8")
    assert "onerror" not in page and "alert(" not in page


# -- bad requests: a clear 4xx, nothing changed ------------------------------------------------


def _bad_requests(server, room):
    code, seq, port = room.code, room.question.seq, server.port

    def post(body, headers=None):
        return call(port, "POST", "/vote", body, headers)

    good = {"room": code, "step": seq, "choice": 0, "device": DEV_A}
    json_ct = {"Content-Type": "application/json"}
    return [
        ("unknown choice", 400, "unknown_choice", lambda: post({**good, "choice": 3})),
        ("negative choice", 400, "unknown_choice", lambda: post({**good, "choice": -1})),
        ("choice as text", 400, "bad_choice", lambda: post({**good, "choice": "0"})),
        ("choice as a boolean", 400, "bad_choice", lambda: post({**good, "choice": True})),
        ("choice as a float", 400, "bad_choice", lambda: post({**good, "choice": 0.0})),
        ("old step", 409, "old_step", lambda: post({**good, "step": seq - 1})),
        ("future step", 409, "old_step", lambda: post({**good, "step": seq + 1})),
        ("wrong room", 404, "wrong_room", lambda: post({**good, "room": "ZZZZ"})),
        ("room not a string", 404, "wrong_room", lambda: post({**good, "room": 1234})),
        ("bad device token", 400, "bad_device", lambda: post({**good, "device": "<script>"})),
        ("short device token", 400, "bad_device", lambda: post({**good, "device": "abc"})),
        ("malformed JSON", 400, "malformed_json", lambda: post('{"room": "' + code + '", "step": ', json_ct)),
        ("not UTF-8", 400, "malformed_json", lambda: post(b'{"room": "\xff\xfe"}', json_ct)),
        ("deeply nested JSON", 400, None, lambda: post("[" * 500 + "]" * 500, json_ct)),
        ("unclosed deep nesting", 400, "malformed_json", lambda: post("[" * 1020, json_ct)),
        ("JSON list", 400, "bad_vote", lambda: post("[1, 2, 3]", json_ct)),
        ("missing field", 400, "bad_vote", lambda: post({"room": code, "step": seq, "choice": 0})),
        ("empty body", 400, "malformed_json", lambda: post(b"", json_ct)),
        ("too large", 413, "too_large", lambda: post({**good, "pad": "x" * 2000})),
        ("not JSON content type", 415, "not_json", lambda: post(json.dumps(good), {"Content-Type": "text/plain"})),
        ("GET /vote", 405, "method_not_allowed", lambda: call(port, "GET", "/vote")),
        ("POST /state", 405, "method_not_allowed", lambda: call(port, "POST", f"/state?room={code}", good)),
        ("PUT /vote", 405, "method_not_allowed", lambda: call(port, "PUT", "/vote", good)),
        ("DELETE /", 405, "method_not_allowed", lambda: call(port, "DELETE", "/")),
        ("unknown path", 404, "not_found", lambda: call(port, "GET", "/admin")),
        ("path beside a route", 404, "not_found", lambda: call(port, "POST", "/vote/", good)),
        ("path traversal", 404, "not_found", lambda: call(port, "GET", "/../../etc/passwd")),
        ("state for a wrong room", 404, "wrong_room", lambda: call(port, "GET", "/state?room=ZZZZ")),
        ("state with a bad device", 400, "bad_device", lambda: call(port, "GET", f"/state?room={code}&device=%3Cb%3E")),
    ]


def test_every_bad_request_gets_its_4xx_and_changes_nothing(server, room):
    assert vote(server, 1, device=DEV_B).status == 200  # something to keep
    before = snapshot(room)
    cases = _bad_requests(server, room)
    for name, status, error, send in cases:
        answer = send()
        assert answer.status == status, f"{name}: {answer.status} {answer.body[:200]!r}"
        assert answer.headers["content-type"].startswith("application/json"), name
        data = answer.json
        assert data["message"], name
        if error:
            assert data["error"] == error, f"{name}: {data}"
        assert snapshot(room) == before, f"{name} changed the vote"


def test_a_vote_on_a_closed_step_is_refused_and_changes_nothing(server, room):
    vote(server, 1, device=DEV_B)
    room.close()
    before = snapshot(room)
    answer = vote(server, 0)
    assert answer.status == 409 and answer.json["error"] == "closed"
    assert snapshot(room) == before
    room.reopen()
    assert vote(server, 0).status == 200


def test_wrong_method_names_the_allowed_one(server):
    answer = call(server.port, "GET", "/vote")
    assert answer.status == 405 and answer.headers["allow"] == "POST"


def test_requests_without_a_length_or_chunked_are_refused(server, room):
    before = snapshot(room)
    no_length = raw(server.port, b"POST /vote HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\r\n")
    assert no_length.startswith(b"HTTP/1.0 411")
    chunked = raw(
        server.port,
        b"POST /vote HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n5\r\n{}   \r\n0\r\n\r\n",
    )
    assert chunked.startswith(b"HTTP/1.0 411")
    garbage = raw(server.port, b"\x16\x03\x01 not http at all\r\n\r\n")
    assert garbage.split(b" ")[1].startswith(b"4")
    unknown_method = raw(server.port, b"BREW /vote HTTP/1.1\r\nHost: x\r\n\r\n")
    assert unknown_method.startswith(b"HTTP/1.0 405")
    assert snapshot(room) == before


def test_too_many_requests_from_one_address_get_429_and_change_nothing(room):
    srv = VoteServer(room, "127.0.0.1", 0, limiter=RateLimiter(rate=0.001, burst=3)).start()
    try:
        answers = [vote(srv, i % 3, device=f"device-{i:05d}") for i in range(6)]
        assert [a.status for a in answers[:3]] == [200, 200, 200]
        assert {a.status for a in answers[3:]} == {429}
        assert answers[3].json["error"] == "too_many_requests" and answers[3].headers["retry-after"]
        assert room.tally().phones == (1, 1, 1)
        assert call(srv.port, "GET", "/").status == 429  # every route is limited
    finally:
        srv.stop()
    assert len(srv.limiter) == 0, "client addresses are forgotten when the server stops"


def test_one_address_cannot_stuff_the_vote_with_many_devices(room):
    srv = VoteServer(room, "127.0.0.1", 0, max_phones_per_address=2).start()
    try:
        assert vote(srv, 0, device="device-00001").status == 200
        assert vote(srv, 0, device="device-00002").status == 200
        stuffed = vote(srv, 0, device="device-00003")
        assert stuffed.status == 429 and stuffed.json["error"] == "too_many_devices"
        assert vote(srv, 1, device="device-00001").status == 200, "a device already counted may still change its vote"
        assert room.tally().phones == (1, 1, 0)
        if can_bind("127.0.0.2"):
            body = {"room": room.code, "step": 1, "choice": 2, "device": "device-00003"}
            assert call(srv.port, "POST", "/vote", body, source="127.0.0.2").status == 200
            assert room.tally().phones == (1, 1, 1)
    finally:
        srv.stop()


# -- the server's life ---------------------------------------------------------------------------


def test_the_server_logs_nothing(server, room, capfd):
    vote(server, 0)
    call(server.port, "GET", "/nope")
    raw(server.port, b"garbage\r\n\r\n")
    # A phone that drops the connection mid-body (a reset, not a clean close).
    s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    s.sendall(b"POST /vote HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{")
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()
    call(server.port, "GET", f"/state?room={room.code}")  # the server still answers
    time.sleep(0.2)  # let the dropped request's thread finish (and print, if it were going to)
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_the_server_stops_cleanly(room):
    srv = VoteServer(room, "127.0.0.1", 0).start()
    port = srv.port
    assert call(port, "GET", f"/state?room={room.code}").status == 200
    assert srv.running
    srv.stop()
    assert not srv.running
    assert not [t for t in threading.enumerate() if t.name == "vote-server"]
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    srv.stop()  # a second stop is harmless


def test_url_holds_the_address_port_and_room(server, room):
    assert server.url == f"http://127.0.0.1:{server.port}/?r={room.code}"
    wildcard = lan_address("0.0.0.0")
    assert wildcard not in ("0.0.0.0", "") and socket.inet_aton(wildcard)


def test_a_port_in_use_gives_a_clear_error(room, server):
    from game.facilitate.server import VoteServerError

    with pytest.raises(VoteServerError, match=str(server.port)):
        VoteServer(room, "127.0.0.1", server.port).start()
