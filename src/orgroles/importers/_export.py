"""``write_csv``: a chart as the flat CSV that d3-org-chart and spreadsheets read.

This module owns the CSV export's shape and its quoting. The formula-neutralising rule is shared
with the reader (``_text``), so that :func:`~orgroles.read_csv` gives the chart back.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from orgroles.chart import OrgChart
from orgroles.importers._columns import ORGROLES_COLUMNS, attribute_column
from orgroles.importers._text import neutralise
from orgroles.position import Position

__all__ = ["csv_text", "write_csv"]

_NEEDS_QUOTES = frozenset(',;\t|"\r\n')


def _cell(text: str) -> str:
    # Quote any cell holding a delimiter the reader might detect, not only the comma, so the
    # header line's only unquoted separators are commas.
    text = neutralise(text)
    if _NEEDS_QUOTES.intersection(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def _attribute_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _dotted_text(targets: tuple[str, ...]) -> str:
    if any(";" in t or t.startswith("[") for t in targets):
        return json.dumps(list(targets), ensure_ascii=False)
    return ";".join(targets)


def _row(position: Position, keys: Iterable[str]) -> list[str]:
    cells = [
        position.id,
        position.reports_to or "",
        position.name or "",
        position.title or "",
        position.role,
        position.unit or "",
        _dotted_text(position.dotted_to),
        "true" if position.assistant else "",
    ]
    attributes = position.attributes
    cells.extend(_attribute_text(attributes[k]) if k in attributes else "" for k in keys)
    return cells


def csv_text(chart: OrgChart) -> str:
    """The text :func:`write_csv` writes."""
    keys = list(dict.fromkeys(key for position in chart for key in position.attributes))
    header = [*ORGROLES_COLUMNS, *(attribute_column(key) for key in keys)]
    lines = [",".join(_cell(c) for c in header)]
    lines.extend(",".join(_cell(c) for c in _row(position, keys)) for position in chart)
    return "\r\n".join(lines) + "\r\n"


def write_csv(chart: OrgChart, path: str | os.PathLike[str], *, encoding: str = "utf-8") -> None:
    r"""Write a chart as flat CSV: ``id,parentId,name,title,role,unit,dotted_to,assistant,...``.

    d3-org-chart reads it as is (``id``/``parentId``), and :func:`read_csv` reads it back to the
    same chart. The columns after ``assistant`` are the attributes, in order of first use; an
    attribute named like one of the first eight columns (or starting with ``attributes.``) is
    written as ``attributes.<key>``. Dotted lines are ``;``-separated ids (a JSON list when an
    id holds ``;``). Attribute values that are not text are written as JSON (``42``,
    ``["a", "b"]``) and read back as that text.

    Cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
    a tab or a carriage return) get a leading ``'``, so they show as text; a cell that already
    starts with ``'`` before such a character gets one more. :func:`read_csv` removes exactly
    one such ``'``, so the round trip is exact. Lines end with CRLF (RFC 4180); cells holding
    ``,`` ``;`` ``|`` a tab, a quote or a line break are quoted.

    Args:
        chart: the chart to write.
        path: the CSV file to write.
        encoding: the text encoding; ``"utf-8-sig"`` adds the BOM older Excel versions want.

    Examples:
        >>> import pathlib, tempfile
        >>> from orgroles import OrgChart, read_csv
        >>> chart = OrgChart([{"id": "ceo", "role": "ceo", "name": "=HYPERLINK(\"x\")"},
        ...                   {"id": "pm", "role": "pm", "reports_to": "ceo",
        ...                    "attributes": {"phone": "+44 20", "desk": "B4"}}])
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "org.csv"
        >>> write_csv(chart, path)
        >>> print(path.read_text(encoding="utf-8"), end="")
        id,parentId,name,title,role,unit,dotted_to,assistant,phone,desk
        ceo,,"'=HYPERLINK(""x"")",,ceo,,,,,
        pm,ceo,,,pm,,,,'+44 20,B4
        >>> read_csv(path).chart == chart
        True
    """
    Path(path).write_bytes(csv_text(chart).encode(encoding))
