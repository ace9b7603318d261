"""A chart's positions held as columns: one list per Position field, Positions made on demand.

It owns the columnar storage of a large chart (a million-row import) and the contract of those
columns. It knows the Position model and nothing else: no other position, role or file format.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final

from orgroles.position import POSITION_FIELDS, Position, trusted_position

__all__ = ["DEFAULTS", "PositionTable"]

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

    __slots__ = ("_optional", "columns", "ids", "roles")

    def __init__(self, columns: Mapping[str, Sequence[Any]]) -> None:
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
        self._optional = tuple(
            (field, columns[field]) for field in POSITION_FIELDS[2:] if field in columns
        )

    def __len__(self) -> int:
        return len(self.ids)

    def row(self, at: int) -> Position:
        """The position at one place in chart order, made now (equal to the validated one)."""
        fields = {field: values[at] for field, values in self._optional}
        return trusted_position(self.ids[at], self.roles[at], **fields)

    def rows(self) -> Iterator[Position]:
        """Every position in chart order, each made as it is reached."""
        return map(self.row, range(len(self.ids)))

    def column(self, field: str) -> Sequence[Any]:
        """One field's values in chart order, as the positions hold them.

        The stored list where there is one (do not change it); ``attributes`` are always dicts.
        """
        values = self.columns.get(field)
        if field == "attributes":
            if values is not None:
                return [{} if value is None else value for value in values]
            return [{} for _ in self.ids]
        if values is not None:
            return values
        return [DEFAULTS[field]] * len(self.ids)
