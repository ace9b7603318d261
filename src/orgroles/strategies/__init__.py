"""Hypothesis strategies for org charts: valid charts by construction, and charts with named faults.

It imports hypothesis, so only tests import it; ``import orgroles`` never does. The modules
behind this namespace are private.
"""

from orgroles.strategies._faults import (
    INJECTABLE_CODES,
    Fault,
    FaultyChart,
    invalid_org_charts,
    org_charts,
    position_ids,
    positions,
    roles,
)
from orgroles.strategies._faults import (
    _register as _register,  # the hypothesis hook's entry point
)

__all__ = [
    "INJECTABLE_CODES",
    "Fault",
    "FaultyChart",
    "invalid_org_charts",
    "org_charts",
    "position_ids",
    "positions",
    "roles",
]
