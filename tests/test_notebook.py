"""Notebook display: IPython's own display formatter shows charts and reports as rich output.

Charts: one HTML figure, a caption above an SVG that fits the cell. Reports: an HTML table of
findings (and Markdown), every text escaped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from IPython.core.formatters import DisplayFormatter

import orgroles
from orgroles import Finding, OrgChart, Place, Report
from orgroles.validation._notebook import ROW_LIMIT

HOSTILE = "<script>alert(1)</script> | `x` *y* [z](javascript:alert(1))"


def shown(value: object) -> dict[str, str]:
    """What Jupyter gets for ``value``: the MIME bundle IPython's formatter makes."""
    data: dict[str, str] = DisplayFormatter().format(value)[0]  # type: ignore[no-untyped-call]  # IPython has no annotations here
    return data


def hostile_report(count: int = 2) -> Report:
    findings = [
        Finding(
            "span-too-wide",
            "warning",
            f"{HOSTILE} {index}",
            hint=HOSTILE,
            place=Place(positions=(HOSTILE, f"pm-{index}")),
        )
        for index in range(count)
    ]
    findings.insert(0, Finding("cycle", "error", "a reports to b reports to a"))
    return Report(tuple(findings), variant="scaleup", variant_reason="given", positions=12)


@pytest.mark.layout
def test_a_chart_shows_as_one_captioned_figure_fitting_the_cell() -> None:
    chart = orgroles.template("startup", names=True, seed=1)
    chart.name = "Acme"
    data = shown(chart)
    assert set(data) == {"text/html", "text/plain"}
    page = data["text/html"]
    assert page.count("<svg") == 1
    assert re.search(r"<figcaption[^>]*>Acme · 8 positions</figcaption>", page)
    svg = ET.fromstring(page[page.index("<svg") : page.index("</figure>")])  # noqa: S314  # ours
    # No wider than the cell (max-width) nor than itself (width in points); height follows.
    assert svg.get("style") == "max-width:100%;height:auto"
    assert svg.get("width", "").endswith("pt")
    assert len((svg.get("viewBox") or "").split()) == 4


def test_a_report_shows_as_a_table_of_findings_errors_first() -> None:
    data = shown(hostile_report())
    assert {"text/html", "text/markdown", "text/plain"} <= set(data)
    page = data["text/html"]
    rows = re.findall(r"<tr>(.*?)</tr>", page, re.S)
    assert len(rows) == 1 + 3  # the header, then one row per finding
    severities = [re.findall(r">(error|warning|info)</td>", row) for row in rows[1:]]
    assert severities == [["error"], ["warning"], ["warning"]]
    assert "errors found: 1 error, 2 warnings, 0 infos in 12 positions" in page
    assert "judged as scaleup (given)" in page
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_report_in_markdown_keeps_one_row_per_finding() -> None:
    text = shown(hostile_report())["text/markdown"]
    lines = text.splitlines()
    table = [line for line in lines if line.startswith("|")]
    assert table[:2] == ["| severity | code | positions | finding |", "|---|---|---|---|"]
    assert len(table) == 2 + 3
    for row in table[2:]:
        cells = re.split(r"(?<!\\)\|", row)[1:-1]  # an escaped \| stays inside its cell
        assert len(cells) == 4, row
    assert "<script>" not in text
    assert "[z](javascript" not in text  # the link syntax is escaped: no link
    assert "\\[z\\](javascript" in text
    assert "\\| \\`x\\` \\*y\\*" in text


def test_a_long_report_lists_the_first_findings_and_counts_the_rest() -> None:
    report = hostile_report(ROW_LIMIT + 50)
    page = report._repr_html_()
    assert page.count("<tr>") == 1 + ROW_LIMIT
    assert f"and {51:,} more" in page
    assert f"and {51:,} more" in report._repr_markdown_()


def test_a_clean_report_says_ok_without_a_table() -> None:
    report = Report((), variant="startup", positions=8)
    page = shown(report)["text/html"]
    assert page.startswith('<div class="orgroles-report">')
    assert "<p><strong>OK: 0 errors, 0 warnings, 0 infos in 8 positions</strong>" in page
    assert "<table" not in page
    assert shown(report)["text/markdown"].startswith("**OK: 0 errors")


@pytest.mark.layout
def test_an_empty_chart_still_shows_something() -> None:
    data = shown(OrgChart())
    assert data["text/plain"] == repr(OrgChart())
    assert "Org chart · 0 positions" in data["text/html"]
