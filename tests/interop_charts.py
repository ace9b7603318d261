"""Hypothesis charts for the interop round trips: valid orgs dressed with every optional field.

``orgroles.strategies.org_charts`` builds the structure (dotted lines, assistants, vacancies);
this adds what an export must carry too: the chart's name, variant and attributes, and titles,
units and attributes of any JSON type on the positions.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from orgroles import OrgChart
from orgroles.strategies import org_charts

__all__ = ["json_values", "rich_charts", "texts"]

texts = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=12)
"""Any text a name or title may hold: control characters, markup, spaces around."""

_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
)

json_values: st.SearchStrategy[Any] = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
"""Any JSON value an attribute may hold."""


@st.composite
def rich_charts(
    draw: st.DrawFn,
    *,
    text: st.SearchStrategy[str] = texts,
    values: st.SearchStrategy[Any] = json_values,
    keys: st.SearchStrategy[str] | None = None,
    max_size: int = 12,
) -> OrgChart:
    """A valid chart with a name, maybe a variant and attributes, titles, units and attributes."""
    keys = st.text(min_size=1, max_size=8) if keys is None else keys
    chart = draw(org_charts(max_size=max_size))
    chart.name = draw(text)
    chart.variant = draw(st.none() | st.sampled_from(["startup", "scaleup", "my-own"]))
    chart.attributes = draw(st.dictionaries(keys, values, max_size=3))
    for position in list(chart):
        changes: dict[str, Any] = {
            "title": draw(st.none() | text),
            "attributes": draw(st.dictionaries(keys, values, max_size=3)),
        }
        if draw(st.booleans()):
            changes["unit"] = draw(st.none() | text)
        if position.name is not None and draw(st.booleans()):
            changes["name"] = draw(text)
        chart.update(position.id, **changes)
    return chart
