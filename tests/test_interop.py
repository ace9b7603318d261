"""Moving charts between tools: networkx, then each exchange format, both ways."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

import orgroles
from interop_charts import rich_charts
from orgroles import OrgChart, OrgImportError, Role
from orgroles.cli import main
from orgroles.interop import ExportNote, export_chart, import_chart


class TestNetworkx:
    @settings(deadline=None)
    @given(rich_charts())
    def test_round_trip_keeps_everything(self, chart: OrgChart) -> None:
        back = OrgChart.from_networkx(chart.to_networkx())
        assert back == chart
        assert (back.name, back.variant, dict(back.attributes)) == (
            chart.name,
            chart.variant,
            dict(chart.attributes),
        )

    def test_round_trip_keeps_custom_roles_and_policy(self) -> None:
        owner = Role(key="product_owner", title="Product Owner", track="ic", level=2)
        chart = OrgChart(
            [{"id": "po", "role": "product_owner", "title": "PO"}],
            name="",
            roles=[owner],
            validation={"rules": {"one-to-one": "off"}},
        )
        back = OrgChart.from_networkx(chart.to_networkx())
        assert back == chart
        assert back.roles["product_owner"] == owner
        assert back.validation == {"rules": {"one-to-one": "off"}}

    def test_given_fields_win_over_the_graph(self) -> None:
        chart = OrgChart([{"id": "a", "role": "ceo"}], name="Acme", variant="startup")
        back = OrgChart.from_networkx(chart.to_networkx(), name="Other", variant="scaleup")
        assert (back.name, back.variant) == ("Other", "scaleup")


# -- the exchange formats ----------------------------------------------------------------------

DATA = Path(__file__).parent / "data"

_CHART_FIELDS: dict[str, dict[str, Any]] = {
    "chart.name": {"name": None},
    "chart.variant": {"variant": None},
    "chart.attributes": {"attributes": {}},
}
_DEFAULTS: dict[str, Any] = {"dotted_to": (), "assistant": False, "attributes": {}, "unit": None}


def forget(chart: OrgChart, notes: tuple[ExportNote, ...]) -> OrgChart:
    """The chart as a format holds it: what each ``not-held`` note names, left out."""
    held = chart.copy()
    for note in notes:
        if note.code != "not-held":
            continue
        if note.field in _CHART_FIELDS:
            for key, value in _CHART_FIELDS[note.field].items():
                setattr(held, key, value)
        else:
            for position_id in note.positions:
                held.update(position_id, **{note.field: _DEFAULTS[note.field]})
    return held


def tree_order(chart: OrgChart) -> OrgChart:
    """The chart's positions in tree order: each top, then everyone below it, depth first."""
    order = []
    for top in chart.roots():
        order += [top.id, *orgroles.descendants(chart, top.id)]
    return OrgChart(
        [chart[i] for i in order],
        name=chart.name,
        variant=chart.variant,
        roles=chart.roles,
        attributes=chart.attributes,
    )


# The notes each format may give for a chart of `rich_charts` (a valid, single tree).
_MAY_NOTE = {
    "d3": {"chart.name", "chart.variant", "chart.attributes"},
    "d3-csv": {"chart.name", "chart.variant", "chart.attributes"},
    "balkan": {"chart.name", "chart.variant", "chart.attributes"},
    "dabeng": {"chart.name", "chart.variant", "chart.attributes", "order"},
}


@pytest.mark.parametrize("name", list(_MAY_NOTE))
@settings(deadline=None, max_examples=60)
@given(chart=rich_charts())
def test_round_trip_gives_what_the_format_holds(name: str, chart: OrgChart) -> None:
    exported = export_chart(chart, name)
    assert {note.field for note in exported.notes} <= _MAY_NOTE[name]
    assert export_chart(chart, name) == exported  # deterministic
    chart_back, report = import_chart(exported.data, roles=chart.roles)
    assert report.format == name  # detected from the content
    assert report.ok, report.summary()
    expected = forget(chart, exported.notes)
    if any(note.field == "order" for note in exported.notes):
        expected = tree_order(expected)
    assert chart_back == expected


def test_a_chart_the_format_holds_gives_no_note() -> None:
    chart = OrgChart(
        [
            {"id": "ceo", "role": "ceo", "name": "Ada", "attributes": {"parentId": 1}},
            {"id": "pm", "role": "pm", "reports_to": "ceo", "dotted_to": ["ceo"]},
        ]
    )
    for name in ("d3", "d3-csv", "balkan", "dabeng"):
        exported = export_chart(chart, name)
        assert exported.notes == ()
        assert import_chart(exported.data, name).chart == chart


def test_unknown_format_names_the_nearest() -> None:
    with pytest.raises(ValueError, match="did you mean 'balkan'"):
        export_chart(OrgChart(), "balkn")


def test_content_of_no_known_shape_is_refused() -> None:
    with pytest.raises(OrgImportError, match="no known exchange format"):
        import_chart(b"hello")


class TestToolSamples:
    """Each tool's own documented data imports with the right tree."""

    def test_d3_org_chart_sample_csv(self) -> None:
        chart, report = import_chart(DATA / "d3-org-chart-sample.csv")
        assert report.format == "d3-csv"
        assert len(chart) == report.rows_read == 1516
        assert [p.id for p in chart.roots()] == ["O-6066"]
        assert chart["O-6067"].reports_to == "O-6066"
        assert chart["O-6066"].title == "Chief Executive Officer "
        assert chart["O-6066"].unit == "Corporate"
        assert chart["O-6066"].attributes["office"] == "CTO office"

    def test_d3_connections(self) -> None:
        chart, report = import_chart(DATA / "interop" / "d3-org-chart-connections.json")
        assert report.format == "d3"
        assert [(p.id, p.reports_to) for p in chart][:3] == [
            ("O-6066", None),
            ("O-6067", "O-6066"),
            ("O-6068", "O-6066"),
        ]
        assert chart["O-6067"].dotted_to == ("O-6070",)
        assert chart["O-6066"].role == "ceo"
        assert any("Conflicts of interest" in note for note in report.notes)

    def test_balkan_nodes(self) -> None:
        chart, report = import_chart(DATA / "interop" / "balkan-nodes.json")
        assert report.format == "balkan"
        assert [(p.id, p.reports_to) for p in chart] == [
            ("1", None),
            ("2", "1"),
            ("3", "1"),
            ("4", "2"),
            ("5", "1"),
        ]
        assert chart["3"].assistant
        assert chart["4"].dotted_to == ("5",)
        assert [chart[i].role for i in ("1", "4", "5")] == ["ceo", "pm", "director"]
        assert chart["1"].attributes == {}

    def test_dabeng_datasource(self) -> None:
        chart, report = import_chart(DATA / "interop" / "dabeng-datasource.json")
        assert report.format == "dabeng"
        names = {p.id: p.name for p in chart}
        tree = {names[p.id]: names.get(p.reports_to or "") for p in chart}
        assert tree == {
            "Lao Lao": None,
            "Bo Miao": "Lao Lao",
            "Su Miao": "Lao Lao",
            "Tie Hua": "Su Miao",
            "Hei Hei": "Su Miao",
            "Dan Zai": "Hei Hei",
            "Hong Miao": "Lao Lao",
            "Chun Miao": "Lao Lao",
        }
        assert report.ok


class TestCommandLine:
    def test_export_then_import_back(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        chart = OrgChart(
            [
                {"id": "ceo", "role": "ceo", "name": "Ada"},
                {"id": "pm", "role": "pm", "reports_to": "ceo", "dotted_to": ["ceo"]},
            ],
            name="Acme",
        )
        orgroles.dump(chart, tmp_path / "org.yaml")
        out = tmp_path / "org.balkan.json"
        assert main(["export", str(tmp_path / "org.yaml"), "--to", "balkan", "-o", str(out)]) == 0
        assert "note: not-held chart.name" in capsys.readouterr().err
        back = tmp_path / "back.yaml"
        assert main(["import", str(out), "-o", str(back)]) == 0  # BALKAN, from the content
        assert "imported" in capsys.readouterr().err
        chart.name = None
        assert orgroles.load(back) == chart

    def test_export_to_stdout(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        orgroles.dump(OrgChart([{"id": "a", "role": "ceo"}]), tmp_path / "org.yaml")
        assert main(["export", str(tmp_path / "org.yaml"), "--to", "d3-csv"]) == 0
        captured = capsys.readouterr()
        assert captured.out.splitlines()[1] == "a,,,,,ceo,,"
        assert captured.err == ""

    def test_import_from_names_the_format(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "export.csv"
        path.write_text("id,parentId,positionName\n1,,CEO\n2,1,Product Manager\n", encoding="utf-8")
        assert main(["import", str(path), "--from", "d3-csv"]) == 0
        captured = capsys.readouterr()
        assert "role: pm" in captured.out
        assert "imported" in captured.err

    def test_import_from_refuses_hr_options(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "export.json"
        path.write_text('{"nodes": [{"id": 1}]}', encoding="utf-8")
        assert main(["import", str(path), "--id", "key"]) == 2
        assert "--id applies to HR exports" in capsys.readouterr().err

    def test_unknown_export_format_is_a_usage_error(self, tmp_path: Path) -> None:
        orgroles.dump(OrgChart([{"id": "a", "role": "ceo"}]), tmp_path / "org.yaml")
        with pytest.raises(SystemExit) as exit_info:
            main(["export", str(tmp_path / "org.yaml"), "--to", "visio"])
        assert exit_info.value.code == 2
