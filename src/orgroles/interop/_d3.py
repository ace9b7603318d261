"""d3-org-chart (bumbeishvili/org-chart): flat ``id``/``parentId`` records, JSON and CSV.

It owns the records' keys (``id``, ``parentId``, and ``name``, ``positionName``, ``area`` as
the library's sample data names them) and dotted lines as its ``connections``
(``from``, ``to``, ``label``). It knows no other format.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any

from orgroles.chart import OrgChart
from orgroles.errors import OrgImportError, import_error
from orgroles.importers._json import parse_json
from orgroles.importers._text import neutralise, restore
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

__all__ = [
    "header_names",
    "read_d3",
    "read_d3_csv",
    "sniff_d3",
    "sniff_d3_csv",
    "write_d3",
    "write_d3_csv",
]

TITLE = "d3-org-chart"
DOTTED_LABEL = "dotted line"
"""The label of the connections orgroles writes for dotted lines."""

# Field -> the record key d3-org-chart's own sample data uses for it.
KEYS = {
    "id": "id",
    "reports_to": "parentId",
    "name": "name",
    "title": "positionName",
    "unit": "area",
    "role": "role",
    "assistant": "assistant",
}
RESERVED = frozenset(KEYS.values())
CSV_CONNECTIONS = "connections"
"""The CSV column of a row's dotted lines: the ids it has a dotted line to, ``;``-separated."""


def _record(position: Position) -> dict[str, Any]:
    record: dict[str, Any] = {"id": position.id, "parentId": position.reports_to}
    if position.name is not None:
        record["name"] = position.name
    if position.title is not None:
        record["positionName"] = position.title
    if position.unit is not None:
        record["area"] = position.unit
    record["role"] = position.role
    if position.assistant:
        record["assistant"] = True
    return add_attributes(record, position.attributes, RESERVED)


def write_d3(chart: OrgChart) -> tuple[str, list[ExportNote]]:
    """``{"data": [records], "connections": [{"from", "to", "label"}]}``.

    The two keys are what ``chart.data(...)`` and ``chart.connections(...)`` take. A
    connection goes from the position to its dotted-line manager.
    """
    document = {
        "data": [_record(p) for p in chart],
        "connections": [
            {"from": p.id, "to": target, "label": DOTTED_LABEL}
            for p in chart
            for target in p.dotted_to
        ],
    }
    return dump_json(document), chart_notes(chart, TITLE)


def _draft(row: int, record: Mapping[str, Any]) -> Draft:
    attributes = read_attributes(record, RESERVED)
    return Draft(
        row=row,
        id=record.get("id"),
        reports_to=record.get("parentId"),
        name=record.get("name"),
        title=record.get("positionName"),
        unit=record.get("area"),
        role=record.get("role"),
        assistant=record.get("assistant", False),
        attributes=attributes,
        keys=dict(KEYS),
    )


def _columns() -> dict[str, tuple[str, ...]]:
    return {field: (key,) for field, key in KEYS.items()}


def _bad_document(source: str, message: str) -> OrgImportError:
    return import_error(message, source=source, hint="give d3-org-chart's flat list of records")


def read_d3(text: str, source: str) -> Parsed:
    """A d3-org-chart JSON document: a list of records, or ``{"data", "connections"}``."""
    document = parse_json(text, source)
    connections: Any = []
    if isinstance(document, Mapping):
        records = document.get("data")
        connections = document.get("connections", [])
        if not isinstance(records, list):
            raise _bad_document(source, "expected a list of records under 'data'")
    elif isinstance(document, list):
        records = document
    else:
        raise _bad_document(
            source, f"expected a list of records, got a JSON {type(document).__name__}"
        )
    drafts: list[Draft] = []
    parsed = Parsed(drafts, columns=_columns())
    for row, record in enumerate(records, start=1):
        if isinstance(record, Mapping):
            drafts.append(_draft(row, record))
    skipped = len(records) - len(drafts)
    if skipped:
        raise _bad_document(source, f"{skipped} item(s) of the list are not records (JSON objects)")
    _connect(parsed, connections, source)
    return parsed


def _connect(parsed: Parsed, connections: Any, source: str) -> None:
    """Dotted lines from d3-org-chart's ``connections``: ``from`` has a dotted line to ``to``."""
    if not isinstance(connections, list):
        raise _bad_document(source, "'connections' is not a list")
    by_id = {str(d.id): d for d in parsed.drafts}
    labels: dict[str, int] = {}
    for number, connection in enumerate(connections, start=1):
        if (
            not isinstance(connection, Mapping)
            or "from" not in connection
            or "to" not in connection
        ):
            raise _bad_document(source, f"connection {number} has no 'from' and 'to'")
        draft = by_id.get(str(connection["from"]))
        if draft is None:
            raise _bad_document(
                source, f"connection {number} starts at {connection['from']!r}, no record's id"
            )
        draft.dotted_to.append(connection["to"])
        label = connection.get("label")
        if label not in (None, DOTTED_LABEL):
            labels[str(label)] = labels.get(str(label), 0) + 1
    if labels:
        shown = ", ".join(f"{label!r} x{count}" for label, count in labels.items())
        parsed.notes.append(f"connections read as dotted lines; their labels are not kept: {shown}")


def sniff_d3(document: Any) -> bool:
    """A JSON list of records with ``parentId``, or an object with ``data`` and ``connections``."""
    if isinstance(document, Mapping):
        return isinstance(document.get("data"), list) and "connections" in document
    return isinstance(document, list) and any(
        isinstance(r, Mapping) and "parentId" in r for r in document[:100]
    )


# -- CSV ---------------------------------------------------------------------------------------


def _cell(value: str) -> str:
    return neutralise(value)


def write_d3_csv(chart: OrgChart) -> tuple[str, list[ExportNote]]:
    """The records as CSV, one column per field and per attribute.

    The columns: ``id,parentId,name,positionName,area,role,assistant,connections``, then each
    attribute (``json:<key>`` holding JSON for values that are not text).
    """
    typed: dict[str, bool] = {}
    for position in chart:
        for key, value in position.attributes.items():
            typed[key] = typed.get(key, False) or not (isinstance(value, str) and value != "")
    header = [*KEYS.values(), CSV_CONNECTIONS]
    columns = []
    for key, as_json in typed.items():
        column = f"json:{key}" if as_json or key in header or key.startswith("json:") else key
        columns.append((key, as_json or column != key, column))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*header, *(c for _, _, c in columns)])
    for p in chart:
        cells = [
            p.id,
            p.reports_to or "",
            p.name or "",
            p.title or "",
            p.unit or "",
            p.role,
            "true" if p.assistant else "",
            json.dumps(list(p.dotted_to), ensure_ascii=False) if p.dotted_to else "",
        ]
        for key, as_json, _ in columns:
            if key not in p.attributes:
                cells.append("")
            elif as_json:
                cells.append(json.dumps(p.attributes[key], ensure_ascii=False))
            else:
                cells.append(str(p.attributes[key]))  # text: a non-text value has json:
        writer.writerow([_cell(c) for c in cells])
    return out.getvalue(), chart_notes(chart, TITLE + " CSV")


def read_d3_csv(text: str, source: str) -> Parsed:
    """d3-org-chart's flat records as CSV (what ``d3.csv`` loads): ``id`` and ``parentId``."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    if not rows:
        return Parsed([], columns=_columns())
    header = [restore(h) for h in rows[0]]
    if "id" not in header:
        raise _bad_document(source, "no 'id' column")
    drafts = []
    for number, row in enumerate(rows[1:], start=1):
        if not any(row):
            continue
        cells = {name: restore(cell) for name, cell in zip(header, row, strict=False)}
        record: dict[str, Any] = {}
        typed: dict[str, Any] = {}  # json: columns are attributes, whatever their key
        for name, cell in cells.items():
            if cell == "":
                continue
            if name.startswith("json:"):
                try:
                    typed[name.removeprefix("json:")] = json.loads(cell)
                except ValueError:
                    typed[name.removeprefix("json:")] = cell
            else:
                record[name] = cell
        dotted = record.pop(CSV_CONNECTIONS, None)
        assistant = record.get("assistant")
        if isinstance(assistant, str):
            record["assistant"] = {"true": True, "false": False}.get(assistant.lower(), assistant)
        draft = _draft(number, record)
        draft.attributes.update(typed)
        if isinstance(dotted, str):
            try:
                targets = json.loads(dotted) if dotted.startswith("[") else dotted.split(";")
            except ValueError:
                targets = dotted.split(";")
            draft.dotted_to = list(targets) if isinstance(targets, list) else [dotted]
        drafts.append(draft)
    columns = {**_columns(), "dotted_to": (CSV_CONNECTIONS,)}
    return Parsed(drafts, columns=columns)


def header_names(text: str) -> list[str]:
    """The column names in the first line of a comma-separated text."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return [name.strip().strip('"') for name in first.split(",")]


def sniff_d3_csv(text: str) -> bool:
    """A CSV header naming ``id`` and ``parentId``."""
    names = header_names(text)
    return "id" in names and "parentId" in names
