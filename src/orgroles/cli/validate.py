"""``orgroles validate FILE``: judge an org file against its variant and print every finding.

Exit codes: 0 no error-level findings (with ``--strict``: no warnings either), 1 otherwise, 2 bad
usage or an unreadable org, variant or policy file.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from orgroles.cli._common import read_chart, write_text
from orgroles.errors import OrgRolesError
from orgroles.validation import Policy, load_policy, registered_rules, validate
from orgroles.variants import BUILTIN_VARIANTS, Variant, load_variant

_VARIANT_SUFFIXES = (".yaml", ".yml", ".json")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``validate`` subcommand."""
    parser = commands.add_parser(
        "validate",
        help="check an org against its variant and list every finding",
        description=(
            "Validate the org file against a variant: the file's `variant:` key, --variant, or "
            "the best fit by shape and size. Every finding is listed at once, grouped by "
            "severity, with the positions involved and a hint."
        ),
        epilog=(
            "Exit codes: 0 no errors (with --strict: no warnings either), 1 findings, "
            "2 bad usage or unreadable input."
        ),
    )
    parser.add_argument(
        "file", metavar="FILE", nargs="?", help="org file (.yaml, .yml, .json; - for stdin)"
    )
    parser.add_argument(
        "--variant",
        metavar="V",
        default="auto",
        help=f"auto (default), a built-in ({', '.join(BUILTIN_VARIANTS)}) or a variant file",
    )
    parser.add_argument(
        "--policy",
        metavar="FILE",
        help="a policy file (rules off, severities, options, variant thresholds), applied on "
        "top of the org file's `validation:` key",
    )
    parser.add_argument(
        "--plugin",
        metavar="MODULE",
        action="append",
        default=[],
        help="import this Python module first (it registers its own rules); repeatable",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")
    parser.add_argument("--no-hints", action="store_true", help="text output without hints")
    parser.add_argument("--list-rules", action="store_true", help="list every rule code and exit")
    parser.set_defaults(handler=run, parser=parser)


def _variant(value: str) -> Variant | str:
    looks_like_file = value.endswith(_VARIANT_SUFFIXES) or "/" in value or "\\" in value
    if looks_like_file and value not in BUILTIN_VARIANTS:
        return load_variant(Path(value))
    return value


def run(args: argparse.Namespace) -> int:
    """Validate and print the report."""
    for module in args.plugin:
        try:
            importlib.import_module(module)
        except ImportError as error:
            raise _UsageError(f"cannot import plugin {module!r}: {error}") from None
    if args.list_rules:
        write_text(_rules_listing())
        return 0
    if args.file is None:
        args.parser.error("FILE is required (or --list-rules)")
    chart = read_chart(args.file)
    policy: Policy | None = load_policy(args.policy) if args.policy else None
    report = validate(chart, _variant(args.variant), policy=policy)
    if args.format == "json":
        write_text(report.to_json())
    else:
        source = "<stdin>" if args.file == "-" else args.file
        write_text(f"{source}: {report.to_text(hints=not args.no_hints)}")
    failed = not report.ok or (args.strict and bool(report.warnings))
    if failed and args.format == "text":
        print(
            "orgroles: validation failed" + (" (--strict: warnings count)" if report.ok else ""),
            file=sys.stderr,
        )
    return 1 if failed else 0


def _rules_listing() -> str:
    rules = registered_rules()
    width = max(len(r.code) for r in rules)
    return "\n".join(
        f"{r.code:<{width}}  {r.severity:<7}  {r.category:<9}  {r.summary}" for r in rules
    )


class _UsageError(OrgRolesError):
    """A command-line mistake (a plugin that cannot be imported)."""
