"""SCIM 2.0 users (RFC 7643) with the enterprise extension's ``manager.value``.

It owns the mapping of a position to a SCIM ``User`` as identity systems export them in a
``ListResponse``: ``id``, ``displayName``, ``title``, ``roles``, and the enterprise extension's
``department`` and ``manager``; what SCIM has no attribute for rides in an orgroles extension
schema. It knows no other format.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from orgroles.chart import OrgChart
from orgroles.errors import import_error
from orgroles.importers._json import parse_json
from orgroles.interop._base import Draft, ExportNote, Parsed, chart_notes, dump_json
from orgroles.position import Position

__all__ = ["read_scim", "sniff_scim", "write_scim"]

TITLE = "SCIM 2.0"
LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
EXTENSION = "urn:orgroles:scim:schemas:extension:2.0:Position"
"""Dotted lines, the assistant flag and attributes: SCIM has no attribute for them."""

_CONSUMED = frozenset(
    {"schemas", "id", "displayName", "title", "roles", ENTERPRISE, EXTENSION, "userName"}
)


def _user(position: Position, chart: OrgChart) -> dict[str, Any]:
    user: dict[str, Any] = {"schemas": [CORE, ENTERPRISE], "id": position.id}
    # userName is required by the core schema; a position's id is what identifies it.
    user["userName"] = position.id
    if position.name is not None:
        user["displayName"] = position.name
    if position.title is not None:
        user["title"] = position.title
    user["roles"] = [
        {"value": position.role, "display": chart.roles[position.role].title, "primary": True}
    ]
    enterprise: dict[str, Any] = {}
    if position.unit is not None:
        enterprise["department"] = position.unit
    if position.reports_to is not None:
        manager: dict[str, Any] = {"value": position.reports_to}
        holder = chart.get(position.reports_to)
        if holder is not None and holder.name is not None:
            manager["displayName"] = holder.name
        enterprise["manager"] = manager
    user[ENTERPRISE] = enterprise
    extension: dict[str, Any] = {}
    if position.dotted_to:
        extension["dottedLineTo"] = [{"value": t} for t in position.dotted_to]
    if position.assistant:
        extension["assistant"] = True
    if position.attributes:
        extension["attributes"] = position.attributes
    if extension:
        user["schemas"].append(EXTENSION)
        user[EXTENSION] = extension
    return user


def write_scim(chart: OrgChart) -> tuple[str, list[ExportNote]]:
    """A SCIM ``ListResponse`` of one ``User`` per position (a vacancy has no ``displayName``)."""
    users = [_user(p, chart) for p in chart]
    document = {
        "schemas": [LIST_RESPONSE],
        "totalResults": len(users),
        "startIndex": 1,
        "itemsPerPage": len(users),
        "Resources": users,
    }
    return dump_json(document), chart_notes(chart, TITLE)


def _name(user: Mapping[str, Any]) -> Any:
    if "displayName" in user:
        return user["displayName"]
    name = user.get("name")
    if isinstance(name, Mapping):
        if isinstance(name.get("formatted"), str):
            return name["formatted"]
        parts = [name.get("givenName"), name.get("familyName")]
        joined = " ".join(p for p in parts if isinstance(p, str) and p)
        return joined or None
    return None


def _role(user: Mapping[str, Any]) -> Any:
    roles = user.get("roles")
    if not isinstance(roles, list):
        return None
    values = [r for r in roles if isinstance(r, Mapping) and "value" in r]
    primary = [r for r in values if r.get("primary") is True]
    chosen = primary or values
    return chosen[0]["value"] if chosen else None


def read_scim(text: str, source: str) -> Parsed:
    """Users of a SCIM ``ListResponse`` (``Resources``), a list of users, or one user."""
    document = parse_json(text, source)
    if isinstance(document, Mapping) and "Resources" in document:
        users = document["Resources"]
    elif isinstance(document, list):
        users = document
    else:
        users = [document]
    if not isinstance(users, list) or not all(isinstance(u, Mapping) for u in users):
        raise import_error("expected SCIM User objects under 'Resources'", source=source)
    drafts = []
    for row, user in enumerate(users, start=1):
        enterprise = user.get(ENTERPRISE)
        enterprise = enterprise if isinstance(enterprise, Mapping) else {}
        manager = enterprise.get("manager")
        manager_id = manager.get("value") if isinstance(manager, Mapping) else manager
        extension = user.get(EXTENSION)
        extension = extension if isinstance(extension, Mapping) else {}
        dotted = extension.get("dottedLineTo", [])
        attributes = (
            dict(extension.get("attributes", {}))
            if isinstance(extension.get("attributes"), Mapping)
            else {}
        )
        consumed = set(_CONSUMED)
        if "displayName" not in user:
            consumed.add("name")
        for key, value in user.items():
            if key not in consumed:
                attributes[key] = value
        if user.get("userName") not in (None, user.get("id")):
            attributes["userName"] = user["userName"]
        for key, value in enterprise.items():
            if key not in ("department", "manager"):
                attributes[f"{ENTERPRISE}:{key}"] = value
        drafts.append(
            Draft(
                row=row,
                id=user.get("id"),
                reports_to=manager_id,
                role=_role(user),
                title=user.get("title"),
                name=_name(user),
                unit=enterprise.get("department"),
                dotted_to=[d.get("value") if isinstance(d, Mapping) else d for d in dotted]
                if isinstance(dotted, list)
                else [],
                assistant=extension.get("assistant", False),
                attributes=attributes,
                keys={"reports_to": "manager.value", "unit": "department", "name": "displayName"},
            )
        )
    columns = {
        "id": ("id",),
        "name": ("displayName",),
        "title": ("title",),
        "role": ("roles",),
        "unit": ("department",),
        "reports_to": ("manager.value",),
    }
    return Parsed(drafts, columns=columns)


def sniff_scim(document: Any) -> bool:
    """A SCIM ``ListResponse``, or users naming SCIM schemas."""
    items = document if isinstance(document, list) else [document]
    for item in items[:20]:
        schemas = item.get("schemas") if isinstance(item, Mapping) else None
        if isinstance(schemas, list) and any(
            isinstance(s, str) and s.startswith("urn:ietf:params:scim:") for s in schemas
        ):
            return True
    return False
