"""Variants: the built-ins as data, lookups, deriving, and variant files."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

import orgroles
from orgroles import OrgFileError, UnknownVariantError, Variant, get_variant, load_variant
from orgroles._variants import (
    BUILTIN_VARIANTS,
    COMPANY,
    PM_ROLES,
    SizeBand,
    fitting_variants,
    loads_variant,
    variants,
)


class TestBuiltins:
    def test_five_builtins_in_size_order(self) -> None:
        assert [v.name for v in variants()] == [
            "startup",
            "scaleup",
            "head_led",
            "enterprise",
            "bu_heads",
        ]
        assert tuple(v.name for v in variants()) == BUILTIN_VARIANTS

    def test_builtins_ship_as_yaml_data(self) -> None:
        folder = Path(orgroles.__file__).parent / "data" / "variants"
        shipped = sorted(p.stem for p in folder.glob("*.yaml"))
        assert shipped == sorted([*BUILTIN_VARIANTS, COMPANY])  # company: no product template
        for v in [*variants(), get_variant(COMPANY)]:
            assert v.description, f"{v.name} says what kind of org it is"
            assert v.shape, f"{v.name} documents its intended shape"

    @pytest.mark.parametrize(
        ("name", "top_leader", "hop_vs_director"),
        [
            ("startup", ("head_of_product", "director"), 0),
            ("scaleup", ("cpo", "vp_product"), 0),
            ("head_led", ("head_of_product",), 1),
            ("enterprise", ("cpo",), 0),
            ("bu_heads", ("cpo",), -1),
        ],
    )
    def test_head_of_product_ranks_differently(
        self, name: str, top_leader: tuple[str, ...], hop_vs_director: int
    ) -> None:
        v = get_variant(name)
        assert v.top_leader == top_leader
        assert v.top_leader_reports_to == ("ceo",)
        hop, director = v.rank_of("head_of_product"), v.rank_of("director")
        assert hop is not None
        assert director is not None
        assert (hop > director) - (hop < director) == hop_vs_director

    def test_design_span_facts(self) -> None:
        for v in variants():
            assert (v.spans.ics.min, v.spans.ics.max) == (3, 12)
            assert v.spans.managers.max == 6
            assert (v.spans.roles["gpm"].min, v.spans.roles["gpm"].max) == (2, 6)
            assert v.spans.excessive == 17

    def test_bands_follow_the_design_table(self) -> None:
        startup, scaleup, head_led, enterprise, bu_heads = variants()
        assert startup.pms.contains(5)
        assert not startup.pms.contains(8)
        assert scaleup.pms.contains(6)
        assert scaleup.pms.contains(30)
        assert head_led.employees == scaleup.employees
        assert enterprise.pms.max is None
        assert enterprise.pms.contains(30)
        assert bu_heads.employees.contains(500)
        assert not bu_heads.employees.contains(300)

    def test_fitting_variants(self) -> None:
        assert [v.name for v in fitting_variants(pms=3)] == ["startup"]
        assert [v.name for v in fitting_variants(pms=12)] == ["scaleup", "head_led"]
        assert [v.name for v in fitting_variants(pms=80)] == ["enterprise", "bu_heads"]
        assert fitting_variants(pms=3, employees=5000) == []

    def test_pm_roles(self) -> None:
        assert PM_ROLES == ("apm", "pm", "senior_pm", "principal_pm")

    def test_may_manage(self) -> None:
        startup, scaleup = get_variant("startup"), get_variant("scaleup")
        assert scaleup.may_manage("pm", "apm") is True
        assert scaleup.may_manage("pm", "director") is False
        assert startup.may_manage("pm", "apm") is None  # an IC in startup: ic-with-reports
        assert scaleup.may_manage("cpo", "product_owner") is None  # unranked: not judged


class TestLookup:
    def test_unknown_name_suggests(self) -> None:
        with pytest.raises(UnknownVariantError) as caught:
            get_variant("scalup")
        assert isinstance(caught.value, KeyError)
        assert "did you mean 'scaleup'" in str(caught.value)
        assert "choose from: bu_heads, company, enterprise, head_led, scaleup, startup" in str(
            caught.value
        )

    def test_variant_passes_through(self) -> None:
        v = get_variant("startup")
        assert get_variant(v) is v


class TestDerive:
    def test_mappings_merge_and_values_replace(self) -> None:
        base = get_variant("enterprise")
        acme = base.derive(name="acme", spans={"ics": {"max": 15}}, forbidden=["head_of_product"])
        assert acme.name == "acme"
        assert (acme.spans.ics.min, acme.spans.ics.max) == (3, 15)
        assert acme.spans.managers == base.spans.managers
        assert acme.forbidden == ("head_of_product",)
        assert acme.ranks == base.ranks
        assert base.spans.ics.max == 12, "the base is unchanged"

    def test_derived_variant_is_checked(self) -> None:
        with pytest.raises(ValidationError, match="not ranked"):
            get_variant("startup").derive(name="bad", manages={"ceo": ["wizard"]})
        with pytest.raises(ValidationError, match="below min"):
            get_variant("startup").derive(name="bad", pms={"min": 9, "max": 3})

    def test_a_top_leader_cannot_be_forbidden(self) -> None:
        with pytest.raises(ValidationError, match="also forbidden"):
            get_variant("startup").derive(name="bad", forbidden=["head_of_product"])

    def test_summary(self) -> None:
        assert get_variant("enterprise").summary() == (
            "enterprise: employees 400+, PMs 25+, top leader cpo -> ceo"
        )
        assert str(SizeBand(min=2, max=4)) == "2-4"


class TestFiles:
    def test_extends_a_builtin(self, tmp_path: Path) -> None:
        path = tmp_path / "acme.yaml"
        path.write_text(
            "name: acme\nextends: scaleup\nmax_layers: 4\nrequired: [director, [gpm, pm]]\n",
            encoding="utf-8",
        )
        acme = load_variant(path)
        assert isinstance(acme, Variant)
        assert acme.max_layers == 4
        assert acme.top_leader == ("cpo", "vp_product")
        assert acme.required == (("director",), ("gpm", "pm"))

    def test_json_file(self, tmp_path: Path) -> None:
        path = tmp_path / "mine.json"
        path.write_text('{"name": "mine", "top_leader": ["cpo"], "ranks": {"cpo": 80}}', "utf-8")
        assert load_variant(path).ranks == {"cpo": 80}

    def test_problems_name_file_and_line(self, tmp_path: Path) -> None:
        path = tmp_path / "bad.yaml"
        path.write_text(
            "name: bad\nextends: startup\nmax_layer: 4\nspans: {ics: {max: x}}\n", "utf-8"
        )
        with pytest.raises(OrgFileError) as caught:
            load_variant(path)
        text = str(caught.value)
        assert f"{path}:3" in text
        assert "did you mean 'max_layers'" in text
        assert f"{path}:4" in text

    def test_unknown_base(self) -> None:
        with pytest.raises(OrgFileError, match="did you mean 'enterprise'"):
            loads_variant("name: x\nextends: enterprize\n")

    def test_not_a_mapping(self) -> None:
        with pytest.raises(OrgFileError, match="a variant file is a mapping"):
            loads_variant("- startup\n")

    def test_a_nested_unknown_key_is_named_in_full(self, tmp_path: Path) -> None:
        path = tmp_path / "mine.yaml"
        path.write_text(
            "name: mine\nextends: startup\nspans:\n  ic: {max: 9}\n  roles: {gpm: {maxx: 4}}\n",
            encoding="utf-8",
        )
        with pytest.raises(OrgFileError) as caught:
            load_variant(path)
        problems = [str(p) for p in caught.value.problems]
        assert problems == [
            f"{path}:4: field 'spans.ic': unknown variant field 'spans.ic' (did you mean "
            "'spans.ics'? choose from: spans.excessive, spans.ics, spans.managers, spans.roles)",
            f"{path}:5: field 'spans.roles.gpm.maxx': unknown variant field "
            "'spans.roles.gpm.maxx' (did you mean 'spans.roles.gpm.max'? choose from: "
            "spans.roles.gpm.max, spans.roles.gpm.min)",
        ]
