"""The chart as a Mermaid flowchart, for Markdown pages and GitHub.

This module translates a :class:`~orgroles._render._plan.DrawPlan` into Mermaid source. Node ids are
generated (``n0``, ``s0``, ``u0``); user text appears only inside quoted labels, escaped by
:func:`~orgroles._render._escape.mermaid`, so ``end``, ``%%``, quotes, brackets and HTML in names
stay text. Mermaid lays out by itself, so stacking of wide spans does not apply here.
"""

from __future__ import annotations

from orgroles._render._escape import mermaid
from orgroles._render._plan import DrawPlan, display_title
from orgroles._render._themes import TRACK_ORDER, get_theme

__all__ = ["plan_to_mermaid"]


def plan_to_mermaid(plan: DrawPlan) -> str:
    """Mermaid ``flowchart TB`` source for a plan, one statement per line, ending in a newline."""
    lines = ["flowchart TB"]
    by_cluster: dict[str | None, list[str]] = {}
    classes: dict[str, list[str]] = {}
    for pid, position in plan.positions.items():
        node = plan.node_of[pid]
        title = mermaid(display_title(plan.chart, position))
        holder = "<i>Vacant</i>" if position.name is None else mermaid(position.name)
        by_cluster.setdefault(plan.cluster_of(position), []).append(
            f'{node}["<b>{title}</b><br/>{holder}"]'
        )
        classes.setdefault(plan.track_of(position), []).append(node)
        if position.name is None:
            classes.setdefault("vacant", []).append(node)
    for stub in plan.stubs:
        text = "<br/>".join(mermaid(line) for line in stub.lines)
        by_cluster.setdefault(stub.cluster, []).append(f'{stub.node}["{text}"]')
        classes.setdefault("stub", []).append(stub.node)
    lines.extend(f"    {statement}" for statement in by_cluster.pop(None, []))
    for index, (unit, statements) in enumerate(by_cluster.items()):
        lines.append(f'    subgraph u{index}["{mermaid(str(unit))}"]')
        lines.extend(f"        {statement}" for statement in statements)
        lines.append("    end")
    lines.extend(_links(plan))
    lines.extend(_styles(plan, classes))
    return "\n".join(lines) + "\n"


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
    if "stub" in classes:
        lines.append(
            f"    classDef stub fill:{theme.stub_fill},stroke:{theme.muted},"
            f"color:{theme.muted},stroke-dasharray:3 3"
        )
    for name in (*TRACK_ORDER, "vacant", "stub"):
        if name in classes:
            lines.append(f"    class {','.join(classes[name])} {name}")
    return lines
