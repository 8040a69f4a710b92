"""Emails Waymark sends: one message per recipient, with links to the site.

Emails leave the system, so callers put no personal data in them: a case
reference and a link, never a name (see the README's "Who sees what").
"""

from django.conf import settings
from django.core.mail import send_mass_mail


def site_url(path: str) -> str:
    """An absolute link to a page of this Waymark, for an email."""
    return settings.WAYMARK_SITE_URL.rstrip("/") + path


def send_each(subject: str, body: str, recipients) -> int:
    """Send the message to each address on its own, so recipients never see
    each other's addresses. Duplicates are sent once. Returns how many went."""
    addresses = sorted(set(recipients))
    if not addresses:
        return 0
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in addresses]
    return send_mass_mail(messages, fail_silently=False)
