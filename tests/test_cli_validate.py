"""``orgroles validate`` and ``orgroles variants``: output, formats and exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from orgroles.cli import main

CLEAN = """\
variant: startup
positions:
  - {id: ceo, role: ceo, name: Ada}
  - {id: hop, role: head_of_product, name: Grace, reports_to: ceo}
  - {id: pm-1, role: pm, name: Lin, reports_to: hop}
  - {id: pm-2, role: pm, reports_to: hop}
  - {id: design, role: designer, name: Ines, reports_to: hop}
"""

NARROW = """\
variant: startup
positions:
  - {id: ceo, role: ceo}
  - {id: hop, role: head_of_product, reports_to: ceo}
  - {id: pm-1, role: pm, reports_to: hop}
  - {id: pm-2, role: pm, reports_to: hop}
"""

BROKEN = """\
positions:
  - {id: ceo, role: ceo}
  - {id: hop, role: head_of_product, reports_to: ceo}
  - {id: a, role: pm, reports_to: b}
  - {id: b, role: pm, reports_to: a}
  - {id: c, role: pm, reports_to: nobody}
"""


Writer = Callable[..., str]


@pytest.fixture
def write(tmp_path: Path) -> Writer:
    def _write(text: str, name: str = "org.yaml") -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return _write


def test_clean_org_exits_0(write: Writer, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", write(CLEAN)]) == 0
    out = capsys.readouterr().out
    assert "variant: startup (named by the chart's variant key)" in out
    assert out.rstrip().endswith("0 errors, 0 warnings, 0 infos")


def test_errors_exit_1_grouped_with_ids_and_hints(
    write: Writer, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(BROKEN)
    assert main(["validate", path]) == 1
    captured = capsys.readouterr()
    out = captured.out
    assert "errors (" in out
    # Each finding starts with the file and line of its first position, as compilers write it.
    assert (
        f"  {path}:4: cycle [a, b]: 2 positions report to each other in a loop: a -> b -> a" in out
    )
    assert f"  {path}:6: unknown-manager [c]:" in out
    assert "    hint: " in out
    assert "validation failed" in captured.err


def test_lines_in_json_org_files_and_from_stdin(
    write: Writer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    import orgroles

    text = orgroles.dumps(orgroles.loads(BROKEN), format="json")
    path = write(text, "org.json")
    assert main(["validate", path]) == 1
    out = capsys.readouterr().out
    # The line of a JSON position is the line of its opening brace, just above its id.
    brace_line = text.splitlines().index('      "id": "a",')  # 0-based id line = 1-based brace
    assert f"  {path}:{brace_line}: cycle [a, b]" in out
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BROKEN.encode("utf-8"))))
    assert main(["validate", "-"]) == 1
    out = capsys.readouterr().out
    assert "\n  <stdin>:4: cycle [a, b]: " in out
    assert "\n  <stdin>:6: unknown-manager [c]: " in out
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    assert main(["validate", "-"]) == 1
    assert f"\n  <stdin>:{brace_line}: cycle [a, b]: " in capsys.readouterr().out


def test_warnings_fail_only_with_strict(write: Writer, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(NARROW)
    assert main(["validate", path]) == 0
    assert main(["validate", path, "--strict"]) == 1
    assert "--strict" in capsys.readouterr().err


def test_json_is_exactly_the_report(write: Writer, capsys: pytest.CaptureFixture[str]) -> None:
    import orgroles

    path = write(BROKEN)
    assert main(["validate", path, "--format", "json", "--variant", "startup"]) == 1
    data = json.loads(capsys.readouterr().out)
    loaded = orgroles.orgfile.load_with_lines(path)
    report = orgroles.validate(loaded.chart, "startup")
    assert data == report.placed(path, loaded.position_lines()).to_dict()
    assert data["format_version"] == 1
    first = data["findings"][0]
    assert list(first) == ["code", "severity", "message", "hint", "place"]
    assert first["place"]["source"] == path
    assert first["place"]["line"] == loaded.position_lines()[first["place"]["positions"][0]]


def test_variant_and_policy_files(write: Writer, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(NARROW)
    policy = write("rules:\n  span-too-narrow: error\n", "policy.yaml")
    assert main(["validate", path, "--policy", policy]) == 1
    variant = write("name: loose\nextends: startup\nspans: {ics: {min: 2}}\n", "loose.yaml")
    assert main(["validate", path, "--variant", variant, "--strict"]) == 0
    assert "variant: loose" in capsys.readouterr().out


def test_template_of_an_own_variant_validates_with_its_file(
    write: Writer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    variant = write("name: acme\nextends: enterprise\nspans: {ics: {max: 10}}\n", "acme.yaml")
    org = str(tmp_path / "acme-org.yaml")
    assert main(["template", variant, "--pms", "40", "-o", org]) == 0
    capsys.readouterr()
    assert main(["validate", org]) == 2
    err = capsys.readouterr().err
    line = Path(org).read_text(encoding="utf-8").splitlines().index("variant: acme") + 1
    assert err.startswith(f"orgroles: {org}:{line}: unknown variant 'acme' (choose from: ")
    assert f"orgroles validate {org} --variant VARIANT_FILE" in err
    assert main(["validate", org, "--variant", variant, "--strict"]) == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "missing.yaml"], "cannot read"),
        (["validate", "{org}", "--variant", "scalup"], "did you mean 'scaleup'"),
        (["validate", "{org}", "--policy", "{bad_policy}"], "cycle"),
        (["validate", "{org}", "--plugin", "no_such_module_xyz"], "cannot import plugin"),
    ],
)
def test_bad_usage_exits_2(
    write: Writer, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    org = write(CLEAN)
    bad_policy = write("rules:\n  cycle: sometimes\n", "bad.yaml")
    argv = [a.format(org=org, bad_policy=bad_policy) for a in args]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_unreadable_org_file_exits_2(write: Writer, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", write("positions: [}\n")]) == 2
    assert "invalid YAML" in capsys.readouterr().err


def test_a_refused_validation_key_names_its_unknown_rule_codes_in_the_same_run(
    write: Writer, capsys: pytest.CaptureFixture[str]
) -> None:
    # Refused for its shape (a bad severity, an unknown key), the org file's policy also names
    # its unknown rule code, so one run shows every mistake with its line.
    path = write(
        "positions:\n  - {id: ceo, role: ceo}\nvalidation:\n  rules:\n    cycles: off\n"
        "    one-to-one: {severity: loud}\n  max_roots: two\n"
    )
    assert main(["validate", path]) == 2
    problems = [line.strip() for line in capsys.readouterr().err.splitlines()[1:]]
    assert [line.split(":")[1] for line in problems] == ["5", "6", "7"]
    assert "'cycles' (did you mean 'cycle'?)" in problems[0]
    assert "'loud'" in problems[1]
    assert "'max_roots'" in problems[2]


def test_list_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--list-rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["cycle", "error", "structure"]
    assert any(line.startswith("unranked-role") for line in lines)


def test_file_is_required_without_list_rules(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["validate"])
    assert caught.value.code == 2
    assert "FILE is required" in capsys.readouterr().err


def test_variants_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["variants"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["variant", "employees", "PMs"]
    assert [line.split()[0] for line in lines[1:]] == [
        "startup",
        "scaleup",
        "head_led",
        "enterprise",
        "bu_heads",
    ]
    assert main(["variants", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data[0]["name"] == "startup"
    assert data[0]["top_leader"] == ["head_of_product", "director"]


def test_subprocess_reads_stdin_and_exits_1() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "orgroles", "validate", "-", "--format", "json"],
        input=BROKEN,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert data["variant_source"] == "auto"
    assert "cycle" in {f["code"] for f in data["findings"]}


def test_policy_file_problems_are_all_reported_with_file_and_line(
    write: Writer, capsys: pytest.CaptureFixture[str]
) -> None:
    org = write(CLEAN)
    policy = write(
        "rules:\n  one-to-on: off\n  cycle: {options: {x: 1}}\nvariant:\n  max_layer: 3\n",
        "pol.yaml",
    )
    assert main(["validate", org, "--policy", policy]) == 2
    err = capsys.readouterr().err
    assert err.startswith("orgroles: invalid validation policy: 3 problems\n")
    assert (
        f"  {policy}:2: field 'rules.one-to-on': unknown rule code 'one-to-on' "
        "(did you mean 'one-to-one'?)"
    ) in err
    assert f"  {policy}:3: field 'rules.cycle.options.x': rule 'cycle' takes no options" in err
    assert (
        f"  {policy}:5: field 'variant.max_layer': unknown variant field 'max_layer' "
        "(did you mean 'max_layers'?"
    ) in err
    assert "Traceback" not in err


def test_org_file_validation_key_problems_name_the_org_file_and_line(
    write: Writer, capsys: pytest.CaptureFixture[str]
) -> None:
    text = CLEAN.replace(
        "positions:\n",
        "validation:\n  rules:\n    one-to-on: off\n  variant:\n    spans: {ic: {max: 9}}\n"
        "positions:\n",
    )
    org = write(text)
    assert main(["validate", org]) == 2
    err = capsys.readouterr().err
    assert f"  {org}:4: field 'validation.rules.one-to-on': unknown rule code 'one-to-on'" in err
    assert (
        f"  {org}:6: field 'validation.variant.spans.ic': unknown variant field 'spans.ic' "
        "(did you mean 'spans.ics'?"
    ) in err


def test_an_unknown_variant_key_names_line_nearest_and_the_own_variant_route(
    write: Writer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    text = "name: Acme\norgroles: 1\nvariant: scale-up\n" + CLEAN.split("\n", 1)[1]
    org = write(text)
    assert main(["validate", org]) == 2
    assert capsys.readouterr().err == (
        f"orgroles: {org}:3: unknown variant 'scale-up' (did you mean 'scaleup'? choose from: "
        "bu_heads, company, enterprise, head_led, scaleup, startup)\n"
        "  hint: a variant of your own (such as the one a template was made from) is read from "
        f"its file: orgroles validate {org} --variant VARIANT_FILE\n"
    )
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    assert main(["validate", "-", "--format", "json"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("orgroles: <stdin>:3: unknown variant 'scale-up' (did you mean")
    assert "orgroles validate - --variant VARIANT_FILE" in err
    # --variant decides, so the file's own key is not judged.
    assert main(["validate", org, "--variant", "startup"]) == 0


@pytest.mark.parametrize("name", ["org.yaml", "org.json", "org.txt", "-"])
def test_the_org_file_is_parsed_once(
    write: Writer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
) -> None:
    # A second parse for the lines doubled the time of a 50,000-position file.
    import io

    import orgroles
    from orgroles import _yamljson

    text = BROKEN if name != "org.json" else orgroles.dumps(orgroles.loads(BROKEN), format="json")
    parses: list[str] = []
    parse_yaml_node = _yamljson._Loader.get_single_node
    load_json = _yamljson.load_json

    def counted_yaml(loader: _yamljson._Loader) -> object:
        parses.append("yaml")
        return parse_yaml_node(loader)

    def counted_json(text: str, *, max_depth: int | None = None) -> object:
        parses.append("json")
        return load_json(text, max_depth=max_depth)

    orgroles.variants()  # the built-in variants are YAML too: read before counting
    monkeypatch.setattr(_yamljson._Loader, "get_single_node", counted_yaml)
    monkeypatch.setattr(_yamljson, "load_json", counted_json)
    if name == "-":
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
        path = "-"
    else:
        path = write(text, name)
    assert main(["validate", path]) == 1
    assert parses == ["json" if name == "org.json" else "yaml"]
    label = re.escape("<stdin>" if name == "-" else path)
    assert re.search(rf"\n  {label}:[0-9]+: unknown-manager \[c\]: ", capsys.readouterr().out)


ACME_INIT = """\
import orgroles

from orgroles_acme._helpers import headcount_budget


@orgroles.rule("acme-budget")
def find_over_budget(run):
    return [] if len(run.chart) <= headcount_budget() else []
"""

# The helper fails inside another library (PyYAML): the line to fix is still the plugin's.
ACME_HELPERS = """\
import yaml


def headcount_budget():
    return yaml.safe_load("budget: [")["budget"]
"""


@pytest.fixture
def acme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A plugin package ``orgroles_acme`` on sys.path; its modules and rule go afterwards."""
    from orgroles.validation import registered_rules, unregister_rule

    package = tmp_path / "site" / "orgroles_acme"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(ACME_INIT, encoding="utf-8")
    (package / "_helpers.py").write_text(ACME_HELPERS, encoding="utf-8")
    monkeypatch.syspath_prepend(str(package.parent))
    before = {rule.code for rule in registered_rules()}
    yield package
    for name in [m for m in sys.modules if m.partition(".")[0] == "orgroles_acme"]:
        del sys.modules[name]
    for rule in registered_rules():
        if rule.code not in before:
            unregister_rule(rule.code)


def test_a_failing_plugin_rule_names_the_plugins_own_line(
    write: Writer, capsys: pytest.CaptureFixture[str], acme: Path
) -> None:
    assert main(["validate", write(CLEAN), "--plugin", "orgroles_acme"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        "orgroles: plugin 'orgroles_acme': rule 'acme-budget' "
        "(orgroles_acme.find_over_budget) failed: ParserError: while parsing a flow node\n"
    )
    # Not PyYAML's frame, where the error was raised, nor orgroles': the plugin's line.
    assert f" ({acme / '_helpers.py'}:5)\n  hint: fix the rule," in err
    assert "Traceback" not in err


def test_a_plugin_beside_orgroles_with_a_name_that_starts_the_same_is_located(
    write: Writer, tmp_path: Path, acme: Path
) -> None:
    # Installed side by side, as in one site-packages: .../orgroles and .../orgroles_acme.
    # A path-prefix test took the plugin's files for orgroles' own and named no line.
    import orgroles

    (acme.parent / "orgroles").symlink_to(Path(orgroles.__file__).parent, target_is_directory=True)
    (acme / "_helpers.py").write_text("def headcount_budget():\n    return 1 / 0\n", "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "orgroles", "validate", write(CLEAN), "--plugin", "orgroles_acme"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(acme.parent)},
        timeout=60,
    )
    assert result.returncode == 2
    assert "ZeroDivisionError: division by zero (" in result.stderr
    assert f" ({acme / '_helpers.py'}:2)\n" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_rule_code_in_a_policy_points_to_list_rules(
    write: Writer, capsys: pytest.CaptureFixture[str]
) -> None:
    org = write(CLEAN)
    policy = write("rules:\n  one-to-on: off\n", "policy.yaml")
    assert main(["validate", org, "--policy", policy]) == 2
    err = capsys.readouterr().err
    assert f"{policy}:2: field 'rules.one-to-on': unknown rule code 'one-to-on'" in err
    assert "(hint: --list-rules lists them)" in err
