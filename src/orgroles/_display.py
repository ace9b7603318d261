"""Notebook display of a chart: one hook that the renderers register into.

It owns the MIME-type table behind ``OrgChart._repr_mimebundle_`` and its ``include``/
``exclude`` handling (after graphviz's ``jupyter_integration``). It imports nothing of ours: the
package's face registers the text tree and the SVG renderer by name (``register_lazy``), and
they load when a chart is first shown, so the chart never imports a renderer.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Any

__all__ = ["mimebundle", "register", "register_lazy"]

_RENDERERS: dict[str, Callable[[Any], str]] = {}
_LAZY: dict[str, tuple[str, str]] = {}  # mimetype -> (module, function), loaded when first shown


def register(mimetype: str, function: Callable[[Any], str]) -> None:
    """Show charts as ``mimetype`` in notebooks through ``function(chart) -> str``.

    Examples:
        >>> register("text/x-example", lambda chart: f"{len(chart)} positions")
        >>> from orgroles import OrgChart
        >>> mimebundle(OrgChart(), include=["text/x-example"])
        {'text/x-example': '0 positions'}
        >>> del _RENDERERS["text/x-example"]
    """
    _LAZY.pop(mimetype, None)
    _RENDERERS[mimetype] = function


def register_lazy(mimetype: str, module: str, function: str) -> None:
    """Like :func:`register`, naming ``module.function``, imported when a chart is first shown.

    Examples:
        >>> register_lazy("text/x-example", "orgroles._render._text", "to_text")
        >>> from orgroles import OrgChart
        >>> mimebundle(OrgChart([{"id": "ceo", "role": "ceo"}]), include=["text/x-example"])
        {'text/x-example': 'ceo · Chief Executive Officer (ceo) · vacant'}
        >>> del _RENDERERS["text/x-example"]
    """
    _RENDERERS.pop(mimetype, None)
    _LAZY[mimetype] = (module, function)


def _renderers() -> dict[str, Callable[[Any], str]]:
    for mimetype, (module, function) in list(_LAZY.items()):
        _RENDERERS[mimetype] = getattr(importlib.import_module(module), function)
        del _LAZY[mimetype]
    return _RENDERERS


def mimebundle(
    chart: Any,
    include: Iterable[str] | None = None,
    exclude: Iterable[str] | None = None,
) -> dict[str, str]:
    """The chart in every registered MIME type asked for (all of them unless ``include``).

    Display never raises: a renderer that fails (a drawing that would take longer than a
    notebook waits) is left out with a note at the end of ``text/plain``, which falls back to
    the chart's ``repr``.
    """
    renderers = _renderers()
    wanted = set(renderers) | {"text/plain"} if include is None else set(include)
    wanted -= set(exclude or ())
    bundle: dict[str, str] = {}
    left_out: list[str] = []
    for mimetype, function in renderers.items():
        if mimetype in wanted:
            try:
                bundle[mimetype] = function(chart)
            except Exception as error:  # a notebook cell must show something, never a traceback
                left_out.append(f"note: no {mimetype} shown: {error}")
    if left_out and bundle.get("text/plain"):
        # Say why the drawing is missing (too slow to lay out, say) and how to get it.
        bundle["text/plain"] += "\n" + "\n".join(line.split("\n")[0] for line in left_out)
    if "text/plain" in wanted and not bundle.get("text/plain"):
        bundle["text/plain"] = repr(chart)  # also for an empty chart's empty text tree
    return bundle
