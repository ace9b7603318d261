"""Policies as data: how a run is tuned (rules off, severities, options, variant thresholds).

This module owns the :class:`Policy` model, read from Python, from an org file's ``validation:``
key or from a policy file, and where each entry was written. It checks the policy's shape only
and knows no rules: validation checks the codes when a run resolves them, so rules registered
after a file is read still count. Both the org file and validation import it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, PrivateAttr, ValidationError

from orgroles._documents import PathOrFile, field_problem, overlay, read_document
from orgroles._yamljson import line_of
from orgroles.errors import Option, OrgFileError, Place, Problem, suggest

__all__ = ["Policy", "RulePolicy", "Severity", "policy_from_data", "read_policy"]

Severity = Literal["error", "warning", "info"]
"""How bad a finding is: ``error`` fails validation, ``warning`` fails ``--strict``."""


class RulePolicy(BaseModel):
    """How one rule runs: on or off, its severity, its options.

    Examples:
        >>> RulePolicy(severity="error").enabled
        True
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    enabled: bool = Field(default=True, description="false turns the rule off.")
    severity: Severity | None = Field(default=None, description="The severity of its findings.")
    options: dict[str, JsonValue] = Field(
        default_factory=dict, description="Rule options, e.g. {max_roots: 2} for multiple-roots."
    )


PolicyPath = tuple[str | int, ...]
_Place = tuple[str | None, int | None, PolicyPath]

RuleSetting = bool | Literal["error", "warning", "info", "off"] | RulePolicy
"""Per rule: ``false``/``"off"`` turns it off, a severity sets it, or a full :class:`RulePolicy`."""


class Policy(BaseModel):
    """A validation policy: per-rule settings plus changes to the variant's thresholds.

    ``rules`` maps a rule code to ``false`` or ``"off"`` (turned off), a severity (``"error"``,
    ``"warning"``, ``"info"``) or ``{enabled, severity, options}``. ``variant`` holds changes
    merged into whichever variant judges the chart (see :meth:`Variant.derive`), e.g.
    ``{max_layers: 8, spans: {ics: {max: 15}}}``.

    Examples:
        >>> policy = Policy.model_validate({
        ...     "rules": {"one-to-one": "off", "vacant-manager": "error",
        ...               "multiple-roots": {"options": {"max_roots": 2}}},
        ...     "variant": {"max_layers": 8},
        ... })
        >>> policy.rule("one-to-one").enabled, policy.rule("vacant-manager").severity
        (False, 'error')
        >>> policy.rule("cycle")
        RulePolicy(enabled=True, severity=None, options={})
    """

    model_config = ConfigDict(frozen=True, extra="forbid", title="validation policy")

    rules: dict[str, RuleSetting] = Field(
        default_factory=dict,
        description="Per rule code: false or 'off', a severity, or {enabled, severity, options}.",
    )
    variant: dict[str, JsonValue] = Field(
        default_factory=dict,
        description="Changes merged into the variant used, e.g. {max_layers: 8}.",
    )

    # Where each entry was written: path inside the policy -> (file, line, path in that file).
    # Filled by policy_from_data; kept through merge, so a problem found when a run resolves
    # the policy (an unknown rule code, a bad threshold) still names its file and line.
    _places: dict[PolicyPath, _Place] = PrivateAttr(default_factory=dict)
    # The chart's ``validation:`` data this policy already holds (read with the chart from one
    # org file), so that ``validate`` does not parse the chart's copy of it a second time.
    _chart_data: Any = PrivateAttr(default=None)

    def _holds(self, validation: Mapping[str, Any] | None) -> bool:
        """Whether this policy already holds ``validation`` (a chart's ``validation`` data)."""
        return self._chart_data is not None and self._chart_data == validation

    def __eq__(self, other: object) -> bool:
        # Two policies with the same settings are equal wherever they were written.
        if not isinstance(other, Policy):
            return NotImplemented
        return (self.rules, self.variant) == (other.rules, other.variant)

    __hash__ = None  # type: ignore[assignment]  # mutable dict fields: never hashable

    def problem(
        self,
        message: str,
        *path: str | int,
        hint: str | None = None,
        option: Option | None = None,
    ) -> Problem:
        """A problem with the entry at ``path`` (``"rules", "cycle"``), placed where it was written.

        Examples:
            >>> policy = policy_from_data({"rules": {"cycle": "off"}}, source="policy.yaml",
            ...                           lines={("rules", "cycle"): 2})
            >>> print(policy.problem("not allowed", "rules", "cycle"))
            policy.yaml:2: field 'rules.cycle': not allowed
        """
        where: PolicyPath = path
        while where not in self._places and where:
            where = where[:-1]
        source, line, written = self._places.get(where, (None, None, ()))
        field = (*written, *path[len(where) :]) if where in self._places else path
        return Problem(
            message,
            hint=hint,
            option=option,
            place=Place(field=".".join(str(p) for p in field) or None, line=line, source=source),
        )

    def rule(self, code: str) -> RulePolicy:
        """The settings for one rule code (defaults when the policy does not mention it)."""
        setting = self.rules.get(code)
        if setting is None or setting is True:
            return RulePolicy()
        if setting is False or setting == "off":
            return RulePolicy(enabled=False)
        if isinstance(setting, str):
            return RulePolicy(severity=setting)
        return setting

    def merge(self, other: Policy | None) -> Policy:
        """This policy with ``other`` on top: its rule settings replace, variant changes merge.

        Examples:
            >>> base = Policy(rules={"one-to-one": "off"}, variant={"max_layers": 8})
            >>> top = Policy(rules={"one-to-one": "info"}, variant={"spans": {"ics": {"max": 9}}})
            >>> merged = base.merge(top)
            >>> merged.rule("one-to-one").severity, sorted(merged.variant)
            ('info', ['max_layers', 'spans'])
        """
        if other is None:
            return self
        merged = Policy(
            rules={**self.rules, **other.rules},
            variant=overlay(self.variant, other.variant),
        )
        # A rule setting replaces the base's whole entry, so none of the base's places under it
        # stay; variant changes merge key by key, and so do their places. Whatever `other`
        # writes is placed where `other` wrote it, or nowhere (a Policy built in Python): never
        # at the base's line for the same key or at the nearest place the base has above it.
        merged._places = {
            path: place
            for path, place in self._places.items()
            if not (path[:1] == ("rules",) and len(path) > 1 and path[1] in other.rules)
        }
        merged._places.update(
            (path, other._places.get(path, (None, None, path))) for path in other._written()
        )
        merged._chart_data = self._chart_data
        return merged

    def _named(self, source: str) -> Policy:
        """This policy with every entry that was written nowhere in particular placed at ``source``.

        ``validate`` names a :class:`Policy` built in Python after the argument it came in.
        """
        named = self.model_copy()
        named._places = {path: (source, None, path) for path in self._written()}
        named._places.update(
            (path, place) for path, place in self._places.items() if place[0] is not None
        )
        return named

    def _written(self) -> set[PolicyPath]:
        """Every path this policy sets (the root aside), placed or not."""
        written = set(self._places)
        written.update(_paths(self.model_dump(mode="json", exclude_defaults=True)))
        written.discard(())
        return written


def policy_from_data(
    data: Any,
    *,
    lines: dict[Any, int] | None = None,
    source: str = "<policy>",
    prefix: tuple[Any, ...] = (),
    unknown_code: Callable[[str], str | None] | None = None,
) -> Policy:
    """Build a policy from plain data (a policy file's or the ``validation:`` key's content).

    Args:
        data: the plain data.
        lines: path in the document -> line, to place each problem and entry.
        source: the file name (or another label) in messages.
        prefix: where the policy sits in its document (``("validation",)`` in an org file).
        unknown_code: for a policy refused anyway, what is wrong with a rule code (``None``
            when it is known), so one run names the unknown codes too. Rule codes are
            otherwise checked when a run resolves the policy (this module knows no rules).

    Raises:
        OrgFileError: every problem, each with its line when ``lines`` is given.

    Examples:
        >>> policy_from_data({"rules": {"one-to-one": False}}).rule("one-to-one").enabled
        False
        >>> policy_from_data({"rules": {"one-to-one": "maybe"}})
        Traceback (most recent call last):
        ...
        orgroles.errors.OrgFileError: invalid validation policy in <policy>: 1 problem
          <policy>: field 'rules.one-to-one': expected false, 'off', a severity ...
    """
    lines = lines or {}
    problems: list[Problem] = []

    def problem(message: str, *path: Any) -> None:
        problems.append(field_problem(message, (*prefix, *path), lines=lines, source=source))

    if data is None:
        return Policy()
    if not isinstance(data, Mapping):
        problem(f"a policy is a mapping with 'rules' and 'variant', got {type(data).__name__}")
    else:
        for key in data:
            if key not in Policy.model_fields:
                problem(suggest(str(key), Policy.model_fields, what="policy key"), key)
        _check_rules(data.get("rules"), problem)
        changes = data.get("variant", {})
        if not isinstance(changes, Mapping):
            problem("'variant' must be a mapping of variant fields to change", "variant")
        elif "name" in changes:
            # A policy changes the thresholds of the variant that judges the org; which
            # variant that is, is chosen elsewhere (the org file's variant: key, the argument).
            problem(
                "a policy changes a variant's thresholds, not its name; remove 'name' (choose "
                "the variant with the org file's 'variant:' key or the variant argument)",
                "variant",
                "name",
            )
    if not problems:
        try:
            policy = Policy.model_validate(data)
        except ValidationError as error:
            for item in error.errors(include_url=False):
                problem(item["msg"], *item["loc"])
        else:
            policy._places = {
                path: (source, line_of(lines, (*prefix, *path)), (*prefix, *path))
                for path in _paths(data)
            }
            return policy
    if unknown_code is not None:
        # The policy is refused anyway: name the unknown rule codes now too, so one run shows
        # every mistake. (A valid policy's codes are checked when it is used.)
        _unknown_codes(data, unknown_code, problem)
    problems.sort(key=lambda p: p.place.line or 0)
    raise OrgFileError(problems, summary=f"invalid validation policy in {source}")


def _unknown_codes(
    data: Any, unknown_code: Callable[[str], str | None], problem: Callable[..., None]
) -> None:
    rules = data.get("rules") if isinstance(data, Mapping) else None
    for code in rules if isinstance(rules, Mapping) else ():
        message = unknown_code(str(code))
        if message is not None:
            problem(message, "rules", code)


def _paths(value: Any, path: PolicyPath = ()) -> list[PolicyPath]:
    """Every path in plain data, the root included: ``()``, ``("rules",)``, ...; no recursion."""
    found: list[PolicyPath] = []
    stack: list[tuple[Any, PolicyPath]] = [(value, path)]
    while stack:
        item, where = stack.pop()
        found.append(where)
        if isinstance(item, Mapping):
            stack.extend((child, (*where, key)) for key, child in item.items())
        elif isinstance(item, list):
            stack.extend((child, (*where, index)) for index, child in enumerate(item))
    return found


def _check_rules(rules: Any, problem: Callable[..., None]) -> None:
    """One clear problem per bad rule entry (pydantic would give one per union member)."""
    if rules is None:
        return
    if not isinstance(rules, Mapping):
        problem("'rules' must map rule codes to settings", "rules")
        return
    for code, setting in rules.items():
        if isinstance(setting, bool) or setting in ("error", "warning", "info", "off"):
            continue
        if not isinstance(setting, Mapping):
            problem(
                "expected false, 'off', a severity (error, warning, info) or a mapping of "
                f"enabled, severity, options; got {setting!r}",
                "rules",
                code,
            )
            continue
        for key, value in setting.items():
            if key not in RulePolicy.model_fields:
                problem(suggest(str(key), RulePolicy.model_fields, what="key"), "rules", code, key)
            elif key == "severity" and value not in ("error", "warning", "info"):
                problem(
                    f"unknown severity {value!r} (choose from: error, warning, info)",
                    "rules",
                    code,
                    key,
                )
            elif key == "enabled" and not isinstance(value, bool):
                problem(f"'enabled' is true or false, got {value!r}", "rules", code, key)
            elif key == "options" and not isinstance(value, Mapping):
                problem("'options' must be a mapping", "rules", code, key)


def read_policy(
    path: PathOrFile, *, unknown_code: Callable[[str], str | None] | None = None
) -> Policy:
    """Read a policy file (YAML or JSON): ``rules:`` and ``variant:`` as in :class:`Policy`.

    ``orgroles.load_policy`` (documented and tested there) is this with the rule registry
    naming unknown codes; ``unknown_code`` is as in :func:`policy_from_data`.

    Raises:
        OrgFileError: every problem, with file and line.
        OSError: the file cannot be read.
    """
    document = read_document(path)
    document.check(summary=f"invalid validation policy in {document.source}")
    return policy_from_data(
        document.data, lines=document.lines, source=document.source, unknown_code=unknown_code
    )
