"""Every code an import problem can carry: the case it names and what lenient mode does.

This module owns the table :class:`~orgroles.ImportProblem` codes come from and the table in
``docs/importing.md`` is generated from (a test keeps the two equal). It knows nothing of how
the problems are found.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from orgroles._write import write_atomically

__all__ = ["IMPORT_CODES", "ImportCode", "import_codes_markdown"]


class ImportCode(NamedTuple):
    """One import code: the case, the repair lenient mode makes, and the rule that shares it.

    Attributes:
        case: the input that gets this code.
        repair: what lenient mode does about it (``strict=True`` raises instead).
        rule: the validation rule code for the same fact, when validation finds it too (the
            import then uses that very code), else ``None``.
    """

    case: str
    repair: str
    rule: str | None = None


IMPORT_CODES = MappingProxyType(
    {
        "empty-file": ImportCode(
            "no bytes, only a BOM or whitespace; a JSON `[]` or `{}`", "an empty chart"
        ),
        "header-only": ImportCode("a header and no data rows", "an empty chart"),
        "empty-row": ImportCode(
            "a row whose cells are all empty", "skipped (counted in `skipped`)"
        ),
        "ragged-row": ImportCode(
            "more or fewer cells than the header",
            "extra cells kept in attribute `extra_cells` (a list); missing cells read as empty",
        ),
        "unclosed-quote": ImportCode(
            "a quoted cell that runs over later lines holding a whole row's worth of "
            "delimiters: a quote never closed, so the CSV reader took the rows after it into "
            "that cell",
            "the lines stay in the cell; the problem names the row and the first line taken "
            "in, so the rows in it are not lost unnoticed (fix the quote and import again)",
        ),
        "duplicate-column": ImportCode("a header name used twice", "the second read as `name~2`"),
        "blank-column": ImportCode(
            "a nameless column holding data", "kept as attribute `column_N`"
        ),
        "blank-id": ImportCode(
            "an empty id",
            "given the id `row-N` (N the row number; `row-N~2` if taken), so nested children "
            "and the row's data stay",
        ),
        "bad-id": ImportCode(
            "an id with a control character (a quoted newline) or over 200 characters",
            "control characters become a space, cut at 200 (manager ids are read the same "
            "way, so they still match)",
        ),
        "duplicate-row": ImportCode(
            "a row repeating an earlier row with the same id exactly",
            "collapsed into the earlier one (counted in `collapsed`)",
        ),
        "duplicate-id": ImportCode(
            "an id already used by a row with other data",
            "kept, renamed `id~2` (`~3`...); reports to that id go to the first row",
        ),
        "case-variant-id": ImportCode(
            "ids differing only in case (`A-1`, `a-1`)",
            "both kept as separate positions, never merged",
        ),
        "self-report": ImportCode(
            "a row that is its own manager", "made a root", rule="self-report"
        ),
        "unknown-manager": ImportCode(
            "a manager id that is no id in the input",
            "kept as written, so the chart says what the data says and validation reports "
            "`unknown-manager` too; the hint names an id differing only in case, or the "
            'position whose *name* it is (a "Manager" column of names: name the id column '
            "with `manager=`)",
            rule="unknown-manager",
        ),
        "manager-column": ImportCode(
            "a manager column whose values are mostly not ids (names, emails, or another key)",
            'with `manager_by="auto"` (the default): reported first, and the column and '
            "reading (by name or email) that find the managers are used instead; when none "
            "does, each row is reported as `unknown-manager` after it",
        ),
        "ambiguous-manager": ImportCode(
            "a manager name or email that fits several positions",
            "left without a manager rather than guess; every candidate named",
        ),
        "placeholder-manager": ImportCode(
            "a manager named (by name or email) who is not in the input",
            "a vacant placeholder position made for them (attribute `placeholder: true`, "
            "listed in `report.placeholders`), once per manager; with `placeholders=False` "
            "kept as written and reported as `unknown-manager`",
        ),
        "cycle": ImportCode(
            "positions reporting to each other in a loop",
            "broken at the member that comes first in the input: it becomes a root; the "
            "message names the loop",
            rule="cycle",
        ),
        "multiple-roots": ImportCode(
            "more than one position without a manager",
            "kept; reported for every root after the first (not again for self-reports or "
            "broken cycles)",
            rule="multiple-roots",
        ),
        "unknown-role": ImportCode(
            "a value in the role column that is no role key",
            "role from the title instead; the value kept in attributes",
        ),
        "bad-value": ImportCode(
            "a list or object where text was expected (JSON), a non-boolean assistant flag, "
            "or a value nesting lists and objects more than 100 levels deep",
            "the field left empty; the value kept in attributes (a value nested too deeply "
            "is left out: the problem names its row and column)",
        ),
        "bad-json": ImportCode(
            "a cell of a `json:<key>` column (only in `write_csv`'s shape) that is not JSON",
            "kept as text in attribute `<key>`",
        ),
        "bad-record": ImportCode(
            "a JSON item that is not an object", "skipped (counted in `skipped`)"
        ),
        "manager-conflict": ImportCode(
            "a nested record whose manager field names another parent",
            "nesting wins; the other id kept in attributes",
        ),
    }
)
"""Every import problem code, in the order the docs list them."""

_START = "<!-- import-codes: generated from orgroles.importers._codes; do not edit by hand -->"
_END = "<!-- /import-codes -->"


def import_codes_markdown() -> str:
    """The table of import codes as Markdown, between the markers the docs page holds.

    Examples:
        >>> print(import_codes_markdown().splitlines()[4])
        | `empty-file` | no bytes, only a BOM or whitespace; a JSON `[]` or `{}` | an empty chart |
    """
    lines = [_START, "", "| code | case | lenient mode |", "| --- | --- | --- |"]
    lines += [f"| `{code}` | {c.case} | {c.repair} |" for code, c in IMPORT_CODES.items()]
    return "\n".join([*lines, "", _END])


def replace_table(page: str) -> str:
    """``page`` with the text between the markers replaced by :func:`import_codes_markdown`."""
    start, end = page.index(_START), page.index(_END) + len(_END)
    return page[:start] + import_codes_markdown() + page[end:]


if __name__ == "__main__":  # python -m orgroles.importers._codes docs/importing.md
    for name in sys.argv[1:]:
        path = Path(name)
        page = replace_table(path.read_text(encoding="utf-8"))
        write_atomically(path, page.encode("utf-8"))  # as every file orgroles writes
