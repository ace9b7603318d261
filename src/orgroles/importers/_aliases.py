"""The column names of the common HR systems, by the field each one fills.

This module owns the built-in alias table (Workday, BambooHR, HiBob, Rippling, Personio, ADP,
SAP SuccessFactors, Microsoft Entra, Google Workspace, Lattice, ChartHop), merging a user's own
aliases into it, and the table the importing page shows. It knows nothing of files or rows:
``_columns`` detects columns with what it gives.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Final

from orgroles._write import write_atomically
from orgroles.errors import suggest

__all__ = [
    "FIELDS",
    "HRIS_HEADERS",
    "KNOWN_FIELDS",
    "SYSTEMS",
    "UserAliases",
    "aliases_markdown",
    "check_aliases",
]

SYSTEMS: Final = (
    "Workday",
    "BambooHR",
    "HiBob",
    "Rippling",
    "Personio",
    "ADP",
    "SAP SuccessFactors",
    "Microsoft Entra",
    "Google Workspace",
    "Lattice",
    "ChartHop",
)
"""The HR systems whose export headers the table holds."""

FIELDS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "id": "employee id",
        "reports_to": "manager id",
        "manager_email": "manager email",
        "manager_name": "manager name",
        "email": "work email",
        "name": "full name",
        "title": "job title",
        "unit": "department",
        "location": "location",
        "status": "employment status",
        "assistant": "assistant flag",
        "dotted_to": "dotted-line manager id",
    }
)
"""Every field the table fills, with what its column holds."""

KNOWN_FIELDS: Final = frozenset({"manager_email", "manager_name", "email", "location", "status"})
"""Fields that are no position field: their columns stay attributes, and the import knows them
(managers by email or name read them; a row filter may name them: ``where={"status": ...}``)."""

# As each system's exports and report builders write them (header case and punctuation do not
# matter: they are compared as orgroles compares every header). Sources: each vendor's import
# templates and field references.
HRIS_HEADERS: Final[Mapping[str, Mapping[str, tuple[str, ...]]]] = MappingProxyType(
    {
        "id": {
            "Workday": ("Employee ID", "Worker ID"),
            "BambooHR": ("Employee #", "EEID", "Employee Number"),
            "HiBob": ("Employee ID",),
            "Rippling": ("Employee ID", "Employee Number"),
            "Personio": ("Personnel Number",),
            "ADP": ("Associate ID", "File Number"),
            "SAP SuccessFactors": ("User ID", "USERID", "Person ID External"),
            "Microsoft Entra": ("Object ID", "objectId"),
            "Google Workspace": ("Employee ID",),
            "Lattice": ("Employee ID",),
            "ChartHop": ("Employee ID", "Person ID"),
        },
        "reports_to": {
            "Workday": ("Manager Employee ID", "Manager ID", "Supervisor ID"),
            "BambooHR": ("Supervisor EID", "Supervisor ID"),
            "HiBob": ("Reports To ID", "Manager ID"),
            "Rippling": ("Manager ID", "Manager Employee ID"),
            "Personio": ("Supervisor ID",),
            "ADP": ("Reports To Associate ID", "Reports To ID"),
            "SAP SuccessFactors": ("Manager", "MANAGER", "Manager User ID"),
            "Microsoft Entra": ("Manager Object ID", "Manager ID"),
            "Google Workspace": ("Manager ID",),
            "Lattice": ("Manager ID",),
            "ChartHop": ("Manager ID", "Manager Person ID"),
        },
        "manager_email": {
            "Workday": ("Manager Email", "Manager Work Email"),
            "BambooHR": ("Supervisor Email",),
            "HiBob": ("Reports To Email",),
            "Rippling": ("Manager Email", "Manager Work Email"),
            "Personio": ("Supervisor Email",),
            "ADP": ("Reports To Email",),
            "SAP SuccessFactors": ("Manager Email",),
            "Microsoft Entra": ("Manager UPN", "Manager User Principal Name", "Manager Mail"),
            "Google Workspace": ("Manager Email",),
            "Lattice": ("Manager Email",),
            "ChartHop": ("Manager Email",),
        },
        "manager_name": {
            "Workday": ("Manager Name", "Manager", "Supervisor"),
            "BambooHR": ("Reporting To", "Reports To", "Supervisor"),
            "HiBob": ("Reports To",),
            "Rippling": ("Manager", "Manager Name"),
            "Personio": ("Supervisor",),
            "ADP": ("Reports To Name", "Reports To Legal Name"),
            "SAP SuccessFactors": ("Manager Name",),
            "Microsoft Entra": ("Manager Display Name",),
            "Google Workspace": ("Manager Name",),
            "Lattice": ("Manager", "Manager Name"),
            "ChartHop": ("Manager", "Manager Name"),
        },
        "email": {
            "Workday": ("Email - Work", "Primary Work Email", "Work Email"),
            "BambooHR": ("Work Email",),
            "HiBob": ("Email", "Work Email"),
            "Rippling": ("Work Email",),
            "Personio": ("Email",),
            "ADP": ("Work Contact: Work Email", "Work Email"),
            "SAP SuccessFactors": ("Email", "EMAIL"),
            "Microsoft Entra": ("User Principal Name", "userPrincipalName", "Mail"),
            "Google Workspace": ("Email Address [Required]", "Email Address"),
            "Lattice": ("Email",),
            "ChartHop": ("Work Email", "Email"),
        },
        "name": {
            "Workday": ("Worker", "Legal Name", "Preferred Name"),
            "BambooHR": ("Employee Name", "Name"),
            "HiBob": ("Display Name",),
            "Rippling": ("Employee Name", "Full Name"),
            "Personio": ("Full Name",),
            "ADP": ("Legal Name", "Preferred Name"),
            "SAP SuccessFactors": ("Name", "Full Name"),
            "Microsoft Entra": ("Display Name", "displayName"),
            "Google Workspace": ("Full Name",),
            "Lattice": ("Name",),
            "ChartHop": ("Name", "Full Name"),
        },
        "title": {
            "Workday": ("Business Title", "Job Profile", "Job Title"),
            "BambooHR": ("Job Title",),
            "HiBob": ("Job Title", "Work Title"),
            "Rippling": ("Title", "Job Title"),
            "Personio": ("Position",),
            "ADP": ("Job Title Description", "Job Title"),
            "SAP SuccessFactors": ("Title", "Job Title"),
            "Microsoft Entra": ("Job Title", "jobTitle"),
            "Google Workspace": ("Employee Title", "Title"),
            "Lattice": ("Title",),
            "ChartHop": ("Title", "Job Title"),
        },
        "unit": {
            "Workday": ("Supervisory Organization", "Department"),
            "BambooHR": ("Department", "Division"),
            "HiBob": ("Department",),
            "Rippling": ("Department",),
            "Personio": ("Department", "Team"),
            "ADP": ("Home Department Description", "Department"),
            "SAP SuccessFactors": ("Department", "Division"),
            "Microsoft Entra": ("Department",),
            "Google Workspace": ("Department",),
            "Lattice": ("Department",),
            "ChartHop": ("Department",),
        },
        "location": {
            "Workday": ("Location", "Work Location"),
            "BambooHR": ("Location",),
            "HiBob": ("Site",),
            "Rippling": ("Work Location",),
            "Personio": ("Office",),
            "ADP": ("Location Description", "Work Location"),
            "SAP SuccessFactors": ("Location",),
            "Microsoft Entra": ("Office Location", "officeLocation"),
            "Google Workspace": ("Building ID",),
            "Lattice": ("Location",),
            "ChartHop": ("Location",),
        },
        "status": {
            "Workday": ("Worker Status", "Active Status"),
            "BambooHR": ("Status", "Employment Status"),
            "HiBob": ("Lifecycle Status",),
            "Rippling": ("Employment Status", "Role State"),
            "Personio": ("Status",),
            "ADP": ("Position Status", "Worker Status"),
            "SAP SuccessFactors": ("Status", "STATUS"),
            "Microsoft Entra": ("Account Enabled", "accountEnabled"),
            "Google Workspace": ("Status [READ ONLY]",),
            "Lattice": ("Status",),
            "ChartHop": ("Status",),
        },
        "assistant": {
            "Workday": ("Is Assistant",),
            "BambooHR": ("Assistant",),
            "HiBob": ("Is Assistant",),
            "Rippling": ("Is Assistant",),
            "Personio": ("Assistant",),
            "ADP": ("Assistant",),
            "SAP SuccessFactors": ("Is Assistant",),
            "Microsoft Entra": ("Is Assistant",),
            "Google Workspace": ("Assistant",),
            "Lattice": ("Is Assistant",),
            "ChartHop": ("Assistant", "Is Assistant"),
        },
        "dotted_to": {
            "Workday": ("Matrix Manager ID", "Dotted Line Manager ID"),
            "BambooHR": ("Dotted Line Manager ID",),
            "HiBob": ("Dotted Line Manager ID", "Secondary Manager ID"),
            "Rippling": ("Dotted Line Manager ID",),
            "Personio": ("Secondary Supervisor ID",),
            "ADP": ("Matrix Manager ID",),
            "SAP SuccessFactors": ("Matrix Manager", "Matrix Manager User ID"),
            "Microsoft Entra": ("Dotted Line Manager ID",),
            "Google Workspace": ("Dotted Line Manager ID",),
            "Lattice": ("Dotted Line Manager ID",),
            "ChartHop": ("Dotted Line Manager ID", "Dotted Manager ID"),
        },
    }
)
"""Field -> HR system -> the headers its exports use for that field."""

UserAliases = Mapping[str, str | Sequence[str]]
"""A user's own header names by field: ``{"id": "Personalnummer", "manager": ["Chef-ID"]}``."""

_FIELD_NAMES = {"manager": "reports_to", **{field: field for field in FIELDS}}


def check_aliases(aliases: UserAliases | None) -> dict[str, tuple[str, ...]]:
    """A user's aliases by field (``manager`` is ``reports_to``), each a tuple of header names.

    Raises:
        ValueError: a field the table has no place for (the message names the nearest).

    Examples:
        >>> check_aliases({"id": "Personalnummer", "manager": ["Chef-ID", "Chef"]})
        {'id': ('Personalnummer',), 'reports_to': ('Chef-ID', 'Chef')}
    """
    checked: dict[str, tuple[str, ...]] = {}
    for field, names in (aliases or {}).items():
        if field not in _FIELD_NAMES:
            raise ValueError(suggest(field, sorted(_FIELD_NAMES), what="alias field"))
        key = _FIELD_NAMES[field]
        checked[key] = (*checked.get(key, ()), *([names] if isinstance(names, str) else names))
    return checked


_START = "<!-- hris-aliases: generated from orgroles.importers._aliases; do not edit by hand -->"
_END = "<!-- /hris-aliases -->"


def aliases_markdown() -> str:
    """The alias table as Markdown (one row per field, one column per system), between markers.

    Examples:
        >>> aliases_markdown().splitlines()[2].startswith("| field | Workday | BambooHR |")
        True
    """
    lines = [
        _START,
        "",
        "| field | " + " | ".join(SYSTEMS) + " |",
        "| --- |" + " --- |" * len(SYSTEMS),
    ]
    for field, systems in HRIS_HEADERS.items():
        cells = [", ".join(f"`{h}`" for h in systems.get(s, ())) or "-" for s in SYSTEMS]
        label = f"`{field}` ({FIELDS[field]})"
        lines.append(f"| {label} | " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join([*lines, "", _END])


def replace_table(page: str) -> str:
    """``page`` with the text between the markers replaced by :func:`aliases_markdown`."""
    start, end = page.index(_START), page.index(_END) + len(_END)
    return page[:start] + aliases_markdown() + page[end:]


if __name__ == "__main__":  # python -m orgroles.importers._aliases docs/importing.md
    for name in sys.argv[1:]:
        path = Path(name)
        write_atomically(path, replace_table(path.read_text(encoding="utf-8")).encode("utf-8"))
