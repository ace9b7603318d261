"""The chart as a Mermaid flowchart, for Markdown pages and GitHub.

This module translates a :class:`~orgroles._render._plan.DrawPlan` into Mermaid source. Node ids are
generated (``n0``, ``s0``, ``u0``); user text appears only inside quoted labels, escaped by
:func:`~orgroles._render._escape.mermaid`, so ``end``, ``%%``, quotes, brackets and HTML in names
stay text. Each box also gets a class named after its id, spelled in letters, digits and ``_``
(:func:`~orgroles._render._annotate.mermaid_class`). Mermaid lays out by itself, so stacking
of wide spans does not apply here.
"""

from __future__ import annotations

from orgroles._render._annotate import Mark, mermaid_class
from orgroles._render._escape import mermaid
from orgroles._render._plan import DrawPlan, display_title
from orgroles._render._themes import TRACK_ORDER, get_theme

__all__ = ["plan_to_mermaid"]


def plan_to_mermaid(plan: DrawPlan) -> str:
    """Mermaid ``flowchart TB`` source for a plan, one statement per line, ending in a newline."""
    lines = ["flowchart TB"]
    by_cluster: dict[str | None, list[str]] = {}
    classes: dict[str, list[str]] = {}
    own: list[str] = []  # each box's own class, named after its id, for users' styles
    for pid, position in plan.positions.items():
        node = plan.node_of[pid]
        title = mermaid(display_title(plan.chart, position))
        holder = "<i>Vacant</i>" if position.name is None else mermaid(position.name)
        text = _marked(f"<b>{title}</b><br/>{holder}", plan.marks.get(pid))
        by_cluster.setdefault(plan.cluster_of(position), []).append(f'{node}["{text}"]')
        classes.setdefault(plan.track_of(position), []).append(node)
        if position.name is None:
            classes.setdefault("vacant", []).append(node)
        own.append(f"    class {node} {mermaid_class(pid)}")
    for stub in plan.stubs:
        if stub.kind == "ghost" and stub.ref is not None:
            lines = [f"<b>{mermaid(stub.lines[0])}</b>", *(mermaid(n) for n in stub.lines[1:])]
            text = _marked("<br/>".join(lines), plan.marks.get(stub.ref))
            classes.setdefault("ghost", []).append(stub.node)
            own.append(f"    class {stub.node} {mermaid_class(stub.ref, prefix='ghost_')}")
        else:
            text = "<br/>".join(mermaid(line) for line in stub.lines)
            classes.setdefault("stub", []).append(stub.node)
        by_cluster.setdefault(stub.cluster, []).append(f'{stub.node}["{text}"]')
    lines.extend(f"    {statement}" for statement in by_cluster.pop(None, []))
    for index, (unit, statements) in enumerate(by_cluster.items()):
        lines.append(f'    subgraph u{index}["{mermaid(str(unit))}"]')
        lines.extend(f"        {statement}" for statement in statements)
        lines.append("    end")
    lines.extend(_links(plan))
    lines.extend(_styles(plan, classes))
    lines.extend(own)
    lines.extend(_mark_styles(plan))
    return "\n".join(lines) + "\n"


def _marked(text: str, mark: Mark | None) -> str:
    """A label's text with the mark's badge above it and its note below it."""
    if mark is None:
        return text
    if mark.badge is not None:
        text = f"<small><b>{mermaid(mark.badge)}</b></small><br/>{text}"
    if mark.note is not None:
        text = f"{text}<br/><i>{mermaid(mark.note)}</i>"
    return text


def _mark_styles(plan: DrawPlan) -> list[str]:
    """A ``style`` line per box whose mark sets colours (checked hex colours only)."""
    lines = []
    for key, mark in plan.marks.items():
        parts = []
        if mark.color is not None:
            parts += [f"stroke:{mark.color}", "stroke-width:3px"]
        if mark.fill is not None:
            parts.append(f"fill:{mark.fill}")
        if parts:
            lines.append(f"    style {plan.node_of[key]} {','.join(parts)}")
    return lines


def _links(plan: DrawPlan) -> list[str]:
    lines = []
    for manager in plan.positions:
        source = plan.node_of[manager]
        for report in (*plan.assistants.get(manager, ()), *plan.reports.get(manager, ())):
            lines.append(f"    {source} --- {plan.node_of[report]}")
    for stub in plan.stubs:
        if stub.parent is not None:
            lines.append(f"    {plan.node_of[stub.parent]} -.- {stub.node}")
        lines.extend(f"    {stub.node} -.- {plan.node_of[child]}" for child in stub.children)
        if stub.beside is not None:
            ends = (stub.node, plan.node_of[stub.beside])
            tail, head = ends if stub.kind == "dotted-manager" else ends[::-1]
            lines.append(f"    {tail} -.-> {head}")
    for target, report in plan.dotted:
        lines.append(f"    {plan.node_of[target]} -.-> {plan.node_of[report]}")
    return lines


def _styles(plan: DrawPlan, classes: dict[str, list[str]]) -> list[str]:
    theme = get_theme(plan.options.theme)
    lines = []
    for track in TRACK_ORDER:
        fill, border = theme.tracks[track]
        if track in classes:
            lines.append(f"    classDef {track} fill:{fill},stroke:{border},color:{theme.text}")
    if "vacant" in classes:
        lines.append(f"    classDef vacant fill:{theme.vacant_fill},stroke-dasharray:5 5")
    if "ghost" in classes:
        lines.append(
            f"    classDef ghost fill:{theme.stub_fill},stroke:{theme.muted},"
            f"color:{theme.muted},stroke-dasharray:5 5"
        )
    if "stub" in classes:
        lines.append(
            f"    classDef stub fill:{theme.stub_fill},stroke:{theme.muted},"
            f"color:{theme.muted},stroke-dasharray:3 3"
        )
    for name in (*TRACK_ORDER, "vacant", "ghost", "stub"):
        if name in classes:
            lines.append(f"    class {','.join(classes[name])} {name}")
    return lines
