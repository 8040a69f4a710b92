"""Pieces every case service uses: references, timeline rows, access-log rows."""

from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from cases.models import (
    AccessAction,
    AccessLogEntry,
    Case,
    CaseStatus,
    ReferenceSequence,
    TimelineEvent,
    TimelineKind,
)
from config.client import client_address
from core.errors import ServiceError


def check_case_changeable(*, actor, case: Case) -> None:
    """A closed case is read-only to everyone but the Lead (``actor`` None is
    Waymark itself: imports, scheduled work)."""
    from cases.permissions import is_lead

    if actor is not None and case.status == CaseStatus.CLOSED and not is_lead(actor):
        raise ServiceError("This case is closed: only the Modern Slavery Lead can change it")


def next_reference(*, prefix: str, on: date) -> str:
    """Issue the next ``<prefix>-<year>-<5 digits>``, under a row lock."""
    with transaction.atomic():
        sequence, _ = ReferenceSequence.objects.select_for_update().get_or_create(
            prefix=prefix, year=on.year
        )
        sequence.last_number += 1
        sequence.save(update_fields=["last_number", "updated_at"])
    return f"{prefix}-{on.year}-{sequence.last_number:05d}"


def reserve_reference_number(*, prefix: str, year: int, number: int) -> None:
    """Make sure future references of that year come after an imported ``number``."""
    sequence, _ = ReferenceSequence.objects.select_for_update().get_or_create(
        prefix=prefix, year=year
    )
    if sequence.last_number < number:
        sequence.last_number = number
        sequence.save(update_fields=["last_number", "updated_at"])


def timeline_add(
    *, case: Case, actor, kind: TimelineKind, description: str, concern=None
) -> TimelineEvent:
    """One line on the case's timeline. An unknown ``kind`` is a mistake in the
    calling service and fails here rather than writing a line nobody can group."""
    return TimelineEvent.objects.create(
        case=case,
        actor=actor,
        agency_id=getattr(actor, "agency_id", None),
        kind=TimelineKind(kind),
        description=description,
        concern=concern,
    )


def access_log_record_many(
    *, user, action: AccessAction, cases, request=None, detail: str = ""
) -> int:
    """One access-log row per case shown on a list, export or PDF, written
    in one INSERT statement. ``cases`` holds cases or their ids. Returns how
    many.

    Not ``bulk_create``: that wraps even a single statement in a transaction
    of its own, two more round trips (BEGIN, COMMIT) on every list page."""
    case_ids = list(dict.fromkeys(getattr(case, "pk", case) for case in cases if case is not None))
    if not case_ids:
        return 0
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO "cases_accesslogentry" '
            "(user_id, agency_id, case_id, action, detail, ip_address, created_at, updated_at) "
            "SELECT %s, %s, case_id, %s, %s, %s::inet, %s, %s "
            "FROM unnest(%s::bigint[]) AS case_id",
            [
                user.pk,
                getattr(user, "agency_id", None),
                AccessAction(action).value,
                detail[:500],
                client_address(request),
                now,
                now,
                case_ids,
            ],
        )
    return len(case_ids)


def access_log_record(
    *, user, action: AccessAction, request=None, case: Case | None = None, detail: str = ""
) -> AccessLogEntry:
    """Write one append-only row saying who read what, when, from where."""
    return AccessLogEntry.objects.create(
        user=user,
        agency_id=getattr(user, "agency_id", None),
        case=case,
        action=action,
        detail=detail[:500],
        ip_address=client_address(request),
    )
