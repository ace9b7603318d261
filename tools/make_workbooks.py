"""Write the small workbooks tests/test_import_excel.py reads: .xls, .ods and formulas in .xlsx.

openpyxl (a dev dependency) writes the tests' other .xlsx files on the fly, but it cannot write
the legacy .xls format, OpenDocument, or a formula together with its computed value (what a
spreadsheet program saves). These three writers can; they are no dependency of orgroles, so the
files they make are committed. To make them again::

    pip install --target /tmp/writers xlwt odfpy xlsxwriter
    PYTHONPATH=/tmp/writers python tools/make_workbooks.py tests/data/workbooks

Each workbook has a "Read me" sheet first and the data on the second sheet, "People": ids are
numbers, one hire date is a date cell, and (in .xlsx and .ods) each manager id is a formula
pointing at the manager's id cell, saved with its value.
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import Any

HEADER = ["EmpID", "ManagerID", "Employee Name", "Position", "Date of Hire"]
PEOPLE: list[list[Any]] = [
    [10026, None, "Lovelace, Ada", "CEO", datetime.date(2011, 7, 5)],
    [10027, 10026, "Wei, Lin", "Product Manager", datetime.date(2015, 1, 2)],
    [10028, 10026, "Berg, Bo", "Barista", datetime.date(2016, 3, 4)],
]
README = [["Field", "Meaning"], ["EmpID", "the employee's number"]]


def xls(path: Path) -> None:
    """The legacy Excel format (BIFF8), as Excel 97-2003 saves it."""
    import xlwt  # type: ignore[import-not-found]  # noqa: PLC0415  # only to make the files

    book = xlwt.Workbook()
    dates = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for name, rows in (("Read me", README), ("People", [HEADER, *PEOPLE])):
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, datetime.date):
                    sheet.write(r, c, value, dates)
                elif value is not None:
                    sheet.write(r, c, value)
    book.save(str(path))


def xlsx_formulas(path: Path) -> None:
    """An .xlsx whose manager ids are formulas saved with their values."""
    import xlsxwriter  # type: ignore[import-not-found]  # noqa: PLC0415  # only to make the files

    book = xlsxwriter.Workbook(str(path))
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    readme = book.add_worksheet("Read me")
    for r, row in enumerate(README):
        readme.write_row(r, 0, row)
    sheet = book.add_worksheet("People")
    sheet.write_row(0, 0, HEADER)
    for r, (emp, manager, name, title, hired) in enumerate(PEOPLE, start=1):
        sheet.write_number(r, 0, emp)
        if manager is not None:
            sheet.write_formula(r, 1, "=$A$2", None, manager)  # the CEO's id cell, and its value
        sheet.write_string(r, 2, name)
        sheet.write_string(r, 3, title)
        sheet.write_datetime(r, 4, datetime.datetime.combine(hired, datetime.time()), dates)
    book.close()


def ods(path: Path) -> None:
    """An OpenDocument spreadsheet (LibreOffice), manager ids as formulas with their values."""
    from odf.opendocument import (  # type: ignore[import-not-found]  # noqa: PLC0415
        OpenDocumentSpreadsheet,
    )
    from odf.table import (  # type: ignore[import-not-found]  # noqa: PLC0415
        Table,
        TableCell,
        TableRow,
    )
    from odf.text import P  # type: ignore[import-not-found]  # noqa: PLC0415

    document = OpenDocumentSpreadsheet()

    def cell(value: Any, formula: str | None = None) -> Any:
        if value is None:
            return TableCell()
        if isinstance(value, datetime.date):
            made = TableCell(valuetype="date", datevalue=value.isoformat())
        elif isinstance(value, int):
            made = TableCell(valuetype="float", value=value)
            if formula is not None:
                made.setAttribute("formula", formula)
        else:
            made = TableCell(valuetype="string")
        made.addElement(P(text=str(value)))
        return made

    for name, rows in (("Read me", README), ("People", [HEADER, *PEOPLE])):
        table = Table(name=name)
        for r, row in enumerate(rows):
            line = TableRow()
            for c, value in enumerate(row):
                formula = "of:=[.A2]" if name == "People" and r and c == 1 else None
                line.addElement(cell(value, formula))
            table.addElement(line)
        document.spreadsheet.addElement(table)
    document.save(str(path))


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "tests/data/workbooks")
    folder.mkdir(parents=True, exist_ok=True)
    xls(folder / "people.xls")
    xlsx_formulas(folder / "formulas.xlsx")
    ods(folder / "people.ods")
