"""``orgroles variants``: the built-in variants, their size bands and top leaders."""

from __future__ import annotations

import argparse
import json

from orgroles._variants import variants
from orgroles.cli._common import write_text


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``variants`` subcommand."""
    parser = commands.add_parser(
        "variants",
        help="list the built-in variants (size bands, top leader, shape)",
        description="List the built-in variants: name, employees and PMs they fit, the top "
        "product leader and whom they report to, and the intended shape.",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the variants."""
    if args.format == "json":
        write_text(json.dumps([v.model_dump(mode="json") for v in variants()], indent=2))
        return 0
    rows = [("variant", "employees", "PMs", "top leader -> reports to", "shape")]
    for v in variants():
        leader = f"{' or '.join(v.top_leader)} -> {' or '.join(v.top_leader_reports_to)}"
        rows.append((v.name, str(v.employees), str(v.pms), leader, v.shape))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True))
        + "  "
        + row[4]
        for row in rows
    ]
    write_text("\n".join(line.rstrip() for line in lines))
    return 0
