"""``orgroles render FILE -o OUT``: draw the chart; the output's suffix picks the format."""

from __future__ import annotations

import argparse
import math
import sys
import warnings
from collections.abc import Callable

from orgroles._render import (
    DEFAULT_DPI,
    DEFAULT_TIMEOUT,
    FORMATS,
    ImageSizeWarning,
    render_files,
)
from orgroles.cli._common import WholeNumber, count, read_chart


def _positive(what: str) -> Callable[[str], float]:
    """An argparse type: a finite number > 0, the error naming ``what`` it counts."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}") from None
        if not 0 < value < math.inf:
            raise argparse.ArgumentTypeError(f"expected {what} > 0, got {text}")
        return value

    return parse


_seconds = _positive("seconds")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``render`` subcommand."""
    parser = commands.add_parser(
        "render",
        help="draw the chart as SVG, PNG, PDF, DOT, Mermaid, text or HTML",
        description=(
            "Draw the chart. The format comes from the output's suffix: "
            + ", ".join(FORMATS)
            + ". Images are laid out by the Graphviz library bundled with pygraphviz; "
            "no system install is needed. An image too big to read on a slide gets a note "
            "naming options that would draw it smaller."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="org file (.yaml, .yml, .json; - for stdin)")
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="the file to write")
    parser.add_argument("--theme", choices=("light", "dark", "print"), default="light")
    parser.add_argument("--root", metavar="ID", help="draw only this position and those below it")
    parser.add_argument(
        "--depth",
        type=count,
        metavar="N",
        help="draw N levels below the top; the rest as '+N more'",
    )
    parser.add_argument(
        "--split-by",
        choices=("unit",),
        help="write one file per unit plus an overview at OUT that names them",
    )
    parser.add_argument(
        "--layout",
        choices=("stacked", "wide"),
        default="stacked",
        help="stacked (default): wide spans in columns; wide: one flat row",
    )
    parser.add_argument(
        "--stack-threshold",
        type=WholeNumber(1),
        default=6,
        metavar="N",
        help="the most reports who manage nobody drawn in one row before they stack "
        "(default 6; --layout stacked)",
    )
    parser.add_argument(
        "--align",
        choices=("level", "tree"),
        default="level",
        help="level (default): one row per level across the chart; tree: each report one "
        "row below its manager",
    )
    parser.add_argument("--group-by", choices=("unit",), help="draw units as labelled boxes")
    parser.add_argument("--title", metavar="TEXT", help="a caption above the chart")
    parser.add_argument("--date", metavar="TEXT", help="a date shown under the title")
    parser.add_argument(
        "--no-legend", dest="legend", action="store_false", help="leave out the legend"
    )
    parser.add_argument(
        "--dpi",
        type=_positive("pixels per inch"),
        default=DEFAULT_DPI,
        metavar="DPI",  # not N: that metavar is kept for whole numbers
        help=f"pixels per inch of a PNG (default {DEFAULT_DPI:g}: sharp on a full-HD slide); "
        "SVG and PDF are vector and ignore it",
    )
    parser.add_argument(
        "--engine",
        choices=("bundled", "system"),
        default="bundled",
        help="bundled (default): the Graphviz library inside pygraphviz; system: the 'dot' "
        "program on PATH",
    )
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="S",
        help=f"seconds the layout may take (default {DEFAULT_TIMEOUT:g})",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Draw the chart; name each file written on stderr, with a note when it is poster-sized."""
    chart = read_chart(args.file)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ImageSizeWarning)
            written = render_files(
                chart,
                args.output,
                theme=args.theme,
                root=args.root,
                depth=args.depth,
                layout=args.layout,
                stack_threshold=args.stack_threshold,
                group_by=args.group_by,
                align=args.align,
                split_by=args.split_by,
                # The chart's own name is the natural caption; --title "" draws none.
                title=chart.name if args.title is None else args.title or None,
                date=args.date,
                legend=args.legend,
                dpi=args.dpi,
                timeout=args.timeout,
                engine=args.engine,
            )
    except ValueError as error:  # an unknown output suffix or option value: a usage error
        print(f"orgroles: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        target = error.filename or args.output
        print(f"orgroles: cannot write {str(target)!r}: {error.strerror or error}", file=sys.stderr)
        return 2
    oversized = {}
    for warning in caught:
        if isinstance(warning.message, ImageSizeWarning):
            oversized[warning.message.path] = warning.message.describe(flags=True)
        else:  # not ours: shown as Python would have shown it
            warnings.showwarning(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    for file in written:
        print(f"wrote {file.path} ({file.path.stat().st_size:,} bytes)", file=sys.stderr)
        # An image its format could not hold gets a warning; one merely too big for a slide,
        # a note. Both name the options that would draw it smaller.
        if str(file.path) in oversized:
            print(f"warning: {oversized[str(file.path)]}", file=sys.stderr)
        elif (note := file.note(flags=True)) is not None:
            print(f"note: {note}", file=sys.stderr)
    return 0
