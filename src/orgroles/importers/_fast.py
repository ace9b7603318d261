"""The fast path for a clean CSV export: whole columns at a time, for million-row files.

A large HR export is usually clean: one distinct id per row, every manager an id of the file,
one top and no cycle. For such a file, checking and converting whole columns at once is several
times faster than the careful row-by-row path in ``_build``, which handles and reports every
problem. This path never handles a problem: at the first sign of one it gives up (returns
``None``) and the careful path reads the file instead, so problems are reported in one place
only. A property test checks that both paths give the same chart and report for clean files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from orgroles.importers._build import MAX_ID, OTHER, Builder, Tally, TitleRoles
from orgroles.importers._columns import ColumnMap
from orgroles.importers._text import CsvRow
from orgroles.position import CONTROL_CHARACTERS, Position, trusted_position
from orgroles.roles import RoleCatalog

__all__ = ["clean_csv_positions"]

_SLOW_FIELDS = ("dotted_to", "assistant")  # rarely in HR exports; the careful path reads them


def clean_csv_positions(
    header: Sequence[str], records: Sequence[CsvRow], builder: Builder
) -> tuple[list[Position], Tally] | None:
    """The positions of a clean CSV and the import's tally, or ``None`` to take the careful path.

    ``records`` are the data rows (the header excluded). Clean means: every row as wide as the
    header; ids present, without control characters, at most 200 characters, distinct even
    ignoring case; every manager an id of another row; one top; no cycle; role cells empty or
    role keys. Titles, names and units are trimmed (the default; write_csv's shape and
    ``trim=False`` take the careful path).
    """
    mapping = builder.mapping
    if (
        not records
        or not builder.trim
        or mapping.exact_shape
        or any(field in mapping.fields for field in _SLOW_FIELDS)
    ):
        return None
    width = len(header)
    if any(len(record.cells) != width for record in records):
        return None
    columns = dict(
        zip(header, zip(*(record.cells for record in records), strict=True), strict=True)
    )

    ids = _ids(columns, mapping)
    if ids is None:
        return None
    managers = _managers(columns, mapping, ids)
    if managers is None:
        return None
    count = len(ids)
    roles = _role_cells(columns, mapping, builder.catalog, count)
    if roles is None:
        return None

    titles = _free_text(columns, mapping.column("title"), builder, count)
    units = _free_text(columns, mapping.column("unit"), builder, count)
    names = _names(columns, mapping, builder, count)
    id_column = columns[mapping.column("id") or ""]
    builder.trimmed_ids = sum(1 for raw, clean in zip(id_column, ids, strict=True) if raw != clean)

    # Each distinct title is resolved once with its number of rows (in first-seen order, as
    # the careful path counts them), then every row looks its title up.
    resolver = TitleRoles(builder.catalog)
    needed = Counter(t for r, t in zip(roles, titles, strict=True) if r is None and t is not None)
    role_of = {title: resolver.role(title, rows) for title, rows in needed.items()}
    role_keys = [
        role if role is not None else OTHER if title is None else role_of[title]
        for role, title in zip(roles, titles, strict=True)
    ]
    untitled = roles.count(None) - sum(needed.values())
    role_counts = dict.fromkeys(builder.catalog, 0)
    role_counts.update(Counter(role_keys))

    keys = [key for _, key, _ in builder.attribute_plan]
    values = [columns[column] for column, _, _ in builder.attribute_plan]
    rows = zip(*values, strict=True) if values else ((),) * count
    positions = [
        trusted_position(
            position_id,
            role,
            title=title,
            name=name,
            reports_to=manager,
            unit=unit,
            attributes={key: value for key, value in zip(keys, row, strict=True) if value},
        )
        for position_id, role, title, name, manager, unit, row in zip(
            ids, role_keys, titles, names, managers, units, rows, strict=True
        )
    ]
    tally = Tally(count, 0, 0, role_counts, resolver.unresolved_counts(), untitled)
    return positions, tally


def _ids(columns: dict[str, tuple[str, ...]], mapping: ColumnMap) -> list[str] | None:
    """The trimmed ids, when every one is present, well-formed and distinct (even by case)."""
    column = mapping.column("id")
    if column is None:
        return None
    ids = [cell.strip() for cell in columns[column]]
    if (
        "" in ids
        or max(map(len, ids)) > MAX_ID
        or CONTROL_CHARACTERS.search("".join(ids))
        # Distinct ignoring case implies distinct: one set does both checks.
        or len({position_id.casefold() for position_id in ids}) != len(ids)
    ):
        return None
    return ids


def _managers(
    columns: dict[str, tuple[str, ...]], mapping: ColumnMap, ids: list[str]
) -> list[str | None] | None:
    """The managers, when each is another row's id, exactly one row has none, and no cycle."""
    column = mapping.column("reports_to")
    if column is None:
        return [None] if len(ids) == 1 else None
    managers = [cell.strip() or None for cell in columns[column]]
    if managers.count(None) != 1:
        return None
    row_of = {position_id: index for index, position_id in enumerate(ids)}
    parents = [-1 if manager is None else row_of.get(manager, -2) for manager in managers]
    if -2 in parents or any(parent == index for index, parent in enumerate(parents)):
        return None
    # Exports usually list managers before their reports: then there can be no cycle.
    if all(parent < index for index, parent in enumerate(parents)):
        return managers
    return managers if _all_reach_the_top(parents) else None


def _all_reach_the_top(parents: list[int]) -> bool:
    """Whether every row's chain of managers ends at the top (one with no manager)."""
    reports: list[list[int]] = [[] for _ in parents]
    top = -1
    for index, parent in enumerate(parents):
        if parent < 0:
            top = index
        else:
            reports[parent].append(index)
    stack, reached = [top], 0
    while stack:
        reached += 1
        stack.extend(reports[stack.pop()])
    return reached == len(parents)


def _role_cells(
    columns: dict[str, tuple[str, ...]], mapping: ColumnMap, catalog: RoleCatalog, count: int
) -> list[str | None] | None:
    """Role keys from the role column (``None`` where empty), when every one is known."""
    column = mapping.column("role")
    if column is None:
        return [None] * count
    roles = [cell.strip() or None for cell in columns[column]]
    if any(role is not None and role not in catalog for role in set(roles)):
        return None
    return roles


def _free_text(
    columns: dict[str, tuple[str, ...]], column: str | None, builder: Builder, count: int
) -> list[str | None]:
    """A title, name or unit column trimmed, counting the cells that had whitespace around."""
    if column is None:
        return [None] * count
    cells = columns[column]
    texts = [cell.strip() or None for cell in cells]
    # Equal total lengths mean nothing was trimmed: the usual case, summed in C. Only a column
    # with whitespace somewhere (trimmed, or cells of spaces only) is counted cell by cell.
    if sum(map(len, cells)) != sum(map(len, filter(None, texts))):
        builder.trimmed_text += sum(
            1
            for cell, text in zip(cells, texts, strict=True)
            if text is not None and len(text) != len(cell)
        )
    return texts


def _names(
    columns: dict[str, tuple[str, ...]], mapping: ColumnMap, builder: Builder, count: int
) -> list[str | None]:
    """Names, from one column or joined from several (first and last name)."""
    parts = [
        _free_text(columns, column, builder, count) for column in mapping.fields.get("name", ())
    ]
    if not parts:
        return [None] * count
    if len(parts) == 1:
        return parts[0]
    return [" ".join(part for part in row if part) or None for row in zip(*parts, strict=True)]
