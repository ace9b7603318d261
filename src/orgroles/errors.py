"""The exception tree of orgroles; every error also subclasses the builtin it resembles.

This module owns the exception classes and the :class:`Problem` record they carry. It must not know
about files, charts or the CLI: callers fill in the places.

::

    OrgRolesError (Exception)            base of everything raised on purpose
    ├── UnknownRoleError (KeyError)      a role key that is not in the catalog
    ├── UnknownPositionError (KeyError)  a position id that is not in the chart
    ├── UnknownVariantError (KeyError)   a variant name that is not known
    ├── UnknownRuleError (KeyError)      a validation rule code that is not registered
    ├── OrgDataError (ValueError)        data that cannot become a chart; lists every Problem
    │   ├── OrgFileError                 ... read from a file, with file and line
    │   └── OrgImportError               an HR export that strict import refuses (or cannot read)
    ├── ReportingCycleError (ValueError) an operation that needs a tree met a reporting cycle
    ├── InvalidOrgError (ValueError)     validation found error-level findings
    ├── TemplateError (ValueError)       template parameters that cannot make a sound org
    └── RenderError (RuntimeError)       a chart could not be laid out or drawn
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "InvalidOrgError",
    "OrgDataError",
    "OrgFileError",
    "OrgImportError",
    "OrgRolesError",
    "Problem",
    "RenderError",
    "ReportingCycleError",
    "TemplateError",
    "UnknownPositionError",
    "UnknownRoleError",
    "UnknownRuleError",
    "UnknownVariantError",
    "suggest",
]


def suggest(value: str, choices: Iterable[str], *, what: str, list_choices: bool = True) -> str:
    """Return ``unknown <what> 'value' (did you mean ...? choose from: ...)``.

    Examples:
        >>> suggest("entreprise", ["startup", "enterprise"], what="variant")
        "unknown variant 'entreprise' (did you mean 'enterprise'? choose from: enterprise, startup)"
    """
    options = sorted(set(choices))
    close = difflib.get_close_matches(value, options, n=3, cutoff=0.6)
    parts = []
    if close:
        parts.append("did you mean " + " or ".join(repr(c) for c in close) + "?")
    if list_choices and len(options) <= 20:
        parts.append("choose from: " + ", ".join(options))
    detail = f" ({' '.join(parts)})" if parts else ""
    return f"unknown {what} {value!r}{detail}"


class OrgRolesError(Exception):
    """Base class of every error orgroles raises on purpose."""


class _KeyLookupError(OrgRolesError, KeyError):
    """A failed lookup; ``str()`` gives the message, not KeyError's quoted repr."""

    def __init__(self, message: str, key: str) -> None:
        super().__init__(message)
        self.key = key

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownRoleError(_KeyLookupError):
    """A role key that is not in the role catalog."""


class UnknownPositionError(_KeyLookupError):
    """A position id that is not in the chart."""


class UnknownVariantError(_KeyLookupError):
    """A variant name that is not a built-in or registered variant."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with input data, and where it is.

    Attributes:
        message: what is wrong, naming the bad value.
        position: the position id involved, when known.
        field: the field or column involved, when known.
        index: the 0-based index of the position (or row) in its input.
        line: the 1-based line in the source file, when known.
        source: the file name, when the data came from a file.
        hint: how to fix it.

    Examples:
        >>> print(Problem("duplicate id", position="pm-1", field="id", line=12, source="org.yaml"))
        org.yaml:12: position 'pm-1', field 'id': duplicate id
    """

    message: str
    position: str | None = None
    field: str | None = None
    index: int | None = None
    line: int | None = None
    source: str | None = None
    hint: str | None = None

    def where(self) -> str:
        """The place, e.g. ``org.yaml:12: position 'pm-1', field 'id'``; empty when unknown."""
        place = ""
        if self.source is not None:
            place = self.source + (f":{self.line}" if self.line is not None else "")
        elif self.line is not None:
            place = f"line {self.line}"
        what = []
        if self.position is not None:
            what.append(f"position {self.position!r}")
        elif self.index is not None:
            what.append(f"position #{self.index + 1}")
        if self.field is not None:
            what.append(f"field {self.field!r}")
        if place and what:
            return f"{place}: {', '.join(what)}"
        return place or ", ".join(what)

    def __str__(self) -> str:
        where = self.where()
        text = f"{where}: {self.message}" if where else self.message
        return f"{text} (hint: {self.hint})" if self.hint else text


class OrgDataError(OrgRolesError, ValueError):
    """Data that cannot become a chart; carries every :class:`Problem` found, not just the first.

    ``str()`` gives a count and then one problem per line, like pydantic's ``ValidationError``.
    """

    def __init__(self, problems: Sequence[Problem], *, summary: str = "invalid org data") -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.summary = summary
        super().__init__(self._render())

    def _render(self) -> str:
        count = len(self.problems)
        head = f"{self.summary}: {count} problem{'s' if count != 1 else ''}"
        return "\n".join([head, *(f"  {problem}" for problem in self.problems)])

    def __str__(self) -> str:
        return self._render()


class OrgFileError(OrgDataError):
    """An org file (YAML or JSON) that cannot be read; problems name the file and line."""


class OrgImportError(OrgDataError):
    """An HR export (CSV, JSON, records) that cannot be imported, or that strict mode refuses.

    Attributes:
        report: the lenient import's report when the data could be read (strict mode), else
            ``None`` (the file could not be read at all: no id column, an unknown encoding).
    """

    def __init__(
        self,
        problems: Sequence[Problem],
        *,
        summary: str = "cannot import the data",
        report: Any = None,
    ) -> None:
        super().__init__(problems, summary=summary)
        self.report = report


class ReportingCycleError(OrgRolesError, ValueError):
    """An operation that needs a tree (a chain of command, a move) met a reporting cycle.

    Attributes:
        cycle: the position ids in the cycle, in reporting order.
    """

    def __init__(self, message: str, cycle: Sequence[str]) -> None:
        super().__init__(message)
        self.cycle: tuple[str, ...] = tuple(cycle)


class InvalidOrgError(OrgRolesError, ValueError):
    """Validation found error-level findings; ``str()`` lists every one.

    Attributes:
        findings: the error-level findings (``orgroles.Finding`` records).
    """

    def __init__(self, message: str, findings: Sequence[Any] = ()) -> None:
        super().__init__(message)
        self.findings: tuple[Any, ...] = tuple(findings)


class UnknownRuleError(_KeyLookupError):
    """A validation rule code that is not registered (in a policy or a lookup)."""


class TemplateError(OrgRolesError, ValueError):
    """Template parameters that cannot make a sound org of the variant; names the one that fits."""


class RenderError(OrgRolesError, RuntimeError):
    """A chart could not be laid out or drawn (Graphviz failed, crashed or timed out)."""
