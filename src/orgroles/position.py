"""The :class:`Position` model: one seat in an organisation, filled or vacant.

This module owns what a single position may hold, and how a refusal of the model reads as
:class:`~orgroles.errors.Problem` records. It knows nothing of the other positions (that is the
chart's business) nor of files.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    ValidationError,
    field_validator,
)

from orgroles._roles import RoleCatalog, default_catalog
from orgroles.errors import MAX_SHOWN, Place, Problem, shown, suggest

__all__ = [
    "CONTROL_CHARACTERS",
    "POSITION_FIELDS",
    "Position",
    "PositionId",
    "PositionLike",
    "Row",
    "coerce_position",
    "collect_positions",
    "problems_from_validation_error",
    "trusted_position",
    "trusted_row",
]

# Control characters break every output format (a text tree line, a CSV row, a DOT label);
# they are never meaningful in an id.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def _check_id(value: str) -> str:
    if value != value.strip():
        raise ValueError(f"id {value!r} has leading or trailing whitespace; write it without")
    if CONTROL_CHARACTERS.search(value):
        raise ValueError(f"id {value!r} contains a control character (a newline or tab)")
    return value


PositionId = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_check_id)]
"""A position id: a non-empty string without surrounding whitespace or control characters."""

_Text = Annotated[str, Field(min_length=1)]


class Position(BaseModel):
    """One seat in the organisation; it exists whether or not someone holds it.

    Attributes:
        id: unique within its chart; always a string (``"0042"`` stays ``"0042"``).
        role: a role key of the chart's catalog, e.g. ``"director"``.
        title: the job title as the company writes it; absent means the role's title.
        name: the holder; absent means the seat is vacant.
        reports_to: the solid-line manager's position id; absent means a root.
        dotted_to: dotted-line managers' ids (matrix reporting; never part of the tree).
        unit: the business unit, product line or team.
        assistant: a staff position drawn beside its manager and not counted in spans.
        attributes: any other data, kept as given and round-tripped (JSON values).

    Positions are immutable; change them through the chart (``move``, ``update``), which keeps
    its reporting index right. That holds for ``attributes`` too: the dict may be shared with
    the chart's storage (bulk imports do not copy it), so give a changed copy to ``update``
    rather than changing it in place.

    Examples:
        >>> pm = Position(id="pm-1", role="pm", reports_to="dir-1", dotted_to=["dir-2"])
        >>> pm.vacant, pm.dotted_to
        (True, ('dir-2',))
        >>> pm.model_copy(update={"name": "Ada"}).vacant
        False
    """

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    id: PositionId
    role: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)
    title: _Text | None = None
    name: _Text | None = None
    reports_to: PositionId | None = None
    dotted_to: tuple[PositionId, ...] = ()
    unit: _Text | None = None
    assistant: bool = False
    attributes: dict[str, JsonValue] = Field(default_factory=dict)

    @field_validator("dotted_to", mode="before")
    @classmethod
    def _dotted_from_list(cls, value: object) -> object:
        # Files and users write lists; strict mode would refuse them for a tuple.
        return tuple(value) if isinstance(value, list) else value

    @field_validator("dotted_to")
    @classmethod
    def _dotted_unique(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        seen: set[str] = set()
        for target in value:
            if target in seen:
                raise ValueError(f"dotted line to {target!r} is listed twice")
            seen.add(target)
        return value

    @field_validator("attributes")
    @classmethod
    def _attributes_are_finite(cls, value: dict[str, JsonValue]) -> dict[str, JsonValue]:
        # NaN and infinity are not JSON: a file could not hold them, so a round trip would
        # silently change them. Refuse them here, once, for every way a chart is built.
        stack: list[object] = [value]
        while stack:  # iterative: attribute values may nest deeply
            item = stack.pop()
            if isinstance(item, float) and not math.isfinite(item):
                raise ValueError(f"{item!r} is not a JSON number; store it as text")
            if isinstance(item, dict):
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
        return value

    @property
    def vacant(self) -> bool:
        """True when nobody holds the position."""
        return self.name is None

    def __hash__(self) -> int:
        # Positions are frozen values; attributes may hold dicts, so hash the identifying fields.
        return hash((self.id, self.role, self.reports_to, self.name))

    def to_dict(self) -> dict[str, Any]:
        """The position as an org-file mapping: fields in a fixed order, defaults left out.

        Examples:
            >>> Position(id="cpo", role="cpo", reports_to="ceo").to_dict()
            {'id': 'cpo', 'role': 'cpo', 'reports_to': 'ceo'}
        """
        data: dict[str, Any] = {"id": self.id, "role": self.role}
        for field in ("title", "name", "reports_to"):
            value = getattr(self, field)
            if value is not None:
                data[field] = value
        if self.dotted_to:
            data["dotted_to"] = list(self.dotted_to)
        if self.unit is not None:
            data["unit"] = self.unit
        if self.assistant:
            data["assistant"] = True
        if self.attributes:
            data["attributes"] = self.attributes
        return data


POSITION_FIELDS: tuple[str, ...] = tuple(Position.model_fields)
"""The position fields in org-file order."""


def problems_from_validation_error(
    error: ValidationError, *, index: int | None, position: str | None
) -> list[Problem]:
    """Turn a pydantic error on one position into :class:`Problem` records, one per field."""
    problems = []
    for item in error.errors(include_url=False):
        loc = item.get("loc", ())
        field = ".".join(str(part) for part in loc) if loc else None
        message = item["msg"]
        if item["type"] == "extra_forbidden" and loc:
            message = _unknown_field_message(str(loc[0]))
            field = str(loc[0])
        elif item["type"] == "missing":
            message = "required field is missing"
        elif item["type"] == "string_pattern_mismatch" and loc and loc[0] == "role":
            message = _not_a_role_key(str(item["input"])[:MAX_SHOWN])
        elif item["type"] == "tuple_type" and loc and loc[0] == "dotted_to":
            message = (
                f"dotted_to is a list of position ids, e.g. [{str(item['input'])[:MAX_SHOWN]}]"
            )
        elif item["type"] == "value_error":
            message = message.removeprefix("Value error, ")
        elif "input" in item and not isinstance(item["input"], dict | list):
            message = f"{message}, got {shown(item['input'])}"
        problems.append(
            Problem(
                message,
                place=Place(
                    positions=() if position is None else (position,),
                    field=field,
                    row=None if index is None else index + 1,
                ),
            )
        )
    return problems


def _not_a_role_key(written: str) -> str:
    """Say a role was written as a title, and suggest the key it means when one is clear."""
    message = f"role {written!r} is not a role key (lower-case snake_case, e.g. 'pm')"
    snake = "_".join(written.lower().replace("-", " ").split())
    catalog = default_catalog()
    resolved = catalog.resolve_title(written)
    key = snake if snake in catalog else resolved.key if resolved is not None else None
    return f"{message}; did you mean {key!r}?" if key is not None else message


def _unknown_field_message(field: str) -> str:
    message = suggest(field, POSITION_FIELDS, what="field")
    return message + "; put extra data under 'attributes'"


PositionLike = Position | Mapping[str, Any]
"""What a chart accepts as a position: a :class:`Position` or a mapping of its fields."""


def coerce_position(
    item: object, catalog: RoleCatalog, *, index: int | None, problems: list[Problem]
) -> Position | None:
    """One input item as a Position of ``catalog``'s roles; problems appended, never raised.

    ``index`` is the item's 0-based place in its input (named as a 1-based row), if any.
    """
    row = None if index is None else index + 1
    if isinstance(item, Position):
        position = item
    elif isinstance(item, Mapping):
        raw_id = item.get("id")
        label = raw_id if isinstance(raw_id, str) else None
        try:
            position = Position.model_validate(dict(item))
        except ValidationError as error:
            problems.extend(problems_from_validation_error(error, index=index, position=label))
            return None
    else:
        problems.append(
            Problem(
                f"expected a Position or a mapping, got {type(item).__name__}",
                place=Place(row=row),
            )
        )
        return None
    if position.role not in catalog:
        problems.append(
            Problem(
                suggest(position.role, catalog, what="role"),
                code="unknown-role",
                hint="use a built-in role key or define the role under 'roles'",
                place=Place(positions=(position.id,), field="role", row=row),
            )
        )
        return None
    return position


def collect_positions(
    items: Iterable[object], catalog: RoleCatalog
) -> tuple[dict[str, Position], list[Problem]]:
    """Input items as ``id -> Position`` in input order, and every problem found on the way.

    A duplicate id is a problem naming the first holder; a refused item's id still counts, so
    a later copy of it is reported as a duplicate too. This loop is the hot path of every
    chart built from positions.

    Examples:
        >>> found, problems = collect_positions(
        ...     [{"id": "a", "role": "pm"}, {"id": "a", "role": "pm"}], default_catalog())
        >>> list(found), [(p.code, p.place.row) for p in problems]
        (['a'], [('duplicate-id', 2)])
    """
    by_id: dict[str, Position] = {}
    seq: dict[str, int] = {}  # id -> input index, to name the first of two duplicates
    problems: list[Problem] = []
    refused: dict[str, int] = {}  # ids of refused positions -> their index
    for index, item in enumerate(items):
        position = coerce_position(item, catalog, index=index, problems=problems)
        raw_id = position.id if position is not None else _raw_id(item)
        if raw_id is not None and (raw_id in seq or raw_id in refused):
            first = seq[raw_id] if raw_id in seq else refused[raw_id]
            problems.append(
                Problem(
                    f"duplicate id (first used by position #{first + 1})",
                    code="duplicate-id",
                    hint="give every position its own id",
                    place=Place(positions=(raw_id,), field="id", row=index + 1),
                )
            )
        elif position is not None:
            by_id[position.id] = position
            seq[position.id] = index
        elif raw_id is not None:
            refused[raw_id] = index
    return by_id, problems


def _raw_id(item: object) -> str | None:
    raw = item.get("id") if isinstance(item, Mapping) else None
    return raw if isinstance(raw, str) else None


_new = Position.__new__
_set = object.__setattr__


def trusted_position(
    id: str,  # the field is called id
    role: str,
    *,
    title: str | None = None,
    name: str | None = None,
    reports_to: str | None = None,
    dotted_to: tuple[str, ...] = (),
    unit: str | None = None,
    assistant: bool = False,
    attributes: dict[str, JsonValue] | None = None,
) -> Position:
    """A :class:`Position` from values that already meet every constraint of the model.

    For our own bulk builders (the importers), which check each value as they read it: pydantic
    validation costs about 3 microseconds a position, most of a million-row import's budget.
    The result equals the validated position, and its ``model_fields_set`` holds the fields
    given a value other than the default, as for ``Position(**position.to_dict())``. The caller
    owns the guarantee; the test suite re-validates everything the importers build this way.

    Examples:
        >>> trusted = trusted_position("pm-1", "pm", reports_to="dir-1")
        >>> trusted == Position(id="pm-1", role="pm", reports_to="dir-1")
        True
        >>> trusted.model_dump(exclude_unset=True)
        {'id': 'pm-1', 'role': 'pm', 'reports_to': 'dir-1'}
    """
    return trusted_row((id, role, title, name, reports_to, dotted_to, unit, assistant, attributes))


Row = tuple[
    str,
    str,
    str | None,
    str | None,
    str | None,
    tuple[str, ...],
    str | None,
    bool,
    dict[str, JsonValue] | None,
]
"""A position's nine values in field order; ``None`` attributes stand for none."""


def trusted_row(values: Row) -> Position:
    """:func:`trusted_position` from one row of values in field order (the bulk paths' form).

    One tuple, so ``map(trusted_row, zip(*columns))`` makes a column table's positions.

    Examples:
        >>> trusted_row(("pm-1", "pm", None, None, "dir-1", (), None, False, None)) == Position(
        ...     id="pm-1", role="pm", reports_to="dir-1")
        True
    """
    id, role, title, name, reports_to, dotted_to, unit, assistant, attributes = (
        values  # the field is called id
    )
    if attributes is None:
        attributes = {}
    given = (
        title is not None,
        name is not None,
        reports_to is not None,
        bool(dotted_to),
        unit is not None,
        assistant,
        bool(attributes),
    )
    fields_set = _FIELDS_SETS.get(given)
    if fields_set is None:
        fields_set = _FIELDS_SETS[given] = {
            "id",
            "role",
            *(field for field, set_ in zip(_OPTIONAL, given, strict=True) if set_),
        }
    position = _new(Position)
    _set(
        position,
        "__dict__",
        {
            "id": id,
            "role": role,
            "title": title,
            "name": name,
            "reports_to": reports_to,
            "dotted_to": dotted_to,
            "unit": unit,
            "assistant": assistant,
            "attributes": attributes,
        },
    )
    _set(position, "__pydantic_fields_set__", fields_set)
    _set(position, "__pydantic_extra__", None)
    _set(position, "__pydantic_private__", None)
    return position


# Trusted positions with the same fields given share one fields-set (at most 128 of them; a set
# each would cost 200 bytes a position). The model is frozen, so pydantic never adds to it, and
# model_copy copies it before updating; only code that mutates model_fields_set by hand, which
# pydantic does not support for frozen models, could tell.
_OPTIONAL = ("title", "name", "reports_to", "dotted_to", "unit", "assistant", "attributes")
_FIELDS_SETS: dict[tuple[bool, ...], set[str]] = {}
