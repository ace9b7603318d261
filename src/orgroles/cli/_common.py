"""Helpers shared by subcommands: reading the org file argument, writing output."""

from __future__ import annotations

import argparse
import difflib
import os
import shlex
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from orgroles._documents import DOCUMENT_SUFFIXES, format_of
from orgroles._variants import BUILTIN_VARIANTS, Variant, get_variant, load_variant
from orgroles.chart import OrgChart
from orgroles.errors import OrgRolesError, UnknownVariantError, printable
from orgroles.orgfile import LoadedOrgFile, load_with_lines

ORG_FILE_HELP = f"org file ({', '.join(DOCUMENT_SUFFIXES)}; - for stdin)"
"""The help of every command's org file argument."""


def read_org(
    path: str, *, unknown_code: Callable[[str], str | None] | None = None
) -> LoadedOrgFile:
    """Load the org file named on the command line, with its lines; ``-`` reads standard input.

    ``unknown_code`` names unknown rule codes of a refused ``validation:`` key (``validate``
    passes the registry's answer; the org file knows no rules).
    """
    if path == "-":
        return load_with_lines(sys.stdin.buffer, source="<stdin>", unknown_code=unknown_code)
    return load_with_lines(path, unknown_code=unknown_code)


def read_chart(path: str) -> OrgChart:
    """Load the org file named on the command line; ``-`` reads standard input.

    A ``variant:`` that names no known variant gets a note on stderr: drawing and showing go on
    (rows then follow role levels), and ``validate`` is where it is refused.
    """
    read = read_org(path)
    unknown = unknown_variant_key(read, path)
    if unknown is not None:
        print(f"note: {unknown}; levels follow the roles' own ranks", file=sys.stderr)
    return read.chart


def unknown_variant_key(read: LoadedOrgFile, path: str) -> str | None:
    """``org.yaml:3: unknown variant 'scale-up' (did you mean 'scaleup'? ...)``, or ``None``.

    The name is looked up as every variant name is (:func:`~orgroles.get_variant`, which
    :func:`~orgroles.validation.select_variant` asks too), so the message is the same; this adds
    the file and line.
    """
    named = read.chart.variant
    if named is None:
        return None  # the best fit: nothing named, so nothing unknown (and no fit is worked out)
    try:
        get_variant(named)
    except UnknownVariantError as error:
        line = read.line("variant")
        place = f"{path if path != '-' else '<stdin>'}{f':{line}' if line else ''}"
        return f"{place}: {error}"
    return None


def variant_argument(text: str) -> Variant | str:
    """A variant named on the command line: a built-in's name, or a variant file's path.

    A name is judged (and an unknown one refused, naming the nearest) where every variant is;
    a path ends in .yaml, .yml or .json or holds a folder separator.

    Examples:
        >>> variant_argument("scaleup"), variant_argument("auto")
        ('scaleup', 'auto')
    """
    looks_like_file = format_of(text) in ("yaml", "json") or "/" in text or "\\" in text
    if looks_like_file and text not in BUILTIN_VARIANTS:
        return load_variant(Path(text))
    return text


class UsageError(OrgRolesError):
    """A command-line mistake the parser cannot see (an output suffix, a plugin): exit 2."""


def check_output(path: str | None, suffixes: Sequence[str]) -> None:
    """Refuse an output file whose suffix names no format the command writes, before any work.

    Examples:
        >>> check_output("org.json", (".yaml", ".yml", ".json"))
        >>> check_output("org.png", (".yaml", ".yml", ".json"))
        Traceback (most recent call last):
        ...
        orgroles.cli._common.UsageError: cannot tell the format from 'org.png'; use one of: ...
    """
    if path is None:
        return
    if Path(path).is_dir():
        example = str(Path(path) / f"org{suffixes[0]}")
        raise UsageError(f"{path!r} is a folder; name a file in it, such as {example!r}")
    if Path(path).suffix.lower() not in suffixes:
        raise UsageError(f"cannot tell the format from {path!r}; use one of: {', '.join(suffixes)}")


def check_root(chart: OrgChart, root: str | None, path: str) -> None:
    """Refuse a ``--root`` that is no position of the chart, naming the flag, file and nearest ids.

    Examples:
        >>> from orgroles.testing import make_chart
        >>> check_root(make_chart("ceo > dir-payments"), "dir-paymnets", "org.yaml")
        Traceback (most recent call last):
        ...
        orgroles.cli._common.UsageError: --root 'dir-paymnets' is no position in org.yaml; did ...
    """
    if root is None or root in chart:
        return
    label = "<stdin>" if path == "-" else path
    close = difflib.get_close_matches(root, chart.ids(), n=3, cutoff=0.6)
    fix = (
        f"did you mean {' or '.join(map(repr, close))}?"
        if close
        else f"`orgroles show {shlex.quote(path)}` lists every id"
    )
    raise UsageError(printable(f"--root {root!r} is no position in {label}; {fix}"))


def cannot_write(path: object, error: OSError) -> str:
    """Why ``path`` could not be written, with what to do about it, for an ``orgroles:`` line.

    Examples:
        >>> missing = FileNotFoundError(2, "No such file or directory")
        >>> cannot_write("out/org.svg", missing)
        "cannot write 'out/org.svg': the folder 'out' does not exist; create it first"
    """
    reason = error.strerror or str(error)
    folder = str(Path(str(path)).parent)
    if isinstance(error, FileNotFoundError) and not Path(folder).is_dir():
        reason = f"the folder {folder!r} does not exist; create it first"
    elif isinstance(error, PermissionError):
        reason = f"{reason}; choose a file in a folder you can write to"
    elif isinstance(error, IsADirectoryError):
        reason = "it is a folder; name a file in it"
    return f"cannot write {str(path)!r}: {reason}"


def distinct_outputs(*outputs: tuple[str, str | None], inputs: Sequence[str | None] = ()) -> None:
    """Refuse a command that would write one file twice, or over a file it reads.

    ``outputs`` are ``(flag, path)`` pairs (``None``: not given); the same file written twice
    keeps only the last, so the first output would be lost without a word.

    Examples:
        >>> distinct_outputs(("-o", "org.json"), ("--report", "report.json"))
        >>> distinct_outputs(("-o", "org.json"), ("--report", "./org.json"))
        Traceback (most recent call last):
        ...
        orgroles.cli._common.UsageError: -o and --report name the same file './org.json'; ...
    """
    seen: dict[str, str] = {}
    for path in inputs:
        if path is not None and path != "-":
            seen.setdefault(os.path.realpath(path), "the input")
    for flag, path in outputs:
        if path is None:
            continue
        key = os.path.realpath(path)
        if key in seen:
            raise UsageError(
                f"{seen[key]} and {flag} name the same file {path!r}; give {flag} a file of its own"
            )
        seen[key] = flag


def write_text(text: str) -> None:
    """Write data to stdout with one final newline; a closed pipe (``| head``) is not an error."""
    try:
        sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # pragma: no cover - depends on the reader closing early
        sys.stderr.close()


def wrote(path: object, detail: str = "") -> None:
    """Say on stderr that ``path`` was written, ``detail`` after a colon.

    Paths and details hold user text (a file name, a chart's name), so control and bidi
    characters are escaped as in every other message.
    """
    text = f"wrote {path}: {detail}" if detail else f"wrote {path}"
    print(printable(text), file=sys.stderr)


class WholeNumber:
    """An argparse type: a whole number of at least ``minimum``; its message states the bound.

    The bound is the one the command really needs (``--employees`` takes 1 or more), so a user
    is never told ">= 0" and then refused 0.

    Examples:
        >>> WholeNumber(1)("12"), WholeNumber(1)
        (12, WholeNumber(minimum=1))
        >>> WholeNumber(1)("0")
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: expected a number >= 1, got 0
    """

    def __init__(self, minimum: int) -> None:
        self.minimum = minimum
        self.__name__ = f"whole number >= {minimum}"  # argparse names a type by __name__

    def __call__(self, text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < self.minimum:
            raise argparse.ArgumentTypeError(f"expected a number >= {self.minimum}, got {value}")
        return value

    def __repr__(self) -> str:
        return f"WholeNumber(minimum={self.minimum})"


count = WholeNumber(0)
"""An argparse type: a whole number of at least 0 (a count, a depth)."""
