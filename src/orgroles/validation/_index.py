"""One pass over a chart that every rule shares: reports, roots, cycles, depths, product scope.

Built once per ``validate`` run (rules called on their own build their own). Everything is
iterative and linear in the number of positions, so a 10,000-deep chain or a 1,000,000-position
org costs no recursion and no quadratic step. Nothing here builds a networkx graph.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING

from orgroles.roles import Role
from orgroles.variants import PM_ROLES, Variant, get_variant

if TYPE_CHECKING:
    from orgroles.chart import OrgChart
    from orgroles.position import Position

__all__ = ["ChartIndex", "index_for", "resolve_variant"]


class ChartIndex:
    """What the rules need to know about one chart judged against one variant.

    Attributes:
        positions: in chart order.
        by_id: id -> position.
        reports: manager id -> direct reports (assistants too) in chart order; the key may be
            an id that is not in the chart.
        roots: positions with no manager.
        cycles: each solid-line cycle of two or more positions, in reporting order (each
            reports to the next), starting at its smallest id so it does not depend on order.
        order: positions reachable top-down from a root or from a position whose manager is
            missing, parents before children (breadth first).
        depth: id -> distance from that start, for positions in ``order``.
        tops: the product org's top positions: top leaders, or (when the chart has none) the
            first positions below the roles the top leader would report to.
        has_top_leader: whether ``tops`` are real top leaders.
        layer: id -> layer inside the product org (its top is layer 1), for positions in scope.
        top_of: id -> the top the position sits under, for positions in scope.
    """

    __slots__ = (
        "_roles",
        "_spans",
        "by_id",
        "cache",
        "chart",
        "cycles",
        "depth",
        "has_top_leader",
        "in_cycle",
        "layer",
        "order",
        "positions",
        "reports",
        "roots",
        "top_of",
        "tops",
        "variant",
    )

    def __init__(self, chart: OrgChart, variant: Variant) -> None:
        self.chart = chart
        self.variant = variant
        positions = list(chart)
        self.positions = positions
        by_id = {p.id: p for p in positions}
        self.by_id = by_id
        reports: dict[str, list[Position]] = {}
        roots: list[Position] = []
        for position in positions:
            manager = position.reports_to
            if manager is None:
                roots.append(position)
            elif manager in reports:
                reports[manager].append(position)
            else:
                reports[manager] = [position]
        self.reports = reports
        self.roots = roots
        self._roles: dict[str, Role | None] = {}
        self._spans: dict[str, int] | None = None
        self.cache: dict[str, object] = {}
        """Results several rules share, computed by the first that needs them."""
        self._walk()
        # The top-down walk reaches everyone whose chain of managers ends; the others are on a
        # cycle or below one. So only they need the walk up, and most charts skip it entirely.
        unreached = (
            [p for p in positions if p.id not in self.depth]
            if len(self.order) < len(positions)
            else []
        )
        self.cycles = self._find_cycles(unreached)
        self.in_cycle: frozenset[str] = frozenset(m for cycle in self.cycles for m in cycle)
        """Ids on a solid-line cycle: rules about one line leave those lines to ``cycle``."""

    def _find_cycles(self, unreached: list[Position]) -> list[list[str]]:
        # Each position has at most one manager, so walking up from every unvisited position
        # and stamping it with the walk's number finds every cycle once, in linear time. A walk
        # up from an unreached position meets only unreached ones (a reached manager would
        # have made it reached), so the cycles and their order are those of all positions.
        by_id = self.by_id
        walk_of: dict[str, int] = {}
        cycles: list[list[str]] = []
        for walk, position in enumerate(unreached):
            if position.id in walk_of:
                continue
            path: list[str] = []
            current: str | None = position.id
            while current is not None and current not in walk_of and current in by_id:
                walk_of[current] = walk
                path.append(current)
                current = by_id[current].reports_to
            if current is not None and walk_of.get(current) == walk:
                cycle = path[path.index(current) :]
                if len(cycle) > 1:
                    start = cycle.index(min(cycle))
                    cycles.append(cycle[start:] + cycle[:start])
        return cycles

    def _walk(self) -> None:
        by_id, reports, variant = self.by_id, self.reports, self.variant
        top_roles = frozenset(variant.top_leader)
        above = frozenset(variant.top_leader_reports_to)
        has_top_leader = any(p.role in top_roles for p in self.positions)
        order: list[Position] = [
            p for p in self.positions if p.reports_to is None or p.reports_to not in by_id
        ]
        depth = dict.fromkeys((p.id for p in order), 0)
        layer: dict[str, int] = {}
        top_of: dict[str, str] = {}
        tops: list[str] = []
        # Iterating a list while appending to it is a breadth-first walk without recursion.
        for position in order:
            pid = position.id
            top = top_of.get(pid)
            if top is None:
                starts = (
                    position.role in top_roles
                    if has_top_leader
                    else position.role not in above and not position.assistant
                )
                if starts:
                    top_of[pid] = top = pid
                    layer[pid] = 1
                    tops.append(pid)
            children = reports.get(pid)
            if not children:
                continue
            next_depth = depth[pid] + 1
            for child in children:
                cid = child.id
                if cid == pid:
                    continue
                depth[cid] = next_depth
                if top is not None:
                    top_of[cid] = top
                    layer[cid] = layer[pid] + 1
                order.append(child)
        self.order = order
        self.depth = depth
        self.layer = layer
        self.top_of = top_of
        self.tops = tops
        self.has_top_leader = has_top_leader

    # -- derived, computed on first use ----------------------------------------------------------

    def role(self, key: str) -> Role | None:
        """The role for a key from the chart's catalog (``None`` if the catalog lacks it)."""
        try:
            return self._roles[key]
        except KeyError:
            found = self.chart.roles.get(key)
            self._roles[key] = found
            return found

    def spans(self) -> dict[str, int]:
        """Manager id -> direct reports, assistants not counted (managers with none left out)."""
        if self._spans is None:
            spans: dict[str, int] = {}
            for manager, reports in self.reports.items():
                count = 0
                for report in reports:
                    if not report.assistant and report.id != manager:
                        count += 1
                if count:
                    spans[manager] = count
            self._spans = spans
        return self._spans

    def pm_count(self) -> int:
        """Positions with a PM-track role (vacancies included: they are planned PMs)."""
        pm_roles = frozenset(PM_ROLES)
        return sum(1 for p in self.positions if p.role in pm_roles)


_CURRENT: ContextVar[ChartIndex | None] = ContextVar("orgroles_validation_index", default=None)


def index_for(chart: OrgChart, variant: Variant) -> ChartIndex:
    """The index of the running ``validate`` call for this chart and variant, or a new one."""
    current = _CURRENT.get()
    if current is not None and current.chart is chart and current.variant is variant:
        return current
    return ChartIndex(chart, variant)


def resolve_variant(chart: OrgChart, variant: Variant | str | None) -> Variant:
    """A rule's variant argument as a :class:`Variant` (``None``: the chart's, else auto)."""
    if isinstance(variant, Variant):
        return variant
    if variant is not None and variant != "auto":
        return get_variant(variant)
    if chart.variant is not None:
        return get_variant(chart.variant)
    from orgroles.validation.choose import choose_variant  # noqa: PLC0415  # choose imports us

    return choose_variant(chart)[0]
