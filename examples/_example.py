"""What every variant example does after building its org: validate, save, summarise.

Shared by ``examples/<variant>.py`` and ``examples/demo.py`` (``make demo``).
"""

from __future__ import annotations

import argparse
import pathlib
from collections.abc import Callable

import orgroles


def summary(chart: orgroles.OrgChart, report: orgroles.Report) -> str:
    """One line from orgroles.stats: positions, PMs, managers, layers (top = 1) and findings."""
    figures = orgroles.stats(chart)
    return (
        f"{plural(figures.positions, 'position')} ({figures.vacant} vacant), "
        f"{plural(figures.pms, 'PM')}, {plural(figures.managers, 'manager')}, "
        f"{plural(figures.layers, 'layer')}, {plural(len(report.findings), 'finding')}"
    )


def plural(count: int, word: str) -> str:
    """``1 PM``, ``2 PMs``."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def check_and_save(chart: orgroles.OrgChart, out_dir: pathlib.Path) -> pathlib.Path:
    """Validate against the chart's own variant (a template must be clean), then save it.

    Raises:
        SystemExit: the chart has findings, listed one per line.
    """
    report = orgroles.validate(chart)
    if report.findings:
        lines = "\n".join(f"  {finding}" for finding in report.findings)
        raise SystemExit(f"{chart.name} is not clean against {report.variant}:\n{lines}")
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{chart.variant}.yaml"
    orgroles.dump(chart, path)
    if orgroles.load(path) != chart:
        raise SystemExit(f"{path} did not read back identically")
    print(f"== {chart.name} ({report.variant}): {summary(chart, report)} -> {path}")
    return path


def main(build: Callable[[], orgroles.OrgChart], description: str | None) -> None:
    """The command line of one example: ``python examples/<variant>.py [--out DIR]``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--out", default="out", type=pathlib.Path)
    args = parser.parse_args()
    chart = build()
    check_and_save(chart, args.out)
    print(orgroles.to_text(chart, depth=3))
