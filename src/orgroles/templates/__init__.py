"""Size-dependent templates: a realistic product org built from a variant and a company's size.

This package owns :func:`template` and :func:`recommend_variant`. It reads the variants' size
bands, spans, layers and ``manages`` tables and builds charts through the public
:class:`~orgroles.OrgChart` API; it knows no validation rule, file format, renderer or CLI.
Behind this namespace: ``_recommend`` (which variant fits), ``_plan`` (the checked numbers of a
template), ``_build`` (the seats, ids and names of the chart) and ``_data`` (names and titles).
"""

from orgroles.templates._build import template
from orgroles.templates._data import BUSINESS_UNIT_NAMES, PRODUCT_LINE_NAMES
from orgroles.templates._plan import EMPLOYEES_PER_PM, pms_for_employees
from orgroles.templates._recommend import Recommendation, recommend_variant

__all__ = [
    "BUSINESS_UNIT_NAMES",
    "EMPLOYEES_PER_PM",
    "PRODUCT_LINE_NAMES",
    "Recommendation",
    "pms_for_employees",
    "recommend_variant",
    "template",
]
