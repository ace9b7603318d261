"""Colour themes: one palette per theme, one fill/border pair per role track.

This module owns colours and fonts only; it knows nothing of charts or Graphviz. Colours are
constants chosen by us, so no user text ever reaches a style attribute.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from orgroles.errors import suggest

__all__ = ["THEMES", "TRACK_LABELS", "TRACK_ORDER", "Theme", "ThemeName", "get_theme"]

ThemeName = Literal["light", "dark", "print"]
"""The built-in themes: ``light`` (the default), ``dark`` and ``print`` (greyscale)."""

TRACK_ORDER: tuple[str, ...] = ("executive", "manager", "ic", "partner", "outside")
"""Tracks in legend order, most senior first."""

TRACK_LABELS: dict[str, str] = {
    "executive": "Executive",
    "manager": "Manager",
    "ic": "Individual contributor",
    "partner": "Partner (design, analytics)",
    "outside": "Outside product",
}


@dataclass(frozen=True)
class Theme:
    """A palette: page, text and line colours plus a (fill, border) pair per track."""

    name: str
    background: str
    text: str
    muted: str
    line: str
    dotted: str
    tracks: dict[str, tuple[str, str]]
    vacant_fill: str
    stub_fill: str
    font: str = "Helvetica"


THEMES: dict[str, Theme] = {
    "light": Theme(
        name="light",
        background="#ffffff",
        text="#1f2933",
        muted="#52606d",
        line="#7b8794",
        dotted="#c026d3",  # fuchsia: no track border, line or text is near it (tested)
        tracks={
            "executive": ("#dbe6f6", "#2f5597"),
            "manager": ("#d9f0e3", "#2e7d57"),
            "ic": ("#fdf0d5", "#b07d1a"),
            "partner": ("#eee3f5", "#7b4d96"),
            "outside": ("#eceff1", "#78909c"),
        },
        vacant_fill="#ffffff",
        stub_fill="#f5f7fa",
    ),
    "dark": Theme(
        name="dark",
        background="#16191d",
        text="#eef2f6",
        muted="#a9b4c0",
        line="#8393a3",
        dotted="#e879f9",  # was amber, the IC border's colour
        tracks={
            "executive": ("#24406e", "#7fa7e6"),
            "manager": ("#1d4a36", "#6cc79a"),
            "ic": ("#54410f", "#e0b44e"),
            "partner": ("#432a54", "#c39ae0"),
            "outside": ("#333c44", "#9aa8b4"),
        },
        vacant_fill="#16191d",
        stub_fill="#22272d",
    ),
    "print": Theme(
        name="print",
        background="#ffffff",
        text="#000000",
        muted="#404040",
        line="#404040",
        dotted="#8a8a8a",  # a mid grey: every other line and border is black or dark grey
        tracks={
            "executive": ("#bdbdbd", "#000000"),
            "manager": ("#dcdcdc", "#000000"),
            "ic": ("#ffffff", "#000000"),
            "partner": ("#f0f0f0", "#000000"),
            "outside": ("#f7f7f7", "#404040"),
        },
        vacant_fill="#ffffff",
        stub_fill="#ffffff",
    ),
}


def get_theme(name: str) -> Theme:
    """The theme called ``name``.

    Raises:
        ValueError: an unknown theme, naming the choices.

    Examples:
        >>> get_theme("dark").background
        '#16191d'
    """
    try:
        return THEMES[name]
    except KeyError:
        raise ValueError(suggest(name, THEMES, what="theme")) from None
