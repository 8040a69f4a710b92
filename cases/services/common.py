"""Pieces every case service uses: references, timeline rows, access-log rows."""

from datetime import date

from django.db import transaction

from cases.models import (
    AccessAction,
    AccessLogEntry,
    Case,
    ReferenceSequence,
    TimelineEvent,
    TimelineKind,
)
from config.client import client_address


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


def timeline_add(*, case: Case, actor, kind: TimelineKind, description: str) -> TimelineEvent:
    """One line on the case's timeline. An unknown ``kind`` is a mistake in the
    calling service and fails here rather than writing a line nobody can group."""
    return TimelineEvent.objects.create(
        case=case,
        actor=actor,
        agency_id=getattr(actor, "agency_id", None),
        kind=TimelineKind(kind),
        description=description,
    )


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


def access_log_record_many(
    *, user, action: AccessAction, request=None, cases, detail: str = ""
) -> list[AccessLogEntry]:
    """``access_log_record`` for every case a page shows, in one INSERT, so a
    page that lists cases writes as many statements for 50 as for 5."""
    address = client_address(request)
    agency_id = getattr(user, "agency_id", None)
    return AccessLogEntry.objects.bulk_create(
        [
            AccessLogEntry(
                user=user,
                agency_id=agency_id,
                case=case,
                action=action,
                detail=detail[:500],
                ip_address=address,
            )
            for case in {case.pk: case for case in cases}.values()
        ]
    )
