"""Conversions between a chart and a ``networkx.DiGraph``, kept apart from the model.

It owns the mapping of positions to nodes, reporting lines to edges and the chart's own fields
(name, variant, attributes, policy, role catalog) to the graph's attributes, both ways. It
imports networkx only when called, and knows the chart only through its public reading surface.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from orgroles._roles import Role, RoleCatalog, default_catalog
from orgroles.errors import OrgDataError, Place, Problem

if TYPE_CHECKING:
    import networkx as nx

    from orgroles.chart import OrgChart

__all__ = ["from_networkx", "to_networkx"]

_Chart = TypeVar("_Chart", bound="OrgChart")


def to_networkx(chart: OrgChart) -> nx.DiGraph[str]:
    """The reporting graph as a ``networkx.DiGraph``: manager -> report edges.

    Nodes are position ids in chart order; node attributes are the position's other fields
    as plain JSON-able values. Each edge has ``kind`` ``"solid"`` or ``"dotted"``; when a
    dotted line duplicates the solid one, the edge is solid with ``dotted=True``. Lines to
    ids not in the chart have no edge; they stay in the node's ``reports_to``/``dotted_to``.
    The graph's attributes hold the chart's own fields as plain data: ``name``, ``variant``,
    ``attributes``, ``validation`` and, for a catalog other than the built-in one, ``roles``
    (every role as a dict) and ``role_aliases``; so :meth:`OrgChart.from_networkx` gives the
    same chart back.

    Examples:
        >>> from orgroles import OrgChart, Role
        >>> chart = OrgChart([{"id": "a", "role": "ceo"}, {"id": "b", "role": "cpo",
        ...     "reports_to": "a", "dotted_to": ["c"]}, {"id": "c", "role": "cto"}],
        ...     roles=[Role(key="cto", title="CTO", track="outside", level=8)])
        >>> graph = chart.to_networkx()
        >>> sorted(graph.edges(data="kind"))
        [('a', 'b', 'solid'), ('c', 'b', 'dotted')]
        >>> graph.nodes["b"]["role"]
        'cpo'
        >>> OrgChart.from_networkx(graph) == chart
        True
    """
    import networkx as nx  # noqa: PLC0415  # networkx is slow to import; only load it here

    graph: nx.DiGraph[str] = nx.DiGraph(
        name=chart.name,
        variant=chart.variant,
        attributes=dict(chart.attributes),
        validation=None if chart.validation is None else dict(chart.validation),
    )
    catalog = chart.roles
    if catalog != default_catalog():
        graph.graph["roles"] = [role.model_dump(mode="json") for role in catalog.values()]
        graph.graph["role_aliases"] = dict(catalog.aliases)
    for position in chart:
        data = position.model_dump(mode="json", exclude={"id"})
        graph.add_node(position.id, **data)
    for position in chart:
        if position.reports_to is not None and position.reports_to in chart:
            graph.add_edge(position.reports_to, position.id, kind="solid")
    for position in chart:
        for target in position.dotted_to:
            if target not in chart:
                continue
            if graph.has_edge(target, position.id):
                graph.edges[target, position.id]["dotted"] = True
            else:
                graph.add_edge(target, position.id, kind="dotted")
    return graph


def from_networkx(
    cls: type[_Chart],
    graph: nx.DiGraph[Any],
    *,
    name: str | None = None,
    variant: str | None = None,
    roles: RoleCatalog | Iterable[Role] | None = None,
    default_role: str = "other",
) -> _Chart:
    """Build a chart from a directed graph of manager -> report edges.

    Edges carry the structure: ``kind="dotted"`` (or ``dotted=True`` on a solid edge) marks
    dotted lines, any other edge is solid. Node attributes give the other fields; a node
    without ``role`` gets ``default_role``. Node ids become strings. A ``reports_to`` or
    ``dotted_to`` node attribute naming an id that is not a node is kept (so
    ``from_networkx(chart.to_networkx()) == chart``); one naming a node is ignored in
    favour of the edges. The chart's name, variant, attributes, policy and role catalog come
    from the graph's attributes as :func:`to_networkx` writes them, unless given here.

    Raises:
        OrgDataError: a node with two solid managers, a malformed value, an unknown role.

    Examples:
        >>> import networkx as nx
        >>> from orgroles import OrgChart
        >>> graph = nx.DiGraph([("ceo", "cpo"), ("cpo", "pm")])
        >>> nx.set_node_attributes(graph, {"ceo": "ceo", "cpo": "cpo", "pm": "pm"}, "role")
        >>> [p.reports_to for p in OrgChart.from_networkx(graph)]
        [None, 'ceo', 'cpo']
    """
    info = graph.graph
    if roles is None and isinstance(info.get("roles"), list):
        roles = _catalog(info["roles"], info.get("role_aliases"))
    attributes = info.get("attributes")
    validation = info.get("validation")
    return cls(
        _records(graph, default_role=default_role),
        name=name if name is not None else _text_or_none(info.get("name")),
        variant=variant if variant is not None else _text_or_none(info.get("variant")),
        roles=roles,
        attributes=attributes if isinstance(attributes, dict) else None,
        validation=validation if isinstance(validation, dict) else None,
    )


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _catalog(roles: list[Any], aliases: object) -> RoleCatalog:
    """The role catalog :func:`to_networkx` wrote as plain data."""
    try:
        return RoleCatalog(
            [Role.model_validate(role) for role in roles],
            aliases=aliases if isinstance(aliases, dict) else None,
        )
    except (ValueError, KeyError) as error:  # a malformed role; an alias to no role
        raise OrgDataError(
            [Problem(f"the graph's 'roles' attribute is not a role catalog: {error}")],
            summary="cannot build the org chart from the graph",
        ) from None


def _records(graph: nx.DiGraph[Any], *, default_role: str) -> list[dict[str, Any]]:
    """Position records from a graph's nodes and edges (see :func:`from_networkx`)."""
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
    return records
