"""The W3C Organization Ontology (ORG) as JSON-LD: ``org:Post``, ``org:heldBy``, ``org:reportsTo``.

It owns the mapping of a chart to ORG terms: a position is an ``org:Post`` (``skos:prefLabel``
its title, ``org:role`` its role, ``org:heldBy`` a ``foaf:Person``, ``org:postIn`` its
``org:OrganizationalUnit``), every reporting line an ``org:reportsTo``, and what ORG has no term
for in an ``orgroles:`` namespace. It reads compacted JSON-LD as these terms are written, not
every JSON-LD form (no remote contexts, no expansion algorithm). It knows no other format.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, unquote

from orgroles.chart import OrgChart
from orgroles.errors import import_error
from orgroles.importers._json import parse_json
from orgroles.interop._base import Draft, ExportNote, Parsed, chart_notes, dump_json
from orgroles.position import Position

__all__ = ["read_w3c", "sniff_w3c", "write_w3c"]

TITLE = "W3C ORG"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OURS = "urn:orgroles:"
POST = OURS + "post:"
UNIT = OURS + "unit:"
ROLE = OURS + "role:"
ORGANIZATION = OURS + "org"

CONTEXT = {
    "org": ORG,
    "foaf": FOAF,
    "skos": SKOS,
    "orgroles": OURS,
    "orgroles:attributes": {"@type": "@json"},
}
"""The JSON-LD context every export carries: ORG, FOAF, SKOS and the orgroles terms."""


def _ref(iri: str) -> dict[str, str]:
    return {"@id": iri}


def _post(position: Position, chart: OrgChart) -> dict[str, Any]:
    node: dict[str, Any] = {"@id": POST + quote(position.id, safe=""), "@type": "org:Post"}
    if position.title is not None:
        node["skos:prefLabel"] = position.title
    node["org:role"] = {
        "@id": ROLE + position.role,
        "@type": "org:Role",
        "skos:prefLabel": chart.roles[position.role].title,
    }
    if position.name is not None:
        node["org:heldBy"] = {"@type": "foaf:Person", "foaf:name": position.name}
    unit = UNIT + quote(position.unit, safe="") if position.unit is not None else ORGANIZATION
    node["org:postIn"] = _ref(unit)
    lines = [position.reports_to] if position.reports_to is not None else []
    lines += position.dotted_to
    if lines:
        # ORG's reportsTo covers solid and dotted lines alike; orgroles:solidLine says which.
        node["org:reportsTo"] = [_ref(POST + quote(i, safe="")) for i in lines]
    if position.reports_to is not None:
        node["orgroles:solidLine"] = _ref(POST + quote(position.reports_to, safe=""))
    if position.assistant:
        node["orgroles:assistant"] = True
    if position.attributes:
        node["orgroles:attributes"] = position.attributes
    return node


def write_w3c(chart: OrgChart) -> tuple[str, list[ExportNote]]:
    """The chart as ORG JSON-LD: the organization, its units, then one post per position."""
    units = chart.units()
    organization: dict[str, Any] = {"@id": ORGANIZATION, "@type": "org:FormalOrganization"}
    if chart.name is not None:
        organization["skos:prefLabel"] = chart.name
    if units:
        organization["org:hasUnit"] = [_ref(UNIT + quote(u, safe="")) for u in units]
    if chart.variant is not None:
        organization["orgroles:variant"] = chart.variant
    if chart.attributes:
        organization["orgroles:attributes"] = dict(chart.attributes)
    graph: list[dict[str, Any]] = [organization]
    graph += [
        {
            "@id": UNIT + quote(unit, safe=""),
            "@type": "org:OrganizationalUnit",
            "skos:prefLabel": unit,
            "org:unitOf": _ref(ORGANIZATION),
        }
        for unit in units
    ]
    graph += [_post(p, chart) for p in chart]
    document = {"@context": CONTEXT, "@graph": graph}
    return dump_json(document), chart_notes(chart, TITLE, held=("name", "variant", "attributes"))


class _Terms:
    """Compact IRIs of one document expanded with its context's prefixes (and ORG's usual ones)."""

    def __init__(self, context: Any) -> None:
        self.prefixes = {"org": ORG, "foaf": FOAF, "skos": SKOS, "rdfs": RDFS, "orgroles": OURS}
        contexts = context if isinstance(context, list) else [context]
        for item in contexts:
            if isinstance(item, Mapping):
                for key, value in item.items():
                    if isinstance(value, str) and not key.startswith("@"):
                        self.prefixes[key] = value

    def expand(self, term: str) -> str:
        prefix, colon, rest = term.partition(":")
        if colon and prefix in self.prefixes and not rest.startswith("//"):
            return self.prefixes[prefix] + rest
        return term

    def node(self, node: Mapping[str, Any]) -> dict[str, Any]:
        """The node's properties by full IRI (``@id`` and ``@type`` kept, types expanded)."""
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "@type":
                types = value if isinstance(value, list) else [value]
                out["@type"] = [self.expand(t) for t in types if isinstance(t, str)]
            elif key == "@id" and isinstance(value, str):
                out[key] = self.expand(value)
            elif key.startswith("@"):
                out[key] = value
            else:
                out[self.expand(key)] = value
        return out


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _text(value: Any) -> Any:
    value = _first(value)
    if isinstance(value, Mapping) and "@value" in value:
        return value["@value"]
    return value


def _json_value(value: Any) -> Any:
    if isinstance(value, Mapping) and value.get("@type") == "@json" and "@value" in value:
        return value["@value"]
    return value


def _label(node: Mapping[str, Any]) -> Any:
    for key in (SKOS + "prefLabel", RDFS + "label", FOAF + "name"):
        if key in node:
            return _text(node[key])
    return None


def _iri(value: Any) -> str | None:
    value = _first(value)
    if isinstance(value, Mapping):
        found = value.get("@id")
        return found if isinstance(found, str) else None
    return value if isinstance(value, str) else None


def _post_id(iri: str) -> str:
    return unquote(iri.removeprefix(POST)) if iri.startswith(POST) else iri


_POST_KEYS = {
    SKOS + "prefLabel",
    RDFS + "label",
    ORG + "role",
    ORG + "heldBy",
    ORG + "postIn",
    ORG + "reportsTo",
    OURS + "solidLine",
    OURS + "assistant",
    OURS + "attributes",
}


def _organization(parsed: Parsed, nodes: list[dict[str, Any]]) -> None:
    """The chart's name, variant and attributes from the first organization node."""
    kinds = {ORG + "FormalOrganization", ORG + "Organization"}
    organizations = [n for n in nodes if kinds & set(n.get("@type", []))]
    if organizations:
        top = organizations[0]
        name = _label(top)
        parsed.name = name if isinstance(name, str) else None
        variant = _text(top.get(OURS + "variant"))
        parsed.variant = variant if isinstance(variant, str) else None
        extra = _json_value(top.get(OURS + "attributes"))
        parsed.attributes = dict(extra) if isinstance(extra, Mapping) else {}


def _lines(node: Mapping[str, Any], terms: _Terms) -> tuple[str | None, list[str]]:
    """The solid-line manager and the dotted-line ones, from ``org:reportsTo``.

    ``orgroles:solidLine`` names the solid one; without it (a file from elsewhere) the first.
    """
    lines = node.get(ORG + "reportsTo", [])
    iris = map(_iri, lines if isinstance(lines, list) else [lines])
    managers = [_post_id(terms.expand(i)) for i in iris if i]
    solid_iri = _iri(node.get(OURS + "solidLine"))
    solid = _post_id(terms.expand(solid_iri)) if solid_iri else (managers[0] if managers else None)
    if solid is not None and solid in managers:
        managers.remove(solid)
    return solid, managers


def read_w3c(text: str, source: str) -> Parsed:
    """Posts of an ORG JSON-LD document (``@graph``, a list of nodes, or one node)."""
    document = parse_json(text, source)
    context = document.get("@context") if isinstance(document, Mapping) else None
    terms = _Terms(context)
    if isinstance(document, Mapping) and "@graph" in document:
        raw = document["@graph"]
    else:
        raw = document if isinstance(document, list) else [document]
    if not isinstance(raw, list):
        raise import_error("'@graph' is not a list of nodes", source=source)
    nodes = [terms.node(n) for n in raw if isinstance(n, Mapping)]
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}

    def resolve(value: Any) -> dict[str, Any]:
        value = _first(value)
        if isinstance(value, Mapping):
            inline = terms.node(value)
            return by_id.get(inline.get("@id", ""), inline) if len(inline) == 1 else inline
        return by_id.get(value, {}) if isinstance(value, str) else {}

    parsed = Parsed([])
    _organization(parsed, nodes)
    for node in nodes:
        if ORG + "Post" not in node.get("@type", []):
            continue
        row = len(parsed.drafts) + 1
        iri = node.get("@id")
        role_node = resolve(node.get(ORG + "role"))
        role_iri = role_node.get("@id", "")
        role = role_iri.removeprefix(ROLE) if role_iri.startswith(ROLE) else None
        title = _label(node)
        if title is None and role is None:
            title = _label(role_node)  # a foreign role: its label finds our role
        holder = resolve(node.get(ORG + "heldBy"))
        place = resolve(node.get(ORG + "postIn"))
        unit = None
        if ORG + "OrganizationalUnit" in place.get("@type", []):
            unit = _label(place)
        solid, managers = _lines(node, terms)
        attributes = _json_value(node.get(OURS + "attributes"))
        attributes = dict(attributes) if isinstance(attributes, Mapping) else {}
        for key, value in node.items():
            if key not in _POST_KEYS and not key.startswith("@"):
                attributes[key] = value
        parsed.drafts.append(
            Draft(
                row=row,
                id=_post_id(iri) if isinstance(iri, str) else None,
                reports_to=solid,
                role=role,
                title=title,
                name=_label(holder),
                unit=unit,
                dotted_to=managers,
                assistant=_text(node.get(OURS + "assistant", False)),
                attributes=attributes,
                keys={"id": "@id", "title": "skos:prefLabel", "reports_to": "org:reportsTo"},
            )
        )
    parsed.columns = {
        "id": ("@id",),
        "title": ("skos:prefLabel",),
        "name": ("org:heldBy",),
        "unit": ("org:postIn",),
        "role": ("org:role",),
        "reports_to": ("org:reportsTo",),
    }
    return parsed


def sniff_w3c(document: Any) -> bool:
    """A JSON-LD document: an object with ``@context`` or ``@graph``."""
    return isinstance(document, Mapping) and ("@context" in document or "@graph" in document)
