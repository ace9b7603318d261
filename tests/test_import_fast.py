"""The column-at-a-time path for clean CSV files gives exactly what the careful path gives.

``read_csv`` reads a clean file (distinct ids, every manager present, one top, no cycle) a whole
column at a time, and gives any file with a problem to the careful row-by-row path. These
properties build CSV files, clean or with one fault, read each both ways and compare the
charts, type-exactly, and the reports; and they check which path was taken, so the comparison
cannot pass by both reads taking the same path.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orgroles.importers import _fast, _readers
from orgroles.importers._readers import read_csv_bytes
from orgroles.importers._report import ImportResult

TITLES = [
    "CEO",
    "Chief Product Officer",
    "Director of Product",
    "Sr. Product Manager",
    "Product Manager",
    "Software Engineer",
    "Recruiter",
    "",
    " VP, Product ",
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


def read_both_ways(data: bytes, **options: Any) -> tuple[ImportResult, ImportResult, bool]:
    """The file read as usual and through the careful path only; whether the first was fast."""
    taken: list[bool] = []
    real = _fast.clean_csv_positions

    def spy(*args: Any) -> Any:
        result = real(*args)
        taken.append(result is not None)
        return result

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_readers, "clean_csv_positions", spy)
        usual = read_csv_bytes(data, source="export.csv", **options)
        patch.setattr(_readers, "clean_csv_positions", lambda *_: None)
        careful = read_csv_bytes(data, source="export.csv", **options)
    return usual, careful, taken == [True]


@st.composite
def exports(draw: st.DrawFn, fault: str | None) -> tuple[bytes, dict[str, str]]:
    """A whole-company export in any row order, with the fault injected (or clean)."""
    size = draw(st.integers(2, 25))
    # Ids stay distinct ignoring case and spaces: E0001, e0002, 0003, " 0004"...
    ids = [f"{draw(st.sampled_from(['E', 'e', '', ' ']))}{n:04d}" for n in range(size)]
    managers = [""] + [ids[draw(st.integers(0, n - 1))] for n in range(1, size)]
    # A role column, given by name (so "wizard" is a fault, not a sign it holds no roles).
    with_role = fault == "unknown-role" or draw(st.booleans())
    split_name = draw(st.booleans())
    header = ["Employee ID", "Manager ID", "Job Title", "Department", "Location", "Badge"]
    header += ["role"] if with_role else []
    header += ["First Name", "Last Name"] if split_name else ["Name"]
    rows = []
    for n in range(size):
        row = [
            ids[n],
            managers[n],
            draw(st.sampled_from(TITLES)),
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
    order = draw(st.permutations(range(size)))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
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
