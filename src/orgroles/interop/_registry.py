"""The exchange formats by name: each one's reader, writer and content sniffer.

It owns the table ``orgroles export --to`` and ``orgroles import --from`` choose from, and the
order in which content is sniffed (the most specific shapes first). It knows no field names.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from orgroles._yamljson import FileSyntaxError
from orgroles._yamljson import load_json as careful_json
from orgroles.chart import OrgChart
from orgroles.interop import _balkan, _d3, _dabeng, _drawio, _msgraph, _scim, _w3c
from orgroles.interop._base import ExportNote, Parsed

__all__ = ["FORMATS", "Format", "sniff"]


@dataclass(frozen=True)
class Format:
    """One exchange format: what it is called, and how to read, write and recognise it."""

    name: str
    title: str
    suffix: str
    read: Callable[[str, str], Parsed]
    write: Callable[[OrgChart], tuple[str, list[ExportNote]]]
    sniff: Callable[[Any], bool]
    """Whether a document has the format's shape: given the parsed JSON for a JSON format
    (a suffix starting ``.json``), the text for the others."""


FORMATS: Mapping[str, Format] = MappingProxyType(
    {
        f.name: f
        for f in (
            Format("d3", "d3-org-chart JSON", ".json", _d3.read_d3, _d3.write_d3, _d3.sniff_d3),
            Format(
                "d3-csv",
                "d3-org-chart CSV",
                ".csv",
                _d3.read_d3_csv,
                _d3.write_d3_csv,
                _d3.sniff_d3_csv,
            ),
            Format(
                "balkan",
                "BALKAN OrgChart JS",
                ".json",
                _balkan.read_balkan,
                _balkan.write_balkan,
                _balkan.sniff_balkan,
            ),
            Format(
                "dabeng",
                "dabeng/OrgChart",
                ".json",
                _dabeng.read_dabeng,
                _dabeng.write_dabeng,
                _dabeng.sniff_dabeng,
            ),
            Format(
                "drawio",
                "draw.io CSV",
                ".csv",
                _drawio.read_drawio,
                _drawio.write_drawio,
                _drawio.sniff_drawio,
            ),
            Format(
                "w3c-org",
                "W3C Organization Ontology (JSON-LD)",
                ".jsonld",
                _w3c.read_w3c,
                _w3c.write_w3c,
                _w3c.sniff_w3c,
            ),
            Format(
                "scim",
                "SCIM 2.0 users",
                ".json",
                _scim.read_scim,
                _scim.write_scim,
                _scim.sniff_scim,
            ),
            Format(
                "msgraph",
                "Microsoft Graph users",
                ".json",
                _msgraph.read_msgraph,
                _msgraph.write_msgraph,
                _msgraph.sniff_msgraph,
            ),
        )
    }
)
"""Every exchange format by name, in the order the CLI lists them."""

# The most specific shapes first (draw.io's '#' lines; JSON-LD, SCIM and OData markers;
# BALKAN's `nodes`; d3's `parentId` or `connections`); only then is any other JSON object
# taken for dabeng's tree, and CSV for d3's.
_SNIFF_ORDER = ("drawio", "w3c-org", "scim", "msgraph", "balkan", "d3", "dabeng", "d3-csv")


def _json(text: str) -> Any:
    try:
        return json.loads(text.lstrip("\ufeff"))
    except RecursionError:  # deeper than the C parser goes: a nested tree of a long chain
        try:
            return careful_json(text.lstrip("\ufeff"))[0]
        except FileSyntaxError:
            return _NOT_JSON
    except ValueError:
        return _NOT_JSON


_NOT_JSON = object()


def sniff(text: str) -> str | None:
    r"""The name of the format whose shape ``text`` has, or ``None``.

    Examples:
        >>> sniff('{"nodes": [{"id": 1}, {"id": 2, "pid": 1}]}')
        'balkan'
        >>> sniff("id,parentId,name\\n1,,Ada\\n") , sniff("hello")
        ('d3-csv', None)
        >>> sniff('{"orgroles": 1, "positions": []}') is None  # an org file
        True
    """
    stripped = text.lstrip("\ufeff \t\r\n")
    document = _json(text) if stripped[:1] in ("{", "[") else _NOT_JSON
    if isinstance(document, Mapping) and "orgroles" in document and "positions" in document:
        return None  # an org file (JSON) is no other tool's format: orgroles.load reads it
    for name in _SNIFF_ORDER:
        found = FORMATS[name]
        if found.suffix.startswith(".json"):
            if document is not _NOT_JSON and found.sniff(document):
                return name
        elif document is _NOT_JSON and found.sniff(text):
            return name
    return None
