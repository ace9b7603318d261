"""The document reader: formats by suffix, one decoding policy, errors with file and line."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import orgroles
from orgroles._documents import FORMATS, format_of, parse_document, read_document
from orgroles.cli import main
from orgroles.errors import OrgDataError, OrgFileError

ORG = "positions:\n  - {id: ceo, role: ceo}\n"

# Each kind of document the library reads, a valid body for it, and the public reader.
KINDS: dict[str, tuple[str, Callable[[Path], Any]]] = {
    "org file": (ORG, orgroles.load),
    "variant": ("name: acme\nextends: startup\n", orgroles.load_variant),
    "policy": ("rules:\n  one-to-one: off\n", orgroles.load_policy),
    "roles file": ("aliases:\n  PO: pm\n", orgroles.load_roles),
    "role map": ("Product Owner: pm\n", orgroles.importers.load_role_map),
}


def test_one_table_names_every_suffix() -> None:
    assert format_of("a.yaml") == format_of("a.YML") == "yaml"
    assert format_of("a.json") == "json"
    assert format_of("a.csv") == format_of("a.tsv") == "csv"
    assert format_of("a.XLSX") == format_of("a.xls") == format_of("a.ods") == "excel"
    assert format_of("a.md") is None
    assert format_of("a", default="yaml") == "yaml"
    assert set(FORMATS.values()) == {"yaml", "json", "csv", "excel"}


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_reads_utf8_with_or_without_a_bom(kind: str, tmp_path: Path) -> None:
    body, reader = KINDS[kind]
    plain, bom = tmp_path / "plain.yaml", tmp_path / "bom.yaml"
    plain.write_bytes(body.encode("utf-8"))
    bom.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    assert reader(plain) == reader(bom)


@pytest.mark.parametrize("kind", KINDS)
def test_latin1_bytes_name_the_file_and_line_in_every_kind(kind: str, tmp_path: Path) -> None:
    body, reader = KINDS[kind]
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"# Caf\xe9\n" + body.encode("utf-8"))
    with pytest.raises(OrgDataError) as caught:
        reader(path)
    # Role maps are an import's input, so they raise the import's error; the others OrgFileError.
    if kind != "role map":
        assert isinstance(caught.value, OrgFileError)
    [problem] = caught.value.problems
    assert (problem.place.source, problem.place.line) == (str(path), 1)
    assert "0xe9" in problem.message


@pytest.mark.parametrize("option", ["FILE", "--variant", "--policy"])
def test_validate_exits_2_on_a_latin1_file_without_a_traceback(
    option: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(ORG, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"name: Caf\xe9\n")
    args = ["validate", str(bad)] if option == "FILE" else ["validate", str(org), option, str(bad)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert f"{bad}:1: not UTF-8 text (byte 0xe9)" in err
    assert "Traceback" not in err


def test_import_exits_2_on_a_latin1_role_map(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "hr.csv"
    export.write_text("id,parentId,title\n1,,CEO\n", encoding="utf-8")
    role_map = tmp_path / "map.yaml"
    role_map.write_bytes(b"Caf\xe9 Owner: pm\n")
    assert main(["import", str(export), "--role-map", str(role_map)]) == 2
    err = capsys.readouterr().err
    assert f"{role_map}:1: not UTF-8 text (byte 0xe9)" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("option", ["--variant", "--policy"])
def test_validate_exits_2_on_a_malformed_file_with_its_line(
    option: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(ORG, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: acme\nrules: [\n", encoding="utf-8")
    assert main(["validate", str(org), option, str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:" in err
    assert "invalid YAML" in err
    assert "Traceback" not in err


def test_a_path_its_bytes_and_an_open_file_read_the_same(tmp_path: Path) -> None:
    path = tmp_path / "org.json"
    path.write_text('{"positions": [\n  {"id": "ceo", "role": "ceo"}\n]}', encoding="utf-8")
    from_path = read_document(path)
    from_bytes = read_document(path.read_bytes(), name=str(path))
    with path.open("rb") as file:
        from_file = read_document(file)
    assert from_path == from_bytes == from_file
    assert from_path.format == "json"
    assert from_path.line("positions", 0) == 2


def test_a_text_file_is_refused_with_what_to_pass_instead(tmp_path: Path) -> None:
    path = tmp_path / "org.yaml"
    path.write_text(ORG, encoding="utf-8")
    with path.open(encoding="utf-8") as file, pytest.raises(TypeError, match="binary"):
        read_document(file)  # type: ignore[arg-type]  # the mistake under test


def test_duplicate_keys_do_not_stop_the_reading_but_refuse_a_variant(tmp_path: Path) -> None:
    document = parse_document("a: 1\nb: 2\na: 3\nb: 4\n", name="x.yaml")
    assert document.data == {"a": 1, "b": 2}
    assert [p.place.line for p in document.problems] == [3, 4]
    path = tmp_path / "acme.yaml"
    path.write_text("name: acme\nextends: startup\nname: other\n", encoding="utf-8")
    with pytest.raises(OrgFileError) as caught:
        orgroles.load_variant(path)
    assert [(p.place.source, p.place.line) for p in caught.value.problems] == [(str(path), 3)]


def test_the_org_file_reads_from_standard_input_bytes() -> None:
    stream = io.BytesIO(ORG.encode("utf-8"))
    read = orgroles.orgfile.load_with_lines(stream, source="<stdin>")
    assert read.source == "<stdin>"
    assert read.position_lines() == {"ceo": 2}
