"""The importers build positions without pydantic's second look: everything they make must pass it.

``build`` checks each value as it reads it and then makes positions with ``trusted_position``
(pydantic validation would cost most of a million-row import's time). These properties feed
the importers hostile input and re-validate every position they make, so a value that slips
past the importer's own checks fails here rather than living on in a chart.
"""

from __future__ import annotations

import copy
import csv
import io
import math
import pickle
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orgroles import OrgChart, Position, from_records, read_csv, read_json
from orgroles.position import trusted_position

HEADERS = [
    "id",
    "parentId",
    "Employee ID",
    "Manager ID",
    "name",
    "First Name",
    "Last Name",
    "title",
    "Job Title",
    "role",
    "unit",
    "department",
    "dotted_to",
    "assistant",
    "json:extra",
    "desk",
    "",
]
# Cells that test the id rules: control characters, surrounding and odd whitespace, long ids
# (a duplicate of a 200-character id needs a suffix), ids differing in case, hostile text.
CELLS = st.one_of(
    st.sampled_from(["", " ", "1", "2", "3", " 1 ", "A", "a", "1\n", "\t2", "x\x00y", "\x7f"]),
    st.sampled_from(["CEO", "VP, Product", "Senior PM", "Engineer", "pm", "director", "true"]),
    st.sampled_from(["=cmd", "'=x", "[1, 2]", '{"a": NaN}', "NaN", "1e999", "null", "\u00a0"]),
    st.text(min_size=198, max_size=202, alphabet="ab \t\n"),
    st.text(max_size=6),
)


def assert_positions_meet_the_model(chart: OrgChart) -> None:
    for position in chart:
        again = Position.model_validate(position.model_dump())
        assert again == position
        assert again.to_dict() == position.to_dict()


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=7),
    rows=st.lists(st.lists(CELLS, max_size=8), max_size=10),
)
def test_every_position_read_from_csv_meets_the_model(
    header: list[str], rows: list[list[str]]
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "parentId", *header])  # a file with no id column is refused
    writer.writerows(rows)
    result = read_csv(buffer.getvalue().encode("utf-8"), source="input.csv")
    assert_positions_meet_the_model(result.chart)


JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=4), CELLS),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=5,
)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    records=st.lists(
        st.fixed_dictionaries(
            {"id": JSON_VALUES, "parentId": JSON_VALUES},
            optional=dict.fromkeys(HEADERS[2:], JSON_VALUES),
        ),
        max_size=8,
    )
)
def test_every_position_from_records_meets_the_model(records: list[dict[str, Any]]) -> None:
    result = from_records(records)  # records without an id column are refused
    assert_positions_meet_the_model(result.chart)


def test_json_with_nested_children_meets_the_model() -> None:
    document = (
        '[{"id": " 1 ", "title": "CEO", "children": [{"id": "1", "title": "CPO"}, '
        '{"title": "PM", "x": [1.5, null]}]}]'
    )
    result = read_json(document.encode(), source="org.json")
    assert len(result.chart) == 3
    assert_positions_meet_the_model(result.chart)


def test_numbers_json_cannot_hold_are_kept_as_text() -> None:
    chart, _ = from_records([{"id": "1", "score": math.nan, "limits": [math.inf, -math.inf]}])
    assert chart["1"].attributes == {"score": "nan", "limits": ["inf", "-inf"]}


FIELDS: dict[str, Any] = {
    "title": "Director, Payments",
    "name": "Lin",
    "reports_to": "cpo",
    "dotted_to": ("dir-growth",),
    "unit": "Payments",
    "assistant": True,
    "attributes": {"desk": "B4"},
}


@pytest.mark.parametrize(
    "given",
    [
        (),
        ("reports_to",),
        ("name", "unit"),
        ("dotted_to", "assistant", "attributes"),
        tuple(FIELDS),
    ],
)
def test_trusted_positions_behave_like_validated_ones(given: tuple[str, ...]) -> None:
    fields = {field: FIELDS[field] for field in given}
    trusted = trusted_position("dir-payments", "director", **fields)
    checked = Position(id="dir-payments", role="director", **fields)
    assert trusted == checked
    assert hash(trusted) == hash(checked)
    assert trusted.model_dump_json() == checked.model_dump_json()
    assert trusted.model_fields_set == checked.model_fields_set == {"id", "role", *given}
    assert trusted.model_dump(exclude_unset=True) == checked.model_dump(exclude_unset=True)
    assert copy.deepcopy(trusted) == pickle.loads(pickle.dumps(trusted)) == checked  # noqa: S301  # our own bytes
    moved = trusted.model_copy(update={"reports_to": "ceo"})
    assert (moved.reports_to, trusted.reports_to) == ("ceo", fields.get("reports_to"))
    assert moved.model_fields_set == {"id", "role", "reports_to", *given}
    assert trusted.model_fields_set == {"id", "role", *given}  # the shared set is untouched
