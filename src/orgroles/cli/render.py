"""``orgroles render FILE -o OUT``: draw the chart; the output's suffix picks the format."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from orgroles.cli._common import count, read_chart
from orgroles.render import DEFAULT_TIMEOUT, FORMATS, render


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected seconds > 0, got {text}")
    return value


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``render`` subcommand."""
    parser = commands.add_parser(
        "render",
        help="draw the chart as SVG, PNG, PDF, DOT, Mermaid, text or HTML",
        description=(
            "Draw the chart. The format comes from the output's suffix: "
            + ", ".join(FORMATS)
            + ". Images are laid out by the Graphviz library bundled with pygraphviz; "
            "no system install is needed."
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
    parser.add_argument("--group-by", choices=("unit",), help="draw units as labelled boxes")
    parser.add_argument("--title", metavar="TEXT", help="a caption above the chart")
    parser.add_argument("--date", metavar="TEXT", help="a date shown under the title")
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="S",
        help=f"seconds the layout may take (default {DEFAULT_TIMEOUT:g})",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Draw the chart and name each file written on stderr."""
    chart = read_chart(args.file)
    try:
        written = render(
            chart,
            args.output,
            theme=args.theme,
            root=args.root,
            depth=args.depth,
            layout=args.layout,
            group_by=args.group_by,
            split_by=args.split_by,
            # The chart's own name is the natural caption; --title "" draws none.
            title=chart.name if args.title is None else args.title or None,
            date=args.date,
            timeout=args.timeout,
        )
    except ValueError as error:  # an unknown output suffix or option value: a usage error
        print(f"orgroles: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        target = error.filename or args.output
        print(f"orgroles: cannot write {str(target)!r}: {error.strerror or error}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path} ({path.stat().st_size:,} bytes)", file=sys.stderr)
        size = image_size(path)
        if size is not None and (size[0] > 4 * size[1] or size[0] > 8000):
            # A drawing this wide is a poster, not a slide: say how to get a readable one.
            print(
                f"note: {path} is {size[0]:,} x {size[1]:,} px; for a slide-sized chart draw "
                "fewer levels (--depth 3), one part (--root ID) or one file per unit "
                "(--split-by unit)",
                file=sys.stderr,
            )
    return 0


def image_size(path: Path) -> tuple[int, int] | None:
    """Width and height of a PNG or SVG we wrote (SVG points count as pixels), else ``None``."""
    if path.suffix == ".png":
        with path.open("rb") as file:
            header = file.read(24)
        if header[:8] == b"\x89PNG\r\n\x1a\n":
            return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
        return None
    if path.suffix == ".svg":
        with path.open(encoding="utf-8") as file:
            head = file.read(4096)
        match = re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', head)
        if match:
            return round(float(match.group(1))), round(float(match.group(2)))
    return None
