"""What the beat tasks run: the daily backup, the weekly drill, and the
email to the administrators when either fails."""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

from core.backups.archive import BackupResult, backup_archives, backup_create, backup_prune
from core.backups.common import BackupError
from core.backups.restore import RestoreResult, backup_drill

logger = logging.getLogger(__name__)

# --- What the beat tasks run --------------------------------------------------------------------


def backup_scheduled() -> BackupResult:
    """The daily backup: one archive into WAYMARK_BACKUP_DIR, then keep the last N."""
    result = backup_create(out_dir=settings.WAYMARK_BACKUP_DIR)
    backup_prune(out_dir=settings.WAYMARK_BACKUP_DIR, keep=settings.WAYMARK_BACKUP_KEEP)
    return result


def backup_drill_latest() -> tuple[Path, RestoreResult]:
    """The weekly drill, on the newest archive in WAYMARK_BACKUP_DIR."""
    archives = backup_archives(settings.WAYMARK_BACKUP_DIR)
    if not archives:
        raise BackupError(f"There is no backup in {settings.WAYMARK_BACKUP_DIR} to drill")
    return archives[-1], backup_drill(archive=archives[-1])


def alert_recipients() -> list[str]:
    """The system administrators' addresses, and WAYMARK_BACKUP_ALERT_EMAILS,
    which still work when the database is what failed."""
    addresses = list(settings.WAYMARK_BACKUP_ALERT_EMAILS)
    with contextlib.suppress(Exception):
        # System administrators are the staff users (accounts.services sets
        # is_staff from the role); the kernel does not import accounts.
        addresses += list(
            get_user_model()
            .objects.filter(is_active=True, is_staff=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    return sorted(set(addresses))


def backup_alert(*, subject: str, body: str) -> int:
    """Email the administrators straight away (not through the outbox: the
    database may be what failed). Returns how many were emailed."""
    from django.core.mail import send_mail

    recipients = alert_recipients()
    if not recipients:
        logger.error("No administrator to tell: %s", subject)
        return 0
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
    except Exception:
        logger.exception("Could not email the administrators: %s", subject)
        return 0
    return len(recipients)
