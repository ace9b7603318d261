"""Row filters: which input rows an import keeps (``where=``, ``--where COLUMN=VALUE``).

This module owns reading a filter (conditions as text, a mapping, or a function), finding the
columns it names in a header, and deciding row by row. It knows nothing of files or charts; the
import counts the rows a filter leaves out in its report.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from orgroles.errors import Option, import_error, suggest
from orgroles.importers._cells import text_of
from orgroles.importers._columns import ColumnMap, header_key

__all__ = ["WHERE", "RowFilter", "Where", "row_filter"]

Where = Mapping[str, str | Collection[str]] | Sequence[str] | Callable[[Mapping[str, Any]], bool]
"""A row filter: ``{"Status": "Active"}`` (a value or several per column), conditions as text
(``["Status=Active", "Termd!=1"]``), or a function given each row as ``{column: value}``."""

WHERE = Option("where", metavar="COLUMN=VALUE")

_FIELD_WORDS = {"manager": "reports_to", "department": "unit"}


@dataclass(frozen=True)
class Condition:
    """One column's test: its value is one of ``values`` (or, with ``negate``, none of them)."""

    column: str
    values: frozenset[str]
    negate: bool
    shown: tuple[str, ...] = ()

    def __str__(self) -> str:
        sign = "!=" if self.negate else "="
        return " or ".join(f"{self.column}{sign}{v}" for v in self.shown or sorted(self.values))


def _folded(value: Any) -> str:
    try:
        return (text_of(value) or "").casefold()
    except ValueError:
        return str(value).casefold()


@dataclass(frozen=True)
class RowFilter:
    """A row filter bound to one input's columns; :meth:`keeps` decides each row.

    Conditions on different columns must all hold; several ``=`` values of one column are
    alternatives. Values compare ignoring case and surrounding spaces; ``COLUMN=`` matches an
    empty cell.
    """

    conditions: tuple[Condition, ...] = ()
    function: Callable[[Mapping[str, Any]], bool] | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns the conditions read."""
        return tuple(dict.fromkeys(c.column for c in self.conditions))

    def __str__(self) -> str:
        if self.function is not None:
            return getattr(self.function, "__name__", "a function")
        return " and ".join(str(c) for c in self.conditions)

    def keeps(self, values: Mapping[str, Any]) -> bool:
        """Whether a row (column -> value) passes."""
        if self.function is not None:
            return bool(self.function(values))
        for condition in self.conditions:
            found = _folded(values.get(condition.column)) in condition.values
            if found == condition.negate:
                return False
        return True

    def mask(self, column: Callable[[str], Sequence[Any]], header: Sequence[str]) -> list[bool]:
        """Each row's verdict from whole columns (``column(name)`` gives a column's cells)."""
        if self.function is not None:
            cells = [column(name) for name in header]
            rows = zip(*cells, strict=True)
            return [self.keeps(dict(zip(header, row, strict=True))) for row in rows]
        verdict: list[bool] | None = None
        for condition in self.conditions:
            hits = [
                (_folded(v) in condition.values) != condition.negate
                for v in column(condition.column)
            ]
            verdict = (
                hits if verdict is None else [a and b for a, b in zip(verdict, hits, strict=True)]
            )
        return verdict or []


def row_filter(
    where: Where | None, header: Sequence[str], mapping: ColumnMap, *, source: str
) -> RowFilter | None:
    """The filter ``where`` describes, its columns found in ``header``; ``None`` for no filter.

    A column is named as the header has it, ignoring case and punctuation, or by the field it
    was detected as (``status``, ``title``, ``unit``...: see the alias table).

    Raises:
        OrgImportError: a condition that is not ``COLUMN=VALUE`` or ``COLUMN!=VALUE``, or a
            column the input does not have (the nearest is named).

    Examples:
        >>> from orgroles.importers._columns import ColumnMap
        >>> found = row_filter(["Status=active", "Termd!=1"], ["Status", "Termd"], ColumnMap(),
        ...                    source="hr.csv")
        >>> str(found), found.keeps({"Status": "Active ", "Termd": "0"})
        ('Status=active and Termd!=1', True)
        >>> found.keeps({"Status": "ACTIVE", "Termd": "1"})
        False
    """
    if where is None:
        return None
    if callable(where):
        return RowFilter(function=where)
    pairs: list[tuple[str, str, bool]] = []
    if isinstance(where, Mapping):
        for column, wanted in where.items():
            values = [wanted] if isinstance(wanted, str) else list(wanted)
            pairs.extend((str(column), str(v), False) for v in values)
    else:
        for text in [where] if isinstance(where, str) else where:
            pairs.append(_condition(text, source))
    grouped: dict[tuple[str, bool], dict[str, str]] = {}
    for column, value, negate in pairs:
        found = _column(column, header, mapping, source)
        grouped.setdefault((found, negate), {}).setdefault(value.strip().casefold(), value.strip())
    conditions: list[Condition] = []
    for (column, negate), wanted in grouped.items():
        if negate:  # none of them: one condition per value, all must hold
            conditions.extend(
                Condition(column, frozenset({v}), True, (shown,)) for v, shown in wanted.items()
            )
        else:
            conditions.append(Condition(column, frozenset(wanted), False, tuple(wanted.values())))
    return RowFilter(tuple(conditions)) if conditions else None


def _condition(text: str, source: str) -> tuple[str, str, bool]:
    column, sign, value = text.partition("=")
    negate = column.endswith("!")
    column = column.removesuffix("!").strip()
    if not sign or not column:
        raise import_error(
            f"row filter {text!r} is not COLUMN=VALUE or COLUMN!=VALUE",
            source=source,
            hint=f"write it as {WHERE.keyword()}, e.g. 'Status=Active'",
            option=WHERE,
        )
    return column, value, negate


def _column(name: str, header: Sequence[str], mapping: ColumnMap, source: str) -> str:
    if name in header:
        return name
    matches = [column for column in header if header_key(column) == header_key(name)]
    if len(matches) == 1:
        return matches[0]
    field_name = _FIELD_WORDS.get(name.strip().casefold(), name.strip().casefold())
    detected = mapping.known.get(field_name) or mapping.column(field_name)
    if detected is not None:
        return detected
    raise import_error(
        "the row filter names "
        + suggest(name, header, what="column", list_choices=len(header) <= 20),
        source=source,
        hint=f"name one of the input's columns in {WHERE.keyword()}",
        option=WHERE,
        field=name,
    )
