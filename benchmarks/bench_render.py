"""Rendering a 10,000-position org to SVG, against laying out the same tree with pygraphviz.

Target (DESIGN.md section 6): at most 5 s, and within 1.5x of pygraphviz drawing the same
reporting tree directly (plain boxes, default attributes) in the same run. Prints figures and
ratios; asserts nothing about time (shared machines are noisy).

Two direct baselines are timed. The target ratio is taken against ``title + name``: plain boxes
holding the same information as ours (the title, then the holder's name or "Vacant", two lines
of a plain label), which is what an org chart box must show; a names-only tree would compare
our chart with one that leaves out half of every box. The names-only figure (the original
baseline) is printed too, with its ratio, so the two can be compared across runs.
"""

from __future__ import annotations

import pathlib
import statistics
import tempfile
import time
import warnings
from collections.abc import Callable

import pygraphviz

import orgroles
from orgroles._render._engine import draw_in_process

POSITIONS = 10_000


def big_org(size: int = POSITIONS) -> orgroles.OrgChart:
    """CEO -> CPO -> 12 senior directors -> 10 directors each -> 8 GPMs each -> PMs and APMs."""
    records = [
        {"id": "ceo", "role": "ceo", "name": "Ada Lovelace"},
        {"id": "cpo", "role": "cpo", "name": "Grace Hopper", "reports_to": "ceo"},
    ]
    gpms = []
    for s in range(12):
        unit = f"Business unit {s + 1}"
        records.append({"id": f"sd{s}", "role": "senior_director", "reports_to": "cpo",
                        "name": f"Leader {s}", "unit": unit})  # fmt: skip
        for d in range(10):
            director = f"d{s}-{d}"
            records.append({"id": director, "role": "director", "reports_to": f"sd{s}",
                            "name": f"Director {s}.{d}", "unit": unit})  # fmt: skip
            records.append({"id": f"{director}-ux", "role": "designer", "reports_to": director,
                            "unit": unit})  # fmt: skip
            for g in range(8):
                gpm = f"{director}-g{g}"
                gpms.append((gpm, unit))
                records.append({"id": gpm, "role": "gpm", "reports_to": director, "unit": unit})
    index = 0
    while len(records) < size:
        gpm, unit = gpms[index % len(gpms)]
        role = "apm" if index % 9 == 8 else "pm"
        name = None if index % 13 == 0 else f"Person {index}"
        records.append({"id": f"p{index}", "role": role, "reports_to": gpm, "name": name,
                        "unit": unit})  # fmt: skip
        index += 1
    return orgroles.OrgChart(records, name="Ten thousand")


def baseline(chart: orgroles.OrgChart, *, titles: bool = True) -> bytes:
    """The same tree drawn by pygraphviz directly: plain box labels, default styles.

    ``titles``: each box shows the title above the name (two lines), else the name only.
    """
    graph = pygraphviz.AGraph(directed=True)
    graph.node_attr["shape"] = "box"
    roles = chart.roles
    for position in chart:
        name = position.name or "Vacant"
        title = position.title or (roles[position.role].title if position.role in roles else "")
        graph.add_node(position.id, label=f"{title}\n{name}" if titles else name)
    for position in chart:
        if position.reports_to is not None:
            graph.add_edge(position.reports_to, position.id)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data: bytes = graph.draw(format="svg", prog="dot")
    return data


def timed(action: Callable[[], object], repeat: int) -> float:
    """The median of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print the figures and the ratio."""
    chart = big_org()
    print(f"org: {len(chart):,} positions")
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "org.svg"
        repeat = 3
        build = timed(lambda: orgroles.to_dot(chart).source, repeat)
        ours = timed(lambda: orgroles.render(chart, out), repeat)
        size = out.stat().st_size
        source = orgroles.to_dot(chart).source
        in_process = timed(lambda: draw_in_process(source, "svg"), repeat)
        direct = timed(lambda: baseline(chart), repeat)
        names_only = timed(lambda: baseline(chart, titles=False), repeat)
    print(f"to_dot (DOT source only):             {build:6.2f} s")
    print(
        f"render() to SVG (child process):      {ours:6.2f} s  ({size / 1e6:.1f} MB)  target <= 5 s"
    )
    print(f"  layout of our DOT, in-process:      {in_process:6.2f} s")
    print(f"pygraphviz direct, title + name:      {direct:6.2f} s")
    print(f"pygraphviz direct, names only:        {names_only:6.2f} s")
    print(f"ratio render() / direct title + name: {ours / direct:6.2f}x  target <= 1.5x")
    print(f"ratio render() / direct names only:   {ours / names_only:6.2f}x")


if __name__ == "__main__":
    main()
