"""Checking the strategies' arguments: each check raises ``InvalidArgument``, at first draw.

This module owns resolving a ``roles`` or ``variant`` argument and refusing bad sizes, flags
and strategies, with messages that name the bad value; it knows nothing of what is drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from orgroles._roles import Role, RoleCatalog, default_catalog
from orgroles._variants import Variant, get_variant
from orgroles.errors import UnknownVariantError

__all__ = ["as_catalog", "as_variant", "check_flag", "check_sizes", "check_strategy", "deferred"]


def deferred(build: Callable[[], st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    # Hypothesis house style: argument errors surface at first draw, not at definition time.
    return st.deferred(build)


def as_catalog(roles: RoleCatalog | Iterable[Role] | None) -> RoleCatalog:
    if roles is None:
        return default_catalog()
    if isinstance(roles, RoleCatalog):
        return roles
    if isinstance(roles, str | Role) or not isinstance(roles, Iterable):
        raise InvalidArgument(f"roles must be a RoleCatalog or Role objects, got {roles!r}")
    custom = list(roles)
    for role in custom:
        if not isinstance(role, Role):
            raise InvalidArgument(f"roles must be a RoleCatalog or Role objects, got {role!r}")
    return default_catalog().extend(custom)


def check_strategy(label: str, value: object) -> None:
    if value is not None and not isinstance(value, st.SearchStrategy):
        raise InvalidArgument(
            f"{label} must be a SearchStrategy (e.g. st.just({value!r})), got {value!r}"
        )


def as_variant(variant: str | Variant) -> Variant:
    if not isinstance(variant, str | Variant):
        raise InvalidArgument(f"variant must be None, a name or a Variant, got {variant!r}")
    try:
        return get_variant(variant)
    except UnknownVariantError as error:
        raise InvalidArgument(str(error)) from None


def check_sizes(min_size: int, max_size: int) -> None:
    for label, value in (("min_size", min_size), ("max_size", max_size)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise InvalidArgument(f"{label} must be a positive integer, got {value!r}")
    if max_size < min_size:
        raise InvalidArgument(f"max_size={max_size} is below min_size={min_size}")


def check_flag(label: str, value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidArgument(f"{label} must be True or False, got {value!r}")
