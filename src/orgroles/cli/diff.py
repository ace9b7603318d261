"""``orgroles diff OLD NEW``: what a reorg changes, and a gate for CI (``--fail-on``).

Either side may be a git revision and path (``main:org.yaml``). Exit codes: 0 fine, 1 a
``--fail-on`` gate tripped, 2 bad usage or an unreadable side.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from orgroles._diff import Match, OrgDiff, diff
from orgroles._diff_chart import diff_chart
from orgroles._diff_text import to_markdown, to_text
from orgroles._documents import Format, format_of
from orgroles._git import show
from orgroles._render import FORMATS
from orgroles._variants import BUILTIN_VARIANTS
from orgroles.chart import OrgChart
from orgroles.cli._common import check_output, read_chart, variant_argument, write_text, wrote
from orgroles.orgfile import load_with_lines

_GATES = ("new-errors", "new-warnings", "any-change")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``diff`` subcommand."""
    parser = commands.add_parser(
        "diff",
        help="what changes from one org to another: moves, seats, titles, findings",
        description=(
            "Compare two org files: every position added, removed, moved (a manager moving "
            "with its team is one change), retitled, promoted, filled, vacated, and the "
            "impact: head count by unit, layers, spans, one-over-ones, and the validation "
            "findings the change introduces and resolves. Either side may be REV:path, read "
            "with git show (main:org.yaml)."
        ),
        epilog="Exit codes: 0 fine, 1 a --fail-on gate tripped, 2 bad usage or unreadable input.",
    )
    parser.add_argument("old", metavar="OLD", help="the org before: a file, - or REV:path")
    parser.add_argument("new", metavar="NEW", help="the org after: a file, - or REV:path")
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    parser.add_argument(
        "--match",
        choices=("id", "name", "email"),
        default="id",
        help="pair positions by id (default), or by holder name or email attribute first when "
        "ids were regenerated between the two",
    )
    parser.add_argument(
        "--variant",
        metavar="V",
        default="auto",
        help=f"the variant both sides are validated against: auto (the new org's own, else its "
        f"best fit), a built-in ({', '.join(BUILTIN_VARIANTS)}), a variant file, or none",
    )
    parser.add_argument(
        "--fail-on",
        choices=_GATES,
        metavar="GATE",
        help="exit 1 when the new org has findings the old one did not: new-errors, "
        "new-warnings (errors or warnings), or on any-change at all",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="also draw the new org with the changes marked (removed positions as ghost "
        "boxes, a legend): .svg .png .pdf .html (.dot .mmd as source)",
    )
    parser.add_argument(
        "--changes-only",
        action="store_true",
        help="with -o: draw only the changed positions and the chain of managers above them",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Compare the two sides and print the diff (draw it with ``-o``); apply the gate."""
    drawn = [suffix for suffix in FORMATS if suffix != ".txt"]
    check_output(args.output, drawn)
    if args.changes_only and args.output is None:
        raise _usage("--changes-only draws: give the picture to write with -o FILE")
    old = read_side(args.old)
    new = read_side(args.new)
    match: Match = args.match
    variant = None if args.variant == "none" else variant_argument(args.variant)
    if variant is None and args.fail_on in ("new-errors", "new-warnings"):
        raise _usage(f"--fail-on {args.fail_on} needs validation; leave out --variant none")
    result = diff(old, new, match=match, variant=variant)
    if args.format == "json":
        write_text(result.to_json())
    elif args.format == "markdown":
        write_text(to_markdown(result))
    else:
        write_text(to_text(result))
    if args.output is not None:
        written = diff_chart(old, new, args.output, changes_only=args.changes_only, result=result)
        for path in written:
            wrote(path)
    return _gate(result, args.fail_on)


def _usage(message: str) -> Exception:
    from orgroles.cli._common import UsageError  # noqa: PLC0415  # the one error class here

    return UsageError(message)


def read_side(text: str) -> OrgChart:
    """An org file, ``-`` (standard input) or ``REV:path`` (read with ``git show``)."""
    if text == "-" or ":" not in text or Path(text).exists():
        return read_chart(text)
    data = show(text)
    path = text.split(":", 1)[1]
    written: Format = "json" if format_of(path) == "json" else "yaml"
    return load_with_lines(io.BytesIO(data), source=text, format=written).chart


def _gate(result: OrgDiff, gate: str | None) -> int:
    if gate is None:
        return 0
    summary = result.summary
    if gate == "any-change":
        tripped = bool(result)
        why = "the orgs differ"
    else:
        severities = ("error",) if gate == "new-errors" else ("error", "warning")
        new = [f for f in (summary.introduced if summary else ()) if f.severity in severities]
        tripped = bool(new)
        why = f"{len(new)} new finding{'s' if len(new) != 1 else ''} ({', '.join(severities)})"
    if tripped:
        print(f"orgroles: --fail-on {gate}: {why}", file=sys.stderr)
        return 1
    return 0
