"""The bu_heads template: a 900-person company with a Head of Product per business unit.

Run ``python examples/bu_heads.py [--out DIR]``: builds the org, validates it against
``bu_heads`` (no findings allowed), saves ``bu_heads.yaml`` and prints the top of the tree.
"""

from __future__ import annotations

import _example

import orgroles


def build() -> orgroles.OrgChart:
    """CEO -> CPO -> Directors (product lines) -> Heads of Product (business units) -> PMs."""
    chart = orgroles.template(
        "bu_heads", employees=900, product_lines=2, business_units=3, names=True, seed=5
    )
    chart.name = "BU-heads example: 900 people, 56 PMs"
    return chart


if __name__ == "__main__":
    _example.main(build, __doc__)
