"""The chart as an indented text tree, for terminals, logs and ``orgroles show``.

This module owns the text rendering only. Every position appears exactly once: positions under a
missing manager or inside a reporting cycle get their own sections instead of vanishing.
"""

from __future__ import annotations

from orgroles._render._escape import visible
from orgroles.chart import OrgChart
from orgroles.position import Position
from orgroles.traversal import missing_managers, unreachable

__all__ = ["describe", "to_text"]

_MAX_INDENT = 40
"""Levels drawn with growing indentation; deeper positions carry ``[level N]`` instead."""


def describe(chart: OrgChart, position: Position) -> str:
    """One line for a position: id, title, role key, holder or "vacant", unit and marks.

    Examples:
        >>> chart = OrgChart([{"id": "pm-1", "role": "pm", "unit": "Payments",
        ...                    "dotted_to": ["dir-2"]}])
        >>> describe(chart, chart["pm-1"])
        'pm-1 · Product Manager (pm) · vacant · unit Payments · dotted to dir-2'
    """
    role = chart.roles.get(position.role, None)
    title = position.title or (role.title if role is not None else position.role)
    parts = [
        visible(position.id),
        f"{visible(title)} ({position.role})",
        "vacant" if position.name is None else visible(position.name),
    ]
    if position.unit is not None:
        parts.append(f"unit {visible(position.unit)}")
    if position.assistant:
        parts.append("assistant")
    if position.dotted_to:
        parts.append("dotted to " + ", ".join(visible(t) for t in position.dotted_to))
    return " · ".join(parts)


def to_text(chart: OrgChart, *, root: str | None = None, depth: int | None = None) -> str:
    """The chart as an indented tree, roots in chart order, reports in chart order.

    Args:
        chart: the chart.
        root: draw only this position and everyone below it.
        depth: draw this many reporting levels below the top (0: the top only); a collapsed
            subtree shows as one ``… +N more`` line, so nothing disappears unannounced.

    Examples:
        >>> chart = OrgChart([
        ...     {"id": "ceo", "role": "ceo", "name": "Ada"},
        ...     {"id": "cpo", "role": "cpo", "name": "Grace", "reports_to": "ceo"},
        ...     {"id": "pm-1", "role": "pm", "reports_to": "cpo"},
        ...     {"id": "pm-2", "role": "pm", "reports_to": "cpo", "name": "Lin"},
        ... ])
        >>> print(to_text(chart))
        ceo · Chief Executive Officer (ceo) · Ada
        └── cpo · Chief Product Officer (cpo) · Grace
            ├── pm-1 · Product Manager (pm) · vacant
            └── pm-2 · Product Manager (pm) · Lin
        >>> print(to_text(chart, depth=1))
        ceo · Chief Executive Officer (ceo) · Ada
        └── cpo · Chief Product Officer (cpo) · Grace
            └── … +2 more
    """
    if depth is not None and depth < 0:
        raise ValueError(f"depth must be a whole number >= 0, got {depth!r}")
    lines: list[str] = []
    drawn: set[str] = set()
    tops = [chart[root]] if root is not None else chart.roots()
    _draw(chart, tops, lines, drawn, depth=depth)
    if root is None and len(drawn) < len(chart):
        orphans = [chart[p] for p in missing_managers(chart)]
        if orphans:
            lines.extend(_heading("Reporting to positions not in the chart:", lines))
            _draw(chart, orphans, lines, drawn, note_manager=True, depth=depth)
        rest = [chart[p] for p in unreachable(chart)]
        if rest:
            # No root reaches these: they sit in a cycle or below one.
            lines.extend(_heading("In or below a reporting cycle:", lines))
            lines.extend(
                describe(chart, p) + f" · reports to {visible(str(p.reports_to))}" for p in rest
            )
            drawn.update(p.id for p in rest)
    return "\n".join(lines)


def _heading(text: str, lines: list[str]) -> list[str]:
    """A section heading, after a blank line unless it is the first thing drawn."""
    return ["", text] if lines else [text]


def _draw(
    chart: OrgChart,
    tops: list[Position],
    lines: list[str],
    drawn: set[str],
    *,
    note_manager: bool = False,
    depth: int | None = None,
) -> None:
    # An explicit stack, not recursion: a 10,000-deep chain must not overflow.
    stack: list[tuple[Position, str, str, int]] = []
    for top in reversed(tops):
        stack.append((top, "", "", 0))
    while stack:
        position, lead, indent, level = stack.pop()
        if position.id in drawn:
            continue
        drawn.add(position.id)
        line = (
            lead + (f"[level {level}] " if level > _MAX_INDENT else "") + describe(chart, position)
        )
        if note_manager and not lead:
            line += f" · reports to {visible(str(position.reports_to))} (not in the chart)"
        lines.append(line)
        reports = [r for r in chart.reports_of(position.id) if r.id not in drawn]
        if depth is not None and level >= depth:
            hidden = [p.id for p in chart.descendants(position.id) if p.id not in drawn]
            if hidden:
                lines.append(f"{indent}└── … +{len(hidden)} more")
                drawn.update(hidden)  # accounted for: not listed again as unreachable
            continue
        # Past _MAX_INDENT levels the indent stops growing (the level is printed instead), so
        # a 10,000-deep chain prints 10,000 short lines, not 200 MB of spaces.
        deeper = level < _MAX_INDENT
        for index in range(len(reports) - 1, -1, -1):
            last = index == len(reports) - 1
            stack.append(
                (
                    reports[index],
                    indent + ("└── " if last else "├── "),
                    indent + ("    " if last else "│   ") if deeper else indent,
                    level + 1,
                )
            )
