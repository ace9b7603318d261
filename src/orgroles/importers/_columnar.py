"""A CSV body read a whole column at a time: by polars when the ``fast`` extra is installed.

This module owns reading the data rows of a plain CSV text (no quote character, every row as wide
as the header, no blank line) into one list of cells per column, and loading the optional
accelerator. It knows nothing of what the columns mean, and never reads a file the careful
parser (``_text.parse_csv``) could read differently: it declines (returns ``None``) instead.
"""

from __future__ import annotations

import csv
import operator
import os
import re
from collections.abc import Sequence
from itertools import compress, repeat
from types import ModuleType
from typing import Any

from orgroles.importers._text import FORMULA_START, CsvRow, restore

__all__ = ["PURE_PYTHON_VARIABLE", "Table", "accelerator", "read_table", "table_of_records"]

PURE_PYTHON_VARIABLE = "ORGROLES_PURE_PYTHON"
"""Set this environment variable to a non-empty value other than ``0`` to use no optional
accelerator even where one is installed: the default install's path, for tests and benchmarks."""


def accelerator() -> ModuleType | None:
    """The polars module, or ``None`` when it is not installed or hidden by the variable.

    Imported here, on the bulk path only, so that ``import orgroles`` never loads it.

    Examples:
        >>> import os
        >>> os.environ[PURE_PYTHON_VARIABLE] = "1"
        >>> accelerator() is None
        True
        >>> del os.environ[PURE_PYTHON_VARIABLE]
    """
    if os.environ.get(PURE_PYTHON_VARIABLE, "") not in ("", "0"):
        return None
    try:
        import polars  # noqa: PLC0415  # optional, and too heavy for import time
    except ImportError:
        return None
    # The calls made on this path are polars 2's: an older polars is left unused, as if absent.
    major = polars.__version__.split(".")[0]
    return polars if major.isdigit() and int(major) >= 2 else None


class Table:
    """The data rows of a CSV as columns of cells, as the file has them (the header excluded).

    Column ``n`` is the header's column ``n``. ``frame`` is the polars DataFrame the cells were
    read into, when polars read them, for checks done in bulk; its columns become Python lists
    only when :meth:`column` asks for them. ``None`` when the cells were read in Python.
    """

    def __init__(
        self, rows: int, columns: list[Sequence[str]] | None = None, frame: Any = None
    ) -> None:
        self.rows = rows
        self.frame = frame
        self.padded: bool | None = None
        """``False`` when no cell starts or ends with whitespace (``None``: not known)."""
        self.ascii: bool | None = None
        """``True`` when every cell is ASCII text (``None``: not known)."""
        self.separators: bool | None = None
        """``False`` when no cell holds a separator character, \\x1c-\\x1f (``None``: not known)."""
        self._columns: list[Sequence[str] | None] = (
            list(columns) if columns is not None else [None] * frame.width
        )

    @property
    def width(self) -> int:
        """The number of columns."""
        return len(self._columns)

    def column(self, index: int) -> Sequence[str]:
        """The cells of column ``index``, top to bottom."""
        cells = self._columns[index]
        if cells is None:
            cells = self._columns[index] = self.frame.to_series(index).to_list()
        return cells

    def replace(self, index: int, cells: Sequence[str]) -> None:
        """Put ``cells`` in place of column ``index`` (its cells as they are to be read)."""
        self._columns[index] = cells


def table_of_records(records: Sequence[CsvRow], width: int) -> Table | None:
    """The records the careful parser read, as columns; ``None`` unless all are ``width`` wide."""
    if any(len(record.cells) != width for record in records):
        return None
    columns: list[Sequence[str]] = (
        list(zip(*(record.cells for record in records), strict=True))
        if records
        else [() for _ in range(width)]
    )
    return Table(len(records), columns)


def read_table(text: str, *, delimiter: str, width: int, data: bytes | None = None) -> Table | None:
    r"""The rows after the header line of a plain CSV text as columns, or ``None``.

    Plain means: no NUL, every carriage return part of a CRLF line break, no blank line, every
    row exactly ``width`` cells wide (the header's width), and no ``"``; with polars, quoted
    cells too, when no cell spans lines and every line holding a quote reads as the csv module
    reads it (those lines are parsed again and compared). Anything else returns ``None``, and
    the caller reads the text with the careful parser. Cells that start with ``'`` are
    restored as the careful parser restores them. ``data``, when given, holds the bytes the
    text was decoded from, which must be its UTF-8 encoding (a UTF-8 byte-order mark allowed):
    polars then reads them as they are, without encoding the text again.

    Examples:
        >>> table = read_table("id,parentId\r\n1,\r\n2,1\r\n", delimiter=",", width=2)
        >>> table.rows, list(table.column(0)), list(table.column(1))
        (2, ['1', '2'], ['', '1'])
        >>> read_table('id,note\n1,"two\nlines"\n', delimiter=",", width=2) is None
        True
    """
    if "\x00" in text:
        return None
    start = text.find("\n") + 1
    if start == 0 or text[0] in "\r\n" or "\r" in text[: start - 2]:
        return None  # a header alone, blank lines before it, a CR in it: the careful parser
    carriage_returns = "\r" in text
    polars = accelerator()
    if '"' in text and (polars is None or '"' in text[:start]):
        return None  # quoted cells: only polars reads them (checked against the parser),
        # and only below a header line without quotes (a quoted header may span lines)
    table = (
        _polars_table(
            polars, text, start, delimiter, width, carriage_returns=carriage_returns, data=data
        )
        if polars is not None
        else None
    )
    if table is None:
        if '"' in text:
            return None  # polars declined quoted cells: only the parser reads them then
        table = _split_table(text, delimiter, width)
    if table is None:
        return None
    table.ascii = text.isascii()  # known to the str without a pass
    # Four searches at memchr speed: without these characters, polars' own whitespace is
    # exactly what str.strip() strips, and polars strips it twice as fast.
    table.separators = any(separator in text for separator in "\x1c\x1d\x1e\x1f")
    if "'" in text and table.frame is None:
        for index in range(table.width):
            column = table.column(index)
            if any(cell[:1] == "'" for cell in column):
                table.replace(index, [restore(cell) for cell in column])
                table.padded = None  # a restored cell may start with what the ' hid
    return table


def _same_as_parser(
    polars: ModuleType,
    frame: Any,
    body: str,
    delimiter: str,
    width: int,
    *,
    carriage_returns: bool,
) -> bool:
    """Whether polars read a body with quotes as the careful parser reads it, row for row.

    No cell may hold a line break (a record over several lines is the parser's job), so each
    record is one line. A line without a quote is read alike by both when it has exactly
    ``width - 1`` delimiters; the lines with a quote (usually few: a title holding the
    delimiter) are parsed by the csv module, as the careful parser does, and compared with
    polars' rows. Any difference leaves the file to the parser.
    """
    spanning = polars.any_horizontal(polars.all().str.contains("[\r\n]")).any()
    if frame.height and frame.select(spanning).item():
        return False
    lines = body.split("\r\n" if carriage_returns else "\n")
    lines.pop()  # after the last line break
    if len(lines) != frame.height:
        return False
    if carriage_returns and any("\n" in line or "\r" in line for line in lines):
        return False  # an LF among CRLFs, or a lone CR: rare, left to the parser
    has_quote = list(map(operator.contains, lines, repeat('"')))
    counts = map(str.count, lines, repeat(delimiter))
    if any(n != width - 1 and not q for n, q in zip(counts, has_quote, strict=True)):
        return False  # a row without quotes narrower or wider than the header
    at = list(compress(range(len(lines)), has_quote))
    parsed = csv.reader([lines[n] for n in at], delimiter=delimiter, strict=False)
    return bool([tuple(cells) for cells in parsed] == frame[at].rows())


def _split_table(text: str, delimiter: str, width: int) -> Table | None:
    """The rows after the header line split in C: lines, delimiters counted per line, cells.

    Each intermediate (lines, joined rows, cells) is let go as soon as the next is made: at a
    million rows each is hundreds of megabytes. A text with a CR is split at CRLFs: a CR or
    LF left in a row is a lone CR or an LF among CRLFs, which the careful parser reads.
    """
    crlf = "\r" in text
    lines = text.split("\r\n" if crlf else "\n")
    if crlf and "\n" in lines[0]:
        return None  # the header line ends with a lone LF
    del lines[0]  # the header line, read by the caller
    if lines and not lines[-1]:
        lines.pop()  # the last row's line break
    if "" in lines:
        return None  # a blank line: the careful parser skips it
    rows = len(lines)
    if not rows:
        return Table(0, [[] for _ in range(width)])
    if set(map(str.count, lines, repeat(delimiter))) != {width - 1}:
        return None
    joined = delimiter.join(lines)
    del lines
    if crlf and ("\r" in joined or "\n" in joined):
        return None
    padded = _padded(joined, delimiter)
    cells = joined.split(delimiter)
    del joined
    table = Table(rows, [cells[index::width] for index in range(width)])
    table.padded = padded
    return table


def _padded(joined: str, delimiter: str) -> bool:
    """Whether a cell of rows joined by the delimiter may start or end with whitespace.

    Every cell but the first starts after a delimiter, and every cell but the last ends before
    one: two searches for a delimiter followed by whitespace (one in the text reversed) answer
    for every column at once, where trimming would look at each column in turn. A
    whitespace delimiter (tab) may say yes wrongly; then each column is looked at.
    """
    if joined[:1].isspace() or joined[-1:].isspace():
        return True
    after = re.compile(re.escape(delimiter) + r"\s")
    return after.search(joined) is not None or after.search(joined[::-1]) is not None


_LONE_CR = re.compile(rb"\r(?!\n)")
"""A CR not followed by an LF: found at memchr speed (each CR is a literal to look for), three
times faster than counting CRs and CRLFs over a 69 MB export written with CRLF line breaks."""


def _polars_table(
    polars: ModuleType,
    text: str,
    start: int,
    delimiter: str,
    width: int,
    *,
    carriage_returns: bool,
    data: bytes | None = None,
) -> Table | None:
    """The body read by polars, every cell a string; ``None`` when it is not plain.

    polars reads the whole file's UTF-8 bytes and skips the header line (no copy of a large
    body). It ends a line at LF or CRLF, as the careful parser does; a CR not followed by an
    LF (a line break to the careful parser, not to polars) declines the body. A blank line
    (which the careful parser skips) is a row of empty cells to polars: with more than one
    column it has no delimiter, which the delimiter count below finds.
    """
    quoted = '"' in text
    raw = data if data is not None else text.encode("utf-8")
    if not raw.endswith(b"\n"):
        raw += b"\n"  # polars reads a last line without one leniently (extra empty cells)
    if width == 1 and (
        text.startswith(("\n", "\r\n"), start) or b"\n\n" in raw or b"\n\r\n" in raw
    ):
        return None  # a blank line: the careful parser skips it, polars would make a row
    if carriage_returns and _LONE_CR.search(raw):
        return None  # a lone CR ends a row for the parser; polars reads it unlike the parser
    try:
        frame = polars.read_csv(
            raw,
            has_header=False,
            skip_lines=1,
            separator=delimiter,
            quote_char='"' if quoted else None,
            schema={f"c{index}": polars.String for index in range(width)},
            empty_string_is_null=False,
            raise_if_empty=False,
            truncate_ragged_lines=False,
        )
    except Exception:  # a wider row, or a polars too old or new: read in Python
        return None
    rows = frame.height
    if quoted:
        body = text[start:]
        if body and not body.endswith("\n"):
            body += "\n"
        same = _same_as_parser(
            polars, frame, body, delimiter, width, carriage_returns=carriage_returns
        )
    else:
        # polars refuses a row wider than the header but pads a narrower one (a blank line
        # too); the delimiters counted in the whole file tell: with no row wider, the header
        # (no quote in it) and each row have exactly width - 1.
        same = raw.count(delimiter.encode("ascii")) == (rows + 1) * (width - 1)
    if not same:
        return None
    if b"'" in raw:
        # restore(): one leading ' dropped where 's are followed by a formula start.
        formula = "".join(sorted(FORMULA_START - {"-"})) + "-"  # "-" last: no range
        frame = frame.with_columns(polars.all().str.replace(f"^'('*[{formula}])", "${1}"))
    return Table(rows, frame=frame)
