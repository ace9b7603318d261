"""Templates and recommendations: every template validates clean, recommendations at band edges."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import orgroles
from orgroles import OrgChart, TemplateError, recommend_variant, template, validate
from orgroles._variants import BUILTIN_VARIANTS, PM_ROLES, Variant, get_variant
from orgroles.templates import EMPLOYEES_PER_PM, pms_for_employees

ID = re.compile(r"[a-z]+(?:-[a-z0-9]+)*")


def layers(chart: OrgChart, top: str) -> int:
    """Layers from the top product leader (layer 1) down to the deepest position."""
    depth = {top: 1}
    for position in chart:  # positions come top-down, managers before reports
        if position.reports_to in depth:
            depth[position.id] = depth[position.reports_to] + 1
    return max(depth.values())


def top_leader(chart: OrgChart, variant: Variant) -> str:
    tops = [p.id for p in chart if p.role in variant.top_leader]
    return tops[0]


def assert_in_bands(chart: OrgChart, variant: Variant) -> None:
    """Spans and layers inside the variant's bands, checked here without the validator."""
    top = top_leader(chart, variant)
    scope = {top, *(p.id for p in chart.descendants(top))}
    for manager in scope:
        span = chart.span_of_control(manager)
        if not span:
            continue
        role = chart[manager].role
        managers = sum(1 for r in chart.reports_of(manager) if chart.span_of_control(r.id))
        band = variant.span_band(role, manages_managers=managers * 2 > span)
        assert band.contains(span), (manager, span, str(band))
        assert span > 1 or band.min <= 1, f"{manager} is a one-to-one layer"
    assert layers(chart, top) <= variant.max_layers


def pm_count(chart: OrgChart) -> int:
    return sum(1 for p in chart if p.role in PM_ROLES)


def structure(chart: OrgChart) -> list[tuple[str, str, str | None, str | None, str | None]]:
    return [(p.id, p.role, p.title, p.reports_to, p.unit) for p in chart]


# -- the property: every template is sound ---------------------------------------------------


@st.composite
def template_parameters(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    name = draw(st.sampled_from(BUILTIN_VARIANTS))
    variant = get_variant(name)
    top = variant.pms.max if variant.pms.max is not None else 600
    params: dict[str, object] = {
        "pms": draw(st.integers(variant.pms.min, top)),
        "designers": draw(st.booleans()),
        "analysts": draw(st.booleans()),
        "vacancies": draw(st.sampled_from([0.0, 0.1, 0.3, 0.9])),
        "names": draw(st.booleans()),
        "seed": draw(st.integers(0, 2**32)),
    }
    if draw(st.booleans()):
        high = variant.employees.max if variant.employees.max is not None else 100_000
        params["employees"] = draw(st.integers(variant.employees.min, high))
    if name != "startup" and draw(st.booleans()):
        params["product_lines"] = draw(st.integers(2, 6))
    if name in ("enterprise", "bu_heads") and draw(st.booleans()):
        params["business_units"] = draw(st.integers(1, 12))
    return name, params


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(template_parameters())
def test_every_template_validates_clean_against_its_variant(
    case: tuple[str, dict[str, object]],
) -> None:
    name, params = case
    refusal = None
    try:
        chart = template(name, **params)  # type: ignore[arg-type]  # drawn to match
    except TemplateError as error:
        refusal = str(error)
    if refusal is not None:
        # Refusing is fine for parameters that cannot make a sound org (a tiny startup, more
        # product lines than business units can hold), and the message says what is needed.
        assert re.search(r"needs|at most|too big", refusal), refusal
        return
    report = validate(chart, name)
    assert report.findings == (), [str(f) for f in report.findings]
    variant = get_variant(name)
    assert_in_bands(chart, variant)
    assert chart.variant == name
    assert pm_count(chart) == params["pms"]
    again = template(name, **params)  # type: ignore[arg-type]  # drawn to match
    assert orgroles.dumps(again) == orgroles.dumps(chart)


@settings(max_examples=30, deadline=None)
@given(
    name=st.sampled_from(BUILTIN_VARIANTS),
    seeds=st.tuples(st.integers(0, 10**6), st.integers(0, 10**6)),
    vacancies=st.sampled_from([0.0, 0.2]),
)
def test_seeds_change_only_names_and_vacancies(
    name: str, seeds: tuple[int, int], vacancies: float
) -> None:
    one, two = (template(name, names=True, vacancies=vacancies, seed=s) for s in seeds)
    assert structure(one) == structure(two)


# -- defaults, shape and content -------------------------------------------------------------


@pytest.mark.parametrize("name", BUILTIN_VARIANTS)
def test_defaults_give_a_typical_clean_org(name: str) -> None:
    chart = template(name)
    assert validate(chart, name).findings == ()
    assert chart.name == f"{get_variant(name).title} template, {pm_count(chart)} PMs"


@pytest.mark.parametrize("name", BUILTIN_VARIANTS)
def test_ids_are_readable_unique_and_units_set(name: str) -> None:
    chart = template(name, analysts=True)
    ids = chart.ids()
    assert len(ids) == len(set(ids))
    assert all(ID.fullmatch(i) for i in ids), [i for i in ids if not ID.fullmatch(i)]
    variant = get_variant(name)
    top = top_leader(chart, variant)
    for position in chart:
        if position.id in ("ceo", top):
            assert position.unit is None
        elif name != "startup":
            assert position.unit is not None, position.id
            # Everyone carries the unit of their line: the same as their manager's, or a line
            # inside it ("Consumer Payments" under Payments, Payments under Consumer).
            manager = chart.manager_of(position.id)
            assert manager is not None
            if manager.unit is not None and manager.role != variant.top_leader[0]:
                assert position.unit == manager.unit or manager.role in (
                    "senior_director",
                    "director",
                )


def test_ids_and_titles_read_like_the_issue() -> None:
    chart = template("scaleup", pms=20, product_lines=2)
    assert "dir-payments" in chart
    assert chart["dir-payments"].title == "Director of Product, Payments"
    assert "pm-payments-3" in chart
    assert chart["pm-payments-3"].unit == "Payments"
    assert any(p.role == "gpm" for p in chart), "a line of 10 PMs gets GPM teams"


@pytest.mark.parametrize("name", BUILTIN_VARIANTS)
def test_titles_resolve_back_to_their_roles(name: str) -> None:
    for position in template(name, analysts=True):
        assert position.title is not None
        resolved = orgroles.resolve_title(position.title)
        assert resolved is not None, position.title
        assert resolved.key == position.role, position.title


def test_a_big_scaleup_line_gets_gpms_not_one_wide_director() -> None:
    chart = template("scaleup", pms=36, product_lines=2)
    for director in (p for p in chart if p.role == "director"):
        assert chart.span_of_control(director.id) <= 6
    assert Counter(p.role for p in chart)["gpm"] >= 4


def test_shapes_follow_the_design_table() -> None:
    def roles_below(chart: OrgChart, position: str) -> set[str]:
        return {p.role for p in chart.reports_of(position)}

    startup = template("startup", pms=4)
    assert roles_below(startup, "ceo") == {"head_of_product"}
    assert roles_below(startup, "hop") >= {"pm", "designer"}
    scaleup = template("scaleup")
    assert roles_below(scaleup, "cpo") == {"director"}
    head_led = template("head_led")
    assert roles_below(head_led, "ceo") == {"head_of_product"}
    assert roles_below(head_led, "hop") == {"director"}
    enterprise = template("enterprise")
    assert roles_below(enterprise, "cpo") == {"senior_director"}
    assert all(
        roles_below(enterprise, sd.id) == {"director"}
        for sd in enterprise
        if sd.role == "senior_director"
    )
    bu_heads = template("bu_heads")
    assert roles_below(bu_heads, "cpo") == {"director"}
    assert all(
        roles_below(bu_heads, d.id) == {"head_of_product"} for d in bu_heads if d.role == "director"
    )


def test_designers_and_analysts_follow_the_flags() -> None:
    roles = Counter(p.role for p in template("startup", pms=4, analysts=True))
    assert roles["designer"] == 2
    assert roles["analyst"] == 1
    roles = Counter(p.role for p in template("scaleup", pms=12, designers=False))
    assert roles["designer"] == 0
    assert roles["analyst"] == 0
    roles = Counter(p.role for p in template("scaleup", pms=12, product_lines=3, analysts=True))
    assert roles["designer"] == 3
    assert roles["analyst"] == 3


def test_names_and_vacancies() -> None:
    assert all(p.vacant for p in template("scaleup"))
    named = template("scaleup", names=True, seed=7)
    assert not any(p.vacant for p in named)
    assert len({p.name for p in named}) == len(named)
    partly = template("enterprise", vacancies=0.25, seed=7)
    vacant = [p for p in partly if p.vacant]
    assert 0.2 * len(partly) <= len(vacant) <= 0.3 * len(partly)
    assert all(not partly.reports_of(p.id) for p in vacant), "only seats with nobody under them"
    assert validate(partly, "enterprise").findings == ()


def test_employees_are_stored_and_derive_pms() -> None:
    chart = template("scaleup", employees=320)
    assert chart.attributes == {"employees": 320}
    assert pm_count(chart) == pms_for_employees(320) == 20
    # A derived count is moved into the variant's band (a 40-person scale-up still has 5 PMs).
    assert pm_count(template("scaleup", employees=40)) == 5
    assert template("scaleup", pms=10).attributes == {}


def test_pms_for_employees_uses_the_design_ratio() -> None:
    assert EMPLOYEES_PER_PM == 16
    assert [pms_for_employees(n) for n in (16, 160, 1600)] == [1, 10, 100]


def test_a_derived_variant_uses_its_own_spans_and_layers() -> None:
    wide = get_variant("scaleup").derive(name="wide", spans={"ics": {"max": 15}})
    chart = template(wide, pms=24, product_lines=2)
    assert chart.variant == "wide"
    assert validate(chart, wide).findings == ()
    flat = get_variant("enterprise").derive(name="flat", max_layers=4)
    chart = template(flat, pms=40)
    assert validate(chart, flat).findings == ()
    mentors = {chart.manager_of(p.id) for p in chart if p.role == "apm"}
    assert "senior_pm" not in {mentor.role for mentor in mentors if mentor is not None}


def test_a_derived_variant_builds_the_shape_its_template_section_names(tmp_path: Path) -> None:
    # The shape is data: scaleup's roles and bands, built with business units like enterprise.
    units = get_variant("scaleup").derive(
        name="units", template={"structure": "business_units"}, max_layers=6, pms={"max": 60}
    )
    chart = template(units, pms=30)
    assert {p.role for p in chart.reports_of("cpo")} == {"vp_product"}  # scaleup has no SDs
    for vp in chart.reports_of("cpo"):
        assert {p.role for p in chart.reports_of(vp.id)} == {"director"}
    assert validate(chart, units).findings == ()
    # Smaller lines give more Directors; a typical org of another size.
    small = get_variant("enterprise").derive(name="small-lines", template={"pms_per_line": 6})
    directors = [
        Counter(p.role for p in template(v, pms=60))["director"] for v in ("enterprise", small)
    ]
    assert directors == [4, 10]
    bigger = get_variant("scaleup").derive(name="bigger", template={"typical_pms": 24})
    assert pm_count(template(bigger)) == 24
    # The same section from a variant file.
    path = tmp_path / "units.yaml"
    path.write_text(
        "name: units\nextends: scaleup\nmax_layers: 6\npms: {max: 60}\n"
        "template: {structure: business_units}\n",
        encoding="utf-8",
    )
    assert orgroles.load_variant(path).template == units.template


def test_a_variant_without_a_template_section_says_how_to_add_one() -> None:
    bare = Variant(name="bare", top_leader=("head_of_product",), ranks={"head_of_product": 50})
    assert bare.template is None
    with pytest.raises(TemplateError, match=r"'bare' has no template section.*template: \{"):
        template(bare)


# -- errors ----------------------------------------------------------------------------------


def test_too_many_pms_for_the_variant_names_the_variant_that_fits() -> None:
    with pytest.raises(TemplateError, match=r"startup fits 0-6 PMs; 60 PMs fit enterprise"):
        template("startup", pms=60)
    with pytest.raises(ValueError, match="scaleup"):
        template("enterprise", pms=10)


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("startup", {"pms": 1}, r"span band 3-12: it needs more PMs"),
        ("startup", {"pms": 3, "product_lines": 4}, r"at most 3 product area"),
        ("startup", {"employees": 500}, r"500 employees is outside startup's employee band"),
        ("scaleup", {"business_units": 3}, r"no business units"),
        ("scaleup", {"pms": 12, "product_lines": 7}, r"needs 2-6 product lines"),
        ("scaleup", {"pms": 5, "designers": False}, r"needs at least 6 PMs"),
        ("enterprise", {"business_units": 37}, r"needs 1-36 business units"),
        ("enterprise", {"pms": 40, "product_lines": 3, "business_units": 2}, r"needs 4-12"),
        ("bu_heads", {"pms": 5000}, r"too big for one leader"),
        ("scaleup", {"pms": -1}, r"pms must be at least 0"),
        ("scaleup", {"vacancies": 1.0}, r"vacancies is a fraction"),
        ("scaleup", {"pms": 2.5}, r"whole number"),
    ],
)
def test_parameters_that_cannot_make_a_sound_org(
    name: str, params: dict[str, object], message: str
) -> None:
    with pytest.raises(TemplateError, match=message):
        template(name, **params)  # type: ignore[arg-type]  # wrong on purpose


def test_a_huge_head_count_is_capped_at_what_the_shape_holds() -> None:
    # Millions of employees derive a PM count far past capacity: take the most that fits.
    for employees in (2_000_000, 10_000_000):
        chart = template("enterprise", employees=employees)
        assert pm_count(chart) == 1080
        assert validate(chart, "enterprise").findings == ()
    assert pm_count(template("enterprise", employees=16_000, analysts=True)) == 864


def test_too_many_pms_says_how_many_the_template_holds() -> None:
    with pytest.raises(TemplateError, match=r"holds at most 1080 PMs with these options, got 10"):
        template("enterprise", pms=10_000)
    with pytest.raises(TemplateError, match=r"holds at most 864 PMs with these options, got 1000"):
        template("enterprise", pms=1000, analysts=True)
    assert pm_count(template("enterprise", pms=1080)) == 1080
    assert pm_count(template("enterprise", pms=864, analysts=True)) == 864


def test_refusals_suggest_only_what_would_help() -> None:
    with pytest.raises(TemplateError) as raised:
        template("startup", pms=0, designers=True, analysts=True)
    assert str(raised.value).endswith("it needs more PMs"), str(raised.value)
    with pytest.raises(TemplateError, match=r"it needs more PMs \(or analysts=True\)$"):
        template("startup", pms=1, designers=True)
    # 0 PMs fit startup's band, but no startup can be built from them: no suggestion to try it.
    with pytest.raises(TemplateError) as raised:
        template("scaleup", pms=0)
    assert "try template" not in str(raised.value)
    assert "but no template of that size builds" in str(raised.value)
    with pytest.raises(TemplateError, match=r"try template\('startup', pms=6\)"):
        template("enterprise", pms=6)


def test_unknown_variant() -> None:
    with pytest.raises(orgroles.UnknownVariantError, match="did you mean 'scaleup'"):
        template("scalup")


# -- recommendations at the band edges -------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "variant", "runner_up"),
    [
        ({"pms": 0}, "startup", None),
        ({"pms": 5}, "startup", "scaleup"),
        ({"pms": 6}, "scaleup", "head_led"),
        ({"pms": 30}, "scaleup", "head_led"),
        ({"pms": 31}, "enterprise", "bu_heads"),
        ({"pms": 36}, "enterprise", "bu_heads"),
        ({"pms": 37}, "enterprise", "bu_heads"),
        ({"employees": 50}, "startup", "scaleup"),
        ({"employees": 51}, "scaleup", "head_led"),
        ({"employees": 499}, "scaleup", "head_led"),
        ({"employees": 501}, "enterprise", "bu_heads"),
        ({"employees": 60_000}, "enterprise", "bu_heads"),
    ],
)
def test_recommendation_at_band_edges(
    params: dict[str, int], variant: str, runner_up: str | None
) -> None:
    rec = recommend_variant(**params)  # type: ignore[arg-type]  # keyword counts
    assert (rec.variant, rec.runner_up) == (variant, runner_up)
    assert rec.decided_by == ("pms" if "pms" in params else "employees")
    assert any(variant in reason for reason in rec.reasons)


def test_recommendation_reasons_name_the_band_and_the_input() -> None:
    rec = recommend_variant(employees=300)
    assert rec.reasons[0] == "300 employees fall in scaleup's employee band 40-600"
    assert "suggest about 19 PMs" in rec.reasons[1]
    assert rec.pms == 19
    assert "runner-up head_led: the same size bands" in rec.reasons[-1]
    rec = recommend_variant(pms=12, employees=150)
    assert rec.reasons[:2] == (
        "12 PMs fall in scaleup's PM band 5-36",
        "150 employees fall in its band 40-600",
    )


def test_recommendation_reasons_agree_in_number() -> None:
    assert recommend_variant(employees=1).reasons[:2] == (
        "1 employee falls in startup's employee band 1-60",
        "1 employee suggests about 0 PMs (one per 16 employees: 6-10 engineers per PM, about half "
        "of a company builds the product); a startup template starts from 2 (the fewest its band "
        "and spans allow)",
    )
    assert recommend_variant(pms=1).reasons[0] == "1 PM falls in startup's PM band 0-6"


def test_pms_decide_when_employees_disagree() -> None:
    rec = recommend_variant(pms=10, employees=5000)
    assert rec.variant == "scaleup"
    assert rec.decided_by == "pms"
    assert any("the PM count decides" in reason for reason in rec.reasons)


def test_structure_can_decide_between_same_size_variants() -> None:
    rec = recommend_variant(pms=80, product_lines=3, business_units=4)
    assert (rec.variant, rec.runner_up, rec.decided_by) == (
        "bu_heads",
        "enterprise",
        "product_lines",
    )
    assert any(reason.startswith("not enterprise:") for reason in rec.reasons)
    rec = recommend_variant(pms=80, product_lines=12, business_units=3)
    assert rec.variant == "enterprise"
    assert rec.decided_by == "pms"


def test_every_recommendation_can_be_built() -> None:
    for employees in (5, 45, 50, 51, 120, 499, 500, 501, 2_000, 15_000):
        rec = recommend_variant(employees=employees)
        chart = template(rec.variant, employees=employees)
        assert validate(chart, rec.variant).findings == (), employees
        assert pm_count(chart) == rec.pms


def test_recommendation_is_json_able_and_printable() -> None:
    rec = recommend_variant(pms=12)
    data = rec.to_dict()
    assert data["variant"] == "scaleup"
    assert data["runner_up"] == "head_led"
    assert str(rec).splitlines()[0] == "scaleup (runner-up: head_led)"


def test_recommendation_needs_a_size() -> None:
    with pytest.raises(TemplateError, match="needs employees or pms"):
        recommend_variant()
    with pytest.raises(TemplateError, match="employees must be at least 1"):
        recommend_variant(employees=0)


def test_recommendation_among_own_candidates() -> None:
    mine = get_variant("scaleup").derive(name="mine", pms={"min": 0, "max": 1000})
    assert recommend_variant(pms=500, candidates=[mine]).variant == "mine"


# -- the examples `make demo` runs -------------------------------------------------------------

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize("name", BUILTIN_VARIANTS)
def test_each_variant_example_builds_validates_and_saves(name: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / f"{name}.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert ", 0 findings -> " in result.stdout.splitlines()[0]
    chart = orgroles.load(tmp_path / f"{name}.yaml")
    assert chart.variant == name
    assert validate(chart).findings == ()


# -- the docs page shows what template() produces ------------------------------------------------

DOCS = Path(__file__).resolve().parents[1] / "docs" / "templates.md"


@pytest.mark.parametrize(
    ("name", "params", "depth"),
    [
        ("startup", {"pms": 4, "analysts": True}, None),
        ("scaleup", {"pms": 12}, None),
        ("head_led", {"pms": 20}, 3),
        ("enterprise", {"pms": 40}, 4),
        ("bu_heads", {"pms": 40}, 4),
    ],
)
def test_docs_show_the_current_templates(
    name: str, params: dict[str, Any], depth: int | None
) -> None:
    tree = orgroles.to_text(template(name, **params), depth=depth)
    assert f"```text\n{tree}\n```" in DOCS.read_text(encoding="utf-8"), (
        f"docs/templates.md shows an outdated {name} template; regenerate its tree"
    )


@pytest.mark.slow
@pytest.mark.parametrize("variant", ["enterprise", "bu_heads"])
@pytest.mark.parametrize("units", range(1, 31))
def test_any_number_of_business_units_from_1_to_30_builds_clean(variant: str, units: int) -> None:
    chart = orgroles.template(variant, business_units=units)
    report = orgroles.validate(chart, variant)
    assert report.findings == ()
    if variant == "enterprise":  # a Senior Director per unit
        assert sum(p.role == "senior_director" for p in chart) == units
    else:  # a Head of Product per unit under every Director, or shared out past six
        heads = sum(p.role == "head_of_product" for p in chart)
        directors = sum(p.role == "director" for p in chart)
        assert heads == (units * directors if units <= 6 else units)


@settings(max_examples=25, deadline=None)
@given(
    st.sampled_from(["enterprise", "bu_heads"]),
    st.integers(1, 30),
    st.booleans(),
    st.booleans(),
)
def test_business_units_build_clean_with_or_without_partners(
    variant: str, units: int, designers: bool, analysts: bool
) -> None:
    chart = orgroles.template(variant, business_units=units, designers=designers, analysts=analysts)
    assert orgroles.validate(chart, variant).findings == ()
