"""``product_org``: the product positions of a whole-company chart plus their chains of command.

This module owns which positions count as product and how the rest is dropped. It works on any
chart (an import or not) and never raises on broken structure.
"""

from __future__ import annotations

from collections.abc import Collection

from orgroles.chart import OrgChart
from orgroles.traversal import with_ancestors

__all__ = ["product_org", "product_role_keys"]


def product_role_keys(chart: OrgChart) -> frozenset[str]:
    """The role keys that count as product: every role not on the ``outside`` track, but ``ceo``.

    Examples:
        >>> sorted(product_role_keys(OrgChart()))[:4]
        ['analyst', 'apm', 'cpo', 'designer']
    """
    return frozenset(
        key for key, role in chart.roles.items() if role.track != "outside" and key != "ceo"
    )


def product_org(chart: OrgChart, *, roles: Collection[str] | None = None) -> OrgChart:
    """The product org inside a chart: product positions plus their chains of command.

    Keeps every position whose role is a product role (every role of the chart's catalog that is
    not on the ``outside`` track, except ``ceo``), and every manager above one of them up to the
    top, so the CEO and any non-product managers in between stay. Everything else is dropped;
    ``len(chart) - len(product_org(chart))`` is how many. Dotted lines to dropped positions are
    dropped too; a manager or dotted-line id that was never in the chart is kept as it was.
    Order, name, variant, catalog, attributes and validation policy are kept. Linear in the
    chart's size; safe on cycles.

    Args:
        chart: any chart.
        roles: the role keys that count as product, instead of the default.

    Examples:
        >>> chart = OrgChart([
        ...     {"id": "ceo", "role": "ceo"},
        ...     {"id": "cto", "role": "other", "title": "CTO", "reports_to": "ceo"},
        ...     {"id": "dev", "role": "other", "title": "Developer", "reports_to": "cto"},
        ...     {"id": "coo", "role": "other", "title": "COO", "reports_to": "ceo"},
        ...     {"id": "pm", "role": "pm", "reports_to": "coo"},
        ... ])
        >>> [p.id for p in product_org(chart)]
        ['ceo', 'coo', 'pm']
    """
    wanted = product_role_keys(chart) if roles is None else frozenset(roles)
    keep = set(with_ancestors(chart, (p.id for p in chart if p.role in wanted)))
    kept = []
    for position in chart:
        if position.id not in keep:
            continue
        if any(t not in keep and t in chart for t in position.dotted_to):
            dotted = tuple(t for t in position.dotted_to if t in keep or t not in chart)
            kept.append(position.model_copy(update={"dotted_to": dotted}))
        else:
            kept.append(position)
    return chart._like(kept)  # same name, variant, catalog, attributes and policy
