"""The diff chart: marks, ghost boxes, a legend and the changes-only view (orgroles.diff_chart)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import orgroles
from orgroles import OrgChart, diff_annotations, diff_chart
from orgroles._diff_chart import ADDED, CHANGED, MOVED, REMOVED, diff_dot
from orgroles.cli import main
from orgroles.testing import make_chart


@pytest.fixture
def charts() -> tuple[OrgChart, OrgChart]:
    old = make_chart(
        "ceo > cpo > dir-a (Ada) > gpm-1 (Lin) > pm-1 (Sam), pm-2; dir-a > pm-3 (Kim); "
        "cpo > dir-b (Bo) > pm-4 (Noor); dir-b > gpm-2 > pm-5"
    )
    new = old.copy()
    new.move("gpm-1", "dir-b")  # a team move
    new.update("pm-2", name="Zoe")  # filled
    new.update("pm-4", role="senior_pm")  # promoted
    new.remove("gpm-2", reports="remove")  # a closed seat and the seat below it
    new.add(id="pm-6", role="pm", reports_to="dir-a")  # an opened seat
    return old, new


def test_marks_ghosts_and_legend(charts: tuple[OrgChart, OrgChart]) -> None:
    old, new = charts
    notes = diff_annotations(orgroles.diff(old, new, variant=None), new)
    marks = {pid: (m.color, m.badge) for pid, m in notes.marks.items()}
    assert marks == {
        "gpm-1": (MOVED, "moved"),
        "pm-2": (CHANGED, "filled"),
        "pm-4": (CHANGED, "new role"),
        "pm-6": (ADDED, "opened"),
    }
    assert notes.marks["gpm-1"].note == "from dir-a, with 2 below"
    assert notes.marks["pm-4"].note == "was pm"
    ghosts = {g.id: (g.reports_to, g.mark.badge if g.mark else None) for g in notes.ghosts}
    # gpm-2 was vacant (a closed seat); pm-5 under it hangs under its ghost.
    assert ghosts == {"gpm-2": ("dir-b", "closed"), "pm-5": ("gpm-2", "closed")}
    assert all(g.mark is not None and g.mark.color == REMOVED for g in notes.ghosts)
    assert [(e.label, e.dashed) for e in notes.legend] == [
        ("new", False),
        ("moved", False),
        ("changed", False),
        ("removed", True),
    ]


def test_the_dot_carries_marks_and_ghosts(charts: tuple[OrgChart, OrgChart]) -> None:
    old, new = charts
    dot = diff_dot(old, new)
    for text in ("moved", "opened", "filled", "closed", "from dir-a, with 2 below"):
        assert text in dot
    assert dot == diff_dot(old, new)  # deterministic


def test_changes_only_draws_the_chain_above_the_changes(
    charts: tuple[OrgChart, OrgChart],
) -> None:
    old, new = charts
    full = diff_dot(old, new)
    only = diff_dot(old, new, changes_only=True)

    def drawn(dot: str) -> set[str]:
        return set(re.findall(r'id="(?:position|ghost)-([^"]+)"', dot))

    assert drawn(full) == {*new.ids(), "gpm-2", "pm-5"}
    # pm-3 is unchanged with nothing changed below it; pm-1 moved along with its team.
    assert drawn(only) == {
        "ceo", "cpo", "dir-a", "dir-b", "gpm-1", "pm-2", "pm-4", "pm-6", "gpm-2", "pm-5"
    }  # fmt: skip


def test_a_ghost_whose_manager_never_existed_stands_at_the_top() -> None:
    old = OrgChart([{"id": "ceo", "role": "ceo"}, {"id": "x", "role": "pm", "reports_to": "gone"}])
    new = OrgChart([{"id": "ceo", "role": "ceo"}])
    notes = diff_annotations(orgroles.diff(old, new, variant=None), new)
    assert [(g.id, g.reports_to) for g in notes.ghosts] == [("x", None)]


@pytest.mark.layout
@pytest.mark.parametrize("suffix", [".svg", ".png", ".html"])
def test_diff_chart_writes_the_picture(
    charts: tuple[OrgChart, OrgChart], tmp_path: Path, suffix: str
) -> None:
    old, new = charts
    written = diff_chart(old, new, tmp_path / f"changes{suffix}", changes_only=True)
    assert written == [tmp_path / f"changes{suffix}"]
    assert written[0].stat().st_size > 0
    if suffix == ".svg":
        svg = written[0].read_text(encoding="utf-8")
        assert 'data-ghost-id="gpm-2"' in svg
        assert 'data-position-id="gpm-1"' in svg
    if suffix == ".html":
        page = written[0].read_text(encoding="utf-8")
        assert 'data-position-id="pm-3"' not in page  # unchanged: not drawn
        # The Statistics panel counts the whole new org, not the positions drawn.
        assert f'<div class="tile"><b>{len(new)}</b><span>positions</span></div>' in page


@pytest.mark.layout
def test_hostile_text_is_escaped_in_the_drawing(tmp_path: Path) -> None:
    old = OrgChart([{"id": "ceo", "role": "ceo", "name": "Ada"}, {"id": "x", "role": "pm",
                    "name": "<script>alert(1)</script>", "reports_to": "ceo"}])  # fmt: skip
    new = OrgChart([{"id": "ceo", "role": "ceo", "name": "<b>Ada</b>"}])
    svg = diff_chart(old, new, tmp_path / "c.svg")[0].read_text(encoding="utf-8")
    assert "<script>" not in svg
    assert "<b>" not in svg


@pytest.mark.layout
def test_cli_diff_draws(
    capsys: pytest.CaptureFixture[str], charts: tuple[OrgChart, OrgChart], tmp_path: Path
) -> None:
    old, new = charts
    orgroles.dump(old, tmp_path / "old.yaml")
    orgroles.dump(new, tmp_path / "new.yaml")
    out = tmp_path / "changes.svg"
    code = main(["diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "-o", str(out),
                 "--changes-only"])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0
    assert f"wrote {out}" in captured.err
    assert "team move" in captured.out
    assert out.read_text(encoding="utf-8").count("data-ghost-id") == 2


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["-o", "changes.gif"], "cannot tell the format from 'changes.gif'"),
        (["--changes-only"], "--changes-only draws: give the picture to write with -o FILE"),
    ],
)
def test_cli_diff_drawing_usage(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], message: str
) -> None:
    path = tmp_path / "org.yaml"
    orgroles.dump(make_chart("ceo > cpo"), path)
    try:
        code = main(["diff", str(path), str(path), *argv])
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    err = capsys.readouterr().err
    assert code == 2
    assert message in err
