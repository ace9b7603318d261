"""Import problem codes: one table in code, the docs' table generated from it, shared rule codes."""

from __future__ import annotations

import ast
from pathlib import Path

import orgroles
from orgroles import IMPORT_CODES, read_csv, validate
from orgroles.importers._codes import import_codes_markdown, replace_table
from orgroles.validation import registered_rules

ROOT = Path(__file__).resolve().parent.parent
IMPORTERS = ROOT / "src" / "orgroles" / "importers"


def _codes_used() -> dict[str, list[str]]:
    """Every code literal an importer passes where a problem is made, with where it is."""
    used: dict[str, list[str]] = {}
    for path in sorted(IMPORTERS.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            # ImportProblem(code, ...), builder.problem(row, code, ...), empty_import(code, ...)
            position = {"ImportProblem": 0, "problem": 1, "empty_import": 0}.get(name)
            if position is None or len(node.args) <= position:
                continue
            argument = node.args[position]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                used.setdefault(argument.value, []).append(f"{path.name}:{node.lineno}")
    return used


def test_the_docs_table_is_generated_from_the_codes() -> None:
    page = (ROOT / "docs" / "importing.md").read_text(encoding="utf-8")
    assert import_codes_markdown() in page, (
        "regenerate with: python -m orgroles.importers._codes docs/importing.md"
    )
    assert replace_table(page) == page


def test_every_code_an_importer_uses_is_in_the_table_and_every_entry_is_used() -> None:
    used = _codes_used()
    assert len(used) > 15, "the scan no longer finds where import problems are made"
    unknown = {code: places for code, places in used.items() if code not in IMPORT_CODES}
    assert not unknown, f"codes missing from IMPORT_CODES: {unknown}"
    assert set(IMPORT_CODES) == set(used), f"unused: {set(IMPORT_CODES) - set(used)}"


def test_no_import_code_is_a_rule_code_with_another_meaning() -> None:
    rule_codes = {rule.code for rule in registered_rules() if rule.builtin}
    shared = {code for code in IMPORT_CODES if code in rule_codes}
    assert shared == {"cycle", "self-report", "unknown-manager", "multiple-roots"}
    for code, entry in IMPORT_CODES.items():
        # A shared code says so in the table; no entry claims a rule it does not share.
        assert entry.rule == (code if code in rule_codes else None), code


def test_an_import_and_its_validation_name_the_same_fact_with_the_same_code(
    tmp_path: Path,
) -> None:
    path = tmp_path / "hr.csv"
    path.write_text("id,parentId,title\n1,,CEO\n2,9,Product Manager\n3,,Designer\n")
    _, report = read_csv(path)
    imported = {(p.code, p.place.positions) for p in report.problems}
    assert imported == {("unknown-manager", ("2",)), ("multiple-roots", ("3",))}
    found = {(f.code, f.positions[:1]) for f in validate(read_csv(path).chart, "startup")}
    assert ("unknown-manager", ("2",)) in found
    assert ("multiple-roots", ("1",)) in found


def test_import_codes_are_public() -> None:
    assert orgroles.IMPORT_CODES["unknown-manager"].rule == "unknown-manager"
