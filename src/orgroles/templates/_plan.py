"""Planning a template: the checked numbers of a variant's org before anything is built.

This module owns the PM count (given, derived from employees, or the variant's typical one), the
product lines and business units, and how each line is staffed (GPM teams, Senior PMs, PMs,
APMs, mentoring) so every span and layer stays in the variant's bands; and the
:class:`~orgroles.TemplateError` messages that say what would build instead. The structure comes
from the variant's ``template:`` section. It knows no ids, titles or names, and builds no chart.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from orgroles._variants import (
    SizeBand,
    SpanBand,
    Structure,
    TemplateShape,
    Variant,
    fitting_variants,
)
from orgroles.errors import TemplateError

__all__ = [
    "EMPLOYEES_PER_PM",
    "PMS_PER_DESIGNER",
    "Line",
    "Team",
    "TemplatePlan",
    "check_count",
    "plan_template",
    "pms_for_employees",
    "split_evenly",
    "with_article",
]

# -- the numbers behind the defaults -----------------------------------------------------------

EMPLOYEES_PER_PM = 16
"""Employees per PM when only the head count is known.

6-10 engineers per PM is the usual ratio (8 is the middle); in a software company about half of
the employees build the product. So one PM per 8 / 0.5 = 16 employees: 50 employees give
3 PMs, 500 give 31, which lands in the variants' PM bands.
"""

# A line leader takes PMs directly up to two thirds of the IC span maximum (8 of 12: the low end
# of "8-12 is a full span"); a bigger line is split into GPM teams of about this size.
_GPM_TEAM_TARGET = 6
# One designer per two PMs (the usual "one designer per 1-2 PMs") in a single team.
PMS_PER_DESIGNER = 2


def pms_for_employees(employees: int) -> int:
    """The PM count a company of this head count typically has (:data:`EMPLOYEES_PER_PM`).

    Examples:
        >>> pms_for_employees(50), pms_for_employees(500), pms_for_employees(5000)
        (3, 31, 312)
    """
    return round(employees / EMPLOYEES_PER_PM)


@dataclass(frozen=True)
class _Rules:
    """What the generator reads from a variant, resolved once."""

    variant: Variant
    shape: TemplateShape
    top: str
    ics: SpanBand  # a manager of individual contributors
    managers: SpanBand  # a manager of managers
    mixed: SpanBand  # a span fine under either band: managers and partners together
    gpm: SpanBand | None  # a GPM's band, None when GPMs cannot lead a team here
    mentor: SpanBand | None  # a Senior PM mentoring APMs, None when not allowed
    apm_under_leader: bool

    @classmethod
    def of(cls, variant: Variant) -> _Rules:
        shape = variant.template
        if shape is None:
            raise TemplateError(
                f"variant {variant.name!r} has no template section, so no template is built from "
                "it; derive it from a built-in variant, or add one (template: {structure: "
                "product_lines, line_leader: director, typical_pms: 16})"
            )
        ics = variant.spans.ics
        managers = variant.spans.managers
        mixed = SpanBand(
            min=max(ics.min, managers.min), max=min(_upper(ics), _upper(managers), 10**6)
        )
        gpm: SpanBand | None = None
        if variant.may_manage("gpm", "pm") and variant.may_manage("gpm", "senior_pm"):
            gpm = variant.span_band("gpm", manages_managers=False)
        top = variant.top_leader[0]
        mentor: SpanBand | None = None
        if variant.may_manage("senior_pm", "apm"):
            band = variant.span_band("senior_pm", manages_managers=False)
            if band.min <= 1:
                mentor = band
        return cls(
            variant=variant,
            shape=shape,
            top=top,
            ics=ics,
            managers=managers,
            mixed=mixed,
            gpm=gpm,
            mentor=mentor,
            apm_under_leader=bool(variant.may_manage(shape.line_leader or top, "apm")),
        )

    @property
    def structure(self) -> Structure:
        """What sits between the top leader and the teams (the variant's ``template:``)."""
        return self.shape.structure


def _upper(band: SizeBand) -> int:
    return 10**6 if band.max is None else band.max


@dataclass(frozen=True)
class Team:
    """How a group of PM-track ICs is staffed: who reports to the manager, who is mentored."""

    seniors: int
    pms: int
    apms: int
    mentored: bool  # APMs report to Senior PMs (else to the team's manager)

    @property
    def direct(self) -> int:
        """Reports of the team's manager."""
        return self.seniors + self.pms + (0 if self.mentored else self.apms)


def _team(ics: int, rules: _Rules, *, mentoring: bool) -> Team:
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
        return Team(seniors=seniors, pms=direct - seniors, apms=apms, mentored=True)
    apms = ics // 4 if rules.apm_under_leader else 0
    seniors = (ics - apms) // 3
    return Team(seniors=seniors, pms=ics - apms - seniors, apms=apms, mentored=False)


@dataclass(frozen=True)
class Line:
    """One product line or business unit: how its leader's teams are staffed."""

    gpm_teams: tuple[Team, ...]  # empty: the leader manages the PMs directly
    team: Team | None  # the directly managed team when there are no GPMs


@dataclass(frozen=True)
class TemplatePlan:
    """The checked numbers of one template: what building it reads."""

    rules: _Rules
    pms: int
    product_lines: int
    business_units: int
    designers: bool
    analysts: bool
    lines: tuple[Line, ...]


def split_evenly(total: int, parts: int) -> list[int]:
    """``total`` in ``parts`` near-equal whole numbers, larger first."""
    base, extra = divmod(total, parts)
    return [base + (1 if n < extra else 0) for n in range(parts)]


def with_article(word: str) -> str:
    """``word`` with its indefinite article: ``a scaleup``, ``an enterprise``."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def check_count(name: str, value: object, *, minimum: int) -> None:
    """Refuse a count argument that is not a whole number of at least ``minimum`` (None passes)."""
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool):
        raise TemplateError(f"{name} must be a whole number, got {value!r}")
    if value < minimum:
        raise TemplateError(f"{name} must be at least {minimum}, got {value}")


def _fits(
    pms: int, employees: int | None, *, suggest: bool
) -> tuple[str, dict[str, str | int | bool]]:
    """The variants that fit, for a message, and the arguments of one whose template builds.

    ``suggest=False`` (while checking a suggestion) names the variants without trying them.
    """
    fits = fitting_variants(pms=pms, employees=employees) or fitting_variants(pms=pms)
    if not fits:
        return "no built-in variant fits; derive one with wider bands (Variant.derive)", {}
    names = " or ".join(v.name for v in fits)
    if not suggest:
        return f"{pms} PMs fit {names}", {}
    problems = {}
    for fit in fits:
        try:
            plan_template(fit, pms=pms, suggest=False)
        except TemplateError as error:
            problems[fit.name] = str(error)
        else:
            return f"{pms} PMs fit {names}", {"variant": fit.name, "pms": pms}
    first = fits[0].name
    return (
        f"{pms} PMs fit {names}, but no template of that size builds ({first}: {problems[first]})",
        {},
    )


def _line_plan(ics: int, partners: int, rules: _Rules, *, mentoring: bool, gpms: bool) -> Line:
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
        return Line(gpm_teams=(), team=direct)
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
            teams = tuple(
                _team(size, rules, mentoring=mentoring) for size in split_evenly(ics, count)
            )
            if all(rules.gpm.contains(team.direct) for team in teams):
                return Line(gpm_teams=teams, team=None)
    if span <= _upper(ics_band):
        return Line(gpm_teams=(), team=direct)
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


def _largest(build: Callable[[int], TemplatePlan], low: int, high: int) -> TemplatePlan | None:
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


def plan_template(
    variant: Variant,
    *,
    pms: int | None,
    employees: int | None = None,
    product_lines: int | None = None,
    business_units: int | None = None,
    designers: bool = True,
    analysts: bool = False,
    suggest: bool = True,
) -> TemplatePlan:
    """The checked numbers of a template: PMs per line, GPM teams, mentoring.

    ``suggest=False`` names the variants that fit a refused size without checking that their
    templates build (that is how a suggestion itself is checked).

    Raises:
        TemplateError: the parameters cannot make a sound org of this variant.
    """
    rules = _Rules.of(variant)
    v = variant
    if employees is not None and not v.employees.contains(employees):
        count = pms if pms is not None else pms_for_employees(employees)
        fits, retry = _fits(count, employees, suggest=suggest)
        raise TemplateError(
            f"{employees} employees is outside {v.name}'s employee band {v.employees}; {fits}"
            + (": try {retry}" if retry else ""),
            retry=retry,
        )
    explicit = pms is not None
    if pms is None:
        guess = pms_for_employees(employees) if employees is not None else None
        if guess is None:
            guess = rules.shape.typical_pms
        pms = _clamp(guess, v.pms.min, _upper(v.pms))
    if not v.pms.contains(pms):
        fits, retry = _fits(pms, employees, suggest=suggest)
        raise TemplateError(
            f"{with_article(v.name)} template cannot have {pms} PMs: {v.name} fits {v.pms} PMs; "
            + fits
            + (": try {retry}" if retry else ""),
            retry=retry,
        )
    # Depth: the line leader's layer, then an optional GPM, the PMs, and mentored APMs.
    vp_layer = (
        rules.structure == "business_units"
        and business_units is not None
        and business_units > _upper(rules.managers)
    )
    room = v.max_layers - rules.shape.leader_layer - int(vp_layer)
    if room < 1:
        raise TemplateError(f"{v.name} allows {v.max_layers} layers, too few for its shape")
    gpms = room >= 2
    mentoring = rules.mentor is not None and room >= 3
    partners = int(designers) + int(analysts)

    def build(count: int) -> TemplatePlan:
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
            suggest=suggest,
        )

    try:
        return build(pms)
    except TemplateError as failure:
        error = failure
    if not explicit:
        # A derived PM count may not suit the shape: too few for its line leaders' spans (take
        # the next count up that works) or more than its spans and layers hold (take the
        # largest that fits, e.g. about a thousand PMs for enterprise).
        # Many business units need more PMs: two line leaders' teams for each.
        reach = 64 + 8 * (business_units or 0)
        for count in range(pms + 1, min(_upper(v.pms), pms + reach) + 1):
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
                f"{with_article(v.name)} template holds at most {largest.pms} PMs with these "
                f"options, got {pms}: even with the most product lines its spans allow, a line of "
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
    suggest: bool,
) -> TemplatePlan:
    if rules.structure == "one_team":
        return _one_team_plan(
            rules,
            pms=pms,
            employees=employees,
            product_lines=product_lines,
            business_units=business_units,
            designers=designers,
            analysts=analysts,
            suggest=suggest,
        )
    lines, units, leaves = _structure(
        rules, pms=pms, product_lines=product_lines, business_units=business_units
    )
    smallest = max(1, rules.ics.min - partners)
    if pms < leaves * smallest:
        without = " and no designers or analysts" if partners == 0 else ""
        raise TemplateError(
            f"{with_article(rules.variant.name)} template with {lines} product line(s){without} "
            f"needs at least {leaves * smallest} PMs ({smallest} for each of {leaves} line "
            f"leaders, whose span band is {rules.ics}); got {pms}"
        )
    per_line = split_evenly(pms, leaves)
    # Lines differ by at most one PM, so only two sizes are ever planned.
    by_size = {
        count: _line_plan(count, partners, rules, mentoring=mentoring, gpms=gpms)
        for count in dict.fromkeys(per_line)
    }
    staffed = tuple(by_size[count] for count in per_line)
    return TemplatePlan(rules, pms, lines, units, designers, analysts, staffed)


def _one_team_plan(
    rules: _Rules,
    *,
    pms: int,
    employees: int | None,
    product_lines: int | None,
    business_units: int | None,
    designers: bool,
    analysts: bool,
    suggest: bool,
) -> TemplatePlan:
    """One team under the top leader; product areas only label people."""
    name = rules.variant.name
    _no_business_units(name, business_units)
    areas = product_lines or 1
    if areas > max(pms, 1):
        raise TemplateError(
            f"{with_article(name)} template with {pms} PMs can have at most {max(pms, 1)} product "
            f"area(s), got {areas}"
        )
    team = _team(pms, rules, mentoring=False)
    designer_count = math.ceil(pms / PMS_PER_DESIGNER) if designers else 0
    span = team.direct + designer_count + int(analysts)
    if not rules.ics.contains(span):
        retry: dict[str, str | int | bool]
        if span < rules.ics.min:
            flags = (("designers", designers), ("analysts", analysts))
            retry = {flag: True for flag, on in flags if not on}
            need = "more PMs" + (" (or {retry})" if retry else "")
        else:
            fits, retry = _fits(pms, employees, suggest=suggest)
            need = f"fewer PMs, or another variant ({fits}" + (": try {retry})" if retry else ")")
        raise TemplateError(
            f"{with_article(name)} template with {pms} PM(s) gives the {rules.top} {span} direct "
            f"report(s), outside the span band {rules.ics}: it needs {need}",
            retry=retry,
        )
    line = Line(gpm_teams=(), team=team)
    return TemplatePlan(rules, pms, areas, 1, designers, analysts, (line,))


def _no_business_units(name: str, business_units: int | None) -> None:
    if business_units not in (None, 1):
        raise TemplateError(
            f"{with_article(name)} org has no business units (got {business_units}); "
            "enterprise and bu_heads have them"
        )


def _in_band(value: int, low: int, high: int, *, what: str, why: str, variant: str) -> int:
    if not low <= value <= high:
        raise TemplateError(
            f"{with_article(variant)} template needs {low}-{high} {what} ({why}), got {value}"
        )
    return value


def _structure(
    rules: _Rules, *, pms: int, product_lines: int | None, business_units: int | None
) -> tuple[int, int, int]:
    """Product lines, business units and line leaders (who staff the teams) of a structure.

    Defaults aim at lines of the variant's ``template.pms_per_line`` PMs and keep every manager
    of managers (CPO, Senior Director, Director over Heads of Product) inside the managers band.
    """
    structure, name = rules.structure, rules.variant.name
    lo, hi = rules.managers.min, _upper(rules.managers)
    leads = f"the {rules.top} leads {rules.managers}"
    wanted = math.ceil(pms / rules.shape.pms_per_line)
    if structure == "product_lines":
        _no_business_units(name, business_units)
        lines = product_lines if product_lines is not None else _clamp(wanted, lo, hi)
        _in_band(lines, lo, hi, what="product lines", why=leads, variant=name)
        return lines, 1, lines
    if structure == "business_units":
        if business_units is None:
            units = _clamp(math.ceil((product_lines or wanted) / 3), lo, hi)
        else:
            units = business_units
        # More units than the top leader can lead get a layer of VPs over groups of them;
        # a single unit's leader gets staff beside it (see _build), so the span stays sound.
        _in_band(units, 1, hi * hi, what="business units", why=f"{leads}, each over up to {hi}",
                 variant=name)  # fmt: skip
        default = _clamp(wanted, lo * units, hi * units)
        lines = default if product_lines is None else product_lines
        _in_band(
            lines,
            lo * units,
            hi * units,
            what="product lines",
            why=f"{lo}-{hi} line leaders under each of {units} business units",
            variant=name,
        )
        return lines, units, lines
    # unit_heads: a Director per product line, a line leader per business unit under each.
    if business_units is not None and business_units > hi:
        # Too many units for every Director to lead each: the units are shared out, a
        # Director leading up to `hi` of them, and the Directors are the product lines.
        lines = math.ceil(business_units / hi) if product_lines is None else product_lines
        _in_band(lines, lo, hi, what="product lines", why=leads, variant=name)
        why = f"{lo}-{hi} {rules.shape.line_leader}s under each of {lines} directors"
        _in_band(business_units, lo * lines, hi * lines, what="business units", why=why,
                 variant=name)  # fmt: skip
        return lines, business_units, business_units
    heads = max(lo * lo, wanted)
    lines = product_lines if product_lines is not None else _clamp(round(math.sqrt(heads)), lo, hi)
    _in_band(lines, lo, hi, what="product lines", why=leads, variant=name)
    default = _clamp(math.ceil(heads / lines), lo, hi)
    units = default if business_units is None else business_units
    why = f"a {rules.shape.line_leader} for each under every director"
    # One unit: each Director leads its Head of Product with staff beside it (see _build).
    _in_band(units, 1, hi, what="business units", why=why, variant=name)
    return lines, units, lines * units
