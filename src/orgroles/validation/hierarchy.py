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
    product_roles=True,
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
    name = run.variant.name
    ids, roles, parent = index.ids, index.roles, index.parent
    # Judged once per (manager role, report role) pair, then looked up per position in C.
    inverted: dict[tuple[str | None, str], str] = {}
    for manager_role, role in index.line_counts():
        mine, theirs = ranks.get(role), ranks.get(manager_role) if manager_role else None
        if mine is None or theirs is None or mine < theirs:
            continue
        if role == manager_role:
            inverted[manager_role, role] = f"a peer of the same rank in {name}"
        else:
            relation = "the same rank as" if mine == theirs else "a higher rank than"
            inverted[manager_role, role] = f"but in {name} a {role} has {relation} a {manager_role}"
    manager_roles = index.manager_roles()
    flagged = index.with_line_kinds(inverted)
    if index.cycles:
        # A line on a reporting cycle is the cycle's finding; judging its ranks too would
        # report one mistake several times.
        in_cycle = index.in_cycle()
        flagged = [p for p in flagged if not in_cycle[p]]
    # Whole-company charts judged by a product variant flag tens of thousands of lines: the
    # per-line work is one message and one finding, with every shared part made once.
    finding = run.finding
    findings = []
    for p in flagged:
        manager_role = manager_roles[p]
        role = roles[p]
        report, manager = repr(ids[p]), repr(ids[parent[p]])
        findings.append(
            finding(
                (ids[p], ids[parent[p]]),
                f"{report} ({role}) reports to {manager} ({manager_role}), "
                f"{inverted[manager_role, role]}",
                f"move {report} under a position that ranks above {role}, or correct one of "
                "the two roles",
            )
        )
    return findings


@builtin_rule(
    "forbidden-report",
    product_roles=True,
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
    ids, roles, parent = index.ids, index.roles, index.parent
    ranks = v.ranks
    # Managers whose role has no manages entry are ICs (ic-with-reports); unranked roles are
    # not judged. Judged once per (manager role, report role) pair.
    forbidden: dict[tuple[str | None, str], str] = {}
    for manager_role, role in index.line_counts():
        if manager_role in v.manages and role in ranks and role not in v.manages[manager_role]:
            allowed = listing(v.manages[manager_role]) or "nobody"
            forbidden[manager_role, role] = f"in {v.name} a {manager_role} manages only {allowed}"
    if not forbidden:
        return []
    in_cycle, assistant = index.in_cycle(), index.column("assistant")
    manager_roles = index.manager_roles()
    managers_of: dict[str, list[str]] = {}
    for boss, reports in v.manages.items():
        for key in reports:
            managers_of.setdefault(key, []).append(boss)
    # Where each role may go instead, worded once per role rather than once per line.
    fits = {
        role: f"under a {listing(managers_of[role])}" if role in managers_of else None
        for _, role in forbidden
    }
    finding = run.finding
    findings = []
    for p in index.with_line_kinds(forbidden):
        # Assistants may sit beside any manager; the cycle's finding covers its lines.
        if assistant[p] or in_cycle[p]:
            continue
        role, manager_role = roles[p], manager_roles[p]
        report, manager = repr(ids[p]), repr(ids[parent[p]])
        where = fits[role]
        findings.append(
            finding(
                (ids[p], ids[parent[p]]),
                f"{report} ({role}) reports to {manager} ({manager_role}); "
                f"{forbidden[manager_role, role]}",
                f"move {report} {where}"
                if where
                else f"no role manages a {role} in {v.name}; remove the position or change its "
                "role",
            )
        )
    return findings


@builtin_rule(
    "ic-with-reports",
    product_roles=True,
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
    ids, roles = index.ids, index.roles
    # The roles judged: individual contributors the variant gives no manages entry.
    ic_roles = set()
    for key in index.role_counts():
        role = index.role(key)
        if key not in v.manages and role is not None and role.track in _IC_TRACKS:
            ic_roles.add(key)
    if not ic_roles:
        return []
    spans = index.spans()
    finding = run.finding
    findings = []
    for p in index.with_roles(ic_roles):
        if not spans[p]:
            continue
        role = index.role(roles[p])
        assert role is not None  # noqa: S101  # ic_roles holds catalog roles only
        reports = [ids[r] for r in index.reports(p)]
        count = len(reports)
        findings.append(
            finding(
                (ids[p], *reports),
                f"{ids[p]!r} is a {role.title} ({role.key}), an individual contributor in "
                f"{v.name}, but has {count} direct report{'s' if count != 1 else ''}: "
                f"{quoted(reports)}",
                f"move the reports under a manager, or give {ids[p]!r} a manager role (e.g. gpm)",
            )
        )
    return findings


@builtin_rule(
    "top-leader",
    product_roles=True,
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
    ids = index.ids
    expected = listing(v.top_leader)
    above = listing(v.top_leader_reports_to)
    if scope.has_top_leader and not scope.tops:
        # Every top-leader role is on a reporting cycle or below one, so the walk from the top
        # never reached it: judge the line each has, and leave the loop to `cycle`.
        top_roles = frozenset(v.top_leader)
        manager_roles = index.manager_roles()
        cut_off = [
            p
            for p in index.with_roles(top_roles)
            if manager_roles[p] is not None and manager_roles[p] not in top_roles
        ]
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
    tops = [ids[p] for p in scope.tops]
    if len(tops) > 1:
        findings.append(
            run.finding(
                tops,
                f"{len(tops)} top product leaders ({quoted(tops)}); {v.name} has one {expected}",
                f"keep one at the top and move the others under it (or under the {above})",
            )
        )
    findings.extend(_misplaced_top_leaders(run, scope.tops))
    return findings


def _misplaced_top_leaders(run: RuleRun, tops: list[int]) -> list[Finding]:
    """A finding for each top leader whose manager has a role the variant does not allow."""
    index = run.index
    v = run.variant
    ids, parent = index.ids, index.parent
    manager_roles = index.manager_roles()
    expected = listing(v.top_leader)
    above = listing(v.top_leader_reports_to)
    allowed_above = frozenset(v.top_leader_reports_to)
    expected_place = f"in {v.name} the {expected} reports to the {above}"
    finding = run.finding
    findings = []
    for top in tops:
        manager_role = manager_roles[top]
        if manager_role is None or manager_role in allowed_above:
            continue
        leader, manager = ids[top], ids[parent[top]]
        findings.append(
            finding(
                (leader, manager),
                f"the top product leader {leader!r} reports to {manager!r} ({manager_role}); "
                f"{expected_place}",
                f"make {leader!r} report to the {above}, or validate against a variant where a "
                f"{manager_role} leads product",
            )
        )
    return findings
