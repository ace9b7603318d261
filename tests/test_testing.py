"""The testing toolkit: helpers, chart factory and diff, the pytest plugin (run for real with
pytester), the example repository, and the hypothesis strategies."""

from __future__ import annotations

import importlib.metadata
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from orgroles import OrgChart, Role
from orgroles.strategies import (
    INJECTABLE_CODES,
    FaultyChart,
    invalid_org_charts,
    org_charts,
    positions,
    roles,
)
from orgroles.testing import (
    assert_chain,
    assert_no_vacant_managers,
    assert_reports_to,
    assert_span,
    assert_valid_org,
    diff_charts,
    make_chart,
)
from orgroles.validation import get_rule, validate
from orgroles.variants import BUILTIN_VARIANTS, get_variant

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


# -- helpers, called directly ------------------------------------------------------------------


class TestHelpers:
    def test_valid_org_returns_the_report(self) -> None:
        chart = make_chart("ceo (Ada) > hop (Grace) > pm-1 (Lin), pm-2 (Ines), des-1 (Kofi)")
        report = assert_valid_org(chart, variant="startup", strict=True)
        assert report.ok
        assert report.variant == "startup"

    def test_valid_org_lists_every_failing_finding(self) -> None:
        chart = make_chart("ceo > hop > pm-1 > apm-1; hop > pm-2 > apm-2")
        with pytest.raises(AssertionError) as caught:
            assert_valid_org(chart, variant="startup")
        message = str(caught.value)
        assert message.startswith("org chart is not valid for variant startup")
        assert "2 errors" in message
        assert "  ic-with-reports [pm-1, apm-1]: " in message
        assert "  ic-with-reports [pm-2, apm-2]: " in message
        assert "    hint: " in message

    def test_allow_and_strict(self) -> None:
        chart = make_chart("ceo > hop > pm-1 > apm-1", variant="startup")
        assert_valid_org(chart, allow={"ic-with-reports"})
        with pytest.raises(AssertionError, match="one-to-one"):
            assert_valid_org(chart, allow={"ic-with-reports"}, strict=True)

    def test_reports_to(self) -> None:
        chart = make_chart("ceo > cpo > dir-a > pm-1; cpo > dir-b", variant="scaleup")
        chart.update("pm-1", dotted_to=["dir-b"])
        assert_reports_to(chart, "pm-1", "dir-a")
        assert_reports_to(chart, "ceo", None)
        assert_reports_to(chart, "pm-1", "dir-b", dotted=True)
        with pytest.raises(AssertionError, match=r"'ceo' is a root \(reports to nobody\)"):
            assert_reports_to(chart, "ceo", "cpo")
        with pytest.raises(AssertionError, match="expected it to be a root"):
            assert_reports_to(chart, "pm-1", None)
        with pytest.raises(AssertionError, match="not in the chart"):
            assert_reports_to(chart, "pm-1", "dir-x")
        with pytest.raises(AssertionError, match="no dotted line to 'dir-a'"):
            assert_reports_to(chart, "pm-1", "dir-a", dotted=True)
        with pytest.raises(AssertionError, match=r"no position 'pm-9'.*did you mean 'pm-1'"):
            assert_reports_to(chart, "pm-9", "dir-a")

    @pytest.mark.parametrize(
        ("expected", "ok"),
        [
            (["gpm-1", "dir-a", "cpo", "ceo"], True),
            ([..., "cpo", "ceo"], True),
            ([..., "ceo"], True),
            (["gpm-1", ...], True),
            ([..., "dir-a", "cpo", ...], True),
            ([..., "gpm-1", "dir-a", "cpo", "ceo", ...], True),
            ([...], True),
            (["dir-a", "cpo", "ceo"], False),
            ([..., "dir-a"], False),
            (["cpo", ...], False),
            ([..., "ceo", "cpo", ...], False),
            ([], False),
        ],
    )
    def test_chain_patterns(self, expected: list[Any], ok: bool) -> None:
        chart = make_chart("ceo > cpo > dir-a > gpm-1 > pm-1")
        if ok:
            assert_chain(chart, "pm-1", expected)
        else:
            with pytest.raises(AssertionError, match="actual:   gpm-1, dir-a, cpo, ceo"):
                assert_chain(chart, "pm-1", expected)

    def test_chain_of_a_root_and_by_role(self) -> None:
        chart = make_chart("ceo > cpo > dir-a > pm-1")
        assert_chain(chart, "ceo", [])
        assert_chain(chart, "pm-1", ["director", ...], by="role")
        assert_chain(chart, "pm-1", [..., "cpo", "ceo"], by="role")
        with pytest.raises(ValueError, match="may only open or close"):
            assert_chain(chart, "pm-1", ["dir-a", ..., "ceo"])

    def test_chain_through_a_cycle_fails_readably(self) -> None:
        chart = OrgChart(
            [
                {"id": "a", "role": "pm", "reports_to": "b"},
                {"id": "b", "role": "pm", "reports_to": "a"},
            ]
        )
        with pytest.raises(AssertionError, match=r"broken: .*reporting cycle"):
            assert_chain(chart, "a", ["b"])

    def test_span(self) -> None:
        chart = make_chart("ceo > hop > pm-1, pm-2, ea:other [assistant]")
        assert_span(chart, "hop", min=2, max=2)
        with pytest.raises(AssertionError, match=r"span of control of 2, expected at least 3"):
            assert_span(chart, "hop", min=3)
        with pytest.raises(AssertionError, match=r"between 3 and 8\n  direct reports: pm-1, pm-2"):
            assert_span(chart, "hop", min=3, max=8)
        with pytest.raises(TypeError, match="min=, max="):
            assert_span(chart, "hop")

    def test_no_vacant_managers(self) -> None:
        assert_no_vacant_managers(make_chart("ceo (Ada) > hop (Grace) > pm-1 (Lin), pm-2"))
        assert_no_vacant_managers(make_chart("ceo > hop > pm-1"))  # all vacant: planned headcount
        with pytest.raises(AssertionError, match=r"has 2 vacant managers\n  vacant-manager"):
            assert_no_vacant_managers(make_chart("ceo > hop > pm-1 (Lin)"))


class TestMakeChart:
    def test_roles_from_ids_and_explicit_roles(self) -> None:
        chart = make_chart(
            "ceo > cpo > vp > sd-1 > dir-2 > gpm-1 > senior_pm-2, spm-3, ppm, pm3, apm_4; "
            "gpm-1 > des, ana-1, lead:gpm"
        )
        roles_by_id = {p.id: p.role for p in chart}
        assert roles_by_id == {
            "ceo": "ceo",
            "cpo": "cpo",
            "vp": "vp_product",
            "sd-1": "senior_director",
            "dir-2": "director",
            "gpm-1": "gpm",
            "senior_pm-2": "senior_pm",
            "spm-3": "senior_pm",
            "ppm": "principal_pm",
            "pm3": "pm",
            "apm_4": "apm",
            "des": "designer",
            "ana-1": "analyst",
            "lead": "gpm",
        }
        assert chart["apm_4"].reports_to == "gpm-1"

    def test_names_comments_lines_and_options(self) -> None:
        chart = make_chart(
            """
            ceo (Ada Lovelace) > cpo   # the product executive
            cpo > owner:product_owner (Lin)
            """,
            variant="scaleup",
            name="Acme",
            roles=[Role(key="product_owner", title="Product Owner", track="ic", level=2)],
            positions=[{"id": "pm-9", "role": "pm", "reports_to": "cpo"}],
        )
        assert [p.id for p in chart] == ["ceo", "cpo", "owner", "pm-9"]
        assert chart["ceo"].name == "Ada Lovelace"
        assert chart["cpo"].vacant
        assert (chart.name, chart.variant) == ("Acme", "scaleup")

    @pytest.mark.parametrize(
        ("spec", "message"),
        [
            ("ceo > bob", r"cannot tell the role of 'bob'.*'bob:<role>'"),
            ("ceo > pm-1 (Ada", "cannot read 'pm-1 \\(Ada'"),
            ("ceo > pm-1; cpo > pm-1", "'pm-1' reports to 'ceo' already"),
            ("ceo > lead:gpm; lead:pm", "'lead' is a gpm already"),
            ("ceo > x:nope", "unknown role 'nope'"),
        ],
    )
    def test_errors(self, spec: str, message: str) -> None:
        with pytest.raises(ValueError, match=message):
            make_chart(spec)


class TestDiff:
    def test_equal_charts_have_no_difference(self) -> None:
        assert diff_charts(make_chart("ceo > cpo"), make_chart("ceo > cpo")) == []

    def test_every_kind_of_change(self) -> None:
        left = make_chart("ceo > cpo > dir-a > pm-1, pm-2 (Ada), pm-3", name="A")
        right = make_chart("ceo > cpo > dir-a > pm-2, pm-1; cpo > dir-b > pm-4", name="B")
        right.update("pm-1", role="senior_pm", title="Lead PM", unit="Pay", dotted_to=["dir-b"])
        right.update("pm-1", attributes={"site": "Berlin"}, assistant=True)
        right.variant = "scaleup"
        lines = diff_charts(left, right)
        assert lines == [
            "removed pm-3 (pm, vacant), reports to dir-a",
            "added dir-b (director, vacant), reports to cpo",
            "added pm-4 (pm, vacant), reports to dir-b",
            "changed pm-1 role: pm -> senior_pm",
            "changed pm-1 title: None -> 'Lead PM'",
            "changed pm-1 dotted_to: [] -> [dir-b]",
            "changed pm-1 unit: None -> 'Pay'",
            "changed pm-1 assistant: False -> True",
            "changed pm-1 attributes: {} -> {'site': 'Berlin'}",
            "changed pm-2 name: 'Ada' -> vacant",
            "chart name: 'A' -> 'B'",
            "chart variant: None -> 'scaleup'",
            "positions in a different order: #4 is pm-1 on the left, pm-2 on the right",
        ]

    def test_catalogs_and_limit(self) -> None:
        owner = Role(key="product_owner", title="Product Owner", track="ic", level=2)
        left = make_chart("ceo > " + ", ".join(f"pm-{n}" for n in range(40)))
        right = make_chart("ceo", roles=[owner])
        lines = diff_charts(left, right, limit=5)
        assert len(lines) == 6
        assert lines[-1] == "... and 36 more differences"
        assert diff_charts(left, right, limit=None)[-1] == (
            "role catalogs differ (only on the right: product_owner)"
        )


# -- the plugin, run for real ------------------------------------------------------------------


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


def test_testing_module_needs_neither_hypothesis_nor_pytest() -> None:
    code = (
        "import sys, orgroles.testing\n"
        "heavy = ['pygraphviz', 'networkx', 'hypothesis', 'pytest']\n"
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
            "E           added dir-b (director, vacant), reports to cpo",
            "E           moved pm-2: reports to dir-a -> dir-b",
            "E           changed pm-1 role: pm -> senior_pm",
        ]
    )
    assert "During handling" not in result.stdout.str()
    verbose = pytester.runpytest("-p", "no:cacheprovider", "-vv", "-k", "many")
    verbose.stdout.fnmatch_lines(["E           added pm-29 (pm, vacant), reports to ceo"])


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


# -- strategies --------------------------------------------------------------------------------

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def first_draw(strategy: st.SearchStrategy[Any]) -> Any:
    """Draw one example inside a test (``.example()`` warns outside the REPL)."""
    drawn: list[Any] = []

    @settings(max_examples=1, database=None)
    @given(strategy)
    def draw(value: Any) -> None:
        drawn.append(value)

    draw()
    return drawn[0]


@pytest.mark.parametrize("variant", BUILTIN_VARIANTS)
def test_org_charts_pass_validation(variant: str) -> None:
    v = get_variant(variant)

    @FAST
    @given(org_charts(variant=variant, min_size=2, max_size=60))
    def check(chart: OrgChart) -> None:
        assert 2 <= len(chart) <= 60
        assert chart.variant == variant
        report = validate(chart)
        assert report.variant == variant
        assert not report.errors, report.to_text()
        # Spans and layers are kept within the variant's limits too.
        assert not report.codes() & {"span-too-wide", "too-many-layers", "forbidden-role"}
        for position in chart:
            assert position.role in v.ranks or position.assistant

    check()


@FAST
@given(org_charts(vacancies=False, dotted_lines=False, assistants=False))
def test_org_charts_options_off(chart: OrgChart) -> None:
    assert chart.variant in BUILTIN_VARIANTS
    assert all(not p.vacant and not p.dotted_to and not p.assistant for p in chart)
    assert validate(chart).ok


def test_org_charts_for_a_custom_variant() -> None:
    tight = get_variant("enterprise").derive(
        name="tight", max_layers=3, spans={"managers": {"max": 3}, "ics": {"max": 4}}
    )

    @FAST
    @given(org_charts(variant=tight, max_size=40))
    def check(chart: OrgChart) -> None:
        assert chart.variant is None  # not a built-in: validate(chart, tight) names it
        report = validate(chart, tight)
        assert not report.errors
        assert not report.codes() & {"span-too-wide", "too-many-layers"}

    check()


@FAST
@given(st.from_type(OrgChart))
def test_from_type_is_registered(chart: OrgChart) -> None:
    assert validate(chart).ok


def test_hypothesis_hook_survives_a_missing_import(monkeypatch: pytest.MonkeyPatch) -> None:
    from _orgroles_hypothesis import _hypothesis_setup_hook

    hypothesis_points = importlib.metadata.entry_points(group="hypothesis")
    assert "_orgroles_hypothesis:_hypothesis_setup_hook" in {e.value for e in hypothesis_points}
    monkeypatch.setitem(sys.modules, "orgroles.strategies", None)  # makes the import fail
    _hypothesis_setup_hook()


def test_hypothesis_hook_survives_a_failing_registration(monkeypatch: pytest.MonkeyPatch) -> None:
    from _orgroles_hypothesis import _hypothesis_setup_hook
    from orgroles import strategies

    def broken() -> None:
        raise RuntimeError("a bug while registering")

    monkeypatch.setattr(strategies, "_register", broken)
    _hypothesis_setup_hook()  # must not raise: hypothesis calls it inside `import hypothesis`


@pytest.mark.parametrize("broken", ["yaml", "pydantic", "orgroles"])
def test_import_hypothesis_survives_a_broken_orgroles_install(broken: str) -> None:
    # A dependency of orgroles (or orgroles itself) that fails to import must not take
    # `import hypothesis` down with it, in any project where orgroles is installed.
    code = (
        f"import sys; sys.modules[{broken!r}] = None\n"
        "import hypothesis\n"
        "print('imported', 'orgroles' in sys.modules and sys.modules['orgroles'] is not None)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "imported False\n"


def depth(chart: OrgChart) -> int:
    return max(len(chart.chain_of_command(p.id)) for p in chart)


def test_shrinks_toward_a_chain() -> None:
    quiet = settings(database=None, max_examples=300, derandomize=True)  # no flaky shrinks
    chain = find(org_charts(variant="enterprise"), lambda c: depth(c) >= 4, settings=quiet)
    assert len(chain) == 5
    assert all(chart_span <= 1 for chart_span in (chain.span_of_control(p.id) for p in chain))
    small = find(org_charts(variant="scaleup", max_size=30), lambda c: len(c) >= 6, settings=quiet)
    assert len(small) == 6
    assert not any(p.vacant or p.dotted_to or p.assistant for p in small)
    # scaleup allows five layers from the CPO: the chain runs down to the limit first.
    assert depth(small) == 4


@pytest.mark.parametrize("code", [c for c in INJECTABLE_CODES if c != "no-root"])
def test_invalid_org_charts_carry_exactly_the_injected_code(code: str) -> None:
    @settings(max_examples=15, deadline=None)
    @given(invalid_org_charts(codes=[code]))
    def check(example: FaultyChart) -> None:
        assert_faults_found(example)
        assert example.codes == {code}

    check()


@FAST
@given(invalid_org_charts())
def test_invalid_org_charts_with_drawn_codes(example: FaultyChart) -> None:
    assert 1 <= len(example.faults) <= 2
    assert_faults_found(example)


@FAST
@given(
    invalid_org_charts(
        codes=["no-root", "unknown-manager", "cycle", "dotted-cycle", "span-too-wide"],
        variant="startup",
    )
)
def test_invalid_org_charts_with_several_codes(example: FaultyChart) -> None:
    chart, faults, variant = example
    assert [f.code for f in faults] == [
        "no-root",
        "unknown-manager",
        "cycle",
        "dotted-cycle",
        "span-too-wide",
    ]
    assert variant.name == chart.variant == "startup"
    assert_faults_found(example)


def assert_faults_found(example: FaultyChart) -> None:
    report = validate(example.chart, example.variant)
    injected_errors = {f.code for f in example.faults if get_rule(f.code).severity == "error"}
    assert {f.code for f in report.errors} == injected_errors, report.to_text()
    for fault in example.faults:
        assert any(
            f.code == fault.code and set(fault.positions) <= set(f.positions)
            for f in report.findings
        ), (fault, report.to_text())


@pytest.mark.parametrize(
    ("strategy", "message"),
    [
        (org_charts(min_size=5, max_size=4), "max_size=4 is below min_size=5"),
        (org_charts(min_size=0), "min_size must be a positive integer"),
        (org_charts(variant="scalup"), "did you mean 'scaleup'"),
        (org_charts(variant=3), "variant must be None, a name or a Variant"),  # type: ignore[arg-type]
        (org_charts(vacancies="yes"), "vacancies must be True or False"),  # type: ignore[arg-type]
        (org_charts(variant="startup", min_size=500, max_size=600), "more than a startup org"),
        (invalid_org_charts(codes=["cycles"]), "cannot inject 'cycles'; injectable codes: cycle"),
        (invalid_org_charts(codes="cycle"), "not the string 'cycle'"),
        (invalid_org_charts(codes=[]), "codes is empty"),
        (invalid_org_charts(codes=["no-root"]), "'no-root' needs 'unknown-manager'"),
        (
            invalid_org_charts(codes=["no-root", "unknown-manager", "multiple-roots"]),
            "contradict",
        ),
        (invalid_org_charts(min_size=1), "min_size must be at least 2"),
        (roles(tracks={"nope"}), "no role matches"),
        (roles(tracks={"nope"}), "unknown track 'nope'"),
        (roles(tracks={"ic", "manger"}), "unknown track 'manger'"),
        (roles(tracks="ic"), "tracks must be a collection of tracks, not the string 'ic'"),
        (roles(catalog=[1]), "roles must be a RoleCatalog or Role objects, got 1"),  # type: ignore[list-item]
        (org_charts(roles=["pm"]), "roles must be a RoleCatalog or Role objects, got 'pm'"),  # type: ignore[list-item]
        (positions(role_keys=["pm"]), "role_keys must be a SearchStrategy"),  # type: ignore[arg-type]
        (positions(ids="pm-1"), "ids must be a SearchStrategy"),  # type: ignore[arg-type]
        (positions(reports_to="ceo"), "reports_to must be a SearchStrategy"),  # type: ignore[arg-type]
    ],
)
def test_invalid_arguments_raise_at_first_draw(
    strategy: st.SearchStrategy[Any], message: str
) -> None:
    with pytest.raises(InvalidArgument, match=message):
        first_draw(strategy)


def test_fault_that_a_variant_cannot_take() -> None:
    flat = get_variant("startup").derive(name="flat", top_leader_reports_to=[])
    with pytest.raises(InvalidArgument, match="no role above its top leader"):
        first_draw(invalid_org_charts(codes=["top-leader"], variant=flat))


@FAST
@given(roles(variant="startup"), positions(vacant=False, reports_to=st.just("ceo")))
def test_roles_and_positions(role: Role, position: Any) -> None:
    assert role.key in get_variant("startup").ranks
    assert not position.vacant
    assert position.reports_to == "ceo"
    assert position == type(position).model_validate(position.model_dump())
