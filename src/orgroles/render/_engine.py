"""Laying out and drawing DOT with Graphviz, in a child process with a timeout.

This module owns running Graphviz: the library bundled in the ``pygraphviz`` wheel (no system
install needed) or, when asked, a ``dot`` program on ``PATH``. Layout runs in a child process so
that a chart which makes Graphviz hang or crash costs the caller a :class:`RenderError`, not the
process. It knows nothing of charts.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import warnings
from typing import Literal

from orgroles.errors import RenderError

__all__ = ["DEFAULT_TIMEOUT", "Engine", "draw", "draw_in_process"]

Engine = Literal["bundled", "system"]
"""``bundled``: the Graphviz library inside the pygraphviz wheel; ``system``: ``dot`` on PATH."""

DEFAULT_TIMEOUT = 300.0
"""Seconds a layout may take before it is stopped; a 10,000-position org needs a few."""

_FORMATS = ("svg", "png", "pdf")

# The child program: DOT on stdin, the drawing on stdout, the reason for failure on stderr.
# `-P` keeps the working directory off sys.path, so a stray `pygraphviz.py` there is not run.
_WORKER = """
import sys, warnings
import pygraphviz
source = sys.stdin.buffer.read().decode("utf-8")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    data = pygraphviz.AGraph(string=source).draw(format=sys.argv[1], prog="dot")
sys.stdout.buffer.write(data)
"""


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
    if engine == "bundled":
        command = [sys.executable, "-P", "-c", _WORKER, fmt]
    elif engine == "system":
        program = shutil.which("dot")
        if program is None:
            raise RenderError(
                "engine='system' needs the Graphviz 'dot' program on PATH; "
                "use engine='bundled' (the default) to draw without it"
            )
        command = [program, f"-T{fmt}"]
    else:
        raise ValueError(f"engine must be 'bundled' or 'system', got {engine!r}")
    try:
        done = subprocess.run(  # noqa: S603  # fixed program and arguments, DOT on stdin
            command, input=source.encode("utf-8"), capture_output=True, timeout=timeout, check=False
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
