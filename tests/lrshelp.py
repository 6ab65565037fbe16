"""Test helper: a small xAPI statement store over real HTTP on 127.0.0.1, as LRSs behave.

POST /xAPI/statements takes a JSON array; the batch is atomic: if any statement's id is
already held with a different body, nothing is stored and the answer is 409; a statement
resent with the same body is ignored. Basic authentication is checked (401). `fail_with`
makes it answer that status to every POST (503: down for maintenance); `fail_after` lets
that many POSTs through first. Every POST is counted.
"""

from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeLRS:
    def __init__(self, user: str = "kiosk-1", password: str = "s3cret") -> None:
        self.held: dict[str, dict] = {}
        self.posts = 0
        self.fail_with = 0
        self.fail_after = 0
        self._auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        lrs = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _answer(self, status: int, body: object) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
                length = int(self.headers.get("Content-Length", "0"))
                batch = json.loads(self.rfile.read(length) or b"[]")
                if self.path.rstrip("/") != "/xAPI/statements":
                    return self._answer(404, {"detail": "no such resource"})
                if self.headers.get("Authorization") != lrs._auth:
                    return self._answer(401, {"detail": "Invalid authentication credentials"})
                with lrs_lock:
                    lrs.posts += 1
                    if lrs.fail_with and lrs.posts > lrs.fail_after:
                        return self._answer(lrs.fail_with, {"detail": "down"})
                    clash = [s["id"] for s in batch if s["id"] in lrs.held and lrs.held[s["id"]] != s]
                    if clash:
                        return self._answer(409, {"detail": f"Differing statements already exist with the same ID: {clash}"})
                    for s in batch:
                        lrs.held.setdefault(s["id"], s)
                return self._answer(200, [s["id"] for s in batch])

        lrs_lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/xAPI/"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
