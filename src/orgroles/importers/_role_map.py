"""Role maps (job title -> role key, from a mapping, a CSV file or a YAML/JSON file) and catalogs.

This module owns reading a role map, checking it against the role catalog, and the catalog an
import resolves titles with. It knows nothing of the export being imported.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from orgroles._documents import format_of, read_document
from orgroles._roles import Role, RoleCatalog, default_catalog
from orgroles._titles import normalize_title
from orgroles.errors import OrgFileError, OrgImportError, Place, Problem, suggest
from orgroles.importers._columns import header_key
from orgroles.importers._rows import OTHER
from orgroles.importers._text import decode, detect_delimiter, parse_csv

__all__ = ["RoleMap", "Roles", "catalog_of", "load_role_map"]

RoleMap = Mapping[str, str] | str | os.PathLike[str]
"""A role map: a mapping of job title -> role key, or the path of a CSV, YAML or JSON file."""

Roles = RoleCatalog | Iterable[Role] | None
"""Custom roles an import may name: a whole catalog, or roles added to the built-in one."""

_ROLE_HEADERS = ("role", "rolekey", "key", "orgrolesrole")


def catalog_of(roles: Roles, role_map: RoleMap | None) -> RoleCatalog:
    """The catalog an import resolves with: ``roles``, ``other``, and the role map's titles."""
    catalog = roles if isinstance(roles, RoleCatalog) else default_catalog().extend(roles or ())
    if OTHER not in catalog:
        # Unresolved titles become `other` positions: a catalog of one's own gets the built-in
        # role rather than an import that cannot place them.
        catalog = catalog.extend([default_catalog()[OTHER]])
    if role_map is not None:
        catalog = catalog.extend(aliases=load_role_map(role_map, catalog=catalog))
    return catalog


def load_role_map(role_map: RoleMap, *, catalog: RoleCatalog | None = None) -> dict[str, str]:
    """A role map as a dict of job title -> role key, checked against the catalog.

    Accepts a mapping, or a file: ``.csv``/``.tsv``/``.txt`` with two columns, title and role
    key (a first row whose second cell is ``role`` or ``role_key`` is a header), or ``.yaml``/
    ``.yml``/``.json`` holding one mapping. Every value is read as text. A title listed twice
    with different keys (also when the spellings differ only in case, spacing or punctuation,
    which titles are matched by) is an error, not a silent overwrite.

    Raises:
        OrgImportError: an unreadable file, conflicting titles or role keys that are not in the
            catalog (all named, with their lines).

    Examples:
        >>> load_role_map({"Product Owner": "pm"})
        {'Product Owner': 'pm'}
        >>> try:
        ...     load_role_map({"Product Owner": "pm", "product owner": "gpm"})
        ... except ValueError as error:
        ...     print(error.problems[0].message.split(";")[0])
        title 'product owner' is mapped to 'gpm', but 'Product Owner' to 'pm'
    """
    catalog = catalog if catalog is not None else default_catalog()
    lines: dict[str, int] = {}
    if isinstance(role_map, Mapping):
        source = "role map"
        entries = {str(k): str(v) for k, v in role_map.items()}
        problems: list[Problem] = []
    else:
        source = os.fspath(role_map)
        if format_of(role_map) in ("yaml", "json"):
            entries, lines = _role_map_document(role_map, source)
            problems = []
        else:
            entries, lines, problems = _role_map_csv(Path(role_map).read_bytes(), source, catalog)
    problems.extend(_conflicting_titles(entries, lines, source))
    problems.extend(
        Problem(
            suggest(key, catalog, what="role") + f" for title {title!r}",
            hint="map titles to role keys; see `orgroles.roles()`",
            place=Place(line=lines.get(title), source=source),
        )
        for title, key in entries.items()
        if key not in catalog
    )
    if problems:
        problems.sort(key=lambda problem: problem.place.line or 0)
        raise OrgImportError(problems, summary=f"cannot use the role map {source}")
    return entries


def _conflicting_titles(
    entries: Mapping[str, str], lines: Mapping[str, int], source: str
) -> list[Problem]:
    """Titles that match the same way (see ``normalize_title``) but name different keys."""
    first: dict[str, str] = {}
    problems = []
    for title, key in entries.items():
        earlier = first.setdefault(normalize_title(title), title)
        if earlier != title and entries[earlier] != key:
            where = f" (line {lines[earlier]})" if earlier in lines else ""
            problems.append(
                Problem(
                    f"title {title!r} is mapped to {key!r}, but {earlier!r}{where} to "
                    f"{entries[earlier]!r}; titles match regardless of case, spacing and "
                    "punctuation",
                    hint="keep one entry per title",
                    place=Place(line=lines.get(title), source=source),
                )
            )
    return problems


def _role_map_document(
    path: str | os.PathLike[str], source: str
) -> tuple[dict[str, str], dict[str, int]]:
    """A YAML or JSON role map: one mapping, read safely (no tags, aliases or duplicate keys)."""
    summary = f"cannot use the role map {source}"
    try:
        read = read_document(path).check(summary=summary)
    except OrgFileError as error:  # the import's own error, as for every other role map fault
        raise OrgImportError(error.problems, summary=summary) from None
    document, path_lines, raw = read.data, read.lines, read.raw
    if document is None:
        return {}, {}
    entries: dict[str, Any] | None = (
        {title: raw.get((title,), key) for title, key in document.items()}
        if isinstance(document, dict)
        else None
    )
    if entries is None or not all(isinstance(key, str) for key in entries.values()):
        raise OrgImportError(
            [
                Problem(
                    "a role map is one mapping of job title -> role key",
                    hint="write lines like `Product Owner: pm`",
                    place=Place(source=source),
                )
            ],
            summary=f"cannot use the role map {source}",
        )
    lines = {title: path_lines[(title,)] for title in entries if (title,) in path_lines}
    return entries, lines


def _role_map_csv(
    data: bytes, source: str, catalog: RoleCatalog
) -> tuple[dict[str, str], dict[str, int], list[Problem]]:
    text, _, _ = decode(data, encoding=None, source=source, what="CSV")
    entries: dict[str, str] = {}
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    first = True
    for record in parse_csv(text, delimiter=detect_delimiter(text), source=source):
        cells = [c.strip() for c in record.cells]
        if first:
            first = False
            if (
                len(cells) >= 2
                and cells[1] not in catalog
                and header_key(cells[1]) in _ROLE_HEADERS
            ):
                continue
        if not any(cells):
            continue
        if len(cells) < 2 or not cells[0]:
            raise OrgImportError(
                [
                    Problem(
                        "a role map row needs a title and a role key",
                        place=Place(line=record.line, source=source),
                    )
                ],
                summary=f"cannot use the role map {source}",
            )
        title, key = cells[0], cells[1]
        if title in entries and entries[title] != key:
            problems.append(
                Problem(
                    f"title {title!r} is mapped to {key!r}, but on line {lines[title]} to "
                    f"{entries[title]!r}",
                    hint="keep one entry per title",
                    place=Place(line=record.line, source=source),
                )
            )
            continue
        entries.setdefault(title, key)
        lines.setdefault(title, record.line)
    return entries, lines, problems
