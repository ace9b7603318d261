"""The ``orgroles`` command: one module per subcommand, each with ``register`` and ``run``.

This package owns argument parsing, exit codes and what users see on stderr. Nothing else in
orgroles imports it. Exit codes: 0 fine, 1 the org has error-level findings, 2 bad usage or
unreadable input. User mistakes get a clear message and never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import re
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from typing import NoReturn, Protocol, cast

from orgroles._version import __version__
from orgroles.cli._common import cannot_write
from orgroles.errors import OrgDataError, OrgRolesError, TemplateError, UnknownRuleError, printable

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
    "export",
    "stats",
    "diff",
    "apply",
)


class _Command(Protocol):
    def register(self, commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None: ...


class _Parser(argparse.ArgumentParser):
    """argparse's parser whose usage errors quote the command line with controls escaped.

    argparse echoes what it could not parse (``invalid choice: '...'``, ``unrecognized
    arguments: ...``); a word holding an ANSI sequence or a bidi override must not reach the
    terminal as such, as no other message of ours lets one through.
    """

    def error(self, message: str) -> NoReturn:
        super().error(printable(message))


class _CommandParser(_Parser):
    """A subcommand's parser: its errors also name any option it does not know.

    argparse stops at the first error, so ``render a.yaml --bogus`` would only say that
    ``-o`` is missing; the unknown option is the likelier mistake, and is named too.
    """

    _given: Sequence[str] = ()

    def parse_known_args(  # type: ignore[override]  # same call, narrower types
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        self._given = list(sys.argv[1:] if args is None else args)
        return super().parse_known_args(args, namespace)

    def unknown_options(self, given: Sequence[str]) -> list[str]:
        """The words in ``given`` that look like options this parser does not have."""
        known = [o for action in self._actions for o in action.option_strings]
        unknown = []
        for word in given:
            if word == "--":
                break
            if len(word) < 2 or not word.startswith("-") or _NUMBER.fullmatch(word):
                continue
            name = word.split("=", 1)[0]
            if name.startswith("--"):
                # argparse takes any unambiguous prefix (--var for --variant).
                matches = name in known or any(o.startswith(name) for o in known)
            else:
                matches = name[:2] in known  # -oFILE is -o with its value attached
            if not matches:
                unknown.append(word)
        return unknown

    def error(self, message: str) -> NoReturn:
        unknown = self.unknown_options(self._given)
        if unknown and not message.startswith("unrecognized arguments"):
            message = f"unrecognized arguments: {' '.join(unknown)}; {message}"
        super().error(message)


_NUMBER = re.compile(r"-\d+(\.\d*)?")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = _Parser(
        prog="orgroles",
        description="Model, validate and draw product-management organisations.",
        epilog="Exit codes: 0 fine, 1 the org has errors, 2 bad usage or unreadable input.",
    )
    parser.add_argument("--version", action="version", version=f"orgroles {__version__}")
    commands = cast(
        "argparse._SubParsersAction[argparse.ArgumentParser]",
        parser.add_subparsers(
            title="commands", metavar="COMMAND", dest="command", parser_class=_CommandParser
        ),
    )
    for name in _COMMANDS:
        module: _Command = importlib.import_module(f"orgroles.cli.{name}")
        module.register(commands)
    parser.set_defaults(commands=commands.choices)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    Examples:
        >>> main(["--version"])
        Traceback (most recent call last):
        ...
        SystemExit: 0
    """
    _tolerant_streams()
    with _terminate_as_interrupt():
        return _main(argv)


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """Handle SIGTERM (``timeout``, CI runners, container stops) as Ctrl-C is handled.

    Python's default for SIGTERM ends the process at once, leaving a Graphviz child running
    with no one to stop it; raised as an interruption, the child is killed and no half-written
    file is left (every write is a temporary file renamed at the end).
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers (an embedding application's business)
        return

    def interrupted(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupted)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        # argparse would name them under the top-level usage; the subcommand's is the one
        # that lists what the user could have meant.
        command = args.commands.get(args.command, parser)
        command.error(f"unrecognized arguments: {' '.join(unknown)}")
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        code: int = handler(args)
    except (OrgDataError, TemplateError, UnknownRuleError) as error:
        # The library's hints name keyword arguments; here each is the command's own flag.
        print(f"orgroles: {error.spelled(flags=True)}", file=sys.stderr)
        return EXIT_USAGE
    except OrgRolesError as error:
        print(f"orgroles: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        target = f" {error.filename!r}" if error.filename else ""
        message = (
            cannot_write(error.filename, error)
            if _is_output(args, error.filename)
            else f"cannot read{target}: {error.strerror or error}"
        )
        print(f"orgroles: {message}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    return code


def _tolerant_streams() -> None:
    """Make a terminal that cannot show every character (cp1252, ASCII) show escapes instead.

    A name like '李' printed on a Windows console or under ``LANG=C`` would otherwise end the
    command with a UnicodeEncodeError; ``\u674e`` says what is there and the command goes on.
    """
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "utf-8").replace("_", "-").lower()
        if isinstance(stream, io.TextIOWrapper) and encoding not in ("utf-8", "utf8"):
            stream.reconfigure(errors="backslashreplace")


def _is_output(args: argparse.Namespace, filename: object) -> bool:
    """Whether a failing file is one the command writes (``-o``, ``--report``), not reads."""
    if filename is None:
        return False
    outputs = (getattr(args, name, None) for name in ("output", "report"))
    return any(output is not None and str(output) == str(filename) for output in outputs)
