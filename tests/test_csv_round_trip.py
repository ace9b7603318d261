"""What ``write_csv`` then ``read_csv`` keeps and drops, as its docstring says (issue 15)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import orgroles
from orgroles.strategies import FaultyChart, invalid_org_charts, org_charts


def round_trip(chart: orgroles.OrgChart) -> tuple[orgroles.OrgChart, orgroles.ImportReport]:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "org.csv"
        orgroles.write_csv(chart, path)
        back, report = orgroles.read_csv(path)
    return back, report


@settings(max_examples=40, deadline=None)
@given(org_charts(max_size=20), st.text(min_size=1, max_size=10))
def test_positions_come_back_exactly_and_the_chart_level_data_is_dropped(
    chart: orgroles.OrgChart, name: str
) -> None:
    named = orgroles.OrgChart(list(chart), name=name, variant=chart.variant)
    back, _ = round_trip(named)
    assert list(back) == list(named)  # every field of every position, attributes typed
    assert (back.name, back.variant) == (None, None)  # documented: not in a CSV


BROKEN = st.sampled_from(["cycle", "self-report", "unknown-manager", "multiple-roots"])


@settings(max_examples=40, deadline=None)
@given(BROKEN.flatmap(lambda code: invalid_org_charts(codes=[code])))
def test_broken_structure_is_read_back_repaired_and_reported(faulty: FaultyChart) -> None:
    chart, faults, _ = faulty
    back, report = round_trip(chart)
    assert [p.id for p in back] == [p.id for p in chart]
    broken = {f.code for f in faults} & {"cycle", "self-report"}
    assert broken <= {p.code for p in report.problems}
    repaired = {p.id for p in chart} - {
        p.id for p, q in zip(chart, back, strict=True) if p.reports_to == q.reports_to
    }
    # Only a broken line is changed, and each becomes a root.
    assert all(back[pid].reports_to is None for pid in repaired)
    if not broken:
        assert not repaired
