"""The HTML page's statistics panel: its figures, its two SVG charts and hostile text in it.

The panel is checked as markup here (no Graphviz, no browser); tests/test_render_html.py shows
it in a real Chromium.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings

from orgroles import OrgChart, stats
from orgroles._render._escape import visible
from orgroles._render._stats_panel import MAX_LAYERS, MAX_UNITS, stats_panel
from orgroles.strategies import org_charts
from orgroles.testing import make_chart


def product_chart() -> OrgChart:
    chart = OrgChart(name="Product")
    chart.add(id="cpo", role="cpo", name="Maria Souza")
    chart.add(id="ea", role="other", name="Sam", reports_to="cpo", assistant=True)
    chart.add(id="pd-pay", role="director", name="Lin Wei", reports_to="cpo", unit="Payments")
    chart.add(id="pd-grow", role="director", name="Ana Lima", reports_to="cpo", unit="Growth")
    for i in range(1, 6):
        chart.add(id=f"pm-{i}", role="pm", name=f"PM {i}", reports_to="pd-pay")
    chart.add(id="pm-6", role="pm", reports_to="pd-grow")  # vacant
    chart.add(id="pm-7", role="pm", reports_to="pd-pay")  # vacant
    return chart


def parse(panel: str) -> ET.Element:
    """The panel as an element tree: it is well-formed XML whatever the chart holds."""
    return ET.fromstring(panel)  # noqa: S314  # our own markup, parsed to check it


def text_of(element: ET.Element | None) -> str:
    assert element is not None
    return "".join(element.itertext())


def tiles(root: ET.Element) -> dict[str, str]:
    """Each headline tile's label -> its figure as shown."""
    found = {}
    for tile in root.iterfind(".//div[@class='tile']"):
        figure, label = tile.find("b"), tile.find("span")
        assert figure is not None
        assert label is not None
        found[text_of(label)] = text_of(figure)
    return found


def rows(root: ET.Element, chart: str) -> list[tuple[str, str, float]]:
    """Each bar row of one SVG chart: its label, the figures beside it, the managers' bar width."""
    svg = root.find(f".//svg[@id='stats-{chart}']")
    assert svg is not None
    found = []
    for row in svg.iterfind("g"):
        label, figure = row.findall("text")
        bar = row.find("rect[@class='bar-m']")
        assert bar is not None
        found.append((text_of(label), text_of(figure), float(bar.get("width", "nan"))))
    return found


def test_headline_figures_match_stats() -> None:
    figures = stats(product_chart(), variant=None)
    assert (figures.positions, figures.vacant, figures.managers, figures.layers) == (11, 2, 3, 3)
    shown = tiles(parse(stats_panel(figures)))
    assert shown == {
        "positions": "11",
        "filled": "9",
        "vacant": "2 (18%)",
        "managers": "3",
        "layers": "3",
        "manager : IC": "1 : 2.67",  # 8 ICs (the assistant one of them) per 3 managers
    }


def test_span_distribution_has_a_bar_and_figures_per_orgvue_band() -> None:
    figures = stats(product_chart(), variant=None)
    bars = rows(parse(stats_panel(figures)), "spans")
    # pd-grow spans 1, cpo 2 (the assistant is out of spans), pd-pay 6.
    assert [(label, figure) for label, figure, _ in bars] == [
        ("1", "33% · 1 manager"),
        ("2-3", "33% · 1 manager"),
        ("4-7", "33% · 1 manager"),
        ("8-12", "0% · 0 managers"),
        ("13-16", "0% · 0 managers"),
        ("17+", "0% · 0 managers"),
    ]
    widths = [width for _, _, width in bars]
    assert widths[0] == widths[1] == widths[2] > 0
    assert widths[3:] == [0, 0, 0]


def test_bar_lengths_follow_the_shares() -> None:
    chart = make_chart(
        "ceo > dir-a, dir-b, dir-c, dir-d; dir-a > pm-1; dir-b > pm-2; dir-c > pm-3, pm-4, pm-5"
        ", pm-6"
    )
    figures = stats(chart, variant=None)
    assert figures.band_counts == (2, 0, 2, 0, 0, 0)  # dir-a, dir-b span 1; ceo, dir-c span 4
    (one, _, four, *_) = rows(parse(stats_panel(figures)), "spans")
    assert one[1] == four[1] == "50% · 2 managers"
    assert one[2] == four[2] > 0


def test_layer_pyramid_has_a_row_per_layer_with_its_counts() -> None:
    figures = stats(product_chart(), variant=None)
    root = parse(stats_panel(figures))
    pyramid = rows(root, "layers")
    assert [(label, figure) for label, figure, _ in pyramid] == [
        ("1", "1"),
        ("2", "3"),
        ("3", "7 · 2 vacant"),
    ]
    # The managers' part of each bar: cpo alone, two directors, no manager in layer 3.
    managers = [width for _, _, width in pyramid]
    assert managers[0] > 0
    assert managers[1] == pytest.approx(2 * managers[0], abs=0.11)  # drawn to 0.1 px
    assert managers[2] == 0
    svg = root.find(".//svg[@id='stats-layers']")
    assert svg is not None
    described = text_of(svg.find("desc"))
    assert "Layer 3: 7 positions (0 managers, 7 individual contributors), 2 vacant" in described


def test_charts_are_labelled_images() -> None:
    root = parse(stats_panel(stats(product_chart(), variant=None)))
    for name in ("spans", "layers"):
        svg = root.find(f".//svg[@id='stats-{name}']")
        assert svg is not None
        assert svg.get("role") == "img"
        labels = svg.get("aria-labelledby", "").split()
        assert labels == [f"stats-{name}-title", f"stats-{name}-desc"]
        assert all(text_of(svg.find(f"*[@id='{label}']")).strip() for label in labels)
        assert all(row.find("title") is not None for row in svg.iterfind("g"))


def test_hostile_unit_names_are_text() -> None:
    unit = '</th><script>alert(1)</script>"&amp;\u202egpj.exe'
    chart = product_chart()
    chart.update("pd-pay", unit=unit)
    panel = stats_panel(stats(chart, variant=None))
    root = parse(panel)  # well-formed: nothing closed early
    assert root.find(".//script") is None
    assert "<script" not in panel
    assert "\u202e" not in panel
    units = [text_of(cell) for cell in root.iterfind(".//table[@class='units']/tbody/tr/th")]
    assert units[0] == visible(unit)  # shown as it is, the bidi control as an escape


def test_long_unit_names_are_cut_and_many_units_are_summed_up() -> None:
    chart = OrgChart()
    chart.add(id="ceo", role="ceo", unit="U" * 500)
    for i in range(MAX_UNITS + 3):
        chart.add(id=f"p{i}", role="pm", reports_to="ceo", unit=f"unit {i:02}")
    root = parse(stats_panel(stats(chart, variant=None)))
    cells = [text_of(cell) for cell in root.iterfind(".//table[@class='units']/tbody/tr/th")]
    assert len(cells) == MAX_UNITS
    assert max(map(len, cells)) <= 60
    assert "and 4 more units" in text_of(root)


def test_a_deep_chain_keeps_the_pyramid_short() -> None:
    chain = " > ".join(f"pm-{i}" for i in range(45))
    figures = stats(make_chart(chain), variant=None)
    assert figures.layers == 45
    pyramid = rows(parse(stats_panel(figures)), "layers")
    assert len(pyramid) == MAX_LAYERS
    below = 45 - MAX_LAYERS + 1  # layers 30 to 45, one vacant position each
    assert pyramid[-1][:2] == (f"{MAX_LAYERS}-45", f"{below} · {below} vacant")


def test_a_chart_without_managers() -> None:
    root = parse(stats_panel(stats(make_chart("ceo"), variant=None)))
    assert root.find(".//svg[@id='stats-spans']") is None
    assert "No managers" in text_of(root)
    assert tiles(root)["manager : IC"] == "-"
    assert [label for label, _, _ in rows(root, "layers")] == ["1"]


def test_same_figures_same_bytes() -> None:
    first = stats_panel(stats(product_chart(), variant=None))
    assert first == stats_panel(stats(product_chart(), variant=None))
    # Coordinates carry one decimal at most.
    assert not re.search(r'="-?\d+\.\d{2,}"', first)


@settings(max_examples=40, deadline=None)
@given(org_charts(max_size=25))
def test_every_chart_gives_a_well_formed_panel_that_adds_up(chart: OrgChart) -> None:
    figures = stats(chart, variant=None)
    root = parse(stats_panel(figures))
    if figures.managers:
        counts = [int(figure.split(" · ")[1].split()[0]) for _, figure, _ in rows(root, "spans")]
        assert counts == list(figures.band_counts)
    layered = [
        int(figure.split(" · ")[0].replace(",", "")) for _, figure, _ in rows(root, "layers")
    ]
    assert sum(layered) == figures.positions - figures.unplaced
