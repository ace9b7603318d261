"""Managers by id, email or name: which column and reading say who a row's manager is.

This module owns the diagnosis of a manager column whose values are no ids (and which column
and reading would work instead), finding a manager by name (``_names``) or email, and the
placeholder positions made for managers the export names but does not hold. It knows nothing of
files; the build runs it on the rows read.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from orgroles.errors import Option
from orgroles.importers._cells import clean_id, text_of
from orgroles.importers._columns import ColumnMap
from orgroles.importers._names import NameIndex, parse_name
from orgroles.importers._report import ImportProblem
from orgroles.importers._rows import OTHER, Builder, RawRow, Row

__all__ = [
    "MANAGER_BY",
    "PLACEHOLDER",
    "ManagerBy",
    "ManagerPlan",
    "plan_managers",
    "resolve_managers",
]

ManagerBy = Literal["auto", "id", "email", "name"]
"""How the manager column is read: ids, emails, names, or ``auto`` (ids, unless they fit none)."""

MANAGER_BY: tuple[ManagerBy, ...] = ("auto", "id", "email", "name")
PLACEHOLDER = "placeholder"
"""The attribute (``True``) that marks a position made for a manager the export does not hold."""

_NOT_SLUG = re.compile(r"[^a-z0-9@.]+")
_SEVERAL = 3  # distinct manager values, none or few of them ids, that make a column suspect


@dataclass(frozen=True)
class ManagerPlan:
    """How an import reads its managers: the column mapping to use and the reading."""

    mapping: ColumnMap
    manager_by: Literal["id", "email", "name"]
    problems: tuple[ImportProblem, ...] = ()


def _text(value: Any) -> str:
    try:
        return (text_of(value) or "").strip()
    except ValueError:
        return ""


def _with_manager(mapping: ColumnMap, column: str) -> ColumnMap:
    """The mapping with ``column`` as the manager column; the old one becomes an attribute."""
    fields = dict(mapping.fields)
    fields["reports_to"] = (column,)
    fields = {
        name: columns
        for name, columns in fields.items()
        if name == "reports_to" or column not in columns
    }
    how = {name: mapping.how.get(name, "detected") for name in fields}
    order = ("id", "reports_to", "title", "role", "name", "unit", "dotted_to", "assistant")
    fields = {name: fields[name] for name in order if name in fields}
    return dataclasses.replace(mapping, fields=fields, how=how, known=dict(mapping.known))


def _names_of(rows: Sequence[RawRow], mapping: ColumnMap) -> list[tuple[str, str]]:
    """(id, name) of every row that has both."""
    id_column = mapping.column("id")
    name_columns = mapping.fields.get("name", ())
    found = []
    for raw in rows:
        identifier = _text(raw.values.get(id_column)) if id_column else ""
        name = " ".join(filter(None, (_text(raw.values.get(c)) for c in name_columns)))
        if identifier and name:
            found.append((clean_id(identifier), name))
    return found


def _emails_of(rows: Sequence[RawRow], mapping: ColumnMap) -> dict[str, list[str]]:
    """Each email (case-folded) -> the ids of the rows that have it."""
    id_column, email = mapping.column("id"), mapping.known.get("email")
    found: dict[str, list[str]] = {}
    if id_column is None or email is None:
        return found
    for raw in rows:
        identifier, address = _text(raw.values.get(id_column)), _text(raw.values.get(email))
        if identifier and address:
            found.setdefault(address.casefold(), []).append(clean_id(identifier))
    return found


def _share(values: set[str], found: int) -> str:
    return f"{found} of {len(values)} distinct value{'s' if len(values) != 1 else ''}"


def plan_managers(
    rows: Sequence[RawRow], mapping: ColumnMap, manager_by: ManagerBy, *, rows_total: int
) -> ManagerPlan:
    """Choose the manager column and its reading; in ``auto`` mode, diagnose a column of no ids.

    ``email`` and ``name`` read the column named by ``manager=``, else the detected manager email
    or name column (``Manager Email``, ``ManagerName``...), else the manager column. ``auto``
    reads ids, unless fewer than half the manager column's distinct values are ids: then each
    other column and reading is tried, and the one that finds most managers (at least half) is
    used, with a ``manager-column`` problem first in the report saying what was wrong and what
    was read instead; when none works the problem says so, and each row is reported after it.
    """
    del rows_total  # the share is of distinct manager values, whatever the row count
    current = mapping.column("reports_to")
    if manager_by in ("email", "name"):
        column = current
        if mapping.how.get("reports_to") != "given":
            column = mapping.known.get(f"manager_{manager_by}") or current
        chosen = mapping if column is None or column == current else _with_manager(mapping, column)
        return ManagerPlan(chosen, "email" if manager_by == "email" else "name")
    if manager_by == "id" or not rows:
        return ManagerPlan(mapping, "id")
    return _diagnose(rows, mapping)


def _values(rows: Sequence[RawRow], column: str | None) -> set[str]:
    """The distinct non-empty values of a column, read as ids are."""
    if column is None:
        return set()
    found = {clean_id(_text(raw.values.get(column))) for raw in rows}
    found.discard("")
    return found


def _best_reading(
    rows: Sequence[RawRow], mapping: ColumnMap
) -> tuple[int, str, Literal["email", "name"], set[str]] | None:
    """The column and reading (name or email) that find the most managers, if half or more."""
    names = NameIndex(_names_of(rows, mapping))
    emails = _emails_of(rows, mapping)
    current = mapping.column("reports_to")
    tries: list[tuple[str, Literal["email", "name"]]] = []
    for column in (current, mapping.known.get("manager_name"), mapping.known.get("manager_email")):
        if column is not None:
            tries.extend([(column, "name"), (column, "email")])
    best: tuple[int, str, Literal["email", "name"], set[str]] | None = None
    for column, reading in dict.fromkeys(tries):
        values = _values(rows, column)
        if reading == "name":
            found = sum(1 for v in values if names.find(v).candidates)
        else:
            found = sum(1 for v in values if v.casefold() in emails)
        if values and found * 2 >= len(values) and (best is None or found > best[0]):
            best = (found, column, reading, values)
    return best


def _diagnose(rows: Sequence[RawRow], mapping: ColumnMap) -> ManagerPlan:
    """``auto``: ids when they fit, else the reading that finds the managers, said first."""
    current, id_column = mapping.column("reports_to"), mapping.column("id")
    ids = _values(rows, id_column)
    managers = _values(rows, current)
    as_ids = len(managers & ids)
    if managers and as_ids * 2 >= len(managers):
        return ManagerPlan(mapping, "id")
    best = _best_reading(rows, mapping)
    if current is None:
        if best is None:
            return ManagerPlan(mapping, "id")
        what = "there is no manager id column"
    else:
        are = "is an id" if as_ids == 1 else "are ids"
        what = (
            f"the values of {current!r} are mostly not ids in {id_column!r} "
            f"({_share(managers, as_ids)} {are})"
        )
    if best is None and len(managers) < _SEVERAL:
        return ManagerPlan(mapping, "id")  # a stray unknown manager is reported on its row
    if best is None:
        named = Option("manager", metavar="COLUMN")
        by_name = Option("manager_by", "name")
        problem = ImportProblem(
            "manager-column",
            what,
            "found no other column or reading that names the managers; each row is reported below",
            hint=f"name the managers' id column with {named.keyword()}, or read it by name or "
            f"email with {by_name.keyword()}",
            option=by_name,
        )
        return ManagerPlan(mapping, "id", (problem,))
    found, column, reading, values = best
    option = Option("manager_by", reading)
    problem = ImportProblem(
        "manager-column",
        what,
        f"read managers by {reading} from {column!r} instead: {_share(values, found)} "
        "found among the rows",
        hint=f"pass {option.keyword()} to read {column!r} so without this note",
        option=option,
    )
    return ManagerPlan(_with_manager(mapping, column), reading, (problem,))


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return _NOT_SLUG.sub("-", plain).strip("-") or "manager"


def resolve_managers(
    builder: Builder,
    kept: list[Row],
    manager_by: Literal["email", "name"],
    *,
    placeholders: bool,
) -> list[Row]:
    """Replace each row's manager name or email by the id it means; return placeholder rows.

    A name or email that fits several rows is reported (``ambiguous-manager``) with every
    candidate and the row is left without a manager; one that fits none gets a placeholder
    position (``placeholder-manager``, once per manager) unless ``placeholders`` is false, when
    it is kept as written and reported as ``unknown-manager`` like any manager not found.
    """
    find = _finder(builder, kept, manager_by)
    names = {row.final_id: row.name for row in kept}
    taken = {row.final_id for row in kept}
    made: dict[str, Row] = {}
    named_by: dict[str, list[Row]] = {}
    for row in kept:
        text = row.manager
        if text is None:
            continue
        candidates = find(text)
        if len(candidates) == 1:
            row.manager = candidates[0]
        elif candidates:
            _ambiguous(builder, row, text, candidates, names)
        elif placeholders:
            parsed = parse_name(text) if manager_by == "name" else None
            key = " ".join(parsed.key) if parsed is not None else text.casefold()
            if key not in made:
                made[key] = _placeholder(row, text, manager_by, taken)
            named_by.setdefault(key, []).append(row)
            row.manager = made[key].final_id
    column = builder.mapping.column("reports_to")
    for key, placeholder in made.items():
        first, count = named_by[key][0], len(named_by[key])
        text = placeholder.attributes[f"manager_{manager_by}"]
        others = "" if count == 1 else f" (and {count - 1} more rows)"
        builder.problem(
            first.raw,
            "placeholder-manager",
            f"manager {text!r} is not in the export; named by {first.final_id!r}{others}",
            f"made a vacant placeholder position {placeholder.final_id!r} for them to report to",
            position=placeholder.final_id,
            column=column,
            hint="add the manager's row to the export, or pass "
            f"{Option('placeholders', False).keyword()} to keep the name as written",
        )
    return list(made.values())


def _finder(
    builder: Builder, kept: Sequence[Row], manager_by: Literal["email", "name"]
) -> Callable[[str], tuple[str, ...]]:
    """The lookup of a manager's name or email: the ids it could mean (one when found)."""
    if manager_by == "name":
        index = NameIndex((row.final_id, row.name) for row in kept if row.name)

        def by_name(text: str) -> tuple[str, ...]:
            found = index.find(text)
            return (found.match,) if found.match is not None else found.candidates

        return by_name
    email = builder.mapping.known.get("email")
    addresses: dict[str, list[str]] = {}
    for row in kept:
        address = _text(row.raw.values.get(email)) if email else ""
        if address:
            addresses.setdefault(address.casefold(), []).append(row.final_id)
    return lambda text: tuple(addresses.get(text.casefold(), ()))


def _ambiguous(
    builder: Builder,
    row: Row,
    text: str,
    candidates: Sequence[str],
    names: dict[str, str | None],
) -> None:
    shown = ", ".join(f"{c!r} ({names.get(c) or 'no name'})" for c in candidates[:6])
    row.manager = None
    row.made_root = True
    builder.problem(
        row.raw,
        "ambiguous-manager",
        f"manager {text!r} could be any of {len(candidates)} positions: {shown}",
        "left it without a manager rather than guess",
        position=row.final_id,
        column=builder.mapping.column("reports_to"),
        hint="write the manager so that one position fits (a middle initial, or the email), "
        f"or read managers by id with {Option('manager_by', 'id').keyword()}",
    )


def _placeholder(row: Row, text: str, manager_by: str, taken: set[str]) -> Row:
    """A vacant position for a manager the export names but does not hold."""
    base = f"placeholder-{_slug(text)}"
    identifier, number = base, 2
    while identifier in taken:
        identifier, number = f"{base}~{number}", number + 1
    taken.add(identifier)
    return Row(
        raw=row.raw,
        id=identifier,
        manager=None,
        title=None,
        name=None,
        unit=None,
        role_text=None,
        dotted=(),
        assistant=False,
        attributes={PLACEHOLDER: True, f"manager_{manager_by}": text},
        final_id=identifier,
        role=OTHER,
        made_root=True,
        placeholder=True,
    )
