"""CSV import: real exports, every messy-data case, role maps, product_org and write_csv."""

from __future__ import annotations

import codecs
import io
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import orgroles
from orgroles import (
    ImportReport,
    OrgChart,
    OrgImportError,
    Place,
    Position,
    product_org,
    read_csv,
    write_csv,
)
from orgroles.importers._text import neutralise, restore

DATA = Path(__file__).parent / "data"


def write(tmp_path: Path, text: str | bytes, name: str = "hr.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_bytes(text.encode("utf-8"))
    else:
        path.write_bytes(text)
    return path


def codes(report: ImportReport) -> list[str]:
    assert report.accounted, "a row went missing"
    return [p.code for p in report.problems]


# -- the real exports -------------------------------------------------------------------------


def test_d3_org_chart_sample_imports_every_row() -> None:
    chart, report = read_csv(DATA / "d3-org-chart-sample.csv")
    assert report.rows_read == 1516
    assert report.positions_made == len(chart) == 1516
    assert report.ok
    assert report.accounted
    assert report.encoding == "utf-8"
    assert report.delimiter == ","
    assert {c.field: (c.columns, c.how) for c in report.columns} == {
        "id": (("id",), "detected"),
        "reports_to": (("parentId",), "detected"),
        "title": (("positionName",), "detected"),
        "name": (("name",), "detected"),
        "unit": (("area",), "detected"),
    }
    assert report.attribute_columns == (
        "imageUrl",
        "profileUrl",
        "office",
        "tags",
        "isLoggedUser",
        "size",
    )
    # Only the 66 "CEO" titles and the one "Chief Executive Officer " are product-org roles.
    assert report.roles == {"ceo": 67, "other": 1449}
    assert len(report.unresolved_titles) == 19
    assert sum(report.unresolved_titles.values()) == 1449
    # "CTO " and "CTO" are one title; so are "Senior sales manager" and "Senior Sales Manager".
    assert report.unresolved_titles["CTO"] == 136
    assert report.unresolved_titles["Senior sales manager"] == 132
    assert [p.id for p in chart.roots()] == ["O-6066"]
    first = chart["O-6066"]
    assert (first.role, first.title, first.name) == (
        "ceo",
        "Chief Executive Officer",
        "Ian Devling",
    )
    assert first.attributes["tags"] == "Ceo,tag1,manager,cto"
    assert chart["O-6068"].name == "Leverling Janet"  # the leading space is trimmed
    assert "size" not in first.attributes  # empty cells are left out


@pytest.mark.parametrize("as_given", ["path", "str", "bytes", "binary file"])
@pytest.mark.parametrize("reader", [orgroles.read_csv, orgroles.read_json])
def test_a_path_its_bytes_and_an_open_file_import_the_same(
    as_given: str, reader: Any, tmp_path: Path
) -> None:
    if reader is orgroles.read_csv:
        path = write(tmp_path, "Employee ID;Job Title;Manager ID\n1;CEO;\n2;PM;1\n", "hr.csv")
    else:
        path = write(
            tmp_path, '[{"id": "1", "title": "CEO"}, {"id": "2", "parentId": "1"}]', "t.json"
        )
    expected = reader(path)
    if as_given == "path":
        assert expected.report.source == str(path)
    elif as_given == "str":
        assert reader(str(path)) == expected
    elif as_given == "bytes":
        assert reader(path.read_bytes(), source=str(path)) == expected
        assert reader(path.read_bytes()).report.source == "<bytes>"
    else:
        with path.open("rb") as file:
            assert reader(file) == expected  # named after the open file
        assert reader(io.BytesIO(path.read_bytes()), source=str(path)) == expected


def test_a_text_file_is_refused_with_what_to_pass_instead(tmp_path: Path) -> None:
    path = write(tmp_path, "id,parentId\n1,\n")
    with path.open(encoding="utf-8") as file, pytest.raises(TypeError, match="binary"):
        orgroles.read_csv(file)  # type: ignore[arg-type]  # the mistake under test


def test_oracle_hr_sample_imports_every_row() -> None:
    chart, report = read_csv(DATA / "oracle-hr-employees.csv")
    assert (report.rows_read, report.positions_made, report.ok) == (107, 107, True)
    assert report.column("name") == ("name", "lastName")
    assert report.column("title") == ("position",)
    assert report.column("unit") == ("department_name",)
    assert len(report.attribute_columns) == 18
    assert report.roles == {"other": 107}
    assert len(report.unresolved_titles) == 19
    assert report.unresolved_titles["Sales Representative"] == 30
    king = chart["100"]
    assert (king.name, king.unit, king.reports_to) == ("Steven King", "Executive", None)
    assert king.attributes["salary"] == "24000"  # text, as in the file
    assert king.attributes["department_location_postal_code"] == "98199"
    assert "commission_pct" not in king.attributes
    assert chart["101"].reports_to == "100"


def test_real_exports_with_a_role_map_and_product_only(tmp_path: Path) -> None:
    role_map = write(tmp_path, "title,role\nHead of direction,director\nIntern,apm\n", "map.csv")
    chart, report = read_csv(DATA / "d3-org-chart-sample.csv", role_map=role_map, product_only=True)
    assert report.accounted
    assert report.roles["director"] == 66
    assert report.roles["apm"] == 64
    assert len(chart) + len(report.dropped) == 1516
    assert "Intern" not in report.unresolved_titles
    # Every kept position is a product role or above one.
    product = {p.id for p in chart if p.role in ("director", "apm")}
    above = {m.id for pid in product for m in chart.chain_of_command(pid)}
    assert {p.id for p in chart} == product | above
    assert [p.id for p in chart.roots()] == ["O-6066"]


def test_product_only_on_an_export_without_product_roles_says_why_it_is_empty(
    tmp_path: Path,
) -> None:
    chart, report = read_csv(DATA / "oracle-hr-employees.csv", product_only=True)
    assert len(chart) == 0
    assert len(report.dropped) == 107
    (note,) = [n for n in report.notes if "the company has no product roles" in n]
    assert "the titles it has most: 'Sales Representative' x30" in note
    # The library names the keyword argument; the command line's summary its flag.
    assert "(role_map=FILE)" in str(report)
    assert "(--role-map FILE)" in report.summary(flags=True)
    assert "product_only=True" in str(report)
    assert "--product-only" in report.summary(flags=True)
    # With a role map giving product roles, no such note.
    role_map = write(tmp_path, "title,role\nProgrammer,pm\n", "map.csv")
    chart, kept = read_csv(DATA / "oracle-hr-employees.csv", product_only=True, role_map=role_map)
    assert len(chart) > 0
    assert not any("the company has no product roles" in note for note in kept.notes)


def test_a_catalog_of_ones_own_without_other_still_places_unresolved_titles(
    tmp_path: Path,
) -> None:
    catalog = orgroles.RoleCatalog([r for r in orgroles.roles() if r.key != "other"])
    for text in ("id,manager,title\n1,,CEO\n2,1,Software Engineer\n", "id,manager\n1,\n2,1\n"):
        for product_only in (False, True):
            chart, _ = read_csv(write(tmp_path, text), roles=catalog, product_only=product_only)
            assert "other" in chart.roles
            assert orgroles.loads(orgroles.dumps(chart)) == chart  # the chart can be saved


# -- encodings --------------------------------------------------------------------------------

CSV = "id,parentId,name,title\n1,,Zoë Ørsted,CEO\n2,1,José,Product Manager\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (CSV.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + CSV.encode("utf-8"), "utf-8-sig"),
        (CSV.encode("utf-16"), "utf-16"),  # with a BOM, in native order
        (codecs.BOM_UTF16_BE + CSV.encode("utf-16-be"), "utf-16"),
        (CSV.encode("utf-32"), "utf-32"),
        (CSV.encode("cp1252"), "cp1252"),
    ],
)
def test_encodings_are_detected(tmp_path: Path, data: bytes, encoding: str) -> None:
    chart, report = read_csv(write(tmp_path, data))
    assert report.encoding == encoding
    assert [p.name for p in chart] == ["Zoë Ørsted", "José"]
    assert chart["1"].role == "ceo"
    assert report.column("id") == ("id",)  # the BOM is not part of the first column's name
    assert report.ok
    assert any("cp1252" in note for note in report.notes) == (encoding == "cp1252")


def test_undecodable_bytes_name_the_encoding_option(tmp_path: Path) -> None:
    # 0x81 is neither UTF-8 nor cp1252.
    path = write(tmp_path, b"id,parentId,name\n1,,Ada\n2,1,\x81\x81\n")
    with pytest.raises(OrgImportError) as caught:
        read_csv(path)
    assert "line 3" in str(caught.value) or ":3" in str(caught.value)
    assert "encoding=" in str(caught.value)
    chart, _ = read_csv(path, encoding="latin-1")
    assert chart["2"].name == "\x81\x81"


def test_utf16_without_bom_is_refused_with_a_hint(tmp_path: Path) -> None:
    path = write(tmp_path, CSV.encode("utf-16-le"))
    with pytest.raises(OrgImportError, match="utf-16-le"):
        read_csv(path)
    assert read_csv(path, encoding="utf-16-le").chart["1"].name == "Zoë Ørsted"


def test_a_wrong_encoding_that_decodes_anyway_is_refused(tmp_path: Path) -> None:
    # UTF-8 bytes of even length "decode" as UTF-16 into one line of CJK characters.
    path = write(tmp_path, "id;manager_id;title;name\n1;;CEO;Ada\n2;1;PM;Lin\n\n")
    with pytest.raises(OrgImportError, match="read as utf-16 it has none: it is not utf-16"):
        read_csv(path, encoding="utf-16")
    assert len(read_csv(path, encoding="utf-8").chart) == 2
    real = write(tmp_path, CSV.encode("utf-16-le"), "le.csv")
    assert len(read_csv(real, encoding="utf-16-le").chart) == 2


def test_a_single_byte_encoding_given_for_utf8_text_gets_a_note(tmp_path: Path) -> None:
    path = write(tmp_path, "id,manager,name\n1,,Zoë\n")
    chart, report = read_csv(path, encoding="latin-1")
    assert chart["1"].name == "ZoÃ«"  # as asked: the bytes read as latin-1
    assert any("valid UTF-8 too, which reads '1,,Zoë'" in note for note in report.notes)
    assert not any("UTF-8" in note for note in read_csv(path).report.notes)
    cp1252 = write(tmp_path, "id,manager,name\n1,,Zoë\n".encode("cp1252"), "win.csv")
    assert not any("UTF-8" in n for n in read_csv(cp1252, encoding="cp1252").report.notes)


def test_unknown_encoding_name(tmp_path: Path) -> None:
    with pytest.raises(OrgImportError, match="unknown encoding 'utf-9'"):
        read_csv(write(tmp_path, CSV), encoding="utf-9")


# -- delimiters, line endings, quoting --------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", "\t", "|", ","])
def test_delimiters_are_detected(tmp_path: Path, delimiter: str) -> None:
    text = (
        delimiter.join(["Employee ID", "Full Name", "Job Title", "Manager ID"])
        + "\n"
        + delimiter.join(["1", '"Lovelace, Ada"', "CEO", ""])
        + "\n"
        + delimiter.join(["2", "Lin", "Director of Product", "1"])
        + "\n"
    )
    chart, report = read_csv(write(tmp_path, text))
    assert report.delimiter == delimiter
    assert [(p.id, p.name, p.role, p.reports_to) for p in chart] == [
        ("1", "Lovelace, Ada", "ceo", None),
        ("2", "Lin", "director", "1"),
    ]


def test_a_given_delimiter_wins(tmp_path: Path) -> None:
    path = write(tmp_path, "id\tparentId\tnote\n1\t\ta;b;c;d\n")
    chart, report = read_csv(path, delimiter="tab")
    assert report.delimiter == "\t"
    assert chart["1"].attributes == {"note": "a;b;c;d"}
    with pytest.raises(OrgImportError, match="one character"):
        read_csv(path, delimiter=";;")


@pytest.mark.parametrize(
    ("given", "actual", "keyword", "flag"),
    [
        (",", ";", "delimiter=';'", "--delimiter ';'"),
        (";", "\t", "delimiter='tab'", "--delimiter tab"),
    ],
)
def test_a_wrong_delimiter_is_named_in_the_hint(
    tmp_path: Path, given: str, actual: str, keyword: str, flag: str
) -> None:
    path = write(tmp_path, actual.join(["id", "manager_id", "title"]) + "\n1" + actual * 2 + "\n")
    with pytest.raises(OrgImportError) as raised:
        read_csv(path, delimiter=given)
    (problem,) = raised.value.problems
    assert problem.hint is not None
    assert f"delimited by {actual!r}" in problem.hint
    # The library names the keyword argument, the command line its flag.
    assert keyword in problem.hint
    assert problem.option is not None
    assert problem.option.name == "delimiter"
    assert flag in problem.spelled(flags=True)


def test_a_header_quoted_as_one_cell_gets_no_delimiter_advice(tmp_path: Path) -> None:
    # Splitting on ',' again would not help: the commas are inside quotes.
    path = write(tmp_path, '"id,manager,title"\n"1,,CEO"\n')
    with pytest.raises(OrgImportError) as raised:
        read_csv(path)
    assert all("delimiter" not in (p.hint or "") for p in raised.value.problems)


def test_crlf_and_quoted_newlines_keep_line_numbers(tmp_path: Path) -> None:
    text = 'id,parentId,name,notes\r\n1,,Ada,"two\r\nlines"\r\n2,1,Lin,"a\nb\nc"\r\n3,3,Bo,x\r\n'
    chart, report = read_csv(write(tmp_path, text))
    assert chart["1"].attributes["notes"] == "two\r\nlines"
    assert chart["2"].attributes["notes"] == "a\nb\nc"
    (problem,) = report.problems
    assert (problem.code, problem.place.row, problem.place.line) == ("self-report", 3, 7)


def test_blank_lines_are_not_rows(tmp_path: Path) -> None:
    chart, report = read_csv(write(tmp_path, "id,parentId\n\n1,\n\n2,1\n\n"))
    assert (report.rows_read, len(chart), report.ok) == (2, 2, True)


# -- ids --------------------------------------------------------------------------------------


def test_ids_are_trimmed_and_stay_text(tmp_path: Path) -> None:
    text = "id,parentId,badge\n 00123 ,,007\n7,  00123\t,0042\n"
    chart, report = read_csv(write(tmp_path, text))
    assert chart.ids() == ["00123", "7"]
    assert chart["7"].reports_to == "00123"
    assert chart["00123"].attributes == {"badge": "007"}
    assert report.ok
    assert "1 id had surrounding whitespace, trimmed" in report.notes
    # Ids and manager ids are not titles, names or units: no second note miscounting them.
    assert report.notes == ("1 id had surrounding whitespace, trimmed",)
    padded = write(tmp_path, "id,parentId,title\n1,,CEO \n2,1, Head of Product\n", "padded.csv")
    assert read_csv(padded).report.notes == (
        "2 titles, names or units had surrounding whitespace, trimmed",
    )


def test_ids_differing_only_by_case_are_reported_not_merged(tmp_path: Path) -> None:
    chart, report = read_csv(write(tmp_path, "id,parentId\nA-1,\na-1,A-1\nx,a-1\n"))
    assert chart.ids() == ["A-1", "a-1", "x"]
    assert chart["x"].reports_to == "a-1"
    (problem,) = report.problems
    assert (problem.code, problem.place.row, problem.place.positions) == (
        "case-variant-id",
        2,
        ("a-1",),
    )
    assert "'A-1'" in problem.message
    assert problem.action == "kept both as separate positions"


def test_blank_ids_get_generated_ids(tmp_path: Path) -> None:
    text = "id,parentId,name\n1,,Ada\n,1,Lin\n   ,1,Bo\n"
    chart, report = read_csv(write(tmp_path, text))
    assert chart.ids() == ["1", "row-2", "row-3"]
    assert [(p.name, p.reports_to) for p in chart][1:] == [("Lin", "1"), ("Bo", "1")]
    assert codes(report) == ["blank-id", "blank-id"]
    assert report.problems[0].action == "gave it the id 'row-2'"


def test_blank_id_numbering_avoids_existing_ids(tmp_path: Path) -> None:
    chart, report = read_csv(write(tmp_path, "id,parentId\nrow-2,\n,row-2\n"))
    assert chart.ids() == ["row-2", "row-2~2"]
    assert chart["row-2~2"].reports_to == "row-2"
    assert codes(report) == ["blank-id"]


def test_control_characters_in_ids(tmp_path: Path) -> None:
    chart, report = read_csv(write(tmp_path, 'id,parentId\n"a\nb",\nc,"a\nb"\n'))
    assert chart.ids() == ["a b", "c"]
    assert chart["c"].reports_to == "a b"
    assert codes(report) == ["bad-id"]


def test_identical_duplicates_are_collapsed(tmp_path: Path) -> None:
    text = "id,parentId,name\n1,,Ada\n2,1,Lin\n2,1,Lin\n2,1, Lin \n"
    chart, report = read_csv(write(tmp_path, text))
    assert chart.ids() == ["1", "2"]
    assert (report.rows_read, report.positions_made, report.collapsed) == (4, 2, 2)
    assert codes(report) == ["duplicate-row", "duplicate-row"]
    assert report.problems[0].message == "repeats row 2 exactly"


def test_conflicting_duplicates_are_renamed_and_kept(tmp_path: Path) -> None:
    text = "id,parentId,name\n1,,Ada\n2,1,Lin\n2,1,Bo\n2,1,Cy\n2~2,1,Di\n3,2,Ed\n"
    chart, report = read_csv(write(tmp_path, text))
    assert [(p.id, p.name) for p in chart] == [
        ("1", "Ada"),
        ("2", "Lin"),
        ("2~3", "Bo"),
        ("2~4", "Cy"),
        ("2~2", "Di"),
        ("3", "Ed"),
    ]
    assert chart["3"].reports_to == "2"  # references go to the first row with the id
    assert codes(report) == ["duplicate-id", "duplicate-id"]
    assert report.problems[0].action == "kept it as '2~3'; reports to '2' go to row 2"


def test_missing_managers_are_kept_and_reported(tmp_path: Path) -> None:
    text = "id,parentId\nceo,\na,CEO\nb,nobody\n"
    chart, report = read_csv(write(tmp_path, text))
    assert chart["a"].reports_to == "CEO"
    assert chart["b"].reports_to == "nobody"
    assert codes(report) == ["unknown-manager", "unknown-manager"]
    case, plain = report.problems
    assert case.hint == "did you mean 'ceo'? ids differ in case"
    assert plain.place.field == "parentId"
    assert plain.place.row == 3
    assert plain.place.line == 4
    assert [p.id for p in chart.roots()] == ["ceo"]


def test_self_managers_become_roots(tmp_path: Path) -> None:
    chart, report = read_csv(write(tmp_path, "id,parentId\n1,\n2,2\n"))
    assert chart["2"].reports_to is None
    assert codes(report) == ["self-report"]  # not also reported as a second root


@pytest.mark.parametrize("size", [2, 3, 40])
def test_cycles_are_broken_at_the_first_member_in_the_input(tmp_path: Path, size: int) -> None:
    # Rows: the root, then a cycle c0 -> c1 -> ... -> c(n-1) -> c0, listed from c1 on.
    rows = ["id,parentId", "top,"]
    rows += [f"c{i},c{(i + 1) % size}" for i in range(1, size)] + [f"c0,c{1 % size}"]
    rows += ["leaf,c0"]
    chart, report = read_csv(write(tmp_path, "\n".join(rows) + "\n"))
    assert len(chart) == size + 2
    assert codes(report) == ["cycle"]
    (problem,) = report.problems
    assert problem.place.positions == ("c1",)
    assert problem.place.row == 2
    assert chart["c1"].reports_to is None
    assert f"{size} positions report to each other" in problem.message
    if size == 2:  # the loop in arrows of its own, apart from the report's "-> what was done"
        assert problem.message.endswith("in a cycle: c1 → c0 → c1")
        assert str(problem).count(" -> ") == 1
    assert [p.id for p in chart.chain_of_command("leaf")][-1] == "c1"
    assert set(chart.roots()) == {chart["top"], chart["c1"]}


def test_several_roots_are_reported(tmp_path: Path) -> None:
    chart, report = read_csv(write(tmp_path, "id,parentId\na,\nb,\nc,a\nd,\n"))
    assert len(chart.roots()) == 3
    assert codes(report) == ["multiple-roots", "multiple-roots"]
    assert [p.place.positions for p in report.problems] == [("b",), ("d",)]
    assert "one of 3 roots (the first is 'a', row 1)" in report.problems[0].message


# -- ragged rows, empty input, header problems ------------------------------------------------


def test_ragged_rows(tmp_path: Path) -> None:
    text = "id,parentId,name\n1,,Ada,extra,more,\n2,1\n3,1,Bo,\n"
    chart, report = read_csv(write(tmp_path, text))
    assert chart["1"].attributes == {"extra_cells": ["extra", "more"]}
    assert chart["2"].name is None
    assert chart["3"].attributes == {}  # a trailing empty cell is no data
    assert codes(report) == ["ragged-row", "ragged-row"]
    assert [p.place.row for p in report.problems] == [1, 2]


def test_a_quote_never_closed_is_reported_with_the_rows_it_took_in(tmp_path: Path) -> None:
    text = 'id,manager,title,name\n1,,CEO,Ada\n2,1,"VP, Product,Grace\n3,2,PM,Lin\n4,2,"PM",Kim\n'
    path = write(tmp_path, text)
    chart, report = read_csv(path)
    assert chart.ids() == ["1", "2"]
    assert "3,2,PM,Lin" in (chart["2"].title or "")  # kept in the cell, not dropped
    assert codes(report) == ["unclosed-quote"]
    problem = report.problems[0]
    assert problem.place == Place(
        source=problem.place.source, row=2, line=3, positions=("2",), field="title"
    )
    assert problem.message.startswith("a quoted cell takes in 1 row from line 4 on")
    with pytest.raises(OrgImportError, match=r"\[unclosed-quote\]"):
        read_csv(path, strict=True)


def test_a_quote_never_closed_in_the_header_stops_the_import(tmp_path: Path) -> None:
    path = write(tmp_path, 'id,"manager,title\n1,,CEO\n2,1,VP\n')
    with pytest.raises(OrgImportError, match="quote in the header is not closed: line 2"):
        read_csv(path)


def test_line_breaks_inside_quoted_cells_are_no_problem(tmp_path: Path) -> None:
    # An address over two lines, a wrapped header as Excel writes it, a note with as many
    # commas as a row: no rows in them.
    note = "Founder.\nLikes hiking, chess, jazz, cooking"
    text = (
        f'"Employee\nID",Manager,Address,Notes\n1,,"Main St 1\nBerlin, DE","{note}"\n2,1,"a\nb",\n'
    )
    path = write(tmp_path, text)
    chart, report = read_csv(path, id="Employee\nID")
    assert chart.ids() == ["1", "2"]
    assert chart["1"].attributes == {"Address": "Main St 1\nBerlin, DE", "Notes": note}
    assert codes(report) == []
    assert len(read_csv(path, id="Employee\nID", strict=True).chart) == 2


def test_empty_rows_are_skipped_and_reported(tmp_path: Path) -> None:
    chart, report = read_csv(write(tmp_path, "id,parentId\n1,\n,\n  ,  \n2,1\n"))
    assert chart.ids() == ["1", "2"]
    assert (report.rows_read, report.skipped) == (4, 2)
    assert codes(report) == ["empty-row", "empty-row"]


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\n\n", b"  \r\n"])
def test_an_empty_file(tmp_path: Path, data: bytes) -> None:
    chart, report = read_csv(write(tmp_path, data))
    assert len(chart) == 0
    assert codes(report) == ["empty-file"]
    with pytest.raises(OrgImportError, match="empty"):
        read_csv(write(tmp_path, data), strict=True)


def test_a_header_only_file(tmp_path: Path) -> None:
    chart, report = read_csv(write(tmp_path, "id,parentId,name\r\n"))
    assert len(chart) == 0
    assert report.rows_read == 0
    assert codes(report) == ["header-only"]
    assert report.column("id") == ("id",)


def test_header_problems(tmp_path: Path) -> None:
    text = "id,parentId,name,name,,\n1,,Ada,Lovelace,x,\n"
    chart, report = read_csv(write(tmp_path, text))
    assert chart["1"].name == "Ada"
    assert chart["1"].attributes == {"name~2": "Lovelace", "column_5": "x"}
    assert codes(report) == ["duplicate-column", "blank-column"]  # column 6 holds nothing


# -- columns ----------------------------------------------------------------------------------


def test_hr_style_columns_are_detected(tmp_path: Path) -> None:
    text = (
        "Employee ID,First Name,Last Name,Job Title,Reports To,Department\n"
        "e1,Ada,Lovelace,Chief Product Officer,,Product\n"
        "e2,Lin,Wei,Group PM,e1,Payments\n"
    )
    chart, report = read_csv(write(tmp_path, text))
    assert [str(c) for c in report.columns] == [
        "id <- 'Employee ID' (detected)",
        "reports_to <- 'Reports To' (detected)",
        "title <- 'Job Title' (detected)",
        "name <- 'First Name' + 'Last Name' (detected)",
        "unit <- 'Department' (detected)",
    ]
    assert [(p.name, p.role, p.unit) for p in chart] == [
        ("Ada Lovelace", "cpo", "Product"),
        ("Lin Wei", "gpm", "Payments"),
    ]


def test_given_columns_win_and_are_reported(tmp_path: Path) -> None:
    text = "key,boss,who,job,team,id\n1,,Ada,CEO,Exec,x\n2,1,Lin,PM,Payments,y\n"
    chart, report = read_csv(
        write(tmp_path, text), id="key", manager="Boss", name="who", title="job", unit="team"
    )
    assert report.column("reports_to") == ("boss",)  # matched ignoring case
    assert {c.how for c in report.columns} == {"given"}
    assert chart["2"].attributes == {"id": "y"}
    assert (chart["2"].role, chart["2"].unit) == ("pm", "Payments")


def test_a_given_column_that_is_not_there(tmp_path: Path) -> None:
    with pytest.raises(OrgImportError, match=r"unknown column 'parent' \(did you mean 'parentId'"):
        read_csv(write(tmp_path, "id,parentId\n1,\n"), manager="parent")


def test_no_id_or_manager_column(tmp_path: Path) -> None:
    with pytest.raises(OrgImportError) as caught:
        read_csv(write(tmp_path, "who,boss\nAda,\nLin,Ada\n"))
    message = str(caught.value)
    assert "no id column found among the columns: 'who', 'boss'" in message
    assert "no manager id column" in message
    assert "name it with manager=COLUMN" in message
    assert "name it with --manager COLUMN" in caught.value.spelled(flags=True)


def test_a_role_column_of_role_keys(tmp_path: Path) -> None:
    text = "id,parentId,role,title\n1,,ceo,Founder\n2,1,,Product Manager\n3,1,pm,Barista\n"
    chart, report = read_csv(write(tmp_path, text))
    assert [p.role for p in chart] == ["ceo", "pm", "pm"]
    assert chart["1"].title == "Founder"
    assert report.column("role") == ("role",)


def test_a_role_column_of_free_text_is_data(tmp_path: Path) -> None:
    chart, report = read_csv(write(tmp_path, "id,parentId,role\n1,,Developer\n"))
    assert report.column("role") is None
    assert chart["1"].attributes == {"role": "Developer"}


def test_unknown_role_keys_in_a_given_role_column(tmp_path: Path) -> None:
    text = "id,parentId,kind,title\n1,,ceo,\n2,1,pmm,Product Manager\n"
    chart, report = read_csv(write(tmp_path, text), role="kind")
    assert chart["2"].role == "pm"
    assert chart["2"].attributes == {"kind": "pmm"}
    assert codes(report) == ["unknown-role"]


def test_unresolved_titles_are_counted_and_become_other(tmp_path: Path) -> None:
    text = "id,parentId,title\n1,,CEO\n2,1,Barista\n3,1,barista \n4,1,Chef\n5,1,\n"
    chart, report = read_csv(write(tmp_path, text))
    assert [p.role for p in chart] == ["ceo", "other", "other", "other", "other"]
    assert chart["3"].title == "barista"
    assert report.unresolved_titles == {"Barista": 2, "Chef": 1}
    assert report.untitled == 1


def test_role_maps_as_dict_csv_and_yaml(tmp_path: Path) -> None:
    path = write(tmp_path, "id,parentId,title\n1,,Chief Cook\n2,1,Barista\n3,1,NO\n")
    expected = ["ceo", "apm", "pm"]
    mapping = {"chief cook": "ceo", "Barista": "apm", "NO": "pm"}
    assert [p.role for p in read_csv(path, role_map=mapping).chart] == expected
    as_csv = write(tmp_path, "Chief Cook;ceo\nBarista;apm\nNO;pm\n", "map.csv")
    assert [p.role for p in read_csv(path, role_map=as_csv).chart] == expected
    as_yaml = write(tmp_path, "Chief Cook: ceo\nBarista: apm\nNO: pm\n", "map.yaml")
    chart, report = read_csv(path, role_map=as_yaml)
    assert [p.role for p in chart] == expected
    assert report.unresolved_titles == {}


def test_a_role_map_with_unknown_keys(tmp_path: Path) -> None:
    bad = write(tmp_path, "title,role\nBarista,apm\nChef,cheff\nCook,pmm\n", "map.csv")
    with pytest.raises(OrgImportError) as caught:
        read_csv(write(tmp_path, "id,parentId\n1,\n"), role_map=bad)
    message = str(caught.value)
    assert "map.csv:3" in message
    assert "'cheff'" in message
    assert "map.csv:4" in message
    assert "did you mean 'pm'" in message


@pytest.mark.parametrize(
    ("name", "text", "fragments"),
    [
        ("map.yaml", "Barista: apm\nChef: pm\nBarista: gpm\n", ["map.yaml:3", "duplicate key"]),
        ("map.json", '{"Barista": "apm",\n "Barista": "gpm"}', ["map.json:2", "duplicate key"]),
        ("map.yaml", "a: &x pm\nb: *x\n", ["map.yaml:", "aliases"]),
        ("map.csv", "Barista,apm\nChef,pm\nBarista,gpm\n", ["map.csv:3", "'Barista'", "line 1"]),
        ("map.csv", "Product Owner,pm\nproduct  owner,gpm\n", ["map.csv:2", "'Product Owner'"]),
        ("map.yaml", "Product Owner: pm\nPRODUCT OWNER: gpm\n", ["map.yaml:2", "line 1"]),
    ],
)
def test_a_role_map_that_says_two_things_is_refused(
    tmp_path: Path, name: str, text: str, fragments: list[str]
) -> None:
    # A later entry silently overwriting an earlier one would map titles nobody asked for.
    role_map = write(tmp_path, text, name)
    with pytest.raises(OrgImportError) as caught:
        read_csv(write(tmp_path, "id,parentId\n1,\n"), role_map=role_map)
    message = str(caught.value)
    assert all(fragment in message for fragment in fragments), message


def test_a_role_map_may_repeat_an_entry_and_keep_yaml_text(tmp_path: Path) -> None:
    role_map = write(tmp_path, "Barista,apm\nBarista,apm\n", "map.csv")
    assert orgroles.importers.load_role_map(role_map) == {"Barista": "apm"}
    as_yaml = write(tmp_path, "NO: pm\n0042: apm\ntrue: gpm\n", "map.yaml")
    assert orgroles.importers.load_role_map(as_yaml) == {"NO": "pm", "0042": "apm", "true": "gpm"}


def test_custom_roles(tmp_path: Path) -> None:
    owner = orgroles.Role(key="product_owner", title="Product Owner", track="ic", level=2)
    text = "id,parentId,title\n1,,CEO\n2,1,Product Owner\n"
    chart, _ = read_csv(write(tmp_path, text), roles=[owner])
    assert chart["2"].role == "product_owner"
    assert [p.id for p in product_org(chart)] == ["1", "2"]


# -- strict mode ------------------------------------------------------------------------------


def test_strict_mode_lists_every_problem(tmp_path: Path) -> None:
    text = "id,parentId,name\n1,,\n1,,\n2,1,Lin\n2,1,Bo\n,1,\n5,5,\n6,nobody,\n"
    _, lenient = read_csv(write(tmp_path, text))
    assert codes(lenient) == [
        "duplicate-row",
        "duplicate-id",
        "blank-id",
        "self-report",
        "unknown-manager",
    ]
    with pytest.raises(OrgImportError) as caught:
        read_csv(write(tmp_path, text), strict=True)
    error = caught.value
    assert isinstance(error, orgroles.OrgDataError)
    assert isinstance(error, ValueError)
    assert len(error.problems) == 5
    assert str(error).startswith(f"cannot import {tmp_path / 'hr.csv'} in strict mode: 5 problems")
    assert "[unknown-manager]" in str(error)
    assert error.report is not None
    assert error.report.problems == lenient.problems


def test_strict_mode_passes_clean_data() -> None:
    chart, report = read_csv(DATA / "oracle-hr-employees.csv", strict=True)
    assert len(chart) == 107
    assert report.ok


def test_report_summary_and_json(tmp_path: Path) -> None:
    _, report = read_csv(write(tmp_path, "id,parentId,title\n1,,CEO\n2,9,Chef\n"))
    text = report.summary()
    assert "2 rows read (header not counted), 2 positions made" in text
    assert "reports_to <- 'parentId' (detected)" in text
    assert "'Chef' x1" in text
    assert "hr.csv:3: position '2', field 'parentId': manager '9' is not an id" in text
    data = report.to_dict()
    assert data["format_version"] == 1
    assert data["problems"][0]["code"] == "unknown-manager"
    assert data["problems"][0]["place"] == {
        "source": str(tmp_path / "hr.csv"),
        "line": 3,
        "row": 2,
        "field": "parentId",
        "positions": ["2"],
    }
    assert data["columns"][0] == {"field": "id", "columns": ["id"], "how": "detected"}


def test_deep_chains_and_wide_spans_import(tmp_path: Path) -> None:
    rows = ["id,parentId", "0,"] + [f"{i},{i - 1}" for i in range(1, 3000)]
    rows += [f"w{i},0" for i in range(2000)]
    chart, report = read_csv(write(tmp_path, "\n".join(rows)))
    assert len(chart) == 5000
    assert report.ok
    assert len(chart.chain_of_command("2999")) == 2999


# -- product_org ------------------------------------------------------------------------------


def test_product_org_keeps_product_positions_and_their_chains() -> None:
    chart = OrgChart(
        [
            {"id": "ceo", "role": "ceo"},
            {"id": "cto", "role": "other", "reports_to": "ceo"},
            {"id": "dev", "role": "other", "reports_to": "cto"},
            {"id": "coo", "role": "other", "reports_to": "ceo"},
            {"id": "gpm", "role": "gpm", "reports_to": "coo", "dotted_to": ["dev", "gone"]},
            {"id": "pm", "role": "pm", "reports_to": "gpm", "dotted_to": ["ceo"]},
            {"id": "x", "role": "designer", "reports_to": "missing"},
        ],
        name="Acme",
    )
    product = product_org(chart)
    assert product.ids() == ["ceo", "coo", "gpm", "pm", "x"]
    assert product["gpm"].dotted_to == ("gone",)  # to a dropped position: dropped
    assert product["pm"].dotted_to == ("ceo",)
    assert product["x"].reports_to == "missing"
    assert product.name == "Acme"
    assert product_org(chart, roles={"other"}).ids() == ["ceo", "cto", "dev", "coo"]


def test_product_org_keeps_the_charts_own_data() -> None:
    policy = {"rules": {"one-to-one": "off"}}
    chart = orgroles.OrgChart(
        [{"id": "ceo", "role": "ceo"}, {"id": "pm", "role": "pm", "reports_to": "ceo"}],
        name="Acme",
        variant="startup",
        attributes={"year": 2024},
        validation=policy,
    )
    product = orgroles.product_org(chart)
    assert (product.name, product.variant, product.attributes, product.validation) == (
        "Acme",
        "startup",
        {"year": 2024},
        policy,
    )


def test_product_org_survives_cycles() -> None:
    chart = OrgChart(
        [
            {"id": "a", "role": "pm", "reports_to": "b"},
            {"id": "b", "role": "other", "reports_to": "a"},
            {"id": "c", "role": "other"},
        ]
    )
    assert product_org(chart).ids() == ["a", "b"]


# -- write_csv and the round trip -------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "'=x", "''-x", "'", "''", "'a", "a=b", ""],
)
def test_neutralise_and_restore_are_inverse(cell: str) -> None:
    written = neutralise(cell)
    assert written[:1] not in ("=", "+", "-", "@", "\t", "\r")
    assert restore(written) == cell


def test_write_csv_neutralises_formulas(tmp_path: Path) -> None:
    chart = OrgChart(
        [
            {"id": "=cmd", "role": "ceo", "name": "=cmd|' /C calc'!A0", "title": "@x"},
            {"id": "-1", "role": "pm", "reports_to": "=cmd", "unit": "+1", "attributes": {
                "@key": "\tsneaky", "n": 42, "tags": ["a", "b"], "name": "an attribute"}},
        ]
    )  # fmt: skip
    path = tmp_path / "out.csv"
    write_csv(chart, path)
    lines = path.read_bytes().decode("utf-8").split("\r\n")
    assert (
        lines[0] == "id,parentId,name,title,role,unit,dotted_to,assistant,'@key,json:n,json:tags,"
        "attributes.name"
    )
    assert lines[1] == "'=cmd,,\"'=cmd|' /C calc'!A0\",'@x,ceo,,,,,,,"
    assert lines[2] == '\'-1,\'=cmd,,,pm,\'+1,,,"\'\tsneaky",42,"[""a"", ""b""]",an attribute'
    for line in lines:
        for cell in line.split(","):
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r")
    back, report = read_csv(path)
    assert report.column("id") == ("id",)
    assert {c.how for c in report.columns} == {"orgroles"}
    assert back["-1"].attributes == {
        "@key": "\tsneaky",
        "n": 42,  # attributes that are not text go through a json: column, typed
        "tags": ["a", "b"],
        "name": "an attribute",
    }
    assert back["=cmd"] == chart["=cmd"]
    assert back == chart


def test_write_csv_types_attributes_through_json_columns(tmp_path: Path) -> None:
    chart = OrgChart(
        [
            {"id": "1", "role": "ceo", "attributes": {
                "badge": "00123", "n": 1, "x": 1.0, "ok": True, "none": None, "blank": "",
                "tags": ["a", {"b": [2, -0.5]}], "json:x": "text", "mixed": "Berlin"}},
            {"id": "2", "role": "pm", "reports_to": "1", "attributes": {
                "badge": "007", "n": -2, "mixed": 3, "json:x": ""}},
        ]
    )  # fmt: skip
    path = tmp_path / "out.csv"
    write_csv(chart, path)
    header, first, second, _ = path.read_bytes().decode("utf-8").split("\r\n")
    assert header.split(",")[8:] == [
        "badge",  # text only: an ordinary column, as d3-org-chart and spreadsheets expect
        "json:n",
        "json:x",
        "json:ok",
        "json:none",
        "json:blank",
        "json:tags",
        "json:json:x",  # the key "json:x", holding "" in row 2, through a JSON column
        "json:mixed",  # one value that is not text makes the whole column JSON
    ]
    assert first.split(",")[8:14] == ["00123", "1", "1.0", "true", "null", '""""""']
    assert second.split(",")[8:] == ["007", "'-2", "", "", "", "", "", '""""""', "3"]
    back, report = read_csv(path)
    assert report.ok
    assert back == chart
    attributes = back["1"].attributes
    assert attributes["badge"] == "00123"
    assert [type(attributes[k]) for k in ("n", "x", "ok")] == [int, float, bool]
    assert attributes["none"] is None
    assert attributes["blank"] == ""
    assert attributes["mixed"] == "Berlin"
    assert back["2"].attributes["json:x"] == ""
    assert report.attribute_columns[:3] == ("badge", "n", "x")  # keys, not column names


def test_a_json_column_cell_that_is_not_json_is_kept_as_text(tmp_path: Path) -> None:
    head = "id,parentId,name,title,role,unit,dotted_to,assistant,json:n,json:tags\n"
    path = write(tmp_path, head + '1,,,,ceo,,,,1,[1]\n2,1,,,pm,,,,Berlin,\n3,1,,,pm,,,,,"[1,"\n')
    chart, report = read_csv(path)
    assert chart["1"].attributes == {"n": 1, "tags": [1]}
    assert chart["2"].attributes == {"n": "Berlin"}  # nothing lost
    assert chart["3"].attributes == {"tags": "[1,"}
    assert codes(report) == ["bad-json", "bad-json"]
    first, second = report.problems
    assert (first.place.row, first.place.line, first.place.field) == (2, 3, "json:n")
    assert first.message == "'Berlin' is not JSON (Expecting value)"
    assert first.action == "kept the cell as text in attribute 'n'"
    assert (second.place.row, second.place.field) == (3, "json:tags")
    with pytest.raises(OrgImportError, match=r"\[bad-json\]"):
        read_csv(path, strict=True)


def test_a_json_column_cell_with_a_number_json_cannot_hold_is_kept_as_text(
    tmp_path: Path,
) -> None:
    # Python's json module reads NaN and 1e999 (as infinity); JSON has neither, so an org file
    # could not hold them: they stay text, and the report says why.
    head = "id,parentId,name,title,role,unit,dotted_to,assistant,json:n\n"
    path = write(tmp_path, head + "1,,,,ceo,,,,NaN\n2,1,,,pm,,,,1e999\n3,1,,,pm,,,,[-Infinity]\n")
    chart, report = read_csv(path)
    assert [p.attributes["n"] for p in chart] == ["NaN", "1e999", "[-Infinity]"]
    assert [p.message for p in report.problems] == [
        "'NaN' is not JSON (NaN is not a JSON number)",
        "'1e999' is not JSON (1e999 is too large for a JSON number)",
        "'[-Infinity]' is not JSON (-Infinity is not a JSON number)",
    ]


def test_json_named_columns_of_other_files_are_ordinary_text(tmp_path: Path) -> None:
    # Only write_csv's own shape has JSON columns; an HR export's "json:meta" is just a name.
    text = "id,parentId,json:meta,attributes.x\n1,,[1],00123\n2,1,not json,\n"
    chart, report = read_csv(write(tmp_path, text))
    assert chart["1"].attributes == {"json:meta": "[1]", "attributes.x": "00123"}
    assert chart["2"].attributes == {"json:meta": "not json"}
    assert report.ok
    # Naming the columns turns detection on, and with it the shape off: text again.
    shaped = tmp_path / "shaped.csv"
    write_csv(OrgChart([{"id": "1", "role": "ceo", "attributes": {"n": 1}}]), shaped)
    assert read_csv(shaped).chart["1"].attributes == {"n": 1}
    assert read_csv(shaped, id="id").chart["1"].attributes == {"json:n": "1"}
    # JSON input keeps its own types and its keys as written.
    records = [{"id": "1", "parentId": "", "json:n": "1"}]
    assert orgroles.from_records(records).chart["1"].attributes == {"json:n": "1"}


def test_titles_names_and_units_with_surrounding_whitespace(tmp_path: Path) -> None:
    chart = OrgChart(
        [
            {"id": "1", "role": "ceo", "title": "CTO ", "name": " Ada", "unit": "\t"},
            {"id": "2", "role": "pm", "reports_to": "1", "title": "PM"},
        ]
    )
    path = tmp_path / "out.csv"
    write_csv(chart, path)
    back, report = read_csv(path)  # write_csv's shape is read as written
    assert back == chart
    assert report.notes == (
        "3 titles, names or units kept their surrounding whitespace "
        "(write_csv's shape is read as written; trim=True trims)",
    )
    trimmed, report = read_csv(path, trim=True)
    assert (trimmed["1"].title, trimmed["1"].name, trimmed["1"].unit) == ("CTO", "Ada", None)
    assert report.notes == ("2 titles, names or units had surrounding whitespace, trimmed",)
    # HR exports are trimmed unless asked not to.
    hr = write(tmp_path, "id,parentId,title,First Name,Last Name\n1,,CPO ,Ada , Lovelace\n")
    assert read_csv(hr).chart["1"].title == "CPO"
    assert read_csv(hr).chart["1"].name == "Ada Lovelace"
    exact, report = read_csv(hr, trim=False)
    assert (exact["1"].title, exact["1"].name) == ("CPO ", "Ada   Lovelace")
    assert exact["1"].role == "cpo"  # titles are matched ignoring whitespace either way
    assert "trim=False" in report.notes[0]


def test_write_csv_dotted_lines_and_assistants(tmp_path: Path) -> None:
    chart = OrgChart(
        [
            {"id": "a", "role": "ceo"},
            {"id": "b;1", "role": "other", "reports_to": "a", "assistant": True},
            {"id": "c", "role": "pm", "reports_to": "a", "dotted_to": ["a", "b;1"]},
            {"id": "d", "role": "pm", "reports_to": "a", "dotted_to": ["a", "c"]},
        ]
    )
    path = tmp_path / "out.csv"
    write_csv(chart, path, encoding="utf-8-sig")
    assert path.read_bytes().startswith(codecs.BOM_UTF8)
    assert read_csv(path).chart == chart


def test_write_csv_of_an_empty_chart(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write_csv(OrgChart(), path)
    chart, report = read_csv(path)
    assert chart == OrgChart()
    assert codes(report) == ["header-only"]


def test_real_exports_round_trip_through_write_csv(tmp_path: Path) -> None:
    for name in ("d3-org-chart-sample.csv", "oracle-hr-employees.csv"):
        chart, _ = read_csv(DATA / name)
        write_csv(chart, tmp_path / name)
        again, report = read_csv(tmp_path / name, strict=True)
        assert again == chart
        assert report.positions_made == len(chart)


HOSTILE = [
    "=cmd|' /C calc'!A0",
    "+1",
    "-2",
    "@x",
    '"quoted"',
    "a,b",
    "semi;colon",
    "pipe|x",
    "line\nbreak",
    "cr\rreturn",
    "tab\tin",
    "'=x",
    "''+x",
    "'",
    "[json]",
    "id",
    "parentId",
    "attributes.x",
    "ünï©ødé",
    "javascript:alert(1)",
]


def _stripped(text: str) -> bool:
    return text == text.strip() and bool(text)


texts = st.one_of(st.sampled_from(HOSTILE), st.text(min_size=1, max_size=10)).filter(_stripped)
ids = texts.filter(lambda t: len(t) <= 200 and not any(ord(c) < 32 or ord(c) == 127 for c in t))
# Titles, names and units may have surrounding whitespace (or be only whitespace): write_csv's
# shape is read as written.
PADDING = st.sampled_from(["", " ", "  ", "\t", "\n", " \r\n", "\u00a0", "\u3000"])
padded = st.builds(lambda a, t, b: a + t + b, PADDING, texts, PADDING) | st.sampled_from(
    [" ", "\t", " CTO ", "CTO ", "\t-2 ", " =cmd ", "\n"]
)
free_texts = texts | padded
# Attribute values: every JSON type, empty and hostile text, nested lists and objects.
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0, 1, -1, 0.0, -0.0, 1.0, True, False, 1e300, -2]),
    st.just(""),
    st.sampled_from(HOSTILE),
    st.text(max_size=10),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(HOSTILE) | st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
values = st.one_of(st.sampled_from(HOSTILE), st.text(min_size=1, max_size=10), json_values)


def typed(value: object) -> object:
    """A value with its JSON type spelled out, so 1, 1.0 and True (equal in Python) differ."""
    if isinstance(value, dict):
        return ("object", [(k, typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("array", [typed(v) for v in value])
    if isinstance(value, float):
        return ("float", repr(value))  # repr tells -0.0 from 0.0
    return (type(value).__name__, value)


@st.composite
def charts(draw: st.DrawFn) -> OrgChart:
    """Valid charts by construction: each position reports to an earlier one (or is a root)."""
    role_keys = [role.key for role in orgroles.roles()]
    unique_ids = draw(st.lists(ids, min_size=1, max_size=8, unique=True))
    attribute_keys = st.sampled_from(
        ["desk", "name", "@key", "-x", "id", "a,b", "=k", "ok", "json:x", "attributes.y", ""]
    )
    positions = []
    for index, position_id in enumerate(unique_ids):
        earlier = unique_ids[:index]
        manager = draw(st.none() | st.sampled_from(earlier)) if earlier else None
        dotted = (
            draw(st.lists(st.sampled_from(earlier), unique=True, max_size=2)) if earlier else []
        )
        positions.append(
            Position(
                id=position_id,
                role=draw(st.sampled_from(role_keys)),
                title=draw(st.none() | free_texts),
                name=draw(st.none() | free_texts),
                unit=draw(st.none() | free_texts),
                reports_to=manager,
                dotted_to=tuple(dotted),
                assistant=draw(st.booleans()),
                attributes=draw(st.dictionaries(attribute_keys | texts, values, max_size=3)),
            )
        )
    return OrgChart(positions)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chart=charts())
def test_write_csv_then_read_csv_gives_the_same_chart(chart: OrgChart) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "org.csv"
        write_csv(chart, path)
        header = path.read_text(encoding="utf-8").split("\r\n", 1)[0]
        back, report = read_csv(path)
    values = [v for p in chart for v in p.attributes.values()]
    fields = [t for p in chart for t in (p.title, p.name, p.unit) if t is not None]
    event(f"json: columns: {min(header.count(',json:'), 2)}")
    event(f"an empty-text attribute: {'' in [v for v in values if isinstance(v, str)]}")
    event(f"a nested attribute: {any(isinstance(v, list | dict) for v in values)}")
    event(f"a padded title, name or unit: {any(t != t.strip() for t in fields)}")
    assert back == chart
    assert report.positions_made == len(chart)
    assert report.accounted
    # The only problems are facts about the chart itself, never about a cell (bad-json...).
    assert {p.code for p in report.problems} <= {"multiple-roots", "case-variant-id"}
    # Type-exact: 1, 1.0 and True are equal in Python but not here. (The top-level key order
    # is the columns' order, which equality ignores; nested objects keep theirs.)
    for before, after in zip(chart, back, strict=True):
        assert sorted((k, typed(v)) for k, v in after.attributes.items()) == sorted(
            (k, typed(v)) for k, v in before.attributes.items()
        )
    assert [(p.title, p.name, p.unit) for p in back] == [(p.title, p.name, p.unit) for p in chart]


# -- imported charts validate and render ------------------------------------------------------

STRUCTURE_CODES = {
    "cycle",
    "self-report",
    "unknown-manager",
    "multiple-roots",
    "no-root",
    "unknown-dotted",
    "dotted-to-manager",
    "dotted-cycle",
}


@pytest.mark.layout
@pytest.mark.parametrize("name", ["d3-org-chart-sample.csv", "oracle-hr-employees.csv"])
def test_real_exports_validate_and_render(tmp_path: Path, name: str) -> None:
    chart, report = read_csv(DATA / name)
    assert report.ok
    result = orgroles.validate(chart)
    # Whole-company charts are no product org (the rank rules say so), but their structure
    # is sound: one root, no cycle, every manager present.
    assert not {f.code for f in result.findings} & STRUCTURE_CODES
    assert {p for f in result.findings for p in f.positions} <= set(chart.ids())
    text = orgroles.to_text(chart)
    assert all(position.id in text for position in chart)
    for suffix in ("svg", "txt"):
        (written,) = orgroles.render(chart, tmp_path / f"org.{suffix}")
        assert written.stat().st_size > 0
    assert "<svg" in (tmp_path / "org.svg").read_text(encoding="utf-8")


def test_a_lenient_import_leaves_what_validation_reports(tmp_path: Path) -> None:
    text = "id,parentId,title\n1,,CEO\n2,1,Head of Product\n3,9,Product Manager\n4,,Chef\n"
    chart, report = read_csv(write(tmp_path, text))
    assert codes(report) == ["unknown-manager", "multiple-roots"]
    found = {f.code: f.positions for f in orgroles.validate(chart).findings}
    assert "3" in found["unknown-manager"]
    assert "4" in found["multiple-roots"]


def test_a_manager_column_of_names_is_read_by_name_and_said_so(tmp_path: Path) -> None:
    path = tmp_path / "hr.csv"
    path.write_text(
        "Employee ID,Name,Job Title,Manager\n1,Ada King,CEO,\n2,Lin Wei,Head of Product,Ada King\n",
        encoding="utf-8",
    )
    chart, report = read_csv(path)
    assert chart["2"].reports_to == "1"  # the one position of that name
    (problem,) = report.problems
    assert problem.code == "manager-column"
    assert "read managers by name from 'Manager'" in problem.action
    assert report.manager_by == "name"


def test_a_manager_column_of_names_read_as_ids_is_explained_not_resolved(tmp_path: Path) -> None:
    path = tmp_path / "hr.csv"
    path.write_text(
        "Employee ID,Name,Job Title,Manager\n1,Ada King,CEO,\n2,Lin Wei,Head of Product,Ada King\n",
        encoding="utf-8",
    )
    chart, report = read_csv(path, manager_by="id")
    assert chart["2"].reports_to == "Ada King"  # kept as written when ids are asked for
    (problem,) = report.problems
    assert problem.code == "unknown-manager"
    assert problem.hint is not None
    assert "'Ada King' is the name of '1': 'Manager' seems to hold names" in problem.hint


def test_the_content_passed_as_a_path_says_what_to_pass() -> None:
    with pytest.raises(TypeError, match=r"text.encode"):
        orgroles.read_csv("id,parentId\n1,\n")
    assert len(orgroles.read_csv(b"id,parentId\n1,\n").chart) == 1
