"""Sound effects load and play with the dummy driver, never crash without a device, and all have captions."""

from __future__ import annotations

import importlib.util
import wave
from pathlib import Path

import pygame
import pytest

from game.app import audio as audio_mod
from game.app.audio import SOUNDS, Audio, caption
from game.core import voices
from game.core.library import ASSETS_DIR, ROOT

SOUNDS_DIR = ASSETS_DIR / "sounds"


def _make_sounds():
    spec = importlib.util.spec_from_file_location("make_sounds", ROOT / "assets" / "make_sounds.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _samples(path: Path) -> tuple[wave._wave_params, list[int]]:
    with wave.open(str(path), "rb") as w:
        params = w.getparams()
        raw = w.readframes(params.nframes)
    return params, [int.from_bytes(raw[i : i + 2], "little", signed=True) for i in range(0, len(raw), 2)]


def _a_spoken_line(library) -> tuple[str, str]:
    sc = library.ordered()[0]
    step, lang, text = next(voices.spoken_lines(sc))
    return text, lang


@pytest.fixture(autouse=True)
def fresh_mixer():
    """Each test starts and ends with no mixer running, as a game does at start-up."""
    pygame.mixer.quit()
    yield
    pygame.mixer.quit()


@pytest.fixture
def mixer():
    """A running mixer on the dummy driver (conftest sets SDL_AUDIODRIVER=dummy)."""
    pygame.mixer.init()


@pytest.mark.parametrize("name", SOUNDS)
def test_every_sound_is_a_small_mono_wav_that_pygame_loads(name: str, mixer) -> None:
    path = SOUNDS_DIR / f"{name}.wav"
    params, samples = _samples(path)
    assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, 22050)
    assert path.stat().st_size < 300_000
    assert max(abs(s) for s in samples) > 3000, "the sound is (nearly) silent"
    sound = pygame.mixer.Sound(str(path))
    assert sound.get_length() == pytest.approx(params.nframes / params.framerate, rel=0.01)


@pytest.mark.parametrize("name", SOUNDS)
def test_sounds_start_and_end_without_a_click(name: str) -> None:
    params, samples = _samples(SOUNDS_DIR / f"{name}.wav")
    if name in _make_sounds().LOOPS:
        # A loop's last sample flows into its first: no jump bigger than the sound's own steps.
        biggest_step = max(abs(b - a) for a, b in zip(samples, samples[1:], strict=False))
        assert abs(samples[0] - samples[-1]) <= biggest_step
    else:
        assert abs(samples[0]) < 200 and abs(samples[-1]) < 200


def test_shipped_sounds_are_what_the_script_makes(tmp_path: Path) -> None:
    make = _make_sounds()
    assert set(make.SOUNDS) == set(SOUNDS)
    for name in SOUNDS:
        made = make.write(name, tmp_path)
        ours, shipped = _samples(made), _samples(SOUNDS_DIR / made.name)
        assert ours[0] == shipped[0]
        # Equal to within one step of rounding: another platform's sin() may differ in the last bit.
        assert max(abs(a - b) for a, b in zip(ours[1], shipped[1], strict=True)) <= 1, f"run python assets/make_sounds.py ({name} differs)"


def test_sounds_have_a_licence_note() -> None:
    text = (SOUNDS_DIR / "LICENSE.txt").read_text(encoding="utf-8")
    assert "make_sounds.py" in text and "MIT" in text


def test_every_sound_has_a_caption_in_both_languages() -> None:
    for name in SOUNDS:
        for lang in ("vi", "en"):
            words = caption(name, lang)
            assert words.startswith("[") and words.endswith("]") and len(words) > 4, (name, lang)
        assert caption(name, "vi") != caption(name, "en")
    assert caption("sounds/ringtone.wav", "en") == "[Phone ringing]"  # a step's `sound:` path
    assert caption("ringtone", "xx") == "[Phone ringing]"  # a language the game lacks: English
    assert caption("no-such-sound", "vi") == ""


def test_audio_plays_effects_and_voice_with_the_dummy_driver(library) -> None:
    a = Audio(volume=0.5)
    assert a.available and not a.muted and a.volume == 0.5
    for name in SOUNDS:
        a.play(name)
    a.stop()
    text, lang = _a_spoken_line(library)
    seconds = a.speak(text, lang)
    assert seconds > 1.0, "a shipped call line has a clip"
    assert a.busy(), "a voice line playing is something the player listens to"
    a.stop("voice")
    assert a.speak(text + " (edited)", lang) == 0.0, "no clip for a changed line: captions only"
    assert a.speak(text, "xx") == 0.0
    a.stop()


def test_a_ringing_loop_does_not_count_as_busy(library, mixer) -> None:
    a = Audio()
    a.play("ringtone", loop=True)
    a.play("ringtone", loop=True)
    assert a._effects["ringtone"].get_num_channels() == 1, "asking again keeps the one ring going, not two"
    assert not a.busy(), "a phone left ringing must not stop a kiosk from resetting"
    a.stop()


def test_mute_silences_and_unmute_resumes_the_ring(library, mixer) -> None:
    a = Audio(muted=True)
    text, lang = _a_spoken_line(library)
    assert a.speak(text, lang) == 0.0 and not a.busy()
    a.play("ringtone", loop=True)
    a.set_muted(False)
    ring = a._effects["ringtone"]
    assert ring is not None and ring.get_num_channels() == 1, "the phone still rings when sound comes back on"
    a.set_muted(True)
    assert a.muted
    a.stop()
    before = ring.get_num_channels()  # may still be fading out
    a.set_muted(False)
    assert ring.get_num_channels() == before, "a ring stopped by the game does not come back on unmute"


def test_volume_is_clamped_and_applied(mixer) -> None:
    a = Audio()
    a.play("notify")
    a.set_volume(3)
    assert a.volume == 1.0
    a.set_volume(-1)
    assert a.volume == 0.0
    assert a._effects["notify"].get_volume() == pytest.approx(0.0)
    a.set_volume(0.25)
    assert a._effects["notify"].get_volume() == pytest.approx(0.25, abs=0.01)


def test_no_audio_device_means_silence_not_an_exception(monkeypatch, library) -> None:
    def no_device(*args, **kwargs):
        raise pygame.error("No available audio device")

    monkeypatch.setattr(pygame.mixer, "init", no_device)
    monkeypatch.setattr(pygame.mixer, "get_init", lambda: None)
    a = Audio()
    assert not a.available
    a.play("ringtone", loop=True)
    text, lang = _a_spoken_line(library)
    assert a.speak(text, lang) == 0.0
    assert not a.busy()
    a.set_volume(0.3)
    a.set_muted(True)
    a.set_muted(False)
    a.stop("ringtone")
    a.stop()
    assert a.volume == 0.3


def test_a_missing_or_damaged_sound_file_is_silence(tmp_path: Path, mixer) -> None:
    (tmp_path / "sounds").mkdir()
    (tmp_path / "sounds" / "ringtone.wav").write_bytes(b"RIFF not really a wave file")
    a = Audio(assets_root=tmp_path)
    a.play("ringtone", loop=True)  # damaged
    a.play("message")  # missing
    a.play("../../etc/passwd")  # not a path inside assets/: never opened
    assert a._effects == {"ringtone": None, "message": None, "../../etc/passwd": None}
    assert not a.busy()


def test_audio_module_needs_no_device_at_import() -> None:
    assert audio_mod.Audio(muted=True)._ready is None, "the mixer starts on first use, not when the game starts"
