"""Assertion helpers for users' own tests, the chart factory and the structural chart diff.

This module owns what a failing org test says. It builds on ``validate`` and its findings (it
never re-implements a rule) and imports neither pytest nor hypothesis, so the helpers work in any
test runner; under pytest their own frames are hidden from tracebacks (``__tracebackhide__``).
The pytest plugin (``orgroles.pytest_plugin``) is a thin layer over this module.

Examples:
    >>> from orgroles.testing import assert_chain, assert_valid_org, make_chart
    >>> chart = make_chart("ceo > hop > pm-1, pm-2, pm-3", variant="startup")
    >>> assert_chain(chart, "pm-1", ["hop", "ceo"])
    >>> assert_valid_org(chart).ok
    True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from types import EllipsisType
from typing import TYPE_CHECKING, Any, Literal, NoReturn

from orgroles._roles import Role, RoleCatalog, default_catalog
from orgroles.chart import OrgChart
from orgroles.errors import ReportingCycleError
from orgroles.position import Position

if TYPE_CHECKING:
    from orgroles._variants import Variant
    from orgroles.validation import Finding, Report

__all__ = [
    "ROLE_SHORTHANDS",
    "assert_chain",
    "assert_no_vacant_managers",
    "assert_reports_to",
    "assert_span",
    "assert_valid_org",
    "diff_charts",
    "format_findings",
    "make_chart",
]

# -- failure messages --------------------------------------------------------------------------


def format_findings(findings: Iterable[Finding], *, limit: int = 20) -> str:
    """Findings as a short list, one per line with its hint below: what a failing test shows.

    The listing of :func:`orgroles.validation.format_findings`, at most ``limit`` findings.

    Examples:
        >>> from orgroles import Place
        >>> from orgroles.validation import Finding
        >>> loop = Finding("cycle", "error", "a -> b -> a", "make one report elsewhere",
        ...                Place(positions=("a", "b")))
        >>> print(format_findings([loop]))
          cycle [a, b]: a -> b -> a
            hint: make one report elsewhere
    """
    from orgroles.validation.findings import format_findings as listing  # noqa: PLC0415  # light import

    return listing(findings, limit=limit)


def _chart_label(chart: OrgChart) -> str:
    return f"org chart {chart.name!r}" if chart.name else "org chart"


def _fail(message: str) -> NoReturn:
    __tracebackhide__ = True
    # `from None`: a helper failing while it handles an orgroles error (a chain that runs
    # into a cycle) shows the findings, not that error's traceback through our internals.
    raise AssertionError(message) from None


# -- assertion helpers -------------------------------------------------------------------------


def assert_valid_org(
    chart: OrgChart,
    *,
    variant: str | Variant = "auto",
    allow: Iterable[str] = (),
    strict: bool = False,
) -> Report:
    """Assert that ``validate`` finds no error (and, with ``strict``, no warning) in the chart.

    Args:
        chart: the chart to judge.
        variant: a variant name, a :class:`~orgroles._variants.Variant`, or ``"auto"`` (the
            chart's own ``variant``, else the best fit).
        allow: finding codes to accept even at error level, e.g. ``{"multiple-roots"}``.
        strict: fail on warnings too (like ``orgroles validate --strict``).

    Returns:
        The full report, for further checks on warnings or infos.

    Raises:
        AssertionError: listing every failing finding with its code, ids, message and hint.

    Examples:
        >>> chart = make_chart("ceo > hop > pm-1, pm-2, pm-3 > apm-1")
        >>> assert_valid_org(chart, variant="startup")
        Traceback (most recent call last):
        ...
        AssertionError: org chart is not valid for variant startup (given by the caller): 1 error
          ic-with-reports [pm-3, apm-1]: 'pm-3' is a Product Manager (pm), ...
            hint: move the reports under a manager, or give 'pm-3' a manager role (e.g. gpm)
    """
    __tracebackhide__ = True
    from orgroles.validation import validate  # noqa: PLC0415  # keep `import orgroles.testing` light

    report = validate(chart, variant)
    failing = report.failing(strict=strict, allow=allow)
    if failing:
        _fail(not_valid(_chart_label(chart), report, failing))
    return report


def not_valid(label: str, report: Report, failing: Sequence[Finding]) -> str:
    """Why a chart fails: ``<label> is not valid for variant V (why): 1 error`` and the list.

    What :func:`assert_valid_org` and the pytest plugin's org-file items say.
    """
    counts = {s: sum(1 for f in failing if f.severity == s) for s in ("error", "warning", "info")}
    summary = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n)
    reason = f" ({report.variant_reason})" if report.variant_reason else ""
    return (
        f"{label} is not valid for variant {report.variant}{reason}: {summary}\n"
        f"{format_findings(failing)}"
    )


def assert_reports_to(
    chart: OrgChart, position: str, manager: str | None, *, dotted: bool = False
) -> None:
    """Assert that ``position`` reports to ``manager`` (solid line; ``None``: it is a root).

    With ``dotted=True``, assert a dotted line to ``manager`` instead.

    Examples:
        >>> chart = make_chart("ceo > cpo > dir-a > pm-1")
        >>> assert_reports_to(chart, "pm-1", "dir-a")
        >>> assert_reports_to(chart, "pm-1", "cpo")
        Traceback (most recent call last):
        ...
        AssertionError: 'pm-1' reports to 'dir-a' (Product Director), not to 'cpo'
          chain of command of 'pm-1': dir-a > cpo > ceo
    """
    __tracebackhide__ = True
    found = _position(chart, position)
    if dotted:
        if manager is None or manager not in found.dotted_to:
            lines = ", ".join(found.dotted_to) or "none"
            _fail(f"{position!r} has no dotted line to {manager!r}; its dotted lines: {lines}")
        return
    if found.reports_to == manager:
        return
    if found.reports_to is None:
        actual = "is a root (reports to nobody)"
    else:
        boss = chart.get(found.reports_to)
        title = f" ({chart.role_of(boss.id).title})" if boss is not None else " (not in the chart)"
        actual = f"reports to {found.reports_to!r}{title}"
    expected = "to be a root" if manager is None else f"to {manager!r}"
    if manager is not None and manager not in chart:
        expected += " (which is not in the chart)"
    joiner = ", not " if manager is not None else "; expected it "
    _fail(f"{position!r} {actual}{joiner}{expected}\n  {_chain_line(chart, position)}")


def _position(chart: OrgChart, position: str) -> Position:
    __tracebackhide__ = True
    found = chart.get(position)
    if found is None:
        from orgroles.errors import suggest  # noqa: PLC0415  # only on failure

        _fail(
            f"{_chart_label(chart)} has no position {position!r}: "
            + suggest(
                position, [p.id for p in chart], what="position", list_choices=len(chart) <= 12
            )
        )
    return found


def _chain_line(chart: OrgChart, position: str) -> str:
    try:
        chain = [p.id for p in chart.chain_of_command(position)]
    except ReportingCycleError as error:
        return f"chain of command of {position!r}: {error}"
    return f"chain of command of {position!r}: {' > '.join(chain) or '(none: a root)'}"


def assert_chain(
    chart: OrgChart,
    position: str,
    expected: Sequence[str | EllipsisType],
    *,
    by: Literal["id", "role"] = "id",
) -> None:
    """Assert the chain of command of ``position``: its managers, nearest first, up to the top.

    The position itself is not in the chain. ``...`` (Ellipsis) stands for any number of
    managers: ``[..., "cpo", "ceo"]`` checks the top of the chain, ``["dir-a", ...]`` the
    nearest managers, ``[..., "cpo", ...]`` that ``cpo`` is somewhere above. Without ``...``
    the chain must match exactly. ``by="role"`` compares role keys instead of ids.

    Examples:
        >>> chart = make_chart("ceo > cpo > dir-a > gpm-1 > pm-1")
        >>> assert_chain(chart, "pm-1", ["gpm-1", "dir-a", "cpo", "ceo"])
        >>> assert_chain(chart, "pm-1", [..., "cpo", "ceo"])
        >>> assert_chain(chart, "pm-1", ["gpm", "director", ...], by="role")
        >>> assert_chain(chart, "pm-1", [..., "dir-a", "ceo"])
        Traceback (most recent call last):
        ...
        AssertionError: chain of command of 'pm-1' does not match
          expected: ..., dir-a, ceo
          actual:   gpm-1, dir-a, cpo, ceo
    """
    __tracebackhide__ = True
    found = _position(chart, position)
    try:
        managers = chart.chain_of_command(found.id)
    except ReportingCycleError as error:
        _fail(f"chain of command of {position!r} is broken: {error}")
    actual = [p.id if by == "id" else p.role for p in managers]
    if not _chain_matches(actual, list(expected)):
        shown = ", ".join("..." if item is ... else str(item) for item in expected)
        _fail(
            f"chain of command of {position!r} does not match\n"
            f"  expected: {shown or '(none: a root)'}\n"
            f"  actual:   {', '.join(actual) or '(none: a root)'}"
        )


def _chain_matches(actual: list[str], expected: list[str | EllipsisType]) -> bool:
    head_open = bool(expected) and expected[0] is ...
    tail_open = bool(expected) and expected[-1] is ...
    core = expected[1 if head_open else 0 : -1 if tail_open and len(expected) > 1 else None]
    if any(item is ... for item in core):
        raise ValueError("'...' may only open or close the expected chain")
    fixed = [str(item) for item in core]
    width = len(fixed)
    if not head_open and not tail_open:
        return actual == fixed
    if head_open and not tail_open:
        return width <= len(actual) and actual[len(actual) - width :] == fixed
    if tail_open and not head_open:
        return actual[:width] == fixed
    return any(actual[i : i + width] == fixed for i in range(len(actual) - width + 1))


def assert_span(
    chart: OrgChart, manager: str, *, min: int | None = None, max: int | None = None
) -> None:
    """Assert the span of control of ``manager`` (direct reports, assistants not counted).

    Examples:
        >>> chart = make_chart("ceo > hop > pm-1, pm-2, pm-3")
        >>> assert_span(chart, "hop", min=3, max=12)
        >>> assert_span(chart, "hop", max=2)
        Traceback (most recent call last):
        ...
        AssertionError: 'hop' has a span of control of 3, expected at most 2
          direct reports: pm-1, pm-2, pm-3
    """
    __tracebackhide__ = True
    _position(chart, manager)
    if min is None and max is None:
        raise TypeError("assert_span() needs min=, max= or both")
    span = chart.span_of_control(manager)
    too_low = min is not None and span < min
    too_high = max is not None and span > max
    if not (too_low or too_high):
        return
    if min is not None and max is not None:
        wanted = f"between {min} and {max}"
    elif min is not None:
        wanted = f"at least {min}"
    else:
        wanted = f"at most {max}"
    reports = [p.id for p in chart.reports_of(manager, assistants=False)]
    listed = ", ".join(reports[:12]) + (
        f", ... {len(reports) - 12} more" if len(reports) > 12 else ""
    )
    _fail(
        f"{manager!r} has a span of control of {span}, expected {wanted}\n"
        f"  direct reports: {listed or 'none'}"
    )


def assert_no_vacant_managers(chart: OrgChart) -> None:
    """Assert that no vacant position has filled positions under it.

    This is the ``vacant-manager`` rule, whatever severity a policy gives it.

    Examples:
        >>> chart = make_chart("ceo (Ada) > hop > pm-1 (Lin)")
        >>> assert_no_vacant_managers(chart)
        Traceback (most recent call last):
        ...
        AssertionError: org chart has 1 vacant manager
          vacant-manager [hop]: 'hop' is vacant but 1 filled position reports to it, ...
            hint: fill 'hop', or have its reports report to its manager until it is filled
    """
    __tracebackhide__ = True
    from orgroles.validation import find_vacant_managers  # noqa: PLC0415  # keep import light

    findings = find_vacant_managers(chart, _any_variant(chart))
    if findings:
        count = len(findings)
        _fail(
            f"{_chart_label(chart)} has {count} vacant manager{'s' if count != 1 else ''}\n"
            + format_findings(findings)
        )


def _any_variant(chart: OrgChart) -> str:
    # The vacancy rule ignores the variant, but rules take one; skip auto-detection's cost.
    from orgroles._variants import BUILTIN_VARIANTS  # noqa: PLC0415  # keep import light

    return chart.variant if chart.variant in BUILTIN_VARIANTS else BUILTIN_VARIANTS[0]


# -- structural diff ---------------------------------------------------------------------------


def diff_charts(left: OrgChart, right: OrgChart, *, limit: int | None = 30) -> list[str]:
    """The difference from ``left`` to ``right``, one line per change: what a failing test shows.

    The lines of :func:`orgroles.diff` (positions added, removed, moved with their teams,
    retitled, promoted, filled, vacated and the rest, in the right chart's order, removed ones
    last), then chart-level changes, role catalogs and order. An empty list means the charts
    are equal.

    Args:
        left: the chart before.
        right: the chart after.
        limit: show at most this many lines (``None``: all), then a count of the rest.

    Examples:
        >>> before = make_chart("ceo > cpo > dir-a > pm-1, pm-2")
        >>> after = make_chart("ceo > cpo > dir-a > pm-1; cpo > dir-b > pm-2, pm-3")
        >>> after.update("pm-1", role="senior_pm").role
        'senior_pm'
        >>> for line in diff_charts(before, after):
        ...     print(line)
        role changed pm-1: pm -> senior_pm (a promotion)
        opened dir-b (director, vacant) under cpo
        moved pm-2: from dir-a to dir-b
        opened pm-3 (pm, vacant) under dir-b
    """
    from orgroles._diff import diff  # noqa: PLC0415  # keep `import orgroles.testing` light
    from orgroles._diff_text import change_lines  # noqa: PLC0415  # keep the import light

    result = diff(left, right, variant=None)
    lines = change_lines(result)
    for change in result.chart:
        if change.field == "roles":
            lines.append(_catalog_line(left.roles, right.roles))
        else:
            lines.append(f"chart {change.field}: {change.old!r} -> {change.new!r}")
    if result.order is not None:
        right_ids = set(right.ids())
        left_ids = set(left.ids())
        common_left = [p for p in left.ids() if p in right_ids]
        common_right = [p for p in right.ids() if p in left_ids]
        at = next(
            (i for i, (a, b) in enumerate(zip(common_left, common_right, strict=True)) if a != b),
            0,
        )
        lines.append(
            f"positions in a different order: #{at + 1} is {common_left[at]} on the left, "
            f"{common_right[at]} on the right"
        )
    if limit is not None and len(lines) > limit:
        rest = len(lines) - limit
        lines = [*lines[:limit], f"... and {rest} more difference{'s' if rest != 1 else ''}"]
    return lines


def _catalog_line(left: RoleCatalog, right: RoleCatalog) -> str:
    only_left = sorted(set(left) - set(right))
    only_right = sorted(set(right) - set(left))
    changed = sorted(k for k in set(left) & set(right) if left[k] != right[k])
    parts = []
    if only_left:
        parts.append("only on the left: " + ", ".join(only_left))
    if only_right:
        parts.append("only on the right: " + ", ".join(only_right))
    if changed:
        parts.append("defined differently: " + ", ".join(changed))
    return "role catalogs differ" + (f" ({'; '.join(parts)})" if parts else " (title aliases)")


# -- the chart factory -------------------------------------------------------------------------

ROLE_SHORTHANDS: Mapping[str, str] = {
    "dir": "director",
    "hop": "head_of_product",
    "head": "head_of_product",
    "vp": "vp_product",
    "sd": "senior_director",
    "sdir": "senior_director",
    "spm": "senior_pm",
    "ppm": "principal_pm",
    "staff": "principal_pm",
    "des": "designer",
    "design": "designer",
    "ux": "designer",
    "ana": "analyst",
}
"""Id prefixes :func:`make_chart` reads as roles, besides the role keys themselves."""

_ITEM = re.compile(
    r"""\s*(?P<id>[^\s:(),>;#]+)
        \s*(?::\s*(?P<role>[a-z][a-z0-9_]*))?
        \s*(?:\((?P<name>[^()]*)\))?
        \s*(?P<assistant>\[assistant\])?\s*$""",
    re.VERBOSE,
)


def _infer_role(position_id: str, catalog: RoleCatalog) -> str:
    lowered = position_id.lower()
    parts = re.split(r"[-._]", lowered)
    candidates = []
    for end in range(len(parts), 0, -1):
        joined = "_".join(parts[:end])
        candidates.extend([joined, joined.rstrip("0123456789")])
    for candidate in candidates:
        if candidate in catalog:
            return candidate
        if candidate in ROLE_SHORTHANDS and ROLE_SHORTHANDS[candidate] in catalog:
            return ROLE_SHORTHANDS[candidate]
    raise ValueError(
        f"cannot tell the role of {position_id!r} from its id; write it as "
        f"'{position_id}:<role>' (role keys: {', '.join(sorted(catalog))}; "
        f"shorthands: {', '.join(sorted(ROLE_SHORTHANDS))})"
    )


def make_chart(
    spec: str = "",
    *,
    variant: str | None = None,
    name: str | None = None,
    roles: RoleCatalog | Iterable[Role] | None = None,
    positions: Iterable[Position | Mapping[str, Any]] = (),
) -> OrgChart:
    """Build a small chart from a one-line (or few-line) description, for tests.

    ``a > b, c`` means ``b`` and ``c`` report to ``a``; after a ``>``, every item reports to
    the item just before the ``>``, so ``ceo > cpo > dir-a, dir-b > pm-1`` puts ``pm-1`` under
    ``dir-b``. Lines (or ``;``) start new chains; an id seen before is the same position, so
    ``cpo > dir-b > pm-3`` on a second line hangs a new branch under the existing ``cpo``.

    Each item is ``id``, optionally followed by ``:role``, ``(holder name)`` and
    ``[assistant]``. Without ``:role`` the role comes from the id: a role key
    (``senior_pm-2`` is a ``senior_pm``), or a shorthand of :data:`ROLE_SHORTHANDS` (``dir-a``
    is a ``director``, ``hop`` a ``head_of_product``). Positions without a name are vacant.
    ``#`` starts a comment.

    Args:
        spec: the chains.
        variant: the chart's variant (what ``validate`` uses by default).
        name: the chart's name.
        roles: a role catalog, or custom roles added to the built-in one.
        positions: more positions (``Position`` objects or field mappings), added after the
            spec's.

    Raises:
        ValueError: an item that cannot be read, an unknown role, or a position given two
            different managers.

    Examples:
        >>> chart = make_chart('''
        ...     ceo (Ada) > cpo (Grace) > dir-a:head_of_product > pm-1 (Lin), pm-2
        ...     cpo > ea-1:other (Sam) [assistant]
        ... ''')
        >>> [(p.id, p.role, p.reports_to, p.name) for p in chart][2:4]
        [('dir-a', 'head_of_product', 'cpo', None), ('pm-1', 'pm', 'dir-a', 'Lin')]
        >>> chart["ea-1"].assistant, chart.span_of_control("cpo")
        (True, 1)
    """
    __tracebackhide__ = True
    if roles is None or isinstance(roles, RoleCatalog):
        catalog = roles or default_catalog()
    else:
        catalog = default_catalog().extend(roles)
    records: dict[str, dict[str, Any]] = {}

    def item(text: str) -> str:
        __tracebackhide__ = True
        match = _ITEM.fullmatch(text)
        if match is None:
            raise ValueError(
                f"cannot read {text.strip()!r} in the chart spec; write an item as "
                "id[:role][ (Name)][ [assistant]], e.g. 'pm-1', 'lead:gpm (Ada Lovelace)'"
            )
        position_id = match["id"]
        record = records.get(position_id)
        if record is None:
            role = match["role"] or _infer_role(position_id, catalog)
            record = records[position_id] = {"id": position_id, "role": role}
        elif match["role"] and match["role"] != record["role"]:
            raise ValueError(
                f"{position_id!r} is a {record['role']} already; it cannot also be {match['role']}"
            )
        if match["name"] is not None and match["name"].strip():
            record["name"] = match["name"].strip()
        if match["assistant"]:
            record["assistant"] = True
        return position_id

    def link(report: str, manager: str) -> None:
        __tracebackhide__ = True
        current = records[report].get("reports_to")
        if current is not None and current != manager:
            raise ValueError(
                f"{report!r} reports to {current!r} already; it cannot also report to {manager!r}"
            )
        records[report]["reports_to"] = manager

    for raw_line in re.split(r"[\n;]", spec):
        line = raw_line.split("#", 1)[0].strip()
        if not line:
            continue
        previous: str | None = None
        for segment in line.split(">"):
            items = [item(text) for text in segment.split(",")]
            if previous is not None:
                for report in items:
                    link(report, previous)
            previous = items[-1]
    try:
        chart = OrgChart(records.values(), name=name, variant=variant, roles=catalog)
        for extra in positions:
            chart.add(extra)
    except ValueError as error:
        # A typo in a test's chart is the test's problem: show it from here, not from deep
        # inside the chart's constructor.
        raise error.with_traceback(None) from None
    return chart
