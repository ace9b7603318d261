"""Helpers shared by subcommands: reading the org file argument, writing output."""

from __future__ import annotations

import argparse
import sys

from orgroles.chart import OrgChart
from orgroles.orgfile import load, loads


def read_chart(path: str) -> OrgChart:
    """Load the org file named on the command line; ``-`` reads standard input."""
    if path == "-":
        return loads(sys.stdin.read(), source="<stdin>")
    return load(path)


def write_text(text: str) -> None:
    """Write data to stdout with one final newline; a closed pipe (``| head``) is not an error."""
    try:
        sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # pragma: no cover - depends on the reader closing early
        sys.stderr.close()


def count(text: str) -> int:
    """An argparse type: a whole number of at least 0 (a count, a depth)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a number >= 0, got {value}")
    return value
