"""Replaying a change set: ``apply(chart, changes)`` makes the new chart a diff describes.

This module owns :func:`apply`: it checks that every change fits the chart it is applied to
(the value it expects before is the value there) and builds the new chart through the chart's
own constructor, so every value is validated as any chart's is. It computes no diff itself.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from orgroles._diff import _FIELD_OF, Change, OrgDiff
from orgroles._roles import Role, default_catalog
from orgroles.chart import OrgChart
from orgroles.errors import OrgDataError, Place, Problem
from orgroles.position import POSITION_FIELDS

if TYPE_CHECKING:
    from orgroles._roles import RoleCatalog

__all__ = ["apply"]

_DEFAULTS: dict[str, Any] = {
    "title": None,
    "name": None,
    "reports_to": None,
    "dotted_to": (),
    "unit": None,
    "assistant": False,
    "attributes": {},
}


def apply(chart: OrgChart, changes: OrgDiff | Mapping[str, Any] | str) -> OrgChart:
    """The chart a change set makes of ``chart``: ``apply(old, diff(old, new)) == new``.

    The chart given is not changed. Every change is checked first: the position it names
    must be there (or, for ``added``, not yet) with the value the change expects before;
    a change set that does not fit is refused whole, every misfit named by its number.

    Args:
        chart: the chart to change (the diff's old chart, or one equal to it where the
            changes touch it).
        changes: an :class:`OrgDiff`, its JSON data (``OrgDiff.to_dict()``, or the output of
            ``orgroles diff --format json`` parsed) or that JSON text.

    Raises:
        OrgDataError: the change set does not fit the chart, or is malformed (each problem
            names the change: ``change #3 (moved pm-1)``), or the result is not a valid
            chart (an unknown role in an added position, say).

    Examples:
        >>> import orgroles
        >>> from orgroles.testing import make_chart
        >>> old = make_chart("ceo > cpo > dir-a > pm-1, pm-2; cpo > dir-b")
        >>> new = make_chart("ceo > cpo > dir-a > pm-1; cpo > dir-b > pm-2 (Sam), pm-3")
        >>> change_set = orgroles.diff(old, new).to_json()
        >>> orgroles.apply(old, change_set) == new
        True
        >>> orgroles.apply(new, change_set)
        Traceback (most recent call last):
        ...
        orgroles.errors.OrgDataError: the change set does not fit the chart: 3 problems
          position 'pm-2', field 'moved': change #1 (moved pm-2): it reports to 'dir-b', ...
          ...
    """
    change_set = _change_set(changes)
    return _Replay(chart, change_set).run()


def _change_set(changes: OrgDiff | Mapping[str, Any] | str) -> OrgDiff:
    if isinstance(changes, OrgDiff):
        return changes
    try:
        data = json.loads(changes) if isinstance(changes, str) else changes
        return OrgDiff.from_dict(data)
    except ValueError as error:  # json.JSONDecodeError is a ValueError too
        raise OrgDataError(
            [Problem(str(error), code="bad-change-set")], summary="cannot read the change set"
        ) from None


def _same(before: Any, current: Any, field: str) -> bool:
    if field == "dotted_to":
        return tuple(before or ()) == tuple(current or ())
    if field == "attributes":
        return (before or {}) == (current or {})
    return bool(before == current)


class _Replay:
    def __init__(self, chart: OrgChart, change_set: OrgDiff) -> None:
        self.chart = chart
        self.change_set = change_set
        self.problems: list[Problem] = []
        self.misfits: list[tuple[int, Problem]] = []
        self.number = {id(change): n for n, change in enumerate(change_set.changes, start=1)}

    def misfit(self, change: Change, why: str) -> None:
        number = self.number[id(change)]
        self.misfits.append(
            (
                number,
                Problem(
                    f"change #{number} ({change.kind} {change.id}): {why}",
                    code="change-mismatch",
                    hint="apply the change set to the chart it was made from",
                    place=Place(positions=(change.id,), field=change.kind),
                ),
            )
        )

    def run(self) -> OrgChart:
        changes = self.change_set.changes
        rows: dict[str, dict[str, Any]] = {
            position_id: dict(zip(POSITION_FIELDS, values, strict=True))
            for position_id, values in zip(
                self.chart.ids(),
                zip(*(self.chart._column(f) for f in POSITION_FIELDS), strict=True),
                strict=True,
            )
        }
        # Removed positions are named by their old ids, so they go before any renaming.
        for change in changes:
            if change.kind == "removed":
                self.remove(rows, change)
        rows = {key: row for key, row in rows.items() if not row.get("_removed")}
        rows = self.rename(rows, [c for c in changes if c.kind == "id_changed"])
        inserted: dict[str | None, list[str]] = {}
        for change in changes:
            if change.kind == "added":
                self.add(rows, change, inserted)
            elif change.kind not in ("removed", "id_changed"):
                self.change(rows, change)
        name, variant, attributes, validation, catalog = self.chart_values()
        # In the change set's order, whatever order they were checked in.
        problems = [problem for _, problem in sorted(self.misfits, key=lambda m: m[0])]
        problems += self.problems
        if problems:
            raise OrgDataError(problems, summary="the change set does not fit the chart")
        order = self.order(rows, inserted)
        positions = [_position(rows[position_id]) for position_id in order]
        return OrgChart(
            positions,
            name=name,
            variant=variant,
            roles=catalog,
            attributes=attributes,
            validation=validation,
        )

    def remove(self, rows: dict[str, dict[str, Any]], change: Change) -> None:
        row = rows.get(change.id)
        if row is None:
            self.misfit(change, "no such position")
            return
        if not isinstance(change.old, Mapping) or _position(row) != _position(dict(change.old)):
            self.misfit(change, "the position differs from the one the change removes")
            return
        row["_removed"] = True

    def rename(
        self, rows: dict[str, dict[str, Any]], renames: list[Change]
    ) -> dict[str, dict[str, Any]]:
        if not renames:
            return rows
        mapping: dict[str, str] = {}
        for change in renames:
            if change.old not in rows:
                self.misfit(change, f"no position {change.old!r} to rename")
            elif change.new != change.id:
                self.misfit(change, f"renames to {change.new!r}, not to its own id")
            else:
                mapping[change.old] = change.id
        renamed: dict[str, dict[str, Any]] = {}
        for position_id, row in rows.items():
            row["id"] = mapping.get(position_id, position_id)
            manager = row["reports_to"]
            row["reports_to"] = mapping.get(manager, manager) if manager else manager
            row["dotted_to"] = tuple(mapping.get(t, t) for t in row["dotted_to"])
            renamed[row["id"]] = row
        return renamed

    def add(
        self,
        rows: dict[str, dict[str, Any]],
        change: Change,
        inserted: dict[str | None, list[str]],
    ) -> None:
        if change.id in rows:
            self.misfit(change, "a position with this id is already there")
            return
        if not isinstance(change.new, Mapping) or change.new.get("id") != change.id:
            self.misfit(change, "its new value is not the position (a mapping with its id)")
            return
        rows[change.id] = {**_DEFAULTS, **change.new, "_added": True}
        inserted.setdefault(change.after, []).append(change.id)

    def change(self, rows: dict[str, dict[str, Any]], change: Change) -> None:
        row = rows.get(change.id)
        if row is None:
            self.misfit(change, "no such position")
            return
        field = _FIELD_OF[change.kind]
        current = row.get(field, _DEFAULTS.get(field))
        if not _same(change.old, current, field):
            self.misfit(change, f"{_verb(field, current)}, not {_shown(field, change.old)}")
            return
        row[field] = tuple(change.new or ()) if field == "dotted_to" else change.new

    def chart_values(
        self,
    ) -> tuple[str | None, str | None, dict[str, Any], dict[str, Any] | None, RoleCatalog]:
        chart = self.chart
        values: dict[str, Any] = {
            "name": chart.name,
            "variant": chart.variant,
            "attributes": dict(chart.attributes),
            "validation": chart.validation,
        }
        catalog = chart.roles
        for number, item in enumerate(self.change_set.chart, start=1):
            if item.field == "roles":
                try:
                    catalog = _catalog(item.new)
                except (TypeError, ValueError, KeyError) as error:
                    self.problems.append(
                        Problem(f"chart change #{number} (roles): {error}", code="bad-change-set")
                    )
                continue
            if values[item.field] != item.old and not (item.old is None and not values[item.field]):
                self.problems.append(
                    Problem(
                        f"chart change #{number} ({item.field}): the chart has "
                        f"{values[item.field]!r}, not {item.old!r}",
                        code="change-mismatch",
                    )
                )
                continue
            values[item.field] = item.new
        return (
            values["name"],
            values["variant"],
            values["attributes"] or {},
            values["validation"],
            catalog,
        )

    def order(
        self, rows: dict[str, dict[str, Any]], inserted: dict[str | None, list[str]]
    ) -> list[str]:
        if self.change_set.order is not None:
            wanted = list(self.change_set.order)
            if sorted(wanted) != sorted(rows):
                raise OrgDataError(
                    [
                        Problem(
                            "the change set's order does not list exactly the positions it makes",
                            code="change-mismatch",
                        )
                    ],
                    summary="the change set does not fit the chart",
                )
            return wanted
        order: list[str] = []

        def follow(anchor: str | None) -> None:
            # Each added position after its predecessor in the new chart (itself perhaps
            # added): a stack, as a long run of added positions is a long chain.
            stack = list(reversed(inserted.get(anchor, [])))
            while stack:
                current = stack.pop()
                order.append(current)
                stack.extend(reversed(inserted.get(current, [])))

        follow(None)
        for position_id, row in rows.items():
            if not row.get("_added"):
                order.append(position_id)
                follow(position_id)
        return order


def _verb(field: str, value: Any) -> str:
    if field == "reports_to":
        return f"it reports to {value!r}" if value else "it is a root"
    return f"its {field} is {_shown(field, value)}"


def _shown(field: str, value: Any) -> str:
    if field == "dotted_to":
        return repr(list(value or ()))
    return repr(value)


def _position(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row as Position fields (markers dropped, dotted lines as a list, no empty attributes)."""
    position = {f: row.get(f, _DEFAULTS.get(f)) for f in POSITION_FIELDS}
    position["dotted_to"] = list(position["dotted_to"] or ())
    if not position["attributes"]:
        position["attributes"] = {}
    return position


def _catalog(data: Any) -> RoleCatalog:
    if not isinstance(data, Mapping):
        raise TypeError("roles is an object with 'roles' and 'aliases'")
    roles = [Role.model_validate(item) for item in data.get("roles") or []]
    return default_catalog().extend(roles, aliases=data.get("aliases") or {})
