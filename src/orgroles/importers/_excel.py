"""Workbooks to a chart: ``read_excel`` for .xlsx, .xlsm, .xlsb, .xls and .ods, and what a file is.

This module owns opening a workbook (with python-calamine, imported on first use), choosing the
sheet, turning cells into the text a CSV export would hold (ids ``10026``, not ``10026.0``; dates
as ISO text; formulas as their values) and naming binary files given as text. What the cells
mean is ``_sheet``'s business.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
from collections.abc import Mapping, Sequence
from typing import Any

from orgroles._bulk import paused_gc
from orgroles._documents import Source, read_bytes
from orgroles.errors import Option, OrgImportError, import_error
from orgroles.importers._aliases import UserAliases
from orgroles.importers._columnar import Table
from orgroles.importers._columns import detect_columns
from orgroles.importers._filters import Where
from orgroles.importers._input import ImportInput
from orgroles.importers._managers import ManagerBy
from orgroles.importers._records import Columns, empty_import, hr_options, named_columns
from orgroles.importers._report import ImportResult
from orgroles.importers._role_map import RoleMap, Roles, catalog_of
from orgroles.importers._sheet import import_sheet
from orgroles.importers._text import CsvRow, binary_kind

__all__ = ["cell_text", "read_excel", "sheet_names"]

SHEET = Option("sheet", metavar="SHEET")
Aliases = Mapping[str, tuple[str, ...]] | None
_HEADER_SEARCH = 10  # rows above the header (a title, a date line) that are skipped


def cell_text(value: Any) -> str:
    """A workbook cell's value as the text a CSV export holds.

    Whole numbers lose the ``.0`` every spreadsheet number carries (ids and codes are numbers
    there); other numbers keep the shortest text that reads back as the same number; dates and
    times are ISO 8601 (a date-time at midnight is the date alone); booleans are ``TRUE`` or
    ``FALSE``, as spreadsheets write them; an empty cell is ``""``.

    Examples:
        >>> cell_text(10026.0), cell_text(0.5), cell_text(True), cell_text("")
        ('10026', '0.5', 'TRUE', '')
        >>> cell_text(datetime.datetime(2011, 7, 5)), cell_text(datetime.date(2011, 7, 5))
        ('2011-07-05', '2011-07-05')
        >>> cell_text(datetime.datetime(2011, 7, 5, 9, 30))
        '2011-07-05T09:30:00'
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    elif isinstance(value, datetime.datetime) and value.time() == datetime.time():
        text = value.date().isoformat()
    elif isinstance(value, datetime.date | datetime.time):
        text = value.isoformat()
    else:
        text = "" if value is None else str(value)
    return text


@paused_gc()
def read_excel(
    file: Source,
    *,
    sheet: str | int | None = None,
    source: str | None = None,
    id: str | None = None,  # the column is called what users call it
    manager: str | None = None,
    title: str | None = None,
    name: str | Sequence[str] | None = None,
    unit: str | None = None,
    role: str | None = None,
    role_map: RoleMap | None = None,
    roles: Roles = None,
    strict: bool = False,
    product_only: bool = False,
    trim: bool | None = None,
    manager_by: ManagerBy = "auto",
    placeholders: bool = True,
    where: Where | None = None,
    aliases: UserAliases | None = None,
) -> ImportResult:
    """Import a workbook (.xlsx, .xlsm, .xlsb, .xls or .ods) into a chart and a report.

    The sheet is ``sheet`` (a name, or a 0-based position), else the first whose header has an
    id column and a manager column (a data dictionary or a cover sheet before the data is
    passed over), else the only sheet; the report's notes say which and why. The header is the
    first row that names the id and manager columns among the first ten non-empty rows (a title
    above it is skipped), else the first non-empty row. Cells become the text a CSV export would
    hold (:func:`cell_text`): ids ``10026``, not ``10026.0``; dates ISO; formulas their
    computed values as the workbook saved them. Empty rows are not rows. From there the import is
    :func:`read_csv`'s: the same detection, repairs, report and options; problems point at the
    sheet's row numbers as the spreadsheet shows them (``line``).

    Args:
        file: the workbook's path, the file opened in binary mode, or its bytes.
        sheet: the sheet's name, or its 0-based position; chosen from the headers when ``None``.
        source: the file's name in messages and the report.
        id: the id column (detected when ``None``); the other column keywords, ``role_map``,
            ``roles``, ``strict``, ``product_only`` and ``trim`` are :func:`read_csv`'s.
        manager: the column with the manager's id.
        title: the job-title column.
        name: the holder's name column, or several columns joined with spaces.
        unit: the department / unit column.
        role: a column of role keys.
        role_map: job title -> role key, as a mapping or a file.
        roles: custom roles (or a whole catalog) the role keys may name.
        strict: raise on any problem instead of repairing it.
        product_only: keep only product positions and their chains of command.
        trim: whether titles, names and units lose surrounding whitespace (default: yes).
        manager_by: how the manager column is read (see :func:`read_csv`).
        placeholders: placeholder positions for managers not in the workbook.
        where: the row filter (see :func:`read_csv`).
        aliases: your own header names by field.

    Returns:
        ``(chart, report)`` as an :class:`ImportResult`.

    Raises:
        OrgImportError: not a workbook the reader knows, a sheet that is not there, no sheet
            with an id column, or ``strict`` and there are problems (all listed).
        OSError: the file cannot be opened.

    Examples:
        >>> import pathlib, tempfile
        >>> from orgroles import read_excel
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "hr.xlsx"
        >>> from openpyxl import Workbook
        >>> book = Workbook()
        >>> book.active.title = "About"
        >>> book.active.append(["This export lists every employee."])
        >>> data = book.create_sheet("Employees")
        >>> data.append(["EmpID", "ManagerID", "Job Title"])
        >>> data.append([10026, None, "CEO"])
        >>> data.append([10027, 10026, "Product Manager"])
        >>> book.save(path)
        >>> chart, report = read_excel(path)
        >>> [(p.id, p.role, p.reports_to) for p in chart]
        [('10026', 'ceo', None), ('10027', 'pm', '10026')]
        >>> report.sheet
        'Employees'
    """
    data, label = read_bytes(file, name=source)
    catalog = catalog_of(roles, role_map)
    columns = named_columns(id=id, manager=manager, title=title, name=name, unit=unit, role=role)
    given = ImportInput(
        source=label,
        format="excel",
        strict=strict,
        product_only=product_only,
        trim=trim,
        **hr_options(
            manager_by=manager_by, placeholders=placeholders, where=where, aliases=aliases
        ),
    )
    book = _open(data, label)
    chosen, rows, start, why = _choose_sheet(book, sheet, columns, label, given.aliases)
    given = dataclasses.replace(given.noted(why), sheet=chosen)
    at = _header_row(rows, columns, given.aliases)
    if at is None:
        return empty_import("empty-file", f"sheet {chosen!r} is empty", given, columns, catalog)
    first = CsvRow(start + at, [cell_text(value) for value in rows[at]])
    body = rows[at + 1 :]
    lines: Sequence[int] = range(start + at + 1, start + at + 1 + len(body))
    # Column by column: a column of one type converts at C speed, and the fast path wants
    # columns anyway.
    cells: list[Sequence[str]] = (
        [_column_text(column) for column in zip(*body, strict=True)] if body else []
    )
    del rows, body
    filled = list(map(any, zip(*cells, strict=True))) if cells else []
    if not all(filled):  # empty rows are no rows, as blank lines in a CSV file
        kept = [n for n, full in enumerate(filled) if full]
        cells = [[column[n] for n in kept] for column in cells]
        lines = [lines[n] for n in kept]
    count = len(lines)
    width = len(first.cells)
    table = Table(count, cells or [[] for _ in range(width)])

    def records() -> list[CsvRow]:
        return [
            CsvRow(line, list(row))
            for line, row in zip(lines, zip(*cells, strict=True), strict=True)
        ]

    return import_sheet(
        first,
        table=table,
        records=[],
        reparse=records,
        given=given,
        columns=columns,
        catalog=catalog,
    )


def _column_text(column: Sequence[Any]) -> list[str]:
    """A column's cells as text (:func:`cell_text`); a column of one kind is converted inline.

    A 100,000-row export has a million cells: a call per cell is a third of the import.
    """
    kinds = set(map(type, column)) - {str}
    if not kinds:
        return list(column)
    if kinds == {float}:
        return [
            v if type(v) is str else str(int(v)) if v.is_integer() and abs(v) < 2**53 else repr(v)
            for v in column
        ]
    if kinds == {datetime.date}:
        return [v if type(v) is str else v.isoformat() for v in column]
    if kinds == {bool}:
        return [v if type(v) is str else "TRUE" if v else "FALSE" for v in column]
    return list(map(cell_text, column))


def sheet_names(file: Source) -> list[str]:
    """The names of a workbook's sheets, in order.

    Raises:
        OrgImportError: not a workbook the reader knows.
    """
    data, label = read_bytes(file)
    return list(_open(data, label).sheet_names)


def _open(data: bytes, source: str) -> Any:
    import python_calamine  # noqa: PLC0415  # only imports of workbooks need it

    try:
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as error:  # calamine raises its own and builtin errors for bad bytes
        kind = binary_kind(data)
        what = f"it is {kind}" if kind else "it is no .xlsx, .xlsm, .xlsb, .xls or .ods file"
        hint = (
            "read a CSV export with read_csv()"
            if kind is None
            else "save it again from the spreadsheet program, as .xlsx"
        )
        raise import_error(
            f"cannot open the workbook: {what} ({type(error).__name__}: {error})",
            source=source,
            hint=hint,
            reading=True,
        ) from None


def _sheet_rows(book: Any, name: str) -> tuple[list[list[Any]], int]:
    """A sheet's cells row by row from its first used row, and that row's number (from 1)."""
    found = book.get_sheet_by_name(name)
    rows: list[list[Any]] = found.to_python(skip_empty_area=True)
    start = found.start[0] + 1 if found.start is not None else 1
    return rows, start


def _has_columns(
    cells: Sequence[str], columns: Columns, aliases: Aliases, *, manager: bool
) -> bool:
    """Whether a header row names an id column (and a manager column when ``manager``)."""
    header = [cell.strip() for cell in cells]
    try:
        mapping = detect_columns(
            header,
            given=columns,
            values=lambda _: (),
            is_role_key=lambda _: False,
            source="",
            need_id=False,
            need_manager=False,
            aliases=aliases,
        )
    except OrgImportError:  # a named column this row does not have
        return False
    managers = "reports_to" in mapping.fields or bool(
        mapping.known.keys() & {"manager_name", "manager_email"}
    )
    return "id" in mapping.fields and (not manager or managers)


def _filled(row: Sequence[Any]) -> bool:
    return any(value != "" and value is not None for value in row)


def _header_row(rows: Sequence[Sequence[Any]], columns: Columns, aliases: Aliases) -> int | None:
    """The header among the first non-empty rows: the first naming id and manager columns.

    Else the first non-empty row; ``None`` when every row is empty.
    """
    filled = [at for at, row in enumerate(rows[: _HEADER_SEARCH * 10]) if _filled(row)]
    for at in filled[:_HEADER_SEARCH]:
        if _has_columns([cell_text(v) for v in rows[at]], columns, aliases, manager=True):
            return at
    return filled[0] if filled else None


def _choose_sheet(
    book: Any, sheet: str | int | None, columns: Columns, source: str, aliases: Aliases
) -> tuple[str, list[list[Any]], int, str]:
    """The sheet to read, its rows, its first row's number and a note saying why."""
    names: list[str] = list(book.sheet_names)
    if sheet is not None:
        name = _named_sheet(names, sheet, source)
        rows, start = _sheet_rows(book, name)
        return name, rows, start, f"read sheet {name!r} (given)"
    passed: list[str] = []
    first_with_id: tuple[str, list[list[Any]], int] | None = None
    for name in names:
        rows, start = _sheet_rows(book, name)
        heads = [[cell_text(v) for v in row] for row in rows[: _HEADER_SEARCH * 10] if _filled(row)]
        heads = heads[:_HEADER_SEARCH]
        if any(_has_columns(cells, columns, aliases, manager=True) for cells in heads):
            where = f"sheet {names.index(name) + 1} of {len(names)}"
            if passed:
                skipped = ", ".join(repr(n) for n in passed)
                why = f"its header has id and manager columns; {skipped} had none"
            else:
                why = "its header has id and manager columns"
            return name, rows, start, f"read sheet {name!r} ({where}): {why}"
        passed.append(name)
        # Without a manager column only a first row counts: a data dictionary lists the
        # column names one per row, and "EmpID" in its first cell is no header.
        if (
            first_with_id is None
            and heads
            and _has_columns(heads[0], columns, aliases, manager=False)
        ):
            first_with_id = (name, rows, start)
    if len(names) == 1:
        rows, start = _sheet_rows(book, names[0])
        return names[0], rows, start, f"read sheet {names[0]!r}, the only one"
    if first_with_id is not None:
        name, rows, start = first_with_id
        why = "the first with an id column (none has a manager column)"
        return name, rows, start, f"read sheet {name!r}: {why}"
    shown = ", ".join(repr(n) for n in names)
    raise import_error(
        f"no sheet has an id column in its first rows; the sheets: {shown}",
        source=source,
        hint=f"pass the sheet with the data as {SHEET.keyword()}, and name its columns",
        option=SHEET,
    )


def _named_sheet(names: Sequence[str], sheet: str | int, source: str) -> str:
    if isinstance(sheet, str) and sheet in names:
        return sheet
    if isinstance(sheet, int) and not isinstance(sheet, bool) and 0 <= sheet < len(names):
        return names[sheet]
    if isinstance(sheet, str):
        folded = [n for n in names if n.strip().casefold() == sheet.strip().casefold()]
        if len(folded) == 1:
            return folded[0]
    shown = ", ".join(f"{n!r}" for n in names)
    raise import_error(
        f"no sheet {sheet!r} in the workbook; its sheets: {shown}",
        source=source,
        hint=f"pass one of them as {SHEET.keyword()} (a name, or a position from 0)",
        option=SHEET,
    )
