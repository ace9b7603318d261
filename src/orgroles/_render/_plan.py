"""What a drawing shows: the boxes, stubs, stacked columns and row gaps of a chart.

This module decides *what* is drawn and how it is grouped, independent of any output format;
``_dot`` and ``_mermaid`` only translate a :class:`DrawPlan`. It never drops a position silently:
positions under a missing manager hang from a "not in the chart" stub, positions in or below a
reporting cycle are drawn with their lines as they are, and collapsed subtrees leave a counted
"+N more" stub. Every walk is iterative and cycle-safe.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from orgroles._render._annotate import Annotations, Mark, resolve_marks
from orgroles._render._style import Style
from orgroles.chart import OrgChart
from orgroles.position import Position
from orgroles.traversal import depths, descendants

__all__ = [
    "BIG_CHART",
    "Arrangement",
    "DrawPlan",
    "Stub",
    "build_plan",
    "display_title",
    "leaf_teams",
    "stacks_every_team",
    "team_items",
]

StubKind = Literal["more", "missing", "link", "ghost", "dotted-manager", "dotted-report"]

# Roughly how many rows a stacked block has per column: boxes are about three times wider than
# tall, so a block of about 3.5 rows per column comes out near square on the page.
_ROWS_PER_COLUMN = 3.5
# Above this many positions (a poster, never a slide) a team of at most eight stacks in columns
# of at most three rows (eight: 3+3+2, not 4+4). Graphviz's positioning time swings widely
# with the shape of many stacked teams, and this is measured, not derived (layout CPU seconds,
# one run each on a busy machine): a 10,000-position tree of managers with eight reports each
# 8.2 in 4+4, 2.7 in 3+3+2; bench_render's org of teams of eight 2.5-3.0 either way; but its
# teams of nine took 5.1 in 3+3+3 against 3.2 in 5+4, so larger teams keep the usual shape.
BIG_CHART = 1500
_BIG_SHALLOW = 8  # the largest team a big chart stacks at most three rows deep
_BIG_ROWS_PER_COLUMN = 1.5
_MAX_FLAT_LEAVES = 16  # more leaf reports than this in a chart: every team stacks
_IC_BAND = -1  # individual contributors and partners share one row band, below every manager


@dataclass(frozen=True)
class Arrangement:
    """How a drawing fitted to a page arranges the tree (see ``_fit.fit_plan``).

    ``columns``: every team of two or more leaf reports hangs under its manager in one column
    beside a line down (1) or, where they are all its reports, two by two either side of it
    (2); ``None``: as the natural drawing stacks them. ``width``: the
    most box columns one manager's row of reports may take before it wraps onto further rows
    (tiers) below (``None``: rows never wrap); with ``share``, ``width`` is the whole
    drawing's and each manager's reports share their manager's part of it by their natural
    widths, so teams wrap below a top row that stays whole. ``narrow`` (0, 1 or 2): how much
    sooner boxes wrap their text, and whether they stand closer. ``aligned``: rows follow
    levels as ``align`` says; when not, each report sits one row below its manager (as with
    ``align="tree"``), which a chart whose levels are uneven may need to fit.
    """

    columns: int | None = None
    width: int | None = None
    share: bool = False
    narrow: int = 0
    aligned: bool = True


@dataclass(frozen=True)
class Stub:
    """A box that stands for something not drawn as positions.

    ``more``: a collapsed subtree below ``parent``; ``missing``: a manager id that is not in the
    chart, drawn above ``children``; ``link``: a part drawn in another file (split output);
    ``ghost``: a seat not in the chart (an annotation), ``ref`` its id; ``dotted-manager`` and
    ``dotted-report``: the other end, drawn in another file, of a dotted line of the position
    ``beside`` (its dotted-line manager, or a dotted-line report of it).
    """

    node: str
    kind: StubKind
    lines: tuple[str, ...]
    parent: str | None = None
    children: tuple[str, ...] = ()
    cluster: str | None = None
    ref: str | None = None
    beside: str | None = None


@dataclass
class DrawPlan:
    """The drawing, format-free: positions by id (chart order) and how they connect."""

    chart: OrgChart
    options: Style
    positions: dict[str, Position] = field(default_factory=dict)
    node_of: dict[str, str] = field(default_factory=dict)
    manager: dict[str, str] = field(default_factory=dict)
    reports: dict[str, list[str]] = field(default_factory=dict)
    assistants: dict[str, list[str]] = field(default_factory=dict)
    columns: dict[str, list[list[str]]] = field(default_factory=dict)
    stubs: list[Stub] = field(default_factory=list)
    minlen: dict[str, int] = field(default_factory=dict)
    dotted: list[tuple[str, str]] = field(default_factory=list)
    hidden: int = 0
    # Levels below the top of each drawn position a top reaches (not those in or below a cycle).
    level_of: dict[str, int] = field(default_factory=dict)
    compact: bool = False  # every team of two or more leaf reports stacks (see _stack)
    # Annotations: the mark of each marked position and ghost by id. A drawn ghost's id is in
    # node_of too (its stub's node), so a ghost can hang below another.
    marks: dict[str, Mark] = field(default_factory=dict)
    annotations: Annotations | None = None
    arrangement: Arrangement = field(default_factory=Arrangement)
    # Wrapped rows: a manager's reports (a stacked column by its first report) -> the row (tier)
    # of its team they hang in; 0, the first row, is left out.
    tier_of: dict[str, int] = field(default_factory=dict)
    # Managers whose reports (all leaves) hang two by two either side of one line down.
    pairs: set[str] = field(default_factory=set)
    # For a manager whose team wraps: the rows below its own at which each further row of its
    # team starts (its row's bus lies just above), so every row clears the one above it.
    tier_rows: dict[str, list[int]] = field(default_factory=dict)
    # About how many boxes wide and rows tall the drawing is (see _wrap): a cheap first guess
    # of its shape, before Graphviz measures it.
    extent: tuple[int, int] = (1, 1)
    heights: dict[str, int] = field(default_factory=dict)  # rows from a box's own to its lowest
    widths: dict[str, int] = field(default_factory=dict)  # boxes across a box and its team
    widest_row: int = 0  # boxes across the widest row of any one team
    # In a narrow arrangement (see _find_roomy): the row each position is drawn on (0: the
    # top's), and the positions on rows with room to spare, drawn at full width: their text
    # wraps less, so their row is lower.
    row_of: dict[str, int] = field(default_factory=dict)
    roomy: set[str] = field(default_factory=set)

    def track_of(self, position: Position) -> str:
        """The role track of a drawn position (``outside`` for a role the catalog lacks)."""
        roles = self.chart.roles
        return roles[position.role].track if position.role in roles else "outside"

    def cluster_of(self, position: Position) -> str | None:
        """The cluster a position is drawn in (its unit when grouping by unit)."""
        return position.unit if self.options.group_by == "unit" else None

    def stacked(self) -> set[str]:
        """Ids of positions drawn in stacked columns."""
        return {pid for columns in self.columns.values() for col in columns for pid in col}


def display_title(chart: OrgChart, position: Position) -> str:
    """The title shown in a box: the position's own title, else its role's title."""
    if position.title is not None:
        return position.title
    roles = chart.roles
    return roles[position.role].title if position.role in roles else position.role


def build_plan(
    chart: OrgChart,
    options: Style,
    *,
    links: Mapping[str, Sequence[tuple[str, ...]]] | None = None,
    band: Callable[[Position], int | None] | None = None,
    compact: bool | None = None,
    annotations: Annotations | None = None,
    far: Mapping[str, Sequence[tuple[StubKind, tuple[str, ...]]]] | None = None,
    arrangement: Arrangement | None = None,
) -> DrawPlan:
    """Decide what to draw.

    Args:
        chart: the chart.
        options: the drawing options.
        links: extra ``link`` stubs to hang below positions (split output): position id ->
            the text lines of each stub; the key ``""`` holds stubs that hang from nothing.
        band: the row band of a position (higher is more senior, ``None``: not aligned);
            defaults to :func:`level_band`.
        compact: stack every team of two or more leaf reports (``None``: when the drawing has
            more than 16 leaf reports); a part of a chart gets :func:`stacks_every_team`.
        annotations: marks, ghost boxes and legend entries (checked against the chart by
            the caller: ``Annotations.check``).
        far: dotted lines to positions drawn in other files (split output): position id ->
            the kind and text lines of each box drawn beside it.
        arrangement: leaf grids and wrapped rows (a drawing fitted to a page); ``None``: the
            natural tree.
    """
    plan = DrawPlan(
        chart=chart,
        options=options,
        annotations=annotations,
        arrangement=arrangement or Arrangement(),
    )
    scope = _scope(chart, options.root)
    # Levels below the tops: the chart's roots and positions whose manager is missing, or
    # the root asked for; positions in or below a cycle have none.
    depth = depths(chart) if options.root is None else depths(chart, roots=[options.root])

    shown: list[Position] = []
    for position in chart:
        if position.id not in scope:
            continue
        level = depth.get(position.id)
        # Positions no top reaches (in or below a cycle) have no depth: always drawn.
        if options.depth is not None and level is not None and level > options.depth:
            plan.hidden += 1
            continue
        shown.append(position)
    for index, position in enumerate(shown):
        plan.positions[position.id] = position
        plan.node_of[position.id] = f"n{index}"
    plan.level_of = {pid: depth[pid] for pid in plan.positions if pid in depth}

    for position in shown:
        manager = position.reports_to
        if manager is None or manager not in plan.positions or position.id == options.root:
            continue
        plan.manager[position.id] = manager
        if position.assistant:
            plan.assistants.setdefault(manager, []).append(position.id)
        else:
            plan.reports.setdefault(manager, []).append(position.id)

    stubs = [
        *_more_stubs(plan, depth),
        *_missing_stubs(plan),
        *_link_stubs(plan, links or {}),
        *_ghost_stubs(plan),
        *_far_stubs(plan, far or {}),
    ]
    plan.stubs = [dataclasses.replace(stub, node=f"s{index}") for index, stub in enumerate(stubs)]
    plan.node_of.update((stub.ref, stub.node) for stub in plan.stubs if stub.ref is not None)
    plan.marks = resolve_marks(annotations, plan.positions, plan.node_of)

    teams = leaf_teams(plan)
    # A big org whose small teams all sit side by side is still a very wide picture: then
    # every team of two or more hangs in a column under its manager, as printed charts do.
    leaves = sum(len(team) for team in teams.values())
    plan.compact = leaves > _MAX_FLAT_LEAVES if compact is None else compact
    if options.layout == "stacked":
        _stack(plan, teams)
    _row_gaps(plan, band or level_band(chart))
    _wrap(plan, plan.arrangement.width, share=plan.arrangement.share)
    for position in shown:
        for target in position.dotted_to:
            if target in plan.positions and target != plan.manager.get(position.id):
                plan.dotted.append((target, position.id))
    return plan


def _more_stubs(plan: DrawPlan, depth: dict[str, int]) -> list[Stub]:
    """A "+N more" stub below each drawn position whose reports the depth limit hides."""
    limit = plan.options.depth
    if limit is None:
        return []
    stubs = []
    for pid, position in plan.positions.items():
        if depth.get(pid) != limit:
            continue
        # Everyone below that the limit hides (one in a cycle with it is drawn, not hidden);
        # positions at one level have disjoint subtrees, so this is one pass in all.
        hidden = sum(1 for below in descendants(plan.chart, pid) if depth.get(below, 0) > limit)
        if hidden:
            stubs.append(
                Stub(
                    node="",
                    kind="more",
                    lines=(f"+{hidden} more",),
                    parent=pid,
                    cluster=plan.cluster_of(position),
                )
            )
    return stubs


def _missing_stubs(plan: DrawPlan) -> list[Stub]:
    """One stub per manager id that is not in the chart, above the positions naming it."""
    if plan.options.root is not None:
        return []
    missing: dict[str, list[str]] = {}
    for pid, position in plan.positions.items():
        if position.reports_to is not None and position.reports_to not in plan.chart:
            missing.setdefault(position.reports_to, []).append(pid)
    return [
        Stub(
            node="",
            kind="missing",
            lines=("Reports to a position not in the chart:", manager_id),
            children=tuple(children),
        )
        for manager_id, children in missing.items()
    ]


def _link_stubs(plan: DrawPlan, links: Mapping[str, Sequence[tuple[str, ...]]]) -> list[Stub]:
    """Stubs naming parts drawn in other files; the key ``""`` hangs them from nothing."""
    stubs: list[Stub] = []
    for parent, texts in links.items():
        above = plan.positions.get(parent)
        if above is None and parent:
            continue
        stubs.extend(
            Stub(
                node="",
                kind="link",
                lines=tuple(lines),
                parent=parent or None,
                cluster=plan.cluster_of(above) if above is not None else None,
            )
            for lines in texts
        )
    return stubs


def _far_stubs(
    plan: DrawPlan, far: Mapping[str, Sequence[tuple[StubKind, tuple[str, ...]]]]
) -> list[Stub]:
    """A box beside a drawn position for each dotted line whose other end is in another file."""
    return [
        Stub(node="", kind=kind, lines=lines, beside=pid, cluster=plan.cluster_of(position))
        for pid, entries in far.items()
        if (position := plan.positions.get(pid)) is not None
        for kind, lines in entries
    ]


def _ghost_stubs(plan: DrawPlan) -> list[Stub]:
    """A stub per ghost whose manager is drawn (a ghost without one: unless ``root`` is set)."""
    if plan.annotations is None:
        return []
    cluster: dict[str, str | None] = {}  # of each ghost drawn so far
    stubs: list[Stub] = []
    waiting = list(plan.annotations.ghosts)
    while waiting:  # a ghost below a ghost waits for its manager; each round draws at least one
        later = []
        for ghost in waiting:
            manager = ghost.reports_to
            if manager is None:
                if plan.options.root is not None:
                    continue
                home = None
            elif manager in plan.positions:
                home = plan.cluster_of(plan.positions[manager])
            elif manager in cluster:
                home = cluster[manager]
            else:
                later.append(ghost)
                continue
            cluster[ghost.id] = home
            lines = (ghost.title,) if ghost.name is None else (ghost.title, ghost.name)
            stubs.append(
                Stub(node="", kind="ghost", lines=lines, parent=manager, cluster=home, ref=ghost.id)
            )
        if len(later) == len(waiting):
            break  # the rest hang below managers not drawn (or ghosts in a loop): not drawn
        waiting = later
    return stubs


def level_band(
    chart: OrgChart, *, rank: Callable[[str], int | None] | None = None
) -> Callable[[Position], int | None]:
    """Row bands from role levels: managers and executives by level, ICs and partners below.

    ``rank`` (a variant's ``rank_of``) replaces the role levels of managers and executives.
    Outside roles (``other`` and custom outside roles) are not aligned: they follow the tree.
    """
    roles = chart.roles

    def band(position: Position) -> int | None:
        role = roles.get(position.role)
        if role is None or role.track == "outside":
            return None
        if role.track in ("ic", "partner"):
            return _IC_BAND
        return role.level if rank is None else rank(position.role)

    return band


def _scope(chart: OrgChart, root: str | None) -> set[str]:
    if root is None:
        return set(chart.ids())
    return {root, *descendants(chart, root)}  # an unknown root is named, with close ids


def stacks_every_team(chart: OrgChart) -> bool:
    """Whether the whole chart, drawn in full, has so many leaf reports that every team stacks.

    A part of a chart (``root=``, one file of a chart split by unit) is drawn with the whole
    chart's answer, so that its teams look as they do in the full chart.

    Examples:
        >>> chart = OrgChart([{"id": "d", "role": "director"}] + [
        ...     {"id": f"pm{i}", "role": "pm", "reports_to": "d"} for i in range(17)])
        >>> stacks_every_team(chart), stacks_every_team(chart.subtree("pm0"))
        (True, False)
    """
    managers = {p.reports_to for p in chart if p.reports_to is not None}
    leaves = sum(
        1
        for p in chart
        if p.reports_to is not None
        and p.reports_to in chart
        and not p.assistant
        and p.id not in managers
    )
    return leaves > _MAX_FLAT_LEAVES


def leaf_teams(plan: DrawPlan) -> dict[str, list[str]]:
    """Each manager's reports who have nothing hanging below them, in chart order."""
    with_children = set(plan.reports) | set(plan.assistants)
    with_children.update(s.parent for s in plan.stubs if s.parent is not None)
    return {
        manager: [r for r in reports if r not in with_children]
        for manager, reports in plan.reports.items()
    }


def _stack(plan: DrawPlan, teams: dict[str, list[str]]) -> None:
    """Stack wide spans of leaf reports into columns below their manager."""
    threshold = plan.options.stack_threshold
    grid = plan.arrangement.columns
    parents = {stub.parent for stub in plan.stubs}
    for manager, leaves in teams.items():
        if grid is not None:
            alone = len(leaves) == len(plan.reports[manager]) and manager not in parents
            if grid == 2 and alone and len(leaves) >= 3:
                plan.pairs.add(manager)  # see _wrap: rows of two
            elif len(leaves) >= 2:
                plan.columns[manager] = _grid(plan, leaves, grid)
            continue
        if len(leaves) <= threshold and not (plan.compact and len(leaves) >= 2):
            continue
        groups: dict[str | None, list[str]] = {}
        for report in leaves:
            groups.setdefault(plan.cluster_of(plan.positions[report]), []).append(report)
        columns: list[list[str]] = []
        big = len(plan.positions) > BIG_CHART
        for members in groups.values():
            count = 1
            if len(members) > threshold:
                shallow = big and len(members) <= _BIG_SHALLOW
                ratio = _BIG_ROWS_PER_COLUMN if shallow else _ROWS_PER_COLUMN
                count = math.ceil(math.sqrt(len(members) / ratio))
            rows = math.ceil(len(members) / count)
            columns.extend(members[i : i + rows] for i in range(0, len(members), rows))
        plan.columns[manager] = columns


def _grid(plan: DrawPlan, leaves: list[str], columns: int) -> list[list[str]]:
    """A team of leaf reports as columns: one, or up to ``columns`` of at least two boxes.

    Each unit gets columns of its own when units are framed.
    """
    groups: dict[str | None, list[str]] = {}
    for report in leaves:
        groups.setdefault(plan.cluster_of(plan.positions[report]), []).append(report)
    grid: list[list[str]] = []
    for members in groups.values():
        count = max(1, min(columns, len(members) // 2))
        rows = math.ceil(len(members) / count)
        grid.extend(members[i : i + rows] for i in range(0, len(members), rows))
    return grid


def team_items(plan: DrawPlan, manager: str) -> list[str]:
    """What hangs side by side below a manager, left to right.

    Its reports drawn in the row, then its stacked columns (each named by its first report).
    """
    columns = plan.columns.get(manager, [])
    stacked = {pid for column in columns for pid in column}
    items = [r for r in plan.reports.get(manager, ()) if r not in stacked]
    items.extend(column[0] for column in columns)
    return items


def preorder(plan: DrawPlan, tops: list[str]) -> list[str]:
    """The plan's positions below ``tops``, each before its reports (in their drawn order).

    The plan's ``reports`` are the drawing's rows (stacked columns and wrapped rows included),
    not the chart's reporting lines, hence a walk of its own; each position is taken once, so
    a reporting cycle cannot loop it.

    Examples:
        >>> from orgroles.testing import make_chart
        >>> plan = build_plan(make_chart("ceo > gpm-a > pm-1; ceo > pm-2"), Style(page="natural"))
        >>> preorder(plan, ["ceo"])
        ['ceo', 'gpm-a', 'pm-1', 'pm-2']
    """
    order: list[str] = []
    stack = list(reversed(tops))
    seen: set[str] = set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        order.append(pid)
        stack.extend(reversed(plan.reports.get(pid, [])))
    return order


def _wrap(plan: DrawPlan, width: int | None, *, share: bool = False) -> None:
    """Wrap rows of reports wider than ``width`` box columns onto further rows below.

    ``None`` wraps nothing; either way the drawing's extent is estimated. Widths are counted
    in boxes, bottom up: a box with nothing below is one column, a stacked column one, a
    manager the widest of its rows (and its assistants beside it). Rows are cut in chart order
    into as few rows as fit, of about equal width. With ``share`` the limit is each manager's
    part of ``width`` (see :class:`Arrangement`). Positions no top reaches (in a reporting
    cycle) keep their rows.
    """
    tops = [pid for pid in plan.positions if pid not in plan.manager]
    order = preorder(plan, tops)  # reversed, it is a bottom-up order
    limit: dict[str, int] = {}
    if width is not None and share:
        natural = _widths(plan, order, {})
        for top in tops:
            limit[top] = width
        for pid in order:  # top down: a manager's part is shared by its team's natural widths
            items = team_items(plan, pid)
            sizes = [natural.get(item, 1) for item in items]
            total = sum(sizes)
            part = limit.get(pid, width)
            for item, size in zip(items, sizes, strict=True):
                limit[item] = size if total <= part else max(1, part * size // total)
    elif width is not None:
        limit = dict.fromkeys(order, width)
    widths = _widths(plan, order, limit)
    plan.widths = widths
    # Stubs hanging from nothing and positions in cycles stand beside the tops.
    loose = len(plan.positions) - len(order) + sum(1 for s in plan.stubs if s.parent is None)
    plan.extent = (
        sum(widths[pid] for pid in tops) + loose,
        max((plan.heights.get(pid, 1) for pid in tops), default=1),
    )
    plan.roomy.clear()
    plan.row_of.clear()
    if plan.arrangement.narrow:
        _find_roomy(plan, tops, order)


def _find_roomy(plan: DrawPlan, tops: list[str], order: list[str]) -> None:
    """Each position's row, and the positions on rows with room for full-width boxes.

    A row has room when it holds at most half as many boxes as the drawing is wide and each
    of its boxes (but assistants) heads a part at least two boxes wide: the top rows of a
    deep chart, whose few boxes would otherwise wrap onto three or four lines for nothing.
    """
    row_of = dict.fromkeys(tops, 0)
    stacked = plan.stacked()
    column_of = {column[0]: column for columns in plan.columns.values() for column in columns}
    for pid in order:  # top down
        row = row_of.get(pid)
        if row is None:
            continue
        for assistant in plan.assistants.get(pid, ()):
            row_of[assistant] = row
        starts = plan.tier_rows.get(pid, [0])
        for item in team_items(plan, pid):
            tier = plan.tier_of.get(item, 0)
            column = column_of.get(item) if item in stacked else None
            if tier:
                first = row + starts[tier] + 1
            elif column is not None:
                first = row + min(plan.minlen.get(r, 1) for r in column)
            else:
                first = row + plan.minlen.get(item, 1)
            for index, member in enumerate(column or [item]):
                row_of[member] = first + index
    plan.row_of.update(row_of)
    count: dict[int, int] = {}
    cramped: set[int] = set()
    assistants = {a for team in plan.assistants.values() for a in team}
    for pid, row in row_of.items():
        count[row] = count.get(row, 0) + 1
        if pid not in assistants and plan.widths.get(pid, 1) < 2:
            cramped.add(row)
    plan.roomy.update(
        pid
        for pid, row in row_of.items()
        if row not in cramped and 2 * count[row] <= plan.extent[0]
    )


def _widths(plan: DrawPlan, order: list[str], limit: dict[str, int]) -> dict[str, int]:
    """Each manager's width in boxes, its team wrapped at ``limit`` (none there: not wrapped).

    Records the rows (tiers) and heights in the plan.
    """
    plan.tier_of.clear()
    plan.tier_rows.clear()
    plan.widest_row = 0
    stacked = plan.stacked()
    column_of = {column[0]: column for columns in plan.columns.values() for column in columns}
    widths: dict[str, int] = {}
    heights = plan.heights
    heights.clear()
    for pid in reversed(order):
        items = team_items(plan, pid)
        sizes = [1 if item in stacked else widths.get(item, 1) for item in items]
        if pid in plan.pairs:
            rows = [list(range(i, min(i + 2, len(items)))) for i in range(0, len(items), 2)]
        else:
            rows = _cut(sizes, limit.get(pid, sum(sizes)))
        # Rows below the manager's own that each item reaches down to, from its row's top.
        reach = []
        for item in items:
            column = column_of.get(item) if item in stacked else None
            gap = plan.minlen.get(item, 1)
            if column is not None:
                gap = min(plan.minlen.get(r, 1) for r in column)
                reach.append((gap, len(column)))
            else:
                reach.append((gap, heights.get(item, 1)))
        start, starts = 0, []
        for tier, members in enumerate(rows):
            starts.append(start)
            for index in members:
                if tier:
                    plan.tier_of[items[index]] = tier
            # Rows of one level are aligned in the first row only: wrapped rows sit close.
            start += max((gap if tier == 0 else 1) + height - 1 for gap, height in
                         (reach[i] for i in members))  # fmt: skip
        if len(rows) > 1:
            plan.tier_rows[pid] = starts
        heights[pid] = 1 + start
        widest = max((sum(sizes[i] for i in members) for members in rows), default=0)
        widths[pid] = max(1 + len(plan.assistants.get(pid, ())), widest)
        plan.widest_row = max(plan.widest_row, widest)
    return widths


def _cut(sizes: list[int], width: int) -> list[list[int]]:
    """Indexes of ``sizes`` cut in order into as few rows of at most ``width`` as fit, evened out.

    Examples:
        >>> _cut([1, 1, 1, 1, 1], 3), _cut([2, 1, 3], 10), _cut([4, 4], 3)
        ([[0, 1, 2], [3, 4]], [[0, 1, 2]], [[0], [1]])
    """
    total = sum(sizes)
    if total <= width:
        return [list(range(len(sizes)))] if sizes else []
    count = len(_greedy(sizes, width))
    # The same number of rows, each about as wide as the others: no nearly empty last row.
    target = max(*sizes, math.ceil(total / count))
    rows = _greedy(sizes, target)
    return rows if len(rows) <= count else _greedy(sizes, width)


def _greedy(sizes: list[int], width: int) -> list[list[int]]:
    rows: list[list[int]] = [[]]
    used = 0
    for index, size in enumerate(sizes):
        if rows[-1] and used + size > width:
            rows.append([])
            used = 0
        rows[-1].append(index)
        used += size
    return rows


def _row_gaps(plan: DrawPlan, band: Callable[[Position], int | None]) -> None:
    """How many rows each solid line spans, so that positions of one band share a row."""
    if plan.options.align == "tree" or not plan.arrangement.aligned:
        return
    bands = {pid: band(p) for pid, p in plan.positions.items()}
    present = sorted({b for b in bands.values() if b is not None}, reverse=True)
    row = {b: index for index, b in enumerate(present)}
    for report, manager in plan.manager.items():
        high, low = bands[manager], bands[report]
        if high is None or low is None or report in plan.assistants.get(manager, ()):
            continue
        gap = row[low] - row[high]
        if gap > 1:
            plan.minlen[report] = gap
