"""Strategies for single values: roles of a catalog, position ids and positions.

This module owns drawing one :class:`~orgroles.Role` or :class:`~orgroles.Position` at a time
with every optional field exercised; it knows nothing of charts, variants' shapes or faults.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import get_args

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from orgroles._roles import Role, RoleCatalog, Track, default_catalog
from orgroles._variants import Variant
from orgroles.position import Position
from orgroles.strategies._args import as_catalog, as_variant, check_flag, check_strategy, deferred

__all__ = ["position_ids", "positions", "roles"]

_TRACKS: tuple[str, ...] = get_args(Track)


def roles(
    *,
    catalog: RoleCatalog | Iterable[Role] | None = None,
    tracks: Collection[str] | None = None,
    variant: str | Variant | None = None,
) -> st.SearchStrategy[Role]:
    """Roles of a catalog (the built-in one by default), shrinking toward ``apm``.

    Args:
        catalog: a role catalog, or custom roles added to the built-in one.
        tracks: only roles on these tracks (``ic``, ``manager``, ``executive``, ``partner``,
            ``outside``).
        variant: only roles this variant ranks.

    Examples:
        >>> from hypothesis import given
        >>> @given(roles(tracks={"manager"}))
        ... def test_managers(role):
        ...     assert role.track == "manager"
        >>> test_managers()
    """

    def build() -> st.SearchStrategy[Role]:
        pool = list(as_catalog(catalog).values())
        if tracks is not None:
            if isinstance(tracks, str):
                raise InvalidArgument(
                    f"tracks must be a collection of tracks, not the string {tracks!r}"
                )
            unknown = sorted(str(t) for t in tracks if t not in _TRACKS)
            if unknown:
                raise InvalidArgument(
                    f"no role matches unknown track {unknown[0]!r}; tracks: {', '.join(_TRACKS)}"
                )
            pool = [r for r in pool if r.track in tracks]
        if variant is not None:
            ranked = as_variant(variant).ranks
            pool = [r for r in pool if r.key in ranked]
        if not pool:
            raise InvalidArgument("no role matches the given catalog, tracks and variant")
        return st.sampled_from(pool)

    return deferred(build)


def position_ids() -> st.SearchStrategy[str]:
    """Any valid position id: non-empty text without control characters or outer spaces.

    Examples:
        >>> from hypothesis import given
        >>> @given(position_ids())
        ... def test_ids(position_id):
        ...     assert position_id == position_id.strip() and position_id
        >>> test_ids()
    """
    return (
        st.text(st.characters(exclude_categories=["Cc", "Cs"]), min_size=1, max_size=30)
        .map(str.strip)
        .filter(bool)
    )


def positions(
    *,
    role_keys: st.SearchStrategy[str] | None = None,
    ids: st.SearchStrategy[str] | None = None,
    reports_to: st.SearchStrategy[str | None] | None = None,
    vacant: bool | None = None,
) -> st.SearchStrategy[Position]:
    """Single :class:`~orgroles.Position` values with every optional field exercised.

    Args:
        role_keys: role keys to use; the built-in keys by default.
        ids: ids to use; :func:`position_ids` by default.
        reports_to: the manager ids to use (``None`` for a root); by default ``None`` or an id.
        vacant: ``True`` for vacancies only, ``False`` for filled positions only, ``None`` both.

    Examples:
        >>> from hypothesis import given
        >>> @given(positions(vacant=False, reports_to=st.just("ceo")))
        ... def test_filled(position):
        ...     assert not position.vacant and position.reports_to == "ceo"
        >>> test_filled()
    """

    def build() -> st.SearchStrategy[Position]:
        if vacant is not None:
            check_flag("vacant", vacant)
        for label, value in (("role_keys", role_keys), ("ids", ids), ("reports_to", reports_to)):
            check_strategy(label, value)
        keys = role_keys or st.sampled_from([r.key for r in default_catalog().values()])
        id_strategy = ids or position_ids()
        managers = reports_to if reports_to is not None else st.none() | id_strategy
        text = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=30)
        names = st.none() if vacant else text if vacant is False else st.none() | text
        scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=10)
        return st.builds(
            Position,
            id=id_strategy,
            role=keys,
            title=st.none() | text,
            name=names,
            reports_to=managers,
            dotted_to=st.lists(id_strategy, unique=True, max_size=2).map(tuple),
            unit=st.none() | text,
            assistant=st.booleans(),
            attributes=st.dictionaries(st.text(max_size=10), scalars, max_size=3),
        )

    return deferred(build)
