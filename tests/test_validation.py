"""Validation: every rule fires on a minimal example and not on a near miss, clean orgs of every
variant pass, policies tune runs, and properties hold on random (broken) charts."""

from __future__ import annotations

import ast
import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import orgroles
from orgroles import (
    Finding,
    InvalidOrgError,
    OrgChart,
    OrgDataError,
    Place,
    Report,
    UnknownRuleError,
    UnknownVariantError,
    get_variant,
    validate,
)
from orgroles.strategies import org_charts
from orgroles.validation import (
    Policy,
    RuleRun,
    choose_variant,
    find_cycles,
    find_span_too_wide,
    get_rule,
    load_policy,
    registered_rules,
    unregister_rule,
)

ROOT = Path(__file__).resolve().parents[1]

# -- clean orgs of every shape: what `template()` is expected to produce ----------------------


def _add(rows: list[dict[str, Any]], pid: str, role: str, boss: str | None, **extra: Any) -> str:
    rows.append({"id": pid, "role": role, "reports_to": boss, "name": pid.title(), **extra})
    return pid


def clean_startup() -> OrgChart:
    rows: list[dict[str, Any]] = []
    _add(rows, "ceo", "ceo", None)
    _add(rows, "hop", "head_of_product", "ceo")
    for n in range(3):
        _add(rows, f"pm-{n}", "pm", "hop")
    _add(rows, "apm-0", "apm", "hop")
    _add(rows, "design", "designer", "hop")
    return OrgChart(rows, attributes={"employees": 30})


def clean_scaleup() -> OrgChart:
    rows: list[dict[str, Any]] = []
    _add(rows, "ceo", "ceo", None)
    _add(rows, "ea", "other", "ceo", assistant=True)
    _add(rows, "cpo", "cpo", "ceo")
    _add(rows, "dir-a", "director", "cpo", unit="A")
    for n in range(4):
        _add(rows, f"pm-a{n}", "pm", "dir-a", unit="A")
    _add(rows, "design-a", "designer", "dir-a", unit="A")
    _add(rows, "dir-b", "director", "cpo", unit="B")
    _add(rows, "gpm-b", "gpm", "dir-b", unit="B")
    for n in range(3):
        _add(rows, f"pm-b{n}", "pm", "gpm-b", unit="B")
    _add(rows, "spm-b", "senior_pm", "dir-b", unit="B")
    _add(rows, "pm-b9", "pm", "dir-b", unit="B", dotted_to=["dir-a"])
    _add(rows, "dir-c", "director", "cpo", unit="C")
    for n in range(3):
        _add(rows, f"pm-c{n}", "pm", "dir-c", unit="C")
    _add(rows, "spm-c", "senior_pm", "dir-c", unit="C")
    _add(rows, "apm-c0", "apm", "spm-c", unit="C")
    _add(rows, "apm-c1", "apm", "spm-c", unit="C")
    return OrgChart(rows, attributes={"employees": 220})


def clean_head_led() -> OrgChart:
    rows: list[dict[str, Any]] = []
    _add(rows, "ceo", "ceo", None)
    _add(rows, "hop", "head_of_product", "ceo")
    for d in range(2):
        _add(rows, f"dir-{d}", "director", "hop")
        for n in range(4):
            _add(rows, f"pm-{d}{n}", "pm", f"dir-{d}")
    _add(rows, "analyst", "analyst", "hop")
    return OrgChart(rows, attributes={"employees": 150})


def clean_enterprise() -> OrgChart:
    rows: list[dict[str, Any]] = []
    _add(rows, "ceo", "ceo", None)
    _add(rows, "cpo", "cpo", "ceo")
    for s in range(2):
        _add(rows, f"sd-{s}", "senior_director", "cpo")
        for d in range(2):
            _add(rows, f"dir-{s}{d}", "director", f"sd-{s}")
            for g in range(2):
                _add(rows, f"gpm-{s}{d}{g}", "gpm", f"dir-{s}{d}")
                for n in range(3):
                    _add(rows, f"pm-{s}{d}{g}{n}", "pm", f"gpm-{s}{d}{g}")
                _add(rows, f"spm-{s}{d}{g}", "senior_pm", f"gpm-{s}{d}{g}")
                _add(rows, f"apm-{s}{d}{g}", "apm", f"spm-{s}{d}{g}")
    return OrgChart(rows, attributes={"employees": 3000})


def clean_bu_heads() -> OrgChart:
    rows: list[dict[str, Any]] = []
    _add(rows, "ceo", "ceo", None)
    _add(rows, "cpo", "cpo", "ceo")
    for d in range(3):
        _add(rows, f"dir-{d}", "director", "cpo")
        for h in range(2):
            _add(rows, f"hop-{d}{h}", "head_of_product", f"dir-{d}", unit=f"BU {d}{h}")
            for n in range(5):
                _add(rows, f"pm-{d}{h}{n}", "pm", f"hop-{d}{h}", unit=f"BU {d}{h}")
    return OrgChart(rows, attributes={"employees": 4000})


CLEAN = {
    "startup": clean_startup,
    "scaleup": clean_scaleup,
    "head_led": clean_head_led,
    "enterprise": clean_enterprise,
    "bu_heads": clean_bu_heads,
}


@pytest.mark.parametrize("name", list(CLEAN))
def test_a_clean_org_of_each_variant_passes_with_no_finding(name: str) -> None:
    report = validate(CLEAN[name](), name)
    assert report.findings == (), report.to_text()
    assert report.ok


@pytest.mark.parametrize("name", list(CLEAN))
def test_auto_picks_the_variant_of_each_clean_org(name: str) -> None:
    report = validate(CLEAN[name]())
    assert (report.variant, report.variant_source) == (name, "auto")
    assert report.findings == ()
    assert name in report.variant_reason


# -- every code: a minimal failing chart and a passing near miss -----------------------------


def chart(*rows: dict[str, Any], **kwargs: Any) -> OrgChart:
    return OrgChart(rows, **kwargs)


def P(pid: str, role: str, boss: str | None = None, **extra: Any) -> dict[str, Any]:  # noqa: N802  # reads like a table
    return {"id": pid, "role": role, "reports_to": boss, **extra}


TEAM = [P("ceo", "ceo"), P("hop", "head_of_product", "ceo")] + [
    P(f"pm-{n}", "pm", "hop") for n in range(3)
]

# code -> (variant, failing rows, ids the finding names (in order), near-miss rows)
CASES: dict[str, tuple[str, list[dict[str, Any]], tuple[str, ...], list[dict[str, Any]]]] = {
    "cycle": (
        "startup",
        [*TEAM, P("a", "pm", "c"), P("b", "pm", "a"), P("c", "pm", "b")],
        ("a", "c", "b"),
        [*TEAM, P("a", "pm", "hop"), P("b", "pm", "hop"), P("c", "pm", "hop")],
    ),
    "self-report": (
        "startup",
        [*TEAM, P("x", "pm", "x")],
        ("x",),
        [*TEAM, P("x", "pm", "hop")],
    ),
    "unknown-manager": (
        "startup",
        [*TEAM, P("x", "pm", "hopp")],
        ("x",),
        [*TEAM, P("x", "pm", "hop")],
    ),
    "multiple-roots": (
        "startup",
        [*TEAM, P("board", "other")],
        ("ceo", "board"),
        [*TEAM, P("board", "other", "ceo")],
    ),
    "no-root": (
        "startup",
        [P("ceo", "ceo", "board"), *TEAM[1:]],
        ("ceo",),
        TEAM,
    ),
    "unknown-dotted": (
        "startup",
        [*TEAM[:-1], P("pm-2", "pm", "hop", dotted_to=["cfo"])],
        ("pm-2",),
        [*TEAM[:-1], P("pm-2", "pm", "hop", dotted_to=["ceo"])],
    ),
    "dotted-to-manager": (
        "startup",
        [*TEAM[:-1], P("pm-2", "pm", "hop", dotted_to=["hop"])],
        ("pm-2", "hop"),
        [*TEAM[:-1], P("pm-2", "pm", "hop", dotted_to=["pm-1"])],
    ),
    "dotted-cycle": (
        "startup",
        [P("ceo", "ceo"), P("hop", "head_of_product", "ceo", dotted_to=["pm-1"]), *TEAM[2:]],
        ("hop", "pm-1"),
        [P("ceo", "ceo"), P("hop", "head_of_product", "ceo", dotted_to=["ceo"]), *TEAM[2:]],
    ),
    "rank-inversion": (
        "bu_heads",
        [
            P("ceo", "ceo"),
            P("cpo", "cpo", "ceo"),
            P("d1", "director", "cpo"),
            P("h", "head_of_product", "d1"),
            P("d2", "director", "h"),
        ],
        ("d2", "h"),
        [
            P("ceo", "ceo"),
            P("cpo", "cpo", "ceo"),
            P("d1", "director", "cpo"),
            P("h", "head_of_product", "d1"),
        ],
    ),
    "forbidden-report": (
        "scaleup",
        [P("ceo", "ceo"), P("cpo", "cpo", "ceo"), P("apm", "apm", "cpo")],
        ("apm", "cpo"),
        [P("ceo", "ceo"), P("cpo", "cpo", "ceo"), P("pm", "pm", "cpo", assistant=True)],
    ),
    "ic-with-reports": (
        "startup",
        [*TEAM, P("design", "designer", "pm-0")],
        ("pm-0", "design"),
        [*TEAM, P("ea", "other", "pm-0", assistant=True)],
    ),
    "top-leader": (
        "startup",
        [P("ceo", "ceo"), P("cto", "other", "ceo"), P("hop", "head_of_product", "cto"), *TEAM[2:]],
        ("hop", "cto"),
        [P("hop", "head_of_product"), *TEAM[2:]],
    ),
    "span-too-wide": (
        "startup",
        [*TEAM, *(P(f"x-{n}", "designer", "hop") for n in range(10))],
        ("hop",),
        [*TEAM, *(P(f"x-{n}", "designer", "hop") for n in range(9))],
    ),
    "span-too-narrow": (
        "startup",
        TEAM[:-1],
        ("hop",),
        [*TEAM[:-1], P("ea", "other", "hop", assistant=True), P("an", "analyst", "hop")],
    ),
    "one-to-one": (
        "scaleup",
        [
            P("ceo", "ceo"),
            P("cpo", "cpo", "ceo"),
            P("d1", "director", "cpo"),
            P("d2", "director", "cpo"),
            P("p1", "pm", "d1"),
        ],
        ("d1", "p1"),
        [
            P("ceo", "ceo"),
            P("cpo", "cpo", "ceo"),
            P("d1", "director", "cpo"),
            P("d2", "director", "cpo"),
            P("p1", "pm", "d1"),
            P("spm", "senior_pm", "d1"),
            P("apm", "apm", "spm"),
        ],
    ),
    "too-many-layers": (
        "startup",
        [*TEAM, P("gpm", "gpm", "hop"), P("spm", "senior_pm", "gpm"), P("x", "other", "spm")],
        ("hop", "gpm", "spm", "x"),
        [
            *TEAM,
            P("gpm", "gpm", "hop"),
            P("spm", "senior_pm", "gpm"),
            P("spm2", "senior_pm", "gpm"),
        ],
    ),
    "size-mismatch": (
        "startup",
        [*TEAM, *(P(f"apm-{n}", "apm", "hop") for n in range(4))],
        (),
        [*TEAM, *(P(f"apm-{n}", "apm", "hop") for n in range(3))],
    ),
    "vacant-manager": (
        "startup",
        [
            P("ceo", "ceo", name="Ada"),
            P("hop", "head_of_product", "ceo"),
            *(P(f"pm-{n}", "pm", "hop") for n in range(2)),
            P("pm-2", "pm", "hop", name="Lin"),
        ],
        ("hop",),
        TEAM,
    ),
    "missing-role": (
        "head_led",
        [
            P("ceo", "ceo"),
            P("hop", "head_of_product", "ceo"),
            *(P(f"pm-{n}", "pm", "hop") for n in range(6)),
        ],
        (),
        [
            P("ceo", "ceo"),
            P("hop", "head_of_product", "ceo"),
            P("d", "director", "hop"),
            P("d2", "director", "hop"),
            *(P(f"pm-{n}", "pm", f"d{'' if n < 3 else '2'}") for n in range(6)),
        ],
    ),
    "forbidden-role": (
        "startup",
        [*TEAM, P("vp", "vp_product", "ceo")],
        ("vp",),
        [*TEAM, P("vp", "other", "ceo")],
    ),
    "unranked-role": (
        "startup",
        [*TEAM, P("po", "product_owner", "hop")],
        ("po",),
        [*TEAM, P("po", "other", "hop")],
    ),
    "title-role-mismatch": (
        "startup",
        [*TEAM, P("pm-9", "senior_pm", "hop", title="Group Product Manager")],
        ("pm-9",),
        [*TEAM, P("pm-9", "senior_pm", "hop", title="Senior Product Manager, Checkout")],
    ),
    "look-alike-ids": (
        "startup",
        [*TEAM, P("PM-1", "pm", "hop")],
        ("pm-1", "PM-1"),
        [*TEAM, P("pm-4", "pm", "hop")],
    ),
    "assistant-with-reports": (
        "startup",
        [*TEAM, P("ea", "other", "hop", assistant=True), P("pm-9", "pm", "ea")],
        ("ea", "pm-9"),
        [*TEAM, P("ea", "other", "hop", assistant=True), P("pm-9", "pm", "hop")],
    ),
}

CUSTOM = [orgroles.Role(key="product_owner", title="Product Owner", track="ic", level=2)]


def test_every_builtin_code_has_a_case() -> None:
    assert set(CASES) == {r.code for r in registered_rules() if r.builtin}


@pytest.mark.parametrize("code", list(CASES))
def test_code_fires_on_its_minimal_example(code: str) -> None:
    variant, rows, ids, _ = CASES[code]
    report = validate(OrgChart(rows, roles=CUSTOM), variant)
    found = report.by_code(code)
    assert found, report.to_text()
    assert any(f.positions == ids for f in found), [f.positions for f in found]
    assert all(f.severity == get_rule(code).severity for f in found)
    assert all(f.message and f.hint for f in found)


@pytest.mark.parametrize("code", list(CASES))
def test_code_is_silent_on_a_near_miss(code: str) -> None:
    variant, _, _, rows = CASES[code]
    report = validate(OrgChart(rows, roles=CUSTOM), variant)
    assert code not in report.codes(), report.to_text()


@pytest.mark.parametrize("rule", [r for r in registered_rules() if r.builtin], ids=lambda r: r.code)
def test_each_documented_example_fails_with_its_code(rule: Any) -> None:
    assert rule.example
    assert rule.fix
    assert rule.summary
    assert rule.description
    assert rule.code in validate(orgroles.loads(rule.example)).codes()


def rules_markdown() -> str:
    """The rule reference page as the generator writes it (a build step outside the package)."""
    spec = importlib.util.spec_from_file_location("rules_page", ROOT / "tools" / "rules_page.py")
    assert spec is not None
    assert spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    page: str = generator.rules_markdown()
    return page


def test_rule_reference_page_is_current() -> None:
    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert page == rules_markdown(), "regenerate with: python tools/rules_page.py > docs/rules.md"


# -- specific behaviour --------------------------------------------------------------------


def test_all_findings_are_reported_together() -> None:
    text = """
variant: startup
positions:
  - {id: ceo, role: ceo}
  - {id: hop, role: head_of_product, reports_to: ceo}
  - {id: pm-1, role: pm, reports_to: hop}
  - {id: pm-2, role: pm, reports_to: hop, dotted_to: [hop, ghost]}
  - {id: pm-3, role: pm, reports_to: nobody}
  - {id: a, role: pm, reports_to: b}
  - {id: b, role: pm, reports_to: a}
  - {id: me, role: pm, reports_to: me}
"""
    report = validate(orgroles.loads(text))
    assert {"unknown-manager", "cycle", "self-report", "dotted-to-manager", "unknown-dotted"} <= (
        report.codes()
    )
    assert not report.ok


def test_assistants_do_not_count_in_spans() -> None:
    rows = [*TEAM, *(P(f"ea-{n}", "other", "hop", assistant=True) for n in range(20))]
    assert validate(OrgChart(rows), "startup").findings == ()


def test_dotted_lines_never_change_structure() -> None:
    rows = [*TEAM[:-1], P("pm-2", "pm", "hop", dotted_to=["pm-0", "ceo"])]
    assert validate(OrgChart(rows), "startup").findings == ()


def test_ceo_above_the_product_org_is_not_judged_by_shape() -> None:
    report = validate(OrgChart(TEAM), "startup")
    assert "one-to-one" not in report.codes()  # the CEO has one report: the product leader


def test_other_positions_count_in_spans_but_are_not_ranked() -> None:
    rows = [*TEAM, *(P(f"eng-{n}", "other", "hop") for n in range(10))]
    report = validate(OrgChart(rows), "startup")
    assert report.codes() == {"span-too-wide"}


def test_span_message_names_band_and_excessive() -> None:
    rows = [*TEAM, *(P(f"x-{n}", "designer", "hop") for n in range(15))]
    (finding,) = validate(OrgChart(rows), "startup").by_code("span-too-wide")
    assert "18 direct reports (excessive)" in finding.message
    assert "3-12" in finding.message


def test_manager_of_managers_band() -> None:
    rows = [P("ceo", "ceo"), P("cpo", "cpo", "ceo")]
    for d in range(7):
        rows += [P(f"d{d}", "director", "cpo")] + [P(f"p{d}{n}", "pm", f"d{d}") for n in range(3)]
    (finding,) = validate(OrgChart(rows), "scaleup").by_code("span-too-wide")
    assert finding.positions == ("cpo",)
    assert "managing managers should have 2-6" in finding.message


def test_cycle_names_every_member_of_a_long_cycle() -> None:
    rows = [P(f"n{i:03}", "pm", f"n{(i + 1) % 500:03}") for i in range(500)]
    (finding,) = find_cycles(OrgChart(rows))
    assert set(finding.positions) == {f"n{i:03}" for i in range(500)}
    assert finding.positions[0] == "n000"


def test_deep_chain_does_not_overflow() -> None:
    depth = 10_000
    rows = [P("p0", "head_of_product")] + [
        P(f"p{i}", "other", f"p{i - 1}") for i in range(1, depth)
    ]
    report = validate(OrgChart(rows), "startup")
    (layers,) = report.by_code("too-many-layers")
    assert layers.positions[0] == "p0"
    assert layers.positions[-1] == f"p{depth - 1}"
    assert len(layers.positions) == depth
    assert "10000 layers" in layers.message
    assert len(str(layers)) < 400, "long chains are clipped in text"


def test_top_leader_missing_and_duplicated() -> None:
    missing = validate(OrgChart([P("ceo", "ceo"), P("pm", "pm", "ceo")]), "scaleup")
    assert any(f.positions == () for f in missing.by_code("top-leader"))
    rows = [P("ceo", "ceo"), P("a", "cpo", "ceo"), P("b", "vp_product", "ceo")]
    (dup,) = validate(OrgChart(rows), "scaleup").by_code("top-leader")
    assert dup.positions == ("a", "b")
    rows = [P("ceo", "ceo"), P("a", "cpo", "ceo"), P("b", "vp_product", "a")]
    assert "top-leader" not in validate(OrgChart(rows), "scaleup").codes()


def test_dotted_cycle_names_the_dotted_lines_that_close_the_loop() -> None:
    rows = [
        P("ceo", "ceo"),
        P("cpo", "cpo", "ceo"),
        P("dir", "director", "cpo", dotted_to=["ceo"]),
        P("gpm", "gpm", "dir"),
        P("pm", "pm", "gpm", dotted_to=["pm"]),
    ]
    rows[1]["dotted_to"] = ["gpm"]  # the CPO's dotted line points down its own chain
    loop, itself = validate(OrgChart(rows), "scaleup").by_code("dotted-cycle")
    assert loop.positions == ("cpo", "dir", "gpm")
    assert "the dotted line in the loop: 'cpo' -> 'gpm'" in loop.message
    assert "remove the one that points down (e.g. 'gpm' from the dotted_to of 'cpo')" in str(
        loop.hint
    )
    assert itself.positions == ("pm",)
    assert itself.message == "'pm' has a dotted line to itself"
    assert "'pm'" in str(itself.hint)


def test_size_mismatch_names_the_fitting_variants() -> None:
    (finding,) = validate(clean_startup(), "enterprise").by_code("size-mismatch")
    assert "4 PMs is outside 25+" in finding.message
    assert "30 employees is outside 400+" in finding.message
    assert "fits startup" in finding.message


def test_positions_bound_the_head_count_from_below() -> None:
    rows = [*TEAM, *(P(f"x{n}", "other", "ceo") for n in range(70))]
    (finding,) = validate(OrgChart(rows), "startup").by_code("size-mismatch")
    assert "75 positions is already more than 60 employees" in finding.message


def test_size_mismatch_names_only_variants_the_head_count_fits() -> None:
    # 30 PMs fit four variants by PMs, but 733 positions are more than 600 employees, so only
    # the large variants fit; the position count bounds the head count for the named fits too.
    rows = [
        *TEAM,
        *(P(f"pm-x{n}", "pm", "hop") for n in range(27)),
        *(P(f"x{n}", "other", "ceo") for n in range(700)),
    ]
    (finding,) = validate(OrgChart(rows), "startup").by_code("size-mismatch")
    assert finding.message.endswith("; fits enterprise or bu_heads"), finding.message
    assert "validate against enterprise" in str(finding.hint)


def test_messages_agree_in_number() -> None:
    (alone,) = validate(OrgChart([P("ceo", "ceo", "ceo")]), "startup").by_code("no-root")
    assert alone.message.startswith("the only position has a manager, so nobody is at the top")
    (small,) = validate(OrgChart(TEAM[:3]), "enterprise").by_code("size-mismatch")
    assert small.message.startswith("1 PM is outside 25+"), small.message
    rows = [P("ceo", "ceo"), P("cpo", "cpo", "ceo"), P("d", "director", "cpo"), P("p", "pm", "d")]
    single, _ = validate(OrgChart(rows), "scaleup").by_code("one-to-one")
    assert (
        single.hint == "remove the layer ('d' reports to the manager of 'cpo') or give 'cpo' a team"
    )
    _, reason = choose_variant(OrgChart([*TEAM, P("g", "gpm", "pm-0")]))
    assert "1 reporting line it does not allow" in reason, reason


def test_vacant_manager_counts_filled_positions_below() -> None:
    rows = [
        P("ceo", "ceo", name="Ada"),
        P("hop", "head_of_product", "ceo"),
        P("gpm", "gpm", "hop"),
        P("pm-1", "pm", "gpm", name="Lin"),
        P("pm-2", "pm", "gpm", name="Sam"),
    ]
    found = {
        f.positions: f.message
        for f in validate(OrgChart(rows), "startup").by_code("vacant-manager")
    }
    assert set(found) == {("hop",), ("gpm",)}
    assert "2 filled positions" in found[("hop",)]


def test_variant_given_by_name_object_or_chart() -> None:
    chart = clean_startup()
    assert validate(chart, "startup").variant_source == "argument"
    chart.variant = "scaleup"
    report = validate(chart)
    assert (report.variant, report.variant_source) == ("scaleup", "chart")
    custom = get_variant("startup").derive(name="mine")
    assert validate(chart, custom).variant == "mine"
    with pytest.raises(UnknownVariantError, match="did you mean 'startup'"):
        validate(chart, "startp")


def test_choose_variant_explains_itself() -> None:
    variant, reason = choose_variant(clean_scaleup())
    assert variant.name == "scaleup"
    assert reason.startswith("best fit by shape and size: scaleup fits")
    assert "next best" in reason


def test_rules_run_on_their_own() -> None:
    rows = [*TEAM, *(P(f"x-{n}", "designer", "hop") for n in range(10))]
    chart = OrgChart(rows)
    assert [f.positions for f in find_span_too_wide(chart, "startup")] == [("hop",)]
    assert get_rule("cycle")(chart, get_variant("startup")) == []


# -- the report ---------------------------------------------------------------------------


def test_report_is_json_able_and_raises_with_every_error() -> None:
    rows = [P("a", "pm", "b"), P("b", "pm", "a"), P("c", "pm", "c")]
    report = validate(OrgChart(rows), "startup")
    data = json.loads(report.to_json())
    assert data["ok"] is False
    assert data["variant"] == "startup"
    assert {r["code"] for r in data["findings"]} == report.codes()
    assert data["findings"][0] == report.findings[0].to_dict()
    assert data["counts"]["error"] == len(report.errors)
    with pytest.raises(InvalidOrgError) as caught:
        report.raise_for_errors()
    assert isinstance(caught.value, ValueError)
    assert caught.value.findings == tuple(report.errors)
    lines = str(caught.value).splitlines()
    assert lines[0] == f"{len(report.errors)} errors (variant startup):"
    assert len(lines) == 1 + len(report.errors)


def test_clean_report_does_not_raise() -> None:
    report = validate(clean_startup())
    report.raise_for_errors()
    assert report.to_text().endswith("0 errors, 0 warnings, 0 infos")
    assert len(report) == 0


def test_finding_str() -> None:
    ids = tuple(f"n{i}" for i in range(20))
    finding = Finding("cycle", "error", "loop", "break it", Place(positions=ids))
    assert str(finding).startswith("error cycle [n0, n1, n2, n3, n4, n5, n6, ... 13 more]: loop")
    assert Report((finding,)).codes() == {"cycle"}


# -- policies -----------------------------------------------------------------------------


def test_policy_turns_rules_off_and_changes_severity() -> None:
    chart = OrgChart(TEAM[:-1])  # hop has two reports: span-too-narrow
    assert validate(chart, "startup").codes() == {"span-too-narrow"}
    assert validate(chart, "startup", policy={"rules": {"span-too-narrow": False}}).codes() == set()
    report = validate(chart, "startup", policy=Policy(rules={"span-too-narrow": "error"}))
    assert [f.severity for f in report.findings] == ["error"]
    assert not report.ok


def test_policy_options_and_thresholds() -> None:
    chart = OrgChart([*TEAM, P("board", "other")])
    policy = {"rules": {"multiple-roots": {"options": {"max_roots": 2}}}}
    assert "multiple-roots" not in validate(chart, "startup", policy=policy).codes()
    narrow = OrgChart(TEAM[:-1])
    report = validate(narrow, "startup", policy={"variant": {"spans": {"ics": {"min": 2}}}})
    assert report.findings == ()
    assert "thresholds changed by the policy" in report.variant_reason


def test_policy_mistakes_are_clear() -> None:
    chart = OrgChart(TEAM)
    with pytest.raises(UnknownRuleError, match="did you mean 'one-to-one'"):
        validate(chart, policy={"rules": {"one-to-on": False}})
    with pytest.raises(OrgDataError, match="did you mean 'max_roots'"):
        validate(chart, policy={"rules": {"multiple-roots": {"options": {"max_root": 2}}}})
    with pytest.raises(OrgDataError, match="takes no options"):
        validate(chart, policy={"rules": {"cycle": {"options": {"x": 1}}}})
    with pytest.raises(OrgDataError, match="policy's variant changes are invalid"):
        validate(chart, policy={"variant": {"max_layers": 0}})
    with pytest.raises(OrgDataError) as raised:
        validate(chart, policy={"variant": {"spans": {"ics": {"max": 2}}}})
    assert "field 'variant.spans.ics': max (2) is below min (3)" in str(raised.value)
    assert "Value error" not in str(raised.value)


def test_a_chart_naming_a_variant_of_its_own_says_how_to_pass_it() -> None:
    # A template of a user's variant names it in `variant:`; validating needs the variant.
    acme = get_variant("enterprise").derive(name="acme")
    chart = orgroles.template(acme)
    assert chart.variant == "acme"
    with pytest.raises(UnknownVariantError) as raised:
        validate(chart)
    message = str(raised.value)
    assert "the chart's variant key names an unknown variant 'acme'" in message
    assert "validate(chart, variant)" in message
    assert "load_variant(path)" in message
    assert validate(chart, acme).findings == ()


def test_org_file_validation_key_applies_and_round_trips() -> None:
    text = """\
orgroles: 1
variant: startup
validation:
  rules:
    span-too-narrow: 'off'
positions:
  - {id: ceo, role: ceo}
  - {id: hop, role: head_of_product, reports_to: ceo}
  - {id: pm, role: pm, reports_to: hop}
  - {id: pm2, role: pm, reports_to: hop}
"""
    chart = orgroles.loads(text)
    assert chart.validation == {"rules": {"span-too-narrow": "off"}}
    assert validate(chart).findings == ()
    # The caller's policy goes on top of the file's.
    assert validate(chart, policy={"rules": {"span-too-narrow": "info"}}).codes() == {
        "span-too-narrow"
    }
    again = orgroles.loads(orgroles.dumps(chart))
    assert again == chart
    assert orgroles.loads(orgroles.dumps(chart, format="json")) == chart


def test_org_file_validation_errors_have_lines() -> None:
    text = "validation:\n  rules:\n    cycle: maybe\n  varaint: {}\npositions: []\n"
    with pytest.raises(orgroles.OrgFileError) as caught:
        orgroles.loads(text, source="org.yaml")
    message = str(caught.value)
    assert "org.yaml:3: field 'validation.rules.cycle'" in message
    assert "org.yaml:4" in message
    assert "did you mean 'variant'" in message


def test_policy_file(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("rules:\n  one-to-one: warning\nvariant:\n  max_layers: 9\n", "utf-8")
    policy = load_policy(path)
    assert policy.rule("one-to-one").severity == "warning"
    assert policy.variant == {"max_layers": 9}
    path.write_text("rules: [one-to-one]\n", "utf-8")
    with pytest.raises(orgroles.OrgFileError, match=r"policy.yaml:1.*must map rule codes"):
        load_policy(path)


def test_custom_rule_runs_and_is_tuned_like_a_builtin() -> None:
    @orgroles.rule("no-vacancies", summary="Every seat is filled.")
    def find_vacancies(run: RuleRun) -> Iterator[Finding]:
        for p in run.chart:
            if p.vacant:
                # Written by hand with another severity and code: the run's are what counts.
                yield Finding(
                    "vacancy", "info", f"{p.id!r} is vacant", "hire", Place(positions=(p.id,))
                )

    body = get_rule("no-vacancies").function

    try:
        chart = clean_startup()
        chart.update("pm-0", name=None)
        report = validate(chart)
        # The policy decides the severity and the rule its code, whatever the finding says.
        assert [(f.code, f.severity, f.positions) for f in report.findings] == [
            ("no-vacancies", "warning", ("pm-0",))
        ]
        assert validate(chart, policy={"rules": {"no-vacancies": "off"}}).findings == ()
        assert [r.code for r in registered_rules()][-1] == "no-vacancies"
        assert "no-vacancies" not in rules_markdown()
        with pytest.raises(ValueError, match="already registered"):
            orgroles.register_rule(body, code="no-vacancies")
        assert [(f.code, f.severity) for f in find_vacancies(chart)] == [
            ("no-vacancies", "warning")
        ]
    finally:
        unregister_rule("no-vacancies")
    with pytest.raises(ValueError, match="kebab-case"):
        orgroles.register_rule(body, code="No_Vacancies")


# -- properties ---------------------------------------------------------------------------

ROLE_KEYS = [r.key for r in orgroles.roles()]


@st.composite
def valid_trees(draw: st.DrawFn, *, min_size: int = 1, max_size: int = 40) -> OrgChart:
    """A valid tree: each new position picks an earlier one as its manager."""
    size = draw(st.integers(min_size, max_size))
    rows = [P("p0", draw(st.sampled_from(ROLE_KEYS)))]
    for i in range(1, size):
        boss = draw(st.integers(0, i - 1))
        rows.append(
            P(
                f"p{i}",
                draw(st.sampled_from(ROLE_KEYS)),
                f"p{boss}",
                assistant=draw(st.booleans()),
                name=draw(st.sampled_from([None, "X"])),
            )
        )
    return OrgChart(rows)


STRUCTURE = {r.code for r in registered_rules() if r.category == "structure"}


@settings(max_examples=60, deadline=None)
# Role-agnostic trees, and the toolkit's variant-valid charts (dotted lines, assistants).
@given(valid_trees() | org_charts(max_size=40), st.sampled_from(["auto", *CLEAN]))
def test_a_valid_tree_has_no_structure_finding(tree: OrgChart, variant: str) -> None:
    assert not validate(tree, variant).codes() & STRUCTURE


def _ancestors(chart: OrgChart, pid: str) -> list[str]:
    return [p.id for p in chart.chain_of_command(pid)]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_trees(min_size=3), st.data())
def test_an_injected_fault_is_always_found(tree: OrgChart, data: st.DataObject) -> None:
    fault = data.draw(
        st.sampled_from(
            [
                "cycle",
                "self-report",
                "unknown-manager",
                "multiple-roots",
                "unknown-dotted",
                "dotted-to-manager",
                "dotted-cycle",
            ]
        )
    )
    ids = tree.ids()
    rows = [p.to_dict() for p in tree]
    by_id = {r["id"]: r for r in rows}
    non_roots = ids[1:]
    victim = data.draw(st.sampled_from(non_roots))
    expected: set[str]
    if fault == "cycle":
        # The root reports to a descendant: the chain from there up to the root is the loop.
        below = data.draw(st.sampled_from(ids[1:]))
        by_id["p0"]["reports_to"] = below
        expected = {below, *_ancestors(tree, below)}
    elif fault == "self-report":
        by_id[victim]["reports_to"] = victim
        expected = {victim}
    elif fault == "unknown-manager":
        by_id[victim]["reports_to"] = "missing-id"
        expected = {victim}
    elif fault == "multiple-roots":
        del by_id[victim]["reports_to"]
        expected = {"p0", victim}
    elif fault == "unknown-dotted":
        by_id[victim]["dotted_to"] = ["missing-id"]
        expected = {victim}
    elif fault == "dotted-to-manager":
        by_id[victim]["dotted_to"] = [by_id[victim]["reports_to"]]
        expected = {victim, by_id[victim]["reports_to"]}
    else:
        # A manager's dotted line to its own report closes a loop.
        boss = by_id[victim]["reports_to"]
        by_id[boss]["dotted_to"] = [victim]
        expected = {boss, victim}
    report = validate(OrgChart(rows), data.draw(st.sampled_from(["auto", *CLEAN])))
    found = report.by_code(fault)
    assert found, f"{fault} not found in {report.codes()}"
    assert any(set(f.positions) == expected for f in found), [f.positions for f in found]
    assert all(f.severity == "error" for f in found)


@st.composite
def broken_charts(draw: st.DrawFn) -> OrgChart:
    """Anything a chart can hold: loops, self-reports, missing managers, odd dotted lines."""
    size = draw(st.integers(0, 25))
    ids = [f"p{i}" for i in range(size)]
    targets = st.sampled_from([*ids, "ghost"]) if ids else st.just("ghost")
    rows = []
    for pid in ids:
        rows.append(
            P(
                pid,
                draw(st.sampled_from(ROLE_KEYS)),
                draw(st.one_of(st.none(), targets)),
                dotted_to=draw(st.lists(targets, max_size=2, unique=True)),
                assistant=draw(st.booleans()),
                name=draw(st.sampled_from([None, "X"])),
            )
        )
    return OrgChart(rows, attributes=draw(st.sampled_from([{}, {"employees": 100}])))


@settings(max_examples=80, deadline=None)
@given(broken_charts(), st.sampled_from(["auto", *CLEAN]))
def test_validation_never_raises_and_is_json_able(chart: OrgChart, variant: str) -> None:
    report = validate(chart, variant)
    json.loads(report.to_json())
    known = set(chart.ids())
    for finding in report.findings:
        assert set(finding.positions) <= known, finding


def _signature(report: Report) -> set[tuple[str, frozenset[str]]]:
    return {(f.code, frozenset(f.positions)) for f in report.findings}


@settings(max_examples=60, deadline=None)
@given(broken_charts(), st.sampled_from(list(CLEAN)), st.randoms(use_true_random=False))
def test_findings_do_not_depend_on_position_order(chart: OrgChart, variant: str, rnd: Any) -> None:
    positions = list(chart)
    rnd.shuffle(positions)
    shuffled = OrgChart(positions, attributes=chart.attributes)
    assert _signature(validate(chart, variant)) == _signature(validate(shuffled, variant))


def test_a_reporting_cycle_is_one_finding_not_several() -> None:
    # Two PMs reporting to each other: the cycle says it all; rank and manages checks of the
    # same two lines would repeat the one mistake four more times.
    chart = OrgChart(
        [
            {"id": "ceo", "role": "ceo"},
            {"id": "cpo", "role": "cpo", "reports_to": "ceo"},
            {"id": "dir", "role": "director", "reports_to": "cpo"},
            {"id": "pm-10", "role": "pm", "reports_to": "pm-11"},
            {"id": "pm-11", "role": "pm", "reports_to": "pm-10"},
            {"id": "pm-12", "role": "pm", "reports_to": "pm-13"},
            {"id": "pm-13", "role": "pm", "reports_to": "dir"},
        ]
    )
    report = orgroles.validate(chart, "scaleup")
    by_code = {code: [f.positions for f in report.findings if f.code == code] for code in
               ("cycle", "rank-inversion", "forbidden-report")}  # fmt: skip
    assert by_code == {
        "cycle": [("pm-10", "pm-11")],
        "rank-inversion": [("pm-12", "pm-13")],
        "forbidden-report": [("pm-12", "pm-13")],
    }
    (inversion,) = [f for f in report.findings if f.code == "rank-inversion"]
    assert "a peer of the same rank in scaleup" in inversion.message


def test_auto_choice_points_a_whole_company_chart_to_the_product_org() -> None:
    records = [{"id": "ceo", "role": "ceo"}]
    records += [{"id": f"e{n}", "role": "other", "reports_to": "ceo"} for n in range(5)]
    report = orgroles.validate(OrgChart(records))
    assert "5 of 6 positions are not product roles" in report.variant_reason
    assert "product_only=True" in report.variant_reason
    named = orgroles.validate(OrgChart(records), "startup")
    assert "not product roles" not in named.variant_reason


# -- rules as the decorator builds them ----------------------------------------------------


def test_a_structure_rule_never_works_out_a_variant(monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*args: object, **kwargs: object) -> object:
        raise AssertionError("a structure rule judges reporting lines, not a variant")

    from orgroles.validation import choose

    monkeypatch.setattr(choose, "_fit", never)  # every choice of a variant by fit asks it
    chart = OrgChart([P("a", "pm", "b"), P("b", "pm", "a"), P("c", "pm", "c")])
    assert chart.variant is None
    for rule in registered_rules():
        if rule.category == "structure":
            rule(chart)  # the registry's entry, and the public function below
    assert [f.positions for f in find_cycles(chart)] == [("a", "b")]
    with pytest.raises(AssertionError, match="not a variant"):
        find_span_too_wide(chart)  # a shape rule does work one out


def test_each_rule_code_is_written_once_in_the_source() -> None:
    # The decorator owns the code: a rule body never writes it again (docstrings aside).
    written: list[str] = []
    for path in sorted((ROOT / "src" / "orgroles" / "validation").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        written.extend(
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        )
    for rule in registered_rules():
        if rule.builtin:
            assert written.count(rule.code) == 1, rule.code


def test_rules_are_marked_builtin_by_how_they_are_registered() -> None:
    assert all(rule.builtin for rule in registered_rules())

    @orgroles.rule("inside-orgroles", category="shape")
    def find_nothing(run: RuleRun) -> list[Finding]:
        return []

    try:
        assert not get_rule("inside-orgroles").builtin
        assert find_nothing(OrgChart()) == []
    finally:
        unregister_rule("inside-orgroles")
