"""Real HR exports: managers by id, email or name, placeholders, HRIS headers, row filters."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

import orgroles
from cli_run import run
from orgroles.importers._aliases import HRIS_HEADERS, SYSTEMS, aliases_markdown
from orgroles.importers._names import NameIndex, parse_name
from orgroles.traversal import is_tree

DOCS = Path(__file__).parent.parent / "docs" / "importing.md"

HR_COLUMNS = [
    "Employee_Name", "EmpID", "MarriedID", "ManagerName", "ManagerID", "Position",
    "Department", "DateofHire", "Termd", "EmploymentStatus",
]  # fmt: skip
MANAGERS = [
    ("Albert", "Michael", "J"), ("Roup", "Simon", ""), ("Sullivan", "Kissy", ""),
    ("Gray", "Elijiah", ""), ("Butler", "Webster", "L"), ("Dunn", "Amy", ""),
    ("Sweetwater", "Alex", ""), ("Liebig", "Ketsia", ""), ("Miller", "Brannon", ""),
    ("Stanley", "David", ""), ("Spirea", "Kelley", ""), ("Smith", "John", ""),
    ("Zamora", "Jennifer", ""), ("Daneault", "Lynn", ""), ("Champaigne", "Brian", ""),
    ("Houlihan", "Debra", ""), ("Dougall", "Eric", ""), ("LeBlanc", "Brandon", "R"),
]  # fmt: skip


def hr_dataset(rows: int = 311) -> list[dict[str, Any]]:
    """Rows shaped like the public 311-employee HR dataset (made here, not copied).

    ``Employee_Name`` reads "Last, First M", ``ManagerName`` "First Last" (one with a middle
    initial, one with an accent missing), ``ManagerID`` is a separate key 1-39 that is never an
    ``EmpID`` (10001-), the CEO's manager is the "Board of Directors", and about a third of the
    rows are terminated employees.
    """
    people: list[dict[str, Any]] = []

    def add(name: str, manager: str, key: int, position: str, status: str) -> None:
        people.append(
            {
                "Employee_Name": name,
                "EmpID": 10001 + len(people),
                "MarriedID": len(people) % 2,
                "ManagerName": manager,
                "ManagerID": key,
                "Position": position,
                "Department": "Executive Office" if key == 1 else "Production",
                "DateofHire": f"{2008 + len(people) % 10}-07-05",
                "Termd": 0 if status == "Active" else 1,
                "EmploymentStatus": status,
            }
        )

    add("King, Janet", "Board of Directors", 1, "President & CEO", "Active")
    for last, first, middle in MANAGERS:
        add(f"{last}, {first} {middle}".strip(), "Janet King", 2, "Production Manager", "Active")
    gone = ["Voluntarily Terminated", "Terminated for Cause"]
    while len(people) < rows:
        n = len(people)
        worker = n - 1 - len(MANAGERS)  # 104 of the 292 workers have left, as in the dataset
        status = gone[worker % 4 // 2] if worker < 208 and worker % 2 == 0 else "Active"
        last, first, middle = MANAGERS[n % len(MANAGERS)]
        # Managers named as the dataset names them: "First Last", a middle initial at times.
        manager = f"{first} {middle}. {last}" if middle and n % 3 == 0 else f"{first} {last}"
        add(f"Worker{n}, Pat{' Q' if n % 2 else ''}", manager, 3 + n % len(MANAGERS),
            "Production Technician I", status)  # fmt: skip
    return people


def write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(text.getvalue(), encoding="utf-8")
    return path


def write_xlsx(path: Path, rows: list[dict[str, Any]]) -> Path:
    book = Workbook()
    book.active.title = "Data Dictionary"
    for line in [["Field", "Description"], *([c, f"the {c}"] for c in HR_COLUMNS)]:
        book.active.append(line)
    data = book.create_sheet("HRDataset")
    data.append(list(rows[0]))
    for row in rows:
        data.append(list(row.values()))
    book.save(path)
    return path


def assert_full_tree(chart: orgroles.OrgChart, report: orgroles.ImportReport) -> None:
    """Every manager resolved or a placeholder; the CEO with its reports; counts accounted."""
    assert report.filtered == 104
    assert report.rows_read == 311
    assert report.accounted
    assert report.manager_by == "name"
    assert report.placeholders == ("placeholder-board-of-directors",)
    assert is_tree(chart)
    ceo = next(p for p in chart if p.role == "ceo")
    assert ceo.name == "King, Janet"
    assert ceo.reports_to == "placeholder-board-of-directors"
    assert len(chart.reports_of(ceo.id)) == len(MANAGERS)
    board = chart["placeholder-board-of-directors"]
    assert board.name is None
    assert board.attributes == {"placeholder": True, "manager_name": "Board of Directors"}
    ids = set(chart.ids())
    assert all(p.reports_to in ids for p in chart if p.reports_to is not None)
    codes = [p.code for p in report.problems]
    assert codes == ["manager-column", "placeholder-manager"]
    assert "'ManagerID'" in report.problems[0].message
    assert "'ManagerName'" in report.problems[0].action


def test_the_hr_dataset_shape_gives_a_full_tree(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "HRDataset.csv", hr_dataset())
    chart, report = orgroles.read_csv(path, where={"EmploymentStatus": "Active"})
    assert_full_tree(chart, report)
    summary = report.summary()
    assert "104 rows left out by the row filter (EmploymentStatus=Active)" in summary
    assert "(managers read by name)" in summary
    assert summary.index("'ManagerID' are mostly not ids") < summary.index("not in the export")


def test_the_hr_dataset_shape_from_a_workbook_gives_the_same_tree(tmp_path: Path) -> None:
    rows = hr_dataset()
    csv_result = orgroles.read_csv(write_csv(tmp_path / "hr.csv", rows), where=["Termd=0"])
    chart, report = orgroles.read_excel(write_xlsx(tmp_path / "hr.xlsx", rows), where=["Termd=0"])
    assert report.sheet == "HRDataset"
    assert_full_tree(chart, report)
    assert chart == csv_result.chart


def test_the_hr_dataset_shape_on_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "hr.xlsx", hr_dataset())
    out = tmp_path / "org.yaml"
    code, _, err = run(
        capsys, "import", str(path), "--where", "EmploymentStatus=Active", "-o", str(out)
    )
    assert code == 0, err
    chart = orgroles.load(out)
    assert len(chart) == 311 - 104 + 1
    assert "104 rows left out by the row filter" in err
    # Without the filter every employee is in, terminated ones too.
    code, yaml_text, err = run(capsys, "import", str(path), "--manager-by", "name")
    assert code == 0, err
    assert len(orgroles.loads(yaml_text)) == 312


def test_without_placeholders_an_absent_manager_is_kept_as_written(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "hr.csv", hr_dataset(40))
    chart, report = orgroles.read_csv(path, placeholders=False, manager_by="name")
    ceo = chart["10001"]
    assert ceo.reports_to == "Board of Directors"
    assert [p.code for p in report.problems] == ["unknown-manager"]
    assert report.placeholders == ()


# -- names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Lovelace, Ada", "Ada Lovelace"),
        ("Lovelace, Ada M", "Ada M. Lovelace"),
        ("Lovelace, Ada M", "Ada Lovelace"),
        ("LOVELACE,  ada", "ada   lovelace"),
        ("Zoë Ångström", "Angstrom, Zoe"),
        ("De Haan, Lex", "Lex De Haan"),
        ("Dr. Ada Lovelace Jr.", "Lovelace, Ada"),
    ],
)
def test_names_match_across_spellings(one: str, other: str) -> None:
    index = NameIndex([("1", one), ("2", "Hopper, Grace")])
    assert index.find(other).match == "1"


def test_an_ambiguous_name_gives_every_candidate_and_never_guesses() -> None:
    index = NameIndex([("1", "Smith, John A"), ("2", "Smith, John B"), ("3", "Smith, Joan")])
    found = index.find("John Smith")
    assert found.match is None
    assert found.candidates == ("1", "2")
    assert index.find("John B. Smith").match == "2"
    assert index.find("J. Smith").match is None  # John A, John B and Joan all fit
    assert parse_name("  ") is None


def test_an_ambiguous_manager_is_reported_with_its_candidates(tmp_path: Path) -> None:
    path = tmp_path / "hr.csv"
    path.write_text(
        "id,name,manager name,title\n1,Ada King,,CEO\n2,John Smith,Ada King,Director\n"
        "3,John Smith,Ada King,Director\n4,Bo Berg,John Smith,Product Manager\n",
        encoding="utf-8",
    )
    chart, report = orgroles.read_csv(path, manager_by="name")
    assert chart["4"].reports_to is None
    (problem,) = report.problems
    assert problem.code == "ambiguous-manager"
    assert problem.place.positions == ("4",)
    assert "'2' (John Smith), '3' (John Smith)" in problem.message


def test_managers_by_email(tmp_path: Path) -> None:
    path = tmp_path / "google.csv"
    path.write_text(
        "Employee ID,Email Address [Required],Manager Email,Employee Title\n"
        "1,ada@acme.com,,CEO\n2,Lin@Acme.com,ADA@acme.com,VP Product\n"
        "3,bo@acme.com,lin@acme.com,Product Manager\n4,cy@acme.com,gone@acme.com,Designer\n",
        encoding="utf-8",
    )
    chart, report = orgroles.read_csv(path, manager_by="email")
    assert [(p.id, p.reports_to) for p in chart][:4] == [
        ("1", None),
        ("2", "1"),
        ("3", "2"),
        ("4", "placeholder-gone@acme.com"),
    ]
    assert chart["placeholder-gone@acme.com"].attributes["manager_email"] == "gone@acme.com"
    assert report.column("reports_to") == ("Manager Email",)
    assert [p.code for p in report.problems] == ["placeholder-manager"]
    # auto finds the same by itself: the column has no manager id column at all.
    assert orgroles.read_csv(path).chart == chart


def test_auto_says_when_no_reading_finds_the_managers(tmp_path: Path) -> None:
    path = tmp_path / "hr.csv"
    path.write_text("id,manager_id,title\n10,,CEO\n11,1,PM\n12,2,PM\n13,3,PM\n", encoding="utf-8")
    _, report = orgroles.read_csv(path)
    codes = [p.code for p in report.problems]
    assert codes == ["manager-column", "unknown-manager", "unknown-manager", "unknown-manager"]
    assert "0 of 3 distinct values are ids" in report.problems[0].message


def test_a_clean_export_by_id_says_nothing_about_managers(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "hr.csv",
        [{"id": "1", "manager": "", "title": "CEO"}, {"id": "2", "manager": "1", "title": "PM"}],
    )
    _, report = orgroles.read_csv(path)
    assert report.ok
    assert report.manager_by == "id"


def test_manager_by_is_checked() -> None:
    with pytest.raises(ValueError, match="did you mean 'name'"):
        orgroles.from_records([{"id": "1"}], manager_by="names")  # type: ignore[arg-type]  # the mistake under test


# -- HR systems' headers ----------------------------------------------------------------------


@pytest.mark.parametrize("system", SYSTEMS)
def test_each_hr_systems_headers_are_detected(system: str) -> None:
    record: dict[str, str] = {}
    for field in ("id", "reports_to", "title", "unit"):
        record[HRIS_HEADERS[field][system][0]] = {"reports_to": ""}.get(field, f"{field}-1")
    report = orgroles.from_records([record]).report
    assert report.column("id") == (HRIS_HEADERS["id"][system][0],)
    assert report.column("title") == (HRIS_HEADERS["title"][system][0],)
    assert report.column("unit") == (HRIS_HEADERS["unit"][system][0],)
    assert report.column("reports_to") == (HRIS_HEADERS["reports_to"][system][0],)


def test_bamboohr_employee_number_is_an_id_not_a_name() -> None:
    chart, report = orgroles.from_records(
        [
            {"Employee #": "7", "Supervisor EID": "", "Job Title": "CEO"},
            {"Employee #": "8", "Supervisor EID": "7", "Job Title": "PM"},
        ]
    )
    assert report.column("id") == ("Employee #",)
    assert chart["8"].reports_to == "7"


def test_your_own_aliases_come_first() -> None:
    records = [
        {"Personalnummer": "1", "Chef": "", "Stelle": "CEO", "id": "x"},
        {"Personalnummer": "2", "Chef": "1", "Stelle": "Produktmanager", "id": "y"},
    ]
    chart, report = orgroles.from_records(
        records, aliases={"id": "Personalnummer", "manager": "Chef", "title": ["Stelle"]}
    )
    assert chart.ids() == ["1", "2"]
    assert report.column("title") == ("Stelle",)
    assert chart["2"].attributes == {"id": "y"}
    with pytest.raises(ValueError, match="alias field"):
        orgroles.from_records(records, aliases={"boss": "Chef"})


def test_the_alias_table_in_the_docs_is_generated_from_the_code() -> None:
    assert aliases_markdown() in DOCS.read_text(encoding="utf-8")


def test_cli_aliases(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "hr.csv"
    path.write_text("Nr,Chef,Stelle\n1,,CEO\n2,1,PM\n", encoding="utf-8")
    code, out, err = run(capsys, "import", str(path), "--alias", "id=Nr", "--alias", "manager=Chef")
    assert code == 0, err
    assert orgroles.loads(out)["2"].reports_to == "1"
    code, _, err = run(capsys, "import", str(path), "--alias", "boss=Chef")
    assert code == 2
    assert "alias field" in err


# -- row filters ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "where",
    [
        {"Status": "active"},
        {"Status": ["Active", "Leave"]},
        ["Status=Active", "Status=leave"],
        ["Status!=Terminated"],
        ["status!=terminated"],  # the detected status column, by its field name
        lambda row: row["Status"] != "Terminated",
    ],
)
def test_row_filters_keep_the_rows_that_pass(where: Any, tmp_path: Path) -> None:
    path = tmp_path / "hr.csv"
    path.write_text(
        "id,parentId,Status\n1,,Active\n2,1,Terminated\n3,1,Leave\n4,1, active \n",
        encoding="utf-8",
    )
    chart, report = orgroles.read_csv(path, where=where)
    expected = ["1", "4"] if where in ({"Status": "active"},) else ["1", "3", "4"]
    assert chart.ids() == expected
    assert report.filtered == 4 - len(expected)
    assert report.accounted
    assert report.to_dict()["filtered"] == report.filtered


def test_the_clean_fast_path_and_the_careful_path_filter_alike(tmp_path: Path) -> None:
    text = "id,parentId,Status\n" + "".join(
        f"{n},{'' if n == 1 else 1},{'Active' if n % 3 else 'Gone'}\n" for n in range(1, 30)
    )
    clean = orgroles.read_csv(text.encode(), where=["Status=Active"], source="hr.csv")
    careful = orgroles.read_csv(
        (text + "30,99,Active\n").encode(), where=["Status=Active"], source="hr.csv"
    )
    assert careful.chart.ids()[:-1] == clean.chart.ids()
    assert clean.report.filtered == careful.report.filtered == 9
    assert clean.report.row_filter == careful.report.row_filter == "Status=Active"


def test_a_filter_on_a_column_that_is_not_there(tmp_path: Path) -> None:
    path = tmp_path / "hr.csv"
    path.write_text("id,parentId,Status\n1,,Active\n", encoding="utf-8")
    with pytest.raises(orgroles.OrgImportError) as raised:
        orgroles.read_csv(path, where=["Stauts=Active"])
    assert "did you mean 'Status'" in raised.value.problems[0].message
    with pytest.raises(orgroles.OrgImportError, match="COLUMN=VALUE"):
        orgroles.read_csv(path, where=["Status"])


def test_filters_in_json_records() -> None:
    chart, report = orgroles.from_records(
        [{"id": "1", "manager": "", "status": "active"}, {"id": "2", "manager": "1"}],
        where={"status": "active"},
    )
    assert chart.ids() == ["1"]
    assert report.filtered == 1


# -- the report -------------------------------------------------------------------------------


def test_the_report_groups_problems_by_kind_diagnosis_first(tmp_path: Path) -> None:
    rows = "".join(f"{n},{n % 7 + 1},PM\n" for n in range(100, 140))
    path = tmp_path / "hr.csv"
    path.write_text("EmpID,ManagerID,Title\n99,,CEO\n99,,CEO\n" + rows, encoding="utf-8")
    report = orgroles.read_csv(path).report
    lines = report.summary(flags=True).splitlines()
    start = lines.index("problems: 42 (3 kinds)")
    assert lines[start + 1] == "  manager-column x1"
    assert lines[start + 3] == "  duplicate-row x1"
    assert lines[start + 5] == "  unknown-manager x40"
    assert lines[start + 6].startswith("    ")
    assert lines[start + 6 + 5] == "    ... 35 more unknown-manager (all of them: --report FILE)"
    everything = report.summary(per_kind=None, max_problems=None)
    assert everything.count("is not an id in the input") == 40
    assert len(report.to_dict()["problems"]) == 42
