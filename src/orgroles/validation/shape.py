"""Shape rules: spans of control, layers, size, vacancies and the roles a variant expects.

Spans, one-to-one and layers are judged inside the product org only: the top product leader and
everyone below them (the CEO above it is not judged). Spans are judged for roles the variant
lists under ``manages``; assistants never count.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from orgroles.validation._common import listing, quoted
from orgroles.validation._size import company_size, size_problems
from orgroles.validation.findings import Finding
from orgroles.validation.registry import RuleRun, builtin_rule
from orgroles.variants import SpanBand, variants

if TYPE_CHECKING:
    pass

__all__ = [
    "find_forbidden_roles",
    "find_missing_roles",
    "find_one_to_one",
    "find_size_mismatch",
    "find_span_too_narrow",
    "find_span_too_wide",
    "find_too_many_layers",
    "find_unranked_roles",
    "find_vacant_managers",
]


def _judged_spans(run: RuleRun) -> list[tuple[str, int, SpanBand, bool]]:
    """(manager id, span, band, manages managers) for every judged manager, in chart order."""
    cache = run.scope.cache
    cached = cache.get("spans")
    if cached is not None:
        return cached  # type: ignore[return-value]  # stored by this function
    index = run.index
    v = run.variant
    spans = index.spans()
    scope = run.scope.top_of
    manages = v.manages
    role_bands, ics, managers_band = v.spans.roles, v.spans.ics, v.spans.managers
    judged = []
    for p in index.positions:
        span = spans.get(p.id)
        if span is None or p.id not in scope or p.role not in manages:
            continue
        managers = 0
        for report in index.reports[p.id]:
            if not report.assistant and report.id != p.id and report.id in spans:
                managers += 1
        manages_managers = managers * 2 > span
        band = role_bands.get(p.role) or (managers_band if manages_managers else ics)
        judged.append((p.id, span, band, manages_managers))
    cache["spans"] = judged
    return judged


def _kind(run: RuleRun, manager_id: str, manages_managers: bool) -> str:
    role = run.index.by_id[manager_id].role
    band_source = "managing managers" if manages_managers else "managing ICs"
    if role in run.variant.spans.roles:
        return f"a {role}"
    return f"a {role} {band_source}"


@builtin_rule(
    "span-too-wide",
    severity="warning",
    category="shape",
    summary="A manager with more direct reports than the variant's span band allows.",
    example="""\
variant: startup
positions:
  - {id: ceo, role: ceo}
  - {id: hop, role: head_of_product, reports_to: ceo}
  - {id: pm-1, role: pm, reports_to: hop}
  - {id: pm-2, role: pm, reports_to: hop}
  - {id: pm-3, role: pm, reports_to: hop}
  - {id: pm-4, role: pm, reports_to: hop}
  - {id: pm-5, role: pm, reports_to: hop}
  - {id: pm-6, role: pm, reports_to: hop}
  - {id: apm-1, role: apm, reports_to: hop}
  - {id: apm-2, role: apm, reports_to: hop}
  - {id: des-1, role: designer, reports_to: hop}
  - {id: des-2, role: designer, reports_to: hop}
  - {id: des-3, role: designer, reports_to: hop}
  - {id: ana-1, role: analyst, reports_to: hop}
  - {id: ana-2, role: analyst, reports_to: hop}
""",
    fix="Split the team: add a GPM under `hop` and move some PMs under it (12 reports is a "
    "full span for a manager of ICs, 17 or more is excessive).",
)
def find_span_too_wide(run: RuleRun) -> list[Finding]:
    """Find managers with too many direct reports.

    A manager in the product org with more direct reports (assistants not counted) than the
    variant's band: by default 3-12 for a manager of individual contributors, 2-6 for a manager
    most of whose reports manage people, 2-6 for a GPM (DESIGN: 8-12 is a full span for a
    manager of ICs, 3-6 for a manager of managers, 17+ is excessive).
    """
    v = run.variant
    findings = []
    for manager_id, span, band, manages_managers in _judged_spans(run):
        if band.max is None or span <= band.max:
            continue
        excessive = " (excessive)" if span >= v.spans.excessive else ""
        findings.append(
            run.finding(
                (manager_id,),
                f"{manager_id!r} has {span} direct reports{excessive}; in {v.name} "
                f"{_kind(run, manager_id, manages_managers)} should have {band}",
                "split the team under another manager (e.g. a GPM or Director), or move some "
                "reports elsewhere",
            )
        )
    return findings


@builtin_rule(
    "span-too-narrow",
    severity="warning",
    category="shape",
    summary="A manager with fewer direct reports than the variant's span band (two or more).",
    example="""\
variant: startup
positions:
  - {id: ceo, role: ceo}
  - {id: hop, role: head_of_product, reports_to: ceo}
  - {id: pm-1, role: pm, reports_to: hop}
  - {id: pm-2, role: pm, reports_to: hop}
""",
    fix="Give `hop` a third report (a designer, say), or merge the layer into its manager.",
)
def find_span_too_narrow(run: RuleRun) -> list[Finding]:
    """Find managers with too few direct reports.

    A manager in the product org with at least two but fewer direct reports than the band's
    minimum (3 for a manager of ICs by default). A single report is ``one-to-one`` instead.
    """
    v = run.variant
    return [
        run.finding(
            (manager_id,),
            f"{manager_id!r} has {span} direct reports; in {v.name} "
            f"{_kind(run, manager_id, manages_managers)} should have {band}",
            "merge this team with a sibling team, or move its reports up a level",
        )
        for manager_id, span, band, manages_managers in _judged_spans(run)
        if 2 <= span < band.min
    ]


@builtin_rule(
    "one-to-one",
    severity="warning",
    category="shape",
    summary="A manager with exactly one direct report.",
    example="""\
variant: scaleup
positions:
  - {id: ceo, role: ceo}
  - {id: cpo, role: cpo, reports_to: ceo}
  - {id: dir, role: director, reports_to: cpo}
  - {id: gpm, role: gpm, reports_to: dir}
  - {id: pm, role: pm, reports_to: gpm}
""",
    fix="Remove a layer: `pm` reports to `dir` directly, or `gpm` takes on more PMs.",
)
def find_one_to_one(run: RuleRun) -> list[Finding]:
    """Find managers with exactly one direct report.

    A manager in the product org with exactly one direct report (assistants not counted): a
    layer that adds cost and distance without a team. Not flagged where the variant's band for
    the role starts at one (a PM mentoring a single APM).
    """
    index = run.index
    findings = []
    for manager_id, span, band, _ in _judged_spans(run):
        if span != 1 or band.min <= 1:
            continue
        only = next(r.id for r in index.reports[manager_id] if not r.assistant)
        findings.append(
            run.finding(
                (manager_id, only),
                f"{manager_id!r} has exactly one direct report, {only!r}",
                f"remove the layer ({only!r} reports to the manager of {manager_id!r}) or give "
                f"{manager_id!r} a team",
            )
        )
    return findings


@builtin_rule(
    "too-many-layers",
    severity="warning",
    category="shape",
    summary="More layers from the top product leader down than the variant allows.",
    example="""\
variant: startup
positions:
  - {id: ceo, role: ceo}
  - {id: hop, role: head_of_product, reports_to: ceo}
  - {id: gpm, role: gpm, reports_to: hop}
  - {id: spm, role: senior_pm, reports_to: gpm}
  - {id: pm, role: pm, reports_to: spm}
""",
    fix="Flatten: `pm` reports to `gpm` (and `spm` stays an IC).",
)
def find_too_many_layers(run: RuleRun) -> list[Finding]:
    """Find chains of command deeper than the variant allows.

    A chain from the top product leader (layer 1) down to the deepest position under them
    longer than the variant's ``max_layers`` (3 in ``startup``, 7 in ``enterprise``). One
    finding per top leader, naming the deepest chain, top first.
    """
    index = run.index
    v = run.variant
    deepest: dict[str, tuple[int, str]] = {}
    for pid, layer in run.scope.layer.items():
        if layer <= v.max_layers:
            continue
        top = run.scope.top_of[pid]
        best = deepest.get(top)
        # Ties go to the smallest id, so the finding does not depend on the chart's order.
        if best is None or layer > best[0] or (layer == best[0] and pid < best[1]):
            deepest[top] = (layer, pid)
    findings = []
    for top, (layers, bottom) in deepest.items():
        chain = [bottom]
        current = bottom
        while current != top:
            current = index.by_id[current].reports_to  # type: ignore[assignment]  # in scope
            chain.append(current)
        chain.reverse()
        shown = (
            " -> ".join(chain)
            if len(chain) <= 10
            else " -> ".join([*chain[:4], "...", *chain[-3:]])
        )
        findings.append(
            run.finding(
                tuple(chain),
                f"{layers} layers from {top!r} down to {bottom!r} ({shown}); {v.name} allows "
                f"{v.max_layers}",
                "flatten the chain: remove one-to-one layers or move teams up a level",
            )
        )
    return findings


@builtin_rule(
    "size-mismatch",
    severity="warning",
    category="shape",
    summary="The org's size is outside the variant's band; names the variants that fit.",
    example="""\
variant: enterprise
positions:
  - {id: ceo, role: ceo}
  - {id: cpo, role: cpo, reports_to: ceo}
  - {id: pm, role: pm, reports_to: cpo}
""",
    fix="Validate against a variant whose band fits (here `startup`), or grow into this one.",
)
def find_size_mismatch(run: RuleRun) -> list[Finding]:
    """Find an org whose size is outside the variant's band.

    The number of PMs (positions with role apm, pm, senior_pm or principal_pm, vacancies
    included) or employees is outside the variant's size band.

    Employees come from the chart's ``attributes: {employees: N}``; without it the number of
    positions serves as a lower bound. The message names the built-in variants that fit.
    """
    index = run.index
    v = run.variant
    pms = index.pm_count()
    employees = company_size(run.chart)
    positions = len(index.positions)
    problems = size_problems(v, pms=pms, employees=employees, positions=positions)
    if not problems:
        return []
    # The variants named as fitting are judged like this one, position count included.
    fits = [
        f.name
        for f in variants()
        if f.name != v.name
        and not size_problems(f, pms=pms, employees=employees, positions=positions)
    ]
    fit_text = f"; fits {listing(fits)}" if fits else "; no built-in variant fits"
    return [
        run.finding(
            (),
            f"{'; '.join(problems)} for {v.name}{fit_text}",
            f"validate against {fits[0]} (variant: {fits[0]})"
            if fits
            else "derive a variant with bands that fit (Variant.derive or extends: in a file)",
        )
    ]


@builtin_rule(
    "vacant-manager",
    severity="warning",
    category="shape",
    summary="A vacant position with filled positions under it.",
    example="""\
positions:
  - {id: ceo, role: ceo, name: Ada}
  - {id: hop, role: head_of_product, reports_to: ceo}
  - {id: pm-1, role: pm, name: Lin, reports_to: hop}
""",
    fix="Fill `hop` (give it a `name`), or have `pm-1` report to `ceo` until it is filled.",
)
def find_vacant_managers(run: RuleRun) -> list[Finding]:
    """Find vacant positions with people under them.

    A vacant position (no ``name``) with filled positions under it, directly or further down:
    those people have nobody to report to day to day. Vacancies with only vacancies below are
    planned headcount and fine.
    """
    index = run.index
    filled_below: dict[str, int] = {}
    # Children come after parents in the top-down order, so walking it backwards adds every
    # subtree's count to its parent before the parent is looked at.
    by_id = index.by_id
    for p in reversed(index.order):
        count = filled_below.get(p.id, 0) + (0 if p.name is None else 1)
        manager = p.reports_to
        if manager is not None and manager in by_id:
            filled_below[manager] = filled_below.get(manager, 0) + count
    findings = []
    for p in index.order:
        below = filled_below.get(p.id, 0)
        if p.name is None and below:
            findings.append(
                run.finding(
                    (p.id,),
                    f"{p.id!r} is vacant but {below} filled "
                    f"{'position reports' if below == 1 else 'positions report'} to it, "
                    "directly or further down",
                    f"fill {p.id!r}, or have its reports report to its manager until it is filled",
                )
            )
    return findings


@builtin_rule(
    "missing-role",
    severity="warning",
    category="shape",
    summary="A role the variant requires does not appear.",
    example="""\
variant: bu_heads
positions:
  - {id: ceo, role: ceo}
  - {id: cpo, role: cpo, reports_to: ceo}
  - {id: dir, role: director, reports_to: cpo}
""",
    fix="Add the missing role (here Heads of Product under the Directors), or validate against "
    "a variant without it.",
)
def find_missing_roles(run: RuleRun) -> list[Finding]:
    """Find roles the variant requires that no position has.

    A role group in the variant's ``required`` list with no position: e.g. ``bu_heads`` has
    Heads of Product under Directors, ``enterprise`` Senior Directors or VPs. One finding per
    missing group.
    """
    index = run.index
    v = run.variant
    present = {p.role for p in index.positions}
    return [
        run.finding(
            (),
            f"no position with role {listing(group)}; {v.name} expects one ({v.shape})",
            f"add a {group[0]} position, or validate against a variant that fits this org",
        )
        for group in v.required
        if not present.intersection(group)
    ]


@builtin_rule(
    "forbidden-role",
    severity="warning",
    category="shape",
    summary="A role the variant excludes appears (it signals another variant).",
    example="""\
variant: startup
positions:
  - {id: ceo, role: ceo}
  - {id: hop, role: head_of_product, reports_to: ceo}
  - {id: vp, role: vp_product, reports_to: ceo}
""",
    fix="Validate against the variant the org has grown into (`scaleup`), or change the role.",
)
def find_forbidden_roles(run: RuleRun) -> list[Finding]:
    """Find positions with a role the variant excludes.

    Positions whose role is in the variant's ``forbidden`` list, e.g. a CPO or VP in
    ``startup``. One finding per role, naming its positions.
    """
    index = run.index
    v = run.variant
    if not v.forbidden:
        return []
    forbidden = frozenset(v.forbidden)
    found: dict[str, list[str]] = {}
    for p in index.positions:
        if p.role in forbidden:
            found.setdefault(p.role, []).append(p.id)
    return [
        run.finding(
            tuple(ids),
            f"{len(ids)} position{'s' if len(ids) != 1 else ''} with role {role} "
            f"({quoted(ids)}); {v.name} has no {role}",
            "validate against the variant this org follows, or change the role",
        )
        for role, ids in found.items()
    ]


@builtin_rule(
    "unranked-role",
    severity="info",
    category="shape",
    summary="Positions whose role the variant does not rank, so hierarchy rules skip them.",
    example="""\
variant: startup
roles:
  - {key: product_owner, title: Product Owner, track: ic, level: 2}
positions:
  - {id: ceo, role: ceo}
  - {id: hop, role: head_of_product, reports_to: ceo}
  - {id: po, role: product_owner, reports_to: hop}
""",
    fix="Derive a variant that ranks the role (`ranks: {product_owner: 20}`) and lists who "
    "manages it, or ignore this note.",
)
def find_unranked_roles(run: RuleRun) -> list[Finding]:
    """Find positions the hierarchy rules cannot judge.

    Positions with a role the variant does not rank (typically a custom role), so rank and
    ``manages`` checks skip them. Roles on the ``outside`` track (``other``) and forbidden roles
    are not reported: the first are outside the product org by definition, the second have
    their own rule.
    """
    index = run.index
    v = run.variant
    found: dict[str, list[str]] = {}
    for p in index.positions:
        if p.role in v.ranks or p.role in v.forbidden:
            continue
        role = index.role(p.role)
        if role is None or role.track == "outside":
            continue
        found.setdefault(p.role, []).append(p.id)
    return [
        run.finding(
            tuple(ids),
            f"{v.name} does not rank role {role!r}, so hierarchy rules skip "
            f"{len(ids)} position{'s' if len(ids) != 1 else ''} ({quoted(ids)})",
            f"derive a variant with {role} under ranks and manages to have it judged",
        )
        for role, ids in found.items()
    ]
