"""The phone vote server: the participant page and the vote endpoint, on the LAN, nothing else.

Started by the trainer only (`facilitate --vote-port PORT [--vote-host ADDR]`), it runs
the standard library's ThreadingHTTPServer in a background thread and serves exactly:

    GET  /                           the participant page
    GET  /state?room=CODE&device=ID  the question up now, whether voting is open,
                                     this device's vote; counts only after the reveal
    POST /vote                       JSON {room, step, choice, device}

Everything else is 404 (405 for a known path with the wrong method). Every answer is
JSON except the page. A bad request gets a clear 4xx and changes nothing.

Safety: bodies are limited (1 KiB), each client address has a token bucket and may
vote for only a few devices per question (so one phone cannot stuff the vote), sockets
time out, answers carry a strict Content-Security-Policy. Client addresses live in
memory only, for the rate limit, and are forgotten when the server stops; nothing is
logged (log_message is silenced).
"""

from __future__ import annotations

import json
import logging
import secrets
import socket
import sys
import threading
import time
from collections import OrderedDict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from .page import render_page
from .votes import DEVICE_RE, VoteError, VoteRoom, normalise_code

log = logging.getLogger(__name__)

MAX_BODY = 1024  # a vote is about 100 bytes
DRAIN_LIMIT = 64 * 1024  # read (and drop) a refused body up to this size so the client sees our answer
SOCKET_TIMEOUT = 10.0  # seconds a client may take to send its request
MAX_CONNECTIONS = 512  # connections handled at once; a classroom needs far fewer
_BUSY_BODY = b'{"error": "busy", "message": "the vote server is busy; try again"}'
BUSY_ANSWER = (
    b"HTTP/1.0 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\n"
    b"Content-Length: " + str(len(_BUSY_BODY)).encode() + b"\r\nRetry-After: 2\r\nCache-Control: no-store\r\n"
    b"X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n" + _BUSY_BODY
)


class VoteServerError(Exception):
    """The server cannot start (e.g. the port is taken)."""


class RateLimiter:
    """A token bucket per client address, in memory only.

    A phone polls about once every 1.5 s and votes a few times a question; the default
    (burst 40, 8 requests a second) leaves it plenty and stops a script hammering.
    Memory is bounded: beyond `max_clients` addresses, the least recently seen go.
    """

    def __init__(self, rate: float = 8.0, burst: float = 40.0, max_clients: int = 4096, clock=time.monotonic) -> None:
        self.rate = rate
        self.burst = burst
        self.max_clients = max_clients
        self.clock = clock
        self._lock = threading.Lock()
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # address -> (tokens, when)

    def allow(self, address: str) -> bool:
        now = self.clock()
        with self._lock:
            tokens, when = self._buckets.pop(address, (self.burst, now))
            tokens = min(self.burst, tokens + (now - when) * self.rate)
            allowed = tokens >= 1.0
            if allowed:
                tokens -= 1.0
            self._buckets[address] = (tokens, now)  # most recent last
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


def _json_error(status: int, code: str, message: str) -> tuple[int, dict]:
    return status, {"error": code, "message": message}


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True  # a stuck client never keeps the game from quitting
    request_queue_size = 256  # a room of phones connecting at once must not overflow the listen backlog
    app: VoteServer

    def __init__(self, *args, max_connections: int = MAX_CONNECTIONS, **kwargs) -> None:
        self.max_connections = max_connections
        self._active = 0
        self._active_lock = threading.Lock()
        super().__init__(*args, **kwargs)

    def process_request(self, request, client_address) -> None:
        # One thread per connection, but not without bound: connections held open and idle
        # (a slow or hostile client) cannot pile up threads; beyond the cap, "busy".
        with self._active_lock:
            busy = self._active >= self.max_connections
            if not busy:
                self._active += 1
        if busy:
            try:
                request.sendall(BUSY_ANSWER)
            except OSError:
                pass
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def handle_error(self, request, client_address) -> None:
        # The stdlib prints a traceback with the client's address; we keep addresses out of
        # every log. A phone that drops its connection mid-request is ordinary on Wi-Fi.
        log.debug("vote server: a request failed (%s)", sys.exc_info()[0].__name__)

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._active_lock:
                self._active -= 1


class _HTTPServer6(_HTTPServer):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    server_version = "NotAlone"
    sys_version = ""
    protocol_version = "HTTP/1.0"  # one request per connection: simple, and nothing lingers
    timeout = SOCKET_TIMEOUT

    def version_string(self) -> str:
        return self.server_version  # no Python version in the Server header

    # -- silence: nothing about requests or clients goes to stderr -----------------------

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass

    # -- every method, known or not, goes through one dispatcher -------------------------

    def __getattr__(self, name: str):
        # BaseHTTPRequestHandler looks up do_<METHOD>; answering for every method lets an
        # unexpected one (PUT, DELETE, FOO) get 404/405 from our routes, not a 501 page.
        if name.startswith("do_"):
            return self._dispatch
        raise AttributeError(name)

    def _dispatch(self) -> None:
        self._no_http09()
        app = self.server.app
        address = self.client_address[0]
        if not app.limiter.allow(address):
            self._drain()
            self._send_json(429, {"error": "too_many_requests", "message": "too many requests; wait a moment"}, {"Retry-After": "2"})
            return
        path, _, query = self.path.partition("?")
        routes = {"/": ("GET", self._page), "/state": ("GET", self._state), "/vote": ("POST", self._vote)}
        route = routes.get(path)
        if route is None:
            self._drain()
            self._send_json(404, {"error": "not_found", "message": "nothing here"})
            return
        method, handler = route
        if self.command != method:
            self._drain()
            self._send_json(405, {"error": "method_not_allowed", "message": f"use {method} for {path}"}, {"Allow": method})
            return
        status, body, extra = handler(query)
        if isinstance(body, bytes):
            self._send(status, body, "text/html; charset=utf-8", extra)
        else:
            self._send_json(status, body, extra)

    # -- routes -----------------------------------------------------------------------------

    def _page(self, query: str):
        nonce = secrets.token_urlsafe(16)
        return 200, render_page(self.server.app.room.lang, nonce), {"_nonce": nonce}

    def _state(self, query: str):
        room = self.server.app.room
        try:
            params = parse_qs(query, max_num_fields=8, strict_parsing=False)
        except ValueError:
            return (*_json_error(400, "bad_query", "the query string is not valid"), {})
        code = normalise_code((params.get("room") or [""])[0])
        if code != room.code:
            return (*_json_error(404, "wrong_room", "no room has this code"), {})
        device = (params.get("device") or [None])[0]
        if device is not None and not DEVICE_RE.match(device):
            return (*_json_error(400, "bad_device", "the device token must be 8 to 64 letters, digits, '-' or '_'"), {})
        return 200, room.public_state(device), {}

    def _vote(self, query: str):
        app = self.server.app
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            return (*_json_error(411, "length_required", "send the vote with a Content-Length, not chunked"), {})
        raw_length = self.headers.get("Content-Length")
        if raw_length is None:
            return (*_json_error(411, "length_required", "a vote needs a Content-Length"), {})
        try:
            length = int(raw_length)
        except ValueError:
            length = -1
        if length < 0:
            return (*_json_error(400, "bad_length", "Content-Length is not a number"), {})
        if length > app.max_body:
            self._drain()
            return (*_json_error(413, "too_large", f"a vote is at most {app.max_body} bytes"), {})
        body = self.rfile.read(length) if length else b""
        if len(body) != length:
            return (*_json_error(400, "incomplete", "the request body ended early"), {})
        ctype = (self.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
        if ctype != "application/json":
            return (*_json_error(415, "not_json", "send the vote as application/json"), {})
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return (*_json_error(400, "malformed_json", "the vote is not valid JSON"), {})
        if not isinstance(data, dict) or not {"room", "step", "choice", "device"} <= data.keys():
            return (*_json_error(400, "bad_vote", "a vote is an object with room, step, choice and device"), {})
        if not isinstance(data["room"], str) or normalise_code(data["room"]) != app.room.code:
            return (*_json_error(404, "wrong_room", "no room has this code"), {})
        try:
            seq = app.take_vote(self.client_address[0], data["step"], data["choice"], data["device"])
        except VoteError as err:
            return (*_json_error(err.status, err.code, err.message), {})
        return 200, {"ok": True, "step": seq, "vote": data["choice"]}, {}

    # -- writing answers ------------------------------------------------------------------

    def _drain(self) -> None:
        """Read a refused request's body (if small) so closing the socket does not reset it under the answer."""
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except (ValueError, AttributeError):
            return
        if 0 < length <= DRAIN_LIMIT:
            try:
                self.rfile.read(length)
            except OSError:
                pass

    def _security_headers(self, nonce: str | None) -> dict[str, str]:
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

    def _send(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
        extra = dict(extra or {})
        nonce = extra.pop("_nonce", None)
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for key, value in {**self._security_headers(nonce), **extra}.items():
                self.send_header(key, value)
            self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        except OSError:
            pass  # the phone went away; nothing to do

    def _send_json(self, status: int, data: dict, extra: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8", extra)

    def _no_http09(self) -> None:
        # An HTTP/0.9 answer has no status line and no headers (so no CSP): always answer as 1.0.
        if getattr(self, "request_version", "HTTP/0.9") == "HTTP/0.9":
            self.request_version = "HTTP/1.0"

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # Errors the stdlib detects itself (bad request line, header too long, ...) get JSON too.
        self._no_http09()
        self.close_connection = True
        self._send_json(code, {"error": "bad_request", "message": message or "bad request"})


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
        devices_per_address: int = 4,
        max_connections: int = MAX_CONNECTIONS,
    ) -> None:
        self.room = room
        self.host = host
        self.requested_port = port
        self.max_body = max_body
        self.limiter = limiter if limiter is not None else RateLimiter()
        self.devices_per_address = devices_per_address
        self.max_connections = max_connections
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._cap_lock = threading.Lock()
        self._cap_seq = -1
        self._devices_by_address: dict[str, set[str]] = {}

    # -- life -------------------------------------------------------------------------------

    def start(self) -> VoteServer:
        if self._httpd is not None:
            return self
        cls = _HTTPServer6 if ":" in self.host else _HTTPServer
        try:
            httpd = cls((self.host, self.requested_port), _Handler, max_connections=self.max_connections)
        except OSError as err:
            raise VoteServerError(f"cannot start the vote server on {self.host}:{self.requested_port}: {err.strerror or err}") from err
        httpd.app = self
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, name="vote-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close the socket, forget every client address."""
        httpd, thread = self._httpd, self._thread
        self._httpd = self._thread = None
        if httpd is not None:
            httpd.shutdown()
            httpd.server_close()
        if thread is not None:
            thread.join(timeout=5)
        self.limiter.clear()
        with self._cap_lock:
            self._devices_by_address.clear()
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
        if self._httpd is None:
            raise VoteServerError("the vote server is not running")
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        """What the QR code holds: http://<LAN address>:<port>/?r=<room code>."""
        address = lan_address(self.host)
        if ":" in address:
            address = f"[{address}]"
        return f"http://{address}:{self.port}/?r={self.room.code}"

    # -- votes ------------------------------------------------------------------------------

    def take_vote(self, address: str, step: object, choice: object, device: object) -> int:
        """One vote from one client address, within its per-question device allowance."""
        with self._cap_lock:
            question = self.room.question
            seq = question.seq if question else 0
            if seq != self._cap_seq:  # a new question: the allowance starts again
                self._cap_seq = seq
                self._devices_by_address.clear()
            seen = self._devices_by_address.get(address, set())
            if isinstance(device, str) and device not in seen and len(seen) >= self.devices_per_address:
                raise VoteError(429, "too_many_devices", "too many devices have voted from this address")
            taken = self.room.vote(step, choice, device)  # type: ignore[arg-type] - the room checks types
            seen.add(device)  # type: ignore[arg-type]
            self._devices_by_address[address] = seen
            return taken
