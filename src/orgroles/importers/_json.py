"""JSON exports to a chart: ``read_json`` (flat lists and nested trees) and its parsing.

This module owns finding the records in a JSON document and parsing it fast when it can and
carefully (duplicate keys, any depth, with lines) when it must. What the records mean is
``_records``' business.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from orgroles._bulk import paused_gc
from orgroles._documents import Source, read_bytes
from orgroles._yamljson import SURROGATE_ESCAPE, FileSyntaxError, load_json
from orgroles.errors import import_error
from orgroles.importers._aliases import UserAliases
from orgroles.importers._cells import finite_float
from orgroles.importers._filters import Where
from orgroles.importers._input import ImportInput
from orgroles.importers._managers import ManagerBy
from orgroles.importers._records import (
    CHILDREN_KEYS,
    empty_import,
    hr_options,
    import_records,
    named_columns,
)
from orgroles.importers._report import ImportResult
from orgroles.importers._role_map import RoleMap, Roles, catalog_of
from orgroles.importers._text import decode

__all__ = ["parse_json", "read_json"]


@paused_gc()
def read_json(
    file: Source,
    *,
    source: str | None = None,
    id: str | None = None,  # the column is called what users call it
    manager: str | None = None,
    title: str | None = None,
    name: str | Sequence[str] | None = None,
    unit: str | None = None,
    role: str | None = None,
    children: str | None = None,
    role_map: RoleMap | None = None,
    roles: Roles = None,
    encoding: str | None = None,
    strict: bool = False,
    product_only: bool = False,
    manager_by: ManagerBy = "auto",
    placeholders: bool = True,
    where: Where | None = None,
    aliases: UserAliases | None = None,
) -> ImportResult:
    """Import a JSON export: a flat list of records, or a tree nested through ``children``.

    Flat lists are what d3-org-chart (``id``/``parentId``) and BALKAN OrgChart JS
    (``id``/``pid``) read; a top-level object with one list of records (``{"nodes": [...]}``)
    works too. Nested trees (``{"name": ..., "children": [...]}``, or a list of such) take
    each record's manager from the nesting, and a record without an id gets ``row-N``.
    ``file`` is a path, an open binary file or the bytes, as for :func:`read_csv`; the other
    arguments are those of :func:`read_csv` too, plus ``children`` (the key of nested reports;
    detected from ``children``, ``_children``, ``subordinates``, ``directReports``).
    JSON values other than text stay as they are in ``attributes``.

    Raises:
        OrgImportError: not JSON, no records, no id column, or ``strict`` and problems.
        OSError: the file cannot be opened.
        TypeError: ``file`` is a text-mode file, or the JSON text itself instead of a path.

    Examples:
        >>> import json, pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "tree.json"
        >>> tree = {"id": "ceo", "title": "CEO", "children": [
        ...     {"id": "hop", "title": "Head of Product", "children": [{"title": "PM"}]}]}
        >>> _ = path.write_text(json.dumps(tree), encoding="utf-8")
        >>> chart, report = read_json(path)
        >>> [(p.id, p.role, p.reports_to) for p in chart]
        [('ceo', 'ceo', None), ('hop', 'head_of_product', 'ceo'), ('row-3', 'pm', 'hop')]
        >>> [p.code for p in report.problems]
        ['blank-id']
    """
    data, label = read_bytes(file, name=source)
    text, used_encoding, notes = decode(
        data, encoding=encoding, source=label, what="JSON", workbooks=True
    )
    catalog = catalog_of(roles, role_map)
    given = ImportInput(
        source=label,
        format="json",
        encoding=used_encoding,
        notes=tuple(notes),
        strict=strict,
        product_only=product_only,
        **hr_options(
            manager_by=manager_by, placeholders=placeholders, where=where, aliases=aliases
        ),
    )
    columns = named_columns(id=id, manager=manager, title=title, name=name, unit=unit, role=role)
    if not text or text.isspace():  # not text.strip(): no copy of a large file
        return empty_import("empty-file", "the file is empty", given, {}, catalog)
    records, note = _records_of(parse_json(text, label), label)
    if note:
        given = given.noted(note)
    return import_records(records, columns, given=given, catalog=catalog, children=children)


class _NeedsCarefulParseError(Exception):
    """The fast parser met what only the careful one handles (deep nesting, a duplicate key)."""


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    record = dict(pairs)
    if len(record) != len(pairs):
        raise _NeedsCarefulParseError
    return record


def parse_json(text: str, source: str) -> Any:
    """A JSON document of any depth; bad syntax, a duplicate key or ``NaN`` refused with its line.

    Every JSON input of an import goes through it: HR exports and the exchange formats.

    Raises:
        OrgImportError: not JSON (``cannot read <source>``), naming the line.

    Examples:
        >>> parse_json('{"nodes": []}', "org.json")
        {'nodes': []}
        >>> parse_json('{"a": 1, "a": 2}', "org.json")
        Traceback (most recent call last):
        ...
        orgroles.errors.OrgImportError: cannot read org.json: 1 problem
          org.json:1: duplicate key 'a'...
    """
    try:
        # The C parser is several times faster; it recurses per nesting level, though, and
        # cannot say where a duplicate key or a lone surrogate escape (\udfff, text no file
        # can hold) is, so those cases go to the careful parser.
        if SURROGATE_ESCAPE.search(text):
            raise _NeedsCarefulParseError
        return json.loads(
            text,
            object_pairs_hook=_refuse_duplicates,
            parse_constant=_careful_parse,
            parse_float=finite_float,
        )
    except (RecursionError, _NeedsCarefulParseError, ValueError):
        pass  # a syntax error or a huge number too: the careful parser says where
    try:
        return load_json(text)[0]
    except FileSyntaxError as error:
        raise import_error(
            error.message.replace("invalid JSON", "not valid JSON", 1),
            source=source,
            hint=error.hint,
            line=error.line,
            reading=True,
        ) from None


def _careful_parse(_: str) -> Any:
    raise _NeedsCarefulParseError


def _records_of(document: Any, source: str) -> tuple[list[Any], str | None]:
    """The list of records in a JSON document, and a note when it was found under a key."""
    if isinstance(document, list):
        return document, None
    if isinstance(document, dict):
        if "positions" in document and "orgroles" in document:
            raise import_error(
                "this is an orgroles org file, not an export",
                source=source,
                hint="use it as it is: orgroles.load(path) in Python, or give the "
                "file to orgroles validate, render or show",
            )
        if any(isinstance(document.get(k), list) for k in CHILDREN_KEYS):
            return [document], None
        lists = [k for k, v in document.items() if isinstance(v, list)]
        if len(lists) == 1:
            return document[lists[0]], f"records read from the key {lists[0]!r}"
        if not document:
            return [], None
    kind = type(document).__name__
    raise import_error(
        f"expected a list of records or a tree with 'children', got a JSON {kind}",
        source=source,
        hint="export a flat list ([{...}, ...]) or a nested tree",
    )
