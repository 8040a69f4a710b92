"""Writes: report runs, training sessions and the 4P action plan.

Functions named <entity>_<verb>, keyword-only, with an actor, atomic.
"""

from __future__ import annotations

import contextlib
import csv
import io
import logging
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from functools import partial

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from core.errors import ServiceError
from reporting import periods
from reporting.figures import AGE_BAND_CHOICES, BOTH
from reporting.models import ActionPlanItem, ReportRun, RunStatus, TrainingAudience, TrainingSession
from reporting.pdf import render_report_pdf
from reporting.report import build
from reporting.selectors import audiences_for, can_manage_inputs
from reporting.services.common import (
    ImportProblem,
    RecordsImportError,
    _header_key,
    _parse_date,
    _require_lead,
)

logger = logging.getLogger(__name__)

__all__ = [
    "TrainingImportError",
    "action_plan_item_save",
    "report_run_generate",
    "report_run_request",
    "report_runs_requeue_waiting",
    "training_session_save",
    "training_sessions_import",
]


# --- Report runs ------------------------------------------------------------------------------


def _queue_generation(run_id: int) -> None:
    from reporting.tasks import generate_report

    generate_report.delay(run_id)


def report_run_request(
    *, actor, period: periods.Period, audience: str, age_bands: str = BOTH
) -> ReportRun:
    """Record a request for a report and queue its generation once saved."""
    if audience not in audiences_for(actor):
        raise ServiceError("You cannot make reports for that audience")
    if age_bands not in AGE_BAND_CHOICES:
        raise ServiceError("Select which age bands the report uses")
    with transaction.atomic():
        run = ReportRun.objects.create(
            period_code=period.code,
            period_from=period.start,
            period_to=period.end,
            audience=audience,
            age_bands=age_bands,
            requested_by=actor,
            progress_message="Waiting for a worker to start",
        )
        # A report waits in the queue; if Redis is down it stays "waiting to
        # start" and the Lead can ask again.
        transaction.on_commit(partial(_queue_generation, run.pk), robust=True)
    return run


def _set_progress(run_id: int, percent: int, message: str) -> None:
    # Outside the final transaction, so the progress page sees each step.
    ReportRun.objects.filter(pk=run_id).update(
        progress=percent, progress_message=message[:200], updated_at=timezone.now()
    )


# A run still waiting after this long was never queued (Redis was down) or lost.
WAITING_TOO_LONG = timedelta(minutes=2)
# A run is tried this many times in all; a run whose worker keeps dying (a PDF
# that crashes or hangs WeasyPrint past the hard time limit) then fails.
MAX_ATTEMPTS = 3
# The first key of the advisory lock a worker holds while it makes a run (the
# second is the run's id): an arbitrary constant no other Waymark lock uses.
GENERATING_LOCK = 4_190_019


def _lock_run(run_id: int) -> bool:
    """Take the run's session-level advisory lock, if nobody holds it. PostgreSQL
    releases it when the holder's connection ends, so a worker that dies, however
    it dies, lets go of the run at once."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [GENERATING_LOCK, run_id])
        return cursor.fetchone()[0]


def _unlock_run(run_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [GENERATING_LOCK, run_id])


def _runs_being_made() -> set[int]:
    """Ids of runs some live worker holds the lock for."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT objid FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND classid = %s AND objsubid = 2"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            [GENERATING_LOCK],
        )
        return {row[0] for row in cursor.fetchall()}


def _fail_run(run_id: int, reason: str) -> None:
    ReportRun.objects.filter(pk=run_id).update(
        status=RunStatus.FAILED,
        error=reason[:2000],
        progress_message="The report could not be made",
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


def failure_reason(error: BaseException) -> str:
    """What the Lead is told when a run fails: why, in words, never a traceback."""
    if isinstance(error, SoftTimeLimitExceeded):
        limit = settings.WAYMARK_REPORT_TIME_LIMIT_SECONDS
        return f"Making the report took longer than {limit} seconds, so it was stopped."
    return f"The report could not be drawn ({type(error).__name__}). The error has been logged."


def report_run_generate(*, run_id: int) -> ReportRun:
    """Count, disclose, draw and store the report.

    Safe to run twice, or in two workers at once: the worker making a run holds
    its advisory lock, so a second one leaves it alone. A run still marked
    "being generated" whose lock nobody holds lost its worker, and is taken up
    again at once (at most MAX_ATTEMPTS times). A failure, or the time limit
    (Celery's soft limit, WAYMARK_REPORT_TIME_LIMIT_SECONDS), marks the run
    failed with the reason; the Lead can try again (report_run_retry)."""
    if not _lock_run(run_id):
        return ReportRun.objects.get(pk=run_id)
    try:
        return _generate_locked(run_id)
    finally:
        # If the connection went, the lock went with it.
        with contextlib.suppress(DatabaseError):
            _unlock_run(run_id)


def _generate_locked(run_id: int) -> ReportRun:
    run = ReportRun.objects.get(pk=run_id)
    if run.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
        return run
    if run.attempts >= MAX_ATTEMPTS:
        _fail_run(
            run_id,
            f"The worker making the report stopped {run.attempts} times, so it was not tried "
            "again. The error has been logged.",
        )
        logger.error("Report run %s abandoned after %s attempts", run_id, run.attempts)
        return ReportRun.objects.get(pk=run_id)
    now = timezone.now()
    attempt = run.attempts + 1
    ReportRun.objects.filter(pk=run_id).update(
        status=RunStatus.RUNNING, started_at=now, error="", attempts=attempt, updated_at=now
    )
    period = periods.from_code(run.period_code)
    try:
        report = build(
            period,
            audience=run.audience,
            progress=partial(_set_progress, run_id),
            age_bands=run.age_bands,
        )
        _set_progress(run_id, 90, "Drawing the charts and the PDF")
        pdf = render_report_pdf(report)
        with transaction.atomic():
            run = ReportRun.objects.select_for_update().get(pk=run_id)
            if run.status != RunStatus.RUNNING or run.attempts != attempt:
                return run  # taken up by another worker while this one was cut off
            run.pdf.save(pdf.filename, ContentFile(pdf.content), save=False)
            run.snapshot = report
            run.checksum = pdf.sha256
            run.status = RunStatus.DONE
            run.progress = 100
            run.progress_message = "Ready"
            run.finished_at = timezone.now()
            run.save()
    except Exception as error:
        logger.exception("Report run %s failed", run_id)
        _fail_run(run_id, failure_reason(error))
    return ReportRun.objects.get(pk=run_id)


def report_runs_requeue_waiting() -> int:
    """Queue again the runs left waiting (asked for while Redis was down) and
    the runs whose worker died (marked "being generated", lock free). Run by
    celery beat; returns how many were queued."""
    now = timezone.now()
    waiting = list(
        ReportRun.objects.filter(
            status=RunStatus.QUEUED, created_at__lt=now - WAITING_TOO_LONG
        ).values_list("pk", flat=True)
    )
    running = set(ReportRun.objects.filter(status=RunStatus.RUNNING).values_list("pk", flat=True))
    orphaned = sorted(running - _runs_being_made())
    for run_id in waiting + orphaned:
        _queue_generation(run_id)
    return len(waiting) + len(orphaned)


def report_run_retry(*, actor, run: ReportRun) -> ReportRun:
    """The Lead asks again for a report that failed: the same run is queued
    again from the start, with its attempts counted afresh."""
    if not can_manage_inputs(actor):
        raise ServiceError("Only the Modern Slavery Lead can try a report again")
    with transaction.atomic():
        locked = ReportRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != RunStatus.FAILED:
            raise ServiceError("Only a report that failed can be tried again")
        locked.status = RunStatus.QUEUED
        locked.attempts = 0
        locked.progress = 0
        locked.progress_message = "Waiting for a worker to start"
        locked.error = ""
        locked.started_at = None
        locked.finished_at = None
        locked.save()
        logger.info("Report run %s tried again by user %s", locked.pk, actor.pk)
        transaction.on_commit(partial(_queue_generation, locked.pk), robust=True)
    return locked


# --- Training sessions ------------------------------------------------------------------------


TRAINING_FIELDS = [
    "delivered_on",
    "topics",
    "audience_type",
    "organisations",
    "minutes",
    "attendees",
    "average_rating",
    "ratings_1",
    "ratings_2",
    "ratings_3",
    "ratings_4",
    "ratings_5",
]


@transaction.atomic
def training_session_save(*, actor, session: TrainingSession | None = None, **values):
    """Save a session. Where the ratings given are counted, the session's
    average is worked out from them, so the two always agree."""
    _require_lead(actor)
    unknown = set(values) - set(TRAINING_FIELDS)
    if unknown:
        raise ServiceError(f"Unknown training session fields: {', '.join(sorted(unknown))}")
    session = session or TrainingSession(created_by=actor)
    for name, value in values.items():
        setattr(session, name, value if value is not None or name == "average_rating" else 0)
    counts = session.rating_counts
    if sum(counts):
        if sum(counts) > session.attendees:
            raise ServiceError(
                f"The ratings add up to {sum(counts)} forms, more than the "
                f"{session.attendees} attendees"
            )
        mean = Decimal(sum(n * c for n, c in enumerate(counts, start=1))) / sum(counts)
        session.average_rating = mean.quantize(Decimal("0.01"))
    session.full_clean()
    session.save()
    return session


class TrainingImportError(RecordsImportError):
    pass


HEADER_ALIASES = {
    "date": "delivered_on",
    "delivered_on": "delivered_on",
    "topic": "topics",
    "topics": "topics",
    "audience": "audience_type",
    "audience_type": "audience_type",
    "organisations": "organisations",
    "organisation": "organisations",
    "minutes": "minutes",
    "attendees": "attendees",
    "average_rating": "average_rating",
    "rating": "average_rating",
}
AUDIENCE_WORDS = {
    **{value: value for value in TrainingAudience.values},
    **{label.lower(): value for value, label in TrainingAudience.choices},
    "council": TrainingAudience.COUNCIL,
    "non-council": TrainingAudience.NON_COUNCIL,
    "non council": TrainingAudience.NON_COUNCIL,
    "people at risk": TrainingAudience.PEOPLE_AT_RISK,
}
REQUIRED_COLUMNS = ["delivered_on", "topics", "audience_type", "minutes", "attendees"]


def _parse_row(number: int, row: dict, problems: list[ImportProblem]) -> dict | None:
    values, before = {}, len(problems)

    def problem(column, message):
        problems.append(ImportProblem(number, column, message))

    text = (row.get("delivered_on") or "").strip()
    if not text:
        problem("date", "Enter the date the session was given")
    else:
        try:
            values["delivered_on"] = _parse_date(text)
        except ValueError as error:
            problem("date", f"{error}, not {text!r}")
    topics = (row.get("topics") or "").strip()
    if not topics:
        problem("topics", "Enter the topic or topics")
    values["topics"] = topics[:300]
    audience = (row.get("audience_type") or "").strip().lower()
    if audience not in AUDIENCE_WORDS:
        problem(
            "audience_type",
            f"Enter council, non-council, mixed or people at risk, not {audience!r}",
        )
    else:
        values["audience_type"] = AUDIENCE_WORDS[audience]
    values["organisations"] = (row.get("organisations") or "").strip()[:500]
    for column, minimum in (("minutes", 1), ("attendees", 0)):
        text = (row.get(column) or "").strip()
        if not text.isdigit() or int(text) < minimum:
            problem(column, f"Enter a whole number of {column} ({minimum} or more), not {text!r}")
        else:
            values[column] = int(text)
    text = (row.get("average_rating") or "").strip()
    if text:
        try:
            rating = Decimal(text)
        except InvalidOperation:
            rating = None
        if rating is None or not (1 <= rating <= 5):
            problem("average_rating", f"Enter a rating from 1 to 5, like 4.65, not {text!r}")
        else:
            values["average_rating"] = rating.quantize(Decimal("0.01"))
    return values if len(problems) == before else None


def training_sessions_import(*, actor, content: bytes) -> int:
    """Import past sessions from CSV: every row is checked first; with any
    problem nothing is written. Returns how many sessions were added."""
    _require_lead(actor)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TrainingImportError(
            [ImportProblem(0, "file", "Save the file as UTF-8 CSV")]
        ) from None
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise TrainingImportError([ImportProblem(0, "file", "The file is empty")])
    columns = {name: HEADER_ALIASES.get(_header_key(name)) for name in reader.fieldnames}
    missing = [c for c in REQUIRED_COLUMNS if c not in columns.values()]
    if missing:
        raise TrainingImportError(
            [ImportProblem(1, c, "Add this column to the header row") for c in missing]
        )
    problems: list[ImportProblem] = []
    parsed = []
    for number, raw in enumerate(reader, start=2):
        row = {columns[k]: v for k, v in raw.items() if k in columns and columns[k]}
        values = _parse_row(number, row, problems)
        if values:
            parsed.append(values)
    if problems:
        raise TrainingImportError(problems)
    if not parsed:
        raise TrainingImportError([ImportProblem(2, "file", "The file has no sessions in it")])
    with transaction.atomic():
        TrainingSession.objects.bulk_create(
            TrainingSession(created_by=actor, **values) for values in parsed
        )
    return len(parsed)


# --- The 4P action plan -----------------------------------------------------------------------

PLAN_FIELDS = ["year", "strand", "kind", "goal", "action", "owner", "status", "note"]


@transaction.atomic
def action_plan_item_save(*, actor, item: ActionPlanItem | None = None, **values):
    _require_lead(actor)
    unknown = set(values) - set(PLAN_FIELDS)
    if unknown:
        raise ServiceError(f"Unknown action plan fields: {', '.join(sorted(unknown))}")
    if "year" in values:
        try:
            values["year"] = periods.financial_year(values["year"]).code
        except periods.PeriodError as error:
            raise ServiceError(str(error)) from None
    item = item or ActionPlanItem(created_by=actor)
    for name, value in values.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    return item
