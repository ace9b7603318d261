"""A reorg diff in words: plain text for a terminal and Markdown for a pull-request comment.

This module owns how a :class:`~orgroles._diff.OrgDiff` reads: one line per change (a team
move on one line, its unit changes folded in), then the summary. It computes nothing; user text
(names, titles, units) is quoted in text and escaped in Markdown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from orgroles._diff import Change, ChangeKind, DiffSummary, OrgDiff
from orgroles._roles import default_catalog
from orgroles._stats import markdown_table
from orgroles.validation import Finding

__all__ = ["change_line", "change_lines", "headline", "to_markdown", "to_text"]

# How each kind reads in a headline count ("2 opened seats").
_NOUNS: dict[str, tuple[str, str]] = {
    "id_changed": ("id regenerated", "ids regenerated"),
    "added": ("position added", "positions added"),
    "opened": ("opened seat", "opened seats"),
    "removed": ("position removed", "positions removed"),
    "closed": ("closed seat", "closed seats"),
    "moved": ("move", "moves"),
    "team_moved": ("team move", "team moves"),
    "retitled": ("retitle", "retitles"),
    "role_changed": ("role change", "role changes"),
    "filled": ("seat filled", "seats filled"),
    "vacated": ("seat vacated", "seats vacated"),
    "holder_changed": ("new holder", "new holders"),
    "unit_changed": ("unit change", "unit changes"),
    "dotted_added": ("dotted line added", "dotted lines added"),
    "dotted_removed": ("dotted line removed", "dotted lines removed"),
    "assistant_changed": ("assistant change", "assistant changes"),
    "attributes_changed": ("attribute change", "attribute changes"),
}


def _plural(count: int, key: str) -> str:
    one, many = _NOUNS[key]
    return f"{count:,} {one if count == 1 else many}"


def _label(change: Change) -> str:
    """What a change is called in a list: ``opened`` for a vacant added seat, and so on."""
    if change.kind == "added":
        return "opened" if not (change.new or {}).get("name") else "added"
    if change.kind == "removed":
        return "closed" if not (change.old or {}).get("name") else "removed"
    if change.kind == "moved" and change.team:
        return "team_moved"
    return change.kind


def headline(result: OrgDiff) -> str:
    """``14 changes: 1 team move (8 positions), 2 opened seats, ...`` (``no changes``).

    Unit changes that came with a team move are counted in the move, not apart.

    Examples:
        >>> from orgroles._diff import diff
        >>> from orgroles.testing import make_chart
        >>> old, new = make_chart("ceo > cpo > pm-1"), make_chart("ceo > cpo, pm-1, pm-2")
        >>> headline(diff(old, new, variant=None))
        '2 changes: 1 move, 1 opened seat'
    """
    shown = [c for c in result.changes if not (c.kind == "unit_changed" and c.with_move)]
    if not shown and not result.chart and result.order is None:
        return "no changes"
    counts = Counter(_label(c) for c in shown)
    order = [
        "team_moved", "moved", "opened", "added", "closed", "removed", "filled", "vacated",
        "holder_changed", "role_changed", "retitled", "unit_changed", "dotted_added",
        "dotted_removed", "assistant_changed", "attributes_changed", "id_changed",
    ]  # fmt: skip
    parts = []
    for key in order:
        if counts[key]:
            part = _plural(counts[key], key)
            if key == "team_moved":
                moved = sum(c.team_size + 1 for c in shown if _label(c) == "team_moved")
                part += f" ({moved:,} positions)"
            parts.append(part)
    if result.chart:
        parts.append(f"chart {', '.join(c.field for c in result.chart)} changed")
    if result.order is not None:
        parts.append("positions reordered")
    total = len(shown)
    return f"{total:,} change{'s' if total != 1 else ''}: " + ", ".join(parts)


def _who(position: dict[str, Any] | None) -> str:
    if not position:
        return ""
    holder = repr(position["name"]) if position.get("name") else "vacant"
    return f"({position.get('role')}, {holder})"


def _promotion(old: str, new: str) -> str:
    catalog = default_catalog()
    if old in catalog and new in catalog:
        if catalog[new].level > catalog[old].level:
            return " (a promotion)"
        if catalog[new].level < catalog[old].level:
            return " (a step down)"
    return ""


def change_line(change: Change, units: Iterable[Change] = ()) -> str:
    """One change in words; ``units`` are the unit changes that came with a team move.

    Examples:
        >>> print(change_line(Change("moved", "dir-a", "cpo", "dir-b", team=("pm-1", "pm-2"))))
        moved dir-a: from cpo to dir-b, with its team of 2
        >>> print(change_line(Change("role_changed", "pm-1", "pm", "senior_pm")))
        role changed pm-1: pm -> senior_pm (a promotion)
    """
    kind, pid, old, new = change.kind, change.id, change.old, change.new
    if kind == "added":
        manager = new.get("reports_to") if isinstance(new, dict) else None
        where = f" under {manager}" if manager else " as a root"
        return f"{'opened' if _label(change) == 'opened' else 'added'} {pid} {_who(new)}{where}"
    if kind == "removed":
        manager = old.get("reports_to") if isinstance(old, dict) else None
        where = f" from under {manager}" if manager else ""
        return f"{'closed' if _label(change) == 'closed' else 'removed'} {pid} {_who(old)}{where}"
    if kind == "moved":
        line = f"moved {pid}: from {old or 'nobody (a root)'} to {new or 'nobody (a root)'}"
        if change.team:
            line += f", with its team of {change.team_size:,}"
        folded = Counter((u.old, u.new) for u in units)
        for (before, after), count in folded.items():
            line += f"; unit {before!r} -> {after!r} for {count:,}"
        return line
    return str(_FIELD_LINES[kind](change))


def _dotted(change: Change) -> str:
    if change.kind == "dotted_added":
        added = [t for t in change.new if t not in change.old] or list(change.new)
        return f"dotted line added {change.id}: to {', '.join(added)}"
    gone = [t for t in change.old if t not in change.new]
    return f"dotted line removed {change.id}: to {', '.join(gone)}"


def _attributes(change: Change) -> str:
    old, new = change.old or {}, change.new or {}
    changed = [k for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)]
    shown = "; ".join(f"{k!r} {old.get(k)!r} -> {new.get(k)!r}" for k in changed)
    return f"attributes changed {change.id}: {shown}"


_FIELD_LINES: dict[str, Any] = {
    "id_changed": lambda c: f"id changed {c.old} -> {c.id} (paired by holder)",
    "retitled": lambda c: f"retitled {c.id}: {c.old!r} -> {c.new!r}",
    "role_changed": lambda c: (
        f"role changed {c.id}: {c.old} -> {c.new}{_promotion(str(c.old), str(c.new))}"
    ),
    "filled": lambda c: f"filled {c.id}: {c.new!r}",
    "vacated": lambda c: f"vacated {c.id}: was {c.old!r}",
    "holder_changed": lambda c: f"new holder {c.id}: {c.old!r} -> {c.new!r}",
    "unit_changed": lambda c: f"unit changed {c.id}: {c.old!r} -> {c.new!r}",
    "dotted_added": _dotted,
    "dotted_removed": _dotted,
    "assistant_changed": lambda c: f"{c.id} is {'now' if c.new else 'no longer'} an assistant",
    "attributes_changed": _attributes,
}


def change_lines(result: OrgDiff) -> list[str]:
    """A line per change (unit changes that came with a team move folded into the move)."""
    return _lines(result)


def _lines(result: OrgDiff) -> list[str]:
    folded: dict[str, list[Change]] = {}
    for change in result.changes:
        if change.kind == "unit_changed" and change.with_move:
            folded.setdefault(change.with_move, []).append(change)
    return [
        change_line(change, folded.get(change.id, ()) if change.kind == "moved" else ())
        for change in result.changes
        if not (change.kind == "unit_changed" and change.with_move)
    ]


def _signed(number: int) -> str:
    return f"+{number:,}" if number > 0 else f"{number:,}"


def _figures(summary: DiffSummary) -> list[tuple[str, int, int]]:
    before, after = summary.before, summary.after
    return [
        ("positions", before.positions, after.positions),
        ("filled", before.filled, after.filled),
        ("vacant", before.vacant, after.vacant),
        ("managers", before.managers, after.managers),
        ("layers", before.layers, after.layers),
        ("one-over-ones", before.one_over_ones, after.one_over_ones),
    ]


def _finding_line(finding: Finding) -> str:
    ids = ", ".join(finding.positions[:5]) + (", ..." if len(finding.positions) > 5 else "")
    return f"{finding.severity} {finding.code} [{ids}]: {finding.message}"


def _findings_headline(summary: DiffSummary) -> str:
    introduced = Counter(f.severity for f in summary.introduced)
    parts = [
        f"{introduced[s]} new {s}{'s' if introduced[s] != 1 else ''}"
        for s in ("error", "warning", "info")
        if introduced[s]
    ]
    # A zero is said in words ("none resolved"), so a diff with no news reads as such.
    parts = parts or ["no new findings"]
    parts.append(f"{len(summary.resolved)} resolved" if summary.resolved else "none resolved")
    return f"findings against {summary.variant}: " + ", ".join(parts)


def to_text(result: OrgDiff) -> str:
    """The diff as plain text: the headline, a line per change, then the summary."""
    lines = [headline(result)]
    lines += [f"  {line}" for line in _lines(result)]
    lines += [f"  chart {c.field}: {c.old!r} -> {c.new!r}" for c in result.chart]
    summary = result.summary
    if summary is None:
        return "\n".join(lines)
    lines += ["", "summary"]
    for label, before, after in _figures(summary):
        if before != after:
            lines.append(f"  {label}: {before:,} -> {after:,} ({_signed(after - before)})")
        else:
            lines.append(f"  {label}: {before:,}")
    moved_units = [u for u in summary.units if u.net or u.filled_before != u.filled_after]
    if moved_units:
        lines.append("  head count by unit (positions):")
        lines += [
            f"    {u.unit if u.unit is not None else '(no unit)'}: {u.before:,} -> {u.after:,} "
            f"({_signed(u.net)})"
            for u in moved_units
        ]
    if summary.spans:
        lines.append("  spans that changed:")
        lines += [f"    {s.id}: {s.before} -> {s.after}" for s in summary.spans]
    labels = summary.after.bands.labels
    if summary.before.band_counts != summary.after.band_counts:
        lines.append(
            "  managers per span band: "
            + ", ".join(
                f"{label}: {b} -> {a}"
                for label, b, a in zip(
                    labels, summary.before.band_counts, summary.after.band_counts, strict=True
                )
                if a or b
            )
        )
    if summary.one_over_ones_created:
        lines.append(f"  one-over-ones created: {', '.join(summary.one_over_ones_created)}")
    if summary.one_over_ones_ended:
        lines.append(f"  one-over-ones ended: {', '.join(summary.one_over_ones_ended)}")
    if summary.variant is not None:
        lines.append(f"  {_findings_headline(summary)}")
        lines += [f"    + {_finding_line(f)}" for f in summary.introduced]
        lines += [f"    - {_finding_line(f)}" for f in summary.resolved]
    return "\n".join(lines)


def _md(text: str) -> str:
    """Inline text for Markdown outside a table: backslash-escaped, no HTML."""
    out = text.replace("\\", "\\\\").replace("<", "&lt;").replace(">", "&gt;")
    for char in "`*_[]|#":
        out = out.replace(char, f"\\{char}")
    return " ".join(out.split())


_MARKDOWN_CHANGE_ROWS = 200


def to_markdown(result: OrgDiff, *, title: str = "Reorg") -> str:
    """The diff as GitHub Markdown, made for a pull-request comment.

    The figures first (before, after, net), then the validation verdict, then the changes
    (folded in a ``<details>`` block when long), head count by unit, spans and findings.
    Every cell of user text is escaped.
    """
    lines = [f"### {_md(title)}: {_md(headline(result))}", ""]
    summary = result.summary
    if summary is not None:
        lines += markdown_table(
            ["", "before", "after", "net"],
            (
                [label, f"{b:,}", f"{a:,}", _signed(a - b) if a != b else "0"]
                for label, b, a in _figures(summary)
            ),
        )
        lines.append("")
        if summary.variant is not None:
            lines += [f"**{_md(_findings_headline(summary))}**", ""]
    rows = [
        [_kind_cell(c), c.id, line] for c, line in zip(_shown(result), _lines(result), strict=True)
    ]
    rows += [["chart", c.field, f"{c.old!r} -> {c.new!r}"] for c in result.chart]
    if rows:
        table = markdown_table(["change", "position", "what"], rows[:_MARKDOWN_CHANGE_ROWS])
        if len(rows) > _MARKDOWN_CHANGE_ROWS:
            table.append(f"\n... and {len(rows) - _MARKDOWN_CHANGE_ROWS:,} more (see the JSON)")
        if len(rows) > 20:
            lines += [f"<details><summary>All {len(rows):,} changes</summary>", "", *table]
            lines += ["", "</details>", ""]
        else:
            lines += ["#### Changes", "", *table, ""]
    if summary is not None:
        units = [u for u in summary.units if u.net or u.filled_before != u.filled_after]
        if units:
            lines += ["#### Head count by unit", ""]
            lines += markdown_table(
                ["unit", "before", "after", "net", "filled before", "filled after"],
                (
                    [
                        u.unit if u.unit is not None else "(no unit)",
                        f"{u.before:,}",
                        f"{u.after:,}",
                        _signed(u.net) if u.net else "0",
                        f"{u.filled_before:,}",
                        f"{u.filled_after:,}",
                    ]
                    for u in units
                ),
            )
            lines.append("")
        if summary.spans:
            lines += ["#### Spans that changed", ""]
            lines += markdown_table(
                ["manager", "before", "after"],
                ([s.id, str(s.before), str(s.after)] for s in summary.spans[:100]),
            )
            lines.append("")
        for heading, found in (("introduced", summary.introduced), ("resolved", summary.resolved)):
            if found:
                lines += [f"#### Findings {heading}", ""]
                lines += markdown_table(
                    ["severity", "code", "positions", "message"],
                    (
                        [f.severity, f.code, ", ".join(f.positions[:5]), f.message]
                        for f in found[:100]
                    ),
                )
                lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _shown(result: OrgDiff) -> list[Change]:
    return [c for c in result.changes if not (c.kind == "unit_changed" and c.with_move)]


def _kind_cell(change: Change) -> str:
    label = _label(change)
    names: dict[str, str] = {"team_moved": "team moved", "opened": "opened", "closed": "closed"}
    kind: ChangeKind | str = names.get(label, label)
    return str(kind).replace("_", " ")
