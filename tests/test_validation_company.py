"""The whole-company judgement: every manager's span, layers by head count, no product rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import orgroles
from orgroles import OrgChart, get_variant, validate
from orgroles.validation import select_variant
from orgroles.validation._index import ChartIndex

DATA = Path(__file__).parent / "data"


def company(spans: list[int], *, depth_chain: int = 0, titles: str = "Engineer") -> OrgChart:
    """A CEO with one manager per span (each with that many reports), and a chain below."""
    rows: list[dict[str, Any]] = [{"id": "ceo", "role": "ceo", "name": "Ada"}]
    for m, span in enumerate(spans):
        rows.append({"id": f"m{m}", "role": "other", "title": "Lead", "reports_to": "ceo"})
        rows.extend(
            {"id": f"m{m}-{r}", "role": "other", "title": titles, "reports_to": f"m{m}"}
            for r in range(span)
        )
    above = "m0-0"
    for n in range(depth_chain):
        for side in range(4):  # spans of 4 and 5 on the way down: a working span
            rows.append({"id": f"c{n}-{side}", "role": "other", "reports_to": above})
        above = f"c{n}-0"
    return OrgChart(rows)


def test_every_managers_span_is_judged_against_orgvues_bands() -> None:
    chart = company([1, 3, 6, 12, 14, 20])
    report = validate(chart, "company")
    by_code: dict[str, list[str]] = {}
    for finding in report.findings:
        by_code.setdefault(finding.code, []).append(finding.positions[0])
    assert by_code["one-to-one"] == ["m0"]
    assert by_code["span-too-narrow"] == ["m1"]  # 2-3 is narrow
    assert by_code["span-too-wide"] == ["m4", "m5"]  # 13-16 wide, 17+ excessive
    (excessive,) = [f for f in report.findings if f.positions == ("m5",)]
    assert "excessive" in excessive.message
    assert "a manager managing ICs should have 4-12" in excessive.message
    # A company's managers need no product title: the fix names none.
    assert excessive.hint is not None
    assert "GPM" not in excessive.hint
    assert "split the team under another manager" in excessive.hint


def test_no_product_role_rule_runs() -> None:
    report = validate(company([5, 5, 5]), "company")
    codes = {f.code for f in report.findings}
    product = {"rank-inversion", "forbidden-report", "ic-with-reports", "top-leader"}
    assert not codes & (product | {"unranked-role", "missing-role", "size-mismatch"})
    assert report.ok


@pytest.mark.parametrize(
    ("people", "allowed"), [(300, 5), (499, 5), (500, 7), (4_999, 7), (5_000, 9), (10**6, 9)]
)
def test_layers_are_judged_against_head_count(people: int, allowed: int) -> None:
    band = get_variant("company").layer_band(people)
    assert band is not None
    assert band.max == allowed
    chart = company([5], depth_chain=allowed - 2)  # ceo, m0, m0-0, then the chain: allowed + 1
    chart = OrgChart(list(chart), attributes={"employees": people})
    findings = [f for f in validate(chart, "company").findings if f.code == "too-many-layers"]
    (finding,) = findings
    assert f"a company of {people:,} people has about {band.min}-{band.max} layers" in (
        finding.message
    )
    shallower = company([5], depth_chain=allowed - 3)
    shallower = OrgChart(list(shallower), attributes={"employees": people})
    assert not [f for f in validate(shallower, "company").findings if f.code == "too-many-layers"]


def test_the_automatic_choice_judges_a_whole_company_as_a_company() -> None:
    chart = orgroles.read_csv(DATA / "d3-org-chart-sample.csv").chart
    choice = select_variant(chart)
    assert choice.variant.name == "company"
    assert "positions are not product roles: judged as a whole company" in choice.reason
    report = validate(chart)
    assert report.variant == "company"
    assert not {f.code for f in report.findings} & {"rank-inversion", "top-leader"}


def test_a_company_of_hundreds_is_never_a_startup() -> None:
    # Mostly product roles, shaped like a startup (one Head of Product, everyone under them),
    # but 300 people: a startup's band stops at 60.
    rows: list[dict[str, Any]] = [
        {"id": "ceo", "role": "ceo", "name": "Ada"},
        {"id": "hop", "role": "head_of_product", "name": "Bo", "reports_to": "ceo"},
    ]
    rows += [
        {"id": f"pm{n}", "role": "pm", "name": f"P{n}", "reports_to": "hop"} for n in range(300)
    ]
    choice = select_variant(OrgChart(rows))
    assert choice.variant.name != "startup"
    assert "startup left out: 302 people are more than they fit" in choice.reason
    small = OrgChart(rows[:8])
    assert select_variant(small).variant.name == "startup"


def test_the_company_variant_is_no_product_template() -> None:
    assert "company" not in [v.name for v in orgroles.variants()]
    assert get_variant("company").scope == "company"
    assert validate(OrgChart(), "company").ok


@given(st.lists(st.integers(0, 10**6), max_size=40))
def test_one_tops_layers_are_counted_from_the_depths_as_gathered(picks: list[int]) -> None:
    # Managers listed before their reports under one top: the layers are counted from the
    # reporting index's depths, without gathering them; the count and the last layer are
    # those of the layers gathered level by level.
    rows: list[dict[str, Any]] = [{"id": "p0", "role": "other"}]
    rows += [
        {"id": f"p{n}", "role": "other", "reports_to": f"p{pick % n}"}
        for n, pick in enumerate(picks, start=1)
    ]
    scope = ChartIndex(OrgChart(rows)).scope(get_variant("company"))
    assert scope.tops == [0]
    counted, last = scope.layer_count(0), scope.last_layer(0)
    levels = scope.layers(0)
    assert (counted, last) == (len(levels), sorted(levels[-1]))
