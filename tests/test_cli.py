"""The command line: help, version, show, schema, exit codes, and no tracebacks."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import orgroles
from cli_run import run
from orgroles.cli._common import cannot_write

ORG = """\
name: Acme
positions:
  - {id: ceo, role: ceo, name: Ada}
  - {id: hop, role: head_of_product, reports_to: ceo}
  - {id: pm-1, role: pm, name: Lin, reports_to: hop, unit: Payments}
"""


@pytest.fixture
def org_file(tmp_path: Path) -> Path:
    path = tmp_path / "org.yaml"
    path.write_text(ORG, encoding="utf-8")
    return path


def test_show_prints_the_tree(capsys: pytest.CaptureFixture[str], org_file: Path) -> None:
    code, out, err = run(capsys, "show", str(org_file))
    assert code == 0
    assert err == ""
    assert out == (
        "ceo · Chief Executive Officer (ceo) · Ada\n"
        "└── hop · Head of Product (head_of_product) · vacant\n"
        "    └── pm-1 · Product Manager (pm) · Lin · unit Payments\n"
    )


def test_show_root(capsys: pytest.CaptureFixture[str], org_file: Path) -> None:
    code, out, _ = run(capsys, "show", str(org_file), "--root", "hop")
    assert code == 0
    assert out.splitlines()[0].startswith("hop · ")


def test_show_reads_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ORG.encode("utf-8"))))
    code, out, _ = run(capsys, "show", "-")
    assert code == 0
    assert "pm-1" in out


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("positions:\n  - {id: a, role: wizard}\n", "org.yaml:2: position 'a', field 'role'"),
        ("positions: [\n", "invalid YAML"),
        ("", "empty"),
    ],
)
def test_bad_file_exit_2_one_clear_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, fragment: str
) -> None:
    path = tmp_path / "org.yaml"
    path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "show", str(path))
    assert code == 2
    assert out == ""
    assert err.startswith("orgroles: cannot read ")
    assert fragment in err
    assert "Traceback" not in err


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "show", str(tmp_path / "nope.yaml"))
    assert code == 2
    assert "nope.yaml" in err
    assert "No such file" in err


@pytest.mark.parametrize("command", [["show"], ["render", "-o", "{dir}/org.svg"]])
def test_unknown_root(
    capsys: pytest.CaptureFixture[str], org_file: Path, command: list[str]
) -> None:
    # The flag and the file are named, as for any other bad option value.
    argv = [c.format(dir=org_file.parent) for c in command]
    code, out, err = run(capsys, *argv, str(org_file), "--root", "pm1")
    assert (code, out) == (2, "")
    assert err == f"orgroles: --root 'pm1' is no position in {org_file}; did you mean 'pm-1'?\n"
    code, _, err = run(capsys, *argv, str(org_file), "--root", "\x1b[2Jzz")
    assert code == 2
    assert err == (
        f"orgroles: --root '\\x1b[2Jzz' is no position in {org_file}; "
        f"`orgroles show {org_file}` lists every id\n"
    )
    assert not (org_file.parent / "org.svg").exists()


@pytest.mark.parametrize(
    ("argv", "suffix"),
    [
        (["render", "{org}", "-o", "{tmp}"], ".svg"),
        (["template", "startup", "-o", "{tmp}"], ".yaml"),
        (["stats", "{org}", "--plot", "{tmp}"], ".svg"),
        (["diff", "{org}", "{org}", "-o", "{tmp}"], ".svg"),
    ],
)
def test_a_folder_as_output_is_named_as_one_with_a_file_to_give(
    capsys: pytest.CaptureFixture[str], org_file: Path, argv: list[str], suffix: str
) -> None:
    # It said "cannot tell the format from 'qa'": true, but not what was wrong.
    folder = org_file.parent
    code, out, err = run(capsys, *(a.format(org=org_file, tmp=folder) for a in argv))
    assert (code, out) == (2, "")
    example = str(folder / f"org{suffix}")
    assert err == f"orgroles: {str(folder)!r} is a folder; name a file in it, such as {example!r}\n"


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (
            FileNotFoundError(2, "No such file or directory"),
            "the folder 'gone' does not exist; create it first",
        ),
        (
            PermissionError(13, "Permission denied"),
            "Permission denied; choose a file in a folder you can write to",
        ),
        (IsADirectoryError(21, "Is a directory"), "it is a folder; name a file in it"),
    ],
)
def test_a_failed_write_says_what_to_do(error: OSError, reason: str) -> None:
    assert cannot_write("gone/org.svg", error) == f"cannot write 'gone/org.svg': {reason}"


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "frobnicate")[0] == 2
    assert run(capsys)[0] == 2
    assert run(capsys, "show")[0] == 2


def test_help_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "show" in out
    assert "schema" in out
    code, out, _ = run(capsys, "--version")
    assert (code, out) == (0, f"orgroles {orgroles.__version__}\n")


def test_schema_is_the_shipped_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0
    shipped = (Path(orgroles.__file__).parent / "org-file.schema.json").read_text("utf-8")
    assert out == shipped
    assert json.loads(out)["title"] == "orgroles org file"


@pytest.mark.slow
def test_console_script_and_module_entry_points(org_file: Path) -> None:
    scripts = Path(sys.executable).parent
    for command in ([str(scripts / "orgroles")], [sys.executable, "-m", "orgroles"]):
        done = subprocess.run(
            [*command, "show", str(org_file)], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("ceo · ")
        bad = subprocess.run(
            [*command, "show", str(org_file.with_name("missing.yaml"))],
            capture_output=True,
            text=True,
            check=False,
        )
        assert bad.returncode == 2
        assert "Traceback" not in bad.stderr


@pytest.mark.layout
def test_render_captions_with_the_chart_name_and_warns_about_posters(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    wide = tmp_path / "wide.yaml"
    reports = "".join(f"  - {{id: p{n}, role: other, reports_to: boss}}\n" for n in range(60))
    wide.write_text(
        f"name: Wide & Co\npositions:\n  - {{id: boss, role: other}}\n{reports}", encoding="utf-8"
    )
    code, _, err = run(capsys, "render", str(wide), "-o", str(tmp_path / "wide.svg"), "--layout",
                       "wide")  # fmt: skip
    assert code == 0
    svg = (tmp_path / "wide.svg").read_text(encoding="utf-8")
    assert "Wide &amp; Co" in svg
    # One level of 60 boxes: fewer levels cannot help; stacking them can.
    assert "try --layout stacked" in err
    assert "--depth" not in err
    code, _, err = run(capsys, "render", str(wide), "-o", str(tmp_path / "bare.svg"), "--title", "",
                       "--depth", "0")  # fmt: skip
    assert code == 0
    assert "Wide &amp; Co" not in (tmp_path / "bare.svg").read_text(encoding="utf-8")
    assert "note:" not in err


@pytest.mark.parametrize(
    ("argv", "usage", "message"),
    [
        (
            ["render", "{org}", "--bogus"],
            "usage: orgroles render ",
            "unrecognized arguments: --bogus",
        ),
        (
            ["validate", "--nope", "x"],
            "usage: orgroles validate ",
            "unrecognized arguments: --nope",
        ),
        (
            ["show", "{org}", "--depth=3"],
            "usage: orgroles show ",
            "unrecognized arguments: --depth=3",
        ),
        (["show", "--zz"], "usage: orgroles show ", "unrecognized arguments: --zz; the following"),
        (["--bogus"], "usage: orgroles [-h]", "orgroles: error: unrecognized arguments: --bogus"),
    ],
)
def test_an_unknown_option_gets_the_subcommands_usage(
    capsys: pytest.CaptureFixture[str], org_file: Path, argv: list[str], usage: str, message: str
) -> None:
    code, out, err = run(capsys, *(a.format(org=org_file) for a in argv))
    assert (code, out) == (2, "")
    assert err.startswith(usage)
    assert message in err
    assert "COMMAND ..." not in err or argv == ["--bogus"]


def test_abbreviated_and_attached_options_are_not_unknown(
    capsys: pytest.CaptureFixture[str], org_file: Path, tmp_path: Path
) -> None:
    # argparse accepts a unique prefix (--var) and -oFILE; neither is named as unknown.
    code, _, err = run(capsys, "render", str(org_file), f"-o{tmp_path / 'a.dot'}", "--dep", "x")
    assert code == 2
    assert "argument --depth: expected a whole number, got 'x'" in err
    assert "unrecognized" not in err


def test_show_of_a_chart_that_is_all_cycle_starts_with_its_section(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "cycle.yaml"
    path.write_text(
        "positions:\n  - {id: ceo, role: ceo, reports_to: cpo}\n"
        "  - {id: cpo, role: cpo, reports_to: ceo}\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "show", str(path))
    assert code == 0
    assert out == (
        "In or below a reporting cycle:\n"
        "ceo · Chief Executive Officer (ceo) · vacant · reports to cpo\n"
        "cpo · Chief Product Officer (cpo) · vacant · reports to ceo\n"
    )


def _documented_commands() -> dict[str, str]:
    """The cli.md table: command name -> its synopsis cell."""
    page = (Path(__file__).resolve().parents[1] / "docs" / "cli.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `orgroles (\w+)([^`]*)` \|", page, re.MULTILINE)
    return dict(rows)


def test_the_cli_page_lists_every_command_and_option() -> None:
    from orgroles.cli import build_parser

    parser = build_parser()
    commands = parser.parse_known_args(["show", "x"])[0].commands
    documented = _documented_commands()
    assert sorted(documented) == sorted(commands)
    for name, command in commands.items():
        for action in command._actions:
            options = [o for o in action.option_strings if o not in ("-h", "--help")]
            if options:
                shown = (re.search(rf"(?<![\w-]){o}(?![\w-])", documented[name]) for o in options)
                assert any(shown), f"docs/cli.md: `orgroles {name}` does not show {options[-1]}"


def test_every_count_option_is_parsed_by_the_one_count_type() -> None:
    # One type parses every count and states its bound; no command keeps a variant of its own.
    from orgroles.cli import build_parser
    from orgroles.cli._common import WholeNumber

    commands = build_parser().parse_known_args(["show", "x"])[0].commands
    counts = {
        f"{name} {action.option_strings[-1]}": action.type
        for name, command in commands.items()
        for action in command._actions
        if action.metavar == "N"
    }
    assert "render --stack-threshold" in counts
    assert {
        option: repr(kind) for option, kind in counts.items() if not isinstance(kind, WholeNumber)
    } == {}
    assert repr(counts["render --stack-threshold"]) == "WholeNumber(minimum=1)"


@pytest.mark.layout
def test_render_and_show_note_a_variant_that_is_not_built_in(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(
        "name: Acme\nvariant: scale-up\npositions:\n  - {id: ceo, role: ceo}\n"
        "  - {id: cpo, role: cpo, reports_to: ceo}\n",
        encoding="utf-8",
    )
    for argv in (("show", str(org)), ("render", str(org), "-o", str(tmp_path / "org.svg"))):
        code, _, err = run(capsys, *argv)
        assert code == 0
        assert f"note: {org}:2: unknown variant 'scale-up' (did you mean 'scaleup'?" in err
    org.write_text(org.read_text(encoding="utf-8").replace("scale-up", "scaleup"), "utf-8")
    code, _, err = run(capsys, "show", str(org))
    assert (code, err) == (0, "")


@pytest.mark.parametrize(
    "argv",
    [
        ["bogus\x1b[31m"],  # the top-level parser: an invalid choice
        ["template", "startup", "extra\u202e"],  # a subcommand's parser: unrecognized arguments
    ],
)
def test_usage_errors_escape_what_they_quote(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert "\x1b" not in err
    assert "\u202e" not in err
    assert "\\x1b[31m" in err or "\\u202e" in err
