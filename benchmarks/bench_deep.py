"""A deep tree: 10,000 positions, managers with 8 reports each, against pygraphviz directly.

Target (issue 11, item 8): ``render()`` to SVG within 1.5x of pygraphviz laying out the same
tree with the same two-line labels (title, then name), measured in the same run. Unlike
``bench_render``'s org (mostly stacked leaves), most boxes here are managers of managers.
``python benchmarks/run.py deep`` runs this alone.

The two are timed in turns (ours, direct, ours, direct, ...), so that a burst of load on a
shared machine falls on both, and the medians are compared. Each line also gives the CPU
seconds spent (this process and its children: our layout runs in a child process), which
other programs' load disturbs less than the wall clock. Asserts nothing about time.
"""

from __future__ import annotations

import pathlib
import resource
import runpy
import statistics
import tempfile
import time
from collections.abc import Callable

import orgroles

POSITIONS = 10_000
SPAN = 8
ROUNDS = 3


def deep_org(size: int = POSITIONS, span: int = SPAN) -> orgroles.OrgChart:
    """A tree of managers with ``span`` reports each, filled level by level."""
    records = [{"id": "p0", "role": "cpo", "name": "Person 0"}]
    for index in range(1, size):
        role = "director" if index * span + 1 < size else "pm"
        records.append({"id": f"p{index}", "role": role, "reports_to": f"p{(index - 1) // span}",
                        "name": f"Person {index}"})  # fmt: skip
    return orgroles.OrgChart(records, name="Deep tree")


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed(action: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of one run."""
    wall, cpu = time.perf_counter(), _cpu()
    action()
    return time.perf_counter() - wall, _cpu() - cpu


def main() -> None:
    """Print the medians and the ratios."""
    here = pathlib.Path(__file__).parent
    baseline = runpy.run_path(str(here / "bench_render.py"))["baseline"]
    chart = deep_org()
    ours: list[tuple[float, float]] = []
    direct: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "deep.svg"
        for _ in range(ROUNDS):
            ours.append(_timed(lambda: orgroles.render(chart, out)))
            direct.append(_timed(lambda: baseline(chart)))
        size = out.stat().st_size

    def median(runs: list[tuple[float, float]], index: int) -> float:
        return statistics.median(run[index] for run in runs)

    print(f"deep tree: {len(chart):,} positions, {SPAN} reports a manager, medians of {ROUNDS}")
    print(f"render() to SVG:                {median(ours, 0):6.2f} s  "
          f"(CPU {median(ours, 1):5.2f} s, {size / 1e6:.1f} MB)")  # fmt: skip
    print(f"pygraphviz title + name:        {median(direct, 0):6.2f} s  "
          f"(CPU {median(direct, 1):5.2f} s)")  # fmt: skip
    print(f"ratio render() / direct:        {median(ours, 0) / median(direct, 0):6.2f}x  "
          f"(CPU {median(ours, 1) / median(direct, 1):.2f}x)  target <= 1.5x")  # fmt: skip


if __name__ == "__main__":
    main()
