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
    statements: dict[str, str] = {}  # node -> its statement
    home: dict[str, str | None] = {}  # node -> its cluster
    classes: dict[str, list[str]] = {}
    own: list[str] = []  # each box's own class, named after its id, for users' styles
    for pid, position in plan.positions.items():
        node = plan.node_of[pid]
        title = mermaid(display_title(plan.chart, position))
        holder = "<i>Vacant</i>" if position.name is None else mermaid(position.name)
        text = _marked(f"<b>{title}</b><br/>{holder}", plan.marks.get(pid))
        statements[node] = f'{node}["{text}"]'
        home[node] = plan.cluster_of(position)
        classes.setdefault(plan.track_of(position), []).append(node)
        if position.name is None:
            classes.setdefault("vacant", []).append(node)
        own.append(f"    class {node} {mermaid_class(pid)}")
    for stub in plan.stubs:
        if stub.kind == "ghost" and stub.ref is not None:
            parts = [f"<b>{mermaid(stub.lines[0])}</b>", *(mermaid(n) for n in stub.lines[1:])]
            text = _marked("<br/>".join(parts), plan.marks.get(stub.ref))
            classes.setdefault("ghost", []).append(stub.node)
            own.append(f"    class {stub.node} {mermaid_class(stub.ref, prefix='ghost_')}")
        else:
            text = "<br/>".join(mermaid(line) for line in stub.lines)
            classes.setdefault("stub", []).append(stub.node)
        statements[stub.node] = f'{stub.node}["{text}"]'
        home[stub.node] = stub.cluster
    pairs = _pairs(plan)
    pair_of = {node: pair for pair, nodes in pairs.items() for node in nodes}
    blocks: dict[str | None, list[str]] = {}
    for node, statement in statements.items():
        pair = pair_of.get(node)
        if pair is None:
            blocks.setdefault(home[node], []).append(statement)
        elif node == pairs[pair][0]:
            # A manager and its assistants side by side: Mermaid (dagre) cannot put two
            # linked boxes on one row, but keeps a left-to-right subgraph's direction when
            # every line from outside meets the subgraph, not a box in it.
            blocks.setdefault(home[node], []).extend(
                [
                    f'subgraph {pair}[" "]',
                    "    direction LR",
                    *(f"    {statements[member]}" for member in pairs[pair]),
                    *(f"    {pairs[pair][0]} --- {member}" for member in pairs[pair][1:]),
                    "end",
                ]
            )
    lines = ["flowchart TB"]
    lines.extend(f"    {statement}" for statement in blocks.pop(None, []))
    for index, (unit, block) in enumerate(blocks.items()):
        lines.append(f'    subgraph u{index}["{mermaid(str(unit))}"]')
        lines.extend(f"        {statement}" for statement in block)
        lines.append("    end")
    links, dotted = _links(plan, pair_of, pairs)
    lines.extend(links)
    lines.extend(_styles(plan, classes))
    theme = get_theme(plan.options.theme)
    if dotted:
        # Dotted-line reports stand out from the tree: thicker, dashed, in the accent colour.
        indexes = ",".join(str(i) for i in dotted)
        lines.append(
            f"    linkStyle {indexes} stroke:{theme.dotted},stroke-width:2px,stroke-dasharray:6 4"
        )
    # The pair's frame is drawn, thin and in the line colour: lines to and from the pair end at
    # it (Mermaid keeps it a little clear of the boxes), and an unseen frame left them hanging
    # in the air below the boxes.
    frame = f"fill:none,stroke:{theme.line},stroke-width:1px"
    lines.extend(f"    style {pair} {frame}" for pair in pairs)
    lines.extend(own)
    lines.extend(_mark_styles(plan))
    return "\n".join(lines) + "\n"


def _pairs(plan: DrawPlan) -> dict[str, list[str]]:
    """Each manager with assistants and them, as nodes: ``p<n>`` -> [manager, assistants]."""
    pairs: dict[str, list[str]] = {}
    taken: set[str] = set()
    for manager, assistants in plan.assistants.items():
        members = [manager, *(a for a in assistants if a not in plan.assistants)]
        if manager in taken or len(members) < 2:  # an assistant's own assistant: a line
            continue
        taken.update(members)
        pairs[f"p{len(pairs)}"] = [plan.node_of[member] for member in members]
    return pairs


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


def _links(
    plan: DrawPlan, pair_of: dict[str, str], pairs: dict[str, list[str]]
) -> tuple[list[str], list[int]]:
    """Every line, and the indexes (Mermaid counts lines from 0) of the dotted-line reports.

    A line to or from a box drawn beside its manager meets their subgraph instead.
    """
    lines: list[str] = []
    dotted: list[int] = []
    inside = {(nodes[0], member) for nodes in pairs.values() for member in nodes[1:]}
    # A line meeting a pair for one of its assistants (not the manager) names that box: at
    # the pair's frame nothing else tells which of the two boxes the line is for.
    helpers = {
        plan.node_of[pid]: mermaid(display_title(plan.chart, plan.positions[pid]))
        for manager, assistants in plan.assistants.items()
        for pid in assistants
        if pid not in plan.assistants
    }

    def add(tail: str, link: str, head: str, *, accent: bool = False) -> None:
        if accent:
            # The lines inside the pairs come first in the source: Mermaid counts them first.
            dotted.append(len(inside) + len(lines))
        ends = (pair_of.get(tail, tail), pair_of.get(head, head))
        if ends[0] == ends[1]:
            ends = (tail, head)  # two boxes of one pair: the line joins the boxes themselves
        named = [helpers[node] for node, end in ((tail, ends[0]), (head, ends[1]))
                 if end != node and node in helpers]  # fmt: skip
        label = f'|"{" - ".join(named)}"|' if named else ""
        lines.append(f"    {ends[0]} {link}{label} {ends[1]}")

    for manager in plan.positions:
        source = plan.node_of[manager]
        for report in (*plan.assistants.get(manager, ()), *plan.reports.get(manager, ())):
            if (source, plan.node_of[report]) not in inside:
                add(source, "---", plan.node_of[report])
    for stub in plan.stubs:
        if stub.parent is not None:
            add(plan.node_of[stub.parent], "-.-", stub.node)
        for child in stub.children:
            add(stub.node, "-.-", plan.node_of[child])
        if stub.beside is not None:
            ends = (stub.node, plan.node_of[stub.beside])
            tail, head = ends if stub.kind == "dotted-manager" else ends[::-1]
            add(tail, "-.->", head, accent=True)
    for target, report in plan.dotted:
        add(plan.node_of[target], "-.->", plan.node_of[report], accent=True)
    return lines, dotted


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
