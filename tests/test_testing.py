"""The testing helpers (``orgroles.testing``): assertions, the chart factory and the diff."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from orgroles import OrgChart, Role
from orgroles.testing import (
    assert_chain,
    assert_no_vacant_managers,
    assert_reports_to,
    assert_span,
    assert_valid_org,
    diff_charts,
    make_chart,
)


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
            "vacated pm-2: was 'Ada'",
            "retitled pm-1: None -> 'Lead PM'",
            "role changed pm-1: pm -> senior_pm (a promotion)",
            "unit changed pm-1: None -> 'Pay'",
            "dotted line added pm-1: to dir-b",
            "pm-1 is now an assistant",
            "attributes changed pm-1: 'site' None -> 'Berlin'",
            "opened dir-b (director, vacant) under cpo",
            "opened pm-4 (pm, vacant) under dir-b",
            "closed pm-3 (pm, vacant) from under dir-a",
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
