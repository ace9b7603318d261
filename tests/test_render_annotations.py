"""Annotations: marks, badges, notes, ghost boxes, legend entries, and each box's own id.

Source-level checks read DOT and Mermaid; the tests marked ``layout`` draw real SVG with the
bundled Graphviz and parse it as XML.
"""

from __future__ import annotations

import pathlib
import re
import urllib.parse
import xml.etree.ElementTree as ET
from typing import Any

import pygraphviz
import pytest
from hypothesis import given
from hypothesis import strategies as st

import orgroles
from orgroles import (
    Annotations,
    Ghost,
    LegendEntry,
    Mark,
    OrgChart,
    Position,
    UnknownPositionError,
    render,
    to_dot,
    to_mermaid,
)
from orgroles._render._annotate import element_id, mermaid_class
from orgroles._render._engine import draw_in_process

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE_IDS = [
    'p"; n9 -> n0 [',
    "<b>bold</b>",
    "\\N",
    "a b",
    "a_b",
    "a%20b",
    "Tomás López",
    "end",
    "%%",
    "x' onload='alert(1)",
]


def chart() -> OrgChart:
    org = OrgChart(name="Org")
    org.add(id="dir", role="director", name="Lin Wei")
    org.add(id="pm-1", role="pm", name="Ann", reports_to="dir")
    org.add(id="pm-2", role="pm", name="Bo", reports_to="dir")
    org.add(id="designer", role="designer", name="Cy", reports_to="dir")
    return org


def hostile_ids() -> OrgChart:
    org = OrgChart(name="Ids")
    org.add(id="top", role="director")
    for key in HOSTILE_IDS:
        org.add(id=key, role="pm", name=key, reports_to="top")
    return org


def node_attrs(source: str) -> dict[str, dict[str, str]]:
    """Each node of the DOT by its element id (nodes without one left out)."""
    graph = pygraphviz.AGraph(string=source)
    return {n.attr["id"]: dict(n.attr) for n in graph.nodes() if n.attr.get("id")}


def svg_groups(data: bytes) -> dict[str, ET.Element]:
    root = ET.fromstring(data)  # noqa: S314  # our own Graphviz output
    return {g.get("id", ""): g for g in root.iter(f"{SVG}g")}


def texts(element: ET.Element) -> list[str]:
    return [t.text or "" for t in element.iter(f"{SVG}text")]


# -- each box's own id ---------------------------------------------------------------------------


@given(st.lists(st.text(min_size=1, max_size=12), min_size=2, max_size=6, unique=True))
def test_element_ids_and_mermaid_classes_are_one_to_one_and_markup_free(keys: list[str]) -> None:
    ids = [element_id(key) for key in keys]
    classes = [mermaid_class(key) for key in keys]
    assert len(set(ids)) == len(keys)
    assert len(set(classes)) == len(keys)
    for key, spelled, name in zip(keys, ids, classes, strict=True):
        assert re.fullmatch(r"position-[A-Za-z0-9%!*'()._~-]+", spelled)
        assert urllib.parse.unquote(spelled.removeprefix("position-")) == key
        assert re.fullmatch(r"pos_[A-Za-z0-9_]+", name)


def test_every_position_box_carries_its_id_in_dot() -> None:
    org = hostile_ids()
    source = to_dot(org).source
    by_id = node_attrs(source)
    assert set(by_id) == {element_id(key) for key in org.ids()}
    # The node names stay generated: the ids never become DOT syntax.
    names = {str(n) for n in pygraphviz.AGraph(string=source).nodes()}
    assert all(re.fullmatch(r"[nbj]\d+|legend", name) for name in names)
    assert to_dot(org).source == source  # deterministic


@pytest.mark.layout
def test_svg_and_html_carry_each_id_as_element_id_and_data_attribute(
    tmp_path: pathlib.Path,
) -> None:
    org = hostile_ids()
    (svg_path,) = render(org, tmp_path / "org.svg")
    groups = svg_groups(svg_path.read_bytes())
    for key in org.ids():
        group = groups[element_id(key)]
        assert group.get("data-position-id") == key
        assert "position" in (group.get("class") or "").split()
    (page,) = render(org, tmp_path / "org.html")
    text = page.read_text("utf-8")
    assert text.count("data-position-id=") == len(org)
    assert 'data-position-id="x&#x27; onload=&#x27;alert(1)"' in text
    assert "<b>bold</b>" not in text  # the id is escaped, never markup


def test_mermaid_gives_each_box_a_class_named_after_its_id() -> None:
    org = hostile_ids()
    text = to_mermaid(org)
    lines = [line.strip() for line in text.splitlines()]
    for index, key in enumerate(org.ids()):
        assert f"class n{index} {mermaid_class(key)}" in lines
    assert "class n5 pos_a__b" in lines  # "a_b" vs "a b" (n4: pos_a_20_b): no collision
    assert "%%" not in text


# -- marks ---------------------------------------------------------------------------------------


def test_marks_by_id_and_by_function_colour_badge_and_note_boxes() -> None:
    seen: list[str] = []

    def by_role(position: Position) -> Mark | None:
        seen.append(position.id)
        return Mark(color="#2563EB", badge="IC") if position.role == "pm" else None

    notes = Annotations(
        mark=by_role,
        marks={"pm-1": Mark(badge="new", note="from Payments"), "designer": Mark(fill="#fde68a")},
    )
    by_id = node_attrs(to_dot(chart(), annotations=notes).source)
    assert seen == ["dir", "pm-1", "pm-2", "designer"]  # once per drawn position, chart order
    pm1, pm2 = by_id[element_id("pm-1")], by_id[element_id("pm-2")]
    assert (pm1["color"], pm1["penwidth"]) == ("#2563eb", "2.6")  # the function's colour...
    assert ">new<" in pm1["label"]  # ...and the id's badge over the function's
    assert ">IC<" not in pm1["label"]
    assert "from Payments" in pm1["label"]
    assert ">IC<" in pm2["label"]
    assert by_id[element_id("designer")]["fillcolor"] == "#fde68a"
    assert "marked" in pm1["class"].split()
    assert "marked" not in by_id[element_id("dir")]["class"].split()


def test_hostile_badge_note_ghost_and_legend_text_stays_text() -> None:
    text = '"]; x [label="pwned <b>\\N'
    notes = Annotations(
        marks={"pm-1": Mark(color="#000", badge=text, note=text)},
        ghosts=[Ghost(id=text, reports_to="dir", title=text, name=text)],
        legend=[LegendEntry(label=text, color="#dc2626")],
    )
    source = to_dot(chart(), annotations=notes).source
    graph = pygraphviz.AGraph(string=source)
    assert all(re.fullmatch(r"[nsj]\d+|legend", str(n)) for n in graph.nodes())
    assert "<b>" not in source
    mermaid = to_mermaid(chart(), annotations=notes)
    assert "<b>bold" not in mermaid
    assert '"]' not in mermaid.replace('"]\n', "\n")  # a quote never ends a label early


@pytest.mark.layout
def test_hostile_annotation_text_renders_literally_in_svg() -> None:
    text = "<script>alert(1)</script> \\N"
    notes = Annotations(
        marks={"pm-1": Mark(color="#16a34a", badge=text, note=text)},
        ghosts=[Ghost(id="old", reports_to="dir", title=text, name=text)],
        legend=[LegendEntry(label=text, color="#16a34a")],
    )
    data = draw_in_process(to_dot(chart(), annotations=notes).source, "svg")
    root = ET.fromstring(data)  # noqa: S314  # our own Graphviz output
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert "script" not in tags
    words = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert words.count("<script>alert(1)</script> \\N") == 5  # badge, note, title, name, legend


BAD_RECORDS: list[tuple[type[Any], dict[str, Any], type[Exception], str]] = [
    (Mark, {"color": "red"}, ValueError, "hex colour"),
    (Mark, {"color": 0xFF0000}, TypeError, "hex colour"),
    (Mark, {"fill": "#12345"}, ValueError, "fill must be a hex colour"),
    (Mark, {"badge": " "}, ValueError, "badge must not be blank"),
    (Mark, {"note": 3}, TypeError, "note must be a string"),
    (LegendEntry, {"label": "x", "color": None}, TypeError, "color must be a hex colour"),
    (LegendEntry, {"label": "x", "color": "#fff", "dashed": "yes"}, TypeError, "dashed"),
    (Ghost, {"id": "", "title": "PM"}, TypeError, "non-empty string"),
    (Ghost, {"id": "g", "title": None}, TypeError, "title must be a string"),
    (Annotations, {"marks": [("a", Mark())]}, TypeError, "marks must be a mapping"),
    (Annotations, {"marks": {"a": "red"}}, TypeError, "to Mark records"),
    (Annotations, {"mark": "red"}, TypeError, "mark must be a function"),
    (Annotations, {"statistics_of": "org.yaml"}, TypeError, "statistics_of must be an OrgChart"),
    (Annotations, {"ghosts": [Mark()]}, TypeError, "ghosts must hold Ghost"),
    (Annotations, {"legend": "added"}, TypeError, "legend must be a list"),
    (
        Annotations,
        {"ghosts": [Ghost(id="g", title="A"), Ghost(id="g", title="B")]},
        ValueError,
        "two ghosts have the id 'g'",
    ),
]


@pytest.mark.parametrize(("record", "fields", "error", "words"), BAD_RECORDS)
def test_bad_annotations_are_refused_when_made(
    record: type[Any], fields: dict[str, Any], error: type[Exception], words: str
) -> None:
    with pytest.raises(error, match=re.escape(words)):
        record(**fields)


def test_annotations_are_checked_against_the_chart_before_any_work(tmp_path: pathlib.Path) -> None:
    with pytest.raises(UnknownPositionError, match=r"unknown position 'pm-3' \(did you mean"):
        to_dot(chart(), annotations=Annotations(marks={"pm-3": Mark(badge="x")}))
    with pytest.raises(ValueError, match="ghost 'pm-1' is a position of the chart"):
        render(chart(), tmp_path / "o.svg", annotations=Annotations(ghosts=[
            Ghost(id="pm-1", reports_to="dir", title="PM")]))  # fmt: skip
    with pytest.raises(ValueError, match="reports to 'nobody', which is neither"):
        to_mermaid(chart(), annotations=Annotations(ghosts=[
            Ghost(id="g", reports_to="nobody", title="PM")]))  # fmt: skip
    not_annotations: Any = {"marks": {}}
    with pytest.raises(TypeError, match=r"annotations must be an orgroles\.Annotations"):
        to_dot(chart(), annotations=not_annotations)
    with pytest.raises(TypeError, match=r"mark\('dir'\) must return a Mark or None"):
        to_dot(chart(), annotations=Annotations(mark=lambda p: "red"))  # type: ignore[arg-type, return-value]  # wrong on purpose
    assert list(tmp_path.iterdir()) == []


# -- ghosts and legend entries -------------------------------------------------------------------


def test_ghosts_hang_below_their_manager_on_dashed_lines_even_below_each_other() -> None:
    notes = Annotations(
        ghosts=[
            Ghost(id="apm-old", reports_to="gpm-old", title="Associate PM"),  # before its manager
            Ghost(
                id="gpm-old",
                reports_to="dir",
                title="Group PM",
                name="Dee",
                mark=Mark(badge="removed", color="#dc2626"),
            ),
            Ghost(id="lost", reports_to="pm-9", title="unreachable"),
        ]
    )
    with pytest.raises(ValueError, match="'pm-9'"):
        to_dot(chart(), annotations=notes)
    notes = Annotations(ghosts=notes.ghosts[:2])
    source = to_dot(chart(), annotations=notes, layout="wide").source
    graph = pygraphviz.AGraph(string=source)
    ghosts = {n.attr["id"]: str(n) for n in graph.nodes() if n.attr.get("id", "").startswith("g")}
    assert set(ghosts) == {"ghost-gpm-old", "ghost-apm-old"}
    node = graph.get_node(ghosts["ghost-gpm-old"])
    assert "Dee" in node.attr["label"]
    assert ">removed<" in node.attr["label"]
    assert node.attr["color"] == "#dc2626"
    assert "dashed" in node.attr["style"]

    def reaches(tail: str, head: str) -> bool:  # through the bus points between them
        frontier, seen = [tail], set()
        while frontier:
            here = frontier.pop()
            for edge in graph.out_edges(here):
                nxt = str(edge[1])
                if nxt == head:
                    return bool(edge.attr.get("style") == "dashed")
                if nxt.startswith("j") and nxt not in seen:
                    seen.add(nxt)
                    frontier.append(nxt)
        return False

    assert reaches("n0", ghosts["ghost-gpm-old"])
    assert reaches(ghosts["ghost-gpm-old"], ghosts["ghost-apm-old"])
    mermaid = to_mermaid(chart(), annotations=notes)
    assert "n0 -.- s0" in mermaid
    assert "s0 -.- s1" in mermaid
    assert "class s0 ghost_gpm_2d_old" in mermaid
    assert "style s0 stroke:#dc2626,stroke-width:3px" in mermaid


def test_ghosts_follow_what_is_drawn() -> None:
    notes = Annotations(
        ghosts=[
            Ghost(id="pm-old", reports_to="pm-1", title="PM"),
            Ghost(id="alone", title="Chief of Staff"),
        ]
    )

    def ghost_ids(**style: Any) -> set[str]:
        graph = pygraphviz.AGraph(string=to_dot(chart(), annotations=notes, **style).source)
        return {n.attr["id"] for n in graph.nodes() if n.attr.get("id", "").startswith("ghost")}

    assert ghost_ids() == {"ghost-pm-old", "ghost-alone"}
    assert ghost_ids(depth=0) == {"ghost-alone"}  # its manager pm-1 is not drawn
    assert ghost_ids(root="pm-1") == {"ghost-pm-old"}  # a part: no free-standing ghosts


def test_legend_entries_follow_the_tracks() -> None:
    notes = Annotations(
        legend=[
            LegendEntry(label="added", color="#16a34a"),
            LegendEntry(label="removed", color="#dc2626", fill="#fee2e2", dashed=True),
        ]
    )
    source = to_dot(chart(), annotations=notes).source
    (label,) = [line for line in source.splitlines() if line.startswith("\tlegend [")]
    assert label.index("Manager") < label.index(">added<") < label.index(">removed<")
    assert 'BGCOLOR="#fee2e2" COLOR="#dc2626" STYLE="dashed">removed<' in label
    assert ">added<" not in to_dot(chart(), annotations=notes, legend=False).source


@pytest.mark.layout
@pytest.mark.parametrize("suffix", [".svg", ".html"])
def test_every_line_of_a_box_is_centred_on_it_in_any_font(
    tmp_path: pathlib.Path, suffix: str
) -> None:
    # Graphviz anchors each line at its left end, measured in the drawing machine's font; a
    # browser with a narrower one showed every line left of the middle. Centred lines stay
    # centred in any font: badges, notes and ghost boxes too.
    notes = Annotations(
        marks={"pm-1": Mark(badge="moved", note="from elsewhere", color="#0072b2")},
        ghosts=[Ghost(id="old", reports_to="dir", title="Product Manager, Payments")],
    )
    (drawn,) = render(chart(), tmp_path / f"org{suffix}", annotations=notes)
    data = drawn.read_text(encoding="utf-8")
    start = data.rindex("<svg", 0, data.index('id="position&#45;'))  # the chart's, not a panel's
    svg = data[start : data.index("</svg>", start) + 6]
    boxes = [g for g in ET.fromstring(svg).iter(f"{SVG}g")  # noqa: S314  # our own SVG
             if (g.get("id") or "").startswith(("position-", "ghost-"))]  # fmt: skip
    assert len(boxes) == 5
    for box in boxes:
        outline = next(e for e in box if e.tag in (f"{SVG}path", f"{SVG}polygon"))
        shape = outline.get("d") or outline.get("points") or ""
        xs = [float(x) for x in re.findall(r"(-?[\d.]+),", shape)]
        lines = list(box.iter(f"{SVG}text"))
        assert lines
        for line in lines:
            assert line.get("text-anchor") == "middle", (box.get("id"), line.text)
            assert abs(float(line.get("x", "0")) - (min(xs) + max(xs)) / 2) < 0.01


@pytest.mark.layout
def test_a_short_legend_row_keeps_its_cells_their_own_width(tmp_path: pathlib.Path) -> None:
    # A slide-fitted legend wraps after four cells; the row left with one cell ("Partner") was
    # stretched to the full legend width, its text floating in the middle of a long bar.
    org = orgroles.template("scaleup", employees=150, names=True)
    (drawn,) = render(org, tmp_path / "org.svg")
    (legend,) = [g for g in ET.fromstring(drawn.read_bytes()).iter(f"{SVG}g")  # noqa: S314  # our own SVG
                 if "legend" in (g.get("class") or "").split()]  # fmt: skip
    boxes = [p for p in legend.iter(f"{SVG}path") if p.get("stroke") not in (None, "none")]
    labels = [t for t in legend.iter(f"{SVG}text") if t.text != "Legend"]
    assert [t.text for t in labels][-1] == "Partner (design, analytics)"
    assert len(boxes) == len(labels)
    for box, label in zip(boxes, labels, strict=True):
        left = min(float(x) for x in re.findall(r"M(-?[\d.]+),", box.get("d", "")))
        assert float(label.get("x", "0")) - left < 10, f"{label.text!r} sits in a stretched box"


@pytest.mark.layout
def test_split_files_draw_each_ghost_with_its_manager(tmp_path: pathlib.Path) -> None:
    org = chart()
    org.update("pm-1", unit="Payments")
    org.update("dir", unit="Core")
    notes = Annotations(
        ghosts=[Ghost(id="old", reports_to="pm-1", title="PM"), Ghost(id="top", title="CoS")]
    )
    files = render(org, tmp_path / "org.svg", split_by="unit", annotations=notes)
    found = {f.name: sorted(k for k in svg_groups(f.read_bytes()) if k.startswith("ghost"))
             for f in files}  # fmt: skip
    assert found == {
        "org.svg": ["ghost-top"],
        "org-core.svg": [],
        "org-payments.svg": ["ghost-old"],
    }


@pytest.mark.layout
def test_annotated_png_renders(tmp_path: pathlib.Path) -> None:
    notes = Annotations(
        marks={"pm-1": Mark(color="#16a34a", badge="new")},
        ghosts=[Ghost(id="old", reports_to="dir", title="Product Manager", name="Dee")],
        legend=[LegendEntry(label="added", color="#16a34a")],
    )
    (png,) = render(chart(), tmp_path / "org.png", annotations=notes, theme="dark")
    assert png.read_bytes().startswith(b"\x89PNG")


def test_orgroles_exports_the_annotation_records() -> None:
    assert orgroles.Annotations is Annotations
    assert {"Annotations", "Mark", "Ghost", "LegendEntry"} <= set(orgroles.__all__)
