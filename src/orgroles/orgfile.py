"""The org file: reading and writing charts as YAML or JSON, and its JSON Schema.

This module owns the file format (its keys, its version, its errors with file and line). Reading
and syntax live in ``_documents``; what a position may hold lives in ``position``; nothing here
renders or validates structure.
"""

from __future__ import annotations

import json
import os
import re
import shlex
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, JsonValue, ValidationError

from orgroles._documents import (
    END_LINE,
    FORMATS,
    ORG_FILE_HEADER,
    Document,
    Format,
    PathOrFile,
    format_of,
    parse_document,
    read_document,
)
from orgroles._policy import Policy, policy_from_data
from orgroles._roles import Role, RoleCatalog, default_catalog
from orgroles._write import write_atomically
from orgroles._yamljson import DocPath, line_of
from orgroles.chart import OrgChart
from orgroles.errors import OrgDataError, OrgFileError, Place, Problem, suggest
from orgroles.position import Position, problems_from_validation_error

__all__ = [
    "FORMAT_VERSION",
    "Format",
    "LoadedOrgFile",
    "OrgFile",
    "dump",
    "dumps",
    "json_schema",
    "load",
    "load_roles",
    "load_with_lines",
    "loads",
    "loads_with_lines",
    "to_document",
]

FORMAT_VERSION = 1
"""The org-file format version this release reads and writes (the ``orgroles:`` key)."""

_TOP_LEVEL_KEYS = (
    "orgroles",
    "name",
    "variant",
    "validation",
    "attributes",
    "roles",
    "aliases",
    "positions",
)
# Where the schema wants text, a plain YAML scalar such as `42` or `true` is taken as written.
_TEXT_FIELDS = frozenset({"id", "role", "title", "name", "reports_to", "unit"})
_ROLE_TEXT_FIELDS = frozenset({"key", "title", "summary"})


class OrgFile(BaseModel):
    """The org file's schema (YAML or JSON). Used to publish the JSON Schema.

    Examples:
        >>> OrgFile.model_validate({"positions": [{"id": "ceo", "role": "ceo"}]}).orgroles
        1
    """

    model_config = ConfigDict(
        extra="forbid",
        title="orgroles org file",
        json_schema_extra={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://orgroles.dev/schema/org-file-1.json",
        },
    )

    orgroles: Literal[1] = Field(default=1, description="The format version.")
    name: str | None = Field(default=None, description="The organisation's name.")
    variant: str | None = Field(
        default=None, description="The variant this org means to follow, e.g. 'scaleup'."
    )
    validation: Policy | None = Field(
        default=None,
        description="How `orgroles validate` judges this org: rules turned off, severities, "
        "options, and changes to the variant's thresholds.",
    )
    attributes: dict[str, JsonValue] = Field(
        default_factory=dict, description="Free chart-level data, kept as given."
    )
    roles: list[Role] = Field(
        default_factory=list, description="Custom roles, added to the built-in catalog."
    )
    aliases: dict[str, str] = Field(
        default_factory=dict, description="Job title -> role key, tried before the built-in rules."
    )
    positions: list[Position] = Field(description="The positions, in order.")


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the org file, generated from the models.

    Examples:
        >>> json_schema()["required"]
        ['positions']
    """
    schema = OrgFile.model_json_schema()
    _for_editors(schema)
    return schema


_REST_REFERENCE = re.compile(r":(?:meth|func|class|attr|mod):`~?([^`]+)`")


def _for_editors(node: Any) -> None:
    """Descriptions as editors show them on hover: no doctests, Markdown code, not reST."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "description" and isinstance(value, str):
                text = value.split("\n\nExamples:", 1)[0].rstrip()
                node[key] = _REST_REFERENCE.sub(r"`\1`", text).replace("``", "`")
            else:
                _for_editors(value)
    elif isinstance(node, list):
        for item in node:
            _for_editors(item)


# -- reading ---------------------------------------------------------------------------------


def load(
    path: PathOrFile,
    *,
    format: Format | None = None,  # the word users know
    source: str | None = None,
    roles: RoleCatalog | None = None,
) -> OrgChart:
    r"""Read an org file. The format comes from the suffix (``.yaml``, ``.yml``, ``.json``).

    Args:
        path: the file's path, or a file opened in binary mode (``sys.stdin.buffer``).
        format: ``"yaml"`` or ``"json"``; from the suffix (or the content) when ``None``.
        source: the file's name in messages (default: the path, or the open file's name).
        roles: a base role catalog (e.g. from :func:`load_roles`); the file's own ``roles`` and
            ``aliases`` are added to it. The built-in catalog when ``None``.

    Raises:
        OrgFileError: every problem in the file, each with the file name and line.
        OSError: the file cannot be read.

    Examples:
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "org.yaml"
        >>> _ = path.write_text("positions:\n  - {id: ceo, role: ceo}\n", encoding="utf-8")
        >>> load(path)["ceo"].role
        'ceo'
    """
    return load_with_lines(path, format=format, source=source, roles=roles).chart


def loads(
    text: str,
    *,
    format: Format | None = None,  # the word users know
    source: str | None = None,
    roles: RoleCatalog | None = None,
) -> OrgChart:
    """Read an org file's text. Without ``format``, text starting with ``{`` is JSON.

    Args:
        text: the file's content.
        format: ``"yaml"`` or ``"json"``; guessed when ``None``.
        source: a name for the text in error messages (a file name).
        roles: a base role catalog the file's own ``roles`` and ``aliases`` are added to.

    Raises:
        OrgFileError: every problem found, each with its line.

    Examples:
        >>> chart = loads('''
        ... orgroles: 1
        ... positions:
        ...   - id: 0042
        ...     role: pm
        ...     name: NO
        ... ''')
        >>> chart["0042"].name
        'NO'
    """
    return loads_with_lines(text, format=format, source=source, roles=roles).chart


@dataclass(frozen=True)
class LoadedOrgFile:
    """An org file read once: its chart, and where each value was written (for reports).

    Attributes:
        chart: the chart, as :func:`load` returns it.
        source: the name used in messages (the file name, or ``<stdin>``).
        document: the file's plain data as parsed (the ``validation:`` key as written, say).
        lines: path inside the document -> the 1-based line it was written on.
        raw: path -> the text as written, for YAML scalars the reader typed (``id: 1.50``).
        policy: the ``validation:`` key as a :class:`~orgroles.validation.Policy` whose
            entries know their lines, or ``None``. Pass it to ``validate(chart, policy=...)``
            (merged with any other policy): the chart's copy is then not parsed again.
    """

    chart: OrgChart
    source: str
    document: Any
    lines: dict[DocPath, int]
    raw: dict[DocPath, str]
    policy: Policy | None = None

    def line(self, *path: str | int) -> int | None:
        r"""The line of the value at ``path``, or of its nearest parent written in the file.

        Examples:
            >>> read = loads_with_lines("positions:\n  - id: ceo\n    role: ceo\n")
            >>> read.line("positions", 0, "role"), read.line("positions", 0, "title")
            (3, 2)
        """
        return line_of(self.lines, path)

    def position_lines(self) -> dict[str, int]:
        r"""The line each position starts on: id -> line.

        Examples:
            >>> loads_with_lines("positions:\n  - id: 1.50\n    role: pm\n").position_lines()
            {'1.50': 2}
        """
        positions = self.document.get("positions") if isinstance(self.document, dict) else None
        found: dict[str, int] = {}
        for index, item in enumerate(positions if isinstance(positions, list) else ()):
            written = item.get("id") if isinstance(item, dict) else None
            # An id the YAML reader typed (`id: 1.50`) is the text as written, as the chart has it.
            written = self.raw.get(("positions", index, "id"), written)
            line = self.lines.get(("positions", index))
            if written is not None and line is not None:
                found.setdefault(str(written), line)
        return found


def load_with_lines(
    path: PathOrFile,
    *,
    format: Format | None = None,  # the word users know
    source: str | None = None,
    roles: RoleCatalog | None = None,
    unknown_code: Callable[[str], str | None] | None = None,
) -> LoadedOrgFile:
    r"""Read an org file like :func:`load`, keeping the parsed data and the line of each value.

    For tools that report on a file (``orgroles validate`` names the line of each finding): the
    file is read and parsed once, whatever the caller needs from it. ``unknown_code`` says what
    is wrong with a rule code of the ``validation:`` key (``None`` when it is known): when the
    key is refused for its shape, its unknown codes are then named in the same error, so one
    run shows every mistake (the org file itself knows no rules;
    ``orgroles.validation.unknown_rule_code`` is the registry's answer).

    Raises:
        OrgFileError: every problem in the file, each with the file name and line.
        OSError: the file cannot be read.

    Examples:
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "org.yaml"
        >>> _ = path.write_text("positions:\n  - {id: ceo, role: ceo}\n", encoding="utf-8")
        >>> read = load_with_lines(path)
        >>> len(read.chart), read.position_lines()
        (1, {'ceo': 2})
    """
    if format is None and isinstance(path, str | os.PathLike):
        _refuse_an_export(path, source)
    return _build(read_document(path, format=format, name=source), roles, unknown_code)


# What an HR system or a spreadsheet saves; a .txt may hold YAML, so it is read as given.
_EXPORT_SUFFIXES = tuple(
    suffix for suffix, kind in FORMATS.items() if kind in ("csv", "excel") and suffix != ".txt"
)


def _refuse_an_export(path: str | os.PathLike[str], source: str | None) -> None:
    """Refuse a CSV file or workbook given as an org file, naming the import that reads it.

    Read as YAML it was "a str" or "not UTF-8 text (hint: save the file as UTF-8)": true of the
    bytes, and no help to someone who passed the HR export itself.
    """
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in _EXPORT_SUFFIXES or not os.path.isfile(path):
        return
    label = source or os.fspath(path)
    reader = "read_csv" if FORMATS[suffix] == "csv" else "read_excel"
    problem = Problem(
        f"a {suffix} file is an HR export or a spreadsheet, not an org file (YAML or JSON)",
        hint=f"import it into an org file: `orgroles import {shlex.quote(label)} -o org.yaml`, or "
        f"orgroles.{reader}() in Python",
        place=Place(source=label),
    )
    raise OrgFileError([problem], summary=f"cannot read {label}")


def loads_with_lines(
    text: str,
    *,
    format: Format | None = None,  # the word users know
    source: str | None = None,
    roles: RoleCatalog | None = None,
    unknown_code: Callable[[str], str | None] | None = None,
) -> LoadedOrgFile:
    r"""Read an org file's text like :func:`loads`, keeping the parsed data and its lines.

    ``unknown_code`` is as in :func:`load_with_lines`.

    Raises:
        OrgFileError: every problem found, each with its line.

    Examples:
        >>> read = loads_with_lines('{"positions": [\n  {"id": "ceo", "role": "ceo"}\n]}')
        >>> read.chart["ceo"].role, read.line("positions", 0)
        ('ceo', 2)
    """
    return _build(parse_document(text, format=format, name=source), roles, unknown_code)


def _build(
    document: Document,
    roles: RoleCatalog | None,
    unknown_code: Callable[[str], str | None] | None = None,
) -> LoadedOrgFile:
    reader = _Reader(document, base=roles, unknown_code=unknown_code)
    chart = reader.build(document.data)
    return LoadedOrgFile(
        chart, document.source, document.data, document.lines, document.raw, reader.policy
    )


def load_roles(path: PathOrFile) -> RoleCatalog:
    r"""Read a roles file: the built-in catalog plus the file's ``roles`` and ``aliases``.

    A roles file has the same ``roles:`` and ``aliases:`` sections as an org file and nothing
    else, so a company can keep its role definitions in one place for many org files.

    Examples:
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "roles.yaml"
        >>> _ = path.write_text(
        ...     "roles:\n  - {key: product_owner, title: Product Owner, track: ic, level: 2}\n"
        ...     "aliases:\n  PO: product_owner\n", encoding="utf-8")
        >>> catalog = load_roles(path)
        >>> catalog.resolve_title("PO").key
        'product_owner'
    """
    read = read_document(path)
    reader = _Reader(read)
    document = read.data
    if not isinstance(document, dict):
        reader.problem("a roles file is a mapping with 'roles' and/or 'aliases'", ())
        raise reader.fail()
    for key in document:
        if key not in ("roles", "aliases"):
            reader.problem(suggest(key, ("roles", "aliases"), what="key in a roles file"), (key,))
    catalog = default_catalog().extend(reader.read_roles(document.get("roles")))
    catalog = catalog.extend(aliases=reader.read_aliases(document.get("aliases"), catalog))
    if reader.problems:
        raise reader.fail()
    return catalog


class _Reader:
    """Gives a parsed document meaning, collecting every problem with its line."""

    def __init__(
        self,
        document: Document,
        *,
        base: RoleCatalog | None = None,
        unknown_code: Callable[[str], str | None] | None = None,
    ) -> None:
        self.base = base or default_catalog()
        self.unknown_code = unknown_code
        self.lines = document.lines
        self.raw: Mapping[DocPath, str] = document.raw
        self.source = document.source
        # Duplicate keys are reported with everything else the file holds, not alone.
        self.problems: list[Problem] = list(document.problems)
        self.policy: Policy | None = None

    def problem(self, message: str, path: DocPath, hint: str | None = None) -> None:
        line = line_of(self.lines, path)
        self.problems.append(
            Problem(message, hint=hint, place=Place(line=line, source=self.source))
        )

    def text(self, value: Any, path: DocPath) -> Any:
        """A scalar the YAML reader typed (``42``, ``true``) back to the text written there."""
        return self.raw.get(path, value)

    def fail(self) -> OrgFileError:
        # File order reads best; problems without a line (whole-file ones) come first.
        ordered = sorted(self.problems, key=lambda p: p.place.line or 0)
        return OrgFileError(ordered, summary=f"cannot read {self.source}")

    def build(self, document: Any) -> OrgChart:
        if not isinstance(document, dict):
            kind = "empty" if document is None else f"a {type(document).__name__}"
            self.problem(
                f"an org file is a mapping with a 'positions' list, but this one is {kind}",
                (),
                "start from the example in the README or the org file reference",
            )
            raise self.fail()
        self.check_header(document)
        name = self.text_or_none(document, "name")
        variant = self.text_or_none(document, "variant")
        validation = self.read_validation(document.get("validation"))
        attributes = document.get("attributes") or {}
        if not isinstance(attributes, dict):
            self.problem("'attributes' must be a mapping", ("attributes",))
            attributes = {}
        catalog = self.base.extend(self.read_roles(document.get("roles")))
        catalog = catalog.extend(aliases=self.read_aliases(document.get("aliases"), catalog))
        records = self.read_positions(document.get("positions"))
        try:
            chart = OrgChart(
                records,
                name=name,
                variant=variant,
                roles=catalog,
                attributes=attributes,
                validation=validation,
            )
        except OrgDataError as error:
            self.add_position_problems(error.problems, records)
            raise self.fail() from None
        if self.problems:
            raise self.fail()
        return chart

    def read_validation(self, value: Any) -> dict[str, Any] | None:
        """The ``validation:`` policy as the plain data written; parsed once, into ``policy``."""
        if value is None:
            return None
        try:
            self.policy = policy_from_data(
                value,
                lines=self.lines,
                source=self.source,
                prefix=("validation",),
                unknown_code=self.unknown_code,
            )
        except OrgFileError as error:
            self.problems.extend(error.problems)
            return None
        data = dict(value)
        self.policy._chart_data = data  # the chart's copy: validate need not parse it again
        return data

    def check_header(self, document: dict[str, Any]) -> None:
        for key in document:
            if key not in _TOP_LEVEL_KEYS:
                self.problem(suggest(key, _TOP_LEVEL_KEYS, what="top-level key"), (key,))
        version = document.get("orgroles", FORMAT_VERSION)
        if version != FORMAT_VERSION:
            newer = isinstance(version, int) and version > FORMAT_VERSION
            self.problem(
                f"format version {version!r} is not supported (this release reads version 1)",
                ("orgroles",),
                "upgrade orgroles" if newer else "write `orgroles: 1`",
            )

    def text_or_none(self, document: dict[str, Any], key: str) -> str | None:
        value = self.text(document.get(key), (key,))
        if value is not None and not isinstance(value, str):
            self.problem(f"'{key}' must be text, got {type(value).__name__}", (key,))
            return None
        return value

    def read_roles(self, value: Any) -> list[Role]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem("'roles' must be a list of role definitions", ("roles",))
            return []
        roles: list[Role] = []
        for index, item in enumerate(value):
            path: DocPath = ("roles", index)
            if not isinstance(item, dict):
                self.problem("a role definition is a mapping with key, title, track, level", path)
                continue
            data = {
                field: self.text(v, (*path, field)) if field in _ROLE_TEXT_FIELDS else v
                for field, v in item.items()
            }
            if isinstance(item.get("aliases"), list):
                data["aliases"] = [
                    self.text(a, (*path, "aliases", n)) for n, a in enumerate(item["aliases"])
                ]
            try:
                role = Role.model_validate(data)
            except ValidationError as error:
                label = f"role {data['key']!r}" if isinstance(data.get("key"), str) else "role"
                for found in problems_from_validation_error(error, index=None, position=None):
                    field = found.place.field.split(".")[0] if found.place.field else None
                    message = found.message
                    if field is not None and field not in Role.model_fields:
                        message = suggest(field, Role.model_fields, what="role field")
                    field_path = (*path, field) if field else path
                    self.problem(f"{label}, field {field!r}: {message}", field_path)
                continue
            if any(r.key == role.key for r in roles):
                self.problem(f"role {role.key!r} is defined twice", (*path, "key"))
                continue
            roles.append(role)
        return roles

    def read_aliases(self, value: Any, catalog: RoleCatalog) -> dict[str, str]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem("'aliases' must be a mapping of job title -> role key", ("aliases",))
            return {}
        aliases = {}
        for title, written in value.items():
            key = self.text(written, ("aliases", title))
            if not isinstance(key, str):
                self.problem(f"the alias for {title!r} must name a role key", ("aliases", title))
            elif key not in catalog:
                message = suggest(key, catalog, what="role") + f" in the alias for {title!r}"
                self.problem(message, ("aliases", title))
            else:
                aliases[title] = key
        return aliases

    def read_positions(self, value: Any) -> list[Any]:
        if value is None:
            self.problem("no 'positions' list", (), "add `positions:` with one entry per position")
            return []
        if not isinstance(value, list):
            self.problem("'positions' must be a list", ("positions",))
            return []
        records: list[Any] = []
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                records.append(item)  # the chart reports it with its index
                continue
            record = dict(item)
            for field in _TEXT_FIELDS.intersection(record):
                record[field] = self.text(record[field], ("positions", index, field))
            if isinstance(record.get("dotted_to"), list):
                record["dotted_to"] = [
                    self.text(target, ("positions", index, "dotted_to", n))
                    for n, target in enumerate(record["dotted_to"])
                ]
            records.append(record)
        return records

    def add_position_problems(self, found: Iterable[Problem], records: list[Any]) -> None:
        """The chart's problems placed at their lines (the chart knows rows, the file lines)."""
        first_rows: dict[str, int] = {}
        for row, record in enumerate(records, start=1):
            written = record.get("id") if isinstance(record, dict) else None
            if isinstance(written, str):
                first_rows.setdefault(written, row)
        for problem in found:
            path: DocPath = ("positions",)
            place = problem.place
            if place.row is not None:
                path = (*path, place.row - 1)
                if place.field:
                    path = (*path, *(_path_part(p) for p in place.field.split(".")))
            message = problem.message
            if problem.code == "duplicate-id" and place.positions:
                # In a file, the first use's line says more than its position number.
                first = self.lines.get(("positions", first_rows.get(place.positions[0], 0) - 1))
                if first is not None:
                    message = f"duplicate id (first on line {first})"
            self.problems.append(
                replace(
                    problem,
                    message=message,
                    place=replace(place, line=line_of(self.lines, path), source=self.source),
                )
            )


def _path_part(part: str) -> str | int:
    return int(part) if part.isdigit() else part


# -- writing ---------------------------------------------------------------------------------


def to_document(chart: OrgChart) -> dict[str, Any]:
    """The chart as the org file's plain data, keys in a fixed order, defaults left out.

    Examples:
        >>> to_document(OrgChart([{"id": "ceo", "role": "ceo"}], name="Acme"))
        {'orgroles': 1, 'name': 'Acme', 'positions': [{'id': 'ceo', 'role': 'ceo'}]}
    """
    document: dict[str, Any] = {"orgroles": FORMAT_VERSION}
    if chart.name is not None:
        document["name"] = chart.name
    if chart.variant is not None:
        document["variant"] = chart.variant
    if chart.validation:
        document["validation"] = chart.validation
    if chart.attributes:
        document["attributes"] = dict(chart.attributes)
    if chart.roles.custom_roles:
        document["roles"] = [
            {
                "key": role.key,
                **role.model_dump(mode="json", exclude_defaults=True, exclude={"key"}),
            }
            for role in chart.roles.custom_roles
        ]
    if chart.roles.aliases:
        document["aliases"] = dict(chart.roles.aliases)
    document["positions"] = [position.to_dict() for position in chart]
    return document


def _json_chunks(chart: OrgChart) -> Iterator[str]:
    """The JSON org file in pieces, one position at a time: ``dumps``'s exact text.

    A whole-company chart's JSON text can be bigger than the memory left beside the chart;
    written piece by piece (see :func:`dump`), it never exists whole.
    """
    head = to_document(chart._like())
    opening = json.dumps(head, indent=2, ensure_ascii=False)
    empty = '"positions": []\n}'
    if len(chart) == 0:
        yield opening + "\n"
        return
    yield opening[: -len(empty)] + '"positions": ['
    separator = "\n    "
    for number, position in enumerate(chart):
        # Inside the document a position sits two levels deep: four spaces more per line
        # (a line break inside a value is written as \n, so every real one is layout).
        text = json.dumps(position.to_dict(), indent=2, ensure_ascii=False)
        yield ("," if number else "") + separator + text.replace("\n", separator)
    yield "\n  ]\n}\n"


def _yaml_chunks(chart: OrgChart) -> Iterator[str]:
    """The YAML org file in pieces, a few hundred positions at a time: ``dumps``'s exact text.

    Positions are emitted a batch at a time as the items of a ``positions:`` list and that key
    line is dropped: the emitter then stands at the same column as in a whole document, so long
    values fold the same way. Batches, not one call per position, because each call builds a
    dumper (a third of the time: 0.33 s against 0.21 s for 1,260 positions); a batch's text
    is bounded (:func:`_batches`), so a file bigger than the memory left is still written.
    No anchor is ever written (see :class:`_Dumper`), so a batch's text is its items' texts.
    """
    # A YAML file cut at a line boundary (a killed writer, a full disk, a copy stopped half
    # way) is still valid YAML: the first line promises the last, so a cut is told apart.
    yield ORG_FILE_HEADER + "\n"
    head = to_document(chart._like())
    if len(chart) == 0:
        yield _yaml_text(head)
    else:
        del head["positions"]
        yield _yaml_text(head) + "positions:\n"
        key_line = len("positions:\n")
        for batch in _batches(chart):
            yield _yaml_text({"positions": batch})[key_line:]
    count = len(chart)
    yield f"{END_LINE} ({count:,} position{'s' if count != 1 else ''})\n"


_YAML_BATCH = 256
"""The most positions written by one emitter call in :func:`_yaml_chunks`."""
_YAML_BATCH_TEXT = 64 << 10
"""About the most characters of text in one batch: a chart of long values writes in small ones."""


def _batches(chart: OrgChart) -> Iterator[list[dict[str, Any]]]:
    """The chart's positions as dictionaries, in batches of bounded count and text."""
    batch: list[dict[str, Any]] = []
    text = 0
    for position in chart:
        item = position.to_dict()
        batch.append(item)
        text += len(json.dumps(item, ensure_ascii=False, default=str)) if position.attributes else 0
        text += sum(len(value) for value in item.values() if isinstance(value, str))
        if len(batch) == _YAML_BATCH or text > _YAML_BATCH_TEXT:
            yield batch
            batch, text = [], 0
    if batch:
        yield batch


def _yaml_text(document: dict[str, Any]) -> str:
    return yaml.dump(
        document,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )


class _Dumper(yaml.SafeDumper):
    """Block style, lists indented under their key as people write them.

    The pure-Python emitter, not libyaml's: its layout is what the indentation hook controls, and
    one emitter everywhere keeps the output byte-identical across installs.
    """

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        # Every value is written out where it stands: an org file has no &anchors or *aliases,
        # which many readers mishandle, even where two positions share one list object.
        return True


_UNSAFE_IN_PLAIN_OR_SINGLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


# Numbers in YAML 1.2 (what most other tools read) that YAML 1.1, PyYAML's dialect, reads as
# text and so would write plain: 1e5, 1.5E3, 0o17. Quoted, they stay text everywhere.
_YAML12_NUMBER = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # PyYAML writes NEL and the Unicode line separators raw inside single quotes, where a reader
    # folds them into spaces; double quotes escape them (\N, \L, \P), so nothing is lost.
    if _UNSAFE_IN_PLAIN_OR_SINGLE.search(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    if _YAML12_NUMBER.fullmatch(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="'")
    return dumper.represent_str(value)


_Dumper.add_representer(str, _represent_str)


def dumps(chart: OrgChart, *, format: Format = "yaml") -> str:
    """The chart as org-file text; the same chart always gives the same bytes.

    YAML starts with a comment saying the file ends with an end line, and ends with it
    (``# end of org file (1 position)``): a file cut short, which YAML alone cannot tell, is
    then refused when read, naming the line where it stops. JSON needs neither: a cut leaves
    brackets unclosed.

    Examples:
        >>> print(dumps(OrgChart([{"id": "0042", "role": "pm", "name": "NO"}])), end="")
        # orgroles org file; it ends with an '# end of org file' line (a file cut short is refused)
        orgroles: 1
        positions:
          - id: '0042'
            role: pm
            name: 'NO'
        # end of org file (1 position)
    """
    if format == "json":
        return "".join(_json_chunks(chart))
    if format != "yaml":
        raise ValueError(f"unknown format {format!r} (choose from: json, yaml)")
    return "".join(_yaml_chunks(chart))


def dump(
    chart: OrgChart,
    path: str | os.PathLike[str],
    *,
    format: Format | None = None,
) -> None:
    """Write the chart to an org file; the format comes from the suffix (YAML unless ``.json``).

    Examples:
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "org.json"
        >>> chart = OrgChart([{"id": "ceo", "role": "ceo"}])
        >>> dump(chart, path)
        >>> load(path) == chart
        True
    """
    if format is None:
        format = "json" if format_of(path) == "json" else "yaml"
    if format not in ("json", "yaml"):
        raise ValueError(f"unknown format {format!r} (choose from: json, yaml)")
    # Streamed: the file may be bigger than the memory left beside the chart.
    chunks = _json_chunks(chart) if format == "json" else _yaml_chunks(chart)
    write_atomically(path, (chunk.encode("utf-8") for chunk in chunks))
