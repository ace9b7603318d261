"""``orgroles recommend --employees N``: which variant fits a company of this size, and why."""

from __future__ import annotations

import argparse
import json

from orgroles.cli._common import WholeNumber, count, write_text
from orgroles.errors import TemplateError
from orgroles.templates import recommend_variant, template


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``recommend`` subcommand."""
    parser = commands.add_parser(
        "recommend",
        help="which variant fits a company of this size",
        description="Recommend the variant that fits: the PM count decides (derived from "
        "employees when not given); product lines and business units can rule out a variant "
        "of the same size. Prints the variant, the runner-up and the reasons.",
    )
    parser.add_argument(
        "--employees", type=WholeNumber(1), metavar="N", help="the company's head count"
    )
    parser.add_argument(
        "--pms", type=count, metavar="N", help="PM-track ICs (APM, PM, Senior PM, Principal PM)"
    )
    parser.add_argument("--product-lines", type=WholeNumber(1), metavar="N", help="product lines")
    parser.add_argument("--business-units", type=WholeNumber(1), metavar="N", help="business units")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(handler=run, parser=parser)


def run(args: argparse.Namespace) -> int:
    """Print the recommendation."""
    if args.employees is None and args.pms is None:
        args.parser.error("give --employees N or --pms N (or both)")
    recommendation = recommend_variant(
        employees=args.employees,
        pms=args.pms,
        product_lines=args.product_lines,
        business_units=args.business_units,
    )
    if args.format == "json":
        write_text(json.dumps(recommendation.to_dict(), indent=2))
        return 0
    lines = [str(recommendation), _next_command(args, recommendation.variant)]
    write_text("\n".join(lines))
    return 0


_OPTIONS = ("employees", "pms", "product_lines", "business_units")


def _next_command(args: argparse.Namespace, variant: str) -> str:
    """``next: orgroles template ...`` with the options given, leaving out any it cannot take.

    Contradictory inputs (30 employees and 30 PMs, business units for a scale-up) still get a
    recommendation; the command suggested must then work, so the options the variant's
    template refuses are dropped, and named.
    """
    given = {option: getattr(args, option) for option in _OPTIONS}
    given = {option: value for option, value in given.items() if value is not None}
    structure = ("product_lines", "business_units")
    attempts = [
        given,
        {k: v for k, v in given.items() if k != "employees"},
        {k: v for k, v in given.items() if k not in structure},
        {k: v for k, v in given.items() if k == "pms"},
        {},
    ]
    for options in attempts:
        try:
            template(variant, **options)
        except TemplateError:
            continue
        command = " ".join(
            [f"orgroles template {variant}"]
            + [f"--{k.replace('_', '-')} {v}" for k, v in given.items() if k in options]
        )
        dropped = [f"--{k.replace('_', '-')} {v}" for k, v in given.items() if k not in options]
        if dropped:
            them = "it" if len(dropped) == 1 else "them"
            command += (
                f" (leaving out {', '.join(dropped)}: no {variant} template builds with {them})"
            )
        return f"next: {command}"
    return f"next: no {variant} template builds from these sizes; see `orgroles template --help`"
