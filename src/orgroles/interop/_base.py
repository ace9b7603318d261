"""What every exchange format shares: exports and their notes, drafts, chart and report.

It owns the export record and its notes, the drafts a format reads from a document, and turning
drafts into a chart and an :class:`~orgroles.ImportReport`.

Each format module turns its documents into :class:`Draft` records and a chart into text plus
:class:`ExportNote` records; this module knows no format's field names.
"""

from __future__ import annotations

import json
import math
import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from orgroles._roles import RoleCatalog
from orgroles._write import write_atomically
from orgroles.chart import OrgChart
from orgroles.errors import Place
from orgroles.importers import ColumnChoice, ImportProblem, ImportReport, ImportResult
from orgroles.position import CONTROL_CHARACTERS, Position
from orgroles.traversal import find_cycles

__all__ = [
    "Draft",
    "Export",
    "ExportNote",
    "Parsed",
    "add_attributes",
    "assemble",
    "chart_notes",
    "dump_json",
    "not_held",
    "read_attributes",
]

NoteCode = Literal["not-held", "changed"]


@dataclass(frozen=True)
class ExportNote:
    """Something of the chart an export could not write as it is.

    Attributes:
        code: ``"not-held"`` (the format has no place for it: it is not in the output) or
            ``"changed"`` (written in another form, so it reads back different).
        field: what: a position field (``"dotted_to"``), ``"order"``, or a chart field
            (``"chart.name"``, ``"chart.variant"``, ``"chart.attributes"``,
            ``"chart.validation"``, ``"chart.roles"``).
        positions: the positions concerned (empty for chart fields), in chart order.
        message: the sentence a person reads.

    Examples:
        >>> print(ExportNote("not-held", "dotted_to", ("pm-1",), "no dotted lines in CSV"))
        not-held dotted_to (pm-1): no dotted lines in CSV
    """

    code: NoteCode
    field: str
    positions: tuple[str, ...]
    message: str

    def __str__(self) -> str:
        shown = ", ".join(self.positions[:5]) + (", ..." if len(self.positions) > 5 else "")
        where = f" ({shown})" if shown else ""
        return f"{self.code} {self.field}{where}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """The note as JSON-able data."""
        return {
            "code": self.code,
            "field": self.field,
            "positions": list(self.positions),
            "message": self.message,
        }


@dataclass(frozen=True)
class Export:
    """A chart written in another tool's format: the text, and what it could not hold.

    Attributes:
        format: the format's name (``"d3"``, ``"drawio"``...).
        text: the document, ready to save or send.
        notes: every part of the chart the format could not hold as it is; empty when the
            format holds the whole chart.

    Examples:
        >>> from orgroles import OrgChart, export_chart
        >>> exported = export_chart(OrgChart([{"id": "a", "role": "ceo"}], name="Acme"), "d3")
        >>> [note.field for note in exported.notes]
        ['chart.name']
    """

    format: str
    text: str
    notes: tuple[ExportNote, ...] = ()

    @property
    def data(self) -> bytes:
        """The document as UTF-8 bytes."""
        return self.text.encode("utf-8")

    def write(self, path: str | os.PathLike[str]) -> None:
        """Write the document to ``path`` (UTF-8, atomically: all of it or nothing)."""
        write_atomically(path, self.data)


@dataclass
class Draft:
    """One position as a document gave it, before any check: values as found, keys they had.

    ``keys`` names the document's key for each field, for messages and for keeping a value
    that is not usable (a list where a title goes) in ``attributes`` under that key.
    """

    row: int
    id: Any = None
    reports_to: Any = None
    role: Any = None
    title: Any = None
    name: Any = None
    unit: Any = None
    dotted_to: list[Any] = field(default_factory=list)
    assistant: Any = False
    attributes: dict[str, Any] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)

    def key(self, field_name: str) -> str:
        """The document's key for a field (the field's own name when not recorded)."""
        return self.keys.get(field_name, field_name)


@dataclass
class Parsed:
    """A document read by a format: its positions and the chart's own fields."""

    drafts: list[Draft]
    name: str | None = None
    variant: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    columns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


# -- export helpers ----------------------------------------------------------------------------


def dump_json(document: Any) -> str:
    """Deterministic, readable JSON text (two-space indents, keys as given, UTF-8 as is).

    The text ``json.dumps(document, indent=2, ensure_ascii=False)`` gives, written with an
    explicit stack: a nested tree of a long chain (dabeng's) is as deep as the chain, and the
    standard library's encoder recurses once per level.

    Examples:
        >>> print(dump_json({"a": [1, {"b": None}], "c": {}}), end="")
        {
          "a": [
            1,
            {
              "b": null
            }
          ],
          "c": {}
        }
    """
    out: list[str] = []
    stack: list[tuple[Any, int] | str] = [(document, 0)]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        value, level = item
        pad = "\n" + "  " * (level + 1)
        if isinstance(value, Mapping) and value:
            out.append("{")
            stack.append("\n" + "  " * level + "}")
            entries = list(value.items())
            for index in range(len(entries) - 1, -1, -1):
                key, inner = entries[index]
                stack.append((inner, level + 1))
                key_text = json.dumps(str(key), ensure_ascii=False)
                stack.append(("," if index else "") + pad + key_text + ": ")
        elif isinstance(value, list | tuple) and value:
            out.append("[")
            stack.append("\n" + "  " * level + "]")
            for index in range(len(value) - 1, -1, -1):
                stack.append((value[index], level + 1))
                stack.append(("," if index else "") + pad)
        else:
            out.append(json.dumps(value, ensure_ascii=False))
    return "".join(out) + "\n"


def not_held(
    chart: OrgChart, field_name: str, message: str, keep: Callable[[Position], bool]
) -> list[ExportNote]:
    """One ``not-held`` note naming the positions ``keep`` picks, or none if it picks none."""
    ids = tuple(p.id for p in chart if keep(p))
    return [ExportNote("not-held", field_name, ids, message)] if ids else []


def chart_notes(
    chart: OrgChart, format_title: str, *, held: Iterable[str] = ()
) -> list[ExportNote]:
    """Notes for the chart's own fields the format has no place for (``held`` lists those it has).

    ``held`` names chart fields as in :attr:`ExportNote.field` without the ``chart.`` prefix.
    """
    kept = set(held)
    notes = []
    values = {
        "name": chart.name is not None,
        "variant": chart.variant is not None,
        "attributes": bool(chart.attributes),
        "validation": chart.validation is not None,
        "roles": bool(chart.roles.custom_roles) or bool(chart.roles.aliases),
    }
    for name, present in values.items():
        if present and name not in kept:
            what = {
                "name": "the chart's name",
                "variant": "the chart's variant",
                "attributes": "the chart's attributes",
                "validation": "the chart's validation policy",
                "roles": "custom role definitions (pass roles= when importing)",
            }[name]
            notes.append(
                ExportNote(
                    "not-held", f"chart.{name}", (), f"{format_title} has no place for {what}"
                )
            )
    return notes


def add_attributes(
    record: dict[str, Any], attributes: Mapping[str, Any], reserved: frozenset[str]
) -> dict[str, Any]:
    """``record`` with the attributes beside the format's own keys; ``record`` returned.

    An attribute whose key the format uses itself (or ``attributes``) goes in a nested
    ``attributes`` object instead, so nothing collides and :func:`read_attributes` gives back
    exactly what was written.

    Examples:
        >>> add_attributes({"id": "a"}, {"desk": "B4", "id": 7}, frozenset({"id"}))
        {'id': 'a', 'desk': 'B4', 'attributes': {'id': 7}}
    """
    nested: dict[str, Any] = {}
    for key, value in attributes.items():
        if key in reserved or key == "attributes":
            nested[key] = value
        else:
            record[key] = value
    if nested:
        record["attributes"] = nested
    return record


def read_attributes(record: Mapping[str, Any], reserved: frozenset[str]) -> dict[str, Any]:
    """A record's attributes: every key the format does not use, and a nested ``attributes``.

    Examples:
        >>> read_attributes({"id": "a", "desk": "B4", "attributes": {"id": 7}}, frozenset({"id"}))
        {'desk': 'B4', 'id': 7}
    """
    attributes = {k: v for k, v in record.items() if k not in reserved}
    nested = attributes.pop("attributes", None)
    if isinstance(nested, Mapping):
        attributes.update(nested)
    elif nested is not None:
        attributes["attributes"] = nested  # not ours: a value like any other
    return attributes


# -- import helpers ----------------------------------------------------------------------------


_ID_LIMIT = 200


def _clean_id(value: Any) -> tuple[str | None, str | None]:
    """An id from a document value, and what was wrong with it (``None`` when nothing)."""
    if isinstance(value, bool) or value is None:
        return None, None if value is None else f"{value!r} is not an id"
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        # BALKAN's and d3's examples number their nodes: 1 and "1" are the same node there.
        value = str(value)
    if not isinstance(value, str):
        return None, f"a JSON {type(value).__name__} is not an id"
    text = value.strip()
    problem = None
    if CONTROL_CHARACTERS.search(text):
        text = CONTROL_CHARACTERS.sub(" ", text).strip()
        problem = f"id {value!r} holds a control character; replaced by a space"
    if len(text) > _ID_LIMIT:
        text = text[:_ID_LIMIT].strip()
        problem = f"id {value[:20]!r}... is over {_ID_LIMIT} characters; cut"
    return (text or None), problem


class _Assembler:
    """The checks and repairs of :func:`assemble`, with the problems and counts they find."""

    def __init__(self, parsed: Parsed, catalog: RoleCatalog, source: str) -> None:
        self.parsed = parsed
        self.catalog = catalog
        self.source = source
        self.problems: list[ImportProblem] = list(parsed.problems)
        self.unresolved: Counter[str] = Counter()
        self.untitled = 0
        self.made_roots: set[str] = set()  # self-reports and broken cycles, reported already

    def problem(self, code: str, message: str, action: str, draft: Draft, **place: Any) -> None:
        self.problems.append(
            ImportProblem(code, message, action, Place(row=draft.row, source=self.source, **place))
        )

    def text(self, draft: Draft, field_name: str, attributes: dict[str, Any]) -> str | None:
        value = getattr(draft, field_name)
        if value is None or value == "":
            return None
        if isinstance(value, str):
            return value
        key = draft.key(field_name)
        attributes[key] = value
        self.problem(
            "bad-value",
            f"{key!r} holds a JSON {type(value).__name__}, not text",
            f"{field_name} left empty; the value kept in attribute {key!r}",
            draft,
            field=key,
        )
        return None

    def ids(self) -> list[str]:
        taken: set[str] = set()
        ids = []
        for draft in self.parsed.drafts:
            clean, trouble = _clean_id(draft.id)
            if trouble is not None and clean is not None:
                self.problem("bad-id", trouble, "cleaned", draft, field=draft.key("id"))
            if clean is None:
                clean = f"row-{draft.row}"
                self.problem(
                    "blank-id",
                    "no id" if trouble is None else trouble,
                    f"given the id {clean!r}",
                    draft,
                    field=draft.key("id"),
                )
            if clean in taken:
                number = 2
                while f"{clean}~{number}" in taken:
                    number += 1
                renamed = f"{clean}~{number}"
                self.problem(
                    "duplicate-id",
                    f"id {clean!r} is used by an earlier position",
                    f"kept, renamed {renamed!r}",
                    draft,
                    positions=(renamed,),
                    field=draft.key("id"),
                )
                clean = renamed
            taken.add(clean)
            ids.append(clean)
        return ids

    def role(self, draft: Draft, title: str | None, attributes: dict[str, Any]) -> str:
        given = draft.role
        if isinstance(given, str) and given in self.catalog:
            return given
        if given is not None and given != "":
            key = draft.key("role")
            attributes[key] = given
            self.problem(
                "unknown-role",
                f"{given!r} is no role key",
                f"role from the title instead; the value kept in attribute {key!r}",
                draft,
                field=key,
            )
        if title is None:
            self.untitled += 1
            return "other"
        found = self.catalog.resolve_title(title)
        if found is None:
            self.unresolved[title] += 1
            return "other"
        return found.key

    def build(self) -> list[dict[str, Any]]:
        ids = self.ids()
        known = set(ids)
        records = []
        for draft, position_id in zip(self.parsed.drafts, ids, strict=True):
            attributes = dict(draft.attributes)
            title = self.text(draft, "title", attributes)
            manager, _ = _clean_id(draft.reports_to)
            if manager == position_id:
                self.problem(
                    "self-report",
                    f"{position_id!r} is its own manager",
                    "made it a root",
                    draft,
                    positions=(position_id,),
                    field=draft.key("reports_to"),
                )
                self.made_roots.add(position_id)
                manager = None
            elif manager is not None and manager not in known:
                self.problem(
                    "unknown-manager",
                    f"manager {manager!r} is not an id in the input",
                    "kept it with that manager id, so validation reports it too",
                    draft,
                    positions=(position_id,),
                    field=draft.key("reports_to"),
                )
            dotted: list[str] = []
            for target in draft.dotted_to:
                clean, _ = _clean_id(target)
                if clean is not None and clean not in dotted:
                    dotted.append(clean)
            assistant = draft.assistant
            if not isinstance(assistant, bool):
                key = draft.key("assistant")
                attributes[key] = assistant
                self.problem(
                    "bad-value",
                    f"assistant flag {assistant!r} is not true or false",
                    f"not an assistant; the value kept in attribute {key!r}",
                    draft,
                    field=key,
                )
                assistant = False
            records.append(
                {
                    "id": position_id,
                    "role": self.role(draft, title, attributes),
                    "title": title,
                    "name": self.text(draft, "name", attributes),
                    "reports_to": manager,
                    "dotted_to": dotted,
                    "unit": self.text(draft, "unit", attributes),
                    "assistant": assistant,
                    "attributes": attributes,
                }
            )
        return records

    def break_cycles(self, chart: OrgChart, rows: Mapping[str, int]) -> None:
        for cycle in find_cycles(chart):
            first = min(cycle, key=rows.__getitem__)
            chart.update(first, reports_to=None)
            self.made_roots.add(first)
            self.problems.append(
                ImportProblem(
                    "cycle",
                    "reporting cycle " + " -> ".join([*cycle, cycle[0]]),
                    f"broken at {first!r}: it became a root",
                    Place(row=rows[first], source=self.source, positions=tuple(cycle)),
                )
            )

    def report_roots(self, chart: OrgChart, rows: Mapping[str, int]) -> None:
        roots = [p.id for p in chart.roots()]
        for root in roots[1:]:
            if root not in self.made_roots:
                self.problems.append(
                    ImportProblem(
                        "multiple-roots",
                        f"{root!r} has no manager, as {roots[0]!r} has none",
                        "kept as another root",
                        Place(row=rows[root], source=self.source, positions=(root,)),
                    )
                )


def assemble(
    parsed: Parsed,
    *,
    format: str,
    catalog: RoleCatalog,
    source: str,
    strict: bool = False,
) -> ImportResult:
    """The chart and its import report from what a format read.

    Repairs as :func:`~orgroles.read_json` does, with the same codes: ``blank-id``,
    ``bad-id``, ``duplicate-id``, ``self-report``, ``unknown-manager``, ``cycle``,
    ``multiple-roots``, ``unknown-role``, ``bad-value``. Roles come from the format's role
    field when it is a key of the catalog, else from the title.

    Raises:
        OrgImportError: ``strict`` and any problem.
    """
    work = _Assembler(parsed, catalog, source)
    records = work.build()
    chart = OrgChart(
        records,
        name=parsed.name,
        variant=parsed.variant,
        roles=catalog,
        attributes=parsed.attributes,
    )
    rows = {record["id"]: draft.row for record, draft in zip(records, parsed.drafts, strict=True)}
    work.break_cycles(chart, rows)
    work.report_roots(chart, rows)
    attribute_keys = dict.fromkeys(k for p in chart for k in p.attributes)
    roles = Counter(p.role for p in chart)
    report = ImportReport(
        source=source,
        format=format,
        rows_read=len(parsed.drafts),
        positions_made=len(chart),
        columns=tuple(
            ColumnChoice(name, keys, "detected") for name, keys in parsed.columns.items()
        ),
        attribute_columns=tuple(attribute_keys),
        roles=dict(roles.most_common()),
        unresolved_titles=dict(work.unresolved.most_common()),
        problems=tuple(sorted(work.problems, key=lambda p: p.place.row or 0)),
        untitled=work.untitled,
        notes=tuple(parsed.notes),
    )
    if strict:
        report.raise_for_problems()
    return ImportResult(chart, report)
