"""``orgroles validate FILE``: judge an org file against its variant and print every finding.

Exit codes: 0 no error-level findings (with ``--strict``: no warnings either), 1 otherwise, 2 bad
usage or an unreadable org, variant or policy file.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from orgroles._yamljson import FileSyntaxError, parse_json, parse_yaml
from orgroles.cli._common import read_chart, write_text
from orgroles.errors import OrgRolesError
from orgroles.validation import Finding, Policy, load_policy, registered_rules, validate
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
        lines = {} if args.file == "-" else _position_lines(Path(args.file))

        def locate(finding: Finding) -> str | None:
            line = lines.get(finding.positions[0]) if finding.positions else None
            return f"{source}:{line}" if line is not None else None

        text = report.to_text(hints=not args.no_hints, locate=locate)
        write_text(f"{source}: {text}")
    failed = not report.ok or (args.strict and bool(report.warnings))
    if failed and args.format == "text":
        print(
            "orgroles: validation failed" + (" (--strict: warnings count)" if report.ok else ""),
            file=sys.stderr,
        )
    return 1 if failed else 0


def _position_lines(path: Path) -> dict[str, int]:
    """The line each position starts on in an org file that loaded fine: id -> line."""
    text = path.read_text(encoding="utf-8-sig")
    raw: dict[tuple[str | int, ...], str] = {}
    try:
        if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
            document, lines = parse_json(text)
        else:
            document, lines, raw = parse_yaml(text)
    except FileSyntaxError:  # pragma: no cover - the file was just loaded without error
        return {}
    positions = document.get("positions") if isinstance(document, dict) else None
    found: dict[str, int] = {}
    for index, item in enumerate(positions if isinstance(positions, list) else ()):
        written = item.get("id") if isinstance(item, dict) else None
        # An id the YAML reader typed (`id: 1.50`) is the text as written, as load() reads it.
        written = raw.get(("positions", index, "id"), written)
        line = lines.get(("positions", index))
        if written is not None and line is not None:
            found.setdefault(str(written), line)
    return found


def _rules_listing() -> str:
    rules = registered_rules()
    width = max(len(r.code) for r in rules)
    return "\n".join(
        f"{r.code:<{width}}  {r.severity:<7}  {r.category:<9}  {r.summary}" for r in rules
    )


class _UsageError(OrgRolesError):
    """A command-line mistake (a plugin that cannot be imported)."""
