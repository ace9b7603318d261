"""Findings and reports: what validation returns, as plain JSON-able data.

This module owns :class:`Finding` and :class:`Report`. It knows nothing of rules or variants
beyond their names, so a report can be built, compared and serialised on its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from orgroles._policy import Severity
from orgroles.errors import FORMAT_VERSION, NOWHERE, InvalidOrgError, Place, clip, printable

__all__ = ["SEVERITIES", "Finding", "Report", "Severity", "VariantSource", "format_findings"]

SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")

VariantSource = Literal["argument", "chart", "auto"]
"""Where the variant came from: the caller, the org file's ``variant:`` key, or auto-detection."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in a chart: a stable code, a severity, where, what and how to fix it.

    Attributes:
        code: the rule's stable kebab-case code, e.g. ``"span-too-wide"``.
        severity: ``"error"``, ``"warning"`` or ``"info"``.
        message: what is wrong, naming the positions and values.
        hint: how to fix it.
        place: where: the ids of the positions involved, the main one first (none for a
            finding about the whole chart), and the file and line of the first one when the
            chart came from a file and the caller placed the report (see :meth:`Report.placed`).

    Examples:
        >>> finding = Finding("self-report", "error", "'pm-1' reports to itself",
        ...                   "set reports_to to its real manager", Place(positions=("pm-1",)))
        >>> print(finding)
        error self-report [pm-1]: 'pm-1' reports to itself
        (hint: set reports_to to its real manager)
        >>> finding.positions, finding.to_dict()["place"]["positions"]
        (('pm-1',), ['pm-1'])
    """

    code: str
    severity: Severity
    message: str
    hint: str | None = None
    place: Place = NOWHERE

    @property
    def positions(self) -> tuple[str, ...]:
        """The ids of the positions involved, the main one first (``place.positions``)."""
        return self.place.positions

    def to_dict(self) -> dict[str, Any]:
        """The finding as a JSON-able dict (the record ``--format json`` prints)."""
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
            "place": self.place.to_dict(),
        }

    def __str__(self) -> str:
        file = self.place.file()
        hint = f" (hint: {printable(self.hint)})" if self.hint else ""
        return f"{file + ': ' if file else ''}{self.severity} {_headline(self)}{hint}"


def _headline(finding: Finding) -> str:
    """``cycle [a, b]: message``: the code, the ids (clipped) and the message."""
    ids = finding.place.positions
    where = f" [{', '.join(clip(ids))}]" if ids else ""
    return printable(f"{finding.code}{where}: {finding.message}")


def format_findings(
    findings: Iterable[Finding], *, hints: bool = True, limit: int | None = None
) -> str:
    """Findings for people, one per line with its hint below: every listing of findings.

    ``Report.to_text``, ``InvalidOrgError``, the assertion helpers of ``orgroles.testing`` and
    the pytest plugin all list findings this way. A finding placed in a file starts with its
    ``file:line``, the way compilers write it, so editors link to it.

    Args:
        findings: the findings, listed in the order given.
        hints: write each hint on the line below its finding.
        limit: list at most this many, then say how many more there are.

    Examples:
        >>> place = Place(source="org.yaml", line=3, positions=("a", "b"))
        >>> print(format_findings([Finding("cycle", "error", "a -> b -> a",
        ...                                "make one report elsewhere", place)]))
          org.yaml:3: cycle [a, b]: a -> b -> a
            hint: make one report elsewhere
    """
    items = list(findings)
    shown = items if limit is None else items[:limit]
    lines = []
    for finding in shown:
        # Only a line is worth naming: every finding is in the one file the listing is about.
        file = finding.place.file() if finding.place.line is not None else ""
        lines.append(f"  {file + ': ' if file else ''}{_headline(finding)}")
        if hints and finding.hint:
            lines.append(f"    hint: {printable(finding.hint)}")
    if len(shown) < len(items):
        lines.append(f"  ... and {len(items) - len(shown)} more")
    return "\n".join(lines)


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
        >>> report = Report((Finding("one-to-one", "warning", "one report",
        ...                          place=Place(positions=("gpm-1",))),),
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
        # One pass per severity in a comprehension: a whole-company run has 100,000s of findings.
        findings = self.findings
        groups: dict[str, list[Finding]] = {
            s: [f for f in findings if f.severity == s] for s in SEVERITIES
        }
        if sum(map(len, groups.values())) != len(findings):  # a severity of a user's own
            for finding in findings:
                if finding.severity not in SEVERITIES:
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
            >>> Report((Finding("cycle", "error", "loop"),)).codes()
            {'cycle'}
        """
        return {finding.code for finding in self.findings}

    def by_code(self, code: str) -> list[Finding]:
        """The findings with this code."""
        return [finding for finding in self.findings if finding.code == code]

    def failing(self, *, strict: bool = False, allow: Iterable[str] = ()) -> list[Finding]:
        """The findings that fail a check: errors, and warnings too when ``strict``.

        Args:
            strict: warnings fail too (``orgroles validate --strict``).
            allow: codes that never fail, whatever their severity.

        Examples:
            >>> report = Report((Finding("cycle", "error", "loop"),
            ...                  Finding("one-to-one", "warning", "one report")))
            >>> [f.code for f in report.failing()], [f.code for f in report.failing(strict=True)]
            (['cycle'], ['cycle', 'one-to-one'])
            >>> report.failing(allow={"cycle"})
            []
        """
        severities = ("error", "warning") if strict else ("error",)
        allowed = set(allow)
        return [
            finding
            for finding in self.findings
            if finding.severity in severities and finding.code not in allowed
        ]

    def placed(self, source: str, lines: Mapping[str, int]) -> Report:
        """This report with each finding placed in a file: ``source`` and its first position's line.

        ``lines`` maps position ids to the line where each is written (an org file read with
        :func:`~orgroles.orgfile.load_with_lines` gives it); findings about the whole chart get
        the file alone.

        Examples:
            >>> report = Report((Finding("cycle", "error", "loop", place=Place(positions=("a",))),))
            >>> print(report.placed("org.yaml", {"a": 7}).findings[0].place)
            org.yaml:7: position 'a'
        """
        placed = tuple(
            replace(
                finding,
                place=replace(
                    finding.place,
                    source=source,
                    line=lines.get(finding.positions[0]) if finding.positions else None,
                ),
            )
            for finding in self.findings
        )
        return replace(self, findings=placed)

    def __len__(self) -> int:
        return len(self.findings)

    def __iter__(self) -> Any:
        return iter(self.findings)

    def raise_for_errors(self) -> None:
        """Raise :class:`~orgroles.errors.InvalidOrgError` listing every error; else do nothing.

        The exception's ``findings`` holds the error findings; ``str()`` lists one per line.

        Examples:
            >>> loop = Finding("cycle", "error", "a -> b -> a", place=Place(positions=("a", "b")))
            >>> Report((loop,), variant="startup").raise_for_errors()
            Traceback (most recent call last):
            ...
            orgroles.errors.InvalidOrgError: 1 error (variant startup):
              cycle [a, b]: a -> b -> a
        """
        errors = self.errors
        if not errors:
            return
        count = len(errors)
        variant = f" (variant {self.variant})" if self.variant else ""
        head = f"{count} error{'s' if count != 1 else ''}{variant}:"
        raise InvalidOrgError(f"{head}\n{format_findings(errors, hints=False)}", findings=errors)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-able data: the verdict, the variant and every finding record.

        Examples:
            >>> sorted(Report().to_dict())  # doctest: +NORMALIZE_WHITESPACE
            ['counts', 'findings', 'format_version', 'ok', 'positions', 'variant',
             'variant_reason', 'variant_source']
        """
        return {
            "format_version": FORMAT_VERSION,
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

    def to_text(self, *, hints: bool = True) -> str:
        """The report for people: the variant and why, then findings grouped by severity.

        A finding placed in a file (see :meth:`placed`) starts with its ``file:line``.

        Examples:
            >>> print(Report((Finding("one-to-one", "warning", "only one report",
            ...                       "merge the layers", Place(positions=("gpm-1",))),),
            ...              variant="scaleup", variant_reason="given by the caller").to_text())
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
            if group:
                lines.append(f"{severity}s ({len(group)}):")
                lines.append(format_findings(group, hints=hints))
        counts = self.counts()
        lines.append(", ".join(_plural(counts[s], s) for s in SEVERITIES))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """Notebooks show a report as a table of its findings (see ``_notebook``)."""
        from orgroles.validation._notebook import report_html  # noqa: PLC0415  # on display

        return report_html(self)

    def _repr_markdown_(self) -> str:
        """The same table in Markdown, for frontends that ask for it."""
        from orgroles.validation._notebook import report_markdown  # noqa: PLC0415  # on display

        return report_markdown(self)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
