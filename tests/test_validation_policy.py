"""Policy problems: every one at once, each with the file and line it was written on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import orgroles
from orgroles import OrgDataError, UnknownRuleError, validate
from orgroles._policy import policy_from_data
from orgroles.validation import Policy, load_policy

# -- policies: every problem, each where it was written ----------------------------------------


def test_every_policy_problem_is_reported_with_its_place(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(
        "rules:\n"
        "  one-to-on: off\n"
        "  multiple-roots: {options: {max_root: 2}}\n"
        "variant:\n"
        "  max_layer: 3\n"
        "  spans: {ic: {max: 9}}\n",
        encoding="utf-8",
    )
    with pytest.raises(UnknownRuleError) as raised:
        validate(orgroles.template("startup"), policy=load_policy(path))
    assert isinstance(raised.value, KeyError), "validate's contract for an unknown code"
    lines = str(raised.value).splitlines()
    assert lines[0] == "invalid validation policy: 4 problems"
    assert lines[1].startswith(f"  {path}:2: field 'rules.one-to-on': unknown rule code")
    assert "did you mean 'one-to-one'?" in lines[1]
    assert lines[2].startswith(f"  {path}:3: field 'rules.multiple-roots.options.max_root': ")
    assert "did you mean 'max_roots'?" in lines[2]
    assert lines[3].startswith(f"  {path}:5: field 'variant.max_layer': unknown variant field")
    assert "did you mean 'max_layers'?" in lines[3]
    assert lines[4].startswith(f"  {path}:6: field 'variant.spans.ic': unknown variant field")
    assert "did you mean 'spans.ics'?" in lines[4]


def test_variant_change_problems_alone_are_an_org_data_error() -> None:
    policy = policy_from_data({"variant": {"max_layers": 0}}, source="acme.yaml")
    with pytest.raises(OrgDataError) as raised:
        validate(orgroles.template("startup"), policy=policy)
    assert not isinstance(raised.value, UnknownRuleError)
    assert str(raised.value).splitlines()[1].startswith("  acme.yaml: field 'variant.max_layers': ")


def test_places_survive_a_merge_and_do_not_change_equality() -> None:
    base = policy_from_data(
        {"rules": {"cycle": "off", "one-to-one": "info"}, "variant": {"max_layers": 4}},
        lines={("rules", "cycle"): 2, ("rules", "one-to-one"): 3, ("variant", "max_layers"): 5},
        source="org.yaml",
        prefix=(),
    )
    top = policy_from_data({"rules": {"cycle": "error"}}, source="policy.yaml")
    merged = base.merge(top)
    assert str(merged.problem("x", "rules", "cycle")) == "policy.yaml: field 'rules.cycle': x"
    assert (
        str(merged.problem("x", "rules", "one-to-one")) == "org.yaml:3: field 'rules.one-to-one': x"
    )
    assert str(merged.problem("x", "variant", "max_layers")) == (
        "org.yaml:5: field 'variant.max_layers': x"
    )
    assert merged == Policy(
        rules={"cycle": "error", "one-to-one": "info"}, variant={"max_layers": 4}
    )


ORG_WITH_POLICY = """\
validation:
  rules:
    one-to-one: info
  variant:
    max_layers: 8
positions:
  - {id: ceo, role: ceo}
"""


@pytest.mark.parametrize(
    ("argument", "place"),
    [
        (Policy(rules={"cycl": "off"}), "the policy argument"),
        ({"rules": {"cycl": "off"}}, "the policy argument"),
        (policy_from_data({"rules": {"cycl": "off"}}, source="acme.yaml"), "acme.yaml"),
    ],
    ids=["Policy", "mapping", "policy-file"],
)
def test_an_unknown_code_in_the_argument_is_not_blamed_on_the_charts_key(
    argument: Policy | dict[str, object], place: str
) -> None:
    chart = orgroles.loads(ORG_WITH_POLICY, source="org.yaml")
    with pytest.raises(UnknownRuleError) as raised:
        validate(chart, policy=argument)
    assert (
        str(raised.value)
        .splitlines()[1]
        .startswith(f"  {place}: field 'rules.cycl': unknown rule code 'cycl'")
    )


def test_a_setting_from_the_argument_is_never_placed_at_the_bases_line() -> None:
    # As the CLI reads the org file: its validation: key with the lines it was written on.
    base = policy_from_data(
        {"rules": {"one-to-one": "info"}, "variant": {"max_layers": 8}},
        lines={("validation", "rules"): 2, ("validation", "variant"): 4, ("validation",): 1},
        source="org.yaml",
        prefix=("validation",),
    )
    merged = base.merge(Policy(rules={"cycl": "off"}, variant={"max_layers": 0}))
    assert str(merged.problem("x", "rules", "cycl")) == "field 'rules.cycl': x"
    assert str(merged.problem("x", "variant", "max_layers")) == "field 'variant.max_layers': x"
    # The base's own entries keep their places.
    assert str(merged.problem("x", "rules", "one-to-one")) == (
        "org.yaml:2: field 'validation.rules.one-to-one': x"
    )
    with pytest.raises(UnknownRuleError) as raised:
        validate(orgroles.template("startup"), policy=merged)
    assert [line.split(": ")[:2] for line in str(raised.value).splitlines()[1:]] == [
        ["  the policy argument", "field 'rules.cycl'"],
        ["  the policy argument", "field 'variant.max_layers'"],
    ]
    assert "org.yaml" not in str(raised.value)


def test_the_unknown_codes_a_refusal_names_are_those_the_plan_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from orgroles.validation import registry

    asked: list[str] = []
    is_registered = registry.is_registered

    def counted(code: str) -> bool:
        asked.append(code)
        return is_registered(code)

    monkeypatch.setattr(registry, "is_registered", counted)
    with pytest.raises(UnknownRuleError) as raised:
        validate(orgroles.template("startup"), policy={"rules": {"cycl": "off", "cycle": "info"}})
    assert raised.value.key == "cycl"
    assert sorted(asked) == ["cycl", "cycle"]  # each code looked up once


def test_a_refused_policy_file_names_its_unknown_rule_codes_in_the_same_run(
    tmp_path: Path,
) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(
        "rules:\n  one-to-on: off\n  vacant-manager: maybe\n  cycle: {severity: eror}\n"
        "extra_key: 1\n",
        encoding="utf-8",
    )
    with pytest.raises(orgroles.OrgFileError) as raised:
        load_policy(path)
    problems = raised.value.problems
    assert [(p.place.line, p.place.field) for p in problems] == [
        (2, "rules.one-to-on"),
        (3, "rules.vacant-manager"),
        (4, "rules.cycle.severity"),
        (5, "extra_key"),
    ]
    assert "did you mean 'one-to-one'" in problems[0].message


# -- the org file's policy: parsed once, with its lines ---------------------------------------


def _counting_parses(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every policy built from data from now on (policy_from_data validates through this)."""
    parsed: list[object] = []
    validate_model = Policy.model_validate

    def counted(data: Any, *args: Any, **kwargs: Any) -> Policy:
        parsed.append(data)
        return validate_model(data, *args, **kwargs)

    monkeypatch.setattr(Policy, "model_validate", counted)
    return parsed


def test_the_validate_command_parses_the_org_files_policy_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from orgroles.cli import main

    path = tmp_path / "org.yaml"
    path.write_text(ORG_WITH_POLICY.replace("one-to-one: info", "cycl: off"), encoding="utf-8")
    parsed = _counting_parses(monkeypatch)
    assert main(["validate", str(path)]) == 2
    assert len(parsed) == 1  # read with the file; the run does not parse the chart's copy again
    # ... and the run still places what it refuses at the line the file has it on.
    assert f"{path}:3: field 'validation.rules.cycl': unknown rule code" in capsys.readouterr().err


def test_a_loaded_policy_judges_as_the_charts_own_key_does(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = orgroles.orgfile.loads_with_lines(ORG_WITH_POLICY, source="org.yaml")
    assert loaded.policy == policy_from_data(loaded.chart.validation)
    expected = validate(loaded.chart)
    parsed = _counting_parses(monkeypatch)
    assert validate(loaded.chart, policy=loaded.policy) == expected
    assert parsed == []
    # A chart whose key was changed after loading is parsed again: the policy no longer holds it.
    assert loaded.chart.validation is not None
    loaded.chart.validation["rules"] = {"one-to-one": "off"}
    assert validate(loaded.chart, policy=loaded.policy).codes() == expected.codes()
    assert len(parsed) == 1
