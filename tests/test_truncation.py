"""An org file cut short is refused where it stops; lone surrogates never load (issue 15)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import orgroles
from orgroles.cli import main
from orgroles.errors import OrgFileError, OrgImportError

CHART = orgroles.template("scaleup", names=True)
TEXT = orgroles.dumps(CHART)
LINES = TEXT.splitlines(keepends=True)


def test_every_cut_at_a_line_boundary_is_refused_naming_the_line() -> None:
    for keep in range(1, len(LINES)):
        with pytest.raises(OrgFileError, match="cut short") as raised:
            orgroles.loads("".join(LINES[:keep]), source="org.yaml")
        (problem,) = raised.value.problems
        assert problem.place.line == len("".join(LINES[:keep]).rstrip().splitlines())


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=1, max_value=len(TEXT) - 2))
def test_every_cut_anywhere_is_refused(cut: int) -> None:
    if TEXT[:cut].rstrip() == TEXT.rstrip():
        return  # only trailing whitespace lost: the file is whole
    with pytest.raises(OrgFileError):
        orgroles.loads(TEXT[:cut])


def test_the_whole_file_loads_and_json_cuts_fail_too() -> None:
    assert orgroles.loads(TEXT) == CHART
    json_text = orgroles.dumps(CHART, format="json")
    for keep in range(1, len(json_text.splitlines())):
        with pytest.raises(OrgFileError):
            orgroles.loads("".join(json_text.splitlines(keepends=True)[:keep]), format="json")


def test_a_hand_written_file_needs_no_end_line() -> None:
    assert len(orgroles.loads("positions:\n  - {id: ceo, role: ceo}\n")) == 1
    edited = "".join(LINES[1:-1])  # the first line deleted: read like any hand-written file
    assert orgroles.loads(edited) == CHART


def test_a_writer_killed_mid_file_leaves_the_old_file_whole(tmp_path: Path) -> None:
    """``kill -9`` during ``orgroles.dump``: the target is the old file or the new, never half."""
    target = tmp_path / "org.yaml"
    orgroles.dump(CHART, target)
    script = (
        "import os, signal, orgroles, orgroles._write as w\n"
        "real = w._staged\n"
        "def die(path, data):\n"  # the file is streamed: killed after half of its pieces
        "    chunks = [data] if isinstance(data, bytes) else list(data)\n"
        "    def cut():\n"
        "        yield from chunks[: max(1, len(chunks) // 2)]\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    real(path, cut())\n"
        "w._staged = die\n"
        f"orgroles.dump(orgroles.template('enterprise'), {str(target)!r})\n"
    )
    done = subprocess.run([sys.executable, "-c", script], check=False, timeout=120)
    assert done.returncode == -9
    assert orgroles.load(target) == CHART


def test_the_cli_names_a_cut_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "org.yaml"
    path.write_text("".join(LINES[:40]), encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"org.yaml:{len(''.join(LINES[:40]).rstrip().splitlines())}:" in err
    assert "cut short" in err


@pytest.mark.parametrize(
    "text",
    [
        '{"positions": [{"id": "a", "role": "ceo", "attributes": {"x": "\\udfff"}}]}',
        '{"positions": [{"id": "a", "role": "ceo", "name": "Ann \\ud83d"}]}',
        'positions:\n  - {id: a, role: ceo, name: "\\udfff"}\n',
    ],
)
def test_a_lone_surrogate_is_refused_when_read(text: str) -> None:
    with pytest.raises(OrgFileError) as raised:
        orgroles.loads(text)
    assert raised.value.problems[0].place.line == (2 if text.startswith("positions") else 1)


def test_a_surrogate_pair_is_one_character() -> None:
    chart = orgroles.loads('{"positions": [{"id": "a", "role": "ceo", "name": "\\ud83d\\ude00"}]}')
    assert chart["a"].name == "\N{GRINNING FACE}"
    assert orgroles.loads(orgroles.dumps(chart)) == chart


def test_a_lone_surrogate_in_an_import_is_refused(tmp_path: Path) -> None:
    export = tmp_path / "hr.json"
    export.write_text('[{"id": "a", "title": "CEO", "x": "\\udfff"}]', encoding="utf-8")
    with pytest.raises(OrgImportError, match="lone surrogate"):
        orgroles.read_json(export)
