"""Generating valid charts with `orgroles.strategies`: 100 enterprise charts, up to 200 positions.

Target (issue 7): at most 2 s for the 100 charts. Printed, never asserted: these machines are
shared and noisy. The baseline in the same run is hypothesis drawing 100 lists of 200 integers
(the bare cost of that much drawing), so the ratio shows what building charts adds.
"""

from __future__ import annotations

import statistics
import time

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from orgroles.strategies import org_charts

EXAMPLES = 100
MAX_SIZE = 200
RUNS = 3


def run_examples(strategy: st.SearchStrategy[object]) -> tuple[float, list[int]]:
    """Seconds to draw ``EXAMPLES`` examples (generation only), and their sizes."""
    sizes: list[int] = []

    @settings(
        max_examples=EXAMPLES,
        phases=[Phase.generate],
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def draw_all(example: object) -> None:
        sizes.append(len(example))  # type: ignore[arg-type]  # charts and lists both have len

    start = time.perf_counter()
    draw_all()
    return time.perf_counter() - start, sizes


def main() -> None:
    """Print the timings of the chart strategy (sizes drawn, and all at the maximum)."""
    cases = {
        f"up to {MAX_SIZE}": org_charts(variant="enterprise", max_size=MAX_SIZE),
        f"exactly {MAX_SIZE}": org_charts(
            variant="enterprise", min_size=MAX_SIZE, max_size=MAX_SIZE
        ),
    }
    baseline = st.lists(st.integers(0, 10), min_size=1, max_size=MAX_SIZE)
    run_examples(baseline)
    base = statistics.median(run_examples(baseline)[0] for _ in range(RUNS))
    print(f"baseline: {EXAMPLES} lists of up to {MAX_SIZE} integers, median {base:.3f} s")
    for label, charts in cases.items():
        run_examples(charts)  # warm up: imports, variant files, strategy caches
        times = []
        sizes: list[int] = []
        for _ in range(RUNS):
            seconds, sizes = run_examples(charts)
            times.append(seconds)
        median = statistics.median(times)
        mean = statistics.mean(sizes)
        per_position = median / max(sum(sizes), 1) * 1e6
        print(
            f"{len(sizes)} enterprise charts of {label} positions (mean {mean:.0f}): "
            f"median {median:.3f} s of {RUNS} runs (target <= 2 s), "
            f"{per_position:.0f} us per position, {median / base:.0f}x baseline"
        )


if __name__ == "__main__":
    main()
