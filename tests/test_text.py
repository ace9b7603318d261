"""The text tree: sections for what no root reaches start the output without a blank line."""

from __future__ import annotations

from orgroles import OrgChart, to_text


def test_a_chart_that_is_all_cycle_starts_with_its_section() -> None:
    chart = OrgChart(
        [
            {"id": "a", "role": "ceo", "reports_to": "b"},
            {"id": "b", "role": "cpo", "reports_to": "a"},
        ]
    )
    assert to_text(chart).splitlines() == [
        "In or below a reporting cycle:",
        "a · Chief Executive Officer (ceo) · vacant · reports to b",
        "b · Chief Product Officer (cpo) · vacant · reports to a",
    ]


def test_sections_after_the_tree_are_set_off_by_a_blank_line() -> None:
    chart = OrgChart(
        [{"id": "ceo", "role": "ceo"}, {"id": "pm", "role": "pm", "reports_to": "gone"}]
    )
    lines = to_text(chart).splitlines()
    assert lines[:3] == [
        "ceo · Chief Executive Officer (ceo) · vacant",
        "",
        "Reporting to positions not in the chart:",
    ]


def test_user_text_stays_on_its_line() -> None:
    # Control characters show as escapes, as in every other output format: a name cannot
    # break the tree's lines or colour the terminal.
    chart = OrgChart([{"id": "pm-1", "role": "pm", "name": "Ada\nLovelace\x1b[31m"}])
    text = to_text(chart)
    assert text.splitlines() == [text]
    assert "Ada\\nLovelace\\x1b[31m" in text
