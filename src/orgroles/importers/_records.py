"""Records already in Python (or parsed from JSON) to a chart: ``from_records`` and its passes.

This module owns turning records, flat or nested through ``children``, into rows with a column
mapping, and the empty import. The rules applied to the rows live in ``_build``, the detection
rules in ``_columns``; nothing here knows a file format.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from orgroles._bulk import paused_gc
from orgroles._roles import RoleCatalog
from orgroles.errors import suggest
from orgroles.importers._aliases import UserAliases, check_aliases
from orgroles.importers._build import build
from orgroles.importers._columns import detect_columns
from orgroles.importers._filters import Where
from orgroles.importers._input import ImportInput
from orgroles.importers._managers import MANAGER_BY, ManagerBy
from orgroles.importers._report import ImportProblem, ImportResult
from orgroles.importers._role_map import RoleMap, Roles, catalog_of
from orgroles.importers._rows import RawRow

__all__ = [
    "CHILDREN_KEYS",
    "Columns",
    "empty_import",
    "from_records",
    "hr_options",
    "import_records",
    "named_columns",
]

CHILDREN_KEYS = ("children", "_children", "subordinates", "directReports", "direct_reports")
"""Keys that hold nested reports in a JSON tree, in the order they are looked for."""

Columns = dict[str, str | Sequence[str] | None]
"""The columns a caller named, by field: ``{"id": "Employee ID", "reports_to": None, ...}``."""


@paused_gc()
def from_records(
    records: Iterable[Mapping[str, Any]],
    *,
    id: str | None = None,  # the column is called what users call it
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
    manager_by: ManagerBy = "auto",
    placeholders: bool = True,
    where: Where | None = None,
    aliases: UserAliases | None = None,
) -> ImportResult:
    """Import records (dicts) already in Python: flat rows or a tree nested via ``children``.

    The same detection, repairs and report as :func:`read_csv` and :func:`read_json`, with
    the same column keywords; ``strict=True`` raises on the first sign of trouble instead.
    Values that are not JSON (dates, decimals) are kept as their ``str()``. Row numbers count
    records from 1, nested ones in document order.

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
    given = ImportInput(
        source=source,
        format="records",
        strict=strict,
        product_only=product_only,
        **hr_options(
            manager_by=manager_by, placeholders=placeholders, where=where, aliases=aliases
        ),
    )
    columns = named_columns(id=id, manager=manager, title=title, name=name, unit=unit, role=role)
    return import_records(
        records, columns, given=given, children=children, catalog=catalog_of(roles, role_map)
    )


def hr_options(
    *,
    manager_by: ManagerBy,
    placeholders: bool,
    where: Where | None,
    aliases: UserAliases | None,
) -> dict[str, Any]:
    """The readers' shared keywords, checked, as :class:`ImportInput` fields.

    Raises:
        ValueError: ``manager_by`` is none of the readings, or an alias names no field.

    Examples:
        >>> hr_options(manager_by="name", placeholders=True, where=None, aliases={"id": "Nr"})
        {'manager_by': 'name', 'placeholders': True, 'where': None, 'aliases': {'id': ('Nr',)}}
    """
    if manager_by not in MANAGER_BY:
        raise ValueError(suggest(str(manager_by), MANAGER_BY, what="manager_by reading"))
    return {
        "manager_by": manager_by,
        "placeholders": placeholders,
        "where": where,
        "aliases": check_aliases(aliases) or None,
    }


def named_columns(
    *,
    id: str | None,
    manager: str | None,
    title: str | None,
    name: str | Sequence[str] | None,
    unit: str | None,
    role: str | None,
) -> Columns:
    """The readers' column keywords by the field each fills (``manager`` fills ``reports_to``).

    Examples:
        >>> columns = named_columns(
        ...     id="Emp", manager="Boss", title=None, name=None, unit=None, role=None
        ... )
        >>> columns["reports_to"]
        'Boss'
    """
    return {
        "id": id,
        "reports_to": manager,
        "title": title,
        "name": name,
        "unit": unit,
        "role": role,
    }


def import_records(
    records: Iterable[Any],
    columns: Columns,
    *,
    given: ImportInput,
    catalog: RoleCatalog,
    children: str | None = None,
) -> ImportResult:
    """Records (flat, or nested through ``children``, detected when ``None``) to a result."""
    top = list(records)
    if not top:
        return empty_import("empty-file", "there are no records", given, columns, catalog)
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
    names = list(header)
    nested = any(row.parent is not None for row in rows)
    mapping = detect_columns(
        names,
        given=columns,
        values=lambda column: (row.values.get(column, "") for row in rows),
        is_role_key=catalog.__contains__,
        source=given.source or "records",
        need_id=not nested,
        need_manager=not nested and sum(1 for row in rows if row.invalid is None) > 1,
        aliases=given.aliases,
    )
    if nested:
        given = given.noted(f"a nested tree: managers come from the nesting under {key!r}")
    return build(rows, names, mapping=mapping, catalog=catalog, given=given)


def empty_import(
    code: str, message: str, given: ImportInput, columns: Columns, catalog: RoleCatalog
) -> ImportResult:
    """The result of an input with nothing in it: an empty chart, and ``code`` in the report."""
    mapping = detect_columns(
        [],
        given=dict.fromkeys(columns),
        values=lambda _: (),
        is_role_key=catalog.__contains__,
        source=given.source or "records",
        need_id=False,
        need_manager=False,
    )
    # Nothing to keep or drop: product_only would only add a note about an empty product org.
    given = dataclasses.replace(given, product_only=False)
    problem = ImportProblem(code, message, "made an empty chart")
    return build([], [], mapping=mapping, catalog=catalog, given=given, problems=[problem])


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
