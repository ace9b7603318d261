"""The chart as Graphviz DOT: boxes, tree lines, dotted lines, stacked columns, clusters, legend.

This module translates a :class:`~orgroles._render._plan.DrawPlan` into a ``graphviz.Digraph``; it
decides nothing about what is drawn. Node names are generated (``n0``, ``s0``, and ``b0``,
``j0`` for the points lines branch at); user text reaches the DOT only through
:func:`~orgroles._render._escape.graphviz_html`, inside the HTML-like labels this module writes
(needed for a bold title above a regular name, which plain Graphviz labels cannot do). The only
other attribute derived from user data is ``id``: a position's id percent-encoded (letters,
digits and ``-_.!~*'()`` only, see :func:`~orgroles._render._annotate.element_id`); colours
come from themes or are checked hex colours. No ``URL``, ``href`` or ``tooltip`` is ever set,
so no link can appear in the output.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
from typing import TYPE_CHECKING, Any

from orgroles._render._annotate import Mark, element_id, ghost_element_id
from orgroles._render._escape import graphviz_html, visible, wrap
from orgroles._render._plan import BIG_CHART, Arrangement, DrawPlan, Stub, display_title
from orgroles._render._themes import TRACK_LABELS, TRACK_ORDER, Theme, get_theme
from orgroles.position import Position

if TYPE_CHECKING:
    import graphviz

__all__ = ["NARROWNESS", "PAD", "box_size", "legend_size", "plan_to_dot", "spacing"]

_TITLE_WIDTH = 26  # characters per line of a box's title before it wraps
_NAME_WIDTH = 30
# Narrow arrangements (drawings fitted to a page) wrap sooner and pack boxes closer: a box a
# line or two taller but a third or half narrower suits a chart too wide for its page. By
# narrowness (1 to 3): characters per title line, per name line, and the narrowest box (inches).
# Boxes on rows with room to spare (plan.roomy) keep the full width.
_NARROWER = {1: (18, 22, 1.4), 2: (14, 16, 1.1), 3: (10, 12, 0.9)}
NARROWNESS = (0, *_NARROWER)
"""How narrow boxes can be drawn: 0, as they naturally are, to 3, the narrowest."""
_NARROW_BOX_MARGIN = 0.06  # inches either side of the text of a narrow box
_NARROW_BOX_ROOM = 0.04  # inches above and below it
_NARROW_RANKSEP = "0.1"
_NARROW_NODESEP = "0.1"
_NODESEP = "0.25"
_LEGEND_ROW = 4  # cells in a row of the legend of a drawing arranged to fit a page
# Orthogonal lines read best but Graphviz routes them in super-linear time; above this many
# boxes the chart uses straight polylines instead.
_ORTHO_LIMIT = 400
# Above this many positions, stacked columns link their boxes one below the other instead of
# hanging them from a line of helper points: same-rank lines cost Graphviz super-linear time.
_BUS_LIMIT = BIG_CHART
# Above this many positions every position box gets one width, that of the widest label
# (estimated, rounded up to a quarter inch): Graphviz places rows of equal boxes about twice
# as fast as rows of mixed widths, and a big chart reads as a tidier grid.
_UNIFORM_LIMIT = _BUS_LIMIT
# How strongly a junction keeps under its manager's middle (the trunk line stays straight).
_TRUNK_WEIGHT = "10"
_INVISIBLE = {"style": "invis", "weight": "0"}
_LOOSE = {"weight": "0"}  # a line drawn that pulls nothing into place
# A team wider than this gets one invisible ordering line, not one per point (see _hang).
_FAN_LIMIT = 16
# Lines meet in the middle of a bus point (not at its rim), so a bus has no gaps at its joints.
_INTO_POINT = {"headclip": "false"}
_FROM_POINT = {"tailclip": "false"}
# Inches between a row of boxes and its row of junctions (twice this between rows of boxes).
_JUNCTION_RANKSEP = "0.22"
_BOX_WIDTH = 2.1  # inches: the narrowest position box
PAD = 0.3
"""Inches of margin around the drawing (Graphviz's ``pad``), part of every image's size."""
_BOX_MARGIN = 0.14  # inches of padding either side of a box's text
_GAP = '<FONT POINT-SIZE="3"> </FONT>'  # an empty line a few points high, for air


def plan_to_dot(plan: DrawPlan) -> graphviz.Digraph:
    """Build the ``graphviz.Digraph`` for a plan (deterministic: same plan, same source)."""
    import graphviz  # noqa: PLC0415  # keeps `import orgroles` free of graphviz

    options = plan.options
    theme = get_theme(options.theme)
    boxes = len(plan.positions) + len(plan.stubs)
    layout = _Layout(plan, theme)
    narrow = plan.arrangement.narrow
    width = _NARROWER[narrow][2] if narrow else _BOX_WIDTH
    junction_ranksep = _NARROW_RANKSEP if narrow else _JUNCTION_RANKSEP
    if len(plan.positions) > _UNIFORM_LIMIT:
        width = max(width, math.ceil((layout.widest / 72 + 2 * _BOX_MARGIN) * 4) / 4)
    dot = graphviz.Digraph(
        name="orgchart",
        graph_attr={
            "rankdir": "TB",
            "newrank": "true",
            "splines": "ortho" if boxes <= _ORTHO_LIMIT else "polyline",
            "nodesep": _NARROW_NODESEP if narrow else _NODESEP,
            "ranksep": "0.45" if layout.ranks == 1 else junction_ranksep,
            "bgcolor": theme.background,
            "fontname": theme.font,
            "fontcolor": theme.text,
            "pad": f"{PAD:g}",
        },
        node_attr={
            "shape": "box",
            "style": "rounded,filled",
            "fontname": theme.font,
            "fontsize": "10",
            "fontcolor": theme.text,
            "width": f"{width:g}",
            "height": "0.55",
            "margin": f"{_NARROW_BOX_MARGIN:g},{_NARROW_BOX_ROOM:g}"
            if narrow
            else f"{_BOX_MARGIN:g},0.06",
            "penwidth": "1.3",
        },
        edge_attr={"arrowhead": "none", "color": theme.line, "penwidth": "1.2"},
    )
    if options.title is not None or options.date is not None:
        dot.attr(
            label=_caption(options.title, options.date_text, theme), labelloc="t", labeljust="l"
        )
    layout.write_nodes(dot)
    layout.write_edges(dot)
    if options.legend and plan.positions:
        # A node of its own (not a cluster) so it never bends the tree; dot puts it top right.
        dot.node(
            "legend", label=_legend(plan, theme), shape="plain", style="", **{"class": "legend"}
        )
    return dot


class _Layout:
    """Node statements grouped by cluster, rank groups and the helper points of stacked columns."""

    def __init__(self, plan: DrawPlan, theme: Theme) -> None:
        self.plan = plan
        self.theme = theme
        # Node statements per cluster (None: top level), each in chart order.
        self.placed: dict[str | None, list[tuple[str, dict[str, str]]]] = {}
        self.same_rank: dict[str | None, list[list[str]]] = {}
        # With orthogonal lines every team hangs from one junction point below its manager, on
        # a row of its own: then each drawn row takes two ranks (boxes, then junctions).
        self.junctions = len(plan.positions) + len(plan.stubs) <= _ORTHO_LIMIT
        self.ranks = 2 if self.junctions else 1
        self.bus_edges: list[tuple[str, str, dict[str, str]]] = []
        # What hangs from each node below it: (head node, rows down, edge attributes).
        self.bus_heads: dict[str, list[tuple[str, int, dict[str, str]]]] = {}
        self.counter = itertools.count()
        self.home: dict[str, str | None] = {}  # each node's cluster
        # Each box's buses, one per row its team wraps onto (see _Bus).
        self.buses: dict[str, list[_Bus]] = {}
        # The report a stacked column's first bus point stands for (wrapped rows need it).
        self.column_of: dict[str, str] = {}
        self.widest = 0.0  # points: the widest text line of a position box (an estimate)
        for pid, position in plan.positions.items():
            attrs, width = _position_attrs(plan, position, theme)
            self.widest = max(self.widest, width)
            self._place(plan.cluster_of(position), plan.node_of[pid], attrs)
        for stub in plan.stubs:
            self._place(stub.cluster, stub.node, _stub_attrs(plan, stub, theme))
        self._columns()
        self._buses()
        for stub in plan.stubs:
            if stub.beside is not None:
                # The far end of a dotted line sits beside its position, as an assistant does.
                self.same_rank.setdefault(stub.cluster, []).append(
                    [plan.node_of[stub.beside], stub.node]
                )
        for manager, assistants in plan.assistants.items():
            for assistant in assistants:
                home = plan.cluster_of(plan.positions[manager])
                if home != plan.cluster_of(plan.positions[assistant]):
                    home = None  # newrank lets a top-level rank=same span two clusters
                self.same_rank.setdefault(home, []).append(
                    [plan.node_of[manager], plan.node_of[assistant]]
                )

    def _place(self, cluster: str | None, node: str, attrs: dict[str, str]) -> None:
        self.placed.setdefault(cluster, []).append((node, attrs))
        self.home[node] = cluster

    def _columns(self) -> None:
        # Each stacked column hangs from a vertical line of tiny points, one beside each box
        # (same rank), so the reports read as a list under their manager, not as a chain.
        # Graphviz handles those same-rank lines slowly, so big charts link the boxes directly.
        plan = self.plan
        direct = len(plan.positions) > _BUS_LIMIT
        step = _gap(self.ranks)
        unclipped = {**_INTO_POINT, **_FROM_POINT} if self.junctions else {}
        below = _FROM_POINT if self.junctions else {}
        for manager, columns in plan.columns.items():
            source = plan.node_of[manager]
            for column in columns:
                gap = min(plan.minlen.get(r, 1) for r in column)
                if direct:
                    nodes = [plan.node_of[report] for report in column]
                    # No extra weight here: heavy weights make dot's positioning crawl.
                    for upper, lower in itertools.pairwise(nodes):
                        self.bus_edges.append((upper, lower, {}))
                    # Only the first column pulls its manager across: with every column
                    # pulling, dot's positioning weighs equal pulls against each other for
                    # long, and the manager ends above one column all the same.
                    heads = self.bus_heads.setdefault(source, [])
                    heads.append((nodes[0], gap, _LOOSE if heads else {}))
                    continue
                cluster = plan.cluster_of(plan.positions[column[0]])
                points = []
                for report in column:
                    point = f"b{next(self.counter)}"
                    points.append(point)
                    self._place(cluster, point, _point_attrs(self.theme))
                    self.same_rank.setdefault(cluster, []).append([point, plan.node_of[report]])
                    self.bus_edges.append((point, plan.node_of[report], below))
                for upper, lower in itertools.pairwise(points):
                    self.bus_edges.append((upper, lower, {"weight": "100", **step, **unclipped}))
                self.bus_heads.setdefault(source, []).append((points[0], gap, {}))
                self.column_of[points[0]] = column[0]

    def _buses(self) -> None:
        """What hangs below each box, in chart order; with junctions, the bus it hangs from.

        With right-angled lines a team hangs from a bus on the row below its manager: one
        line down from the middle of the manager's bottom to a junction point, a row of points
        on that row linked side by side (one above each report, the junction in the middle),
        and one line down from each point to its report. Graphviz's router then has nothing
        to choose: no line leaves a box's side, and lines never run side by side a few pixels
        apart (both made it unclear who reports to whom).
        """
        plan = self.plan
        stacked = plan.stacked()
        heads: dict[str, list[tuple[str, int, dict[str, str]]]] = {}
        for manager in plan.positions:
            source = plan.node_of[manager]
            team: list[tuple[str, int, dict[str, str]]] = [
                (plan.node_of[report], plan.minlen.get(report, 1), {})
                for report in plan.reports.get(manager, ())
                if report not in stacked
            ]
            team.extend(self.bus_heads.get(source, ()))
            if team:
                heads[source] = team
        self.bus_heads = heads
        if not self.junctions:
            return  # stubs keep their own direct dashed lines (see write_edges)
        dashed = {"style": "dashed"}
        for stub in plan.stubs:
            if stub.parent is not None:
                heads.setdefault(plan.node_of[stub.parent], []).append((stub.node, 1, dashed))
            if stub.children:
                heads[stub.node] = [(plan.node_of[child], 1, dashed) for child in stub.children]
        self._report_of = {node: pid for pid, node in plan.node_of.items()}
        report_of = self._report_of | self.column_of
        for source, team in heads.items():
            tiers: list[list[tuple[str, int, dict[str, str]]]] = [[]]
            for entry in team:
                tier = plan.tier_of.get(report_of.get(entry[0], ""), 0)
                while len(tiers) <= tier:
                    tiers.append([])
                tiers[tier].append(entry)
            tiers = [members for members in tiers if members]
            self.buses[source] = [
                self._bus(source, members, trunk=len(tiers) > 1) for members in tiers
            ]

    def _bus(
        self, source: str, team: list[tuple[str, int, dict[str, str]]], *, trunk: bool
    ) -> _Bus:
        """One row of bus points above ``team``; ``trunk``: the team wraps onto more rows."""
        # A bus point lies in its manager's frame if its report does, else outside every
        # frame: the frames of other units start below it.
        home = self.home[source]
        clusters = [home if self.home[head] == home else None for head, _, _ in team]
        middle = len(team) // 2
        # A wrapped team's trunk runs on down from its junction, so the junction is a point
        # of its own between two reports, never one above a report.
        own = trunk or len(team) % 2 == 0
        if own:
            clusters.insert(middle, home if home in clusters else None)
        row = [f"j{next(self.counter)}" for _ in clusters]
        for cluster, point in zip(clusters, row, strict=True):
            self._place(cluster, point, _point_attrs(self.theme))
        drops = row[:middle] + row[middle + 1 :] if own else row
        homes = set(clusters)
        self.same_rank.setdefault(homes.pop() if len(homes) == 1 else None, []).append(row)
        return _Bus(row, row[middle], drops, team)

    def write_nodes(self, dot: graphviz.Digraph) -> None:
        """Top-level nodes and rank groups, then one subgraph per cluster."""
        _write_block(dot, self.placed.get(None, []), self.same_rank.get(None, []))
        for unit, name in _cluster_names(self.plan).items():
            with dot.subgraph(name=name) as sub:
                sub.attr(
                    label=f"<<B>{graphviz_html(unit)}</B>>",
                    style="rounded,dashed",
                    color=self.theme.muted,
                    fontcolor=self.theme.muted,
                    fontsize="12",
                    labeljust="l",
                    margin="12",
                )
                _write_block(sub, self.placed.get(unit, []), self.same_rank.get(unit, []))

    def write_edges(self, dot: graphviz.Digraph) -> None:
        """Solid lines per manager in chart order, stacked columns, stubs, then dotted lines."""
        plan = self.plan
        for manager in plan.positions:
            source = plan.node_of[manager]
            for assistant in plan.assistants.get(manager, ()):
                _edge(dot, source, plan.node_of[assistant], {})
            self._hang(dot, source)
        for upper, lower, attrs in self.bus_edges:
            _edge(dot, upper, lower, attrs)
        for stub in plan.stubs:
            if self.junctions:
                self._hang(dot, stub.node)
                continue
            if stub.parent is not None:
                dot.edge(plan.node_of[stub.parent], stub.node, style="dashed")
            for child in stub.children:
                dot.edge(stub.node, plan.node_of[child], style="dashed")
        for stub in plan.stubs:
            if stub.beside is not None:
                ends = (stub.node, plan.node_of[stub.beside])
                if stub.kind == "dotted-report":
                    ends = ends[::-1]
                _edge(dot, *ends, {"style": "dashed", "color": self.theme.dotted})
        for target, report in plan.dotted:
            dot.edge(
                plan.node_of[target],
                plan.node_of[report],
                style="dashed",
                color=self.theme.dotted,
                constraint="false",
            )

    def _hang(self, dot: graphviz.Digraph, source: str) -> None:
        """The lines from ``source`` down to what hangs below it (through its buses)."""
        if source not in self.buses:
            for head, gap, attrs in self.bus_heads.get(source, []):
                _edge(dot, source, head, {**attrs, **_gap(gap * self.ranks)})
            return
        above = source
        for tier, bus in enumerate(self.buses[source]):
            team = bus.team
            line = team[0][2] if all(attrs for _, _, attrs in team) else {}  # only stubs: dashed
            if tier == 0:
                # Invisible lines from the manager to the other points of its bus make Graphviz
                # meet the points from their manager, in the tree's order; without them the
                # rows of two teams side by side can start out swapped or interleaved and stay
                # tangled. Graphviz routes invisible lines too, and a wide fan of them is slow
                # (30 s for a flat row of 400): a wider team gets one, to its leftmost point.
                fan = bus.row if len(bus.row) <= _FAN_LIMIT else bus.row[:1]
                for point in fan:
                    if point != bus.junction:
                        _edge(dot, source, point, _INVISIBLE)
                _edge(dot, source, bus.junction,
                      {**line, **_INTO_POINT, "weight": _TRUNK_WEIGHT})  # fmt: skip
            else:
                # A wrapped row: the trunk goes on down from the row above, past the lowest
                # box hanging from it.
                starts = self.plan.tier_rows[self._report_of[source]]
                rows = self.ranks * (starts[tier] - starts[tier - 1])
                # As for the first row, invisible lines from above keep the row in order.
                for point in bus.row[:_FAN_LIMIT]:
                    if point != bus.junction:
                        _edge(dot, above, point, {**_INVISIBLE, **_gap(rows)})
                _edge(dot, above, bus.junction,
                      {**_INTO_POINT, **_FROM_POINT, **_gap(rows),
                       "weight": _TRUNK_WEIGHT})  # fmt: skip
            above = bus.junction
            for left, right in itertools.pairwise(bus.row):
                _edge(dot, left, right, {**line, **_INTO_POINT, **_FROM_POINT})
            for point, (head, gap, attrs) in zip(bus.drops, team, strict=True):
                # Only the first row keeps rows of one level aligned; wrapped rows sit close.
                drop = {
                    **attrs,
                    **_gap((gap if tier == 0 else 1) * self.ranks - 1),
                    **_FROM_POINT,
                    "weight": _TRUNK_WEIGHT,
                }
                _edge(dot, point, head, drop)


@dataclasses.dataclass(frozen=True)
class _Bus:
    """One row of bus points, and the team hanging from it.

    ``row``: the points left to right; ``junction``: the one the line from above meets;
    ``drops``: the point above each entry of ``team`` (head node, rows down, line attributes).
    """

    row: list[str]
    junction: str
    drops: list[str]
    team: list[tuple[str, int, dict[str, str]]]


def _write_block(
    dot: graphviz.Digraph, nodes: list[tuple[str, dict[str, str]]], groups: list[list[str]]
) -> None:
    # The statements are written here as ``dot.node`` would write them (same bytes), at a
    # fraction of its cost: node names are generated and values come from this module.
    dot.body.extend(f"\t{node}{_attr_list(attrs)}\n" for node, attrs in nodes)
    for group in groups:
        # Node names here are generated (n0, b3), so the raw statement needs no quoting.
        dot.body.append("\t{rank=same; " + "; ".join(group) + "}\n")


def _edge(dot: graphviz.Digraph, tail: str, head: str, attrs: dict[str, str]) -> None:
    """``dot.edge(tail, head, **attrs)`` for generated node names, written directly."""
    dot.body.append(f"\t{tail} -> {head}{_attr_list(attrs)}\n")


def _attr_list(attrs: dict[str, str]) -> str:
    """The `` [label=... key=value ...]`` of a statement, quoted and ordered as graphviz does."""
    if not attrs:
        return ""
    label = attrs.get("label")
    items = [f"label={_quote(label)}"] if label is not None else []
    items.extend(f"{key}={_quote(value)}" for key, value in sorted(attrs.items()) if key != "label")
    return f" [{' '.join(items)}]"


@functools.lru_cache(maxsize=4096)
def _quote_cached(value: str) -> str:
    from graphviz.quoting import quote  # noqa: PLC0415  # graphviz loads on first use

    quoted: str = quote(value)
    return quoted


def _quote(value: str) -> str:
    if value.startswith("<") and value.endswith(">"):
        return value  # an HTML-like label, written as is (as graphviz's quote does)
    return _quote_cached(value)


def _gap(rows: int) -> dict[str, str]:
    return {"minlen": str(rows)} if rows > 1 else {}


def _cluster_names(plan: DrawPlan) -> dict[str, str]:
    units: dict[str, str] = {}
    if plan.options.group_by != "unit":
        return units
    for position in plan.positions.values():
        if position.unit is not None and position.unit not in units:
            units[position.unit] = f"cluster_{len(units)}"
    return units


def _position_attrs(
    plan: DrawPlan, position: Position, theme: Theme
) -> tuple[dict[str, str], float]:
    """A position box's attributes, and the estimated width of its widest line in points."""
    track = plan.track_of(position)
    fill, border = theme.tracks[track]
    narrow = 0 if position.id in plan.roomy else plan.arrangement.narrow
    title_width, name_width, _ = _NARROWER.get(narrow, (_TITLE_WIDTH, _NAME_WIDTH, 0.0))
    titles = wrap(display_title(plan.chart, position), title_width)
    title = "<BR/>".join(graphviz_html(line) for line in titles)
    width = max(_text_width(line, 11) for line in titles)
    if position.name is None:
        holder = f'<FONT COLOR="{theme.muted}"><I>Vacant</I></FONT>'
    else:
        names = wrap(position.name, name_width)
        holder = "<BR/>".join(graphviz_html(line) for line in names)
        width = max(width, *(_text_width(line, 10) for line in names))
    # A thin empty line between title and holder: a two-line title otherwise all but
    # touches the name below it. Big charts go without: Graphviz sizes and draws each line
    # of text on its own, and a third line in every box costs a tenth of a big chart's time.
    gap = "" if len(plan.positions) > _UNIFORM_LIMIT else f"{_GAP}<BR/>"
    text = f'<FONT POINT-SIZE="11"><B>{title}</B></FONT><BR/>{gap}{holder}'
    classes = ["position", f"track-{track}"]
    # The position's own id, spelled one to one without markup, so users can style and
    # script each box (see _annotate.element_id); never used as a node name.
    attrs = {"color": border, "fillcolor": fill, "id": element_id(position.id)}
    if narrow != plan.arrangement.narrow:
        attrs["width"] = f"{_BOX_WIDTH:g}"
        attrs["margin"] = f"{_BOX_MARGIN:g},0.06"
    if position.name is None:
        classes.append("vacant")
        attrs["style"] = "rounded,filled,dashed"
        attrs["fillcolor"] = theme.vacant_fill
    mark = plan.marks.get(position.id)
    if mark is not None:
        classes.append("marked")
        text = _marked(text, mark, theme)
        _mark_attrs(attrs, mark)
    attrs["label"] = f"<{text}>"
    attrs["class"] = " ".join(classes)
    return attrs, width


def box_size(plan: DrawPlan, position: Position, narrow: int) -> tuple[float, float]:
    """About how wide and tall (points) a position's box is drawn at ``narrow``.

    Examples:
        >>> from orgroles import OrgChart, Style
        >>> from orgroles._render._plan import build_plan
        >>> chart = OrgChart([{"id": "a", "role": "pm", "title": "Product Manager, Payments"}])
        >>> [tuple(round(v) for v in box_size(build_plan(chart, Style()), chart["a"], n))
        ...  for n in (0, 3)]
        [(207, 40), (74, 52)]
    """
    title_width, name_width, least = _NARROWER.get(narrow, (_TITLE_WIDTH, _NAME_WIDTH, _BOX_WIDTH))
    titles = wrap(display_title(plan.chart, position), title_width)
    width = max(_text_width(line, 11) for line in titles)
    names = ["Vacant"] if position.name is None else wrap(position.name, name_width)
    width = max(width, *(_text_width(line, 10) for line in names))
    margin = _NARROW_BOX_MARGIN if narrow else _BOX_MARGIN
    across = max(least * 72, width + 2 * margin * 72)
    # Graphviz gives a line of HTML-like label text its font size in height; 3 for the gap.
    down = 11 * len(titles) + 3 + 10 * len(names) + 2 * 72 * (_NARROW_BOX_ROOM if narrow else 0.06)
    return across, max(0.55 * 72, down)


def spacing(narrow: int) -> tuple[float, float]:
    """Points between boxes side by side, and between rows of boxes, at ``narrow``."""
    if narrow:
        return 72 * float(_NARROW_NODESEP), 2 * 72 * float(_NARROW_RANKSEP)
    return 72 * float(_NODESEP), 2 * 72 * float(_JUNCTION_RANKSEP)


def _marked(text: str, mark: Mark, theme: Theme) -> str:
    """A box's label text with the mark's note under it and its badge above it."""
    if mark.note is not None:
        note = "<BR/>".join(graphviz_html(line) for line in wrap(mark.note, _NAME_WIDTH))
        text += f'<BR/><FONT POINT-SIZE="9" COLOR="{theme.muted}"><I>{note}</I></FONT>'
    if mark.badge is None:
        return text
    # A pill of the mark's colour: a nested table, as a box label cannot hold a filled span.
    back = mark.color or theme.muted
    ink = _readable_on(back)
    badge = visible(mark.badge)
    # Graphviz widens a nested table to its column: a fixed size keeps the pill a pill.
    width = math.ceil(_text_width(badge, 8) + 10)
    pill = (
        f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0" BGCOLOR="{back}" '
        f'STYLE="rounded" FIXEDSIZE="TRUE" WIDTH="{width}" HEIGHT="14"><TR>'
        f'<TD FIXEDSIZE="TRUE" WIDTH="{width}" HEIGHT="14" ALIGN="CENTER" VALIGN="MIDDLE">'
        f'<FONT POINT-SIZE="8" COLOR="{ink}"><B>{graphviz_html(badge)}</B></FONT>'
        "</TD></TR></TABLE>"
    )
    return (
        '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">'
        f'<TR><TD ALIGN="CENTER">{pill}</TD></TR><TR><TD>{text}</TD></TR></TABLE>'
    )


def _mark_attrs(attrs: dict[str, str], mark: Mark) -> None:
    if mark.color is not None:
        attrs["color"] = mark.color
        attrs["penwidth"] = "2.6"  # twice the usual border: a highlight reads at a glance
    if mark.fill is not None:
        attrs["fillcolor"] = mark.fill


def _readable_on(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (``#rrggbb``; WCAG luminance)."""

    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(background[i : i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    # Contrast with black (L + 0.05) / 0.05 against white 1.05 / (L + 0.05): equal at 0.179.
    return "#000000" if luminance > 0.179 else "#ffffff"


# Rough advance widths in ems of a bold sans-serif (DejaVu Sans Bold, the widest of the usual
# Helvetica stand-ins), erring wide: an underestimate only makes that one box wider.
_NARROW = frozenset(" fijlrtI.,:;'!|()[]`")
_WIDE = frozenset("mwMW@%")


def _text_width(text: str, size: float) -> float:
    ems = 0.0
    for char in text:
        if char in _NARROW:
            ems += 0.45
        elif char in _WIDE:
            ems += 1.1
        elif char.isupper() or not char.isascii():
            ems += 0.8 if char.isascii() else 1.0
        else:
            ems += 0.72
    return ems * size


def _stub_attrs(plan: DrawPlan, stub: Stub, theme: Theme) -> dict[str, str]:
    if stub.kind == "ghost":
        return _ghost_attrs(plan, stub, theme)
    if stub.beside is not None:
        return _far_attrs(stub, theme)
    rows = [[graphviz_html(line) for line in wrap(text, 40)] for text in stub.lines]
    if stub.kind == "link" and rows:
        rows[0] = [f"<B>{line}</B>" for line in rows[0]]  # the unit's name leads
    lines = "<BR/>".join(line for row in rows for line in row)
    attrs: dict[str, Any] = {
        "label": f"<{lines}>",
        "style": "rounded,filled,dashed",
        "fillcolor": theme.stub_fill,
        "color": theme.muted,
        "fontcolor": theme.muted,
        "class": f"stub stub-{stub.kind}",
    }
    if stub.kind == "more":
        attrs.update(width="1.1", height="0.4")
    return attrs


def _far_attrs(stub: Stub, theme: Theme) -> dict[str, str]:
    """The far end of a dotted line, drawn in another file: what it is, who, which file."""
    kind, who, *rest = (
        "<BR/>".join(graphviz_html(line) for line in wrap(text, 40)) for text in stub.lines
    )
    lines = [f'<FONT POINT-SIZE="9">{kind}</FONT>', f"<B>{who}</B>", *rest]
    return {
        "label": "<" + "<BR/>".join(lines) + ">",
        "style": "rounded,filled,dashed",
        "fillcolor": theme.stub_fill,
        "color": theme.dotted,
        "fontcolor": theme.muted,
        "class": f"stub stub-{stub.kind}",
    }


def _ghost_attrs(plan: DrawPlan, stub: Stub, theme: Theme) -> dict[str, str]:
    """A seat not in the chart: a position-like box, dashed and in muted colours."""
    ref = stub.ref or ""
    title = "<BR/>".join(graphviz_html(line) for line in wrap(stub.lines[0], _TITLE_WIDTH))
    text = f'<FONT POINT-SIZE="11"><B>{title}</B></FONT>'
    if len(stub.lines) > 1:
        names = "<BR/>".join(graphviz_html(line) for line in wrap(stub.lines[1], _NAME_WIDTH))
        text += f"<BR/>{_GAP}<BR/>{names}"
    attrs = {
        "style": "rounded,filled,dashed",
        "fillcolor": theme.stub_fill,
        "color": theme.muted,
        "fontcolor": theme.muted,
        "id": ghost_element_id(ref),
        "class": "stub stub-ghost ghost",
    }
    mark = plan.marks.get(ref)
    if mark is not None:
        text = _marked(text, mark, theme)
        _mark_attrs(attrs, mark)
    attrs["label"] = f"<{text}>"
    return attrs


def _point_attrs(theme: Theme) -> dict[str, str]:
    # A dot as wide as a line and with no outline: it fills the corner where two lines meet
    # and shows nowhere else.
    return {
        "shape": "point",
        "width": "0.017",
        "height": "0.017",
        "style": "filled",
        "penwidth": "0",
        "color": theme.line,
        "label": "",
        "class": "bus",
    }


def _caption(title: str | None, date: str | None, theme: Theme) -> str:
    parts = []
    if title is not None:
        parts.append(f'<FONT POINT-SIZE="18"><B>{graphviz_html(title)}</B></FONT>')
    if date is not None:
        parts.append(f'<FONT POINT-SIZE="11" COLOR="{theme.muted}">{graphviz_html(date)}</FONT>')
    # An empty line below the caption keeps it clear of the top box.
    parts.append('<FONT POINT-SIZE="10"> </FONT>')
    return "<" + '<BR ALIGN="LEFT"/>'.join(parts) + '<BR ALIGN="LEFT"/>>'


def _legend_labels(plan: DrawPlan) -> list[str]:
    """The text of each cell of the legend, in order, "Legend" first."""
    tracks = {plan.track_of(p) for p in plan.positions.values()}
    labels = ["Legend", *(TRACK_LABELS[track] for track in TRACK_ORDER if track in tracks)]
    if any(p.name is None for p in plan.positions.values()):
        labels.append("Vacant")
    if plan.dotted or any(stub.beside is not None for stub in plan.stubs):
        labels.append("- - - dotted-line report")
    labels.extend(entry.label for entry in (plan.annotations.legend if plan.annotations else ()))
    return labels


def legend_size(plan: DrawPlan) -> tuple[float, float]:
    """About how wide and tall (points) the legend of a drawing arranged to fit a page is."""
    if not plan.options.legend or not plan.positions:
        return 0.0, 0.0
    rows = _legend_row_widths(plan, _LEGEND_ROW)
    return max(rows), 18.0 * len(rows) + 2


def _legend_row_widths(plan: DrawPlan, per_row: int) -> list[float]:
    """About how wide (points) each row of the legend is, ``per_row`` cells to a row."""
    # Legend text is regular, not bold as _text_width assumes; 8 pt for a cell's padding.
    widths = [_text_width(visible(label), 10) * 0.85 + 8 for label in _legend_labels(plan)]
    rows = [widths[i : i + per_row] for i in range(0, len(widths), per_row)]
    return [sum(row) + 2 * len(row) for row in rows]


def _legend_filler(width: float) -> str:
    """An empty, unbordered cell at least ``width`` points wide; nothing below 4 pt."""
    return f'<TD BORDER="0" WIDTH="{round(width)}"></TD>' if width >= 4 else ""


def _legend(plan: DrawPlan, theme: Theme) -> str:
    tracks = {plan.track_of(p) for p in plan.positions.values()}
    cells = []
    for track in TRACK_ORDER:
        if track in tracks:
            fill, border = theme.tracks[track]
            cells.append(
                f'<TD BGCOLOR="{fill}" COLOR="{border}" STYLE="rounded">{TRACK_LABELS[track]}</TD>'
            )
    if any(p.name is None for p in plan.positions.values()):
        cells.append(
            f'<TD BGCOLOR="{theme.vacant_fill}" COLOR="{theme.muted}" STYLE="dashed">'
            f'<FONT COLOR="{theme.muted}"><I>Vacant</I></FONT></TD>'
        )
    if plan.dotted or any(stub.beside is not None for stub in plan.stubs):
        cells.append(
            f'<TD BORDER="0"><FONT COLOR="{theme.dotted}">- - - dotted-line report</FONT></TD>'
        )
    for entry in plan.annotations.legend if plan.annotations is not None else ():
        style = "dashed" if entry.dashed else "rounded"
        cells.append(
            f'<TD BGCOLOR="{entry.fill or theme.background}" COLOR="{entry.color}" '
            f'STYLE="{style}">{graphviz_html(entry.label)}</TD>'
        )
    cells.insert(0, f'<TD BORDER="0"><FONT COLOR="{theme.muted}">Legend</FONT></TD>')
    # A drawing arranged to fit a page has no room for a long row: the legend wraps.
    per_row = _LEGEND_ROW if plan.arrangement != Arrangement() else len(cells)
    table = '<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="6" CELLPADDING="5">'
    if per_row < len(cells):
        # Packed close, two rows stand about as tall as the top box beside them.
        table = '<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="1" CELLPADDING="2">'
    if per_row >= len(cells):
        return f"<{table}<TR>{''.join(cells)}</TR></TABLE>>"
    # Each row a table of its own, so that cells keep their own widths. Graphviz stretches a
    # narrower row to the widest, sharing the extra width among its cells, so a last row of one
    # cell became a bar as wide as the legend: an empty cell about as wide as the shortfall
    # takes it instead. The estimates run about 10% wide; 0.85 keeps the filler short of
    # widening the legend, and what it leaves is shared out in a few points.
    widths = _legend_row_widths(plan, per_row)
    rows = "".join(
        f'<TR><TD BORDER="0" ALIGN="LEFT">{table}<TR>{"".join(cells[i : i + per_row])}'
        f"{_legend_filler((max(widths) - width) * 0.85)}</TR></TABLE></TD></TR>"
        for i, width in zip(range(0, len(cells), per_row), widths, strict=True)
    )
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">{rows}</TABLE>>'
