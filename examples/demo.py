"""The `make demo` job: one example product org per variant, validated, saved and drawn.

For each built-in variant, ``examples/<variant>.py`` builds its template (a realistic org of that
size); this script validates it against its variant (a template must have no findings), writes
``out/<variant>.yaml``, checks it reads back, prints a one-line summary (positions, PMs,
managers, layers, findings), the span bands and the top of the tree, and draws it. Last, a reorg
of the scale-up org: the changes, what they do to the findings, and a diff chart
(``out/scaleup-reorg.svg`` and ``.png``).
"""

from __future__ import annotations

import argparse
import pathlib

import _example
import bu_heads
import enterprise
import head_led
import scaleup
import startup

import orgroles
from orgroles.testing import diff_charts

# One example per built-in variant, smallest org first (examples/<variant>.py).
EXAMPLES = (startup, scaleup, head_led, enterprise, bu_heads)


# Above this many positions a whole chart is a poster, not a slide: also draw the top three
# levels (the rest as "+N more" boxes), the view a product leader puts in a deck.
OVERVIEW_ABOVE = 60


def render_all(chart: orgroles.OrgChart, out_dir: pathlib.Path, stem: str) -> list[pathlib.Path]:
    """Draw the chart as SVG and PNG into ``out_dir``, one summary line per file."""
    drawn: list[pathlib.Path] = []
    views: list[tuple[str, int | None]] = [(stem, None)]
    if len(chart) > OVERVIEW_ABOVE:
        views.append((f"{stem}-overview", 3))
    for name, depth in views:
        for suffix in (".svg", ".png"):
            path = out_dir / f"{name}{suffix}"
            for written in orgroles.render(chart, path, title=chart.name, depth=depth):
                print(f"   drew {written} ({written.stat().st_size / 1024:.0f} KB)")
                drawn.append(written)
    return drawn


def reorg(chart: orgroles.OrgChart) -> orgroles.OrgChart:
    """A reorg a product leader would propose: a GPM team moves, seats open, close and fill."""
    new = chart.copy()
    new.move("gpm-payments-2", "dir-growth")  # the team comes along: one change, not six
    for member in (p.id for p in new.descendants("gpm-payments-2")):
        new.update(member, unit="Growth")
    new.update("gpm-payments-2", unit="Growth")
    new.update("pm-payments-1", name="Lin Wei")  # a vacancy filled
    new.remove("pm-growth-6")  # a vacant seat closed
    new.add(id="pm-growth-7", role="pm", reports_to="gpm-growth-1", unit="Growth")
    new.update("spm-growth-1", title="Senior Product Manager, Growth Platform")
    return new


def show_reorg(old: orgroles.OrgChart, out_dir: pathlib.Path) -> list[pathlib.Path]:
    """Print the reorg's changes and their effect on the findings, and draw the diff chart."""
    new = reorg(old)
    saved = out_dir / "scaleup-reorg.yaml"
    orgroles.dump(new, saved)
    print(f"== Reorg of the scale-up example -> {saved} (orgroles diff shows the same)")
    result = orgroles.diff(old, new)
    for line in diff_charts(old, new):
        print(f"   {line}")
    if result.summary is not None:
        for finding in result.summary.introduced:
            print(f"   finding introduced: {finding.code} at {', '.join(finding.positions)}")
    drawn: list[pathlib.Path] = []
    for suffix in (".svg", ".png"):
        path = out_dir / f"scaleup-reorg{suffix}"
        title = f"{old.name}: the reorg"
        for written in orgroles.diff_chart(old, new, path, title=title, result=result):
            print(f"   drew {written} ({written.stat().st_size / 1024:.0f} KB)")
            drawn.append(written)
    return drawn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="out", type=pathlib.Path)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    drawn: list[pathlib.Path] = []
    positions = 0
    charts: dict[str, orgroles.OrgChart] = {}
    for example in EXAMPLES:
        chart = example.build()
        path = _example.check_and_save(chart, args.out)
        figures = orgroles.stats(chart)
        bands = ", ".join(
            f"{label}: {share:.0%}"
            for label, share in zip(figures.bands.labels, figures.band_shares, strict=True)
            if share
        )
        print(f"   managers per span band: {bands}; {figures.one_over_ones} one-over-ones")
        print(orgroles.to_text(chart, depth=2))
        drawn += render_all(chart, args.out, path.stem)
        charts[path.stem] = chart
        positions += len(chart)
        print()
    drawn += show_reorg(charts["scaleup"], args.out)
    print()
    print(
        f"Summary: {len(EXAMPLES)} variants, {positions:,} positions, every org validated clean "
        f"against its variant; {len(drawn)} images in {args.out}/"
    )


if __name__ == "__main__":
    main()
