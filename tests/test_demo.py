"""`make demo`, the README's first command: every variant drawn, then a reorg and its diff chart."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import orgroles
from orgroles._variants import BUILTIN_VARIANTS

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo.py"


@pytest.mark.slow
@pytest.mark.layout
def test_demo_draws_every_variant_and_the_reorg(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(DEMO), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for name in BUILTIN_VARIANTS:
        assert (tmp_path / f"{name}.png").stat().st_size > 0
    assert (tmp_path / "scaleup-reorg.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b'data-position-id="gpm-payments-2"' in (tmp_path / "scaleup-reorg.svg").read_bytes()
    # The saved reorg is what the demo printed: the same changes come back from the two files.
    old = orgroles.load(tmp_path / "scaleup.yaml")
    new = orgroles.load(tmp_path / "scaleup-reorg.yaml")
    change = orgroles.diff(old, new)
    (move,) = change.of_kind("moved")
    assert (move.id, move.new, move.team_size) == ("gpm-payments-2", "dir-growth", 5)
    assert [c.id for c in change.of_kind("added")] == ["pm-growth-7"]
    assert [c.id for c in change.of_kind("removed")] == ["pm-growth-6"]
    assert "moved gpm-payments-2" in result.stdout
    assert orgroles.apply(old, change) == new
