"""Image sizes: the poster note, the PNG and PDF limits, and the remedies both name.

These tests lay out real images (each costs a Graphviz child process), and check what a user
sees: the sizes stated are the files' real sizes, a note fires for a chart too big to read on a
slide and not for a small one, and every option it suggests is not in use and does help.
"""

from __future__ import annotations

import pathlib
import re
import warnings

import pytest

import orgroles
from orgroles import OrgChart
from orgroles.cli import main
from orgroles.render import ImageSizeWarning, render_files


def enterprise() -> OrgChart:
    return orgroles.template("enterprise", names=True)


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


@pytest.mark.parametrize("suffix", [".svg", ".png", ".pdf"])
def test_stated_sizes_are_the_files_own(tmp_path: pathlib.Path, suffix: str) -> None:
    (file,) = render_files(enterprise(), tmp_path / f"org{suffix}", depth=3)
    assert file.size is not None
    assert file.size.unit == ("px" if suffix == ".png" else "pt")
    width, height = real_size(file.path)
    assert abs(file.size.width - width) <= 1
    assert abs(file.size.height - height) <= 1


def test_a_small_wide_chart_gets_no_note(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The 8-box startup chart is more than four times wider than tall, but at about 1,500 px
    # it fits a slide with its text still 8 pt: nothing to say.
    org = tmp_path / "startup.yaml"
    orgroles.dump(orgroles.template("startup", names=True), org)
    err = cli(capsys, "render", org, "-o", tmp_path / "startup.png")
    width, height = real_size(tmp_path / "startup.png")
    assert width > 4 * height
    assert "note:" not in err
    (file,) = render_files(orgroles.load(org), tmp_path / "startup.svg")
    assert file.fits_slide()
    assert file.note() is None


def test_poster_note_names_remedies_that_fit_a_slide(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    org = tmp_path / "ent.yaml"
    orgroles.dump(enterprise(), org)
    err = cli(capsys, "render", org, "-o", tmp_path / "ent.png")
    note = notes(err)["ent.png"]
    width, height = real_size(tmp_path / "ent.png")
    assert f"is {width:,} x {height:,} px" in note
    assert "--split-by unit" in note
    assert "--root sd-consumer (41 positions)" in note
    # The depth it proposes was laid out: drawing it gives that size, and no note.
    match = re.search(r"--depth (\d+) \(([\d,]+) x ([\d,]+) px\)", note)
    assert match is not None, note
    err = cli(capsys, "render", org, "-o", tmp_path / "top.png", "--depth", match[1])
    assert real_size(tmp_path / "top.png") == (
        int(match[2].replace(",", "")),
        int(match[3].replace(",", "")),
    )
    assert "note:" not in err


def test_note_suggests_nothing_in_use_or_useless(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    org = tmp_path / "ent.yaml"
    orgroles.dump(enterprise(), org)
    # Fewer levels than drawn, never more.
    note = notes(cli(capsys, "render", org, "-o", tmp_path / "d4.png", "--depth", "4"))["d4.png"]
    depths = [int(d) for d in re.findall(r"--depth (\d+)", note)]
    assert depths
    assert all(d < 4 for d in depths)
    # One unit drawn flat from its Director: stack it, or a smaller part; splitting by unit
    # (one unit) and the root in use would change nothing.
    err = cli(capsys, "render", org, "-o", tmp_path / "pay.png", "--root", "dir-payments",
              "--layout", "wide")  # fmt: skip
    note = notes(err)["pay.png"]
    assert "--layout stacked (" in note
    assert "--split-by" not in note
    assert "--root dir-payments" not in note
    # Files of a split chart are never told to split by unit.
    err = cli(capsys, "render", org, "-o", tmp_path / "split.png", "--split-by", "unit",
              "--layout", "wide")  # fmt: skip
    split_notes = notes(err)
    assert split_notes, err
    assert all("--split-by" not in line for line in split_notes.values())


@pytest.mark.parametrize("suffix", [".svg", ".pdf"])
def test_note_covers_vector_formats_in_points(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    org = tmp_path / "ent.yaml"
    orgroles.dump(enterprise(), org)
    note = notes(cli(capsys, "render", org, "-o", tmp_path / f"ent{suffix}"))[f"ent{suffix}"]
    width, height = real_size(tmp_path / f"ent{suffix}")
    assert f"is {width:,} x {height:,} pt" in note
    assert " px" not in note


def test_note_suggests_stacking_lower_when_rows_are_too_wide(tmp_path: pathlib.Path) -> None:
    # Two Directors, each with five reports who manage nobody: under the default threshold
    # (6) they are two rows of five, too wide for a slide; a threshold of 4 stacks them.
    chart = orgroles.template("head_led", names=True)
    (file,) = render_files(chart, tmp_path / "org.svg")
    assert not file.fits_slide()
    (threshold,) = [r for r in file.remedies if r.option == "stack_threshold"]
    (again,) = render_files(chart, tmp_path / "lower.svg", stack_threshold=int(threshold.value))
    assert again.fits_slide()
    assert threshold.gives == str(again.size)


# -- the PNG and PDF limits ----------------------------------------------------------------------


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


def test_oversized_png_is_not_written_when_warnings_are_errors(tmp_path: pathlib.Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", ImageSizeWarning)
        with pytest.raises(ImageSizeWarning, match="32,767"):
            orgroles.render(wide(200), tmp_path / "flat.png", layout="wide")
    assert not (tmp_path / "flat.png").exists()


def test_pdf_page_beyond_200_inches_warns(tmp_path: pathlib.Path) -> None:
    with pytest.warns(ImageSizeWarning, match=r"beyond the 14,400 pt \(200 in\)") as caught:
        (path,) = orgroles.render(wide(120), tmp_path / "flat.pdf", layout="wide")
    (warning,) = [w.message for w in caught]
    assert isinstance(warning, ImageSizeWarning)
    assert real_size(path)[0] == warning.size.width > 14_400


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
