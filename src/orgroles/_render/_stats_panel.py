"""The HTML page's statistics panel: head counts, the span distribution and the layer pyramid.

This module owns the panel's markup: the figures as text and two small inline SVG charts drawn
by our own code from an :class:`~orgroles.OrgStats`, so the page needs no optional library
(matplotlib draws the stand-alone pictures, ``_stats_plot``). Every text that comes from a chart
(role keys, unit names) goes through :func:`~orgroles._render._escape.visible` and
``html.escape``, so none becomes markup. Colours are classes the page's style sheet fills in per
theme; ids are fixed and coordinates rounded, so the same statistics give the same bytes.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from orgroles._render._escape import cut, visible
from orgroles._stats import GroupStats, OrgStats, summary_rows

__all__ = ["MAX_LAYERS", "MAX_UNITS", "stats_panel"]

MAX_LAYERS = 30
"""The most rows the pyramid draws; the layers below the last are one row (a deep chain)."""

MAX_UNITS = 8
"""The most units the panel lists, largest first."""

# The figures shown as tiles, by their label in summary_rows (so they read as `orgroles stats`
# prints them); every other row is listed below the charts.
_TILES = (
    ("positions", "positions"),
    ("filled", "filled"),
    ("vacant", "vacant"),
    ("managers", "managers"),
    ("layers (top = 1)", "layers"),
    ("ICs per manager", "manager : IC"),
)
_SHOWN_ELSEWHERE = {"individual contributors"}  # in the pyramid's rows and the ratio tile

_WIDTH = 426  # the panel's inner width in CSS pixels: one SVG unit is one pixel
_ROW = 22  # height of one bar's row
_BAR = 14  # height of one bar
_LABEL = 58  # width of the label column left of the bars


def _text(value: object, limit: int = 60) -> str:
    """Chart text for HTML or SVG: one visible line, cut, every special escaped."""
    return html.escape(cut(visible(str(value)), limit))


def _num(value: float) -> str:
    """A coordinate with one decimal at most: the same figures give the same bytes."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _visible(width: float) -> float:
    """A bar for a count of one or more is at least 2 px wide, so it never looks like none."""
    return max(width, 2.0)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def stats_panel(figures: OrgStats) -> str:
    """The panel as an HTML fragment: a ``<details id="stats">`` the page's bar holds.

    Examples:
        >>> from orgroles._stats import stats
        >>> from orgroles.testing import make_chart
        >>> panel = stats_panel(stats(make_chart("ceo > hop > pm-1, pm-2"), variant=None))
        >>> panel.startswith('<details id="stats">'), "4 positions" in panel
        (True, True)
    """
    rows = summary_rows(figures)
    values = dict(rows)
    tiles = "".join(_tile(values[key], label) for key, label in _TILES)
    tile_keys = {key for key, _ in _TILES}
    more = [(label, value) for label, value in rows if label not in tile_keys | _SHOWN_ELSEWHERE]
    parts = [
        '<details id="stats">',
        '<summary aria-controls="stats-panel">Statistics</summary>',
        '<section id="stats-panel" aria-label="Org statistics">',
        f'<h2>Org statistics</h2><p class="note">{_plural(figures.positions, "position")}, '
        "all levels. As in <code>orgroles stats</code>: assistants are out of spans, dotted "
        "lines never in one, and a vacant manager keeps its span.</p>",
        f'<div class="tiles">{tiles}</div>',
        _spans_section(figures),
        _layers_section(figures),
        _units_section(figures),
    ]
    if more:
        items = "".join(f"<dt>{_text(label)}</dt><dd>{_text(value)}</dd>" for label, value in more)
        parts.append(f'<h3>More figures</h3><dl class="more">{items}</dl>')
    parts += ["</section>", "</details>"]
    return "\n".join(parts)


def _tile(value: str, label: str) -> str:
    if label == "manager : IC":
        value = value if value == "-" else f"1 : {value}"  # "-": no managers
    figure, _, share = value.partition(" (")  # "3 (7%)": the share in small type
    small = f" <small>({_text(share)}</small>" if share else ""
    return f'<div class="tile"><b>{_text(figure)}{small}</b><span>{_text(label)}</span></div>'


def _svg(name: str, height: float, title: str, desc: str, body: Sequence[str]) -> str:
    """An inline SVG chart that screen readers read as one image with a title and a description."""
    return (
        f'<svg id="stats-{name}" role="img" viewBox="0 0 {_WIDTH} {_num(height)}" '
        f'width="{_WIDTH}" height="{_num(height)}" '
        f'aria-labelledby="stats-{name}-title stats-{name}-desc">'
        f'<title id="stats-{name}-title">{_text(title, 200)}</title>'
        f'<desc id="stats-{name}-desc">{_text(desc, 2000)}</desc>' + "".join(body) + "</svg>"
    )


def _spans_section(figures: OrgStats) -> str:
    """The share of managers per span band, a bar per band with its share and count beside it."""
    heading = (
        "<h3>Span of control</h3>"
        f'<p class="note">Share of the {_plural(figures.managers, "manager")} in each span band '
        f"({_text(figures.bands.name)}); a span is the direct reports, assistants not counted.</p>"
    )
    if not figures.managers:
        return heading + '<p class="empty">No managers: nobody has a report.</p>'
    labels = figures.bands.labels
    names = figures.bands.names or (None,) * len(labels)
    largest = max(figures.band_shares)
    room = _WIDTH - _LABEL - 150  # the longest figure ("100% · 12,345 managers") fits right
    body = [
        f'<text class="muted" x="{_LABEL - 8}" y="11" text-anchor="end">span</text>',
        f'<line class="axis" x1="{_LABEL}" x2="{_LABEL}" y1="16" y2="{16 + _ROW * len(labels)}"/>',
    ]
    described = []
    for i, (label, name, count, share) in enumerate(
        zip(labels, names, figures.band_counts, figures.band_shares, strict=True)
    ):
        y = 16 + i * _ROW
        width = _visible(room * share / largest) if count else 0.0
        percent = f"{share * 100:.0f}%"
        said = f"{label}{f' ({name})' if name else ''}: {_plural(count, 'manager')}, {percent}"
        described.append(said)
        figure = f"{percent} · {_plural(count, 'manager')}"
        body.append(
            f"<g><title>{_text(said, 200)}</title>"
            f'<text x="{_LABEL - 8}" y="{_num(y + 15)}" text-anchor="end">{_text(label)}</text>'
            f'<rect class="bar-m" x="{_LABEL}" y="{_num(y + 4)}" width="{_num(width)}" '
            f'height="{_BAR}"/>'
            f'<text x="{_num(_LABEL + width + 6)}" y="{_num(y + 15)}">{_text(figure)}</text></g>'
        )
    height = 16 + _ROW * len(labels) + 4
    title = "Span of control: share of managers per span band"
    return heading + _svg("spans", height, title, "; ".join(described), body)


def _pyramid_rows(figures: OrgStats) -> list[tuple[str, GroupStats]]:
    """Each layer's label and row, top first; past :data:`MAX_LAYERS` the rest as one row."""
    layers = [group for group in figures.by_layer if group.key is not None]
    if len(layers) <= MAX_LAYERS:
        return [(str(group.key), group) for group in layers]
    kept, rest = layers[: MAX_LAYERS - 1], layers[MAX_LAYERS - 1 :]
    merged = GroupStats(
        key=None,
        positions=sum(g.positions for g in rest),
        filled=sum(g.filled for g in rest),
        vacant=sum(g.vacant for g in rest),
        managers=sum(g.managers for g in rest),
        ics=sum(g.ics for g in rest),
        bands=tuple(sum(column) for column in zip(*(g.bands for g in rest), strict=True)),
    )
    return [*((str(g.key), g) for g in kept), (f"{rest[0].key}-{rest[-1].key}", merged)]


def _layers_section(figures: OrgStats) -> str:
    """The layer pyramid: a centred bar per layer, its managers in the middle, its ICs around."""
    heading = (
        "<h3>Layers</h3>"
        '<p class="note">Positions per layer, the top = 1: '
        '<span class="key key-m"></span> managers, '
        '<span class="key key-i"></span> individual contributors.</p>'
    )
    rows = _pyramid_rows(figures)
    if not rows:
        return heading + '<p class="empty">No layers: the chart is empty or all one cycle.</p>'
    widest = max(group.positions for _, group in rows)
    half = 110.0  # the widest layer's half width
    centre = _LABEL + half
    figures_at = centre + half + 8
    top = 16  # room for the column heads
    body = [
        f'<text class="muted" x="{_LABEL - 8}" y="11" text-anchor="end">layer</text>',
        f'<text class="muted" x="{_num(figures_at)}" y="11">positions</text>',
        f'<line class="axis" x1="{_num(centre)}" x2="{_num(centre)}" y1="{top}" '
        f'y2="{top + _ROW * len(rows)}"/>',
    ]
    described = []
    for i, (label, group) in enumerate(rows):
        y = top + i * _ROW
        whole = _visible(2 * half * group.positions / widest)
        middle = _visible(2 * half * group.managers / widest) if group.managers else 0.0
        vacant = f", {group.vacant:,} vacant" if group.vacant else ""
        said = (
            f"Layer {label}: {_plural(group.positions, 'position')} "
            f"({_plural(group.managers, 'manager')}, {group.ics:,} individual "
            f"contributor{'' if group.ics == 1 else 's'}){vacant}"
        )
        described.append(said)
        shown = f"{group.positions:,}"
        note = f'<tspan class="muted"> · {group.vacant:,} vacant</tspan>' if group.vacant else ""
        body.append(
            f"<g><title>{_text(said, 200)}</title>"
            f'<text x="{_LABEL - 8}" y="{_num(y + 15)}" text-anchor="end">{_text(label)}</text>'
            f'<rect class="bar-i" x="{_num(centre - whole / 2)}" y="{_num(y + 4)}" '
            f'width="{_num(whole)}" height="{_BAR}"/>'
            f'<rect class="bar-m" x="{_num(centre - middle / 2)}" y="{_num(y + 4)}" '
            f'width="{_num(middle)}" height="{_BAR}"/>'
            f'<text x="{_num(figures_at)}" y="{_num(y + 15)}">{_text(shown)}{note}</text></g>'
        )
    height = top + _ROW * len(rows) + 4
    title = "Layer pyramid: positions per layer, managers in the middle"
    return heading + _svg("layers", height, title, "; ".join(described), body)


def _units_section(figures: OrgStats) -> str:
    """The largest units' positions and open seats, as a table."""
    units = figures.by_unit
    if not units or (len(units) == 1 and units[0].key is None):
        return ""  # no units in the chart: nothing to list
    body = "".join(
        f'<tr><th scope="row">{"<i>no unit</i>" if g.key is None else _text(g.key)}</th>'
        f"<td>{g.positions:,}</td><td>{g.vacant:,}</td></tr>"
        for g in units[:MAX_UNITS]
    )
    rest = len(units) - MAX_UNITS
    more = (
        f'<p class="note">and {_plural(rest, "more unit")}: '
        "<code>orgroles.stats(chart).by_unit</code> lists them all.</p>"
        if rest > 0
        else ""
    )
    return (
        '<h3>Largest units</h3><table class="units"><thead><tr><th scope="col">unit</th>'
        '<th scope="col">positions</th><th scope="col">vacant</th></tr></thead>'
        f"<tbody>{body}</tbody></table>{more}"
    )
