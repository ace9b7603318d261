"""Charts split by unit: link boxes count every position once, dotted lines survive the split.

Most checks read the DOT of each file (no layout); one draws the files as SVG.
"""

from __future__ import annotations

import pathlib
import re
import tempfile
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orgroles import OrgChart, render, to_dot
from orgroles.strategies import org_charts

SVG = "{http://www.w3.org/2000/svg}"


def company() -> OrgChart:
    """A whole company: Payments people under three Directors, one dotted line to each side."""
    chart = OrgChart(name="Co")
    chart.add(id="ceo", role="ceo", name="Ada")
    for i in range(3):
        chart.add(id=f"dir{i}", role="director", name=f"Dir {i}", reports_to="ceo")
        for j in range(2):
            chart.add(id=f"pm{i}{j}", role="pm", reports_to=f"dir{i}", unit="Payments")
    chart.add(id="dg", role="director", name="Gia", unit="Growth", reports_to="ceo")
    chart.add(id="g1", role="pm", name="Gus", reports_to="dg", dotted_to=["dir1", "pm00"])
    return chart


def link_boxes(source: str) -> list[tuple[str, int, str]]:
    """The link boxes of a split file's DOT: (unit, positions counted there, file named)."""
    found = []
    for label in re.findall(r'label=<(.*?)> class="stub stub-link"', source):
        lines = [re.sub(r"</?B>", "", line) for line in label.split("<BR/>")]
        if lines[0] != "Overview":
            count = int(re.split(r" (?:of|position)", lines[1])[0].replace(",", ""))
            found.append((lines[0], count, lines[-1].removeprefix("see ")))
    return found


def far_boxes(source: str) -> list[tuple[str, str, str]]:
    """The far ends of dotted lines in a file's DOT: (kind, who, file named)."""
    found = []
    for label, kind in re.findall(r'label=<(.*?)> class="stub stub-(dotted-\w+)"', source):
        lines = [re.sub(r"</?[BF][^>]*>", "", line) for line in label.split("<BR/>")]
        found.append((kind, lines[1], lines[-1].removeprefix("see ")))
    return found


def split_sources(chart: OrgChart, directory: pathlib.Path) -> dict[str, str]:
    written = render(chart, directory / "org.dot", split_by="unit")
    return {path.name: path.read_text("utf-8") for path in written}


def test_a_unit_hanging_in_three_places_is_counted_once_in_all(tmp_path: pathlib.Path) -> None:
    sources = split_sources(company(), tmp_path)
    overview = link_boxes(sources["org.dot"])
    assert overview.count(("Payments", 2, "org-payments.dot")) == 3
    assert "2 of 6 positions" in sources["org.dot"]
    assert ("Growth", 2, "org-growth.dot") in overview
    drawn = sources["org.dot"].count('class="position')
    assert drawn + sum(count for _, count, _ in overview) == len(company())
    text = render(company(), tmp_path / "org.txt", split_by="unit")[0].read_text("utf-8")
    assert "dir0: Payments · 2 of 6 positions · see org-payments.txt" in text


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    org_charts(max_size=30),
    st.lists(st.sampled_from(["A", "B", "C", None]), min_size=30, max_size=30),
)
def test_every_files_boxes_count_each_position_below_them_once(
    chart: OrgChart, units: list[str | None]
) -> None:
    for position, unit in zip(list(chart), units, strict=False):
        chart.update(position.id, unit=unit)
    with tempfile.TemporaryDirectory() as directory:
        sources = split_sources(chart, pathlib.Path(directory))
    drawn = {name: source.count('class="position') for name, source in sources.items()}
    assert sum(drawn.values()) == len(chart)
    # The overview's boxes and the positions it draws account for the whole chart, once.
    overview = link_boxes(sources["org.dot"])
    assert drawn["org.dot"] + sum(count for _, count, _ in overview) == len(chart)
    # Each unit's boxes, wherever they are, add up to the positions of its file and below.
    for name, source in sources.items():
        if name == "org.dot":
            continue
        below = sum(count for _, count, _ in link_boxes(source))
        pointing = [count for s in sources.values() for _, count, f in link_boxes(s) if f == name]
        assert sum(pointing) == drawn[name] + below, name


def test_dotted_lines_between_files_become_boxes_beside_each_end(tmp_path: pathlib.Path) -> None:
    sources = split_sources(company(), tmp_path)
    assert far_boxes(sources["org-growth.dot"]) == [
        ("dotted-manager", "Product Director · Dir 1", "org.dot"),
        ("dotted-manager", "Product Manager · Vacant", "org-payments.dot"),
    ]
    assert far_boxes(sources["org.dot"]) == [
        ("dotted-report", "Product Manager · Gus", "org-growth.dot")
    ]
    assert far_boxes(sources["org-payments.dot"]) == [
        ("dotted-report", "Product Manager · Gus", "org-growth.dot")
    ]
    for source in sources.values():
        assert "dotted-line report" in source  # the legend explains the dashed accent line
    # The box sits on its position's row, joined to it by a dashed line in the accent colour.
    growth = sources["org-growth.dot"]
    assert re.search(r"\{rank=same; n1; s\d+\}", growth)
    assert re.search(r"\ts\d+ -> n1 \[color=\"#c026d3\" style=dashed\]", growth)
    overview = sources["org.dot"]
    assert re.search(r"\tn2 -> s\d+ \[color=\"#c026d3\" style=dashed\]", overview)
    text = render(company(), tmp_path / "org.txt", split_by="unit")[2].read_text("utf-8")
    assert "g1: Dotted line to · Product Director · Dir 1 · see org.txt" in text
    mermaid = render(company(), tmp_path / "org.mmd", split_by="unit")[2].read_text("utf-8")
    assert re.search(r"s\d+ -\.-> n1", mermaid)


def test_a_dotted_line_inside_one_file_stays_a_line_and_none_outside_the_root(
    tmp_path: pathlib.Path,
) -> None:
    chart = company()
    chart.update("pm01", dotted_to=["pm00"])  # both in Payments
    sources = split_sources(chart, tmp_path)
    assert far_boxes(sources["org-payments.dot"])[0][0] == "dotted-report"
    assert len(far_boxes(sources["org-payments.dot"])) == 1  # pm00 <- pm01 is a line
    assert "constraint=false" in sources["org-payments.dot"]
    written = render(chart, tmp_path / "part.dot", split_by="unit", root="dg")
    assert all("stub-dotted" not in path.read_text("utf-8") for path in written)
    assert "stub-dotted" not in to_dot(chart).source


@pytest.mark.layout
def test_split_svg_files_draw_the_far_ends(tmp_path: pathlib.Path) -> None:
    written = render(company(), tmp_path / "org.svg", split_by="unit")
    growth = ET.fromstring(written[2].read_bytes())  # noqa: S314  # our own Graphviz output
    far = [g for g in growth.iter(f"{SVG}g") if "stub-dotted-manager" in (g.get("class") or "")]
    assert len(far) == 2
    words = " ".join(t.text or "" for g in far for t in g.iter(f"{SVG}text"))
    assert "see org.svg" in words
    assert "see org-payments.svg" in words
