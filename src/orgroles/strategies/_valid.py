"""Valid charts by construction: :func:`org_charts` grows a chart that passes ``validate``.

This module owns reading a variant's facts (ranks, ``manages``, spans, layers) into what may go
where and how much each subtree can hold, and growing a chart within them, each new position
under an earlier one. It judges nothing itself (``validate`` does) and injects no fault.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from orgroles._roles import Role, RoleCatalog
from orgroles._variants import BUILTIN_VARIANTS, Variant, get_variant
from orgroles.chart import OrgChart
from orgroles.strategies._args import as_catalog, as_variant, check_flag, check_sizes, deferred

__all__ = [
    "Draft",
    "GrowthPlan",
    "Settings",
    "chart_settings",
    "draw_draft",
    "holder_name",
    "org_charts",
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
_HUGE = 10**9  # stands in for "no limit" in capacity sums, so they stay plain ints


@functools.cache
def _index(count: int) -> st.SearchStrategy[int]:
    # One strategy object per size: building and validating a new one for every draw would
    # cost more than the draw itself.
    return st.integers(0, count - 1)


@dataclass
class GrowthPlan:
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
    def of(cls, variant: Variant, catalog: RoleCatalog) -> GrowthPlan:
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
class Draft:
    """A chart under construction: plain records plus what injecting faults needs to know."""

    plan: GrowthPlan
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


def holder_name(number: int) -> str:
    first = _FIRST_NAMES[number % len(_FIRST_NAMES)]
    last = _LAST_NAMES[(number // len(_FIRST_NAMES)) % len(_LAST_NAMES)]
    return f"{first} {last}"


class _Builder:
    """Grows one valid chart: every new position picks a manager among the earlier ones.

    It tracks, for every position that can take another report, how many more positions its
    free slots could hold (``remaining``), and only picks a role that keeps the drawn size
    reachable; so a chart never runs out of room before its target size.
    """

    def __init__(self, plan: GrowthPlan, draft: Draft, *, target: int, ceo: bool) -> None:
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
            record["name"] = holder_name(index + 1)
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
    plan: GrowthPlan,
    *,
    min_size: int,
    max_size: int,
    vacancies: bool,
    dotted_lines: bool,
    assistants: bool,
    ceo: bool | None = None,
) -> Draft:
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
    draft = Draft(plan=plan, records=[], layer={}, top="", ceo=None)
    builder = _Builder(plan, draft, target=target, ceo=ceo)
    builder.start(top_role)
    while len(draft.records) < target and builder.open_slots:
        builder.step(draw, vacancies=vacancies, dotted_lines=dotted_lines, assistants=assistants)
    return draft


class Settings(NamedTuple):
    plans: tuple[GrowthPlan, ...]
    min_size: int
    max_size: int
    vacancies: bool
    dotted_lines: bool
    assistants: bool


def _plans(variant: str | Variant | None, catalog: RoleCatalog) -> tuple[GrowthPlan, ...]:
    if variant is None:
        return tuple(GrowthPlan.of(get_variant(name), catalog) for name in BUILTIN_VARIANTS)
    return (GrowthPlan.of(as_variant(variant), catalog),)


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
        settings = chart_settings(
            variant,
            min_size=min_size,
            max_size=max_size,
            vacancies=vacancies,
            dotted_lines=dotted_lines,
            assistants=assistants,
            roles=roles,
        )
        return _org_charts(settings)

    return deferred(build)


def chart_settings(
    variant: str | Variant | None,
    *,
    min_size: int,
    max_size: int,
    vacancies: bool,
    dotted_lines: bool,
    assistants: bool,
    roles: RoleCatalog | Iterable[Role] | None,
) -> Settings:
    check_sizes(min_size, max_size)
    for label, value in (
        ("vacancies", vacancies),
        ("dotted_lines", dotted_lines),
        ("assistants", assistants),
    ):
        check_flag(label, value)
    return Settings(
        _plans(variant, as_catalog(roles)), min_size, max_size, vacancies, dotted_lines, assistants
    )


def _org_charts(settings: Settings) -> st.SearchStrategy[OrgChart]:
    @st.composite
    def charts(draw: st.DrawFn) -> OrgChart:
        return draw_draft(draw, settings).build()

    return charts()


def draw_draft(draw: st.DrawFn, settings: Settings, *, ceo: bool | None = None) -> Draft:
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
