"""Heartbeats from the kiosk's frame loop to whoever restarts it when it hangs.

Two listeners, both optional, both fed by the same `Heartbeat.beat()` call each frame:

- systemd (`Type=notify`, `WatchdogSec=`): datagrams on the socket named by
  `$NOTIFY_SOCKET` ("READY=1" once the window is up, then "WATCHDOG=1"). This is the
  sd_notify protocol spoken with the standard library, so no new dependency.
- `kiosk --supervise` (Windows, or no systemd): the same messages as UDP datagrams to
  127.0.0.1 on the port in `$NOTALONE_HEARTBEAT`; AF_UNIX datagrams do not exist on Windows.

A frame loop that stops turning stops the beats; the listener kills and restarts it.
Beats are sent at most once a second: a datagram is cheap, but not free at 20 frames a second.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable

log = logging.getLogger("game.kiosk")

NOTIFY_ENV = "NOTIFY_SOCKET"
HEARTBEAT_ENV = "NOTALONE_HEARTBEAT"
BEAT_EVERY = 1.0  # seconds between heartbeats (systemd's WatchdogSec is far longer)


def _systemd_address(value: str) -> str | None:
    """The AF_UNIX address in $NOTIFY_SOCKET ("@name" is Linux's abstract namespace)."""
    if value.startswith("@"):
        return "\0" + value[1:]
    if value.startswith("/"):
        return value
    return None  # vsock: and other kinds are not used for user services


def _nonblocking(family: int) -> socket.socket:
    sock = socket.socket(family, socket.SOCK_DGRAM)
    sock.setblocking(False)  # a heartbeat is never worth waiting for
    return sock


class Heartbeat:
    """Sends READY/WATCHDOG/STOPPING to the listeners named in the environment; never raises."""

    def __init__(self, environ: dict[str, str] | None = None, clock: Callable[[], float] | None = None) -> None:
        import time

        env = os.environ if environ is None else environ
        self.clock = clock or time.monotonic
        self.targets: list[tuple[socket.socket, str | tuple[str, int]]] = []
        address = _systemd_address(env.get(NOTIFY_ENV, ""))
        if address is not None and hasattr(socket, "AF_UNIX"):
            try:
                self.targets.append((_nonblocking(socket.AF_UNIX), address))
            except OSError as err:
                log.warning("cannot talk to systemd's notify socket: %s", err)
        port = env.get(HEARTBEAT_ENV, "")
        if port.isdigit():
            try:
                self.targets.append((_nonblocking(socket.AF_INET), ("127.0.0.1", int(port))))
            except OSError as err:
                log.warning("cannot talk to the supervisor: %s", err)
        self.last = float("-inf")
        self.sent = 0

    @property
    def active(self) -> bool:
        return bool(self.targets)

    def send(self, message: str) -> None:
        for sock, address in self.targets:
            try:
                sock.sendto(message.encode("ascii"), address)
                self.sent += 1
            except OSError:
                # The listener went away, or its queue is full (a datagram to a full AF_UNIX
                # queue would otherwise block the frame loop): the next beat tries again.
                pass

    def ready(self) -> None:
        self.send("READY=1\nSTATUS=attract loop")
        self.last = self.clock()

    def beat(self) -> None:
        """Called every frame; sends WATCHDOG=1 at most once per BEAT_EVERY seconds."""
        if not self.targets:
            return
        now = self.clock()
        if now - self.last >= BEAT_EVERY:
            self.last = now
            self.send("WATCHDOG=1")

    def stopping(self) -> None:
        self.send("STOPPING=1")

    def close(self) -> None:
        for sock, _ in self.targets:
            sock.close()
        self.targets = []
