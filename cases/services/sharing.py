"""Who can see a case: share records and the guardian permissions they grant."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import Agency
from cases.models import Case, CaseShare, ShareKind, TimelineKind
from cases.services.common import timeline_add
from core.dates import long_date
from core.errors import ServiceError

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
    """Give ``agency`` access. A share a person asks for goes through
    governance first (``cases.extensions.share_request``), which checks the
    agreement and the basis and passes ``basis`` here."""
    if not reason.strip():
        raise ServiceError("Enter why you are sharing this case")
    if ends_on is not None and ends_on < timezone.localdate():
        raise ServiceError("The end date must be today or in the future")
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
    return share


@transaction.atomic
def case_share_revoke(*, actor, share: CaseShare, reason: str) -> CaseShare:
    share = CaseShare.objects.select_for_update().get(pk=share.pk)
    if share.revoked_at is not None:
        return share
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
