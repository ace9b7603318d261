"""Workbook import: 100,000 rows from .xlsx (target: at most 3 s), and the reader's own share.

The workbook is an HR export of eight columns (numeric ids and managers, names, titles,
departments, dates, salaries, a flag) with a data dictionary sheet before the data, written once
with openpyxl into a temporary folder. Printed: the median of ``read_excel`` over three runs,
wall and CPU, and how much of it python-calamine's parse takes alone (the floor), against the
target. Run alone with ``python benchmarks/run.py excel``.
"""

from __future__ import annotations

import datetime
import os
import statistics
import tempfile
import time
from pathlib import Path

import python_calamine
from openpyxl import Workbook

import orgroles

ROWS = int(os.environ.get("ORGROLES_BENCH_EXCEL_ROWS", "100000"))
TARGET = 3.0


def write_export(path: Path, rows: int) -> None:
    """An eight-column export of ``rows`` employees, eight reports per manager."""
    book = Workbook(write_only=True)
    notes = book.create_sheet("Data dictionary")
    notes.append(["Field", "Meaning"])
    notes.append(["EmpID", "the employee's number"])
    sheet = book.create_sheet("Employees")
    header = "EmpID ManagerID Employee_Name Position Department DateofHire Salary Termd"
    sheet.append(header.split())
    start = datetime.date(2010, 1, 1)
    for n in range(rows):
        sheet.append(
            [
                10000 + n,
                10000 + (n - 1) // 8 if n else None,
                f"Last{n}, First{n} M",
                "Product Manager" if n % 10 == 0 else "Production Technician I",
                f"Department {n % 30}",
                start + datetime.timedelta(days=n % 3000),
                50000.5 + n,
                n % 3 == 0,
            ]
        )
    book.save(path)


def timed(function: object) -> tuple[float, float]:
    """Wall and CPU seconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    function()  # type: ignore[operator]  # any callable
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    """Print the figures."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.xlsx"
        write_export(path, ROWS)

        def parse() -> None:
            book = python_calamine.CalamineWorkbook.from_path(str(path))
            book.get_sheet_by_name("Employees").to_python()

        def read() -> None:
            chart, report = orgroles.read_excel(path)
            if len(chart) != ROWS or not report.ok:
                raise RuntimeError(report.summary(max_problems=3))

        read()  # warm: imports, title cache
        runs = [timed(read) for _ in range(3)]
        floor = statistics.median(timed(parse)[0] for _ in range(3))
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    verdict = "OK" if wall <= TARGET else "MISSED"
    print(
        f"read_excel {ROWS:,} rows x 8 columns (.xlsx): {wall:.2f} s wall, {cpu:.2f} s CPU "
        f"(target <= {TARGET:.0f} s: {verdict}); calamine's parse alone {floor:.2f} s"
    )


if __name__ == "__main__":
    main()
