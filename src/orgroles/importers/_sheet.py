"""A header row and data rows of text cells to a chart: what CSV files and workbook sheets share.

This module owns the steps after the cells are read: header names made unique, nameless columns
and a header without rows reported, columns detected, then the clean fast path or the careful
row-by-row build. It knows nothing of how the cells were read (CSV text or a workbook).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import compress

from orgroles._roles import RoleCatalog
from orgroles.errors import Place
from orgroles.importers._build import build, finish
from orgroles.importers._columnar import Table, table_of_records
from orgroles.importers._columns import ColumnMap, detect_columns
from orgroles.importers._fast import clean_csv_positions
from orgroles.importers._filters import row_filter
from orgroles.importers._input import ImportInput
from orgroles.importers._records import Columns
from orgroles.importers._report import ImportProblem, ImportResult
from orgroles.importers._rows import Builder, RawRow
from orgroles.importers._text import CsvRow

__all__ = ["import_sheet", "unique_header"]

ExtraProblems = Callable[[Sequence[CsvRow], Sequence[str], ColumnMap], list[ImportProblem]]
"""Problems only the reader can see in the rows it parsed (a CSV quote never closed)."""


def import_sheet(
    first: CsvRow,
    *,
    table: Table | None,
    records: list[CsvRow],
    reparse: Callable[[], list[CsvRow]],
    given: ImportInput,
    columns: Columns,
    catalog: RoleCatalog,
    extra_problems: ExtraProblems | None = None,
) -> ImportResult:
    """Import a header row and its data rows.

    Args:
        first: the header row (its ``line`` is where problems about the header point).
        table: the data rows as columns when they were read a column at a time, else ``None``.
        records: the data rows with their lines, when they were read row by row.
        reparse: the data rows with their lines, for when only ``table`` was read and the
            careful path needs each row's line.
        given: the import's input and options.
        columns: the columns the caller named, by field.
        catalog: the roles titles resolve to.
        extra_problems: the reader's own checks of the parsed rows, once columns are known.
    """
    source = given.source or "<bytes>"
    header, header_problems, generated = unique_header(first.cells, first.line)
    width = len(header)
    rows_read = table.rows if table is not None else len(records)
    position = {column: index for index, column in enumerate(header)}

    def column_values(column: str) -> Iterator[str]:
        index = position[column]
        if table is not None:
            return iter(table.column(index))
        return (r.cells[index] if index < len(r.cells) else "" for r in records)

    for index, column in generated:
        # A nameless column only matters when it holds data; then say what it is called.
        if any(column_values(column)):
            header_problems.append(
                ImportProblem(
                    "blank-column",
                    f"column {index + 1} has no name in the header",
                    f"kept its cells in attribute {column!r}",
                    Place(line=first.line, field=column),
                    hint="give every column a header",
                )
            )
    if not rows_read:
        header_problems.append(
            ImportProblem(
                "header-only",
                "the file has a header but no data rows",
                "made an empty chart",
                Place(line=first.line),
            )
        )
    mapping = detect_columns(
        header,
        given=columns,
        values=column_values,
        is_role_key=catalog.__contains__,
        source=source,
        need_id=bool(rows_read),
        need_manager=rows_read > 1,
        delimiter=given.delimiter,
        aliases=given.aliases,
    )
    mapping.exact_shape = mapping.orgroles_shape and given.format == "csv"
    if table is None:
        if extra_problems is not None:
            header_problems.extend(extra_problems(records, header, mapping))
        table = table_of_records(records, width)
    builder = Builder(mapping, catalog, header, given.trim)
    fast = None
    if table is not None and given.manager_by in ("auto", "id"):
        # Managers by name or email always take the careful path, which resolves them.
        keeps = row_filter(given.where, header, mapping, source=source)
        whole = table
        mask = keeps.mask(lambda c: whole.column(position[c]), header) if keeps else []
        kept = table if all(mask) else _compressed(table, mask)
        fast = clean_csv_positions(header, kept, builder)
        if fast is not None and keeps is not None:
            fast[1].rows_read, fast[1].filtered = table.rows, table.rows - kept.rows
            fast[1].row_filter = str(keeps)
    if fast is not None:
        fast[1].manager_by = "id"
        builder.problems.extend(header_problems)
        return finish(builder, *fast, given)
    if not records and rows_read:
        # Read a column at a time but not clean: the careful path needs every row's line.
        records = reparse()
    table = None  # the careful path holds the cells now
    rows = [
        RawRow(
            number,
            dict(zip(header, record.cells, strict=False)),
            line=record.line,
            extra_cells=record.cells[width:] if len(record.cells) > width else None,
            missing_cells=max(0, width - len(record.cells)),
        )
        for number, record in enumerate(records, start=1)
    ]
    records.clear()  # the rows hold the cells now; a large file should not be held twice
    return build(
        rows, header, mapping=mapping, catalog=catalog, given=given, problems=header_problems
    )


def _compressed(table: Table, mask: Sequence[bool]) -> Table:
    """The rows of a table the mask keeps."""
    columns: list[Sequence[str]] = [
        list(compress(table.column(n), mask)) for n in range(table.width)
    ]
    return Table(sum(mask), columns)


def unique_header(
    cells: Sequence[str], line: int
) -> tuple[list[str], list[ImportProblem], list[tuple[int, str]]]:
    """Header names trimmed and unique: a blank one is ``column_N``, a repeated one ``name~2``.

    Examples:
        >>> header, problems, blank = unique_header(["id", " id ", ""], 1)
        >>> header, [p.code for p in problems], blank
        (['id', 'id~2', 'column_3'], ['duplicate-column'], [(2, 'column_3')])
    """
    header: list[str] = []
    seen: set[str] = set()
    problems: list[ImportProblem] = []
    generated: list[tuple[int, str]] = []
    for index, cell in enumerate(cells):
        column = cell.strip()
        blank = not column
        if blank:
            column = f"column_{index + 1}"
        if column in seen:
            base, number = column, 2
            while f"{base}~{number}" in seen:
                number += 1
            column = f"{base}~{number}"
            if not blank:
                problems.append(
                    ImportProblem(
                        "duplicate-column",
                        f"column {base!r} appears more than once in the header",
                        f"read column {index + 1} as {column!r}",
                        Place(line=line, field=column),
                        hint="give every column its own name",
                    )
                )
        if blank:
            generated.append((index, column))
        seen.add(column)
        header.append(column)
    return header, problems, generated
