"""``orgroles render FILE -o OUT``: draw the chart; the output's suffix picks the format."""

from __future__ import annotations

import argparse
import dataclasses
import math
import sys
import types
import typing
import warnings
from collections.abc import Callable
from typing import Any

from orgroles._render import (
    DEFAULT_DPI,
    DEFAULT_TIMEOUT,
    FORMATS,
    ImageSizeWarning,
    Style,
    render_files,
)
from orgroles.cli._common import (
    ORG_FILE_HELP,
    WholeNumber,
    cannot_write,
    check_output,
    check_root,
    read_chart,
    wrote,
)


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


# Each Style field's flag: its metavar (None for a choice or a switch) and help. The flag's
# name, type, choices, default and checks come from Style itself (see _add_style_flags), so a
# new field needs only a line here, and a test checks that every field has one.
_STYLE_FLAGS: dict[str, tuple[str | None, str]] = {
    "theme": (None, "light (default), dark or print (greyscale)"),
    "root": ("ID", "draw only this position and those below it"),
    "depth": ("N", "draw N levels below the top; the rest as '+N more'"),
    "layout": (None, "stacked (default): wide spans in columns; wide: one flat row"),
    "stack_threshold": (
        "N",
        "the most reports who manage nobody drawn in one row before they stack "
        "(default 6; --layout stacked)",
    ),
    "group_by": (None, "draw units as labelled boxes"),
    "align": (
        None,
        "level (default): one row per level across the chart; tree: each report one row "
        "below its manager",
    ),
    "title": ("TEXT", "a caption above the chart (default: the org file's name; '' for none)"),
    "date": ("TEXT", "a date shown under the title"),
    "legend": (None, "leave out the legend"),
    # Not N: that metavar is kept for whole numbers.
    "dpi": (
        "DPI",
        f"pixels per inch of a PNG (default {DEFAULT_DPI:g}: sharp on a full-HD slide); "
        "SVG and PDF are vector and ignore it",
    ),
    "page": (
        None,
        "slide (default, 16:9), a4 or a3: arrange a wide chart to fit that page (grids of "
        "reports, wrapped rows); natural: draw the tree as it grows",
    ),
}


def style_flag(name: str) -> str:
    """The command-line flag of a :class:`~orgroles.Style` field.

    Examples:
        >>> style_flag("stack_threshold"), style_flag("legend")
        ('--stack-threshold', '--no-legend')
    """
    default = _FIELDS[name].default
    flag = name.replace("_", "-")
    return f"--no-{flag}" if default is True else f"--{flag}"


_FIELDS = {field.name: field for field in dataclasses.fields(Style)}


def _add_style_flags(parser: argparse.ArgumentParser) -> None:
    """One flag per Style field, typed, checked and defaulted as the field is."""
    hints = typing.get_type_hints(Style)
    for name, field in _FIELDS.items():
        metavar, text = _STYLE_FLAGS[name]
        hint = hints[name]
        options: dict[str, Any] = {"dest": name, "help": text, "default": field.default}
        if hint is bool:
            options["action"] = "store_false" if field.default is True else "store_true"
        elif choices := _choices(hint):
            options["choices"] = choices
        else:
            options["metavar"] = metavar
            # A count parses with the one count type, its bound read from the field.
            minimum = field.metadata.get("minimum")
            count = WholeNumber(minimum) if minimum is not None else None
            options["type"] = count or _checked_by_style(name, hint)
        parser.add_argument(style_flag(name), **options)


def _choices(hint: object) -> tuple[str, ...]:
    """The values of a ``Literal[...]`` hint (``Literal[...] | None`` too), else ``()``."""
    if typing.get_origin(hint) is typing.Literal:
        return tuple(typing.get_args(hint))
    if typing.get_origin(hint) in (types.UnionType, typing.Union):
        return tuple(c for arg in typing.get_args(hint) for c in _choices(arg))
    return ()


def _checked_by_style(name: str, hint: object) -> Callable[[str], object]:
    """An argparse type: the text (a number for a float field), refused with Style's reason."""
    numeric = float in (typing.get_args(hint) or (hint,))

    def parse(text: str) -> object:
        value: object = text
        if numeric:
            try:
                value = float(text)
            except ValueError:
                raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
        change: dict[str, Any] = {name: value}
        try:
            Style(**change)
        except (TypeError, ValueError) as error:
            # "depth must be a whole number >= 0, got -1" -> "expected a whole number ..."
            reason = str(error).removeprefix(f"{name} must be ")
            raise argparse.ArgumentTypeError(f"expected {reason}") from None
        return value

    parse.__name__ = name  # argparse names a type by __name__ in its messages
    return parse


def _style(args: argparse.Namespace, name: str | None) -> Style:
    """The Style the flags ask for; the org's own name is the default caption."""
    values: dict[str, Any] = {field: getattr(args, field) for field in _FIELDS}
    # --title "" draws no caption at all.
    values["title"] = name if args.title is None else args.title or None
    return Style(**values)


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
    parser.add_argument("file", metavar="FILE", help=ORG_FILE_HELP)
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="the file to write")
    parser.add_argument(
        "--split-by",
        choices=("unit",),
        help="write one file per unit plus an overview at OUT that names them",
    )
    _add_style_flags(parser)
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
    parser.add_argument(
        "--force",
        action="store_true",
        help="with --split-by: overwrite files already at the unit files' names",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Draw the chart; name each file written on stderr, with a note when it is poster-sized."""
    check_output(args.output, FORMATS)
    chart = read_chart(args.file)
    check_root(chart, args.root, args.file)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ImageSizeWarning)
            written = render_files(
                chart,
                args.output,
                _style(args, chart.name),
                split_by=args.split_by,
                timeout=args.timeout,
                engine=args.engine,
                force=args.force,
            )
    except ValueError as error:  # an unknown output suffix or option value: a usage error
        print(f"orgroles: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        # The library names its keyword; here it is the command's flag.
        message = cannot_write(error.filename or args.output, error)
        print(f"orgroles: {message.replace('force=True', '--force')}", file=sys.stderr)
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
        wrote(f"{file.path} ({file.path.stat().st_size:,} bytes)")
        # An image its format could not hold gets a warning; one merely too big for a slide,
        # a note. Both name the options that would draw it smaller.
        if str(file.path) in oversized:
            print(f"warning: {oversized[str(file.path)]}", file=sys.stderr)
        elif (note := file.note(flags=True)) is not None:
            print(f"note: {note}", file=sys.stderr)
    return 0
