"""Writes that lose nothing: split sets, file names from units, kills and full disks (issue 15).

Kill and full-disk cases run the real thing: a child process killed with SIGTERM or SIGKILL
while Graphviz works, and writes that fail part-way through a set.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import orgroles
from orgroles import _write
from orgroles._render import _file_names
from orgroles.cli import main

UNITS = ["Payments", "Zürich Ops", "東京", "Платежи", "R&D / Labs", "payments"]


def chart_with_units(units: list[str]) -> orgroles.OrgChart:
    rows: list[dict[str, object]] = [{"id": "ceo", "role": "ceo"}]
    for number, unit in enumerate(units):
        rows.append({"id": f"d{number}", "role": "director", "reports_to": "ceo", "unit": unit})
    return orgroles.OrgChart(rows)


def test_unit_file_names_are_distinct_readable_and_keep_any_script(tmp_path: Path) -> None:
    names = _file_names(UNITS, tmp_path / "org.svg")
    assert names["Zürich Ops"] == "org-zurich-ops.svg"
    assert names["東京"] == "org-東京.svg"
    assert names["Платежи"] == "org-платежи.svg"
    assert names["R&D / Labs"] == "org-r-d-labs.svg"
    assert names["Payments"] == "org-payments.svg"
    assert names["payments"] == "org-payments-2.svg"  # distinct, ignoring case
    assert len({n.casefold() for n in names.values()}) == len(UNITS)


def test_a_240_character_stem_gives_names_a_file_system_takes(tmp_path: Path) -> None:
    target = tmp_path / f"{'s' * 240}.mmd"
    written = orgroles.render(chart_with_units(["Payments", "x" * 300]), target, split_by="unit")
    assert len(written) == 3
    assert all(len(path.name.encode()) <= 200 for path in written[1:])


def test_five_thousand_non_latin_units_are_named_in_one_pass(tmp_path: Path) -> None:
    units = [f"東京{'一二三四五六七八九'[n % 9]}" for n in range(5000)]
    names = _file_names(units, tmp_path / "org.svg")
    assert len(set(names.values())) == len(set(units))
    assert not any(name.startswith("org-unit") for name in names.values())
    # Linear: a counter per slug, so 5,000 units sharing nine slugs is quick (quadratic took
    # seconds); 50 repetitions here would take minutes if it were quadratic.
    same = ["東京"] * 1  # one unit per name, as a chart has
    assert _file_names(same, tmp_path / "org.svg") == {"東京": "org-東京.svg"}
    many = _file_names([f"é{n}" if n % 2 else "ü" * 3 + str(n) for n in range(20_000)],
                       tmp_path / "org.svg")  # fmt: skip
    assert len(set(many.values())) == 20_000


def test_a_split_never_overwrites_a_file_it_did_not_write_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chart = chart_with_units(["Payments", "Growth"])
    target = tmp_path / "org.mmd"
    someone_elses = tmp_path / "org-growth.mmd"
    someone_elses.write_text("my notes\n", encoding="utf-8")
    with pytest.raises(FileExistsError) as raised:
        orgroles.render(chart, target, split_by="unit")
    assert raised.value.filename == str(someone_elses)
    assert someone_elses.read_text(encoding="utf-8") == "my notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["org-growth.mmd"]  # nothing written

    org = tmp_path / "org.yaml"
    orgroles.dump(chart, org)
    assert main(["render", str(org), "-o", str(target), "--split-by", "unit"]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["render", str(org), "-o", str(target), "--split-by", "unit", "--force"]) == 0
    assert "my notes" not in someone_elses.read_text(encoding="utf-8")


def test_a_split_set_is_written_all_or_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "org.mmd"
    target.write_text("old overview\n", encoding="utf-8")
    staged = _write._staged
    calls = []

    def disk_full_on_the_third(path: Path, data: bytes) -> Path:
        calls.append(path)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return staged(path, data)

    monkeypatch.setattr(_write, "_staged", disk_full_on_the_third)
    with pytest.raises(OSError, match="No space left"):
        orgroles.render(chart_with_units(["Payments", "Growth", "Core"]), target, split_by="unit")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["org.mmd"]  # no temporary left
    assert target.read_text(encoding="utf-8") == "old overview\n"


def test_a_full_disk_through_the_cli_keeps_the_old_file_and_says_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "org.yaml"
    out.write_text("old\n", encoding="utf-8")
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, file: object) -> None:
            self.file = file

        def __enter__(self) -> FullDisk:
            return self

        def __exit__(self, *exc: object) -> None:
            self.file.close()  # type: ignore[attr-defined]  # the real file

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fdopen", lambda fd, mode="r": FullDisk(real_fdopen(fd, mode)))
    assert main(["template", "startup", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "cannot write" in err
    assert "No space left" in err
    assert out.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["org.yaml"]


# -- kills -------------------------------------------------------------------------------------

# A child that asks the bundled Graphviz to lay out a graph taking far longer than the test.
_SLOW_LAYOUT = textwrap.dedent(
    """
    import random, sys
    from orgroles._render._engine import draw
    random.seed(0)
    edges = "; ".join(f"n{random.randrange(3000)} -> n{random.randrange(3000)}"
                      for _ in range(30000))
    print("started", flush=True)
    try:
        draw("digraph { " + edges + " }", "svg", timeout=600)
    except KeyboardInterrupt:
        sys.exit(130)
    """
)


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def _start_slow_layout() -> tuple[subprocess.Popen[bytes], int]:
    process = subprocess.Popen(  # our own code, fixed arguments
        [sys.executable, "-c", _SLOW_LAYOUT], stdout=subprocess.PIPE
    )
    assert process.stdout is not None
    assert process.stdout.readline() == b"started\n"
    python = process.pid
    for _ in range(200):  # the worker starts a moment after the print
        workers = _children(python)
        if workers:
            return process, workers[0]
        time.sleep(0.05)
    raise AssertionError("the Graphviz worker never started")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.layout
@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_the_graphviz_worker_dies_with_its_parent(how: signal.Signals) -> None:
    process, worker = _start_slow_layout()
    os.kill(process.pid, how)
    process.wait(timeout=30)
    assert process.stdout is not None
    process.stdout.close()
    for _ in range(100):
        if not _alive(worker):
            break
        time.sleep(0.1)
    else:
        os.kill(worker, signal.SIGKILL)  # leave no stray process behind a failing test
        raise AssertionError(f"the worker outlived its parent ({how.name})")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.layout
@pytest.mark.slow
def test_sigterm_to_the_command_is_handled_like_ctrl_c(tmp_path: Path) -> None:
    org = tmp_path / "org.json"
    rows = [{"id": "ceo", "role": "ceo"}] + [
        {"id": f"p{n}", "role": "pm", "reports_to": f"p{(n - 1) // 3}" if n else "ceo"}
        for n in range(20_000)
    ]
    # JSON: written and read several times faster than YAML; the format is not the point.
    orgroles.dump(orgroles.OrgChart(rows), org)
    out = tmp_path / "org.svg"
    out.write_text("old\n", encoding="utf-8")
    process = subprocess.Popen(  # our own CLI, fixed arguments
        [sys.executable, "-m", "orgroles", "render", str(org), "-o", str(out)],
        stderr=subprocess.PIPE,
    )
    for _ in range(600):
        if _children(process.pid):
            break
        time.sleep(0.05)
    workers = _children(process.pid)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert b"Traceback" not in err
    assert out.read_text(encoding="utf-8") == "old\n"
    time.sleep(0.5)
    assert not any(_alive(worker) for worker in workers)


@pytest.mark.layout
def test_a_notebook_shows_text_and_a_note_when_the_drawing_takes_too_long(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from orgroles import _display, _render  # the display hook under test

    chart = chart_with_units([f"Unit {n}" for n in range(200)])
    monkeypatch.setattr(_render, "NOTEBOOK_TIMEOUT", 0.001)  # no layout finishes this soon
    started = time.monotonic()
    bundle = _display.mimebundle(chart)
    assert time.monotonic() - started < 30  # the timeout, plus starting the worker
    assert "text/html" not in bundle
    assert bundle["text/plain"].startswith("ceo · ")
    assert "note: no text/html shown: Graphviz took longer than" in bundle["text/plain"]


_BIG_ORG_FILE = textwrap.dedent(
    """
    import resource, sys, orgroles
    form = sys.argv[3]
    # One string shared by every position: a small chart, a file of about 12 MB either way (YAML
    # with fewer positions and longer values: its pure-Python emitter is slow per position).
    # The file only has to be bigger than the headroom; a bigger one only takes longer.
    count, bio = (6_000, "x" * 2000) if form == "json" else (750, "x" * 16_000)
    rows = [{"id": f"p{n}", "role": "pm", "reports_to": f"p{n - 1}" if n else None,
             "attributes": {"bio": bio}} for n in range(count)]
    chart = orgroles.OrgChart(rows)
    size = int(open("/proc/self/status").read().split("VmSize:")[1].split()[0]) * 1024
    headroom = 8 << 20  # less than the file: the whole text cannot be held
    resource.setrlimit(resource.RLIMIT_AS, (size + headroom, size + headroom))
    try:
        orgroles.dumps(chart, format=form)
    except MemoryError:
        print("whole text: MemoryError")
    orgroles.dump(chart, sys.argv[1])
    print("streamed: written")
    orgroles.write_csv(chart, sys.argv[2])
    print("csv: written")
    """
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.slow
@pytest.mark.parametrize(("form", "count"), [("json", 6_000), ("yaml", 750)])
def test_an_org_file_bigger_than_the_memory_left_is_written(
    tmp_path: Path, form: str, count: int
) -> None:
    target = tmp_path / f"big.{form}"
    done = subprocess.run(  # our own code, fixed arguments
        [sys.executable, "-c", _BIG_ORG_FILE, str(target), str(tmp_path / "big.csv"), form],
        capture_output=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert done.stdout.decode().splitlines() == [
        "whole text: MemoryError",
        "streamed: written",
        "csv: written",
    ]
    assert target.stat().st_size > 10 << 20  # more than the headroom
    assert len(orgroles.load(target)) == count
    assert len(orgroles.read_csv(tmp_path / "big.csv").chart) == count


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_streamed_csv_is_the_text_encoded_once(tmp_path: Path, encoding: str) -> None:
    from orgroles.importers._export import csv_text  # the text it must equal

    chart = orgroles.template("scaleup", names=True)
    orgroles.write_csv(chart, tmp_path / "org.csv", encoding=encoding)
    assert (tmp_path / "org.csv").read_bytes() == csv_text(chart).encode(encoding)
