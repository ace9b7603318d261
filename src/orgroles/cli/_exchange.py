"""``orgroles import`` for other tools' exchange formats (``--from FORMAT``, or sniffed).

This module owns which documents ``import`` hands to :func:`~orgroles.import_chart` rather than
to the HR readers: the format named by ``--from``, else a document whose content has the shape
of a format the HR readers cannot read as it means (BALKAN tags, d3 connections, draw.io
headers, W3C ORG, SCIM, Microsoft Graph). Flat CSV and JSON lists stay with the HR readers.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from orgroles._documents import read_bytes
from orgroles.errors import OrgImportError, Place, Problem, printable
from orgroles.importers import ImportResult
from orgroles.interop import FORMATS, import_chart
from orgroles.interop._d3 import header_names
from orgroles.interop._registry import sniff

__all__ = ["add_from_option", "exchange_format", "read_exchange"]

# What the HR readers would misread; d3's object form carries `connections` they cannot see.
_SNIFFED = frozenset({"balkan", "drawio", "w3c-org", "scim", "msgraph"})
_HR_ONLY = (
    "id",
    "manager",
    "title",
    "name",
    "unit",
    "role",
    "delimiter",
    "trim",
    "format",
    "sheet",
)
_WORKBOOKS = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")


def add_from_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--from FORMAT`` to the ``import`` parser."""
    parser.add_argument(
        "--from",
        dest="from_format",
        choices=list(FORMATS),
        metavar="FORMAT",
        help="read another tool's exchange format: "
        + ", ".join(FORMATS)
        + " (default: detected from the content)",
    )


def exchange_format(file: bytes | str, args: argparse.Namespace) -> str | None:
    """The exchange format to read ``file`` as, or ``None`` for the HR readers."""
    given: str | None = getattr(args, "from_format", None)
    if given is not None or args.format is not None:
        return given
    if isinstance(file, str) and (
        Path(file).suffix.lower() in _WORKBOOKS or not Path(file).is_file()
    ):
        return None  # a workbook, or no file to sniff (a device, a FIFO): the HR readers say
    # Whole: a JSON document is recognised by its parsed shape (the reader reads it all anyway).
    # Bounded, and devices refused, as every input is read (/dev/zero would never end).
    data = read_bytes(file)[0] if isinstance(file, str) else file
    text = data.decode("utf-8", errors="replace")
    found = sniff(text)
    if found in _SNIFFED or (found == "d3" and text.lstrip("\ufeff \t\r\n").startswith("{")):
        return found
    if found == "d3-csv" and "connections" in header_names(text):
        return found  # its dotted lines, as d3 `connections`, are JSON the HR readers keep as text
    return None


def read_exchange(
    file: bytes | str, format: str, source: str, args: argparse.Namespace
) -> ImportResult:
    """Import ``file`` as ``format``; options only the HR readers have are refused."""
    for option in (*_HR_ONLY, "product_only"):
        if getattr(args, option, None) not in (None, False):
            flag = "--" + option.replace("_", "-")
            raise OrgImportError(
                [
                    Problem(
                        f"{flag} applies to HR exports, not to {FORMATS[format].title}",
                        hint=f"leave {flag} out",
                    )
                ],
                summary=f"cannot import {source}",
            )
    try:
        result = import_chart(
            file,
            format,
            source=source,
            role_map=args.role_map,
            encoding=args.encoding,
            strict=args.strict,
        )
    except OrgImportError as error:
        if error.report is not None:
            raise  # read as that format, and refused for its problems (--strict)
        shape = _other_shape(file, format, source)
        if shape is None:
            raise
        raise OrgImportError([shape, *error.problems], summary=error.summary) from None
    # Read leniently as the wrong format, a document is often one record holding the rest
    # (only then is the content looked at again: a large file is not parsed twice).
    if len(result.chart) <= 1 and (shape := _other_shape(file, format, source)) is not None:
        print(f"note: {printable(shape.spelled())}", file=sys.stderr)
    return result


def _other_shape(file: bytes | str, format: str, source: str) -> Problem | None:
    """A problem saying the content has another format's shape than ``format``, or ``None``.

    dabeng's shape is any JSON object (it is sniffed last), so it is no evidence of a mistake.
    """
    try:
        data = read_bytes(file)[0] if isinstance(file, str) else file
    except OSError:
        return None
    found = sniff(data.decode("utf-8", errors="replace"))
    if found is None or found in (format, "dabeng"):
        return None
    return Problem(
        f"the content has the shape of {FORMATS[found].title} ({found}), "
        f"not of {FORMATS[format].title}",
        hint=f"pass --from {found}, or leave --from out to have it detected",
        place=Place(source=source),
    )
