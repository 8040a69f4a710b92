"""Reading an uploaded CSV or .xlsx file into a table of text (header first)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from cases.services.importing.columns import MAX_ROWS

# --- Reading the file --------------------------------------------------------------------


class FileProblem(Exception):
    """The file cannot be read at all."""


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_csv(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(
            "The file is not UTF-8 text. Save it from your spreadsheet as "
            "“CSV UTF-8 (comma delimited)”, or upload the .xlsx file"
        ) from None
    if "\x00" in text:
        raise FileProblem("The file is not a CSV file. Upload a .csv or .xlsx file")
    try:
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
    except csv.Error as error:
        raise FileProblem(f"The file could not be read as CSV ({error})") from None


def _read_xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    not_xlsx = FileProblem(
        "The file is not a valid Excel .xlsx file. Save it again as .xlsx or as CSV UTF-8"
    )
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # a damaged or foreign file can fail in many ways
        raise not_xlsx from None
    try:
        if not workbook.worksheets:
            raise FileProblem("The .xlsx file has no sheets")
        rows = []
        for values in workbook.worksheets[0].iter_rows(values_only=True):
            rows.append([_cell_text(value) for value in values])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    except FileProblem:
        raise
    except Exception:
        raise not_xlsx from None
    finally:
        workbook.close()


def read_table(content: bytes, file_name: str) -> list[list[str]]:
    """Every row of the file (header first) as stripped text; raises FileProblem."""
    is_zip = content[:4] == b"PK\x03\x04"
    if file_name.lower().endswith(".xlsx") or is_zip:
        return _read_xlsx(content)
    return _read_csv(content)
