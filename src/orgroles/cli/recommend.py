"""``orgroles recommend --employees N``: which variant fits a company of this size, and why."""

from __future__ import annotations

import argparse
import json

from orgroles.cli._common import write_text
from orgroles.cli.template import count
from orgroles.templates import recommend_variant


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``recommend`` subcommand."""
    parser = commands.add_parser(
        "recommend",
        help="which variant fits a company of this size",
        description="Recommend the variant that fits: the PM count decides (derived from "
        "employees when not given); product lines and business units can rule out a variant "
        "of the same size. Prints the variant, the runner-up and the reasons.",
    )
    parser.add_argument("--employees", type=count, metavar="N", help="the company's head count")
    parser.add_argument(
        "--pms", type=count, metavar="N", help="PM-track ICs (APM, PM, Senior PM, Principal PM)"
    )
    parser.add_argument("--product-lines", type=count, metavar="N", help="product lines")
    parser.add_argument("--business-units", type=count, metavar="N", help="business units")
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
    lines = [str(recommendation)]
    command = f"orgroles template {recommendation.variant}"
    if args.employees is not None:
        command += f" --employees {args.employees}"
    for option in ("pms", "product_lines", "business_units"):
        value = getattr(args, option)
        if value is not None:
            command += f" --{option.replace('_', '-')} {value}"
    lines.append(f"next: {command}")
    write_text("\n".join(lines))
    return 0
