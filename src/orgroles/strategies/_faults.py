"""Invalid charts: :func:`invalid_org_charts` injects named faults into a valid chart.

This module owns the faults, one injector per rule code, each small and local so that it fires
its own rule only, and which faults a variant can take. It draws the valid chart through
``_valid`` and judges nothing itself.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import Any, NamedTuple

from hypothesis import reject
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from orgroles._index import ReportingIndex
from orgroles._roles import Role, RoleCatalog
from orgroles._variants import Variant
from orgroles.chart import OrgChart
from orgroles.strategies._args import deferred
from orgroles.strategies._valid import (
    Draft,
    GrowthPlan,
    Settings,
    chart_settings,
    draw_draft,
    holder_name,
)

__all__ = ["INJECTABLE_CODES", "Fault", "FaultyChart", "invalid_org_charts"]


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


_Injector = Callable[[st.DrawFn, Draft, set[str]], Fault]


def _base_ids(draft: Draft, injected: set[str]) -> list[dict[str, Any]]:
    return [r for r in draft.records if r["id"] not in injected]


def _pick(draw: st.DrawFn, items: list[Any]) -> Any:
    if not items:
        # Only a custom variant without a CEO above the top leader can get here (a chart of
        # its top leader and an assistant): try another chart.
        reject()
    return items[0] if len(items) == 1 else draw(st.sampled_from(items))


def _new(draft: Draft, injected: set[str], role: str, prefix: str, **fields: Any) -> dict[str, Any]:
    record = {"id": draft.new_id(role, prefix), "role": role, **fields}
    draft.records.append(record)
    injected.add(record["id"])
    return record


def _inject_cycle(draw: st.DrawFn, draft: Draft, injected: set[str]) -> Fault:
    # Role "other" is outside the product org: a loop of them breaks no hierarchy rule.
    size = draw(st.integers(2, 3))
    members = [
        _new(draft, injected, "other", "loop", title="Contractor", name=holder_name(n))
        for n in range(size)
    ]
    for member, boss in zip(members, [*members[1:], members[0]], strict=True):
        member["reports_to"] = boss["id"]
    ids = tuple(m["id"] for m in members)
    return Fault("cycle", ids, f"{' -> '.join(ids)} -> {ids[0]} report to each other")


def _inject_self_report(draw: st.DrawFn, draft: Draft, injected: set[str]) -> Fault:
    role = _pick(draw, list(draft.plan.leaf_roles))
    record = _new(draft, injected, role, "self")
    record["reports_to"] = record["id"]
    return Fault("self-report", (record["id"],), f"{record['id']!r} reports to itself")


def _inject_unknown_manager(draw: st.DrawFn, draft: Draft, injected: set[str]) -> Fault:
    role = _pick(draw, list(draft.plan.leaf_roles))
    record = _new(draft, injected, role, "orphan", reports_to="missing-manager")
    return Fault(
        "unknown-manager", (record["id"],), f"{record['id']!r} reports to 'missing-manager'"
    )


def _root_to_missing(draft: Draft) -> tuple[Fault, Fault]:
    root = draft.records[0]
    root["reports_to"] = "missing-top"
    return (
        Fault("unknown-manager", (root["id"],), f"the top {root['id']!r} reports to 'missing-top'"),
        Fault("no-root", (root["id"],), f"the top {root['id']!r} reports to 'missing-top'"),
    )


def _inject_multiple_roots(draw: st.DrawFn, draft: Draft, injected: set[str]) -> Fault:
    role = _pick(draw, list(draft.plan.leaf_roles))
    record = _new(draft, injected, role, "root")
    return Fault("multiple-roots", (record["id"],), f"{record['id']!r} has no manager")


def _inject_unknown_dotted(draw: st.DrawFn, draft: Draft, injected: set[str]) -> Fault:
    record = _pick(draw, _base_ids(draft, injected))
    record["dotted_to"] = [*record.get("dotted_to", ()), "missing-dotted"]
    return Fault(
        "unknown-dotted", (record["id"],), f"{record['id']!r} has a dotted line to 'missing-dotted'"
    )


def _reports(draft: Draft, injected: set[str]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(report, manager) pairs among the valid chart's own positions, assistants left out."""
    by_id = draft.by_id()
    pairs = []
    for record in _base_ids(draft, injected):
        boss = by_id.get(record.get("reports_to", ""))
        if boss is not None and boss["id"] not in injected and not record.get("assistant"):
            pairs.append((record, boss))
    return pairs


def _inject_dotted_to_manager(draw: st.DrawFn, draft: Draft, injected: set[str]) -> Fault:
    report, boss = _pick(draw, _reports(draft, injected))
    report["dotted_to"] = [*report.get("dotted_to", ()), boss["id"]]
    return Fault(
        "dotted-to-manager",
        (report["id"], boss["id"]),
        f"{report['id']!r} has a dotted line to its manager {boss['id']!r}",
    )


def _inject_dotted_cycle(draw: st.DrawFn, draft: Draft, injected: set[str]) -> Fault:
    report, boss = _pick(draw, _reports(draft, injected))
    boss["dotted_to"] = [*boss.get("dotted_to", ()), report["id"]]
    return Fault(
        "dotted-cycle",
        (boss["id"], report["id"]),
        f"{boss['id']!r} has a dotted line to its own report {report['id']!r}",
    )


def _inject_rank_inversion(draw: st.DrawFn, draft: Draft, injected: set[str]) -> Fault:
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
        name=holder_name(len(draft.records)),
    )
    return Fault(
        "rank-inversion",
        (record["id"], boss["id"]),
        f"{record['id']!r} ({boss['role']}, an assistant) reports to {boss['id']!r} of the "
        "same rank",
    )


def _forbidden_pairs(draft: Draft, injected: set[str]) -> list[tuple[dict[str, Any], str]]:
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


def _forbidden_children(plan: GrowthPlan, role: str) -> list[str]:
    v = plan.variant
    if role not in v.manages or role not in v.ranks:
        return []
    return [
        key
        for key in plan.leaf_roles
        if v.ranks[key] < v.ranks[role] and v.may_manage(role, key) is False
    ]


def _inject_forbidden_report(draw: st.DrawFn, draft: Draft, injected: set[str]) -> Fault:
    boss, role = _pick(draw, _forbidden_pairs(draft, injected))
    record = _new(draft, injected, role, "misplaced", reports_to=boss["id"])
    return Fault(
        "forbidden-report",
        (record["id"], boss["id"]),
        f"{record['id']!r} ({role}) reports to {boss['id']!r} ({boss['role']}), which may not "
        f"manage a {role}",
    )


def _ic_roles(plan: GrowthPlan, role: str) -> list[str]:
    """Roles a ``role`` manager may manage that are individual contributors in the variant."""
    v = plan.variant
    out = []
    for key in plan.children.get(role, ()):
        found = plan.catalog.get(key)
        if key not in v.manages and found is not None and found.track in ("ic", "partner"):
            out.append(key)
    return out


def _inject_ic_with_reports(draw: st.DrawFn, draft: Draft, injected: set[str]) -> Fault:
    plan = draft.plan
    v = plan.variant
    top = draft.by_id()[draft.top]
    ic = _new(
        draft,
        injected,
        _pick(draw, _ic_roles(plan, top["role"])),
        "ic",
        reports_to=top["id"],
        name=holder_name(len(draft.records)),
    )
    below = [k for k in plan.leaf_roles if v.ranks[k] < v.ranks[ic["role"]]]
    role = _pick(draw, below) if below else "other"
    report = _new(
        draft, injected, role, "under", reports_to=ic["id"], name=holder_name(len(draft.records))
    )
    return Fault(
        "ic-with-reports",
        (ic["id"], report["id"]),
        f"{report['id']!r} reports to {ic['id']!r}, an individual contributor ({ic['role']})",
    )


def _inject_top_leader(draw: st.DrawFn, draft: Draft, injected: set[str]) -> Fault:
    plan = draft.plan
    assert draft.ceo is not None  # noqa: S101  # invalid_org_charts draws a CEO for this code
    ceo_role = draft.by_id()[draft.ceo]["role"]
    role = _pick(draw, [t for t in plan.top_roles if plan.variant.may_manage(ceo_role, t)])
    record = _new(
        draft, injected, role, "rival", reports_to=draft.ceo, name=holder_name(len(draft.records))
    )
    return Fault(
        "top-leader",
        (draft.top, record["id"]),
        f"a second top leader {record['id']!r} ({role}) reports to {draft.ceo!r}",
    )


def _inject_span_too_wide(draw: st.DrawFn, draft: Draft, injected: set[str]) -> Fault:
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
        _new(draft, injected, role, "extra", reports_to=top["id"], name=holder_name(span))
        span += 1
    return Fault("span-too-wide", (top["id"],), f"{top['id']!r} now has {span} direct reports")


def _inject_one_to_one(draw: st.DrawFn, draft: Draft, injected: set[str]) -> Fault:
    plan = draft.plan
    top = draft.by_id()[draft.top]
    choices = _one_to_one_roles(plan, top["role"])
    role = _pick(draw, choices)
    lead = _new(
        draft, injected, role, "lead", reports_to=top["id"], name=holder_name(len(draft.records))
    )
    kid = _pick(draw, list(plan.children[role]))
    only = _new(
        draft, injected, kid, "only", reports_to=lead["id"], name=holder_name(len(draft.records))
    )
    return Fault(
        "one-to-one", (lead["id"], only["id"]), f"{lead['id']!r} manages only {only['id']!r}"
    )


def _one_to_one_roles(plan: GrowthPlan, top_role: str) -> list[str]:
    v = plan.variant
    if v.max_layers < 3:
        return []
    return [
        key
        for key in plan.children.get(top_role, ())
        if plan.children.get(key) and v.span_band(key, manages_managers=False).min > 1
    ]


def _inject_too_many_layers(draw: st.DrawFn, draft: Draft, injected: set[str]) -> Fault:
    del draw
    v = draft.plan.variant
    # Hang a chain of "other" positions (outside the product roles, so no hierarchy rule
    # judges them) under the deepest manager role until it is one layer too deep.
    ids = [record["id"] for record in draft.records]
    index = ReportingIndex.from_managers(ids, [r.get("reports_to") for r in draft.records])
    scope = {draft.top, *(ids[p] for p in index.descendants(index.position(draft.top)))}
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
            name=holder_name(layer),
        )
        boss = record["id"]
        chain.append(boss)
        layer += 1
    return Fault("too-many-layers", tuple(chain), f"{boss!r} sits at layer {layer}")


def _inject_vacant_manager(draw: st.DrawFn, draft: Draft, injected: set[str]) -> Fault:
    report, boss = _pick(draw, _reports(draft, injected))
    boss.pop("name", None)
    report["name"] = report.get("name") or holder_name(len(draft.records))
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


def _infeasible(plan: GrowthPlan, code: str) -> str | None:  # noqa: PLR0911  # one answer per code
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
        settings = chart_settings(
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

    return deferred(build)


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


def _reasons(plan: GrowthPlan, wanted: Iterable[str]) -> list[str]:
    return [r for r in (_infeasible(plan, code) for code in wanted) if r is not None]


def _faulty(settings: Settings, wanted: tuple[str, ...] | None) -> st.SearchStrategy[FaultyChart]:
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
        draft = draw_draft(
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
