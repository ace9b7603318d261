"""The reorg diff, change sets and apply: orgroles.diff / orgroles.apply and the CLI."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings

import orgroles
from cli_run import run
from orgroles import OrgChart, OrgDiff, apply, diff, stats
from orgroles.errors import OrgDataError
from orgroles.strategies import Reorg, reorgs
from orgroles.testing import make_chart

OLD = """\
name: Acme
variant: scaleup
positions:
  - {id: ceo, role: ceo, name: Ada}
  - {id: cpo, role: cpo, name: Grace, reports_to: ceo}
  - {id: dir-pay, role: director, name: Lin, reports_to: cpo, unit: Payments}
  - {id: dir-growth, role: director, name: Omar, reports_to: cpo, unit: Growth}
  - {id: gpm-1, role: gpm, name: Maya, reports_to: dir-pay}
  - {id: pm-1, role: pm, name: Elena, reports_to: gpm-1}
  - {id: pm-2, role: pm, name: Kim, reports_to: gpm-1}
  - {id: pm-3, role: pm, name: Sam, reports_to: gpm-1}
  - {id: pm-4, role: pm, name: Ines, reports_to: dir-pay}
  - {id: pm-5, role: pm, reports_to: dir-growth}
  - {id: pm-6, role: pm, name: Kofi, reports_to: dir-growth}
  - {id: pm-7, role: pm, name: Zoe, reports_to: dir-growth}
"""


def _new_text() -> str:
    # The GPM's team moves to Growth (a team move: one change), pm-5's seat is filled,
    # pm-4 leaves (vacated), pm-7's seat closes, two seats open, a retitle and a promotion.
    return (
        OLD.replace("{id: gpm-1, role: gpm, name: Maya, reports_to: dir-pay}",
                    "{id: gpm-1, role: gpm, name: Maya, reports_to: dir-growth, unit: Growth}")
        .replace("{id: pm-5, role: pm, reports_to: dir-growth}",
                 "{id: pm-5, role: pm, name: Noor, reports_to: dir-growth}")
        .replace("{id: pm-4, role: pm, name: Ines, reports_to: dir-pay}",
                 "{id: pm-4, role: pm, reports_to: dir-pay}")
        .replace("  - {id: pm-7, role: pm, name: Zoe, reports_to: dir-growth}\n", "")
        .replace("{id: pm-6, role: pm, name: Kofi, reports_to: dir-growth}",
                 "{id: pm-6, role: senior_pm, name: Kofi, reports_to: dir-growth, "
                 "title: 'Senior PM, Growth'}")
        + "  - {id: pm-8, role: pm, reports_to: dir-pay}\n"
        "  - {id: pm-9, role: pm, reports_to: dir-pay}\n"
    )  # fmt: skip


@pytest.fixture
def old() -> OrgChart:
    return orgroles.loads(OLD)


@pytest.fixture
def new() -> OrgChart:
    return orgroles.loads(_new_text())


def test_every_change_has_its_kind(old: OrgChart, new: OrgChart) -> None:
    result = diff(old, new)
    kinds = [(c.kind, c.id) for c in result.changes]
    assert kinds == [
        ("moved", "gpm-1"),
        ("unit_changed", "gpm-1"),
        ("vacated", "pm-4"),
        ("filled", "pm-5"),
        ("retitled", "pm-6"),
        ("role_changed", "pm-6"),
        ("added", "pm-8"),
        ("added", "pm-9"),
        ("removed", "pm-7"),
    ]
    move = result.of_kind("moved")[0]
    assert (move.old, move.new, move.team, move.team_size) == (
        "dir-pay",
        "dir-growth",
        ("pm-1", "pm-2", "pm-3"),
        3,
    )
    (unit,) = result.of_kind("unit_changed")
    assert (unit.old, unit.new, unit.with_move) == (None, "Growth", "gpm-1")
    assert result.of_kind("filled")[0].new == "Noor"
    assert result.of_kind("vacated")[0].old == "Ines"
    assert result.of_kind("role_changed")[0].old == "pm"
    opened = result.of_kind("added")[0]
    assert opened.new == {"id": "pm-8", "role": "pm", "reports_to": "dir-pay"}
    assert opened.after == "pm-6"
    assert result.of_kind("removed")[0].old["name"] == "Zoe"


def test_a_team_move_folds_its_unit_changes(old: OrgChart) -> None:
    new = old.copy()
    new.move("gpm-1", "dir-growth")
    for member in ("gpm-1", "pm-1", "pm-2", "pm-3"):
        new.update(member, unit="Growth")
    result = diff(old, new, variant=None)
    assert [c.kind for c in result.changes].count("moved") == 1
    assert {c.with_move for c in result.of_kind("unit_changed")} == {"gpm-1"}
    text = orgroles._diff_text.to_text(result)
    assert (
        "moved gpm-1: from dir-pay to dir-growth, with its team of 3; unit None -> 'Growth' for 4"
        in text
    )
    assert text.splitlines()[0] == "1 change: 1 team move (4 positions)"


def test_summary_units_spans_bands_and_one_over_ones(old: OrgChart, new: OrgChart) -> None:
    summary = diff(old, new).summary
    assert summary is not None
    units = {u.unit: (u.before, u.after, u.net) for u in summary.units}
    assert units["Payments"] == (6, 4, -2)
    assert units["Growth"] == (4, 7, 3)
    assert {s.id: (s.before, s.after) for s in summary.spans} == {"dir-pay": (2, 3)}
    assert summary.one_over_ones_created == summary.one_over_ones_ended == ()
    assert (summary.before.positions, summary.after.positions) == (12, 13)
    assert summary.counts["added"] == 2


def test_findings_introduced_and_resolved_by_code_and_positions() -> None:
    old = make_chart("ceo > cpo > dir-a > pm-1, pm-2, pm-3; cpo > dir-b > pm-4, pm-5, pm-6")
    new = make_chart("ceo > cpo > dir-a > pm-1, pm-2, pm-3 > apm-1; cpo > dir-b > pm-4")
    summary = diff(old, new, variant="scaleup").summary
    assert summary is not None
    assert summary.variant == "scaleup"
    introduced = {(f.code, f.positions) for f in summary.introduced}
    assert ("span-too-narrow", ("dir-b",)) not in introduced  # one report: one-to-one instead
    assert ("one-to-one", ("dir-b", "pm-4")) in introduced
    assert summary.resolved == ()
    back = diff(new, old, variant="scaleup").summary
    assert back is not None
    assert ("one-to-one", ("dir-b", "pm-4")) in {(f.code, f.positions) for f in back.resolved}


def test_match_by_name_when_ids_were_regenerated() -> None:
    old = make_chart("ceo (Ada) > cpo (Grace) > pm-1 (Lin), pm-2 (Sam)")
    new = OrgChart(
        [
            {"id": "1", "role": "ceo", "name": "Ada"},
            {"id": "2", "role": "cpo", "name": "Grace", "reports_to": "1"},
            {"id": "3", "role": "pm", "name": "Lin", "reports_to": "1"},
            {"id": "4", "role": "pm", "name": "Sam", "reports_to": "2"},
        ]
    )
    by_id = diff(old, new, variant=None)
    assert len(by_id.of_kind("removed")) == len(by_id.of_kind("added")) == 4
    by_name = diff(old, new, match="name", variant=None)
    assert [(c.kind, c.id) for c in by_name.changes if c.kind != "id_changed"] == [("moved", "3")]
    assert by_name.of_kind("moved")[0].old == "2"  # the old manager, by its new id
    assert len(by_name.of_kind("id_changed")) == 4
    assert apply(old, by_name) == new


def test_match_by_email() -> None:
    old = OrgChart([{"id": "a", "role": "pm", "attributes": {"email": "Lin@Acme.com"}}])
    new = OrgChart([{"id": "x9", "role": "pm", "attributes": {"email": " lin@acme.com"}}])
    result = diff(old, new, match="email", variant=None)
    kinds = [c.kind for c in result.changes]
    assert kinds == ["id_changed", "attributes_changed"]
    assert apply(old, result) == new


def test_dotted_lines_assistant_and_attributes() -> None:
    old = OrgChart(
        [
            {"id": "ceo", "role": "ceo"},
            {"id": "a", "role": "pm", "reports_to": "ceo", "dotted_to": ["ceo"]},
        ]
    )
    new = old.copy()
    new.add(id="b", role="pm", reports_to="ceo")
    new.update("a", dotted_to=["b"], assistant=True, attributes={"site": "Berlin"})
    result = diff(old, new, variant=None)
    assert [(c.kind, c.old, c.new) for c in result.changes if c.id == "a"] == [
        ("dotted_removed", ("ceo",), ()),
        ("dotted_added", (), ("b",)),
        ("assistant_changed", False, True),
        ("attributes_changed", {}, {"site": "Berlin"}),
    ]
    assert apply(old, result) == new


def test_chart_changes_and_order() -> None:
    old = make_chart("ceo > cpo, pm-1", name="Acme")
    new = OrgChart(
        [
            {"id": "pm-1", "role": "pm", "reports_to": "ceo"},
            {"id": "ceo", "role": "ceo"},
            {"id": "cpo", "role": "cpo", "reports_to": "ceo"},
        ],
        name="Acme 2027",
        variant="scaleup",
        roles=[orgroles.Role(key="po", title="Product Owner", track="ic", level=2)],
    )
    result = diff(old, new, variant=None)
    assert [c.field for c in result.chart] == ["name", "variant", "roles"]
    assert result.order == ("pm-1", "ceo", "cpo")
    assert apply(old, result) == new
    assert apply(old, result.to_json()) == new


def test_no_change() -> None:
    chart = make_chart("ceo > cpo > pm-1")
    result = diff(chart, chart.copy())
    assert not result
    assert result.changes == ()
    assert orgroles._diff_text.headline(result) == "no changes"


def test_findings_line_says_no_news_in_words() -> None:
    chart = make_chart("ceo > cpo > pm-1")
    text = orgroles._diff_text.to_text(diff(chart, chart.copy(), variant="startup"))
    assert "findings against startup: no new findings, none resolved" in text
    old = make_chart("ceo > cpo > dir-a > pm-1, pm-2, pm-3; cpo > dir-b > pm-4, pm-5, pm-6")
    new = make_chart("ceo > cpo > dir-a > pm-1, pm-2, pm-3; cpo > dir-b > pm-4")
    forward = orgroles._diff_text.to_text(diff(old, new, variant="scaleup"))
    assert "findings against scaleup: 2 new warnings, none resolved" in forward
    back = orgroles._diff_text.to_text(diff(new, old, variant="scaleup"))
    assert "findings against scaleup: no new findings, 2 resolved" in back


# -- change sets -------------------------------------------------------------------------------


def test_json_round_trip(old: OrgChart, new: OrgChart) -> None:
    data = json.loads(diff(old, new).to_json())
    assert data["format_version"] == 1
    assert data["changes"][0] == {
        "kind": "moved",
        "id": "gpm-1",
        "old": "dir-pay",
        "new": "dir-growth",
        "team": ["pm-1", "pm-2", "pm-3"],
    }
    assert data["summary"]["units"][0]["unit"] == "Growth"
    assert data["summary"]["findings"]["introduced"] is not None
    assert OrgDiff.from_dict(data) == diff(old, new)  # the summary is not compared
    assert apply(old, data) == new


def test_apply_refuses_a_change_set_that_does_not_fit(old: OrgChart, new: OrgChart) -> None:
    changes = diff(old, new)
    with pytest.raises(OrgDataError) as caught:
        apply(new, changes)
    problems = caught.value.problems
    assert {p.code for p in problems} == {"change-mismatch"}
    first = problems[0]
    assert first.place.positions == ("gpm-1",)
    assert "change #1 (moved gpm-1)" in first.message
    assert "it reports to 'dir-growth', not 'dir-pay'" in first.message
    assert old == orgroles.loads(OLD)  # nothing changed


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"changes": "x"}, "a change set is a JSON object with a 'changes' list"),
        ({"format_version": 2, "changes": []}, "format_version 2 is not 1"),
        (
            {"format_version": 1, "changes": [{"kind": "teleported", "id": "a"}]},
            "change #1: unknown change kind 'teleported'",
        ),
        (
            {"format_version": 1, "changes": [{"kind": "moved"}]},
            "change #1: a change needs its position's 'id'",
        ),
        ("{not json", "Expecting property name"),
    ],
)  # fmt: skip
def test_malformed_change_sets(data: object, message: str) -> None:
    with pytest.raises(OrgDataError, match="cannot read the change set") as caught:
        apply(make_chart("ceo"), data)  # type: ignore[arg-type]  # the point of the test
    assert message in caught.value.problems[0].message


@settings(max_examples=60, deadline=None)
@given(reorgs(max_size=15, max_steps=8))
def test_apply_replays_a_diff(reorg: Reorg) -> None:
    result = diff(reorg.old, reorg.new)
    applied = apply(reorg.old, result)
    assert applied == reorg.new
    assert apply(reorg.old, result.to_json()) == reorg.new
    assert stats(applied) == stats(reorg.new)
    assert not diff(reorg.new, applied, variant=None)


def _relabelled(chart: OrgChart) -> OrgChart:
    """The same org with every id regenerated, as an HR export might."""
    new_id = {pid: f"r{n}" for n, pid in enumerate(chart.ids())}
    rows = []
    for position in chart:
        row = position.model_dump()
        row["id"] = new_id[position.id]
        row["reports_to"] = new_id.get(position.reports_to or "", position.reports_to)
        row["dotted_to"] = [new_id.get(t, t) for t in position.dotted_to]
        rows.append(row)
    return chart._like(rows)


@settings(max_examples=40, deadline=None)
@given(reorgs(max_size=12, max_steps=5))
def test_apply_replays_a_diff_matched_by_name(reorg: Reorg) -> None:
    new = _relabelled(reorg.new)
    result = diff(reorg.old, new, match="name", variant=None)
    assert apply(reorg.old, result.to_json()) == new


# -- the command line --------------------------------------------------------------------------


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "old.yaml").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(_new_text(), encoding="utf-8")
    return tmp_path / "old.yaml", tmp_path / "new.yaml"


def test_cli_diff_text_json_markdown(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path]
) -> None:
    old, new = map(str, files)
    code, out, err = run(capsys, "diff", old, new)
    assert (code, err) == (0, "")
    assert out.splitlines()[0].startswith("8 changes: 1 team move (4 positions), 2 opened seats")
    assert "  moved gpm-1: from dir-pay to dir-growth, with its team of 3" in out
    code, out, _ = run(capsys, "diff", old, new, "--format", "json")
    assert json.loads(out)["format_version"] == 1
    code, out, _ = run(capsys, "diff", old, new, "--format", "markdown")
    assert out.startswith("### Reorg: 8 changes")
    assert "| positions | 12 | 13 | +1 |" in out


def test_cli_fail_on_gates(capsys: pytest.CaptureFixture[str], files: tuple[Path, Path]) -> None:
    old, new = map(str, files)
    assert run(capsys, "diff", old, old, "--fail-on", "any-change")[0] == 0
    code, _, err = run(capsys, "diff", old, new, "--fail-on", "any-change")
    assert code == 1
    assert "--fail-on any-change: the orgs differ" in err
    assert run(capsys, "diff", old, new, "--fail-on", "new-errors")[0] == 0
    worse = files[0].with_name("worse.yaml")
    # A PM reporting to the CEO is an error (forbidden-report) the old org did not have.
    worse.write_text(
        OLD.replace("{id: pm-4, role: pm, name: Ines, reports_to: dir-pay}",
                    "{id: pm-4, role: pm, name: Ines, reports_to: ceo}"),
        encoding="utf-8",
    )  # fmt: skip
    code, out, err = run(capsys, "diff", old, str(worse), "--fail-on", "new-errors")
    assert code == 1
    assert "--fail-on new-errors: 1 new finding (error)" in err
    assert "+ error forbidden-report [pm-4, ceo]" in out
    assert run(capsys, "diff", old, str(worse), "--fail-on", "new-warnings")[0] == 1
    assert run(capsys, "diff", str(worse), old, "--fail-on", "new-errors")[0] == 0
    code, _, err = run(capsys, "diff", old, new, "--fail-on", "new-errors", "--variant", "none")
    assert code == 2
    assert "needs validation" in err


def test_cli_diff_reads_a_git_revision(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(OLD, encoding="utf-8")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=tmp_path, check=True)
    subprocess.run([*git, "add", "org.yaml"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "org"], cwd=tmp_path, check=True)
    org.write_text(_new_text(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "diff", "main:org.yaml", "org.yaml")
    assert code == 0
    assert "team move" in out
    code, _, err = run(capsys, "diff", "nope:org.yaml", "org.yaml")
    assert code == 2
    assert "cannot read 'nope:org.yaml' from git" in err
    assert "Traceback" not in err
    # Outside a repository, the fix is named too.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.chdir(elsewhere)
    code, _, err = run(capsys, "diff", "main:org.yaml", str(org))
    assert code == 2
    assert err.endswith("; run it inside the repository, or give the file's own path\n")


def test_cli_apply(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path], tmp_path: Path
) -> None:
    old, new = map(str, files)
    _, out, _ = run(capsys, "diff", old, new, "--format", "json")
    changes = tmp_path / "changes.json"
    changes.write_text(out, encoding="utf-8")
    target = tmp_path / "applied.yaml"
    code, _, err = run(capsys, "apply", old, str(changes), "-o", str(target))
    assert code == 0
    assert "wrote" in err
    assert orgroles.load(target) == orgroles.load(new)
    code, _, err = run(capsys, "apply", new, str(changes))
    assert code == 2
    assert "the change set does not fit the chart" in err
    assert "change #1 (moved gpm-1)" in err
    assert "Traceback" not in err
    code, _, err = run(capsys, "apply", old, str(changes), "-o", "x.png")
    assert code == 2
    assert "cannot tell the format from 'x.png'" in err


def test_markdown_escapes_hostile_text() -> None:
    old = OrgChart([{"id": "a", "role": "pm", "name": "Ada"}])
    new = OrgChart([{"id": "a", "role": "pm", "name": "<script>|x", "title": "`*boom*`"}])
    markdown = orgroles._diff_text.to_markdown(diff(old, new, variant=None))
    assert "<script>" not in markdown
    assert "&lt;script&gt;\\|x" in markdown


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"max_steps": -1}, "max_steps must be a whole number >= 0"), ({"max_size": 0}, "max_size")],
)
def test_reorgs_refuses_bad_arguments(kwargs: dict[str, int], message: str) -> None:
    from hypothesis.errors import InvalidArgument

    @given(reorgs(**kwargs))  # type: ignore[arg-type]  # the point of the test
    def draw(reorg: Reorg) -> None:
        raise AssertionError("drawn")

    with pytest.raises(InvalidArgument, match=message):
        draw()


def test_the_json_page_documents_every_key_of_a_change_set(old: OrgChart, new: OrgChart) -> None:
    page = (Path(__file__).resolve().parents[1] / "docs" / "json.md").read_text(encoding="utf-8")
    section = page.split("## Reorg diffs and change sets", 1)[1]
    tables = section.split("\n\n| key |")[1:]

    def keys(table: str) -> set[str]:
        found: set[str] = set()
        for row in table.splitlines()[2:]:
            if not row.startswith("| `"):
                break
            found.update(re.findall(r"`(\w+)`", row.split(" | ")[0]))
        return found

    data = diff(old, new).to_dict()
    assert keys(tables[0]) == set(data)
    change_keys: set[str] = set()
    for change in data["changes"]:
        change_keys.update(change)
    assert keys(tables[1]) == change_keys | {"with_move"}
    assert "with_move" in change_keys
    for key in data["summary"]:
        assert f"`{key}`" in section, key
