"""The :class:`OrgChart`: positions plus the reporting graph between them.

This module owns the in-memory organisation and its queries. It knows roles (to check keys) but no
file format, renderer, variant or CLI. A chart may hold a broken structure (a cycle, a missing
manager, several roots) so that validation can report it; only what cannot be represented at all
(a duplicate id, a malformed value, an unknown role) is refused, every such problem at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError

from orgroles._index import ReportingIndex
from orgroles._table import PositionTable
from orgroles.errors import (
    OrgDataError,
    Place,
    Problem,
    ReportingCycleError,
    UnknownPositionError,
    suggest,
)
from orgroles.position import POSITION_FIELDS, Position
from orgroles.roles import Role, RoleCatalog, default_catalog

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["OrgChart", "problems_from_validation_error"]

PositionLike = Position | Mapping[str, Any]
_REPORTS_CHOICES = ("refuse", "move_up", "remove")


def problems_from_validation_error(
    error: ValidationError, *, index: int | None, position: str | None
) -> list[Problem]:
    """Turn a pydantic error on one position into :class:`Problem` records, one per field."""
    problems = []
    for item in error.errors(include_url=False):
        loc = item.get("loc", ())
        field = ".".join(str(part) for part in loc) if loc else None
        message = item["msg"]
        if item["type"] == "extra_forbidden" and loc:
            message = _unknown_field_message(str(loc[0]))
            field = str(loc[0])
        elif item["type"] == "missing":
            message = "required field is missing"
        elif item["type"] == "string_pattern_mismatch" and loc and loc[0] == "role":
            message = _not_a_role_key(str(item["input"]))
        elif item["type"] == "tuple_type" and loc and loc[0] == "dotted_to":
            message = f"dotted_to is a list of position ids, e.g. [{item['input']}]"
        elif item["type"] == "value_error":
            message = message.removeprefix("Value error, ")
        elif "input" in item and not isinstance(item["input"], dict | list):
            message = f"{message}, got {item['input']!r}"
        problems.append(
            Problem(
                message,
                place=Place(
                    positions=() if position is None else (position,),
                    field=field,
                    row=None if index is None else index + 1,
                ),
            )
        )
    return problems


def _not_a_role_key(written: str) -> str:
    """Say a role was written as a title, and suggest the key it means when one is clear."""
    message = f"role {written!r} is not a role key (lower-case snake_case, e.g. 'pm')"
    snake = "_".join(written.lower().replace("-", " ").split())
    catalog = default_catalog()
    resolved = catalog.resolve_title(written)
    key = snake if snake in catalog else resolved.key if resolved is not None else None
    return f"{message}; did you mean {key!r}?" if key is not None else message


def _unknown_field_message(field: str) -> str:
    message = suggest(field, POSITION_FIELDS, what="field")
    return message + "; put extra data under 'attributes'"


class OrgChart:
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

    __slots__ = (
        "_attributes",
        "_catalog",
        "_index",
        "_name",
        "_positions",
        "_table",
        "validation",
        "variant",
    )

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
        self._name = name
        self.variant: str | None = variant
        """The variant this org means to follow, or ``None`` (validation then picks one)."""
        self._attributes: dict[str, Any] = dict(attributes or {})
        self.validation: dict[str, Any] | None = dict(validation) if validation else None
        """The org file's ``validation:`` policy as plain data (rules, variant changes), or
        ``None``; ``validate`` applies it. Kept as data so the chart knows nothing of rules."""
        # Positions live in one of two forms: a dict of Position objects (every chart you
        # build or change), or a column table (a large import) that makes a Position only
        # when one is asked for. The first change turns a table into the dict.
        self._positions: dict[str, Position] = {}
        self._table: PositionTable | None = None
        self._index: ReportingIndex | None = None
        problems = self._fill(positions)
        if problems:
            raise OrgDataError(problems, summary="cannot build the org chart")

    # -- construction helpers ------------------------------------------------------------------

    def _fill(self, positions: Iterable[PositionLike]) -> list[Problem]:
        """Insert the constructor's positions in order; return the problems instead of raising.

        This loop is the hot path of every bulk build, so it inserts directly; the reporting
        index is built on first use.
        """
        by_id = self._positions
        seq: dict[str, int] = {}  # id -> input index, to name the first of two duplicates
        problems: list[Problem] = []
        refused: dict[str, int] = {}  # ids of refused positions -> their index
        for index, item in enumerate(positions):
            position = self._coerce(item, index=index, problems=problems)
            # Duplicates are checked on the raw id too, so a position refused for another
            # reason still makes a later copy of its id a reported duplicate.
            raw_id = position.id if position is not None else _raw_id(item)
            if raw_id is not None and (raw_id in seq or raw_id in refused):
                first = seq[raw_id] if raw_id in seq else refused[raw_id]
                problems.append(_duplicate_id(raw_id, first=first, index=index))
            elif position is not None:
                by_id[position.id] = position
                seq[position.id] = index
            elif raw_id is not None:
                refused[raw_id] = index
        return problems

    def _reporting_index(self) -> ReportingIndex:
        """The reporting index of the chart as it is now (built on first use after a change).

        Integer positions follow chart order; :mod:`orgroles.traversal` and the queries below
        read it, and every change drops it.
        """
        index = self._index
        if index is None:  # a table always carries its index
            positions = self._positions
            index = self._index = ReportingIndex.from_managers(
                list(positions), [p.reports_to for p in positions.values()]
            )
        return index

    def _coerce(
        self, item: PositionLike, *, index: int | None, problems: list[Problem]
    ) -> Position | None:
        """Validate one input item into a Position, appending problems instead of raising."""
        row = None if index is None else index + 1
        if isinstance(item, Position):
            position = item
        elif isinstance(item, Mapping):
            raw_id = item.get("id")
            label = raw_id if isinstance(raw_id, str) else None
            try:
                position = Position.model_validate(dict(item))
            except ValidationError as error:
                problems.extend(problems_from_validation_error(error, index=index, position=label))
                return None
        else:
            problems.append(
                Problem(
                    f"expected a Position or a mapping, got {type(item).__name__}",
                    place=Place(row=row),
                )
            )
            return None
        if position.role not in self._catalog:
            problems.append(
                Problem(
                    suggest(position.role, self._catalog, what="role"),
                    code="unknown-role",
                    hint="use a built-in role key or define the role under 'roles'",
                    place=Place(positions=(position.id,), field="role", row=row),
                )
            )
            return None
        return position

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
    ) -> OrgChart:
        """A chart over position columns, for bulk builders: no Position is made until asked.

        The contract (the caller's side; nothing is validated per position):

        - ``columns``: ``field -> list`` in chart order, every list as long as ``columns["id"]``;
          ``id`` and ``role`` required, any other :data:`~orgroles.position.POSITION_FIELDS`
          optional (absent: the default for everyone). Each value already meets
          :class:`Position`'s constraints, as for :func:`~orgroles.position.trusted_position`
          (``dotted_to`` tuples, ``attributes`` dicts or ``None``). The lists are kept, not
          copied, and must not change afterwards.
        - ``index``: the :class:`~orgroles._index.ReportingIndex` over ``columns["id"]`` whose
          parents agree with ``reports_to`` (built here from the columns when ``None``).

        Checked in bulk, cheaply, because a slip would lose positions silently: distinct ids,
        role keys of the catalog, one index entry per row.

        Mutation (``add``, ``remove``, ``move``, ``update``) first turns the columns into
        positions; equality, iteration and every query are those of the same chart built from
        positions.

        Raises:
            ValueError: a broken contract (an internal error of the caller).

        Examples:
            >>> chart = OrgChart._from_columns({"id": ["ceo", "pm"], "role": ["ceo", "pm"],
            ...     "reports_to": [None, "ceo"]}, name="Acme")
            >>> chart == OrgChart([{"id": "ceo", "role": "ceo"},
            ...     {"id": "pm", "role": "pm", "reports_to": "ceo"}], name="Acme")
            True
        """
        table = PositionTable(columns)
        catalog = roles if roles is not None else default_catalog()
        unknown = set(table.roles).difference(catalog)
        if unknown:
            raise ValueError(f"internal error: a bulk build used roles {sorted(unknown)}")
        if index is None:
            index = ReportingIndex.from_managers(table.ids, table.column("reports_to"))
        elif len(index) != len(table):
            raise ValueError("internal error: the index and the columns differ in length")
        if len(index.position_of()) != len(table):
            raise ValueError("internal error: a bulk build made two positions with one id")
        chart = cls(
            name=name, variant=variant, roles=catalog, attributes=attributes, validation=validation
        )
        chart._table = table
        chart._index = index
        return chart

    def _own(self) -> dict[str, Position]:
        """The positions as a dict to change: a column table becomes Position objects first."""
        table = self._table
        if table is not None:
            self._positions = {p.id: p for p in table.rows()}
            self._table = None  # the index stays: it still describes the same positions
        return self._positions

    def _values(self) -> Iterable[Position]:
        """Every position in chart order (made on the way from a column table)."""
        table = self._table
        return self._positions.values() if table is None else table.rows()

    def _at(self, at: int) -> Position:
        """The position at one place in chart order (the index's integer position)."""
        table = self._table
        if table is not None:
            return table.row(at)
        return self._positions[self._reporting_index().ids[at]]

    def _column(self, field: str) -> Sequence[Any]:
        """One position field's values in chart order (do not change the list)."""
        table = self._table
        if table is not None:
            return table.column(field)
        return [getattr(p, field) for p in self._positions.values()]

    def _insert(self, position: Position) -> None:
        self._own()[position.id] = position
        self._index = None

    def _require(self, position_id: str) -> Position:
        found = self.get(position_id)
        if found is None:
            raise UnknownPositionError(
                _unknown_position_message(position_id, self.ids()), position_id
            )
        return found

    # -- container protocol --------------------------------------------------------------------

    def __getitem__(self, position_id: str) -> Position:
        return self._require(position_id)

    def get(self, position_id: str, default: Position | None = None) -> Position | None:
        """The position with this id, or ``default``."""
        table = self._table
        if table is None:
            return self._positions.get(position_id, default)
        at = self._reporting_index().position_of().get(position_id)
        return default if at is None else table.row(at)

    def __contains__(self, position_id: object) -> bool:
        if self._table is None:
            return position_id in self._positions
        return position_id in self._reporting_index().position_of()

    def __iter__(self) -> Iterator[Position]:
        table = self._table
        # A snapshot either way: changing the chart while iterating it is safe.
        return iter(list(self._positions.values())) if table is None else table.rows()

    def __len__(self) -> int:
        table = self._table
        return len(self._positions) if table is None else len(table)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, OrgChart):
            return NotImplemented
        return (
            self._name == other._name
            and self.variant == other.variant
            and self._attributes == other._attributes
            and self.validation == other.validation
            and self._catalog == other._catalog
            and len(self) == len(other)
            and (
                list(self._positions.values()) == list(other._positions.values())
                if self._table is None and other._table is None
                # Field by field: equal columns are equal positions, none of them made.
                else all(self._column(f) == other._column(f) for f in POSITION_FIELDS)
            )
        )

    __hash__ = None  # type: ignore[assignment]  # mutable container

    def __repr__(self) -> str:
        name = f" {self._name!r}" if self._name else ""
        variant = f", variant={self.variant!r}" if self.variant else ""
        return f"<OrgChart{name}: {len(self)} positions{variant}>"

    def _repr_svg_(self) -> str | None:
        """Jupyter: the chart as SVG, or ``None`` (show the text) when it cannot be drawn."""
        try:
            from orgroles.render import chart_svg  # noqa: PLC0415  # drawing loads on display only

            return chart_svg(self)
        except Exception:  # display must never raise; the text tree stands in
            return None

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        """Jupyter: SVG plus the text tree; only the text tree if drawing fails."""
        try:
            from orgroles.text import to_text  # noqa: PLC0415  # text imports this module

            bundle = {"text/plain": to_text(self)}
        except Exception:  # display must never raise
            bundle = {"text/plain": repr(self)}
        svg = self._repr_svg_()
        if svg is not None:
            bundle["image/svg+xml"] = svg
        return bundle

    # -- properties ----------------------------------------------------------------------------

    @property
    def name(self) -> str | None:
        """The organisation's name, if any."""
        return self._name

    @name.setter
    def name(self, value: str | None) -> None:
        self._name = value

    @property
    def roles(self) -> RoleCatalog:
        """The role catalog positions' role keys refer to."""
        return self._catalog

    @property
    def attributes(self) -> dict[str, Any]:
        """Free chart-level data (a copy); kept and round-tripped by the org file."""
        return dict(self._attributes)

    def ids(self) -> list[str]:
        """Position ids in chart order."""
        table = self._table
        return list(self._positions) if table is None else list(table.ids)

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
        coerced = self._coerce(item, index=None, problems=problems)
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
        self._insert(coerced)
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
        updated = self._coerce(data, index=None, problems=problems)
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
        return OrgChart(
            positions,
            name=self._name,
            variant=self.variant,
            roles=self._catalog,
            attributes=self._attributes,
            validation=self.validation,
        )

    def roots(self) -> list[Position]:
        """Positions with no solid-line manager, in chart order."""
        index = self._reporting_index()
        return list(map(self._at, index.roots()))

    def units(self) -> list[str]:
        """Distinct units in order of first appearance."""
        return list(dict.fromkeys(unit for unit in self._column("unit") if unit is not None))

    def copy(self) -> OrgChart:
        """An independent copy (positions, column tables and indexes are immutable: shared)."""
        copied = OrgChart(
            name=self._name,
            variant=self.variant,
            roles=self._catalog,
            attributes=self._attributes,
            validation=self.validation,
        )
        copied._positions = dict(self._positions)
        copied._table = self._table
        copied._index = self._index
        return copied

    # -- conversions ---------------------------------------------------------------------------

    def to_networkx(self) -> nx.DiGraph[str]:
        """The reporting graph as a ``networkx.DiGraph``: manager -> report edges.

        Nodes are position ids in chart order; node attributes are the position's other fields
        as plain JSON-able values. Each edge has ``kind`` ``"solid"`` or ``"dotted"``; when a
        dotted line duplicates the solid one, the edge is solid with ``dotted=True``. Lines to
        ids not in the chart have no edge; they stay in the node's ``reports_to``/``dotted_to``.

        Examples:
            >>> chart = OrgChart([{"id": "a", "role": "ceo"}, {"id": "b", "role": "cpo",
            ...     "reports_to": "a", "dotted_to": ["c"]}, {"id": "c", "role": "cto"}],
            ...     roles=[Role(key="cto", title="CTO", track="outside", level=8)])
            >>> graph = chart.to_networkx()
            >>> sorted(graph.edges(data="kind"))
            [('a', 'b', 'solid'), ('c', 'b', 'dotted')]
            >>> graph.nodes["b"]["role"]
            'cpo'
        """
        import networkx as nx  # noqa: PLC0415  # networkx is slow to import; only load it here

        graph: nx.DiGraph[str] = nx.DiGraph(name=self._name or "")
        for position in self._values():
            data = position.model_dump(mode="json", exclude={"id"})
            graph.add_node(position.id, **data)
        for position in self._values():
            if position.reports_to is not None and position.reports_to in self:
                graph.add_edge(position.reports_to, position.id, kind="solid")
        for position in self._values():
            for target in position.dotted_to:
                if target not in self:
                    continue
                if graph.has_edge(target, position.id):
                    graph.edges[target, position.id]["dotted"] = True
                else:
                    graph.add_edge(target, position.id, kind="dotted")
        return graph

    @classmethod
    def _from_trusted(
        cls, positions: list[Position], *, name: str | None, roles: RoleCatalog
    ) -> OrgChart:
        """A chart of positions our own bulk builders made: distinct ids, roles of ``roles``.

        The importers check both as they build, so this skips the per-position checks of the
        constructor (a second of a million-row import). Both are still confirmed in bulk,
        cheaply: a slip would lose positions silently or make a chart that cannot be saved.
        """
        chart = cls(name=name, roles=roles)
        by_id = {p.id: p for p in positions}
        if len(by_id) != len(positions):
            raise ValueError("internal error: a bulk build made two positions with one id")
        unknown = {p.role for p in positions}.difference(roles)
        if unknown:
            raise ValueError(f"internal error: a bulk build used roles {sorted(unknown)}")
        chart._positions = by_id
        return chart

    @classmethod
    def from_networkx(
        cls,
        graph: nx.DiGraph[Any],
        *,
        name: str | None = None,
        variant: str | None = None,
        roles: RoleCatalog | Iterable[Role] | None = None,
        default_role: str = "other",
    ) -> OrgChart:
        """Build a chart from a directed graph of manager -> report edges.

        Edges carry the structure: ``kind="dotted"`` (or ``dotted=True`` on a solid edge) marks
        dotted lines, any other edge is solid. Node attributes give the other fields; a node
        without ``role`` gets ``default_role``. Node ids become strings. A ``reports_to`` or
        ``dotted_to`` node attribute naming an id that is not a node is kept (so
        ``from_networkx(chart.to_networkx()) == chart``); one naming a node is ignored in
        favour of the edges.

        Raises:
            OrgDataError: a node with two solid managers, a malformed value, an unknown role.

        Examples:
            >>> import networkx as nx
            >>> graph = nx.DiGraph([("ceo", "cpo"), ("cpo", "pm")])
            >>> nx.set_node_attributes(graph, {"ceo": "ceo", "cpo": "cpo", "pm": "pm"}, "role")
            >>> [p.reports_to for p in OrgChart.from_networkx(graph)]
            [None, 'ceo', 'cpo']
        """
        nodes: dict[str, Any] = {}
        problems: list[Problem] = []
        for node in graph.nodes:
            key = str(node)
            if key in nodes:
                # 1 and "1" are two nodes to networkx but one id here: refuse, never merge.
                problems.append(
                    Problem(
                        f"nodes {nodes[key]!r} and {node!r} both become position id {key!r}",
                        hint="give the nodes distinct names",
                        place=Place(positions=(key,)),
                    )
                )
            else:
                nodes[key] = node
        records: list[dict[str, Any]] = []
        for index, (key, node) in enumerate(nodes.items()):
            data = dict(graph.nodes[node])
            data.pop("id", None)
            data.setdefault("role", default_role)
            solid = []
            dotted = []
            for manager, _, edge in graph.in_edges(node, data=True):
                if edge.get("kind", "solid") == "dotted":
                    dotted.append(str(manager))
                else:
                    solid.append(str(manager))
                    if edge.get("dotted"):
                        dotted.append(str(manager))
            if len(solid) > 1:
                problems.append(
                    Problem(
                        f"has {len(solid)} solid-line managers ({', '.join(sorted(solid))}); "
                        "mark all but one edge kind='dotted'",
                        place=Place(positions=(key,), row=index + 1),
                    )
                )
                continue
            stored_manager = data.get("reports_to")
            if solid:
                data["reports_to"] = solid[0]
            elif not (isinstance(stored_manager, str) and stored_manager not in nodes):
                data["reports_to"] = None
            stored_dotted = data.get("dotted_to") or []
            kept = [t for t in stored_dotted if isinstance(t, str) and t not in nodes]
            # Keep the stored order of dotted lines where the edges agree with it.
            ordered = [t for t in stored_dotted if isinstance(t, str) and t in dotted]
            ordered += sorted(set(dotted) - set(ordered))
            data["dotted_to"] = [*ordered, *kept] if (ordered or kept) else []
            records.append({"id": key, **data})
        if problems:
            raise OrgDataError(problems, summary="cannot build the org chart from the graph")
        return cls(records, name=name, variant=variant, roles=roles)

    @classmethod
    def from_records(
        cls,
        rows: Iterable[Mapping[str, Any]],
        *,
        id: str = "id",  # the column is called what users call it
        reports_to: str = "reports_to",
        role: str | None = "role",
        title: str | None = "title",
        name: str | None = "name",
        unit: str | None = "unit",
        chart_name: str | None = None,
        roles: RoleCatalog | Iterable[Role] | None = None,
    ) -> OrgChart:
        """Build a chart from flat records (dicts), naming the columns that hold each field.

        Empty strings count as absent. A row without a role gets one from its title through the
        catalog's title resolution, or ``other`` (its title kept). Every other column goes to
        ``attributes`` (``dotted_to`` may be a list or a ``;``-separated string). Problems name
        the 1-based row.

        Examples:
            >>> rows = [{"id": "1", "reports_to": "", "title": "CEO"},
            ...         {"id": "2", "reports_to": "1", "title": "VP, Product", "desk": "B4"}]
            >>> chart = OrgChart.from_records(rows)
            >>> [(p.id, p.role, p.attributes) for p in chart]
            [('1', 'ceo', {}), ('2', 'vp_product', {'desk': 'B4'})]
        """
        catalog = roles if isinstance(roles, RoleCatalog) else default_catalog().extend(roles or ())
        columns = {"id": id, "reports_to": reports_to}
        for field, column in (("role", role), ("title", title), ("name", name), ("unit", unit)):
            if column is not None:
                columns[field] = column
        mapped = set(columns.values())
        records: list[dict[str, Any]] = []
        for row in rows:
            record: dict[str, Any] = {}
            for field, column in columns.items():
                value = row.get(column)
                if value is not None and value != "":
                    record[field] = value
            if "dotted_to" in row and "dotted_to" not in mapped:
                dotted = row["dotted_to"]
                if isinstance(dotted, str):
                    dotted = [t.strip() for t in dotted.split(";") if t.strip()]
                if dotted:
                    record["dotted_to"] = dotted
            if "role" not in record:
                resolved = catalog.resolve_title(record["title"]) if "title" in record else None
                record["role"] = resolved.key if resolved is not None else "other"
            extra = {
                k: v for k, v in row.items() if k not in mapped and k != "dotted_to" and v != ""
            }
            if extra:
                record["attributes"] = extra
            records.append(record)
        try:
            return cls(records, name=chart_name, roles=catalog)
        except OrgDataError as error:
            rows_problems = [
                replace(
                    p,
                    place=replace(
                        p.place,
                        field=columns.get(p.place.field, p.place.field) if p.place.field else None,
                    ),
                )
                for p in error.problems
            ]
            raise OrgDataError(
                rows_problems, summary="cannot build the org chart from records"
            ) from None


def _duplicate_id(position_id: str, *, first: int, index: int) -> Problem:
    return Problem(
        f"duplicate id (first used by position #{first + 1})",
        code="duplicate-id",
        hint="give every position its own id",
        place=Place(positions=(position_id,), field="id", row=index + 1),
    )


def _raw_id(item: object) -> str | None:
    raw = item.get("id") if isinstance(item, Mapping) else None
    return raw if isinstance(raw, str) else None


def _unknown_position_message(position_id: str, known: Sequence[str]) -> str:
    if len(known) > 5000:
        # difflib over a huge org would cost more than the typo it explains; skip suggestions.
        return f"unknown position {position_id!r}"
    return suggest(position_id, known, what="position", list_choices=False)
