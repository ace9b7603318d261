"""Acme's org tests: a reorg that breaks the structure fails CI.

Run ``pytest`` in this directory. ``org.yaml`` is also validated with no test code at all,
through ``orgroles_files`` in ``pytest.ini`` (the same as ``pytest --orgroles-file org.yaml``).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from orgroles import OrgChart
from orgroles.testing import (
    assert_chain,
    assert_no_vacant_managers,
    assert_reports_to,
    assert_span,
    assert_valid_org,
)

# Every test in this module gets org.yaml (next to this file) as its `org_chart` fixture.
pytestmark = pytest.mark.org_file("org.yaml")

PM_ROLES = {"apm", "pm", "senior_pm", "principal_pm"}


def test_the_org_follows_its_variant_with_no_warnings(org_chart: OrgChart) -> None:
    assert_valid_org(org_chart, strict=True)


def test_every_pm_reports_up_to_the_cpo_and_the_ceo(org_chart: OrgChart) -> None:
    for position in org_chart:
        if position.role in PM_ROLES:
            assert_chain(org_chart, position.id, [..., "cpo", "ceo"])


def test_directors_lead_a_team_of_sensible_size(org_chart: OrgChart) -> None:
    for position in org_chart:
        if position.role == "director":
            assert_span(org_chart, position.id, min=3, max=8)


def test_nobody_works_under_an_empty_seat(org_chart: OrgChart) -> None:
    assert_no_vacant_managers(org_chart)


def test_the_planned_payments_reorg_stays_valid(org_chart: OrgChart) -> None:
    # Try the reorg on a copy before anyone edits org.yaml.
    planned = org_chart.copy()
    planned.update("pm-pricing", reports_to="dir-payments", dotted_to=["dir-growth"])
    assert_reports_to(planned, "pm-pricing", "dir-payments")
    assert_reports_to(planned, "pm-pricing", "dir-growth", dotted=True)
    assert_valid_org(planned)


def test_a_new_team_in_one_line(org_chart_factory: Callable[..., OrgChart]) -> None:
    team = org_chart_factory("ceo > cpo > dir-search > pm-1, pm-2, pm-3", variant="scaleup")
    assert_chain(team, "pm-2", ["dir-search", "cpo", "ceo"])
