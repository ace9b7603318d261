"""The `template` and `recommend` commands: output, files, exit codes, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import orgroles
from cli_run import run


@pytest.mark.parametrize("variant", ["startup", "scaleup", "head_led", "enterprise", "bu_heads"])
def test_template_writes_yaml_that_loads_and_validates_clean(
    capsys: pytest.CaptureFixture[str], variant: str
) -> None:
    code, out, err = run(capsys, "template", variant)
    assert (code, err) == (0, "")
    chart = orgroles.loads(out)
    assert chart == orgroles.template(variant)
    assert orgroles.validate(chart).findings == ()


def test_template_options_reach_the_generator(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "template",
        "enterprise",
        "--employees", "2000",
        "--pms", "90",
        "--product-lines", "6",
        "--business-units", "3",
        "--no-designers",
        "--analysts",
        "--vacancies", "0.2",
        "--seed", "5",
    )  # fmt: skip
    assert code == 0
    expected = orgroles.template(
        "enterprise",
        employees=2000,
        pms=90,
        product_lines=6,
        business_units=3,
        designers=False,
        analysts=True,
        vacancies=0.2,
        seed=5,
    )
    assert out == orgroles.dumps(expected)


def test_template_output_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "org.json"
    code, out, err = run(capsys, "template", "scaleup", "--names", "-o", str(path))
    assert code == 0
    assert out == ""
    assert "wrote" in err
    assert json.loads(path.read_text(encoding="utf-8"))["variant"] == "scaleup"
    assert orgroles.load(path) == orgroles.template("scaleup", names=True)


def test_template_from_a_variant_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text("name: acme\nextends: scaleup\nspans: {ics: {max: 15}}\n", encoding="utf-8")
    code, out, _ = run(capsys, "template", str(path), "--pms", "24", "--product-lines", "2")
    assert code == 0
    chart = orgroles.loads(out)
    assert chart.variant == "acme"
    assert orgroles.validate(chart, orgroles.load_variant(path)).findings == ()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["template", "startup", "--pms", "60"],
            "60 PMs fit enterprise or bu_heads: try orgroles template enterprise --pms 60",
        ),
        (["template", "startup", "--pms", "1"], "it needs more PMs (or --analysts)"),
        (["template", "scalup"], "did you mean 'scaleup'"),
        (["template", "scaleup", "--business-units", "3"], "no business units"),
        (["template", "scaleup", "--vacancies", "1.5"], "expected a fraction"),
        (["template", "scaleup", "--pms", "many"], "expected a whole number"),
        (["template", "scaleup", "--pms", "-3"], "expected a number >= 0"),
        (["recommend"], "give --employees N or --pms N"),
        # The option's own bound is the real one: one message, from the parser.
        (["recommend", "--employees", "0"], "argument --employees: expected a number >= 1, got 0"),
        (["recommend", "--employees", "-5"], "expected a number >= 1, got -5"),
        (["template", "startup", "--employees", "0"], "expected a number >= 1, got 0"),
        (["template", "scaleup", "--product-lines", "0"], "expected a number >= 1, got 0"),
        (["recommend", "--pms", "3", "--business-units", "0"], "expected a number >= 1, got 0"),
        (
            ["template", "scaleup", "--vacancies", "1"],
            "expected a fraction from 0 up to but not including 1 (such as 0.2), got 1",
        ),
    ],
)
def test_bad_usage_exits_2_with_a_message(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_recommend_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "recommend", "--employees", "300")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "scaleup (runner-up: head_led)"
    assert "300 employees fall in scaleup's employee band 40-600" in out
    assert lines[-1] == "next: orgroles template scaleup --employees 300"


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["--pms", "12", "--employees", "90"], "orgroles template scaleup --employees 90 --pms 12"),
        # 30 employees are outside scaleup's band, 3 business units outside its shape: the
        # suggested command leaves out what the variant cannot take, and says so.
        (["--employees", "30", "--pms", "30"], "orgroles template scaleup --pms 30"),
        (["--pms", "12", "--business-units", "3"], "orgroles template scaleup --pms 12"),
        (  # one business unit builds too: its Senior Director gets staff beside it
            ["--employees", "1000", "--pms", "40", "--business-units", "1"],
            "orgroles template enterprise --employees 1000 --pms 40 --business-units 1",
        ),
    ],
)
def test_recommend_suggests_a_template_command_that_works(
    capsys: pytest.CaptureFixture[str], argv: list[str], command: str
) -> None:
    code, out, _ = run(capsys, "recommend", *argv)
    assert code == 0
    last = out.splitlines()[-1]
    assert last.startswith(f"next: {command}"), last
    if len(command.split()) < len(argv) + 3:
        assert "(leaving out " in last, last
    code, _, err = run(capsys, *command.split()[1:])
    assert (code, err) == (0, "")


def test_recommend_json_is_the_recommendation(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--pms", "80", "--product-lines", "3", "--business-units", "4"]
    code, out, _ = run(capsys, "recommend", *argv, "--format", "json")
    assert code == 0
    expected = orgroles.recommend_variant(pms=80, product_lines=3, business_units=4)
    assert json.loads(out) == expected.to_dict()
    assert json.loads(out)["variant"] == "bu_heads"


def test_commands_are_listed_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "--help")
    assert "template" in out
    assert "recommend" in out


def test_template_through_the_installed_command(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "orgroles", "template", "bu_heads", "--pms", "40"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert orgroles.loads(result.stdout) == orgroles.template("bu_heads", pms=40)


@pytest.mark.parametrize("name", ["startup.png", "startup.txt", "startup"])
def test_template_refuses_an_output_it_cannot_write(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    target = tmp_path / name
    code, out, err = run(capsys, "template", "startup", "-o", str(target))
    assert (code, out) == (2, "")
    assert err == (
        f"orgroles: cannot tell the format from {str(target)!r}; use one of: .yaml, .yml, .json\n"
    )
    assert not target.exists()


def test_template_output_suffix_is_case_blind(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, _ = run(capsys, "template", "startup", "-o", str(tmp_path / "org.JSON"))
    assert code == 0
    assert json.loads((tmp_path / "org.JSON").read_text(encoding="utf-8"))["orgroles"] == 1


def test_template_output_line_escapes_a_hostile_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The path written reaches the terminal with controls and bidi marks escaped."""
    path = tmp_path / "org\x1b[2J\u202e.yaml"
    code, _, err = run(capsys, "template", "startup", "-o", str(path))
    assert code == 0
    written = f"{tmp_path}/org\\x1b[2J\\u202e.yaml"
    assert err == f"wrote {written}: Startup template, 4 PMs, 8 positions\n"
    assert orgroles.load(path) == orgroles.template("startup")
