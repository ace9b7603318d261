"""Hierarchy rules: who may manage whom in the variant, and who leads the product org.

These rules read the variant's ranks, ``manages`` table and top leader. Roles the variant does
not rank (custom roles, ``other``) are not judged here; structure and shape rules still see them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from orgroles.validation._common import listing, quoted
from orgroles.validation.findings import Finding
from orgroles.validation.registry import RuleRun, builtin_rule

if TYPE_CHECKING:
    pass

__all__ = [
    "find_forbidden_reports",
    "find_ic_with_reports",
    "find_rank_inversions",
    "find_top_leader_problems",
]

_IC_TRACKS = frozenset({"ic", "partner"})


@builtin_rule(
    "rank-inversion",
    severity="error",
    category="hierarchy",
    summary="A report ranked at or above their manager in this variant.",
    example="""\
variant: scaleup
positions:
  - {id: ceo, role: ceo}
  - {id: cpo, role: cpo, reports_to: ceo}
  - {id: dir-a, role: director, reports_to: cpo}
  - {id: dir-b, role: director, reports_to: dir-a}
""",
    fix="Move `dir-b` under `cpo`, or make it a role that ranks below a Director (e.g. `gpm`).",
)
def find_rank_inversions(run: RuleRun) -> list[Finding]:
    """A solid line from a report to a manager whose role ranks the same or lower here.

    Ranks are the variant's: a Head of Product outranks Directors in ``head_led`` but is their
    peer in ``scaleup``, so a Director under a Head of Product is fine in the first and an
    inversion in the second. Roles the variant does not rank are not judged.
    """
    index = run.index
    ranks = run.variant.ranks
    by_id = index.by_id
    name = run.variant.name
    findings = []
    for p in index.positions:
        manager_id = p.reports_to
        # A line on a reporting cycle is the cycle's finding; judging its ranks too would
        # report one mistake several times.
        if manager_id is None or manager_id == p.id or p.id in index.in_cycle:
            continue
        manager = by_id.get(manager_id)
        if manager is None:
            continue
        mine, theirs = ranks.get(p.role), ranks.get(manager.role)
        if mine is None or theirs is None or mine < theirs:
            continue
        if p.role == manager.role:
            detail = f"a peer of the same rank in {name}"
        else:
            relation = "the same rank as" if mine == theirs else "a higher rank than"
            detail = f"but in {name} a {p.role} has {relation} a {manager.role}"
        findings.append(
            run.finding(
                (p.id, manager_id),
                f"{p.id!r} ({p.role}) reports to {manager_id!r} ({manager.role}), {detail}",
                f"move {p.id!r} under a position that ranks above {p.role}, or correct one of "
                "the two roles",
            )
        )
    return findings


@builtin_rule(
    "forbidden-report",
    severity="error",
    category="hierarchy",
    summary="A manager role that may not manage that role in this variant.",
    example="""\
variant: scaleup
positions:
  - {id: ceo, role: ceo}
  - {id: cpo, role: cpo, reports_to: ceo}
  - {id: apm, role: apm, reports_to: cpo}
""",
    fix="Put the APM under a Director, GPM or PM: the variant's `manages` table says who may "
    "manage an APM.",
)
def find_forbidden_reports(run: RuleRun) -> list[Finding]:
    """A report whose role is not in the variant's ``manages`` list for the manager's role.

    E.g. in ``scaleup`` a CPO manages VPs, Directors, Heads of Product, GPMs, Principal PMs,
    designers and analysts, not APMs; a PM may manage an APM but never a Director. Managers
    whose role has no ``manages`` entry are individual contributors (see ``ic-with-reports``),
    unranked roles are not judged, and assistants may sit beside any manager.
    """
    index = run.index
    v = run.variant
    by_id = index.by_id
    findings = []
    managers_of: dict[str, list[str]] | None = None
    # Plain dicts and sets: this loop runs once per position.
    manages = {key: frozenset(value) for key, value in v.manages.items()}
    ranks = v.ranks
    for p in index.positions:
        manager_id = p.reports_to
        if (
            manager_id is None
            or manager_id == p.id
            or p.assistant
            or p.role not in ranks
            or p.id in index.in_cycle  # the cycle's finding covers its lines
        ):
            continue
        manager = by_id.get(manager_id)
        if manager is None:
            continue
        allowed = manages.get(manager.role)
        if allowed is None or p.role in allowed:
            continue
        if managers_of is None:
            managers_of = {}
            for boss, reports in v.manages.items():
                for key in reports:
                    managers_of.setdefault(key, []).append(boss)
        fits = managers_of.get(p.role, [])
        findings.append(
            run.finding(
                (p.id, manager_id),
                f"{p.id!r} ({p.role}) reports to {manager_id!r} ({manager.role}); in {v.name} a "
                f"{manager.role} manages only {listing(v.manages[manager.role]) or 'nobody'}",
                f"move {p.id!r} under a {listing(fits)}"
                if fits
                else f"no role manages a {p.role} "
                f"in {v.name}; remove the position or change its role",
            )
        )
    return findings


@builtin_rule(
    "ic-with-reports",
    severity="error",
    category="hierarchy",
    summary="An individual-contributor role with direct reports.",
    example="""\
variant: startup
positions:
  - {id: ceo, role: ceo}
  - {id: hop, role: head_of_product, reports_to: ceo}
  - {id: pm, role: pm, reports_to: hop}
  - {id: apm, role: apm, reports_to: pm}
""",
    fix="Move `apm` under `hop`, or make `pm` a manager role (e.g. `gpm`).",
)
def find_ic_with_reports(run: RuleRun) -> list[Finding]:
    """Find individual contributors with direct reports.

    A position with an individual-contributor role (track ``ic`` or ``partner``, e.g. a PM or
    a designer) that has direct reports, where the variant gives that role no ``manages`` entry.

    Variants for larger orgs let Senior PMs and PMs mentor APMs (``manages: {pm: [apm]}``);
    ``startup`` does not. Assistants do not count as reports.
    """
    index = run.index
    v = run.variant
    findings = []
    spans = index.spans()
    for manager_id in spans:
        p = index.by_id.get(manager_id)
        if p is None or p.role in v.manages:
            continue
        role = index.role(p.role)
        if role is None or role.track not in _IC_TRACKS:
            continue
        reports = [r.id for r in index.reports[manager_id] if not r.assistant and r.id != p.id]
        findings.append(
            run.finding(
                (p.id, *reports),
                f"{p.id!r} is a {role.title} ({p.role}), an individual contributor in {v.name}, "
                f"but has {len(reports)} direct report{'s' if len(reports) != 1 else ''}: "
                f"{quoted(reports)}",
                f"move the reports under a manager, or give {p.id!r} a manager role (e.g. gpm)",
            )
        )
    return findings


@builtin_rule(
    "top-leader",
    severity="error",
    category="hierarchy",
    summary="The top product leader is missing, duplicated, or reports to the wrong role.",
    example="""\
variant: scaleup
positions:
  - {id: ceo, role: ceo}
  - {id: cpo-a, role: cpo, reports_to: ceo}
  - {id: cpo-b, role: cpo, reports_to: ceo}
""",
    fix="Keep one top product leader: make `cpo-b` report to `cpo-a` as a VP, or remove it.",
)
def find_top_leader_problems(run: RuleRun) -> list[Finding]:
    """Find a missing, duplicated or misplaced top product leader.

    The variant's top product leader (e.g. the CPO in ``enterprise``, the Head of Product in
    ``startup``) is missing, there are several, or one reports to a role other than the
    variant's ``top_leader_reports_to`` (the CEO).

    A top leader is a position with a top-leader role and no top-leader role above it, so a VP
    under a CPO in ``scaleup`` is not a second top leader. A top leader with no manager is fine:
    the chart then holds only the product org. A top leader cut off from the top by a reporting
    cycle is judged by its own line only; the cycle is the ``cycle`` rule's finding.
    """
    index, scope = run.index, run.scope
    v = run.variant
    expected = listing(v.top_leader)
    above = listing(v.top_leader_reports_to)
    if scope.has_top_leader and not scope.tops:
        # Every top-leader role is on a reporting cycle or below one, so the walk from the top
        # never reached it: judge the line each has, and leave the loop to `cycle`.
        top_roles = frozenset(v.top_leader)
        cut_off = []
        for p in index.positions:
            manager = index.by_id.get(p.reports_to) if p.reports_to is not None else None
            if p.role in top_roles and manager is not None and manager.role not in top_roles:
                cut_off.append(p.id)
        return _misplaced_top_leaders(run, cut_off)
    if not scope.has_top_leader or not scope.tops:
        return [
            run.finding(
                (),
                f"no top product leader: {v.name} expects a {expected} reporting to the {above}",
                f"add a {v.top_leader[0]} position reporting to the {above}, or validate "
                "against the variant that fits this org",
            )
        ]
    findings = []
    tops = scope.tops
    if len(tops) > 1:
        findings.append(
            run.finding(
                tuple(tops),
                f"{len(tops)} top product leaders ({quoted(tops)}); {v.name} has one {expected}",
                f"keep one at the top and move the others under it (or under the {above})",
            )
        )
    findings.extend(_misplaced_top_leaders(run, tops))
    return findings


def _misplaced_top_leaders(run: RuleRun, tops: list[str]) -> list[Finding]:
    """A finding for each top leader whose manager has a role the variant does not allow."""
    index = run.index
    v = run.variant
    expected = listing(v.top_leader)
    above = listing(v.top_leader_reports_to)
    allowed_above = frozenset(v.top_leader_reports_to)
    findings = []
    for top in tops:
        manager_id = index.by_id[top].reports_to
        if manager_id is None:
            continue
        manager = index.by_id.get(manager_id)
        if manager is None or manager.role in allowed_above:
            continue
        findings.append(
            run.finding(
                (top, manager_id),
                f"the top product leader {top!r} reports to {manager_id!r} ({manager.role}); in "
                f"{v.name} the {expected} reports to the {above}",
                f"make {top!r} report to the {above}, or validate against a variant where a "
                f"{manager.role} leads product",
            )
        )
    return findings
