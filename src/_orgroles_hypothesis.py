"""The ``hypothesis`` entry point of orgroles: ``st.from_type(OrgChart)`` draws ``org_charts()``.

A top-level module on purpose, outside the ``orgroles`` package: hypothesis loads entry points
inside ``import hypothesis`` without catching errors, and loading a hook that lives in the
package would import ``orgroles/__init__`` (pydantic, PyYAML...) first. Here the load itself
cannot fail, and the hook gives up quietly on any failure, so a broken install (or a bug of
ours) never breaks ``import hypothesis`` in this project or any other where orgroles is
installed.
"""

from __future__ import annotations


def _hypothesis_setup_hook() -> None:
    """Register the OrgChart strategy; do nothing when that fails for any reason."""
    try:
        from orgroles.strategies import _register  # noqa: PLC0415  # imported on demand only

        _register()
    except Exception:  # never raise, nor warn: a warning is an error under -W error
        return
