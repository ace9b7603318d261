"""Conversions between a chart and a pandas or polars DataFrame, kept apart from the model.

It owns the table shape (one row a position, one column a field, ids as text) both ways. It
imports pandas or polars only when called (the ``pandas`` and ``fast`` extras), and knows the
chart only through its public reading surface and constructor.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

    from orgroles._roles import Role, RoleCatalog
    from orgroles.chart import OrgChart

__all__ = ["COLUMNS", "from_pandas", "from_polars", "to_pandas", "to_polars"]

_Chart = TypeVar("_Chart", bound="OrgChart")

COLUMNS = (
    "id",
    "role",
    "title",
    "name",
    "reports_to",
    "dotted_to",
    "unit",
    "assistant",
    "attributes",
)
"""The columns ``to_pandas`` and ``to_polars`` write, in order: the position's fields."""

_TEXT = ("id", "role", "title", "name", "reports_to", "unit")
_CHART_KEY = "orgroles"
"""The key of ``DataFrame.attrs`` (pandas) holding the chart's name, variant and attributes."""


def _columns(chart: OrgChart) -> dict[str, list[Any]]:
    columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    for position in chart:
        for name in _TEXT:
            columns[name].append(getattr(position, name))
        columns["dotted_to"].append(list(position.dotted_to))
        columns["assistant"].append(position.assistant)
        columns["attributes"].append(dict(position.attributes))
    return columns


def to_pandas(chart: OrgChart) -> pd.DataFrame:
    """The chart as a pandas DataFrame: a row per position in chart order, a column per field.

    Text columns (``id``, ``role``, ``title``, ``name``, ``reports_to``, ``unit``) have pandas'
    ``string`` dtype, so ids stay text (``"0042"``) and a missing value is missing, not ``"None"``;
    ``dotted_to`` holds lists of ids, ``assistant`` booleans, ``attributes`` dicts. The chart's
    name, variant and attributes go in ``frame.attrs["orgroles"]``, which
    :meth:`OrgChart.from_pandas` reads back. Needs the ``pandas`` extra.

    Examples:
        >>> from orgroles import OrgChart
        >>> chart = OrgChart([{"id": "0042", "role": "ceo"},
        ...     {"id": "7", "role": "pm", "reports_to": "0042", "attributes": {"desk": "B4"}}])
        >>> frame = chart.to_pandas()
        >>> frame[["id", "reports_to"]].to_dict("list")
        {'id': ['0042', '7'], 'reports_to': [None, '0042']}
        >>> OrgChart.from_pandas(frame) == chart
        True
    """
    import pandas as pd  # noqa: PLC0415  # an optional extra, loaded only when asked for

    columns = _columns(chart)
    data: dict[str, Any] = {name: pd.array(columns[name], dtype="string") for name in _TEXT}
    data["dotted_to"] = pd.Series(columns["dotted_to"], dtype=object)
    data["assistant"] = pd.array(columns["assistant"], dtype="bool")
    data["attributes"] = pd.Series(columns["attributes"], dtype=object)
    frame = pd.DataFrame(data, columns=list(COLUMNS))
    frame.attrs[_CHART_KEY] = {
        "name": chart.name,
        "variant": chart.variant,
        "attributes": dict(chart.attributes),
    }
    return frame


def to_polars(chart: OrgChart) -> pl.DataFrame:
    """The chart as a polars DataFrame: a row per position, a column per field.

    Text columns are ``String`` (ids stay text), ``dotted_to`` is ``List(String)``,
    ``assistant`` ``Boolean``, and ``attributes`` ``String`` holding each position's attributes
    as JSON text (polars has no column of free-form dicts). A polars DataFrame has no place for
    the chart's name, variant and attributes: pass them to :meth:`OrgChart.from_polars`. Needs
    polars (the ``fast`` extra).

    Examples:
        >>> from orgroles import OrgChart
        >>> chart = OrgChart([{"id": "0042", "role": "ceo", "attributes": {"n": 1}}])
        >>> frame = chart.to_polars()
        >>> frame["id"].to_list(), frame["attributes"].to_list()
        (['0042'], ['{"n": 1}'])
        >>> OrgChart.from_polars(frame) == chart
        True
    """
    import polars as pl  # noqa: PLC0415  # an optional extra, loaded only when asked for

    columns = _columns(chart)
    schema: dict[str, Any] = {
        **dict.fromkeys(_TEXT, pl.String),
        "dotted_to": pl.List(pl.String),
        "assistant": pl.Boolean,
        "attributes": pl.String,
    }
    data = {
        **columns,
        "attributes": [
            json.dumps(a, ensure_ascii=False) if a else None for a in columns["attributes"]
        ],
    }
    return pl.DataFrame({name: data[name] for name in COLUMNS}, schema=schema)


def _plain(value: Any) -> Any:
    """A cell as a plain Python value: ``None`` for any missing marker, numpy scalars unboxed."""
    if value is None:
        return None
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    item = getattr(value, "item", None)
    if callable(item) and type(value).__module__ == "numpy":
        return _plain(item())
    if type(value).__module__ == "numpy" and hasattr(value, "tolist"):
        return value.tolist()  # an array: a list cell
    return value


def _ids(value: Any) -> Any:
    """Ids from a table: whole numbers become text, as a reader guessed them numbers.

    A pandas column of numbers with a gap is floats, so 1.0 is the id 1.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value


def _records(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Position records from table rows: the field columns, every other column an attribute."""
    records = []
    for row in rows:
        record: dict[str, Any] = {}
        attributes: dict[str, Any] = {}
        for column, raw in row.items():
            value = _plain(raw)
            key = str(column)
            if key == "attributes":
                if isinstance(value, str):
                    value = json.loads(value)
                if isinstance(value, Mapping):
                    attributes.update(value)
                elif value is not None:
                    attributes[key] = value
            elif key == "dotted_to":
                if value is not None:
                    record[key] = [_ids(_plain(v)) for v in value]
            elif key in COLUMNS:
                if value is not None:
                    record[key] = _ids(value) if key in ("id", "reports_to") else value
            elif value is not None:
                attributes[key] = value
        record["attributes"] = attributes
        records.append(record)
    return records


def from_pandas(
    cls: type[_Chart],
    frame: pd.DataFrame,
    *,
    name: str | None = None,
    variant: str | None = None,
    roles: RoleCatalog | Iterable[Role] | None = None,
) -> _Chart:
    """A chart from a pandas DataFrame with a column per position field (as ``to_pandas`` makes).

    ``id`` and ``role`` are needed; ``title``, ``name``, ``reports_to``, ``dotted_to`` (lists
    of ids), ``unit``, ``assistant`` and ``attributes`` (dicts or JSON text) are read when
    there. Any other column becomes an attribute; missing values (``None``, ``NaN``, ``<NA>``)
    are left out. Whole-number ids become text; read CSVs with ``dtype=str`` so ``0042`` stays
    ``0042``. The chart's name, variant and attributes come from ``frame.attrs["orgroles"]``
    unless given. For an HR export with its own column names use :func:`~orgroles.from_records`
    on ``frame.to_dict("records")``, which detects columns and repairs.

    Raises:
        OrgDataError: a duplicate id, a malformed value or an unknown role (every one listed).
    """
    stored = frame.attrs.get(_CHART_KEY) if isinstance(frame.attrs, Mapping) else None
    stored = stored if isinstance(stored, Mapping) else {}
    attributes = stored.get("attributes")
    return cls(
        _records(frame.to_dict("records")),
        name=name if name is not None else stored.get("name"),
        variant=variant if variant is not None else stored.get("variant"),
        roles=roles,
        attributes=attributes if isinstance(attributes, Mapping) else None,
    )


def from_polars(
    cls: type[_Chart],
    frame: pl.DataFrame,
    *,
    name: str | None = None,
    variant: str | None = None,
    roles: RoleCatalog | Iterable[Role] | None = None,
    attributes: Mapping[str, Any] | None = None,
) -> _Chart:
    """A chart from a polars DataFrame with a column per position field (as ``to_polars`` makes).

    The columns are read as :meth:`OrgChart.from_pandas` reads them (``attributes`` as JSON
    text); the chart's own name, variant and attributes are given here.

    Raises:
        OrgDataError: a duplicate id, a malformed value or an unknown role (every one listed).
    """
    return cls(
        _records(frame.iter_rows(named=True)),
        name=name,
        variant=variant,
        roles=roles,
        attributes=attributes,
    )
