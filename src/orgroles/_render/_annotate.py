"""Annotations on a drawing: marks, ghost boxes, legend entries, and per-position element names.

This module owns the records users pass as ``annotations=``, their checks, and the stable names
(SVG ids, Mermaid classes) users style and script a drawing by; it knows nothing
of Graphviz or Mermaid syntax. Colours are checked to be hex colours, so they can go into
style attributes as they are; every text (badge, note, ghost, legend label) stays user text and
is escaped by the renderers like a name.
"""

from __future__ import annotations

import dataclasses
import html
import re
import urllib.parse
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar

from orgroles._render._style import check_text, shown_value
from orgroles.chart import OrgChart
from orgroles.position import Position

__all__ = [
    "Annotations",
    "Ghost",
    "LegendEntry",
    "Mark",
    "element_id",
    "ghost_element_id",
    "mermaid_class",
    "resolve_marks",
    "with_data_ids",
]

_T = TypeVar("_T")
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def _check_color(name: str, value: object, *, optional: bool = True) -> str | None:
    """A hex colour (``#rgb`` or ``#rrggbb``) as lower-case ``#rrggbb``; else an error."""
    if value is None and optional:
        return None
    if not isinstance(value, str) or _HEX.fullmatch(value) is None:
        error = TypeError if not isinstance(value, str) else ValueError
        raise error(
            f"{name} must be a hex colour such as '#e11d48' or '#e14'"
            f"{' or None' if optional else ''}, got {shown_value(value)}"
        )
    if len(value) == 4:
        value = "#" + "".join(c * 2 for c in value[1:])
    return value.lower()


def _check_short_text(name: str, value: object) -> None:
    check_text(name, value)
    if isinstance(value, str) and not value.strip():
        raise ValueError(f"{name} must not be blank, got {value!r}")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Mark:
    """How one box is marked: its colours, a badge and a note.

    Examples:
        >>> Mark(color="#16A34A", badge="new")
        Mark(color='#16a34a', fill=None, badge='new', note=None)
        >>> Mark(color="green")
        Traceback (most recent call last):
        ...
        ValueError: color must be a hex colour such as '#e11d48' ... got 'green' (str)
    """

    color: str | None = None
    """The box's border, drawn thicker, and its badge (a hex colour, ``#rgb`` or ``#rrggbb``)."""
    fill: str | None = None
    """The box's fill (a hex colour), instead of its track's."""
    badge: str | None = None
    """A short word in a pill at the top of the box (``"new"``, ``"moved"``, ``"+2"``)."""
    note: str | None = None
    """A line in italics under the holder's name (``"from Payments"``)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "color", _check_color("color", self.color))
        object.__setattr__(self, "fill", _check_color("fill", self.fill))
        _check_short_text("badge", self.badge)
        _check_short_text("note", self.note)

    def merged(self, other: Mark | None) -> Mark:
        """This mark with every field ``other`` sets replaced by ``other``'s.

        Examples:
            >>> Mark(color="#111111", badge="a").merged(Mark(badge="b")).badge
            'b'
        """
        if other is None:
            return self
        changes = {f.name: getattr(other, f.name) for f in dataclasses.fields(other)}
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


@dataclasses.dataclass(frozen=True, kw_only=True)
class Ghost:
    """A box for a seat that is not in the chart (a removed position), drawn dashed and faded.

    It hangs below ``reports_to`` (a position of the chart or another ghost) on a dashed
    line, and is drawn whenever that manager is; without a manager it stands on its own.

    Examples:
        >>> Ghost(id="pm-legacy", reports_to="dir-1", title="Product Manager", name="Ann")
        Ghost(id='pm-legacy', reports_to='dir-1', title='Product Manager', name='Ann', mark=None)
    """

    id: str
    """The seat's id: not the id of a position in the chart, and unique among the ghosts."""
    reports_to: str | None = None
    """The manager it hangs below: a position in the chart or another ghost's id."""
    title: str
    """The title shown in bold."""
    name: str | None = None
    """The holder's name, if any."""
    mark: Mark | None = None
    """Colours, badge and note, as for a position (``Mark(badge="removed")``)."""

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise TypeError(f"a ghost's id must be a non-empty string, got {shown_value(self.id)}")
        check_text("reports_to", self.reports_to)
        _check_short_text("title", self.title)
        if self.title is None:
            raise TypeError(f"ghost {self.id!r}: title must be a string, got None")
        check_text("name", self.name)
        if self.mark is not None and not isinstance(self.mark, Mark):
            raise TypeError(f"ghost {self.id!r}: mark must be a Mark, got {shown_value(self.mark)}")


@dataclasses.dataclass(frozen=True, kw_only=True)
class LegendEntry:
    """One more entry in the legend, for what the annotations mean.

    Examples:
        >>> LegendEntry(label="added", color="#16a34a")
        LegendEntry(label='added', color='#16a34a', fill=None, dashed=False)
    """

    label: str
    """What the entry says."""
    color: str
    """Its border colour (a hex colour)."""
    fill: str | None = None
    """Its fill (a hex colour; default: the page's background)."""
    dashed: bool = False
    """A dashed border, as ghost boxes have."""

    def __post_init__(self) -> None:
        _check_short_text("label", self.label)
        if self.label is None:
            raise TypeError("a legend entry's label must be a string, got None")
        object.__setattr__(self, "color", _check_color("color", self.color, optional=False))
        object.__setattr__(self, "fill", _check_color("fill", self.fill))
        if not isinstance(self.dashed, bool):
            raise TypeError(f"dashed must be True or False, got {shown_value(self.dashed)}")


@dataclasses.dataclass(frozen=True, kw_only=True, eq=False)
class Annotations:
    """What to add to a drawing: marks, ghost boxes and legend entries.

    Pass it as ``annotations=`` to :func:`~orgroles.to_dot`, :func:`~orgroles.render`,
    :func:`~orgroles.render_files` or :func:`~orgroles.to_mermaid`. A position's mark is
    ``mark(position)`` (if given) with the fields of ``marks[position.id]`` laid over it.

    Examples:
        >>> from orgroles import OrgChart, to_dot
        >>> chart = OrgChart([{"id": "ceo", "role": "ceo"},
        ...                   {"id": "pm", "role": "pm", "reports_to": "ceo"}])
        >>> notes = Annotations(
        ...     marks={"pm": Mark(color="#16a34a", badge="new")},
        ...     ghosts=[Ghost(id="pm-old", reports_to="ceo", title="Product Manager")],
        ...     legend=[LegendEntry(label="added", color="#16a34a")],
        ... )
        >>> source = to_dot(chart, annotations=notes).source
        >>> 'id="position-pm"' in source and 'id="ghost-pm-old"' in source
        True
    """

    marks: Mapping[str, Mark] = dataclasses.field(default_factory=dict)
    """Marks by position id (every id must be in the chart)."""
    mark: Callable[[Position], Mark | None] | None = None
    """A function of each drawn position giving its mark, or ``None`` for none."""
    ghosts: Sequence[Ghost] = ()
    """Boxes for seats not in the chart."""
    legend: Sequence[LegendEntry] = ()
    """Extra legend entries, after the track colours."""
    statistics_of: OrgChart | None = dataclasses.field(default=None, repr=False)
    """The chart the HTML page's Statistics panel counts when the drawing shows only part of
    it (``diff_chart(..., changes_only=True)`` passes the whole new org); ``None``: the chart
    drawn."""

    def __post_init__(self) -> None:
        if not isinstance(self.marks, Mapping):
            raise TypeError(f"marks must be a mapping of id to Mark, got {shown_value(self.marks)}")
        for key, value in self.marks.items():
            if not isinstance(key, str) or not isinstance(value, Mark):
                raise TypeError(
                    f"marks must map position ids to Mark records, got {key!r}: "
                    f"{shown_value(value)}"
                )
        if self.mark is not None and not callable(self.mark):
            raise TypeError(f"mark must be a function of a position, got {shown_value(self.mark)}")
        if self.statistics_of is not None and not isinstance(self.statistics_of, OrgChart):
            raise TypeError(
                f"statistics_of must be an OrgChart, got {shown_value(self.statistics_of)}"
            )
        object.__setattr__(self, "marks", dict(self.marks))
        object.__setattr__(self, "ghosts", _records("ghosts", self.ghosts, Ghost))
        object.__setattr__(self, "legend", _records("legend", self.legend, LegendEntry))
        seen: set[str] = set()
        for ghost in self.ghosts:
            if ghost.id in seen:
                raise ValueError(f"two ghosts have the id {ghost.id!r}; ghost ids must be unique")
            seen.add(ghost.id)

    def check(self, chart: OrgChart) -> None:
        """Raise unless every id names what it should in ``chart``.

        Raises:
            UnknownPositionError: a key of ``marks`` is not in the chart (close ids suggested).
            ValueError: a ghost's id is a position of the chart, or its manager is neither in
                the chart nor a ghost.
        """
        for key in self.marks:
            if key not in chart:
                chart[key]  # raises UnknownPositionError naming close ids
        ghosts = {ghost.id for ghost in self.ghosts}
        for ghost in self.ghosts:
            if ghost.id in chart:
                raise ValueError(
                    f"ghost {ghost.id!r} is a position of the chart; a ghost stands for a seat "
                    "that is not (mark the position instead)"
                )
            manager = ghost.reports_to
            if manager is not None and manager not in chart and manager not in ghosts:
                raise ValueError(
                    f"ghost {ghost.id!r} reports to {manager!r}, which is neither a position "
                    "of the chart nor a ghost; add it as a ghost too, or set reports_to=None"
                )


def _records(name: str, values: object, kind: type[_T]) -> tuple[_T, ...]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise TypeError(f"{name} must be a list of {kind.__name__}, got {shown_value(values)}")
    records = tuple(values)
    for record in records:
        if not isinstance(record, kind):
            raise TypeError(f"{name} must hold {kind.__name__} records, got {shown_value(record)}")
    return records


def resolve_marks(
    annotations: Annotations | None,
    positions: Mapping[str, Position],
    drawn: Mapping[str, str],
) -> dict[str, Mark]:
    """The mark of every drawn position, then every drawn ghost, that has one (drawing order).

    ``drawn`` holds the id of every position and ghost drawn.

    Raises:
        TypeError: ``mark`` returned something other than a Mark or None (naming the position).
    """
    if annotations is None:
        return {}
    marks: dict[str, Mark] = {}
    function = annotations.mark
    for pid, position in positions.items():
        found = function(position) if function is not None else None
        if found is not None and not isinstance(found, Mark):
            raise TypeError(f"mark({pid!r}) must return a Mark or None, got {shown_value(found)}")
        given = annotations.marks.get(pid)
        mark = found.merged(given) if found is not None else given
        if mark is not None:
            marks[pid] = mark
    marks.update((g.id, g.mark) for g in annotations.ghosts if g.mark and g.id in drawn)
    return marks


def _encoded(key: str) -> str:
    # What JavaScript's encodeURIComponent gives: a one-to-one, markup-free spelling of any id.
    return urllib.parse.quote(key, safe="!*'()")


def element_id(position_id: str) -> str:
    """A position's element id in SVG: ``position-`` and the id as ``encodeURIComponent`` spells it.

    One to one (distinct ids, distinct element ids) and free of quotes, spaces and markup.

    Examples:
        >>> element_id("pm-1"), element_id('Ana "A" López')
        ('position-pm-1', 'position-Ana%20%22A%22%20L%C3%B3pez')
    """
    return "position-" + _encoded(position_id)


def ghost_element_id(ghost_id: str) -> str:
    """A ghost box's element id in SVG: ``ghost-`` and the id as for :func:`element_id`.

    Examples:
        >>> ghost_element_id("pm old")
        'ghost-pm%20old'
    """
    return "ghost-" + _encoded(ghost_id)


# A box's group as Graphviz writes it into an SVG: the id XML-escaped (its "-" as &#45;).
_SVG_BOX = re.compile(rb'<g id="(position|ghost)&#45;([^"]*)" class="node')


def with_data_ids(svg: bytes) -> bytes:
    """The SVG with each box's own id as a ``data-position-id`` (``data-ghost-id``) attribute.

    The element id spells the id percent-encoded; the data attribute holds it as it is
    (XML-escaped), for scripts: ``el.dataset.positionId``.

    Examples:
        >>> with_data_ids(b'<g id="position&#45;A%20%3Cb%3E" class="node">')
        b'<g id="position&#45;A%20%3Cb%3E" data-position-id="A &lt;b&gt;" class="node">'
    """

    def add(match: re.Match[bytes]) -> bytes:
        kind, spelled = match[1].decode(), html.unescape(match[2].decode())
        key = html.escape(urllib.parse.unquote(spelled), quote=True)
        return match[0].replace(b'" class=', f'" data-{kind}-id="{key}" class='.encode(), 1)

    return _SVG_BOX.sub(add, svg)


_SVG_BOX_GROUP = re.compile(rb'(<g id="(?:position|ghost)&#45;[^"]*"[^>]*>)(.*?)(</g>)', re.DOTALL)
_SVG_OUTLINE = re.compile(rb'<(?:path|polygon) [^>]*?(?:d|points)="([^"]*)"')
_SVG_POINT = re.compile(rb"(-?[\d.]+),-?[\d.]+")
_SVG_START = re.compile(rb'text-anchor="start" x="-?[\d.]+"')


def centred_text(svg: bytes) -> bytes:
    """The SVG with each box's lines centred on the box, whatever font the viewer has.

    Graphviz places every line of a box at its left end (``text-anchor="start"``), measured
    with the fonts of the machine that drew it: a browser showing the SVG or the HTML page in
    a narrower font left each line short of the middle, the longest ones at the left edge.
    Every line of a box is centred, so each becomes ``text-anchor="middle"`` at the middle
    of the box's outline.

    Examples:
        >>> box = b'<g id="position&#45;a" class="node"><path d="M0,0 10,0 10,-5 0,-5"/>'
        >>> centred_text(box + b'<text text-anchor="start" x="1.5">A</text></g>')[len(box) :]
        b'<text text-anchor="middle" x="5">A</text></g>'
    """

    def centre(match: re.Match[bytes]) -> bytes:
        body = match[2]
        outline = _SVG_OUTLINE.search(body)
        if outline is None:
            return match[0]
        xs = [float(x) for x in _SVG_POINT.findall(outline[1])]
        if not xs:
            return match[0]
        middle = f"{(min(xs) + max(xs)) / 2:.2f}".rstrip("0").rstrip(".")
        body = _SVG_START.sub(f'text-anchor="middle" x="{middle}"'.encode(), body)
        return match[1] + body + match[3]

    return _SVG_BOX_GROUP.sub(centre, svg)


def mermaid_class(position_id: str, *, prefix: str = "pos_") -> str:
    """A box's Mermaid class name: ``prefix`` and the id spelled in letters, digits and ``_``.

    Letters and digits stay; ``_`` is doubled; any other character is ``_<hex code>_``. So
    distinct ids give distinct names, and no name holds Mermaid syntax. Ghost boxes use the
    prefix ``ghost_``.

    Examples:
        >>> mermaid_class("pm-1"), mermaid_class("a_b"), mermaid_class("a b")
        ('pos_pm_2d_1', 'pos_a__b', 'pos_a_20_b')
    """
    spelled = []
    for char in position_id:
        if char == "_":
            spelled.append("__")
        elif char.isascii() and char.isalnum():
            spelled.append(char)
        else:
            spelled.append(f"_{ord(char):x}_")
    return prefix + "".join(spelled)
