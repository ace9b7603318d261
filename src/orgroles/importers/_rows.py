"""One input row to position fields: cells read, ids cleaned, every problem of a row noted.

This module owns the :class:`Builder` that turns a row's cells into a position's fields and
collects each row's problems. It knows nothing of file formats (the readers hand it rows) nor of
the passes over all rows (``_repairs``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from orgroles._roles import RoleCatalog
from orgroles.errors import Option, Place
from orgroles.importers._cells import (
    MAX_ID,
    clean_id,
    finite_float,
    free_key,
    jsonable,
    no_constant,
    parse_dotted,
    text_of,
)
from orgroles.importers._columns import BOOLEAN_TEXT, ColumnMap
from orgroles.importers._report import ImportProblem

__all__ = ["EXTRA_CELLS", "OTHER", "Builder", "RawRow", "Row"]

OTHER = "other"
"""The role of every position whose title is no product role (and of untitled ones)."""
EXTRA_CELLS = "extra_cells"
"""The attribute that keeps the cells of a CSV row beyond the header's columns."""


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
class Row:
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
    placeholder: bool = False  # made for a manager the export names but does not hold

    def same_data(self, other: Row) -> bool:
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

    def _dotted(self, raw: RawRow, attributes: dict[str, Any]) -> tuple[str, ...]:
        """Dotted-line ids: a JSON list of ids (as org files write them), or text."""
        value = raw.values.get(self.dotted_column) if self.dotted_column is not None else None
        if isinstance(value, list) and all(isinstance(target, str) for target in value):
            return tuple(dict.fromkeys(clean for t in value if (clean := clean_id(t))))
        text = self._cell(raw, self.dotted_column, attributes)
        return parse_dotted(text) if text is not None else ()

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
            text = text_of(value, trim=trim)
        except ValueError as error:
            key = free_key(attributes, column)
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

    def read(self, raw: RawRow) -> Row | None:
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
            try:
                if isinstance(value, str):
                    attributes[key] = (
                        jsonable(self._json_cell(raw, column, key, value)) if is_json else value
                    )
                else:
                    attributes[key] = jsonable(value)
            except ValueError as error:  # nested too deeply to keep, or to write back
                self.problem(
                    raw, "bad-value", f"the value is {error}", "left it out", column=column
                )
        identifier = self._identifier(raw, attributes)
        manager = self._cell(raw, self.manager_column, attributes)
        name_parts = [self._free_text(raw, column, attributes) for column in self.name_columns]
        row = Row(
            raw=raw,
            id=identifier,
            manager=(clean_id(manager) or None) if manager is not None else None,
            title=self._free_text(raw, self.title_column, attributes),
            name=" ".join(p for p in name_parts if p) or None,
            unit=self._free_text(raw, self.unit_column, attributes),
            role_text=self._cell(raw, self.role_column, attributes),
            dotted=self._dotted(raw, attributes),
            assistant=self._assistant(raw, attributes),
            attributes=attributes,
        )
        if raw.extra_cells or raw.missing_cells:
            self._check_cells(raw, attributes)
        return row

    def _json_cell(self, raw: RawRow, column: str, key: str, text: str) -> Any:
        """A ``json:`` column's cell decoded; text that is not JSON is kept as it is, reported."""
        try:
            return json.loads(text, parse_constant=no_constant, parse_float=finite_float)
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
        identifier = clean_id(raw_id)
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
        key = free_key(attributes, column)
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
            key = free_key(attributes, EXTRA_CELLS)
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
