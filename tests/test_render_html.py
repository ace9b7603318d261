"""The HTML page in a real headless Chromium: search, units, keyboard.

Driven from Python with playwright's API and Debian's ``chromium`` (``apt-get install
chromium``; ``.ci/run`` installs it). Where Chromium or playwright is missing the tests skip
with a message saying how to enable them, except in CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import os
import pathlib
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

import orgroles
from orgroles import OrgChart

pytestmark = pytest.mark.layout

_ENABLE = (
    "the HTML page tests need Chromium and playwright: `apt-get install chromium` (Debian) and "
    "`pip install playwright` (in the dev extra)"
)


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found is not None:
            return found
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _chromium()
    try:
        from playwright.sync_api import sync_playwright  # optional dev tool
    except ImportError:
        executable = None
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the browser tests: {_ENABLE}")
        pytest.skip(_ENABLE)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True)
        try:
            yield launched
        finally:
            launched.close()


def product_chart() -> OrgChart:
    chart = OrgChart(name="Product")
    chart.add(id="cpo", role="cpo", name="Maria Souza")
    chart.add(id="pd-pay", role="director", name="Lin Wei", reports_to="cpo", unit="Payments")
    chart.add(id="pd-grow", role="director", name="Ana Lima", reports_to="cpo", unit="Growth")
    chart.add(id="pm-1", role="pm", name="Tomás Ruiz", reports_to="pd-pay", unit="Payments")
    chart.add(id="pm-2", role="pm", name="Zoë Kim", reports_to="pd-pay", unit="Payments")
    chart.add(id="pm-3", role="pm", reports_to="pd-grow", unit="Growth")
    return chart


@pytest.fixture
def page(browser: Any, tmp_path: pathlib.Path) -> Iterator[Any]:
    (path,) = orgroles.render(product_chart(), tmp_path / "org.html")
    opened = browser.new_page(viewport={"width": 1200, "height": 800})
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.goto(path.as_uri())
    yield opened
    opened.close()
    assert errors == []


def search(page: Any, text: str) -> list[str]:
    """Type ``text`` in the search box; the ids of the boxes it highlights."""
    page.fill("#q", text)
    hits: list[str] = page.eval_on_selector_all(
        "g.position.hit", "boxes => boxes.map(b => b.getAttribute('data-position-id'))"
    )
    return sorted(hits)


def focused(page: Any) -> str | None:
    found: str | None = page.evaluate(
        "() => document.activeElement && document.activeElement.getAttribute('data-position-id')"
    )
    return found


def test_search_ignores_case_and_accents(page: Any) -> None:
    assert search(page, "tomas") == ["pm-1"]
    assert page.text_content("#count") == "1 match"
    assert search(page, "  ZOE   kim ") == ["pm-2"]
    assert search(page, "Tomás Ruiz") == ["pm-1"]


def test_search_finds_ids_and_units(page: Any) -> None:
    assert search(page, "pd-grow") == ["pd-grow"]
    assert search(page, "payments") == ["pd-pay", "pm-1", "pm-2"]
    assert search(page, "growth") == ["pd-grow", "pm-3"]
    assert page.text_content("#count") == "2 matches"
    assert search(page, "") == []
    assert page.text_content("#count") == ""


def test_slash_searches_and_escape_clears(page: Any) -> None:
    page.click("#fit")
    page.keyboard.press("/")
    assert page.evaluate("() => document.activeElement.id") == "q"
    page.keyboard.type("lin")
    assert page.eval_on_selector_all("g.position.hit", "b => b.length") == 1
    page.keyboard.press("Escape")
    assert page.input_value("#q") == ""
    assert page.eval_on_selector_all("g.position.hit", "b => b.length") == 0
    assert page.evaluate("() => document.activeElement.id") != "q"


def test_tab_and_arrows_move_through_boxes_showing_units(page: Any) -> None:
    page.focus("#stats > summary")  # the bar's last control
    page.keyboard.press("Tab")
    assert focused(page) == "cpo"
    page.keyboard.press("ArrowDown")
    below = focused(page)
    assert below in {"pd-pay", "pd-grow"}
    unit = "Payments" if below == "pd-pay" else "Growth"
    info = page.text_content("#info")
    assert f"unit {unit}" in info
    assert f"id {below}" in info
    page.keyboard.press("ArrowRight" if below == "pd-pay" else "ArrowLeft")
    assert focused(page) == ("pd-grow" if below == "pd-pay" else "pd-pay")
    page.keyboard.press("ArrowUp")
    assert focused(page) == "cpo"
    page.keyboard.press("Tab")
    assert focused(page) is not None


def test_enter_zooms_to_the_box_in_focus_and_escape_shows_all(page: Any) -> None:
    whole = page.get_attribute("#view > svg", "viewBox")
    page.focus("g.position[data-position-id='pm-3']")
    page.keyboard.press("Enter")
    zoomed = [float(n) for n in page.get_attribute("#view > svg", "viewBox").split()]
    assert zoomed[2] < [float(n) for n in whole.split()][2]
    page.keyboard.press("Escape")
    shown = [float(n) for n in page.get_attribute("#view > svg", "viewBox").split()]
    assert shown == [float(n) for n in whole.split()]


def test_statistics_panel_opens_showing_the_figures(page: Any) -> None:
    figures = orgroles.stats(product_chart(), variant=None)
    assert (figures.positions, figures.vacant, figures.managers, figures.layers) == (6, 1, 3, 3)
    assert not page.is_visible("#stats-panel")  # closed: the chart has the room
    page.click("#stats > summary")
    panel = page.locator("#stats-panel")
    assert panel.is_visible()
    tiles = panel.locator(".tile").all_inner_texts()
    assert [" ".join(tile.split()) for tile in tiles] == [
        "6 positions",
        "5 filled",
        "1 (17%) vacant",
        "3 managers",
        "3 layers",
        "1 : 1 manager : IC",
    ]
    # Each band's and layer's figures are shown beside its bar, inside the panel's box.
    box = panel.bounding_box()
    for text in ("33% · 1 manager", "67% · 2 managers", "3 · 1 vacant"):
        figure = panel.get_by_text(text, exact=True)
        assert figure.is_visible()
        where = figure.bounding_box()
        assert box["x"] <= where["x"]
        assert where["x"] + where["width"] <= box["x"] + box["width"]
    # The 2-3 band (cpo, pd-pay) is twice as long as band 1 (pd-grow); 4-7 has no bar.
    widths = page.eval_on_selector_all(
        "#stats-spans rect.bar-m", "bars => bars.map(b => b.getBoundingClientRect().width)"
    )
    assert widths[1] == pytest.approx(2 * widths[0], abs=0.5)
    assert widths[2:] == [0, 0, 0, 0]
    page.keyboard.press("Escape")
    assert not panel.is_visible()
    assert page.evaluate("() => document.activeElement.textContent") == "Statistics"


def test_statistics_panel_in_the_dark_theme(browser: Any, tmp_path: pathlib.Path) -> None:
    (path,) = orgroles.render(product_chart(), tmp_path / "org.html", theme="dark")
    opened = browser.new_page(viewport={"width": 1200, "height": 800})
    opened.goto(path.as_uri())
    opened.click("#stats > summary")
    colours = opened.evaluate(
        """() => {
        const style = (selector, name) =>
            getComputedStyle(document.querySelector(selector))[name];
        return [style("#stats-panel", "backgroundColor"), style("#stats-spans g text", "fill"),
                style("#stats-panel .note", "color")];
    }"""
    )
    # The theme's background, text and muted colours (#16191d, #eef2f6, #a9b4c0).
    assert colours == ["rgb(22, 25, 29)", "rgb(238, 242, 246)", "rgb(169, 180, 192)"]
    opened.close()


def test_hostile_unit_is_data_not_markup(browser: Any, tmp_path: pathlib.Path) -> None:
    chart = product_chart()
    chart.update("pm-3", unit="</script><script>window.owned=1</script>")
    (path,) = orgroles.render(chart, tmp_path / "org.html")
    opened = browser.new_page()
    opened.goto(path.as_uri())
    assert opened.evaluate("() => window.owned") is None
    opened.fill("#q", "window.owned")
    assert opened.eval_on_selector_all("g.position.hit", "b => b.length") == 1
    opened.close()


def test_a_wrapped_title_matches_and_enter_centres_each_hit(
    browser: Any, tmp_path: pathlib.Path
) -> None:
    chart = product_chart()
    chart.update("pd-pay", title="Head of Product, Payments and Risk Platform")
    (path,) = orgroles.render(chart, tmp_path / "org.html")
    opened = browser.new_page(viewport={"width": 1200, "height": 800})
    opened.goto(path.as_uri())
    assert search(opened, "payments and risk") == ["pd-pay"]  # across the title's line break
    assert search(opened, "product manager") == ["pm-1", "pm-2", "pm-3"]
    opened.press("#q", "Enter")
    centres = opened.evaluate(
        """() => {
        const box = document.querySelector("g.position.hit").getBoundingClientRect();
        const view = document.getElementById("view").getBoundingClientRect();
        return [box.x + box.width / 2, box.y + box.height / 2,
                view.x + view.width / 2, view.y + view.height / 2];
    }"""
    )
    assert centres[0] == pytest.approx(centres[2], abs=2)
    assert centres[1] == pytest.approx(centres[3], abs=2)
    opened.close()
