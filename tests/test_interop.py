"""Moving charts between tools: networkx, then each exchange format, both ways."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
        elif note.field == "role":  # found again from the title
            for position_id in note.positions:
                title = held[position_id].title
                found = None if title is None else held.roles.resolve_title(title)
                held.update(position_id, role="other" if found is None else found.key)
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
    "drawio": {"chart.name", "chart.variant", "chart.attributes"},
    "w3c-org": set(),
    "scim": {"chart.name", "chart.variant", "chart.attributes"},
    "msgraph": {
        "chart.name",
        "chart.variant",
        "chart.attributes",
        "role",
        "dotted_to",
        "assistant",
        "attributes",
    },
}

# draw.io's CSV holds one row a line and cannot write a backslash before a quote: charts for
# it have neither (the notes for those are tested apart).
_LINE_TEXT = st.text(
    st.characters(
        exclude_categories=["Cs"], exclude_characters="\\\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
    ),
    min_size=1,
    max_size=12,
)
_LINE_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | _LINE_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_LINE_TEXT, inner, max_size=3),
    max_leaves=6,
)
_CHARTS = {"drawio": rich_charts(text=_LINE_TEXT, values=_LINE_VALUES, keys=_LINE_TEXT)}


@pytest.mark.parametrize("name", list(_MAY_NOTE))
@settings(deadline=None, max_examples=60)
@given(data=st.data())
def test_round_trip_gives_what_the_format_holds(name: str, data: st.DataObject) -> None:
    chart = data.draw(_CHARTS.get(name, rich_charts()), label="chart")
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
    for name in ("d3", "d3-csv", "balkan", "dabeng", "drawio", "w3c-org", "scim"):
        exported = export_chart(chart, name)
        assert exported.notes == ()
        assert import_chart(exported.data, name).chart == chart


def test_unknown_format_names_the_nearest() -> None:
    with pytest.raises(ValueError, match="did you mean 'balkan'"):
        export_chart(OrgChart(), "balkn")


def test_content_of_no_known_shape_is_refused() -> None:
    with pytest.raises(OrgImportError, match="no known exchange format"):
        import_chart(b"hello")


def test_binary_data_is_named_for_what_it_is() -> None:
    # The same check and wording as read_csv's; no workbook hint, as no exchange format is one.
    with pytest.raises(
        OrgImportError,
        match=r"this is a PDF document, not JSON or CSV text \(hint: export the data as JSON or "
        r"CSV\)$",
    ):
        import_chart(b"%PDF-1.7\n")


@pytest.mark.parametrize(
    ("value", "why"),
    [("1e999", "too large"), ('"\\udfff"', "surrogate")],
)
def test_json_no_file_could_hold_is_refused_with_its_line(value: str, why: str) -> None:
    # The exchange formats read JSON as read_json does: a number too large for a float or a
    # lone surrogate escape is refused where it stands, never imported as inf or broken text.
    data = f'{{"nodes": [\n  {{"id": "1", "tags": ["ceo"],\n   "x": {value}}}]}}'.encode()
    with pytest.raises(OrgImportError, match=rf"cannot read <bytes>.*\n  <bytes>:3: .*{why}"):
        import_chart(data, "balkan")


class TestDrawio:
    def test_managers_by_name_as_in_drawios_example(self) -> None:
        chart = OrgChart(
            [
                {"id": "1", "role": "ceo", "name": "Ada Lovelace"},
                {"id": "2", "role": "cpo", "name": "Grace Hopper", "reports_to": "1"},
                {"id": "3", "role": "pm", "reports_to": "2"},  # vacant: no name to connect to
                {"id": "4", "role": "pm", "name": "Lin", "reports_to": "3", "dotted_to": ["1"]},
            ]
        )
        lines = export_chart(chart, "drawio").text.splitlines()
        assert lines[
            lines.index("name,position,id,role,unit,assistant,manager,manager_id,refs") + 1 :
        ] == [
            "Ada Lovelace,,1,ceo,,,,,",
            "Grace Hopper,,2,cpo,,,Ada Lovelace,,",
            ",,3,pm,,,Grace Hopper,,",
            "Lin,,4,pm,,,,3,1",
        ]
        assert (
            '# connect: {"from": "manager", "to": "name", "invert": true, "label": "manages", '
            in "\n".join(lines)
        )
        assert import_chart("\n".join(lines).encode()).chart == chart

    def test_hostile_text_is_escaped_for_the_html_label(self) -> None:
        chart = OrgChart([{"id": "x", "role": "ceo", "name": "<img src=x onerror=alert(1)>"}])
        text = export_chart(chart, "drawio").text
        assert "<img" not in text
        assert "&lt;img src=x onerror=alert(1)&gt;" in text
        assert import_chart(text.encode()).chart == chart

    def test_what_drawio_cannot_hold_is_noted(self) -> None:
        chart = OrgChart(
            [
                {"id": "a,b", "role": "ceo", "name": "two\nlines"},
                {"id": "c", "role": "pm", "reports_to": "a,b", "title": "ends in \\"},
            ]
        )
        exported = export_chart(chart, "drawio")
        assert [(n.code, n.field, n.positions) for n in exported.notes] == [
            ("changed", "name", ("a,b",)),
            ("changed", "title", ("c",)),
            ("not-held", "reports_to", ("c",)),
        ]
        back = import_chart(exported.data).chart
        assert (back["a,b"].name, back["c"].title, back["c"].reports_to) == (
            "two lines",
            "ends in /",
            None,
        )

    def test_a_line_drawio_cannot_read_is_refused_with_its_line(self) -> None:
        text = b'# label: %name%\nname,id\nA"B,1\n'
        with pytest.raises(OrgImportError, match=r"<bytes>:3: a line draw.io cannot read"):
            import_chart(text)


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

    def test_drawio_org_chart_example(self) -> None:
        # The example draw.io's CSV dialog opens with, verbatim.
        chart, report = import_chart(DATA / "interop" / "drawio-orgchart-example.txt")
        assert report.format == "drawio"
        assert [(p.id, p.name, p.title, p.reports_to) for p in chart] == [
            ("emi", "Tessa Miller", "CFO", None),
            ("emo", "Edward Morrison", "Brand Manager", "emi"),
            ("rdo", "Alison Donovan", "System Admin", "emi"),
            ("tva", "Evan Valet", "HR Director", "emi"),
        ]
        assert chart["rdo"].dotted_to == ("emo", "tva")
        assert chart["emi"].attributes["location"] == "Office 1"
        assert report.ok

    def test_scim_enterprise_users(self) -> None:
        # RFC 7643's enterprise user (section 8.3) and the manager it names.
        chart, report = import_chart(DATA / "interop" / "scim-enterprise-users.json")
        assert report.format == "scim"
        john, babs = "26118915-6090-4610-87e4-49d8ca9f808d", "2819c223-7f76-453a-919d-413861904646"
        assert [(p.id, p.name, p.reports_to) for p in chart] == [
            (john, "John Smith", None),
            (babs, "Babs Jensen", john),
        ]
        assert chart[babs].unit == "Tour Operations"
        assert chart[babs].title == "Tour Guide"
        assert chart[john].role == "director"
        assert chart[babs].attributes["userName"] == "bjensen@example.com"
        assert report.ok

    def test_msgraph_users_with_manager(self) -> None:
        chart, report = import_chart(DATA / "interop" / "msgraph-users-manager.json")
        assert report.format == "msgraph"
        assert [
            (p.name, p.role, chart[p.reports_to].name if p.reports_to else None) for p in chart
        ] == [
            ("Megan Bowen", "ceo", None),
            ("Miriam Graham", "director", "Megan Bowen"),
            ("Adele Vance", "pm", "Miriam Graham"),
        ]
        assert chart["e3d0513b-449e-4198-ba6f-bd97ae7cae85"].unit == "Product"

    def test_msgraph_direct_reports(self) -> None:
        chart, report = import_chart(DATA / "interop" / "msgraph-direct-reports.json")
        assert report.format == "msgraph"
        miriam = "5bde3e51-d13b-4db1-9948-fe4b109d11a7"
        assert [(p.name, p.reports_to) for p in chart] == [
            ("Miriam Graham", None),
            ("Adele Vance", miriam),
            ("Johanna Lorenz", miriam),
        ]
        assert [p.role for p in chart] == ["director", "pm", "senior_pm"]

    def test_w3c_org_posts(self) -> None:
        chart, report = import_chart(DATA / "interop" / "w3c-org-posts.jsonld")
        assert report.format == "w3c-org"
        assert chart.name == "Example Corp"
        ceo, director, pm = (f"http://example.com/post-{k}" for k in ("ceo", "director", "pm"))
        assert [(p.id, p.name, p.reports_to, p.dotted_to) for p in chart] == [
            (ceo, "Ada Lovelace", None, ()),
            (director, "Lin Wei", ceo, ()),
            (pm, None, director, (ceo,)),
        ]
        assert [p.role for p in chart] == ["ceo", "director", "pm"]
        assert [p.unit for p in chart] == [None, "Payments", "Payments"]
        assert report.ok

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

    @pytest.mark.parametrize("name", list(_MAY_NOTE))
    def test_every_export_imports_back_without_naming_its_format(
        self, name: str, tmp_path: Path
    ) -> None:
        # What `orgroles export` writes, `orgroles import` reads back as what the format holds,
        # dotted lines included (d3's CSV `connections`, a nested tree's `dotted_to` lists).
        chart = OrgChart(
            [
                {"id": "ceo", "role": "ceo", "name": "Ada Lovelace", "title": "CEO"},
                {"id": "ea", "role": "other", "reports_to": "ceo", "assistant": True},
                {"id": "dir", "role": "director", "reports_to": "ceo", "unit": "Payments"},
                {"id": "pm", "role": "pm", "reports_to": "dir", "dotted_to": ["ceo"]},
            ],
        )
        orgroles.dump(chart, tmp_path / "org.yaml")
        suffix = ".csv" if name in ("d3-csv", "drawio") else ".json"
        out, back = tmp_path / f"export{suffix}", tmp_path / "back.yaml"
        assert main(["export", str(tmp_path / "org.yaml"), "--to", name, "-o", str(out)]) == 0
        assert main(["import", str(out), "-o", str(back)]) == 0
        assert orgroles.load(back) == forget(chart, export_chart(chart, name).notes)

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

    def test_import_from_the_wrong_format_names_the_one_the_content_has(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        chart = OrgChart([{"id": "a", "role": "ceo"}, {"id": "b", "role": "pm", "reports_to": "a"}])
        scim, d3 = tmp_path / "users.json", tmp_path / "d3.json"
        export_chart(chart, "scim").write(scim)
        export_chart(chart, "d3").write(d3)
        # Refused as BALKAN: the first problem says what the content is.
        assert main(["import", str(scim), "--from", "balkan"]) == 2
        err = capsys.readouterr().err.splitlines()
        assert err[1] == (
            f"  {scim}: the content has the shape of SCIM 2.0 users (scim), not of BALKAN "
            "OrgChart JS (hint: pass --from scim, or leave --from out to have it detected)"
        )
        # Read leniently as Graph users, the d3 document was one user holding the rest, silently.
        assert main(["import", str(d3), "--from", "msgraph"]) == 0
        err = capsys.readouterr().err.splitlines()
        assert err[0].startswith(f"note: {d3}: the content has the shape of d3-org-chart JSON (d3)")
        assert main(["import", str(d3), "--from", "d3"]) == 0
        assert "note:" not in capsys.readouterr().err

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


class TestDataFrames:
    @settings(deadline=None, max_examples=40)
    @given(rich_charts())
    def test_pandas_round_trip_keeps_everything(self, chart: OrgChart) -> None:
        frame = chart.to_pandas()
        assert list(frame.columns) == [
            "id",
            "role",
            "title",
            "name",
            "reports_to",
            "dotted_to",
            "unit",
            "assistant",
            "attributes",
        ]
        assert OrgChart.from_pandas(frame, roles=chart.roles) == chart

    @settings(deadline=None, max_examples=40)
    @given(rich_charts())
    def test_polars_round_trip_keeps_the_positions(self, chart: OrgChart) -> None:
        back = OrgChart.from_polars(
            chart.to_polars(),
            name=chart.name,
            variant=chart.variant,
            attributes=chart.attributes,
            roles=chart.roles,
        )
        assert back == chart

    def test_ids_stay_text(self) -> None:
        chart = OrgChart(
            [{"id": "0042", "role": "ceo"}, {"id": "7", "role": "pm", "reports_to": "0042"}]
        )
        assert chart.to_pandas()["id"].tolist() == ["0042", "7"]
        assert chart.to_polars()["reports_to"].to_list() == [None, "0042"]

    def test_a_users_frame_other_columns_become_attributes(self) -> None:
        import pandas as pd

        frame = pd.DataFrame(
            {
                "id": [1, 2],
                "role": ["ceo", "pm"],
                "reports_to": [None, 1],
                "desk": ["A1", float("nan")],
                "level": [9, 3],
            }
        )
        chart = OrgChart.from_pandas(frame)
        assert [(p.id, p.reports_to) for p in chart] == [("1", None), ("2", "1")]
        assert chart["1"].attributes == {"desk": "A1", "level": 9}
        assert chart["2"].attributes == {"level": 3}
        assert type(chart["2"].attributes["level"]) is int

    def test_import_orgroles_loads_no_dataframe_library(self, pytester: pytest.Pytester) -> None:
        result = pytester.run(
            sys.executable,
            "-c",
            "import sys, orgroles; orgroles.OrgChart; "
            "print(sorted(m for m in ('pandas', 'polars') if m in sys.modules))",
        )
        assert result.outlines[-1] == "[]"


@pytest.mark.parametrize("name", ["dabeng", "msgraph", "d3", "w3c-org"])
def test_a_long_chain_goes_there_and_back(name: str) -> None:
    # dabeng's tree is as deep as the chain: no step may recurse per level.
    chart = OrgChart(
        [{"id": "p0", "role": "ceo"}]
        + [{"id": f"p{i}", "role": "other", "reports_to": f"p{i - 1}"} for i in range(1, 3000)]
    )
    exported = export_chart(chart, name)
    assert import_chart(exported.data).chart == forget(chart, exported.notes)


@pytest.mark.parametrize("name", list(_MAY_NOTE))
def test_a_broken_chart_is_written_and_read_back_with_its_problems(name: str) -> None:
    chart = OrgChart(
        [
            {"id": "ceo", "role": "ceo"},
            {"id": "a", "role": "pm", "reports_to": "b"},
            {"id": "b", "role": "pm", "reports_to": "a"},
            {"id": "c", "role": "pm", "reports_to": "gone"},
            {"id": "d", "role": "pm"},
        ]
    )
    exported = export_chart(chart, name)
    back, report = import_chart(exported.data, name)
    codes = {problem.code for problem in report.problems}
    if name == "dabeng":  # a tree: the cycle cannot be written, and says so
        assert ("not-held", "reports_to", ("a", "b")) in [
            (n.code, n.field, n.positions) for n in exported.notes
        ]
        assert codes == {"multiple-roots"}
    else:
        assert {"cycle", "unknown-manager", "multiple-roots"} <= codes
        assert back["c"].reports_to == "gone"  # kept as written, for validation to report


def test_spreadsheet_formulas_are_neutralised_in_d3_csv() -> None:
    chart = OrgChart([{"id": "a", "role": "ceo", "name": '=HYPERLINK("http://x")'}])
    text = export_chart(chart, "d3-csv").text
    assert "'=HYPERLINK" in text
    assert import_chart(text.encode(), "d3-csv").chart == chart


def test_an_org_file_is_not_taken_for_another_tools_format(tmp_path: Path) -> None:
    path = tmp_path / "org.json"
    orgroles.dump(OrgChart([{"id": "a", "role": "ceo"}]), path)
    with pytest.raises(OrgImportError, match=r"orgroles\.load"):
        import_chart(path)


_ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "pid",
                    "parentId",
                    "name",
                    "title",
                    "children",
                    "tags",
                    "nodes",
                    "data",
                    "connections",
                    "dottedLines",
                    "from",
                    "to",
                    "role",
                    "assistant",
                    "dotted_to",
                    "attributes",
                    "@graph",
                    "@id",
                    "@type",
                    "Resources",
                    "value",
                    "manager",
                    "directReports",
                    "displayName",
                    "org:reportsTo",
                    "schemas",
                    "x",
                ]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@pytest.mark.parametrize("name", list(_MAY_NOTE))
@settings(deadline=None, max_examples=60)  # 1,500 each found nothing (a local run)
@given(document=_ANY_JSON, text=st.text(max_size=60))
def test_any_input_is_a_chart_or_an_import_error(name: str, document: Any, text: str) -> None:
    for data in (json.dumps(document).encode(), text.encode()):
        try:
            chart, report = import_chart(data, name)
        except OrgImportError:
            continue
        assert report.positions_made == len(chart)
