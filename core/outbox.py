"""The email outbox: queue in the transaction, deliver one message at a time after it.

Sending from inside a transaction and stamping "reminded" in the same one
repeats emails when a worker dies part-way: the messages already handed to the
mail server stay sent, the stamp rolls back, and the retried task sends them
all again. Instead the stamp and the emails are written together
(``email_queue``), and each email is sent and marked sent in a transaction of
its own (``email_deliver_pending``). A retried task, the next beat run, or the
sweep (``core.deliver_email``, every minute) sends only what is still unsent.

The only window left is between the mail server accepting a message and the
row being marked sent (a few milliseconds); a message sent again from that
window carries the same Message-ID, so mail systems can recognise the repeat.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta
from urllib.parse import urlparse

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from core.models import OutboundEmail

logger = logging.getLogger(__name__)

# A message the mail server refused this many times is left for a person to look at.
MAX_ATTEMPTS = 20
# Sent messages are kept this long, to answer "was it sent?", then deleted.
KEEP_SENT = timedelta(days=30)


def email_queue(*, key: str, subject: str, body: str, recipients: Iterable[str]) -> int:
    """Queue one message per recipient, in the caller's transaction. A message
    already queued under this key for a recipient is not queued again.
    Returns how many were queued."""
    queued = 0
    for address in dict.fromkeys(a for a in recipients if a):
        _, created = OutboundEmail.objects.get_or_create(
            key=key[:200], to=address, defaults={"subject": subject[:255], "body": body}
        )
        queued += created
    return queued


def _message_id(email: OutboundEmail) -> str:
    # Stable for the row, so a message sent twice is recognisably the same message.
    domain = urlparse(settings.WAYMARK_SITE_URL).hostname or "waymark.invalid"
    return f"<waymark.{email.pk}.{int(email.created_at.timestamp())}@{domain}>"


def email_deliver_pending(*, key: str | None = None, limit: int | None = None) -> int:
    """Send every queued message not yet sent (only those queued under ``key``,
    if given: a web request sends its own, never a backlog), each marked sent in
    its own transaction. Returns how many were sent. Safe to run in several
    workers at once: a message being sent by one is skipped by the others."""
    pending = OutboundEmail.objects.filter(sent_at=None, attempts__lt=MAX_ATTEMPTS).order_by("pk")
    if key is not None:
        pending = pending.filter(key=key[:200])
    ids = list(pending.values_list("pk", flat=True)[:limit])
    sent = 0
    for pk in ids:
        with transaction.atomic():
            email = (
                OutboundEmail.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, sent_at=None)
                .first()
            )
            if email is None:
                continue
            email.attempts += 1
            try:
                EmailMessage(
                    email.subject,
                    email.body,
                    settings.DEFAULT_FROM_EMAIL,
                    [email.to],
                    headers={"Message-ID": _message_id(email)},
                ).send(fail_silently=False)
            except Exception as error:  # noqa: BLE001 - any refusal is recorded and retried
                email.last_error = f"{type(error).__name__}: {error}"[:2000]
                email.save(update_fields=["attempts", "last_error", "updated_at"])
                logger.warning(
                    "Could not send email %s (attempt %s): %s", pk, email.attempts, error
                )
                continue
            email.sent_at = timezone.now()
            email.save(update_fields=["attempts", "sent_at", "updated_at"])
            sent += 1
    return sent


def email_forget_sent() -> int:
    """Delete sent messages older than KEEP_SENT. Returns how many."""
    deleted, _ = OutboundEmail.objects.filter(sent_at__lt=timezone.now() - KEEP_SENT).delete()
    return deleted
