"""Charts fitted to a slide: body text once fitted, for orgs beyond the 60-position target.

Target (DESIGN.md section 6): every org of up to 60 positions draws by default with body text of
at least 7 pt on a 16:9 slide (tests/test_render_layout.py checks it for every template). This
prints, for larger templates, the text size drawn as the tree grows (``page="natural"``) and as
arranged for a slide (the default), and how long the default render takes, so the reach of the
arrangement beyond the target and its cost can be followed across runs. Asserts nothing.
"""

from __future__ import annotations

import pathlib
import re
import tempfile
import time

import orgroles

SLIDE = (960.0, 540.0)


def slide_text(svg: bytes) -> float:
    """The smallest box text in points once the SVG is fitted to a 16:9 slide."""
    size = re.search(rb'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    if size is None:
        raise ValueError("not a Graphviz SVG")
    fonts = [float(f) for f in re.findall(rb'font-size="([\d.]+)"', svg)]
    body = min(f for f in fonts if f >= 5)  # the 3 pt spacer line is not text
    return body * min(SLIDE[0] / float(size[1]), SLIDE[1] / float(size[2]))


def main() -> None:
    """Print one line per org: positions, natural and fitted text, render time."""
    orgs = [
        ("scaleup, 36 PMs", orgroles.template("scaleup", pms=36, names=True)),
        ("enterprise, 45 PMs", orgroles.template("enterprise", pms=45, names=True)),
        ("bu_heads, 60 PMs", orgroles.template("bu_heads", pms=60, names=True)),
        ("enterprise, 90 PMs", orgroles.template("enterprise", pms=90, names=True)),
    ]
    print(f"{'org':22} {'positions':>9} {'natural':>8} {'fitted':>7} {'render':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "org.svg"
        for name, chart in orgs:
            orgroles.render(chart, out, page="natural")
            natural = slide_text(out.read_bytes())
            start = time.perf_counter()
            orgroles.render(chart, out)
            took = time.perf_counter() - start
            fitted = slide_text(out.read_bytes())
            print(f"{name:22} {len(chart):9,} {natural:6.1f}pt {fitted:5.1f}pt {took:6.2f}s")
        beyond_target(out)


def beyond_target(out: pathlib.Path) -> None:
    """One line for the templates beyond the target: 61 to 150 positions, every 4th PM count.

    (Past 150 boxes no arrangement is tried: such a chart is drawn as it grows, with advice.)
    """
    texts = []
    start = time.perf_counter()
    for variant in orgroles.variants():
        for pms in range(0, 121, 4):
            try:
                chart = orgroles.template(variant.name, pms=pms)
            except orgroles.TemplateError:
                continue
            if 60 < len(chart) <= 150:
                orgroles.render(chart, out)
                texts.append(slide_text(out.read_bytes()))
    if not texts:
        return
    texts.sort()
    took = (time.perf_counter() - start) / len(texts)
    print(
        f"templates of 61-150 positions ({len(texts)}): {sum(t >= 7 for t in texts)} reach 7 pt, "
        f"{sum(t >= 6 for t in texts)} reach 6 pt; text {texts[0]:.1f}-{texts[-1]:.1f} pt, "
        f"median {texts[len(texts) // 2]:.1f} pt; {took:.2f} s a render"
    )


if __name__ == "__main__":
    main()
