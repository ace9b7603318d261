"""Wording the built-in rules share: lists of ids and of role keys."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["listing", "quoted"]


def quoted(ids: Iterable[str], limit: int = 6) -> str:
    """``'a', 'b', 'c'`` with at most ``limit`` ids named and a count of the rest."""
    items = ids if isinstance(ids, list) else list(ids)
    shown = ", ".join(map(repr, items[:limit]))
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def listing(keys: Iterable[str]) -> str:
    """``a, b or c``."""
    items = list(keys)
    if len(items) <= 1:
        return "".join(items) or "none"
    return ", ".join(items[:-1]) + " or " + items[-1]
