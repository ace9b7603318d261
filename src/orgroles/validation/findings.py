"""Findings and reports: what validation returns, as plain JSON-able data.

This module owns :class:`Finding` and :class:`Report`. It knows nothing of rules or variants
beyond their names, so a report can be built, compared and serialised on its own.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from orgroles.errors import InvalidOrgError

__all__ = ["SEVERITIES", "Finding", "Report", "Severity", "VariantSource"]

Severity = Literal["error", "warning", "info"]
"""How bad a finding is: ``error`` fails validation, ``warning`` fails ``--strict``."""

SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")

VariantSource = Literal["argument", "chart", "auto"]
"""Where the variant came from: the caller, the org file's ``variant:`` key, or auto-detection."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in a chart: a stable code, a severity, the positions involved.

    Attributes:
        code: the rule's stable kebab-case code, e.g. ``"span-too-wide"``.
        severity: ``"error"``, ``"warning"`` or ``"info"``.
        positions: the ids of the positions involved, the main one first (may be empty for a
            finding about the whole chart).
        message: what is wrong, naming the positions and values.
        hint: how to fix it.

    Examples:
        >>> finding = Finding("self-report", "error", ("pm-1",), "'pm-1' reports to itself",
        ...                   "set reports_to to its real manager")
        >>> print(finding)
        error self-report [pm-1]: 'pm-1' reports to itself
        (hint: set reports_to to its real manager)
        >>> finding.to_dict()["positions"]
        ['pm-1']
    """

    code: str
    severity: Severity
    positions: tuple[str, ...]
    message: str
    hint: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The finding as a JSON-able dict (the record ``--format json`` prints)."""
        return {
            "code": self.code,
            "severity": self.severity,
            "positions": list(self.positions),
            "message": self.message,
            "hint": self.hint,
        }

    def __str__(self) -> str:
        where = f" [{', '.join(_clip(self.positions))}]" if self.positions else ""
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{self.severity} {self.code}{where}: {self.message}{hint}"


def _clip(ids: tuple[str, ...], limit: int = 8) -> list[str]:
    # A 10,000-member cycle must not make a 10,000-id line; the record keeps them all.
    if len(ids) <= limit:
        return list(ids)
    return [*ids[: limit - 1], f"... {len(ids) - limit + 1} more"]


@dataclass(frozen=True)
class Report:
    """Everything validation found, and which variant judged the chart and why.

    Attributes:
        findings: every finding, in rule order (structure, hierarchy, shape, custom).
        variant: the name of the variant the chart was judged against.
        variant_source: ``"argument"``, ``"chart"`` (the org file's ``variant:`` key) or
            ``"auto"`` (the best fit by size and shape).
        variant_reason: one sentence saying why this variant.
        positions: the number of positions validated.

    Examples:
        >>> report = Report((Finding("one-to-one", "warning", ("gpm-1",), "one report"),),
        ...                 variant="scaleup", variant_source="argument",
        ...                 variant_reason="given by the caller", positions=9)
        >>> report.ok, len(report.warnings), report.counts()
        (True, 1, {'error': 0, 'warning': 1, 'info': 0})
    """

    findings: tuple[Finding, ...] = ()
    variant: str | None = None
    variant_source: VariantSource = "argument"
    variant_reason: str = ""
    positions: int = 0
    _by_severity: dict[str, list[Finding]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        groups: dict[str, list[Finding]] = {severity: [] for severity in SEVERITIES}
        for finding in self.findings:
            groups.setdefault(finding.severity, []).append(finding)
        object.__setattr__(self, "_by_severity", groups)

    @property
    def ok(self) -> bool:
        """True when there is no error-level finding (warnings and infos allowed)."""
        return not self._by_severity["error"]

    @property
    def errors(self) -> list[Finding]:
        """The error-level findings."""
        return list(self._by_severity["error"])

    @property
    def warnings(self) -> list[Finding]:
        """The warning-level findings."""
        return list(self._by_severity["warning"])

    @property
    def infos(self) -> list[Finding]:
        """The info-level findings."""
        return list(self._by_severity["info"])

    def counts(self) -> dict[str, int]:
        """The number of findings per severity."""
        return {severity: len(self._by_severity[severity]) for severity in SEVERITIES}

    def codes(self) -> set[str]:
        """The distinct codes found.

        Examples:
            >>> Report((Finding("cycle", "error", ("a", "b"), "loop"),)).codes()
            {'cycle'}
        """
        return {finding.code for finding in self.findings}

    def by_code(self, code: str) -> list[Finding]:
        """The findings with this code."""
        return [finding for finding in self.findings if finding.code == code]

    def __len__(self) -> int:
        return len(self.findings)

    def __iter__(self) -> Any:
        return iter(self.findings)

    def raise_for_errors(self) -> None:
        """Raise :class:`~orgroles.errors.InvalidOrgError` listing every error; else do nothing.

        The exception's ``findings`` holds the error findings; ``str()`` lists one per line.

        Examples:
            >>> Report((Finding("cycle", "error", ("a", "b"), "a -> b -> a"),),
            ...        variant="startup").raise_for_errors()
            Traceback (most recent call last):
            ...
            orgroles.errors.InvalidOrgError: 1 error (variant startup):
              error cycle [a, b]: a -> b -> a
        """
        errors = self.errors
        if not errors:
            return
        count = len(errors)
        variant = f" (variant {self.variant})" if self.variant else ""
        head = f"{count} error{'s' if count != 1 else ''}{variant}:"
        message = "\n".join([head, *(f"  {finding}" for finding in errors)])
        raise InvalidOrgError(message, findings=errors)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-able data: the verdict, the variant and every finding record.

        Examples:
            >>> sorted(Report().to_dict())
            ['counts', 'findings', 'ok', 'positions', 'variant', 'variant_reason', 'variant_source']
        """
        return {
            "ok": self.ok,
            "variant": self.variant,
            "variant_source": self.variant_source,
            "variant_reason": self.variant_reason,
            "positions": self.positions,
            "counts": self.counts(),
            "findings": [finding.to_dict() for finding in self.findings],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """The report as JSON text (see :meth:`to_dict`)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_text(
        self, *, hints: bool = True, locate: Callable[[Finding], str | None] | None = None
    ) -> str:
        """The report for people: the variant and why, then findings grouped by severity.

        ``locate`` may give a finding's place (e.g. ``org.yaml:17``, the line of its first
        position), written before the code the way compilers do, so editors link to it.

        Examples:
            >>> print(Report((Finding("one-to-one", "warning", ("gpm-1",), "only one report",
            ...                       "merge the layers"),), variant="scaleup",
            ...              variant_reason="given by the caller").to_text())
            variant: scaleup (given by the caller)
            warnings (1):
              one-to-one [gpm-1]: only one report
                hint: merge the layers
            0 errors, 1 warning, 0 infos
        """
        lines = []
        if self.variant is not None:
            reason = f" ({self.variant_reason})" if self.variant_reason else ""
            lines.append(f"variant: {self.variant}{reason}")
        for severity in SEVERITIES:
            group = self._by_severity[severity]
            if not group:
                continue
            lines.append(f"{severity}s ({len(group)}):")
            for finding in group:
                where = f" [{', '.join(_clip(finding.positions))}]" if finding.positions else ""
                place = locate(finding) if locate is not None else None
                prefix = f"{place}: " if place else ""
                lines.append(f"  {prefix}{finding.code}{where}: {finding.message}")
                if hints and finding.hint:
                    lines.append(f"    hint: {finding.hint}")
        counts = self.counts()
        lines.append(", ".join(_plural(counts[s], s) for s in SEVERITIES))
        return "\n".join(lines)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def findings_from_dicts(records: Iterable[dict[str, Any]]) -> tuple[Finding, ...]:
    """Rebuild findings from :meth:`Finding.to_dict` records (e.g. read back from JSON)."""
    return tuple(
        Finding(
            code=r["code"],
            severity=r["severity"],
            positions=tuple(r["positions"]),
            message=r["message"],
            hint=r.get("hint", ""),
        )
        for r in records
    )
