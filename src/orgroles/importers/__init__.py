"""Import from HR exports: CSV, workbooks and JSON in, a typed chart and a report out; CSV out.

This package owns reading other tools' data (encodings, delimiters, column detection, title to
role mapping, the lenient repairs and their report) and the flat CSV export. It builds charts
through :class:`~orgroles.OrgChart` and knows nothing of validation, rendering or the CLI.

Examples:
    >>> from orgroles.importers import from_records
    >>> chart, report = from_records([
    ...     {"id": "1", "parentId": "", "title": "CEO"},
    ...     {"id": "2", "parentId": "1", "title": "Director of Product"},
    ...     {"id": "3", "parentId": "3", "title": "Barista"},
    ... ])
    >>> [(p.id, p.role, p.reports_to) for p in chart]
    [('1', 'ceo', None), ('2', 'director', '1'), ('3', 'other', None)]
    >>> [(p.code, p.place.row, p.action) for p in report.problems]
    [('self-report', 3, 'made it a root')]
"""

from orgroles.errors import OrgImportError
from orgroles.importers._codes import IMPORT_CODES, ImportCode
from orgroles.importers._csv import read_csv
from orgroles.importers._excel import read_excel
from orgroles.importers._export import write_csv
from orgroles.importers._json import read_json
from orgroles.importers._product import product_org
from orgroles.importers._records import from_records
from orgroles.importers._report import ColumnChoice, ImportProblem, ImportReport, ImportResult
from orgroles.importers._role_map import load_role_map

__all__ = [
    "IMPORT_CODES",
    "ColumnChoice",
    "ImportCode",
    "ImportProblem",
    "ImportReport",
    "ImportResult",
    "OrgImportError",
    "from_records",
    "load_role_map",
    "product_org",
    "read_csv",
    "read_excel",
    "read_json",
    "write_csv",
]
