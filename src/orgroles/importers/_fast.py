"""The fast path for a clean CSV export: whole columns at a time, for million-row files.

A large HR export is usually clean: one distinct id per row, every manager an id of the file,
one top and no cycle. For such a file, checking and converting whole columns at once is several
times faster than the careful row-by-row path in ``_build``, which handles and reports every
problem. This path never handles a problem: at the first sign of one it gives up (returns
``None``) and the careful path reads the file instead, so problems are reported in one place
only. A property test checks that both paths give the same chart and report for clean files.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from functools import partial
from itertools import chain, compress, islice, repeat
from operator import is_, lt, ne, sub
from types import ModuleType
from typing import Any, TypeVar, cast, overload

from orgroles._index import ReportingIndex
from orgroles._roles import RoleCatalog
from orgroles._store import DeferredColumn, Known
from orgroles.chart import OrgChart
from orgroles.importers._arrow import int64_array
from orgroles.importers._build import Tally
from orgroles.importers._cells import MAX_ID
from orgroles.importers._columnar import Table, accelerator
from orgroles.importers._repairs import TitleRoles
from orgroles.importers._rows import OTHER, Builder
from orgroles.position import CONTROL_CHARACTERS

__all__ = ["clean_csv_positions"]

_Text = TypeVar("_Text", str, str | None)
_SLOW_FIELDS = ("dotted_to", "assistant")  # rarely in HR exports; the careful path reads them


def clean_csv_positions(
    header: Sequence[str], table: Table, builder: Builder
) -> tuple[OrgChart, Tally] | None:
    """The chart of a clean CSV and the import's tally, or ``None`` to take the careful path.

    ``table`` holds the data rows' cells (the header excluded), each row as wide as the header.
    Clean means: ids present, without control characters, at most 200 characters, distinct even
    ignoring case; every manager an id of another row; one top; no cycle; role cells empty or
    role keys. Titles, names and units are trimmed (the default; write_csv's shape and
    ``trim=False`` take the careful path). When polars read the table, the checks and the
    trimming run in polars, and only their results become Python lists. The chart holds the
    columns; no :class:`Position` is made until asked.
    """
    mapping = builder.mapping
    if (
        not table.rows
        or not builder.trim
        or mapping.exact_shape
        or any(field in mapping.fields for field in _SLOW_FIELDS)
    ):
        return None
    polars = accelerator() if table.frame is not None else None
    cells: _Columns = (
        _PolarsColumns(polars, table, header)
        if polars is not None
        else _PythonColumns(table, header)
    )
    checked = cells.ids(mapping.column("id"))
    if checked is None:
        return None
    ids, builder.trimmed_ids = checked
    parents = cells.parents(mapping.column("reports_to"), ids)
    if parents is None:
        return None
    count = len(ids)
    # The managers' ids as the very strings of the id column (a million fewer strings to
    # hold), made when the column is read: validation reads the parent array instead.
    top = parents.index(-1)
    managers = DeferredColumn(count, partial(_manager_ids, ids, parents, top))
    roles = cells.roles(mapping.column("role"), builder.catalog)
    if roles is None:
        return None

    titles = _free_text(cells, mapping.column("title"), builder, count)
    if isinstance(titles, DeferredColumn) and roles.count(None) != len(roles):
        # Roles given beside titles can disagree with them, which validation reads the titles
        # to report (title-role-mismatch): such titles are text at once, as on the careful path.
        titles = titles.values()
    units = _free_text(cells, mapping.column("unit"), builder, count)
    names = _names(cells, mapping.fields.get("name", ()), builder, count)

    resolver = TitleRoles(builder.catalog)
    role_keys, untitled = cells.role_keys(roles, titles, mapping.column("title"), resolver)
    counted = cells.counts(role_keys)  # in the order roles first appear, as validation counts
    role_counts = dict.fromkeys(builder.catalog, 0)
    role_counts.update(counted)

    attributes = None
    if builder.attribute_plan:
        attributes = AttributeRows(
            [(key, cells.attribute(column)) for column, key, _ in builder.attribute_plan]
        )
    columns: dict[str, Sequence[Any]] = {
        "id": ids,
        "role": role_keys,
        "title": titles,
        "name": names,
        "reports_to": managers,
        "unit": units,
    }
    if attributes is not None:
        columns["attributes"] = attributes
    index = cells.index or ReportingIndex(
        ids, parents, position_of=cells.position_of, managers_first=cells.managers_first
    )
    # Which cells are empty, by field: validation asks which seats are vacant (no name).
    missing: dict[str, Sequence[int]] = {"reports_to": [top]}
    for field, column in (("title", mapping.column("title")), ("unit", mapping.column("unit"))):
        if column is not None and column in cells.missing:
            missing[field] = cells.missing[column]
    name_columns = mapping.fields.get("name", ())
    if len(name_columns) == 1 and name_columns[0] in cells.missing:
        missing["name"] = cells.missing[name_columns[0]]
    known = Known(role_counts=counted, ids_unlike=cells.ids_unlike, missing=missing)
    chart = OrgChart._from_columns(columns, index=index, roles=builder.catalog, known=known)
    tally = Tally(count, 0, 0, role_counts, resolver.unresolved_counts(), untitled)
    return chart, tally


def _found_in_sorted(ids: Sequence[str], managers: list[str]) -> list[int | None] | None:
    """Each manager cell's row among ids in ascending order (``None``: no row has that id).

    A team is usually listed together, so each run of equal manager cells is looked up once,
    by binary search; ``None`` (use a dict) when runs are too short for that to pay.
    """
    count = len(managers)
    starts = [0, *compress(range(1, count), map(ne, islice(managers, 1, None), managers))]
    if len(starts) * 4 > count:
        return None
    firsts = list(map(managers.__getitem__, starts))
    size = len(ids)
    found = [
        row if row < size and ids[row] == manager else None
        for row, manager in zip(map(bisect_left, repeat(ids), firsts), firsts, strict=True)
    ]
    lengths = map(sub, [*starts[1:], count], starts)
    return list(chain.from_iterable(map(repeat, found, lengths)))


def _manager_ids(ids: Sequence[str], parents: array[int], top: int) -> list[str | None]:
    """Each row's manager's id (the id column's own string), ``None`` for the top."""
    listed = ids.values() if isinstance(ids, DeferredColumn) else ids
    managers: list[str | None] = list(map(listed.__getitem__, parents))
    managers[top] = None
    return managers


def _free_text(
    cells: _Columns, column: str | None, builder: Builder, count: int
) -> Sequence[str | None]:
    """A title, name or unit column trimmed (``None`` where empty), counting what was trimmed."""
    if column is None:
        return [None] * count
    texts, trimmed = cells.text(column)
    builder.trimmed_text += trimmed
    return texts


def _names(
    cells: _Columns, columns: Sequence[str], builder: Builder, count: int
) -> Sequence[str | None]:
    """Names, from one column or joined from several (first and last name)."""
    parts = [_free_text(cells, column, builder, count) for column in columns]
    if not parts:
        return [None] * count
    if len(parts) == 1:
        # Validation asks only which seats are vacant, which a deferred column knows.
        return parts[0]
    return [" ".join(part for part in row if part) or None for row in zip(*parts, strict=True)]


class _Columns:
    """The checks and trimming of the clean path, on columns read in Python."""

    def __init__(self, table: Table, header: Sequence[str]) -> None:
        self.table = table
        self.at = {column: index for index, column in enumerate(header)}
        self.position_of: dict[str, int] | None = None
        """Each id's row, made by the id checks (the chart needs it, so it is made once)."""
        self.index: ReportingIndex | None = None
        """The reporting index, when the cycle check needed one."""
        self.ids_unlike = False
        """Whether the id checks proved no two ids look alike (ASCII, distinct lowercased)."""
        self.sorted_ids = False
        """Whether the ids are in ascending order (so distinct), found by the id checks."""
        self.managers_first: bool | None = None
        """Whether every manager comes before its reports, when the checks found out."""
        self.missing: dict[str, Sequence[int]] = {}
        """The rows whose cell is empty, by text column read with :meth:`text`."""

    def raw(self, column: str) -> Sequence[str]:
        """A column's cells as read."""
        return self.table.column(self.at[column])

    def attribute(self, column: str) -> Sequence[str]:
        """An attribute column's cells as read, each distinct text held once if few are."""
        return shared(self.raw(column))

    def stripped(self, column: str) -> tuple[list[str], int]:
        """A column's cells stripped as str.strip() strips, and how many non-empty ones were."""
        raise NotImplementedError

    def ids(self, column: str | None) -> tuple[Sequence[str], int] | None:
        """The trimmed ids and how many were trimmed; ``None`` unless all are clean.

        Clean: present, without control characters, short enough, distinct even by case. Ids
        in ascending order (an export sorted by id) are distinct without hashing; otherwise the
        id -> row dict made on the way is kept for the chart (it proves distinctness too).
        """
        if column is None:
            return None
        ids, trimmed = self.stripped(column)
        joined = "".join(ids)
        if "" in ids or max(map(len, ids)) > MAX_ID or CONTROL_CHARACTERS.search(joined):
            return None
        self.sorted_ids = all(map(lt, ids, islice(ids, 1, None)))
        if not self.sorted_ids:
            self.position_of = dict(zip(ids, range(len(ids)), strict=True))
            if len(self.position_of) != len(ids):
                return None
        # ASCII ids all of one case (E0001, e-2...) fold to distinct ids when they are distinct.
        ascii_ids = joined.isascii()
        folded = ascii_ids and (joined.isupper() or joined.islower() or joined.lower() == joined)
        if not folded and len({position_id.casefold() for position_id in ids}) != len(ids):
            return None
        # For ASCII, folding case is all the look-alike key does.
        self.ids_unlike = ascii_ids
        return ids, trimmed

    def parents(self, column: str | None, ids: Sequence[str]) -> array[int] | None:
        """Each row's manager's row (-1 for the top); ``None`` unless they make one tree.

        One tree: each manager is another row's id, exactly one row has none, and no chain of
        managers goes round in a cycle. When the rows are not in manager-first order, the
        reporting index that proved it is kept for the chart.
        """
        if column is None:
            return array("q", [-1]) if len(ids) == 1 else None
        managers, _ = self.stripped(column)
        # None for the top ("" is no id) and for any manager that is no row's id.
        found = _found_in_sorted(ids, managers) if self.sorted_ids else None
        if found is None:
            if self.position_of is None:
                self.position_of = dict(zip(ids, range(len(ids)), strict=True))
            found = list(map(self.position_of.get, managers))
        if managers.count("") != 1 or found.count(None) != 1:
            return None
        found[managers.index("")] = -1
        parents = array("q", cast("list[int]", found))
        # Exports usually list managers before their reports: then there is no cycle (nor a
        # self-report). Otherwise every position must be reached from the top.
        self.managers_first = all(map(lt, parents, range(len(parents))))
        if not self.managers_first:
            self.index = ReportingIndex(ids, parents, position_of=self.position_of)
            if len(self.index.order()) != len(ids):
                return None
        return parents

    def roles(self, column: str | None, catalog: RoleCatalog) -> list[str | None] | None:
        """Role keys from the role column (``None`` where empty), when every one is known."""
        if column is None:
            return [None] * self.table.rows
        texts, _ = self.text(column)
        roles = texts.values() if isinstance(texts, DeferredColumn) else list(texts)
        if any(role is not None and role not in catalog for role in set(roles)):
            return None
        return roles

    def text(self, column: str) -> tuple[Sequence[str | None], int]:
        """A column trimmed (``None`` where empty), and how many non-empty cells were trimmed.

        The polars path defers making the Python list until the column is read.
        """
        raise NotImplementedError

    def role_keys(
        self,
        roles: list[str | None],
        titles: Sequence[str | None],
        title_column: str | None,
        resolver: TitleRoles,
    ) -> tuple[list[str], int]:
        """Each row's role key (its role cell, else its title's role), and the untitled rows.

        Each distinct title is resolved once with its number of rows (in first-seen order, as
        the careful path counts them), then every row looks its title up.
        """
        if roles.count(None) == len(roles):
            # No role cells (the usual export): count and look up in C, over whole columns.
            every = Counter(titles)
            untitled = every.pop(None, 0)
            found: dict[str | None, str] = {None: OTHER}
            for title, rows in cast("Counter[str]", every).items():
                found[title] = resolver.role(title, rows)
            return list(map(found.__getitem__, titles)), untitled
        needed = Counter(
            t for r, t in zip(roles, titles, strict=True) if r is None and t is not None
        )
        role_of = {title: resolver.role(title, rows) for title, rows in needed.items()}
        role_keys = [
            role if role is not None else OTHER if title is None else role_of[title]
            for role, title in zip(roles, titles, strict=True)
        ]
        return role_keys, roles.count(None) - sum(needed.values())

    def counts(self, role_keys: list[str]) -> dict[str, int]:
        """How many rows have each role key."""
        return Counter(role_keys)


class _PythonColumns(_Columns):
    """The clean path's checks on Python lists of cells, each pass in C where one can be."""

    def stripped(self, column: str) -> tuple[list[str], int]:
        cells, trimmed = self._trimmed(column)
        return (cells if isinstance(cells, list) else list(cells)), trimmed

    def text(self, column: str) -> tuple[list[str | None], int]:
        cells, trimmed = self._trimmed(column)
        # A column with no empty cell (the usual case) needs no pass to put None in.
        if "" not in cells:
            texts: list[str | None] = list(cells)
            self.missing[column] = []
        else:
            texts = [cell or None for cell in cells]
            self.missing[column] = list(compress(range(len(texts)), map(is_, texts, repeat(None))))
        return shared(texts), trimmed

    def _trimmed(self, column: str) -> tuple[Sequence[str], int]:
        cells = self.raw(column)
        if self.table.padded is False:  # the reader found no cell with whitespace at an end
            return cells, 0
        return _trimmed(cells)


# Whitespace after a NUL: in cells joined by NUL (a character no plain table holds), a cell
# starting with whitespace; in the joined text reversed, a cell ending with it. A search for a
# pattern starting with a literal character runs at memchr speed.
_SPACE_AFTER_NUL = re.compile(r"\x00\s")


def _trimmed(cells: Sequence[str]) -> tuple[Sequence[str], int]:
    """The cells stripped as str.strip() strips, and how many non-empty cells lost something.

    Two scans of the joined column find whether any cell has whitespace at an end; only then
    is every cell stripped.
    """
    joined = "\x00" + "\x00".join(cells) + "\x00"
    if not _SPACE_AFTER_NUL.search(joined) and not _SPACE_AFTER_NUL.search(joined[::-1]):
        return cells, 0
    stripped = [cell.strip() for cell in cells]
    trimmed = sum(
        1 for cell, text in zip(cells, stripped, strict=True) if text and len(text) != len(cell)
    )
    return stripped, trimmed


# What str.strip() strips: every character whose isspace() is true (a test checks the list).
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


class _PolarsColumns(_Columns):
    """The clean path's trimming and counting as polars expressions over the frame it read."""

    def __init__(self, polars: ModuleType, table: Table, header: Sequence[str]) -> None:
        super().__init__(table, header)
        self.pl = polars
        self.frame = table.frame
        self.strips: dict[str, Any] = {}
        self.role_counts: Counter[str] | None = None
        self.id_series: Any = None
        self.ascending = False

    def series(self, column: str) -> Any:
        """A column as read, as a polars Series."""
        return self.frame.to_series(self.at[column])

    def strip(self, column: str) -> Any:
        """A column trimmed as str.strip() trims, as a polars Series (kept for reuse)."""
        if column not in self.strips:
            # polars' own whitespace is str.strip()'s less the separators \x1c-\x1f: when
            # the file has none, it is the same, and polars strips it twice as fast.
            chars = None if self.table.separators is False else WHITESPACE
            self.strips[column] = self.series(column).str.strip_chars(chars)
        return self.strips[column]

    def stripped(self, column: str) -> tuple[list[str], int]:
        cells = self._stripped_series(column)
        return cells.to_list(), self._trimmed(column, cells)

    def _stripped_series(self, column: str) -> Any:
        # Ids and managers are read once: their trimmed Series need not stay cached.
        self.strip(column)
        return self.strips.pop(column)

    def _trimmed(self, column: str, cells: Any) -> int:
        """How many non-empty cells of ``column`` trimming ``cells`` out of it changed."""
        raw = self.series(column)
        return int(((cells != "") & (cells.str.len_bytes() != raw.str.len_bytes())).sum())

    def ids(self, column: str | None) -> tuple[Sequence[str], int] | None:
        """The checks of :meth:`_Columns.ids` as polars expressions; no id -> row dict is made.

        Ids in ascending order (an export sorted by id, the usual case) are distinct without
        hashing, and their managers are found by binary search in :meth:`parents`.
        """
        if column is None:
            return None
        cells = self._stripped_series(column)
        trimmed = self._trimmed(column, cells)
        count = len(cells)
        if (
            bool((cells == "").any())
            or cells.str.len_chars().max() > MAX_ID
            or bool(cells.str.contains(CONTROL_CHARACTERS.pattern).any())
        ):
            return None
        self.ascending = count < 2 or bool((cells.slice(1) > cells.slice(0, count - 1)).all())
        if not self.ascending and cells.n_unique() != count:
            return None
        # The ids become Python strings when first read: a clean chart's validation reads none.
        ids = DeferredColumn(count, cells.to_list)
        if not self.table.ascii and bool(cells.str.contains("[^\x00-\x7f]").any()):
            # Case folding is more than lowercasing outside ASCII (ß, ς): Python's decides.
            if len({position_id.casefold() for position_id in ids.values()}) != count:
                return None
        elif (
            bool(cells.str.contains("[a-z]").any())
            and bool(cells.str.contains("[A-Z]").any())
            and cells.str.to_lowercase().n_unique() != count
        ):
            return None  # ASCII ids of both cases that two share once lowercased
        else:
            # For ASCII, lowercasing is all the look-alike key does: validation need not.
            self.ids_unlike = True
        self.id_series = cells
        return ids, trimmed

    def parents(self, column: str | None, ids: Sequence[str]) -> array[int] | None:
        """:meth:`_Columns.parents` in polars: managers looked up, reports grouped, in bulk.

        The reports of every position are worked out here too (a stable sort by manager), so
        the chart's reporting index starts with them instead of sorting a million rows in
        Python.
        """
        if column is None:
            return array("q", [-1]) if len(ids) == 1 else None
        pl = self.pl
        managers = self._stripped_series(column)
        cells, count = self.id_series, len(ids)
        # A team is usually listed together, so neighbouring rows share their manager: each
        # run of equal manager cells is looked up once (125,000 lookups for a million rows
        # eight to a manager), then every row takes its run's answer.
        starts = (managers != managers.shift(1)).fill_null(value=True)
        firsts = managers.filter(starts)
        if self.ascending:
            first_at = cells.search_sorted(firsts, side="left").cast(pl.Int64)
            first_found = cells.gather(first_at.clip(0, count - 1)) == firsts
        else:
            rows = pl.DataFrame({"id": cells, "at": pl.int_range(count, eager=True)})
            first_at = (
                pl.DataFrame({"id": firsts})
                .join(rows, on="id", how="left", maintain_order="left")
                .to_series(1)
            )
            first_found = first_at.is_not_null()
        run = starts.cast(pl.Int64).cum_sum() - 1
        at, found = first_at.gather(run), first_found.gather(run)
        # One top (an empty manager cell, never an id) and every other manager found.
        if int((managers == "").sum()) != 1 or int((~found).sum()) != 1:
            return None
        parent = pl.select(pl.when(found).then(at).otherwise(-1)).to_series()
        row = pl.int_range(count, eager=True)
        forward = bool((parent < row).all())
        # Each manager's reports in chart order: a stable sort by manager puts the top (-1)
        # first, then the reports of position 0, 1, ...; offsets come from a binary search.
        ranked = pl.DataFrame({"manager": parent, "at": row}).sort("manager", maintain_order=True)
        offsets = ranked.to_series(0).search_sorted(pl.int_range(count + 1, eager=True)) - 1
        parents = int64_array(parent.cast(pl.Int64))
        top = ranked.item(0, 1)
        offsets = offsets.cast(pl.Int64)
        children: tuple[array[int], array[int], list[int], list[int]] = (
            int64_array(offsets),
            int64_array(ranked.to_series(1).slice(1).cast(pl.Int64)),
            [top],
            [],
        )
        self.index = ReportingIndex(
            ids,
            parents,
            children=children,
            managers_first=forward,
            # Validation reads each position's number of reports: worked out here in bulk.
            child_counts=int64_array(offsets.slice(1) - offsets.slice(0, count)),
        )
        # Exports usually list managers before their reports: then there is no cycle (nor a
        # self-report). Otherwise every position must be reached from the top.
        if not forward and len(self.index.order()) != count:
            return None
        return parents

    def role_keys(
        self,
        roles: list[str | None],
        titles: Sequence[str | None],
        title_column: str | None,
        resolver: TitleRoles,
    ) -> tuple[list[str], int]:
        if title_column is None or roles.count(None) != len(roles):
            return super().role_keys(roles, titles, title_column, resolver)
        # No role column: every row's role comes from its title. polars counts each distinct
        # title (in first-seen order, as the careful path counts them) and numbers the rows by
        # title; each distinct title is resolved once, and each row looks its number up.
        pl = self.pl
        stripped = self.strip(title_column)
        counted = pl.DataFrame({"title": stripped}).group_by("title", maintain_order=True).len()
        distinct, rows = counted.to_series(0).to_list(), counted.to_series(1).to_list()
        role_of_code: list[str] = []
        role_counts: Counter[str] = Counter()
        untitled = 0
        for title, n in zip(distinct, rows, strict=True):
            role = resolver.role(title, n) if title else OTHER
            untitled += 0 if title else n
            role_of_code.append(role)
            role_counts[role] += n
        codes = stripped.cast(pl.Enum(distinct)).to_physical().cast(pl.Int64)
        self.role_counts = role_counts
        return list(map(role_of_code.__getitem__, int64_array(codes))), untitled

    def counts(self, role_keys: list[str]) -> dict[str, int]:
        if self.role_counts is None:
            return super().counts(role_keys)
        return self.role_counts

    def text(self, column: str) -> tuple[Sequence[str | None], int]:
        pl = self.pl
        raw, texts = self.series(column), self.strip(column)
        kept = texts != ""
        trimmed = int((kept & (texts.str.len_bytes() != raw.str.len_bytes())).sum())
        # Python strings only when the column is read: validation reads no title or unit, and
        # of the names only which are missing (vacant seats), known here without them.
        self.missing[column] = int64_array((~kept).arg_true().cast(pl.Int64))
        return DeferredColumn(
            len(texts), lambda: _listed(pl, pl.select(pl.when(kept).then(texts)).to_series())
        ), trimmed

    def attribute(self, column: str) -> Sequence[str]:
        series = self.series(column)
        return DeferredColumn(len(series), lambda: _listed(self.pl, series))


def _listed(pl: ModuleType, values: Any) -> list[Any]:
    """A polars Series as a list, each distinct text one string object when few are distinct.

    Such a column becomes small integer codes (an Enum of its distinct texts) and each code
    the text it stands for, so a million cells of a few dozen texts never become a million
    string objects (compare :func:`shared`, which frees them after they were made).
    """
    sample = values.head(_SAMPLE)
    if sample.n_unique() * 10 > len(sample):
        return cast("list[Any]", values.to_list())
    distinct = values.drop_nulls().unique(maintain_order=True)
    if len(distinct) * 10 > len(values):
        return cast("list[Any]", values.to_list())
    codes = values.cast(pl.Enum(distinct)).to_physical().fill_null(len(distinct))
    texts = [*distinct.to_list(), None]
    return list(map(texts.__getitem__, codes.to_list()))


class AttributeRows(Sequence[dict[str, Any] | None]):
    """Each row's attributes, made when asked from one column per attribute key.

    A million-row export with a few extra columns would otherwise hold a million small dicts;
    the chart asks for a row's attributes only when it makes that row's Position. A row's
    dict holds its non-empty cells, and is ``None`` when there are none.

    Examples:
        >>> rows = AttributeRows([("Desk", ["B4", ""]), ("Site", ["", ""])])
        >>> len(rows), rows[0], rows[1], rows[-2]
        (2, {'Desk': 'B4'}, None, {'Desk': 'B4'})
    """

    __slots__ = ("_columns", "_count")

    def __init__(self, columns: Sequence[tuple[str, Sequence[str]]]) -> None:
        self._columns = tuple(columns)
        self._count = len(self._columns[0][1]) if self._columns else 0

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, at: int) -> dict[str, Any] | None: ...

    @overload
    def __getitem__(self, at: slice) -> list[dict[str, Any] | None]: ...

    def __getitem__(self, at: int | slice) -> dict[str, Any] | list[dict[str, Any] | None] | None:
        if isinstance(at, slice):
            return [self[row] for row in range(*at.indices(self._count))]
        return {key: cells[at] for key, cells in self._columns if cells[at]} or None


def shared(values: Sequence[_Text]) -> list[_Text]:
    """The values with each distinct one held once, when a sample says they repeat a lot.

    A department or job-title column of a million rows holds a few dozen distinct texts but a
    million string objects as read; mapping each to the first equal one frees them (about 50
    MB a column). A column of mostly distinct values (names) is returned as it is.

    Examples:
        >>> column = ["".join(["Sa", "les"]) for _ in range(300)]  # 300 equal strings
        >>> len({id(text) for text in column}), len({id(text) for text in shared(column)})
        (300, 1)
    """
    if len(set(values[:_SAMPLE])) * 10 > min(len(values), _SAMPLE):
        return values if isinstance(values, list) else list(values)
    first: dict[_Text, _Text] = {}
    return list(map(first.setdefault, values, values))


_SAMPLE = 1000
