"""Speak every story text into assets/voices/ with espeak-ng: call lines, and what read-aloud reads.

    python assets/make_voices.py            # make missing clips, delete unused ones, rewrite index.json
    python assets/make_voices.py --check    # only report missing or stale clips (exit 1 if any)
    python assets/make_voices.py --force    # make every clip again

Needs espeak-ng and sox with Ogg support (Debian/Ubuntu:
`apt-get install espeak-ng sox libsox-fmt-all`); oggenc (vorbis-tools) is used when
sox is missing. Each clip is named <lang>-<key>.ogg, where the key is a hash of the
language, the exact text the game shows and the voice settings
(game/core/voices.py), so a clip that exists is never made again and an edited line
gets a new clip. Vorbis output is not byte-for-byte repeatable, which is one more
reason to keep unchanged clips rather than remake them.

Which texts get a clip (game/core/voices.py, voiced_lines): the text of every step
(calls are spoken always; the rest when the player turns read-aloud on), the earlier
messages of chats, every choice, the title and text of every ending, and the words
"Choice 1".."Choice 9" said before the choices. Not the debrief's feedback: it is
longer than all of these together, and is read in class with a teacher. At about
2 kB a second of speech the clips take some 8-9 MB; the total is printed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from game.core import voices  # noqa: E402
from game.core.library import load_library  # noqa: E402

INDEX_FORMAT = 2  # 2: every entry names the part of its step or ending ("text", "choice 2"...)
UI_SCENARIO = ""  # the scenario id of the UI words' clips in the index (they belong to no story)


@dataclass
class Clip:
    key: str
    lang: str
    text: str
    uses: list[tuple[str, str, str]]  # (scenario id, node id, part); the same words in two places are one clip

    @property
    def file(self) -> str:
        return f"{self.lang}-{self.key}{voices.CLIP_SUFFIX}"


def wanted_clips(library) -> dict[str, Clip]:
    clips: dict[str, Clip] = {}

    def want(lang: str, text: str, use: tuple[str, str, str]) -> None:
        key = voices.clip_key(text, lang)
        clip = clips.setdefault(key, Clip(key, lang, text, []))
        clip.uses.append(use)

    langs: set[str] = set()
    for sc in library.ordered():
        langs.update(sc.languages)
        for v in voices.voiced_lines(sc):
            if v.text.strip():
                want(v.lang, v.text, (sc.id, v.node, v.part))
    for lang, text in voices.ui_lines(voices.voiced_languages(sorted(langs))):
        want(lang, text, (UI_SCENARIO, "ui", text))
    return clips


def tools() -> tuple[str, str]:
    espeak = shutil.which("espeak-ng")
    encoder = "sox" if shutil.which("sox") else "oggenc" if shutil.which("oggenc") else ""
    if not espeak or not encoder:
        sys.exit(
            "make_voices.py needs espeak-ng and sox (or oggenc). On Debian/Ubuntu:\n    sudo apt-get install espeak-ng sox libsox-fmt-all"
        )
    return espeak, encoder


# Text faces like ^^ :) :(( <3 -_- : espeak-ng reads "^^" out as "caret caret".
EMOTICON = re.compile(r"(?:[:;=][\-']?[()\[\]DPpOo3/|*]+|\^[_.\-]?\^+|<3+|T_T|-_-)[.,!?]*")


def _picture(ch: str) -> bool:
    """Emoji and their joiners, variation selectors and skin tones: nothing to say."""
    cp = ord(ch)
    return unicodedata.category(ch) == "So" or 0xFE00 <= cp <= 0xFE0F or 0x1F3FB <= cp <= 0x1F3FF or cp == 0x200D


def speakable(text: str) -> str:
    """The text as it is said: without emoji and text faces, which espeak-ng would read out by name."""
    kept = "".join(" " if _picture(ch) else ch for ch in text)
    return " ".join(word for word in kept.split() if not EMOTICON.fullmatch(word))


def synthesise(clip: Clip, out: Path, espeak: str, encoder: str) -> None:
    """Text -> espeak-ng WAV on a pipe -> mono Vorbis at a low rate, written atomically."""
    s = voices.voice_settings(clip.lang)
    # The text goes in on stdin, never on the command line: a line starting with '-' stays text.
    wav = subprocess.run(
        [espeak, "-v", str(s["voice"]), "-s", str(s["speed"]), "-p", str(s["pitch"]), "-b", "1", "--stdout"],
        input=speakable(clip.text).encode("utf-8"),
        capture_output=True,
        check=True,
    ).stdout
    fd, tmp_name = tempfile.mkstemp(suffix=".ogg", dir=out)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if encoder == "sox":
            cmd = [
                "sox",
                "-q",
                "-t",
                "wav",
                "-",
                "-r",
                str(s["rate"]),
                "-c",
                "1",
                "-C",
                str(s["quality"]),
                "-t",
                "vorbis",
                str(tmp),
                "norm",
                "-3",
            ]
        else:
            cmd = ["oggenc", "-Q", "--resample", str(s["rate"]), "--downmix", "-q", str(s["quality"]), "-o", str(tmp), "-"]
        subprocess.run(cmd, input=wav, capture_output=True, check=True)
        os.replace(tmp, out / clip.file)
    finally:
        tmp.unlink(missing_ok=True)


def write_index(out: Path, clips: dict[str, Clip]) -> None:
    entries = {}
    for key in sorted(clips):
        c = clips[key]
        entry: dict[str, object] = {"lang": c.lang, "scenario": c.uses[0][0], "step": c.uses[0][1], "part": c.uses[0][2], "file": c.file}
        if len(c.uses) > 1:
            entry["also"] = [list(u) for u in c.uses[1:]]
        entries[key] = entry
    index = {
        "format": INDEX_FORMAT,
        "settings": {lang: voices.voice_settings(lang) for lang in sorted({c.lang for c in clips.values()})},
        "clips": entries,
    }
    tmp = out / (voices.INDEX_NAME + ".tmp")
    tmp.write_text(json.dumps(index, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, out / voices.INDEX_NAME)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report missing or stale clips and exit 1 if any; make nothing")
    parser.add_argument("--force", action="store_true", help="make every clip again")
    parser.add_argument("--jobs", type=int, default=2, help="clips made at once (default 2)")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    library = load_library(assets_root=None, use_cache=False)  # no clip check while reading: we are making them
    out = voices.voices_dir()
    clips = wanted_clips(library)

    if args.check:
        problems = [p.format() for sc in library.ordered() for p in voices.voice_problems(sc)]
        problems += [
            f"no clip for the UI words {c.text!r} ({c.lang})"
            for c in clips.values()
            if c.uses[0][0] == UI_SCENARIO and not (out / c.file).is_file()
        ]
        for p in problems:
            print(p)
        print(f"{len(clips)} clips wanted, {len(problems)} problem(s)")
        return 1 if problems else 0

    espeak, encoder = tools()
    out.mkdir(parents=True, exist_ok=True)
    todo = [c for c in clips.values() if args.force or not (out / c.file).is_file()]
    failed: list[str] = []

    def make(clip: Clip) -> None:
        try:
            synthesise(clip, out, espeak, encoder)
        except (OSError, subprocess.CalledProcessError) as err:
            detail = getattr(err, "stderr", b"") or b""
            failed.append(f"{clip.file} ({'/'.join(clip.uses[0])}): {err} {detail.decode(errors='replace').strip()}")

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        list(pool.map(make, todo))

    # Delete clips no scenario speaks any more, but only when every scenario loaded:
    # a file with an error is missing from the library, and its clips are still wanted.
    removed = 0
    if library.errors:
        print(f"{len(library.failed)} scenario file(s) have errors; unused clips are kept until they load", file=sys.stderr)
    else:
        keep = {c.file for c in clips.values()}
        for old in out.glob(f"*{voices.CLIP_SUFFIX}"):
            if old.name not in keep:
                old.unlink()
                removed += 1
    write_index(out, {k: c for k, c in clips.items() if (out / c.file).is_file()})

    total = sum(p.stat().st_size for p in out.glob(f"*{voices.CLIP_SUFFIX}"))
    print(
        f"{len(clips)} clips: {len(todo) - len(failed)} made, {len(clips) - len(todo)} kept, {removed} removed; "
        f"{total / 1024 / 1024:.2f} MB in assets/voices/; {time.perf_counter() - t0:.1f} s"
    )
    for line in failed:
        print("failed:", line, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
