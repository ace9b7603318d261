"""Structure rules: the reporting graph itself (cycles, roots, managers and dotted lines).

These rules judge solid lines as a forest and dotted lines as a separate edge kind; they never
look at roles or variants. Every rule is a plain function with one stable code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from orgroles.errors import suggest
from orgroles.validation._common import quoted
from orgroles.validation.findings import Finding
from orgroles.validation.registry import RuleRun, builtin_rule

if TYPE_CHECKING:
    from orgroles.position import Position
    from orgroles.validation._index import ChartIndex

__all__ = [
    "find_cycles",
    "find_dotted_cycles",
    "find_dotted_to_manager",
    "find_multiple_roots",
    "find_no_root",
    "find_self_reports",
    "find_unknown_dotted",
    "find_unknown_managers",
]

# Suggesting the nearest ids to an unknown one compares it with every candidate id (difflib, about
# 10 µs each). A run compares at most this many ids in all, so a huge org or a flood of typos
# costs a fraction of a second; past it, the unknown id is named without suggestions.
_SUGGEST_BUDGET = 20_000
_BUDGET_KEY = "structure.suggestions"


@builtin_rule(
    "cycle",
    severity="error",
    category="structure",
    summary="Positions that report to each other in a loop.",
    example="""\
positions:
  - {id: ceo, role: ceo}
  - {id: a, role: director, reports_to: b}
  - {id: b, role: gpm, reports_to: a}
""",
    fix="Make one member report to a position outside the loop: `b` reports to `a`, and `a` "
    "reports to `ceo`.",
)
def find_cycles(run: RuleRun) -> list[Finding]:
    """Solid reporting lines that go round in a loop of two or more positions.

    Nobody in a loop has a chain of command to the top, so the chart cannot be drawn as a tree.
    The finding names every member, in reporting order (each reports to the next), starting at
    the smallest id. A position reporting to itself is ``self-report`` instead.
    """
    index = run.index
    findings = []
    for cycle in index.cycles:
        shown = cycle if len(cycle) <= 12 else [*cycle[:11], "..."]
        path = " -> ".join([*shown, cycle[0]] if len(cycle) <= 12 else shown)
        findings.append(
            run.finding(
                tuple(cycle),
                f"{len(cycle)} positions report to each other in a loop: {path}",
                f"make one of them ({cycle[0]!r}, say) report to a position outside the loop, "
                "or to nobody if it is the top",
            )
        )
    return findings


@builtin_rule(
    "self-report",
    severity="error",
    category="structure",
    summary="A position that reports to itself.",
    example="""\
positions:
  - {id: ceo, role: ceo, reports_to: ceo}
""",
    fix="Remove `reports_to` from the top position, or set it to the real manager's id.",
)
def find_self_reports(run: RuleRun) -> list[Finding]:
    """A position whose ``reports_to`` is its own id (usually a copy-paste slip)."""
    index = run.index
    return [
        run.finding(
            (p.id,),
            f"{p.id!r} reports to itself",
            "set reports_to to its real manager's id, or remove it if this is the top position",
        )
        for p in index.positions
        if p.reports_to == p.id
    ]


@builtin_rule(
    "unknown-manager",
    severity="error",
    category="structure",
    summary="A position whose manager id is not in the chart.",
    example="""\
positions:
  - {id: ceo, role: ceo}
  - {id: hop, role: head_of_product, reports_to: cxo}
""",
    fix="Correct the id (`reports_to: ceo`) or add the missing manager.",
)
def find_unknown_managers(run: RuleRun) -> list[Finding]:
    """A ``reports_to`` naming an id that no position has: a typo, or a manager left out.

    The position and everyone under it are cut off from the top. The message suggests the
    nearest existing ids it could report to: never its own id, nor anyone below it (either
    would trade this error for a self-report or a cycle).
    """
    index = run.index
    by_id = index.by_id
    findings = []
    for p in index.positions:
        manager = p.reports_to
        if manager is None or manager in by_id:
            continue
        findings.append(
            run.finding(
                (p.id,),
                f"{p.id!r} reports to {_unknown_manager(index, p.id, manager)}: "
                "no position has that id",
                "correct the id in reports_to, or add the missing manager to the chart",
            )
        )
    return findings


def _unknown_manager(index: ChartIndex, position: str, written: str) -> str:
    """``unknown manager 'cxo' (did you mean 'ceo'?)``: the ids nearest to ``written``.

    Only ids ``position`` could report to: never itself (a self-report) or anyone below it (a
    reporting cycle), as a suggestion that trades one error for another is no help.
    """
    if not _can_suggest(index):
        return f"unknown manager {written!r}"
    below = {position, *(report.id for report in index.chart.descendants(position))}
    candidates = (pid for pid in index.by_id if pid not in below)
    return suggest(written, candidates, what="manager", list_choices=False)


def _can_suggest(index: ChartIndex) -> bool:
    """Whether the run can still afford comparing an unknown id with every id (and spends it)."""
    left = index.cache.get(_BUDGET_KEY, _SUGGEST_BUDGET)
    cost = len(index.by_id)
    if not isinstance(left, int) or cost > left:
        return False
    index.cache[_BUDGET_KEY] = left - cost
    return True


@builtin_rule(
    "multiple-roots",
    severity="error",
    category="structure",
    summary="More than one position has no manager.",
    example="""\
positions:
  - {id: ceo, role: ceo}
  - {id: hop, role: head_of_product}
""",
    fix="Give every position but the top one a manager: `hop` gets `reports_to: ceo`.",
    options={"max_roots": 1},
)
def find_multiple_roots(run: RuleRun) -> list[Finding]:
    """More positions without a manager than allowed (option ``max_roots``, default 1).

    An org chart has one top; a second root is usually a position whose ``reports_to`` was
    forgotten. Raise ``max_roots`` for a file that deliberately holds several separate orgs.
    """
    index = run.index
    allowed = int(run.options.get("max_roots", 1))
    roots = index.roots
    if len(roots) <= allowed:
        return []
    ids = tuple(p.id for p in roots)
    return [
        run.finding(
            ids,
            f"{len(ids)} positions have no manager ({quoted(ids)}); an org has "
            f"{'one top' if allowed == 1 else f'at most {allowed} tops'}",
            f"give all but the top position a reports_to (e.g. {ids[1]!r} reports to "
            f"{ids[0]!r}), or raise the rule's max_roots option",
        )
    ]


@builtin_rule(
    "no-root",
    severity="error",
    category="structure",
    summary="Every position reports to someone, so nobody is at the top.",
    example="""\
positions:
  - {id: ceo, role: ceo, reports_to: board}
""",
    fix="Remove `reports_to` from the top position (here `ceo`).",
)
def find_no_root(run: RuleRun) -> list[Finding]:
    """Find a chart with nobody at the top.

    A non-empty chart in which every position has a manager: the top is in a loop or reports
    to an id outside the chart. The positions named are the candidates for the top: those
    reporting to a missing id and the members of loops.
    """
    index = run.index
    if not index.positions or index.roots:
        return []
    by_id = index.by_id
    candidates = [p.id for p in index.positions if p.reports_to not in by_id]
    for cycle in index.cycles:
        candidates.extend(cycle)
    candidates.extend(p.id for p in index.positions if p.reports_to == p.id)
    return [
        run.finding(
            tuple(candidates),
            (
                f"all {len(index.positions)} positions have a manager"
                if len(index.positions) > 1
                else "the only position has a manager"
            )
            + ", so nobody is at the top"
            + (f" (candidates: {quoted(candidates)})" if candidates else ""),
            "remove reports_to from the position at the top of the org",
        )
    ]


@builtin_rule(
    "unknown-dotted",
    severity="error",
    category="structure",
    summary="A dotted line to a position id that is not in the chart.",
    example="""\
positions:
  - {id: ceo, role: ceo}
  - {id: cpo, role: cpo, reports_to: ceo, dotted_to: [cfo]}
""",
    fix="Correct the id, add the missing position, or drop the dotted line.",
)
def find_unknown_dotted(run: RuleRun) -> list[Finding]:
    """A ``dotted_to`` entry naming an id no position has; one finding per missing target."""
    index = run.index
    by_id = index.by_id
    findings = []
    for p in index.positions:
        for target in p.dotted_to:
            if target in by_id:
                continue
            what = (
                suggest(target, by_id.keys() - {p.id}, what="position", list_choices=False)
                if _can_suggest(index)
                else f"unknown position {target!r}"
            )
            findings.append(
                run.finding(
                    (p.id,),
                    f"{p.id!r} has a dotted line to {what}",
                    "correct the id in dotted_to, add the position, or remove the dotted line",
                )
            )
    return findings


@builtin_rule(
    "dotted-to-manager",
    severity="error",
    category="structure",
    summary="A dotted line that duplicates the solid line to the same manager.",
    example="""\
positions:
  - {id: ceo, role: ceo}
  - {id: cpo, role: cpo, reports_to: ceo, dotted_to: [ceo]}
""",
    fix="Remove `ceo` from `dotted_to`: the solid line already says it.",
)
def find_dotted_to_manager(run: RuleRun) -> list[Finding]:
    """Find dotted lines that repeat the solid line.

    A ``dotted_to`` entry equal to ``reports_to``: a matrix line to one's own manager says
    nothing and draws a second arrow over the first.
    """
    index = run.index
    return [
        run.finding(
            (p.id, p.reports_to),
            f"{p.id!r} has a dotted line to {p.reports_to!r}, its solid-line manager",
            f"remove {p.reports_to!r} from dotted_to",
        )
        for p in index.positions
        if p.dotted_to
        and p.reports_to is not None
        and p.reports_to in p.dotted_to
        and p.reports_to in index.by_id  # a missing one is unknown-manager's and unknown-dotted's
    ]


@builtin_rule(
    "dotted-cycle",
    severity="error",
    category="structure",
    summary="Dotted lines that close a loop (e.g. a dotted line to one's own report).",
    example="""\
positions:
  - {id: ceo, role: ceo}
  - {id: cpo, role: cpo, reports_to: ceo, dotted_to: [dir]}
  - {id: dir, role: director, reports_to: cpo}
""",
    fix="Drop the dotted line that points down the chain (here `cpo`'s dotted line to `dir`).",
)
def find_dotted_cycles(run: RuleRun) -> list[Finding]:
    """Positions tied in a loop by reporting lines of which at least one is dotted.

    Typically a dotted line to one's own (direct or indirect) report, or two positions with
    dotted lines to each other: matrix reporting must still point up. A dotted line to oneself
    is a loop of one. Loops made only of solid lines are ``cycle``. One finding per loop, naming
    every position in it, in chart order.
    """
    index = run.index
    by_id = index.by_id
    if not any(p.dotted_to for p in index.positions):
        return []
    findings = []
    for component, dotted in _dotted_loops(index.positions, by_id):
        members = tuple(component)
        lines = ", ".join(f"{source!r} -> {target!r}" for source, target in dotted[:6])
        more = f" and {len(dotted) - 6} more" if len(dotted) > 6 else ""
        if len(members) == 1:
            what = f"{members[0]!r} has a dotted line to itself"
            hint = f"remove {members[0]!r} from its own dotted_to"
        else:
            what = (
                f"{len(members)} positions form a reporting loop through dotted lines: "
                f"{quoted(members)}; the dotted line{'s' if len(dotted) > 1 else ''} in the "
                f"loop: {lines}{more}"
            )
            source, target = dotted[0]
            hint = (
                "a dotted line must point to someone outside one's own chain of reports; remove "
                f"the one that points down (e.g. {target!r} from the dotted_to of {source!r})"
            )
        findings.append(run.finding(members, what, hint))
    return findings


def _dotted_loops(
    positions: list[Position], by_id: dict[str, Position]
) -> list[tuple[list[str], list[tuple[str, str]]]]:
    """Strongly connected groups of the 'reports up to' graph that contain a dotted edge.

    Edges go from a position to its manager and to its dotted managers; the result is each
    group (members in chart order) with a dotted edge inside it, and those dotted edges
    (position, dotted manager) in chart order: the lines to remove to break the loop.
    """
    seq = {p.id: n for n, p in enumerate(positions)}

    def successors(pid: str) -> list[str]:
        p = by_id[pid]
        out = [t for t in p.dotted_to if t in by_id]
        if p.reports_to is not None and p.reports_to in by_id:
            out.append(p.reports_to)
        return out

    result = []
    for group in _strong_components([p.id for p in positions], successors):
        members = set(group)
        ordered = sorted(group, key=seq.__getitem__)
        dotted = [(pid, t) for pid in ordered for t in by_id[pid].dotted_to if t in members]
        if dotted:
            result.append((ordered, dotted))
    return result


def _strong_components(nodes: list[str], successors: Callable[[str], list[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components, iterative (a deep chain cannot overflow)."""
    index_of: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    for root in nodes:
        if root in index_of:
            continue
        index_of[root] = low[root] = len(index_of)
        stack.append(root)
        on_stack.add(root)
        work: list[tuple[str, list[str], int]] = [(root, successors(root), 0)]
        while work:
            node, succ, i = work[-1]
            if i < len(succ):
                work[-1] = (node, succ, i + 1)
                nxt = succ[i]
                if nxt not in index_of:
                    index_of[nxt] = low[nxt] = len(index_of)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, successors(nxt), 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index_of[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index_of[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                groups.append(group)
    return groups
