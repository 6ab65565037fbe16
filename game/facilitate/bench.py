"""Benchmark figures of the phone vote: 200 phones voting at once over loopback.

`vote_p99_ms`: the 99th percentile of one vote's round trip (connect, POST, answer)
when every phone taps at the same moment; `votes_lost`: votes sent but not in the
count (must be 0). Each simulated phone has its own loopback address (127.1.x.y on
Linux), as phones on a LAN have, so the per-address limits apply as in a classroom.
The load test itself is reused by tests/test_facilitate_load.py.
"""

from __future__ import annotations

import http.client
import json
import secrets
import socket
import statistics
import threading
import time
from dataclasses import dataclass

from ..bench import register
from .server import RateLimiter, VoteServer
from .votes import VoteRoom

CHOICES = ("a", "b", "c", "d")


@dataclass(frozen=True)
class LoadResult:
    phones: int
    sent: int  # votes answered 200
    refused: int  # votes answered otherwise or not at all
    counted: int  # phone votes in the room's tally
    expected: tuple[int, ...]  # per choice, from what the phones sent
    counts: tuple[int, ...]  # per choice, as the room counted
    latencies_ms: tuple[float, ...]

    @property
    def lost(self) -> int:
        """Votes a phone sent that the room does not show (counted once each, on the right choice)."""
        return sum(abs(e - c) for e, c in zip(self.expected, self.counts, strict=True)) + self.refused

    @property
    def p99_ms(self) -> float:
        return _percentile(self.latencies_ms, 99)


def _percentile(values: tuple[float, ...] | list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))  # nearest rank
    return ordered[k]


def phone_addresses(n: int) -> list[str]:
    """A distinct loopback source address per phone, or 127.0.0.1 for all where the system has only that."""
    addresses = [f"127.1.{i // 250}.{i % 250 + 1}" for i in range(n)]
    try:
        with socket.socket() as s:
            s.bind((addresses[-1], 0))
    except OSError:  # e.g. macOS configures 127.0.0.1 only
        return ["127.0.0.1"] * n
    return addresses


def _vote(port: int, source: str, body: bytes, start: threading.Barrier, out: list, i: int) -> None:
    try:
        start.wait(timeout=30)
    except threading.BrokenBarrierError:
        pass
    t0 = time.perf_counter()
    status = 0
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20, source_address=(source, 0))
        try:
            conn.request("POST", "/vote", body, {"Content-Type": "application/json"})
            response = conn.getresponse()
            response.read()
            status = response.status
        finally:
            conn.close()
    except OSError:
        status = 0
    out[i] = (status, (time.perf_counter() - t0) * 1000)


def load_test(phones: int = 200, waves: int = 1) -> LoadResult:
    """`waves` questions in a row; on each, every phone votes at the same moment (one thread each)."""
    addresses = phone_addresses(phones)
    shared = len(set(addresses)) == 1
    room = VoteRoom()
    # With one shared address (no 127/8 on this system) the per-address limits would refuse the
    # simulated phones; a real room has one address per phone, which `addresses` gives on Linux.
    server = VoteServer(
        room,
        "127.0.0.1",
        0,
        limiter=RateLimiter(burst=1e9, rate=1e9) if shared else None,
        devices_per_address=phones if shared else 4,
    ).start()
    latencies: list[float] = []
    sent = refused = counted = 0
    expected_all = [0] * len(CHOICES)
    counts_all = [0] * len(CHOICES)
    try:
        for _ in range(waves):
            seq = room.open_step("load", list(CHOICES))
            devices = [secrets.token_urlsafe(16) for _ in range(phones)]
            picks = [secrets.randbelow(len(CHOICES)) for _ in range(phones)]
            out: list = [None] * phones
            barrier = threading.Barrier(phones)
            threads = []
            for i in range(phones):
                body = json.dumps({"room": room.code, "step": seq, "choice": picks[i], "device": devices[i]}).encode()
                t = threading.Thread(target=_vote, args=(server.port, addresses[i], body, barrier, out, i), daemon=True)
                threads.append(t)
                t.start()
            for t in threads:
                t.join(timeout=60)
            tally = room.tally()
            for i, result in enumerate(out):
                status, ms = result if result else (0, float("nan"))
                if status == 200:
                    sent += 1
                    expected_all[picks[i]] += 1
                    latencies.append(ms)
                else:
                    refused += 1
            counted += sum(tally.phones)
            for c, n in enumerate(tally.phones):
                counts_all[c] += n
    finally:
        server.stop()
    return LoadResult(phones, sent, refused, counted, tuple(expected_all), tuple(counts_all), tuple(latencies))


def facilitate_figures() -> dict[str, float]:
    result = load_test(200, waves=3)
    return {
        "vote_p99_ms": round(result.p99_ms, 1),
        "vote_p50_ms": round(statistics.median(result.latencies_ms), 1) if result.latencies_ms else float("nan"),
        "votes_lost": result.lost,
    }


register("facilitate", facilitate_figures)
