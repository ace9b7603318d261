"""Suite-wide settings: a deterministic hypothesis profile for CI.

Locally, property tests draw fresh examples on every run, to find what nobody thought of. CI
(`.ci/run` sets ``ORGROLES_HYPOTHESIS_PROFILE=ci``) derandomizes them, so a landing never
depends on luck; a failure found locally is fixed and kept as an explicit example.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

# Nor on the machine's load: generation-speed health checks and deadlines measure the box
# (a shared 2-core CI runner under branch coverage), not the code.
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    print_blob=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("ORGROLES_HYPOTHESIS_PROFILE", "default"))

# The project's own pytest plugin, loaded here rather than through its entry point (which
# pyproject.toml's addopts turn off): by now coverage runs in every xdist worker, so the
# plugin's module lines count as run. Inner runs (pytester) load it through the entry point.
pytest_plugins = ["orgroles.pytest_plugin"]


# Doctests cannot carry a marker themselves: these lay a chart out with Graphviz.
_LAYOUT_DOCTESTS = frozenset(
    {
        "orgroles._render.chart_svg",
        "orgroles._render.chart_html",
        "orgroles._render.render_files",
        "orgroles._render._engine.draw",
        "orgroles._render._engine.draw_in_process",
        "orgroles._render._engine.draw_measured",
    }
)


# A property test of more than this many examples is `slow`, whether or not it says so.
_SLOW_EXAMPLES = 100


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if isinstance(item, pytest.DoctestItem) and item.name in _LAYOUT_DOCTESTS:
            item.add_marker(pytest.mark.layout)
        # Where @settings keeps a test's settings (hypothesis' own pytest plugin reads it too).
        chosen = getattr(getattr(item, "obj", None), "_hypothesis_internal_use_settings", None)
        if chosen is not None and chosen.max_examples > _SLOW_EXAMPLES:
            item.add_marker(pytest.mark.slow)
