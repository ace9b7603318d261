"""Reorgs: :func:`reorgs` draws a valid chart and a changed copy of it, as a real reorg changes one.

This module owns the reorg steps (open and close seats, move people and whole teams, promote,
retitle, fill, vacate, re-unit, dotted lines, assistants, attributes, reorder, rename the org).
It draws the chart through ``_valid`` and judges nothing; ``diff`` and ``apply`` are what the
properties test.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal, NamedTuple

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from orgroles._roles import Role, RoleCatalog
from orgroles._variants import Variant
from orgroles.chart import OrgChart
from orgroles.strategies._args import check_sizes, deferred
from orgroles.strategies._valid import org_charts

__all__ = ["REORG_STEPS", "Reorg", "reorgs"]

REORG_STEPS: tuple[str, ...] = (
    "open",
    "close",
    "move",
    "role",
    "title",
    "fill",
    "vacate",
    "holder",
    "unit",
    "dotted",
    "assistant",
    "attributes",
    "reorder",
    "chart",
)
"""The kinds of step a drawn reorg takes (``Reorg.steps`` says which, in words)."""

_UNITS = ("Payments", "Growth", "Platform", "Data")
_TITLES = ("Product Manager, Payments", "Lead PM", "Director of Product, Growth")


class Reorg(NamedTuple):
    """A chart before and after a reorg, and what was done, in words.

    Attributes:
        old: the chart before (a valid chart of the variant asked for).
        new: the chart after; its structure may break the variant's rules (a reorg can).
        steps: each step taken, e.g. ``"move pm-3 under dir-b"``.
    """

    old: OrgChart
    new: OrgChart
    steps: tuple[str, ...]


def reorgs(
    *,
    variant: str | Variant | None = None,
    min_size: int = 1,
    max_size: int = 30,
    max_steps: int = 8,
    roles: RoleCatalog | Iterable[Role] | None = None,
) -> st.SearchStrategy[Reorg]:
    """Draw a chart (as :func:`org_charts` does) and a reorg of it.

    A reorg is 0 to ``max_steps`` steps, each one of :data:`REORG_STEPS`: seats opened and
    closed (with the team moving up or going too), positions and whole teams moved (never into
    a cycle), promotions and role changes, titles, holders filled, vacated and replaced, units,
    dotted lines, assistants, attributes, a change of order, and chart-level changes. Shrinks
    to fewer steps on a smaller chart.

    Args:
        variant: the old chart's variant, as for :func:`org_charts`.
        min_size: the fewest positions of the old chart.
        max_size: the most positions of the old chart.
        max_steps: the most steps.
        roles: the role catalog, as for :func:`org_charts`.

    Examples:
        >>> from hypothesis import given, settings
        >>> import orgroles
        >>> @settings(max_examples=10, deadline=None)
        ... @given(reorgs(max_size=12))
        ... def test_replay(reorg):
        ...     assert orgroles.apply(reorg.old, orgroles.diff(reorg.old, reorg.new)) == reorg.new
        >>> test_replay()
    """

    def build() -> st.SearchStrategy[Reorg]:
        check_sizes(min_size, max_size)
        if not isinstance(max_steps, int) or isinstance(max_steps, bool) or max_steps < 0:
            raise InvalidArgument(f"max_steps must be a whole number >= 0, got {max_steps!r}")
        charts = org_charts(variant=variant, min_size=min_size, max_size=max_size, roles=roles)
        return _reorgs(charts, max_steps)

    return deferred(build)


@st.composite
def _reorgs(draw: st.DrawFn, charts: st.SearchStrategy[OrgChart], max_steps: int) -> Reorg:
    old = draw(charts)
    new = old.copy()
    steps: list[str] = []
    count = draw(st.integers(0, max_steps))
    for number in range(count):
        kind = draw(st.sampled_from(REORG_STEPS))
        step = _STEPS[kind](draw, new, number)
        if isinstance(step, tuple):  # a step that rebuilt the chart (an insertion, an order)
            new, step = step
        if step:
            steps.append(step)
    return Reorg(old, new, tuple(steps))


def _any(draw: st.DrawFn, chart: OrgChart) -> str | None:
    ids = chart.ids()
    return draw(st.sampled_from(ids)) if ids else None


def _open(draw: st.DrawFn, chart: OrgChart, number: int) -> tuple[OrgChart, str]:
    manager = _any(draw, chart)
    role = draw(st.sampled_from(("pm", "apm", "senior_pm", "gpm", "designer", "analyst")))
    position: dict[str, Any] = {"id": f"new-{number}", "role": role, "reports_to": manager}
    if draw(st.booleans()):
        position["name"] = f"Newcomer {number}"
    if draw(st.booleans()):
        position["unit"] = draw(st.sampled_from(_UNITS))
    ids = chart.ids()
    at = draw(st.integers(0, len(ids)))
    rows: list[Any] = [chart[i] for i in ids]
    rows.insert(at, position)  # anywhere in the order, as a file edited by hand has it
    return chart._like(rows), f"open {position['id']} under {manager}"


def _close(draw: st.DrawFn, chart: OrgChart, number: int) -> str | None:
    victim = _any(draw, chart)
    if victim is None:
        return None
    how: Literal["move_up", "remove"] = draw(st.sampled_from(("move_up", "remove")))
    chart.remove(victim, reports=how)
    return f"close {victim} ({how})"


def _move(draw: st.DrawFn, chart: OrgChart, number: int) -> str | None:
    mover = _any(draw, chart)
    if mover is None:
        return None
    below = {mover, *(p.id for p in chart.descendants(mover))}
    targets = [pid for pid in chart.ids() if pid not in below]
    manager = draw(st.sampled_from([*targets, None])) if targets else None
    chart.move(mover, manager)
    return f"move {mover} under {manager}"


def _update(field: str, values: st.SearchStrategy[Any]) -> Any:
    def step(draw: st.DrawFn, chart: OrgChart, number: int) -> str | None:
        target = _any(draw, chart)
        if target is None:
            return None
        value = draw(values)
        chart.update(target, **{field: value})
        return f"{field} of {target} = {value!r}"

    return step


def _dotted(draw: st.DrawFn, chart: OrgChart, number: int) -> str | None:
    target = _any(draw, chart)
    if target is None:
        return None
    others = [pid for pid in chart.ids() if pid != target]
    lines = draw(st.lists(st.sampled_from(others), unique=True, max_size=3)) if others else []
    chart.update(target, dotted_to=lines)
    return f"dotted lines of {target} = {lines}"


def _reorder(draw: st.DrawFn, chart: OrgChart, number: int) -> tuple[OrgChart, str] | None:
    ids = chart.ids()
    if len(ids) < 2:
        return None
    order = draw(st.permutations(list(ids)))
    return chart._like([chart[i] for i in order]), "reorder"


def _chart(draw: st.DrawFn, chart: OrgChart, number: int) -> str:
    chart.name = draw(st.sampled_from(("Acme", "Acme 2027", None)))
    chart.variant = draw(st.sampled_from((None, "scaleup", "enterprise")))
    chart.attributes = draw(st.sampled_from(({}, {"employees": 400}, {"fiscal": "FY27"})))
    return f"chart name {chart.name!r}, variant {chart.variant!r}"


_STEPS: dict[str, Any] = {
    "open": _open,
    "close": _close,
    "move": _move,
    "role": _update(
        "role", st.sampled_from(("pm", "senior_pm", "principal_pm", "gpm", "director"))
    ),
    "title": _update("title", st.sampled_from((None, *_TITLES))),
    "fill": _update("name", st.sampled_from(("Ada Lovelace", "Lin Wei"))),
    "vacate": _update("name", st.none()),
    "holder": _update("name", st.sampled_from(("Grace Hopper", "Omar Novak", "Maya Duarte"))),
    "unit": _update("unit", st.sampled_from((None, *_UNITS))),
    "dotted": _dotted,
    "assistant": _update("assistant", st.booleans()),
    "attributes": _update(
        "attributes", st.sampled_from(({}, {"location": "Berlin"}, {"level": 5, "remote": True}))
    ),
    "reorder": _reorder,
    "chart": _chart,
}
