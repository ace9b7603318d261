"""Charts to and from other tools' formats: d3-org-chart, BALKAN, dabeng and more, both ways.

This package owns each format's shape (one private module per format), the registry of format
names, and the two public functions :func:`export_chart` and :func:`import_chart`. It builds
charts through :class:`~orgroles.OrgChart` and reports through the importers'
:class:`~orgroles.ImportReport`; it knows nothing of validation, rendering or the CLI.

Examples:
    >>> from orgroles import OrgChart, export_chart, import_chart
    >>> chart = OrgChart([{"id": "ceo", "role": "ceo", "name": "Ada"},
    ...                   {"id": "pm", "role": "pm", "reports_to": "ceo"}])
    >>> exported = export_chart(chart, "balkan")
    >>> import_chart(exported.data).chart == chart
    True
"""

from __future__ import annotations

from collections.abc import Iterable

from orgroles._documents import Source, read_bytes
from orgroles._roles import Role, RoleCatalog
from orgroles.chart import OrgChart
from orgroles.errors import import_error, suggest
from orgroles.importers import ImportResult
from orgroles.importers._role_map import RoleMap, catalog_of
from orgroles.importers._text import decode
from orgroles.interop._base import Export, ExportNote, assemble
from orgroles.interop._registry import FORMATS, sniff

__all__ = ["FORMATS", "Export", "ExportNote", "exchange_formats", "export_chart", "import_chart"]


def exchange_formats() -> tuple[str, ...]:
    """The exchange formats' names, as ``export_chart`` and ``import_chart`` take them.

    Examples:
        >>> exchange_formats()[:3]
        ('d3', 'd3-csv', 'balkan')
    """
    return tuple(FORMATS)


def _format(name: str) -> str:
    if name not in FORMATS:
        raise ValueError(suggest(name, FORMATS, what="format"))
    return name


def export_chart(chart: OrgChart, format: str) -> Export:  # the tools call it the format
    """The chart in another tool's format, with a note for everything the format cannot hold.

    Args:
        chart: the chart to export.
        format: one of :func:`exchange_formats`: ``d3``, ``d3-csv``, ``balkan``, ``dabeng``...

    Returns:
        An :class:`Export`: the ``text`` (``data`` as UTF-8 bytes; ``write(path)`` saves it
        atomically) and its ``notes``, each naming a field and the positions the format could
        not hold; no note means :func:`import_chart` gives the same chart back.

    Raises:
        ValueError: an unknown format name (the message suggests the nearest).

    Examples:
        >>> from orgroles import OrgChart
        >>> chart = OrgChart([{"id": "ceo", "role": "ceo"},
        ...     {"id": "pm", "role": "pm", "reports_to": "ceo", "dotted_to": ["ceo"]}])
        >>> print(export_chart(chart, "d3-csv").text, end="")
        id,parentId,name,positionName,area,role,assistant,connections
        ceo,,,,,ceo,,
        pm,ceo,,,,pm,,"[""ceo""]"
    """
    text, notes = FORMATS[_format(format)].write(chart)
    return Export(format=format, text=text, notes=tuple(notes))


def import_chart(
    file: Source,
    format: str | None = None,  # the tools call it the format
    *,
    source: str | None = None,
    roles: RoleCatalog | Iterable[Role] | None = None,
    role_map: RoleMap | None = None,
    encoding: str | None = None,
    strict: bool = False,
) -> ImportResult:
    """Import another tool's document: a path, an open binary file or the bytes.

    Args:
        file: the document.
        format: one of :func:`exchange_formats`; detected from the content when ``None``.
        source: the name messages and the report give the input (default: the path).
        roles: the role catalog, or custom roles to add to the built-in one.
        role_map: job title -> role key, as for :func:`~orgroles.read_csv`.
        encoding: the text encoding (default: UTF-8, else detected as ``read_csv`` does).
        strict: raise on any problem instead of repairing it.

    Returns:
        An :class:`~orgroles.ImportResult` ``(chart, report)``; ``report.format`` is the
        format's name. Repairs and codes are those of :func:`~orgroles.read_json`.

    Raises:
        OrgImportError: the content has no known format's shape, is not what ``format``
            reads, or ``strict`` and problems.
        ValueError: an unknown format name.

    Examples:
        >>> data = (b'{"nodes": [{"id": 1, "name": "Ada", "title": "CEO"},'
        ...     b' {"id": 2, "pid": 1, "title": "Product Manager", "tags": ["assistant"]}]}')
        >>> chart, report = import_chart(data)
        >>> report.format, [(p.id, p.role, p.reports_to, p.assistant) for p in chart]
        ('balkan', [('1', 'ceo', None, False), ('2', 'pm', '1', True)])
    """
    data, label = read_bytes(file, name=source)
    text, _, notes = decode(data, encoding=encoding, source=label, what="JSON or CSV")
    if format is None:
        found = sniff(text)
        if found is None:
            raise import_error(
                "the content has no known exchange format's shape",
                source=label,
                hint=f"name the format (one of {', '.join(FORMATS)}); read an HR "
                "export with read_csv or read_json, an org file with orgroles.load",
            )
        format = found
    parsed = FORMATS[_format(format)].read(text, label)
    parsed.notes[:0] = notes
    return assemble(
        parsed, format=format, catalog=catalog_of(roles, role_map), source=label, strict=strict
    )
