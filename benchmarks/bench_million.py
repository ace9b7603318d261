"""A million positions: load an HR export from CSV and validate it, against the plain pipeline.

Target (DESIGN.md section 6): load and validate 1,000,000 positions in at most 5 s with at most
2 GB peak memory, and at least 4x faster than the plain pipeline measured in the same run. The
plain pipeline is what a careful user writes without orgroles: ``csv.DictReader``, one pydantic
model per row, a ``networkx.DiGraph``, then ``nx.is_arborescence``. It only answers "is this a
tree?"; orgroles also maps every title to a role, reports every import problem and runs every
validation rule.

Each pipeline runs in its own child process, so each peak memory figure is that pipeline's
alone (the interpreter and imports included, about 100 MB). Prints figures and ratios; asserts
nothing about time. ``ORGROLES_BENCH_POSITIONS`` changes the size (default 1,000,000).
"""

from __future__ import annotations

import csv
import json
import os
import pathlib
import random
import resource
import subprocess
import sys
import tempfile
import time

POSITIONS = int(os.environ.get("ORGROLES_BENCH_POSITIONS", "1000000"))
SPAN = 8

# A mix of product and other titles, as a whole-company HR export holds them.
TITLES = (
    "Software Engineer",
    "Senior Software Engineer",
    "Engineering Manager",
    "Sales Representative",
    "Account Executive",
    "Customer Success Manager",
    "Recruiter",
    "Data Analyst",
    "Product Manager",
    "Senior Product Manager",
    "Product Designer",
    "Director of Product Management",
)
DEPARTMENTS = ("Engineering", "Product", "Sales", "Marketing", "Finance", "Support", "People")


def write_export(path: pathlib.Path, size: int) -> None:
    """A whole-company export: a tree with spans of 8 under a CEO, six columns per row."""
    rng = random.Random(0)  # noqa: S311  # sample data, not security
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["Employee ID", "Manager ID", "Name", "Job Title", "Department", "Location"]
        )
        writer.writerow(["E0000001", "", "Ada Lovelace", "Founder & CEO", "Executive", "Site 0"])
        for number in range(2, size + 1):
            manager = (number - 2) // SPAN + 1
            writer.writerow(
                [
                    f"E{number:07d}",
                    f"E{manager:07d}",
                    f"Person {number}",
                    rng.choice(TITLES),
                    rng.choice(DEPARTMENTS),
                    f"Site {number % 50}",
                ]
            )


def orgroles_pipeline(path: str) -> dict[str, object]:
    """What the CLI's ``orgroles import`` and ``orgroles validate`` do, in one process."""
    import orgroles  # noqa: PLC0415  # imported in the child only

    start = time.perf_counter()
    result = orgroles.read_csv(path)
    loaded = time.perf_counter()
    report = orgroles.validate(result.chart)
    done = time.perf_counter()
    return {
        "seconds": done - start,
        "load": loaded - start,
        "validate": done - loaded,
        "positions": len(result.chart),
        "findings": len(report.findings),
        "variant": report.variant,
    }


def plain_pipeline(path: str) -> dict[str, object]:
    """csv.DictReader, a pydantic model per row, a networkx DiGraph, ``nx.is_arborescence``."""
    import networkx as nx  # noqa: PLC0415
    import pydantic  # noqa: PLC0415

    class Employee(pydantic.BaseModel):
        employee_id: str
        manager_id: str
        name: str
        title: str
        department: str
        location: str

    start = time.perf_counter()
    with open(path, newline="", encoding="utf-8") as handle:
        employees = [
            Employee(
                employee_id=row["Employee ID"],
                manager_id=row["Manager ID"],
                name=row["Name"],
                title=row["Job Title"],
                department=row["Department"],
                location=row["Location"],
            )
            for row in csv.DictReader(handle)
        ]
    graph: nx.DiGraph[str] = nx.DiGraph()
    for employee in employees:
        graph.add_node(employee.employee_id, title=employee.title)
    for employee in employees:
        if employee.manager_id:
            graph.add_edge(employee.manager_id, employee.employee_id)
    tree = nx.is_arborescence(graph)
    return {"seconds": time.perf_counter() - start, "positions": len(employees), "tree": tree}


def child(mode: str, path: str) -> None:
    """Run one pipeline and print its figures and this process's peak memory as JSON."""
    figures = orgroles_pipeline(path) if mode == "orgroles" else plain_pipeline(path)
    figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(figures))


def run_child(mode: str, path: pathlib.Path) -> dict[str, object]:
    """One pipeline in a fresh interpreter."""
    out = subprocess.run(  # noqa: S603  # our own interpreter and script
        [sys.executable, __file__, "--child", mode, str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    figures: dict[str, object] = json.loads(out.stdout.splitlines()[-1])
    return figures


def main() -> None:
    """Write the export, run both pipelines, print figures and the ratio."""
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "export.csv"
        write_export(path, POSITIONS)
        size_mb = path.stat().st_size / 1e6
        print(f"export: {POSITIONS:,} rows, {size_mb:.0f} MB of CSV")
        ours = run_child("orgroles", path)
        plain = run_child("plain", path)
    ratio = float(plain["seconds"]) / float(ours["seconds"])  # type: ignore[arg-type]
    print(
        f"orgroles read_csv + validate: {ours['seconds']:.2f} s "
        f"(load {ours['load']:.2f} s, validate {ours['validate']:.2f} s), "
        f"peak {ours['peak_mb']:.0f} MB; {ours['positions']:,} positions, "
        f"{ours['findings']:,} findings, variant {ours['variant']}   (target: <= 5 s, <= 2048 MB)"
    )
    print(
        f"plain csv + pydantic + networkx + is_arborescence: {plain['seconds']:.2f} s, "
        f"peak {plain['peak_mb']:.0f} MB; tree={plain['tree']}"
    )
    print(f"ratio plain / orgroles: {ratio:.2f}x   (target: >= 4x)")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
    else:
        main()
