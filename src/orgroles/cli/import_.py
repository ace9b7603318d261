"""``orgroles import FILE``: an HR export (CSV, workbook, JSON) to an org file; report on stderr.

Exit codes: 0 when the data was imported (lenient mode repairs and reports problems, and still
exits 0); 2 when it cannot be read, or ``--strict`` refuses it (every problem listed), as for
any other unreadable input.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Callable
from typing import Any

from orgroles._documents import DOCUMENT_SUFFIXES, format_of, read_bytes
from orgroles._write import write_atomically
from orgroles.cli._common import check_output, distinct_outputs, write_text, wrote
from orgroles.cli._exchange import add_from_option, exchange_format, read_exchange
from orgroles.errors import OrgImportError, Problem, printable
from orgroles.importers import ImportResult, read_csv, read_excel, read_json, write_csv
from orgroles.importers._aliases import check_aliases
from orgroles.importers._excel import sheet_names
from orgroles.importers._text import is_workbook
from orgroles.orgfile import dump, dumps


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``import`` subcommand."""
    parser = commands.add_parser(
        "import",
        help="import an HR export (CSV, Excel/OpenDocument workbook or JSON) into an org file",
        description=(
            "Read a CSV, workbook (.xlsx, .xlsm, .xlsb, .xls, .ods) or JSON export from an HR "
            "system, a spreadsheet or an org-chart tool and "
            "write an org file. Columns are detected unless named; job titles become roles. "
            "The import report (columns used, unresolved titles, every problem and what was "
            "done about it) goes to stderr."
        ),
        epilog=(
            "Exit codes: 0 imported (problems repaired and reported), 2 unreadable input or "
            "--strict found problems."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="CSV, workbook or JSON export (- for stdin)")
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write here: .yaml/.yml/.json org file, or .csv (d3-org-chart shape); "
        "default: YAML on stdout",
    )
    columns = parser.add_argument_group("columns (detected when not given)")
    columns.add_argument("--id", metavar="COL", help="the position id column")
    columns.add_argument("--manager", metavar="COL", help="the manager's id column")
    columns.add_argument("--title", metavar="COL", help="the job title column")
    columns.add_argument(
        "--name",
        metavar="COL",
        action="append",
        help="the holder's name column; repeat to join several (first, last)",
    )
    columns.add_argument("--unit", metavar="COL", help="the department / unit column")
    columns.add_argument("--role", metavar="COL", help="a column of role keys (pm, director...)")
    columns.add_argument(
        "--alias",
        metavar="FIELD=COLUMN",
        action="append",
        help="a header name of your own for a field (id, manager, manager_email, manager_name, "
        "email, name, title, unit, location, status, assistant, dotted_to); repeatable",
    )
    parser.add_argument(
        "--manager-by",
        choices=("auto", "id", "email", "name"),
        default="auto",
        help="read the manager column as ids, emails or names (default: auto: ids, unless "
        "they fit none; the report says what was read)",
    )
    parser.add_argument(
        "--no-placeholders",
        dest="placeholders",
        action="store_false",
        help="keep a manager named but not in the export as written, instead of a vacant "
        "placeholder position",
    )
    parser.add_argument(
        "--where",
        metavar="COLUMN=VALUE",
        action="append",
        help="keep only rows whose COLUMN is VALUE (COLUMN!=VALUE: is not); repeatable: "
        "several values of one column are alternatives, columns must all match",
    )
    parser.add_argument(
        "--role-map", metavar="FILE", help="job title -> role key, a CSV or YAML file"
    )
    parser.add_argument(
        "--product-only",
        action="store_true",
        help="keep only product positions and their chains of command",
    )
    parser.add_argument(
        "--strict", action="store_true", help="fail (exit 2) on any problem instead of repairing"
    )
    parser.add_argument(
        "--format",
        choices=("csv", "excel", "json"),
        help="the input format (default: from the suffix, else sniffed)",
    )
    parser.add_argument(
        "--sheet",
        help="the workbook sheet to read: its name, or its position from 1 (default: the "
        "first whose header has id and manager columns)",
    )
    parser.add_argument("--encoding", help="the input's text encoding (default: detected)")
    parser.add_argument("--delimiter", help="the CSV delimiter: , ; | or tab (default: detected)")
    whitespace = parser.add_mutually_exclusive_group()
    whitespace.add_argument(
        "--trim",
        dest="trim",
        action="store_const",
        const=True,
        help="always trim spaces around titles, names and units (default: trim, except in "
        "files written by write_csv / import -o .csv, which are read as written)",
    )
    whitespace.add_argument(
        "--keep-whitespace",
        dest="trim",
        action="store_const",
        const=False,
        help="never trim spaces around titles, names and units",
    )
    parser.add_argument("--report", metavar="FILE", help="also write the full report as JSON")
    add_from_option(parser)
    parser.set_defaults(handler=run, trim=None)


def _input_format(data: bytes, given: str | None, path: str | None) -> str:
    """The format ``--format`` names, else the path's suffix, else sniffed from the bytes."""
    if given is not None:
        return given
    if path is not None:
        found = format_of(path)
        if found in ("json", "csv", "excel"):
            return found
    if is_workbook(data):
        return "excel"
    start = data[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return "json" if start in (b"[", b"{") else "csv"


def read(args: argparse.Namespace) -> ImportResult:
    """Import the file named on the command line (``-``: standard input)."""
    source = "<stdin>" if args.file == "-" else args.file
    # Read once, through the bounded reader: a device or an endless file is refused here,
    # before any format sniffing reads it.
    file = read_bytes(sys.stdin.buffer if args.file == "-" else args.file, name=source)[0]
    exchange = exchange_format(file, args)
    if exchange is not None:
        return read_exchange(file, exchange, source, args)
    reader: Callable[..., ImportResult]
    kind = _input_format(file, args.format, None if args.file == "-" else args.file)
    if kind != "excel" and args.sheet is not None:
        raise OrgImportError(
            [Problem("--sheet applies to workbooks only", hint="leave it out for CSV or JSON")],
            summary=f"cannot import {source}",
        )
    if kind == "json":
        for flag, given in (("--delimiter", args.delimiter), ("--trim", args.trim)):
            if given is not None:
                raise OrgImportError(
                    [Problem(f"{flag} applies to CSV input only", hint="leave it out for JSON")],
                    summary=f"cannot import {source}",
                )
        reader = read_json
    elif kind == "excel":
        for flag, given in (("--delimiter", args.delimiter), ("--encoding", args.encoding)):
            if given is not None:
                raise OrgImportError(
                    [
                        Problem(
                            f"{flag} applies to CSV input only",
                            hint="leave it out for a workbook",
                        )
                    ],
                    summary=f"cannot import {source}",
                )
        reader = functools.partial(_read_workbook, sheet=_sheet(args.sheet, file), trim=args.trim)
    else:
        reader = functools.partial(read_csv, delimiter=args.delimiter, trim=args.trim)
    return reader(
        file,
        source=source,
        id=args.id,
        manager=args.manager,
        title=args.title,
        name=args.name,
        unit=args.unit,
        role=args.role,
        role_map=args.role_map,
        encoding=args.encoding,
        strict=args.strict,
        product_only=args.product_only,
        manager_by=args.manager_by,
        placeholders=args.placeholders,
        where=args.where,
        aliases=_aliases(args.alias, source),
    )


def _aliases(given: list[str] | None, source: str) -> dict[str, list[str]] | None:
    """``--alias FIELD=COLUMN``, repeated, as ``aliases=``."""
    if not given:
        return None
    aliases: dict[str, list[str]] = {}
    for text in given:
        field, sign, column = text.partition("=")
        if not sign or not field.strip() or not column.strip():
            raise OrgImportError(
                [Problem(f"--alias {text!r} is not FIELD=COLUMN", hint="e.g. --alias 'id=Nr'")],
                summary=f"cannot import {source}",
            )
        aliases.setdefault(field.strip(), []).append(column.strip())
    try:
        check_aliases(aliases)
    except ValueError as error:
        raise OrgImportError(
            [Problem(f"--alias: {error}")], summary=f"cannot import {source}"
        ) from None
    return aliases


def _sheet(text: str | None, file: bytes | str) -> str | int | None:
    """``--sheet``: a sheet's name, else a number counts sheets from 1, as spreadsheets do."""
    if text is None or not text.strip().isdigit():
        return text
    names = sheet_names(file)
    if text in names:
        return text
    return int(text) - 1 if 0 < int(text) <= len(names) else text


def _read_workbook(file: bytes | str, *, encoding: str | None, **options: Any) -> ImportResult:
    del encoding  # refused above when given: a workbook says its own
    return read_excel(file, **options)


def run(args: argparse.Namespace) -> int:
    """Import, write the org file, print the report on stderr."""
    check_output(args.output, (*DOCUMENT_SUFFIXES, ".csv"))
    distinct_outputs(
        ("-o", args.output), ("--report", args.report), inputs=(args.file, args.role_map)
    )
    chart, report = read(args)
    if args.report:
        text = json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
        write_atomically(args.report, text.encode("utf-8"))
    output = args.output
    if output is None:
        write_text(dumps(chart))
    elif format_of(output) == "csv":
        write_csv(chart, output)
    else:
        dump(chart, output)
    # Column names and cells are data: no escape sequence of theirs reaches the terminal.
    summary = report.summary(flags=True).split("\n")
    print("\n".join(map(printable, summary)), file=sys.stderr)
    # Last, where the eye lands: what was written, as every other command says it.
    if output is not None:
        wrote(output, f"{len(chart):,} position{'s' if len(chart) != 1 else ''}")
    if args.report:
        wrote(args.report, "the import report as JSON")
    return 0
