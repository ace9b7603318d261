"""Rows to chart: the readers' entry point, from rows read to the chart and its report.

This module owns the order of the work: each row through the
:class:`~orgroles.importers._rows.Builder`, then the repairs over all rows (``_repairs``), then
the chart and the :class:`~orgroles.ImportReport`. It knows nothing of file formats.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from orgroles._roles import RoleCatalog
from orgroles.chart import OrgChart
from orgroles.importers._columns import ColumnMap
from orgroles.importers._filters import row_filter
from orgroles.importers._input import ImportInput
from orgroles.importers._managers import plan_managers, resolve_managers
from orgroles.importers._product import product_org
from orgroles.importers._repairs import (
    assign_ids,
    break_cycles,
    check_managers,
    report_roots,
    resolve_roles,
)
from orgroles.importers._report import ROLE_MAP, ImportProblem, ImportReport, ImportResult
from orgroles.importers._rows import Builder, RawRow, Row
from orgroles.position import Position, trusted_position

__all__ = ["Tally", "build", "finish"]


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
    source = given.source or "records"
    keeps = row_filter(given.where, header, mapping, source=source)
    passed = [keeps is None or raw.invalid is not None or keeps.keeps(raw.values) for raw in rows]
    plan = plan_managers(
        [raw for raw, ok in zip(rows, passed, strict=True) if ok and raw.invalid is None],
        mapping,
        given.manager_by,
        rows_total=len(rows),
    )
    builder = Builder(plan.mapping, catalog, header, given.trim)
    builder.problems.extend(problems)
    builder.problems.extend(plan.problems)
    read = [builder.read(raw) if ok else None for raw, ok in zip(rows, passed, strict=True)]
    filtered = passed.count(False)
    skipped = sum(1 for r in read if r is None) - filtered
    kept, collapsed = assign_ids(builder, read)
    placeholders: list[Row] = []
    if plan.manager_by != "id":
        placeholders = resolve_managers(
            builder, kept, plan.manager_by, placeholders=given.placeholders
        )
        kept.extend(placeholders)
    check_managers(builder, kept)
    break_cycles(builder, kept)
    report_roots(builder, kept)
    role_counts, unresolved, untitled = resolve_roles(builder, kept)

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
    tally = Tally(len(rows), collapsed, skipped, role_counts, unresolved, untitled)
    tally.filtered = filtered
    tally.placeholders = tuple(row.final_id for row in placeholders)
    tally.manager_by = plan.manager_by
    tally.row_filter = None if keeps is None else str(keeps)
    return finish(builder, positions, tally, given)


@dataclass(slots=True)
class Tally:
    """What an import counted on its way: the report's figures that the chart cannot give."""

    rows_read: int
    collapsed: int
    skipped: int
    role_counts: dict[str, int]
    unresolved: dict[str, int]
    untitled: int
    filtered: int = 0
    placeholders: tuple[str, ...] = ()
    manager_by: str = "id"
    row_filter: str | None = None


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
        seen = ", ".join(f"{title!r} x{n}" for title, n in list(tally.unresolved.items())[:5])
        most = f"; the titles it has most: {seen}" if seen else ""
        all_notes.append(
            "the company has no product roles, so the product org is empty"
            f"{most}: map its product titles to roles with a role map ({ROLE_MAP.keyword()}), "
            "or import it whole and validate it as a company"
        )
    # Whole-input problems first, then row by row; within a row, in the order found.
    ordered = sorted(builder.problems, key=lambda p: p.place.row or 0)
    report = ImportReport(
        source=given.source,
        format=given.format,
        encoding=given.encoding,
        delimiter=given.delimiter,
        sheet=given.sheet,
        rows_read=tally.rows_read,
        positions_made=len(chart),
        filtered=tally.filtered,
        row_filter=tally.row_filter,
        placeholders=tally.placeholders,
        manager_by=tally.manager_by if mapping.column("reports_to") else None,
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
