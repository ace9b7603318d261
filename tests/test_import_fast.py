"""The column-at-a-time path for clean CSV files gives exactly what the careful path gives.

``read_csv`` reads a clean file (distinct ids, every manager present, one top, no cycle) a whole
column at a time, and gives any file with a problem to the careful row-by-row path. These
properties build CSV files, clean or with one fault, read each both ways and compare the
charts, type-exactly, and the reports; and they check which path was taken, so the comparison
cannot pass by both reads taking the same path. Each runs twice: with polars (the ``fast``
extra, which the dev install has) and in pure Python (``ORGROLES_PURE_PYTHON=1``, the default
install's path).
"""

from __future__ import annotations

import csv
import io
import pickle
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orgroles import read_csv, validate
from orgroles._index import ReportingIndex
from orgroles._lookalike import lookalike_groups
from orgroles._store import DeferredColumn
from orgroles.importers import _arrow, _columnar, _fast, _sheet
from orgroles.importers._columnar import PURE_PYTHON_VARIABLE, read_table
from orgroles.importers._report import ImportResult
from orgroles.importers._text import parse_csv

TITLES = [
    "CEO",
    "Chief Product Officer",
    "Director of Product",
    "Sr. Product Manager",
    "Product Manager",
    "Software Engineer",
    "Recruiter",
    "",
    " VP, Product ",  # quoted in the file: the columnar reader leaves such files to the parser
    "Head of Product ",
    "'=Chief",
]
Rows = list[list[str]]
# Each fault edits the rows (ids[n] is row n's id; t is a row other than the first).
FAULTS = {
    "blank-id": lambda rows, ids, t: rows[t].__setitem__(0, " "),
    "duplicate-id": lambda rows, ids, t: rows[t].__setitem__(0, ids[t - 1]),
    "case-variant-id": lambda rows, ids, t: rows[t].__setitem__(0, ids[t - 1].strip().lower()),
    "unknown-manager": lambda rows, ids, t: rows[t].__setitem__(1, "nobody"),
    "self-report": lambda rows, ids, t: rows[t].__setitem__(1, ids[t]),
    "second-root": lambda rows, ids, t: rows[t].__setitem__(1, ""),
    "cycle": lambda rows, ids, t: rows[0].__setitem__(1, ids[t]),  # the top reports below
    "ragged-row": lambda rows, ids, t: rows[t].append("extra"),
    "unknown-role": lambda rows, ids, t: rows[t].__setitem__(6, "wizard"),
    "control-character": lambda rows, ids, t: rows[t].__setitem__(0, ids[t].strip() + "\t1"),
    "long-id": lambda rows, ids, t: rows[t].__setitem__(0, "L" * 201),
}


@pytest.fixture(params=["polars", "pure"], autouse=True)
def accelerator(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test here runs with the extra and without it."""
    if request.param == "pure":
        monkeypatch.setenv(PURE_PYTHON_VARIABLE, "1")
    else:
        monkeypatch.delenv(PURE_PYTHON_VARIABLE, raising=False)
        assert _columnar.accelerator() is not None, "the dev install has the fast extra"
    return str(request.param)


def read_both_ways(data: bytes, **options: Any) -> tuple[ImportResult, ImportResult, bool]:
    """The file read as usual and through the careful path only; whether the first was fast."""
    taken: list[bool] = []
    real = _fast.clean_csv_positions

    def spy(*args: Any) -> Any:
        result = real(*args)
        taken.append(result is not None)
        return result

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_sheet, "clean_csv_positions", spy)
        usual = read_csv(data, source="export.csv", **options)
        patch.setattr(_sheet, "clean_csv_positions", lambda *_: None)
        careful = read_csv(data, source="export.csv", **options)
    return usual, careful, taken == [True]


@st.composite
def exports(draw: st.DrawFn, fault: str | None) -> tuple[bytes, dict[str, str]]:
    """A whole-company export in any row order, with the fault injected (or clean)."""
    size = draw(st.integers(2, 25))
    # Ids stay distinct ignoring case and spaces: E0001, e0002, 0003, " 0004"... or, as most
    # exports have them, all alike and rows sorted by id (polars then finds managers by
    # binary search instead of a join).
    ascending = draw(st.booleans())
    prefixes = ["E"] if ascending else ["E", "e", "", " "]
    ids = [f"{draw(st.sampled_from(prefixes))}{n:04d}" for n in range(size)]
    managers = [""] + [ids[draw(st.integers(0, n - 1))] for n in range(1, size)]
    # A role column, given by name (so "wizard" is a fault, not a sign it holds no roles).
    with_role = fault == "unknown-role" or draw(st.booleans())
    split_name = draw(st.booleans())
    # A file without a quoted cell is read a column at a time; one with them, row by row.
    titles = TITLES if draw(st.booleans()) else [t for t in TITLES if "," not in t]
    header = ["Employee ID", "Manager ID", "Job Title", "Department", "Location", "Badge"]
    header += ["role"] if with_role else []
    header += ["First Name", "Last Name"] if split_name else ["Name"]
    rows = []
    for n in range(size):
        row = [
            ids[n],
            managers[n],
            draw(st.sampled_from(titles)),
            draw(st.sampled_from(["Product", " Sales ", "", "R&D"])),
            draw(st.sampled_from(["Berlin", "", " Lagos", "=cmd", "'+44"])),
            f"{n:05d}",
        ]
        row += [draw(st.sampled_from(["", "pm", "director", "other"]))] if with_role else []
        names = st.sampled_from(["Ada", " Lin ", "", "Zoë"])
        row += [draw(names), draw(names)] if split_name else [draw(names)]
        rows.append(row)
    if fault is not None:
        FAULTS[fault](rows, ids, draw(st.integers(1, size - 1)))
    order = range(size) if ascending else draw(st.permutations(range(size)))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=draw(st.sampled_from(["\r\n", "\n"])))
    writer.writerow(header)
    writer.writerows(rows[n] for n in order)
    return buffer.getvalue().encode("utf-8"), {"role": "role"} if with_role else {}


@pytest.mark.parametrize("fault", [None, *sorted(FAULTS)])
def test_both_paths_read_an_export_the_same(fault: str | None) -> None:
    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(export=exports(fault), product_only=st.booleans())
    def check(export: tuple[bytes, dict[str, str]], product_only: bool) -> None:
        data, options = export
        usual, careful, fast = read_both_ways(data, product_only=product_only, **options)
        assert fast == (fault is None)
        assert usual.chart == careful.chart
        assert [p.model_dump() for p in usual.chart] == [p.model_dump() for p in careful.chart]
        assert usual.report.to_dict() == careful.report.to_dict()
        assert str(usual.report) == str(careful.report)
        # The fast path hands the chart its reporting index with every report grouped: it
        # must be the index the chart's own lines give.
        given, own = (
            usual.chart._reporting_index(),
            ReportingIndex(careful.chart.ids(), careful.chart._reporting_index().parent),
        )
        assert given._csr() == own._csr()
        assert (given.roots(), given.missing_manager()) == (own.roots(), own.missing_manager())
        assert (given.managers_first(), given.order()) == (own.managers_first(), own.order())
        assert given.child_counts() == own.child_counts()
        # What the fast path tells validation about the columns (empty cells, positions per
        # role in first-seen order, ids no two of which look alike) is what the values say.
        for field in ("name", "title", "unit", "reports_to"):
            assert usual.chart._missing(field) == careful.chart._missing(field)
        assert list(usual.chart._role_counts().items()) == list(
            careful.chart._role_counts().items()
        )
        if usual.chart._ids_unlike():
            assert lookalike_groups(usual.chart.ids()) == []
        assert validate(usual.chart).to_dict() == validate(careful.chart).to_dict()

    check()


def test_a_clean_export_takes_the_fast_path_and_reports_what_it_did() -> None:
    data = (
        b"Employee ID,Manager ID,Name,Job Title,Desk\n"
        b" 2 ,1, Lin ,Product Manager,\n"
        b"1,,Ada,Founder & CEO,B4\n"
        b"3,2,Sam,Data Wrangler,\n"
    )
    usual, careful, fast = read_both_ways(data)
    assert fast
    assert [(p.id, p.role, p.reports_to, p.name, p.attributes) for p in usual.chart] == [
        ("2", "pm", "1", "Lin", {}),
        ("1", "ceo", None, "Ada", {"Desk": "B4"}),
        ("3", "other", "2", "Sam", {}),
    ]
    report = usual.report
    assert report.unresolved_titles == {"Data Wrangler": 1}
    assert report.notes == (
        "1 id had surrounding whitespace, trimmed",
        "1 title, name or unit had surrounding whitespace, trimmed",
    )
    assert report.to_dict() == careful.report.to_dict()


# Cells for the reader's property: delimiters, quotes, formula starts, spaces, non-ASCII, breaks.
CELL = st.text(alphabet=st.sampled_from(list("ab,;'=+- \té\"")), max_size=4)
LINE_BREAKS = st.sampled_from(["\n", "\r\n", "\r"])


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(st.lists(CELL, min_size=1, max_size=4), min_size=1, max_size=6),
    breaks=st.lists(LINE_BREAKS, min_size=6, max_size=6),
    delimiter=st.sampled_from([",", ";"]),
    final_break=st.booleans(),
)
def test_the_columnar_reader_reads_what_the_parser_reads_or_declines(
    rows: list[list[str]], breaks: list[str], delimiter: str, final_break: bool
) -> None:
    # Raw text, not csv.writer's: ragged rows, blank lines, stray quotes and mixed breaks too.
    lines = [delimiter.join(row) for row in rows]
    text = "".join(line + brk for line, brk in zip(lines, breaks, strict=False))
    text = text if final_break else text.rstrip("\r\n")
    parsed = list(parse_csv(text, delimiter=delimiter, source="t.csv"))
    if not parsed:
        return
    width = len(parsed[0].cells)
    table = read_table(text, delimiter=delimiter, width=width)
    if table is None:
        return
    records = parsed[1:]
    assert all(len(record.cells) == width for record in records)
    assert table.rows == len(records)
    for index in range(width):
        assert list(table.column(index)) == [record.cells[index] for record in records]


@pytest.mark.parametrize(
    "text",
    [
        "id,parentId\r\n1,\r\n2,1\r\n",
        "id,parentId\n1,\n2,1",
        "id\n1\n2\n",
        "id;name\n1;'=x\n2;''+y\n",
        "id,parentId\n",  # no row
    ],
)
def test_plain_files_are_read_a_column_at_a_time(text: str, accelerator: str) -> None:
    parsed = list(parse_csv(text, delimiter=text[2] if text[2] == ";" else ",", source="t"))
    width = len(parsed[0].cells)
    table = read_table(text, delimiter=";" if ";" in text else ",", width=width)
    assert table is not None
    assert (table.frame is not None) == (accelerator == "polars")
    assert [list(table.column(i)) for i in range(width)] == [
        [record.cells[i] for record in parsed[1:]] for i in range(width)
    ]


@pytest.mark.parametrize(
    "text",
    [
        'id,name\n1,"Lovelace,\nAda"\n',  # a quoted cell over two lines: the parser's job
        'id,name\n1,"Love"lace\n',  # text after a closing quote
        "id,name\n1,Ada\n\n2,Lin\n",  # a blank line
        "id,name\n1,Ada\n2\n",  # a short row
        "id,name\n1,Ada,x\n2,Lin\n",  # a long row
        "id,name\n1\n2,Lin,",  # a short row and a long last one, no final line break
        "id,name\r1,Ada\r",  # old Mac line breaks
        "id,name\r\n1,Ada\r2,Lin\r\n",  # a lone CR inside the body
        "id,na\rme\n1,Ada\n",  # a lone CR in the header line
        "\nid,name\n1,Ada\n",  # a blank line before the header
        "id,name\n1,A\x00da\n",  # a NUL
    ],
)
def test_other_files_are_left_to_the_parser(text: str) -> None:
    assert read_table(text, delimiter=",", width=2) is None


@pytest.mark.parametrize(
    ("text", "padded"),
    [
        ("id,n\n1,Ada\n2,Lin\n", False),
        ("id,n\r\n1,Ada\r\n2,Lin\r\n", False),
        ("id,n\n1, Ada\n2,Lin\n", True),  # after a delimiter
        ("id,n\n1,Ada \n2,Lin\n", True),  # before a line break
        ("id,n\n1,Ada\n 2,Lin\n", True),  # at a line's start
        ("id,n\n1,Ada\n2,Lin\u3000\n", True),  # at the end, any str.isspace() character
        ("id,n\n1,'\t=x\n2,Lin\n", None),  # restored: the ' hid a tab
    ],
)
def test_the_pure_reader_says_whether_any_cell_needs_trimming(
    text: str, padded: bool | None, accelerator: str
) -> None:
    # The pure path then skips trimming every column of a clean file, one by one.
    table = read_table(text, delimiter=",", width=2)
    assert table is not None
    assert table.padded is (padded if accelerator == "pure" else None)


def test_quoted_cells_are_read_by_polars_as_the_parser_reads_them(accelerator: str) -> None:
    text = 'id,name\r\n1,"Lovelace, Ada"\r\n2,"say ""hi"""\r\n3,Lin\r\n'
    table = read_table(text, delimiter=",", width=2)
    if accelerator != "polars":
        assert table is None  # the pure reader leaves every quote to the parser
        return
    assert table is not None
    parsed = list(parse_csv(text, delimiter=",", source="t"))[1:]
    assert [list(table.column(i)) for i in range(2)] == [
        [record.cells[i] for record in parsed] for i in range(2)
    ]


def test_mixed_line_breaks_are_read_as_the_parser_reads_them_by_polars(accelerator: str) -> None:
    # polars ends a line at LF or CRLF as the careful parser does; the pure reader splits on
    # one kind of break only, so it leaves a mix to the parser.
    text = "id,name\r\n1,Ada\n2,Lin\r\n"
    table = read_table(text, delimiter=",", width=2)
    if accelerator != "polars":
        assert table is None
        return
    assert table is not None
    assert [list(table.column(i)) for i in range(2)] == [["1", "2"], ["Ada", "Lin"]]


def test_a_clean_plain_export_is_checked_in_polars(accelerator: str) -> None:
    data = b"Employee ID,Manager ID,Name,Job Title\n2,1, Lin ,Product Manager\n1,,Ada,CEO\n"
    usual, careful, fast = read_both_ways(data)
    assert fast
    assert [(p.id, p.reports_to, p.name) for p in usual.chart] == [
        ("2", "1", "Lin"),
        ("1", None, "Ada"),
    ]
    assert usual.report.to_dict() == careful.report.to_dict()


def test_the_whitespace_polars_trims_is_what_str_strip_trims(accelerator: str) -> None:
    spaces = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
    assert spaces == _fast.WHITESPACE
    if accelerator != "polars":
        return
    # polars' own whitespace, used when a file holds no separator (\x1c-\x1f), is the rest.
    import polars  # the dev install has it (the accelerator fixture says)

    padded = polars.Series([f"{c}a{c}" for c in spaces]).str.strip_chars().to_list()
    assert [c for c, cell in zip(spaces, padded, strict=True) if cell != "a"] == list(
        "\x1c\x1d\x1e\x1f"
    )


@pytest.mark.parametrize("space", [c for c in _fast.WHITESPACE if c not in "\r\n"])
def test_names_padded_with_any_whitespace_read_alike_both_ways(
    space: str, accelerator: str
) -> None:
    data = f"id,parentId,name\n1,,{space}Ada{space}\n2,1,Lin\n".encode()
    usual, careful, fast = read_both_ways(data)
    assert fast
    assert [p.name for p in usual.chart] == [p.name for p in careful.chart] == ["Ada", "Lin"]
    assert usual.report.to_dict() == careful.report.to_dict()


def test_columns_validation_never_reads_stay_in_polars_until_asked(accelerator: str) -> None:
    data = b"Employee ID,Manager ID,Name,Job Title,Unit,Desk\n1,,Ada,CEO,Board,B1\n2,1,L,PM,,\n"
    chart = read_csv(data).chart
    report = validate(chart)
    table = chart._table
    assert table is not None
    deferred = {
        field: values
        for field, values in table.columns.items()
        if isinstance(values, DeferredColumn)
    }
    # polars keeps ids, titles, units and names (and attribute cells) until a position or
    # the column is read: validation asks only which names are missing, and reads an id only
    # to name it in a finding. Either path makes the managers' ids from the parent array only
    # when they are read.
    assert set(deferred) == (
        {"id", "title", "unit", "name", "reports_to"} if accelerator == "polars" else {"reports_to"}
    )
    # This chart has findings (a startup without its Head of Product), which name ids.
    assert report.findings
    made = {field for field, column in deferred.items() if column._values is not None}
    assert made == ({"id"} if accelerator == "polars" else set())
    # Which cells are empty is known without the values.
    assert (chart._missing("unit"), chart._missing("reports_to"), chart._missing("name")) == (
        [1],
        [0],
        [],
    )
    assert made == {field for field, column in deferred.items() if column._values is not None}
    assert chart._column("unit") == ["Board", None]
    assert chart._column("reports_to") == [None, "1"]
    assert [(p.title, p.name) for p in chart] == [("CEO", "Ada"), ("PM", "L")]
    assert chart["1"].attributes == {"Desk": "B1"}
    assert chart["2"].attributes == {}
    # A chart goes to another process as it did when every column was a list.
    assert pickle.loads(pickle.dumps(read_csv(data).chart)) == chart  # noqa: S301  # our own bytes


def test_a_clean_company_validates_without_making_a_column(accelerator: str) -> None:
    rows = [b"Employee ID,Manager ID,Name,Job Title", b"E01,,Ada,Founder"]
    rows += [f"E{n:02d},E01,P{n},Engineer".encode() for n in range(2, 10)]
    chart = read_csv(b"\n".join(rows) + b"\n").chart
    report = validate(chart)
    assert (report.variant, report.findings) == ("company", ())
    table = chart._table
    assert table is not None
    deferred = [values for values in table.columns.values() if isinstance(values, DeferredColumn)]
    assert len(deferred) == (4 if accelerator == "polars" else 1)  # ids, titles, names, managers
    assert all(column._values is None for column in deferred)


def test_the_extra_is_hidden_by_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PURE_PYTHON_VARIABLE, "1")
    assert _columnar.accelerator() is None
    monkeypatch.setenv(PURE_PYTHON_VARIABLE, "0")
    assert _columnar.accelerator() is not None


@settings(max_examples=200, deadline=None)
@given(cells=st.lists(st.text(alphabet=st.sampled_from([*"ab é", *_fast.WHITESPACE]), max_size=4)))
def test_trimming_a_column_at_once_is_str_strip(cells: list[str]) -> None:
    trimmed, count = _fast._trimmed(cells)
    assert list(trimmed) == [cell.strip() for cell in cells]
    assert count == sum(1 for cell in cells if cell.strip() and cell.strip() != cell)


def test_a_long_export_of_few_distinct_texts_reads_the_same_both_ways(accelerator: str) -> None:
    # Few distinct titles, units and sites among many rows: those columns hold each distinct
    # text once (polars: through codes), with empty cells as None.
    lines = ["Employee ID,Manager ID,Job Title,Department,Site"]
    for n in range(1, 400):
        title = ["Product Manager", "", "Recruiter", " Designer "][n % 4]
        manager = f"E{max(1, (n - 1) // 5)}" if n > 1 else ""
        lines.append(f"E{n},{manager},{title},{'AB'[n % 2]},{n % 3}")
    usual, careful, fast = read_both_ways("\n".join(lines).encode())
    assert fast
    assert [p.model_dump() for p in usual.chart] == [p.model_dump() for p in careful.chart]
    assert usual.report.to_dict() == careful.report.to_dict()
    titles = [p.title for p in usual.chart]
    assert titles.count(None) == 100
    assert len({id(t) for t in titles if t}) <= 3


def test_integer_columns_leave_polars_whole_chunk_by_chunk() -> None:
    pl = pytest.importorskip("polars")
    chunked = pl.concat(
        [pl.Series([3, -1], dtype=pl.Int64), pl.Series([2**40, 0, 7], dtype=pl.Int64)],
        rechunk=False,
    )
    assert chunked.n_chunks() == 2
    assert _arrow.int64_array(chunked).tolist() == [3, -1, 2**40, 0, 7]
    assert _arrow.int64_array(chunked.slice(1, 3)).tolist() == [-1, 2**40, 0]
    # Another integer type, or one with nulls, is read value by value.
    assert _arrow.int64_array(pl.Series([1, 2], dtype=pl.UInt32)).tolist() == [1, 2]
    assert _arrow.int64_array(pl.Series([], dtype=pl.Int64)).tolist() == []


@given(
    ids=st.lists(st.text("abc", min_size=1, max_size=3), unique=True, max_size=12).map(sorted),
    runs=st.lists(st.tuples(st.text("abcd", max_size=3), st.integers(1, 6)), max_size=12),
)
def test_managers_found_by_run_in_sorted_ids_are_found_as_a_dict_finds_them(
    ids: list[str], runs: list[tuple[str, int]]
) -> None:
    managers = [manager for manager, length in runs for _ in range(length)]
    found = _fast._found_in_sorted(ids, managers)
    row_of = {position_id: row for row, position_id in enumerate(ids)}
    if found is not None:  # None: too few rows share a manager for the search to pay
        assert found == [row_of.get(manager) for manager in managers]
    else:
        assert len({n for n in range(1, len(managers)) if managers[n] != managers[n - 1]}) + 1 > (
            len(managers) / 4
        )
