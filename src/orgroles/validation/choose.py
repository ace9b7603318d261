"""Which variant judges a chart: the caller's, the chart's own, or the best fit by shape and size.

This module owns that choice (one place, one reaction to an unknown name: ``UnknownVariantError``
naming the nearest), the auto-detection and the sentence that explains it. A chart most of whose
positions are no product role is a whole company, judged by ``company`` (structure, spans and
layers only). Otherwise shape wins over size, because a wrong shape gives errors while a wrong
size is one warning: an org shaped like ``enterprise`` with 20 PMs is judged as ``enterprise``
and told it is small; but a variant whose size band is below the chart's people (a ``startup``
for a chart of hundreds) is chosen only when nothing else is left.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from orgroles._variants import COMPANY, Variant, get_variant, size_misses, variants
from orgroles.errors import UnknownVariantError
from orgroles.validation._common import listing
from orgroles.validation._index import ChartIndex
from orgroles.validation.findings import VariantSource

if TYPE_CHECKING:
    from orgroles.chart import OrgChart

__all__ = ["Fit", "VariantChoice", "choose_variant", "fit", "select_variant"]


@dataclass(frozen=True)
class Fit:
    """How well one variant fits a chart.

    Attributes:
        variant: the variant judged.
        top_leader_found: whether a top-leader role reports to the right role (or to nobody).
        shape_misses: reasons the shape does not fit (top leader, required and forbidden
            roles, links the variant does not allow).
        size_misses: reasons the size does not fit.
        bad_links: manager -> report lines this variant ranks inverted or does not allow.
    """

    variant: Variant
    top_leader_found: bool
    shape_misses: tuple[str, ...]
    size_misses: tuple[str, ...]
    bad_links: int

    @property
    def score(self) -> tuple[int, int, int]:
        """Lower is better: shape misses (a missing top leader weighs 3), bad links, size."""
        top_missing = 0 if self.top_leader_found else 2
        return (len(self.shape_misses) + top_missing, self.bad_links, len(self.size_misses))


def fit(chart: OrgChart, candidates: Iterable[Variant] | None = None) -> list[Fit]:
    """How well each variant (the built-ins unless ``candidates``) fits, best first.

    One pass over the chart counts roles and (manager role, report role) links; each variant is
    then judged on those counts only, so this stays linear however many variants there are.

    Examples:
        >>> from orgroles import OrgChart
        >>> chart = OrgChart([{"id": "ceo", "role": "ceo"},
        ...     {"id": "hop", "role": "head_of_product", "reports_to": "ceo"},
        ...     *({"id": f"pm-{n}", "role": "pm", "reports_to": "hop"} for n in range(3))])
        >>> [f.variant.name for f in fit(chart)][:2]
        ['startup', 'head_led']
    """
    return _fit(ChartIndex(chart), candidates)


def _fit(index: ChartIndex, candidates: Iterable[Variant] | None = None) -> list[Fit]:
    pool = variants() if candidates is None else tuple(candidates)
    roles = index.role_counts()
    # One count of (manager's role, role) pairs, in C, gives the links and the top candidates.
    lines = index.line_counts()
    links = {(above, role): n for (above, role), n in lines.items() if above is not None}
    top_candidates = [(role, above) for above, role in lines]
    pms = index.pm_count()
    employees = index.employees()
    fits = []
    for v in pool:
        shape: list[str] = []
        top_ok = any(
            role in v.top_leader and (above is None or above in v.top_leader_reports_to)
            for role, above in top_candidates
        )
        if not top_ok:
            shape.append(
                f"no top leader ({listing(v.top_leader)} reporting to "
                f"{listing(v.top_leader_reports_to)})"
            )
        shape.extend(
            f"no {listing(group)}" for group in v.required if not any(roles[k] for k in group)
        )
        shape.extend(f"has {role}" for role in v.forbidden if roles[role])
        bad = 0
        for (manager_role, report_role), count in links.items():
            mine, theirs = v.ranks.get(report_role), v.ranks.get(manager_role)
            inverted = mine is not None and theirs is not None and mine >= theirs
            if inverted or v.may_manage(manager_role, report_role) is False:
                bad += count
        size = size_misses(v, pms=pms, employees=employees, positions=len(index))
        fits.append(Fit(v, top_ok, tuple(shape), tuple(size), bad))
    order = {id(f): n for n, f in enumerate(fits)}
    fits.sort(key=lambda f: (f.score, order[id(f)]))
    return fits


def choose_variant(
    chart: OrgChart, candidates: Iterable[Variant] | None = None
) -> tuple[Variant, str]:
    """The best-fitting variant for a chart and one sentence saying why.

    Examples:
        >>> from orgroles import OrgChart
        >>> chart = OrgChart([{"id": "ceo", "role": "ceo"},
        ...     {"id": "hop", "role": "head_of_product", "reports_to": "ceo"},
        ...     *({"id": f"pm-{n}", "role": "pm", "reports_to": "hop"} for n in range(3))])
        >>> variant, why = choose_variant(chart)
        >>> variant.name
        'startup'
        >>> print(why)
        best fit by shape and size: startup fits (top leader head_of_product or director -> ceo,
        PMs 0-6); next best head_led: no director; 3 PMs is outside 5-36
    """
    return _choose(ChartIndex(chart), candidates)


def _too_small(variant: Variant, people: int) -> bool:
    """Whether the chart holds more people than the variant's company size allows."""
    return variant.employees.max is not None and people > variant.employees.max


def _choose(index: ChartIndex, candidates: Iterable[Variant] | None = None) -> tuple[Variant, str]:
    fits = _fit(index, candidates)
    # A chart of hundreds of people is never a startup, however its roles line up.
    people = index.employees() or _people(index)
    fits.sort(key=lambda f: _too_small(f.variant, people))  # stable: the fit order otherwise
    best = fits[0]
    v = best.variant
    head = f"best fit by shape and size: {v.name}"
    misses = [*best.shape_misses, *best.size_misses]
    if best.bad_links:
        misses.append(_bad_links(best.bad_links))
    if misses:
        reason = f"{head} fits best, though: {'; '.join(misses)}"
    else:
        reason = (
            f"{head} fits (top leader {listing(v.top_leader)} -> "
            f"{listing(v.top_leader_reports_to)}, PMs {v.pms})"
        )
    if _too_small(v, people):
        reason += f"; though {people:,} people are more than {v.name} fits"
    elif any(_too_small(f.variant, people) for f in fits[1:]):
        small = [f.variant.name for f in fits if _too_small(f.variant, people)]
        reason += f" ({listing(small)} left out: {people:,} people are more than they fit)"
    if len(fits) > 1:
        runner = fits[1]
        why_not = [*runner.shape_misses, *runner.size_misses]
        if runner.bad_links:
            why_not.append(_bad_links(runner.bad_links))
        reason += f"; next best {runner.variant.name}: {'; '.join(why_not) or 'fits as well'}"
    return v, reason


def _people(index: ChartIndex) -> int:
    """The people a chart holds: its positions with a holder's name, else all of them."""
    return len(index) - len(index.unnamed()) or len(index)


def _bad_links(count: int) -> str:
    return f"{count} reporting line{'s' if count != 1 else ''} it does not allow"


class VariantChoice(NamedTuple):
    """The variant that judges a chart, where it came from and why.

    Attributes:
        variant: the variant.
        source: ``"argument"`` (the caller's), ``"chart"`` (the chart's ``variant`` key) or
            ``"auto"`` (the best fit).
        reason: one sentence saying why.
    """

    variant: Variant
    source: VariantSource
    reason: str


def select_variant(
    chart: OrgChart, variant: Variant | str = "auto", *, _index: ChartIndex | None = None
) -> VariantChoice:
    """The variant that judges ``chart``: the one given, else the chart's own, else the best fit.

    Every caller (``validate``, a rule run on its own, rendering, the command line) asks here,
    so an unknown name gets the same answer everywhere.

    Args:
        chart: the chart to judge.
        variant: a :class:`~orgroles.Variant`, a variant name, or ``"auto"``: the chart's
            ``variant`` when it names one, else the best fit by shape and size.

    Raises:
        UnknownVariantError: the name (given, or the chart's ``variant``) is not a known
            variant; the message names the nearest.

    Examples:
        >>> from orgroles import OrgChart
        >>> choice = select_variant(OrgChart(variant="scaleup"))
        >>> choice.variant.name, choice.source, choice.reason
        ('scaleup', 'chart', "named by the chart's variant key")
        >>> select_variant(OrgChart(), "startup").source
        'argument'
    """
    if isinstance(variant, Variant):
        return VariantChoice(variant, "argument", "given by the caller")
    if variant != "auto":
        return VariantChoice(get_variant(variant), "argument", "given by the caller")
    if chart.variant is not None:
        try:
            named = get_variant(chart.variant)
        except UnknownVariantError as error:
            raise UnknownVariantError(
                f"the chart's variant key names an {error}; a variant of your own (e.g. the "
                "one a template was made from) is given explicitly: validate(chart, variant) "
                "with variant = load_variant(path)",
                chart.variant,
            ) from None
        return VariantChoice(named, "chart", "named by the chart's variant key")
    # validate hands its own index over, so the fit reuses what the rules read.
    index = _index if _index is not None else ChartIndex(chart)
    outside = index.role_counts()["other"]
    if outside * 2 > len(index):
        return VariantChoice(get_variant(COMPANY), "auto", _company_reason(index, outside))
    chosen, reason = _choose(index)
    return VariantChoice(chosen, "auto", reason)


def _company_reason(index: ChartIndex, outside: int) -> str:
    """Why a chart is judged as a whole company, and how to judge its product org instead."""
    people = index.employees() or len(index)
    band = get_variant(COMPANY).layer_band(people)
    layers = (
        f", layers against its head count (about {band.min}-{band.max} for {people:,} people)"
        if band is not None
        else ""
    )
    return (
        f"{outside:,} of {len(index):,} positions are not product roles: judged as a whole "
        f"company (structure, every manager's span{layers}; no product-role rules); validate "
        "the product org alone with product_org(chart), or import with product_only=True"
    )
