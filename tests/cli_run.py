"""The command line run in this process, for the CLI tests: exit code, stdout and stderr."""

from __future__ import annotations

import pytest

from orgroles.cli import main

__all__ = ["run"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``orgroles ARGV``'s exit code (argparse's for --help, --version and bad usage), out, err."""
    try:
        code = main(list(argv))
    except SystemExit as exit_:  # argparse exits for --help, --version and usage errors
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err
