"""`python main.py kiosk --supervise`: keep the kiosk running where there is no systemd (Windows, a bare X session).

The supervisor runs the kiosk as a child process and listens for its heartbeat (UDP
datagrams on 127.0.0.1, see game/kiosk/watchdog.py). It starts the child again

- when it exits with a non-zero status or is killed (a crash, `kill -9`, out of memory),
- when its heartbeat stops for `hang_seconds` (a hang: the frame loop no longer turns);
  the child is killed first. Before its first heartbeat it gets `start_seconds` (it draws
  every screen once before showing the attract loop),

after a back-off that doubles from 1 s up to a minute and starts again at 1 s once a
child has run for a minute. Every start, exit and restart is logged (the kiosk's log
folder, `supervisor.log`, and stderr). A child that exits with status 0 was asked to
("Exit to desktop" in the admin panel): the supervisor ends too. SIGTERM / Ctrl+C end
the child and the supervisor.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import select
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from .watchdog import HEARTBEAT_ENV

log = logging.getLogger("game.kiosk.supervise")

HANG_SECONDS = 30.0
START_SECONDS = 180.0
BACKOFF_FIRST = 1.0
BACKOFF_CAP = 60.0
HEALTHY_AFTER = 60.0  # a child that ran this long starts the back-off over


class Supervisor:
    def __init__(
        self,
        command: list[str],
        hang_seconds: float = HANG_SECONDS,
        start_seconds: float = START_SECONDS,
        backoff_cap: float = BACKOFF_CAP,
        env: dict[str, str] | None = None,
    ) -> None:
        self.command = command
        self.hang_seconds = hang_seconds
        self.start_seconds = start_seconds
        self.backoff_cap = backoff_cap
        self.env = dict(os.environ if env is None else env)
        self.stopping = False
        self.restarts = 0
        self.child: subprocess.Popen | None = None
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.setblocking(False)
        self.env[HEARTBEAT_ENV] = str(self.sock.getsockname()[1])
        self.env.pop("NOTIFY_SOCKET", None)  # the child answers to this supervisor, not to systemd

    def stop(self, *_: object) -> None:
        self.stopping = True

    def _beats(self) -> list[str]:
        got: list[str] = []
        while True:
            try:
                data = self.sock.recv(512)
            except (BlockingIOError, InterruptedError):
                return got
            except OSError:  # Windows reports a vanished peer on UDP as an error: ignore
                return got
            got.append(data.decode("ascii", "replace"))

    def run_once(self) -> tuple[str, float]:
        """Start the child and watch it; (how it ended, seconds it ran)."""
        started = time.monotonic()
        self._beats()  # drop beats of an earlier child
        self.child = subprocess.Popen(self.command, env=self.env)
        log.info("kiosk started (pid %d)", self.child.pid)
        ready = False
        last = started
        while True:
            try:
                select.select([self.sock], [], [], 0.5)
            except (OSError, ValueError):
                time.sleep(0.5)
            now = time.monotonic()
            for message in self._beats():
                last = now
                if "READY=1" in message and not ready:
                    ready = True
                    log.info("kiosk ready after %.1f s", now - started)
            code = self.child.poll()
            if code is not None:
                return (f"exit status {code}" if code >= 0 else f"killed by signal {-code}") if code else "exit 0", now - started
            if self.stopping:
                self._end_child()
                return "stopped", now - started
            limit = self.hang_seconds if ready else self.start_seconds
            if now - last > limit:
                log.warning("no heartbeat from the kiosk for %.0f s (pid %d): it hangs; killing it", now - last, self.child.pid)
                self._kill_child()
                return f"hung (no heartbeat for {now - last:.0f} s)", now - started

    def _kill_child(self) -> None:
        child = self.child
        if child is None:
            return
        try:
            child.kill()  # SIGKILL also ends a stopped (SIGSTOP) process; TerminateProcess on Windows
        except OSError:
            pass
        child.wait()

    def _end_child(self) -> None:
        child = self.child
        if child is None or child.poll() is not None:
            return
        try:
            child.terminate()
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._kill_child()
        except OSError:
            pass

    def run(self) -> int:
        backoff = BACKOFF_FIRST
        try:
            while not self.stopping:
                how, ran = self.run_once()
                if how == "stopped":
                    break
                if how == "exit 0":
                    log.info("the kiosk exited by itself (Exit to desktop): the supervisor ends too")
                    return 0
                if ran >= HEALTHY_AFTER:
                    backoff = BACKOFF_FIRST
                self.restarts += 1
                log.warning("kiosk ended (%s) after %.0f s; restart %d in %.0f s", how, ran, self.restarts, backoff)
                end = time.monotonic() + backoff
                while not self.stopping and time.monotonic() < end:
                    time.sleep(0.1)
                backoff = min(self.backoff_cap, backoff * 2)
        finally:
            self._end_child()
            self.sock.close()
        log.info("supervisor stopped")
        return 0


def setup_logging(data_dir: Path | None) -> None:
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s supervisor: %(message)s")
    err = logging.StreamHandler()
    err.setFormatter(fmt)
    root.addHandler(err)
    if data_dir is not None:
        try:
            folder = Path(data_dir) / "logs"
            folder.mkdir(parents=True, exist_ok=True)
            handler = logging.handlers.RotatingFileHandler(folder / "supervisor.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8")
            handler.setFormatter(fmt)
            root.addHandler(handler)
        except OSError as e:
            print(f"note: cannot write the supervisor log in {data_dir} ({e})", file=sys.stderr)


def kiosk_child_command(argv: list[str]) -> list[str]:
    """This Python running the game's command line with argv (the package found wherever this copy is)."""
    return [sys.executable, "-m", "game", "kiosk", *argv]


def child_env() -> dict[str, str]:
    root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def supervise_command(argv: list[str], data_dir: Path | None) -> int:
    setup_logging(data_dir)
    sup = Supervisor(kiosk_child_command(argv), env=child_env())
    signal.signal(signal.SIGTERM, sup.stop)
    signal.signal(signal.SIGINT, sup.stop)
    log.info("supervising: %s", " ".join(sup.command))
    return sup.run()


def main(argv: list[str] | None = None) -> int:
    """For tests and odd set-ups: `python -m game.kiosk.supervise [--hang S] [--start S] -- COMMAND...`."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m game.kiosk.supervise")
    parser.add_argument("--hang", type=float, default=HANG_SECONDS)
    parser.add_argument("--start", type=float, default=START_SECONDS)
    parser.add_argument("--backoff-cap", type=float, default=BACKOFF_CAP)
    parser.add_argument("--log-dir", type=Path)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    setup_logging(args.log_dir)
    sup = Supervisor(command, hang_seconds=args.hang, start_seconds=args.start, backoff_cap=args.backoff_cap)
    signal.signal(signal.SIGTERM, sup.stop)
    signal.signal(signal.SIGINT, sup.stop)
    return sup.run()


if __name__ == "__main__":
    raise SystemExit(main())
