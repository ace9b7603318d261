"""Image sizes: the poster note, the PNG and PDF limits, and the remedies both name.

These tests lay out real images (each costs a Graphviz child process), and check what a user
sees: the sizes stated are the files' real sizes, a note fires for a chart too big to read on a
slide and not for a small one, and every option it suggests draws less than the options in use
and does help.
"""

from __future__ import annotations

import pathlib
import re
import warnings

import pytest

import orgroles
from orgroles import OrgChart
from orgroles._render import ImageSizeWarning, render_files
from orgroles.cli import main


def enterprise() -> OrgChart:
    return orgroles.template("enterprise", names=True)


def poster() -> OrgChart:
    """An org too big for a slide even arranged for one: 99 positions (5.5 pt on a slide).

    The default enterprise template (84 positions) arranged for a slide keeps 6.3 pt.
    """
    return orgroles.template("enterprise", names=True, pms=70)


def wide(reports: int) -> OrgChart:
    chart = OrgChart(name="Wide")
    chart.add(id="dir", role="director", name="Lin Wei")
    for index in range(reports):
        chart.add(id=f"pm-{index}", role="pm", name=f"Person {index}", reports_to="dir")
    return chart


def real_size(path: pathlib.Path) -> tuple[int, int]:
    """A file's own statement of its size: PNG pixels, SVG points, the PDF page in points."""
    data = path.read_bytes()
    if path.suffix == ".png":
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    pattern = rb'<svg width="([\d.]+)pt" height="([\d.]+)pt"'
    if path.suffix == ".pdf":
        pattern = rb"/MediaBox \[ ?0 0 ([\d.]+) ([\d.]+) ?\]"
    match = re.search(pattern, data)
    assert match is not None, path
    return round(float(match[1])), round(float(match[2]))


def cli(capsys: pytest.CaptureFixture[str], *argv: str | pathlib.Path) -> str:
    assert main([str(arg) for arg in argv]) == 0
    return capsys.readouterr().err


def notes(err: str) -> dict[str, str]:
    """Each note on stderr, by the file it is about."""
    found = {}
    for line in err.splitlines():
        if line.startswith("note: "):
            name = line.removeprefix("note: ").split(" is ", 1)[0]
            found[pathlib.Path(name).name] = line
    return found


# -- sizes and the slide test --------------------------------------------------------------------


@pytest.mark.layout
@pytest.mark.parametrize("suffix", [".svg", ".png", ".pdf"])
def test_stated_sizes_are_the_files_own(tmp_path: pathlib.Path, suffix: str) -> None:
    (file,) = render_files(enterprise(), tmp_path / f"org{suffix}", depth=3)
    assert file.size is not None
    assert file.size.unit == ("px" if suffix == ".png" else "pt")
    width, height = real_size(file.path)
    assert abs(file.size.width - width) <= 1
    assert abs(file.size.height - height) <= 1


@pytest.mark.layout
def test_png_resolution_is_192_dpi_unless_asked_and_sizes_say_so(tmp_path: pathlib.Path) -> None:
    # A board deck stretches a chart across a 1920 px slide: at Graphviz's own 96 dpi the
    # startup chart is 1,500 px wide and blurs; by default it is drawn at twice that.
    chart = orgroles.template("startup", names=True)
    (sharp,) = render_files(chart, tmp_path / "sharp.png")
    (plain,) = render_files(chart, tmp_path / "plain.png", dpi=96)
    (print_,) = render_files(chart, tmp_path / "print.png", dpi=300)
    assert real_size(sharp.path)[0] >= 2 * real_size(plain.path)[0] - 1 > 2_900
    for file in (sharp, plain, print_):
        assert file.size is not None
        width, height = real_size(file.path)
        assert (file.size.width, file.size.height) == (width, height)
    assert sharp.size is not None
    assert plain.size is not None
    assert print_.size is not None
    assert (sharp.size.dpi, plain.size.dpi, print_.size.dpi) == (192, 96, 300)
    # The slide test is about the drawing, not its pixels: every resolution reads the same.
    texts = {round(size.slide_text(), 1) for size in (sharp.size, plain.size, print_.size)}
    assert texts == {8.5}


@pytest.mark.layout
@pytest.mark.parametrize("suffix", [".svg", ".pdf"])
def test_dpi_changes_no_vector_image(tmp_path: pathlib.Path, suffix: str) -> None:
    chart = orgroles.template("startup", names=True)
    (low,) = render_files(chart, tmp_path / f"low{suffix}", dpi=72)
    (high,) = render_files(chart, tmp_path / f"high{suffix}", dpi=600)
    assert low.size == high.size
    assert real_size(low.path) == real_size(high.path)


@pytest.mark.layout
def test_cli_dpi_flag_sets_png_pixels(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    org = tmp_path / "startup.yaml"
    orgroles.dump(orgroles.template("startup", names=True), org)
    cli(capsys, "render", org, "-o", tmp_path / "default.png")
    cli(capsys, "render", org, "-o", tmp_path / "low.png", "--dpi", "96")
    cli(capsys, "render", org, "-o", tmp_path / "high.png", "--dpi", "384")
    low, default, high = (real_size(tmp_path / f"{n}.png")[0] for n in ("low", "default", "high"))
    assert abs(default - 2 * low) <= 2
    assert abs(high - 2 * default) <= 2


@pytest.mark.layout
def test_a_small_wide_chart_gets_no_note(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The 8-box startup chart is more than four times wider than tall, but at about 1,125 pt
    # (3,000 px at 192 dpi) it fits a slide with its text still 8 pt: nothing to say.
    org = tmp_path / "startup.yaml"
    orgroles.dump(orgroles.template("startup", names=True), org)
    err = cli(capsys, "render", org, "-o", tmp_path / "startup.png")
    width, height = real_size(tmp_path / "startup.png")
    assert width > 4 * height
    assert "note:" not in err
    (file,) = render_files(orgroles.load(org), tmp_path / "startup.svg")
    assert file.fits_slide()
    assert file.note() is None


@pytest.mark.layout
@pytest.mark.slow
def test_poster_note_names_remedies_that_fit_a_slide(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    org = tmp_path / "ent.yaml"
    orgroles.dump(poster(), org)
    err = cli(capsys, "render", org, "-o", tmp_path / "ent.png")
    note = notes(err)["ent.png"]
    width, height = real_size(tmp_path / "ent.png")
    assert f"is {width:,} x {height:,} px" in note
    assert "--split-by unit" in note
    assert "--root sd-consumer (58 positions)" in note
    # The depth it proposes was laid out: drawing it gives that size, and no note.
    match = re.search(r"--depth (\d+) \(([\d,]+) x ([\d,]+) px\)", note)
    assert match is not None, note
    err = cli(capsys, "render", org, "-o", tmp_path / "top.png", "--depth", match[1])
    assert real_size(tmp_path / "top.png") == (
        int(match[2].replace(",", "")),
        int(match[3].replace(",", "")),
    )
    assert "note:" not in err


@pytest.mark.layout
@pytest.mark.slow
def test_note_suggests_nothing_in_use_or_useless(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    org = tmp_path / "ent.yaml"
    orgroles.dump(enterprise(), org)
    # Fewer levels than drawn, never more.
    # (Drawn as the tree grows: arranged for a slide, four levels fit one.)
    err = cli(capsys, "render", org, "-o", tmp_path / "d4.png", "--depth", "4", "--page", "natural")
    note = notes(err)["d4.png"]
    depths = [int(d) for d in re.findall(r"--depth (\d+)", note)]
    assert depths
    assert all(d < 4 for d in depths)
    # One unit drawn flat from its Director: stack it, or a smaller part; splitting by unit
    # (one unit) and the root in use would change nothing.
    err = cli(capsys, "render", org, "-o", tmp_path / "pay.png", "--root", "dir-payments",
              "--layout", "wide", "--page", "natural")  # fmt: skip
    note = notes(err)["pay.png"]
    assert "--layout stacked (" in note
    assert "--split-by" not in note
    assert "--root dir-payments" not in note
    # Files of a split chart are never told to split by unit.
    err = cli(capsys, "render", org, "-o", tmp_path / "split.png", "--split-by", "unit",
              "--layout", "wide", "--page", "natural")  # fmt: skip
    split_notes = notes(err)
    assert split_notes, err
    assert all("--split-by" not in line for line in split_notes.values())


@pytest.mark.layout
@pytest.mark.parametrize("suffix", [".svg", ".pdf"])
def test_note_covers_vector_formats_in_points(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    org = tmp_path / "ent.yaml"
    orgroles.dump(poster(), org)
    # Drawn as it grows: fitted to a slide, each option the note names would be fitted too
    # (seconds each), and its size would be in points all the same.
    err = cli(capsys, "render", org, "-o", tmp_path / f"ent{suffix}", "--page", "natural")
    note = notes(err)[f"ent{suffix}"]
    assert "--page slide (" in note  # a remedy, with its size in points too
    width, height = real_size(tmp_path / f"ent{suffix}")
    assert f"is {width:,} x {height:,} pt" in note
    assert " px" not in note


@pytest.mark.layout
def test_note_suggests_stacking_lower_when_rows_are_too_wide(tmp_path: pathlib.Path) -> None:
    # Two Directors, each with five reports who manage nobody: under the default threshold
    # (6) they are two rows of five, too wide for a slide; a threshold of 4 stacks them.
    chart = orgroles.template("head_led", names=True)
    (file,) = render_files(chart, tmp_path / "org.svg", page="natural")
    assert not file.fits_slide()
    (threshold,) = [r for r in file.remedies if r.option == "stack_threshold"]
    (again,) = render_files(
        chart, tmp_path / "lower.svg", stack_threshold=int(threshold.value), page="natural"
    )
    assert again.fits_slide()
    assert threshold.gives == str(again.size)


@pytest.mark.layout
def test_wide_layout_is_told_to_stack_with_the_threshold_that_makes_it_fit(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The head-led template's teams are five wide: stacking at the default threshold (6)
    # would change nothing, so the note names the threshold that goes with it.
    org = tmp_path / "t.yaml"
    orgroles.dump(orgroles.template("head_led", names=True), org)
    note = notes(cli(capsys, "render", org, "-o", tmp_path / "hl.png", "--layout", "wide",
                     "--page", "natural"))  # fmt: skip
    match = re.search(r"--layout stacked --stack-threshold (\d+) \(([\d,]+) x ([\d,]+) px\)",
                      note["hl.png"])  # fmt: skip
    assert match is not None, note
    err = cli(capsys, "render", org, "-o", tmp_path / "stacked.png", "--layout", "stacked",
              "--stack-threshold", match[1], "--page", "natural")  # fmt: skip
    assert real_size(tmp_path / "stacked.png") == (
        int(match[2].replace(",", "")),
        int(match[3].replace(",", "")),
    )
    assert "note:" not in err
    (file,) = render_files(orgroles.load(org), tmp_path / "hl.svg", layout="wide", page="natural")
    (stack,) = [r for r in file.remedies if r.option == "layout"]
    assert stack.keyword() == f"layout='stacked', stack_threshold={match[1]}"


@pytest.mark.layout
def test_a_threshold_in_use_is_only_ever_lowered(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A threshold in use may be named again, with a lower value that draws it smaller (the
    # docs say so); never the value in use, nor a higher one.
    org = tmp_path / "t.yaml"
    orgroles.dump(orgroles.template("head_led", names=True), org)
    err = cli(capsys, "render", org, "-o", tmp_path / "hl.png", "--stack-threshold", "20",
              "--page", "natural")  # fmt: skip
    thresholds = [int(t) for t in re.findall(r"--stack-threshold (\d+)", notes(err)["hl.png"])]
    assert thresholds
    assert all(t < 5 for t in thresholds)  # its widest team has five reports
    docs = (pathlib.Path(__file__).parents[1] / "docs" / "rendering.md").read_text("utf-8")
    assert "a lower threshold than the one in use" in " ".join(docs.split())


# -- the PNG and PDF limits ----------------------------------------------------------------------


@pytest.mark.layout
def test_png_wider_than_graphviz_draws_warns_and_says_what_to_do(tmp_path: pathlib.Path) -> None:
    target = tmp_path / "flat.png"
    with pytest.warns(ImageSizeWarning) as caught:
        (path,) = orgroles.render(wide(200), target, layout="wide")
    (record,) = caught
    assert record.filename == __file__  # it points at the caller's line
    warning = record.message
    assert isinstance(warning, ImageSizeWarning)
    assert warning.size.width > 32_767
    # Graphviz did squeeze the image: the warning is about a real loss.
    assert real_size(path)[0] <= 32_767 < warning.size.width
    message = str(warning)
    assert f"{warning.size.width:,.0f} x {warning.size.height:,.0f} px" in message
    assert "layout='stacked'" in message
    assert "SVG" in message


@pytest.mark.layout
def test_png_limit_is_reckoned_in_pixels_at_the_resolution_drawn(tmp_path: pathlib.Path) -> None:
    # 100 boxes in a row: about 22,600 px wide at 96 dpi, within Graphviz's limit; at the
    # default 192 dpi twice that, so Graphviz scales it down and the warning says by how much.
    with warnings.catch_warnings():
        warnings.simplefilter("error", ImageSizeWarning)
        (low,) = render_files(wide(100), tmp_path / "low.png", layout="wide", dpi=96)
    assert low.size is not None
    assert abs(real_size(low.path)[0] - low.size.width) <= 1  # rounding, as for every size
    assert low.size.width < 32_767
    with pytest.warns(ImageSizeWarning) as caught:
        (high,) = render_files(wide(100), tmp_path / "high.png", layout="wide")
    (warning,) = [w.message for w in caught]
    assert isinstance(warning, ImageSizeWarning)
    assert high.size == warning.size
    assert abs(warning.size.width - 2 * low.size.width) <= 2
    assert real_size(high.path)[0] <= 32_767
    scale = 32_767 / warning.size.width
    # 10 pt text at 192 dpi is 26.7 px, scaled down with the image.
    assert f"down to {scale:.0%} (text about {10 * 192 / 72 * scale:.0f} px high)" in str(warning)


@pytest.mark.layout
def test_oversized_png_is_not_written_when_warnings_are_errors(tmp_path: pathlib.Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", ImageSizeWarning)
        with pytest.raises(ImageSizeWarning, match="32,767"):
            orgroles.render(wide(200), tmp_path / "flat.png", layout="wide")
    assert not (tmp_path / "flat.png").exists()


@pytest.mark.layout
def test_pdf_page_beyond_200_inches_warns(tmp_path: pathlib.Path) -> None:
    with pytest.warns(ImageSizeWarning, match=r"beyond the 14,400 pt \(200 in\)") as caught:
        (path,) = orgroles.render(wide(120), tmp_path / "flat.pdf", layout="wide")
    (warning,) = [w.message for w in caught]
    assert isinstance(warning, ImageSizeWarning)
    assert real_size(path)[0] == warning.size.width > 14_400


@pytest.mark.layout
def test_cli_warns_about_a_squeezed_png_in_its_own_terms(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    org = tmp_path / "flat.yaml"
    orgroles.dump(wide(200), org)
    err = cli(capsys, "render", org, "-o", tmp_path / "flat.png", "--layout", "wide")
    (line,) = [line for line in err.splitlines() if line.startswith("warning:")]
    assert "px, more than the 32,767 px" in line
    assert "--layout stacked" in line
    assert "layout='stacked'" not in line
    assert "note:" not in err  # the warning already says it
