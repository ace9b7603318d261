"""Building a template: :func:`template` turns a checked plan into an :class:`~orgroles.OrgChart`.

This module owns the seats (from the CEO down), their ids, titles and units, placeholder names
and vacancies. It trusts the plan for every number and judges no span or band itself; it
knows no recommendation, file format, renderer or CLI.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from orgroles._variants import Variant, get_variant
from orgroles.chart import OrgChart
from orgroles.errors import TemplateError
from orgroles.templates._data import (
    BUSINESS_UNIT_NAMES,
    FIRST_NAMES,
    ID_PREFIX,
    LAST_NAMES,
    PRODUCT_LINE_NAMES,
    TITLES,
)
from orgroles.templates._plan import (
    PMS_PER_DESIGNER,
    Line,
    Team,
    TemplatePlan,
    check_count,
    plan_template,
    split_evenly,
)

__all__ = ["template"]


def template(
    variant: str | Variant,
    *,
    employees: int | None = None,
    pms: int | None = None,
    product_lines: int | None = None,
    business_units: int | None = None,
    designers: bool = True,
    analysts: bool = False,
    vacancies: float = 0.0,
    names: bool = False,
    seed: int = 0,
) -> OrgChart:
    """A realistic product org that follows a variant and validates clean against it.

    The chart runs from the CEO down: the variant's top product leader, then the structure its
    ``template:`` section names (Directors per product line, Senior Directors or Heads of
    Product per business unit, GPM teams where a line is too big for one Director, Senior PMs,
    PMs and APMs), with spans inside the variant's bands and layers within its limit. Every
    position below a product line or business unit carries that ``unit``; ids read like
    ``dir-payments`` and ``pm-payments-3``. The structure depends on the parameters only;
    ``seed`` picks the placeholder names and which seats are vacant.

    Args:
        variant: a built-in name or a :class:`~orgroles.Variant` with a ``template`` section (a
            derived one keeps its base's, with any changes, and uses its own spans and layers).
        employees: the company's head count; checked against the variant's band, stored as
            ``attributes: {employees: N}`` and used to derive ``pms`` when that is missing.
        pms: PM-track individual contributors (APM, PM, Senior PM, Principal PM). Default: from
            ``employees`` (:data:`EMPLOYEES_PER_PM`), else the variant's ``typical_pms``; a
            derived count is moved into the variant's band and capped at what its spans and
            layers hold (about a thousand PMs for ``enterprise``).
        product_lines: product lines, one Director each (product areas in a ``startup``).
            Default: from ``pms`` and the spans.
        business_units: business units, 1 to 36 (``enterprise``: one Senior Director each,
            under VPs of Product past six; ``bu_heads``: one Head of Product each under every
            Director, or shared out among the Directors past six). Default: from the rest.
        designers: add Product Designers (one per two PMs in a startup, one per line above).
        analysts: add Product Analysts (one per line; one in a startup).
        vacancies: the fraction of positions left vacant, between 0 and 1; only positions with
            nobody under them, so no vacant manager has filled reports. Implies ``names`` for
            the filled ones (a vacancy is a seat without a name).
        names: give every filled position a placeholder name from a fixed list.
        seed: picks names and vacancies (``random.Random(seed)``); same seed, same chart.

    Raises:
        TemplateError: (a ``ValueError``) the parameters cannot make a sound org of this
            variant; the message names the variant that fits.
        UnknownVariantError: no such variant.

    Examples:
        >>> chart = template("scaleup", pms=12)
        >>> chart.name, chart.variant, len(chart)
        ('Scale-up template, 12 PMs', 'scaleup', 18)
        >>> [p.id for p in chart.reports_of("cpo")]
        ['dir-payments', 'dir-growth']
        >>> chart["pm-payments-1"].unit, chart["pm-payments-1"].title
        ('Payments', 'Product Manager, Payments')
        >>> template("startup", pms=60)
        Traceback (most recent call last):
        ...
        orgroles.errors.TemplateError: a startup template cannot have 60 PMs: ... fit enterprise ...
    """
    v = get_variant(variant)
    check_count("employees", employees, minimum=1)
    check_count("pms", pms, minimum=0)
    check_count("product_lines", product_lines, minimum=1)
    check_count("business_units", business_units, minimum=1)
    if not isinstance(vacancies, int | float) or not 0.0 <= vacancies < 1.0:
        raise TemplateError(
            f"vacancies is a fraction from 0 up to (not including) 1, got {vacancies!r}"
        )
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise TemplateError(f"seed must be a whole number, got {seed!r}")
    leader = v.template.line_leader if v.template else None
    if leader is not None and leader not in ID_PREFIX:
        # Seats need a title and an id prefix, which only the product roles have here.
        raise TemplateError(
            f"variant {v.name!r}: template line_leader {leader!r} is not a product role a "
            f"template can staff; choose from: {', '.join(sorted(ID_PREFIX))}"
        )
    plan = plan_template(
        v,
        pms=pms,
        employees=employees,
        product_lines=product_lines,
        business_units=business_units,
        designers=designers,
        analysts=analysts,
    )
    tree = _build(plan)
    seats = list(tree.walk())
    rng = random.Random(seed)  # noqa: S311  # placeholder names, not security
    leaves = [seat.id for seat, _ in seats if not seat.reports and seat is not tree]
    vacant = set(rng.sample(leaves, min(len(leaves), round(vacancies * len(seats)))))
    holders = _placeholder_names(rng, len(seats)) if names or vacant else []
    positions = []
    for n, (seat, manager) in enumerate(seats):
        record: dict[str, Any] = {"id": seat.id, "role": seat.role, "title": _title(seat)}
        if holders and seat.id not in vacant:
            record["name"] = holders[n]
        if manager is not None:
            record["reports_to"] = manager.id
        if seat.unit is not None:
            record["unit"] = seat.unit
        positions.append(record)
    title = v.title or v.name
    attributes = {"employees": employees} if employees is not None else None
    return OrgChart(
        positions,
        name=f"{title} template, {plan.pms} PMs",
        variant=v.name,
        attributes=attributes,
    )


@dataclass
class _Seat:
    """One position of the tree being built: its role, unit and reports in order."""

    id: str
    role: str
    unit: str | None = None
    reports: list[_Seat] = field(default_factory=list)

    def add(self, seat: _Seat) -> _Seat:
        self.reports.append(seat)
        return seat

    def walk(self) -> Iterator[tuple[_Seat, _Seat | None]]:
        """Every seat with its manager, depth first, reports in order (iterative)."""
        stack: list[tuple[_Seat, _Seat | None]] = [(self, None)]
        while stack:
            seat, manager = stack.pop()
            yield seat, manager
            stack.extend((report, seat) for report in reversed(seat.reports))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _names(pool: tuple[str, ...], count: int) -> list[str]:
    """The first ``count`` names of a fixed list, numbered past its end (``Payments 2``)."""
    return [
        pool[n % len(pool)] + ("" if n < len(pool) else f" {n // len(pool) + 1}")
        for n in range(count)
    ]


class _Ids:
    """Readable, unique ids: ``dir-payments``, ``pm-payments-3`` (numbered per line)."""

    def __init__(self) -> None:
        self._counts: dict[tuple[str, str | None], int] = {}

    def numbered(self, role: str, slug: str | None) -> str:
        key = (role, slug)
        self._counts[key] = number = self._counts.get(key, 0) + 1
        middle = f"-{slug}" if slug else ""
        return f"{ID_PREFIX[role]}{middle}-{number}"


def _staff_team(
    manager: _Seat, team: Team, *, unit: str | None, slug: str | None, ids: _Ids
) -> None:
    """Add a team's Senior PMs, PMs and APMs under ``manager`` (mentored APMs under mentors)."""
    seniors = [manager.add(_Seat(ids.numbered("senior_pm", slug), "senior_pm", unit))
               for _ in range(team.seniors)]  # fmt: skip
    for _ in range(team.pms):
        manager.add(_Seat(ids.numbered("pm", slug), "pm", unit))
    for n in range(team.apms):
        mentor = seniors[n] if team.mentored else manager
        mentor.add(_Seat(ids.numbered("apm", slug), "apm", unit))


def _staff_line(
    leader: _Seat, line: Line, plan: TemplatePlan, *, unit: str | None, slug: str | None, ids: _Ids
) -> None:
    """Add a line's teams (directly, or GPM teams) and its partners under the leader."""
    if line.team is not None:
        _staff_team(leader, line.team, unit=unit, slug=slug, ids=ids)
    for team in line.gpm_teams:
        gpm = leader.add(_Seat(ids.numbered("gpm", slug), "gpm", unit))
        _staff_team(gpm, team, unit=unit, slug=slug, ids=ids)
    if plan.rules.structure != "one_team":
        # One lead designer and analyst per line: the rest of design usually reports into a
        # design org, and more partners here would crowd a Director's span.
        if plan.designers:
            leader.add(_Seat(ids.numbered("designer", slug), "designer", unit))
        if plan.analysts:
            leader.add(_Seat(ids.numbered("analyst", slug), "analyst", unit))


def _build(plan: TemplatePlan) -> _Seat:
    """The seat tree of a plan, from the CEO down."""
    rules = plan.rules
    ids = _Ids()
    ceo = _Seat("ceo", "ceo")
    top = ceo.add(_Seat(ID_PREFIX[rules.top], rules.top))
    if rules.structure == "one_team":
        _build_one_team(top, plan, ids)
        return ceo
    lines = iter(plan.lines)
    leader_role = rules.shape.line_leader or rules.top

    def seat(manager: _Seat, role: str, unit: str) -> _Seat:
        return manager.add(_Seat(f"{ID_PREFIX[role]}-{_slug(unit)}", role, unit))

    def staff(leader: _Seat) -> None:
        unit = leader.unit
        _staff_line(leader, next(lines), plan, unit=unit, slug=_slug(unit or ""), ids=ids)

    line_names = _names(PRODUCT_LINE_NAMES, plan.product_lines)
    unit_names = _names(BUSINESS_UNIT_NAMES, plan.business_units)
    if rules.structure == "product_lines":
        for name in line_names:
            staff(seat(top, leader_role, name))
    elif rules.structure == "business_units":
        role = _bu_leader(rules.variant)
        # Product lines go to business units in order, as evenly as the counts allow.
        per_unit = iter(split_evenly(plan.product_lines, plan.business_units))
        remaining = iter(line_names)
        for unit, above in zip(unit_names, _unit_managers(top, plan), strict=True):
            leader = seat(above, role, unit)
            for _ in range(next(per_unit)):
                staff(seat(leader, leader_role, next(remaining)))
        if plan.business_units == 1:
            _staff_beside(top, ids)
    else:
        _build_unit_heads(
            top,
            plan,
            line_names=line_names,
            unit_names=unit_names,
            seat=seat,
            staff=staff,
            ids=ids,
        )
    return ceo


def _build_unit_heads(
    top: _Seat,
    plan: TemplatePlan,
    *,
    line_names: list[str],
    unit_names: list[str],
    seat: Callable[[_Seat, str, str], _Seat],
    staff: Callable[[_Seat], None],
    ids: _Ids,
) -> None:
    """A Director per product line, a line leader per business unit under each.

    Up to the span of a manager of managers, every Director leads the same business units;
    more units are shared out among the Directors instead.
    """
    leader_role = plan.rules.shape.line_leader or plan.rules.top
    if plan.business_units > _most_managed(plan):
        groups = iter(split_evenly(plan.business_units, plan.product_lines))
        units = iter(unit_names)
        for name in line_names:
            head_of_line = seat(top, "director", name)
            for _ in range(next(groups)):
                staff(seat(head_of_line, leader_role, next(units)))
        return
    for name in line_names:
        head_of_line = seat(top, "director", name)
        for segment in unit_names:
            staff(seat(head_of_line, leader_role, f"{segment} {name}"))
        if plan.business_units == 1:
            _staff_beside(head_of_line, ids)


def _most_managed(plan: TemplatePlan) -> int:
    """The most reports a manager of managers may have in the plan's variant."""
    return plan.rules.managers.max or 10**6


def _unit_managers(top: _Seat, plan: TemplatePlan) -> list[_Seat]:
    """Whom each business unit's leader reports to: the top leader, or a VP over its group.

    More units than the top leader's span holds are shared among VPs of Product (the layer
    the variant allows between them), as evenly as the counts allow.
    """
    units, most = plan.business_units, _most_managed(plan)
    if units <= most:
        return [top] * units
    groups = split_evenly(units, math.ceil(units / most))
    managers = []
    for number, size in enumerate(groups, start=1):
        vp = top.add(_Seat(f"{ID_PREFIX['vp_product']}-{number}", "vp_product", f"Group {number}"))
        managers.extend([vp] * size)
    return managers


def _staff_beside(leader: _Seat, ids: _Ids) -> None:
    """A lead designer and a lead analyst beside a lone report.

    A leader over one business unit would manage one person: a one-to-one. Partner roles the
    variant lets it manage make the span sound without changing the number of PMs asked for.
    """
    for role in ("designer", "analyst"):
        leader.add(_Seat(ids.numbered(role, "lead"), role, leader.unit))


def _build_one_team(top: _Seat, plan: TemplatePlan, ids: _Ids) -> None:
    """Everyone reports to the top leader; product areas (when several) label the people."""
    team = plan.lines[0].team
    assert team is not None  # noqa: S101  # a one-team line is one directly managed team
    _staff_team(top, team, unit=None, slug=None, ids=ids)
    people = list(top.reports)
    if plan.designers:
        for _ in range(math.ceil(plan.pms / PMS_PER_DESIGNER)):
            people.append(top.add(_Seat(ids.numbered("designer", None), "designer")))
    if plan.analysts:
        top.add(_Seat(ids.numbered("analyst", None), "analyst"))
    if plan.product_lines < 2:
        return
    areas = _names(PRODUCT_LINE_NAMES, plan.product_lines)
    counts: dict[tuple[str, str], int] = {}
    for n, seat in enumerate(people):
        area = areas[n % len(areas)]
        seat.unit = area
        # Numbered per area, so ids read like the bigger shapes' (`pm-payments-1`).
        counts[seat.role, area] = number = counts.get((seat.role, area), 0) + 1
        seat.id = f"{ID_PREFIX[seat.role]}-{_slug(area)}-{number}"


def _bu_leader(variant: Variant) -> str:
    """The role leading a business unit (``business_units``): a Senior Director, else a VP."""
    for role in ("senior_director", "vp_product"):
        if variant.may_manage(variant.top_leader[0], role) and role not in variant.forbidden:
            return role
    raise TemplateError(f"{variant.name} lets no Senior Director or VP lead a business unit")


def _title(seat: _Seat) -> str:
    base = TITLES[seat.role]
    return f"{base}, {seat.unit}" if seat.unit else base


def _placeholder_names(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct names from the fixed first/last-name lists, in a seeded order."""
    pool = len(FIRST_NAMES) * len(LAST_NAMES)
    picks = rng.sample(range(pool), min(count, pool))
    picks += [n % pool for n in range(count - len(picks))]
    names = []
    for n, pick in enumerate(picks):
        first, last = divmod(pick, len(LAST_NAMES))
        suffix = "" if n < pool else f" {n // pool + 1}"
        names.append(f"{FIRST_NAMES[first]} {LAST_NAMES[last]}{suffix}")
    return names
