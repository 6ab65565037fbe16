"""Faces that fit: every character of a story has a face of its own, drawn by the game.

No two people of a story look alike; a real helper (the ward police, a parent, a friend)
never looks like a scammer; the grey "?" is only for an unknown number; the same face on
every run; the video call shows the same person; an author's own picture comes first.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

import pygame
import pytest
from PIL import Image

from game.app import faces
from game.app.art import Art
from game.core import model as m
from game.core.library import load_library

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "docs" / "story-template.yaml"


@pytest.fixture(scope="module")
def art():
    return Art()


def pixels(surface: pygame.Surface) -> bytes:
    return pygame.image.tobytes(surface, "RGBA")


def casts(library):
    for sc in library.scenarios.values():
        yield sc, list(sc.characters.values())


def shown_alike(a: m.Character, b: m.Character) -> bool:
    """Two unknown numbers, or one sender under one name and number (a spoofed bank text): one face, as on a phone."""
    return (faces.shows_unknown(a) and faces.shows_unknown(b)) or faces.identity(a) == faces.identity(b)


def test_no_two_characters_of_a_story_share_a_face(library, art):
    for sc, people in casts(library):
        for a, b in itertools.combinations(people, 2):
            same = pixels(art.face(a, sc, 64)) == pixels(art.face(b, sc, 64))
            assert same == shown_alike(a, b), f"{sc.id}: {a.id} and {b.id}"


def test_a_spoofed_sender_shows_the_real_senders_face(library, art):
    # prize-message: the fake "SaoMaiBank" text lands under the bank's own name, as spoofed texts do.
    sc = library.scenarios["prize-message"]
    fake, real = sc.characters["fake_bank"], sc.characters["bank"]
    assert fake.role == "scammer" and real.role == "official"
    assert pixels(art.face(fake, sc, 64)) == pixels(art.face(real, sc, 64))


def test_a_helper_never_looks_like_a_scammer(library, art):
    pairs = 0
    for sc, people in casts(library):
        helpers = [c for c in people if c.role != "scammer"]
        scammers = [c for c in people if c.role == "scammer"]
        for helper, scammer in itertools.product(helpers, scammers):
            if faces.identity(helper) == faces.identity(scammer):
                continue  # the spoofed sender above
            pairs += 1
            a, b = art.look(helper, sc), art.look(scammer, sc)
            assert not faces.too_close(a, b, strict=True), f"{sc.id}: {helper.id} looks like {scammer.id}"
            assert pixels(art.video_of(helper, sc, (180, 320))) != pixels(art.video_of(scammer, sc, (180, 320)))
    assert pairs > 20


def test_the_real_police_are_other_people_than_the_fake_police(library, art):
    sc = library.scenarios["parent-ransom-call"]
    real, fake = sc.characters["ward_police"], sc.characters["fake_police"]
    assert real.avatar == fake.avatar == "officer"
    a, b = art.look(real, sc), art.look(fake, sc)
    assert a.outfit == b.outfit == "uniform"  # both in uniform: the difference is the person, not a sinister look
    assert a.bg != b.bg and sum(x != y for x, y in zip(faces._traits(a), faces._traits(b), strict=True)) >= 5


def test_a_real_person_never_gets_the_question_mark(library, art):
    unknown = pixels(art.face(None, None, 64))
    for sc, people in casts(library):
        for who in people:
            face = pixels(art.face(who, sc, 64))
            if who.role in faces.UNKNOWN_ROLES and who.avatar == "unknown":
                assert face == unknown, f"{sc.id}: {who.id} is an unknown number"
            else:
                assert face != unknown, f"{sc.id}: {who.id} is a real person shown as an unknown number"


def test_a_real_person_without_an_avatar_gets_a_face_and_a_stranger_the_question_mark(art):
    def person(role: str) -> m.Character:
        return m.Character(id="x", name=m.Text.of(vi="Cô Lan", en="Ms Lan"), role=role, avatar="unknown")

    unknown = pixels(art.face(None, None, 64))
    for role in ("family", "friend", "official", "employer", "other"):
        look = art.look(person(role), None)
        assert look.kind == "person" and pixels(art.face(person(role), None, 64)) != unknown, role
    for role in ("scammer", "stranger"):
        assert pixels(art.face(person(role), None, 64)) == unknown, role


def test_the_video_call_shows_the_same_person_as_the_avatar(library, art):
    sc = library.scenarios["fake-police-call"]
    for cid in ("prosecutor", "mom"):
        who = sc.characters[cid]
        look = art.look(who, sc)
        colours = [
            {c for _, c in Image.frombytes("RGBA", s.get_size(), pixels(s)).convert("RGB").getcolors(1 << 20)}
            for s in (
                art.face(who, sc, 96),
                art.video_of(who, sc, (300, 600)),
            )
        ]
        for colour in (look.skin, look.top):  # the same skin and clothes, drawn flat, in both
            assert all(colour in found for found in colours), f"{cid}: {colour}"
    assert pixels(art.video_of(sc.characters["prosecutor"], sc, (300, 600))) != pixels(art.video_of(sc.characters["mom"], sc, (300, 600)))


LOOKS_SCRIPT = """
from game.core.library import load_library
from game.app import faces
for sc in sorted(load_library().scenarios.values(), key=lambda s: s.id):
    print(sc.id, sorted(faces.looks_of(sc.id, sc.characters).items()))
"""


def test_the_faces_are_the_same_on_every_run(library):
    runs = []
    for seed in ("1", "2"):  # a different string hash in each process
        env = {**os.environ, "PYTHONHASHSEED": seed, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
        done = subprocess.run([sys.executable, "-c", LOOKS_SCRIPT], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
        assert done.returncode == 0, done.stderr[-400:]
        runs.append(done.stdout)
    here = "".join(
        f"{sc.id} {sorted(faces.looks_of(sc.id, sc.characters).items())}\n" for sc in sorted(library.scenarios.values(), key=lambda s: s.id)
    )
    assert runs[0] == runs[1] == here


def test_an_authors_picture_comes_before_the_drawn_face(tmp_path, art):
    green = (40, 170, 90)
    text = TEMPLATE.read_text(encoding="utf-8").replace("    avatar: man\n", "    avatar: man\n    picture: faces/tuan.png\n")
    folder = tmp_path / "stories"
    (folder / "faces").mkdir(parents=True)
    (folder / "my-new-story.yaml").write_text(text, encoding="utf-8")
    Image.new("RGB", (120, 120), green).save(folder / "faces" / "tuan.png")
    sc = load_library([folder], use_cache=False).scenarios["my-new-story"]
    who = sc.characters["stranger"]
    face, frame = art.face(who, sc, 64), art.video_of(who, sc, (90, 160))

    def near(colour) -> bool:  # (scaling may move a channel by a little)
        return max(abs(a - b) for a, b in zip(colour[:3], green, strict=True)) <= 3

    assert near(face.get_at((32, 32))) and face.get_at((1, 1)).a == 0  # the picture, cut round
    assert near(frame.get_at((45, 80)))
    assert pixels(art.face(sc.characters["mom"], sc, 64)) != pixels(face)  # the others keep their drawn faces


def count_near(surface: pygame.Surface, colour: tuple[int, int, int]) -> int:
    """How many pixels have this colour, give or take what blending onto the screen moves a channel."""
    rgb = Image.frombytes("RGBA", surface.get_size(), pixels(surface)).convert("RGB")
    return sum(n for n, c in rgb.getcolors(1 << 22) if max(abs(a - b) for a, b in zip(c, colour, strict=True)) <= 4)


def test_the_phone_shows_the_real_police_and_the_fake_police_as_two_people(library):
    from apphelp import make_app

    from game.app.scenes.phone import snapshot

    app, _ = make_app(library, size=(1366, 768))
    sc = library.scenarios["parent-ransom-call"]
    calls = {cid: next(s for s in sc.steps.values() if s.speaker == cid and s.channel == "call") for cid in ("ward_police", "fake_police")}
    disc = {cid: faces.mix(app.art.look(sc.characters[cid], sc).bg, faces.WHITE, 0.18) for cid in calls}  # behind each head
    for cid, step in calls.items():
        shot, _ = snapshot(app, sc, step, "en", (360, 720))
        other = next(o for o in calls if o != cid)
        assert count_near(shot, disc[cid]) > 100, f"{cid}'s own face is not on the phone"
        assert count_near(shot, disc[other]) == 0, f"{other}'s face is on {cid}'s call"


def test_a_video_call_on_the_phone_shows_the_callers_face_in_their_room(library):
    from apphelp import make_app

    from game.app.scenes.phone import snapshot

    app, _ = make_app(library, size=(1366, 768))
    sc = library.scenarios["fake-police-call"]
    step = next(s for s in sc.steps.values() if s.channel == "video_call")
    look = app.art.look(sc.characters[step.speaker], sc)
    shot, _ = snapshot(app, sc, step, "en", (360, 720))
    assert count_near(shot, look.skin) > 300 and count_near(shot, look.wall) > 300  # a face, large, in the room behind it
