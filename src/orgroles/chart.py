"""The :class:`OrgChart`: positions plus the reporting graph between them.

This module owns the in-memory organisation: its edits and queries (storage, index, conversions
and display live beside it). It knows roles (to check keys) but no file format, renderer,
variant or CLI. A chart may hold a broken structure (a cycle, a missing
manager, several roots) so that validation can report it; only what cannot be represented at all
(a duplicate id, a malformed value, an unknown role) is refused, every such problem at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Literal

from orgroles import _convert, _display, _frames
from orgroles._index import ReportingIndex
from orgroles._roles import Role, RoleCatalog, default_catalog
from orgroles._store import Known, PositionStore, PositionTable
from orgroles.errors import OrgDataError, Place, Problem, ReportingCycleError
from orgroles.position import Position, PositionLike, coerce_position, collect_positions

__all__ = ["OrgChart"]

_REPORTS_CHOICES = ("refuse", "move_up", "remove")


class OrgChart(PositionStore):
    """An organisation: positions in a stable order plus the solid and dotted reporting lines.

    Positions are reached through methods and iteration, never through internal containers, so
    storage can change without breaking users. Iteration follows insertion (file) order.

    Args:
        positions: :class:`Position` objects or mappings of their fields.
        name: the organisation's name.
        variant: the variant this org means to follow (a name), if any.
        roles: the role catalog, or custom roles to add to the built-in one.
        attributes: free chart-level data, kept and round-tripped.
        validation: the validation policy as plain data (the org file's ``validation:`` key).

    Raises:
        OrgDataError: listing every duplicate id, malformed value or unknown role.

    Examples:
        >>> chart = OrgChart(
        ...     [
        ...         {"id": "ceo", "role": "ceo", "name": "Ada"},
        ...         {"id": "hop", "role": "head_of_product", "reports_to": "ceo"},
        ...         {"id": "pm-1", "role": "pm", "name": "Lin", "reports_to": "hop"},
        ...     ],
        ...     name="Acme",
        ... )
        >>> len(chart), chart["pm-1"].name, [p.id for p in chart.chain_of_command("pm-1")]
        (3, 'Lin', ['hop', 'ceo'])
        >>> chart["hop"].vacant
        True
    """

    __slots__ = ("_attributes", "_catalog", "_name", "_variant", "validation")

    def __init__(
        self,
        positions: Iterable[PositionLike] = (),
        *,
        name: str | None = None,
        variant: str | None = None,
        roles: RoleCatalog | Iterable[Role] | None = None,
        attributes: Mapping[str, Any] | None = None,
        validation: Mapping[str, Any] | None = None,
    ) -> None:
        if roles is None:
            catalog = default_catalog()
        elif isinstance(roles, RoleCatalog):
            catalog = roles
        else:
            catalog = default_catalog().extend(roles)
        self._catalog = catalog
        self._name = _checked_text("name", name)
        self._variant = _checked_text("variant", variant)
        self._attributes: dict[str, Any] = {}
        self.attributes = attributes or {}
        self.validation: dict[str, Any] | None = dict(validation) if validation else None
        """The org file's ``validation:`` policy as plain data (rules, variant changes), or
        ``None``; ``validate`` applies it. Kept as data so the chart knows nothing of rules."""
        super().__init__()
        self._positions, problems = collect_positions(positions, catalog)
        if problems:
            raise OrgDataError(problems, summary="cannot build the org chart")

    @classmethod
    def _from_columns(
        cls,
        columns: Mapping[str, Sequence[Any]],
        *,
        index: ReportingIndex | None = None,
        name: str | None = None,
        variant: str | None = None,
        roles: RoleCatalog | None = None,
        attributes: Mapping[str, Any] | None = None,
        validation: Mapping[str, Any] | None = None,
        known: Known | None = None,
    ) -> OrgChart:
        """A chart over position columns, for bulk builders: no Position is made until asked.

        ``columns`` follow :class:`~orgroles._store.PositionTable`'s contract (``field -> list``
        in chart order, values already valid, kept and never changed afterwards); ``index`` is
        the :class:`~orgroles._index.ReportingIndex` over ``columns["id"]`` agreeing with
        ``reports_to`` (built here when ``None``); ``known``, what the builder proved about the
        columns (not checked). Ids, roles and lengths are checked in bulk. Queries,
        iteration and equality are those of the same chart built from positions; the first
        change turns the columns into positions.

        Raises:
            ValueError: a broken contract (an internal error of the caller).

        Examples:
            >>> chart = OrgChart._from_columns({"id": ["ceo", "pm"], "role": ["ceo", "pm"],
            ...     "reports_to": [None, "ceo"]}, name="Acme")
            >>> chart == OrgChart([{"id": "ceo", "role": "ceo"},
            ...     {"id": "pm", "role": "pm", "reports_to": "ceo"}], name="Acme")
            True
        """
        chart = cls(
            name=name, variant=variant, roles=roles, attributes=attributes, validation=validation
        )
        chart._adopt(PositionTable(columns, known=known), index, roles=chart.roles)
        return chart

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, OrgChart):
            return NotImplemented
        return (
            self._name == other._name
            and self.variant == other.variant
            and self._attributes == other._attributes
            and self.validation == other.validation
            and self._catalog == other._catalog
            and self._same_positions(other)
        )

    __hash__ = None  # type: ignore[assignment]  # mutable container

    def __repr__(self) -> str:
        name = f" {self._name!r}" if self._name else ""
        variant = f", variant={self.variant!r}" if self.variant else ""
        return f"<OrgChart{name}: {len(self)} positions{variant}>"

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
    ) -> dict[str, str]:
        """Jupyter: the text tree and the drawing, as the renderers registered them."""
        return _display.mimebundle(self, include, exclude)

    # -- properties ----------------------------------------------------------------------------

    @property
    def name(self) -> str | None:
        """The organisation's name, if any."""
        return self._name

    @name.setter
    def name(self, value: str | None) -> None:
        self._name = _checked_text("name", value)

    @property
    def variant(self) -> str | None:
        """The variant this org means to follow, or ``None`` (validation then picks one)."""
        return self._variant

    @variant.setter
    def variant(self, value: str | None) -> None:
        self._variant = _checked_text("variant", value)

    @property
    def roles(self) -> RoleCatalog:
        """The role catalog positions' role keys refer to."""
        return self._catalog

    @property
    def attributes(self) -> Mapping[str, Any]:
        """Free chart-level data, kept and round-tripped by the org file (read-only; set anew).

        Examples:
            >>> chart = OrgChart(attributes={"employees": 40})
            >>> chart.attributes = {**chart.attributes, "founded": 2019}
            >>> dict(chart.attributes)
            {'employees': 40, 'founded': 2019}
        """
        return MappingProxyType(self._attributes)

    @attributes.setter
    def attributes(self, value: Mapping[str, Any]) -> None:
        if not isinstance(value, Mapping):
            raise TypeError(f"attributes must be a mapping, got {type(value).__name__}")
        self._attributes = dict(value)

    def role_of(self, position_id: str) -> Role:
        """The :class:`Role` of a position, from this chart's catalog."""
        return self._catalog[self._require(position_id).role]

    # -- editing -------------------------------------------------------------------------------

    def add(self, position: PositionLike | None = None, /, **fields: Any) -> Position:
        """Add a position (a :class:`Position`, a mapping, or keyword fields) and return it.

        The manager need not exist yet, so a chart can be built in any order.

        Raises:
            OrgDataError: a duplicate id, a malformed value or an unknown role.

        Examples:
            >>> chart = OrgChart()
            >>> chart.add(id="ceo", role="ceo").id
            'ceo'
            >>> chart.add(Position(id="cpo", role="cpo", reports_to="ceo")).reports_to
            'ceo'
        """
        if position is not None and fields:
            raise TypeError("add() takes a position or keyword fields, not both")
        item: PositionLike = fields if position is None else position
        problems: list[Problem] = []
        coerced = coerce_position(item, self._catalog, index=None, problems=problems)
        if coerced is not None and coerced.id in self:
            problems.append(
                Problem(
                    "duplicate id",
                    code="duplicate-id",
                    hint="ids are unique",
                    place=Place(positions=(coerced.id,), field="id"),
                )
            )
        if coerced is None or problems:
            raise OrgDataError(problems, summary="cannot add the position")
        self._own()[coerced.id] = coerced
        self._index = None
        return coerced

    def remove(
        self, position_id: str, *, reports: Literal["refuse", "move_up", "remove"] = "refuse"
    ) -> list[Position]:
        """Remove a position and return what was removed.

        Args:
            position_id: the position to remove.
            reports: what happens to its direct reports: ``"refuse"`` (the default) raises if
                there are any, so nobody is re-parented by accident; ``"move_up"`` gives them the
                removed position's manager; ``"remove"`` removes its whole subtree.

        Dotted lines to removed positions are dropped from the positions that had them.

        Raises:
            UnknownPositionError: no such position.
            ValueError: it has direct reports and ``reports="refuse"``; or ``reports`` is none
                of the three values.

        Examples:
            >>> chart = OrgChart([{"id": "a", "role": "ceo"}, {"id": "b", "role": "cpo",
            ...     "reports_to": "a"}, {"id": "c", "role": "pm", "reports_to": "b"}])
            >>> [p.id for p in chart.remove("b", reports="move_up")]
            ['b']
            >>> chart["c"].reports_to
            'a'
        """
        if reports not in _REPORTS_CHOICES:
            # Checked first: a typo must not fall through to one of the other behaviours.
            raise ValueError(
                f"reports={reports!r} is not one of {', '.join(map(repr, _REPORTS_CHOICES))}"
            )
        position = self._require(position_id)
        direct = [p.id for p in self.reports_of(position_id)]
        if reports == "refuse" and direct:
            raise ValueError(
                f"position {position_id!r} has {len(direct)} direct report(s) "
                f"({', '.join(direct[:5])}{', ...' if len(direct) > 5 else ''}); "
                "pass reports='move_up' or reports='remove'"
            )
        if reports == "remove":
            doomed = [position_id, *(p.id for p in self.descendants(position_id))]
        else:
            for report in direct:
                moved = self._own()[report].model_copy(update={"reports_to": position.reports_to})
                self._set(moved)
            doomed = [position_id]
        removed = []
        for victim in doomed:
            removed.append(self._own().pop(victim))
        self._index = None
        gone_ids = set(doomed)
        for other in list(self._values()):
            if gone_ids.intersection(other.dotted_to):
                kept = tuple(t for t in other.dotted_to if t not in gone_ids)
                self._set(other.model_copy(update={"dotted_to": kept}))
        return removed

    def move(self, position_id: str, reports_to: str | None) -> Position:
        """Give a position a new solid-line manager (``None`` makes it a root).

        Raises:
            UnknownPositionError: either id is not in the chart.
            ReportingCycleError: the new manager is the position itself or reports up to it.

        Examples:
            >>> chart = OrgChart([{"id": "a", "role": "ceo"}, {"id": "b", "role": "cpo"}])
            >>> chart.move("b", "a").reports_to
            'a'
        """
        position = self._require(position_id)
        if reports_to is not None:
            self._require(reports_to)
            self._check_no_cycle(position_id, reports_to)
        return self._set(position.model_copy(update={"reports_to": reports_to}))

    def update(self, position_id: str, **changes: Any) -> Position:
        """Change fields of a position (not its id) and return the new position.

        A change of ``reports_to`` goes through :meth:`move`'s checks. Nothing changes unless
        every change is valid.

        Examples:
            >>> chart = OrgChart([{"id": "pm-1", "role": "pm"}])
            >>> chart.update("pm-1", name="Ada", title="Product Manager, Payments").name
            'Ada'
        """
        position = self._require(position_id)
        if "id" in changes and changes["id"] != position_id:
            raise ValueError("update() cannot change a position's id")
        data = {**position.model_dump(), **changes}
        problems: list[Problem] = []
        updated = coerce_position(data, self._catalog, index=None, problems=problems)
        if updated is None:
            raise OrgDataError(problems, summary=f"cannot update position {position_id!r}")
        if updated.reports_to != position.reports_to and updated.reports_to is not None:
            # The same checks as move(), before anything changes.
            self._require(updated.reports_to)
            self._check_no_cycle(position_id, updated.reports_to)
        return self._set(updated)

    def _set(self, position: Position) -> Position:
        """Replace a position (same id) in place, keeping its order."""
        positions = self._own()
        if positions[position.id].reports_to != position.reports_to:
            self._index = None
        positions[position.id] = position
        return position

    def _check_no_cycle(self, position_id: str, new_manager: str) -> None:
        # Up the line by manager ids, not through the index: a run of moves would otherwise
        # rebuild the whole index after each one, where this walk costs only the chain.
        positions = self._own()
        current: str | None = new_manager
        path = []
        seen: set[str] = set()
        while current is not None and current in positions and current not in seen:
            path.append(current)
            if current == position_id:
                cycle = [position_id, *reversed(path[:-1])]
                raise ReportingCycleError(
                    f"moving {position_id!r} under {new_manager!r} would make a reporting cycle: "
                    + " -> ".join([*cycle, position_id]),
                    cycle,
                )
            seen.add(current)
            current = positions[current].reports_to

    # -- queries -------------------------------------------------------------------------------

    def manager_of(self, position_id: str) -> Position | None:
        """The solid-line manager, or ``None`` for a root or a manager id not in the chart."""
        manager = self._require(position_id).reports_to
        return None if manager is None else self.get(manager)

    def reports_of(self, position_id: str, *, assistants: bool = True) -> list[Position]:
        """Direct solid-line reports in chart order (``assistants=False`` leaves assistants out).

        Works for an id that is not in the chart too, so positions naming a missing manager
        can be found.
        """
        index = self._reporting_index()
        at = index.position_of().get(position_id)
        if at is None:
            # Not in the chart: only positions whose manager is missing can name it.
            below = map(self._at, index.missing_manager())
            reports = [report for report in below if report.reports_to == position_id]
        else:
            reports = list(map(self._at, index.children(at)))
        return reports if assistants else [p for p in reports if not p.assistant]

    def span_of_control(self, position_id: str) -> int:
        """The number of direct solid-line reports, assistants not counted."""
        return len(self.reports_of(position_id, assistants=False))

    def dotted_reports_of(self, position_id: str) -> list[Position]:
        """Positions with a dotted line to this one, in chart order."""
        return [p for p in self._values() if position_id in p.dotted_to]

    def chain_of_command(self, position_id: str) -> list[Position]:
        """The managers above a position, nearest first, up to a root.

        The chain ends at a root or at a manager id that is not in the chart.

        Raises:
            ReportingCycleError: the chain runs into a reporting cycle (named in the error).
        """
        self._require(position_id)
        index = self._reporting_index()
        at = index.position(position_id)
        above = index.ancestors(at)
        last = above[-1] if above else at
        if index.parent[last] >= 0:  # the walk stopped before coming round again: a cycle
            ids = [index.ids[p] for p in above]
            current = index.ids[index.parent[last]]
            cycle = ids[ids.index(current) :] if current in ids else [position_id, *ids]
            raise ReportingCycleError(
                f"the chain of command of {position_id!r} runs into a reporting cycle: "
                + " -> ".join([*cycle, cycle[0]]),
                cycle,
            )
        return list(map(self._at, above))

    def descendants(self, position_id: str) -> Iterator[Position]:
        """Everyone below a position (depth-first, reports in chart order); cycle-safe."""
        self._require(position_id)
        index = self._reporting_index()
        return map(self._at, index.descendants(index.position(position_id)))

    def subtree(self, position_id: str) -> OrgChart:
        """A new chart of a position and everyone below it, in chart order; it becomes the root.

        Examples:
            >>> chart = OrgChart([{"id": "a", "role": "ceo"}, {"id": "b", "role": "cpo",
            ...     "reports_to": "a"}, {"id": "c", "role": "pm", "reports_to": "b"}])
            >>> [p.id for p in chart.subtree("b")], chart.subtree("b")["b"].reports_to
            (['b', 'c'], None)
        """
        top = self._require(position_id)
        members = {position_id, *(p.id for p in self.descendants(position_id))}
        positions = [
            top.model_copy(update={"reports_to": None}) if p.id == position_id else p
            for p in self._values()
            if p.id in members
        ]
        return self._like(positions)

    def roots(self) -> list[Position]:
        """Positions with no solid-line manager, in chart order."""
        return list(map(self._at, self._reporting_index().roots()))

    def units(self) -> list[str]:
        """Distinct units in order of first appearance."""
        return list(dict.fromkeys(unit for unit in self._column("unit") if unit is not None))

    def copy(self) -> OrgChart:
        """An independent copy (positions, column tables and indexes are immutable: shared)."""
        copied = self._like()
        self._share(copied)
        return copied

    def _like(self, positions: Iterable[PositionLike] = ()) -> OrgChart:
        """A chart of these positions with this one's name, variant, roles and policy."""
        return OrgChart(
            positions,
            name=self._name,
            variant=self._variant,
            roles=self._catalog,
            attributes=self._attributes,
            validation=self.validation,
        )

    @classmethod
    def _from_trusted(
        cls, positions: list[Position], *, name: str | None, roles: RoleCatalog
    ) -> OrgChart:
        """A chart of positions our own bulk builders made, checked in bulk only.

        The importers check ids and roles as they build, so this skips the constructor's checks
        per position; a slip would still lose positions silently, hence the bulk checks.
        """
        chart = cls(name=name, roles=roles)
        chart._adopt_positions(positions, roles=roles)
        return chart

    # networkx's convert functions, kept in their own module and bound here as methods.
    to_networkx = _convert.to_networkx
    from_networkx: classmethod[OrgChart, ..., OrgChart] = classmethod(_convert.from_networkx)
    # DataFrames likewise (the pandas extra; polars comes with the fast extra).
    to_pandas = _frames.to_pandas
    from_pandas: classmethod[OrgChart, ..., OrgChart] = classmethod(_frames.from_pandas)
    to_polars = _frames.to_polars
    from_polars: classmethod[OrgChart, ..., OrgChart] = classmethod(_frames.from_polars)


def _checked_text(what: str, value: object) -> str | None:
    """A chart's name or variant: any text (an org file keeps what it is given), or ``None``."""
    if value is not None and not isinstance(value, str):
        raise TypeError(f"the chart's {what} must be text or None, got {type(value).__name__}")
    return value
