"""The branching of one scenario drawn as a PNG with Pillow: no Mermaid or Graphviz needed.

An author offline (a school without internet, a trainer's laptop) sees the story as a
picture: steps in rows by their distance from the start, scam steps with their tactic,
genuine steps dashed, endings coloured by outcome, and each choice an arrow coloured by
its safety (green safe, grey neutral, orange risky, red unsafe). Rows and columns come from
one breadth-first walk, so drawing is linear in steps plus choices.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from . import model as m
from .graph import OUTCOME_COLOUR, SAFETY_COLOUR

BOX_W, BOX_H, GAP_X, GAP_Y, MARGIN = 260, 74, 40, 70, 30
MAX_PER_ROW = 8


def _layers(sc: m.Scenario) -> list[list[str]]:
    """Nodes by breadth-first distance from the start; nodes never reached go last."""
    depth = {sc.start: 0}
    queue = deque([sc.start])
    while queue:
        node = queue.popleft()
        step = sc.steps.get(node)
        for c in step.choices if step else ():
            if c.next not in depth and (c.next in sc.steps or c.next in sc.endings):
                depth[c.next] = depth[node] + 1
                queue.append(c.next)
    rows: dict[int, list[str]] = {}
    last = max(depth.values(), default=0)
    for node in [*sc.steps, *sc.endings]:
        rows.setdefault(depth.get(node, last + 1), []).append(node)
    out: list[list[str]] = []
    for d in sorted(rows):
        row = rows[d]
        out += [row[i : i + MAX_PER_ROW] for i in range(0, len(row), MAX_PER_ROW)]  # wide rows wrap
    return out


def _fit(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    text = " ".join(text.split())
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text + "…"


def draw_graph(sc: m.Scenario, lang: str, font_path: Path, bold_path: Path | None = None) -> Image.Image:
    rows = _layers(sc)
    cols = max(len(r) for r in rows)
    width = MARGIN * 2 + cols * BOX_W + (cols - 1) * GAP_X
    height = MARGIN * 2 + 40 + len(rows) * BOX_H + (len(rows) - 1) * GAP_Y
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(font_path), 15)
    bold = ImageFont.truetype(str(bold_path or font_path), 16)
    draw.text((MARGIN, MARGIN - 10), _fit(draw, f"{sc.id} — {sc.title.get(lang)}", bold, width - 2 * MARGIN), fill="black", font=bold)

    where: dict[str, tuple[int, int, int, int]] = {}
    for r, row in enumerate(rows):
        left = MARGIN + (width - 2 * MARGIN - (len(row) * BOX_W + (len(row) - 1) * GAP_X)) // 2
        top = MARGIN + 40 + r * (BOX_H + GAP_Y)
        for i, node in enumerate(row):
            x = left + i * (BOX_W + GAP_X)
            where[node] = (x, top, x + BOX_W, top + BOX_H)

    # arrows first, boxes on top of them
    for step in sc.steps.values():
        x0, y0, x1, y1 = where[step.id]
        n = len(step.choices)
        for k, c in enumerate(step.choices):
            if c.next not in where:
                continue
            tx0, ty0, tx1, ty1 = where[c.next]
            start = (x0 + (k + 1) * BOX_W // (n + 1), y1)
            end = ((tx0 + tx1) // 2, ty0) if ty0 > y1 else ((tx0 + tx1) // 2, ty1)
            colour = SAFETY_COLOUR[c.safety]
            draw.line([start, end], fill=colour, width=3 if c.safety == "safe" else 2)
            ex, ey = end
            up = -1 if ty0 > y1 else 1
            draw.polygon([(ex, ey), (ex - 6, ey + 10 * up), (ex + 6, ey + 10 * up)], fill=colour)

    for node, (x0, y0, x1, y1) in where.items():
        if node in sc.steps:
            step = sc.steps[node]
            tag = "genuine" if step.genuine else (step.tactic or step.channel)
            fill = "#eef4ff" if step.genuine else ("#fff4f2" if step.tactic else "#f4f4f4")
            draw.rounded_rectangle((x0, y0, x1, y1), radius=6, fill=fill, outline="#2b4a8b" if step.genuine else "#555555", width=2)
            if step.genuine:  # dashed look: white gaps over the outline
                for gx in range(x0 + 8, x1 - 8, 16):
                    draw.line([(gx, y0), (gx + 6, y0)], fill=fill, width=2)
                    draw.line([(gx, y1), (gx + 6, y1)], fill=fill, width=2)
            lines = [f"{node} · {tag}", step.text.get(lang)]
        else:
            ending = sc.endings[node]
            draw.rounded_rectangle((x0, y0, x1, y1), radius=18, fill=OUTCOME_COLOUR[ending.outcome], outline="#555555", width=2)
            lines = [f"{node} · {ending.outcome.upper()}", ending.title.get(lang)]
        draw.text((x0 + 10, y0 + 10), _fit(draw, lines[0], bold, BOX_W - 20), fill="black", font=bold)
        draw.text((x0 + 10, y0 + 40), _fit(draw, lines[1], font, BOX_W - 20), fill="#333333", font=font)
    return img
