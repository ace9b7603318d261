"""BALKAN OrgChart JS: ``nodes`` with ``id``, ``pid`` and ``tags``, and ``dottedLines``.

It owns the node keys BALKAN documents (``id``, ``pid``, ``tags``; ``stpid`` and ``ppid`` are
read as data) and its tags: ``assistant`` (BALKAN's own assistant tag), ``vacant`` and the
role key. It knows no other format.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from orgroles.chart import OrgChart
from orgroles.errors import OrgImportError, import_error
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

__all__ = ["read_balkan", "sniff_balkan", "write_balkan"]

TITLE = "BALKAN OrgChart JS"
ASSISTANT = "assistant"
VACANT = "vacant"
RESERVED = frozenset({"id", "pid", "tags", "name", "title", "unit"})
_ROLE_KEY = re.compile(r"[a-z][a-z0-9_]*")


def _node(position: Position) -> dict[str, Any]:
    tags = [position.role]
    if position.assistant:
        tags.append(ASSISTANT)
    if position.vacant:
        tags.append(VACANT)
    node: dict[str, Any] = {"id": position.id}
    if position.reports_to is not None:
        node["pid"] = position.reports_to
    node["tags"] = tags
    if position.name is not None:
        node["name"] = position.name
    if position.title is not None:
        node["title"] = position.title
    if position.unit is not None:
        node["unit"] = position.unit
    return add_attributes(node, position.attributes, RESERVED)


def write_balkan(chart: OrgChart) -> tuple[str, list[ExportNote]]:
    """The options object's ``nodes`` and ``dottedLines`` (from the report to its manager)."""
    document = {
        "nodes": [_node(p) for p in chart],
        "dottedLines": [{"from": p.id, "to": t} for p in chart for t in p.dotted_to],
    }
    return dump_json(document), chart_notes(chart, TITLE)


def _bad(source: str, message: str) -> OrgImportError:
    return import_error(
        message, source=source, hint='give BALKAN\'s options object: {"nodes": [...]}'
    )


def _tags(tags: Any) -> tuple[str | None, bool, list[Any]]:
    """The role key, the assistant flag and the other tags of a node's ``tags``."""
    role = None
    assistant = False
    others = []
    for tag in tags if isinstance(tags, list) else [tags]:
        if tag == ASSISTANT:
            assistant = True
        elif tag == VACANT:
            continue
        elif role is None and isinstance(tag, str) and _ROLE_KEY.fullmatch(tag):
            role = tag  # the first role-key-like tag; the import checks it is one
        else:
            others.append(tag)
    return role, assistant, others


def read_balkan(text: str, source: str) -> Parsed:
    """``{"nodes": [...], "dottedLines": [...]}`` (or just the list of nodes)."""
    document = parse_json(text, source)
    lines: Any = []
    if isinstance(document, Mapping):
        nodes = document.get("nodes")
        lines = document.get("dottedLines", [])
    else:
        nodes = document
    if not isinstance(nodes, list) or not all(isinstance(n, Mapping) for n in nodes):
        raise _bad(source, "expected a list of node objects under 'nodes'")
    drafts = []
    for row, node in enumerate(nodes, start=1):
        attributes = read_attributes(node, RESERVED)
        role, assistant, other_tags = _tags(node.get("tags", []))
        if other_tags:
            attributes["tags"] = other_tags
        drafts.append(
            Draft(
                row=row,
                id=node.get("id"),
                reports_to=node.get("pid"),
                name=node.get("name"),
                title=node.get("title"),
                unit=node.get("unit"),
                role=role,
                assistant=assistant,
                attributes=attributes,
                keys={"id": "id", "reports_to": "pid", "role": "tags", "assistant": "tags"},
            )
        )
    if not isinstance(lines, list):
        raise _bad(source, "'dottedLines' is not a list")
    by_id = {str(d.id): d for d in drafts}
    for number, line in enumerate(lines, start=1):
        if not isinstance(line, Mapping) or str(line.get("from")) not in by_id:
            raise _bad(source, f"dotted line {number} does not start at a node's id")
        by_id[str(line["from"])].dotted_to.append(line.get("to"))
    columns = {
        "id": ("id",),
        "reports_to": ("pid",),
        "name": ("name",),
        "title": ("title",),
        "unit": ("unit",),
        "role": ("tags",),
        "assistant": ("tags",),
        "dotted_to": ("dottedLines",),
    }
    return Parsed(drafts, columns=columns)


def sniff_balkan(document: Any) -> bool:
    """An object with a list of ``nodes`` (BALKAN's options), or a list of nodes with ``pid``."""
    if isinstance(document, Mapping):
        return isinstance(document.get("nodes"), list)
    return isinstance(document, list) and any(
        isinstance(n, Mapping) and "pid" in n for n in document[:100]
    )
