"""The exchange formats by name: each one's reader, writer and content sniffer.

It owns the table ``orgroles export --to`` and ``orgroles import --from`` choose from, and the
order in which content is sniffed (the most specific shapes first). It knows no field names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from orgroles.chart import OrgChart
from orgroles.interop import _balkan, _d3, _dabeng
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
    sniff: Callable[[str], bool]


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
        )
    }
)
"""Every exchange format by name, in the order the CLI lists them."""

# The most specific shapes first: a BALKAN options object may nest nothing, a d3 list has
# parentId, and only then is a JSON object with `children` taken for dabeng's tree.
_SNIFF_ORDER = ("balkan", "d3", "dabeng", "d3-csv")


def sniff(text: str) -> str | None:
    r"""The name of the format whose shape ``text`` has, or ``None``.

    Examples:
        >>> sniff('{"nodes": [{"id": 1}, {"id": 2, "pid": 1}]}')
        'balkan'
        >>> sniff("id,parentId,name\\n1,,Ada\\n") , sniff("hello")
        ('d3-csv', None)
    """
    for name in _SNIFF_ORDER:
        if name in FORMATS and FORMATS[name].sniff(text):
            return name
    return None
