"""Recording what a person said about the use of their information."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from cases.choices import DisclosureBasis
from cases.models import Case, CasePerson, TimelineKind
from cases.notifications import lead_email_addresses
from cases.permissions import can_work_case
from cases.services.common import timeline_add
from core.dates import long_date
from core.errors import ServiceError
from core.notifications import queue_each, send_queued, site_url
from governance.models import (
    ConsentDecision,
    ConsentMethod,
    ConsentRecord,
    ConsentScope,
    Disclosure,
    DisclosureKind,
    DisclosureStatus,
)


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
    if scope == ConsentScope.AGENCIES and decision != ConsentDecision.GIVEN:
        _list_shares_for_review(actor=actor, record=record, agencies=agencies)
    return record


def _list_shares_for_review(*, actor, record: ConsentRecord, agencies) -> None:
    """Open shares with these agencies that rested on consent lose their basis:
    they are not cut off (the Lead may keep one on a lawful basis, or the person
    may change their mind), but marked, written on the timeline and sent to the
    Lead to review."""
    resting_on_consent = Disclosure.objects.select_for_update(of=("self",)).filter(
        case=record.case,
        kind=DisclosureKind.AGENCY_SHARE,
        status=DisclosureStatus.MADE,
        basis=DisclosureBasis.CONSENT,
        agency__in=agencies,
        share__isnull=False,
        share__revoked_at__isnull=True,
        consent_withdrawn_on__isnull=True,
    )
    affected = list(resting_on_consent.select_related("agency"))
    if not affected:
        return
    Disclosure.objects.filter(pk__in=[d.pk for d in affected]).update(
        consent_withdrawn_on=record.decided_on, updated_at=timezone.now()
    )
    case = record.case
    names = ", ".join(sorted(d.agency.name for d in affected))
    timeline_add(
        case=case,
        actor=actor,
        kind=TimelineKind.SHARE_FOR_REVIEW,
        description=f"Access for {names} rested on {record.person}'s consent, now "
        f"{record.get_decision_display().lower()}: listed for the Modern Slavery Lead to review",
    )
    key = f"governance.consent_withdrawn:{record.pk}"
    queue_each(
        key=key,
        subject="Consent withdrawn: a share to review",
        body=(
            f"Consent to sharing case {case.reference} was "
            f"{record.get_decision_display().lower()}. Access that rested on it is still open "
            f"({names}): end it, or keep it on a lawful basis.\n\n"
            f"Open the case: {site_url(case.get_absolute_url())}#sharing\n"
        ),
        recipients=lead_email_addresses(),
    )
    transaction.on_commit(lambda: send_queued(key=key))
