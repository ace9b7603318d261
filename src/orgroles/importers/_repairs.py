"""The repairs that need every row: unique ids, managers, cycles, roots, titles to roles.

Each decision is noted as an import problem.

This module owns those passes over the rows a :class:`~orgroles.importers._rows.Builder` read.
It knows nothing of file formats nor of how one row's cells are read.
"""

from __future__ import annotations

from collections.abc import Sequence

from orgroles._index import ReportingIndex
from orgroles._roles import RoleCatalog
from orgroles._titles import normalize_title
from orgroles.errors import Option
from orgroles.importers._cells import MAX_ID, free_key
from orgroles.importers._rows import OTHER, Builder, Row

__all__ = [
    "MANAGER",
    "TitleRoles",
    "assign_ids",
    "break_cycles",
    "check_managers",
    "report_roots",
    "resolve_roles",
]

MANAGER = Option("manager", metavar="COLUMN")
"""The option naming the managers' id column, when a hint suggests it."""


def assign_ids(builder: Builder, read: Sequence[Row | None]) -> tuple[list[Row], int]:
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
    first: dict[str, Row] = {}
    spelling: dict[str, Row] = {}
    final_of: list[str | None] = []
    kept: list[Row] = []
    collapsed = 0
    for row in read:
        if row is None:
            final_of.append(None)
            continue
        raw = row.raw
        if raw.parent is not None:
            parent_id = final_of[raw.parent]
            if row.manager is not None and row.manager != parent_id:
                key = free_key(row.attributes, builder.mapping.column("reports_to") or "manager")
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


def check_managers(builder: Builder, kept: Sequence[Row]) -> None:
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


def break_cycles(builder: Builder, kept: Sequence[Row]) -> None:
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


def report_roots(builder: Builder, kept: Sequence[Row]) -> None:
    """Name every root after the first (self-reports and broken cycles are reported already)."""
    # A placeholder is a root by nature, and reported as a placeholder.
    roots = [row for row in kept if row.manager is None and not row.placeholder]
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


def resolve_roles(
    builder: Builder, kept: Sequence[Row]
) -> tuple[dict[str, int], dict[str, int], int]:
    """Roles from the role column, else from the title; count unresolved titles."""
    catalog = builder.catalog
    counts = dict.fromkeys(catalog, 0)
    titles = TitleRoles(catalog)
    untitled = 0
    role_column = builder.mapping.column("role")
    for row in kept:
        if row.placeholder:
            counts[row.role] += 1
            continue
        role = None
        if row.role_text is not None:
            if row.role_text in catalog:
                role = row.role_text
            else:
                key = free_key(row.attributes, role_column or "role")
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
