"""``read_excel`` and ``orgroles import`` of workbooks: sheets, cells as text, binary files."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

import orgroles
from cli_run import run
from orgroles.importers._excel import cell_text
from orgroles.importers._text import binary_kind

WORKBOOKS = Path(__file__).parent / "data" / "workbooks"


def workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """Write an .xlsx (or .xlsm) with these sheets, in order, with openpyxl."""
    book = Workbook()
    book.remove(book.active)  # a new workbook has one sheet; these tests name their own
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


PEOPLE: list[list[Any]] = [
    ["EmpID", "ManagerID", "Employee Name", "Position", "Date of Hire", "Salary", "Active"],
    [10026, None, "Lovelace, Ada", "CEO", datetime.date(2011, 7, 5), 250000, True],
    [10027, 10026, "Wei, Lin", "Product Manager", datetime.datetime(2015, 1, 2), 98000.5, True],
    [10028, 10026, "Berg, Bo", "Barista", datetime.datetime(2016, 3, 4, 9, 30), 41000, False],
]
DICTIONARY: list[list[Any]] = [
    ["Field", "Meaning"],
    ["EmpID", "the employee's number"],
    ["Termd", "1 if gone"],
]


def test_the_data_sheet_after_a_data_dictionary_is_found_and_named(tmp_path: Path) -> None:
    path = workbook(tmp_path / "hr.xlsx", {"Data dictionary": DICTIONARY, "Employees": PEOPLE})
    chart, report = orgroles.read_excel(path)
    assert [(p.id, p.role, p.reports_to) for p in chart] == [
        ("10026", "ceo", None),
        ("10027", "pm", "10026"),
        ("10028", "other", "10026"),
    ]
    assert report.sheet == "Employees"
    assert report.format == "excel"
    assert any("'Employees' (sheet 2 of 2)" in n and "'Data dictionary'" in n for n in report.notes)
    assert "excel, sheet 'Employees'" in report.summary()
    assert report.to_dict()["sheet"] == "Employees"
    assert report.ok
    assert report.accounted


def test_numbers_dates_and_booleans_read_as_a_csv_export_holds_them(tmp_path: Path) -> None:
    path = workbook(tmp_path / "hr.xlsx", {"Employees": PEOPLE})
    chart = orgroles.read_excel(path).chart
    assert chart["10026"].attributes == {
        "Date of Hire": "2011-07-05",
        "Salary": "250000",
        "Active": "TRUE",
    }
    assert chart["10027"].attributes["Salary"] == "98000.5"
    assert chart["10027"].attributes["Date of Hire"] == "2015-01-02"
    assert chart["10028"].attributes["Date of Hire"] == "2016-03-04T09:30:00"
    assert chart["10028"].attributes["Active"] == "FALSE"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (10026.0, "10026"),
        (-3.0, "-3"),
        (0.1, "0.1"),
        (2.0**53 - 1, "9007199254740991"),
        (1e20, "1e+20"),  # past 2**53 a spreadsheet number is no exact whole number
        (1.5e300, "1.5e+300"),
        (7, "7"),
        (None, ""),
        (datetime.time(8, 15), "08:15:00"),
        (datetime.timedelta(hours=2), "2:00:00"),
    ],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text


@pytest.mark.parametrize("name", ["people.xls", "people.ods", "formulas.xlsx"])
def test_legacy_excel_opendocument_and_formulas_give_the_same_chart(name: str) -> None:
    # Made by tools/make_workbooks.py with xlwt, odfpy and xlsxwriter: the data on the second
    # sheet; in .ods and .xlsx each manager id is a formula saved with its value.
    chart, report = orgroles.read_excel(WORKBOOKS / name)
    assert [(p.id, p.reports_to, p.name) for p in chart] == [
        ("10026", None, "Lovelace, Ada"),
        ("10027", "10026", "Wei, Lin"),
        ("10028", "10026", "Berg, Bo"),
    ]
    assert chart["10027"].attributes == {"Date of Hire": "2015-01-02"}
    assert report.sheet == "People"
    assert report.ok


def test_a_sheet_named_or_by_position(tmp_path: Path) -> None:
    other = [["id", "parentId", "title"], ["a", "", "CEO"]]
    path = workbook(tmp_path / "hr.xlsm", {"Employees": PEOPLE, "Contractors": other})
    assert orgroles.read_excel(path).report.sheet == "Employees"
    for sheet in ("Contractors", 1, " contractors "):
        chart, report = orgroles.read_excel(path, sheet=sheet)
        assert report.sheet == "Contractors"
        assert chart.ids() == ["a"]
        assert "read sheet 'Contractors' (given)" in report.notes


def test_a_sheet_that_is_not_there_names_the_sheets(tmp_path: Path) -> None:
    path = workbook(tmp_path / "hr.xlsx", {"Employees": PEOPLE, "Notes": DICTIONARY})
    for sheet in ("Staff", 2):
        with pytest.raises(orgroles.OrgImportError) as raised:
            orgroles.read_excel(path, sheet=sheet)
        (problem,) = raised.value.problems
        assert "'Employees', 'Notes'" in problem.message
        assert problem.option is not None
        assert problem.option.name == "sheet"


def test_no_sheet_with_an_id_column_is_an_error_listing_them(tmp_path: Path) -> None:
    path = workbook(tmp_path / "hr.xlsx", {"A": DICTIONARY, "B": [["x", "y"], [1, 2]]})
    with pytest.raises(orgroles.OrgImportError) as raised:
        orgroles.read_excel(path)
    assert "'A', 'B'" in raised.value.problems[0].message


def test_title_rows_above_the_header_and_empty_rows_between(tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        ["Headcount report"],
        ["Generated 2024-01-31"],
        [],
        *PEOPLE[:2],
        [],
        [None, None, None],
        [10029, 99999, "Chan, Cy", "PM", None, None, None],
    ]
    path = workbook(tmp_path / "hr.xlsx", {"Employees": rows})
    chart, report = orgroles.read_excel(path)
    assert chart.ids() == ["10026", "10029"]
    assert report.rows_read == 2
    (problem,) = report.problems
    # Rows as the spreadsheet numbers them: the header on row 4, the manager on row 8.
    assert (problem.code, problem.place.line, problem.place.row) == ("unknown-manager", 8, 2)
    assert "hr.xlsx:8: position '10029'" in str(problem)


def test_an_empty_sheet_is_an_empty_chart(tmp_path: Path) -> None:
    path = workbook(tmp_path / "hr.xlsx", {"Employees": []})
    chart, report = orgroles.read_excel(path)
    assert len(chart) == 0
    assert [p.code for p in report.problems] == ["empty-file"]


def test_bytes_and_open_files(tmp_path: Path) -> None:
    path = workbook(tmp_path / "hr.xlsx", {"Employees": PEOPLE})
    from_bytes = orgroles.read_excel(path.read_bytes(), source="upload.xlsx")
    assert from_bytes.report.source == "upload.xlsx"
    with path.open("rb") as stream:
        assert orgroles.read_excel(stream).chart == from_bytes.chart


def test_a_text_file_given_as_a_workbook() -> None:
    with pytest.raises(orgroles.OrgImportError) as raised:
        orgroles.read_excel(b"id,parentId\n1,\n", source="hr.xlsx")
    (problem,) = raised.value.problems
    assert "cannot open the workbook" in problem.message
    assert "read_csv" in (problem.hint or "")


def test_a_workbook_given_as_csv_or_json_is_named_for_what_it_is(tmp_path: Path) -> None:
    path = workbook(tmp_path / "hr.xlsx", {"Employees": PEOPLE})
    data = path.read_bytes()
    for reader in (orgroles.read_csv, orgroles.read_json):
        with pytest.raises(orgroles.OrgImportError) as raised:
            reader(data, source="hr.csv")
        (problem,) = raised.value.problems
        assert "this is an Excel workbook (.xlsx or .xlsm, a ZIP archive)" in problem.message
        assert "read_excel" in (problem.hint or "")
    assert binary_kind((WORKBOOKS / "people.xls").read_bytes()) is not None
    assert "OpenDocument" in (binary_kind((WORKBOOKS / "people.ods").read_bytes()) or "")
    assert binary_kind(b"%PDF-1.7") == "a PDF document"


def test_cli_imports_a_workbook(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = workbook(tmp_path / "hr.xlsx", {"Data dictionary": DICTIONARY, "Employees": PEOPLE})
    code, out, err = run(capsys, "import", str(path))
    assert code == 0, err
    assert orgroles.loads(out).ids() == ["10026", "10027", "10028"]
    assert "excel, sheet 'Employees'" in err
    assert "read sheet 'Employees' (sheet 2 of 2)" in err
    code, out, err = run(capsys, "import", str(path), "--sheet", "1")
    assert code == 2
    assert "no id column found" in err
    assert "Traceback" not in err
    code, out, _ = run(capsys, "import", str(path), "--sheet", "2")
    assert code == 0
    assert len(orgroles.loads(out)) == 3


def test_cli_names_a_workbook_without_its_suffix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = workbook(tmp_path / "hr.xlsx", {"Employees": PEOPLE})
    renamed = path.rename(tmp_path / "export.csv")
    code, _, err = run(capsys, "import", str(renamed))
    assert code == 2
    assert "this is an Excel workbook" in err
    assert "Traceback" not in err
    unnamed = renamed.rename(tmp_path / "export")
    code, out, err = run(capsys, "import", str(unnamed))
    assert code == 0, err
    assert len(orgroles.loads(out)) == 3


def test_cli_refuses_csv_options_for_a_workbook(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = workbook(tmp_path / "hr.xlsx", {"Employees": PEOPLE})
    code, _, err = run(capsys, "import", str(path), "--delimiter", ";")
    assert code == 2
    assert "--delimiter applies to CSV input only" in err
    csv = tmp_path / "hr.csv"
    csv.write_text("id,parentId\n1,\n", encoding="utf-8")
    code, _, err = run(capsys, "import", str(csv), "--sheet", "Data")
    assert code == 2
    assert "--sheet applies to workbooks only" in err


def test_your_own_header_names_choose_the_sheet_too(tmp_path: Path) -> None:
    rows: list[list[Any]] = [["Nr", "Chef", "Stelle"], [1, None, "CEO"], [2, 1, "PM"]]
    path = workbook(tmp_path / "hr.xlsx", {"Hinweise": DICTIONARY, "Personal": rows})
    chart, report = orgroles.read_excel(path, aliases={"id": "Nr", "manager": "Chef"})
    assert report.sheet == "Personal"
    assert chart["2"].reports_to == "1"
