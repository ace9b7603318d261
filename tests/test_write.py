"""Every file the library writes appears whole or not at all, through one helper."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

import orgroles
from orgroles._write import write_atomically

CHART = orgroles.OrgChart(
    [{"id": "ceo", "role": "ceo"}, {"id": "pm", "role": "pm", "reports_to": "ceo"}]
)


def test_a_write_replaces_the_file_and_leaves_nothing_beside_it(tmp_path: Path) -> None:
    path = tmp_path / "org.yaml"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o640)
    write_atomically(path, b"new\n")
    assert path.read_bytes() == b"new\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640  # an existing file keeps its mode
    assert [p.name for p in tmp_path.iterdir()] == ["org.yaml"]


def test_a_failed_write_keeps_the_old_file_and_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "org.yaml"
    path.write_text("old\n", encoding="utf-8")

    def interrupted(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")  # what a full disk says at the rename

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(OSError, match="No space left") as raised:
        write_atomically(path, b"new\n")
    assert raised.value.filename == str(path)  # the CLI names the file the user asked for
    assert path.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["org.yaml"]


def test_a_missing_folder_names_the_target_not_a_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "org.yaml"
    with pytest.raises(FileNotFoundError) as raised:
        write_atomically(target, b"x")
    assert raised.value.filename == str(target)


@pytest.mark.parametrize("name", ["org.yaml", "org.json", "org.csv", "org.dot", "org.mmd"])
def test_every_writer_goes_through_the_helper(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o600)
    before = path.stat().st_ino
    if name.endswith(".csv"):
        orgroles.write_csv(CHART, path)
    elif name.endswith((".yaml", ".json")):
        orgroles.dump(CHART, path)
    else:
        orgroles.render(CHART, path)
    assert path.read_text(encoding="utf-8") != "old\n"
    # A new file renamed over the old one (a new inode), never the old one rewritten in place.
    assert path.stat().st_ino != before
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == [name]
