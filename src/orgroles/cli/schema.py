"""``orgroles schema``: print the org file's JSON Schema."""

from __future__ import annotations

import argparse
import json

from orgroles.cli._common import write_text
from orgroles.orgfile import json_schema


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``schema`` subcommand."""
    parser = commands.add_parser(
        "schema",
        help="print the org file's JSON Schema",
        description="Print the JSON Schema of the org file (the copy shipped with the package).",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:  # the signature every command shares
    """Print the schema."""
    write_text(json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=False))
    return 0
