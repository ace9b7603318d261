"""Size-dependent templates: a realistic product org built from a variant and a company's size.

This module owns :func:`template` and :func:`recommend_variant`. It reads the variants' size
bands, spans, layers and ``manages`` tables and builds charts through the public
:class:`~orgroles.OrgChart` API; it knows no validation rule, file format, renderer or CLI.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Literal

from orgroles.chart import OrgChart
from orgroles.errors import TemplateError
from orgroles.variants import SizeBand, SpanBand, Variant, fitting_variants, get_variant, variants

__all__ = [
    "BUSINESS_UNIT_NAMES",
    "EMPLOYEES_PER_PM",
    "PRODUCT_LINE_NAMES",
    "Recommendation",
    "pms_for_employees",
    "recommend_variant",
    "template",
]

# -- the numbers behind the defaults -----------------------------------------------------------

EMPLOYEES_PER_PM = 16
"""Employees per PM when only the head count is known.

DESIGN.md section 2: 6-10 engineers per PM (8 is the middle); in a software company about half
of the employees build the product. So one PM per 8 / 0.5 = 16 employees: 50 employees give
3 PMs, 500 give 31, which lands in the variants' PM bands.
"""

# A line leader takes PMs directly up to two thirds of the IC span maximum (8 of 12: the low end
# of DESIGN's "8-12 is a full span"); a bigger line is split into GPM teams of about this size.
_GPM_TEAM_TARGET = 6
# Default line sizes per shape, in PM-track ICs: a scale-up Director leads about 10 PMs (so
# GPMs appear from about 20 PMs), an enterprise Director about 15 (GPM teams below).
_LINE_TARGET = {"scaleup": 10, "head_led": 10, "enterprise": 15, "bu_heads": 12}
# The PM count used when neither PMs nor employees are given: a typical org of the shape.
_TYPICAL_PMS = {"startup": 4, "scaleup": 16, "head_led": 12, "enterprise": 60, "bu_heads": 60}
# One designer per two PMs (DESIGN: "one designer per 1-2 PMs") in a startup's single team.
_PMS_PER_DESIGNER = 2

PRODUCT_LINE_NAMES: tuple[str, ...] = (
    "Payments", "Growth", "Platform", "Search", "Checkout", "Identity", "Messaging", "Onboarding",
    "Billing", "Catalog", "Logistics", "Recommendations", "Notifications", "Security",
    "Integrations", "Pricing", "Mobile", "Insights", "Ads", "Loyalty", "Subscriptions", "Support",
    "Reporting", "Fulfilment", "Inventory", "Trust and Safety", "Localisation", "Developer Tools",
    "Data Platform", "Maps", "Content", "Community", "Reviews", "Lending", "Fraud", "Compliance",
    "Partner API", "Accessibility", "Collaboration", "Automation",
)  # fmt: skip
"""Product-line names, used in order (``Payments 2`` and on when a chart needs more)."""

BUSINESS_UNIT_NAMES: tuple[str, ...] = (
    "Consumer", "Business", "Enterprise", "Marketplace", "Developer", "Creator", "Advertising",
    "Public Sector", "Education", "Health", "International", "Partners",
)  # fmt: skip
"""Business-unit names, used in order (``Consumer 2`` and on when a chart needs more)."""

_FIRST_NAMES = (
    "Ada", "Grace", "Lin", "Noor", "Kai", "Ana", "Sam", "Ines", "Ravi", "Mei", "Tomas", "Amara",
    "Yuki", "Omar", "Sofia", "Jonas", "Priya", "Mateo", "Leila", "Felix", "Zara", "Diego", "Hana",
    "Ibrahim", "Elena", "Kofi", "Maya", "Arjun", "Chloe", "Emeka", "Freya", "Hugo", "Aisha",
    "Lars", "Nadia", "Paulo", "Rosa", "Tariq", "Uma", "Viktor",
)  # fmt: skip
_LAST_NAMES = (
    "Lovelace", "Hopper", "Wei", "Haddad", "Berg", "Ruiz", "Okafor", "Duarte", "Iyer", "Tanaka",
    "Novak", "Mensah", "Sato", "Farouk", "Rossi", "Schmidt", "Patel", "Garcia", "Karimi", "Weber",
    "Ahmed", "Lopez", "Kim", "Diallo", "Petrova", "Owusu", "Cohen", "Nair", "Martin", "Obi",
    "Larsen", "Moreau", "Yilmaz", "Nilsen", "Silva", "Costa", "Jensen", "Khan", "Ito", "Volkov",
)  # fmt: skip

# Job titles as companies write them; each resolves back to its role through the title matcher.
_TITLES = {
    "ceo": "Chief Executive Officer",
    "cpo": "Chief Product Officer",
    "vp_product": "VP of Product",
    "head_of_product": "Head of Product",
    "senior_director": "Senior Director of Product",
    "director": "Director of Product",
    "gpm": "Group Product Manager",
    "principal_pm": "Principal Product Manager",
    "senior_pm": "Senior Product Manager",
    "pm": "Product Manager",
    "apm": "Associate Product Manager",
    "designer": "Product Designer",
    "analyst": "Product Analyst",
}
# Short id prefixes: `dir-payments`, `pm-payments-3`.
_PREFIX = {
    "ceo": "ceo",
    "cpo": "cpo",
    "vp_product": "vp",
    "head_of_product": "hop",
    "senior_director": "sd",
    "director": "dir",
    "gpm": "gpm",
    "principal_pm": "ppm",
    "senior_pm": "spm",
    "pm": "pm",
    "apm": "apm",
    "designer": "designer",
    "analyst": "analyst",
}

Shape = Literal["startup", "scaleup", "head_led", "enterprise", "bu_heads"]
_SHAPES: tuple[Shape, ...] = ("startup", "scaleup", "head_led", "enterprise", "bu_heads")


# -- recommendation ----------------------------------------------------------------------------


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


def pms_for_employees(employees: int) -> int:
    """The PM count a company of this head count typically has (:data:`EMPLOYEES_PER_PM`).

    Examples:
        >>> pms_for_employees(50), pms_for_employees(500), pms_for_employees(5000)
        (3, 31, 312)
    """
    return round(employees / EMPLOYEES_PER_PM)


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
    _check_count("employees", employees, minimum=1)
    _check_count("pms", pms, minimum=0)
    _check_count("product_lines", product_lines, minimum=1)
    _check_count("business_units", business_units, minimum=1)
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
    if isinstance(plan, _Plan):
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
) -> _Plan | str:
    """The plan of a template with these parameters, or why there is none."""
    head_count = employees if employees is not None and v.employees.contains(employees) else None
    try:
        return _plan(v, pms=pms, employees=head_count, product_lines=lines, business_units=units)
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
            f"the product); {_a(best.name)} template starts from {count}{adjusted}",
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


# -- planning: the numbers of a template, checked before anything is built ---------------------


@dataclass(frozen=True)
class _Rules:
    """What the generator reads from a variant, resolved once."""

    variant: Variant
    shape: Shape
    top: str
    ics: SpanBand  # a manager of individual contributors
    managers: SpanBand  # a manager of managers
    mixed: SpanBand  # a span fine under either band: managers and partners together
    gpm: SpanBand | None  # a GPM's band, None when GPMs cannot lead a team here
    mentor: SpanBand | None  # a Senior PM mentoring APMs, None when not allowed
    apm_under_leader: bool

    @classmethod
    def of(cls, variant: Variant) -> _Rules:
        shape = _shape_of(variant)
        ics = variant.spans.ics
        managers = variant.spans.managers
        mixed = SpanBand(
            min=max(ics.min, managers.min), max=min(_upper(ics), _upper(managers), 10**6)
        )
        gpm: SpanBand | None = None
        if variant.may_manage("gpm", "pm") and variant.may_manage("gpm", "senior_pm"):
            gpm = variant.span_band("gpm", manages_managers=False)
        mentor: SpanBand | None = None
        if variant.may_manage("senior_pm", "apm"):
            band = variant.span_band("senior_pm", manages_managers=False)
            if band.min <= 1:
                mentor = band
        return cls(
            variant=variant,
            shape=shape,
            top=variant.top_leader[0],
            ics=ics,
            managers=managers,
            mixed=mixed,
            gpm=gpm,
            mentor=mentor,
            apm_under_leader=bool(variant.may_manage(_LEADER[shape], "apm")),
        )


def _upper(band: SizeBand) -> int:
    return 10**6 if band.max is None else band.max


# The role that leads a product line (or business unit) and staffs its teams.
_LEADER: dict[Shape, str] = {
    "startup": "head_of_product",
    "scaleup": "director",
    "head_led": "director",
    "enterprise": "director",
    "bu_heads": "head_of_product",
}
# The layer (the top product leader is 1) of the line leaders in each shape.
_LEADER_LAYER: dict[Shape, int] = {
    "startup": 1,
    "scaleup": 2,
    "head_led": 2,
    "enterprise": 3,
    "bu_heads": 3,
}


def _shape_of(variant: Variant) -> Shape:
    """Which built-in shape a variant follows: its own name, or the base it was derived from."""
    if variant.name in _SHAPES:
        return variant.name
    hop, director = variant.rank_of("head_of_product"), variant.rank_of("director")
    required = {key for group in variant.required for key in group}
    top = variant.top_leader[0]
    if hop is not None and director is not None and hop < director:
        return "bu_heads"
    if required & {"senior_director", "vp_product"}:
        return "enterprise"
    if "director" not in required:
        return "startup"
    return "head_led" if top == "head_of_product" else "scaleup"


@dataclass(frozen=True)
class _Team:
    """How a group of PM-track ICs is staffed: who reports to the manager, who is mentored."""

    seniors: int
    pms: int
    apms: int
    mentored: bool  # APMs report to Senior PMs (else to the team's manager)

    @property
    def direct(self) -> int:
        """Reports of the team's manager."""
        return self.seniors + self.pms + (0 if self.mentored else self.apms)

    @property
    def size(self) -> int:
        return self.seniors + self.pms + self.apms


def _team(ics: int, rules: _Rules, *, mentoring: bool) -> _Team:
    """Split ``ics`` PM-track people into Senior PMs, PMs and APMs.

    About one in three direct reports is a Senior PM. With mentoring, about one in six (one in
    a team of five) is an APM reporting to a Senior PM of their own (the mentor's band starts at
    one, so that is no one-to-one layer); otherwise one in four is an APM reporting to the
    team's manager.
    """
    if mentoring and rules.mentor is not None:
        apms = (ics + 1) // 6
        direct = ics - apms
        seniors = max(apms, direct // 3)
        return _Team(seniors=seniors, pms=direct - seniors, apms=apms, mentored=True)
    apms = ics // 4 if rules.apm_under_leader else 0
    seniors = (ics - apms) // 3
    return _Team(seniors=seniors, pms=ics - apms - seniors, apms=apms, mentored=False)


@dataclass(frozen=True)
class _Line:
    """One product line or business unit: its leader, partners and teams."""

    ics: int
    partners: int
    gpm_teams: tuple[_Team, ...]  # empty: the leader manages the PMs directly
    team: _Team | None  # the directly managed team when there are no GPMs


@dataclass(frozen=True)
class _Plan:
    rules: _Rules
    employees: int | None
    pms: int
    product_lines: int
    business_units: int
    designers: bool
    analysts: bool
    mentoring: bool
    lines: tuple[_Line, ...]


def _split(total: int, parts: int) -> list[int]:
    """``total`` in ``parts`` near-equal whole numbers, larger first."""
    base, extra = divmod(total, parts)
    return [base + (1 if n < extra else 0) for n in range(parts)]


def _a(word: str) -> str:
    """``word`` with its indefinite article: ``a scaleup``, ``an enterprise``."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def _check_count(name: str, value: object, *, minimum: int) -> None:
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool):
        raise TemplateError(f"{name} must be a whole number, got {value!r}")
    if value < minimum:
        raise TemplateError(f"{name} must be at least {minimum}, got {value}")


_SUGGESTING: ContextVar[bool] = ContextVar("orgroles_templates_suggesting", default=False)


def _fits_text(pms: int, employees: int | None) -> str:
    """Names the variants that fit, and one whose template really builds, for error messages."""
    fits = fitting_variants(pms=pms, employees=employees) or fitting_variants(pms=pms)
    if not fits:
        return "no built-in variant fits; derive one with wider bands (Variant.derive)"
    names = " or ".join(v.name for v in fits)
    if _SUGGESTING.get():  # checking a suggestion: do not check the suggestions' suggestions
        return f"{pms} PMs fit {names}"
    token = _SUGGESTING.set(True)
    try:
        problems = {}
        for fit in fits:
            try:
                _plan(fit, pms=pms)
            except TemplateError as error:
                problems[fit.name] = str(error)
            else:
                return f"{pms} PMs fit {names}: try template({fit.name!r}, pms={pms})"
    finally:
        _SUGGESTING.reset(token)
    first = fits[0].name
    return (
        f"{pms} PMs fit {names}, but no template of that size builds ({first}: {problems[first]})"
    )


def _line_plan(ics: int, partners: int, rules: _Rules, *, mentoring: bool, gpms: bool) -> _Line:
    """Staff one line of ``ics`` PMs so every span stays in the variant's bands.

    The leader manages the PMs directly while that is at most two thirds of the IC band's
    maximum (8 of 12); a bigger line gets GPM teams of about six, the leader then managing the
    GPMs and the partners (a span kept inside both the IC and the manager band).

    Raises:
        TemplateError: no staffing keeps the spans in the bands.
    """
    ics_band = rules.ics
    direct = _team(ics, rules, mentoring=mentoring)
    span = direct.direct + partners
    comfortable = max(ics_band.min, _upper(ics_band) * 2 // 3)
    fits_directly = ics_band.min <= span <= _upper(ics_band)
    if fits_directly and (span <= comfortable or rules.gpm is None or not gpms):
        return _Line(ics=ics, partners=partners, gpm_teams=(), team=direct)
    if span < ics_band.min:
        raise TemplateError(
            f"a line of {ics} PMs and {partners} partner(s) gives its leader {span} reports, "
            f"below the span band {ics_band}; use fewer product lines"
        )
    if gpms and rules.gpm is not None:
        first = max(2, math.ceil(ics / _GPM_TEAM_TARGET))
        for count in range(first, _upper(rules.mixed) - partners + 1):
            # Without partners the leader manages managers only; with them, keep the span
            # inside both bands, as the rule picks a band by what most reports are.
            band = rules.managers if partners == 0 else rules.mixed
            if not band.contains(count + partners):
                continue
            teams = tuple(_team(size, rules, mentoring=mentoring) for size in _split(ics, count))
            if all(rules.gpm.contains(team.direct) for team in teams):
                return _Line(ics=ics, partners=partners, gpm_teams=teams, team=None)
    if span <= _upper(ics_band):
        return _Line(ics=ics, partners=partners, gpm_teams=(), team=direct)
    raise _LineTooBigError(
        f"a line of {ics} PMs is too big for one leader even with GPM teams; use more product "
        "lines (or derive a variant with wider spans)",
        ics=ics,
    )


class _LineTooBigError(TemplateError):
    """A line needs more PMs than one leader's spans and layers hold."""

    def __init__(self, message: str, *, ics: int) -> None:
        super().__init__(message)
        self.ics = ics


def _largest(build: Callable[[int], _Plan], low: int, high: int) -> _Plan | None:
    """The plan of the largest count in ``low..high`` that builds (a binary search), or None.

    Counts build up to a capacity and fail above it, so ``log2(high - low)`` attempts find it
    however large the count asked for (a head count of millions derives a huge PM count).
    """
    best = None
    while low <= high:
        middle = (low + high) // 2
        try:
            best, low = build(middle), middle + 1
        except TemplateError:
            high = middle - 1
    return best


def _plan(
    variant: Variant,
    *,
    pms: int | None,
    employees: int | None = None,
    product_lines: int | None = None,
    business_units: int | None = None,
    designers: bool = True,
    analysts: bool = False,
) -> _Plan:
    """The checked numbers of a template: PMs per line, GPM teams, mentoring.

    Raises:
        TemplateError: the parameters cannot make a sound org of this variant.
    """
    rules = _Rules.of(variant)
    v = variant
    if employees is not None and not v.employees.contains(employees):
        count = pms if pms is not None else pms_for_employees(employees)
        raise TemplateError(
            f"{employees} employees is outside {v.name}'s employee band {v.employees}; "
            + _fits_text(count, employees)
        )
    explicit = pms is not None
    if pms is None:
        guess = pms_for_employees(employees) if employees is not None else None
        if guess is None:
            guess = _TYPICAL_PMS[rules.shape]
        pms = _clamp(guess, v.pms.min, _upper(v.pms))
    if not v.pms.contains(pms):
        raise TemplateError(
            f"{_a(v.name)} template cannot have {pms} PMs: {v.name} fits {v.pms} PMs; "
            + _fits_text(pms, employees)
        )
    # Depth: the line leader's layer, then an optional GPM, the PMs, and mentored APMs.
    room = v.max_layers - _LEADER_LAYER[rules.shape]
    if room < 1:
        raise TemplateError(f"{v.name} allows {v.max_layers} layers, too few for its shape")
    gpms = room >= 2
    mentoring = rules.mentor is not None and room >= 3
    partners = int(designers) + int(analysts)

    def build(count: int) -> _Plan:
        return _plan_lines(
            rules,
            pms=count,
            employees=employees,
            product_lines=product_lines,
            business_units=business_units,
            designers=designers,
            analysts=analysts,
            partners=partners,
            gpms=gpms,
            mentoring=mentoring,
        )

    try:
        return build(pms)
    except TemplateError as failure:
        error = failure
    if not explicit:
        # A derived PM count may not suit the shape: too few for its line leaders' spans (take
        # the next count up that works) or more than its spans and layers hold (take the
        # largest that fits, e.g. about a thousand PMs for enterprise).
        for count in range(pms + 1, min(_upper(v.pms), pms + 64) + 1):
            try:
                return build(count)
            except TemplateError:
                continue
        largest = _largest(build, v.pms.min, pms - 1)
        if largest is not None:
            return largest
    elif isinstance(error, _LineTooBigError) and product_lines is None:
        # The product lines were derived and are already the most the spans allow: the
        # useful fact is how many PMs such a template holds.
        largest = _largest(build, v.pms.min, pms - 1)
        if largest is not None:
            raise TemplateError(
                f"{_a(v.name)} template holds at most {largest.pms} PMs with these options, "
                f"got {pms}: even with the most product lines its spans allow, a line of "
                f"{error.ics} PMs is too big for one leader even with GPM teams; use fewer PMs "
                "(or derive a variant with wider spans or more layers)"
            ) from None
    raise error


def _plan_lines(
    rules: _Rules,
    *,
    pms: int,
    employees: int | None,
    product_lines: int | None,
    business_units: int | None,
    designers: bool,
    analysts: bool,
    partners: int,
    gpms: bool,
    mentoring: bool,
) -> _Plan:
    if rules.shape == "startup":
        return _startup_plan(
            rules,
            pms=pms,
            employees=employees,
            product_lines=product_lines,
            business_units=business_units,
            designers=designers,
            analysts=analysts,
        )
    lines, units, leaves = _structure(
        rules, pms=pms, product_lines=product_lines, business_units=business_units
    )
    smallest = max(1, rules.ics.min - partners)
    if pms < leaves * smallest:
        without = " and no designers or analysts" if partners == 0 else ""
        raise TemplateError(
            f"{_a(rules.variant.name)} template with {lines} product line(s){without} needs at "
            f"least {leaves * smallest} PMs ({smallest} for each of {leaves} line leaders, whose "
            f"span band is {rules.ics}); got {pms}"
        )
    per_line = _split(pms, leaves)
    # Lines differ by at most one PM, so only two sizes are ever planned.
    by_size = {
        count: _line_plan(count, partners, rules, mentoring=mentoring, gpms=gpms)
        for count in dict.fromkeys(per_line)
    }
    staffed = tuple(by_size[count] for count in per_line)
    return _Plan(rules, employees, pms, lines, units, designers, analysts, mentoring, staffed)


def _startup_plan(
    rules: _Rules,
    *,
    pms: int,
    employees: int | None,
    product_lines: int | None,
    business_units: int | None,
    designers: bool,
    analysts: bool,
) -> _Plan:
    """One team under the top leader; product areas only label people."""
    name = rules.variant.name
    _no_business_units(name, business_units)
    areas = product_lines or 1
    if areas > max(pms, 1):
        raise TemplateError(
            f"{_a(name)} template with {pms} PMs can have at most {max(pms, 1)} product "
            f"area(s), got {areas}"
        )
    team = _team(pms, rules, mentoring=False)
    designer_count = math.ceil(pms / _PMS_PER_DESIGNER) if designers else 0
    span = team.direct + designer_count + int(analysts)
    if not rules.ics.contains(span):
        if span < rules.ics.min:
            flags = (("designers", designers), ("analysts", analysts))
            unset = [f"{flag}=True" for flag, on in flags if not on]
            need = "more PMs" + (f" (or {', '.join(unset)})" if unset else "")
        else:
            need = f"fewer PMs, or another variant ({_fits_text(pms, employees)})"
        raise TemplateError(
            f"{_a(name)} template with {pms} PM(s) gives the {rules.top} {span} direct "
            f"report(s), outside the span band {rules.ics}: it needs {need}"
        )
    line = _Line(ics=pms, partners=designer_count + int(analysts), gpm_teams=(), team=team)
    return _Plan(rules, employees, pms, areas, 1, designers, analysts, False, (line,))


def _no_business_units(name: str, business_units: int | None) -> None:
    if business_units not in (None, 1):
        raise TemplateError(
            f"{_a(name)} org has no business units (got {business_units}); "
            "enterprise and bu_heads have them"
        )


def _in_band(value: int, low: int, high: int, *, what: str, why: str, variant: str) -> int:
    if not low <= value <= high:
        raise TemplateError(
            f"{_a(variant)} template needs {low}-{high} {what} ({why}), got {value}"
        )
    return value


def _structure(
    rules: _Rules, *, pms: int, product_lines: int | None, business_units: int | None
) -> tuple[int, int, int]:
    """Product lines, business units and line leaders (who staff the teams) of a shape.

    Defaults aim at lines of :data:`_LINE_TARGET` PMs and keep every manager of managers
    (CPO, Senior Director, Director over Heads of Product) inside the managers band.
    """
    shape, name = rules.shape, rules.variant.name
    lo, hi = rules.managers.min, _upper(rules.managers)
    leads = f"the {rules.top} leads {rules.managers}"
    wanted = math.ceil(pms / _LINE_TARGET[shape])
    if shape in ("scaleup", "head_led"):
        _no_business_units(name, business_units)
        lines = product_lines if product_lines is not None else _clamp(wanted, lo, hi)
        _in_band(lines, lo, hi, what="product lines", why=leads, variant=name)
        return lines, 1, lines
    if shape == "enterprise":
        if business_units is None:
            units = _clamp(math.ceil((product_lines or wanted) / 3), lo, hi)
        else:
            units = business_units
        _in_band(units, lo, hi, what="business units", why=leads, variant=name)
        default = _clamp(wanted, lo * units, hi * units)
        lines = default if product_lines is None else product_lines
        _in_band(
            lines,
            lo * units,
            hi * units,
            what="product lines",
            why=f"{lo}-{hi} Directors under each of {units} business units",
            variant=name,
        )
        return lines, units, lines
    # bu_heads: a Director per product line, a Head of Product per business unit under each.
    heads = max(lo * lo, wanted)
    lines = product_lines if product_lines is not None else _clamp(round(math.sqrt(heads)), lo, hi)
    _in_band(lines, lo, hi, what="product lines", why=leads, variant=name)
    default = _clamp(math.ceil(heads / lines), lo, hi)
    units = default if business_units is None else business_units
    why = "a Head of Product for each under every Director"
    _in_band(units, lo, hi, what="business units", why=why, variant=name)
    return lines, units, lines * units


# -- building ----------------------------------------------------------------------------------


@dataclass
class _Seat:
    id: str
    role: str
    unit: str | None = None
    dotted_to: tuple[str, ...] = ()
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
        return f"{_PREFIX[role]}{middle}-{number}"


def _staff_team(
    manager: _Seat, team: _Team, *, unit: str | None, slug: str | None, ids: _Ids
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
    leader: _Seat, line: _Line, plan: _Plan, *, unit: str | None, slug: str | None, ids: _Ids
) -> None:
    """Add a line's teams (directly, or GPM teams) and its partners under the leader."""
    if line.team is not None:
        _staff_team(leader, line.team, unit=unit, slug=slug, ids=ids)
    for team in line.gpm_teams:
        gpm = leader.add(_Seat(ids.numbered("gpm", slug), "gpm", unit))
        _staff_team(gpm, team, unit=unit, slug=slug, ids=ids)
    if plan.rules.shape != "startup":
        # One lead designer and analyst per line: the rest of design usually reports into a
        # design org, and more partners here would crowd a Director's span.
        if plan.designers:
            leader.add(_Seat(ids.numbered("designer", slug), "designer", unit))
        if plan.analysts:
            leader.add(_Seat(ids.numbered("analyst", slug), "analyst", unit))


def _build(plan: _Plan) -> _Seat:
    """The seat tree of a plan, from the CEO down."""
    rules = plan.rules
    ids = _Ids()
    ceo = _Seat("ceo", "ceo")
    top = ceo.add(_Seat(_PREFIX[rules.top], rules.top))
    if rules.shape == "startup":
        _build_startup(top, plan, ids)
        return ceo
    lines = iter(plan.lines)

    def director(manager: _Seat, name: str) -> _Seat:
        return manager.add(_Seat(f"dir-{_slug(name)}", "director", name))

    def staff(leader: _Seat) -> None:
        unit = leader.unit
        _staff_line(leader, next(lines), plan, unit=unit, slug=_slug(unit or ""), ids=ids)

    line_names = _names(PRODUCT_LINE_NAMES, plan.product_lines)
    unit_names = _names(BUSINESS_UNIT_NAMES, plan.business_units)
    if rules.shape in ("scaleup", "head_led"):
        for name in line_names:
            staff(director(top, name))
    elif rules.shape == "enterprise":
        role = _bu_leader(rules.variant)
        # Product lines go to business units in order, as evenly as the counts allow.
        per_unit = iter(_split(plan.product_lines, plan.business_units))
        remaining = iter(line_names)
        for unit in unit_names:
            leader = top.add(_Seat(f"{_PREFIX[role]}-{_slug(unit)}", role, unit))
            for _ in range(next(per_unit)):
                staff(director(leader, next(remaining)))
    else:  # bu_heads: the same business units under every product line's Director
        for name in line_names:
            head_of_line = director(top, name)
            for segment in unit_names:
                unit = f"{segment} {name}"
                staff(head_of_line.add(_Seat(f"hop-{_slug(unit)}", "head_of_product", unit)))
    return ceo


def _build_startup(top: _Seat, plan: _Plan, ids: _Ids) -> None:
    """Everyone reports to the top leader; product areas (when several) label the people."""
    team = plan.lines[0].team
    assert team is not None  # noqa: S101  # a startup line is one directly managed team
    _staff_team(top, team, unit=None, slug=None, ids=ids)
    people = list(top.reports)
    if plan.designers:
        for _ in range(math.ceil(plan.pms / _PMS_PER_DESIGNER)):
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
        seat.id = f"{_PREFIX[seat.role]}-{_slug(area)}-{number}"


def _bu_leader(variant: Variant) -> str:
    """The role leading a business unit in an enterprise shape: a Senior Director, else a VP."""
    for role in ("senior_director", "vp_product"):
        if variant.may_manage(variant.top_leader[0], role) and role not in variant.forbidden:
            return role
    raise TemplateError(f"{variant.name} lets no Senior Director or VP lead a business unit")


def _title(seat: _Seat) -> str:
    base = _TITLES[seat.role]
    return f"{base}, {seat.unit}" if seat.unit else base


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

    The chart runs from the CEO down: the variant's top product leader, then its shape
    (DESIGN.md: Directors per product line, Senior Directors or Heads of Product per business
    unit, GPM teams where a line is too big for one Director, Senior PMs, PMs and APMs), with
    spans inside the variant's bands and layers within its limit. Every position below a
    product line or business unit carries that ``unit``; ids read like ``dir-payments`` and
    ``pm-payments-3``. The structure depends on the parameters only; ``seed`` picks the
    placeholder names and which seats are vacant.

    Args:
        variant: a built-in name or a :class:`~orgroles.Variant` (a derived one keeps its base's
            shape and uses its own spans and layers).
        employees: the company's head count; checked against the variant's band, stored as
            ``attributes: {employees: N}`` and used to derive ``pms`` when that is missing.
        pms: PM-track individual contributors (APM, PM, Senior PM, Principal PM). Default: from
            ``employees`` (:data:`EMPLOYEES_PER_PM`), else a typical org of the variant; a
            derived count is moved into the variant's band and capped at what its spans and
            layers hold (about a thousand PMs for ``enterprise``).
        product_lines: product lines, one Director each (product areas in a ``startup``).
            Default: from ``pms`` and the spans.
        business_units: business units (``enterprise``: one Senior Director each;
            ``bu_heads``: one Head of Product each under every Director). Default: from the rest.
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
    _check_count("employees", employees, minimum=1)
    _check_count("pms", pms, minimum=0)
    _check_count("product_lines", product_lines, minimum=1)
    _check_count("business_units", business_units, minimum=1)
    if not isinstance(vacancies, int | float) or not 0.0 <= vacancies < 1.0:
        raise TemplateError(
            f"vacancies is a fraction from 0 up to (not including) 1, got {vacancies!r}"
        )
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise TemplateError(f"seed must be a whole number, got {seed!r}")
    plan = _plan(
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


def _placeholder_names(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct names from the fixed first/last-name lists, in a seeded order."""
    pool = len(_FIRST_NAMES) * len(_LAST_NAMES)
    picks = rng.sample(range(pool), min(count, pool))
    picks += [n % pool for n in range(count - len(picks))]
    names = []
    for n, pick in enumerate(picks):
        first, last = divmod(pick, len(_LAST_NAMES))
        suffix = "" if n < pool else f" {n // pool + 1}"
        names.append(f"{_FIRST_NAMES[first]} {_LAST_NAMES[last]}{suffix}")
    return names
