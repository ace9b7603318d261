"""Helpers the built-in rules share: argument handling and wording."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from orgroles.validation._index import ChartIndex, index_for, resolve_variant
from orgroles.validation.registry import RuleSettings, get_rule

if TYPE_CHECKING:
    from orgroles.chart import OrgChart
    from orgroles.variants import Variant

__all__ = ["listing", "prepare", "quoted"]


def prepare(
    code: str, chart: OrgChart, variant: Variant | str | None, settings: RuleSettings | None
) -> tuple[ChartIndex, RuleSettings]:
    """The shared index and the settings for one rule run (defaults when called directly)."""
    resolved = resolve_variant(chart, variant)
    return index_for(chart, resolved), settings or get_rule(code).settings()


def quoted(ids: Iterable[str], limit: int = 6) -> str:
    """``'a', 'b', 'c'`` with at most ``limit`` ids named and a count of the rest."""
    items = list(ids)
    shown = ", ".join(repr(i) for i in items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def listing(keys: Iterable[str]) -> str:
    """``a, b or c``."""
    items = list(keys)
    if len(items) <= 1:
        return "".join(items) or "none"
    return ", ".join(items[:-1]) + " or " + items[-1]
