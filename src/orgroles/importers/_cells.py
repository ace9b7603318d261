"""Cell values as position fields: text trimmed, ids cleaned, JSON cells and numbers parsed.

Small pure functions the row builder and the repairs share. They know nothing of rows, columns
or reports.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

from orgroles.position import CONTROL_CHARACTERS

__all__ = [
    "MAX_ID",
    "clean_id",
    "finite_float",
    "free_key",
    "jsonable",
    "no_constant",
    "parse_dotted",
    "text_of",
]

MAX_ID = 200  # Position ids are at most 200 characters
# A run of control characters with the spaces around it: cleaned to one space in ids.
_CONTROL = re.compile(rf"\s*{CONTROL_CHARACTERS.pattern}+\s*")


def jsonable(value: Any) -> Any:
    """A value as JSON data: tuples become lists, keys text, anything else its ``str()``.

    NaN and infinity are not JSON numbers (a file could not hold them), so they become their
    text too, like pandas' empty cells: ``float("nan")`` is kept as ``"nan"``.

    Examples:
        >>> jsonable({"n": (1, float("nan")), 2: {"x": b"y"}})
        {'n': [1, 'nan'], '2': {'x': "b'y'"}}

    Raises:
        ValueError: the value nests lists and objects more than :data:`MAX_NESTING` deep.
    """
    return _jsonable(value, MAX_NESTING)


MAX_NESTING = 100
"""The deepest a cell's value may nest lists and objects: an org file reads no deeper (and a
value nested thousands deep is no data anyone keeps about a position)."""


def _jsonable(value: Any, room: int) -> Any:
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Mapping | list | tuple) and room <= 0:
        raise ValueError(f"nested more than {MAX_NESTING} levels deep")
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v, room - 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v, room - 1) for v in value]
    return str(value)


def text_of(value: Any, *, trim: bool = True) -> str | None:
    """A field value as text, ``None`` when empty; ``ValueError`` for a list or mapping.

    Text is trimmed of surrounding whitespace unless ``trim`` is false; then only an empty
    string is empty.
    """
    if value is None:
        return None
    if isinstance(value, str):
        return (value.strip() if trim else value) or None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, Mapping | list | tuple):
        raise ValueError(type(value).__name__)
    return str(value).strip() or None


def clean_id(text: str) -> str:
    """An id the chart accepts: control characters become one space, at most 200 characters."""
    cleaned = _CONTROL.sub(" ", text).strip() if _CONTROL.search(text) else text
    return cleaned[:MAX_ID].rstrip()


def no_constant(text: str) -> float:
    raise ValueError(f"{text} is not a JSON number")


def finite_float(text: str) -> float:
    """A JSON number's text as a float; one too large for a float is a ``ValueError``.

    Examples:
        >>> finite_float("2.5")
        2.5
        >>> finite_float("1e999")
        Traceback (most recent call last):
        ...
        ValueError: 1e999 is too large for a JSON number
    """
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is too large for a JSON number")
    return value


def parse_dotted(text: str) -> tuple[str, ...]:
    """Dotted-line ids: a JSON list (how write_csv writes awkward ids) or ``;``-separated."""
    targets: list[Any] = []
    if text.startswith("["):
        try:
            loaded = json.loads(text)
        except ValueError:
            loaded = None
        if isinstance(loaded, list) and all(isinstance(t, str) for t in loaded):
            targets = loaded
    if not targets:
        targets = text.split(";")
    cleaned = (clean_id(t.strip()) for t in targets)
    return tuple(dict.fromkeys(t for t in cleaned if t))


def free_key(attributes: Mapping[str, Any], key: str) -> str:
    if key not in attributes:
        return key
    number = 2
    while f"{key}~{number}" in attributes:
        number += 1
    return f"{key}~{number}"
