"""Drawing charts: DOT, images (SVG, PNG, PDF), Mermaid, text and a self-contained HTML page.

This package owns every picture of a chart. It reads charts and roles (and a chart's variant for
row alignment) but never changes them, and nothing below it imports it. Graphviz and pygraphviz
load only when a drawing is made, and layout runs in a child process with a timeout.
"""

from __future__ import annotations

import dataclasses
import errno
import html
import os
import pathlib
import re
import threading
import time
import unicodedata
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from orgroles._render._annotate import (
    Annotations,
    Ghost,
    LegendEntry,
    Mark,
    centred_text,
    with_data_ids,
)
from orgroles._render._engine import DEFAULT_TIMEOUT, Engine
from orgroles._render._escape import visible
from orgroles._render._fit import (
    ImageSizeWarning,
    Remedy,
    Size,
    find_remedies,
    fit_plan,
    over_limit,
    page_size,
    slide_note,
)
from orgroles._render._plan import (
    Arrangement,
    DrawPlan,
    StubKind,
    build_plan,
    display_title,
    level_band,
    stacks_every_team,
)
from orgroles._render._style import (
    DEFAULT_DPI,
    Layout,
    Style,
    check_choice,
    check_positive,
    shown_value,
    style_of,
)
from orgroles._render._text import to_text
from orgroles._render._themes import ThemeName, get_theme
from orgroles._write import write_all_atomically
from orgroles.chart import OrgChart
from orgroles.errors import OrgRolesError
from orgroles.position import Position
from orgroles.traversal import depths, descendants, inherited

if TYPE_CHECKING:
    import graphviz

__all__ = [
    "DEFAULT_DPI",
    "DEFAULT_TIMEOUT",
    "FORMATS",
    "Annotations",
    "Engine",
    "Ghost",
    "ImageSizeWarning",
    "Layout",
    "LegendEntry",
    "Mark",
    "Remedy",
    "RenderedFile",
    "Size",
    "Style",
    "ThemeName",
    "render",
    "render_files",
    "to_dot",
    "to_mermaid",
    "to_text",
]

FORMATS: tuple[str, ...] = (".svg", ".png", ".pdf", ".dot", ".mmd", ".txt", ".html")
"""The file suffixes :func:`render` writes."""


def to_dot(
    chart: OrgChart,
    style: Style | None = None,
    /,
    *,
    annotations: Annotations | None = None,
    **changes: Any,
) -> graphviz.Digraph:
    """The chart as a ``graphviz.Digraph``: deterministic DOT (the same chart gives the same bytes).

    Args:
        chart: the chart; a broken one (cycles, missing managers, several roots) is drawn as it
            is, every position included.
        style: the drawing options (default: ``Style()``).
        annotations: marks, ghost boxes and legend entries (see :class:`Annotations`).
        **changes: options to change in ``style``, by their :class:`Style` field names
            (``to_dot(chart, depth=2)`` is ``to_dot(chart, Style(depth=2))``).

    Raises:
        UnknownPositionError: ``root`` is not in the chart.
        TypeError: an unknown option, or an option of the wrong type (``depth="2"``), naming it.
        ValueError: an option's value is not allowed (an unknown theme, a negative depth).

    Examples:
        >>> from orgroles import OrgChart, to_dot
        >>> chart = OrgChart([{"id": "ceo", "role": "ceo", "name": "Ada"},
        ...                   {"id": "pm", "role": "pm", "reports_to": "ceo"}])
        >>> source = to_dot(chart, title="Acme").source
        >>> "Ada" in source and "Vacant" in source and "Acme" in source
        True
    """
    _check_chart(chart)
    options = style_of(style, changes)
    _check_annotations(chart, annotations)
    from orgroles._render._dot import plan_to_dot  # noqa: PLC0415  # graphviz loads on first use

    return plan_to_dot(_plan(chart, options, annotations))


def to_mermaid(
    chart: OrgChart,
    style: Style | None = None,
    /,
    *,
    annotations: Annotations | None = None,
    **changes: Any,
) -> str:
    """The chart as a Mermaid flowchart (for Markdown, GitHub, GitLab, Notion).

    Node ids are generated; names and titles are escaped as Mermaid entities, so any text is
    safe. Mermaid lays the chart out itself, so of the :class:`Style` options it reads
    ``theme``, ``root``, ``depth`` and ``group_by``; rows, stacking and the legend do not apply.

    Examples:
        >>> from orgroles import OrgChart, to_mermaid
        >>> chart = OrgChart([{"id": "ceo", "role": "ceo", "name": "Ada"},
        ...                   {"id": "pm", "role": "pm", "reports_to": "ceo", "name": "end"}])
        >>> print(to_mermaid(chart).splitlines()[2])
            n1["<b>Product Manager</b><br/>end"]
    """
    _check_chart(chart)
    options = dataclasses.replace(style_of(style, changes), align="tree")
    _check_annotations(chart, annotations)
    from orgroles._render._mermaid import plan_to_mermaid  # noqa: PLC0415  # on first use

    return plan_to_mermaid(build_plan(chart, options, annotations=annotations))


def render(
    chart: OrgChart,
    path: str | os.PathLike[str],
    style: Style | None = None,
    /,
    *,
    split_by: Literal["unit"] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    engine: Engine = "bundled",
    annotations: Annotations | None = None,
    force: bool = False,
    **changes: Any,
) -> list[pathlib.Path]:
    """Draw the chart to a file; the suffix picks the format. Returns the files written.

    ``.svg``, ``.png`` and ``.pdf`` are laid out by Graphviz (the library bundled in the
    pygraphviz wheel, in a child process stopped after ``timeout`` seconds; ``engine="system"``
    uses a ``dot`` program on PATH instead). ``.dot`` is the DOT source, ``.mmd`` Mermaid,
    ``.txt`` the text tree, and ``.html`` one self-contained page with the SVG, pan, zoom and
    a search box (no network access needed).

    A PNG wider or taller than 32,767 pixels (Graphviz then scales it down until its text is
    unreadable) or a PDF page beyond 200 inches is still written, with an
    :class:`ImageSizeWarning` naming its size and the options that would draw less at once.

    Args:
        chart: the chart.
        path: the file to write; its directory must exist.
        style: the drawing options (default: ``Style()``).
        split_by: ``"unit"`` writes one file per unit (``<stem>-<unit>.<suffix>``) plus the
            overview at ``path``, whose boxes name the unit files. The set is written all or
            nothing; a unit's name becomes a part of at most 60 characters (letters and digits
            of any script kept, Latin accents dropped, anything else ``-``), distinct from the
            others, and the whole name stays under 200 bytes.
        timeout: seconds the layout may take.
        engine: ``bundled`` (default) or ``system``.
        annotations: marks, ghost boxes and legend entries (see :class:`Annotations`); in
            every format but ``.txt``.
        force: let a split overwrite files already at the unit files' names; without it such
            a file is refused (it may be anybody's, not a drawing of this chart).
        **changes: options to change in ``style``, by their :class:`Style` field names
            (``render(chart, path, depth=2)`` is ``render(chart, path, Style(depth=2))``).

    Raises:
        RenderError: Graphviz failed, crashed or timed out (the caller's process is unharmed).
        UnknownPositionError: ``root`` is not in the chart.
        TypeError: an unknown option or one of the wrong type (checked before any work).
        ValueError: an unknown suffix or option value (checked before any work).
        OSError: the file cannot be written (then no file of a split set is), or a split
            would overwrite a file without ``force`` (``FileExistsError``).

    Examples:
        >>> import pathlib, tempfile
        >>> from orgroles import OrgChart, render
        >>> chart = OrgChart([{"id": "ceo", "role": "ceo", "name": "Ada"}])
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "org.mmd"
        >>> [p.name for p in render(chart, out, title="Acme")]
        ['org.mmd']
    """
    target, options = _checked(chart, path, style, changes, split_by=split_by, timeout=timeout,
                               engine=engine, annotations=annotations)  # fmt: skip
    files = _render_files(chart, target, options, split_by=split_by, timeout=timeout,
                          engine=engine, advise=False, annotations=annotations,
                          force=force)  # fmt: skip
    return [file.path for file in files]


@dataclasses.dataclass(frozen=True)
class RenderedFile:
    """A file :func:`render_files` wrote: where, how big, and what would make it slide-sized.

    ``size`` is the image or page as laid out (points for SVG and PDF, pixels for PNG, before
    any scaling down); ``None`` for ``.dot``, ``.mmd``, ``.txt`` and ``.html``. ``remedies``
    lists option changes that would draw less at once; empty unless the drawing is too big
    to read on a slide.
    """

    path: pathlib.Path
    size: Size | None = None
    remedies: tuple[Remedy, ...] = ()

    def fits_slide(self) -> bool:
        """Whether, fitted to a 16:9 slide, the box text stays readable (6 pt or more)."""
        return self.size is None or self.size.fits_slide()

    def note(self, *, flags: bool = False) -> str | None:
        """Why the drawing is poster-sized and what would help (``flags``: as CLI options)."""
        if self.size is None or self.size.fits_slide():
            return None
        return slide_note(str(self.path), self.size, self.remedies, flags=flags)


def render_files(
    chart: OrgChart,
    path: str | os.PathLike[str],
    style: Style | None = None,
    /,
    *,
    split_by: Literal["unit"] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    engine: Engine = "bundled",
    annotations: Annotations | None = None,
    force: bool = False,
    **changes: Any,
) -> list[RenderedFile]:
    """:func:`render`, telling for each file its size and how to make it fit a slide.

    It takes the arguments :func:`render` takes. A drawing too big to read on a 16:9 slide
    gets remedies: option changes that make it smaller (fewer levels, measured to fit where
    they can; a lower stack threshold; stacked columns; the largest part; one file per unit).
    An option in use is named again only with a value that draws less. Finding them lays out a
    few small drawings.

    Examples:
        >>> import pathlib, tempfile
        >>> from orgroles import OrgChart
        >>> chart = OrgChart([{"id": "ceo", "role": "ceo", "name": "Ada"}])
        >>> (file,) = render_files(chart, pathlib.Path(tempfile.mkdtemp()) / "org.svg")
        >>> str(file.size), file.fits_slide(), file.remedies
        ('349 x 83 pt', True, ())
    """
    target, options = _checked(chart, path, style, changes, split_by=split_by, timeout=timeout,
                               engine=engine, annotations=annotations)  # fmt: skip
    return _render_files(chart, target, options, split_by=split_by, timeout=timeout,
                         engine=engine, advise=True, annotations=annotations,
                         force=force)  # fmt: skip


NOTEBOOK_TIMEOUT = 5.0
"""Seconds a notebook waits for a drawing: past them the cell shows the text tree and a note."""


def chart_svg(chart: OrgChart, *, timeout: float | None = None) -> str:
    """The chart as an SVG that shrinks to fit its container (big charts show three levels).

    A notebook cell must answer: a layout taking longer than ``timeout`` seconds (default
    :data:`NOTEBOOK_TIMEOUT`) is stopped (:class:`RenderError`), and the display shows the
    text tree with a note instead.

    Examples:
        >>> from orgroles import OrgChart
        >>> chart_svg(OrgChart([{"id": "ceo", "role": "ceo"}]))[:4]
        '<svg'
    """
    depth = _NOTEBOOK_DEPTH if _cut_in_notebooks(chart) else None
    part = _Part(pathlib.Path("chart.svg"), chart, Style(depth=depth))
    wait = NOTEBOOK_TIMEOUT if timeout is None else timeout
    data, _, _ = _drawing(part, ".svg", timeout=wait, engine="bundled")
    svg = data.decode("utf-8")
    svg = svg[svg.find("<svg") :]
    # Graphviz sizes the SVG in points: at most that wide, and no wider than the notebook
    # cell (its viewBox keeps the proportions as the height follows).
    return svg.replace("<svg ", '<svg style="max-width:100%;height:auto" ', 1)


def chart_html(chart: OrgChart, *, timeout: float | None = None) -> str:
    """The chart for a notebook cell: a caption (its name and size) above the fitted SVG.

    Like :func:`chart_svg`, it waits at most ``timeout`` seconds (:data:`NOTEBOOK_TIMEOUT`).

    Examples:
        >>> from orgroles import OrgChart
        >>> page = chart_html(OrgChart([{"id": "ceo", "role": "ceo"}], name="<Acme>"))
        >>> page[:30], "&lt;Acme&gt; · 1 position" in page
        ('<figure class="orgroles-chart"', True)
    """
    caption = (
        f"{chart.name or 'Org chart'} · {len(chart):,} position{'s' if len(chart) != 1 else ''}"
    )
    if _cut_in_notebooks(chart):
        caption += f" (the top {_NOTEBOOK_DEPTH + 1} levels; render() draws it all)"
    return (
        '<figure class="orgroles-chart" style="margin:0;max-width:100%">'
        f'<figcaption style="font-weight:bold;margin:0 0 6px">{html.escape(visible(caption))}'
        f"</figcaption>{chart_svg(chart, timeout=timeout)}</figure>"
    )


_NOTEBOOK_LIMIT = 1500  # positions: a notebook shows bigger charts' top levels only
_NOTEBOOK_DEPTH = 3  # levels below the top


def _cut_in_notebooks(chart: OrgChart) -> bool:
    return len(chart) > _NOTEBOOK_LIMIT and max(depths(chart).values()) > _NOTEBOOK_DEPTH


# -- internals ----------------------------------------------------------------------------------


def _checked(
    chart: OrgChart,
    path: object,
    style: object,
    changes: Mapping[str, Any],
    *,
    split_by: object,
    timeout: object,
    engine: object,
    annotations: object,
) -> tuple[pathlib.Path, Style]:
    """The target and style of :func:`render`, every argument checked before any work."""
    _check_chart(chart)
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or os.PathLike, got {shown_value(path)}")
    target = pathlib.Path(path)
    if target.suffix.lower() not in FORMATS:
        raise ValueError(
            f"cannot tell the format from {target.name!r}; use one of: {', '.join(FORMATS)}"
        )
    options = style_of(style, changes)
    check_choice("split_by", split_by, ("unit",), optional=True)
    check_choice("engine", engine, ("bundled", "system"))
    check_positive("timeout", timeout, "a number of seconds")
    _check_annotations(chart, annotations)
    return target, options


def _check_chart(chart: object) -> None:
    if not isinstance(chart, OrgChart):
        raise TypeError(f"chart must be an OrgChart, got {shown_value(chart)}")


def _check_annotations(chart: OrgChart, annotations: object) -> None:
    if annotations is None:
        return
    if not isinstance(annotations, Annotations):
        raise TypeError(
            f"annotations must be an orgroles.Annotations or None, got {shown_value(annotations)}"
        )
    annotations.check(chart)


def _plan(chart: OrgChart, options: Style, annotations: Annotations | None) -> DrawPlan:
    return _part_plan(_Part(pathlib.Path(), chart, options, annotations=annotations))


def _part_plan(part: _Part, options: Style | None = None) -> DrawPlan:
    """The plan of one file (with ``options`` instead of its own, to measure a remedy)."""
    options = options or part.options
    compact = part.compact
    if compact is None and options.root is not None:
        # One part of the chart: its teams stack as they do in the whole chart.
        compact = stacks_every_team(part.chart)
    band = _variant_band(part.chart) or level_band(part.chart)

    def build(arrangement: Arrangement | None) -> DrawPlan:
        return build_plan(
            part.chart,
            options,
            links=part.links,
            band=band,
            compact=compact,
            annotations=part.annotations,
            far=part.far,
            arrangement=arrangement,
        )

    return fit_plan(build, page=options.page, measure=_measure)


# Layout sizes already measured in this process, by the SHA-256 of the DOT source (Graphviz
# lays one source out the same every time): drawing a chart in several formats, or showing it
# again in a notebook, fits it again and measures the same arrangements. The oldest go first.
_MEASURED: dict[bytes, tuple[float, float]] = {}
_MEASURED_KEPT = 1024
_MEASURED_LOCK = threading.Lock()  # charts may be drawn from several threads at once


def _measure(plans: list[DrawPlan]) -> list[tuple[float, float]]:
    """The sizes of plans' drawings in points, margins included, laid out in one child process.

    Plans measured before are not laid out again; when all were, no child process starts.
    """
    import hashlib  # noqa: PLC0415  # only where a chart is fitted to a page

    from orgroles._render._dot import PAD, plan_to_dot  # noqa: PLC0415  # graphviz on first use
    from orgroles._render._engine import measure_layouts  # noqa: PLC0415  # on first use

    sources = []
    for plan in plans:
        dot = plan_to_dot(plan)
        # Where the boxes go does not depend on how lines are routed, and right-angled routing
        # costs more than the rest of the layout: measured with straight lines.
        dot.graph_attr["splines"] = "false"
        sources.append(dot.source)
    keys = [hashlib.sha256(source.encode("utf-8")).digest() for source in sources]
    with _MEASURED_LOCK:
        known = {key: _MEASURED[key] for key in keys if key in _MEASURED}
    new = [index for index, key in enumerate(keys) if key not in known]
    sizes = measure_layouts([sources[index] for index in new])
    with _MEASURED_LOCK:
        for index, size in zip(new, sizes, strict=True):
            known[keys[index]] = _MEASURED[keys[index]] = size
        while len(_MEASURED) > _MEASURED_KEPT:
            del _MEASURED[next(iter(_MEASURED))]
    return [(known[key][0] + 2 * PAD * 72, known[key][1] + 2 * PAD * 72) for key in keys]


def _variant_band(chart: OrgChart) -> Callable[[Position], int | None] | None:
    """Row bands from the chart's variant: its ranks for managers, one band for ICs."""
    if chart.variant is None:
        return None
    try:
        from orgroles._variants import get_variant  # noqa: PLC0415  # only charts with a variant

        variant = get_variant(chart.variant)
    except (ImportError, OrgRolesError):
        return None  # an unknown variant is validation's business; fall back to role levels
    return level_band(chart, rank=variant.rank_of)


@dataclasses.dataclass(frozen=True)
class _Part:
    """One file to write: the chart (or part of it) it draws, and how."""

    path: pathlib.Path
    chart: OrgChart
    options: Style
    links: Mapping[str, Sequence[tuple[str, ...]]] | None = None
    compact: bool | None = None  # the files of a split chart stack as the whole chart does
    annotations: Annotations | None = None
    # Dotted lines to positions in other files (split output): position id -> boxes beside it.
    far: Mapping[str, Sequence[tuple[StubKind, tuple[str, ...]]]] | None = None


def _render_files(
    chart: OrgChart,
    target: pathlib.Path,
    options: Style,
    *,
    split_by: str | None,
    timeout: float,
    engine: Engine,
    advise: bool,
    annotations: Annotations | None,
    force: bool = False,
) -> list[RenderedFile]:
    """Write every file, with its size and, where needed, the remedies.

    Files beyond their format's limit get remedies and an :class:`ImageSizeWarning`; with
    ``advise``, so does every file too big to read on a slide (without the warning).
    """
    suffix = target.suffix.lower()
    if split_by is None:
        parts = [_Part(target, chart, options, annotations=annotations)]
    else:
        parts = _split(chart, target, options, annotations)
    if not force:
        # The overview is the file the caller named; the unit files' names are made up here,
        # and a file already bearing one may be anybody's.
        for part in parts[1:]:
            if part.path.exists():
                raise FileExistsError(
                    errno.EEXIST,
                    "a split would overwrite it; pass force=True to let it, or draw to "
                    "another name",
                    str(part.path),
                )
    written, files = [], []
    for part in parts:
        data, plan, size = _drawing(part, suffix, timeout=timeout, engine=engine)
        problem = over_limit(suffix, size) if size is not None else None
        remedies: tuple[Remedy, ...] = ()
        if plan is not None and size is not None and (problem or advise) and not size.fits_slide():
            remedies = _remedies(part, plan, size, suffix, split=split_by is not None,
                                 timeout=timeout, engine=engine)  # fmt: skip
        if problem is not None and size is not None:
            # Before writing, so that with warnings as errors no unreadable file is left.
            warnings.warn(ImageSizeWarning(str(part.path), size, problem, remedies), stacklevel=3)
        files.append((part.path, data))
        written.append(RenderedFile(part.path, size, remedies))
    write_all_atomically(files)  # a split set appears whole, or not at all
    return written


def _drawing(
    part: _Part, suffix: str, *, timeout: float, engine: Engine
) -> tuple[bytes, DrawPlan | None, Size | None]:
    """The bytes of one file in the format of ``suffix``, the plan drawn and the image size."""
    if suffix == ".txt":
        options = part.options
        text = to_text(part.chart, root=options.root, depth=options.depth)
        # Each line names the position it hangs below (a unit may hang in several places).
        extra = [
            (f"{visible(parent)}: " if parent else "") + " · ".join(visible(t) for t in lines)
            for parent, texts in (part.links or {}).items()
            for lines in texts
        ]
        extra.extend(
            f"{visible(pid)}: " + " · ".join(visible(line) for line in lines)
            for pid, entries in (part.far or {}).items()
            for _, lines in entries
        )
        if extra:
            text += "\n\nDrawn in other files:\n" + "\n".join(extra)
        return (text + "\n").encode("utf-8"), None, None
    plan = _part_plan(part)
    if suffix == ".mmd":
        from orgroles._render._mermaid import plan_to_mermaid  # noqa: PLC0415  # on first use

        return plan_to_mermaid(plan).encode("utf-8"), plan, None
    from orgroles._render._dot import PAD, plan_to_dot  # noqa: PLC0415  # graphviz on first use

    dot = plan_to_dot(plan)
    if suffix == ".png":
        # Only a bitmap has a resolution; set for SVG, Graphviz would scale its points too.
        dot.graph_attr["dpi"] = f"{part.options.dpi:g}"
    source: str = dot.source
    if suffix == ".dot":
        return source.encode("utf-8"), plan, None
    from orgroles._render._engine import draw, draw_measured  # noqa: PLC0415  # on first use

    if suffix == ".html":
        from orgroles._render._html import svg_to_html  # noqa: PLC0415  # on first use
        from orgroles._render._stats_panel import stats_panel  # noqa: PLC0415  # on first use
        from orgroles._stats import stats  # noqa: PLC0415  # validation's index loads on use

        drawn = draw(source, "svg", timeout=timeout, engine=engine)
        svg = centred_text(with_data_ids(drawn)).decode("utf-8")
        # The figures of every position below the root, also those `depth` leaves undrawn (or
        # of the whole chart a view was cut from); spans are not judged (no variant), which
        # `orgroles stats` and validation do.
        root = part.options.root
        counted = part.chart.subtree(root) if root is not None else part.chart
        if part.annotations is not None and part.annotations.statistics_of is not None:
            counted = part.annotations.statistics_of
        page = svg_to_html(
            svg,
            title=part.options.title or part.chart.name or "Org chart",
            theme=get_theme(part.options.theme),
            units={pid: p.unit for pid, p in plan.positions.items() if p.unit is not None},
            panel=stats_panel(stats(counted, variant=None)),
        )
        return page.encode("utf-8"), plan, None
    if suffix == ".svg":
        # An SVG states its size in its first lines: no need to ask the layout for it.
        data = centred_text(with_data_ids(draw(source, "svg", timeout=timeout, engine=engine)))
        match = re.search(rb'<svg width="([\d.]+)pt" height="([\d.]+)pt"', data[:4096])
        size = Size(round(float(match[1])), round(float(match[2])), "pt") if match else None
        return data, plan, size
    # A PNG's pixels may have been scaled down to fit: its size comes from the layout.
    drawing = draw_measured(source, suffix[1:], timeout=timeout, engine=engine)
    size = page_size(suffix, drawing.width, drawing.height, pad=PAD * 72, dpi=part.options.dpi)
    data = reproducible_pdf(drawing.data) if suffix == ".pdf" else drawing.data
    return data, plan, size


# A PDF's Info dates as cairo writes them: D:YYYYMMDDHHmmSS, then Z or an offset (+HH'mm).
_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:(\d{14})([Z+\-][0-9']*)\)")


def reproducible_pdf(data: bytes) -> bytes:
    """The PDF with its creation date set to ``SOURCE_DATE_EPOCH`` (default: 1970-01-01 UTC).

    Cairo stamps every PDF with the time it was drawn, and the cairo inside the pygraphviz
    wheel (1.15) ignores ``SOURCE_DATE_EPOCH``; so the same chart gave different bytes on
    every run. The date is rewritten in place with exactly as many bytes, so the file's
    cross-reference offsets stay right.

    Examples:
        >>> reproducible_pdf(b"<< /CreationDate (D:20261202095955Z) >>")
        b'<< /CreationDate (D:19700101000000Z) >>'
        >>> reproducible_pdf(b"/ModDate (D:20240102030405-05'00)")
        b"/ModDate (D:19700101000000+00'00)"
    """
    try:
        epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    except ValueError:
        epoch = 0  # as reproducible-builds.org asks of a value that is not a number
    epoch = min(max(epoch, 0), 253_402_300_799)  # 9999-12-31: four digits of year, as PDF has
    stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime(epoch)).encode("ascii")

    def fixed(match: re.Match[bytes]) -> bytes:
        offset = match[3]
        if offset != b"Z":  # UTC, written with the offset's own length
            offset = b"+" + re.sub(rb"\d", b"0", offset[1:])
        return b"/" + match[1] + b" (D:" + stamp + offset + b")"

    return _PDF_DATE.sub(fixed, data)


def _remedies(
    part: _Part,
    plan: DrawPlan,
    size: Size,
    suffix: str,
    *,
    split: bool,
    timeout: float,
    engine: Engine,
) -> tuple[Remedy, ...]:
    """Option changes that would draw ``part`` smaller, each measured where it is small."""
    from orgroles._render._dot import PAD, plan_to_dot  # noqa: PLC0415  # graphviz on first use
    from orgroles._render._engine import draw_measured  # noqa: PLC0415  # on first use

    def redraw(options: Style) -> DrawPlan:
        return _part_plan(part, options)

    def measure(other: DrawPlan) -> Size:
        drawing = draw_measured(plan_to_dot(other).source, None, timeout=timeout, engine=engine)
        return page_size(suffix, drawing.width, drawing.height, pad=PAD * 72, dpi=part.options.dpi)

    root = part.options.root
    scoped = part.chart.subtree(root) if root is not None else part.chart
    units = {unit for unit in inherited(scoped, "unit").values() if unit is not None}
    return find_remedies(plan, size, redraw=redraw, measure=measure, units=len(units), split=split)


def _split(
    chart: OrgChart, target: pathlib.Path, options: Style, annotations: Annotations | None
) -> list[_Part]:
    """One file per unit plus an overview; link boxes name the files a branch continues in.

    Where a unit's branch hangs below a position drawn in another file, that file gets a link
    box there naming the unit, the positions of the branch hanging there and the unit's file,
    so the boxes of one file count every position below them once. A dotted line between
    two files becomes a box beside each end naming the other position and its file.
    """
    scoped = chart.subtree(options.root) if options.root is not None else chart
    part_of = inherited(scoped, "unit")
    units = list(dict.fromkeys(u for u in part_of.values() if u is not None))
    names = _file_names(units, target)
    members: dict[str | None, list[Position]] = {key: [] for key in [None, *units]}
    # Where each branch of a unit hangs: (file it hangs in, manager or "", unit) -> its tops.
    hangs: dict[tuple[str | None, str, str | None], list[str]] = {}
    for position in scoped:
        unit = part_of[position.id]
        manager = position.reports_to
        crossing = manager is not None and manager in scoped and part_of[manager] != unit
        if crossing and manager is not None:
            position = position.model_copy(update={"reports_to": None})  # noqa: PLW2901  # cut here
            hangs.setdefault((part_of[manager], manager, unit), []).append(position.id)
        elif unit is not None and (manager is None or manager not in scoped):
            # A unit with no manager outside it still gets a box in the overview.
            hangs.setdefault((None, "", unit), []).append(position.id)
        members[unit].append(position)
    for unit in units:
        if not any(key[2] == unit for key in hangs):
            # A unit wholly inside a reporting cycle: named in the overview.
            hangs[None, "", unit] = [p.id for p in members[unit]]
    links = _branch_links(scoped, part_of, hangs, names, target.name)
    far = _far_dotted_lines(scoped, part_of, names, target.name)
    # Each file stacks teams as the whole chart does: a unit of a few small teams drawn in
    # rows would be far wider than the same teams in the full chart.
    compact = stacks_every_team(chart)
    parts = []
    for key in [None, *units]:
        part = OrgChart(members[key], name=chart.name, variant=chart.variant, roles=chart.roles)
        caption = options.title if key is None else " · ".join(t for t in (options.title, key) if t)
        path = target if key is None else target.with_name(names[key])
        part_options = dataclasses.replace(options, root=None, title=caption)
        notes = annotations
        if key is not None and notes is not None:
            # A ghost hangs in the file of its manager; one with none only in the overview.
            kept = [ghost for ghost in notes.ghosts if ghost.reports_to is not None]
            notes = dataclasses.replace(notes, ghosts=kept)
        parts.append(_Part(path, part, part_options, links[key], compact, notes, far[key]))
    return parts


def _branch_links(
    chart: OrgChart,
    part_of: Mapping[str, str | None],
    hangs: Mapping[tuple[str | None, str, str | None], list[str]],
    names: Mapping[str, str],
    overview: str,
) -> dict[str | None, dict[str, list[tuple[str, ...]]]]:
    """The link boxes of each file: below which position, and their lines.

    A box counts the branch that hangs there: its tops and everyone below them, in whatever
    file they are drawn (the positions of units below are said apart). Where a unit hangs in
    more than one place, each box says how many of the unit's positions hang there.
    """
    links: dict[str | None, dict[str, list[tuple[str, ...]]]] = {None: {}}
    links.update((unit, {}) for unit in names)
    branches: dict[tuple[str | None, str, str | None], tuple[int, set[str | None], int]] = {}
    totals: dict[str | None, int] = {}
    for key, tops in hangs.items():
        unit = key[2]
        seen: set[str] = set()
        for top in tops:  # cycle-safe and each position once, even in tops below each other
            seen.update(p for p in (top, *descendants(chart, top)) if p not in seen)
        others = [part_of[p] for p in seen if part_of[p] != unit]
        branches[key] = (len(seen), set(others), len(others))
        totals[unit] = totals.get(unit, 0) + len(seen)
    for (part, manager, unit), (count, subunits, below) in branches.items():
        if unit is None:
            lines: tuple[str, ...] = ("Overview", f"see {overview}")
        else:
            total = totals[unit]
            text = f"{count:,} of {total:,} positions" if count < total else _positions(count)
            if subunits:
                text += (
                    f" ({below:,} in {len(subunits)} sub-unit{'s' if len(subunits) != 1 else ''})"
                )
            lines = (unit, text, f"see {names[unit]}")
        texts = links[part].setdefault(manager, [])
        if lines not in texts:
            texts.append(lines)
    return links


def _positions(count: int) -> str:
    return f"{count:,} position{'s' if count != 1 else ''}"


def _far_dotted_lines(
    chart: OrgChart, part_of: Mapping[str, str | None], names: Mapping[str, str], overview: str
) -> dict[str | None, dict[str, list[tuple[StubKind, tuple[str, ...]]]]]:
    """Per file, the dotted lines whose other end is in another file: a box beside each end."""
    far: dict[str | None, dict[str, list[tuple[StubKind, tuple[str, ...]]]]] = {None: {}}
    far.update((unit, {}) for unit in names)

    def shown(pid: str) -> str:
        position = chart[pid]
        holder = "Vacant" if position.name is None else position.name
        return f"{display_title(chart, position)} · {holder}"

    def file(unit: str | None) -> str:
        return overview if unit is None else names[unit]

    for position in chart:
        here = part_of[position.id]
        for target in position.dotted_to:
            if target not in chart or target == position.reports_to or part_of[target] == here:
                continue
            there = part_of[target]
            far[here].setdefault(position.id, []).append(
                ("dotted-manager", ("Dotted line to", shown(target), f"see {file(there)}"))
            )
            far[there].setdefault(target, []).append(
                ("dotted-report", ("Dotted-line report", shown(position.id), f"see {file(here)}"))
            )
    return far


def _add_link(links: dict[str, list[tuple[str, ...]]], parent: str, label: tuple[str, ...]) -> None:
    texts = links.setdefault(parent, [])
    if label not in texts:
        texts.append(label)


_MAX_NAME_BYTES = 200  # under every file system's 255-byte limit, with room for a temp prefix


def _file_names(units: list[str], target: pathlib.Path) -> dict[str, str]:
    """``<stem>-<slug><suffix>`` per unit: bounded, distinct (ignoring case), any script.

    A slug keeps letters and digits of every script (Latin accents dropped, so ``Zürich`` is
    ``zurich`` and ``東京`` stays ``東京``), anything else becomes ``-``, at most 60 characters;
    the stem is shortened so that a name stays under 200 bytes. One pass, whatever the number
    of units (a counter per slug, not a search from 2 for each).
    """
    names: dict[str, str] = {}
    taken = {target.name.casefold()}
    next_number: dict[str, int] = {}
    suffix = target.suffix
    room = _MAX_NAME_BYTES - len(suffix.encode()) - 60 * 4 - 12  # slug in UTF-8, "-", "-N"
    stem = target.stem.encode()[: max(room, 16)].decode("utf-8", "ignore")
    for unit in units:
        slug = _slug(unit)
        name = f"{stem}-{slug}{suffix}"
        if name.casefold() in taken:
            number = next_number.get(slug, 2)
            while (name := f"{stem}-{slug}-{number}{suffix}").casefold() in taken:
                number += 1
            next_number[slug] = number + 1
        taken.add(name.casefold())
        names[unit] = name
    return names


def _slug(unit: str) -> str:
    """A unit's name as a file-name part: letters and digits of any script, ``-`` between."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", unit) if not unicodedata.combining(c))
    words = re.findall(r"[^\W_]+", unicodedata.normalize("NFC", plain).casefold())
    return "-".join(words)[:60].strip("-") or "unit"
