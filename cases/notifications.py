"""Emails about new concerns. Celery tasks take ids and send no personal data.

Celery discovers tasks in ``tasks.py`` only: cases/tasks.py imports this module.
"""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import ROLE_GROUP_NAMES, Role
from cases.models import Concern, ConcernStatus
from core.notifications import queue_each, send_queued

logger = logging.getLogger(__name__)

NEW_CONCERN_SUBJECT = "A new concern is waiting for triage"
# Used when settings do not name the address people reach Waymark at.
DEFAULT_SITE_URL = "http://localhost:8000"
TRIAGE_PATH_FALLBACK = "/cases/triage/"


def triage_url() -> str:
    try:
        path = reverse("cases:triage_queue")
    except NoReverseMatch:
        path = TRIAGE_PATH_FALLBACK
    site = getattr(settings, "WAYMARK_SITE_URL", DEFAULT_SITE_URL).rstrip("/")
    return f"{site}{path}"


def lead_email_addresses() -> list[str]:
    return list(
        User.objects.filter(is_active=True, groups__name=ROLE_GROUP_NAMES[Role.MODERN_SLAVERY_LEAD])
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def new_concern_message() -> str:
    return (
        "A new concern is waiting for triage in Waymark.\n\n"
        f"Open the triage queue: {triage_url()}\n\n"
        "This email does not contain any details of the concern. Sign in to Waymark "
        "to read it.\n"
    )


@shared_task(name="cases.notify_new_concern", ignore_result=True)
def notify_new_concern(concern_id: int) -> int:
    """Email each Modern Slavery Lead that a concern awaits triage. Returns emails sent.

    Sends once per concern: a concern already announced or already triaged
    sends nothing, so a retried task or the sweep below never repeats an email.
    """
    with transaction.atomic():
        concern = (
            Concern.objects.select_for_update()
            .filter(pk=concern_id, status=ConcernStatus.AWAITING_TRIAGE, lead_notified_at=None)
            .first()
        )
        if concern is None:
            return 0
        queued = _email_leads(concern_id)
        concern.lead_notified_at = timezone.now()
        concern.save(update_fields=["lead_notified_at", "updated_at"])
    # Sent once the stamp is committed, each email marked sent on its own (core.outbox).
    send_queued()
    return queued


# A concern not announced this long after submission was missed by the queue.
SWEEP_GRACE = timedelta(minutes=2)


@shared_task(name="cases.notify_missed_concerns", ignore_result=True)
def notify_missed_concerns() -> int:
    """Announce concerns whose notification never ran (the broker was down)."""
    missed = Concern.objects.filter(
        status=ConcernStatus.AWAITING_TRIAGE,
        lead_notified_at=None,
        submitted_at__lt=timezone.now() - SWEEP_GRACE,
    ).values_list("pk", flat=True)
    return sum(notify_new_concern(concern_id) for concern_id in list(missed))


def _email_leads(concern_id: int) -> int:
    recipients = lead_email_addresses()
    if not recipients:
        logger.warning("No Modern Slavery Lead has an email address to tell of a new concern")
        return 0
    return queue_each(
        key=f"cases.new_concern:{concern_id}",
        subject=NEW_CONCERN_SUBJECT,
        body=new_concern_message(),
        recipients=recipients,
    )
