"""Drawing charts: DOT, images (SVG, PNG, PDF), Mermaid, text and a self-contained HTML page.

This package owns every picture of a chart. It reads charts and roles (and a chart's variant for
row alignment) but never changes them, and nothing below it imports it. Graphviz and pygraphviz
load only when a drawing is made, and layout runs in a child process with a timeout.
"""

from __future__ import annotations

import dataclasses
import datetime
import pathlib
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Literal

from orgroles.chart import OrgChart
from orgroles.errors import OrgRolesError
from orgroles.position import Position
from orgroles.render._engine import DEFAULT_TIMEOUT, Engine
from orgroles.render._escape import visible
from orgroles.render._plan import Layout, Options, Plan, build_plan, level_band
from orgroles.render._themes import ThemeName, get_theme

if TYPE_CHECKING:
    import os

    import graphviz

__all__ = [
    "DEFAULT_TIMEOUT",
    "FORMATS",
    "Engine",
    "Layout",
    "ThemeName",
    "render",
    "to_dot",
    "to_mermaid",
]

FORMATS: tuple[str, ...] = (".svg", ".png", ".pdf", ".dot", ".mmd", ".txt", ".html")
"""The file suffixes :func:`render` writes."""

DateLike = str | datetime.date


def to_dot(
    chart: OrgChart,
    *,
    theme: ThemeName = "light",
    root: str | None = None,
    depth: int | None = None,
    layout: Layout = "stacked",
    stack_threshold: int = 6,
    group_by: Literal["unit"] | None = None,
    align: Literal["level", "tree"] = "level",
    title: str | None = None,
    date: DateLike | None = None,
    legend: bool = True,
) -> graphviz.Digraph:
    """The chart as a ``graphviz.Digraph``: deterministic DOT (the same chart gives the same bytes).

    Args:
        chart: the chart; a broken one (cycles, missing managers, several roots) is drawn as it
            is, every position included.
        theme: ``light`` (default), ``dark`` or ``print`` (greyscale).
        root: draw only this position and everyone below it.
        depth: draw this many reporting levels below the top (0: the top only); each collapsed
            subtree becomes a "+N more" box.
        layout: ``stacked`` (default): a manager with more than ``stack_threshold`` reports who
            manage nobody gets them in columns below; ``wide``: one flat row.
        stack_threshold: the most leaf reports drawn in one row before they stack.
        group_by: ``"unit"`` draws each unit as a labelled box around its positions.
        align: ``level`` (default): positions of one level share a row (by the chart's variant's
            ranks, else the role levels; individual contributors share the lowest row);
            ``tree``: each report one row below its manager.
        title: a caption above the chart.
        date: a date shown under the title (never today's date unless you pass it, so output
            stays reproducible); a ``datetime.date`` is written as ISO ``YYYY-MM-DD``.
        legend: draw the legend of colours.

    Raises:
        UnknownPositionError: ``root`` is not in the chart.
        ValueError: an unknown theme, layout or a negative depth.

    Examples:
        >>> from orgroles import OrgChart, to_dot
        >>> chart = OrgChart([{"id": "ceo", "role": "ceo", "name": "Ada"},
        ...                   {"id": "pm", "role": "pm", "reports_to": "ceo"}])
        >>> source = to_dot(chart).source
        >>> "Ada" in source and "Vacant" in source
        True
    """
    from orgroles.render._dot import plan_to_dot  # noqa: PLC0415  # graphviz loads on first use

    options = Options(
        theme=theme,
        root=root,
        depth=depth,
        layout=layout,
        stack_threshold=stack_threshold,
        group_by=group_by,
        align=align,
        title=title,
        date=_date_text(date),
        legend=legend,
    )
    return plan_to_dot(_plan(chart, options))


def to_mermaid(
    chart: OrgChart,
    *,
    theme: ThemeName = "light",
    root: str | None = None,
    depth: int | None = None,
    group_by: Literal["unit"] | None = None,
) -> str:
    """The chart as a Mermaid flowchart (for Markdown, GitHub, GitLab, Notion).

    Node ids are generated; names and titles are escaped as Mermaid entities, so any text is
    safe. Mermaid lays the chart out itself: rows, stacking and the legend do not apply.

    Examples:
        >>> from orgroles import OrgChart, to_mermaid
        >>> chart = OrgChart([{"id": "ceo", "role": "ceo", "name": "Ada"},
        ...                   {"id": "pm", "role": "pm", "reports_to": "ceo", "name": "end"}])
        >>> print(to_mermaid(chart).splitlines()[2])
            n1["<b>Product Manager</b><br/>end"]
    """
    from orgroles.render._mermaid import plan_to_mermaid  # noqa: PLC0415

    options = Options(theme=theme, root=root, depth=depth, group_by=group_by, align="tree")
    return plan_to_mermaid(build_plan(chart, options))


def render(
    chart: OrgChart,
    path: str | os.PathLike[str],
    *,
    theme: ThemeName = "light",
    root: str | None = None,
    depth: int | None = None,
    layout: Layout = "stacked",
    stack_threshold: int = 6,
    group_by: Literal["unit"] | None = None,
    align: Literal["level", "tree"] = "level",
    split_by: Literal["unit"] | None = None,
    title: str | None = None,
    date: DateLike | None = None,
    legend: bool = True,
    timeout: float = DEFAULT_TIMEOUT,
    engine: Engine = "bundled",
) -> list[pathlib.Path]:
    """Draw the chart to a file; the suffix picks the format. Returns the files written.

    ``.svg``, ``.png`` and ``.pdf`` are laid out by Graphviz (the library bundled in the
    pygraphviz wheel, in a child process stopped after ``timeout`` seconds; ``engine="system"``
    uses a ``dot`` program on PATH instead). ``.dot`` is the DOT source, ``.mmd`` Mermaid,
    ``.txt`` the text tree, and ``.html`` one self-contained page with the SVG, pan, zoom and
    a search box (no network access needed).

    Args:
        chart: the chart.
        path: the file to write; its directory must exist.
        split_by: ``"unit"`` writes one file per unit (``<stem>-<unit>.<suffix>``) plus the
            overview at ``path``, whose boxes name the unit files.
        timeout: seconds the layout may take.
        engine: ``bundled`` (default) or ``system``.
        theme: as for :func:`to_dot`.
        root: as for :func:`to_dot`.
        depth: as for :func:`to_dot`.
        layout: as for :func:`to_dot`.
        stack_threshold: as for :func:`to_dot`.
        group_by: as for :func:`to_dot`.
        align: as for :func:`to_dot`.
        title: as for :func:`to_dot`.
        date: as for :func:`to_dot`.
        legend: as for :func:`to_dot`.

    Raises:
        RenderError: Graphviz failed, crashed or timed out (the caller's process is unharmed).
        UnknownPositionError: ``root`` is not in the chart.
        ValueError: an unknown suffix or option value.
        OSError: the file cannot be written.

    Examples:
        >>> import pathlib, tempfile
        >>> from orgroles import OrgChart, render
        >>> chart = OrgChart([{"id": "ceo", "role": "ceo", "name": "Ada"}])
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "org.mmd"
        >>> [p.name for p in render(chart, out)]
        ['org.mmd']
    """
    target = pathlib.Path(path)
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(
            f"cannot tell the format from {target.name!r}; use one of: {', '.join(FORMATS)}"
        )
    if split_by not in (None, "unit"):
        raise ValueError(f"split_by must be None or 'unit', got {split_by!r}")
    options = Options(
        theme=theme,
        root=root,
        depth=depth,
        layout=layout,
        stack_threshold=stack_threshold,
        group_by=group_by,
        align=align,
        title=title,
        date=_date_text(date),
        legend=legend,
    )
    if split_by is None:
        target.write_bytes(_draw_file(chart, options, suffix, timeout=timeout, engine=engine))
        return [target]
    return _render_split(chart, target, options, timeout=timeout, engine=engine)


def chart_svg(chart: OrgChart, *, timeout: float = 60.0) -> str:
    """The chart as an SVG string (used by Jupyter display); big charts show three levels.

    Examples:
        >>> from orgroles import OrgChart
        >>> chart_svg(OrgChart([{"id": "ceo", "role": "ceo"}]))[:4]
        '<svg'
    """
    depth = 3 if len(chart) > 1500 else None
    data = _draw_file(chart, Options(depth=depth), ".svg", timeout=timeout, engine="bundled")
    svg = data.decode("utf-8")
    return svg[svg.find("<svg") :]


# -- internals ----------------------------------------------------------------------------------


def _date_text(date: DateLike | None) -> str | None:
    return date.isoformat() if isinstance(date, datetime.date) else date


def _plan(
    chart: OrgChart,
    options: Options,
    links: Mapping[str, Sequence[tuple[str, ...]]] | None = None,
) -> Plan:
    return build_plan(chart, options, links=links, band=_variant_band(chart) or level_band(chart))


def _variant_band(chart: OrgChart) -> Callable[[Position], int | None] | None:
    """Row bands from the chart's variant: its ranks for managers, one band for ICs."""
    if chart.variant is None:
        return None
    try:
        from orgroles.variants import get_variant  # noqa: PLC0415  # only charts with a variant

        variant = get_variant(chart.variant)
    except (ImportError, OrgRolesError):
        return None  # an unknown variant is validation's business; fall back to role levels
    return level_band(chart, rank=variant.rank_of)


def _draw_file(
    chart: OrgChart,
    options: Options,
    suffix: str,
    *,
    timeout: float,
    engine: Engine,
    links: Mapping[str, Sequence[tuple[str, ...]]] | None = None,
) -> bytes:
    """The bytes of one file in the format of ``suffix``."""
    if suffix == ".txt":
        from orgroles.text import to_text  # noqa: PLC0415

        text = to_text(chart, root=options.root, depth=options.depth)
        extra = [
            " · ".join(visible(line) for line in lines)
            for texts in (links or {}).values()
            for lines in texts
        ]
        if extra:
            text += "\n\nDrawn in other files:\n" + "\n".join(extra)
        return (text + "\n").encode("utf-8")
    plan = _plan(chart, options, links)
    if suffix == ".mmd":
        from orgroles.render._mermaid import plan_to_mermaid  # noqa: PLC0415

        return plan_to_mermaid(plan).encode("utf-8")
    from orgroles.render._dot import plan_to_dot  # noqa: PLC0415

    source: str = plan_to_dot(plan).source
    if suffix == ".dot":
        return source.encode("utf-8")
    from orgroles.render._engine import draw  # noqa: PLC0415

    if suffix == ".html":
        from orgroles.render._html import svg_to_html  # noqa: PLC0415

        theme = get_theme(options.theme)
        svg = draw(source, "svg", timeout=timeout, engine=engine).decode("utf-8")
        page = svg_to_html(
            svg,
            title=options.title or chart.name or "Org chart",
            background=theme.background,
            text=theme.text,
        )
        return page.encode("utf-8")
    image: bytes = draw(source, suffix[1:], timeout=timeout, engine=engine)
    return image


def _render_split(
    chart: OrgChart,
    target: pathlib.Path,
    options: Options,
    *,
    timeout: float,
    engine: Engine,
) -> list[pathlib.Path]:
    """One file per unit plus an overview whose link boxes name those files."""
    scoped = chart.subtree(options.root) if options.root is not None else chart
    part_of = _parts(scoped)
    units = list(dict.fromkeys(u for u in part_of.values() if u is not None))
    names = _file_names(units, target)
    counts: dict[str | None, int] = {}
    for unit in part_of.values():
        counts[unit] = counts.get(unit, 0) + 1
    members: dict[str | None, list[Position]] = {None: []}
    links: dict[str | None, dict[str, list[tuple[str, ...]]]] = {None: {}}
    for unit in units:
        members[unit] = []
        links[unit] = {}
    for position in scoped:
        unit = part_of[position.id]
        manager = position.reports_to
        crossing = manager is not None and manager in scoped and part_of[manager] != unit
        if crossing:
            position = position.model_copy(update={"reports_to": None})  # noqa: PLW2901
        members[unit].append(position)
        if crossing and manager is not None:
            _add_link(links[part_of[manager]], manager, _link_label(unit, counts, names))
        elif unit is not None and (manager is None or manager not in scoped):
            # A unit with no manager outside it still gets a box in the overview.
            _add_link(links[None], "", _link_label(unit, counts, names))
    linked = {label for parts in links.values() for labels in parts.values() for label in labels}
    for unit in units:
        label = _link_label(unit, counts, names)
        if label not in linked:  # a unit wholly inside a reporting cycle: named in the overview
            _add_link(links[None], "", label)
    written = []
    for unit in [None, *units]:
        part = OrgChart(members[unit], name=chart.name, variant=chart.variant, roles=chart.roles)
        caption = (
            options.title if unit is None else " · ".join(t for t in (options.title, unit) if t)
        )
        part_options = dataclasses.replace(options, root=None, title=caption)
        path = target if unit is None else target.with_name(names[unit])
        data = _draw_file(
            part,
            part_options,
            target.suffix.lower(),
            timeout=timeout,
            engine=engine,
            links=links[unit],
        )
        path.write_bytes(data)
        written.append(path)
    return written


def _add_link(links: dict[str, list[tuple[str, ...]]], parent: str, label: tuple[str, ...]) -> None:
    texts = links.setdefault(parent, [])
    if label not in texts:
        texts.append(label)


def _parts(chart: OrgChart) -> dict[str, str | None]:
    """Each position's unit, inherited from the nearest manager with one (cycle-safe)."""
    part: dict[str, str | None] = {}
    for position in chart:
        path: list[str] = []
        current: Position | None = position
        seen: set[str] = set()
        found: str | None = None
        while current is not None and current.id not in part and current.id not in seen:
            seen.add(current.id)
            path.append(current.id)
            if current.unit is not None:
                found = current.unit
                break
            manager = current.reports_to
            current = chart.get(manager) if manager is not None else None
        else:
            if current is not None and current.id in part:
                found = part[current.id]
        for pid in path:
            own = chart[pid].unit
            part[pid] = own if own is not None else found
    return part


def _file_names(units: list[str], target: pathlib.Path) -> dict[str, str]:
    """``<stem>-<slug><suffix>`` per unit; slugs are ASCII, lower case and unique."""
    names: dict[str, str] = {}
    taken = {target.name.lower()}
    for unit in units:
        ascii_text = unicodedata.normalize("NFKD", unit).encode("ascii", "ignore").decode()
        slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "unit"
        name = f"{target.stem}-{slug}{target.suffix}"
        counter = 2
        while name.lower() in taken:
            name = f"{target.stem}-{slug}-{counter}{target.suffix}"
            counter += 1
        taken.add(name.lower())
        names[unit] = name
    return names


def _link_label(
    unit: str | None, counts: Mapping[str | None, int], names: Mapping[str, str]
) -> tuple[str, ...]:
    if unit is None:
        return ("Overview", "see the overview")
    count = counts[unit]
    return (unit, f"{count} position{'s' if count != 1 else ''}", f"see {names[unit]}")
