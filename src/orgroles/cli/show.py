"""``orgroles show FILE``: the chart as an indented text tree."""

from __future__ import annotations

import argparse

from orgroles._render import to_text
from orgroles.cli._common import ORG_FILE_HELP, check_root, read_chart, write_text


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``show`` subcommand."""
    parser = commands.add_parser(
        "show",
        help="print the chart as an indented tree",
        description="Print the chart as a tree: id, title, role, holder or 'vacant'.",
    )
    parser.add_argument("file", metavar="FILE", help=ORG_FILE_HELP)
    parser.add_argument("--root", metavar="ID", help="show only this position and those below it")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the tree."""
    chart = read_chart(args.file)
    check_root(chart, args.root, args.file)
    write_text(to_text(chart, root=args.root))
    return 0
