"""Graph-first walks along the solid reporting lines: the one place that walks them.

Functions in the networkx manner: the chart first, options keyword-only, ``is_*`` answers a
question, ``find_*`` returns what it finds. All of them read the chart's reporting index, so
they are linear, iterative (a 100,000-deep chain is fine) and safe on broken charts: cycles,
managers not in the chart and several roots are answers here, never errors. Dotted lines are
not reporting lines and are never followed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from orgroles.errors import UnknownPositionError
from orgroles.position import POSITION_FIELDS

if TYPE_CHECKING:
    from collections.abc import Iterable

    from orgroles._index import ReportingIndex
    from orgroles.chart import OrgChart

__all__ = [
    "ancestors",
    "depths",
    "descendants",
    "find_cycles",
    "inherited",
    "is_tree",
    "missing_managers",
    "roots",
    "subtree_sizes",
    "topological_order",
    "unreachable",
    "with_ancestors",
]


def _at(chart: OrgChart, index: ReportingIndex, position_id: str) -> int:
    at = index.position_of().get(position_id)
    if at is None:
        chart[position_id]  # raises UnknownPositionError naming close ids
        raise UnknownPositionError(f"unknown position {position_id!r}", position_id)
    return at


def descendants(chart: OrgChart, position_id: str) -> list[str]:
    """Everyone below a position: depth first, each manager's reports in chart order.

    The position itself is not listed, even on a cycle; each id comes once.

    Raises:
        UnknownPositionError: the id is not in the chart.

    Examples:
        >>> from orgroles import OrgChart
        >>> chart = OrgChart([{"id": "ceo", "role": "ceo"},
        ...     {"id": "cpo", "role": "cpo", "reports_to": "ceo"},
        ...     {"id": "pm", "role": "pm", "reports_to": "cpo"},
        ...     {"id": "cfo", "role": "other", "reports_to": "ceo"}])
        >>> descendants(chart, "ceo"), descendants(chart, "pm")
        (['cpo', 'pm', 'cfo'], [])
    """
    index = chart._reporting_index()
    ids = index.ids
    return [ids[p] for p in index.descendants(_at(chart, index, position_id))]


def ancestors(chart: OrgChart, position_id: str) -> list[str]:
    """The chain of command above a position, nearest manager first.

    It ends at a root, at a manager id that is not in the chart (which is not listed) or, on or
    below a cycle, just before the walk would come round again. ``chart.chain_of_command``
    gives the same chain as positions and raises on a cycle instead.

    Raises:
        UnknownPositionError: the id is not in the chart.

    Examples:
        >>> from orgroles import OrgChart
        >>> chart = OrgChart([{"id": "a", "role": "ceo"}, {"id": "b", "role": "cpo",
        ...     "reports_to": "a"}, {"id": "c", "role": "pm", "reports_to": "b"},
        ...     {"id": "x", "role": "pm", "reports_to": "y"},
        ...     {"id": "y", "role": "pm", "reports_to": "x"}])
        >>> ancestors(chart, "c"), ancestors(chart, "a"), ancestors(chart, "x")
        (['b', 'a'], [], ['y'])
    """
    index = chart._reporting_index()
    ids = index.ids
    return [ids[p] for p in index.ancestors(_at(chart, index, position_id))]


def with_ancestors(chart: OrgChart, position_ids: Iterable[str]) -> list[str]:
    """These positions and everyone above them, each once, in chart order.

    The walk up from each stops where an earlier one passed, so the whole costs one pass
    over the chart however deep it is; a cycle above a position is taken whole.

    Raises:
        UnknownPositionError: an id is not in the chart.

    Examples:
        >>> from orgroles import OrgChart
        >>> chart = OrgChart([{"id": "ceo", "role": "ceo"},
        ...     {"id": "coo", "role": "other", "reports_to": "ceo"},
        ...     {"id": "cto", "role": "other", "reports_to": "ceo"},
        ...     {"id": "pm", "role": "pm", "reports_to": "coo"}])
        >>> with_ancestors(chart, ["pm"])
        ['ceo', 'coo', 'pm']
    """
    index = chart._reporting_index()
    parent = index.parent
    marked = bytearray(len(index))
    for position_id in position_ids:
        current = _at(chart, index, position_id)
        while current >= 0 and not marked[current]:
            marked[current] = 1
            current = parent[current]
    ids = index.ids
    return [ids[p] for p in range(len(index)) if marked[p]]


def roots(chart: OrgChart) -> list[str]:
    """Positions with no solid-line manager, in chart order.

    Examples:
        >>> from orgroles import OrgChart
        >>> roots(OrgChart([{"id": "a", "role": "ceo"}, {"id": "b", "role": "pm"}]))
        ['a', 'b']
    """
    index = chart._reporting_index()
    ids = index.ids
    return [ids[p] for p in index.roots()]


def missing_managers(chart: OrgChart) -> dict[str, str]:
    """Positions whose manager id is not in the chart: ``id -> that manager id``, in chart order.

    Examples:
        >>> from orgroles import OrgChart
        >>> missing_managers(OrgChart([{"id": "a", "role": "ceo"},
        ...     {"id": "b", "role": "pm", "reports_to": "gone"}]))
        {'b': 'gone'}
    """
    index = chart._reporting_index()
    ids, managers = index.ids, chart._column("reports_to")
    return {ids[p]: managers[p] for p in index.missing_manager()}


def topological_order(chart: OrgChart) -> list[str]:
    """Positions reached from a root or a missing manager, managers before reports.

    Breadth first: the starts (roots and positions whose manager is not in the chart) in chart
    order, then their reports, level by level, each manager's reports in chart order. Positions
    on or below a reporting cycle have no such order and are left out (see :func:`unreachable`).

    Examples:
        >>> from orgroles import OrgChart
        >>> topological_order(OrgChart([{"id": "pm", "role": "pm", "reports_to": "cpo"},
        ...     {"id": "cpo", "role": "cpo", "reports_to": "ceo"}, {"id": "ceo", "role": "ceo"}]))
        ['ceo', 'cpo', 'pm']
    """
    index = chart._reporting_index()
    ids = index.ids
    return [ids[p] for p in index.order()]


def depths(chart: OrgChart, *, roots: Iterable[str] | None = None) -> dict[str, int]:
    """How many solid lines below its top each reached position sits (a top is 0).

    Args:
        chart: the chart.
        roots: the tops to measure from, instead of the chart's roots and the positions whose
            manager is not in the chart; only they and the positions below them are measured.
            A position below two of them is measured from the nearer.

    Returns:
        ``id -> depth`` in chart order (breadth-first order for given ``roots``); positions that
        no top reaches (on or below a cycle, or outside the given tops) are left out.

    Raises:
        UnknownPositionError: a given root is not in the chart.

    Examples:
        >>> from orgroles import OrgChart
        >>> chart = OrgChart([{"id": "ceo", "role": "ceo"},
        ...     {"id": "cpo", "role": "cpo", "reports_to": "ceo"},
        ...     {"id": "pm", "role": "pm", "reports_to": "cpo"}])
        >>> depths(chart)
        {'ceo': 0, 'cpo': 1, 'pm': 2}
        >>> depths(chart, roots=["cpo"])
        {'cpo': 0, 'pm': 1}
    """
    index = chart._reporting_index()
    ids = index.ids
    if roots is None:
        # Chart order: no breadth-first walk is needed when managers come first.
        return {ids[p]: d for p, d in enumerate(index.depths()) if d >= 0}
    found: dict[int, int] = {}
    level = [_at(chart, index, root) for root in roots]
    distance = 0
    while level:
        next_level: list[int] = []
        for position in level:
            if position not in found:
                found[position] = distance
                next_level.extend(index.children(position))
        level = next_level
        distance += 1
    return {ids[p]: d for p, d in found.items()}


def find_cycles(chart: OrgChart) -> list[tuple[str, ...]]:
    """Every solid-line reporting cycle, a position reporting to itself included.

    Each cycle is in reporting order (each position reports to the next, the last to the
    first) starting at its smallest id, so the answer does not depend on where a walk began;
    cycles come in the order of those smallest ids' first appearance in the chart.

    Examples:
        >>> from orgroles import OrgChart
        >>> chart = OrgChart([{"id": "c", "role": "pm", "reports_to": "a"},
        ...     {"id": "a", "role": "pm", "reports_to": "b"},
        ...     {"id": "b", "role": "pm", "reports_to": "c"},
        ...     {"id": "me", "role": "pm", "reports_to": "me"}])
        >>> find_cycles(chart)
        [('a', 'b', 'c'), ('me',)]
    """
    index = chart._reporting_index()
    ids = index.ids
    return [tuple(ids[p] for p in cycle) for cycle in index.cycles()]


def unreachable(chart: OrgChart) -> list[str]:
    """Positions on or below a reporting cycle, in chart order: no top reaches them.

    Examples:
        >>> from orgroles import OrgChart
        >>> unreachable(OrgChart([{"id": "ceo", "role": "ceo"},
        ...     {"id": "x", "role": "pm", "reports_to": "y"},
        ...     {"id": "y", "role": "pm", "reports_to": "x"},
        ...     {"id": "z", "role": "pm", "reports_to": "y"}]))
        ['x', 'y', 'z']
    """
    index = chart._reporting_index()
    ids = index.ids
    return [ids[p] for p in index.unreachable()]


def is_tree(chart: OrgChart) -> bool:
    """Whether the solid lines form one tree: a single root that everyone reports up to.

    Examples:
        >>> from orgroles import OrgChart
        >>> chart = OrgChart([{"id": "a", "role": "ceo"}, {"id": "b", "role": "pm",
        ...     "reports_to": "a"}])
        >>> is_tree(chart), is_tree(OrgChart()), is_tree(OrgChart([{"id": "b", "role": "pm",
        ...     "reports_to": "gone"}]))
        (True, False, False)
    """
    index = chart._reporting_index()
    return len(index.roots()) == 1 and not index.missing_manager() and not index.unreachable()


def subtree_sizes(chart: OrgChart) -> dict[str, int]:
    """Each position's subtree size: itself and everyone below it.

    A position on a cycle counts the whole cycle and all that hangs below it, once.

    Examples:
        >>> from orgroles import OrgChart
        >>> subtree_sizes(OrgChart([{"id": "a", "role": "ceo"},
        ...     {"id": "b", "role": "cpo", "reports_to": "a"},
        ...     {"id": "c", "role": "pm", "reports_to": "b"}]))
        {'a': 3, 'b': 2, 'c': 1}
    """
    index = chart._reporting_index()
    return dict(zip(index.ids, index.subtree_sizes(), strict=True))


def inherited(chart: OrgChart, field: str) -> dict[str, Any]:
    """Each position's own value of a field, or else its nearest manager's that has one.

    For fields that may be left empty (``unit``, ``title``, ``name``): a team without a unit
    of its own belongs to its manager's unit. The walk up stops at a root, a missing manager
    or, on a cycle, after going round once; ``None`` when nobody on the way has a value.

    Args:
        chart: the chart.
        field: a :class:`~orgroles.Position` field name.

    Returns:
        ``id -> value`` for every position, in chart order.

    Raises:
        ValueError: ``field`` is not a position field.

    Examples:
        >>> from orgroles import OrgChart
        >>> chart = OrgChart([{"id": "ceo", "role": "ceo"},
        ...     {"id": "dir", "role": "director", "reports_to": "ceo", "unit": "Payments"},
        ...     {"id": "pm", "role": "pm", "reports_to": "dir"}])
        >>> inherited(chart, "unit")
        {'ceo': None, 'dir': 'Payments', 'pm': 'Payments'}
    """
    if field not in POSITION_FIELDS:
        raise ValueError(
            f"{field!r} is not a position field; choose from: {', '.join(POSITION_FIELDS)}"
        )
    index = chart._reporting_index()
    own = chart._column(field)
    parent = index.parent
    value: list[Any] = list(own)
    flags = index.on_cycle() if index.unreachable() else bytearray(len(index))
    for cycle in index.cycles():
        # Each member reports to the next: walking the cycle backwards twice carries the
        # nearest value up the line round to every member, the first ones included.
        carried = None
        for member in (*reversed(cycle), *reversed(cycle)):
            if own[member] is not None:
                carried = own[member]
            value[member] = own[member] if own[member] is not None else carried
    for position in index.top_down():  # managers first: each takes its settled manager's value
        manager = parent[position]
        if value[position] is None and manager >= 0 and not flags[position]:
            value[position] = value[manager]
    return dict(zip(index.ids, value, strict=True))
