"""The phone vote server: the participant page and the vote endpoint, on the LAN, nothing else.

Started by the trainer only (`facilitate --vote-port PORT [--vote-host ADDR]`), it serves
exactly:

    GET  /                           the participant page
    GET  /state?room=CODE&device=ID  the question up now, whether voting is open,
                                     this device's vote; counts only after the reveal
    POST /vote                       JSON {room, step, choice, device[, vote_id]}

Everything else is 404 (405 for a known path with the wrong method). Every answer is
JSON except the page. A bad request gets a clear 4xx and changes nothing.

Why an asyncio event loop (one thread) and not a thread per connection: a connection
that sends a byte every few seconds costs a thread, and a capped thread pool can be
filled by one laptop, which then locks every phone out. Here an idle connection costs
a file descriptor and a few hundred bytes, the accept loop never waits on a client,
and the limits below are enforced when a connection arrives, before it has sent a byte:

- a deadline for the whole request (line, headers and body): REQUEST_DEADLINE seconds;
- at most `connections_per_address` open connections per client address, and at most
  `max_connections` in all (sized for a hall, and kept below the process's file limit);
- when either cap is reached, the newcomer is let in and the oldest connection that is
  still sending its request is dropped (from the address with the most connections):
  a phone's request arrives in one packet and is answered at once, so the connections
  that wait are the slow ones, and a flood of them only pushes out its own kind.

Phones behind one address (a school access point in router mode, a teacher's hotspot)
are told apart by the random device token their page keeps: requests are rate limited
per device token, and per address with an allowance for `max_phones_per_address`
phones (60 by default); at most that many devices may vote from one address on one
question. Votes carry a vote id the page makes per tap; a retry of it (the answer was
lost on bad Wi-Fi) is answered without counting again, and a late retry of an earlier
tap never overrides a later one.

Privacy: client addresses and device tokens live in memory only, for the limits, and
are forgotten when the server stops; nothing is logged. Answers carry a strict
Content-Security-Policy.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import secrets
import socket
import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from .page import render_page
from .votes import DEVICE_RE, VoteError, VoteRoom, normalise_code

log = logging.getLogger(__name__)

MAX_BODY = 1024  # a vote is about 150 bytes
MAX_HEAD = 8 * 1024  # request line and headers
MAX_HEADERS = 64
REQUEST_DEADLINE = 5.0  # seconds for the whole request: a phone on poor Wi-Fi needs well under one
LINGER = 5.0  # after the answer, how long the rest of a refused body may still be read and dropped
MAX_CONNECTIONS = 2000  # open connections in all: a hall of 1,000 phones polling and voting
CONNECTIONS_PER_ADDRESS = 64  # open connections per client address: 60 phones behind one NAT, not a flood
MAX_PHONES_PER_ADDRESS = 60  # devices voting per address and question: a class behind one school router
DEVICE_RATE, DEVICE_BURST = 4.0, 24.0  # per device token: a phone polls every 1.5 s and taps a few times
ADDRESS_RATE_PER_PHONE, ADDRESS_BURST_PER_PHONE = 2.0, 8.0  # per address, times max_phones_per_address
FD_RESERVE = 256  # file descriptors left for the game itself (fonts, sounds, the record)
VOTE_IDS_KEPT = 16  # per device and question: enough to recognise any retry a page can still send

_TOKEN = re.compile(rb"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
_VERSION = re.compile(rb"^HTTP/(\d)\.(\d)$")
VOTE_ID_RE = DEVICE_RE  # the page makes vote ids like device tokens

REASONS = {
    200: "OK",
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
    408: "Request Timeout",
    409: "Conflict",
    411: "Length Required",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    429: "Too Many Requests",
    431: "Request Header Fields Too Large",
    503: "Service Unavailable",
    505: "HTTP Version Not Supported",
}

_BUSY_BODY = b'{"error": "busy", "message": "the vote server is busy; try again"}'
BUSY_ANSWER = (
    b"HTTP/1.0 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\n"
    b"Content-Length: " + str(len(_BUSY_BODY)).encode() + b"\r\nRetry-After: 2\r\nCache-Control: no-store\r\n"
    b"X-Content-Type-Options: nosniff\r\nContent-Security-Policy: default-src 'none'\r\nConnection: close\r\n\r\n" + _BUSY_BODY
)


class VoteServerError(Exception):
    """The server cannot start (e.g. the port is taken)."""


class RateLimiter:
    """A token bucket per key (a client address or a device token), in memory only.

    Memory is bounded: beyond `max_clients` keys, the least recently seen go.
    The default suits one phone; the server scales the per-address one to the phones
    allowed behind an address.
    """

    def __init__(self, rate: float = DEVICE_RATE, burst: float = DEVICE_BURST, max_clients: int = 8192, clock=time.monotonic) -> None:
        self.rate = rate
        self.burst = burst
        self.max_clients = max_clients
        self.clock = clock
        self._lock = threading.Lock()
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key -> (tokens, when)

    def allow(self, key: str) -> bool:
        now = self.clock()
        with self._lock:
            tokens, when = self._buckets.pop(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - when) * self.rate)
            allowed = tokens >= 1.0
            if allowed:
                tokens -= 1.0
            self._buckets[key] = (tokens, now)  # most recent last
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
            return allowed

    def clear(self) -> None:
        with self._lock:
            self._buckets.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._buckets)


def lan_address(bound_host: str) -> str:
    """The address phones on the LAN can reach this machine at.

    A specific bound address is that address. For a wildcard bind, a UDP socket is
    "connected" to a private address: that only asks the kernel which local address it
    would route from; no packet is sent. Without a route, loopback.
    """
    if bound_host not in ("", "0.0.0.0", "::"):
        return bound_host
    family = socket.AF_INET6 if bound_host == "::" else socket.AF_INET
    probe = "fd00::1" if family == socket.AF_INET6 else "10.254.254.254"
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as s:
            s.connect((probe, 9))
            address = s.getsockname()[0]
    except OSError:
        address = ""
    if not address or address in ("0.0.0.0", "::"):
        return "::1" if family == socket.AF_INET6 else "127.0.0.1"
    return address


def file_limit(wanted: int) -> int:
    """Raise this process's open-file limit towards `wanted` if the system allows; returns the limit now.

    Many desktops start programs with a soft limit of 1,024 files, fewer than a hall's
    phones need; the hard limit is usually far higher and a process may raise itself to it.
    """
    try:
        import resource
    except ImportError:  # Windows: no such limit on sockets
        return wanted
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    return wanted if soft == resource.RLIM_INFINITY else int(soft)


@dataclass
class Request:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes = b""


@dataclass
class Answer:
    status: int
    data: dict | bytes  # JSON, or the page's HTML
    extra: dict[str, str] = field(default_factory=dict)
    nonce: str | None = None


def _error(status: int, code: str, message: str, extra: dict[str, str] | None = None) -> Answer:
    return Answer(status, {"error": code, "message": message}, dict(extra or {}))


def _security_headers(nonce: str | None) -> dict[str, str]:
    source = f"'nonce-{nonce}'" if nonce else "'none'"
    return {
        "Content-Security-Policy": (
            f"default-src 'none'; script-src {source}; style-src {source}; connect-src 'self'; "
            "img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        ),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "Cross-Origin-Resource-Policy": "same-origin",
        "Cache-Control": "no-store",
    }


def encode_answer(answer: Answer, with_body: bool = True) -> bytes:
    """The bytes of an HTTP/1.0 answer (one request per connection: simple, and nothing lingers)."""
    if isinstance(answer.data, bytes):
        body, ctype = answer.data, "text/html; charset=utf-8"
    else:
        body, ctype = json.dumps(answer.data, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8"
    headers = {
        "Server": "NotAlone",  # no Python version in the Server header
        "Content-Type": ctype,
        "Content-Length": str(len(body)),
        **_security_headers(answer.nonce),
        **answer.extra,
        "Connection": "close",
    }
    head = f"HTTP/1.0 {answer.status} {REASONS.get(answer.status, 'Error')}\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    return head.encode("latin-1") + (body if with_body else b"")


# Connection states
READING = "reading"  # the request is still arriving: may be dropped for a newcomer
ANSWERED = "answered"  # the answer is written; the rest of the input is read and dropped
GONE = "gone"


class _Connection(asyncio.Protocol):
    """One client connection: read one request within the deadline, answer it, close."""

    def __init__(self, hub: _Hub) -> None:
        self.hub = hub
        self.state = READING
        self.address = "?"
        self.buf = bytearray()
        self.request: Request | None = None
        self.need = 0  # body bytes still to come
        self.transport: asyncio.Transport | None = None
        self.timer: asyncio.TimerHandle | None = None

    # -- asyncio's calls ----------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        peer = transport.get_extra_info("peername")
        self.address = str(peer[0]) if peer else "?"
        if not self.hub.admit(self):
            self.state = GONE
            transport.write(BUSY_ANSWER)  # type: ignore[attr-defined]
            transport.close()
            return
        self.timer = self.hub.loop.call_later(self.hub.app.request_deadline, self._too_slow)

    def data_received(self, data: bytes) -> None:
        if self.state != READING:
            return  # the answer is out: the rest of a refused body is dropped
        self.buf += data
        try:
            self._advance()
        except Exception:  # noqa: BLE001 - a bug must cost one answer, never the server
            log.debug("vote server: a request failed", exc_info=True)
            self.answer(_error(400, "bad_request", "bad request"))

    def eof_received(self) -> bool:
        if self.state == READING:
            if self.request is not None:
                self.answer(_error(400, "incomplete", "the request body ended early"))
            else:
                self.close()
        return False  # asyncio closes the transport

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_timer()
        if self.state != GONE:
            self.state = GONE
            self.hub.forget(self)

    # -- the request ---------------------------------------------------------------------

    def _advance(self) -> None:
        if self.request is None:
            self._read_head()
        if self.request is not None and self.state == READING and len(self.buf) >= self.need:
            self.request.body = bytes(self.buf[: self.need])
            self.answer(self.hub.app.handle(self.request, self.address))

    def _read_head(self) -> None:
        buf = self.buf
        first_end = buf.find(b"\n")
        if first_end < 0:
            if len(buf) > MAX_HEAD:
                self.answer(_error(431, "bad_request", "the request line is too long"))
            return
        line = bytes(buf[:first_end]).rstrip(b"\r")
        words = line.split()
        if len(words) == 2:  # HTTP/0.9: no version, no headers; answered as 1.0 (with every header)
            head_end, lines = first_end + 1, []
        else:
            end = buf.find(b"\r\n\r\n")
            alt = buf.find(b"\n\n")
            candidates = [(e, n) for e, n in ((end, 4), (alt, 2)) if e >= 0]
            if not candidates:
                if len(buf) > MAX_HEAD:
                    self.answer(_error(431, "headers_too_large", "the request headers are too long"))
                return
            e, n = min(candidates)
            if e > MAX_HEAD:
                self.answer(_error(431, "headers_too_large", "the request headers are too long"))
                return
            head_end = e + n
            lines = bytes(buf[first_end + 1 : e]).split(b"\n") if e > first_end else []
        if len(words) == 3:
            match = _VERSION.match(words[2])
            if match is None:
                self.answer(_error(400, "bad_request", "bad request version"))
                return
            if match.group(1) != b"1":
                self.answer(_error(505, "bad_version", "use HTTP/1.0 or HTTP/1.1"))
                return
        elif not (len(words) == 2 and words[0] == b"GET"):
            self.answer(_error(400, "bad_request", "bad request line"))
            return
        method, target = words[0], words[1]
        if not _TOKEN.match(method):
            self.answer(_error(400, "bad_request", "bad request method"))
            return
        if len(lines) > MAX_HEADERS:
            self.answer(_error(431, "headers_too_large", "too many headers"))
            return
        headers: dict[str, str] = {}
        for raw in lines:
            raw = raw.rstrip(b"\r")
            name, sep, value = raw.partition(b":")
            if not sep or not _TOKEN.match(name):
                self.answer(_error(400, "bad_request", "bad header line"))
                return
            key = name.decode("ascii").lower()
            text = value.strip().decode("latin-1")
            if key in headers and key in ("content-length", "transfer-encoding", "host"):
                if headers[key] != text:
                    self.answer(_error(400, "bad_request", f"two different {key} headers"))
                    return
            headers[key] = text
        path, _, query = target.decode("latin-1").partition("?")
        self.request = Request(method.decode("ascii"), path, query, headers)
        del buf[:head_end]
        self.need = self.hub.app.body_length(self.request)
        if self.need < 0:  # the answer does not depend on a body: give it now (the body is dropped)
            self.need = 0
            self.answer(self.hub.app.handle(self.request, self.address, body_read=False))

    # -- the answer ------------------------------------------------------------------------

    def answer(self, answer: Answer) -> None:
        if self.state != READING or self.transport is None:
            return
        self._cancel_timer()
        self.state = ANSWERED
        method = self.request.method if self.request is not None else "GET"
        self.transport.write(encode_answer(answer, with_body=method != "HEAD"))
        if self.transport.can_write_eof():
            # Half-close: the phone reads the whole answer, while whatever it still sends (a
            # refused body) is read and dropped, so the kernel does not reset the answer away.
            self.transport.write_eof()
            self.timer = self.hub.loop.call_later(LINGER, self.close)
        else:
            self.transport.close()

    def _too_slow(self) -> None:
        self.timer = None
        self.answer(_error(408, "too_slow", f"send the whole request within {self.hub.app.request_deadline:g} seconds"))

    def close(self) -> None:
        """Drop the connection now (evicted, or lingered long enough)."""
        self._cancel_timer()
        if self.state != GONE:
            self.state = GONE
            self.hub.forget(self)
        if self.transport is not None:
            self.transport.abort()

    def _cancel_timer(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None


class _Hub:
    """The open connections, by address, oldest first: admits newcomers, picks whom to drop."""

    def __init__(self, app: VoteServer, loop: asyncio.AbstractEventLoop, max_connections: int) -> None:
        self.app = app
        self.loop = loop
        self.max_connections = max_connections
        self.by_address: dict[str, OrderedDict[int, _Connection]] = {}
        self.total = 0
        self.evicted = 0  # connections dropped for a newcomer (for tests and the bench)

    def admit(self, conn: _Connection) -> bool:
        mine = self.by_address.get(conn.address)
        if mine is not None and len(mine) >= self.app.connections_per_address:
            if not self._drop_oldest(mine):
                return False
        if self.total >= self.max_connections:
            heaviest = max(self.by_address.values(), key=len, default=None)
            if heaviest is None or not self._drop_oldest(heaviest):
                return False
        self.by_address.setdefault(conn.address, OrderedDict())[id(conn)] = conn
        self.total += 1
        return True

    def _drop_oldest(self, conns: OrderedDict[int, _Connection]) -> bool:
        """Drop the oldest connection already answered, else the oldest still sending its request."""
        for wanted in (ANSWERED, READING):
            for conn in conns.values():
                if conn.state == wanted:
                    conn.close()
                    if wanted == READING:
                        self.evicted += 1
                    return True
        return False

    def forget(self, conn: _Connection) -> None:
        conns = self.by_address.get(conn.address)
        if conns is not None and conns.pop(id(conn), None) is not None:
            self.total -= 1
            if not conns:
                del self.by_address[conn.address]

    def close_all(self) -> None:
        for conns in list(self.by_address.values()):
            for conn in list(conns.values()):
                conn.close()


class VoteServer:
    """The vote server for one room. start() binds and serves in a thread; stop() ends it."""

    def __init__(
        self,
        room: VoteRoom,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        max_body: int = MAX_BODY,
        limiter: RateLimiter | None = None,
        device_limiter: RateLimiter | None = None,
        max_phones_per_address: int = MAX_PHONES_PER_ADDRESS,
        max_connections: int = MAX_CONNECTIONS,
        connections_per_address: int | None = None,
        request_deadline: float = REQUEST_DEADLINE,
    ) -> None:
        if max_phones_per_address < 1:
            raise ValueError("--max-phones-per-address must be at least 1")
        self.room = room
        self.host = host
        self.requested_port = port
        self.max_body = max_body
        self.max_phones_per_address = max_phones_per_address
        phones = max_phones_per_address
        # Per address: the allowance of `phones` phones; per device token: one phone's.
        self.limiter = limiter if limiter is not None else RateLimiter(ADDRESS_RATE_PER_PHONE * phones, ADDRESS_BURST_PER_PHONE * phones)
        self.device_limiter = device_limiter if device_limiter is not None else RateLimiter(DEVICE_RATE, DEVICE_BURST, max_clients=20_000)
        self.max_connections = max_connections
        # Open connections per address: room for every phone allowed behind it to be mid-request at once.
        self.connections_per_address = connections_per_address or max(CONNECTIONS_PER_ADDRESS, phones + 4)
        self.request_deadline = request_deadline
        self._sock: socket.socket | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._hub: _Hub | None = None
        self._thread: threading.Thread | None = None
        self._cap_lock = threading.Lock()
        self._cap_seq = -1
        self._devices_by_address: dict[str, set[str]] = {}
        self._vote_ids: dict[str, deque[str]] = {}  # device -> vote ids taken on this question, newest last

    # -- life -------------------------------------------------------------------------------

    def start(self) -> VoteServer:
        if self._thread is not None:
            return self
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        try:
            sock = socket.create_server((self.host, self.requested_port), family=family, backlog=1024)
        except OSError as err:
            raise VoteServerError(f"cannot start the vote server on {self.host}:{self.requested_port}: {err.strerror or err}") from err
        sock.setblocking(False)
        files = file_limit(self.max_connections + FD_RESERVE)
        loop = asyncio.new_event_loop()
        loop.set_exception_handler(_quiet)
        hub = _Hub(self, loop, max(16, min(self.max_connections, files - FD_RESERVE)))
        ready = threading.Event()

        failed: list[BaseException] = []

        def serve() -> None:
            asyncio.set_event_loop(loop)
            try:
                server = loop.run_until_complete(loop.create_server(lambda: _Connection(hub), sock=sock, backlog=1024))
            except Exception as err:  # noqa: BLE001 - reported to start()'s caller
                failed.append(err)
                loop.close()
                return
            finally:
                ready.set()
            try:
                loop.run_forever()
            finally:
                server.close()
                hub.close_all()
                loop.run_until_complete(asyncio.sleep(0))  # let the dropped connections finish
                loop.close()

        self._sock, self._loop, self._hub = sock, loop, hub
        self._thread = threading.Thread(target=serve, name="vote-server", daemon=True)
        self._thread.start()
        ready.wait(timeout=10)
        if failed:
            self.stop()
            raise VoteServerError(f"cannot start the vote server on {self.host}:{self.requested_port}: {failed[0]}")
        return self

    def stop(self) -> None:
        """Stop serving, close the socket, forget every client address and device."""
        loop, thread, sock = self._loop, self._thread, self._sock
        self._loop = self._thread = self._sock = None
        if loop is not None and thread is not None and thread.is_alive():
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=5)
        if sock is not None:
            sock.close()
        self.limiter.clear()
        self.device_limiter.clear()
        with self._cap_lock:
            self._devices_by_address.clear()
            self._vote_ids.clear()
            self._cap_seq = -1

    def __enter__(self) -> VoteServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def port(self) -> int:
        if self._sock is None:
            raise VoteServerError("the vote server is not running")
        return self._sock.getsockname()[1]

    @property
    def url(self) -> str:
        """What the QR code holds: http://<LAN address>:<port>/?r=<room code>."""
        address = lan_address(self.host)
        if ":" in address:
            address = f"[{address}]"
        return f"http://{address}:{self.port}/?r={self.room.code}"

    @property
    def evicted(self) -> int:
        """Connections dropped so far to let a newcomer in (slow ones, still sending their request)."""
        return self._hub.evicted if self._hub is not None else 0

    # -- requests (called on the server's thread) ------------------------------------------

    def body_length(self, req: Request) -> int:
        """How many body bytes the answer needs (-1: none, answer at once)."""
        if req.path != "/vote" or req.method != "POST":
            return -1
        if req.headers.get("transfer-encoding") is not None:
            return -1
        try:
            length = int(req.headers.get("content-length", ""))
        except ValueError:
            return -1
        return length if 0 <= length <= self.max_body else -1

    def handle(self, req: Request, address: str, body_read: bool = True) -> Answer:
        if not self.limiter.allow(address):
            return _error(429, "too_many_requests", "too many requests from this network; wait a moment", {"Retry-After": "2"})
        routes = {"/": ("GET", self._page), "/state": ("GET", self._state), "/vote": ("POST", self._vote)}
        route = routes.get(req.path)
        if route is None:
            return _error(404, "not_found", "nothing here")
        method, handler = route
        if req.method != method:
            return _error(405, "method_not_allowed", f"use {method} for {req.path}", {"Allow": method})
        return handler(req, address, body_read)

    def _page(self, req: Request, address: str, body_read: bool) -> Answer:
        nonce = secrets.token_urlsafe(16)
        return Answer(200, render_page(self.room.lang, nonce), nonce=nonce)

    def _state(self, req: Request, address: str, body_read: bool) -> Answer:
        try:
            params = parse_qs(req.query, max_num_fields=8, strict_parsing=False)
        except ValueError:
            return _error(400, "bad_query", "the query string is not valid")
        code = normalise_code((params.get("room") or [""])[0])
        if code != self.room.code:
            return _error(404, "wrong_room", "no room has this code")
        devices = params.get("device")
        device = devices[0] if devices else None
        if device is not None and not DEVICE_RE.match(device):
            return _error(400, "bad_device", "the device token must be 8 to 64 letters, digits, '-' or '_'")
        if device is not None and not self.device_limiter.allow(device):
            return _error(429, "too_many_requests", "too many requests from this phone; wait a moment", {"Retry-After": "2"})
        return Answer(200, self.room.public_state(device))

    def _vote(self, req: Request, address: str, body_read: bool) -> Answer:
        headers = req.headers
        if headers.get("transfer-encoding") is not None:
            return _error(411, "length_required", "send the vote with a Content-Length, not chunked")
        raw_length = headers.get("content-length")
        if raw_length is None:
            return _error(411, "length_required", "a vote needs a Content-Length")
        try:
            length = int(raw_length)
        except ValueError:
            length = -1
        if length < 0:
            return _error(400, "bad_length", "Content-Length is not a number")
        if length > self.max_body:
            return _error(413, "too_large", f"a vote is at most {self.max_body} bytes")
        ctype = (headers.get("content-type") or "").split(";", 1)[0].strip().lower()
        if ctype != "application/json":
            return _error(415, "not_json", "send the vote as application/json")
        try:
            data = json.loads(req.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return _error(400, "malformed_json", "the vote is not valid JSON")
        if not isinstance(data, dict) or not {"room", "step", "choice", "device"} <= data.keys():
            return _error(400, "bad_vote", "a vote is an object with room, step, choice and device")
        if not isinstance(data["room"], str) or normalise_code(data["room"]) != self.room.code:
            return _error(404, "wrong_room", "no room has this code")
        vote_id = data.get("vote_id")
        if vote_id is not None and (not isinstance(vote_id, str) or not VOTE_ID_RE.match(vote_id)):
            return _error(400, "bad_vote_id", "the vote id must be 8 to 64 letters, digits, '-' or '_'")
        device = data["device"]
        if isinstance(device, str) and not self.device_limiter.allow(device):
            return _error(429, "too_many_requests", "too many taps from this phone; wait a moment", {"Retry-After": "2"})
        try:
            seq, choice, again = self.take_vote(address, data["step"], data["choice"], device, vote_id)
        except VoteError as err:
            return _error(err.status, err.code, err.message)
        answer: dict = {"ok": True, "step": seq, "vote": choice}
        if again:
            answer["again"] = True  # a retry of a vote already taken: nothing counted twice
        return Answer(200, answer)

    # -- votes ------------------------------------------------------------------------------

    def take_vote(self, address: str, step: object, choice: object, device: object, vote_id: str | None = None) -> tuple[int, int, bool]:
        """One vote from one device, within its address's allowance; returns (question, the device's vote, was a retry).

        A vote id seen before on this question is a retry (the phone did not get our
        answer): it changes nothing, so neither a retry nor a late copy of an earlier tap
        counts twice or overrides a later tap.
        """
        with self._cap_lock:
            question = self.room.question
            seq = question.seq if question else 0
            if seq != self._cap_seq:  # a new question: the allowance and the vote ids start again
                self._cap_seq = seq
                self._devices_by_address.clear()
                self._vote_ids.clear()
            if isinstance(device, str) and vote_id is not None and vote_id in self._vote_ids.get(device, ()):
                current = self.room.public_state(device)["vote"]
                if current is not None and step == seq:
                    return seq, current, True
            seen = self._devices_by_address.get(address, set())
            if isinstance(device, str) and device not in seen and len(seen) >= self.max_phones_per_address:
                raise VoteError(429, "too_many_devices", "too many phones have voted from this network address")
            taken = self.room.vote(step, choice, device)  # type: ignore[arg-type]  # the room checks types
            seen.add(device)  # type: ignore[arg-type]
            self._devices_by_address[address] = seen
            if vote_id is not None:
                ids = self._vote_ids.setdefault(device, deque(maxlen=VOTE_IDS_KEPT))  # type: ignore[arg-type]
                ids.append(vote_id)
            return taken, choice, False  # type: ignore[return-value]


def _quiet(loop: asyncio.AbstractEventLoop, context: dict) -> None:
    # asyncio would print tracebacks (with the client's address) to stderr; we keep
    # addresses out of every log. A phone that drops its connection is ordinary on Wi-Fi.
    exc = context.get("exception")
    log.debug("vote server: %s (%s)", context.get("message"), type(exc).__name__ if exc else "")
