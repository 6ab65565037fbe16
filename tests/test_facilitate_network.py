"""The vote server on a real classroom network, over real HTTP on loopback.

A laptop holding hundreds of slow connections, a class of phones behind one school
router or hotspot (one address), a phone whose answer got lost and which sends its
vote again, a student who clears the browser to vote twice. Every test is bounded by
socket timeouts and stops by itself; none measures time (speed lives in the bench).
"""

from __future__ import annotations

import socket

import pygame
import pytest
from apphelp import key
from facilitate_http import call, can_bind, raw

from game.facilitate.bench import open_slow_sockets
from game.facilitate.server import MAX_PHONES_PER_ADDRESS, VoteServer, file_limit
from game.facilitate.votes import VoteRoom

LABELS = ["Hang up", "Ask for their badge number", "Do what they say"]
OTHER = "127.0.0.2"  # a second client address, where the system has 127/8 (Linux)


@pytest.fixture
def room() -> VoteRoom:
    r = VoteRoom(code="K7MX", lang="en")
    r.open_step("s1", LABELS)
    return r


def vote(port, room, choice, device, vote_id=None, source=None):
    body = {"room": room.code, "step": room.question.seq, "choice": choice, "device": device}
    if vote_id is not None:
        body["vote_id"] = vote_id
    return call(port, "POST", "/vote", body, source=source)


def phone_loads_and_votes(port, room, device, choice, source=None) -> None:
    """What a phone does: load the page, ask for the state, tap."""
    page = call(port, "GET", f"/?r={room.code}", source=source)
    assert page.status == 200 and b"<script" in page.body
    state = call(port, "GET", f"/state?room={room.code}&device={device}", source=source)
    assert state.status == 200 and state.json["choices"] == LABELS
    answer = vote(port, room, choice, device, source=source)
    assert answer.status == 200, answer.body


def closed_by_server(s: socket.socket) -> bool:
    """True once the server has closed (or reset) this connection; waits at most the socket's timeout."""
    try:
        while True:
            data = s.recv(4096)
            if not data:
                return True
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


# -- slow sockets cannot lock anyone out ------------------------------------------------------


def test_a_thousand_slow_sockets_from_one_address_do_not_lock_out_a_phone(room):
    n = min(1000, file_limit(2400) - 400)  # each socket is a file at both ends
    with VoteServer(room, "127.0.0.1", 0) as server:
        slow = open_slow_sockets(server.port, n, "127.0.0.1")
        try:
            assert len(slow) == n, "the server accepts every connection (and drops the slow ones as more come)"
            phone_loads_and_votes(server.port, room, "phone-on-the-same-address", 0)
            if can_bind(OTHER):
                phone_loads_and_votes(server.port, room, "phone-on-another-address", 1, source=OTHER)
            assert server.evicted >= n - server.connections_per_address, "one address holds at most its cap"
        finally:
            for s in slow:
                s.close()
    assert sum(room.tally().phones) == (2 if can_bind(OTHER) else 1)


def test_a_request_must_arrive_whole_within_the_deadline(room):
    with VoteServer(room, "127.0.0.1", 0, request_deadline=0.5) as server:
        s = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        try:
            answer = b""
            # A byte every tenth of a second: the server answers 408 once the deadline passes.
            for byte in b"GET /state?room=K7MX HTTP/1.1\r\nHost: x\r\nX-Padding: " + b"x" * 200:
                try:
                    s.sendall(bytes([byte]))
                except OSError:
                    break
                s.settimeout(0.1)
                try:
                    answer += s.recv(4096)
                except TimeoutError:
                    continue
                except ConnectionResetError:
                    break
                if answer:
                    break
            s.settimeout(10)
            while answer and b"\r\n\r\n" not in answer:
                more = s.recv(4096)
                if not more:
                    break
                answer += more
        finally:
            s.close()
        assert answer.startswith(b"HTTP/1.0 408"), answer[:80]
        assert b'"too_slow"' in answer
        assert call(server.port, "GET", f"/state?room={room.code}").status == 200


def test_one_address_keeps_at_most_its_cap_of_open_connections(room):
    with VoteServer(room, "127.0.0.1", 0, connections_per_address=4) as server:
        idle = [socket.create_connection(("127.0.0.1", server.port), timeout=5) for _ in range(10)]
        try:
            phone_loads_and_votes(server.port, room, "phone-behind-the-flood", 2)
            for s in idle:
                s.settimeout(1)  # those still open wait for the 5-second deadline: no need to see it
            idle_closed = [closed_by_server(s) for s in idle]
            assert sum(idle_closed) >= 7, "the oldest waiting connections went to make room (4 may stay)"
            assert idle_closed[:6] == [True] * 6, "oldest first"
        finally:
            for s in idle:
                s.close()


@pytest.mark.skipif(not can_bind(OTHER), reason="needs a second loopback address (127.0.0.2)")
def test_when_the_server_is_full_the_heaviest_address_gives_way(room):
    with VoteServer(room, "127.0.0.1", 0, max_connections=16, connections_per_address=64) as server:
        idle = open_slow_sockets(server.port, 40, "127.0.0.1")
        try:
            phone_loads_and_votes(server.port, room, "phone-from-elsewhere", 0, source=OTHER)
            assert server.evicted >= 24
        finally:
            for s in idle:
                s.close()
    assert room.tally().phones == (1, 0, 0)


# -- phones behind one address count --------------------------------------------------------------


def test_sixty_phones_behind_one_address_are_all_counted_and_all_see_the_reveal(room):
    phones = [f"hotspot-phone-{i:03d}" for i in range(MAX_PHONES_PER_ADDRESS)]
    with VoteServer(room, "127.0.0.1", 0) as server:
        port = server.port
        for _ in range(2):  # every phone polls, as the page does every 1.5 s
            for device in phones:
                assert call(port, "GET", f"/state?room={room.code}&device={device}").status == 200
        answers = [vote(port, room, i % 3, device) for i, device in enumerate(phones)]
        assert [a.status for a in answers] == [200] * len(phones), [a.body for a in answers if a.status != 200][:3]
        assert room.tally().phones == (20, 20, 20)
        room.reveal()
        states = [call(port, "GET", f"/state?room={room.code}&device={device}") for device in phones]
        assert {s.status for s in states} == {200}
        assert {s.json["status"] for s in states} == {"revealed"}, "no phone left showing the open question"
        one_more = vote(port, room, 0, "hotspot-phone-extra")
        assert one_more.status == 429 and one_more.json["error"] == "too_many_devices"
    assert sum(room.tally().phones) == 60


def test_the_allowance_per_address_is_the_trainers_choice(room):
    with VoteServer(room, "127.0.0.1", 0, max_phones_per_address=2) as server:
        assert vote(server.port, room, 0, "open-wifi-phone-1").status == 200
        assert vote(server.port, room, 0, "open-wifi-phone-2").status == 200
        assert vote(server.port, room, 0, "open-wifi-phone-3").json["error"] == "too_many_devices"
    assert room.tally().phones == (2, 0, 0)


def test_one_phone_tapping_wildly_is_slowed_down_not_the_others(room):
    with VoteServer(room, "127.0.0.1", 0) as server:
        statuses = [vote(server.port, room, i % 3, "wild-tapper-0001").status for i in range(60)]
        assert 429 in statuses, "one device token has one phone's allowance"
        assert vote(server.port, room, 1, "calm-neighbour-01").status == 200, "the phone beside it (same address) still votes"
        too_fast = vote(server.port, room, 0, "wild-tapper-0001")
        assert too_fast.status == 429 and too_fast.json["error"] == "too_many_requests"


# -- a retry never counts twice -----------------------------------------------------------------


def test_a_retried_vote_is_counted_once(room):
    with VoteServer(room, "127.0.0.1", 0) as server:
        first = vote(server.port, room, 1, "phone-on-bad-wifi", vote_id="tap-0001-aaaa")
        again = vote(server.port, room, 1, "phone-on-bad-wifi", vote_id="tap-0001-aaaa")  # the answer was lost: the page retries
        assert first.status == again.status == 200
        assert "again" not in first.json and again.json == {"ok": True, "step": 1, "vote": 1, "again": True}
        assert room.tally().phones == (0, 1, 0)
        # A change of mind, then a late copy of the first tap: the later tap stands.
        assert vote(server.port, room, 2, "phone-on-bad-wifi", vote_id="tap-0002-bbbb").status == 200
        late = vote(server.port, room, 1, "phone-on-bad-wifi", vote_id="tap-0001-aaaa")
        assert late.status == 200 and late.json["vote"] == 2
        assert room.tally().phones == (0, 0, 1)
        # The next question: the same id is a new vote.
        seq = room.open_step("s2", ["Yes", "No"])
        body = {"room": room.code, "step": seq, "choice": 0, "device": "phone-on-bad-wifi", "vote_id": "tap-0001-aaaa"}
        answer = call(server.port, "POST", "/vote", body)
        assert answer.status == 200 and "again" not in answer.json
        assert room.tally().phones == (1, 0)


def test_a_bad_vote_id_is_refused(room):
    with VoteServer(room, "127.0.0.1", 0) as server:
        answer = vote(server.port, room, 0, "phone-0000001", vote_id="<script>")
        assert answer.status == 400 and answer.json["error"] == "bad_vote_id"
    assert room.tally().phones == (0, 0, 0)


# -- stuffing is visible --------------------------------------------------------------------------


def test_a_cleared_storage_revote_shows_in_the_projectors_phone_count():
    from test_facilitate_projector import projector, to_choosing
    from test_facilitate_projector import room as room_scene

    app = projector(scenario="fake-police-call", lang="en", join_url=None)
    with VoteServer(app.room, "127.0.0.1", 0) as server:
        app.setup.join_url = server.url
        to_choosing(app)
        key(app, pygame.K_PAGEDOWN)  # open the vote
        scene = room_scene(app)
        q = app.room.question
        for device in ("student-phone-first", "student-phone-after-clearing"):  # the same student, storage cleared
            body = {"room": app.room.code, "step": q.seq, "choice": 0, "device": device, "vote_id": "tap-0000-0001"}
            assert call(server.port, "POST", "/vote", body).status == 200
        app.frame()
        assert scene.drawn_total == 2
        assert scene.drawn_phones == "2 phones voted", "the trainer counts heads and sees one phone too many"


def test_the_phone_shows_the_projectors_decision_number_not_cancelled_votes():
    from test_facilitate_projector import projector, to_choosing

    app = projector(scenario="fake-police-call", lang="en", join_url=None)
    with VoteServer(app.room, "127.0.0.1", 0) as server:
        app.setup.join_url = server.url
        to_choosing(app)
        for _ in range(3):  # open the vote, cancel it (Page Up), three times over
            key(app, pygame.K_PAGEDOWN)
            key(app, pygame.K_PAGEUP)
        key(app, pygame.K_PAGEDOWN)
        state = call(server.port, "GET", f"/state?room={app.room.code}").json
        assert state["status"] == "open" and state["step"] == 4
        assert state["number"] == 1, "the projector says decision 1, so the phone says question 1"


def test_the_trainer_sets_the_phones_per_address_on_the_command_line(tmp_path, monkeypatch, capsys):
    from game import cli
    from game.facilitate.projector import ProjectorApp

    statuses = []

    def run(self):  # the projector is up: three phones behind one address vote
        port = int(self.join_url.split(":")[2].split("/")[0])
        seq = self.room.open_step("s1", LABELS)
        for i in range(3):
            body = {"room": self.room.code, "step": seq, "choice": 0, "device": f"hotspot-phone-{i:03d}"}
            statuses.append(call(port, "POST", "/vote", body).status)
        self.close()

    monkeypatch.setattr(ProjectorApp, "run", run)
    common = ["facilitate", "--vote-port", "0", "--vote-host", "127.0.0.1", "--windowed", "--size", "1280x720", "--data-dir", str(tmp_path)]
    assert cli.main([*common, "--mute", "--max-phones-per-address", "2"]) == 0
    assert statuses == [200, 200, 429]
    assert "up to 2 phones per network address" in capsys.readouterr().out
    assert cli.main([*common, "--max-phones-per-address", "0"]) == 2
    err = capsys.readouterr().err
    assert "--max-phones-per-address must be at least 1" in err and "Traceback" not in err


HOSTILE = {
    "a request line longer than 8 KiB": (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\n\r\n", b"431"),
    "a header longer than 8 KiB": (b"GET / HTTP/1.1\r\nX: " + b"a" * 9000 + b"\r\n\r\n", b"431"),
    "a hundred headers": (b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(100)) + b"\r\n", b"431"),
    "a header without a colon": (b"GET / HTTP/1.1\r\nbroken header\r\n\r\n", b"400"),
    "a folded header": (b"GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n", b"400"),
    "HTTP/2 in plain text": (b"GET / HTTP/2.0\r\n\r\n", b"505"),
    "two different lengths": (
        b"POST /vote HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\nContent-Type: application/json\r\n\r\n{}",
        b"400",
    ),
    "a negative length": (b"POST /vote HTTP/1.1\r\nContent-Length: -5\r\nContent-Type: application/json\r\n\r\n", b"400"),
    "an enormous length": (
        b"POST /vote HTTP/1.1\r\nContent-Length: 99999999999999999999\r\nContent-Type: application/json\r\n\r\n",
        b"413",
    ),
    "an empty request line": (b"\r\n\r\n", b"400"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_request_gets_a_clean_4xx_as_json_and_changes_nothing(room, name):
    data, status = HOSTILE[name]
    with VoteServer(room, "127.0.0.1", 0) as server:
        answer = raw(server.port, data)
        assert answer.startswith(b"HTTP/1.0 " + status + b" "), answer[:80]
        head, _, body = answer.partition(b"\r\n\r\n")
        assert b"Content-Security-Policy: default-src 'none'" in head and body.startswith(b'{"error": ')
        assert call(server.port, "GET", f"/state?room={room.code}").status == 200
    assert room.tally().phones == (0, 0, 0)


def test_a_body_cut_short_is_refused(room):
    with VoteServer(room, "127.0.0.1", 0) as server:
        s = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        s.sendall(b'POST /vote HTTP/1.1\r\nContent-Length: 90\r\nContent-Type: application/json\r\n\r\n{"room": "K7MX", ')
        s.shutdown(socket.SHUT_WR)
        answer = b"".join(iter(lambda: s.recv(65536), b""))
        s.close()
    assert answer.startswith(b"HTTP/1.0 400 ") and b'"incomplete"' in answer
    assert room.tally().phones == (0, 0, 0)
