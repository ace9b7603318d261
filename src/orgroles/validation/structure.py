"""Structure rules: the reporting graph itself (cycles, roots, managers and dotted lines).

These rules judge solid lines as a forest and dotted lines as a separate edge kind; they never
look at roles or variants. Every rule is a plain function with one stable code.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import compress
from typing import TYPE_CHECKING

from orgroles._lookalike import escaped, lookalike_groups, lookalike_key, why_alike
from orgroles.errors import suggest
from orgroles.validation._common import quoted
from orgroles.validation.findings import Finding
from orgroles.validation.registry import RuleRun, builtin_rule

if TYPE_CHECKING:
    from orgroles.validation._index import ChartIndex

__all__ = [
    "find_assistants_with_reports",
    "find_cycles",
    "find_dotted_cycles",
    "find_dotted_to_manager",
    "find_lookalike_ids",
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
    ids = run.index.ids
    findings = []
    for members in run.index.cycles:
        cycle = [ids[member] for member in members]
        shown = cycle if len(cycle) <= 12 else [*cycle[:11], "..."]
        path = " -> ".join([*shown, cycle[0]] if len(cycle) <= 12 else shown)
        findings.append(
            run.finding(
                cycle,
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
    ids = run.index.ids
    return [
        run.finding(
            (ids[p],),
            f"{ids[p]!r} reports to itself",
            "set reports_to to its real manager's id, or remove it if this is the top position",
        )
        for p in run.index.self_reports()
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
    missing = index.reporting.missing_manager()
    if not missing:
        return []  # the managers' ids are read only to name the unknown ones
    ids, managers = index.ids, index.column("reports_to")
    return [
        run.finding(
            (ids[p],),
            f"{ids[p]!r} reports to {_unknown_manager(index, p, managers[p])}: "
            "no position has that id",
            "correct the id in reports_to, or add the missing manager to the chart",
        )
        for p in missing
    ]


def _unknown_manager(index: ChartIndex, position: int, written: str) -> str:
    """``unknown manager 'cxo' (did you mean 'ceo'?)``: the ids nearest to ``written``.

    Only ids ``position`` could report to: never itself (a self-report) or anyone below it (a
    reporting cycle), as a suggestion that trades one error for another is no help.
    """
    alike = _lookalike_ids(index).get(lookalike_key(written))
    if alike is not None:
        # Cheap and certain: the id meant, written in another case, Unicode form or with an
        # invisible character (an NFD name from macOS against an NFC id).
        return (
            f"unknown manager {escaped(written)} (it differs from the id "
            f"{escaped(alike)} only by {why_alike(written, alike)})"
        )
    if not _can_suggest(index):
        return f"unknown manager {written!r}"
    ids = index.ids
    below = {ids[position], *(ids[report] for report in index.reporting.descendants(position))}
    candidates = (pid for pid in ids if pid not in below)
    return suggest(written, candidates, what="manager", list_choices=False)


def _lookalike_ids(index: ChartIndex) -> dict[str, str]:
    """Look-alike key -> the first id with it; built once per run, when a manager is unknown."""
    cached = index.cache.get("structure.lookalike")
    if isinstance(cached, dict):
        return cached
    keys: dict[str, str] = {}
    for pid in index.ids:
        keys.setdefault(lookalike_key(pid), pid)
    index.cache["structure.lookalike"] = keys
    return keys


def _can_suggest(index: ChartIndex) -> bool:
    """Whether the run can still afford comparing an unknown id with every id (and spends it)."""
    left = index.cache.get(_BUDGET_KEY, _SUGGEST_BUDGET)
    cost = len(index.ids)
    if not isinstance(left, int) or cost > left:
        return False
    index.cache[_BUDGET_KEY] = left - cost
    return True


@builtin_rule(
    "look-alike-ids",
    severity="error",
    category="structure",
    summary="Ids that differ only by case, Unicode form or invisible characters.",
    example="""\
positions:
  - {id: ceo, role: ceo}
  - {id: pm-1, role: pm, reports_to: ceo}
  - {id: PM-1, role: pm, reports_to: ceo}
""",
    fix="Give each position an id nobody could mistake for another: rename `PM-1` to `pm-2`.",
)
def find_lookalike_ids(run: RuleRun) -> list[Finding]:
    """Two or more ids a reader cannot tell apart.

    They are equal after case folding, Unicode normalisation (NFC/NFKC) or removing invisible
    characters (zero-width spaces, BOMs, bidi controls). Each is a position of its own, so a
    ``reports_to`` meant for one may name the other, and a diff or a spreadsheet lookup that
    folds case merges them. The finding names every id of
    the group (invisible characters shown as escapes).
    """
    ids = run.index.ids
    if run.index.chart._ids_unlike():
        return []  # the importer proved it while checking the ids (a million ids not read)
    findings = []
    for members in lookalike_groups(ids):
        group = [ids[member] for member in members]
        how = why_alike(group[0], group[1])
        findings.append(
            run.finding(
                group,
                f"{len(group)} ids differ only by {how}: {', '.join(map(escaped, group))}",
                f"rename all but one of them (keep {escaped(group[0])}) so no two ids look alike",
            )
        )
    return findings


@builtin_rule(
    "assistant-with-reports",
    severity="warning",
    category="shape",  # what spans count, like the span rules; the graph itself is sound
    summary="An assistant (staff beside its manager) that has reports of its own.",
    example="""\
positions:
  - {id: ceo, role: ceo}
  - {id: ea, role: other, reports_to: ceo, assistant: true}
  - {id: pm-1, role: pm, reports_to: ea}
""",
    fix="Move `pm-1` under a manager (`reports_to: ceo`), or make `ea` a regular position.",
)
def find_assistants_with_reports(run: RuleRun) -> list[Finding]:
    """A position marked ``assistant`` that others report to.

    An assistant is drawn beside its manager and left out of spans, so the people under it
    are counted nowhere: either they report to the wrong position, or it is no assistant.
    """
    index = run.index
    ids = index.ids
    findings = []
    for p in index.set_in("assistant"):
        reports = [ids[r] for r in index.reporting.children(p) if r != p]
        if reports:
            findings.append(
                run.finding(
                    (ids[p], *reports),
                    f"{ids[p]!r} is an assistant with {len(reports)} report"
                    f"{'s' if len(reports) != 1 else ''} ({quoted(reports)}); assistants sit "
                    "beside their manager and count in no span",
                    f"move the reports under a manager, or remove assistant from {ids[p]!r}",
                )
            )
    return findings


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
    allowed = int(run.options.get("max_roots", 1))
    roots = run.index.reporting.roots()
    if len(roots) <= allowed:
        return []
    ids = tuple(run.index.ids[p] for p in roots)
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
    if not index.ids or index.reporting.roots():
        return []
    ids = index.ids
    candidates = [ids[p] for p in index.reporting.missing_manager()]
    for cycle in index.cycles:
        candidates.extend(ids[p] for p in cycle)
    candidates.extend(ids[p] for p in index.self_reports())
    count = len(ids)
    return [
        run.finding(
            candidates,
            (
                f"all {count} positions have a manager"
                if count > 1
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
    lines = index.set_in("dotted_to")
    if not lines:
        return []  # the id -> position dict of a million-row import is made only when needed
    ids, dotted = index.ids, index.column("dotted_to")
    known = index.position_of()
    findings = []
    for p in lines:
        for target in dotted[p]:
            if target in known:
                continue
            what = (
                suggest(target, known.keys() - {ids[p]}, what="position", list_choices=False)
                if _can_suggest(index)
                else f"unknown position {target!r}"
            )
            findings.append(
                run.finding(
                    (ids[p],),
                    f"{ids[p]!r} has a dotted line to {what}",
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
    lines = index.set_in("dotted_to")
    if not lines:
        return []
    ids, dotted, parent = index.ids, index.column("dotted_to"), index.parent
    findings = []
    for p in lines:
        manager = parent[p]
        # A missing manager is unknown-manager's and unknown-dotted's; a self-report its own.
        if manager >= 0 and manager != p and ids[manager] in dotted[p]:
            findings.append(
                run.finding(
                    (ids[p], ids[manager]),
                    f"{ids[p]!r} has a dotted line to {ids[manager]!r}, its solid-line manager",
                    f"remove {ids[manager]!r} from dotted_to",
                )
            )
    return findings


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
    if not index.set_in("dotted_to"):
        return []
    findings = []
    for members, lines_in_loop in _dotted_loops(index):
        lines = ", ".join(f"{source!r} -> {target!r}" for source, target in lines_in_loop[:6])
        more = f" and {len(lines_in_loop) - 6} more" if len(lines_in_loop) > 6 else ""
        if len(members) == 1:
            what = f"{members[0]!r} has a dotted line to itself"
            hint = f"remove {members[0]!r} from its own dotted_to"
        else:
            what = (
                f"{len(members)} positions form a reporting loop through dotted lines: "
                f"{quoted(members)}; the dotted line{'s' if len(lines_in_loop) > 1 else ''} in "
                f"the loop: {lines}{more}"
            )
            source, target = lines_in_loop[0]
            hint = (
                "a dotted line must point to someone outside one's own chain of reports; remove "
                f"the one that points down (e.g. {target!r} from the dotted_to of {source!r})"
            )
        findings.append(run.finding(members, what, hint))
    return findings


def _dotted_loops(index: ChartIndex) -> list[tuple[list[str], list[tuple[str, str]]]]:
    """Strongly connected groups of the 'reports up to' graph that contain a dotted edge.

    Edges go from a position to its manager and to its dotted managers; the result is each
    group (members in chart order) with a dotted edge inside it, and those dotted edges
    (position, dotted manager) in chart order: the lines to remove to break the loop.
    """
    ids, parent, dotted = index.ids, index.parent, index.column("dotted_to")
    known = index.position_of()

    def successors(p: int) -> list[int]:
        out = [known[t] for t in dotted[p] if t in known]
        if parent[p] >= 0:
            out.append(parent[p])
        return out

    # A loop through a dotted line holds the position the line starts at, so walking from
    # those alone (up their chains and dotted lines) finds every such loop.
    sources = list(compress(range(len(ids)), dotted))
    result = []
    for group in _strong_components(sources, successors):
        members = set(group)
        ordered = sorted(group)
        lines = [(ids[p], t) for p in ordered for t in dotted[p] if known.get(t, -1) in members]
        if lines:
            result.append(([ids[p] for p in ordered], lines))
    return result


def _strong_components(nodes: list[int], successors: Callable[[int], list[int]]) -> list[list[int]]:
    """Tarjan's strongly connected components, iterative (a deep chain cannot overflow)."""
    index_of: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    groups: list[list[int]] = []
    for root in nodes:
        if root in index_of:
            continue
        index_of[root] = low[root] = len(index_of)
        stack.append(root)
        on_stack.add(root)
        work: list[tuple[int, list[int], int]] = [(root, successors(root), 0)]
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
