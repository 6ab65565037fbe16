"""Test helper: a Hypothesis strategy for random *valid* stories, written as YAML files.

Each story has 1–7 steps in a chain (step i always has an unconditional reply to step i+1,
the last one to an ending), so every step is reachable and can finish; on top of that,
random extra replies jump anywhere (back to earlier steps, to themselves, to endings),
set flags, and are hidden by `requires`/`unless` on flags that some reply sets. Steps use
every channel, some are genuine, optional fields come and go. The validator must accept
every such story; the front ends must then play every reply of it.
"""

from __future__ import annotations

from hypothesis import strategies as st

from game.core.model import CHANNELS, OUTCOMES, SAFETY

TACTICS = ("urgency", "secrecy", "fear_threat", "otp_theft", "isolation", "fake_app")
FLAGS = ("a", "b", "c")
WORDS = ("Alo", "Chào em", "Hello", "Mẹ đây", "Bạn ơi", "Xin chào", "OK", "Stop", "Gọi 113", "Wait")


def _text(draw, tag: str) -> dict[str, str]:
    word = draw(st.sampled_from(WORDS))
    extra = draw(st.integers(0, 30))
    return {"vi": f"{word} {tag} " + "ờ " * extra, "en": f"{word} {tag} " + "uh " * extra}


@st.composite
def stories(draw) -> dict:
    n_steps = draw(st.integers(1, 7))
    n_endings = draw(st.integers(1, 3))
    steps = [f"s{i}" for i in range(n_steps)]
    endings = [f"e{i}" for i in range(n_endings)]
    used_flags: set[str] = set()
    set_flags: set[str] = set()
    out_steps: dict[str, dict] = {}
    for i, sid in enumerate(steps):
        genuine = draw(st.booleans())
        channel = draw(st.sampled_from(CHANNELS))
        step: dict = {"channel": channel, "text": _text(draw, sid)}
        if channel != "narration" or draw(st.booleans()):
            step["from"] = draw(st.sampled_from(["x", "mom"]))
        if genuine:
            step["genuine"] = True
        elif draw(st.booleans()):
            step["tactic"] = draw(st.sampled_from(TACTICS))
        if draw(st.booleans()):
            step["at"] = f"{9 + i:02d}:{draw(st.integers(0, 59)):02d}"
        if draw(st.booleans()):
            step["discussion"] = _text(draw, "?")
        if draw(st.booleans()):
            step["messages"] = [{"from": "x", "text": _text(draw, "m")}]
        onward = steps[i + 1] if i + 1 < n_steps else draw(st.sampled_from(endings))
        choices = [
            {"text": _text(draw, f"{sid}.go"), "next": onward, "safety": draw(st.sampled_from(SAFETY)), "feedback": _text(draw, "fb")}
        ]
        for k in range(draw(st.integers(0, 3))):
            extra = {
                "text": _text(draw, f"{sid}.alt{k}"),
                "next": draw(st.sampled_from(steps + endings)),  # loops and self-loops included
                "safety": draw(st.sampled_from(SAFETY)),
                "feedback": _text(draw, "fb"),
            }
            if draw(st.booleans()):
                flag = draw(st.sampled_from(FLAGS))
                extra["sets"] = [flag]
                set_flags.add(flag)
            kind = draw(st.sampled_from(["", "requires", "unless"]))
            if kind:
                flag = draw(st.sampled_from(FLAGS))
                extra[kind] = [flag]
                used_flags.add(flag)
            if genuine and extra["safety"] != "safe" and draw(st.booleans()):
                extra["false_alarm"] = True
            choices.append(extra)
        if not genuine and "tactic" in step and not any(c["safety"] == "safe" for c in choices):
            choices[0]["safety"] = "safe"
        draw(st.randoms()).shuffle(choices)  # the always-open way on is not always first
        step["choices"] = choices
        out_steps[sid] = step
    # a flag required or excluded must be set somewhere: give the first step a reply that sets it
    for flag in sorted(used_flags - set_flags):
        out_steps[steps[0]]["choices"].append(
            {"text": _text(draw, f"set.{flag}"), "next": steps[0], "safety": "neutral", "feedback": _text(draw, "fb"), "sets": [flag]}
        )
    # every ending is reached by some reply (an unreachable ending is E202)
    targeted = {c["next"] for step in out_steps.values() for c in step["choices"]}
    for e in endings:
        if e not in targeted:
            out_steps[draw(st.sampled_from(steps))]["choices"].append(
                {"text": _text(draw, f"to.{e}"), "next": e, "safety": draw(st.sampled_from(SAFETY)), "feedback": _text(draw, "fb")}
            )
    # a flag set but never used only warns; fine.
    return {
        "format": 1,
        "id": "generated-story",
        "kind": draw(st.sampled_from(["fake_police", "job_lure", "isolation", "other"])),
        "languages": ["vi", "en"],
        "title": {"vi": "Truyện thử", "en": "Generated"},
        "summary": {"vi": "Một truyện ngẫu nhiên.", "en": "A random story."},
        "start": steps[0],
        "characters": {
            "x": {"name": {"vi": "Người lạ", "en": "Stranger"}, "role": "scammer"},
            "mom": {"name": {"vi": "Mẹ", "en": "Mom"}, "role": "family", "avatar": "mom"},
        },
        "steps": out_steps,
        "endings": {e: {"outcome": draw(st.sampled_from(OUTCOMES)), "title": _text(draw, e), "text": _text(draw, "end")} for e in endings},
    }
