"""draw.io (diagrams.net) CSV import: ``# label:``, ``# style:``, ``# connect:`` lines, then CSV.

It owns the file draw.io's Arrange > Insert > Advanced > CSV dialog reads, as its own org-chart
example writes it (a ``manager`` column of names connected to the ``name`` column, ``refs`` to
``id``), and draw.io's CSV dialect: one row a line, ``"`` or ``'`` quoting with backslash
escapes, surrounding spaces dropped. It knows no other format.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from orgroles.chart import OrgChart
from orgroles.errors import OrgImportError, import_error
from orgroles.interop._base import Draft, ExportNote, Parsed, chart_notes
from orgroles.position import Position

__all__ = ["parse_line", "read_drawio", "sniff_drawio", "write_drawio"]

TITLE = "draw.io CSV"

# draw.io's Editor.prototype.csvToArray, the same two regular expressions: a line is valid
# when every value is '...' or "..." (backslash escapes inside) or bare text without quotes,
# commas or backslashes; spaces around values are dropped.
_SINGLE = r"'[^'\\]*(?:\\[\S\s][^'\\]*)*'"
_DOUBLE = r'"[^"\\]*(?:\\[\S\s][^"\\]*)*"'
_BARE = r"[^,'\"\s\\]*(?:\s+[^,'\"\s\\]+)*"
_VALID = re.compile(
    rf"^\s*(?:{_SINGLE}|{_DOUBLE}|{_BARE})\s*(?:,\s*(?:{_SINGLE}|{_DOUBLE}|{_BARE})\s*)*$"
)
_VALUE = re.compile(
    r"(?!\s*$)\s*(?:'([^'\\]*(?:\\[\S\s][^'\\]*)*)'|\"([^\"\\]*(?:\\[\S\s][^\"\\]*)*)\""
    r"|([^,'\"\s\\]*(?:\s+[^,'\"\s\\]+)*))\s*(?:,|$)"
)
_BARE_VALUE = re.compile(_BARE)
_PLACEHOLDER = re.compile(r"%([^%\s]+)%")

LABEL = '%name%<br><i style="color:gray;">%position%</i>'
STYLE = "label;whiteSpace=wrap;html=1;rounded=1;fillColor=#dae8fc;strokeColor=#6c8ebf;"
EDGE = "curved=1;endArrow=blockThin;endFill=1;fontSize=11;"
DOTTED_EDGE = "curved=1;dashed=1;endArrow=open;fontSize=11;"
FIELDS = ("name", "position", "id", "role", "unit", "assistant", "manager")
"""The columns every file orgroles writes has, in order."""


def parse_line(line: str) -> list[str] | None:
    r"""One CSV line as draw.io reads it, or ``None`` where draw.io finds it malformed.

    Examples:
        >>> parse_line('Tessa Miller, CFO ,"emo,tva",\'O\\\'Brien\',')
        ['Tessa Miller', 'CFO', 'emo,tva', "O'Brien", '']
        >>> parse_line('a"b') is None
        True
    """
    if not _VALID.match(line):
        return None
    values = []
    for match in _VALUE.finditer(line):
        single, double, bare = match.groups()
        if single is not None:
            values.append(single.replace("\\'", "'"))
        elif double is not None:
            values.append(double.replace('\\"', '"'))
        else:
            values.append(bare or "")
    if re.search(r",\s*$", line):
        values.append("")
    return values


def _cell(value: str) -> str | None:
    """``value`` as a cell draw.io reads back exactly, or ``None`` when none does."""
    if value == "":
        return ""
    if "\n" in value or "\r" in value:
        return None
    # Bare: draw.io drops surrounding spaces, and a line starting '#' is configuration.
    if _BARE_VALUE.fullmatch(value) and value == value.strip() and not value.startswith("#"):
        return value
    for quote in ('"', "'"):
        # Inside quotes draw.io unescapes only \<quote>; a backslash before the quote or at
        # the end cannot be written at all.
        if f"\\{quote}" not in value and not value.endswith("\\"):
            return quote + value.replace(quote, "\\" + quote) + quote
    return None


class _Writer:
    """The rows of one export, and the notes for the cells draw.io cannot read back."""

    def __init__(self, chart: OrgChart) -> None:
        self.chart = chart
        self.changed: dict[str, list[str]] = {}
        self.lost: dict[str, list[str]] = {}

    def cell(self, position: Position, field_name: str, value: str) -> str:
        written = _cell(value)
        if written is not None:
            return written
        self.changed.setdefault(field_name, []).append(position.id)
        simpler = " ".join(value.splitlines()).replace("\\", "/")
        return _cell(simpler) or ""

    def ids(self, position: Position, field_name: str, ids: list[str]) -> str:
        # draw.io splits a connect's cell at commas: an id holding one cannot be written.
        kept = [i for i in ids if "," not in i]
        if len(kept) < len(ids):
            self.lost.setdefault(field_name, []).append(position.id)
        return self.cell(position, field_name, ",".join(kept))


def _connectable_names(chart: OrgChart) -> set[str]:
    """Holders' names a ``manager`` cell can name: unique, no comma, no surrounding space."""
    counts = Counter(p.name for p in chart if p.name is not None)
    return {
        name
        for name, count in counts.items()
        if count == 1 and "," not in name and name == name.strip() and _cell(name) is not None
    }


def _connect(source: str, target: str, *, invert: bool, label: str, style: str) -> str:
    spec: dict[str, Any] = {"from": source, "to": target}
    if invert:
        spec["invert"] = True
    spec |= {"label": label, "style": style}
    return "# connect: " + json.dumps(spec)


def write_drawio(chart: OrgChart) -> tuple[str, list[ExportNote]]:
    """The chart as draw.io's CSV org chart, following the dialog's own example.

    Managers are named in the ``manager`` column as in draw.io's example (connected by
    ``name``); a manager whose holder's name is not unique, or who is vacant, is named by id
    in ``manager_id`` instead. Dotted lines are ``refs`` to ids, drawn dashed. Names and
    titles are HTML-escaped, since the label is HTML.
    """
    work = _Writer(chart)
    by_name = _connectable_names(chart)
    esc = {name: html.escape(name, quote=False) for name in by_name}
    need_ids = any(
        p.reports_to is not None
        and (p.reports_to not in chart or chart[p.reports_to].name not in by_name)
        for p in chart
    )
    dotted = any(p.dotted_to for p in chart)
    attributes = any(p.attributes for p in chart)
    header = list(FIELDS)
    if need_ids:
        header.append("manager_id")
    if dotted:
        header.append("refs")
    if attributes:
        header.append("attributes")
    rows = []
    for p in chart:
        manager = chart.get(p.reports_to) if p.reports_to is not None else None
        by_id = p.reports_to is not None and (manager is None or manager.name not in by_name)
        cells = [
            work.cell(p, "name", html.escape(p.name or "", quote=False)),
            work.cell(p, "title", html.escape(p.title or "", quote=False)),
            work.cell(p, "id", p.id),
            p.role,
            work.cell(p, "unit", p.unit or ""),
            "true" if p.assistant else "",
            "" if by_id or manager is None else work.cell(p, "reports_to", esc[str(manager.name)]),
        ]
        if need_ids:
            cells.append(
                work.ids(p, "reports_to", [p.reports_to] if by_id and p.reports_to else [])
            )
        if dotted:
            cells.append(work.ids(p, "dotted_to", list(p.dotted_to)))
        if attributes:
            text = json.dumps(p.attributes, ensure_ascii=False) if p.attributes else ""
            cells.append(work.cell(p, "attributes", text))
        rows.append(",".join(cells))
    connects = [_connect("manager", "name", invert=True, label="manages", style=EDGE)]
    if need_ids:
        connects.append(_connect("manager_id", "id", invert=True, label="manages", style=EDGE))
    if dotted:
        connects.append(
            _connect("refs", "id", invert=False, label="dotted line", style=DOTTED_EDGE)
        )
    lines = [
        "## An org chart for draw.io (diagrams.net), written by orgroles: paste it into",
        "## Arrange > Insert > Advanced > CSV and click Import.",
        f"# label: {LABEL}",
        f"# style: {STYLE}",
        "# namespace: csvimport-",
        *connects,
        "# width: auto",
        "# height: auto",
        "# padding: -12",
        "# ignore: " + ",".join(c for c in ("id", "manager", "manager_id", "refs") if c in header),
        "# nodespacing: 40",
        "# levelspacing: 100",
        "# edgespacing: 40",
        "# layout: auto",
        "## ---- CSV below this line. First line are column names. ----",
        ",".join(header),
        *rows,
    ]
    notes = chart_notes(chart, TITLE)
    for field_name, ids in work.changed.items():
        notes.append(
            ExportNote(
                "changed",
                field_name,
                tuple(ids),
                "draw.io's CSV cannot hold line breaks, or a backslash before a quote or at the "
                "end: written with spaces and slashes",
            )
        )
    for field_name, ids in work.lost.items():
        notes.append(
            ExportNote(
                "not-held", field_name, tuple(ids), "ids holding a comma: draw.io splits them"
            )
        )
    return "\n".join(lines) + "\n", notes


# -- reading -----------------------------------------------------------------------------------


def _bad(source: str, message: str, line: int | None = None) -> OrgImportError:
    return import_error(message, source=source, line=line)


def _split(text: str, source: str) -> tuple[dict[str, Any], list[tuple[int, str]]]:
    """The ``#`` configuration (``connect`` as a list) and the CSV lines with their numbers."""
    config: dict[str, Any] = {"connect": []}
    rows: list[tuple[int, str]] = []
    lines = text.lstrip("\ufeff").split("\n")
    number = 0
    while number < len(lines):
        line = lines[number].rstrip("\r")
        number += 1
        if line.startswith("##") or (not rows and not line.strip()):
            continue
        if line.startswith("#") and not rows:
            start = number
            # A configuration line ending in a backslash goes on with the next '#' line.
            while line.endswith("\\") and number < len(lines):
                line = line[:-1] + lines[number].rstrip("\r").removeprefix("#")
                number += 1
            key, _, value = line[1:].partition(":")
            key, value = key.strip(), value.strip()
            if key == "connect":
                try:
                    spec = json.loads(value)
                except ValueError as error:
                    raise _bad(source, f"'# connect:' is not JSON: {error}", start) from None
                if not isinstance(spec, Mapping) or "from" not in spec or "to" not in spec:
                    raise _bad(source, '\'# connect:\' needs "from" and "to"', start)
                config["connect"].append((start, spec))
            else:
                config[key] = value
        elif line.strip():
            rows.append((number, line))
    return config, rows


def read_drawio(text: str, source: str) -> Parsed:
    """A draw.io CSV import file: managers from its inverted ``# connect:`` lines.

    Each row is a position. A connect with ``"invert": true`` names managers: the first one a
    row names is its manager, the others dotted lines; a connect without it names dotted lines
    (draw.io's example connects ``refs`` to ``id``). Values are found in the connect's ``to``
    column (``name`` in draw.io's example). Ids come from the ``id`` column (else ``row-N``),
    names from ``name``, titles from ``position``; with ``html=1`` in the style, the label's
    columns are HTML and unescaped. Every other column is kept in ``attributes``.
    """
    config, lines = _split(text, source)
    if not lines:
        return Parsed([])
    header_line, header_text = lines[0]
    header = parse_line(header_text)
    if header is None:
        raise _bad(source, "the header line is not CSV draw.io can read", header_line)
    table: list[dict[str, str]] = []
    numbers = []
    for number, line in lines[1:]:
        values = parse_line(line)
        if values is None:
            raise _bad(
                source,
                "a line draw.io cannot read (a quote inside a bare value, or an unclosed quote)",
                number,
            )
        table.append(dict(zip(header, values, strict=False)))
        numbers.append(number)
    markup = (
        set(_PLACEHOLDER.findall(config.get("label", "")))
        if "html=1" in config.get("style", "")
        else set()
    )
    connects = [spec for _, spec in config["connect"]]
    consumed = {str(spec["from"]) for spec in connects}
    own = {"id", "name", "position", "role", "unit", "assistant", "attributes"}
    drafts = []
    for row, cells in enumerate(table, start=1):
        text_of = {k: (html.unescape(v) if k in markup else v) for k, v in cells.items() if v != ""}
        attributes: dict[str, Any] = {
            k: v for k, v in text_of.items() if k not in own and k not in consumed
        }
        extra = text_of.get("attributes")
        if extra is not None:
            try:
                loaded = json.loads(extra)
            except ValueError:
                loaded = None
            if isinstance(loaded, dict):
                attributes.update(loaded)
            else:
                attributes["attributes"] = extra
        assistant = text_of.get("assistant")
        drafts.append(
            Draft(
                row=row,
                id=text_of.get("id", f"row-{row}"),
                name=text_of.get("name"),
                title=text_of.get("position"),
                unit=text_of.get("unit"),
                role=text_of.get("role"),
                assistant=(
                    {"true": True, "false": False}.get(assistant.lower(), assistant)
                    if assistant is not None
                    else False
                ),
                attributes=attributes,
                keys={"title": "position"},
            )
        )
    _resolve(drafts, table, connects)
    solid = [str(s["from"]) for s in connects if s.get("invert")]
    dotted = [str(s["from"]) for s in connects if not s.get("invert")]
    columns: dict[str, tuple[str, ...]] = {"id": ("id",), "name": ("name",), "title": ("position",)}
    if solid:
        columns["reports_to"] = tuple(solid)
    if dotted:
        columns["dotted_to"] = tuple(dotted)
    notes = []
    if solid:
        via = ", ".join(f"{s['from']!r} by {s['to']!r}" for s in connects if s.get("invert"))
        notes.append(f"managers resolved from the '# connect:' lines: {via}")
    return Parsed(drafts, columns=columns, notes=notes)


def _resolve(drafts: list[Draft], table: list[dict[str, str]], connects: list[Any]) -> None:
    """Managers and dotted lines from the connects, as draw.io draws its edges."""
    for spec in connects:
        source, target = str(spec["from"]), str(spec["to"])
        invert = bool(spec.get("invert"))
        lookup: dict[str, int] = {}
        for index, cells in enumerate(table):
            value = cells.get(target, "")
            if value != "":
                lookup.setdefault(value, index)  # the first row with it, as a lookup finds
        for draft, cells in zip(drafts, table, strict=True):
            for value in (v.strip() for v in cells.get(source, "").split(",")):
                if not value:
                    continue
                found = lookup.get(value)
                resolved = drafts[found].id if found is not None else value
                if invert and draft.reports_to is None:
                    draft.reports_to = resolved
                    draft.keys["reports_to"] = source
                else:
                    draft.dotted_to.append(resolved)


def sniff_drawio(text: str) -> bool:
    """A ``# label:``, ``# style:`` or ``# connect:`` configuration line near the top."""
    for line in text.lstrip("\ufeff").split("\n")[:200]:
        if re.match(r"#\s*(label|style|connect)\s*:", line):
            return True
        if line.strip() and not line.startswith("#"):
            return False
    return False
