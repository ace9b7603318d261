"""The pytest plugin (``orgroles.pytest_plugin``), run for real with pytester: the marker, the
fixtures, ``--orgroles-file``, chart equality, and the example repository."""

from __future__ import annotations

import importlib.metadata
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "org-repo"

VALID_ORG = """\
orgroles: 1
name: Acme
variant: startup
positions:
  - {id: ceo, role: ceo, name: Ada}
  - {id: hop, role: head_of_product, name: Grace, reports_to: ceo}
  - {id: pm-1, role: pm, name: Lin, reports_to: hop}
  - {id: pm-2, role: pm, name: Ines, reports_to: hop}
  - {id: des-1, role: designer, name: Kofi, reports_to: hop}
"""
BROKEN_ORG = VALID_ORG + "  - {id: apm-1, role: apm, name: Zoe, reports_to: pm-1}\n"


def test_plugin_is_registered_and_cheap_to_import() -> None:
    plugins = {e.name: e.value for e in importlib.metadata.entry_points(group="pytest11")}
    assert plugins["orgroles"] == "orgroles.pytest_plugin"
    code = (
        "import sys, orgroles.pytest_plugin\n"
        "heavy = ['pygraphviz', 'graphviz', 'networkx', 'hypothesis']\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == ""


HELPER_TESTS = """
from orgroles.testing import (
    assert_chain, assert_no_vacant_managers, assert_reports_to, assert_span, assert_valid_org,
    make_chart,
)

CHART = make_chart("ceo (Ada) > hop (Grace) > pm-1 (Lin), pm-2 (Ines), pm-3", variant="startup")

def test_valid():
    assert_valid_org(CHART)

def test_reports_to():
    assert_reports_to(CHART, "pm-1", {manager!r})

def test_chain():
    assert_chain(CHART, "pm-1", {chain!r})

def test_span():
    assert_span(CHART, "hop", max={span})

def test_vacancies():
    chart = CHART.copy()
    chart.update("hop", name={hop_name!r})
    assert_no_vacant_managers(chart)

def test_invalid():
    chart = CHART.copy()
    chart.move("pm-3", "pm-1")
    assert_valid_org(chart)
"""


def test_helpers_in_a_real_run(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_ok=HELPER_TESTS.format(manager="hop", chain=[..., "ceo"], span=3, hop_name="Grace"),
        test_bad=HELPER_TESTS.format(manager="ceo", chain=["ceo"], span=2, hop_name=None),
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=6, failed=6)
    result.stdout.fnmatch_lines(
        [
            "E       AssertionError: 'pm-1' reports to 'hop' (Head of Product), not to 'ceo'",
            "E         chain of command of 'pm-1': hop > ceo",
            "E       AssertionError: chain of command of 'pm-1' does not match",
            "E         expected: ceo",
            "E         actual:   hop, ceo",
            "E       AssertionError: 'hop' has a span of control of 3, expected at most 2",
            "E       AssertionError: org chart has 1 vacant manager",
            "E         vacant-manager [[]hop]: 'hop' is vacant but 2 filled positions*",
            "E           hint: fill 'hop', or have its reports report to its manager*",
            "E       AssertionError: org chart is not valid for variant startup (named by the "
            "chart's variant key): 2 errors",
            "E         rank-inversion [[]pm-3, pm-1]: 'pm-3' (pm) reports to 'pm-1' (pm)*",
            "E           hint: move 'pm-3' under a position that ranks above pm*",
            "E         ic-with-reports [[]pm-1, pm-3]: 'pm-1' is a Product Manager (pm)*",
            "E           hint: move the reports under a manager*",
        ]
    )
    # The helpers hide their own frames: the traceback ends at the test's line.
    output = result.stdout.str()
    assert "__tracebackhide__" not in output
    assert "_fail(" not in output
    assert "orgroles/testing.py" not in output


def test_a_typo_in_a_factory_spec_points_at_the_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_unknown_role(org_chart_factory):
            org_chart_factory("ceo > cpo > pm-1:wizzard")

        def test_two_managers(org_chart_factory):
            org_chart_factory("ceo > pm-1; cpo > pm-1")
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(
        [
            '>       org_chart_factory("ceo > cpo > pm-1:wizzard")',
            "E       orgroles.errors.OrgDataError: cannot build the org chart: 1 problem",
            "E         position 'pm-1', field 'role': unknown role 'wizzard'*",
            '>       org_chart_factory("ceo > pm-1; cpo > pm-1")',
            "E       ValueError: 'pm-1' reports to 'ceo' already; it cannot also report to 'cpo'",
        ]
    )
    output = result.stdout.str()
    assert "orgroles/testing.py" not in output
    assert "orgroles/chart.py" not in output


def test_helper_failures_carry_no_internal_exception(pytester: pytest.Pytester) -> None:
    # A helper failing while it handles an orgroles error (a chain running into a cycle) must
    # not show that error's traceback through chart.py above the message.
    pytester.makepyfile(
        """
        from orgroles import OrgChart
        from orgroles.testing import assert_chain

        def test_chain_through_a_cycle():
            chart = OrgChart([
                {"id": "dir-a", "role": "director", "reports_to": "pm-1"},
                {"id": "pm-1", "role": "pm", "reports_to": "dir-a"},
            ])
            assert_chain(chart, "pm-1", [..., "ceo"])
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["E       AssertionError: chain of command of 'pm-1' is broken: *reporting cycle*"]
    )
    output = result.stdout.str()
    assert "During handling of the above exception" not in output
    assert "ReportingCycleError" not in output
    assert "orgroles/chart.py" not in output


def test_marker_and_fixture(pytester: pytest.Pytester) -> None:
    (pytester.path / "tests").mkdir()
    (pytester.path / "tests" / "org.yaml").write_text(VALID_ORG, encoding="utf-8")
    (pytester.path / "tests" / "broken.yaml").write_text("positions: [oops\n", encoding="utf-8")
    (pytester.path / "tests" / "test_org.py").write_text(
        """
import pytest
from orgroles.testing import assert_valid_org

@pytest.mark.org_file("org.yaml")
def test_loaded(org_chart):
    assert org_chart.name == "Acme" and len(org_chart) == 5
    org_chart.remove("des-1")  # each test gets its own copy

@pytest.mark.org_file("org.yaml")
def test_fresh_copy(org_chart):
    assert "des-1" in org_chart
    assert_valid_org(org_chart)

def test_no_marker(org_chart):
    pass

@pytest.mark.org_file("broken.yaml")
def test_broken(org_chart):
    pass

@pytest.mark.org_file("missing.yaml")
def test_missing(org_chart):
    pass
""",
        encoding="utf-8",
    )
    result = pytester.runpytest("--strict-markers", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, errors=3)
    result.stdout.fnmatch_lines(
        [
            "*the org_chart fixture needs the file to load: mark the test*",
            "*cannot read *broken.yaml: 1 problem*",
            "*broken.yaml:*",
            "*cannot read the org file*missing.yaml*",
        ]
    )


def test_marker_on_the_module(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", org=VALID_ORG)
    pytester.makepyfile(
        """
        import pytest
        pytestmark = pytest.mark.org_file("org.yaml")

        def test_one(org_chart):
            assert org_chart["hop"].reports_to == "ceo"
        """
    )
    pytester.runpytest("--strict-markers", "-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_factory_fixture(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_factory(org_chart_factory):
            chart = org_chart_factory("ceo > cpo > dir-a > pm-1, pm-2", variant="scaleup")
            assert [p.reports_to for p in chart] == [None, "ceo", "cpo", "dir-a", "dir-a"]

        def test_factory_error(org_chart_factory):
            org_chart_factory("ceo > bob")
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*ValueError: cannot tell the role of 'bob' from its id*"])


def test_chart_equality_shows_a_structural_diff(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        from orgroles.testing import make_chart

        def test_same():
            assert make_chart("ceo > cpo > dir-a") == make_chart("ceo > cpo > dir-a")

        def test_reorg():
            before = make_chart("ceo > cpo > dir-a > pm-1, pm-2")
            after = make_chart("ceo > cpo > dir-a > pm-1; cpo > dir-b > pm-2")
            after.update("pm-1", role="senior_pm")
            assert before == after

        def test_many():
            big = make_chart("ceo > " + ", ".join(f"pm-{n}" for n in range(30)))
            assert make_chart("ceo") == big
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(
        [
            "E       assert <OrgChart: 5 positions> == <OrgChart: 6 positions>",
            "E         structural differences (left -> right):",
            "E           role changed pm-1: pm -> senior_pm (a promotion)",
            "E           opened dir-b (director, vacant) under cpo",
            "E           moved pm-2: from dir-a to dir-b",
        ]
    )
    assert "During handling" not in result.stdout.str()
    verbose = pytester.runpytest("-p", "no:cacheprovider", "-vv", "-k", "many")
    verbose.stdout.fnmatch_lines(["E           opened pm-29 (pm, vacant) under ceo"])


def test_orgroles_file_option(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", good=VALID_ORG, bad=BROKEN_ORG)
    pytester.makefile(".json", unreadable='{"positions": [{"id": "a"}]}')
    passed = pytester.runpytest("--orgroles-file", "good.yaml", "-p", "no:cacheprovider", "-v")
    passed.assert_outcomes(passed=1)
    passed.stdout.fnmatch_lines(["*collected 1 item", "good.yaml::validate PASSED*"])

    failed = pytester.runpytest(
        "--orgroles-file=good.yaml",
        "--orgroles-file=bad.yaml",
        "--orgroles-file=unreadable.json",
        "--orgroles-file=missing.yaml",
        "-p",
        "no:cacheprovider",
    )
    failed.assert_outcomes(passed=1, failed=3)
    failed.stdout.fnmatch_lines(
        [
            "*_ orgroles validate bad.yaml _*",
            "bad.yaml is not valid for variant startup (named by the chart's variant key): 1 error",
            "  ic-with-reports [[]pm-1, apm-1]: 'pm-1' is a Product Manager (pm)*",
            "    hint: move the reports under a manager*",
            "*cannot read*unreadable.json*",
            "*missing.yaml*",
            "FAILED bad.yaml::validate - bad.yaml is not valid for variant startup*",
        ]
    )
    assert "Traceback" not in failed.stdout.str()

    selected = pytester.runpytest("--orgroles-file=bad.yaml", "-m", "not orgroles")
    selected.assert_outcomes(deselected=1)


def test_orgroles_file_strict_and_ini(pytester: pytest.Pytester) -> None:
    one_to_one = VALID_ORG.replace("reports_to: hop}", "reports_to: pm-9}").replace(
        "  - {id: pm-1, role: pm, name: Lin, reports_to: pm-9}",
        "  - {id: pm-1, role: pm, name: Lin, reports_to: hop}",
    )
    one_to_one = VALID_ORG.replace(
        "  - {id: pm-2, role: pm, name: Ines, reports_to: hop}\n"
        "  - {id: des-1, role: designer, name: Kofi, reports_to: hop}\n",
        "",
    )
    (pytester.path / "org").mkdir()
    (pytester.path / "org" / "org.yaml").write_text(one_to_one, encoding="utf-8")
    pytester.makeini("[pytest]\norgroles_files = org/org.yaml\n")
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)
    strict = pytester.runpytest("--orgroles-strict", "-p", "no:cacheprovider")
    strict.assert_outcomes(failed=1)
    strict.stdout.fnmatch_lines(["*: 1 warning", "  one-to-one [[]hop, pm-1]: *"])


def test_the_example_repository(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    # pytest cuts summary lines to the terminal width, except on CI (it looks for these variables);
    # the README shows what a developer sees at an 80-column terminal, so pin exactly that here.
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("BUILD_NUMBER", raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    for name in ("org.yaml", "test_org.py", "pytest.ini"):
        shutil.copy(EXAMPLE / name, pytester.path / name)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=7)

    org = pytester.path / "org.yaml"
    org.write_text(
        org.read_text(encoding="utf-8").replace(
            "name: Kofi Okafor, reports_to: dir-payments",
            "name: Kofi Okafor, reports_to: pm-checkout",
        ),
        encoding="utf-8",
    )
    broken = pytester.runpytest("-p", "no:cacheprovider")
    broken.assert_outcomes(passed=4, failed=3)
    broken.stdout.fnmatch_lines(
        [
            "org.yaml is not valid for variant scaleup (named by the chart's variant key): 1 error",
            "  forbidden-report [[]pm-billing, pm-checkout]: 'pm-billing' (pm) reports to "
            "'pm-checkout' (senior_pm); in scaleup a senior_pm manages only apm",
            "    hint: move 'pm-billing' under a director, head_of_product or gpm",
        ]
    )
    # The README shows this very output; keep them in step.
    readme = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    for line in broken.stdout.lines:
        if line.startswith(("E         forbidden-report", "  forbidden-report", "FAILED")):
            assert line in readme


def _git(path: Path, *args: str) -> None:
    subprocess.run(
        [
            shutil.which("git") or "git",
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            *args,
        ],
        cwd=path,
        check=True,
        capture_output=True,
    )


WORSE_ORG = BROKEN_ORG + "  - {id: apm-2, role: apm, name: Ola, reports_to: pm-2}\n"


def test_baseline_fails_only_on_what_got_worse(pytester: pytest.Pytester) -> None:
    _git(pytester.path, "init", "-q", "-b", "main")
    pytester.makefile(".yaml", org=BROKEN_ORG)
    _git(pytester.path, "add", "org.yaml")
    _git(pytester.path, "commit", "-q", "-m", "the org as it is")
    args = ("--orgroles-file", "org.yaml", "-p", "no:cacheprovider")
    # The error already on main does not fail the run; without a baseline it does.
    pytester.runpytest(*args, "--orgroles-baseline", "main").assert_outcomes(passed=1)
    pytester.runpytest(*args).assert_outcomes(failed=1)
    pytester.makefile(".yaml", org=WORSE_ORG)
    worse = pytester.runpytest(*args, "--orgroles-baseline", "main")
    worse.assert_outcomes(failed=1)
    output = worse.stdout.str()
    assert "org.yaml got worse than main" in output
    assert "1 new finding" in output
    assert "[pm-2, apm-2]" in output
    assert "[pm-1, apm-1]" not in output  # the finding main already had


def test_baseline_file_and_a_file_new_at_the_revision(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", before=BROKEN_ORG, org=WORSE_ORG)
    args = ("--orgroles-file", "org.yaml", "-p", "no:cacheprovider")
    pytester.runpytest(*args, "--orgroles-baseline", "before.yaml").assert_outcomes(failed=1)
    pytester.runpytest(*args, "--orgroles-baseline", "org.yaml").assert_outcomes(passed=1)
    _git(pytester.path, "init", "-q", "-b", "main")
    _git(pytester.path, "commit", "-q", "--allow-empty", "-m", "empty")
    new_file = pytester.runpytest(*args, "--orgroles-baseline", "main")
    new_file.assert_outcomes(failed=1)
    assert "2 new findings" in new_file.stdout.str()
    bad_revision = pytester.runpytest(*args, "--orgroles-baseline", "no-such-branch")
    bad_revision.assert_outcomes(failed=1)
    assert "--orgroles-baseline no-such-branch: cannot read" in bad_revision.stdout.str()
