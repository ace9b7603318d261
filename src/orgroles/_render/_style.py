"""The one record of drawing options, :class:`Style`, and the checks behind its messages.

This module owns the list of options every drawing reads (DOT, images, Mermaid, HTML, the
CLI's flags) and their validation; it knows nothing of charts, Graphviz or files. A new
option is one field here: the renderers read it, the CLI derives its flag from it.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from orgroles._render._themes import THEMES, ThemeName
from orgroles.errors import suggest

__all__ = [
    "DEFAULT_DPI",
    "Layout",
    "Page",
    "Style",
    "check_choice",
    "check_count",
    "check_positive",
    "check_text",
    "shown_value",
    "style_of",
]

Layout = Literal["stacked", "wide"]
"""``stacked`` (default): wide spans of leaf reports stack in columns; ``wide``: one flat row."""

Page = Literal["slide", "a4", "a3", "natural"]
"""The page a drawing is arranged to fit: a 16:9 slide, A4 or A3 (either way up), or
``natural``: the tree as it grows, never rearranged."""

DEFAULT_DPI = 192.0
"""Pixels per inch of a PNG: twice Graphviz's 96, crisp on a full-HD or retina slide."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class Style:
    """Every drawing option in one place: what is drawn and how it looks.

    :func:`~orgroles.to_dot`, :func:`~orgroles.render`, :func:`~orgroles.render_files`,
    :func:`~orgroles.to_mermaid` and the HTML page read one; the CLI builds one from its flags.
    Every value is checked when the record is made (a wrong type raises ``TypeError``, a value
    that is not allowed ``ValueError``, both naming the option); vary a style with
    ``dataclasses.replace`` or by passing the changes as keywords to a drawing function.

    Examples:
        >>> import dataclasses
        >>> deck = Style(theme="dark", title="Acme product org", depth=2)
        >>> dataclasses.replace(deck, depth=3).depth
        3
        >>> Style(depth="2")
        Traceback (most recent call last):
        ...
        TypeError: depth must be a whole number >= 0 or None, got '2' (str)
    """

    theme: ThemeName = "light"
    """``"light"``, ``"dark"`` or ``"print"`` (greyscale)."""
    root: str | None = None
    """Draw only this position and everyone below it."""
    depth: int | None = dataclasses.field(default=None, metadata={"minimum": 0})
    """Draw this many reporting levels below the top (0: the top only); each collapsed subtree
    becomes a "+N more" box."""
    layout: Layout = "stacked"
    """``"stacked"``: a manager's reports who manage nobody hang in columns once there are more
    than ``stack_threshold`` of them; ``"wide"``: one flat row."""
    stack_threshold: int = dataclasses.field(default=6, metadata={"minimum": 1})
    """The most reports who manage nobody drawn in one row before they stack (at least 1)."""
    group_by: Literal["unit"] | None = None
    """``"unit"``: a labelled frame around each unit's positions."""
    align: Literal["level", "tree"] = "level"
    """``"level"``: positions of one level share a row (by the chart's variant's ranks, else
    the role levels; individual contributors share the lowest row); ``"tree"``: each report
    one row below its manager."""
    title: str | None = None
    """A caption above the chart."""
    date: str | datetime.date | None = None
    """A line under the title; a ``datetime.date`` is written ``YYYY-MM-DD``. Never today's
    date unless you pass it, so the same input gives the same output."""
    legend: bool = True
    """Draw the legend of colours and marks."""
    dpi: float = DEFAULT_DPI
    """Pixels per inch of a PNG (96 is Graphviz's own size, 300 for print). SVG and PDF are
    vector formats sized in points: for them, and the text formats, it changes nothing."""
    page: Page = "slide"
    """The page the drawing is arranged to fit: ``"slide"`` (16:9), ``"a4"``, ``"a3"`` (paper
    either way up) or ``"natural"``. A chart too wide for the page gets its teams of
    individual contributors in grids and its wide rows of managers wrapped onto further rows,
    whichever of a few arrangements Graphviz lays out with the largest text once fitted; one
    that fits as it is, or has more than 150 boxes, is drawn as it grows (as with
    ``"natural"``, and with ``layout="wide"``)."""

    def __post_init__(self) -> None:
        check_choice("theme", self.theme, THEMES)
        check_text("root", self.root)
        check_count("depth", self.depth, minimum=_minimum("depth"), optional=True)
        check_choice("layout", self.layout, ("stacked", "wide"))
        check_count("stack_threshold", self.stack_threshold, minimum=_minimum("stack_threshold"))
        check_choice("group_by", self.group_by, ("unit",), optional=True)
        check_choice("align", self.align, ("level", "tree"))
        check_text("title", self.title)
        if self.date is not None and not isinstance(self.date, (str, datetime.date)):
            raise TypeError(
                f"date must be a str, a datetime.date or None, got {shown_value(self.date)}"
            )
        if not isinstance(self.legend, bool):
            raise TypeError(f"legend must be True or False, got {shown_value(self.legend)}")
        check_positive("dpi", self.dpi, "a number of pixels per inch")
        check_choice("page", self.page, ("slide", "a4", "a3", "natural"))

    @property
    def date_text(self) -> str | None:
        """The date as drawn: the text given, or a ``datetime.date`` as ISO ``YYYY-MM-DD``.

        Examples:
            >>> Style(date=datetime.date(2025, 6, 1)).date_text
            '2025-06-01'
        """
        if isinstance(self.date, datetime.date):
            return self.date.isoformat()
        return self.date


def _minimum(name: str) -> int:
    """The least value of a whole-number field (in its metadata, which the CLI reads too)."""
    minimum: int = _FIELDS[name].metadata["minimum"]
    return minimum


_FIELDS = {field.name: field for field in dataclasses.fields(Style)}


def style_of(style: object, changes: Mapping[str, Any]) -> Style:
    """``style`` (default: ``Style()``) with ``changes``, each an option name and its value.

    Raises:
        TypeError: ``style`` is not a :class:`Style`, or a change names no option (the message
            suggests the closest one), or a value has the wrong type.
        ValueError: a value is not allowed.

    Examples:
        >>> style_of(None, {"depth": 1}).depth
        1
        >>> style_of(Style(theme="dark"), {"titel": "Acme"})
        Traceback (most recent call last):
        ...
        TypeError: unknown style option 'titel' (did you mean 'title'? choose from: align, ...)
    """
    if style is None:
        style = Style()
    elif not isinstance(style, Style):
        raise TypeError(f"style must be an orgroles.Style or None, got {shown_value(style)}")
    if not changes:
        return style
    names = [field.name for field in dataclasses.fields(Style)]
    for name in changes:
        if name not in names:
            message = suggest(name, names, what="style option")
            if len(message) > 80:  # the whole list is long: the suggestion is what helps
                message = message[: message.index("choose from: ") + 20] + ", ...)"
            raise TypeError(message)
    return dataclasses.replace(style, **changes)


def shown_value(value: object) -> str:
    """A bad option value for a message: its repr (shortened) and its type."""
    if value is None:
        return "None"
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} ({type(value).__name__})"


def check_choice(
    name: str, value: object, choices: Iterable[str], *, optional: bool = False
) -> None:
    """Raise unless ``value`` is one of ``choices`` (or ``None`` when ``optional``).

    Examples:
        >>> check_choice("layout", "wid", ("stacked", "wide"))
        Traceback (most recent call last):
        ...
        ValueError: unknown layout 'wid' (did you mean 'wide'? choose from: stacked, wide)
        >>> check_choice("layout", 2, ("stacked", "wide"))
        Traceback (most recent call last):
        ...
        TypeError: layout must be one of 'stacked', 'wide', got 2 (int)
    """
    if value is None and optional:
        return
    names = sorted(choices)
    allowed = ", ".join(repr(c) for c in names) + (" or None" if optional else "")
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {allowed}, got {shown_value(value)}")
    if value not in names:
        message = suggest(value, names, what=name)
        if optional and message.endswith(")"):
            message = message[:-1] + " or None)"
        raise ValueError(message)


def check_count(name: str, value: object, *, minimum: int, optional: bool = False) -> None:
    """Raise unless ``value`` is a whole number of at least ``minimum`` (or ``None``).

    Examples:
        >>> check_count("depth", "2", minimum=0, optional=True)
        Traceback (most recent call last):
        ...
        TypeError: depth must be a whole number >= 0 or None, got '2' (str)
    """
    if value is None and optional:
        return
    expected = f"a whole number >= {minimum}" + (" or None" if optional else "")
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be {expected}, got {shown_value(value)}")
    if value < minimum:
        raise ValueError(f"{name} must be {expected}, got {value}")


def check_text(name: str, value: object) -> None:
    """Raise unless ``value`` is a string or ``None``.

    Examples:
        >>> check_text("root", 42)
        Traceback (most recent call last):
        ...
        TypeError: root must be a string or None, got 42 (int)
    """
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{name} must be a string or None, got {shown_value(value)}")


def check_positive(name: str, value: object, what: str) -> None:
    """Raise unless ``value`` is a finite number > 0 (``what`` says what it counts).

    Examples:
        >>> check_positive("timeout", 0, "a number of seconds")
        Traceback (most recent call last):
        ...
        ValueError: timeout must be a number of seconds > 0, got 0
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be {what} > 0, got {shown_value(value)}")
    if not 0 < value < math.inf:
        raise ValueError(f"{name} must be {what} > 0, got {value!r}")
