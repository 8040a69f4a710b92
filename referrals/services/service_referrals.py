"""Referrals of a person on a case to a support service or a statutory team."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from cases.choices import Gender
from cases.models import Case, CasePerson, TimelineKind
from cases.services.common import timeline_add
from core.dates import long_date
from core.errors import ServiceError
from core.notifications import queue_each, send_queued, site_url
from core.states import perform
from directory.models import ServiceGender, SupportService
from governance.models import DisclosureKind
from governance.services import disclosure_for_referral
from pathways.definitions import get_pathway
from pathways.models import CasePathway
from pathways.services import pathway_start, pathway_transition
from referrals import clocks
from referrals.models import (
    ANSWER_STATUSES,
    ReferralStatus,
    ServiceReferral,
    StatutoryTeam,
)
from referrals.services.nrm.common import _check_actor, _check_date
from referrals.states import SERVICE_REFERRAL

SPECIALIST_SUPPORT = "specialist_support"


@transaction.atomic
def service_referral_create(
    *,
    actor,
    case: Case,
    person,
    service: SupportService | None = None,
    statutory_team: str = "",
    sent_on: date | None,
    consent_given: bool,
    women_only_confirmed: bool = False,
    lawful_basis: str = "",
    basis_reason: str = "",
) -> ServiceReferral:
    """Record that a person was referred. The referral rests on the person's
    consent to it (``consent_given`` records it, unless they declined or
    withdrew it), or on a lawful basis without consent with why (governance).

    A women-only service is not offered for a man; referring one to it anyway
    needs ``women_only_confirmed``. A referral to a directory service moves the
    case's 4.3 Access to Specialist Support pathway to "Referral sent".
    """
    _check_actor(actor, case)
    if not CasePerson.objects.filter(case=case, person=person).exists():
        raise ServiceError("Select a person named on this case")
    if bool(service) == bool(statutory_team):
        raise ServiceError("Select one service or statutory team to refer to")
    if statutory_team and statutory_team not in StatutoryTeam.values:
        raise ServiceError("Select the statutory team")
    if service is not None and not service.is_active:
        raise ServiceError("This service no longer takes referrals")
    if (
        service is not None
        and service.gender == ServiceGender.FEMALE
        and person.gender == Gender.MALE
        and not women_only_confirmed
    ):
        raise ServiceError(
            f"{service.name} is for women only and this person is a man. Confirm that "
            "the service has agreed to take him, or choose another service"
        )
    _check_date(sent_on, "date the referral was sent")
    destination = service.name if service is not None else StatutoryTeam(statutory_team).label
    disclosure_for_referral(
        actor=actor,
        case=case,
        people=[person],
        kind=DisclosureKind.SERVICE_REFERRAL,
        recipient=destination,
        consent_given=consent_given,
        lawful_basis=lawful_basis,
        basis_reason=basis_reason,
    )
    referral = ServiceReferral.objects.create(
        case=case,
        person=person,
        service=service,
        statutory_team=statutory_team,
        sent_on=sent_on,
        sent_by=actor,
        sent_by_agency=getattr(actor, "agency", None),
        consent_given=consent_given,
        consent_on=sent_on if consent_given else None,
    )
    timeline_add(
        case=case,
        actor=actor,
        kind=TimelineKind.SERVICE_REFERRAL,
        description=f"{person} referred to {referral.destination} on {long_date(sent_on)}",
    )
    if service is not None:
        _move_specialist_support(
            actor,
            case,
            ("choose_service", "choose_another", "send_referral"),
            f"Referral to {referral.destination} sent",
        )
    return referral


#: How each answer or outcome of a referral moves 4.3 Access to Specialist Support.
SPECIALIST_SUPPORT_STEPS = {
    ReferralStatus.ACCEPTED: ("accept",),
    ReferralStatus.DECLINED: ("decline",),
    ReferralStatus.NO_CAPACITY: ("no_capacity",),
    ReferralStatus.ENGAGED: ("engage",),
    ReferralStatus.ENDED: ("end",),
    ReferralStatus.WITHDRAWN: ("end",),
}


def _move_specialist_support(actor, case: Case, transitions: tuple[str, ...], note: str) -> None:
    """Move the case's 4.3 pathway through whichever of ``transitions`` fit where it
    stands, starting it if the case is not on it. One fact, one place: the referral."""
    case_pathway = CasePathway.objects.filter(case=case, pathway_key=SPECIALIST_SUPPORT).first()
    if case_pathway is None:
        case_pathway = pathway_start(actor=actor, case=case, pathway_key=SPECIALIST_SUPPORT)
    pathway = get_pathway(SPECIALIST_SUPPORT)
    for key in transitions:
        case_pathway.refresh_from_db()
        if case_pathway.state_key not in pathway.transition(key).sources:
            continue
        case_pathway = pathway_transition(
            actor=actor, case_pathway=case_pathway, transition_key=key, note=note, by_fact=True
        )


@transaction.atomic
def service_referral_update(
    *, actor, referral: ServiceReferral, status: str, on: date | None, reason: str = ""
) -> ServiceReferral:
    """The one way a referral changes status: lock the row, check the move
    against ``SERVICE_REFERRAL`` (from its status now, and who may), record the
    service's answer or what happened next, and write the timeline. Closing
    needs an outcome."""
    referrals = ServiceReferral.objects.select_for_update(of=("self",)).select_related(
        "case", "person", "service"
    )
    referral = referrals.get(pk=referral.pk)
    _check_actor(actor, referral.case)
    if status not in ReferralStatus.values:
        raise ServiceError("Select what happened to the referral")
    reason_not_now = SERVICE_REFERRAL.target_refusal(status, record=referral, actor=actor)
    if reason_not_now:
        raise ServiceError(reason_not_now)
    transition = SERVICE_REFERRAL.transition_to(referral.status, status)
    reason = reason.strip()
    if transition.requires_note and not reason:
        raise ServiceError(
            f"Enter the reason the referral was {ReferralStatus(status).label.lower()}"
        )
    _check_date(on, "date", not_before=referral.sent_on, before_name="the referral was sent")
    fields = {}
    if status in ANSWER_STATUSES and referral.answered_on is None:
        fields["answered_on"] = on
    if status in SERVICE_REFERRAL.terminal:
        fields["closed_on"] = on
        fields["outcome_reason"] = reason or ReferralStatus(status).label
    referral = perform(
        SERVICE_REFERRAL,
        queryset=referrals,
        record=referral,
        transition=transition.key,
        actor=actor,
        fields=fields,
    )
    timeline_add(
        case=referral.case,
        actor=actor,
        kind=TimelineKind.SERVICE_REFERRAL,
        description=f"Referral of {referral.person} to {referral.destination}: "
        f"{referral.get_status_display().lower()} on {long_date(on)}"
        + (f" ({reason})" if reason else ""),
    )
    if referral.service_id and status in SPECIALIST_SUPPORT_STEPS:
        _move_specialist_support(
            actor,
            referral.case,
            SPECIALIST_SUPPORT_STEPS[status],
            f"{referral.destination}: {referral.get_status_display().lower()}"
            + (f" ({reason})" if reason else ""),
        )
    return referral


def service_referral_chase(*, today: date | None = None) -> int:
    """Email the referring agency once about each referral still unanswered after
    the chase period. Returns how many were chased."""
    today = today or timezone.localdate()
    chased = 0
    ids = ServiceReferral.objects.filter(
        status=ReferralStatus.SENT, chased_at__isnull=True
    ).values_list("pk", "sent_on")
    for pk, sent_on in list(ids):
        if clocks.service_referral_chase_on(sent_on) >= today:
            continue
        with transaction.atomic():
            referral = (
                ServiceReferral.objects.select_for_update(of=("self",))
                .select_related("case", "service")
                .filter(pk=pk, status=ReferralStatus.SENT, chased_at__isnull=True)
                .first()
            )
            if referral is None:
                continue
            recipients = list(
                User.objects.filter(is_active=True)
                .filter(pk=referral.sent_by_id)
                .exclude(email="")
                .values_list("email", flat=True)
            )
            if referral.sent_by_agency_id:
                recipients += list(
                    User.objects.filter(is_active=True, agency_id=referral.sent_by_agency_id)
                    .exclude(email="")
                    .values_list("email", flat=True)
                )
            reference = referral.case.reference
            link = site_url(f"{referral.case.get_absolute_url()}#nrm")
            subject = f"Waymark: a service referral on case {reference} is unanswered"
            body = (
                f"A referral on case {reference} to {referral.destination}, sent on "
                f"{long_date(referral.sent_on)}, has had no answer. Chase the service and "
                f"record its answer.\n\nOpen the case: {link}\n"
            )
            queue_each(
                key=f"referrals.chase:{referral.pk}",
                subject=subject,
                body=body,
                recipients=recipients,
            )
            referral.chased_at = timezone.now()
            referral.save(update_fields=["chased_at", "updated_at"])
            timeline_add(
                case=referral.case,
                actor=None,
                kind=TimelineKind.SERVICE_REFERRAL,
                description=f"Referral to {referral.destination} unanswered: chase email sent",
            )
            chased += 1
    send_queued()
    return chased
