"""`python main.py kiosk install-service`: a systemd user unit with this machine's real paths.

The unit starts with the graphical session (`WantedBy=graphical-session.target`; the
session's DISPLAY / WAYLAND_DISPLAY / XAUTHORITY reach it through the user manager's
environment, which desktops import and the kiosk session script in deploy/ imports
itself), restarts it whatever happened (`Restart=always`, except after "Exit to desktop",
status 0), and kills and restarts it when it hangs: `Type=notify` with `WatchdogSec=`,
fed by the heartbeat of the kiosk's frame loop (game/kiosk/watchdog.py).

The paths are the Python running this command (`sys.executable`, so the virtual
environment it was installed into), the folder holding the `game` package, and the
data folder; run the command again after moving any of them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

UNIT_NAME = "notalone-kiosk.service"
WATCHDOG_SECONDS = 30


def _quote(arg: str) -> str:
    """A systemd command-line word: quoted when it holds spaces or quotes; % and $ escaped."""
    arg = arg.replace("%", "%%").replace("$", "$$")
    if any(c in arg for c in " \t\"'\\"):
        return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return arg


def unit_text(data_dir: Path, config: Path | None = None, python: str | None = None, root: Path | None = None) -> str:
    python = python or sys.executable
    root = root or Path(__file__).resolve().parents[2]
    command = [str(Path(python).absolute()), "-m", "game", "kiosk", "--data-dir", str(Path(data_dir).absolute())]
    if config is not None:
        command += ["--config", str(Path(config).absolute())]
    return f"""# Not Alone kiosk, written by `python main.py kiosk install-service` (see docs/kiosk.md).
# Run that command again after moving the game, its virtual environment or the data folder.
[Unit]
Description=Not Alone kiosk (touchscreen scam-awareness game)
# With the graphical session: its DISPLAY / WAYLAND_DISPLAY / XAUTHORITY are in the user
# manager's environment by then (desktops import them; deploy/notalone-kiosk-session does).
After=graphical-session.target
PartOf=graphical-session.target
# Never give up restarting.
StartLimitIntervalSec=0

[Service]
# The kiosk says READY=1 when its attract loop is up, then WATCHDOG=1 from its frame loop;
# no heartbeat for WatchdogSec and systemd kills it (SIGABRT) and starts it again.
Type=notify
NotifyAccess=main
WatchdogSec={WATCHDOG_SECONDS}
# Drawing every screen once before the first visitor takes a while on a slow machine.
TimeoutStartSec=180
TimeoutStopSec=15
WorkingDirectory={_quote(str(root.absolute()))}
ExecStart={" ".join(_quote(a) for a in command)}
Environment=PYGAME_HIDE_SUPPORT_PROMPT=1
Restart=always
RestartSec=3
# "Exit to desktop" in the admin panel ends with status 0: that one is not restarted.
RestartPreventExitStatus=0

[Install]
WantedBy=graphical-session.target
"""


def unit_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "systemd" / "user"


def verify(path: Path) -> tuple[bool | None, str]:
    """`systemd-analyze --user verify` on the unit: (True/False, its output), None if not available."""
    tool = shutil.which("systemd-analyze")
    if tool is None:
        return None, "systemd-analyze is not installed: not verified"
    text = ""
    # As a user unit first; where no user manager can be reached (a container, a root shell
    # without a session) as a plain unit file, which checks the same syntax and paths.
    for mode in (["--user"], []):
        try:
            out = subprocess.run([tool, *mode, "verify", str(path)], capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.SubprocessError) as err:
            return None, f"systemd-analyze could not run ({err}): not verified"
        text = (out.stdout + out.stderr).strip()
        if "Failed to initialize manager" in text or "RuntimeDirectory" in text:
            continue
        return out.returncode == 0 and not text, text
    return None, f"systemd-analyze could not start a manager here ({text.splitlines()[-1] if text else '?'}): not verified"


def install_service(data_dir: Path, config: Path | None = None, target_dir: Path | None = None) -> int:
    folder = target_dir or unit_dir()
    path = folder / UNIT_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(unit_text(data_dir, config), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as err:
        print(f"error: cannot write {path} ({err}); nothing installed", file=sys.stderr)
        return 1
    print(f"wrote {path}")
    ok, text = verify(path)
    if ok is None:
        print(f"note: {text}")
    elif ok:
        print("systemd-analyze verify: clean")
    else:
        print(f"systemd-analyze verify found problems:\n{text}", file=sys.stderr)
    print(
        "next:\n"
        "  systemctl --user daemon-reload\n"
        f"  systemctl --user enable {UNIT_NAME}      # starts with the graphical session from the next log-in\n"
        f"  systemctl --user start {UNIT_NAME}       # now, if a graphical session is running\n"
        "see docs/kiosk.md for automatic log-in and a dedicated kiosk session"
    )
    return 0 if ok is not False else 1
