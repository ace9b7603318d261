"""Rows to chart: the lenient repairs, role resolution and the import report.

This module owns what happens to each row once its columns are known: ids cleaned, blanks and
duplicates handled, managers checked, cycles broken, titles mapped to roles, and every decision
written into the report. It knows nothing of file formats: the readers hand it rows.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from orgroles._index import ReportingIndex
from orgroles._titles import normalize_title
from orgroles.chart import OrgChart
from orgroles.errors import Option, Place
from orgroles.importers._columns import BOOLEAN_TEXT, ColumnMap
from orgroles.importers._input import ImportInput
from orgroles.importers._product import product_org
from orgroles.importers._report import ROLE_MAP, ImportProblem, ImportReport, ImportResult
from orgroles.position import CONTROL_CHARACTERS, Position, trusted_position
from orgroles.roles import RoleCatalog

__all__ = [
    "MAX_ID",
    "OTHER",
    "Builder",
    "RawRow",
    "Tally",
    "TitleRoles",
    "build",
    "finish",
    "finite_float",
    "jsonable",
]

MAX_ID = 200  # Position ids are at most 200 characters
# A run of control characters with the spaces around it: cleaned to one space in ids.
_CONTROL = re.compile(rf"\s*{CONTROL_CHARACTERS.pattern}+\s*")
OTHER = "other"
"""The role of every position whose title is no product role (and of untitled ones)."""
EXTRA_CELLS = "extra_cells"
"""The attribute that keeps the cells of a CSV row beyond the header's columns."""

MANAGER = Option("manager", metavar="COLUMN")
"""The option naming the managers' id column, when a hint suggests it."""


@dataclass(slots=True)
class RawRow:
    """One input record before interpretation.

    Attributes:
        row: the 1-based data row.
        values: column -> value (text from CSV, any JSON value from JSON or records).
        line: the line the row starts on (CSV).
        parent: for a record nested in another's ``children``: the parent's index in the list.
        has_children: the record has nested children (it is kept even when otherwise empty).
        extra_cells: CSV cells beyond the header's columns.
        missing_cells: how many cells a short CSV row lacks.
        invalid: why the record cannot be read at all (not a mapping), or ``None``.
    """

    row: int
    values: Mapping[str, Any]
    line: int | None = None
    parent: int | None = None
    has_children: bool = False
    extra_cells: list[str] | None = None
    missing_cells: int = 0
    invalid: str | None = None


@dataclass(slots=True, eq=False)
class _Row:
    """A row read into position fields."""

    raw: RawRow
    id: str | None  # cleaned; None when blank
    manager: str | None
    title: str | None
    name: str | None
    unit: str | None
    role_text: str | None
    dotted: tuple[str, ...]
    assistant: bool
    attributes: dict[str, Any]
    final_id: str = ""
    role: str = OTHER
    made_root: bool = False  # a self-report or a broken cycle, reported as such

    def same_data(self, other: _Row) -> bool:
        return (
            self.manager,
            self.title,
            self.name,
            self.unit,
            self.role_text,
            self.dotted,
            self.assistant,
            self.attributes,
        ) == (
            other.manager,
            other.title,
            other.name,
            other.unit,
            other.role_text,
            other.dotted,
            other.assistant,
            other.attributes,
        )


def jsonable(value: Any) -> Any:
    """A value as JSON data: tuples become lists, keys text, anything else its ``str()``.

    NaN and infinity are not JSON numbers (a file could not hold them), so they become their
    text too, like pandas' empty cells: ``float("nan")`` is kept as ``"nan"``.

    Examples:
        >>> jsonable({"n": (1, float("nan")), 2: {"x": b"y"}})
        {'n': [1, 'nan'], '2': {'x': "b'y'"}}
    """
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return str(value)


def _text(value: Any, *, trim: bool = True) -> str | None:
    """A field value as text, ``None`` when empty; ``ValueError`` for a list or mapping.

    Text is trimmed of surrounding whitespace unless ``trim`` is false; then only an empty
    string is empty.
    """
    if value is None:
        return None
    if isinstance(value, str):
        return (value.strip() if trim else value) or None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, Mapping | list | tuple):
        raise ValueError(type(value).__name__)
    return str(value).strip() or None


def _clean_id(text: str) -> str:
    """An id the chart accepts: control characters become one space, at most 200 characters."""
    cleaned = _CONTROL.sub(" ", text).strip() if _CONTROL.search(text) else text
    return cleaned[:MAX_ID].rstrip()


class Builder:
    """An import in progress: the column plan, the problems found and the whitespace counts."""

    def __init__(
        self,
        mapping: ColumnMap,
        catalog: RoleCatalog,
        header: Sequence[str],
        trim: bool | None = None,
    ) -> None:
        self.mapping = mapping
        self.catalog = catalog
        # Titles, names and units: trimmed unless asked not to, or write_csv's own shape.
        self.trim = trim if trim is not None else not mapping.exact_shape
        self.trim_given = trim
        used = mapping.used()
        self.attribute_columns = [c for c in header if c not in used]
        # Looked up once here rather than per cell: a million-row import reads these 6M times.
        self.attribute_plan = [
            (c, mapping.attribute_key(c), mapping.json_column(c)) for c in self.attribute_columns
        ]
        self.id_column = mapping.column("id")
        self.manager_column = mapping.column("reports_to")
        self.title_column = mapping.column("title")
        self.unit_column = mapping.column("unit")
        self.role_column = mapping.column("role")
        self.dotted_column = mapping.column("dotted_to")
        self.name_columns = mapping.fields.get("name", ())
        self.problems: list[ImportProblem] = []
        self.trimmed_ids = 0
        self.trimmed_text = 0
        self.kept_space = 0

    def problem(
        self,
        row: RawRow | None,
        code: str,
        message: str,
        action: str,
        *,
        position: str | None = None,
        column: str | None = None,
        hint: str | None = None,
        option: Option | None = None,
    ) -> None:
        place = Place(
            row=row.row if row else None,
            line=row.line if row else None,
            positions=() if position is None else (position,),
            field=column,
        )
        self.problems.append(ImportProblem(code, message, action, place, hint, option))

    # -- reading one row ---------------------------------------------------------------------

    def _cell(self, raw: RawRow, column: str | None, attributes: dict[str, Any]) -> str | None:
        """An id-like cell (id, manager, role, dotted lines) as trimmed text, or ``None``."""
        if column is None:
            return None
        value = raw.values.get(column)
        if isinstance(value, str):  # the common case, inline: every CSV cell is text
            return value.strip() or None
        return self._value_text(raw, column, value, attributes)

    def _free_text(self, raw: RawRow, column: str | None, attributes: dict[str, Any]) -> str | None:
        """A title, name or unit: trimmed or kept as written (``self.trim``), and counted."""
        if column is None:
            return None
        value = raw.values.get(column)
        if isinstance(value, str):
            if self.trim:
                text = value.strip()
                if len(text) != len(value):
                    if not text:
                        return None
                    self.trimmed_text += 1
                return text or None
            if not value:
                return None
            if value != value.strip():
                self.kept_space += 1
            return value
        other = self._value_text(raw, column, value, attributes, trim=self.trim)
        if other is not None and other != other.strip():
            self.kept_space += 1
        return other

    def _value_text(
        self,
        raw: RawRow,
        column: str,
        value: Any,
        attributes: dict[str, Any],
        *,
        trim: bool = True,
    ) -> str | None:
        try:
            text = _text(value, trim=trim)
        except ValueError as error:
            key = _free_key(attributes, column)
            attributes[key] = jsonable(value)
            self.problem(
                raw,
                "bad-value",
                f"a {error} where text was expected",
                f"left the field empty; kept the value in attribute {key!r}",
                column=column,
                hint="give this column a single text value per row",
            )
            return None
        return text

    def read(self, raw: RawRow) -> _Row | None:
        """The row's fields; ``None`` when the row holds no data (reported and skipped)."""
        if raw.invalid is not None:
            self.problem(raw, "bad-record", raw.invalid, "skipped it", hint="one object per row")
            return None
        values = raw.values
        if (
            not raw.has_children
            and not raw.extra_cells
            and all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values())
        ):
            self.problem(raw, "empty-row", "the row holds no data", "skipped it")
            return None
        attributes: dict[str, Any] = {}
        for column, key, is_json in self.attribute_plan:
            value = values.get(column)
            if value is None or value == "":
                continue
            if isinstance(value, str):
                attributes[key] = (
                    jsonable(self._json_cell(raw, column, key, value)) if is_json else value
                )
            else:
                attributes[key] = jsonable(value)
        identifier = self._identifier(raw, attributes)
        manager = self._cell(raw, self.manager_column, attributes)
        name_parts = [self._free_text(raw, column, attributes) for column in self.name_columns]
        dotted_text = self._cell(raw, self.dotted_column, attributes)
        row = _Row(
            raw=raw,
            id=identifier,
            manager=(_clean_id(manager) or None) if manager is not None else None,
            title=self._free_text(raw, self.title_column, attributes),
            name=" ".join(p for p in name_parts if p) or None,
            unit=self._free_text(raw, self.unit_column, attributes),
            role_text=self._cell(raw, self.role_column, attributes),
            dotted=_parse_dotted(dotted_text) if dotted_text is not None else (),
            assistant=self._assistant(raw, attributes),
            attributes=attributes,
        )
        if raw.extra_cells or raw.missing_cells:
            self._check_cells(raw, attributes)
        return row

    def _json_cell(self, raw: RawRow, column: str, key: str, text: str) -> Any:
        """A ``json:`` column's cell decoded; text that is not JSON is kept as it is, reported."""
        try:
            return json.loads(text, parse_constant=_no_constant, parse_float=finite_float)
        except ValueError as error:
            detail = getattr(error, "msg", str(error))
        except RecursionError:
            detail = "nested too deeply"
        shown = text if len(text) <= 60 else text[:57] + "..."
        self.problem(
            raw,
            "bad-json",
            f"{shown!r} is not JSON ({detail})",
            f"kept the cell as text in attribute {key!r}",
            column=column,
            hint='a json: column holds JSON: "text" in double quotes, numbers, true, false, '
            "null, [lists] or {objects}; an empty cell means no value",
        )
        return text

    def _identifier(self, raw: RawRow, attributes: dict[str, Any]) -> str | None:
        id_column = self.id_column
        raw_id = self._cell(raw, id_column, attributes)
        if raw_id is None:
            return None
        identifier = _clean_id(raw_id)
        value = raw.values.get(id_column) if id_column else None
        if isinstance(value, str) and len(value) != len(raw_id):
            self.trimmed_ids += 1
        if identifier != raw_id:
            self.problem(
                raw,
                "bad-id",
                f"id {raw_id!r} holds a control character (a newline or tab) or is longer "
                f"than {MAX_ID} characters",
                f"read it as {identifier!r}",
                position=identifier,
                column=id_column,
                hint="ids are one short line of text",
            )
        return identifier or None

    def _assistant(self, raw: RawRow, attributes: dict[str, Any]) -> bool:
        column = self.mapping.column("assistant")
        if column is None:
            return False
        value = raw.values.get(column)
        if isinstance(value, bool):
            return value
        text = self._value_text(raw, column, value, attributes)
        if text is None:
            return False
        flag = BOOLEAN_TEXT.get(text.casefold())
        if flag is not None:
            return flag
        key = _free_key(attributes, column)
        attributes[key] = text
        self.problem(
            raw,
            "bad-value",
            f"{text!r} is not true or false",
            f"not an assistant; kept the value in attribute {key!r}",
            column=column,
            hint="write true or false",
        )
        return False

    def _check_cells(self, raw: RawRow, attributes: dict[str, Any]) -> None:
        """Ragged CSV rows: extra cells kept in an attribute, missing ones read as empty."""
        if raw.extra_cells and any(c != "" for c in raw.extra_cells):
            extra = list(raw.extra_cells)
            while extra and extra[-1] == "":
                extra.pop()
            key = _free_key(attributes, EXTRA_CELLS)
            attributes[key] = extra
            self.problem(
                raw,
                "ragged-row",
                f"the row has {len(raw.extra_cells)} more cells than the header",
                f"kept the extra cells in attribute {key!r}",
                hint="quote cells that contain the delimiter",
            )
        if raw.missing_cells:
            self.problem(
                raw,
                "ragged-row",
                f"the row has {raw.missing_cells} fewer cells than the header",
                "read the missing cells as empty",
                hint="give every row as many cells as the header",
            )


def _no_constant(text: str) -> float:
    raise ValueError(f"{text} is not a JSON number")


def finite_float(text: str) -> float:
    """A JSON number's text as a float; one too large for a float is a ``ValueError``.

    Examples:
        >>> finite_float("2.5")
        2.5
        >>> finite_float("1e999")
        Traceback (most recent call last):
        ...
        ValueError: 1e999 is too large for a JSON number
    """
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is too large for a JSON number")
    return value


def _parse_dotted(text: str) -> tuple[str, ...]:
    """Dotted-line ids: a JSON list (how write_csv writes awkward ids) or ``;``-separated."""
    targets: list[Any] = []
    if text.startswith("["):
        try:
            loaded = json.loads(text)
        except ValueError:
            loaded = None
        if isinstance(loaded, list) and all(isinstance(t, str) for t in loaded):
            targets = loaded
    if not targets:
        targets = text.split(";")
    cleaned = (_clean_id(t.strip()) for t in targets)
    return tuple(dict.fromkeys(t for t in cleaned if t))


def _free_key(attributes: Mapping[str, Any], key: str) -> str:
    if key not in attributes:
        return key
    number = 2
    while f"{key}~{number}" in attributes:
        number += 1
    return f"{key}~{number}"


def build(
    rows: Sequence[RawRow],
    header: Sequence[str],
    *,
    mapping: ColumnMap,
    catalog: RoleCatalog,
    given: ImportInput,
    problems: Sequence[ImportProblem] = (),
) -> ImportResult:
    """Turn rows into a chart and its report; see the importing docs for every rule applied.

    ``given.trim`` is :func:`~orgroles.read_csv`'s: whether titles, names and units lose
    surrounding whitespace (``None``: yes, except in write_csv's shape read from CSV).
    """
    builder = Builder(mapping, catalog, header, given.trim)
    builder.problems.extend(problems)
    read = [builder.read(raw) for raw in rows]
    skipped = sum(1 for r in read if r is None)
    kept, collapsed = _assign_ids(builder, read)
    _check_managers(builder, kept)
    _break_cycles(builder, kept)
    _report_roots(builder, kept)
    role_counts, unresolved, untitled = _resolve_roles(builder, kept)

    # Every value was checked as it was read (ids cleaned, text non-empty, roles from the
    # catalog, attributes JSON), so the positions skip pydantic's second look; the test suite
    # re-validates what this builds.
    positions = [
        trusted_position(
            row.final_id,
            row.role,
            title=row.title,
            name=row.name,
            reports_to=row.manager,
            dotted_to=row.dotted,
            unit=row.unit,
            assistant=row.assistant,
            attributes=row.attributes,
        )
        for row in kept
    ]
    return finish(
        builder,
        positions,
        Tally(len(rows), collapsed, skipped, role_counts, unresolved, untitled),
        given,
    )


@dataclass(slots=True)
class Tally:
    """What an import counted on its way: the report's figures that the chart cannot give."""

    rows_read: int
    collapsed: int
    skipped: int
    role_counts: dict[str, int]
    unresolved: dict[str, int]
    untitled: int


def finish(
    builder: Builder,
    made: list[Position] | OrgChart,
    tally: Tally,
    given: ImportInput,
) -> ImportResult:
    """The chart and its report from what an import made: positions, or a columnar chart."""
    mapping, catalog = builder.mapping, builder.catalog
    product_only = given.product_only
    # Both ways in make distinct ids and roles of the catalog; the chart confirms both in bulk.
    chart = (
        made
        if isinstance(made, OrgChart)
        else OrgChart._from_trusted(made, name=None, roles=catalog)
    )
    positions_made = len(chart)
    role_counts = tally.role_counts
    dropped: tuple[str, ...] = ()
    if product_only:
        product = product_org(chart)
        dropped = tuple(p.id for p in chart if p.id not in product)
        chart = product
        role_counts = dict.fromkeys(role_counts, 0)
        for position in chart:
            role_counts[position.role] += 1

    all_notes = [*given.notes, *_whitespace_notes(builder)]
    if product_only and positions_made and not len(chart):
        all_notes.append(
            "no position has a product role, so the product org is empty: map the titles "
            f"above to roles with a role map ({ROLE_MAP.keyword()})"
        )
    # Whole-input problems first, then row by row; within a row, in the order found.
    ordered = sorted(builder.problems, key=lambda p: p.place.row or 0)
    report = ImportReport(
        source=given.source,
        format=given.format,
        encoding=given.encoding,
        delimiter=given.delimiter,
        rows_read=tally.rows_read,
        positions_made=len(chart),
        collapsed=tally.collapsed,
        skipped=tally.skipped,
        dropped=dropped,
        columns=mapping.choices(),
        attribute_columns=tuple(mapping.attribute_key(c) for c in builder.attribute_columns),
        roles={k: n for k, n in role_counts.items() if n},
        unresolved_titles=tally.unresolved,
        untitled=tally.untitled,
        problems=tuple(ordered),
        notes=tuple(all_notes),
    )
    if given.strict:
        report.raise_for_problems()
    return ImportResult(chart, report)


def _texts(count: int) -> str:
    return "1 title, name or unit" if count == 1 else f"{count} titles, names or units"


def _whitespace_notes(builder: Builder) -> list[str]:
    """The report's notes on whitespace trimmed (ids; titles, names, units) or kept."""
    notes = []
    if builder.trimmed_ids:
        count = builder.trimmed_ids
        notes.append(f"{count} id{'s' if count != 1 else ''} had surrounding whitespace, trimmed")
    if builder.trimmed_text:
        notes.append(f"{_texts(builder.trimmed_text)} had surrounding whitespace, trimmed")
    if builder.kept_space:
        how = "write_csv's shape is read as written" if builder.trim_given is None else "trim=False"
        notes.append(
            f"{_texts(builder.kept_space)} kept {'its' if builder.kept_space == 1 else 'their'} "
            f"surrounding whitespace ({how}; trim=True trims)"
        )
    return notes


def _assign_ids(builder: Builder, read: Sequence[_Row | None]) -> tuple[list[_Row], int]:
    """Give every row its final id: blanks get ``row-N``, conflicting duplicates ``id~2``."""
    taken = {row.id for row in read if row is not None and row.id is not None}
    next_number: dict[str, int] = {}

    def fresh(base: str) -> str:
        if base not in taken:
            taken.add(base)
            return base
        number = next_number.get(base, 2)
        while (candidate := _numbered(base, number)) in taken:
            number += 1
        next_number[base] = number + 1
        taken.add(candidate)
        return candidate

    id_column = builder.mapping.column("id")
    first: dict[str, _Row] = {}
    spelling: dict[str, _Row] = {}
    final_of: list[str | None] = []
    kept: list[_Row] = []
    collapsed = 0
    for row in read:
        if row is None:
            final_of.append(None)
            continue
        raw = row.raw
        if raw.parent is not None:
            parent_id = final_of[raw.parent]
            if row.manager is not None and row.manager != parent_id:
                key = _free_key(row.attributes, builder.mapping.column("reports_to") or "manager")
                row.attributes[key] = row.manager
                builder.problem(
                    raw,
                    "manager-conflict",
                    f"nested under {parent_id!r} but its manager column says {row.manager!r}",
                    f"kept it under {parent_id!r}; kept the other id in attribute {key!r}",
                    position=row.id,
                    hint="nesting decides the manager; remove the manager field or fix it",
                )
            row.manager = parent_id
        if row.id is None:
            row.final_id = fresh(f"row-{raw.row}")
            builder.problem(
                raw,
                "blank-id",
                "the id is blank",
                f"gave it the id {row.final_id!r}",
                position=row.final_id,
                column=id_column,
                hint="give every row an id",
            )
        elif row.id in first:
            earlier = first[row.id]
            if row.same_data(earlier):
                collapsed += 1
                final_of.append(earlier.final_id)
                builder.problem(
                    raw,
                    "duplicate-row",
                    f"repeats row {earlier.raw.row} exactly",
                    "dropped it (collapsed into that row)",
                    position=row.id,
                    hint="remove the repeated row",
                )
                continue
            row.final_id = fresh(row.id)
            builder.problem(
                raw,
                "duplicate-id",
                f"id {row.id!r} is already used by row {earlier.raw.row}, with other data",
                f"kept it as {row.final_id!r}; reports to {row.id!r} go to row {earlier.raw.row}",
                position=row.final_id,
                column=id_column,
                hint="give every position its own id",
            )
        else:
            row.final_id = row.id
            first[row.id] = row
            folded = row.id.casefold()
            other = spelling.setdefault(folded, row)
            if other is not row:
                builder.problem(
                    raw,
                    "case-variant-id",
                    f"id {row.id!r} differs from {other.id!r} (row {other.raw.row}) only in case",
                    "kept both as separate positions",
                    position=row.id,
                    column=id_column,
                    hint="if they are the same position, write the id the same way",
                )
        final_of.append(row.final_id)
        kept.append(row)
    return kept, collapsed


def _numbered(base: str, number: int) -> str:
    """``base~number``, shortening ``base`` so the id stays within the 200-character limit."""
    suffix = f"~{number}"
    return base[: MAX_ID - len(suffix)].rstrip() + suffix


def _check_managers(builder: Builder, kept: Sequence[_Row]) -> None:
    """Self-managers become roots; unknown managers stay as written and are reported."""
    ids = {row.final_id for row in kept}
    folded: dict[str, str] = {}
    column = builder.mapping.column("reports_to")
    for row in kept:
        folded.setdefault(row.final_id.casefold(), row.final_id)
    # HR exports often put the manager's name in a "Manager" column; say so in the hint rather
    # than leave every row's problem unexplained (never resolved silently: names repeat).
    named: dict[str, list[str]] = {}
    for row in kept:
        if row.name is not None:
            named.setdefault(row.name.casefold(), []).append(row.final_id)
    for row in kept:
        manager = row.manager
        if manager is None:
            continue
        # A flat row whose manager is its own (duplicated) id means itself; a nested row's
        # manager is its parent's final id, so only that can make it its own manager.
        own = (row.final_id,) if row.raw.parent is not None else (row.id, row.final_id)
        if manager in own:
            row.manager = None
            row.made_root = True
            builder.problem(
                row.raw,
                "self-report",
                f"{manager!r} is its own manager",
                "made it a root",
                position=row.final_id,
                column=column,
                hint="leave the manager empty for the top of the org",
            )
        elif manager not in ids:
            near = folded.get(manager.casefold())
            holders = named.get(manager.casefold(), [])
            option = None
            if near is not None:
                hint = f"did you mean {near!r}? ids differ in case"
            elif holders:
                hint = (
                    f"{manager!r} is the name of {', '.join(map(repr, holders[:3]))}: "
                    f"{column!r} seems to hold names; name the managers' id column with "
                    f"{MANAGER.keyword()}"
                )
                option = MANAGER
            else:
                hint = f"check that {column!r} holds managers' ids"
            builder.problem(
                row.raw,
                "unknown-manager",
                f"manager {manager!r} is not an id in the input",
                "kept it with that manager id, so validation reports it too",
                position=row.final_id,
                column=column,
                hint=hint,
                option=option,
            )


def _break_cycles(builder: Builder, kept: Sequence[_Row]) -> None:
    """Break each reporting cycle at its member that comes first in the input."""
    index = ReportingIndex.from_managers(
        [row.final_id for row in kept], [row.manager for row in kept]
    )
    # In input order of the member each cycle is broken at (the first of them in the input).
    for cycle in sorted((_from_first(cycle) for cycle in index.cycles()), key=lambda c: c[0]):
        # Name the cycle from the broken member, in reporting order (report -> manager).
        ordered = [kept[member].final_id for member in cycle]
        shown = ordered if len(ordered) <= 12 else [*ordered[:10], "...", ordered[-1]]
        victim = kept[cycle[0]]
        victim.made_root = True
        builder.problem(
            victim.raw,
            "cycle",
            # Arrows of their own: the report writes " -> " before what was done.
            f"{len(cycle)} positions report to each other in a cycle: "
            + " → ".join([*shown, ordered[0]]),
            f"broke the cycle here (the first of them in the input): made {ordered[0]!r} "
            f"a root instead of reporting to {victim.manager!r}",
            position=victim.final_id,
            column=builder.mapping.column("reports_to"),
            hint="fix the manager of one of them",
        )
        victim.manager = None


def _from_first(cycle: tuple[int, ...]) -> tuple[int, ...]:
    """A cycle of row positions rotated to start at its first row in the input."""
    start = cycle.index(min(cycle))
    return cycle[start:] + cycle[:start]


def _report_roots(builder: Builder, kept: Sequence[_Row]) -> None:
    """Name every root after the first (self-reports and broken cycles are reported already)."""
    roots = [row for row in kept if row.manager is None]
    if len(roots) < 2:
        return
    top = roots[0]
    for row in roots[1:]:
        if row.made_root:
            continue
        builder.problem(
            row.raw,
            "multiple-roots",
            f"no manager: one of {len(roots)} roots (the first is {top.final_id!r}, "
            f"row {top.raw.row})",
            "kept it as a root",
            position=row.final_id,
            column=builder.mapping.column("reports_to"),
            hint="give it a manager, unless the org really has several tops",
        )


class TitleRoles:
    """Job titles to role keys, each distinct title resolved once, unresolved ones counted."""

    def __init__(self, catalog: RoleCatalog) -> None:
        self.catalog = catalog
        self.resolved: dict[str, str | None] = {}
        self.unresolved: dict[str, tuple[str, int]] = {}  # normalized -> (first spelling, count)

    def role(self, title: str, rows: int = 1) -> str:
        """The title's role key, or ``other`` (then its ``rows`` are counted as unresolved)."""
        try:
            role = self.resolved[title]
        except KeyError:
            found = self.catalog.resolve_title(title)
            role = self.resolved[title] = found.key if found is not None else None
        if role is not None:
            return role
        key = normalize_title(title)
        spelling, count = self.unresolved.get(key, (title, 0))
        self.unresolved[key] = (spelling, count + rows)
        return OTHER

    def unresolved_counts(self) -> dict[str, int]:
        """Unresolved titles (first spelling) -> rows, most frequent first."""
        ranked = sorted(self.unresolved.values(), key=lambda entry: -entry[1])
        return dict(ranked)


def _resolve_roles(
    builder: Builder, kept: Sequence[_Row]
) -> tuple[dict[str, int], dict[str, int], int]:
    """Roles from the role column, else from the title; count unresolved titles."""
    catalog = builder.catalog
    counts = dict.fromkeys(catalog, 0)
    titles = TitleRoles(catalog)
    untitled = 0
    role_column = builder.mapping.column("role")
    for row in kept:
        role = None
        if row.role_text is not None:
            if row.role_text in catalog:
                role = row.role_text
            else:
                key = _free_key(row.attributes, role_column or "role")
                row.attributes[key] = row.role_text
                builder.problem(
                    row.raw,
                    "unknown-role",
                    f"{row.role_text!r} is not a role key",
                    f"took the role from the title instead; kept the value in attribute {key!r}",
                    position=row.final_id,
                    column=role_column,
                    hint="use a built-in role key or pass roles= with your own roles",
                )
        if role is None:
            if row.title is None:
                untitled += 1
                role = OTHER
            else:
                role = titles.role(row.title)
        row.role = role
        counts[role] += 1
    return counts, titles.unresolved_counts(), untitled
