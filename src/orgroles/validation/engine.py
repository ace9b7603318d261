"""``validate``: pick the variant, resolve the policy, run every registered rule once.

This module owns a validation run. Rules come from the registry, thresholds from the variant,
tuning from the policy (the chart's ``validation:`` data first, the caller's on top).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NoReturn

from pydantic import ValidationError

from orgroles._bulk import paused_gc
from orgroles._documents import PathOrFile
from orgroles._policy import Policy, policy_from_data, read_policy
from orgroles._variants import Variant, variant_errors
from orgroles.errors import OrgDataError, Problem, UnknownRuleError
from orgroles.validation import registry
from orgroles.validation._index import ChartIndex
from orgroles.validation.choose import select_variant
from orgroles.validation.findings import Finding, Report
from orgroles.validation.registry import RuleRun

if TYPE_CHECKING:
    from orgroles.chart import OrgChart

__all__ = ["load_policy", "unknown_rule_code", "validate"]


def load_policy(path: PathOrFile) -> Policy:
    r"""Read a policy file (YAML or JSON): ``rules:`` and ``variant:`` as in :class:`Policy`.

    A file refused for its shape names its unknown rule codes in the same run; a valid file's
    codes are checked when ``validate`` uses it (after plugins have registered their rules).

    Raises:
        OrgFileError: every problem, with file and line.
        OSError: the file cannot be read.

    Examples:
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "policy.yaml"
        >>> _ = path.write_text("rules:\n  one-to-one: off\n", encoding="utf-8")
        >>> load_policy(path).rule("one-to-one").enabled
        False
    """
    return read_policy(path, unknown_code=unknown_rule_code)


def unknown_rule_code(code: str) -> str | None:
    """What is wrong with a rule code (``None`` when a rule has it), naming the nearest codes.

    Readers of policies and org files take it as ``unknown_code``, so a policy refused for its
    shape names its unknown codes in the same error.

    Examples:
        >>> unknown_rule_code("cycle") is None, unknown_rule_code("cycles")
        (True, "unknown rule code 'cycles' (did you mean 'cycle'?)")
    """
    return None if registry.is_registered(code) else registry.unknown_code(code)


def _as_policy(policy: Policy | Mapping[str, Any] | None, source: str) -> Policy | None:
    """The policy, each entry placed where it was written, else at ``source``."""
    if policy is None:
        return None
    if isinstance(policy, Policy):
        return policy._named(source)
    if not isinstance(policy, Mapping):
        raise TypeError(f"{source} must be a Policy or a mapping, got {type(policy).__name__}")
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
        UnknownRuleError: the policy names a rule code that is not registered; the message
            lists every other problem of the policy too.
        OrgDataError: the policy is malformed (a bad option, a bad variant change); every
            problem is listed, each with its file and line when the policy came from a file.

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
    given = _as_policy(policy, "the policy argument")
    if given is not None and given._holds(chart.validation):
        resolved = given  # read with the chart from its org file: parsed once, lines kept
    else:
        chart_policy = _as_policy(chart.validation, "the chart's validation key") or _NO_POLICY
        resolved = chart_policy.merge(given)
    index = ChartIndex(chart)
    chosen, source, reason = select_variant(chart, variant, _index=index)
    plan, unknown, problems = _plan(resolved)
    variant_problems = []
    if resolved.variant:
        try:
            chosen = chosen.derive(name=chosen.name, **resolved.variant)
        except ValidationError as error:
            variant_problems = [
                resolved.problem(message, "variant", *where)
                for where, message in variant_errors(error)
            ]
            variant_problems.sort(key=lambda problem: problem.place.line or 0)
        reason += "; thresholds changed by the policy"
    if problems or variant_problems:
        _refuse(unknown, problems, variant_problems)
    findings: list[Finding] = []
    for rule, settings in plan:
        if chosen.scope == "company" and rule.product_roles:
            continue
        run = RuleRun(rule.code, chart, settings=settings, variant=chosen, index=index)
        findings.extend(rule.run(run) if rule.builtin else _run_custom(rule, run))
    return Report(
        findings=tuple(findings),
        variant=chosen.name,
        variant_source=source,
        variant_reason=reason,
        positions=len(index),
    )


def _run_custom(rule: registry.Rule, run: RuleRun) -> list[Finding]:
    """Run a user's rule; whatever it raises names the rule (a note, and :func:`failed_rule`)."""
    try:
        return rule.run(run)
    except Exception as error:
        # Annotated, not wrapped: the caller still gets the rule's own exception.
        error.add_note(f"raised by the validation rule {rule.code!r} ({_origin(rule)})")
        setattr(error, _FAILED_RULE, rule)  # an exception has no slot for it: a plain attribute
        raise


_FAILED_RULE = "_orgroles_failed_rule"


def _origin(rule: registry.Rule) -> str:
    function = rule.function
    module = getattr(function, "__module__", None) or "?"
    return f"{module}.{getattr(function, '__qualname__', type(function).__name__)}"


def failed_rule(error: BaseException) -> registry.Rule | None:
    """The user's rule that raised ``error`` during :func:`validate`, or ``None``.

    The command line uses it to blame a plugin's rule instead of printing a traceback.
    """
    found = getattr(error, _FAILED_RULE, None)
    return found if isinstance(found, registry.Rule) else None


_NO_POLICY = Policy()
"""The policy of a chart without ``validation`` data (frozen, so one serves every run)."""

_DEFAULT_PLAN: (
    tuple[tuple[registry.Rule, ...], list[tuple[registry.Rule, registry.RuleSettings]]] | None
) = None

_Plan = list[tuple[registry.Rule, registry.RuleSettings]]


def _plan(policy: Policy) -> tuple[_Plan, list[str], list[Problem]]:
    """The rules to run with their settings, the unknown codes, and the rule entries' problems.

    The unknown codes are those the policy names that no rule is registered under; each is one of
    the problems too. The default plan is computed once per registry.
    """
    global _DEFAULT_PLAN  # noqa: PLW0603  # a one-slot cache keyed by the registry's contents
    rules = registry.registered_rules()
    if not policy.rules:
        if _DEFAULT_PLAN is not None and _DEFAULT_PLAN[0] is rules:
            return _DEFAULT_PLAN[1], [], []
        plan = [(rule, rule.settings()) for rule in rules]
        _DEFAULT_PLAN = (rules, plan)
        return plan, [], []
    unknown = [code for code in policy.rules if not registry.is_registered(code)]
    problems = [
        policy.problem(
            registry.unknown_code(code),
            "rules",
            code,
            hint=registry.LIST_RULES_HINT,
            option=registry.LIST_RULES,
        )
        for code in unknown
    ]
    plan = []
    for rule in rules:
        setting = policy.rule(rule.code)
        if not setting.enabled:
            continue
        wrong = [
            policy.problem(message, "rules", rule.code, "options", key)
            for key, message in rule.option_problems(setting.options)
        ]
        problems.extend(wrong)
        if not wrong:
            plan.append((rule, rule.settings(severity=setting.severity, options=setting.options)))
    return plan, unknown, problems


def _refuse(
    unknown: list[str], rule_problems: list[Problem], variant_problems: list[Problem]
) -> NoReturn:
    """Raise one error listing every problem: ``UnknownRuleError`` when a code is unknown."""
    summary = (
        "invalid validation policy"
        if rule_problems
        else "the validation policy's variant changes are invalid"
    )
    error = OrgDataError([*rule_problems, *variant_problems], summary=summary)
    if unknown:
        # validate's contract: an unknown rule code is an UnknownRuleError (a KeyError).
        raise UnknownRuleError(str(error), unknown[0], problems=error.problems) from None
    raise error
