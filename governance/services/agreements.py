"""The register of information-sharing agreements (ISAs) and their expiry warnings."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Agency, User
from accounts.roles import ROLE_GROUP_NAMES, Role
from cases.notifications import lead_email_addresses
from cases.services.documents import document_check
from core.errors import ServiceError
from core.notifications import queue_each, send_queued, site_url
from governance.models import SharingAgreement
from governance.selectors import may_see_agreements

logger = logging.getLogger(__name__)

# How long before an agreement expires its warning is sent.
WARN_DAYS = 30


def agreement_add(
    *,
    actor,
    agency: Agency,
    signed_on: date,
    expires_on: date,
    signatory: str,
    uploaded_file=None,
) -> SharingAgreement:
    """Record a signed agreement. The document is checked and stored as case
    documents are (private storage, a random name, no metadata): the file is
    written first and the row after it, and a failed row deletes the file."""
    if not may_see_agreements(actor):
        raise ServiceError("Only the Modern Slavery Lead or an administrator can record agreements")
    if signed_on is None:
        raise ServiceError("Enter the date the agreement was signed", field="signed_on")
    if expires_on is None:
        raise ServiceError("Enter the date the agreement expires", field="expires_on")
    if expires_on < signed_on:
        raise ServiceError(
            "The expiry date must be on or after the date it was signed", field="expires_on"
        )
    if not signatory.strip():
        raise ServiceError("Enter who signed the agreement for the agency", field="signatory")
    agreement = SharingAgreement(
        agency=agency,
        signed_on=signed_on,
        expires_on=expires_on,
        signatory=signatory.strip(),
        recorded_by=actor,
    )
    if uploaded_file is not None:
        checked = document_check(uploaded_file)
        agreement.document_name = checked.name
        agreement.content_type = checked.content_type
        agreement.document.save(
            str(agreement.storage_name), ContentFile(checked.content), save=False
        )
    try:
        with transaction.atomic():
            agreement.save()
    except BaseException:
        if agreement.document:
            agreement.document.delete(save=False)
        raise
    return agreement


def _safeguarding_leads(agency: Agency) -> list[str]:
    return list(
        User.objects.filter(
            is_active=True, agency=agency, groups__name=ROLE_GROUP_NAMES[Role.AGENCY_LEAD]
        )
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def agreement_warn_expiring(*, today: date | None = None) -> int:
    """Email the Lead and the agency's safeguarding lead once, 30 days (or
    fewer, if the task was down) before an agreement expires. Safe to run
    again: each agreement is stamped in the transaction that queues its emails.
    Returns how many agreements were warned about."""
    today = today or timezone.localdate()
    due = SharingAgreement.objects.filter(
        expiry_warned_at__isnull=True,
        expires_on__gte=today,
        expires_on__lte=today + timedelta(days=WARN_DAYS),
    ).values_list("pk", flat=True)
    warned = 0
    for agreement_id in list(due):
        with transaction.atomic():
            agreement = (
                SharingAgreement.objects.select_for_update()
                .select_related("agency")
                .filter(pk=agreement_id, expiry_warned_at__isnull=True)
                .first()
            )
            if agreement is None:
                continue
            # A newer agreement already covers the time after this one: no warning needed.
            renewed = SharingAgreement.objects.filter(
                agency=agreement.agency, expires_on__gt=agreement.expires_on
            ).exists()
            if not renewed:
                queue_each(
                    key=f"governance.agreement_expiry:{agreement.pk}",
                    subject="An information-sharing agreement expires in 30 days",
                    body=(
                        f"The information-sharing agreement with {agreement.agency.name} "
                        f"expires on {agreement.expires_on:%-d %B %Y}. After that, no new case "
                        "can be shared with the agency until a new agreement is recorded.\n\n"
                        f"The register: {site_url(reverse('governance:agreements'))}\n"
                    ),
                    recipients=lead_email_addresses() + _safeguarding_leads(agreement.agency),
                )
            agreement.expiry_warned_at = timezone.now()
            agreement.save(update_fields=["expiry_warned_at", "updated_at"])
            warned += 1
    send_queued()
    return warned
