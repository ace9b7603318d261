"""The size of an org against a variant's bands: PMs, and the head count the chart states.

Shared by the ``size-mismatch`` rule and the choice of a variant. Knows nothing of rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from orgroles.chart import OrgChart
    from orgroles.variants import Variant

__all__ = ["company_size", "size_problems"]


def company_size(chart: OrgChart) -> int | None:
    """The head count the chart states (``attributes: {employees: N}``), or ``None``.

    Examples:
        >>> from orgroles import OrgChart
        >>> company_size(OrgChart(attributes={"employees": 120})), company_size(OrgChart())
        (120, None)
    """
    value: Any = chart.attributes.get("employees")
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None


def size_problems(
    variant: Variant, *, pms: int, employees: int | None, positions: int
) -> list[str]:
    """Why the counts are outside the variant's bands (empty when they fit).

    Without a stated head count, the number of positions is a lower bound on it: it can show
    a company is too big for a band, never that it is too small.
    """
    problems = []
    if not variant.pms.contains(pms):
        problems.append(f"{pms} PM{'s' if pms != 1 else ''} is outside {variant.pms}")
    if employees is not None:
        if not variant.employees.contains(employees):
            problems.append(f"{employees} employees is outside {variant.employees}")
    elif variant.employees.max is not None and positions > variant.employees.max:
        problems.append(
            f"{positions} positions is already more than {variant.employees.max} employees"
        )
    return problems
