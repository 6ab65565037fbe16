"""The window manager's side of bringing the kiosk back, on X11 (through libX11 with ctypes).

SDL can show, restore and raise its window, but some hiding is the window manager's
own state: "show desktop" (Super+D) hides every window until it is turned off, and a
window manager may drop the fullscreen state or refuse to give focus to a window that
asks for it itself. The EWMH messages below are the ones a taskbar (a "pager") sends,
which window managers obey: leave show-desktop, make this window fullscreen, make it
the active window. No new dependency: libX11 is there wherever SDL's X11 driver runs.
Anywhere else (Wayland, Windows, no libX11) `X11Window.open` returns None and the
guard uses SDL alone.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

log = logging.getLogger("game.kiosk")

CLIENT_MESSAGE = 33
SUBSTRUCTURE_MASKS = (1 << 19) | (1 << 20)  # SubstructureNotifyMask | SubstructureRedirectMask
NET_WM_STATE_ADD = 1
SOURCE_PAGER = 2  # "the request comes from a pager": honoured even with focus-stealing prevention


class _ClientMessage(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", ctypes.c_ulong),
        ("message_type", ctypes.c_ulong),
        ("format", ctypes.c_int),
        ("data", ctypes.c_long * 5),
    ]


class _XEvent(ctypes.Union):
    _fields_ = [("xclient", _ClientMessage), ("pad", ctypes.c_long * 24)]


class X11Window:
    def __init__(self, lib, display: int, window: int) -> None:
        self.lib = lib
        self.display = display
        self.window = window
        self.root = lib.XDefaultRootWindow(display)
        self.atoms: dict[str, int] = {}

    @classmethod
    def open(cls, window: int) -> X11Window | None:
        """Our own connection to the X server SDL uses; None where there is no X11."""
        name = ctypes.util.find_library("X11")
        if not name:
            return None
        try:
            lib = ctypes.CDLL(name)
            lib.XOpenDisplay.restype = ctypes.c_void_p
            lib.XOpenDisplay.argtypes = [ctypes.c_char_p]
            lib.XDefaultRootWindow.restype = ctypes.c_ulong
            lib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
            lib.XInternAtom.restype = ctypes.c_ulong
            lib.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
            lib.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long, ctypes.POINTER(_XEvent)]
            lib.XMapRaised.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
            lib.XFlush.argtypes = [ctypes.c_void_p]
            lib.XCloseDisplay.argtypes = [ctypes.c_void_p]
        except (OSError, AttributeError):
            return None
        display = lib.XOpenDisplay(None)
        if not display:
            return None
        return cls(lib, display, window)

    def atom(self, name: str) -> int:
        if name not in self.atoms:
            self.atoms[name] = self.lib.XInternAtom(self.display, name.encode(), 0)
        return self.atoms[name]

    def _send(self, window: int, message: str, *data: int) -> None:
        ev = _XEvent()
        ev.xclient.type = CLIENT_MESSAGE
        ev.xclient.send_event = 1
        ev.xclient.window = window
        ev.xclient.message_type = self.atom(message)
        ev.xclient.format = 32
        for i, v in enumerate(data[:5]):
            ev.xclient.data[i] = v
        self.lib.XSendEvent(self.display, self.root, 0, SUBSTRUCTURE_MASKS, ctypes.byref(ev))

    def bring_back(self, fullscreen: bool) -> None:
        lib = self.lib
        self._send(self.root, "_NET_SHOWING_DESKTOP", 0)
        lib.XMapRaised(self.display, self.window)
        if fullscreen:
            self._send(self.window, "_NET_WM_STATE", NET_WM_STATE_ADD, self.atom("_NET_WM_STATE_FULLSCREEN"), 0, SOURCE_PAGER)
        self._send(self.window, "_NET_ACTIVE_WINDOW", SOURCE_PAGER, 0, 0)
        lib.XFlush(self.display)

    def close(self) -> None:
        if self.display:
            self.lib.XCloseDisplay(self.display)
            self.display = 0
