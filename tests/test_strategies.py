"""The hypothesis strategies (``orgroles.strategies``): valid charts by construction, injected
faults, shrinking, argument checks, and the ``st.from_type(OrgChart)`` hook."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from orgroles import OrgChart, Role
from orgroles._variants import BUILTIN_VARIANTS, get_variant
from orgroles.strategies import (
    INJECTABLE_CODES,
    FaultyChart,
    invalid_org_charts,
    org_charts,
    positions,
    roles,
)
from orgroles.validation import get_rule, validate

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
        # orgroles itself imports lazily (its names load on first use); the strategies, which
        # need everything, are what fail to load, and the hook gives up without a trace.
        "print('registered', sys.modules.get('orgroles.strategies') is not None)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "registered False\n"


def depth(chart: OrgChart) -> int:
    return max(len(chart.chain_of_command(p.id)) for p in chart)


@pytest.mark.slow
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


def wrong(value: object) -> Any:
    """A value of the wrong type, passed on purpose (typed ``Any`` so mypy lets it through)."""
    return value


@pytest.mark.parametrize(
    ("strategy", "message"),
    [
        (org_charts(min_size=5, max_size=4), "max_size=4 is below min_size=5"),
        (org_charts(min_size=0), "min_size must be a positive integer"),
        (org_charts(variant="scalup"), "did you mean 'scaleup'"),
        (org_charts(variant=wrong(3)), "variant must be None, a name or a Variant"),
        (org_charts(vacancies=wrong("yes")), "vacancies must be True or False"),
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
        (roles(catalog=wrong([1])), "roles must be a RoleCatalog or Role objects, got 1"),
        (org_charts(roles=wrong(["pm"])), "roles must be a RoleCatalog or Role objects, got 'pm'"),
        (positions(role_keys=wrong(["pm"])), "role_keys must be a SearchStrategy"),
        (positions(ids=wrong("pm-1")), "ids must be a SearchStrategy"),
        (positions(reports_to=wrong("ceo")), "reports_to must be a SearchStrategy"),
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
