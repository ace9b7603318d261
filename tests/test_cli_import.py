"""``orgroles import``: org file out, report on stderr, exit codes."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

import orgroles
from cli_run import run

DATA = Path(__file__).parent / "data"

MESSY = (
    "Employee ID;Name;Job Title;Manager ID\n1;Ada;CEO;\n2;Lin;Group PM;1\n3;Bo;PM;9\n3;Cy;PM;2\n"
)


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    path = tmp_path / "hr.csv"
    path.write_text(MESSY, encoding="utf-8")
    return path


def test_import_writes_yaml_to_stdout_and_the_report_to_stderr(
    capsys: pytest.CaptureFixture[str], messy: Path
) -> None:
    code, out, err = run(capsys, "import", str(messy))
    assert code == 0
    chart = orgroles.loads(out)
    assert [(p.id, p.role, p.reports_to) for p in chart] == [
        ("1", "ceo", None),
        ("2", "gpm", "1"),
        ("3", "pm", "9"),
        ("3~2", "pm", "2"),
    ]
    assert "4 rows read (header not counted), 4 positions made" in err
    assert "id <- 'Employee ID' (detected)" in err
    assert "manager '9' is not an id in the input" in err
    assert "kept it as '3~2'" in err
    assert "Traceback" not in err


def test_import_to_files_and_a_json_report(
    capsys: pytest.CaptureFixture[str], messy: Path, tmp_path: Path
) -> None:
    for name in ("org.yaml", "org.json", "org.csv"):
        code, out, err = run(
            capsys,
            "import",
            str(messy),
            "-o",
            str(tmp_path / name),
            "--report",
            str(tmp_path / "r.json"),
        )
        assert code == 0
        assert out == ""
        # Said last, as every command that writes a file says it.
        assert err.splitlines()[-2:] == [
            f"wrote {tmp_path / name}: 4 positions",
            f"wrote {tmp_path / 'r.json'}: the import report as JSON",
        ]
    assert orgroles.load(tmp_path / "org.yaml") == orgroles.load(tmp_path / "org.json")
    assert orgroles.read_csv(tmp_path / "org.csv").chart == orgroles.load(tmp_path / "org.yaml")
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["rows_read"] == 4
    assert [p["code"] for p in report["problems"]] == ["unknown-manager", "duplicate-id"]


def test_import_of_write_csv_output_keeps_types_and_whitespace(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    chart = orgroles.OrgChart(
        [
            {"id": "1", "role": "ceo", "title": "CTO ", "attributes": {"n": 1, "blank": ""}},
            {"id": "2", "role": "pm", "reports_to": "1", "attributes": {"tags": ["a"]}},
        ]
    )
    orgroles.write_csv(chart, tmp_path / "org.csv")
    code, out, err = run(capsys, "import", str(tmp_path / "org.csv"))
    assert code == 0
    assert orgroles.loads(out) == chart
    assert "1 title, name or unit kept its surrounding whitespace" in err
    # A cell of a json: column that is not JSON: kept as text, named on stderr, exit 0.
    text = (tmp_path / "org.csv").read_text(encoding="utf-8").replace('"[""a""]"', "oops", 1)
    (tmp_path / "edited.csv").write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "import", str(tmp_path / "edited.csv"))
    assert code == 0
    assert orgroles.loads(out)["2"].attributes == {"tags": "oops"}
    assert "edited.csv:3: row 2, field 'json:tags': 'oops' is not JSON" in err


def test_strict_failure_exits_2_listing_every_problem(
    capsys: pytest.CaptureFixture[str], messy: Path
) -> None:
    code, out, err = run(capsys, "import", str(messy), "--strict")
    assert code == 2
    assert out == ""
    assert "in strict mode: 2 problems" in err
    assert "[unknown-manager]" in err
    assert "[duplicate-id]" in err
    assert "Traceback" not in err


def test_named_columns_and_a_role_map(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "hr.csv"
    source.write_text(
        "who,first,last,job,boss,team\n1,A,B,Chief Cook,,Kitchen\n2,C,D,Barista,1,Bar\n",
        encoding="utf-8",
    )
    role_map = tmp_path / "map.yaml"
    role_map.write_text("Chief Cook: ceo\nBarista: pm\n", encoding="utf-8")
    code, out, err = run(
        capsys,
        "import",
        str(source),
        "--id", "who", "--manager", "boss", "--title", "job",
        "--name", "first", "--name", "last", "--unit", "team",
        "--role-map", str(role_map),
    )  # fmt: skip
    assert code == 0, err
    chart = orgroles.loads(out)
    assert [(p.id, p.name, p.role, p.unit) for p in chart] == [
        ("1", "A B", "ceo", "Kitchen"),
        ("2", "C D", "pm", "Bar"),
    ]
    assert "name <- 'first' + 'last' (given)" in err


def test_product_only(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    role_map = tmp_path / "map.csv"
    role_map.write_text("title,role\nHead of direction,director\n", encoding="utf-8")
    code, out, err = run(
        capsys,
        "import",
        str(DATA / "d3-org-chart-sample.csv"),
        "--role-map",
        str(role_map),
        "--product-only",
    )
    assert code == 0
    chart = orgroles.loads(out)
    assert sum(1 for p in chart if p.role == "director") == 66
    assert f"{1516 - len(chart)} non-product positions dropped" in err
    # The unresolved titles are counted over the input, and the report says so.
    assert "unresolved titles: 18 distinct on 1383 input rows, before --product-only" in err


@pytest.mark.parametrize(
    ("name", "rows", "titles"),
    [
        pytest.param("d3-org-chart-sample.csv", 1516, 19, marks=pytest.mark.slow),
        ("oracle-hr-employees.csv", 107, 19),
    ],
)
def test_the_real_exports(
    capsys: pytest.CaptureFixture[str], name: str, rows: int, titles: int
) -> None:
    code, out, err = run(capsys, "import", str(DATA / name))
    assert code == 0
    assert len(orgroles.loads(out)) == rows
    assert f"{rows} rows read (header not counted), {rows} positions made" in err
    assert f"unresolved titles: {titles} distinct on" in err
    assert "problems: none" in err


def test_json_from_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = json.dumps({"id": "a", "title": "CPO", "children": [{"id": "b", "title": "PM"}]})
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode("utf-8"))))
    code, out, err = run(capsys, "import", "-")
    assert code == 0, err
    assert [(p.id, p.reports_to) for p in orgroles.loads(out)] == [("a", None), ("b", "a")]
    assert "imported <stdin> (json, utf-8)" in err


def test_format_encoding_and_delimiter_options(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "export.dat"
    source.write_bytes("id|parentId|name\n1||José\n".encode("cp1252"))
    code, out, err = run(
        capsys, "import", str(source), "--format", "csv", "--encoding", "cp1252", "--delimiter", "|"
    )
    assert code == 0, err
    assert orgroles.loads(out)["1"].name == "José"
    code, _, err = run(capsys, "import", str(source), "--format", "json", "--delimiter", ";")
    assert code == 2
    assert "--delimiter applies to CSV input only" in err


@pytest.mark.parametrize(
    ("content", "argv", "message"),
    [
        ("id,parentId\n1,\n", ["--manager", "boss"], "unknown column 'boss'"),
        ("who,boss\n1,\n2,1\n", [], "no id column found"),
        (b"id,name\n1,\x81\n", [], "cannot decode as utf-8"),
    ],
)
def test_unreadable_input_exits_2_without_a_traceback(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    content: str | bytes,
    argv: list[str],
    message: str,
) -> None:
    source = tmp_path / "hr.csv"
    source.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    code, out, err = run(capsys, "import", str(source), *argv)
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_a_missing_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "import", str(tmp_path / "nope.csv"))
    assert code == 2
    assert "nope.csv" in err


@pytest.mark.parametrize("option", ["-o", "--report"])
def test_an_unwritable_output_is_named_as_one(
    capsys: pytest.CaptureFixture[str], messy: Path, tmp_path: Path, option: str
) -> None:
    target = tmp_path / "no-such-dir" / "out.yaml"
    code, _, err = run(capsys, "import", str(messy), option, str(target))
    assert code == 2
    assert err == (
        f"orgroles: cannot write {str(target)!r}: "
        f"the folder {str(target.parent)!r} does not exist; create it first\n"
    )


def test_import_is_listed_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "import" in out
    code, out, _ = run(capsys, "import", "--help")
    assert code == 0
    assert "--product-only" in out
    assert "--role-map" in out


def test_trim_and_keep_whitespace_flags(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "hr.csv"
    path.write_text("id,parentId,name,positionName\n1,,  Ada  ,CTO \n", encoding="utf-8")
    code, out, _ = run(capsys, "import", str(path))
    assert code == 0
    assert [(p.name, p.title) for p in orgroles.loads(out)] == [("Ada", "CTO")]
    code, out, _ = run(capsys, "import", str(path), "--keep-whitespace")
    assert code == 0
    assert [(p.name, p.title) for p in orgroles.loads(out)] == [("  Ada  ", "CTO ")]
    written = tmp_path / "written.csv"
    code, _, _ = run(capsys, "import", str(path), "--keep-whitespace", "-o", str(written))
    assert code == 0
    code, out, _ = run(capsys, "import", str(written), "--trim")
    assert [(p.name, p.title) for p in orgroles.loads(out)] == [("Ada", "CTO")]
    assert run(capsys, "import", str(path), "--trim", "--keep-whitespace")[0] == 2


def test_trim_is_for_csv_only(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "hr.json"
    path.write_text('[{"id": "1", "name": "Ada"}]', encoding="utf-8")
    code, _, err = run(capsys, "import", str(path), "--trim")
    assert code == 2
    assert "--trim applies to CSV input only" in err


def test_import_refuses_an_output_it_cannot_write(
    capsys: pytest.CaptureFixture[str], messy: Path, tmp_path: Path
) -> None:
    target, report = tmp_path / "out.xlsx", tmp_path / "report.json"
    code, out, err = run(capsys, "import", str(messy), "-o", str(target), "--report", str(report))
    assert (code, out) == (2, "")
    assert err == (
        f"orgroles: cannot tell the format from {str(target)!r}; "
        "use one of: .yaml, .yml, .json, .csv\n"
    )
    assert not target.exists()
    assert not report.exists(), "nothing is written before the output is known to work"


def test_hints_name_the_commands_flags_where_the_library_names_keywords(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "hr.csv"
    source.write_bytes("id,reports_to,name\n1,,Zo\xeb\n".encode("latin-1"))
    code, _, err = run(capsys, "import", str(source), "--encoding", "utf-8")
    assert code == 2
    assert "--encoding latin-1" in err
    assert "encoding='latin-1'" not in err
    with pytest.raises(orgroles.OrgImportError) as raised:
        orgroles.read_csv(source, encoding="utf-8")
    assert "encoding='latin-1'" in str(raised.value)
