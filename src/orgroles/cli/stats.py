"""``orgroles stats FILE``: spans, layers and head counts of an org, as a table or data."""

from __future__ import annotations

import argparse

from orgroles._stats import OrgStats, span_bands, stats, to_csv, to_markdown, to_text
from orgroles._variants import BUILTIN_VARIANTS
from orgroles.cli._common import (
    ORG_FILE_HELP,
    UsageError,
    check_output,
    read_org,
    unknown_variant_key,
    variant_argument,
    write_text,
    wrote,
)


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``stats`` subcommand."""
    parser = commands.add_parser(
        "stats",
        help="spans of control, layers and head counts of an org",
        description=(
            "Spans of control (the share of managers per span band), layers (the top is layer "
            "1), vacancies, manager to IC ratio, one-over-ones, counts by role and unit, and "
            "each manager's span against the variant's band (narrow, ok, wide). Assistants and "
            "dotted lines are counted apart, never in a span."
        ),
    )
    parser.add_argument("file", metavar="FILE", help=ORG_FILE_HELP)
    parser.add_argument(
        "--by",
        choices=("unit", "role", "layer"),
        help="a table per unit, role or layer (default: layers, with managers per span band); "
        "with --format csv, its rows instead of one row per manager",
    )
    parser.add_argument("--format", choices=("text", "json", "csv", "markdown"), default="text")
    parser.add_argument(
        "--variant",
        metavar="V",
        default="auto",
        help=f"whose span bands judge each manager: auto (default), a built-in "
        f"({', '.join(BUILTIN_VARIANTS)}), a variant file, or none",
    )
    parser.add_argument(
        "--bands",
        metavar="BANDS",
        default="orgvue",
        help="span bands: orgvue (1/2-3/4-7/8-12/13-16/17+, the default), mckinsey, or each "
        "band's smallest span, e.g. 1,3,6,11",
    )
    parser.add_argument(
        "--plot",
        metavar="FILE",
        dest="output",  # the file the command writes: an error writing it says so
        help="also draw the span distribution and the layer pyramid (.svg .png .pdf; needs "
        "the stats extra: matplotlib)",
    )
    parser.set_defaults(handler=run, parser=parser)


def run(args: argparse.Namespace) -> int:
    """Print the statistics (and draw them with ``--plot``)."""
    from orgroles._stats_plot import PLOT_SUFFIXES  # noqa: PLC0415  # matplotlib loads on use

    check_output(args.output, PLOT_SUFFIXES)
    bands = _bands(args.bands)
    read = read_org(args.file)
    variant = None if args.variant == "none" else variant_argument(args.variant)
    if variant == "auto":
        unknown = unknown_variant_key(read, args.file)
        if unknown is not None:
            raise UsageError(f"{unknown}\n  hint: pass --variant V, or --variant none")
    figures = stats(read.chart, variant=variant, bands=bands)
    if args.format == "json":
        write_text(figures.to_json())
    elif args.format == "csv":
        write_text(to_csv(figures, by=args.by))
    elif args.format == "markdown":
        write_text(to_markdown(figures, by=args.by))
    else:
        write_text(to_text(figures, by=args.by))
    if args.output is not None:
        _plot(figures, args.output)
    return 0


def _bands(text: str) -> str | tuple[int, ...]:
    if "," not in text and not text.isdigit():
        try:
            span_bands(text)
        except ValueError as error:
            raise UsageError(f"--bands: {error}") from None
        return text
    try:
        lows = tuple(int(part) for part in text.split(","))
        span_bands(lows)
    except ValueError as error:
        raise UsageError(
            f"--bands: {error if 'span bands' in str(error) else f'not numbers: {text!r}'}"
        ) from None
    return lows


def _plot(figures: OrgStats, path: str) -> None:
    try:
        from orgroles._stats_plot import plot_stats  # noqa: PLC0415  # matplotlib loads on use

        written = plot_stats(figures, path)
    except ModuleNotFoundError as error:
        if error.name != "matplotlib":
            raise
        raise UsageError(f"cannot draw {path!r}: {error}") from None
    wrote(written)
