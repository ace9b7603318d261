"""What every rule reads about a chart: its columns and reporting index, and what they share.

Built once per ``validate`` run and handed to each rule in its ``RuleRun`` (a rule called on its
own builds its own), on the chart's own reporting index and columns: no second walk, and no
Position object per position. Everything is computed on first use, in chart order, by integer
position, mostly in C (``map``, ``zip``, ``compress``, ``Counter``), so the cost per position
stays flat from a thousand positions to a million. The product scope is worked out per variant.
"""

from __future__ import annotations

from array import array
from collections import Counter
from itertools import compress, repeat
from operator import eq
from typing import TYPE_CHECKING, Any

from orgroles._roles import Role
from orgroles._variants import PM_ROLES

if TYPE_CHECKING:
    from collections.abc import Container, Sequence

    from orgroles._index import ReportingIndex
    from orgroles._variants import Variant
    from orgroles.chart import OrgChart

__all__ = ["ChartIndex", "ProductScope"]


class ChartIndex:
    """What the rules need to know about one chart, whatever variant judges it.

    Positions are the integers of the chart's reporting index (chart order); ``ids[i]`` is the
    id of position ``i``, ``parent[i]`` its manager's position (-1 none, -2 an id not in the
    chart, ``i`` itself for a self-report).

    Attributes:
        chart: the chart.
        reporting: the chart's reporting index.
        ids: position ids in chart order.
        parent: each position's manager position.
        cache: results several rules share, computed by the first that needs them.
    """

    __slots__ = (
        "_columns",
        "_cycles",
        "_in_cycle",
        "_manager_roles",
        "_role_counts",
        "_roles",
        "_scopes",
        "_spans",
        "cache",
        "chart",
        "ids",
        "parent",
        "reporting",
    )

    def __init__(self, chart: OrgChart) -> None:
        self.chart = chart
        self.reporting: ReportingIndex = chart._reporting_index()
        self.ids: Sequence[str] = self.reporting.ids
        self.parent: array[int] = self.reporting.parent
        self.cache: dict[str, object] = {}
        self._columns: dict[str, Sequence[Any]] = {}
        self._roles: dict[str, Role | None] = {}
        self._scopes: dict[int, ProductScope] = {}
        self._cycles: list[tuple[int, ...]] | None = None
        self._in_cycle: bytearray | None = None
        self._manager_roles: list[str | None] | None = None
        self._role_counts: Counter[str] | None = None
        self._spans: Sequence[int] | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def column(self, field: str) -> Sequence[Any]:
        """One position field's values in chart order (``role``, ``name``, ``dotted_to``...)."""
        found = self._columns.get(field)
        if found is None:
            found = self._columns[field] = self.chart._column(field)
        return found

    @property
    def roles(self) -> Sequence[str]:
        """Each position's role key."""
        return self.column("role")

    def unnamed(self) -> list[int]:
        """The positions without a holder's name (vacant seats), in chart order.

        A bulk import that kept the names in their columnar form answers without them.
        """
        found = self.cache.get("unnamed")
        if found is None:
            found = self.cache["unnamed"] = self.chart._missing("name")
        return found  # type: ignore[return-value]  # stored just above

    def position_of(self) -> dict[str, int]:
        """``id -> position``."""
        return self.reporting.position_of()

    # -- structure ------------------------------------------------------------------------------

    @property
    def cycles(self) -> list[tuple[int, ...]]:
        """Each solid-line cycle of two or more positions.

        Each is in reporting order (each reports to the next) from its smallest id; cycles are
        ordered by where that id is in the chart.
        """
        if self._cycles is None:
            self._cycles = [cycle for cycle in self.reporting.cycles() if len(cycle) > 1]
        return self._cycles

    def self_reports(self) -> list[int]:
        """Positions that report to themselves, in chart order."""
        return [cycle[0] for cycle in self.reporting.cycles() if len(cycle) == 1]

    def in_cycle(self) -> bytearray:
        """A flag per position on a cycle of two or more: lines there are ``cycle``'s finding."""
        if self._in_cycle is None:
            flags = bytearray(len(self.ids))
            for cycle in self.cycles:
                for member in cycle:
                    flags[member] = 1
            self._in_cycle = flags
        return self._in_cycle

    def manager_roles(self) -> list[str | None]:
        """Each position's manager's role: ``None`` for none, a missing manager or itself."""
        if self._manager_roles is None:
            # Two sentinels make parent -1 and -2 read None, all in C; a self-report is
            # rare, so it is cleared afterwards.
            extended: list[str | None] = [*self.roles, None, None]
            found = list(map(extended.__getitem__, self.parent))
            for member in self.self_reports():
                found[member] = None
            self._manager_roles = found
        return self._manager_roles

    def line_counts(self) -> Counter[tuple[str | None, str]]:
        """How many lines of each kind: (manager's role or ``None``, role) -> positions.

        Rules and the choice of a variant judge a kind of line once, not each position.
        """
        found = self.cache.get("line_counts")
        if found is None:
            found = self.cache["line_counts"] = Counter(
                zip(self.manager_roles(), self.roles, strict=True)
            )
        return found  # type: ignore[return-value]  # stored just above

    def with_line_kinds(self, kinds: Container[tuple[str | None, str]]) -> list[int]:
        """The positions whose (manager's role, role) pair is one of ``kinds``, in chart order."""
        lines = zip(self.manager_roles(), self.roles, strict=True)
        return list(compress(range(len(self.ids)), map(kinds.__contains__, lines)))

    def spans(self) -> Sequence[int]:
        """Each position's direct reports, assistants and a self-report not counted."""
        if self._spans is None:
            uncounted = [*self.set_in("assistant"), *self.self_reports()]
            if not uncounted:
                self._spans = self.child_counts()  # the usual chart: no copy of a long list
                return self._spans
            spans = list(self.child_counts())
            parent = self.parent
            for report in uncounted:
                if parent[report] >= 0:
                    spans[parent[report]] -= 1
            self._spans = spans
        return self._spans

    def set_in(self, field: str) -> list[int]:
        """The positions whose ``field`` is set (``assistant``, ``dotted_to``), in chart order.

        A bulk import without that column answers at once, without a pass over the positions.
        """
        key = f"set_in:{field}"
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = self.chart._set_in(field)
        return found  # type: ignore[return-value]  # stored just above

    def child_counts(self) -> Sequence[int]:
        """Each position's direct reports, everyone counted (assistants, itself)."""
        return self.reporting.child_counts()

    def managers(self) -> list[int]:
        """Positions with at least one counted report, in chart order."""
        return list(compress(range(len(self.ids)), self.spans()))

    def reports(self, position: int) -> list[int]:
        """The direct reports of a position, in chart order, assistants and itself left out."""
        offsets, children = self.reporting._csr()
        found = children[offsets[position] : offsets[position + 1]].tolist()
        if self._has_assistants() or position in found:
            assistant = self.column("assistant")
            found = [r for r in found if r != position and not assistant[r]]
        return found

    def _has_assistants(self) -> bool:
        return bool(self.set_in("assistant"))

    def role_counts(self) -> Counter[str]:
        """Positions per role key."""
        if self._role_counts is None:
            self._role_counts = self.chart._role_counts()
        return self._role_counts

    def with_roles(self, keys: set[str] | frozenset[str]) -> list[int]:
        """The positions whose role is one of ``keys``, in chart order."""
        return list(compress(range(len(self.ids)), map(keys.__contains__, self.roles)))

    def role(self, key: str) -> Role | None:
        """The role for a key from the chart's catalog (``None`` if the catalog lacks it)."""
        try:
            return self._roles[key]
        except KeyError:
            found = self.chart.roles.get(key)
            self._roles[key] = found
            return found

    def employees(self) -> int | None:
        """The head count the chart states (``attributes: {employees: N}``), or ``None``."""
        value: Any = self.chart.attributes.get("employees")
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        return None

    def pm_count(self) -> int:
        """Positions with a PM-track role (vacancies included: they are planned PMs)."""
        counts = self.role_counts()
        return sum(counts[role] for role in PM_ROLES)

    def scope(self, variant: Variant) -> ProductScope:
        """The product org as ``variant`` sees it (its top leaders and layers), computed once."""
        found = self._scopes.get(id(variant))
        if found is None or found.variant is not variant:
            found = self._scopes[id(variant)] = ProductScope(self, variant)
        return found


class ProductScope:
    """The product org inside a chart as one variant sees it: where it starts, and its layers.

    Attributes:
        variant: the variant.
        tops: the product org's top positions, in the order the top-down walk meets them: top
            leaders, or (when the chart has none) the first positions below the roles the top
            leader would report to. A company judgement takes the whole chart: its tops are
            the starts of the walk (roots, and positions whose manager is not in the chart).
        has_top_leader: whether ``tops`` are real top leaders.
        cache: results several rules share for this variant.

    The members and each top's layers are worked out when a rule first asks for them.
    """

    __slots__ = ("_index", "_layers", "_members", "cache", "has_top_leader", "tops", "variant")

    def __init__(self, index: ChartIndex, variant: Variant) -> None:
        self.variant = variant
        self.cache: dict[str, object] = {}
        self._index = index
        self._members: bytearray | None = None
        self._layers: dict[int, list[list[int]]] = {}
        if variant.scope == "company":
            # Every role starts a company's org, so every start of the walk is a top.
            self.tops = index.reporting.starts()
            self.has_top_leader = bool(len(index))
            return
        counts = index.role_counts()
        top_roles = frozenset(variant.top_leader)
        has_top_leader = any(counts[role] for role in top_roles)
        # Whether each position starts the product org, judged once per role and looked up
        # per position in C: the walk below then reads a flag, not a role.
        if has_top_leader:
            flag_of = {key: key in top_roles for key in counts}
            starts = list(map(flag_of.__getitem__, index.roles))
        else:
            above = frozenset(variant.top_leader_reports_to)
            flag_of = {key: key not in above for key in counts}
            starts = list(map(flag_of.__getitem__, index.roles))
            for aside in index.set_in("assistant"):
                starts[aside] = False

        offsets, children = index.reporting._csr()
        tops: list[int] = []
        # Level by level from the starts: a position outside the product org that starts it
        # is a top, and its subtree is the top's; only the part above the tops is judged one
        # position at a time.
        outside = index.reporting.starts()
        while outside:
            below: list[int] = []
            for p in outside:
                if starts[p]:
                    tops.append(p)
                else:
                    low, high = offsets[p], offsets[p + 1]
                    if low != high:
                        below.extend(children[low:high])
            outside = below
        self.tops = tops
        self.has_top_leader = has_top_leader

    @property
    def members(self) -> bytearray:
        """A flag per position: 1 in the product org (the tops and everyone below)."""
        if self._members is None:
            self._members = self._find_members()
        return self._members

    def _find_members(self) -> bytearray:
        reporting, count = self._index.reporting, len(self._index)
        if self.tops == reporting.starts():
            # The tops are where the walk starts: the members are all it reaches, which is
            # everyone when no reporting line goes round in a cycle.
            if not reporting.unreachable():
                return bytearray(b"\x01") * count
            members = bytearray(b"\x01") * count
            for p in reporting.unreachable():
                members[p] = 0
            return members
        members = bytearray(count)
        for top in self.tops:
            for level in self.layers(top):
                for p in level:
                    members[p] = 1
        return members

    def layers(self, top: int) -> list[list[int]]:
        """One top's layers, top down: ``[[top], its reports, their reports, ...]``."""
        found = self._layers.get(top)
        if found is None:
            offsets, children = self._index.reporting._csr()
            found = self._layers[top] = []
            level = [top]
            while level:
                found.append(level)
                deeper: list[int] = []
                for p in level:
                    low, high = offsets[p], offsets[p + 1]
                    if low != high:
                        deeper.extend(children[low:high])
                level = deeper
        return found

    def layer_count(self, top: int) -> int:
        """How many layers one top has, itself the first.

        The chart's one top with managers listed before their reports (a whole-company
        export) is answered from the depths, which the reporting index may have from its
        importer, without gathering the layers.
        """
        if self._from_depths(top):
            return max(self._index.reporting.depths()) + 1
        return len(self.layers(top))

    def last_layer(self, top: int) -> list[int]:
        """The positions of one top's last layer, in chart order."""
        if self._from_depths(top):
            depths = self._index.reporting.depths()
            bottom = max(depths)
            return list(compress(range(len(depths)), map(eq, depths, repeat(bottom))))
        return sorted(self.layers(top)[-1])

    def _from_depths(self, top: int) -> bool:
        reporting = self._index.reporting
        return reporting.starts() == [top] and reporting.managers_first()
