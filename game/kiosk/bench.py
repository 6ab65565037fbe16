"""Kiosk figures for the benchmark: memory growth over a long day of plays; the real kiosk's memory and attract-loop CPU.

`rss_kiosk_mb` / `rss_kiosk_peak_mb`: the real `kiosk` command as a separate process on a
1920x1080 screen, resident memory 10 s after its attract loop is up (and the peak,
start-up included). Target: at most 200 MB. `attract_cpu_fraction`: the share of one
core that process uses over 10 s of attract loop on a software-rendered X server (Xvfb,
started for the measurement when installed); where Xvfb is not installed it is null and
`attract_cpu_note` says why. Target: at most 0.05. (The app's own benchmark in
game/bench.py may report an rss figure of its own; these are the kiosk's.)

`soak_rss_growth_mb`: resident memory after 1,000 simulated plays through the kiosk app
(attract, language, story, every choice, the debrief, the takeaway, finish; one play in
ten walked away from) minus resident memory after the first 10. Target: at most 5 MB.
Resident memory is read from /proc/self/statm (current, not peak); where that does not
exist, from resource.getrusage (peak, so growth can only be over-stated).
"""

from __future__ import annotations

import os
import random
import sys

PLAYS = 1000
WARMUP = 10


def rss_mb() -> float:
    try:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError, IndexError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3  # KiB on Linux


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _tap(app, bid: str | None = None, button=None) -> bool:
    import pygame

    if button is None:
        button = next((b for b in app.scene.buttons if b.id == bid), None)
        if button is None:
            return False
    pos = button.rect.center
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1, touch=False))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1, touch=False))
    app.frame()
    return True


def play_once(app, clock: _Clock, rng: random.Random, scenario_id: str, walk_away: bool) -> None:
    """One visitor, from the attract loop back to it."""
    clock.now += 1
    app.frame()
    _tap(app, "start")
    _tap(app, f"lang:{rng.choice(app.settings.languages)}")
    _tap(app, f"scenario:{scenario_id}")
    for n in range(200):
        scene = app.scene
        clock.now += 0.5
        if scene.name == "play":
            if walk_away and n >= 2:
                clock.now += app.config.idle_seconds + 1
                app.frame()
                clock.now += app.config.countdown_seconds + 1
                app.frame()
                break
            if scene.phase == "ringing":
                _tap(app, "accept")
            elif scene.phase == "choosing":
                _tap(app, button=rng.choice(scene.choice_buttons()))
            elif scene.phase == "ending":
                _tap(app, "debrief")
            else:
                _tap(app, "phone")
        elif scene.name == "debrief":
            _tap(app, "next")
        elif scene.name == "takeaway":
            _tap(app, "finish")
            break
        else:
            app.frame()
    if app.scene.name != "attract":
        app.policy.reset()


def soak(plays: int = PLAYS, warmup: int = WARMUP, size: tuple[int, int] = (800, 600)) -> dict[str, float]:
    import pygame

    from ..core.library import load_library
    from ..session import NullRecorder
    from .config import KioskConfig
    from .run import build_kiosk

    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    library = load_library()
    clock = _Clock()
    app = build_kiosk(library, KioskConfig(), NullRecorder(), size=size, clock=clock, audio=False)
    app.settings.reduced_motion = True
    app.policy.base.reduced_motion = True  # no reveal animation: a play is a few dozen frames
    pygame.event.clear()
    rng = random.Random(5)
    ids = [s.id for s in library.ordered()]
    before = 0.0
    for i in range(plays):
        if i == warmup:
            before = rss_mb()
        play_once(app, clock, rng, ids[i % len(ids)], walk_away=i % 10 == 9)
    after = rss_mb()
    app.close()
    return {"soak_rss_growth_mb": round(after - before, 2), "soak_plays": float(plays), "soak_walkaways": float(app.policy.walkaways)}


def _proc_cpu_seconds(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    except (OSError, ValueError, IndexError):
        return None


def _proc_status_mb(pid: int, key: str) -> float | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) / 1024  # kB
    except (OSError, ValueError):
        pass
    return None


def _start_xvfb(size: tuple[int, int]):
    """(Xvfb process, display name) or (None, why not)."""
    import shutil
    import subprocess

    xvfb = shutil.which("Xvfb")
    if xvfb is None or not sys.platform.startswith("linux"):
        return None, "Xvfb is not installed (apt-get install xvfb): attract CPU not measured"
    read, write = os.pipe()
    try:
        proc = subprocess.Popen(
            [xvfb, "-displayfd", str(write), "-screen", "0", f"{size[0]}x{size[1]}x24", "-nolisten", "tcp"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    finally:
        os.close(write)
    with os.fdopen(read) as f:
        number = f.readline().strip()
    if not number.isdigit():
        proc.kill()
        proc.wait()
        return None, "Xvfb did not start: attract CPU not measured"
    return proc, f":{number}"


def attract_figures(size: tuple[int, int] = (1920, 1080), settle: float = 10.0, measure: float = 10.0) -> dict[str, float | str | None]:
    """The real kiosk, as a process, on a software-rendered X server if there is one."""
    import select
    import socket
    import subprocess
    import tempfile
    import time

    from .supervise import child_env
    from .watchdog import HEARTBEAT_ENV

    out: dict[str, float | str | None] = {"attract_cpu_fraction": None, "rss_kiosk_mb": None, "rss_kiosk_peak_mb": None}
    server, display = _start_xvfb(size)
    env = child_env()
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER", "NOTIFY_SOCKET"):
        env.pop(name, None)
    if server is not None:
        env["DISPLAY"] = display
    else:
        out["attract_cpu_note"] = display
        env["SDL_VIDEODRIVER"] = "dummy"  # memory is still worth knowing
    env["SDL_AUDIODRIVER"] = "dummy"
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    env[HEARTBEAT_ENV] = str(sock.getsockname()[1])
    child = None
    try:
        with tempfile.TemporaryDirectory(prefix="notalone-bench-kiosk-") as tmp:
            child = subprocess.Popen(
                [sys.executable, "-m", "game", "kiosk", "--data-dir", tmp, "--mute"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            end = time.monotonic() + 180
            ready = False
            while not ready and time.monotonic() < end and child.poll() is None:
                if select.select([sock], [], [], 0.5)[0]:
                    ready = b"READY=1" in sock.recv(512)
            if not ready:
                out["attract_cpu_note"] = "the kiosk did not come up within 180 s"
                return out
            time.sleep(settle)
            before = _proc_cpu_seconds(child.pid)
            time.sleep(measure)
            after = _proc_cpu_seconds(child.pid)
            out["rss_kiosk_mb"] = _round(_proc_status_mb(child.pid, "VmRSS"))
            out["rss_kiosk_peak_mb"] = _round(_proc_status_mb(child.pid, "VmHWM"))
            if server is not None:
                if before is None or after is None:
                    out["attract_cpu_note"] = "no /proc to read CPU time from: attract CPU not measured"
                else:
                    out["attract_cpu_fraction"] = round((after - before) / measure, 4)
            child.terminate()
            child.wait(timeout=20)
    finally:
        if child is not None and child.poll() is None:
            child.kill()
            child.wait()
        if server is not None:
            server.terminate()
            server.wait()
        sock.close()
    return out


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def kiosk_figures() -> dict:
    return {**soak(), **attract_figures()}


try:
    from ..bench import register

    register("kiosk", kiosk_figures)
except ImportError:  # pragma: no cover - the benchmark module is optional for the kiosk itself
    pass
