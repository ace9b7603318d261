"""dabeng/OrgChart: one nested tree, each node ``{"name", "title", "children": [...]}``.

It owns the nesting (a node's reports are its ``children``, in chart order) and the keys dabeng
documents (``id``, ``name``, ``title``, ``children``; the rest are data its node templates may
show). It knows no other format.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from orgroles.chart import OrgChart
from orgroles.errors import import_error
from orgroles.importers._json import parse_json
from orgroles.interop._base import (
    Draft,
    ExportNote,
    Parsed,
    add_attributes,
    chart_notes,
    dump_json,
    read_attributes,
)
from orgroles.position import Position
from orgroles.traversal import descendants

__all__ = ["read_dabeng", "sniff_dabeng", "write_dabeng"]

TITLE = "dabeng/OrgChart"
RESERVED = frozenset({"id", "name", "title", "children", "role", "unit", "assistant", "dotted_to"})


def _node(position: Position) -> dict[str, Any]:
    node: dict[str, Any] = {"id": position.id}
    if position.name is not None:
        node["name"] = position.name
    if position.title is not None:
        node["title"] = position.title
    node["role"] = position.role
    if position.unit is not None:
        node["unit"] = position.unit
    if position.assistant:
        node["assistant"] = True
    if position.dotted_to:
        node["dotted_to"] = list(position.dotted_to)
    return add_attributes(node, position.attributes, RESERVED)


def write_dabeng(chart: OrgChart) -> tuple[str, list[ExportNote]]:
    """The tree as dabeng's ``data`` option; several roots give a list of trees (noted)."""
    nodes = {p.id: _node(p) for p in chart}
    tops: list[dict[str, Any]] = []
    for position in chart:
        manager = position.reports_to
        if manager is not None and manager in nodes and manager != position.id:
            nodes[manager].setdefault("children", []).append(nodes[position.id])
        else:
            tops.append(nodes[position.id])
    notes = chart_notes(chart, TITLE)
    placed: list[str] = []
    for top in tops:
        placed.append(top["id"])
        placed.extend(descendants(chart, top["id"]))
    lost = tuple(p.id for p in chart if p.id not in set(placed))
    if lost:
        notes.append(
            ExportNote(
                "not-held", "reports_to", lost, "in a reporting cycle: a tree cannot hold them"
            )
        )
    dangling = tuple(p.id for p in chart if p.reports_to is not None and p.reports_to not in chart)
    if dangling:
        notes.append(
            ExportNote(
                "not-held",
                "reports_to",
                dangling,
                "their managers are not in the chart: written as tops",
            )
        )
    if len(tops) > 1:
        notes.append(
            ExportNote(
                "changed",
                "roots",
                tuple(t["id"] for t in tops),
                f"dabeng/OrgChart draws one tree; this file holds {len(tops)} as a JSON list",
            )
        )
    if placed != [p.id for p in chart if p.id in set(placed)]:
        notes.append(
            ExportNote(
                "changed", "order", (), "positions are in tree order (each one before its reports)"
            )
        )
    return dump_json(tops[0] if len(tops) == 1 else tops), notes


def read_dabeng(text: str, source: str) -> Parsed:
    """A nested tree (or a list of trees): each node's reports are its ``children``."""
    document = parse_json(text, source)
    stack: list[tuple[Any, Any]] = [
        (node, None) for node in reversed(document if isinstance(document, list) else [document])
    ]
    drafts: list[Draft] = []
    while stack:
        node, parent = stack.pop()
        row = len(drafts) + 1
        if not isinstance(node, Mapping):
            raise import_error(
                f"node {row} is a JSON {type(node).__name__}, not an object", source=source
            )
        attributes = read_attributes(node, RESERVED)
        dotted = node.get("dotted_to", [])
        draft = Draft(
            row=row,
            id=node.get("id"),
            reports_to=parent,
            name=node.get("name"),
            title=node.get("title"),
            unit=node.get("unit"),
            role=node.get("role"),
            assistant=node.get("assistant", False),
            dotted_to=list(dotted) if isinstance(dotted, list) else [dotted],
            attributes=attributes,
        )
        if draft.id is None:
            draft.id = f"row-{row}"  # nested nodes need no id: their place is their manager
        drafts.append(draft)
        children = node.get("children", [])
        if not isinstance(children, list):
            children = [children]
        stack.extend((child, draft.id) for child in reversed(children))
    columns = {
        "id": ("id",),
        "reports_to": ("children",),
        "name": ("name",),
        "title": ("title",),
        "unit": ("unit",),
        "role": ("role",),
    }
    return Parsed(
        drafts,
        columns=columns,
        notes=["a nested tree: managers come from the nesting under 'children'"],
    )


def sniff_dabeng(document: Any) -> bool:
    """A JSON object (sniffed after every other JSON format), or a list nesting ``children``."""
    if isinstance(document, Mapping):
        return True
    return isinstance(document, list) and any(
        isinstance(n, Mapping) and isinstance(n.get("children"), list) for n in document[:100]
    )
