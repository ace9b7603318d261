"""The rule registry: every validation rule, built-in or a user's, under one stable code.

This module owns :class:`Rule`, :class:`RuleSettings` and the one registry that ``validate``
runs and the rule reference page is generated from. It knows nothing of what rules check.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, Protocol

from orgroles.errors import UnknownRuleError, suggest
from orgroles.validation.findings import SEVERITIES, Finding, Severity

if TYPE_CHECKING:
    from orgroles.chart import OrgChart
    from orgroles.variants import Variant

__all__ = [
    "Category",
    "Rule",
    "RuleFunction",
    "RuleSettings",
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


class RuleFunction(Protocol):
    """The shape of a rule: ``find_xxx(chart, variant, *, settings) -> list[Finding]``."""

    def __call__(
        self, chart: OrgChart, variant: Variant, *, settings: RuleSettings
    ) -> list[Finding]:
        """Return the findings of one rule over one chart."""
        ...


@dataclass(frozen=True, eq=False)
class Rule:
    """A registered rule: its code, default severity, documentation and function.

    Attributes:
        code: the stable kebab-case code findings carry.
        function: the rule, ``find_xxx(chart, variant, *, settings) -> list[Finding]``.
        severity: the default severity (a policy may change it).
        category: ``structure``, ``hierarchy``, ``shape`` or ``custom``.
        summary: one line saying what it finds.
        example: a minimal org file (YAML) that breaks the rule, for the rule reference.
        fix: how to fix that example.
        options: the rule's options and their defaults.
        builtin: True for the rules shipped with orgroles.
    """

    code: str
    function: RuleFunction
    severity: Severity
    category: Category
    summary: str
    example: str = ""
    fix: str = ""
    options: Mapping[str, Any] = field(default_factory=dict)
    builtin: bool = False

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
        """Each option this rule does not take, as ``(key, message)`` naming the nearest.

        Examples:
            >>> get_rule("multiple-roots").option_problems({"max_root": 2})
            [('max_root', "unknown option of rule 'multiple-roots' 'max_root' (did you mean ...)")]
        """
        return [
            (
                key,
                suggest(key, self.options, what=f"option of rule {self.code!r}")
                if self.options
                else f"rule {self.code!r} takes no options, got {key!r}",
            )
            for key in options
            if key not in self.options
        ]

    def __call__(
        self, chart: OrgChart, variant: Variant, *, settings: RuleSettings | None = None
    ) -> list[Finding]:
        """Run the rule on its own (default settings unless given)."""
        return self.function(chart, variant, settings=settings or self.settings())

    def __repr__(self) -> str:
        return f"<Rule {self.code!r} ({self.category}, {self.severity})>"


_REGISTRY: dict[str, Rule] = {}
_CATEGORY_ORDER: dict[str, int] = {"structure": 0, "hierarchy": 1, "shape": 2, "custom": 3}


def register_rule(
    function: RuleFunction,
    *,
    code: str,
    severity: Severity = "warning",
    category: Category = "custom",
    summary: str = "",
    example: str = "",
    fix: str = "",
    options: Mapping[str, Any] | None = None,
    replace: bool = False,
    builtin: bool = False,
) -> Rule:
    """Register a rule function under a new code; every later ``validate`` runs it.

    Raises:
        ValueError: the code is not kebab-case, is taken (unless ``replace=True``), or the
            severity is not one of ``error``, ``warning``, ``info``.

    Examples:
        >>> from orgroles.validation import Finding
        >>> def find_unnamed_units(chart, variant, *, settings):
        ...     return [Finding("unit-missing", settings.severity, (p.id,), "no unit", "set unit")
        ...             for p in chart if p.unit is None and p.role == "director"]
        >>> register_rule(find_unnamed_units, code="unit-missing", summary="Directors name a unit")
        <Rule 'unit-missing' (custom, warning)>
        >>> unregister_rule("unit-missing").code
        'unit-missing'
    """
    if not _CODE.fullmatch(code):
        raise ValueError(f"rule code {code!r} is not kebab-case (e.g. 'span-too-wide')")
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r} (choose from: {', '.join(SEVERITIES)})")
    if code in _REGISTRY and not replace:
        raise ValueError(f"rule code {code!r} is already registered; pass replace=True")
    doc = inspect.getdoc(function) or ""
    entry = Rule(
        code=code,
        function=function,
        severity=severity,
        category=category,
        summary=summary or doc.partition("\n")[0],
        example=example,
        fix=fix,
        options=MappingProxyType(dict(options or {})),
        builtin=builtin,
    )
    _REGISTRY[code] = entry
    return entry


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
) -> Callable[[Callable[..., list[Finding]]], Callable[..., list[Finding]]]:
    """Decorator form of :func:`register_rule`; returns the function unchanged.

    Examples:
        >>> from orgroles.validation import Finding
        >>> @rule("director-without-unit", summary="every Director names a unit")
        ... def find_directors_without_unit(chart, variant, *, settings):
        ...     return [Finding("director-without-unit", settings.severity, (p.id,),
        ...                     f"{p.id!r} has no unit", "set its unit")
        ...             for p in chart if p.role == "director" and p.unit is None]
        >>> get_rule("director-without-unit").summary
        'every Director names a unit'
        >>> _ = unregister_rule("director-without-unit")
    """

    def decorate(function: Callable[..., list[Finding]]) -> Callable[..., list[Finding]]:
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
            builtin=category != "custom" and function.__module__.startswith("orgroles."),
        )
        return function

    return decorate


def unregister_rule(code: str) -> Rule:
    """Remove a registered rule and return it (built-ins too; re-register to restore).

    Raises:
        UnknownRuleError: no rule has this code.
    """
    found = get_rule(code)
    del _REGISTRY[code]
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


LIST_RULES_HINT = "`orgroles validate --list-rules` lists them"


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
    rules = list(_REGISTRY.values())
    rules.sort(key=lambda r: _CATEGORY_ORDER[r.category])  # stable: registration order within
    return tuple(rules)
