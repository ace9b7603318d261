"""The rule registry: every validation rule, built-in or a user's, under one stable code.

This module owns :class:`Rule`, :class:`RuleSettings`, :class:`RuleRun` (what a rule body is
handed) and the one registry that ``validate`` runs and the rule reference page is generated
from. It knows nothing of what rules check.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, Protocol, overload

from orgroles._variants import Variant
from orgroles.errors import Option, Place, UnknownRuleError, shown, suggest
from orgroles.validation._index import ChartIndex, ProductScope
from orgroles.validation.choose import select_variant
from orgroles.validation.findings import SEVERITIES, Finding, Severity

if TYPE_CHECKING:
    from orgroles.chart import OrgChart

__all__ = [
    "Category",
    "Rule",
    "RuleBody",
    "RuleFunction",
    "RuleRun",
    "RuleSettings",
    "StructureRuleFunction",
    "get_rule",
    "register_rule",
    "registered_rules",
    "rule",
    "unregister_rule",
]

Category = Literal["structure", "hierarchy", "shape", "custom"]
"""Structure: the reporting graph itself. Hierarchy: who may manage whom in the variant.
Shape: spans, layers, size. Custom: rules users register."""

_CODE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


@dataclass(frozen=True, slots=True)
class RuleSettings:
    """What one run of a rule is told: its severity and its options (thresholds).

    Attributes:
        severity: the severity its findings get.
        options: the rule's options, defaults merged with the policy's values.

    Examples:
        >>> RuleSettings("warning", {"max_roots": 2}).options["max_roots"]
        2
    """

    severity: Severity
    options: Mapping[str, Any] = field(default_factory=dict)


class RuleRun:
    """One rule's run over one chart: what a rule body reads, and how it reports a finding.

    ``validate`` makes one per rule, all sharing one index of the chart; a rule called on its
    own gets its own. The variant is worked out only when a rule asks for it, so a structure
    rule never chooses one.

    Attributes:
        code: the rule's code, which its findings carry.
        chart: the chart judged.
        index: the facts every rule shares: positions, reports, roots, cycles, depths.
        settings: the severity and options for this run.

    Examples:
        >>> from orgroles import OrgChart
        >>> run = RuleRun("cycle", OrgChart([{"id": "a", "role": "pm"}]),
        ...               settings=RuleSettings("error"))
        >>> print(run.finding(["a"], "a loop", "break it"))
        error cycle [a]: a loop (hint: break it)
    """

    __slots__ = ("_scope", "_variant", "chart", "code", "index", "settings")

    def __init__(
        self,
        code: str,
        chart: OrgChart,
        *,
        settings: RuleSettings,
        variant: Variant | str = "auto",
        index: ChartIndex | None = None,
    ) -> None:
        self.code = code
        self.chart = chart
        self.settings = settings
        self.index = index if index is not None else ChartIndex(chart)
        self._variant = variant
        self._scope: ProductScope | None = None

    @property
    def variant(self) -> Variant:
        """The variant judging the chart: the one given, else the chart's own, else the best fit."""
        if not isinstance(self._variant, Variant):
            self._variant = select_variant(self.chart, self._variant).variant
        return self._variant

    @property
    def scope(self) -> ProductScope:
        """The product org as the variant sees it: its top leaders and each position's layer."""
        if self._scope is None:
            self._scope = self.index.scope(self.variant)
        return self._scope

    @property
    def options(self) -> Mapping[str, Any]:
        """The rule's options for this run (defaults merged with the policy's)."""
        return self.settings.options

    def finding(self, positions: Sequence[str], message: str, hint: str | None = None) -> Finding:
        """A finding of this rule at this run's severity, about ``positions`` (main one first)."""
        # Rules of whole-company charts make tens of thousands: a tuple is kept, not copied.
        kept = positions if type(positions) is tuple else tuple(positions)
        return Finding(self.code, self.settings.severity, message, hint, Place(positions=kept))


RuleBody = Callable[[RuleRun], Iterable[Finding]]
"""What a rule is written as: ``find_xxx(run) -> findings`` (a list, or a generator)."""


class RuleFunction(Protocol):
    """A rule as users call it: ``find_xxx(chart, variant="auto", *, settings=None)``."""

    def __call__(
        self,
        chart: OrgChart,
        variant: Variant | str = "auto",
        *,
        settings: RuleSettings | None = None,
    ) -> list[Finding]:
        """Return the findings of one rule over one chart."""
        ...


class StructureRuleFunction(Protocol):
    """A structure rule as users call it: ``find_xxx(chart, *, settings=None)``, no variant."""

    def __call__(self, chart: OrgChart, *, settings: RuleSettings | None = None) -> list[Finding]:
        """Return the findings of one rule over one chart."""
        ...


def _option_kind(default: Any, value: Any) -> str | None:
    """What kind of value an option with this default takes, when ``value`` is not one."""
    if isinstance(default, bool):
        return None if isinstance(value, bool) else "true or false"
    if isinstance(default, int | float):
        whole = isinstance(default, int)
        minimum = 1 if default >= 1 else 0
        kind = f"{'a whole number' if whole else 'a number'} >= {minimum}"
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if not number or (whole and not isinstance(value, int)) or not value >= minimum:
            return kind
        return None if math.isfinite(value) else kind
    if isinstance(default, str):
        return None if isinstance(value, str) else "text"
    return None


@dataclass(frozen=True, eq=False)
class Rule:
    """A registered rule: its code, default severity, documentation and function.

    Attributes:
        code: the stable kebab-case code findings carry.
        function: the rule body, ``find_xxx(run: RuleRun) -> findings``.
        severity: the default severity (a policy may change it).
        category: ``structure``, ``hierarchy``, ``shape`` or ``custom``.
        summary: one line saying what it finds.
        example: a minimal org file (YAML) that breaks the rule, for the rule reference.
        fix: how to fix that example.
        options: the rule's options and their defaults.
        builtin: True for the rules shipped with orgroles.
        product_roles: the rule judges product roles (ranks, who manages whom, the top product
            leader, required roles), so the ``company`` judgement does not run it.
    """

    code: str
    function: RuleBody
    severity: Severity
    category: Category
    summary: str
    example: str = ""
    fix: str = ""
    options: Mapping[str, Any] = field(default_factory=dict)
    builtin: bool = False
    product_roles: bool = False

    @property
    def description(self) -> str:
        """The rule function's docstring (without Args/Example): what a finding means."""
        doc = inspect.getdoc(self.function) or ""
        return doc.split("\nArgs:")[0].split("\nExample:")[0].strip()

    def settings(
        self, *, severity: Severity | None = None, options: Mapping[str, Any] | None = None
    ) -> RuleSettings:
        """The settings for a run: defaults, with ``severity`` and ``options`` applied."""
        merged = dict(self.options)
        if options:
            for _, message in self.option_problems(options):
                raise ValueError(message)
            merged.update(options)
        return RuleSettings(severity or self.severity, MappingProxyType(merged))

    def option_problems(self, options: Mapping[str, Any]) -> list[tuple[str, str]]:
        """Each option this rule does not take, or takes another kind of value for.

        An option's value must be of the kind of its default: a whole number for a whole
        number, a number for a decimal, ``true``/``false`` for a flag, text for text; a number
        is at least 1 when the default is (a count of tops), else at least 0.

        Examples:
            >>> get_rule("multiple-roots").option_problems({"max_root": 2})
            [('max_root', "unknown option of rule 'multiple-roots' 'max_root' (did you mean ...)")]
            >>> [message for _, message in get_rule("multiple-roots").option_problems(
            ...     {"max_roots": "two"})]
            ["option 'max_roots' of rule 'multiple-roots' takes a whole number >= 1, got 'two'"]
        """
        problems = []
        for key, value in options.items():
            if key not in self.options:
                problems.append(
                    (
                        key,
                        suggest(key, self.options, what=f"option of rule {self.code!r}")
                        if self.options
                        else f"rule {self.code!r} takes no options, got {key!r}",
                    )
                )
                continue
            wanted = _option_kind(self.options[key], value)
            if wanted is not None:
                problems.append(
                    (
                        key,
                        f"option {key!r} of rule {self.code!r} takes {wanted}, got {shown(value)}",
                    )
                )
        return problems

    def __call__(
        self,
        chart: OrgChart,
        variant: Variant | str = "auto",
        *,
        settings: RuleSettings | None = None,
    ) -> list[Finding]:
        """Run the rule on its own (default settings unless given)."""
        return self.run(
            RuleRun(self.code, chart, settings=settings or self.settings(), variant=variant)
        )

    def run(self, run: RuleRun) -> list[Finding]:
        """The findings of one run.

        A user's rule is checked, and its findings get the run's code and severity whatever it
        wrote: the policy decides how bad a finding is, and the code names the rule.

        Raises:
            TypeError: a user's rule returned something other than findings.
        """
        if self.builtin:
            return list(self.function(run))
        result: object = self.function(run)
        if not isinstance(result, Iterable) or isinstance(result, str | bytes | Mapping):
            raise TypeError(f"returned {type(result).__name__}; a rule returns a list of Finding")
        found = list(result)
        severity = run.settings.severity
        for n, item in enumerate(found):
            if not isinstance(item, Finding):
                raise TypeError(
                    f"returned a {type(item).__name__} among its findings; a rule returns a "
                    "list of Finding"
                )
            if item.severity != severity or item.code != self.code:
                found[n] = dataclasses.replace(item, code=self.code, severity=severity)
        return found

    def __repr__(self) -> str:
        return f"<Rule {self.code!r} ({self.category}, {self.severity})>"


_REGISTRY: dict[str, Rule] = {}
_CATEGORY_ORDER: dict[str, int] = {"structure": 0, "hierarchy": 1, "shape": 2, "custom": 3}


def register_rule(
    function: RuleBody,
    *,
    code: str,
    severity: Severity = "warning",
    category: Category = "custom",
    summary: str = "",
    example: str = "",
    fix: str = "",
    options: Mapping[str, Any] | None = None,
    replace: bool = False,
) -> Rule:
    """Register a rule body under a new code; every later ``validate`` runs it.

    Raises:
        ValueError: the code is not kebab-case, is taken (unless ``replace=True``), or the
            severity is not one of ``error``, ``warning``, ``info``.

    Examples:
        >>> def find_unnamed_units(run):
        ...     return [run.finding([p.id], "no unit", "set unit")
        ...             for p in run.chart if p.unit is None and p.role == "director"]
        >>> register_rule(find_unnamed_units, code="unit-missing", summary="Directors name a unit")
        <Rule 'unit-missing' (custom, warning)>
        >>> unregister_rule("unit-missing").code
        'unit-missing'
    """
    entry = Rule(
        code=code,
        function=function,
        severity=severity,
        category=category,
        summary=summary,
        example=example,
        fix=fix,
        options=options or {},
    )
    return _register(entry, replace=replace)


def _register(entry: Rule, *, replace: bool) -> Rule:
    """Check a rule's code and severity and add it; the summary defaults to its docstring's."""
    code, severity = entry.code, entry.severity
    if not _CODE.fullmatch(code):
        raise ValueError(f"rule code {code!r} is not kebab-case (e.g. 'span-too-wide')")
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r} (choose from: {', '.join(SEVERITIES)})")
    if code in _REGISTRY and not replace:
        raise ValueError(f"rule code {code!r} is already registered; pass replace=True")
    doc = inspect.getdoc(entry.function) or ""
    entry = dataclasses.replace(
        entry,
        summary=entry.summary or doc.partition("\n")[0],
        options=MappingProxyType(dict(entry.options)),  # the caller's dict may change later
    )
    _REGISTRY[code] = entry
    _ordered.clear()
    return entry


def _public(entry: Rule) -> Callable[..., list[Finding]]:
    """The function users call, ``find_xxx(chart, [variant,] *, settings=None)``, around a body."""
    if entry.category == "structure":

        def run_structure_rule(
            chart: OrgChart, *, settings: RuleSettings | None = None
        ) -> list[Finding]:
            return entry(chart, settings=settings)

        public: Callable[..., list[Finding]] = run_structure_rule
    else:

        def run_rule(
            chart: OrgChart,
            variant: Variant | str = "auto",
            *,
            settings: RuleSettings | None = None,
        ) -> list[Finding]:
            return entry(chart, variant, settings=settings)

        public = run_rule
    functools.update_wrapper(public, entry.function)
    # The public signature is the call above, not the body's (run): help() must show it.
    del public.__wrapped__  # type: ignore[attr-defined]  # set by update_wrapper just above
    public.rule = entry  # type: ignore[attr-defined]  # the registry entry behind the function
    return public


@overload
def rule(
    code: str,
    *,
    severity: Severity = ...,
    category: Literal["structure"],
    summary: str = ...,
    example: str = ...,
    fix: str = ...,
    options: Mapping[str, Any] | None = ...,
    replace: bool = ...,
) -> Callable[[RuleBody], StructureRuleFunction]: ...


@overload
def rule(
    code: str,
    *,
    severity: Severity = ...,
    category: Literal["hierarchy", "shape", "custom"] = ...,
    summary: str = ...,
    example: str = ...,
    fix: str = ...,
    options: Mapping[str, Any] | None = ...,
    replace: bool = ...,
) -> Callable[[RuleBody], RuleFunction]: ...


def rule(
    code: str,
    *,
    severity: Severity = "warning",
    category: Category = "custom",
    summary: str = "",
    example: str = "",
    fix: str = "",
    options: Mapping[str, Any] | None = None,
    replace: bool = False,
) -> Callable[[RuleBody], Any]:
    """Register a rule body under ``code``; returns the rule as users call it.

    The body takes a :class:`RuleRun` and returns (or yields) its findings, made with
    ``run.finding(positions, message, hint)``: the decorator owns the code and the severity
    (the policy's, or ``severity``). The function returned is called
    ``find_xxx(chart, variant="auto", *, settings=None)``, or without ``variant`` for a
    structure rule, which never needs one.

    Examples:
        >>> @rule("director-without-unit", summary="every Director names a unit")
        ... def find_directors_without_unit(run):
        ...     for p in run.chart:
        ...         if p.role == "director" and p.unit is None:
        ...             yield run.finding([p.id], f"{p.id!r} has no unit", "set its unit")
        >>> from orgroles import OrgChart
        >>> chart = OrgChart([{"id": "d", "role": "director"}])
        >>> [str(f) for f in find_directors_without_unit(chart, "scaleup")]
        ["warning director-without-unit [d]: 'd' has no unit (hint: set its unit)"]
        >>> _ = unregister_rule("director-without-unit")
    """

    def decorate(function: RuleBody) -> Callable[..., list[Finding]]:
        return _public(
            register_rule(
                function,
                code=code,
                severity=severity,
                category=category,
                summary=summary,
                example=example,
                fix=fix,
                options=options,
                replace=replace,
            )
        )

    return decorate


def builtin_rule(
    code: str,
    *,
    severity: Severity,
    category: Category,
    summary: str,
    example: str,
    fix: str,
    options: Mapping[str, Any] | None = None,
    product_roles: bool = False,
) -> Callable[[RuleBody], Any]:
    """:func:`rule` for the rules shipped with orgroles (marked ``builtin``)."""

    def decorate(function: RuleBody) -> Callable[..., list[Finding]]:
        entry = Rule(
            code=code,
            function=function,
            severity=severity,
            category=category,
            summary=summary,
            example=example,
            fix=fix,
            options=options or {},
            builtin=True,
            product_roles=product_roles,
        )
        return _public(_register(entry, replace=False))

    return decorate


def unregister_rule(code: str) -> Rule:
    """Remove a registered rule and return it (built-ins too; re-register to restore).

    Raises:
        UnknownRuleError: no rule has this code.
    """
    found = get_rule(code)
    del _REGISTRY[code]
    _ordered.clear()
    return found


def get_rule(code: str) -> Rule:
    """The registered rule with this code.

    Raises:
        UnknownRuleError: (a ``KeyError``) naming the nearest codes.

    Examples:
        >>> get_rule("cycle").severity
        'error'
        >>> get_rule("cycles")
        Traceback (most recent call last):
        ...
        orgroles.errors.UnknownRuleError: unknown rule code 'cycles' (did you mean 'cycle'?)...
    """
    try:
        return _REGISTRY[code]
    except KeyError:
        raise UnknownRuleError(f"{unknown_code(code)} ({LIST_RULES_HINT})", code) from None


LIST_RULES = Option("list_rules", True, python="orgroles.validation.registered_rules()")
LIST_RULES_HINT = f"{LIST_RULES.keyword()} lists them"


def is_registered(code: str) -> bool:
    """Whether a rule has this code.

    Examples:
        >>> is_registered("cycle"), is_registered("cycles")
        (True, False)
    """
    return code in _REGISTRY


def unknown_code(code: str) -> str:
    """``unknown rule code 'x' (did you mean ...?)``, naming the nearest registered codes."""
    return suggest(code, _REGISTRY, what="rule code", list_choices=False)


def registered_rules() -> tuple[Rule, ...]:
    """Every registered rule in run order: built-ins (structure, hierarchy, shape), then users'.

    Examples:
        >>> [r.code for r in registered_rules()][:3]
        ['cycle', 'self-report', 'unknown-manager']
    """
    if not _ordered:  # worked out once per change of the registry, not once per validation
        rules = list(_REGISTRY.values())
        rules.sort(key=lambda r: _CATEGORY_ORDER[r.category])  # stable: registration order
        _ordered.append(tuple(rules))
    return _ordered[0]


_ordered: list[tuple[Rule, ...]] = []
"""The registered rules in run order, while the registry is unchanged (empty otherwise)."""
