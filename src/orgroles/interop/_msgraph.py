"""Microsoft Graph users with ``manager`` and ``directReports``, as ``GET /users`` returns them.

It owns the mapping of a position to a Graph ``user`` (``id``, ``displayName``, ``jobTitle``,
``department``) and of reporting lines to the ``manager`` navigation property
(``$expand=manager``) or nested ``directReports`` (``$expand=directReports``). It knows no
other format.
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
    chart_notes,
    dump_json,
    not_held,
)
from orgroles.position import Position

__all__ = ["read_msgraph", "sniff_msgraph", "write_msgraph"]

TITLE = "Microsoft Graph"
CONTEXT = (
    "https://graph.microsoft.com/v1.0/$metadata#users(id,displayName,jobTitle,department,manager())"
)
USER = "#microsoft.graph.user"
_CONSUMED = frozenset({"id", "displayName", "jobTitle", "department", "manager", "directReports"})


def _user(position: Position) -> dict[str, Any]:
    user: dict[str, Any] = {"id": position.id}
    if position.name is not None:
        user["displayName"] = position.name
    if position.title is not None:
        user["jobTitle"] = position.title
    if position.unit is not None:
        user["department"] = position.unit
    if position.reports_to is not None:
        user["manager"] = {"@odata.type": USER, "id": position.reports_to}
    return user


def _role_from_title(chart: OrgChart, position: Position) -> str:
    if position.title is None:
        return "other"
    found = chart.roles.resolve_title(position.title)
    return "other" if found is None else found.key


def write_msgraph(chart: OrgChart) -> tuple[str, list[ExportNote]]:
    """``{"@odata.context": ..., "value": [users]}``, each user's ``manager`` expanded."""
    document = {"@odata.context": CONTEXT, "value": [_user(p) for p in chart]}
    notes = chart_notes(chart, TITLE)
    notes += not_held(
        chart,
        "role",
        "Graph users have no role: it is found again from jobTitle, and differs here",
        lambda p: _role_from_title(chart, p) != p.role,
    )
    notes += not_held(
        chart, "dotted_to", "Graph users have one manager", lambda p: bool(p.dotted_to)
    )
    notes += not_held(
        chart, "assistant", "Graph users have no assistant flag", lambda p: p.assistant
    )
    notes += not_held(
        chart,
        "attributes",
        "Graph users have a fixed set of properties",
        lambda p: bool(p.attributes),
    )
    return dump_json(document), notes


def _draft(row: int, user: Mapping[str, Any], manager_id: Any) -> Draft:
    attributes = {
        name: value
        for name, value in user.items()
        if name not in _CONSUMED and not name.startswith("@odata.")
    }
    return Draft(
        row=row,
        id=user.get("id"),
        reports_to=manager_id,
        name=user.get("displayName"),
        title=user.get("jobTitle"),
        unit=user.get("department"),
        attributes=attributes,
        keys={"reports_to": "manager", "name": "displayName", "title": "jobTitle"},
    )


def read_msgraph(text: str, source: str) -> Parsed:
    """Users from ``{"value": [...]}``, a list, or one user; ``directReports`` nest to any depth."""
    document = parse_json(text, source)
    if isinstance(document, Mapping) and isinstance(document.get("value"), list):
        top = document["value"]
    elif isinstance(document, list):
        top = document
    else:
        top = [document]
    drafts: list[Draft] = []
    seen: dict[str, Draft] = {}
    annotations = 0
    stack: list[tuple[Any, Any]] = [(user, None) for user in reversed(top)]
    while stack:
        user, parent = stack.pop()
        if not isinstance(user, Mapping):
            raise import_error("expected Graph user objects", source=source)
        manager = user.get("manager")
        manager_id = manager.get("id") if isinstance(manager, Mapping) else manager
        if parent is not None:
            manager_id = parent
        key = str(user.get("id"))
        reports = user.get("directReports", [])
        if "id" in user and key in seen:
            # The same user again (listed, and someone's direct report): one position.
            if seen[key].reports_to is None:
                seen[key].reports_to = manager_id
        else:
            draft = _draft(len(drafts) + 1, user, manager_id)
            annotations += sum(1 for name in user if name.startswith("@odata."))
            drafts.append(draft)
            if "id" in user:
                seen[key] = draft
        if isinstance(reports, list):
            stack.extend((report, user.get("id")) for report in reversed(reports))
    columns = {
        "id": ("id",),
        "name": ("displayName",),
        "title": ("jobTitle",),
        "unit": ("department",),
        "reports_to": ("manager", "directReports"),
    }
    notes = [f"{annotations} OData annotations (@odata.*) not kept"] if annotations else []
    return Parsed(drafts, columns=columns, notes=notes)


def sniff_msgraph(document: Any) -> bool:
    """Graph's ``@odata.context``, or users with ``directReports``/``userPrincipalName``."""
    if isinstance(document, Mapping) and "@odata.context" in document:
        return True
    items = document if isinstance(document, list) else [document]
    return any(
        isinstance(u, Mapping) and ({"directReports", "userPrincipalName"} & set(u))
        for u in items[:20]
    )
