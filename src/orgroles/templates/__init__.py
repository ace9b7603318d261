"""Size-dependent templates: a realistic product org built from a variant and a company's size.

This package owns :func:`template` and :func:`recommend_variant`; the modules behind this
namespace are private.
"""

from orgroles.templates._plan import (
    BUSINESS_UNIT_NAMES,
    EMPLOYEES_PER_PM,
    PRODUCT_LINE_NAMES,
    Recommendation,
    pms_for_employees,
    recommend_variant,
    template,
)

__all__ = [
    "BUSINESS_UNIT_NAMES",
    "EMPLOYEES_PER_PM",
    "PRODUCT_LINE_NAMES",
    "Recommendation",
    "pms_for_employees",
    "recommend_variant",
    "template",
]
