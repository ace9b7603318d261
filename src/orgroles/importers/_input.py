"""What one import was asked to do and what its reader found, as one frozen record.

This module owns :class:`ImportInput`, which the readers (CSV, JSON, records) fill in and the
build and report passes read. It knows nothing of file formats or repairs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from orgroles.importers._filters import Where
    from orgroles.importers._managers import ManagerBy

__all__ = ["ImportInput"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportInput:
    """One import's input and options, passed as one object from the reader to the report.

    Attributes:
        source: the input's name in messages (the file name, ``<stdin>``), or ``None``.
        format: ``"csv"``, ``"excel"``, ``"json"`` or ``"records"``.
        encoding: the text encoding used (files only).
        delimiter: the CSV delimiter used.
        sheet: the workbook sheet read.
        notes: what the reader decided on the way (an encoding guessed, a key read from).
        strict: raise on any problem instead of repairing it.
        product_only: keep only product positions and their chains of command.
        trim: whether titles, names and units lose surrounding whitespace (``None``: the
            default of :func:`~orgroles.read_csv`).
        manager_by: how the manager column is read: ``"auto"``, ``"id"``, ``"email"``,
            ``"name"``.
        placeholders: whether a manager named but not in the input gets a placeholder position.
        where: the row filter, as the caller gave it (``None``: every row).
        aliases: the caller's own header names by field.

    Examples:
        >>> given = ImportInput(source="hr.csv", format="csv")
        >>> given.noted("read with ';'").notes
        ("read with ';'",)
    """

    source: str | None
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    notes: tuple[str, ...] = ()
    strict: bool = False
    product_only: bool = False
    trim: bool | None = None
    manager_by: ManagerBy = "auto"
    placeholders: bool = True
    where: Where | None = None
    aliases: Mapping[str, tuple[str, ...]] | None = None

    def noted(self, *notes: str) -> ImportInput:
        """This input with ``notes`` added to the report's notes."""
        return dataclasses.replace(self, notes=(*self.notes, *notes))
