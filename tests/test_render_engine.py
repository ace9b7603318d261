"""The system engine: ``dot`` on PATH, laid out once (``-Tplain -T<fmt>``), read up to ``stop``.

A fake ``dot`` placed first on PATH records its arguments and answers with a canned layout, so
these tests need no Graphviz install and know exactly what the engine was given. Everything
else draws with the real bundled engine.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import orgroles
from orgroles import RenderError
from orgroles._render._engine import draw, draw_measured
from orgroles.cli import main

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the fake dot is a script")

# What `dot -Tplain` starts with: the graph's scale and its bounding box in inches.
PLAIN = "graph 1.5 4 2\nnode a 2 1 1.5 0.5 a solid box black lightgrey\nstop\n"
SVG = '<?xml version="1.0"?>\n<svg width="432pt" height="216pt"></svg>\n'
PNG = b"\x89PNG\r\n\x1a\nfake png bytes\n"

FAKE_DOT = """\
#!{python}
import json, os, sys, time
source = sys.stdin.buffer.read()
with open({log!r}, "a", encoding="utf-8") as log:
    log.write(json.dumps({{"args": sys.argv[1:], "stdin": source.decode("utf-8")}}) + "\\n")
mode = os.environ.get("FAKE_DOT", "ok")
if mode == "fail":
    sys.stderr.write("Error: <stdin>: syntax error in line 1 near 'x'\\n")
    sys.exit(1)
if mode == "silent":
    sys.exit(0)
if mode == "slow":
    time.sleep(30)
out = sys.stdout.buffer
for option in sys.argv[1:]:
    fmt = option[2:]
    if fmt == "plain":
        out.write({plain!r}.encode() if mode == "ok" else b"graph\\nstop\\n")
    elif fmt == "svg":
        out.write({svg!r}.encode())
    else:
        out.write({png!r})
"""

Calls = Callable[[], list[dict[str, object]]]


@pytest.fixture
def fake_dot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Calls:
    """Put a fake ``dot`` first on PATH; the fixture's value lists the calls it received."""
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "dot-calls.jsonl"
    script = folder / "dot"
    script.write_text(
        FAKE_DOT.format(python=sys.executable, log=str(log), plain=PLAIN, svg=SVG, png=PNG),
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.delenv("FAKE_DOT", raising=False)

    def calls() -> list[dict[str, object]]:
        if not log.exists():
            return []
        return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]

    return calls


SOURCE = "digraph { a -> b }"


def test_one_layout_gives_the_size_from_plain_and_the_drawing_after_stop(
    fake_dot: Calls,
) -> None:
    drawing = draw_measured(SOURCE, "png", engine="system")
    assert fake_dot() == [{"args": ["-Tplain", "-Tpng"], "stdin": SOURCE}]
    # graph 1.5 4 2: 4 x 2 inches at scale 1.5, in points.
    assert (drawing.width, drawing.height) == (4 * 1.5 * 72, 2 * 1.5 * 72)
    assert drawing.data == PNG


def test_measuring_alone_asks_for_the_plain_layout_only(fake_dot: Calls) -> None:
    drawing = draw_measured(SOURCE, None, engine="system")
    assert fake_dot()[0]["args"] == ["-Tplain"]
    assert (drawing.width, drawing.height, drawing.data) == (432.0, 216.0, b"")


def test_drawing_without_measuring_passes_the_output_through(fake_dot: Calls) -> None:
    assert draw(SOURCE, "svg", engine="system") == SVG.encode()
    assert fake_dot()[0]["args"] == ["-Tsvg"]


def test_a_png_is_written_with_the_size_of_its_layout(fake_dot: Calls, tmp_path: Path) -> None:
    chart = orgroles.template("startup")
    (written,) = orgroles.render_files(chart, tmp_path / "org.png", engine="system")
    assert written.path.read_bytes() == PNG
    # The layout's 432 x 216 pt, padded, at 192 dpi: the PNG bytes themselves say nothing.
    from orgroles._render._dot import PAD
    from orgroles._render._fit import page_size

    assert written.size == page_size(".png", 432.0, 216.0, pad=PAD * 72)
    (call,) = fake_dot()
    assert call["args"] == ["-Tplain", "-Tpng"]
    # The chart's DOT, with the PNG's resolution: 192 dpi unless asked otherwise.
    dot = orgroles.to_dot(chart)
    dot.graph_attr["dpi"] = "192"
    assert call["stdin"] == dot.source


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("fail", "Graphviz could not draw the chart (exit 1): Error: <stdin>: syntax error"),
        ("silent", "Graphviz could not draw the chart (exit 0): no output"),
        ("no-size", "Graphviz gave no layout size for the chart"),
    ],
)
def test_a_failing_dot_is_a_render_error(
    fake_dot: Calls, monkeypatch: pytest.MonkeyPatch, mode: str, message: str
) -> None:
    monkeypatch.setenv("FAKE_DOT", mode)
    with pytest.raises(RenderError) as raised:
        draw_measured(SOURCE, "pdf", engine="system")
    assert str(raised.value).startswith(message)
    assert len(fake_dot()) == 1


def test_a_slow_dot_is_stopped(fake_dot: Calls, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_DOT", "slow")
    with pytest.raises(RenderError, match=r"Graphviz took longer than 0\.5 s and was stopped"):
        draw_measured(SOURCE, "png", engine="system", timeout=0.5)


def test_no_dot_on_path_is_a_render_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RenderError, match="needs the Graphviz 'dot' program on PATH"):
        draw_measured(SOURCE, "png", engine="system")


def _org(tmp_path: Path) -> Path:
    path = tmp_path / "org.yaml"
    orgroles.dump(orgroles.template("startup"), path)
    return path


def test_the_cli_draws_with_the_system_engine(
    fake_dot: Calls, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "org.pdf"
    assert main(["render", str(_org(tmp_path)), "-o", str(out), "--engine", "system"]) == 0
    assert out.read_bytes() == PNG  # what the fake dot wrote after `stop`, as it wrote it
    assert [call["args"] for call in fake_dot()] == [["-Tplain", "-Tpdf"]]
    assert capsys.readouterr().err == f"wrote {out} ({len(PNG)} bytes)\n"


@pytest.mark.parametrize("mode", ["fail", "no-size", "absent"])
def test_the_cli_exits_2_without_a_traceback_when_dot_fails(
    fake_dot: Calls, tmp_path: Path, mode: str
) -> None:
    out = tmp_path / "org.png"
    command = ["render", str(_org(tmp_path)), "-o", str(out), "--engine", "system"]
    env = {**os.environ, "FAKE_DOT": mode}
    if mode == "absent":
        env["PATH"] = str(tmp_path / "nowhere")
    result = subprocess.run(
        [sys.executable, "-m", "orgroles", *command],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=60,
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("orgroles: ")
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
