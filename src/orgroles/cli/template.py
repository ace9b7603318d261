"""``orgroles template VARIANT``: a realistic product org of that variant, as an org file."""

from __future__ import annotations

import argparse

from orgroles._documents import DOCUMENT_SUFFIXES
from orgroles._variants import BUILTIN_VARIANTS
from orgroles.cli._common import (
    WholeNumber,
    check_output,
    count,
    variant_argument,
    write_text,
    wrote,
)
from orgroles.orgfile import dump, dumps
from orgroles.templates import template


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a fraction such as 0.1, got {text!r}") from None
    if not 0.0 <= value < 1.0:
        raise argparse.ArgumentTypeError(
            f"expected a fraction from 0 up to but not including 1 (such as 0.2), got {text}"
        )
    return value


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``template`` subcommand."""
    parser = commands.add_parser(
        "template",
        help="generate a product org of a variant and size, as an org file",
        description="Generate a realistic product org that follows VARIANT and validates clean "
        "against it: spans inside its bands, layers within its limit, readable ids. Sizes not "
        "given are derived (PMs from employees, product lines from PMs). Writes YAML to stdout, "
        "or to -o FILE (.json for JSON). See `orgroles recommend` for which variant fits.",
    )
    parser.add_argument(
        "variant",
        metavar="VARIANT",
        help=f"a built-in variant ({', '.join(BUILTIN_VARIANTS)}) or a variant file",
    )
    parser.add_argument(
        "--employees", type=WholeNumber(1), metavar="N", help="the company's head count"
    )
    parser.add_argument(
        "--pms", type=count, metavar="N", help="PM-track ICs (APM, PM, Senior PM, Principal PM)"
    )
    parser.add_argument(
        "--product-lines",
        type=WholeNumber(1),
        metavar="N",
        help="product lines (one Director each)",
    )
    parser.add_argument(
        "--business-units",
        type=WholeNumber(1),
        metavar="N",
        help="business units (enterprise: a Senior Director each; bu_heads: a Head of Product)",
    )
    parser.add_argument(
        "--designers",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="add Product Designers (default: yes)",
    )
    parser.add_argument("--analysts", action="store_true", help="add Product Analysts")
    parser.add_argument(
        "--vacancies",
        type=_fraction,
        default=0.0,
        metavar="F",
        help="leave this fraction of positions vacant (implies --names for the others)",
    )
    parser.add_argument(
        "--names", action="store_true", help="fill positions with placeholder names"
    )
    parser.add_argument(
        "--seed", type=int, default=0, metavar="S", help="picks names and vacancies (default 0)"
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write the org file here (.yaml, .yml or .json)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Generate the org and write it."""
    check_output(args.output, DOCUMENT_SUFFIXES)
    chart = template(
        variant_argument(args.variant),
        employees=args.employees,
        pms=args.pms,
        product_lines=args.product_lines,
        business_units=args.business_units,
        designers=args.designers,
        analysts=args.analysts,
        vacancies=args.vacancies,
        names=args.names,
        seed=args.seed,
    )
    if args.output is None:
        write_text(dumps(chart))
        return 0
    dump(chart, args.output)
    wrote(args.output, f"{chart.name}, {len(chart)} positions")
    return 0
