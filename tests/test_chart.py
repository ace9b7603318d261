"""The OrgChart model: construction, editing, queries, networkx and records."""

from __future__ import annotations

from typing import Any, Literal

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import orgroles
from orgroles import (
    OrgChart,
    OrgDataError,
    Position,
    ReportingCycleError,
    Role,
    UnknownPositionError,
)
from orgroles.strategies import invalid_org_charts, org_charts


def small() -> OrgChart:
    return OrgChart(
        [
            {"id": "ceo", "role": "ceo", "name": "Ada"},
            {"id": "cpo", "role": "cpo", "name": "Grace", "reports_to": "ceo"},
            {"id": "dir-a", "role": "director", "reports_to": "cpo", "unit": "A"},
            {"id": "pm-a1", "role": "pm", "name": "Lin", "reports_to": "dir-a", "unit": "A"},
            {"id": "pm-a2", "role": "pm", "reports_to": "dir-a", "unit": "A"},
            {"id": "ea", "role": "other", "reports_to": "cpo", "assistant": True, "name": "Sam"},
            {"id": "dir-b", "role": "director", "reports_to": "cpo", "unit": "B"},
            {
                "id": "pm-b1",
                "role": "pm",
                "reports_to": "dir-b",
                "unit": "B",
                "dotted_to": ["dir-a"],
            },
        ],
        name="Acme",
    )


def ids(positions: Any) -> list[str]:
    return [p.id for p in positions]


class TestConstruction:
    def test_iteration_follows_input_order(self) -> None:
        chart = small()
        assert ids(chart) == ["ceo", "cpo", "dir-a", "pm-a1", "pm-a2", "ea", "dir-b", "pm-b1"]
        assert len(chart) == 8
        assert "pm-a1" in chart
        assert "nobody" not in chart

    def test_every_problem_is_reported_at_once(self) -> None:
        with pytest.raises(OrgDataError) as caught:
            OrgChart(
                [
                    {"id": "a", "role": "pm"},
                    {"id": "a", "role": "pm"},
                    {"id": "b", "role": "dirctor"},
                    {"id": 7, "role": "pm"},
                    {"id": "c", "role": "pm", "reportsto": "a"},
                    {"role": "pm"},
                ]
            )
        problems = caught.value.problems
        assert [(p.place.row, p.place.field) for p in problems] == [
            (2, "id"),
            (3, "role"),
            (4, "id"),
            (5, "reportsto"),
            (6, "id"),
        ]
        text = str(caught.value)
        assert text.startswith("cannot build the org chart: 5 problems")
        assert "duplicate id (first used by position #1)" in text
        assert "did you mean 'director'" in text
        assert "did you mean 'reports_to'" in text

    def test_broken_structure_is_representable(self) -> None:
        # Validation reports these; the model must be able to hold them.
        chart = OrgChart(
            [
                {"id": "a", "role": "pm", "reports_to": "b"},
                {"id": "b", "role": "pm", "reports_to": "a"},
                {"id": "c", "role": "pm", "reports_to": "missing"},
                {"id": "d", "role": "pm", "reports_to": "d"},
                {"id": "e", "role": "pm", "dotted_to": ["nowhere"]},
            ]
        )
        assert len(chart) == 5
        assert chart.manager_of("c") is None
        assert ids(chart.reports_of("missing")) == ["c"]
        assert ids(chart.roots()) == ["e"]

    @pytest.mark.parametrize(
        ("field", "value", "fragment"),
        [
            ("id", "", "at least 1 character"),
            ("id", " padded", "leading or trailing whitespace"),
            ("id", "two\nlines", "control character"),
            ("role", "Director", "not a role key"),
            ("name", "", "at least 1 character"),
            ("dotted_to", ["x", "x"], "listed twice"),
            ("assistant", "yes", "valid boolean"),
            ("attributes", {"x": object()}, "attributes"),
            ("attributes", {"x": float("nan")}, "not a JSON number"),
            ("attributes", {"x": [{"y": float("-inf")}]}, "not a JSON number"),
        ],
    )
    def test_malformed_values_are_refused(self, field: str, value: Any, fragment: str) -> None:
        record = {"id": "p", "role": "pm", field: value}
        with pytest.raises(OrgDataError) as caught:
            OrgChart([record])
        assert fragment in str(caught.value)

    def test_ids_are_strings_never_numbers(self) -> None:
        with pytest.raises(ValidationError, match="valid string"):
            Position(id=42, role="pm")  # type: ignore[arg-type]  # a number, on purpose
        assert Position(id="0042", role="pm").id == "0042"

    def test_custom_roles(self) -> None:
        owner = Role(key="product_owner", title="Product Owner", track="ic", level=2)
        chart = OrgChart([{"id": "po", "role": "product_owner"}], roles=[owner])
        assert chart.role_of("po") == owner
        assert chart.roles.custom_roles == (owner,)
        with pytest.raises(OrgDataError, match="unknown role 'product_owner'"):
            OrgChart([{"id": "po", "role": "product_owner"}])


class TestQueries:
    def test_lookup_unknown_id_suggests(self) -> None:
        chart = small()
        with pytest.raises(UnknownPositionError, match=r"unknown position 'pm-a3' \(did you mean"):
            chart["pm-a3"]
        with pytest.raises(KeyError):
            chart["zzz"]
        assert chart.get("zzz") is None

    def test_manager_reports_and_span(self) -> None:
        chart = small()
        assert chart.manager_of("pm-a1") == chart["dir-a"]
        assert chart.manager_of("ceo") is None
        assert ids(chart.reports_of("cpo")) == ["dir-a", "ea", "dir-b"]
        assert ids(chart.reports_of("cpo", assistants=False)) == ["dir-a", "dir-b"]
        assert chart.span_of_control("cpo") == 2
        assert ids(chart.dotted_reports_of("dir-a")) == ["pm-b1"]

    def test_chain_of_command_nearest_first(self) -> None:
        assert ids(small().chain_of_command("pm-b1")) == ["dir-b", "cpo", "ceo"]
        assert small().chain_of_command("ceo") == []

    def test_chain_of_command_names_a_cycle(self) -> None:
        chart = OrgChart(
            [
                {"id": "x", "role": "pm", "reports_to": "a"},
                {"id": "a", "role": "pm", "reports_to": "b"},
                {"id": "b", "role": "pm", "reports_to": "c"},
                {"id": "c", "role": "pm", "reports_to": "a"},
            ]
        )
        with pytest.raises(ReportingCycleError) as caught:
            chart.chain_of_command("x")
        assert caught.value.cycle == ("a", "b", "c")
        assert "a -> b -> c -> a" in str(caught.value)

    def test_descendants_and_subtree(self) -> None:
        chart = small()
        assert ids(chart.descendants("cpo")) == [
            "dir-a",
            "pm-a1",
            "pm-a2",
            "ea",
            "dir-b",
            "pm-b1",
        ]
        sub = chart.subtree("dir-a")
        assert ids(sub) == ["dir-a", "pm-a1", "pm-a2"]
        assert sub["dir-a"].reports_to is None
        assert ids(sub.roots()) == ["dir-a"]

    def test_units_in_first_appearance_order(self) -> None:
        assert small().units() == ["A", "B"]

    def test_ten_thousand_deep_chain_needs_no_recursion(self) -> None:
        depth = 10_000
        chart = OrgChart(
            {"id": f"p{i}", "role": "pm", "reports_to": f"p{i - 1}" if i else None}
            for i in range(depth)
        )
        assert len(chart.chain_of_command(f"p{depth - 1}")) == depth - 1
        assert sum(1 for _ in chart.descendants("p0")) == depth - 1
        assert len(chart.subtree("p1")) == depth - 1


class TestEditing:
    def test_add_forms_and_duplicates(self) -> None:
        chart = OrgChart()
        chart.add(id="a", role="ceo")
        chart.add({"id": "b", "role": "cpo", "reports_to": "a"})
        chart.add(Position(id="c", role="pm", reports_to="b"))
        assert ids(chart.reports_of("b")) == ["c"]
        with pytest.raises(OrgDataError, match="duplicate id"):
            chart.add(id="a", role="pm")
        with pytest.raises(TypeError):
            chart.add(Position(id="d", role="pm"), name="x")

    def test_add_before_manager_exists(self) -> None:
        chart = OrgChart()
        chart.add(id="pm", role="pm", reports_to="boss")
        chart.add(id="boss", role="director")
        assert chart.manager_of("pm") == chart["boss"]

    def test_move_keeps_report_order_by_chart_order(self) -> None:
        chart = small()
        chart.move("pm-a1", "dir-b")
        assert ids(chart.reports_of("dir-b")) == ["pm-a1", "pm-b1"]
        assert ids(chart.reports_of("dir-a")) == ["pm-a2"]
        assert ids(chart) == ["ceo", "cpo", "dir-a", "pm-a1", "pm-a2", "ea", "dir-b", "pm-b1"]
        chart.move("pm-a1", None)
        assert chart["pm-a1"] in chart.roots()

    def test_move_refuses_cycles_and_unknown_ids(self) -> None:
        chart = small()
        with pytest.raises(ReportingCycleError, match="cpo -> dir-a -> pm-a1 -> cpo"):
            chart.move("cpo", "pm-a1")
        with pytest.raises(ReportingCycleError):
            chart.move("cpo", "cpo")
        with pytest.raises(UnknownPositionError):
            chart.move("cpo", "nobody")
        assert chart["cpo"].reports_to == "ceo"

    def test_update(self) -> None:
        chart = small()
        chart.update("pm-a2", name="Noor", reports_to="dir-b")
        assert chart["pm-a2"].name == "Noor"
        assert ids(chart.reports_of("dir-b")) == ["pm-a2", "pm-b1"]
        with pytest.raises(OrgDataError, match="unknown role"):
            chart.update("pm-a2", role="wizard")
        with pytest.raises(ValueError, match="id"):
            chart.update("pm-a2", id="other")
        assert chart["pm-a2"].role == "pm"

    def test_remove_refuses_to_orphan_by_default(self) -> None:
        chart = small()
        with pytest.raises(ValueError, match="2 direct report"):
            chart.remove("dir-a")
        assert "dir-a" in chart

    def test_remove_move_up(self) -> None:
        chart = small()
        removed = chart.remove("dir-a", reports="move_up")
        assert ids(removed) == ["dir-a"]
        assert chart["pm-a1"].reports_to == "cpo"
        assert ids(chart.reports_of("cpo")) == ["pm-a1", "pm-a2", "ea", "dir-b"]
        # the dotted line to the removed position is dropped, not left dangling
        assert chart["pm-b1"].dotted_to == ()

    def test_remove_subtree(self) -> None:
        chart = small()
        removed = chart.remove("dir-a", reports="remove")
        assert ids(removed) == ["dir-a", "pm-a1", "pm-a2"]
        assert ids(chart) == ["ceo", "cpo", "ea", "dir-b", "pm-b1"]
        assert ids(chart.reports_of("dir-a")) == []

    @pytest.mark.parametrize("wrong", ["delete", "moveup", "Move_Up", None, ""])
    def test_remove_refuses_an_unknown_choice_for_reports(self, wrong: Any) -> None:
        chart = small()
        with pytest.raises(ValueError, match="'refuse', 'move_up', 'remove'"):
            chart.remove("dir-a", reports=wrong)
        assert "dir-a" in chart
        assert chart["pm-a1"].reports_to == "dir-a"

    def test_update_changes_nothing_unless_every_change_is_valid(self) -> None:
        chart = small()
        with pytest.raises(OrgDataError, match="unknown role"):
            chart.update("pm-a2", reports_to="dir-b", role="wizard")
        assert chart["pm-a2"].reports_to == "dir-a"
        assert ids(chart.reports_of("dir-b")) == ["pm-b1"]
        with pytest.raises(ReportingCycleError):
            chart.update("cpo", reports_to="pm-a1", name="Grace Hopper")
        assert chart["cpo"].name == "Grace"
        with pytest.raises(UnknownPositionError):
            chart.update("pm-a2", reports_to="nobody")
        assert chart["pm-a2"].reports_to == "dir-a"

    def test_positions_are_immutable(self) -> None:
        chart = small()
        with pytest.raises(ValueError, match="frozen"):
            chart["pm-a1"].reports_to = "dir-b"  # type: ignore[misc]  # frozen, on purpose


class TestNetworkx:
    def test_to_networkx_edges_and_attributes(self) -> None:
        graph = small().to_networkx()
        assert isinstance(graph, nx.DiGraph)
        assert list(graph.nodes)[:3] == ["ceo", "cpo", "dir-a"]
        assert graph.edges["dir-a", "pm-a1"] == {"kind": "solid"}
        assert graph.edges["dir-a", "pm-b1"] == {"kind": "dotted"}
        assert graph.nodes["ea"]["assistant"] is True
        assert nx.is_arborescence(nx.restricted_view(graph, [], [("dir-a", "pm-b1")]))

    def test_round_trip_keeps_dangling_lines(self) -> None:
        chart = OrgChart(
            [
                {"id": "a", "role": "pm", "reports_to": "gone", "dotted_to": ["b", "lost"]},
                {"id": "b", "role": "director", "reports_to": "a", "dotted_to": ["a"]},
            ]
        )
        assert OrgChart.from_networkx(chart.to_networkx()) == chart
        assert OrgChart.from_networkx(small().to_networkx(), name="Acme") == small()

    def test_from_plain_graph(self) -> None:
        graph = nx.DiGraph([(1, 2), (1, 3)])
        chart = OrgChart.from_networkx(graph, default_role="pm")
        assert ids(chart) == ["1", "2", "3"]
        assert chart["2"].reports_to == "1"

    def test_nodes_that_become_the_same_id_are_refused(self) -> None:
        graph = nx.DiGraph([(1, "1")])
        with pytest.raises(OrgDataError, match="both become position id '1'"):
            OrgChart.from_networkx(graph)

    def test_two_solid_managers_are_refused(self) -> None:
        graph = nx.DiGraph([("a", "c"), ("b", "c")])
        with pytest.raises(OrgDataError, match="2 solid-line managers"):
            OrgChart.from_networkx(graph)


def test_equality_is_order_sensitive() -> None:
    a = OrgChart([{"id": "x", "role": "pm"}, {"id": "y", "role": "pm"}])
    b = OrgChart([{"id": "y", "role": "pm"}, {"id": "x", "role": "pm"}])
    assert a != b
    assert a == a.copy()


def test_text_tree_of_a_deep_chain_stays_small() -> None:
    from orgroles import to_text

    depth = 10_000
    chart = OrgChart(
        {"id": f"p{i}", "role": "pm", "reports_to": f"p{i - 1}" if i else None}
        for i in range(depth)
    )
    lines = to_text(chart).splitlines()
    assert len(lines) == depth
    # Indentation stops growing after 40 levels; deeper lines say their level instead.
    assert max(len(line) for line in lines) < 250
    assert lines[-1].lstrip().startswith(f"└── [level {depth - 1}] p{depth - 1} · ")
    assert "[level" not in lines[40]


# -- columnar charts (OrgChart._from_columns, for bulk importers) ----------------------------


def _columns_of(chart: OrgChart, *, sparse: bool) -> dict[str, list[Any]]:
    """The chart's positions as columns; ``sparse`` leaves out all-default columns."""
    from orgroles.position import POSITION_FIELDS

    columns = {field: list(chart._column(field)) for field in POSITION_FIELDS}
    if sparse:
        columns["attributes"] = [a or None for a in columns["attributes"]]
        defaults = {"title": None, "name": None, "reports_to": None, "unit": None}
        for field, default in defaults.items():
            if all(value == default for value in columns[field]):
                del columns[field]
        if not any(columns["dotted_to"]):
            del columns["dotted_to"]
        if not any(columns["assistant"]):
            del columns["assistant"]
    return columns


@st.composite
def _charts_valid_and_broken(draw: st.DrawFn) -> OrgChart:
    if draw(st.booleans()):
        return draw(org_charts(max_size=25))
    return draw(invalid_org_charts(max_size=15)).chart


@settings(deadline=None)  # validates, draws and writes each chart: slow on a busy machine
@given(_charts_valid_and_broken(), st.booleans(), st.booleans())
def test_a_columnar_chart_is_the_chart_from_positions(
    chart: OrgChart, sparse: bool, with_index: bool
) -> None:
    from orgroles._index import ReportingIndex

    columns = _columns_of(chart, sparse=sparse)
    index = (
        ReportingIndex.from_managers(columns["id"], chart._column("reports_to"))
        if with_index
        else None
    )
    columnar = OrgChart._from_columns(
        columns,
        index=index,
        name=chart.name,
        variant=chart.variant,
        roles=chart.roles,
        attributes=chart.attributes,
        validation=chart.validation,
    )
    assert columnar == chart
    assert chart == columnar
    assert list(columnar) == list(chart)
    assert len(columnar) == len(chart)
    assert columnar.ids() == chart.ids()
    assert columnar.copy() == chart
    for position in chart:
        assert position.id in columnar
        assert columnar[position.id] == position
        assert columnar.reports_of(position.id) == chart.reports_of(position.id)
        assert columnar.manager_of(position.id) == chart.manager_of(position.id)
        assert list(columnar.descendants(position.id)) == list(chart.descendants(position.id))
        assert columnar.dotted_reports_of(position.id) == chart.dotted_reports_of(position.id)
    assert columnar.roots() == chart.roots()
    assert columnar.units() == chart.units()
    assert orgroles.validate(columnar).findings == orgroles.validate(chart).findings
    assert orgroles.to_text(columnar) == orgroles.to_text(chart)
    assert orgroles.dumps(columnar) == orgroles.dumps(chart)


@settings(deadline=None)  # validates, draws and writes each chart: slow on a busy machine
@given(org_charts(min_size=2, max_size=15), st.data())
def test_a_columnar_chart_changes_like_the_chart_from_positions(
    chart: OrgChart, data: st.DataObject
) -> None:
    columnar = OrgChart._from_columns(
        _columns_of(chart, sparse=True),
        name=chart.name,
        variant=chart.variant,
        roles=chart.roles,
        attributes=chart.attributes,
        validation=chart.validation,
    )
    victim = data.draw(st.sampled_from(chart.ids()[1:]))
    how: Literal["move_up", "remove"] = data.draw(st.sampled_from(["move_up", "remove"]))
    iterating = iter(columnar)
    before = next(iterating)
    assert columnar.remove(victim, reports=how) == chart.remove(victim, reports=how)
    assert columnar == chart
    # Iteration that began before the change goes on over the chart as it was.
    assert [before, *iterating][0] == before
    top = chart.ids()[0]
    for changed in (chart, columnar):
        changed.add(id="new-pm", role="pm", reports_to=top)
        changed.update("new-pm", name="Ada")
    assert columnar == chart
    assert columnar.reports_of(top) == chart.reports_of(top)


def test_columnar_contract_slips_are_internal_errors() -> None:
    with pytest.raises(ValueError, match="share an id"):
        OrgChart._from_columns({"id": ["a", "a"], "role": ["pm", "pm"]})
    with pytest.raises(ValueError, match="roles"):
        OrgChart._from_columns({"id": ["a"], "role": ["wizard"]})
    with pytest.raises(ValueError, match="values like id"):
        OrgChart._from_columns({"id": ["a"], "role": ["pm"], "name": []})
    with pytest.raises(ValueError, match="not position fields"):
        OrgChart._from_columns({"id": ["a"], "role": ["pm"], "colour": ["red"]})
    with pytest.raises(UnknownPositionError):
        OrgChart._from_columns({"id": ["a"], "role": ["pm"]})["b"]


def test_chart_attributes_are_read_only_and_set_as_a_copy() -> None:
    given = {"employees": 40}
    chart = OrgChart(attributes=given)
    with pytest.raises(TypeError):
        chart.attributes["employees"] = 41  # type: ignore[index]  # the point of the test
    given["employees"] = 41
    assert chart.attributes == {"employees": 40}
    new = {"founded": 2019}
    chart.attributes = new
    new["founded"] = 1999
    assert chart.attributes == {"founded": 2019}
    with pytest.raises(TypeError, match="mapping"):
        chart.attributes = [("a", 1)]  # type: ignore[assignment]  # the point of the test


@pytest.mark.parametrize("field", ["name", "variant"])
def test_name_and_variant_are_checked_when_set(field: str) -> None:
    chart = OrgChart()
    setattr(chart, field, "acme")
    setattr(chart, field, "scaleup")
    assert getattr(chart, field) == "scaleup"
    setattr(chart, field, None)
    assert getattr(chart, field) is None
    with pytest.raises(TypeError, match=field):
        setattr(chart, field, 42)
    with pytest.raises(TypeError, match=field):
        OrgChart(name=42) if field == "name" else OrgChart(variant=42)  # type: ignore[arg-type]  # on purpose
    assert getattr(chart, field) is None


def test_attributes_change_through_update_leaving_the_old_position_as_it_was() -> None:
    chart = OrgChart([{"id": "pm", "role": "pm", "attributes": {"desk": "B4"}}])
    before = chart["pm"]
    after = chart.update("pm", attributes={**before.attributes, "site": "Berlin"})
    assert after.attributes == {"desk": "B4", "site": "Berlin"}
    assert before.attributes == {"desk": "B4"}
    assert chart["pm"] == after
