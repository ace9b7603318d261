"""Rendering: DOT, Mermaid and text goldens, every format, layout rules, the CLI and display.

Most tests check DOT or Mermaid source; only a few actually lay out images (each costs a child
process), and the hypothesis property lays out in-process to stay fast.
"""

from __future__ import annotations

import datetime
import itertools
import os
import pathlib
import re
import xml.etree.ElementTree as ET
from typing import Any, Literal

import pygraphviz
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import orgroles
from orgroles import OrgChart, RenderError, UnknownPositionError, render, to_dot, to_mermaid
from orgroles._render import render_files
from orgroles._render._engine import draw, draw_in_process
from orgroles._render._escape import wrap
from orgroles._render._plan import build_plan
from orgroles._render._style import Style
from orgroles.cli import main
from orgroles.strategies import org_charts

GOLDEN = pathlib.Path(__file__).parent / "golden"
SVG = "{http://www.w3.org/2000/svg}"


def startup() -> OrgChart:
    chart = OrgChart(name="Startup", variant="startup")
    chart.add(id="ceo", role="ceo", name="Ada Lovelace", title="Founder & CEO")
    chart.add(id="hop", role="head_of_product", name="Grace Hopper", reports_to="ceo")
    chart.add(id="ea", role="other", title="Executive Assistant", name="Sam Lee",
              reports_to="ceo", assistant=True)  # fmt: skip
    chart.add(id="pm-core", role="pm", name="Lin Wei", reports_to="hop", unit="Core")
    chart.add(id="pm-growth", role="pm", reports_to="hop", unit="Growth")
    chart.add(id="apm-1", role="apm", name="Sam Okafor", reports_to="pm-core", unit="Core")
    chart.add(id="design-1", role="designer", name="Ines Duarte", reports_to="hop",
              dotted_to=["pm-core"])  # fmt: skip
    return chart


def wide(reports: int = 40) -> OrgChart:
    chart = OrgChart(name="Wide")
    chart.add(id="dir", role="director", name="Lin Wei")
    for index in range(reports):
        chart.add(id=f"pm-{index}", role="pm", name=f"Person {index}", reports_to="dir")
    return chart


def svg_root(data: bytes) -> ET.Element:
    return ET.fromstring(data)  # noqa: S314  # our own Graphviz output, parsed to check it


def boxes(root: ET.Element, kind: str = "position") -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if kind in (g.get("class") or "").split()]


def reporting_lines(graph: pygraphviz.AGraph) -> set[tuple[str, str]]:
    """The (manager, report) pairs the drawn solid lines connect, followed through bus points.

    Bus points (``j``, ``b``) joined by lines form one bus; the one box with a line into a bus
    is the manager of every box hanging from it. Invisible lines (layout aids) and dotted
    lines are not lines of the tree.
    """

    def point(name: str) -> bool:
        return re.fullmatch(r"[jb]\d+", name) is not None

    drawn = [
        (str(edge[0]), str(edge[1]))
        for edge in graph.edges()
        if edge.attr["style"] != "invis" and edge.attr["constraint"] != "false"
    ]
    bus = {name: name for edge in drawn for name in edge if point(name)}

    def find(name: str) -> str:
        while bus[name] != name:
            name = bus[name]
        return name

    for tail, head in drawn:
        if point(tail) and point(head):
            bus[find(tail)] = find(head)
    managers: dict[str, set[str]] = {}
    for tail, head in drawn:
        if not point(tail) and point(head):
            managers.setdefault(find(head), set()).add(tail)
    assert all(len(boxes) == 1 for boxes in managers.values()), managers  # one line per team
    lines = set()
    for tail, head in drawn:
        if not point(head):
            (manager,) = managers[find(tail)] if point(tail) else {tail}
            lines.add((manager, head))
    return lines


def box_geometry(data: bytes) -> dict[str, tuple[float, float, float, float]]:
    """Each drawn node's box in an SVG: name -> (left, top, right, bottom)."""
    geometry = {}
    for g in svg_root(data).iter(f"{SVG}g"):
        if "node" not in (g.get("class") or "").split():
            continue
        title = g.find(f"{SVG}title")
        outline = g.find(f"{SVG}path")
        if outline is None:
            outline = g.find(f"{SVG}polygon")
        if title is None or outline is None:
            continue
        shape = outline.get("d") or outline.get("points") or ""
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", shape)]
        xs, ys = numbers[0::2], numbers[1::2]
        geometry[title.text or ""] = (min(xs), min(ys), max(xs), max(ys))
    return geometry


def line_ends(
    data: bytes,
) -> dict[tuple[str, str], tuple[tuple[float, float], tuple[float, float]]]:
    """Each drawn line's first and last point in an SVG: (tail, head) -> (start, end)."""
    ends = {}
    for g in svg_root(data).iter(f"{SVG}g"):
        if "edge" not in (g.get("class") or "").split():
            continue
        title, path = g.find(f"{SVG}title"), g.find(f"{SVG}path")
        assert title is not None
        assert path is not None
        tail, head = (title.text or "").split("->")
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.get("d", ""))]
        ends[tail, head] = ((numbers[0], numbers[1]), (numbers[-2], numbers[-1]))
    return ends


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("ORGROLES_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, (
        f"{name} changed; rerun with ORGROLES_UPDATE_GOLDEN=1"
    )


# -- goldens and determinism -------------------------------------------------------------------


def test_dot_golden() -> None:
    check_golden("startup.dot", to_dot(startup()).source)


def test_dot_golden_grouped_dark_with_caption() -> None:
    source = to_dot(
        startup(), theme="dark", group_by="unit", title="Acme", date=datetime.date(2025, 6, 1)
    ).source
    check_golden("startup-grouped-dark.dot", source)
    assert "2025-06-01" in source


def test_mermaid_golden() -> None:
    check_golden("startup.mmd", to_mermaid(startup()))


def test_text_golden() -> None:
    check_golden("startup.txt", orgroles.to_text(startup()) + "\n")
    check_golden("startup-depth1.txt", orgroles.to_text(startup(), depth=1) + "\n")


def test_same_chart_same_bytes() -> None:
    assert to_dot(startup()).source == to_dot(startup()).source
    assert to_mermaid(startup()) == to_mermaid(startup())


# -- the drawing rules -------------------------------------------------------------------------


def test_every_position_is_one_box_with_generated_ids() -> None:
    chart = startup()
    source = to_dot(chart).source
    graph = pygraphviz.AGraph(string=source)
    positions = [n for n in graph.nodes() if "position" in (n.attr["class"] or "")]
    assert len(positions) == len(chart)
    assert all(re.fullmatch(r"n\d+", str(node)) for node in positions)
    assert "ceo" not in {str(node) for node in graph.nodes()}


def test_vacancy_is_dashed_and_says_vacant() -> None:
    graph = pygraphviz.AGraph(string=to_dot(startup()).source)
    vacant = [n for n in graph.nodes() if "vacant" in (n.attr["class"] or "")]
    assert len(vacant) == 1
    assert "dashed" in vacant[0].attr["style"]
    assert "Vacant" in vacant[0].attr["label"]


def test_dotted_lines_are_dashed_and_do_not_rank() -> None:
    graph = pygraphviz.AGraph(string=to_dot(startup()).source)
    dotted = [e for e in graph.edges() if e.attr["constraint"] == "false"]
    assert len(dotted) == 1
    assert dotted[0].attr["style"] == "dashed"


@pytest.mark.layout
def test_assistant_sits_beside_its_manager() -> None:
    root = svg_root(draw_in_process(to_dot(startup()).source, "svg"))
    centre = {}
    for g in boxes(root):
        text = " ".join(t.text or "" for t in g.iter(f"{SVG}text"))
        ys = [float(t.get("y", "0")) for t in g.iter(f"{SVG}text")]
        centre[text] = min(ys)
    ceo = next(y for text, y in centre.items() if "Founder" in text)
    assistant = next(y for text, y in centre.items() if "Executive Assistant" in text)
    assert abs(ceo - assistant) < 1


@pytest.mark.layout
def test_wide_span_stacks_in_columns_and_wide_layout_keeps_the_row() -> None:
    stacked = svg_root(draw_in_process(to_dot(wide(40)).source, "svg"))
    flat = svg_root(draw_in_process(to_dot(wide(40), layout="wide").source, "svg"))

    def size(root: ET.Element) -> tuple[float, float]:
        return float(root.get("width", "0pt")[:-2]), float(root.get("height", "0pt")[:-2])

    width, height = size(stacked)
    assert width < size(flat)[0] / 4
    assert width < 2.5 * height  # about as tall as wide, not a 40-box row
    assert len(boxes(stacked)) == 40 + 1


@pytest.mark.layout
@pytest.mark.parametrize(
    ("variant", "options"),
    [("startup", {}), ("scaleup", {}), ("enterprise", {"depth": 3}), ("bu_heads", {"depth": 4})],
)
def test_each_team_hangs_from_one_line_out_of_the_bottom_of_its_manager(
    variant: str, options: dict[str, Any]
) -> None:
    chart = orgroles.template(variant, names=True, vacancies=0.1, seed=1)
    source = to_dot(chart, **options).source
    graph = pygraphviz.AGraph(string=source)
    node_of = build_plan(chart, Style(**options)).node_of
    expected = {
        (node_of[p.reports_to], node_of[p.id])
        for p in chart
        if p.reports_to is not None and p.id in node_of
    }
    stubs = {(str(t), str(h)) for t, h in graph.edges() if str(h).startswith("s")}
    lines = reporting_lines(graph)
    assert {line for line in lines if not line[1].startswith("s")} == expected
    assert all(head.startswith("s") for _, head in lines - expected)  # "+N more" stubs
    assert all(tail.startswith("j") for tail, _ in stubs)  # a stub hangs from a bus too

    data = draw_in_process(source, "svg")
    geometry, ends = box_geometry(data), line_ends(data)
    assistants = {node_of[p.id] for p in chart if p.assistant and p.id in node_of}
    for (tail, head), (start, end) in ends.items():
        if tail in geometry and head not in assistants:
            # The one line out of a box leaves from the middle of its bottom edge.
            left, _, right, bottom = geometry[tail]
            assert start == pytest.approx(((left + right) / 2, bottom), abs=1.5), (tail, head)
            assert [t for t, _ in ends].count(tail) == 1 + sum(
                1 for t, h in ends if t == tail and h in assistants
            )
        if head in geometry and tail.startswith("j"):
            # A line from a bus enters a box in the middle of its top edge.
            left, top, right, _ = geometry[head]
            assert end == pytest.approx(((left + right) / 2, top), abs=1.5), (tail, head)


def test_big_charts_draw_lines_straight_from_the_manager() -> None:
    # Above 400 boxes lines are straight segments, drawn without junction rows (cheaper).
    source = to_dot(wide(450)).source
    assert "ranksep=0.45" in source
    assert re.search(r"\bj\d+\b", source) is None
    assert reporting_lines(pygraphviz.AGraph(string=source)) == {
        ("n0", f"n{i}") for i in range(1, 451)
    }


def teams_of_eight(managers: int) -> OrgChart:
    chart = OrgChart(name="Teams")
    chart.add(id="top", role="cpo")
    for m in range(managers):
        chart.add(id=f"d{m}", role="director", name=f"Dir {m}", reports_to="top")
        for i in range(8):
            chart.add(id=f"d{m}-{i}", role="pm", name=f"PM {m}.{i}", reports_to=f"d{m}")
    return chart


def test_big_charts_stack_teams_wider_and_keep_every_line() -> None:
    # Above 1,500 positions a team of eight stacks in three columns of at most three rows
    # (Graphviz lays many such teams out much faster), not the two of four of a small chart;
    # a team of nine keeps the usual 5+4.
    small, big = teams_of_eight(2), teams_of_eight(170)
    big.add(id="d1-8", role="pm", name="PM 1.8", reports_to="d1")
    assert len(big) > 1500
    assert [len(c) for c in build_plan(small, Style()).columns["d0"]] == [4, 4]
    assert [len(c) for c in build_plan(big, Style()).columns["d0"]] == [3, 3, 2]
    assert [len(c) for c in build_plan(big, Style()).columns["d1"]] == [5, 4]
    source = to_dot(big).source
    graph = pygraphviz.AGraph(string=source)
    node_of = {p.id: f"n{index}" for index, p in enumerate(big)}
    # Each column hangs from its manager by a drawn line, and each box from the one above it.
    lines = {
        (str(t), str(h)) for t, h in graph.edges() if graph.get_edge(t, h).attr["style"] != "invis"
    }
    for column in build_plan(big, Style()).columns["d0"]:
        assert (node_of["d0"], node_of[column[0]]) in lines
        for upper, lower in itertools.pairwise(column):
            assert (node_of[upper], node_of[lower]) in lines
    # Every box still shows its title above its name.
    label = graph.get_node(node_of["d0-5"]).attr["label"]
    assert "<B>Product Manager</B>" in label
    assert label.endswith("PM 0.5")


def test_small_spans_do_not_stack() -> None:
    def stacks(source: str) -> bool:
        return re.search(r"\bb0\b", source) is not None

    assert not stacks(to_dot(wide(6), page="natural").source)
    assert stacks(to_dot(wide(7), page="natural").source)
    assert not stacks(to_dot(wide(7), stack_threshold=7, page="natural").source)


def rows(chart: OrgChart, **options: Any) -> dict[str, float]:
    """The top edge of each position's box once laid out, by position id."""
    geometry = box_geometry(draw_in_process(to_dot(chart, **options).source, "svg"))
    return {p.id: geometry[f"n{index}"][1] for index, p in enumerate(chart)}


@pytest.mark.layout
def test_rows_follow_levels() -> None:
    chart = OrgChart()
    chart.add(id="dir", role="director")
    chart.add(id="gpm", role="gpm", reports_to="dir")
    chart.add(id="pm-a", role="pm", reports_to="gpm")
    chart.add(id="pm-b", role="pm", reports_to="dir")
    top = rows(chart)
    assert top["dir"] < top["gpm"] < top["pm-a"]
    assert top["pm-b"] == pytest.approx(top["pm-a"])  # the director's own PM lines up
    tree = rows(chart, align="tree")
    assert tree["pm-b"] == pytest.approx(tree["gpm"])  # one row below the director
    assert "minlen" not in to_dot(chart, align="tree").source


@pytest.mark.layout
def test_variant_ranks_align_rows() -> None:
    chart = OrgChart(variant="bu_heads")
    chart.add(id="cpo", role="cpo")
    chart.add(id="dir", role="director", reports_to="cpo")
    chart.add(id="hop", role="head_of_product", reports_to="dir")
    chart.add(id="hop-direct", role="head_of_product", reports_to="cpo")
    from orgroles._variants import get_variant

    variant = get_variant("bu_heads")
    head, director = variant.rank_of("head_of_product"), variant.rank_of("director")
    assert head is not None
    assert director is not None
    assert head < director
    # A head of product ranks below a director here, so one straight under the CPO drops a row.
    top = rows(chart)
    assert top["cpo"] < top["dir"] < top["hop"]
    assert top["hop-direct"] == pytest.approx(top["hop"])


def test_group_by_unit_draws_clusters() -> None:
    source = to_dot(startup(), group_by="unit").source
    assert "subgraph cluster_0" in source
    assert "subgraph cluster_1" in source
    assert "subgraph cluster" not in to_dot(startup()).source


def test_root_and_depth() -> None:
    chart = startup()
    sub = pygraphviz.AGraph(string=to_dot(chart, root="hop").source)
    assert len([n for n in sub.nodes() if "position" in (n.attr["class"] or "")]) == 5
    top = to_dot(chart, depth=1).source
    assert "+4 more" in top  # hop's three reports and the APM below one of them
    assert top.count('class="position') == 3
    with pytest.raises(UnknownPositionError):
        to_dot(chart, root="nobody")
    with pytest.raises(ValueError, match="depth"):
        to_dot(chart, depth=-1)
    with pytest.raises(ValueError, match="theme"):
        to_dot(chart, theme="neon")


def test_themes_differ_and_print_is_greyscale() -> None:
    light, dark, printed = (to_dot(startup(), theme=t).source for t in ("light", "dark", "print"))
    assert light != dark != printed
    for colour in re.findall(r"#([0-9a-f]{6})", printed):
        red, green, blue = colour[0:2], colour[2:4], colour[4:6]
        assert red == green == blue, colour


@pytest.mark.layout
def test_broken_structure_draws_every_position() -> None:
    chart = OrgChart(
        [
            {"id": "a", "role": "ceo"},
            {"id": "b", "role": "pm", "reports_to": "c"},
            {"id": "c", "role": "pm", "reports_to": "b"},
            {"id": "d", "role": "apm", "reports_to": "c"},
            {"id": "e", "role": "pm", "reports_to": "ghost"},
            {"id": "f", "role": "pm", "reports_to": "f"},
            {"id": "g", "role": "cpo"},
        ]
    )
    source = to_dot(chart, depth=0).source
    assert source.count('class="position') == len(chart)
    assert "ghost" in source  # the missing manager is named in a stub
    root = svg_root(draw_in_process(to_dot(chart).source, "svg"))
    assert len(boxes(root)) == len(chart)
    assert "d" in to_mermaid(chart)


def test_empty_chart_renders(tmp_path: pathlib.Path) -> None:
    assert "digraph" in to_dot(OrgChart()).source
    assert to_mermaid(OrgChart()) == "flowchart TB\n"
    render(OrgChart(), tmp_path / "empty.dot")


# -- safety ------------------------------------------------------------------------------------

HOSTILE = [
    '"]; x [label="pwned',
    "<b>bold</b>",
    "\\N",
    "trailing \\",
    "end",
    "%%",
    "<script>alert(1)</script>",
    "line\nbreak } subgraph { ",
    "a & b; c -> d",
    "#quot; [[x]] {y} (z) |w| `v`",
    "<<TABLE>>",
]


def hostile_chart() -> OrgChart:
    chart = OrgChart(name='"><script>')
    chart.add(id="ceo", role="ceo", name="Ada", unit="<i>unit</i>")
    for index, text in enumerate(HOSTILE):
        chart.add(
            id=f'p{index}"; n9 -> n0 [',
            role="pm",
            name=text,
            title=text,
            unit=text,
            reports_to="ceo",
            attributes={"url": "javascript:alert(1)", "html": "<a href='x'>x</a>"},
            dotted_to=['p0"; n9 -> n0 ['] if index == 1 else [],
        )
    return chart


@pytest.mark.parametrize("group_by", [None, "unit"])
def test_hostile_text_never_changes_dot_structure(group_by: Literal["unit"] | None) -> None:
    chart = hostile_chart()
    source = to_dot(
        chart,
        group_by=group_by,
        layout="wide",
        title="</B>\\N",
        date="<x>",
    ).source
    graph = pygraphviz.AGraph(string=source)
    names = {str(n) for n in graph.nodes()}
    assert all(re.fullmatch(r"[nj]\d+|legend", name) for name in names)
    assert {n for n in names if n.startswith("n")} == {f"n{i}" for i in range(len(chart))}
    assert reporting_lines(graph) == {("n0", f"n{i}") for i in range(1, len(chart))}
    dotted = [e for e in graph.edges() if e.attr["constraint"] == "false"]
    assert [(str(e[0]), str(e[1])) for e in dotted] == [("n1", "n2")]
    clusters = [g for g in graph.subgraphs() if str(g.name).startswith("cluster")]
    assert len(clusters) == (len(set(HOSTILE)) + 1 if group_by else 0)
    for key in ("URL", "href", "tooltip"):
        assert key not in source


@pytest.mark.layout
def test_hostile_text_renders_literally_in_svg() -> None:
    chart = hostile_chart()
    data = draw_in_process(to_dot(chart, group_by="unit", title="<script>").source, "svg")
    root = svg_root(data)
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert not tags & {"a", "script", "foreignObject", "image", "iframe"}
    assert not any(k.endswith("href") for e in root.iter() for k in e.attrib)
    assert len(boxes(root)) == len(chart)
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "<b>bold</b>" in texts
    assert "\\N" in texts
    assert '"]; x [label="pwned' in texts
    assert "line\\nbreak" in texts  # a newline shows as \n, never breaks the line


@pytest.mark.layout
@pytest.mark.parametrize("text", ["\\N", "\\G", "\\E", "\\T", "\\H", "\\L", "a\\", "\\\\N"])
def test_graphviz_escapes_in_names_stay_literal(text: str) -> None:
    # Graphviz expands \N (node name), \G (graph name) and friends even inside HTML-like
    # labels, entity-encoded or not: a person called \N must not show as "n1".
    chart = OrgChart(name="Org")
    chart.add(id="ceo", role="ceo", name="Ada", unit=text)
    chart.add(id="pm", role="pm", name=text, title=text, unit="U", reports_to="ceo")
    source = to_dot(chart, group_by="unit", title=text, date=text, depth=0).source
    root = svg_root(draw_in_process(source, "svg"))
    texts = words(root)
    assert texts.count(text) == 3  # the caption's title and date, and the cluster label
    assert not any(re.fullmatch(r"n\d|s\d|orgchart|cluster_\d", t) for t in texts), texts
    box = boxes(svg_root(draw_in_process(to_dot(chart).source, "svg")))[1]
    assert words(box) == [text, text]


def test_a_narrow_box_breaks_titles_between_words() -> None:
    # The Oracle HR export drawn to fit a slide read "Administra / tion Vice / President" and
    # "Sales Repr / esentative": words cut anywhere, with no hyphen.
    assert wrap("Administration Vice President", 10) == ["Administration", "Vice", "President"]
    assert wrap("Sales Representative", 10) == ["Sales", "Representative"]
    assert wrap("Softwareentwicklungsleiterin", 10) == [
        "Softwar-",
        "eentwic-",
        "klungsl-",
        "eiterin",
    ]


@given(st.text(alphabet="ab ", max_size=60), st.integers(min_value=2, max_value=30))
def test_wrapped_lines_keep_every_word_and_cut_only_long_ones(text: str, width: int) -> None:
    lines = wrap(text, width)
    longest = width + width // 2
    assert all(len(line) <= max(width, longest) for line in lines)
    tokens = {token for line in lines for token in line.split()}
    assert all(word in tokens for word in text.split() if len(word) <= longest)
    # The text holds no hyphen, so each "- " joins the pieces of a cut word.
    assert " ".join(lines).replace("- ", "").split() == text.split()


def test_hostile_text_in_mermaid_keeps_line_structure() -> None:
    chart = hostile_chart()
    text = to_mermaid(chart, group_by="unit")
    patterns = [
        r"flowchart TB",
        r' *n\d+\["<b>[^"<>\n]*</b><br/>(<i>Vacant</i>|[^"<>\n]*)"\]',
        r' *s\d+\["[^"<>\n]*"\]',
        r' *subgraph u\d+\["[^"<>\n%]*"\]',
        r" *end",
        r" *[nsp]\d+ (---|-\.-|-\.->)(\|\"[^\"<>\n|%]*\"\|)? [nsp]\d+",
        r" *classDef [a-z]+ [a-z:#0-9,\- ]+",
        r" *class [ns0-9,]+ [a-z]+",
        r" *class [ns]\d+ (pos|ghost)_[A-Za-z0-9_]+",  # each box's own class, from its id
        r" *linkStyle [0-9,]+ stroke:#[0-9a-f]{6},stroke-width:2px,stroke-dasharray:6 4",
        r' *subgraph p\d+\[" "\]',  # a manager with its assistants, side by side
        r" *direction LR",
        r" *style p\d+ fill:none,stroke:#[0-9a-f]{6},stroke-width:1px",
    ]
    for line in text.splitlines():
        assert any(re.fullmatch(p, line) for p in patterns), line
    assert "%%" not in text
    assert "<script" not in text
    assert "javascript" not in text
    lines = text.splitlines()
    assert sum(line.strip().startswith("subgraph") for line in lines) == lines.count("    end")


@pytest.mark.layout
def test_hostile_text_in_html_page(tmp_path: pathlib.Path) -> None:
    chart = hostile_chart()
    (path,) = render(chart, tmp_path / "org.html", title="</title><script>alert(1)</script>")
    page = path.read_text(encoding="utf-8")
    assert page.count("<script>") == 1  # ours, and only ours
    assert "<a " not in page
    assert "javascript:" not in page
    assert "http://" not in page.split("<svg", 1)[0]
    assert "https://" not in page


# The page's search, units and keys run in a real Chromium: tests/test_render_html.py.


# -- files, formats, engine --------------------------------------------------------------------


def example_charts() -> list[OrgChart]:
    charts = [startup()]
    template = getattr(orgroles, "template", None)
    variants = getattr(orgroles, "variants", None)
    if template is not None and callable(variants):
        charts.extend(template(v.name if hasattr(v, "name") else v) for v in variants())
    return charts


@pytest.mark.parametrize(
    "suffix",
    [
        pytest.param(".svg", marks=pytest.mark.layout),
        pytest.param(".png", marks=[pytest.mark.layout, pytest.mark.slow]),
        pytest.param(".pdf", marks=pytest.mark.layout),
        ".dot",
        ".mmd",
        ".txt",
        pytest.param(".html", marks=pytest.mark.layout),
    ],
)
def test_every_format_renders(tmp_path: pathlib.Path, suffix: str) -> None:
    for index, chart in enumerate(example_charts()):
        # Fitted to a slide by default: the scale-up and head-led templates come out in grids
        # and wrapped rows. Fitting the two of over 80 positions costs seconds, the same in
        # every format: here they are drawn as they grow (test_demo draws them fitted).
        page = "natural" if len(chart) > 60 else "slide"
        (path,) = render(chart, tmp_path / f"chart{index}{suffix}", page=page)
        data = path.read_bytes()
        assert len(data) > 100
        if suffix == ".svg":
            assert len(boxes(svg_root(data))) == len(chart)
        if suffix == ".png":
            assert data.startswith(b"\x89PNG\r\n\x1a\n")
            assert len(data) > 10_000
        if suffix == ".pdf":
            assert data.startswith(b"%PDF")


def test_unknown_suffix(tmp_path: pathlib.Path) -> None:
    with pytest.raises(ValueError, match=r"\.svg"):
        render(startup(), tmp_path / "org.gif")


def test_split_by_unit(tmp_path: pathlib.Path) -> None:
    chart = startup()
    chart.add(id="pm-x", role="pm", unit="Core/../../etc", reports_to="pm-core")
    written = render(chart, tmp_path / "org.dot", split_by="unit")
    names = [p.name for p in written]
    assert names == ["org.dot", "org-core.dot", "org-growth.dot", "org-core-etc.dot"]
    assert all(p.parent == tmp_path for p in written)
    overview = written[0].read_text()
    assert "see org-core.dot" in overview
    assert "see org-growth.dot" in overview
    assert "see org-core-etc.dot" in written[1].read_text()
    drawn = sum(p.read_text().count('class="position') for p in written)
    assert drawn == len(chart)
    text = render(chart, tmp_path / "org.txt", split_by="unit")[0].read_text()
    assert "org-core.txt" in text


def test_split_names_a_unit_drawn_inside_a_cycle(tmp_path: pathlib.Path) -> None:
    chart = OrgChart(name="Org")
    chart.add(id="ceo", role="ceo", name="Ada")
    chart.add(id="a", role="gpm", unit="Loop", reports_to="b")
    chart.add(id="b", role="gpm", reports_to="a")
    written = render(chart, tmp_path / "org.dot", split_by="unit")
    assert [p.name for p in written] == ["org.dot", "org-loop.dot"]
    assert "see org-loop.dot" in written[0].read_text()
    assert "org-loop.txt" in render(chart, tmp_path / "org.txt", split_by="unit")[0].read_text()


def test_split_text_overview_keeps_control_characters_visible(tmp_path: pathlib.Path) -> None:
    chart = OrgChart(name="Org")
    chart.add(id="ceo", role="ceo", name="Ada")
    for index, unit in enumerate(["A\nB", "C\u2028D", "E\x00F\r"]):
        chart.add(id=f"dir-{index}", role="director", unit=unit, reports_to="ceo")
    overview = render(chart, tmp_path / "org.txt", split_by="unit")[0].read_text("utf-8")
    lines = overview.split("Drawn in other files:\n")[1].splitlines()
    assert [line.split(" · ")[0] for line in lines] == [
        "ceo: A\\nB",
        "ceo: C\\u2028D",
        "ceo: E\\x00F\\r",
    ]


def link_boxes(source: str) -> list[tuple[str, int, str]]:
    """The link boxes of a split file's DOT: (unit, positions counted, file named)."""
    found = []
    for label in re.findall(r'label=<(.*?)> class="stub stub-link"', source):
        lines = [re.sub(r"</?B>", "", line) for line in label.split("<BR/>")]
        if lines[0] != "Overview":
            count = int(lines[1].split(" position")[0].replace(",", ""))
            found.append((lines[0], count, lines[-1].removeprefix("see ")))
    return found


def test_split_counts_every_position_of_each_units_branch(tmp_path: pathlib.Path) -> None:
    # A unit's box counts its whole branch: the positions in its file and in the files of
    # the units below it, as following the links finds them.
    written = render(orgroles.template("enterprise", names=True), tmp_path / "org.dot",
                     split_by="unit")  # fmt: skip
    sources = {path.name: path.read_text("utf-8") for path in written}
    drawn = {name: source.count('class="position') for name, source in sources.items()}

    def reached(name: str) -> int:
        return drawn[name] + sum(reached(file) for _, _, file in link_boxes(sources[name]))

    boxes = [box for source in sources.values() for box in link_boxes(source)]
    assert len(boxes) == len(written) - 1  # each unit file is linked once
    for unit, count, file in boxes:
        assert count == reached(file), unit
    assert ("Consumer", 41, "org-consumer.dot") in link_boxes(sources["org.dot"])
    assert "Consumer</B><BR/>41 positions (40 in 2 sub-units)<BR/>" in sources["org.dot"]
    assert "Payments</B><BR/>20 positions<BR/>" in sources["org-consumer.dot"]


def words(element: ET.Element) -> list[str]:
    """The SVG texts under an element, leaving out the blank lines that only add air."""
    return [t.text or "" for t in element.iter(f"{SVG}text") if (t.text or "").strip()]


def box_centres(data: bytes) -> dict[str, tuple[float, float]]:
    """The centre of each position box in an SVG, by the box's text (title and name)."""
    centres = {}
    for g in boxes(svg_root(data)):
        text = " ".join(words(g))
        left, top, right, bottom = box_geometry_of(g)
        assert text not in centres, text
        centres[text] = ((left + right) / 2, (top + bottom) / 2)
    return centres


def box_geometry_of(g: ET.Element) -> tuple[float, float, float, float]:
    outline = g.find(f"{SVG}path")
    assert outline is not None
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", outline.get("d", ""))]
    xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), min(ys), max(xs), max(ys)


@pytest.mark.layout
@pytest.mark.slow
def test_parts_of_a_chart_stack_teams_as_the_whole_chart_does(tmp_path: pathlib.Path) -> None:
    # In the whole enterprise chart each GPM's PMs hang in one column; the Payments unit file
    # of a split, and the Payments Director drawn with root=, must show the same columns, not
    # the flat rows (3,700 px wide) they used to get.
    chart = orgroles.template("enterprise", names=True)
    teams = [
        [f"{p.title} {p.name}" for p in chart.reports_of(gpm) if not list(chart.reports_of(p.id))]
        for gpm in ("gpm-payments-1", "gpm-payments-2", "gpm-payments-3")
    ]
    # Drawn as they grow: a grid of one column, which fitting to a slide may choose, would
    # stack the teams whatever each part was told.
    (whole,) = render(chart, tmp_path / "whole.svg", page="natural")
    written = render(chart, tmp_path / "split.svg", split_by="unit", page="natural")
    (part,) = render(chart, tmp_path / "part.svg", root="dir-payments", page="natural")
    unit_file = next(p for p in written if p.name == "split-payments.svg")
    for path in (whole, unit_file, part):
        centres = box_centres(path.read_bytes())
        for team in teams:
            assert len(team) == 3
            xs = {round(centres[member][0]) for member in team}
            ys = {round(centres[member][1]) for member in team}
            assert len(xs) == 1, (path.name, team)  # one column ...
            assert len(ys) == 3, (path.name, team)  # ... of three rows
    # The PNG of that unit is slide-sized now.
    files = render_files(chart, tmp_path / "split.png", split_by="unit")
    assert all(file.fits_slide() for file in files), [str(f.size) for f in files]


@pytest.mark.layout
def test_a_chart_fitted_again_is_not_laid_out_again(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Drawing one chart in several formats fits it to the slide each time: the arrangements
    # measured the first time are not laid out again, and the drawing is the same.
    from orgroles import _render
    from orgroles._render import _engine

    measured: list[int] = []
    real = _engine.measure_layouts

    def counting(sources: list[str], **options: Any) -> list[tuple[float, float]]:
        measured.append(len(sources))
        return real(sources, **options)

    monkeypatch.setattr(_engine, "measure_layouts", counting)
    monkeypatch.setattr(_render, "_MEASURED", {})  # nothing measured before this test
    chart = orgroles.template("head_led", names=True)
    first = to_dot(chart).source
    assert sum(measured) > 1  # arranged for the slide: the natural tree and others measured
    measured.clear()
    assert to_dot(chart).source == first
    render(chart, tmp_path / "org.svg")
    assert sum(measured) == 0


@pytest.mark.layout
def test_timeout_gives_render_error(tmp_path: pathlib.Path) -> None:
    with pytest.raises(RenderError, match="longer than"):
        render(wide(300), tmp_path / "org.svg", timeout=0.001)
    assert not (tmp_path / "org.svg").exists()


@pytest.mark.layout
def test_graphviz_failure_gives_render_error() -> None:
    with pytest.raises(RenderError, match="could not draw"):
        draw("digraph { this is not dot", "svg")
    with pytest.raises(ValueError, match="format"):
        draw("digraph {}", "gif")


def test_system_engine_needs_dot(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    with pytest.raises(RenderError, match="PATH"):
        draw("digraph {}", "svg", engine="system")


@pytest.mark.layout
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    org_charts(max_size=30),
    st.lists(st.none() | st.text(min_size=1, max_size=12), max_size=30),
    st.sampled_from(["stacked", "wide"]),
)
def test_any_valid_chart_renders_to_svg(
    chart: OrgChart, names: list[str | None], layout: str
) -> None:
    # Valid charts of every variant (dotted lines, assistants, vacancies), with any text as names.
    for position, name in zip(list(chart), names, strict=False):
        chart.update(position.id, name=name)
    source = to_dot(chart, layout=layout, stack_threshold=3).source
    root = svg_root(draw_in_process(source, "svg"))
    assert len(boxes(root)) == len(chart)


# -- CLI, import cost, display -----------------------------------------------------------------


@pytest.mark.layout
def test_cli_render(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    org = tmp_path / "org.yaml"
    orgroles.dump(startup(), org)
    assert main(["render", str(org), "-o", str(tmp_path / "org.mmd"), "--depth", "1"]) == 0
    assert "wrote" in capsys.readouterr().err
    assert main(["render", str(org), "-o", str(tmp_path / "org.gif")]) == 2
    assert "cannot tell the format" in capsys.readouterr().err
    assert main(["render", str(org), "-o", str(tmp_path / "x.svg"), "--timeout", "0.001"]) == 2
    assert "longer than" in capsys.readouterr().err
    assert main(["render", str(org), "-o", str(tmp_path / "x.dot"), "--root", "nobody"]) == 2
    assert main(["render", str(org), "-o", str(tmp_path / "no" / "x.dot")]) == 2
    assert "cannot write" in capsys.readouterr().err
    args = ["render", str(org), "-o", str(tmp_path / "s.dot"), "--split-by", "unit"]
    assert main([*args, "--group-by", "unit", "--theme", "print", "--title", "T"]) == 0
    assert (tmp_path / "s-core.dot").exists()


@pytest.mark.layout
def test_jupyter_display_and_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    from orgroles import _display

    chart = startup()
    bundle = chart._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}  # the SVG once, inside the HTML
    page = bundle["text/html"]
    assert page.startswith('<figure class="orgroles-chart"')
    assert "<figcaption" in page
    assert ">Startup · 7 positions</figcaption>" in page
    # The SVG fits the cell: never wider than the cell, nor than its own size.
    svg = ET.fromstring(page[page.index("<svg") : page.index("</figure>")])  # noqa: S314  # ours
    assert svg.get("style") == "max-width:100%;height:auto"
    assert svg.get("viewBox")
    assert "Grace Hopper" in bundle["text/plain"]
    # include/exclude as Jupyter passes them (graphviz's jupyter_integration honours both).
    assert set(chart._repr_mimebundle_(include=["text/plain"])) == {"text/plain"}
    assert set(chart._repr_mimebundle_(exclude=["text/html"])) == {"text/plain"}
    assert chart._repr_mimebundle_(include=["image/png"]) == {}

    def broken(*args: object, **kwargs: object) -> str:
        raise RenderError("boom")

    monkeypatch.setitem(_display._RENDERERS, "text/html", broken)
    bundle = chart._repr_mimebundle_()
    assert set(bundle) == {"text/plain"}
    assert "Grace Hopper" in bundle["text/plain"]
    monkeypatch.setitem(_display._RENDERERS, "text/plain", broken)
    assert chart._repr_mimebundle_() == {"text/plain": repr(chart)}


@pytest.mark.layout
def test_jupyter_display_of_a_big_chart_says_what_it_shows() -> None:
    chart = OrgChart(name='<img src=x onerror="alert(1)">')
    chart.add(id="ceo", role="ceo")
    for index in range(40):
        chart.add(id=f"d{index}", role="director", reports_to="ceo")
    for index in range(1560):
        chart.add(id=f"p{index}", role="gpm", reports_to=f"d{index % 40}")
    page = chart._repr_mimebundle_(include=["text/html"])["text/html"]
    caption = page[page.index("<figcaption") : page.index("</figcaption>")]
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; · 1,601 positions" in caption
    assert "levels" not in caption  # three levels: all of it is drawn
    assert "<img" not in page
    chart.add(id="pm", role="pm", reports_to="p0")
    chart.add(id="apm", role="apm", reports_to="pm")  # five levels: the top four are drawn
    page = chart._repr_mimebundle_(include=["text/html"])["text/html"]
    assert "1,603 positions (the top 4 levels; render() draws it all)" in page
    assert "+1 more" in page


@pytest.mark.layout
def test_titles_and_the_caption_have_air_below_them(tmp_path: pathlib.Path) -> None:
    # A two-line bold title sat right on the holder's name (baselines 10 pt apart for 10 pt
    # text), and the caption's date 5.5 pt above the top box.
    chart = OrgChart(name="Payments")
    chart.add(id="d", role="director", name="Lin Wei")
    chart.add(id="s", role="senior_pm", name="Ada Obi", reports_to="d",
              title="Senior Product Manager, Payments")  # fmt: skip
    (path,) = render(chart, tmp_path / "org.svg", title="Payments org", date="2025-06-01")
    svg = "{http://www.w3.org/2000/svg}"
    root = ET.parse(path).getroot()  # noqa: S314  # our own output
    baseline = {t.text: float(t.get("y", "nan")) for t in root.iter(f"{svg}text")}
    assert baseline["Ada Obi"] - baseline["Payments"] >= 12.5
    top = min(
        float(y)
        for g in root.iter(f"{svg}g")
        if "position" in (g.get("class") or "")
        for outline in g.findall(f"{svg}path")[:1]  # the box's outline comes first
        for y in re.findall(r"-?\d+\.?\d*", outline.get("d", ""))[1::2]
    )
    assert top - baseline["2025-06-01"] >= 12
