"""Findings that suggest only what would help, and say nothing false about a cycle."""

from __future__ import annotations

import difflib
from typing import Any

import pytest

from orgroles import OrgChart, validate

# -- unknown managers: suggestions ----------------------------------------------------------


def P(pid: str, role: str, boss: str | None = None) -> dict[str, Any]:  # noqa: N802  # reads like a table
    return {"id": pid, "role": role, "reports_to": boss}


def manager_message(rows: list[dict[str, Any]], position: str) -> str:
    report = validate(OrgChart(rows), "enterprise")
    (finding,) = [f for f in report.by_code("unknown-manager") if f.positions == (position,)]
    return finding.message


def test_an_unknown_manager_is_never_matched_to_the_position_itself() -> None:
    # The CEO was deleted: 'ceo' is closest to 'cpo' itself, which would be a self-report.
    rows = [P("cpo", "cpo", "ceo"), P("pm-1", "pm", "cpo")]
    assert manager_message(rows, "cpo") == (
        "'cpo' reports to unknown manager 'ceo': no position has that id"
    )


def test_an_unknown_manager_is_never_matched_to_someone_below() -> None:
    rows = [
        P("cpo", "cpo", "ceo"),
        P("ceo-office", "other", "cpo"),  # below cpo: reporting to it would be a cycle
        P("dir", "director", "ceo-office"),
        P("ceo2", "ceo"),  # elsewhere: a fine suggestion
    ]
    assert manager_message(rows, "cpo") == (
        "'cpo' reports to unknown manager 'ceo' (did you mean 'ceo2'?): no position has that id"
    )


def test_a_dotted_line_is_never_matched_to_the_position_itself() -> None:
    rows = [
        P("ceo", "ceo"),
        {"id": "cpo", "role": "cpo", "reports_to": "ceo", "dotted_to": ["cfo"]},
    ]
    (finding,) = validate(OrgChart(rows), "enterprise").by_code("unknown-dotted")
    assert (
        finding.message == "'cpo' has a dotted line to unknown position 'cfo' (did you mean 'ceo'?)"
    )


def test_suggestions_for_many_unknown_ids_cost_a_bounded_number_of_comparisons(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 2,000 positions, 100 of them reporting to a missing id and 100 with a missing dotted line:
    # comparing each unknown id with every id took seconds. The run's comparisons are bounded.
    from orgroles.validation.structure import _SUGGEST_BUDGET

    rows = [P("ceo", "ceo")]
    rows += [P(f"pm-{n:04d}", "pm", "ceo") for n in range(1, 2000)]
    for n in range(1, 101):
        rows[-n] = P(f"pm-{2000 - n:04d}", "pm", f"pm-{n:04d}x")
        rows[n]["dotted_to"] = [f"pm-{n:04d}y"]
    compared = 0
    set_seq1 = difflib.SequenceMatcher.set_seq1

    def counted(matcher: difflib.SequenceMatcher[str], a: str) -> None:
        nonlocal compared
        compared += 1
        set_seq1(matcher, a)

    monkeypatch.setattr(difflib.SequenceMatcher, "set_seq1", counted)
    report = validate(OrgChart(rows), "enterprise")
    assert len(report.by_code("unknown-manager")) == len(report.by_code("unknown-dotted")) == 100
    assert 0 < compared <= _SUGGEST_BUDGET
    messages = [f.message for f in report.by_code("unknown-manager")]
    assert messages[0] == (  # the first ones in the chart get suggestions
        "'pm-1900' reports to unknown manager 'pm-0100x' (did you mean 'pm-0100' or 'pm-1800' "
        "or 'pm-1700'?): no position has that id"
    )
    assert messages[-1] == (
        "'pm-1999' reports to unknown manager 'pm-0001x': no position has that id"
    )


def test_a_big_chart_compares_no_ids_for_an_unknown_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from orgroles.validation.structure import _SUGGEST_BUDGET, find_unknown_managers

    rows = [P("ceo", "ceo")] + [P(f"pm-{n}", "pm", "ceo") for n in range(1, _SUGGEST_BUDGET + 1)]
    rows[-1] = P("pm-last", "pm", "cxo")

    def never(*args: object, **kwargs: object) -> list[str]:
        raise AssertionError("difflib over a huge org costs more than the typo it explains")

    monkeypatch.setattr(difflib, "get_close_matches", never)
    (finding,) = find_unknown_managers(OrgChart(rows))
    assert finding.message == "'pm-last' reports to unknown manager 'cxo': no position has that id"


# -- top leader and cycles --------------------------------------------------------------------


def test_a_top_leader_on_a_cycle_is_left_to_the_cycle_finding() -> None:
    rows = [P("ceo", "ceo", "cpo"), P("cpo", "cpo", "ceo"), P("pm-1", "pm", "cpo")]
    report = validate(OrgChart(rows), "enterprise")
    assert report.by_code("cycle")[0].positions == ("ceo", "cpo")
    # The cpo does report to the CEO: saying there is no CPO reporting to the CEO is false.
    assert report.by_code("top-leader") == []


def test_a_top_leader_below_a_cycle_is_judged_by_its_own_line() -> None:
    rows = [P("ceo", "ceo", "pm-1"), P("cpo", "cpo", "pm-1"), P("pm-1", "pm", "ceo")]
    (finding,) = validate(OrgChart(rows), "enterprise").by_code("top-leader")
    assert finding.positions == ("cpo", "pm-1")
    assert finding.message == (
        "the top product leader 'cpo' reports to 'pm-1' (pm); in enterprise the cpo reports to "
        "the ceo"
    )


def test_no_top_leader_at_all_is_still_reported() -> None:
    rows = [P("ceo", "ceo", "pm-1"), P("pm-1", "pm", "ceo")]
    (finding,) = validate(OrgChart(rows), "enterprise").by_code("top-leader")
    assert finding.message.startswith("no top product leader")
