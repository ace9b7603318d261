"""The importers' entry points: ``read_csv``, ``read_json`` and ``from_records``, and role maps.

This module owns turning a file or records into rows plus a column mapping; the rules applied to
the rows live in ``_build``, the detection rules in ``_columns``.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from orgroles._bulk import paused_gc
from orgroles._documents import format_of, read_document
from orgroles._titles import normalize_title
from orgroles._yamljson import FileSyntaxError, load_json
from orgroles.errors import OrgFileError, OrgImportError, Place, Problem, suggest
from orgroles.importers._build import OTHER, Builder, RawRow, build, finish
from orgroles.importers._columnar import read_table, table_of_records
from orgroles.importers._columns import ColumnMap, detect_columns, header_key
from orgroles.importers._fast import clean_csv_positions
from orgroles.importers._report import ImportProblem, ImportResult
from orgroles.importers._text import CsvRow, decode, detect_delimiter, parse_csv, swallowed_rows
from orgroles.roles import Role, RoleCatalog, default_catalog

__all__ = [
    "CHILDREN_KEYS",
    "from_records",
    "load_role_map",
    "read_csv",
    "read_csv_bytes",
    "read_json",
    "read_json_bytes",
]

CHILDREN_KEYS = ("children", "_children", "subordinates", "directReports", "direct_reports")
"""Keys that hold nested reports in a JSON tree, in the order they are looked for."""

_ROLE_HEADERS = ("role", "rolekey", "key", "orgrolesrole")
_DELIMITER_NAMES = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}

RoleMap = Mapping[str, str] | str | os.PathLike[str]
Roles = RoleCatalog | Iterable[Role] | None
Columns = str | Sequence[str] | None


def read_csv(
    path: str | os.PathLike[str],
    *,
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
        path: the CSV file.
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
    """
    path = Path(path)
    return read_csv_bytes(
        path.read_bytes(),
        source=str(path),
        id=id,
        manager=manager,
        title=title,
        name=name,
        unit=unit,
        role=role,
        role_map=role_map,
        roles=roles,
        encoding=encoding,
        delimiter=delimiter,
        strict=strict,
        product_only=product_only,
        trim=trim,
    )


@paused_gc()
def read_csv_bytes(
    data: bytes,
    *,
    source: str,
    id: str | None = None,
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
) -> ImportResult:
    """:func:`read_csv` on bytes already read (standard input, a download)."""
    catalog = _catalog(roles, role_map)
    text, used_encoding, notes = decode(data, encoding=encoding, source=source)
    given = {"id": id, "reports_to": manager, "title": title, "name": name, "unit": unit}
    given["role"] = role
    if not text.strip():
        return _empty(
            "empty-file",
            "the file is empty",
            catalog=catalog,
            given=given,
            source=source,
            format="csv",
            encoding=used_encoding,
            delimiter=None,
            notes=notes,
            strict=strict,
        )
    sep = _delimiter(delimiter, source) if delimiter is not None else detect_delimiter(text)
    parsed = parse_csv(text, delimiter=sep, source=source)
    first = next(parsed)
    # A header line's later lines that are wider than the whole header are rows it took in.
    width = len(first.cells)
    swallowed = swallowed_rows(first, delimiter=sep, looks_like_row=lambda c: len(c) > width)
    if swallowed is not None:
        # Every row went into a header cell: there is nothing a lenient read could keep.
        raise OrgImportError(
            [
                Problem(
                    f"a quote in the header is not closed: line {swallowed.line} and the lines "
                    "after it were read as part of a column name",
                    hint='close the quote, or write a quote inside a cell as two ("")',
                    place=Place(line=first.line, source=source),
                )
            ],
            summary=f"cannot read {source}",
        )
    header, header_problems, generated = _header(first.cells, first.line)
    width = len(header)
    # A plain file is read a column at a time; any other is parsed row by row, with lines.
    table = read_table(text, delimiter=sep, width=width) if first.lines == 1 else None
    records = list(parsed) if table is None else []
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
        given=given,
        values=column_values,
        is_role_key=catalog.__contains__,
        source=source,
        need_id=bool(rows_read),
        need_manager=rows_read > 1,
        delimiter=sep,
    )
    mapping.exact_shape = mapping.orgroles_shape
    if table is None:
        header_problems.extend(_unclosed_quotes(records, header, mapping, sep))
        table = table_of_records(records, width)
    builder = Builder(mapping, catalog, header, trim)
    fast = clean_csv_positions(header, table, builder) if table is not None else None
    if fast is not None:
        builder.problems.extend(header_problems)
        return finish(
            builder,
            *fast,
            source=source,
            format="csv",
            encoding=used_encoding,
            delimiter=sep,
            notes=notes,
            strict=strict,
            product_only=product_only,
            chart_name=None,
        )
    if not records and rows_read:
        # Read a column at a time but not clean: the careful path needs every row's line.
        records = list(parse_csv(text, delimiter=sep, source=source))[1:]
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
        rows,
        header,
        mapping=mapping,
        catalog=catalog,
        source=source,
        format="csv",
        encoding=used_encoding,
        delimiter=sep,
        problems=header_problems,
        notes=notes,
        strict=strict,
        product_only=product_only,
        trim=trim,
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
        raise OrgImportError(
            [
                Problem(
                    f"delimiter {value!r} is not one character",
                    hint="pass one of , ; | or 'tab'",
                    place=Place(source=source),
                )
            ],
            summary=f"cannot read {source}",
        )
    return value


def _header(
    cells: list[str], line: int
) -> tuple[list[str], list[ImportProblem], list[tuple[int, str]]]:
    """Header names trimmed and unique: a blank one is ``column_N``, a repeated one ``name~2``."""
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


def _empty(
    code: str,
    message: str,
    *,
    catalog: RoleCatalog,
    given: dict[str, Columns],
    source: str | None,
    format: str,
    encoding: str | None,
    delimiter: str | None,
    notes: Sequence[str],
    strict: bool,
) -> ImportResult:
    mapping = detect_columns(
        [],
        given=dict.fromkeys(given),
        values=lambda _: (),
        is_role_key=catalog.__contains__,
        source=source or "records",
        need_id=False,
        need_manager=False,
    )
    return build(
        [],
        [],
        mapping=mapping,
        catalog=catalog,
        source=source,
        format=format,
        encoding=encoding,
        delimiter=delimiter,
        problems=[ImportProblem(code, message, "made an empty chart")],
        notes=notes,
        strict=strict,
        product_only=False,
    )


def read_json(
    path: str | os.PathLike[str],
    *,
    id: str | None = None,
    manager: str | None = None,
    title: str | None = None,
    name: str | Sequence[str] | None = None,
    unit: str | None = None,
    role: str | None = None,
    children: str | None = None,
    role_map: RoleMap | None = None,
    roles: Roles = None,
    encoding: str | None = None,
    strict: bool = False,
    product_only: bool = False,
) -> ImportResult:
    """Import a JSON export: a flat list of records, or a tree nested through ``children``.

    Flat lists are what d3-org-chart (``id``/``parentId``) and BALKAN OrgChart JS
    (``id``/``pid``) read; a top-level object with one list of records (``{"nodes": [...]}``)
    works too. Nested trees (``{"name": ..., "children": [...]}``, or a list of such) take
    each record's manager from the nesting, and a record without an id gets ``row-N``.
    Arguments are those of :func:`read_csv`, plus ``children`` (the key of nested reports;
    detected from ``children``, ``_children``, ``subordinates``, ``directReports``).
    JSON values other than text stay as they are in ``attributes``.

    Raises:
        OrgImportError: not JSON, no records, no id column, or ``strict`` and problems.
        OSError: the file cannot be opened.

    Examples:
        >>> import json, pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "tree.json"
        >>> tree = {"id": "ceo", "title": "CEO", "children": [
        ...     {"id": "hop", "title": "Head of Product", "children": [{"title": "PM"}]}]}
        >>> _ = path.write_text(json.dumps(tree), encoding="utf-8")
        >>> chart, report = read_json(path)
        >>> [(p.id, p.role, p.reports_to) for p in chart]
        [('ceo', 'ceo', None), ('hop', 'head_of_product', 'ceo'), ('row-3', 'pm', 'hop')]
        >>> [p.code for p in report.problems]
        ['blank-id']
    """
    path = Path(path)
    return read_json_bytes(
        path.read_bytes(),
        source=str(path),
        id=id,
        manager=manager,
        title=title,
        name=name,
        unit=unit,
        role=role,
        children=children,
        role_map=role_map,
        roles=roles,
        encoding=encoding,
        strict=strict,
        product_only=product_only,
    )


@paused_gc()
def read_json_bytes(
    data: bytes,
    *,
    source: str,
    encoding: str | None = None,
    **options: Any,
) -> ImportResult:
    """:func:`read_json` on bytes already read."""
    text, used_encoding, notes = decode(data, encoding=encoding, source=source)
    if not text.strip():
        catalog = _catalog(options.get("roles"), options.get("role_map"))
        return _empty(
            "empty-file",
            "the file is empty",
            catalog=catalog,
            given={},
            source=source,
            format="json",
            encoding=used_encoding,
            delimiter=None,
            notes=notes,
            strict=bool(options.get("strict")),
        )
    document = _parse_json(text, source)
    records, note = _records_of(document, source)
    if note:
        notes.append(note)
    return _from_records(
        records, source=source, format="json", encoding=used_encoding, notes=notes, **options
    )


class _NeedsCarefulParseError(Exception):
    """The fast parser met what only the careful one handles (deep nesting, a duplicate key)."""


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    record = dict(pairs)
    if len(record) != len(pairs):
        raise _NeedsCarefulParseError
    return record


def _parse_json(text: str, source: str) -> Any:
    """The JSON document; duplicate keys and ``NaN`` refused with their line, any depth read."""
    try:
        # The C parser is several times faster; it recurses per nesting level, though, and
        # cannot say where a duplicate key is, so those cases go to the careful parser.
        return json.loads(
            text,
            object_pairs_hook=_refuse_duplicates,
            parse_constant=_careful_parse,
            parse_float=_finite_float,
        )
    except (RecursionError, _NeedsCarefulParseError, json.JSONDecodeError):
        pass
    try:
        return load_json(text)[0]
    except FileSyntaxError as error:
        raise OrgImportError(
            [
                Problem(
                    error.message.replace("invalid JSON", "not valid JSON", 1),
                    hint=error.hint,
                    place=Place(line=error.line, source=source),
                )
            ],
            summary=f"cannot read {source}",
        ) from None


def _careful_parse(_: str) -> Any:
    raise _NeedsCarefulParseError


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NeedsCarefulParseError
    return value


def _records_of(document: Any, source: str) -> tuple[list[Any], str | None]:
    """The list of records in a JSON document, and a note when it was found under a key."""
    if isinstance(document, list):
        return document, None
    if isinstance(document, dict):
        if "positions" in document and "orgroles" in document:
            raise OrgImportError(
                [
                    Problem(
                        "this is an orgroles org file, not an export",
                        hint="use it as it is: orgroles.load(path) in Python, or give the "
                        "file to orgroles validate, render or show",
                        place=Place(source=source),
                    )
                ],
                summary=f"cannot import {source}",
            )
        if any(isinstance(document.get(k), list) for k in CHILDREN_KEYS):
            return [document], None
        lists = [k for k, v in document.items() if isinstance(v, list)]
        if len(lists) == 1:
            return document[lists[0]], f"records read from the key {lists[0]!r}"
        if not document:
            return [], None
    kind = type(document).__name__
    raise OrgImportError(
        [
            Problem(
                f"expected a list of records or a tree with 'children', got a JSON {kind}",
                hint="export a flat list ([{...}, ...]) or a nested tree",
                place=Place(source=source),
            )
        ],
        summary=f"cannot import {source}",
    )


@paused_gc()
def from_records(
    records: Iterable[Mapping[str, Any]],
    *,
    id: str | None = None,
    manager: str | None = None,
    title: str | None = None,
    name: str | Sequence[str] | None = None,
    unit: str | None = None,
    role: str | None = None,
    children: str | None = None,
    role_map: RoleMap | None = None,
    roles: Roles = None,
    strict: bool = False,
    product_only: bool = False,
    source: str | None = None,
) -> ImportResult:
    """Import records (dicts) already in Python: flat rows or a tree nested via ``children``.

    The same detection, repairs and report as :func:`read_csv` and :func:`read_json`
    (``strict=True`` raises instead of repairing). Values that are not JSON (dates, decimals)
    are kept as their ``str()``. Row numbers count records from 1, nested ones in document order.

    Examples:
        >>> rows = [{"employee_id": "00123", "manager_id": None, "job_title": "CPO"},
        ...         {"employee_id": "7", "manager_id": "00123", "job_title": "Group PM",
        ...          "badge": 42}]
        >>> chart, report = from_records(rows)
        >>> [(p.id, p.role, p.attributes) for p in chart]
        [('00123', 'cpo', {}), ('7', 'gpm', {'badge': 42})]
        >>> report.ok, report.column("title")
        (True, ('job_title',))
    """
    return _from_records(
        records,
        id=id,
        manager=manager,
        title=title,
        name=name,
        unit=unit,
        role=role,
        children=children,
        role_map=role_map,
        roles=roles,
        strict=strict,
        product_only=product_only,
        source=source,
        format="records",
        encoding=None,
        notes=[],
    )


def _from_records(
    records: Iterable[Any],
    *,
    id: str | None = None,
    manager: str | None = None,
    title: str | None = None,
    name: str | Sequence[str] | None = None,
    unit: str | None = None,
    role: str | None = None,
    children: str | None = None,
    role_map: RoleMap | None = None,
    roles: Roles = None,
    strict: bool = False,
    product_only: bool = False,
    source: str | None,
    format: str,
    encoding: str | None,
    notes: list[str],
) -> ImportResult:
    catalog = _catalog(roles, role_map)
    given: dict[str, Columns] = {
        "id": id,
        "reports_to": manager,
        "title": title,
        "name": name,
        "unit": unit,
        "role": role,
    }
    top = list(records)
    if not top:
        return _empty(
            "empty-file",
            "there are no records",
            catalog=catalog,
            given=given,
            source=source,
            format=format,
            encoding=encoding,
            delimiter=None,
            notes=notes,
            strict=strict,
        )
    key = children
    if key is None:
        key = next(
            (
                k
                for k in CHILDREN_KEYS
                if any(isinstance(r, Mapping) and isinstance(r.get(k), list) for r in top)
            ),
            None,
        )
    rows = list(_flatten(top, key))
    header: dict[str, None] = {}
    for row in rows:
        for column in row.values:
            header.setdefault(column, None)
    columns = list(header)
    nested = any(row.parent is not None for row in rows)
    mapping = detect_columns(
        columns,
        given=given,
        values=lambda column: (row.values.get(column, "") for row in rows),
        is_role_key=catalog.__contains__,
        source=source or "records",
        need_id=not nested,
        need_manager=not nested and sum(1 for row in rows if row.invalid is None) > 1,
    )
    if nested:
        notes.append(f"a nested tree: managers come from the nesting under {key!r}")
    return build(
        rows,
        columns,
        mapping=mapping,
        catalog=catalog,
        source=source,
        format=format,
        encoding=encoding,
        notes=notes,
        strict=strict,
        product_only=product_only,
    )


def _flatten(top: list[Any], children: str | None) -> Iterator[RawRow]:
    """Records in document order (pre-order), each nested one pointing at its parent's index."""
    stack: list[tuple[Any, int | None]] = [(record, None) for record in reversed(top)]
    index = 0
    while stack:
        record, parent = stack.pop()
        number = index + 1
        if not isinstance(record, Mapping):
            kind = type(record).__name__
            yield RawRow(number, {}, parent=parent, invalid=f"a JSON {kind}, not a record")
            index += 1
            continue
        nested = record.get(children) if children is not None else None
        values = {str(k): v for k, v in record.items() if k != children or nested is None}
        has_children = isinstance(nested, list) and bool(nested)
        if nested is not None and not isinstance(nested, list):
            values[str(children)] = nested  # not a list of children: plain data
        yield RawRow(number, values, parent=parent, has_children=has_children)
        if isinstance(nested, list):
            stack.extend((child, index) for child in reversed(nested))
        index += 1


# -- role maps and catalogs -------------------------------------------------------------------


def _catalog(roles: Roles, role_map: RoleMap | None) -> RoleCatalog:
    catalog = roles if isinstance(roles, RoleCatalog) else default_catalog().extend(roles or ())
    if OTHER not in catalog:
        # Unresolved titles become `other` positions: a catalog of one's own gets the built-in
        # role rather than an import that cannot place them.
        catalog = catalog.extend([default_catalog()[OTHER]])
    if role_map is not None:
        catalog = catalog.extend(aliases=load_role_map(role_map, catalog=catalog))
    return catalog


def load_role_map(role_map: RoleMap, *, catalog: RoleCatalog | None = None) -> dict[str, str]:
    """A role map as a dict of job title -> role key, checked against the catalog.

    Accepts a mapping, or a file: ``.csv``/``.tsv``/``.txt`` with two columns, title and role
    key (a first row whose second cell is ``role`` or ``role_key`` is a header), or ``.yaml``/
    ``.yml``/``.json`` holding one mapping. Every value is read as text. A title listed twice
    with different keys (also when the spellings differ only in case, spacing or punctuation,
    which titles are matched by) is an error, not a silent overwrite.

    Raises:
        OrgImportError: an unreadable file, conflicting titles or role keys that are not in the
            catalog (all named, with their lines).

    Examples:
        >>> load_role_map({"Product Owner": "pm"})
        {'Product Owner': 'pm'}
        >>> try:
        ...     load_role_map({"Product Owner": "pm", "product owner": "gpm"})
        ... except ValueError as error:
        ...     print(error.problems[0].message.split(";")[0])
        title 'product owner' is mapped to 'gpm', but 'Product Owner' to 'pm'
    """
    catalog = catalog if catalog is not None else default_catalog()
    lines: dict[str, int] = {}
    if isinstance(role_map, Mapping):
        source = "role map"
        entries = {str(k): str(v) for k, v in role_map.items()}
        problems: list[Problem] = []
    else:
        source = os.fspath(role_map)
        if format_of(role_map) in ("yaml", "json"):
            entries, lines = _role_map_document(role_map, source)
            problems = []
        else:
            entries, lines, problems = _role_map_csv(Path(role_map).read_bytes(), source, catalog)
    problems.extend(_conflicting_titles(entries, lines, source))
    problems.extend(
        Problem(
            suggest(key, catalog, what="role") + f" for title {title!r}",
            hint="map titles to role keys; see `orgroles.roles()`",
            place=Place(line=lines.get(title), source=source),
        )
        for title, key in entries.items()
        if key not in catalog
    )
    if problems:
        problems.sort(key=lambda problem: problem.place.line or 0)
        raise OrgImportError(problems, summary=f"cannot use the role map {source}")
    return entries


def _conflicting_titles(
    entries: Mapping[str, str], lines: Mapping[str, int], source: str
) -> list[Problem]:
    """Titles that match the same way (see ``normalize_title``) but name different keys."""
    first: dict[str, str] = {}
    problems = []
    for title, key in entries.items():
        earlier = first.setdefault(normalize_title(title), title)
        if earlier != title and entries[earlier] != key:
            where = f" (line {lines[earlier]})" if earlier in lines else ""
            problems.append(
                Problem(
                    f"title {title!r} is mapped to {key!r}, but {earlier!r}{where} to "
                    f"{entries[earlier]!r}; titles match regardless of case, spacing and "
                    "punctuation",
                    hint="keep one entry per title",
                    place=Place(line=lines.get(title), source=source),
                )
            )
    return problems


def _role_map_document(
    path: str | os.PathLike[str], source: str
) -> tuple[dict[str, str], dict[str, int]]:
    """A YAML or JSON role map: one mapping, read safely (no tags, aliases or duplicate keys)."""
    summary = f"cannot use the role map {source}"
    try:
        read = read_document(path).check(summary=summary)
    except OrgFileError as error:  # the import's own error, as for every other role map fault
        raise OrgImportError(error.problems, summary=summary) from None
    document, path_lines, raw = read.data, read.lines, read.raw
    if document is None:
        return {}, {}
    entries: dict[str, Any] | None = (
        {title: raw.get((title,), key) for title, key in document.items()}
        if isinstance(document, dict)
        else None
    )
    if entries is None or not all(isinstance(key, str) for key in entries.values()):
        raise OrgImportError(
            [
                Problem(
                    "a role map is one mapping of job title -> role key",
                    hint="write lines like `Product Owner: pm`",
                    place=Place(source=source),
                )
            ],
            summary=f"cannot use the role map {source}",
        )
    lines = {title: path_lines[(title,)] for title in entries if (title,) in path_lines}
    return entries, lines


def _role_map_csv(
    data: bytes, source: str, catalog: RoleCatalog
) -> tuple[dict[str, str], dict[str, int], list[Problem]]:
    text, _, _ = decode(data, encoding=None, source=source)
    entries: dict[str, str] = {}
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    first = True
    for record in parse_csv(text, delimiter=detect_delimiter(text), source=source):
        cells = [c.strip() for c in record.cells]
        if first:
            first = False
            if (
                len(cells) >= 2
                and cells[1] not in catalog
                and header_key(cells[1]) in _ROLE_HEADERS
            ):
                continue
        if not any(cells):
            continue
        if len(cells) < 2 or not cells[0]:
            raise OrgImportError(
                [
                    Problem(
                        "a role map row needs a title and a role key",
                        place=Place(line=record.line, source=source),
                    )
                ],
                summary=f"cannot use the role map {source}",
            )
        title, key = cells[0], cells[1]
        if title in entries and entries[title] != key:
            problems.append(
                Problem(
                    f"title {title!r} is mapped to {key!r}, but on line {lines[title]} to "
                    f"{entries[title]!r}",
                    hint="keep one entry per title",
                    place=Place(line=record.line, source=source),
                )
            )
            continue
        entries.setdefault(title, key)
        lines.setdefault(title, record.line)
    return entries, lines, problems
