"""What an import did: the :class:`ImportReport`, its :class:`ImportProblem` records, the result.

This module owns the report's shape and wording. It knows nothing of CSV, JSON or detection;
the readers fill it in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from orgroles.errors import (
    FORMAT_VERSION,
    NOWHERE,
    Option,
    OrgImportError,
    Place,
    Problem,
    spell_hint,
)

if TYPE_CHECKING:
    from orgroles.chart import OrgChart

__all__ = ["ColumnChoice", "ImportProblem", "ImportReport", "ImportResult"]

ENCODING = Option("encoding", metavar="ENCODING")
ROLE_MAP = Option("role_map", metavar="FILE")
REPORT = Option("report", metavar="FILE", python="to_dict()")
NOTE_OPTIONS = (ENCODING, ROLE_MAP)
"""The options a report's notes may name; :meth:`ImportReport.summary` spells them as flags."""

Detection = Literal["given", "detected", "orgroles"]
"""How a column was chosen: named by the caller, detected from the header, or read as the
exact shape :func:`~orgroles.write_csv` writes."""


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with an input row (or the whole input), and what the import did about it.

    Attributes:
        code: a stable kebab-case code, e.g. ``"unknown-manager"``: :data:`IMPORT_CODES` lists
            every one, and a fact validation also finds has the rule's code.
        message: what is wrong, naming the bad value.
        action: what lenient mode did, e.g. ``"kept as a root"``.
        place: where: ``row`` is the 1-based data row (the header is not counted, nor are blank
            lines; records of a nested JSON tree count in document order), ``line`` the line
            where the row starts (CSV only), ``positions`` the position id as it ends up in the
            chart, ``field`` the input column involved, ``source`` the file. No row for
            whole-input problems.
        hint: how to fix the input.
        option: the keyword argument that fixes it, when one does (:meth:`spelled` writes the
            command line's flag for it instead).

    Examples:
        >>> print(ImportProblem("self-report", "'7' is its own manager", "made it a root",
        ...                     Place(row=6, line=7, positions=("7",), field="parentId")))
        line 7: position '7', field 'parentId': '7' is its own manager -> made it a root
    """

    code: str
    message: str
    action: str
    place: Place = NOWHERE
    hint: str | None = None
    option: Option | None = None

    def __str__(self) -> str:
        return self.spelled()

    def spelled(self, *, flags: bool = False) -> str:
        """The problem as one line; with ``flags``, its option is written as a command line flag."""
        where = str(self.place)
        text = f"{where}: {self.message}" if where else self.message
        text += f" -> {self.action}"
        hint = spell_hint(self.hint, self.option, flags=flags)
        return f"{text} (hint: {hint})" if hint else text

    def to_problem(self) -> Problem:
        """This problem as an :class:`~orgroles.Problem`, as strict mode raises it."""
        return Problem(
            self.message, code=self.code, place=self.place, hint=self.hint, option=self.option
        )

    def to_dict(self) -> dict[str, Any]:
        """The problem as JSON-able data: code, message, action, hint, option and place."""
        return {
            "code": self.code,
            "message": self.message,
            "action": self.action,
            "hint": self.hint,
            "option": None if self.option is None else self.option.name,
            "place": self.place.to_dict(),
        }


@dataclass(frozen=True)
class ColumnChoice:
    """Which input column(s) gave a position field, and how they were chosen.

    Attributes:
        field: the position field: ``id``, ``reports_to``, ``title``, ``name``, ``unit``,
            ``role``, ``dotted_to`` or ``assistant``.
        columns: the input columns; ``name`` may join two (``First Name`` + ``Last Name``).
        how: ``"given"`` (named by the caller), ``"detected"`` (from the header) or
            ``"orgroles"`` (the exact shape :func:`~orgroles.write_csv` writes).

    Examples:
        >>> str(ColumnChoice("name", ("First Name", "Last Name"), "detected"))
        "name <- 'First Name' + 'Last Name' (detected)"
    """

    field: str
    columns: tuple[str, ...]
    how: Detection

    def __str__(self) -> str:
        return f"{self.field} <- {' + '.join(repr(c) for c in self.columns)} ({self.how})"


@dataclass(frozen=True)
class ImportReport:
    """Everything an import did: counts, column choices, unresolved titles and every problem.

    Every input row is accounted for: ``rows_read + len(placeholders) == positions_made +
    filtered + collapsed + skipped + len(dropped)`` always holds (see :attr:`accounted`), and
    each collapsed or skipped row is named in :attr:`problems`.

    Attributes:
        source: the file name, or ``None`` for records given in Python.
        format: ``"csv"``, ``"excel"``, ``"json"`` or ``"records"``; for another tool's format
            read by :func:`~orgroles.import_chart`, its name (``"d3"``, ``"drawio"``...).
        encoding: the text encoding used (CSV and JSON files).
        delimiter: the CSV delimiter used.
        sheet: the workbook sheet read (Excel and OpenDocument workbooks).
        rows_read: data rows read (the header is not counted, nor are blank lines).
        positions_made: positions in the resulting chart (placeholders included).
        filtered: rows the row filter (``where=``) left out.
        row_filter: the row filter as text (``Status=active``), or ``None``.
        placeholders: ids of the vacant positions made for managers the input names but does
            not hold (each has the attribute ``placeholder: true``).
        manager_by: how the manager column was read: ``"id"``, ``"email"`` or ``"name"``
            (``None`` without a manager column).
        collapsed: rows dropped because they repeat an earlier row exactly.
        skipped: rows dropped because they hold no data at all.
        dropped: ids of positions left out by ``product_only=True`` (not product roles and not
            in a product position's chain of command).
        columns: which column gave each position field, and how it was chosen.
        attribute_columns: the other columns, kept in each position's ``attributes``.
        roles: how many positions got each role key.
        unresolved_titles: titles no role matched, most frequent first, with their counts;
            spellings that differ only in case, spacing or punctuation are counted together
            under the first one seen. Those positions got the role ``other``.
        untitled: positions with neither a title nor a role (they got ``other``).
        problems: every problem found, in input order, each with what was done about it.
        notes: facts worth knowing that are not problems (a guessed encoding, trimmed values);
            an option they name is written as a keyword argument (:data:`NOTE_OPTIONS`).

    Examples:
        >>> from orgroles import from_records
        >>> result = from_records([{"id": "1", "title": "CEO"}, {"id": "2", "manager": "9",
        ...                         "title": "Barista"}])
        >>> report = result.report
        >>> report.rows_read, report.positions_made, report.unresolved_titles
        (2, 2, {'Barista': 1})
        >>> [p.code for p in report.problems]
        ['unknown-manager']
    """

    source: str | None
    format: str
    rows_read: int
    positions_made: int
    columns: tuple[ColumnChoice, ...]
    attribute_columns: tuple[str, ...]
    roles: Mapping[str, int]
    unresolved_titles: Mapping[str, int]
    problems: tuple[ImportProblem, ...] = ()
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    collapsed: int = 0
    skipped: int = 0
    untitled: int = 0
    dropped: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())
    filtered: int = 0
    row_filter: str | None = None
    placeholders: tuple[str, ...] = ()
    manager_by: str | None = None

    def __post_init__(self) -> None:
        # Each problem names its file, as every other problem record does; the readers that
        # found them need not know the file's name.
        if self.source is not None and any(p.place.source is None for p in self.problems):
            problems = tuple(
                p
                if p.place.source is not None
                else replace(p, place=replace(p.place, source=self.source))
                for p in self.problems
            )
            object.__setattr__(self, "problems", problems)

    @property
    def ok(self) -> bool:
        """True when the import found no problem (strict mode would have succeeded)."""
        return not self.problems

    @property
    def accounted(self) -> bool:
        """True when every row read is a position, a collapsed duplicate, skipped or dropped."""
        made = self.positions_made + self.collapsed + self.skipped + len(self.dropped)
        return self.rows_read + len(self.placeholders) == made + self.filtered

    def column(self, field_name: str) -> tuple[str, ...] | None:
        """The input columns that gave a position field, or ``None`` if none did.

        Examples:
            >>> from orgroles import from_records
            >>> from_records([{"Employee ID": "1", "Reports To": ""}]).report.column("reports_to")
            ('Reports To',)
        """
        for choice in self.columns:
            if choice.field == field_name:
                return choice.columns
        return None

    def summary(
        self, *, max_problems: int | None = 50, per_kind: int | None = 5, flags: bool = False
    ) -> str:
        """The report as text for a terminal (``orgroles import`` prints it on stderr).

        Problems are grouped by kind (code) with a count each; a kind with a problem about the
        whole input (a diagnosis such as ``manager-column``) comes first, the others in the
        order they first occur; each group lists its first ``per_kind`` problems, and a line
        says where the full list is (``--report FILE``, :meth:`to_dict`).

        Args:
            max_problems: list at most this many problems in all (``None``: no limit).
            per_kind: list at most this many problems of each kind (``None``: all of them).
            flags: write the options that fix a problem as command line flags, not keyword
                arguments.

        Examples:
            >>> from orgroles import from_records
            >>> report = from_records(
            ...     [{"id": str(n), "manager": "9" if n else ""} for n in range(4)]).report
            >>> print(report.summary(per_kind=2).split("problems: ")[1])
            3 (1 kind)
              unknown-manager x3
                position '1', field 'manager': manager '9' is not an id in the input -> ...
                position '2', field 'manager': manager '9' is not an id in the input -> ...
                ... 1 more unknown-manager (all of them: to_dict())
        """
        product_only = Option("product_only", True)
        product_only_text = product_only.flag() if flags else product_only.keyword()
        source = self.source or "records"
        how = [self.format]
        if self.encoding:
            how.append(self.encoding)
        if self.delimiter:
            how.append(f"delimiter {_delimiter_name(self.delimiter)}")
        if self.sheet is not None:
            how.append(f"sheet {self.sheet!r}")
        read = (
            f"{_count(self.rows_read, 'row')} read (header not counted)"
            if self.format in ("csv", "excel")
            else f"{_count(self.rows_read, 'record')} read"
        )
        lines = [
            f"imported {source} ({', '.join(how)}): {read}, "
            f"{_count(self.positions_made, 'position')} made"
        ]
        lines.extend(self._added_and_left_out())
        if self.collapsed or self.skipped or self.dropped:
            parts = []
            if self.collapsed:
                parts.append(f"{_count(self.collapsed, 'identical duplicate row')} collapsed")
            if self.skipped:
                parts.append(f"{_count(self.skipped, 'empty row')} skipped")
            if self.dropped:
                parts.append(
                    f"{len(self.dropped)} non-product positions dropped ({product_only_text})"
                )
            lines.append("  " + "; ".join(parts))
        by = self.manager_by
        managers = f" (managers read by {by})" if by is not None and by != "id" else ""
        lines.append("columns: " + "; ".join(str(c) for c in self.columns) + managers)
        if self.attribute_columns:
            kept = ", ".join(repr(c) for c in self.attribute_columns[:12])
            more = len(self.attribute_columns) - 12
            lines.append(
                f"kept as attributes ({len(self.attribute_columns)}): {kept}"
                + (f", ... {more} more" if more > 0 else "")
            )
        if self.roles:
            lines.append("roles: " + ", ".join(f"{k} {n}" for k, n in self.roles.items()))
        if self.unresolved_titles:
            count = sum(self.unresolved_titles.values())
            shown = list(self.unresolved_titles.items())[:15]
            rest = len(self.unresolved_titles) - len(shown)
            # Counted over the whole input: with product_only most of those rows are dropped,
            # yet the list is what a role map needs to bring them back.
            scope = f"input rows, before {product_only_text}" if self.dropped else "positions"
            lines.append(
                f"unresolved titles: {len(self.unresolved_titles)} distinct on {count} {scope} "
                "(role 'other'; map them with a role map): "
                + ", ".join(f"{title!r} x{n}" for title, n in shown)
                + (f", ... {rest} more" if rest > 0 else "")
            )
        if self.untitled:
            lines.append(f"untitled: {self.untitled} positions without a title (role 'other')")
        lines.extend(f"note: {self._spelled_note(note, flags=flags)}" for note in self.notes)
        lines.extend(self._problem_lines(max_problems, per_kind, flags=flags))
        return "\n".join(lines)

    def _added_and_left_out(self) -> list[str]:
        """The lines on rows the filter left out and placeholder positions made."""
        lines = []
        if self.row_filter:
            lines.append(
                f"  {_count(self.filtered, 'row')} left out by the row filter ({self.row_filter})"
            )
        if self.placeholders:
            lines.append(
                f"  {_count(len(self.placeholders), 'placeholder position')} made for managers "
                "not in the input (vacant, attribute 'placeholder')"
            )
        return lines

    def _spelled_note(self, note: str, *, flags: bool) -> str:
        for option in NOTE_OPTIONS:
            note = spell_hint(note, option, flags=flags) or note
        return note

    def _problem_lines(
        self, max_problems: int | None, per_kind: int | None, *, flags: bool
    ) -> list[str]:
        if not self.problems:
            return ["problems: none"]
        groups: dict[str, list[ImportProblem]] = {}
        for problem in self.problems:
            groups.setdefault(problem.code, []).append(problem)
        # The diagnosis first: a kind about the whole input explains the rows after it.
        kinds = sorted(groups, key=lambda code: all(p.place.row for p in groups[code]))
        every = REPORT.flag() if flags else REPORT.keyword()
        count = len(groups)
        lines = [f"problems: {len(self.problems)} ({count} kind{'s' if count != 1 else ''})"]
        budget = max_problems
        for code in kinds:
            found = groups[code]
            lines.append(f"  {code} x{len(found)}")
            room = len(found) if per_kind is None else per_kind
            if budget is not None:
                room = min(room, budget)
            shown = found[:room]
            if budget is not None:
                budget -= len(shown)
            lines.extend(f"    {problem.spelled(flags=flags)}" for problem in shown)
            if len(shown) < len(found):
                lines.append(
                    f"    ... {len(found) - len(shown)} more {code} (all of them: {every})"
                )
        return lines

    def __str__(self) -> str:
        return self.summary()

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-able data (what ``orgroles import --report FILE`` writes)."""
        return {
            "format_version": FORMAT_VERSION,
            "source": self.source,
            "format": self.format,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "sheet": self.sheet,
            "rows_read": self.rows_read,
            "positions_made": self.positions_made,
            "collapsed": self.collapsed,
            "skipped": self.skipped,
            "dropped": list(self.dropped),
            "filtered": self.filtered,
            "row_filter": self.row_filter,
            "placeholders": list(self.placeholders),
            "manager_by": self.manager_by,
            "columns": [
                {"field": c.field, "columns": list(c.columns), "how": c.how} for c in self.columns
            ],
            "attribute_columns": list(self.attribute_columns),
            "roles": dict(self.roles),
            "unresolved_titles": dict(self.unresolved_titles),
            "untitled": self.untitled,
            "notes": list(self.notes),
            "problems": [p.to_dict() for p in self.problems],
        }

    def raise_for_problems(self) -> None:
        """Raise :class:`~orgroles.OrgImportError` listing every problem, if there are any.

        This is what ``strict=True`` does after a lenient read.
        """
        if self.problems:
            label = self.source or "records"
            raise OrgImportError(
                [p.to_problem() for p in self.problems],
                summary=f"cannot import {label} in strict mode",
                report=self,
            )


class ImportResult(NamedTuple):
    """What an importer returns: the chart and the report. Unpacks as ``chart, report``.

    Examples:
        >>> from orgroles import from_records
        >>> chart, report = from_records([{"id": "ceo", "title": "CEO"}])
        >>> chart["ceo"].role, report.ok
        ('ceo', True)
    """

    chart: OrgChart
    report: ImportReport


def _delimiter_name(delimiter: str) -> str:
    return {"\t": "tab", ",": "','", ";": "';'", "|": "'|'"}.get(delimiter, repr(delimiter))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
