"""``orgroles export FILE --to FORMAT``: an org file in another tool's format.

Exit codes: 0 written (what the format cannot hold is listed on stderr, one note a line); 2 an
unreadable org file or a bad option.
"""

from __future__ import annotations

import argparse
import sys

from orgroles.cli._common import ORG_FILE_HELP, distinct_outputs, read_chart, write_text
from orgroles.interop import FORMATS, export_chart


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``export`` subcommand."""
    parser = commands.add_parser(
        "export",
        help="write an org file in another tool's format (d3, BALKAN, dabeng...)",
        description=(
            "Write the chart in the format of another org-chart tool. Whatever the format "
            "cannot hold (a chart name, dotted lines...) is named on stderr, one note a line."
        ),
        epilog="Formats: "
        + "; ".join(f"{f.name} ({f.title})" for f in FORMATS.values())
        + ". Exit codes: 0 written, 2 unreadable input or bad usage.",
    )
    parser.add_argument("file", metavar="FILE", help=ORG_FILE_HELP)
    parser.add_argument(
        "--to", required=True, choices=list(FORMATS), metavar="FORMAT", help="the format to write"
    )
    parser.add_argument("-o", "--output", metavar="OUT", help="write here (default: stdout)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Export the chart and list the notes on stderr."""
    distinct_outputs(("-o", args.output), inputs=[args.file])
    exported = export_chart(read_chart(args.file), args.to)
    if args.output is None:
        write_text(exported.text)
    else:
        exported.write(args.output)
    for note in exported.notes:
        print(f"note: {note}", file=sys.stderr)
    return 0
