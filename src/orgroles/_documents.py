"""Documents: every YAML or JSON file the library reads, from bytes to plain data with lines.

This module owns the table of formats by suffix, the one decoding policy (UTF-8, a BOM allowed)
and turning undecodable bytes or bad syntax into an :class:`~orgroles.errors.OrgFileError` with
file and line. Org files, variants, policies, roles files and role maps all come through here;
what a document's keys mean is the caller's business, not this module's.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal, NoReturn

from orgroles._yamljson import DocPath, DuplicateKeysError, FileSyntaxError, line_of
from orgroles._yamljson import parse_json as _parse_json
from orgroles._yamljson import parse_yaml as _parse_yaml
from orgroles.errors import OrgFileError, Place, Problem

__all__ = [
    "DOCUMENT_SUFFIXES",
    "END_LINE",
    "FORMATS",
    "ORG_FILE_HEADER",
    "Document",
    "FileFormat",
    "Format",
    "PathOrFile",
    "Source",
    "field_problem",
    "format_of",
    "overlay",
    "parse_document",
    "read_bytes",
    "read_document",
]

Format = Literal["yaml", "json"]
"""A document's syntax."""

FileFormat = Literal["yaml", "json", "csv", "excel"]
"""Every format the library tells from a suffix: documents, and the exports it imports."""

FORMATS: Mapping[str, FileFormat] = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "excel",
    ".xlsm": "excel",
    ".xlsb": "excel",
    ".xls": "excel",
    ".ods": "excel",
}
"""Suffix (lower case) -> format: the one table every reader and writer picks a format from."""

DOCUMENT_SUFFIXES = tuple(suffix for suffix, kind in FORMATS.items() if kind in ("yaml", "json"))
"""The suffixes of YAML and JSON documents: ``(".yaml", ".yml", ".json")``."""

PathOrFile = str | os.PathLike[str] | IO[bytes]
"""What a file reader takes: a path (``str`` or ``os.PathLike``) or an open binary file."""

Source = str | os.PathLike[str] | bytes | IO[bytes]
"""What a reader of data takes: a path, an open binary file, or the bytes themselves."""


def format_of(
    path: str | os.PathLike[str], *, default: FileFormat | None = None
) -> FileFormat | None:
    """The format a file's suffix names, or ``default`` when the suffix names none.

    Examples:
        >>> format_of("org.YML"), format_of("export.tsv"), format_of("notes.md")
        ('yaml', 'csv', None)
        >>> format_of("org", default="yaml")
        'yaml'
    """
    return FORMATS.get(Path(path).suffix.lower(), default)


def read_bytes(source: Source, *, name: str | None = None) -> tuple[bytes, str]:
    """The bytes of any source and the name messages give it (the path, ``name``, ``<bytes>``).

    A path is read whole; a binary file is read from where it stands (the caller closes it).

    Raises:
        OSError: a path that cannot be read, a device (``/dev/zero``), or more than
            :data:`MAX_INPUT_BYTES` bytes.
        TypeError: a text file, text holding the content instead of a path, or anything else
            that does not give bytes.

    Examples:
        >>> import io
        >>> read_bytes(b"a: 1"), read_bytes(io.BytesIO(b"a: 1"), name="upload.yaml")
        ((b'a: 1', '<bytes>'), (b'a: 1', 'upload.yaml'))
    """
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source), name or "<bytes>"
    if isinstance(source, str) and "\n" in source:
        # The content passed where a path goes: say so, not "no such file" with the text in it.
        raise TypeError(
            "expected a path, bytes or a binary file, got text with line breaks (the content "
            "itself?); pass its bytes instead: text.encode('utf-8')"
        )
    if isinstance(source, str | os.PathLike):
        path = os.fspath(source)
        mode = os.stat(path).st_mode
        if (stat.S_ISCHR(mode) or stat.S_ISBLK(mode)) and path != os.devnull:
            # /dev/zero, /dev/urandom, a disk: never ending, or no export anyone meant.
            raise OSError(errno.EINVAL, "a device, not a file", path)
        with open(path, "rb") as file:
            if stat.S_ISREG(mode) and os.fstat(file.fileno()).st_size <= MAX_INPUT_BYTES:
                # A regular file of a known size: read whole in one allocation (a 69 MB
                # export read in chunks was copied twice more); one that grew since is refused.
                data = file.read()
                if len(data) <= MAX_INPUT_BYTES:
                    return data, name or path
                _too_big(path)
            return _bounded(file.read, path), name or path
    read = getattr(source, "read", None)
    if read is None:
        raise TypeError(f"expected a path, bytes or a binary file, got {type(source).__name__}")
    label = name or str(getattr(source, "name", None) or "<file>")
    return _bounded(read, label), label


MAX_INPUT_BYTES = 1 << 30
"""The most bytes any input may hold (1 GiB; a million-row export is a tenth of that): a
stream that never ends (``/dev/zero`` piped in) is refused, not read until memory runs out."""


def _bounded(read: Any, label: str) -> bytes:
    """Everything ``read`` gives, refused past :data:`MAX_INPUT_BYTES`."""
    first = read(_CHUNK)
    if not isinstance(first, bytes):
        raise TypeError(
            "expected a binary file (open(path, 'rb')), got a text file; pass the path instead"
        )
    if len(first) < _CHUNK:
        chunk = read(_CHUNK)  # a pipe may give less than asked before its end
        if not chunk:
            return first
        first += chunk
    data = bytearray(first)
    while chunk := read(_CHUNK):
        data += chunk
        if len(data) > MAX_INPUT_BYTES:
            _too_big(label)
    return bytes(data)


def _too_big(label: str) -> NoReturn:
    raise OSError(
        errno.EFBIG, f"more than {MAX_INPUT_BYTES >> 20:,} MB: too big to be an org", label
    )


def field_problem(
    message: str, path: DocPath, *, lines: dict[DocPath, int], source: str
) -> Problem:
    """A problem with the value at ``path``: named as a dotted field, placed at its line.

    Examples:
        >>> print(field_problem("not a number", ("spans", "ics", "max"),
        ...                     lines={("spans",): 3}, source="acme.yaml"))
        acme.yaml:3: field 'spans.ics.max': not a number
    """
    field = ".".join(str(part) for part in path) or None
    return Problem(message, place=Place(field=field, line=line_of(lines, path), source=source))


_CHUNK = 1 << 20


@dataclass(frozen=True)
class Document:
    """A parsed YAML or JSON document: its plain data, and where each value was written.

    Attributes:
        data: the plain data (dicts, lists, strings, numbers, booleans, ``None``).
        source: the name messages use (the file name, ``<stdin>``, ``<string>``).
        format: ``"yaml"`` or ``"json"``, as read.
        lines: path inside the document -> the 1-based line it was written on.
        raw: path -> the text as written, for YAML scalars the reader typed (``id: 1.50``).
        problems: problems that did not stop the reading (duplicate keys, each first value
            kept), for the caller to report with its own; :meth:`check` raises them.
    """

    data: Any
    source: str
    format: Format
    lines: dict[DocPath, int] = field(default_factory=dict)
    raw: dict[DocPath, str] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()

    def line(self, *path: str | int) -> int | None:
        r"""The line of the value at ``path``, or of its nearest parent written in the file.

        Examples:
            >>> document = parse_document("a:\n  b: 1\n")
            >>> document.line("a", "b"), document.line("a", "c")
            (2, 1)
        """
        return line_of(self.lines, path)

    def problem(self, message: str, *path: str | int, hint: str | None = None) -> Problem:
        r"""A problem with the value at ``path``, placed at its file and line.

        Examples:
            >>> print(parse_document("a:\n  b: 1\n", name="x.yaml").problem("bad", "a", "b"))
            x.yaml:2: bad
        """
        return Problem(message, hint=hint, place=Place(source=self.source, line=self.line(*path)))

    def check(self, *, summary: str | None = None) -> Document:
        r"""This document, or :class:`OrgFileError` listing its :attr:`problems`.

        For documents where a problem that did not stop the reading still refuses the file.

        Examples:
            >>> parse_document("a: 1\na: 2\n", name="x.yaml").check()
            Traceback (most recent call last):
            ...
            orgroles.errors.OrgFileError: cannot read x.yaml: 1 problem
              x.yaml:2: duplicate key 'a' (first on line 1) (hint: ...)
        """
        if self.problems:
            raise OrgFileError(self.problems, summary=summary or f"cannot read {self.source}")
        return self


def read_document(
    source: Source,
    *,
    format: Format | None = None,  # the word users know
    name: str | None = None,
) -> Document:
    r"""Read a YAML or JSON document from a path, bytes or a binary file.

    The format comes from ``format``, else the path's suffix (:data:`FORMATS`), else the
    content (text starting with ``{`` is JSON). The bytes are UTF-8 (a BOM is allowed).

    Args:
        source: the file's path, its bytes, or a binary file object.
        format: ``"yaml"`` or ``"json"``; detected when ``None``.
        name: the name messages give the source (default: the path, else ``<bytes>``).

    Raises:
        OrgFileError: bytes that are not UTF-8, or invalid syntax, with file and line.
        OSError: the file cannot be read.

    Examples:
        >>> document = read_document(b'{"positions": []}', name="org.json")
        >>> document.data, document.format, document.source
        ({'positions': []}, 'json', 'org.json')
        >>> read_document(b"name: Caf\xe9\n", name="latin1.yaml")
        Traceback (most recent call last):
        ...
        orgroles.errors.OrgFileError: cannot read latin1.yaml: 1 problem
          latin1.yaml:1: not UTF-8 text (byte 0xe9) (hint: save the file as UTF-8)
    """
    data, label = read_bytes(source, name=name)
    if format is None and isinstance(source, str | os.PathLike):
        found = format_of(source)
        format = found if found in ("yaml", "json") else None
    return parse_document(_decode(data, label), format=format, name=label)


ORG_FILE_HEADER = (
    "# orgroles org file; it ends with an '# end of org file' line (a file cut short is refused)"
)
"""The first line of every YAML org file orgroles writes: it promises :data:`END_LINE`."""

END_LINE = "# end of org file"
"""How the last line of a YAML org file orgroles writes starts (a count of positions follows)."""


_END = re.compile(re.escape(END_LINE) + r" \([0-9,]+ positions?\)")


def _cut_short(text: str, label: str) -> OrgFileError | None:
    """The error for a YAML text that promises an end line (its first line) and lacks it."""
    if not text.startswith(ORG_FILE_HEADER):
        return None
    body = text.rstrip()
    last = body[body.rfind("\n") + 1 :]
    if _END.fullmatch(last):
        return None
    line = body.count("\n") + 1
    return OrgFileError(
        [
            Problem(
                f"the file stops at line {line:,} without its last line '{END_LINE} (...)': "
                "it was cut short (a write or copy interrupted), so positions may be missing",
                hint="write it again or restore it from a copy; when editing by hand, keep the "
                "last line, or delete the first line to drop this check",
                place=Place(source=label, line=line),
            )
        ],
        summary=f"cannot read {label}",
    )


def parse_document(
    text: str,
    *,
    format: Format | None = None,  # the word users know
    name: str | None = None,
) -> Document:
    r"""Parse a document's text; without ``format``, text starting with ``{`` is JSON.

    Duplicate YAML keys do not stop the reading: each is in :attr:`Document.problems` (the
    first value kept), so a caller can report them with every other problem of the file.

    Raises:
        OrgFileError: invalid syntax, with its line.
        ValueError: an unknown ``format``.

    Examples:
        >>> document = parse_document("id: 0042\nn: 7\n")
        >>> document.data, document.line("n"), document.raw
        ({'id': '0042', 'n': 7}, 2, {('n',): '7'})
    """
    label = name or "<string>"
    if format is None:
        format = "json" if text.lstrip().startswith("{") else "yaml"
    if format == "yaml" and (cut := _cut_short(text, label)) is not None:
        raise cut
    try:
        if format == "json":
            value, lines = _parse_json(text)
            return Document(value, label, "json", lines)
        if format == "yaml":
            value, lines, raw = _parse_yaml(text)
            return Document(value, label, "yaml", lines, raw)
    except DuplicateKeysError as found:
        value, lines, raw = found.parsed
        early = tuple(
            Problem(d.message, hint=d.hint, place=Place(source=label, line=d.line))
            for d in found.duplicates
        )
        return Document(value, label, "yaml", lines, raw, early)
    except FileSyntaxError as error:
        raise OrgFileError(
            [Problem(error.message, hint=error.hint, place=Place(source=label, line=error.line))],
            summary=f"cannot read {label}",
        ) from None
    raise ValueError(f"unknown format {format!r} (choose from: json, yaml)")


def _decode(data: bytes, label: str) -> str:
    """The one decoding policy for documents: UTF-8, an optional BOM dropped."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise OrgFileError(
            [
                Problem(
                    f"not UTF-8 text (byte 0x{data[error.start]:02x})",
                    hint="save the file as UTF-8",
                    place=Place(source=label, line=line),
                )
            ],
            summary=f"cannot read {label}",
        ) from None


def overlay(base: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with ``changes`` laid over it: mappings merge key by key, other values replace.

    How documents combine: a variant's ``extends:`` base and its own keys, a policy and the
    one laid on top of it.

    Examples:
        >>> overlay({"spans": {"ics": {"min": 3, "max": 12}}, "required": ["director"]},
        ...         {"spans": {"ics": {"max": 15}}, "required": []})
        {'spans': {'ics': {'min': 3, 'max': 15}}, 'required': []}
    """
    merged = dict(base)
    for key, value in changes.items():
        current = merged.get(key)
        if isinstance(value, Mapping) and isinstance(current, Mapping):
            merged[key] = overlay(current, value)
        else:
            merged[key] = value
    return merged
