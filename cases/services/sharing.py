"""Who can see a case: share records and the guardian permissions they grant."""

from datetime import date
from functools import partial

from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import Agency
from cases.models import Case, CaseShare, ShareKind, TimelineKind
from cases.permissions import can_end_share, can_share_case
from cases.services.common import timeline_add
from core.dates import long_date
from core.errors import ServiceError
from core.notifications import queue_each, send_queued, site_url

VIEW_CASE = "cases.view_case"


def _sync_agency_permission(*, case: Case, agency: Agency) -> None:
    """Grant view_case to the agency's group while any share is active; else remove it."""
    active = CaseShare.objects.filter(case=case, agency=agency, revoked_at__isnull=True).exists()
    if active:
        assign_perm(VIEW_CASE, agency.group, case)
    else:
        remove_perm(VIEW_CASE, agency.group, case)


@transaction.atomic
def case_share(
    *,
    actor,
    case: Case,
    agency: Agency,
    reason: str,
    ends_on: date | None = None,
    kind: ShareKind = ShareKind.SHARED,
    basis: str = "",
    basis_note: str = "",
) -> CaseShare:
    """Give ``agency`` access to ``case``. ``actor`` is None only for the
    system itself (imports, fixtures); a person must be allowed to share
    (``can_share_case``). A SERAC window (``kind=SERAC``) is opened by the
    SERAC services, which check their own rules. A share a person asks for goes
    through governance first (``cases.extensions.share_request``), which checks
    the agreement and the basis and passes ``basis`` here."""
    if actor is not None and kind != ShareKind.SERAC and not can_share_case(actor, case):
        raise ServiceError("You cannot share this case")
    if not reason.strip():
        raise ServiceError("Enter why you are sharing this case")
    if ends_on is not None and ends_on < timezone.localdate():
        raise ServiceError("The end date must be today or in the future")
    if kind != ShareKind.SERAC and (
        CaseShare.objects.filter(case=case, agency=agency, revoked_at__isnull=True)
        .exclude(kind=ShareKind.SERAC)
        .exists()
    ):
        raise ServiceError(f"{agency.name} already has access to this case")
    share = CaseShare.objects.create(
        case=case,
        agency=agency,
        kind=kind,
        reason=reason,
        ends_on=ends_on,
        shared_by=actor,
        basis=basis,
        basis_note=basis_note,
    )
    _sync_agency_permission(case=case, agency=agency)
    until = f" until {long_date(ends_on)}" if ends_on else ""
    description = (
        f"{share.get_kind_display()}: access given to {agency.name}{until}. Reason: {reason}"
    )
    if basis:
        why = f" ({basis_note.strip()})" if basis_note.strip() else ""
        description = f"{description.rstrip('.')}. Basis: {share.get_basis_display()}{why}"
    timeline_add(case=case, actor=actor, kind=TimelineKind.SHARED, description=description)
    if kind != ShareKind.SERAC and actor is not None:
        _tell_the_lead(actor=actor, share=share, what="shared with another agency")
    return share


def _tell_the_lead(*, actor, share: CaseShare, what: str) -> None:
    """Email each Modern Slavery Lead (but the one who acted) that access to a
    case changed: the reference and a link, never a name or the reason.
    Only for what a person did: SERAC windows are announced by the
    circulation, and planned ends and Waymark's own shares are on the timeline."""
    from cases.notifications import lead_email_addresses

    recipients = [
        address for address in lead_email_addresses() if address != getattr(actor, "email", None)
    ]
    key = f"cases.share.{'ended' if share.revoked_at else 'given'}:{share.pk}"
    body = (
        f"Case {share.case.reference} was {what} in Waymark.\n\n"
        f"See who has access and why: {site_url(share.case.get_absolute_url())}#sharing\n\n"
        "This email does not contain any details of the case. Sign in to Waymark to read it.\n"
    )
    if queue_each(
        key=key,
        subject=f"Access to case {share.case.reference} changed",
        body=body,
        recipients=recipients,
    ):
        transaction.on_commit(partial(send_queued, key=key), robust=True)


@transaction.atomic
def case_share_revoke(*, actor, share: CaseShare, reason: str) -> CaseShare:
    share = CaseShare.objects.select_for_update().select_related("case", "agency").get(pk=share.pk)
    if share.revoked_at is not None:
        return share
    if actor is not None and not can_end_share(actor, share):
        raise ServiceError("You cannot end this agency's access")
    share.revoked_at = timezone.now()
    share.revoked_by = actor
    share.revoke_reason = reason
    share.save(update_fields=["revoked_at", "revoked_by", "revoke_reason", "updated_at"])
    _sync_agency_permission(case=share.case, agency=share.agency)
    timeline_add(
        case=share.case,
        actor=actor,
        kind=TimelineKind.SHARE_REVOKED,
        description=f"Access for {share.agency.name} ended. Reason: {reason}",
    )
    if share.kind != ShareKind.SERAC and actor is not None:
        _tell_the_lead(actor=actor, share=share, what="no longer shared with one agency")
    return share


def case_share_end_expired(*, today: date | None = None) -> int:
    """End every share whose last day has passed. Safe to run again. Returns how many."""
    today = today or timezone.localdate()
    ended = 0
    expired_ids = list(
        CaseShare.objects.filter(revoked_at__isnull=True, ends_on__lt=today).values_list(
            "pk", flat=True
        )
    )
    for share_id in expired_ids:
        with transaction.atomic():
            share = CaseShare.objects.select_for_update().get(pk=share_id)
            if share.revoked_at is not None:
                continue
            share.revoked_at = timezone.now()
            share.revoke_reason = f"Access ended on {long_date(share.ends_on)} as planned"
            share.save(update_fields=["revoked_at", "revoke_reason", "updated_at"])
            _sync_agency_permission(case=share.case, agency=share.agency)
            timeline_add(
                case=share.case,
                actor=None,
                kind=TimelineKind.SHARE_EXPIRED,
                description=f"Access for {share.agency.name} ended: {share.revoke_reason}",
            )
            ended += 1
    return ended
