"""Pictures of org statistics: the span distribution and the layer pyramid, drawn by matplotlib.

This module owns :func:`plot_stats`. matplotlib comes with the ``stats`` extra and is imported
only here, when a picture is asked for (``import orgroles`` never loads it). It reads an
:class:`~orgroles._stats.OrgStats` and knows nothing of charts or variants.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from orgroles._stats import OrgStats
from orgroles._write import write_atomically

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["PLOT_SUFFIXES", "PlotKind", "plot_stats", "stats_figure"]

PlotKind = Literal["both", "spans", "layers"]

PLOT_SUFFIXES: tuple[str, ...] = (".svg", ".png", ".pdf")
"""The picture formats :func:`plot_stats` writes, from the path's suffix."""

_MANAGERS = "#3b6ea8"
_ICS = "#9cc1e6"
_VACANT = "#b8650f"


def _pyplot_free() -> Any:
    try:
        from matplotlib.figure import Figure  # noqa: PLC0415  # optional extra, loaded on use
    except ModuleNotFoundError:
        raise ModuleNotFoundError(
            "pictures of statistics need matplotlib: pip install 'orgroles[stats]'",
            name="matplotlib",
        ) from None
    return Figure


def stats_figure(figures: OrgStats, *, kind: PlotKind = "both") -> Figure:
    """A matplotlib ``Figure`` of the span distribution, the layer pyramid, or both side by side.

    The span distribution shows the share of managers per span band (Orgvue's view, rather
    than a mean); the pyramid shows each layer's managers, ICs and open seats, top layer first.
    The figure is made without pyplot, so no window or global state is involved.

    Raises:
        ModuleNotFoundError: matplotlib is not installed (the ``stats`` extra).
        ValueError: an unknown ``kind``.
    """
    if kind not in ("both", "spans", "layers"):
        raise ValueError(f"kind={kind!r} is not one of 'both', 'spans', 'layers'")
    figure_type = _pyplot_free()
    panels = ["spans", "layers"] if kind == "both" else [kind]
    figure: Figure = figure_type(figsize=(6.0 * len(panels), 4.0), layout="constrained")
    axes = figure.subplots(1, len(panels), squeeze=False)[0]
    for ax, panel in zip(axes, panels, strict=True):
        if panel == "spans":
            _spans(ax, figures)
        else:
            _layers(ax, figures)
    return figure


def _spans(ax: Any, figures: OrgStats) -> None:
    labels = list(figures.bands.labels)
    shares = [share * 100 for share in figures.band_shares]
    bars = ax.bar(labels, shares, color=_MANAGERS)
    for bar, count in zip(bars, figures.band_counts, strict=True):
        if count:
            ax.annotate(
                f"{count:,}",
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                ha="center",
                va="bottom",
                fontsize=8,
            )
    ax.set_xlabel("direct reports (assistants not counted)")
    ax.set_ylabel("share of managers (%)")
    ax.set_title(f"Span of control ({figures.managers:,} managers, {figures.bands.name} bands)")
    ax.set_ylim(0, max([*shares, 1.0]) * 1.15)


def _layers(ax: Any, figures: OrgStats) -> None:
    rows = [g for g in figures.by_layer if g.key is not None]
    y = list(range(len(rows)))
    managers = [g.managers for g in rows]
    ics = [g.ics for g in rows]
    # A centred pyramid: each layer's managers in the middle, half its ICs to either side.
    widths = [m + i for m, i in zip(managers, ics, strict=True)]
    ax.barh(y, managers, left=[-m / 2 for m in managers], color=_MANAGERS, label="managers")
    ax.barh(y, [i / 2 for i in ics], left=[-w / 2 for w in widths], color=_ICS,
            label="individual contributors")  # fmt: skip
    ax.barh(y, [i / 2 for i in ics], left=[m / 2 for m in managers], color=_ICS)
    for row, group, width in zip(y, rows, widths, strict=True):
        if group.vacant:  # open seats counted apart from people (ChartHop)
            ax.annotate(
                f"{group.vacant:,} vacant",
                (width / 2, row),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
                color=_VACANT,
            )
    ax.set_yticks(y, [f"layer {g.key}" for g in rows])
    ax.invert_yaxis()  # layer 1 on top
    ax.set_xlabel("positions")
    ax.set_title(f"Layers ({figures.positions:,} positions)")
    ax.legend(loc="upper right", fontsize=8, frameon=False)
    limit = max([*widths, 1]) / 2 * 1.35
    ax.set_xlim(-limit, limit)
    ax.xaxis.set_major_formatter(_absolute())


def _absolute() -> Any:
    from matplotlib.ticker import FuncFormatter  # noqa: PLC0415  # optional extra

    return FuncFormatter(lambda value, _: f"{abs(value):,.0f}")


def plot_stats(figures: OrgStats, path: str | os.PathLike[str], *, kind: PlotKind = "both") -> Path:
    """Draw the span distribution and the layer pyramid into an SVG, PNG or PDF file.

    The same statistics give the same bytes (no dates, fixed ids in SVG). The file is written
    whole or not at all.

    Args:
        figures: what :func:`~orgroles.stats` returned.
        path: the picture to write; ``.svg``, ``.png`` or ``.pdf``.
        kind: ``"both"`` (side by side), ``"spans"`` or ``"layers"``.

    Returns:
        The path written.

    Raises:
        ModuleNotFoundError: matplotlib is not installed (``pip install 'orgroles[stats]'``).
        ValueError: a suffix other than ``.svg``, ``.png`` or ``.pdf``.

    Examples:
        >>> import orgroles
        >>> from orgroles.testing import make_chart
        >>> figures = orgroles.stats(make_chart("ceo > cpo > dir-a > pm-1, pm-2"))
        >>> orgroles.plot_stats(figures, "spans.gif")
        Traceback (most recent call last):
        ...
        ValueError: cannot tell the picture format from 'spans.gif'; use one of: .svg, .png, .pdf
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in PLOT_SUFFIXES:
        raise ValueError(
            f"cannot tell the picture format from {str(target)!r}; use one of: "
            + ", ".join(PLOT_SUFFIXES)
        )
    figure = stats_figure(figures, kind=kind)
    buffer = io.BytesIO()
    # No creation date and a fixed id salt: the same statistics give the same file.
    metadata: dict[str, Any] = {
        ".svg": {"Date": None},
        ".pdf": {"CreationDate": None, "ModDate": None},
        ".png": {"Software": None},
    }[suffix]
    import matplotlib as mpl  # noqa: PLC0415  # optional extra, loaded by stats_figure already

    with mpl.rc_context({"svg.hashsalt": "orgroles", "svg.fonttype": "none"}):
        figure.savefig(buffer, format=suffix[1:], metadata=metadata, dpi=150)
    write_atomically(target, buffer.getvalue())
    return target
