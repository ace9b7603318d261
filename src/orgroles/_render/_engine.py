"""Laying out and drawing DOT with Graphviz, in a child process with a timeout.

This module owns running Graphviz: the library bundled in the ``pygraphviz`` wheel (no system
install needed) or, when asked, a ``dot`` program on ``PATH``. Layout runs in a child process so
that a chart which makes Graphviz hang or crash costs the caller a :class:`RenderError`, not the
process. It knows nothing of charts.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
import sys
import warnings
from dataclasses import dataclass
from typing import Literal

from orgroles.errors import RenderError

__all__ = [
    "DEFAULT_TIMEOUT",
    "Drawing",
    "Engine",
    "draw",
    "draw_in_process",
    "draw_measured",
    "measure_layouts",
]

Engine = Literal["bundled", "system"]
"""``bundled``: the Graphviz library inside the pygraphviz wheel; ``system``: ``dot`` on PATH."""

DEFAULT_TIMEOUT = 300.0
"""Seconds a layout may take before it is stopped; a 10,000-position org needs a few."""

_FORMATS = ("svg", "png", "pdf")

# The child program: DOT on stdin, the drawing on stdout, the reason for failure on stderr.
# `-P` keeps the working directory off sys.path, so a stray `pygraphviz.py` there is not run.
# With `--measure` it lays out once and writes the first line of Graphviz's `plain` output (the
# layout's bounding box in inches) and `stop`, then the drawing if a format is given: the same
# bytes as `dot -Tplain -T<format>` start with, so one reader serves both engines. With
# `--sizes` stdin holds several graphs separated by NUL bytes, and each one's first `plain` line
# is written in turn: many candidate layouts for the price of one process.
_WORKER = """
import sys, warnings
if sys.platform.startswith("linux"):
    # Die with the parent whatever kills it (kill -9 too): a layout nobody waits for any more
    # must not keep a core busy. PR_SET_PDEATHSIG is 1; then check the parent did not die
    # before the call (this process would have been handed to another parent).
    import ctypes, os, signal
    parent = int(sys.argv.pop(1))
    ctypes.CDLL(None).prctl(1, signal.SIGKILL)
    if os.getppid() != parent:
        sys.exit("the caller is gone")
import pygraphviz
from pygraphviz import graphviz as gv
source = sys.stdin.buffer.read().decode("utf-8")
measure = sys.argv[1] == "--measure"
formats = sys.argv[2:] if measure else sys.argv[1:]
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    if sys.argv[1] == "--sizes":
        context = gv.gvContextWithBuiltins()
        for text in source.split("\\0"):
            graph = pygraphviz.AGraph(string=text)
            if gv.gvLayout(context, graph.handle, b"dot") != 0:
                sys.exit("Graphviz could not lay out the graph")
            error, data = gv.gvRenderData(context, graph.handle, b"plain")
            if error or not data:
                sys.exit("Graphviz could not measure the graph")
            sys.stdout.buffer.write(data.split(b"\\n", 1)[0] + b"\\n")
            gv.gvFreeLayout(context, graph.handle)
        sys.exit(0)
    graph = pygraphviz.AGraph(string=source)
    if not measure:
        sys.stdout.buffer.write(graph.draw(format=formats[0], prog="dot"))
        sys.exit(0)
    context = gv.gvContextWithBuiltins()
    if gv.gvLayout(context, graph.handle, b"dot") != 0:
        sys.exit("Graphviz could not lay out the graph")
    for fmt in ["plain", *formats]:
        error, data = gv.gvRenderData(context, graph.handle, fmt.encode())
        if error or not data:
            sys.exit(f"Graphviz could not draw {fmt}")
        if fmt == "plain":
            data = data.split(b"\\n", 1)[0] + b"\\nstop\\n"
        sys.stdout.buffer.write(data)
"""


@dataclass(frozen=True)
class Drawing:
    """A drawing and the size Graphviz laid the graph out at.

    ``width`` and ``height`` are the layout's bounding box in points (1/72 inch), without the
    page's ``pad``: the size the graph needs, even where a bitmap format scaled it down.
    """

    data: bytes
    width: float
    height: float


def draw(
    source: str, fmt: str, *, timeout: float = DEFAULT_TIMEOUT, engine: Engine = "bundled"
) -> bytes:
    """Lay out DOT ``source`` and draw it as ``fmt`` (svg, png, pdf) in a child process.

    Raises:
        RenderError: Graphviz failed, crashed, or took longer than ``timeout`` seconds.
        ValueError: an unknown format or engine.

    Examples:
        >>> draw("digraph { a -> b }", "svg")[:5]
        b'<?xml'
    """
    if fmt not in _FORMATS:
        raise ValueError(f"cannot draw format {fmt!r}; choose from: {', '.join(_FORMATS)}")
    return _run(source, [fmt], timeout=timeout, engine=engine, measure=False)


def draw_measured(
    source: str,
    fmt: str | None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    engine: Engine = "bundled",
) -> Drawing:
    """Lay out DOT ``source`` once, measure it, and draw it as ``fmt`` (``None``: measure only).

    The size comes from the layout, before drawing, so it is right even where a PNG had to be
    scaled down to fit Graphviz's bitmap limit.

    Raises:
        RenderError: Graphviz failed, crashed, or took longer than ``timeout`` seconds.
        ValueError: an unknown format or engine.

    Examples:
        >>> drawing = draw_measured("digraph { a }", None)
        >>> (drawing.width, drawing.height, drawing.data)
        (54.0, 36.0, b'')
    """
    if fmt is not None and fmt not in _FORMATS:
        raise ValueError(f"cannot draw format {fmt!r}; choose from: {', '.join(_FORMATS)}")
    formats = [] if fmt is None else [fmt]
    output = _run(source, formats, timeout=timeout, engine=engine, measure=True)
    end = output.find(b"\nstop\n")
    fields = output[: max(end, 0)].split(b"\n", 1)[0].split()
    try:
        if end < 0 or fields[0] != b"graph":
            raise ValueError
        scale, width, height = (float(value) for value in fields[1:4])
    except (ValueError, IndexError):
        raise RenderError("Graphviz gave no layout size for the chart") from None
    return Drawing(output[end + 6 :], width * scale * 72, height * scale * 72)


_LONGEST_WAIT = 7 * 86400.0
_LINUX = sys.platform.startswith("linux")


def _die_with_parent() -> None:  # pragma: no cover - runs in the child, between fork and exec
    """Ask Linux to kill this (child) process when its parent dies (``PR_SET_PDEATHSIG``)."""
    ctypes.CDLL(None).prctl(1, signal.SIGKILL)


def measure_layouts(
    sources: list[str], *, timeout: float = DEFAULT_TIMEOUT, engine: Engine = "bundled"
) -> list[tuple[float, float]]:
    """Lay out each DOT source and give its size in points (no pad), all in one child process.

    Raises:
        RenderError: Graphviz failed, crashed, or took longer than ``timeout`` seconds.

    Examples:
        >>> measure_layouts(["digraph { a }", "digraph { a -> b }"])
        [(54.0, 36.0), (54.0, 108.0)]
    """
    if not sources:
        return []
    if engine == "system":
        # One `dot` run per graph: the system program reads one graph at a time.
        found = [draw_measured(s, None, timeout=timeout, engine=engine) for s in sources]
        return [(drawing.width, drawing.height) for drawing in found]
    if any("\0" in source for source in sources):
        raise ValueError("a DOT source holds a NUL character")
    output = _run("\0".join(sources), ["--sizes"], timeout=timeout, engine=engine, measure=False)
    sizes = []
    for line in output.decode("ascii", "replace").splitlines():
        fields = line.split()
        try:
            scale, width, height = (float(value) for value in fields[1:4])
        except ValueError:
            raise RenderError("Graphviz gave no layout size for the chart") from None
        sizes.append((width * scale * 72, height * scale * 72))
    if len(sizes) != len(sources):
        raise RenderError("Graphviz gave no layout size for the chart")
    return sizes


def _run(
    source: str, formats: list[str], *, timeout: float, engine: Engine, measure: bool
) -> bytes:
    if engine == "bundled":
        command = [
            sys.executable,
            "-P",
            "-c",
            _WORKER,
            *([str(os.getpid())] if _LINUX else []),
            *(["--measure"] if measure else []),
            *formats,
        ]
    elif engine == "system":
        program = shutil.which("dot")
        if program is None:
            raise RenderError(
                "the system engine needs the Graphviz 'dot' program on PATH; "
                "the bundled engine (the default) draws without it"
            )
        # Several -T options: one layout, each output on stdout in turn (plain ends in "stop").
        command = [program, *(["-Tplain"] if measure else []), *(f"-T{fmt}" for fmt in formats)]
    else:
        raise ValueError(f"engine must be 'bundled' or 'system', got {engine!r}")
    # The wait is counted in milliseconds by the selectors: a timeout of 1e308 s would
    # overflow (poll takes a 32-bit count): a week is as good as forever for a drawing.
    wait = min(timeout, _LONGEST_WAIT)
    try:
        done = subprocess.run(  # noqa: S603  # fixed program and arguments, DOT on stdin
            command,
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=wait,
            check=False,
            # The system `dot` cannot ask for it itself; the setting survives exec.
            preexec_fn=_die_with_parent if engine == "system" and _LINUX else None,
        )
    except subprocess.TimeoutExpired:
        raise RenderError(
            f"Graphviz took longer than {timeout:g} s and was stopped; pass a larger timeout, "
            "or draw less at once (root=, depth=, split_by='unit')"
        ) from None
    except OSError as error:
        raise RenderError(f"cannot start Graphviz: {error}") from error
    if done.returncode != 0 or not done.stdout:
        raise RenderError(_failure(done.returncode, done.stderr))
    return done.stdout


def draw_in_process(source: str, fmt: str) -> bytes:
    """Lay out and draw in this process (no timeout, no crash isolation): for tests and benchmarks.

    Examples:
        >>> draw_in_process("digraph { a -> b }", "svg")[:5]
        b'<?xml'
    """
    import pygraphviz  # noqa: PLC0415  # the heavy import happens only when drawing

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data: bytes = pygraphviz.AGraph(string=source).draw(format=fmt, prog="dot")
    return data


def _failure(code: int, stderr: bytes) -> str:
    lines = [line for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    detail = "; ".join(lines[-3:]) if lines else "no output"
    if code < 0:
        return f"Graphviz crashed (signal {-code}): {detail}"
    return f"Graphviz could not draw the chart (exit {code}): {detail}"
