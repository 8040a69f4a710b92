"""The Modern Slavery Lead's triage: a concern becomes a case, joins one, or closes."""

import re

from django.db import transaction
from django.utils import timezone

from cases.choices import ConcernClosureReason
from cases.extensions import start_pathway
from cases.models import (
    Case,
    CasePerpetrator,
    Concern,
    ConcernStatus,
    Location,
    Person,
    ScreeningAnswer,
    ShareKind,
    TimelineKind,
)
from cases.permissions import can_triage
from cases.services.cases import case_add_person, case_create
from cases.services.common import timeline_add
from cases.services.sharing import case_share
from core.choices import YesNoUnknown
from core.errors import ServiceError

# Answers on a concern that put the new case straight on another pathway.
PATHWAYS_FROM_ANSWERS = {
    "adult_at_risk": "adult_social_care",
    "needs_accommodation": "housing",
}


PERPETRATOR_PLACEHOLDER = "[a suspected perpetrator]"


def concern_summary_for_case(concern: Concern) -> str:
    """The reporter's words as a starting case summary, without the names of
    the suspected perpetrators they gave: the summary is read by every agency
    with access, and perpetrators are for the roles that may see them
    (``can_see_perpetrators``), on the case's perpetrator section."""
    names = set()
    for perpetrator in concern.perpetrators.all():
        full = f"{perpetrator.first_name} {perpetrator.last_name}".strip()
        names.update([full, perpetrator.first_name, perpetrator.last_name, *perpetrator.aliases])
    text = concern.what_happened
    names = {name.strip() for name in names if name and len(name.strip()) > 1}
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", PERPETRATOR_PLACEHOLDER, text, flags=re.I)
    return text


def _lock_awaiting(concern: Concern, actor) -> Concern:
    if not can_triage(actor):
        raise ServiceError("Only the Modern Slavery Lead triages concerns")
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    if concern.status != ConcernStatus.AWAITING_TRIAGE:
        raise ServiceError(
            f"{concern.reference} has already been triaged ({concern.get_status_display()})"
        )
    return concern


def _attach_concern_records(
    *, actor, concern: Concern, case: Case, same_as: dict[int, Person] | None
) -> None:
    """People, perpetrators, place and screening answers move onto the case.

    ``same_as`` maps a concern person's id to an existing person the Lead has
    judged to be the same; that person is linked instead of a new record.
    """
    same_as = same_as or {}
    for person in concern.people.all():
        case_add_person(actor=actor, case=case, person=same_as.get(person.pk, person))
    for perpetrator in concern.perpetrators.all():
        CasePerpetrator.objects.get_or_create(
            case=case, perpetrator=perpetrator, defaults={"role": perpetrator.role}
        )
    if concern.location_description or concern.ward or concern.is_overseas:
        Location.objects.create(
            case=case,
            description=concern.location_description[:300],
            premises_type=concern.premises_type,
            ward=concern.ward,
            is_overseas=concern.is_overseas,
            country=concern.overseas_country,
        )
    for answer in concern.screening_answers.all():
        ScreeningAnswer.objects.update_or_create(
            case=case,
            question=answer.question,
            defaults={"answer": answer.answer, "note": answer.note},
        )
    case.exploitation_types.add(*concern.exploitation_types.all())
    case.exploitation_subtypes.add(*concern.exploitation_subtypes.all())


def _mark_triaged(concern: Concern, actor, status: str, case: Case | None, note: str) -> None:
    concern.status = status
    concern.case = case
    concern.triaged_by = actor
    concern.triaged_at = timezone.now()
    concern.triage_note = note
    concern.save()


@transaction.atomic
def concern_triage_new_case(
    *,
    actor,
    concern: Concern,
    agencies,
    risk_level: str,
    summary: str = "",
    same_as: dict[int, Person] | None = None,
) -> Case:
    """Make a new case from the concern and choose which agencies see it."""
    concern = _lock_awaiting(concern, actor)
    reported_on = timezone.localdate(concern.submitted_at or concern.created_at)
    case = case_create(
        actor=actor,
        date_reported=reported_on,
        summary=summary or concern_summary_for_case(concern),
        risk_level=risk_level,
        referring_agency_type=concern.referring_agency_type,
        referring_agency_name=concern.reporting_agency.name if concern.reporting_agency else "",
        raised_by_agency=concern.reporting_agency,
        is_emergency=concern.is_emergency,
        child_involved=concern.child_involved,
        adult_at_risk=concern.adult_at_risk,
    )
    _attach_concern_records(actor=actor, concern=concern, case=case, same_as=same_as)
    timeline_add(
        case=case,
        actor=actor,
        kind=TimelineKind.TRIAGED,
        description=f"Opened from concern {concern.reference}",
    )
    if concern.reporting_agency:
        case_share(
            actor=actor,
            case=case,
            agency=concern.reporting_agency,
            kind=ShareKind.RAISED,
            reason=f"Raised concern {concern.reference}",
        )
    for agency in agencies:
        if agency == concern.reporting_agency:
            continue
        case_share(actor=actor, case=case, agency=agency, reason="Chosen at triage")
    for answer, pathway_key in PATHWAYS_FROM_ANSWERS.items():
        if getattr(concern, answer) == YesNoUnknown.YES:
            start_pathway(actor=actor, case=case, pathway_key=pathway_key)
    _mark_triaged(concern, actor, ConcernStatus.NEW_CASE, case, "")
    return case


@transaction.atomic
def concern_link_to_case(
    *, actor, concern: Concern, case: Case, note: str = "", same_as=None
) -> Case:
    """Add the concern to an existing case (a new report about a known situation)."""
    concern = _lock_awaiting(concern, actor)
    _attach_concern_records(actor=actor, concern=concern, case=case, same_as=same_as)
    timeline_add(
        case=case,
        actor=actor,
        kind=TimelineKind.CONCERN_LINKED,
        description=f"Concern {concern.reference} added to this case",
    )
    if (
        concern.reporting_agency
        and not case.shares.filter(
            agency=concern.reporting_agency, revoked_at__isnull=True
        ).exists()
    ):
        case_share(
            actor=actor,
            case=case,
            agency=concern.reporting_agency,
            kind=ShareKind.RAISED,
            reason=f"Raised concern {concern.reference}",
        )
    _mark_triaged(concern, actor, ConcernStatus.LINKED, case, note)
    return case


@transaction.atomic
def concern_close(*, actor, concern: Concern, reason: str, note: str = "") -> Concern:
    """Close a concern without a case, with one of the protocol's reasons."""
    if reason not in ConcernClosureReason.values:
        raise ServiceError("Select why the concern is being closed")
    concern = _lock_awaiting(concern, actor)
    concern.closure_reason = reason
    _mark_triaged(concern, actor, ConcernStatus.CLOSED, None, note)
    return concern
