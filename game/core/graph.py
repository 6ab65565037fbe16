"""The branching of one scenario as Mermaid or Graphviz DOT source.

Steps are boxes (genuine ones marked), choices are labelled edges styled by safety,
endings are rounded nodes coloured by outcome. Labels are escaped for each format so
that no text in a scenario can break out of its label.
"""

from __future__ import annotations

from . import model as m

SAFETY_MARK = {"safe": "✔", "neutral": "•", "risky": "!", "unsafe": "✘"}
SAFETY_COLOUR = {"safe": "#1b7f3b", "neutral": "#666666", "risky": "#b36b00", "unsafe": "#b3261e"}
OUTCOME_COLOUR = {"safe": "#c8f0d2", "rescued": "#fff1b8", "harmed": "#f8c9c4"}


def _short(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _mermaid_label(text: str) -> str:
    # Mermaid reads "#code;" entities inside quoted labels.
    return text.replace("#", "#35;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;").replace("|", "#124;")


def _node_id(raw: str) -> str:
    return "n_" + raw  # ids are [a-z0-9_], safe as they are; the prefix avoids keywords (end, graph)


def to_mermaid(sc: m.Scenario, lang: str) -> str:
    out = ["flowchart TD"]
    for step in sc.steps.values():
        tag = " (genuine)" if step.genuine else (f" [{step.tactic}]" if step.tactic else "")
        label = _mermaid_label(f"{step.id}{tag}: {_short(step.text.get(lang))}")
        out.append(f'  {_node_id(step.id)}["{label}"]')
    for ending in sc.endings.values():
        label = _mermaid_label(f"{ending.outcome.upper()}: {_short(ending.title.get(lang))}")
        out.append(f'  {_node_id(ending.id)}(["{label}"])')
        out.append(f"  class {_node_id(ending.id)} {ending.outcome}")
    link = 0
    styles = []
    for step in sc.steps.values():
        for c in step.choices:
            label = _mermaid_label(f"{SAFETY_MARK[c.safety]} {c.safety}: {_short(c.text.get(lang), 36)}")
            out.append(f'  {_node_id(step.id)} -->|"{label}"| {_node_id(c.next)}')
            styles.append(f"  linkStyle {link} stroke:{SAFETY_COLOUR[c.safety]}")
            link += 1
    out += styles
    for outcome, colour in OUTCOME_COLOUR.items():
        out.append(f"  classDef {outcome} fill:{colour}")
    return "\n".join(out) + "\n"


def _dot_label(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def to_dot(sc: m.Scenario, lang: str) -> str:
    out = [f'digraph "{_dot_label(sc.id)}" {{', "  rankdir=TB;", '  node [shape=box, fontname="DejaVu Sans"];']
    for step in sc.steps.values():
        tag = " (genuine)" if step.genuine else (f" [{step.tactic}]" if step.tactic else "")
        label = _dot_label(f"{step.id}{tag}\n{_short(step.text.get(lang))}")
        extra = ", style=dashed" if step.genuine else ""
        out.append(f'  "{step.id}" [label="{label}"{extra}];')
    for ending in sc.endings.values():
        label = _dot_label(f"{ending.outcome.upper()}: {_short(ending.title.get(lang))}")
        out.append(f'  "{ending.id}" [label="{label}", shape=box, style="rounded,filled", fillcolor="{OUTCOME_COLOUR[ending.outcome]}"];')
    for step in sc.steps.values():
        for c in step.choices:
            label = _dot_label(f"{SAFETY_MARK[c.safety]} {_short(c.text.get(lang), 36)}")
            style = ", style=dashed" if c.conditional else ""
            out.append(f'  "{step.id}" -> "{c.next}" [label="{label}", color="{SAFETY_COLOUR[c.safety]}"{style}];')
    out.append("}")
    return "\n".join(out) + "\n"
