"""Hostile input gets a one-line message and exit 2, never a traceback (issue 15).

Each case below was a traceback (exit 1, the "org has errors" code) or a silent wrong answer:
huge numbers, deep nesting, policy values of the wrong kind, encodings that are no text
encodings, binary data, devices, endless streams, an output named twice, plugins that exit.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

import orgroles
from orgroles import _documents
from orgroles.cli import main
from orgroles.errors import OrgDataError

ORG = """\
orgroles: 1
positions:
  - {id: ceo, role: ceo, name: Ada}
  - {id: hop, role: head_of_product, name: Grace, reports_to: ceo}
  - {id: pm-1, role: pm, name: Zoë 李, reports_to: hop}
"""
HUGE = "1" + "0" * 5000
DEEP = "[" * 5000 + "]" * 5000
CSV = "id,manager,title\nceo,,CEO\npm-1,ceo,Product Manager\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def org(tmp_path: Path) -> Path:
    path = tmp_path / "org.yaml"
    path.write_text(ORG, encoding="utf-8")
    return path


def refused(code: int, err: str, *fragments: str) -> None:
    """Exit 2, a short message naming what is wrong, and no traceback."""
    assert code == 2
    assert "Traceback" not in err
    assert len(err) < 2000
    for fragment in fragments:
        assert fragment in err


# -- numbers and nesting -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("org.json", '{"positions": [{"id": "a", "role": "ceo", "attributes": {"x": %s}}]}'),
        ("org.yaml", "positions:\n- id: a\n  role: ceo\n  attributes: {x: %s}\n"),
    ],
)
def test_a_huge_integer_in_an_org_file_is_refused_by_name(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, text: str
) -> None:
    path = tmp_path / name
    path.write_text(text % HUGE, encoding="utf-8")
    code, _, err = run(capsys, "validate", str(path))
    refused(code, err, "5,001 digits is too long")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("policy.json", '{"rules": {"multiple-roots": {"options": {"max_roots": %s}}}}'),
        ("policy.yaml", "rules:\n  multiple-roots:\n    options:\n      max_roots: %s\n"),
    ],
)
def test_a_huge_integer_in_a_policy_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, org: Path, name: str, text: str
) -> None:
    policy = tmp_path / name
    policy.write_text(text % HUGE, encoding="utf-8")
    code, _, err = run(capsys, "validate", str(org), "--policy", str(policy))
    refused(code, err, "too long", name)


def test_a_huge_integer_in_a_variant_file_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, org: Path
) -> None:
    variant = tmp_path / "variant.json"
    variant.write_text(f'{{"extends": "startup", "name": "x", "max_layers": {HUGE}}}', "utf-8")
    code, _, err = run(capsys, "validate", str(org), "--variant", str(variant))
    refused(code, err, "too long")


def test_a_huge_integer_in_a_role_map_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    export = tmp_path / "hr.csv"
    export.write_text(CSV, encoding="utf-8")
    role_map = tmp_path / "roles.yaml"
    role_map.write_text(f"CEO: {HUGE}\n", encoding="utf-8")
    code, _, err = run(capsys, "import", str(export), "--role-map", str(role_map))
    refused(code, err, "too long")


def test_a_huge_integer_in_an_import_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    export = tmp_path / "hr.json"
    export.write_text(f'[{{"id": "a", "title": "CEO", "badge": {HUGE}}}]', encoding="utf-8")
    code, _, err = run(capsys, "import", str(export))
    refused(code, err, "too long")


def test_a_value_nested_5000_deep_in_an_import_is_named_and_left_out(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    export = tmp_path / "hr.json"
    export.write_text(f'[{{"id": "a", "title": "CEO", "x": {DEEP}}}]', encoding="utf-8")
    result = orgroles.read_json(export)
    assert [p.code for p in result.report.problems] == ["bad-value"]
    assert "nested more than 100 levels" in result.report.problems[0].message
    assert "x" not in result.chart["a"].attributes
    code, _, err = run(capsys, "import", str(export))
    assert code == 0
    assert "Traceback" not in err


@pytest.mark.parametrize("kind", ["org.json", "policy.json", "variant.json", "roles.json"])
def test_nesting_5000_deep_in_any_document_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, org: Path, kind: str
) -> None:
    path = tmp_path / kind
    path.write_text(f'{{"positions": {DEEP}}}', encoding="utf-8")
    export = tmp_path / "hr.csv"
    export.write_text(CSV, encoding="utf-8")
    argv = {
        "org.json": ["validate", str(path)],
        "policy.json": ["validate", str(org), "--policy", str(path)],
        "variant.json": ["validate", str(org), "--variant", str(path)],
        "roles.json": ["import", str(export), "--role-map", str(path)],
    }[kind]
    code, _, err = run(capsys, *argv)
    refused(code, err)


# -- policies ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ['"two"', "-1", "[1]", "0", "1.5", "true", "null", "{}"])
def test_a_rule_option_of_the_wrong_kind_is_refused_by_name(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, org: Path, value: str
) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        f"rules:\n  multiple-roots:\n    options:\n      max_roots: {value}\n", encoding="utf-8"
    )
    code, _, err = run(capsys, "validate", str(org), "--policy", str(policy))
    refused(code, err, "policy.yaml:4", "max_roots", "a whole number >= 1")


def test_a_rule_option_of_the_wrong_kind_is_refused_in_python_too() -> None:
    chart = orgroles.loads(ORG)
    with pytest.raises(OrgDataError, match="takes a whole number >= 1, got 'two'"):
        orgroles.validate(
            chart, policy={"rules": {"multiple-roots": {"options": {"max_roots": "two"}}}}
        )
    report = orgroles.validate(
        chart, policy={"rules": {"multiple-roots": {"options": {"max_roots": 2}}}}
    )
    assert "multiple-roots" not in {f.code for f in report.findings}


@pytest.mark.parametrize("name", ["null", "nosuch", "scaleup"])
def test_a_policy_naming_a_variant_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, org: Path, name: str
) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(f"variant: {{name: {name}}}\n", encoding="utf-8")
    code, _, err = run(capsys, "validate", str(org), "--policy", str(policy))
    refused(code, err, "variant.name", "not its name")


def test_a_policy_that_is_no_mapping_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="must be a Policy or a mapping, got str"):
        orgroles.validate(orgroles.loads(ORG), policy="strict")  # type: ignore[arg-type]  # the mistake tested


# -- encodings, binary data, devices, streams ----------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "says"),
    [
        ("rot13", "'rot13' is not a text encoding"),
        ("base64", "'base64' is not a text encoding"),
        ("undefined", "cannot decode as undefined"),
        ("utf-9", "unknown encoding 'utf-9'"),
    ],
)
def test_an_encoding_that_reads_no_text_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, encoding: str, says: str
) -> None:
    export = tmp_path / "hr.csv"
    export.write_text(CSV, encoding="utf-8")
    code, _, err = run(capsys, "import", str(export), "--encoding", encoding)
    refused(code, err, says)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "a PNG image"),
        (b"PK\x03\x04\x14\0\0\0", "a ZIP archive"),
        (b"\x1f\x8b\x08\0\0\0", "gzip-compressed data"),
        (b"%PDF-1.7\n", "a PDF document"),
        (b"\0" * 6, "binary data (it holds NUL bytes)"),
    ],
)
def test_a_small_binary_file_named_csv_is_named_for_what_it_is(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data: bytes, kind: str
) -> None:
    export = tmp_path / "hr.csv"
    export.write_bytes(data)
    code, out, err = run(capsys, "import", str(export))
    refused(code, err, kind)
    assert out == ""


def test_utf16_without_a_bom_is_still_text() -> None:
    result = orgroles.read_csv(CSV.encode("utf-16-le"), encoding="utf-16-le")
    assert len(result.chart) == 2


@pytest.mark.parametrize("command", ["validate", "show", "import"])
def test_binary_standard_input_is_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    program = b"\x7fELF\x02\x01\x01\0" + bytes(range(256)) * 4
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(program)))
    code, out, err = run(capsys, command, "-")
    refused(code, err, "<stdin>")
    assert out == ""


@pytest.mark.parametrize("command", ["validate", "show", "import"])
def test_a_device_as_input_is_refused_at_once(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    code, _, err = run(capsys, command, "/dev/zero")
    refused(code, err, "/dev/zero", "a device, not a file")


def test_an_endless_stream_is_refused_past_the_bound(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Endless(io.BytesIO):
        """A pipe that never ends: every read gives as much as asked."""

        def read(self, size: int | None = -1) -> bytes:
            return b"a," * ((size or 2) // 2)

    class Stdin:
        buffer = Endless()

    monkeypatch.setattr(_documents, "MAX_INPUT_BYTES", 8 << 20)
    monkeypatch.setattr(sys, "stdin", Stdin())
    code, _, err = run(capsys, "import", "-")
    refused(code, err, "too big")


def test_a_file_past_the_bound_is_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(_documents, "MAX_INPUT_BYTES", 1 << 20)
    export = tmp_path / "hr.csv"
    export.write_bytes(b"id,parentId\n" + b"1,\n" * (1 << 19))  # 1.5 MB
    code, _, err = run(capsys, "import", str(export))
    refused(code, err, "too big")


def test_dev_null_reads_as_empty(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "import", os.devnull)
    assert code == 0, err


# -- outputs -------------------------------------------------------------------------------


def test_one_file_named_as_output_and_report_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("hr.csv").write_text(CSV, encoding="utf-8")
    code, _, err = run(capsys, "import", "hr.csv", "-o", "x.json", "--report", "./x.json")
    refused(code, err, "-o and --report name the same file")
    assert not Path("x.json").exists()


def test_an_output_over_the_input_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    export = tmp_path / "hr.csv"
    export.write_text(CSV, encoding="utf-8")
    code, _, err = run(capsys, "import", str(export), "-o", str(export))
    refused(code, err, "the input and -o name the same file")
    assert export.read_text(encoding="utf-8") == CSV


# -- the terminal, plugins, file names -----------------------------------------------------


def _command(
    *argv: str | bytes, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(  # our own CLI, fixed arguments
        [sys.executable, "-m", "orgroles", *argv],
        capture_output=True,
        check=False,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_a_terminal_that_cannot_show_a_name_shows_an_escape(org: Path, encoding: str) -> None:
    done = _command("show", str(org), env={"PYTHONIOENCODING": encoding})
    assert done.returncode == 0, done.stderr
    assert b"\\u674e" in done.stdout  # the CJK character, written as an escape


def test_a_file_name_that_is_not_utf8_is_read_and_named(tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/\xff\xfeorg.yaml"
    Path(os.fsdecode(name)).write_text(ORG, encoding="utf-8")
    assert _command("show", name).returncode == 0
    missing = _command("show", os.fsencode(tmp_path) + b"/\xffmissing.yaml")
    assert missing.returncode == 2
    assert b"Traceback" not in missing.stderr
    assert b"missing.yaml" in missing.stderr


def test_a_plugin_calling_sys_exit_at_import_is_a_failing_plugin(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    org: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "exiting_plugin.py").write_text("import sys\nsys.exit(0)\n", encoding="utf-8")
    try:
        code, out, err = run(capsys, "validate", str(org), "--plugin", "exiting_plugin")
    finally:
        sys.modules.pop("exiting_plugin", None)
    refused(code, err, "exiting_plugin", "sys.exit(0)")
    assert out == ""


# -- long values in messages ---------------------------------------------------------------


def test_a_megabyte_id_is_named_not_echoed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    big = "x" * 1_000_000
    path = tmp_path / "org.yaml"
    path.write_text(
        f"positions:\n- {{id: ceo, role: ceo}}\n- {{id: {big}, role: pm, reports_to: {big}y}}\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "validate", str(path))
    refused(code, err, "(1,000,000 characters)")


# -- drawing -------------------------------------------------------------------------------


def test_long_titles_names_and_units_are_cut_with_an_ellipsis_in_dot() -> None:
    long = "T" * 17_000
    chart = orgroles.OrgChart(
        [
            {"id": "ceo", "role": "ceo", "title": long, "name": long, "unit": long},
            {"id": "pm", "role": "pm", "reports_to": "ceo", "unit": long},
        ]
    )
    source = str(orgroles.to_dot(chart, title=long, group_by="unit"))
    assert "T" * 300 not in source
    assert "…" in source
    assert len(source) < 20_000


@pytest.mark.layout
def test_a_megabyte_title_and_an_endless_timeout_still_draw(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, org: Path
) -> None:
    out = tmp_path / "chart.svg"
    code, _, err = run(
        capsys, "render", str(org), "-o", str(out), "--title", "x" * 1_000_000, "--timeout", "1e308"
    )
    assert code == 0, err
    assert "…" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("pure", ["1", ""])
def test_a_cell_as_big_as_the_file_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pure: str
) -> None:
    monkeypatch.setenv("ORGROLES_PURE_PYTHON", pure)
    biography = "a long life, " * 20_000  # 260 KB, twice the csv module's default limit
    export = tmp_path / "hr.csv"
    export.write_text(
        f'id,manager,title,bio\nceo,,CEO,"{biography}"\npm,ceo,PM,short\n', encoding="utf-8"
    )
    chart = orgroles.read_csv(export).chart
    assert chart["ceo"].attributes["bio"] == biography
