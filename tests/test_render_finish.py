"""Finish: the dotted line's colour stands apart in every theme, Mermaid draws dotted lines and
assistants as the images do, and a PDF is the same bytes on every run.
"""

from __future__ import annotations

import pathlib
import re

import pytest

import orgroles
from orgroles import OrgChart, render, to_mermaid
from orgroles._render._themes import THEMES

STROKE_GAP = 30.0  # CIE76 colour difference from every line, border and text colour
FILL_GAP = 15.0  # ... and from every fill and the page, so it shows on all of them


def lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB ``#rrggbb`` colour."""

    def linear(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
    x = (0.4124 * red + 0.3576 * green + 0.1805 * blue) / 0.95047
    y = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    z = (0.0193 * red + 0.1192 * green + 0.9505 * blue) / 1.08883

    def f(value: float) -> float:
        return value ** (1 / 3) if value > 216 / 24389 else (24389 / 27 * value + 16) / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def difference(one: str, other: str) -> float:
    return float(sum((a - b) ** 2 for a, b in zip(lab(one), lab(other), strict=True)) ** 0.5)


def test_lab_difference_is_the_usual_one() -> None:
    assert difference("#000000", "#ffffff") == pytest.approx(100, abs=0.1)
    assert difference("#f59e0b", "#e0b44e") < 30  # dark's old dotted amber vs its IC border


@pytest.mark.parametrize("name", sorted(THEMES))
def test_the_dotted_line_colour_stands_apart_in_every_theme(name: str) -> None:
    theme = THEMES[name]
    strokes = {"text": theme.text, "muted": theme.muted, "line": theme.line}
    fills = {"background": theme.background, "vacant": theme.vacant_fill, "stub": theme.stub_fill}
    for track, (fill, border) in theme.tracks.items():
        strokes[f"{track} border"] = border
        fills[f"{track} fill"] = fill
    near = {k: round(difference(theme.dotted, v), 1) for k, v in strokes.items()}
    assert min(near.values()) >= STROKE_GAP, near
    near = {k: round(difference(theme.dotted, v), 1) for k, v in fills.items()}
    assert min(near.values()) >= FILL_GAP, near


# -- Mermaid -------------------------------------------------------------------------------------


def org() -> OrgChart:
    chart = OrgChart(name="Org")
    chart.add(id="ceo", role="ceo", name="Ada")
    chart.add(
        id="ea", role="other", title="Assistant", name="Sam", reports_to="ceo", assistant=True
    )
    chart.add(id="dir", role="director", name="Lin", reports_to="ceo")
    chart.add(id="ea2", role="other", title="Assistant", reports_to="dir", assistant=True)
    chart.add(id="pm", role="pm", reports_to="dir", dotted_to=["ceo"])
    chart.add(id="pm2", role="pm", reports_to="dir", dotted_to=["ea"])
    return chart


def link_lines(text: str) -> list[str]:
    """Every line statement of Mermaid source, in source order (as Mermaid numbers them)."""
    return [
        line.strip()
        for line in text.splitlines()
        if re.fullmatch(r"\s*\w+ (---|-\.-|-\.->)(\|\"[^\"]*\"\|)? \w+", line)
    ]


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_mermaid_dotted_lines_are_thick_dashed_and_in_the_accent_colour(theme: str) -> None:
    text = to_mermaid(org(), theme=theme)
    links = link_lines(text)
    (style,) = [line.strip() for line in text.splitlines() if "linkStyle" in line]
    indexes = [int(i) for i in style.split()[1].split(",")]
    assert [links[i] for i in indexes] == [line for line in links if "-.->" in line]
    assert len(indexes) == 2
    assert f"stroke:{THEMES[theme].dotted},stroke-width:2px,stroke-dasharray:6 4" in style


def test_mermaid_puts_assistants_beside_their_manager() -> None:
    text = to_mermaid(org())
    lines = [line.strip() for line in text.splitlines()]
    # ceo n0 with ea n1, dir n2 with ea2 n3: each pair a left-to-right subgraph.
    for pair, manager, assistant in (("p0", "n0", "n1"), ("p1", "n2", "n3")):
        start = lines.index(f'subgraph {pair}[" "]')
        assert lines[start + 1] == "direction LR"
        assert lines[start + 2].startswith(f"{manager}[")
        assert lines[start + 3].startswith(f"{assistant}[")
        assert lines[start + 4] == f"{manager} --- {assistant}"
        assert lines[start + 5] == "end"
        # The frame is drawn, so lines to and from the pair end at it, not in the air.
        assert f"style {pair} fill:none,stroke:{THEMES['light'].line},stroke-width:1px" in lines
    # Outside a pair, every line meets the pair, never a box in it (else Mermaid drops LR).
    outside = [line for line in link_lines(text) if line not in ("n0 --- n1", "n2 --- n3")]
    assert "p0 --- p1" in outside
    assert "p0 -.-> n4" in outside  # pm's dotted line to the CEO
    assert 'p0 -.->|"Assistant"| n5' in outside  # pm2's to the CEO's assistant, named
    assert not any(re.search(r"\bn[0-3]\b", line) for line in outside), outside


def test_mermaid_names_the_assistant_a_line_meets_at_the_pair_escaped() -> None:
    chart = org()
    chart.add(id="x", role="other", title='"]; end; p0 --- n0 %%', reports_to="dir",
              assistant=True)  # fmt: skip
    chart.add(id="pm3", role="pm", reports_to="ceo", dotted_to=["x"])
    text = to_mermaid(chart)
    # dir n2 with ea2 n3 and x n6; pm3 (n7) hangs from the CEO's pair, dotted to x.
    assert 'p1 -.->|"#34;#93;#59; end#59; p0 --- n0 #37;#37;"| n7' in link_lines(text)
    assert "p1 -.-> n7" not in text
    # The manager's own lines name nobody: only a line for an assistant needs telling apart.
    assert "p0 --- p1" in link_lines(text)


def test_mermaid_with_ghosts_and_pairs_still_starts_as_a_flowchart() -> None:
    notes = orgroles.Annotations(ghosts=[orgroles.Ghost(id="old", reports_to="ea", title="x")])
    text = to_mermaid(org(), annotations=notes, group_by="unit")
    assert text.startswith("flowchart TB\n")
    assert 'p0 -.-|"Assistant"| s0' in link_lines(text)  # the ghost reports to the assistant


# -- PDF -----------------------------------------------------------------------------------------


@pytest.mark.layout
def test_a_pdf_is_the_same_bytes_on_every_run(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    chart = orgroles.template("startup", names=True, seed=1)
    (first,) = render(chart, tmp_path / "a.pdf")
    (second,) = render(chart, tmp_path / "b.pdf")
    data = first.read_bytes()
    assert data == second.read_bytes()
    # The date cairo stamps is fixed, not the clock's: the same bytes tomorrow too.
    assert re.findall(rb"/CreationDate \((D:[^)]*)\)", data) == [b"D:19700101000000Z"]
    assert data.endswith(b"%%EOF\n")
    xref = int(data.rsplit(b"startxref", 1)[1].split()[0])
    assert data[xref : xref + 4] == b"xref"  # offsets still right: the date kept its length
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1748736000")  # 2025-06-01, reproducible builds
    (dated,) = render(chart, tmp_path / "c.pdf")
    assert b"/CreationDate (D:20250601000000Z)" in dated.read_bytes()
