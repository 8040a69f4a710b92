"""Importing an existing modern slavery spreadsheet (see docs/import-format.md).

The one place the import logic lives: the ``import_cases`` command and the
Lead's browser import both call :func:`import_cases`.

1. :func:`read_table` turns the bytes (CSV or .xlsx) into a header and rows of text.
2. :func:`parse_table` validates every row into a :class:`ParsedRow`; each
   problem is an :class:`ImportIssue` naming the spreadsheet row (header = row 1),
   the column, the value and what would be accepted.
3. The rows are matched to existing cases by reference and compared with what
   is stored, giving a plan (create / update / unchanged). Unless it is a dry
   run, and only when there are no errors, the plan is written in one
   transaction: every row lands or none does.

NRM columns are validated into :class:`NrmData` (``ParsedRow.nrm``) and
written as the case's imported NRM episode by :func:`writing._write_nrm`
(``referrals.importing``), in the same transaction.
"""

from __future__ import annotations

from pathlib import PurePath

import pghistory
from django.db import IntegrityError, transaction

from cases.services.importing.columns import (
    CHANGE_LABELS,
    COLUMN_NAMES,
    COLUMNS,
    CREATE,
    MAX_ROWS,
    REQUIRED_COLUMNS,
    UNCHANGED,
    UPDATE,
    Column,
    ImportIssue,
    ImportPlanChanged,
    ImportResult,
    LocationData,
    NrmData,
    ParsedRow,
    PerpetratorData,
    PlannedRow,
    SurvivorData,
    normalise_header,
)
from cases.services.importing.parsing import parse_table
from cases.services.importing.reading import FileProblem, read_table
from cases.services.importing.vocabularies import country_code
from cases.services.importing.writing import (
    TIMELINE_KIND,
    _digest,
    _plan,
    _plan_warnings,
    _write,
    actor_name,
)
from core.errors import ServiceError

__all__ = [
    "CHANGE_LABELS",
    "COLUMN_NAMES",
    "COLUMNS",
    "CREATE",
    "MAX_ROWS",
    "REQUIRED_COLUMNS",
    "TIMELINE_KIND",
    "UNCHANGED",
    "UPDATE",
    "Column",
    "FileProblem",
    "ImportIssue",
    "ImportPlanChanged",
    "ImportResult",
    "LocationData",
    "NrmData",
    "ParsedRow",
    "PerpetratorData",
    "PlannedRow",
    "SurvivorData",
    "actor_name",
    "clean_file_name",
    "country_code",
    "import_cases",
    "normalise_header",
    "parse_table",
    "read_table",
]


def clean_file_name(file_name: str) -> str:
    return PurePath(str(file_name).replace("\\", "/")).name[:300] or "upload"


def import_cases(
    *,
    content: bytes,
    file_name: str,
    actor=None,
    dry_run: bool = False,
    expected_digest: str | None = None,
) -> ImportResult:
    """Check a spreadsheet and, unless ``dry_run``, import it.

    With any error nothing is written and ``result.errors`` lists every one.
    ``expected_digest`` (from a dry run's ``result.digest``) makes the import
    refuse, raising :class:`ImportPlanChanged`, if it would now do anything
    other than what that dry run showed.
    """
    file_name = clean_file_name(file_name)
    result = ImportResult(file_name=file_name, dry_run=dry_run)
    try:
        table = read_table(content, file_name)
    except FileProblem as problem:
        result.errors.append(ImportIssue(None, "", "", str(problem)))
        return result
    result.rows, result.errors, result.warnings = parse_table(table)
    if result.errors:
        return result

    if dry_run:
        result.plan = _plan(result.rows, lock=False)
        result.digest = _digest(content, result.plan)
        result.warnings += _plan_warnings(result.plan)
        return result

    try:
        with transaction.atomic(), pghistory.context(user=getattr(actor, "pk", None)):
            result.plan = _plan(result.rows, lock=True)
            result.digest = _digest(content, result.plan)
            result.warnings += _plan_warnings(result.plan)
            if expected_digest is not None and expected_digest != result.digest:
                raise ImportPlanChanged(result)
            _write(result.plan, file_name=file_name, actor=actor)
    except IntegrityError:
        # Another import created one of these references at the same moment.
        raise ServiceError(
            "Some of these cases were created by someone else at the same moment, so "
            "nothing has been imported. Check the file again"
        ) from None
    result.written = True
    return result
