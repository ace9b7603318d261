"""The :class:`Position` model: one seat in an organisation, filled or vacant.

This module owns what a single position may hold. It knows nothing of the other positions
(that is the chart's business) nor of files.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, JsonValue, field_validator

__all__ = ["CONTROL_CHARACTERS", "POSITION_FIELDS", "Position", "PositionId", "trusted_position"]

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
    its reporting index right.

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
