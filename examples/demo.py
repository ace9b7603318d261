"""The `make demo` job: one example product org per variant, validated, saved and drawn.

For each built-in variant, ``examples/<variant>.py`` builds its template (a realistic org of that
size); this script validates it against its variant (a template must have no findings), writes
``out/<variant>.yaml``, checks it reads back, prints a one-line summary (positions, PMs,
managers, layers, findings) and the top of the tree, and draws it.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="out", type=pathlib.Path)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    drawn: list[pathlib.Path] = []
    positions = 0
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
        positions += len(chart)
        print()
    print(
        f"Summary: {len(EXAMPLES)} variants, {positions:,} positions, every org validated clean "
        f"against its variant; {len(drawn)} images in {args.out}/"
    )


if __name__ == "__main__":
    main()
