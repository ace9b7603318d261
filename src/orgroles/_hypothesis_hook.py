"""The ``hypothesis`` entry point: ``st.from_type(OrgChart)`` draws from ``org_charts()``.

Hypothesis imports this module while it initialises, so it imports nothing at module level and
the hook gives up quietly on an ImportError: a broken optional install must never break
``import hypothesis``.
"""

from __future__ import annotations


def _hypothesis_setup_hook() -> None:
    """Register the OrgChart strategy; do nothing when something it needs cannot be imported."""
    try:
        from orgroles.strategies import _register  # noqa: PLC0415  # imported on demand only
    except ImportError:
        return
    _register()
