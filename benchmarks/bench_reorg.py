"""Statistics and diff of a 100,000-position chart: each at most 1 s (DESIGN section 6).

The chart is a realistic product org (CEO -> CPO -> Directors -> GPMs -> PMs, designers,
assistants, vacancies, units) built as a columnar chart, the form a large import gives; the reorg
moves whole teams, opens and closes seats, retitles and promotes, as a real one does. Each figure
is the median of a few runs on a fresh copy of the charts (so the reporting index is built inside
the timing, as after loading a file); only medians mean anything on a shared machine.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from typing import Any

import orgroles
from orgroles import OrgChart

TARGET_SECONDS = 1.0


def product_org(size: int, *, seed: int = 1) -> OrgChart:
    """About ``size`` positions: Directors of four GPMs of six PMs, 10% vacant."""
    rng = random.Random(seed)  # noqa: S311  # a repeatable chart, not a secret
    columns: dict[str, list[Any]] = {f: [] for f in ("id", "role", "name", "reports_to", "unit")}
    assistant: list[bool] = []

    def add(
        pid: str, role: str, manager: str | None, unit: str | None, *, staff: bool = False
    ) -> None:
        columns["id"].append(pid)
        columns["role"].append(role)
        columns["name"].append(None if rng.random() < 0.1 else f"Person {len(assistant)}")
        columns["reports_to"].append(manager)
        columns["unit"].append(unit)
        assistant.append(staff)

    add("ceo", "ceo", None, None)
    add("ea", "other", "ceo", None, staff=True)
    add("cpo", "cpo", "ceo", None)
    d = 0
    while len(assistant) < size:
        director, unit = f"dir-{d}", f"Unit {d % 40}"
        add(director, "director", "cpo", unit)
        add(f"des-{d}", "designer", director, unit)
        for g in range(4):
            gpm = f"gpm-{d}-{g}"
            add(gpm, "gpm", director, None)
            for n in range(6):
                add(f"pm-{d}-{g}-{n}", "pm", gpm, None)
        d += 1
    columns["assistant"] = assistant
    return OrgChart._from_columns(columns, name="Bench", variant="enterprise")


def reorg(chart: OrgChart, *, seed: int = 2) -> OrgChart:
    """A reorg: 200 teams moved, 300 seats opened and 300 closed, retitles and promotions."""
    rng = random.Random(seed)  # noqa: S311  # a repeatable reorg, not a secret
    new = chart.copy()
    directors = [pid for pid in chart.ids() if pid.startswith("dir-")]
    gpms = [pid for pid in chart.ids() if pid.startswith("gpm-")]
    for gpm in rng.sample(gpms, 200):
        new.move(gpm, rng.choice(directors))
    for number in range(300):
        new.add(id=f"new-{number}", role="pm", reports_to=rng.choice(gpms))
    pms = [pid for pid in chart.ids() if pid.startswith("pm-")]
    for pid in rng.sample(pms, 300):
        new.remove(pid)
    for pid in rng.sample([p for p in pms if p in new], 300):
        new.update(pid, title="Product Manager, Platform", role="senior_pm")
    return new


def median_seconds(work: Callable[[], object], repeat: int = 3) -> tuple[float, float]:
    """The median wall and CPU time of ``repeat`` runs (CPU: what a quiet machine would take)."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def verdict(seconds: float) -> str:
    """``OK`` within the target, else ``MISSED``."""
    return "OK" if seconds <= TARGET_SECONDS else "MISSED"


def line(label: str, timing: tuple[float, float]) -> str:
    """``label: 0.41 s wall, 0.19 s CPU (target <= 1 s) OK``, judged by CPU time."""
    wall, cpu = timing
    return f"{label}: {wall:.2f} s wall, {cpu:.2f} s CPU (target <= 1 s) {verdict(cpu)}"


def main() -> None:
    """Print the stats and diff figures of a 100,000-position chart."""
    old = product_org(100_000)
    new = reorg(old)
    print(line(f"stats of {len(old):,} positions (columns, as read_csv gives)",
               median_seconds(lambda: orgroles.stats(old.copy()))))  # fmt: skip
    print(line(f"stats of {len(new):,} positions (positions, as load gives)",
               median_seconds(lambda: orgroles.stats(new.copy()))))  # fmt: skip
    result = orgroles.diff(old, new)
    print(line(f"diff {len(old):,} -> {len(new):,} positions ({len(result.changes):,} changes, "
               "stats of both, both validated)",
               median_seconds(lambda: orgroles.diff(old.copy(), new.copy()))))  # fmt: skip
    unvalidated = median_seconds(lambda: orgroles.diff(old.copy(), new.copy(), variant=None))
    print(line("the same diff without validation", unvalidated))


if __name__ == "__main__":
    main()
