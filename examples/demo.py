"""The `make demo` job: build an example product org per size, check it loads back, summarise it.

Later steps (validation, templates, rendering) extend this script; today it builds each example
org, writes it to ``out/<name>.yaml``, reads it back and prints the tree and a one-line summary.
"""

from __future__ import annotations

import argparse
import pathlib

import orgroles


def startup() -> orgroles.OrgChart:
    """A seed-stage company: the Head of Product reports to the CEO and leads everyone."""
    chart = orgroles.OrgChart(name="Startup example", variant="startup")
    chart.add(id="ceo", role="ceo", name="Ada Lovelace", title="Founder & CEO")
    chart.add(id="hop", role="head_of_product", name="Grace Hopper", reports_to="ceo")
    chart.add(id="pm-core", role="pm", name="Lin Wei", reports_to="hop", unit="Core")
    chart.add(id="pm-growth", role="pm", reports_to="hop", unit="Growth")  # vacant
    chart.add(id="apm-1", role="apm", name="Sam Okafor", reports_to="hop")
    chart.add(id="design-1", role="designer", name="Ines Duarte", reports_to="hop")
    return chart


def scaleup() -> orgroles.OrgChart:
    """A scale-up: CPO, one Director per product line, PMs below, a dotted line across lines."""
    chart = orgroles.OrgChart(name="Scale-up example", variant="scaleup")
    chart.add(id="ceo", role="ceo", name="Ada Lovelace")
    chart.add(id="cpo", role="cpo", name="Grace Hopper", reports_to="ceo")
    for line, people in (
        ("payments", ("Lin Wei", "Noor Haddad", None)),
        ("growth", ("Kai Berg", None, "Ana Ruiz")),
    ):
        unit = line.title()
        chart.add(
            id=f"dir-{line}",
            role="director",
            name=people[0],
            reports_to="cpo",
            unit=unit,
            title=f"Director of Product, {unit}",
        )
        chart.add(
            id=f"spm-{line}", role="senior_pm", name=people[1], reports_to=f"dir-{line}", unit=unit
        )
        chart.add(id=f"pm-{line}", role="pm", name=people[2], reports_to=f"dir-{line}", unit=unit)
    chart.update("pm-growth", dotted_to=["dir-payments"])
    return chart


def render_all(chart: orgroles.OrgChart, out_dir: pathlib.Path, stem: str) -> None:
    """Draw the chart as SVG and PNG into ``out_dir``, one summary line per file."""
    for suffix in (".svg", ".png"):
        for written in orgroles.render(chart, out_dir / f"{stem}{suffix}", title=chart.name):
            print(f"   drew {written} ({written.stat().st_size / 1024:.0f} KB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="out", type=pathlib.Path)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for build in (startup, scaleup):
        chart = build()
        path = args.out / f"{build.__name__}.yaml"
        orgroles.dump(chart, path)
        assert orgroles.load(path) == chart, f"{path} did not read back identically"
        vacant = sum(position.vacant for position in chart)
        print(f"== {chart.name}: {len(chart)} positions, {vacant} vacant -> {path}")
        print(orgroles.to_text(chart))
        render_all(chart, args.out, path.stem)
        print()


if __name__ == "__main__":
    main()
