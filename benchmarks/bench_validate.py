"""Validation cost: the median for a 60-position org (target: at most 1 ms), and linearity.

Linearity is shown as time per position at 1k, 10k and 100k positions with the ratios between
them (about 1.0 means linear). Only medians and ratios mean anything on a shared machine. The
work is linear (a profile counts exactly 10x the dictionary operations at 10x the size); at
100k positions time per position still rises about 2x because 100k pydantic objects no longer
fit in the CPU caches, so every attribute read is a cache miss.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

import orgroles


def scaleup_chart(pms: int) -> orgroles.OrgChart:
    """A realistic org: CEO -> CPO -> Directors -> GPMs -> PMs (+ a designer per Director)."""
    rows: list[dict[str, Any]] = [
        {"id": "ceo", "role": "ceo", "name": "A"},
        {"id": "cpo", "role": "cpo", "name": "B", "reports_to": "ceo"},
    ]
    per_gpm, gpms_per_director = 5, 4
    made = 0
    d = 0
    while made < pms:
        director = f"dir-{d}"
        rows.append({"id": director, "role": "director", "reports_to": "cpo", "name": "C"})
        rows.append({"id": f"des-{d}", "role": "designer", "reports_to": director})
        for g in range(gpms_per_director):
            gpm = f"gpm-{d}-{g}"
            rows.append({"id": gpm, "role": "gpm", "reports_to": director, "name": "D"})
            for n in range(per_gpm):
                rows.append(
                    {"id": f"pm-{d}-{g}-{n}", "role": "pm", "reports_to": gpm, "unit": f"u{d}"}
                )
                made += 1
        d += 1
    return orgroles.OrgChart(rows, attributes={"employees": 5 * len(rows)})


def median_seconds(chart: orgroles.OrgChart, variant: str, repeat: int) -> float:
    """The median wall time of ``repeat`` validations."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        orgroles.validate(chart, variant)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print the 60-position median and the per-position times with ratios."""
    # Managers come before their reports, so the first 60 positions are still a tree.
    small = orgroles.OrgChart(list(scaleup_chart(60))[:60], attributes={"employees": 300})
    report = orgroles.validate(small, "scaleup")
    for variant in ("auto", "scaleup"):
        median = median_seconds(small, variant, repeat=400)
        print(
            f"validate {len(small)} positions (variant={variant}): median {median * 1e3:.3f} ms "
            f"(target <= 1 ms) {'OK' if median <= 1e-3 else 'SLOW'}; {len(report)} findings"
        )
    previous = None
    for size in (1_000, 10_000, 100_000):
        chart = scaleup_chart(int(size * 0.8))
        repeat = max(3, 30_000 // size)
        median = median_seconds(chart, "enterprise", repeat=repeat)
        per = median / len(chart) * 1e6
        ratio = f", x{per / previous:.2f} per position vs the previous size" if previous else ""
        print(
            f"validate {len(chart):>7} positions: {median * 1e3:9.1f} ms, "
            f"{per:.2f} us/position{ratio}"
        )
        previous = per


if __name__ == "__main__":
    main()
