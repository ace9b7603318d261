"""``orgroles validate --plugin``: a plugin that fails is exit 2, named, and never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cli_run import run
from orgroles.validation import registered_rules, unregister_rule

ORG = """\
variant: startup
positions:
  - {id: ceo, role: ceo, name: Ada}
  - {id: hop, role: head_of_product, name: Grace, reports_to: ceo}
  - {id: pm-1, role: pm, name: Lin, reports_to: hop}
  - {id: pm-2, role: pm, reports_to: hop}
  - {id: design, role: designer, name: Ines, reports_to: hop}
"""

Plugin = Callable[[str, str], str]


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Plugin]:
    """Write a plugin module importable by name; its rules and module are gone afterwards."""
    monkeypatch.syspath_prepend(str(tmp_path))
    before = {rule.code for rule in registered_rules()}
    written: list[str] = []

    def write(name: str, source: str) -> str:
        (tmp_path / f"{name}.py").write_text(source, encoding="utf-8")
        written.append(name)
        return name

    yield write
    for name in written:
        sys.modules.pop(name, None)
    for rule in registered_rules():
        if rule.code not in before:
            unregister_rule(rule.code)


@pytest.fixture
def org(tmp_path: Path) -> str:
    path = tmp_path / "org.yaml"
    path.write_text(ORG, encoding="utf-8")
    return str(path)


def test_a_plugin_that_raises_on_import(
    capsys: pytest.CaptureFixture[str], plugin: Plugin, org: str, tmp_path: Path
) -> None:
    name = plugin("plugin_boom", "x = 1\nraise RuntimeError('no licence key')\n")
    code, out, err = run(capsys, "validate", org, "--plugin", name)
    assert (code, out) == (2, "")
    path = tmp_path / "plugin_boom.py"
    assert err == (
        f"orgroles: cannot import plugin 'plugin_boom': RuntimeError: no licence key ({path}:2)\n"
        "  hint: fix the plugin, or leave out --plugin plugin_boom\n"
    )


def test_a_missing_plugin_says_what_to_give(capsys: pytest.CaptureFixture[str], org: str) -> None:
    code, _, err = run(capsys, "validate", org, "--plugin", "no_such_plugin_xyz")
    assert code == 2
    assert err.startswith(
        "orgroles: cannot import plugin 'no_such_plugin_xyz': no module named 'no_such_plugin_xyz'"
    )
    assert "PYTHONPATH=." in err


def test_a_plugin_whose_own_import_is_missing_is_not_called_missing(
    capsys: pytest.CaptureFixture[str], plugin: Plugin, org: str
) -> None:
    name = plugin("plugin_needs", "import no_such_dependency_xyz\n")
    code, _, err = run(capsys, "validate", org, "--plugin", name)
    assert code == 2
    assert err.startswith(
        "orgroles: cannot import plugin 'plugin_needs': ModuleNotFoundError: "
        "No module named 'no_such_dependency_xyz' ("
    )


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "import orgroles\norgroles.register_rule(lambda run: [], code='Bad Code')\n",
            "ValueError: rule code 'Bad Code' is not kebab-case",
        ),
        ("def broken(:\n", "SyntaxError: "),
    ],
)
def test_a_plugin_that_cannot_register_its_rule(
    capsys: pytest.CaptureFixture[str], plugin: Plugin, org: str, source: str, message: str
) -> None:
    name = plugin("plugin_bad_rule", source)
    code, out, err = run(capsys, "validate", org, "--plugin", name)
    assert (code, out) == (2, "")
    assert err.startswith(f"orgroles: cannot import plugin 'plugin_bad_rule': {message}")
    assert "Traceback" not in err


RAISES = """\
import orgroles

@orgroles.rule("count-heads")
def find_heads(run):
    return [len(run.chart) / 0]
"""

RETURNS_NONE = """\
import orgroles

@orgroles.rule("count-heads")
def find_heads(run):
    pass
"""


@pytest.mark.parametrize(
    ("source", "failure"),
    [
        (RAISES, "ZeroDivisionError: division by zero ({path}:5)"),
        (RETURNS_NONE, "TypeError: returned NoneType; a rule returns a list of Finding"),
    ],
)
def test_a_plugin_rule_that_fails_while_validating(
    capsys: pytest.CaptureFixture[str],
    plugin: Plugin,
    org: str,
    source: str,
    failure: str,
) -> None:
    name = plugin("plugin_rule", source)
    code, out, err = run(capsys, "validate", org, "--plugin", name)
    assert (code, out) == (2, "")
    failure = failure.format(path=Path(org).parent / "plugin_rule.py")
    assert err == (
        f"orgroles: plugin 'plugin_rule': rule 'count-heads' (plugin_rule.find_heads) failed: "
        f"{failure}\n"
        "  hint: fix the rule, leave out --plugin plugin_rule, or turn it off in a policy "
        "(rules: {count-heads: off})\n"
    )


def test_the_api_keeps_the_rules_own_exception_and_names_the_rule(plugin: Plugin) -> None:
    import importlib

    import orgroles

    importlib.import_module(plugin("plugin_api", RAISES))
    with pytest.raises(ZeroDivisionError) as raised:
        orgroles.validate(orgroles.template("startup"))
    assert raised.value.__notes__ == [
        "raised by the validation rule 'count-heads' (plugin_api.find_heads)"
    ]


def test_a_failing_plugin_through_the_installed_command(tmp_path: Path, org: str) -> None:
    (tmp_path / "plugin_cmd.py").write_text("raise RuntimeError('boom')\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "orgroles", "validate", org, "--plugin", "plugin_cmd"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.startswith(
        "orgroles: cannot import plugin 'plugin_cmd': RuntimeError: boom ("
    )
    assert "Traceback" not in result.stderr


def test_a_good_plugin_rule_runs(
    capsys: pytest.CaptureFixture[str], plugin: Plugin, org: str
) -> None:
    source = (
        "from orgroles import rule\n\n"
        "@rule('always-info', severity='info')\n"
        "def find_always(run):\n"
        "    return [run.finding((), 'seen', 'none')]\n"
    )
    code, out, _ = run(capsys, "validate", org, "--plugin", plugin("plugin_good", source))
    assert code == 0
    assert "  always-info: seen" in out
