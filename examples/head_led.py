"""The head_led template: a 200-person company where one Head of Product leads the Directors.

Run ``python examples/head_led.py [--out DIR]``: builds the org, validates it against
``head_led`` (no findings allowed), saves ``head_led.yaml`` and prints the tree.
"""

from __future__ import annotations

import _example

import orgroles


def build() -> orgroles.OrgChart:
    """CEO -> Head of Product -> Directors -> Senior PMs / PMs -> APMs, designers, analysts."""
    chart = orgroles.template("head_led", employees=200, analysts=True, names=True, seed=3)
    chart.name = "Head-led example: 200 people, 12 PMs"
    return chart


if __name__ == "__main__":
    _example.main(build, __doc__)
