"""Bytes to rows: text encodings, CSV delimiters, and the formula-neutralising quote.

This module owns how a CSV file's bytes become header and rows with their line numbers, and the
one escaping rule shared by the CSV writer and reader. It knows nothing of columns' meanings.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from typing import NamedTuple

from orgroles.errors import Option, OrgImportError, import_error, shown
from orgroles.importers._report import ENCODING

__all__ = [
    "FORMULA_START",
    "CsvRow",
    "Swallowed",
    "decode",
    "detect_delimiter",
    "is_workbook",
    "neutralise",
    "parse_csv",
    "restore",
    "swallowed_rows",
]

UTF16 = Option("encoding", "utf-16-le")
LATIN1 = Option("encoding", "latin-1")

FORMULA_START = frozenset("=+-@\t\r")
"""Characters that make a spreadsheet read a cell as a formula (OWASP's CSV-injection list)."""

DELIMITERS = (",", ";", "\t", "|")
"""Delimiters detected, in the order that breaks ties."""


def neutralise(cell: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would run as a formula, so it shows as text.

    A cell is prefixed when, after any leading ``'``, it starts with ``=``, ``+``, ``-``,
    ``@``, a tab or a carriage return. Cells already starting with ``'`` before such a character
    get one more, so :func:`restore` gives back exactly what was written.

    Examples:
        >>> neutralise("=cmd|' /C calc'!A0"), neutralise("-2"), neutralise("'=x"), neutralise("a")
        ("'=cmd|' /C calc'!A0", "'-2", "''=x", 'a')
    """
    rest = cell.lstrip("'")
    if rest and rest[0] in FORMULA_START:
        return "'" + cell
    return cell


def restore(cell: str) -> str:
    """Undo :func:`neutralise`: drop one leading ``'`` when ``'``s are followed by a formula start.

    Applied to every cell :func:`~orgroles.read_csv` reads, so a file from a spreadsheet where
    someone typed ``'+44 20 7946 0000`` to keep it as text reads as ``+44 20 7946 0000`` too.
    Any other ``'`` is kept.

    Examples:
        >>> restore("'=x"), restore("''=x"), restore("'quoted'"), restore("''")
        ('=x', "'=x", "'quoted'", "''")
    """
    if cell.startswith("'"):
        rest = cell.lstrip("'")
        if rest and rest[0] in FORMULA_START:
            return cell[1:]
    return cell


def _utf8_sample(data: bytes, text: str) -> tuple[str, str] | None:
    """The first word that reads differently as UTF-8, and as ``text`` has it.

    ``None`` when the bytes are not UTF-8.
    """
    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    for word, other in zip(utf8.split(), text.split(), strict=False):
        if word != other:
            return word, other
    return None


def _utf8_lines(data: bytes) -> bool:
    """Whether the bytes are UTF-8 text with line breaks."""
    try:
        return "\n" in data.decode("utf-8")
    except UnicodeDecodeError:
        return False


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


_SIGNATURES = (
    (b"PK\x03\x04", "a ZIP archive (an Excel .xlsx or OpenDocument file is one)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (Excel .xls)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "a program (ELF)"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
)


_ZIP_MEMBERS = (
    (b"opendocument.spreadsheet", "an OpenDocument spreadsheet (.ods, a ZIP archive)"),
    (b"xl/workbook.bin", "an Excel binary workbook (.xlsb, a ZIP archive)"),
    (b"xl/", "an Excel workbook (.xlsx or .xlsm, a ZIP archive)"),
    (b"word/", "a Word document (.docx, a ZIP archive)"),
)


def binary_kind(data: bytes) -> str | None:
    r"""What a file of binary data is (``"a PNG image"``), or ``None`` for what may be text.

    Known signatures name the format; other bytes more than a tenth NULs, where no UTF-16 or
    UTF-32 text stands (those have a BOM, or a NUL beside their first character), are binary.

    Examples:
        >>> binary_kind(b"\x89PNG\r\n\x1a\n..."), binary_kind(b"id,manager\n")
        ('a PNG image', None)
        >>> binary_kind(b"PK\x03\x04" + b"[Content_Types].xml" + b"xl/workbook.xml")
        'an Excel workbook (.xlsx or .xlsm, a ZIP archive)'

        >>> binary_kind(b"\x00" * 6)
        'binary data (it holds NUL bytes)'
    """
    if data.startswith(b"PK\x03\x04"):
        # A workbook is a ZIP archive; its first members' names say which kind.
        head = data[:65536]
        return next((k for member, k in _ZIP_MEMBERS if member in head), _SIGNATURES[0][1])
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    head = data[:8192]
    wide_text = any(head.startswith(bom) for bom, _ in _BOMS) or (
        len(head) >= 2 and (head[0] == 0) != (head[1] == 0)
    )
    # A NUL in a cell is data (write_csv keeps it); a file of them is not a table.
    binary = head.count(b"\0") * 10 > len(head)
    return "binary data (it holds NUL bytes)" if binary and not wide_text else None


def is_workbook(data: bytes) -> bool:
    r"""Whether bytes start like a workbook :func:`read_excel` may read (.xlsx, .xls, .ods...).

    Examples:
        >>> is_workbook(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), is_workbook(b"id,parentId\n")
        (True, False)
    """
    kind = binary_kind(data) or ""
    return "workbook" in kind or "spreadsheet" in kind or "Excel" in kind


def _not_text(data: bytes, source: str, what: str, workbooks: bool) -> OrgImportError | None:
    """The error for a workbook or other binary file given where ``what`` text was expected.

    ``workbooks``: the input may be a workbook instead (an HR export), so the hint says how.
    """
    kind = binary_kind(data)
    if kind is None:
        return None
    if workbooks and is_workbook(data):
        hint = (
            "read it with read_excel(), or give the file its suffix (.xlsx, .xls, .ods) so that "
            "`orgroles import` reads it as a workbook"
        )
    else:
        hint = f"export the data as {what}" + (", or as a workbook" if workbooks else "")
    return import_error(f"this is {kind}, not {what} text", source=source, hint=hint, reading=True)


_CODEC_HINT = "use a Python codec name such as utf-8, utf-16, cp1252 or latin-1"


def _decode_as(data: bytes, encoding: str, source: str) -> str:
    """The bytes decoded with the encoding the user named; an error says what is wrong."""
    try:
        # rot13, base64, zlib...: codecs, but of bytes to bytes or text to text.
        text_codec = getattr(codecs.lookup(encoding), "_is_text_encoding", True)
    except LookupError:
        raise _error(f"unknown encoding {shown(encoding)}", source, hint=_CODEC_HINT) from None
    if not text_codec:
        raise _error(f"{shown(encoding)} is not a text encoding", source, hint=_CODEC_HINT)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise _decode_error(data, error, encoding, source) from None
    except UnicodeError as error:  # a codec that decodes nothing ("undefined")
        message = f"cannot decode as {encoding}: {error}"
        raise _error(message, source, hint=_CODEC_HINT) from None


def decode(
    data: bytes, *, encoding: str | None, source: str, what: str, workbooks: bool = False
) -> tuple[str, str, list[str]]:
    """Decode a file's bytes of ``what`` (``"CSV"``); return the text, encoding used and notes.

    Binary data is refused first, named for what it is; ``workbooks`` when a workbook could be
    read instead (HR exports), so that the hint says how.

    Without ``encoding``: a BOM decides (UTF-8, UTF-16, UTF-32); else UTF-8 when the bytes are
    valid UTF-8; else Windows-1252 (cp1252), the usual encoding of spreadsheets saved on Windows,
    with a note saying so. Bytes that are neither raise an error naming the ``encoding`` option.

    Raises:
        OrgImportError: the bytes are a workbook or other binary data (named for what they
            are), or cannot be decoded (the line and byte are named).
    """
    notes: list[str] = []
    binary = _not_text(data, source, what, workbooks)
    if binary is not None:
        raise binary
    if encoding is not None:
        text = _decode_as(data, encoding, source)
        head = text[:4096]
        if b"\n" in data[:8192] and "\n" not in head and "\r" not in head and _utf8_lines(data):
            # UTF-8 bytes read as UTF-16 decode "successfully" into CJK text with no line
            # break: the whole file would become one garbled column name. (A UTF-16 file may
            # hold 0x0A bytes inside characters, but is then rarely valid UTF-8 with lines.)
            raise _error(
                f"the file has line breaks, but read as {encoding} it has none: it is not "
                f"{encoding}",
                source,
                hint="leave the encoding out to detect it, or pass the file's real encoding",
            )
        if not codecs.lookup(encoding).name.startswith("utf") and not data.isascii():
            sample = _utf8_sample(data, text)
            if sample is not None:
                notes.append(
                    f"the file is valid UTF-8 too, which reads {sample[0]!r} where {encoding} "
                    f"reads {sample[1]!r}: leave the encoding out if UTF-8 is right"
                )
        return text.removeprefix("\ufeff"), encoding, notes
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name).removeprefix("\ufeff"), name, notes
            except UnicodeDecodeError as error:
                raise _decode_error(data, error, name, source) from None
    if len(data) >= 2 and (data[0] == 0) != (data[1] == 0):
        # A NUL beside the first character, and no BOM: UTF-16 (or 32) without a byte-order
        # mark. A CSV's header starts with printable text, so UTF-8 never looks like this.
        raise _error(
            "looks like UTF-16 or UTF-32 text without a byte-order mark",
            source,
            hint=f"pass {UTF16.keyword()} (or utf-16-be)",
            option=UTF16,
        )
    try:
        return data.decode("utf-8"), "utf-8", notes
    except UnicodeDecodeError as error:
        utf8_error = error
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise _decode_error(data, utf8_error, "utf-8", source) from None
    line = data[: utf8_error.start].count(b"\n") + 1
    notes.append(
        f"not UTF-8 (byte 0x{data[utf8_error.start]:02x} on line {line}); read as cp1252 "
        f"(Windows-1252); pass {ENCODING.keyword()} if that is wrong"
    )
    return text, "cp1252", notes


def _decode_error(data: bytes, error: UnicodeDecodeError, encoding: str, source: str) -> Exception:
    line = data[: error.start].count(b"\n") + 1
    return _error(
        f"cannot decode as {encoding} (byte 0x{data[error.start]:02x})",
        source,
        line=line,
        hint=f"pass the file's encoding ({LATIN1.keyword()} for example), or save the file as "
        "UTF-8",
        option=LATIN1,
    )


def _error(
    message: str, source: str, *, line: int | None = None, hint: str, option: Option | None = None
) -> OrgImportError:
    return import_error(message, source=source, hint=hint, option=option, line=line, reading=True)


def detect_delimiter(text: str) -> str:
    r"""The delimiter of a CSV text: of ``,`` ``;`` tab ``|``, the most frequent in the header.

    Only the header line counts, outside quotes; ties go in that order; ``,`` when there is none.

    Examples:
        >>> detect_delimiter('id;"name, first";parentId\n1;a;\n'), detect_delimiter("id\n1\n")
        (';', ',')
    """
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif not quoted:
            if char in "\r\n":
                break
            if char in counts:
                counts[char] += 1
    best = max(DELIMITERS, key=lambda d: (counts[d], -DELIMITERS.index(d)))
    return best if counts[best] else ","


class CsvRow(NamedTuple):
    """One CSV record: its 1-based line (where it starts), its cells (restored), its lines."""

    line: int
    cells: list[str]
    lines: int = 1
    """How many lines the record spans: more than one when a quoted cell holds line breaks."""


def parse_csv(text: str, *, delimiter: str, source: str) -> Iterator[CsvRow]:
    """Yield every record of a CSV text with the line it starts on; blank lines yield nothing.

    Quoted fields may hold delimiters, quotes and newlines (CRLF or LF). Every cell goes
    through :func:`restore`.

    Raises:
        OrgImportError: the CSV cannot be parsed (the line is named).
    """
    # A cell may be as long as the file (a 200 KB biography); the csv module's default limit of
    # 128 KB would refuse it. Raised only, never lowered: the setting is process-wide.
    if len(text) >= csv.field_size_limit():
        csv.field_size_limit(len(text) + 1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    # Only a cell starting with ' can need restoring; most files hold none, and skipping the
    # per-cell call saves a third of a million-row parse.
    restoring = "'" in text
    line = 1
    try:
        for cells in reader:
            if cells:
                yield CsvRow(
                    line,
                    [restore(cell) for cell in cells] if restoring else cells,
                    reader.line_num - line + 1,
                )
            line = reader.line_num + 1
    except csv.Error as error:
        raise _error(
            f"cannot parse CSV: {error}",
            source,
            line=line,
            hint="look for an unbalanced double quote on or after this line",
        ) from None


class Swallowed(NamedTuple):
    """Rows a quoted cell took in: the cell's index, the first such line, how many rows."""

    cell: int
    line: int
    rows: int


def swallowed_rows(
    record: CsvRow, *, delimiter: str, looks_like_row: Callable[[list[str]], bool]
) -> Swallowed | None:
    r"""The rows a quoted cell seems to have swallowed, or ``None``.

    A quote that is opened and never closed makes the CSV reader take the following lines into
    that cell, up to the next quote in the file: rows vanish into a title. Each later line of a
    multi-line cell is split at the delimiter and judged by ``looks_like_row``; an address or a
    note that breaks lines rarely passes for a row.

    Examples:
        >>> record = CsvRow(3, ["2", "1", 'VP, Product,Grace\n3,2,PM,Lin\n4,2,PM,Sam'], lines=4)
        >>> swallowed_rows(record, delimiter=",", looks_like_row=lambda cells: len(cells) == 4)
        Swallowed(cell=2, line=4, rows=2)
    """
    if record.lines < 2:
        return None
    line = record.line
    for index, cell in enumerate(record.cells):
        inner = cell.splitlines()
        rows = [
            n for n, text in enumerate(inner[1:], start=1) if looks_like_row(text.split(delimiter))
        ]
        if rows:
            return Swallowed(index, line + rows[0], len(rows))
        line += max(0, len(inner) - 1)
    return None
