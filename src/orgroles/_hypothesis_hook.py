"""The ``hypothesis`` entry point: ``st.from_type(OrgChart)`` draws from ``org_charts()``.

Hypothesis imports this module while it initialises, so it imports nothing at module level and
the hook gives up quietly on any failure: a broken optional install (or a bug of ours) must
never break ``import hypothesis``, in this project or any other where orgroles is installed.
"""

from __future__ import annotations


def _hypothesis_setup_hook() -> None:
    """Register the OrgChart strategy; do nothing when that fails for any reason."""
    try:
        from orgroles.strategies import _register  # noqa: PLC0415  # imported on demand only

        _register()
    except Exception:  # never raise, nor warn: a warning is an error under -W error
        return
