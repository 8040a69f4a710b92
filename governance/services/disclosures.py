"""The basis of every disclosure, checked before it is made.

A share with an agency needs a current information-sharing agreement (or the
Lead's recorded emergency override) and either the consent of everyone named
on the case to sharing with that agency, or a lawful basis without consent and
why. Without consent the share waits for the Lead's approval, unless the
person records that a life is at immediate risk: then it opens at once and the
Lead is told by email. Referrals to services and to SERAC record their basis
the same way.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Agency
from cases.choices import DisclosureBasis
from cases.models import Case, CaseShare, ShareKind, TimelineKind
from cases.notifications import lead_email_addresses
from cases.permissions import is_lead
from cases.services.common import timeline_add
from cases.services.sharing import case_share, case_share_revoke
from core.errors import ServiceError
from core.notifications import queue_each, send_queued, site_url
from governance.models import (
    ConsentDecision,
    ConsentMethod,
    ConsentScope,
    Disclosure,
    DisclosureKind,
    DisclosureStatus,
)
from governance.selectors import agreement_current_for, consent_in_scope, people_on_case
from governance.services.consent import consent_record

WITHOUT_CONSENT = {
    DisclosureBasis.SAFEGUARDING,
    DisclosureBasis.CRIME_PREVENTION,
    DisclosureBasis.VITAL_INTERESTS,
}


def _basis_without_consent(lawful_basis: str, basis_reason: str, *, missing: str) -> str:
    """Check the lawful basis a person gave for disclosing without consent."""
    if lawful_basis not in WITHOUT_CONSENT:
        raise ServiceError(
            f"{missing}: select the lawful basis for sharing without consent",
            field="lawful_basis",
        )
    if not basis_reason.strip():
        raise ServiceError("Enter why sharing without consent is justified", field="basis_reason")
    return lawful_basis


def _names(people) -> str:
    names = [str(person) for person in people]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _tell_leads(*, key: str, subject: str, body: str) -> None:
    queue_each(key=key, subject=subject, body=body, recipients=lead_email_addresses())
    transaction.on_commit(lambda: send_queued(key=key))


def _open_share(disclosure: Disclosure, *, actor) -> CaseShare:
    share = case_share(
        actor=actor,
        case=disclosure.case,
        agency=disclosure.agency,
        reason=disclosure.reason,
        ends_on=disclosure.ends_on,
        basis=disclosure.basis,
        basis_note=disclosure.basis_reason,
    )
    disclosure.share = share
    return share


@transaction.atomic
def agency_share_request(
    *,
    actor,
    case: Case,
    agency: Agency,
    reason: str,
    ends_on: date | None = None,
    lawful_basis: str = "",
    basis_reason: str = "",
    life_at_risk: bool = False,
    emergency_reason: str = "",
) -> str:
    """Share ``case`` with ``agency`` if the agreement and the basis allow it,
    or send it to the Lead for approval. Returns a sentence saying which."""
    if not reason.strip():
        raise ServiceError("Enter why you are sharing this case", field="reason")
    if ends_on is not None and ends_on < timezone.localdate():
        raise ServiceError("The end date must be today or in the future", field="ends_on")
    case = Case.objects.select_for_update().get(pk=case.pk)
    # An agency that already has access gets no second share (a SERAC window
    # alone is not access to keep: it may be made standing).
    if (
        CaseShare.objects.filter(case=case, agency=agency, revoked_at__isnull=True)
        .exclude(kind=ShareKind.SERAC)
        .exists()
    ):
        raise ServiceError(f"{agency.name} already has access to this case", field="agency")
    override = ""
    if agreement_current_for(agency) is None:
        if not is_lead(actor):
            raise ServiceError(
                f"{agency.name} has no current information-sharing agreement, so this case "
                "cannot be shared with it. Ask the Modern Slavery Lead.",
                field="agency",
            )
        override = emergency_reason.strip()
        if not override:
            raise ServiceError(
                f"{agency.name} has no current information-sharing agreement: to share in an "
                "emergency, enter why",
                field="emergency_reason",
            )
    people = people_on_case(case)
    without = [
        person
        for person in people
        if not _consented(case, person, ConsentScope.AGENCIES, agency=agency)
    ]
    if people and not without:
        basis, basis_reason = DisclosureBasis.CONSENT, ""
    else:
        missing = (
            f"{_names(without)} has not consented to sharing with {agency.name}"
            if len(without) == 1
            else f"{_names(without)} have not consented to sharing with {agency.name}"
            if without
            else "No one named on the case has consented"
        )
        basis = _basis_without_consent(lawful_basis, basis_reason, missing=missing)
        basis_reason = basis_reason.strip()
    opens_now = basis == DisclosureBasis.CONSENT or is_lead(actor) or life_at_risk
    disclosure = Disclosure.objects.create(
        case=case,
        kind=DisclosureKind.AGENCY_SHARE,
        agency=agency,
        recipient=agency.name,
        reason=reason.strip(),
        ends_on=ends_on,
        basis=basis,
        basis_reason=basis_reason,
        life_at_risk=bool(life_at_risk) and basis != DisclosureBasis.CONSENT,
        agreement_override_reason=override,
        status=DisclosureStatus.MADE if opens_now else DisclosureStatus.AWAITING_APPROVAL,
        requested_by=actor,
        decided_by=actor if opens_now and is_lead(actor) else None,
        decided_at=timezone.now() if opens_now and is_lead(actor) else None,
    )
    if override:
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineKind.SHARED_WITHOUT_AGREEMENT,
            description=f"Shared with {agency.name} without a current information-sharing "
            f"agreement, in an emergency. Reason: {override}",
        )
    if not opens_now:
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineKind.SHARE_AWAITING_APPROVAL,
            description=f"Share with {agency.name} waiting for the Lead's approval. "
            f"Basis: {disclosure.get_basis_display()} ({basis_reason})",
        )
        _tell_leads(
            key=f"governance.share_awaiting:{disclosure.pk}",
            subject="A share without consent is waiting for your approval",
            body=(
                f"A share of case {case.reference} without consent is waiting for your "
                f"approval.\n\nOpen it: {site_url(reverse('governance:disclosure_queue'))}\n"
            ),
        )
        return f"The share with {agency.name} is waiting for the Modern Slavery Lead's approval"
    _open_share(disclosure, actor=actor)
    disclosure.save(update_fields=["share", "updated_at"])
    if disclosure.life_at_risk and not is_lead(actor):
        _tell_leads(
            key=f"governance.life_at_risk:{disclosure.pk}",
            subject="A case was shared without consent: a life at immediate risk",
            body=(
                f"Case {case.reference} was shared without consent because a life was "
                "recorded as at immediate risk. Please review the share.\n\n"
                f"Open the case: {site_url(case.get_absolute_url())}#sharing\n"
            ),
        )
        return f"Case shared with {agency.name}. The Modern Slavery Lead has been told"
    return f"Case shared with {agency.name}"


def _consented(case, person, scope, **kwargs) -> bool:
    record = consent_in_scope(case=case, person=person, scope=scope, **kwargs)
    return record is not None and record.decision == ConsentDecision.GIVEN


def _decidable(actor, disclosure: Disclosure) -> Disclosure:
    if not is_lead(actor):
        raise ServiceError("Only the Modern Slavery Lead can decide on a share without consent")
    disclosure = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    if disclosure.status != DisclosureStatus.AWAITING_APPROVAL:
        raise ServiceError("This share has already been decided")
    return disclosure


@transaction.atomic
def disclosure_approve(*, actor, disclosure: Disclosure, note: str = "") -> Disclosure:
    """The Lead approves a share without consent: it opens now."""
    disclosure = _decidable(actor, disclosure)
    overridden = bool(disclosure.agreement_override_reason)
    if not overridden and agreement_current_for(disclosure.agency) is None:
        raise ServiceError(
            f"{disclosure.agency.name} no longer has a current information-sharing agreement"
        )
    disclosure.status = DisclosureStatus.MADE
    disclosure.decided_by = actor
    disclosure.decided_at = timezone.now()
    disclosure.decision_note = note.strip()
    _open_share(disclosure, actor=actor)
    disclosure.save()
    return disclosure


@transaction.atomic
def disclosure_refuse(*, actor, disclosure: Disclosure, note: str) -> Disclosure:
    disclosure = _decidable(actor, disclosure)
    if not note.strip():
        raise ServiceError("Enter why the share is refused", field="note")
    disclosure.status = DisclosureStatus.REFUSED
    disclosure.decided_by = actor
    disclosure.decided_at = timezone.now()
    disclosure.decision_note = note.strip()
    disclosure.save()
    timeline_add(
        case=disclosure.case,
        actor=actor,
        kind=TimelineKind.SHARE_REFUSED,
        description=f"The Lead refused the share with {disclosure.agency.name}. "
        f"Reason: {disclosure.decision_note}",
    )
    return disclosure


@transaction.atomic
def disclosure_for_referral(
    *,
    actor,
    case: Case,
    people,
    kind: DisclosureKind,
    recipient: str,
    consent_given: bool,
    lawful_basis: str = "",
    basis_reason: str = "",
    method: str = ConsentMethod.VERBAL,
) -> Disclosure:
    """The basis of a referral to a service or to SERAC, checked and recorded.

    ``consent_given`` is the referrer saying the people it concerns consented
    to this referral: that is recorded as their consent, unless their current
    answer is a refusal or withdrawal, which stands until they change it.
    Without consent, a lawful basis and why are required."""
    scope = ConsentScope.SERVICE if kind == DisclosureKind.SERVICE_REFERRAL else ConsentScope.SERAC
    scope_kwargs = {"service_name": recipient} if scope == ConsentScope.SERVICE else {}
    what = f"the referral to {recipient}" if scope == ConsentScope.SERVICE else "SERAC"
    people = list(people)
    if consent_given:
        for person in people:
            current = consent_in_scope(case=case, person=person, scope=scope, **scope_kwargs)
            if current is not None and current.decision != ConsentDecision.GIVEN:
                raise ServiceError(
                    f"{person}'s consent to {what} is recorded as "
                    f"{current.get_decision_display().lower()}: record their consent again, "
                    "or refer without consent with a lawful basis",
                    field="consent_given",
                )
        for person in people:
            if consent_in_scope(case=case, person=person, scope=scope, **scope_kwargs) is None:
                consent_record(
                    actor=actor,
                    case=case,
                    person=person,
                    decision=ConsentDecision.GIVEN,
                    scope=scope,
                    method=method,
                    decided_on=timezone.localdate(),
                    service_name=recipient if scope == ConsentScope.SERVICE else "",
                    note="Recorded with the referral",
                )
        basis, basis_reason = DisclosureBasis.CONSENT, ""
    else:
        names = _names(people)
        missing = (
            f"{names} {'has' if len(people) == 1 else 'have'} not consented to {what}"
            if people
            else f"No one has consented to {what}"
        )
        basis = _basis_without_consent(lawful_basis, basis_reason, missing=missing)
        basis_reason = basis_reason.strip()
    disclosure = Disclosure.objects.create(
        case=case,
        kind=kind,
        recipient=recipient,
        basis=basis,
        basis_reason=basis_reason,
        status=DisclosureStatus.MADE,
        requested_by=actor,
    )
    why = f" ({basis_reason})" if basis_reason else ""
    timeline_add(
        case=case,
        actor=actor,
        kind=TimelineKind.DISCLOSURE,
        description=f"{disclosure.get_kind_display()} ({recipient}): basis "
        f"{disclosure.get_basis_display()}{why}",
    )
    return disclosure


def _reviewable(actor, disclosure: Disclosure) -> Disclosure:
    if not is_lead(actor):
        raise ServiceError("Only the Modern Slavery Lead can review a share")
    disclosure = (
        Disclosure.objects.select_for_update(of=("self",))
        .select_related("share", "agency", "case")
        .get(pk=disclosure.pk)
    )
    if disclosure.consent_withdrawn_on is None or disclosure.share.revoked_at is not None:
        raise ServiceError("This share has already been reviewed")
    return disclosure


@transaction.atomic
def disclosure_keep_without_consent(
    *, actor, disclosure: Disclosure, lawful_basis: str, basis_reason: str
) -> Disclosure:
    """The Lead keeps a share whose consent was withdrawn, on a lawful basis
    without consent, recorded with why on the disclosure, the share and the
    timeline."""
    disclosure = _reviewable(actor, disclosure)
    missing = f"Consent to sharing with {disclosure.agency.name} was withdrawn"
    basis = _basis_without_consent(lawful_basis, basis_reason, missing=missing)
    disclosure.basis = basis
    disclosure.basis_reason = basis_reason.strip()
    disclosure.consent_withdrawn_on = None
    disclosure.decided_by = actor
    disclosure.decided_at = timezone.now()
    disclosure.save()
    CaseShare.objects.filter(pk=disclosure.share_id).update(
        basis=basis, basis_note=disclosure.basis_reason
    )
    timeline_add(
        case=disclosure.case,
        actor=actor,
        kind=TimelineKind.SHARE_FOR_REVIEW,
        description=f"The Lead kept {disclosure.agency.name}'s access after consent was "
        f"withdrawn. Basis: {disclosure.get_basis_display()} ({disclosure.basis_reason})",
    )
    return disclosure


@transaction.atomic
def disclosure_end_after_withdrawal(*, actor, disclosure: Disclosure, reason: str) -> Disclosure:
    """The Lead ends a share whose consent was withdrawn."""
    disclosure = _reviewable(actor, disclosure)
    if not reason.strip():
        raise ServiceError("Enter why the access is ended", field="reason")
    case_share_revoke(actor=actor, share=disclosure.share, reason=reason.strip())
    return disclosure
