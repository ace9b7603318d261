"""The scaleup template: a 320-person company whose CPO leads one Director per product line.

Run ``python examples/scaleup.py [--out DIR]``: builds the org, edits it the way a user would
(a dotted line across lines), validates it against ``scaleup`` (no findings allowed), saves
``scaleup.yaml`` and prints the tree.
"""

from __future__ import annotations

import _example

import orgroles


def build() -> orgroles.OrgChart:
    """CEO -> CPO -> Directors -> GPM teams -> Senior PMs / PMs -> APMs, a tenth vacant."""
    chart = orgroles.template("scaleup", employees=320, vacancies=0.1, seed=2)
    chart.name = "Scale-up example: 320 people, 20 PMs"
    # Templates are a starting point: a Growth PM also works with the Payments Director.
    chart.update("pm-growth-1", dotted_to=["dir-payments"])
    return chart


if __name__ == "__main__":
    _example.main(build, __doc__)
