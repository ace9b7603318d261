"""Fuzzing every reader and the command line: no exception but orgroles' documented errors.

Random bytes and mutations of valid files (bytes flipped, inserted, deleted; lines cut,
repeated, swapped; huge numbers, deep nesting, invisible characters spliced in) go through every
reader of user files and through ``orgroles.cli.main`` in-process. A reader may refuse input
only with an :class:`~orgroles.errors.OrgRolesError` (``OrgFileError``, ``OrgImportError``...);
the command line may only exit 0, 1 or 2, never with a traceback. The budget is fixed (60
examples per reader, 20 per command, no deadline), so the suite takes about 20 s in ``make test``;
``ORGROLES_FUZZ_EXAMPLES=600`` searches ten times longer (it passed at 600 when written).
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import orgroles
from orgroles.cli import main
from orgroles.errors import OrgRolesError

CHART = orgroles.template("scaleup", names=True, vacancies=0.2, seed=3)
VALID_YAML = orgroles.dumps(CHART).encode()
VALID_JSON = orgroles.dumps(CHART, format="json").encode()
VALID_CSV = (
    b"id,manager,title,name,unit,email\n"
    b"1,,Chief Executive Officer,Ada Lovelace,,ada@example.com\n"
    b"2,1,Chief Product Officer,Grace Hopper,,grace@example.com\n"
    b'3,2,"Director of Product, Payments",Lin Wei,Payments,lin@example.com\n'
    b"4,3,Senior Product Manager,,Payments,\n"
    b"5,3,Product Manager,Zo\xc3\xab Li,Payments,zoe@example.com\n"
)
VALID_EXPORT_JSON = (
    b'[{"id": "1", "title": "CEO", "name": "Ada"},'
    b' {"id": "2", "manager": "1", "title": "CPO", "children": [{"id": "3", "title": "PM"}]}]'
)
VALID_POLICY = (
    b"rules:\n  one-to-one: off\n  multiple-roots:\n    severity: warning\n"
    b"    options: {max_roots: 2}\nvariant:\n  max_layers: 8\n  spans: {ics: {max: 14}}\n"
)
VALID_VARIANT = b"extends: scaleup\nname: acme\nmax_layers: 7\nspans:\n  managers: {max: 8}\n"
VALID_ROLE_MAP = b"Chief Product Officer: cpo\nHead of Growth: head_of_product\n"

SPLICES = [
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    "\u202e".encode(),
    "\u200b".encode(),
    b"\x1b[31m",
    b"\\udfff",
    b'"\\ud83d"',
    b"1" * 5000,
    b"[" * 3000,
    b"{" * 3000,
    b"&a [*a, *a]",
    b"!!python/object:os.system",
    b"<<: *x",
    b"---\n",
    b'"',
    b"\n- \n",
    b"NaN",
    b"1e999",
    b"-0",
]


@st.composite
def mutated(draw: st.DrawFn, valid: bytes) -> bytes:
    """``valid`` with a few random edits: what a bad editor, a cut copy or an attacker makes."""
    data = bytearray(valid)
    for _ in range(draw(st.integers(1, 4))):
        edit = draw(st.sampled_from(["flip", "insert", "delete", "cut", "lines", "splice"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if edit == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif edit == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif edit == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif edit == "cut":
            del data[at:]
        elif edit == "lines":
            lines = bytes(data).split(b"\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            if draw(st.booleans()):
                lines[i], lines[j] = lines[j], lines[i]
            else:
                lines.insert(i, lines[j])
            data = bytearray(b"\n".join(lines))
        else:
            data[at:at] = draw(st.sampled_from(SPLICES))
    return bytes(data)


def inputs(valid: bytes) -> st.SearchStrategy[bytes]:
    return st.one_of(st.binary(max_size=300), mutated(valid))


FUZZ = settings(
    max_examples=int(os.environ.get("ORGROLES_FUZZ_EXAMPLES", "60")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def only_documented_errors(read: Callable[[], object]) -> None:
    """Run ``read``: it returns, or raises an orgroles error; anything else fails the test."""
    with contextlib.suppress(OrgRolesError):
        read()


@FUZZ
@given(inputs(VALID_YAML))
@example(VALID_YAML[: len(VALID_YAML) // 2])
def test_org_file_yaml(data: bytes) -> None:
    only_documented_errors(lambda: orgroles.load(io.BytesIO(data), format="yaml"))


@FUZZ
@given(inputs(VALID_JSON))
def test_org_file_json(data: bytes) -> None:
    only_documented_errors(lambda: orgroles.load(io.BytesIO(data), format="json"))


@FUZZ
@given(inputs(VALID_YAML) | inputs(VALID_JSON))
def test_org_file_format_guessed(data: bytes) -> None:
    only_documented_errors(lambda: orgroles.load(io.BytesIO(data)))


@FUZZ
@given(inputs(VALID_CSV))
def test_csv_import(data: bytes) -> None:
    only_documented_errors(lambda: orgroles.read_csv(data))


@FUZZ
@given(inputs(VALID_CSV))
def test_csv_import_strict(data: bytes) -> None:
    only_documented_errors(lambda: orgroles.read_csv(data, strict=True))


@FUZZ
@given(inputs(VALID_EXPORT_JSON))
def test_json_import(data: bytes) -> None:
    only_documented_errors(lambda: orgroles.read_json(data))


@FUZZ
@given(inputs(VALID_POLICY))
def test_policy_file(data: bytes) -> None:
    from orgroles.validation import load_policy  # the reader under test, found where users find it

    only_documented_errors(lambda: orgroles.validate(CHART, policy=load_policy(io.BytesIO(data))))


@FUZZ
@given(inputs(VALID_VARIANT))
def test_variant_file(data: bytes) -> None:
    only_documented_errors(
        lambda: orgroles.validate(CHART, orgroles.load_variant(io.BytesIO(data)))
    )


@FUZZ
@given(inputs(VALID_ROLE_MAP), st.sampled_from([".yaml", ".csv"]))
def test_role_map(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"roles{suffix}"
        path.write_bytes(data)
        only_documented_errors(lambda: orgroles.read_csv(VALID_CSV, role_map=path))


@FUZZ
@given(inputs(VALID_YAML))
def test_roles_file(data: bytes) -> None:
    only_documented_errors(lambda: orgroles.load_roles(io.BytesIO(data)))


# -- the command line, in-process ----------------------------------------------------------

COMMANDS = {
    "validate": (VALID_YAML, ".yaml", ["validate"]),
    "validate --format json": (VALID_JSON, ".json", ["validate", "--format", "json"]),
    "show": (VALID_YAML, ".yaml", ["show"]),
    "render .txt": (VALID_YAML, ".yaml", ["render", "-o", "{out}.txt"]),
    "render .mmd": (VALID_JSON, ".json", ["render", "-o", "{out}.mmd", "--split-by", "unit"]),
    "import": (VALID_CSV, ".csv", ["import", "-o", "{out}.yaml"]),
    "import json": (VALID_EXPORT_JSON, ".json", ["import", "--strict"]),
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_the_command_line_exits_0_1_or_2_and_never_with_a_traceback(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    valid, suffix, argv = COMMANDS[command]

    @settings(FUZZ, max_examples=max(FUZZ.max_examples // 3, 10))
    @given(inputs(valid))
    def run(data: bytes) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"input{suffix}"
            path.write_bytes(data)
            out = str(Path(folder) / "out")
            args = [arg.replace("{out}", out) for arg in argv]
            code = main([args[0], str(path), *args[1:]])
        _, err = capsys.readouterr()
        assert code in (0, 1, 2)
        assert "Traceback" not in err

    run()
