"""The ``orgroles`` command: one module per subcommand, each with ``register`` and ``run``.

This package owns argument parsing, exit codes and what users see on stderr. Nothing else in
orgroles imports it. Exit codes: 0 fine, 1 the org has error-level findings, 2 bad usage or
unreadable input. User mistakes get a clear message and never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import Protocol

from orgroles._version import __version__
from orgroles.errors import OrgRolesError

__all__ = ["EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

# Each name is a module in this package; the order is the order in `orgroles --help`.
_COMMANDS = (
    "show",
    "schema",
    "validate",
    "variants",
    "recommend",
    "template",
    "render",
    "import_",
)


class _Command(Protocol):
    def register(self, commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None: ...


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="orgroles",
        description="Model, validate and draw product-management organisations.",
        epilog="Exit codes: 0 fine, 1 the org has errors, 2 bad usage or unreadable input.",
    )
    parser.add_argument("--version", action="version", version=f"orgroles {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in _COMMANDS:
        module: _Command = importlib.import_module(f"orgroles.cli.{name}")
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    Examples:
        >>> main(["--version"])
        Traceback (most recent call last):
        ...
        SystemExit: 0
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        code: int = handler(args)
    except OrgRolesError as error:
        print(f"orgroles: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        target = f" {error.filename!r}" if error.filename else ""
        verb = "write" if _is_output(args, error.filename) else "read"
        print(f"orgroles: cannot {verb}{target}: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    return code


def _is_output(args: argparse.Namespace, filename: object) -> bool:
    """Whether a failing file is one the command writes (``-o``, ``--report``), not reads."""
    if filename is None:
        return False
    outputs = (getattr(args, name, None) for name in ("output", "report"))
    return any(output is not None and str(output) == str(filename) for output in outputs)
