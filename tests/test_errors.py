"""The problem place every record shares, and the JSON documents that carry it (docs/json.md)."""

from __future__ import annotations

from pathlib import Path

import orgroles
from orgroles import Place, Problem, read_csv, validate
from orgroles.importers import ImportProblem
from orgroles.validation import Finding

ROOT = Path(__file__).resolve().parent.parent


def test_one_place_in_every_problem_record() -> None:
    place = Place(source="hr.csv", line=3, row=2, field="parentId", positions=("2",))
    records: list[Problem | ImportProblem | Finding] = [
        Problem("m", code="unknown-manager", place=place),
        ImportProblem("unknown-manager", "m", "kept it", place),
        Finding("unknown-manager", "error", "m", place=place),
    ]
    assert {record.place for record in records} == {place}
    assert {record.to_dict()["place"]["row"] for record in records} == {2}
    assert [str(record).split(": ")[0] for record in records] == ["hr.csv:3"] * 3


def test_a_place_names_a_position_by_id_and_by_row_only_without_one() -> None:
    assert str(Place(row=2, positions=("a",))) == "position 'a'"
    assert str(Place(row=2, field="id")) == "row 2, field 'id'"
    assert str(Place(line=4)) == "line 4"
    assert str(Place()) == ""
    assert not Place()
    many = str(Place(positions=tuple(f"p{n}" for n in range(20))))
    assert many.endswith("'... 13 more'")


def _documented_keys(heading: str) -> list[str]:
    """The keys of the first table under ``heading`` in docs/json.md."""
    page = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    section = page.split(heading, 1)[1]
    keys = []
    for line in section.split("\n\n| key |", 1)[1].splitlines()[2:]:
        if not line.startswith("| `"):
            break
        keys.append(line.split("`")[1])
    return keys


def test_the_json_page_documents_every_key_of_the_import_report(tmp_path: Path) -> None:
    path = tmp_path / "hr.csv"
    path.write_text("id,parentId\n1,\n2,9\n")
    data = read_csv(path).report.to_dict()
    assert _documented_keys("## The import report") == list(data)
    assert _documented_keys("Each import problem:") == list(data["problems"][0])
    assert _documented_keys("## The place of a problem") == list(data["problems"][0]["place"])


def test_the_json_page_documents_every_key_of_the_validation_report() -> None:
    chart = orgroles.OrgChart([{"id": "a", "role": "pm", "reports_to": "a"}])
    data = validate(chart, "startup").to_dict()
    assert _documented_keys("## The validation report") == list(data)
    assert _documented_keys("Each finding:") == list(data["findings"][0])
    assert list(data["findings"][0]["place"]) == _documented_keys("## The place of a problem")


def test_library_text_names_keyword_arguments_and_no_command_line_flag() -> None:
    # Hints name the keyword argument (an Option); the command line spells its own flag.
    import ast
    import re

    flag = re.compile(r"(?<![\w-])--[a-z][a-z-]+")
    package = ROOT / "src" / "orgroles"
    found: list[str] = []
    for path in sorted(package.rglob("*.py")):
        if path.parent.name == "cli" or path.name in ("pytest_plugin.py", "_engine.py"):
            continue  # the command line, pytest's own options, the layout child's argument
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # Docstrings, attribute docstrings included: every string that stands alone.
        docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
        found.extend(
            f"{path.relative_to(package)}:{node.lineno}: {node.value!r}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and flag.search(node.value)
        )
    assert found == []


def test_an_option_is_a_keyword_for_python_and_a_flag_for_the_command_line() -> None:
    from orgroles.errors import Option, OrgDataError

    option = Option("encoding", "latin-1")
    error = OrgDataError([Problem("not UTF-8", hint=f"pass {option.keyword()}", option=option)])
    assert "pass encoding='latin-1'" in str(error)
    assert "pass --encoding latin-1" in error.spelled(flags=True)
    assert Problem("x", option=option).to_dict()["option"] == "encoding"
