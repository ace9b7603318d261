"""Shape rules: spans of control, layers, size, vacancies and the roles a variant expects.

Spans, one-to-one and layers are judged inside the product org only: the top product leader and
everyone below them (the CEO above it is not judged). Spans are judged for roles the variant
lists under ``manages``; assistants never count.
"""

from __future__ import annotations

from array import array
from collections import Counter
from itertools import compress, repeat
from operator import lt, mul
from typing import TYPE_CHECKING

from orgroles._store import DeferredColumn
from orgroles._variants import SpanBand, fitting_variants, size_misses
from orgroles.validation._common import listing, quoted
from orgroles.validation.findings import Finding
from orgroles.validation.registry import RuleRun, builtin_rule

if TYPE_CHECKING:
    from orgroles.validation._index import ChartIndex

__all__ = [
    "find_forbidden_roles",
    "find_missing_roles",
    "find_one_to_one",
    "find_size_mismatch",
    "find_span_too_narrow",
    "find_span_too_wide",
    "find_title_role_mismatches",
    "find_too_many_layers",
    "find_unranked_roles",
    "find_vacant_managers",
]


def _judged_spans(run: RuleRun) -> list[tuple[int, int, SpanBand, bool]]:
    """(manager id, span, band, manages managers) for every judged manager, in chart order."""
    cache = run.scope.cache
    cached = cache.get("spans")
    if cached is not None:
        return cached  # type: ignore[return-value]  # stored by this function
    index = run.index
    v = run.variant
    spans, parent, roles = index.spans(), index.parent, index.roles
    manages = v.manages
    role_bands, ics, managers_band = v.spans.roles, v.spans.ics, v.spans.managers
    # How many of each manager's counted reports manage people themselves (in C; the rare
    # manager that is an assistant, or reports to itself, is taken out again).
    managers = index.managers()
    managing_reports = Counter(map(parent.__getitem__, managers))
    for p in {*index.set_in("assistant"), *index.self_reports()}:
        if spans[p] and parent[p] >= 0:
            managing_reports[parent[p]] -= 1
    members = run.scope.members
    if v.scope == "company":
        # A company's every manager is judged, not only product roles.
        judged = (
            managers
            if 0 not in members
            else list(compress(managers, map(members.__getitem__, managers)))
        )
    else:
        judged = [p for p in managers if members[p] and roles[p] in manages]
    # Whole columns at a time, in C: each judged manager's span, reports managing people and
    # role band (None where the role has none).
    judged_spans = list(map(spans.__getitem__, judged))
    managing = map(managing_reports.get, judged, repeat(0))
    manages_managers = list(map(lt, judged_spans, map(mul, managing, repeat(2))))
    bands = map(role_bands.get, map(roles.__getitem__, judged))
    found = [
        (p, span, band or (managers_band if above else ics), above)
        for p, span, band, above in zip(judged, judged_spans, bands, manages_managers, strict=True)
    ]
    cache["spans"] = found
    return found


def _kind(run: RuleRun, manager: int, manages_managers: bool) -> str:
    role = run.index.roles[manager]
    band_source = "managing managers" if manages_managers else "managing ICs"
    if run.variant.scope == "company":
        return f"a manager {band_source}"
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
    most of whose reports manage people, 2-6 for a GPM (common practice: 8-12 is a full span for a
    manager of ICs, 3-6 for a manager of managers, 17+ is excessive).
    """
    v = run.variant
    ids = run.index.ids
    findings = []
    for manager, span, band, manages_managers in _judged_spans(run):
        if band.max is None or span <= band.max:
            continue
        excessive = " (excessive)" if span >= v.spans.excessive else ""
        findings.append(
            run.finding(
                (ids[manager],),
                f"{ids[manager]!r} has {span} direct reports{excessive}; in {v.name} "
                f"{_kind(run, manager, manages_managers)} should have {band}",
                (
                    "split the team under another manager, or move some reports elsewhere"
                    if v.scope == "company"  # a whole company: its managers need no product title
                    else "split the team under another manager (e.g. a GPM or Director), or "
                    "move some reports elsewhere"
                ),
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
    ids = run.index.ids
    return [
        run.finding(
            (ids[manager],),
            f"{ids[manager]!r} has {span} direct reports; in {v.name} "
            f"{_kind(run, manager, manages_managers)} should have {band}",
            "merge this team with a sibling team, or move its reports up a level",
        )
        for manager, span, band, manages_managers in _judged_spans(run)
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
    ids = index.ids
    findings = []
    for manager, span, band, _ in _judged_spans(run):
        if span != 1 or band.min <= 1:
            continue
        (only,) = index.reports(manager)
        findings.append(
            run.finding(
                (ids[manager], ids[only]),
                f"{ids[manager]!r} has exactly one direct report, {ids[only]!r}",
                f"remove the layer ({ids[only]!r} reports to the manager of {ids[manager]!r}) "
                f"or give {ids[manager]!r} a team",
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
    index, scope = run.index, run.scope
    v = run.variant
    ids, parent = index.ids, index.parent
    findings = []
    allowed, why = v.max_layers, f"{v.name} allows {v.max_layers}"
    head_count = index.employees() or len(index)
    band = v.layer_band(head_count)
    if band is not None:
        allowed = band.max
        why = f"a company of {head_count:,} people has about {band.min}-{band.max} layers"
    for top in scope.tops:
        layers = scope.layer_count(top)
        if layers <= allowed:
            continue
        # Ties go to the smallest id, so the finding does not depend on the chart's order.
        bottom = min(scope.last_layer(top), key=ids.__getitem__)
        chain = [bottom]
        while chain[-1] != top:
            chain.append(parent[chain[-1]])
        names = [ids[p] for p in reversed(chain)]
        shown = (
            " -> ".join(names)
            if len(names) <= 10
            else " -> ".join([*names[:4], "...", *names[-3:]])
        )
        findings.append(
            run.finding(
                names,
                f"{layers} layers from {ids[top]!r} down to {ids[bottom]!r} ({shown}); {why}",
                "flatten the chain: remove one-to-one layers or move teams up a level",
            )
        )
    return findings


@builtin_rule(
    "size-mismatch",
    product_roles=True,
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
    employees = index.employees()
    positions = len(index)
    problems = size_misses(v, pms=pms, employees=employees, positions=positions)
    if not problems:
        return []
    # The variants named as fitting are judged like this one, position count included.
    fitting = fitting_variants(pms=pms, employees=employees, positions=positions)
    fits = [f.name for f in fitting if f.name != v.name]
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
    ids, parent = index.ids, index.parent
    # Most charts have no vacant position with anyone under it: found among those with reports.
    unnamed, child_counts = index.unnamed(), index.child_counts()
    vacant = [p for p in unnamed if child_counts[p]]
    if not vacant:
        return []
    reporting = index.reporting
    # Parents come before children in the top-down order (chart order when managers come
    # first), so walking it backwards adds every subtree's count to its parent before the
    # parent is looked at.
    walk = range(len(ids)) if reporting.managers_first() else reporting.order()
    filled = array("q", [1]) * len(ids)
    for p in unnamed:
        filled[p] = 0
    for p in reversed(walk):
        manager = parent[p]
        if manager >= 0:
            filled[manager] += filled[p]
    reached = set(walk) if len(walk) < len(ids) else None
    # A vacancy adds nothing to its own count, so `filled` is what is below it.
    flagged = {p for p in vacant if filled[p] and (reached is None or p in reached)}
    # Findings follow the breadth-first order from the top, whatever the chart's order.
    rank = {p: n for n, p in enumerate(reporting.order()) if p in flagged} if flagged else {}
    findings = []
    for p in sorted(flagged, key=rank.__getitem__):
        below = filled[p]
        findings.append(
            run.finding(
                (ids[p],),
                f"{ids[p]!r} is vacant but {below} filled "
                f"{'position reports' if below == 1 else 'positions report'} to it, "
                "directly or further down",
                f"fill {ids[p]!r}, or have its reports report to its manager until it is filled",
            )
        )
    return findings


@builtin_rule(
    "missing-role",
    product_roles=True,
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
    v = run.variant
    present = run.index.role_counts()
    return [
        run.finding(
            (),
            f"no position with role {listing(group)}; {v.name} expects one ({v.shape})",
            f"add a {group[0]} position, or validate against a variant that fits this org",
        )
        for group in v.required
        if not any(present[key] for key in group)
    ]


@builtin_rule(
    "forbidden-role",
    product_roles=True,
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
    present = index.role_counts()
    forbidden = {role for role in v.forbidden if present[role]}
    return [
        run.finding(
            ids,
            f"{len(ids)} position{'s' if len(ids) != 1 else ''} with role {role} "
            f"({quoted(ids)}); {v.name} has no {role}",
            "validate against the variant this org follows, or change the role",
        )
        for role, ids in _ids_by_role(index, forbidden).items()
    ]


@builtin_rule(
    "unranked-role",
    product_roles=True,
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
    unranked = set()
    for key in index.role_counts():
        if key in v.ranks or key in v.forbidden:
            continue
        role = index.role(key)
        if role is not None and role.track != "outside":
            unranked.add(key)
    return [
        run.finding(
            ids,
            f"{v.name} does not rank role {role!r}, so hierarchy rules skip "
            f"{len(ids)} position{'s' if len(ids) != 1 else ''} ({quoted(ids)})",
            f"derive a variant with {role} under ranks and manages to have it judged",
        )
        for role, ids in _ids_by_role(index, unranked).items()
    ]


def _ids_by_role(index: ChartIndex, roles: set[str]) -> dict[str, list[str]]:
    """The ids of the positions with each of these roles, roles in order of first appearance."""
    found: dict[str, list[str]] = {}
    if roles:
        ids, keys = index.ids, index.roles
        for p in index.with_roles(roles):
            found.setdefault(keys[p], []).append(ids[p])
    return found


@builtin_rule(
    "title-role-mismatch",
    product_roles=True,
    severity="info",
    category="shape",
    summary="A title that reads as another product role than the position's role.",
    example="""\
variant: startup
positions:
  - {id: ceo, role: ceo}
  - {id: hop, role: head_of_product, reports_to: ceo}
  - {id: pm-1, role: senior_pm, title: Group Product Manager, reports_to: hop}
""",
    fix="Give `pm-1` the role its title says (`gpm`), or a title that matches `senior_pm`; if "
    "your company's titles mean something else, add a title alias.",
)
def find_title_role_mismatches(run: RuleRun) -> list[Finding]:
    """Find positions whose title resolves to a different product role than their role.

    The title is resolved as an import would (the chart's catalog, its title aliases first); a
    title that resolves to no product role is not judged, nor is a position without one. A
    mismatch is often a promotion recorded in one field only, or a role set by hand. A bulk
    import's titles that are still in the importer's hands (a deferred column) are not read:
    that import resolved its roles from those very titles, and a million of them would be made
    into Python text for nothing.
    """
    index = run.index
    table = index.chart._table
    if table is not None and isinstance(table.columns.get("title"), DeferredColumn):
        return []
    titles = index.column("title")
    catalog = index.chart.roles
    by_title: dict[str, str | None] = {}
    found: list[tuple[str, str, str, str]] = []
    for identifier, role, title in zip(index.ids, index.roles, titles, strict=True):
        if not title:
            continue
        if title not in by_title:
            resolved = catalog.resolve_title(title)
            by_title[title] = None if resolved is None else resolved.key
        key = by_title[title]
        if key is not None and key not in (role, "other"):
            found.append((identifier, role, title, key))
    return [
        run.finding(
            (identifier,),
            f"{identifier!r} has the role {role} but the title {title!r}, which reads as {key}",
            f"give it the role {key}, or a title of its role",
        )
        for identifier, role, title, key in found
    ]
