"""Drawings arranged to fit a page: leaf grids, wrapped rows, and the slide target.

The target (DESIGN.md section 6): every product org of up to 60 positions draws by default with
body text of at least 7 pt once the image is fitted to a 16:9 slide. It is checked here from
what a user gets, the SVG's own width, height and font sizes, over every built-in template of
that size and a hand-written org; the plan-level tests check that an arrangement never loses or
misplaces a position.
"""

from __future__ import annotations

import functools
import pathlib
import re

import pytest

import orgroles
from orgroles import OrgChart
from orgroles._render._fit import page_text
from orgroles._render._plan import Arrangement, DrawPlan, build_plan
from orgroles._render._style import Style

SLIDE = (960.0, 540.0)  # points: 13.33 x 7.5 in
TARGET = 7.0  # points of body text once fitted to the slide


def product_org() -> OrgChart:
    """A hand-written 41-position product org: a CPO with an assistant, two Product Directors
    and a Head of Product, five GPMs, 29 PMs (one seat vacant), a designer, an analyst and a
    dotted line."""
    chart = OrgChart(name="Product org")
    chart.add(id="cpo", role="cpo", name="Maria Souza", title="Chief Product Officer")
    chart.add(id="ea", role="other", name="Tomás Ruiz", title="Executive Assistant",
              reports_to="cpo", assistant=True)  # fmt: skip
    leaders = [("pd-pay", "director", "Payments"), ("pd-growth", "director", "Growth"),
               ("hop", "head_of_product", "Platform")]  # fmt: skip
    for pid, role, unit in leaders:
        chart.add(id=pid, role=role, name=f"Leader of {unit}", reports_to="cpo", unit=unit)
    gpms = [("gpm-1", "pd-pay"), ("gpm-2", "pd-pay"), ("gpm-3", "pd-growth"),
            ("gpm-4", "pd-growth"), ("gpm-5", "hop")]  # fmt: skip
    for number, (gpm, leader) in enumerate(gpms, 1):
        unit = chart[leader].unit or ""
        chart.add(id=gpm, role="gpm", name=f"Group Lead {number}", reports_to=leader, unit=unit)
    for number in range(1, 30):
        gpm = gpms[min((number - 1) // 6, 4)][0]
        name = None if number == 7 else f"Product Person {number}"
        chart.add(id=f"pm-{number}", role="pm", name=name, reports_to=gpm,
                  title=f"Product Manager, {chart[gpm].unit}", unit=chart[gpm].unit)  # fmt: skip
    chart.add(id="ux", role="designer", name="Kim Park", reports_to="cpo")
    chart.add(id="an", role="analyst", name="Lee Chan", reports_to="hop", unit="Platform")
    chart.update("pm-3", dotted_to=["pd-growth"])
    return chart


@functools.cache
def small_templates() -> dict[str, OrgChart]:
    """Every built-in template of at most 60 positions, by variant and number of PMs."""
    found = {}
    for variant in orgroles.variants():
        for pms in range(61):
            try:
                chart = orgroles.template(variant.name, pms=pms)
            except orgroles.TemplateError:
                continue
            if len(chart) <= 60:
                found[f"{variant.name}-{pms}"] = chart
    return found


def slide_text(svg: bytes) -> float:
    """The smallest text in a position box, in points, once the SVG is fitted to the slide."""
    size = re.search(rb'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    assert size is not None
    width, height = float(size[1]), float(size[2])
    fonts = [float(f) for f in re.findall(rb'font-size="([\d.]+)"', svg)]
    body = min(f for f in fonts if f >= 5)  # the 3 pt spacer line between title and name
    return body * min(SLIDE[0] / width, SLIDE[1] / height)


def test_every_template_of_sixty_positions_or_fewer_is_enumerated() -> None:
    names = small_templates()
    assert {name.split("-")[0] for name in names} == {v.name for v in orgroles.variants()}
    assert len(names) >= 60


@pytest.mark.layout
@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(small_templates()))
def test_templates_of_up_to_sixty_positions_fit_a_slide_by_default(
    tmp_path: pathlib.Path, name: str
) -> None:
    out = tmp_path / "org.svg"
    orgroles.render(small_templates()[name], out)
    assert slide_text(out.read_bytes()) >= TARGET


@pytest.mark.layout
def test_hand_written_product_org_fits_a_slide(tmp_path: pathlib.Path) -> None:
    chart = product_org()
    assert len(chart) == 41
    out = tmp_path / "org.svg"
    (file,) = orgroles.render_files(chart, out)
    svg = out.read_bytes()
    assert slide_text(svg) >= TARGET
    assert file.fits_slide()
    # Every position is drawn, once, with its dotted line.
    assert svg.count(b'class="node position') == 41
    assert svg.count(b"Vacant") >= 1


def plan_of(chart: OrgChart, arrangement: Arrangement | None) -> DrawPlan:
    return build_plan(chart, Style(), arrangement=arrangement)


def test_wrapped_rows_keep_every_position_under_its_own_manager() -> None:
    chart = product_org()
    natural = plan_of(chart, None)
    for arrangement in (
        Arrangement(columns=1, width=4),
        Arrangement(columns=2, width=3, share=True),
    ):
        plan = plan_of(chart, arrangement)
        assert plan.positions.keys() == natural.positions.keys()
        assert plan.manager == natural.manager
        assert plan.dotted == natural.dotted
        # A row below the first names a report of the manager whose team wraps.
        for report, tier in plan.tier_of.items():
            assert tier >= 1
            assert len(plan.tier_rows[plan.manager[report]]) > tier
    assert natural.tier_of == {}


def test_a_grid_of_two_pairs_a_team_of_leaves_row_by_row() -> None:
    chart = OrgChart([{"id": "g", "role": "gpm"}] + [
        {"id": f"p{i}", "role": "pm", "reports_to": "g"} for i in range(5)])  # fmt: skip
    plan = plan_of(chart, Arrangement(columns=2))
    assert plan.pairs == {"g"}
    assert plan.tier_of == {"p2": 1, "p3": 1, "p4": 2}
    assert plan.tier_rows["g"] == [0, 1, 2]


def test_rows_with_room_keep_full_width_boxes_in_a_narrow_arrangement() -> None:
    chart = orgroles.template("enterprise", pms=40)
    plan = plan_of(chart, Arrangement(columns=1, width=19, share=True, narrow=3))
    top = [p.id for p in chart if p.reports_to is None]
    assert set(top) <= plan.roomy  # the CEO, alone on the top row
    # A row with a box heading nothing below it (a designer, a PM) is narrow throughout.
    for pid in plan.roomy:
        assert chart[pid].role not in ("pm", "designer", "apm")
        row = plan.row_of[pid]
        assert all(plan.widths[other] >= 2 for other, r in plan.row_of.items() if r == row)
    assert plan_of(chart, Arrangement(columns=1, width=19, share=True)).roomy == set()


@pytest.mark.layout
def test_estimated_sizes_are_close_to_what_graphviz_lays_out() -> None:
    """The fitter measures only the arrangements its estimate ranks best: it must be close."""
    from orgroles._render import _measure
    from orgroles._render._dot import NARROWNESS, box_size
    from orgroles._render._fit import _estimated_size

    chart = orgroles.template("bu_heads", pms=34)
    plans = [
        plan_of(chart, Arrangement(columns=columns, width=width, share=share, narrow=narrow))
        for columns, width, share, narrow in [(3, 14, True, 2), (1, 18, False, 3), (1, 8, True, 1)]
    ]
    boxes = {(pid, n): box_size(plans[0], p, n) for pid, p in plans[0].positions.items()
             for n in NARROWNESS}  # fmt: skip
    for plan, (width, height) in zip(plans, _measure(plans), strict=True):
        across, down = _estimated_size(plan, boxes)
        assert across == pytest.approx(width, rel=0.12)
        assert down == pytest.approx(height, rel=0.12)


def test_options_reject_an_unknown_page() -> None:
    with pytest.raises(ValueError, match="unknown page 'letter'"):
        Style(page="letter")  # type: ignore[arg-type]  # a page the type does not allow, on purpose


@pytest.mark.layout
def test_natural_page_keeps_the_tree_and_fitting_is_deterministic() -> None:
    chart = orgroles.template("scaleup", pms=20, names=True)
    natural = build_plan(chart, Style(page="natural"))
    assert natural.tier_of == {}
    assert natural.arrangement == Arrangement()
    first, second = orgroles.to_dot(chart).source, orgroles.to_dot(chart).source
    assert first == second


@pytest.mark.layout
def test_a_chart_that_fits_as_it_is_keeps_its_natural_tree() -> None:
    chart = OrgChart([{"id": "ceo", "role": "ceo", "name": "Ada"}] + [
        {"id": f"pm{i}", "role": "pm", "reports_to": "ceo"} for i in range(4)])  # fmt: skip
    natural = orgroles._render._plan(chart, Style(page="natural"), None)
    assert orgroles.to_dot(chart).source == _dot_of(natural)


def _dot_of(plan: DrawPlan) -> str:
    from orgroles._render._dot import plan_to_dot

    source: str = plan_to_dot(plan).source
    return source


def test_page_text_turns_paper_either_way() -> None:
    assert page_text(595, 842, "a4") == 10.0  # portrait A4 drawing on A4
    assert page_text(842, 595, "a4") == 10.0
    assert page_text(1920, 1080, "slide") == 5.0
    assert page_text(1920, 1080, "a3") == pytest.approx(10 * 1191 / 1920)


@pytest.mark.layout
def test_a_natural_drawing_too_wide_for_a_slide_is_told_to_fit_it(tmp_path: pathlib.Path) -> None:
    chart = product_org()
    (natural,) = orgroles.render_files(chart, tmp_path / "natural.svg", page="natural")
    assert not natural.fits_slide()
    (page,) = [r for r in natural.remedies if r.option == "page"]
    assert page.flag() == "--page slide"
    (fitted,) = orgroles.render_files(chart, tmp_path / "fitted.svg")
    assert page.gives == str(fitted.size)
    assert fitted.fits_slide()
