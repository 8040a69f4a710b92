"""Referrals to SERAC: made from the case page, accepted or declined by the chair."""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cases.models import Case, Person, TimelineKind
from cases.services.common import timeline_add
from core.errors import ServiceError
from core.states import perform
from serac.models import (
    SeracMeeting,
    SeracReferral,
)
from serac.services.agenda import agenda_add
from serac.services.common import add_months
from serac.states import SERAC_REFERRAL

# --- Referrals ---------------------------------------------------------------


def referral_find_previous(
    *, case: Case, person: Person | None, before: datetime | None = None
) -> SeracReferral | None:
    """The person's last SERAC referral within the repeat period (12 months);
    with no person, the case's. None when this is not a repeat."""
    before = before or timezone.now()
    since = add_months(timezone.localtime(before).date(), -settings.WAYMARK_SERAC_REPEAT_MONTHS)
    queryset = SeracReferral.objects.filter(referred_at__lt=before, referred_at__date__gte=since)
    queryset = queryset.filter(person=person) if person else queryset.filter(case=case)
    return queryset.order_by("-referred_at").first()


@transaction.atomic
def referral_create(
    *,
    actor,
    case: Case,
    person: Person | None = None,
    criteria_high_risk: bool = False,
    criteria_significant_indicators: bool = False,
    criteria_escalation: bool = False,
    criteria_repeat: bool = False,
    summary: str,
    consent_given: bool,
    consent_justification: str = "",
) -> SeracReferral:
    if getattr(actor, "agency", None) is None:
        raise ServiceError("Only staff of an agency can refer a case to SERAC")
    if person is not None and not case.case_people.filter(person=person).exists():
        raise ServiceError("Select a person named on this case")
    if not summary.strip():
        raise ServiceError("Enter a summary of why the case needs SERAC")
    if not consent_given and not consent_justification.strip():
        raise ServiceError("Enter why the information is shared without consent")
    now = timezone.now()
    previous = referral_find_previous(case=case, person=person, before=now)
    is_repeat = previous is not None
    if not (
        criteria_high_risk
        or criteria_significant_indicators
        or criteria_escalation
        or criteria_repeat
        or is_repeat
    ):
        raise ServiceError("Select at least one SERAC criterion the case meets")
    referral = SeracReferral.objects.create(
        case=case,
        person=person,
        referring_agency=actor.agency,
        referred_by=actor,
        criteria_high_risk=criteria_high_risk,
        criteria_significant_indicators=criteria_significant_indicators,
        criteria_escalation=criteria_escalation,
        # A detected repeat meets the repeat criterion whether or not it was ticked.
        criteria_repeat=criteria_repeat or is_repeat,
        summary=summary.strip(),
        consent_given=consent_given,
        consent_justification="" if consent_given else consent_justification.strip(),
        is_repeat=is_repeat,
        previous_referral=previous,
        referred_at=now,
    )
    repeat = " (a repeat referral)" if is_repeat else ""
    timeline_add(
        case=case,
        actor=actor,
        kind=TimelineKind.SERAC_REFERRED,
        description=f"Referred to SERAC by {actor.agency.name}{repeat}",
    )
    return referral


@transaction.atomic
def referral_transition(
    *,
    actor,
    referral: SeracReferral,
    transition: str,
    kind: TimelineKind,
    description: str,
    **fields,
) -> SeracReferral:
    """The one way a SERAC referral changes status: lock the row, check
    ``transition`` against ``SERAC_REFERRAL`` (still waiting for the chair, and
    decided by the chair or the Lead), record who decided and when, save, and
    write the case timeline."""
    referral = perform(
        SERAC_REFERRAL,
        queryset=SeracReferral.objects.select_related("case"),
        record=referral,
        transition=transition,
        actor=actor,
        fields={"decided_by": actor, "decided_at": timezone.now(), **fields},
    )
    timeline_add(case=referral.case, actor=actor, kind=kind, description=description)
    return referral


@transaction.atomic
def referral_accept(
    *, actor, referral: SeracReferral, meeting: SeracMeeting | None = None, summary: str = ""
) -> SeracReferral:
    """Accept for an agenda; with ``meeting``, list it on that meeting's agenda now."""
    referral = referral_transition(
        actor=actor,
        referral=referral,
        transition="accept",
        kind=TimelineKind.SERAC_ACCEPTED,
        description="SERAC referral accepted by the chair",
    )
    if meeting is not None:
        agenda_add(
            actor=actor,
            meeting=meeting,
            case=referral.case,
            referral=referral,
            summary=summary or referral.summary,
        )
    return referral


@transaction.atomic
def referral_decline(*, actor, referral: SeracReferral, reason: str) -> SeracReferral:
    if not reason.strip():
        raise ServiceError("Enter why the referral is declined")
    return referral_transition(
        actor=actor,
        referral=referral,
        transition="decline",
        kind=TimelineKind.SERAC_DECLINED,
        description=f"SERAC referral declined by the chair: {reason.strip()}",
        decline_reason=reason.strip(),
    )
