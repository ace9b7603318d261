"""The startup template: a 35-person company with 4 PMs under one Head of Product.

Run ``python examples/startup.py [--out DIR]``: builds the org, validates it against
``startup`` (no findings allowed), saves ``startup.yaml`` and prints the tree.
"""

from __future__ import annotations

import _example

import orgroles


def build() -> orgroles.OrgChart:
    """CEO -> Head of Product -> PMs, an APM, two designers and an analyst."""
    chart = orgroles.template(
        "startup", employees=35, pms=4, product_lines=2, analysts=True, names=True, seed=1
    )
    chart.name = "Startup example: 35 people, 4 PMs"
    return chart


if __name__ == "__main__":
    _example.main(build, __doc__)
