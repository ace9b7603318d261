"""CSV exports to a chart: ``read_csv``, with its header, delimiter and quote checks.

This module owns turning a CSV file's bytes into a header, rows and a column mapping (decoding
and splitting live in ``_text``, the fast path for clean files in ``_fast``); the rules applied
to the rows live in ``_build``.
"""

from __future__ import annotations

import codecs
import dataclasses
from collections.abc import Sequence

from orgroles._bulk import paused_gc
from orgroles._documents import Source, read_bytes
from orgroles.errors import Place, import_error
from orgroles.importers._aliases import UserAliases
from orgroles.importers._columnar import read_table
from orgroles.importers._columns import ColumnMap
from orgroles.importers._filters import Where
from orgroles.importers._input import ImportInput
from orgroles.importers._managers import ManagerBy
from orgroles.importers._records import empty_import, hr_options, named_columns
from orgroles.importers._report import ImportProblem, ImportResult
from orgroles.importers._role_map import RoleMap, Roles, catalog_of
from orgroles.importers._sheet import import_sheet
from orgroles.importers._text import CsvRow, decode, detect_delimiter, parse_csv, swallowed_rows

__all__ = ["read_csv"]

_DELIMITER_NAMES = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}


@paused_gc()
def read_csv(
    file: Source,
    *,
    source: str | None = None,
    id: str | None = None,  # the column is called what users call it
    manager: str | None = None,
    title: str | None = None,
    name: str | Sequence[str] | None = None,
    unit: str | None = None,
    role: str | None = None,
    role_map: RoleMap | None = None,
    roles: Roles = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    strict: bool = False,
    product_only: bool = False,
    trim: bool | None = None,
    manager_by: ManagerBy = "auto",
    placeholders: bool = True,
    where: Where | None = None,
    aliases: UserAliases | None = None,
) -> ImportResult:
    r"""Import a CSV export (HR system, spreadsheet, org-chart tool) into a chart and a report.

    Columns not named are detected from the header (``id``/``parentId``,
    ``Employee ID``/``Manager ID``, ``Job Title``, ``First Name`` + ``Last Name``...); the
    report says which were used and how. Titles become roles through the catalog's title rules
    and ``role_map``; a title nothing matches gives the role ``other`` and is counted in the
    report. Every other column lands in ``attributes`` as text (``00123`` stays ``00123``;
    empty cells are left out). Every row becomes a position or is named in the report.

    The exact shape :func:`write_csv` writes (a header starting with
    ``id,parentId,name,title,role,unit,dotted_to,assistant``, no column named by the caller)
    is read field by field and exactly: ``attributes.<key>`` columns lose the prefix,
    ``json:<key>`` columns are decoded as JSON (a cell that is not JSON is kept as text and
    reported as ``bad-json``), and titles, names and units keep surrounding whitespace. In any
    other file a column named ``json:...`` is an ordinary text column.

    Args:
        file: the CSV file's path, the file opened in binary mode, or its bytes (standard
            input, a download).
        source: the file's name in messages and the report (default: the path, the open
            file's name, else ``<bytes>``).
        id: the id column (detected when ``None``).
        manager: the column with the manager's id.
        title: the job-title column.
        name: the holder's name column, or several columns joined with spaces.
        unit: the department / unit column.
        role: a column of role keys (``pm``, ``director``), used before the title.
        role_map: job title -> role key, as a mapping or a CSV or YAML file; tried before the
            built-in title rules.
        roles: custom roles (or a whole catalog) the role keys may name. A catalog without
            ``other`` gets the built-in one, the role of positions whose title is no product
            role.
        encoding: the text encoding; detected when ``None`` (BOM, UTF-8, else cp1252).
        delimiter: ``,`` ``;`` tab (``"tab"``) or ``|``; detected from the header when ``None``.
        strict: raise on any problem instead of repairing it.
        product_only: keep only product positions and their chains of command
            (:func:`product_org`); the report lists the dropped ids.
        manager_by: how the manager column is read: ``"id"``, ``"email"`` (matched to the
            detected email column), ``"name"`` (matched to the holders' names across "Last,
            First M" and "First M. Last", case, accents and middle initials), or ``"auto"``:
            ids, unless they fit none, then the column and reading that find the managers
            (the report says so first).
        placeholders: give a manager that is named but not in the input a vacant placeholder
            position to report to (by email or name only); ``False`` keeps the text as written.
        where: keep only the rows that pass: ``{"Status": "Active"}``, ``["Termd!=1"]`` or a
            function of the row's ``{column: value}``; the report counts the rest.
        aliases: your own header names by field, tried before the built-in ones
            (``{"id": "Personalnummer", "manager": "Chef-ID"}``).
        trim: whether titles, names and units lose surrounding whitespace. ``None`` (the
            default): yes, as HR exports pad them by accident, except in :func:`write_csv`'s
            shape, which is read as written so that the round trip is exact. ``True``: always;
            ``False``: never (then only an empty cell is empty). Ids are always trimmed. The
            report's notes count what was trimmed or kept.

    Returns:
        ``(chart, report)`` as an :class:`ImportResult`.

    Raises:
        OrgImportError: the file cannot be read (encoding, no id column, a named column that
            is not there), or ``strict`` and there are problems (all listed).
        OSError: the file cannot be opened.
        TypeError: ``file`` is a text-mode file, or the CSV text itself instead of a path.

    Examples:
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "hr.csv"
        >>> _ = path.write_text(
        ...     "Employee ID;Name;Job Title;Manager ID;Cost Center\n"
        ...     "1;Ada;CEO;;0042\n2;Lin;Sr. Product Manager;1;0042\n", encoding="utf-8")
        >>> chart, report = read_csv(path)
        >>> [(p.id, p.role, p.reports_to, p.attributes["Cost Center"]) for p in chart]
        [('1', 'ceo', None, '0042'), ('2', 'senior_pm', '1', '0042')]
        >>> report.column("reports_to"), report.delimiter
        (('Manager ID',), ';')
        >>> read_csv(b"id,parentId\n1,\n2,1\n", source="upload.csv").report.source
        'upload.csv'
    """
    data, source = read_bytes(file, name=source)
    text, used_encoding, notes = decode(
        data, encoding=encoding, source=source, what="CSV", workbooks=True
    )
    catalog = catalog_of(roles, role_map)
    columns = named_columns(id=id, manager=manager, title=title, name=name, unit=unit, role=role)
    given = ImportInput(
        source=source,
        format="csv",
        encoding=used_encoding,
        notes=tuple(notes),
        strict=strict,
        product_only=product_only,
        trim=trim,
        **hr_options(
            manager_by=manager_by, placeholders=placeholders, where=where, aliases=aliases
        ),
    )
    if not text or text.isspace():  # not text.strip(): no copy of a large file
        return empty_import("empty-file", "the file is empty", given, columns, catalog)
    sep = _delimiter(delimiter, source) if delimiter is not None else detect_delimiter(text)
    given = dataclasses.replace(given, delimiter=sep)
    # A header line without a quote is parsed alone: the data rows may then be read a column
    # at a time, and a million-row text is not copied for the csv module unless they are not.
    end = text.find("\n")
    alone = end > 0 and text[0] != "\r" and '"' not in text[:end]
    parsed = parse_csv(text[: end + 1] if alone else text, delimiter=sep, source=source)
    first = next(parsed)
    # A header line's later lines that are wider than the whole header are rows it took in.
    width = len(first.cells)
    swallowed = swallowed_rows(first, delimiter=sep, looks_like_row=lambda c: len(c) > width)
    if swallowed is not None:
        # Every row went into a header cell: there is nothing a lenient read could keep.
        raise import_error(
            f"a quote in the header is not closed: line {swallowed.line} and the lines "
            "after it were read as part of a column name",
            source=source,
            hint='close the quote, or write a quote inside a cell as two ("")',
            line=first.line,
            reading=True,
        )
    # A plain file is read a column at a time; any other is parsed row by row, with lines.
    width = len(first.cells)
    # UTF-8 bytes (the usual case) go to the columnar reader as they are: no second copy.
    utf8 = codecs.lookup(used_encoding).name in ("utf-8", "utf-8-sig")
    table = (
        read_table(text, delimiter=sep, width=width, data=data if utf8 else None)
        if first.lines == 1
        else None
    )
    if table is None and alone:
        parsed = parse_csv(text, delimiter=sep, source=source)
        next(parsed)  # the header, read above
    return import_sheet(
        first,
        table=table,
        records=list(parsed) if table is None else [],
        reparse=lambda: list(parse_csv(text, delimiter=sep, source=source))[1:],
        given=given,
        columns=columns,
        catalog=catalog,
        extra_problems=lambda records, header, mapping: _unclosed_quotes(
            records, header, mapping, sep
        ),
    )


def _unclosed_quotes(
    records: Sequence[CsvRow], header: Sequence[str], mapping: ColumnMap, delimiter: str
) -> list[ImportProblem]:
    """Rows whose quoted cell took in lines that read as rows of this file.

    Such a line is as wide as the header, its id cell holds one word, and its manager cell is
    empty or an id of the file: a note or an address over several lines is none of that.
    """
    spanning = [(n, r) for n, r in enumerate(records, start=1) if r.lines > 1]
    id_column = mapping.column("id")
    if not spanning or id_column is None:
        return []
    at = header.index(id_column)
    manager = mapping.column("reports_to")
    under = header.index(manager) if manager is not None else None
    ids = {r.cells[at].strip() for r in records if at < len(r.cells)}
    width = len(header)

    def looks_like_row(cells: list[str]) -> bool:
        if len(cells) != width:
            return False
        own = cells[at].strip()
        if not own or any(character.isspace() for character in own):
            return False
        return under is None or not cells[under].strip() or cells[under].strip() in ids

    problems = []
    for number, record in spanning:
        found = swallowed_rows(record, delimiter=delimiter, looks_like_row=looks_like_row)
        if found is None:
            continue
        rows = f"{found.rows} row{'s' if found.rows != 1 else ''}"
        column = header[found.cell] if found.cell < width else None
        first_id = record.cells[at].strip() if at < len(record.cells) else ""
        starts = (first_id,) if first_id else ()
        problems.append(
            ImportProblem(
                "unclosed-quote",
                f"a quoted cell takes in {rows} from line {found.line} on: a quote is "
                "probably not closed",
                f"read those lines as part of the cell; the {rows} in them are not imported",
                Place(row=number, line=record.line, positions=starts, field=column),
                hint='close the quote, or write a quote inside a cell as two ("")',
            )
        )
    return problems


def _delimiter(value: str, source: str) -> str:
    value = _DELIMITER_NAMES.get(value.casefold(), value)
    if len(value) != 1 or value in '"\r\n':
        raise import_error(
            f"delimiter {value!r} is not one character",
            source=source,
            hint="pass one of , ; | or 'tab'",
            reading=True,
        )
    return value
