"""JSON and records import: flat d3 and BALKAN lists, nested trees, and records from Python."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from orgroles import ImportReport, OrgChart, OrgImportError, from_records, read_json


def write(tmp_path: Path, data: Any, name: str = "org.json") -> Path:
    path = tmp_path / name
    text = data if isinstance(data, str) else json.dumps(data)
    path.write_text(text, encoding="utf-8")
    return path


def codes(report: ImportReport) -> list[str]:
    assert report.accounted, "a row went missing"
    return [p.code for p in report.problems]


def shape(chart: OrgChart) -> list[tuple[str, str, str | None]]:
    return [(p.id, p.role, p.reports_to) for p in chart]


def test_d3_flat_list_with_id_and_parent_id(tmp_path: Path) -> None:
    records = [
        {"id": 1, "parentId": None, "name": "Ada", "positionName": "CEO", "size": 3.5},
        {"id": 2, "parentId": 1, "name": "Lin", "positionName": "VP Product", "tags": ["a"]},
        {"id": "003", "parentId": 2, "name": "Bo", "positionName": "Senior PM", "ok": True},
    ]
    chart, report = read_json(write(tmp_path, records))
    assert shape(chart) == [("1", "ceo", None), ("2", "vp_product", "1"), ("003", "senior_pm", "2")]
    # JSON values that are not fields stay as they are.
    assert chart["1"].attributes == {"size": 3.5}
    assert chart["2"].attributes == {"tags": ["a"]}
    assert chart["003"].attributes == {"ok": True}
    assert (report.format, report.encoding, report.ok) == ("json", "utf-8", True)
    assert report.column("reports_to") == ("parentId",)


def test_balkan_nodes_with_pid(tmp_path: Path) -> None:
    document = {
        "nodes": [
            {"id": 1, "name": "Ada", "title": "Founder & CEO", "img": "https://x/a.png"},
            {"id": 2, "pid": 1, "name": "Lin", "title": "Head of Product"},
            {"id": 3, "pid": 2, "name": "Bo", "title": "Product Designer", "tags": ["ux"]},
        ]
    }
    chart, report = read_json(write(tmp_path, document))
    assert shape(chart) == [
        ("1", "ceo", None),
        ("2", "head_of_product", "1"),
        ("3", "designer", "2"),
    ]
    assert report.column("reports_to") == ("pid",)
    assert "records read from the key 'nodes'" in report.notes
    assert chart["1"].attributes == {"img": "https://x/a.png"}


def test_a_nested_tree(tmp_path: Path) -> None:
    tree = {
        "name": "Ada",
        "title": "CEO",
        "children": [
            {"name": "Lin", "title": "CPO", "children": [{"name": "Bo", "title": "PM"}]},
            {"name": "Cy", "title": "CTO", "children": []},
        ],
    }
    chart, report = read_json(write(tmp_path, tree))
    assert shape(chart) == [
        ("row-1", "ceo", None),
        ("row-2", "cpo", "row-1"),
        ("row-3", "pm", "row-2"),
        ("row-4", "other", "row-1"),
    ]
    assert codes(report) == ["blank-id"] * 4
    assert report.problems[2].place.row == 3  # rows count in document order
    assert any("nested tree" in note for note in report.notes)
    assert report.column("id") is None


def test_a_nested_forest_with_ids(tmp_path: Path) -> None:
    forest = [
        {"id": "a", "title": "CEO", "children": [{"id": "b", "title": "PM"}]},
        {"id": "c", "title": "Chef", "subordinates": [{"id": "d"}]},
    ]
    chart, report = read_json(write(tmp_path, forest), children="children")
    assert shape(chart) == [("a", "ceo", None), ("b", "pm", "a"), ("c", "other", None)]
    assert chart["c"].attributes == {"subordinates": [{"id": "d"}]}  # not the children key
    assert codes(report) == ["multiple-roots"]


def test_nesting_wins_over_a_conflicting_manager_field() -> None:
    tree = [
        {"id": "a", "children": [{"id": "b", "parentId": "a"}, {"id": "c", "parentId": "zz"}]},
    ]
    chart, report = from_records(tree)
    assert shape(chart) == [("a", "other", None), ("b", "other", "a"), ("c", "other", "a")]
    assert chart["c"].attributes == {"parentId": "zz"}
    assert codes(report) == ["manager-conflict"]


def test_duplicates_in_a_nested_tree_keep_their_place() -> None:
    tree = {
        "id": "a",
        "children": [
            {"id": "x", "name": "one", "children": [{"id": "y"}]},
            {"id": "x", "name": "two", "children": [{"id": "z"}]},
        ],
    }
    chart, report = from_records([tree])
    assert shape(chart) == [
        ("a", "other", None),
        ("x", "other", "a"),
        ("y", "other", "x"),
        ("x~2", "other", "a"),
        ("z", "other", "x~2"),
    ]
    assert codes(report) == ["duplicate-id"]


def test_a_nested_duplicate_of_its_parents_id_stays_under_that_parent() -> None:
    # The nesting names the parent; a copy of the parent's id is a duplicate, not a self-report.
    tree = {"id": "a", "children": [{"id": "a", "name": "copy"}]}
    chart, report = from_records([tree])
    assert shape(chart) == [("a", "other", None), ("a~2", "other", "a")]
    assert codes(report) == ["duplicate-id"]


def test_a_very_deep_tree_does_not_recurse() -> None:
    node: dict[str, Any] = {"id": "leaf"}
    for depth in range(3000):
        node = {"id": f"n{depth}", "children": [node]}
    chart, report = from_records([node])
    assert len(chart) == 3001
    assert report.ok
    assert len(chart.chain_of_command("leaf")) == 3000


def test_a_ten_thousand_deep_nested_file_imports(tmp_path: Path) -> None:
    # The stdlib JSON parser recurses per level and gave up near 500 levels.
    depth = 10_000
    text = "".join(f'{{"id": "n{i}", "title": "PM", "children": [' for i in range(depth))
    chart, report = read_json(write(tmp_path, text + "]}" * depth))
    assert len(chart) == depth
    assert report.ok
    assert len(chart.chain_of_command(f"n{depth - 1}")) == depth - 1


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('[{"id": "1",\n  "id": "2"}]', "org.json:2: duplicate key 'id'"),
        ('[{"id": "1", "n": NaN}]', "NaN is not valid JSON"),
        ('[{"id": "1", "n": 1e999}]', "too large"),
    ],
)
def test_json_that_would_lose_data_is_refused(tmp_path: Path, text: str, fragment: str) -> None:
    with pytest.raises(OrgImportError) as caught:
        read_json(write(tmp_path, text))
    assert fragment in str(caught.value)


def test_records_that_are_not_objects_are_reported() -> None:
    chart, report = from_records([{"id": "a"}, "oops", 42])  # type: ignore[list-item]  # on purpose
    assert chart.ids() == ["a"]
    assert codes(report) == ["bad-record", "bad-record"]
    assert (report.rows_read, report.skipped) == (3, 2)


def test_values_that_are_not_text_in_fields(tmp_path: Path) -> None:
    records = [{"id": 1, "parentId": None, "title": ["CEO", "Founder"], "name": {"first": "A"}}]
    chart, report = read_json(write(tmp_path, records))
    assert chart["1"].title is None
    assert chart["1"].attributes == {"title": ["CEO", "Founder"], "name": {"first": "A"}}
    assert codes(report) == ["bad-value", "bad-value"]


def test_from_records_python_values() -> None:
    rows: list[dict[str, Any]] = [
        {
            "Employee ID": 7,
            "Manager ID": None,
            "Job Title": "CEO",
            "start": datetime.date(2020, 1, 2),
        },
        {"Employee ID": 8, "Manager ID": 7, "Job Title": "APM", "start": None},
    ]
    chart, report = from_records(rows)
    assert shape(chart) == [("7", "ceo", None), ("8", "apm", "7")]
    assert chart["7"].attributes == {"start": "2020-01-02"}
    assert chart["8"].attributes == {}
    assert (report.format, report.source) == ("records", None)


def test_from_records_options_and_strict() -> None:
    rows = [{"key": "a", "boss": ""}, {"key": "b", "boss": "a"}, {"key": "b", "boss": "c"}]
    chart, report = from_records(rows, id="key", manager="boss")
    assert chart.ids() == ["a", "b", "b~2"]
    assert codes(report) == ["duplicate-id", "unknown-manager"]
    with pytest.raises(OrgImportError, match="2 problems"):
        from_records(rows, id="key", manager="boss", strict=True)


def test_from_records_product_only() -> None:
    rows: list[dict[str, Any]] = [
        {"id": "ceo", "manager": "", "title": "CEO"},
        {"id": "coo", "manager": "ceo", "title": "COO"},
        {"id": "pm", "manager": "coo", "title": "Product Manager"},
        {"id": "cfo", "manager": "ceo", "title": "CFO"},
        {"id": "clerk", "manager": "cfo", "title": "Clerk"},
    ]
    chart, report = from_records(rows, product_only=True)
    assert chart.ids() == ["ceo", "coo", "pm"]
    assert report.dropped == ("cfo", "clerk")
    assert (report.rows_read, report.positions_made) == (5, 3)
    assert report.roles == {"pm": 1, "ceo": 1, "other": 1}
    assert report.accounted


@pytest.mark.parametrize("text", ["", "  ", "[]", "{}"])
def test_empty_json(tmp_path: Path, text: str) -> None:
    chart, report = read_json(write(tmp_path, text))
    assert len(chart) == 0
    assert codes(report) == ["empty-file"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[{"id": 1,}]', "not valid JSON"),
        ('"just text"', "expected a list of records"),
        ('{"a": [], "b": []}', "expected a list of records"),
        ('{"orgroles": 1, "positions": []}', "orgroles org file"),
    ],
)
def test_json_that_is_not_an_export(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(OrgImportError, match=message):
        read_json(write(tmp_path, text))


def test_json_encodings(tmp_path: Path) -> None:
    path = tmp_path / "org.json"
    path.write_bytes(
        json.dumps([{"id": "é", "parentId": None}], ensure_ascii=False).encode("utf-16")
    )
    chart, report = read_json(path)
    assert chart.ids() == ["é"]
    assert report.encoding == "utf-16"


def test_a_single_flat_record_needs_no_manager_column() -> None:
    chart, report = from_records([{"id": "solo", "title": "Head of Product"}])
    assert shape(chart) == [("solo", "head_of_product", None)]
    assert report.ok


def test_flat_records_without_a_manager_column_are_refused() -> None:
    with pytest.raises(OrgImportError, match="no manager id column"):
        from_records([{"id": "a"}, {"id": "b"}])


def test_the_summary_speaks_of_records_not_a_header(tmp_path: Path) -> None:
    _, report = read_json(write(tmp_path, [{"id": "1", "title": "CEO"}]))
    first = report.summary().splitlines()[0]
    assert first.endswith("(json, utf-8): 1 record read, 1 position made"), first


def test_utf16_json_whose_characters_hold_a_line_feed_byte_is_read(tmp_path: Path) -> None:
    # 上 is U+4E0A: in UTF-16 one of its bytes is 0x0A, though the text has no line break.
    records = [{"id": "1", "title": "上司"}, {"id": "2", "parentId": "1", "title": "上"}]
    path = tmp_path / "org.json"
    path.write_bytes(json.dumps(records, ensure_ascii=False).encode("utf-16"))
    assert b"\n" in path.read_bytes()
    chart, _ = read_json(path, encoding="utf-16")
    assert [p.title for p in chart] == ["上司", "上"]


def test_an_org_file_given_to_the_importer_is_pointed_back_to_the_tools(tmp_path: Path) -> None:
    path = tmp_path / "org.json"
    path.write_text('{"orgroles": 1, "positions": [{"id": "ceo", "role": "ceo"}]}', "utf-8")
    with pytest.raises(OrgImportError, match="an orgroles org file, not an export") as raised:
        read_json(path)
    (problem,) = raised.value.problems
    assert problem.hint is not None
    assert "orgroles validate, render or show" in problem.hint


def test_from_records_named_columns_roles_from_titles_and_attributes() -> None:
    # Once OrgChart.from_records; the importer's from_records with strict=True does that job.
    rows = [
        {"Employee ID": "1", "Manager": "", "Job Title": "Founder & CEO", "Desk": "A1"},
        {"Employee ID": "2", "Manager": "1", "Job Title": "Head of Product", "Desk": ""},
        {"Employee ID": "3", "Manager": "2", "Job Title": "Software Engineer", "Desk": "B"},
    ]
    chart = from_records(
        rows, id="Employee ID", manager="Manager", title="Job Title", strict=True
    ).chart
    assert [(p.id, p.role, p.title) for p in chart] == [
        ("1", "ceo", "Founder & CEO"),
        ("2", "head_of_product", "Head of Product"),
        ("3", "other", "Software Engineer"),
    ]
    assert chart["1"].attributes == {"Desk": "A1"}
    assert chart["2"].attributes == {}


def test_from_records_strict_names_the_row_of_a_duplicate_id() -> None:
    rows = [
        {"Employee ID": "1", "Manager": "", "Job Title": "CEO"},
        {"Employee ID": "1", "Manager": "1", "Job Title": "CPO"},
    ]
    with pytest.raises(OrgImportError) as caught:
        from_records(rows, id="Employee ID", manager="Manager", strict=True)
    # The importer keeps both rows (the second under a fresh id) and says so, row by row.
    (problem,) = [p for p in caught.value.problems if p.code == "duplicate-id"]
    assert problem.place.row == 2
