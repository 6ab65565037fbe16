"""Sound for every front end: effects, voice clips (call lines, and every text when read aloud), volume, mute, captions.

The mixer starts on first use, not at import. No audio device, a dummy driver, a
missing file or any pygame error means silence, never an exception: a kiosk with
broken speakers still runs. Captions do not depend on sound at all, so the screen
can show every sound as text whether or not it is heard.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from pathlib import Path, PurePosixPath

import pygame

from ..core import voices
from ..core.library import ASSETS_DIR
from ..core.strings import ui

log = logging.getLogger(__name__)

# The effects assets/make_sounds.py generates, as assets/sounds/<name>.wav.
SOUNDS = ("ringtone", "vibrate", "message", "notify", "connect", "hangup", "tension")


FADE_MS = 80  # stopping fades out this fast: quick, but no click
VOICE_CACHE = 12  # decoded voice clips kept (a minute of speech decodes to ~10 MB at 44.1 kHz stereo); a step reads up to ~10
PAUSE_SECONDS = 0.45  # between two texts read aloud: a breath, so the choices are heard apart


def caption(name: str, lang: str) -> str:
    """The words for a sound (a name from SOUNDS, or an asset path like 'sounds/ringtone.wav'); '' when unknown."""
    # Every sound has words, shown whether sound is on or not (captions are always on).
    stem = name if name in SOUNDS else PurePosixPath(name).stem
    return ui(f"caption_{stem}", lang) if stem in SOUNDS else ""


class Audio:
    """A small wrapper of pygame.mixer. Every method is safe to call with no sound at all."""

    def __init__(self, muted: bool = False, volume: float = 0.8, assets_root: Path | None = None) -> None:
        self._muted = bool(muted)
        self._volume = _clamp(volume)
        self._assets = Path(assets_root) if assets_root is not None else ASSETS_DIR
        self._ready: bool | None = None  # None: mixer not tried yet
        self._effects: dict[str, pygame.mixer.Sound | None] = {}  # loaded once; None remembers a file that failed
        self._clips: OrderedDict[Path, pygame.mixer.Sound] = OrderedDict()
        self._voice: pygame.mixer.Channel | None = None
        self._channels: dict[str, pygame.mixer.Channel] = {}  # effect -> the channel of its last play
        self._loops: set[str] = set()  # loops that should be sounding (kept while muted, resumed on unmute)

    # -- state ---------------------------------------------------------------------------

    @property
    def muted(self) -> bool:
        return self._muted

    @property
    def volume(self) -> float:
        return self._volume

    @property
    def available(self) -> bool:
        """True when a mixer is running (it may still be a silent dummy one)."""
        return self._ensure()

    def set_volume(self, volume: float) -> None:
        self._volume = _clamp(volume)
        if not self._ready:
            return
        for sound in [*self._effects.values(), *self._clips.values()]:
            if sound is not None:
                self._guard(sound.set_volume, self._volume)

    def set_muted(self, muted: bool) -> None:
        muted = bool(muted)
        if muted == self._muted:
            return
        self._muted = muted
        if muted:
            loops = set(self._loops)
            self.stop()
            self._loops = loops  # a phone still ringing when sound comes back on rings again
        else:
            for name in sorted(self._loops):
                self.play(name, loop=True)

    # -- playing -------------------------------------------------------------------------

    def play(self, name: str, loop: bool = False) -> None:
        """Play an effect by name (or an asset path like 'sounds/ringtone.wav'); loop until stopped if asked."""
        if loop:
            self._loops.add(name)
        if self._muted or not self._ensure():
            return
        sound = self._effect(name)
        if sound is None:
            return
        channel = self._channels.get(name)
        if loop and channel is not None and self._playing(channel, sound):
            return  # already looping: starting it again would stutter
        channel = self._guard(sound.play, loops=-1 if loop else 0)
        if channel is not None:
            self._channels[name] = channel

    def speak(self, text: str, lang: str) -> float:
        """Play the voice clip of exactly this text, if there is one; its length in seconds, else 0."""
        if self._muted or not text or not self._ensure() or self._voice is None:
            return 0.0
        path = voices.clip_path(text, lang, self._assets)
        if path is None:
            return 0.0
        sound = self._clip(path)
        if sound is None:
            return 0.0
        try:
            sound.set_volume(self._volume)
            self._voice.play(sound)  # the voice channel: a new line replaces the one before
            return float(sound.get_length())
        except Exception as err:  # noqa: BLE001 - silence, and the caller paces the captions itself
            log.info("voice clip %s not played (%s)", path, err)
            return 0.0

    def say(self, texts: list[str], lang: str, then: list[str] | tuple[str, ...] = ()) -> float:
        """Read texts aloud one after another, then `then` (read-aloud: a step's messages, then its choices).

        Texts without a clip are skipped (captions only). The clips are joined, with a
        short pause between them, into one sound on the voice channel, so nothing has
        to be queued and a new step's words simply replace what was being read. Returns
        how long `texts` take, without `then`, so the screen can pace its captions; 0
        when none of them has a clip. When nothing at all has a clip, what was being
        read stops: the words of an earlier screen never run on over a new one.
        """
        if self._muted or not self._ensure() or self._voice is None:
            return 0.0
        first = [s for s in (self._clip_of(t, lang) for t in texts) if s is not None]
        rest = [s for s in (self._clip_of(t, lang) for t in then) if s is not None]
        if not first and not rest:
            self.stop("voice")
            return 0.0
        try:
            sound, seconds = self._join(first + rest, len(first))
            sound.set_volume(self._volume)
            self._voice.play(sound)
            return seconds
        except Exception as err:  # noqa: BLE001 - silence, and the caller paces the captions itself
            log.info("read-aloud not played (%s)", err)
            return 0.0

    def stop(self, name: str | None = None) -> None:
        """Stop one effect, the voice ('voice'), or everything (no name)."""
        if name is None:
            self._loops.clear()
        else:
            self._loops.discard(name)
        if not self._ready:
            return
        if name is None:
            self._guard(pygame.mixer.fadeout, FADE_MS)
            self._channels.clear()
        elif name == "voice":
            if self._voice is not None:
                self._guard(self._voice.fadeout, FADE_MS)
        else:
            sound = self._effects.get(name)
            if sound is not None:
                self._guard(sound.fadeout, FADE_MS)
            self._channels.pop(name, None)

    def busy(self) -> bool:
        """True while the player is listening to something: a voice clip or a one-off effect.

        Loops (a ringing phone, the tension cue) do not count: a phone left ringing by a
        visitor who walked away must not stop the kiosk from resetting.
        """
        if not self._ready:
            return False
        if self._voice is not None and self._guard(self._voice.get_busy):
            return True
        for name, channel in self._channels.items():
            if name not in self._loops and self._playing(channel, self._effects.get(name)):
                return True
        return False

    # -- inside --------------------------------------------------------------------------

    def _ensure(self) -> bool:
        if self._ready is None:
            try:
                if not pygame.mixer.get_init():
                    pygame.mixer.init()
                pygame.mixer.set_num_channels(max(8, pygame.mixer.get_num_channels()))
                pygame.mixer.set_reserved(1)  # channel 0 is the voice's: an effect never cuts a line short
                self._voice = pygame.mixer.Channel(0)
                self._ready = True
            except Exception as err:  # noqa: BLE001 - pygame.error, or no mixer module at all: silence
                log.info("sound is off: the audio device could not be opened (%s)", err)
                self._ready = False
        return self._ready

    def _effect(self, name: str) -> pygame.mixer.Sound | None:
        if name not in self._effects:
            path = self._effect_path(name)
            self._effects[name] = self._load(path) if path is not None else None
        return self._effects[name]

    def _effect_path(self, name: str) -> Path | None:
        if name in SOUNDS:
            return self._assets / "sounds" / f"{name}.wav"
        from ..core.validator import safe_asset_path  # a scenario's `sound:` path, checked like the validator does

        pure = safe_asset_path(name)
        return self._assets / pure if pure is not None else None

    def _clip_of(self, text: str, lang: str) -> pygame.mixer.Sound | None:
        path = voices.clip_path(text, lang, self._assets) if text else None
        return self._clip(path) if path is not None else None

    def _join(self, sounds: list[pygame.mixer.Sound], first: int) -> tuple[pygame.mixer.Sound, float]:
        """One sound of several, with a pause after each; and the seconds of the first `first` of them."""
        if len(sounds) == 1:
            return sounds[0], float(sounds[0].get_length()) if first else 0.0
        freq, fmt, channels = pygame.mixer.get_init() or (44100, -16, 2)  # the sounds exist, so the mixer is up
        frame = abs(fmt) // 8 * channels
        # Silence is zero in the signed and float formats the mixer uses; unsigned ones get no pause.
        pause = bytes(int(freq * PAUSE_SECONDS) * frame) if fmt < 0 or fmt == 32 else b""
        pieces: list[bytes] = []
        seconds = 0.0
        for i, sound in enumerate(sounds):
            raw = sound.get_raw()
            pieces += [raw, pause]
            if i < first:
                seconds += (len(raw) + len(pause)) / frame / freq
        return pygame.mixer.Sound(buffer=b"".join(pieces)), seconds

    def _clip(self, path: Path) -> pygame.mixer.Sound | None:
        if path in self._clips:
            self._clips.move_to_end(path)
            return self._clips[path]
        sound = self._load(path)
        if sound is not None:
            self._clips[path] = sound
            while len(self._clips) > VOICE_CACHE:
                self._clips.popitem(last=False)
        return sound

    def _load(self, path: Path) -> pygame.mixer.Sound | None:
        try:
            sound = pygame.mixer.Sound(str(path))
            sound.set_volume(self._volume)
            return sound
        except Exception as err:  # noqa: BLE001 - a missing or damaged file is silence, not a crash
            log.info("sound %s not played (%s)", path, err)
            return None

    @staticmethod
    def _playing(channel: pygame.mixer.Channel, sound: pygame.mixer.Sound | None) -> bool:
        try:
            return sound is not None and channel.get_busy() and channel.get_sound() == sound
        except Exception:  # noqa: BLE001
            return False

    @staticmethod
    def _guard(fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception as err:  # noqa: BLE001 - sound is never worth a crash
            log.info("sound call %s failed (%s)", getattr(fn, "__name__", fn), err)
            return None


def _clamp(volume: float) -> float:
    try:
        return min(1.0, max(0.0, float(volume)))
    except (TypeError, ValueError):
        return 0.8
