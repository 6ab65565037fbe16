"""Generate the game's sound effects into assets/sounds/ with the standard library only.

    python assets/make_sounds.py            # writes every sound (the output is byte-for-byte repeatable)
    python assets/make_sounds.py --list     # names, lengths and captions' sound names only

Each sound is built from sine tones with smooth (raised-cosine) fades at every start
and stop, so nothing clicks; loops (ringtone, tension) are cut so the end meets the
start. 22050 Hz mono 16-bit WAV: small, and every pygame build can play it.
"""

from __future__ import annotations

import argparse
import math
import struct
import sys
import time
import wave
from collections.abc import Callable
from pathlib import Path

RATE = 22050
OUT = Path(__file__).resolve().parent / "sounds"
TAU = 2 * math.pi

Signal = Callable[[float], float]  # time in seconds -> sample in -1..1


def ramp(t: float, start: float, end: float, fade: float) -> float:
    """Gain 0..1 of a note from start to end, with raised-cosine fades of `fade` seconds."""
    if t < start or t > end:
        return 0.0
    fade = min(fade, (end - start) / 2)
    if t < start + fade:
        return 0.5 - 0.5 * math.cos(math.pi * (t - start) / fade)
    if t > end - fade:
        return 0.5 - 0.5 * math.cos(math.pi * (end - t) / fade)
    return 1.0


def tone(t: float, freq: float, partials: tuple[float, ...] = (1.0,)) -> float:
    """A tone with harmonics: partials[i] is the weight of harmonic i+1."""
    return sum(w * math.sin(TAU * freq * (i + 1) * t) for i, w in enumerate(partials)) / sum(partials)


def bell(t: float, start: float, freq: float, decay: float) -> float:
    """A struck note: quick attack, exponential decay, a few inharmonic partials like a small bell."""
    if t < start:
        return 0.0
    dt = t - start
    attack = min(1.0, dt / 0.004)
    body = (
        math.sin(TAU * freq * dt)
        + 0.35 * math.sin(TAU * freq * 2.76 * dt) * math.exp(-dt / (decay * 0.4))
        + 0.15 * math.sin(TAU * freq * 5.4 * dt) * math.exp(-dt / (decay * 0.2))
    )
    return attack * math.exp(-dt / decay) * body / 1.5


# -- the sounds -------------------------------------------------------------------------


def ringtone(t: float) -> float:
    """Two warbling bursts, then a pause: a phone ringing. 3 s, loops."""
    gain = ramp(t, 0.0, 0.8, 0.02) + ramp(t, 1.0, 1.8, 0.02)
    if gain == 0.0:
        return 0.0
    # Warble between two pitches 20 times a second, with a smooth crossfade between them.
    mix = 0.5 + 0.5 * math.sin(TAU * 20 * t)
    return gain * (mix * tone(t, 1046.5, (1, 0.3, 0.1)) + (1 - mix) * tone(t, 1318.5, (1, 0.3, 0.1)))


def vibrate(t: float) -> float:
    """A phone buzzing on a table: two low rough pulses. 1.5 s."""
    gain = ramp(t, 0.05, 0.5, 0.03) + ramp(t, 0.7, 1.15, 0.03)
    if gain == 0.0:
        return 0.0
    rough = 0.75 + 0.25 * math.sin(TAU * 31 * t)  # the rattle of the motor
    return gain * rough * tone(t, 160, (1, 0.6, 0.35, 0.2))


def message(t: float) -> float:
    """A short rising two-note chime. 0.6 s."""
    return 0.8 * bell(t, 0.0, 1318.5, 0.12) + 0.8 * bell(t, 0.11, 1760.0, 0.16)


def notify(t: float) -> float:
    """One soft ping. 0.5 s."""
    return 0.7 * bell(t, 0.0, 880.0, 0.14)


def connect(t: float) -> float:
    """Call connected: two quick rising beeps. 0.4 s."""
    return ramp(t, 0.0, 0.12, 0.01) * tone(t, 660, (1, 0.2)) + ramp(t, 0.17, 0.32, 0.01) * tone(t, 880, (1, 0.2))


def hangup(t: float) -> float:
    """The line is dead: three busy-tone beeps (480 + 620 Hz). 1.5 s."""
    gain = sum(ramp(t, 0.5 * i, 0.5 * i + 0.25, 0.012) for i in range(3))
    if gain == 0.0:
        return 0.0
    return gain * 0.5 * (math.sin(TAU * 480 * t) + math.sin(TAU * 620 * t))


def tension(t: float) -> float:
    """A low, quiet drone that swells and eases every 2 s. 6 s, loops without a seam.

    Every frequency makes a whole number of cycles in 6 s and the swell is at its
    lowest at 0 s and 6 s, so the end flows into the start. A soft 220 Hz layer keeps
    it audible on laptop speakers that cannot play the low notes.
    """
    swell = 0.35 + 0.65 * (0.5 - 0.5 * math.cos(TAU * t / 2.0))
    drone = (
        math.sin(TAU * 55 * t)
        + 0.7 * math.sin(TAU * 82.5 * t)
        + 0.5 * math.sin(TAU * 110.5 * t)
        + 0.25 * math.sin(TAU * 220 * t) * (0.5 - 0.5 * math.cos(TAU * t / 6.0))
    )
    return swell * drone / 2.45


# name -> (signal, seconds, peak level 0..1)
SOUNDS: dict[str, tuple[Signal, float, float]] = {
    "ringtone": (ringtone, 3.0, 0.55),
    "vibrate": (vibrate, 1.5, 0.6),
    "message": (message, 0.6, 0.5),
    "notify": (notify, 0.5, 0.45),
    "connect": (connect, 0.4, 0.4),
    "hangup": (hangup, 1.5, 0.4),
    "tension": (tension, 6.0, 0.3),
}


LOOPS = ("ringtone", "tension")  # cut to loop seamlessly: no fade at the ends
EDGE = 0.03  # seconds of fade at both ends of every other sound, so a decaying tail never stops with a click


def render(signal: Signal, seconds: float, peak: float, loop: bool = False) -> bytes:
    n = int(round(seconds * RATE))
    samples = [signal(i / RATE) for i in range(n)]
    if not loop:
        samples = [s * ramp(i / RATE, 0.0, seconds, EDGE) for i, s in enumerate(samples)]
    top = max(1e-9, max(abs(s) for s in samples))
    scale = peak * 32767 / top
    return struct.pack(f"<{n}h", *(int(round(s * scale)) for s in samples))


def write(name: str, out: Path = OUT) -> Path:
    signal, seconds, peak = SOUNDS[name]
    path = out / f"{name}.wav"
    out.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(render(signal, seconds, peak, loop=name in LOOPS))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder to write into (default: assets/sounds/)")
    parser.add_argument("--list", action="store_true", help="list the sounds without writing them")
    args = parser.parse_args(argv)
    if args.list:
        for name, (_, seconds, _) in SOUNDS.items():
            print(f"{name:10s} {seconds:.1f} s")
        return 0
    t0 = time.perf_counter()
    total = 0
    for name in SOUNDS:
        path = write(name, args.out)
        total += path.stat().st_size
        print(f"{path.name:14s} {path.stat().st_size / 1024:6.1f} KB")
    print(f"{len(SOUNDS)} sounds, {total / 1024:.0f} KB, in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
