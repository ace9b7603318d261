"""Hypothesis strategies for org charts: valid charts by construction, and charts with named faults.

This package owns generating examples. It judges nothing itself (``validate`` does) and reads the
variant's facts (ranks, ``manages``, spans, layers) to build charts that pass by construction.
It imports hypothesis, so only tests import it; ``import orgroles`` never does. Behind this
namespace: ``_values`` (roles, ids, positions), ``_valid`` (valid charts), ``_faults`` (charts
with named faults), ``_reorgs`` (a chart and a reorg of it) and ``_args`` (argument checks).

Examples:
    >>> from hypothesis import given, settings
    >>> from orgroles.strategies import org_charts
    >>> from orgroles.validation import validate
    >>> @settings(max_examples=20)
    ... @given(org_charts(variant="scaleup", max_size=30))
    ... def test_sound(chart):
    ...     assert validate(chart).ok
    >>> test_sound()
"""

from __future__ import annotations

from hypothesis import strategies as st

from orgroles.chart import OrgChart
from orgroles.strategies._faults import INJECTABLE_CODES, Fault, FaultyChart, invalid_org_charts
from orgroles.strategies._reorgs import REORG_STEPS, Reorg, reorgs
from orgroles.strategies._valid import org_charts
from orgroles.strategies._values import position_ids, positions, roles

__all__ = [
    "INJECTABLE_CODES",
    "REORG_STEPS",
    "Fault",
    "FaultyChart",
    "Reorg",
    "invalid_org_charts",
    "org_charts",
    "position_ids",
    "positions",
    "reorgs",
    "roles",
]


def _register() -> None:
    """Register :func:`org_charts` for ``st.from_type(OrgChart)`` (the hypothesis hook)."""
    st.register_type_strategy(OrgChart, org_charts())
