"""Where a chart keeps its positions: Position objects, or columns that make them on demand.

It owns the two storage forms (a dict of Positions; a column table for a million-row import),
the switch from the second to the first on the first change, and the reporting index kept
beside them. It knows the Position model and the index: no role, variant or file format.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from itertools import compress, repeat
from operator import is_
from typing import Any, Final, overload

from orgroles._index import ReportingIndex
from orgroles.errors import UnknownPositionError, suggest
from orgroles.position import POSITION_FIELDS, Position, trusted_row

__all__ = ["DEFAULTS", "DeferredColumn", "Known", "PositionStore", "PositionTable"]

DEFAULTS: Final[Mapping[str, Any]] = {
    "title": None,
    "name": None,
    "reports_to": None,
    "dotted_to": (),
    "unit": None,
    "assistant": False,
    "attributes": None,
}
"""The value an absent optional column stands for (``attributes``: ``None`` means ``{}``)."""


_OPTIONAL: Final = POSITION_FIELDS[2:]


class DeferredColumn(Sequence[Any]):
    """A column of a bulk import made into a list when first read, not when imported.

    Validation reads roles, names and reporting lines only: a million titles, units or
    attribute cells stay in the importer's own form (e.g. a polars Series) until a position or
    the column itself is asked for. ``make`` returns the values as a list, ``count`` long.

    Examples:
        >>> column = DeferredColumn(2, lambda: ["Payments", None])
        >>> len(column), column[0], list(column)
        (2, 'Payments', ['Payments', None])
    """

    __slots__ = ("_count", "_make", "_values")

    def __init__(self, count: int, make: Callable[[], list[Any]]) -> None:
        self._count = count
        self._make: Callable[[], list[Any]] | None = make
        self._values: list[Any] | None = None

    def values(self) -> list[Any]:
        """The values as a list (made on the first call)."""
        if self._values is None:
            assert self._make is not None  # noqa: S101  # dropped only once _values is set
            values = self._make()
            if len(values) != self._count:
                raise ValueError(
                    "internal error: a deferred column made too many or too few values"
                )
            self._values, self._make = values, None
        return self._values

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, at: int) -> Any: ...

    @overload
    def __getitem__(self, at: slice) -> list[Any]: ...

    def __getitem__(self, at: int | slice) -> Any:
        return self.values()[at]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.values())

    def __reduce__(self) -> tuple[type[list[Any]], tuple[list[Any]]]:
        # Pickled (a chart sent to another process) as the list it stands for.
        return list, (self.values(),)


@dataclasses.dataclass(frozen=True)
class Known:
    """What a bulk builder proved about its columns while making them (not checked again).

    Validation reads these instead of going over a million positions once more.
    """

    role_counts: Mapping[str, int] | None = None
    """Positions per role key, in the order the keys first appear (zeros allowed)."""
    ids_unlike: bool = False
    """No two ids look alike: they are ASCII and distinct after lowercasing, which is all
    that :func:`~orgroles._lookalike.lookalike_key` does to ASCII."""
    missing: Mapping[str, Sequence[int]] = dataclasses.field(default_factory=dict)
    """By field, the places whose value is ``None``, in order: "which seats are vacant" is
    then answered without reading (or, for a deferred column, making) a million names."""


class PositionTable:
    """Positions as columns, in chart order; immutable (a chart copies on its first change).

    Args:
        columns: ``field -> values``, one value per position, every list the same length.
            ``id`` and ``role`` are required; an optional field left out takes its default for
            every position. Values must already meet every constraint of :class:`Position`
            (as for :func:`~orgroles.position.trusted_position`): ``dotted_to`` values are
            tuples, ``attributes`` values dicts or ``None`` (no attributes). The lists are
            kept, not copied: the caller must not change them afterwards.

    Raises:
        ValueError: an unknown field, a missing ``id`` or ``role`` column, or lengths differ.

    Examples:
        >>> table = PositionTable({"id": ["a", "b"], "role": ["ceo", "pm"],
        ...     "reports_to": [None, "a"]})
        >>> len(table), table.row(1) == Position(id="b", role="pm", reports_to="a")
        (2, True)
        >>> table.column("unit")
        [None, None]
    """

    __slots__ = ("columns", "ids", "known", "roles")

    def __init__(self, columns: Mapping[str, Sequence[Any]], *, known: Known | None = None) -> None:
        unknown = set(columns).difference(POSITION_FIELDS)
        if unknown:
            raise ValueError(f"not position fields: {', '.join(sorted(unknown))}")
        if "id" not in columns or "role" not in columns:
            raise ValueError("the id and role columns are required")
        count = len(columns["id"])
        uneven = sorted(field for field, values in columns.items() if len(values) != count)
        if uneven:
            raise ValueError(f"columns {', '.join(uneven)} do not have {count} values like id")
        self.columns: Final = dict(columns)
        """The columns as given."""
        self.ids: Final[Sequence[str]] = columns["id"]
        self.roles: Final[Sequence[str]] = columns["role"]
        self.known: Final = known or Known()
        """What the builder proved about the columns while making them."""

    def __len__(self) -> int:
        return len(self.ids)

    def row(self, at: int) -> Position:
        """The position at one place in chart order, made now (equal to the validated one)."""
        values = self.ids[at], self.roles[at], *(self._value(f, at) for f in _OPTIONAL)
        return trusted_row(values)

    def rows(self) -> Iterator[Position]:
        """Every position in chart order, each made as it is reached."""
        count = len(self.ids)
        # One stream per field, a repeated default for an absent column: zip walks them all
        # in C, so a million positions cost little more than the objects themselves.
        streams = [
            self.columns[field] if field in self.columns else repeat(DEFAULTS[field], count)
            for field in _OPTIONAL
        ]
        return map(trusted_row, zip(self.ids, self.roles, *streams, strict=False))

    def _value(self, field: str, at: int) -> Any:
        values = self.columns.get(field)
        return DEFAULTS[field] if values is None else values[at]

    def column(self, field: str) -> Sequence[Any]:
        """One field's values in chart order, as the positions hold them.

        The stored list where there is one (do not change it); ``attributes`` are always dicts.
        """
        values = self.columns.get(field)
        if isinstance(values, DeferredColumn):
            values = values.values()  # callers get a list, as from any other table
        if field == "attributes":
            if values is not None:
                return [{} if value is None else value for value in values]
            return [{} for _ in self.ids]
        if values is not None:
            return values
        return [DEFAULTS[field]] * len(self.ids)


class PositionStore:
    """Positions in chart order plus their reporting index: the storage under a chart.

    Positions live in one of two forms: a dict of Position objects (every chart built or
    changed), or a :class:`PositionTable` (a large import) that makes a Position only when
    one is asked for. The first change turns a table into the dict; the index is built on
    first use and dropped by every change of a reporting line.
    """

    __slots__ = ("_index", "_positions", "_table")

    def __init__(self) -> None:
        self._positions: dict[str, Position] = {}
        self._table: PositionTable | None = None
        self._index: ReportingIndex | None = None

    def _adopt(
        self, table: PositionTable, index: ReportingIndex | None, *, roles: Container[str]
    ) -> None:
        """Hold ``table`` (and its index, built here when ``None``) instead of positions.

        Raises:
            ValueError: the index does not fit the table, two rows share an id, or a role is
                not one of ``roles``.
        """
        counted = table.known.role_counts
        _check_roles(table.roles if counted is None else counted, roles)
        if index is None:
            index = ReportingIndex.from_managers(table.ids, table.column("reports_to"))
        elif len(index) != len(table):
            raise ValueError("internal error: the index and the columns differ in length")
        elif index._position_of is not None and len(index._position_of) != len(table):
            # An index without its id dict builds and checks it on first lookup instead: a
            # bulk import that proved its ids distinct in bulk need not hash them all now.
            raise ValueError("internal error: a bulk build made two positions with one id")
        self._positions, self._table, self._index = {}, table, index

    def _adopt_positions(self, positions: list[Position], *, roles: Container[str]) -> None:
        """Hold these positions in their order (distinct ids and ``roles`` checked in bulk)."""
        _check_roles([p.role for p in positions], roles)
        by_id = {p.id: p for p in positions}
        if len(by_id) != len(positions):
            raise ValueError("internal error: a bulk build made two positions with one id")
        self._positions, self._table, self._index = by_id, None, None

    def _share(self, other: PositionStore) -> None:
        """Give ``other`` these positions: tables, indexes and Positions are immutable."""
        other._positions = dict(self._positions)
        other._table, other._index = self._table, self._index

    def _reporting_index(self) -> ReportingIndex:
        """The reporting index of the positions as they are now (built on first use).

        Integer positions follow chart order; :mod:`orgroles.traversal` and the chart's
        queries read it.
        """
        index = self._index
        if index is None:  # a table always carries its index
            positions = self._positions
            index = self._index = ReportingIndex.from_managers(
                list(positions), [p.reports_to for p in positions.values()]
            )
        return index

    def _own(self) -> dict[str, Position]:
        """The positions as a dict to change: a column table becomes Position objects first."""
        table = self._table
        if table is not None:
            self._positions = {p.id: p for p in table.rows()}
            self._table = None  # the index stays: it still describes the same positions
        return self._positions

    def _values(self) -> Iterable[Position]:
        """Every position in chart order (made on the way from a column table)."""
        table = self._table
        return self._positions.values() if table is None else table.rows()

    def _at(self, at: int) -> Position:
        """The position at one place in chart order (the index's integer position)."""
        table = self._table
        if table is not None:
            return table.row(at)
        return self._positions[self._reporting_index().ids[at]]

    def _column(self, field: str) -> Sequence[Any]:
        """One position field's values in chart order (do not change the list)."""
        table = self._table
        if table is not None:
            return table.column(field)
        return [getattr(p, field) for p in self._positions.values()]

    def _role_counts(self) -> Counter[str]:
        """Positions per role key, in the order the keys first appear in chart order."""
        table = self._table
        counted = table.known.role_counts if table is not None else None
        if counted is not None:
            return Counter({key: n for key, n in counted.items() if n})
        return Counter(self._column("role"))

    def _ids_unlike(self) -> bool:
        """Whether the builder proved that no two ids look alike (see ``Known.ids_unlike``)."""
        table = self._table
        return table is not None and table.known.ids_unlike

    def _missing(self, field: str) -> list[int]:
        """The places in chart order whose ``field`` is ``None`` (e.g. vacant seats for ``name``).

        A column an importer kept deferred answers from what it knows, without its values.
        """
        table = self._table
        known = table.known.missing.get(field) if table is not None else None
        if known is not None:
            return list(known)
        values = self._column(field)
        return list(compress(range(len(values)), map(is_, values, repeat(None))))

    def _set_in(self, field: str) -> list[int]:
        """The places in chart order whose ``field`` is set (true: an assistant, dotted lines).

        A column table without that column has it unset everywhere, known without a pass.
        """
        table = self._table
        if table is not None and field not in table.columns and not DEFAULTS.get(field):
            return []
        values = self._column(field)
        return list(compress(range(len(values)), values))

    def _same_positions(self, other: PositionStore) -> bool:
        if len(self) != len(other):
            return False
        if self._table is None and other._table is None:
            return list(self._positions.values()) == list(other._positions.values())
        # Field by field: equal columns are equal positions, and none of them is made.
        return all(self._column(f) == other._column(f) for f in POSITION_FIELDS)

    def _require(self, position_id: str) -> Position:
        found = self.get(position_id)
        if found is None:
            message = f"unknown position {position_id!r}"
            if len(self) <= 5000:  # difflib over a huge org costs more than the typo it explains
                message = suggest(position_id, self.ids(), what="position", list_choices=False)
            raise UnknownPositionError(message, position_id)
        return found

    def __getitem__(self, position_id: str) -> Position:
        return self._require(position_id)

    def get(self, position_id: str, default: Position | None = None) -> Position | None:
        """The position with this id, or ``default``."""
        table = self._table
        if table is None:
            return self._positions.get(position_id, default)
        at = self._reporting_index().position_of().get(position_id)
        return default if at is None else table.row(at)

    def __contains__(self, position_id: object) -> bool:
        if self._table is None:
            return position_id in self._positions
        return position_id in self._reporting_index().position_of()

    def __iter__(self) -> Iterator[Position]:
        table = self._table
        # A snapshot either way: changing the chart while iterating it is safe.
        return iter(list(self._positions.values())) if table is None else table.rows()

    def __len__(self) -> int:
        table = self._table
        return len(self._positions) if table is None else len(table)

    def ids(self) -> list[str]:
        """Position ids in chart order."""
        table = self._table
        return list(self._positions) if table is None else list(table.ids)


def _check_roles(used: Iterable[str], roles: Container[str]) -> None:
    # One set for the whole table: a bulk builder's slip must not make a chart nobody can save.
    unknown = sorted(role for role in set(used) if role not in roles)
    if unknown:
        raise ValueError(f"internal error: a bulk build used roles {unknown}")
