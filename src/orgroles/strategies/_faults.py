"""Hypothesis strategies for org charts: valid charts by construction, and charts with named faults.

This module owns generating examples. It judges nothing itself (``validate`` does) and reads the
variant's facts (ranks, ``manages``, spans, layers) to build charts that pass by construction.
It imports hypothesis, so only tests import it; ``import orgroles`` never does.

Examples:
    >>> from hypothesis import given, settings
    >>> from orgroles.strategies import org_charts
    >>> from orgroles.validation import validate
    >>> @settings(max_examples=20)
    ... @given(org_charts(variant="scaleup", max_size=30))
    ... def test_sound(chart):
    ...     assert validate(chart).ok
    >>> test_sound()
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple, get_args

from hypothesis import reject
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from orgroles.chart import OrgChart
from orgroles.errors import UnknownVariantError
from orgroles.position import Position
from orgroles.roles import Role, RoleCatalog, Track, default_catalog
from orgroles.variants import BUILTIN_VARIANTS, Variant, get_variant

__all__ = [
    "INJECTABLE_CODES",
    "Fault",
    "FaultyChart",
    "invalid_org_charts",
    "org_charts",
    "position_ids",
    "positions",
    "roles",
]

# Id prefixes that read back as the same role in ``orgroles.testing.make_chart``.
_SHORT_IDS = {
    "director": "dir",
    "head_of_product": "hop",
    "vp_product": "vp",
    "senior_director": "sd",
    "senior_pm": "spm",
    "principal_pm": "ppm",
    "designer": "des",
    "analyst": "ana",
}
_FIRST_NAMES = ("Ada", "Grace", "Lin", "Ines", "Kofi", "Mira", "Sam", "Yuki", "Omar", "Zoe", "Ravi")
_LAST_NAMES = ("Lovelace", "Hopper", "Wei", "Okafor", "Silva", "Novak", "Tanaka", "Haddad", "Berg")
_UNITS = ("Payments", "Growth", "Search", "Platform", "Mobile", "Data", "Checkout", "Identity")
_TRACKS: tuple[str, ...] = get_args(Track)
_HUGE = 10**9  # stands in for "no limit" in capacity sums, so they stay plain ints


@functools.cache
def _index(count: int) -> st.SearchStrategy[int]:
    # One strategy object per size: building and validating a new one for every draw would
    # cost more than the draw itself.
    return st.integers(0, count - 1)


def _deferred(build: Callable[[], st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    # Hypothesis house style: argument errors surface at first draw, not at definition time.
    return st.deferred(build)


def _catalog(roles: RoleCatalog | Iterable[Role] | None) -> RoleCatalog:
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


def _check_strategy(label: str, value: object) -> None:
    if value is not None and not isinstance(value, st.SearchStrategy):
        raise InvalidArgument(
            f"{label} must be a SearchStrategy (e.g. st.just({value!r})), got {value!r}"
        )


def _variant(variant: str | Variant) -> Variant:
    if not isinstance(variant, str | Variant):
        raise InvalidArgument(f"variant must be None, a name or a Variant, got {variant!r}")
    try:
        return get_variant(variant)
    except UnknownVariantError as error:
        raise InvalidArgument(str(error)) from None


def _check_sizes(min_size: int, max_size: int) -> None:
    for label, value in (("min_size", min_size), ("max_size", max_size)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise InvalidArgument(f"{label} must be a positive integer, got {value!r}")
    if max_size < min_size:
        raise InvalidArgument(f"max_size={max_size} is below min_size={min_size}")


def _check_flag(label: str, value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidArgument(f"{label} must be True or False, got {value!r}")


# -- small strategies --------------------------------------------------------------------------


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
        pool = list(_catalog(catalog).values())
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
            ranked = _variant(variant).ranks
            pool = [r for r in pool if r.key in ranked]
        if not pool:
            raise InvalidArgument("no role matches the given catalog, tracks and variant")
        return st.sampled_from(pool)

    return _deferred(build)


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
            _check_flag("vacant", vacant)
        for label, value in (("role_keys", role_keys), ("ids", ids), ("reports_to", reports_to)):
            _check_strategy(label, value)
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

    return _deferred(build)


# -- the variant's facts, as generation needs them ---------------------------------------------


@dataclass
class _Plan:
    """What may go where in one variant, and how many positions each kind of subtree can hold."""

    variant: Variant
    catalog: RoleCatalog
    top_roles: tuple[str, ...]
    above_roles: tuple[str, ...]
    children: dict[str, tuple[str, ...]]
    span_cap: dict[str, int]
    leaf_roles: tuple[str, ...]
    _caps: dict[tuple[str, int], int] = field(default_factory=dict)
    _best: dict[tuple[str, int], int] = field(default_factory=dict)

    @classmethod
    def of(cls, variant: Variant, catalog: RoleCatalog) -> _Plan:
        v = variant
        ranks = v.ranks
        forbidden = set(v.forbidden)
        usable = {key for key in ranks if key in catalog and key not in forbidden}
        tops = tuple(key for key in v.top_leader if key in usable)
        if not tops:
            raise InvalidArgument(
                f"variant {v.name!r}: no top-leader role ({', '.join(v.top_leader)}) is in the "
                "role catalog; pass roles= with the variant's custom roles"
            )
        above = tuple(
            key
            for key in v.top_leader_reports_to
            if key in catalog
            and any(v.may_manage(key, top) for top in tops)
            and all(ranks.get(key, _HUGE) > ranks[top] for top in tops)
        )
        children: dict[str, tuple[str, ...]] = {}
        for manager, allowed in v.manages.items():
            if manager not in catalog or manager not in ranks:
                continue
            children[manager] = tuple(
                key for key in allowed if key in usable and ranks[key] < ranks[manager]
            )
        for key in above:
            # Under the CEO, a second top-leader role would be a second top leader.
            children[key] = tuple(r for r in children.get(key, ()) if r not in v.top_leader)
        ics, managers = v.spans.ics.max, v.spans.managers.max
        narrowest = min(x if x is not None else _HUGE for x in (ics, managers))
        span_cap = {}
        for key in children:
            band = v.spans.roles.get(key)
            cap = band.max if band is not None else narrowest
            span_cap[key] = min(cap if cap is not None else _HUGE, _HUGE)
        leaf_roles = tuple(
            key for key in sorted(usable, key=lambda k: ranks[k]) if key not in v.top_leader
        )
        return cls(v, catalog, tops, above, children, span_cap, leaf_roles)

    def cap(self, role: str, layer: int) -> int:
        """The most positions a subtree topped by ``role`` at ``layer`` can hold within limits."""
        key = (role, layer)
        found = self._caps.get(key)
        if found is None:
            below = self.best_child_cap(role, layer)
            found = min(1 + self.span_cap.get(role, 0) * below, _HUGE)
            self._caps[key] = found
        return found

    def best_child_cap(self, role: str, layer: int) -> int:
        """The most positions one more report of ``role`` (at ``layer``) can bring."""
        key = (role, layer)
        found = self._best.get(key)
        if found is None:
            kids = self.children.get(role, ()) if layer < self.variant.max_layers else ()
            found = max((self.cap(kid, layer + 1) for kid in kids), default=0)
            self._best[key] = found
        return found


_EXTRAS = (
    # (vacant, dotted line, assistant): one draw per position, shrinking to index 0 (none).
    *[(False, False, False)] * 10,
    *[(True, False, False)] * 3,
    (False, True, False),
    (True, True, False),
    (False, False, True),
)


@dataclass
class _Draft:
    """A chart under construction: plain records plus what injecting faults needs to know."""

    plan: _Plan
    records: list[dict[str, Any]]
    layer: dict[str, int]
    top: str
    ceo: str | None
    counters: dict[str, int] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)

    def new_id(self, role: str, prefix: str | None = None) -> str:
        short = prefix or _SHORT_IDS.get(role, role)
        while True:
            number = self.counters.get(short, 0) + 1
            self.counters[short] = number
            candidate = f"{short}-{number}"
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate

    def by_id(self) -> dict[str, dict[str, Any]]:
        return {r["id"]: r for r in self.records}

    def build(self) -> OrgChart:
        variant = self.plan.variant
        name = variant.name if variant.name in BUILTIN_VARIANTS else None
        is_builtin = name is not None and get_variant(name) is variant
        return OrgChart(
            self.records,
            name=f"Generated {variant.name} org",
            variant=variant.name if is_builtin else None,
            roles=self.plan.catalog,
        )


def _holder(number: int) -> str:
    first = _FIRST_NAMES[number % len(_FIRST_NAMES)]
    last = _LAST_NAMES[(number // len(_FIRST_NAMES)) % len(_LAST_NAMES)]
    return f"{first} {last}"


class _Builder:
    """Grows one valid chart: every new position picks a manager among the earlier ones.

    It tracks, for every position that can take another report, how many more positions its
    free slots could hold (``remaining``), and only picks a role that keeps the drawn size
    reachable; so a chart never runs out of room before its target size.
    """

    def __init__(self, plan: _Plan, draft: _Draft, *, target: int, ceo: bool) -> None:
        self.plan = plan
        self.draft = draft
        self.target = target
        self.ceo = ceo
        self.roles: list[str] = []
        self.layers: list[int] = []
        self.spans: list[int] = []
        self.units: list[str | None] = []
        self.open_slots: list[int] = []  # indices of positions that may take another report
        self.remaining = 0  # positions the open slots could still hold

    def room(self, index: int) -> int:
        """How many positions could still go under this position."""
        role, layer = self.roles[index], self.layers[index]
        cap = self.plan.span_cap.get(role, 0)
        if layer >= self.plan.variant.max_layers or self.spans[index] >= cap:
            return 0
        return (cap - self.spans[index]) * self.plan.best_child_cap(role, layer)

    def add(self, record: dict[str, Any], layer: int, unit: str | None) -> None:
        """Append a position (``name: None`` makes it vacant; no name gets a holder)."""
        records = self.draft.records
        index = len(records)
        if "name" not in record:
            record["name"] = _holder(index + 1)
        elif record["name"] is None:
            del record["name"]
        if unit is not None:
            record["unit"] = unit
        records.append(record)
        self.draft.taken.add(record["id"])
        self.roles.append(record["role"])
        self.layers.append(layer)
        self.spans.append(0)
        self.units.append(unit)
        self.draft.layer[record["id"]] = layer
        room = 0 if record.get("assistant") else self.room(index)
        if room:
            self.remaining += room
            self.open_slots.append(index)

    def start(self, top_role: str) -> None:
        """The CEO (when drawn) and the top product leader."""
        draft = self.draft
        if self.ceo:
            above = self.plan.above_roles[0]
            self.add({"id": above, "role": above}, 0, None)
            draft.ceo = above
        top_id = _SHORT_IDS.get(top_role, top_role)
        manager = {"reports_to": draft.ceo} if draft.ceo else {}
        self.add({"id": top_id, "role": top_role, **manager}, 1, None)
        draft.top = top_id
        if self.ceo:
            # The CEO's slot for the top leader is taken: count it as a report.
            self.spans[0] += 1
            self.remaining = sum(self.room(i) for i in self.open_slots)
            self.open_slots[:] = [i for i in self.open_slots if self.room(i)]

    def step(
        self, draw: st.DrawFn, *, vacancies: bool, dotted_lines: bool, assistants: bool
    ) -> None:
        """Add one position under a drawn manager."""
        records, plan = self.draft.records, self.plan
        slots = self.open_slots
        # Newest first: examples shrink toward a chain (down to the layer limit, then siblings
        # at the bottom), the simplest shape that still exercises every layer.
        slot = len(slots) - 1 - (0 if len(slots) == 1 else draw(_index(len(slots))))
        manager = slots[slot]
        vacant, dotted, assistant = _EXTRAS[draw(_index(len(_EXTRAS)))]
        role, layer = self.roles[manager], self.layers[manager]
        record: dict[str, Any] = {"reports_to": records[manager]["id"]}
        if vacant and vacancies:
            record["name"] = None
        if dotted and dotted_lines and len(records) >= 3:
            # Only earlier positions: every line points back in order, so no loop can form.
            pick = draw(_index(len(records) - 1))
            record["dotted_to"] = [records[pick + 1 if pick >= manager else pick]["id"]]
        if assistant and assistants and "other" in plan.catalog:
            # An assistant takes no slot from the span, so the target stays reachable.
            record.update(
                id=self.draft.new_id("other", "ea"),
                role="other",
                title="Executive Assistant",
                assistant=True,
            )
            self.add(record, layer + 1, self.units[manager])
            return
        before = self.room(manager)
        best = plan.best_child_cap(role, layer)
        need = self.target - len(records) - 1
        kids = [
            kid
            for kid in plan.children[role]
            if self.remaining - best + plan.cap(kid, layer + 1) - 1 >= need
        ]
        kid = kids[0] if len(kids) == 1 else kids[draw(_index(len(kids)))]
        unit = self.units[manager]
        if unit is None and layer == 1 and kid in plan.children:
            unit = _UNITS[len(records) % len(_UNITS)]
        record.update(id=self.draft.new_id(kid), role=kid)
        self.spans[manager] += 1
        self.remaining += self.room(manager) - before
        if not self.room(manager):
            slots.pop(slot)
        self.add(record, layer + 1, unit)


def _draft(
    draw: st.DrawFn,
    plan: _Plan,
    *,
    min_size: int,
    max_size: int,
    vacancies: bool,
    dotted_lines: bool,
    assistants: bool,
    ceo: bool | None = None,
) -> _Draft:
    """Draw the size, the CEO and the top leader's role, then grow a valid chart as records."""
    v = plan.variant
    without_ceo = {top: plan.cap(top, 1) for top in plan.top_roles}
    with_ceo = {top: 1 + cap for top, cap in without_ceo.items()}
    if plan.above_roles:
        above = plan.above_roles[0]
        extra = max(plan.span_cap.get(above, 0) - 1, 0) * plan.best_child_cap(above, 0)
        with_ceo = {top: min(cap + extra, _HUGE) for top, cap in with_ceo.items()}
    fits = [t for t in plan.top_roles if max(without_ceo[t], with_ceo[t]) >= min_size]
    if not fits:
        best = max(max(without_ceo[t], with_ceo[t]) for t in plan.top_roles)
        raise InvalidArgument(
            f"min_size={min_size} is more than a {v.name} org can hold within its span and "
            f"layer limits ({best} positions)"
        )
    top_role = fits[0] if len(fits) == 1 else fits[draw(_index(len(fits)))]
    target = draw(st.integers(min_size, max_size))
    if ceo is None:
        ceo = target >= 2 and draw(st.booleans())
    ceo = ceo and bool(plan.above_roles)
    if target > without_ceo[top_role]:
        ceo = bool(plan.above_roles)
    target = min(target, with_ceo[top_role] if ceo else without_ceo[top_role])
    draft = _Draft(plan=plan, records=[], layer={}, top="", ceo=None)
    builder = _Builder(plan, draft, target=target, ceo=ceo)
    builder.start(top_role)
    while len(draft.records) < target and builder.open_slots:
        builder.step(draw, vacancies=vacancies, dotted_lines=dotted_lines, assistants=assistants)
    return draft


class _Settings(NamedTuple):
    plans: tuple[_Plan, ...]
    min_size: int
    max_size: int
    vacancies: bool
    dotted_lines: bool
    assistants: bool


def _plans(variant: str | Variant | None, catalog: RoleCatalog) -> tuple[_Plan, ...]:
    if variant is None:
        return tuple(_Plan.of(get_variant(name), catalog) for name in BUILTIN_VARIANTS)
    return (_Plan.of(_variant(variant), catalog),)


def org_charts(
    *,
    variant: str | Variant | None = None,
    min_size: int = 1,
    max_size: int = 50,
    vacancies: bool = True,
    dotted_lines: bool = True,
    assistants: bool = True,
    roles: RoleCatalog | Iterable[Role] | None = None,
) -> st.SearchStrategy[OrgChart]:
    """Charts that pass ``validate`` with no error for their variant, by construction.

    Each new position picks its manager among the earlier ones and a role that manager may
    manage in the variant (``manages``, ranked strictly below it), while the manager's span
    stays within the narrower of the variant's bands and the layers within ``max_layers``. So
    there is exactly one root, one top product leader (under the CEO or at the top), and no
    rank inversion, forbidden report or individual contributor with reports. Warnings may remain
    (a one-to-one, a narrow span, a size outside the band, a vacant manager). Examples shrink
    toward a single position, then toward a chain from the top leader down.

    The chart's ``variant`` is set to the variant's name when it is a built-in, so
    ``validate(chart)`` judges it by the variant it was built for; for a custom
    :class:`~orgroles.Variant` pass it to ``validate`` yourself.

    Args:
        variant: a built-in name or a :class:`~orgroles.Variant`; ``None`` draws a built-in.
        min_size: the fewest positions (CEO and assistants included).
        max_size: the most positions. A variant with few layers holds only so many positions
            within its limits (a ``startup`` about 50); charts then stop there.
        vacancies: some positions have no holder.
        dotted_lines: some positions have a dotted line to an earlier, non-manager position.
        assistants: some managers have an assistant (role ``other``, ``assistant=True``).
        roles: a role catalog, or custom roles, for a custom variant that ranks them.

    Raises:
        InvalidArgument: (at first draw) bad sizes, an unknown variant, or a ``min_size``
            the variant cannot hold.

    Examples:
        >>> from hypothesis import given
        >>> from orgroles.validation import validate
        >>> @given(org_charts(variant="enterprise", min_size=5, max_size=40))
        ... def test_valid(chart):
        ...     assert 5 <= len(chart) <= 40
        ...     assert not validate(chart).errors
        >>> test_valid()
    """

    def build() -> st.SearchStrategy[OrgChart]:
        settings = _settings(
            variant,
            min_size=min_size,
            max_size=max_size,
            vacancies=vacancies,
            dotted_lines=dotted_lines,
            assistants=assistants,
            roles=roles,
        )
        return _org_charts(settings)

    return _deferred(build)


def _settings(
    variant: str | Variant | None,
    *,
    min_size: int,
    max_size: int,
    vacancies: bool,
    dotted_lines: bool,
    assistants: bool,
    roles: RoleCatalog | Iterable[Role] | None,
) -> _Settings:
    _check_sizes(min_size, max_size)
    for label, value in (
        ("vacancies", vacancies),
        ("dotted_lines", dotted_lines),
        ("assistants", assistants),
    ):
        _check_flag(label, value)
    return _Settings(
        _plans(variant, _catalog(roles)), min_size, max_size, vacancies, dotted_lines, assistants
    )


def _org_charts(settings: _Settings) -> st.SearchStrategy[OrgChart]:
    @st.composite
    def charts(draw: st.DrawFn) -> OrgChart:
        return _draft_for(draw, settings).build()

    return charts()


def _draft_for(draw: st.DrawFn, settings: _Settings, *, ceo: bool | None = None) -> _Draft:
    plans = settings.plans
    plan = plans[0] if len(plans) == 1 else draw(st.sampled_from(plans))
    return _draft(
        draw,
        plan,
        min_size=settings.min_size,
        max_size=settings.max_size,
        vacancies=settings.vacancies,
        dotted_lines=settings.dotted_lines,
        assistants=settings.assistants,
        ceo=ceo,
    )


# -- faults ------------------------------------------------------------------------------------


class Fault(NamedTuple):
    """One fault injected into a chart.

    Attributes:
        code: the rule code ``validate`` reports for it.
        positions: the ids involved; the finding with this code names at least these.
        description: what was done, in words.
    """

    code: str
    positions: tuple[str, ...]
    description: str


class FaultyChart(NamedTuple):
    """What :func:`invalid_org_charts` draws: the chart, its faults and the variant judging it.

    Unpacks as ``chart, faults, variant``.

    Attributes:
        chart: a valid chart of ``variant`` with the faults injected.
        faults: one :class:`Fault` per requested code.
        variant: the variant the chart was built for (also the chart's ``variant`` when it is
            a built-in).
    """

    chart: OrgChart
    faults: tuple[Fault, ...]
    variant: Variant

    @property
    def codes(self) -> frozenset[str]:
        """The codes of the injected faults."""
        return frozenset(fault.code for fault in self.faults)


_Injector = Callable[[st.DrawFn, _Draft, set[str]], Fault]


def _base_ids(draft: _Draft, injected: set[str]) -> list[dict[str, Any]]:
    return [r for r in draft.records if r["id"] not in injected]


def _pick(draw: st.DrawFn, items: list[Any]) -> Any:
    if not items:
        # Only a custom variant without a CEO above the top leader can get here (a chart of
        # its top leader and an assistant): try another chart.
        reject()
    return items[0] if len(items) == 1 else draw(st.sampled_from(items))


def _new(
    draft: _Draft, injected: set[str], role: str, prefix: str, **fields: Any
) -> dict[str, Any]:
    record = {"id": draft.new_id(role, prefix), "role": role, **fields}
    draft.records.append(record)
    injected.add(record["id"])
    return record


def _inject_cycle(draw: st.DrawFn, draft: _Draft, injected: set[str]) -> Fault:
    # Role "other" is outside the product org: a loop of them breaks no hierarchy rule.
    size = draw(st.integers(2, 3))
    members = [
        _new(draft, injected, "other", "loop", title="Contractor", name=_holder(n))
        for n in range(size)
    ]
    for member, boss in zip(members, [*members[1:], members[0]], strict=True):
        member["reports_to"] = boss["id"]
    ids = tuple(m["id"] for m in members)
    return Fault("cycle", ids, f"{' -> '.join(ids)} -> {ids[0]} report to each other")


def _inject_self_report(draw: st.DrawFn, draft: _Draft, injected: set[str]) -> Fault:
    role = _pick(draw, list(draft.plan.leaf_roles))
    record = _new(draft, injected, role, "self")
    record["reports_to"] = record["id"]
    return Fault("self-report", (record["id"],), f"{record['id']!r} reports to itself")


def _inject_unknown_manager(draw: st.DrawFn, draft: _Draft, injected: set[str]) -> Fault:
    role = _pick(draw, list(draft.plan.leaf_roles))
    record = _new(draft, injected, role, "orphan", reports_to="missing-manager")
    return Fault(
        "unknown-manager", (record["id"],), f"{record['id']!r} reports to 'missing-manager'"
    )


def _root_to_missing(draft: _Draft) -> tuple[Fault, Fault]:
    root = draft.records[0]
    root["reports_to"] = "missing-top"
    return (
        Fault("unknown-manager", (root["id"],), f"the top {root['id']!r} reports to 'missing-top'"),
        Fault("no-root", (root["id"],), f"the top {root['id']!r} reports to 'missing-top'"),
    )


def _inject_multiple_roots(draw: st.DrawFn, draft: _Draft, injected: set[str]) -> Fault:
    role = _pick(draw, list(draft.plan.leaf_roles))
    record = _new(draft, injected, role, "root")
    return Fault("multiple-roots", (record["id"],), f"{record['id']!r} has no manager")


def _inject_unknown_dotted(draw: st.DrawFn, draft: _Draft, injected: set[str]) -> Fault:
    record = _pick(draw, _base_ids(draft, injected))
    record["dotted_to"] = [*record.get("dotted_to", ()), "missing-dotted"]
    return Fault(
        "unknown-dotted", (record["id"],), f"{record['id']!r} has a dotted line to 'missing-dotted'"
    )


def _reports(draft: _Draft, injected: set[str]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(report, manager) pairs among the valid chart's own positions, assistants left out."""
    by_id = draft.by_id()
    pairs = []
    for record in _base_ids(draft, injected):
        boss = by_id.get(record.get("reports_to", ""))
        if boss is not None and boss["id"] not in injected and not record.get("assistant"):
            pairs.append((record, boss))
    return pairs


def _inject_dotted_to_manager(draw: st.DrawFn, draft: _Draft, injected: set[str]) -> Fault:
    report, boss = _pick(draw, _reports(draft, injected))
    report["dotted_to"] = [*report.get("dotted_to", ()), boss["id"]]
    return Fault(
        "dotted-to-manager",
        (report["id"], boss["id"]),
        f"{report['id']!r} has a dotted line to its manager {boss['id']!r}",
    )


def _inject_dotted_cycle(draw: st.DrawFn, draft: _Draft, injected: set[str]) -> Fault:
    report, boss = _pick(draw, _reports(draft, injected))
    boss["dotted_to"] = [*boss.get("dotted_to", ()), report["id"]]
    return Fault(
        "dotted-cycle",
        (boss["id"], report["id"]),
        f"{boss['id']!r} has a dotted line to its own report {report['id']!r}",
    )


def _inject_rank_inversion(draw: st.DrawFn, draft: _Draft, injected: set[str]) -> Fault:
    # An assistant of the same role as its manager: rank-inversion judges assistants, while
    # forbidden-report leaves them out, so this is the one fault the chart gets.
    ranks = draft.plan.variant.ranks
    limit = draft.plan.variant.max_layers
    candidates = [
        r
        for r in _base_ids(draft, injected)
        if r["role"] in ranks and not r.get("assistant") and draft.layer.get(r["id"], 0) < limit
    ]
    boss = _pick(draw, candidates)
    record = _new(
        draft,
        injected,
        boss["role"],
        "peer",
        reports_to=boss["id"],
        assistant=True,
        name=_holder(len(draft.records)),
    )
    return Fault(
        "rank-inversion",
        (record["id"], boss["id"]),
        f"{record['id']!r} ({boss['role']}, an assistant) reports to {boss['id']!r} of the "
        "same rank",
    )


def _forbidden_pairs(draft: _Draft, injected: set[str]) -> list[tuple[dict[str, Any], str]]:
    v = draft.plan.variant
    limit = v.max_layers
    pairs = []
    for record in _base_ids(draft, injected):
        role = record["role"]
        if record.get("assistant") or draft.layer.get(record["id"], 0) >= limit:
            continue
        for key in _forbidden_children(draft.plan, role):
            pairs.append((record, key))
    return pairs


def _forbidden_children(plan: _Plan, role: str) -> list[str]:
    v = plan.variant
    if role not in v.manages or role not in v.ranks:
        return []
    return [
        key
        for key in plan.leaf_roles
        if v.ranks[key] < v.ranks[role] and v.may_manage(role, key) is False
    ]


def _inject_forbidden_report(draw: st.DrawFn, draft: _Draft, injected: set[str]) -> Fault:
    boss, role = _pick(draw, _forbidden_pairs(draft, injected))
    record = _new(draft, injected, role, "misplaced", reports_to=boss["id"])
    return Fault(
        "forbidden-report",
        (record["id"], boss["id"]),
        f"{record['id']!r} ({role}) reports to {boss['id']!r} ({boss['role']}), which may not "
        f"manage a {role}",
    )


def _ic_roles(plan: _Plan, role: str) -> list[str]:
    """Roles a ``role`` manager may manage that are individual contributors in the variant."""
    v = plan.variant
    out = []
    for key in plan.children.get(role, ()):
        found = plan.catalog.get(key)
        if key not in v.manages and found is not None and found.track in ("ic", "partner"):
            out.append(key)
    return out


def _inject_ic_with_reports(draw: st.DrawFn, draft: _Draft, injected: set[str]) -> Fault:
    plan = draft.plan
    v = plan.variant
    top = draft.by_id()[draft.top]
    ic = _new(
        draft,
        injected,
        _pick(draw, _ic_roles(plan, top["role"])),
        "ic",
        reports_to=top["id"],
        name=_holder(len(draft.records)),
    )
    below = [k for k in plan.leaf_roles if v.ranks[k] < v.ranks[ic["role"]]]
    role = _pick(draw, below) if below else "other"
    report = _new(
        draft, injected, role, "under", reports_to=ic["id"], name=_holder(len(draft.records))
    )
    return Fault(
        "ic-with-reports",
        (ic["id"], report["id"]),
        f"{report['id']!r} reports to {ic['id']!r}, an individual contributor ({ic['role']})",
    )


def _inject_top_leader(draw: st.DrawFn, draft: _Draft, injected: set[str]) -> Fault:
    plan = draft.plan
    assert draft.ceo is not None  # noqa: S101  # invalid_org_charts draws a CEO for this code
    ceo_role = draft.by_id()[draft.ceo]["role"]
    role = _pick(draw, [t for t in plan.top_roles if plan.variant.may_manage(ceo_role, t)])
    record = _new(
        draft, injected, role, "rival", reports_to=draft.ceo, name=_holder(len(draft.records))
    )
    return Fault(
        "top-leader",
        (draft.top, record["id"]),
        f"a second top leader {record['id']!r} ({role}) reports to {draft.ceo!r}",
    )


def _inject_span_too_wide(draw: st.DrawFn, draft: _Draft, injected: set[str]) -> Fault:
    plan = draft.plan
    v = plan.variant
    by_id = draft.by_id()
    top = by_id[draft.top]
    role = _pick(draw, list(plan.children[top["role"]]))
    reports = [r for r in draft.records if r.get("reports_to") == top["id"]]
    managers = {r.get("reports_to") for r in draft.records if not r.get("assistant")}
    span = sum(1 for r in reports if not r.get("assistant"))
    heads = sum(1 for r in reports if not r.get("assistant") and r["id"] in managers)
    while True:
        band = v.span_band(top["role"], manages_managers=heads * 2 > span)
        if band.max is not None and span > band.max:
            break
        _new(draft, injected, role, "extra", reports_to=top["id"], name=_holder(span))
        span += 1
    return Fault("span-too-wide", (top["id"],), f"{top['id']!r} now has {span} direct reports")


def _inject_one_to_one(draw: st.DrawFn, draft: _Draft, injected: set[str]) -> Fault:
    plan = draft.plan
    top = draft.by_id()[draft.top]
    choices = _one_to_one_roles(plan, top["role"])
    role = _pick(draw, choices)
    lead = _new(
        draft, injected, role, "lead", reports_to=top["id"], name=_holder(len(draft.records))
    )
    kid = _pick(draw, list(plan.children[role]))
    only = _new(
        draft, injected, kid, "only", reports_to=lead["id"], name=_holder(len(draft.records))
    )
    return Fault(
        "one-to-one", (lead["id"], only["id"]), f"{lead['id']!r} manages only {only['id']!r}"
    )


def _one_to_one_roles(plan: _Plan, top_role: str) -> list[str]:
    v = plan.variant
    if v.max_layers < 3:
        return []
    return [
        key
        for key in plan.children.get(top_role, ())
        if plan.children.get(key) and v.span_band(key, manages_managers=False).min > 1
    ]


def _inject_too_many_layers(draw: st.DrawFn, draft: _Draft, injected: set[str]) -> Fault:
    del draw
    v = draft.plan.variant
    # Hang a chain of "other" positions (outside the product roles, so no hierarchy rule
    # judges them) under the deepest manager role until it is one layer too deep.
    scope = {draft.top}
    for record in draft.records:  # parents come before their reports
        if record.get("reports_to") in scope:
            scope.add(record["id"])
    managers = [
        r
        for r in _base_ids(draft, injected)
        if r["role"] in v.manages and r["id"] in scope and not r.get("assistant")
    ]
    bottom = max(managers, key=lambda r: draft.layer[r["id"]])
    layer = draft.layer[bottom["id"]]
    chain = [bottom["id"]]
    boss = bottom["id"]
    while layer <= v.max_layers:
        record = _new(
            draft,
            injected,
            "other",
            "deep",
            reports_to=boss,
            title="Contractor",
            name=_holder(layer),
        )
        boss = record["id"]
        chain.append(boss)
        layer += 1
    return Fault("too-many-layers", tuple(chain), f"{boss!r} sits at layer {layer}")


def _inject_vacant_manager(draw: st.DrawFn, draft: _Draft, injected: set[str]) -> Fault:
    report, boss = _pick(draw, _reports(draft, injected))
    boss.pop("name", None)
    report["name"] = report.get("name") or _holder(len(draft.records))
    return Fault(
        "vacant-manager",
        (boss["id"],),
        f"{boss['id']!r} is vacant while {report['id']!r} reports to it",
    )


_INJECTORS: dict[str, _Injector] = {
    "cycle": _inject_cycle,
    "self-report": _inject_self_report,
    "unknown-manager": _inject_unknown_manager,
    "multiple-roots": _inject_multiple_roots,
    "unknown-dotted": _inject_unknown_dotted,
    "dotted-to-manager": _inject_dotted_to_manager,
    "dotted-cycle": _inject_dotted_cycle,
    "rank-inversion": _inject_rank_inversion,
    "forbidden-report": _inject_forbidden_report,
    "ic-with-reports": _inject_ic_with_reports,
    "top-leader": _inject_top_leader,
    "span-too-wide": _inject_span_too_wide,
    "one-to-one": _inject_one_to_one,
    "too-many-layers": _inject_too_many_layers,
    "vacant-manager": _inject_vacant_manager,
}

INJECTABLE_CODES: tuple[str, ...] = (*_INJECTORS, "no-root")
"""The codes :func:`invalid_org_charts` can inject (``no-root`` only with ``unknown-manager``)."""

_NEEDS_CEO = frozenset({"top-leader", "forbidden-report"})


def _infeasible(plan: _Plan, code: str) -> str | None:  # noqa: PLR0911  # one answer per code
    """Why ``code`` cannot be injected alone into this variant's charts (``None``: it can)."""
    v = plan.variant
    top = plan.top_roles[0]
    if code in _NEEDS_CEO and not plan.above_roles:
        return f"{v.name!r} has no role above its top leader to hang the fault on"
    if code == "top-leader" and not any(
        v.may_manage(plan.above_roles[0], t) for t in plan.top_roles
    ):
        return f"in {v.name!r} the role above the top leader may not manage a second one"
    if code == "forbidden-report" and not _forbidden_children(plan, plan.above_roles[0]):
        return f"in {v.name!r} the {plan.above_roles[0]} may manage every lower-ranked role"
    if code == "ic-with-reports" and (v.max_layers < 3 or not _ic_roles(plan, top)):
        return f"in {v.name!r} the top leader manages no individual contributor"
    if code == "span-too-wide" and (v.max_layers < 2 or not plan.children.get(top)):
        return f"in {v.name!r} the top leader may not manage anyone"
    if code == "span-too-wide":
        band = v.span_band(top, manages_managers=False)
        other = v.span_band(top, manages_managers=True)
        if band.max is None or other.max is None:
            return f"in {v.name!r} the top leader's span has no upper limit"
    if code == "one-to-one" and not _one_to_one_roles(plan, top):
        return f"in {v.name!r} no manager under the top leader has a span band starting above 1"
    return None


def invalid_org_charts(
    *,
    codes: Collection[str] | None = None,
    variant: str | Variant | None = None,
    min_size: int = 2,
    max_size: int = 20,
    roles: RoleCatalog | Iterable[Role] | None = None,
) -> st.SearchStrategy[FaultyChart]:
    """Valid charts (see :func:`org_charts`) with exactly the named faults injected.

    Each example is a :class:`FaultyChart` ``(chart, faults, variant)``. Validating the chart
    against ``variant`` gives, as error-level codes, exactly the injected error codes, and for
    every fault a finding with its code naming at least the fault's positions. Warnings the
    valid chart already had (a one-to-one, a narrow span) may remain beside injected warnings.

    Faults are small and local, so each fires its own rule only: a loop of ``other`` positions
    for ``cycle``, an assistant of the same role as its manager for ``rank-inversion`` (the
    one line ``rank-inversion`` judges and ``forbidden-report`` does not), a role the manager
    may not manage for ``forbidden-report``, a second top leader under the CEO for
    ``top-leader``, a chain of ``other`` positions one layer too deep for ``too-many-layers``.
    ``no-root`` makes the top report to a missing id, so it needs ``unknown-manager`` too.

    Args:
        codes: the codes to inject, each once (see :data:`INJECTABLE_CODES`); ``None`` draws
            one or two.
        variant: a built-in name or a :class:`~orgroles.Variant`; ``None`` draws a built-in
            that can take every requested fault.
        min_size: the fewest positions of the valid chart before injection (at least 2).
        max_size: the most positions of the valid chart before injection.
        roles: a role catalog, or custom roles, for a custom variant.

    Raises:
        InvalidArgument: (at first draw) an unknown code, ``no-root`` without
            ``unknown-manager`` or with ``multiple-roots``, a fault the variant cannot take
            alone, or bad sizes.

    Examples:
        >>> from hypothesis import given
        >>> from orgroles.validation import validate
        >>> @given(invalid_org_charts(codes=["cycle", "forbidden-report"], variant="scaleup"))
        ... def test_faults_found(example):
        ...     report = validate(example.chart, example.variant)
        ...     assert {f.code for f in report.errors} == {"cycle", "forbidden-report"}
        >>> test_faults_found()
    """

    def build() -> st.SearchStrategy[FaultyChart]:
        if isinstance(min_size, int) and min_size < 2:
            raise InvalidArgument(f"min_size must be at least 2, got {min_size}")
        settings = _settings(
            variant,
            min_size=min_size,
            max_size=max_size,
            vacancies=True,
            dotted_lines=True,
            assistants=True,
            roles=roles,
        )
        wanted = None if codes is None else _check_codes(codes)
        plans = settings.plans
        if wanted is not None:
            reasons = {p.variant.name: _reasons(p, wanted) for p in plans}
            plans = tuple(p for p in plans if not reasons[p.variant.name])
            if not plans:
                detail = "; ".join(r for rs in reasons.values() for r in rs[:1])
                raise InvalidArgument(f"cannot inject {', '.join(sorted(wanted))}: {detail}")
        return _faulty(settings._replace(plans=plans), wanted)

    return _deferred(build)


def _check_codes(codes: Collection[str]) -> tuple[str, ...]:
    if isinstance(codes, str):
        raise InvalidArgument(f"codes must be a collection of codes, not the string {codes!r}")
    wanted = tuple(dict.fromkeys(codes))
    if not wanted:
        raise InvalidArgument("codes is empty; name at least one code")
    unknown = [c for c in wanted if c not in INJECTABLE_CODES]
    if unknown:
        raise InvalidArgument(
            f"cannot inject {', '.join(map(repr, unknown))}; injectable codes: "
            + ", ".join(INJECTABLE_CODES)
        )
    if "no-root" in wanted and "unknown-manager" not in wanted:
        raise InvalidArgument(
            "'no-root' needs 'unknown-manager' too: a chart without a root has its top "
            "reporting to a missing manager (or sits in a loop, which 'cycle' covers)"
        )
    if "no-root" in wanted and "multiple-roots" in wanted:
        raise InvalidArgument("'no-root' and 'multiple-roots' contradict each other")
    return wanted


def _reasons(plan: _Plan, wanted: Iterable[str]) -> list[str]:
    return [r for r in (_infeasible(plan, code) for code in wanted) if r is not None]


def _faulty(settings: _Settings, wanted: tuple[str, ...] | None) -> st.SearchStrategy[FaultyChart]:
    @st.composite
    def charts(draw: st.DrawFn) -> FaultyChart:
        plans = settings.plans
        plan = plans[0] if len(plans) == 1 else draw(st.sampled_from(plans))
        codes = wanted
        if codes is None:
            pool = [c for c in _INJECTORS if _infeasible(plan, c) is None]
            codes = tuple(
                draw(st.lists(st.sampled_from(pool), min_size=1, max_size=2, unique=True))
            )
        draft = _draft_for(
            draw, settings._replace(plans=(plan,)), ceo=True if plan.above_roles else None
        )
        injected: set[str] = set()
        faults: list[Fault] = []
        if "no-root" in codes:
            faults.extend(_root_to_missing(draft))
        # span-too-wide goes last: reports added under the top leader by other faults would
        # change which span band judges it.
        for code in sorted(codes, key=lambda c: c == "span-too-wide"):
            if code == "no-root" or (code == "unknown-manager" and "no-root" in codes):
                continue
            faults.append(_INJECTORS[code](draw, draft, injected))
        order = {code: n for n, code in enumerate(codes)}
        faults.sort(key=lambda f: order[f.code])
        return FaultyChart(draft.build(), tuple(faults), plan.variant)

    return charts()


def _register() -> None:
    """Register :func:`org_charts` for ``st.from_type(OrgChart)`` (the hypothesis hook)."""
    st.register_type_strategy(OrgChart, org_charts())
