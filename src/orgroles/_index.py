"""The compact reporting index: integer positions, a parent array and children in contiguous order.

It owns the structure of the solid reporting lines of one chart state and the facts derived from
it (roots, breadth-first order, depths, cycles, subtree sizes), each computed once, on first use,
without recursion. It knows ids and integers only: no Position, role, file format or renderer.
"""

from __future__ import annotations

import operator
from array import array
from collections import Counter
from collections.abc import Sequence
from itertools import accumulate, repeat
from typing import Final

__all__ = ["MISSING_MANAGER", "NO_MANAGER", "ReportingIndex"]

NO_MANAGER: Final = -1
"""Parent of a root: a position with no solid-line manager."""
MISSING_MANAGER: Final = -2
"""Parent of a position whose manager id is not in the chart."""


class ReportingIndex:
    """The solid reporting lines of one chart state, by integer position in chart order.

    Position ``i`` is the ``i``-th position of the chart; ``parent[i]`` is its manager's
    position, or :data:`NO_MANAGER` (-1, a root), or :data:`MISSING_MANAGER` (-2, its manager
    id is not in the chart). A position reporting to itself has ``parent[i] == i``. Everything
    else is derived on first use and kept: the index is immutable, and a chart builds a new one
    after any change.

    Args:
        ids: position ids in chart order, all distinct.
        parent: one entry per id, as above (a list or an ``array('q')``; it is not copied
            when it is an ``array('q')``, so the caller must not change it afterwards).
        position_of: ``id -> position``, when the caller has it already (it is not checked).
            Without it the dict is built on first lookup (hashing a million ids takes about
            half a second, which a bulk import that never looks an id up need not spend).
        children: the reports of every position, when a bulk builder worked them out in
            bulk: ``(offsets, children, roots, missing)`` as :meth:`_csr` and :meth:`roots`
            and :meth:`missing_manager` give them (not checked).
        managers_first: whether every manager comes before its reports, when known.
        child_counts: each position's number of reports as :meth:`child_counts` gives it,
            when a bulk builder worked them out in bulk (not checked).

    Raises:
        ValueError: ``parent`` has another length than ``ids``, or an entry out of range.

    Examples:
        >>> ids = ["ceo", "cpo", "pm", "x"]
        >>> index = ReportingIndex.from_managers(ids, [None, "ceo", "cpo", "gone"])
        >>> list(index.parent)
        [-1, 0, 1, -2]
        >>> index.children(0), index.roots(), index.depth(2), index.depth(3)
        ([1], [0], 2, 0)
    """

    __slots__ = (
        "_child_counts",
        "_children",
        "_cycles",
        "_depth",
        "_forward",
        "_missing",
        "_offsets",
        "_order",
        "_position_of",
        "_roots",
        "_sizes",
        "ids",
        "parent",
    )

    def __init__(
        self,
        ids: Sequence[str],
        parent: Sequence[int],
        *,
        position_of: dict[str, int] | None = None,
        children: tuple[array[int], array[int], list[int], list[int]] | None = None,
        managers_first: bool | None = None,
        child_counts: array[int] | None = None,
    ) -> None:
        count = len(ids)
        if len(parent) != count:
            raise ValueError(f"{len(parent)} parents for {count} ids")
        parents = (
            parent if isinstance(parent, array) and parent.typecode == "q" else array("q", parent)
        )
        # A bulk builder that grouped the reports proved the parents in range as it did.
        if count and children is None and (min(parents) < MISSING_MANAGER or max(parents) >= count):
            raise ValueError("a parent is out of range")
        self.ids: Final = ids
        """Position ids in chart order."""
        self.parent: Final[array[int]] = parents
        """Each position's manager position, or NO_MANAGER / MISSING_MANAGER."""
        self._position_of = position_of
        self._offsets: array[int] | None = None
        self._children: array[int] | None = None
        self._roots: list[int] = []
        self._missing: list[int] = []
        self._order: list[int] | None = None
        self._depth: list[int] | None = None
        self._child_counts: array[int] | None = child_counts
        self._forward: bool | None = managers_first
        if children is not None:
            self._offsets, self._children, self._roots, self._missing = children
        self._cycles: list[tuple[int, ...]] | None = None
        self._sizes: array[int] | None = None

    @classmethod
    def from_managers(cls, ids: Sequence[str], managers: Sequence[str | None]) -> ReportingIndex:
        """The index of positions given by their ids and their managers' ids (``None``: a root).

        Raises:
            ValueError: two positions share an id, or the lengths differ.

        Examples:
            >>> index = ReportingIndex.from_managers(["a", "b"], [None, "a"])
            >>> index.position("b"), list(index.parent)
            (1, [-1, 0])
        """
        if len(managers) != len(ids):
            raise ValueError(f"{len(managers)} managers for {len(ids)} ids")
        position_of = dict(zip(ids, range(len(ids)), strict=True))
        if len(position_of) != len(ids):
            raise ValueError("two positions share an id")
        get = position_of.get
        parent = array(
            "q",
            [
                NO_MANAGER if manager is None else get(manager, MISSING_MANAGER)
                for manager in managers
            ],
        )
        return cls(ids, parent, position_of=position_of)

    def __len__(self) -> int:
        return len(self.ids)

    # -- lookups -----------------------------------------------------------------------------

    def position(self, position_id: str) -> int:
        """The integer position of an id (``KeyError`` if it is not in the chart)."""
        return self.position_of()[position_id]

    def position_of(self) -> dict[str, int]:
        """``id -> position`` for every position (built on first use)."""
        if self._position_of is None:
            found = dict(zip(self.ids, range(len(self.ids)), strict=True))
            if len(found) != len(self.ids):
                raise ValueError("internal error: two positions share an id")
            self._position_of = found
        return self._position_of

    def _csr(self) -> tuple[array[int], array[int]]:
        """Offsets and children: ``p``'s reports are ``children[offsets[p]:offsets[p + 1]]``."""
        if self._offsets is None or self._children is None:
            parent, count = self.parent, len(self.ids)
            # A stable sort by parent lists every manager's reports together, in chart order,
            # in C; the roots (-1) and the positions with a missing manager (-2) come first.
            ranked = sorted(range(count), key=parent.__getitem__)
            counts = Counter(parent)
            missing = counts.get(MISSING_MANAGER, 0)
            unmanaged = missing + counts.get(NO_MANAGER, 0)
            self._missing = ranked[:missing]
            self._roots = ranked[missing:unmanaged]
            self._children = array("q", ranked[unmanaged:])
            self._offsets = array(
                "q", accumulate(map(counts.get, range(count), repeat(0)), initial=0)
            )
        return self._offsets, self._children

    def children(self, position: int) -> list[int]:
        """The direct reports of a position, in chart order (itself too if it reports to itself)."""
        offsets, children = self._csr()
        return children[offsets[position] : offsets[position + 1]].tolist()

    def child_count(self, position: int) -> int:
        """How many positions report directly to this one."""
        offsets, _ = self._csr()
        return offsets[position + 1] - offsets[position]

    def child_counts(self) -> array[int]:
        """How many positions report directly to each one (itself too if it reports to itself)."""
        if self._child_counts is None:
            offsets, _ = self._csr()
            # Differences of the children offsets, in C and in order: no hashing per position.
            self._child_counts = array("q", map(operator.sub, offsets[1:], offsets[:-1]))
        return self._child_counts

    def roots(self) -> list[int]:
        """Positions with no manager, in chart order."""
        self._csr()
        return list(self._roots)

    def missing_manager(self) -> list[int]:
        """Positions whose manager id is not in the chart, in chart order."""
        self._csr()
        return list(self._missing)

    def starts(self) -> list[int]:
        """Where the top-down walk starts: roots and positions with a missing manager, in order."""
        self._csr()
        return sorted(self._roots + self._missing)

    # -- walks ---------------------------------------------------------------------------------

    def order(self) -> list[int]:
        """Every position a start reaches, parents before children (breadth first).

        Those left out sit on a reporting cycle or below one.
        """
        if self._order is None:
            offsets, children = self._csr()
            order = self.starts()
            extend = order.extend
            # A list extended while it is iterated is a breadth-first walk without a queue.
            # Each position has one parent, so nobody is reached twice and no "seen" set is
            # needed: a cycle simply is never entered.
            for position in order:
                low, high = offsets[position], offsets[position + 1]
                if low != high:
                    extend(children[low:high])
            self._order = order
        return self._order

    def depths(self) -> list[int]:
        """Each position's distance from its start (0 for a start); -1 on or below a cycle."""
        if self._depth is None:
            # A list, not an array: depths are small cached ints, and storing into a list
            # stays as cheap per position at a million positions as at a thousand (an
            # array's store did not, measured).
            depth = [0] * len(self.ids)
            parent = self.parent
            if self.managers_first():
                # Chart order is already managers before reports: one pass, no walk at all.
                for position, manager in enumerate(parent):
                    if manager >= 0:
                        depth[position] = depth[manager] + 1
            else:
                order = self.order()
                for position in order[len(self.starts()) :]:
                    depth[position] = depth[parent[position]] + 1
                if len(order) < len(self.ids):
                    reached = bytearray(len(self.ids))
                    for position in order:
                        reached[position] = 1
                    for position in range(len(self.ids)):
                        if not reached[position]:
                            depth[position] = -1
            self._depth = depth
        return self._depth

    def managers_first(self) -> bool:
        """Whether every manager comes before its reports in chart order (then no cycle can be).

        Exports and templates usually list positions that way; the check runs in C.
        """
        if self._forward is None:
            self._forward = all(map(operator.lt, self.parent, range(len(self.ids))))
        return self._forward

    def depth(self, position: int) -> int:
        """One position's depth (see :meth:`depths`)."""
        return self.depths()[position]

    def unreachable(self) -> list[int]:
        """Positions on or below a reporting cycle (no start reaches them), in chart order."""
        if self.managers_first() or len(self.order()) == len(self.ids):
            return []
        depth = self.depths()
        return [position for position in range(len(self.ids)) if depth[position] < 0]

    def cycles(self) -> list[tuple[int, ...]]:
        """Every solid-line cycle, self-reports included (see ``traversal.find_cycles``).

        Each is in reporting order (each reports to the next) from its smallest id; cycles are
        ordered by that smallest id's first appearance.
        """
        if self._cycles is None:
            self._cycles = self._find_cycles()
        return self._cycles

    def _find_cycles(self) -> list[tuple[int, ...]]:
        # Each position has one manager, so walking up from every unvisited position and
        # stamping it with the walk's number finds each cycle once, in linear time. Only the
        # positions the top-down walk missed can be on a cycle, so most charts skip this.
        parent, ids = self.parent, self.ids
        walk_of: dict[int, int] = {}
        found: list[tuple[int, ...]] = []
        for walk, start in enumerate(self.unreachable()):
            if start in walk_of:
                continue
            path: list[int] = []
            current = start
            while current >= 0 and current not in walk_of:
                walk_of[current] = walk
                path.append(current)
                current = parent[current]
            if current >= 0 and walk_of[current] == walk:
                cycle = path[path.index(current) :]
                first = min(range(len(cycle)), key=lambda i: ids[cycle[i]])
                found.append(tuple(cycle[first:] + cycle[:first]))
        # Walks meet cycles in the order of where they began; name them by their first member.
        found.sort(key=lambda cycle: cycle[0])
        return found

    def on_cycle(self) -> bytearray:
        """A flag per position: 1 when it is on a reporting cycle (a self-report too)."""
        flags = bytearray(len(self.ids))
        for cycle in self.cycles():
            for position in cycle:
                flags[position] = 1
        return flags

    def ancestors(self, position: int) -> list[int]:
        """The managers above a position, nearest first, each once (it stops before repeating).

        The chain ends at a root, at a missing manager or, on or below a cycle, at the last
        manager before the walk would come round again (the position itself is never listed).
        """
        chain: list[int] = []
        seen = {position}
        parent = self.parent
        current = parent[position]
        while current >= 0 and current not in seen:
            seen.add(current)
            chain.append(current)
            current = parent[current]
        return chain

    def descendants(self, position: int) -> list[int]:
        """Everyone below a position, depth first with reports in chart order; cycle-safe."""
        offsets, children = self._csr()
        found: list[int] = []
        seen = {position}
        stack = children[offsets[position] : offsets[position + 1]].tolist()
        stack.reverse()
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            found.append(current)
            low, high = offsets[current], offsets[current + 1]
            if low != high:
                below = children[low:high].tolist()
                below.reverse()
                stack.extend(below)
        return found

    def subtree_sizes(self) -> array[int]:
        """Each position's subtree size: itself plus everyone below it (a cycle counted once)."""
        if self._sizes is None:
            self._sizes = self._subtree_sizes()
        return self._sizes

    def _subtree_sizes(self) -> array[int]:
        parent, count = self.parent, len(self.ids)
        sizes = array("q", [1]) * count
        order: Sequence[int] = range(count) if self.managers_first() else self.order()
        cycles = self.cycles() if len(order) < count else []
        if cycles:
            # Below a cycle hang ordinary trees: walk them too, starting at the cycle members'
            # reports that are not on a cycle themselves; then every cycle member holds the
            # cycle and all that hangs below it.
            flags = self.on_cycle()
            below = [
                child
                for cycle in cycles
                for member in cycle
                for child in self.children(member)
                if not flags[child]
            ]
            order = [*order, *self._walk_down(below)]
        for position in reversed(order):
            manager = parent[position]
            if manager >= 0:
                sizes[manager] += sizes[position]
        for cycle in cycles:
            # The members added their trees' sizes to themselves, and each member has counted
            # itself; the cycle's size is the sum of the members' own shares.
            total = sum(sizes[member] for member in cycle)
            for member in cycle:
                sizes[member] = total
        return sizes

    def _walk_down(self, starts: list[int]) -> list[int]:
        offsets, children = self._csr()
        order = list(starts)
        for position in order:
            low, high = offsets[position], offsets[position + 1]
            if low != high:
                order.extend(children[low:high])
        return order

    def top_down(self) -> Sequence[int]:
        """Every position once, each after its manager unless they share a cycle.

        Chart order when managers already come first; else the breadth-first order from the
        starts, then each cycle's members (in reporting order reversed, so each member comes
        after the one it reports to except the first), then what hangs below the cycles.
        """
        if self.managers_first():
            return range(len(self.ids))
        order = self.order()
        if len(order) == len(self.ids):
            return order
        flags = self.on_cycle()
        members = [member for cycle in self.cycles() for member in reversed(cycle)]
        below = [child for member in members for child in self.children(member) if not flags[child]]
        return order + members + self._walk_down(below)
