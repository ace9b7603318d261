"""The reorg diff: what changed from one chart to another, as typed changes and a summary.

This module owns :func:`diff`, the :class:`Change` and :class:`OrgDiff` records and their JSON
form (the change set that ``apply`` replays). It reads both charts through their columns and
reporting indexes, asks ``stats`` for the figures and ``validate`` for the findings; it prints
nothing (``_diff_text`` does) and changes no chart (``_apply`` does).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress
from operator import ne
from typing import TYPE_CHECKING, Any, Literal, get_args

from orgroles._stats import OrgStats, stats
from orgroles._variants import Variant
from orgroles.errors import FORMAT_VERSION
from orgroles.position import POSITION_FIELDS
from orgroles.traversal import descendants
from orgroles.validation import Finding, validate
from orgroles.validation.choose import select_variant

if TYPE_CHECKING:
    from orgroles.chart import OrgChart

__all__ = [
    "CHANGE_KINDS",
    "Change",
    "ChangeKind",
    "ChartChange",
    "DiffSummary",
    "Match",
    "OrgDiff",
    "SpanChange",
    "UnitCount",
    "diff",
]

ChangeKind = Literal[
    "id_changed",
    "added",
    "removed",
    "moved",
    "retitled",
    "role_changed",
    "filled",
    "vacated",
    "holder_changed",
    "unit_changed",
    "dotted_removed",
    "dotted_added",
    "assistant_changed",
    "attributes_changed",
]
"""What happened to a position (OrgChart Now's Add / Delete / Move / Change, in finer kinds)."""

CHANGE_KINDS: tuple[ChangeKind, ...] = get_args(ChangeKind)
"""Every change kind, in the order a change set lists them for one position."""

Match = Literal["id", "name", "email"]
"""How positions of the two charts are paired: by id, or by holder name or email first."""

_ADDED = object()  # stands for "no old value" where a position is new

# The position field each kind changes (added, removed and moved aside).
_FIELD_OF: dict[str, str] = {
    "retitled": "title",
    "role_changed": "role",
    "filled": "name",
    "vacated": "name",
    "holder_changed": "name",
    "unit_changed": "unit",
    "dotted_added": "dotted_to",
    "dotted_removed": "dotted_to",
    "assistant_changed": "assistant",
    "attributes_changed": "attributes",
    "moved": "reports_to",
}


@dataclass(frozen=True, slots=True)
class Change:
    """One change to one position, with the value before and after.

    Ids are the new chart's: an ``id_changed`` change (positions paired by holder when ids
    were regenerated) comes first and renames the position and every line to it, and the values
    of the changes after it use the new ids.

    Attributes:
        kind: what happened (:data:`CHANGE_KINDS`).
        id: the position (for ``removed``, its id in the old chart).
        old: the value before: the field's value, the whole position (as its org-file mapping)
            for ``removed``, the old id for ``id_changed``, ``None`` for ``added``.
        new: the value after, likewise (the whole position for ``added``).
        team: for ``moved``: the positions that moved along with it (everyone below it whose
            line up to it did not change), in the new chart's order.
        with_move: for a change that came with a team move (a ``unit_changed`` of a team
            member, or of the moved manager itself): the id of the position that moved.
        after: for ``added``: the id of the position just before it in the new chart (``None``
            when it is first), so that replaying keeps the chart's order.
    """

    kind: ChangeKind
    id: str
    old: Any = None
    new: Any = None
    team: tuple[str, ...] = ()
    with_move: str | None = None
    after: str | None = None

    @property
    def team_size(self) -> int:
        """How many positions moved along (0 for a single position, or another kind)."""
        return len(self.team)

    def to_dict(self) -> dict[str, Any]:
        """The change as JSON-able data: ``kind``, ``id``, ``old``, ``new`` and what applies."""
        data: dict[str, Any] = {"kind": self.kind, "id": self.id, "old": _plain(self.old)}
        data["new"] = _plain(self.new)
        if self.kind == "moved":
            data["team"] = list(self.team)
        if self.with_move is not None:
            data["with_move"] = self.with_move
        if self.kind == "added":
            data["after"] = self.after
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Change:
        """A change from :meth:`to_dict`'s data (values as JSON has them).

        Raises:
            ValueError: an unknown kind or a missing key.
        """
        kind = data.get("kind")
        if kind not in CHANGE_KINDS:
            raise ValueError(
                f"unknown change kind {kind!r}; choose from: {', '.join(CHANGE_KINDS)}"
            )
        if not isinstance(data.get("id"), str):
            raise ValueError("a change needs its position's 'id' (text)")
        old, new = data.get("old"), data.get("new")
        if kind in ("dotted_added", "dotted_removed"):
            old, new = _ids(old), _ids(new)
        return cls(
            kind=kind,
            id=data["id"],
            old=old,
            new=new,
            team=tuple(data.get("team") or ()),
            with_move=data.get("with_move"),
            after=data.get("after"),
        )


def _ids(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    return value


ChartField = Literal["name", "variant", "attributes", "validation", "roles"]
_CHART_FIELDS: tuple[ChartField, ...] = get_args(ChartField)


@dataclass(frozen=True, slots=True)
class ChartChange:
    """A change to the chart itself: its name, variant, attributes, validation or roles.

    ``roles`` values are the chart's custom roles and aliases, as the org file writes them.
    """

    field: ChartField
    old: Any
    new: Any

    def to_dict(self) -> dict[str, Any]:
        """The change as JSON-able data."""
        return {"field": self.field, "old": _plain(self.old), "new": _plain(self.new)}


@dataclass(frozen=True, slots=True)
class UnitCount:
    """Positions of one unit before and after (Orgvue's as-is, to-be and net).

    A position without a unit counts in its nearest manager's; ``unit`` ``None`` is the rest.
    """

    unit: str | None
    before: int
    after: int
    filled_before: int
    filled_after: int

    @property
    def net(self) -> int:
        """``after - before``."""
        return self.after - self.before


@dataclass(frozen=True, slots=True)
class SpanChange:
    """A manager whose span of control changed (0 for a position that managed nobody)."""

    id: str
    before: int
    after: int


@dataclass(frozen=True, slots=True)
class DiffSummary:
    """The impact of a reorg on the whole chart (ChartHop's impact summary).

    Attributes:
        before: the old chart's statistics.
        after: the new chart's statistics.
        units: head count per unit, before and after (largest after first).
        spans: managers whose span changed, in the new chart's order (then those gone).
        one_over_ones_created: managers with exactly one report now and not before.
        one_over_ones_ended: managers with exactly one report before and not now.
        variant: the variant both charts were validated against, or ``None`` when not validated.
        introduced: findings of the new chart that the old one did not have (matched by code
            and positions).
        resolved: findings of the old chart that the new one no longer has.
        counts: changes per kind.
    """

    before: OrgStats
    after: OrgStats
    units: tuple[UnitCount, ...]
    spans: tuple[SpanChange, ...]
    one_over_ones_created: tuple[str, ...]
    one_over_ones_ended: tuple[str, ...]
    variant: str | None
    introduced: tuple[Finding, ...]
    resolved: tuple[Finding, ...]
    counts: Mapping[ChangeKind, int]

    def to_dict(self) -> dict[str, Any]:
        """The summary as JSON-able data."""
        labels = self.after.bands.labels
        return {
            "positions": {"before": self.before.positions, "after": self.after.positions},
            "filled": {"before": self.before.filled, "after": self.after.filled},
            "vacant": {"before": self.before.vacant, "after": self.after.vacant},
            "managers": {"before": self.before.managers, "after": self.after.managers},
            "layers": {"before": self.before.layers, "after": self.after.layers},
            "units": [
                {
                    "unit": u.unit,
                    "before": u.before,
                    "after": u.after,
                    "net": u.net,
                    "filled_before": u.filled_before,
                    "filled_after": u.filled_after,
                }
                for u in self.units
            ],
            "spans": [{"id": s.id, "before": s.before, "after": s.after} for s in self.spans],
            "bands": {
                "labels": list(labels),
                "before": list(self.before.band_counts),
                "after": list(self.after.band_counts),
            },
            "one_over_ones": {
                "created": list(self.one_over_ones_created),
                "ended": list(self.one_over_ones_ended),
            },
            "variant": self.variant,
            "findings": {
                "introduced": [f.to_dict() for f in self.introduced],
                "resolved": [f.to_dict() for f in self.resolved],
            },
            "counts": dict(self.counts),
        }


@dataclass(frozen=True, slots=True)
class OrgDiff:
    """What changed from an old chart to a new one: the change set and its summary.

    ``orgroles.apply(old, the_diff)`` replays it: the result equals the new chart.

    Attributes:
        match: how positions were paired (``id``, ``name`` or ``email``).
        changes: position changes, in the new chart's order (removed positions in the old
            chart's order, after the others), each position's changes in :data:`CHANGE_KINDS`
            order.
        chart: changes to the chart itself (name, variant, attributes, validation, roles).
        order: the new chart's ids in order, when the positions both charts hold changed their
            relative order (else ``None``: the order follows from the old one and ``after``).
        summary: the impact summary, or ``None`` for a diff read back from JSON.
    """

    match: Match
    changes: tuple[Change, ...]
    chart: tuple[ChartChange, ...] = ()
    order: tuple[str, ...] | None = None
    summary: DiffSummary | None = field(default=None, compare=False)

    def __bool__(self) -> bool:
        return bool(self.changes or self.chart or self.order)

    def of_kind(self, *kinds: ChangeKind) -> list[Change]:
        """The changes of these kinds, in order.

        Examples:
            >>> from orgroles.testing import make_chart
            >>> old, new = make_chart("ceo > cpo > pm-1"), make_chart("ceo > cpo, pm-1")
            >>> [(c.id, c.old, c.new) for c in diff(old, new).of_kind("moved")]
            [('pm-1', 'cpo', 'ceo')]
        """
        return [change for change in self.changes if change.kind in kinds]

    def to_dict(self) -> dict[str, Any]:
        """The diff as JSON-able data: the change set ``apply`` replays, and the summary."""
        return {
            "format_version": FORMAT_VERSION,
            "match": self.match,
            "changes": [change.to_dict() for change in self.changes],
            "chart": [change.to_dict() for change in self.chart],
            "order": None if self.order is None else list(self.order),
            "summary": None if self.summary is None else self.summary.to_dict(),
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text (``orgroles diff --format json``)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> OrgDiff:
        """The change set of :meth:`to_dict`'s data (the summary is not read back).

        Raises:
            ValueError: data that is not a change set, naming what is wrong (the change's
                number for a bad change).
        """
        if not isinstance(data, Mapping) or not isinstance(data.get("changes"), list):
            raise ValueError("a change set is a JSON object with a 'changes' list")
        version = data.get("format_version")
        if version != FORMAT_VERSION:
            raise ValueError(
                f"format_version {version!r} is not {FORMAT_VERSION}, "
                "the version this orgroles reads"
            )
        changes = []
        for number, item in enumerate(data["changes"], start=1):
            if not isinstance(item, Mapping):
                raise ValueError(f"change #{number} is not an object")
            try:
                changes.append(Change.from_dict(item))
            except ValueError as error:
                raise ValueError(f"change #{number}: {error}") from None
        chart = []
        for number, item in enumerate(data.get("chart") or [], start=1):
            if not isinstance(item, Mapping) or item.get("field") not in _CHART_FIELDS:
                raise ValueError(
                    f"chart change #{number}: 'field' is one of name, variant, attributes, "
                    "validation, roles"
                )
            chart.append(ChartChange(item["field"], item.get("old"), item.get("new")))
        match = data.get("match", "id")
        if match not in get_args(Match):
            raise ValueError(f"match {match!r} is not one of id, name, email")
        order = data.get("order")
        return cls(
            match=match,
            changes=tuple(changes),
            chart=tuple(chart),
            order=None if order is None else tuple(order),
        )

    @classmethod
    def from_json(cls, text: str) -> OrgDiff:
        """The change set of :meth:`to_json`'s text (see :meth:`from_dict`)."""
        return cls.from_dict(json.loads(text))


# -- pairing positions ---------------------------------------------------------------------------


def _holder_keys(chart: OrgChart, match: Match) -> list[str | None]:
    """Each position's holder key for pairing: its name, or its ``email`` attribute, folded."""
    if match == "name":
        return [
            None if n is None else " ".join(n.split()).casefold() for n in chart._column("name")
        ]
    keys: list[str | None] = []
    for attributes in chart._column("attributes"):
        value = attributes.get("email") if attributes else None
        keys.append(value.strip().casefold() if isinstance(value, str) and value.strip() else None)
    return keys


def _pairs(old: OrgChart, new: OrgChart, match: Match) -> dict[int, int]:
    """Old position -> new position: by holder first (unique holders only), then by id."""
    old_ids = old.ids()
    paired: dict[int, int] = {}
    if match != "id":
        old_keys, new_keys = _holder_keys(old, match), _holder_keys(new, match)
        old_count, new_count = Counter(old_keys), Counter(new_keys)
        new_at = {key: at for at, key in enumerate(new_keys) if key is not None}
        for at, key in enumerate(old_keys):
            if key is not None and old_count[key] == 1 and new_count[key] == 1:
                paired[at] = new_at[key]
    taken = set(paired.values())
    new_of = new._reporting_index().position_of()
    for at, position_id in enumerate(old_ids):
        if at in paired:
            continue
        other = new_of.get(position_id)
        if other is not None and other not in taken:
            paired[at] = other
            taken.add(other)
    return paired


# -- the diff ------------------------------------------------------------------------------------


def diff(
    old: OrgChart,
    new: OrgChart,
    *,
    match: Match = "id",
    variant: Variant | str | None = "auto",
) -> OrgDiff:
    """What changed from ``old`` to ``new``: each position's changes, and the impact summary.

    Positions are paired by id; with ``match="name"`` (or ``"email"``, the ``email``
    attribute) by their holder first, when ids were regenerated between two exports: a holder
    named once on each side pairs two positions, and the rest pair by id. A manager that moves
    with its team is one ``moved`` change naming the team; the unit changes that came with the
    move say so (``with_move``).

    Args:
        old: the chart before.
        new: the chart after.
        match: ``"id"``, ``"name"`` or ``"email"``.
        variant: the variant both charts are validated against, for the findings introduced
            and resolved: a :class:`~orgroles.Variant`, a name, ``"auto"`` (the new chart's
            own, else its best fit) or ``None`` (no validation).

    Raises:
        UnknownVariantError: the variant named (or the new chart's ``variant``) is unknown.
        ValueError: an unknown ``match``.

    Examples:
        >>> from orgroles.testing import make_chart
        >>> old = make_chart("ceo > cpo > dir-a (Ada) > pm-1 (Lin), pm-2; cpo > dir-b")
        >>> new = make_chart("ceo > cpo > dir-b > dir-a (Ada) > pm-1 (Lin), pm-2 (Sam)")
        >>> changes = diff(old, new, variant=None).changes
        >>> [(c.kind, c.id, c.old, c.new, c.team_size) for c in changes]
        [('moved', 'dir-a', 'cpo', 'dir-b', 2), ('filled', 'pm-2', None, 'Sam', 0)]
    """
    if match not in get_args(Match):
        raise ValueError(f"match={match!r} is not one of 'id', 'name', 'email'")
    return _Differ(_columnar(old), _columnar(new), match).run(variant)


def _columnar(chart: OrgChart) -> OrgChart:
    """A read-only snapshot of the chart as columns, made once for everything the diff reads.

    A chart held as positions builds a column each time one is asked for; the diff, the
    statistics of both sides and validation ask for the same ones many times over.
    """
    if chart._table is not None:
        return chart
    index = chart._reporting_index()
    columns = {field: chart._column(field) for field in POSITION_FIELDS if field != "id"}
    return type(chart)._from_columns(
        {"id": index.ids, **columns},
        index=index,
        name=chart.name,
        variant=chart.variant,
        roles=chart.roles,
        attributes=chart.attributes,
        validation=chart.validation,
    )


class _Differ:
    def __init__(self, old: OrgChart, new: OrgChart, match: Match) -> None:
        self.old, self.new, self.match = old, new, match
        self.old_ids, self.new_ids = old.ids(), new.ids()
        self.pairs = _pairs(old, new, match)
        self.new_managers = new._column("reports_to")
        self.new_to_old = {n: o for o, n in self.pairs.items()}
        # Old id -> new id where a pairing renamed a position (only with match="name"/"email").
        self.renamed = {
            self.old_ids[o]: self.new_ids[n]
            for o, n in self.pairs.items()
            if self.old_ids[o] != self.new_ids[n]
        }

    def mapped(self, position_id: str | None) -> str | None:
        return None if position_id is None else self.renamed.get(position_id, position_id)

    def run(self, variant: Variant | str | None) -> OrgDiff:
        per_position: dict[int, list[Change]] = {}
        self.field_changes(per_position)
        moved = self.moves(per_position)
        self.mark_team_units(per_position, moved)
        for n, position_id in enumerate(self.new_ids):
            if n not in self.new_to_old:
                after = self.new_ids[n - 1] if n else None
                per_position[n] = [
                    Change("added", position_id, None, self.new[position_id].to_dict(), after=after)
                ]
        changes: list[Change] = []
        for n in sorted(per_position):
            changes.extend(sorted(per_position[n], key=lambda c: CHANGE_KINDS.index(c.kind)))
        for o, position_id in enumerate(self.old_ids):
            if o not in self.pairs:
                changes.append(Change("removed", position_id, self.old[position_id].to_dict()))
        result = OrgDiff(
            match=self.match,
            changes=tuple(changes),
            chart=tuple(self.chart_changes()),
            order=self.order(),
        )
        return _with_summary(result, self, variant)

    def field_changes(self, per_position: dict[int, list[Change]]) -> None:
        self.renames(per_position)
        if self.old._table is None and self.new._table is None:
            self.position_changes(per_position)
        else:
            self.column_changes(per_position)

    def position_changes(self, per_position: dict[int, list[Change]]) -> None:
        """Charts held as positions: most pairs are the same object (a copy) or equal."""
        old_positions = list(self.old._values())
        new_positions = list(self.new._values())
        renamed = self.renamed
        fields = ("title", "role", "name", "unit", "dotted_to", "assistant", "attributes")
        for o, n in self.pairs.items():
            before, after = old_positions[o], new_positions[n]
            if before is after or (before.__dict__ == after.__dict__ and not renamed):
                continue
            for field_name in fields:
                old_value = getattr(before, field_name)
                new_value = getattr(after, field_name)
                if field_name == "dotted_to" and renamed:
                    old_value = tuple(renamed.get(t, t) for t in old_value)
                if old_value != new_value:
                    per_position.setdefault(n, []).extend(
                        _field_change(field_name, self.new_ids[n], old_value, new_value)
                    )

    def column_changes(self, per_position: dict[int, list[Change]]) -> None:
        """Charts held as columns: whole columns compare in C first."""
        # The old chart's values in the new chart's order (a marker where a position is new),
        # so that each field compares as two lists, in C, and only differences reach Python.
        new_to_old = self.new_to_old
        old_at: list[int] = [new_to_old.get(n, -1) for n in range(len(self.new_ids))]
        added = [o < 0 for o in old_at]
        for field_name in ("title", "role", "name", "unit", "dotted_to", "assistant", "attributes"):
            old_column = self.old._column(field_name)
            new_column = self.new._column(field_name)
            if field_name == "dotted_to" and self.renamed:
                renamed = self.renamed
                old_column = [tuple(renamed.get(t, t) for t in ts) for ts in old_column]
            if field_name == "attributes":  # None and {} both mean no attributes
                old_column = [a or {} for a in old_column]
                new_column = [a or {} for a in new_column]
            extended = [*old_column, _ADDED]  # index -1 reads the marker
            aligned = list(map(extended.__getitem__, old_at))
            differs = map(ne, aligned, new_column)
            for n in compress(range(len(new_column)), differs):
                if added[n]:
                    continue
                per_position.setdefault(n, []).extend(
                    _field_change(field_name, self.new_ids[n], aligned[n], new_column[n])
                )

    def renames(self, per_position: dict[int, list[Change]]) -> None:
        for o, n in self.pairs.items():
            if self.old_ids[o] != self.new_ids[n]:
                per_position.setdefault(n, []).append(
                    Change("id_changed", self.new_ids[n], self.old_ids[o], self.new_ids[n])
                )

    def moves(self, per_position: dict[int, list[Change]]) -> dict[int, Change]:
        old_managers = self.old._column("reports_to")
        new_managers = self.new_managers
        moved_flags: set[int] = set()
        moved: dict[int, tuple[str | None, str | None]] = {}
        for o, n in self.pairs.items():
            before = self.mapped(old_managers[o])
            after = new_managers[n]
            if before != after:
                moved_flags.add(n)
                moved[n] = (before, after)
        found: dict[int, Change] = {}
        new_of = self.new._reporting_index().position_of()
        for n, (before, after) in moved.items():
            position_id = self.new_ids[n]
            team = self.team(position_id, moved_flags, new_of)
            change = Change("moved", position_id, before, after, team=team)
            per_position.setdefault(n, []).append(change)
            found[n] = change
        return found

    def team(self, position_id: str, moved: set[int], new_of: dict[str, int]) -> tuple[str, ...]:
        """Everyone below ``position_id`` in the new chart whose line up to it did not change."""
        new_managers = self.new_managers
        inside = {position_id}
        team = []
        for below in descendants(self.new, position_id):  # depth first: managers come first
            at = new_of[below]
            if at not in moved and at in self.new_to_old and new_managers[at] in inside:
                inside.add(below)
                team.append(below)
        order = {pid: new_of[pid] for pid in team}
        return tuple(sorted(team, key=order.__getitem__))

    def mark_team_units(
        self, per_position: dict[int, list[Change]], moved: dict[int, Change]
    ) -> None:
        """Unit changes of a moved manager and its team name the move they came with."""
        if not moved:
            return
        new_of = self.new._reporting_index().position_of()
        with_move: dict[int, str] = {}
        for change in moved.values():
            for member in (change.id, *change.team):
                with_move.setdefault(new_of[member], change.id)
        for n, changes in per_position.items():
            mover = with_move.get(n)
            if mover is None:
                continue
            per_position[n] = [
                Change(c.kind, c.id, c.old, c.new, with_move=mover)
                if c.kind == "unit_changed"
                else c
                for c in changes
            ]

    def chart_changes(self) -> list[ChartChange]:
        old, new = self.old, self.new
        found: list[ChartChange] = []
        if old.name != new.name:
            found.append(ChartChange("name", old.name, new.name))
        if old.variant != new.variant:
            found.append(ChartChange("variant", old.variant, new.variant))
        if dict(old.attributes) != dict(new.attributes):
            found.append(ChartChange("attributes", dict(old.attributes), dict(new.attributes)))
        if old.validation != new.validation:
            found.append(ChartChange("validation", old.validation, new.validation))
        if old.roles != new.roles:
            found.append(ChartChange("roles", roles_data(old), roles_data(new)))
        return found

    def order(self) -> tuple[str, ...] | None:
        kept_old = [self.mapped(self.old_ids[o]) for o in sorted(self.pairs)]
        kept_new = [self.new_ids[n] for n in sorted(self.new_to_old)]
        return None if kept_old == kept_new else tuple(self.new_ids)


def roles_data(chart: OrgChart) -> dict[str, Any]:
    """The chart's custom roles and aliases as the org file writes them."""
    return {
        "roles": [
            {
                "key": role.key,
                **role.model_dump(mode="json", exclude_defaults=True, exclude={"key"}),
            }
            for role in chart.roles.custom_roles
        ],
        "aliases": dict(chart.roles.aliases),
    }


_KIND_OF: dict[str, ChangeKind] = {
    "title": "retitled",
    "role": "role_changed",
    "unit": "unit_changed",
    "assistant": "assistant_changed",
    "attributes": "attributes_changed",
}


def _field_change(field_name: str, position_id: str, before: Any, after: Any) -> list[Change]:
    if field_name == "name":
        kind: ChangeKind = (
            "filled" if before is None else "vacated" if after is None else "holder_changed"
        )
        return [Change(kind, position_id, before, after)]
    if field_name != "dotted_to":
        return [Change(_KIND_OF[field_name], position_id, before, after)]
    # Dotted lines: the ones dropped, then the ones added; a change of order alone is an
    # "added" whose new value is the new order.
    kept = tuple(t for t in before if t in after)
    changes = []
    if kept != before:
        changes.append(Change("dotted_removed", position_id, before, kept))
    if kept != after or not changes:
        changes.append(Change("dotted_added", position_id, kept, after))
    return changes


# -- the summary ---------------------------------------------------------------------------------


def _with_summary(result: OrgDiff, differ: _Differ, variant: Variant | str | None) -> OrgDiff:
    old, new = differ.old, differ.new
    before = stats(old, variant=None)
    after = stats(new, variant=None)
    chosen: Variant | None = None
    introduced: tuple[Finding, ...] = ()
    resolved: tuple[Finding, ...] = ()
    if variant is not None:
        chosen = select_variant(new, variant).variant
        old_findings = validate(old, chosen).findings
        new_findings = validate(new, chosen).findings
        introduced, resolved = _compare_findings(old_findings, new_findings, differ.mapped)
    summary = DiffSummary(
        before=before,
        after=after,
        units=_units(before, after),
        spans=_spans(before, after, differ),
        one_over_ones_created=_one_over_ones(after, before, differ, new_side=True),
        one_over_ones_ended=_one_over_ones(before, after, differ, new_side=False),
        variant=None if chosen is None else chosen.name,
        introduced=introduced,
        resolved=resolved,
        counts=dict(Counter(change.kind for change in result.changes)),
    )
    return OrgDiff(result.match, result.changes, result.chart, result.order, summary)


def _units(before: OrgStats, after: OrgStats) -> tuple[UnitCount, ...]:
    old = {group.key: group for group in before.by_unit}
    new = {group.key: group for group in after.by_unit}
    keys = list(dict.fromkeys([*new, *old]))
    rows = [
        UnitCount(
            unit=None if key is None else str(key),
            before=old[key].positions if key in old else 0,
            after=new[key].positions if key in new else 0,
            filled_before=old[key].filled if key in old else 0,
            filled_after=new[key].filled if key in new else 0,
        )
        for key in keys
    ]
    rows.sort(key=lambda u: (u.unit is None, -u.after, -u.before, u.unit or ""))
    return tuple(rows)


def _spans(before: OrgStats, after: OrgStats, differ: _Differ) -> tuple[SpanChange, ...]:
    old_spans = {differ.mapped(row.id): row.span for row in before.spans}
    new_spans = {row.id: row.span for row in after.spans}
    found = [
        SpanChange(position_id, old_spans.get(position_id, 0), span)
        for position_id, span in new_spans.items()
        if old_spans.get(position_id, 0) != span
    ]
    found.extend(
        SpanChange(position_id or "", span, 0)
        for position_id, span in old_spans.items()
        if position_id not in new_spans
    )
    return tuple(found)


def _one_over_ones(
    side: OrgStats, other: OrgStats, differ: _Differ, *, new_side: bool
) -> tuple[str, ...]:
    def ids(figures: OrgStats, new: bool) -> list[str]:
        found = [row.id for row in figures.spans if row.span == 1]
        return found if new else [differ.mapped(i) or i for i in found]

    mine = ids(side, new_side)
    theirs = set(ids(other, not new_side))
    return tuple(i for i in mine if i not in theirs)


def _compare_findings(
    old: Sequence[Finding], new: Sequence[Finding], mapped: Any
) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
    """Findings only in ``new`` and only in ``old``, matched by code and positions (counted)."""

    def old_key(finding: Finding) -> tuple[str, tuple[str, ...]]:
        return finding.code, tuple(mapped(p) for p in finding.positions)

    def new_key(finding: Finding) -> tuple[str, tuple[str, ...]]:
        return finding.code, finding.positions

    return _unmatched(new, new_key, old, old_key), _unmatched(old, old_key, new, new_key)


def _unmatched(
    findings: Sequence[Finding],
    key: Callable[[Finding], object],
    others: Sequence[Finding],
    other_key: Callable[[Finding], object],
) -> tuple[Finding, ...]:
    """The findings no other matches, in order; each other finding matches one at most."""
    left = Counter(map(other_key, others))
    unmatched = []
    for finding in findings:
        k = key(finding)
        if left[k] > 0:
            left[k] -= 1
        else:
            unmatched.append(finding)
    return tuple(unmatched)


def kinds_in(changes: Iterable[Change]) -> list[ChangeKind]:
    """The kinds present, in :data:`CHANGE_KINDS` order."""
    present = {change.kind for change in changes}
    return [kind for kind in CHANGE_KINDS if kind in present]
