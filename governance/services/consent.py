"""Recording what a person said about the use of their information."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from cases.models import Case, CasePerson, TimelineKind
from cases.permissions import can_work_case
from cases.services.common import timeline_add
from core.dates import long_date
from core.errors import ServiceError
from governance.models import ConsentDecision, ConsentMethod, ConsentRecord, ConsentScope


def _describe(record: ConsentRecord) -> str:
    covers = record.covers
    what = record.get_scope_display().lower()
    if covers:
        what = f"{what} ({covers})"
    return (
        f"{record.person}: consent to {what} {record.get_decision_display().lower()}, "
        f"{record.get_method_display().lower()}, on {long_date(record.decided_on)}"
    )


@transaction.atomic
def consent_record(
    *,
    actor,
    case: Case,
    person,
    decision: str,
    scope: str,
    method: str,
    decided_on: date,
    agencies=(),
    service_name: str = "",
    note: str = "",
) -> ConsentRecord:
    """Record a person's answer. A withdrawal is a new record with ``decision``
    withdrawn; no record is ever changed."""
    if actor is not None and not can_work_case(actor):
        raise ServiceError("You cannot record consent on this case")
    if not CasePerson.objects.filter(case=case, person=person).exists():
        raise ServiceError("Select a person named on this case", field="person")
    if decision not in ConsentDecision.values:
        raise ServiceError(
            "Select whether consent was given, declined or withdrawn", field="decision"
        )
    if scope not in ConsentScope.values:
        raise ServiceError("Select what the consent is for", field="scope")
    if method not in ConsentMethod.values:
        raise ServiceError("Select how the person gave their answer", field="method")
    if decided_on is None:
        raise ServiceError("Enter the date the person gave their answer", field="decided_on")
    if decided_on > timezone.localdate():
        raise ServiceError(
            "The date of the answer must be today or in the past", field="decided_on"
        )
    agencies = list(agencies or [])
    if scope == ConsentScope.AGENCIES and not agencies:
        raise ServiceError("Select the agencies the consent covers", field="agencies")
    service_name = service_name.strip()
    if scope == ConsentScope.SERVICE and not service_name:
        raise ServiceError("Enter the name of the service", field="service_name")
    record = ConsentRecord.objects.create(
        case=case,
        person=person,
        decision=decision,
        scope=scope,
        service_name=service_name if scope == ConsentScope.SERVICE else "",
        method=method,
        decided_on=decided_on,
        note=note.strip(),
        recorded_by=actor,
    )
    if scope == ConsentScope.AGENCIES:
        record.agencies.set(agencies)
    timeline_add(case=case, actor=actor, kind=TimelineKind.CONSENT, description=_describe(record))
    return record
