"""Org statistics: spans, layers and head counts (orgroles.stats), their tables and the CLI."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings

import orgroles
from orgroles import OrgChart, stats
from orgroles._stats import to_csv, to_markdown, to_text
from orgroles.cli import main
from orgroles.strategies import org_charts
from orgroles.testing import make_chart

ORG = """\
name: Acme
positions:
  - {id: ceo, role: ceo, name: Ada}
  - {id: ea, role: other, name: Sam, reports_to: ceo, assistant: true}
  - {id: hop, role: head_of_product, reports_to: ceo, unit: Product}
  - {id: pm-1, role: pm, name: Lin, reports_to: hop}
  - {id: pm-2, role: pm, reports_to: hop, dotted_to: [ceo]}
  - {id: des-1, role: designer, name: Kim, reports_to: hop, unit: "=HYPERLINK(1)|<b>"}
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def org_file(tmp_path: Path) -> Path:
    path = tmp_path / "org.yaml"
    path.write_text(ORG, encoding="utf-8")
    return path


# -- the conventions ---------------------------------------------------------------------------


def test_conventions_assistants_dotted_vacancies_layers(org_file: Path) -> None:
    figures = stats(orgroles.load(org_file), variant="startup")
    assert (figures.positions, figures.filled, figures.vacant) == (6, 4, 2)
    assert (figures.managers, figures.ics, figures.assistants) == (2, 4, 1)
    assert figures.dotted_lines == 1
    assert figures.layers == 3
    ceo = figures.span_of("ceo")
    assert ceo is not None
    # The assistant is beside the CEO, not in its span; the dotted line is counted apart.
    assert (ceo.span, ceo.assistants, ceo.dotted, ceo.layer, ceo.below) == (1, 1, 1, 1, 5)
    hop = figures.span_of("hop")
    assert hop is not None
    # A vacant manager keeps its span; its vacant report is an open seat in it.
    assert (hop.vacant, hop.span, hop.span_filled, hop.span_vacant, hop.layer) == (
        True,
        3,
        2,
        1,
        2,
    )
    assert figures.span_of("pm-1") is None  # an IC has no span row
    assert figures.one_over_ones == 1


def test_units_are_inherited_from_the_manager(org_file: Path) -> None:
    figures = stats(orgroles.load(org_file), variant=None)
    units = {group.key: group.positions for group in figures.by_unit}
    assert units == {"Product": 3, "=HYPERLINK(1)|<b>": 1, None: 2}
    assert figures.by_unit[-1].key is None  # positions without a unit come last


def test_layers_rows_are_the_pyramid_and_the_band_matrix() -> None:
    chart = make_chart("ceo > cpo > dir-a, dir-b; dir-a > pm-1, pm-2, pm-3, pm-4; dir-b > pm-5")
    figures = stats(chart, variant=None)
    assert [(g.key, g.positions, g.managers) for g in figures.by_layer] == [
        (1, 1, 1),
        (2, 1, 1),
        (3, 2, 2),
        (4, 5, 0),
    ]
    labels = figures.bands.labels
    # Layer 3: dir-a has 4 reports (band 4-7), dir-b one (band 1).
    assert figures.by_layer[2].bands[labels.index("4-7")] == 1
    assert figures.by_layer[2].bands[labels.index("1")] == 1
    assert figures.band_counts[labels.index("1")] == 2  # ceo and dir-b
    assert sum(figures.band_shares) == pytest.approx(1.0)


def test_status_follows_the_variant_band_for_the_role() -> None:
    # scaleup: a GPM's band is 2-6 (its own row under spans.roles), a PM's 1-2.
    chart = make_chart(
        "ceo > cpo > dir-a > gpm-1 > pm-1, pm-2, pm-3, pm-4, pm-5, pm-6, pm-7; pm-1 > apm-1"
    )
    figures = stats(chart, variant="scaleup")
    gpm = figures.span_of("gpm-1")
    assert gpm is not None
    assert (gpm.expected, gpm.status) == ("2-6", "wide")
    pm = figures.span_of("pm-1")
    assert pm is not None
    assert (pm.expected, pm.status) == ("1-2", "ok")
    director = figures.span_of("dir-a")
    assert director is not None
    assert (director.manages_managers, director.expected) == (True, "2-6")
    assert director.status == "narrow"
    # The CEO sits above the product org: not judged, as validation does not judge it.
    ceo = figures.span_of("ceo")
    assert ceo is not None
    assert (ceo.expected, ceo.status) == (None, None)
    assert figures.status_counts == {"narrow": 2, "ok": 1, "wide": 1}  # cpo and dir-a narrow


@settings(max_examples=40, deadline=None)
@given(org_charts(max_size=40))
def test_status_agrees_with_validation(chart: OrgChart) -> None:
    variant = orgroles.validation.select_variant(chart).variant
    figures = stats(chart, variant=variant)
    report = orgroles.validate(chart, variant)
    flagged = {f.positions[0] for f in report.findings if f.code in ("span-too-wide",)}
    assert flagged == {row.id for row in figures.spans if row.status == "wide"}
    narrow = {
        f.positions[0] for f in report.findings if f.code in ("span-too-narrow", "one-to-one")
    }
    assert narrow == {row.id for row in figures.spans if row.status == "narrow"}


def test_status_agrees_with_validation_for_a_whole_company() -> None:
    # Under `company` validation judges every manager, whatever its role; the stats printed
    # "spans against company 0 ok, 0 narrow, 0 wide" beside validate's span-too-wide.
    chart, _ = orgroles.read_csv(Path(__file__).parent / "data" / "oracle-hr-employees.csv")
    figures = stats(chart)
    assert figures.variant == "company"
    report = orgroles.validate(chart)
    wide = {f.positions[0] for f in report.findings if f.code == "span-too-wide"}
    narrow = {
        f.positions[0] for f in report.findings if f.code in ("span-too-narrow", "one-to-one")
    }
    assert (wide, len(narrow)) == ({"100"}, 3)
    assert wide == {row.id for row in figures.spans if row.status == "wide"}
    assert narrow == {row.id for row in figures.spans if row.status == "narrow"}
    assert sum(figures.status_counts.values()) == figures.managers


@settings(max_examples=40, deadline=None)
@given(org_charts(max_size=60))
def test_counts_add_up(chart: OrgChart) -> None:
    figures = stats(chart)
    assert figures.filled + figures.vacant == figures.positions == len(chart)
    assert figures.managers + figures.ics == figures.positions
    assert sum(figures.band_counts) == figures.managers == len(figures.spans)
    assert sum(g.positions for g in figures.by_layer) == figures.positions
    assert sum(g.positions for g in figures.by_role) == figures.positions
    assert sum(g.positions for g in figures.by_unit) == figures.positions
    for row in figures.spans:
        assert row.span == chart.span_of_control(row.id)
        assert row.layer == len(chart.chain_of_command(row.id)) + 1
        assert row.below == len(list(chart.descendants(row.id)))


def test_broken_charts_are_counted_not_refused() -> None:
    chart = OrgChart(
        [
            {"id": "ceo", "role": "ceo"},
            {"id": "x", "role": "gpm", "reports_to": "y"},
            {"id": "y", "role": "gpm", "reports_to": "x"},
            {"id": "z", "role": "pm", "reports_to": "y"},
            {"id": "lost", "role": "pm", "reports_to": "gone"},
            {"id": "me", "role": "pm", "reports_to": "me"},
        ]
    )
    figures = stats(chart, variant=None)
    assert figures.unplaced == 4  # x, y, z and the self-report
    assert figures.layers == 1
    assert next(g for g in figures.by_layer if g.key is None).positions == 4
    y = figures.span_of("y")
    assert y is not None
    assert (y.span, y.layer) == (2, None)
    assert figures.span_of("me") is None  # a self-report is not a span


def test_empty_chart() -> None:
    figures = stats(OrgChart(), variant=None)
    assert (figures.positions, figures.managers, figures.layers) == (0, 0, 0)
    assert figures.ics_per_manager is None
    assert figures.band_shares == (0.0,) * 6


def test_pms_per_leader_and_partner_ratios() -> None:
    chart = make_chart(
        "ceo > cpo > dir-a, dir-b; dir-a > pm-1, pm-2, pm-3, des-1, ana-1; dir-b > spm-1"
    )
    figures = stats(chart, variant=None)
    assert figures.pms == 4
    assert figures.pms_per_leader == {"ceo": 4.0, "cpo": 4.0, "director": 2.0}
    assert list(figures.pms_per_leader) == ["ceo", "cpo", "director"]  # most senior first
    assert figures.designers_per_pm == 0.25
    assert figures.analysts_per_pm == 0.25


# -- band presets ------------------------------------------------------------------------------


def test_band_presets_and_custom_bands() -> None:
    chart = make_chart("ceo > hop > pm-1, pm-2, pm-3, pm-4, pm-5, pm-6")
    assert stats(chart).bands.labels == ("1", "2-3", "4-7", "8-12", "13-16", "17+")
    mckinsey = stats(chart, bands="mckinsey")
    assert mckinsey.bands.labels == ("1-2", "3-5", "6-7", "8-10", "11-15", "16+")
    assert mckinsey.bands.names is not None
    hop = mckinsey.span_of("hop")
    assert hop is not None
    assert mckinsey.bands.names[hop.band] == "coach"
    custom = stats(chart, bands=[1, 5])
    assert custom.bands.labels == ("1-4", "5+")
    assert custom.band_counts == (1, 1)


@pytest.mark.parametrize("bands", [[2, 4], [1, 3, 3], [], "orgview"])
def test_bad_bands_are_refused(bands: object) -> None:
    with pytest.raises(ValueError, match=r"span bands|unknown span-band preset"):
        stats(OrgChart(), bands=bands)  # type: ignore[arg-type]  # the point of the test


# -- outputs -----------------------------------------------------------------------------------


def test_json_carries_the_format_version(org_file: Path) -> None:
    data = json.loads(stats(orgroles.load(org_file), variant="startup").to_json())
    assert data["format_version"] == 1
    assert data["bands"]["labels"][0] == "1"
    assert data["status_counts"] == {"narrow": 0, "ok": 1, "wide": 0}
    assert [row["id"] for row in data["spans"]] == ["ceo", "hop"]
    assert data["spans"][1]["band"] == "2-3"
    assert [group["key"] for group in data["by_layer"]] == [1, 2, 3]


def test_group_tables_write_counts_as_the_figures_do() -> None:
    # "positions 1,516" above a table that said "Corporate 1516": one spelling per page;
    # CSV keeps bare numbers for spreadsheets.
    chart = OrgChart(
        [{"id": "ceo", "role": "ceo", "unit": "Corporate"}]
        + [{"id": f"p{i}", "role": "pm", "reports_to": "ceo"} for i in range(1200)]
    )
    figures = stats(chart, variant=None)
    text = to_text(figures, by="unit")
    assert "positions                    1,201" in text
    assert "  Corporate      1,201       0   1,201         1  1,200" in text
    assert "| Corporate | 1,201 | 0 | 1,201 | 1 | 1,200 |" in to_markdown(figures, by="unit")
    assert "Corporate,1201,0,1201,1,1200" in to_csv(figures, by="unit")


def test_cli_text_and_by(capsys: pytest.CaptureFixture[str], org_file: Path) -> None:
    code, out, err = run(capsys, "stats", str(org_file), "--variant", "startup")
    assert (code, err) == (0, "")
    assert "positions                    6" in out
    assert "by layer (managers per span band)" in out
    code, out, _ = run(capsys, "stats", str(org_file), "--by", "role")
    assert code == 0
    assert "  pm " in out


def test_cli_csv_is_spreadsheet_safe(capsys: pytest.CaptureFixture[str], org_file: Path) -> None:
    code, out, _ = run(capsys, "stats", str(org_file), "--format", "csv", "--by", "unit")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["unit", "positions", "filled", "vacant", "managers", "ICs"]
    assert ["'=HYPERLINK(1)|<b>", "1", "1", "0", "0", "1"] in rows
    code, out, _ = run(capsys, "stats", str(org_file), "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert [row[0] for row in rows[1:]] == ["ceo", "hop"]


def test_cli_markdown_escapes_cells(capsys: pytest.CaptureFixture[str], org_file: Path) -> None:
    code, out, _ = run(capsys, "stats", str(org_file), "--format", "markdown", "--by", "unit")
    assert code == 0
    assert "| =HYPERLINK(1)\\|&lt;b&gt; |" in out
    assert "<b>" not in out


def test_cli_json(capsys: pytest.CaptureFixture[str], org_file: Path) -> None:
    code, out, _ = run(capsys, "stats", str(org_file), "--format", "json", "--variant", "none")
    assert code == 0
    data = json.loads(out)
    assert data["variant"] is None
    assert data["spans"][0]["status"] is None


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--bands", "2,4"], "--bands: span bands start at 1"),
        (["--bands", "1,x"], "--bands: not numbers"),
        (["--bands", "orgview"], "unknown span-band preset 'orgview'"),
        (["--variant", "scalup"], "unknown variant 'scalup'"),
        (["--plot", "out.gif"], "cannot tell the format from 'out.gif'"),
    ],
)
def test_cli_bad_usage_is_exit_2(
    capsys: pytest.CaptureFixture[str], org_file: Path, argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, "stats", str(org_file), *argv)
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_cli_unknown_variant_key_in_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "org.yaml"
    path.write_text("variant: scalup\npositions: [{id: a, role: ceo}]\n", encoding="utf-8")
    code, _, err = run(capsys, "stats", str(path))
    assert code == 2
    assert f"{path}:1: unknown variant 'scalup'" in err
    code, _, _ = run(capsys, "stats", str(path), "--variant", "none")
    assert code == 0


# -- pictures ----------------------------------------------------------------------------------


def test_import_orgroles_and_stats_load_no_matplotlib() -> None:
    code = (
        "import sys, orgroles; from orgroles.testing import make_chart; "
        "orgroles.stats(make_chart('ceo > hop > pm-1')); "
        "assert 'matplotlib' not in sys.modules, 'matplotlib loaded'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)  # our own interpreter


@pytest.mark.parametrize("suffix", [".svg", ".png", ".pdf"])
def test_plot_writes_the_same_bytes_twice(
    capsys: pytest.CaptureFixture[str], org_file: Path, tmp_path: Path, suffix: str
) -> None:
    pytest.importorskip("matplotlib", reason="pictures need the stats extra")
    out = tmp_path / f"stats{suffix}"
    code, _, err = run(capsys, "stats", str(org_file), "--plot", str(out))
    assert code == 0
    assert f"wrote {out}" in err
    first = out.read_bytes()
    assert first
    orgroles.plot_stats(stats(orgroles.load(org_file)), out)
    assert out.read_bytes() == first


def test_plot_kinds(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib", reason="pictures need the stats extra")
    from orgroles._stats_plot import stats_figure

    figures = stats(make_chart("ceo > hop > pm-1, pm-2"))
    assert len(stats_figure(figures, kind="both").axes) == 2
    assert len(stats_figure(figures, kind="layers").axes) == 1
    with pytest.raises(ValueError, match="kind='pie'"):
        stats_figure(figures, kind="pie")  # type: ignore[arg-type]  # the point of the test
    svg = orgroles.plot_stats(figures, tmp_path / "s.svg", kind="spans").read_text()
    assert "Span of control" in svg


def _documented(heading: str, table: int = 0) -> set[str]:
    """Every backticked key in the first column of a table under ``heading`` in docs/json.md."""
    page = (Path(__file__).resolve().parents[1] / "docs" / "json.md").read_text(encoding="utf-8")
    section = page.split(heading, 1)[1]
    tables = section.split("\n\n| key |")[1:]
    keys: set[str] = set()
    for row in tables[table].splitlines()[2:]:
        if not row.startswith("| `"):
            break
        keys.update(re.findall(r"`(\w+)`", row.split(" | ")[0]))
    return keys


def test_the_json_page_documents_every_key_of_the_statistics(org_file: Path) -> None:
    data = stats(orgroles.load(org_file), variant="startup").to_dict()
    assert _documented("## Org statistics") == set(data)
    assert _documented("## Org statistics", table=0) >= {"spans", "by_unit"}
    group_keys = {"key", "positions", "filled", "vacant", "managers", "ics", "bands"}
    assert set(data["by_unit"][0]) == group_keys
    page = (Path(__file__).resolve().parents[1] / "docs" / "json.md").read_text(encoding="utf-8")
    section = page.split("## Org statistics", 1)[1].split("\n## ", 1)[0]
    for key in (*group_keys, *data["spans"][0]):
        assert f"`{key}`" in section, key
