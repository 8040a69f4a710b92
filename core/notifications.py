"""Emails Waymark sends: one message per recipient, with links to the site.

Emails leave the system, so callers put no personal data in them: a case
reference and a link, never a name (see the README's "Who sees what").

Every email goes through the outbox (core.outbox): ``queue_each`` writes the
messages in the caller's transaction, with the fact they announce (a reminder
stamped, a concern saved); ``send_queued`` sends them after it commits, each
marked sent on its own, so a worker that dies part-way sends each one once.
"""

from django.conf import settings

from core.outbox import email_deliver_pending, email_queue


def site_url(path: str) -> str:
    """An absolute link to a page of this Waymark, for an email."""
    return settings.WAYMARK_SITE_URL.rstrip("/") + path


def queue_each(*, key: str, subject: str, body: str, recipients) -> int:
    """Queue the message for each address on its own, so recipients never see
    each other's addresses. ``key`` names what it is about: a message already
    queued under it for an address is not queued again. Returns how many were
    queued."""
    return email_queue(key=key, subject=subject, body=body, recipients=sorted(set(recipients)))


def send_queued(*, key: str | None = None) -> int:
    """Send what is queued and not yet sent (only under ``key``, if given).
    Call it after the transaction that queued them. Returns how many went."""
    return email_deliver_pending(key=key)
