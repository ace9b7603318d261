"""``validate``: pick the variant, resolve the policy, run every registered rule once.

This module owns a validation run. Rules come from the registry, thresholds from the variant,
tuning from the policy (the chart's ``validation:`` data first, the caller's on top).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from orgroles._bulk import paused_gc
from orgroles.errors import OrgDataError, Problem, UnknownVariantError
from orgroles.validation import registry
from orgroles.validation._index import _CURRENT, ChartIndex
from orgroles.validation.choose import choose_variant
from orgroles.validation.findings import Finding, Report, VariantSource
from orgroles.validation.policy import Policy, policy_from_data
from orgroles.variants import Variant, get_variant

if TYPE_CHECKING:
    from orgroles.chart import OrgChart

__all__ = ["select_variant", "validate"]


def select_variant(
    chart: OrgChart, variant: Variant | str = "auto"
) -> tuple[Variant, VariantSource, str]:
    """The variant a run uses, where it came from, and why.

    Examples:
        >>> from orgroles import OrgChart
        >>> select_variant(OrgChart(variant="scaleup"))[1:]
        ('chart', "named by the chart's variant key")
    """
    if isinstance(variant, Variant):
        return variant, "argument", "given by the caller"
    if variant != "auto":
        return get_variant(variant), "argument", "given by the caller"
    if chart.variant is not None:
        try:
            named = get_variant(chart.variant)
        except UnknownVariantError as error:
            raise UnknownVariantError(
                f"the chart's variant key names an {error}; a variant of your own (e.g. the "
                "one a template was made from) is given explicitly: validate(chart, variant) "
                "with variant = load_variant(path), or orgroles validate FILE --variant "
                "VARIANT_FILE",
                chart.variant,
            ) from None
        return named, "chart", "named by the chart's variant key"
    chosen, reason = choose_variant(chart)
    return chosen, "auto", reason


def _as_policy(policy: Policy | Mapping[str, Any] | None, source: str) -> Policy | None:
    if policy is None or isinstance(policy, Policy):
        return policy
    return policy_from_data(dict(policy), source=source)


@paused_gc()
def validate(
    chart: OrgChart,
    variant: Variant | str = "auto",
    *,
    policy: Policy | Mapping[str, Any] | None = None,
) -> Report:
    """Judge a chart against a variant and return every finding at once.

    Args:
        chart: the chart; it may hold any broken structure, validation never raises on it.
        variant: ``"auto"`` (the chart's ``variant`` when set, else the best fit by shape and
            size), a built-in name, or a :class:`~orgroles.Variant`.
        policy: tuning on top of the chart's own ``validation`` data: a
            :class:`~orgroles.validation.Policy` or the same as a mapping.

    Raises:
        UnknownVariantError: the variant name is not known.
        UnknownRuleError: the policy names a rule code that is not registered.
        OrgDataError: the policy is malformed (a bad option, a bad variant change).

    Examples:
        >>> from orgroles import OrgChart
        >>> chart = OrgChart([
        ...     {"id": "ceo", "role": "ceo", "name": "Ada"},
        ...     {"id": "hop", "role": "head_of_product", "name": "Grace", "reports_to": "ceo"},
        ...     {"id": "pm-1", "role": "pm", "name": "Lin", "reports_to": "hop"},
        ...     {"id": "pm-2", "role": "pm", "reports_to": "hop"},
        ...     {"id": "des", "role": "designer", "name": "Ines", "reports_to": "hop"},
        ... ])
        >>> report = validate(chart)
        >>> report.ok, report.variant, len(report.findings)
        (True, 'startup', 0)
        >>> chart.move("pm-2", "pm-1").reports_to
        'pm-1'
        >>> [f.code for f in validate(chart, "startup").findings]
        ['rank-inversion', 'ic-with-reports', 'span-too-narrow']
    """
    chart_policy = _as_policy(chart.validation, "the chart's validation key") or Policy()
    resolved = chart_policy.merge(_as_policy(policy, "the policy argument"))
    chosen, source, reason = select_variant(chart, variant)
    if resolved.variant:
        try:
            chosen = chosen.derive(name=chosen.name, **resolved.variant)
        except ValidationError as error:
            raise OrgDataError(
                [
                    Problem(
                        item["msg"].removeprefix("Value error, "),
                        field=".".join(str(p) for p in item["loc"]),
                    )
                    for item in error.errors(include_url=False)
                ],
                summary="the validation policy's variant changes are invalid",
            ) from None
        reason += "; thresholds changed by the policy"
    plan = _plan(resolved)
    index = ChartIndex(chart, chosen)
    outside = sum(1 for p in index.positions if p.role == "other")
    if source == "auto" and outside * 2 > len(index.positions):
        # A whole-company export judged as a product org fits no variant well; say what
        # would give a meaningful answer instead of leaving a page of findings unexplained.
        reason += (
            f"; {outside:,} of {len(index.positions):,} positions are not product roles: "
            "validate the product org alone (`orgroles import --product-only`, or "
            "`orgroles.product_org(chart)`)"
        )
    token = _CURRENT.set(index)
    findings: list[Finding] = []
    try:
        for rule, settings in plan:
            severity = settings.severity
            for found in rule.function(chart, chosen, settings=settings):
                # A custom rule may ignore settings.severity; the policy still decides.
                if found.severity != severity:
                    found = Finding(  # noqa: PLW2901  # the corrected copy replaces it
                        found.code, severity, found.positions, found.message, found.hint
                    )
                findings.append(found)
    finally:
        _CURRENT.reset(token)
    return Report(
        findings=tuple(findings),
        variant=chosen.name,
        variant_source=source,
        variant_reason=reason,
        positions=len(index.positions),
    )


_DEFAULT_PLAN: (
    tuple[tuple[registry.Rule, ...], list[tuple[registry.Rule, registry.RuleSettings]]] | None
) = None


def _plan(policy: Policy) -> list[tuple[registry.Rule, registry.RuleSettings]]:
    """The rules to run and their settings; the default plan is computed once per registry."""
    global _DEFAULT_PLAN  # noqa: PLW0603  # a one-slot cache keyed by the registry's contents
    rules = registry.registered_rules()
    if not policy.rules:
        if _DEFAULT_PLAN is not None and _DEFAULT_PLAN[0] == rules:
            return _DEFAULT_PLAN[1]
        plan = [(rule, rule.settings()) for rule in rules]
        _DEFAULT_PLAN = (rules, plan)
        return plan
    for code in policy.rules:
        registry.get_rule(code)  # raises UnknownRuleError with suggestions
    plan = []
    problems = []
    for rule in rules:
        setting = policy.rule(rule.code)
        if not setting.enabled:
            continue
        try:
            plan.append((rule, rule.settings(severity=setting.severity, options=setting.options)))
        except ValueError as error:
            problems.append(Problem(str(error), field=f"rules.{rule.code}.options"))
    if problems:
        raise OrgDataError(problems, summary="invalid validation policy")
    return plan
