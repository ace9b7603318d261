"""`make bench`: run every ``benchmarks/bench_*.py`` in turn; each prints its figures and ratios.

Benchmarks compare against a baseline measured in the same process and run, never against fixed
times: these machines are shared and noisy, so only ratios and medians mean anything.
"""

from __future__ import annotations

import pathlib
import runpy
import sys


def main() -> int:
    """Run the selected benchmarks (all, or those whose name contains an argument)."""
    here = pathlib.Path(__file__).parent
    selected = sys.argv[1:]
    scripts = sorted(here.glob("bench_*.py"))
    if selected:
        scripts = [s for s in scripts if any(name in s.stem for name in selected)]
    for script in scripts:
        print(f"## {script.stem}", flush=True)
        runpy.run_path(str(script), run_name="__main__")
        print(flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
