"""Org statistics: spans, layers, vacancies and role ratios of one chart, as frozen data.

This module owns :func:`stats` and its records, the span-band presets and the tables the command
line prints (text, Markdown, CSV, JSON). It reads the chart's reporting index and columns and
validation's own idea of a judged span (the product scope, the band of a role); it draws
nothing (``_stats_plot`` does) and knows no file format.
"""

from __future__ import annotations

import csv
import io
import json
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress, pairwise
from typing import TYPE_CHECKING, Any, Literal

from orgroles._variants import PM_ROLES, Variant
from orgroles.errors import FORMAT_VERSION
from orgroles.traversal import inherited
from orgroles.validation._index import ChartIndex
from orgroles.validation.choose import select_variant

if TYPE_CHECKING:
    from orgroles.chart import OrgChart

__all__ = [
    "SPAN_BAND_PRESETS",
    "GroupStats",
    "ManagerSpan",
    "OrgStats",
    "SpanBands",
    "SpanStatus",
    "span_bands",
    "stats",
]

SpanStatus = Literal["narrow", "ok", "wide"]
"""A judged span against the variant's band for the manager's role."""

GroupBy = Literal["unit", "role", "layer"]


@dataclass(frozen=True, slots=True)
class SpanBands:
    """Span bands: each band's smallest span, in increasing order; the last band is open.

    Attributes:
        name: the preset's name (``"custom"`` for bands given as numbers).
        lows: each band's smallest span, from 1 up, strictly increasing.
        names: an archetype name per band (McKinsey's), or ``None``.

    Examples:
        >>> bands = span_bands("orgvue")
        >>> bands.labels
        ('1', '2-3', '4-7', '8-12', '13-16', '17+')
        >>> bands.band_of(5), bands.band_of(40)
        (2, 5)
    """

    name: str
    lows: tuple[int, ...]
    names: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        lows = self.lows
        if not lows or lows[0] != 1 or any(b <= a for a, b in pairwise(lows)):
            raise ValueError(
                f"span bands start at 1 and increase strictly (e.g. 1,2,4,8,13,17), got {lows}"
            )
        if self.names is not None and len(self.names) != len(lows):
            raise ValueError(f"{len(self.names)} band names for {len(lows)} bands")

    @property
    def labels(self) -> tuple[str, ...]:
        """Each band as text: ``1``, ``2-3`` ... ``17+``."""
        ends = [low - 1 for low in self.lows[1:]]
        labels = [
            str(low) if low == end else f"{low}-{end}"
            for low, end in zip(self.lows, ends, strict=False)
        ]
        return (*labels, f"{self.lows[-1]}+")

    def band_of(self, span: int) -> int:
        """The index of the band holding this span (a span of 1 or more)."""
        return bisect_right(self.lows, span) - 1


SPAN_BAND_PRESETS: Mapping[str, SpanBands] = {
    # Orgvue's spans-and-layers bands: the share of managers in each, rather than a mean.
    "orgvue": SpanBands("orgvue", (1, 2, 4, 8, 13, 17)),
    # McKinsey's five managerial archetypes ("How to identify the right spans of control",
    # 2017): player/coach 3-5, coach 6-7, supervisor 8-10, facilitator 11-15, coordinator 15+
    # (here 16+, so that bands do not overlap), below them the one- and two-report managers.
    "mckinsey": SpanBands(
        "mckinsey",
        (1, 3, 6, 8, 11, 16),
        ("below player/coach", "player/coach", "coach", "supervisor", "facilitator", "coordinator"),
    ),
}
"""The named span-band presets; ``orgvue`` is the default."""


def span_bands(bands: str | SpanBands | Iterable[int]) -> SpanBands:
    """Span bands from a preset name, a :class:`SpanBands`, or each band's smallest span.

    Raises:
        ValueError: an unknown preset, or numbers that do not start at 1 and increase.

    Examples:
        >>> span_bands([1, 3, 10]).labels
        ('1-2', '3-9', '10+')
        >>> span_bands("mckinsey").names[1]
        'player/coach'
    """
    if isinstance(bands, SpanBands):
        return bands
    if isinstance(bands, str):
        found = SPAN_BAND_PRESETS.get(bands)
        if found is None:
            raise ValueError(
                f"unknown span-band preset {bands!r}; choose from: "
                f"{', '.join(SPAN_BAND_PRESETS)}, or give each band's smallest span (1,2,4,8)"
            )
        return found
    return SpanBands("custom", tuple(int(low) for low in bands))


@dataclass(frozen=True, slots=True)
class ManagerSpan:
    """One manager's span of control and where it sits.

    A manager is a position with at least one counted direct report; a vacant one is a
    manager too (it keeps its span).

    Attributes:
        id: the position id.
        role: its role key.
        unit: its unit, or its nearest manager's when it has none.
        vacant: nobody holds it.
        layer: 1 for a top (a position with no manager in the chart), 2 below it, and so on.
        span: direct solid-line reports, assistants (and a self-report) not counted.
        span_filled: of those, the filled ones.
        span_vacant: of those, the vacant ones (open seats).
        assistants: assistants reporting to it (beside it, not in the span).
        dotted: positions with a dotted line to it (counted apart, never in the span).
        below: everyone below it on solid lines (assistants included).
        managing_reports: counted direct reports that manage people themselves.
        manages_managers: most of its counted reports manage people (the rule the variant's
            ``managers`` band uses, as :meth:`~orgroles.Variant.span_band` takes it).
        band: the index of its span band in :attr:`OrgStats.bands`.
        expected: the variant's band for it (``"3-12"``), or ``None`` when not judged.
        status: ``narrow``, ``ok`` or ``wide`` against ``expected``; ``None`` when not judged.
    """

    id: str
    role: str
    unit: str | None
    vacant: bool
    layer: int | None
    span: int
    span_filled: int
    span_vacant: int
    assistants: int
    dotted: int
    below: int
    managing_reports: int
    manages_managers: bool
    band: int
    expected: str | None
    status: SpanStatus | None

    def to_dict(self, bands: SpanBands) -> dict[str, Any]:
        """The row as JSON-able data, the band as its label."""
        return {
            "id": self.id,
            "role": self.role,
            "unit": self.unit,
            "vacant": self.vacant,
            "layer": self.layer,
            "span": self.span,
            "span_filled": self.span_filled,
            "span_vacant": self.span_vacant,
            "assistants": self.assistants,
            "dotted": self.dotted,
            "below": self.below,
            "managing_reports": self.managing_reports,
            "manages_managers": self.manages_managers,
            "band": bands.labels[self.band],
            "expected": self.expected,
            "status": self.status,
        }


@dataclass(frozen=True, slots=True)
class GroupStats:
    """Head count of one unit, role or layer.

    Attributes:
        key: the unit, role key or layer number (``None``: positions without a unit, or
            positions on or below a reporting cycle, which have no layer).
        positions: positions in the group.
        filled: of those, held by someone.
        vacant: of those, open seats.
        managers: of those, managers (at least one counted report).
        ics: of those, everyone else (assistants included).
        bands: managers per span band (the layer x band matrix, for layers).
    """

    key: str | int | None
    positions: int
    filled: int
    vacant: int
    managers: int
    ics: int
    bands: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        """The group as JSON-able data."""
        return {
            "key": self.key,
            "positions": self.positions,
            "filled": self.filled,
            "vacant": self.vacant,
            "managers": self.managers,
            "ics": self.ics,
            "bands": list(self.bands),
        }


@dataclass(frozen=True, slots=True)
class OrgStats:
    """Spans, layers and head counts of one chart (see :func:`stats` for the conventions).

    Attributes:
        variant: the variant whose span bands judged each manager, or ``None``.
        bands: the span bands managers are counted in.
        positions: every position.
        filled: positions held by someone.
        vacant: open seats.
        managers: positions with at least one counted report (vacant ones included).
        ics: every other position (assistants included).
        assistants: assistant positions.
        dotted_lines: dotted lines (each counted once, to a position in the chart).
        layers: the deepest layer (the top is layer 1); 0 for an empty chart.
        unplaced: positions on or below a reporting cycle, which have no layer.
        one_over_ones: managers with exactly one counted report.
        band_counts: managers per span band.
        status_counts: judged managers per status (``narrow``, ``ok``, ``wide``).
        by_layer: a row per layer, top first (the pyramid, and the layer x band matrix).
        by_role: a row per role key, most positions first.
        by_unit: a row per unit (a position without a unit counts in its manager's), most
            positions first; ``None`` is the positions without any.
        pms: positions of the PM roles (APM, PM, Senior PM, Principal PM).
        designers: positions of the ``designer`` role.
        analysts: positions of the ``analyst`` role.
        pms_per_leader: for each manager or executive role present, the mean number of PMs
            below one of its positions (``director`` -> PMs per Director).
        spans: a row per manager, in chart order.
    """

    variant: str | None
    bands: SpanBands
    positions: int
    filled: int
    vacant: int
    managers: int
    ics: int
    assistants: int
    dotted_lines: int
    layers: int
    unplaced: int
    one_over_ones: int
    band_counts: tuple[int, ...]
    status_counts: Mapping[SpanStatus, int]
    by_layer: tuple[GroupStats, ...]
    by_role: tuple[GroupStats, ...]
    by_unit: tuple[GroupStats, ...]
    pms: int
    designers: int
    analysts: int
    pms_per_leader: Mapping[str, float]
    spans: tuple[ManagerSpan, ...] = field(repr=False)

    @property
    def ics_per_manager(self) -> float | None:
        """The manager to IC ratio as ICs per manager (``None`` without managers)."""
        return self.ics / self.managers if self.managers else None

    @property
    def band_shares(self) -> tuple[float, ...]:
        """The share of managers in each span band (zeros without managers)."""
        total = self.managers
        return tuple(count / total if total else 0.0 for count in self.band_counts)

    @property
    def designers_per_pm(self) -> float | None:
        """Designers per PM (``None`` without PMs)."""
        return self.designers / self.pms if self.pms else None

    @property
    def analysts_per_pm(self) -> float | None:
        """Analysts per PM (``None`` without PMs)."""
        return self.analysts / self.pms if self.pms else None

    def span_of(self, position_id: str) -> ManagerSpan | None:
        """The row of this manager, or ``None`` when the position manages nobody.

        Examples:
            >>> from orgroles.testing import make_chart
            >>> stats(make_chart("ceo > hop > pm-1, pm-2")).span_of("hop").span
            2
        """
        return next((row for row in self.spans if row.id == position_id), None)

    def groups(self, by: GroupBy) -> tuple[GroupStats, ...]:
        """The rows per ``unit``, ``role`` or ``layer``."""
        return {"unit": self.by_unit, "role": self.by_role, "layer": self.by_layer}[by]

    def to_dict(self) -> dict[str, Any]:
        """Everything as JSON-able data (``orgroles stats --format json``; docs/json.md)."""
        return {
            "format_version": FORMAT_VERSION,
            "variant": self.variant,
            "bands": {
                "preset": self.bands.name,
                "labels": list(self.bands.labels),
                "names": None if self.bands.names is None else list(self.bands.names),
            },
            "positions": self.positions,
            "filled": self.filled,
            "vacant": self.vacant,
            "managers": self.managers,
            "ics": self.ics,
            "assistants": self.assistants,
            "dotted_lines": self.dotted_lines,
            "layers": self.layers,
            "unplaced": self.unplaced,
            "ics_per_manager": self.ics_per_manager,
            "one_over_ones": self.one_over_ones,
            "band_counts": list(self.band_counts),
            "band_shares": list(self.band_shares),
            "status_counts": dict(self.status_counts),
            "pms": self.pms,
            "designers": self.designers,
            "analysts": self.analysts,
            "pms_per_leader": dict(self.pms_per_leader),
            "designers_per_pm": self.designers_per_pm,
            "analysts_per_pm": self.analysts_per_pm,
            "by_layer": [g.to_dict() for g in self.by_layer],
            "by_role": [g.to_dict() for g in self.by_role],
            "by_unit": [g.to_dict() for g in self.by_unit],
            "spans": [row.to_dict(self.bands) for row in self.spans],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


def stats(
    chart: OrgChart,
    *,
    variant: Variant | str | None = "auto",
    bands: str | SpanBands | Iterable[int] = "orgvue",
) -> OrgStats:
    """Spans of control, layers and head counts of a chart.

    Conventions (Orgvue's spans and layers, ChartHop's open seats; docs/statistics.md):
    assistants are left out of spans and counted apart; dotted lines are counted apart and
    never in a span; vacancies are counted and flagged, and a vacant manager keeps its span;
    the top of the chart (a position without a manager in it) is layer 1. A manager's status
    is judged as validation judges spans: managers of the product org whose role the variant
    lists under ``manages`` (under the whole-company variant ``company``, every manager),
    against :meth:`~orgroles.Variant.span_band` of their role.

    Args:
        chart: the chart.
        variant: the variant judging spans: a :class:`~orgroles.Variant`, a name, ``"auto"``
            (the chart's own, else the best fit, as ``validate`` picks it) or ``None`` (no
            status).
        bands: a preset (``"orgvue"``: 1 / 2-3 / 4-7 / 8-12 / 13-16 / 17+, ``"mckinsey"``),
            a :class:`SpanBands`, or each band's smallest span (``[1, 3, 6, 11]``).

    Raises:
        UnknownVariantError: the variant named (or the chart's ``variant``) is unknown.
        ValueError: bands that are no preset, or do not start at 1 and increase.

    Examples:
        >>> from orgroles.testing import make_chart
        >>> chart = make_chart("ceo (Ada) > hop (Lin) > pm-1 (Sam), pm-2, des-1 (Kim)")
        >>> figures = stats(chart, variant="startup")
        >>> figures.positions, figures.vacant, figures.managers, figures.layers
        (5, 1, 2, 3)
        >>> hop = figures.span_of("hop")
        >>> hop.span, hop.span_vacant, hop.layer, figures.bands.labels[hop.band], hop.status
        (3, 1, 2, '2-3', 'ok')
        >>> figures.one_over_ones, figures.pms_per_leader["head_of_product"]
        (1, 2.0)
    """
    chosen_bands = span_bands(bands)
    index = ChartIndex(chart)
    judged = None if variant is None else select_variant(chart, variant, _index=index).variant
    return _Builder(chart, index, judged, chosen_bands).build()


class _Builder:
    """One pass of column arithmetic over the index: mostly in C, in chart order."""

    def __init__(
        self, chart: OrgChart, index: ChartIndex, variant: Variant | None, bands: SpanBands
    ) -> None:
        self.chart = chart
        self.index = index
        self.variant = variant
        self.bands = bands
        self.n = len(index)

    def build(self) -> OrgStats:
        index, n, bands = self.index, self.n, self.bands
        reporting = index.reporting
        names = index.column("name")
        roles = index.roles
        assistant = index.column("assistant")
        vacant = [name is None for name in names]
        depths = reporting.depths()
        layer_of = [d + 1 if d >= 0 else None for d in depths]
        spans = index.spans()
        managers = index.managers()
        manager_flag = bytearray(n)
        for p in managers:
            manager_flag[p] = 1

        span_vacant, assistants_of, managing, dotted_to = self._report_counts(
            vacant, assistant, managers
        )
        sizes = reporting.subtree_sizes()
        units = list(inherited(self.chart, "unit").values())
        judge = self._judge(managers, spans, managing)

        lows = bands.lows
        ids = index.ids
        rows = []
        band_counts = [0] * len(lows)
        band_at: dict[int, int] = {}
        unjudged = (None, None)
        for p in managers:
            span = spans[p]
            band = bisect_right(lows, span) - 1
            band_counts[band] += 1
            band_at[p] = band
            expected, status = judge.get(p, unjudged)
            rows.append(
                ManagerSpan(
                    ids[p],
                    roles[p],
                    units[p],
                    vacant[p],
                    layer_of[p],
                    span,
                    span - span_vacant[p],
                    span_vacant[p],
                    assistants_of[p],
                    dotted_to[p],
                    sizes[p] - 1,
                    managing[p],
                    managing[p] * 2 > span,
                    band,
                    expected,
                    status,
                )
            )
        status_counts: dict[SpanStatus, int] = {"narrow": 0, "ok": 0, "wide": 0}
        for _, status in judge.values():
            status_counts[status] += 1
        vacancies = sum(vacant)
        pms = sum(map(PM_ROLES.__contains__, roles))
        role_counts = index.role_counts()
        return OrgStats(
            variant=None if self.variant is None else self.variant.name,
            bands=bands,
            positions=n,
            filled=n - vacancies,
            vacant=vacancies,
            managers=len(managers),
            ics=n - len(managers),
            assistants=sum(assistant),
            dotted_lines=sum(dotted_to),
            layers=max(depths, default=-1) + 1,
            unplaced=depths.count(-1),
            one_over_ones=spans.count(1) if managers else 0,
            band_counts=tuple(band_counts),
            status_counts=status_counts,
            by_layer=self._groups(layer_of, vacant, manager_flag, band_at, order="key"),
            by_role=self._groups(roles, vacant, manager_flag, band_at, order="size"),
            by_unit=self._groups(units, vacant, manager_flag, band_at, order="size"),
            pms=pms,
            designers=role_counts["designer"],
            analysts=role_counts["analyst"],
            pms_per_leader=self._pms_per_leader(),
            spans=tuple(rows),
        )

    def _report_counts(
        self, vacant: list[bool], assistant: Sequence[bool], managers: list[int]
    ) -> tuple[list[int], list[int], list[int], list[int]]:
        """Per position: vacant reports, assistants, reports that manage, dotted lines to it."""
        index, n, parent = self.index, self.n, self.index.parent
        # Lists by position, filled from the few positions concerned (vacancies,
        # assistants, managers, dotted lines), not a pass over everyone each.
        span_vacant = [0] * n
        for p in compress(range(n), vacant):
            manager = parent[p]
            if manager >= 0 and manager != p and not assistant[p]:
                span_vacant[manager] += 1
        assistants_of = [0] * n
        for p in compress(range(n), assistant):
            manager = parent[p]
            if manager >= 0 and manager != p:
                assistants_of[manager] += 1
        managing = [0] * n
        for p in managers:
            manager = parent[p]
            if manager >= 0 and manager != p and not assistant[p]:
                managing[manager] += 1
        dotted_column = index.column("dotted_to")
        position_of = index.position_of()
        dotted_to = [0] * n
        for targets in compress(dotted_column, dotted_column):
            for target in targets:
                at = position_of.get(target)
                if at is not None:
                    dotted_to[at] += 1
        return span_vacant, assistants_of, managing, dotted_to

    def _judge(
        self, managers: list[int], spans: Sequence[int], managing: list[int]
    ) -> dict[int, tuple[str, SpanStatus]]:
        """Each judged manager's expected band and status, as validation's span rules judge.

        Judged: managers in the product org (the variant's top leader and below) whose role
        the variant lists under ``manages``; under a whole-company variant, every manager.
        """
        variant = self.variant
        if variant is None:
            return {}
        members = self.index.scope(variant).members
        roles = self.index.roles
        # A whole company's every manager is judged, as validation's span rules do.
        manages = None if variant.scope == "company" else variant.manages
        judged: dict[int, tuple[str, SpanStatus]] = {}
        # A few roles, two kinds of manager: each band is asked of the variant once.
        bands: dict[tuple[str, bool], tuple[int, int | None, str]] = {}
        for p in managers:
            role = roles[p]
            if not members[p] or (manages is not None and role not in manages):
                continue
            span = spans[p]
            key = (role, managing[p] * 2 > span)
            found = bands.get(key)
            if found is None:
                band = variant.span_band(role, manages_managers=key[1])
                found = bands[key] = (band.min, band.max, str(band))
            low, high, label = found
            if span < low:
                status: SpanStatus = "narrow"
            elif high is not None and span > high:
                status = "wide"
            else:
                status = "ok"
            judged[p] = (label, status)
        return judged

    def _groups(
        self,
        keys: Sequence[Any],
        vacant: list[bool],
        manager_flag: bytearray,
        band_at: dict[int, int],
        *,
        order: Literal["key", "size"],
    ) -> tuple[GroupStats, ...]:
        positions = Counter(keys)
        vacant_by = Counter(compress(keys, vacant))
        managers_by = Counter(compress(keys, manager_flag))
        width = len(self.bands.lows)
        bands_by: dict[Any, list[int]] = {}
        for p, band in band_at.items():
            bands_by.setdefault(keys[p], [0] * width)[band] += 1
        if order == "key":  # layers top first; positions without a layer last
            ordered = sorted(positions, key=lambda k: (k is None, k or 0))
        else:  # most positions first; ties by name, positions without a key last
            ordered = sorted(positions, key=lambda k: (k is None, -positions[k], str(k)))
        return tuple(
            GroupStats(
                key=key,
                positions=positions[key],
                filled=positions[key] - vacant_by[key],
                vacant=vacant_by[key],
                managers=managers_by[key],
                ics=positions[key] - managers_by[key],
                bands=tuple(bands_by.get(key, [0] * width)),
            )
            for key in ordered
        )

    def _pms_per_leader(self) -> dict[str, float]:
        """Mean PMs below a position, per manager or executive role present, most senior first."""
        reporting = self.index.reporting
        parent = self.index.parent
        roles = self.index.roles
        catalog = self.chart.roles
        below = [1 if role in PM_ROLES else 0 for role in roles]
        flags = reporting.on_cycle() if reporting.unreachable() else None
        # Bottom up: each position adds what is at and below it to its manager (a cycle's
        # members add nothing, so nobody counts twice).
        order = reporting.top_down()
        for p in reversed(order):
            manager = parent[p]
            if manager >= 0 and manager != p and (flags is None or not flags[p]):
                below[manager] += below[p]
        leaders = [
            key
            for key in dict.fromkeys(roles)
            if key in catalog and catalog[key].track in ("manager", "executive")
        ]
        leaders.sort(key=lambda key: (-catalog[key].level, key))
        totals: Counter[str] = Counter()
        counts: Counter[str] = Counter()
        wanted = set(leaders)
        for p in compress(range(self.n), map(wanted.__contains__, roles)):
            totals[roles[p]] += below[p]
            counts[roles[p]] += 1
        return {key: totals[key] / counts[key] for key in leaders}


# -- tables ------------------------------------------------------------------------------------


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def _share(value: float) -> str:
    return f"{value * 100:.0f}%"


def summary_rows(figures: OrgStats) -> list[tuple[str, str]]:
    """The whole-chart figures as (label, value) rows, in the order the tables print them."""
    vacant_share = figures.vacant / figures.positions if figures.positions else 0.0
    rows = [
        ("positions", f"{figures.positions:,}"),
        ("filled", f"{figures.filled:,}"),
        ("vacant", f"{figures.vacant:,} ({_share(vacant_share)})"),
        ("managers", f"{figures.managers:,}"),
        ("individual contributors", f"{figures.ics:,}"),
        ("ICs per manager", _ratio(figures.ics_per_manager)),
        ("assistants (not in spans)", f"{figures.assistants:,}"),
        ("dotted lines (not in spans)", f"{figures.dotted_lines:,}"),
        ("layers (top = 1)", str(figures.layers)),
        ("one-over-ones", f"{figures.one_over_ones:,}"),
        ("PMs", f"{figures.pms:,}"),
        ("designers per PM", _ratio(figures.designers_per_pm)),
        ("analysts per PM", _ratio(figures.analysts_per_pm)),
    ]
    rows.extend(
        (f"PMs per {role}", _ratio(value)) for role, value in figures.pms_per_leader.items()
    )
    if figures.unplaced:
        rows.append(("on or below a cycle (no layer)", f"{figures.unplaced:,}"))
    if figures.variant is not None:
        counts = figures.status_counts
        rows.append(
            (
                f"spans against {figures.variant}",
                f"{counts['ok']} ok, {counts['narrow']} narrow, {counts['wide']} wide",
            )
        )
    return rows


def _band_header(bands: SpanBands) -> list[str]:
    if bands.names is None:
        return list(bands.labels)
    return [f"{label} ({name})" for label, name in zip(bands.labels, bands.names, strict=True)]


def _group_key(key: str | int | None, by: GroupBy) -> str:
    if key is None:
        return "(no layer: cycle)" if by == "layer" else f"(no {by})"
    return str(key)


def _group_table(
    figures: OrgStats, by: GroupBy, *, separators: bool = True
) -> tuple[list[str], list[list[str]]]:
    """The table per unit, role or layer.

    Counts read as the figures above the table write them (``1,516``); without
    ``separators``, bare, for a spreadsheet.
    """
    number = "{:,}".format if separators else str
    header = [by, "positions", "filled", "vacant", "managers", "ICs"]
    if by == "layer":
        header.extend(figures.bands.labels)
    rows = []
    for group in figures.groups(by):
        counts = [group.positions, group.filled, group.vacant, group.managers, group.ics]
        if by == "layer":
            counts.extend(group.bands)
        rows.append([_group_key(group.key, by), *map(number, counts)])
    return header, rows


def _flagged(figures: OrgStats) -> list[ManagerSpan]:
    return [row for row in figures.spans if row.status in ("narrow", "wide")]


def to_text(figures: OrgStats, *, by: GroupBy | None = None, width: int = 30) -> str:
    """The statistics as aligned plain text: figures, span bands with bars, layers or groups.

    Examples:
        >>> from orgroles.testing import make_chart
        >>> print(to_text(stats(make_chart("ceo > hop > pm-1, pm-2"), variant=None)))
        ... # doctest: +ELLIPSIS
        positions                    4
        ...
    """
    rows = summary_rows(figures)
    label_width = max(len(label) for label, _ in rows)
    lines = [f"{label:<{label_width}}  {value}" for label, value in rows]
    lines += ["", f"span bands ({figures.bands.name}): share of managers"]
    headers = _band_header(figures.bands)
    head_width = max(len(h) for h in headers)
    for band, count, share in zip(headers, figures.band_counts, figures.band_shares, strict=True):
        bar = "#" * round(share * width)
        lines.append(f"  {band:<{head_width}}  {count:>6,}  {_share(share):>4}  {bar}")
    table_by: GroupBy = by or "layer"
    header, body = _group_table(figures, table_by)
    lines += ["", f"by {table_by}" + (" (managers per span band)" if table_by == "layer" else "")]
    lines += _aligned([header, *body], indent="  ")
    flagged = _flagged(figures)
    if flagged:
        lines += ["", f"spans outside {figures.variant}'s bands"]
        for row in flagged:
            lines.append(
                f"  {row.id} ({row.role}{', vacant' if row.vacant else ''}): span {row.span}, "
                f"{row.status} (expected {row.expected})"
            )
    return "\n".join(lines)


def _aligned(table: list[list[str]], *, indent: str) -> list[str]:
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    return [
        indent
        + "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in table
    ]


def _md_cell(text: str) -> str:
    # A pipe or a newline in a unit name would break the table; < and > would be HTML.
    return (
        text.replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("\n", " ")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A GitHub Markdown table, every cell escaped; numbers right-aligned."""
    body = [list(map(_md_cell, row)) for row in rows]
    align = [
        "---:" if body and all(_numeric(row[i]) for row in body) else "---"
        for i in range(len(header))
    ]
    return [
        "| " + " | ".join(map(_md_cell, header)) + " |",
        "| " + " | ".join(align) + " |",
        *("| " + " | ".join(row) + " |" for row in body),
    ]


def _numeric(text: str) -> bool:
    return text.replace(",", "").replace(".", "").replace("%", "").lstrip("+-").isdigit()


def to_markdown(figures: OrgStats, *, by: GroupBy | None = None) -> str:
    """The statistics as GitHub Markdown: figures, span bands, layers (or groups), flags."""
    lines = ["### Org statistics", ""]
    lines += markdown_table(["figure", "value"], summary_rows(figures))
    lines += ["", f"#### Span bands ({figures.bands.name})", ""]
    lines += markdown_table(
        ["span", "managers", "share"],
        (
            [header, f"{count:,}", _share(share)]
            for header, count, share in zip(
                _band_header(figures.bands),
                figures.band_counts,
                figures.band_shares,
                strict=True,
            )
        ),
    )
    table_by: GroupBy = by or "layer"
    header, body = _group_table(figures, table_by)
    lines += ["", f"#### By {table_by}", ""]
    lines += markdown_table(header, body)
    flagged = _flagged(figures)
    if flagged:
        lines += ["", f"#### Spans outside {figures.variant}'s bands", ""]
        lines += markdown_table(
            ["position", "role", "span", "status", "expected"],
            (
                [row.id, row.role, str(row.span), row.status or "", row.expected or ""]
                for row in flagged
            ),
        )
    return "\n".join(lines)


def to_csv(figures: OrgStats, *, by: GroupBy | None = None) -> str:
    """A row per manager (or, with ``by``, per unit, role or layer), spreadsheet-safe.

    Cells that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) get a ``'``.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if by is not None:
        header, body = _group_table(figures, by, separators=False)
        writer.writerow(header)
        writer.writerows([[_safe(cell) for cell in row] for row in body])
        return buffer.getvalue()
    columns = [
        "id", "role", "unit", "vacant", "layer", "span", "span_filled", "span_vacant",
        "assistants", "dotted", "below", "managing_reports", "manages_managers", "band",
        "expected", "status",
    ]  # fmt: skip
    writer.writerow(columns)
    for row in figures.spans:
        data = row.to_dict(figures.bands)
        writer.writerow([_safe(_csv_value(data[c])) for c in columns])
    return buffer.getvalue()


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _safe(cell: str) -> str:
    return f"'{cell}" if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell
