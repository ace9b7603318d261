"""The enterprise template: a 1,500-person company with a Senior Director per business unit.

Run ``python examples/enterprise.py [--out DIR]``: builds the org, validates it against
``enterprise`` (no findings allowed), saves ``enterprise.yaml`` and prints the top of the tree.
"""

from __future__ import annotations

import _example

import orgroles


def build() -> orgroles.OrgChart:
    """CEO -> CPO -> Senior Directors -> Directors -> GPMs -> Senior PMs / PMs -> APMs."""
    chart = orgroles.template(
        "enterprise", employees=1500, business_units=2, names=True, vacancies=0.05, seed=4
    )
    chart.name = "Enterprise example: 1,500 people, 94 PMs"
    return chart


if __name__ == "__main__":
    _example.main(build, __doc__)
