"""The picture of the HTML page's statistics panel: ``python tools/stats_panel_image.py``.

Draws an enterprise template as the HTML page, opens its Statistics panel in headless Chromium
(playwright, in the dev extra) and saves the panel as ``docs/img/stats-panel.png``. A docs
build step, not part of the installed package.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import orgroles
from orgroles._write import write_atomically  # every file goes through the atomic writer

OUT = Path(__file__).resolve().parent.parent / "docs" / "img" / "stats-panel.png"


def main() -> int:
    """Write the picture; 1 when Chromium or playwright is missing."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415  # a dev tool

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        print("needs Chromium: apt-get install chromium", file=sys.stderr)
        return 1
    chart = orgroles.template("enterprise", employees=3000, vacancies=0.1, seed=1)
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        (page_path,) = orgroles.render(chart, Path(folder) / "org.html")
        browser = playwright.chromium.launch(executable_path=executable, headless=True)
        page = browser.new_page(viewport={"width": 1200, "height": 1400}, device_scale_factor=1.5)
        page.goto(page_path.as_uri())
        page.click("#stats > summary")
        picture = page.locator("#stats-panel").screenshot(animations="disabled")
        browser.close()
    write_atomically(OUT, picture)
    print(OUT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
