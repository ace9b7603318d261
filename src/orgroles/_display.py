"""Notebook display of a chart: one hook that the renderers register into.

It owns the MIME-type table behind ``OrgChart._repr_mimebundle_`` and its ``include``/
``exclude`` handling (after graphviz's ``jupyter_integration``). It imports nothing of ours: the
text tree and the SVG renderer add themselves when they are imported, as ``import orgroles``
does, so the chart shows itself without importing a renderer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

__all__ = ["mimebundle", "register"]

_RENDERERS: dict[str, Callable[[Any], str]] = {}


def register(mimetype: str, function: Callable[[Any], str]) -> None:
    """Show charts as ``mimetype`` in notebooks through ``function(chart) -> str``.

    Examples:
        >>> register("text/x-example", lambda chart: f"{len(chart)} positions")
        >>> from orgroles import OrgChart
        >>> mimebundle(OrgChart(), include=["text/x-example"])
        {'text/x-example': '0 positions'}
        >>> del _RENDERERS["text/x-example"]
    """
    _RENDERERS[mimetype] = function


def mimebundle(
    chart: Any,
    include: Iterable[str] | None = None,
    exclude: Iterable[str] | None = None,
) -> dict[str, str]:
    """The chart in every registered MIME type asked for (all of them unless ``include``).

    Display never raises: a renderer that fails is left out, and ``text/plain`` falls back to
    the chart's ``repr``.
    """
    wanted = set(_RENDERERS) | {"text/plain"} if include is None else set(include)
    wanted -= set(exclude or ())
    bundle: dict[str, str] = {}
    for mimetype, function in _RENDERERS.items():
        if mimetype in wanted:
            try:
                bundle[mimetype] = function(chart)
            except Exception:  # noqa: S112  # a notebook cell must show something, never a traceback
                continue
    if "text/plain" in wanted and "text/plain" not in bundle:
        bundle["text/plain"] = repr(chart)
    return bundle
