"""A validation report in a notebook: an HTML table of findings, or the same as Markdown.

This module owns the report's rich display only (``Report._repr_html_`` and
``_repr_markdown_`` call it); it knows nothing of rules. Every text from data (messages, hints,
ids) is escaped for the format, so a finding about a hostile name shows that name as text.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from orgroles.errors import printable

if TYPE_CHECKING:
    from orgroles.validation.findings import Finding, Report

__all__ = ["ROW_LIMIT", "report_html", "report_markdown"]

ROW_LIMIT = 200
"""The most findings a notebook table shows; the rest are counted (``to_text()`` lists all)."""

_SEVERITY_ORDER = ("error", "warning", "info")
_COLUMNS = ("severity", "code", "positions", "finding")
# Notebooks right-align table cells by default; findings read from the left.
_LEFT = "text-align:left"
_COLOURS = {"error": "#b91c1c", "warning": "#b45309", "info": "#1d4ed8"}


def _summary(report: Report) -> str:
    counts = report.counts()
    parts = [f"{counts[s]} {s}{'' if counts[s] == 1 else 's'}" for s in _SEVERITY_ORDER]
    verdict = "OK" if report.ok else "errors found"
    text = f"{verdict}: {', '.join(parts)}"
    if report.positions:
        text += f" in {report.positions:,} position{'' if report.positions == 1 else 's'}"
    return text


def _variant(report: Report) -> str | None:
    if report.variant is None:
        return None
    reason = f" ({report.variant_reason})" if report.variant_reason else ""
    return f"judged as {report.variant}{reason}"


def _ordered(report: Report) -> list[Finding]:
    """Errors first, then warnings, then infos, each in rule order."""
    return [f for severity in _SEVERITY_ORDER for f in report.findings if f.severity == severity]


def report_html(report: Report) -> str:
    """The report as an HTML table: severity, code, positions, message and hint.

    Examples:
        >>> from orgroles import Finding, Place, Report
        >>> finding = Finding("one-to-one", "warning", "<b>one</b> report",
        ...                   place=Place(positions=("gpm-1",)))
        >>> page = report_html(Report((finding,), variant="scaleup", positions=9))
        >>> "&lt;b&gt;one&lt;/b&gt; report" in page, page.count("<tr>")
        (True, 2)
    """
    out = ['<div class="orgroles-report">']
    out.append(f"<p><strong>{html.escape(_summary(report))}</strong>")
    if (variant := _variant(report)) is not None:
        out.append(f"<br>{html.escape(printable(variant))}")
    out.append("</p>")
    findings = _ordered(report)
    if findings:
        out.append(
            "<table><thead><tr>"
            + "".join(f'<th style="{_LEFT}">{name}</th>' for name in _COLUMNS)
            + "</tr></thead><tbody>"
        )
        for finding in findings[:ROW_LIMIT]:
            colour = _COLOURS.get(finding.severity, "inherit")
            ids = ", ".join(html.escape(printable(p)) for p in finding.positions)
            text = html.escape(printable(finding.message))
            if finding.hint:
                text += f"<br><em>hint: {html.escape(printable(finding.hint))}</em>"
            code = html.escape(finding.code)
            out.append(
                f'<tr><td style="color:{colour};{_LEFT}">{finding.severity}</td>'
                f'<td style="{_LEFT}"><code>{code}</code></td>'
                f'<td style="{_LEFT}">{ids}</td><td style="{_LEFT}">{text}</td></tr>'
            )
        out.append("</tbody></table>")
        if len(findings) > ROW_LIMIT:
            more = len(findings) - ROW_LIMIT
            out.append(f"<p>… and {more:,} more (<code>report.to_text()</code> lists all)</p>")
    out.append("</div>")
    return "\n".join(out)


def _cell(text: str) -> str:
    """Text for a Markdown table cell: no markup, no cell break, no line break."""
    text = html.escape(printable(text), quote=False)
    for char in "\\`*_[]|#~":
        text = text.replace(char, "\\" + char)
    return text


def report_markdown(report: Report) -> str:
    r"""The report as Markdown: a summary line and a table of findings.

    Examples:
        >>> from orgroles import Finding, Place, Report
        >>> finding = Finding("cycle", "error", "a | b", place=Place(positions=("a", "b")))
        >>> print(report_markdown(Report((finding,), positions=2)))
        **errors found: 1 error, 0 warnings, 0 infos in 2 positions**
        <BLANKLINE>
        | severity | code | positions | finding |
        |---|---|---|---|
        | error | `cycle` | a, b | a \| b |
    """
    lines = [f"**{_cell(_summary(report))}**"]
    if (variant := _variant(report)) is not None:
        lines.append(f"\n{_cell(variant)}")
    findings = _ordered(report)
    if findings:
        lines += ["", "| severity | code | positions | finding |", "|---|---|---|---|"]
        for finding in findings[:ROW_LIMIT]:
            text = _cell(finding.message)
            if finding.hint:
                text += f"<br>*hint: {_cell(finding.hint)}*"
            ids = ", ".join(_cell(p) for p in finding.positions)
            code = finding.code
            code = f"`{code}`" if re.fullmatch(r"[a-z0-9-]+", code) else _cell(code)
            lines.append(f"| {finding.severity} | {code} | {ids} | {text} |")
        if len(findings) > ROW_LIMIT:
            lines.append(f"\n… and {len(findings) - ROW_LIMIT:,} more (`report.to_text()`)")
    return "\n".join(lines)
