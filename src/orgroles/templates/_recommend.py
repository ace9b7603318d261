"""Recommending a variant: which built-in (or given) variant fits a company's size, and why.

This module owns :func:`recommend_variant` and its reasons. It reads the variants' size bands
and asks the planner whether a template of each candidate would build; it knows nothing of
seats, ids or names, and builds no chart.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from orgroles._variants import SizeBand, Variant, fitting_variants, variants
from orgroles.errors import TemplateError
from orgroles.templates._plan import (
    EMPLOYEES_PER_PM,
    TemplatePlan,
    check_count,
    plan_template,
    pms_for_employees,
    with_article,
)

__all__ = ["Recommendation", "recommend_variant"]


@dataclass(frozen=True)
class Recommendation:
    """Which variant fits a company, and why.

    Attributes:
        variant: the name of the variant that fits best.
        runner_up: the next best variant that also fits (``head_led`` next to ``scaleup``,
            ``bu_heads`` next to ``enterprise``), or ``None``.
        decided_by: the input that decided: ``"pms"``, ``"employees"`` (PMs were not given),
            ``"product_lines"`` or ``"business_units"`` (the best size fit could not hold them).
        pms: the PM count judged (given, or derived from employees).
        employees: the head count given, or ``None``.
        reasons: sentences saying which band each input falls in and why the runner-up lost.

    Examples:
        >>> rec = recommend_variant(pms=12)
        >>> rec.variant, rec.runner_up, rec.decided_by
        ('scaleup', 'head_led', 'pms')
        >>> print(rec.reasons[0])
        12 PMs fall in scaleup's PM band 5-36
    """

    variant: str
    runner_up: str | None
    decided_by: str
    pms: int
    employees: int | None
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The recommendation as a JSON-able dict (``orgroles recommend --format json``)."""
        return {
            "variant": self.variant,
            "runner_up": self.runner_up,
            "decided_by": self.decided_by,
            "pms": self.pms,
            "employees": self.employees,
            "reasons": list(self.reasons),
        }

    def __str__(self) -> str:
        runner = f" (runner-up: {self.runner_up})" if self.runner_up else ""
        return "\n".join([f"{self.variant}{runner}", *(f"  - {r}" for r in self.reasons)])


def _margin(band: SizeBand, count: int) -> float:
    """How far inside the band a count lies (negative outside), so overlaps split midway."""
    upper = math.inf if band.max is None else band.max - count
    return min(count - band.min, upper)


def recommend_variant(
    *,
    employees: int | None = None,
    pms: int | None = None,
    product_lines: int | None = None,
    business_units: int | None = None,
    candidates: Iterable[Variant] | None = None,
) -> Recommendation:
    """The variant that fits a company of this size, with the reasons and the runner-up.

    The PM count decides (a template builds the product org); without it, PMs are derived from
    employees (:func:`pms_for_employees`) and employees decide. Where size bands overlap, the
    variant the count lies deeper inside wins, so an overlap splits in its middle (5 PMs:
    ``startup``, 6: ``scaleup``; 30: ``scaleup``, 31: ``enterprise``). Variants with the same
    bands keep their built-in order (``scaleup`` before ``head_led``, ``enterprise`` before
    ``bu_heads``) unless the product lines or business units given do not fit the first.

    Args:
        employees: the company's head count.
        pms: PM-track individual contributors (APM, PM, Senior PM, Principal PM).
        product_lines: product lines (one Director each) the org has, if known.
        business_units: business units the org has, if known.
        candidates: the variants to choose from (default: the built-ins).

    Raises:
        TemplateError: neither ``employees`` nor ``pms`` given, or a count below its minimum.

    Examples:
        >>> recommend_variant(employees=30).variant
        'startup'
        >>> rec = recommend_variant(pms=80, product_lines=3, business_units=4)
        >>> rec.variant, rec.runner_up, rec.decided_by
        ('bu_heads', 'enterprise', 'product_lines')
    """
    check_count("employees", employees, minimum=1)
    check_count("pms", pms, minimum=0)
    check_count("product_lines", product_lines, minimum=1)
    check_count("business_units", business_units, minimum=1)
    pool = variants() if candidates is None else tuple(candidates)
    if not pool:
        raise TemplateError("recommend_variant needs at least one candidate variant")
    if pms is None and employees is None:
        raise TemplateError("recommend_variant needs employees or pms (or both)")
    order = {v.name: n for n, v in enumerate(pool)}
    fits, reasons = _size_fits(pool, pms=pms, employees=employees)
    decided_by = "pms" if pms is not None else "employees"
    count = pms if pms is not None else pms_for_employees(employees or 0)

    def closeness(v: Variant) -> tuple[float, float]:
        by_count = _margin(v.pms, count)
        by_size = _margin(v.employees, employees) if employees is not None else 0.0
        return (by_size, by_count) if decided_by == "employees" else (by_count, by_size)

    plans = {
        v.name: _attempt(v, pms=pms, employees=employees, lines=product_lines, units=business_units)
        for v in fits
    }
    refused = {name: why for name, why in plans.items() if isinstance(why, str)}
    by_size = sorted(fits, key=lambda v: (*(-m for m in closeness(v)), order[v.name]))
    ranked = sorted(by_size, key=lambda v: v.name in refused)
    best = ranked[0]
    if by_size[0] is not best:
        # The closest size fit cannot hold the structure given: say which input ruled it out.
        alone = _attempt(by_size[0], pms=pms, employees=employees, lines=product_lines, units=None)
        decided_by = "product_lines" if isinstance(alone, str) else "business_units"
    plan = plans[best.name]
    if isinstance(plan, TemplatePlan):
        count = plan.pms
    reasons = _size_reasons(best, decided_by=decided_by, count=count, employees=employees) + reasons
    if best.name in refused:
        reasons.append(
            f"but no candidate can be built from these parameters; {best.name}: "
            f"{refused[best.name]}"
        )
    reasons.extend(f"not {name}: {why}" for name, why in refused.items() if name != best.name)
    runner = ranked[1] if len(ranked) > 1 else None
    if runner is not None and runner.name not in refused:
        if closeness(runner) == closeness(best):
            why = "the same size bands"
        else:
            why = f"its bands fit too (PMs {runner.pms}, employees {runner.employees})"
        reasons.append(f"runner-up {runner.name}: {why}; its shape is {runner.shape}")
    return Recommendation(
        variant=best.name,
        runner_up=runner.name if runner is not None else None,
        decided_by=decided_by,
        pms=count,
        employees=employees,
        reasons=tuple(reasons),
    )


def _size_fits(
    pool: tuple[Variant, ...], *, pms: int | None, employees: int | None
) -> tuple[list[Variant], list[str]]:
    """The variants whose bands hold the deciding count (PMs, else employees), with notes."""
    order = {v.name: n for n, v in enumerate(pool)}
    if pms is not None:
        by_pms = fitting_variants(pms=pms, candidates=pool)
        fits = [v for v in by_pms if employees is None or v.employees.contains(employees)]
        if fits:
            return fits, []
        if by_pms:
            bands = ", ".join(f"{v.name} {v.employees}" for v in by_pms)
            return by_pms, [
                f"{employees} employees is outside the employee bands of the variants that fit "
                f"{pms} PMs ({bands}); the PM count decides, as a template is the product org"
            ]
        nearest = max(pool, key=lambda v: (_margin(v.pms, pms), -order[v.name]))
        return [nearest], [f"{pms} PMs fit no variant's PM band; the nearest is {nearest.name}"]
    assert employees is not None  # noqa: S101  # the caller checked one of the two is given
    fits = [v for v in pool if v.employees.contains(employees)]
    if fits:
        return fits, []
    nearest = max(pool, key=lambda v: (_margin(v.employees, employees), -order[v.name]))
    return [nearest], [
        f"{employees} employees fit no variant's employee band; the nearest is {nearest.name}"
    ]


def _attempt(
    v: Variant, *, pms: int | None, employees: int | None, lines: int | None, units: int | None
) -> TemplatePlan | str:
    """The plan of a template with these parameters, or why there is none."""
    head_count = employees if employees is not None and v.employees.contains(employees) else None
    try:
        return plan_template(
            v, pms=pms, employees=head_count, product_lines=lines, business_units=units
        )
    except TemplateError as error:
        return str(error)


def _size_reasons(
    best: Variant, *, decided_by: str, count: int, employees: int | None
) -> list[str]:
    """Which band each size input falls in, the deciding one first."""
    if decided_by == "employees" and employees is not None:
        people, verb = _count(employees, "employee"), _verb(employees)
        suggested = pms_for_employees(employees)
        adjusted = ""
        if count > suggested:
            adjusted = " (the fewest its band and spans allow)"
        elif count < suggested:
            adjusted = " (the most its spans and layers hold)"
        return [
            f"{people} fall{verb} in {best.name}'s employee band {best.employees}",
            f"{people} suggest{verb} about {_count(suggested, 'PM')} (one per "
            f"{EMPLOYEES_PER_PM} employees: 6-10 engineers per PM, about half of a company builds "
            f"the product); {with_article(best.name)} template starts from {count}{adjusted}",
        ]
    reasons = []
    if best.pms.contains(count):
        reasons.append(
            f"{_count(count, 'PM')} fall{_verb(count)} in {best.name}'s PM band {best.pms}"
        )
    if employees is not None and best.employees.contains(employees):
        reasons.append(
            f"{_count(employees, 'employee')} fall{_verb(employees)} in its band {best.employees}"
        )
    return reasons


def _verb(number: int) -> str:
    """The verb ending that agrees with a count: ``1 PM falls``, ``2 PMs fall``."""
    return "s" if number == 1 else ""


def _count(number: int, noun: str) -> str:
    """A count with its noun in agreement: ``1 PM``, ``2 PMs``."""
    return f"{number} {noun}{'' if number == 1 else 's'}"
