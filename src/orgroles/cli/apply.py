"""``orgroles apply OLD CHANGES.json -o NEW.yaml``: replay a change set of ``orgroles diff``."""

from __future__ import annotations

import argparse
from pathlib import Path

from orgroles._apply import apply
from orgroles._documents import DOCUMENT_SUFFIXES
from orgroles.cli._common import ORG_FILE_HELP, check_output, read_chart, write_text, wrote
from orgroles.errors import OrgDataError, Place, Problem
from orgroles.orgfile import dump, dumps


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``apply`` subcommand."""
    parser = commands.add_parser(
        "apply",
        help="replay a change set (orgroles diff --format json) on an org",
        description=(
            "Apply the changes `orgroles diff OLD NEW --format json` wrote to OLD (or to an org "
            "equal to it where the changes touch it). Every change is checked against the org "
            "first; a change set that does not fit is refused whole, naming each change."
        ),
    )
    parser.add_argument("file", metavar="OLD", help=ORG_FILE_HELP)
    parser.add_argument("changes", metavar="CHANGES", help="the change set (.json)")
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write the new org file here (.yaml .yml .json)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Apply the change set and write the new org."""
    check_output(args.output, DOCUMENT_SUFFIXES)
    chart = read_chart(args.file)
    raw = Path(args.changes).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise OrgDataError(
            [
                Problem(
                    f"not UTF-8 text (byte 0x{raw[error.start]:02x})",
                    place=Place(source=args.changes),
                )
            ],
            summary=f"cannot read {args.changes}",
        ) from None
    new = apply(chart, text)
    if args.output is None:
        write_text(dumps(new))
        return 0
    dump(new, args.output)
    wrote(args.output, f"{len(new)} positions")
    return 0
