"""Which input columns hold the id, the manager, the title, the name and the unit.

This module owns the detection rules (the "Importing from your HR system" page lists them) and
the exact shape :func:`~orgroles.write_csv` writes. It knows nothing of rows or files.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from orgroles.errors import Option, OrgImportError, Place, Problem, import_error, suggest
from orgroles.importers._aliases import HRIS_HEADERS, KNOWN_FIELDS
from orgroles.importers._report import ColumnChoice, Detection

__all__ = [
    "ATTRIBUTE_PREFIX",
    "CANDIDATES",
    "JSON_PREFIX",
    "ORGROLES_COLUMNS",
    "ColumnMap",
    "attribute_column",
    "detect_columns",
    "header_key",
]

ORGROLES_COLUMNS = ("id", "parentId", "name", "title", "role", "unit", "dotted_to", "assistant")
"""The columns :func:`~orgroles.write_csv` writes first; a header starting with exactly these is
read field by field, with no detection."""

ATTRIBUTE_PREFIX = "attributes."
"""Prefix write_csv gives an attribute whose key would be taken for one of its own columns."""

JSON_PREFIX = "json:"
"""Prefix of a column whose cells are JSON text: write_csv's column for an attribute holding a
value that is not non-empty text. Honoured only in write_csv's own shape."""

# Header names are compared by header_key(): case-folded, only letters and digits kept, so
# "Employee ID", "employee_id" and "EmployeeId" are the same. First match wins.
_GENERIC: dict[str, tuple[str, ...]] = {
    "id": (
        "id", "employeeid", "empid", "employeenumber", "employeeno", "employeecode", "staffid",
        "staffnumber", "personid", "personnumber", "workerid", "positionid", "userid", "nodeid",
        "key", "uid",
    ),
    "reports_to": (
        "parentid", "pid", "reportsto", "reportstoid", "managerid", "manageremployeeid",
        "managerempid", "supervisorid", "linemanagerid", "reportingmanagerid", "bossid",
        "superiorid", "mgrid", "parent", "manager", "supervisor", "linemanager",
    ),
    "title": (
        "title", "jobtitle", "positionname", "position", "positiontitle", "businesstitle",
        "jobname", "job", "designation", "roletitle",
    ),
    "name": (
        "name", "fullname", "employeename", "displayname", "personname", "preferredname",
        "employee", "holder",
    ),
    "first_name": ("firstname", "givenname", "forename", "first"),
    "last_name": ("lastname", "surname", "familyname", "last"),
    "unit": (
        "unit", "department", "departmentname", "dept", "deptname", "team", "teamname", "area",
        "division", "businessunit", "bu", "productline", "orgunit", "organizationalunit",
        "organisationalunit",
    ),
    "role": ("role", "rolekey"),
    "dotted_to": ("dottedto", "dottedlineto", "dottedlinemanagerid"),
    "assistant": ("assistant", "isassistant"),
    "manager_email": (
        "manageremail", "managerworkemail", "supervisoremail", "linemanageremail",
        "reportstoemail", "bossemail",
    ),
    "manager_name": (
        "managername", "managerfullname", "supervisorname", "linemanagername", "reportstoname",
        "bossname",
    ),
    "email": (
        "email", "workemail", "emailaddress", "businessemail", "primaryemail", "companyemail",
        "mail",
    ),
    "location": ("location", "worklocation", "office", "officelocation", "site", "city"),
    "status": ("status", "employmentstatus", "employeestatus", "workerstatus", "activestatus"),
}  # fmt: skip


def _merged() -> dict[str, tuple[str, ...]]:
    """The generic names of each field, then the HR systems' (``_aliases``), without repeats."""
    merged = {}
    for name, generic in _GENERIC.items():
        field_name = "name" if name in ("first_name", "last_name") else name
        systems = HRIS_HEADERS.get(field_name, {}) if name == field_name else {}
        hris = [header_key(h) for headers in systems.values() for h in headers]
        merged[name] = tuple(dict.fromkeys([*generic, *hris]))
    return merged


BOOLEAN_TEXT = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def header_key(column: str) -> str:
    """A header name reduced for matching: NFKC, case-folded, letters and digits only.

    Examples:
        >>> header_key("Employee ID"), header_key("parent_Id"), header_key("Employee #")
        ('employeeid', 'parentid', 'employeenumber')
    """
    # "Employee #" (BambooHR) is an employee number, not a column called "Employee".
    folded = unicodedata.normalize("NFKC", column).casefold().replace("#", "number")
    return _NOT_ALNUM.sub("", folded)


CANDIDATES: dict[str, tuple[str, ...]] = _merged()
"""Header names (as :func:`header_key` reduces them) by field, in order of preference: the
generic names first, then those of the HR systems in ``_aliases.HRIS_HEADERS``."""


def attribute_column(key: str, *, json: bool = False) -> str:
    """The column write_csv gives an attribute.

    A text column is named by the key, prefixed with ``attributes.`` when it would be misread
    (an empty key, one of write_csv's first eight columns, or a key starting with
    ``attributes.`` or ``json:``). A JSON column (``json=True``) is ``json:<key>``, whatever the
    key: the reader takes everything after the first ``json:`` as it is.

    Examples:
        >>> attribute_column("desk"), attribute_column("name"), attribute_column("attributes.x")
        ('desk', 'attributes.name', 'attributes.attributes.x')
        >>> attribute_column("json:x"), attribute_column("n", json=True)
        ('attributes.json:x', 'json:n')
    """
    if json:
        return JSON_PREFIX + key
    if not key or key in ORGROLES_COLUMNS or key.startswith((ATTRIBUTE_PREFIX, JSON_PREFIX)):
        return ATTRIBUTE_PREFIX + key
    return key


@dataclass
class ColumnMap:
    """The columns chosen for each field; every other column is an attribute."""

    fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    how: dict[str, Detection] = field(default_factory=dict)
    known: dict[str, str] = field(default_factory=dict)
    """Columns of the fields that are no position field (``_aliases.KNOWN_FIELDS``: email,
    manager email and name, location, status): they stay attributes, and the import knows them."""
    orgroles_shape: bool = False
    exact_shape: bool = False
    """write_csv's shape read from CSV: ``json:`` columns decoded, fields not trimmed by default."""

    def column(self, name: str) -> str | None:
        """The single column of a field (``None`` when absent)."""
        columns = self.fields.get(name)
        return columns[0] if columns else None

    def used(self) -> set[str]:
        """Every column mapped to a field."""
        return {column for columns in self.fields.values() for column in columns}

    def choices(self) -> tuple[ColumnChoice, ...]:
        """The report's view of the mapping."""
        return tuple(ColumnChoice(f, c, self.how[f]) for f, c in self.fields.items())

    def attribute_key(self, column: str) -> str:
        """The attribute key of an unmapped column (write_csv's prefixes undone in its shape)."""
        if self.json_column(column):
            return column[len(JSON_PREFIX) :]
        if self.orgroles_shape and column.startswith(ATTRIBUTE_PREFIX):
            return column[len(ATTRIBUTE_PREFIX) :]
        return column

    def json_column(self, column: str) -> bool:
        """Whether an unmapped column holds JSON text: ``json:<key>`` in write_csv's shape only.

        In any other file (another header, columns named by the caller, JSON input) a column
        named ``json:...`` is an ordinary column, its name kept as the attribute key.
        """
        return self.exact_shape and column.startswith(JSON_PREFIX)


def _given_column(
    value: str, header: Sequence[str], keys: dict[str, list[str]], option: str, source: str
) -> str:
    if value in header:
        return value
    matches = keys.get(header_key(value), [])
    if len(matches) == 1:
        return matches[0]
    named = Option(option, metavar="COLUMN")
    raise import_error(
        suggest(value, header, what="column", list_choices=len(header) <= 20),
        source=source,
        hint=f"pass one of the file's columns as {named.keyword()}",
        option=named,
        field=option,
    )


def detect_columns(
    header: Sequence[str],
    *,
    given: dict[str, str | Sequence[str] | None],
    values: Callable[[str], Iterable[object]],
    is_role_key: Callable[[str], bool],
    source: str,
    need_id: bool,
    need_manager: bool,
    delimiter: str | None = None,
    aliases: Mapping[str, tuple[str, ...]] | None = None,
) -> ColumnMap:
    """Choose the column of each field: given ones first, then the header-name rules.

    Args:
        header: the input's column names, in order, unique.
        given: field -> the column(s) the caller named, or ``None`` to detect.
        values: the values of a column (to check a ``role`` or ``assistant`` column's content).
        is_role_key: whether a text is a role key of the catalog.
        source: the input's name for error messages.
        need_id: raise when no id column is found (there are rows to import).
        need_manager: raise when no manager column is found (flat rows to import).
        delimiter: the CSV delimiter used, if any (a hint names another one the header holds).
        aliases: the user's own header names by field, tried before the built-in ones.

    Raises:
        OrgImportError: a given column that is not in the header, or no id or manager column.
    """
    mapping = ColumnMap()
    keys: dict[str, list[str]] = {}
    for column in header:
        keys.setdefault(header_key(column), []).append(column)
    options = {"reports_to": "manager"}
    nothing_given = all(v is None for v in given.values())

    if nothing_given and tuple(header[: len(ORGROLES_COLUMNS)]) == ORGROLES_COLUMNS:
        return _orgroles_shape()

    for name, value in given.items():
        if value is None:
            continue
        names = [value] if isinstance(value, str) else list(value)
        option = options.get(name, name)
        mapping.fields[name] = tuple(_given_column(v, header, keys, option, source) for v in names)
        mapping.how[name] = "given"

    used = mapping.used()

    own = {name: tuple(header_key(n) for n in names) for name, names in (aliases or {}).items()}

    def find(name: str, accept: Callable[[str], bool] = lambda _: True) -> str | None:
        for candidate in (*own.get(name, ()), *CANDIDATES[name]):
            for column in keys.get(candidate, ()):
                if column not in used and accept(column):
                    return column
        return None

    def detect(name: str, accept: Callable[[str], bool] = lambda _: True) -> None:
        if name in mapping.fields:
            return
        column = find(name, accept)
        if column is not None:
            mapping.fields[name] = (column,)
            mapping.how[name] = "detected"
            used.add(column)

    detect("id")
    detect("reports_to")
    # A "role" column is only a role column when it holds role keys; otherwise it is data.
    detect("role", lambda c: all(is_role_key(str(v).strip()) for v in values(c) if _given(v)))
    detect("title")
    if "name" not in mapping.fields:
        parts = _name_columns(find("name"), find("first_name"), find("last_name"))
        if parts:
            mapping.fields["name"] = parts
            mapping.how["name"] = "detected"
            used.update(parts)
    detect("unit")
    detect("dotted_to")
    detect(
        "assistant",
        lambda c: all(str(v).strip().casefold() in BOOLEAN_TEXT for v in values(c) if _given(v)),
    )

    for name in sorted(KNOWN_FIELDS):
        known = find(name)
        if known is not None:
            mapping.known[name] = known

    missing = []
    if need_id and "id" not in mapping.fields:
        missing.append(("id", "id"))
    by_other = "manager_name" in mapping.known or "manager_email" in mapping.known
    if need_manager and "reports_to" not in mapping.fields and not by_other:
        missing.append(("reports_to", "manager"))
    if missing:
        raise _no_column(missing, header, source, delimiter)
    # Report in field order, whatever order they were chosen in.
    order = ("id", "reports_to", "title", "role", "name", "unit", "dotted_to", "assistant")
    mapping.fields = {f: mapping.fields[f] for f in order if f in mapping.fields}
    return mapping


def _given(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _orgroles_shape() -> ColumnMap:
    # write_csv's own shape is mapped exactly, so attributes named like HR columns stay
    # attributes.
    mapping = ColumnMap(orgroles_shape=True)
    fields = ("id", "reports_to", "name", "title", "role", "unit", "dotted_to", "assistant")
    for name, column in zip(fields, ORGROLES_COLUMNS, strict=True):
        mapping.fields[name] = (column,)
        mapping.how[name] = "orgroles"
    return mapping


def _name_columns(full: str | None, first: str | None, last: str | None) -> tuple[str, ...]:
    if full is not None and last is not None and first is None:
        return (full, last)  # "name" + "lastName": the name column holds the first name
    if full is not None:
        return (full,)
    return tuple(p for p in (first, last) if p is not None)


def _no_column(
    missing: list[tuple[str, str]], header: Sequence[str], source: str, delimiter: str | None
) -> OrgImportError:
    shown = ", ".join(repr(c) for c in header[:30]) + (", ..." if len(header) > 30 else "")
    what_kind = {"id": "id", "reports_to": "manager id"}
    # One column whose name holds another delimiter: the file was split on the wrong one.
    other = [
        d for d in (";", "\t", ",", "|") if d != delimiter and len(header) == 1 and d in header[0]
    ]
    if other:
        name = {"\t": "tab"}.get(other[0], other[0])
        delimiter_option = Option("delimiter", name)
        hint = (
            f"the header is one column holding {other[0]!r}: the file seems to be delimited "
            f"by {other[0]!r}; pass {delimiter_option.keyword()}"
        )
        return import_error(
            f"no id column found among the columns: {shown}",
            source=source,
            hint=hint,
            option=delimiter_option,
        )
    return OrgImportError(
        [
            Problem(
                f"no {what_kind[what]} column found among the columns: {shown}",
                hint=f"name it with {Option(option, metavar='COLUMN').keyword()}; detected names "
                f"include {', '.join(CANDIDATES[what][:4])}",
                place=Place(field=option, source=source),
                option=Option(option, metavar="COLUMN"),
            )
            for what, option in missing
        ],
        summary=f"cannot import {source}",
    )
