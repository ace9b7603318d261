"""Drawing options: bad values are refused up front, and the CLI offers what the API does."""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import inspect
import pathlib
import re
from typing import Any

import pytest

import orgroles
from orgroles import OrgChart, Style, render, to_dot, to_mermaid
from orgroles.cli import main
from orgroles.cli.render import style_flag


def wide(reports: int = 300) -> OrgChart:
    chart = OrgChart(name="Wide")
    chart.add(id="dir", role="director", name="Lin Wei", unit="Core")
    for index in range(reports):
        chart.add(id=f"pm-{index}", role="pm", name=f"Person {index}", reports_to="dir")
    return chart


BAD_OPTIONS: list[tuple[str, Any, type[Exception], str]] = [
    ("depth", "2", TypeError, "a whole number >= 0 or None"),
    ("depth", 2.0, TypeError, "a whole number >= 0 or None"),
    ("depth", True, TypeError, "a whole number >= 0 or None"),
    ("depth", -1, ValueError, "a whole number >= 0 or None"),
    ("root", 42, TypeError, "a string or None"),
    ("theme", "darkk", ValueError, "did you mean 'dark'"),
    ("theme", None, TypeError, "'dark', 'light', 'print'"),
    ("layout", "flat", ValueError, "choose from: stacked, wide"),
    ("layout", ["wide"], TypeError, "'stacked', 'wide'"),
    ("stack_threshold", "6", TypeError, "a whole number >= 1"),
    ("stack_threshold", 0, ValueError, "a whole number >= 1"),
    ("group_by", "units", ValueError, "did you mean 'unit'"),
    ("group_by", True, TypeError, "'unit' or None"),
    ("align", "Tree", ValueError, "choose from: level, tree"),
    ("title", 7, TypeError, "a string or None"),
    ("date", 20250601, TypeError, "a str, a datetime.date or None"),
    ("legend", "no", TypeError, "True or False"),
    ("split_by", "team", ValueError, "choose from: unit"),
    ("split_by", 1, TypeError, "'unit' or None"),
    ("timeout", "60", TypeError, "a number of seconds > 0"),
    ("timeout", 0, ValueError, "a number of seconds > 0"),
    ("timeout", float("nan"), ValueError, "a number of seconds > 0"),
    ("dpi", "192", TypeError, "a number of pixels per inch > 0"),
    ("dpi", True, TypeError, "a number of pixels per inch > 0"),
    ("dpi", 0, ValueError, "a number of pixels per inch > 0"),
    ("dpi", float("inf"), ValueError, "a number of pixels per inch > 0"),
    ("engine", "dot", ValueError, "choose from: bundled, system"),
    ("engine", None, TypeError, "'bundled', 'system'"),
]


@pytest.mark.parametrize(("option", "value", "error", "allowed"), BAD_OPTIONS)
def test_bad_render_options_are_refused_before_any_work(
    tmp_path: pathlib.Path, option: str, value: object, error: type[Exception], allowed: str
) -> None:
    # A 300-report chart with a timeout far too short to lay it out: only a check made before
    # any layout can answer with the option's own error (else: RenderError, "took longer").
    kwargs: dict[str, Any] = {"timeout": 0.001, "split_by": "unit", option: value}
    with pytest.raises(error) as raised:
        render(wide(), tmp_path / "org.png", **kwargs)
    message = str(raised.value)
    assert option in message
    assert repr(value)[:20] in message
    assert allowed in message
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("option", "value", "error", "allowed"),
    [case for case in BAD_OPTIONS if case[0] not in ("split_by", "dpi", "timeout", "engine")],
)
def test_to_dot_refuses_bad_options_naming_them(
    option: str, value: object, error: type[Exception], allowed: str
) -> None:
    kwargs: dict[str, Any] = {option: value}
    with pytest.raises(error, match=re.escape(allowed)) as raised:
        to_dot(wide(3), **kwargs)
    assert option in str(raised.value)


def test_to_mermaid_and_render_check_their_chart_and_path(tmp_path: pathlib.Path) -> None:
    # The wrong types are the point here, so they go in through Any.
    depth: Any = "1"
    with pytest.raises(TypeError, match=r"depth must be .* got '1' \(str\)"):
        to_mermaid(wide(3), depth=depth)
    chart: Any = "org.yaml"
    with pytest.raises(TypeError, match=r"chart must be an OrgChart, got 'org\.yaml' \(str\)"):
        render(chart, tmp_path / "org.svg")
    path: Any = 3
    with pytest.raises(TypeError, match=r"path must be a str or os\.PathLike, got 3 \(int\)"):
        render(wide(3), path)


def test_good_values_of_each_type_still_work(tmp_path: pathlib.Path) -> None:
    written = render(
        wide(3),
        tmp_path / "org.dot",
        depth=0,
        date=datetime.date(2025, 6, 1),
        timeout=5,
        dpi=300,
        stack_threshold=1,
        group_by=None,
        split_by=None,
    )
    assert "2025-06-01" in written[0].read_text("utf-8")


# -- the CLI offers the API's options ------------------------------------------------------------


def render_parser() -> argparse.ArgumentParser:
    from orgroles.cli import render as cli_render

    parser = argparse.ArgumentParser()
    cli_render.register(parser.add_subparsers())
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    command: argparse.ArgumentParser = sub.choices["render"]
    return command


def test_cli_has_one_flag_per_style_field_and_the_render_keywords() -> None:
    with pytest.raises(SystemExit):
        main(["render", "--help"])
    # Read the parser's options rather than the help text, which wraps.
    flags = {flag for action in render_parser()._actions for flag in action.option_strings}
    fields = {field.name for field in dataclasses.fields(Style)}
    keywords = {
        name
        for name, parameter in inspect.signature(render).parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY
    }
    # The rest is Style's; annotations are Python records, with no flag.
    assert keywords == {"split_by", "timeout", "engine", "annotations", "force"}
    expected = {style_flag(name) for name in fields} | {
        "--" + k.replace("_", "-") for k in keywords - {"annotations"}
    }
    assert flags - {"-h", "--help", "-o", "--output"} == expected


def test_cli_defaults_are_styles_defaults_and_its_choices_styles_choices() -> None:
    parser = render_parser()
    args = parser.parse_args(["org.yaml", "-o", "org.svg"])
    assert {f.name: getattr(args, f.name) for f in dataclasses.fields(Style)} == {
        f.name: f.default for f in dataclasses.fields(Style)
    }
    args = parser.parse_args(
        ["org.yaml", "-o", "o.svg", "--theme", "dark", "--no-legend", "--dpi", "96"]
    )
    assert (args.theme, args.legend, args.dpi) == ("dark", False, 96.0)
    choices = {a.dest: a.choices for a in parser._actions if a.choices}
    assert choices["theme"] == ("light", "dark", "print")
    assert choices["align"] == ("level", "tree")


def test_a_style_passes_whole_and_keywords_change_it(tmp_path: pathlib.Path) -> None:
    chart = wide(3)
    deck = Style(theme="dark", title="Deck", stack_threshold=2)
    assert to_dot(chart, deck).source == to_dot(chart, **dataclasses.asdict(deck)).source
    assert (
        to_dot(chart, deck, title="Other").source
        == to_dot(chart, dataclasses.replace(deck, title="Other")).source
    )
    (written,) = render(chart, tmp_path / "org.dot", deck, depth=0)
    assert written.read_text("utf-8") == to_dot(chart, deck, depth=0).source
    assert to_mermaid(chart, deck) == to_mermaid(chart, theme="dark")


def test_unknown_options_and_non_styles_are_refused_with_a_suggestion(
    tmp_path: pathlib.Path,
) -> None:
    with pytest.raises(TypeError, match=r"unknown style option 'titel' \(did you mean 'title'"):
        to_dot(wide(3), titel="Acme")
    with pytest.raises(TypeError, match=r"unknown style option 'dept' \(did you mean 'depth'"):
        render(wide(3), tmp_path / "org.svg", dept=2)
    not_a_style: Any = {"theme": "dark"}
    with pytest.raises(TypeError, match=r"style must be an orgroles.Style or None, got \{"):
        to_mermaid(wide(3), not_a_style)
    assert list(tmp_path.iterdir()) == []


def test_style_is_frozen_and_checked_on_replace() -> None:
    style = Style()
    with pytest.raises(dataclasses.FrozenInstanceError):
        style.depth = 2  # type: ignore[misc]  # frozen on purpose
    with pytest.raises(ValueError, match="depth must be a whole number >= 0 or None, got -1"):
        dataclasses.replace(style, depth=-1)
    assert Style(date=datetime.date(2025, 6, 1)).date_text == "2025-06-01"
    assert hash(Style(title="A")) == hash(Style(title="A"))


def test_cli_stacking_legend_alignment_and_engine_flags(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    org = tmp_path / "org.yaml"
    orgroles.dump(wide(4), org)
    out = tmp_path / "org.dot"
    assert main(["render", str(org), "-o", str(out)]) == 0
    default = out.read_text("utf-8")
    assert "legend [" in default
    assert "b0 [" not in default  # four reports: one row, no stacked column

    assert main(["render", str(org), "-o", str(out), "--stack-threshold", "3", "--no-legend"]) == 0
    stacked = out.read_text("utf-8")
    assert "b0 [" in stacked  # now they hang in a column of bus points
    assert "legend [" not in stacked
    assert stacked == to_dot(wide(4), stack_threshold=3, legend=False, title="Wide").source

    chart = OrgChart(name="Levels")
    chart.add(id="dir", role="director")
    chart.add(id="gpm", role="gpm", reports_to="dir")
    chart.add(id="pm-a", role="pm", reports_to="gpm")
    chart.add(id="pm-b", role="pm", reports_to="dir")
    orgroles.dump(chart, org)
    assert main(["render", str(org), "-o", str(out)]) == 0
    assert "minlen" in out.read_text("utf-8")  # level rows: pm-b drops to its level's row
    assert main(["render", str(org), "-o", str(out), "--align", "tree"]) == 0
    assert "minlen" not in out.read_text("utf-8")
    capsys.readouterr()

    with pytest.raises(SystemExit) as usage:  # argparse refuses it as a usage error
        main(["render", str(org), "-o", str(out), "--stack-threshold", "0"])
    assert usage.value.code == 2
    assert "--stack-threshold: expected a number >= 1, got 0" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["render", str(org), "-o", str(out), "--dpi", "0"])
    assert usage.value.code == 2
    assert "--dpi: expected a number of pixels per inch > 0, got 0" in capsys.readouterr().err
    monkeypatch.setenv("PATH", "")
    assert main(["render", str(org), "-o", str(tmp_path / "org.svg"), "--engine", "system"]) == 2
    assert "'dot' program on PATH" in capsys.readouterr().err
