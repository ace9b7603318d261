"""orgroles.traversal and the reporting index: each walk checked against networkx and by hand."""

from __future__ import annotations

import itertools
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import orgroles
from orgroles import OrgChart, Position, ReportingCycleError, UnknownPositionError
from orgroles._index import MISSING_MANAGER, NO_MANAGER, ReportingIndex
from orgroles._render._plan import build_plan
from orgroles._render._style import Style
from orgroles.strategies import FaultyChart, invalid_org_charts


@st.composite
def charts(draw: st.DrawFn, *, broken: bool) -> OrgChart:
    """Random charts: forests (each manager earlier), or anything (cycles, missing managers).

    Units are sprinkled so that inheritance has something to carry.
    """
    count = draw(st.integers(min_value=0, max_value=25))
    ids = [f"p{n}" for n in draw(st.permutations(range(count)))]
    records: list[dict[str, Any]] = []
    for at, position_id in enumerate(ids):
        if broken:
            choice = st.one_of(st.none(), st.sampled_from(ids), st.sampled_from(["gone", "nobody"]))
        else:
            choice = st.none() | (st.sampled_from(ids[:at]) if at else st.nothing())
        manager = draw(choice)
        unit = draw(st.none() | st.sampled_from(["A", "B"]))
        records.append({"id": position_id, "role": "pm", "reports_to": manager, "unit": unit})
    return OrgChart(records)


def graph(chart: OrgChart) -> nx.DiGraph[str]:
    """Manager -> report edges among the chart's positions (self-loops kept)."""
    result: nx.DiGraph[str] = nx.DiGraph()
    result.add_nodes_from(p.id for p in chart)
    result.add_edges_from((p.reports_to, p.id) for p in chart if p.reports_to in chart)
    return result


def starts(chart: OrgChart) -> list[str]:
    return [p.id for p in chart if p.reports_to is None or p.reports_to not in chart]


def depths_below(reporting: nx.DiGraph[str], tops: list[str]) -> dict[str, int]:
    """Breadth-first depths from the tops, by networkx (through one made-up node above them)."""
    reporting = reporting.copy()
    reporting.add_node("<top>")
    reporting.add_edges_from(("<top>", top) for top in tops)
    lengths = nx.single_source_shortest_path_length(reporting, "<top>")
    return {node: distance - 1 for node, distance in lengths.items() if node != "<top>"}


def canonical(cycle: list[str]) -> tuple[str, ...]:
    first = cycle.index(min(cycle))
    return tuple(cycle[first:] + cycle[:first])


any_chart = st.one_of(charts(broken=False), charts(broken=True))


@settings(deadline=None)  # a walk and a networkx call per position
@given(any_chart)
def test_descendants_and_ancestors_agree_with_networkx(chart: OrgChart) -> None:
    reporting = graph(chart)
    for position in chart:
        below = orgroles.descendants(chart, position.id)
        assert len(below) == len(set(below))
        assert set(below) == nx.descendants(reporting, position.id)
        # Depth first: each one comes after its manager (or is a direct report).
        seen = {position.id}
        for found in below:
            assert chart[found].reports_to in seen
            seen.add(found)
        assert [p.id for p in chart.descendants(position.id)] == below
        above = orgroles.ancestors(chart, position.id)
        assert set(above) == nx.ancestors(reporting, position.id)
        assert [chart[a].id for a in above[:1]] == [
            m for m in [position.reports_to] if m in chart and m != position.id
        ]
        for lower, upper in itertools.pairwise(above):
            assert chart[lower].reports_to == upper


@given(any_chart)
def test_cycles_agree_with_networkx(chart: OrgChart) -> None:
    expected = {canonical(list(reversed(c))) for c in nx.simple_cycles(graph(chart))}
    found = orgroles.find_cycles(chart)
    assert set(found) == expected
    assert len(found) == len(expected)
    for cycle in found:
        assert cycle[0] == min(cycle)
        for report, manager in zip(cycle, (*cycle[1:], cycle[0]), strict=True):
            assert chart[report].reports_to == manager
    order = {p.id: at for at, p in enumerate(chart)}
    assert [order[c[0]] for c in found] == sorted(order[c[0]] for c in found)


@given(any_chart)
def test_depths_order_and_unreachable_agree_with_networkx(chart: OrgChart) -> None:
    depths = orgroles.depths(chart)
    assert depths == depths_below(graph(chart), starts(chart))
    order = orgroles.topological_order(chart)
    assert sorted(order) == sorted(depths)
    assert list(depths) == [p.id for p in chart if p.id in depths]  # chart order
    assert [depths[p] for p in order] == sorted(depths[p] for p in order)
    place = {p: at for at, p in enumerate(order)}
    for position_id in order:
        manager = chart[position_id].reports_to
        if manager is not None and manager in chart:
            assert place[manager] < place[position_id]
    assert orgroles.unreachable(chart) == [p.id for p in chart if p.id not in depths]
    assert orgroles.roots(chart) == [p.id for p in chart.roots()]
    assert orgroles.roots(chart) == [p.id for p in chart if p.reports_to is None]
    assert orgroles.missing_managers(chart) == {
        p.id: p.reports_to for p in chart if p.reports_to is not None and p.reports_to not in chart
    }


@given(any_chart, st.data())
def test_depths_from_given_roots(chart: OrgChart, data: st.DataObject) -> None:
    if not len(chart):
        assert orgroles.depths(chart, roots=[]) == {}
        return
    tops = data.draw(st.lists(st.sampled_from(chart.ids()), max_size=3))
    assert orgroles.depths(chart, roots=tops) == depths_below(graph(chart), tops)


@given(any_chart)
def test_subtree_sizes_agree_with_networkx(chart: OrgChart) -> None:
    reporting = graph(chart)
    assert orgroles.subtree_sizes(chart) == {
        p.id: 1 + len(nx.descendants(reporting, p.id)) for p in chart
    }


@given(any_chart)
def test_is_tree_agrees_with_networkx(chart: OrgChart) -> None:
    reporting = graph(chart)
    expected = (
        len(chart) > 0 and nx.is_arborescence(reporting) and not orgroles.missing_managers(chart)
    )
    assert orgroles.is_tree(chart) == expected


def _inherited_by_hand(chart: OrgChart, field: str) -> dict[str, Any]:
    result = {}
    for position in chart:
        value: Any = None
        current: Position | None = position
        seen: set[str] = set()
        while current is not None and current.id not in seen:
            seen.add(current.id)
            value = getattr(current, field)
            if value is not None:
                break
            manager = current.reports_to
            current = chart.get(manager) if manager is not None else None
        result[position.id] = value
    return result


@given(any_chart)
def test_inherited_is_the_nearest_value_up_the_line(chart: OrgChart) -> None:
    assert orgroles.inherited(chart, "unit") == _inherited_by_hand(chart, "unit")
    assert orgroles.inherited(chart, "role") == {p.id: p.role for p in chart}


@settings(deadline=None)  # a walk and a networkx call per position
@given(any_chart)
def test_chart_queries_read_the_same_index(chart: OrgChart) -> None:
    reporting = graph(chart)
    for position in chart:
        reports = [p.id for p in chart.reports_of(position.id)]
        assert reports == [p.id for p in chart if p.reports_to == position.id]
        assert set(reports) == set(reporting.successors(position.id))
        if position.id in orgroles.unreachable(chart):
            cycles = {frozenset(c) for c in orgroles.find_cycles(chart)}
            with pytest.raises(ReportingCycleError) as raised:
                chart.chain_of_command(position.id)
            assert frozenset(raised.value.cycle) in cycles
        else:
            chain = [p.id for p in chart.chain_of_command(position.id)]
            assert chain == orgroles.ancestors(chart, position.id)
    for manager in ("gone", "nobody"):
        assert [p.id for p in chart.reports_of(manager)] == [
            p.id for p in chart if p.reports_to == manager
        ]


@given(charts(broken=False), st.data())
def test_changes_drop_the_index(chart: OrgChart, data: st.DataObject) -> None:
    if len(chart) < 2:
        return
    ids = chart.ids()
    orgroles.depths(chart)  # build the index before changing the chart
    mover = data.draw(st.sampled_from(ids))
    allowed = [i for i in ids if i != mover and i not in orgroles.descendants(chart, mover)]
    target = data.draw(st.none() | st.sampled_from(allowed)) if allowed else None
    chart.move(mover, target)
    assert orgroles.depths(chart) == orgroles.depths(OrgChart(list(chart)))
    chart.add(id="new", role="pm", reports_to=mover)
    assert "new" in orgroles.descendants(chart, mover)
    chart.update("new", reports_to=None)
    assert orgroles.roots(chart)[-1] == "new"
    chart.remove(mover, reports="remove")
    assert mover not in orgroles.topological_order(chart)
    assert orgroles.subtree_sizes(chart) == orgroles.subtree_sizes(OrgChart(list(chart)))


def test_a_100000_deep_chain() -> None:
    count = 100_000
    chart = OrgChart(
        [{"id": "p0", "role": "ceo"}]
        + [{"id": f"p{n}", "role": "pm", "reports_to": f"p{n - 1}"} for n in range(1, count)]
    )
    assert orgroles.depths(chart)[f"p{count - 1}"] == count - 1
    assert len(orgroles.descendants(chart, "p0")) == count - 1
    assert len(orgroles.ancestors(chart, f"p{count - 1}")) == count - 1
    assert orgroles.subtree_sizes(chart)["p0"] == count
    assert orgroles.is_tree(chart)
    assert orgroles.inherited(chart, "unit")[f"p{count - 1}"] is None
    with pytest.raises(ReportingCycleError):
        chart.move("p0", f"p{count - 1}")


def test_a_100000_long_cycle() -> None:
    count = 100_000
    chart = OrgChart(
        {"id": f"p{n}", "role": "pm", "reports_to": f"p{(n + 1) % count}"} for n in range(count)
    )
    (cycle,) = orgroles.find_cycles(chart)
    assert len(cycle) == count
    assert cycle[:2] == ("p0", "p1")
    assert len(orgroles.unreachable(chart)) == count
    assert orgroles.subtree_sizes(chart)["p5"] == count
    with pytest.raises(ReportingCycleError):
        chart.chain_of_command("p5")


def test_unknown_ids_name_close_ones() -> None:
    chart = OrgChart([{"id": "ceo", "role": "ceo"}])
    for walk in (orgroles.descendants, orgroles.ancestors):
        with pytest.raises(UnknownPositionError, match="ceo"):
            walk(chart, "cea")
    with pytest.raises(UnknownPositionError):
        orgroles.depths(chart, roots=["nobody"])
    with pytest.raises(ValueError, match="not a position field"):
        orgroles.inherited(chart, "colour")


def test_an_empty_chart() -> None:
    chart = OrgChart()
    assert orgroles.roots(chart) == []
    assert orgroles.depths(chart) == {}
    assert orgroles.find_cycles(chart) == []
    assert orgroles.subtree_sizes(chart) == {}
    assert not orgroles.is_tree(chart)


def test_the_index_from_columns() -> None:
    index = ReportingIndex(["a", "b", "c", "d"], [NO_MANAGER, 0, 0, MISSING_MANAGER])
    assert index.children(0) == [1, 2]
    assert index.roots() == [0]
    assert index.missing_manager() == [3]
    assert index.starts() == [0, 3]
    assert list(index.depths()) == [0, 1, 1, 0]
    assert index.position("c") == 2
    with pytest.raises(ValueError, match="out of range"):
        ReportingIndex(["a"], [1])
    with pytest.raises(ValueError, match="parents"):
        ReportingIndex(["a"], [])
    with pytest.raises(ValueError, match="share an id"):
        ReportingIndex.from_managers(["a", "a"], [None, None])
    # An index given no id dict (a bulk import proved its ids distinct) checks on first lookup.
    with pytest.raises(ValueError, match="share an id"):
        ReportingIndex(["a", "a"], [-1, -1]).position("a")


@settings(deadline=None)  # draws two plans a chart: slow on a busy machine
@given(invalid_org_charts(max_size=12), st.integers(min_value=0, max_value=3))
def test_text_sections_and_plan_stubs_agree_with_traversal(faulty: FaultyChart, limit: int) -> None:
    chart = faulty.chart
    text = orgroles.to_text(chart)
    sections = text.split("\n\n")
    cycle_lines = [s for s in sections if s.startswith("In or below a reporting cycle:")]
    listed = [line.split(" · ")[0] for s in cycle_lines for line in s.splitlines()[1:]]
    assert listed == orgroles.unreachable(chart)
    missing = orgroles.missing_managers(chart)
    orphan_sections = [s for s in sections if s.startswith("Reporting to positions not in")]
    tops = [
        line.split(" · ")[0]
        for s in orphan_sections
        for line in s.splitlines()[1:]
        if "(not in the chart)" in line
    ]
    assert tops == list(missing)
    plan = build_plan(chart, Style())
    stubs = [s for s in plan.stubs if s.kind == "missing"]
    assert [s.lines[1] for s in stubs] == list(dict.fromkeys(missing.values()))
    assert plan.level_of == {p: d for p, d in orgroles.depths(chart).items() if p in plan.positions}
    limited = build_plan(chart, Style(depth=limit))
    depths = orgroles.depths(chart)
    assert set(limited.positions) == {p.id for p in chart if depths.get(p.id, 0) <= limit}
    hidden = sum(int(s.lines[0].split()[0][1:]) for s in limited.stubs if s.kind == "more")
    assert hidden == limited.hidden
