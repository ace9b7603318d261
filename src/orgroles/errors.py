"""The exception tree of orgroles; every error also subclasses the builtin it resembles.

This module owns the exception classes, the :class:`Problem` record they carry, and the
:class:`Place` with which every problem record (import problems and findings too) says where it
is. It must not know about files, charts or the CLI: callers fill in the places.

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
import re
import shlex
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

__all__ = [
    "FORMAT_VERSION",
    "MAX_SHOWN",
    "InvalidOrgError",
    "Option",
    "OrgDataError",
    "OrgFileError",
    "OrgImportError",
    "OrgRolesError",
    "Place",
    "Problem",
    "RenderError",
    "ReportingCycleError",
    "TemplateError",
    "UnknownPositionError",
    "UnknownRoleError",
    "UnknownRuleError",
    "UnknownVariantError",
    "import_error",
    "printable",
    "shown",
    "suggest",
]


def suggest(
    value: str, choices: Iterable[str], *, what: str, list_choices: bool = True, prefix: str = ""
) -> str:
    """Return ``unknown <what> 'value' (did you mean ...? choose from: ...)``.

    ``prefix`` is written before the value and every choice but not compared: a nested key is
    matched by its own name, so ``spans.ic`` is nearest to ``spans.ics``, not ``spans.roles``.

    Examples:
        >>> suggest("entreprise", ["startup", "enterprise"], what="variant")
        "unknown variant 'entreprise' (did you mean 'enterprise'? choose from: enterprise, startup)"
        >>> suggest("ic", ["ics", "roles"], what="field", prefix="spans.")
        "unknown field 'spans.ic' (did you mean 'spans.ics'? choose from: spans.ics, spans.roles)"
    """
    options = sorted(set(choices))
    close = difflib.get_close_matches(value, options, n=3, cutoff=0.6)
    parts = []
    if close:
        parts.append("did you mean " + " or ".join(repr(prefix + c) for c in close) + "?")
    if list_choices and len(options) <= 20:
        parts.append("choose from: " + ", ".join(prefix + option for option in options))
    detail = f" ({' '.join(parts)})" if parts else ""
    return f"unknown {what} {prefix + value!r}{detail}"


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


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """Where a problem is: the one shape every problem record carries (all parts optional).

    :class:`Problem`, :class:`~orgroles.ImportProblem` and :class:`~orgroles.Finding` each hold
    one, so a tool reads the file, line, row, field and position ids the same way from any of
    them, and ``--format json`` writes the same object for each.

    Attributes:
        source: the file name, when the data came from a file.
        line: the 1-based line in that file.
        row: the 1-based record in the input: a data row of a CSV file (the header not
            counted), an item of a JSON list, a position of an org file or a Python list.
        field: the input column (imports) or document field (org files, policies, variants,
            as a dotted path such as ``validation.rules.cycle``) involved.
        positions: the ids of the positions involved, the main one first.

    Examples:
        >>> str(Place(source="org.yaml", line=12, positions=("pm-1",), field="id"))
        "org.yaml:12: position 'pm-1', field 'id'"
        >>> str(Place(row=6, line=7, field="parentId"))
        "line 7: row 6, field 'parentId'"
        >>> str(Place(row=6, line=7, positions=("7",)))
        "line 7: position '7'"
        >>> Place(row=2).to_dict()
        {'source': None, 'line': None, 'row': 2, 'field': None, 'positions': []}
    """

    source: str | None = None
    line: int | None = None
    row: int | None = None
    field: str | None = None
    positions: tuple[str, ...] = ()

    def file(self) -> str:
        """``org.yaml:12``, ``org.yaml`` or ``line 12``: the part editors link to; may be empty."""
        if self.source is not None:
            return self.source + (f":{self.line}" if self.line is not None else "")
        return f"line {self.line}" if self.line is not None else ""

    def detail(self) -> str:
        """``position 'pm-1', field 'id'`` (``row 6`` when the id is unknown); may be empty."""
        parts = []
        # A position is named by its id when it has one: the row adds nothing a reader needs.
        if self.row is not None and not self.positions:
            parts.append(f"row {self.row}")
        if len(self.positions) == 1:
            parts.append(f"position {shown(self.positions[0])}")
        elif self.positions:
            parts.append("positions " + ", ".join(map(shown, clip(self.positions))))
        if self.field is not None:
            parts.append(f"field {shown(self.field)}")
        return ", ".join(parts)

    def __str__(self) -> str:
        file, detail = self.file(), self.detail()
        return f"{file}: {detail}" if file and detail else file or detail

    def __bool__(self) -> bool:
        return bool(
            self.positions
            or any(v is not None for v in (self.source, self.line, self.row, self.field))
        )

    def to_dict(self) -> dict[str, Any]:
        """The place as JSON-able data: every key present, ``None`` (or ``[]``) when unknown."""
        return {
            "source": self.source,
            "line": self.line,
            "row": self.row,
            "field": self.field,
            "positions": list(self.positions),
        }


FORMAT_VERSION = 1
"""The version of every ``--format json`` document's shape (its ``format_version`` key): it
changes when a key is renamed or removed or its meaning changes, not when a key is added."""

NOWHERE = Place()
"""The place of a problem about the whole input."""


def clip(ids: Sequence[str], limit: int = 8) -> list[str]:
    """At most ``limit`` ids, the last one saying how many more there are.

    A 10,000-member cycle must not make a 10,000-id line; the records keep them all.

    Examples:
        >>> clip([str(n) for n in range(10)], limit=3)
        ['0', '1', '... 8 more']
    """
    if len(ids) <= limit:
        return list(ids)
    return [*ids[: limit - 1], f"... {len(ids) - limit + 1} more"]


_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def printable(text: str) -> str:
    r"""``text`` safe for a terminal: controls, bidi controls and invisible characters escaped.

    No escape sequence from data (an ANSI colour in a CSV header) reaches a terminal, and no
    right-to-left override makes a line read otherwise than it is.

    Examples:
        >>> printable("a\x1b[31mb\u202ec")
        'a\\x1b[31mb\\u202ec'
    """
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


MAX_SHOWN = 80
"""The most characters of one value a message quotes: a 1 MB id is named, not echoed."""


def shown(value: object, limit: int = MAX_SHOWN) -> str:
    """``repr(value)`` for a message, cut to about ``limit`` characters with its length said.

    Examples:
        >>> shown("pm-1")
        "'pm-1'"
        >>> shown("x" * 1_000_000, limit=30)
        "'xxxxxxxxxxxx...' (1,000,000 characters)"
    """
    if isinstance(value, str) and len(value) > limit:
        return f"{value[: limit - 17]!r}"[:-1] + f"...' ({len(value):,} characters)"
    text = repr(value)
    if len(text) <= limit:
        return text
    return f"{text[: limit - 3]}... ({len(text):,} characters)"


@dataclass(frozen=True, slots=True)
class Option:
    """A keyword argument that fixes a problem, and the value to give it.

    A hint names it the Python way (:meth:`keyword`); the command line, whose options have the
    same names, writes its flag instead (:meth:`flag`), so library text never names a flag.

    Attributes:
        name: the keyword argument, e.g. ``encoding``.
        value: the value to pass; ``None`` when the user picks it (``metavar`` stands for it).
        metavar: what stands for a value the user picks, e.g. ``COLUMN``.
        python: the Python spelling when it is not a keyword argument (``--list-rules`` is
            ``orgroles.validation.registered_rules()``).

    Examples:
        >>> Option("encoding", "latin-1").keyword(), Option("encoding", "latin-1").flag()
        ("encoding='latin-1'", '--encoding latin-1')
        >>> column = Option("manager", metavar="COLUMN")
        >>> column.keyword(), column.flag()
        ('manager=COLUMN', '--manager COLUMN')
        >>> Option("product_only", True).keyword(), Option("product_only", True).flag()
        ('product_only=True', '--product-only')
    """

    name: str
    value: str | int | bool | None = None
    metavar: str = "VALUE"
    python: str | None = None

    def keyword(self) -> str:
        """The option as Python: ``encoding='latin-1'`` (or :attr:`python` when set)."""
        if self.python is not None:
            return self.python
        if self.value is None:
            return f"{self.name}={self.metavar}"
        return f"{self.name}={self.value!r}"

    def flag(self) -> str:
        """The option as a command-line flag: ``--encoding latin-1``."""
        flag = "--" + self.name.replace("_", "-")
        if self.value is True:
            return flag
        if self.value is None:
            return f"{flag} {self.metavar}"
        return f"{flag} {shlex.quote(str(self.value))}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with input data, and where it is.

    Attributes:
        message: what is wrong, naming the bad value.
        code: a stable kebab-case code for the fact, when it has one (the same code an import
            problem or a validation finding uses for it).
        place: where it is: file, line, row, field, position ids.
        hint: how to fix it, in Python: an :class:`Option` is written as a keyword argument.
        option: the keyword argument that fixes it, when one does; :meth:`spelled` writes the
            command line's flag for it instead (``--encoding latin-1``).

    Examples:
        >>> print(Problem("duplicate id", code="duplicate-id",
        ...               place=Place(source="org.yaml", line=12, positions=("pm-1",), field="id")))
        org.yaml:12: position 'pm-1', field 'id': duplicate id [duplicate-id]
    """

    message: str
    code: str | None = field(default=None, kw_only=True)
    place: Place = field(default=NOWHERE, kw_only=True)
    hint: str | None = field(default=None, kw_only=True)
    option: Option | None = field(default=None, kw_only=True)

    def __str__(self) -> str:
        return self.spelled()

    def spelled(self, *, flags: bool = False) -> str:
        """The problem as one line; with ``flags``, its option is written as a command line flag.

        Examples:
            >>> option = Option("encoding", "latin-1")
            >>> problem = Problem("not UTF-8", hint=f"pass {option.keyword()}", option=option)
            >>> problem.spelled()
            "not UTF-8 (hint: pass encoding='latin-1')"
            >>> problem.spelled(flags=True)
            'not UTF-8 (hint: pass --encoding latin-1)'
        """
        where = str(self.place)
        text = printable(f"{where}: {self.message}" if where else self.message)
        if self.code is not None:
            text += f" [{self.code}]"
        hint = spell_hint(self.hint, self.option, flags=flags)
        return f"{text} (hint: {printable(hint)})" if hint else text

    def to_dict(self) -> dict[str, Any]:
        """The problem as JSON-able data: code, message, hint, option and its place."""
        return {
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
            "option": None if self.option is None else self.option.name,
            "place": self.place.to_dict(),
        }


def spell_hint(hint: str | None, option: Option | None, *, flags: bool) -> str | None:
    """``hint`` with its option written as a flag when ``flags`` (it names the keyword as made)."""
    if hint is None or option is None or not flags:
        return hint
    return hint.replace(option.keyword(), option.flag())


class OrgDataError(OrgRolesError, ValueError):
    """Data that cannot become a chart; carries every :class:`Problem` found, not just the first.

    ``str()`` gives a count and then one problem per line, like pydantic's ``ValidationError``.
    """

    def __init__(self, problems: Sequence[Problem], *, summary: str = "invalid org data") -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.summary = summary
        super().__init__(self._render())

    def _render(self) -> str:
        return self.spelled()

    def spelled(self, *, flags: bool = False) -> str:
        """The message; with ``flags``, options in hints are written as command line flags."""
        count = len(self.problems)
        head = f"{self.summary}: {count} problem{'s' if count != 1 else ''}"
        lines = (f"  {problem.spelled(flags=flags)}" for problem in self.problems)
        return "\n".join([head, *lines])

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


def import_error(
    message: str,
    *,
    source: str,
    hint: str | None = None,
    option: Option | None = None,
    line: int | None = None,
    field: str | None = None,
    reading: bool = False,
) -> OrgImportError:
    """An :class:`OrgImportError` with one problem, placed in ``source``.

    Its summary is ``cannot import <source>``, or ``cannot read <source>`` when ``reading``:
    the bytes or the syntax are wrong, before anything in them could be imported.

    Examples:
        >>> print(import_error("no id column", source="hr.csv", hint="name it"))
        cannot import hr.csv: 1 problem
          hr.csv: no id column (hint: name it)
    """
    place = Place(source=source, line=line, field=field)
    return OrgImportError(
        [Problem(message, hint=hint, option=option, place=place)],
        summary=f"cannot {'read' if reading else 'import'} {source}",
    )


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
    """A validation rule code that is not registered (in a policy or a lookup).

    Attributes:
        problems: when a policy named it, every problem of that policy (each placed where it
            was written); empty for a lookup.
    """

    def __init__(self, message: str, key: str, *, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message, key)
        self.problems: tuple[Problem, ...] = tuple(problems)
        self._summary = message.partition(":")[0]

    def spelled(self, *, flags: bool = False) -> str:
        """The message; with ``flags``, options in hints are written as command line flags."""
        if not self.problems:
            return str(self)
        return OrgDataError(self.problems, summary=self._summary).spelled(flags=flags)


class TemplateError(OrgRolesError, ValueError):
    """Template parameters that cannot make a sound org of the variant; names the one that fits.

    Attributes:
        retry: the arguments of a :func:`~orgroles.template` call that builds instead
            (``variant`` only when it is another one), or empty. The message writes them as a
            Python call; :meth:`spelled` with ``flags`` as the ``orgroles template`` command.

    Examples:
        >>> error = TemplateError("60 PMs fit enterprise: try {retry}",
        ...                       retry={"variant": "enterprise", "pms": 60})
        >>> str(error)
        "60 PMs fit enterprise: try template('enterprise', pms=60)"
        >>> error.spelled(flags=True)
        '60 PMs fit enterprise: try orgroles template enterprise --pms 60'
        >>> TemplateError("it needs more PMs (or {retry})", retry={"analysts": True}).spelled(
        ...     flags=True)
        'it needs more PMs (or --analysts)'
    """

    def __init__(
        self, message: str, *, retry: Mapping[str, str | int | bool] | None = None
    ) -> None:
        self.retry: Mapping[str, str | int | bool] = MappingProxyType(dict(retry or {}))
        self._message = message
        super().__init__(self.spelled())

    def spelled(self, *, flags: bool = False) -> str:
        """The message; with ``flags``, what to try instead is the command, not the call."""
        options = [Option(key, value) for key, value in self.retry.items() if key != "variant"]
        variant = self.retry.get("variant")
        if flags:
            call = " ".join(option.flag() for option in options)
            if variant is not None:
                call = f"orgroles template {variant} {call}".rstrip()
        else:
            call = ", ".join(option.keyword() for option in options)
            if variant is not None:
                call = f"template({variant!r}{', ' if call else ''}{call})"
        return self._message.replace("{retry}", call)


class RenderError(OrgRolesError, RuntimeError):
    """A chart could not be laid out or drawn (Graphviz failed, crashed or timed out)."""
