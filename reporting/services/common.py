"""What the report inputs' services share: who may change them, and reading CSV."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime

from core.errors import ServiceError
from reporting.selectors import can_manage_inputs


def _require_lead(actor) -> None:
    if not can_manage_inputs(actor):
        raise ServiceError("Only the Modern Slavery Lead can change the partnership's records")


@dataclass(frozen=True)
class ImportProblem:
    row: int
    column: str
    message: str

    def __str__(self):
        return f"Row {self.row}, {self.column}: {self.message}"


class RecordsImportError(ServiceError):
    """A file with problems: every problem is listed and nothing was imported."""

    def __init__(self, problems: list[ImportProblem]):
        self.problems = problems
        super().__init__(f"The file has {len(problems)} problem(s); nothing was imported")


def _header_key(text: str) -> str:
    return re.sub(r"[\s\-_]+", "_", text.strip().lower())


def _parse_date(text: str) -> date:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError("Enter the date as DD/MM/YYYY or YYYY-MM-DD")


def read_csv(content: bytes, aliases: dict[str, str], required: list[str], error_class):
    """The rows of an uploaded CSV as dicts keyed by our column names, numbered
    as a spreadsheet shows them (the header is row 1). Raises ``error_class``
    for a file that cannot be read or lacks a required column."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise error_class([ImportProblem(0, "file", "Save the file as UTF-8 CSV")]) from None
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise error_class([ImportProblem(0, "file", "The file is empty")])
    columns = {name: aliases.get(_header_key(name)) for name in reader.fieldnames}
    missing = [c for c in required if c not in columns.values()]
    if missing:
        raise error_class(
            [ImportProblem(1, c, "Add this column to the header row") for c in missing]
        )
    return [
        (
            number,
            {columns[k]: (v or "").strip() for k, v in raw.items() if k in columns and columns[k]},
        )
        for number, raw in enumerate(reader, start=2)
    ]
