"""``write_csv``: a chart as the flat CSV that d3-org-chart and spreadsheets read.

This module owns the CSV export's shape and its quoting. The formula-neutralising rule is shared
with the reader (``_text``), so that :func:`~orgroles.read_csv` gives the chart back.
"""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Iterable, Iterator
from typing import Any

from orgroles._write import write_atomically
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


def _is_text(value: Any) -> bool:
    """A value an ordinary (text) column holds losslessly: text that is not empty."""
    return isinstance(value, str) and value != ""


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _dotted_text(targets: tuple[str, ...]) -> str:
    if any(";" in t or t.startswith("[") for t in targets):
        return json.dumps(list(targets), ensure_ascii=False)
    return ";".join(targets)


def _row(position: Position, keys: Iterable[tuple[str, bool]]) -> list[str]:
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
    for key, as_json in keys:
        if key not in attributes:
            cells.append("")
        else:
            value = attributes[key]
            cells.append(_json_text(value) if as_json else str(value))
    return cells


def csv_text(chart: OrgChart) -> str:
    """The text :func:`write_csv` writes."""
    return "".join(_csv_lines(chart))


def _csv_lines(chart: OrgChart) -> Iterator[str]:
    """The CSV text a line at a time (each with its CRLF): a big chart's never exists whole."""
    typed: dict[str, bool] = {}  # key -> written as JSON, in order of first use
    for position in chart:
        for key, value in position.attributes.items():
            typed[key] = typed.get(key, False) or not _is_text(value)
    keys = list(typed.items())
    header = [*ORGROLES_COLUMNS, *(attribute_column(key, json=j) for key, j in keys)]
    yield ",".join(_cell(c) for c in header) + "\r\n"
    for position in chart:
        yield ",".join(_cell(c) for c in _row(position, keys)) + "\r\n"


def write_csv(chart: OrgChart, path: str | os.PathLike[str], *, encoding: str = "utf-8") -> None:
    r"""Write a chart as flat CSV: ``id,parentId,name,title,role,unit,dotted_to,assistant,...``.

    d3-org-chart reads it as is (``id``/``parentId``), and :func:`read_csv` reads it back to the
    same positions, exactly: every attribute value with its JSON type, and titles, names and
    units with any surrounding whitespace. A CSV file is a table of positions, so it drops
    what belongs to the chart rather than to a position: its ``name``, ``variant``,
    ``attributes``, ``validation`` policy and custom roles (an org file keeps them all: use
    :func:`~orgroles.dump` for a whole chart). Broken structure is written as it is, but read
    back as any export is: a self-report, or the member of a reporting cycle that comes first,
    becomes a root, and the import report names it (``self-report``, ``cycle``). The columns
    after ``assistant`` are the attributes, one column per key, in order of first use:

    - a key whose values are all non-empty text gets an ordinary text column, named by the key
      (``attributes.<key>`` when the key is empty, is one of the first eight columns, or starts
      with ``attributes.`` or ``json:``);
    - any other key gets a JSON column, ``json:<key>``, whose cells are JSON text (``42``,
      ``1.0``, ``true``, ``null``, ``["a"]``, ``""`` for empty text, ``"Berlin"``); an empty
      cell means the position has no such attribute.

    :func:`read_csv` decodes ``json:`` columns only in this shape (a header starting with these
    eight columns, no column named by the caller), and there reads titles, names and units as
    written rather than trimmed. Dotted lines are ``;``-separated ids (a JSON list when an id
    holds ``;`` or starts with ``[``).

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
        >>> typed = OrgChart([{"id": "a", "role": "ceo", "title": "CTO ",
        ...                     "attributes": {"n": 1, "x": 1.0, "on": True, "no": None}}])
        >>> write_csv(typed, path)
        >>> print(path.read_text(encoding="utf-8"), end="")
        id,parentId,name,title,role,unit,dotted_to,assistant,json:n,json:x,json:on,json:no
        a,,,CTO ,ceo,,,,1,1.0,true,null
        >>> back = read_csv(path).chart
        >>> back == typed, back["a"].title, back["a"].attributes
        (True, 'CTO ', {'n': 1, 'x': 1.0, 'on': True, 'no': None})
    """
    write_atomically(path, _encoded(_csv_lines(chart), encoding))


def _encoded(lines: Iterable[str], encoding: str) -> Iterator[bytes]:
    """``lines`` encoded in turn by one encoder: a BOM (``utf-8-sig``, ``utf-16``) comes once."""
    encoder = codecs.getincrementalencoder(encoding)()
    for line in lines:
        yield encoder.encode(line)
    yield encoder.encode("", final=True)
