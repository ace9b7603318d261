"""One pass over a chart that every rule shares: reports, roots, cycles, depths, product scope.

Built once per ``validate`` run and handed to each rule in its ``RuleRun`` (a rule called on its
own builds its own); the structure needs no variant, the product scope is worked out per variant.
Everything is iterative and linear in the number of positions. Nothing here builds a networkx
graph.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from orgroles.roles import Role
from orgroles.variants import PM_ROLES

if TYPE_CHECKING:
    from orgroles.chart import OrgChart
    from orgroles.position import Position
    from orgroles.variants import Variant

__all__ = ["ChartIndex", "ProductScope"]


class ChartIndex:
    """What the rules need to know about one chart, whatever variant judges it.

    Attributes:
        positions: in chart order.
        by_id: id -> position.
        reports: manager id -> direct reports (assistants too) in chart order; the key may be
            an id that is not in the chart.
        roots: positions with no manager.
        cycles: each solid-line cycle of two or more positions, in reporting order (each
            reports to the next), starting at its smallest id so it does not depend on order.
        in_cycle: ids on a solid-line cycle: rules about one line leave those lines to ``cycle``.
        order: positions reachable top-down from a root or from a position whose manager is
            missing, parents before children (breadth first).
        depth: id -> distance from that start, for positions in ``order``.
        cache: results several rules share, computed by the first that needs them.
    """

    __slots__ = (
        "_roles",
        "_scopes",
        "_spans",
        "by_id",
        "cache",
        "chart",
        "cycles",
        "depth",
        "in_cycle",
        "order",
        "positions",
        "reports",
        "roots",
    )

    def __init__(self, chart: OrgChart) -> None:
        self.chart = chart
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
        self._scopes: dict[int, ProductScope] = {}
        self.cache: dict[str, object] = {}
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
        by_id, reports = self.by_id, self.reports
        order: list[Position] = [
            p for p in self.positions if p.reports_to is None or p.reports_to not in by_id
        ]
        depth = dict.fromkeys((p.id for p in order), 0)
        # Iterating a list while appending to it is a breadth-first walk without recursion.
        for position in order:
            pid = position.id
            children = reports.get(pid)
            if not children:
                continue
            next_depth = depth[pid] + 1
            for child in children:
                if child.id != pid:
                    depth[child.id] = next_depth
                    order.append(child)
        self.order = order
        self.depth = depth

    # -- derived, computed on first use ----------------------------------------------------------

    def scope(self, variant: Variant) -> ProductScope:
        """The product org as ``variant`` sees it (its top leaders and layers), computed once."""
        found = self._scopes.get(id(variant))
        if found is None or found.variant is not variant:
            found = self._scopes[id(variant)] = ProductScope(self, variant)
        return found

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


class ProductScope:
    """The product org inside a chart as one variant sees it: where it starts, and its layers.

    Attributes:
        variant: the variant.
        tops: the product org's top positions: top leaders, or (when the chart has none) the
            first positions below the roles the top leader would report to.
        has_top_leader: whether ``tops`` are real top leaders.
        layer: id -> layer inside the product org (its top is layer 1), for positions in scope.
        top_of: id -> the top the position sits under, for positions in scope.
        cache: results several rules share for this variant.
    """

    __slots__ = ("cache", "has_top_leader", "layer", "top_of", "tops", "variant")

    def __init__(self, index: ChartIndex, variant: Variant) -> None:
        self.variant = variant
        self.cache: dict[str, object] = {}
        top_roles = frozenset(variant.top_leader)
        above = frozenset(variant.top_leader_reports_to)
        has_top_leader = any(p.role in top_roles for p in index.positions)
        reports = index.reports
        layer: dict[str, int] = {}
        top_of: dict[str, str] = {}
        tops: list[str] = []
        # The index's order has parents before children, so one pass hands each top down.
        for position in index.order:
            pid = position.id
            top = top_of.get(pid)
            if top is None:
                starts = (
                    position.role in top_roles
                    if has_top_leader
                    else position.role not in above and not position.assistant
                )
                if not starts:
                    continue
                top_of[pid] = top = pid
                layer[pid] = 1
                tops.append(pid)
            children = reports.get(pid)
            if children:
                next_layer = layer[pid] + 1
                for child in children:
                    if child.id != pid:
                        top_of[child.id] = top
                        layer[child.id] = next_layer
        self.tops = tops
        self.has_top_leader = has_top_leader
        self.layer = layer
        self.top_of = top_of
